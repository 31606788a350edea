from litcurate import steps

steps.run(snakemake, steps.report_html)
