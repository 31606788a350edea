from __future__ import annotations

from pathlib import Path

import pytest

from litcurate import manuscript, references

ROOT = Path(__file__).resolve().parents[1]
MANUSCRIPT = ROOT / "references" / "manuscript.md"


@pytest.fixture(scope="session")
def review() -> manuscript.Manuscript:
    return manuscript.read(MANUSCRIPT, "references/manuscript.md")


@pytest.fixture(scope="session")
def refs(review) -> dict[int, references.Reference]:
    return {r.n: r for r in references.parse_all(review.entries)}
