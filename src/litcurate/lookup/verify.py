"""Compare a reference with its Crossref record; choose a search candidate, precision first.

Real records differ from what an author writes in ways that are no error; these are
tolerated (a difference inside them is no finding):
- title: equal after markup (HTML, JATS, MathML) is removed without putting a space in its
  place, entities are decoded, diacritics, case, punctuation and spacing are folded
  (`text.squeezed`); either with or without the subtitle: Crossref keeps the subtitle in
  `subtitle` ("Bacteremic Hypocalcemia" + "A Comparison …"), or gives the whole title where
  the author cut it at the colon, and some publishers put a running short title there;
- first author: family names equal after folding diacritics and case (Reiterová = Reiterova;
  Gökbuğut ≠ Gökbuget: the letters differ); a group author first in the record is not
  compared;
- year: any of issued, published-print, published-online, published (an online-first year
  one earlier than the print year is therefore no mismatch);
- journal: any container-title or short-container-title, entities decoded, equal after
  folding, a leading "The", parenthesised abbreviations and a ": subtitle" dropped, or an
  abbreviation of it word by word ("J Clin Oncol", "Proc. R. Soc. B", "Natl" for National);
- volume: equal as text; pages: same first page (dash styles ignored); article number:
  equal to the record's article-number or page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..refs.references import Reference
from ..text import readable, squeezed
from ..text import words as fold

FIELD_STOPWORDS = frozenset({"of", "the", "and", "&", "for", "in", "on", "de", "la", "und"})
MATCH_TITLE = 92  # token_sort_ratio of folded titles needed for a search candidate
MIN_MAIN_TITLE_WORDS = 2  # a title cut at its colon must keep this many words to count
# Crossref's update types (`updated-by`, `update-to`), folded, and the finding each raises.
# One finding per code, however many notices or sources (publisher, Retraction Watch) say it.
NOTICE_CODES = {
    "retraction": "retracted",
    "partial_retraction": "retracted",
    "withdrawal": "withdrawn",
    "removal": "withdrawn",
    "expression_of_concern": "expression_of_concern",
    "correction": "corrected",
    "erratum": "corrected",
    "corrigendum": "corrected",
    "addendum": "corrected",
    "clarification": "corrected",
    "new_version": "new_version",
}
SOURCE_NAMES = {"retraction-watch": "Retraction Watch", "publisher": "the publisher"}


def texts(values) -> list[str]:
    """A record's text field as a list: Crossref writes `["Title"]`, CSL-JSON (a reference
    manager's field codes, a `.bib` turned into CSL) writes `"Title"`; both mean one title."""
    if isinstance(values, str):
        return [values] if values else []
    return [v for v in values or [] if isinstance(v, str) and v]


def first(values) -> str:
    found = texts(values)
    return found[0] if found else ""


