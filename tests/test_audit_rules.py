"""The issue-17 audit rules, each kind in Chinese and English, on hand-written claims and
hand-written reference records (titles as the journals print them; no parser output)."""

from __future__ import annotations

from litcurate.audit import checks, names, numbers, strength, subject
from litcurate.curate import CuratedReference
from litcurate.evidence.studies import Study
from litcurate.read import citeform, manuscript
from litcurate.read import claims as claimmod
from litcurate.read.claims import Claim
from litcurate.refs import citekeys, references


def ref(n: int, title: str, authors=("Smith, J.",), year: str = "2020",
        reading: str = "parsed") -> CuratedReference:
    return CuratedReference(n=n, key=f"r{n}", authors=tuple(authors), et_al=False, year=year,
                            title=title, journal="J", volume="1", issue="", pages="1-2",
                            article_number="", doi="", status="offline", times_cited=1,
                            source=(), reading=reading)


def claim(text: str, cited: tuple[int, ...], kind: str = "sentence", context=()) -> Claim:
    strength_, cues = claimmod.strength_of(text)
    return Claim("C001", "s", text, cited, 10, kind, strength_, cues, tuple(context),
                 ({"raw": " ".join(f"[{n}]" for n in cited), "numbers": list(cited),
                   "problems": []},))


# Titles written from the real articles (as printed in the journals).
CD7 = "Fratricide-Resistant CD7-CAR T Cells in T-ALL"
CD5 = "Allogeneic CD5-Specific CAR-T Therapy for Relapsed/Refractory T-ALL: A Phase I Trial"
DARA = ("Daratumumab in Pediatric Relapsed/Refractory Acute Lymphoblastic Leukemia or "
        "Lymphoblastic Lymphoma: The DELPHINUS Study")
ALLT11 = ("Nelarabine, Intensive L-Asparaginase, and Protracted Intrathecal Therapy for Newly "
          "Diagnosed T-Cell Acute Lymphoblastic Leukaemia in Children and Young Adults "
          "(ALL-T11): A Nationwide, Multicenter, Phase 2 Trial")
ADULT = ("Prognostic Factors Impacting Post-Transplant Outcomes in Adult T-Cell Acute "
         "Lymphoblastic Leukemia: A Registry-Based Study")
REFS = {1: ref(1, CD7), 2: ref(2, CD5), 3: ref(3, DARA, ("Bhatla, T.",), "2024"),
        4: ref(4, ALLT11, ("Sato, A.",), "2023"), 5: ref(5, ADULT, ("El Cheikh, J.",), "2024")}


def described(refs=REFS):
    return {n: subject.metadata(r) for n, r in refs.items()}


def codes(found) -> list[str]:
    return [f.code for f in found]


# ---------------------------------------------------------------------------- topic


def test_a_cd5_claim_citing_a_cd7_paper_names_the_cd5_paper():
    for text in ("同种异体 CD5 CAR-T 获得很高的早期缓解率[1]。",
                 "Allogeneic CD5 CAR-T cells gave high early remission rates [1]."):
        found = subject.topic(claim(text, (1,)), described())
        assert codes(found) == ["citation_topic_mismatch"], text
        assert "[2]" in found[0].message and "CD7 CAR-T" in found[0].message
        assert "title in the list" in found[0].message


def test_a_claim_on_a_cited_drug_or_a_list_is_on_topic():
    assert subject.topic(claim("CD7 CAR-T 可快速降瘤[1]。", (1,)), described()) == []
    # a list of therapies citing a paper on one of them is a list, not a wrong citation
    listed = claim("CD7 CAR-T、CD5 CAR-T 与达雷妥尤单抗均显示早期活性[1]。", (1,))
    assert subject.topic(listed, described()) == []


def test_no_metadata_no_topic_finding():
    unread = {**REFS, 1: ref(1, CD7, reading="uncertain")}
    text = claim("Allogeneic CD5 CAR-T cells gave high remission rates [1].", (1,))
    assert subject.topic(text, described(unread)) == []


