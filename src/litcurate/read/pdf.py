"""Read a PDF manuscript's text layer into Markdown, the layout undone.

pdfplumber (on pdfminer.six, both maintained, pure Python wheels) gives every word with
its position, font and size, which is what the layout repair needs and what `pdftotext`
does not expose: a superscript is a word clearly smaller than the body text sitting on the
upper half of its line (`<sup>4,12</sup>`, the form `citations` reads); a heading is a line
set larger than the body text; two columns are read left then right when a gutter with no
word crossing it runs down the page; running headers, footers and page numbers (a line at
the top or bottom of a page that recurs, digits aside, on most pages, or a bare number) are
dropped; a word hyphenated at a line end is rejoined when the document uses it unhyphenated
elsewhere, and keeps its hyphen otherwise (compound names such as Schorr-Lesnick). Paragraphs
end at a vertical gap or where a line starts left of the one before it (a hanging indent, as
reference lists have). A paragraph cut by a page break is left to `manuscript.parse`, which
repairs it as it does for any conversion.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from ..errors import ManuscriptError

SUP_RATIO = 0.85  # a word below this share of the body size may be a superscript
HEADING_RATIO = 1.12  # a line above this share of the body size is a heading
PARAGRAPH_GAP = 1.45  # a gap between lines above this many line pitches ends a paragraph
GUTTER_MIN = 8.0  # points of empty width between two columns
PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
LABEL = re.compile(r"^(?:\[\d{1,4}\]|\d{1,4}[.)]|\(\d{1,4}\))(?=\s|$)")
# Typeset ligatures some fonts map to one character (`ﬁ`): the letters they stand for.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                           "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
LINE_END_DASHES = "-\u2010\u2011\u2013\u2014"
WORD_END = re.compile(r"([^\W\d_]+)-$")
WORD_START = re.compile(r"^([^\W\d_]+)")


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    sup: bool = False  # set by _lines: smaller than the body text, on the upper half


@dataclass
class _Line:
    words: list[_Word]
    page: int

    @property
    def top(self) -> float:
        main = [w.top for w in self.words if not w.sup]
        return min(main) if main else self.words[0].top

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        sizes = [w.size for w in self.words if not w.sup]
        return max(sizes) if sizes else self.words[0].size


def to_markdown(path: str | Path, name: str) -> tuple[str, list[str]]:
    """(Markdown text, notes) of a PDF; ManuscriptError for a PDF that cannot be read."""
    pages = _pages(path, name)
    if not any(pages):
        raise ManuscriptError(name, None, "no text layer: run OCR first (the PDF holds "
                              "only images of its pages)")
    sizes = Counter(round(w.size, 1) for page in pages for w in page for _ in w.text)
    body = sizes.most_common(1)[0][0]
    lines = [_lines(page, body, number) for number, page in enumerate(pages)]
    lines, dropped = _drop_running(lines)
    blocks = _paragraphs([ln for page in lines for ln in page], body)
    notes = [f"read from the PDF's text layer ({len(pages)} pages)"]
    if dropped:
        notes.append(f"{dropped} running header, footer and page-number lines dropped")
    return "\n\n".join(blocks) + "\n", notes


def _pages(path, name) -> list[list[_Word]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(str(path)) as pdf:
            out = []
            for page in pdf.pages:
                words = page.extract_words(extra_attrs=["size"], use_text_flow=False,
                                           keep_blank_chars=False, x_tolerance=1.5)
                out.append([_Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"],
                                  w["size"]) for w in words if w["text"].strip()])
                out[-1] = _columns(out[-1], float(page.width))
            return out
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ManuscriptError(name, None, "password-protected PDF: save a copy without "
                                  "the password (or give the .docx)") from None
        if isinstance(inner, PDFSyntaxError):
            raise ManuscriptError(name, None, f"corrupt PDF ({inner})") from None
        raise ManuscriptError(name, None, f"corrupt PDF ({type(inner).__name__}: "
                              f"{str(inner)[:120]})") from None


def _columns(words: list[_Word], width: float) -> list[_Word]:
    """Words in reading order: a two-column page's left column before its right one.

    A page has two columns when, at some x in its middle third, most lines have words on
    both sides and a gap of GUTTER_MIN around x, few lines cross it, and both sides read as
    prose (three words or more a line on average): a table's columns are not text columns.
    """
    rows: dict[int, list[_Word]] = {}
    for w in words:
        rows.setdefault(round(w.bottom / 2), []).append(w)
    if len(rows) < 10:
        return words
    best, best_x = 0, None
    half = GUTTER_MIN / 2
    for x in range(int(width * 0.3), int(width * 0.7) + 1):
        both = crossing = 0
        for row in rows.values():
            if any(w.x0 < x + half and w.x1 > x - half for w in row):
                crossing += 1
            elif any(w.x1 <= x for w in row) and any(w.x0 >= x for w in row):
                both += 1
        if crossing <= 0.15 * len(rows) and both > best:
            best, best_x = both, x
    if best_x is None or best < max(10, 0.4 * len(rows)):
        return words
    left = [w for w in words if w.x1 <= best_x]
    right = [w for w in words if w.x0 >= best_x]
    for side in (left, right):
        side_rows = {round(w.bottom / 2) for w in side}
        if len(side) < 3 * len(side_rows):
            return words
    spans = [w for w in words if w.x0 < best_x < w.x1]
    # reading order: spanning text above the columns, the left column, then the right one
    top_of_columns = min(w.top for w in left + right)
    above = [w for w in spans if w.bottom <= top_of_columns + 1]
    below = [w for w in spans if w not in above]
    return _sorted(above) + _sorted(left) + _sorted(right) + _sorted(below)


def _sorted(words: list[_Word]) -> list[_Word]:
    return sorted(words, key=lambda w: (round(w.bottom), w.x0))


def _lines(words: list[_Word], body: float, page: int) -> list[_Line]:
    """Words grouped into lines by vertical overlap, superscripts marked."""
    lines: list[_Line] = []
    for w in words:
        line = lines[-1] if lines else None
        if line is not None and w.x0 >= line.words[-1].x0 - 1 and _overlaps(line, w):
            line.words.append(w)
        else:
            lines.append(_Line([w], page))
    for line in lines:
        main = [w for w in line.words if w.size >= body * SUP_RATIO] or line.words
        base = max(w.bottom for w in main)
        height = max(w.bottom - w.top for w in main)
        for w in line.words:
            if w.size < body * SUP_RATIO and w.size < max(m.size for m in main) * SUP_RATIO \
                    and w.bottom < base - 0.2 * height:
                w.sup = True
    return lines


def _overlaps(line: _Line, w: _Word) -> bool:
    top = min(x.top for x in line.words)
    bottom = max(x.bottom for x in line.words)
    overlap = min(bottom, w.bottom) - max(top, w.top)
    return overlap >= 0.3 * min(w.bottom - w.top, bottom - top)


def _text(line: _Line) -> str:
    out = ""
    previous = None
    for w in line.words:
        piece = f"<sup>{w.text}</sup>" if w.sup else w.text
        if previous is None:
            out = piece
        else:
            gap = w.x0 - previous.x1
            glue = previous.sup and w.sup and gap < 0.1 * w.size
            if gap < 0.12 * min(w.size, previous.size) and not (w.sup and previous.sup):
                out += piece
            elif glue:
                out = out[: -len("</sup>")] + w.text + "</sup>"
            else:
                out += " " + piece
        previous = w
    return out.replace("</sup><sup>", "").translate(LIGATURES)


def _drop_running(pages: list[list[_Line]]) -> tuple[list[list[_Line]], int]:
    """Remove running headers, footers and page numbers from the top and bottom of pages."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", _text(line).lower()).strip()

    edge = Counter()
    for page in pages:
        for line in {id(x): x for x in page[:2] + page[-2:]}.values():
            edge[key(line)] += 1
    recurring = {k for k, n in edge.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}
    dropped = 0
    out = []
    for page in pages:
        keep = []
        for i, line in enumerate(page):
            at_edge = i < 2 or i >= len(page) - 2
            text = _text(line).strip()
            if at_edge and (PAGE_NUMBER.match(text) or (key(line) in recurring
                                                         and _set_apart(page, i))):
                dropped += 1
                continue
            keep.append(line)
        out.append(keep)
    return out, dropped


