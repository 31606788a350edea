"""config/config.yaml, checked before Snakemake uses it.

Snakemake's own checks print a schema dump pointing at the workflow's code; an editor needs
one line naming the config file, the key and its line. Everything here runs while the
Snakefile is read, so it imports little and never touches the network.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import InputError

CONFIG = "config/config.yaml"
# What `--config refresh=...` may say: Snakemake passes `true` on as the string "true".
TRUE_WORDS = {"true", "yes", "on", "1"}
FALSE_WORDS = {"false", "no", "off", "0"}


class ConfigError(InputError):
    """A mistake in config/config.yaml (or in a --config value)."""


def as_bool(value) -> bool:
    """`refresh=true`, `refresh=True`, `refresh=1` all mean yes; anything unknown is an error."""
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{value!r} is neither true nor false")


def dry_run(argv: list[str]) -> bool:
    """Whether this snakemake only shows what it would do (-n, -np, --dry-run)."""
    for arg in argv:
        if arg in ("--dry-run", "--dryrun", "--just-print"):
            return True
        if arg.startswith("-") and not arg.startswith("--") and arg[1:].isalpha() and "n" in arg:
            return True
    return False


def request_refresh(marker: str | Path, refresh: bool, writes: bool = True) -> None:
    """Keep the refresh marker: a file resolve_crossref reads, renewed only for a refresh.

    A refresh must rerun resolve_crossref once, and a later plain run must not rerun it
    again: so the request is not a rule parameter (Snakemake would see the parameter change
    back and rerun), but a newer marker file, an ordinary input. Without a refresh the
    marker is only created, dated 1970, so that it never makes anything look outdated.
    """
    path = Path(marker)
    if refresh and writes:
        from datetime import UTC, datetime

        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        path.write_text(f"refresh requested {stamp}\n", encoding="utf-8")
    elif not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("no refresh requested yet\n", encoding="utf-8")
        os.utime(path, (0, 0))


def fail(error: InputError) -> None:
    """Stop while the Snakefile is read: one line, the last one printed, exit code 1."""
    print(f"litcurate: error: {error.one_line()}", file=sys.stderr)
    sys.exit(1)
