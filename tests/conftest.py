from __future__ import annotations

from pathlib import Path

import pytest

from litcurate.read import manuscript
from litcurate.refs import references

ROOT = Path(__file__).resolve().parents[1]
MANUSCRIPT = ROOT / "references" / "manuscript.md"


@pytest.fixture(scope="session")
def review() -> manuscript.Manuscript:
    return manuscript.read(MANUSCRIPT, "references/manuscript.md")


@pytest.fixture(scope="session")
def refs(review) -> dict[int, references.Reference]:
    return {r.n: r for r in references.parse_all(review.entries)}


def analyse(text: str):
    """Everything the pipeline derives from a manuscript text, offline, without Snakemake."""
    from litcurate import curate
    from litcurate.audit import checks as audit
    from litcurate.evidence import studies
    from litcurate.read import citations, claims

    parsed = manuscript.parse(text, "manuscript.md")
    refs_ = references.parse_all(parsed.entries)
    counts = citations.count(citations.citing_texts(parsed))
    curated, _ = curate.curate(refs_, {}, [], counts, {}, {})
    found_claims = claims.extract(parsed)
    found_studies = studies.extract_all(curated, {}, found_claims)
    audited, findings = audit.check(parsed, found_claims, found_studies, curated)
    return {"manuscript": parsed, "curated": curated, "claims": found_claims,
            "studies": found_studies, "audited": audited, "findings": findings}


@pytest.fixture(scope="session")
def review_text() -> str:
    return MANUSCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def baseline(review_text):
    return analyse(review_text)


@pytest.fixture
def server():
    """A Crossref-compatible server on 127.0.0.1 holding one record (SAMPLE_DOI)."""
    from crossref_server import SAMPLE_DOI, SAMPLE_RECORD, CrossrefServer

    srv = CrossrefServer({SAMPLE_DOI: SAMPLE_RECORD}).start()
    yield srv
    srv.stop()


@pytest.fixture
def fast_crossref(monkeypatch):
    """Short back-off, and the network allowed whatever the caller's environment says."""
    from litcurate.lookup import crossref

    monkeypatch.setattr(crossref, "BACKOFF_BASE", 0.05)
    monkeypatch.delenv("LITCURATE_OFFLINE", raising=False)


# ---------------------------------------------------------------- no network, no changes
# Tests talk to 127.0.0.1 only (a local Crossref server) and never change the working tree:
# `make test` on a fresh clone leaves `git status` clean and sends nothing to Crossref.
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _git_status() -> str | None:
    import subprocess

    try:
        result = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def pytest_sessionstart(session):
    import os

    os.environ["LITCURATE_OFFLINE"] = "1"  # subprocesses too; a test's server lifts it
    # PubMed is never the real NCBI in a test: a closed local port (its circuit opens at
    # once) unless a test starts its own E-utilities server
    os.environ["LITCURATE_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils"
    os.environ.pop("LITCURATE_MAILTO", None)
    session.config._litcurate_status = _git_status()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_litcurate_status", None)
    after = _git_status()
    if before is not None and after != before:
        changed = sorted(set(after.splitlines()) ^ set(before.splitlines()))
        print(f"\nthe tests changed the working tree: {changed}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """Any connection from a test process to a host other than this one fails at once."""
    import socket

    connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6) \
                and host not in LOOPBACK:
            raise ConnectionRefusedError(f"tests may not use the network ({host})")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
