"""Turn labelled tokens into the fields of a reference, and decide what kind of work it is.

The labeller says which tokens are the title or the volume; the values are then read from
the markup-free string between the first and last token of each field, so spacing and
inner punctuation stay as printed. Exact things are read by rule, not by the model: a DOI,
PMID, PMCID or URL anywhere in the entry wins over the labels, and page ranges, article
numbers and e-locators are told apart by their shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .features import word_classes
from .names import Name, split_names
from .tokens import DOI as DOI_SHAPE
from .tokens import Token

DOI = re.compile(rf"\b{DOI_SHAPE}")
PMID = re.compile(r"\bPMID\s*[:：]?\s*(\d{1,9})\b", re.I)
PMCID = re.compile(r"\bPMC\s*(?:ID\s*[:：]?\s*)?(?:PMC)?(\d{3,9})\b", re.I)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
YEAR = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)([a-z])?(?!\d)")
# "Article No. 41", "Article ID: 176268", "Art. no. e12", "Article number 5": exact by rule
ARTICLE_LABEL = re.compile(r"\b(?:article\s*(?:no\.?|number|id)|art\.?\s*no\.?)\s*[:.]?\s*"
                           r"(?P<num>[A-Za-z]?\d[\w.-]*?)(?=[\s.,;]*(?:$|\s|<))", re.I)
ARTICLE_NUMBER = re.compile(r"^(?:article\s*(?:no\.?|number|id)|art\.?\s*no\.?|paper)\s*[:.]?\s*"
                            r"(?P<num>\S+)$", re.I)
E_LOCATOR = re.compile(r"^(?:e\d+|[A-Za-z]{0,3}\d+[A-Za-z]?)$")
_EDGE = " \t.,;:·/|\\"
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Fields:
    authors: list[Name] = field(default_factory=list)
    et_al: bool = False
    editors: list[Name] = field(default_factory=list)
    year: str = ""
    year_suffix: str = ""
    title: str = ""
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    article_number: str = ""
    edition: str = ""
    publisher: str = ""
    place: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    accessed: str = ""
    note: str = ""
    type: str = "other"


def runs(tokens: list[Token], labels: list[str]) -> dict[str, list[tuple[int, int]]]:
    """label → character spans (start, end) of its contiguous token runs, in order."""
    out: dict[str, list[tuple[int, int]]] = {}
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            out.setdefault(labels[start], []).append((tokens[start].start, tokens[i - 1].end))
            start = i
    return out


def _italic_container(tokens: list[Token], labels: list[str]) -> list[str]:
    """Where the container is printed in italics, its plain-text head belongs to the title
    before it (`…Lymphoma/Leukemia. *Blood Advances*`), or is the title where the entry has
    none: emphasis marks the journal exactly."""
    idx = [i for i, lab in enumerate(labels) if lab == "container"]
    if not idx or not any(tokens[i].italic for i in idx):
        return labels
    first_italic = next(i for i in idx if tokens[i].italic)
    head = [i for i in idx if i < first_italic]
    if not head or head[0] == 0 or labels[head[0] - 1] not in ("title", "other"):
        return labels
    untitled = "title" not in labels  # `(2025) Plain Title. *Journal*` all read as container
    if labels[head[0] - 1] == "other" and not untitled and (
            head[0] < 2 or labels[head[0] - 2] != "title"):
        return labels
    fixed = list(labels)
    for i in range(head[0] - (0 if untitled else 1), first_italic):
        fixed[i] = "title"
    # the stop before the italic run separates title and container
    j = first_italic - 1
    while j >= head[0] and tokens[j].kind == "punct":
        fixed[j] = "other"
        j -= 1
    return fixed


def _bridge(labels: list[str], label: str) -> list[str]:
    """Relabel the 'other' tokens that lie between two runs of `label` as `label`."""
    out = list(labels)
    last = None  # the last token of `label`, with only 'other' tokens after it
    for i, lab in enumerate(labels):
        if lab == label:
            if last is not None and last < i - 1:
                out[last + 1:i] = [label] * (i - last - 1)
            last = i
        elif lab != "other":
            last = None
    return out


def _end_at_et_al(tokens: list[Token], labels: list[str]) -> list[str]:
    """"et al." and "等" close an author list: author-labelled words after them are the
    title's (`施慧, 等. 急性T淋巴细胞白血病…`)."""
    out = list(labels)
    for i, tok in enumerate(tokens):
        if out[i] != "author":
            continue
        closes = tok.text == "等" or (tok.text.lower() == "al" and i and
                                      tokens[i - 1].text.lower() == "et")
        if not closes:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].kind == "punct" and out[j] == "author":
            j += 1
        if j < len(tokens) and out[j] == "author":
            k = j
            while k < len(tokens) and out[k] == "author":
                out[k] = "title"
                k += 1
            for m in range(i + 1, j):
                out[m] = "other"
        break
    return out


