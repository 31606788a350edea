"""Build the reference model from labelled examples, deterministically.

`make model` renders real metadata in many CSL styles (`render`), aligns the printed
entries of the corpus's development articles with their gold (`align`), and trains the
CRF on both here. The same inputs give the same model file: examples are read in a fixed
order and CRFsuite's L-BFGS has no randomness.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from .crf import model_path
from .examples import Example, read_jsonl
from .features import sequence_features
from .tokens import strip_markup, token_labels, tokenize

PARAMS = {
    "c1": 0.05,  # L1: drops features that never help, keeping the model small
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def sequences(example: Example) -> tuple[list[list[str]], list[str]]:
    plain = strip_markup(example.text)
    tokens = tokenize(plain)
    return sequence_features(tokens), token_labels(tokens, plain, example.spans)


def train(examples: list[Example], out: Path, params: dict | None = None) -> dict:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params({**PARAMS, **(params or {})})
    counts: Counter = Counter()
    for example in examples:
        xseq, yseq = sequences(example)
        if xseq:
            trainer.append(xseq, yseq)
            counts[example.type] += 1
    started = time.monotonic()
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return {"examples": sum(counts.values()), "by_type": dict(counts),
            "seconds": round(time.monotonic() - started, 1), "bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the reference-string CRF.")
    parser.add_argument("examples", nargs="+", type=Path, help="JSONL files of examples")
    parser.add_argument("--out", type=Path, default=model_path())
    args = parser.parse_args(argv)
    examples: list[Example] = []
    for path in args.examples:
        examples.extend(read_jsonl(path))
    report = train(examples, args.out)
    print(f"trained on {report['examples']} examples {report['by_type']} in "
          f"{report['seconds']} s; {args.out} {report['bytes']:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
