"""Find the reference list's heading and cut the list into entries, whatever the labels.

Lists are labelled `[1]`, `1.`, `1 `, `1)`, `(1)`, `<sup>1</sup>`, `^1^`, or not at all
(alphabetical author–year lists: one entry per paragraph, or one per line). The label form
is chosen once per list, as the one whose numbers run most consistently 1, 2, 3 …, so a
line that happens to begin with a number ("2007;45:33–9" after a page break) is not taken
for a new entry. An unlabelled block inside a numbered list continues the entry before it
(a page break); after the last entry it is taken only when it reads like the end of a
reference, so biographies, appendices and figure legends are not swallowed. A line of
Latin text that follows a CJK entry and reads as a reference itself is its translation,
kept with it. Gaps and repeats in the numbering are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import IDEOGRAPHS, join_fragments
from ..text import is_wide as is_cjk

HEADING_WORDS = (
    r"references?(?:\s+and\s+notes)?|notes\s+and\s+references|reference\s+list|"
    r"bibliography|bibliographie|bibliografía|bibliografia|literature\s+cited|cited\s+literature|"
    r"works\s+cited|literatur(?:verzeichnis)?|referencias(?:\s+bibliográficas)?|"
    r"referências(?:\s+bibliográficas)?|références(?:\s+bibliographiques)?|"
    r"riferimenti(?:\s+bibliografici)?|referenties|litteratur|литература|список\s+литературы|"
    r"参考文献|參考文獻|引用文献|文献|참고문헌"
)
REFERENCES_HEADING = re.compile(
    rf"^(?:\d+(?:\.\d+)*\.?\s*|[IVX]+\.\s*)?(?:{HEADING_WORDS})\s*[:：]?$", re.IGNORECASE)

# The label forms, each with the number in group 1 and the rest of the line after it.
FORMS = {
    "bracket": re.compile(r"^\s*(?:[-*+]\s+)?[\[［【]\s*(\d{1,4})\s*[\]］】]\s*(?=\S)"),
    "dot": re.compile(r"^\s*(?:[-*+]\s+)?(\d{1,4})\s*[.．](?!\d)\s*(?=\S)"),
    "paren": re.compile(r"^\s*(?:[-*+]\s+)?\(?(\d{1,4})\)\s*(?=\S)"),
    "sup": re.compile(r"^\s*(?:<sup>\s*(\d{1,4})\s*</sup>|\^(\d{1,4})\^|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s*(?=\S)"),
    "bare": re.compile(r"^\s*(?:[-*+]\s+)?(\d{1,4})\s+(?=[^\W\d_])"),
}
BULLET = re.compile(r"^\s*[-*+]\s+")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
# Blocks that end a list when no heading does: what journals print after references.
AFTER_LIST = re.compile(
    r"^\W{0,4}(?:figure|fig\.|table|appendix|supplementa|abbreviations|acknowledg|author|"
    r"conflicts?\s+of|competing|funding|correspondence|copyright|©|received|accepted|"
    r"biograph|about\s+the\s+author|footnotes?|notes\b|附录|作者|图\s*\d|表\s*\d)",
    re.I,
)
YEARISH = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|\d+\s*[:(]\s*\d+|10\.\d{4,9}/|https?://|www\.")
LATIN_ENTRY_START = re.compile(
    r"^[A-Z][A-Za-z'’\-]+(?:\s+[A-Z]{1,3}\b|,\s*[A-Z]|\s+[A-Z][a-z]+[,.])")
MAX_GAP = 5  # a number more than this past the last one is text, not a label


@dataclass(frozen=True)
class Found:
    """One entry as found: its number (None when unlabelled), text without label, line."""

    number: int | None
    label: str
    text: str
    line: int
    translation: str = ""


def is_heading(text: str) -> bool:
    plain = re.sub(r"[*_#]+", "", text).strip()
    return bool(REFERENCES_HEADING.match(plain))


def _number(match: re.Match) -> int:
    value = next(g for g in match.groups() if g)
    return int(value.translate(_SUPERSCRIPT))


def choose_form(lines: list[str]) -> str | None:
    """The label form whose numbers run most consistently upward from the start."""
    best, best_score = None, 0
    for name, pattern in FORMS.items():
        last, score = 0, 0
        for line in lines:
            match = pattern.match(line)
            if match:
                n = _number(match)
                if last < n <= last + MAX_GAP:
                    score += 1 if n == last + 1 else 0
                    last = n
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= 1 else None


def split(lines: list[tuple[int, str]]) -> tuple[list[Found], list[str], list[str]]:
    """Entries of a reference section given as (line number, text) pairs, blank lines kept;
    with the numbering problems found and the page-break repairs made."""
    texts = [text for _, text in lines if text.strip()]
    form = choose_form(texts)
    if form is None:
        return _unnumbered(lines), [], []
    return _numbered(lines, FORMS[form])


def _blocks(lines: list[tuple[int, str]]):
    block: list[tuple[int, str]] = []
    for number, text in lines:
        if text.strip():
            block.append((number, text.rstrip()))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _numbered(lines, pattern) -> tuple[list[Found], list[str], list[str]]:
    entries: list[Found] = []
    problems: list[str] = []
    repairs: list[str] = []
    last = 0
    for block in _blocks(lines):
        fresh_block = True
        for number, text in block:
            match = pattern.match(text)
            n = _number(match) if match else None
            if n is not None and (last < n <= last + MAX_GAP or (n == last and entries)):
                if n > last + 1:
                    missing = ", ".join(str(k) for k in range(last + 1, n))
                    problems.append(f"line {number}: the numbering jumps from {last} to {n} "
                                    f"(no entry {missing})")
                elif n == last:
                    problems.append(f"line {number}: entry number {n} is used twice")
                entries.append(Found(n, match.group(0).strip(), text[match.end():].strip(),
                                     number))
                last = n
            elif entries and (not fresh_block or _continues(entries[-1], text)):
                if fresh_block:
                    last_entry = entries[-1]
                    repairs.append(f"line {number}: reference [{last_entry.number}] continued "
                                   f"from line {last_entry.line}")
                entries[-1] = _extend(entries[-1], BULLET.sub("", text, count=1).strip())
            elif not entries:
                continue  # text between the heading and the first entry
            else:
                return entries, problems, repairs  # what follows the list is not part of it
            fresh_block = False
    return entries, problems, repairs


def _continues(entry: Found, text: str) -> bool:
    """An unlabelled block after an entry: a page-break continuation, or the list has ended."""
    if AFTER_LIST.match(BULLET.sub("", text)):
        return False
    if len(text) > 600:
        return False
    return bool(YEARISH.search(text)) or not re.search(r"[.。]\s*$", entry.text) or (
        BULLET.match(text) is not None)


def _extend(entry: Found, fragment: str) -> Found:
    if entry.text and sum(map(is_cjk, entry.text)) > len(entry.text) / 4 and (
            LATIN_ENTRY_START.match(fragment) and not any(map(is_cjk, fragment))
            and YEARISH.search(fragment)):
        # a GB/T entry followed by its English translation: kept with it, not parsed into it
        translation = f"{entry.translation} {fragment}".strip()
        return Found(entry.number, entry.label, entry.text, entry.line, translation)
    if entry.translation:
        return Found(entry.number, entry.label, entry.text, entry.line,
                     join_fragments(entry.translation, fragment))
    return Found(entry.number, entry.label, join_fragments(entry.text, fragment), entry.line,
                 entry.translation)


def _unnumbered(lines) -> list[Found]:
    """Author–year lists: one entry per paragraph, or one per line when lines hang."""
    entries: list[Found] = []
    for block in _blocks(lines):
        first = BULLET.sub("", block[0][1]).strip()
        if entries and AFTER_LIST.match(first):
            break
        starts = [i for i, (_, t) in enumerate(block)
                  if i == 0 or (_entry_start(BULLET.sub("", t)) and _ends_entry(block[i - 1][1]))]
        if len(block) > 1 and len(starts) < max(2, len(block) // 3):
            starts = [0]  # one entry wrapped over several lines
        if not entries and not YEARISH.search(" ".join(t for _, t in block)):
            continue  # a note under the heading
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(block)
            text = ""
            for _, t in block[start:end]:
                text = join_fragments(text, BULLET.sub("", t, count=1).strip())
            entries.append(Found(None, "", text, block[start][0]))
    return entries


def _entry_start(text: str) -> bool:
    return bool(LATIN_ENTRY_START.match(text) or re.match(rf"^[{IDEOGRAPHS}]{{2,4}}[,，.]", text))


def _ends_entry(text: str) -> bool:
    return bool(re.search(r"(?:[.。]|\d|\)|>)\s*$", text))