GBT_CODES = {"J", "M", "C", "D", "R", "N", "P", "S", "Z", "EB", "DB", "CP", "A", "G", "DS"}


def _gbt_structure(tokens: list[Token], labels: list[str]) -> list[str]:
    """GB/T 7714 marks the document type after the title (`标题[J]. 期刊, 2020`): authors
    end at the first full stop, the title runs to the code, the container to the next comma.
    The code is exact, so the structure it gives wins over the model."""
    n = len(tokens)
    k = next((i for i in range(n - 2) if tokens[i].text in "[［" and tokens[i + 1].text in
              GBT_CODES and tokens[i + 2].text in "]］/"), None)
    if k is None:
        return labels
    stop = next((i for i in range(1, k) if tokens[i].text in ".．" and
                 (i + 1 == n or tokens[i + 1].space_before or tokens[i + 1].kind == "cjk")),
                None)
    if stop is None or stop + 1 >= k:
        return labels
    out = list(labels)
    out[:stop] = ["author"] * stop
    out[stop] = "other"
    out[stop + 1:k] = ["title"] * (k - stop - 1)
    close = next((i for i in range(k, n) if tokens[i].text in "]］"), k + 2)
    j = close + 1
    while j < n and tokens[j].kind == "punct":
        out[j] = "other"
        j += 1
    start = j
    while j < n and tokens[j].text not in ",，":
        j += 1
    if j < n and j > start:
        out[start:j] = ["container"] * (j - start)
    for i in range(k, close + 1):
        out[i] = "other"
    return out


def _one_author_block(tokens: list[Token], labels: list[str]) -> list[str]:
    """An entry has one author block, at its head. A second 'author' run after the date, in
    an entry with no title, is the title the model mistook (`(2023) Challenging T-ALL …`)."""
    if "title" in labels or "author" not in labels:
        return labels
    out = list(labels)
    first_end = labels.index("author")
    while first_end < len(labels) and labels[first_end] == "author":
        first_end += 1
    if "date" not in labels[first_end:]:
        return labels
    after_date = first_end + labels[first_end:].index("date")
    i = after_date
    while i < len(out) and out[i] != "author":
        i += 1
    while i < len(out) and out[i] == "author":
        out[i] = "other" if tokens[i].kind == "punct" and (i == 0 or out[i - 1] != "title") \
            else "title"
        i += 1
    return out


# Lower-case words an author block may hold besides name particles (van, della …):
# "Moon L, and the ARD-Stroke Experts Group", "on behalf of the … investigators".
_AUTHOR_LOWER = frozenset({"and", "et", "al", "the", "of", "for", "on", "behalf", "others",
                           "members", "writing", "und", "with", "y", "e"})


