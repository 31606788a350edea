"""Read PubMed's efetch XML (db=pubmed, retmode=xml) into plain records.

Why a parser of our own: only a few elements matter (identifiers, title, abstract,
publication types, MeSH headings, CommentsCorrections notices) and the standard library
reads them. Identifiers are read from the article's own ArticleIdList (PubmedData), never
from its ReferenceList, whose entries carry the ids of the works it cites.
Inline markup (<i>, <sup>, MathML) is flattened to its text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field

# CommentsCorrections RefType → the notice kind, in the names the Crossref side uses
# (lookup/notices.py merges both by these names).
NOTICE_TYPES = {
    "RetractionIn": "retraction",
    "PartialRetractionIn": "partial retraction",
    "ErratumIn": "erratum",
    "ExpressionOfConcernIn": "expression of concern",
}


@dataclass(frozen=True)
class Notice:
    kind: str  # retraction | partial retraction | erratum | expression of concern
    pmid: str = ""
    source: str = ""  # the notice as PubMed cites it ("Lancet. 2020;395(10240):1820.")


@dataclass(frozen=True)
class PubmedRecord:
    pmid: str
    pmcid: str = ""
    doi: str = ""
    title: str = ""
    abstract: str = ""
    journal: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    authors: tuple[str, ...] = ()  # family names, in order
    publication_types: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()  # descriptor names
    notices: tuple[Notice, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PubmedRecord:
        data = dict(data)
        for name in ("authors", "publication_types", "mesh"):
            data[name] = tuple(data.get(name, ()))
        data["notices"] = tuple(Notice(**n) for n in data.get("notices", ()))
        return cls(**data)


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def parse(xml: str | bytes) -> list[PubmedRecord]:
    """Every PubmedArticle of an efetch answer; raises ValueError on XML that is not one."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ValueError(f"not PubMed XML: {exc}") from exc
    if root.tag != "PubmedArticleSet":
        raise ValueError(f"not a PubmedArticleSet: <{root.tag}>")
    return [_article(a) for a in root.findall("PubmedArticle")]


def _article(node: ET.Element) -> PubmedRecord:
    citation = node.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    if citation is None or article is None:
        raise ValueError("PubmedArticle without MedlineCitation/Article")
    ids = {i.get("IdType"): _text(i) for i in node.findall("PubmedData/ArticleIdList/ArticleId")}
    doi = ids.get("doi", "")
    if not doi:
        for loc in article.findall("ELocationID"):
            if loc.get("EIdType") == "doi":
                doi = _text(loc)
    pmcid = ids.get("pmc", "")
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = "PMC" + pmcid
    parts = []
    for part in article.findall("Abstract/AbstractText"):
        label, body = part.get("Label"), _text(part)
        if body:
            parts.append(f"{label}: {body}" if label else body)
    issue = article.find("Journal/JournalIssue")
    year = _text(issue.find("PubDate/Year")) if issue is not None else ""
    if not year and issue is not None:
        year = _text(issue.find("PubDate/MedlineDate"))[:4]
    notices = []
    for item in citation.findall("CommentsCorrectionsList/CommentsCorrections"):
        kind = NOTICE_TYPES.get(item.get("RefType", ""))
        if kind:
            notices.append(Notice(kind, _text(item.find("PMID")), _text(item.find("RefSource"))))
    return PubmedRecord(
        pmid=_text(citation.find("PMID")),
        pmcid=pmcid.upper(),
        doi=doi.lower(),
        title=_text(article.find("ArticleTitle")).rstrip("."),
        abstract=" ".join(parts),
        journal=_text(article.find("Journal/Title")),
        year=year,
        volume=_text(issue.find("Volume")) if issue is not None else "",
        issue=_text(issue.find("Issue")) if issue is not None else "",
        pages=_text(article.find("Pagination/MedlinePgn")),
        authors=tuple(_text(a.find("LastName")) or _text(a.find("CollectiveName"))
                      for a in article.findall("AuthorList/Author")),
        publication_types=tuple(_text(p) for p in
                                article.findall("PublicationTypeList/PublicationType")),
        mesh=tuple(_text(m) for m in
                   citation.findall("MeshHeadingList/MeshHeading/DescriptorName")),
        notices=tuple(notices),
    )


def esearch_ids(xml: str | bytes) -> list[str]:
    """The PMIDs of an esearch answer; raises ValueError when it is not one."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ValueError(f"not esearch XML: {exc}") from exc
    if root.tag != "eSearchResult":
        raise ValueError(f"not an eSearchResult: <{root.tag}>")
    if root.find("ERROR") is not None and root.find("IdList") is None:
        raise ValueError(f"esearch error: {_text(root.find('ERROR'))}")
    return [_text(i) for i in root.findall("IdList/Id") if _text(i)]


def ecitmatch_ids(text: str) -> dict[str, str]:
    """ECitMatch's answer (one `journal|year|volume|page|author|key|PMID` line per citation):
    key → PMID, for the lines that found one (NOT_FOUND and AMBIGUOUS lines are left out)."""
    found = {}
    for line in text.splitlines():
        fields = line.strip().split("|")
        if len(fields) >= 7 and fields[6].strip().isdigit():
            found[fields[5].strip()] = fields[6].strip()
    return found
