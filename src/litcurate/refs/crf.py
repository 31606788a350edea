"""The trained labeller: a linear-chain CRF (CRFsuite) over the tokens of one entry.

The model is loaded once per process. `label` returns each token's label and the model's
confidence in the whole labelling: the probability of the chosen sequence would punish long
entries for their length, so confidence is the lowest mean marginal over the fields that
matter (authors, date, title, container), which drops when the model hesitates between
two readings of any one of them (title or container, for plain text before an italic
container, is one reading: the italics decide it).
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

MODEL_NAME = "refparser.crfsuite"
KEY_FIELDS = ("author", "date", "title", "container")
# Labels only a token of that shape can carry (the tokenizer keeps URLs and DOIs whole): a
# word the model calls `url` (the "Stroke" of `(2009) Stroke. Available: http://…`) takes
# its most probable other label instead.
SHAPED = {"url": ("k=url",), "doi": ("k=doi", "k=url")}


def model_path() -> Path:
    """The bundled model, or LITCURATE_REFMODEL (a model being tried, e.g. by `make eval`)."""
    other = os.environ.get("LITCURATE_REFMODEL")
    return Path(other) if other else Path(str(resources.files("litcurate") / "data" / MODEL_NAME))


@cache
def tagger():
    import pycrfsuite

    path = model_path()
    if not path.exists():
        raise FileNotFoundError(f"{path}: the reference model is missing; run `make model`")
    handle = pycrfsuite.Tagger()
    handle.open(str(path))
    return handle


def label(features: list[list[str]]) -> tuple[list[str], float]:
    if not features:
        return [], 0.0
    handle = tagger()
    handle.set(features)
    labels = _shaped(handle, features, handle.tag())
    return labels, confidence(handle, features, labels)


def confidence(handle, features: list[list[str]], labels: list[str]) -> float:
    """The lowest mean marginal over the key fields. A plain-text title before an italic
    container read as the container's head gives the same fields (`fields._italic_container`
    gives it back to the title), so the model's hesitation between the two is no doubt
    about the reading: those tokens count title or container."""
    last_italic = max((t for t, lab in enumerate(labels)
                       if lab == "container" and "ital" in features[t]), default=-1)
    by_field: dict[str, list[float]] = {}
    for t, lab in enumerate(labels):
        if lab in KEY_FIELDS:
            p = handle.marginal(lab, t)
            if lab == "title" and t < last_italic and "ital" not in features[t]:
                p += handle.marginal("container", t)
            by_field.setdefault(lab, []).append(p)
    if not by_field:
        return 0.0
    return min(sum(v) / len(v) for v in by_field.values())


def _shaped(handle, features: list[list[str]], labels: list[str]) -> list[str]:
    """`url` and `doi` only on tokens of their shape; elsewhere the likeliest other label."""
    others = None
    for t, lab in enumerate(labels):
        kinds = SHAPED.get(lab)
        if kinds is None or any(k in features[t] for k in kinds):
            continue
        if others is None:
            others = [name for name in handle.labels() if name not in SHAPED]
        labels[t] = max(others, key=lambda name: handle.marginal(name, t))
    return labels
