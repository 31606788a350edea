"""One function per pipeline rule: read the rule's inputs, call the library, write its outputs.

The `script:` files only call `run(snakemake, step)`. Each step imports the modules it uses
inside itself, so a job pays only for its own imports (start-up is most of a small job).
Bad input ends the job with one line
naming the file and line, exit code 1; intermediate results go to results/, so a failed
check never reaches curated/.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING

from .errors import InputError
from .fileio import dump_json, load_json, write_text_atomic
from .findings import Finding

if TYPE_CHECKING:
    from .curate import CuratedReference

log = logging.getLogger("litcurate")


def run(smk, step: Callable) -> None:
    """Run `step` for a Snakemake job; a bad input becomes one line and exit code 1."""
    handler = logging.FileHandler(smk.log[0], mode="w", encoding="utf-8") if smk.log else None
    if handler:
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    job = SimpleNamespace(input=smk.input, output=smk.output, params=smk.params,
                          config=smk.config, wildcards=smk.wildcards)
    try:
        step(job)
    except InputError as exc:
        log.error(exc.one_line())
        print(f"litcurate: error: {exc.one_line()}", file=sys.stderr)
        sys.exit(1)
    finally:
        if handler:
            log.removeHandler(handler)
            handler.close()


def check_manuscript(job) -> None:
    """Read and check the manuscript and the editor's overrides before anything else runs.

    Word, PDF and LaTeX are converted to Markdown first (read/formats.py); that text is
    written to results/ID/manuscript.md, the file every finding's line number points into.
    """
    from . import overrides
    from .read import formats

    text, converted = formats.read(job.input.manuscript)
    edits = overrides.load(job.params.overrides, count=len(text.entries))
    log.info("%s: %s; %d sections, %d paragraphs, %d tables, %d reference entries, "
             "%d repairs", text.path, converted.format, len(text.sections),
             len(text.paragraphs), len(text.tables), len(text.entries), len(text.repairs))
    for note in converted.notes:
        log.info("%s", note)
        print(f"litcurate: {text.path}: {note}", file=sys.stderr)
    for repair in text.repairs:
        log.info("repaired %s", repair)
    log.info("%d overrides", len(edits))
    write_text_atomic(job.output.text, converted.markdown)
    dump_json(job.output.manuscript, {**text.to_dict(), "converted": converted.to_dict()})


def parse_references(job) -> None:
    from .lookup import embedded
    from .read import citations, citeform, manuscript
    from .refs import citekeys, references

    data = load_json(job.input.manuscript)
    text = manuscript.Manuscript.from_dict(data)
    converted = data.get("converted", {})
    refs, found = embedded.apply(references.parse_all(text.entries), converted.get("items", []))
    found += [Finding.from_dict(f) for f in converted.get("problems", [])]
    reader = citeform.reader_for(text, citekeys.keys(refs))
    counts = reader.cited(citations.citing_texts(text))
    log.info("citation form: %s", citeform.LABELS[reader.form])
    log.info("%d references: %s; styles %s", len(refs), dict(Counter(r.reading for r in refs)),
             dict(Counter(r.style for r in refs)))
    dump_json(job.output.references, {
        "references": [r.to_dict() for r in refs],
        "list_problems": list(text.list_problems),
        "citation_form": reader.form,
        "times_cited": {str(k): v for k, v in sorted(counts.items())},
        "findings": [f.to_dict() for f in found],
    })


def resolve_crossref(job) -> None:
    """One job for every manuscript, so that one pacer keeps the whole run's budget."""
    from .lookup import crossref, resolve
    from .refs import references
    from .settings import as_bool

    settings = job.config.get("crossref", {})
    client = crossref.Client(
        crossref.Cache(job.params.cache),
        mailto=settings.get("mailto", ""),
        max_age_days=float(settings.get("max_age_days", 30)),
        refresh=as_bool(job.config.get("refresh", False)),
        workers=int(settings.get("workers", 3)),
    )
    progress = log.handlers[0].stream if log.handlers else None
    for source, target in zip(job.input.references, job.output.resolutions, strict=True):
        refs = [references.Reference.from_dict(r) for r in load_json(source)["references"]]
        results = resolve.resolve_all(client, refs, label=source, progress=progress)
        dump_json(target, {"resolutions": [r.to_dict() for r in results]})
        line = resolve.summary(results, client)
        log.info("%s: %s", source, line)
        print(f"litcurate: {source}: {line}", file=sys.stderr)


