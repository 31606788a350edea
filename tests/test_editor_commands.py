"""The editor's commands as the README gives them, and the mistakes an editor easily makes.

Each expectation comes from the README (the documented command must work) or from the issue
(#18: a mistake is one line naming config/config.yaml, the key and the line, printed last).
"""

from __future__ import annotations

import os
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
