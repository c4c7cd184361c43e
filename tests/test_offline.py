"""Nothing the reader opens loads from another origin: the briefing works with the network off."""

import re

from conftest import pages, soup

LOADS = [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
         ("object", "data"), ("video", "src"), ("audio", "src"), ("embed", "src")]
LINKS_THAT_LOAD = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "preconnect", "dns-prefetch"}
REMOTE = re.compile(r"^(https?:)?//", re.I)


def test_no_html_page_loads_from_another_origin(book):
    for page in pages(book.html):
        doc = soup(page)
        for tag, attr in LOADS:
            for element in doc.find_all(tag):
                url = element.get(attr, "")
                if tag == "link" and not LINKS_THAT_LOAD & set(element.get("rel", [])):
                    continue
                assert not REMOTE.match(url), f"{page.name}: <{tag} {attr}={url}>"
        for image in doc.find_all(["image", "use", "feimage"]):  # inside inline SVG
            for attr in ("href", "xlink:href", "src"):
                assert not REMOTE.match(image.get(attr, "")), f"{page.name}: <{image.name} {attr}>"
        for style in doc.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.get_text()), page.name
        assert not re.search(r"@import\s+url\(['\"]?https?:", page.read_text(encoding="utf-8")), page.name


def test_no_stylesheet_or_script_loads_from_another_origin(book):
    for path in list(book.html.rglob("*.css")) + list(book.html.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?https?://", text), path.name
        assert not re.search(r"""import\s*\(?\s*['"]https?://""", text), path.name


def test_diagrams_are_inline_not_fetched(book):
    for page in pages(book.html):
        assert "cdn.jsdelivr" not in page.read_text(encoding="utf-8"), page.name
