"""Labelled examples from real printed references: each printed entry of the corpus's
*development* articles aligned with its gold fields.

The gold (`shared/corpus/gold/<id>.json`) gives, for every entry, the string exactly as
printed and the tagged field values. `align` finds each value in the printed string and
records where it sits, so the spans carry the printed form (abbreviated last pages,
`Montori VM` for `Montori, V.M.`, `2014 Jan 12`), not the gold's normalised one.

Fields are looked for in the order they are printed, so a number that occurs twice
(volume 9, page 9) binds to the right occurrence: identifiers and access dates first (their
shape is exact), then the author block from the start, the title after it, the container
after the title, the date, volume, issue and pages after those. Every search skips what an
earlier field already holds. An entry whose non-empty gold field (authors, title, year,
journal, volume, first page, a printed DOI) cannot be found, or that would leave a number
unlabelled, is not turned into an example; the caller counts why.

Conventions (where the gold is silent, the print decides):
- a DOI printed as `https://doi.org/10…` / `http://dx.doi.org/10…` is one doi span, URL
  included; after `doi:`/`DOI:` only the DOI itself. A DOI the gold lacks but the print has
  is labelled all the same (a gold DOI that is not printed is no failure: nothing to label);
- the author span runs from the first to the last name, given names, "et al." and group
  authors included; its final period stays only when it closes "et al." or a dotted initial
  (`Okita, T.`, `D.S.`), not after `Locker D.`;
- `[cited 2014 Jan 3]`, `Accessed 25th March 2013`, `(accessed at 17.05.10)`: the date part
  is `accessed`; `Epub ahead of print`, `Epub 2019 Jan 3`, `In press`, `[in French]`: note;
- pages an article number the gold does not tag (`2012;7(5):e37444`) get the pages label,
  and a discontinuous range (`830-833. 837–838, 844`, `77-110, iv-v`) is one pages span;
- place: the `Place:` part of a gold publisher, or a place printed right before
  (`Cambridge, MA: MIT Press`) or after (`Raven Press: New York, NY, USA`) the publisher.
What was labelled from the print alone is reported by `align_article` as notes.

Only development articles are read: an id under `test:` in the corpus split (or under
neither) raises ValueError before its gold file is opened.

    python -m litcurate.refs.align OUT.jsonl [--corpus DIR] [--split PATH]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

from .examples import Example, write_jsonl

ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = ROOT.parent / "shared/corpus"
SPLIT = ROOT / "eval/corpus-split.yaml"


class AlignError(Exception):
    """Why an entry could not be aligned (the message is the failure reason)."""


# ----------------------------------------------------------------------------- folding

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,60}>")
_EXTRA_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                             "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
                             "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lower case, diacritics dropped (`Béland` → `beland`, `Rašić` → `rasic`)."""
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _key(value: str) -> str:
    """The letters and digits of a gold value, folded, markup and entities removed."""
    value = _TAG.sub("", html.unescape(html.unescape(value or "")))
    return "".join(ch for ch in fold(value) if ch.isalnum())


class Folded:
    """The alphanumeric characters of a printed string, folded, each with its offset."""

    def __init__(self, text: str) -> None:
        skip = [False] * len(text)
        for match in _TAG.finditer(text):
            skip[match.start():match.end()] = [True] * (match.end() - match.start())
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            if skip[i]:
                continue
            for part in fold(ch):
                if part.isalnum():
                    chars.append(part)
                    index.append(i)
        self.text = text
        self.key = "".join(chars)
        self.index = index

    def _word_start(self, i: int) -> bool:
        return i == 0 or not self.text[i - 1].isalnum()

    def _word_end(self, i: int) -> bool:
        return i >= len(self.text) or not self.text[i].isalnum()

    def find(self, needle: str, after: int, taken, bounded: bool = True, name: str = ""):
        """(start, end) in the printed string of the first occurrence of a folded key at or
        after `after` that overlaps no taken span (and starts/ends at word boundaries). For
        a `name`, the match may not run over punctuation the name lacks: "Rand" is not the
        "R. and" of "Palmer, M.R. and Rand, D.M."."""
        if not needle:
            return None
        forbidden = set(".,;:()&") - set(name) if name else set()
        pos = 0
        while True:
            pos = self.key.find(needle, pos)
            if pos < 0:
                return None
            start = self.index[pos]
            end = self.index[pos + len(needle) - 1] + 1
            pos += 1
            if start < after or _overlaps(start, end, taken):
                continue
            if bounded and not (self._word_start(start) and self._word_end(end)):
                continue
            if forbidden and forbidden & set(self.text[start:end]):
                continue
            if name and " " not in name and re.search(r"\s", self.text[start:end]):
                continue
            return start, end


