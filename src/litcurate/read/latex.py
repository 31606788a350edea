"""Read a LaTeX manuscript and its BibTeX database into Markdown and per-entry metadata.

The `.bib` (named by `\\bibliography{…}` or biblatex's `\\addbibresource{…}`, found next to
the `.tex`) is read with pybtex, the maintained BibTeX parser the pipeline already uses to
write BibTeX; LaTeX markup in values and in the text is turned into Unicode with pylatexenc.
Every `\\cite` variant of LaTeX, natbib and biblatex (`\\citep`, `\\citet`, `\\parencite`,
`\\textcite`, `\\autocite`, `\\supercite`, starred forms, optional notes) becomes a numeric
citation `[n]`, numbered in order of first citation as `unsrt` numbers them, and the list
is written out as `## References` with one entry per `.bib` entry: the cited ones first, in
that order, then `\\nocite`d and uncited ones in `.bib` order, so that an uncited entry is
reported as `uncited_reference` and every entry is verified against Crossref. Each entry's
`.bib` record travels with it as its metadata (source `bibtex`); a cited key missing from
the `.bib` is reported as `citation_key_missing`, naming the `.tex` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ManuscriptError
from . import manuscript
from .formats import Item

CITE = re.compile(
    r"\\(?P<cmd>[Cc]ite(?:p|t|alp|alt|author|year|num)?|[Pp]arencite|[Tt]extcite|[Aa]utocite|"
    r"[Ff]ootcite|[Ss]upercite|[Ss]martcite|nocite)\*?(?:\s*\[[^\]]*\]){0,2}\s*\{(?P<keys>[^}]*)\}")
BIBLIOGRAPHY = re.compile(r"\\(?:bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
COMMENT = re.compile(r"(?<!\\)%.*")
TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*(?:\n[ \t]*)?")
HEADINGS = {"title": 1, "section": 2, "subsection": 3, "subsubsection": 4, "paragraph": 5}
HEADING = re.compile(r"^\s*\\(section|subsection|subsubsection|paragraph)\*?\s*\{(.*)\}\s*$")
DROP = re.compile(r"\\(?:maketitle|tableofcontents|bibliographystyle\s*\{[^}]*\}|"
                  r"bibliography\s*\{[^}]*\}|printbibliography(?:\[[^\]]*\])?|"
                  r"addbibresource\s*(?:\[[^\]]*\])?\s*\{[^}]*\}|label\s*\{[^}]*\})")
TYPES = {"article": "article-journal", "book": "book", "inbook": "chapter",
         "incollection": "chapter", "inproceedings": "paper-conference",
         "conference": "paper-conference", "phdthesis": "thesis", "mastersthesis": "thesis",
         "thesis": "thesis", "techreport": "report", "report": "report", "online": "webpage",
         "electronic": "webpage"}


@dataclass
class Result:
    markdown: str
    notes: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def to_markdown(path: Path, data: bytes, name: str) -> Result:
    text = manuscript.decode(data, name)
    lines = [COMMENT.sub("", ln) for ln in text.split("\n")]  # for line numbers
    source = TEX_COMMENT.sub("", text)  # as TeX reads it: a comment eats its line end
    bib_line, bib_names = _bibliography("\n".join(lines))
    if not bib_names:
        raise ManuscriptError(name, None, "no \\bibliography{…} or \\addbibresource{…}: "
                              "litcurate reads a LaTeX manuscript's references from its .bib")
    entries = {}
    for bib_name in bib_names:
        bib = (Path(path).parent / bib_name)
        bib = bib if bib.suffix == ".bib" else bib.with_name(bib.name + ".bib")
        if not bib.is_file():
            raise ManuscriptError(name, bib_line, f"the bibliography {bib.name} is missing "
                                  f"(looked for {bib}); give the .bib beside the .tex")
        entries.update(_read_bib(bib))
    order, cited_at, missing = _citations(lines, entries)
    numbers = {key: i for i, key in enumerate(order, 1)}
    body = _body(source, entries, numbers)
    listed = order + [k for k in entries if k not in numbers]
    markdown = body + "\n\n## References\n\n" + "\n\n".join(
        f"{i}. {_render(entries[key])}" for i, key in enumerate(listed, 1)) + "\n"
    result = Result(markdown)
    result.items = [Item(_csl(entries[key]), "bibtex", "BibTeX", key, i)
                    for i, key in enumerate(listed)]
    for key, line in missing:
        result.problems.append({"code": "citation_key_missing", "severity": "error",
                                "message": f"{name} line {line} cites \"{key}\", which "
                                f"{', '.join(bib_names)} does not hold: add the entry or "
                                "correct the key.", "n": None, "claim_id": ""})
    uncited = len(listed) - len(cited_at)
    result.notes.append(f"LaTeX with {len(entries)} BibTeX entries ({len(cited_at)} cited, "
                        f"{uncited} not cited in the text)")
    return result


def bib_files(path: str | Path) -> list[str]:
    """The existing .bib files a .tex names (inputs of the rule, so an edit reruns it)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    _, names = _bibliography("\n".join(COMMENT.sub("", ln) for ln in text.split("\n")))
    found = []
    for name in names:
        bib = Path(path).parent / name
        bib = bib if bib.suffix == ".bib" else bib.with_name(bib.name + ".bib")
        if bib.is_file():
            found.append(str(bib))
    return found


def _bibliography(source: str) -> tuple[int | None, list[str]]:
    names, line = [], None
    for match in BIBLIOGRAPHY.finditer(source):
        line = line or source.count("\n", 0, match.start()) + 1
        names += [n.strip() for n in match.group(1).split(",") if n.strip()]
    return line, names


