"""Reading the Markdown: structure, page-break repairs, and clear errors on bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litcurate.errors import ManuscriptError
from litcurate.read import manuscript
from litcurate.read.manuscript import join_fragments


def test_structure_of_the_review(review):
    assert review.title == "急性T淋巴细胞白血病MRD导向治疗进展"
    assert [e.number for e in review.entries] == list(range(1, 71))
    closing = next(p for p in review.paragraphs if p.text.startswith("综上"))
    assert review.section_title(closing.section) == "9. 结语"
    assert review.section_title(review.paragraphs[-1].section) == "基金项目"
    assert len(review.tables) == 2
    first, second = review.tables
    assert first.caption.startswith("**Table 1.**")
    assert first.rows[0].cells == ("研究", "人群", "核心结果", "临床启示")
    assert len(first.rows) == 9  # header, 4 rows, and 4 after "续表"
    assert first.rows[-1].cells[0] == "CD5 CAR-T [28]"
    assert len(second.rows) == 8
    assert not any(p.text == "续表" for p in review.paragraphs)


def test_paragraphs_cut_by_page_breaks_are_joined(review):
    texts = [p.text for p in review.paragraphs]
    assert any("只有将临床特征、MRD 动态与分子谱整合评估" in t for t in texts)
    assert any("复合指标[26]-[28] [32] [33] [52]。" in t for t in texts)
    assert any("实际入组25例15~70岁的R/R T-ALL患者" in t for t in texts)
    assert any("更精细的患者分选[69]。" in t for t in texts)
    assert not any(t.startswith(("临床特征", "[33] [52]", "25例", "的患者分选")) for t in texts)


def test_front_matter_lines_are_not_joined(review):
    texts = [p.text for p in review.paragraphs]
    assert "<sup>1</sup>济宁医学院临床医学院, 山东 济宁" in texts
    assert any(t.startswith("Copyright ©") for t in texts)


def test_entries_continued_after_a_page_break(review):
    entries = {e.number: e for e in review.entries}
    assert "Non-ETP T-ALL. *International Journal of Hematology*, **117**" in entries[14].text
    assert "Mini-Hyper-CVD Plus Venetoclax and Navitoclax" in entries[52].text
    assert entries[14].line == 249


def test_join_fragments():
    assert join_fragments("只有将", "临床特征") == "只有将临床特征"
    assert join_fragments("Mini-Hyper-CVD Plus", "Venetoclax") == "Mini-Hyper-CVD Plus Venetoclax"
    assert join_fragments("T-ALL.", "Journal*, **1**") == "T-ALL. *Journal*, **1**"
    assert join_fragments("the *Journal", "of X*, 1") == "the *Journal of X*, 1"


SMALL = "# Title\n\n## Body\n\nText cites [1] and [2].\n\n## References\n\n[1] A.\n[2] B.\n"


def test_minimal_manuscript():
    text = manuscript.parse(SMALL)
    assert text.title == "Title" and len(text.entries) == 2 and text.references_line == 7


def test_reference_list_without_heading():
    text = manuscript.parse("# T\n\nBody [1].\n\n[1] First entry.\n[2] Second entry.\n")
    assert [e.number for e in text.entries] == [1, 2]


def test_crlf_and_bom_are_accepted(tmp_path):
    path = tmp_path / "m.md"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())
    assert len(manuscript.read(path).entries) == 2


@pytest.mark.parametrize(
    "data, line, words",
    [
        (b"", 1, "manuscript is empty"),
        (b"  \n\n \n", 1, "manuscript is empty"),
        (b"# T\n\nno list here\n", 4, "no reference list found"),
        (b"# T\n\nfine\n\xff\xfe bad\n", 4, "not valid UTF-8 (byte 0xff)"),
        (b"# T\n\nx\x00y\n", 3, "NUL byte"),
    ],
)
def test_bad_input_names_file_and_line(tmp_path, data, line, words):
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    with pytest.raises(ManuscriptError) as caught:
        manuscript.read(path, "bad.md")
    message = caught.value.one_line()
    assert message.startswith(f"bad.md:{line}: ")
    assert words in message and "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(ManuscriptError, match="cannot read"):
        manuscript.read(tmp_path / "none.md")


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(manuscript, "MAX_BYTES", 100)
    path = tmp_path / "big.md"
    path.write_text(SMALL * 5)
    with pytest.raises(ManuscriptError, match="the limit is 100"):
        manuscript.read(path)


def test_round_trip_through_dict(review):
    assert manuscript.Manuscript.from_dict(review.to_dict()) == review


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#[]1- \n\t*。，abc参考文献References")),
               max_size=300))
def test_parse_never_fails_but_with_manuscript_error(text):
    try:
        result = manuscript.parse(text)
    except ManuscriptError:
        return
    assert result.entries
