"""What every page carries for the reader and for search engines (parsed HTML; the browser checks are in test_browser)."""

import re

from conftest import pages, redirect_stub, soup


def test_every_page_has_its_own_meta_description(book):
    seen = {}
    for page in pages(book.html):
        tags = soup(page).select('meta[name="description"]')
        assert len(tags) == 1, f"{page.name}: {len(tags)} meta descriptions"
        viewports = soup(page).select('meta[name="viewport"]')  # docutils adds one to Sphinx's own
        assert len(viewports) == 1, f"{page.name}: {len(viewports)} viewport metas"
        text = tags[0]["content"]
        assert 50 <= len(text) <= 420, f"{page.name}: {len(text)} characters: {text!r}"
        # whole sentences: one cut mid-phrase ("setting aside what…") says little (reviews CW, FD, FG)
        assert re.search(r"[.?!][”’]?$", text) and "…" not in text[-3:], f"{page.name}: not a whole sentence: {text!r}"
        assert "¶" not in text and "<" not in text, f"{page.name}: {text!r}"
        assert text.count("“") == text.count("”"), f"{page.name}: cut inside a quotation: {text!r}"  # review AU
        assert text not in seen, f"{page.name} and {seen.get(text)} share the description {text!r}"
        seen[text] = page.name


def test_a_section_description_is_its_editors_summary(book):
    doc = soup(book.html / "sections" / "reasons-for-distrust.html")
    text = doc.select_one('meta[name="description"]')["content"]
    assert text.startswith("Why it is “possible” that Putin still distrusts Lukashenka — The author’s thesis: relations "
                           "between the two allies “may not be as rosy as they seem”"), text


def test_every_page_has_a_favicon_that_exists(book):
    for page in pages(book.html):
        icon = soup(page).select_one('link[rel="icon"]')
        assert icon is not None, page.name
        assert (page.parent / icon["href"]).resolve().is_file(), f"{page.name}: {icon['href']}"


def test_no_page_loads_the_font_awesome_svg_script(book):
    """1.5 MB of JavaScript (530 KiB gzip'd) for icons the theme's CSS already draws from its webfont."""
    for page in pages(book.html):
        assert "fontawesome.js" not in page.read_text(encoding="utf-8"), page.name


def test_each_section_shows_its_reading_time(book, oped):
    for page in (p for p in sorted((book.html / "sections").glob("*.html")) if not redirect_stub(p)):
        doc = soup(page)
        line = doc.select_one("article section > p.reading-time")
        assert line is not None and line.find_previous_sibling("h1"), f"{page.name}: no reading time under the title"
        numbers = [int(b["id"][1:]) for b in doc.select("div.oped-body")]
        words = sum(len(oped.body[n - 1].split()) for n in numbers)
        text = line.get_text()
        assert f"{words} words of the op-ed" in text, f"{page.name}: {text!r}, expected {words} words"
        minutes = round(words / 200)
        assert ("under a minute" if minutes < 1 else f"about {minutes} minute") in text, text
        assert [a["href"] for a in line.select("a")] == [f"#p{n}" for n in numbers], text
        assert re.search(r"¶\d+", text)


def test_pages_without_the_op_ed_show_no_reading_time(book):
    for page in pages(book.html):
        if page.parent.name != "sections":
            assert not soup(page).select("p.reading-time"), page.name
