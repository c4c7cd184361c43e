"""`briefing new`'s reading of its input (briefing/intake.py): a saved web page, a raw paste, a Markdown file and a
file with a byte-order mark and Windows line endings, all invented (tests/fixtures/).  Each is read right (title,
author, date, publisher, address and every paragraph verbatim, subheadings as headings) or refused, one line each.
No Sphinx, no browser: what `briefing new` prints and refuses before it writes anything.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from briefing import intake, new
from briefing.oped_source import load

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROOT = FIXTURES.parent.parent
TITLE = "Tidal Power Will Not Wait for the Grid"
BODY = [
    "Three years ago the harbour town of Kvitnes had a ferry, a fish plant and a diesel generator that ran whenever "
    "the cable from the mainland failed. Today it has four tidal turbines in the sound, and on a spring tide they make "
    "more electricity than the town can use.",
    "The turbines were paid for by a cooperative of fishermen, the municipality and a regional development fund. What "
    "they cannot pay for is a connection to the national grid, which the transmission operator says will take until "
    "2031 at the earliest.",
    "Kvitnes is not alone. Along the northern coast at least eleven small tidal and wave projects are waiting for a grid "
    "connection, most of them smaller than a single onshore wind turbine. The queue was designed for large power "
    "stations, and it treats a two-megawatt cooperative the same way it treats a gigawatt plant.",
]
BIO = ("Ingrid Solberg is an energy economist at the University of Tromsø who studies community-owned renewable power "
       "in the Arctic.")
STATEMENT = "This commentary was published by the Northern Straits Review. The views expressed are the author's own."


def outline(reading: intake.Reading) -> list[str]:
    return [f"## {b.text}" if b.kind == "h" else b.text for b in reading.body]


def test_a_saved_web_page_is_read_by_trafilatura():
    reading = intake.read(FIXTURES / "saved-page.html")
    assert (reading.title, reading.byline, reading.date, reading.publisher, reading.url) == (
        TITLE, "Ingrid Solberg", "2024-03-12", "Northern Straits Review",
        "https://straits-review.example/2024/03/tidal-power-grid")
    body = outline(reading)
    assert body[:3] == [BODY[0], BODY[1], "## A queue nobody planned for"] and body[3] == BODY[2]
    assert body[5] == "## What could change" and len(reading.paragraphs) == 6, "subheadings are not paragraphs"
    text = " ".join(body)
    for chrome in ("Subscribe", "Photo:", "Share on", "Related", "All rights reserved", "Commentary", "Coastal towns"):
        assert chrome not in text, f"{chrome!r} (navigation, caption, footer, kicker or standfirst) read as text"
    assert ("before the title", "Commentary") in reading.left_out
    assert not intake.doubts(reading), intake.doubts(reading)


def test_a_page_s_metadata_can_be_overridden():
    reading = intake.read(FIXTURES / "saved-page.html", {"title": "Tides", "author": "I. Solberg", "date": "2024-03-13",
                                                         "publisher": "NSR", "url": "https://nsr.example/t"})
    assert (reading.title, reading.author, reading.date, reading.publisher, reading.url) == (
        "Tides", "I. Solberg", "2024-03-13", "NSR", "https://nsr.example/t")
    assert "(given)" in intake.report(reading)


def test_a_raw_paste_of_the_same_page_is_refused_one_line_each():
    reading = intake.read(FIXTURES / "pasted.txt")
    lines = intake.doubts(reading)
    source = str(FIXTURES / "pasted.txt")
    assert all(line.startswith(source) and "\n" not in line for line in lines), lines
    expected = {"the title is 5 lines": f"{source}:1:",
                "reads like the author's bio": f"{source}:35:",     # the bio at the end, taken as the statement
                "is only a date (“12 March 2024”)": f"{source}:15:",  # the dateline
                "reads like an image caption": f"{source}:17:",      # the caption with its credit
                "is 3 words (“By Ingrid Solberg”)": f"{source}:13:",  # the byline, in the body
                "is 5 words (“A queue nobody planned for”)": f"{source}:23:"}  # a subheading without "## "
    for words, where in expected.items():
        assert any(words in line and line.startswith(where) for line in lines), (words, lines)


def test_a_byline_with_a_date_or_a_credit_is_doubted(tmp_path):
    for byline, words in (("By Ingrid Solberg, 12 March 2024", "has a date in it"),
                          ("Photo: Harald Berg / Northern Straits Review", "image credit")):
        source = tmp_path / "paste.txt"
        source.write_text("\n\n".join([TITLE, byline, BIO, *BODY, STATEMENT]) + "\n", encoding="utf-8")
        lines = intake.doubts(intake.read(source))
        assert [line for line in lines if words in line and line.startswith(f"{source}:3:")], lines


def test_no_statement_is_doubted(tmp_path):
    source = tmp_path / "paste.txt"
    source.write_text("\n\n".join([TITLE, "By Ingrid Solberg", BIO, *BODY]) + "\n", encoding="utf-8")
    lines = intake.doubts(intake.read(source))
    assert any("taken as the publisher's statement, does not read like one" in line for line in lines), lines


def test_a_byte_order_mark_and_crlf_are_read_as_text():
    path = FIXTURES / "bom-crlf.txt"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in path.read_bytes()
    reading = intake.read(path)
    assert reading.title == TITLE and reading.byline == "By Ingrid Solberg" and reading.bio == BIO
    assert outline(reading) == [BODY[0], BODY[1], "## A queue nobody planned for", BODY[2]]
    assert reading.statement == STATEMENT and not intake.doubts(reading)
    oped = load(path)  # what the build reads from the copy kept byte for byte
    assert oped.title == TITLE and not oped.problems and list(oped.body) == BODY
    assert oped.headings == ((3, "A queue nobody planned for"),)


def test_a_markdown_file_gives_its_words_not_its_markup():
    reading = intake.read(FIXTURES / "article.md")
    assert (reading.title, reading.byline, reading.date, reading.bio, reading.statement) == (
        TITLE, "By Ingrid Solberg", "12 March 2024", BIO, STATEMENT)
    assert outline(reading) == [BODY[0], BODY[1], "## A queue nobody planned for", BODY[2]]
    assert any(what == "caption" and "Photo: Harald Berg" in words for what, words in reading.left_out)
    assert not intake.doubts(reading)


def test_the_book_s_settings_carry_a_known_date_as_known():
    reading = intake.read(FIXTURES / "saved-page.html")
    conf = new.conf_py(load(FIXTURES / "bom-crlf.txt"), reading)
    namespace: dict = {}
    exec(compile(conf, "conf.py", "exec"), namespace)  # noqa: S102 (our own generated settings)
    assert namespace["briefing_date"] == "12 March 2024" and namespace["briefing_date_note"] == ""
    assert namespace["citation_oped"]["address"] == "https://straits-review.example/2024/03/tidal-power-grid"
    assert namespace["citation_oped"]["publisher"] == "Northern Straits Review"
    assert "/" + "work" not in conf and str(ROOT) not in conf, "no path of this machine"


def briefing(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_the_command_prints_what_it_read_and_refuses_with_exit_2(tmp_path):
    run = briefing("new", str(FIXTURES / "pasted.txt"), str(tmp_path / "book"))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "  title      Northern Straits Review" in run.stdout and "¶12  None of this requires" in run.stdout
    assert all(line.startswith("briefing new: ") for line in run.stderr.splitlines()), run.stderr
    assert not (tmp_path / "book").exists(), "nothing written"
    accepted = briefing("new", str(FIXTURES / "pasted.txt"), str(tmp_path / "book"), "--yes")
    assert accepted.returncode == 0, accepted.stderr


def test_a_new_book_is_content_and_settings_only(tmp_path):
    run = briefing("new", str(FIXTURES / "saved-page.html"), str(tmp_path / "book"))
    assert run.returncode == 0, run.stderr
    files = sorted(str(p.relative_to(tmp_path / "book")) for p in (tmp_path / "book").rglob("*") if p.is_file())
    assert files == [".gitignore", "conf.py", "docs/_data/actors.yaml", "docs/_data/attribution.yaml", "docs/_data/figures.yaml",
                     "docs/_data/generated.json", "docs/_data/notes.yaml", "docs/_data/op-ed.txt", "docs/_data/source.html.gz",
                     "docs/analysis.md", "docs/anchors.txt", "docs/claims.md", "docs/glossary/organisations.md",
                     "docs/glossary/people.md", "docs/glossary/places-terms.md", "docs/index.md", "docs/key-judgments.md",
                     "docs/notes.md", "docs/sections/p1.md", "docs/sections/p2.md", "docs/sections/p3.md", "docs/sections/p5.md"]
    saved = gzip.decompress((tmp_path / "book/docs/_data/source.html.gz").read_bytes())
    assert saved == (FIXTURES / "saved-page.html").read_bytes(), "the page it was read from, byte for byte"
    for path in (tmp_path / "book").rglob("*"):
        if path.is_file():
            text = saved if path.suffix == ".gz" else path.read_bytes()
            assert str(ROOT).encode() not in text, f"{path}: a path of this machine"
    assert "# A queue nobody planned for" in (tmp_path / "book/docs/sections/p3.md").read_text(encoding="utf-8")


def test_a_large_saved_page_keeps_the_book_small(tmp_path):
    """A page as a browser saves it from a publisher's site is mostly scripts and styles: often 0.4-1 MB or more
    (trafilatura's own cache of real pages: up to 0.9 MB).  The book keeps it gzip'd, so its folder stays ≤ 1 MB."""
    page = (FIXTURES / "saved-page.html").read_text(encoding="utf-8")
    scripts = "".join(f"<script>window.__state{n} = {{\"id\": {n}, \"slot\": \"ad-{n % 97}\", \"tracking\": true}};</script>\n"
                      for n in range(20000))
    (tmp_path / "big.html").write_text(page.replace("</head>", scripts + "</head>", 1), encoding="utf-8")
    assert (tmp_path / "big.html").stat().st_size > 1_500_000
    run = briefing("new", str(tmp_path / "big.html"), str(tmp_path / "book"))
    assert run.returncode == 0, run.stderr
    assert sum(p.stat().st_size for p in (tmp_path / "book").rglob("*") if p.is_file()) <= 1_000_000
    assert gzip.decompress((tmp_path / "book/docs/_data/source.html.gz").read_bytes()) == (tmp_path / "big.html").read_bytes()


def test_a_page_s_bold_subheadings_are_headings_and_its_chrome_is_doubted(tmp_path):
    """As many sites set them: a subheading as a paragraph wholly in bold, a tab title with the site's name, a
    "Read more:" link to another article inside the text."""
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    page = tmp_path / "page.html"
    page.write_text(f"""<html><head><title>Tides | Straits Review | 12.03.2024</title>
<meta name="author" content="Ingrid Solberg"><meta property="article:published_time" content="2024-03-12">
</head><body><article><h1>Tides | Straits Review | 12.03.2024</h1>{paragraphs}
<p><strong>A queue nobody planned for</strong></p><p>Read more: Offshore wind needs ports first, and the ports need a
plan that nobody has written</p>{paragraphs}</article></body></html>""", encoding="utf-8")
    reading = intake.read(page)
    assert "## A queue nobody planned for" in outline(reading) and "**" not in " ".join(outline(reading))
    lines = intake.doubts(reading)
    assert any("looks like the page's tab title" in line for line in lines), lines
    assert any("¶4 reads like a link to another article" in line for line in lines), lines


def test_a_given_date_must_be_a_date():
    reading = intake.read(FIXTURES / "saved-page.html", {"date": "soon"})
    assert intake.doubts(reading) == ["--date: 'soon' is not a date: give one as 2024-03-12, 12 March 2024 or March 2024"]
    assert not intake.doubts(intake.read(FIXTURES / "saved-page.html", {"date": "March 2024"}))


def test_a_control_character_is_refused_and_never_printed_raw(tmp_path):
    source = tmp_path / "paste.txt"
    source.write_text("\n\n".join([TITLE + "\x1b[2J", "By Ingrid Solberg", BIO, *BODY, STATEMENT]) + "\n", encoding="utf-8")
    reading = intake.read(source)
    assert "\x1b" not in intake.report(reading) and "\\x1b[2J" in intake.report(reading)
    assert [line for line in intake.doubts(reading) if "the title holds a control character (\\x1b)" in line]


def test_hostile_metadata_cannot_break_out_of_conf_py(tmp_path):
    """conf.py is Python that Sphinx runs: a page's title, author, publisher or address end up in it only as values."""
    evil = 'X""" ; import os; os.system("echo owned") #\\'
    reading = intake.read(FIXTURES / "saved-page.html", {"title": evil, "author": evil, "publisher": evil, "url": evil,
                                                         "date": "12 March 2024"})
    oped_txt = tmp_path / "op-ed.txt"
    oped_txt.write_text(intake.oped_text(reading), encoding="utf-8")
    oped = load(oped_txt)
    assert oped.title == evil and oped.author == evil
    namespace: dict = {}
    exec(compile(new.conf_py(oped, reading), "conf.py", "exec"), namespace)  # noqa: S102
    assert namespace["citation_oped"]["publisher"] == evil and namespace["citation_oped"]["address"] == evil
    assert "os" not in namespace, "only values"
