"""Print is not the web: no sentence that reaches the PDF asks its reader to hover, click or tap.

The HTML keeps such sentences; a page puts them in ``:::{only} html`` so the PDF leaves them out.  Every
builder that writes for paper (``latex``; any other builder whose ``format`` is ``latex`` or ``typst``) is
checked when a page is resolved for it: a sentence with one of these words is a warning at its file and line
(a data file's line for text rendered from data).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .oped import oped_part

logger = logging.getLogger(__name__)
WEB_ONLY = re.compile(r"\b(hover\w*|click\w*|tap|tapping|mouse\w*)\b", re.I)
PAPER = ("latex", "typst")


def check(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if getattr(app.builder, "format", "") not in PAPER:
        return
    for paragraph in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.caption, nodes.title))):
        if oped_part(paragraph) is not None:
            continue  # the op-ed's own words are never changed
        text = paragraph.astext()
        found = WEB_ONLY.search(text)
        if found:
            logger.warning("“%s” asks a reader of the PDF to %s: put the sentence in :::{only} html (in: %s)",
                           found.group(0), found.group(0).lower(), " ".join(text.split())[:90],
                           location=paragraph, type="print")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", check)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
