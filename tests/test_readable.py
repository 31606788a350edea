"""PDF-conversion markup shown as text in every output (issue #18 item 9).

The inputs are the manuscript's own leftovers (references/manuscript.md: `$\\gamma$` on line
145, `m<sup>2</sup>` on line 135, `mSiO<sub>2</sub>` in a reference title); the expected text
is what a reader of the PDF sees: γ, m², mSiO₂.
"""

from __future__ import annotations

import csv
import io

import pytest

from litcurate.export import tables
from litcurate.text import readable

MARKUP = ("$\\", "<sub>", "</sub>", "<sup>", "</sup>")


@pytest.mark.parametrize("raw, shown", [
    ("在T-ALL中常见， $\\gamma$ -分泌酶抑制剂", "在T-ALL中常见，γ-分泌酶抑制剂"),
    ("阿扎胞苷75 mg/m<sup>2</sup>第1~7天", "阿扎胞苷75 mg/m²第1~7天"),
    ("by mSiO<sub>2</sub>-Au Nanovehicles", "by mSiO₂-Au Nanovehicles"),
    ("IC<sub>50</sub> $\\geq$ 5 nM", "IC₅₀ ≥ 5 nM"),
    ("costs $5 and $6", "costs $5 and $6"),  # money is not math
])
def test_markup_becomes_text(raw, shown):
    assert readable(raw) == shown


def test_no_markup_reaches_claims_csv(baseline):
    rows = [a.row() for a in baseline["audited"]]
    text = tables.claims_csv(rows)
    assert not [m for m in MARKUP if m in text]
    claims = list(csv.DictReader(io.StringIO(text)))
    assert any("γ-分泌酶抑制剂" in c["text"] for c in claims)
    assert any("mg/m²" in c["text"] for c in claims)


def test_no_markup_reaches_the_reference_tables(baseline):
    text = tables.references_csv(baseline["curated"])
    assert not [m for m in MARKUP if m in text]
    assert "mSiO₂-Au Nanovehicles" in text
