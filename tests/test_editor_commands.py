"""The editor's commands as the README gives them, and the mistakes an editor easily makes.

Each expectation comes from the README (the documented command must work) or from the issue
(#18: a mistake is one line naming config/config.yaml, the key and the line, printed last).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from test_workflow import SNAKEMAKE, copy_project

pytestmark = pytest.mark.e2e


def run(path, *args, env=None):
    env = env or dict(os.environ, LITCURATE_OFFLINE="1")
    return subprocess.run([SNAKEMAKE, "--cores", "2", *args], cwd=path, env=env,
                          capture_output=True, text=True, timeout=600)


def test_refresh_true_as_documented_asks_again_once(tmp_path, refs):
    """README: `snakemake --cores 2 --config refresh=true` asks Crossref again for every
    reference (70 requests: 69 DOIs and one search); the issue: the next plain run does
    nothing, because a one-off refresh must not change later runs."""
    from crossref_server import CrossrefServer, record_from_reference

    records = {r.doi: record_from_reference(r) for r in refs.values() if r.doi}
    server = CrossrefServer(records, limit=50, interval=1.0).start()
    path = copy_project(tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if k != "LITCURATE_OFFLINE"}
    env["LITCURATE_CROSSREF_URL"] = server.url
    try:
        first = run(path, env=env)
        asked = server.count()
        refreshed = run(path, "--config", "refresh=true", env=env)
        after_refresh = server.count()
        plain = run(path, env=env)
    finally:
        server.stop()
    assert first.returncode == 0, first.stderr
    assert refreshed.returncode == 0, refreshed.stderr[-2000:]
    assert after_refresh - asked == 70
    assert plain.returncode == 0, plain.stderr
    assert "Nothing to be done" in plain.stdout + plain.stderr
    assert server.count() == after_refresh


@pytest.mark.parametrize("value", ["true", "True", "yes", "1", "false"])
def test_refresh_accepts_the_ways_an_editor_writes_yes_and_no(tmp_path, value):
    """README writes `refresh=true`; Snakemake hands that on as the string "true"."""
    path = copy_project(tmp_path / "p")
    result = run(path, "-n", "--config", f"refresh={value}")
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """A project that has run once, offline: outputs, results and Snakemake's metadata."""
    path = copy_project(tmp_path_factory.mktemp("ran"))
    result = run(path)
    assert result.returncode == 0, result.stderr
    return path


def copy_ran(ran, dest):
    shutil.copytree(ran, dest, symlinks=True)
    return dest


def curated_bytes(path):
    return {p.name: p.read_bytes() for p in (path / "curated" / "tall-mrd").iterdir()}


def line_of(path, text):
    """The 1-based line of `text` in config/config.yaml, read from the file itself."""
    lines = (path / "config" / "config.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def edit_config(path, old, new):
    config = path / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("args", [(), ("--forceall",)])
def test_a_mistyped_manuscript_path_is_one_line_and_keeps_curated(ran, tmp_path, args):
    """Issue #18 item 2: a manuscript that ran before, its path mistyped, used to give
    "Nothing to be done" (even with --forceall); now one line naming config/config.yaml and
    the path, exit 1, curated/ untouched."""
    path = copy_ran(ran, tmp_path / "p")
    before = curated_bytes(path)
    line = line_of(path, "manuscript: references/manuscript.md")
    edit_config(path, "manuscript: references/manuscript.md",
                "manuscript: references/manuscrpt.md")
    result = run(path, *args)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"litcurate: error: config/config.yaml:{line}: manuscripts.tall-mrd.manuscript: "
        "references/manuscrpt.md does not exist (a typo in the path?)")
    assert curated_bytes(path) == before


def test_a_mistyped_overrides_path_is_an_error_not_silence(ran, tmp_path):
    """Issue #18 item 2: a mistyped `overrides:` path used to drop every correction
    silently."""
    path = copy_ran(ran, tmp_path / "p")
    line = line_of(path, "overrides: references/overrides.yaml")
    edit_config(path, "overrides: references/overrides.yaml",
                "overrides: references/overides.yaml")
    result = run(path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"litcurate: error: config/config.yaml:{line}: manuscripts.tall-mrd.overrides: "
        "references/overides.yaml does not exist (a typo in the path?)")


@pytest.mark.parametrize("old, new, anchor, words", [
    ("workers: 3", "workers: 0", "workers:", "crossref.workers: 0 is less than the minimum of 1"),
    ("  max_age_days:", "  max_age_dayz:", "max_age_dayz:",
     "crossref.max_age_dayz: unknown key (allowed: cache, mailto, max_age_days, workers)"),
    ("max_age_days: 30", "max_age_days: [30", "max_age_days:",
     "not valid YAML: expected ',' or ']', but got ':'"),
])
def test_config_mistakes_are_one_line_with_key_and_line(tmp_path, old, new, anchor, words):
    """Issue #18 item 3: Snakemake printed 21-71-line schema dumps pointing at common.smk, and
    a YAML error gave no line. Expected: the whole output is one line naming
    config/config.yaml, the line (counted in the file) and the key. The YAML message is
    PyYAML's own wording for an unclosed flow sequence; its line is where the parser stops,
    the line after the unclosed bracket."""
    path = copy_project(tmp_path / "p")
    edit_config(path, old, new)
    line = line_of(path, anchor) + (1 if "YAML" in words else 0)
    result = run(path, "-n")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"litcurate: error: config/config.yaml:{line}: {words}"]
    assert result.stdout.strip() == ""


def test_a_failed_job_ends_with_the_line_that_says_what_to_do(tmp_path):
    """Issue #18 item 3: the manuscript's one-line error was buried at line 55 of 71; the
    README's example error must be the last line printed."""
    path = copy_project(tmp_path / "p")
    manuscript = path / "references" / "manuscript.md"
    manuscript.write_bytes(manuscript.read_bytes() + b"\xff\n")
    line = manuscript.read_bytes().count(b"\n")
    result = run(path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"litcurate: error: references/manuscript.md:{line}: not valid UTF-8 (byte 0xff); "
        "save the file as UTF-8")


def test_a_rerun_with_nothing_to_do_ends_with_the_summary(ran, tmp_path):
    """README: "The run ends with one line per manuscript" - a no-op run too (issue #18
    item 4). The counts are the README's and test_workflow's for the bundled review."""
    path = copy_ran(ran, tmp_path / "p")
    result = run(path)
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("litcurate: tall-mrd: 70 references (70 offline); ")
    assert last.endswith("Open curated/tall-mrd/audit.html")