def _overlaps(start: int, end: int, taken) -> bool:
    return any(start < e and s < end for s, e, _ in taken)


def _free_gap(start: int, end: int, taken) -> int:
    """How many characters between start and end no span holds."""
    return sum(1 for i in range(start, end) if not any(s <= i < e for s, e, _ in taken))


def _first_free(pattern: re.Pattern, text: str, after: int, taken, group: int | str = 0):
    for match in pattern.finditer(text, after):
        start, end = match.span(group)
        if start >= after and not _overlaps(start, end, taken):
            return match, start, end
    return None


# ----------------------------------------------------------------------------- patterns

_TRAIL = ".,;:)]}>»”’'\""
DOI_RE = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\b)10\.\d{4,9}/[^\s<>\"]+", re.I)
URL_RE = re.compile(r"(?:https?://|\bwww\.)[^\s<>\"]+", re.I)
PMID_RE = re.compile(r"\bPMID:?\s*(?P<v>\d{4,9})\b")
PMCID_RE = re.compile(r"\b(?:PMCID:?\s*)?(?P<v>PMC\d{4,9})\b")
_DATE_WORDS = r"(?:accessed|cited|citado|citada|consultado|acessado|acesso)"
ACCESSED_RES = (
    re.compile(rf"[\[(]\s*{_DATE_WORDS}(?:\s+(?:on|at|em|en|el))?\s*:?\s*"
               r"(?P<v>[^\[\]()]*?\d[^\[\]()]*?)\s*[\])]", re.I),
    re.compile(rf"\b{_DATE_WORDS}(?:\s+(?:on|at|em|en|el))?\s*:?\s*"
               r"(?P<v>(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}"
               r"|[A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
               r"|\d{4}\s+[A-Za-z]+\.?(?:\s+\d{1,2})?"
               r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}))", re.I),
)
_MONTH = (r"(?:jan(?:uary|eiro)?|feb(?:ruary)?|fev(?:ereiro)?|mar(?:ch|ço|co)?|apr(?:il)?"
          r"|abr(?:il)?|may|mai(?:o)?|jun(?:e|ho|io)?|jul(?:y|ho|io)?|aug(?:ust)?|ago(?:sto)?"
          r"|sep(?:t(?:ember)?)?|set(?:embro)?|oct(?:ober)?|out(?:ubro)?|nov(?:ember|embro)?"
          r"|dec(?:ember)?|dez(?:embro)?|dic(?:iembre)?|spring|summer|fall|autumn|winter)"
          r"(?![^\W\d_])")
_DATE_TAIL = re.compile(
    rf"(?:\s+{_MONTH}\.?(?:\s*[-–/]\s*{_MONTH}\.?)?(?:\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?)?)?",
    re.I)
NOTE_RES = (
    re.compile(r"\[(?P<v>[Ee]pub ahead of print)\]"),
    re.compile(rf"\b(?P<v>[Ee]pub(?: ahead of print)?(?:\s+\d{{4}}(?:\s+(?i:{_MONTH})\.?"
               r"(?:\s+\d{1,2})?)?)?)(?![\w-])"),
    re.compile(r"\(\s*(?P<v>[Ii]n press)\s*\)"),
    re.compile(r"\b(?P<v>[Ii]n press)\b"),
    re.compile(r"\[(?P<v>(?:[Ii]n|[Aa]rticle in) [A-Z][a-z]+)\]"),  # [in French]
)
_DASH = "-–—‐‑−"
EDITION_RE = re.compile(
    r"\b(?P<v>\d+(?:st|nd|rd|th)|(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ss]ixth"
    r"|[Ss]eventh|[Ee]ighth|[Nn]inth|[Tt]enth|[Rr]ev(?:ised)?)(?: [a-z]+)?)\s+(?:ed|edn)\.?"
    r"(?=[\s,;.)]|$)"
    r"|\b(?:ed|edn)\.\s*(?P<n>\d{1,2})\b(?!\.\d)|\b(?P<a>\d{1,2})\.\s*Aufl\.|(?P<z>\d{1,2})\s*版")


