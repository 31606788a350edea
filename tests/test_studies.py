"""Study characteristics and evidence levels: one test per rule, in both languages."""

from __future__ import annotations

import pytest

from litcurate import lexicon
from litcurate.curate import CuratedReference
from litcurate.evidence import levels as evidence
from litcurate.evidence import studies
from litcurate.read.claims import Claim


def ref(title: str, journal: str = "Blood", n: int = 1) -> CuratedReference:
    return CuratedReference(n=n, key=f"k{n}", authors=("Doe, J.",), et_al=False, year="2024",
                            title=title, journal=journal, volume="1", issue="", pages="1-9",
                            article_number="", doi="", status="offline", times_cited=1,
                            source=("manuscript",))


def said(text: str, n: int = 1, line: int = 10, context: tuple[str, ...] = ()) -> Claim:
    return Claim(claim_id="C001", section="s", text=text, cited=(n,), line=line,
                 kind="sentence", context=context)


def study(title: str, journal: str = "Blood", sentences=(), record=None, override=None):
    return studies.extract(ref(title, journal), record, [said(s) for s in sentences], override)


@pytest.mark.parametrize("title, design", [
    ("A Systematic Review and Meta-Analysis of Nelarabine", "systematic_review"),
    ("Nelarabine versus Observation: A Randomised Controlled Trial", "rct"),
    ("A Phase III Trial of Bortezomib in Newly Diagnosed ALL", "rct"),
    ("Venetoclax in Relapsed T-ALL: A Single-Arm, Phase 2 Trial", "nonrandomized_trial"),
    ("A Phase I/II Study of CD7 CAR-T", "nonrandomized_trial"),
    ("Outcomes in a Population-Based Cohort of Adolescents", "cohort"),
    ("Prognostic Factors after Transplant: A Registry-Based Study", "cohort"),
    ("Clinical Experience with Venetoclax and Chemotherapy", "unknown"),  # cue fitted, removed
    ("Venetoclax with CAG: A Case Report and Literature Review", "case_report"),
    ("A Complete Response in a Heavily Pre-Treated, Refractory Leukemia/Lymphoma Patient",
     "unknown"),  # "in a … patient" was fitted to one title: removed (issue 16)
    ("Daratumumab in Acute Leukemia—Case Report on Three Cases", "case_series"),
    ("Preclinical Efficacy of Daratumumab in T-ALL", "preclinical"),
    ("Phase II-Like Mouse Trial Identifies Synergy", "preclinical"),
    ("Randomly Assigned Aspirin or Placebo after Thromboembolism", "rct"),
    ("Here, We Discuss Strategies for Antibody Design", "review"),
    ("Apoptosis in T Lymphoblastic Leukemia Cell Lines", "preclinical"),
    ("Demethylation of CpG Islands Raises miR-153 in HEK-293 Human Kidney Cells",
     "preclinical"),  # a cell line named without the words "cell line"
    ("Lutein Transport by Caco-2 TC-7 Cells Occurs Partly by a Facilitated Process",
     "preclinical"),
    ("Adult ALL: 2025 Update on Diagnosis and Therapy", "review"),
    ("Management of ALL in Adults: Recommendations from a European Expert Panel", "guideline"),
    ("Pediatric ALL, NCCN Clinical Practice Guidelines in Oncology", "guideline"),
    ("An Editorial on Dual Inhibition", "commentary"),
    ("Therapeutic Targeting of the NOTCH1 Pathway", "preclinical"),  # a weak cue decides alone
    ("Nelarabine for T-ALL", "unknown"),
])
def test_design_from_the_title(title, design):
    found = study(title)
    assert found.design == design, found.evidence
    assert found.cebm_level == evidence.level(design)


@pytest.mark.parametrize("sentence, design", [
    ("一项多中心单臂 II 期研究入组 25 例患者", "nonrandomized_trial"),
    ("这项随机对照研究比较了两种方案", "rct"),
    ("成人注册研究亦提示移植结局有所改善", "cohort"),
    ("一项回顾性分析纳入了 40 例患者", "cohort"),
    ("该个案报道了一例患者的完全缓解", "case_report"),
    ("达沙替尼在前临床模型中显示潜力", "preclinical"),
    ("Fries 等从评论角度指出双重抑制是方向", "commentary"),
    ("这篇系统评价纳入 12 项研究", "systematic_review"),
    ("该指南推荐移植", "guideline"),
])
def test_design_from_what_the_manuscript_says(sentence, design):
    found = study("Nelarabine for T-ALL", sentences=[sentence])
    assert found.design == design
    assert "manuscript line 10" in found.evidence[0]