def _set_apart(page: list[_Line], i: int) -> bool:
    """A header or footer stands apart from the text: more than a line's height away."""
    line = page[i]
    height = line.bottom - line.top
    near = [ln for j, ln in enumerate(page) if j != i]
    if not near:
        return True
    if i < 2:
        below = [ln.top - line.bottom for ln in near if ln.top >= line.bottom - 1]
        return not below or min(below) > 0.8 * height
    above = [line.top - ln.bottom for ln in near if ln.bottom <= line.top + 1]
    return not above or min(above) > 0.8 * height


def _paragraphs(lines: list[_Line], body: float) -> list[str]:
    pitches = Counter(round(b.top - a.top, 1) for a, b in pairwise(lines)
                      if a.page == b.page and 0 < b.top - a.top < 3 * body
                      and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5)
    pitch = pitches.most_common(1)[0][0] if pitches else body * 1.2
    heading_sizes = sorted({round(ln.size) for ln in lines if ln.size > body * HEADING_RATIO},
                           reverse=True)
    # words and hyphenated compounds as the document writes them within its lines
    vocabulary = Counter(part.lower() for ln in lines for w in ln.words
                         for token in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", w.text)
                         for part in {token, *token.split("-")})
    right = {}  # per page, the right edge of the text
    for ln in lines:
        right[ln.page] = max(right.get(ln.page, 0.0), ln.x1)
    blocks: list[str] = []
    current: list[_Line] = []

    def flush() -> None:
        if not current:
            return
        text = _join(current, vocabulary)
        size = max(ln.size for ln in current)
        if size > body * HEADING_RATIO:
            level = min(heading_sizes.index(round(size)) + 1, 6)
            text = "#" * level + " " + text
        blocks.append(text)
        current.clear()

    for line in lines:
        if current:
            last = current[-1]
            same_page = line.page == last.page
            new_page = not same_page and not _continues(current, line, right)
            gap = line.top - last.top if same_page else pitch
            scale = max(1.0, max(line.size, last.size) / body)
            big = body * HEADING_RATIO
            heading_change = (line.size > big) != (last.size > big)
            outdent = line.x0 < last.x0 - 4 and len(current) >= 1 and (
                LABEL.match(_text(line)) or len(current) > 1 or current[0].x0 > line.x0)
            if (new_page or heading_change or gap > PARAGRAPH_GAP * pitch * scale or gap < 0
                    or outdent or abs(line.size - last.size) > 1.5):
                flush()
        current.append(line)
    flush()
    return blocks


