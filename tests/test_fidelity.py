"""The op-ed's words reach the reader unchanged: every body paragraph once, in order, in HTML and PDF."""

import hashlib

from conftest import ROOT, normalise, pages, reading_order, soup

# sha256 of ../shared/source/op-ed.txt as received: the project's copy must never be edited.
RECEIVED_SHA256 = "fb90ce0c6cabd0f0db70e04d4222c0a544f573a3e8e71010f79fda6ed6242068"


def paragraph_texts(page) -> list[str]:
    out = []
    for p in soup(page).select("div.oped-body > p"):
        p.select_one("a.oped-pnum").extract()
        out.append(normalise(p.get_text()))
    return out


def test_source_copy_is_unmodified():
    data = (ROOT / "docs" / "_data" / "op-ed.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == RECEIVED_SHA256


def test_source_has_ten_body_paragraphs(oped):
    assert len(oped.body) == 10
    assert oped.title == "Does Putin Still Distrust Lukashenka?"
    assert oped.author == "Ksenia Kirillova"


def test_html_has_every_body_paragraph_once_in_order(book, oped):
    found = [text for page in reading_order(book.html) for text in paragraph_texts(page)]
    assert found == list(oped.body)


def test_html_paragraphs_are_numbered_and_anchored(book):
    for page in reading_order(book.html):
        for block in soup(page).select("div.oped-body"):
            marker = block.select_one("a.oped-pnum")
            assert block["id"] == "p" + marker.get_text().lstrip("¶")
            assert marker["href"] == "#" + block["id"]


def test_no_paragraph_appears_twice_anywhere_in_the_site(book, oped):
    site = " ".join(normalise(soup(p).select_one("main").get_text()) for p in pages(book.html)
                    if p.name not in ("genindex.html", "search.html"))
    for n, paragraph in enumerate(oped.body, 1):
        assert site.count(paragraph) == 1, f"¶{n} appears {site.count(paragraph)} times"


def test_front_matter_on_home_page(book, oped):
    home = soup(book.html / "index.html")
    assert normalise(home.select_one("h1").get_text()).startswith(oped.title)
    main = normalise(home.select_one("main").get_text())
    for part in (oped.byline, oped.bio, oped.statement, "Briefing book", "Listed in the publisher’s archive under 30 September 2020", "archive",
                 "Reading time", "At a glance"):
        assert part in main, part


def test_share_buttons_never_reach_the_reader(book):  # the PDFs: tests/test_pdf.py
    for page in pages(book.html):
        assert "Share on" not in soup(page).get_text(), page
        assert "Share this post" not in soup(page).get_text(), page
