"""Verification tolerances, update notices, and search-based DOI matching (precision first).

The Crossref side of every comparison and match is a real Crossref answer
(tests/data/crossref/, copied from ../shared/api-samples/crossref/works/, provenance in
tests/data/crossref/SOURCES.md), never a record built from the program's own parse. The
manuscript side is each record cited as the bundled review cites its works (authors, year,
title, journal, volume, pages or article number, DOI), written by `cite()` below from the
record's fields, and read by the program's parser.
"""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
from conftest import ROOT
from crossref_server import CrossrefServer, record

from litcurate.lookup import verify
from litcurate.lookup.crossref import Cache, Client
from litcurate.lookup.resolve import resolve_one
from litcurate.read import manuscript
from litcurate.refs import references

REAL = sorted((ROOT / "tests" / "data" / "crossref").glob("*.json"))


def _initials(given: str) -> str:
    return "".join(p[0].upper() + "." for p in given.replace("-", " ").replace(".", " ").split())


def cite(n: int, work: dict) -> str:
    """A reference entry in the bundled review's style, from a Crossref record's fields."""
    names = [f"{a['family']}, {_initials(a.get('given', ''))}" for a in work["author"]
             if "family" in a]  # a consortium author has a name, no family name
    authors = ", ".join(names[:6]) + (", *et al.*" if len(names) > 6 else "")
    where = work.get("page") or work.get("article-number") or ""
    return (f"- [{n}] {authors} ({work['issued']['date-parts'][0][0]}) {work['title'][0]}. "
            f"*{work['container-title'][0]}*, **{work.get('volume', '')}**, {where}. "
            f"<https://doi.org/{work['DOI']}>")


def parse(entries: list[str]) -> list[references.Reference]:
    text = "# T\n\n## 1. Intro\n\nText [1].\n\n## References\n\n" + "\n".join(entries) + "\n"
    return references.parse_all(manuscript.parse(text, "m.md").entries)


@pytest.fixture(scope="module")
def works() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8"))["message"] for path in REAL]


@pytest.fixture(scope="module")
def cited(works) -> list[references.Reference]:
    return parse([cite(i, w) for i, w in enumerate(works, 1)])


def test_agreeing_records_raise_nothing(works, cited):
    """Zero false alarms: each real record against the entry that cites it correctly."""
    assert len(works) == 10
    for ref, work in zip(cited, works, strict=True):
        assert verify.compare(ref, work) == [], work["DOI"]


def by_doi(works, doi):
    return next(copy.deepcopy(w) for w in works if w["DOI"] == doi)


def test_tolerances(works, cited):
    """What a real record may differ in and still agree (README: title case and markup,
    journal abbreviations, the online-first year, dash styles in page ranges)."""
    ref = cited[[w["DOI"] for w in works].index("10.1038/ng.3834")]
    work = by_doi(works, "10.1038/ng.3834")  # Nature Genetics 49, 692-699 (2017)
    work["title"] = ["THE IMPACT OF STRUCTURAL VARIATION ON HUMAN GENE EXPRESSION"]
    work["container-title"] = ["Nat Genet"]
    work["issued"] = {"date-parts": [[2016, 12, 1]]}
    work["page"] = "692–699"
    assert verify.compare(ref, work) == []
    assert verify.same_journal("The Lancet Haematology", "Lancet Haematology")
    assert verify.same_journal("Clinical Chemistry and Laboratory Medicine (CCLM)",
                               "Clinical Chemistry and Laboratory Medicine")
    assert not verify.same_journal("Blood", "Blood Advances")


def test_a_csl_json_record_compares_as_its_crossref_form(works, cited):
    """CSL-JSON (a reference manager's field codes) writes `"title": "…"` where Crossref writes
    `["…"]`: the same real record in either shape agrees with the entry, and a wrong title
    is reported whole, never as its first letter."""
    index = [w["DOI"] for w in works].index("10.1038/ng.3834")
    csl = copy.deepcopy(works[index])
    for name in ("title", "container-title", "short-container-title"):
        csl[name] = csl[name][0]
    assert verify.compare(cited[index], csl) == []
    csl["title"] = "Another title altogether about something else"
    assert [(d[0], d[2]) for d in verify.compare(cited[index], csl)] == [
        ("title", "Another title altogether about something else")]