@pytest.mark.parametrize("abstract, design", [
    # a review discussing trials (abstract written for this test after PubMed's pattern)
    ("Novel drugs are in large, phase 3 outcomes trials. In this review, we describe the "
     "biochemistry of the particle.", "review"),
    ("Twelve randomised trials were pooled. In this review, a meta-analysis of their "
     "results is given.", "systematic_review"),
    ("Cell lines resist the drug. We report a patient whose leukaemia responded.",
     "case_report"),
    ("This systematic review pooled phase 3 trials.", "systematic_review"),
    # not a self-description: the design words decide as before
    ("Patients were randomly assigned to two arms after our review of medical records.",
     "rct"),
])
def test_a_text_naming_its_own_genre_decides_before_ranked_cues(abstract, design):
    found, notes = studies.design_from_text("Lipid particles and the heart", abstract)
    assert found == design, notes


def test_the_manuscript_saying_this_review_is_not_the_cited_works_genre():
    found = study("A Phase 2 Trial of Nelarabine", sentences=["In this review we cite it."])
    assert found.design == "nonrandomized_trial"


def test_sources_in_order_of_trust():
    # the title outranks the manuscript; the abstract outranks the title
    assert study("A Phase 2 Trial", sentences=["一项回顾性分析"]).design == "nonrandomized_trial"
    record = {"title": ["A Phase 2 Trial"],
              "abstract": "<jats:p>We did a randomised controlled trial.</jats:p>"}
    found = study("A Phase 2 Trial", record=record)
    assert found.design == "rct" and "(abstract (Crossref))" in found.evidence[0]
    assert study("Acute Leukaemia", journal="Nature Reviews Disease Primers").design == "review"
    assert study("Nelarabine", record={"type": "book-chapter"}).design == "review"


def test_an_editors_override_wins():
    found = study("A Phase 2 Trial", override={"design": "cohort", "sample_size": "40"})
    assert found.design == "cohort" and found.cebm_level == "3"
    assert found.sample_size == "40" and found.sample_size_source == "override"
    assert found.evidence[0].endswith("editor's override")


@pytest.mark.parametrize("text, phase", [
    ("A Phase I Trial", "I"), ("Phase 2 Trial", "II"), ("A Phase I/II Study", "I/II"),
    ("Phase III Randomized Trial", "III"), ("Phase II-Like Murine Trial", ""),
])
def test_phase(text, phase):
    assert study(text).phase == phase


def test_phase_in_chinese():
    assert study("Venetoclax", sentences=["一项 II 期研究"]).phase == "II"
    assert study("Venetoclax", sentences=["这项Ⅲ期临床试验"]).phase == "III"


@pytest.mark.parametrize("title, value", [
    ("A Randomized Trial", "yes"), ("A Non-Randomized Trial", "no"),
    ("A Single-Arm Phase 2 Trial", "no"),
    ("A Phase 2 Trial Including Randomisation in the Very High-Risk Group", "partial"),
    ("Nelarabine for T-ALL", ""),
])
def test_randomized(title, value):
    assert study(title).randomized == value


@pytest.mark.parametrize("text, population", [
    ("Nelarabine in Children and Young Adults", "mixed"),
    ("Outcomes in Childhood T-ALL", "pediatric"),
    ("Dynamic MRD for Adolescent and Adult T-LBL", "mixed"),
    ("Salvage Therapy in 118 Adult Patients", "adult"),
    ("Adolescents and Young Adults with ALL", "aya"),
    ("Children's Oncology Group AALL0434: Nelarabine", ""),  # a group's name, not a population
])
def test_population(text, population):
    assert study(text).population == population


