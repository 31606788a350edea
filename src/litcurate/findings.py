"""Findings: every problem the pipeline finds, of any kind, in one record type."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# One severity per code, so the same problem always reads the same to an editor.
SEVERITY = {
    "doi_missing": "warning",
    "doi_malformed": "error",
    "doi_unresolved": "error",  # registered nowhere; a search found the work meant
    "doi_points_elsewhere": "error",  # the DOI is another work; a search found the one meant
    "doi_other_agency": "info",  # registered with DataCite, mEDRA, JaLC …: not checked here
    "reference_not_found": "warning",  # nothing agrees: check by hand, it may not exist
    "metadata_mismatch": "warning",
    "retracted": "error",
    "withdrawn": "error",
    "expression_of_concern": "warning",
    "corrected": "warning",
    "new_version": "info",
    "preprint_published": "warning",
    "duplicate_reference": "warning",
    "reference_unparsed": "error",
    "reference_uncertain": "warning",  # read with low confidence; its fields are not checked
    "reference_numbering": "warning",  # a gap or a repeat in the list's numbering
    "check_skipped": "info",  # a check that could not be trusted here, and why
    "uncited_reference": "warning",
    "citation_out_of_range": "error",
    "citation_malformed": "error",
    "citation_order": "info",
    "citation_unmatched": "error",  # an author-year citation that no entry answers
    "citation_ambiguous": "warning",  # an author-year citation that several entries answer
    "citation_year_mismatch": "warning",  # the text's year is not the entry's
    "reference_order": "info",  # an author-year list out of alphabetical order
    "overstated_claim": "warning",
    "entity_mismatch": "error",
    "entity_unverified": "info",  # a trial named in a claim that no reference's metadata names
    "author_mismatch": "warning",
    "numeric_inconsistency": "warning",
    # the claim's subject against what the cited work's metadata states (issue 17)
    "citation_topic_mismatch": "error",  # subject absent from every cited work, named by another
    "phase_mismatch": "warning",
    "population_mismatch": "warning",
    "setting_mismatch": "warning",
    # a reference manager's field code (Word) and the typed list entry disagree, or a work
    # cited through field codes has no entry (lookup/embedded.py)
    "reference_manager_mismatch": "warning",
    "citation_key_missing": "error",  # a LaTeX cite key with no entry in the .bib
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    n: int | None = None
    claim_id: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(**data)


def finding(code: str, message: str, n: int | None = None, claim_id: str = "",
            severity: str | None = None) -> Finding:
    return Finding(code, severity or SEVERITY[code], message, n, claim_id)


def sort_key(item: Finding) -> tuple:
    return (
        SEVERITY_ORDER.get(item.severity, 9),
        item.n if item.n is not None else 10**9,
        item.claim_id,
        item.code,
        item.message,
    )