def record_years(record: dict) -> set[str]:
    years = set()
    for name in ("issued", "published-print", "published-online", "published"):
        parts = (record.get(name) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            years.add(str(parts[0][0]))
    return years


def record_values(record: dict) -> dict:
    """Crossref's record in the reference's own fields (what curation takes from it)."""
    authors = tuple(
        f"{a['family']}, {_initials(a.get('given', ''))}".rstrip(", ")
        for a in record.get("author", []) if a.get("family")
    )
    issued = sorted(record_years({"issued": record.get("issued")}))
    page = record.get("page", "")
    return {
        "authors": authors,
        "et_al": False if authors else None,  # Crossref lists every author
        "year": issued[0] if issued else "",
        "title": plain(first(record.get("title"))),
        "journal": plain(first(record.get("container-title"))),
        "volume": record.get("volume", ""),
        "issue": record.get("issue", ""),
        "pages": page if "-" in page or not record.get("article-number") else "",
        "article_number": record.get("article-number", ""),
        "doi": (record.get("DOI") or "").lower(),
    }


def _initials(given: str) -> str:
    parts = [p for p in re.split(r"[\s.]+", given) if p]
    return "".join(("-".join(q[0] + "." for q in p.split("-") if q)) for p in parts)


# --- titles -------------------------------------------------------------------------------
def title_forms(record: dict, cut: bool = True) -> list[str]:
    """Every form of the record's title an author may write: the title, the title with each
    subtitle, and (`cut`) the title cut at its first colon (when that keeps a real title)."""
    titles = [plain(t) for t in texts(record.get("title")) if plain(t)]
    subtitles = [plain(s) for s in texts(record.get("subtitle")) if plain(s)]
    forms = []
    for title in titles:
        forms.append(title)
        forms += [f"{title}: {sub}" for sub in subtitles]
        if cut:
            forms += [main for main in [_main_title(title)] if main]
    return forms


# Where a main title ends and its subtitle starts: a colon, a question mark, a spaced dash,
# or a full stop after a word of four letters or more (never "vs.", "St.", "e.g.").
SUBTITLE_BREAK = re.compile(r"\s*[:?]\s+|\s+[-–—]\s+|(?<=[a-z]{4})\.\s+")


def _main_title(title: str) -> str:
    main = SUBTITLE_BREAK.split(title, maxsplit=1)[0]
    return main if main != title and len(main.split()) >= MIN_MAIN_TITLE_WORDS else ""


def same_title(written: str, record: dict) -> bool:
    """The manuscript's title is one of the record's forms (its title, with a subtitle, or
    cut at the colon), or the manuscript's title cut at its colon is the record's whole
    title. Two titles cut at their colons are never compared with each other: "Comparison
    of A: in X" and "Comparison of A: in Y" are two works."""
    whole = {squeezed(t) for t in title_forms(record, cut=False)} - {""}
    if squeezed(written) in {squeezed(t) for t in title_forms(record)} - {""}:
        return True
    main = _main_title(written)
    return bool(main) and squeezed(main) in whole


def title_score(written: str, record: dict) -> float:
    """The best token_sort_ratio of the written title against any of the record's forms
    (100 when they are the same by `same_title`)."""
    if same_title(written, record):
        return 100.0
    return max((fuzz.token_sort_ratio(fold(written), fold(t)) for t in title_forms(record)),
               default=0.0)


# --- people -------------------------------------------------------------------------------
def first_person(record: dict) -> str:
    """The record's first author's family name, or '' when the first author is a group (a
    consortium is compared with nothing: the manuscript may name it in many ways)."""
    authors = record.get("author") or []
    people = sorted(authors, key=lambda a: 0 if a.get("sequence") == "first" else 1)
    return (people[0].get("family") or "") if people else ""


def same_person(a: str, b: str) -> bool:
    return fold(a).replace(" ", "") == fold(b).replace(" ", "")


# --- journals -----------------------------------------------------------------------------
def journal_forms(record: dict) -> list[str]:
    names = (texts(record.get("container-title")) + texts(record.get("short-container-title"))
             + texts(record.get("container-title-short")))
    return [plain(n) for n in names if plain(n)]


def same_journal(written: str, record: str) -> bool:
    a, b = _journal_words(written), _journal_words(record)
    if a == b or (a and squeezed(written) == squeezed(record)):
        return True
    if _abbreviates(a, b):
        return True
    # "Proceedings of the Royal Society B: Biological Sciences" is abbreviated without
    # what follows its colon ("Proc. R. Soc. B")
    for name, other in ((record, a), (written, b)):
        if ":" in name:
            main = _journal_words(name.split(":")[0])
            if main == other or _abbreviates(other, main):
                return True
    return False


def _abbreviates(a: list[str], b: list[str]) -> bool:
    """Word by word, the shorter an abbreviation of the longer: "Nat Genet" = "Nature
    Genetics", "Natl" = "National" (ISO 4 keeps the first letter and letters in order)."""
    a = [w for w in a if w not in FIELD_STOPWORDS]
    b = [w for w in b if w not in FIELD_STOPWORDS]
    return bool(a) and len(a) == len(b) and all(_abbreviation(x, y) or _abbreviation(y, x)
                                                for x, y in zip(a, b, strict=True))


def _abbreviation(short: str, long: str) -> bool:
    if long.startswith(short):
        return True
    if len(short) < 3 or short[0] != long[0]:
        return False
    rest = iter(long[1:])
    return all(c in rest for c in short[1:])  # the letters in order: natl ⊂ national


def _journal_words(name: str) -> list[str]:
    name = re.sub(r"\([^)]{1,20}\)", " ", readable(name))
    words = fold(name).split()
    return words[1:] if words[:1] == ["the"] else words


# --- the comparison -----------------------------------------------------------------------
def compare(ref: Reference, record: dict) -> list[tuple[str, str, str]]:
    """[(field, manuscript value, Crossref value)] for each real difference."""
    diffs = []
    titles = title_forms(record)
    if ref.title and titles and not same_title(ref.title, record):
        diffs.append(("title", plain(ref.title), _closest(ref.title, titles)))
    family = first_person(record)
    if ref.authors and family and not ref.authors[0].group and not same_person(
            ref.authors[0].family, family):
        diffs.append(("first author", ref.authors[0].family, family))
    years = record_years(record)
    if ref.year and years and ref.year not in years:
        diffs.append(("year", ref.year, "/".join(sorted(years))))
    journals = journal_forms(record)
    if ref.journal and journals and not any(same_journal(ref.journal, j) for j in journals):
        diffs.append(("journal", plain(ref.journal), journals[0]))
    volume = str(record.get("volume", ""))
    if ref.volume and volume and fold(ref.volume) != fold(volume):
        diffs.append(("volume", ref.volume, volume))
    page = str(record.get("page", ""))
    number = str(record.get("article-number", ""))
    if ref.pages and page and first_page(ref.pages) != first_page(page):
        diffs.append(("pages", ref.pages, page))
    if ref.article_number and (number or page) and ref.article_number not in (number, page):
        diffs.append(("article number", ref.article_number, number or page))
    return diffs


def elsewhere(diffs: list[tuple[str, str, str]]) -> bool:
    """The DOI names another work: its title and its first author both differ (a real
    paper cited with a slip differs in one field, rarely in both)."""
    names = {d[0] for d in diffs}
    return {"title", "first author"} <= names


def _closest(written: str, forms: list[str]) -> str:
    return max(forms, key=lambda t: fuzz.ratio(fold(written), fold(t)))


def first_page(pages: str) -> str:
    return re.split(r"\s*[-–—]+\s*", pages.strip())[0].lower()


def plain(text: str) -> str:
    """A record's text as a reader sees it: markup out, entities decoded, spaces single."""
    return re.sub(r"\s+", " ", readable(text or "")).strip()


def show(mine: str, theirs: str) -> str:
    """Both values, so that the difference is visible: quoted, and where they are long, the
    first words that differ named after them; when they look alike, with invisible and
    look-alike characters escaped."""
    text = f"the manuscript has {mine!r}, Crossref has {theirs!r}"
    if plain(mine) == plain(theirs) or fold(mine) == fold(theirs):
        return f"the manuscript has {mine!a}, Crossref has {theirs!a} (they differ " \
               "only in characters that look alike)"
    a, b = mine.split(), theirs.split()
    if len(a) > 4 or len(b) > 4:
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
                a=[fold(w) for w in a], b=[fold(w) for w in b], autojunk=False).get_opcodes():
            if tag != "equal":
                here = " ".join(a[i1:i2]) or "(nothing)"
                there = " ".join(b[j1:j2]) or "(nothing)"
                return f"{text}: {here!r} where Crossref has {there!r}"
    return text


