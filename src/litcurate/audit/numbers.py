"""Numbers a claim gives that cannot all be true together.

Two checks a careful reader does with a pencil: the denominator of a fraction against the
enrolment the same claim states ("28 例入组 … 19/25"), and a percentage of patients against
the enrolment ("25 例 … CR 46%": no whole number of 25 patients is 46%). Both speak only when
the claim states one enrolment; a smaller denominator is honest when the claim says why
(evaluable, treated, completed…), and only percentages of patients (response, remission)
are checked, never survival estimates, which no count need give. The tolerance is the
text's own rounding: one unit of the last digit written (46% = 45.0…47.0; 45.5% = 45.4…45.6).
"""

from __future__ import annotations

import re
from functools import cache

from .. import lexicon
from ..findings import Finding, finding
from ..read.claims import Claim

FRACTION = re.compile(r"(?<![\d./])(?P<k>\d{1,5})\s?/\s?(?P<n>\d{1,5})(?![\d./])")
PERCENT = re.compile(r"(?<![\d.])(?P<pct>\d{1,3}(?:\.\d{1,2})?)\s?%"
                     r"(?P<frac>\s?[(（]\s?\d{1,5}\s?/)?")
COUNTS = re.compile(r"(?<![\d.])(?:(\d{1,5})\s?(?:例|名)|(\d{1,5}) (?:[a-z-]+ ){0,2}"
                    r"(?:patients|participants|cases|children|adults|were|had)\b)")
CLAUSE = re.compile(r"[，,；;。！？!?]")


@cache
def _lex() -> dict:
    data = lexicon.load("audit")
    return {
        "enrolment": lexicon.compile_cues(lexicon.load("studies")["enrolment"]),
        "outcomes": lexicon.compile_any(data["proportion_outcomes"]),
        "evaluable": lexicon.compile_any(data["evaluable"]),
    }


def enrolled(text: str) -> list[tuple[int, str]]:
    """(number, words) for each enrolment the text states (data/studies.yaml `enrolment`)."""
    found, spans = [], []
    for pattern in _lex()["enrolment"]:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in spans):
                continue
            spans.append((match.start(), match.end()))
            found.append((int(match.group("n")), match.group(0)))
    return found


def _one_enrolment(text: str) -> tuple[int, str] | None:
    stated = enrolled(text)
    if len({n for n, _ in stated}) != 1:
        return None
    return stated[0]


def _where(claim: Claim) -> str:
    return f"Claim {claim.claim_id} (line {claim.line})"


def fractions_vs_enrolment(claim: Claim) -> list[Finding]:
    """A fraction whose denominator is not the enrolment the claim states, with no word
    saying why (more than enrolled is never possible)."""
    text = claim.full_text
    one = _one_enrolment(text)
    if not one:
        return []
    total, words = one
    found = []
    for match in FRACTION.finditer(text):
        k, n = int(match.group("k")), int(match.group("n"))
        if n == total or k > n or n < 2:
            continue
        if n < total and _lex()["evaluable"].search(text):
            continue  # "25 evaluable of 28 enrolled": said, and honest
        found.append(finding(
            "numeric_inconsistency",
            f"{_where(claim)} says “{words}”, but gives “{match.group(0)}”: the denominator is "
            f"{'more' if n > total else 'less'} than the {total} enrolled and the claim does "
            "not say why; correct one of the numbers.", claim_id=claim.claim_id))
    return found


def percent_of_enrolment(claim: Claim) -> list[Finding]:
    """A percentage of patients that no whole count of the stated enrolment gives."""
    text = claim.full_text
    one = _one_enrolment(text)
    if not one:
        return []
    total, words = one
    if {int(a or b) for a, b in COUNTS.findall(text)} - {total}:
        return []  # another count of patients: the percentages may be of that subset
    found = []
    for match in PERCENT.finditer(text):
        if match.group("frac"):
            continue  # its own fraction is checked against it (checks.numbers_in)
        start = max(0, match.start() - 14)
        before = CLAUSE.split(text[start: match.start()])[-1]
        after = CLAUSE.split(text[match.end(): match.end() + 30])[0]
        if not (_lex()["outcomes"].search(before) or _lex()["outcomes"].search(after)):
            continue
        pct = match.group("pct")
        decimals = len(pct.split(".")[1]) if "." in pct else 0
        value = float(pct)
        if any(abs(100 * k / total - value) < 10 ** -decimals for k in range(total + 1)):
            continue
        near = sorted(range(total + 1), key=lambda k: abs(100 * k / total - value))[:2]
        options = " or ".join(f"{k}/{total} = {100 * k / total:.1f}%" for k in sorted(near))
        found.append(finding(
            "numeric_inconsistency",
            f"{_where(claim)} says “{words}” and “{match.group(0).strip()}”, but no whole number "
            f"of {total} patients is {pct}% (nearest: {options}); correct the percentage or "
            "the enrolment.", claim_id=claim.claim_id))
    return found


def check(claim: Claim) -> list[Finding]:
    return [*fractions_vs_enrolment(claim), *percent_of_enrolment(claim)]
