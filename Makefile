# `make run`: set up .venv and run the pipeline on the bundled manuscript.
# `make test`: set up .venv, then lint and the whole test suite (Python 3.11 or newer).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORES ?= 2

# The browser test needs Debian's Chromium and ChromeDriver, and CJK fonts to render Chinese.
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-cjk
TEX_PACKAGES := texlive-latex-base texlive-binaries
# `make eval-formats` prints each corpus manuscript to PDF, and one test prints a small Word
# file, with LibreOffice (headless; no GUI, no Java).
OFFICE_PACKAGES := libreoffice-writer-nogui
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Every target below that names a command, not a file: `eval` would otherwise be "up to date"
# because the folder eval/ exists, and `make eval` would silently measure nothing.
.PHONY: run model eval crossval eval-test eval-verify eval-designs eval-audit lint browser tex \
	office eval-formats test bench clean


$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "litcurate needs Python 3.11 or newer: make PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

# The reference model: training data rendered from real metadata in many CSL styles (with
# synthetic books, chapters, reports and web pages recombined from it) and aligned from the
# corpus's development articles, then the CRF (deterministic; minutes).
MODEL_DATA := results/model
MODEL := src/litcurate/data/refparser.crfsuite

$(MODEL_DATA)/rendered.jsonl: $(STAMP) src/litcurate/refs/render.py src/litcurate/data/training_styles.yaml \
		src/litcurate/refs/synthetic.py src/litcurate/data/synthetic_sources.yaml
	$(BIN)/python -m pip install --quiet -e '.[model]'
	$(BIN)/python -m litcurate.refs.render $@

$(MODEL_DATA)/aligned.jsonl: $(STAMP) src/litcurate/refs/align.py eval/corpus-split.yaml
	$(BIN)/python -m litcurate.refs.align $@

model: $(MODEL_DATA)/rendered.jsonl $(MODEL_DATA)/aligned.jsonl
	$(BIN)/python -m litcurate.refs.training $^ --out $(MODEL)

# Figures on the development articles: as measured on the model (memory, since it was trained
# on them), and cross-validated (each half held out of its own model: skill).
eval: $(STAMP)
	$(BIN)/python scripts/eval_refs.py --split dev
	$(BIN)/python scripts/eval_citations.py --split dev

crossval: $(MODEL_DATA)/rendered.jsonl $(MODEL_DATA)/aligned.jsonl
	$(BIN)/python scripts/crossval_refs.py $^

eval-test: $(STAMP)
	$(BIN)/python scripts/eval_refs.py --split test
	$(BIN)/python scripts/eval_citations.py --split test

# The Crossref verifier on the 75 real records of tests/data/crossref/works/ (dev and test
# records apart): false mismatches, slips caught per kind, swapped DOIs; then through the parser.
eval-verify: $(STAMP)
	$(BIN)/python scripts/eval_verify.py
	$(BIN)/python scripts/eval_verify.py --through-parser

# Title-and-abstract design rules against PubMed's indexers, on the held-aside records
# (eval/pubmed-split.yaml); `make eval-designs SPLIT=tune` while tuning.
SPLIT ?= held
eval-designs: $(STAMP)
	$(BIN)/python scripts/eval_designs.py --split $(SPLIT) --show

# The claim audit on planted errors and harmless edits (eval/planted-errors.yaml): the part the
# rules were tuned on, the held-out third, and the claim findings on every unchanged text.
eval-audit: $(STAMP)
	$(BIN)/python scripts/plant_errors.py --split tune
	$(BIN)/python scripts/plant_errors.py --split held
	$(BIN)/python scripts/plant_errors.py --clean

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/snakefmt --check Snakefile workflow/
	$(BIN)/snakemake --lint

browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
		|| ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			--no-install-recommends $(BROWSER_PACKAGES); \
	fi

# The BibTeX test compiles references.bib with pdfLaTeX and BibTeX: Debian's minimal TeX.
tex:
	@if ! command -v pdflatex >/dev/null || ! command -v bibtex >/dev/null; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			--no-install-recommends $(TEX_PACKAGES); \
	fi

office:
	@if ! command -v soffice >/dev/null; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			--no-install-recommends $(OFFICE_PACKAGES); \
	fi

# Reading from Word and PDF against reading from Markdown, on the development articles
# (conversions cached in results/eval-formats/); `--split test` measures the held-out ones.
eval-formats: $(STAMP) office
	$(BIN)/python scripts/eval_formats.py --split dev

# Tests never run the pipeline in this folder (curated/ stays as committed) and never use
# the network: conftest.py sends every test to 127.0.0.1 or the cache.
test: $(STAMP) lint browser tex office
	LITCURATE_REQUIRE_BROWSER=1 LITCURATE_REQUIRE_TEX=1 LITCURATE_REQUIRE_OFFICE=1 $(BIN)/pytest

PEERS := .venv-peers
PEER_PACKAGES := refextract==1.1.7 habanero==2.9.2

$(PEERS)/.installed:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet $(PEER_PACKAGES)
	touch $@

bench: $(STAMP) $(PEERS)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python scripts/bench.py

clean:
	rm -rf results logs .snakemake
