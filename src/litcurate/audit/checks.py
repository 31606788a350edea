"""Check every claim against what it cites, and the citations against the reference list.

Precision first: an editor stops reading a tool that cries wolf. So a claim is called
overstated only when every work it cites has a known design and the best of them is a
case report, case series, laboratory study or commentary; a name is called a mismatch
only when it belongs to another reference's metadata; numbers are compared only where
they must agree (a percentage and its own fraction, a stated enrolment and the study's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon
from ..curate import CuratedReference
from ..evidence import levels as evidence
from ..evidence import studies
from ..evidence.studies import Study
from ..findings import Finding, finding
from ..read import claims as claimmod
from ..read.citations import citing_texts
from ..read.claims import Claim
from ..read.manuscript import Manuscript
from ..text import clipped, person
from . import citelinks, names, numbers, strength, subject
from .order import longest_ordered


@dataclass(frozen=True)
class Audited:
    """A claim with the evidence behind it and the findings it raised."""

    claim: Claim
    best_design: str
    best_cebm_level: str
    flags: tuple[str, ...]
    level_count: int = 0  # how many cited works carry the best level
    grade: str = ""  # evidence.levels.grade: A-D, '' when no cited work is graded

    def row(self) -> dict:
        return {**self.claim.to_dict(), "best_design": self.best_design,
                "best_cebm_level": self.best_cebm_level, "flags": list(self.flags),
                "level_count": self.level_count, "grade": self.grade}


def check(text: Manuscript, claims: list[Claim], found_studies: list[Study],
          refs: list[CuratedReference]) -> tuple[list[Audited], list[Finding]]:
    by_n = {s.n: s for s in found_studies}
    ref_by_n = {r.n: r for r in refs}
    count = len(refs)
    result: list[Finding] = []
    if citelinks.is_author_year(claims):
        result += citelinks.findings(claims, refs, citing_texts(text))
    else:
        skipped = skipped_checks(claims, refs)
        numeric = citation_findings(claims, count, uncited=not skipped)
        if citelinks.alphabetical(refs) and any(f.code == "citation_order" for f in numeric):
            numeric = [f for f in numeric if f.code != "citation_order"]
            skipped.append("citation_order: the numbered list is in alphabetical order of "
                           "first author, so references are not meant to be first cited in "
                           "numeric order")
        result += numeric
        result += [finding("check_skipped", f"Not checked: {reason}.") for reason in skipped]
    index = OwnerIndex(by_n, ref_by_n)
    described = {n: subject.metadata(ref, by_n.get(n)) for n, ref in ref_by_n.items()}
    for claim in claims:
        result += strength.check(claim, by_n)
        result += entities(claim, index, ref_by_n)
        result += authors(claim, ref_by_n)
        result += numbers_in(claim.full_text, claim_id=claim.claim_id, line=claim.line)
        singled = focus(claim, index, ref_by_n)
        result += enrolment(claim, by_n, singled) or numbers.check(claim)
        result += subject.check(claim, described, ref_by_n, singled)
    result += enrolment_across(claims)
    result += _uncited_numbers(text, claims)
    flags: dict[str, list[str]] = {}
    for item in result:
        if item.claim_id:
            flags.setdefault(item.claim_id, [])
            if item.code not in flags[item.claim_id]:
                flags[item.claim_id].append(item.code)
    audited = []
    for claim in claims:
        designs = [by_n[n].design for n in claim.cited if n in by_n]
        design, level = evidence.best(designs)
        _, count, letter = evidence.grade(designs)
        audited.append(Audited(claim, design, level, tuple(flags.get(claim.claim_id, ())),
                               count, letter))
    return audited, result


def _where(claim: Claim) -> str:
    return f"Claim {claim.claim_id} (line {claim.line})"



# ---------------------------------------------------------------------------- citations


def skipped_checks(claims: list[Claim], refs: list[CuratedReference]) -> list[str]:
    """Checks that cannot be trusted on this manuscript, each with why (shown to the editor)."""
    skipped = []
    if not any(claim.citations for claim in claims):
        skipped.append("uncited_reference: no in-text citation of a form litcurate reads was "
                       "found, so every reference would look uncited")
    elif refs and all(ref.raw and not re.match(r"^\s*(?:[-*+]\s+)?\W?\d", ref.raw)
                      for ref in refs):
        skipped.append("uncited_reference: the reference list is not numbered, and numbered "
                       "citations cannot be linked to it")
    return skipped


def citation_findings(claims: list[Claim], count: int, uncited: bool = True) -> list[Finding]:
    found: list[Finding] = []
    cited: set[int] = set()
    firsts: list[tuple[int, Claim]] = []
    for claim in claims:
        for citation in claim.citations:
            for problem in citation["problems"]:
                found.append(finding(
                    "citation_malformed",
                    f"{_where(claim)}: the citation “{citation['raw']}” is a {problem}; "
                    "correct the numbers.", claim_id=claim.claim_id))
            for n in citation["numbers"]:
                if n < 1 or n > count:
                    found.append(finding(
                        "citation_out_of_range",
                        f"{_where(claim)} cites [{n}] in “{citation['raw']}”, but the "
                        f"reference list ends at [{count}]; correct the number.",
                        n=None, claim_id=claim.claim_id))
                elif n not in cited:
                    cited.add(n)
                    firsts.append((n, claim))
    for n in range(1, count + 1 if uncited else 1):
        if n not in cited:
            found.append(finding("uncited_reference", f"Reference [{n}] is never cited in the "
                                 "text; cite it where it belongs or remove it.", n=n))
    found += _order_findings(firsts)
    return found


def _order_findings(firsts: list[tuple[int, Claim]]) -> list[Finding]:
    """References first cited out of numeric order: those off the longest increasing run."""
    keep = {firsts[i][0] for i in longest_ordered([n for n, _ in firsts])}
    found = []
    for i, (n, claim) in enumerate(firsts):
        if n in keep:
            continue
        before = f"[{firsts[i - 1][0]}] before it" if i else "none before it"
        after = f"[{firsts[i + 1][0]}] after it" if i + 1 < len(firsts) else "none after it"
        found.append(finding(
            "citation_order",
            f"Reference [{n}] is first cited in {_where(claim)}, out of numeric order "
            f"(first citations: {before}, {after}); renumber so that references are first "
            "cited in order.", n=n, claim_id=claim.claim_id))
    return found


# ---------------------------------------------------------------------------- evidence


# ---------------------------------------------------------------------------- names


class OwnerIndex:
    """Which references' metadata name a trial: built once, so a check costs no list scan."""

    def __init__(self, by_n: dict[int, Study], ref_by_n: dict[int, CuratedReference]) -> None:
        self.names: dict[str, set[int]] = {}
        self.texts: list[tuple[int, str]] = []
        for n, ref in ref_by_n.items():
            metadata = " ".join((ref.title, *(by_n[n].trial_names_in_metadata
                                              if n in by_n else ())))
            named = by_n[n].trial_names_in_metadata if n in by_n else ()
            for name in (*studies.trial_names(metadata), *named):
                self.names.setdefault(lexicon.fold_name(name), set()).add(n)
            self.texts.append((n, f" {lexicon.fold_name(metadata)} "))

    def owners(self, name: str) -> set[int]:
        """The references whose metadata names `name`: by the trial-name shapes, and word for
        word in their titles (a title the shapes read differently still names it: "the Look
        AHEAD (Action for Health in Diabetes) study")."""
        folded = lexicon.fold_name(name)
        return self.names.get(folded, set()) | {
            n for n, text in self.texts if f" {folded} " in text}


