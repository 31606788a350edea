"""Split body text into sentences, in Chinese and English, keeping each citation with its words.

Boundaries are 。！？!? and a full stop followed by a space, CJK or the end — never a
decimal point, "et al.", "vs." or an initial. Semicolons (；;) split clauses, but a clause
with no citation is kept with the cited clause that follows it in the same sentence:
a citation at the end of a sentence covers the clauses before it. A citation written
after the full stop ("… trial. [3]") belongs to the sentence before it.
"""

from __future__ import annotations

import re

from ..text import IDEOGRAPHS
from . import citations

_CJK = IDEOGRAPHS
BOUNDARY = re.compile(rf"[。！？!?]+[”’\"')）」』]*|[；;]|\.(?=\s|$|[{_CJK}])")
ABBREVIATIONS = frozenset({
    "al", "vs", "e.g", "eg", "i.e", "ie", "fig", "figs", "no", "nos", "dr", "approx", "cf",
    "ref", "refs", "etc", "ca", "vol", "pp", "p", "mr", "ms", "prof", "inc", "ltd", "st",
    "jr", "sr", "et", "resp", "incl", "min", "max", "mo", "yr", "yrs",
})
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_LEADING_SPACE = re.compile(r"\s*")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the full stop at `dot` the end of an abbreviation or an initial?"""
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if len(word) == 1:  # an initial: "J. Smith", "T. cells"
        return True
    if word in ABBREVIATIONS:
        return True
    following = text[dot + 1: dot + 3].lstrip()
    return bool(following) and following[0].islower()  # "approx. five": no new sentence


def _pieces(text: str, reader=None) -> list[tuple[str, bool]]:
    """(piece, ends_with_semicolon) in order; the pieces concatenate to the text."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _boundaries(text, reader):
        if match.start() < start:
            continue
        mark = match.group(0)
        if mark == "." and _is_abbreviation(text, match.start()):
            continue
        end = match.end()
        space = _LEADING_SPACE.match(text, end).end()
        group = _leading(text, space, reader)
        if group is not None:  # "… trial. [3]": the citation belongs to the sentence it follows
            end = group
            after = BOUNDARY.match(text, end)
            if after and after.group(0) != ".":
                end = after.end()
            elif after is None and text[end:end + 1] == "." and _capital_next(text, end + 1):
                end += 1  # "… trial.[3].With": the stop after the citation ends it too
        pieces.append((text[start:end], mark in "；;"))
        start = end
    if text[start:].strip():
        pieces.append((text[start:], False))
    return pieces


_GLUED = re.compile(r"\.(?=[A-Z][a-z])")
_STOP = re.compile(r"\.")


def _ends_after(text: str, position: int) -> bool:
    return position >= len(text) or text[position].isspace()


def _capital_next(text: str, position: int) -> bool:
    return bool(re.match(r"[A-Z][a-z]", text[position:position + 2]))


def _boundaries(text: str, reader=None) -> list[re.Match]:
    """Sentence ends, never inside a citation; also a full stop glued to the next sentence
    right after a citation (`cancers[1].With`) and one right before it (`rare.^3^ Next`)."""
    cited = _find(text, reader)
    found = [m for m in BOUNDARY.finditer(text)  # "(Smith 2007; Doe 2009)" is one citation
             if not any(c.start < m.start() and m.end() < c.end for c in cited)]
    for citation in cited:
        glued = _GLUED.match(text, citation.end)
        if glued:
            found.append(glued)
        stop = _STOP.match(text, citation.start - 1) if citation.start else None
        if stop and _ends_after(text, citation.end):
            found.append(stop)  # "… medications.^3-6^ Reports": the stop before the number
    return sorted(found, key=lambda m: m.start())


def _find(text: str, reader=None) -> list:
    return reader.find(text) if reader is not None else citations.find(text)


def _leading(text: str, position: int, reader=None) -> int | None:
    if reader is None:
        group = citations.GROUP.match(text, position)
        return group.end() if group else None
    found = reader.leading(text, position)
    return found.end if found is not None else None


def split(text: str, reader=None) -> list[str]:
    """The sentences (and cited clauses) of one paragraph, in order, stripped.

    `reader` is the manuscript's citation reader (read.citeform.Reader); without one the
    bracketed numeric form is read.
    """
    result: list[str] = []
    pending: list[str] = []
    for piece, semicolon in _pieces(text, reader):
        pending.append(piece)
        if _find(piece, reader):
            result.append("".join(pending))
            pending = []
        elif not semicolon:  # the sentence ends without a citation after the pending clauses
            result.append("".join(pending))
            pending = []
    if pending:
        result.append("".join(pending))
    return [s.strip() for s in result if s.strip()]
