# Helpers shared by the rules: the validated config and the files each manuscript needs.
import sys
from pathlib import Path

from snakemake.settings.types import ExecMode
from snakemake.utils import validate

from litcurate import settings

# mistakes as one line naming config/config.yaml, the key and its line, then the defaults
try:
    settings.check(
        config, Path(workflow.basedir) / "workflow/schemas/config.schema.yaml"
    )
except settings.ConfigError as mistake:
    settings.fail(mistake)
validate(config, "../schemas/config.schema.yaml")

try:
    config["refresh"] = settings.as_bool(config.get("refresh", False))
except ValueError as problem:
    settings.fail(settings.ConfigError(settings.CONFIG, None, f"refresh: {problem}"))

# `--config refresh=true` renews this file, an input of resolve_crossref (see settings.py);
# only the main snakemake process of a real run does, never a dry run or a cluster job.
REFRESH_MARKER = "results/crossref-refresh.txt"
settings.request_refresh(
    REFRESH_MARKER,
    config["refresh"],
    writes=workflow.exec_mode == ExecMode.DEFAULT and not settings.dry_run(sys.argv),
)


wildcard_constraints:
    manuscript="[A-Za-z0-9][A-Za-z0-9_.-]*",


def manuscript_settings(manuscript):
    """The config entry of one manuscript, in its mapping form."""
    entry = config["manuscripts"][manuscript]
    return {"manuscript": entry} if isinstance(entry, str) else entry


def manuscript_file(wildcards):
    return manuscript_settings(wildcards.manuscript)["manuscript"]


def bibliography_files(wildcards):
    """A LaTeX manuscript's .bib files, so that editing one reruns the pipeline."""
    from litcurate.read import latex

    path = manuscript_file(wildcards)
    return latex.bib_files(path) if str(path).lower().endswith(".tex") else []


def overrides_file(wildcards):
    """The editor's overrides, when the config names them (settings.check: the file exists)."""
    return manuscript_settings(wildcards.manuscript).get("overrides", "") or []


def overrides_param(wildcards):
    return overrides_file(wildcards) or ""


MANUSCRIPTS = sorted(config["manuscripts"])
CURATED_FILES = [
    "references.csv",
    "findings.csv",
    "references.bib",
    "studies.csv",
    "claims.csv",
    "references.json",
    "references.ris",
    "audit.html",
]


def final_outputs():
    return expand(
        "curated/{manuscript}/{name}",
        manuscript=MANUSCRIPTS,
        name=CURATED_FILES,
    )
