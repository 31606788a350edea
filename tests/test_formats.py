"""Manuscripts as editors receive them: Word, PDF, LaTeX with BibTeX (issue 14).

Word files are written from scratch by tests/formats_docx.py (their XML by hand, so the
expected reading does not depend on any converter); the CSL-JSON in the Zotero field codes
is written by hand below. PDFs are made with matplotlib (a dependency already), which
places each line where the test says, so two columns, running headers, page numbers and
superscripts are known; tests/data/formats/locked.pdf is a one-page PDF that LibreOffice
exported with an open password (README there). The LibreOffice test converts one small
document and is skipped without LibreOffice unless LITCURATE_REQUIRE_OFFICE=1 (make test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from formats_docx import deleted, field, inserted, paragraph, run, write_docx, zotero

from litcurate.errors import ManuscriptError
from litcurate.read import detect, fieldcodes, formats
from litcurate.refs import references

DATA = Path(__file__).parent / "data" / "formats"

# Two works as an author's Zotero library holds them (CSL-JSON, written by hand).
SMITH = {"id": "AAAA1111", "type": "article-journal",
         "title": "Statin therapy after ischaemic stroke: a randomised trial",
         "container-title": "Journal of Stroke Medicine", "volume": "12", "issue": "3",
         "page": "45-52", "DOI": "10.5555/jsm.2019.045",
         "author": [{"family": "Smith", "given": "John"}, {"family": "Brown", "given": "Anna"}],
         "issued": {"date-parts": [[2019, 3]]}}
OKAFOR = {"id": "BBBB2222", "type": "article-journal",
          "title": "Bleeding risk with dual antiplatelet therapy in older adults",
          "container-title": "Clinical Neurology Reports", "volume": "31", "issue": "2",
          "page": "101-110", "DOI": "10.5555/cnr.2021.101",
          "author": [{"family": "Okafor", "given": "Chidi"},
                     {"family": "Lindqvist", "given": "Eva M."}],
          "issued": {"date-parts": [[2021]]}}
# The typed list: entry 2 says volume 13 where the library says 31 (the planted difference).
TYPED = [
    "1. Smith J, Brown A. Statin therapy after ischaemic stroke: a randomised trial. "
    "J Stroke Med. 2019;12(3):45-52. doi:10.5555/jsm.2019.045",
    "2. Okafor C, Lindqvist EM. Bleeding risk with dual antiplatelet therapy in older adults. "
    "Clin Neurol Rep. 2021;13(2):101-110. doi:10.5555/cnr.2021.101",
]


def zotero_docx(path: Path) -> Path:
    return write_docx(path, [
        paragraph(run("Statins and stroke: a review"), style="Heading1"),
        paragraph(run("Introduction"), style="Heading2"),
        paragraph(run("Statins lowered the risk of a second stroke"), zotero([SMITH], "1", True),
                  run(". Dual antiplatelet therapy raised bleeding in older adults"),
                  zotero([OKAFOR], "2", True), run(".")),
        paragraph(run("References"), style="Heading2"),
        *(paragraph(run(text)) for text in TYPED),
    ])


def test_zotero_field_codes_become_the_metadata_and_a_difference_is_reported(tmp_path):
    from litcurate import curate
    from litcurate.lookup import embedded

    text, converted = formats.read(zotero_docx(tmp_path / "review.docx"), "review.docx")
    assert converted.format == "docx"
    assert [e.number for e in text.entries] == [1, 2]
    assert [(i.tool, i.entry, i.csl["title"]) for i in converted.items] == [
        ("Zotero", 0, SMITH["title"]), ("Zotero", 1, OKAFOR["title"])]
    assert "<sup>1</sup>" in converted.markdown and "<sup>2</sup>" in converted.markdown
    refs, found = embedded.apply(references.parse_all(text.entries),
                                 [i.to_dict() for i in converted.items])
    # the library's record, not the typed text: full journal name, volume 31, given names
    assert refs[1].journal == "Clinical Neurology Reports"
    assert refs[1].volume == "31"
    assert [(a.family, a.initials) for a in refs[1].authors] == [("Okafor", "C."),
                                                                ("Lindqvist", "E.M.")]
    assert refs[0].metadata_source == refs[1].metadata_source == "reference manager"
    # exactly one difference: reference 2's volume
    assert [(f.code, f.n) for f in found] == [("reference_manager_mismatch", 2)]
    assert '"13"' in found[0].message and '"31"' in found[0].message
    assert "Zotero" in found[0].message
    curated, _ = curate.curate(refs, {}, [], {1: 1, 2: 1}, {}, {})
    assert curated[1].field_sources["volume"] == "reference manager"
    assert "reference manager" in curated[1].source


def test_a_work_cited_through_field_codes_but_missing_from_the_list_is_reported(tmp_path):
    from litcurate.lookup import embedded

    path = write_docx(tmp_path / "r.docx", [
        paragraph(run("Results")), paragraph(run("As shown"), zotero([SMITH, OKAFOR], "1,2")),
        paragraph(run("References"), style="Heading2"), paragraph(run(TYPED[0])),
    ])
    text, converted = formats.read(path)
    assert [i.entry for i in converted.items] == [0, -1]
    _, found = embedded.apply(references.parse_all(text.entries),
                              [i.to_dict() for i in converted.items])
    assert [(f.code, f.n) for f in found] == [("reference_manager_mismatch", None)]
    assert "Bleeding risk" in found[0].message and "no entry" in found[0].message


def test_mendeley_and_endnote_field_codes_are_read():
    import json

    mendeley = field(" ADDIN CSL_CITATION " + json.dumps(
        {"citationItems": [{"id": "m1", "itemData": SMITH}]}), "(1)")
    endnote = field(
        ' ADDIN EN.CITE <EndNote><Cite><Author>Okafor</Author><Year>2021</Year>'
        '<RecNum>7</RecNum><record><rec-number>7</rec-number><contributors><authors>'
        '<author>Okafor, Chidi</author><author>Lindqvist, Eva M.</author></authors>'
        '</contributors><titles><title><style face="normal">Bleeding risk with dual '
        'antiplatelet therapy in older adults</style></title><secondary-title>Clinical '
        'Neurology Reports</secondary-title></titles><volume>31</volume><number>2</number>'
        '<pages>101-110</pages><dates><year>2021</year></dates>'
        '<electronic-resource-num>10.5555/cnr.2021.101</electronic-resource-num></record>'
        '</Cite></EndNote>', "(2)")
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{paragraph(run('A'), mendeley, run('B'), endnote)}</w:body></w:document>")
    items = [i for instr, data in fieldcodes.instructions(xml.encode())
             for i in fieldcodes._items(instr, data)]
    assert [i.tool for i in items] == ["Mendeley", "EndNote"]
    assert items[0].csl["title"] == SMITH["title"]
    got = items[1].csl
    assert got["title"] == OKAFOR["title"]
    assert got["author"] == [{"family": "Okafor", "given": "Chidi"},
                             {"family": "Lindqvist", "given": "Eva M."}]
    assert (got["volume"], got["issue"], got["page"], got["DOI"]) == (
        "31", "2", "101-110", "10.5555/cnr.2021.101")
    assert got["issued"] == {"date-parts": [["2021"]]}


def test_word_numbering_superscripts_and_tracked_changes(tmp_path):
    """`1.` comes from Word's numbering (not typed); changes are read as accepted."""
    path = write_docx(tmp_path / "n.docx", [
        paragraph(run("Background"), style="Heading2"),
        paragraph(run("Aspirin prevents "), deleted("many "), inserted("some "),
                  run("strokes"), run("1,2", sup=True), run(".")),
        paragraph(run("References"), style="Heading2"),
        paragraph(run(TYPED[0][3:]), numbered=True),
        paragraph(run(TYPED[1][3:]), numbered=True),
    ])
    text, converted = formats.read(path)
    assert [e.number for e in text.entries] == [1, 2]
    assert text.entries[1].text.startswith("2. Okafor C")
    body = text.paragraphs[0].text
    assert body == "Aspirin prevents some strokes<sup>1,2</sup>."
    assert "tracked changes were read as accepted" in converted.notes


