"""The EPUB as a publisher releases it: valid (EPUBCheck), accessible (DAISY Ace), with true metadata.

Sphinx's EPUB 3 builder leaves three things to the project, which this extension does:

- every XHTML document declares its language (``lang`` and ``xml:lang`` on ``<html>``): Sphinx's
  EPUB ``html_tag`` has neither, so screen readers guess (Ace: html-has-lang, serious);
- ``content.opf`` carries the EPUB Accessibility 1.1 metadata (``schema:accessMode``,
  ``accessModeSufficient``, ``accessibilityFeature``, ``accessibilityHazard``,
  ``accessibilitySummary``) stating what is true of this book, and no conformance claim: the
  automated checks pass, but no one has done the manual WCAG review a claim needs;
- documents with inline SVG (the diagrams, whose nodes link to the glossary) are declared as such
  in the manifest (``properties="svg"``, required by EPUB 3), and the navigation document's
  ``<nav epub:type="toc">`` gets its matching ARIA role (``doc-toc``);
- ``toc.ncx`` names the book by its identifier (Sphinx writes ``epub_uid`` there, the XML id).

The identifier, description and contributor are set in conf.py (``epub_identifier`` &c.); the
build warns (and so fails) if any is left at Sphinx's "unknown".
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
EPUB_BUILDERS = {"epub"}

# What is true of this book (EPUB Accessibility 1.1, schema.org vocabulary).
ACCESS_MODES = ["textual", "visual"]                  # text, and four diagrams
ACCESS_MODES_SUFFICIENT = ["textual", "textual,visual"]  # every diagram has alt text and a text version
FEATURES = [
    "alternativeText",         # every diagram has a text alternative (:alt:)
    "longDescription",         # ... and a "Text version of the figure" beside it
    "structuralNavigation",    # headings in order: page title h1, sections h2, …
    "tableOfContents",         # nav.xhtml lists every page (epub_tocscope = "includehidden")
    "index",                   # the general index of actors
    "readingOrder",            # the spine follows the book's reading order
    "displayTransformability",  # reflowable text, no fixed sizes or colours forced on the reader
]
HAZARDS = ["none"]  # no flashing, sound or motion simulation
SUMMARY = ("A reflowable briefing book: the op-ed's text, word for word, in sections with headings, "
           "a table of contents and an index. Each of its four diagrams has a text alternative and, beside it, a text "
           "version; the diagrams' actor nodes link to the glossary. No formal conformance claim is made: automated "
           "checks (EPUBCheck, DAISY Ace) report no issue, but a manual WCAG review has not been done.")


def check_identity(app: Sphinx, config: Any) -> None:
    """A real identifier, description and contributor, never Sphinx's "unknown"."""
    for name in ("epub_identifier", "epub_description", "epub_contributor", "epub_uid"):
        if getattr(config, name) in ("", "unknown"):
            logger.warning("conf value %r is not set: the EPUB would say 'unknown'", name, type="epub")


def set_language(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Every EPUB document says which language it is in."""
    if app.builder.name in EPUB_BUILDERS and context.get("html_tag"):
        lang = app.config.epub_language or app.config.language
        context["html_tag"] = context["html_tag"].replace("<html ", f'<html lang="{lang}" xml:lang="{lang}" ', 1)


def accessibility_metadata() -> str:
    metas = [*(("schema:accessMode", v) for v in ACCESS_MODES),
             *(("schema:accessModeSufficient", v) for v in ACCESS_MODES_SUFFICIENT),
             *(("schema:accessibilityFeature", v) for v in FEATURES),
             *(("schema:accessibilityHazard", v) for v in HAZARDS),
             ("schema:accessibilitySummary", SUMMARY)]
    return "".join(f'\n    <meta property="{prop}">{value}</meta>' for prop, value in metas)


def amend_package(outdir: Path) -> None:
    """content.opf: accessibility metadata; ``properties="svg"`` on documents with inline SVG."""
    opf = outdir / "content.opf"
    text = opf.read_text(encoding="utf-8")
    text = text.replace("\n  </metadata>", accessibility_metadata() + "\n  </metadata>", 1)

    def item(match: re.Match[str]) -> str:
        href = match.group(1)
        if href.endswith(".xhtml") and "<svg" in (outdir / href).read_text(encoding="utf-8"):
            return match.group(0).replace(' />', ' properties="svg" />')
        return match.group(0)

    text = re.sub(r'<item id="[^"]*" href="([^"]*)" media-type="application/xhtml\+xml" />', item, text)
    opf.write_text(text, encoding="utf-8")


def amend_navigation(outdir: Path) -> None:
    """nav.xhtml: the table of contents' ARIA role matches its epub:type (Ace: epub-type-has-matching-role)."""
    nav = outdir / "nav.xhtml"
    text = nav.read_text(encoding="utf-8")
    nav.write_text(text.replace('<nav epub:type="toc">', '<nav epub:type="toc" role="doc-toc">', 1), encoding="utf-8")


def hook_builder(app: Sphinx) -> None:
    """Start from an empty output folder; amend the package and navigation documents right after Sphinx
    writes them, before it zips the book.

    Sphinx packs every file it finds in the EPUB's output folder, so a file an earlier build left there
    (an image the book no longer has, a backup of .buildinfo) would end up in the book: each EPUB build
    writes every page afresh (a few seconds: the doctrees and the rendered diagrams are cached elsewhere).
    """
    builder = app.builder
    if builder.name not in EPUB_BUILDERS:
        return
    for stale in Path(builder.outdir).iterdir():
        shutil.rmtree(stale) if stale.is_dir() and not stale.is_symlink() else stale.unlink()
    build_content, build_navigation_doc = builder.build_content, builder.build_navigation_doc

    def content() -> None:
        build_content()
        amend_package(Path(builder.outdir))

    def navigation() -> None:
        build_navigation_doc()
        amend_navigation(Path(builder.outdir))

    def toc_metadata(level: int, navpoints: list[Any]) -> dict[str, Any]:
        # Sphinx puts epub_uid (the XML id) where the NCX wants the identifier itself (EPUBCheck: NCX-001).
        return {**original_toc_metadata(level, navpoints), "uid": html.escape(app.config.epub_identifier)}

    original_toc_metadata = builder.toc_metadata
    builder.build_content = content
    builder.build_navigation_doc = navigation
    builder.toc_metadata = toc_metadata


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", check_identity)
    app.connect("builder-inited", hook_builder)
    app.connect("html-page-context", set_language)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
