"""The Typst PDF: ``sphinx-build -b typstpdf`` (``make typstpdf``) typesets the book as a tagged PDF (PDF/UA-1).

One job per module: ``builder.py`` (the Sphinx builder: assemble the book, write the Typst source, compile),
``translator.py`` (doctree -> Typst markup), ``figures.py`` (tables, figures, images, diagrams, sized for the
page), ``labels.py`` (every id a Typst label), ``markup.py`` (escaping), ``index.py`` (the index),
``destinations.py`` (compiling, and the anchors as PDF named destinations), ``template.typ`` (the page,
the title page, the boxes, the index's page numbers).  Diagrams come from ``diagrams.py`` (its ``typst``
handler), as SVG with SVG text labels.  The LaTeX PDF stays what ``make`` builds.
"""

from __future__ import annotations

from typing import Any


def setup_typst(app: Any) -> None:
    from . import builder
    builder.setup(app)
