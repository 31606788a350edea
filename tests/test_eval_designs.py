"""The design rules measured on real PubMed records (issue 16), and the lexicon's generality.

Replaces the hand labels of the bundled review (written with the cues, they could not
measure them): the truth here is what NLM's indexers assigned (publication types, MeSH),
hidden from the rule, which reads the title and abstract alone.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
from pathlib import Path

import pytest
import yaml

from litcurate import lexicon

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / ".." / "shared" / "api-samples" / "pubmed"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no ../shared/api-samples")


def _eval():
    spec = importlib.util.spec_from_file_location("eval_designs", ROOT / "scripts" /
                                                  "eval_designs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_samples
def test_the_split_follows_its_rule():
    """Recomputed from the records: SHA-256 of the PMID, alternating tune, held."""
    split = yaml.safe_load((ROOT / "eval" / "pubmed-split.yaml").read_text(encoding="utf-8"))
    pmids = sorted(_eval().records(SAMPLES), key=lambda p: hashlib.sha256(p.encode()).hexdigest())
    assert sorted(map(str, split["tune"])) == sorted(pmids[0::2])
    assert sorted(map(str, split["held"])) == sorted(pmids[1::2])


@needs_samples
@pytest.mark.parametrize("part, wrong", [("tune", 0), ("held", 0)])
def test_title_and_abstract_agree_with_the_indexers(part, wrong):
    """≥ 90% agreement where both the indexers and the text name a design; strong classes
    never confused. (The held part's one confusion at its first measurement, PMID 39302109,
    a review whose abstract discusses phase 3 trials, led to the `self_described` cues: the
    held figure is no longer untouched since; see the issue-16 note.)"""
    result = _eval().measure(part, SAMPLES)
    assert result["text_decides"] >= 20
    assert result["agreement_where_both_say"] >= 0.9, result["disagreeing"]
    assert result["strong_class_contradictions"] <= wrong, result["contradicting"]


def _bundled_titles() -> list[str]:
    path = next((ROOT / "curated").glob("*/references.csv"))
    with path.open(encoding="utf-8") as handle:
        return [row["title"] for row in csv.DictReader(handle)]


@needs_samples
def test_no_design_cue_exists_for_one_title():
    """A cue matching exactly one title of the bundled review and nothing in the real PubMed
    records (titles and abstracts) was fitted to that title."""
    records = list(_eval().records(SAMPLES).values())
    titles = _bundled_titles()
    fitted = []
    data = lexicon.load("studies")
    groups = [(design, strength, patterns) for design, cues in data["designs"].items()
              for strength, patterns in cues.items()]
    groups += [(design, "self", patterns) for design, patterns in data["self_described"].items()]
    for design, strength, patterns in groups:
        for pattern in patterns:
            cue = lexicon.compile_cue(str(pattern))
            in_titles = sum(1 for t in titles if cue.search(t))
            in_records = any(cue.search(r.title) or cue.search(r.abstract) for r in records)
            if in_titles == 1 and not in_records:
                fitted.append(f"{design}/{strength}: {pattern}")
    assert fitted == []


@pytest.mark.parametrize("cue", ["consensus-based", "determinants of", "landscape", "emerging",
                                 "when and how", "nanovehicle", "synergi", "{0,8}patient"])
def test_the_cues_named_in_issue_16_are_gone(cue):
    text = (ROOT / "src" / "litcurate" / "data" / "studies.yaml").read_text(encoding="utf-8")
    designs = text.split("\ndesigns:")[1].split("\nreview_journals:")[0]
    assert f"- {cue}" not in designs and cue not in designs.replace("# ", "#")


def test_a_genomic_landscape_is_not_a_review():
    """Issue 16: "The genomic landscape of … T-ALL" (Nature Genetics) is no review."""
    from litcurate.evidence import studies

    design, _ = studies.design_from_text("The genetic landscape of early T-cell precursor "
                                         "acute lymphoblastic leukemia")
    assert design != "review"
