"""Mermaid diagrams as real figures: SVG inline in HTML, vector PDF in LaTeX, failures fatal.

sphinxcontrib-mermaid stays the authoring interface (``{mermaid}`` with
``:caption:``, ``:name:``, ``:alt:``).  This extension replaces its HTML and LaTeX
writers because, stock, they

* load Mermaid from a CDN (``raw``) or embed ``<object>`` without alt text (``svg``);
* turn a failed render into a warning without file or line and drop the figure.

Here both writers render with mermaid-cli at build time (the extension's own
``render_mm``, cached by content hash), a failure is a warning located at the
diagram's source line with Mermaid's own message (``-W`` makes it fatal), the
HTML gets the SVG inline with ``role="img"`` and a ``<title>`` from ``:alt:``, and
the PDF gets the vector PDF that mermaid-cli prints.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.mermaid import MermaidError, mermaid, render_mm

logger = logging.getLogger(__name__)


def render(translator, node: mermaid, fmt: str) -> Path | None:
    """Render ``node`` to ``fmt``; on failure warn at the diagram's source line and return None."""
    try:
        relfn, outfn = render_mm(translator, node["code"], node["options"], fmt)
        if outfn is None:
            raise MermaidError(f"mermaid-cli ({translator.builder.config.mermaid_cmd}) cannot be run: run `make`")
    except MermaidError as exc:
        lines = [ln for ln in str(exc).splitlines() if ln.strip() and not ln.lstrip().startswith(("at ", "["))]
        message = " | ".join(lines[:4])
        logger.warning("Mermaid diagram failed to render: %s", message, location=node, type="mermaid")
        return None
    return Path(outfn)


def visit_html(self, node: mermaid) -> None:
    svg_file = render(self, node, "svg")
    if svg_file is None:
        raise nodes.SkipNode
    svg = svg_file.read_text(encoding="utf-8")
    uid = "mermaid-" + hashlib.sha1(node["code"].encode()).hexdigest()[:10]
    svg = svg.replace("my-svg", uid)  # mermaid-cli's fixed id; its CSS is scoped to it
    alt = html.escape(node.get("alt", "Diagram"), quote=True)
    svg = re.sub(r"<svg\b", f'<svg aria-labelledby="{uid}-title"', svg, count=1)
    svg = re.sub(r'role="[^"]*"', 'role="img"', svg, count=1)
    svg = re.sub(r"(<svg\b[^>]*>)", rf'\1<title id="{uid}-title">{alt}</title>', svg, count=1)
    self.body.append(f'<div class="mermaid-diagram">{svg}</div>\n')
    raise nodes.SkipNode


def visit_latex(self, node: mermaid) -> None:
    pdf_file = render(self, node, "pdf")
    if pdf_file is None:
        raise nodes.SkipNode
    self.body.append("\n\\sphinxincludegraphics[width=\\linewidth,height=0.75\\textheight,keepaspectratio]"
                     f"{{{pdf_file.name}}}\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_node(mermaid, override=True, html=(visit_html, None), latex=(visit_latex, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
