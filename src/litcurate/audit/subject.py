"""The claim's subject against what the cited work's own metadata says.

A reviewer reading a claim next to the cited paper's title asks: is this the drug, the
target, the trial, the phase, the patients, the disease setting and the year the paper is
about? Each rule here answers only where the metadata speaks (the title as Crossref or a
confident reading of the list gives it, the abstract, PubMed publication types and MeSH
when a record holds them) and says nothing where it is silent: absence of metadata is never
a finding. Population, setting and phase are read with the cues of data/studies.yaml, the
same that fill the studies table, so that the audit and the table never read a title
differently; population and setting contradict only across opposite classes (children vs
adults, newly diagnosed vs relapsed), never through the adolescent/young-adult band.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import lexicon
from ..curate import CuratedReference
from ..evidence import studies
from ..evidence.studies import Study
from ..findings import Finding, finding
from ..read.claims import Claim
from ..text import clipped, person, readable
from . import names

# kinds of glossary interventions that are a claim's subject on their own (a regimen or a
# procedure is background more often than subject)
SUBJECT_KINDS = frozenset({"drug", "cell therapy"})
OPPOSITE = {"pediatric": "adult", "adult": "pediatric",
            "newly_diagnosed": "relapsed_refractory", "relapsed_refractory": "newly_diagnosed"}
LABELS = {"pediatric": "children", "adult": "adults", "aya": "adolescents and young adults",
          "newly_diagnosed": "newly diagnosed disease",
          "relapsed_refractory": "relapsed or refractory disease"}
SLASH = re.compile(r"(?<=[A-Za-z])/(?=[A-Za-z])")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III"}


@dataclass(frozen=True)
class Metadata:
    """What one reference's own record says, each text with where it was read."""

    n: int
    texts: tuple[tuple[str, str], ...]  # (where, text)
    year: str = ""

    def labels(self, patterns: dict[str, re.Pattern]) -> dict[str, tuple[str, str]]:
        """label → (words, where) for each label some text states."""
        found: dict[str, tuple[str, str]] = {}
        for where, text in self.texts:
            for label, pattern in patterns.items():
                match = pattern.search(text)
                if match and label not in found:
                    found[label] = (match.group(0), where)
        return found

    @property
    def title(self) -> str:
        return next((t for w, t in self.texts if w.startswith("title")), "")


def metadata(ref: CuratedReference, study: Study | None = None) -> Metadata:
    """The texts a reference's record gives: title (only when read with confidence or given
    by Crossref), abstract, publication types and MeSH (when a PubMed record adds them)."""
    texts: list[tuple[str, str]] = []
    source = ref.field_sources.get("title", "manuscript")
    if ref.title and (ref.reading == "parsed" or source != "manuscript"):
        where = "title (Crossref)" if "crossref" in str(source) else "title in the list"
        texts.append((where, readable(ref.title, " ")))
    for owner in (ref, study):
        abstract = getattr(owner, "abstract", "") if owner is not None else ""
        if abstract:
            texts.append(("abstract", readable(str(abstract), " ")))
            break
    for field, where in (("publication_types", "PubMed publication types"),
                         ("mesh", "MeSH terms")):
        for owner in (ref, study):
            value = getattr(owner, field, ()) if owner is not None else ()
            if value:
                texts.append((where, "; ".join(str(v) for v in value)))
                break
    return Metadata(ref.n, tuple(texts), ref.year if ref.year.isdigit() else "")


@cache
def _lex() -> dict:
    data = lexicon.load("studies")
    audit = lexicon.load("audit")
    glossary = lexicon.load("glossary")
    return {
        "population": {k: lexicon.compile_any(v) for k, v in data["population"].items()},
        "setting": {k: lexicon.compile_any(v) for k, v in data["setting"].items()},
        "phase": tuple(re.compile(lexicon.BEFORE + p, re.IGNORECASE)
                       for p in (*data["phase"], *audit["claim_phase"])),
        "kinds": {name: entry.get("kind", "") for name, entry
                  in glossary["interventions"].items()},
        "broader": {name: entry["broader"] for name, entry
                    in glossary["interventions"].items() if entry.get("broader")},
        "years": tuple(re.compile(p) for p in audit["author_years"]),
        "work_years": tuple(re.compile(p) for p in audit["work_years"]),
        "outcome": lexicon.compile_any(audit["relapse_as_outcome"]),
    }


def _where(claim: Claim) -> str:
    return f"Claim {claim.claim_id} (line {claim.line})"



def _body(claim: Claim) -> str:
    """The claim's words without its citation markers (a year inside one is not a claim)."""
    text = claim.text
    for citation in claim.citations:
        text = text.replace(citation["raw"], " ")
    return text


def _refs(numbers) -> str:
    return ", ".join(f"[{n}]" for n in numbers)


# ---------------------------------------------------------------------------- topic


