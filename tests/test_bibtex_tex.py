"""references.bib through real pdfLaTeX and BibTeX (issue #18 item 10).

`make tex` installs Debian's minimal TeX (texlive-latex-base, texlive-binaries) and `make
test` sets LITCURATE_REQUIRE_TEX=1, so there this test runs or fails; a bare `pytest` on a
machine without TeX skips it and says why.

Expected behaviour, from the TeX side: pdfLaTeX without extra packages stops at any
non-ASCII character ("Unicode character α"); BibTeX's plain style lower-cases title words
that are not braced (btxdoc, `change.case$`) and prints `pages` but not `eid`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from litcurate import curate
from litcurate.export import bibtex

DOCUMENT = r"""\documentclass{article}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{references}
\end{document}
"""


@pytest.fixture(scope="module")
def tex():
    if not (shutil.which("pdflatex") and shutil.which("bibtex")):
        if os.environ.get("LITCURATE_REQUIRE_TEX"):
            pytest.fail("TeX is not installed: `make tex` installs Debian's minimal TeX")
        pytest.skip("pdflatex and bibtex are not installed (`make tex`)")


def compile_bib(folder, bib: str) -> tuple[str, str]:
    """pdflatex, bibtex, pdflatex in `folder`; (the .bbl, the last log), failing loudly."""
    (folder / "references.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(DOCUMENT, encoding="utf-8")
    steps = [["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"],
             ["bibtex", "doc"],
             ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"]]
    for step in steps:
        result = subprocess.run(step, cwd=folder, capture_output=True, text=True,
                                timeout=120, errors="replace")
        assert result.returncode == 0, (step, result.stdout[-3000:])
    return ((folder / "doc.bbl").read_text(encoding="utf-8", errors="replace"),
            (folder / "doc.log").read_text(encoding="utf-8", errors="replace"))


def test_the_review_bibliography_compiles_with_pdflatex_and_bibtex(tex, tmp_path, refs):
    curated, _ = curate.curate([refs[n] for n in sorted(refs)])
    text = bibtex.dumps(curated)
    assert not re.search(r"[^\x00-\x7f]", text)  # pdfLaTeX reads ASCII without packages
    bbl, log = compile_bib(tmp_path, text)
    assert "Unicode character" not in log
    assert bbl.count(r"\bibitem") == 70
    # reference [5] in the manuscript: Gökbuğut (the manuscript's spelling)
    assert r"G{\"o}kbu{\u{g}}ut" in bbl
    # reference [17]'s title starts "Children's Oncology Group AALL0434"; unbraced, plain
    # would print "Children's oncology group"
    assert "Children's Oncology Group} {AALL0434}" in bbl
    assert "oncology group" not in bbl.lower().replace("oncology group}", "")


def test_an_article_number_is_printed_by_a_classic_style(tex, tmp_path, refs):
    """Reference [1] (Pagliaro et al. 2024, Nat Rev Dis Primers 10:41) has an article
    number and no pages: plain must print it."""
    curated, _ = curate.curate([refs[1]])
    assert curated[0].article_number == "41" and not curated[0].pages
    bbl, _ = compile_bib(tmp_path, bibtex.dumps(curated))
    assert re.search(r"\b41\b", bbl.split(r"\bibitem", 1)[1].replace(r"\newblock", ""))


def test_greek_and_subscripts_compile(tex, tmp_path):
    ref = curate.CuratedReference(
        n=1, key="k", authors=("Beldzińska, K.", "Yiğit Kaya, S."), et_al=False, year="2024",
        title="Surface pTα expression and mSiO₂–Au nanovehicles in Children's Oncology Group "
              "trials", journal="Blood", volume="1", issue="", pages="1–2",
        article_number="", doi="", status="offline", times_cited=0, source=("manuscript",))
    bbl, log = compile_bib(tmp_path, bibtex.dumps([ref]))
    assert r"{pT{\ensuremath{\alpha}}}" in bbl and r"\textsubscript{2}" in bbl
    assert "Unicode character" not in log
