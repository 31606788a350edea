"""Resolve every reference through Crossref into a graded verdict an editor can act on.

A real paper cited with a slip is not a DOI that names another paper, and neither is a
reference that exists nowhere; a reference that could not be asked is none of these:
- `verified`: the DOI's record agrees;
- `mismatch`: it differs in a field (a `metadata_mismatch` per field, both values shown);
- `doi_points_elsewhere`: the DOI's record has another title and another first author, and a
  search for the reference finds the work it meant (`doi_points_elsewhere`, that DOI);
- `matched`: no DOI in the manuscript (or an entry read with low confidence), and a search
  (or the DOI) found a record that agrees;
- `unresolved`: the DOI is registered nowhere, and a search found the work (its DOI suggested);
- `not_found`: nothing agrees: no candidate for a reference without a DOI, or a DOI that
  resolves nowhere or to another work with no candidate (`reference_not_found`: check by
  hand, the reference may not exist);
- `other_agency`: the DOI is registered with DataCite, mEDRA, JaLC …, not Crossref: no error;
- `offline` (never asked: no network, LITCURATE_OFFLINE=1) and `lookup_failed` (asked, no
  usable answer): not checked, and never counted as not found.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from tqdm import tqdm

from ..findings import Finding, finding
from ..refs.references import Reference, clean
from . import verify
from .crossref import Answer, Client

log = logging.getLogger("litcurate")

STATUSES = ("verified", "mismatch", "doi_points_elsewhere", "matched", "unresolved",
            "not_found", "other_agency", "offline", "lookup_failed")
NOT_FOUND = "check by hand; this reference may not exist"
AGENCIES = {"datacite": "DataCite", "medra": "mEDRA", "jalc": "JaLC", "kisti": "KISTI",
            "istic": "ISTIC", "airiti": "Airiti", "cnki": "CNKI", "op": "the EU Publications "
            "Office"}


@dataclass(frozen=True)
class Resolution:
    n: int
    status: str  # one of STATUSES
    doi: str = ""
    record: dict | None = None
    fetched: str = ""
    from_cache: bool = False
    note: str = ""
    findings: tuple[dict, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Resolution:
        return cls(**{**data, "findings": tuple(data["findings"])})


def bibliographic(ref: Reference) -> str:
    """The entry as a reader would type it into a search box: no number, markup or URL."""
    text = re.sub(r"<https?://[^>]+>|\[[^\]]*\]\([^)]*\)|https?://\S+", "", ref.raw)
    text = re.sub(r"^\s*(?:[-*+]\s+)?(?:\[\s*\d+\s*\]|\d+\.)\s*", "", text)
    text = re.sub(r"\bdoi:\s*\S+", "", text, flags=re.I)  # a wrong DOI must not steer it
    return clean(text)[:1000]


def _unchecked(n: int, answer: Answer, doi: str = "") -> Resolution:
    """Not checked: `offline` when nothing was asked, `lookup_failed` when it was."""
    status = "lookup_failed" if answer.kind == "failed" else "offline"
    return Resolution(n, status, doi, note=answer.note)


def resolve_one(client: Client, ref: Reference, n: int) -> Resolution:
    if ref.doi:
        return _with_doi(client, ref, n)
    found = _search(client, ref)
    if isinstance(found, Answer):
        return _unchecked(n, found)
    chosen, why, answer = found
    if chosen is None:
        return Resolution(n, "not_found", note=why, fetched=answer.fetched,
                          from_cache=answer.from_cache, findings=_not_found(ref, n, why))
    doi = (chosen.get("DOI") or "").lower()
    found_ = [_f("doi_missing", f"Reference [{n}] has no DOI; Crossref's bibliographic search "
                 f"found {doi} ({why}): add it.", n, severity="info")]
    found_ += notice_findings(chosen, n)
    return Resolution(n, "matched", doi, chosen, answer.fetched, answer.from_cache, note=why,
                      findings=tuple(found_))


def _with_doi(client: Client, ref: Reference, n: int) -> Resolution:
    answer = client.work(ref.doi)
    if answer.kind == "not_found":
        return _unregistered(client, ref, n, answer)
    if answer.kind != "record":
        return _unchecked(n, answer, ref.doi)
    record = answer.message() or {}
    if not ref.parsed:
        # fields read with low confidence are not compared: the record is attached and its
        # values curated, and the entry's own finding (uncertain/unparsed) says why. But when
        # the record's title is nowhere in the entry's text, the entry is searched with that
        # text: a work that agrees with it under another DOI means the DOI names another work
        if verify.raw_mentions(ref.raw, record) is False:
            found = _search(client, ref)
            if not isinstance(found, Answer) and found[0] is not None and \
                    (found[0].get("DOI") or "").lower() != ref.doi.lower():
                return _pointed(ref, n, record, *found)
        return Resolution(n, "matched", ref.doi, record, answer.fetched, answer.from_cache,
                          note="the entry was not read with confidence; fields not "
                          "compared", findings=tuple(notice_findings(record, n)))
    diffs = verify.compare(ref, record)
    if verify.elsewhere(diffs):
        return _elsewhere(client, ref, n, record, answer)
    found = [
        _f("metadata_mismatch", f"Reference [{n}] {name}: {verify.show(mine, theirs)}.", n)
        for name, mine, theirs in diffs
    ]
    found += notice_findings(record, n)
    status = "mismatch" if diffs else "verified"
    return Resolution(n, status, ref.doi, record, answer.fetched, answer.from_cache,
                      findings=tuple(found))


def _elsewhere(client: Client, ref: Reference, n: int, record: dict,
               answer: Answer) -> Resolution:
    """The DOI's record is another work: search for the one the reference means."""
    names = _names(record)
    found = _search(client, ref)
    if isinstance(found, Answer):  # the search could not be made: say what is known
        return Resolution(n, "mismatch", ref.doi, None, answer.fetched, answer.from_cache,
                          note=found.note, findings=(_f(
                              "metadata_mismatch", f"Reference [{n}]: DOI {ref.doi} is "
                              f"{names}, not this reference's title and first author; the "
                              "search for the work it meant could not be made "
                              f"({found.note}): check the DOI.", n),))
    chosen, why, searched = found
    doi = (chosen.get("DOI") or "").lower() if chosen else ""
    if chosen is None or doi == ref.doi.lower():
        return Resolution(n, "not_found", ref.doi, None, answer.fetched, answer.from_cache,
                          note=why, findings=(_f(
                              "reference_not_found", f"Reference [{n}]: DOI {ref.doi} is "
                              f"{names}, and no work with this reference's title and authors "
                              f"was found: {NOT_FOUND}.", n),))
    return _pointed(ref, n, record, chosen, why, searched)


