from litcurate import steps

steps.run(snakemake, steps.export_csl)
