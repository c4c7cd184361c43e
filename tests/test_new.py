"""`briefing new SOURCE.txt DIR`: a second briefing from another text, built by its own `make`.

One build (module fixture): an invented four-paragraph op-ed laid out like ours, with share buttons
at the end and characters that are markup in MyST and LaTeX (in its title too), becomes a book; `make` in that
folder builds its HTML and PDF strictly.  Then the refusals: bad input is one line and exit status 2.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import ROOT, normalise, oped_source, pages, pdf_body_text, reading_order, soup

BRIEFING = ROOT / ".venv" / "bin" / "briefing"  # the console script of pyproject.toml
SOURCE = """\
Ports & Rules: Can Small Harbours Meet 100% of the Green Shipping {Rules}?

Maria Okafor (Guest Contributor)

Maria Okafor is a maritime economist who studies regional ports, coastal trade and the cost of
environmental regulation for small operators.

When the new emission rules for coastal shipping take effect next spring, the largest ports will
already have shore power, cleaner fuel depots and the staff to certify them. Small harbours, which
handle about 40% of regional freight, mostly do not.

The rules themselves are modest: a vessel at berth must cut its engine emissions by half, and
operators must report fuel use every quarter. Yet for a harbour with *two* cranes, a budget of
$3 million a year and {{ staff }} of_five, even "modest" can mean a decade of investment & training.

1. Some harbours will share equipment; others will merge their authorities. Neither path is easy,
and both depend on grants that are not yet budgeted.

Whether the rules succeed may depend less on the large ports, which are ready, than on the small
ones, which carry the goods that never make the headlines.

This article is published by the Coastal Economy Forum, an independent, non-partisan research
institute. All views expressed are those of the author.

Share this post

Share on Facebook
Share on Twitter
"""
PARAGRAPHS = 4


def env() -> dict[str, str]:
    """This checkout's package, whatever the venv has installed."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def briefing_new(*args: str | Path, module: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "briefing.new"] if module else [str(BRIEFING)]
    return subprocess.run([*command, "new", *map(str, args)], capture_output=True, text=True, env=env(), timeout=60)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("source") / "harbour.txt"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def oped(source) -> oped_source.OpEd:
    parsed = oped_source.load(source)
    assert len(parsed.body) == PARAGRAPHS and not parsed.problems
    return parsed


