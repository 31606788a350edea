"""Non-journal training items built from the real journal records, deterministically.

The training metadata holds about 35 real books, chapters, reports and web pages against
some 950 journal articles, so the model learns books from too few examples: a publisher
read as the journal, a book title running into the edition and place, a chapter's title
taken from the book after `In:`, an organisation read as the journal. This module
recombines the *real* records already loaded (`render.all_items`) into those kinds:

- book: the authors (1–4 of them), title and year of one record; a publisher and one of
  its places from `data/synthetic_sources.yaml`;
- edited book: the same, with the record's authors as editors and no author;
- chapter: authors, title, year and pages of one record; the book's title from a second
  record; editors from a third record's authors; publisher and place;
- report: an organisation as author (or one record's authors, with the organisation as
  publisher), the title and year of a record, the organisation's city, sometimes a report
  number and a URL on the organisation's domain;
- web page: an organisation as author (or none), a record's title and year, a URL on the
  organisation's domain (render adds the access date), sometimes publisher and place;
- thesis: a record's first author, title and year; a university and its city; a degree;
- group article: a journal record whose authors are replaced by an organisation, the
  "World Health Organization. Title. Journal …" entry that is otherwise rare.

Records are only ever combined within one origin: the API samples (Crossref and PubMed)
together, or the gold records of one development article together. An item made from an
article's gold carries `gold:<article>#…` as its source, so cross-validation
(`scripts/crossval_refs.py`) holds it out with that article, as it does the article's own
records; the others carry `synthetic:<kind>:…`. Nothing comes from a test article: the
records are those `render.all_items` loaded (dev gold only), the lists are in the YAML.

The pool is made once with one seeded generator (the same pool on every run); `render`
draws a bounded sample of it for each style with the style's own seeded generator
(`sample`), so training grows by a fixed amount and `make model` stays deterministic.
"""

from __future__ import annotations

import copy
import random
import re
from functools import cache
from pathlib import Path

import yaml

SOURCES_YAML = Path(__file__).resolve().parents[1] / "data/synthetic_sources.yaml"

# Items of each kind made for the pool, and drawn per style (69 styles: 64 more items
# per style, ~4,400 in all, before the renderer's checks drop some).
POOL = {"book": 180, "edited-book": 80, "chapter": 220, "report": 140, "webpage": 140,
        "thesis": 50, "group-article": 90}
QUOTA = {"book": 14, "edited-book": 5, "chapter": 16, "report": 9, "webpage": 10,
         "thesis": 3, "group-article": 7}

# Share of titles printed in headline capitals: of books, reports and web pages (as they are
# usually printed), and of the articles given an organisation as author (as some journals'
# house styles print every title). Without them the model hesitates over headline-capital
# article titles (cross-checked on the bundled review, references/manuscript.md).
TITLE_CASE = 0.4

_SLUG_STOP = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "by", "at",
              "from", "or", "its", "is", "are"}


@cache
def sources(path: Path = SOURCES_YAML) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def place_variants(city: str, data: dict | None = None) -> list[str]:
    """The ways a city is printed: "Philadelphia", "Philadelphia, PA", "Philadelphia (PA)",
    "Philadelphia, PA, USA"; "Oxford", "Oxford, UK", "Oxford (UK)", "Oxford, United Kingdom"."""
    data = data or sources()
    info = data["cities"].get(city) or {}
    name = info.get("name", city)
    region, country = info.get("region", ""), info.get("country", "")
    full = data.get("countries", {}).get(country, country)
    out = [name]
    if region:
        out += [f"{name}, {region}", f"{name} ({region})", f"{name}, {region}, {country}"]
    elif country:
        out += [f"{name}, {country}", f"{name} ({country})"]
        if full != country:
            out.append(f"{name}, {full}")
    return out


def _origin(item: dict) -> str:
    """'api' for Crossref/PubMed records, else the development article of a gold record."""
    source = item.get("_source", "")
    if source.startswith("gold:"):
        return source[5:].split("#")[0]
    return "api"


def _usable(item: dict) -> bool:
    """A journal record with a title, a year and at least one person author."""
    return (item.get("type") == "article-journal" and bool(item.get("title"))
            and bool(item.get("issued")) and any(
                "family" in a for a in item.get("author") or []))


def _persons(item: dict, rng: random.Random, most: int = 4) -> list[dict]:
    """The first 1–4 person authors of a record (books have fewer authors than papers)."""
    people = [copy.deepcopy(a) for a in item.get("author") or [] if "family" in a]
    return people[:min(rng.choice([1, 1, 2, 2, 3, 4]), most, len(people))]


