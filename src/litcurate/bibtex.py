"""BibTeX written with pybtex: escaped for LaTeX, acronyms protected from a style's case rules."""

from __future__ import annotations

import re

from pybtex.database import BibliographyData, Entry, Person

from .curate import CuratedReference

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


def needs_protection(run: str) -> bool:
    """CD7, NOTCH1, ALL, pTα, the T of T-cell: a capital after the first letter, letters with
    digits, or a lone capital (T cell, phase I). Title-case words are left to the style."""
    has_digit = any(c.isdigit() for c in run)
    has_alpha = any(c.isalpha() for c in run)
    return (any(c.isupper() for c in run[1:]) or (has_digit and has_alpha)
            or (len(run) == 1 and run.isupper() and run != "A"))  # "A" is mostly the article


_RUN = re.compile(r"[^\W_]+")


def protect_title(title: str) -> str:
    """Escape, then brace each alphanumeric run a style must not lower-case."""
    return _RUN.sub(
        lambda m: "{" + m.group(0) + "}" if needs_protection(m.group(0)) else m.group(0),
        escape(title),
    )


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
        container or "note": escape(ref.journal),
        "year": ref.year,
        "volume": escape(ref.volume),
        "number": escape(ref.issue),
        "pages": escape(bibtex_pages(ref.pages)),
        "eid": escape(ref.article_number),
        "doi": escape(ref.doi),
        PUBLISHER_FIELD.get(kind, "publisher"): escape(ref.publisher),
        "address": escape(ref.place),
        "edition": escape(ref.edition),
        "url": escape(ref.url),
        "urldate": escape(ref.accessed),
        "pmid": ref.pmid,
        "pmcid": ref.pmcid,
    }
    fields.update({k: v for k, v in optional.items() if v})
    persons = {}
    groups = set(ref.group_authors)
    authors = [Person(last="{" + escape(name) + "}") if name in groups else Person(escape(name))
               for name in ref.authors]
    if ref.et_al:
        authors.append(Person("others"))
    if authors:
        persons["author"] = authors
    if ref.editors:
        persons["editor"] = [Person(escape(name)) for name in ref.editors]
    return Entry(kind, fields=fields, persons=persons)


def dumps(curated: list[CuratedReference]) -> str:
    data = BibliographyData(entries={ref.key: entry(ref) for ref in curated})
    return data.to_string("bibtex")
