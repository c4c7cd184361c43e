"""The header's PDF button links to the book's PDF: ``briefing_pdf`` (templates/pdf-link.html).

Every page's template context gets ``briefing_pdf``, the PDF's file name, which ``make`` copies
beside the HTML (it reads the same setting from conf.py), so the button, the sections' "Open this
section in the PDF" links (anchors.py) and the file a reader downloads always agree.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import book


def add_pdf_name(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["briefing_pdf"] = book.of(app).pdf


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_pdf_name)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
