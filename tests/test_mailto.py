"""Crossref's polite pool needs a real contact address (issue #18 item 7).

Expected values come from Crossref's etiquette (https://api.crossref.org: "mailto" must
reach a person) and the issue: never send a placeholder; without an address use the public
pool and say once where to set it.
"""

from __future__ import annotations

from types import SimpleNamespace

import yaml
from conftest import ROOT

from litcurate import steps
from litcurate.fileio import dump_json


def resolve(tmp_path, server, refs, config, monkeypatch, mailto_env=None):
    """The resolve_crossref step on three references, against the local server."""
    monkeypatch.delenv("LITCURATE_OFFLINE", raising=False)
    monkeypatch.setenv("LITCURATE_CROSSREF_URL", server.url)
    if mailto_env is None:
        monkeypatch.delenv("LITCURATE_MAILTO", raising=False)
    else:
        monkeypatch.setenv("LITCURATE_MAILTO", mailto_env)
    source = tmp_path / "references.json"
    dump_json(source, {"references": [refs[n].to_dict() for n in (1, 2, 3)]})
    job = SimpleNamespace(
        input=SimpleNamespace(references=[str(source)]),
        output=SimpleNamespace(resolutions=[str(tmp_path / "crossref.json")]),
        params=SimpleNamespace(cache=str(tmp_path / "cache")),
        config=config, wildcards=SimpleNamespace())
    steps.resolve_crossref(job)
    return [path for _, path, _ in server.log]


def test_the_shipped_config_sends_no_placeholder_and_says_where_to_set_one(
        tmp_path, server, refs, monkeypatch, capsys):
    """The shipped config used to send `editors@litcurate.invalid` (a reserved domain that
    reaches nobody) with every request."""
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    paths = resolve(tmp_path, server, refs, config, monkeypatch)
    # the server knows none of the three DOIs: each is looked up, its agency asked, searched
    assert len(paths) == 9
    assert not any("mailto" in path for path in paths)
    assert not any("mailto" in agent for agent in server.user_agents)
    said = [line for line in capsys.readouterr().err.splitlines() if "LITCURATE_MAILTO" in line]
    assert len(said) == 1 and "crossref.mailto in config/config.yaml" in said[0]


def test_a_placeholder_in_the_config_is_never_sent(tmp_path, server, refs, monkeypatch, capsys):
    config = {"crossref": {"mailto": "editors@litcurate.invalid"}}
    paths = resolve(tmp_path, server, refs, config, monkeypatch)
    assert not any("litcurate.invalid" in path for path in paths)
    assert "placeholder" in capsys.readouterr().err


def test_the_environment_gives_the_address(tmp_path, server, refs, monkeypatch, capsys):
    paths = resolve(tmp_path, server, refs, {"crossref": {}}, monkeypatch,
                    mailto_env="a.editor@charite.de")
    assert all("mailto=a.editor%40charite.de" in path for path in paths)
    assert any("mailto:a.editor@charite.de" in agent for agent in server.user_agents)
    assert "LITCURATE_MAILTO" not in capsys.readouterr().err
