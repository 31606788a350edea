"""The PubMed client and resolution against a local E-utilities server (no mock of requests).

The server (tests/eutils_server.py) answers with the real recorded PubMed records of
../shared/api-samples/pubmed/efetch-*/ and enforces NCBI's 3 requests a second. References
are written by hand from those records' citations (the records named by PMID below).
"""

from __future__ import annotations

import json
import re
import socket
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from eutils_server import SAMPLES, EutilsServer, sample_articles

from litcurate.lookup import notices, pubmed, pubmed_findings, pubmed_resolve, pubmed_xml
from litcurate.refs.references import Author, Reference

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no ../shared/api-samples")

# 23121403: Brighton et al., N Engl J Med 2012;367:1979-87, doi 10.1056/NEJMoa1210384 (an RCT)
ASPIRE = Reference(n=1, raw="", line=1, authors=(Author("Brighton", "T.A."),), year="2012",
                   title="Low-dose aspirin for preventing recurrent venous thromboembolism",
                   journal="N Engl J Med", volume="367", pages="1979-1987",
                   doi="10.1056/NEJMoa1210384", reading="parsed")
# 38762411: Liu et al., Asian J Surg 2024;47:4044-4046 (Case Reports, Letter); no DOI given
SCHWANNOMA = Reference(n=2, raw="", line=2, authors=(Author("Liu", "Y."),), year="2024",
                       title="Giant intrathoracic schwannoma: A case report",
                       journal="Asian J Surg", volume="47", pages="4044-4046", reading="parsed")
# 38704912: Gomes et al., J Geriatr Oncol 2024 (Observational Study); no DOI, no volume
GOMES_TITLE = ("Patient-reported outcomes and experiences from a prospective cohort study of "
               "older patients with cancer on checkpoint inhibitors: the ELDERS study")


@pytest.fixture
def eutils(monkeypatch):
    monkeypatch.setattr(pubmed, "BACKOFF_BASE", 0.05)
    monkeypatch.delenv("LITCURATE_OFFLINE", raising=False)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    server = EutilsServer().start()
    yield server
    server.stop()


def client(tmp_path, server, **kw) -> pubmed.Client:
    return pubmed.Client(pubmed.Cache(tmp_path / "pubmed"), email="ed@editors.ac.uk",
                         base_url=server.url, **kw)


def test_parse_reads_ids_types_mesh_and_structured_abstracts():
    text = (SAMPLES / "efetch-eutils" / "test_eutils_xmlfacades_pubmedarticle_23121403_0.xml"
            ).read_text(encoding="utf-8")
    record = pubmed_xml.parse(text)[0]
    assert record.pmid == "23121403" and record.doi == "10.1056/nejmoa1210384"
    assert "Randomized Controlled Trial" in record.publication_types
    assert "Humans" in record.mesh and record.abstract.startswith("BACKGROUND: ")
    assert record.volume == "367" and record.authors[0] == "Brighton"
    # ids come from the article's own list, never from its ReferenceList
    cited = pubmed_xml.parse((SAMPLES / "efetch-metapub" / "32934823.xml").read_text())[0]
    assert cited.pmcid == "PMC7489288" and cited.doi == "10.15761/jsin.1000229"


def test_erratum_links_become_notices():
    record = pubmed_xml.parse((SAMPLES / "efetch-metapub" / "38147649.xml").read_text())[0]
    assert record.notices == (pubmed_xml.Notice("erratum", "39705317", record.notices[0].source),)
    assert "10.1073/pnas.2424381121" in record.notices[0].source


def test_whole_flow_by_doi_citation_and_title_at_3_per_second(tmp_path, eutils):
    c = client(tmp_path, eutils)
    refs = [ASPIRE, SCHWANNOMA, Reference(n=3, raw="", line=3, authors=(Author("Gomes", "F."),),
                                          year="2024", title=GOMES_TITLE, reading="parsed")]
    results = pubmed_resolve.resolve_all(c, refs)
    assert [(r.status, r.how) for r in results] == [
        ("found", "doi"), ("found", "citation"), ("found", "title search")]
    assert [r.record["pmid"] for r in results] == ["23121403", "38762411", "38704912"]
    assert eutils.count(429) == 0 and c.throttled == 0
    assert all(p.get("tool") == "litcurate" and p.get("email") == "ed@editors.ac.uk"
               for p in eutils.params)
    assert not any("api_key" in p for p in eutils.params)
    # a second run asks nothing: one cache file per answer
    again = client(tmp_path, eutils)
    sent = eutils.count()
    assert [r.record["pmid"] for r in pubmed_resolve.resolve_all(again, refs)] == [
        "23121403", "38762411", "38704912"]
    assert eutils.count() == sent and again.requests_sent == 0
    kinds = sorted(p.parent.name for p in (tmp_path / "pubmed").rglob("*.json"))
    assert kinds == ["ecitmatch", "efetch", "efetch", "efetch", "esearch", "esearch"]


