"""Cut a reference string into tokens, with the markup that surrounded each one.

Markup is information (a journal in italics, a volume in bold) but not text: `*`, `**`,
`_`, `<i>`, `<b>`, `<em>`, `<strong>` become flags on the tokens they cover and vanish from
the text the fields are read from, so a value never carries a stray asterisk. Identifiers
whose shape is exact (URLs, DOIs) stay one token each, so the labeller sees them whole.
Offsets map every token back to the original string, which is how character-span labels
(`examples.Example`) become token labels.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ..text import UNSPACED

# Markup that only styles text. Markdown emphasis is recognised as a pair; a lone `*`
# (footnote marker, "p*") stays text. Backslash escapes of Markdown are undone.
_HTML_STYLE = re.compile(r"</?(?P<tag>i|b|em|strong|sup|sub|span|u)(?:\s[^>]{0,60})?>", re.I)
_MD_BOLD = re.compile(r"(?<![*\\])\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*(?!\*)")
_MD_ITALIC = re.compile(r"(?<![*\\\w])[*_](?=\S)(?P<text>[^*_]+?)(?<=\S)[*_](?![*\w])")
# a string with none of these characters holds no markup that strip_markup removes
_MARKUP_CHARS = frozenset("<*_\\")
_MD_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!<>|~])")

URL = r"(?:https?://|www\.)[^\s<>\"]+"
# A DOI runs to the first space, quote or angle bracket, except the angle brackets of an old
# SICI-style DOI: 10.1002/1096-9861(20010212)430:3<283::aid-cne1031>3.0.co;2-v
DOI = r"10\.\d{4,9}/(?:[^\s<>\"]|<[^\s<>\"]*::[^\s<>\"]*>)+"
CJK = UNSPACED
TOKEN = re.compile(
    rf"(?P<url>{URL})|(?P<doi>{DOI})|(?P<cjk>[{CJK}]+)"
    r"|(?P<decimal>\d+(?:\.\d+)+(?![\w.]))"  # "Version 2.2025", "3.5": one number, not a stop
    rf"|(?P<word>(?:(?![{CJK}])[^\W_])+)|(?P<punct>\S)"
)
_TRAILING = ".,;:)]}>»”’'\""


class Token(NamedTuple):
    """A named tuple, not a dataclass: tens of thousands are made per second."""

    text: str
    start: int  # offsets into the plain string (markup removed)
    end: int
    kind: str  # url, doi, cjk, decimal, word, punct
    italic: bool = False
    bold: bool = False
    space_before: bool = True


@dataclass(frozen=True)
class Plain:
    """A string with its markup removed, the flags of each character, and where each came from."""

    text: str
    origin: tuple[int, ...]  # origin[i]: offset in the original string of text[i]
    italic: tuple[bool, ...]
    bold: tuple[bool, ...]


def strip_markup(raw: str) -> Plain:
    """Remove styling markup, remembering which characters it covered and where each was."""
    n = len(raw)
    if not _MARKUP_CHARS.intersection(raw):  # most entries: nothing to remove
        return Plain(raw, tuple(range(n)), (False,) * n, (False,) * n)
    italic = [False] * n
    bold = [False] * n
    drop = [False] * n
    for match in _HTML_STYLE.finditer(raw):
        drop[match.start():match.end()] = [True] * (match.end() - match.start())
    for tag, flags in (("i|em", italic), ("b|strong", bold)):
        for match in re.finditer(rf"<(?:{tag})\b[^>]{{0,60}}>(.*?)</(?:{tag})>", raw, re.I | re.S):
            flags[match.start(1):match.end(1)] = [True] * (match.end(1) - match.start(1))
    for pattern, flags, width in ((_MD_BOLD, bold, 2), (_MD_ITALIC, italic, 1)):
        for match in pattern.finditer(raw):
            if any(drop[match.start():match.end()]):
                continue
            for i in (*range(match.start(), match.start() + width),
                      *range(match.end() - width, match.end())):
                drop[i] = True
            flags[match.start("text"):match.end("text")] = [True] * len(match.group("text"))
    for match in _MD_ESCAPE.finditer(raw):
        drop[match.start()] = True
    keep = [i for i, dropped in enumerate(drop) if not dropped]
    return Plain(
        "".join([raw[i] for i in keep]),
        tuple(keep),
        tuple([italic[i] for i in keep]),
        tuple([bold[i] for i in keep]),
    )


def tokenize(plain: Plain) -> list[Token]:
    text = plain.text
    italic, bold = plain.italic, plain.bold
    make = tuple.__new__  # Token(...) without the keyword handling: this loop runs per token
    tokens: list[Token] = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        start, end = match.span()
        if kind == "url" or kind == "doi":
            # a closing bracket or full stop after an identifier belongs to the sentence
            while end > start + 1 and text[end - 1] in _TRAILING and _unbalanced(text[start:end]):
                end -= 1
        tokens.append(make(Token, (
            text[start:end], start, end, kind,
            italic[start] if italic else False,
            bold[start] if bold else False,
            start == 0 or text[start - 1].isspace(),
        )))
        if end < match.end():  # the trimmed tail becomes punctuation tokens of its own
            for i in range(end, match.end()):
                tokens.append(Token(text[i], i, i + 1, "punct", space_before=False))
    return tokens


def _unbalanced(value: str) -> bool:
    """Trailing punctuation is not part of a DOI/URL unless it closes a bracket inside it."""
    last = value[-1]
    if last == ")":
        return value.count("(") < value.count(")")
    if last == "]":
        return value.count("[") < value.count("]")
    return last in ".,;:>»”’'\"}"


def token_labels(tokens: list[Token], plain: Plain, spans) -> list[str]:
    """Token labels from character spans over the original string ('other' outside them)."""
    by_char = ["other"] * (max(plain.origin, default=-1) + 2)
    for start, end, label in spans:
        for i in range(start, min(end, len(by_char))):
            by_char[i] = label
    labels = []
    for token in tokens:
        votes = [by_char[plain.origin[i]] for i in range(token.start, token.end)]
        labels.append(Counter(votes).most_common(1)[0][0] if votes else "other")
    return labels
