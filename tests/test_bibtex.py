"""BibTeX: pybtex reads it back and formats it; keys are readable, unique and stable."""

from __future__ import annotations

import io

import pybtex.errors
import pytest
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from litcurate import curate, keys
from litcurate.export import bibtex
from litcurate.refs import references


@pytest.fixture(scope="module")
def curated(refs):
    records, _ = curate.curate([refs[n] for n in sorted(refs)])
    return records


def test_keys_follow_author_year_word(curated):
    by_n = {c.n: c.key for c in curated}
    assert by_n[17] == "dunsmore2020childrens"
    assert by_n[5] == "gokbugut2024management"
    assert by_n[63] == "yigitkaya2025complete"
    assert by_n[43] == "walia2024landscape"
    assert len(set(by_n.values())) == 70


def test_clashing_keys_get_suffixes():
    records = [{"n": i, "family": "Oh", "year": "2024", "title": "CAR T cells", "doi": ""}
               for i in (1, 2, 3)]
    assert keys.assign(records, []) == {1: "oh2024car", 2: "oh2024carb", 3: "oh2024carc"}


def test_keys_never_change_once_written():
    records = [{"n": 5, "family": "Gökbuget", "year": "2024", "title": "Management of ALL",
                "doi": "10.1182/blood.2023023568"}]
    previous = [{"n": "5", "key": "gokbugut2024management", "doi": "10.1182/blood.2023023568",
                 "title": "Management of ALL"}]
    assert keys.assign(records, previous) == {5: "gokbugut2024management"}
    no_doi = [dict(records[0], doi="")]
    assert keys.assign(no_doi, [dict(previous[0], doi="")]) == {5: "gokbugut2024management"}
    assert keys.assign(records, []) == {5: "gokbuget2024management"}
    edited = [dict(records[0], key_override="gokbuget2024")]
    assert keys.assign(edited, previous) == {5: "gokbuget2024"}


def test_pybtex_reads_back_and_formats_without_warning(curated):
    text = bibtex.dumps(curated)
    pybtex.errors.set_strict_mode(True)
    try:
        data = parse_string(text, "bibtex")
        assert len(data.entries) == 70
        style = find_plugin("pybtex.style.formatting", "unsrt")()
        backend = find_plugin("pybtex.backends", "plaintext")()
        rendered = [e.text.render(backend) for e in style.format_bibliography(data)]
    finally:
        pybtex.errors.set_strict_mode(False)
    assert len(rendered) == 70
    sato = rendered[2]
    assert "(ALL-T11)" in sato and "T-cell acute" in sato and "e419–e432" in sato
    entry = data.entries["dunsmore2020childrens"]
    assert entry.fields["pages"] == "3282--3293"
    assert entry.fields["doi"] == "10.1200/jco.20.00256"
    assert [str(p) for p in entry.persons["author"]][:2] == ["Dunsmore, K.P.", "Winter, S.S."]
    assert str(entry.persons["author"][-1]) == "others"


def test_title_protection():
    assert bibtex.protect_title("CD7 CART in T-ALL: NOTCH1 and pTα") == (
        "{CD7} {CART} in {T}-{ALL}: {NOTCH1} and {pT{\\ensuremath{\\alpha}}}")
    assert bibtex.protect_title("A Very High-Risk Group") == "A Very High-Risk Group"


def test_latex_specials_are_inert():
    hostile = "50% of {x} & $y$ #1 a_b ^c ~d \\input{/etc/passwd} }{"
    ref = curate.CuratedReference(
        n=1, key="k", authors=("O'Brien, A.",), et_al=False, year="2020", title=hostile,
        journal="J & J", volume="1", issue="", pages="1-2", article_number="", doi="",
        status="offline", times_cited=0, source=("manuscript",))
    text = bibtex.dumps([ref])
    assert "\\input" not in text.replace("\\textbackslash{}input", "")
    data = parse_string(text, "bibtex")
    assert data.entries["k"].fields["journal"] == "J \\& J"
    assert data.entries["k"].fields["title"] == (
        "50\\% of \\textbraceleft{}x\\textbraceright{} \\& \\$y\\$ \\#1 a\\_b "
        "\\textasciicircum{}c \\textasciitilde d \\textbackslash{}input\\textbraceleft{}/etc/passwd"
        "\\textbraceright{} \\textbraceright{}\\textbraceleft{}")


def test_article_number_goes_to_eid(curated):
    text = bibtex.dumps(curated)
    data = parse_string(text, "bibtex")
    assert data.entries["pagliaro2024acute"].fields["eid"] == "41"
    # classic styles (plain, unsrt) print `pages`, not `eid` (issue #18 item 10)
    assert data.entries["pagliaro2024acute"].fields["pages"] == "41"


def test_output_is_deterministic(refs):
    first, _ = curate.curate([refs[n] for n in sorted(refs)])
    second, _ = curate.curate([references.Reference.from_dict(refs[n].to_dict())
                               for n in sorted(refs)])
    assert bibtex.dumps(first) == bibtex.dumps(second)
    assert io.StringIO(bibtex.dumps(first)).read().count("@article{") == 70


def test_thirty_clashing_keys_stay_letters():
    records = [{"n": i, "family": "Doe", "year": "2020", "title": "Same Title", "doi": ""}
               for i in range(1, 31)]
    found = keys.assign(records, [])
    assert found[1] == "doe2020same" and found[2] == "doe2020sameb"
    assert found[26] == "doe2020samez" and found[27] == "doe2020sameaa"
    assert len(set(found.values())) == 30 and all(k.isalnum() for k in found.values())
