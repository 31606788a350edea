"""A .docx written from scratch (no Word, no pandoc): the parts Word itself writes.

The styles are Word's defaults for a new document (Normal 11 pt with 8 pt after each
paragraph, Heading 1 16 pt, Heading 2 13 pt). Tests build Word files from hand-written
paragraphs, so what is read from them is known without trusting any converter: runs (`w:r`), superscript runs (`w:vertAlign`), tracked
insertions and deletions (`w:ins`, `w:del`), automatic numbering (`w:numPr` and
word/numbering.xml: the number is not in the text), and complex fields (`w:fldChar`
begin/separate/end around `w:instrText`), which is how Zotero, Mendeley and EndNote store
each citation.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="22"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="40"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:sz w:val="26"/></w:rPr></w:style>
</w:styles>"""
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def run(text: str, sup: bool = False) -> str:
    props = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if sup else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def inserted(text: str) -> str:
    return (f'<w:ins w:id="1" w:author="Reviewer" w:date="2026-01-01T00:00:00Z">'
            f'{run(text)}</w:ins>')


def deleted(text: str) -> str:
    return (f'<w:del w:id="2" w:author="Reviewer" w:date="2026-01-01T00:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def field(instruction: str, shown: str, sup: bool = False, pieces: int = 3) -> str:
    """A complex field; the instruction split over `pieces` runs as Word splits long ones."""
    step = max(1, len(instruction) // pieces + 1)
    parts = [instruction[i:i + step] for i in range(0, len(instruction), step)]
    instr = "".join(f'<w:r><w:instrText xml:space="preserve">{escape(p)}</w:instrText></w:r>'
                    for p in parts)
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + instr
            + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run(shown, sup)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def zotero(items: list[dict], shown: str, sup: bool = False) -> str:
    """A Zotero citation field holding `items` (CSL-JSON) as Zotero writes it."""
    payload = {"citationID": "x" + str(abs(hash(shown)) % 10**6), "properties": {
        "formattedCitation": shown, "plainCitation": shown},
        "citationItems": [{"id": i + 1, "uris": [f"http://zotero.org/users/1/items/{item['id']}"],
                           "itemData": item} for i, item in enumerate(items)],
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
    return field(" ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(payload) + " ", shown, sup)


def paragraph(*runs: str, style: str = "", numbered: bool = False) -> str:
    props = ""
    if style or numbered:
        props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (
            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
        ) + "</w:pPr>"
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(paragraphs)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f"<w:document {NS}><w:body>{body}</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/numbering.xml", NUMBERING)
    return path