def test_population_in_chinese_and_from_ages():
    assert study("Nelarabine", sentences=["儿童/AYA 初治 T-ALL"]).population == "mixed"
    assert study("Nelarabine", sentences=["成人 T-ALL 患者"]).population == "adult"
    assert study("Nelarabine", sentences=["青少年和青年成人患者"]).population == "aya"
    found = study("Nelarabine", sentences=["入组25例15~70岁的患者"])
    assert found.age_range == "15-70" and found.population == "mixed"
    assert study("Nelarabine", sentences=["入组20例2~12岁的患者"]).population == "pediatric"


@pytest.mark.parametrize("text, setting", [
    ("Newly Diagnosed T-ALL", "newly_diagnosed"),
    ("Relapsed/Refractory T-ALL", "relapsed_refractory"),
    ("Salvage Therapy for T-ALL", "relapsed_refractory"),
    ("Frontline and Relapsed T-ALL", "mixed"),
    ("Reducing the Risk of Relapse", ""),  # a risk of relapse is an outcome, not a setting
])
def test_setting(text, setting):
    assert study(text).setting == setting


def test_setting_in_chinese():
    assert study("Nelarabine", sentences=["初治 T-ALL"]).setting == "newly_diagnosed"
    assert study("Nelarabine", sentences=["复发/难治患者"]).setting == "relapsed_refractory"
    assert study("Nelarabine", sentences=["可降低复发风险"]).setting == ""


@pytest.mark.parametrize("text, size", [
    ("Nelarabine in 118 Adult Patients", "118"), ("Case Report on Three Cases", "3"),
    ("A Trial (n = 42)", "42"),
])
def test_sample_size(text, size):
    assert study(text).sample_size == size


def test_sample_size_in_chinese():
    found = study("Venetoclax", sentences=["该研究在 10 家医院开展, 实际入组25例患者"])
    assert found.sample_size == "25" and found.sample_size_source == "manuscript line 10"
    assert found.centres == "multicentre"


def test_interventions_with_chinese_names_mapped():
    found = study("Nelarabine", sentences=["维奈克拉联合阿扎胞苷"])
    assert found.interventions == ("nelarabine",)  # the title decides first
    found = study("A Study", sentences=["奈拉滨、达雷妥尤单抗和维奈克拉联合方案"])
    assert found.interventions == ("nelarabine", "venetoclax", "daratumumab")
    assert studies.interventions_in("Base-Edited CAR7 T Cells") == ["CD7 CAR-T"]
    assert studies.interventions_in("Chimeric Antigen Receptor T-Cell Therapy") == ["CAR-T"]
    assert studies.interventions_in("CD5-Specific CAR-T Therapy") == ["CD5 CAR-T"]


@pytest.mark.parametrize("text, names", [
    ("Children's Oncology Group AALL0434: A Phase III Trial", ["AALL0434"]),
    ("Intrathecal Therapy (ALL-T11): A Phase 2 Trial", ["ALL-T11"]),
    ("Patients Treated in Trial AIEOP-BFM ALL 2009", ["AIEOP-BFM ALL 2009"]),
    ("Daratumumab: The DELPHINUS Study", ["DELPHINUS"]),
    ("Nelarabine in Adults. A CAMPUS ALL Study", ["CAMPUS ALL"]),
    ("registered as NCT03181126", ["NCT03181126"]),
    ("FORUM 研究重新巩固了 TBI 的地位", ["FORUM"]),
    ("NOTCH 研究与 MRD 研究和 T-ALL 研究", []),  # targets and diseases are not trials
    ("AZD5363 anti-leukemia activity", []),  # a drug code is not a protocol
])
def test_trial_names(text, names):
    assert studies.trial_names(text) == names


def test_outcomes_the_manuscript_reports():
    found = study("Venetoclax", sentences=["主要终点为总体反应率"],
                  )
    assert found.outcomes == ()
    found = studies.extract(ref("Venetoclax"), None, [said(
        "主要终点为总体反应率[1]。", context=("研究报道总体反应率为76% (19/25)，其中CR为36%。",))])
    assert found.outcomes == ("overall response rate 76% (19/25)", "complete remission 36%")


def test_a_review_takes_nothing_from_the_manuscript():
    found = study("Adult ALL: An Update on Therapy", sentences=["复发/难治患者接受维奈克拉"])
    assert found.design == "review" and found.setting == "" and found.interventions == ()


