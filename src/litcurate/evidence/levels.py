"""Evidence levels: the Oxford CEBM 2011 level (treatment benefits) of designs, and a grade
of the evidence behind a claim.

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


# Grades of the evidence behind one claim, after the Oxford CEBM grades of recommendation
# (A: consistent level 1 studies; B: consistent level 2/3; C: level 4; D: level 5 or
# troublingly inconsistent), read at a glance by an editor.
GRADES = {
    "A": "consistent level-1/2 studies",
    "B": "consistent level-1/2/3 studies",
    "C": "level-4 studies, or level 1-3 mixed with level 4",
    "D": "level 5, or inconsistent levels (three or more apart)",
}


def grade(designs: list[str]) -> tuple[str, int, str]:
    """(best level, how many cited works carry it, grade letter) for a claim's cited designs.

    Only graded designs count (reviews, guidelines and unknown designs carry no level);
    with none, ('', 0, ''): no grade is better than a guessed one.
    """
    levels = [int(level(d)) for d in designs if level(d)]
    if not levels:
        return "", 0, ""
    best_level, worst = min(levels), max(levels)
    count = levels.count(best_level)
    if best_level == 5 or worst - best_level >= 3:
        letter = "D"
    elif worst <= 2:
        letter = "A"
    elif worst <= 3:
        letter = "B"
    else:
        letter = "C"
    return str(best_level), count, letter
