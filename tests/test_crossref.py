"""The Crossref client against a real HTTP server on 127.0.0.1 (no mock of requests)."""

from __future__ import annotations

import json
import socket
import time

import pytest
from crossref_server import SAMPLE_DOI, CrossrefServer, record

from litcurate.lookup import crossref
from litcurate.lookup.crossref import Cache, Client

DOI = SAMPLE_DOI
pytestmark = pytest.mark.usefixtures("fast_crossref")


def client(tmp_path, server, **kw) -> Client:
    return Client(Cache(tmp_path / "cache"), mailto="ed@editors.ac.uk", base_url=server.url, **kw)


def test_record_is_fetched_cached_raw_and_reused(tmp_path, server):
    first = client(tmp_path, server)
    answer = first.work(DOI)
    assert answer.kind == "record" and answer.message()["title"] == ["Daratumumab in Pediatric ALL"]
    files = list((tmp_path / "cache" / "works").iterdir())
    assert [f.name for f in files] == ["10.1182%2Fblood.2024024493.json"]
    stored = json.loads(files[0].read_text())
    assert stored["status"] == 200 and json.loads(stored["body"])["message"]["DOI"] == DOI
    assert stored["fetched"] and "mailto=ed%40editors.ac.uk" in stored["url"]
    again = client(tmp_path, server)
    assert again.work(DOI).from_cache and again.requests_sent == 0
    assert server.count() == 1
    assert any(ua.startswith("litcurate/") and "mailto:ed@editors.ac.uk" in ua
               for ua in server.user_agents)


def test_404_is_final_and_cached(tmp_path, server):
    c = client(tmp_path, server)
    answer = c.work("10.1371/notarealdoi")
    assert answer.kind == "not_found" and answer.body == "Resource not found."
    assert server.count() == 1
    assert client(tmp_path, server).work("10.1371/notarealdoi").kind == "not_found"
    assert server.count() == 1


@pytest.mark.parametrize("faults, retries", [(["429-retry-after"], 1), (["503", "503"], 2),
                                             (["429"], 1), (["drop"], 1), (["slow"], 1)])
def test_transient_faults_are_retried(tmp_path, server, monkeypatch, faults, retries):
    monkeypatch.setattr(crossref, "TIMEOUT", (2.0, 1.0))
    server.concurrency = 5  # the abandoned slow answer still runs on the server
    server.fault("/works/", *faults)
    c = client(tmp_path, server)
    answer = c.work(DOI)
    assert answer.kind == "record"
    assert c.retries == retries


@pytest.mark.parametrize("fault", ["html", "truncated"])
def test_bad_bodies_are_never_records_nor_cached(tmp_path, server, fault):
    server.fault("/works/", *[fault] * crossref.MAX_ATTEMPTS)
    c = client(tmp_path, server)
    answer = c.work(DOI)
    assert answer.kind == "failed" and "gave up" in answer.note
    assert not (tmp_path / "cache" / "works").exists()
    assert server.count() == crossref.MAX_ATTEMPTS


def test_refused_connection_opens_the_circuit(tmp_path):
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    c = Client(Cache(tmp_path), base_url=f"http://127.0.0.1:{port}")
    started = time.monotonic()
    answers = [c.work(f"10.1000/{i}") for i in range(70)]
    assert {a.kind for a in answers} == {"offline"}
    assert c.requests_sent == 1 and c.circuit_open
    assert time.monotonic() - started < 5


def test_offline_sends_nothing_but_uses_the_cache(tmp_path, server, monkeypatch):
    client(tmp_path, server).work(DOI)
    monkeypatch.setenv("LITCURATE_OFFLINE", "1")
    c = client(tmp_path, server, max_age_days=0)
    assert c.work(DOI).from_cache  # stale, but offline: used
    assert c.work("10.1000/other").kind == "offline"
    assert c.requests_sent == 0 and server.count() == 1


def test_expired_or_refreshed_answers_are_asked_again(tmp_path, server):
    client(tmp_path, server).work(DOI)
    assert not client(tmp_path, server, max_age_days=0).work(DOI).from_cache
    assert not client(tmp_path, server, refresh=True).work(DOI).from_cache
    assert server.count() == 3


def test_pacing_keeps_to_the_announced_rate(tmp_path):
    records = {f"10.1000/{i}": record(f"10.1000/{i}", f"T{i}", ["A"], 2020, "J") for i in range(11)}
    srv = CrossrefServer(records, limit=5, interval=1.0).start()
    try:
        c = Client(Cache(tmp_path), base_url=srv.url)
        started = time.monotonic()
        for doi in records:
            assert c.work(doi).kind == "record"
        elapsed = time.monotonic() - started
    finally:
        srv.stop()
    assert srv.count(429) == 0 and srv.max_in_flight == 1
    assert elapsed >= 10 * 0.2 * 0.95  # 10 gaps of 1/5 s after the first answer
    assert c.pacer.limit == 5


def test_several_in_flight_within_the_announced_limits(tmp_path):
    from litcurate.lookup import resolve
    from litcurate.refs import references

    records = {f"10.1000/{i}": record(f"10.1000/{i}", f"T{i}", ["A"], 2020, "J") for i in range(31)}
    # 0.25 s per answer, as over a real network: one at a time could not keep 10 per second
    srv = CrossrefServer(records, limit=10, interval=1.0, concurrency=3, latency=0.25).start()
    try:
        c = Client(Cache(tmp_path), base_url=srv.url, workers=3)
        refs = [references.Reference(n=i, raw="", line=i, doi=doi, reading="parsed")
                for i, doi in enumerate(records, 1)]
        started = time.monotonic()
        results = resolve.resolve_all(c, refs)
        elapsed = time.monotonic() - started
    finally:
        srv.stop()
    assert [r.n for r in results] == list(range(1, 32))  # in order, whatever finished first
    assert {r.status for r in results} == {"verified"}
    assert srv.count(429) == 0 and 1 < srv.max_in_flight <= 3
    assert elapsed >= 30 * 0.1 * 0.95  # never faster than 10 per second


@pytest.mark.parametrize("doi", ["../../etc/passwd", "10.1/../../x", "10.1/\x00\x1b[31m", "."])
def test_cache_names_stay_inside_the_cache(tmp_path, doi):
    cache = Cache(tmp_path / "cache")
    path = cache.path("works", doi)
    assert path.parent == tmp_path / "cache" / "works"
    cache.put("works", doi, "u", 404, "Resource not found.", "2026-01-01T00:00:00+00:00")
    assert cache.get("works", doi).kind == "not_found"


def test_retry_after_as_http_date():
    assert crossref._retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert crossref._retry_after("7") == 7.0
    assert crossref._retry_after("9999") == crossref.RETRY_AFTER_CAP
    assert crossref._retry_after("soon") is None


def test_offline_an_unread_entry_is_offline_never_not_found(tmp_path, monkeypatch):
    """Issue 12: a reference that was never checked is `offline`, even when the parser could
    not read it (it used to be called `not_found` without a single request)."""
    from litcurate.lookup import resolve
    from litcurate.read.manuscript import Entry
    from litcurate.refs.references import parse

    monkeypatch.setenv("LITCURATE_OFFLINE", "1")
    unread = parse(Entry(7, "[7] see the supplementary file for this reference", 1, "[7]"))
    assert unread.reading == "unparsed"
    result = resolve.resolve_one(Client(Cache(tmp_path)), unread, 7)
    assert result.status == "offline"
