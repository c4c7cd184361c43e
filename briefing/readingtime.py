"""A reading time under the title of every page that quotes the op-ed (HTML only).

Counts the words of the op-ed's body paragraphs on the page (not the ¶ markers, not the
editor's text) at ``reading_words_per_minute`` and says which paragraphs they are:
"Reading time: about 1 minute · ¶3 · 154 words of the op-ed".
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .oped import anchor, quoted_paragraphs, source_text


def add_reading_time(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return  # the PDF is read on paper: no reading times there
    paragraphs = quoted_paragraphs(app.env, docname)  # as quoted, in order
    section = next(doctree.findall(nodes.section), None)
    if not paragraphs or section is None or not isinstance(section[0], nodes.title):
        return
    words = sum(len(source_text(app.env, part).split()) for part in paragraphs)  # the build checks the page quotes these words
    minutes = round(words / app.config.reading_words_per_minute)
    line = nodes.paragraph(classes=["reading-time"])
    line += nodes.Text("Reading time: " + ("under a minute" if minutes < 1 else f"about {minutes} minute{'s' * (minutes > 1)}") + " · ")
    for i, part in enumerate(paragraphs):
        if i:
            line += nodes.Text(", ")
        line += nodes.reference("", f"¶{part}", refid=anchor(part), internal=True)
    line += nodes.Text(f" · {words} words of the op-ed")
    section.insert(1, line)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", add_reading_time)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