def test_a_trial_named_in_a_table_cell_without_study_is_checked():
    index = {"delphinus": {3}}
    assert subject.trial_mentions("DELPHINUS | 儿童 R/R T-ALL | 桥接", index) == ["delphinus"]
    assert subject.trial_mentions("THE DELPHINUSX cell", index) == []


def test_an_acronym_written_out_in_the_cited_title_is_named_by_it():
    # real titles (BMC Oral Health 2008's list): the instrument named by its acronym in two
    # titles and written out in the third
    refs = {14: ref(14, "Validation of a Chinese version of the Oral Health Impact Profile "
                        "(OHIP)"),
            15: ref(15, "Reliability and validity of a Swedish version of the Oral health "
                        "Impact profile (OHIP-S)"),
            17: ref(17, "The Hungarian version of the Oral health Impact Profile"),
            18: ref(18, "Cross-cultural adaptation of health-related quality of life "
                        "measures: Literature review and proposed guidelines")}
    index = checks.OwnerIndex({}, refs)
    hungarian = claim("This result also surfaced in the Hungarian OHIP study [17].", (17,))
    assert checks.entities(hungarian, index, refs) == []
    wrong = claim("This result also surfaced in the Hungarian OHIP study [18].", (18,))
    assert codes(checks.entities(wrong, index, refs)) == ["entity_mismatch"]
    assert subject.spelled_out("OHIP", "the Oral health Impact Profile")
    assert subject.spelled_out("COG", "Children's Oncology Group AALL0434")
    assert not subject.spelled_out("OHIP", "Oral health in older people")
    assert not subject.spelled_out("OH", "Oral Health")  # two letters spell too much


# ---------------------------------------------------------------------------- phase


def test_a_phase_the_title_contradicts():
    for text in ("随后 III 期 ALL-T11 研究进一步将奈拉滨整合入方案[4]。",
                 "The phase 3 ALL-T11 trial added nelarabine [4]."):
        found = subject.phase(claim(text, (4,)), described())
        assert codes(found) == ["phase_mismatch"], text
        assert "Phase 2" in found[0].message
    for text in ("II 期 ALL-T11 研究[4]。", "The phase II ALL-T11 trial [4].",
                 "The phase 1/2 ALL-T11 trial [4]."):
        assert subject.phase(claim(text, (4,)), described()) == [], text
    # a cited work whose record states no phase could be the one meant
    assert subject.phase(claim("The phase 3 trials [4] [3].", (4, 3)), described()) == []


# ---------------------------------------------------------------------------- population, setting


def test_children_moved_to_adults_and_back():
    for text, n in (("DELPHINUS 提示可作为成人患者化疗联合的桥接手段[3]。", 3),
                    ("In adults with relapsed T-ALL, daratumumab achieved remissions [3].", 3),
                    ("儿童注册研究亦提示移植结局有所改善[5]。", 5),
                    ("In children, post-transplant outcomes improved [5].", 5)):
        found = subject.population(claim(text, (n,)), described())
        assert codes(found) == ["population_mismatch"], text
        assert "its title in the list" in found[0].message


def test_the_young_adult_band_contradicts_neither():
    # ALL-T11: children and young adults; "年轻成人" and "adolescents" are not a contradiction
    for text in ("In adolescents and young adults, nelarabine was added [4].",
                 "儿童和青少年患者中, 奈拉滨被整合入方案[4]。",
                 "In adults, nelarabine was added [4]."):
        assert subject.population(claim(text, (4,)), described()) == [], text


def test_a_setting_the_title_contradicts():
    for text in ("初治 T-ALL 中, 达雷妥尤单抗联合化疗可诱导缓解[3]。",
                 "In newly diagnosed T-ALL, daratumumab with chemotherapy induced remission [3].",
                 "复发 T-ALL 患者中加入奈拉滨[4]。"):
        assert codes(subject.setting(claim(text, (3 if "3]" in text else 4,)), described())) \
            == ["setting_mismatch"], text
    # a table row: the population cell decides, not a result cell about relapse
    row = claim("ALL-T11 [4] | 儿童/青年 初治 T-ALL | 降低 CNS 复发并减少挽救治疗需求", (4,),
                kind="table_row")
    assert subject.setting(row, described()) == []


