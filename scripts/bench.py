"""litcurate's benchmark: prints the figures the speed-and-scale note quotes.

    .venv/bin/python scripts/bench.py            # everything (about 4 minutes)
    .venv/bin/python scripts/bench.py startup scale crossref peers batch

Sections:
  startup   cold offline run and no-op rerun, each against a trivial three-rule workflow
  scale     the review repeated 1x, 10x, 30x (citations renumbered): refs/s, claims/s, memory,
            and the 30x manuscript through the whole workflow offline
  crossref  resolution against a local Crossref-compatible server: 5/s with 1 in flight and
            10/s with 3, as a ratio of the floor (requests / rate)
  peers     refextract on the same entries, habanero on the same DOIs and server (`make bench`
            installs both; they are not dependencies of litcurate)
  batch     50 manuscripts in one config, offline
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
PROJECT = ["Snakefile", "workflow", "scripts", "config", "references"]
sys.path.insert(0, str(ROOT / "tests"))
REPEATS = 3


def out(line: str = "") -> None:
    print(line, flush=True)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("crossref"))
        else:
            shutil.copy2(source, dest / name)
    (dest / "references" / "crossref").mkdir(exist_ok=True)
    return dest


def timed(args, cwd, env=None) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{result.stderr[-2000:]}")
    return elapsed


def offline_env() -> dict:
    return dict(os.environ, LITCURATE_OFFLINE="1")


def clean(path: Path) -> None:
    for name in ("results", "curated", "logs", ".snakemake", "out"):
        shutil.rmtree(path / name, ignore_errors=True)


TRIVIAL = """
rule all:
    input: "out/c.txt"

rule a:
    output: "out/a.txt"
    shell: "echo a > {output}"

rule b:
    input: "out/a.txt"
    output: "out/b.txt"
    shell: "cat {input} > {output}"

rule c:
    input: "out/b.txt"
    output: "out/c.txt"
    shell: "cat {input} > {output}"
"""


def startup() -> None:
    out("== start-up: litcurate against a trivial three-rule workflow (median of 3) ==")
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial"
        trivial.mkdir()
        (trivial / "Snakefile").write_text(TRIVIAL)
        project = copy_project(Path(tmp) / "project")
        rows = {}
        for name, path in (("trivial", trivial), ("litcurate", project)):
            cold, noop = [], []
            for _ in range(REPEATS):
                clean(path)
                cold.append(timed([SNAKEMAKE, "--cores", "2"], path, offline_env()))
                noop.append(timed([SNAKEMAKE, "--cores", "2"], path, offline_env()))
            rows[name] = (statistics.median(cold), statistics.median(noop))
        (tc, tn), (lc, ln) = rows["trivial"], rows["litcurate"]
        out(f"trivial workflow: cold {tc:.2f} s, no-op {tn:.2f} s")
        out(f"litcurate:        cold {lc:.2f} s ({lc / tc:.2f}x, target <= 3x), "
            f"no-op {ln:.2f} s ({ln / tn:.2f}x, target <= 1.3x)")


# --------------------------------------------------------------------------- scale

BODY_START = "## 1. 引言"
LIST_HEADING = "## 参考文献"
ITEM = re.compile(r"\[(\d{1,7})\]")
ENTRY = re.compile(r"^- \[(\d+)\]", re.MULTILINE)
DOI = re.compile(r"(doi\.org/10\.\d+/[^>\s)\]]+)")


def synthetic(copies: int) -> str:
    """The review's body and list repeated, each copy citing its own renumbered references."""
    text = (ROOT / "references" / "manuscript.md").read_text(encoding="utf-8")
    head, rest = text.split(BODY_START, 1)
    body, entries = rest.split(LIST_HEADING, 1)
    body = BODY_START + body
    count = len(ENTRY.findall(entries))
    bodies, lists = [], []
    for i in range(copies):
        offset = i * count
        bodies.append(ITEM.sub(lambda m, o=offset: f"[{int(m.group(1)) + o}]", body))
        copy = ENTRY.sub(lambda m, o=offset: f"- [{int(m.group(1)) + o}]", entries)
        if i:  # other works: other DOIs and titles, so no entry duplicates another
            copy = DOI.sub(lambda m, i=i: f"{m.group(1)}.c{i}", copy)
            copy = re.sub(r"\) ([A-Z])", lambda m, i=i: f") Copy {i} {m.group(1)}", copy)
        lists.append(copy.strip("\n"))
    return head + "\n\n".join(bodies) + LIST_HEADING + "\n\n" + "\n".join(lists) + "\n"


