"""The run's closing lines: counts per manuscript and where its page is.

Read from curated/ with the csv module alone: it runs after every `snakemake`, even one
with nothing to do, so it must cost next to nothing to import.
"""

from __future__ import annotations

import atexit
import csv
import json
import logging
import sys
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
            f"{len(claim_rows)} claims, {flagged} flagged{_form(root, name)}. "
            f"Open {folder / 'audit.html'}")
        lines += _conversion(Path(root) / "results" / name)
    return "\n".join(lines)


# The citation forms as the summary names them (read.citeform.LABELS; not imported: cheap).
FORM_LABELS = {"numeric-brackets": "numeric [1]", "numeric-parentheses": "numeric (1)",
               "numeric-superscript": "numeric superscript", "author-year": "author-year",
               "none": "none found"}


def _form(root: str | Path, name: str) -> str:
    """"; citations: numeric (1)" — the form detected in the manuscript, when results hold it."""
    try:
        data = json.loads((Path(root) / "results" / name / "references.json")
                          .read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    form = data.get("citation_form") if isinstance(data, dict) else None
    return f"; citations: {FORM_LABELS.get(form, form)}" if form else ""


def _conversion(results: Path) -> list[str]:
    """For a Word, PDF or LaTeX manuscript: what reading it involved, and where the text is.

    Tracked changes read as accepted, field codes read, headers dropped: an editor must know
    the text checked is not byte for byte the file sent.
    """
    try:
        data = json.loads((results / "manuscript.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    converted = data.get("converted") or {}
    if converted.get("format", "markdown") == "markdown":
        return []
    notes = "; ".join(converted.get("notes", ()))
    return [f"  read from {converted['format']}{': ' + notes if notes else ''}; the text as "
            f"read is {results / 'manuscript.md'}"]


def error_lines(since: float, root: str | Path = ".") -> list[str]:
    """The one-line errors that this run's failed jobs logged (`ERROR ` lines in logs/)."""
    lines = []
    for log in sorted((Path(root) / "logs").rglob("*.log")):
        if log.stat().st_mtime < since:
            continue  # a job of an earlier run
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("ERROR "):
                lines.append(f"litcurate: error: {line[len('ERROR '):]}")
    return list(dict.fromkeys(lines))


def print_last(text: str) -> None:
    """Print `text` when the process ends, after everything Snakemake prints on its way out."""
    if text:
        atexit.register(print, text, file=sys.stderr)


class _NothingToDo(logging.Handler):
    """Notices Snakemake's "Nothing to be done": a no-op run calls no onsuccess hook."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Nothing to be done"):
            self.seen = True


def summary_when_nothing_to_do(workflow, ids: list[str]) -> None:
    """The README promises a summary after every run; Snakemake calls no onsuccess hook
    when there is nothing to do, so watch its log for that and print the summary at exit."""
    watcher = _NothingToDo()
    logging.getLogger("snakemake.logging").addHandler(watcher)

    def at_exit() -> None:
        if watcher.seen and not workflow.dryrun:
            print(terminal_summary(ids), file=sys.stderr)

    atexit.register(at_exit)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
