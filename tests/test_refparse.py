"""The pieces of the reference parser that are rules: tokens, names, list finding, fields.

Every expected value here is written by hand from the printed example beside it (how a
reader would read that entry), never taken from the program's output.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# --- tokens -----------------------------------------------------------------------------
from litcurate.read import listfind
from litcurate.refs import features, fields, names, tokens


def test_markdown_emphasis_becomes_flags_not_text():
    plain = tokens.strip_markup("Title. *Nature Reviews*, **10**, 41.")
    assert plain.text == "Title. Nature Reviews, 10, 41."
    toks = tokens.tokenize(plain)
    nature = next(t for t in toks if t.text == "Nature")
    ten = next(t for t in toks if t.text == "10")
    assert nature.italic and not nature.bold
    assert ten.bold and not ten.italic
    assert not next(t for t in toks if t.text == "Title").italic


def test_html_tags_are_removed_without_inventing_spaces():
    plain = tokens.strip_markup("Growth of HfO<sub>2</sub> films. <i>J Appl Phys</i>")
    assert plain.text == "Growth of HfO2 films. J Appl Phys"


def test_a_lone_asterisk_is_text():
    assert tokens.strip_markup("p* values").text == "p* values"


def test_doi_and_url_stay_whole_and_lose_the_sentence_stop():
    plain = tokens.strip_markup("Blood 2020;1:2. doi:10.1182/blood(2019)001. https://x.org/a_b.")
    toks = [t.text for t in tokens.tokenize(plain)]
    assert "10.1182/blood(2019)001" in toks
    assert "https://x.org/a_b" in toks
    # an old SICI-style DOI keeps its angle brackets (Wiley, J Comp Neurol 2001)
    sici = "10.1002/1096-9861(20010212)430:3<283::aid-cne1031>3.0.co;2-v"
    toks = [t.text for t in tokens.tokenize(tokens.strip_markup(f"Neurol. 2001. doi:{sici}."))]
    assert sici in toks


def test_cjk_runs_are_tokens_of_their_own():
    toks = [t.text for t in tokens.tokenize(tokens.strip_markup("刘子贤, 李莹. 急性T淋巴[J]"))]
    assert toks[:4] == ["刘子贤", ",", "李莹", "."]
    assert "急性" in toks and "T" in toks and "淋巴" in toks


def test_span_labels_map_through_removed_markup():
    raw = "Smith J. *Title*. 2020."
    plain = tokens.strip_markup(raw)
    toks = tokens.tokenize(plain)
    labels = tokens.token_labels(toks, plain, [(0, 7, "author"), (9, 16, "title")])
    assert dict(zip((t.text for t in toks), labels, strict=False))["Title"] == "title"
    assert labels[0] == "author" and labels[-2] == "other"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_tokenizer_covers_every_visible_character(text):
    plain = tokens.strip_markup(text)
    toks = tokens.tokenize(plain)
    covered = "".join(t.text for t in toks)
    assert covered == "".join(plain.text.split())
    assert all(plain.text[t.start:t.end] == t.text for t in toks)
    features.sequence_features(toks)  # never raises


# --- names ------------------------------------------------------------------------------

@pytest.mark.parametrize(("block", "expected", "et_al"), [
    ("May C, Montori VM, Mair FS", [("May", "C."), ("Montori", "V.M."), ("Mair", "F.S.")],
     False),
    ("May, C., Montori, V. M., & Mair, F. S.", [("May", "C."), ("Montori", "V.M."),
                                                ("Mair", "F.S.")], False),
    ("Adrian, E. D., and Matthews, B. H. C.", [("Adrian", "E.D."), ("Matthews", "B.H.C.")],
     False),
    ("Ahantarig, A., W. Trinachartvanit, and P. Kittayapong",
     [("Ahantarig", "A."), ("Trinachartvanit", "W."), ("Kittayapong", "P.")], False),
    ("McCollum, E.V.; Davis, M.", [("McCollum", "E.V."), ("Davis", "M.")], False),
    ("SAHA T K, LI Y", [("Saha", "T.K."), ("Li", "Y.")], False),
    ("ZHAO Xiaozhen", [("Zhao", "X.")], False),
    ("Lanciotti RS, Kosoy OL, et al.", [("Lanciotti", "R.S."), ("Kosoy", "O.L.")], True),
    ("Pagliaro, L., Chen, S., *et al.*".replace("*", ""), [("Pagliaro", "L."), ("Chen", "S.")],
     True),
    ("刘子贤, 李莹, 等", [("刘子贤", ""), ("李莹", "")], True),
    ("Ramalho-de Oliveira D, Egginton JS", [("Ramalho-de Oliveira", "D."),
                                            ("Egginton", "J.S.")], False),
    ("Kim E-S, Park S-L", [("Kim", "E.-S."), ("Park", "S.-L.")], False),
    ("de Almeida, F., A. S. Moura", [("de Almeida", "F."), ("Moura", "A.S.")], False),
    # a roman numeral after a family name alone is its initials (Comp Cytogenet 2016's
    # Kirov IV); after initials it is a suffix, as Jr and PubMed's 2nd are
    ("Kirov IV, Khrustaleva AM", [("Kirov", "I.V."), ("Khrustaleva", "A.M.")], False),
    ("Smith JA III, Doe R Jr", [("Smith III", "J.A."), ("Doe Jr", "R.")], False),
    ("Roberts LJ 2nd, Kirov AB", [("Roberts 2nd", "L.J."), ("Kirov", "A.B.")], False),
])
def test_author_blocks_in_every_order(block, expected, et_al):
    got, got_et_al = names.split_names(block)
    assert [(n.family, n.initials) for n in got] == expected
    assert got_et_al is et_al


@pytest.mark.parametrize("block", ["GTEx Consortium", "World Health Organization",
                                   "Children's Oncology Group", "WHO", "CDC", "NICE"])
def test_group_authors_are_kept_whole(block):
    got, _ = names.split_names(block)
    assert [(n.family, n.group) for n in got] == [(block, True)]


def test_a_lone_acronym_is_a_group_only_when_listed():
    """`WHO, 2009.` is the organisation; `JA` alone is a name as written, not a group."""
    assert [(n.family, n.group) for n in names.split_names("UNICEF")[0]] == [("UNICEF", True)]
    assert [n.group for n in names.split_names("JA")[0]] == [False]


def test_editors_marker_is_not_a_name():
    got, _ = names.split_names("Sporn, M.B., Roberts, A.B., Goodman, D.S., Eds.")
    assert [n.family for n in got] == ["Sporn", "Roberts", "Goodman"]


# --- list finding -----------------------------------------------------------------------

def _lines(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), 1))


@pytest.mark.parametrize("heading", ["References", "REFERENCES", "Literature cited", "参考文献",
                                     "Bibliografía", "Références", "Literaturverzeichnis",
                                     "REFERÊNCIAS", "**References**", "7. References",
                                     "References and Notes", "Works Cited"])
def test_reference_headings_in_many_languages(heading):
    assert listfind.is_heading(heading)


@pytest.mark.parametrize("text", ["Reference genome assembly", "Referenced works are listed",
                                  "Results"])
def test_other_headings_are_not_reference_headings(text):
    assert not listfind.is_heading(text)


@pytest.mark.parametrize(("label", "form"), [
    ("[{n}] ", "bracket"), ("{n}. ", "dot"), ("{n}) ", "paren"), ("({n}) ", "paren"),
    ("{n} ", "bare"), ("<sup>{n}</sup>", "sup"), ("^{n}^ ", "sup"),
])
def test_label_forms(label, form):
    text = "\n".join(label.format(n=n) + f"Author{n} A. Title {n}. J Med. 2001;{n}:1-2."
                     for n in range(1, 6))
    assert listfind.choose_form(text.split("\n")) == form
    found, problems, _ = listfind.split(_lines(text))
    assert [e.number for e in found] == [1, 2, 3, 4, 5]
    assert found[2].text.startswith("Author3 A.")
    assert problems == []


def test_a_number_at_the_start_of_a_wrapped_line_is_not_a_label():
    text = ("1 Ramsey G, Smith J. A title that wraps onto\n2007;45:33-39.\n"
            "2 Doe J. Another title. Lancet 2001;3:4-5.")
    found, _, _ = listfind.split(_lines(text))
    assert [e.number for e in found] == [1, 2]
    assert found[0].text.endswith("2007;45:33-39.")


def test_gaps_and_repeats_in_the_numbering_are_reported():
    text = "1. A B. T. J 2001;1:1.\n2. C D. T. J 2001;1:1.\n4. E F. T. J 2001;1:1.\n" \
           "4. G H. T. J 2001;1:1."
    found, problems, _ = listfind.split(_lines(text))
    assert len(found) == 4
    assert any("jumps from 2 to 4" in p for p in problems)
    assert any("4 is used twice" in p for p in problems)


def test_unnumbered_author_year_list_one_entry_per_paragraph():
    text = ("Adrian, E. D. (1934). The Berger rhythm. Brain 4, 355–385.\n\n"
            "Atienza, M., & Cantero, J. L. (2002). The time course of\nneural changes. "
            "Learning & Memory, 9(3), 138–150.\n\n"
            "Ballas, J. A. (1987). Interpreting sounds. Environ Behav, 19, 91–114.")
    found, _, _ = listfind.split(_lines(text))
    assert [e.number for e in found] == [None, None, None]
    assert found[1].text.endswith("138–150.") and "course of neural" in found[1].text


def test_hanging_lines_one_entry_per_line():
    text = ("Adrian, E. D. (1934). The Berger rhythm. Brain 4, 355–385.\n"
            "Atienza, M. (2002). The time course. Learn Mem, 9(3), 138–150.\n"
            "Ballas, J. A. (1987). Interpreting sounds. Environ Behav, 19, 91–114.")
    found, _, _ = listfind.split(_lines(text))
    assert len(found) == 3 and found[2].text.startswith("Ballas")


def test_what_follows_the_list_is_not_swallowed():
    text = ("1. Smith J. Title. Lancet 2001;3:4-5.\n\n2. Doe J. Title. BMJ 2002;4:5-6.\n\n"
            "Figure 1. Survival of the patients in the two arms over five years of follow-up, "
            "with the numbers at risk below.\n\nJohn Smith is a professor of medicine.")
    found, _, _ = listfind.split(_lines(text))
    assert len(found) == 2 and found[1].text == "Doe J. Title. BMJ 2002;4:5-6."


def test_page_break_continuation_is_joined():
    text = ("- [1] Smith, J. (2001) A Title That Ends.\n\n- *Blood*, **3**, 4-5.\n"
            "- [2] Doe, J. (2002) Other. *BMJ*, **4**, 5-6.")
    found, _, repairs = listfind.split(_lines(text))
    assert [e.number for e in found] == [1, 2]
    assert found[0].text.endswith("*Blood*, **3**, 4-5.")
    assert repairs and "reference [1] continued" in repairs[0]


def test_a_gbt_entry_keeps_its_english_translation_apart():
    text = ("[1] 刘子贤, 李莹. 急性淋巴细胞白血病的治疗[J]. 中华血液学杂志, 2020, 41(3): 240-252.\n"
            "LIU Zixian, LI Ying. Treatment of acute lymphoblastic leukemia[J]. "
            "Chin J Hematol, 2020, 41(3): 240-252.\n"
            "[2] 王五. 标题[J]. 期刊, 2021, 1(1): 1-2.")
    found, _, _ = listfind.split(_lines(text))
    assert len(found) == 2
    assert found[0].text.endswith("240-252.") and "LIU" not in found[0].text
    assert found[0].translation.startswith("LIU Zixian")


# --- fields -----------------------------------------------------------------------------

@pytest.mark.parametrize(("loc", "pages", "article"), [
    ("1205-1231", "1205-1231", ""), ("Article No. 41", "", "41"), ("e2426742122", "",
                                                                   "e2426742122"),
    ("b2803", "", "b2803"), ("pp. 1–39", "1–39", ""), ("e419-e432", "e419-e432", ""),
    ("482039", "482039", ""),
])
def test_pages_and_article_numbers(loc, pages, article):
    got = fields.Fields()
    fields._location(got, loc)
    assert (got.pages, got.article_number) == (pages, article)


def test_identifiers_are_read_by_rule_wherever_they_stand():
    got = fields.Fields()
    fields._identifiers(got, "Title. J. 2015;65(1):5–29. doi: 10.3322/caac.21254 "
                             "PMID: 25559415. PMCID: PMC4321. Available: http://x.org/y.")
    assert (got.doi, got.pmid, got.pmcid, got.url) == ("10.3322/caac.21254", "25559415",
                                                       "PMC4321", "http://x.org/y")


@pytest.mark.parametrize(("value", "doi"), [
    ("https://doi.org/10.1016/S2352-3026(23)00072-8).", "10.1016/s2352-3026(23)00072-8"),
    ("doi:10.1002/ajh.27708.", "10.1002/ajh.27708"),
    ("10.1182/blood\\_2020", "10.1182/blood_2020"),
])
def test_doi_normalisation(value, doi):
    assert fields.normalise_doi(value) == doi


def test_a_group_after_persons_is_a_group_of_its_own():
    got, _ = names.split_names("Sleigh, A.C., Seubsman, S., Bain, C., The Thai Cohort Study Team")
    assert [(n.family, n.group) for n in got] == [
        ("Sleigh", False), ("Seubsman", False), ("Bain", False),
        ("The Thai Cohort Study Team", True)]


def test_a_journal_named_proceedings_is_a_journal():
    got = fields.Fields(container="Proceedings of the National Academy of Sciences",
                        volume="122", article_number="e2426742122", title="T")
    assert fields.kind_of(got, "Proceedings of the National Academy of Sciences 122 e2426742122")\
        == "journal"
    got = fields.Fields(container="Proceedings of the 5th Conference on X", title="T",
                        pages="1-9", publisher="ACM")
    assert fields.kind_of(got, "T. In: Proceedings of the 5th Conference on X. ACM; 1-9.") \
        == "conference"


def test_an_article_label_is_no_field_of_its_own():
    """`Article ID: 176268` gives the article number; the words of the label are no place."""
    text = "Title. European Journal of Pharmacology, 956, Article ID: 176268."
    plain = tokens.strip_markup(text)
    toks = tokens.tokenize(plain)
    labels = ["title", "other"] + ["container"] * 4 + ["other", "volume", "other", "place",
                                                       "place", "other", "pages", "other"]
    assert len(labels) == len(toks)
    got = fields.read_fields(plain.text, toks, labels)
    assert (got.article_number, got.pages, got.place) == ("176268", "", "")


def _read(text: str, pieces: list[tuple[str, str]]):
    """Fields read from a hand-labelled entry: `pieces` are (label, text) in order, each text
    covering whole tokens; checked to cover the entry's tokens exactly."""
    plain = tokens.strip_markup(text)
    toks = tokens.tokenize(plain)
    labels = []
    for label, piece in pieces:
        labels += [label] * len(tokens.tokenize(tokens.strip_markup(piece)))
    assert len(labels) == len(toks), (len(labels), len(toks))
    return fields.read_fields(plain.text, toks, labels)


