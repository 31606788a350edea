"""What kind of study each reference is, who it studied, and how much weight it can carry.

Sources, most trusted first: the editor's override; PubMed's publication types read with
its MeSH headings (evidence/pubtypes.py); the abstract (PubMed's, else Crossref's) and
Crossref's title; the reference's own title; its journal (for review journals); Crossref's
type; and what the manuscript says of the study in sentences and table rows that cite it
alone (with the sentences that go on about it). For each field the most trusted source that says
anything decides, and `evidence` records the words and where they were found. Where
nothing says, the field stays empty or `unknown`: a guess is not a finding.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache

from .. import lexicon
from ..curate import CuratedReference
from ..lookup import verify
from ..lookup.verify import fold
from ..read.claims import Claim
from ..text import readable
from . import levels as evidence
from . import pubtypes

NOT_A_STUDY = frozenset({"review", "guideline", "commentary"})
FIELDS = ("design", "phase", "randomized", "population", "setting", "sample_size",
          "interventions", "trial_name")


@dataclass(frozen=True)
class Source:
    where: str  # override | crossref title | abstract | title | journal | manuscript line N
    text: str
    manuscript: bool = False


@dataclass(frozen=True)
class Study:
    n: int
    key: str
    design: str = "unknown"
    cebm_level: str = ""
    phase: str = ""
    randomized: str = ""  # yes | no | partial | '' (not stated)
    centres: str = ""  # multicentre | single_centre | ''
    single_arm: str = ""  # yes | ''
    population: str = ""
    setting: str = ""
    sample_size: str = ""
    sample_size_source: str = ""
    age_range: str = ""
    interventions: tuple[str, ...] = ()
    trial_name: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    trial_names_in_metadata: tuple[str, ...] = ()
    # PubMed's indexing, when the reference was found there (for the audit's own rules)
    pmid: str = ""
    publication_types: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()
    abstract: str = ""
    abstract_source: str = ""  # pubmed | crossref | ''

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Study:
        data = dict(data)
        for name in ("interventions", "trial_name", "outcomes", "evidence",
                     "trial_names_in_metadata", "publication_types", "mesh"):
            data[name] = tuple(data.get(name, ()))
        return cls(**data)


@cache
def _lexicon() -> dict:
    data = lexicon.load("studies")
    glossary = lexicon.load("glossary")
    designs = {  # one pattern per design and strength: one scan of a text each
        name: {strength: lexicon.compile_any(cues[strength])
               for strength in ("strong", "weak") if cues.get(strength)}
        for name, cues in data["designs"].items()
    }
    aliases = []
    for name, entry in glossary["interventions"].items():
        for alias in entry["aliases"]:
            alias = str(alias)
            aliases.append((name, alias, lexicon.is_cjk(alias), lexicon.fold_name(alias)))
    not_names = {lexicon.fold_name(str(w)) for w in (*glossary["targets"],
                                                      *glossary["not_names"])}
    return {
        "designs": designs,
        "order": tuple(data["designs"]),
        "self_described": {name: lexicon.compile_any(cues)
                           for name, cues in data.get("self_described", {}).items()},
        "review_journals": lexicon.compile_cues(data["review_journals"]),
        "crossref_types": data.get("crossref_types", {}),
        "phase": tuple(re.compile(lexicon.BEFORE + p, re.IGNORECASE) for p in data["phase"]),
        "randomized": {str(k): lexicon.compile_any(v) for k, v in data["randomized"].items()},
        "centres": {str(k): lexicon.compile_any(v) for k, v in data["centres"].items()},
        "population": {str(k): lexicon.compile_any(v) for k, v in data["population"].items()},
        "setting": {str(k): lexicon.compile_any(v) for k, v in data["setting"].items()},
        "single_arm": lexicon.compile_any(data["single_arm"]),
        "sample_size": lexicon.compile_cues(data["sample_size"]),
        "number_words": data["number_words"],
        "age_range": lexicon.compile_cues(data["age_range"]),
        "outcomes": _outcome_pattern(data["outcomes"]),
        "interventions": aliases,
        "broader": {name: entry.get("broader") for name, entry
                    in glossary["interventions"].items() if entry.get("broader")},
        "trial_names": tuple(re.compile(p) for p in glossary["trial_names"]),
        "not_names": not_names,
    }


def _outcome_pattern(outcomes: dict) -> tuple[re.Pattern, dict]:
    names = {}
    for canonical, aliases in outcomes.items():
        for alias in aliases:
            names[str(alias).lower()] = canonical
    alternatives = "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True))
    pattern = re.compile(
        rf"{lexicon.BEFORE}(?P<name>{alternatives})(?![A-Za-z<])\s?(?:率)?\s?"
        r"(?:为|是|达|达到|of|was|were|:|：|=|reached)?\s?"
        r"(?P<pct>\d{1,3}(?:\.\d{1,2})?)\s?%"
        r"(?:\s?[(（]\s?(?P<k>\d{1,6})\s?/\s?(?P<n>\d{1,6})\s?[)）])?",
        re.IGNORECASE,
    )
    return pattern, names


# ---------------------------------------------------------------------------- sources


def sources_for(ref: CuratedReference, record: dict | None, claims: list[Claim],
                pubmed: dict | None = None) -> list[Source]:
    """The texts that may describe reference `ref`, most trusted first.

    `claims`: the claims that cite this reference alone (others are skipped too);
    `pubmed`: its PubMed record (lookup.pubmed_xml.PubmedRecord as a dict), if found."""
    found: list[Source] = []
    abstract = plain((pubmed or {}).get("abstract", ""))
    if abstract:
        found.append(Source("abstract (PubMed)", abstract))
    if record:
        title = plain(" ".join(verify.texts(record.get("title"))))
        if title and fold(title) != fold(ref.title):
            found.append(Source("crossref title", title))
        abstract = plain(record.get("abstract", ""))
        if abstract and not (pubmed or {}).get("abstract"):
            found.append(Source("abstract (Crossref)", abstract))
    if ref.title:
        found.append(Source("title", ref.title))
    for claim in claims:
        if claim.cited == (ref.n,):
            found.append(Source(f"manuscript line {claim.line}", claim.full_text,
                                manuscript=True))
    return found


def plain(text: str) -> str:
    """JATS or HTML markup removed, entities decoded."""
    return readable(text, " ").strip()


# ---------------------------------------------------------------------------- fields


def extract(ref: CuratedReference, record: dict | None, claims: list[Claim],
            override: dict | None = None, pubmed: dict | None = None) -> Study:
    lex = _lexicon()
    override = override or {}
    pubmed = pubmed or {}
    sources = sources_for(ref, record, claims, pubmed)
    notes: list[str] = []

    def note(name: str, words: str, where: str) -> None:
        notes.append(f"{name}: “{words}” ({where})")

    indexed, words = pubtypes.design(pubmed.get("publication_types", ()),
                                     pubmed.get("mesh", ()))
    if indexed and not override.get("design"):
        notes.append(f"design: {words}")
    design = override.get("design") or indexed or _design(
        sources, ref.journal, record, lex, note)
    if design in NOT_A_STUDY:
        # what the manuscript says around a review is the review's topic, not its patients
        sources = [s for s in sources if not s.manuscript]
    phase = _first_phase(sources, lex, note)
    randomized = _first_label(sources, lex["randomized"], "randomized", note)
    centres = _first_label(sources, lex["centres"], "centres", note)
    single_arm = "yes" if randomized == "no" and any(
        lex["single_arm"].search(s.text) for s in sources) else ""
    population = _combined(sources, lex["population"], "population", note)
    setting = _combined(sources, lex["setting"], "setting", note)
    size, size_where = _sample_size(sources, lex, note)
    ages = _age_range(sources, lex, note)
    if not population and ages:
        population = _population_from_ages(ages)
        if population:
            note("population", f"age {ages}", "age range")
    interventions = _interventions(sources, lex, note)
    metadata_names = trial_names(" ".join(s.text for s in sources if not s.manuscript))
    manuscript_names = trial_names(" ".join(s.text for s in sources if s.manuscript))
    names = metadata_names or manuscript_names
    if names:
        where = "metadata" if metadata_names else "manuscript"
        note("trial", "; ".join(names), where)
    outcomes = _outcomes(sources, lex)

    values = {
        "design": design, "phase": phase, "randomized": randomized, "population": population,
        "setting": setting, "sample_size": size, "interventions": tuple(interventions),
        "trial_name": tuple(names),
    }
    for name, value in override.items():
        if name in FIELDS:
            values[name] = _override_value(name, value)
            notes.insert(0, f"{name}: editor's override")
            if name == "sample_size":
                size_where = "override"
    if values["design"] == "case_report" and values["sample_size"].isdigit() \
            and int(values["sample_size"]) > 1:
        values["design"] = "case_series"
        notes.append(f"design: case report of {values['sample_size']} patients read as a "
                     "case series")
    if values["design"] == "unknown":
        notes.append("design: no design cue in " + (", ".join(
            dict.fromkeys(s.where.split(" line")[0] for s in sources)) or "any source"))
    return Study(
        n=ref.n, key=ref.key, design=values["design"],
        cebm_level=evidence.level(values["design"]), phase=values["phase"],
        randomized=values["randomized"], centres=centres, single_arm=single_arm,
        population=values["population"], setting=values["setting"],
        sample_size=values["sample_size"], sample_size_source=size_where if values[
            "sample_size"] else "",
        age_range=ages, interventions=values["interventions"],
        trial_name=values["trial_name"], outcomes=tuple(outcomes), evidence=tuple(notes),
        # an editor's trial name counts as metadata: it confirms what the claim names
        trial_names_in_metadata=tuple(dict.fromkeys(
            (*metadata_names, *(values["trial_name"] if "trial_name" in override else ())))),
        pmid=pubmed.get("pmid", ""),
        publication_types=tuple(pubmed.get("publication_types", ())),
        mesh=tuple(pubmed.get("mesh", ())),
        abstract=plain(pubmed.get("abstract", "")) or plain((record or {}).get("abstract", "")),
        abstract_source="pubmed" if pubmed.get("abstract") else (
            "crossref" if (record or {}).get("abstract") else ""),
    )


def extract_all(refs: list[CuratedReference], records: dict[int, dict], claims: list[Claim],
                overrides: dict[int, dict] | None = None,
                pubmed: dict[int, dict] | None = None) -> list[Study]:
    overrides, pubmed = overrides or {}, pubmed or {}
    alone: dict[int, list[Claim]] = {}  # the claims citing one reference alone, by reference
    for claim in claims:
        if len(claim.cited) == 1:
            alone.setdefault(claim.cited[0], []).append(claim)
    return [extract(r, records.get(r.n), alone.get(r.n, []), overrides.get(r.n), pubmed.get(r.n))
            for r in refs]


def _override_value(name: str, value):
    if name in ("interventions", "trial_name"):
        items = value if isinstance(value, list) else str(value).split(";")
        return tuple(str(v).strip() for v in items if str(v).strip())
    return str(value)


def design_from_text(title: str, abstract: str = "") -> tuple[str, list[str]]:
    """(design, evidence) from a title and an abstract alone: the rule that
    scripts/eval_designs.py measures against PubMed's indexers."""
    notes: list[str] = []
    sources = ([Source("abstract", plain(abstract))] if abstract else []) + (
        [Source("title", title)] if title else [])
    found = _design(sources, "", None, _lexicon(),
                    lambda name, words, where: notes.append(f"{name}: “{words}” ({where})"))
    return found, notes


