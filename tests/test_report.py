"""The editor's page: self-contained, escaped, complete, deterministic; the closing summary."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from litcurate.findings import finding
from litcurate.read.claims import Claim
from litcurate.report import page as report
from litcurate.report import summary


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def page(baseline, refs=None, claims=None, findings=None) -> str:
    rows = claims if claims is not None else [
        {**a.row(), "flags": list(a.flags)} for a in baseline["audited"]]
    data = report.context("标题 <Title>", refs or baseline["curated"],
                          findings if findings is not None else list(baseline["findings"]),
                          baseline["studies"], rows)
    return report.render(data)


@pytest.fixture(scope="module")
def html(baseline) -> str:
    return page(baseline)


def test_nothing_is_fetched(html):
    parser = Links()
    parser.feed(html)
    assert "link" not in parser.tags and "img" not in parser.tags and "iframe" not in parser.tags
    assert not [a for a in parser.attributes if a[1] == "src"]
    hrefs = [value for tag, name, value in parser.attributes if name == "href"]
    assert hrefs and all(h.startswith(("#", "https://doi.org/")) for h in hrefs)
    assert "@import" not in html and not re.search(r"url\((?!#)", html)  # SVG clip-paths only
    # three charts: the review's findings fall in two sections, too few for a chart (#18)
    assert html.count("<svg") == 3 and html.count("<script>") == 1


def test_every_part_is_there(html):
    for anchor in ('id="summary"', 'id="findings"', 'id="references-table"',
                   'id="studies-table"', 'id="claims-table"'):
        assert anchor in html
    assert html.count('<tr class="row" id="ref-') == 70
    assert html.count('<tr class="row" id="C') == 70
    assert '<span class="cite">[17]</span>' in html  # citations highlighted
    assert "Noto Sans CJK SC" in html  # a CJK-capable font stack
    assert "标题 &lt;Title&gt;" in html


def test_every_outside_text_is_escaped(baseline):
    refs = list(baseline["curated"])
    refs[0] = replace(refs[0], title="<script>alert('title')</script>",
                      journal="J & <b>Bold</b>", doi='10.1/"><script>x</script>')
    claim = {**baseline["audited"][0].row(), "text": "<img src=x onerror=alert(1)> [1]",
             "context": ["<script>ctx</script>"], "section": "<i>s</i>", "flags": []}
    found = [finding("doi_missing", "<script>alert('message')</script>", n=1)]
    html = page(baseline, refs=refs, claims=[claim], findings=found)
    assert "<script>alert" not in html and "<img" not in html and "<i>s</i>" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; <span class=\"cite\">[1]</span>" in html
    assert 'href="https://doi.org/10.1/%22%3E%3Cscript%3Ex%3C/script%3E"' in html
    assert html.count("<script>") == 1


def test_the_same_data_gives_the_same_bytes(baseline, html):
    assert page(baseline) == html


def test_highlight_escapes_around_citations():
    assert str(report.highlight("a<b [3]-[5] & c")) == (
        'a&lt;b <span class="cite">[3]-[5]</span> &amp; c')


def test_terminal_summary(tmp_path):
    folder = tmp_path / "curated" / "m1"
    folder.mkdir(parents=True)
    (folder / "references.csv").write_text("n,status\n1,verified\n2,offline\n", encoding="utf-8")
    (folder / "findings.csv").write_text(
        "code,severity,n,claim_id,message\nx,error,1,,m\ny,info,,C1,m\n", encoding="utf-8")
    (folder / "claims.csv").write_text("claim_id,flags\nC1,y\nC2,\n", encoding="utf-8")
    line = summary.terminal_summary(["m1", "missing"], tmp_path)
    assert line == (f"litcurate: m1: 2 references (1 offline, 1 verified); 2 findings (1 error, "
                    f"0 warnings, 1 info); 2 claims, 1 flagged. Open {folder / 'audit.html'}")


def test_findings_name_their_claim_and_references(baseline):
    claim = Claim("C001", "Intro", "Trial X worked [2].", (2,), 7, "sentence")
    row = {**claim.to_dict(), "best_design": "rct", "best_cebm_level": "2", "flags": ["x"]}
    found = [finding("entity_mismatch", "Claim C001 names “X”.", claim_id="C001")]
    data = report.context("T", baseline["curated"], found, baseline["studies"], [row])
    item = data["findings"][0]
    assert item["section"] == "Intro" and item["line"] == 7
    assert item["refs"] == [(2, baseline["curated"][1].title)]
    assert "another reference" in item["help"]
