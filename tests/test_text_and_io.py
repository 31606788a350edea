"""Shared text handling and the file I/O at the edges (issue #18 item 15).

Where each expectation comes from is in each test's docstring.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT

from litcurate import fileio, keys, text
from litcurate.errors import InputError
from litcurate.export import ris

SOURCES = sorted((ROOT / "src" / "litcurate").rglob("*.py"))


def test_concurrent_writes_to_one_path_never_fail(tmp_path):
    """The issue measured 555 failures in 900 concurrent writes (FileNotFoundError: one
    writer removed another's temporary file). Expected: none fails, and the file is one
    whole payload; no temporary file is left."""
    target = tmp_path / "answer.json"
    payloads = [f"{i:04d}".encode() * 500 for i in range(900)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        failures = [f for f in [pool.submit(fileio.write_bytes_atomic, target, p)
                                for p in payloads] if f.exception() is not None]
    assert failures == []
    assert target.read_bytes() in payloads
    assert list(tmp_path.glob(".*.tmp")) == []


def test_a_temporary_file_of_a_dead_writer_is_removed(tmp_path):
    """The README: a killed writer leaves no half file behind after the next write."""
    target = tmp_path / "a.csv"
    stale = tmp_path / ".a.csv.999999999.abcd.tmp"  # no such process id
    stale.write_text("half", encoding="utf-8")
    fileio.write_text_atomic(target, "whole")
    assert not stale.exists() and target.read_text(encoding="utf-8") == "whole"


def test_the_cache_path_guard_holds_under_python_O(tmp_path):
    """An `assert` disappears under `python -O`: the guard must be a real check. A cache
    kind other than works/search (here one that climbs out) is refused with ValueError."""
    code = ("from litcurate.lookup.crossref import Cache\n"
            f"Cache({str(tmp_path)!r}).path('../../outside', 'k')\n")
    result = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0 and "ValueError" in result.stderr


@pytest.mark.parametrize("content, line, words", [
    (b"n,key,doi,title\n1,smith2020x,10.1/x,T\n2,doe2021y,10.1/y,\xff\n", 3, "not valid UTF-8"),
    (b"n,doi,title\n1,10.1/x,T\n", 1, "no `key` column"),
])
def test_unreadable_previous_keys_stop_the_run(tmp_path, content, line, words):
    """keys.read_previous used to return [] for a file it could not read, so every key
    would be generated afresh; the SPEC: keys never change. Expected: an InputError naming
    the file and the line (counted in the bytes written here)."""
    path = tmp_path / "references.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        keys.read_previous(path)
    assert caught.value.path == str(path) and caught.value.line == line
    assert words in caught.value.message


@pytest.mark.parametrize("pages, start, end", [
    ("419–32", "419", "32"),        # en dash, as PDFs print ranges
    ("e419-e432", "e419", "e432"),
    ("1025 — 1031", "1025", "1031"),
    ("e20230419", "e20230419", ""),
])
def test_ris_splits_page_ranges_at_any_dash(pages, start, end):
    """RIS SP/EP are the first and last page (RIS specification); an en-dash range used to
    go whole into SP."""
    assert ris._page_range(pages) == (start, end)


def test_markup_folding_and_cjk_have_one_home():
    """One definition each, in text.py: no other module strips tags with its own pattern,
    folds with unidecode, or spells out a CJK code-point range (the issue counted five,
    five and four)."""
    patterns = {"tag pattern": re.compile(r"<\[\^>\]"), "unidecode": re.compile(r"unidecode\("),
                "CJK range": re.compile(r"\\u3400|\\u4e00|east_asian_width")}
    offenders = [(path.name, what) for path in SOURCES if path.name != "text.py"
                 for what, pattern in patterns.items()
                 if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_text_folds_as_the_modules_need():
    """Values from the README and the modules' own docstrings: keys fold `Gökbuğut` to
    `gokbugut`; titles compare without tags; trial names keep Greek letters."""
    assert text.compact("Gökbuğut") == "gokbugut"
    # a subscript in one source and plain digits in the other are the same title
    assert text.words("mSiO<sub>2</sub> Nanoparticles") == text.words("mSiO2 Nanoparticles")
    assert text.person("Jean-Michel") == "jean michel"
    assert text.name_words("CD7-CAR T") == "cd7 car t"
    assert text.has_cjk("达沙替尼") and not text.has_cjk("dasatinib")
    assert text.strip_tags("see <https://doi.org/10.1/x>") == "see <https://doi.org/10.1/x>"


IMPORT_NAMES = {"pyyaml": "yaml", "pybtex": "pybtex", "jinja2": "jinja2",
                "python-crfsuite": "pycrfsuite", "pypandoc-binary": "pypandoc"}


def test_every_pinned_dependency_is_used():
    """The issue: the `pandas` pin was unused. Every runtime dependency in pyproject.toml is
    imported by the library, the scripts or the Snakefile."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    code = "\n".join(p.read_text(encoding="utf-8") for p in [
        *SOURCES, *sorted((ROOT / "scripts").glob("*.py")), ROOT / "Snakefile",
        *sorted((ROOT / "workflow" / "rules").glob("*.smk"))])
    unused = []
    for requirement in project["project"]["dependencies"]:
        name = re.split(r"[=<>~!]", requirement)[0].strip().lower()
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        if not re.search(rf"^\s*(?:import|from)\s+{module}\b", code, re.M):
            unused.append(name)
    assert unused == []


def test_a_zombie_writer_leaves_no_temporary_file_behind(tmp_path):
    """A writer killed mid-write whose parent is gone too can stay a zombie; its temporary
    file is stale all the same (seen in CI: the resumed run kept `.studies.csv.<pid>.tmp`)."""
    import time

    from litcurate import fileio

    if not Path("/proc/self/stat").exists():
        pytest.skip("zombies are read from /proc (Linux)")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while not fileio._zombie(child.pid) and time.monotonic() < deadline:
        time.sleep(0.01)  # exited, not reaped (no poll/wait): a zombie
    try:
        assert fileio._zombie(child.pid)
        stale = tmp_path / f".out.csv.{child.pid}.abc.tmp"
        stale.write_text("half")
        fileio.write_text_atomic(tmp_path / "out.csv", "whole")
        assert not stale.exists() and (tmp_path / "out.csv").read_text() == "whole"
    finally:
        child.wait()