# ----------------------------------------------------------------------------- detection

@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7\n...", "pdf"),
    (b"\\documentclass{article}\n\\begin{document}x\\end{document}", "tex"),
    # a Markdown review that quotes LaTeX inside a formula stays Markdown
    (b"# T\n\n$$ \\documentclass[12pt]{minimal} \\begin{document} x $$\n", "markdown"),
    (b"# Title\n\nText.\n", "markdown"),
])
def test_the_format_is_told_by_the_content(data, kind):
    assert detect.detect(data, "manuscript.bin") == kind


@pytest.mark.parametrize(("data", "words"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old binary Word .doc"),
    (b"{\\rtf1\\ansi text}", "RTF"),
    (b"PK\x03\x04" + b"\x00garbage" * 20, "corrupt Word file"),
])
def test_other_kinds_of_file_get_one_line_naming_them(tmp_path, data, words):
    path = tmp_path / "review.docx"
    path.write_bytes(data)
    with pytest.raises(ManuscriptError) as err:
        formats.read(path, "review.docx")
    line = err.value.one_line()
    assert line.startswith("review.docx: ") and words in line and "\n" not in line


def test_a_zip_that_is_not_a_word_file(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "x.docx", "w") as z:
        z.writestr("content.xml", "<office/>")
    with pytest.raises(ManuscriptError, match="OpenDocument"):
        formats.read(tmp_path / "x.docx")


