"""The one exception for bad input; everything else wrong in a reference is a Finding."""

from __future__ import annotations


class InputError(Exception):
    """Input the pipeline cannot work from, located by file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class ManuscriptError(InputError):
    """The manuscript itself is unreadable or has no reference list."""


class OverridesError(InputError):
    """references/overrides.yaml is malformed."""
