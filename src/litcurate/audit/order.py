"""The longest run of a sequence that is already in order.

Both order checks (numbered references first cited out of order, an author–year list out of
alphabetical order) report only what lies off this run: one reference cited early is one
finding, not a finding for every reference after it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


def longest_ordered(values: list, strict: bool = True) -> list[int]:
    """Indexes of one longest increasing run (non-decreasing when not strict), in order:
    patience sorting, O(n log n)."""
    place = bisect_left if strict else bisect_right
    tails: list = []
    tail_at: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        pos = place(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[pos] = value
            tail_at[pos] = i
        parent[i] = tail_at[pos - 1] if pos else -1
    run, i = [], tail_at[-1] if tail_at else -1
    while i >= 0:
        run.append(i)
        i = parent[i]
    return run[::-1]