def focus(claim: Claim, index: OwnerIndex, ref_by_n: dict[int, CuratedReference]
          ) -> tuple[int, ...]:
    """The one cited work a claim singles out, when it cites several: the work whose metadata
    names the trial the claim names ("AALL1231 … [18] [19]"), or whose author it names
    ("Mills et al. found … [161-166]"). () when nothing singles one out, or when the names
    point to different works."""
    if len(claim.cited) < 2:
        return ()
    cited = set(claim.cited)
    picked: set[int] = set()
    for name in studies.trial_names(claim.text):
        picked |= index.owners(name) & cited
    for _, folded in _people(claim.text):
        picked |= {n for n in cited if n in ref_by_n and names.is_author(folded, ref_by_n[n])}
    return tuple(picked) if len(picked) == 1 else ()


def _people(text: str) -> list[tuple[re.Match, str]]:
    """(match, folded family name) for each person the text names as an author ("X 等",
    "X et al.", "X and colleagues"), in order; a drug or gene before 等 is no person."""
    found = []
    for pattern in claimmod.strength_lexicon()["authors"]:
        for match in pattern.finditer(text):
            folded = person(match.group("name"))
            if folded and names.looks_like_person(match.group("name")):
                found.append((match, folded))
    return found


def entities(claim: Claim, index: OwnerIndex,
             ref_by_n: dict[int, CuratedReference]) -> list[Finding]:
    found = []
    named = studies.trial_names(claim.text)
    folded = {lexicon.fold_name(n) for n in named}
    anywhere = [n for n in subject.trial_mentions(claim.text, index.names)
                if n not in folded and not any(n in f for f in folded)]
    for name in (*named, *anywhere):
        owners = index.owners(name)
        cited = ", ".join(f"[{n}]" for n in claim.cited)
        if not owners:
            if name in anywhere:
                continue
            found.append(finding(
                "entity_unverified",
                f"{_where(claim)} names “{name}”, which no reference's title or abstract "
                f"mentions; check that {cited} reports it.", claim_id=claim.claim_id))
        elif not owners & set(claim.cited) and not any(
                subject.spelled_out(name, ref_by_n[n].title)
                for n in claim.cited if n in ref_by_n):
            theirs = ", ".join(f"[{n}]" for n in sorted(owners))
            found.append(finding(
                "entity_mismatch",
                f"{_where(claim)} names “{name}”, the study of {theirs}, but cites {cited}; "
                f"cite {theirs} or correct the name.", claim_id=claim.claim_id))
    return found


