"""Merge what the manuscript, Crossref and the editor say of each reference into one record.

Precedence per field: the editor's override, else Crossref's record, else the manuscript.
Every reference-level problem found on the way becomes a Finding; nothing here raises.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from . import keys as keymod
from .findings import Finding, finding
from .refs.fields import normalise_doi
from .refs.references import DOI_SYNTAX, Reference
from .text import scripts_as_text

FIELDS = ("authors", "et_al", "year", "title", "journal", "volume", "issue", "pages",
          "article_number", "doi")
# Read from the manuscript (and an override) only: Crossref's answer is not asked for them here.
EXTRA_FIELDS = ("type", "editors", "edition", "publisher", "place", "pmid", "pmcid", "url",
                "accessed", "note")
SOURCES = ("override", "crossref", "manuscript")
# The manuscript file's own records standing in for "manuscript" (lookup/embedded.py).
EMBEDDED_SOURCES = ("reference manager", "bibtex")


@dataclass(frozen=True)
class CuratedReference:
    n: int
    key: str
    authors: tuple[str, ...]
    et_al: bool
    year: str
    title: str
    journal: str
    volume: str
    issue: str
    pages: str
    article_number: str
    doi: str
    status: str
    times_cited: int
    source: tuple[str, ...]
    style: str = ""
    line: int = 0
    raw: str = ""
    field_sources: dict = field(default_factory=dict)
    type: str = "other"
    editors: tuple[str, ...] = ()
    edition: str = ""
    publisher: str = ""
    place: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    accessed: str = ""
    note: str = ""
    confidence: float = 0.0
    reading: str = "parsed"
    group_authors: tuple[str, ...] = ()
    key_source: str = "generated"  # generated | override: an override's key leaves with it

    @property
    def first_family(self) -> str:
        return self.authors[0].split(",")[0].strip() if self.authors else ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CuratedReference:
        data = dict(data)
        for name in ("authors", "source", "editors", "group_authors"):
            data[name] = tuple(data.get(name, ()))
        return cls(**data)


def manuscript_values(ref: Reference) -> dict:
    values = {name: getattr(ref, name) for name in FIELDS}
    values["authors"] = tuple(a.display() for a in ref.authors)
    return values


def extra_values(ref: Reference, override: dict) -> dict:
    """Type, identifiers and book fields: the override's value, else the manuscript's."""
    values = {name: getattr(ref, name) for name in EXTRA_FIELDS}
    values["editors"] = tuple(a.display() for a in ref.editors)
    for name in EXTRA_FIELDS:
        if override.get(name) not in (None, "", ()):
            values[name] = tuple(override[name]) if name == "editors" else override[name]
    return values


def merge(ref: Reference, override: dict | None = None, crossref: dict | None = None
          ) -> tuple[dict, dict]:
    """(values, source of each value) under the precedence override > crossref > manuscript."""
    from .overrides import apply_authors

    override = dict(override or {})
    manuscript = manuscript_values(ref)
    base = tuple((crossref or {}).get("authors") or manuscript.get("authors") or ())
    if override.get("authors"):  # corrections of names, or the whole list when it says so
        override["authors"] = apply_authors(override, base)
    layers = {"override": override, "crossref": crossref or {}, "manuscript": manuscript}
    values, sources = {}, {}
    for name in FIELDS:
        for source in SOURCES:
            value = layers[source].get(name)
            if value not in (None, "", ()):
                values[name] = tuple(value) if name == "authors" else value
                sources[name] = source
                break
        else:
            values[name] = () if name == "authors" else (False if name == "et_al" else "")
    values["doi"] = normalise_doi(values["doi"]) if values["doi"] else ""
    return values, sources


def curate(
    references: list[Reference],
    overrides: dict[int, dict] | None = None,
    previous_keys: list[dict] | None = None,
    times_cited: dict[int, int] | None = None,
    crossref: dict[int, dict] | None = None,
    statuses: dict[int, str] | None = None,
) -> tuple[list[CuratedReference], list[Finding]]:
    overrides, crossref = overrides or {}, crossref or {}
    statuses, times_cited = statuses or {}, times_cited or {}
    findings: list[Finding] = []
    merged = []
    # Does the list print DOIs? Where most entries do, a missing one is an omission (a
    # warning); where most do not, the style leaves them out, and 160 warnings would bury
    # the findings that matter: each is then a note (info).
    read = [r for r in references if r.reading != "unparsed"]
    prints_dois = sum(1 for r in read if r.doi) >= len(read) / 2 if read else True
    for index, ref in enumerate(references, 1):
        n = ref.n if ref.n is not None else index
        values, sources = merge(ref, overrides.get(n), crossref.get(n))
        if ref.metadata_source:  # the file's own record, not the typed text (embedded.py)
            sources = {k: ref.metadata_source if v == "manuscript" else v
                       for k, v in sources.items()}
        merged.append((n, ref, values, sources))
        findings.extend(_reference_findings(n, ref, values, overrides.get(n, {}), prints_dois))
    key_records = [
        {
            "n": n,
            "family": values["authors"][0].split(",")[0] if values["authors"] else "",
            "year": values["year"],
            "title": values["title"],
            "doi": values["doi"],
            "key_override": overrides.get(n, {}).get("key", ""),
        }
        for n, _, values, _ in merged
    ]
    keys = keymod.assign(key_records, previous_keys or [])
    curated = [
        CuratedReference(
            n=n,
            key=keys[n],
            status=statuses.get(n, "offline"),
            times_cited=times_cited.get(n, 0),
            source=_used_sources(sources, overrides.get(n, {})),
            style=ref.style,
            line=ref.line,
            raw=scripts_as_text(ref.raw),  # as printed, sub- and superscripts as text
            field_sources=sources,
            confidence=ref.confidence,
            reading=ref.reading,
            group_authors=_groups(ref, values),
            **extra_values(ref, overrides.get(n, {})),
            key_source="override" if overrides.get(n, {}).get("key") else "generated",
            **values,
        )
        for n, ref, values, sources in merged
    ]
    findings.extend(duplicates(curated))
    return curated, findings


def _groups(ref: Reference, values: dict) -> tuple[str, ...]:
    """Group authors, as long as the author list is still the manuscript's."""
    manuscript = tuple(a.display() for a in ref.authors)
    return ref.group_authors if values["authors"] == manuscript else ()


