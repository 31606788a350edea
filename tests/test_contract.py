"""docs/contract.md is true: what it lists as written is what the code writes (issue #18
item 12).

The expected values are read from the document; what they are compared with is read from
the code: the column tuples of tables.py, the finding codes the modules raise, the statuses
resolve.py and curate.py set, the files common.smk lists.
"""

from __future__ import annotations

import ast
import re

from conftest import ROOT

from litcurate import findings
from litcurate.export import tables

CONTRACT = ROOT / "docs" / "contract.md"
SOURCES = sorted((ROOT / "src" / "litcurate").rglob("*.py"))
# these two only describe codes (severities, explanations for the page); the rest raise them
DESCRIBING = {"findings.py", "page.py"}


def documented(marker: str, column: int = 0) -> list[str]:
    """The backticked names in one column of the table after `<!-- marker -->`."""
    text = CONTRACT.read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker} -->", 1)[1].strip().split("\n\n", 1)[0]
    rows = [line for line in block.splitlines()[2:] if line.startswith("|")]
    return [re.search(r"`([^`]+)`", row.split("|")[column + 1]).group(1) for row in rows]


def string_constants(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def raised_codes() -> set[str]:
    named = set().union(*(string_constants(p) for p in SOURCES if p.name not in DESCRIBING))
    return {code for code in findings.SEVERITY if code in named}


def test_the_documented_codes_are_the_codes_raised():
    written = documented("codes")
    assert sorted(written) == sorted(raised_codes()) == sorted(findings.SEVERITY)
    text = CONTRACT.read_text(encoding="utf-8")
    for code, severity in findings.SEVERITY.items():
        assert f"| `{code}` | {severity} |" in text, code


def test_planned_codes_are_not_raised_yet():
    planned = documented("planned codes")
    assert not set(planned) & raised_codes()
    assert not set(documented("planned statuses")) & set(documented("statuses"))


def test_the_documented_columns_are_the_columns_written():
    assert documented("columns: references") == list(tables.REFERENCE_COLUMNS)
    assert documented("columns: studies") == list(tables.STUDY_COLUMNS)
    assert documented("columns: claims") == list(tables.CLAIM_COLUMNS)
    assert documented("columns: findings") == list(tables.FINDING_COLUMNS)
    written = set(tables.REFERENCE_COLUMNS + tables.CLAIM_COLUMNS)
    assert not set(documented("planned columns", column=1)) & written


def statuses_set() -> set[str]:
    """Every status a Resolution is built with (resolve.py), and curate.py's default."""
    found = set()
    for node in ast.walk(ast.parse((ROOT / "src/litcurate/lookup/resolve.py").read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Resolution":
            status = node.args[1]
            found |= {n.value for n in ast.walk(status) if isinstance(n, ast.Constant)
                      and isinstance(n.value, str)}
    found.add(re.search(r'statuses\.get\(n, "(\w+)"\)',
                        (ROOT / "src/litcurate/curate.py").read_text()).group(1))
    # resolve.py names the verified/mismatch choice in a variable; read it too
    source = (ROOT / "src/litcurate/lookup/resolve.py").read_text()
    for pair in re.findall(r'status = "(\w+)" if .* else "(\w+)"', source):
        found |= set(pair)
    return found


def test_the_documented_statuses_are_the_statuses_set():
    assert sorted(documented("statuses")) == sorted(statuses_set())


def test_the_documented_outputs_are_the_files_written():
    rules = (ROOT / "workflow" / "rules" / "common.smk").read_text(encoding="utf-8")
    listed = re.search(r"CURATED_FILES = \[(.*?)\]", rules, re.S).group(1)
    assert sorted(documented("outputs")) == sorted(re.findall(r'"([^"]+)"', listed))


def test_the_readme_points_into_the_repository():
    """The README pointed to ../shared/SPEC.md, outside the repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme and "docs/contract.md" in readme
