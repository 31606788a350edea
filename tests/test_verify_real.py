"""Verification on real Crossref records, graded verdicts and the API's two budgets (issue 15).

The Crossref side is always a real answer: the 75 journal-article records of
tests/data/crossref/works/ and one preprint of tests/data/crossref/works-other/ (copied from
../shared/api-samples/crossref/, provenance in each folder's SOURCES.md), served by the local
Crossref-compatible server (tests/crossref_server.py) with the two budgets its recorded
headers announce (tests/data/crossref/headers/). The manuscript side is written from each
record's own fields by scripts/eval_verify.py's `faithful()` (never by our parser), with
slips planted by hand-written rules. Where a record is altered (a Retraction Watch notice
added, markup written into a title), the alteration is written here from Crossref's
documented shapes and said so.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
import threading
import time
from dataclasses import replace

import pytest
from conftest import ROOT
from crossref_server import CrossrefServer

from litcurate.lookup import crossref, resolve, verify
from litcurate.lookup.crossref import Cache, Client
from litcurate.refs.references import Author, Reference

DATA = ROOT / "tests" / "data" / "crossref"
pytestmark = pytest.mark.usefixtures("fast_crossref")


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_verify",
                                                  ROOT / "scripts" / "eval_verify.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_verify"] = module
    spec.loader.exec_module(module)
    return module


ev = _load_eval()


@pytest.fixture(scope="module")
def works() -> list[dict]:
    return ev.load()


def by_doi(works, doi) -> dict:
    return copy.deepcopy(next(w for w in works if w["DOI"].lower() == doi))


def budgets() -> dict[str, tuple[int, int]]:
    """(rate, concurrency) of each budget, as Crossref's polite pool announced them."""
    found = {}
    for path in sorted((DATA / "headers").glob("*polite*.json")):
        headers = json.loads(path.read_text(encoding="utf-8"))["headers"]
        kind = "list" if path.name.endswith("_list.headers.json") else "single"
        found[kind] = (int(headers["x-rate-limit-limit"][0]),
                       int(headers["x-concurrency-limit"][0]))
    return found


def client_for(tmp_path, server, **kw) -> Client:
    return Client(Cache(tmp_path / "cache"), mailto="ed@editors.ac.uk", base_url=server.url,
                  offline=False, **kw)


# --- the figures of the issue ---------------------------------------------------------------
def test_real_records_no_false_mismatch_slips_caught_swaps_pointed(works):
    """All 75 records: faithful references (with and without subtitles, full and short
    journal names, main titles) are all verified; each kind of planted slip is caught in
    ≥ 95% of the records that have the field; a DOI swapped for another record's is
    `doi_points_elsewhere` with the record's own DOI suggested."""
    assert len(works) == 75
    figures = ev.evaluate(works, works)
    print("\n" + ev.report("all records", figures))
    assert sum(figures["faithful"].values()) >= 120
    assert figures["false_mismatches"] == {}
    for kind in ev.SLIPS:
        assert figures["slips"][kind] >= 40, kind
        assert figures["caught"].get(kind, 0) >= 0.95 * figures["slips"][kind], kind
    assert figures["swaps"] >= 70 and figures["swaps_right"] == figures["swaps"]
    assert figures["answered_429"] == 0


def test_two_budgets_held_at_once(works, tmp_path):
    """One run of lookups and searches against the recorded polite budgets (single 10/s,
    list 3/s, 3 in flight each): no 429, neither budget exceeded, and lookups go faster than
    searches (one pacer for both would hold lookups to the search rate)."""
    limits = budgets()
    assert limits == {"single": (10, 3), "list": (3, 3)}
    server = CrossrefServer({w["DOI"]: w for w in works}, limit=limits["single"][0],
                            concurrency=limits["single"][1], list_limit=limits["list"][0],
                            list_concurrency=limits["list"][1], latency=0.05).start()
    try:
        client = client_for(tmp_path, server, workers=3)
        refs = [ev.faithful(w, n=i) for i, w in enumerate(works[:30], 1)]
        refs += [replace(ev.faithful(w, n=i), doi="") for i, w in enumerate(works[30:39], 31)]
        results = resolve.resolve_all(client, refs)
    finally:
        server.stop()
    assert server.count(429) == 0
    assert server.count(budget="single") == 30 and server.count(budget="list") == 9
    assert server.peak_rate("list") <= 3 and server.peak_rate("single") <= 10
    assert server.peak_rate("single") > 3
    assert client.pacers["single"].limit == 10 and client.pacers["list"].limit == 3
    assert all("select=" in path for _, path, _ in server.log if "query.bibliographic" in path)
    assert [r.status for r in results].count("verified") == 30
    assert [r.status for r in results[30:]] == ["matched"] * 9


