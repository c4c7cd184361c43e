"""``{editorial}``: a box that marks text as ours, not the op-ed's.

Readers must always be able to tell the author's words from the book's: every
editor's summary goes in this box, titled "Editor’s summary" (or the title given),
and cites the paragraphs it summarises with ``{p}``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class Editorial(SphinxDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0] if self.arguments else "Editor’s summary"
        box = nodes.admonition(classes=["editorial"])
        self.set_source_info(box)
        box += nodes.title(title, title)
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("editorial", Editorial)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