# ---------------------------------------------------------------------------- year


def test_a_year_given_to_a_named_author():
    for text in ("Sato 等 2019 年报道了奈拉滨方案[4]。", "Sato et al. (2019) added nelarabine [4].",
                 "the 2019 study by Sato added nelarabine [4]."):
        found = subject.year(claim(text, (4,)), REFS)
        assert codes(found) == ["citation_year_mismatch"], text
        assert "[4] by Sato is of 2023" in found[0].message
    for text in ("Sato 等 2023 年报道了奈拉滨方案[4]。", "Sato et al. (2023) added nelarabine [4].",
                 "Jones et al. (2019) found otherwise [4]."):  # not an author: author_mismatch's
        assert subject.year(claim(text, (4,)), REFS) == [], text


def test_a_year_before_the_authors_and_a_year_said_of_the_work():
    for text in ("In 2019, Sato et al. added nelarabine [4].",   # the year opens the clause
                 "in 2019 Sato and Ito added nelarabine [4].",
                 "A 2019 study by Sato added nelarabine [4]."):
        assert codes(subject.year(claim(text, (4,)), REFS)) == ["citation_year_mismatch"], text
    for text in ("2019 年发表的 ALL-T11 研究加入了奈拉滨[4]。",   # the work's year, no name
                 "The ALL-T11 results, published in 2019, added nelarabine [4]."):
        found = subject.year(claim(text, (4,)), REFS)
        assert codes(found) == ["citation_year_mismatch"], text
        assert "the cited [4] is of 2023" in found[0].message
    for text, cited in (("In 2023, Sato et al. added nelarabine [4].", (4,)),
                        ("2023 年发表的 ALL-T11 研究加入了奈拉滨[4]。", (4,)),
                        ("2019 年发表的两项研究加入了奈拉滨[4][5]。", (4, 5)),  # whose year?
                        ("Results published in 2023 by Sato differ [4].", (4,))):
        assert subject.year(claim(text, cited), REFS) == [], text


def test_an_author_year_citation_is_not_read_as_a_claimed_year():
    c = Claim("C1", "s", "Nelarabine was added (Sato et al., 2019).", (4,), 1, "sentence",
              citations=({"raw": "(Sato et al., 2019)", "numbers": [4], "problems": []},))
    assert subject.year(c, REFS) == []


# ---------------------------------------------------------------------------- numbers


def test_an_enrolment_its_own_fraction_contradicts():
    for text in ("该研究入组 28 例患者, 19/25 获得缓解[1]。",
                 "The trial enrolled 28 patients, and 19/25 responded [1]."):
        found = numbers.fractions_vs_enrolment(claim(text, (1,)))
        assert codes(found) == ["numeric_inconsistency"], text
    for text in ("该研究入组 28 例患者, 可评估的 25 例中 19/25 获得缓解[1]。",
                 "The trial enrolled 28 patients; 19/25 evaluable patients responded [1].",
                 "The trial enrolled 25 patients, and 19/25 responded [1]."):
        assert numbers.fractions_vs_enrolment(claim(text, (1,))) == [], text


def test_a_percentage_no_count_of_n_gives():
    for text in ("入组 25 例患者, CR 率为 46%[1]。",
                 "Of 25 patients treated, 46% achieved complete remission [1]."):
        found = numbers.percent_of_enrolment(claim(text, (1,)))
        assert codes(found) == ["numeric_inconsistency"], text
        assert "11/25 = 44.0%" in found[0].message
    for text in ("入组 25 例患者, CR 率为 44%[1]。",
                 "Of 3 patients treated, 33% achieved complete remission [1].",  # rounded
                 "Of 3 patients treated, 33.3% achieved complete remission [1].",
                 "入组 25 例患者, 3 年总生存率为 46%[1]。"):  # a survival estimate: no count
        assert numbers.percent_of_enrolment(claim(text, (1,))) == [], text