# ----------------------------------------------------------------------------- PDF

def _pdf(path: Path, pages: list[list[tuple[float, float, str, float]]]) -> Path:
    """A PDF whose page lines are placed at (x, y) in points, with a font size each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for lines in pages:
            fig = plt.figure(figsize=(8.5, 11))
            for x, y, text, size in lines:
                fig.text(x / 612, 1 - y / 792, text, fontsize=size, va="baseline")
            pdf.savefig(fig)
            plt.close(fig)
    return path


def test_a_two_column_pdf_with_running_headers_is_read_in_order(tmp_path):
    from litcurate.read import pdf

    left = ["Stroke is a leading cause of death and", "disability worldwide and its burden",
            "grows with age in every region of the", "world, as registries show clearly."]
    right = ["Statins lowered the risk of a second", "stroke in trials of patients with a",
             "first event and with raised choles-", "terol at baseline in most settings."]
    pages = []
    for page in range(3):
        lines = [(72, 40, "Journal of Test Medicine  2026;1:1-9", 9),
                 (300, 760, str(page + 1), 9)]
        for i in range(12):  # twelve lines a column, alternating the texts
            lines.append((72, 100 + 14 * i, left[i % 4], 10))
            lines.append((330, 100 + 14 * i, right[i % 4], 10))
        pages.append(lines)
    text, notes = pdf.to_markdown(_pdf(tmp_path / "two.pdf", pages), "two.pdf")
    assert "Journal of Test" not in text
    assert not any(line.strip().isdigit() for line in text.split("\n"))
    first = text.index("Stroke is a leading cause")
    assert first < text.index("Statins lowered the risk")  # the left column first
    # within a page, the right column follows the whole left column
    page1 = text[first:text.index("Statins lowered")]
    assert page1.count("Stroke is a leading cause") == 3
    assert "choles- terol" not in text and "choles-terol" in text  # hyphen kept: unknown word
    assert "3 running header" not in " ".join(notes)
    assert any("running header" in n for n in notes)


def test_a_pdf_without_text_layer_asks_for_ocr(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(4, 4))
    fig.figimage(np.random.default_rng(0).random((50, 50)))  # a "scanned" page: pixels only
    fig.savefig(tmp_path / "scan.pdf")
    plt.close(fig)
    with pytest.raises(ManuscriptError) as err:
        formats.read(tmp_path / "scan.pdf", "scan.pdf")
    assert err.value.one_line().startswith("scan.pdf: no text layer: run OCR first")


def test_a_password_protected_pdf_says_so():
    with pytest.raises(ManuscriptError) as err:
        formats.read(DATA / "locked.pdf", "locked.pdf")
    assert err.value.one_line().startswith("locked.pdf: password-protected PDF")


def test_a_corrupt_pdf_says_so(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00\x01broken" * 50)
    with pytest.raises(ManuscriptError) as err:
        formats.read(tmp_path / "bad.pdf", "bad.pdf")
    assert "bad.pdf: " in err.value.one_line()


@pytest.fixture(scope="module")
def office():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("LITCURATE_REQUIRE_OFFICE"):
            pytest.fail("LibreOffice is not installed: `make office` installs it")
        pytest.skip("LibreOffice is not installed (`make office`)")
    return found


def test_a_word_file_printed_to_pdf_by_libreoffice_reads_the_same(tmp_path, office):
    path = zotero_docx(tmp_path / "review.docx")
    subprocess.run([office, "--headless", "--norestore",
                    f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    from_word, _ = formats.read(path)
    from_pdf, converted = formats.read(tmp_path / "review.pdf")
    assert converted.format == "pdf"
    assert [e.text for e in from_pdf.entries] == [e.text for e in from_word.entries] == TYPED
    assert "stroke<sup>1</sup>." in converted.markdown  # the superscript, by font size


# ----------------------------------------------------------------------------- LaTeX

BIB = r"""
@article{smith2019,
  author = {Smith, John and Brown, Anna},
  title = {Statin therapy after ischaemic stroke: a randomised trial},
  journal = {J Stroke Med}, year = {2019}, volume = {12}, number = {3}, pages = {45--52},
  doi = {10.5555/jsm.2019.045}}
