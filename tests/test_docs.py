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
    client = (ROOT / "src" / "litcurate" / "lookup" / "crossref.py").read_text(encoding="utf-8")
    for stale in ("with one request in flight", "never sends more than one at a time"):
        assert stale not in readme and stale not in client, stale
    schema = yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text(
        encoding="utf-8"))
    default = schema["properties"]["crossref"]["properties"]["workers"]["default"]
    stated = re.search(r"`crossref\.workers` in the config \(default (\d+)\)", readme)
    assert stated and int(stated.group(1)) == default


def make_rule(target: str) -> tuple[list[str], str]:
    """(prerequisites, recipe) of a Makefile target, read from the Makefile."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{target}:([^\n]*)\n((?:\t[^\n]*\n|[^\S\n]*#[^\n]*\n)*)", text, re.M)
    assert match, target
    return match.group(1).split(), match.group(2)


def test_make_test_leaves_curated_alone_and_installs_few_packages():
    """Issue #18 item 11: `make test` ran `make run` first (rewriting the committed
    curated/, and asking Crossref when online) and installed Chromium with Debian's
    recommends (132 packages). Expected: no `run` before the tests; every apt-get install
    with --no-install-recommends."""
    prerequisites, _ = make_rule("test")
    assert "run" not in prerequisites
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"apt-get install[^;]*;", makefile.replace("\\\n", " "))
    assert installs and all("--no-install-recommends" in i for i in installs)


def test_the_python_version_and_licence_are_stated():
    """The README states the Python needed (pyproject's requires-python); the licence is an
    SPDX string (PEP 639; setuptools>=77 reads it without its deprecation warning)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"] == ">=3.11"
    assert "Python 3.11 or newer" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert project["project"]["license"] == "MIT"
    assert "setuptools>=77" in project["build-system"]["requires"]


def test_tests_cannot_reach_the_network():
    """conftest.py refuses every connection but to this host: a test that would ask the real
    Crossref fails instead of touching the network."""
    import socket

    import pytest

    with pytest.raises(ConnectionRefusedError), socket.create_connection(
            ("192.0.2.1", 443), timeout=1):  # TEST-NET-1 (RFC 5737): never a real host
        pass
