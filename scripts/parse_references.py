from litcurate import steps

steps.run(snakemake, steps.parse_references)
