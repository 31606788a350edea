"""The aligner that turns printed corpus entries and their gold fields into labelled examples.

Every printed string and gold dict here is written by hand, and every expected span is the
substring a reader would mark in that string, never taken from the program's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from litcurate.refs import align as A

ROOT = Path(__file__).resolve().parents[1]


def gold(**fields) -> dict:
    base = {"label": "", "type": "journal", "authors": [], "group_authors": [], "et_al": False,
            "year": "", "title": "", "journal": "", "volume": "", "issue": "",
            "first_page": "", "pages": "", "doi": "", "pmid": "", "structured": True}
    base.update(fields)
    return base


def labelled(example) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for start, end, label in example.spans:
        out.setdefault(label, []).append(example.text[start:end])
    return out


def test_plos_vancouver_with_year_in_parentheses_and_e_locator():
    printed = "1. May C, Montori VM, Mair FS (2009) We need minimally disruptive medicine. " \
              "BMJ 339: b2803."
    ex = A.align(printed, gold(
        label="1.", authors=["May, C.", "Montori, V.M.", "Mair, F.S."], year="2009",
        title="We need minimally disruptive medicine", journal="BMJ", volume="339",
        first_page="b2803", pages="b2803"))
    assert ex is not None
    assert ex.text.startswith("May C")  # the list label is not part of the example
    assert labelled(ex) == {
        "author": ["May C, Montori VM, Mair FS"], "date": ["2009"],
        "title": ["We need minimally disruptive medicine"], "container": ["BMJ"],
        "volume": ["339"], "pages": ["b2803"]}


def test_repeated_number_binds_volume_and_page_in_printed_order():
    printed = "2. Gallacher K, May C (2011) Understanding treatment burden. Ann Fam Med 9: 9–14."
    ex = A.align(printed, gold(
        label="2.", authors=["Gallacher, K.", "May, C."], year="2011",
        title="Understanding Treatment Burden", journal="Ann Fam Med", volume="9",
        first_page="9", pages="9–14"))
    assert ex is not None
    got = labelled(ex)
    assert got["volume"] == ["9"] and got["pages"] == ["9–14"]
    volume = next(s for s in ex.spans if s[2] == "volume")
    assert ex.text[volume[0] - len("Ann Fam Med "):volume[0]] == "Ann Fam Med "


def test_apa_diacritics_folded_and_doi_url_labelled_whole():
    printed = ("Atienza, M., Cantero, J. L., & Domínguez-Marín, E. (2002). The time course of "
               "neural changes underlying auditory perceptual learning. Learning & Memory, "
               "9(3), 138–150. https://doi.org/10.1101/lm.46502")
    ex = A.align(printed, gold(
        authors=["Atienza, M.", "Cantero, J.L.", "Dominguez-Marin, E."], year="2002",
        title="The time course of neural changes underlying auditory perceptual learning",
        journal="Learning & Memory", volume="9", issue="3", first_page="138",
        pages="138–150", doi="10.1101/lm.46502"))
    assert ex is not None
    assert labelled(ex) == {
        "author": ["Atienza, M., Cantero, J. L., & Domínguez-Marín, E."], "date": ["2002"],
        "title": ["The time course of neural changes underlying auditory perceptual learning"],
        "container": ["Learning & Memory"], "volume": ["9"], "issue": ["3"],
        "pages": ["138–150"], "doi": ["https://doi.org/10.1101/lm.46502"]}


def test_mdpi_semicolons_abbreviated_journal_keeps_its_period():
    printed = "2. McCollum, E.V.; Davis, M. The necessity of certain lipids during growth. " \
              "J. Biol. Chem. 1913, 15, 167–175."
    ex = A.align(printed, gold(
        label="2.", authors=["McCollum, E.V.", "Davis, M."], year="1913",
        title="The necessity of certain lipids during growth", journal="J. Biol. Chem.",
        volume="15", first_page="167", pages="167–175"))
    assert ex is not None
    assert labelled(ex) == {
        "author": ["McCollum, E.V.; Davis, M."],
        "title": ["The necessity of certain lipids during growth"],
        "container": ["J. Biol. Chem."], "date": ["1913"], "volume": ["15"],
        "pages": ["167–175"]}


def test_nlm_et_al_month_day_bare_doi_and_epub_note():
    printed = ("[3] Lanciotti RS, Kosoy OL, Laven JJ, et al. Genetic and serologic properties "
               "of Zika virus. Emerg Infect Dis. 2015 Jan 12;14(8):1232-9. "
               "doi: 10.3201/eid1408.080287. [Epub ahead of print]")
    ex = A.align(printed, gold(
        label="[3]", authors=["Lanciotti, R.S.", "Kosoy, O.L.", "Laven, J.J."], et_al=True,
        year="2015", title="Genetic and serologic properties of Zika virus",
        journal="Emerg Infect Dis", volume="14", issue="8", first_page="1232",
        pages="1232–9", doi="10.3201/eid1408.080287"))
    assert ex is not None
    assert ex.text.startswith("Lanciotti")
    assert labelled(ex) == {
        "author": ["Lanciotti RS, Kosoy OL, Laven JJ, et al."],
        "title": ["Genetic and serologic properties of Zika virus"],
        "container": ["Emerg Infect Dis"], "date": ["2015 Jan 12"], "volume": ["14"],
        "issue": ["8"], "pages": ["1232-9"], "doi": ["10.3201/eid1408.080287"],
        "note": ["Epub ahead of print"]}


def test_wiley_chapter_given_names_first_editors_publisher_and_place():
    printed = ("Hoffmann, A. A., and M. Turelli. 1997. Cytoplasmic incompatibility in insects. "
               "In S. O'Neill, A. A. Hoffmann, and J. H. Werren, eds. Influential Passengers. "
               "Oxford University Press, Oxford.")
    ex = A.align(printed, gold(
        type="chapter", authors=["Hoffmann, A.A.", "Turelli, M."], year="1997",
        title="Cytoplasmic incompatibility in insects", journal="Influential Passengers",
        editors=["O'Neill, S.", "Hoffmann, A.A.", "Werren, J.H."],
        publisher="Oxford University Press"))
    assert ex is not None
    assert ex.type == "chapter"
    assert labelled(ex) == {
        "author": ["Hoffmann, A. A., and M. Turelli"], "date": ["1997"],
        "title": ["Cytoplasmic incompatibility in insects"],
        "editor": ["S. O'Neill, A. A. Hoffmann, and J. H. Werren"],
        "container": ["Influential Passengers"], "publisher": ["Oxford University Press"],
        "place": ["Oxford"]}


def test_group_author_url_and_accessed_date():
    printed = ("9. World Health Organization (2008) Action plan for noncommunicable diseases. "
               "Available: http://www.who.int/nmh/plan.pdf. Accessed 25 March 2013.")
    ex = A.align(printed, gold(
        label="9.", type="web", group_authors=["World Health Organization"], year="2008",
        title="Action plan for noncommunicable diseases", url="http://www.who.int/nmh/plan.pdf"))
    assert ex is not None
    assert labelled(ex) == {
        "author": ["World Health Organization"], "date": ["2008"],
        "title": ["Action plan for noncommunicable diseases"],
        "url": ["http://www.who.int/nmh/plan.pdf"], "accessed": ["25 March 2013"]}


def test_harvard_place_before_publisher_and_accessed_in_parentheses():
    printed = ("Luck, S. J., 2014. An introduction to the event-related potential technique. "
               "Cambridge, MA: MIT Press. Available from: http://mitpress.mit.edu/erp "
               "(accessed at 17.05.10).")
    ex = A.align(printed, gold(
        type="book", authors=["Luck, S.J."], year="2014",
        title="An introduction to the event-related potential technique",
        publisher="MIT Press"))
    assert ex is not None
    got = labelled(ex)
    assert got["author"] == ["Luck, S. J."]
    assert got["place"] == ["Cambridge, MA"] and got["publisher"] == ["MIT Press"]
    assert got["url"] == ["http://mitpress.mit.edu/erp"]
    assert got["accessed"] == ["17.05.10"]


def test_title_markup_in_gold_is_ignored_when_searching():
    printed = "Smith J, Jones K. Role of Ca2+ in beta-cell death. Diabetologia 2010;53:1–9."
    ex = A.align(printed, gold(
        authors=["Smith, J.", "Jones, K."], year="2010",
        title="Role of Ca<sup>2+</sup> in <i>beta</i>-cell death", journal="Diabetologia",
        volume="53", first_page="1", pages="1–9"))
    assert ex is not None
    assert labelled(ex)["title"] == ["Role of Ca2+ in beta-cell death"]


def test_entries_that_cannot_be_aligned_give_none_and_a_reason():
    printed = "Smith J. A different title. BMJ 2010;340:c1."
    ref = gold(authors=["Smith, J."], year="2010", title="Not the printed title",
               journal="BMJ", volume="340", first_page="c1")
    assert A.align(printed, ref) is None
    with pytest.raises(A.AlignError, match="title not found"):
        A.align_or_raise(printed, ref)
    # a number the gold does not account for would be taught as "other"
    with pytest.raises(A.AlignError, match="unlabelled number"):
        A.align_or_raise("Smith J. A title. BMJ 2010;340:c1. Report 17.", gold(
            authors=["Smith, J."], year="2010", title="A title", journal="BMJ",
            volume="340", first_page="c1"))


def test_test_split_articles_are_refused_before_any_file_is_read(tmp_path):
    split = tmp_path / "split.yaml"
    split.write_text("dev:\n  - dev-article\ntest:\n  - held-out\n", encoding="utf-8")
    corpus = tmp_path / "corpus"  # empty: nothing may be opened
    for article in ("held-out", "unknown-article"):
        with pytest.raises(ValueError, match="not a development article"):
            A.load_gold(corpus, article, split)
        with pytest.raises(ValueError, match="not a development article"):
            A.examples_from_corpus(corpus, split, articles=[article])


def test_the_real_split_refuses_its_test_articles():
    split = ROOT / "eval/corpus-split.yaml"
    import yaml

    test_ids = yaml.safe_load(split.read_text(encoding="utf-8"))["test"]
    assert test_ids
    for article in test_ids:
        with pytest.raises(ValueError):
            A.examples_from_corpus(A.CORPUS_DIR, split, articles=[article])


@pytest.mark.skipif(not (A.CORPUS_DIR / "gold").is_dir(), reason="corpus not present")
def test_dev_corpus_aligns_at_least_95_percent():
    total = 0
    examples, failures = A.examples_from_corpus()
    for article in A.dev_ids():
        total += A.align_article(A.CORPUS_DIR, article)[2]
    assert len(examples) >= 0.95 * total
    assert sum(failures.values()) == total - len(examples)
    assert all(ex.source.startswith("corpus:") and ex.style for ex in examples)


def test_family_names_do_not_match_across_initials_and_given_first_blocks_end_at_a_name():
    # "Rand" must not be found in "M.R. and"; "T. Smith, The …" must not read "The" as a
    # given name of Smith
    printed = "Fry,A.J., Palmer,M.R. and Rand,D.M. (2004) Variable fitness effects. " \
              "Heredity, 93, 379–389."
    ex = A.align(printed, gold(
        authors=["Fry, A.J.", "Palmer, M.R.", "Rand, D.M."], year="2004",
        title="Variable fitness effects", journal="Heredity", volume="93",
        first_page="379", pages="379–389"))
    assert ex is not None
    assert labelled(ex)["author"] == ["Fry,A.J., Palmer,M.R. and Rand,D.M."]
    printed = "R.F. Hink, T. Smith, The division of attention, Neuropsychologia 15 (1977) " \
              "597–605."
    ex = A.align(printed, gold(
        authors=["Hink, R.F.", "Smith, T."], year="1977", title="The division of attention",
        journal="Neuropsychologia", volume="15", issue="08", first_page="597",
        pages="597–605"))
    assert ex is not None
    got = labelled(ex)
    assert got["author"] == ["R.F. Hink, T. Smith"]
    assert got["title"] == ["The division of attention"]
    assert got["date"] == ["1977"] and got["pages"] == ["597–605"]


def test_gold_may_list_more_authors_than_the_print_shows_before_et_al():
    printed = "Vogel S, Mendelsohn CL, Mertz JR, et al. A new member of the family. " \
              "J Biol Chem. 2001;276:1353–60."
    ex = A.align(printed, gold(
        authors=["Vogel, S.", "Mendelsohn, C.L.", "Mertz, J.R.", "Piantedosi, R."],
        et_al=True, year="2001", title="A new member of the family", journal="J Biol Chem",
        volume="276", first_page="1353", pages="1353–1360"))
    assert ex is not None
    assert labelled(ex)["author"] == ["Vogel S, Mendelsohn CL, Mertz JR, et al."]
    assert labelled(ex)["pages"] == ["1353–60"]
