"""The run's closing lines: counts per manuscript and where its page is.

Read from curated/ with the csv module alone: it runs after every `snakemake`, even one
with nothing to do, so it must cost next to nothing to import.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path


def terminal_summary(ids: list[str], root: str | Path = ".") -> str:
    """A few lines for the end of a run: counts, and where the page is."""
    lines = []
    for name in ids:
        folder = Path(root) / "curated" / name
        try:
            refs = _rows(folder / "references.csv")
            found = _rows(folder / "findings.csv")
            claim_rows = _rows(folder / "claims.csv")
        except FileNotFoundError:
            continue
        statuses = Counter(r["status"] for r in refs)
        severities = Counter(f["severity"] for f in found)
        flagged = sum(1 for c in claim_rows if c["flags"])
        lines.append(
            f"litcurate: {name}: {len(refs)} references ("
            + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) + "); "
            f"{len(found)} findings ({_count(severities['error'], 'error')}, "
            f"{_count(severities['warning'], 'warning')}, {severities['info']} info); "
            f"{len(claim_rows)} claims, {flagged} flagged. Open {folder / 'audit.html'}")
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