def _number(value: str) -> re.Pattern:
    """A volume or issue as a whole number: "08" and "8" are the same issue."""
    core = rf"0*{int(value)}" if value.isdigit() else re.escape(value)
    return re.compile(rf"(?<![A-Za-z0-9]){core}(?![0-9])")


def _trim_identifier(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1] in _TRAIL:
        value = text[start:end]
        last = value[-1]
        if last == ")" and value.count("(") >= value.count(")"):
            break
        if last == "]" and value.count("[") >= value.count("]"):
            break
        end -= 1
    return end


def _person(name: str) -> tuple[str, list[str]]:
    """("family", ["I", "I"]) from a gold `Family, I.I.`."""
    family, _, given = name.partition(",")
    given = _SUFFIX.sub("", given)
    letters = re.findall(r"[A-Z][a-z]?", given)
    return family.strip(), letters


_SUFFIX = re.compile(r",?\s*\b(?:Jr|Sr|II|III|IV)\b\.?")


def _initials_pattern(letters: list[str]) -> str:
    return r"[\s\-]*".join(rf"{re.escape(letter)}(?:[a-z]+)?\.?" for letter in letters)


def _keep_period(span: str) -> bool:
    """An author block's final period stays when it closes "et al.", a dotted initial after a
    comma (`Okita, T.`) or after another dotted initial (`D.S.`, `B. H. C.`), not when it
    only ends the block (`Locker D.`, `Haddow AJ.`)."""
    return bool(re.search(r"\b(?:al|u\.\s*a)\.$", span)) or bool(
        re.search(r"(?:,\s*|[A-Z][a-z]?\.[\s\-]*)[A-Z][a-z]?\.$", span))


# ----------------------------------------------------------------------------- fields

def _strip_label(printed: str, label: str) -> str:
    text = printed.strip()
    if label and text.startswith(label):
        text = text[len(label):]
    return text.lstrip()


# "et al." closing an author block (its italics markup left outside the span, like a
# bold block's closing "**")
_ET_AL = re.compile(r"\s*[,;，]?\s*(?:\*|<(?:i|em)>)?(?:et\.?\s*al\b\.?|and\s+others\b"
                    r"|et\s+col\b\.?|u\.\s*a\.|等)", re.I)
_NAME_GAP = 60  # at most this many characters from one family name to the next


def _names_span(text: str, folded: Folded, people: list[str], after: int, taken,
                what: str = "author"):
    """(start, end) of a block of person names, found family by family in order, with the
    given names around the first and last family name and a closing "et al." included.
    Names after "et al." need not be printed (the gold may list more than the print)."""
    et_al = re.compile(r"\bet\.?\s*al\b|\band\s+others\b|等", re.I).search(text, after)
    limit = et_al.start() if et_al else len(text)
    found = []
    pos = after
    for person in people:
        family, _ = _person(person)
        hit = folded.find(_key(family), pos, taken, name=family)
        if hit is None or hit[0] > limit or (found and any(found) and hit[0] - pos > _NAME_GAP):
            found.append(None)
            continue
        found.append(hit)
        pos = hit[1]
    hits = [h for h in found if h]
    if not found or found[0] is None:
        raise AlignError(f"{what} not found")
    start, end = hits[0][0], hits[-1][1]
    # given names before the first family name ("C. May", "In S. O'Neill")
    _, letters = _person(people[0])
    given_first = False
    if letters:
        match = re.search(rf"(?<![A-Za-z]){_initials_pattern(letters)}[\s\-]*$", text[:start])
        if match and match.start() >= after:
            start, given_first = match.start(), True
    # given names after the last family name found ("Mair FS", "Matthews, B. H. C."), unless
    # the block puts them first ("R.F. Hink, …, T. Smith, The division …")
    last = max(i for i, h in enumerate(found) if h)
    _, letters = _person(people[last])
    match = None
    if letters and not given_first:
        match = re.compile(rf",?\s*{_initials_pattern(letters)}(?![A-Za-z])").match(text, end)
    if match is None and not given_first:  # initials the gold spells differently (or lacks)
        match = re.compile(r",\s*(?:[A-Z][a-z]?\.[\s\-]*)+|\s+[A-Z]{1,4}(?![\w'’])").match(
            text, end)
    if match:
        end = match.end()
        suffix = _SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
    closing = _ET_AL.match(text, end)
    if closing:
        end = closing.end()
    elif found[-1] is None:
        raise AlignError(f"{what} not found")
    while text[end - 1].isspace():
        end -= 1
    return start, end


