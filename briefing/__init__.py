"""``briefing``: a Sphinx extension that turns one op-ed into a briefing book.

``extensions = ["briefing"]`` in conf.py sets up every feature, one module each (see README.md,
"The briefing package"); the book's own settings are ``briefing_*`` values (:mod:`briefing.book`).
``briefing new SOURCE.txt DIR`` (:mod:`briefing.new`) starts a new book.

Importing the package loads no Sphinx: ``make``'s set-up uses :mod:`briefing.browser_finder`
with the system's Python before any package is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__version__ = "1.0"
HERE = Path(__file__).resolve().parent

# Set up in this order: the diagram pipeline first (on a cold cache it starts a browser while the rest
# is set up and the pages are read), then MyST, then the features.
FEATURES = ["diagrams", "oped", "evidence", "notes", "editorial", "actors", "claims", "figures", "frontmatter", "anchors",
            "previews", "source_files", "reproducible", "pagemeta", "readingtime", "citation", "epub_publication",
            "pdflink", "code_digest", "print_words", "spelling", "caption_numbers", "defaults", "leftovers"]


def setup(app: Any) -> dict[str, Any]:
    import os
    from importlib import import_module

    from . import lock, settings

    lock.setup(app)  # one build of a book at a time (a second waits, saying so)
    settings.register(app)  # every setting, from one table (briefing/settings.py)
    if os.environ.get("BRIEFING_STOCK_MERMAID") == "1":  # `make bench`: stock sphinxcontrib-mermaid, mermaid-cli per diagram
        app.setup_extension("sphinxcontrib.mermaid")
        app.config.mermaid_cmd = str(Path(app.confdir, "node_modules", ".bin", "mmdc"))
        app.config.mermaid_params = ["--quiet", "--puppeteerConfigFile", str(Path(app.confdir, "puppeteer-config.json")),
                                     "--no-font-embed"]
    else:
        import_module(f"{__name__}.{FEATURES[0]}").setup(app)
    app.setup_extension("myst_parser")
    for name in FEATURES[1:]:
        import_module(f"{__name__}.{name}").setup(app)
    from .typst import setup_typst  # the Typst PDF builder (`make typstpdf`)
    setup_typst(app)
    app.setup_extension("sphinx_reredirects")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
