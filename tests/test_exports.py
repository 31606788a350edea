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

from litcurate import csl, ris


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
