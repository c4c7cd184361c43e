"""``briefing build``, ``serve``, ``check`` and ``anchors``: a book's builds, run by the kit installed once.

A book is a folder with ``conf.py`` and ``docs/`` (``briefing new`` makes one).  Every build is strict
(``-n -W --keep-going``), runs in ``_build/.staging`` (a copy of the last good book, so only what changed is
redone) and replaces ``_build/html``, ``_build/typst`` (the PDF), ``_build/latex`` and ``_build/epub`` only when it
succeeds: a failed build ends with one line saying the last good book is untouched.  One build of a book at a time
(:mod:`briefing.lock`).  The PDF is the tagged one Typst typesets in-process (no TeX); ``latexpdf``, named, also
makes the LaTeX PDF (xelatex, untagged), as ``make latexpdf`` does.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from . import lock

STRICT = ["-n", "-W", "--keep-going"]
FORMATS = ("html", "pdf", "epub")  # what `briefing build` builds
OPTIONAL = ("latexpdf",)  # only when named
OUTPUTS = ("html", "typst", "latex", "epub", "doctrees", "doctrees-html", "doctrees-typst", "doctrees-epub")


class NotABook(Exception):
    """One line: the folder is not a book."""


def book_root(folder: Path) -> Path:
    folder = folder.resolve()
    if not (folder / "conf.py").is_file() or not (folder / "docs").is_dir():
        raise NotABook(f"{folder}: not a briefing book (no conf.py and docs/ here); start one with `briefing new`")
    return folder


def pdf_name(root: Path) -> str:
    found = re.search(r"""(?m)^briefing_pdf\s*=\s*["']([^"']+)["']""", (root / "conf.py").read_text(encoding="utf-8"))
    return found.group(1) if found else "briefing.pdf"


def sphinx(root: Path, env: dict[str, str], *args: str, quiet: bool = False) -> int:
    """A strict Sphinx run; ``quiet``: its output (TeX's banners, latexmk's chatter) shown only if it fails."""
    command = [sys.executable, "-m", "sphinx", *args, "-q", *STRICT, "-c", str(root)]  # -M must come first
    run = subprocess.run(command, cwd=root, env={**env, "PYTHONDONTWRITEBYTECODE": "1"}, text=True,
                         **({"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT} if quiet else {}))
    if quiet and run.returncode:
        print(run.stdout, end="", file=sys.stderr)
    return run.returncode


def stage(build: Path) -> Path:
    staging = build / ".staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for out in OUTPUTS:
        if (build / out).is_dir():
            shutil.copytree(build / out, staging / out, symlinks=True)
    return staging


def publish(build: Path, staging: Path) -> None:
    """Each staged output swapped in with two renames: the old one is gone only once the new one is complete."""
    for out in OUTPUTS:
        if not (staging / out).is_dir():
            continue
        old = build / f".old-{out}"
        shutil.rmtree(old, ignore_errors=True)
        if (build / out).exists():
            (build / out).rename(old)
        (staging / out).rename(build / out)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def tex_error(log: Path) -> str:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for i, line in enumerate(lines):
        if line.startswith("! "):
            return " ".join(part.strip() for part in lines[i:i + 3])
    return ""


def build(root: Path, formats: list[str]) -> int:
    build_dir = root / "_build"
    pdf = pdf_name(root)
    if "latexpdf" in formats and not (shutil.which("xelatex") and shutil.which("latexmk")):
        print("briefing build: the LaTeX PDF needs xelatex and latexmk, not found on PATH: `briefing doctor` says how to "
              "install them (the PDF needs neither: briefing build pdf)", file=sys.stderr)
        return 2
    with lock.locked(build_dir) as env:
        staging = stage(build_dir)
        docs = str(root / "docs")
        for fmt in [f for f in ("pdf", "latexpdf", "html", "epub") if f in formats]:  # the PDF first: the HTML links to it
            if fmt == "pdf":
                status = sphinx(root, env, "-b", "typstpdf", "-d", str(staging / "doctrees-typst"), docs, str(staging / "typst"))
            elif fmt == "latexpdf":
                env_pdf = {**env, "LATEXMKOPTS": "-silent", "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"}
                status = sphinx(root, env_pdf, "-M", "latexpdf", docs, str(staging), quiet=True)
                error = tex_error(staging / "latex" / (Path(pdf).stem + ".log")) if status else ""
                if error:  # TeX's own message, not only "see the log"
                    print(error, file=sys.stderr)
            elif fmt == "html":
                status = sphinx(root, env, "-b", "html", "-d", str(staging / "doctrees-html"), docs, str(staging / "html"))
                if not status and (staging / "typst" / pdf).is_file():
                    shutil.copy2(staging / "typst" / pdf, staging / "html" / pdf)
            else:
                status = sphinx(root, env, "-b", "epub", "-d", str(staging / "doctrees-epub"), docs, str(staging / "epub"))
            if status:
                print(f"briefing build: the {fmt.upper()} build failed (see above); the last good book in "
                      f"{build_dir} is untouched", file=sys.stderr)
                return 1
        publish(build_dir, staging)
    for fmt, path in (("HTML", build_dir / "html" / "index.html"), ("PDF", build_dir / "typst" / pdf),
                      ("LaTeXPDF", build_dir / "latex" / pdf), ("EPUB", build_dir / "epub" / (Path(pdf).stem + ".epub"))):
        if fmt.lower() in formats:
            print(f"{fmt + ':':<5} {path.relative_to(root)}")
    return 0


def check(root: Path) -> int:
    """The book's checks without writing any output: fidelity, evidence, anchors, references (a strict dummy build)."""
    build_dir = root / "_build"
    with lock.locked(build_dir) as env:
        status = sphinx(root, env, "-b", "dummy", "-d", str(build_dir / "doctrees-check"), str(root / "docs"),
                        str(build_dir / "check"))
    print("briefing check: the book's checks passed" if not status else
          "briefing check: the book has problems (each above, with its file and line)", file=sys.stderr if status else sys.stdout)
    return 1 if status else 0


