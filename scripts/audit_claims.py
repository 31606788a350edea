from litcurate import steps

steps.run(snakemake, steps.audit_claims)
