"""What PubMed adds to the curated references: its identifiers, and the notices it links.

Identifiers: PubMed's PMID and PMCID replace what the entry printed (an editor's override
still wins), so every export carries them. Notices: PubMed's CommentsCorrections
(RetractionIn, ErratumIn, ExpressionOfConcernIn …) and the publication type "Retracted
Publication" are merged by kind with Crossref's (lookup/notices.py): a kind Crossref already
reports keeps Crossref's finding (raised in lookup/resolve.py) and gains none here, so an
editor reads one finding per kind of notice.
"""

from __future__ import annotations

from dataclasses import replace

from ..findings import Finding, finding
from . import notices as notice_kinds
from . import verify
from .resolve import ACTION


def with_identifiers(curated: list, records: dict[int, dict], overrides: dict | None = None
                     ) -> list:
    """The curated references with PubMed's PMID and PMCID where PubMed found the work."""
    overrides = overrides or {}
    out = []
    for ref in curated:
        record = records.get(ref.n)
        edits = overrides.get(ref.n, {})
        if not record:
            out.append(ref)
            continue
        values, sources = {}, dict(ref.field_sources)
        for name in ("pmid", "pmcid"):
            if record.get(name) and not edits.get(name):
                values[name] = record[name]
                sources[name] = "pubmed"
        source = ref.source if "pubmed" in ref.source or not values else (*ref.source, "pubmed")
        out.append(replace(ref, **values, field_sources=sources, source=source))
    return out


def pubmed_notices(record: dict) -> list[notice_kinds.Notice]:
    found = [notice_kinds.Notice(n["kind"], "PubMed", n.get("pmid", ""))
             for n in record.get("notices", ())]
    if "Retracted Publication" in record.get("publication_types", ()) and not any(
            n.kind == "retraction" for n in found):
        found.append(notice_kinds.Notice("retraction", "PubMed", ""))
    return found


def crossref_notices(record: dict | None) -> list[notice_kinds.Notice]:
    return [notice_kinds.Notice(kind, "Crossref", ", ".join(notice.dois))
            for notice in verify.updates(record or {}) for kind in notice.kinds]


def notices(records: dict[int, dict], crossref: dict[int, dict]) -> list[Finding]:
    """One finding per finding code (kind of notice) that PubMed lists and Crossref does not:
    Crossref's findings are raised in lookup/resolve.py, one per code."""
    found = []
    for n, record in sorted(records.items()):
        merged = notice_kinds.merge([*crossref_notices(crossref.get(n)),
                                     *pubmed_notices(record)])
        said = {item.code for item in merged if "Crossref" in item.sources}
        for item in merged:
            if item.code in said:
                continue  # Crossref's finding, or an earlier PubMed one, stands for this code
            said.add(item.code)
            idents = ", ".join(f"PMID {i}" for i in item.idents)
            advice = ACTION.get(item.code, ACTION["corrected"])
            found.append(finding(item.code, f"PubMed lists {_article(item.kind)} "
                                 f"{item.kind}{f' ({idents})' if idents else ''} for reference "
                                 f"[{n}] (PMID {record.get('pmid', '')}); {advice}", n))
    return found


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"