def anchors(root: Path) -> int:
    """Publish the book's anchors: rewrite docs/anchors.txt from the book (review the change before deploying)."""
    build_dir = root / "_build"
    with lock.locked(build_dir) as env:
        status = sphinx(root, env, "-b", "dummy", "-E", "-D", "anchors_update=1", "-d", str(build_dir / "doctrees-anchors"),
                        str(root / "docs"), str(build_dir / "dummy"))
    if status:
        print("briefing anchors: nothing published: the book has problems (above)", file=sys.stderr)
    return 1 if status else 0


def port_free(port: int) -> bool:
    with socket.socket() as probe:  # as sphinx-autobuild binds it (uvicorn sets SO_REUSEADDR too)
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def serve(root: Path, port: int) -> int:
    """Live preview: sphinx-autobuild rebuilds the HTML as the book changes (each rebuild takes the book's lock)."""
    autobuild = shutil.which("sphinx-autobuild") or str(Path(sys.executable).with_name("sphinx-autobuild"))
    if not Path(autobuild).exists():
        print("briefing serve: sphinx-autobuild is not installed: pip install sphinx-autobuild", file=sys.stderr)
        return 2
    if not port_free(port):  # sphinx-autobuild would build first, say "Serving on …", then fail to bind
        print(f"briefing serve: port {port} on 127.0.0.1 is in use (another server?): give another with --port",
              file=sys.stderr)
        return 2
    command = [autobuild, *STRICT, "-c", str(root), "--port", str(port), "--watch", str(root / "conf.py"),
               str(root / "docs"), str(root / "_build" / "livehtml")]
    try:
        return subprocess.run(command, cwd=root, env={k: v for k, v in os.environ.items() if k != lock.HELD}).returncode
    except KeyboardInterrupt:
        return 0
