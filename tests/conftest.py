"""Build the real book once per test session, into a temporary folder, as `make` does.

Every build runs the real sphinx-build (HTML) and the real LaTeX chain (xelatex via
latexmk) in a subprocess, with the Makefile's strictness (-n -W --keep-going).
Bad-input cases copy the book, change one thing, and build that copy.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pytest
import yaml
from playwright.sync_api import sync_playwright
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
from briefing import oped_source  # noqa: E402 (the package, installed editable by make)

sys.path.insert(0, str(ROOT / "tools"))
from book import BrowserNotFound, chromium, chromium_args, copy_project, pages, redirect_stub  # noqa: E402,F401 (re-exported to the tests)
from static_server import serve  # noqa: E402

# The unit tier (tests/unit) builds small books in-process with sphinx.testing; pytest loads plugins only here.
pytest_plugins = ["sphinx.testing.fixtures"]
STRICT = ["-n", "-W", "--keep-going"]
DIAGRAM_CACHE = Path("_build") / ".diagram-cache"
SPHINX_BUILD = str(ROOT / ".venv" / "bin" / "sphinx-build") if (ROOT / ".venv").exists() else "sphinx-build"
REQUIRED_TOOLS = ["xelatex", "latexmk", "makeindex", "pdftotext", "pdfinfo", str(ROOT / "node_modules/.bin/mmdc")]


@dataclass
class Build:
    root: Path          # the copied project: conf.py + docs/
    returncode: int
    output: str         # stdout + stderr of sphinx-build
    later: dict[str, str] = field(default_factory=dict)  # output of later builds of the same project

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line or "ERROR" in line]


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a copied project's file with ``new``; ``old`` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old[:40]}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sphinx(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    return subprocess.run([SPHINX_BUILD, *args, *STRICT, "-c", str(project)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)


def seed_diagrams(project: Path, seed: Path | None) -> None:
    """Give ``project`` the diagrams ``seed`` (another project) has rendered: only new or changed ones need the browser."""
    if seed is not None:
        shutil.copytree(seed / DIAGRAM_CACHE, project / DIAGRAM_CACHE, dirs_exist_ok=True)


def build_html(project: Path, seed: Path | None = None) -> Build:
    """Build ``project``'s HTML; ``seed``: another project whose rendered diagrams it may reuse."""
    out = project / "_build" / "html"
    seed_diagrams(project, seed)
    run = sphinx(project, "-b", "html", "-d", str(project / "_build" / "doctrees"), "docs", str(out))  # as make does
    return Build(project, run.returncode, run.stdout + run.stderr)


def build_warnings(project: Path, seed: Path | None = None) -> Build:
    """Read, check and resolve ``project`` as :func:`build_html` does, writing no output (Sphinx's ``dummy``
    builder): for a bad input whose message comes before writing (reading, consistency checks, reference
    resolution, diagrams) and whose test needs no HTML and does not count the warnings (the HTML writer may add its own)."""
    seed_diagrams(project, seed)
    run = sphinx(project, "-b", "dummy", "-d", str(project / "_build" / "doctrees-dummy"), "docs", str(project / "_build" / "dummy"))
    return Build(project, run.returncode, run.stdout + run.stderr)


# Module fixtures that cost a whole build or a browser sweep (list a new one here): under pytest-xdist (`make test`
# and `make check` run a worker per core) the tests sharing one stay on one worker (``--dist loadgroup``), so it
# is made once.
EXPENSIVE_MODULE_FIXTURES = ("visits", "made", "hostile")


def pytest_itemcollected(item) -> None:
    shared = next((name for name in EXPENSIVE_MODULE_FIXTURES if name in getattr(item, "fixturenames", ())), None)
    if shared:
        item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}.{shared}"))


@pytest.fixture(scope="session", autouse=True)
def xdist_groups_kept(request) -> None:
    """A pytest whose node ids lose xdist's groups (pytest 9.2, pytest-dev/pytest-xdist#1386) would make every
    expensive fixture once per worker without a word: fail instead.  How a group is seen is pytest-xdist 3.8's
    (pinned): it appends "@group" to a grouped test's id, and its scheduler reads it back the same way."""
    if getattr(request.config.option, "loadgroup", False):  # set on xdist's workers under --dist loadgroup
        lost = [item.nodeid for item in request.session.items
                if item.get_closest_marker("xdist_group") and item.nodeid.rfind("@") <= item.nodeid.rfind("]")]
        assert not lost, (f"pytest-xdist's groups are lost (pytest-dev/pytest-xdist#1386), e.g. {lost[0]}: "
                          "use requirements.txt's pytest and pytest-xdist")