def _year(item: dict) -> dict:
    return {"date-parts": [[item["issued"]["date-parts"][0][0]]]}


def _pages(item: dict, rng: random.Random) -> str:
    page = str(item.get("page", ""))
    found = re.fullmatch(r"(\d{1,4})\s*[-–]\s*(\d{1,4})", page)
    if found and int(found.group(1)) < int(found.group(2)) <= int(found.group(1)) + 120:
        return f"{found.group(1)}-{found.group(2)}"
    start = rng.randint(1, 900)
    return f"{start}-{start + rng.randint(7, 45)}"


def _title(item: dict, rng: random.Random) -> str:
    title = item["title"].rstrip(". ")
    if item.get("_subtitle") and rng.random() < 0.5:
        title = f"{title.rstrip(':')}: {item['_subtitle']}"
    return title


_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with", "by",
                "at", "from", "vs", "as", "into", "via"}


def title_case(title: str) -> str:
    """Headline capitals, as book titles are often printed ("Modern Epidemiology", "Principles
    and Practice of Infectious Diseases"); words with capitals or digits inside stay as they are."""
    words = title.split(" ")
    out = []
    for i, word in enumerate(words):
        if any(ch.isupper() or ch.isdigit() for ch in word[1:]) or not word[:1].isalpha():
            out.append(word)
        elif i and word.lower() in _SMALL_WORDS and not out[-1].endswith(":"):
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def _book_title(item: dict, rng: random.Random) -> str:
    """A book's title from a record's: as it is, cut to the part before the colon (book
    titles are short), and/or in headline capitals. (Journal names as book titles, tried,
    blurred the title/journal boundary of journal entries in cross-validation.)"""
    title = _title(item, rng)
    head = title.split(": ", 1)[0]
    if rng.random() < 0.35 and head != title and len(head.split()) >= 2:
        title = head
    if rng.random() < TITLE_CASE and len(title.split()) <= 12:
        title = title_case(title)
    return title


def _edition(rng: random.Random) -> str | None:
    """A printed edition in words, in 12% of books and chapters ("Second edition", "3rd
    edition"); `render.prepare_item` gives numbers ("2nd ed.") to others."""
    if rng.random() >= 0.12:
        return None
    n = rng.choice([2, 2, 3, 4, 5])
    word = ["Second", "Third", "Fourth", "Fifth"][n - 2]
    ordinal = f"{n}{'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
    return rng.choice([f"{word} edition", f"{word} Edition", f"{ordinal} edition",
                       f"{ordinal} edn"])


def _publisher(rng: random.Random, data: dict) -> tuple[str, str]:
    entry = rng.choice(data["publishers"])
    return entry["name"], rng.choice(place_variants(rng.choice(entry["places"]), data))


def _slug(title: str, rng: random.Random) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in _SLUG_STOP]
    words = words[:rng.randint(2, 6)] or ["index"]
    return rng.choice(["-", "_", ""]).join(words) if rng.random() < 0.85 else words[0]


def _url(org: dict, title: str, year: int, rng: random.Random) -> str:
    base = ("https://" if rng.random() < 0.7 else "http://") + org["domain"]
    section = rng.choice(["publications", "news", "health-topics", "reports", "data",
                          "guidance", "en", "about", "topics", f"{year}"])
    slug = _slug(title, rng)
    roll = rng.random()
    if roll < 0.25:
        return f"{base}/{section}/{slug}.pdf"
    if roll < 0.4:
        return f"{base}/{section}/{slug}.html"
    if roll < 0.5:
        return f"{base}/{section}/{rng.randint(10000, 999999)}"
    if roll < 0.6:
        return f"{base}/{section}/{slug}/index.html"
    return f"{base}/{section}/{slug}"


def _org_name(org: dict, rng: random.Random) -> str:
    return org["short"] if org.get("short") and rng.random() < 0.25 else org["name"]


