"""An editor's corrections, keyed by reference number: they win over everything else.

The file is read with YAML's safe loader and never written by the pipeline. A mistake in it
is reported with its line, so the editor can fix it where it is.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import OverridesError
from .evidence.levels import DESIGNS

REFERENCE_FIELDS = {
    "authors", "replace_authors", "et_al", "year", "title", "journal", "volume", "issue", "pages",
    "article_number", "doi", "key",
}
# What an editor may say of the study itself (studies.csv); these win over every cue.
STUDY_FIELDS = {
    "design", "phase", "randomized", "population", "setting", "sample_size",
    "interventions", "trial_name",
}
FIELDS = REFERENCE_FIELDS | STUDY_FIELDS
CHOICES = {
    "design": DESIGNS,
    "phase": ("I", "I/II", "II", "II/III", "III", "IV"),
    "randomized": ("yes", "no", "partial"),
    "population": ("pediatric", "aya", "adult", "mixed"),
    "setting": ("newly_diagnosed", "relapsed_refractory", "mixed"),
}


def load(path: str | Path | None, count: int | None = None, display: str | None = None) -> dict:
    """{n: {field: value}}; {} when there is no file or it holds no mapping entries."""
    if not path or not Path(path).exists():
        return {}
    name = display or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = Path(path).read_bytes().count(b"\n", 0, exc.start) + 1
        raise OverridesError(name, line, "not valid UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise OverridesError(name, line, f"not valid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise OverridesError(name, 1, "expected a mapping of reference numbers to fields")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node is not None else {}
    result: dict[int, dict] = {}
    for raw_key, fields in data.items():
        line = lines.get(str(raw_key), None)
        if isinstance(raw_key, bool) or not isinstance(raw_key, int) or raw_key < 1:
            raise OverridesError(name, line, f"key {raw_key!r} is not a reference number")
        if count is not None and raw_key > count:
            raise OverridesError(name, line, f"reference {raw_key} is past the list of {count}")
        if not isinstance(fields, dict):
            raise OverridesError(name, line, f"reference {raw_key}: expected field: value pairs")
        unknown = sorted(set(map(str, fields)) - FIELDS)
        if unknown:
            raise OverridesError(
                name, line, f"reference {raw_key}: unknown field {unknown[0]!r} "
                f"(allowed: {', '.join(sorted(FIELDS))})"
            )
        result[raw_key] = {str(k): _value(k, v, name, line, raw_key) for k, v in fields.items()}
    return result


def _value(field: str, value, name: str, line: int | None, n: int):
    if field == "authors":
        return _authors(value, name, line, n)
    if field in ("et_al", "replace_authors"):
        if not isinstance(value, bool):
            raise OverridesError(name, line, f"reference {n}: {field} must be true or false")
        return value
    if field in ("interventions", "trial_name"):
        if isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OverridesError(name, line, f"reference {n}: {field} must be a list of names")
        return value
    if field in CHOICES and str(value) not in CHOICES[field]:
        raise OverridesError(name, line, f"reference {n}: {field} {value!r} is not one of "
                             f"{', '.join(CHOICES[field])}")
    if isinstance(value, (dict, list)) or value is None:
        raise OverridesError(name, line, f"reference {n}: {field} must be a single value")
    return str(value)


def _authors(value, name: str, line: int | None, n: int) -> list[str] | dict[int, str]:
    """A list corrects names from the first on (the rest stay, unless `replace_authors:
    true`); a mapping {position: name} corrects the names at those positions (1 = first).

    Correcting one misspelt name is the common case: it must never cut the list short.
    """
    if isinstance(value, str):
        value = [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, dict):
        if all(isinstance(k, int) and not isinstance(k, bool) and k >= 1
               and isinstance(v, str) for k, v in value.items()):
            return dict(sorted(value.items()))
        raise OverridesError(name, line, f"reference {n}: authors as a mapping must be "
                             "position: 'Family, Initials' (1 is the first author)")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OverridesError(name, line, f"reference {n}: authors must be a list of "
                             "'Family, Initials' strings, or position: name pairs")
    return value


def apply_authors(override: dict, base: tuple[str, ...]) -> tuple[str, ...] | None:
    """The author list after an override's `authors`, or None when it names none."""
    value = override.get("authors")
    if not value:
        return None
    if isinstance(value, dict):
        names = list(base)
        for position, new in value.items():
            key = int(position)
            if key <= len(names):
                names[key - 1] = new
            else:
                names.append(new)
        return tuple(names)
    if override.get("replace_authors"):
        return tuple(value)
    return tuple(value) + tuple(base[len(value):])