def _title_after_authors(tokens: list[Token], labels: list[str]) -> list[str]:
    """Names are capitalised: a lower-case word of four letters or more inside the author
    block, other than a particle or a word of a group's phrase, is the title's, and the title
    begins after the last full stop before it (`Bataller, R.; Brenner, D.A. Liver fibrosis.`,
    `Goodman, D.S.; Blaner, W.S. Biosynthesis, absorption, and hepatic …`)."""
    if "author" not in labels:
        return labels
    start = labels.index("author")
    end = start
    while end < len(labels) and labels[end] == "author":
        end += 1
    stop = _vancouver_stop(tokens, start, end)
    if stop is not None:
        return _title_from(tokens, labels, stop, end)
    classes = word_classes()
    for i in range(start + 1, end):
        word = tokens[i].text
        if not (tokens[i].kind == "word" and tokens[i].space_before and len(word) >= 4
                and word[0].islower() and word.isalpha() and word not in _AUTHOR_LOWER
                and word not in classes["name_particles"]
                and word not in classes["group_words"]):  # "Bed'horn": one name
            continue
        stop = i - 1
        while stop > start and tokens[stop].text != ".":
            stop -= 1
        if stop <= start or tokens[stop + 1].text[0].islower():
            return labels  # "…, M.; and the writing committee": no title begins there
        return _title_from(tokens, labels, stop, end)
    return labels


def _title_from(tokens: list[Token], labels: list[str], stop: int, end: int) -> list[str]:
    """The author run's tokens after `stop` become the title. A title the model found later
    that runs into the container with no stop between is then the container's head (`Jemal
    A. Cancer statistics, 2015. CA Cancer J Clin.`, read as title "CA Cancer")."""
    out = list(labels)
    out[stop] = "other"
    out[stop + 1:end] = ["title"] * (end - stop - 1)
    later = [i for i in range(end, len(out)) if out[i] == "title"]
    if later and later[-1] + 1 < len(out) and out[later[-1] + 1] == "container" and all(
            out[i] == "title" and tokens[i].kind != "punct" for i in range(later[0],
                                                                           later[-1] + 1)):
        for i in later:
            out[i] = "container"
    return out


def _one_publisher(tokens: list[Token], labels: list[str]) -> list[str]:
    """A work has one publisher. Where the model read two place-and-publisher pairs and no
    container, the first is the book's title in the shape "Place: Publisher" (`In S. O'Neill
    …, eds. Influential Passengers: Microorganisms and … Oxford University Press, Oxford.`):
    a chapter's container, or a book's title when the entry has none."""
    found = runs(tokens, labels).get("publisher") or []
    if len(found) < 2 or "container" in labels:
        return labels
    first_end = next(i for i, tok in enumerate(tokens) if tok.end == found[0][1])
    start = next(i for i, lab in enumerate(labels) if lab in ("place", "publisher"))
    if any(lab not in ("place", "publisher", "other") for lab in labels[start:first_end + 1]):
        return labels
    out = list(labels)
    role = "container" if "title" in labels else "title"
    out[start:first_end + 1] = [role] * (first_end + 1 - start)
    return out


def _vancouver_stop(tokens: list[Token], start: int, end: int) -> int | None:
    """In a Vancouver author block (`Rothman KJ, Greenland S, Lash TL.`) no full stop comes
    between the names: the stop after a family name's initials, before a capitalised word,
    ends the block, and the rest is the title (`Lash TL. Modern Epidemiology. 3rd ed.`)."""
    for i in range(start + 2, end - 1):
        initials, family, after = tokens[i - 1], tokens[i - 2], tokens[i + 1]
        if (tokens[i].text == "." and _bare_initials(initials) and initials.space_before
                and family.kind == "word" and len(family.text) > 1 and family.text[0].isupper()
                and not _bare_initials(family) and after.kind == "word"
                and after.text[0].isupper()):
            return i
    return None


def _bare_initials(tok: Token) -> bool:
    """`KJ`, `S`, `JA`: initials written without stops."""
    return tok.kind == "word" and 1 <= len(tok.text) <= 3 and tok.text.isalpha() \
        and tok.text.isupper()