def authors(claim: Claim, ref_by_n: dict[int, CuratedReference]) -> list[Finding]:
    """A person named as the author of what the claim cites who is not among its authors.
    The names inside an author-year citation are the citation itself ("(Roder et al.,
    1999)"): the citation linker judges them (citation_unmatched, citation_ambiguous), so
    they are blanked out here, and a claim that cites nothing is not judged at all."""
    found = []
    seen = set()
    if not claim.cited:
        return found
    text = claim.text
    for citation in claim.citations:
        if citation.get("works"):
            text = text.replace(citation["raw"], " " * len(citation["raw"]))
    for match, folded in _people(text):
        name = match.group("name")
        if folded in seen:
            continue
        seen.add(folded)
        if any(names.is_author(folded, ref_by_n[n]) for n in claim.cited if n in ref_by_n):
            continue
        if not all(names.authors_known(ref_by_n[n]) for n in claim.cited if n in ref_by_n):
            continue  # a cited work whose authors were not read cannot be said to lack X
        elsewhere = sorted(n for n, ref in ref_by_n.items() if names.is_author(folded, ref))
        hint = (f"; {name} is an author of " + ", ".join(f"[{n}]" for n in elsewhere)
                if elsewhere else "")
        near = [(n, names.near_author(folded, ref_by_n[n])) for n in claim.cited
                if n in ref_by_n]
        near = [(n, family) for n, family in near if family]
        if near and not elsewhere:
            n, family = near[0]
            hint = f"; [{n}] has the author {family} (a misspelling?)"
        cited = ", ".join(f"[{n}]" for n in claim.cited)
        found.append(finding(
            "author_mismatch",
            f"{_where(claim)} names “{clipped(match.group(0), 40)}”, but {name} is not an "
            f"author of the cited {cited}{hint}; check the citation or the name.",
            claim_id=claim.claim_id))
    return found


# ---------------------------------------------------------------------------- numbers

# A percentage may be written with a decimal point or, in most of Europe and Latin America, a
# decimal comma ("58,8%"); no match starts inside a longer number.
_PCT = r"\d{1,3}(?:[.,]\d{1,2})?"
PERCENT_FRACTION = re.compile(
    rf"(?<![\d.,])(?P<pct>{_PCT})\s?%\s?[(（]\s?(?P<k>\d{{1,6}})\s?/\s?(?P<n>\d{{1,6}})\s?[)）]"
    rf"|(?<![\d.,])(?P<k2>\d{{1,6}})\s?/\s?(?P<n2>\d{{1,6}})\s?[(（]\s?(?P<pct2>{_PCT})\s?%\s?[)）]"
    rf"|(?<![\d.,])(?P<k3>\d{{1,6}}) of (?P<n3>\d{{1,6}})(?: [a-z-]+){{0,3}} ?[(（]\s?"
    rf"(?P<pct3>{_PCT})\s?%\s?[)）]"
)
AGE_RANGE = re.compile(r"(?P<lo>\d{1,3})\s?[~～至到]\s?(?P<hi>\d{1,3})\s?岁")