def stages(path: str) -> None:
    """Run in a fresh process: every library stage on one manuscript, timed."""
    from litcurate import curate
    from litcurate.audit import checks as audit
    from litcurate.evidence import studies
    from litcurate.read import citations, claims, manuscript
    from litcurate.refs import references

    timings = {}
    started = time.perf_counter()
    text = manuscript.read(path)
    timings["read"] = time.perf_counter() - started
    mark = time.perf_counter()
    refs = references.parse_all(text.entries)
    counts = citations.count(citations.citing_texts(text))
    curated, _ = curate.curate(refs, {}, [], counts, {}, {})
    timings["references"] = time.perf_counter() - mark
    mark = time.perf_counter()
    found_claims = claims.extract(text)
    timings["claims"] = time.perf_counter() - mark
    mark = time.perf_counter()
    found_studies = studies.extract_all(curated, {}, found_claims)
    timings["studies"] = time.perf_counter() - mark
    mark = time.perf_counter()
    _, findings = audit.check(text, found_claims, found_studies, curated)
    timings["audit"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    print(json.dumps({"refs": len(refs), "claims": len(found_claims),
                      "findings": len(findings), "timings": timings,
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def scale() -> None:
    out("== scale: the review repeated, citations renumbered (library stages, fresh process) ==")
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        for copies in (1, 10, 30):
            path = Path(tmp) / f"x{copies}.md"
            path.write_text(synthetic(copies), encoding="utf-8")
            result = subprocess.run([sys.executable, __file__, "stages", str(path)],
                                    capture_output=True, text=True, check=True)
            data = json.loads(result.stdout)
            t = data["timings"]
            base = base or t["total"] / data["refs"]
            out(f"{copies:>2}x: {data['refs']:>5} refs, {data['claims']:>5} claims in "
                f"{t['total']:.2f} s ({data['refs'] / t['total']:.0f} refs/s, "
                f"{data['claims'] / t['total']:.0f} claims/s; per reference "
                f"{t['total'] / data['refs'] * 1000:.2f} ms = "
                f"{t['total'] / data['refs'] / base:.2f}x the 1x cost), peak RSS "
                f"{data['max_rss_mb']:.0f} MB; stages "
                + ", ".join(f"{k} {v:.2f}" for k, v in t.items() if k != "total"))
        project = copy_project(Path(tmp) / "project")
        (project / "references" / "manuscript.md").write_text(synthetic(30), encoding="utf-8")
        (project / "references" / "overrides.yaml").write_text("", encoding="utf-8")
        clean(project)
        elapsed = timed([SNAKEMAKE, "--cores", "2"], project, offline_env())
        out(f"30x manuscript (2,100 references) through the whole workflow offline: "
            f"{elapsed:.1f} s (target <= 30 s)")


# --------------------------------------------------------------------------- crossref


def review_refs():
    from litcurate.read import manuscript
    from litcurate.refs import references

    text = manuscript.read(ROOT / "references" / "manuscript.md")
    return references.parse_all(text.entries)


def crossref() -> None:
    from crossref_server import CrossrefServer, record_from_reference

    from litcurate.lookup import resolve
    from litcurate.lookup.crossref import Cache, Client

    out("== crossref: the review's 70 references against a local server, empty cache ==")
    refs = review_refs()
    records = {r.doi: record_from_reference(r) for r in refs if r.doi}
    # 100 ms per answer, as from a nearby server; at 250 ms one request at a time cannot
    # keep 10 per second, which is what several in flight are for
    for rate, workers, latency in ((5, 1, 0.1), (10, 3, 0.1), (10, 1, 0.25), (10, 3, 0.25)):
        server = CrossrefServer(records, limit=rate, interval=1.0, concurrency=workers,
                                latency=latency).start()
        try:
            with tempfile.TemporaryDirectory() as tmp:
                client = Client(Cache(tmp), mailto="bench@example.org", base_url=server.url,
                                workers=workers)
                started = time.perf_counter()
                results = resolve.resolve_all(client, refs)
                elapsed = time.perf_counter() - started
        finally:
            server.stop()
        sent = server.count()
        floor = sent / rate
        resolved = sum(r.status in ("verified", "matched", "mismatch") for r in results)
        out(f"{rate}/s, {workers} in flight ({latency * 1000:.0f} ms per answer): {sent} "
            f"requests in {elapsed:.2f} s, floor {floor:.1f} s, ratio {elapsed / floor:.3f} "
            f"(target <= 1.15); {resolved} resolved, {server.count(429)} answered 429, "
            f"max in flight {server.max_in_flight}")
    server = CrossrefServer(records, limit=5, interval=1.0, latency=0.1).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_project(Path(tmp) / "project")
            env = {k: v for k, v in os.environ.items() if k != "LITCURATE_OFFLINE"}
            env["LITCURATE_CROSSREF_URL"] = server.url
            elapsed = timed([SNAKEMAKE, "--cores", "2"], project, env)
    finally:
        server.stop()
    out(f"whole snakemake run at 5/s: {server.count()} requests in {elapsed:.1f} s "
        f"(floor {server.count() / 5:.1f} s; includes start-up and every other rule)")


# --------------------------------------------------------------------------- peers


def peers() -> None:
    out("== peers: the same entries and DOIs, the same machine and server ==")
    python = ROOT / ".venv-peers" / "bin" / "python"
    if not python.exists():
        out("the peers' venv is missing: run `make bench`")
        return
    from crossref_server import CrossrefServer, record_from_reference

    from litcurate.read import manuscript
    from litcurate.refs import references

    text = manuscript.read(ROOT / "references" / "manuscript.md")
    started = time.perf_counter()
    refs = references.parse_all(text.entries)
    ours = time.perf_counter() - started
    want = {r.n: r for r in refs}
    dois = [r.doi for r in refs if r.doi]
    records = {doi: record_from_reference(want_ref) for want_ref in refs
               for doi in [want_ref.doi] if doi}
    server = CrossrefServer(records, limit=5, interval=1.0, latency=0.1).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            job = Path(tmp) / "peers.json"
            entries = [re.sub(r"^- ", "", e.text) for e in text.entries]
            job.write_text(json.dumps({"entries": entries, "dois": dois}), encoding="utf-8")
            result = subprocess.run([str(python), str(ROOT / "scripts" / "bench_peers.py"),
                                     str(job), server.url], capture_output=True, text=True,
                                    check=True)
    finally:
        server.stop()
    data = json.loads(result.stdout)
    doi_right = year_right = title_right = 0
    for item in data["parsed"]:
        marker = (item.get("linemarker") or [""])[0]
        n = int(marker) if str(marker).isdigit() else None
        if n not in want:
            continue
        # generous to the peer: markup left around a DOI or a title is not held against it
        found = [re.sub(r"[<>\\]", "", d.lower().removeprefix("doi:")) for d in item.get("doi", [])]
        doi_right += bool(want[n].doi) and want[n].doi in found
        year_right += want[n].year in (item.get("year") or [])
        title_right += any(want[n].title.lower()[:40] in t.lower()
                           for t in item.get("title", []) + item.get("misc", []))
    out(f"litcurate parse: 70 entries in {ours * 1000:.0f} ms ({70 / ours:.0f}/s); DOIs "
        f"{sum(bool(r.doi) for r in refs)}/69, years {sum(bool(r.year) for r in refs)}/70, "
        f"titles {sum(bool(r.title) for r in refs)}/70 (checked by value in the tests)")
    seconds = data["parse_seconds"]
    out(f"refextract: {len(data['parsed'])} references in {seconds * 1000:.0f} ms "
        f"({len(data['parsed']) / seconds:.0f}/s); DOIs right {doi_right}/69, years right "
        f"{year_right}/70, titles found (title or misc) {title_right}/70")
    out(f"habanero {data['habanero']}: {len(dois)} DOIs in {data['resolve_seconds']:.1f} s at a "
        f"server allowing 5/s: {data['ok']} succeeded, {len(data['failed'])} failed, "
        f"{server.count(429)} answered 429 (no pacing to x-rate-limit-*, no retry)")
    out("litcurate on the same server: see `crossref` (paced, 0 answered 429)")


# --------------------------------------------------------------------------- batch


def batch() -> None:
    import yaml

    out("== batch: 50 manuscripts in one config, offline, --cores 2 ==")
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        config_path = project / "config" / "config.yaml"
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        for i in range(1, 50):
            shutil.copy(project / "references" / "manuscript.md",
                        project / "references" / f"review{i:02d}.md")
            config["manuscripts"][f"review{i:02d}"] = f"references/review{i:02d}.md"
        config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        elapsed = timed([SNAKEMAKE, "--cores", "2"], project, offline_env())
        jobs = len(list((project / "curated").iterdir()))
        out(f"50 manuscripts: {elapsed:.1f} s ({elapsed / 50:.2f} s per manuscript), "
            f"{jobs} curated folders; one resolve_crossref job for all (one budget)")


# --------------------------------------------------------------------------- parser


def parser() -> None:
    """The reference parser alone: model load, then references per second, on every entry
    of the corpus (1,323, all styles) and the bundled review, parsed three times. Timed in
    the process's CPU time, so that other work on the machine does not count against it."""
    import glob

    out("== parser: model load and references/s (corpus + review entries) ==")
    code = (
        "import time, glob, sys\n"
        "t0 = time.process_time()\n"
        "from litcurate.refs import crf\n"
        "crf.tagger()\n"
        "load = time.process_time() - t0\n"
        "from litcurate.read import manuscript\n"
        "from litcurate.refs import references\n"
        "entries = []\n"
        "for path in sys.argv[1:]:\n"
        "    entries += manuscript.read(path).entries\n"
        "t1 = time.process_time()\n"
        "for _ in range(3):\n"
        "    references.parse_all(entries)\n"
        "rate = 3 * len(entries) / (time.process_time() - t1)\n"
        "print(f'{load:.3f} {len(entries)} {rate:.0f}')\n"
    )
    paths = [*sorted(glob.glob(str(ROOT.parent / "shared" / "corpus" / "manuscripts" / "*.md"))),
             str(ROOT / "references" / "manuscript.md")]
    result = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    load, count, rate = result.stdout.split()
    from litcurate.refs.crf import model_path

    size = model_path().stat().st_size
    out(f"model load {float(load):.3f} s (import included); model file {size / 1e6:.2f} MB; "
        f"{count} entries parsed at {rate} references/s (CPU time, one core)")


SECTIONS = {"parser": parser, "startup": startup, "scale": scale, "crossref": crossref,
            "peers": peers, "batch": batch}

if __name__ == "__main__":
    if sys.argv[1:2] == ["stages"]:
        stages(sys.argv[2])
    else:
        for name in sys.argv[1:] or list(SECTIONS):
            SECTIONS[name]()
