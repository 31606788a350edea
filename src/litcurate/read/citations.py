"""The in-text citation grammar: `[n]`, `[n]-[m]`, `[n, m]`, `[n][m]`, `[n-m]`, full-width brackets.

A group of adjacent bracketed items is one citation; dashes between items make ranges.
Numbers are expanded to sets; a reversed range (`[13]-[9]`) is named in `problems` so an
editor fixes it, and counts as citing the span it covers. A dash or comma with no number
after it (`[2-]`, `[3,]`) or before it (`[-4]`) is read too, as citing the numbers it does
give, and named in `problems`: a citation an editor left unfinished must not vanish.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

OPEN, CLOSE = "[［【〔", "]］】〕"
DASH = "-–—~～－"
_O, _C, _D = (re.escape(chars) for chars in (OPEN, CLOSE, DASH))
_NUM = r"\d{1,7}"
_SEP = rf"[{_D},，、;；]"
_ITEM = (rf"[{_O}]\s*(?:{_SEP}\s*)?{_NUM}(?:\s*{_SEP}\s*{_NUM}){{0,50}}"
         rf"(?:\s*{_SEP})?\s*[{_C}]")
GROUP = re.compile(rf"{_ITEM}(?:\s{{0,3}}[{_D}]?\s{{0,3}}{_ITEM}){{0,50}}")
ITEM = re.compile(_ITEM)
TOKEN = re.compile(rf"{_NUM}|[{_D}]|[,，、;；]")
DANGLING = re.compile(rf"[{_O}]\s*(?P<lead>{_SEP})|(?P<trail>{_SEP})\s*[{_C}]")
MAX_RANGE = 500  # a range wider than this is a typo, not a citation of 500 works


@dataclass(frozen=True)
class Citation:
    numbers: tuple[int, ...]
    raw: str
    start: int
    end: int
    problems: tuple[str, ...] = ()
    works: tuple = ()  # author-year only: the read.authoryear.Work of each work cited


def find(text: str) -> list[Citation]:
    return [_read_group(m) for m in GROUP.finditer(text)]


def _tokens(raw: str) -> list[str]:
    """Numbers, "-" for a range and "," for a list, across and within the bracketed items."""
    tokens: list[str] = []
    previous_end = 0
    for item in ITEM.finditer(raw):
        if tokens:
            between = raw[previous_end: item.start()]
            tokens.append("-" if any(d in between for d in DASH) else ",")
        for token in TOKEN.findall(item.group(0)):
            tokens.append(token if token.isdigit() else "-" if token in DASH else ",")
        previous_end = item.end()
    return tokens


def _dangling(raw: str) -> list[str]:
    """What an unfinished item lacks: `[2-]` a range's end, `[3,]` a number after a comma."""
    problems = []
    for found in DANGLING.finditer(raw):
        sep = found.group("lead") or found.group("trail")
        kind = "range" if sep in DASH else "list"
        side = "start" if found.group("lead") else "end"
        problems.append(f"{kind} with no number at its {side}")
    return problems


def _read_group(match: re.Match) -> Citation:
    raw = match.group(0)
    numbers, problems = expand(_tokens(raw))
    return Citation(numbers, raw, match.start(), match.end(), (*_dangling(raw), *problems))


def expand(tokens: list[str]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Numbers cited by a token run (digits, "-" for a range, "," for a list), and problems.

    Shared by every numeric form (brackets, parentheses, superscripts), so `[1-3]`, `(1-3)`
    and `^1-3^` read the same. A number written twice in one group (`[3,3]`, `[1-4,2]`) is
    named: it is a slip an editor fixes, and it is cited once.
    """
    numbers: list[int] = []
    problems: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isdigit():
            if i + 2 < len(tokens) and tokens[i + 1] == "-" and tokens[i + 2].isdigit():
                low, high = int(token), int(tokens[i + 2])
                if low > high:  # most likely meant the other way round: cite the span
                    problems.append(f"reversed range {low}–{high}")
                    if low - high <= MAX_RANGE:
                        numbers.extend(range(high, low + 1))
                    else:
                        numbers.extend((high, low))
                elif high - low > MAX_RANGE:
                    problems.append(f"range {low}–{high} spans more than {MAX_RANGE} references")
                    numbers.extend((low, high))
                else:
                    numbers.extend(range(low, high + 1))
                i += 3
                continue
            numbers.append(int(token))
        i += 1
    repeated = [n for n, k in Counter(numbers).items() if k > 1]
    if repeated:
        problems.append("group that cites " + ", ".join(map(str, repeated))
                        + " more than once")
    return tuple(dict.fromkeys(numbers)), tuple(problems)


def count(texts) -> dict[int, int]:
    """How many citation groups cite each reference number."""
    counts: dict[int, int] = {}
    for text in texts:
        for citation in find(text):
            for number in citation.numbers:
                counts[number] = counts.get(number, 0) + 1
    return counts


def citing_texts(manuscript) -> list[str]:
    """Every body text that may cite: paragraphs, captions and table cells."""
    texts = [p.text for p in manuscript.paragraphs]
    for table in manuscript.tables:
        texts.extend(cell for row in table.rows for cell in row.cells)
    return texts
