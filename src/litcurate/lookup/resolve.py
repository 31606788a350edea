"""Resolve every reference through Crossref: verify DOIs, search for missing ones."""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from tqdm import tqdm

from ..findings import Finding, finding
from ..refs.references import Reference, clean
from . import verify
from .crossref import Client

log = logging.getLogger("litcurate")


@dataclass(frozen=True)
class Resolution:
    n: int
    status: str  # verified | mismatch | matched | not_found | unresolved | offline
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
    return clean(text)[:1000]


def resolve_one(client: Client, ref: Reference, n: int) -> Resolution:
    if ref.doi:
        answer = client.work(ref.doi)
        if answer.kind == "not_found":
            return Resolution(n, "unresolved", ref.doi, None, answer.fetched, answer.from_cache,
                              findings=(_f("doi_unresolved", f"Crossref has no record for DOI "
                                           f"{ref.doi} of reference [{n}]; check the DOI.", n),))
        if answer.kind != "record":
            return Resolution(n, "offline", ref.doi, note=answer.note)
        record = answer.message() or {}
        if not ref.parsed:
            # fields read with low confidence are not compared: the record is attached and its
            # values curated, and the entry's own finding (uncertain/unparsed) says why
            return Resolution(n, "matched", ref.doi, record, answer.fetched, answer.from_cache,
                              note="the entry was not read with confidence; fields not "
                              "compared", findings=tuple(_update_findings(record, n)))
        found = [
            _f("metadata_mismatch", f"Reference [{n}] {name}: the manuscript has {mine!r}, "
               f"Crossref has {theirs!r}.", n)
            for name, mine, theirs in verify.compare(ref, record)
        ]
        found += _update_findings(record, n)
        status = "mismatch" if any(f["code"] == "metadata_mismatch" for f in found) else "verified"
        return Resolution(n, status, ref.doi, record, answer.fetched, answer.from_cache,
                          findings=tuple(found))
    answer = client.search(bibliographic(ref))
    if answer.kind != "record":
        return Resolution(n, "offline", note=answer.note)
    items = (answer.message() or {}).get("items") or []
    chosen, why = verify.best_candidate(ref, items)
    if chosen is None:
        return Resolution(n, "not_found", note=why, fetched=answer.fetched,
                          from_cache=answer.from_cache)
    doi = (chosen.get("DOI") or "").lower()
    found = [_f("doi_missing", f"Reference [{n}] has no DOI; Crossref's bibliographic search "
                f"found {doi} ({why}): add it.", n, severity="info")]
    found += _update_findings(chosen, n)
    return Resolution(n, "matched", doi, chosen, answer.fetched, answer.from_cache, note=why,
                      findings=tuple(found))


def _update_findings(record: dict, n: int) -> list[dict]:
    return [
        _f(code, f"Crossref lists a {kind.replace('_', ' ')} ({doi}) for reference [{n}]; "
           + ("do not cite it as valid evidence." if code == "retracted"
              else "check that the cited version is the corrected one."), n)
        for code, kind, doi in verify.updates(record)
    ]


def _f(code: str, message: str, n: int, severity: str | None = None) -> dict:
    return finding(code, message, n, severity=severity).to_dict()


def resolve_all(client: Client, references: list[Reference], label: str = "",
                progress=None) -> list[Resolution]:
    """Every reference, in order; up to the client's workers at once (its pacer keeps the
    rate and the server's concurrency limit)."""
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


def summary(resolutions: list[Resolution], client: Client) -> str:
    count = {s: 0 for s in ("verified", "mismatch", "matched", "not_found", "unresolved",
                            "offline")}
    for item in resolutions:
        count[item.status] += 1
    line = (f"crossref: {count['verified']} verified, {count['mismatch']} mismatched, "
            f"{count['matched']} matched by search, {count['not_found']} not found, "
            f"{count['unresolved']} unresolved, {count['offline']} offline; "
            f"{client.requests_sent} requests sent, {client.from_cache} answers from cache")
    if client.from_cache:
        line += f" (oldest cached answer {client.oldest_cached_days:.1f} days old)"
    if client.circuit_open:
        line += " (Crossref unreachable: unchecked references are marked offline)"
    elif client.offline:
        line += " (LITCURATE_OFFLINE=1: nothing was sent)"
    return line


def findings(resolutions: list[Resolution]) -> list[Finding]:
    return [Finding.from_dict(f) for r in resolutions for f in r.findings]
