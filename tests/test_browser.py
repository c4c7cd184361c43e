"""The reader's experience in a real browser: Debian's Chromium, driven by Playwright.

The built book (the session ``book``, with its PDF) is served on loopback by the same gzip'ing
static server `make audit` uses; every request to any other origin is aborted and recorded.
Each page is opened once per colour mode (light, dark) and checked with axe-core (from npm, every
rule it runs by default: none is disabled), for console errors, failed or off-site requests and
visibly rendered diagrams.  Search, keyboard navigation, a phone-sized viewport and print are
checked on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from conftest import ROOT, one_ahead, pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MODES = ("light", "dark")


@dataclass
class Visit:
    """What one page did in one colour mode."""
    page: str
    mode: str
    theme: str = ""                                     # <html data-theme> after load
    axe: list[dict] = field(default_factory=list)       # violations
    console: list[str] = field(default_factory=list)    # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)     # failed requests and HTTP errors
    offsite: list[str] = field(default_factory=list)    # requests to any other origin (aborted)
    diagrams: list[dict] = field(default_factory=list)  # box and background of each diagram
    fonts: list[str] = field(default_factory=list)      # webfonts fetched (file names)


@pytest.fixture(scope="module")
def names(book) -> list[str]:
    return [str(p.relative_to(book.html)) for p in pages(book.html)]


def watch(page: Page, base: str, visit: Visit) -> None:
    """Record console errors, page errors, failed and off-site requests; block every other origin."""
    origin = urlsplit(base).netloc

    def route(r):
        if urlsplit(r.request.url).netloc == origin or r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            visit.offsite.append(r.request.url)
            r.abort("blockedbyclient")

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and visit.console.append(f"{m.text} ({m.location.get('url')})"))
    page.on("pageerror", lambda e: visit.console.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: urlsplit(r.url).netloc == origin and visit.failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and visit.failed.append(f"{r.url}: HTTP {r.status}"))
    page.on("request", lambda r: r.resource_type == "font" and visit.fonts.append(urlsplit(r.url).path.rsplit("/", 1)[-1]))


DIAGRAMS_JS = """() => [...document.querySelectorAll('div.mermaid-diagram svg')].map(svg => {
  const box = svg.getBoundingClientRect(), style = getComputedStyle(svg);
  return {id: svg.id, width: box.width, height: box.height, visible: style.visibility !== 'hidden'
          && style.display !== 'none' && svg.checkVisibility(), background: style.backgroundColor,
          shapes: svg.querySelectorAll('g.node, g.edgeLabel, g.eventWrapper, rect, path').length};
})"""


@pytest.fixture(scope="module")
def visits(browser, site, names) -> list[Visit]:
    """Every page, once in each colour mode (the reader's system setting), at a laptop's size."""
    axe = AXE.read_text(encoding="utf-8")
    found = []
    for mode in MODES:
        context = browser.new_context(color_scheme=mode, viewport={"width": 1280, "height": 900})

        def open_page(name: str) -> tuple[Page, Visit]:
            visit = Visit(name, mode)
            page = context.new_page()
            watch(page, site, visit)
            page.goto(site + name, wait_until="load")
            return page, visit

        def check(opened: tuple[Page, Visit]) -> Visit:
            page, visit = opened
            page.wait_for_load_state("networkidle")
            visit.theme = page.evaluate("document.documentElement.dataset.theme")
            visit.diagrams = page.evaluate(DIAGRAMS_JS)
            page.add_script_tag(content=axe)
            visit.axe = page.evaluate("async () => (await axe.run(document)).violations.map(v => "
                                      "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))")
            page.close()
            return visit

        found += one_ahead(open_page, check, names)
        context.close()
    return found


@pytest.mark.release
def test_every_page_is_opened_in_both_modes(visits, names):
    assert len(names) >= 15 and {v.mode for v in visits} == set(MODES)
    for visit in visits:
        assert visit.theme == visit.mode, f"{visit.page}: asked for {visit.mode}, the page shows {visit.theme!r}"


@pytest.mark.release
def test_no_accessibility_violations(visits):
    problems = [f"{v.page} [{v.mode}] {a['id']} ({a['impact']}): {a['help']} at {a['nodes'][:3]}"
                for v in visits for a in v.axe]
    assert not problems, "\n".join(problems)


@pytest.mark.release
def test_no_console_errors(visits):
    problems = [f"{v.page} [{v.mode}] {message}" for v in visits for message in v.console]
    assert not problems, "\n".join(problems)


@pytest.mark.release
def test_no_failed_or_offsite_requests(visits):
    problems = [f"{v.page} [{v.mode}] failed: {r}" for v in visits for r in v.failed]
    problems += [f"{v.page} [{v.mode}] off-site: {r}" for v in visits for r in v.offsite]
    assert not problems, "\n".join(problems)


@pytest.mark.release
def test_icons_come_from_the_book_s_3_kib_subset_not_the_112_kib_font(visits):
    """briefing/templates/layout.html gives briefing/static/fonts/icons.woff2 (tools/subset_icons.py) precedence over the theme's Font
    Awesome font; an icon it lacks would make the browser fetch the full font, which competes with the first paint."""
    problems = [f"{v.page} [{v.mode}] fetched {v.fonts}" for v in visits if v.fonts != ["icons.woff2"]]
    assert not problems, "run tools/subset_icons.py (icons the subset lacks):\n" + "\n".join(problems)


@pytest.mark.release
def test_every_diagram_is_visibly_rendered(visits):
    drawn = {d["id"] for v in visits for d in v.diagrams}
    assert len(drawn) >= 4, drawn
    for visit in visits:
        for d in visit.diagrams:
            where = f"{visit.page} [{visit.mode}] {d['id']}"
            assert d["visible"] and d["width"] > 200 and d["height"] > 100, f"{where}: not drawn: {d}"
            assert d["shapes"] >= 4, f"{where}: an empty drawing"
            # dark mode keeps diagrams legible: dark text on a white card, whatever the page colour
            assert d["background"] == "rgb(255, 255, 255)", f"{where}: background {d['background']}"


@pytest.mark.parametrize("actor, expected", [("Goble", "glossary/people.html"), ("Wagner", "sections/reasons-for-distrust.html")])
def test_search_finds_actors_by_name(browser, site, actor, expected):
    page = browser.new_page()
    visit = Visit("search.html", "light")
    watch(page, site, visit)
    page.goto(site + "search.html")
    page.wait_for_load_state("networkidle")  # the favicon too: submitting would abort it
    page.get_by_role("searchbox").first.fill(actor)
    page.keyboard.press("Enter")
    page.locator("#search-results p.search-summary").wait_for(timeout=15000)
    page.wait_for_load_state("networkidle")  # each hit fetches its page for a summary
    hits = page.evaluate("""() => [...document.querySelectorAll('#search-results ul.search li')].map(li => ({
        href: new URL(li.querySelector('a').href).pathname.slice(1), summary: li.querySelector('p.context')?.textContent || ''}))""")
    page.close()
    assert expected in [h["href"] for h in hits], f"searching {actor!r} found {hits}"
    assert all(actor.lower() in h["summary"].lower() for h in hits), f"hits without a summary that shows {actor!r}: {hits}"
    assert not visit.console and not visit.failed and not visit.offsite, visit


def tab_through(page: Page, limit: int) -> list[dict]:
    """Press Tab ``limit`` times; what has focus after each press, and how its focus is drawn."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
          const el = document.activeElement, s = getComputedStyle(el);
          return {href: el.getAttribute('href') || '', tag: el.tagName, text: el.textContent.trim().slice(0, 40),
                  outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                  shadow: s.boxShadow !== 'none'};
        }"""))
    return seen


@pytest.mark.parametrize("section", sorted(p.stem for p in (ROOT / "docs" / "sections").glob("*.md")))
def test_keyboard_reaches_every_glossary_link_with_visible_focus(browser, site, section):
    """Every section page, one test each (so test workers share them)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    response = page.goto(site + f"sections/{section}.html")
    assert response and response.ok, f"{section}: HTTP {response and response.status}"
    article = page.locator("article.bd-article a[href*='glossary/']")
    targets = {a for a in article.evaluate_all("as => as.map(a => a.getAttribute('href'))")}
    focusable = page.locator("a[href], button, input, [tabindex]").count()
    seen = tab_through(page, focusable + 5)
    page.close()
    assert seen[0]["text"] == "Skip to main content", f"{section}: the first Tab stop is {seen[0]}"
    reached = {s["href"] for s in seen}
    assert targets and targets <= reached, f"{section}: not reachable by Tab: {sorted(targets - reached)}"
    unmarked = [s for s in seen if "glossary/" in s["href"] and not (s["outline"] or s["shadow"])]
    assert not unmarked, f"{section}: focus not visible on {unmarked[:3]}"


