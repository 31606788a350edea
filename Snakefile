# litcurate: verify, export and audit the references of a review manuscript.
# Run `snakemake --cores 2`; see README.md.
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