@pytest.fixture(scope="session", autouse=True)
def tools(request) -> None:
    """Every tool the book needs must be here: a missing tool fails, never skips.  The unit tier alone needs none
    (`pip install -e '.[test]'` and `pytest tests/unit`, on a machine with no TeX and no browser)."""
    unit = ROOT / "tests" / "unit"
    if all(Path(str(item.fspath)).is_relative_to(unit) for item in request.session.items):
        return
    missing = [t for t in REQUIRED_TOOLS if shutil.which(t) is None]
    assert not missing, f"missing tools (run `make`): {missing}"
    try:
        chromium()
    except BrowserNotFound as err:
        pytest.fail(f"no browser (run `make`): {err}")


def once(request, tmp_path_factory, name: str, build: Callable[[Path], tuple[int, str]]) -> tuple[Path, int, str]:
    """``build(folder)`` -> (returncode, output), run once per test run: under pytest-xdist the first worker to
    get here builds into the run's shared folder while the others wait, then all read the same files and the
    same outcome (a build that raises is a failed one, for every worker)."""
    shared = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # an xdist worker
        shared = shared.parent  # the run's folder, above each worker's own
    record = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not record.exists():
            try:
                if (shared / name).exists():  # a worker stopped while building: say so, not "file exists"
                    raise RuntimeError(f"an earlier test worker stopped while building {shared / name}")
                outcome = build(shared / name)
            except Exception:  # noqa: BLE001 (a timeout, a copy that fails: reported, not retried by the next worker)
                outcome = (-1, traceback.format_exc())
            (shared / f"{name}.json.part").write_text(json.dumps(outcome), encoding="utf-8")
            (shared / f"{name}.json.part").replace(record)
    returncode, output = json.loads(record.read_text(encoding="utf-8"))
    return shared / name, returncode, output


@pytest.fixture(scope="session")
def book(request, tmp_path_factory) -> Build:
    def build(folder: Path) -> tuple[int, str]:
        built = build_html(copy_project(folder))
        return built.returncode, built.output

    root, returncode, output = once(request, tmp_path_factory, "book", build)
    assert returncode == 0, output[-4000:]
    return Build(root, returncode, output)


@pytest.fixture(scope="session")
def pdf(request, tmp_path_factory, book: Build) -> Path:
    def build(_) -> tuple[int, str]:
        run = sphinx(book.root, "-M", "latexpdf", "docs", "_build")
        return run.returncode, run.stdout + run.stderr

    _, returncode, book.later["latex"] = once(request, tmp_path_factory, "pdf", build)
    assert returncode == 0, book.later["latex"][-4000:]
    return book.root / "_build" / "latex" / "briefing.pdf"


@pytest.fixture(scope="session")
def typst_pdf(request, tmp_path_factory, book: Build) -> Path:
    """The book's PDF, tagged, typeset by Typst (``-b typstpdf``, as `make` builds it) of the same copy of the book."""
    def build(_) -> tuple[int, str]:
        run = sphinx(book.root, "-b", "typstpdf", "-d", "_build/doctrees-typst", "docs", "_build/typst")
        if run.returncode == 0:  # as `make` does: the HTML links to it
            shutil.copy2(book.root / "_build" / "typst" / "briefing.pdf", book.html / "briefing.pdf")
        return run.returncode, run.stdout + run.stderr

    _, returncode, book.later["typst"] = once(request, tmp_path_factory, "typst", build)
    assert returncode == 0, book.later["typst"][-4000:]
    return book.root / "_build" / "typst" / "briefing.pdf"


@dataclass(frozen=True)
class Printed:
    """One of the book's two PDFs: ``kind`` "typst" (``make``, tagged) or "latex" (``make latexpdf``, TeX)."""
    kind: str
    path: Path
    strips: tuple[int, int]  # its running header's and footer's strips (pt), as pdf_body_pages crops them

    def __fspath__(self) -> str:
        return str(self.path)

    def __str__(self) -> str:
        return str(self.path)


@pytest.fixture(params=["latex", "typst"])
def printed(request) -> Printed:
    """Both PDFs, side by side (issue 20): a check of the printed book takes this and runs on each."""
    if request.param == "latex":
        return Printed("latex", request.getfixturevalue("pdf"), LATEX_STRIPS)
    return Printed("typst", request.getfixturevalue("typst_pdf"), TYPST_STRIPS)