def _read_bib(path: Path) -> dict:
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError

    try:
        return dict(parse_file(str(path), bib_format="bibtex").entries)
    except (PybtexError, UnicodeDecodeError) as exc:
        raise ManuscriptError(str(path), None, f"cannot read the BibTeX file: "
                              f"{str(exc).splitlines()[0][:160]}") from None


def _citations(lines: list[str], entries: dict):
    """(cited keys in order of first citation, {key: line}, [(missing key, line)])."""
    order, cited_at, missing = [], {}, []
    for number, line in enumerate(lines, 1):
        for match in CITE.finditer(line):
            for key in (k.strip() for k in match.group("keys").split(",")):
                if not key:
                    continue
                if key == "*" and match.group("cmd") == "nocite":
                    continue  # \nocite{*}: every entry is listed anyway
                if key not in entries:
                    missing.append((key, number))
                elif match.group("cmd") != "nocite" and key not in cited_at:
                    cited_at[key] = number
                    order.append(key)
    return order, cited_at, missing


def _body(source: str, entries: dict, numbers: dict) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    convert = LatexNodes2Text(math_mode="verbatim").latex_to_text
    title = re.search(r"\\title\s*(?:\[[^\]]*\])?\s*\{(.*?)\}\s*$", source, re.M | re.S)
    begin = source.find("\\begin{document}")
    end = source.find("\\end{document}")
    body = source[begin + len("\\begin{document}"):end if end > 0 else None] if begin >= 0 \
        else source
    body = CITE.sub(lambda m: _citation(m, entries, numbers), body)
    body = DROP.sub("", body)
    body = re.sub(r"\\begin\{abstract\}", "\n\n\\\\section{Abstract}\n\n", body)
    body = re.sub(r"\\end\{abstract\}", "\n\n", body)
    blocks = [f"# {_plain(convert(title.group(1)))}"] if title else []
    for block in re.split(r"\n\s*\n", body):
        lines = block.strip().split("\n")
        heading = HEADING.match(lines[0]) if lines and lines[0] else None
        if heading:
            blocks.append("#" * HEADINGS[heading.group(1)] + " "
                          + _plain(convert(heading.group(2))))
            lines = lines[1:]
        text = _plain(convert("\n".join(lines))) if lines else ""
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def _citation(match: re.Match, entries: dict, numbers: dict) -> str:
    keys = [k.strip() for k in match.group("keys").split(",") if k.strip() in numbers]
    cmd = match.group("cmd").lower()
    if cmd == "nocite" or not keys:
        return ""
    label = "[" + ",".join(str(numbers[k]) for k in keys) + "]"
    if cmd in ("citet", "citealt", "textcite", "citeauthor"):
        names = _cited_names(entries[keys[0]])
        return f"{names} {label}" if cmd != "citeauthor" else names
    return label


def _cited_names(entry) -> str:
    people = entry.persons.get("author", [])
    families = [_latex(" ".join(p.last_names)) for p in people]
    if len(families) > 2:
        return f"{families[0]} et al."
    return " and ".join(families)


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\xa0", " ")).replace(" \n", "\n").strip()


def _latex(value: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return " ".join(LatexNodes2Text().latex_to_text(value).split())


def _csl(entry) -> dict:
    f = {k.lower(): _latex(v) for k, v in entry.fields.items()}
    csl = {"type": TYPES.get(entry.type.lower(), "article-journal" if "journal" in f
                             else "document")}
    authors = []
    for person in entry.persons.get("author", []):
        family = _latex(" ".join(person.prelast_names + person.last_names))
        given = _latex(" ".join(person.first_names + person.middle_names))
        authors.append({"family": family, "given": given} if given else {"literal": family})
    if authors:
        csl["author"] = authors
    mapping = {"title": "title", "journal": "container-title", "journaltitle": "container-title",
               "booktitle": "container-title", "volume": "volume", "number": "issue",
               "pages": "page", "doi": "DOI", "url": "URL", "publisher": "publisher",
               "address": "publisher-place", "pmid": "PMID", "edition": "edition"}
    for bib, name in mapping.items():
        if f.get(bib) and name not in csl:
            csl[name] = f[bib].replace("--", "–") if bib == "pages" else f[bib]
    year = f.get("year") or f.get("date", "")[:4]
    if year:
        csl["issued"] = {"date-parts": [[year]]}
    return csl


def _render(entry) -> str:
    """The entry as a Vancouver-style list entry: what the editor reads in manuscript.md."""
    csl = _csl(entry)
    people = []
    for a in csl.get("author", []):
        if "literal" in a:
            people.append(a["literal"])
        else:
            initials = "".join(p[0] for p in re.split(r"[\s.\-]+", a["given"]) if p)
            people.append(f"{a['family']} {initials}")
    parts = [", ".join(people) + "." if people else "", csl.get("title", "").rstrip(".") + "."]
    where = csl.get("container-title", "")
    year = (csl.get("issued") or {}).get("date-parts", [[""]])[0][0]
    numbers = year
    if csl.get("volume"):
        numbers += f";{csl['volume']}"
        if csl.get("issue"):
            numbers += f"({csl['issue']})"
    if csl.get("page"):
        numbers += f":{csl['page']}"
    if where:
        parts.append(f"{where}. {numbers}.")
    else:
        publisher = csl.get("publisher", "")
        parts.append(f"{publisher + '; ' if publisher else ''}{numbers}.")
    if csl.get("DOI"):
        parts.append(f"doi:{csl['DOI']}")
    return " ".join(p for p in parts if p and p != ".")