def _no_publisher_in_an_article(tokens: list[Token], labels: list[str]) -> list[str]:
    """A journal article has no publisher, place or edition: in an entry with a container and
    a volume, such runs between the title and the container are words of the title the model
    misread (`…: A Children's Oncology Group Study. *Leukemia*, 38`, `A Nationwide,
    Multicenter, Phase 2 Trial`). A chapter's publisher follows its book, so is not touched."""
    if "volume" not in labels or "container" not in labels or "title" not in labels:
        return labels
    first_container = labels.index("container")
    first_title = labels.index("title")
    out = list(labels)
    for i in range(first_title, first_container):
        if out[i] in ("publisher", "place", "edition"):
            out[i] = "title"
    return out


def _chapter_title(tokens: list[Token], labels: list[str]) -> list[str]:
    """A chapter's title stands between its authors (and date) and `In`: where the model gave
    those words no field (`Kasper DL, Fauci AS. Influenza. In: Longo DL, …, editors.`), they
    are the title."""
    if "title" in labels or "author" not in labels:
        return labels
    def opens_book(i: int) -> bool:  # `In: Longo DL …` / `In The Retinoids; …`
        after = i + 2 if tokens[i + 1].text == ":" else i + 1
        return (tokens[i].text in ("In", "in") and labels[i] == "other"
                and after < len(tokens) and labels[after] in ("editor", "container"))

    k = next((i for i in range(1, len(tokens) - 1) if opens_book(i)), None)
    if k is None:
        return labels
    begin = max(i for i in range(k) if labels[i] in ("author", "date")) + 1
    words = [i for i in range(begin, k) if tokens[i].kind != "punct"]
    if not words or any(labels[i] not in ("other", "edition") for i in words):
        return labels
    out = list(labels)
    out[words[0]:words[-1] + 1] = ["title"] * (words[-1] + 1 - words[0])
    return out


def read_fields(text: str, tokens: list[Token], labels: list[str]) -> Fields:
    labels = _one_author_block(tokens, _title_after_authors(tokens, labels))
    labels = _chapter_title(tokens, labels)
    labels = _no_publisher_in_an_article(tokens, _one_publisher(tokens, labels))
    labels = _end_at_et_al(tokens, _gbt_structure(tokens, _italic_container(tokens, labels)))
    spans = runs(tokens, labels)

    def first(label: str) -> str:
        found = spans.get(label)
        return _trim(text[found[0][0]:found[0][1]]) if found else ""

    def longest(label: str) -> str:
        """The longest stretch of `label`, runs joined across what the model left unlabelled
        ("other") between them: a title is one field even where its inner punctuation
        looked like a break."""
        found = runs(tokens, _bridge(labels, label)).get(label)
        if not found:
            return ""
        start, end = max(found, key=lambda span: span[1] - span[0])
        return _trim(text[start:end])

    got = Fields()
    author_spans = spans.get("author") or []
    if author_spans:
        # the author block is one run; a stray later run (a name in a title) is not authors
        start, end = author_spans[0]
        got.authors, got.et_al = split_names(text[start:end])
    if spans.get("editor"):
        start, end = spans["editor"][0]
        got.editors, _ = split_names(text[start:end])
    dates = [(s, e) for s, e in spans.get("date", [])]
    extra = _second_dates(text, dates, spans)
    date = " ".join(text[s:e] for s, e in dates[:1] + [d for d in dates[1:2] if d not in extra])
    year = YEAR.search(date) or (YEAR.search(text) if not date else None)
    if year:
        got.year, got.year_suffix = year.group(1), year.group(2) or ""
    got.title = _title(longest("title"))
    got.container = _trim(first("container")).removeprefix("In ").removeprefix("in ")
    got.volume = re.sub(r"^(?:vol(?:ume)?\.?|v\.|t\.|bd\.?)\s*", "", first("volume"), flags=re.I)
    pages_end = _pages_end(text, spans)
    issue_runs = [r for r in spans.get("issue", []) if not (
        spans.get("pages") and spans["pages"][0][0] <= r[0] < pages_end)]  # "481.e1-481.e7"
    got.issue = re.sub(r"^(?:no\.?|nr\.?|n[º°o]\.?|issue|suppl?\.?(?=\s))\s*", "",
                       _trim(text[issue_runs[0][0]:issue_runs[0][1]]).strip("()（）")
                       if issue_runs else "", flags=re.I)
    _location(got, _pages_run(text, spans))
    for (s, e), role in extra.items():
        if role == "pages" and not got.pages and not got.article_number:
            _location(got, _trim(text[s:e]))
        elif role == "volume" and not got.volume:
            got.volume = _trim(text[s:e])
    got.edition = first("edition")
    got.publisher = first("publisher")
    got.place = first("place")
    got.accessed = first("accessed")
    got.note = "; ".join(_trim(text[s:e]) for s, e in spans.get("note", []))
    labelled = ARTICLE_LABEL.search(text)
    if labelled:
        got.article_number, got.pages = labelled.group("num"), ""
        for name in ("issue", "place", "publisher", "edition", "note"):
            value = getattr(got, name)  # "Article ID" read as some field: it is the label
            if value and value in labelled.group(0):
                setattr(got, name, "")
    _book_title(got)
    _identifiers(got, text)
    got.type = kind_of(got, text)
    return got