def _author_span(text: str, folded: Folded, gold: dict, taken):
    people = [a for a in gold.get("authors") or [] if a.strip()]
    groups = [g for g in gold.get("group_authors") or [] if g.strip()]
    if not people and not groups:
        return None
    starts, ends = [], []
    if people:
        start, end = _names_span(text, folded, people, 0, taken)
        starts.append(start)
        ends.append(end)
    for group in groups:
        hit = folded.find(_key(group), 0, taken, name=group)
        if hit is None and group.lower().startswith("the "):
            hit = folded.find(_key(group[4:]), 0, taken, name=group)
        if hit is None:
            raise AlignError("group author not found")
        starts.append(hit[0])
        ends.append(hit[1])
    start, end = min(starts), max(ends)
    closing = _ET_AL.match(text, end)
    if closing:
        end = closing.end()
    if text[end - 1] == "." and not _keep_period(text[start:end]):
        end -= 1
    return start, end


def _value_span(folded: Folded, text: str, value: str, after: int, taken):
    """A title or container: found by its letters and digits, then widened over the
    punctuation the gold value itself starts or ends with (`?`, `)`, a final `.`)."""
    clean = _TAG.sub("", html.unescape(html.unescape(value or ""))).strip()
    key = _key(clean)
    hit = folded.find(key, after, taken)
    if hit is None and "&" in clean:
        hit = folded.find(_key(clean.replace("&", "and")), after, taken)
    if hit is None and re.search(r"\band\b", clean):
        hit = folded.find(_key(re.sub(r"\band\b", "", clean)), after, taken)
    if hit is None:
        return None
    start, end = hit
    tail = re.search(r"[^\w\s]+$", clean)
    if tail and tail.group(0) == "." and clean.count(".") - 1 != text[start:end].count("."):
        tail = None  # "Angew. Chem. Int. Ed. Engl." printed undotted: the period is punctuation
    if tail:
        for ch in tail.group(0):
            if end < len(text) and text[end] == ch:
                end += 1
            else:
                break
    head = re.match(r"[^\w\s]+", clean)
    if head:
        for ch in reversed(head.group(0)):
            if start > 0 and text[start - 1] == ch:
                start -= 1
            else:
                break
    if _overlaps(start, end, taken):
        return None
    return start, end


def _date_span(text: str, gold: dict, after: int, taken):
    year = (gold.get("year") or "").strip()
    if not year:
        return None
    suffix = (gold.get("year_suffix") or "").strip()
    for value in ([year + suffix, year] if suffix else [year]):
        hit = _first_free(re.compile(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![0-9])"),
                          text, after, taken)
        if hit:
            _, start, end = hit
            if value == year and re.match(r"[a-z](?![A-Za-z])", text[end:end + 2]):
                end += 1  # 2009a although the gold has no suffix
            tail = _DATE_TAIL.match(text, end)
            if tail and tail.end() > end and not _overlaps(end, tail.end(), taken):
                end = tail.end()
            return start, end
    return None


def _pages_span(text: str, gold: dict, after: int, taken):
    first = (gold.get("first_page") or "").strip()
    if not first:
        pages = (gold.get("pages") or "").strip()
        first = re.split(rf"\s*[{_DASH}]\s*", pages)[0] if pages else ""
    if not first:
        return None
    hit = _first_free(re.compile(rf"(?:(?<![A-Za-z0-9])|(?<=\bp)|(?<=\bpp)){re.escape(first)}"
                                 r"(?![0-9])"), text, after, taken)
    if hit is None:
        return None
    _, start, end = hit
    return start, _page_range_end(text, end, taken)


_RANGE = re.compile(rf"\s*[{_DASH}]\s*[A-Za-z]?\d+[A-Za-z]?(?![\w])")
_PAGE = r"(?:[A-Za-z]?\d+[A-Za-z]?|[ivxlc]+|[IVXLC]+)"
# further pieces of a discontinuous range: "830-833. 837–838, 844", "77-110, iv-v"
_MORE_PAGES = re.compile(rf"(?:\s*[,.]\s*{_PAGE}(?:\s*[{_DASH}]\s*{_PAGE})?(?![\w]))+"
                         r"(?=\s*(?:[.;]|$|\s(?:doi|DOI|PMID|https?:)))")


