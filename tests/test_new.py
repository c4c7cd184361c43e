"""`briefing new SOURCE DIR` and `briefing build`: a second briefing from another text, built by the kit.

One build (module fixture): an invented four-paragraph op-ed laid out like ours, with share buttons
at the end and characters that are markup in MyST and LaTeX (in its title too), becomes a book holding content
and settings only; `briefing build html pdf` in that folder builds its HTML and PDF strictly.  A saved web page
becomes a book with its subheadings and its date.  `briefing serve` previews a book and shows an edit; two
builds at once wait for each other; `briefing sync` after a corrected source keeps an edited page and reports it;
anchors are published only by `briefing anchors`.  Then the refusals: bad input is one line and exit status 2.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import sys
import time
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TYPST_STRIPS, Printed, normalise, oped_source, pages, pdf_body_text, pdf_pages, reading_order, soup

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


def briefing(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BRIEFING), *map(str, args)], capture_output=True, text=True, env=env(), cwd=cwd, timeout=900)


def the_pdf(book: Path) -> Printed:
    """The book's PDF, as `briefing build pdf` (and `make`) writes it: the tagged one, by Typst."""
    return Printed("typst", book / "_build" / "typst" / "briefing.pdf", TYPST_STRIPS)


@pytest.fixture(scope="module")
def made(tmp_path_factory, source) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`briefing new`, then `briefing build html pdf` in the new folder, which has no .venv and no node_modules."""
    book = tmp_path_factory.mktemp("new") / "harbour-book"
    started = briefing_new(source, book)
    assert started.returncode == 0, started.stderr
    run = briefing("build", "html", "pdf", cwd=book)
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    return book, run


def test_creates_a_book_of_content_and_settings_only(made, source):
    book, _ = made
    files = sorted(str(p.relative_to(book)) for p in book.rglob("*") if p.is_file() and "_build" not in p.parts)
    assert files == [".gitignore", "conf.py", "docs/_data/actors.yaml", "docs/_data/attribution.yaml", "docs/_data/figures.yaml",
                     "docs/_data/generated.json", "docs/_data/notes.yaml", "docs/_data/op-ed.txt", "docs/analysis.md",
                     "docs/anchors.txt", "docs/claims.md", "docs/glossary/organisations.md", "docs/glossary/people.md",
                     "docs/glossary/places-terms.md", "docs/index.md", "docs/key-judgments.md", "docs/notes.md",
                     *(f"docs/sections/p{n}.md" for n in range(1, PARAGRAPHS + 1))]
    assert not (book / ".venv").exists() and not (book / "node_modules").exists()
    assert (book / "docs/_data/op-ed.txt").read_bytes() == source.read_bytes()
    assert 'extensions = ["briefing"]' in (book / "conf.py").read_text(encoding="utf-8")
    for path in book.rglob("*"):
        if path.is_file() and "_build" not in path.parts:
            assert str(ROOT) not in path.read_text(encoding="utf-8"), f"{path}: a path of this machine"


def test_strict_build_has_no_warnings(made):
    book, run = made
    assert not re.search(r"WARNING|ERROR|Traceback", run.stdout + run.stderr)
    assert (book / "_build/html/index.html").is_file() and (book / "_build/typst/briefing.pdf").is_file()
    assert (book / "_build/html/briefing.pdf").read_bytes() == (book / "_build/typst/briefing.pdf").read_bytes()
    assert not (book / "_build/.staging").exists()


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
    from briefing.sentences import split

    text = pdf_body_text(the_pdf(made[0]))
    positions = []
    for n, paragraph in enumerate(oped.body, 1):
        # once in its section; a paragraph of one sentence once more, quoted as that sentence in the claims table
        expected = 1 + (len(split(paragraph)) == 1)
        assert text.count(paragraph) == expected, f"¶{n} appears {text.count(paragraph)} times in the PDF text"
        positions.append(text.index(paragraph))
    assert positions == sorted(positions)
    for part in (oped.title, oped.byline, oped.bio, oped.statement):
        assert part in text, part


def test_pdf_metadata_is_this_books(made, oped):
    info = subprocess.run(["pdfinfo", str(the_pdf(made[0]))], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(rf"(?m)^Title:\s+{re.escape(oped.title)} A Briefing Book$", info) and re.search(r"(?m)^Author:\s+the editors \(briefing book\); Maria Okafor \(op-ed\)$", info)
    assert re.search(r"(?m)^Keywords:\s+briefing book$", info), "no subjects of another book"
    xmp = subprocess.run(["pdfinfo", "-meta", str(the_pdf(made[0]))], capture_output=True, text=True,
                         check=True).stdout
    titles = [e.text for e in ElementTree.fromstring(xmp.strip()).iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")]
    assert titles[0] == f"{oped.title} A Briefing Book", "the XMP title, as written"


def test_share_buttons_never_reach_the_reader(made):
    book = made[0]
    for page in pages(book / "_build/html"):
        assert "Share this post" not in page.read_text(encoding="utf-8") and "Share on" not in soup(page).get_text(), page
    assert "Share this post" not in pdf_body_text(the_pdf(book))
    assert "Share" not in (book / "docs/index.md").read_text(encoding="utf-8")


def test_a_build_publishes_no_anchors_until_briefing_anchors(made, tmp_path):
    from briefing.anchors import empty_registry, read_registry

    book = tmp_path / "book"
    shutil.copytree(made[0], book, ignore=shutil.ignore_patterns("_build"))
    assert (book / "docs/anchors.txt").read_text(encoding="utf-8") == empty_registry("briefing.pdf"), "a build published"
    run = briefing("anchors", cwd=book)
    assert run.returncode == 0, run.stdout + run.stderr
    published, malformed = read_registry(book / "docs/anchors.txt")
    assert not malformed
    for n in range(1, PARAGRAPHS + 1):
        assert published[f"p{n}"] == published[f"sec-p{n}"] == f"sections/p{n}"
    assert published["home"] == "index" and published["op-ed-statement"] == "index"


def test_the_apparatus_is_scaffolded_and_builds(made, oped):
    """Issue 19.5: every part with its commented schema and one working example, built strictly (the module's build
    is -n -W): the attribution as an honest first draft covering every sentence, claims, key judgments, notes, an
    analysis page with a figure made from data, and the home page's skeletons, marked as the editors' to write."""
    from briefing.sentences import sentences

    book, _ = made
    data = book / "docs/_data"
    attribution = (data / "attribution.yaml").read_text(encoding="utf-8")
    assert "A FIRST DRAFT, written by `briefing new`" in attribution and re.search(r"(?m)^sources: \{\}$", attribution)
    every = sentences(oped.body)
    assert re.findall(r"(?m)^  (p\d+\.\d+):", attribution) == list(every), "every sentence, in order"
    assert set(re.findall(r"speaker: (\S+)", attribution.split("\nsources:")[1])) == {"author"}, "no source it did not check"
    assert re.search(r'(?m)^  p4\.1:  # DRAFT: reported or hedged \(may\).*\n    speaker: author\n    cue: "may"$', attribution)
    assert "key: true" not in attribution.split("\nsources:")[1], "no key judgment chosen for the editors"
    assert "# - id: resolution-date" in (data / "notes.yaml").read_text(encoding="utf-8"), "a commented example, no note"
    assert "fig-first-and-last:" in (data / "figures.yaml").read_text(encoding="utf-8")
    html = book / "_build/html"
    rows = soup(html / "claims.html").select("main table tbody tr")
    assert len(rows) == len(every) and "A first draft, to be checked by the editors" in soup(html / "claims.html").get_text()
    analysis = soup(html / "analysis.html")
    figure = analysis.select_one("figure#fig-first-and-last")
    assert figure is not None and figure.select_one("svg") is not None, "the figure from data, drawn"
    caption = normalise(figure.select_one("figcaption").get_text(" "))
    assert caption.startswith("Figure 1: Where the op-ed starts and where it ends.") and \
        caption.endswith("Editorial diagram; sources ¶1, ¶4. #"), caption
    assert "No note has been written yet." in soup(html / "notes.html").get_text()
    assert soup(html / "key-judgments.html").select_one("main h1").get_text().startswith("Key judgments")
    home = soup(html / "index.html")
    for name in ("at-a-glance", "what-to-watch", "how-to-cite", "scope-note"):
        assert home.select_one(f"#{name}") is not None, name
    text = normalise(home.select_one("main").get_text(" "))
    assert "At a glance: to be written by the editors" in text and "Open questions: to be written by the editors" in text
    assert f"Maria Okafor. “{oped.title}” Op-ed. Coastal Economy Forum, " in text, "citation filled from the metadata"
    assert "(the month this briefing was started; the text as received gives no publication date)" in text


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
    assert run.stdout.splitlines()[-1] == "Next: briefing build"
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
    assert "# No publisher was found: fill in who holds the op-ed's rights" in conf
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


# -- A saved web page, two builds at once, a corrected source -------------------------------------

PAGE = ROOT / "tests" / "fixtures" / "saved-page.html"


def test_a_saved_web_page_becomes_a_book_with_its_subheadings_and_its_date(tmp_path):
    book = tmp_path / "tidal"
    started = briefing_new(PAGE, book)
    assert started.returncode == 0, started.stderr
    run = briefing("build", "html", "pdf", cwd=book)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    html = book / "_build/html"
    titles = [normalise(soup(page).select_one("article h1").get_text()).removesuffix("#").strip() for page in reading_order(html)]
    assert "A queue nobody planned for" in titles and "What could change" in titles, titles
    numbers = [a.get_text() for page in reading_order(html) for a in soup(page).select("a.oped-pnum")]
    assert numbers == [f"¶{n}" for n in range(1, 7)], "subheadings are not numbered paragraphs"
    every_page = normalise(" ".join(pdf_pages(the_pdf(book))))
    assert "Op-ed date: 12 March 2024." in every_page and "inferred" not in every_page
    cite = normalise(soup(html / "index.html").select_one("main").get_text(" "))
    assert re.search(r"Op-ed\. [^.]+, 12 March 2024\. ", cite), "a known date prints as known, with no note"
    for chrome in ("Subscribe", "Photo:", "Related", "Commentary"):
        assert chrome not in pdf_body_text(the_pdf(book)), chrome


def test_two_builds_at_once_wait_for_each_other(made, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(made[0], book)
    runs: list[subprocess.CompletedProcess[str]] = []
    threads = [threading.Thread(target=lambda: runs.append(briefing("build", "html", cwd=book))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.returncode for r in runs] == [0, 0], [r.stderr[-2000:] for r in runs]
    waited = [line for r in runs for line in r.stderr.splitlines() if "waiting" in line]
    assert len(waited) <= 1 and all(line.startswith("briefing: another build of this book is running") for line in waited)
    assert not any("Extension error" in r.stderr or "Traceback" in r.stderr for r in runs)
    assert (book / "_build/html/index.html").is_file() and not (book / "_build/.staging").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetched(url: str, seconds: float, wanted: str = "") -> str:
    """The page at ``url`` once it answers (and holds ``wanted``), or "" after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
            if wanted in page:
                return page
        except OSError:
            pass
        time.sleep(1)
    return ""


