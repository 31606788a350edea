"""Measure the Crossref verifier on real records: false mismatches, slips caught, DOIs swapped.

    .venv/bin/python scripts/eval_verify.py                 # dev and test records, separately
    .venv/bin/python scripts/eval_verify.py --split test    # only measured, never tuned on
    .venv/bin/python scripts/eval_verify.py --examples 5    # show what went wrong
    .venv/bin/python scripts/eval_verify.py --through-parser  # entries as text, parsed first

Records: the 75 real `/works/{doi}` journal-article answers in tests/data/crossref/works/
(copied from ../shared/api-samples/crossref/works/). They are split once by the corpus's rule
(ordered by the SHA-256 of the DOI, alternately dev and test).

A local Crossref-compatible server (tests/crossref_server.py) serves them, with the
`/agency` route and searches; every reference goes through `resolve.resolve_one` with the
real client, as in a run. The references are written by `faithful()` from each record's own
fields, as an author would write them (never from our parser's output):
- `full`: the title without the subtitle, the full journal name;
- `subtitle_short`: the title with its subtitle (when the record has one), the journal's short
  name (`short-container-title`, when it has one);
- `main_title`: the title cut at its colon (when that keeps a real title), full journal name.
Text is what a reader sees: markup removed, entities decoded (`verify.plain`).

Figures:
1. false mismatches: faithful references whose status is not `verified` (expected 0);
2. slips caught, per kind: one planted slip per record in its `full` reference (first author
   → another record's first author; year → two years after the record's last; volume + 3;
   first page + 7; title → another record's title); caught when the status is `mismatch`
   and a `metadata_mismatch` names that field;
3. DOI swapped for another record's DOI: caught when the status is `doi_points_elsewhere`
   and the suggested DOI is the record's own.

`--through-parser` measures the whole path instead: each record's `full` reference printed
as text in two house styles (`printed()`: the bundled review's Markdown style and Vancouver)
and read by the CRF parser before it is resolved; a verdict other than `verified` is then
the parser's misreading or the verifier's intolerance (entries read with low confidence are
`matched`, not compared, and counted apart).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from crossref_server import CrossrefServer  # noqa: E402

from litcurate.lookup import verify  # noqa: E402
from litcurate.lookup.crossref import Cache, Client  # noqa: E402
from litcurate.lookup.resolve import resolve_one  # noqa: E402
from litcurate.refs.references import Author, Reference  # noqa: E402

WORKS = ROOT / "tests" / "data" / "crossref" / "works"
SLIPS = ("first author", "year", "volume", "pages", "title")


def load(folder: Path = WORKS) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))["message"]
            for p in sorted(folder.glob("*.json"))]


def split(works: list[dict]) -> dict[str, list[dict]]:
    ordered = sorted(works, key=lambda w: hashlib.sha256(w["DOI"].lower().encode()).hexdigest())
    return {"dev": ordered[0::2], "test": ordered[1::2]}


def _initials(given: str) -> str:
    return "".join(p[0].upper() + "." for p in re.split(r"[\s.\-]+", given) if p)


def faithful(work: dict, variant: str = "full", n: int = 1) -> Reference | None:
    """A reference to `work` as an author writes it, from the record's own fields; None when
    the variant does not apply (no subtitle nor short name; no colon in the title)."""
    title = verify.plain(verify.first(work.get("title")))
    journal = verify.plain(verify.first(work.get("container-title")))
    subtitle = verify.plain(verify.first(work.get("subtitle")))
    short = verify.plain(verify.first(work.get("short-container-title")))
    if variant == "subtitle_short":
        if not (subtitle or (short and short != journal)):
            return None
        title = f"{title}: {subtitle}" if subtitle else title
        journal = short or journal
    elif variant == "main_title":
        main = verify._main_title(title)
        if not main:
            return None
        title = main
    authors = tuple(Author(a["family"], _initials(a.get("given", "")))
                    if a.get("family") else Author(a.get("name", ""), group=True)
                    for a in work.get("author") or [] if a.get("family") or a.get("name"))
    year = str((work.get("issued") or {}).get("date-parts", [[""]])[0][0] or "")
    page = work.get("page") or ""
    number = work.get("article-number") or ""
    names = ", ".join(a.display() for a in authors[:6])
    raw = (f"[{n}] {names} ({year}) {title}. {journal}, {work.get('volume', '')}, "
           f"{page or number}. https://doi.org/{work['DOI']}")
    return Reference(n=n, raw=raw, line=n, authors=authors, year=year, title=title,
                     journal=journal, volume=str(work.get("volume", "")), pages=page,
                     article_number=number if not page else "", doi=work["DOI"].lower(),
                     type="journal", confidence=1.0, reading="parsed")


def _rewrite(ref: Reference, **fields) -> Reference:
    """The reference with other field values, its raw text saying the same."""
    raw = ref.raw
    for name, value in fields.items():
        old = getattr(ref, name)
        if name == "authors":
            old, value = ref.authors[0].family, value[0].family
        if old:
            raw = raw.replace(str(old), str(value), 1)
    return replace(ref, raw=raw, **fields)


def _bump(text: str, by: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) + by), text, count=1)


def slipped(ref: Reference, work: dict, kind: str, others: list[dict]) -> Reference | None:
    """The reference with one planted slip of `kind`, or None when the record lacks the field."""
    if kind == "first author":
        family = verify.first_person(work)
        if not family or not ref.authors:
            return None
        other = next((verify.first_person(o) for o in others if verify.first_person(o)
                      and not verify.same_person(verify.first_person(o), family)), "")
        return _rewrite(ref, authors=(replace(ref.authors[0], family=other), *ref.authors[1:]))
    if kind == "year":
        years = verify.record_years(work)
        if not ref.year or not years:
            return None
        return _rewrite(ref, year=str(max(int(y) for y in years) + 2))
    if kind == "volume":
        if not re.search(r"\d", ref.volume or ""):
            return None
        return _rewrite(ref, volume=_bump(ref.volume, 3))
    if kind == "pages":
        if ref.pages and re.search(r"\d", ref.pages):
            first = verify.first_page(ref.pages)
            return _rewrite(ref, pages=ref.pages.replace(first, _bump(first, 7), 1))
        return None
    if kind == "title":
        if not ref.title:
            return None
        other = next((verify.plain(verify.first(o.get("title"))) for o in others
                      if verify.plain(verify.first(o.get("title")))), "")
        return _rewrite(ref, title=other)
    raise ValueError(kind)


def printed(ref: Reference, style: str) -> str:
    """The reference printed as an entry of a reference list, in one of two house styles."""
    where = ref.pages or ref.article_number
    if style == "review":  # the bundled review's: Markdown, year in brackets
        names = ", ".join(a.display() for a in ref.authors[:6])
        names += ", *et al.*" if len(ref.authors) > 6 else ""
        return (f"- [{ref.n}] {names} ({ref.year}) {ref.title}. *{ref.journal}*, "
                f"**{ref.volume}**, {where}. <https://doi.org/{ref.doi}>")
    names = ", ".join(f"{a.family} {a.initials.replace('.', '')}".strip()
                      for a in ref.authors[:6]) + (", et al" if len(ref.authors) > 6 else "")
    return (f"{ref.n}. {names}. {ref.title}. {ref.journal}. {ref.year};{ref.volume}:{where}. "
            f"doi:{ref.doi}")


def through_parser(works: list[dict], examples: int = 0) -> dict:
    """Statuses of each record's `full` reference, printed in two styles and parsed."""
    from litcurate.read import manuscript
    from litcurate.refs import references

    server = CrossrefServer({w["DOI"]: w for w in works}, limit=1000, concurrency=8).start()
    counts: dict[str, Counter] = {}
    shown: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as cache:
            client = Client(Cache(cache), base_url=server.url, offline=False)
            client.mailto_problem = ""
            for style in ("review", "vancouver"):
                refs = [faithful(w, n=i) for i, w in enumerate(works, 1)]
                text = ("# T\n\n## Intro\n\nText [1].\n\n## References\n\n"
                        + "\n".join(printed(r, style) for r in refs) + "\n")
                parsed = references.parse_all(manuscript.parse(text, "m.md").entries)
                counts[style] = Counter()
                for ref, work in zip(parsed, works, strict=True):
                    result = resolve_one(client, ref, ref.n)
                    kind = result.status if ref.parsed else f"{result.status} ({ref.reading})"
                    counts[style][kind] += 1
                    if result.status not in ("verified", "matched") and len(shown) < examples:
                        shown.append(f"{style} {work['DOI']}: {result.status} " + "; ".join(
                            f["message"] for f in result.findings))
    finally:
        server.stop()
    return {"statuses": {k: dict(v) for k, v in counts.items()}, "examples": shown}


