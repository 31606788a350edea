"""Metadata the manuscript file itself holds: reference-manager field codes, a LaTeX `.bib`.

A Word file written with Zotero, Mendeley or EndNote carries, for each cited work, the
record the author's library holds (CSL-JSON); a LaTeX manuscript's `.bib` holds one per key.
That record, not the CRF's reading of the typed entry, becomes the reference's metadata
(its `metadata_source` names where it came from), and it is then checked against Crossref
like any reference. CSL-JSON is Crossref's own shape, so `verify` compares the two.

The typed list and the field codes can disagree: an author corrects the list by hand, or
edits a citation's record after the bibliography was made. Each such difference is reported
(`reference_manager_mismatch`), once per field, only where the typed entry was read with
confidence and the library's value is not printed in the entry at all: a field the parser
may have misread is not worth an editor's time.
"""

from __future__ import annotations

import dataclasses

from ..findings import Finding, finding
from ..refs.fields import normalise_doi
from ..refs.references import Author, Reference
from ..text import words as fold
from . import verify

# CSL item type -> the reference's type (as refs.render names them).
TYPES = {
    "article-journal": "journal", "article": "preprint", "book": "book", "chapter": "chapter",
    "paper-conference": "conference", "thesis": "thesis", "report": "report",
    "webpage": "web", "post-weblog": "web", "post": "web",
}


def from_csl(ref: Reference, csl: dict, source: str) -> Reference:
    """The reference with the record's values (the typed text, line and number kept)."""
    values = verify.record_values(csl)
    authors = []
    for person in csl.get("author", []) or []:
        if person.get("family"):
            authors.append(Author(person["family"], verify._initials(person.get("given", ""))))
        elif person.get("literal"):
            authors.append(Author(person["literal"], "", group=True))
    kept = {name: values[name] or getattr(ref, name) for name in
            ("year", "title", "journal", "volume", "issue", "pages", "article_number")}
    return dataclasses.replace(
        ref, **kept, authors=tuple(authors) or ref.authors, et_al=False if authors else ref.et_al,
        doi=normalise_doi(values["doi"]) if values["doi"] else ref.doi,
        type=TYPES.get(csl.get("type", ""), ref.type),
        publisher=csl.get("publisher", "") or ref.publisher,
        place=csl.get("publisher-place", "") or ref.place,
        pmid=str(csl.get("PMID", "") or ref.pmid), pmcid=str(csl.get("PMCID", "") or ref.pmcid),
        url=csl.get("URL", "") or ref.url,
        reading="parsed", confidence=1.0, problems=(), metadata_source=source,
    )


def differences(ref: Reference, csl: dict) -> list[tuple[str, str, str]]:
    """[(field, typed value, library value)] that the typed entry does not print at all."""
    if not ref.parsed:
        return []
    diffs = list(verify.compare(ref, csl))
    doi = normalise_doi(str(csl.get("DOI", "")))
    if ref.doi and doi and normalise_doi(ref.doi) != doi:
        diffs.append(("DOI", ref.doi, doi))
    printed = f" {fold(ref.raw)} "
    return [(name, typed, theirs) for name, typed, theirs in diffs
            if f" {fold(theirs)} " not in printed]


def apply(refs: list[Reference], items: list[dict]) -> tuple[list[Reference], list[Finding]]:
    """References with the file's metadata, and the differences and unlisted works found."""
    by_entry = {}
    found: list[Finding] = []
    for item in items:
        if item.get("entry", -1) >= 0:
            by_entry.setdefault(item["entry"], item)
        elif item.get("source") == "reference manager":
            title = str(item["csl"].get("title", "")) or "(untitled)"
            found.append(finding(
                "reference_manager_mismatch",
                f"A work cited through {item['tool']} field codes (\"{title[:120]}\") has no "
                "entry in the reference list: add it, or remove the citation."))
    out = []
    for index, ref in enumerate(refs):
        item = by_entry.get(index)
        if item is None:
            out.append(ref)
            continue
        n = ref.n if ref.n is not None else index + 1
        if item["source"] == "reference manager":
            for name, typed, theirs in differences(ref, item["csl"]):
                found.append(finding(
                    "reference_manager_mismatch",
                    f"Reference [{n}] (line {ref.line}): the list gives {name} \"{typed}\" but "
                    f"the {item['tool']} field code gives \"{theirs}\"; correct whichever is "
                    "wrong (the field code's record is the one checked against Crossref).", n))
        out.append(from_csl(ref, item["csl"], item["source"]))
    return out, found