def topic(claim: Claim, described: dict[int, Metadata]) -> list[Finding]:
    """The claim's subject (a drug or cell therapy) named by no cited work but by another.

    A claim is on topic when any intervention it names (or a narrower one: a CD7 CAR-T is a
    CAR-T) is named by a cited work: a list of drugs citing papers on some of them is a list,
    not a wrong citation."""
    cited = [described[n] for n in claim.cited if n in described]
    if not cited or len(cited) != len(claim.cited) or not all(m.texts for m in cited):
        return []
    lex = _lex()
    about = {m.n: studies.interventions_in(" ".join(t for _, t in m.texts)) for m in cited}
    if not all(about.values()):
        return []  # a cited work whose record names no intervention may still cover it
    body = _body(claim)
    named = list(dict.fromkeys((*studies.interventions_in(body),  # "CAG/HAG": two regimens
                                *studies.interventions_in(SLASH.sub(" ", body)))))
    covered = {i for found in about.values() for i in found}
    covered |= {lex["broader"][i] for i in covered if i in lex["broader"]}
    if not named or covered & set(named):
        return []
    found = []
    for subject in named:
        if lex["kinds"].get(subject) not in SUBJECT_KINDS:
            continue
        elsewhere = sorted(n for n, m in described.items() if n not in claim.cited and m.texts
                           and subject in studies.interventions_in(
                               " ".join(t for _, t in m.texts)))
        if not elsewhere:
            continue
        theirs = "; ".join(f"[{m.n}] is about {', '.join(about[m.n])} ({_where_read(m)})"
                           for m in cited)
        found.append(finding(
            "citation_topic_mismatch",
            f"{_where(claim)} is about {subject}, but {theirs}; {subject} is the subject of "
            f"{_refs(elsewhere)} (“{clipped(described[elsewhere[0]].title, 70)}”); cite "
            f"{_refs(elsewhere)} or correct the claim.", claim_id=claim.claim_id))
    return found


def _where_read(m: Metadata) -> str:
    where, text = m.texts[0]
    return f"its {where}: “{clipped(text, 70)}”"


def trial_mentions(text: str, trial_index: dict[str, set[int]]) -> list[str]:
    """Trial names a reference's metadata gives, found anywhere in `text` (a table cell, a
    list, a heading), even without "study"/"研究" after them."""
    found = []
    folded = f" {lexicon.fold_name(text)} "
    for name in trial_index:
        if len(name.replace(" ", "")) >= 4 and f" {name} " in folded:
            found.append(name)
    return found


ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}")


def spelled_out(name: str, title: str) -> bool:
    """Whether `title` writes out the acronym `name` word by word: "The Hungarian version of
    the Oral health Impact Profile" names "OHIP" (an instrument's or a trial's title gives its
    full name as often as its acronym). Small words may stand between the initials
    ("Oral Health Impact Profile", "Children's Oncology Group" for COG)."""
    head = name.split("-")[0]
    if not ACRONYM.fullmatch(head) or len(head) < 3:
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", readable(title))
    small = {"of", "and", "the", "for", "in", "on", "to", "a", "an", "with"}
    for start in range(len(words)):
        i, w = 0, start
        while w < len(words) and i < len(head):
            word = words[w]
            if word[0].upper() == head[i] and word.lower() not in small:
                i += 1
            elif word.lower() not in small or i == 0:
                break
            w += 1
        if i == len(head):
            return True
    return False


# ---------------------------------------------------------------------------- phase


def phases_in(text: str) -> dict[str, str]:
    """Normalised phase ('I', 'I/II', 'II', 'III') → the words that stated it."""
    found: dict[str, str] = {}
    for pattern in _lex()["phase"]:
        for match in pattern.finditer(text):
            parts = [match.group("p"), match.group("q")]
            value = "/".join(ROMAN.get(p, p.upper()) for p in parts if p)
            found.setdefault(value, match.group(0).strip())
    return found


def phase(claim: Claim, described: dict[int, Metadata],
          focus: tuple[int, ...] = ()) -> list[Finding]:
    stated = phases_in(_body(claim))
    cited = [described.get(n) for n in focus or claim.cited]
    if not stated or not cited or any(m is None or not m.texts for m in cited):
        return []
    theirs = {}
    for m in cited:
        for where, text in m.texts:
            got = phases_in(text)
            if got:
                theirs[m.n] = (got, where)
                break
    if len(theirs) != len(cited):
        return []  # a cited work whose record states no phase could be the one meant
    found = []
    for value, words in stated.items():
        mine = set(value.split("/"))
        if any(mine & set(p.split("/")) for got, _ in theirs.values() for p in got):
            continue
        said = "; ".join(f"[{n}] is phase {', '.join(got)} (its {where}: "
                         f"“{next(iter(got.values()))}”)" for n, (got, where) in theirs.items())
        found.append(finding(
            "phase_mismatch",
            f"{_where(claim)} says “{words}”, but {said}; correct the phase or the citation.",
            claim_id=claim.claim_id))
    return found


