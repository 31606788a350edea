"""The editor's overrides, curation precedence, and reference-level findings."""

from __future__ import annotations

import pytest

from litcurate import curate, overrides
from litcurate.errors import OverridesError
from litcurate.export import tables
from litcurate.read.manuscript import Entry
from litcurate.refs.references import parse


def write(tmp_path, text):
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_valid_overrides(tmp_path):
    path = write(tmp_path, "# comment\n5:\n  authors: ['Gökbuget, N.', 'Boissel, N.']\n"
                 "  key: gokbuget2024\n17:\n  volume: 38\n")
    assert overrides.load(path, count=70) == {
        5: {"authors": ["Gökbuget, N.", "Boissel, N."], "key": "gokbuget2024"},
        17: {"volume": "38"},
    }


def test_missing_or_empty_file(tmp_path):
    assert overrides.load(tmp_path / "none.yaml") == {}
    assert overrides.load(write(tmp_path, "# nothing yet\n")) == {}


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("5:\n  title: [unclosed\n", 3, "not valid YAML"),
        ("5:\n  colour: red\n", 1, "unknown field 'colour'"),
        ("3:\n  year: 2020\n99:\n  year: 2021\n", 3, "past the list of 70"),
        ("abc:\n  year: 2020\n", 1, "not a reference number"),
        ("- 1\n- 2\n", 1, "expected a mapping"),
        ("7: just text\n", 1, "expected field: value pairs"),
        ("7:\n  et_al: maybe\n", 1, "et_al must be true or false"),
        ("7:\n  foo: !!python/object/apply:os.system ['true']\n", None, "not valid YAML"),
    ],
)
def test_malformed_overrides_name_the_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(OverridesError) as caught:
        overrides.load(path, count=70, display="references/overrides.yaml")
    message = caught.value.one_line()
    prefix = "references/overrides.yaml" + (f":{line}" if line else "")
    assert message.startswith(prefix) and words in message


def test_overrides_are_never_written(tmp_path):
    path = write(tmp_path, "5:\n  year: 2024\n")
    before = path.stat().st_mtime_ns, path.read_bytes()
    overrides.load(path, count=70)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def make(text, n=1):
    return parse(Entry(n, text, 10 + n))


def test_override_wins_and_is_reported(refs):
    curated, found = curate.curate([refs[5]], {5: {"authors": ["Gökbuget, N."], "year": "2024"}})
    (ref,) = curated
    # issue #18 item 6: a one-name override corrects the first name, the other five stay
    rest = ("Boissel, N.", "Chiaretti, S.", "Dombret, H.", "Doubek, M.", "Fielding, A.")
    assert ref.authors == ("Gökbuget, N.", *rest)
    assert ref.source == ("override", "manuscript")
    assert ref.field_sources["authors"] == "override"
    assert ref.field_sources["title"] == "manuscript"
    assert ref.status == "offline"
    messages = [f.message for f in found if f.code == "metadata_mismatch"]
    assert messages == ["Reference [5] authors: the editor's override 'Gökbuget, N.; Boissel, "
                        "N.; Chiaretti, S.; Dombret, H.; Doubek, M.; Fielding, A.' replaces "
                        "the manuscript's 'Gökbuğut, N.; Boissel, N.; Chiaretti, S.; Dombret, H.; "
                        "Doubek, M.; Fielding, A.'."]


def test_a_missing_doi_is_a_warning_only_where_the_list_prints_dois():
    with_dois = [make(f"[{n}] Sato, A. (2023) Title {n}. *J*, **1**, {n}-9. doi: 10.1000/a{n}", n)
                 for n in range(1, 4)]
    without = make("[4] Kim, B. (2023) Fourth Title. *J*, **1**, 4-9.", 4)
    _, found = curate.curate([*with_dois, without])
    assert [(f.code, f.n, f.severity) for f in found] == [("doi_missing", 4, "warning")]
    # a style that prints no DOIs (most entries without): each missing one is a note
    plain = [make(f"[{n}] Kim, B. (2023) Study {n}. *J*, **2**, {n}-8.", n) for n in range(1, 4)]
    _, found = curate.curate([*plain, with_dois[0]])
    assert {(f.code, f.severity) for f in found} == {("doi_missing", "info")}
    assert "most entries of this list print none" in found[0].message


def test_reference_findings():
    entries = [
        make("[1] Sato, A. (2023) One Title. *J*, **1**, 1-2. doi: 10.1000/a", 1),
        make("[2] Sato, A. (2023) Other Title. *J*, **1**, 1-2.", 2),
        make("[3] nothing to parse here", 3),
        make("[4] Kim, B. (2023) One Title. *J*, **1**, 1-2. doi: 10.1000/a", 4),
        make("[5] Lee, C. (2022) Third. *J*, **2**, 3. doi: 11.1/zz", 5),
    ]
    _, found = curate.curate(entries)
    codes = sorted((f.code, f.n) for f in found)
    assert codes == [
        ("doi_malformed", 5),
        ("doi_missing", 2),
        # [3] was not read: only reference_unparsed, no check on what was not read (issue 12)
        ("duplicate_reference", 4),
        ("reference_unparsed", 3),
    ]
    severities = {f.code: f.severity for f in found}
    assert severities["reference_unparsed"] == "error"


def test_csv_cells_are_escaped_and_neutralised():
    text = tables.dumps(("a", "b"), [{"a": "=HYPERLINK(\"x\")", "b": "x, \"y\"\nz"},
                                     {"a": ("p", "q"), "b": True}])
    assert text == 'a,b\n"\'=HYPERLINK(""x"")","x, ""y""\nz"\np; q,true\n'
