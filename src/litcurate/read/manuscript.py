"""Read a review converted from PDF to Markdown into sections, paragraphs, tables and entries.

The conversion leaves page-break artefacts: a paragraph cut mid-sentence continues in the
next block, a reference entry continues on a bullet line with no number, and an emphasis
marker can lose its opening half at the break. `read` repairs these and nothing else: the
text is otherwise kept as written, with the line each piece started on.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ManuscriptError
from ..text import is_wide as is_cjk
from ..text import join_fragments, strip_tags
from . import listfind

MAX_BYTES = 20 * 1024 * 1024  # a review is < 1 MB; 20 MB is a clear, documented ceiling

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^\s*[-*+]\s+")
TABLE_CONTINUED = re.compile(
    r"^(?:续表|續表|表\s*\d+\s*[(（]?续[)）]?|(?:table\s*\d+\s*)?\(?continued\)?)$", re.I
)
CAPTION = re.compile(r"^\**\s*(?:table|表)\s*\d+", re.IGNORECASE)
# Where a paragraph may end; a block that ends otherwise was cut by a page break.
TERMINAL = set("。！？.!?:：；;…")
CLOSERS = set("”’\"')）」』】*")
# A block cut by a page break fills whole lines; short blocks (author lines, affiliations,
# keywords) end without punctuation by nature. Measured in display columns, tags stripped.
MIN_CUT_WIDTH = 100


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    section: int  # index into Manuscript.sections, -1 before the first heading
    text: str
    line: int
    kind: str = "paragraph"  # or "caption"


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Table:
    section: int
    caption: str
    line: int
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Entry:
    """One reference-list entry, continuation lines joined, markup kept for the parser.

    `text` is the entry as printed, its label (`[1]`, `1.`) included; `translation` is an
    English rendering printed after a CJK entry, kept apart so it is not read into it.
    """

    number: int | None
    text: str
    line: int
    label: str = ""
    translation: str = ""


@dataclass(frozen=True)
class Manuscript:
    path: str
    title: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]
    entries: tuple[Entry, ...]
    references_line: int
    line_count: int = 0
    repairs: tuple[str, ...] = field(default_factory=tuple)
    list_problems: tuple[str, ...] = field(default_factory=tuple)

    def section_title(self, index: int) -> str:
        return self.sections[index].title if 0 <= index < len(self.sections) else ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Manuscript:
        return cls(
            path=data["path"],
            title=data["title"],
            sections=tuple(Section(**s) for s in data["sections"]),
            paragraphs=tuple(Paragraph(**p) for p in data["paragraphs"]),
            tables=tuple(
                Table(
                    section=t["section"],
                    caption=t["caption"],
                    line=t["line"],
                    rows=tuple(TableRow(tuple(r["cells"]), r["line"]) for r in t["rows"]),
                )
                for t in data["tables"]
            ),
            entries=tuple(Entry(**e) for e in data["entries"]),
            references_line=data["references_line"],
            line_count=data.get("line_count", 0),
            repairs=tuple(data.get("repairs", ())),
            list_problems=tuple(data.get("list_problems", ())),
        )


def read(path: str | Path, display: str | None = None) -> Manuscript:
    """Read and check a manuscript file; raise ManuscriptError naming file and line."""
    name = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ManuscriptError(name, None, f"cannot read the manuscript ({exc.strerror})") from None
    return parse(decode(data, name), name)


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ManuscriptError(
            name, None, f"manuscript is {len(data):,} bytes; the limit is {MAX_BYTES:,}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ManuscriptError(
            name, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise ManuscriptError(name, text.count("\n", 0, nul) + 1, "NUL byte in a text file")
    if not text.strip():
        raise ManuscriptError(name, 1, "manuscript is empty")
    return text


def parse(text: str, name: str = "<manuscript>") -> Manuscript:
    lines = text.split("\n")
    built = _Builder()
    for block_start, block in _blocks(lines):
        built.add(block, block_start)
    references_line, entries, problems = _reference_list(built.lists, built.repairs)
    if not entries:
        references_line, entries, problems = _entries_without_heading(lines, built.repairs)
    if not entries:
        raise ManuscriptError(
            name,
            len(lines),
            "no reference list found (expected a heading such as 'References' or "
            "'参考文献' followed by entries such as '[1] …' or 'Smith J (2020) …')",
        )
    title = next((s.title for s in built.sections if s.level == 1), "") or _plain(
        next(ln for ln in lines if ln.strip())
    )
    return Manuscript(
        path=name,
        title=title,
        sections=tuple(built.sections),
        paragraphs=tuple(built.paragraphs),
        tables=tuple(built.tables),
        entries=tuple(entries),
        references_line=references_line,
        line_count=len(lines),
        repairs=tuple(built.repairs),
        list_problems=tuple(problems),
    )


def _blocks(lines: list[str]):
    """Runs of non-blank lines, each with its 1-based first line number; headings stand alone."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if block:
                yield start, block
            block = []
            continue
        if HEADING.match(line) and block:
            yield start, block
            block = []
        if not block:
            start = number
        block.append(line.rstrip())
        if HEADING.match(line):
            yield start, block
            block = []
    if block:
        yield start, block


