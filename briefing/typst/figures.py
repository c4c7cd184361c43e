"""Tables, figures, images and diagrams in the Typst PDF: numbered as Sphinx numbers them, captioned, and sized
for the page (``template.typ``'s A4).  A mixin of :class:`~briefing.typst.translator.TypstTranslator`."""

from __future__ import annotations

import math
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from ..diagrams import directive_line, natural_size
from .markup import attach, content, string, text

logger = logging.getLogger(__name__)

# The page (template.typ's A4 with 25 mm side and 27 mm top and bottom margins): figures are sized for it.
PT_PER_MM = 72 / 25.4
TEXT_WIDTH = 595.28 - 2 * 25 * PT_PER_MM
TEXT_HEIGHT = 841.89 - 2 * 27 * PT_PER_MM
TEXT_HEIGHT_LANDSCAPE_WIDTH = 841.89 - 2 * 25 * PT_PER_MM   # a landscape page's text block (``page(flipped: true)``)
TEXT_WIDTH_LANDSCAPE_HEIGHT = 595.28 - 2 * 27 * PT_PER_MM
LEGIBLE_PT = 8.5                # the smallest label in print (reviewers: labels of 7–7.5 pt read too small on paper)
SETTLED_PT = 9.0                # ... and no diagram's labels larger than this: a small one is not blown up
COMFORTABLE, TALLEST = 0.7, 0.8  # a diagram's height, as a share of the text block's: as a rule, and at most
PX = 0.75                       # pt per CSS px: an SVG's natural size


