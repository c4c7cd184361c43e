"""Figures and page furniture as a reader sees them, in Debian's Chromium (Playwright).

Every diagram label is measured as rendered (its computed font size times the SVG's on-screen
scale) at the 1280×900 desktop layout; on a phone, a diagram opens full-screen and zooms by touch
and keyboard, with no request to any other origin.  Each page has one search box and a tab title
that names the book once; the search page's shortcut hint reaches WCAG AA contrast.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import pages, soup

SMALLEST_LABEL = """(root) => {
  const svg = root.querySelector('svg'); let smallest = Infinity, count = 0;
  for (const el of svg.querySelectorAll('text, tspan, foreignObject *')) {
    if (![...el.childNodes].some(c => c.nodeType === Node.TEXT_NODE && c.data.trim())) continue;
    let graphic = el; while (!(graphic instanceof SVGGraphicsElement)) graphic = graphic.parentElement;
    const m = graphic.getScreenCTM();
    smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b)); count++;
  }
  return {smallest, count};
}"""


def diagram_pages(book) -> list[str]:
    return [str(p.relative_to(book.html)) for p in pages(book.html) if soup(p).select("div.mermaid-diagram svg")]


def offsite_blocked(page, base: str, offsite: list[str]) -> None:
    origin = urlsplit(base).netloc

    def route(r):
        if urlsplit(r.request.url).netloc == origin or r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort("blockedbyclient")

    page.route("**/*", route)


FITS_THE_COLUMN = """(diagram) => {
  const article = diagram.closest('.bd-article'), style = getComputedStyle(article);
  const column = article.getBoundingClientRect(), box = diagram.getBoundingClientRect();
  return {left: box.left >= column.left + parseFloat(style.paddingLeft) - 1,
          right: box.right <= column.right - parseFloat(style.paddingRight) + 1,
          scrolls: diagram.scrollWidth > diagram.clientWidth + 1, width: Math.round(box.width),
          column: Math.round(column.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight))};
}"""


def test_every_figure_fits_the_text_column_with_labels_of_11_css_px_or_more_on_a_desktop(browser, site, book):
    """At 1280×900 each diagram sits inside the text column, nothing to scroll inside it, and its smallest label
    is 11 CSS px or more: a figure too rich for that is laid out differently or split (figures.yaml)."""
    names = diagram_pages(book)
    assert len(names) >= 3  # the analysis pages (argument, relationships, timeline)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    measured, outside = {}, {}
    for name in names:
        page.goto(site + name, wait_until="load")
        for i, diagram in enumerate(page.locator("div.mermaid-diagram").all()):
            found = diagram.evaluate(SMALLEST_LABEL)
            assert found["count"] > 3, name
            measured[f"{name} #{i + 1}"] = round(found["smallest"], 2)
            fit = diagram.evaluate(FITS_THE_COLUMN)
            if not (fit["left"] and fit["right"]) or fit["scrolls"]:
                outside[f"{name} #{i + 1}"] = fit
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, f"{name} scrolls sideways"
    page.close()
    assert len(measured) >= 9
    assert not outside, f"diagrams past the text column or scrolling inside at 1280x900: {outside}"
    small = {k: v for k, v in measured.items() if v < 11}
    assert not small, f"labels under 11 CSS px at 1280x900: {small} (all: {measured})"


def smallest_in_viewer(page) -> float:
    return page.locator("dialog.figure-viewer .figure-viewer__frame").evaluate(SMALLEST_LABEL)["smallest"]


PINCH = """() => {
  const stage = document.querySelector('.figure-viewer__stage'), box = stage.getBoundingClientRect();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const send = (type, id, x) => stage.dispatchEvent(new PointerEvent(type,
      {pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x, clientY: cy, bubbles: true}));
  send('pointerdown', 1, cx - 20); send('pointerdown', 2, cx + 20);
  for (let i = 1; i <= 10; i++) { send('pointermove', 1, cx - 20 - 10 * i); send('pointermove', 2, cx + 20 + 10 * i); }
  send('pointerup', 1, cx - 120); send('pointerup', 2, cx + 120);
}"""


@pytest.mark.parametrize("name", ["analysis/relationships.html", "analysis/timeline.html"])
def test_a_figure_opens_full_screen_and_zooms_on_a_phone(browser, site, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    offsite, errors = [], []
    offsite_blocked(page, site, offsite)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site + name, wait_until="load")
    inline = page.locator("div.mermaid-diagram").first.evaluate(SMALLEST_LABEL)["smallest"]
    figures = page.locator("div.mermaid-diagram svg").count()

    buttons = page.get_by_role("button", name="Enlarge Figure")
    assert buttons.count() == page.locator("div.mermaid-diagram").count()  # one per figure
    button = buttons.first
    button.tap()  # by touch
    dialog = page.locator("dialog.figure-viewer")
    box = dialog.bounding_box()
    assert dialog.evaluate("d => d.open") and box["width"] >= 390 and box["height"] >= 844, box
    assert page.evaluate("document.activeElement.closest('dialog') !== null"), "focus stays outside the viewer"
    fitted = smallest_in_viewer(page)
    assert fitted >= inline

    for _ in range(5):
        page.keyboard.press("+")  # by keyboard: 1.25 each
    zoomed = smallest_in_viewer(page)
    assert zoomed >= 11 and zoomed > fitted * 2, (fitted, zoomed)
    page.keyboard.press("0")
    assert smallest_in_viewer(page) == pytest.approx(fitted, rel=0.01)

    page.evaluate(PINCH)  # two fingers moving apart
    pinched = smallest_in_viewer(page)
    assert pinched > fitted * 2, (fitted, pinched)

    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    try:  # the dialog's close event, which puts the diagram back, is a task of its own after close()
        page.wait_for_function("n => document.querySelectorAll('div.mermaid-diagram svg').length === n", arg=figures, timeout=5000)
    except PlaywrightTimeout:
        pass  # reported by the assertion below
    assert page.locator("div.mermaid-diagram svg").count() == figures, "the diagram went back to its page"
    assert page.evaluate("document.activeElement.classList.contains('figure-viewer__open')"), "focus not returned"
    assert not offsite and not errors, (offsite, errors)
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_one_search_box_per_page(browser, site, book, viewport):
    page = browser.new_page(viewport=viewport)
    for path in pages(book.html):
        name = str(path.relative_to(book.html))
        page.goto(site + name, wait_until="load")
        visible = page.evaluate("""() => [...document.querySelectorAll(
            '.search-button-field, .search-button, form.bd-search')]
            .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true})).length""")
        expected = 2 if name == "search.html" else 1  # the search page: its own form, and the box to search again
        assert visible <= expected, f"{name} at {viewport['width']} px shows {visible} search boxes"
        assert visible >= 1, f"{name} at {viewport['width']} px offers no search"
    page.close()


def test_tab_titles_name_the_book_once(book):
    title = soup(book.html / "index.html").select_one("title").get_text()
    for path in pages(book.html):
        text = soup(path).select_one("title").get_text()
        assert text.count(title) == 1 if path.name != "index.html" else text == title, (path.name, text)


CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = (c) => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ground = (el) => { for (; el; el = el.parentElement) { const bg = getComputedStyle(el).backgroundColor;
                           if (rgb(bg).length < 4 || rgb(bg)[3] > 0) return bg; } return 'rgb(255, 255, 255)'; };
  return [...document.querySelectorAll('.search-button__kbd-shortcut, .search-button__kbd-shortcut kbd, .search-button__default-text')]
    .filter(e => e.checkVisibility()).map(e => { const a = lum(getComputedStyle(e).color), b = lum(ground(e));
      return [e.className || e.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; });
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_search_hints_reach_aa_contrast(browser, site, mode):
    context = browser.new_context(color_scheme=mode, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for name in ("search.html", "index.html"):
        page.goto(site + name, wait_until="load")
        ratios = page.evaluate(CONTRAST)
        assert ratios, name
        low = [(what, round(ratio, 2)) for what, ratio in ratios if ratio < 4.5]
        assert not low, f"{name} ({mode}): text under 4.5:1: {low}"
    context.close()
