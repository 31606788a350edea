"""What an author–year citation is matched on, for each parsed reference (read.authoryear.EntryKey).

Entries are numbered in list order when the list is unnumbered, as every output numbers
them. The year counts as read with confidence only when the parser read the entry and the
year is printed in it: a year the parser found elsewhere (an `in press` entry read as 2010)
must not make a citation look like a year mismatch.
"""

from __future__ import annotations

import re

from ..read.authoryear import EntryKey, fold
from ..text import folded
from .references import Reference

_IN_PRESS = re.compile(r"\b(in press|forthcoming|n\.\s?d\.|submitted)\b", re.IGNORECASE)


def head(text: str, size: int = 120) -> str:
    """The start of a printed entry folded, digits kept: `Smith, J., 2019a.` → smithj2019a."""
    text = re.sub(r"^\s*(?:\[\d+\]|\d+\.)\s*", "", text)[:size]
    return re.sub(r"[\W_]", "", folded(text))


def key(ref: Reference, n: int) -> EntryKey:
    raw = ref.raw or ""
    families = tuple(fold(a.family) for a in ref.authors if fold(a.family))
    year, suffix = "", ""
    press = _IN_PRESS.search(raw)
    found = re.search(rf"\b{re.escape(ref.year)}([a-z])?\b", raw) if ref.year else None
    if press and (not found or press.start() < found.start()):
        year = fold(press.group(1))  # "…, in press. Title 2010": the year is the press's
    elif found and ref.year.isdigit():
        year, suffix = ref.year, found.group(1) or ""
    confident = bool(families) and bool(year) and ref.reading == "parsed"
    return EntryKey(n, families, year, suffix, ref.et_al, confident, head(raw))


def keys(refs: list[Reference]) -> tuple[EntryKey, ...]:
    return tuple(key(ref, ref.n if ref.n is not None else i)
                 for i, ref in enumerate(refs, 1))
