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


TYPE_WORDS = {"integer": "a whole number", "number": "a number", "string": "a text",
              "boolean": "true or false", "object": "a mapping (key: value lines)",
              "array": "a list"}


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


def check_syntax(path: str | Path = CONFIG) -> None:
    """A YAML mistake as one line with its line number (Snakemake's own message has none)."""
    import yaml

    try:
        yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except FileNotFoundError:
        raise ConfigError(str(path), None, "no such file; copy it from the repository") from None
    except UnicodeDecodeError as exc:
        line = Path(path).read_bytes().count(b"\n", 0, exc.start) + 1
        raise ConfigError(str(path), line, "not valid UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(str(path), mark.line + 1 if mark else None,
                          f"not valid YAML: {problem}") from None


def check(config: dict, schema_path: str | Path, path: str | Path = CONFIG) -> None:
    """The config as Snakemake merged it (file and --config), against the schema, then the
    files it names: the first mistake as one ConfigError naming the key and its line."""
    import yaml
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(config))
    # a misspelt key also makes a required one missing: name the misspelling
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    error = best_match(unknown or errors)
    if error is not None:
        keys, message = _explain(error)
        raise ConfigError(str(path), _line(node, keys), f"{_dotted(keys)}: {message}")
    for keys, named in _named_files(config):
        if not Path(named).is_file():
            raise ConfigError(str(path), _line(node, keys),
                              f"{_dotted(keys)}: {named} does not exist (a typo in the path?)")


def _explain(error) -> tuple[list, str]:
    """Where the mistake is (keys from the top) and what it is, in a few words."""
    from jsonschema.exceptions import best_match

    while error.validator in ("oneOf", "anyOf") and error.context:
        chosen = [e for e in error.context if e.validator != "type"] or error.context
        error = best_match(chosen)
    keys = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(map(str, error.instance)) - set(allowed))
        if extra:
            return [*keys, extra[0]], f"unknown key (allowed: {', '.join(allowed)})"
    if error.validator == "required":
        return keys, error.message.replace("'", "", 2)
    if error.validator == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        return keys, (f"{_short(error.instance)} is not "
                      + " or ".join(TYPE_WORDS.get(w, w) for w in wanted))
    if "propertyNames" in error.schema_path:
        return [*keys, error.instance], "an id holds only letters, digits, '_', '.' and '-'"
    if error.validator == "pattern":
        form = error.schema.get("description", error.validator_value)
        return keys, f"{_short(error.instance)} is not {form}"
    return keys, error.message.replace("\n", " ")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(keys: list) -> str:
    return ".".join(map(str, keys)) or "(top level)"


def _line(node, keys: list) -> int | None:
    """The line of the deepest of `keys` that the file has (a --config value has none)."""
    import yaml

    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        match = next(((k, v) for k, v in node.value if k.value == str(key)), None)
        if match is None:
            break
        line, node = match[0].start_mark.line + 1, match[1]
    return line


def _named_files(config: dict):
    """(keys, path) of every file the config names: manuscripts and their overrides."""
    for name, entry in sorted(config.get("manuscripts", {}).items()):
        if isinstance(entry, str):
            yield ["manuscripts", name], entry
            continue
        yield ["manuscripts", name, "manuscript"], entry["manuscript"]
        if entry.get("overrides"):
            yield ["manuscripts", name, "overrides"], entry["overrides"]


def fail(error: InputError) -> None:
    """Stop while the Snakefile is read: one line, the last one printed, exit code 1."""
    print(f"litcurate: error: {error.one_line()}", file=sys.stderr)
    sys.exit(1)
