"""The unit tier's test roots and what every test checks of a build's output."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOTS = Path(__file__).resolve().parent.parent / "roots"
CRASH = ("Traceback", "Extension error", "please open an issue", "Exception occurred")


def lay_out(srcdir: Path, testroot: str, files: dict[str, str | bytes | None]) -> None:
    """The base book, then the root's own files, then the test's ``files``, in ``srcdir``.

    ``testroot`` may lay several roots in order, ``"actors+diagrams"``: a feature that builds on another's.
    """
    shutil.copytree(ROOTS / "base", srcdir)
    for name in testroot.split("+"):
        if name != "base":
            shutil.copytree(ROOTS / f"test-{name}", srcdir, dirs_exist_ok=True)
    for name, content in files.items():
        path = srcdir / name
        if content is None:
            path.unlink()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    cache = srcdir / "_build" / ".diagram-cache"
    cache.mkdir(parents=True, exist_ok=True)  # a test may have put files there
    (cache / "no-diagrams").touch()  # no diagrams in these books: no browser started early


def warnings_of(app) -> str:
    """What the build reported, colour codes removed."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app._warning.getvalue())


def assert_no_crash(text: str) -> None:
    for sign in CRASH:
        assert sign not in text, f"{sign!r} in the build's output:\n{text}"