# ---------------------------------------------------------------------------- population, setting


def _opposed(claim: Claim, described: dict[int, Metadata], kind: str, code: str,
             ignore: frozenset[str] = frozenset(),
             focus: tuple[int, ...] = ()) -> list[Finding]:
    """One class stated by the claim, its opposite (and nothing else) by every cited work."""
    patterns = _lex()[kind]
    mine: dict[str, str] = {}
    # a table row's patients are those of its first cell that names any (the population
    # column comes before the results, which may speak of other patients)
    body = _body(claim)
    if kind == "setting":
        body = _lex()["outcome"].sub(" ", body)
    for part in body.split(" | ") if claim.kind == "table_row" else [body]:
        mine = {label: m.group(0) for label, p in patterns.items() if (m := p.search(part))}
        if mine:
            break
    core = set(mine) - ignore
    if len(core) != 1 or (set(mine) & ignore):
        return []
    label = core.pop()
    cited = [described.get(n) for n in focus or claim.cited]
    if not cited or any(m is None or not m.texts for m in cited):
        return []
    theirs = {m.n: m.labels(patterns) for m in cited}
    if not all(set(got) == {OPPOSITE[label]} for got in theirs.values()):
        return []
    said = "; ".join(f"[{n}] is about {LABELS[OPPOSITE[label]]} (its {got[OPPOSITE[label]][1]}: "
                     f"“{got[OPPOSITE[label]][0]}”)" for n, got in theirs.items())
    return [finding(
        code, f"{_where(claim)} speaks of {LABELS[label]} (“{mine[label]}”), but {said}; "
        "correct the claim or cite work on those patients.", claim_id=claim.claim_id)]


def population(claim: Claim, described: dict[int, Metadata],
               focus: tuple[int, ...] = ()) -> list[Finding]:
    return _opposed(claim, described, "population", "population_mismatch",
                    ignore=frozenset({"aya"}), focus=focus)


def setting(claim: Claim, described: dict[int, Metadata],
            focus: tuple[int, ...] = ()) -> list[Finding]:
    return _opposed(claim, described, "setting", "setting_mismatch", focus=focus)


# ---------------------------------------------------------------------------- year


def year(claim: Claim, refs: dict[int, CuratedReference]) -> list[Finding]:
    """"X 等 2019 年", "X et al. (2019)", "the 2019 study by X": X's cited work of another year."""
    found = []
    body = _body(claim)
    seen = set()
    for pattern in _lex()["years"]:
        for match in pattern.finditer(body):
            name, stated = match.group("name"), match.group("year")
            if (name, stated) in seen or not names.looks_like_person(name):
                continue
            seen.add((name, stated))
            theirs = [refs[n] for n in claim.cited if n in refs
                      and names.is_author(person(name), refs[n])]
            if not theirs or not all(r.year[:4].isdigit() for r in theirs):
                continue  # not an author of the cited works (author_mismatch says so)
            if any(r.year[:4] == stated for r in theirs):
                continue
            said = "; ".join(f"[{r.n}] by {r.first_family or name} is of {r.year} "
                             f"({_year_source(r)})" for r in theirs)
            found.append(finding(
                "citation_year_mismatch",
                f"{_where(claim)} says “{clipped(match.group(0), 40)}”, but {said}; correct the "
                "year or cite the work meant.", claim_id=claim.claim_id))
    return found or work_year(claim, refs)


def work_year(claim: Claim, refs: dict[int, CuratedReference]) -> list[Finding]:
    """"2019 年发表的 FORUM 研究[29]", "published in 2019 [29]": the one cited work's year."""
    if len(claim.cited) != 1 or claim.cited[0] not in refs:
        return []
    ref = refs[claim.cited[0]]
    if ref.reading != "parsed" or not ref.year[:4].isdigit():
        return []
    body = _body(claim)
    for pattern in _lex()["work_years"]:
        for match in pattern.finditer(body):
            if match.group("year") != ref.year[:4]:
                return [finding(
                    "citation_year_mismatch",
                    f"{_where(claim)} says “{clipped(match.group(0), 40)}”, but the cited "
                    f"[{ref.n}] is of {ref.year} ({_year_source(ref)}); correct the year or "
                    "cite the work meant.", claim_id=claim.claim_id)]
    return []


def _year_source(ref: CuratedReference) -> str:
    source = str(ref.field_sources.get("year", "manuscript"))
    return "its Crossref record" if "crossref" in source else "its entry in the list"


# ---------------------------------------------------------------------------- all


def check(claim: Claim, described: dict[int, Metadata],
          refs: dict[int, CuratedReference], focus: tuple[int, ...] = ()) -> list[Finding]:
    """`focus`: the cited works the claim singles out by a trial or author it names
    (checks.OwnerIndex.focus); phase, patients and setting are judged against those."""
    return [*topic(claim, described), *phase(claim, described, focus),
            *population(claim, described, focus), *setting(claim, described, focus),
            *year(claim, refs)]
