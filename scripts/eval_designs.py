"""Measure the title-and-abstract design rules against PubMed's indexers.

For each real PubMed record of ../shared/api-samples/pubmed/efetch-*/ in one part of
eval/pubmed-split.yaml, the publication types and MeSH headings are hidden, the design is
read from the title and abstract alone (evidence.studies.design_from_text), and compared
with what the indexers' types and MeSH say (evidence.pubtypes.design). Tune on `tune`;
report `held`. Strong classes (trial, review, case report, preclinical) must never be
confused with one another.

    python scripts/eval_designs.py --split held [--json out.json] [--show]
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
from pathlib import Path

import yaml

from litcurate.evidence import pubtypes, studies
from litcurate.lookup import pubmed_xml

ROOT = Path(__file__).resolve().parents[1]
SPLIT = ROOT / "eval" / "pubmed-split.yaml"
SAMPLES = ROOT / ".." / "shared" / "api-samples" / "pubmed"
STRONG = {  # classes that must never be confused with one another
    "rct": "trial", "nonrandomized_trial": "trial",
    "review": "review", "systematic_review": "review", "guideline": "review",
    "case_report": "case report", "case_series": "case report",
    "preclinical": "preclinical",
}


def records(samples: Path = SAMPLES) -> dict[str, pubmed_xml.PubmedRecord]:
    found = {}
    for path in sorted(glob.glob(str(samples / "efetch-*" / "*.xml"))):
        text = Path(path).read_text(encoding="utf-8")
        for chunk in re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, re.S):
            record = pubmed_xml.parse(f"<PubmedArticleSet>{chunk}</PubmedArticleSet>")[0]
            found.setdefault(record.pmid, record)
    return found


def measure(split: str, samples: Path = SAMPLES) -> dict:
    ids = [str(p) for p in yaml.safe_load(SPLIT.read_text(encoding="utf-8"))[split]]
    pool = records(samples)
    rows = []
    for pmid in ids:
        record = pool[pmid]
        truth, why = pubtypes.design(record.publication_types, record.mesh)
        guess, notes = studies.design_from_text(record.title, record.abstract)
        rows.append({"pmid": pmid, "indexers": truth or "", "indexed_as": why,
                     "text": guess, "text_evidence": notes[0] if notes else "",
                     "title": record.title})
    named = [r for r in rows if r["indexers"]]
    decided = [r for r in named if r["text"] != "unknown"]
    agree = [r for r in decided if r["text"] == r["indexers"]]
    contradictions = [r for r in rows if r["indexers"] in STRONG and r["text"] in STRONG
                      and STRONG[r["indexers"]] != STRONG[r["text"]]]
    return {
        "split": split, "records": len(rows), "indexers_name_a_design": len(named),
        "text_decides": len(decided), "agree": len(agree),
        "agreement_where_both_say": round(len(agree) / len(decided), 3) if decided else None,
        "agreement_of_all_named": round(len(agree) / len(named), 3) if named else None,
        "strong_class_contradictions": len(contradictions),
        "contradicting": [r["pmid"] for r in contradictions],
        "disagreeing": [{k: r[k] for k in ("pmid", "indexers", "text", "text_evidence")}
                        for r in decided if r["text"] != r["indexers"]],
        "rows": rows,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "held"), default="tune")
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--json", type=Path, help="write the measurement here")
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    if not args.samples.is_dir():
        print(f"eval_designs: {args.samples}: no such folder (the PubMed samples)",
              file=sys.stderr)
        return 2
    result = measure(args.split, args.samples)
    print(f"{result['split']}: {result['records']} records, the indexers name a design for "
          f"{result['indexers_name_a_design']}; title+abstract decides "
          f"{result['text_decides']} of them and agrees on {result['agree']} "
          f"({result['agreement_where_both_say']}); of all named "
          f"{result['agreement_of_all_named']}; strong-class contradictions: "
          f"{result['strong_class_contradictions']} {result['contradicting']}")
    if args.show:
        for row in result["disagreeing"]:
            print(f"  {row['pmid']}: indexers {row['indexers']}, text {row['text']} "
                  f"({row['text_evidence']})")
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in result.items() if k != "rows"},
                                        indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