# --- update notices and preprints ----------------------------------------------------------
@dataclass(frozen=True)
class Notice:
    """One kind of update notice on a work, with every notice and source that reports it."""

    code: str  # retracted, withdrawn, expression_of_concern, corrected, new_version
    kinds: tuple[str, ...]  # Crossref's update types, as folded
    dois: tuple[str, ...]
    dates: tuple[str, ...]
    sources: tuple[str, ...]
    is_notice: bool = False  # the cited work is itself the notice (`update-to`)


def _kind(value: str) -> str:
    return re.sub(r"[\s-]+", "_", (value or "").strip().lower())


def _date(notice: dict) -> str:
    parts = ((notice.get("updated") or {}).get("date-parts") or [[]])[0] or []
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts) if p)


def updates(record: dict) -> list[Notice]:
    """The work's update notices (`updated-by`; `update-to` when the cited work is itself a
    notice; a retraction `relation`), one per finding code, in NOTICE_CODES order. A notice
    pointing at the work itself (a `new_version` of its own DOI) says nothing new."""
    own = (record.get("DOI") or "").lower()
    grouped: dict[tuple[str, bool], list[tuple[str, str, str, str]]] = {}
    for field_name, is_notice in (("updated-by", False), ("update-to", True)):
        for notice in record.get(field_name) or []:
            kind = _kind(notice.get("type", ""))
            code = NOTICE_CODES.get(kind)
            doi = (notice.get("DOI") or "").lower()
            if not code or doi == own:
                continue
            source = SOURCE_NAMES.get(notice.get("source", ""), notice.get("source", ""))
            grouped.setdefault((code, is_notice), []).append((kind, doi, _date(notice), source))
    for relation, targets in (record.get("relation") or {}).items():
        if "retract" in relation.lower() and relation.lower() != "retracts":
            for target in targets or []:
                doi = str(target.get("id", "")).lower()
                grouped.setdefault(("retracted", False), []).append(
                    ("retraction", doi, "", "a relation in the record"))
    order = list(dict.fromkeys(NOTICE_CODES.values()))
    found = []
    for (code, is_notice), items in sorted(grouped.items(),
                                           key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
        found.append(Notice(
            code,
            tuple(dict.fromkeys(i[0] for i in items)),
            tuple(dict.fromkeys(i[1] for i in items if i[1])),
            tuple(dict.fromkeys(i[2] for i in items if i[2])),
            tuple(dict.fromkeys(i[3] for i in items if i[3])),
            is_notice,
        ))
    return found


def published_versions(record: dict) -> list[str]:
    """DOIs the record says it is a preprint of (`relation.is-preprint-of`)."""
    targets = (record.get("relation") or {}).get("is-preprint-of") or []
    return list(dict.fromkeys(str(t.get("id", "")).lower() for t in targets
                              if t.get("id-type", "doi") == "doi" and t.get("id")))


# --- candidates from a search ----------------------------------------------------------------
def best_candidate(ref: Reference, items: list[dict]) -> tuple[dict | None, str]:
    """The one candidate that agrees on title, year and first author, and on volume and
    first page where both sides give them; never chosen on the search score alone."""
    accepted = []
    for item in items:
        score = title_score(ref.title, item) if ref.title else 0
        if score < MATCH_TITLE:
            continue
        years = record_years(item)
        if ref.year and years and not any(abs(int(y) - int(ref.year)) <= 1 for y in years
                                          if y.isdigit() and ref.year.isdigit()):
            continue
        family = first_person(item)
        if ref.authors and not ref.authors[0].group and (
                not family or not same_person(ref.authors[0].family, family)):
            continue
        if ref.volume and item.get("volume") and fold(ref.volume) != fold(str(item["volume"])):
            continue
        page = str(item.get("page", ""))
        if ref.pages and page and first_page(ref.pages) != first_page(page):
            continue
        accepted.append((f"title similarity {score:.0f}", item))
    return _one(accepted, "no candidate agrees on title, year, first author, volume and pages")


def raw_mentions(raw: str, record: dict) -> bool | None:
    """Whether an entry's text holds one of the record's title forms; None when the record
    has no title long enough to tell."""
    forms = [f for f in (squeezed(t) for t in title_forms(record)) if len(f) >= 12]
    return any(f in squeezed(raw) for f in forms) if forms else None


def raw_candidate(raw: str, items: list[dict]) -> tuple[dict | None, str]:
    """For an entry the parser could not read: the one candidate whose title and year are in
    the entry's text, and its first author's family name, its volume or its first page too
    (as Crossref's own matcher is asked, with the raw string)."""
    text = f" {fold(raw)} "
    squeezed_raw = squeezed(raw)
    tokens = set(text.split())
    accepted = []
    for item in items:
        if not raw_mentions(squeezed_raw, item):  # a title too short to tell works apart
            continue
        if not record_years(item) & tokens:
            continue
        family = fold(first_person(item))
        volume = fold(str(item.get("volume", "")))
        page = fold(first_page(str(item.get("page", "") or item.get("article-number", ""))))
        agree = [name for name, value in (("first author", family), ("volume", volume),
                                          ("first page", page))
                 if value and f" {value} " in text]
        if agree:
            accepted.append((f"title, year and {', '.join(agree)} found in the entry", item))
    return _one(accepted, "no candidate's title and year are in the entry with its first "
                "author, volume or first page")


def _one(accepted: list[tuple[str, dict]], none: str) -> tuple[dict | None, str]:
    """The single candidate accepted, and why; none when two or more agree (a twin)."""
    dois = {(item.get("DOI") or "").lower() for _, item in accepted}
    if len(dois) != 1:
        return None, (none if not accepted else f"{len(dois)} candidates agree; none chosen")
    why, item = accepted[0]
    return item, why
