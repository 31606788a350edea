# litcurate: verify, export and audit the references of a review manuscript.
# Run `snakemake --cores 2`; see README.md.
import time

from snakemake.settings.types import ExecMode
from snakemake.utils import min_version

from litcurate import settings
from litcurate.report import summary

min_version("9.0")

# a YAML mistake in the config: one line with its line number, before Snakemake reads it
try:
    settings.check_syntax(settings.CONFIG)
except settings.ConfigError as mistake:
    settings.fail(mistake)


configfile: settings.CONFIG


include: "workflow/rules/common.smk"
include: "workflow/rules/references.smk"
include: "workflow/rules/claims.smk"
include: "workflow/rules/export.smk"


rule all:
    default_target: True
    input:
        final_outputs(),


# Every run ends with the summary (counts, and where the editor's page is), a run with
# nothing to do included; a failed run ends with the one line that says what to fix.
RUN_STARTED = time.time()
if workflow.exec_mode == ExecMode.DEFAULT:
    summary.summary_when_nothing_to_do(workflow, MANUSCRIPTS)


onsuccess:
    summary.print_last(summary.terminal_summary(MANUSCRIPTS))


onerror:
    summary.print_last("\n".join(summary.error_lines(RUN_STARTED)))
