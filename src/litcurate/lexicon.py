"""The editor-extensible lexicons in data/*.yaml, loaded and compiled once per process.

Cues are regular expressions. Each is wrapped in letter/digit boundaries, so a Latin cue
matches whole words while a CJK cue still matches inside running Chinese text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from .text import has_cjk as is_cjk  # noqa: F401  (one definition: text.py)
from .text import name_words as fold_name  # noqa: F401

# A word boundary only where the match itself has a Latin letter or digit at that edge:
# "提示" matches in "则提示cBAF", "trial" never in "trials".
BEFORE = r"(?:(?<![A-Za-z0-9])|(?![A-Za-z0-9]))"
AFTER = r"(?:(?![A-Za-z0-9])|(?<![A-Za-z0-9]))"


def compile_cue(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    return re.compile(f"{BEFORE}(?:{pattern}){AFTER}", flags)


def compile_cues(patterns, flags: int = re.IGNORECASE) -> tuple[re.Pattern, ...]:
    return tuple(compile_cue(p, flags) for p in patterns)


def compile_any(patterns, flags: int = re.IGNORECASE) -> re.Pattern:
    """One pattern for a whole cue list: one scan of the text instead of one per cue."""
    alternatives = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(f"{BEFORE}(?:{alternatives}){AFTER}", flags)


@cache
def load(name: str) -> dict:
    text = (resources.files("litcurate") / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


