"""``{editorial}``: a box that marks text as ours, not the op-ed's.

Readers must always be able to tell the author's words from the book's: every
editor's summary goes in this box, titled "Editors’ summary" (or the title given),
and cites the paragraphs it summarises with ``{p}``.

The contract for the other features: the box is an :class:`editorial_block` node.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class editorial_block(nodes.admonition):
    """The book's own text about the op-ed (an editor's summary), rendered as an admonition."""


class Editorial(SphinxDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0] if self.arguments else "Editors’ summary"
        box = editorial_block(classes=["editorial"])
        self.set_source_info(box)
        box += nodes.title(title, title)
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def setup(app: Sphinx) -> dict[str, Any]:
    admonition = (lambda self, node: self.visit_admonition(node), lambda self, node: self.depart_admonition(node))
    app.add_node(editorial_block, **{fmt: admonition for fmt in ("html", "latex", "text", "man", "texinfo")})
    app.add_directive("editorial", Editorial)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
