"""The set-up `briefing new` gives a new book (briefing/starter/): real files, the ones this book uses.

The starter files are package data, so they must be regular files (a link would dangle in an sdist or a wheel
built from one). This book uses the same files: the Makefile's recipes are one file (this book's Makefile includes
it); package.json, its lockfile, puppeteer-config.json and tools/setup_system.py are links to the starter's; only
.gitignore and .readthedocs.yaml are copies (git ignores a linked .gitignore; Read the Docs reads its file from
the checkout and may refuse a link), checked byte for byte here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
STARTER = ROOT / "briefing" / "starter"
LINKED = ["package.json", "package-lock.json", "puppeteer-config.json", "tools/setup_system.py"]
COPIED = {"gitignore": ".gitignore", "readthedocs.yaml": ".readthedocs.yaml"}
BOOK_TARGETS = ["all", "setup", "setup-latex", "system", "browser", "html", "pdf", "latexpdf", "epub", "livehtml", "linkcheck", "anchors", "clean",
                "help"]


def starter_files() -> list[str]:
    return sorted(str(p.relative_to(STARTER)) for p in STARTER.rglob("*")
                  if not p.is_dir() and "__pycache__" not in p.parts)  # bytecode a run leaves is never packaged


def targets(makefile: Path) -> list[str]:
    return re.findall(r"(?m)^([a-z-]+):.*## ", makefile.read_text(encoding="utf-8"))


def pins(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"[A-Za-z]", line)]


def test_starter_files_are_real_files():
    assert starter_files() == sorted([*LINKED, *COPIED, "Makefile", "requirements.txt"])
    for name in starter_files():
        assert not (STARTER / name).is_symlink(), f"{name} is a link: it would dangle in an sdist"


def test_shared_files_are_ours():
    for name in LINKED:
        assert (ROOT / name).is_symlink() and (ROOT / name).resolve() == (STARTER / name).resolve(), f"{name}: not the starter's"
    for name, ours in COPIED.items():
        assert (STARTER / name).read_bytes() == (ROOT / ours).read_bytes(), f"briefing/starter/{name} differs from {ours}"


def test_the_book_recipes_are_written_once():
    ours = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"(?m)^include briefing/starter/Makefile$", ours)
    assert targets(STARTER / "Makefile") == BOOK_TARGETS, "a new book's Makefile offers what a book needs, no more"
    assert targets(ROOT / "Makefile") == ["test-fresh", "bench-fresh", "test", "test-unit", "check", "bench", "bench-pdf", "audit"], "ours adds its tests"
    for word in ("tests/", "tools/test_fresh", "tools/bench", "tools/audit", "pytest"):
        assert word not in (STARTER / "Makefile").read_text(encoding="utf-8"), f"the starter Makefile needs {word}"


def test_a_new_book_gets_our_build_pins_without_the_test_tools():
    book, ours = pins(STARTER / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert book == ours[:len(book)], "the same pins, in the same order, as this book's build"
    assert {re.split(r"[=<>]", pin)[0].lower() for pin in ours[len(book):]} == {
        "pytest", "pytest-xdist", "execnet", "beautifulsoup4", "pypdf", "pdfua", "check-jsonschema", "setuptools"}, "only test tools are ours alone"
    assert any(pin.startswith("playwright==") for pin in book), "make's set-up installs a headless shell with it"
    assert not any(line.startswith("-e") for line in (STARTER / "requirements.txt").read_text(encoding="utf-8").splitlines())


def test_an_sdist_carries_the_starter_as_real_files(tmp_path):
    """The release: an sdist from this tree (a wheel is built from it) holds each starter file as a regular file."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    shutil.copytree(ROOT / "briefing", tree / "briefing", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    build = "import sys; from setuptools import build_meta as b; print(b.build_sdist(sys.argv[1]))"
    sdist = subprocess.run([sys.executable, "-c", build, str(tmp_path)], cwd=tree, capture_output=True, text=True,
                           check=True, timeout=120).stdout.split()[-1]
    with tarfile.open(tmp_path / sdist) as archive:
        members = {m.name.split("/briefing/starter/", 1)[1]: m for m in archive.getmembers() if "/briefing/starter/" in m.name}
        files = {name: m for name, m in members.items() if not m.isdir()}
        assert sorted(files) == starter_files()
        for name, member in files.items():
            assert member.isfile(), f"{name} is not a regular file in the sdist"
            assert archive.extractfile(member).read() == (STARTER / name).read_bytes(), name