def test_best_evidence():
    assert evidence.best(["case_report", "rct", "review"]) == ("rct", "2")
    assert evidence.best(["review", "unknown"]) == ("review", "")
    assert evidence.best([]) == ("unknown", "")
    assert evidence.all_graded(["case_report", "preclinical"])
    assert not evidence.all_graded(["case_report", "unknown"])


def test_every_lexicon_cue_is_a_string_that_compiles():
    def cues(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from cues(value)
        elif isinstance(node, list):
            for value in node:
                yield from cues(value)
        else:
            yield node
    for name in ("studies", "strength"):
        data = lexicon.load(name)
        for cue in cues({k: v for k, v in data.items()
                         if k not in ("cebm_levels", "number_words", "negation_window",
                                      "crossref_types")}):
            assert isinstance(cue, str), (name, cue)
            lexicon.compile_cue(cue)


@pytest.mark.parametrize("designs, expected", [
    (["systematic_review", "rct"], ("1", 1, "A")),
    (["rct", "rct", "review"], ("2", 2, "A")),
    (["rct", "cohort"], ("2", 1, "B")),
    (["cohort", "case_series"], ("3", 1, "C")),
    (["case_report"], ("4", 1, "C")),
    (["preclinical", "preclinical"], ("5", 2, "D")),
    (["systematic_review", "case_report"], ("1", 1, "D")),  # three levels apart: inconsistent
    (["review", "unknown"], ("", 0, "")),  # nothing graded: no grade
])
def test_grade_of_the_evidence_behind_a_claim(designs, expected):
    assert evidence.grade(designs) == expected


@pytest.mark.parametrize("types, mesh, design", [
    (["Journal Article", "Randomized Controlled Trial", "Multicenter Study"], ["Humans"], "rct"),
    (["Clinical Trial, Phase II"], ["Humans"], "nonrandomized_trial"),
    (["Clinical Trial, Phase II", "Randomized Controlled Trial"], ["Humans"], "rct"),
    (["Meta-Analysis", "Review"], ["Humans"], "systematic_review"),
    (["Case Reports", "Letter"], ["Humans"], "case_report"),
    (["Journal Article", "Practice Guideline"], ["Humans"], "guideline"),
    (["Editorial", "Comment"], ["Humans"], "commentary"),
    (["Journal Article", "Observational Study"], ["Humans"], "cohort"),
    (["Journal Article"], ["Animals", "Mice", "Disease Models, Animal"], "preclinical"),
    (["Journal Article"], ["Humans", "Animals", "Cell Line, Tumor"], ""),  # humans studied too
    (["Journal Article"], ["Humans", "Retrospective Studies"], "cohort"),
    (["Journal Article", "Review"], ["Animals"], "review"),  # a review of animal work
    (["Journal Article", "Research Support, Non-U.S. Gov't"], ["Humans"], ""),
])
def test_design_from_publication_types_and_mesh(types, mesh, design):
    from litcurate.evidence import pubtypes

    assert pubtypes.design(types, mesh)[0] == design


def test_publication_types_outrank_every_word_cue():
    pubmed = {"pmid": "23121403", "publication_types": ["Journal Article",
                                                        "Randomized Controlled Trial"],
              "mesh": ["Humans"], "abstract": "We report a case of a patient."}
    found = studies.extract(ref("A Case Report"), None, [said("一项回顾性研究")], None, pubmed)
    assert found.design == "rct" and found.cebm_level == "2"
    assert found.evidence[0] == "design: publication type: Randomized Controlled Trial (PubMed)"
    assert found.publication_types == ("Journal Article", "Randomized Controlled Trial")
    assert found.mesh == ("Humans",) and found.abstract_source == "pubmed"
    # the editor's override still wins
    assert studies.extract(ref("A Case Report"), None, [], {"design": "cohort"},
                           pubmed).design == "cohort"


def test_case_reports_of_several_patients_are_a_case_series():
    pubmed = {"publication_types": ["Case Reports"], "mesh": ["Humans"],
              "abstract": "We report on three cases of relapsed T-ALL."}
    found = studies.extract(ref("Daratumumab in relapsed T-ALL"), None, [], None, pubmed)
    assert found.design == "case_series" and found.sample_size == "3"