@pytest.fixture(scope="module")
def made(tmp_path_factory, source) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`briefing new`, then `make` in the new folder (the set-up linked, as a second book on this machine)."""
    book = tmp_path_factory.mktemp("new") / "harbour-book"
    started = briefing_new(source, book)
    assert started.returncode == 0, started.stderr
    for name in (".venv", "node_modules"):
        (book / name).symlink_to(ROOT / name)
    for name in ("requirements.txt", "package.json", "package-lock.json"):
        os.utime(book / name, (0, 0))  # older than the shared set-up's stamps: make installs nothing
    run = subprocess.run(["make", "--no-print-directory"], cwd=book, capture_output=True, text=True, env=env(), timeout=900)
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    assert not re.search(r"Installing|npm ci|-m venv", run.stdout), "make redid set-up work"
    return book, run


def test_creates_a_book_laid_out_like_ours(made, source):
    book, _ = made
    for name in ("conf.py", "Makefile", "requirements.txt", "package.json", "package-lock.json", "puppeteer-config.json",
                 ".gitignore", ".readthedocs.yaml", "tools/setup_system.py", "tools/browser_finder.py",
                 "docs/index.md", "docs/_data/actors.yaml", "docs/glossary/people.md", "docs/glossary/organisations.md",
                 "docs/glossary/places-terms.md"):
        assert (book / name).is_file(), name
    assert (book / "docs/_data/op-ed.txt").read_bytes() == source.read_bytes()
    assert sorted(p.name for p in (book / "docs/sections").iterdir()) == [f"p{n}.md" for n in range(1, PARAGRAPHS + 1)]
    assert 'extensions = ["briefing"]' in (book / "conf.py").read_text(encoding="utf-8")
    for name in ("package.json", "package-lock.json", "puppeteer-config.json", "tools/setup_system.py"):
        assert (book / name).read_bytes() == (ROOT / name).read_bytes(), f"{name} is not the same as ours"
    assert (book / "Makefile").read_bytes() == (ROOT / "briefing/starter/Makefile").read_bytes(), "the recipes ours includes"
    assert (book / ".readthedocs.yaml").read_text(encoding="utf-8").endswith((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def test_set_up_offers_only_what_a_book_needs(made):
    book, _ = made
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=book, capture_output=True, text=True, check=True)
    assert re.findall(r"(?m)^  make (\S+)", listed.stdout) == [
        "all", "setup", "system", "browser", "html", "pdf", "typstpdf", "epub", "livehtml", "linkcheck", "anchors", "clean", "help"]
    lines = (book / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if re.match(r"[A-Za-z]", line)]
    ours = [line for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines() if re.match(r"[A-Za-z]", line)]
    assert pins == ours[:len(pins)] and pins[0].startswith("Sphinx==") and pins[-1].startswith("playwright=="), "our build's pins"
    assert not re.search(r"(?im)^(pytest|beautifulsoup4|pypdf|check-jsonschema)\b", "\n".join(lines))  # test tools
    assert lines[-1].startswith(f"-e {ROOT} "), "the last line installs this package from where it is"
    note = "\n".join(lines[-5:-1])
    assert "Read the Docs" in note and "cannot install it" in note and "git+" in note, "and says what publishing needs"
    assert "requirements.txt" in (book / ".readthedocs.yaml").read_text(encoding="utf-8").split("\n\n")[0]


def test_strict_build_has_no_warnings(made):
    book, run = made
    assert "-n -W --keep-going" in run.stdout
    assert not re.search(r"WARNING|ERROR", run.stdout + run.stderr)
    assert (book / "_build/html/index.html").is_file() and (book / "_build/latex/briefing.pdf").is_file()
    assert (book / "_build/html/briefing.pdf").read_bytes() == (book / "_build/latex/briefing.pdf").read_bytes()


def test_html_has_every_paragraph_verbatim_in_order(made, oped):
    html = made[0] / "_build/html"
    found = []
    for page in reading_order(html):
        for block in soup(page).select("div.oped-body"):
            block.select_one("a.oped-pnum").decompose()
            found.append(normalise(block.get_text()))
    assert found == list(oped.body)
    assert "*two*" in found[1] and "$3 million" in found[1] and "{{ staff }} of_five" in found[1] and "& training" in found[1]
    assert found[2].startswith("1. Some harbours")


def test_home_page_carries_title_byline_bio_and_statement(made, oped):
    home = soup(made[0] / "_build/html/index.html")
    assert normalise(home.select_one("h1").get_text()).startswith(oped.title)
    for part in ("byline", "bio", "statement"):
        assert normalise(home.select_one(f"div.oped-{part}").get_text()) == getattr(oped, part)


def test_pdf_has_every_paragraph_verbatim_in_order(made, oped):
    text = pdf_body_text(made[0] / "_build/latex/briefing.pdf")
    positions = []
    for n, paragraph in enumerate(oped.body, 1):
        assert text.count(paragraph) == 1, f"¶{n} appears {text.count(paragraph)} times in the PDF text"
        positions.append(text.index(paragraph))
    assert positions == sorted(positions)
    for part in (oped.title, oped.byline, oped.bio, oped.statement):
        assert part in text, part


def test_pdf_metadata_is_this_books(made, oped):
    info = subprocess.run(["pdfinfo", str(made[0] / "_build/latex/briefing.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(rf"(?m)^Title:\s+{re.escape(oped.title)}$", info) and re.search(r"(?m)^Author:\s+Maria Okafor$", info)
    assert re.search(r"(?m)^Keywords:\s+briefing book$", info), "no subjects of another book"
    xmp = subprocess.run(["pdfinfo", "-meta", str(made[0] / "_build/latex/briefing.pdf")], capture_output=True, text=True,
                         check=True).stdout
    titles = [e.text for e in ElementTree.fromstring(xmp.strip()).iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")]
    assert titles[0] == oped.title, "the XMP title, as written"


def test_share_buttons_never_reach_the_reader(made):
    book = made[0]
    for page in pages(book / "_build/html"):
        assert "Share this post" not in page.read_text(encoding="utf-8") and "Share on" not in soup(page).get_text(), page
    assert "Share this post" not in pdf_body_text(book / "_build/latex/briefing.pdf")
    assert "Share" not in (book / "docs/index.md").read_text(encoding="utf-8")


def test_first_build_writes_the_anchor_registry(made):
    from briefing.anchors import read_registry

    published, malformed = read_registry(made[0] / "docs/anchors.txt")
    assert not malformed
    for n in range(1, PARAGRAPHS + 1):
        assert published[f"p{n}"] == published[f"sec-p{n}"] == f"sections/p{n}"
    assert published["home"] == "index" and published["op-ed-statement"] == "index"


def test_empty_glossaries_build(made):
    for name in ("people", "organisations", "places-terms"):
        page = soup(made[0] / f"_build/html/glossary/{name}.html")
        assert "no entries yet" in page.select_one("main").get_text()


# -- Refusals: one line naming the file (and line), exit status 2, nothing written ------------------

def refused(run: subprocess.CompletedProcess[str], *words: str) -> None:
    assert run.returncode == 2, run
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_starts_a_book_in_the_current_empty_folder(tmp_path, source):
    here = tmp_path / "book"
    here.mkdir()
    inode = here.stat().st_ino
    run = subprocess.run([str(BRIEFING), "new", str(source), "."], cwd=here, capture_output=True, text=True, env=env(),
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "Next: make"
    assert here.stat().st_ino == inode, "the same folder (the shell's current one), filled, not replaced"
    assert (here / "conf.py").is_file() and (here / "docs/sections/p4.md").is_file()
    assert not [p for p in tmp_path.rglob(".briefing-new-*")], "no staging folder left behind"


def test_no_publisher_named_leaves_the_rights_to_the_editors(tmp_path):
    """A statement that names no publisher: conf.py says so and claims no one's rights; the book still builds strictly."""
    text = SOURCE.replace("This article is published by the Coastal Economy Forum, an independent, non-partisan "
                          "research\ninstitute.", "The views expressed are the author's own.")
    assert text != SOURCE
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    book = tmp_path / "book"
    assert briefing_new(plain, book).returncode == 0
    conf = (book / "conf.py").read_text(encoding="utf-8")
    assert "named in its statement" not in conf and "Forum" not in conf
    assert re.search(r"(?m)^copyright = \"the editors \(briefing apparatus\)\"$", conf)
    assert "# The publisher's statement names no publisher: fill in who holds the op-ed's rights" in conf
    (book / "_build/.diagram-cache").mkdir(parents=True)
    (book / "_build/.diagram-cache/no-diagrams").touch()  # no diagrams: no browser (as a build without any leaves it)
    build = subprocess.run([str(ROOT / ".venv/bin/sphinx-build"), "-b", "html", "-n", "-W", "--keep-going", "-c", ".",
                            "docs", "_build/html"], cwd=book, capture_output=True, text=True, env=env(), timeout=300)
    assert build.returncode == 0 and "WARNING" not in build.stderr, build.stderr[-3000:]
    footer = normalise(soup(book / "_build/html/index.html").select_one("p.copyright").get_text(" "))
    assert footer == "© Copyright the editors (briefing apparatus)."


def test_refuses_an_unreadable_source(tmp_path):
    missing = tmp_path / "missing.txt"
    refused(briefing_new(missing, tmp_path / "book"), str(missing))
    binary = tmp_path / "latin1.txt"
    binary.write_bytes("Caf\xe9\n\nby\n\nbio\n\nbody\n\nstatement\n".encode("latin-1"))
    refused(briefing_new(binary, tmp_path / "book", module=True), str(binary), "UTF-8")
    assert not (tmp_path / "book").exists()


def test_refuses_too_few_paragraphs(tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("A title\n\nA byline\n\nA bio\n\nA statement\n\nShare this post\n", encoding="utf-8")
    refused(briefing_new(short, tmp_path / "book"), f"{short}:7", "found 4")
    assert not (tmp_path / "book").exists()


def test_refuses_a_folder_that_is_not_empty(tmp_path, source):
    target = tmp_path / "book"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    refused(briefing_new(source, target, module=True), str(target), "not empty")
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["book"], "no staging folder left behind"
