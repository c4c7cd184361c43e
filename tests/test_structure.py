"""Sections, labels, links: every internal link and anchor resolves; labels are explicit."""

import re
from urllib.parse import urlsplit

from conftest import pages, reading_order, redirect_stub, soup

SECTIONS = "sections"


def section_pages(book):
    return sorted(p for p in (book.html / SECTIONS).glob("*.html") if not redirect_stub(p))


def test_five_to_eight_sections_with_readable_labels(book):
    pages = section_pages(book)
    assert 5 <= len(pages) <= 8
    for page in pages:
        section = soup(page).select_one("main section")
        assert section["id"] == "sec-" + page.stem, page.name


def test_sections_follow_the_paragraph_order(book):
    order = [p for p in reading_order(book.html) if p.parent.name == SECTIONS]
    numbers = [int(a.get_text().lstrip("¶")) for page in order for a in soup(page).select("a.oped-pnum")]
    assert numbers == list(range(1, 11))


def test_no_positional_ids_as_link_targets(book):
    for page in pages(book.html):
        for a in soup(page).select("main a[href]"):
            assert not re.search(r"#id\d+$", a["href"]), f"{page.name}: {a['href']}"


def test_every_internal_link_resolves(book, typst_pdf):  # the HTML links the PDF `make` builds
    checked, ids = 0, {}  # ids: page -> the ids on it, each page parsed once

    def has_id(page, fragment: str) -> bool:
        if page not in ids:
            ids[page] = {tag["id"] for tag in soup(page).find_all(id=True)}
        return fragment in ids[page]

    for page in pages(book.html):
        for a in soup(page).select("a[href]"):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//")):
                continue
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.exists(), f"{page.relative_to(book.html)}: dead link {href}"
            if parts.fragment and target.suffix == ".html":
                assert has_id(target, parts.fragment), f"{page.relative_to(book.html)}: no #{parts.fragment} in {target.name}"
            checked += 1
    assert checked > 200


def test_pdf_download_link_in_every_page_header(book, typst_pdf):
    for page in pages(book.html):
        link = soup(page).select_one("a.pdf-link")
        assert link is not None, page
        assert (page.parent / link["href"]).resolve() == (book.html / "briefing.pdf").resolve()


def test_home_page_at_a_glance_links_every_key_point(book):
    home = soup(book.html / "index.html")
    end = home.select_one("#what-to-watch")
    lists = [ul for ul in home.select_one("#at-a-glance").find_all_next("ul") if end in ul.find_all_next()]
    points = [li for ul in lists for li in ul.find_all("li", recursive=False)]  # a point, or an item of one
    assert 5 <= len([li for li in points if not li.find_parent("li")]) <= 8, "a glance, not a summary of each ¶"
    for point in points:
        assert point.select_one('a[href^="sections/"]'), point.get_text()[:60]


def test_navigation_search_and_index_exist(book):
    assert (book.html / "search.html").exists() and (book.html / "genindex.html").exists()
    assert soup(book.html / "index.html").select("nav.bd-docs-nav a")
    for page in pages(book.html):
        index = soup(page).select_one("nav.sidebar-index-link a")
        target = page if index["href"] == "#" else (page.parent / index["href"]).resolve()
        assert target == (book.html / "genindex.html").resolve(), page
    assert (book.html / "searchindex.js").stat().st_size > 1000
