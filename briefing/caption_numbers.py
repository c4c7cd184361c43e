"""A figure's or table's number set apart from its caption, as the PDF and the alternative text have it: "Figure 1:
Her thesis …" on the web and in the EPUB too, where Sphinx writes "Figure 1 Her thesis …" and the number runs
into the caption's words (a reviewer read the two as one sentence)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

SEPARATOR = ": "


class NumberedCaptions(HTML5Translator):
    """Sphinx's HTML writer (the theme adds its own to it), with ": " after a caption's number."""

    def add_fignumber(self, node: nodes.Element) -> None:
        start = len(self.body)
        super().add_fignumber(node)
        if len(self.body) - start >= 3 and self.body[-1] == "</span>" and self.body[-2].endswith(" "):
            self.body[-2] = self.body[-2].rstrip() + SEPARATOR  # "Figure 1 " -> "Figure 1: "


def setup(app: Sphinx) -> dict[str, Any]:
    for builder in ("html", "dirhtml", "singlehtml", "epub"):
        app.set_translator(builder, NumberedCaptions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
