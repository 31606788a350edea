"""Evaluate in-text citation reading and linking against the gold corpus (`make eval`).

    .venv/bin/python scripts/eval_citations.py                  # dev split (the default)
    .venv/bin/python scripts/eval_citations.py --split test     # only measured, never tuned on
    .venv/bin/python scripts/eval_citations.py --src /tmp/main/src   # measure another checkout
    .venv/bin/python scripts/eval_citations.py --ids eid-2009 --examples 10

Corpus `../shared/corpus` (gold `in_text_citations`, `cited`, `citation_form`), split in
`eval/corpus-split.yaml`. Each article is read as the pipeline reads it: `manuscript.read`,
`references.parse_all`, the citation form detected (`citeform.reader_for`; a checkout without
it reads brackets only), `claims.extract`, and the citation findings of the audit.

Figures, per article and per gold citation form:

- linked: share of the gold's distinct in-text citation strings (each with the entries its
  links point to) that are read right. A string is read right when it occurs in the body
  (on word boundaries: `1` does not occur in `10`) inside a citation that was found and that
  cites every entry the gold names for it. A gold string with no letter or digit (`-`, the
  text of a link on a range's dash) is judged the same way, bounded by no other mark; a gold
  string in `<sup>` tags is looked for without them (the gold tags each link, the text
  prints one superscript run).
- found: share of the gold `cited` entries that some claim cites.
- false links: entries a claim cites that the gold never cites.
- findings of the citation kinds, by code; those the gold contradicts are counted as false:
  `uncited_reference` for an entry the gold cites, `citation_out_of_range` (the corpus is
  published, numbered from its XML), `citation_unmatched` / `citation_year_mismatch` /
  `citation_ambiguous` for a work whose text holds a gold citation string that links one
  entry it names. The rest (`citation_order`, `reference_order`, malformed groups, and
  findings the gold cannot judge) are listed with `--examples` for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("uncited_reference", "citation_out_of_range", "citation_malformed", "citation_order",
         "citation_unmatched", "citation_ambiguous", "citation_year_mismatch",
         "reference_order")


def load_modules(src: str | None):
    if src:
        sys.path.insert(0, src)
    from litcurate.audit import checks
    from litcurate.read import citations, claims, manuscript
    from litcurate.refs import references
    try:
        from litcurate.audit import citelinks
        from litcurate.read import citeform
        from litcurate.refs import citekeys
    except ImportError:  # a checkout from before the citation forms: brackets only
        citelinks = citeform = citekeys = None
    return SimpleNamespace(checks=checks, citations=citations, claims=claims,
                           manuscript=manuscript, references=references,
                           citelinks=citelinks, citeform=citeform, citekeys=citekeys)


def evaluate(article: str, m) -> dict:
    gold = json.loads((CORPUS / "gold" / f"{article}.json").read_text(encoding="utf-8"))
    text = m.manuscript.read(CORPUS / "manuscripts" / f"{article}.md")
    refs = m.references.parse_all(text.entries)
    if m.citeform:
        reader = m.citeform.reader_for(text, m.citekeys.keys(refs))
        form, find = reader.form, reader.find
        found_claims = m.claims.extract(text, reader)
    else:
        reader, form, find = None, "numeric-brackets (only form read)", m.citations.find
        found_claims = m.claims.extract(text)
    texts = m.citations.citing_texts(text)
    spans = [(t, find(t)) for t in texts]
    linked, missed = 0, []
    for item in gold["in_text_citations"]:
        if _read_right(item, spans):
            linked += 1
        else:
            missed.append(item)
    cited_gold = set(gold["cited"])
    ours = {n for c in found_claims for n in c.cited}
    curated = [SimpleNamespace(n=ref.n if ref.n is not None else i, raw=ref.raw,
                               reading=ref.reading, year=ref.year,
                               authors=[a.display() for a in ref.authors])
               for i, ref in enumerate(refs, 1)]
    found = _findings(m, found_claims, curated, texts)
    false = [f for f in found if _is_false(f, gold, cited_gold)]
    return {
        "form_gold": gold["citation_form"], "form_read": form,
        "gold_strings": len(gold["in_text_citations"]), "linked": linked,
        "gold_cited": len(cited_gold), "found": len(cited_gold & ours),
        "false_links": sorted(ours - cited_gold),
        "findings": dict(Counter(f.code for f in found)),
        "false_findings": dict(Counter(f.code for f in false)),
        "examples": {"missed": missed, "false": [f.message for f in false],
                     "findings": [f"{f.code}: {f.message}" for f in found]},
    }


def _findings(m, found_claims, curated, texts) -> list:
    if m.citelinks and m.citelinks.is_author_year(found_claims):
        found = m.citelinks.findings(found_claims, curated, texts)
    else:
        skipped = m.checks.skipped_checks(found_claims, curated)
        found = m.checks.citation_findings(found_claims, len(curated), uncited=not skipped)
        if m.citelinks and m.citelinks.alphabetical(curated):  # as audit.checks.check does
            found = [f for f in found if f.code != "citation_order"]
    return [f for f in found if f.code in KINDS]


def _read_right(item: dict, spans) -> bool:
    plain = re.sub(r"</?sup>|\^", "", item["text"])  # gold `<sup>4</sup>`, text `<sup>4,12</sup>`
    edge = r"\w" if re.search(r"\w", plain) else r"[^\w\s]"  # `-` may stand between digits
    pattern = re.compile(rf"(?<!{edge}){re.escape(plain)}(?!{edge})")
    want = set(item["refs"])
    for text, found in spans:
        for occurrence in pattern.finditer(text):
            for citation in found:
                if citation.start <= occurrence.start() and occurrence.end() <= citation.end \
                        and want <= set(citation.numbers):
                    return True
    return False


def _is_false(found, gold: dict, cited_gold: set[int]) -> bool:
    if found.code == "uncited_reference":
        return found.n in cited_gold
    if found.code == "citation_out_of_range":
        return True
    if found.code in ("citation_unmatched", "citation_year_mismatch", "citation_ambiguous"):
        quoted = re.search(r"“(.*?)”", found.message)
        work = quoted.group(1) if quoted else ""
        return (any(len(item["refs"]) == 1 and re.search(r"[A-Za-z]", item["text"])
                   and item["text"] in work for item in gold["in_text_citations"]) \
            and found.code != "citation_ambiguous") or (
                found.code == "citation_ambiguous" and _gold_says_one(work, gold))
    return False


def _gold_says_one(work: str, gold: dict) -> bool:
    """An ambiguity the gold resolves from the text itself (a suffix written there)."""
    return any(item["text"] in work and re.search(r"\d{4}[a-z]", item["text"])
               for item in gold["in_text_citations"])


def split_ids(name: str) -> list[str]:
    data = yaml.safe_load((ROOT / "eval" / "corpus-split.yaml").read_text(encoding="utf-8"))
    return data["dev"] + data["test"] if name == "all" else data[name]


def report(results: dict[str, dict], examples: int) -> str:
    lines = [f"{'article':28} {'gold form':20} {'read as':20} {'linked':>11} {'found':>9} "
             f"{'false links':>11} {'false findings'}"]
    by_form: dict[str, Counter] = defaultdict(Counter)
    for article, r in results.items():
        lines.append(
            f"{article:28} {r['form_gold']:20} {r['form_read'][:20]:20} "
            f"{r['linked']:>4}/{r['gold_strings']:<4} {_pct(r['linked'], r['gold_strings']):>5} "
            f"{r['found']:>3}/{r['gold_cited']:<3} {len(r['false_links']):>5} "
            f"{sum(r['false_findings'].values()):>5} {r['false_findings'] or ''}")
        totals = by_form[r["form_gold"]]
        totals.update({"strings": r["gold_strings"], "linked": r["linked"],
                       "cited": r["gold_cited"], "found": r["found"],
                       "false_links": len(r["false_links"]),
                       "false_findings": sum(r["false_findings"].values()),
                       "articles": 1})
        for kind, count in r["findings"].items():
            totals["finding:" + kind] += count
        if examples:
            for item in r["examples"]["missed"][:examples]:
                lines.append(f"    missed {item}")
            for message in r["examples"]["findings"][:examples]:
                lines.append(f"    finding {message}")
    lines.append("")
    lines.append("per form: linked (strings), cited entries found, false links, false findings,"
                 " all citation findings")
    everything: Counter = Counter()
    for form, t in sorted(by_form.items()):
        everything.update(t)
        lines.append(_form_line(form, t))
    lines.append(_form_line("all", everything))
    return "\n".join(lines)


def _form_line(form: str, t: Counter) -> str:
    kinds = {k.split(":", 1)[1]: v for k, v in t.items() if k.startswith("finding:")}
    return (f"  {form:22} ({t['articles']} articles) linked {t['linked']}/{t['strings']} "
            f"{_pct(t['linked'], t['strings'])}, found {t['found']}/{t['cited']} "
            f"{_pct(t['found'], t['cited'])}, false links {t['false_links']}, "
            f"false findings {t['false_findings']}; findings {kinds}")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    parser.add_argument("--ids", help="comma-separated article ids (instead of a split)")
    parser.add_argument("--src", help="the src/ folder of another checkout to measure")
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    modules = load_modules(args.src)
    ids = args.ids.split(",") if args.ids else split_ids(args.split)
    results = {article: evaluate(article, modules) for article in ids}
    print(report(results, args.examples))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
