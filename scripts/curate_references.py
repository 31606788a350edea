from litcurate import steps

steps.run(snakemake, steps.curate_references)