def _names(record: dict) -> str:
    """A record named for a message: its title, and its first author when it has one."""
    title = verify.plain(verify.first(record.get("title"))) or "an untitled record"
    who = verify.first_person(record)
    return f"{title!r}" + (f" by {who}" if who else "")


def _pointed(ref: Reference, n: int, record: dict, chosen: dict, why: str,
             searched: Answer) -> Resolution:
    """The DOI names `record`; the search found `chosen`, the work cited: suggest its DOI."""
    doi = (chosen.get("DOI") or "").lower()
    found_ = [_f("doi_points_elsewhere", f"Reference [{n}]: DOI {ref.doi} is "
                 f"{_names(record)}; the work cited is {doi} ({why}): correct the DOI to "
                 f"{doi}.", n)]
    found_ += notice_findings(chosen, n)
    return Resolution(n, "doi_points_elsewhere", doi, chosen, searched.fetched,
                      searched.from_cache, note=why, findings=tuple(found_))


def _unregistered(client: Client, ref: Reference, n: int, answer: Answer) -> Resolution:
    """Crossref has no record: another agency's DOI, or a DOI registered nowhere."""
    agency = client.agency(ref.doi)
    if agency.kind == "record":
        who = ((agency.message() or {}).get("agency") or {})
        name = who.get("label") or AGENCIES.get(who.get("id", ""), who.get("id", ""))
        if who.get("id", "crossref") != "crossref":
            return Resolution(n, "other_agency", ref.doi, None, agency.fetched,
                              agency.from_cache, note=f"registered with {name}", findings=(_f(
                                  "doi_other_agency", f"Reference [{n}]: DOI {ref.doi} is "
                                  f"registered with {name}, not Crossref, so its fields were "
                                  "not checked here; check them against the DOI's page.", n),))
    elif agency.kind != "not_found":
        return _unchecked(n, agency, ref.doi)
    found = _search(client, ref)
    if isinstance(found, Answer):
        return _unchecked(n, found, ref.doi)
    chosen, why, searched = found
    if chosen is None:
        return Resolution(n, "not_found", ref.doi, None, answer.fetched, answer.from_cache,
                          note=why, findings=(_f(
                              "reference_not_found", f"Reference [{n}]: DOI {ref.doi} is "
                              "registered with no agency, and no work with this reference's "
                              f"title and authors was found: {NOT_FOUND}.", n),))
    doi = (chosen.get("DOI") or "").lower()
    found_ = [_f("doi_unresolved", f"Reference [{n}]: DOI {ref.doi} is registered nowhere; the "
                 f"work cited is {doi} ({why}): correct the DOI to {doi}.", n)]
    found_ += notice_findings(chosen, n)
    return Resolution(n, "unresolved", doi, chosen, searched.fetched, searched.from_cache,
                      note=why, findings=tuple(found_))