def _book_title(got: Fields) -> None:
    """A book's title is the entry's only title: a container with a publisher or place and
    no volume, issue or pages, in an entry without a title, is the title the model took for
    a journal (`Altman DG (1991) Practical statistics … (2nd ed.). London: Chapman and Hall`)."""
    if got.title or not got.container or not (got.publisher or got.place):
        return
    if got.volume or got.issue or got.pages or got.article_number:
        return
    got.title, got.container = _title(got.container), ""


def _second_dates(text: str, dates, spans) -> dict:
    """A second 'date' that is no date: a page range of year-like numbers (`1906-1917`), or a
    year printed as the volume after the journal (`Hematology, 2025, 262-269`)."""
    out = {}
    container = (spans.get("container") or [(0, 0)])[0]
    for start, end in dates[1:]:
        value = text[start:end].strip()
        if re.fullmatch(r"\d{1,5}\s*[-–—]\s*\d{1,5}", value):
            out[(start, end)] = "pages"
        elif (re.fullmatch(r"\d{4}", value) and not spans.get("volume")
              and container[1] and start > container[1]
              and value == text[dates[0][0]:dates[0][1]].strip("() .,")):
            out[(start, end)] = "volume"
    return out


def _pages_end(text: str, spans) -> int:
    """Where the first pages run ends, extended over what sticks to it (`73` + `.e1-73.e11`)."""
    found = spans.get("pages")
    if not found:
        return 0
    end = found[0][1]
    tail = re.match(r"(?:[.\-–—‐]?[A-Za-z]?\d+)+", text[end:])
    return end + tail.end() if tail else end


def _pages_run(text: str, spans) -> str:
    """The first pages run, extended over what sticks to it (`73` + `.e1-73.e11`)."""
    found = spans.get("pages")
    if not found:
        return ""
    return _trim(text[found[0][0]:_pages_end(text, spans)])


def _identifiers(got: Fields, text: str) -> None:
    """DOI, PMID, PMCID and URL by their exact shapes, wherever the labeller put them."""
    doi = DOI.search(text)
    if doi:
        got.doi = normalise_doi(doi.group(0).split("](")[0])  # [shown](target) links
    pmid = PMID.search(text)
    if pmid:
        got.pmid = pmid.group(1)
    pmcid = PMCID.search(text)
    if pmcid:
        got.pmcid = "PMC" + pmcid.group(1)
    for url in URL.finditer(text):
        value = url.group(0).rstrip(".,;)]>")
        if not re.search(r"doi\.org/", value, re.I):
            got.url = value
            break