def test_a_lower_case_word_ends_the_author_block():
    """Names are capitalised: `fibrosis` begins the title that the author run swallowed."""
    got = _read("Bataller, R.; Brenner, D.A. Liver fibrosis. J. Clin. Invest. 2005, 115, 209.",
                [("author", "Bataller, R.; Brenner, D.A. Liver fibrosis"), ("other", "."),
                 ("container", "J. Clin. Invest."), ("date", "2005"), ("other", ","),
                 ("volume", "115"), ("other", ","), ("pages", "209"), ("other", ".")])
    assert [(n.family, n.initials) for n in got.authors] == [("Bataller", "R."),
                                                            ("Brenner", "D.A.")]
    assert got.title == "Liver fibrosis"
    # particles, "and the … Group" and hyphenated names stay in the block
    block = "van der Berg, A.; Tixier-boichard, M.; and the writing committee"
    got = _read(f"{block}. Title. BMJ 2001.",
                [("author", block),
                 ("other", "."), ("title", "Title"), ("other", "."), ("container", "BMJ"),
                 ("date", "2001"), ("other", ".")])
    assert got.title == "Title" and len(got.authors) == 3


def test_a_stop_after_vancouver_initials_ends_the_author_block():
    got = _read("Rothman KJ, Lash TL. Modern Epidemiology. 3rd ed. Philadelphia: LWW; 2008.",
                [("author", "Rothman KJ, Lash TL. Modern Epidemiology"), ("other", "."),
                 ("edition", "3rd"), ("other", "ed."), ("place", "Philadelphia"),
                 ("other", ":"), ("publisher", "LWW"), ("other", ";"), ("date", "2008"),
                 ("other", ".")])
    assert [(n.family, n.initials) for n in got.authors] == [("Rothman", "K.J."),
                                                            ("Lash", "T.L.")]
    assert (got.title, got.edition, got.type) == ("Modern Epidemiology", "3rd", "book")
    # initials before the family name: the stop is inside a name ("A. A. Hoffmann")
    got = _read("O'Neill S, A. A. Hoffmann. Influential Passengers. Oxford: OUP; 1997.",
                [("author", "O'Neill S, A. A. Hoffmann"), ("other", "."),
                 ("title", "Influential Passengers"), ("other", "."), ("place", "Oxford"),
                 ("other", ":"), ("publisher", "OUP"), ("other", ";"), ("date", "1997"),
                 ("other", ".")])
    assert [n.family for n in got.authors] == ["O'Neill", "Hoffmann"]


