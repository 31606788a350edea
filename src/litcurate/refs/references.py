"""Parse reference-list entries into records, whatever the house style.

Each entry is labelled token by token by a CRF trained on references printed in many
styles (`refs/`), then read into fields; DOIs, PMIDs, PMCIDs and URLs are read by their
exact shapes. Values are kept as the manuscript gives them; only markup is removed. The
model's confidence decides how far a reference is trusted: `parsed`, `uncertain` (kept,
reported as `reference_uncertain`, and no field check runs on what it may have misread) or
`unparsed` (raw text kept, `reference_unparsed`, no check at all).
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field

from ..read.manuscript import Entry
from ..text import readable, scripts_as_text
from .fields import normalise_doi

MAX_ENTRY_CHARS = 5000  # a real entry is < 1,000 characters; longer ones are not parsed
# Below CONFIDENT a reference is uncertain; below READABLE (or with no title, or with neither
# authors nor a container) it is unparsed. Chosen on the corpus's development articles.
CONFIDENT = 0.80
READABLE = 0.50

DOI_SYNTAX = re.compile(r"^10\.\d{4,9}/\S+$")
# Fields the parser's reading and the Reference share by name.
SAME_FIELDS = ("et_al", "year", "title", "volume", "issue", "pages", "article_number", "doi",
               "type", "edition", "publisher", "place", "pmid", "pmcid", "url", "accessed",
               "note")
LABEL = re.compile(r"^\s*(?:[-*+]\s+)?(?:\[\s*\d+\s*\]|［\s*\d+\s*］|\d+\.)\s*")


@dataclass(frozen=True)
class Author:
    family: str  # for a group author, the group's whole name
    initials: str = ""
    group: bool = False

    def display(self) -> str:
        return f"{self.family}, {self.initials}" if self.initials else self.family


@dataclass(frozen=True)
class Reference:
    n: int | None
    raw: str
    line: int
    style: str = "unknown"
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    year: str = ""
    title: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    article_number: str = ""
    doi: str = ""
    problems: tuple[str, ...] = field(default_factory=tuple)
    type: str = "other"
    editors: tuple[Author, ...] = ()
    edition: str = ""
    publisher: str = ""
    place: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    accessed: str = ""
    note: str = ""
    translation: str = ""
    confidence: float = 0.0
    reading: str = "unparsed"  # parsed, uncertain or unparsed
    # where the fields came from when not from the typed text: `reference manager` (Word
    # field codes) or `bibtex` (a LaTeX manuscript's .bib); see lookup/embedded.py
    metadata_source: str = ""

    @property
    def parsed(self) -> bool:
        """Read well enough that its fields may be checked against anything."""
        return self.reading == "parsed"

    @property
    def group_authors(self) -> tuple[str, ...]:
        return tuple(a.family for a in self.authors if a.group)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Reference:
        data = dict(data)
        data["authors"] = tuple(Author(**a) for a in data["authors"])
        data["editors"] = tuple(Author(**a) for a in data.get("editors", ()))
        data["problems"] = tuple(data["problems"])
        return cls(**data)


def parse(entry: Entry) -> Reference:
    """Parse one entry; never raises on its content."""
    from . import crf, features, fields, tokens

    raw = entry.text
    body = raw[len(entry.label):].strip() if entry.label and raw.startswith(entry.label) else (
        LABEL.sub("", raw, count=1))
    base = dict(n=entry.number, raw=raw, line=entry.line, translation=entry.translation,
                style=detect_style(body))
    if len(body) > MAX_ENTRY_CHARS:
        return Reference(**base, problems=(
            f"entry is {len(body):,} characters long; not parsed",))
    plain = tokens.strip_markup(scripts_as_text(body))  # CO<sub>2</sub> → CO₂
    toks = tokens.tokenize(plain)
    labels, confidence = crf.label(features.sequence_features(toks))
    got = fields.read_fields(plain.text, toks, labels)
    problems: list[str] = []
    doi_written = _doi_as_written(plain.text)
    if doi_written and not DOI_SYNTAX.match(got.doi or ""):
        problems.append(f"malformed DOI {doi_written!r}")
        got.doi = normalise_doi(doi_written)  # kept as written, so the editor sees it
    reading = _reading(got, confidence)
    if reading == "unparsed":
        problems.append("the parser could not read this entry's fields with confidence "
                        f"({confidence:.2f})")
    same = {name: getattr(got, name) for name in SAME_FIELDS}
    return Reference(
        **base,
        **same,
        authors=_authors(got.authors),
        editors=_authors(got.editors),
        journal=got.container,
        problems=tuple(problems),
        confidence=round(confidence, 3),
        reading=reading,
    )


def _authors(names) -> tuple[Author, ...]:
    return tuple(Author(n.family, n.initials, n.group) for n in names)


def _reading(got, confidence: float) -> str:
    if confidence < READABLE or not got.title or not (got.authors or got.container):
        return "unparsed"
    return "parsed" if confidence >= CONFIDENT else "uncertain"


def _doi_as_written(text: str) -> str:
    match = re.search(r"\bdoi\s*[:：]?\s*(\S+)|https?://(?:dx\.)?doi\.org/(\S+)", text, re.I)
    if not match:
        return ""
    return (match.group(1) or match.group(2)).rstrip(".,;>)")


def parse_all(entries) -> list[Reference]:
    return [parse(e) for e in entries]


def detect_style(body: str) -> str:
    """The family of style an entry is printed in, for the editor's information only."""
    if re.search(r"\[[A-Z]{1,2}(?:/OL)?\]", body):
        return "gbt7714"
    if re.search(r"\(\d{4}[a-z]?\)", body[:600]):
        return "author-year"
    if re.search(r"\b\d{4}(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;", body):
        return "vancouver"
    if re.match(r"^[^()]{3,400}?[,.]\s*(?:19|20)\d\d[a-z]?[.,]", body):
        return "author-year"
    return "other"


def clean(text: str) -> str:
    """Markdown and HTML removed, as a reader sees it: `mSiO<sub>2</sub>` → `mSiO2`."""
    text = readable(text, inline_only=True)  # `CO<sub>2</sub>` → `CO₂`, `$\\gamma$` → `γ`
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|])", r"\1", text)
    text = text.replace("**", "").replace("*", "")
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


