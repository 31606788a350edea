"""Overrides that do what an editor means (issue #18 item 6).

Expected values come from the manuscript (references/manuscript.md, reference [5]: six
authors, the first misspelt "Gökbuğut", then "et al."), from the README's own override
example, and from the issue: correcting a name keeps the list; removing an override removes
its key; confirming a trial name clears `entity_unverified`.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import analyse

from litcurate import curate, overrides
from litcurate.audit import checks as audit
from litcurate.errors import OverridesError
from litcurate.evidence import studies
from litcurate.export import tables

README_EXAMPLE = """5:
  authors: ["Gökbuget, N.", "Boissel, N."]
  et_al: true
  key: gokbuget2024management
"""


def load(tmp_path, text, count=70):
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return overrides.load(path, count=count)


def authors_of(refs, edits, n=5):
    curated, _ = curate.curate([refs[k] for k in sorted(refs)], edits)
    return next(c for c in curated if c.n == n).authors


def test_the_readme_example_corrects_names_and_keeps_the_list(tmp_path, refs):
    """The README's example used to cut reference [5]'s six authors to two."""
    assert len(refs[5].authors) == 6
    names = authors_of(refs, load(tmp_path, README_EXAMPLE))
    assert len(names) == 6
    assert names[:2] == ("Gökbuget, N.", "Boissel, N.")
    assert names[2:] == tuple(a.display() for a in refs[5].authors[2:])


def test_one_name_by_position(tmp_path, refs):
    names = authors_of(refs, load(tmp_path, '5:\n  authors: {1: "Gökbuget, N."}\n'))
    assert names[0] == "Gökbuget, N." and len(names) == 6


def test_replacing_the_list_must_be_said(tmp_path, refs):
    text = '5:\n  authors: ["Gökbuget, N.", "Boissel, N."]\n  replace_authors: true\n'
    assert authors_of(refs, load(tmp_path, text)) == ("Gökbuget, N.", "Boissel, N.")


def test_a_bad_author_mapping_names_its_line(tmp_path):
    with pytest.raises(OverridesError) as caught:
        load(tmp_path, '5:\n  authors: {first: "Gökbuget, N."}\n')
    assert caught.value.line == 1 and "position" in caught.value.message


def previous_rows(curated):
    """references.csv as the pipeline writes it, read back as the next run reads it."""
    text = tables.references_csv(curated)
    return [{k: (row.get(k) or "").lstrip("'") for k in
             ("n", "key", "doi", "title", "key_source")}
            for row in csv.DictReader(io.StringIO(text))]


def test_removing_a_key_override_removes_its_key(refs):
    """The key an override set used to stay after the override was removed (read back as a
    previous key). Without the override, [5] gets its generated key, which the README
    gives: family name of the manuscript's spelling, year, first title word."""
    ordered = [refs[k] for k in sorted(refs)]
    first, _ = curate.curate(ordered, {5: {"key": "gokbuget2024management"}})
    assert first[4].key == "gokbuget2024management"
    second, _ = curate.curate(ordered, {}, previous_rows(first))
    assert second[4].key == "gokbugut2024management"
    # a generated key still never moves
    assert [c.key for c in second if c.n != 5] == [c.key for c in first if c.n != 5]


def test_confirming_a_trial_name_clears_entity_unverified(review_text):
    """The review's claim C019 names "FORUM" and cites [29]; no title names it, so the audit
    raises entity_unverified (info). An editor's `trial_name: [FORUM]` on [29] confirms it."""
    result = analyse(review_text)
    assert [f.code for f in result["findings"] if f.claim_id == "C019"] == ["entity_unverified"]
    edits = {29: {"trial_name": ["FORUM"]}}
    confirmed = studies.extract_all(result["curated"], {}, result["claims"], edits)
    _, found = audit.check(result["manuscript"], result["claims"], confirmed,
                           result["curated"])
    assert [f.code for f in found if f.claim_id == "C019"] == []
