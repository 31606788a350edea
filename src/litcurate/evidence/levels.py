"""Evidence levels: the Oxford CEBM 2011 level (treatment benefits) of designs.

Reviews and guidelines carry no level of their own (they are secondary sources), and an
unknown design carries none either: neither counts as weak evidence, so neither can make
a claim look overstated.
"""

from __future__ import annotations

from .. import lexicon

DESIGNS = (
    "systematic_review", "rct", "nonrandomized_trial", "cohort", "case_series",
    "case_report", "preclinical", "review", "guideline", "commentary", "unknown",
)
SECONDARY = frozenset({"review", "guideline"})


def level(design: str) -> str:
    """'1'…'5', or '' for secondary sources and unknown designs."""
    value = lexicon.load("studies")["cebm_levels"].get(design, "")
    return str(value) if value != "" else ""


def best(designs: list[str]) -> tuple[str, str]:
    """(best design, its level) among cited designs: the lowest level wins.

    With no graded design, a secondary source is named (its level empty); with nothing
    known at all, ('unknown', '').
    """
    graded = [(int(level(d)), d) for d in designs if level(d)]
    if graded:
        lowest = min(graded)
        return lowest[1], str(lowest[0])
    for design in designs:
        if design in SECONDARY:
            return design, ""
    return "unknown", ""


def all_graded(designs: list[str]) -> bool:
    """True when every cited design has a level: only then can the evidence be called weak."""
    return bool(designs) and all(level(d) for d in designs)
