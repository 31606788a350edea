from __future__ import annotations

from pathlib import Path

import pytest

from litcurate import manuscript, references

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
    from litcurate import audit, citations, claims, curate, studies

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
    from litcurate import crossref

    monkeypatch.setattr(crossref, "BACKOFF_BASE", 0.05)
    monkeypatch.delenv("LITCURATE_OFFLINE", raising=False)
