"""One build of a book at a time: a lock file in its ``_build/``, and a one-line message while waiting.

Two builds of one book at once (``briefing build`` and ``briefing serve``, two terminals, two ``make``\\ s) would
share ``_build/.staging`` and the doctrees: the second ended in Sphinx's crash report.  Whoever comes second
now says so in one line and waits.  ``briefing build`` and ``make`` (``python -m briefing.lock``) hold the lock
around the whole staged build and tell the Sphinx runs inside (``BRIEFING_LOCKED``); any other Sphinx run of a
book (``briefing serve``'s rebuilds, a bare ``sphinx-build``) takes it itself, from ``config-inited`` to the end
of the process.

    python -m briefing.lock _build -- make --no-print-directory build-html
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

HELD = "BRIEFING_LOCKED"  # set for the processes a lock holder starts: they must not wait for their parent
NAME = ".lock"
_held: list[IO[str]] = []  # the extension's lock, kept open until the process ends


def acquire(build_dir: Path, say: Any = None) -> IO[str]:
    """The lock of the book whose build folder is ``build_dir``, waited for with one line if another holds it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    handle = open(build_dir / NAME, "a+", encoding="utf-8")  # noqa: SIM115 (held until released)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        (say or (lambda line: print(line, file=sys.stderr, flush=True)))(
            f"briefing: another build of this book is running ({holder}); waiting for it to finish…")
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}: {' '.join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv))[:120]}\n")
    handle.flush()
    return handle


@contextmanager
def locked(build_dir: Path) -> Iterator[dict[str, str]]:
    """Hold the lock; yields the environment for the processes started under it."""
    if os.environ.get(HELD):
        yield dict(os.environ)
        return
    handle = acquire(build_dir)
    try:
        yield {**os.environ, HELD: str(os.getpid())}
    finally:
        handle.close()


def on_config_inited(app: Any, config: Any) -> None:
    """A Sphinx run not started under the lock takes it (``briefing serve``, a bare ``sphinx-build``)."""
    if os.environ.get(HELD) or _held:
        return
    build_dir = Path(app.confdir) / "_build"
    _held.append(acquire(build_dir, say=lambda line: print(line, file=sys.stderr, flush=True)))


def setup(app: Any) -> None:
    app.connect("config-inited", on_config_inited, priority=1)


def main(argv: list[str]) -> int:
    """``python -m briefing.lock BUILD_DIR -- COMMAND …``: run COMMAND holding the book's lock (the Makefile's builds)."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m briefing.lock BUILD_DIR -- COMMAND …", file=sys.stderr)
        return 2
    with locked(Path(argv[0])) as env:
        try:
            return subprocess.run(argv[2:], env=env).returncode
        except KeyboardInterrupt:
            return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