@pytest.fixture(scope="session")
def epub(request, tmp_path_factory, book: Build) -> Path:
    def build(_) -> tuple[int, str]:
        run = sphinx(book.root, "-b", "epub", "-d", "_build/doctrees-epub", "docs", "_build/epub")
        return run.returncode, run.stdout + run.stderr

    _, returncode, book.later["epub"] = once(request, tmp_path_factory, "epub", build)
    assert returncode == 0, book.later["epub"][-4000:]
    return book.root / "_build" / "epub" / "briefing.epub"


@pytest.fixture(scope="session")
def site(book: Build, typst_pdf: Path):
    """The built book on loopback (with briefing.pdf, as `make` leaves it), gzip'd like a static host; its base URL."""
    with serve(book.html) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """The Chromium the browser finder finds (Debian's here), driven by Playwright (never a downloaded browser)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=chromium_args())
        yield launched
        launched.close()


def one_ahead(open_page: Callable[[Any], Any], check: Callable[[Any], Any], items: Iterable) -> list:
    """``[check(open_page(item)) for item in items]``, but each next page is opened (loaded in a tab of its
    own) before the one before it is checked: the browser loads one page while the other waits for its
    network to fall idle or its scroll to settle.  Each page is still a fresh tab, waited for and checked as before."""
    results, waiting = [], None
    for item in items:
        opened = open_page(item)
        if waiting is not None:
            results.append(check(waiting))
        waiting = opened
    if waiting is not None:
        results.append(check(waiting))
    return results


@pytest.fixture(scope="session")
def oped() -> oped_source.OpEd:
    return oped_source.load(ROOT / "docs" / "_data" / "op-ed.txt")


@pytest.fixture(scope="session")
def actors() -> dict:
    return yaml.safe_load((ROOT / "docs" / "_data" / "actors.yaml").read_text(encoding="utf-8"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def reading_order(html: Path) -> list[Path]:
    """Pages in the order the reader meets them: the home page, then its navigation."""
    order = [(html / "index.html").resolve()]
    for a in soup(html / "index.html").select("nav.bd-docs-nav a.reference.internal"):
        page = (html / a["href"].split("#")[0]).resolve()
        if page.suffix == ".html" and page not in order:
            order.append(page)
    return order


def normalise(text: str) -> str:
    return oped_source.normalise(text)


def pdf_pages(pdf: Path | Printed) -> list[str]:
    """The text of each PDF page (pdftotext), headers and footers included."""
    return list(_pdf_pages(str(pdf), *_stamp(Path(pdf))))


# The running header's and footer's strips (pt) to crop away: the LaTeX PDF's, and the Typst PDF's (27 mm margins).
LATEX_STRIPS = (55, 60)
TYPST_STRIPS = (70, 70)


def pdf_body_pages(pdf: Path | Printed, strips: tuple[int, int] | None = None) -> list[str]:
    """Each page's text without its running header and footer (cropped away: ``strips``, top and bottom, in pt;
    by default the PDF's own, a path's the LaTeX PDF's)."""
    strips = strips or getattr(pdf, "strips", LATEX_STRIPS)
    return list(_pdf_body_pages(str(pdf), *_stamp(Path(pdf)), *strips))


def _stamp(pdf: Path) -> tuple[int, int]:
    """What the texts below are remembered by, beside the path: a rebuilt PDF is read again."""
    status = pdf.stat()
    return status.st_mtime_ns, status.st_size


@functools.lru_cache(maxsize=16)
def _pdf_pages(pdf: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return tuple(text.split("\f")[:-1])


@functools.lru_cache(maxsize=16)
def _pdf_body_pages(pdf: str, mtime_ns: int, size: int, top: int, bottom: int) -> tuple[str, ...]:
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    crop = ["-x", "0", "-y", str(top), "-W", str(int(width)), "-H", str(int(height) - top - bottom)]  # below header, above footer
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return tuple(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), *crop, "-enc", "UTF-8", pdf, "-"],
                                capture_output=True, text=True, check=True).stdout for n in range(1, count + 1))


def pdf_body_text(pdf: Path | Printed, strips: tuple[int, int] | None = None) -> str:
    """The running text of the PDF without running headers and footers, as one normalised string."""
    return normalise(" ".join(pdf_body_pages(pdf, strips)))


def moved_anchors() -> dict[str, list[str]]:
    """The published anchors that moved to another page, their old pages staying: {anchor: [page, earlier …]}."""
    from briefing.anchors import read_history
    return {anchor: pages for anchor, pages in read_history(ROOT / "docs" / "anchors.txt")[0].items() if len(pages) > 1}


def published_anchors() -> dict[str, str]:
    """The book's anchor registry, docs/anchors.txt: {anchor: page}."""
    from briefing.anchors import read_registry
    published, malformed = read_registry(ROOT / "docs" / "anchors.txt")
    assert not malformed, malformed
    return published