def _page_range_end(text: str, end: int, taken) -> int:
    rng = _RANGE.match(text, end)
    if rng and not _overlaps(end, rng.end(), taken):
        end = rng.end()
    more = _MORE_PAGES.match(text, end)
    if more and not _overlaps(end, more.end(), taken):
        end = more.end()
    return end


# an article number or page range the gold does not tag, right after volume/issue
_UNTAGGED_PAGES = re.compile(r"[)\]]?\s*[:,]\s*(?:pp?\.\s*)?(?P<v>[A-Za-z]?\d+[A-Za-z]?)(?![\w])")


def _publisher(gold: dict) -> tuple[str, str]:
    """(place, publisher) from the gold publisher, which may be `Place: Publisher`."""
    value = (gold.get("publisher") or "").strip()
    if ": " in value:
        place, _, name = value.partition(": ")
        return place.strip(), name.strip()
    return "", value


_PLACE_BEFORE = re.compile(r"(?P<v>[A-Z][\w'’.\- ]*(?:,\s*[A-Z][\w.]*)*(?:\s*\([A-Z]{2}\))?)"
                           r"\s*:\s*$")
_PLACE_AFTER = re.compile(r"\s*[:,]\s*"
                          r"(?!(?:Vol|Volume|pp?|In|Available|Retrieved|Accessed|DOI|Epub)\b)"
                          r"(?P<v>[A-Z][a-z]+(?:\s[A-Z][a-z]+)*"
                          r"(?:,\s*[A-Z]{2}(?![a-z]))?(?:,\s*[A-Z][A-Za-z]+)?)\s*(?=[.,;]|$)")


# ----------------------------------------------------------------------------- align

def align(printed: str, gold: dict) -> Example | None:
    """The printed entry (list label removed) with the spans of its gold fields, or None."""
    try:
        return align_or_raise(printed, gold)
    except AlignError:
        return None


