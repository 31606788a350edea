"""The planted-error harness (scripts/plant_errors.py) on a set written here: an error it must
count as caught, a harmless edit it must count as clean, and an edit whose true consequence
(a reference it stops citing) must not count against the audit."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _harness():
    spec = importlib.util.spec_from_file_location("plant_errors",
                                                  ROOT / "scripts" / "plant_errors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLANTED = {"planted": [
    # the CD5 CAR-T table row made to cite the CD7 paper [40]
    {"id": "cd5-cites-cd7", "file": "review", "old": "CD5 CAR-T [28]\tR/R T-ALL",
     "new": "CD5 CAR-T [40]\tR/R T-ALL", "expect": ["citation_topic_mismatch"],
     "claim": "CD5 CAR-T [40]"},
    # Tofacitinib before 等 is a drug, not an author
    {"id": "drug-before-deng", "file": "review",
     "old": "部分研究也在探索", "new": "部分研究也在探索 Tofacitinib 等药物以及", "expect": []},
]}


def test_an_error_is_caught_and_a_harmless_edit_is_clean(tmp_path, capsys):
    source = tmp_path / "planted.yaml"
    source.write_text(yaml.safe_dump(PLANTED, allow_unicode=True), encoding="utf-8")
    harness = _harness()
    assert harness.measure("all", False, source) == 0
    out = capsys.readouterr().out
    assert "caught  cd5-cites-cd7" in out
    assert "clean   drug-before-deng" in out
    assert "errors caught on the right claim: 1/1" in out
    assert "harmless edits with no finding: 1/1" in out


def test_numbers_of_a_range_are_written_out():
    assert _harness()._numbers("validated [24, 26–31].") == {
        "24", "26", "27", "28", "29", "30", "31"}