def list_findings(problems) -> list[Finding]:
    """Gaps and repeats in the list's numbering, as the list finder reported them."""
    return [finding("reference_numbering", f"Reference list, {p}: check the list.")
            for p in problems]


def _reference_findings(n: int, ref: Reference, values: dict, override: dict,
                        prints_dois: bool = True) -> list[Finding]:
    found = []
    for problem in ref.problems:
        if problem.startswith("malformed DOI"):
            found.append(finding("doi_malformed", f"Reference [{n}] has a {problem}; correct it "
                                 "to the form 10.prefix/suffix.", n))
        else:
            found.append(finding("reference_unparsed", f"Reference [{n}] (line {ref.line}) "
                                 f"could not be parsed: {problem}; check its punctuation.", n))
    if ref.reading == "uncertain":
        read = ", ".join(name for name in ("authors", "year", "title", "journal", "volume",
                                           "pages") if getattr(ref, name, None)) or "nothing"
        found.append(finding("reference_uncertain", f"Reference [{n}] (line {ref.line}) was read "
                             f"with low confidence ({ref.confidence:.2f}; read: {read}); its "
                             "fields are not checked: compare it with the journal's style.", n))
    if ref.reading == "unparsed" and not values["doi"]:
        return found  # nothing was read: no DOI check either
    if not values["doi"] and prints_dois:
        found.append(finding("doi_missing", f"Reference [{n}] has no DOI; add one if the work "
                             "has one.", n))
    elif not values["doi"]:
        found.append(finding("doi_missing", f"Reference [{n}] has no DOI (most entries of this "
                             "list print none); add one if the journal asks for DOIs.", n,
                             severity="info"))
    elif not DOI_SYNTAX.match(values["doi"]) and not any(p.startswith("malformed DOI")
                                                         for p in ref.problems):
        found.append(finding("doi_malformed", f"Reference [{n}] DOI {values['doi']!r} is not "
                             "of DOI syntax.", n))
    manuscript = manuscript_values(ref)
    for name, value in sorted(override.items()):
        if name == "authors":
            value = values["authors"]  # the list as corrected, not the override's own words
        if name in FIELDS and ref.parsed and _differs(manuscript.get(name), value):
            found.append(finding(
                "metadata_mismatch",
                f"Reference [{n}] {name}: the editor's override {_show(value)} replaces the "
                f"manuscript's {_show(manuscript.get(name))}.",
                n, severity="info",
            ))
    return found


def duplicates(curated: list[CuratedReference]) -> list[Finding]:
    """Two entries are one work: same DOI, or same normalised title and year."""
    found, seen_doi, seen_title = [], {}, {}
    for ref in curated:
        # a title the parser did not read is no title to compare
        read = ref.reading != "unparsed" or ref.field_sources.get("title", "manuscript") != \
            "manuscript"
        title_key = (keymod.normalise_title(ref.title) if read else "", ref.year)
        first = None
        if ref.doi and ref.doi in seen_doi:
            first, why = seen_doi[ref.doi], f"the same DOI ({ref.doi})"
        elif title_key[0] and title_key in seen_title:
            first, why = seen_title[title_key], "the same title and year"
        if first is not None:
            found.append(finding("duplicate_reference", f"Reference [{ref.n}] is the same work "
                                 f"as [{first}] ({why}); merge them and renumber.", ref.n))
        if ref.doi:
            seen_doi.setdefault(ref.doi, ref.n)
        if title_key[0]:
            seen_title.setdefault(title_key, ref.n)
    return found


def _used_sources(sources: dict, override: dict) -> tuple[str, ...]:
    used = set(sources.values()) | ({"override"} if "key" in override else set())
    return tuple(s for s in (*SOURCES, *EMBEDDED_SOURCES) if s in used)


def _differs(a, b) -> bool:
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return list(a or ()) != list(b or ())
    return str(a or "").strip().lower() != str(b or "").strip().lower()


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return repr("; ".join(value))
    return repr(str(value))
