"""Measure reading from Word and PDF against reading from Markdown (`make eval-formats`).

    .venv/bin/python scripts/eval_formats.py                  # dev split (the default)
    .venv/bin/python scripts/eval_formats.py --split test     # measured once, never tuned on
    .venv/bin/python scripts/eval_formats.py --ids acg-crj-2018 --json results/f.json

Each corpus manuscript (`../shared/corpus/manuscripts/<id>.md`) is converted to DOCX with
pandoc (the `pypandoc-binary` wheel) and that DOCX to PDF with LibreOffice (Debian's
`soffice --headless`; `make office` installs it), as an author's Word file and the PDF an
editor is sent would be. Before the DOCX is made, `<sup>…</sup>` in the Markdown becomes
pandoc's `^…^`, so the Word file has real superscripts, as an author's has (pandoc drops
raw HTML when it writes Word). Conversions are cached in results/eval-formats/ (git-ignored)
and remade when the Markdown is newer.

Every format is then read by the pipeline's own reader (`litcurate.read.formats.read`:
detection, conversion, `manuscript.parse`) and its entries parsed with
`references.parse_all`; the figures are `scripts/eval_refs.py`'s (`evaluate_article`,
`summarise`: entries found, fields exact, against the corpus gold), so they compare with
`make eval`. The target (issue 14): DOCX within 1 point of Markdown, PDF within 3 points,
for entries found and for fields exact (micro over all entries of the split).
Exit status 0 when every article was read, 2 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_refs

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "results" / "eval-formats"
FORMATS = ("md", "docx", "pdf")
LIMITS = {"docx": 1.0, "pdf": 3.0}
SUP = re.compile(r"<sup>(.*?)</sup>", re.S)


def _superscripts(text: str) -> str:
    """`<sup>4, 12</sup>` as pandoc's `^4,\\ 12^`, which it writes as a Word superscript."""
    return SUP.sub(lambda m: "^" + m.group(1).replace(" ", "\\ ") + "^", text)


def make_docx(md: Path, out: Path) -> None:
    import pypandoc

    text = _superscripts(md.read_text(encoding="utf-8"))
    pypandoc.convert_text(text, "docx", format="markdown-raw_tex", outputfile=str(out))


def make_pdfs(docx_files: list[Path], outdir: Path) -> None:
    """One LibreOffice run for all of them (its start-up is most of the time)."""
    if not docx_files:
        return
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        raise SystemExit("LibreOffice is not installed: run `make office` first")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, "--headless", "--norestore",
                        f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, docx_files)],
                       check=True, capture_output=True, timeout=1800)


def prepare(ids: list[str], corpus: Path, cache: Path = CACHE) -> dict[str, dict[str, Path]]:
    cache.mkdir(parents=True, exist_ok=True)
    paths, stale_pdf = {}, []
    for article_id in ids:
        md = corpus / "manuscripts" / f"{article_id}.md"
        docx, pdf = cache / f"{article_id}.docx", cache / f"{article_id}.pdf"
        if not docx.exists() or docx.stat().st_mtime < md.stat().st_mtime:
            make_docx(md, docx)
        if not pdf.exists() or pdf.stat().st_mtime < docx.stat().st_mtime:
            stale_pdf.append(docx)
        paths[article_id] = {"md": md, "docx": docx, "pdf": pdf}
    make_pdfs(stale_pdf, cache)
    return paths


def read_refs(path: Path) -> tuple[list, str]:
    """Parsed references read through the pipeline's own reader, or [] and the error."""
    from litcurate.errors import ManuscriptError
    from litcurate.read import formats
    from litcurate.refs import references

    try:
        text, _ = formats.read(path)
    except ManuscriptError as exc:
        return [], f"ManuscriptError: {exc}"
    return references.parse_all(text.entries), ""


def run(ids: list[str], corpus: Path) -> dict[str, list[dict]]:
    paths = prepare(ids, corpus)
    results: dict[str, list[dict]] = {f: [] for f in FORMATS}
    for article_id in ids:
        gold = eval_refs.load_gold(corpus, article_id)
        for fmt in FORMATS:
            refs, error = read_refs(paths[article_id][fmt])
            results[fmt].append(eval_refs.evaluate_article(gold, refs, error))
    return results


def _pct(value) -> str:
    return "    -" if value is None else f"{value:5.1f}"


def report(results: dict[str, list[dict]], summaries: dict[str, dict]) -> tuple[str, bool]:
    head = f"{'id':28} " + " ".join(f"{f + ' found':>10} {f + ' fields':>11}" for f in FORMATS)
    lines = ["Per article: entries found % and fields exact % per format", head]
    for i, art in enumerate(results["md"]):
        cells = []
        for fmt in FORMATS:
            a = summaries[fmt]["articles"][art["id"]]
            cells.append(f"{_pct(a['found_pct']):>10} {_pct(a['fields_exact_pct']):>11}")
        lines.append(f"{art['id']:28} " + " ".join(cells))
        for fmt in FORMATS:
            if results[fmt][i]["error"]:
                lines.append(f"{'':28} ! {fmt}: {results[fmt][i]['error'][:140]}")
    lines.append("")
    ok = True
    base = summaries["md"]["micro"]
    for fmt in FORMATS:
        micro = summaries[fmt]["micro"]
        line = (f"{fmt:5} total: entries found {micro['found']}/{micro['gold']} "
                f"({micro['found_pct']}%), fields exact {micro['fields_exact']}/"
                f"{micro['fields_counted']} ({micro['fields_exact_pct']}%)")
        if fmt in LIMITS:
            d_found = micro["found_pct"] - base["found_pct"]
            d_fields = micro["fields_exact_pct"] - base["fields_exact_pct"]
            within = abs(d_found) <= LIMITS[fmt] and abs(d_fields) <= LIMITS[fmt]
            ok &= within
            line += (f"; vs md {d_found:+.1f} / {d_fields:+.1f} points "
                     f"({'within' if within else 'OUTSIDE'} {LIMITS[fmt]:g})")
        lines.append(line)
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--ids", help="comma-separated article ids (overrides --split)")
    ap.add_argument("--json", dest="json_out", help="write the figures as JSON to this file")
    ap.add_argument("--corpus", default=str(eval_refs.CORPUS), help="corpus directory")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    ids = eval_refs.select_ids(args.split, args.ids)
    results = run(ids, corpus)
    summaries = {fmt: eval_refs.summarise(results[fmt]) for fmt in FORMATS}
    text, ok = report(results, summaries)
    print(f"litcurate format evaluation: split {'ids' if args.ids else args.split}, "
          f"{len(ids)} articles")
    print(text)
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(
            {"split": args.split, "ids": ids,
             "summary": {f: {"micro": s["micro"], "macro": s["macro"],
                             "articles": s["articles"]} for f, s in summaries.items()}},
            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    broke = any(r["error"] for rs in results.values() for r in rs)
    return 2 if broke else (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