def _design(sources, journal_name, record, lex, note) -> str:
    journal = [Source("journal", journal_name)] if journal_name else []
    ordered = [*[s for s in sources if not s.manuscript], *journal,
               *[s for s in sources if s.manuscript]]
    for source in ordered:  # a work's own text naming its genre, before any ranked cue
        if source.where == "journal" or source.manuscript:
            continue  # "in this review" in the manuscript is the manuscript's genre
        for name, pattern in lex["self_described"].items():
            match = pattern.search(source.text)
            if match:
                systematic = lex["designs"]["systematic_review"]["strong"]
                if name == "review" and any(  # "In this review … meta-analysis of 12 trials"
                        systematic.search(other.text) for other in ordered
                        if not other.manuscript and other.where != "journal"):
                    name = "systematic_review"
                note("design", match.group(0), f"{source.where}: the text names its genre")
                return name
    for strength in ("strong", "weak"):
        for source in ordered:
            if source.where == "journal":
                if strength == "strong":
                    for pattern in lex["review_journals"]:
                        match = pattern.search(source.text)
                        if match:
                            note("design", match.group(0), "journal: review journal")
                            return "review"
                continue
            if strength == "weak" and source.where.startswith("abstract"):
                continue
            hits = []
            for rank, name in enumerate(lex["order"]):
                pattern = lex["designs"][name].get(strength)
                match = pattern.search(source.text) if pattern else None
                if match:
                    hits.append((rank, match.start(), name, match.group(0)))
            if hits:
                _, _, name, words = min(hits)
                stated = lex["randomized"]["yes"].search(source.text)
                if name == "rct" and stated:
                    words = stated.group(0)  # the word that says it, not only "phase III"
                inferred = name == "rct" and not stated
                note("design", words, source.where + (
                    "; phase III trials are comparative, randomisation not stated"
                    if inferred else ""))
                return name
    kind = (record or {}).get("type", "")
    if kind in lex["crossref_types"]:
        note("design", kind, "Crossref type")
        return lex["crossref_types"][kind]
    return "unknown"


