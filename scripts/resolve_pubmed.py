from litcurate import steps

steps.run(snakemake, steps.resolve_pubmed)
