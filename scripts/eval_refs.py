"""Evaluate the reference-list finder and parser against the gold corpus (`make eval`).

    .venv/bin/python scripts/eval_refs.py                      # dev split (the default)
    .venv/bin/python scripts/eval_refs.py --split test         # only measured, never tuned on
    .venv/bin/python scripts/eval_refs.py --ids elife-2014,eid-2009 --examples 5
    .venv/bin/python scripts/eval_refs.py --split all --json eval/figures.json
    .venv/bin/python scripts/eval_refs.py --src /tmp/old/src   # measure another checkout

Corpus: `../shared/corpus` (`manuscripts/<id>.md`, `gold/<id>.json`); the split is
`eval/corpus-split.yaml`. Each article is read with `manuscript.read` and its entries parsed
with `references.parse_all`; a `ManuscriptError` (no list found) means 0 entries found.

Two things are measured, and the rules are fixed here so that figures stay comparable
between parser versions.

1. Entries found (the list finder). Texts are compared after `norm_entry`: NFC, every `*`
   and `_` (Markdown emphasis) and backslash escapes removed, HTML-like tags removed,
   whitespace collapsed, and the leading list label (`1.`, `[1]`, `(1)`, `1)`, `^1^`, a
   bullet; at most three digits before `.`/`)`, so a leading year is not a label) removed on
   both sides - the label is the finder's business only as far as it separates entries, and the
   gold `printed` keeps it while a finder may or may not. A gold entry is *found* when exactly
   one parsed entry equals its `printed` text so normalised; otherwise, allowing small
   differences (a converter quirk, a stray space), by the best one-to-one alignment in list
   order of the remaining entries with rapidfuzz `ratio` >= 95 (an ordered alignment, so a
   repeated entry cannot be matched twice and matches never cross). Unmatched parsed
   entries are sorted into (containment = substring, or rapidfuzz `partial_ratio` >= 95):
   *merged* (contains two or more unmatched gold entries - a missed
   boundary), *split pieces* (two or more of them lie inside one unmatched gold entry - a
   false boundary; that gold entry counts as *split*), and *spurious* (the rest: text that is
   not an entry, or an entry so damaged it matches nothing).

2. Fields exact, on found entries whose gold is `structured: true` (untagged gold has only
   `printed`, so there is nothing to compare). A field is *counted* when the gold has a value
   or the parser produced one: a value where the gold has none is a false value and is
   wrong, and a missing value where the gold has one is wrong; a field neither has is not
   counted (it says nothing about the parser). Equality is after these normalisers, each
   chosen to ignore only differences of presentation that a reader would not call a
   different value:
   - authors: the ordered list of persons. Family names folded (`fold_name`: NFKD,
     diacritics dropped, case-folded, hyphens/spaces/apostrophes/dots removed), initials as
     their letters only, upper-cased (`Montori, V.M.` == ("Montori", "VM") == ("Montori",
     "V M")). A parsed group author (flagged `group`, or without initials and equal to a
     gold `group_authors` item) matches a gold `group_authors` item; persons must match in
     order, groups as a list in order. The field is exact only when the whole list matches.
     When the gold has `et_al`, only the names it lists are compared (the parser cannot know
     the rest) - so the parser must list exactly those.
   - year: the first four digits; a suffix (`2017a`) is ignored, since the gold keeps it
     apart in `year_suffix`. A parsed year without four digits (`in press`) is kept as text.
   - title: NFKC, tags like `<i>`/`<sup>` removed (their text kept), Markdown emphasis and
     escapes removed, whitespace collapsed, trailing `. , ; :` removed, case-folded, and all
     quote marks (straight, curly, guillemets, primes) made one `'`.
   - journal: as title, and then dots and spaces removed, so `J. Clin. Oncol.` ==
     `J Clin Oncol` (the gold copies the printed abbreviation; whether a style prints the
     dots is not the parser's choice).
   - volume, issue: markup and whitespace removed, case-folded, dashes unified to `-`.
   - first page: the parsed `pages` up to the first dash (any of `-‐‑–—−`), or
     `article_number` when `pages` is empty; compared with the gold `first_page` (fpage,
     elocation-id or article number) normalised like volume.
   - DOI: lower-cased, `https://doi.org/`, `http://dx.doi.org/` and `doi:` prefixes and
     trailing `.` removed. Two gold gaps are handled so the parser is neither blamed nor
     credited for what the XML did not record: a gold DOI that the printed entry does not
     show (a `<pub-id>` link-out dropped from the text, README) counts only if the parser gives
     a DOI; an empty gold DOI where the printed entry shows one (`DOI:10...` left untagged in
     the XML, scielo-rsp-pt-2014) is taken from the printed text by the DOI pattern.
   The overall fields-exact figure is micro over every counted field (authors, year, title,
   journal, volume, issue, first page, DOI); macro figures average the per-article figures
   (an article where nothing was found counts 0 in the macro fields figure, so a finder that
   loses a whole list cannot raise the mean; the mean over measured articles is shown too).

Aggregates: per article, per gold `style`, per `citation_form`, per reference `type`, and
overall micro (all entries / fields pooled) and macro (mean of the articles). Exit status is
0 when every article ran, 2 when `parse_all` raised on one: that article's entries (as the
finder gave them) are still matched, every gold field counts as missing, and the error is shown.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import traceback
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SPLIT = ROOT / "eval" / "corpus-split.yaml"
FIELDS = ("authors", "year", "title", "journal", "volume", "issue", "first_page", "doi")
FUZZY_MIN = 95.0

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
QUOTES = ("'\"`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033"
          "\u00ab\u00bb\u2039\u203a")
DASH = re.compile("[" + re.escape(DASHES) + "]")
QUOTE = re.compile("[" + re.escape(QUOTES) + "]")
NAME_SEPARATORS = re.compile(r"[\s.," + re.escape(DASHES + QUOTES) + "]+")
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>]{0,200})?/?>")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~^])")
LABEL = re.compile(
    r"^\s*(?:[-*+\u2022]\s+)?(?:\[\s*\d{1,4}\s*\]|\(\s*\d{1,4}\s*\)|\^\d{1,4}\^|\d{1,3}\s*[.)])\s*"
)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*[:：]?\s*)", re.I)
DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/[^\s<>\"]+")


# --- normalisers ------------------------------------------------------------------------

def _unmark(text: str) -> str:
    """Tags, Markdown emphasis and escapes removed; whitespace collapsed."""
    text = html.unescape(TAG.sub("", text or ""))
    text = ESCAPE.sub(r"\1", text)
    text = text.replace("*", "")
    text = re.sub(r"(?<![^\W_])_+|_+(?![^\W_])", "", text)  # _emphasis_, not snake_case
    return re.sub(r"\s+", " ", text).strip()


def norm_entry(text: str) -> str:
    """An entry's text for matching: markup gone, whitespace collapsed, leading label gone."""
    text = unicodedata.normalize("NFC", text or "")
    text = ESCAPE.sub(r"\1", text)
    text = TAG.sub("", text).replace("*", "").replace("_", "")
    text = re.sub(r"\s+", " ", text).strip()
    return LABEL.sub("", text, count=1).strip()


