"""Find each reference's PubMed record: by PMID, by DOI, else by citation, precision first.

Order: a PMID printed in the entry; the DOI (the entry's, else the one Crossref's search
found) through esearch `DOI[doi]`, kept only when the record carries that DOI; without a DOI
(or with one PubMed does not list), ECitMatch (journal, year, volume, first page, first
author) and then a title search, each candidate kept only when it agrees with the entry as
a Crossref candidate must: title similarity ≥ 92 after folding, year within one, same first
author, same volume and first page where both give them, and no other DOI than the known
one. A reference no source matches stays without a record: a wrong
record would give a wrong design, which is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz

from ..refs.references import Reference
from ..text import words as fold
from . import pubmed_xml
from .pubmed import Client
from .pubmed_xml import PubmedRecord

MATCH_TITLE = 92  # as for a Crossref search candidate (lookup/verify.py)
TITLE_WORDS = 8  # words of more than three letters searched in the title field


@dataclass(frozen=True)
class PubmedResolution:
    n: int
    status: str  # found | not_found | offline
    how: str = ""  # pmid | doi | citation | title search
    record: dict | None = None  # PubmedRecord.to_dict()
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PubmedResolution:
        return cls(**data)

    @property
    def pubmed(self) -> PubmedRecord | None:
        return PubmedRecord.from_dict(self.record) if self.record else None


def _records(client: Client, pmids: list[str]) -> tuple[list[PubmedRecord] | None, str]:
    answer = client.fetch(pmids)
    if answer.kind != "record":
        return None, answer.note or f"efetch: {answer.kind}"
    return pubmed_xml.parse(answer.body), ""


def _ids(answer) -> list[str] | None:
    return pubmed_xml.esearch_ids(answer.body) if answer.kind == "record" else None


def agrees(ref: Reference, record: PubmedRecord, doi: str = "") -> tuple[bool, str]:
    """Whether a candidate is this reference (the Crossref candidate rules), and the score;
    a candidate with another DOI than the one known is another work."""
    if doi and record.doi and record.doi != doi:
        return False, f"DOI {record.doi}"
    if not ref.title or not record.title:
        return False, "no title to compare"
    score = fuzz.token_sort_ratio(fold(ref.title), fold(record.title))
    if score < MATCH_TITLE:
        return False, f"title similarity {score:.0f}"
    if ref.year and record.year[:4].isdigit() and ref.year[:4].isdigit() \
            and abs(int(ref.year[:4]) - int(record.year[:4])) > 1:
        return False, f"year {record.year}"
    if ref.authors and record.authors and fold(ref.authors[0].family) != fold(record.authors[0]):
        return False, f"first author {record.authors[0]}"
    if ref.volume and record.volume and ref.volume != record.volume:
        return False, f"volume {record.volume}"
    if ref.pages and record.pages and _first_page(ref.pages) != _first_page(record.pages):
        return False, f"pages {record.pages}"
    return True, f"title similarity {score:.0f}"


def _first_page(pages: str) -> str:
    return re.split(r"\s*[-–—]\s*", pages.strip())[0].lstrip("0")


def citation_line(ref: Reference, key: str) -> str:
    """The ECitMatch line of an entry, or '' when it lacks a field ECitMatch needs."""
    page = _first_page(ref.pages) if ref.pages else ""
    if not (ref.journal and ref.year and ref.volume and page and ref.authors):
        return ""
    initials = re.sub(r"[.\s-]", "", ref.authors[0].initials)
    author = f"{ref.authors[0].family} {initials}".strip()
    fields = [ref.journal, ref.year[:4], ref.volume, page, author, key]
    return "|".join(f.replace("|", " ") for f in fields) + "|"


def resolve_one(client: Client, ref: Reference, n: int, doi: str = "") -> PubmedResolution:
    """`doi`: the DOI to look up (the entry's, or the one Crossref's search found)."""
    if ref.pmid:
        records, problem = _records(client, [ref.pmid])
        if records is None:
            return PubmedResolution(n, "offline", note=problem)
        if records:
            return PubmedResolution(n, "found", "pmid", records[0].to_dict())
    doi = (doi or ref.doi or "").lower()
    if doi:
        answer = client.search(f"{doi}[doi]")
        ids = _ids(answer)
        if ids is None:
            return PubmedResolution(n, "offline", note=answer.note)
        if len(ids) == 1:
            records, problem = _records(client, ids)
            if records is None:
                return PubmedResolution(n, "offline", note=problem)
            for record in records:
                if record.doi == doi:
                    return PubmedResolution(n, "found", "doi", record.to_dict())
    # no DOI, or PubMed does not list it (older records often lack one): by citation
    tried = [f"PubMed has no record with DOI {doi}"] if doi else []
    line = citation_line(ref, str(n))
    if line:
        answer = client.citmatch(line)
        if answer.kind != "record":
            return PubmedResolution(n, "offline", note=answer.note)
        pmid = pubmed_xml.ecitmatch_ids(answer.body).get(str(n))
        if pmid:
            found = _checked(client, ref, n, [pmid], "citation", doi)
            if found.status != "not_found":
                return found
            tried.append(f"ECitMatch: {found.note}")
    words = [w for w in fold(ref.title).split() if len(w) > 3][:TITLE_WORDS]
    if len(words) >= 3:
        # each word tagged: PubMed applies a field tag to the one term before it only
        term = " AND ".join(f"{w}[ti]" for w in words) + (
            f" AND {ref.year[:4]}[dp]" if ref.year[:4].isdigit() else "")
        answer = client.search(term, retmax=3)
        ids = _ids(answer)
        if ids is None:
            return PubmedResolution(n, "offline", note=answer.note)
        if ids:
            found = _checked(client, ref, n, ids, "title search", doi)
            if found.status != "not_found":
                return found
            tried.append(f"title search: {found.note}")
    return PubmedResolution(n, "not_found", note="; ".join(tried) or "nothing to search by")


def _checked(client: Client, ref: Reference, n: int, ids: list[str], how: str, doi: str = ""
             ) -> PubmedResolution:
    records, problem = _records(client, ids)
    if records is None:
        return PubmedResolution(n, "offline", note=problem)
    accepted, reasons = [], []
    for record in records:
        ok, why = agrees(ref, record, doi)
        (accepted if ok else reasons).append((record, why))
    if len(accepted) == 1:
        record, why = accepted[0]
        return PubmedResolution(n, "found", how, record.to_dict(), note=why)
    if accepted:
        return PubmedResolution(n, "not_found", note=f"{len(accepted)} candidates agree")
    return PubmedResolution(n, "not_found", note="no candidate agrees (" + ", ".join(
        f"{r.pmid}: {why}" for r, why in reasons) + ")")


def resolve_all(client: Client, references: list[Reference], dois: dict[int, str] | None = None
                ) -> list[PubmedResolution]:
    """Every reference in order, one at a time (one budget: NCBI allows one in flight)."""
    dois = dois or {}
    numbered = [(ref, ref.n if ref.n is not None else i) for i, ref in enumerate(references, 1)]
    return [resolve_one(client, ref, n, dois.get(n, "")) for ref, n in numbered]


def summary(resolutions: list[PubmedResolution], client: Client) -> str:
    count = {s: 0 for s in ("found", "not_found", "offline")}
    for item in resolutions:
        count[item.status] += 1
    line = (f"pubmed: {count['found']} found, {count['not_found']} not found, "
            f"{count['offline']} offline; {client.requests_sent} requests sent, "
            f"{client.from_cache} answers from cache, {client.throttled} answered 429")
    if client.circuit_open:
        line += " (PubMed unreachable: unchecked references are marked offline)"
    elif client.offline:
        line += " (LITCURATE_OFFLINE=1: nothing was sent)"
    return line
