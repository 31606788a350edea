from litcurate import steps

steps.run(snakemake, steps.extract_studies)
