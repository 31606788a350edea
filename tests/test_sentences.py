"""Sentence segmentation, in Chinese and English."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from litcurate.read import sentences


def test_chinese_full_stops_and_question_marks():
    assert sentences.split("甲研究有效[1]。乙研究无效[2]！丙呢？") == [
        "甲研究有效[1]。", "乙研究无效[2]！", "丙呢？"]


def test_decimals_abbreviations_and_initials_do_not_end_a_sentence():
    text = ("Smith et al. reported a 3.5-fold rise vs. placebo in J. Doe's cohort [1]. "
            "The effect was approx. twice as large [2].")
    assert sentences.split(text) == [
        "Smith et al. reported a 3.5-fold rise vs. placebo in J. Doe's cohort [1].",
        "The effect was approx. twice as large [2]."]


def test_semicolon_clauses_keep_their_own_citations():
    text = "达沙替尼显示潜力[68]；部分研究在探索[19]；CDK4/6 的依据来自实验[41][42]。"
    assert sentences.split(text) == ["达沙替尼显示潜力[68]；", "部分研究在探索[19]；",
                                     "CDK4/6 的依据来自实验[41][42]。"]


def test_an_uncited_clause_joins_the_cited_clause_after_it():
    text = "最新研究发现表达可预测活化；这说明需要更精细的分选[69]。"
    assert sentences.split(text) == [text]


def test_an_uncited_clause_after_a_cited_one_stands_alone():
    assert sentences.split("预后价值稳定[4]; 临床实践中应综合判断。") == [
        "预后价值稳定[4];", "临床实践中应综合判断。"]


def test_a_citation_after_the_full_stop_belongs_to_the_sentence_before():
    assert sentences.split("The trial was positive. [3] Later work agreed.") == [
        "The trial was positive. [3]", "Later work agreed."]


def test_a_split_citation_group_is_one_claim():
    # a page break joined "…[32]" and "[33] [52]。" into one paragraph
    text = "终点应升级为复合指标[26]-[28] [32] [33] [52]。"
    assert sentences.split(text) == [text]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。；;.!? abc12[]-等例%/年Ab\n", max_size=200))
def test_segmentation_never_loses_text(text):
    parts = sentences.split(text)
    assert "".join(parts).replace(" ", "").replace("\n", "") == (
        text.replace(" ", "").replace("\n", ""))
