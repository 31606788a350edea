# Write the final files of curated/{manuscript}/ (the SPEC's outputs).


rule export_tables:
    input:
        curated="results/{manuscript}/curated.json",
        studies="results/{manuscript}/studies.json",
        audit="results/{manuscript}/audit.json",
    output:
        references=report(
            "curated/{manuscript}/references.csv",
            caption="../report/references.rst",
            category="References",
        ),
        findings=report(
            "curated/{manuscript}/findings.csv",
            caption="../report/findings.rst",
            category="Findings",
        ),
        studies=report(
            "curated/{manuscript}/studies.csv",
            caption="../report/studies.rst",
            category="Studies",
        ),
        claims=report(
            "curated/{manuscript}/claims.csv",
            caption="../report/claims.rst",
            category="Claims",
        ),
    log:
        "logs/{manuscript}/export_tables.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/export_tables.py"


rule export_bibtex:
    input:
        curated="results/{manuscript}/curated.json",
    output:
        bib=report(
            "curated/{manuscript}/references.bib",
            caption="../report/bibtex.rst",
            category="References",
        ),
    log:
        "logs/{manuscript}/export_bibtex.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/export_bibtex.py"


rule export_csl:
    input:
        curated="results/{manuscript}/curated.json",
    output:
        csl=report(
            "curated/{manuscript}/references.json",
            caption="../report/csl.rst",
            category="References",
        ),
    log:
        "logs/{manuscript}/export_csl.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/export_csl.py"


rule export_ris:
    input:
        curated="results/{manuscript}/curated.json",
    output:
        ris=report(
            "curated/{manuscript}/references.ris",
            caption="../report/ris.rst",
            category="References",
        ),
    log:
        "logs/{manuscript}/export_ris.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/export_ris.py"


rule report_html:
    input:
        manuscript="results/{manuscript}/manuscript.json",
        crossref="results/{manuscript}/crossref.json",
        curated="results/{manuscript}/curated.json",
        studies="results/{manuscript}/studies.json",
        audit="results/{manuscript}/audit.json",
    output:
        html=report(
            "curated/{manuscript}/audit.html",
            caption="../report/audit.rst",
            category="Audit",
        ),
    log:
        "logs/{manuscript}/report_html.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/report_html.py"