def evaluate(works: list[dict], everything: list[dict], examples: int = 0) -> dict:
    """Figures for `works`, served among `everything` (the server knows every record)."""
    server = CrossrefServer({w["DOI"]: w for w in everything}, limit=1000,
                            concurrency=8).start()
    shown: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as cache:
            client = Client(Cache(cache), base_url=server.url, offline=False)
            client.mailto_problem = ""  # a local server: no address to ask for
            faithful_count, false = Counter(), Counter()
            slips, caught = Counter(), Counter()
            swaps = swaps_right = 0
            for i, work in enumerate(works):
                others = [o for o in everything[i + 1:] + everything[:i + 1] if o is not work]
                for variant in ("full", "subtitle_short", "main_title"):
                    ref = faithful(work, variant)
                    if ref is None:
                        continue
                    faithful_count[variant] += 1
                    result = resolve_one(client, ref, 1)
                    if result.status != "verified":
                        false[variant] += 1
                        if len(shown) < examples:
                            shown.append(f"false {result.status} ({variant}) {work['DOI']}: "
                                         + "; ".join(f["message"] for f in result.findings))
                ref = faithful(work)
                for kind in SLIPS:
                    wrong = slipped(ref, work, kind, others)
                    if wrong is None:
                        continue
                    slips[kind] += 1
                    result = resolve_one(client, wrong, 1)
                    named = any(f["code"] == "metadata_mismatch" and f"] {kind}:" in f["message"]
                                for f in result.findings)
                    if result.status == "mismatch" and named:
                        caught[kind] += 1
                    elif len(shown) < examples:
                        shown.append(f"missed {kind} {work['DOI']}: {result.status} "
                                     + "; ".join(f["message"] for f in result.findings))
                other = next((o for o in others if verify.first_person(o) and o.get("title")
                              and verify.first(o.get("title"))
                              and not verify.same_person(verify.first_person(o),
                                                         verify.first_person(work))), None)
                if ref.title and verify.first_person(work) and other is not None:
                    swaps += 1
                    swapped = replace(ref, doi=other["DOI"].lower(),
                                      raw=ref.raw.replace(work["DOI"], other["DOI"]))
                    result = resolve_one(client, swapped, 1)
                    if result.status == "doi_points_elsewhere" and \
                            result.doi == work["DOI"].lower():
                        swaps_right += 1
                    elif len(shown) < examples:
                        shown.append(f"swap missed {work['DOI']} -> {other['DOI']}: "
                                     f"{result.status} {result.doi} {result.note}")
    finally:
        server.stop()
    return {
        "records": len(works),
        "faithful": dict(faithful_count), "false_mismatches": dict(false),
        "slips": dict(slips), "caught": dict(caught),
        "swaps": swaps, "swaps_right": swaps_right,
        "answered_429": server.count(429),
        "examples": shown,
    }


