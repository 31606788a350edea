"""CSL-JSON: the curated references as citation processors (citeproc, Zotero, Pandoc) read them."""

from __future__ import annotations

import json

from ..curate import CuratedReference

# Our reference types as CSL item types (CSL 1.0.2: a preprint is an "article").
CSL_TYPES = {"journal": "article-journal", "book": "book", "chapter": "chapter",
             "conference": "paper-conference", "thesis": "thesis", "report": "report",
             "web": "webpage", "preprint": "article", "dataset": "dataset", "other": "document"}


def item(ref: CuratedReference) -> dict:
    """One CSL item; empty fields are left out rather than written as empty strings."""
    data: dict = {
        "id": ref.key,
        "type": CSL_TYPES.get(ref.type, "document"),
        "citation-number": ref.n,
        "title": ref.title,
        "author": [{"literal": a} if a in ref.group_authors else _name(a) for a in ref.authors],
        "issued": {"date-parts": [[int(ref.year)]]} if ref.year.isdigit() else None,
        "container-title": ref.journal,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.pages or ref.article_number,
        "number": ref.article_number,
        "DOI": ref.doi,
        "PMID": ref.pmid,
        "PMCID": ref.pmcid,
        "URL": ref.url,
        "publisher": ref.publisher,
        "publisher-place": ref.place,
        "edition": ref.edition,
        "editor": [_name(e) for e in ref.editors],
    }
    if ref.et_al:
        data["note"] = "The manuscript lists the first authors only (et al.)."
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _name(author: str) -> dict:
    family, _, given = author.partition(",")
    name = {"family": family.strip()}
    if given.strip():
        name["given"] = given.strip()
    return name


def dumps(refs: list[CuratedReference]) -> str:
    return json.dumps([item(r) for r in refs], ensure_ascii=False, indent=1) + "\n"
