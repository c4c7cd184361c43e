"""Sphinx configuration for the briefing book (sources in docs/, see README.md)."""

import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from oped_source import load  # noqa: E402

OPED = load()
reading_words_per_minute = 200  # a brisk pace; the sections' reading times use it too (docs/_ext/readingtime.py)
READING_MINUTES = round(OPED.words / reading_words_per_minute)
AS_OF = "September 2020"

# -- Project information -----------------------------------------------------
project = OPED.title
author = OPED.author
copyright = "ERA Institute (op-ed text); briefing apparatus by the editors"
version = release = "1.0"

# -- General -------------------------------------------------------------------
# `make bench` also builds the book with stock sphinxcontrib-mermaid (mermaid-cli per diagram) to compare.
STOCK_MERMAID = os.environ.get("BRIEFING_STOCK_MERMAID") == "1"
extensions = [
    "sphinxcontrib.mermaid" if STOCK_MERMAID else "diagrams",  # first: on a cold cache it starts a browser
    "myst_parser",
    "oped", "evidence", "notes", "editorial", "actors", "claims", "frontmatter", "anchors", "previews",  # docs/_ext: one job each
    "source_files", "reproducible", "pagemeta", "readingtime", "citation", "epub_publication", "code_digest",
    "sphinx_reredirects",
]
root_doc = "index"
exclude_patterns = ["_build", "_data", "_ext", "README.md"]
templates_path = ["docs/_templates"]
smartquotes = False  # the op-ed's quotes are kept exactly as received
numfig = True
numfig_secnum_depth = 0  # Figure 1, 2, … through the whole book, in HTML and PDF alike
numfig_format = {"figure": "Figure %s", "table": "Table %s"}

citation_oped = {"publisher": "Eurasian Research and Analysis Institute (ERA Institute)", "publisher_short": "ERA Institute",
                 "date": AS_OF, "year": "2020", "address": "No web address came with the text as received.",
                 "date_note": "the text gives no publication date; the month is that of the last events it describes, the year "
                              "that of the European Parliament’s records (the book’s Editor’s note 1)"}  # {cite-this}

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "substitution", "deflist"]
myst_substitutions = {"reading_minutes": READING_MINUTES, "words": OPED.words, "as_of": AS_OF}

# -- Mermaid -------------------------------------------------------------------
# Diagrams are rendered at build time by docs/_ext/diagrams.py (one Chromium per build, cached).
mermaid_output_format = "svg"  # stops sphinxcontrib-mermaid adding its JavaScript (from a CDN)
mermaid_config = {"theme": "neutral", "look": "classic", "themeCSS": "* { filter: none !important; }",  # vector only
                  "fontFamily": "Liberation Sans, Arial, Helvetica, sans-serif"}  # metric twin of Arial
diagram_cache_dir = str(ROOT / "_build" / ".diagram-cache")  # shared by the HTML, PDF and EPUB builds
diagram_puppeteer_config = str(ROOT / "puppeteer-config.json")  # Debian's Chromium, never a download
if STOCK_MERMAID:
    mermaid_cmd = str(ROOT / "node_modules" / ".bin" / "mmdc")
    mermaid_params = ["--quiet", "--puppeteerConfigFile", diagram_puppeteer_config, "--no-font-embed"]

# -- Links ---------------------------------------------------------------------
# Published anchors are listed in docs/anchors.txt (docs/_ext/anchors.py); a page that moves keeps
# its old address through a redirect here: {"old/docname": "new-page.html"}.
redirects: dict[str, str] = {}

# -- HTML output ---------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = OPED.title
html_static_path = ["docs/_static"]
html_css_files = ["briefing.css"]
html_js_files = [(name, {"defer": "defer"}) for name in ("permalinks.js", "figure-viewer.js")]  # deferred: the page paints first; figure-viewer.js: diagrams full-screen, zoomable
html_favicon = "docs/_static/favicon.svg"
html_context = {"default_mode": "auto"}  # follow the reader's system; the theme's "" logs "Got invalid theme mode"
html_last_updated_fmt = None
html_sidebars = {"**": ["book-title.html", "search-button-field.html", "sbt-sidebar-nav.html", "index-link.html"]}
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "article_header_end": ["pdf-link.html", "article-header-buttons.html"],
    # One search box a page, the sidebar's: the theme's empty default here still lets pydata-sphinx-theme
    # draw a header bar with a second search box above it.
    "navbar_persistent": [],
}

# -- EPUB output ---------------------------------------------------------------
epub_basename = "briefing"
epub_publisher = "ERA Institute (op-ed); the editors (briefing apparatus)"
epub_show_urls = "no"
# A stable, real identifier: a UUID derived from the book itself (author and title), the same every build.
epub_uid = "book-id"  # the XML id of dc:identifier
epub_identifier = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefing-book:{OPED.author}:{OPED.title}"))
epub_scheme = "uuid"
epub_description = (f"Briefing book on {OPED.author}’s op-ed “{OPED.title}” (ERA Institute, as of {AS_OF}): the text "
                    "word for word in sections, actor glossaries, diagrams with text versions and attributed claims.")
epub_contributor = "The editors (briefing apparatus: section titles, summaries, glossaries, diagrams, claims)"
# Sphinx keeps the previous build's .buildinfo as .buildinfo.bak when the configuration changes; it is not
# part of the book (without this, an incremental EPUB build after a conf.py change warns "unknown mimetype").
epub_exclude_files = [".buildinfo.bak", "_static/fonts/icons.woff2"]  # the HTML's icon font (layout.html)
epub_tocscope = "includehidden"  # the navigation document lists every page (the home page's toctrees are hidden)

# -- LaTeX output --------------------------------------------------------------
def latex_file(name: str) -> str:
    """docs/_latex/NAME with @title@, @author@, @as_of@ filled in."""
    text = (ROOT / "docs" / "_latex" / name).read_text(encoding="utf-8")
    for key, value in {"title": OPED.title, "author": OPED.author, "as_of": AS_OF}.items():
        text = text.replace(f"@{key}@", value)
    return text


latex_engine = "xelatex"
latex_use_xindy = False  # makeindex is enough for an ASCII index and needs no extra Debian package
latex_documents = [(root_doc, "briefing.tex", OPED.title, OPED.author, "howto")]
latex_show_urls = "no"
latex_additional_files = ["docs/_latex/python.ist"]  # Sphinx's index style, with en-dash page ranges
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "figure_align": "htbp",  # floats, kept inside their own section by placeins (preamble.tex)
    "maketitle": latex_file("titlepage.tex"),
    "preamble": latex_file("preamble.tex"),
}

# -- Warnings ------------------------------------------------------------------
nitpicky = True