def test_serve_previews_the_book_and_rebuilds_an_edit(made, tmp_path):
    """`briefing serve` as an editor uses it: the book's pages with its figure, and an edit shown without a restart."""
    book = tmp_path / "book"
    shutil.copytree(made[0], book, ignore=shutil.ignore_patterns("_build"))
    port = free_port()
    server = subprocess.Popen([str(BRIEFING), "serve", "--port", str(port)], cwd=book, env=env(), text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        analysis = fetched(f"http://127.0.0.1:{port}/analysis.html", 180)
        assert analysis, "nothing served"
        assert len(BeautifulSoup(analysis, "html.parser").select("figure div.mermaid-diagram > svg")) == 1, "the example figure, drawn"
        page = book / "docs/analysis.md"
        page.write_text(page.read_text(encoding="utf-8").replace("# Analysis", "# Analysis, as edited", 1), encoding="utf-8")
        assert fetched(f"http://127.0.0.1:{port}/analysis.html", 120, "Analysis, as edited"), "the edit never showed"
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # sphinx-autobuild and the builds it started
        out, _ = server.communicate(timeout=60)
    assert not re.search(r"WARNING|ERROR|Traceback", out), out[-3000:]


def test_sync_after_a_corrected_source_keeps_an_edited_page_and_reports_it(made, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(made[0], book, ignore=shutil.ignore_patterns("_build"))
    oped_txt = book / "docs/_data/op-ed.txt"
    text = oped_txt.read_text(encoding="utf-8")
    corrected = text.replace("Yet for a harbour with *two* cranes", "\n\nYet for a harbour with *two* cranes")  # ¶2 split in two
    assert corrected != text
    oped_txt.write_text(corrected, encoding="utf-8")
    edited = book / "docs/sections/p2.md"
    before = edited.read_text(encoding="utf-8").replace("# The rules themselves", "# Modest rules, large costs\n\n% was: The rules themselves", 1)
    edited.write_text(before, encoding="utf-8")
    run = briefing("sync", cwd=book)
    assert run.returncode == 0, run.stdout + run.stderr
    assert edited.read_text(encoding="utf-8") == before, "an edited page is left as it is"
    assert "docs/sections/p5.md: added" in run.stdout and "docs/sections/p3.md: updated" in run.stdout, run.stdout
    assert "docs/_data/attribution.yaml: updated" in run.stdout, "the draft attribution follows the source's sentences"
    assert re.search(r"needs attention: docs/sections/p2\.md: left as the editor changed it: ¶2 differs", run.stdout), run.stdout
    check = briefing("check", cwd=book)
    assert check.returncode == 1 and re.search(r"p2\.md:\d+: WARNING: op-ed ¶2 differs from the source", check.stderr), check.stderr
