"""I/O at the edges: atomic writes so that no reader ever sees half a file."""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write `text` (UTF-8, LF) next to `path`, then rename over it."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_MODE = 0o666 & ~_umask()


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write to a temporary file of this writer's own, then rename it over `path`.

    Several writers may write one path at once (threads of the Crossref client, two jobs):
    each has a unique temporary name carrying its process id, and a writer removes only the
    temporary files of processes that no longer run (killed mid-write), never another live
    writer's file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _MODE)
        _hold_for_test(target)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale(target: Path) -> None:
    """Temporary files of `target` left by writers that were killed mid-write."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = stale.name[len(target.name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or not _running(int(pid)):
            stale.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed writer whose parent was killed too may stay a zombie (in a container whose
    first process reaps nobody): signal 0 still reaches it, but it writes nothing more."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # no /proc (not Linux): signal 0 is all there is to go on
    return stat[stat.rfind(")") + 2:][:1] == "Z"


HOLD_ENV = "LITCURATE_TEST_HOLD_WRITE"


def _hold_for_test(target: Path) -> None:
    """For the interruption test only: with LITCURATE_TEST_HOLD_WRITE=<path ending>, wait
    here, the temporary file whole and the target not yet replaced, so that a SIGKILL lands
    in the middle of that write (a write takes a millisecond: a timed kill never does)."""
    ending = os.environ.get(HOLD_ENV)
    if ending and target.as_posix().endswith(ending):
        import time

        time.sleep(60)


def dump_json(path: str | os.PathLike, data: Any) -> None:
    """Deterministic JSON: same data, same bytes."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_text_atomic(path, text)


def load_json(path: str | os.PathLike) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
