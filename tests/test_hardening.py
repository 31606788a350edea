"""Faults, hostile input and limits: the run finishes, nothing hangs, nothing bad is kept.

The figures these tests print (requests, retries, seconds) are in the hardening note; the
time limits here are hang guards (pytest-timeout), not speed targets.
"""

from __future__ import annotations

import json
import time

import pytest
from crossref_server import SAMPLE_DOI

from litcurate.audit import checks as audit
from litcurate.errors import ManuscriptError
from litcurate.evidence import studies
from litcurate.lookup import crossref, resolve
from litcurate.lookup.crossref import Cache, Client
from litcurate.read import citations, claims, manuscript, sentences
from litcurate.refs import references

DOI = SAMPLE_DOI
pytestmark = pytest.mark.usefixtures("fast_crossref")


def client(tmp_path, server) -> Client:
    return Client(Cache(tmp_path / "cache"), mailto="ed@editors.ac.uk", base_url=server.url)


def cached_files(tmp_path) -> list:
    return sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())


# ---------------------------------------------------------------------------- faults


@pytest.mark.timeout(60)
@pytest.mark.parametrize("fault", ["429", "429-retry-after", "503", "drop", "html", "truncated"])
def test_a_storm_is_bounded_honest_and_never_cached(tmp_path, server, fault):
    server.fault("/works/", *[fault] * 50)
    c = client(tmp_path, server)
    started = time.monotonic()
    answer = c.work(DOI)
    elapsed = time.monotonic() - started
    print(f"\n{fault} storm: {server.count()} requests, {c.retries} retries, {elapsed:.1f} s")
    assert answer.kind == "failed" and "gave up" in answer.note  # unchecked, and says so
    assert c.retries == crossref.MAX_ATTEMPTS - 1 and server.count() <= crossref.MAX_ATTEMPTS
    assert cached_files(tmp_path) == []


@pytest.mark.timeout(60)
def test_answers_slower_than_the_timeout(tmp_path, server, monkeypatch):
    monkeypatch.setattr(crossref, "TIMEOUT", (2.0, 0.5))
    server.fault("/works/", *["slow"] * 50)
    c = client(tmp_path, server)
    answer = c.work(DOI)
    assert answer.kind == "failed" and c.retries == crossref.MAX_ATTEMPTS - 1
    assert cached_files(tmp_path) == []


def test_a_burst_of_5xx_then_an_answer(tmp_path, server):
    server.fault("/works/", "503", "503", "503")
    c = client(tmp_path, server)
    assert c.work(DOI).kind == "record" and c.retries == 3
    assert len(cached_files(tmp_path)) == 1


@pytest.mark.timeout(30)
def test_a_host_that_does_not_resolve(tmp_path):
    c = Client(Cache(tmp_path / "cache"), base_url="http://crossref.invalid")
    refs = [references.Reference(n=i, raw="", line=i, doi=f"10.1000/{i}") for i in range(1, 71)]
    started = time.monotonic()
    results = resolve.resolve_all(c, refs)
    elapsed = time.monotonic() - started
    print(f"\nunresolvable host: {c.requests_sent} request, 70 offline in {elapsed:.2f} s")
    assert {r.status for r in results} == {"offline"} and c.requests_sent == 1
    assert "Crossref unreachable" in resolve.summary(results, c)
    assert cached_files(tmp_path) == []


def test_a_storm_in_a_whole_resolution_leaves_honest_statuses(tmp_path, server):
    server.fault("/works/", *["503"] * crossref.MAX_ATTEMPTS)  # the first DOI gives up
    refs = [references.Reference(n=1, raw="", line=1, doi=DOI),
            references.Reference(n=2, raw="", line=2, doi="10.1000/absent")]
    results = resolve.resolve_all(client(tmp_path, server), refs)
    # asked and no answer: lookup_failed (never not_found); a DOI registered nowhere (404 at
    # /works and at /agency) with no text to search with: not_found
    assert [r.status for r in results] == ["lookup_failed", "not_found"]
    assert [json.loads(p.read_text())["status"] for p in cached_files(tmp_path)] == [404, 404]


# ---------------------------------------------------------------------------- hostile input

MEGABYTE = 1 << 20
ADVERSARIAL = {
    "brackets": "[" * MEGABYTE,
    "digits in brackets": "[1, " * (MEGABYTE // 4),
    "dashes": "[1]-" * (MEGABYTE // 4),
    "CJK without stops": "复发难治患者" * (MEGABYTE // 6),
    "dots": "a. " * (MEGABYTE // 3),
    "percentages": "76% (19/" * (MEGABYTE // 8),
    "et al": "Smith et al " * (MEGABYTE // 12),
    "names": "Aa等" * (MEGABYTE // 3),
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", ADVERSARIAL)
def test_a_one_megabyte_line_through_every_parser(name):
    text = ADVERSARIAL[name]
    timings = {}
    for label, call in [
        ("citations", lambda: citations.find(text)),
        ("sentences", lambda: sentences.split(text)),
        ("strength", lambda: claims.strength_of(text)),
        ("numbers", lambda: audit.numbers_in(text)),
        ("enrolment", lambda: audit.enrolled(text)),
        ("trial names", lambda: studies.trial_names(text)),
        ("interventions", lambda: studies.interventions_in(text)),
        ("authors", lambda: [p.findall(text) for p in claims.strength_lexicon()["authors"]]),
        ("reference", lambda: references.parse(manuscript.Entry(1, text, 1))),
    ]:
        started = time.perf_counter()
        call()
        timings[label] = time.perf_counter() - started
    print(f"\n1 MB of {name}: " + ", ".join(f"{k} {v:.2f}s" for k, v in timings.items()))


def test_full_width_brackets_and_huge_numbers():
    assert [c.numbers for c in citations.find("见【1】和［2］-［4］")] == [(1,), (2, 3, 4)]
    huge = citations.find("[1000001] [1]-[2000000]")
    assert huge[0].numbers[0] == 1000001 and len(huge[0].numbers) <= 3
    assert "spans more than" in huge[0].problems[0]
    assert citations.find("[123456789]") == []  # past seven digits it is not a citation


def test_a_huge_manuscript_stops_with_a_clear_error(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"a" * (manuscript.MAX_BYTES + 1))
    with pytest.raises(ManuscriptError) as caught:
        manuscript.read(path)
    assert "big.md" in caught.value.one_line() and "the limit is" in caught.value.one_line()
