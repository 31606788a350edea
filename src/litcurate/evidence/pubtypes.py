"""A study's design from PubMed's indexing: publication types read together with MeSH.

Why first after the editor: NLM's indexers read the whole article, and their publication
types name a design where a title rarely does. The tables are data (studies.yaml:
pubmed_types, pubmed_mesh, pubmed_preclinical_mesh), each entry with its reason. Types that
say nothing of the design ("Journal Article", "Research Support, …") leave the decision to
the abstract and the title.
"""

from __future__ import annotations

from functools import cache

from .. import lexicon


@cache
def _tables() -> tuple[dict, dict, frozenset]:
    data = lexicon.load("studies")
    return ({k.lower(): v for k, v in data["pubmed_types"].items()},
            {k.lower(): v for k, v in data["pubmed_mesh"].items()},
            frozenset(m.lower() for m in data["pubmed_preclinical_mesh"]))


def design(publication_types, mesh=()) -> tuple[str, str]:
    """(design, the evidence words) from PubMed's indexing, or ('', '') when it names none."""
    types_table, mesh_table, preclinical = _tables()
    types = {t.lower(): t for t in publication_types}
    for name, (value, _why) in types_table.items():
        if name in types:
            words = f"publication type: {types[name]} (PubMed)"
            if value == "rct" and "randomized controlled trial" not in types:
                words += "; phase III trials are comparative, randomisation not stated"
            return value, words
    headings = {m.lower(): m for m in mesh}
    if "humans" not in headings:
        for name in headings:
            if name in preclinical:
                return "preclinical", f"MeSH: {headings[name]} without Humans (PubMed)"
    for name, (value, _why) in mesh_table.items():
        if name in headings:
            return value, f"MeSH: {headings[name]} (PubMed)"
    return "", ""
