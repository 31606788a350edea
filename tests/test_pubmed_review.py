"""The bundled review with PubMed: offline, and with a server that answers PubMed records.

The served records keep the shape of a real recorded one (PMID 23121403, an RCT, from
../shared/api-samples/pubmed/efetch-eutils/) with the bundled reference's DOI and title
put in, and the publication types and MeSH each test names: the indexers' types, not the
title's words, must then decide the design, its level and the claim's grade.
"""

from __future__ import annotations

import re

import pytest
from eutils_server import SAMPLES, EutilsServer, sample_articles

from litcurate.audit import checks as audit
from litcurate.evidence import studies
from litcurate.lookup import pubmed, pubmed_resolve

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no ../shared/api-samples")

STRONG = {"rct": "trial", "nonrandomized_trial": "trial", "review": "review",
          "systematic_review": "review", "guideline": "review", "case_report": "case",
          "case_series": "case", "preclinical": "preclinical"}
# words that name a strong class in a title (written by hand, not the lexicon's cues)
TITLE_CLASS = [(r"\bcase reports?\b|\bcase series\b", "case"),
               (r"(?<!murine )(?<!mouse )\btrial\b", "trial"),  # a murine trial is preclinical
               (r"\breview\b|\bguidelines?\b", "review"),
               (r"\bpreclinical\b|\bcell lines\b", "preclinical")]


def test_offline_no_design_contradicts_its_title(baseline):
    wrong = []
    for study, ref in zip(baseline["studies"], baseline["curated"], strict=True):
        said = {cls for pattern, cls in TITLE_CLASS if re.search(pattern, ref.title, re.I)}
        if len(said) == 1 and study.design in STRONG and STRONG[study.design] not in said:
            wrong.append((ref.n, study.design, ref.title))
    assert wrong == []


def _article(doi: str, title: str, types: list[str], mesh: list[str], pmid: str) -> str:
    xml = sample_articles()["23121403"]
    xml = re.sub(r'<ArticleId IdType="doi">[^<]*</ArticleId>',
                 f'<ArticleId IdType="doi">{doi}</ArticleId>', xml)
    xml = re.sub(r"<ArticleTitle>.*?</ArticleTitle>", f"<ArticleTitle>{title}</ArticleTitle>",
                 xml, flags=re.S)
    xml = re.sub(r"<PMID Version=\"1\">23121403</PMID>", f'<PMID Version="1">{pmid}</PMID>',
                 xml, count=1)
    types_xml = "".join(f"<PublicationType>{t}</PublicationType>" for t in types)
    xml = re.sub(r"<PublicationTypeList>.*?</PublicationTypeList>",
                 f"<PublicationTypeList>{types_xml}</PublicationTypeList>", xml, flags=re.S)
    return re.sub(r"<MeshHeadingList>.*?</MeshHeadingList>", "<MeshHeadingList>" + "".join(
        f"<MeshHeading><DescriptorName>{m}</DescriptorName></MeshHeading>" for m in mesh)
        + "</MeshHeadingList>", xml, flags=re.S)


def test_with_pubmed_designs_and_levels_come_from_publication_types(baseline, tmp_path,
                                                                   monkeypatch):
    monkeypatch.delenv("LITCURATE_OFFLINE", raising=False)
    curated = {r.n: r for r in baseline["curated"]}
    # [3] a phase 2 trial by its title; [60] preclinical; [70] a review by its title
    indexed = {3: (["Journal Article", "Clinical Trial, Phase II", "Randomized Controlled Trial"],
                   ["Humans"]),
               60: (["Journal Article"], ["Animals", "Mice", "Cell Line, Tumor"]),
               70: (["Journal Article", "Systematic Review"], ["Humans"])}
    articles = {f"9000000{n}": _article(curated[n].doi, curated[n].title, *indexed[n],
                                        f"9000000{n}") for n in indexed}
    assert all(curated[n].doi for n in indexed)
    server = EutilsServer(articles).start()
    try:
        client = pubmed.Client(pubmed.Cache(tmp_path), email="ed@editors.ac.uk",
                               base_url=server.url)
        refs = [r for r in _parsed(baseline) if r.n in indexed]
        records = {r.n: r.record for r in pubmed_resolve.resolve_all(client, refs) if r.record}
    finally:
        server.stop()
    assert sorted(records) == [3, 60, 70] and server.count(429) == 0
    found = {s.n: s for s in studies.extract_all(baseline["curated"], {}, baseline["claims"],
                                                 pubmed=records)}
    assert (found[3].design, found[3].cebm_level) == ("rct", "2")
    assert (found[60].design, found[60].cebm_level) == ("preclinical", "5")
    assert "without Humans (PubMed)" in found[60].evidence[0]
    assert (found[70].design, found[70].cebm_level) == ("systematic_review", "1")
    assert "publication type: Systematic Review (PubMed)" in found[70].evidence[0]
    audited, _ = audit.check(baseline["manuscript"], baseline["claims"], list(found.values()),
                             baseline["curated"])
    rows = [a.row() for a in audited if a.claim.cited == (70,)]
    assert rows and all((r["best_cebm_level"], r["grade"]) == ("1", "A") for r in rows)


def _parsed(baseline):
    from litcurate.refs import references

    return references.parse_all(baseline["manuscript"].entries)