class FigureWriting:
    """The visitors of tables, figures, images and Mermaid diagrams (``diagrams.py`` calls :meth:`visit_svg_diagram`)."""

    # -- tables ------------------------------------------------------------------------------------------

    def visit_table(self, node: nodes.table) -> None:
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        tgroup = next((c for c in node.children if isinstance(c, nodes.tgroup)), None)
        if tgroup is None:
            raise nodes.SkipNode
        colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
        widths = [max(1, int(c.get("colwidth", 1))) for c in colspecs] or [1]
        columns = ", ".join(f"{w}fr" for w in widths)
        rows = []
        head = next((c for c in tgroup.children if isinstance(c, nodes.thead)), None)
        if head is not None:
            rows.append(f"table.header({', '.join(self.cells(head))})")
        for body in (c for c in tgroup.children if isinstance(c, nodes.tbody)):
            rows.extend(self.cells(body))
        table = f"table(columns: ({columns},), align: left, {', '.join(rows)})"
        if title is not None:
            caption = self.render(title.children)
            number = self.figure_number(node, "table")
            caption = f"{text(number)}: {caption}" if number else caption
            self.block(self.source_comment(node) + self.markers(node) +
                       f"#figure(kind: table, supplement: none, numbering: none, caption: figure.caption(position: top){content(caption)}, {table})")
        else:
            self.block(self.source_comment(node) + self.markers(node) + f"#{table}")
        raise nodes.SkipNode

    def cells(self, group: nodes.Element) -> list[str]:
        cells = []
        for row in group.children:
            for entry in row.children:
                spans = []
                if entry.get("morecols"):
                    spans.append(f"colspan: {entry['morecols'] + 1}")
                if entry.get("morerows"):
                    spans.append(f"rowspan: {entry['morerows'] + 1}")
                cell = content(self.markers(entry) + self.render(entry.children))
                cells.append(f"table.cell({', '.join(spans)}){cell}" if spans else cell)
        return cells

    # -- figures ------------------------------------------------------------------------------------------

    def figure_number(self, node: nodes.Element, kind: str) -> str:
        """Sphinx's number for the figure (or table), as the HTML shows it: "Figure 3"."""
        if not node.get("ids"):
            return ""
        numbers = self.builder.env.toc_fignumbers.get(self.docname, {}).get(kind, {})
        number = numbers.get(node["ids"][0])
        if not number:
            return ""
        return self.builder.config.numfig_format.get(kind, "%s") % ".".join(map(str, number))

    def visit_figure(self, node: nodes.figure) -> None:
        caption = next((c for c in node.children if isinstance(c, nodes.caption)), None)
        legend = next((c for c in node.children if isinstance(c, nodes.legend)), None)
        self.landscape_figure = False
        body = self.render([c for c in node.children if c is not caption and c is not legend])
        landscape, self.landscape_figure = self.landscape_figure, False
        if legend is not None:
            body += "\n\n" + self.render(legend.children)
        name = self.label_of(node["ids"][0]) if node.get("ids") else None
        attached = ""
        if name and name not in self.placed:
            self.placed.add(name)
            attached = " " + attach(name)
        number = self.figure_number(node, "figure")
        shown = (text(number) + ": " if number else "") + self.render(caption.children) if caption is not None else ""
        if not body.strip():  # its image was left out (reported): keep the caption's words, as a paragraph
            if name:
                self.placed.discard(name)
            self.block(self.markers(node) + shown)
            raise nodes.SkipNode
        caption_arg = f", caption: {content(shown)}" if caption is not None else ""
        figure = (f"#figure(kind: image, supplement: none, numbering: none{caption_arg}, {content(body)}){attached}" +
                  self.markers(node, skip=name))
        self.block(self.source_comment(node) + (f"#page(flipped: true)[{figure}]" if landscape else figure))
        raise nodes.SkipNode

    def visit_caption(self, node: nodes.caption) -> None:  # outside a figure (a code block's caption)
        self.block(f"#emph{content(self.render(node.children))}")
        raise nodes.SkipNode

    def visit_image(self, node: nodes.image) -> None:
        alt = node.get("alt", "")
        if not alt:
            logger.warning("image %s has no alternative text (:alt:), which a tagged PDF (PDF/UA) requires",
                           node.get("uri"), location=node, type="typst")
            raise nodes.SkipNode
        source = Path(self.builder.srcdir, node["uri"])
        name = self.builder.add_image(source)
        image = f"image({string(name)}, alt: {string(alt)})"  # at its natural size, at most the text's width
        self.add(self.markers(node), f"#box({image})" if isinstance(node.parent, nodes.TextElement) else f"#align(center, {image})")
        raise nodes.SkipNode

    def visit_svg_diagram(self, node: nodes.Element, svg: Path | None, alt: str | None) -> None:
        """A Mermaid diagram (``diagrams.py`` hands over the SVG with text labels): vector, with its alternative
        text, which PDF/UA requires (a diagram without one is a warning at its directive), never turned on its
        page.  As large as the text block allows, never wider than it (reviewers read a diagram reaching into the
        margins as a layout defect), and never so small that a label prints under LEGIBLE_PT: where the text
        block's width is not enough, on a landscape page of its own (with its caption; a screen shows that page
        upright), if that gives it larger labels.  A diagram too wide, or too tall, for either gets a layout for
        print from its figure's data instead (``print_init``, ``diagrams.py``): narrower lines, less padding."""
        diagram = node.get("diagram")
        where = node if diagram is None else (
            f"{diagram.data}:{diagram.line}" if getattr(diagram, "data", "")  # made from a data file (figures.py)
            else (diagram.docname, directive_line(node)))
        if not alt:
            logger.warning("diagram has no alternative text (:alt:), which a tagged PDF (PDF/UA) requires; "
                           "it is left out of the Typst PDF", location=where, type="typst")
            return
        if svg is None:
            return  # it did not render, which is reported at its source line
        name = self.builder.add_image(svg, folder="diagrams")
        width, height, smallest = natural_size(svg.read_text(encoding="utf-8"))
        landscape = False
        shown = diagram_width(width * PX, height * PX, smallest * PX, TEXT_WIDTH, TEXT_HEIGHT)
        if smallest and shown * smallest / width < LEGIBLE_PT - 0.005:
            turned = diagram_width(width * PX, height * PX, smallest * PX, TEXT_HEIGHT_LANDSCAPE_WIDTH,
                                   TEXT_WIDTH_LANDSCAPE_HEIGHT)
            if turned > shown:  # the same diagram larger: its labels too
                landscape, shown = True, turned
        markup_text = f"#diagram({string(name)}, alt: {string(alt)}, width: {shown:.2f}pt)"
        if landscape and isinstance(node.parent, nodes.figure):
            self.landscape_figure = True  # visit_figure puts the whole figure on the landscape page
        elif landscape:
            markup_text = f"#page(flipped: true)[{markup_text}]"
        self.add(markup_text)


def diagram_width(natural_w: float, natural_h: float, smallest: float, text_width: float, text_height: float) -> float:
    """A diagram's width on the page (pt): as large as the text block allows (at most its natural size, at most
    0.7 of the text's height, so a figure and its caption leave room for the text before them rather than a
    part-empty page); taller, up to 0.8 of the text's height, as far as a label of LEGIBLE_PT needs.  Never
    wider than the text block: a diagram that cannot print its labels at LEGIBLE_PT within it prints them
    smaller here, which the caller answers with a landscape page and the figure's data with a layout for print."""
    fits = min(1.0, text_width / natural_w, COMFORTABLE * text_height / natural_h,
               SETTLED_PT / smallest if smallest else 1.0)  # the timeline's 12 pt labels print as the others do
    legible = LEGIBLE_PT / smallest if smallest else 0.0
    scale = fits
    if fits < legible:
        scale = min(legible, 1.0, text_width / natural_w, TALLEST * text_height / natural_h)
    return math.floor(natural_w * scale * 100) / 100
