"""The editor's page (audit.html).

One self-contained file: CSS, JavaScript and SVG inline, nothing fetched. Every text from
the manuscript, Crossref or an override goes through Jinja's autoescaping, and the only
markup added to such text (citation highlights) is built from escaped pieces.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from markupsafe import Markup, escape

from .. import __version__
from ..curate import CuratedReference
from ..evidence.studies import Study
from ..findings import Finding, sort_key
from ..read import citations
from ..text import readable
from . import plots

# What each finding means and what to do about it, for the editor reading the page.
HELP = {
    "doi_missing": "The entry has no DOI. Add it if the work has one, so readers can find it.",
    "doi_malformed": "The DOI is not of DOI syntax (10.prefix/suffix). Correct it.",
    "doi_unresolved": "The DOI is registered with no agency; a search found the work cited. "
                      "Correct the DOI to the one suggested.",
    "doi_points_elsewhere": "The DOI belongs to another work (its title and authors differ); "
                            "a search found the work cited. Correct the DOI to the one "
                            "suggested.",
    "doi_other_agency": "The DOI is registered with another agency (DataCite, mEDRA, JaLC …), "
                        "not Crossref: no error, but its fields were not checked here.",
    "reference_not_found": "No record agrees with this reference. Check it by hand: it may "
                           "not exist (a real DOI with an invented title is the usual sign).",
    "metadata_mismatch": "A field differs from the Crossref record. Check which is right; an "
                         "override in references/overrides.yaml settles it.",
    "retracted": "Crossref lists a retraction. Do not cite retracted work as evidence.",
    "withdrawn": "Crossref lists a withdrawal or removal. Do not cite it as evidence.",
    "expression_of_concern": "The publisher has raised an expression of concern. Cite it with "
                             "caution, or cite other evidence.",
    "corrected": "Crossref lists a correction. Check the corrected version still says this.",
    "new_version": "A new version of the work exists. Check the version cited is the one "
                   "meant.",
    "preprint_published": "The cited preprint has been published. Cite the published "
                          "version, and check it still says this.",
    "duplicate_reference": "Two entries are the same work. Merge them and renumber.",
    "reference_unparsed": "The entry could not be read. Rewrite it in the journal's style.",
    "reference_uncertain": "The entry was read with low confidence, so its fields were not "
                           "checked. Compare it with the journal's style.",
    "reference_numbering": "The list's numbers skip or repeat. Renumber the list.",
    "check_skipped": "A check was not run because its input could not be read here; the "
                     "message says which and why.",
    "uncited_reference": "The text never cites this reference. Cite it or remove it.",
    "citation_out_of_range": "The citation points past the reference list. Correct it.",
    "citation_malformed": "The citation cannot be read as written (e.g. a reversed range).",
    "citation_order": "References should be first cited in numeric order. Renumber.",
    "citation_unmatched": "No entry of the list has this citation's first author and year. "
                          "Add the entry or correct the citation.",
    "citation_ambiguous": "Several entries have this first author and year. Add year "
                          "suffixes (2020a, 2020b) to the entries and the citations.",
    "citation_year_mismatch": "The year the text gives to these authors' work is not the year "
                              "of their entry. Correct the text or the list.",
    "reference_order": "An author–year list is read in alphabetical order of first author. "
                       "Move the entry to its place.",
    "overstated_claim": "The wording asserts more than the cited evidence can carry. Hedge "
                        "it or cite stronger evidence.",
    "entity_mismatch": "The claim names a trial that another reference reports. Check the "
                       "citation.",
    "entity_unverified": "The claim names a trial no reference's metadata names. Check by "
                         "hand that the cited work is that trial.",
    "author_mismatch": "The claim names an author who wrote none of the cited works. Check "
                       "the citation or the name.",
    "numeric_inconsistency": "Numbers in the claim contradict each other or the cited study. "
                             "Check them against the source.",
    "citation_topic_mismatch": "The claim is about a drug or therapy that no cited work names "
                               "but another reference does. Check the citation.",
    "phase_mismatch": "The claim gives a trial phase that the cited work's title or abstract "
                      "contradicts.",
    "population_mismatch": "The claim speaks of other patients (children or adults) than the "
                           "cited work's title or abstract.",
    "setting_mismatch": "The claim speaks of another disease setting (newly diagnosed or "
                        "relapsed) than the cited work's title or abstract.",
    "reference_manager_mismatch": "The author's reference manager (a field code in the Word "
                                  "file) and the typed list disagree. Correct whichever is "
                                  "wrong.",
    "citation_key_missing": "The LaTeX text cites a key the .bib does not hold. Add the "
                            "entry or correct the key.",
}
SEVERITIES = ("error", "warning", "info")
STATUSES = ("verified", "matched", "mismatch", "doi_points_elsewhere", "unresolved",
            "not_found", "other_agency", "lookup_failed", "offline")
# What each status means, for the page's legend (README and docs/contract.md say the same).
STATUS_HELP = {
    "verified": "the DOI's Crossref record agrees",
    "matched": "no DOI (or an entry read with low confidence): a record that agrees was found",
    "mismatch": "the record differs in a field: see the findings",
    "doi_points_elsewhere": "the DOI is another work; a search found the one cited",
    "unresolved": "the DOI is registered nowhere; a search found the work cited",
    "not_found": "nothing agrees: check by hand, this reference may not exist",
    "other_agency": "the DOI is registered with DataCite, mEDRA, JaLC …: not checked here",
    "lookup_failed": "asked, but no usable answer came: not checked",
    "offline": "never asked (no network, or LITCURATE_OFFLINE=1): not checked",
}


def highlight(text: str, cited: tuple[dict, ...] | list[dict] = ()) -> Markup:
    """The text escaped, with each citation wrapped in a highlight.

    `cited` are the claim's citations as read (`{"raw": …}`), whatever the form; a claim in
    a bracketed manuscript (and text with none given) is highlighted by the bracket grammar.
    """
    spans = _spans(text, cited) if cited and not _bracketed(cited) else [
        (m.start(), m.end()) for m in citations.GROUP.finditer(text)]
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(str(escape(text[last:start])))
        parts.append(f'<span class="cite">{escape(text[start:end])}</span>')
        last = end
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


def _bracketed(cited) -> bool:
    return all(citations.GROUP.fullmatch(c.get("raw", "")) for c in cited)


def _spans(text: str, cited) -> list[tuple[int, int]]:
    """Where each citation's raw text stands, in order, never overlapping."""
    spans, position = [], 0
    for citation in cited:
        raw = readable(citation.get("raw", ""))  # as the claim's text shows it (tags dropped)
        at = text.find(raw, position) if raw else -1
        if at >= 0:
            spans.append((at, at + len(raw)))
            position = at + len(raw)
    return spans


