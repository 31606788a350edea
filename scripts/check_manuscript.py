from litcurate import steps

steps.run(snakemake, steps.check_manuscript)
