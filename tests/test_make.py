"""`make` itself, on a copy of the project: a clean build needs no network, gives the same bytes as
the session's build (HTML, PDF, EPUB), and a failing build leaves the last good book untouched, byte for byte."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import DIAGRAM_CACHE, ROOT, copy_project

pytestmark = pytest.mark.release  # `make check`: a full `make` each, in copies

PROJECT_FILES = ["Makefile", ".readthedocs.yaml", "requirements.txt", "pyproject.toml", "package.json", "package-lock.json"]


def make(project: Path, *args: str, offline: bool = False) -> subprocess.CompletedProcess[str]:
    command = " ".join(["make", "--no-print-directory", *args])
    if offline:  # a network namespace of its own, with no interface up, not even loopback
        command = f"unshare -n {command}"
    return subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=900)


def fingerprint(project: Path) -> dict[str, str]:
    """Every file of the published book (HTML tree, PDF, EPUB) -> its SHA-256."""
    build = project / "_build"
    files = [p for p in (build / "html").rglob("*") if p.is_file()] + [build / "typst/briefing.pdf", build / "epub/briefing.epub"]
    return {str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A copy of the whole project, built by a clean `make all epub` with the network cut off."""
    project = copy_project(tmp_path_factory.mktemp("made"))
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, project / name)  # copy2 keeps mtimes: the set-up stamps stay newer
    shutil.copytree(ROOT / "tools", project / "tools", ignore=shutil.ignore_patterns("__pycache__"))  # make's set-up
    (project / ".venv").symlink_to(ROOT / ".venv")
    run = make(project, "all", "epub", offline=True)
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    assert not re.search(r"Installing|npm ci|-m venv", run.stdout), "make redid set-up work"
    return project


def test_clean_make_runs_without_network(made):
    assert (made / "_build/html/index.html").is_file() and (made / "_build/html/briefing.pdf").is_file()
    assert (made / "_build/typst/briefing.pdf").read_bytes() == (made / "_build/html/briefing.pdf").read_bytes(), "the HTML links the tagged PDF"
    assert not (made / "_build/latex").exists(), "`make` runs no TeX"
    launches = (made / DIAGRAM_CACHE / "launches.log").read_text().splitlines()
    assert len(launches) == 1, f"the PDF's build renders every diagram and its text-label variant in one launch: {launches}"
    assert not (made / "_build/.staging").exists() and not list((made / "_build").glob(".old-*"))
    assert not (made / "_build/html/.doctrees").exists(), "caches do not belong in the published tree"


def test_two_clean_builds_are_byte_identical(made, book, typst_pdf, epub):
    """The session's build (conftest, elsewhere on disk) and `make`'s: the same bytes, file for file."""
    ours, theirs = fingerprint(made), fingerprint(book.root)
    differ = sorted(f for f in ours.keys() | theirs.keys() if ours.get(f) != theirs.get(f))
    assert not differ, f"{len(differ)} files differ: {differ[:10]}"
    assert len(ours) > 50


def test_failed_builds_leave_the_last_good_book_untouched(made):
    good = fingerprint(made)
    page = made / "docs/sections/reasons-for-distrust.md"
    page.write_text(page.read_text(encoding="utf-8").replace("33 employees", "34 employees"), encoding="utf-8")
    for target in ("all", "html", "pdf", "latexpdf", "epub"):  # with --keep-going Sphinx writes every page before it fails
        run = make(made, target)
        output = run.stdout + run.stderr
        assert run.returncode != 0, target
        assert re.search(r"docs/sections/reasons-for-distrust\.md:\d+: WARNING: op-ed ¶3 differs from the source", output), output[-3000:]
        assert "the last good book in _build/ is untouched" in output
        assert fingerprint(made) == good, f"make {target} changed the last good book"
    page.write_text(page.read_text(encoding="utf-8").replace("34 employees", "33 employees"), encoding="utf-8")

    conf = made / "conf.py"  # Sphinx is happy, xelatex is not
    original = conf.read_text(encoding="utf-8")
    conf.write_text(original + '\nlatex_elements = {"preamble": r"\\UndefinedMacroThatBreaksTeX"}\n', encoding="utf-8")
    run = make(made, "latexpdf")  # the LaTeX PDF, an option beside `make`'s tagged one
    conf.write_text(original, encoding="utf-8")  # the next test starts from a good book
    assert run.returncode != 0 and "! Undefined control sequence." in run.stdout, run.stdout[-3000:]
    assert fingerprint(made) == good, "a failed LaTeX run changed the last good book"


def test_a_changed_data_file_reaches_every_output(made):
    """The PDF is built before the HTML: each builder keeps its own doctrees, so no page that depends on
    a data file (a glossary, the claims table) is left stale in one of them."""
    data = made / "docs/_data/actors.yaml"
    original = data.read_text(encoding="utf-8")
    data.write_text(original.replace("Where the “meeting of", "The place where the “meeting of", 1), encoding="utf-8")
    try:
        run = make(made, "all", "epub")
        assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
        assert "The place where the" in (made / "_build/html/glossary/places-terms.html").read_text(encoding="utf-8")
        text = subprocess.run(["pdftotext", str(made / "_build/typst/briefing.pdf"), "-"], capture_output=True, text=True).stdout
        assert "The place where the" in text
        with zipfile.ZipFile(made / "_build/epub/briefing.epub") as epub:
            assert "The place where the" in epub.read("glossary/places-terms.xhtml").decode("utf-8")
    finally:
        data.write_text(original, encoding="utf-8")
        assert make(made, "all", "epub").returncode == 0
