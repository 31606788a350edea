"""What the editor's page says first, and how its charts count (issue #18 item 8).

Expected values: the issue ("verified 0 / offline 70" must be said, with the cache's age and
how to refresh; findings before the charts; no 0.2-reference axis ticks; no two-bar
"findings by section" chart) and the README's refresh command.
"""

from __future__ import annotations

import re

from litcurate.report import page as report
from litcurate.report import plots


def page(baseline, resolutions):
    rows = [{**a.row(), "flags": list(a.flags)} for a in baseline["audited"]]
    return report.render(report.context("T", baseline["curated"], list(baseline["findings"]),
                                        baseline["studies"], rows, resolutions=resolutions))


def offline(n, note="cannot connect: ConnectionError", fetched=""):
    return {"n": n, "status": "offline", "note": note, "fetched": fetched}


def test_a_run_that_verified_nothing_says_so_first(baseline):
    html = page(baseline, [offline(n) for n in range(1, 71)])
    banner = html.index('id="unchecked"')
    assert banner < html.index('id="summary"') < html.index('id="findings"')
    assert "Nothing was verified: none of the 70 references was checked" in html
    assert "cannot connect: ConnectionError" in html
    assert "No Crossref answer is cached yet." in html
    assert "snakemake --cores 2 --config refresh=true" in html


def test_the_banner_dates_the_cache_and_counts_the_unchecked(baseline):
    resolutions = [{"n": n, "status": "verified", "note": "",
                    "fetched": f"2026-10-{n:02d}T08:00:00+00:00"} for n in range(1, 21)]
    resolutions += [offline(n) for n in range(21, 71)]
    html = page(baseline, resolutions)
    assert "50 of 70 references were not checked against Crossref." in html
    assert "fetched between 2026-10-01 and 2026-10-20" in html


def test_no_banner_when_everything_was_checked(baseline):
    html = page(baseline, [{"n": n, "status": "verified", "note": "", "fetched": ""}
                           for n in range(1, 71)])
    assert 'id="unchecked"' not in html


def test_findings_come_before_the_charts(baseline):
    html = page(baseline, [])
    assert html.index('id="findings"') < html.index('id="charts"') < html.index("<svg")


def test_two_sections_make_no_findings_by_section_chart(baseline):
    html = page(baseline, [])  # the review's two findings: reference list and one section
    assert "Findings by section" not in html


def tick_labels(svg: str) -> list[str]:
    """The axis tick labels of a matplotlib SVG (text kept as text: svg.fonttype none)."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_small_manuscripts_get_whole_number_axes():
    """A two-reference manuscript: matplotlib's default locator labels 0.0, 0.2, ... 1.0."""
    for svg in (plots.publication_years(["2020", "2021"]),
                plots.evidence_levels(["2", ""], ["rct", "unknown"]),
                plots.citations_per_reference([1, 2], [1, 0])):
        labels = tick_labels(svg)
        assert labels and not [t for t in labels if re.fullmatch(r"\d+\.\d+", t.strip())]