def test_a_later_percentage_of_the_same_patients():
    for text in ("研究报道总体反应率为76% (19/25)，其中CR为38%[1]。",
                 "The response rate was 76% (19/25), of whom 38% reached complete remission [1]."):
        found = numbers.percent_of_subset(claim(text, (1,)))
        assert codes(found) == ["numeric_inconsistency"], text
    for text in ("研究报道总体反应率为76% (19/25)，其中CR为36%[1]。",    # 9/25
                 "The response rate was 76% (19/25); 38% of another cohort relapsed [1].",
                 "ORR was 76% (19/25) and 50% (4/8) in the second arm; CR 38% [1]."):
        assert numbers.percent_of_subset(claim(text, (1,))) == [], text


def test_a_count_and_its_percentage_of_the_stated_population():
    found = numbers.count_of_population(
        "A study of blood alcohol in 4778 Thai drivers found 461 (8.7%) over the limit.", "L1")
    assert codes(found) == ["numeric_inconsistency"]
    assert "461/4778 is 9.6%, not 8.7%" in found[0].message
    for text in ("A study of blood alcohol in 4778 Thai drivers found 416 (8.7%) over it.",
                 "De 1.203 casos, 104 (8,6%) foram hospitalizados.",  # no "in/of N" in English
                 # every pair is of one other base (41 items), not of the 30 documents
                 "Items varied among the 30 consent documents, from 9 (22%) to 36 (88%).",
                 "Of 85 samples, 37 (43.50%) grew bacteria.",  # a slip in the 2nd decimal
                 "In 120 patients, 30 (50%) of the 60 women relapsed.",  # of another number
                 "In 120 patients and 60 controls, 30 (50%) of controls relapsed."):
        assert numbers.count_of_population(text, "L1") == [], text


def test_a_count_the_cited_title_contradicts_in_the_common_phrasings():
    study = Study(1, "r1", design="case_series", sample_size="3",
                  sample_size_source="title")
    for text in ("Prejzner 等报道的 5 例复发/难治患者均接受了达雷妥尤单抗治疗[1]。",
                 "Daratumumab was given to 5 adult patients with relapsed leukaemia [1]."):
        found = checks.enrolment(claim(text, (1,)), {1: study})
        assert codes(found) == ["numeric_inconsistency"], text
        assert "reports 3 patients (its title)" in found[0].message
    assert checks.enrolment(claim("报道的 3 例患者[1]。", (1,)), {1: study}) == []
    # a number word (EID 2009's list: "Zika virus: a report on three cases …")
    found = checks.enrolment(claim("Five cases of human infection were described (1).", (1,)),
                             {1: study})
    assert codes(found) == ["numeric_inconsistency"]
    assert checks.enrolment(claim("Three cases of infection were described (1).", (1,)),
                            {1: study}) == []


def test_a_claim_citing_several_works_is_judged_by_the_one_it_names():
    refs = {**REFS, 6: ref(6, "Nelarabine as Salvage Therapy in 118 Adult Patients: A CAMPUS ALL "
                              "Study", ("Candoni, A.",), "2020")}
    index = checks.OwnerIndex({}, refs)
    named = claim("CAMPUS ALL 研究中 181 例成人患者均接受了奈拉滨[4]-[6]。", (4, 5, 6))
    assert checks.focus(named, index, refs) == (6,)
    by_author = claim("Bhatla et al. found daratumumab active in adults [3][4].", (3, 4))
    assert checks.focus(by_author, index, refs) == (3,)
    found = subject.population(by_author, described(refs), checks.focus(by_author, index, refs))
    assert codes(found) == ["population_mismatch"]
    assert checks.focus(claim("Nelarabine was added [4][5].", (4, 5)), index, refs) == ()
    both = claim("ALL-T11 and the CAMPUS ALL study agree [4][6].", (4, 6))
    assert checks.focus(both, index, refs) == ()  # two named: none singled out