def _make(kind: str, records: list[dict], rng: random.Random, data: dict) -> tuple[dict, list]:
    """One item of `kind` from records of one origin, and the records it used."""
    a = rng.choice(records)
    used = [a]
    item: dict = {"issued": _year(a), "title": _title(a, rng)}
    if kind in ("book", "edited-book"):
        item["title"] = _book_title(a, rng)
    if kind in ("book", "edited-book", "chapter") and (edition := _edition(rng)):
        item["edition"] = edition
    if kind == "book":
        item["type"] = "book"
        item["author"] = _persons(a, rng)
        item["publisher"], item["publisher-place"] = _publisher(rng, data)
    elif kind == "edited-book":
        item["type"] = "book"
        item["editor"] = _persons(a, rng)
        item["publisher"], item["publisher-place"] = _publisher(rng, data)
    elif kind == "chapter":
        b = rng.choice([r for r in records if r["title"] != a["title"]] or records)
        c = rng.choice(records)  # the editor may be the chapter's author, as in real books
        used += [b, c]
        item["type"] = "chapter"
        item["author"] = _persons(a, rng)
        item["container-title"] = _book_title(b, rng)
        item["editor"] = _persons(c, rng)
        item["page"] = _pages(a, rng)
        item["publisher"], item["publisher-place"] = _publisher(rng, data)
        if rng.random() < 0.1:
            item["volume"] = str(rng.randint(1, 12))
    elif kind in ("report", "webpage"):
        org = rng.choice(data["organisations"])
        item["type"] = kind
        if rng.random() < TITLE_CASE:
            item["title"] = title_case(item["title"])
        if kind == "report" and rng.random() < 0.2:
            item["author"] = _persons(a, rng)
        elif kind == "report" or rng.random() < 0.85:
            item["author"] = [{"literal": _org_name(org, rng)}]
        if kind == "report" or rng.random() < 0.4:
            item["publisher"] = _org_name(org, rng) if rng.random() < 0.9 else org["name"]
            if rng.random() < 0.8:
                item["publisher-place"] = rng.choice(place_variants(org["place"], data))
        if kind == "report" and rng.random() < 0.35:
            item["number"] = rng.choice(data["report_numbers"]).format(n=rng.randint(1, 999))
        if kind == "webpage" or rng.random() < 0.5:
            item["URL"] = _url(org, item["title"], item["issued"]["date-parts"][0][0], rng)
    elif kind == "thesis":
        uni = rng.choice(data["universities"])
        item["type"] = "thesis"
        item["author"] = _persons(a, rng, most=1)
        item["publisher"] = uni["name"]
        if rng.random() < 0.7:
            item["publisher-place"] = rng.choice(place_variants(uni["place"], data))
        item["genre"] = rng.choice(data["thesis_genres"])
    elif kind == "group-article":
        org = rng.choice(data["organisations"])
        item = {k: copy.deepcopy(v) for k, v in a.items() if not k.startswith("_")}
        item["author"] = [{"literal": org["name"]}]
        if rng.random() < TITLE_CASE:
            item["title"] = title_case(item["title"])
        if rng.random() < 0.3:  # "Smith J, Doe J; World Health Organization"
            item["author"] = _persons(a, rng) + item["author"]
    else:
        raise ValueError(f"unknown synthetic kind {kind!r}")
    return item, used


def _source(kind: str, origin: str, used: list[dict], n: int) -> str:
    if origin == "api":
        return f"synthetic:{kind}:" + "+".join(r.get("_source", "") for r in used)
    numbers = ",".join(r["_source"].split("#", 1)[1] for r in used)
    return f"gold:{origin}#synthetic-{kind}-{n}:{numbers}"


def items(real: list[dict], seed: int = 0, pool: dict[str, int] | None = None,
          data: dict | None = None) -> list[dict]:
    """The pool of synthetic items made from the real records (same records, same pool)."""
    data = data or sources()
    pool = POOL if pool is None else pool
    groups: dict[str, list[dict]] = {}
    for item in real:
        if _usable(item):
            groups.setdefault(_origin(item), []).append(item)
    names = sorted(groups)
    weights = [len(groups[name]) for name in names]
    if not names:
        return []
    rng = random.Random(f"{seed}:synthetic")
    out = []
    for kind, count in pool.items():
        for n in range(count):
            origin = rng.choices(names, weights)[0]
            item, used = _make(kind, groups[origin], rng, data)
            item["id"] = f"synthetic:{kind}:{n}"
            item["_synthetic"] = kind
            item["_source"] = _source(kind, origin, used, n)
            out.append(item)
    return out


def sample(pool: list[dict], rng: random.Random, quota: dict[str, int] | None = None
           ) -> list[dict]:
    """A style's share of the pool: `quota[kind]` items of each kind, in pool order."""
    quota = QUOTA if quota is None else quota
    chosen: list[dict] = []
    for kind, count in quota.items():
        of_kind = [it for it in pool if it.get("_synthetic") == kind]
        if count >= len(of_kind):
            chosen += of_kind
        elif count > 0:
            keep = set(rng.sample(range(len(of_kind)), count))
            chosen += [it for i, it in enumerate(of_kind) if i in keep]
    return chosen
