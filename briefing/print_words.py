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

from . import book
from .oped import oped_part
from .oped_source import normalise
from .textmatch import occurs

logger = logging.getLogger(__name__)
WEB_ONLY = re.compile(r"\b(hover\w*|click\w*|tap|tapping|mouse\w*)\b", re.I)
PAPER = ("latex", "typst")


def quotes_the_source(text: str, found: re.Match, source: str) -> bool:
    """The word is the source's own (a title made from its first words): the token it stands in and the next
    one (or the one before) occur in the op-ed, so the sentence asks nothing of the PDF's reader."""
    start = text.rfind(" ", 0, found.start()) + 1
    tokens = text[start:].split()
    words = " ".join(tokens[:2]) if len(tokens) > 1 else " ".join([*text[:start].split()[-1:], *tokens[:1]])
    return occurs(words, source)


def check(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if getattr(app.builder, "format", "") not in PAPER:
        return
    oped = book.of(app.env).oped
    source = normalise(" ".join((oped.title, oped.byline, oped.bio, *oped.body, oped.statement)))
    for paragraph in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.caption, nodes.title))):
        if oped_part(paragraph) is not None:
            continue  # the op-ed's own words are never changed
        text = normalise(paragraph.astext())
        found = WEB_ONLY.search(text)
        if found and not quotes_the_source(text, found, source):
            logger.warning("“%s” asks a reader of the PDF to %s: put the sentence in :::{only} html (in: %s)",
                           found.group(0), found.group(0).lower(), " ".join(text.split())[:90],
                           location=paragraph, type="print")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", check)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