# --- verdicts ---------------------------------------------------------------------------------
@pytest.fixture
def served(works):
    server = CrossrefServer({w["DOI"]: w for w in works}, limit=1000, concurrency=4,
                            agencies={"10.5061/dryad.8515": "datacite",
                                      "10.3280/ecag2018-001005x": "medra"}).start()
    yield server
    server.stop()


def test_a_datacite_doi_is_other_agency_not_an_error(served, tmp_path):
    ref = Reference(n=3, raw="[3] Author A (2014) Data from: a study. Dryad.", line=3,
                    authors=(Author("Author", "A."),), year="2014", title="Data from: a study",
                    journal="Dryad", doi="10.5061/dryad.8515", reading="parsed")
    result = resolve.resolve_one(client_for(tmp_path, served), ref, 3)
    assert result.status == "other_agency"
    assert [f["code"] for f in result.findings] == ["doi_other_agency"]
    assert "DataCite" in result.findings[0]["message"]
    assert any(path.split("?")[0].endswith("/agency") for _, path, _ in served.log)


def test_a_dead_doi_is_corrected_when_the_work_is_found_else_may_not_exist(works, served,
                                                                          tmp_path):
    work = by_doi(works, "10.1038/ng.3834")
    client = client_for(tmp_path, served)
    dead = replace(ev.faithful(work, n=4), doi="10.1038/ng.3834999")
    result = resolve.resolve_one(client, dead, 4)
    assert result.status == "unresolved" and result.doi == "10.1038/ng.3834"
    assert result.findings[0]["code"] == "doi_unresolved"
    assert "correct the DOI to 10.1038/ng.3834" in result.findings[0]["message"]
    invented = replace(dead, title="Quantum entanglement of hypocotyl growth in zebrafish",
                       raw="[4] Smith J (2019) Quantum entanglement of hypocotyl growth in "
                       "zebrafish. Nature Genetics 49, 692.")
    result = resolve.resolve_one(client, invented, 4)
    assert result.status == "not_found" and result.record is None
    assert result.findings[0]["code"] == "reference_not_found"
    assert "check by hand; this reference may not exist" in result.findings[0]["message"]


def test_a_real_doi_with_an_invented_reference_may_not_exist(works, served, tmp_path):
    """The usual fabricated reference: a real DOI, another title and authors. No work
    agrees, so the verdict is not_found and the other work's values are not curated."""
    work = by_doi(works, "10.7554/elife.01567")
    ref = replace(ev.faithful(work, n=5), title="Machine learning predicts relapse in "
                  "paediatric leukaemia", authors=(Author("Nguyen", "T."),),
                  raw="[5] Nguyen T (2014) Machine learning predicts relapse in paediatric "
                  "leukaemia. eLife 3, e01567.")
    result = resolve.resolve_one(client_for(tmp_path, served), ref, 5)
    assert result.status == "not_found" and result.record is None
    assert "may not exist" in result.findings[0]["message"]
    assert "Automated quantitative histology" in result.findings[0]["message"]


def test_no_answer_is_lookup_failed_never_not_found(served, tmp_path, monkeypatch):
    monkeypatch.setattr(crossref, "MAX_ATTEMPTS", 2)
    served.fault("/works/", *["503"] * 4)
    ref = ev.faithful(ev.load()[0], n=1)
    result = resolve.resolve_one(client_for(tmp_path, served), ref, 1)
    assert result.status == "lookup_failed" and "gave up" in result.note
    assert result.findings == ()


