"""Features of each token for the reference labeller.

A field is recognised less by its words than by where it sits and what surrounds it:
authors come first and are short capitalised words and initials; the title follows the
first full stop after them; a journal is italic or a run of abbreviated words; numbers
after the year are volume, issue and pages, told apart by the punctuation between them.
So each token gets its own shape and word class, its place in the entry (relative
position, how many full stops and years came before it, bracket depth), and the same for
its neighbours. Everything is computed in one pass and kept as short strings, because
feature extraction, not the CRF, is what limits the parser's speed.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import lexicon
from .tokens import Token

_YEAR = re.compile(r"(?:1[7-9]|20)\d\d[a-z]?$")
_ROMAN = re.compile(r"(?=[ivxlcdm]+$)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$",
                    re.I)
OPENERS, CLOSERS = "([{（［【", ")]}）］】"
# the context features' strings, made once
_POS = tuple(f"pos={k}" for k in range(10))
_STOPS = tuple(f"stops={k}" for k in range(5))
_YEARS = tuple(f"years={k}" for k in range(3))
_DEPTH = tuple(f"depth={k}" for k in range(3))
_IDX = tuple(f"idx={k}" for k in range(3))


@cache
def word_classes() -> dict[str, frozenset[str]]:
    data = lexicon.load("refwords")
    return {name: frozenset(str(w).lower() for w in words) for name, words in data.items()}


def shape(text: str) -> str:
    """Xxxx, XX, x, d, dddd …: character classes with runs longer than 3 shortened."""
    out = []
    for ch in text[:12]:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if len(out) < 3 or out[-1] != c or out[-2] != c or out[-3] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def _base(text: str, kind: str) -> tuple[str, ...]:
    """What a token is, whatever its markup: cached, since words and marks recur."""
    classes = word_classes()
    low = text.lower()
    feats = [f"s={shape(text)}", f"k={kind}"]
    if kind == "word":
        if text.isdigit():
            n = len(text)
            feats.append(f"d{min(n, 5)}")
            if _YEAR.match(text) and n == 4:
                feats.append("year")
        else:
            feats.append(f"w={low}")
            if len(text) <= 3 and text.isupper():
                feats.append("caps3")
            if len(text) == 1 and text.isupper():
                feats.append("init")
            if _YEAR.match(low) and len(low) == 5:
                feats.append("year")
            if text[0].isdigit():
                feats.append("dmix")
            elif any(c.isdigit() for c in text):
                feats.append("amix")  # e419, S12, PMC123
            if _ROMAN.match(text) and text.isupper():
                feats.append("roman")
            feats.extend(name for name in _CLASS_NAMES if low in classes[name])
    elif kind == "punct":
        feats.append(f"p={text}")
    elif kind == "cjk":
        feats.append(f"cjk{min(len(text), 6)}")
        if low in classes["editor_words"] or low in classes["publisher_words"]:
            feats.append("cjkcue")
    return tuple(feats)


_CLASS_NAMES = ("months", "name_particles", "name_suffixes", "group_words", "journal_words",
                "editor_words", "publisher_words", "access_words", "thesis_words",
                "conference_words", "report_words", "preprint_servers", "dataset_words",
                "web_words")


@lru_cache(maxsize=1 << 16)
def _near(text: str, kind: str) -> tuple[tuple[str, ...], ...]:
    """A token's shape and first word features as its neighbours see them, from each of the
    offsets -2, -1, 1 and 2 (in that order)."""
    base = _base(text, kind)
    return tuple((f"{offset}{base[0]}", *(f"{offset}{x}" for x in base[2:4]))
                 for offset in _OFFSETS)


_OFFSETS = (-2, -1, 1, 2)
_EDGE = {offset: f"{offset}edge" for offset in _OFFSETS}


def _token_features(tok: Token) -> list[str]:
    feats = list(_base(tok.text, tok.kind))
    if tok.italic:
        feats.append("ital")
    if tok.bold:
        feats.append("bold")
    if not tok.space_before:
        feats.append("nospace")
    return feats


def sequence_features(tokens: list[Token]) -> list[list[str]]:
    """The feature strings of every token of one entry, in order."""
    own = [_token_features(tok) for tok in tokens]
    n = len(tokens)
    is_year = [False] * n
    for i, feats in enumerate(own):
        if "year" in feats:
            if _in_range(tokens, i):
                # `1746-1757` after a volume is a page range, not two years
                feats.remove("year")
                feats.append("inrange")
            else:
                is_year[i] = True
    # each token's features as its neighbours see them, padded so that positions outside the
    # entry read as edges: padded[i + 2] is token i
    edge = [tuple((_EDGE[offset],) for offset in _OFFSETS)]
    padded = edge * 2 + [_near(tok.text, tok.kind) for tok in tokens] + edge * 2
    # Running structure: full stops (not after an initial), years, bracket depth.
    stops = years = depth = 0
    feats_all: list[list[str]] = []
    for i, tok in enumerate(tokens):
        f = own[i]
        f += (_POS[10 * i // n], _STOPS[stops if stops < 4 else 4],
              _YEARS[years if years < 2 else 2], _DEPTH[depth if depth < 2 else 2])
        if i < 3:
            f.append(_IDX[i])
        if i == n - 1:
            f.append("last")
        text = tok.text
        if tok.kind == "punct":
            if text in OPENERS:
                depth += 1
            elif text in CLOSERS and depth:
                depth -= 1
            elif text in ".:?!。．" and not (i and _initial(tokens[i - 1])):
                stops += 1
        elif is_year[i]:
            years += 1
        # where emphasis begins and ends: a journal is often the one italic run
        if tok.italic:
            if not (i and tokens[i - 1].italic):
                f.append("ital_start")
            if not (i + 1 < n and tokens[i + 1].italic):
                f.append("ital_end")
        f += padded[i][0] + padded[i + 1][1] + padded[i + 3][2] + padded[i + 4][3]
        feats_all.append(f)
    return feats_all


def _in_range(tokens: list[Token], i: int) -> bool:
    """A number joined to another by a dash, with no space: `1746-1757`."""
    def joined(a: int, b: int) -> bool:  # tokens a, dash, b touch
        return (0 <= a and b < len(tokens) and tokens[a + 1].text in "-–—‐"
                and tokens[b].text.isdigit() and tokens[a].text.isdigit()
                and not tokens[a + 1].space_before and not tokens[b].space_before)
    return joined(i, i + 2) or joined(i - 2, i)


def _initial(tok: Token) -> bool:
    return tok.kind == "word" and len(tok.text) <= 2 and tok.text[0].isupper() and (
        len(tok.text) == 1 or tok.text[1].islower() or tok.text[1].isupper())
