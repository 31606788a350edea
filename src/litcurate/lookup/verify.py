"""Compare a reference with its Crossref record; choose a search candidate, precision first.

Tolerances (a difference inside them is no finding):
- title: equal after folding diacritics, case, punctuation, HTML tags and white space;
- first author: family names equal after folding diacritics and case (Reiterová = Reiterova;
  Gökbuğut ≠ Gökbuget: the letters differ);
- year: any of issued, published-print, published-online, published (an online-first year
  one earlier than the print year is therefore no mismatch);
- journal: container-title or short-container-title, equal after folding, a leading "The"
  and parenthesised abbreviations dropped, or an abbreviation of it word by word
  ("J Clin Oncol" for "Journal of Clinical Oncology");
- volume: equal as text; pages: same first page (dash styles ignored); article number:
  equal to the record's article-number or page.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..refs.references import Reference
from ..text import readable
from ..text import words as fold

FIELD_STOPWORDS = frozenset({"of", "the", "and", "&", "for", "in", "on"})
MATCH_TITLE = 92  # token_sort_ratio of folded titles needed for a search candidate
RETRACTION = {"retraction", "removal", "withdrawal"}
CORRECTION = {"correction", "erratum", "corrigendum", "addendum", "expression_of_concern"}


def first(values) -> str:
    return values[0] if isinstance(values, list) and values else (values or "")


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
        "title": _plain(first(record.get("title"))),
        "journal": first(record.get("container-title")),
        "volume": record.get("volume", ""),
        "issue": record.get("issue", ""),
        "pages": page if "-" in page or not record.get("article-number") else "",
        "article_number": record.get("article-number", ""),
        "doi": (record.get("DOI") or "").lower(),
    }


def _initials(given: str) -> str:
    parts = [p for p in re.split(r"[\s.]+", given) if p]
    return "".join(("-".join(q[0] + "." for q in p.split("-") if q)) for p in parts)


def compare(ref: Reference, record: dict) -> list[tuple[str, str, str]]:
    """[(field, manuscript value, Crossref value)] for each real difference."""
    diffs = []
    title = first(record.get("title"))
    if ref.title and title and fold(ref.title) != fold(title):
        diffs.append(("title", ref.title, _plain(title)))
    families = [a.get("family", "") for a in record.get("author", []) if a.get("family")]
    if ref.authors and families and fold(ref.authors[0].family) != fold(families[0]):
        diffs.append(("first author", ref.authors[0].family, families[0]))
    years = record_years(record)
    if ref.year and years and ref.year not in years:
        diffs.append(("year", ref.year, "/".join(sorted(years))))
    journals = [first(record.get("container-title")), first(record.get("short-container-title"))]
    journals = [j for j in journals if j]
    if ref.journal and journals and not any(same_journal(ref.journal, j) for j in journals):
        diffs.append(("journal", ref.journal, journals[0]))
    volume = str(record.get("volume", ""))
    if ref.volume and volume and ref.volume.strip() != volume.strip():
        diffs.append(("volume", ref.volume, volume))
    page = str(record.get("page", ""))
    number = str(record.get("article-number", ""))
    if ref.pages and page and _first_page(ref.pages) != _first_page(page):
        diffs.append(("pages", ref.pages, page))
    if ref.article_number and (number or page) and ref.article_number not in (number, page):
        diffs.append(("article number", ref.article_number, number or page))
    return diffs


def same_journal(written: str, record: str) -> bool:
    a, b = _journal_words(written), _journal_words(record)
    if a == b:
        return True
    a = [w for w in a if w not in FIELD_STOPWORDS]
    b = [w for w in b if w not in FIELD_STOPWORDS]
    # word by word, the shorter an abbreviation of the longer: "Nat Genet" = "Nature Genetics"
    return len(a) == len(b) and all(x.startswith(y) or y.startswith(x)
                                    for x, y in zip(a, b, strict=True))


def _journal_words(name: str) -> list[str]:
    name = re.sub(r"\([^)]{1,20}\)", " ", name)
    words = fold(name).split()
    return words[1:] if words[:1] == ["the"] else words


def _first_page(pages: str) -> str:
    return re.split(r"\s*[-–—]+\s*", pages.strip())[0].lower()


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", readable(text)).strip()


def updates(record: dict) -> list[tuple[str, str, str]]:
    """[(code, notice type, notice DOI)] from updated-by, update-to and relation."""
    found = []
    for notice in record.get("updated-by") or []:
        kind = (notice.get("type") or "").lower().replace("-", "_")
        code = "retracted" if kind in RETRACTION else "corrected" if kind in CORRECTION else ""
        if code:
            found.append((code, kind, (notice.get("DOI") or "").lower()))
    for notice in record.get("update-to") or []:  # the cited work is itself a notice
        kind = (notice.get("type") or "").lower().replace("-", "_")
        if kind in RETRACTION:
            found.append(("retracted", f"{kind} notice", (notice.get("DOI") or "").lower()))
    for relation, targets in (record.get("relation") or {}).items():
        if "retract" in relation.lower() and relation.lower() != "retracts":
            for target in targets or []:
                found.append(("retracted", relation, str(target.get("id", "")).lower()))
    return found


def best_candidate(ref: Reference, items: list[dict]) -> tuple[dict | None, str]:
    """The one candidate that agrees on title, year and first author, and on volume and
    first page where both sides give them; never chosen on the search score alone."""
    accepted = []
    for item in items:
        title = first(item.get("title"))
        score = fuzz.token_sort_ratio(fold(ref.title), fold(title)) if title else 0
        if score < MATCH_TITLE:
            continue
        years = record_years(item)
        if ref.year and years and not any(abs(int(y) - int(ref.year)) <= 1 for y in years):
            continue
        families = [a.get("family", "") for a in item.get("author", []) if a.get("family")]
        if ref.authors and (not families or fold(ref.authors[0].family) != fold(families[0])):
            continue
        if ref.volume and item.get("volume") and ref.volume != str(item["volume"]):
            continue
        page = str(item.get("page", ""))
        if ref.pages and page and _first_page(ref.pages) != _first_page(page):
            continue
        accepted.append((score, item))
    if len(accepted) != 1:
        return None, ("no candidate agrees on title, year, first author, volume and pages"
                      if not accepted else f"{len(accepted)} candidates agree; none chosen")
    return accepted[0][1], f"title similarity {accepted[0][0]:.0f}"
