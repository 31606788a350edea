"""Verification tolerances, update notices, and search-based DOI matching (precision first)."""

from __future__ import annotations

import dataclasses

import pytest
from crossref_server import CrossrefServer, record, record_from_reference

from litcurate import verify
from litcurate.crossref import Cache, Client
from litcurate.resolve import resolve_one


def test_agreeing_records_raise_nothing(refs):
    """Zero false alarms: a record that says what the manuscript says."""
    for n, ref in refs.items():
        if ref.doi:
            assert verify.compare(ref, record_from_reference(ref)) == [], n


def test_tolerances(refs):
    ref = refs[17]  # Journal of Clinical Oncology, 2020, 38, 3282-3293
    rec = record_from_reference(ref)
    rec["title"] = ["CHILDREN'S ONCOLOGY GROUP AALL0434 — a phase III randomized clinical "
                    "trial testing nelarabine in newly diagnosed <i>T</i>-cell acute "
                    "lymphoblastic leukemia"]
    rec["container-title"] = ["J Clin Oncol"]
    rec["issued"] = {"date-parts": [[2019, 12, 1]]}  # online first, a year before print
    rec["page"] = "3282–3293"
    assert verify.compare(ref, rec) == []
    assert verify.same_journal("The Lancet Haematology", "Lancet Haematology")
    assert verify.same_journal("Clinical Chemistry and Laboratory Medicine (CCLM)",
                               "Clinical Chemistry and Laboratory Medicine")
    assert not verify.same_journal("Blood", "Blood Advances")


def test_real_differences_are_named(refs):
    ref = refs[5]
    rec = record_from_reference(ref)
    rec["author"][0]["family"] = "Gökbuget"
    rec["volume"] = "144"
    rec["title"] = ["Management of ALL in adults: 2024 ELN recommendations"]
    diffs = verify.compare(ref, rec)
    assert [d[0] for d in diffs] == ["title", "first author", "volume"]
    assert ("first author", "Gökbuğut", "Gökbuget") in diffs
    garbled = refs[23]  # "Acutely Mphoblastic" in the manuscript
    fixed = record_from_reference(garbled)
    fixed["title"] = [garbled.title.replace("Acutely Mphoblastic", "Acute Lymphoblastic")]
    assert [d[0] for d in verify.compare(garbled, fixed)] == ["title"]


def test_update_notices():
    rec = record("10.1/x", "T", ["A"], 2020, "J", **{
        "updated-by": [{"DOI": "10.1/R", "type": "retraction", "label": "Retraction"},
                       {"DOI": "10.1/C", "type": "correction", "label": "Correction"}]})
    assert verify.updates(rec) == [("retracted", "retraction", "10.1/r"),
                                   ("corrected", "correction", "10.1/c")]
    notice = record("10.1/n", "Retraction note", ["A"], 2021, "J",
                    **{"update-to": [{"DOI": "10.1/x", "type": "retraction"}]})
    assert verify.updates(notice)[0][0] == "retracted"
    assert verify.updates(record("10.1/y", "T", ["A"], 2020, "J")) == []


def without_doi(ref):
    return dataclasses.replace(ref, doi="", raw=ref.raw.split(" <http")[0].split(" [http")[0])


@pytest.fixture(scope="module")
def library(refs):
    """The review's 69 works, plus a near-twin decoy for each: same group, same journal,
    same year, another title (as two trials of one group in one journal would be)."""
    records = {}
    for ref in refs.values():
        if not ref.doi:
            continue
        records[ref.doi] = record_from_reference(ref)
        twin = record_from_reference(ref)
        twin["DOI"] = ref.doi + ".twin"
        twin["title"] = ["Long-term follow-up of " + ref.title.split(":")[0]]
        twin["page"] = "1-9"
        records[twin["DOI"]] = twin
    srv = CrossrefServer(records, limit=1000).start()
    yield srv
    srv.stop()


def test_matching_precision_and_recall(refs, library, tmp_path):
    client = Client(Cache(tmp_path), base_url=library.url, offline=False)
    right = wrong = missed = 0
    for n, ref in refs.items():
        if not ref.doi:
            continue
        result = resolve_one(client, without_doi(ref), n)
        if result.status == "matched":
            right += result.doi == ref.doi
            wrong += result.doi != ref.doi
        else:
            missed += 1
    precision = right / max(right + wrong, 1)
    recall = right / (right + wrong + missed)
    print(f"\nDOI matching: {right} right, {wrong} wrong, {missed} missed of "
          f"{right + wrong + missed}; precision {precision:.3f}, recall {recall:.3f}")
    assert wrong == 0
    assert recall >= 0.95


def test_a_garbled_or_absent_work_is_not_matched(refs, library, tmp_path):
    client = Client(Cache(tmp_path), base_url=library.url, offline=False)
    unknown = dataclasses.replace(without_doi(refs[48]))  # not in the server's library
    assert resolve_one(client, unknown, 48).status == "not_found"
    shuffled = dataclasses.replace(without_doi(refs[34]), year="2015")  # wrong year
    assert resolve_one(client, shuffled, 34).status == "not_found"
