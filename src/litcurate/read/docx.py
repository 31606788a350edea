"""Read a Word (.docx) manuscript into the Markdown the rest of `read` understands.

Pandoc (the `pypandoc-binary` wheel ships it, so nothing is installed apart from PyPI) is
used because it already does what a reviewer's file needs and python-docx does not:
Word's automatic list numbering is written out (`1.` exists although it is not typed),
superscripts stay `<sup>…</sup>` (the form `citations` reads), footnotes and endnotes are
kept, tables become pipe tables, and tracked changes are read as accepted
(`--track-changes=accept`). GitHub-flavoured Markdown is the target: it writes real dashes
and quotes (pandoc's own Markdown writes `--`), and `<sup>` as in the corpus.
Reference-manager field codes are read from the XML by `fieldcodes`, not here.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import ManuscriptError

# Word's markup for tracked insertions, deletions and moves in the document's XML.
TRACKED = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b")
# Backslash escapes the writer adds that a reader of the text would not type: `\[1\]`, a
# typed `1\.` (not a Word list). `#`, `|`, `*`, `_` and a leading `-` keep theirs: without
# it they would turn text into a heading, a table cell, emphasis or a bullet.
ESCAPED = re.compile(r"\\([\[\]().!<>~`])")


def to_markdown(path: str | Path, name: str) -> tuple[str, list[str]]:
    """(Markdown text, notes for the summary) of one .docx; ManuscriptError when unreadable."""
    import pypandoc

    try:
        with zipfile.ZipFile(path) as archive:
            document = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ManuscriptError(name, None, f"corrupt Word file ({exc}); re-save it from Word "
                              "as .docx") from None
    notes = []
    if TRACKED.search(document):
        notes.append("tracked changes were read as accepted")
    try:
        text = pypandoc.convert_file(
            str(path), "gfm", format="docx-citations",
            extra_args=["--wrap=none", "--track-changes=accept"])
    except RuntimeError as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else "pandoc failed"
        raise ManuscriptError(name, None, f"corrupt Word file: {detail[:200]}") from None
    text = ESCAPED.sub(r"\1", text)
    if not text.strip():
        raise ManuscriptError(name, None, "the Word file holds no text")
    return text, notes
