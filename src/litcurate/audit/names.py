"""Is the word before 等 / et al. / and colleagues a person? Only when it looks like one.

Reviews write "Tofacitinib 等 JAK 抑制剂", "Polycomb 等复合体", "Ikaros 等转录因子": a drug, a
complex, a transcription factor, listed as the first of a kind. Calling them authors who
are missing from the cited work is a false alarm. A word is not a person when the
glossary names it (interventions, targets, abbreviations), when data/audit.yaml lists it
(biological names met in reviews), or when its shape is a drug's or a gene's (a drug stem,
a digit inside the word, capitals).
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz.distance import Levenshtein

from .. import lexicon
from ..curate import CuratedReference
from ..text import person


@cache
def _known_not_people() -> frozenset[str]:
    glossary = lexicon.load("glossary")
    words = {str(w) for w in (*glossary["targets"], *glossary["not_names"])}
    for name, entry in glossary["interventions"].items():
        words.add(name)
        words.update(str(a) for a in entry["aliases"])
    words.update(lexicon.load("audit")["not_people"])
    return frozenset(person(w) for w in words)


@cache
def _shapes() -> re.Pattern:
    shapes = lexicon.load("audit")["not_person_shapes"]
    return re.compile("(?:" + "|".join(f"(?:{s})" for s in shapes) + ")", re.IGNORECASE)


def looks_like_person(name: str) -> bool:
    """A family name as written before 等 / et al.: not a drug, gene, protein or complex."""
    folded = person(name)
    if not folded or folded in _known_not_people():
        return False
    if name.isupper():
        return False  # NOTCH, MYC: a gene written in capitals
    last = folded.split()[-1]
    return not _shapes().fullmatch(last) and not _shapes().fullmatch(name.strip())


def authors_known(ref: CuratedReference) -> bool:
    """Authors read with confidence from the entry, or given by Crossref or the editor."""
    source = ref.field_sources.get("authors", "manuscript")
    return bool(ref.authors) and (ref.reading == "parsed" or source != "manuscript")


def is_author(folded: str, ref: CuratedReference) -> bool:
    for author in ref.authors:
        family = person(author.split(",")[0])
        if folded == family or folded in family.split() or family in folded.split():
            return True
    return False


def near_author(folded: str, ref: CuratedReference) -> str:
    """The author of `ref` whose family name is one slip from `folded` (a letter dropped,
    doubled or swapped: "Cotell" for Cottell), so the finding can say it is a spelling; ''
    when none is. Names of four letters or fewer are too short to call a slip."""
    if len(folded) <= 4:
        return ""
    for author in ref.authors:
        family = author.split(",")[0].strip()
        if Levenshtein.distance(folded, person(family), weights=(1, 1, 1)) <= 1 or (
                sorted(folded) == sorted(person(family))
                and Levenshtein.distance(folded, person(family)) <= 2):
            return family
    return ""
