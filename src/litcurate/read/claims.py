"""Claims: every sentence or table row that cites, with what it cites and how strongly it says it.

A claim's context is the uncited sentences right after it that go on about the same study
("该研究……", "研究报道……", "This trial …"): numbers there are checked with the claim.
Strength comes from the cues in data/strength.yaml, aware of negation and of a hedge that
governs a booster later in the same clause.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import cache

from .. import lexicon
from ..text import readable
from . import citations, sentences
from .manuscript import Manuscript

CLAUSE = re.compile(r"[，,；;：:。！？!?]")


@dataclass(frozen=True)
class Claim:
    claim_id: str
    section: str
    text: str
    cited: tuple[int, ...]
    line: int
    kind: str  # sentence | table_row
    strength: str = "neutral"  # assertive | hedged | neutral
    cues: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    citations: tuple[dict, ...] = ()  # {raw, numbers, problems} as written

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Claim:
        data = dict(data)
        for name in ("cited", "cues", "context", "citations"):
            data[name] = tuple(data[name])
        return cls(**data)

    @property
    def full_text(self) -> str:
        return " ".join((self.text, *self.context))


@dataclass(frozen=True)
class Passage:
    """A sentence or table row in reading order, cited or not."""

    text: str
    section: str
    line: int
    kind: str
    found: tuple[citations.Citation, ...] = field(default_factory=tuple)


def passages(text: Manuscript, reader=None) -> list[Passage]:
    """Body sentences and table rows in document order (the reference list excluded).

    `reader` (read.citeform.Reader) reads the manuscript's citation form; without one the
    bracketed numeric form is read.
    """
    find = reader.find if reader is not None else citations.find
    items: list[tuple[int, int, Passage]] = []
    for order, paragraph in enumerate(text.paragraphs):
        if paragraph.kind != "paragraph":
            continue
        section = text.section_title(paragraph.section)
        for sentence in sentences.split(paragraph.text, reader):
            items.append((paragraph.line, order, Passage(
                sentence, section, paragraph.line, "sentence", tuple(find(sentence)))))
    for table in text.tables:
        section = text.section_title(table.section)
        for row in table.rows:
            row_text = " | ".join(c.strip() for c in row.cells if c.strip())
            items.append((row.line, 0, Passage(
                row_text, section, row.line, "table_row", tuple(find(row_text)))))
    items.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in items]


def extract(text: Manuscript, reader=None) -> list[Claim]:
    """The claims of a manuscript; `reader` (read.citeform.Reader) reads its citation form."""
    lex = strength_lexicon()
    result: list[Claim] = []
    previous_was_claim = False
    strip = reader.strip if reader is not None else (lambda t: citations.GROUP.sub(" ", t))
    head = ""  # a hedge at the head of the sentence, governing its later clauses
    previous: Passage | None = None
    for passage in passages(text, reader):
        continued = (previous is not None and passage.kind == "sentence"
                     and previous.line == passage.line
                     and previous.text.rstrip().endswith((";", "；")))
        head = head if continued else head_hedge(passage.text, lex)
        previous = passage
        if passage.found:
            numbers = tuple(dict.fromkeys(n for c in passage.found for n in c.numbers))
            words = strip(passage.text)
            strength, cues = strength_of(f"{head}，{words}" if continued and head else words, lex)
            result.append(Claim(
                claim_id=f"C{len(result) + 1:03d}",
                section=readable(passage.section),
                text=readable(passage.text),
                cited=numbers,
                line=passage.line,
                kind=passage.kind,
                strength=strength,
                cues=cues,
                citations=tuple(_citation_row(c) for c in passage.found),
            ))
            previous_was_claim = True
        elif (previous_was_claim and passage.kind == "sentence"
              and result[-1].kind == "sentence" and _continues(passage.text, lex)):
            result[-1] = replace(result[-1], context=(*result[-1].context,
                                                            readable(passage.text)))
        else:
            previous_was_claim = False
    return result


def _citation_row(citation: citations.Citation) -> dict:
    row = {"raw": citation.raw, "numbers": list(citation.numbers),
           "problems": list(citation.problems)}
    if citation.works:  # author-year: each work and how it was linked, for the audit
        row["works"] = [w.to_dict() for w in citation.works]
    return row


def head_hedge(sentence: str, lex: dict) -> str:
    """The hedge of a sentence's first clause ("现有证据提示, …"), if no booster precedes it:
    it governs the clauses after a semicolon too, which are read as claims of their own."""
    comma = re.search(r"[，,：:；;。]", sentence)
    if not comma or comma.group(0) not in "，,：:":
        return ""  # a hedge at the head frames what follows a comma or a colon
    first = sentence[:comma.start()]
    hedge = lex["hedge"].search(first)
    if not hedge or negated(first, hedge.start(), lex):
        return ""
    booster = lex["booster"].search(first)
    return "" if booster and booster.start() < hedge.start() else hedge.group(0)


def _continues(text: str, lex: dict) -> bool:
    return any(p.match(text) for p in lex["anaphora"])


def strength_of(text: str, lex: dict | None = None) -> tuple[str, tuple[str, ...]]:
    """('assertive' | 'hedged' | 'neutral', the cue words that decided it).

    A hedge governs the boosters after it in the same statement (a sentence, or one cell
    of a table row): "研究提示……具有明确价值" is hedged. Negation is read within a clause.
    """
    lex = lex or strength_lexicon()
    boosters: list[str] = []
    hedges: list[str] = []
    for statement in text.split(" | "):
        hedge_at = [m for m in lex["hedge"].finditer(statement)
                    if not negated(statement, m.start(), lex)]
        first_hedge = min((h.start() for h in hedge_at), default=len(statement))
        for match in lex["booster"].finditer(statement):
            if negated(statement, match.start(), lex):
                hedges.append(_quote(statement, match))
            elif match.start() < first_hedge:  # after a hedge, the hedge governs it
                boosters.append(match.group(0))
        hedges.extend(h.group(0) for h in hedge_at)
    if boosters:
        return "assertive", _distinct(boosters)
    if hedges:
        return "hedged", _distinct(hedges)
    return "neutral", ()


def _distinct(cues: list[str]) -> tuple[str, ...]:
    """Each cue once, and none that a longer cue found holds ("证实" in "已被证实")."""
    unique = list(dict.fromkeys(cues))
    return tuple(c for c in unique if not any(c != o and c in o for o in unique))


def _quote(clause: str, match: re.Match) -> str:
    return clause[max(0, match.start() - 3): match.end()].strip()


def negated(statement: str, start: int, lex: dict) -> bool:
    """Is there a negation in the same clause, just before `start`?"""
    window = lex["window"]
    clause = CLAUSE.split(statement[max(0, start - 80):start])[-1]  # a window: never quadratic
    start = len(clause)
    before_zh = clause[max(0, start - window["zh"]): start]
    if any(p.search(before_zh) for p in lex["negations_zh"]):
        return True
    words = re.findall(r"[A-Za-z']+", clause[:start])[-window["en"]:]
    tail = " ".join(words)
    return any(p.search(tail) for p in lex["negations_en"])


@cache
def strength_lexicon() -> dict:
    data = lexicon.load("strength")
    return {
        "booster": lexicon.compile_any(data["boosters"]),
        "hedge": lexicon.compile_any(data["hedges"]),
        "negations_zh": tuple(re.compile(p) for p in data["negations"]["zh"]),
        "negations_en": lexicon.compile_cues(data["negations"]["en"]),
        "window": data["negation_window"],
        "anaphora": tuple(re.compile(p, re.IGNORECASE) for p in data["anaphora"]),
        "patients": lexicon.compile_cues(data["patient_cues"]),
        "preclinical": lexicon.compile_cues(data["acknowledges_preclinical"]),
        "authors": tuple(re.compile(p) for p in data["author_mentions"]),
    }