# ---------------------------------------------------------------------------- strength


def test_strength_cues_are_matched_as_words_and_by_meaning():
    s = claimmod.strength_of
    assert s("复发/难治患者争取 MRD 阴性或尽可能低的肿瘤负荷")[0] == "neutral"  # not 可能
    assert s("诱导后 MRD 阳性提示复发风险显著增加")[0] == "neutral"  # a marker predicts
    assert s("EOC 持续高 MRD 提示不良结局")[0] == "neutral"
    assert s("研究提示其可改善生存")[0] == "hedged"
    assert s("维奈克拉联合 HAG 已成为标准挽救方案")[0] == "assertive"
    assert s("FORUM 研究重新巩固了 TBI 联合依托泊苷在儿童 ALL 中的地位")[0] == "assertive"
    assert s("巩固治疗后 MRD 阴性")[0] == "neutral"  # consolidation therapy, not a booster
    assert s("首次证实其可延长生存")[0] == "assertive"
    assert s("Venetoclax has become the standard of care")[0] == "assertive"
    assert s("It was first demonstrated in 2019")[0] == "assertive"
    assert s("It may have become the standard of care")[0] == "hedged"


def test_a_hedge_at_the_head_governs_the_clauses_after_a_semicolon():
    lex = claimmod.strength_lexicon()
    assert claimmod.head_hedge("现有证据提示, A 属于明确的机制[1]；", lex) == "提示"
    assert claimmod.head_hedge("A 显示逆转耐药的潜力[1]；", lex) == ""  # at the end, not the head
    assert claimmod.head_hedge("Current evidence suggests, in short, that A works [1];", lex) \
        == "suggests"


PHASE1 = Study(1, "r1", design="nonrandomized_trial", phase="I",
               evidence=("design: “Phase I” (title)", "phase: “Phase I” (title)"))
CASE = Study(2, "r2", design="case_report", evidence=("design: “Case Report” (title)",))
REVIEW = Study(3, "r3", design="review", evidence=("design: “When and How” (title)",))
UNKNOWN = Study(4, "r4")
RCT = Study(5, "r5", design="rct", phase="III", evidence=("design: “Randomized” (title)",))
SINGLE = Study(6, "r6", design="nonrandomized_trial", phase="II", single_arm="yes",
               evidence=("randomized: “Single-Arm” (title)",))
BY_N = {s.n: s for s in (PHASE1, CASE, REVIEW, UNKNOWN, RCT, SINGLE)}


def test_efficacy_asserted_on_works_that_cannot_carry_it():
    for text, cited in (("CD5 CAR-T 已被证实可延长总生存[1]。", (1,)),
                        ("维奈克拉联合 HAG 方案已成为 R/R ETP-ALL 的标准挽救方案[2]。", (2,)),
                        ("Nelarabine was first shown to cure relapsed T-ALL [3].", (3,)),
                        ("This trial proves that the combination improves survival [6].", (6,)),
                        ("多项研究均表明该方案能够提高再缓解率[3][4][2]。", (3, 4, 2))):
        found = strength.check(claim(text, cited), BY_N)
        assert codes(found) == ["overstated_claim"], text
    message = strength.check(claim("多项研究均表明该方案能够提高再缓解率[3][4][2]。", (3, 4, 2)),
                             BY_N)[0].message
    assert "[3] a review" in message and "[2] a case report" in message
    assert "[4]: design unknown, not counted" in message and "“Case Report” (title)" in message
    phase = strength.check(claim("CD5 CAR-T 已被证实可延长总生存[1]。", (1,)), BY_N)[0].message
    assert "phase I trial" in phase and "“Phase I” (title)" in phase


