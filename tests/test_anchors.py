"""Deep links: every published anchor works in the HTML and in the PDF, and the registry guards them."""

import re


from conftest import published_anchors
from conftest import build_html, build_warnings, copy_project, edit, pages, soup


def test_registry_covers_sections_paragraphs_figures_and_terms():
    anchors = published_anchors()
    assert {f"p{n}" for n in range(1, 11)} <= anchors.keys()
    assert any(a.startswith("sec-") for a in anchors) and any(a.startswith("fig-") for a in anchors)
    assert any(a.startswith("term-") for a in anchors)
    assert all(re.fullmatch(r"[A-Za-z0-9-]+", a) and not re.fullmatch(r"id\d+", a) for a in anchors)


def test_every_registry_anchor_is_on_its_page_in_the_html(book):
    parsed = {}  # each page parsed once, not once per anchor
    for anchor, page in published_anchors().items():
        doc = parsed.get(page) or parsed.setdefault(page, soup(book.html / f"{page}.html"))
        assert doc.find(id=anchor), f"{page}.html#{anchor}"


def test_headings_have_permalinks_that_copy(book):
    for page in pages(book.html):
        doc = soup(page)
        for heading in doc.select("main section > h1, main section > h2:not(.rubric)"):
            link = heading.select_one("a.headerlink")
            assert link and link["href"] == "#" + heading.parent["id"], (page.name, heading.get_text())
        assert doc.select_one('script[src*="permalinks.js"]'), page.name
        for rubric in doc.select("main h2.rubric[id]"):  # the home page's At a glance, Open questions (review BN)
            link = rubric.select_one("a.headerlink")
            assert link and link["href"] == "#" + rubric["id"], (page.name, rubric.get_text())


def test_glossary_links_carry_a_preview_of_the_entry(book, actors):
    headwords = {entry["name"] for entries in actors.values() for entry in entries}
    links = [a for page in pages(book.html) for a in soup(page).select('main a.reference[href*="#term-"]')]
    assert links
    for link in links:
        preview = link.get("data-preview", "")
        assert preview.split(" — ")[0] in headwords and len(preview) > 30, (link["href"], preview)
    css = (book.html / "_static" / "briefing.css").read_text()
    assert "a[data-preview]:focus-visible::after" in css and "a[data-preview]:hover::after" in css


def test_linking_page_lists_every_anchor(book):
    table = soup(book.html / "linking.html").select("table.anchor-list tbody tr")
    listed = {row.select_one("a").get_text(): row.get_text() for row in table}
    assert listed.keys() == published_anchors().keys()
    for anchor, row in listed.items():
        assert f"briefing.pdf#{anchor}" in row
    # an anchor kept from a glossary entry's earlier headword says whose it is (review DL: three read as entries)
    assert "an earlier headword of the entry Russian media and some politicians" in listed["term-Russian-media"]
    assert "earlier headword" not in listed["term-Russian-media-and-some-politicians"]
    # and a section's label from an earlier edition says it is one (reviews DQ, DR: "west against east" read as current)
    assert "an earlier address of this section" in listed["sec-west-against-east"]
    assert "earlier" not in listed["sec-courting-west-and-east"]
    # the addresses to cite first, the earlier ones in a table of their own after them (review EX)
    current, older = soup(book.html / "linking.html").select("table.anchor-list")
    assert not any(re.search(r"earlier|since dropped", row.get_text()) for row in current.select("tbody tr"))
    assert all(re.search(r"earlier|since dropped", row.get_text()) for row in older.select("tbody tr"))
    assert "sec-west-against-east" in older.get_text() and "cite the addresses above" in older.find_previous("p").get_text()


# -- the registry as a guard (fixture books) ---------------------------------------------------


def test_removing_a_published_anchor_fails_naming_it(tmp_path, book):
    project = copy_project(tmp_path)
    edit(project / "docs/sections/turn-to-moscow.md", "(sec-turn-to-moscow)=", "(sec-turn)=")
    build = build_warnings(project, seed=book.root)
    assert build.returncode != 0
    assert any("published anchor 'sec-turn-to-moscow'" in w and "gone" in w for w in build.warnings), build.warnings


def test_moving_a_page_needs_a_redirect(tmp_path, book):
    project = copy_project(tmp_path)
    (project / "docs/sections/turn-to-moscow.md").rename(project / "docs/sections/turn.md")
    edit(project / "docs/index.md", "sections/turn-to-moscow\n", "sections/turn\n")
    build = build_warnings(project, seed=book.root)
    assert build.returncode != 0
    assert any("published anchor 'p4' moved from sections/turn-to-moscow to sections/turn without a redirect" in w
               for w in build.warnings), build.warnings

    edit(project / "conf.py", "redirects: dict[str, str] = {", 'redirects: dict[str, str] = {"sections/turn-to-moscow": "turn.html", ')
    build = build_html(project, seed=book.root)
    assert build.returncode == 0, build.warnings
    redirect = (build.html / "sections" / "turn-to-moscow.html").read_text()
    assert 'url=turn.html' in redirect and "window.location.hash" in redirect


def test_a_section_without_a_label_fails_naming_it(tmp_path, book):
    project = copy_project(tmp_path)
    with open(project / "docs/sections/skepticism-close-to-the-kremlin.md", "a", encoding="utf-8") as f:
        f.write("\n## An unlabelled heading\n\nEditorial text.\n")
    build = build_warnings(project, seed=book.root)
    assert build.returncode != 0
    assert any("skepticism-close-to-the-kremlin.md" in w and "'An unlabelled heading' has no explicit label" in w
               for w in build.warnings), build.warnings


def test_a_retitled_page_is_renamed_in_every_pages_navigation(tmp_path, book):
    """Every page's sidebar names every page: a page retitled between two builds is renamed in the sidebars of pages
    that did not change too, not only on its own page (review DD found the old title on fourteen pages)."""
    project = copy_project(tmp_path)
    assert build_html(project, seed=book.root).returncode == 0
    edit(project / "docs/sections/european-parliament.md", "Parliament’s resolution\n", "Parliament’s resolution on Belarus\n")
    assert build_html(project, seed=book.root).returncode == 0
    sidebar = soup(project / "_build/html/sections/sochi-meeting.html").select_one("nav.bd-docs-nav").get_text(" ")
    assert "Parliament’s resolution on Belarus" in sidebar, sidebar
