"""Which citation form a manuscript prints, read once, and the reader for that form.

Forms: `numeric-brackets` (`[1]`, `[1–3]`, `［1］`), `numeric-parentheses` (`(1)`, `(5,14,15)`),
`numeric-superscript` (`<sup>1,2</sup>`, `^1-3^`, `¹²`, `\\textsuperscript{1}`) and
`author-year`. The form is decided once for the whole manuscript, by which grammar cites the
most distinct entries of the list — so a parenthesised enumerator `(1)`, `(n = 25)` or a
unit `m²` in a bracketed or author–year manuscript is never read as a citation, and a
numeric citation in an author–year manuscript is not either. Every numeric form expands
ranges and lists with the same rules (`citations.expand`).

Precision rules of the looser forms, each because the form is also ordinary text:
parentheses — a lone number right after a label word (`Table 1 (2)`, `step (2)`, from
data/citation_forms.yaml), a run of `(1) … (2) …` enumerators, and a lone number past the
end of the list (`(2019)`, an age) are not citations; superscripts — one right after a digit
(`10<sup>6</sup>`) or after a unit or symbol (`m<sup>2</sup>`, `R²`) is a power.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import lexicon
from . import authoryear, citations
from .citations import Citation

BRACKETS, PARENTHESES, SUPERSCRIPT, AUTHOR_YEAR = (
    "numeric-brackets", "numeric-parentheses", "numeric-superscript", "author-year")
NONE = "none"
FORMS = (BRACKETS, PARENTHESES, SUPERSCRIPT, AUTHOR_YEAR)
LABELS = {BRACKETS: "numeric, in brackets [1]", PARENTHESES: "numeric, in parentheses (1)",
          SUPERSCRIPT: "numeric, superscript¹", AUTHOR_YEAR: "author–year (Smith, 2020)",
          NONE: "none found"}

_DASH = "-–—~～－至"
_NUM = r"\d{1,4}"
_SEP = r"[,，、;；]"
_RUN = (rf"{_NUM}(?:\s*(?:{_SEP}|[{_DASH}])\s*{_NUM}){{0,50}}"
        rf"(?:\s*(?:{_SEP}|[{_DASH}]))?")
PAREN = re.compile(rf"[(（]\s*(?P<run>{_RUN})\s*[)）]")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_ITEM = (rf"<sup>\s*(?P<a>{_RUN})\s*</sup>|\^(?P<b>{_RUN})\^"
             rf"|\\textsuperscript\{{\s*(?P<c>{_RUN})\s*\}}"
             rf"|(?P<d>[{_SUPERSCRIPT_DIGITS}]+(?:[⁻,˒–-][{_SUPERSCRIPT_DIGITS}]+)*)")
SUP_ITEM = re.compile(_SUP_ITEM)
_SUP_ANY = re.sub(r"\(\?P<\w>", "(?:", _SUP_ITEM)
SUP = re.compile(rf"(?:{_SUP_ANY})(?:\s?[,{_DASH}]?\s?(?:{_SUP_ANY}))*")
_TOKEN = re.compile(rf"\d+|[{_DASH}⁻]|[,，、;；˒]")
_TO_ASCII = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")


@cache
def _lexicon() -> dict:
    data = lexicon.load("citation_forms")
    return {
        "paren_not_after": frozenset(w.casefold() for w in data["parenthesis_not_after"]),
        "sup_not_after": frozenset(data["superscript_not_after"]),
    }


def _tokens(run: str) -> list[str]:
    tokens = []
    for token in _TOKEN.findall(run.translate(_TO_ASCII)):
        tokens.append(token if token.isdigit() else "-" if token in _DASH + "⁻" else ",")
    return tokens


def _dangling(tokens: list[str]) -> list[str]:
    problems = []
    if tokens and not tokens[-1].isdigit():
        kind = "range" if tokens[-1] == "-" else "list"
        problems.append(f"{kind} with no number at its end")
    return problems


def _numeric(raw: str, run: str, start: int, end: int) -> Citation:
    tokens = _tokens(run)
    numbers, problems = citations.expand(tokens)
    return Citation(numbers, raw, start, end, (*_dangling(tokens), *problems))


# ---------------------------------------------------------------------------- parentheses


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([^\W\d_]+)\.?\s*(?:\d+[a-z]?\s*)?$", text[max(0, start - 30):start])
    return match.group(1).casefold() if match else ""


def find_parenthesised(text: str, count: int = 0) -> list[Citation]:
    lex = _lexicon()
    found = []
    for match in PAREN.finditer(text):
        start = match.start()
        if start and re.match(r"[A-Za-z0-9_]", text[start - 1]):
            continue  # f(1), IL(6): a function or a name, not a citation
        if _word_before(text, start) in lex["paren_not_after"]:
            continue
        citation = _numeric(match.group(0), match.group("run"), start, match.end())
        lone = len(citation.numbers) == 1 and not citation.problems
        if lone and count and citation.numbers[0] > count:
            continue  # "(2019)", "(45)": past the list, and nothing else says citation
        found.append(citation)
    return _without_enumerators(text, found)


def _without_enumerators(text: str, found: list[Citation]) -> list[Citation]:
    """Drop `(1) … (2) … (3)`: lone numbers counting up from 1, each opening a clause."""
    opening = [c for c in found if len(c.numbers) == 1 and _opens_clause(text, c)]
    run: list[Citation] = []
    for citation in opening:
        if citation.numbers[0] == len(run) + 1:
            run.append(citation)
    drop = {id(c) for c in run} if len(run) >= 2 or (
        run and run[0].start == len(text) - len(text.lstrip())) else set()
    return [c for c in found if id(c) not in drop]


def _opens_clause(text: str, citation: Citation) -> bool:
    before = text[:citation.start].rstrip()
    after = text[citation.end:citation.end + 2]
    return (not before or before[-1] in ":;,.，；：。" or before.endswith((" and", " or"))) \
        and bool(re.match(r"\s?[^\W\d_]", after))


# ---------------------------------------------------------------------------- superscripts


def find_superscript(text: str) -> list[Citation]:
    lex = _lexicon()
    found = []
    for match in SUP.finditer(text):
        start = match.start()
        before = text[:start]
        if before and before[-1].isdigit():
            continue  # 10<sup>6</sup>: a power
        unit = re.search(r"(?:^|[^\w])([^\W\d_]{1,2}|µm|μm)$", before)
        if unit and unit.group(1) in lex["sup_not_after"]:
            continue  # m², R<sup>2</sup>, χ²
        if not before.strip():
            continue  # "<sup>1</sup>Department of …": an affiliation mark
        runs = []
        for item in SUP_ITEM.finditer(match.group(0)):
            if runs:
                between = match.group(0)[runs[-1][1]:item.start()]
                runs.append(("-" if any(d in between for d in _DASH) else ",", item.end()))
            run = next(g for g in item.groups() if g is not None)
            runs.append((run, item.end()))
        joined = " ".join(r for r, _ in runs)
        found.append(_numeric(match.group(0), joined, start, match.end()))
    return found


# ---------------------------------------------------------------------------- the reader


@dataclass(frozen=True)
class Reader:
    """The citation grammar of one manuscript: its form, list length and entry keys."""

    form: str = BRACKETS
    count: int = 0
    keys: tuple[authoryear.EntryKey, ...] = ()

    def find(self, text: str) -> list[Citation]:
        if self.form == PARENTHESES:
            return find_parenthesised(text, self.count)
        if self.form == SUPERSCRIPT:
            return find_superscript(text)
        if self.form == AUTHOR_YEAR:
            return authoryear.find(text, self.keys)
        if self.form == NONE:
            return []
        return citations.find(text)

    def leading(self, text: str, position: int) -> Citation | None:
        """A citation that starts at `position` and may close the sentence before it.

        `… trial. [3]`, `… trial.(3)`, `… trial.^3^` belong to the sentence they follow; a
        narrative `Smith et al. (2020) showed …` opens the next one.
        """
        offset = max(0, position - 40)  # some context: a form may look at what precedes
        for citation in self.find(text[offset:position + 700]):
            if citation.start + offset < position:
                continue
            if citation.start + offset == position and not (
                    self.form == AUTHOR_YEAR and not citation.raw.startswith(("(", "（"))):
                return Citation(citation.numbers, citation.raw, position,
                                offset + citation.end, citation.problems, citation.works)
            break
        return None

    def strip(self, text: str) -> str:
        """The text with every citation replaced by a space (for reading its wording)."""
        parts, position = [], 0
        for citation in self.find(text):
            parts.append(text[position:citation.start])
            parts.append(" ")
            position = citation.end
        parts.append(text[position:])
        return "".join(parts)

    def cited(self, texts) -> dict[int, int]:
        """How many citations cite each entry number."""
        counts: dict[int, int] = {}
        for text in texts:
            for citation in self.find(text):
                for number in citation.numbers:
                    counts[number] = counts.get(number, 0) + 1
        return counts


def detect(texts: list[str], count: int, numbered: bool,
           keys: tuple[authoryear.EntryKey, ...] = ()) -> str:
    """The form that cites the most distinct entries of the list (ties: brackets first).

    An unnumbered list can be cited author–year; a numbered one only by number.
    """
    forms = [BRACKETS, SUPERSCRIPT, PARENTHESES] + ([] if numbered else [AUTHOR_YEAR])
    best, best_score = NONE, 0
    for form in forms:
        reader = Reader(form, count, keys)
        cited = {n for n in reader.cited(texts) if 1 <= n <= count}
        score = len(cited)
        if form == AUTHOR_YEAR and not score and any(reader.find(t) for t in texts):
            score = 1  # author-year citations none of which was linked: still that form
        if score > best_score:
            best, best_score = form, score
    return best


def reader_for(manuscript, keys: tuple[authoryear.EntryKey, ...] = ()) -> Reader:
    """Detect the form of a manuscript (read.manuscript.Manuscript) and give its reader."""
    texts = citations.citing_texts(manuscript)
    count = len(manuscript.entries)
    numbered = any(entry.number is not None for entry in manuscript.entries)
    return Reader(detect(texts, count, numbered, keys), count, keys)