def _search(client: Client, ref: Reference) -> tuple[dict | None, str, Answer] | Answer:
    """(candidate or None, why, the answer), or the answer when there is no usable one. A
    parsed entry is matched field by field; an entry the parser could not read is matched
    on its raw text (title and year in it, and first author, volume or first page)."""
    query = bibliographic(ref)
    if not query:  # nothing to search with: no request
        return None, "the entry has no text to search with", Answer("not_found")
    answer = client.search(query)
    if answer.kind != "record":
        return answer
    items = (answer.message() or {}).get("items") or []
    if ref.parsed and ref.title:
        chosen, why = verify.best_candidate(ref, items)
    else:
        chosen, why = verify.raw_candidate(ref.raw, items)
    return chosen, why, answer


def _not_found(ref: Reference, n: int, why: str) -> tuple[dict, ...]:
    """A journal article that no search finds may not exist; a book, a web page or an entry
    the parser could not read is often not in Crossref at all, so it raises nothing more
    (its `doi_missing` or `reference_unparsed` already asks for a look)."""
    if not (ref.parsed and ref.journal and ref.type in ("journal", "other")):
        return ()
    return (_f("reference_not_found", f"Reference [{n}] has no DOI and Crossref's search found "
               f"no work that agrees with it ({why}): {NOT_FOUND}.", n),)


def notice_findings(record: dict, n: int) -> list[dict]:
    """One finding per kind of update notice (whatever the number of notices and sources),
    with the notices' DOIs and dates; one for a preprint published since."""
    found = []
    for notice in verify.updates(record):
        kinds = " and ".join(k.replace("_", " ") for k in notice.kinds)
        dated = ", ".join(notice.dois) or "no DOI given"
        if notice.dates:
            dated += f", {', '.join(notice.dates)}"
        by = f"; reported by {' and '.join(notice.sources)}" if notice.sources else ""
        if notice.is_notice:
            what = (f"Reference [{n}] is itself a {kinds} notice (for {dated}{by}); cite the "
                    "work it concerns, or say that the notice is meant.")
        else:
            what = f"Crossref lists a {kinds} of reference [{n}] ({dated}{by}); " + ACTION[
                notice.code]
        found.append(_f(notice.code, what, n))
    for doi in verify.published_versions(record):
        found.append(_f("preprint_published", f"Reference [{n}] is a preprint since published "
                        f"as {doi}: cite the published version, and check it still says this.",
                        n))
    return found


ACTION = {
    "retracted": "do not cite it as valid evidence.",
    "withdrawn": "do not cite it as valid evidence.",
    "expression_of_concern": "cite it with caution, or cite other evidence.",
    "corrected": "check that the cited version is the corrected one.",
    "new_version": "check that the version cited is the one meant.",
}


def _f(code: str, message: str, n: int, severity: str | None = None) -> dict:
    return finding(code, message, n, severity=severity).to_dict()


def resolve_all(client: Client, references: list[Reference], label: str = "",
                progress=None) -> list[Resolution]:
    """Every reference, in order; up to the client's workers at once (its pacers keep the
    two budgets and the server's concurrency limits)."""
    numbered = [(ref, ref.n if ref.n is not None else i) for i, ref in enumerate(references, 1)]
    bar = tqdm(total=len(numbered), desc=f"crossref {label}".strip(), unit="ref", file=progress,
               disable=progress is None, ascii=True, mininterval=1.0)

    def one(item):
        result = resolve_one(client, *item)
        bar.update()
        return result

    with ThreadPoolExecutor(max_workers=client.pacer.workers) as pool:
        results = list(pool.map(one, numbered))
    bar.close()
    return results


SUMMARY = {"verified": "verified", "mismatch": "mismatched",
           "doi_points_elsewhere": "DOI points elsewhere", "matched": "matched by search",
           "unresolved": "DOI registered nowhere", "not_found": "not found",
           "other_agency": "other agency", "offline": "offline", "lookup_failed": "lookup failed"}


def summary(resolutions: list[Resolution], client: Client) -> str:
    count = dict.fromkeys(STATUSES, 0)
    for item in resolutions:
        count[item.status] += 1
    shown = ", ".join(f"{count[s]} {SUMMARY[s]}" for s in STATUSES
                      if count[s] or s in ("verified", "mismatch", "not_found", "offline"))
    line = (f"crossref: {shown}; {client.requests_sent} requests sent, {client.from_cache} "
            "answers from cache")
    if client.from_cache:
        line += f" (oldest cached answer {client.oldest_cached_days:.1f} days old)"
    if client.circuit_open:
        line += " (Crossref unreachable: unchecked references are marked offline)"
    elif client.offline:
        line += " (LITCURATE_OFFLINE=1: nothing was sent)"
    if client.budget_spent:
        line += f" ({client.budget_spent})"
    return line


def findings(resolutions: list[Resolution]) -> list[Finding]:
    return [Finding.from_dict(f) for r in resolutions for f in r.findings]
