# Studies and claims: what each cited work is, what the text claims of it, and the audit.


rule extract_claims:
    input:
        manuscript="results/{manuscript}/manuscript.json",
        references="results/{manuscript}/references.json",
    output:
        claims="results/{manuscript}/claims.json",
    log:
        "logs/{manuscript}/extract_claims.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/extract_claims.py"


rule extract_studies:
    input:
        curated="results/{manuscript}/curated.json",
        crossref="results/{manuscript}/crossref.json",
        pubmed="results/{manuscript}/pubmed.json",
        claims="results/{manuscript}/claims.json",
        overrides=overrides_file,
    output:
        studies="results/{manuscript}/studies.json",
    log:
        "logs/{manuscript}/extract_studies.log",
    conda:
        "../envs/litcurate.yaml"
    params:
        overrides=overrides_param,
    script:
        "../../scripts/extract_studies.py"


rule audit_claims:
    input:
        manuscript="results/{manuscript}/manuscript.json",
        curated="results/{manuscript}/curated.json",
        claims="results/{manuscript}/claims.json",
        studies="results/{manuscript}/studies.json",
    output:
        audit="results/{manuscript}/audit.json",
    log:
        "logs/{manuscript}/audit_claims.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/audit_claims.py"
