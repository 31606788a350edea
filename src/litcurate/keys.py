"""BibTeX keys: `dunsmore2020childrens`, unique, and stable once written.

A key that an editor has cited in a manuscript must not move under them, so previous keys
are read back (by DOI, else by number and title) and kept even when a later correction
would produce a different key.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rapidfuzz import fuzz

from .errors import InputError
from .text import compact as fold
from .text import words as normalise_title

STOPWORDS = frozenset(
    "a an the of on in for and or to with by at from as is are was were be its into via "
    "versus vs after before during under over between among new".split()
)
SAME_TITLE = 90  # rapidfuzz ratio of normalised titles above which two titles are one work


def base_key(family: str, year: str, title: str) -> str:
    words = [fold(w) for w in re.split(r"[\s\-/:]+", title)]
    word = next((w for w in words if w and w not in STOPWORDS), "")
    return f"{fold(family) or 'anon'}{year or 'nd'}{word}"


def read_previous(path: str | Path | None) -> list[dict]:
    """Rows (n, key, doi, title) of a previously written references.csv, if any.

    A file that exists but cannot be read stops the run (InputError, with its line): read
    as empty, every key would be generated afresh and the editor's citations would break.
    """
    if not path or not Path(path).exists():
        return []
    line = 1
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "key" not in reader.fieldnames:
                raise InputError(str(path), 1, "no `key` column: the previous BibTeX keys "
                                 "cannot be kept; restore the file from git")
            rows = []
            for row in reader:
                line = reader.line_num
                rows.append({k: (row.get(k) or "").lstrip("'")
                             for k in ("n", "key", "doi", "title", "key_source")})
            return rows
    except UnicodeDecodeError as exc:
        line = Path(path).read_bytes().count(b"\n", 0, exc.start) + 1
        raise InputError(str(path), line, "not valid UTF-8: the previous BibTeX keys cannot "
                         "be kept; restore the file from git") from None
    except (OSError, csv.Error) as exc:
        raise InputError(str(path), line, f"cannot be read ({exc}): the previous BibTeX keys "
                         "cannot be kept; restore the file from git") from None


def assign(records: list[dict], previous: list[dict]) -> dict[int, str]:
    """Keys by reference number. records: n, family, year, title, doi, key_override."""
    taken: set[str] = set()
    keys: dict[int, str] = {}
    # a key an override set leaves with the override: it is never carried forward alone
    unused = [p for p in previous if p.get("key") and p.get("key_source") != "override"]
    for record in records:  # an editor's key first, then keys already written
        key = record.get("key_override") or _previous_key(record, unused)
        if key and key not in taken:
            keys[record["n"]] = key
            taken.add(key)
            unused = [p for p in unused if p["key"] != key]
    for record in records:
        if record["n"] in keys:
            continue
        base = base_key(record["family"], record["year"], record["title"])
        key, clash = base, 2
        while key in taken:
            key, clash = f"{base}{_letters(clash)}", clash + 1
        keys[record["n"]] = key
        taken.add(key)
    return keys


def _letters(n: int) -> str:
    """2 → b … 26 → z, 27 → aa, 28 → ab: suffixes that stay letters however many clash."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _previous_key(record: dict, previous: list[dict]) -> str:
    doi = (record.get("doi") or "").lower()
    if doi:
        for row in previous:
            if row.get("doi", "").lower() == doi:
                return row["key"]
    title = normalise_title(record.get("title") or "")
    if not title:
        return ""
    for row in previous:
        if str(row.get("n")) == str(record["n"]) and _same_title(title, row.get("title", "")):
            return row["key"]
    for row in previous:
        if normalise_title(row.get("title", "")) == title:
            return row["key"]
    return ""


def _same_title(normalised: str, other: str) -> bool:
    return fuzz.ratio(normalised, normalise_title(other)) >= SAME_TITLE