def report(name: str, figures: dict) -> str:
    lines = [f"{name}: {figures['records']} records"]
    total = sum(figures["faithful"].values())
    false = sum(figures["false_mismatches"].values())
    lines.append(f"  faithful references: {total}, false mismatches: {false} "
                 + str({k: f"{figures['false_mismatches'].get(k, 0)}/{v}"
                        for k, v in figures["faithful"].items()}))
    for kind in SLIPS:
        n, c = figures["slips"].get(kind, 0), figures["caught"].get(kind, 0)
        lines.append(f"  slip {kind:<13} caught {c}/{n}" + (f" = {c / n:.1%}" if n else ""))
    n, c = sum(figures["slips"].values()), sum(figures["caught"].values())
    lines.append(f"  all slips         caught {c}/{n}" + (f" = {c / n:.1%}" if n else ""))
    lines.append(f"  DOI swapped: doi_points_elsewhere with the right DOI {figures['swaps_right']}"
                 f"/{figures['swaps']}; answered 429: {figures['answered_429']}")
    lines += [f"    {e}" for e in figures["examples"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--through-parser", action="store_true")
    args = parser.parse_args(argv)
    everything = load()
    parts = split(everything)
    if args.through_parser:
        for name in ("dev", "test") if args.split == "both" else (args.split,):
            figures = through_parser(parts[name], args.examples)
            print(f"{name} through the parser: {figures['statuses']}")
            print("\n".join(f"    {e}" for e in figures["examples"]))
        return 0
    for name in ("dev", "test") if args.split == "both" else (args.split,):
        print(report(name, evaluate(parts[name], everything, args.examples)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
