"""The in-text citation grammar."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litcurate.read import citations


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("…受限[1]-[6]。", [(1, 2, 3, 4, 5, 6)]),
        ("密切相关[7][8]。", [(7, 8)]),
        ("风险[4] [10] [14]。", [(4, 10, 14)]),
        ("异常等[11]-[13] [15]。", [(11, 12, 13, 15)]),
        ("shown [2]–[4] and [9].", [(2, 3, 4), (9,)]),
        ("see [1, 3-5]", [(1, 3, 4, 5)]),
        ("见【1】［2－3］", [(1, 2, 3)]),
        ("[8][15][64]", [(8, 15, 64)]),
        ("跨行 [32]\n[33] [52]", [(32, 33, 52)]),
        ("标题[J]. 期刊 [2026a]", []),
    ],
)
def test_groups_are_found_and_expanded(text, numbers):
    assert [c.numbers for c in citations.find(text)] == numbers


def test_reversed_range_is_kept_and_named():
    (citation,) = citations.find("wrong order [13]-[9].")
    assert citation.numbers == (9, 10, 11, 12, 13)  # the span, still named a problem
    assert citation.problems == ("reversed range 13–9",)


@pytest.mark.parametrize("text, numbers, problem", [
    ("见[2-]。", (2,), "range with no number at its end"),
    ("见[3,]。", (3,), "list with no number at its end"),
    ("see [-4].", (4,), "range with no number at its start"),
])
def test_an_unfinished_citation_is_read_and_named(text, numbers, problem):
    """Issue #18 item 5: `[2-]` and `[3,]` used to vanish (no citation, no finding). The
    numbers expected are the ones written; the problem names what is missing."""
    (citation,) = citations.find(text)
    assert citation.numbers == numbers and citation.problems == (problem,)


def test_absurd_range_is_not_expanded():
    (citation,) = citations.find("[1]-[99999]")
    assert citation.numbers == (1, 99999) and citation.problems


def test_times_cited_of_the_review(review):
    counts = citations.count(citations.citing_texts(review))
    assert set(counts) == set(range(1, 71))
    assert counts[28] == 10 and counts[17] == 4 and counts[70] == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]［］【】0123456789-–,，、 ;x")), max_size=200))
def test_find_never_raises_and_numbers_come_from_the_text(text):
    for citation in citations.find(text):
        assert text[citation.start: citation.end] == citation.raw
        # every number is written in the citation or lies in a range between two written ones
        # (the former `number >= 0` could not fail: the grammar reads digits only)
        written = [int(x) for x in re.findall(r"\d+", citation.raw)]
        for number in citation.numbers:
            assert number in written or min(written) <= number <= max(written)
