"""BibTeX written with pybtex: escaped for LaTeX, ASCII only, and protected from a style's case
rules, so that pdfLaTeX with classic BibTeX styles compiles it and prints what it says.

- Non-ASCII is written as LaTeX (pylatexenc): pdfLaTeX stops at `Unicode character α`
  unless the document happens to load the right packages. CJK text has no LaTeX spelling and
  is kept (a Chinese title needs CJKutf8 or XeLaTeX in any case).
- Acronyms, gene names and the proper nouns of the glossary are braced: plain and unsrt
  lower-case every title word that is not.
- An article number goes into `pages` as well as `eid`: classic styles print `pages` and
  ignore `eid`, and an article without pages would otherwise lose its locator.
"""

from __future__ import annotations

import re
from functools import cache

from pybtex.database import BibliographyData, Entry, Person

from .. import lexicon
from ..curate import CuratedReference

# pybtex's writer LaTeX-encodes % & # _ ~ itself (through latexcodec); these it leaves alone.
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # BibTeX counts \{ as a brace: a lone one would unbalance it
    "}": r"\textbraceright{}",
    "$": r"\$",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(c) for c in LATEX_SPECIALS))
_PAGE_RANGE = re.compile(r"^\s*(\S+?)\s*[-–—]+\s*(\S+)\s*$")


def escape(text: str) -> str:
    """Make text inert for LaTeX: `\\input` and `%` arrive as characters, not commands."""
    return _SPECIAL.sub(lambda m: LATEX_SPECIALS[m.group(0)], text)


# pylatexenc writes `₂` as `\ensuremath{_2}`, whose `_` pybtex's writer would escape:
# sub- and superscripts go through \textsubscript / \textsuperscript instead.
_DIGITS = "0123456789+-"
_SCRIPTS = {
    **{ord(c): rf"\textsubscript{{{d}}}" for c, d in zip("₀₁₂₃₄₅₆₇₈₉₊₋", _DIGITS, strict=True)},
    **{ord(c): rf"\textsuperscript{{{d}}}" for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", _DIGITS, strict=True)},
}


@cache
def _encoder():
    from pylatexenc.latexencode import (
        RULE_DICT,
        UnicodeToLatexConversionRule,
        UnicodeToLatexEncoder,
    )

    return UnicodeToLatexEncoder(
        conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, _SCRIPTS), "defaults"],
        non_ascii_only=True, replacement_latex_protection="braces-all",
        unknown_char_policy="keep", unknown_char_warning=False)


def latex(text: str) -> str:
    """Escaped, then every non-ASCII character as LaTeX: `Gökbuğut` → `G{\\"o}kbu{\\u{g}}ut`."""
    return _encoder().unicode_to_latex(escape(text))


@cache
def _proper_nouns() -> re.Pattern | None:
    names = sorted(lexicon.load("glossary").get("proper_nouns", []), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def needs_protection(run: str) -> bool:
    """CD7, NOTCH1, ALL, pTα, the T of T-cell: a capital after the first letter, letters with
    digits, or a lone capital (T cell, phase I). Title-case words are left to the style."""
    has_digit = any(c.isdigit() for c in run)
    has_alpha = any(c.isalpha() for c in run)
    return (any(c.isupper() for c in run[1:]) or (has_digit and has_alpha)
            or (len(run) == 1 and run.isupper() and run != "A"))  # "A" is mostly the article


_RUN = re.compile(r"[^\W_]+")


def protect_title(title: str) -> str:
    """Brace the glossary's proper nouns whole, and each alphanumeric run a style must not
    lower-case; everything escaped and in LaTeX's ASCII spelling."""
    pattern = _proper_nouns()
    pieces, last = [], 0
    for match in pattern.finditer(title) if pattern else ():
        pieces.append(_protect_runs(title[last: match.start()]))
        pieces.append("{" + latex(match.group(0)) + "}")
        last = match.end()
    pieces.append(_protect_runs(title[last:]))
    return "".join(pieces)


def _protect_runs(text: str) -> str:
    return latex(_RUN.sub(
        lambda m: "\x00" + m.group(0) + "\x01" if needs_protection(m.group(0)) else m.group(0),
        text,
    )).replace("\x00", "{").replace("\x01", "}")


def bibtex_pages(pages: str) -> str:
    match = _PAGE_RANGE.match(pages)
    return f"{match.group(1)}--{match.group(2)}" if match else pages


# Our reference types as BibTeX entry types, and the field that names each one's container.
ENTRY_TYPES = {
    "journal": ("article", "journal"),
    "book": ("book", ""),
    "chapter": ("incollection", "booktitle"),
    "conference": ("inproceedings", "booktitle"),
    "thesis": ("phdthesis", ""),
    "report": ("techreport", ""),
    "web": ("misc", "howpublished"),
    "preprint": ("misc", "howpublished"),
    "dataset": ("misc", "howpublished"),
    "other": ("misc", "howpublished"),
}
# Who published it, by entry type: a thesis has a school, a report an institution.
PUBLISHER_FIELD = {"phdthesis": "school", "techreport": "institution"}


def entry(ref: CuratedReference) -> Entry:
    kind, container = ENTRY_TYPES.get(ref.type, ENTRY_TYPES["other"])
    if ref.type == "other" and ref.journal and (ref.volume or ref.pages):
        kind, container = ENTRY_TYPES["journal"]
    fields = {"title": protect_title(ref.title)}
    optional = {
        container or "note": latex(ref.journal),
        "year": ref.year,
        "volume": latex(ref.volume),
        "number": latex(ref.issue),
        "pages": latex(bibtex_pages(ref.pages) or ref.article_number),
        "eid": latex(ref.article_number),
        "doi": escape(ref.doi),
        PUBLISHER_FIELD.get(kind, "publisher"): latex(ref.publisher),
        "address": latex(ref.place),
        "edition": latex(ref.edition),
        "url": escape(ref.url),
        "urldate": latex(ref.accessed),
        "pmid": ref.pmid,
        "pmcid": ref.pmcid,
    }
    fields.update({k: v for k, v in optional.items() if v})
    persons = {}
    groups = set(ref.group_authors)
    authors = [Person(last="{" + latex(name) + "}") if name in groups else Person(latex(name))
               for name in ref.authors]
    if ref.et_al:
        authors.append(Person("others"))
    if authors:
        persons["author"] = authors
    if ref.editors:
        persons["editor"] = [Person(latex(name)) for name in ref.editors]
    return Entry(kind, fields=fields, persons=persons)


def dumps(curated: list[CuratedReference]) -> str:
    data = BibliographyData(entries={ref.key: entry(ref) for ref in curated})
    return data.to_string("bibtex")