def numbers_in(text: str, claim_id: str = "", line: int = 0) -> list[Finding]:
    """A percentage its own fraction contradicts, a fraction over one, a reversed age range."""
    where = f"Claim {claim_id} (line {line})" if claim_id else f"Line {line}"
    found = []
    for match in PERCENT_FRACTION.finditer(text):
        pct = (match.group("pct") or match.group("pct2") or match.group("pct3")).replace(",", ".")
        k = int(match.group("k") or match.group("k2") or match.group("k3"))
        n = int(match.group("n") or match.group("n2") or match.group("n3"))
        quoted = match.group(0).strip()
        if n == 0 or k > n:
            found.append(finding(
                "numeric_inconsistency",
                f"{where}: in “{quoted}” the fraction {k}/{n} is not a proportion; correct the "
                "numbers.", claim_id=claim_id))
            continue
        actual = 100 * k / n
        # written percentages are rounded, sometimes truncated: one unit of the last digit
        if not numbers.rounds_to(k, n, pct):
            found.append(finding(
                "numeric_inconsistency",
                f"{where}: in “{quoted}” {k}/{n} is {actual:.1f}%, not {pct}%; correct one of "
                "the numbers.", claim_id=claim_id))
    found += numbers.count_of_population(text, where, claim_id)
    for match in AGE_RANGE.finditer(text):
        if int(match.group("lo")) > int(match.group("hi")):
            found.append(finding(
                "numeric_inconsistency",
                f"{where}: the age range “{match.group(0)}” runs backwards; correct it.",
                claim_id=claim_id))
    return found


enrolled = numbers.enrolled  # one definition: audit/numbers.py


def enrolment(claim: Claim, by_n: dict[int, Study], singled: tuple[int, ...] = ()
              ) -> list[Finding]:
    """A sample size stated for one cited study (the only one, or the one the claim singles
    out by name) that its own metadata contradicts."""
    cited = singled or claim.cited
    if len(cited) != 1 or cited[0] not in by_n:
        return []
    study = by_n[cited[0]]
    known = study.sample_size
    if not known.isdigit() or study.sample_size_source.startswith("manuscript"):
        return []
    stated = enrolled(claim.full_text)
    if not stated or any(n == int(known) for n, _ in stated):
        return []
    words = stated[0][1]
    return [finding(
        "numeric_inconsistency",
        f"{_where(claim)} says “{words}”, but [{study.n}] reports {known} patients (its "
        f"{study.sample_size_source}); correct the number or the citation.",
        claim_id=claim.claim_id)]


def enrolment_across(claims: list[Claim]) -> list[Finding]:
    """Two claims that cite one study alone and give it different enrolments."""
    first: dict[int, tuple[int, str, Claim]] = {}
    found = []
    for claim in claims:
        if len(claim.cited) != 1:
            continue
        stated = enrolled(claim.full_text)
        if not stated:
            continue
        n_ref = claim.cited[0]
        number, words = stated[0]
        if n_ref not in first:
            first[n_ref] = (number, words, claim)
        elif first[n_ref][0] != number:
            _, other_words, other = first[n_ref]
            found.append(finding(
                "numeric_inconsistency",
                f"{_where(claim)} says “{words}” of [{n_ref}], but {_where(other)} says "
                f"“{other_words}”; make them agree.", claim_id=claim.claim_id))
    return found


def _uncited_numbers(text: Manuscript, claims: list[Claim]) -> list[Finding]:
    """Sentences outside every claim are checked too (with their line, no claim id)."""
    inside = {s for c in claims for s in (c.text, *c.context)}
    found = []
    for passage in claimmod.passages(text):
        if not passage.found and passage.text not in inside:
            found += numbers_in(passage.text, line=passage.line)
    return found

