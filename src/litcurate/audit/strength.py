"""Is the wording stronger than the evidence it cites?

Two rules. The first (from checks.py): an assertive claim whose every cited work has a known
design, the best no better than CEBM level 4, unless it cites only laboratory work and
does not speak of patients (a review of animal biology was flagged on every "established":
CEBM levels grade clinical questions, not biochemistry); or a claim about patients that
cites only laboratory work without saying so. The second (issue 17): an assertive claim of
efficacy or cause ("已成为标准挽救方案", "proves that … improves survival", "首次证实 … 获得长期
生存") carried only by works that cannot carry it alone: phase I trials, single-arm studies,
case reports and series, laboratory work, commentaries and narrative reviews
(data/audit.yaml). A claim citing several works is judged by the works that carry it: those
whose design is known. An unknown design neither condemns nor clears: it is left out, and
the finding names it, with the works that carried the weight and where their design was read.
"""

from __future__ import annotations

from functools import cache

from .. import lexicon
from ..evidence import levels as evidence
from ..evidence.studies import Study
from ..findings import Finding, finding
from ..read import claims as claimmod
from ..read.claims import Claim


def _where(claim: Claim) -> str:
    return f"Claim {claim.claim_id} (line {claim.line})"


@cache
def _lex() -> dict:
    data = lexicon.load("audit")
    return {
        "efficacy": lexicon.compile_any(data["efficacy"]),
        "weak_designs": dict(data["weak_designs"]),
        "weak_phases": {str(p) for p in data["weak_phases"]},
    }


def check(claim: Claim, by_n: dict[int, Study]) -> list[Finding]:
    return overstated(claim, by_n) or weakly_carried(claim, by_n)


def overstated(claim: Claim, by_n: dict[int, Study]) -> list[Finding]:
    cited = [by_n[n] for n in claim.cited if n in by_n]
    designs = [s.design for s in cited]
    if not evidence.all_graded(designs):
        return []
    lex = claimmod.strength_lexicon()
    _, level = evidence.best(designs)
    listed = ", ".join(f"[{s.n}] {s.design.replace('_', ' ')}" for s in cited)
    all_preclinical = all(d == "preclinical" for d in designs)
    about_patients = [m.group(0) for p in lex["patients"] for m in p.finditer(claim.text)]
    says_so = any(p.search(claim.text) for p in lex["preclinical"])
    if all_preclinical and not about_patients:
        # a laboratory finding asserted on laboratory work is honest, whether or not it says
        # "in mice": CEBM levels grade clinical questions, and "it is established that the
        # enzyme cleaves β-carotene" rests on biochemistry by its nature. An efficacy word
        # on such work is still judged by the second rule (weakly_carried).
        return []
    if claim.strength == "assertive" and int(level) >= 4:
        words = "”, “".join(claim.cues)
        return [finding(
            "overstated_claim",
            f"{_where(claim)} asserts (“{words}”) on evidence no stronger than CEBM level "
            f"{level} ({listed}); hedge the wording or cite stronger evidence.",
            claim_id=claim.claim_id)]
    if all_preclinical and about_patients and not says_so and claim.strength != "hedged":
        return [finding(
            "overstated_claim",
            f"{_where(claim)} speaks of patients (“{about_patients[0]}”) but cites only "
            f"laboratory work ({listed}); say that the evidence is preclinical or cite "
            "clinical data.", claim_id=claim.claim_id)]
    return []


def asserted_effect(text: str) -> str:
    """The first efficacy word a booster governs: the nearest strength cue before it, in its
    statement (a table cell or the sentence), is a booster that is not negated."""
    lex = claimmod.strength_lexicon()
    for statement in text.split(" | "):
        cues = [(m.start(), "booster") for m in lex["booster"].finditer(statement)
                if not claimmod.negated(statement, m.start(), lex)]
        cues += [(m.start(), "hedge") for m in lex["hedge"].finditer(statement)]
        for match in _lex()["efficacy"].finditer(statement):
            before = [c for c in cues if c[0] < match.start()]
            if before and max(before)[1] == "booster":
                return match.group(0)
    return ""


def weakness(study: Study) -> tuple[str, str]:
    """(why this work cannot carry an efficacy claim alone, which field said so), or ('', '')."""
    weak = _lex()["weak_designs"]
    if study.phase and study.phase.split("/")[-1] in _lex()["weak_phases"]:
        return f"phase {study.phase} trial (dose-finding and safety)", "phase"
    if study.single_arm == "yes":
        return "single-arm study (no comparison group)", "randomized"
    if study.design in weak:
        return f"{study.design.replace('_', ' ')} ({weak[study.design]})", "design"
    return "", ""


def _read_at(study: Study, field: str) -> str:
    """Where that field was read, from the study's evidence notes."""
    for note in study.evidence:
        if note.startswith(f"{field}:"):
            return note.split(":", 1)[1].strip()
    return "its record"


def weakly_carried(claim: Claim, by_n: dict[int, Study]) -> list[Finding]:
    if claim.strength != "assertive":
        return []
    text = claim.text
    for citation in claim.citations:
        text = text.replace(citation["raw"], " ")
    efficacy = asserted_effect(text)
    if not efficacy:
        return []
    cited = [by_n[n] for n in claim.cited if n in by_n]
    carriers = [s for s in cited if s.design != "unknown"]
    if not carriers or not all(weakness(s)[0] for s in carriers):
        return []
    unknown = [s.n for s in cited if s.design == "unknown"]
    carried = "; ".join(f"[{s.n}] a {weakness(s)[0]}, read from {_read_at(s, weakness(s)[1])}"
                        for s in carriers)
    left = (f" ({', '.join(f'[{n}]' for n in unknown)}: design unknown, not counted)"
            if unknown else "")
    words = "”, “".join(claim.cues)
    return [finding(
        "overstated_claim",
        f"{_where(claim)} asserts (“{words}”) an effect (“{efficacy}”) that rests on "
        f"{carried}{left}; none of these can show it alone: hedge the wording or cite "
        "comparative evidence.", claim_id=claim.claim_id)]
