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
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint browser tex bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "litcurate needs Python 3.11 or newer: make PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

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

# Tests never run the pipeline in this folder (curated/ stays as committed) and never use
# the network: conftest.py sends every test to 127.0.0.1 or the cache.
test: $(STAMP) lint browser tex
	LITCURATE_REQUIRE_BROWSER=1 LITCURATE_REQUIRE_TEX=1 $(BIN)/pytest

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
