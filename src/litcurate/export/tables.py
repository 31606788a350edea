"""The SPEC's CSV files: UTF-8, comma-separated, header row, multi-valued cells joined by `; `."""

from __future__ import annotations

import csv
import io

from ..curate import CuratedReference
from ..evidence.studies import Study
from ..findings import Finding, sort_key

REFERENCE_COLUMNS = (
    "n", "key", "authors", "et_al", "year", "title", "journal", "volume", "issue", "pages",
    "article_number", "doi", "status", "times_cited", "source", "style", "line", "key_source",
    "type", "pmid", "pmcid", "url", "publisher", "editors", "edition", "confidence", "raw",
)
FINDING_COLUMNS = ("code", "severity", "n", "claim_id", "message")
STUDY_COLUMNS = (
    "n", "key", "design", "cebm_level", "phase", "randomized", "population", "setting",
    "sample_size", "interventions", "trial_name", "evidence", "centres", "single_arm",
    "age_range", "outcomes", "sample_size_source", "pmid", "publication_types",
)
CLAIM_COLUMNS = (
    "claim_id", "section", "text", "cited", "strength", "best_design", "best_cebm_level",
    "level_count", "grade", "flags", "line", "kind", "cues", "context",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One CSV cell; a leading = + - @ is neutralised so a spreadsheet shows it as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def dumps(columns, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def references_csv(curated: list[CuratedReference]) -> str:
    return dumps(REFERENCE_COLUMNS, (ref.to_dict() for ref in curated))


def findings_csv(findings: list[Finding]) -> str:
    return dumps(FINDING_COLUMNS, (f.to_dict() for f in sorted(findings, key=sort_key)))


def studies_csv(found: list[Study]) -> str:
    return dumps(STUDY_COLUMNS, (s.to_dict() for s in found))


def claims_csv(rows: list[dict]) -> str:
    """Claims as audited: the claim, the evidence behind it, the findings it raised."""
    return dumps(CLAIM_COLUMNS, ({**row, "context": " ".join(row["context"])} for row in rows))
