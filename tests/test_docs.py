"""The documentation agrees with the code, and the Snakemake files are formatted (issue #18
items 12 and 16)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

SNAKEFMT = str(Path(sys.executable).parent / "snakefmt")


def test_snakemake_files_are_snakefmt_clean():
    """`snakefmt --check` (snakefmt 2.1.0, pinned in the test extras) on every Snakemake
    file, as `make lint` runs it."""
    assert shutil.which(SNAKEFMT) or Path(SNAKEFMT).exists()
    result = subprocess.run([SNAKEFMT, "--check", "Snakefile", "workflow/"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_docs_state_the_requests_in_flight_the_code_allows():
    """The README said "one request in flight" and crossref.py "never sends more than one at
    a time" while `crossref.workers` (schema default 3) lets three go at once. Expected: no
    such claim, and the README's stated default is the schema's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    client = (ROOT / "src" / "litcurate" / "crossref.py").read_text(encoding="utf-8")
    for stale in ("with one request in flight", "never sends more than one at a time"):
        assert stale not in readme and stale not in client, stale
    schema = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text(
        encoding="utf-8"))
    default = schema["properties"]["crossref"]["properties"]["workers"]["default"]
    stated = re.search(r"`crossref\.workers` in the config \(default (\d+)\)", readme)
    assert stated and int(stated.group(1)) == default