def test_a_second_place_and_publisher_is_the_book_title():
    """One publisher per work: `Title: Subtitle.` read as `Place: Publisher.` before the real
    publisher is the chapter's book."""
    got = _read("Hoffmann AA. Cytoplasmic incompatibility. In S. O'Neill, eds. Influential "
                "Passengers: Microorganisms. Oxford University Press, Oxford.",
                [("author", "Hoffmann AA"), ("other", "."),
                 ("title", "Cytoplasmic incompatibility"), ("other", ". In"),
                 ("editor", "S. O'Neill"), ("other", ", eds."),
                 ("place", "Influential Passengers"), ("other", ":"),
                 ("publisher", "Microorganisms"), ("other", "."),
                 ("publisher", "Oxford University Press"), ("other", ","), ("place", "Oxford"),
                 ("other", ".")])
    assert got.container == "Influential Passengers: Microorganisms"
    assert (got.publisher, got.place, got.type) == ("Oxford University Press", "Oxford",
                                                    "chapter")


def test_words_between_the_authors_and_in_are_the_chapter_title():
    got = _read("Kasper DL. Influenza. In: Longo DL, editor. Harrison's Medicine. 2012.",
                [("author", "Kasper DL"), ("other", ". Influenza. In:"), ("editor", "Longo DL"),
                 ("other", ", editor."), ("container", "Harrison's Medicine"), ("other", "."),
                 ("date", "2012"), ("other", ".")])
    assert (got.title, got.container, got.type) == ("Influenza", "Harrison's Medicine",
                                                    "chapter")


