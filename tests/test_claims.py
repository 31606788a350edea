"""Claims: strength cues in both languages, negation, hedges that govern, context."""

from __future__ import annotations

import pytest

from litcurate.read import claims, manuscript


@pytest.mark.parametrize("text, strength, cue", [
    ("该试验证实奈拉滨可改善无病生存", "assertive", "证实"),
    ("多项研究均表明该方案有效", "assertive", "均表明"),
    ("这一结果确立了其一线地位", "assertive", "确立"),
    ("The trial demonstrated a survival benefit", "assertive", "demonstrated"),
    ("These data established nelarabine as standard", "assertive", "established"),
    ("结果提示该方案可能有效", "hedged", "提示"),
    ("该药物有望成为新的选择", "hedged", "有望"),
    ("The data suggest a benefit", "hedged", "suggest"),
    ("Venetoclax may deepen remission", "hedged", "may"),
    ("患者接受了四个周期治疗", "neutral", None),
    ("Patients received four cycles", "neutral", None),
])
def test_cues(text, strength, cue):
    found, cues = claims.strength_of(text)
    assert found == strength
    assert (cue in cues) if cue else cues == ()


@pytest.mark.parametrize("text", [
    "其疗效尚未证实", "目前并未证实其获益", "This benefit has not been demonstrated",
    "No study has established it",
])
def test_a_negated_booster_is_a_hedge(text):
    assert claims.strength_of(text)[0] == "hedged"


def test_not_only_and_very_are_not_negations():
    assert claims.strength_of("它不仅证实了疗效")[0] == "assertive"
    assert claims.strength_of("证据非常明确")[0] == "assertive"


def test_a_hedge_governs_the_boosters_after_it_in_the_sentence():
    assert claims.strength_of("现有证据提示, 这些异常属于相对明确的机制")[0] == "hedged"
    assert claims.strength_of("Data suggest that it is clearly active")[0] == "hedged"
    # a booster before the hedge still asserts
    assert claims.strength_of("AALL0434 证实其获益, 这一结果提示明确价值")[0] == "assertive"


def test_to_be_clarified_is_not_a_booster():
    assert claims.strength_of("未来需明确干预策略")[0] == "neutral"


def test_table_cells_are_separate_statements():
    assert claims.strength_of("研究提示 | 具明确价值")[0] == "assertive"


def test_a_following_sentence_about_the_study_is_context():
    text = manuscript.parse(
        "# T\n\n## 1. 结果\n\n一项 II 期研究入组 25 例患者[1]。研究报道总体反应率为76% (19/25)。"
        "另一话题。\n\n## 参考文献\n\n- [1] Doe, J. (2020) A Trial. *J*, **1**, 1-2.\n")
    found = claims.extract(text)
    assert len(found) == 1
    assert found[0].context == ("研究报道总体反应率为76% (19/25)。",)
    assert found[0].section == "1. 结果" and found[0].cited == (1,)


def test_the_bundled_review(baseline):
    found = baseline["claims"]
    counts = {s: sum(c.strength == s for c in found) for s in ("assertive", "hedged", "neutral")}
    print(f"\nclaims {len(found)}: {counts}")
    assert len(found) == 70
    assert sum(c.kind == "table_row" for c in found) == 15
    # every citation group in the body is in exactly one claim
    cited = {n for c in found for n in c.cited}
    assert cited == set(range(1, 71))
    aall0434 = next(c for c in found if c.text.startswith("AALL0434 证实"))
    assert aall0434.strength == "assertive" and aall0434.cited == (17,)
    assert any("(19/25)" in " ".join(c.context) for c in found)
