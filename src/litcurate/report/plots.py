"""The editor's page's plots, as inline SVG drawn by matplotlib.

Text stays text in the SVG (`svg.fonttype: none`), so the browser renders it, Chinese
included, with the page's CJK-capable fonts; IDs are salted and the date left out, so the
same data always gives the same bytes.
"""

from __future__ import annotations

import io
import warnings
from collections import Counter

LEVEL_COLOURS = {"1": "#1a7f37", "2": "#2da44e", "3": "#9a6700", "4": "#cf6a00", "5": "#cf222e",
                 "none": "#8c959f", "unknown": "#d0d7de"}
SEVERITY_COLOURS = {"error": "#cf222e", "warning": "#cf6a00", "info": "#0969da"}


def _pyplot():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.fonttype": "none", "svg.hashsalt": "litcurate", "font.family": "DejaVu Sans",
        "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
    })
    return plt


def _whole_counts(axis) -> None:
    """Counts are whole numbers: no 0.2-reference ticks on a small manuscript's axes."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _svg(fig, plt) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # CJK glyphs: measured with DejaVu, drawn by the browser
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None},
                    bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: it sits inside HTML


def evidence_levels(levels: list[str], designs: list[str]) -> str:
    """References by CEBM level; reviews and guidelines apart, unknown designs apart."""
    plt = _pyplot()
    labels = ["1", "2", "3", "4", "5", "none", "unknown"]
    counts = Counter(
        level if level else ("unknown" if design == "unknown" else "none")
        for level, design in zip(levels, designs, strict=True)
    )
    names = ["1 SR", "2 RCT", "3 trial/cohort", "4 case", "5 lab/opinion", "review/guideline",
             "unknown"]
    fig, ax = plt.subplots(figsize=(6.2, 2.6))
    bars = ax.bar(names, [counts.get(k, 0) for k in labels],
                  color=[LEVEL_COLOURS[k] for k in labels])
    ax.bar_label(bars, padding=2)
    _whole_counts(ax.yaxis)
    ax.set_ylabel("references")
    ax.set_title("Evidence level of the cited works (Oxford CEBM 2011)", loc="left")
    ax.tick_params(axis="x", labelrotation=20)
    return _svg(fig, plt)


def publication_years(years: list[str]) -> str:
    plt = _pyplot()
    counts = Counter(int(y) for y in years if y.isdigit())
    fig, ax = plt.subplots(figsize=(6.2, 2.4))
    if counts:
        span = range(min(counts), max(counts) + 1)
        ax.bar([str(y) for y in span], [counts.get(y, 0) for y in span], color="#0969da")
        ax.tick_params(axis="x", labelrotation=45)
    _whole_counts(ax.yaxis)
    ax.set_ylabel("references")
    ax.set_title("Publication years", loc="left")
    return _svg(fig, plt)


def findings_by_section(rows: list[tuple[str, str]]) -> str:
    """rows: (section, severity) for each finding; the reference list is a section too."""
    plt = _pyplot()
    sections = list(dict.fromkeys(section for section, _ in rows)) or ["(none)"]
    fig, ax = plt.subplots(figsize=(6.2, 1.2 + 0.32 * len(sections)))
    left = [0] * len(sections)
    for severity in ("error", "warning", "info"):
        values = [sum(1 for s, v in rows if s == name and v == severity) for name in sections]
        ax.barh(sections, values, left=left, color=SEVERITY_COLOURS[severity], label=severity)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_yticks(range(len(sections)), [_shorten(s) for s in sections])
    ax.set_xlabel("findings")
    _whole_counts(ax.xaxis)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(sections) < 4 else -0.1),
              ncols=3, frameon=False)
    ax.set_title("Findings by section", loc="left")
    return _svg(fig, plt)


def _shorten(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def citations_per_reference(numbers: list[int], counts: list[int]) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.2, 2.4))
    ax.bar(numbers, counts, color=["#cf222e" if c == 0 else "#0969da" for c in counts],
           width=0.8)
    _whole_counts(ax.xaxis)
    _whole_counts(ax.yaxis)
    ax.set_xlabel("reference number")
    ax.set_ylabel("times cited")
    ax.set_title("Citations per reference (red: never cited)", loc="left")
    ax.margins(x=0.01)
    return _svg(fig, plt)
