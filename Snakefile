# litcurate: verify, export and audit the references of a review manuscript.
# Run `snakemake --cores 2`; see README.md.
import sys

from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/references.smk"
include: "workflow/rules/claims.smk"
include: "workflow/rules/export.smk"


rule all:
    input:
        final_outputs(),
    default_target: True


onsuccess:
    # the closing summary: counts per manuscript and where the editor's page is
    try:
        from litcurate.summary import terminal_summary
    except ImportError:  # a --use-conda run whose own Python lacks litcurate
        terminal_summary = None
    if terminal_summary:
        print(terminal_summary(MANUSCRIPTS), file=sys.stderr)
