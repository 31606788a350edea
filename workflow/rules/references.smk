# Read and check the manuscript, parse its references, merge the editor's overrides.
# Intermediate results go to results/ (git-ignored); only the export rules write curated/.


rule check_manuscript:
    input:
        manuscript=manuscript_file,
        overrides=overrides_file,
        bibliography=bibliography_files,
    output:
        manuscript="results/{manuscript}/manuscript.json",
        # the text as read (a Word, PDF or LaTeX file converted): findings' lines point here
        text="results/{manuscript}/manuscript.md",
    log:
        "logs/{manuscript}/check_manuscript.log",
    conda:
        "../envs/litcurate.yaml"
    params:
        overrides=overrides_param,
    script:
        "../../scripts/check_manuscript.py"


rule parse_references:
    input:
        manuscript="results/{manuscript}/manuscript.json",
    output:
        references="results/{manuscript}/references.json",
    log:
        "logs/{manuscript}/parse_references.log",
    conda:
        "../envs/litcurate.yaml"
    script:
        "../../scripts/parse_references.py"


rule resolve_crossref:
    # One job for all manuscripts: one client, one pacer, one Crossref budget for the run.
    # The only rule that uses the network; a cluster runs it on the submitting host.
    input:
        references=expand(
            "results/{manuscript}/references.json", manuscript=MANUSCRIPTS
        ),
        # renewed by `--config refresh=true`: a refresh reruns this job, later runs do not
        refresh=REFRESH_MARKER,
    output:
        resolutions=expand("results/{manuscript}/crossref.json", manuscript=MANUSCRIPTS),
    log:
        "logs/resolve_crossref.log",
    localrule: True
    conda:
        "../envs/litcurate.yaml"
    params:
        cache=config["crossref"].get("cache", "references/crossref"),
    script:
        "../../scripts/resolve_crossref.py"


rule resolve_pubmed:
    # One job for all manuscripts: one client, one pacer, one NCBI budget (3 requests/s,
    # 10 with NCBI_API_KEY). After Crossref, whose search may have found a missing DOI.
    input:
        references=expand(
            "results/{manuscript}/references.json", manuscript=MANUSCRIPTS
        ),
        crossref=expand("results/{manuscript}/crossref.json", manuscript=MANUSCRIPTS),
        refresh=REFRESH_MARKER,
    output:
        resolutions=expand("results/{manuscript}/pubmed.json", manuscript=MANUSCRIPTS),
    log:
        "logs/resolve_pubmed.log",
    localrule: True
    conda:
        "../envs/litcurate.yaml"
    params:
        cache=config.get("pubmed", {}).get("cache", "references/pubmed"),
    script:
        "../../scripts/resolve_pubmed.py"


rule curate_references:
    input:
        references="results/{manuscript}/references.json",
        crossref="results/{manuscript}/crossref.json",
        pubmed="results/{manuscript}/pubmed.json",
        overrides=overrides_file,
    output:
        curated="results/{manuscript}/curated.json",
    log:
        "logs/{manuscript}/curate_references.log",
    conda:
        "../envs/litcurate.yaml"
    params:
        overrides=overrides_param,
        # keys already written are read back so that they never change (not an input:
        # it is this workflow's own output, read before it is rewritten)
        previous=lambda wildcards: f"curated/{wildcards.manuscript}/references.csv",
    script:
        "../../scripts/curate_references.py"