def test_plain_text_before_an_italic_journal_is_the_title():
    """`(2023) Plain Title. *Journal*` read all as container: the italics mark the journal."""
    got = _read("Chiesa R (2023) Base-Edited T Cells. *N Engl J Med*, 389, 899.",
                [("author", "Chiesa R"), ("other", "("), ("date", "2023"), ("other", ")"),
                 ("container", "Base-Edited T Cells. *N Engl J Med*"), ("other", ","),
                 ("volume", "389"), ("other", ","), ("pages", "899"), ("other", ".")])
    assert (got.title, got.container) == ("Base-Edited T Cells", "N Engl J Med")


def test_a_container_with_a_publisher_and_no_title_is_the_book_title():
    got = _read("Altman DG (1991) Practical statistics. London: Chapman and Hall.",
                [("author", "Altman DG"), ("other", "("), ("date", "1991"), ("other", ")"),
                 ("container", "Practical statistics"), ("other", "."), ("place", "London"),
                 ("other", ":"), ("publisher", "Chapman and Hall"), ("other", ".")])
    assert (got.title, got.container, got.type) == ("Practical statistics", "", "book")


def test_a_page_with_a_url_and_an_access_date_is_web():
    got = fields.Fields(title="Malaria fact sheet", publisher="WHO", place="Geneva",
                        url="https://www.who.int/x", accessed="2019 Jan 10")
    text = "WHO. Malaria fact sheet. Geneva: WHO; 2018 [cited 2019 Jan 10]. Available from: …"
    assert fields.kind_of(got, text) == "web"
    got.url = got.accessed = ""
    assert fields.kind_of(got, text) == "book"


