"""Retraction, correction and concern notices from Crossref and PubMed, one per kind.

Why: both services may link the same notice (Crossref's `updated-by`, PubMed's
CommentsCorrections); an editor must read one finding per kind of notice, naming every
source that lists it, not two findings for one retraction. Kinds use the Crossref side's
names: retraction, partial retraction, withdrawal, removal, expression of concern,
correction, erratum, corrigendum, addendum, new version.
"""

from __future__ import annotations

from dataclasses import dataclass

RETRACTING = frozenset({"retraction", "partial retraction", "withdrawal", "removal"})


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
        """The finding code: `retracted` for a retracting kind, else `corrected`."""
        return "retracted" if self.kind in RETRACTING else "corrected"


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