def test_phone_viewport_never_scrolls_sideways(browser, site, names):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)

    def open_page(name: str) -> tuple[Page, str]:
        page = context.new_page()
        page.goto(site + name, wait_until="load")
        return page, name

    def too_wide(opened: tuple[Page, str]) -> str | None:
        page, name = opened
        width = page.evaluate("document.documentElement.scrollWidth")
        culprits = None if width <= 390 else page.evaluate("""() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > 391 && getComputedStyle(e).position !== 'fixed')
          .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
        page.close()
        return None if culprits is None else f"{name}: {width}px wide, e.g. {culprits}"

    wide = [line for line in one_ahead(open_page, too_wide, names) if line]
    context.close()
    assert not wide, "\n".join(wide)


PRINT_JS = """() => {
  const shown = el => el.checkVisibility();
  return {
    navigation: [...document.querySelectorAll('nav, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header, .bd-header-article, .prev-next-footer, .bd-footer')].filter(shown).map(e => e.tagName + '.' + e.className),
    buttons: [...document.querySelectorAll('button, .btn, a.pdf-link')].filter(shown).map(e => e.tagName + '.' + e.className),
    title: shown(document.querySelector('article h1')),
    oped: [...document.querySelectorAll('div.oped-body')].every(shown),
    diagrams: [...document.querySelectorAll('div.mermaid-diagram svg')].every(shown),
  };
}"""


@pytest.mark.parametrize("name", ["sections/exit-scenarios.html", "analysis/relationships.html"])
def test_print_shows_the_page_without_navigation_or_buttons(browser, site, name):
    for mode in MODES:
        page = browser.new_page(color_scheme=mode)
        page.goto(site + name)
        page.emulate_media(media="print")
        state = page.evaluate(PRINT_JS)
        page.close()
        assert not state["navigation"], f"{name} [{mode}] prints navigation: {state['navigation']}"
        assert not state["buttons"], f"{name} [{mode}] prints buttons: {state['buttons']}"
        assert state["title"] and state["oped"] and state["diagrams"], f"{name} [{mode}]: {state}"