def test_the_error_budget_stops_asking_and_says_so(served, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(crossref, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(crossref, "ERROR_BUDGET_MIN", 6)
    served.fault("/works/", *["503"] * 100)
    client = client_for(tmp_path, served)
    refs = [ev.faithful(w, n=i) for i, w in enumerate(ev.load()[:10], 1)]
    results = [resolve.resolve_one(client, ref, ref.n) for ref in refs]
    assert {r.status for r in results} == {"lookup_failed"}
    assert served.count() == 6  # 3 references × 2 attempts, then no more requests
    said = [line for line in capsys.readouterr().err.splitlines() if "error budget" in line]
    assert len(said) == 1 and "6 of 6" in said[0]
    assert "error budget" in resolve.summary(results, client)


def test_a_429_holds_every_request_of_the_run(served, tmp_path):
    """A 429 (Retry-After: 1) on a lookup also holds a search made meanwhile."""
    served.fault("/works/10.1038", "429-retry-after")
    client = client_for(tmp_path, served)
    thread = threading.Thread(target=client.work, args=("10.1038/ng.3834",))
    started = time.monotonic()
    thread.start()
    time.sleep(0.3)
    client.search("structural variation gene expression")
    waited = time.monotonic() - started
    thread.join()
    assert waited >= 0.95 and client.throttled == 1


# --- comparison -------------------------------------------------------------------------------
def test_markup_entities_and_mathml_are_no_difference(works):
    """Real record 10.1136/jclinpath-2020-206745 (`<i>KRAS</i>` on its own lines), and the
    shapes the issue names written into a real record's title and journal: a tag that would
    have become a space, an entity, MathML with its TeX annotation."""
    work = by_doi(works, "10.1136/jclinpath-2020-206745")
    ref = ev.faithful(work)
    assert "detecting KRAS / NRAS / EGFR" in ref.title
    assert verify.compare(replace(ref, title=ref.title.replace(" / ", "/")), work) == []
    work["title"] = ["Thin HfO<sub>2</sub> films: an<i>R</i>package"]
    work["container-title"] = ["Arthritis &amp; Rheumatism"]
    written = replace(ref, title="Thin HfO2 films: an R package",
                      journal="Arthritis and Rheumatism")
    assert verify.compare(written, work) == []
    work["title"] = ['Growth of <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML" '
                     'display="inline" overflow="scroll"><mml:semantics><mml:msub><mml:mi>HfO'
                     '</mml:mi><mml:mn>2</mml:mn></mml:msub><mml:annotation encoding="applica'
                     'tion/x-tex">\\mathrm{HfO}_2</mml:annotation></mml:semantics></mml:math>'
                     ' films']
    assert verify.compare(replace(written, title="Growth of HfO2 films"), work) == []
    assert verify.compare(replace(written, title="Growth of ZrO2 films"), work)[0][0] == "title"


def test_subtitles_either_way_and_journal_names(works):
    """Real records with a `subtitle` (10.1007/s00120-007-1345-2, 10.2903/j.efsa.2014.3550)
    and with ISO short names (Proc. R. Soc. B., Envir. Conserv.)."""
    for doi in ("10.1007/s00120-007-1345-2", "10.2903/j.efsa.2014.3550"):
        work = by_doi(works, doi)
        title = verify.first(work["title"])
        subtitle = work["subtitle"][0]
        for written in (title, f"{title}: {subtitle}", f"{title}. {subtitle}"):
            assert verify.compare(replace(ev.faithful(work), title=written), work) == [], written
    work = by_doi(works, "10.1098/rspb.2017.0132")
    for journal in ("Proc R Soc B", "Proceedings of the Royal Society B",
                    "Proc. R. Soc. B Biol. Sci."):
        assert verify.compare(replace(ev.faithful(work), journal=journal), work) == [], journal
    assert verify.compare(replace(ev.faithful(work), journal="Proc Natl Acad Sci"), work)
    assert verify.same_journal("J Natl Cancer Inst", "Journal of the National Cancer Institute")
    assert not verify.same_journal("Blood", "Blood Advances")


def test_a_mismatch_shows_the_difference():
    shown = verify.show("The impact of structural variation on human gene expression",
                        "The impact of structural variants on human gene expression")
    assert "'variation' where Crossref has 'variants'" in shown
    lookalike = verify.show("Ca\u0301ncer risk", "C\u00e1ncer risk")  # combining accent
    assert "\\u0301" in lookalike and "look alike" in lookalike


# --- notices and preprints --------------------------------------------------------------------
def test_update_notices_one_finding_per_kind_with_doi_and_date(works):
    """Real: 10.1371/journal.pone.0033693 has a publisher's correction (2012-05-08);
    10.1371/journal.ppat.1008184 lists a new_version that is itself (no finding). Added by
    hand in Crossref's shape: the same retraction reported by the publisher and by
    Retraction Watch, and an expression of concern."""
    corrected = by_doi(works, "10.1371/journal.pone.0033693")
    found = resolve.notice_findings(corrected, 7)
    assert [f["code"] for f in found] == ["corrected"]
    assert "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda, 2012-05-08" in \
        found[0]["message"]
    assert resolve.notice_findings(by_doi(works, "10.1371/journal.ppat.1008184"), 8) == []
    retracted = copy.deepcopy(corrected)
    retracted["updated-by"] += [
        {"DOI": "10.1371/journal.pone.0999999", "type": "retraction", "source": "publisher",
         "updated": {"date-parts": [[2023, 2, 1]]}},
        {"DOI": "10.1371/journal.pone.0999999", "type": "retraction",
         "source": "retraction-watch", "record-id": "43091",
         "updated": {"date-parts": [[2023, 2, 1]]}},
        {"DOI": "10.1371/journal.pone.0888888", "type": "expression_of_concern",
         "source": "publisher", "updated": {"date-parts": [[2022, 6, 3]]}},
    ]
    found = resolve.notice_findings(retracted, 7)
    assert [f["code"] for f in found] == ["retracted", "expression_of_concern", "corrected"]
    assert found[0]["severity"] == "error"
    assert "10.1371/journal.pone.0999999, 2023-02-01" in found[0]["message"]
    assert "the publisher and Retraction Watch" in found[0]["message"]


def test_a_cited_preprint_since_published():
    """Real record 10.1101/097196 (bioRxiv) says is-preprint-of 10.1038/s41597-019-0031-8."""
    preprint = json.loads((DATA / "works-other" / "10.1101_097196.json").read_text())["message"]
    found = resolve.notice_findings(preprint, 9)
    assert [f["code"] for f in found] == ["preprint_published"]
    assert "10.1038/s41597-019-0031-8" in found[0]["message"]


# --- entries the parser could not read ---------------------------------------------------------
def test_an_unread_entry_is_matched_on_its_raw_text(works, served, tmp_path):
    """Searched with the raw string; accepted only with title and year in it and the first
    author, volume or first page; a wrong year is never matched."""
    client = client_for(tmp_path, served)
    work = by_doi(works, "10.1016/j.neurobiolaging.2010.03.024")
    raw = ev.faithful(work).raw.split(" https://")[0]
    unread = Reference(n=2, raw=raw, line=2, reading="unparsed")
    result = resolve.resolve_one(client, unread, 2)
    assert result.status == "matched" and result.doi == "10.1016/j.neurobiolaging.2010.03.024"
    year = verify.first(sorted(verify.record_years(work)))
    wrong = replace(unread, raw=raw.replace(f"({year})", f"({int(year) + 5})"))
    result = resolve.resolve_one(client, wrong, 2)
    assert result.status == "not_found" and result.findings == ()


def test_two_titles_cut_at_their_colons_are_not_one_work(works):
    """Real record 10.3897/phytokeys.74.10380 ("Isoetes mississippiensis: A new quillwort
    from Mississippi, USA"): its main title alone is accepted, another work sharing only that
    main title is not, nor is a full stop after an abbreviation read as the title's end."""
    work = by_doi(works, "10.3897/phytokeys.74.10380")
    ref = ev.faithful(work)
    assert verify.compare(replace(ref, title="Isoetes mississippiensis"), work) == []
    other = replace(ref, title="Isoetes mississippiensis: a cytological study of its spores")
    assert [d[0] for d in verify.compare(other, work)] == ["title"]
    assert verify._main_title("Ibrutinib vs. chlorambucil in older patients") == ""


def test_an_uncertain_entry_whose_doi_names_another_work(works, served, tmp_path):
    """An entry read with low confidence is not compared field by field; but when the DOI's
    record title is nowhere in its text and a search with that text finds the work under
    another DOI, the DOI names another work."""
    cited = by_doi(works, "10.1016/j.neurobiolaging.2010.03.024")
    other = by_doi(works, "10.7554/elife.01567")
    raw = ev.faithful(cited).raw.replace(cited["DOI"], other["DOI"])
    unsure = Reference(n=6, raw=raw, line=6, doi=other["DOI"].lower(), reading="uncertain")
    result = resolve.resolve_one(client_for(tmp_path, served), unsure, 6)
    assert result.status == "doi_points_elsewhere"
    assert result.doi == "10.1016/j.neurobiolaging.2010.03.024"
    right = replace(unsure, raw=ev.faithful(other).raw)
    assert resolve.resolve_one(client_for(tmp_path, served), right, 6).status == "matched"


def test_every_code_and_status_is_explained_on_the_page():
    """The page explains every finding code and every status a resolution can have; the
    bundled review's page carries the status legend."""
    from litcurate import findings
    from litcurate.report import page

    assert set(page.HELP) == set(findings.SEVERITY)
    assert set(page.STATUS_HELP) == set(page.STATUSES) == set(resolve.STATUSES)
    html = (ROOT / "curated" / "tall-mrd" / "audit.html").read_text(encoding="utf-8")
    for status in resolve.STATUSES:
        assert f"<dt><code>{status}</code>: </dt>" in html, status
