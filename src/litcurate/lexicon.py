"""The editor-extensible lexicons in data/*.yaml, loaded and compiled once per process.

Cues are regular expressions. Each is wrapped in letter/digit boundaries, so a Latin cue
matches whole words while a CJK cue still matches inside running Chinese text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

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


def fold_name(text: str) -> str:
    """Fold case, hyphens and spaces, so 'CD7-CAR T' and 'cd7 car t' compare equal."""
    return " ".join(re.findall(r"[0-9a-zα-ω/+]+", text.lower()))


def is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
