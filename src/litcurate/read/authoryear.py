"""Author–year citations: read them, and link each work to an entry of an unnumbered list.

Two printed forms are read. Parenthetical: `(Smith et al., 2020; Doe and Roe 2019a, b)`,
`(see Smith & Doe, 2020, p. 5)`, `(Seubsman et al., in press)` — one citation, several
works. Narrative: `Smith et al. (2020)`, `Jansen & Carbonari (1991)`, `Smith 等 (2020)`.
A work is linked by its first author's family name and its year (suffix included), and
narrowed by the second author or by "et al." when several entries share both.

An entry is described by an `EntryKey` (built from the parsed reference by
`refs.citekeys`), so this module needs nothing from the stages after reading. Every work
keeps how it was linked, so the audit can say `citation_unmatched`, `citation_ambiguous`
or `citation_year_mismatch` — and stays silent where either side was not read with
confidence (a `silent` work): an editor stops reading a tool that cries wolf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import lexicon
from ..text import IDEOGRAPHS, name_key
from .citations import Citation

UPPER = "".join(c for c in map(chr, range(0x3000)) if c.isupper())
_LETTER = r"[^\W\d_]"
_CJK_NAME = rf"[{IDEOGRAPHS}]{{1,4}}"  # a Chinese or Japanese family name (张, 山田)


@dataclass(frozen=True)
class EntryKey:
    """What an author–year citation can be matched on, for one list entry (1-based `n`)."""

    n: int
    families: tuple[str, ...]  # folded family names (or group names) in printed order
    year: str  # four digits, "in press" style words folded, or ""
    suffix: str = ""  # "a" of 2019a
    et_al: bool = False
    confident: bool = True  # authors and year read with confidence
    head: str = ""  # the folded start of the printed entry, for entries not parsed well


@dataclass(frozen=True)
class Work:
    """One cited work inside a citation: names as written, year, and how it was linked."""

    text: str
    names: tuple[str, ...]
    et_al: bool
    year: str
    suffix: str
    narrative: bool
    comma_listed: bool = False  # names joined by commas: where a narrative list starts is unsure
    status: str = "unlinked"  # linked | unmatched | ambiguous | year_mismatch | silent
    numbers: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()
    entry_year: str = ""

    def to_dict(self) -> dict:
        return {"text": self.text, "status": self.status, "numbers": list(self.numbers),
                "candidates": list(self.candidates), "year": self.year + self.suffix,
                "entry_year": self.entry_year}


fold = name_key  # a name as compared: no diacritics, case or punctuation (text.name_key)


@cache
def _lexicon() -> dict:
    data = lexicon.load("citation_forms")
    particles = "|".join(map(re.escape, data["particles"]))
    up = re.escape(UPPER)
    word = rf"(?:[{up}](?:{_LETTER}|['’\-]{_LETTER})*)"
    surname = (rf"(?:(?:(?:{particles})\s+)+|[dDlLO]['’])?{word}"
               rf"(?:(?:-|\s+(?:(?:{particles})\s+)*){word}){{0,3}}")
    name = rf"(?:{surname}|{_CJK_NAME})"
    etal = "|".join(data["et_al"])
    year_words = "|".join(data["year_words"])
    names = (rf"(?P<names>{name}(?:\s*,\s*{name})*"
             rf"(?:\s*,?\s*(?:(?:and|und|y|e)\s+|&\s*){name})?)"
             rf"(?P<etal>\s*,?\s*(?:{etal}))?")
    year = rf"(?:(?:1[5-9]|20)\d\d(?:[a-z](?![\w.]))?|{year_words})"
    years = rf"(?P<years>{year}(?:\s*,\s*(?:{year}|[a-z](?![\w.])))*)"
    locator = r"(?:\s*[,:]\s*(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?(?![\d.]))?"
    # a group author written out: "Council of Europe", "European Parliament and the Council
    # of the European Union", "World Medical Association [WMA]" (read only when a part of a
    # parenthesis holds no personal-name work, so "Smith and Jones" stays two persons)
    joiner = r"(?:of|for|and|the|on|in|de|du|des|la|le|für|und|&)"
    group = (rf"(?P<names>{word}(?:\s+(?:{joiner}\s+)*{word}){{1,9}})"
             rf"(?P<etal>(?!))?(?:\s*[\[(][{up}]{{2,12}}[\])])?")
    return {
        "group_work": re.compile(rf"^[\s,]*{group}\s*,?\s*{years}{locator}\s*$"),
        "paren_work": re.compile(rf"{names}\s*,?\s*{years}{locator}"),
        "narrative": re.compile(rf"{names}\s*[(（]\s*{years}{locator}\s*[)）]"),
        "paren": re.compile(r"[(（][^()（）\n]{4,600}[)）]"),
        "year": re.compile(rf"(?P<y>(?:1[5-9]|20)\d\d|{year_words})(?P<s>[a-z])?", re.I),
        "prefix": re.compile(
            rf"^(?:[\s,]*(?:{'|'.join(data['prefixes'])})(?!\w))*[\s,]*$", re.I),
        "particles": frozenset(data["particles"]),
        "not_names": frozenset(fold(w) for w in data["not_names"]),
        "year_words": tuple(fold(w.replace("\\", "")) for w in data["year_words"]),
        "split": re.compile(r"(?:\s*,\s*|\s+)(?:and|&|und|y|e)\s+|\s*&\s*|\s*,\s*"),
    }


def find(text: str, keys: tuple[EntryKey, ...] = ()) -> list[Citation]:
    """Every author–year citation in `text`, in order, each work linked against `keys`."""
    lex = _lexicon()
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for paren in lex["paren"].finditer(text):
        works = _paren_works(paren.group(0)[1:-1], lex)
        if works:
            found.append(_citation(paren.group(0), paren.start(), paren.end(), works, keys))
            taken.append(paren.span())
    for match in lex["narrative"].finditer(text):
        inside = match.start() + re.search(r"[(（]", match.group(0)).start()
        if any(s <= inside < e for s, e in taken):
            continue  # "(2020)" already read as a parenthesis — it cannot be both
        works = _works(match, lex, narrative=True)
        if works:
            found.append(_citation(match.group(0), match.start(), match.end(), works, keys))
    found.sort(key=lambda c: c.start)
    # a narrative match may have swallowed a parenthetical citation's names: keep the first
    result: list[Citation] = []
    for citation in found:
        if result and citation.start < result[-1].end:
            continue
        result.append(citation)
    return result


def _paren_works(content: str, lex: dict) -> list[Work]:
    works: list[Work] = []
    for part in re.split(r"[;；]", content):
        found = _part_works(part, lex)
        if found is None:
            group = lex["group_work"].match(part)
            found = works_of_group(group, lex) if group else None
        if found is None:
            return []  # a part that is neither works nor a remark: not a citation parenthesis
        works += found
    return works


def _part_works(part: str, lex: dict) -> list[Work] | None:
    """The works of one `;`-part, [] for a remark without numbers, None if not readable."""
    works: list[Work] = []
    position = 0
    for match in lex["paren_work"].finditer(part):
        if not lex["prefix"].match(part[position:match.start()]):
            return None  # other words between works
        works += _works(match, lex, narrative=False)
        position = match.end()
    if works and part[position:].strip(" ,."):
        return None
    if position == 0 and re.search(r"\d", part):
        return None  # a number but no work: "(n = 25)", "(Council of Europe, 1997)"
    return works  # a part with no number is a remark: "(H. L. Yeap, unpublished data; …)"


def works_of_group(match: re.Match, lex: dict) -> list[Work] | None:
    """The works of a part naming a group author: one name, kept whole."""
    name = match.group("names")
    if fold(name.split()[0]) in lex["not_names"]:
        return None
    works = []
    for piece in re.split(r"\s*,\s*", match.group("years")):
        year = lex["year"].match(piece)
        if year:
            works.append(Work(match.group(0).strip(" ,"), (name,), False,
                              _year_key(year.group("y"), lex), year.group("s") or "", False))
    return works


def _works(match: re.Match, lex: dict, narrative: bool) -> list[Work]:
    names = [n for n in lex["split"].split(match.group("names").strip()) if n]
    while names and fold(names[0].split()[0]) in lex["not_names"]:
        rest = names[0].split()[1:]  # "In Thailand, Smith": "In" is no name
        names = [" ".join(rest), *names[1:]] if rest else names[1:]
    if not names or any(fold(n) in lex["not_names"] for n in names):
        return []
    listed = "," in match.group("names") and work_is_list(match.group("names"))
    et_al = bool(match.group("etal"))
    works = []
    previous = ""
    for piece in re.split(r"\s*,\s*", match.group("years")):
        year = lex["year"].match(piece)
        if year:
            y, s = year.group("y"), (year.group("s") or "")
            previous = y
        elif previous and re.fullmatch(r"[a-z]", piece):
            y, s = previous, piece  # "2019a, b": the b of 2019
        else:
            continue
        works.append(Work(match.group(0), tuple(names), et_al, _year_key(y, lex), s,
                          narrative, comma_listed=listed))
    return works


def work_is_list(names: str) -> bool:
    """Names joined by commas ("Smith, Doe, and Roe"), not one name."""
    return len(re.split(r"\s*,\s*", names.strip())) > 1


def _year_key(year: str, lex: dict) -> str:
    return year if year.isdigit() else fold(year)


def _citation(raw: str, start: int, end: int, works: list[Work],
              keys: tuple[EntryKey, ...]) -> Citation:
    linked = tuple(link(w, keys) for w in works)
    numbers = tuple(dict.fromkeys(n for w in linked for n in w.numbers))
    return Citation(numbers, raw, start, end, (), works=linked)


# ---------------------------------------------------------------------------- linking


def link(work: Work, keys: tuple[EntryKey, ...]) -> Work:
    """The work with its status and the entry numbers it points to.

    linked: one entry (or one after narrowing by co-author, author count, suffix);
    ambiguous: several entries fit and nothing written tells them apart;
    year_mismatch: no entry of that year, but exactly one by those authors, read confidently;
    unmatched: no entry by those authors, with every entry that could be theirs read well;
    silent: not decidable with confidence (an entry not parsed, a name that is an acronym).
    """
    if not keys:
        return replace_work(work, "silent")
    whole = _link(work, keys)
    if whole.status != "linked" and work.narrative and work.comma_listed:
        for i in range(1, len(work.names)):  # "Additionally, Scanlon et al. (2017b)"
            shorter = Work(work.text, work.names[i:], work.et_al, work.year, work.suffix,
                           True, work.comma_listed)
            tried = _link(shorter, keys)
            if tried.status == "linked":
                return replace_work(work, "linked", tried.numbers)
    return whole


def _link(work: Work, keys: tuple[EntryKey, ...]) -> Work:
    by_name = _by_first_author(work, keys)
    by_name = _narrow_by_coauthors(work, by_name)
    same_year = [k for k in by_name if k.year == work.year]
    if work.suffix:
        with_suffix = [k for k in same_year if k.suffix == work.suffix]
        if with_suffix or any(k.suffix for k in same_year):
            same_year = with_suffix
    if len(same_year) > 1:
        narrowed = _narrow_by_count(work, same_year)
        same_year = narrowed or same_year
    if len(same_year) == 1:
        return replace_work(work, "linked", (same_year[0].n,))
    if len(same_year) > 1:
        status = "ambiguous" if all(k.confident for k in same_year) else "silent"
        return replace_work(work, status, candidates=tuple(k.n for k in same_year))
    if by_name:
        fallback = _by_head(work, keys)
        if len(fallback) == 1:
            return replace_work(work, "linked", (fallback[0].n,))
        if len(by_name) > 1:
            by_name = _narrow_by_count(work, by_name) or by_name
        if (len(by_name) == 1 and by_name[0].confident and by_name[0].year.isdigit()
                and work.year.isdigit() and _confident_work(work)):
            k = by_name[0]
            return replace_work(work, "year_mismatch", (k.n,), (k.n,), k.year + k.suffix)
        return replace_work(work, "silent", candidates=tuple(k.n for k in by_name))
    fallback = _by_head(work, keys)
    if len(fallback) == 1:
        return replace_work(work, "linked", (fallback[0].n,))
    if fallback or not _confident_work(work):
        return replace_work(work, "silent", candidates=tuple(k.n for k in fallback))
    first = _first_variants(work)
    if any(not k.confident and any(v and v in k.head for v in first) for k in keys):
        return replace_work(work, "silent")
    return replace_work(work, "unmatched")


def replace_work(work: Work, status: str, numbers: tuple[int, ...] = (),
                 candidates: tuple[int, ...] = (), entry_year: str = "") -> Work:
    return Work(work.text, work.names, work.et_al, work.year, work.suffix, work.narrative,
                work.comma_listed, status, numbers, candidates or numbers, entry_year)


def _first_variants(work: Work) -> list[str]:
    """The first author as written, then without leading words ("Thailand Smith" → smith)."""
    words = work.names[0].split()
    return [fold(" ".join(words[i:])) for i in range(len(words))]


def _acronym(folded_words: str) -> str:
    return "".join(w[0] for w in folded_words.split() if w and w[0].isupper())


def _by_first_author(work: Work, keys: tuple[EntryKey, ...]) -> list[EntryKey]:
    for variant in _first_variants(work):
        found = [k for k in keys if k.families and k.families[0] == variant]
        if found:
            return found
    last = _first_variants(work)[-1]
    near = [k for k in keys if k.families and len(last) >= 6 and _one_edit(k.families[0], last)
            and k.year == work.year]
    if len({k.families[0] for k in near}) == 1:
        return near  # "Getzman" for "Getzmann": a slip in a long name, the same year
    written = work.names[0].strip()
    if len(written.split()) > 1:  # "World Health Organization, 2009" for an entry "WHO, 2009"
        acronym = fold(_acronym(written))
        found = [k for k in keys if k.families and k.families[0] == acronym]
        if len(acronym) > 1 and found:
            return found
    return []


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if i >= len(a) or a[i] != b[i]:
            return a[i + (len(a) == len(b)):] == b[i + 1:] if i < len(a) else True
    return True


def _narrow_by_coauthors(work: Work, keys: list[EntryKey]) -> list[EntryKey]:
    if len(work.names) < 2 or len(keys) < 2:
        return keys
    second = fold(work.names[1])
    narrowed = [k for k in keys if len(k.families) > 1 and k.families[1] == second]
    return narrowed or keys


def _narrow_by_count(work: Work, keys: list[EntryKey]) -> list[EntryKey]:
    """"Smith 2020" is the single-author entry, "Smith and Doe" the two-author one."""
    if work.et_al:
        return [k for k in keys if len(k.families) > 2 or k.et_al]
    if len(work.names) == 1:
        return [k for k in keys if len(k.families) == 1 and not k.et_al]
    if len(work.names) == 2:
        return [k for k in keys if len(k.families) == 2 and not k.et_al]
    return []


def _by_head(work: Work, keys: tuple[EntryKey, ...]) -> list[EntryKey]:
    """Entries whose printed start names the author and holds the year, for when the parsed
    names do not answer (an entry not parsed well, or initials read into the family name:
    `Spindler SR` as one family)."""
    variants = [v for v in _first_variants(work) if len(v) > 1]
    return [k for k in keys if k.head
            and any(k.head.startswith(v) for v in variants)
            and work.year in k.head]


def _confident_work(work: Work) -> bool:
    """A citation read well enough to accuse: surnames, not acronyms, and a clear shape.

    Narrative citations must carry "et al.", "and"/"&" or "等": `Study (2019)` may be a
    name of something else. An all-capitals name (WHO, CDC) may be written out in the list.
    """
    first = work.names[0].split()[-1]
    if first.isupper() and len(first) > 1:
        return False
    words = work.names[0].split()
    if len(words) > 1 and fold(words[0]) not in _lexicon()["particles"]:
        return False  # "Then Other", a group written out: only a family name is accused
    if work.narrative and (work.comma_listed or not (work.et_al or len(work.names) > 1)):
        return False
    return len(work.names[0].split()) <= 2
