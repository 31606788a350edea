"""Citations in every printed form: numeric (brackets, parentheses, superscripts), author-year.

Every example here is written by hand for these tests (no corpus text, no program output).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litcurate.audit import checks, citelinks
from litcurate.curate import CuratedReference
from litcurate.read import authoryear, citeform, claims, manuscript, sentences
from litcurate.read.authoryear import EntryKey
from litcurate.refs import citekeys, references

# ---------------------------------------------------------------------------- numeric forms


@pytest.mark.parametrize("text, numbers", [
    ("as shown before (1).", (1,)),
    ("in two trials (5,14,15).", (5, 14, 15)),
    ("in three trials (17-19).", (17, 18, 19)),
    ("in three trials (17–19; 22).", (17, 18, 19, 22)),
    ("中文文献（3，4）。", (3, 4)),
    ("ranges with 至 (2至4).", (2, 3, 4)),
])
def test_parenthesised_numbers(text, numbers):
    found = citeform.find_parenthesised(text, count=30)
    assert [c.numbers for c in found] == [numbers]


@pytest.mark.parametrize("text", [
    "patients (n = 25) were enrolled.",
    "the odds ratio was high (2.5).",
    "the first survey (2019) found nothing.",  # a year past a 30-entry list
    "as in Table 1 (2) and Equation (3).",
    "the function f(2) is small.",
    "We did three things: (1) read, (2) wrote and (3) checked.",
])
def test_parentheses_that_are_not_citations(text):
    assert citeform.find_parenthesised(text, count=30) == []


@pytest.mark.parametrize("text, numbers", [
    ("bezoars are rare.<sup>1,2</sup> Next", (1, 2)),
    ("bezoars are rare^3-6^ and", (3, 4, 5, 6)),
    ("bezoars are rare¹²", (12,)),
    ("bezoars are rare¹⁻³ and", (1, 2, 3)),
    (r"bezoars are rare\textsuperscript{4,7} and", (4, 7)),
    ("bezoars<sup>1</sup>,<sup>2</sup> and", (1, 2)),
    ("bezoars<sup>1</sup>-<sup>3</sup> and", (1, 2, 3)),
])
def test_superscript_numbers(text, numbers):
    assert [c.numbers for c in citeform.find_superscript(text)] == [numbers]


@pytest.mark.parametrize("text", [
    "an area of 25 m<sup>2</sup> was", "a dose of 10<sup>6</sup> cells", "with R² of 0.8",
    "<sup>1</sup>Department of Surgery", "heterogeneity was high (I<sup>2</sup> = 80%)",
])
def test_superscripts_that_are_powers_or_marks(text):
    assert citeform.find_superscript(text) == []


def test_unfinished_and_repeated_groups_are_malformed_in_every_form():
    for found in (citeform.find_parenthesised("a trial (2,)", 10),
                  citeform.find_superscript("a trial^3-^ and")):
        assert found[0].problems, found
    repeated = citeform.find_parenthesised("a trial (3,3)", 10)[0]
    assert repeated.numbers == (3,) and "more than once" in repeated.problems[0]
    assert "more than once" in citeform.Reader("numeric-brackets").find("x [1-4,2]")[0].problems[0]


# ---------------------------------------------------------------------------- form detection


def _text(body: str, entries: str) -> manuscript.Manuscript:
    return manuscript.parse(
        f"# A review\n\n## Introduction\n\n{body}\n\n## References\n\n{entries}\n")


NUMBERED = "\n\n".join(f"{n}. Author{n} A. A study {n}. J Med. 2001;{n}:1-2." for n in range(1, 6))


@pytest.mark.parametrize("body, form", [
    ("Trials agree [1]. Others differ [2,3]. More [4-5].", "numeric-brackets"),
    ("Trials agree (1). Others differ (2,3). More (4-5). We (1) read and (2) wrote.",
     "numeric-parentheses"),
    ("Trials agree.<sup>1</sup> Others differ.<sup>2,3</sup> More.<sup>4-5</sup>",
     "numeric-superscript"),
])
def test_the_form_is_detected_once_per_manuscript(body, form):
    assert citeform.reader_for(_text(body, NUMBERED)).form == form


def test_enumerators_and_counts_do_not_make_a_bracketed_manuscript_parenthesised():
    body = ("We asked (1) whether and (2) how patients (n = 25) differ [1]. "
            "Trials agree [2,3]. More [4].")
    assert citeform.reader_for(_text(body, NUMBERED)).form == "numeric-brackets"


def test_sentences_split_after_a_citation_glued_to_the_next_sentence():
    assert sentences.split("It spreads in cancers[1].With time it fades[2].") == [
        "It spreads in cancers[1].", "With time it fades[2]."]
    reader = citeform.Reader("numeric-superscript", 30)
    assert sentences.split("It is rare.^3-6^ Reports date back.^7^", reader) == [
        "It is rare.^3-6^", "Reports date back.^7^"]


# ---------------------------------------------------------------------------- author-year

KEYS = (
    EntryKey(1, ("doe", "roe"), "2019", "a"),
    EntryKey(2, ("doe", "roe"), "2019", "b"),
    EntryKey(3, ("lee",), "2018"),
    EntryKey(4, ("smith", "jones", "brown"), "2020"),
    EntryKey(5, ("smith",), "2020"),
    EntryKey(6, ("vanhuffel", "kim"), "2016"),
    EntryKey(7, ("who",), "2009"),
    EntryKey(8, ("seubsman", "sleigh", "kim"), "inpress"),
    EntryKey(9, ("tanaka", "ito"), "2015"),
    EntryKey(10, ("tanaka", "sato"), "2015"),
)


def _works(text):
    return [(w.status, w.numbers) for c in authoryear.find(text, KEYS) for w in c.works]


@pytest.mark.parametrize("text, expected", [
    ("shown (Smith et al., 2020; Doe and Roe 2019a).", [("linked", (4,)), ("linked", (1,))]),
    ("shown (Doe & Roe, 2019a, b).", [("linked", (1,)), ("linked", (2,))]),
    ("Smith et al. (2020) showed it.", [("linked", (4,))]),
    ("Smith (2020) showed it.", [("linked", (5,))]),
    ("shown (Smith 2020, p. 5).", [("linked", (5,))]),
    ("shown (see Lee, 2018).", [("linked", (3,))]),
    ("Smith 等 (2020) 报道。", [("linked", (4,))]),
    ("shown (Seubsman et al., in press).", [("linked", (8,))]),
    ("shown (van Huffel and Kim 2016).", [("linked", (6,))]),
    ("shown (World Health Organization, 2009).", [("linked", (7,))]),
    ("shown (Tanaka and Sato 2015).", [("linked", (10,))]),
])
def test_author_year_citations_are_linked(text, expected):
    assert _works(text) == expected


@pytest.mark.parametrize("text, status", [
    ("shown (Miller et al., 2017).", "unmatched"),
    ("shown (Doe and Roe 2019).", "ambiguous"),
    ("shown (Lee, 2017).", "year_mismatch"),
    ("shown (CDC, 2017).", "silent"),          # an acronym may be written out in the list
    ("Study (2017) showed it.", "silent"),     # a narrative name alone may be a word
])
def test_author_year_problems(text, status):
    assert [s for s, _ in _works(text)] == [status]


@pytest.mark.parametrize("text", [
    "collected (January 2020) and", "as listed (Table 2, 2019) and", "since (In 2019, rates)",
    "the rate (25%, 2019) rose",
])
def test_text_that_is_no_author_year_citation(text):
    assert authoryear.find(text, KEYS) == []


def test_keys_come_from_the_parsed_reference_and_its_printed_year():
    ref = references.Reference(n=None, raw="Doe, J., Roe, K., 2019b. A study. J. Med. 3, 1–2.",
                               authors=(references.Author("Doe", "J"),
                                        references.Author("Roe", "K")),
                               year="2019", reading="parsed", line=1)
    key = citekeys.key(ref, 4)
    assert (key.n, key.families, key.year, key.suffix, key.confident) == (
        4, ("doe", "roe"), "2019", "b", True)
    press = references.Reference(n=None, raw="Lee, A., in press. Title 2010. J. Med.",
                                 authors=(references.Author("Lee", "A"),), year="2010",
                                 reading="parsed", line=1)
    assert citekeys.key(press, 1).year == "inpress"


# ---------------------------------------------------------------------------- whole manuscripts

AUTHOR_YEAR_LIST = """Brown, A., 2015. First work. J. Med. 1, 1–2.

