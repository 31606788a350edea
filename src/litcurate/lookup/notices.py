"""Retraction, correction and concern notices from Crossref and PubMed, one per kind.

Why: both services may link the same notice (Crossref's `updated-by`, PubMed's
CommentsCorrections); an editor must read one finding per kind of notice, naming every
source that lists it, not two findings for one retraction. Kinds use the Crossref side's
names: retraction, partial retraction, withdrawal, removal, expression of concern,
correction, erratum, corrigendum, addendum, new version.
"""

from __future__ import annotations

from dataclasses import dataclass

from .verify import NOTICE_CODES


@dataclass(frozen=True)
class Notice:
    kind: str
    source: str  # Crossref | PubMed
    ident: str = ""  # the notice's DOI or PMID


@dataclass(frozen=True)
class Merged:
    kind: str
    sources: tuple[str, ...]
    idents: tuple[str, ...]

    @property
    def code(self) -> str:
        """The finding code of the kind, as the Crossref side names it (verify.NOTICE_CODES):
        retracted, withdrawn, expression_of_concern, corrected or new_version."""
        return NOTICE_CODES.get(self.kind.replace(" ", "_"), "corrected")


def kind_name(raw: str) -> str:
    """One spelling per kind: "expression_of_concern", "Expression-of-concern notice" →
    "expression of concern"."""
    name = raw.lower().replace("_", " ").replace("-", " ").strip()
    return name.removesuffix(" notice").strip()


def merge(notices) -> list[Merged]:
    """One entry per kind, in first-seen order, with every source and identifier."""
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for notice in notices:
        sources, idents = merged.setdefault(kind_name(notice.kind), ([], []))
        if notice.source not in sources:
            sources.append(notice.source)
        if notice.ident and notice.ident not in idents:
            idents.append(notice.ident)
    return [Merged(kind, tuple(s), tuple(i)) for kind, (s, i) in merged.items()]
