"""RIS, as Zotero, EndNote and Mendeley import it, written by rispy."""

from __future__ import annotations

import re

import rispy

from ..curate import CuratedReference

# RIS is line-based: a line break or control character inside a value would start a new tag.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def _clean(value: str) -> str:
    return _CONTROL.sub(" ", value).strip()


# Our reference types as RIS types.
RIS_TYPES = {"journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "conference": "CPAPER",
             "thesis": "THES", "report": "RPRT", "web": "ELEC", "preprint": "UNPB",
             "dataset": "DATA", "other": "GEN"}
PAGE_DASH = re.compile(r"\s*[-‐‑‒–—]+\s*")  # hyphen, en and em dash, as PDFs print them


def _page_range(pages: str) -> tuple[str, str]:
    """`e419-e432`, `419–32` (en dash), `419 — 32`: the first and the last page."""
    parts = PAGE_DASH.split(pages.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def entry(ref: CuratedReference) -> dict:
    first, last = _page_range(ref.pages)
    data = {
        "type_of_reference": RIS_TYPES.get(ref.type, "GEN"),
        "id": ref.key,
        "authors": [_clean(a) for a in ref.authors],
        "title": _clean(ref.title),
        "secondary_title": _clean(ref.journal),
        "year": ref.year,
        "volume": _clean(ref.volume),
        "number": _clean(ref.issue),
        "start_page": _clean(first or ref.article_number),
        "end_page": _clean(last),
        "doi": ref.doi,
        "publisher": _clean(ref.publisher),
        "place_published": _clean(ref.place),
        "edition": _clean(ref.edition),
        "secondary_authors": [_clean(e) for e in ref.editors],
        "urls": [ref.url] if ref.url else [],
        "access_date": _clean(ref.accessed),
        "accession_number": ref.pmid,
        "notes": [f"PMCID: {ref.pmcid}"] if ref.pmcid else [],
    }
    return {k: v for k, v in data.items() if v not in ("", [])}


class Writer(rispy.RisWriter):
    """rispy's writer without its "1." counter lines, which are not RIS tags."""

    def set_header(self, count):
        return ""


def dumps(refs: list[CuratedReference]) -> str:
    return rispy.dumps([entry(r) for r in refs], implementation=Writer)