Doe, J., Roe, K., 2019. Second work. J. Med. 2, 3–4.

Evans, P., Kim, S., Lo, T., 2020. Third work. J. Med. 3, 5–6.

Adams, B., 2012. Out of order. J. Med. 4, 7–8.

Zed, C., 2011. Never cited. J. Med. 5, 9–10."""

MIXED = """Treatment helps most patients (Doe and Roe, 2019). Evans et al. (2020) disagree.

Table 1. Trials (Brown, 2015)

| trial | source |
| --- | --- |
| A | Evans et al., 2020 |
| B | (Doe and Roe, 2019) |

Figure 1. Rates by year, redrawn from Adams (2012) and (Brown, 2015).

[^1]: Rates as reported by Doe and Roe (2018).
"""


def _pipeline(text: manuscript.Manuscript):
    refs = references.parse_all(text.entries)
    reader = citeform.reader_for(text, citekeys.keys(refs))
    found = claims.extract(text, reader)
    curated = [SimpleNamespace(n=i, raw=r.raw, reading="parsed", year=r.year,
                               authors=[a.display() for a in r.authors])
               for i, r in enumerate(refs, 1)]
    return reader, found, citelinks.findings(found, curated)


def test_a_manuscript_citing_from_tables_captions_and_footnotes():
    reader, found, result = _pipeline(_text(MIXED, AUTHOR_YEAR_LIST))
    assert reader.form == "author-year"
    cited = {n for c in found for n in c.cited}
    assert cited == {1, 2, 3, 4}
    codes = sorted((f.code, f.n) for f in result)
    assert ("uncited_reference", 5) in codes
    assert ("citation_year_mismatch", 2) in codes  # the footnote's Doe and Roe (2018)
    assert ("reference_order", 4) in codes          # Adams after Evans
    assert not any(code == "uncited_reference" and n != 5 for code, n in codes)


def test_an_ambiguous_citation_names_its_candidates_and_the_suffixes_of_its_year():
    listing = AUTHOR_YEAR_LIST.replace("Evans, P., Kim, S., Lo, T., 2020. Third",
                                       "Doe, J., Roe, K., 2019. Third")
    _, _, result = _pipeline(_text("Treatment helps (Doe and Roe, 2019).", listing))
    (ambiguous,) = [f for f in result if f.code == "citation_ambiguous"]
    assert "entries [2], [3]" in ambiguous.message
    assert "(2019a, 2019b)" in ambiguous.message


def test_a_missing_work_cited_twice_is_one_finding_naming_both_claims():
    body = "Blind people hear more (Roder et al., 1999). The effect grows (Roder et al., 1999)."
    _, found, result = _pipeline(_text(body, AUTHOR_YEAR_LIST))
    unmatched = [f for f in result if f.code == "citation_unmatched"]
    assert len(unmatched) == 1
    first, second = (c for c in found if "Roder" in c.text)
    assert unmatched[0].claim_id == first.claim_id
    assert f"Claims {first.claim_id} (line {first.line}) and {second.claim_id}" in (
        unmatched[0].message)


def test_a_numeric_manuscript_citing_from_tables_captions_and_footnotes():
    body = ("Treatment helps (1). Others differ (2,3).\n\nTable 1. Trials (4)\n\n"
            "| trial | source |\n| --- | --- |\n| A | (4,4) |\n\n"
            "Figure 1. Rates (2-).\n\n[^1]: As reported (9).")
    text = _text(body, NUMBERED)
    reader = citeform.reader_for(text)
    found = claims.extract(text, reader)
    result = checks.citation_findings(found, len(text.entries))
    codes = sorted(f.code for f in result)
    assert reader.form == "numeric-parentheses"
    assert codes.count("citation_malformed") == 2  # (4,4) and (2-)
    assert "uncited_reference" in codes and ("5" in " ".join(f.message for f in result))
    assert "citation_out_of_range" not in codes  # a lone (9) past the list is not read


# ---------------------------------------------------------------------------- properties


@given(st.lists(st.integers(1, 400), min_size=1, max_size=8, unique=True),
       st.sampled_from([", ", ",", "; ", "，"]))
def test_every_numeric_form_reads_the_same_list(numbers, sep):
    run = sep.join(map(str, numbers))
    forms = [citeform.Reader("numeric-brackets").find(f"a trial [{run}] b"),
             citeform.find_parenthesised(f"a trial ({run}) b", 400),
             citeform.find_superscript(f"a trial<sup>{run}</sup> b"),
             citeform.find_superscript(f"a trial^{run}^ b")]
    for found in forms:
        assert [c.numbers for c in found] == [tuple(numbers)]


@given(st.integers(1, 300), st.integers(0, 60), st.sampled_from("-–—~"))
def test_ranges_expand_in_every_form(low, width, dash):
    high = low + width
    expected = tuple(range(low, high + 1))
    for found in (citeform.Reader("numeric-brackets").find(f"trial [{low}{dash}{high}]"),
                  citeform.find_parenthesised(f"trial ({low}{dash}{high})", 400),
                  citeform.find_superscript(f"trial^{low}{dash}{high}^")):
        assert found[0].numbers == expected


@given(st.text(alphabet="abc ,.;()[]-0123456789", max_size=80))
def test_the_grammars_never_fail_and_stay_inside_the_text(text):
    for form in citeform.FORMS:
        for citation in citeform.Reader(form, 50, KEYS).find(text):
            assert text[citation.start:citation.end] == citation.raw


@given(st.sampled_from(["Smith", "Doe", "Lee", "Evans"]), st.integers(1950, 2025),
       st.sampled_from(["", "a", "b"]))
def test_an_author_year_citation_links_to_the_entry_it_names(name, year, suffix):
    key = EntryKey(3, (name.lower(),), str(year), suffix)
    other = EntryKey(1, ("zimmer",), str(year))
    for text in (f"x ({name}, {year}{suffix}) y", f"{name} ({year}{suffix}) showed"):
        works = [w for c in authoryear.find(text, (other, key)) for w in c.works]
        assert [(w.status, w.numbers) for w in works] == [("linked", (3,))]


def test_a_pair_of_authors_is_never_cut_to_its_second_author():
    keys = (EntryKey(1, ("clancy", "hoffmann"), "1997"), EntryKey(2, ("hoffmann", "lee"), "1997"))
    works = [w for c in authoryear.find("as Clancy and Hoffmann (1997) found", keys)
             for w in c.works]
    assert [(w.status, w.numbers) for w in works] == [("linked", (1,))]


def test_a_sentence_never_ends_inside_an_author_year_parenthesis():
    reader = citeform.Reader("author-year", 3, KEYS)
    assert sentences.split("Sites are cryptic (Lee 2018; Smith 2020). Next one.", reader) == [
        "Sites are cryptic (Lee 2018; Smith 2020).", "Next one."]


def _ref(n, raw, family):
    return SimpleNamespace(n=n, raw=raw, reading="parsed", year=raw.split()[-1],
                           authors=[f"{family}, A."])


def test_an_entry_named_with_its_year_in_text_not_read_is_not_called_uncited():
    refs = [_ref(1, "Hillyard, A., 1973", "Hillyard"), _ref(2, "Zed, B., 1990", "Zed")]
    text = _text("Shown (Lee, 2018). Seen (Hillyard. Hink, 1973).", "Lee, A., 2018. T. J. 1, 1.")
    found = claims.extract(text, citeform.Reader("author-year", 3, KEYS))
    result = citelinks.findings(found, refs, ["Shown (Lee, 2018). Seen (Hillyard. Hink, 1973)."])
    assert [(f.code, f.n) for f in result] == [("uncited_reference", 2)]


def test_citation_order_is_not_checked_in_an_alphabetical_numbered_list():
    names = ["Adams", "Brown", "Clark", "Davis", "Evans", "Fox"]
    refs = [CuratedReference(n=i, key=f"k{i}", authors=(f"{name}, A.",), et_al=False,
                             year="2000", title=f"Title {i}", journal="J", volume="1", issue="",
                             pages="1", article_number="", doi="", status="offline",
                             times_cited=1, source=(), raw=f"{i}. {name} A. Title. J. 2000;1:1.")
            for i, name in enumerate(names, 1)]
    assert citelinks.alphabetical(refs)
    assert not citelinks.alphabetical(list(reversed(refs)))
    body = "First [4]. Then [1,2]. Then [3]. Then [5,6]."
    text = _text(body, "\n\n".join(r.raw for r in refs))
    found = claims.extract(text)
    _, result = checks.check(text, found, [], refs)
    codes = {f.code for f in result}
    assert "citation_order" not in codes
    assert any("alphabetical order" in f.message for f in result if f.code == "check_skipped")


def test_the_page_highlights_citations_of_every_form():
    from litcurate.report.page import highlight

    html = str(highlight("Rare.1,2 Shown (Smith et al., 2020) and (3).",
                         [{"raw": "<sup>1,2</sup>"}, {"raw": "(Smith et al., 2020)"},
                          {"raw": "(3)"}]))
    assert html.count('<span class="cite">') == 3
    assert '<span class="cite">(Smith et al., 2020)</span>' in html
    assert str(highlight("As shown [1].")) == 'As shown <span class="cite">[1]</span>.'


def test_an_entry_whose_family_name_was_misread_is_found_by_its_printed_start():
    # the parser read "Spindler SR" as one family name: the printed entry still names him
    keys = (EntryKey(1, ("spindlersr", "hartenstein"), "2011",
                     head=citekeys.head("Spindler SR, Hartenstein V. 2011. Axons. Dev 6:1.")),
            EntryKey(2, ("zed",), "2011", head="zedc2011"))
    works = [w for c in authoryear.find("(Spindler and Hartenstein, 2011)", keys)
             for w in c.works]
    assert [(w.status, w.numbers) for w in works] == [("linked", (1,))]


def test_names_fold_for_matching():
    from litcurate import text

    assert text.name_key("de Vos") == text.name_key("De Vos") == "devos"
    assert text.name_key("Sitthi-amorn") == "sitthiamorn"
    assert text.name_key("Näätänen") == "naatanen"
    assert text.name_key("山田") == "山田"
    assert text.folded("Näätänen, 1982") == "naatanen, 1982"


@pytest.mark.parametrize("text, expected", [
    ("(Council of Europe, 1997; World Medical Association [WMA], 2008)",
     [("linked", (1,)), ("linked", (2,))]),
    ("(European Parliament and the Council of the European Union, 2001)", [("linked", (3,))]),
    ("(Council of Europe, 1999)", [("silent", ())]),  # a group is never accused
    ("(Since Then Other, 2001)", [("silent", ())]),   # two capitalised words: maybe no name
])
def test_group_authors_written_out(text, expected):
    keys = (EntryKey(1, ("councilofeurope",), "1997"),
            EntryKey(2, ("worldmedicalassociation",), "2008"),
            EntryKey(3, ("europeanparliamentandthecounciloftheeuropeanunion",), "2001"))
    assert [(w.status, w.numbers) for c in authoryear.find(text, keys) for w in c.works] \
        == expected


def test_a_parenthetical_citation_after_the_stop_closes_the_sentence_a_narrative_one_opens():
    reader = citeform.Reader("author-year", 10, KEYS)
    assert sentences.split("It works. (Smith 2020) Then more. Doe and Roe (2019a) showed it.",
                           reader) == ["It works. (Smith 2020)", "Then more.",
                                       "Doe and Roe (2019a) showed it."]