class _Tagger:
    """A stand-in for CRFsuite's tagger: fixed marginals per token."""

    def __init__(self, marginals):
        self.marginals = marginals

    def labels(self):
        return ["title", "url", "doi", "other", "container"]

    def marginal(self, label, t):
        return self.marginals[t].get(label, 0.0)


def test_url_and_doi_labels_only_on_their_shapes():
    from litcurate.refs import crf

    feats = [["k=word"], ["k=punct"], ["k=url"], ["k=word"]]
    labels = crf._shaped(_Tagger([{"url": 0.6, "title": 0.3}, {}, {}, {"doi": .5, "other": .4}]),
                         feats, ["url", "other", "url", "doi"])
    assert labels == ["title", "other", "url", "other"]


def test_title_or_container_before_italics_is_one_reading():
    from litcurate.refs import crf

    feats = [["k=word"], ["k=word"], ["k=word", "ital"]]
    labels = ["title", "title", "container"]
    handle = _Tagger([{"title": .6, "container": .4}] * 2 + [{"container": 1.0}])
    assert crf.confidence(handle, feats, labels) == pytest.approx(1.0)
    # without the italics the doubt stands
    assert crf.confidence(handle, [["k=word"]] * 3, labels) == pytest.approx(0.6)


def test_training_is_deterministic(tmp_path):
    """`make model` promises the same model file from the same examples."""
    from litcurate.refs.examples import Example
    from litcurate.refs.training import train

    text = "May C, Montori VM (2009) We need minimally disruptive medicine. BMJ 339: b2803."
    spans = ((0, 17, "author"), (19, 23, "date"), (25, 62, "title"), (64, 67, "container"),
             (68, 71, "volume"), (73, 78, "pages"))
    assert [text[s:e] for s, e, _ in spans] == ["May C, Montori VM", "2009",
                                                "We need minimally disruptive medicine", "BMJ",
                                                "339", "b2803"]
    examples = [Example(text, spans)] * 3
    train(examples, tmp_path / "a.crfsuite", {"max_iterations": 20})
    train(examples, tmp_path / "b.crfsuite", {"max_iterations": 20})
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
