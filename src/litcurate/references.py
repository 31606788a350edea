"""Parse numbered reference-list entries into records, whatever the house style.

Three numbered styles are read: the APA-like author–year style many journals use
(`[3] Sato, A., Hatta, Y., et al. (2023) Title. *Journal*, **10**, e419-e432. <doi>`),
Vancouver/NLM (`1. Dunsmore KP, Winter SS, et al. Title. J Clin Oncol. 2020;38(28):3282-3293.
doi:…`) and GB/T 7714 (`[1] 刘子贤, 李莹. 标题[J]. 期刊, 2026, 5(3): 240-252. DOI: …`).
Values are kept exactly as the manuscript gives them; only markup is removed. An entry no
style can read keeps its raw text and says why in `problems`.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field

from .manuscript import Entry
from .text import IDEOGRAPHS, readable

MAX_ENTRY_CHARS = 5000  # a real entry is < 1,000 characters; longer ones are not parsed

DOI_SYNTAX = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_CHARS = r"[^\s<>\]\"]+"
# Forms a DOI is written in, most specific first. Markdown link targets may hold (…).
DOI_FORMS = (
    re.compile(r"\[[^\]]{0,300}\]\((?P<url>(?:[^()\s]|\([^()\s]{0,50}\)){1,300})\)"),
    re.compile(r"<(?P<url>https?://[^>\s]{1,300})>"),
    re.compile(r"(?P<url>https?://(?:dx\.)?doi\.org/" + _DOI_CHARS + ")", re.I),
    re.compile(r"\bdoi\s*[:：]\s*(?P<doi>" + _DOI_CHARS + ")", re.I),
)
DOI_IN_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(?P<doi>.+)$", re.I)
ET_AL = re.compile(r"[,，]?\s*(?:\*?et\s+al\.?\*?|等\.?)\s*$", re.I)

APA_HEAD = re.compile(
    r"^(?P<authors>[^()]{1,2000}?)\s*\((?P<year>\d{4})[a-z]?\)\.?\s+(?P<rest>.+)$", re.S
)
APA_AUTHOR = re.compile(
    r"\s*(?P<family>[^,;]{1,80}?),\s*(?P<initials>(?:[A-Z][a-zA-Z]?\.?\s?-?){1,6})\s*(?:,|;|$)"
)
ITALIC = re.compile(r"(?<![*\\])\*(?!\*)(?P<text>[^*]{1,300}?)(?<![*\\])\*(?!\*)")
TAIL = re.compile(
    r"^[,.\s]*(?P<volume>[^,()]{1,30}?)?\s*(?:\((?P<issue>[^)]{1,30})\))?\s*"
    r"(?:[,:]\s*(?P<loc>[^,]{1,60}?))?\s*\.?\s*$"
)
ARTICLE_NUMBER = re.compile(r"^(?:article\s*(?:no\.?|number|id)\s*[:.]?\s*)(?P<num>\S+)$", re.I)
E_LOCATOR = re.compile(r"^e\d+$", re.I)

VANCOUVER = re.compile(
    r"^(?P<authors>.{1,2000}?)\.\s+(?P<title>.{1,1000}?[.?!])\s+(?P<journal>[^.;]{1,200}?)\.\s+"
    r"(?P<year>\d{4})(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*(?P<volume>[^(:;.]{1,30}?)?\s*"
    r"(?:\((?P<issue>[^)]{1,30})\))?\s*(?::\s*(?P<loc>[^\s;]{1,60}?))?\s*\.?\s*$"
)
NAME_INITIALS = re.compile(r"^(?P<family>.{1,80}?)\s+(?P<initials>[A-Z]{1,4})$")

GBT = re.compile(
    r"^(?P<authors>.{1,2000}?)[.．]\s*(?P<title>.{1,1000}?)\[(?P<type>[A-Z]{1,2}(?:/OL)?)\][.．]?\s*"
    r"(?P<journal>[^,，]{1,200}?)\s*[,，]\s*(?P<year>\d{4})\s*"
    r"(?:[,，]\s*(?P<volume>[^(（:：,，]{1,30}?))?\s*(?:[(（](?P<issue>[^)）]{1,30})[)）])?\s*"
    r"(?:[:：]\s*(?P<loc>[^\s,，]{1,60}?))?\s*[.．]?\s*$"
)
CJK_NAME = re.compile(rf"^[{IDEOGRAPHS}·]{{1,8}}$")


@dataclass(frozen=True)
class Author:
    family: str
    initials: str = ""

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

    @property
    def parsed(self) -> bool:
        return self.style != "unknown"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Reference:
        data = dict(data)
        data["authors"] = tuple(Author(**a) for a in data["authors"])
        data["problems"] = tuple(data["problems"])
        return cls(**data)


def parse(entry: Entry) -> Reference:
    """Parse one entry; never raises on its content."""
    raw = entry.text
    body = _strip_number(raw)
    if len(body) > MAX_ENTRY_CHARS:
        return Reference(entry.number, raw, entry.line,
                         problems=(f"entry is {len(body):,} characters long; not parsed",))
    doi_text, doi, body = _take_doi(body)
    problems: list[str] = []
    if doi and not DOI_SYNTAX.match(doi):
        problems.append(f"malformed DOI {doi_text!r}")
    fields = None
    for style in _styles_to_try(body):
        fields = PARSERS[style](body)
        if fields is not None:
            fields["style"] = style
            break
    if fields is None:
        return Reference(entry.number, raw, entry.line, doi=doi,
                         problems=(*problems, "no known reference style matches this entry"))
    return Reference(entry.number, raw, entry.line, doi=doi, problems=tuple(problems), **fields)


def parse_all(entries) -> list[Reference]:
    return [parse(e) for e in entries]


def detect_style(body: str) -> str:
    if re.search(r"\[[A-Z]{1,2}(?:/OL)?\]", body):
        return "gbt7714"
    if re.search(r"\(\d{4}[a-z]?\)", body[:600]):
        return "apa"
    if re.search(r"\b\d{4}(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;", body):
        return "vancouver"
    return "unknown"


def _styles_to_try(body: str) -> list[str]:
    first = detect_style(body)
    order = ["apa", "vancouver", "gbt7714"]
    return ([first] if first in order else []) + [s for s in order if s != first]


def _strip_number(text: str) -> str:
    return re.sub(r"^\s*(?:[-*+]\s+)?(?:\[\s*\d+\s*\]|［\s*\d+\s*］|\d+\.)\s*", "", text, count=1)


def _take_doi(body: str) -> tuple[str, str, str]:
    """(as written, normalised DOI, body without it)."""
    for form in DOI_FORMS:
        for match in form.finditer(body):
            value = match.groupdict().get("doi") or ""
            url = match.groupdict().get("url")
            if url:
                in_url = DOI_IN_URL.match(url.replace("\\", ""))
                if not in_url:
                    continue
                value = in_url.group("doi")
            written = match.group(0)
            doi = normalise_doi(value)
            rest = (body[: match.start()] + body[match.end():]).strip()
            return written, doi, rest
    return "", "", body


def normalise_doi(value: str) -> str:
    """Lower case, no resolver prefix, no Markdown escapes, no trailing punctuation."""
    value = value.replace("\\", "").strip()
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*:\s*)", "", value, flags=re.I)
    value = value.rstrip(".,;")
    if value.endswith(")") and value.count("(") < value.count(")"):
        value = value[:-1]
    return value.lower()


def clean(text: str) -> str:
    """Markdown and HTML removed, as a reader sees it: `mSiO<sub>2</sub>` → `mSiO2`."""
    text = readable(text, inline_only=True)  # `CO<sub>2</sub>` → `CO₂`, `$\\gamma$` → `γ`
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|])", r"\1", text)
    text = text.replace("**", "").replace("*", "")
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def _authors_et_al(text: str) -> tuple[str, bool]:
    text = text.strip().rstrip(",，")
    match = ET_AL.search(text)
    if match:
        return text[: match.start()].strip().rstrip(",，"), True
    return text, False


def _parse_apa(body: str) -> dict | None:
    head = APA_HEAD.match(body)
    if not head:
        return None
    author_text, et_al = _authors_et_al(head.group("authors"))
    author_text = re.sub(r",?\s+(?:and|&)\s+", ", ", author_text)
    authors, pos = [], 0
    while pos < len(author_text):
        match = APA_AUTHOR.match(author_text, pos)
        if not match or match.end() == pos:
            return None
        initials = match.group("initials").replace(" ", "")
        authors.append(Author(clean(match.group("family")), initials))
        pos = match.end()
    rest = head.group("rest").strip()
    spans = [m for m in ITALIC.finditer(rest) if not re.fullmatch(r"et al\.?", m.group("text"))]
    if not spans or not authors:
        return None
    journal_span = spans[-1]
    title = clean(rest[: journal_span.start()]).rstrip(". ")
    tail = TAIL.match(clean(rest[journal_span.end():]))
    if not title or not tail:
        return None
    return dict(
        authors=tuple(authors),
        et_al=et_al,
        year=head.group("year"),
        title=title,
        journal=clean(journal_span.group("text")).rstrip(". ,"),
        volume=(tail.group("volume") or "").strip(),
        issue=(tail.group("issue") or "").strip(),
        **_location(tail.group("loc") or ""),
    )


def _parse_vancouver(body: str) -> dict | None:
    match = VANCOUVER.match(clean(body))
    if not match:
        return None
    author_text, et_al = _authors_et_al(match.group("authors") + ".")
    authors = _name_initials_list(author_text)
    if authors is None:
        return None
    return dict(
        authors=authors,
        et_al=et_al,
        year=match.group("year"),
        title=match.group("title").rstrip("."),
        journal=match.group("journal").strip(),
        volume=(match.group("volume") or "").strip(),
        issue=(match.group("issue") or "").strip(),
        **_location(match.group("loc") or ""),
    )


def _parse_gbt(body: str) -> dict | None:
    match = GBT.match(clean(body))
    if not match:
        return None
    author_text, et_al = _authors_et_al(match.group("authors"))
    authors = _name_initials_list(author_text)
    if authors is None:
        return None
    return dict(
        authors=authors,
        et_al=et_al,
        year=match.group("year"),
        title=match.group("title").strip(),
        journal=match.group("journal").strip(),
        volume=(match.group("volume") or "").strip(),
        issue=(match.group("issue") or "").strip(),
        **_location(match.group("loc") or ""),
    )


def _name_initials_list(text: str) -> tuple[Author, ...] | None:
    """`Dunsmore KP, Winter SS` or `刘子贤, 李莹` or `KANTARJIAN H`; None if any name is odd."""
    authors = []
    for name in re.split(r"\s*[,，、]\s*", text.strip().rstrip(".")):
        if not name:
            continue
        if CJK_NAME.match(name):
            authors.append(Author(name))
            continue
        match = NAME_INITIALS.match(name)
        if not match:
            return None
        family = match.group("family")
        if family.isupper() and len(family) > 1:  # GB/T capitalises family names
            family = family.title()
        authors.append(Author(family, ".".join(match.group("initials")) + "."))
    return tuple(authors) if authors else None


def _location(loc: str) -> dict:
    """Pages, or an article number: `Article No. 41`, `Article ID: 176268`, `e2426742122`."""
    loc = loc.strip().rstrip(".")
    article = ARTICLE_NUMBER.match(loc)
    if article:
        return {"pages": "", "article_number": article.group("num")}
    if E_LOCATOR.match(loc):
        return {"pages": "", "article_number": loc}
    return {"pages": loc, "article_number": ""}


PARSERS = {"apa": _parse_apa, "vancouver": _parse_vancouver, "gbt7714": _parse_gbt}
