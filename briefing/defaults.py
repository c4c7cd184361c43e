"""What every briefing book shares: the settings conf.py need not repeat.

At ``config-inited`` every setting below that conf.py leaves unset gets the briefing's value, so
a book's conf.py holds only what is its own (its source, publisher, date, copyright).  Title and
author come from the op-ed itself; the theme, the LaTeX title page and preamble
(``latex/*.tex``, with ``@title@``, ``@author@``, ``@as_of@``, … filled in), the templates and
static files come from this package.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import book, claims

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent


TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
       "^": r"\^{}", "~": r"\~{}"}
# In the XMP packet (a macro expanded into a PDF string by \special): XML's escapes, and a numeric character
# reference for each character TeX or a PDF string would take as syntax.
XMP = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{char: f"&#{ord(char)};" for char in "\\{}%~()^$_#"}}


def escape(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(char, char) for char in text)


def latex_file(name: str, values: dict[str, str], raw: dict[str, str] | None = None) -> str:
    """latex/NAME with each ``@key@`` filled in, as TeX text (``@xmp_key@``: as XMP, see :data:`XMP`), so a
    title like "Ports & Rules: 100% Green?" typesets as it is written."""
    text = (HERE / "latex" / name).read_text(encoding="utf-8")
    for key, value in (raw or {}).items():  # already escaped
        text = text.replace(f"@{key}@", value)
    for key, value in values.items():
        text = text.replace(f"@xmp_{key}@", escape(value, XMP)).replace(f"@{key}@", escape(value, TEX))
    return text


def settings(app: Sphinx, config: Config) -> dict[str, Any]:
    """Every shared setting, for this book."""
    the_book = book.of(app)
    oped, as_of, stem = the_book.oped, the_book.date, Path(the_book.pdf).stem
    citation = config.citation_oped
    publisher, short = citation.get("publisher", ""), citation.get("publisher_short", "")
    words_per_minute = config.reading_words_per_minute
    keywords = [*config.briefing_keywords, "briefing book"]  # the PDF's subjects (Info dictionary and XMP)
    editors = config.briefing_editors
    credit = f"{editors} (briefing book); {oped.author} (op-ed)"  # the PDF's Author
    fill = {"title": oped.title, "book_title": the_book.title, "author": oped.author, "editors": editors, "credit": credit, "as_of": as_of,
            "publisher": publisher,
            "publisher_short": short, "date_note": f" ({config.briefing_date_note})" if config.briefing_date_note else "",
            "paragraphs": str(len(oped.body)), "keywords": ", ".join(keywords),
            "as_of_hedged": f"{as_of} ({config.briefing_date_note})" if config.briefing_date_note else as_of}
    return {
        "project": oped.title,
        "author": editors,  # the book's: the op-ed's author is credited as such (footer, PDF, EPUB, citations)
        "exclude_patterns": ["_build", config.briefing_data, "README.md"],
        "smartquotes": False,  # the op-ed's quotes are kept exactly as received
        "numfig": True,
        "numfig_secnum_depth": 0,  # Figure 1, 2, … through the whole book, in HTML and PDF alike
        "numfig_format": {"figure": "Figure %s", "table": "Table %s"},
        "nitpicky": True,
        # -- MyST
        "myst_enable_extensions": ["colon_fence", "substitution", "deflist"],
        # Raw HTML in a page or a data file is shown as the text it is, never run: "<script>" an editor pastes from
        # a web page stays visible text (a book extends this list; it cannot take these two out).
        "myst_disable_syntax": ["html_block", "html_inline"],
        "myst_substitutions": {"reading_minutes": round(oped.words / words_per_minute), "words": oped.words,
                               "as_of": as_of, **claims.MARKS},
        # -- Mermaid (rendered at build time by diagrams.py)
        "mermaid_output_format": "svg",  # stops sphinxcontrib-mermaid adding its JavaScript (from a CDN)
        "mermaid_config": {"theme": "neutral", "look": "classic", "themeCSS": "* { filter: none !important; }",  # vector only
                           "fontFamily": "Liberation Sans, Arial, Helvetica, sans-serif"},  # metric twin of Arial
        # -- HTML
        "html_theme": "sphinx_book_theme",
        "html_title": the_book.title,  # browser tabs and bookmarks tell the book from the op-ed
        # where the book is published: Read the Docs gives its canonical address (the citation names it)
        "html_baseurl": os.environ.get("READTHEDOCS_CANONICAL_URL", ""),
        "html_css_files": ["briefing.css"],
        # deferred: the page paints first; figure-viewer.js: diagrams full-screen, zoomable
        "html_js_files": [(name, {"defer": "defer"}) for name in ("permalinks.js", "figure-viewer.js")],
        "html_favicon": str(HERE / "static" / "favicon.svg"),
        "html_context": {"default_mode": "auto", "oped_author": oped.author},  # follow the reader's system; the theme's "" logs "Got invalid theme mode"
        "html_last_updated_fmt": None,
        "html_sidebars": {"**": ["book-title.html", "search-button-field.html", "sidebar-nav.html", "index-link.html"]},
        "html_theme_options": {
            "home_page_in_toc": True,
            "show_toc_level": 2,
            "use_download_button": False,
            "article_header_end": ["pdf-link.html", "article-header-buttons.html"],
            # One search box a page, the sidebar's: the theme's empty default here still lets pydata-sphinx-theme
            # draw a header bar with a second search box above it.
            "navbar_persistent": [],
        },
        # -- EPUB
        "epub_basename": stem,
        "epub_title": the_book.title,  # the book's, not the op-ed's alone
        "epub_show_urls": "no",
        # A stable, real identifier: a UUID derived from the book itself (author and title), the same every build.
        "epub_uid": "book-id",  # the XML id of dc:identifier
        "epub_identifier": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefing-book:{oped.author}:{oped.title}")),
        "epub_scheme": "uuid",
        "epub_description": (f"Briefing book by {editors} on {oped.author}’s op-ed “{oped.title}” ({short}, {as_of}): the text "
                             "word for word in sections, actor glossaries, diagrams with text versions and attributed claims."),
        "epub_contributor": f"{oped.author} (author of the op-ed)",
        "epub_exclude_files": ["_static/fonts/icons.woff2"],  # the HTML's icon font (layout.html)
        "epub_tocscope": "includehidden",  # the navigation document lists every page (the home page's toctrees are hidden)
        # -- LaTeX
        "latex_engine": "xelatex",
        "latex_use_xindy": False,  # makeindex is enough for an ASCII index and needs no extra Debian package
        "latex_documents": [(config.root_doc, f"{stem}.tex", escape(oped.title, TEX), escape(credit, TEX), "howto")],  # LaTeX markup
        "latex_show_urls": "no",
        "latex_additional_files": [str(HERE / "latex" / "python.ist")],  # Sphinx's index style, with en-dash ranges
        "latex_elements": {
            "papersize": "a4paper",
            "pointsize": "11pt",
            "figure_align": "H",  # where it stands in the text, so its text version follows it (not a float)
            "maketitle": latex_file("titlepage.tex", fill),
            "preamble": latex_file("preamble.tex", fill, {"keyword_items": "".join(
                f"<rdf:li>{escape(keyword, XMP)}</rdf:li>" for keyword in keywords)}),
        },
    }


MERGED = {"latex_elements", "html_theme_options", "html_context", "myst_substitutions", "mermaid_config"}  # dicts
EXTENDED = {"myst_enable_extensions", "myst_disable_syntax", "exclude_patterns", "html_css_files", "html_js_files",  # lists: ours first
            "latex_additional_files", "epub_exclude_files"}


def combined(app: Sphinx, name: str, ours: Any, theirs: Any) -> Any:
    """The book's value of a shared setting: a dict merged into ours (its keys win), a list after ours
    (without repeats), anything else as the book gives it.  So `-D latex_elements.papersize=letterpaper`
    keeps the title page, and a book's own stylesheet comes after the briefing's.  A dict or list setting
    given as something else is a warning at its line, and ours is used."""
    if name in MERGED or name in EXTENDED:
        kinds, expected = ((dict,), "a dict") if name in MERGED else ((list, tuple, set), "a list")
        if not isinstance(theirs, kinds):
            logger.warning("%s = %r: expected %s; using the briefing's", name, theirs, expected,
                           location=book.setting_location(app, name), type="config")
            return ours
        if name in MERGED:
            return {**ours, **theirs}
        return [*ours, *(item for item in theirs if item not in ours)]
    return theirs


def apply(app: Sphinx, config: Config) -> None:
    """Fill in the shared settings, combined with what conf.py (or ``-D``) sets; add the package's
    templates and static files after the book's own."""
    given = {**config._raw_config, **config.overrides}  # what the book's author set (Sphinx keeps no public record)
    for name, value in settings(app, config).items():
        setattr(config, name, combined(app, name, value, getattr(config, name)) if name in given else value)
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def drop_buildinfo_backup(app: Sphinx, builder: Any) -> None:
    """Sphinx keeps the previous build's .buildinfo as .buildinfo.bak when the configuration changes: not part
    of the book, so never published with it (a reviewer found it in the HTML; the EPUB warned of its mimetype)."""
    (Path(app.outdir) / ".buildinfo.bak").unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", apply, priority=100)  # before the features read their settings
    app.connect("write-started", drop_buildinfo_backup)  # after the builder has decided what is out of date
