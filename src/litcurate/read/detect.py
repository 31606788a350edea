"""Tell a manuscript's format from its first bytes, not from its name.

Editors receive files renamed, or saved without an extension, or a `.doc` called `.docx`.
The content decides: `%PDF-` starts a PDF, a ZIP holding `word/document.xml` is a Word file,
LaTeX says `\\documentclass` or `\\begin{document}`, and UTF-8 text otherwise is Markdown.
Any other kind of file (an old binary `.doc`, RTF, an OpenDocument file, an image) gets one
line naming it and what to do, rather than a confusing failure further on.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import ManuscriptError

MARKDOWN, DOCX, PDF, TEX = "markdown", "docx", "pdf", "tex"
FORMATS = (MARKDOWN, DOCX, PDF, TEX)

# At the start of a line: a Markdown file may quote LaTeX inside a formula.
LATEX = re.compile(rb"^[ \t]*\\documentclass\b", re.M)
BODY = re.compile(rb"^[ \t]*\\begin\s*\{document\}", re.M)
# Other kinds an editor may be sent: (magic bytes, what it is, what to do).
OTHER = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Word .doc file",
     "save it as .docx (Word: File > Save As > Word Document)"),
    (b"{\\rtf", "an RTF file", "save it as .docx"),
    (b"\x89PNG", "a PNG image", "give the manuscript itself (.docx, .pdf, .tex or .md)"),
    (b"\xff\xd8\xff", "a JPEG image", "give the manuscript itself (.docx, .pdf, .tex or .md)"),
)


def detect(data: bytes, name: str) -> str:
    """One of FORMATS, or ManuscriptError naming the file and what it is instead."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return PDF
    if data[:4] == b"PK\x03\x04":
        return _zip_kind(data, name)
    for magic, what, todo in OTHER:
        if data.startswith(magic):
            raise ManuscriptError(name, None, f"this is {what}, not a manuscript litcurate "
                                  f"reads: {todo}")
    if LATEX.search(data[:200_000]):
        return TEX
    if name.lower().endswith(".tex") and BODY.search(data):
        return TEX
    return MARKDOWN


def _zip_kind(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ManuscriptError(name, None, "corrupt Word file: the ZIP container cannot be "
                              "read (re-save it from Word as .docx)") from None
    if "word/document.xml" in names:
        return DOCX
    if "content.xml" in names:
        raise ManuscriptError(name, None, "this is an OpenDocument (.odt) file, not a "
                              "manuscript litcurate reads: save it as .docx")
    raise ManuscriptError(name, None, "a ZIP file without word/document.xml: not a Word "
                          "document (litcurate reads .docx, .pdf, .tex and .md)")