def align_or_raise(printed: str, gold: dict, notes: list[str] | None = None) -> Example:
    """`align`, raising AlignError with the reason instead of returning None. What was
    labelled from the print alone (a field the gold lacks) is appended to `notes`."""
    text = _strip_label(printed, (gold.get("label") or "").strip())
    folded = Folded(text)
    taken: list[tuple[int, int, str]] = []
    notes = [] if notes is None else notes

    def put(start: int, end: int, label: str) -> None:
        while start < end and text[start].isspace():
            start += 1
        while start < end and (text[end - 1].isspace() or text[end - 1] in ",;"):
            end -= 1
        if start >= end:
            return
        if _overlaps(start, end, taken):
            raise AlignError(f"overlap ({label})")
        taken.append((start, end, label))

    # identifiers and access dates: exact shapes, anywhere
    gold_doi = (gold.get("doi") or "").strip().lower()
    doi_found = False
    for match in DOI_RE.finditer(text):
        start = match.start()
        end = _trim_identifier(text, start, match.end())
        value = re.sub(r"^https?://(?:dx\.)?doi\.org/", "", text[start:end], flags=re.I)
        if gold_doi and value.lower() != gold_doi:
            raise AlignError("doi differs from gold")
        put(start, end, "doi")
        doi_found = True
    if not doi_found:  # a malformed DOI after its prefix ("doi:0.1016/j.…")
        match = re.search(r"\bdoi:\s*(?P<v>[^\s/]+/[^\s<>\"]+)", text, re.I)
        if match:
            end = _trim_identifier(text, match.start("v"), match.end("v"))
            value = text[match.start("v"):end].lower()
            if gold_doi and not gold_doi.endswith(value):
                raise AlignError("doi differs from gold")
            put(match.start("v"), end, "doi")
            notes.append("malformed doi labelled")
            doi_found = True
    if gold_doi and not doi_found and re.search(r"(?i)\bdoi\b|10\.\d{4}", text):
        raise AlignError("doi not found")
    if doi_found and not gold_doi:
        notes.append("doi not in gold, labelled from the print")
    for match in URL_RE.finditer(text):
        end = _trim_identifier(text, match.start(), match.end())
        if not _overlaps(match.start(), end, taken):
            put(match.start(), end, "url")
    for pattern, label in ((PMID_RE, "pmid"), (PMCID_RE, "pmcid")):
        for match in pattern.finditer(text):
            if not _overlaps(*match.span("v"), taken):
                put(*match.span("v"), label)
    for pattern in ACCESSED_RES:
        for match in pattern.finditer(text):
            if not _overlaps(*match.span("v"), taken):
                put(*match.span("v"), "accessed")
    for pattern in NOTE_RES:
        for match in pattern.finditer(text):
            if not _overlaps(*match.span("v"), taken):
                put(*match.span("v"), "note")

    # authors from the start, then the title and the container
    pos = 0
    span = _author_span(text, folded, gold, taken)
    if span:
        put(*span, "author")
        pos = span[1]
    elif gold.get("authors") or gold.get("group_authors"):
        raise AlignError("author not found")
    title = (gold.get("title") or "").strip()
    after_title = pos
    if title:
        span = _value_span(folded, text, title, pos, taken)
        if span is None:
            raise AlignError("title not found")
        put(*span, "title")
        after_title = span[1]
    journal = (gold.get("journal") or "").strip()
    after_container = after_title
    if journal and _key(journal) != _key(title):
        span = _value_span(folded, text, journal, after_title, taken)
        if span is None:
            raise AlignError("journal not found")
        if text[after_title:span[0]] == ", " and re.search(r"\.\s\w+$", text[:after_title]):
            # "… A training study. Cognitive" / "Affective, & Behavioral Neuroscience"
            raise AlignError("gold title and journal split inside the journal name")
        put(*span, "container")
        after_container = span[1]

    # editors of the container (after the title; before or after the container name; a
    # chapter's volume may come before them: "In The Retinoids, Vol. 2, eds. …")
    editors = [e for e in gold.get("editors") or [] if e.strip()]
    if editors:
        start, end = _names_span(text, folded, editors, after_title, taken, what="editor")
        if text[end - 1] == "." and not _keep_period(text[start:end]):
            end -= 1
        put(start, end, "editor")

    # the date: the first free occurrence of the year after the authors
    span = _date_span(text, gold, pos, taken)
    if span is None and (gold.get("year") or "").strip():
        raise AlignError("year not found")
    if span:
        put(*span, "date")

    # edition ("2nd ed.") after the title
    for match in EDITION_RE.finditer(text, after_title):
        group = next(g for g in ("v", "n", "a", "z") if match.group(g))
        if not _overlaps(*match.span(group), taken):
            put(*match.span(group), "edition")

    # volume, issue, pages after the container
    loc = after_container
    volume = (gold.get("volume") or "").strip()
    if volume:
        hit = _first_free(_number(volume), text, loc, taken)
        if hit is None:
            span = folded.find(_key(volume), loc, taken)
            hit = (None, *span) if span else None
        if hit is None:
            raise AlignError("volume not found")
        put(hit[1], hit[2], "volume")
        loc = hit[2]
    issue = (gold.get("issue") or "").strip()
    if issue:
        hit = _first_free(_number(issue), text, loc, taken)
        if hit is None or _free_gap(loc, hit[1], taken) > 12:
            span = folded.find(_key(issue), loc, taken)
            hit = (None, *span) if span and _free_gap(loc, span[0], taken) <= 12 else None
        if hit:
            put(hit[1], hit[2], "issue")
            loc = hit[2]
    span = _pages_span(text, gold, loc, taken)
    if span is None and loc > after_title:
        # a chapter's pages before its book: "Title, p. 229–256. In Sporn MB (ed.), …"
        span = _pages_span(text, gold, after_title, taken)
        if span and not re.search(rf"[{_DASH}]", text[span[0]:span[1]]):
            span = None
    if span:
        put(*span, "pages")
    elif (gold.get("first_page") or "").strip():
        raise AlignError("pages not found")
    elif volume:
        match = _UNTAGGED_PAGES.match(text, loc)
        if match and not _overlaps(*match.span("v"), taken):
            start = match.start("v")
            put(start, _page_range_end(text, match.end("v"), taken), "pages")
            notes.append("pages not in gold, labelled from the print")

    # publisher and its place
    place, publisher = _publisher(gold)
    if publisher:
        span = _value_span(folded, text, publisher, after_title, taken)
        if span is None:
            raise AlignError("publisher not found")
        put(*span, "publisher")
        pub_start, pub_end = span
        if place:
            span = _value_span(folded, text, place, after_title, taken)
            if span:
                put(*span, "place")
        else:
            before = _PLACE_BEFORE.search(text, after_title, pub_start)
            after = _PLACE_AFTER.match(text, pub_end)
            if before and not _overlaps(*before.span("v"), taken):
                put(*before.span("v"), "place")
            elif after and not _overlaps(*after.span("v"), taken):
                put(*after.span("v"), "place")

    # the year printed a second time ("Frontiers in Neuroscience 11 (2017): 109")
    year = (gold.get("year") or "").strip()
    if year and any(label == "date" for _, _, label in taken):
        while True:
            span = _date_span(text, gold, 0, taken)
            if span is None:
                break
            put(*span, "date")

    _check_leftovers(text, taken, gold)
    spans = tuple(sorted(taken))
    try:
        return Example(text, spans, gold.get("type") or "journal")
    except ValueError as error:
        raise AlignError(f"bad spans: {error}") from None


