"""Measure the claim audit on planted errors and harmless edits (`make eval-audit`).

    .venv/bin/python scripts/plant_errors.py                 # tuning part (the default)
    .venv/bin/python scripts/plant_errors.py --split held    # the held-out third, at the end
    .venv/bin/python scripts/plant_errors.py --split all -v  # everything, each finding shown
    .venv/bin/python scripts/plant_errors.py --clean         # claim findings on the unchanged texts
    .venv/bin/python scripts/plant_errors.py --planted eval/planted-errors-blind.yaml --split all

The planted set is eval/planted-errors.yaml (written by hand before the rules were tuned).
Each edit is applied to a copy of its text (the bundled review or a corpus article), the
whole offline pipeline runs on the copy (no Crossref: titles and authors as the manuscript
gives them), and the findings are compared with those of the unchanged text. A finding is
matched to the unchanged text by code and the text of its claim (claim ids and line numbers
shift when a sentence is added), so only what the edit changed counts:

- an error is *caught* when one of its expected codes is raised on the claim that holds its
  `claim` text;
- a *side effect* is any other new finding (another code, or another claim);
- a harmless edit must raise no new finding at all.

The edited claim is keyed as it read before the edit, so a finding it already had is not new.
Some new findings follow from the edit itself and are true, so they count apart: a citation
the edit adds that is first cited out of order, another claim now contradicting the planted
one, and a reference the edit stops citing (now uncited, or first cited later).

Held out: entries whose 1-based position in the file is a multiple of 3 (fixed before tuning).
`--planted` measures another set of the same form, such as eval/planted-errors-blind.yaml,
written by someone who had not read the audit's rules, and measured once.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "references" / "manuscript.md"
CORPUS = ROOT.parent / "shared" / "corpus" / "manuscripts"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/manuscripts")
PLANTED = ROOT / "eval" / "planted-errors.yaml"
SPLIT = ROOT / "eval" / "corpus-split.yaml"


def analyse(text: str, name: str = "manuscript.md") -> dict:
    """Everything the pipeline derives from a manuscript text, offline, without Snakemake."""
    from litcurate import curate
    from litcurate.audit import checks as audit
    from litcurate.evidence import studies
    from litcurate.read import citations, citeform, claims, manuscript
    from litcurate.refs import citekeys, references

    parsed = manuscript.parse(text, name)
    refs = references.parse_all(parsed.entries)
    # the citation form as the pipeline reads it (steps.parse_references, extract_claims)
    reader = citeform.reader_for(parsed, citekeys.keys(refs))
    counts = reader.cited(citations.citing_texts(parsed))
    curated, _ = curate.curate(refs, {}, [], counts, {}, {})
    found_claims = claims.extract(parsed, reader)
    found_studies = studies.extract_all(curated, {}, found_claims)
    _, findings = audit.check(parsed, found_claims, found_studies, curated)
    return {"claims": {c.claim_id: c for c in found_claims}, "findings": findings}


def keyed(result: dict, undo: tuple[str, str] = ("", "")) -> Counter:
    """Findings as (code, where): the claim's text, or the message without line numbers.
    `undo` = (new, old) writes the edited claim back as it read before the edit, so that a
    finding it already had is matched, not counted as new."""
    keys: Counter = Counter()
    new, old = undo
    for item in result["findings"]:
        claim = result["claims"].get(item.claim_id)
        where = claim.text if claim else re.sub(r"\b(?:line|C)\s?\d+", "#", item.message)
        if new and new in where:
            where = where.replace(new, old)
        keys[(item.code, where)] += 1
    return keys


def _messages(result: dict, key: tuple) -> list[str]:
    out = []
    for item in result["findings"]:
        claim = result["claims"].get(item.claim_id)
        if item.code == key[0] and claim is not None and claim.text == key[1]:
            out.append(item.message)
    return out


def _numbers(text: str) -> set[str]:
    """Every number a text holds, ranges written out ("[24, 26–31]" → 24, 26, 27, … 31)."""
    found = set(re.findall(r"\d+", text))
    for lo, hi in re.findall(r"(\d+)\s?[-–—]\s?(\d+)", text):
        if int(lo) < int(hi) <= int(lo) + 50:
            found.update(str(n) for n in range(int(lo), int(hi) + 1))
    return found


def text_of(file: str) -> str:
    path = REVIEW if file == "review" else CORPUS / f"{file}.md"
    return path.read_text(encoding="utf-8")


def entries(split: str, source: Path = PLANTED) -> list[dict]:
    planted = yaml.safe_load(source.read_text(encoding="utf-8"))["planted"]
    for i, entry in enumerate(planted, 1):
        entry["held_out"] = i % 3 == 0
    if split == "all":
        return planted
    return [e for e in planted if e["held_out"] == (split == "held")]


def measure(split: str, verbose: bool, source: Path = PLANTED) -> int:
    baselines: dict[str, Counter] = {}
    caught = errors = harmless_clean = harmless = side_effects = consequences = 0
    by_kind: dict[str, list[int]] = {}
    for entry in entries(split, source):
        original = text_of(entry["file"])
        if original.count(entry["old"]) != 1:
            print(f"{entry['id']}: the old text occurs {original.count(entry['old'])} times "
                  f"in {entry['file']}", file=sys.stderr)
            return 2
        if entry["file"] not in baselines:
            baselines[entry["file"]] = keyed(analyse(original))
        result = analyse(original.replace(entry["old"], entry["new"]))
        # the edited claim is keyed as it read before the edit: what it already raised is not
        # new; `redo` gives the claim as it reads after the edit, to find the planted one
        added = keyed(result, (entry["new"], entry["old"])) - baselines[entry["file"]]
        redo = {k: (k[0], k[1].replace(entry["old"], entry["new"])) for k in added}
        expect = set(entry["expect"])
        if expect:
            errors += 1
            hit = [k for k in added if k[0] in expect and entry["claim"] in redo[k][1]]
            extra = [k for k in added if k not in hit]
            kind = entry["expect"][0]
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][1] += 1
            if hit:
                caught += 1
                by_kind[kind][0] += 1
        else:
            harmless += 1
            hit, extra = [], list(added)
        # a finding that follows from the edit itself is true, not a side effect: a new first
        # citation out of order, or another claim disagreeing with the planted one
        # (for a harmless edit, `claim` names the sentence it adds, when it adds one: a new
        # first citation out of numeric order is then true, whatever the sentence says)
        anchor = entry.get("claim", "")
        planted_ids = {c.claim_id for c in result["claims"].values()
                       if expect and anchor in c.text}
        # an edit that takes away a reference's citation makes it uncited, or first cited
        # later (out of order), truly
        dropped = _numbers(entry["old"]) - _numbers(entry["new"])
        follows = [k for k in extra if (anchor and (
            (k[0] == "citation_order" and anchor in redo[k][1])
            or any(f"Claim {i} " in m for i in planted_ids
                   for m in _messages(result, redo[k]))))
            or (k[0] in ("uncited_reference", "citation_order") and any(
                re.match(rf"Reference \[(?:{'|'.join(dropped)})\]", m)
                for m in [k[1], *_messages(result, redo[k])]) and dropped)]
        extra = [k for k in extra if k not in follows]
        harmless_clean += not expect and not extra
        consequences += len(follows)
        side_effects += len(extra)
        status = ("caught" if hit else "MISSED") if expect else ("clean" if not extra else "ALARM")
        print(f"{status:7} {entry['id']}" + (f"  (+{len(extra)} side effect)" if extra and
                                               expect else ""))
        if verbose or (expect and not hit) or extra:
            for item in result["findings"]:
                claim = result["claims"].get(item.claim_id)
                key = (item.code, claim.text if claim else
                       re.sub(r"\b(?:line|C)\s?\d+", "#", item.message))
                if key in redo.values():
                    print(f"        {item.code}: {item.message}")
    print(f"\n[{split}] errors caught on the right claim: {caught}/{errors}"
          f" ({100 * caught / max(errors, 1):.0f}%); harmless edits with no finding: "
          f"{harmless_clean}/{harmless}; side-effect findings: {side_effects} (and "
          f"{consequences} true findings that follow from an edit: a new citation out of order, "
          "another claim contradicting the planted one, a reference it stops citing)")
    for kind, (k, n) in sorted(by_kind.items()):
        print(f"    {kind:26} {k}/{n}")
    return 0


def clean(verbose: bool) -> int:
    """Findings of the audit's claim codes on each unchanged text (should be explained)."""

    claim_codes = {"overstated_claim", "entity_mismatch", "author_mismatch",
                   "numeric_inconsistency", "citation_topic_mismatch", "phase_mismatch",
                   "population_mismatch", "setting_mismatch", "citation_year_mismatch",
                   "citation_malformed"}
    split = yaml.safe_load(SPLIT.read_text(encoding="utf-8"))
    files = ["review", *split["dev"], *split["test"]]
    total = 0
    for file in files:
        result = analyse(text_of(file))
        found = [f for f in result["findings"] if f.code in claim_codes]
        part = "test" if file in split["test"] else "dev" if file != "review" else "review"
        print(f"{file} ({part}): {len(found)} claim findings")
        for item in found:
            print(f"    {item.code}: {item.message}")
        total += len(found)
    print(f"\nclaim findings on the unchanged texts: {total}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "held", "all"), default="tune")
    parser.add_argument("--clean", action="store_true")
    parser.add_argument("--planted", type=Path, default=PLANTED,
                        help="the planted set to measure (default eval/planted-errors.yaml)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.clean:
        return clean(args.verbose)
    return measure(args.split, args.verbose, args.planted)


if __name__ == "__main__":
    sys.exit(main())
