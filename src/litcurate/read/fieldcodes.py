"""Reference-manager field codes in a Word file: the metadata the author's library holds.

Zotero and Mendeley store every citation as a Word field whose instruction is
`ADDIN ZOTERO_ITEM CSL_CITATION {json}` or `ADDIN CSL_CITATION {json}`: CSL-JSON of each
cited item (`citationItems[].itemData`). EndNote stores `ADDIN EN.CITE <EndNote>…` XML
inline, or base64 in the field's `w:fldData` (`ADDIN EN.CITE.DATA`). This is what the
author's library says about each work, independent of the typed reference list; the list
may have been edited by hand since, which is what `refs.embedded` compares.

The XML is read with lxml (already installed with the pipeline), walking the runs of each
part (body, footnotes, endnotes) in order, because one field's instruction is split over
many runs (`w:instrText`) between `w:fldChar` begin/separate/end marks, and fields nest.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zipfile
from pathlib import Path

from ..text import words as fold
from .formats import Item

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
CSL_FIELD = re.compile(r"^\s*ADDIN\s+(ZOTERO_ITEM\s+)?CSL_CITATION\s*", re.S)
ENDNOTE_FIELD = re.compile(r"^\s*ADDIN\s+EN\.CITE(?:\.DATA)?\b\s*", re.S)
TITLE_MATCH = 85.0  # rapidfuzz partial_ratio of the item's title inside an entry


def read(path: str | Path) -> list[Item]:
    """Every distinct item cited through a reference manager's field codes, in cited order."""
    items: dict[str, Item] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            parts = [archive.read(p) for p in PARTS if p in names]
    except (zipfile.BadZipFile, OSError):
        return []
    for xml in parts:
        for instruction, data in instructions(xml):
            for item in _items(instruction, data):
                key = item.key or _title_key(item.csl)
                if key and key not in items:
                    items[key] = item
    return list(items.values())


def instructions(xml: bytes) -> list[tuple[str, bytes]]:
    """(instruction text, fldData bytes) of every field of one part, in document order."""
    from lxml import etree

    root = etree.fromstring(xml, parser=etree.XMLParser(huge_tree=True, resolve_entities=False))
    found: list[tuple[str, bytes]] = []
    stack: list[list] = []  # [instruction pieces, fldData]
    for el in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}fldSimple"):
        if el.tag == f"{W}fldSimple":
            found.append((el.get(f"{W}instr", ""), b""))
        elif el.tag == f"{W}instrText":
            if stack:
                stack[-1][0].append(el.text or "")
        else:
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                data = el.find(f"{W}fldData")
                raw = b""
                if data is not None and data.text:
                    try:
                        raw = base64.b64decode(re.sub(r"\s+", "", data.text))
                    except (binascii.Error, ValueError):
                        raw = b""
                stack.append([[], raw])
            elif kind == "end" and stack:
                pieces, raw = stack.pop()
                found.append(("".join(pieces), raw))
    return found


def _items(instruction: str, data: bytes) -> list[Item]:
    csl = CSL_FIELD.match(instruction)
    if csl:
        tool = "Zotero" if csl.group(1) else "Mendeley"
        body = instruction[csl.end():]
        start = body.find("{")
        try:
            payload, _ = json.JSONDecoder().raw_decode(body[start:]) if start >= 0 else ({}, 0)
        except ValueError:
            return []
        out = []
        for cited in payload.get("citationItems", []) if isinstance(payload, dict) else []:
            data_ = cited.get("itemData") if isinstance(cited, dict) else None
            if isinstance(data_, dict):
                uris = cited.get("uris") or cited.get("uri") or []
                key = (uris[0] if isinstance(uris, list) and uris else str(cited.get("id", "")))
                out.append(Item(data_, "reference manager", tool, key))
        return out
    endnote = ENDNOTE_FIELD.match(instruction)
    if endnote:
        text = instruction[endnote.end():].strip()
        if not text.startswith("<") and data:
            text = data.decode("utf-8", "replace")
        return _endnote(text)
    return []


def _endnote(text: str) -> list[Item]:
    from lxml import etree

    start = text.find("<EndNote")
    if start < 0:
        return []
    try:
        root = etree.fromstring(text[start:].encode("utf-8"),
                                parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    out = []
    for record in root.iter("record"):
        def value(path: str, rec=record) -> str:
            el = rec.find(path)
            return " ".join("".join(el.itertext()).split()) if el is not None else ""

        authors = []
        for author in record.iterfind("contributors/authors/author"):
            name = " ".join("".join(author.itertext()).split())
            family, _, given = name.partition(",")
            authors.append({"family": family.strip(), "given": given.strip()} if given
                           else {"literal": name})
        csl = {"type": "article-journal", "author": authors, "title": value("titles/title"),
               "container-title": value("titles/secondary-title") or value("periodical/full-title"),
               "volume": value("volume"), "issue": value("number"), "page": value("pages"),
               "DOI": value("electronic-resource-num")}
        year = value("dates/year")
        if year:
            csl["issued"] = {"date-parts": [[year]]}
        key = value("rec-number")
        out.append(Item({k: v for k, v in csl.items() if v}, "reference manager", "EndNote",
                        f"endnote:{key}" if key else ""))
    return out


def _title_key(csl: dict) -> str:
    return re.sub(r"\W+", " ", str(csl.get("title", ""))).strip().lower()


def _norm(text: str) -> str:
    return fold(text)


def match(items, entries) -> list[Item]:
    """Each item tied to the list entry whose text holds its title (and first author).

    An item whose title is found in no entry, or equally well in two, keeps entry -1: it is
    reported as a cited work missing from the list, never tied to a guess.
    """
    from rapidfuzz import fuzz

    texts = [_norm(e.text) for e in entries]
    out = []
    for item in items:
        title = _norm(str(item.csl.get("title", "")))
        best, best_score, tie = -1, 0.0, False
        if len(title) >= 8:
            family = _norm(str((item.csl.get("author") or [{}])[0].get("family", "")))
            for index, text in enumerate(texts):
                score = fuzz.partial_ratio(title, text)
                if family and family in text:
                    score += 5
                if score > best_score:
                    best, best_score, tie = index, score, False
                elif score == best_score:
                    tie = True
        entry = best if best_score >= TITLE_MATCH and not tie else -1
        out.append(Item(item.csl, item.source, item.tool, item.key, entry))
    return out
