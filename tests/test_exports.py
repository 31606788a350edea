"""CSL-JSON and RIS: what citation processors and reference managers read back."""

from __future__ import annotations

import json
import warnings
from dataclasses import replace

import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from litcurate.export import csl, ris


@pytest.fixture(scope="module")
def curated(baseline):
    return baseline["curated"]


def test_csl_json_renders_with_a_standard_style(curated):
    items = json.loads(csl.dumps(curated))
    assert len(items) == 70 and len({i["id"] for i in items}) == 70
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns on anything it cannot read
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 70
    dunsmore = next(r for r in rendered if r.startswith("Dunsmore"))
    assert "(2020)" in dunsmore and "Journal of Clinical Oncology" in dunsmore
    assert "38, pp. 3282–3293" in dunsmore and "https://doi.org/10.1200/jco.20.00256" in dunsmore


def test_csl_fields(curated):
    item = csl.item(curated[0])
    assert item["type"] == "article-journal"
    assert item["author"][0] == {"family": "Pagliaro", "given": "L."}
    assert item["issued"] == {"date-parts": [[2024]]}
    assert item["page"] == "41" and item["number"] == "41"
    assert "DOI" not in csl.item(curated[47])  # [48] has no DOI: left out, not empty


def test_ris_reads_back_with_every_tag(curated):
    # the review gives no issue numbers; one is added to see the IS tag written
    text = ris.dumps([*curated[:2], replace(curated[2], issue="5"), *curated[3:]])
    records = rispy.loads(text)
    assert len(records) == 70
    third = records[2]
    assert third["type_of_reference"] == "JOUR"
    assert third["authors"][0] == "Sato, A."
    assert third["secondary_title"] == "The Lancet Haematology"
    assert (third["year"], third["volume"], third["start_page"], third["end_page"]) == (
        "2023", "10", "e419", "e432")
    assert third["doi"] == "10.1016/s2352-3026(23)00072-8" and third["number"] == "5"
    tags = {line[:2] for line in text.splitlines() if line.strip()}
    assert {"TY", "AU", "TI", "T2", "PY", "VL", "IS", "SP", "EP", "DO", "ER"} <= tags
    assert all(len(line) == 0 or line[2:6] == "  - " for line in text.splitlines())


def test_a_line_break_in_a_value_cannot_forge_a_tag(curated):
    hostile = replace(curated[0], title="Title\nER  - \nTY  - JOUR\nTI  - Forged")
    records = rispy.loads(ris.dumps([hostile]))
    assert len(records) == 1 and records[0]["title"].startswith("Title ER")


def _book_chapter():
    """A chapter as an editor would enter it by hand (MDPI style example from the corpus
    README: Goodman & Blaner in *The Retinoids*, Sporn et al. eds, Academic Press 1984)."""
    from litcurate.curate import CuratedReference

    return CuratedReference(
        n=1, key="goodman1984biosynthesis", authors=("Goodman, D.S.", "Blaner, W.S."),
        et_al=False, year="1984", title="Biosynthesis, absorption, and hepatic metabolism of "
        "retinol", journal="The Retinoids", volume="2", issue="", pages="1-39",
        article_number="", doi="", status="offline", times_cited=1, source=("manuscript",),
        type="chapter", editors=("Sporn, M.B.", "Roberts, A.B."), publisher="Academic Press",
        place="New York, NY, USA", pmid="", url="")


def test_types_and_new_fields_reach_every_export():
    from litcurate.export import bibtex

    chapter = _book_chapter()
    bib = bibtex.dumps([chapter])
    assert bib.lstrip().startswith("@incollection{goodman1984biosynthesis")
    assert 'booktitle = "The Retinoids"' in bib and 'publisher = "Academic Press"' in bib
    assert 'editor = "Sporn, M.B. and Roberts, A.B."' in bib
    item = csl.item(chapter)
    assert item["type"] == "chapter" and item["publisher"] == "Academic Press"
    assert item["editor"][0] == {"family": "Sporn", "given": "M.B."}
    record = rispy.loads(ris.dumps([chapter]))[0]
    assert record["type_of_reference"] == "CHAP" and record["publisher"] == "Academic Press"
    assert record["secondary_authors"] == ["Sporn, M.B.", "Roberts, A.B."]


def test_identifiers_and_group_authors_in_every_export():
    from litcurate.export import bibtex

    article = replace(_book_chapter(), type="journal", journal="Nature", editors=(),
                      authors=("GTEx Consortium",), group_authors=("GTEx Consortium",),
                      pmid="25954001", pmcid="PMC4547484", publisher="", place="")
    bib = bibtex.dumps([article])
    assert bib.lstrip().startswith("@article{")
    assert 'pmid = "25954001"' in bib and 'pmcid = "PMC4547484"' in bib
    assert 'author = "{GTEx Consortium}"' in bib  # braced: never "Consortium, G."
    item = csl.item(article)
    assert item["author"] == [{"literal": "GTEx Consortium"}]
    assert (item["PMID"], item["PMCID"]) == ("25954001", "PMC4547484")
    record = rispy.loads(ris.dumps([article]))[0]
    assert record["accession_number"] == "25954001"