def resolve_pubmed(job) -> None:
    """One job for every manuscript, so that one pacer keeps NCBI's budget for the run."""
    from .lookup import pubmed, pubmed_resolve
    from .refs import references
    from .settings import as_bool

    settings = job.config.get("pubmed", {}) or {}
    client = pubmed.Client(
        pubmed.Cache(job.params.cache),
        email=(job.config.get("crossref", {}) or {}).get("mailto", ""),
        max_age_days=float(settings.get("max_age_days", 30)),
        refresh=as_bool(job.config.get("refresh", False)),
    )
    for source, crossref, target in zip(job.input.references, job.input.crossref,
                                        job.output.resolutions, strict=True):
        refs = [references.Reference.from_dict(r) for r in load_json(source)["references"]]
        dois = {r["n"]: r["doi"] for r in load_json(crossref)["resolutions"]
                if r.get("doi") and r.get("status") in ("verified", "mismatch", "matched")}
        results = pubmed_resolve.resolve_all(client, refs, dois)
        dump_json(target, {"resolutions": [r.to_dict() for r in results]})
        line = pubmed_resolve.summary(results, client)
        log.info("%s: %s", source, line)
        print(f"litcurate: {source}: {line}", file=sys.stderr)


def _pubmed_records(path) -> dict[int, dict]:
    """n → the PubMed record (a dict) of each reference found there."""
    return {r["n"]: r["record"] for r in load_json(path)["resolutions"] if r.get("record")}


def curate_references(job) -> None:
    from . import curate, keys, overrides
    from .lookup import pubmed_findings, resolve, verify
    from .refs import references

    data = load_json(job.input.references)
    refs = [references.Reference.from_dict(r) for r in data["references"]]
    edits = overrides.load(job.params.overrides, count=len(refs))
    previous = keys.read_previous(job.params.previous)
    counts = {int(k): v for k, v in data["times_cited"].items()}
    resolutions = [resolve.Resolution.from_dict(r)
                   for r in load_json(job.input.crossref)["resolutions"]]
    values = {r.n: verify.record_values(r.record) for r in resolutions if r.record}
    statuses = {r.n: r.status for r in resolutions}
    records = _pubmed_records(job.input.pubmed)
    curated, found = curate.curate(refs, edits, previous, counts, values, statuses)
    curated = pubmed_findings.with_identifiers(curated, records, edits)
    found += curate.list_findings(data.get("list_problems", ()))
    found += [Finding.from_dict(f) for f in data.get("findings", ())]
    found += resolve.findings(resolutions)
    found += pubmed_findings.notices(records, {r.n: r.record for r in resolutions if r.record})
    log.info("%d references curated, %d findings", len(curated), len(found))
    dump_json(job.output.curated, {
        "references": [c.to_dict() for c in curated],
        "findings": [f.to_dict() for f in found],
    })


def _load_curated(path) -> tuple[list[CuratedReference], list[Finding]]:
    from . import curate

    data = load_json(path)
    return ([curate.CuratedReference.from_dict(r) for r in data["references"]],
            [Finding.from_dict(f) for f in data["findings"]])


def _load_claims(path) -> list:
    from .read.claims import Claim

    return [Claim.from_dict(c) for c in load_json(path)["claims"]]


def _load_studies(path) -> list:
    from .evidence.studies import Study

    return [Study.from_dict(s) for s in load_json(path)["studies"]]


def _load_audited(job) -> tuple[list, list[Finding], list, list[dict]]:
    """What the final files show: references, every finding, studies, audited claim rows."""
    curated, found = _load_curated(job.input.curated)
    audited = load_json(job.input.audit)
    found += [Finding.from_dict(f) for f in audited["findings"]]
    return curated, found, _load_studies(job.input.studies), audited["claims"]


