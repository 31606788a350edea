"""The claim audit: errors planted in copies of the review are caught; the review is clean."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import analyse

from litcurate.audit import checks as audit
from litcurate.read.claims import Claim

QUIET = {"entity_mismatch", "author_mismatch", "numeric_inconsistency", "citation_out_of_range",
         "citation_malformed", "citation_order", "uncited_reference", "citation_topic_mismatch",
         "phase_mismatch", "population_mismatch", "setting_mismatch", "citation_year_mismatch"}


def codes(result) -> Counter:
    return Counter(f.code for f in result["findings"])


def test_the_unchanged_review_raises_no_false_alarm(baseline):
    found = codes(baseline)
    print(f"\nclaim findings on the unchanged review: {dict(found)}")
    assert not QUIET & set(found)
    # "FORUM": in no title (info); and one real over-reach (issue 17): "多中心分析和成人桥接移植
    # 经验均表明, 奈拉滨联合方案能够提高再缓解率" rests on a case series [36]; the designs of [34]
    # and [35] are not read from their titles offline (issue 16 removed the cues that fitted them)
    assert found == Counter({"entity_unverified": 1, "overstated_claim": 1})
    message = next(f.message for f in baseline["findings"] if f.code == "overstated_claim")
    assert "均表明" in message and "[36] a case series" in message
    assert "[34]" in message and "[35]: design unknown, not counted" in message


def plant(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


PLANTED = [
    # (what, old, new, expected new finding codes)
    # the row names AALL0434 and nelarabine; [18] is AALL1231, on bortezomib: both are true
    ("a citation of the wrong trial", "AALL0434 [17]\t", "AALL0434 [18]\t",
     {"entity_mismatch", "citation_topic_mismatch"}),
    ("a citation past the list", "仍明显受限[1]-[6]。", "仍明显受限[1]-[6] [71]。",
     {"citation_out_of_range"}),
    ("a reference left uncited", "逆转糖皮质激素耐药的潜力[68]；", "逆转糖皮质激素耐药的潜力；",
     {"uncited_reference"}),
    ("hedged wording made assertive",
     "达沙替尼联合糖皮质激素在前临床模型中显示逆转糖皮质激素耐药的潜力[68]",
     "达沙替尼联合糖皮质激素已被证实可逆转 T-ALL 患者的糖皮质激素耐药[68]",
     {"overstated_claim"}),
    ("an English booster on a case report",
     "均提示其可在部分高危患者中快速降低白血病负荷",
     "均提示其可在部分高危患者中快速降低白血病负荷。Venetoclax has been demonstrated to "
     "cure ETP-ALL [54]. 此外",
     {"overstated_claim"}),
    ("a number changed", "总体反应率为76% (19/25)", "总体反应率为67% (19/25)",
     {"numeric_inconsistency"}),
    ("a wrong author named", "Courtois等研究提示", "Candoni等研究提示", {"author_mismatch"}),
    ("a reversed range", "风险分层[9]-[13]。", "风险分层[13]-[9]。", {"citation_malformed"}),
    # issue #18 item 5: unfinished citations used to disappear without a finding
    ("an unfinished range", "密切相关[7][8]。", "密切相关[7][8-]。", {"citation_malformed"}),
    ("an unfinished list", "密切相关[7][8]。", "密切相关[7][8,]。", {"citation_malformed"}),
    ("references cited out of order", "密切相关[7][8]。", "密切相关[8][7]。", {"citation_order"}),
    ("an enrolment the study's title contradicts", "但感染和神经毒性监测不可放松[34]-[36]。",
     "但感染和神经毒性监测不可放松[34]-[36]。CAMPUS ALL 研究纳入 96 例成人患者[36]。",
     {"numeric_inconsistency"}),
]


@pytest.mark.parametrize("what, old, new, expected", PLANTED, ids=[p[0] for p in PLANTED])
def test_a_planted_error_is_caught(review_text, baseline, what, old, new, expected):
    result = analyse(plant(review_text, old, new))
    added = codes(result) - codes(baseline)
    print(f"\n{what}: {dict(added)}")
    assert set(added) == expected
    for item in result["findings"]:
        if item.code in expected:
            assert item.message.endswith(".") and ("“" in item.message or "[" in item.message)


def test_the_wrong_trial_message_names_both_references(review_text):
    result = analyse(plant(review_text, PLANTED[0][1], PLANTED[0][2]))
    message = next(f.message for f in result["findings"] if f.code == "entity_mismatch")
    assert "“AALL0434”" in message and "[17]" in message and "[18]" in message
    flagged = next(a for a in result["audited"] if "entity_mismatch" in a.flags)
    assert flagged.claim.cited == (18,)


def test_a_hedged_claim_on_weak_evidence_is_not_flagged(review_text):
    # the original wording hedges ("潜力") and says the work is preclinical: honest
    result = analyse(review_text)
    claim = next(a for a in result["audited"] if a.claim.cited == (68,))
    assert claim.claim.strength == "hedged" and claim.best_cebm_level == "5"
    assert claim.flags == ()


def test_author_names_fold_diacritics(review_text):
    result = analyse(plant(review_text, "国外学者 Pölönen 等提出", "国外学者 Polonen 等提出"))
    assert "author_mismatch" not in codes(result)


def test_numbers_in_english_and_chinese():
    assert [f.code for f in audit.numbers_in("ORR was 76% (19/25)")] == []
    assert [f.code for f in audit.numbers_in("19/25 (67%) responded")] == ["numeric_inconsistency"]
    assert [f.code for f in audit.numbers_in("19 of 25 patients (76%)")] == []
    assert [f.code for f in audit.numbers_in("2 of 3 patients (66%)")] == []  # truncated
    assert [f.code for f in audit.numbers_in("CR 30% (31/25)")] == ["numeric_inconsistency"]
    assert [f.code for f in audit.numbers_in("入组70~15岁患者")] == ["numeric_inconsistency"]
    # a decimal comma (Spanish, Portuguese, German): 58,8% is 10/17, not "8%"
    assert [f.code for f in audit.numbers_in("fue del 58,8% (10/17). El 60,0% (6/10)")] == []
    assert [f.code for f in audit.numbers_in("fue del 68,8% (10/17)")] == ["numeric_inconsistency"]
    assert [f.code for f in audit.numbers_in("em 1.58% (10/17)")] == ["numeric_inconsistency"]


def test_citation_order_flags_the_fewest_references():
    claims = [Claim(f"C{i}", "s", "t", tuple(ns), i, "sentence",
                    citations=({"raw": "[x]", "numbers": list(ns), "problems": []},))
              for i, ns in enumerate([(1,), (2,), (10,), (3,), (4,), (5,), (6,), (7,), (8,), (9,)])]
    found = [f for f in audit.citation_findings(claims, 10) if f.code == "citation_order"]
    assert [f.n for f in found] == [10]  # one early citation, not seven late ones


def test_uncited_and_out_of_range():
    claims = [Claim("C1", "s", "t", (1, 3, 0), 5, "sentence",
                    citations=({"raw": "[1] [3] [0]", "numbers": [1, 3, 0], "problems": []},))]
    found = audit.citation_findings(claims, 2)
    assert sorted((f.code, f.n) for f in found) == [
        ("citation_out_of_range", None), ("citation_out_of_range", None),
        ("uncited_reference", 2)]