def normalise_doi(value: str) -> str:
    """Lower case, no resolver prefix, no Markdown escapes, no trailing punctuation."""
    value = value.replace("\\", "").strip()
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*:\s*)", "", value, flags=re.I)
    value = value.rstrip(".,;")
    while value and value[-1] in ")]" and value.count(value[-1]) > value.count(
            "(" if value[-1] == ")" else "["):
        value = value[:-1].rstrip(".,;")
    return value.lower()


def _location(got: Fields, loc: str) -> None:
    """Pages, or an article number: `Article No. 41`, `e2426742122`, `b2803`, `pp. 1–39`."""
    loc = re.sub(r"^(?:pp?\.?|pages?|s\.|págs?\.?|str\.)\s*", "", loc.strip(), flags=re.I)
    loc = loc.strip(" .")
    article = ARTICLE_NUMBER.match(loc)
    if article:
        got.article_number = article.group("num")
    elif loc and not re.search(r"[-–—‐]", loc) and E_LOCATOR.match(loc) and not loc.isdigit():
        got.article_number = loc
    else:
        got.pages = loc


def _trim(value: str) -> str:
    value = _SPACES.sub(" ", value).strip(_EDGE)
    # a bracket or quote left open or closed by the cut
    for left, right in ("()", "[]", "“”", '""', "«»", "‘’"):
        if value.endswith(right) and value.count(left) < value.count(right) and left != right:
            value = value[:-1].strip(_EDGE)
        if value.startswith(left) and value.count(left) > value.count(right) and left != right:
            value = value[1:].strip(_EDGE)
        if left == right and value.count(left) == 1:
            value = value.replace(left, "").strip(_EDGE)
    return value


def _title(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and value[0] in "“\"'‘«" and value[-1] in "”\"'’»":
        value = value[1:-1].strip()
    return value.strip(_EDGE)


def kind_of(got: Fields, text: str) -> str:
    """journal, book, chapter, conference, thesis, report, web, preprint, dataset, other."""
    words = word_classes()
    low = text.lower()
    container = got.container.lower()
    entry_words = set(_WORD.findall(low))
    container_words = set(_WORD.findall(container))
    tag = re.search(r"\[(?P<t>[A-Z]{1,2})(?:/OL)?\]", text)  # GB/T 7714 document codes
    gbt = {"J": "journal", "M": "book", "C": "conference", "D": "thesis", "R": "report",
           "EB": "web", "N": "other", "P": "other", "S": "other", "Z": "other", "DB": "dataset"}
    if tag and tag.group("t") in gbt:
        return gbt[tag.group("t")]
    if any(s in container or s in entry_words for s in words["preprint_servers"]):
        return "preprint"
    if entry_words & words["thesis_words"]:
        return "thesis"
    journal_like = bool(got.volume and (got.pages or got.article_number))
    if container_words & words["conference_words"] and not journal_like:
        return "conference"  # "Proceedings of the National Academy of Sciences" 122: a journal
    if got.container and (got.editors or re.search(r"(?:^|[.,]\s)In[:\s]", text)) and (
            got.publisher or got.editors):
        return "chapter"
    if got.container and (got.volume or got.pages or got.article_number or got.issue):
        return "journal"
    if entry_words & words["dataset_words"]:
        return "dataset"
    if got.publisher and not got.container and entry_words & {"report", "technical"}:
        return "report"
    if got.url and not got.container and (got.accessed or entry_words & words["web_words"]):
        return "web"  # `… [Internet]. Geneva: WHO; 2018 [cited 2019 Jan 10]. Available from: …`
    if got.publisher and not got.container:
        return "book"
    if got.url and not got.container:
        return "web"
    if got.container:
        return "journal"
    return "other"