def export_bibtex(job) -> None:
    from .export import bibtex

    curated, _ = _load_curated(job.input.curated)
    write_text_atomic(job.output.bib, bibtex.dumps(curated))
    log.info("%d BibTeX entries written to %s", len(curated), job.output.bib)


def extract_claims(job) -> None:
    from .read import citeform, claims, manuscript
    from .refs import citekeys, references

    text = manuscript.Manuscript.from_dict(load_json(job.input.manuscript))
    data = load_json(job.input.references)
    refs = [references.Reference.from_dict(r) for r in data["references"]]
    reader = citeform.Reader(data.get("citation_form", citeform.BRACKETS), len(refs),
                             citekeys.keys(refs))
    found = claims.extract(text, reader)
    log.info("%d claims: %s", len(found), dict(Counter(c.strength for c in found)))
    dump_json(job.output.claims, {"claims": [c.to_dict() for c in found]})


def extract_studies(job) -> None:
    from . import overrides
    from .evidence import studies

    curated, _ = _load_curated(job.input.curated)
    found_claims = _load_claims(job.input.claims)
    records = {r["n"]: r["record"] for r in load_json(job.input.crossref)["resolutions"]
               if r.get("record")}
    edits = overrides.load(job.params.overrides, count=len(curated))
    found = studies.extract_all(curated, records, found_claims, edits,
                                _pubmed_records(job.input.pubmed))
    log.info("%d studies: %s", len(found), dict(Counter(s.design for s in found)))
    dump_json(job.output.studies, {"studies": [s.to_dict() for s in found]})


def audit_claims(job) -> None:
    from .audit import checks as audit
    from .read import manuscript

    text = manuscript.Manuscript.from_dict(load_json(job.input.manuscript))
    curated, _ = _load_curated(job.input.curated)
    audited, found = audit.check(text, _load_claims(job.input.claims),
                                 _load_studies(job.input.studies), curated)
    log.info("%d claims audited, findings: %s", len(audited),
             dict(Counter(f.code for f in found)))
    for item in found:
        log.info("%s %s", item.code, item.message)
    dump_json(job.output.audit, {"claims": [a.row() for a in audited],
                                 "findings": [f.to_dict() for f in found]})


def export_tables(job) -> None:
    from .export import tables

    curated, found, found_studies, claim_rows = _load_audited(job)
    write_text_atomic(job.output.references, tables.references_csv(curated))
    write_text_atomic(job.output.findings, tables.findings_csv(found))
    write_text_atomic(job.output.studies, tables.studies_csv(found_studies))
    write_text_atomic(job.output.claims, tables.claims_csv(claim_rows))
    log.info("%d references, %d studies, %d claims, %d findings written", len(curated),
             len(found_studies), len(claim_rows), len(found))


def export_csl(job) -> None:
    from .export import csl

    curated, _ = _load_curated(job.input.curated)
    write_text_atomic(job.output.csl, csl.dumps(curated))
    log.info("%d CSL-JSON items written to %s", len(curated), job.output.csl)


def export_ris(job) -> None:
    from .export import ris

    curated, _ = _load_curated(job.input.curated)
    write_text_atomic(job.output.ris, ris.dumps(curated))
    log.info("%d RIS records written to %s", len(curated), job.output.ris)


def report_html(job) -> None:
    import os

    from .report import page as report

    data = load_json(job.input.manuscript)
    resolutions = load_json(job.input.crossref)["resolutions"]
    converted = data.get("converted", {}).get("format", "markdown") != "markdown"
    text = os.path.join(os.path.dirname(job.input.manuscript), "manuscript.md")
    link = os.path.relpath(text, os.path.dirname(job.output.html)) if converted else ""
    page = report.render(report.context(data["title"], *_load_audited(job),
                                        resolutions=resolutions, text_link=link))
    write_text_atomic(job.output.html, page)
    log.info("%s written (%d bytes)", job.output.html, len(page.encode("utf-8")))