REFRESH_COMMAND = "snakemake --cores 2 --config refresh=true"
MIN_SECTIONS_TO_PLOT = 3  # findings in one or two sections: the list says it, a chart does not


def unchecked(resolutions: list[dict] | None, total: int) -> dict | None:
    """What the banner says when references went unchecked (status `offline`): how many, why,
    how old the cache is, how to refresh. None when every reference was checked.

    Dates, not ages: the page must be the same bytes on a rerun with nothing changed.
    """
    if not resolutions:
        return None
    offline = [r for r in resolutions if r["status"] in ("offline", "lookup_failed")]
    if not offline:
        return None
    failed = [r for r in offline if r["status"] == "lookup_failed"]
    fetched = sorted(r["fetched"][:10] for r in resolutions if r.get("fetched"))
    return {
        "offline": len(offline),
        "total": total,
        "nothing_verified": len(offline) == total,
        "reasons": sorted({r["note"] for r in offline
                           if r.get("note") and r["status"] == "offline"}),
        "failed": len(failed),
        "failed_reasons": sorted({r["note"] for r in failed if r.get("note")}),
        "oldest": fetched[0] if fetched else "",
        "newest": fetched[-1] if fetched else "",
        "command": REFRESH_COMMAND,
    }


def context(title: str, refs: list[CuratedReference], found: list[Finding],
            found_studies: list[Study], claim_rows: list[dict],
            resolutions: list[dict] | None = None, text_link: str = "") -> dict:
    """Everything the page shows. `resolutions` (crossref.json) feed the offline banner.

    `text_link`: where the text as read is (results/ID/manuscript.md, relative to the page)
    when the manuscript was converted from Word, PDF or LaTeX: each finding's line number
    then links to it, since the line numbers count its lines, not the original file's.
    """
    by_n = {r.n: r for r in refs}
    claims_by_id = {c["claim_id"]: c for c in claim_rows}
    findings = []
    for item in sorted(found, key=sort_key):
        claim = claims_by_id.get(item.claim_id)
        involved = sorted({item.n} if item.n else set(claim["cited"]) if claim else set())
        findings.append({
            **item.to_dict(),
            "section": claim["section"] if claim else "Reference list",
            "line": claim["line"] if claim else (by_n[item.n].line if item.n in by_n else ""),
            "claim_html": highlight(claim["text"], claim.get("citations", ())) if claim else "",
            "refs": [(n, by_n[n].title if n in by_n else "(not in the list)")
                     for n in involved],
            "help": HELP.get(item.code, ""),
        })
    differences: dict[int, list[str]] = {}
    for item in found:
        if item.n and item.code == "metadata_mismatch":
            differences.setdefault(item.n, []).append(item.message)
    studies_by_n = {s.n: s for s in found_studies}
    severity_counts = Counter(f.severity for f in found)
    status_counts = Counter(r.status for r in refs)
    strength_counts = Counter(c["strength"] for c in claim_rows)
    level_counts = Counter(s.cebm_level or ("unknown" if s.design == "unknown" else "none")
                           for s in found_studies)
    flagged = sum(1 for c in claim_rows if c["flags"])
    section_rows = [(f["section"], f["severity"]) for f in findings]
    return {
        "unchecked": unchecked(resolutions, len(refs)),
        "title": title,
        "text_link": text_link,
        "version": __version__,
        "status_help": STATUS_HELP,
        "refs": refs,
        "differences": differences,
        "findings": findings,
        "studies": found_studies,
        "studies_by_n": studies_by_n,
        "claims": [{**c, "html": highlight(c["text"], c.get("citations", ())),
                    "context_html": highlight(" ".join(c["context"]))} for c in claim_rows],
        "severity_counts": [(s, severity_counts.get(s, 0)) for s in SEVERITIES],
        "status_counts": [(s, status_counts.get(s, 0)) for s in STATUSES
                          if status_counts.get(s, 0) or s in ("verified", "offline")],
        "strength_counts": [(s, strength_counts.get(s, 0))
                            for s in ("assertive", "hedged", "neutral")],
        "level_counts": [(k, level_counts.get(k, 0))
                         for k in ("1", "2", "3", "4", "5", "none", "unknown")],
        "flagged_claims": flagged,
        "plots": {
            "levels": Markup(plots.evidence_levels([s.cebm_level for s in found_studies],
                                                   [s.design for s in found_studies])),
            "years": Markup(plots.publication_years([r.year for r in refs])),
            "sections": (Markup(plots.findings_by_section(section_rows))
                         if len({s for s, _ in section_rows}) >= MIN_SECTIONS_TO_PLOT else ""),
            "citations": Markup(plots.citations_per_reference(
                [r.n for r in refs], [r.times_cited for r in refs])),
        },
    }


def render(data: dict) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("litcurate", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["doi_url"] = lambda doi: "https://doi.org/" + quote(doi, safe="/:;()[]")
    return env.get_template("audit.html.j2").render(**data)
