"""The dev/test split in eval/corpus-split.yaml is the rule its header states, recomputed.

Rule: within each citation form, articles ordered by the SHA-256 of their id alternate dev,
test, dev, ... The citation form of each article is read from its gold file.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SPLIT = ROOT / "eval" / "corpus-split.yaml"

pytestmark = pytest.mark.skipif(not (CORPUS / "gold").is_dir(),
                                reason="the corpus (../shared/corpus) is absent")


def recomputed() -> dict[str, list[str]]:
    by_form: dict[str, list[str]] = defaultdict(list)
    for path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["id"] == path.stem
        by_form[gold["citation_form"]].append(gold["id"])
    split: dict[str, list[str]] = {"dev": [], "test": []}
    for ids in by_form.values():
        ordered = sorted(ids, key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
        for k, article_id in enumerate(ordered):
            split["dev" if k % 2 == 0 else "test"].append(article_id)
    return split


def declared() -> dict[str, list[str]]:
    data = yaml.safe_load(SPLIT.read_text(encoding="utf-8"))
    return {"dev": data["dev"], "test": data["test"]}


def test_split_file_is_the_stated_rule():
    want, got = recomputed(), declared()
    assert sorted(got["dev"]) == sorted(want["dev"])
    assert sorted(got["test"]) == sorted(want["test"])


def test_split_is_disjoint_and_covers_all_19_articles():
    got = declared()
    every = {p.stem for p in (CORPUS / "gold").glob("*.json")}
    assert len(every) == 19
    assert len(got["dev"]) == len(set(got["dev"]))
    assert len(got["test"]) == len(set(got["test"]))
    assert not set(got["dev"]) & set(got["test"])
    assert set(got["dev"]) | set(got["test"]) == every


def test_every_citation_form_has_a_dev_and_a_test_article():
    split = declared()
    forms = {p.stem: json.loads(p.read_text(encoding="utf-8"))["citation_form"]
             for p in (CORPUS / "gold").glob("*.json")}
    assert {forms[i] for i in split["dev"]} == {forms[i] for i in split["test"]} == set(
        forms.values())