def test_what_clears_an_efficacy_claim():
    for text, cited in (("研究证实该方案可延长生存[5][1]。", (5, 1)),  # an RCT carries it
                        ("研究证实该方案可延长生存[4]。", (4,)),  # unknown alone: nothing to judge
                        ("研究提示该方案可能延长生存[1]。", (1,)),  # hedged
                        ("前临床研究证实其具有明确活性；随后研究提示可提高缓解率[1]。", (1,)),
                        ("Dose-finding established the recommended phase 2 dose [1].", (1,))):
        assert strength.check(claim(text, cited), BY_N) == [], text


# ---------------------------------------------------------------------------- names


def test_a_name_before_deng_or_et_al_is_a_person_only_when_it_looks_like_one():
    for word in ("Tofacitinib", "Polycomb", "Ikaros", "Carfilzomib", "NOTCH", "Bcl2",
                 "Daratumumab", "Venetoclax"):
        assert not names.looks_like_person(word), word
    for word in ("Courtois", "Pölönen", "Li", "Wu", "Ng", "El Cheikh", "Van Bennekum"):
        assert names.looks_like_person(word), word
    refs = {1: ref(1, CD7, ("Oh, B.L.Z.",))}
    for text in ("部分研究也在探索 Tofacitinib 等 JAK 抑制剂[1]。",
                 "cBAF/SWI-SNF 及 Polycomb 等复合体可维持转录程序[1]。",
                 "Ikaros et al. are lineage factors [1]."):
        assert checks.authors(claim(text, (1,)), refs) == [], text
    assert codes(checks.authors(claim("Teachey 等指出[1]。", (1,)), refs)) == ["author_mismatch"]


def test_mc_names_and_author_year_citations_are_not_read_as_missing_authors():
    refs = {1: ref(1, "Wolbachia and virus protection in insects", ("McGraw, E.A.",
                                                                     "O'Neill, S.L."))}
    # Wiley Evol Appl 2015 prints "McGraw et al. 2002", "McMeniman et al. (2009)"
    assert checks.authors(claim("As McGraw et al. showed [1].", (1,)), refs) == []
    assert codes(checks.authors(claim("As McMeniman et al. showed [1].", (1,)), refs)) == [
        "author_mismatch"]  # the whole name is read, not "Meniman"
    # an author-year citation's names are the citation: the linker judges them
    cited = Claim("C001", "s", "Blind people hear more (Roder et al., 1999; McGraw, 2002).",
                  (1,), 10, "sentence", "neutral", (), (),
                  ({"raw": "(Roder et al., 1999; McGraw, 2002)", "numbers": [1], "problems": [],
                    "works": [{"text": "Roder et al., 1999", "status": "unmatched",
                               "numbers": []},
                              {"text": "McGraw, 2002", "status": "linked", "numbers": [1]}]},))
    assert checks.authors(cited, refs) == []


def test_a_trial_named_word_for_word_in_the_cited_title_is_its_study():
    # Diabetes Care 2010's list: three titles name Look AHEAD, one in a shape of its own
    refs = {52: ref(52, "Prevalence and predictors of abnormal cardiovascular responses to "
                        "exercise testing among individuals with type 2 diabetes: the Look "
                        "AHEAD (Action for Health in Diabetes) study"),
            218: ref(218, "Reduction in weight and cardiovascular disease risk factors in "
                          "individuals with type 2 diabetes: one-year results of the look "
                          "AHEAD trial"),
            9: ref(9, "Exercise and type 2 diabetes: a consensus statement")}
    index = checks.OwnerIndex({}, refs)
    assert checks.entities(claim("In the Look AHEAD trial, abnormalities were common [52].",
                                 (52,)), index, refs) == []
    assert codes(checks.entities(claim("In the Look AHEAD trial, abnormalities were common "
                                       "[9].", (9,)), index, refs)) == ["entity_mismatch"]