def _first_phase(sources, lex, note) -> str:
    roman = {"1": "I", "2": "II", "3": "III", "Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III"}
    for source in sources:
        for pattern in lex["phase"]:
            match = pattern.search(source.text)
            if match:
                parts = [match.group("p"), match.group("q")]
                value = "/".join(roman.get(p, p.upper()) for p in parts if p)
                note("phase", match.group(0).strip(), source.where)
                return value
    return ""


def _matches(text: str, labels: dict) -> list[tuple[str, str]]:
    """(label, words) for each label whose cues the text holds."""
    return [(label, match.group(0)) for label, pattern in labels.items()
            if (match := pattern.search(text))]


def _first_label(sources, labels, name, note) -> str:
    for source in sources:
        found = _matches(source.text, labels)
        if found:
            label, words = found[0]
            note(name, words, source.where)
            return label
    return ""


def _combined(sources, labels, name, note) -> str:
    """One label, or 'mixed' when the deciding source names several."""
    for source in sources:
        found = _matches(source.text, labels)
        if found:
            note(name, ", ".join(w for _, w in found), source.where)
            kinds = {label for label, _ in found}
            return kinds.pop() if len(kinds) == 1 else "mixed"
    return ""


def _sample_size(sources, lex, note) -> tuple[str, str]:
    for source in sources:
        for pattern in lex["sample_size"]:
            match = pattern.search(source.text)
            if match:
                raw = match.group("n").lower()
                value = str(lex["number_words"].get(raw, raw))
                note("sample size", match.group(0), source.where)
                return value, source.where
    return "", ""