def test_real_differences_are_named(works):
    """An entry with a misspelt first author, a wrong volume and another title, against the
    real record: each difference named with the record's value (Chiang, 49, its title)."""
    work = by_doi(works, "10.1038/ng.3834")
    wrong = cite(1, work).replace("Chiang, C.", "Chaing, C.").replace("**49**", "**48**")
    wrong = wrong.replace("The impact of structural variation", "The role of structural variation")
    (ref,) = parse([wrong])
    diffs = verify.compare(ref, work)
    assert [d[0] for d in diffs] == ["title", "first author", "volume"]
    assert ("first author", "Chaing", "Chiang") in diffs
    assert ("volume", "48", "49") in diffs


def test_update_notices():
    rec = record("10.1/x", "T", ["A"], 2020, "J", **{
        "updated-by": [{"DOI": "10.1/R", "type": "retraction", "label": "Retraction"},
                       {"DOI": "10.1/C", "type": "correction", "label": "Correction"}]})
    assert [(u.code, u.kinds, u.dois) for u in verify.updates(rec)] == [
        ("retracted", ("retraction",), ("10.1/r",)), ("corrected", ("correction",), ("10.1/c",))]
    notice = record("10.1/n", "Retraction note", ["A"], 2021, "J",
                    **{"update-to": [{"DOI": "10.1/x", "type": "retraction"}]})
    assert verify.updates(notice)[0].code == "retracted" and verify.updates(notice)[0].is_notice
    assert verify.updates(record("10.1/y", "T", ["A"], 2020, "J")) == []


def without_doi(ref):
    return dataclasses.replace(ref, doi="", raw=ref.raw.split(" <http")[0].split(" [http")[0])


@pytest.fixture(scope="module")
def library(works):
    """The ten real records, each the others' decoy, plus a near-twin of each: same authors,
    journal and year, another title and pages (as two papers of one group would be)."""
    records = {}
    for work in works:
        records[work["DOI"]] = work
        twin = copy.deepcopy(work)
        twin["DOI"] = work["DOI"] + ".twin"
        twin["title"] = ["Long-term follow-up of " + work["title"][0].split(":")[0]]
        twin["page"] = "1-9"
        twin.pop("article-number", None)
        records[twin["DOI"]] = twin
    srv = CrossrefServer(records, limit=1000).start()
    yield srv
    srv.stop()


def test_matching_precision_and_recall(works, cited, library, tmp_path):
    """Each entry, its DOI removed, is found by search: it agrees with its own real record
    on title, year, first author, volume and first page (README's acceptance rule), and with
    no twin or other record on all of them. Expected: all ten right, none wrong."""
    client = Client(Cache(tmp_path), base_url=library.url, offline=False)
    results = {work["DOI"]: resolve_one(client, without_doi(ref), ref.n)
               for ref, work in zip(cited, works, strict=True)}
    wrong = {doi: r.doi for doi, r in results.items() if r.status == "matched" and r.doi != doi}
    missed = [doi for doi, r in results.items() if r.status != "matched"]
    print(f"\nDOI matching on real records: {len(results) - len(wrong) - len(missed)} right, "
          f"{len(wrong)} wrong, {len(missed)} missed")
    assert wrong == {} and missed == []


def test_a_garbled_or_absent_work_is_not_matched(refs, works, cited, library, tmp_path):
    """A work not in the library (the review's [48]) and a real one cited with the wrong
    year: neither may be matched (precision before recall)."""
    client = Client(Cache(tmp_path), base_url=library.url, offline=False)
    assert resolve_one(client, without_doi(refs[48]), 48).status == "not_found"
    wrong_year = dataclasses.replace(without_doi(cited[0]), year="2003")
    assert resolve_one(client, wrong_year, 1).status == "not_found"
