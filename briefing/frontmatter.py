"""Front-matter headings in print.

The home page's parts (At a glance, About this briefing, Publisher’s statement) are
rubrics with ``:heading-level: 2`` so that, in the PDF, the op-ed's sections stay the
top-level numbered sections.  Sphinx sets such rubrics as bare ``\\subsection*``;
here they become unnumbered sections that still appear in the table of contents, in
the PDF bookmarks and in the running header.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.latex import LaTeXTranslator


def visit_rubric(self: LaTeXTranslator, node: nodes.rubric) -> None:
    if "heading-level" not in node:
        return LaTeXTranslator.visit_rubric(self, node)
    title = self.encode(node.astext())
    self.body.append(r"\section*{")
    # \phantomsection: the bookmark and contents entry point at this heading, not at the last anchor before it
    self.context.append(f"}}\\phantomsection\\addcontentsline{{toc}}{{section}}{{{title}}}\\markright{{{title}}}\n")
    self.in_title = 1


def contents_named_contents(app: Sphinx) -> None:
    """Sphinx names the LaTeX PDF's contents after the home page's first toctree caption, the web sidebar's first
    group ("Key judgments and the op-ed"): in print they stay "Contents", as the Typst PDF's are."""
    if app.builder.name == "latex":
        app.builder.get_contentsname = lambda indexfile: ""


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(nodes.rubric, override=True, latex=(visit_rubric, LaTeXTranslator.depart_rubric))
    app.connect("builder-inited", contents_named_contents)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