def _check_leftovers(text: str, taken, gold: dict) -> None:
    """A number left outside every span is a field the gold does not have (or that was not
    found): the example would teach the parser to call it "other"."""
    covered = [False] * len(text)
    for start, end, _ in taken:
        covered[start:end] = [True] * (end - start)
    for match in re.finditer(r"\d+", text):
        if not any(covered[match.start():match.end()]):
            raise AlignError("unlabelled number")


# ----------------------------------------------------------------------------- corpus

def dev_ids(split_path: Path = SPLIT) -> list[str]:
    data = yaml.safe_load(Path(split_path).read_text(encoding="utf-8")) or {}
    return list(data.get("dev") or [])


def load_gold(corpus_dir: Path, article: str, split_path: Path = SPLIT) -> dict:
    """The gold record of a *development* article; any other id raises ValueError before the
    file is opened (test articles are held out for measurement)."""
    if article not in dev_ids(split_path):
        raise ValueError(f"{article} is not a development article of the corpus split")
    path = Path(corpus_dir) / "gold" / f"{article}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def align_article(corpus_dir: Path, article: str, split_path: Path = SPLIT
                  ) -> tuple[list[Example], Counter, int, Counter]:
    """(examples, failures by reason, structured entries, notes on what was labelled from the
    print alone) of one development article."""
    gold = load_gold(corpus_dir, article, split_path)
    examples: list[Example] = []
    failures: Counter = Counter()
    filled: Counter = Counter()
    structured = 0
    for ref in gold.get("references", []):
        if not ref.get("structured"):
            continue
        structured += 1
        notes: list[str] = []
        try:
            example = align_or_raise(ref["printed"], ref, notes)
        except AlignError as error:
            failures[str(error)] += 1
            continue
        filled.update(notes)
        examples.append(Example(example.text, example.spans, ref.get("type") or "journal",
                                gold.get("style", ""), f"corpus:{article}#{ref['n']}"))
    return examples, failures, structured, filled


def examples_from_corpus(corpus_dir: Path = CORPUS_DIR, split_path: Path = SPLIT,
                         articles: list[str] | None = None) -> tuple[list[Example], Counter]:
    """Aligned examples of all development articles (or of `articles`, which must all be
    development articles) and the failures by reason."""
    ids = dev_ids(split_path) if articles is None else list(articles)
    allowed = set(dev_ids(split_path))
    for article in ids:
        if article not in allowed:
            raise ValueError(f"{article} is not a development article of the corpus split")
    examples: list[Example] = []
    failures: Counter = Counter()
    for article in ids:
        got, failed, _, _ = align_article(corpus_dir, article, split_path)
        examples.extend(got)
        failures.update(failed)
    return examples, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--split", type=Path, default=SPLIT)
    args = parser.parse_args(argv)
    examples: list[Example] = []
    total: Counter = Counter()
    total_filled: Counter = Counter()
    n_structured = 0
    for article in dev_ids(args.split):
        got, failed, structured, filled = align_article(args.corpus, article, args.split)
        examples.extend(got)
        total.update(failed)
        total_filled.update(filled)
        n_structured += structured
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(failed.items())) or "-"
        print(f"{article:28} entries {structured:4}  aligned {len(got):4}  failures: {reasons}")
    write_jsonl(args.out, examples)
    share = len(examples) / n_structured if n_structured else 0.0
    print(f"{'total':28} entries {n_structured:4}  aligned {len(examples):4} ({share:.1%})")
    for reason, count in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  failed: {reason}: {count}")
    for note, count in sorted(total_filled.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  aligned, {note}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