def test_a_misspelt_author_is_named_as_a_likely_slip():
    # Hindawi IPID 2016 writes "Cotell et al. [19]" for Cottell E, Harrison RF, … (2000)
    refs = {19: ref(19, "Are seminal fluid microorganisms of significance or merely "
                        "contaminants?", ("Cottell, E.", "Harrison, R.F.", "McCaffrey, M."))}
    (found,) = checks.authors(claim("Higher rates were shown by Cotell et al. [19].", (19,)), refs)
    assert found.code == "author_mismatch"
    assert "[19] has the author Cottell (a misspelling?)" in found.message
    (other,) = checks.authors(claim("Higher rates were shown by Mogra et al. [19].", (19,)), refs)
    assert "misspelling" not in other.message


def claims_of(text: manuscript.Manuscript) -> list[Claim]:
    reader = citeform.reader_for(text, citekeys.keys(references.parse_all(text.entries)))
    return claimmod.extract(text, reader)


def test_a_reference_repeated_in_one_group_is_one_finding():
    """Read by the citation grammar of each form (read/citeform), reported once by the audit."""
    entries = "\n\n".join(f"{n}. Author{n} A. A study {n}. J Med. 2001;{n}:1-2."
                           for n in range(1, 21))
    for body, twice in (("见[12, 12]。其他[1]。", True), ("见[3]-[5] [4]。", True),
                        ("Shown.<sup>4,12,4</sup> Also.<sup>1</sup>", True),
                        ("见[12, 13]。", False), ("见[1]-[6]。", False)):
        text = manuscript.parse(f"# R\n\n## Intro\n\n{body}\n\n## References\n\n{entries}\n")
        found = claims_of(text)
        malformed = [f for f in checks.citation_findings(found, 20, uncited=False)
                     if f.code == "citation_malformed"]
        assert len(malformed) == (1 if twice else 0), (body, malformed)


def test_an_o_apostrophe_name_is_read_whole():
    refs = {1: ref(1, "Retinoid absorption is impaired in mice lacking LRAT",
                   ("O’Byrne, S.M.", "Blaner, W.S."))}
    text = "Studies by O’Byrne et al. of LRAT-deficient mice established this [1]."
    assert checks.authors(claim(text, (1,)), refs) == []


def test_a_laboratory_finding_asserted_as_such_on_laboratory_work():
    lab = {1: Study(1, "r1", design="preclinical")}
    said = "Studies of LRAT-deficient mice established that LRAT forms retinyl esters [1]."
    assert strength.check(claim(said, (1,)), lab) == []
    # biochemistry asserted on biochemistry is honest even without "in mice" (MDPI Nutrients
    # 2011: "It is now established that only the Bcmo1 gene product … [28,29]")
    unsaid = "It has been established that LRAT forms retinyl esters [1]."
    assert strength.check(claim(unsaid, (1,)), lab) == []
    # an efficacy asserted on laboratory work alone is not
    effect = "It has been established that the inhibitor improves survival [1]."
    assert codes(strength.check(claim(effect, (1,)), lab)) == ["overstated_claim"]
    # nor a finding said of people ("in humans") on cells, unless the claim says cells
    people = "It is firmly established that demethylation raises miR-153 in humans [1]."
    assert codes(strength.check(claim(people, (1,)), lab)) == ["overstated_claim"]
    said_cells = "In cell lines it is established that demethylation raises miR-153 [1]."
    assert strength.check(claim(said_cells, (1,)), lab) == []
    patients = "在小鼠模型中已被证实可逆转 T-ALL 患者的耐药[1]。"
    assert codes(strength.check(claim(patients, (1,)), lab)) == ["overstated_claim"]


def test_relapse_as_an_outcome_is_not_the_setting():
    for text in ("奈拉滨降低了中枢神经系统复发[4]。", "Nelarabine reduced CNS relapses [4].",
                 "无复发生存率得到改善[4]。", "Relapse-free survival improved [4]."):
        assert subject.setting(claim(text, (4,)), described()) == [], text


def test_percentages_of_an_evaluable_subset_are_not_checked_against_the_enrolment():
    text = "入组 25 例患者, 其中 15 例可评估, CR 率为 46.7%[1]。"
    assert numbers.percent_of_enrolment(claim(text, (1,))) == []
