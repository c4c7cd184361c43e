"""Deep links in a real browser (Debian's Chromium via Playwright): cold opens land on the target,
redirects land, permalinks copy, glossary previews show on hover and on keyboard focus."""

from __future__ import annotations

import re
import time

import pytest

from conftest import moved_anchors, one_ahead, published_anchors
from conftest import build_html, copy_project, edit
from static_server import serve

# an empty span before a heading (a label kept from an earlier edition) is seen as the heading it stands on
IN_VIEW = """id => { const el = document.getElementById(id); if (!el) return null;
  let shown = el; while (shown.tagName === "SPAN" && !shown.textContent && shown.nextElementSibling) shown = shown.nextElementSibling;
  const r = el.getBoundingClientRect();
  const seen = document.elementFromPoint(Math.max(r.left, 0) + 4, Math.max(r.top, 0) + 4);
  return {top: r.top, height: innerHeight, covered: !(seen && (shown.contains(seen) || seen.contains(shown))),
          atEnd: scrollY + innerHeight >= document.documentElement.scrollHeight - 2}; }"""


def assert_lands(page, anchor: str) -> None:
    """The target is in view: near the top, or lower only because the page cannot scroll further."""
    box = page.evaluate(IN_VIEW, anchor)
    assert box is not None, f"no #{anchor} on {page.url}"
    assert 0 <= box["top"] < box["height"] * (0.9 if box["atEnd"] else 0.3), f"{page.url}: #{anchor} not in view ({box})"
    assert not box["covered"], f"{page.url}: #{anchor} is under something (a sticky header?)"


@pytest.mark.release
@pytest.mark.parametrize("page_name", sorted(set(published_anchors().values())))
def test_every_published_anchor_lands_in_view_when_opened_cold(browser, site, page_name):
    """Every anchor of the registry, one test per page (so test workers share the sweep)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})

    def open_cold(anchor: str):
        page = context.new_page()  # a cold open: nothing visited before in this tab
        page.goto(f"{site}{page_name}.html#{anchor}", wait_until="load")
        return page, anchor, time.monotonic()

    def check(opened) -> None:
        page, anchor, loaded = opened
        settled = 0.150 - (time.monotonic() - loaded)  # let the theme settle its scroll position: 150 ms at least
        if settled > 0:
            page.wait_for_timeout(settled * 1000)
        assert_lands(page, anchor)
        page.close()

    one_ahead(open_cold, check, [anchor for anchor, page in published_anchors().items() if page == page_name])
    context.close()


def test_a_moved_page_redirects_and_keeps_the_anchor(browser, tmp_path, book):
    project = copy_project(tmp_path)
    (project / "docs/sections/turn-to-moscow.md").rename(project / "docs/sections/turn.md")
    edit(project / "docs/index.md", "sections/turn-to-moscow\n", "sections/turn\n")
    edit(project / "conf.py", "redirects: dict[str, str] = {", 'redirects: dict[str, str] = {"sections/turn-to-moscow": "turn.html", ')
    build = build_html(project, seed=book.root)
    assert build.returncode == 0, build.warnings
    stub = (build.html / "sections/turn-to-moscow.html").read_text(encoding="utf-8")
    # a page of its own: its language, its encoding and a title (a reviewer found the stubs had none: review EB)
    assert '<html lang="en">' in stub and '<meta charset="utf-8">' in stub and "<title>" in stub, stub
    with serve(build.html) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}sections/turn-to-moscow.html#p4")
        page.wait_for_url(re.compile(r".*/sections/turn\.html#p4$"))
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)
        assert_lands(page, "p4")
        page.close()


def test_an_anchor_that_moved_page_is_forwarded_from_its_old_page(browser, site):
    """Figure 1 and its introduction left the op-ed's exit-scenarios page for the analysis (reviews BG, BI, BJ: it
    stood between ¶9 and ¶10, or after ¶10); the page they left stays, and an address published to it still lands on
    them."""
    moved = moved_anchors()
    assert {"fig-scenarios", "sec-scenarios-in-brief"} <= moved.keys(), moved
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    for anchor, (now, *before) in moved.items():
        for old in before:
            page.goto(f"{site}{old}.html#{anchor}")
            page.wait_for_url(re.compile(rf".*/{re.escape(now)}\.html#{anchor}$"))
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)
            assert_lands(page, anchor)
    page.goto(f"{site}sections/exit-scenarios.html#p9", wait_until="load")  # what stayed is not sent away
    page.wait_for_timeout(150)
    assert page.url.endswith("/sections/exit-scenarios.html#p9")
    assert {"sec-european-parliament", "p8"} <= moved.keys(), moved  # ¶8, back on a page of its own from ¶7's
    page.close()


def test_paragraph_permalink_copies_its_address(browser, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site}sections/skepticism-close-to-the-kremlin.html", wait_until="load")
    page.click("a.oped-pnum")
    page.wait_for_function("() => document.getElementById('permalink-status')?.textContent")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site}sections/skepticism-close-to-the-kremlin.html#p7"
    assert "Link copied" in page.text_content("#permalink-status")
    context.close()


PREVIEW = "el => getComputedStyle(el, '::after').content"


def test_glossary_preview_shows_on_hover_and_on_keyboard_focus(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site}sections/turn-to-moscow.html", wait_until="load")
    link = page.locator("div.oped-body a[data-preview]").first
    expected = link.get_attribute("data-preview")
    assert page.evaluate("el => getComputedStyle(el, '::after').content", link.element_handle()) in ("none", "normal")
    link.hover()
    assert expected in page.evaluate(PREVIEW, link.element_handle())
    page.mouse.move(0, 0)
    for _ in range(80):  # keyboard only: Tab until a glossary link has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('div.oped-body a[data-preview]')"):
            break
    focused = page.evaluate_handle("document.activeElement")
    assert page.evaluate("el => el.matches('a[data-preview]')", focused), "Tab never reached a glossary link"
    assert page.evaluate("el => el.dataset.preview", focused) in page.evaluate(PREVIEW, focused)
    page.close()