def fold_name(name: str) -> str:
    """A family name folded: NFKD, diacritics dropped, case-folded, separators removed."""
    text = unicodedata.normalize("NFKD", _unmark(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return NAME_SEPARATORS.sub("", text)


def norm_initials(initials: str) -> str:
    text = unicodedata.normalize("NFKD", initials or "")
    return "".join(c for c in text if c.isalpha()).upper()


def norm_title(text: str) -> str:
    text = _unmark(unicodedata.normalize("NFKC", text or ""))
    text = QUOTE.sub("'", text)
    text = re.sub(r"[\s.,;:]+$", "", text)
    return text.casefold()


def norm_journal(text: str) -> str:
    return re.sub(r"[\s.]+", "", norm_title(text))


def norm_number(text: str) -> str:
    text = _unmark(unicodedata.normalize("NFKC", text or ""))
    text = DASH.sub("-", text)
    return re.sub(r"\s+", "", text).casefold()


def norm_year(text: str) -> str:
    text = _unmark(text or "")
    match = re.search(r"\d{4}", text)
    return match.group(0) if match else text.casefold()


def norm_doi(text: str) -> str:
    text = _unmark(text or "").strip()
    text = DOI_PREFIX.sub("", text).strip()
    return text.rstrip(".,;").casefold()


def first_page(pages: str, article_number: str = "") -> str:
    """The parsed first page: `pages` up to the first dash, else the article number."""
    pages = (pages or "").strip()
    if pages:
        return DASH.split(pages, maxsplit=1)[0].strip()
    return (article_number or "").strip()


def split_gold_author(text: str) -> tuple[str, str]:
    """`Montori, V.M.` -> ("Montori", "V.M."); a name without a comma is all family."""
    family, _, initials = text.rpartition(",")
    if not family:
        return text.strip(), ""
    return family.strip(), initials.strip()


def person_key(family: str, initials: str) -> tuple[str, str]:
    return fold_name(family), norm_initials(initials)


def author_lists(gold: dict, parsed_authors) -> tuple[tuple, tuple]:
    """(gold key list, parsed key list) for the author field: persons then groups, in order.

    A person is ("p", family, initials), a group ("g", name). A parsed author is a group when
    flagged `group`, or when it has no initials and its folded name is a gold group's.
    """
    gold_groups = [fold_name(g) for g in gold.get("group_authors") or []]
    gold_keys = tuple(("p", *person_key(*split_gold_author(a))) for a in gold.get("authors") or [])
    gold_keys += tuple(("g", g) for g in gold_groups)
    persons, groups = [], []
    for a in parsed_authors or ():
        family = getattr(a, "family", "") if not isinstance(a, tuple | list) else a[0]
        initials = getattr(a, "initials", "") if not isinstance(a, tuple | list) else (
            a[1] if len(a) > 1 else "")
        is_group = bool(getattr(a, "group", False))
        if is_group or (not norm_initials(initials) and fold_name(family) in gold_groups):
            groups.append(("g", fold_name(family)))
        else:
            persons.append(("p", *person_key(family, initials)))
    return gold_keys, tuple(persons) + tuple(groups)


def gold_doi(gold: dict) -> tuple[str, bool]:
    """(gold DOI normalised, whether the printed entry shows it)."""
    printed = _unmark(gold.get("printed", "")).casefold()
    doi = norm_doi(gold.get("doi", ""))
    if doi:
        return doi, doi in printed
    found = DOI_IN_TEXT.search(_unmark(gold.get("printed", "")))
    if found:
        return norm_doi(found.group(0)), True
    return "", True


def compare_fields(gold: dict, ref) -> dict[str, dict]:
    """Per counted field of one found entry: {"exact"}, plus "gold" and "got" when wrong."""
    got_doi = norm_doi(getattr(ref, "doi", ""))
    want_doi, doi_printed = gold_doi(gold)
    pairs = {
        "year": (norm_year(gold.get("year", "")), norm_year(getattr(ref, "year", ""))),
        "title": (norm_title(gold.get("title", "")), norm_title(getattr(ref, "title", ""))),
        "journal": (norm_journal(gold.get("journal", "")),
                    norm_journal(getattr(ref, "journal", ""))),
        "volume": (norm_number(gold.get("volume", "")), norm_number(getattr(ref, "volume", ""))),
        "issue": (norm_number(gold.get("issue", "")), norm_number(getattr(ref, "issue", ""))),
        "first_page": (norm_number(gold.get("first_page", "")),
                       norm_number(first_page(getattr(ref, "pages", ""),
                                              getattr(ref, "article_number", "")))),
        "doi": (want_doi if (doi_printed or got_doi) else "", got_doi),
    }
    pairs["authors"] = author_lists(gold, getattr(ref, "authors", ()))
    out = {}
    for name in FIELDS:
        want, got = pairs[name]
        if not want and not got:
            continue
        exact = bool(want) and want == got
        # the values are kept for wrong fields only (diagnosis), to keep the JSON small
        out[name] = {"exact": True} if exact else {
            "exact": False, "gold": _show(want), "got": _show(got)}
    return out


def _show(value) -> str:
    if isinstance(value, tuple):
        return "; ".join(f"{k[1]} {k[2]}" if k[0] == "p" else f"[{k[1]}]" for k in value)
    return value


# --- matching entries -------------------------------------------------------------------

@dataclass
class Matching:
    pairs: dict[int, int]  # gold index -> parsed index
    how: dict[int, str]  # gold index -> "exact" | "fuzzy NN.N"
    merged: list[int] = field(default_factory=list)  # parsed indices holding >= 2 gold
    merged_gold: dict[int, list[int]] = field(default_factory=dict)  # parsed -> gold indices
    split: list[int] = field(default_factory=list)  # gold indices cut into >= 2 parsed
    split_pieces: list[int] = field(default_factory=list)  # parsed indices inside a split
    spurious: list[int] = field(default_factory=list)  # parsed indices matching nothing


def match_entries(gold_texts: list[str], parsed_texts: list[str]) -> Matching:
    """One-to-one matching of gold entries to parsed entries (texts as printed/found)."""
    from rapidfuzz import fuzz

    g = [norm_entry(t) for t in gold_texts]
    p = [norm_entry(t) for t in parsed_texts]
    where: dict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(p):
        where[text].append(j)
    exact = {i: where[t][0] for i, t in enumerate(g) if len(where.get(t, ())) == 1}
    # weighted ordered alignment: exact pairs dominate, then the number of fuzzy pairs,
    # then their scores
    weight: dict[tuple[int, int], float] = {}
    for i, j in exact.items():
        weight[i, j] = 1000.0
    for i, gt in enumerate(g):
        if i in exact:
            continue
        for j, pt in enumerate(p):
            total = len(gt) + len(pt)
            if not total or abs(len(gt) - len(pt)) > total * (100 - FUZZY_MIN) / 100:
                continue
            score = fuzz.ratio(gt, pt, score_cutoff=FUZZY_MIN)
            if score >= FUZZY_MIN:
                weight[i, j] = 1.0 + score / 1000
    n, m = len(g), len(p)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            value = max(below[j], row[j + 1])
            w = weight.get((i, j))
            if w is not None:
                value = max(value, w + below[j + 1])
            row[j] = value
    pairs: dict[int, int] = {}
    how: dict[int, str] = {}
    i = j = 0
    while i < n and j < m:
        w = weight.get((i, j))
        if w is not None and best[i][j] == w + best[i + 1][j + 1]:
            pairs[i] = j
            how[i] = "exact" if w >= 1000 else f"fuzzy {(w - 1) * 1000:.1f}"
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    result = Matching(pairs, how)
    lost_gold = [i for i in range(n) if i not in pairs]
    used = set(pairs.values())
    lost_parsed = [j for j in range(m) if j not in used]

    def inside(short: str, long: str) -> bool:
        if not short or len(short) > len(long):
            return False
        return short in long or fuzz.partial_ratio(short, long) >= FUZZY_MIN

    pieces_of: dict[int, list[int]] = defaultdict(list)
    holds: dict[int, list[int]] = defaultdict(list)
    for j in lost_parsed:
        for i in lost_gold:
            if inside(g[i], p[j]):
                holds[j].append(i)
            elif len(p[j]) >= 20 and inside(p[j], g[i]):
                pieces_of[i].append(j)
    for j in lost_parsed:
        if len(holds[j]) >= 2:
            result.merged.append(j)
            result.merged_gold[j] = holds[j]
    for i in lost_gold:
        if len(pieces_of[i]) >= 2:
            result.split.append(i)
            result.split_pieces.extend(pieces_of[i])
    classified = set(result.merged) | set(result.split_pieces)
    result.spurious = [j for j in lost_parsed if j not in classified]
    return result


# --- one article ------------------------------------------------------------------------

def load_split(path: Path = SPLIT) -> dict[str, list[str]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {"dev": list(data["dev"]), "test": list(data["test"])}


def load_gold(corpus: Path, article_id: str) -> dict:
    return json.loads((corpus / "gold" / f"{article_id}.json").read_text(encoding="utf-8"))


def parse_manuscript(path: Path):
    """(parsed references, error text or "", whether the parser crashed) via the API."""
    from litcurate.errors import ManuscriptError

    try:
        from litcurate.read import manuscript
        from litcurate.refs import references
    except ImportError:  # a checkout from before the library was grouped by stage (--src)
        from litcurate import manuscript, references

    try:
        ms = manuscript.read(path)
    except ManuscriptError as exc:
        return [], f"ManuscriptError: {exc}", False
    try:
        return references.parse_all(ms.entries), "", False
    except Exception as exc:  # the parser broke: report it, keep measuring the rest
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        # the finder did its part: measure its entries, with no fields read
        bare = [SimpleNamespace(n=e.number, raw=e.text) for e in ms.entries]
        return bare, f"parser raised {last} (entries measured, no fields)", True


def evaluate_article(gold: dict, refs: list, error: str = "") -> dict:
    """All figures for one article from its gold record and the parsed references."""
    golds = gold["references"]
    m = match_entries([r["printed"] for r in golds], [getattr(r, "raw", "") for r in refs])
    entries = []
    counts = {f: [0, 0] for f in FIELDS}  # exact, counted
    for i, gref in enumerate(golds):
        row = {"n": gref.get("n", i + 1), "type": gref.get("type", "other"),
               "structured": bool(gref.get("structured", True)),
               "found": i in m.pairs, "how": m.how.get(i, "")}
        if i in m.pairs and row["structured"]:
            ref = refs[m.pairs[i]]
            row["parsed_n"] = getattr(ref, "n", None)
            row["confidence"] = getattr(ref, "confidence", None)
            row["reading"] = getattr(ref, "reading", "")
            row["fields"] = compare_fields(gref, ref)
            for name, cmp in row["fields"].items():
                counts[name][1] += 1
                counts[name][0] += cmp["exact"]
        entries.append(row)
    exact = sum(c[0] for c in counts.values())
    counted = sum(c[1] for c in counts.values())
    return {
        "id": gold["id"], "style": gold["style"], "citation_form": gold["citation_form"],
        "gold": len(golds), "parsed": len(refs), "found": len(m.pairs),
        "merged": len(m.merged), "split": len(m.split), "spurious": len(m.spurious),
        "fuzzy": sum(1 for h in m.how.values() if h.startswith("fuzzy")),
        "fields": {f: {"exact": c[0], "counted": c[1]} for f, c in counts.items()},
        "fields_exact": exact, "fields_counted": counted,
        "error": error, "entries": entries,
        "spurious_texts": [getattr(refs[j], "raw", "")[:160] for j in m.spurious[:5]],
        "merged_entries": [[golds[i].get("n", i + 1) for i in m.merged_gold[j]]
                           for j in m.merged],
        "split_entries": [golds[i].get("n", i + 1) for i in m.split],
    }


def run(ids: list[str], corpus: Path = CORPUS) -> tuple[list[dict], bool]:
    results, broke = [], False
    for article_id in ids:
        gold = load_gold(corpus, article_id)
        refs, error, crashed = parse_manuscript(corpus / "manuscripts" / f"{article_id}.md")
        broke |= crashed
        results.append(evaluate_article(gold, refs, error))
    return results, broke


# --- aggregates and report --------------------------------------------------------------

def pct(a: int, b: int) -> float | None:
    return round(100.0 * a / b, 1) if b else None


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:5.1f}"


def aggregate(results: list[dict], key) -> dict[str, dict]:
    """Micro figures per group; `key(article, entry)` names the group of each gold entry."""
    groups: dict[str, dict] = {}
    for art in results:
        for row in art["entries"]:
            name = key(art, row)
            g = groups.setdefault(name, {"gold": 0, "found": 0, "articles": set(),
                                         "fields": {f: [0, 0] for f in FIELDS}})
            g["gold"] += 1
            g["found"] += row["found"]
            g["articles"].add(art["id"])
            for fname, cmp in row.get("fields", {}).items():
                g["fields"][fname][1] += 1
                g["fields"][fname][0] += cmp["exact"]
    out = {}
    for name, g in sorted(groups.items()):
        exact = sum(c[0] for c in g["fields"].values())
        counted = sum(c[1] for c in g["fields"].values())
        out[name] = {
            "articles": len(g["articles"]), "gold": g["gold"], "found": g["found"],
            "found_pct": pct(g["found"], g["gold"]),
            "fields_pct": {f: pct(*c) for f, c in g["fields"].items()},
            "fields_exact": exact, "fields_counted": counted,
            "fields_exact_pct": pct(exact, counted),
        }
    return out


def summarise(results: list[dict]) -> dict:
    per_article = {}
    for art in results:
        per_article[art["id"]] = {
            k: art[k] for k in ("style", "citation_form", "gold", "parsed", "found", "merged",
                                "split", "spurious", "fuzzy", "fields_exact", "fields_counted",
                                "error")}
        per_article[art["id"]]["found_pct"] = pct(art["found"], art["gold"])
        per_article[art["id"]]["fields_pct"] = {
            f: pct(c["exact"], c["counted"]) for f, c in art["fields"].items()}
        per_article[art["id"]]["fields_exact_pct"] = pct(art["fields_exact"],
                                                         art["fields_counted"])
    overall = aggregate(results, lambda a, r: "all").get("all", {})
    found_pcts = [v["found_pct"] for v in per_article.values() if v["found_pct"] is not None]
    field_pcts = [v["fields_exact_pct"] for v in per_article.values()
                  if v["fields_exact_pct"] is not None]
    return {
        "articles": per_article,
        "by_style": aggregate(results, lambda a, r: a["style"]),
        "by_citation_form": aggregate(results, lambda a, r: a["citation_form"]),
        "by_type": aggregate(results, lambda a, r: r["type"]),
        "micro": overall,
        "macro": {
            "found_pct": round(sum(found_pcts) / len(found_pcts), 1) if found_pcts else None,
            # articles with no counted field (nothing found) count as 0 here: a finder that
            # finds nothing must not drop out of the mean
            "fields_exact_pct": round(
                sum(v["fields_exact_pct"] or 0.0 for v in per_article.values())
                / len(per_article), 1) if per_article else None,
            "fields_exact_pct_of_measured": (
                round(sum(field_pcts) / len(field_pcts), 1) if field_pcts else None),
        },
    }


SHORT = {"authors": "auth", "year": "year", "title": "title", "journal": "jour",
         "volume": "vol", "issue": "iss", "first_page": "page", "doi": "doi"}


def _table(title: str, rows: dict[str, dict], width: int, show=lambda name, row: name) -> list:
    lines = [f"\n{title}", f"{'':{width}} {'found':>11} " + " ".join(
        f"{SHORT[f]:>5}" for f in FIELDS) + "   fields"]
    for name, row in rows.items():
        found = f"{row['found']}/{row['gold']}"
        lines.append(f"{show(name, row)[:width]:{width}} {found:>11} " + " ".join(
            _fmt(row["fields_pct"][f]) for f in FIELDS)
            + f"   {_fmt(row['fields_exact_pct'])}")
    return lines


def report(results: list[dict], summary: dict, examples: int = 0) -> str:
    lines = ["Per article (found = gold entries matched; field columns = % exact of counted)"]
    lines.append(f"{'id':28} {'style':30} {'form':20} {'found':>9} {'parsed':>6} {'mrg':>3} "
                 f"{'spl':>3} {'spu':>3} " + " ".join(f"{SHORT[f]:>5}" for f in FIELDS)
                 + "   fields")
    for art in results:
        a = summary["articles"][art["id"]]
        lines.append(
            f"{art['id']:28} {art['style'][:30]:30} {art['citation_form'][:20]:20} "
            f"{str(art['found']) + '/' + str(art['gold']):>9} {art['parsed']:>6} "
            f"{art['merged']:>3} {art['split']:>3} {art['spurious']:>3} "
            + " ".join(_fmt(a["fields_pct"][f]) for f in FIELDS)
            + f"   {_fmt(a['fields_exact_pct'])}")
        if art["error"]:
            lines.append(f"{'':28} ! {art['error'][:150]}")
        if examples:
            lines.extend(_examples(art, examples))
    lines += _table("Per style", summary["by_style"], 50)
    lines += _table("Per citation form", summary["by_citation_form"], 24)
    lines += _table("Per reference type", summary["by_type"], 12)
    micro, macro = summary["micro"], summary["macro"]
    lines.append("")
    lines.append(
        f"Overall micro: entries found {micro['found']}/{micro['gold']} "
        f"({_fmt(micro['found_pct']).strip()}%), fields exact "
        f"{micro['fields_exact']}/{micro['fields_counted']} "
        f"({_fmt(micro['fields_exact_pct']).strip()}%); per field "
        + ", ".join(f"{SHORT[f]} {_fmt(micro['fields_pct'][f]).strip()}" for f in FIELDS))
    lines.append(
        f"Overall macro ({len(results)} articles): entries found "
        f"{_fmt(macro['found_pct']).strip()}%, fields exact "
        f"{_fmt(macro['fields_exact_pct']).strip()}% (articles with nothing found count 0; "
        f"{_fmt(macro['fields_exact_pct_of_measured']).strip()}% over measured articles)")
    lines.append(f"entries found {_fmt(micro['found_pct']).strip()}% "
                 f"fields exact {_fmt(micro['fields_exact_pct']).strip()}%")
    return "\n".join(lines)


def _examples(art: dict, limit: int) -> list[str]:
    out = []
    for row in art["entries"]:
        for name, cmp in row.get("fields", {}).items():
            if not cmp["exact"] and len(out) < limit:
                out.append(f"{'':4}#{row['n']} {name}: gold {cmp['gold']!r} got {cmp['got']!r}")
    missing = [str(r["n"]) for r in art["entries"] if not r["found"]]
    if missing:
        out.append(f"{'':4}not found: {', '.join(missing[:30])}"
                   + (" ..." if len(missing) > 30 else ""))
    for held in art.get("merged_entries", [])[:limit]:
        out.append(f"{'':4}merged: one parsed entry holds gold "
                   f"{', '.join(map(str, held[:12]))}{' ...' if len(held) > 12 else ''}")
    if art.get("split_entries"):
        out.append(f"{'':4}split: gold {', '.join(map(str, art['split_entries'][:30]))}")
    for text in art["spurious_texts"][:limit]:
        out.append(f"{'':4}spurious: {text!r}")
    return out


# --- command line -----------------------------------------------------------------------

def select_ids(split: str, ids: str | None, split_file: Path = SPLIT) -> list[str]:
    splits = load_split(split_file)
    chosen = splits["dev"] + splits["test"] if split == "all" else splits[split]
    if ids:
        wanted = [i.strip() for i in ids.split(",") if i.strip()]
        unknown = [i for i in wanted if i not in splits["dev"] + splits["test"]]
        if unknown:
            raise SystemExit(f"unknown article id(s): {', '.join(unknown)}")
        chosen = wanted
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--ids", help="comma-separated article ids (overrides --split)")
    ap.add_argument("--json", dest="json_out", help="write the figures as JSON to this file")
    ap.add_argument("--examples", type=int, default=0, metavar="N",
                    help="print N wrong fields (and missing/spurious entries) per article")
    ap.add_argument("--corpus", default=str(CORPUS), help="corpus directory")
    ap.add_argument("--src", help="import litcurate from this directory (another checkout)")
    ap.add_argument("--label", default="", help="what was measured, kept in the JSON")
    args = ap.parse_args(argv)
    if args.src:
        sys.path.insert(0, str(Path(args.src).resolve()))
    corpus = Path(args.corpus)
    if not (corpus / "gold").is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 1
    ids = select_ids(args.split, args.ids)
    results, broke = run(ids, corpus)
    summary = summarise(results)
    print(f"litcurate reference-list evaluation: split {'ids' if args.ids else args.split}, "
          f"{len(ids)} articles")
    print(report(results, summary, args.examples))
    if args.json_out:
        import litcurate

        data = {"split": args.split, "ids": ids, "label": args.label,
                "litcurate": str(Path(litcurate.__file__).parent), "summary": summary}
        if args.split == "all" and not args.ids:
            splits = load_split()
            data["summary_by_split"] = {
                name: summarise([r for r in results if r["id"] in members])
                for name, members in splits.items()}
        data["articles"] = results
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    if broke:
        print("the parser raised on at least one article (see `!` lines)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