def _continues(current: list[_Line], line: _Line, right: dict[int, float]) -> bool:
    """A paragraph cut by a page break: its last line does not end a sentence, and it is full.

    Full means the next page's first word would not have fitted after it (how a line
    breaks in ragged-right text; justified lines reach the margin anyway), or the next page
    goes on in lower case. A new paragraph's first word would have fitted, nearly always.
    """
    last = current[-1]
    text, following = _text(last).rstrip(), _text(line)
    if not text or text[-1] in ".!?" or LABEL.match(following):
        return False
    if abs(line.size - last.size) > 0.5 or line.x0 < current[0].x0 - 1:
        return False
    if len(current) > 1 and abs(line.x0 - current[-1].x0) > 2:
        return False  # continuation lines start where the paragraph's other lines do
    first = line.words[0]
    needed = first.x1 - first.x0 + 0.25 * first.size
    return last.x1 + needed >= right[last.page] - 1 or following[:1].islower()


def _join(lines: list[_Line], vocabulary: Counter) -> str:
    """A paragraph's lines as one: a word broken at a line-end hyphen made whole again.

    `treat-` + `ment` loses its hyphen when the document writes `treatment` more often than
    `treat-ment` elsewhere; otherwise the hyphen stays (`Schorr-` + `Lesnick`,
    `micro-` + `organisms` in a text that writes it so). Any other line ending in a hyphen
    or dash right after a character (`10.1111/j.1469-` + `8986.x`, `microRNA–` + `mRNA`)
    goes on without a space: a DOI or a compound is never split by the join.
    """
    text = _text(lines[0]).strip()
    for line in lines[1:]:
        nxt = _text(line).strip()
        end, start = WORD_END.search(text), WORD_START.match(nxt)
        if end and start and nxt[0].islower():
            whole = (end.group(1) + start.group(1)).lower()
            hyphenated = f"{end.group(1)}-{start.group(1)}".lower()
            if vocabulary.get(whole, 0) > vocabulary.get(hyphenated, 0):
                text = text[:-1] + nxt
                continue
        if text[-1:] in LINE_END_DASHES and len(text) > 1 and not text[-2].isspace():
            text += nxt
        else:
            text += " " + nxt
    return text