class _Builder:
    """Takes blocks in reading order; knows the current section and whether it is the list."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        self.lists: list[tuple[int, list[tuple[int, str]]]] = []  # (heading line, lines)
        self.repairs: list[str] = []
        self.in_references = False
        self.last_block = ""

    def add(self, block: list[str], start: int) -> None:
        heading = HEADING.match(block[0])
        if heading or (len(block) == 1 and listfind.is_heading(block[0])):
            title = _plain(heading.group(2) if heading else block[0])
            level = len(heading.group(1)) if heading else 2
            self.sections.append(Section(level, title, start))
            self.in_references = listfind.is_heading(title)
            if self.in_references:
                self.lists.append((start, []))
            self.last_block = ""
            return
        section = len(self.sections) - 1
        if self.in_references:
            self.lists[-1][1].extend([*((start + i, ln) for i, ln in enumerate(block)),
                                      (start + len(block), "")])
        elif all("\t" in ln for ln in block):
            self._add_table(block, start, section)
            self.last_block = ""
        else:
            self._add_paragraph(block, start, section)

    def _add_paragraph(self, block: list[str], start: int, section: int) -> None:
        text = _join_lines(block)
        kind = "caption" if CAPTION.match(text) else "paragraph"
        previous = self.paragraphs[-1] if self.paragraphs else None
        if (
            previous is not None
            and previous.section == section
            and previous.kind == kind == "paragraph"
            and not text.startswith("<")  # "<sup>1</sup>Affiliation…" starts a line of its own
            and not _new_english_sentence(previous.text, text)
            and not TABLE_CONTINUED.match(text)
            and _width(self.last_block) >= MIN_CUT_WIDTH
            and _cut_mid_sentence(previous.text)
        ):
            merged = join_fragments(previous.text, text)
            self.repairs.append(f"line {start}: paragraph continued from line {previous.line}")
            self.paragraphs[-1] = Paragraph(section, merged, previous.line, previous.kind)
        else:
            self.paragraphs.append(Paragraph(section, text, start, kind))
        self.last_block = text

    def _add_table(self, block: list[str], start: int, section: int) -> None:
        rows = tuple(
            TableRow(tuple(cell.strip() for cell in ln.split("\t")), start + i)
            for i, ln in enumerate(block)
        )
        previous = self.paragraphs[-1] if self.paragraphs else None
        if self.tables and previous is not None and TABLE_CONTINUED.match(previous.text):
            # "续表" / "(continued)": the rows belong to the table before the marker
            self.paragraphs.pop()
            last = self.tables[-1]
            self.tables[-1] = Table(last.section, last.caption, last.line, last.rows + rows)
            return
        caption = previous.text if previous is not None and previous.kind == "caption" else ""
        self.tables.append(Table(section, caption, start, rows))


def _reference_list(lists, repairs) -> tuple[int, list[Entry], list[str]]:
    """The last references section that holds entries (a contents page may name one too)."""
    for heading_line, lines in reversed(lists):
        entries, problems = _entries(lines, repairs)
        if entries:
            return heading_line, entries, problems
    return 0, [], []


def _entries(lines, repairs) -> tuple[list[Entry], list[str]]:
    found, problems, joined = listfind.split(lines)
    repairs.extend(joined)
    entries = [
        Entry(item.number, f"{item.label} {item.text}".strip() if item.label else item.text,
              item.line, item.label, item.translation)
        for item in found
    ]
    return entries, problems


def _entries_without_heading(lines: list[str], repairs) -> tuple[int, list[Entry], list[str]]:
    """No references heading: take the run of entries that starts at the last `[1]` or `1.`."""
    first = None
    for number, line in enumerate(lines, 1):
        for form in ("bracket", "dot"):
            match = listfind.FORMS[form].match(line)
            if match and match.group(1) == "1":
                first = number
    if first is None:
        return 0, [], []
    section: list[tuple[int, str]] = []
    for number, line in enumerate(lines[first - 1:], first):
        if HEADING.match(line):
            break
        section.append((number, line))
    entries, problems = _entries(section, repairs)
    return first, entries, problems


def _join_lines(block: list[str]) -> str:
    text = block[0].strip()
    for line in block[1:]:
        text = join_fragments(text, line.strip())
    return text


def _width(text: str) -> int:
    plain = strip_tags(text)
    return sum(2 if is_cjk(c) else 1 for c in plain)


def _new_english_sentence(previous: str, text: str) -> bool:
    """Latin text followed by a capitalised word ("…Precision Medicine" / "Copyright …")."""
    return bool(re.search(r"[A-Za-z]$", previous.rstrip()) and re.match(r"[A-Z][a-z]", text))


def _cut_mid_sentence(text: str) -> bool:
    stripped = text.rstrip()
    end = stripped.rstrip("".join(CLOSERS))
    return not end or end[-1] not in TERMINAL


def _plain(text: str) -> str:
    """Heading text without Markdown emphasis."""
    return re.sub(r"[*_]{1,3}", "", text).strip()
