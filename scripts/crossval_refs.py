"""Cross-validate the reference model on the corpus's development articles (`make crossval`).

The bundled model is trained on every development article, so `make eval` on them measures
memory, not skill. Here the development articles are cut into two folds; for each, a model
is trained without that fold's articles (neither their printed entries nor their metadata
rendered in other styles) and measured on them. The test articles are not touched.

    .venv/bin/python scripts/crossval_refs.py results/model/rendered.jsonl \
        results/model/aligned.jsonl
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from litcurate.refs.examples import read_jsonl
from litcurate.refs.training import train

ROOT = Path(__file__).resolve().parents[1]


def article_of(source: str) -> str:
    """`corpus:plos-pmed-2013#4` / `gold:plos-pmed-2013#4` → the article id, else ''."""
    kind, _, rest = source.partition(":")
    return rest.split("#")[0] if kind in ("corpus", "gold") else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--rendered-cap", type=int, default=15000,
                        help="rendered examples per fold model (speed)")
    parser.add_argument("--json", type=Path, help="write each fold's figures to JSON-k.json")
    args = parser.parse_args(argv)
    dev = yaml.safe_load((ROOT / "eval" / "corpus-split.yaml").read_text())["dev"]
    examples = [e for path in args.examples for e in read_jsonl(path)]
    folds = [dev[i::args.folds] for i in range(args.folds)]
    for k, held in enumerate(folds):
        kept = [e for e in examples if article_of(e.source) not in held]
        printed = [e for e in kept if e.source.startswith("corpus:")]
        rendered = [e for e in kept if not e.source.startswith("corpus:")]
        random.Random(k).shuffle(rendered)
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp) / "fold.crfsuite"
            report = train(printed + rendered[: args.rendered_cap], model)
            print(f"fold {k + 1}: held out {', '.join(held)}; trained on "
                  f"{report['examples']} examples in {report['seconds']} s", flush=True)
            env = {**os.environ, "LITCURATE_REFMODEL": str(model)}
            command = [sys.executable, str(ROOT / "scripts" / "eval_refs.py"), "--ids",
                       ",".join(held), "--examples", "3"]
            if args.json:
                command += ["--json", f"{args.json}-{k + 1}.json"]
            subprocess.run(command, env=env, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
