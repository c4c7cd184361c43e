"""Rewrite briefing/static/fonts/icons.woff2: the theme's Font Awesome solid webfont cut to the icons the book draws.

pydata-sphinx-theme draws its icons (search, theme switcher, sidebar toggles, PDF link, admonitions) from
Font Awesome's solid webfont, 112 KiB for ~1,400 icons, of which the book shows about twenty.  Browsers fetch
a webfont at the highest priority, beside the stylesheets, so on a phone connection those 112 KiB compete
with the first paint (Lighthouse counted them in First Contentful Paint: 0.6 s, performance 93-95).
briefing/templates/layout.html declares this subset under the same family, weight and style after the
theme's stylesheet, so the browser draws from it; an icon missing from it falls back to the theme's full
font (so nothing is ever drawn blank), and the browser tests fail if any page fetches that full font.
(The EPUB draws no icons and leaves the font out.)

Run it when the theme (or the set of icons the book uses) changes; it needs fontTools and brotli, which the
build itself does not:

    pip install --target /tmp/ft fonttools brotli
    PYTHONPATH=/tmp/ft .venv/bin/python tools/subset_icons.py [_build/html]

The icons kept: every ``fa-NAME`` class in the built pages and in the scripts they load, and every icon the
theme's stylesheets and briefing.css name by code point (admonitions, breadcrumbs, external links).  The font's
copyright and licence (SIL OFL 1.1) stay in its name table.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from book import ROOT, pages

OUT = ROOT / "briefing" / "static" / "fonts" / "icons.woff2"
FONT = "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2"
STYLESHEETS = ("_static/styles/pydata-sphinx-theme.css", "_static/styles/sphinx-book-theme.css",
               "_static/briefing.css")
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"([^"]*)"')  # .fa-a,.fa-b{--fa:"\f002"...}
CODEPOINT = re.compile(r"\\([0-9a-fA-F]{1,6}) ?|([\ue000-\uf8ff])")


def css_string(text: str) -> str:
    return CODEPOINT.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), text)


def used_codepoints(html: Path) -> set[int]:
    css = "".join((html / name).read_text(encoding="utf-8") for name in STYLESHEETS)
    glyphs: dict[str, str] = {}
    for selectors, value in ICON_RULE.findall(css):
        for name in selectors.split(","):
            if name:
                glyphs[name[1:]] = css_string(value)
    loaded = [*pages(html), *(p for p in (html / "_static").rglob("*.js") if p.name != "fontawesome.js")]
    classes = {c for p in loaded for c in re.findall(r"fa-[a-z0-9-]+", p.read_text(encoding="utf-8"))}
    points = {ord(ch) for c in classes for ch in glyphs.get(c, "")}
    theme_own = ICON_RULE.sub("", css)  # what is left names icons by code point: --pst-icon-*, content: "…"
    points |= {ord(css_string(m.group(0))) for m in CODEPOINT.finditer(theme_own)
               if 0xE000 <= ord(css_string(m.group(0))) <= 0xF8FF}
    return points


def main() -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    html = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html").resolve()
    points = used_codepoints(html)
    font = TTFont(html / FONT)
    cmap = font.getBestCmap()
    options = subset.Options(flavor="woff2", layout_features=[], name_IDs=["*"], name_languages=["*"],
                             notdef_outline=True, hinting=False, desubroutinize=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points))
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(OUT)
    kept = sorted(p for p in points if p in cmap)
    print(f"{OUT.relative_to(ROOT)}: {len(kept)} icons ({', '.join(f'U+{p:04X}' for p in kept)}), "
          f"{OUT.stat().st_size / 1024:.1f} KiB (the full font: {(html / FONT).stat().st_size / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
