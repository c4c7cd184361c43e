"""The printed briefing: title page, TOC, running header/footer, no blank pages, index, metadata, bookmarks."""

import re
import subprocess

from pypdf import PdfReader

from conftest import normalise, pdf_body_pages, pdf_pages


def test_metadata(pdf, oped):
    info = PdfReader(pdf).metadata
    assert info.title == oped.title
    assert info.author == f"the editors (briefing book); {oped.author} (op-ed)"
    assert "30 September 2020" in info.subject


def test_bookmarks_cover_every_section(pdf):
    outline = PdfReader(pdf).outline
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(outline)
    for expected in ("The Sochi meeting", "Wagner affair", "People", "Index"):
        assert any(expected in t for t in titles), (expected, titles)


def test_no_blank_pages(pdf):
    for n, text in enumerate(pdf_body_pages(pdf), 1):
        assert len(text.split()) >= 20, f"page {n} is (nearly) blank: {text.split()}"


def test_title_page_and_contents(pdf, oped):
    first = normalise(pdf_pages(pdf)[0])
    for part in ("BRIEFING BOOK", oped.title, oped.author, "Source:", "Date: 30 September 2020"):
        assert part in first, part
    assert any("Contents" in page for page in pdf_pages(pdf)[:3])


def strip_text(pdf, n: int, top: int, height: int) -> list[str]:
    """The lines of page ``n`` between ``top`` and ``top + height`` pt (a header or footer strip): read by
    position, so a sideways figure on the page does not change what comes first."""
    text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-x", "0", "-y", str(top), "-W", "600",
                           "-H", str(height), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_running_header_and_footer(pdf, oped):
    pages = pdf_pages(pdf)
    for n in range(2, len(pages) + 1):
        header, footer = strip_text(pdf, n, 0, 80), strip_text(pdf, n, 842 - 80, 80)
        header = header or strip_text(pdf, n, 0, 120)[:1]  # the index opens plain: its title sits lower
        assert header and header[0] in (oped.title, "Index"), f"page {n}: header is {header[:1]!r}"
        assert footer and footer[-1] == str(n), f"page {n}: footer is {footer[-1:]!r}, not the page number"


def test_index_gives_pages_for_every_actor(pdf, actors):
    """Every actor with its pages; people under their surname ("Goble, Paul")."""
    pages = pdf_pages(pdf)
    start = next(i for i, p in enumerate(pages) if re.search(r"^\s*Index\s*$", p, re.M) and i > 3)
    index = normalise(" ".join(pages[start:]))
    for category, entries in actors.items():
        for entry in entries:
            given, _, surname = entry["name"].rpartition(" ")
            heading = f"{surname}, {given}" if category == "people" and given else entry["name"]
            assert re.search(re.escape(heading) + r",? \d+", index), heading


def test_pdf_is_a4_and_fonts_embedded(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in f for f in fonts), fonts
