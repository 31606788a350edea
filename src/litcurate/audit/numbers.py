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
# "in 4778 Thai drivers", "of the 120 patients", "among 312 women": the population a count
# and its percentage ("461 (8.7%)") are of
POPULATION = re.compile(r"(?<![\w.])(?:[Ii]n|[Oo]f|[Aa]mong|[Aa]mongst)\s(?:the\s|all\s)?"
                        r"(?P<n>\d{1,3}(?:,\d{3})+|\d{2,7})\s(?!%|years?\b|months?\b|days?\b)"
                        r"[A-Za-z]")
COUNT_PERCENT = re.compile(r"(?<![\d.,/])(?P<k>\d{1,3}(?:,\d{3})+|\d{1,7})\s?[(（]\s?"
                           r"(?P<pct>\d{1,3}(?:[.,]\d{1,2})?)\s?%\s?[)）]")
# "76% (19/25), of whom CR 36%": a later percentage of the same patients
SUBSET = re.compile(r"其中|of (?:whom|these|them)|including|among them", re.I)


@cache
def _lex() -> dict:
    data = lexicon.load("audit")
    return {
        "enrolment": lexicon.compile_cues(lexicon.load("studies")["enrolment"]),
        "outcomes": lexicon.compile_any(data["proportion_outcomes"]),
        "evaluable": lexicon.compile_any(data["evaluable"]),
        "number_words": lexicon.load("studies")["number_words"],
    }


def enrolled(text: str) -> list[tuple[int, str]]:
    """(number, words) for each enrolment the text states (data/studies.yaml `enrolment`)."""
    found, spans = [], []
    for pattern in _lex()["enrolment"]:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in spans):
                continue
            spans.append((match.start(), match.end()))
            count = match.group("n").lower()
            found.append((int(count) if count.isdigit() else _lex()["number_words"][count],
                          match.group(0)))
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
        if any(rounds_to(k, total, pct) for k in range(total + 1)):
            continue
        value = float(pct)
        near = sorted(range(total + 1), key=lambda k: abs(100 * k / total - value))[:2]
        options = " or ".join(f"{k}/{total} = {100 * k / total:.1f}%" for k in sorted(near))
        found.append(finding(
            "numeric_inconsistency",
            f"{_where(claim)} says “{words}” and “{match.group(0).strip()}”, but no whole number "
            f"of {total} patients is {pct}% (nearest: {options}); correct the percentage or "
            "the enrolment.", claim_id=claim.claim_id))
    return found


def _whole(number: str) -> int:
    return int(number.replace(",", ""))


def rounds_to(k: int, n: int, pct: str) -> bool:
    """Whether k/n written as `pct`% is within the text's own rounding (one unit of the last
    digit written): the one rule for every percentage the audit checks."""
    decimals = len(re.split(r"[.,]", pct)[1]) if re.search(r"[.,]", pct) else 0
    return n > 0 and abs(100 * k / n - float(pct.replace(",", "."))) < 10 ** -decimals


def count_of_population(text: str, where: str, claim_id: str = "") -> list[Finding]:
    """"in 4778 Thai drivers finding 461 (8.7%)": a count and its percentage against the one
    population the sentence states. Silent when the sentence states several populations, or
    when any other number in it is a denominator that gives the percentage (a subgroup)."""
    found = []
    for sentence in re.split(r"(?<=[.;。；!?！？])\s", text):
        populations = {_whole(m.group("n")) for m in POPULATION.finditer(sentence)}
        if len(populations) != 1:
            continue
        total = populations.pop()
        numbers = {_whole(m) for m in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", sentence)}
        pairs = [(m, _whole(m.group("k")), m.group("pct"))
                 for m in COUNT_PERCENT.finditer(sentence)]
        bases = [100 * k / float(p.replace(",", ".")) for _, k, p in pairs
                 if float(p.replace(",", "."))]
        if len(bases) > 1 and max(bases) - min(bases) <= 0.03 * max(bases):
            continue  # "from 9 (22%) to 36 (88%)": every pair is of one other base (41 items)
        for match, k, pct in pairs:
            if k >= total or rounds_to(k, total, pct):
                continue
            if abs(100 * k / total - float(pct.replace(",", "."))) < 0.5:
                continue  # "37 (43.50%)" of 85: a slip in the second decimal is no matter
            if any(rounds_to(k, m, pct) for m in numbers if m > k):
                continue  # a percentage of some other number the sentence gives
            found.append(finding(
                "numeric_inconsistency",
                f"{where}: in “{match.group(0).strip()}” of {total}, {k}/{total} is "
                f"{100 * k / total:.1f}%, not {pct}%; correct one of the numbers.",
                claim_id=claim_id))
    return found


def percent_of_subset(claim: Claim) -> list[Finding]:
    """"总体反应率为76% (19/25)，其中CR为38%": a percentage of the same patients, after 其中 /
    "of whom", that no whole count of the fraction's denominator gives."""
    text = claim.full_text
    if enrolled(text):
        return []  # percent_of_enrolment judges against the enrolment
    fractions = list(FRACTION.finditer(text))
    if len({m.group("n") for m in fractions}) != 1:
        return []
    total = int(fractions[0].group("n"))
    if total < 2:
        return []
    found = []
    for match in PERCENT.finditer(text, fractions[-1].end()):
        between = text[fractions[-1].end(): match.start()]
        if match.group("frac") or not SUBSET.search(between) or re.search(r"[。；;]", between):
            continue
        pct = match.group("pct")
        if any(rounds_to(k, total, pct) for k in range(total + 1)):
            continue
        found.append(finding(
            "numeric_inconsistency",
            f"{_where(claim)} gives “{fractions[-1].group(0)}” and then “{match.group(0)}” of "
            f"those patients, but no whole number of {total} is {pct}%; correct the "
            "percentage.", claim_id=claim.claim_id))
    return found



def check(claim: Claim) -> list[Finding]:
    return [*fractions_vs_enrolment(claim), *percent_of_enrolment(claim),
            *percent_of_subset(claim)]