def test_a_wrong_candidate_is_refused(tmp_path, eutils):
    """ECitMatch finds a work on the same volume and page, but its title differs: no record."""
    wrong = Reference(n=4, raw="", line=4, authors=(Author("Liu", "Y."),), year="2024",
                      title="Thoracoscopic resection of a posterior mediastinal mass",
                      journal="Asian J Surg", volume="47", pages="4044", reading="parsed")
    result = pubmed_resolve.resolve_one(client(tmp_path, eutils), wrong, 4)
    assert result.status == "not_found" and "38762411" in result.note


def test_429_and_dropped_connections_are_retried(tmp_path, eutils):
    eutils.fault("esearch", "429", "drop", "503", "html")
    c = client(tmp_path, eutils)
    result = pubmed_resolve.resolve_one(c, ASPIRE, 1)
    assert result.status == "found" and c.retries == 4 and c.throttled == 1
    assert not (tmp_path / "pubmed" / "esearch").exists() or len(
        list((tmp_path / "pubmed" / "esearch").iterdir())) == 1


def test_refused_connection_opens_the_circuit(tmp_path, monkeypatch):
    monkeypatch.delenv("LITCURATE_OFFLINE", raising=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = pubmed.Client(pubmed.Cache(tmp_path), base_url=f"http://127.0.0.1:{port}")
    results = pubmed_resolve.resolve_all(c, [ASPIRE, SCHWANNOMA])
    assert [r.status for r in results] == ["offline", "offline"]
    assert c.requests_sent == 1 and c.circuit_open


def test_offline_sends_nothing_but_uses_the_cache(tmp_path, eutils, monkeypatch):
    pubmed_resolve.resolve_one(client(tmp_path, eutils), ASPIRE, 1)
    sent = eutils.count()
    monkeypatch.setenv("LITCURATE_OFFLINE", "1")
    c = client(tmp_path, eutils)
    assert pubmed_resolve.resolve_one(c, ASPIRE, 1).status == "found"
    assert pubmed_resolve.resolve_one(c, SCHWANNOMA, 2).status == "offline"
    assert eutils.count() == sent and c.requests_sent == 0


def test_an_api_key_allows_10_per_second_and_is_never_cached(tmp_path, eutils):
    eutils.rate = 10
    c = client(tmp_path, eutils, api_key="k3y")
    assert c.pacer.limit == 10
    pubmed_resolve.resolve_one(c, ASPIRE, 1)
    assert all(p.get("api_key") == "k3y" for p in eutils.params)
    for path in (tmp_path / "pubmed").rglob("*.json"):
        url = json.loads(path.read_text())["url"]
        assert "k3y" not in url and "editors" not in url


def test_without_a_key_the_pace_is_3_per_second(tmp_path, eutils):
    assert client(tmp_path, eutils).pacer.limit == 3


def test_pubmed_identifiers_and_notices_reach_the_curated_reference():
    from litcurate.curate import curate

    record = pubmed_xml.parse((SAMPLES / "efetch-metapub" / "38147649.xml").read_text())[0]
    ref = Reference(n=1, raw="", line=1, authors=(Author("Ritz", "N.L."),), year="2024",
                    title=record.title, journal="Proc Natl Acad Sci U S A", reading="parsed",
                    doi=record.doi)
    curated, _ = curate([ref])
    [with_ids] = pubmed_findings.with_identifiers(curated, {1: record.to_dict()})
    assert with_ids.pmid == "38147649" and with_ids.field_sources["pmid"] == "pubmed"
    [found] = pubmed_findings.notices({1: record.to_dict()}, {})
    assert found.code == "corrected" and "PMID 39705317" in found.message
    # Crossref lists the same kind: one finding (Crossref's), none added here
    crossref = {"updated-by": [{"type": "erratum", "DOI": "10.1073/pnas.2424381121"}]}
    assert pubmed_findings.notices({1: record.to_dict()}, {1: crossref}) == []
    # an editor's PMID wins over PubMed's
    edited, _ = curate([ref], {1: {"pmid": "1"}})
    [kept] = pubmed_findings.with_identifiers(edited, {1: record.to_dict()}, {1: {"pmid": "1"}})
    assert kept.pmid == "1" and kept.pmcid == with_ids.pmcid


def test_retraction_in_pubmed_is_an_error():
    """A RetractionIn link, written by hand in the CommentsCorrections shape of the samples."""
    article = sample_articles()["23121403"].replace(
        "<MeshHeadingList>", '<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn">'
        "<RefSource>N Engl J Med. 2013;1:1.</RefSource><PMID Version=\"1\">99999999</PMID>"
        "</CommentsCorrections></CommentsCorrectionsList><MeshHeadingList>", 1)
    record = pubmed_xml.parse(f"<PubmedArticleSet>{article}</PubmedArticleSet>")[0]
    [found] = pubmed_findings.notices({7: record.to_dict()}, {})
    assert found.code == "retracted" and found.severity == "error" and found.n == 7


def test_notices_merge_by_kind():
    merged = notices.merge([notices.Notice("expression_of_concern", "Crossref", "10.1/x"),
                            notices.Notice("Expression of concern", "PubMed", "123"),
                            notices.Notice("retraction", "PubMed", "")])
    assert [(m.kind, m.sources, m.code) for m in merged] == [
        ("expression of concern", ("Crossref", "PubMed"), "expression_of_concern"),
        ("retraction", ("PubMed",), "retracted")]


def test_pubmed_identifiers_reach_every_export():
    from litcurate.curate import curate
    from litcurate.export import bibtex, csl, ris, tables

    record = pubmed_xml.parse((SAMPLES / "efetch-metapub" / "32934823.xml").read_text())[0]
    ref = Reference(n=1, raw="", line=1, authors=(Author("Blum", "K."),), year="2020",
                    title=record.title, journal="J Syst Integr Neurosci", volume="7",
                    reading="parsed", doi=record.doi)
    curated, _ = curate([ref])
    curated = pubmed_findings.with_identifiers(curated, {1: record.to_dict()})
    assert 'pmid = "32934823"' in bibtex.dumps(curated)
    assert 'pmcid = "PMC7489288"' in bibtex.dumps(curated)
    item = json.loads(csl.dumps(curated))[0]
    assert (item["PMID"], item["PMCID"]) == ("32934823", "PMC7489288")
    assert "AN  - 32934823" in ris.dumps(curated) and "PMC7489288" in ris.dumps(curated)
    import csv
    import io

    [row] = csv.DictReader(io.StringIO(tables.references_csv(curated)))
    assert (row["pmid"], row["pmcid"]) == ("32934823", "PMC7489288")
    assert row["source"].split("; ")[-1] == "pubmed"


def test_a_doi_pubmed_does_not_list_falls_back_to_the_citation(tmp_path, eutils):
    """The record of 38762411 served without its DOI (removed by hand from the recorded
    ArticleIdList and ELocationID): found by ECitMatch; a record with another DOI is refused."""
    article = re.sub(r'<(ArticleId IdType|ELocationID EIdType)="doi"[^>]*>[^<]*</\w+>', "",
                     eutils.articles["38762411"])
    eutils.articles["38762411"] = article
    eutils._index["38762411"] = ET.fromstring(article)
    ref = replace(SCHWANNOMA, doi="10.1016/j.asjsur.2024.05.017")
    found = pubmed_resolve.resolve_one(client(tmp_path, eutils), ref, 2)
    assert (found.status, found.how, found.record["pmid"]) == ("found", "citation", "38762411")
    other = replace(SCHWANNOMA, doi="10.1016/j.asjsur.2099.01.001")
    record = pubmed_xml.PubmedRecord.from_dict(found.record)
    assert pubmed_resolve.agrees(other, replace(record, doi="10.1/another"), other.doi)[0] is False