def _age_range(sources, lex, note) -> str:
    for source in sources:
        for pattern in lex["age_range"]:
            match = pattern.search(source.text)
            if match and int(match.group("lo")) <= int(match.group("hi")):
                note("age", match.group(0), source.where)
                return f"{int(match.group('lo'))}-{int(match.group('hi'))}"
    return ""


def _population_from_ages(ages: str) -> str:
    low, high = (int(x) for x in ages.split("-"))
    if high < 18:
        return "pediatric"
    if low >= 18:
        return "adult"
    return "mixed"


def interventions_in(text: str, lex: dict | None = None) -> list[str]:
    """Canonical names of the interventions named in `text`, in glossary order."""
    lex = lex or _lexicon()
    folded = f" {lexicon.fold_name(text)} "
    found = []
    for name, alias, cjk, alias_folded in lex["interventions"]:
        if name in found:
            continue
        if (alias in text) if cjk else (alias_folded and f" {alias_folded} " in folded):
            found.append(name)
    redundant = {lex["broader"][n] for n in found if n in lex["broader"]}
    return [n for n in found if n not in redundant]


def _interventions(sources, lex, note) -> list[str]:
    for source in sources:
        found = interventions_in(source.text, lex)
        if found:
            note("interventions", ", ".join(found), source.where)
            return found
    return []


def trial_names(text: str) -> list[str]:
    """Trial and study names in `text` (the glossary's shapes), without targets or diseases."""
    lex = _lexicon()
    found: list[str] = []
    for pattern in lex["trial_names"]:
        for match in pattern.finditer(text):
            name = match.group(0).strip()
            if lexicon.fold_name(name) in lex["not_names"]:
                continue
            if not any(name in other for other in found):
                found = [f for f in found if f not in name] + [name]
    return found


def _outcomes(sources, lex) -> list[str]:
    pattern, names = lex["outcomes"]
    found: list[str] = []
    for source in sources:
        if not source.manuscript:
            continue
        for match in pattern.finditer(source.text):
            name = names[match.group("name").lower()]
            value = f"{name} {match.group('pct')}%"
            if match.group("k"):
                value += f" ({match.group('k')}/{match.group('n')})"
            if value not in found:
                found.append(value)
    return found