@article{okafor2021,
  author = {Okafor, Chidi and Lindqvist, Eva M.},
  title = {Bleeding risk with dual antiplatelet therapy in older adults},
  journal = {Clin Neurol Rep}, year = {2021}, volume = {31}, number = {2}, pages = {101--110}}
@article{nuessler2018,
  author = {N{\"u}ssler, Kai},
  title = {Cholesterol targets in secondary prevention},
  journal = {Eur J Prev Med}, year = {2018}, volume = {7}, pages = {1--9}}
"""
TEX = r"""\documentclass{article}
\usepackage{natbib}
\title{Statins and stroke: a review}
\begin{document}
\maketitle
\begin{abstract}
A short abstract.
\end{abstract}
\section{Introduction}
Statins lowered the risk of a second stroke \citep{smith2019}. % a comment
\citet{okafor2021} found more bleeding in older adults%
, as did a later trial \cite[p.~3]{okafor2021,smith2019}.
\bibliographystyle{unsrtnat}
\bibliography{refs}
\end{document}
"""
# The same manuscript as an author would type it in Markdown: the same list, same numbers.
MARKDOWN = """# Statins and stroke: a review

## Abstract

A short abstract.

## Introduction

Statins lowered the risk of a second stroke [1].
Okafor and Lindqvist [2] found more bleeding in older adults, as did a later trial [2,1].

## References

""" + "\n\n".join([
    "1. Smith J, Brown A. Statin therapy after ischaemic stroke: a randomised trial. "
    "J Stroke Med. 2019;12(3):45–52. doi:10.5555/jsm.2019.045",
    "2. Okafor C, Lindqvist EM. Bleeding risk with dual antiplatelet therapy in older adults. "
    "Clin Neurol Rep. 2021;31(2):101–110.",
    "3. Nüssler K. Cholesterol targets in secondary prevention. Eur J Prev Med. 2018;7:1–9.",
]) + "\n"


def _findings(text, items) -> list[tuple[str, int | None]]:
    """What the pipeline reports offline, from a read manuscript and its embedded records."""
    from litcurate import curate
    from litcurate.audit import checks as audit
    from litcurate.evidence import studies
    from litcurate.lookup import embedded
    from litcurate.read import citations, claims

    refs, found = embedded.apply(references.parse_all(text.entries), items)
    counts = citations.count(citations.citing_texts(text))
    curated, more = curate.curate(refs, {}, [], counts, {}, {})
    found_claims = claims.extract(text)
    _, audited = audit.check(text, found_claims,
                             studies.extract_all(curated, {}, found_claims), curated)
    return sorted((f.code, f.n) for f in [*found, *more, *audited])


def test_tex_and_bib_give_the_same_findings_as_the_markdown(tmp_path):
    (tmp_path / "paper.tex").write_text(TEX, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "paper.md").write_text(MARKDOWN, encoding="utf-8")
    tex, converted = formats.read(tmp_path / "paper.tex")
    md, plain = formats.read(tmp_path / "paper.md")
    assert converted.format == "tex" and plain.format == "markdown"
    assert [e.number for e in tex.entries] == [1, 2, 3]
    assert tex.title == "Statins and stroke: a review"
    assert [i.key for i in converted.items] == ["smith2019", "okafor2021", "nuessler2018"]
    assert converted.items[2].csl["author"] == [{"family": "Nüssler", "given": "Kai"}]
    from_tex = _findings(tex, [i.to_dict() for i in converted.items])
    from_md = _findings(md, [])
    assert from_tex == from_md
    # not an empty agreement: the uncited entry and the missing DOIs are reported by both
    assert ("uncited_reference", 3) in from_tex
    assert ("doi_missing", 2) in from_tex


def test_a_cite_key_missing_from_the_bib_is_an_error_naming_the_line(tmp_path):
    from litcurate.lookup import embedded

    (tmp_path / "paper.tex").write_text(TEX.replace(r"\citep{smith2019}", r"\citep{smyth2019}"),
                                        encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    text, converted = formats.read(tmp_path / "paper.tex", "paper.tex")
    assert [(p["code"], p["message"][:30]) for p in converted.problems] == [
        ("citation_key_missing", 'paper.tex line 10 cites "smyth')]
    refs, _ = embedded.apply(references.parse_all(text.entries),
                             [i.to_dict() for i in converted.items])
    assert refs[0].metadata_source == "bibtex"


def test_a_tex_whose_bib_is_missing_is_one_line(tmp_path):
    (tmp_path / "paper.tex").write_text(TEX, encoding="utf-8")
    with pytest.raises(ManuscriptError) as err:
        formats.read(tmp_path / "paper.tex", "paper.tex")
    line = err.value.one_line()
    assert line.startswith("paper.tex:14: the bibliography refs.bib is missing")
    assert "\n" not in line


# ----------------------------------------------------------------------------- the rule

def test_check_manuscript_writes_the_text_it_read(tmp_path):
    from litcurate import steps
    from litcurate.fileio import load_json

    source = zotero_docx(tmp_path / "review.docx")
    job = SimpleNamespace(
        input=SimpleNamespace(manuscript=str(source)), params=SimpleNamespace(overrides=""),
        output=SimpleNamespace(manuscript=str(tmp_path / "manuscript.json"),
                               text=str(tmp_path / "manuscript.md")))
    steps.check_manuscript(job)
    written = (tmp_path / "manuscript.md").read_text(encoding="utf-8").split("\n")
    data = load_json(tmp_path / "manuscript.json")
    assert data["converted"]["format"] == "docx"
    assert len(data["converted"]["items"]) == 2
    for entry in data["entries"]:  # the line numbers point into manuscript.md
        assert written[entry["line"] - 1].startswith(entry["label"])


def test_the_run_summary_says_how_the_file_was_read(tmp_path):
    """Tracked changes accepted, field codes read: said at the end of the run (issue 14)."""
    import json

    from litcurate.report import summary

    folder = tmp_path / "results" / "review"
    folder.mkdir(parents=True)
    path = write_docx(tmp_path / "n.docx", [
        paragraph(run("Aspirin prevents "), inserted("some "), run("strokes [1].")),
        paragraph(run("References"), style="Heading2"), paragraph(run(TYPED[0]))])
    text, converted = formats.read(path)
    (folder / "manuscript.json").write_text(json.dumps(
        {**text.to_dict(), "converted": converted.to_dict()}), encoding="utf-8")
    lines = summary._conversion(folder)
    assert lines == [f"  read from docx: tracked changes were read as accepted; the text as "
                     f"read is {folder / 'manuscript.md'}"]
    (folder / "manuscript.json").write_text(json.dumps({"converted": {"format": "markdown"}}))
    assert summary._conversion(folder) == []


@pytest.mark.parametrize(("first", "second", "known", "joined"), [
    ("resistant to treat-", "ment in adults", {"treatment": 2}, "resistant to treatment in adults"),
    # the document writes the compound with its hyphen: the hyphen stays
    ("studies of micro-", "organisms in", {"micro-organisms": 2, "microorganisms": 1},
     "studies of micro-organisms in"),
    ("by Schorr-", "Lesnick and", {}, "by Schorr-Lesnick and"),
    # a DOI or a dash compound broken at the line end is never split by a space
    ("doi:10.1111/j.1469-", "8986.2012.01471.x", {}, "doi:10.1111/j.1469-8986.2012.01471.x"),
    ("specific microRNA–", "mRNA co-expression", {}, "specific microRNA–mRNA co-expression"),
    ("aged 40 to 60 -", "a wide range", {}, "aged 40 to 60 - a wide range"),
    ("the \ufb01rst \ufb02ow", "was e\ufb00ective", {}, "the first flow was effective"),
])
def test_lines_of_a_pdf_paragraph_are_joined(first, second, known, joined):
    from collections import Counter

    from litcurate.read import pdf

    def line(text, top):
        words, x = [], 72.0
        for word in text.split():
            words.append(pdf._Word(word, x, x + 6 * len(word), top, top + 10, 10.0))
            x += 6 * len(word) + 3
        return pdf._Line(words, 0)

    assert pdf._join([line(first, 100), line(second, 114)], Counter(known)) == joined


def test_endnote_data_held_in_the_field_data_is_read():
    """EndNote's long citations: ` ADDIN EN.CITE ` with the XML base64 in `w:fldData`."""
    import base64

    record = ('<EndNote><Cite><RecNum>3</RecNum><record><rec-number>3</rec-number>'
              '<titles><title>Statin therapy after ischaemic stroke: a randomised trial</title>'
              '</titles><dates><year>2019</year></dates></record></Cite></EndNote>')
    data = base64.b64encode(record.encode()).decode()
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:fldChar w:fldCharType="begin"><w:fldData xml:space="preserve">'
           f'{data[:40]}\n{data[40:]}</w:fldData></w:fldChar></w:r>'
           '<w:r><w:instrText xml:space="preserve"> ADDIN EN.CITE </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>(1)</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body></w:document>')
    items = [i for instr, raw in fieldcodes.instructions(xml.encode())
             for i in fieldcodes._items(instr, raw)]
    assert [(i.tool, i.key, i.csl["title"], i.csl["issued"]) for i in items] == [
        ("EndNote", "endnote:3", SMITH["title"], {"date-parts": [["2019"]]})]
