"""Findings of author–year citations and of the alphabetical list they point into.

The linking itself is done when the citations are read (read.authoryear): every work keeps
its status, and this module only words the findings. Precision first: a work read as
`silent` (an acronym, a narrative name that may be a word, an entry not parsed well) raises
nothing, and an entry is called uncited only when no citation could have meant it.
"""

from __future__ import annotations

import re

from ..curate import CuratedReference
from ..findings import Finding, finding
from ..read.authoryear import fold
from ..read.claims import Claim
from ..text import folded
from .order import longest_ordered

PARTICLE_START = re.compile(r"^\s*(?:van|von|de|der|den|da|du|di|del|le|la|ten|ter|d'|l')\b",
                            re.IGNORECASE)
ALPHABETICAL_SHARE = 0.8  # below this the list is not alphabetical by design: stay silent


def is_author_year(claims: list[Claim]) -> bool:
    return any("works" in citation for claim in claims for citation in claim.citations)


def _where(claim: Claim) -> str:
    return f"Claim {claim.claim_id} (line {claim.line})"


def findings(claims: list[Claim], refs: list[CuratedReference],
             texts: list[str] = ()) -> list[Finding]:
    """The author-year findings; `texts` are the body texts that may cite (read.citations.
    citing_texts): an entry whose author and year stand together there is not called uncited
    even if that citation could not be read (`(Hillyard. Hink, 1973)`)."""
    body = _plain(" ".join(texts))
    found: list[Finding] = []
    cited: set[int] = set()
    maybe: set[int] = set()  # candidates of ambiguous or undecided works
    undecided_names: set[str] = set()
    # one finding per work cited wrongly, however often it is cited: its first claim, and
    # the others named ("Roder et al., 1999" cited twice lacks one entry, not two)
    problems: dict[tuple[str, str], tuple[dict, list[Claim]]] = {}
    for claim in claims:
        for citation in claim.citations:
            for work in citation.get("works", ()):
                cited.update(work["numbers"])
                status = work["status"]
                if status in ("unmatched", "ambiguous"):
                    if status == "ambiguous":
                        maybe.update(work["candidates"])
                    key = (status, fold(re.sub(r"\W+", " ", work["text"])))
                    problems.setdefault(key, (work, []))[1].append(claim)
                elif status == "year_mismatch":
                    n = work["numbers"][0]
                    found.append(finding(
                        "citation_year_mismatch",
                        f"{_where(claim)} cites “{work['text']}” ({work['year']}), but the "
                        f"entry by those authors, [{n}], is dated {work['entry_year']}; "
                        "correct the year in the text or in the list.",
                        n=n, claim_id=claim.claim_id))
                elif status == "silent":
                    maybe.update(work["candidates"])
                    undecided_names.add(fold(work["text"]))
    for (status, _), (work, citing) in problems.items():
        first = citing[0]
        each = list({c.claim_id: c for c in citing}.values())
        who = (_where(first) + " cites" if len(each) == 1 else
               "Claims " + ", ".join(f"{c.claim_id} (line {c.line})" for c in each[:-1])
               + f" and {each[-1].claim_id} (line {each[-1].line}) cite")
        if status == "unmatched":
            found.append(finding(
                "citation_unmatched",
                f"{who} “{work['text']}”, but no entry of the reference list has that first "
                "author and year; add the entry or correct the citation.",
                claim_id=first.claim_id))
        else:
            listed = ", ".join(f"[{n}]" for n in work["candidates"])
            found.append(finding(
                "citation_ambiguous",
                f"{who} “{work['text']}”, which fits entries {listed} equally; give each "
                f"entry and each citation its year suffix ({work['year']}a, {work['year']}b).",
                claim_id=first.claim_id))
    for ref in refs:
        if ref.n in cited or ref.n in maybe or ref.reading != "parsed":
            continue
        first = _first_family(ref)
        if not first or any(first in text for text in undecided_names):
            continue  # a citation we could not link may be this entry's
        if _named_with_year(body, first, ref.year):
            continue  # written in the text with its year, in a form not read
        found.append(finding("uncited_reference", f"Reference [{ref.n}] is never cited in the "
                             "text; cite it where it belongs or remove it.", n=ref.n))
    return found + order_findings(refs)


_plain = folded  # case and diacritics folded, the rest kept: where words stand matters


def _named_with_year(body: str, family: str, year: str) -> bool:
    year = year[:4]
    if not family or not year.isdigit():
        return False
    return any(year in body[m.end():m.end() + 80]
               for m in re.finditer(rf"\b{re.escape(family)}\b", body))


def _first_family(ref: CuratedReference) -> str:
    """The first author's family name (authors are shown `Family, I.`), folded."""
    family = ref.authors[0].split(",")[0].strip() if ref.authors else ""
    if not family or PARTICLE_START.match(family) or len(family.split()) > 1:
        return ""  # "de Vos", "World Health Organization": where they sort is a house rule
    printed = re.sub(r"^\s*(?:\[\d+\]|\d+\.)\s*", "", ref.raw or "")
    if not _plain(printed).startswith(_plain(family)):
        return ""  # the parser's first family is not what the entry starts with
    return fold(family)


def _sorted_run(refs: list[CuratedReference]) -> tuple[list, set[int]] | None:
    """Entries with a first author read well, and the indexes of the longest sorted run —
    or None when the list is not alphabetical by design (too little of it is in order)."""
    named = [(ref, _first_family(ref)) for ref in refs if ref.reading == "parsed"]
    named = [(ref, name) for ref, name in named if name]
    if len(named) < 5:
        return None
    keep = set(longest_ordered([name for _, name in named], strict=False))
    if len(keep) < ALPHABETICAL_SHARE * len(named):
        return None
    return named, keep


def alphabetical(refs: list[CuratedReference]) -> bool:
    """Is the list ordered by first author (a numbered list may be: Vancouver variants)?"""
    return _sorted_run(refs) is not None


def order_findings(refs: list[CuratedReference]) -> list[Finding]:
    """Entries out of alphabetical order of first author (those off the longest sorted run)."""
    run = _sorted_run(refs)
    if run is None:
        return []
    named, keep = run
    found = []
    for i, (ref, _name) in enumerate(named):
        if i in keep:
            continue
        before = next((named[j][0] for j in range(i - 1, -1, -1) if j in keep), None)
        where = f"after [{before.n}]" if before else "at the start"
        found.append(finding(
            "reference_order",
            f"Reference [{ref.n}] ({ref.raw[:40].strip()}…) is out of alphabetical order "
            f"of first author ({where}); move it to its place in the list.", n=ref.n))
    return found


