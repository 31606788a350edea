"""Read a manuscript in whatever format the editor received it: Markdown, Word, PDF, LaTeX.

Each format is turned into Markdown first (`docx`, `pdf`, `latex`), and that text is what
`manuscript.parse` reads and what is written to results/ID/manuscript.md, so the line numbers
in every finding point into a file the editor can open and see exactly what was read. What
the file knew beyond its text (reference-manager field codes in Word, the `.bib` of a LaTeX
manuscript) travels beside it as `Converted.items`: CSL-JSON metadata per reference.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ManuscriptError
from . import detect, manuscript


@dataclass(frozen=True)
class Item:
    """Metadata a file holds for one reference: CSL-JSON, where it came from, which entry.

    `entry` is the index into Manuscript.entries it belongs to (-1 when no entry matched);
    `source` names the holder (`reference manager`, `bibtex`); `tool` the program (Zotero,
    Mendeley, EndNote, BibTeX) and `key` its id for the item there.
    """

    csl: dict
    source: str
    tool: str
    key: str = ""
    entry: int = -1

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Item:
        return cls(**data)


@dataclass(frozen=True)
class Converted:
    format: str
    markdown: str
    notes: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    problems: tuple[dict, ...] = field(default_factory=tuple)  # finding dicts (code, message)

    def to_dict(self) -> dict:
        return {"format": self.format, "notes": list(self.notes),
                "items": [i.to_dict() for i in self.items], "problems": list(self.problems)}


def read(path: str | Path, display: str | None = None) -> tuple[manuscript.Manuscript, Converted]:
    """The manuscript and how it was converted; ManuscriptError naming the file otherwise."""
    name = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ManuscriptError(name, None, f"cannot read the manuscript ({exc.strerror})") from None
    if len(data) > manuscript.MAX_BYTES * 5:  # a Word file or PDF with figures is larger
        raise ManuscriptError(name, None, f"manuscript is {len(data):,} bytes; the limit is "
                              f"{manuscript.MAX_BYTES * 5:,}")
    kind = detect.detect(data, name)
    converted = convert(kind, Path(path), data, name)
    text = manuscript.parse(converted.markdown, name)
    return text, _matched(converted, text)


def convert(kind: str, path: Path, data: bytes, name: str) -> Converted:
    if kind == detect.MARKDOWN:
        return Converted(kind, manuscript.decode(data, name))  # its size limit, UTF-8, NUL
    if kind == detect.DOCX:
        from . import docx, fieldcodes

        text, notes = docx.to_markdown(path, name)
        items = fieldcodes.read(path)
        if items:
            tools = sorted({i.tool for i in items})
            notes.append(f"{len(items)} references read from {', '.join(tools)} field codes")
        return Converted(kind, text, tuple(notes), tuple(items))
    if kind == detect.PDF:
        from . import pdf

        text, notes = pdf.to_markdown(path, name)
        return Converted(kind, text, tuple(notes))
    from . import latex

    result = latex.to_markdown(path, data, name)
    return Converted(kind, result.markdown, tuple(result.notes), tuple(result.items),
                     tuple(result.problems))


def _matched(converted: Converted, text: manuscript.Manuscript) -> Converted:
    """Field-code items tied to the list entries they describe (LaTeX items already are)."""
    if converted.format != detect.DOCX or not converted.items:
        return converted
    from . import fieldcodes

    items = fieldcodes.match(converted.items, text.entries)
    return Converted(converted.format, converted.markdown, converted.notes, tuple(items),
                     converted.problems)
