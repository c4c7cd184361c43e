"""``typstpdf``: the book as one tagged PDF (PDF/UA-1), typeset by Typst in-process.

The builder assembles the book as the LaTeX builder does (the root page with its toctrees inlined,
references resolved), translates it to Typst markup (``translator.py``) below a title page and contents
(``template.typ``), appends the index (``index.py``) and the anchors' positions, compiles it with the
``typst`` wheel, and makes every anchor of the registry a PDF named destination (``destinations.py``).

Output in the builder's folder (``_build/typst``): ``briefing.typ`` (the book), ``template.typ``,
``diagrams/`` and ``images/`` (what the book shows), and the PDF (``briefing_pdf``: ``briefing.pdf``).
The PDF is written only when the Typst source or a file it shows changed (a no-op build compiles
nothing), and only whole: a failed compilation leaves the last good PDF.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import os
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx import addnodes
from sphinx.util.console import darkgreen
from sphinx.util.nodes import inline_all_toctrees

from .. import book
from ..anchors import book_anchors
from . import index
from .markup import string
from .labels import collect_labels
from .translator import TypstTranslator

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template.typ"
SOURCE = "briefing.typ"


class TypstPDFBuilder(Builder):
    """The book as a tagged PDF (PDF/UA-1) typeset by Typst; see the module docstring."""

    name = "typstpdf"
    format = "typst"
    epilog = "The Typst PDF is in %(outdir)s."
    default_translator_class = TypstTranslator
    supported_image_types = ["image/svg+xml", "image/png", "image/jpeg", "image/gif"]
    supported_remote_images = False
    svg_text_labels = True  # diagrams.py: Typst draws no HTML inside SVG, so each diagram also comes with SVG <text> labels

    def init(self) -> None:
        self.assets: dict[str, Path] = {}  # file in the output folder -> its source
        self.part_starts: set[str] = set()  # pages that open a later part of the contents (assemble): a new page

    def get_outdated_docs(self) -> str | list[str]:
        """One PDF from every page: all of them, unless that PDF was made by this code and nothing changed since.
        (Sphinx writes anyway when it re-reads a page: its source, a file it depends on or the configuration
        changed; and a PDF is compiled only when its Typst source or a file it shows changed, see ``digest``.)"""
        outdir = Path(self.outdir)
        made = (outdir / ".typst-code").read_text(encoding="utf-8") if (outdir / ".typst-code").exists() else ""
        if made != code_digest() or not (outdir / book.of(self.env).pdf).exists():
            return "all documents"
        return []

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return "%" + docname  # resolved to a label by the translator, as the LaTeX writer does

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass  # write_documents writes the whole book at once

    def add_image(self, source: Path, folder: str = "images") -> str:
        """Copy ``source`` beside the Typst source (at the end of writing); its path there."""
        name = f"{folder}/{source.name}"
        self.assets[name] = source
        return name

    # -- the book -----------------------------------------------------------------------------------

    def assemble(self) -> nodes.document:
        root = self.config.root_doc
        tree = self.env.get_doctree(root)
        tree["docname"] = root
        # the first page of each later part of the contents (a captioned toctree: Analysis, Glossaries) opens a new
        # page, as on the web it opens a part of the navigation (review FK: the figure key began under ¶10)
        self.part_starts = {entries[0][1] for n, toc in enumerate(tree.findall(addnodes.toctree))
                            if n and toc.get("caption") and (entries := toc.get("entries"))}
        largetree = inline_all_toctrees(self, set(), root, tree, darkgreen, [root])
        largetree["docname"] = root
        self.env.resolve_references(largetree, root, self)
        for pending in list(largetree.findall(lambda n: n.tagname == "pending_xref")):
            pending.replace_self(pending.children or [nodes.Text(pending.astext())])
        return largetree

    def write_documents(self, _docnames: set[str]) -> None:
        the_book = book.of(self.env)
        tree = self.assemble()
        anchors = book_anchors(self.env)
        labels = collect_labels(tree, self.config.root_doc, anchors)
        translator = self.create_translator(tree, self, labels)  # with the handlers of other features' nodes (diagrams.py)
        tree.walkabout(translator)
        source = self.source(the_book, tree, translator, labels, anchors)
        outdir = Path(self.outdir)
        for name, path in self.assets.items():
            (outdir / name).parent.mkdir(parents=True, exist_ok=True)
            if not (outdir / name).exists() or (outdir / name).read_bytes() != path.read_bytes():
                shutil.copyfile(path, outdir / name)
        shutil.copyfile(TEMPLATE, outdir / TEMPLATE.name)
        (outdir / SOURCE).write_text(source, encoding="utf-8")
        pdf = outdir / the_book.pdf
        stamp = outdir / ".typst-input"
        digest = self.digest(source)
        if pdf.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
            logger.info("typst: %s is up to date", pdf.name)
            (outdir / ".typst-code").write_text(code_digest(), encoding="utf-8")
            return
        from . import destinations  # typst and pikepdf: loaded by this builder only
        names = {anchor: labels.of(pages[0], anchor) for anchor, pages in anchors.items()}
        if destinations.compile_pdf(self, outdir / SOURCE, pdf, names, self.timestamp()):
            stamp.write_text(digest, encoding="utf-8")
            (outdir / ".typst-code").write_text(code_digest(), encoding="utf-8")
            logger.info("typst: wrote %s", pdf)

    def digest(self, source: str) -> str:
        """What the PDF is made of: the source, the template, every file it shows, the compiler."""
        sha = hashlib.sha256(source.encode())
        sha.update(TEMPLATE.read_bytes())
        for name in sorted(self.assets):
            sha.update(name.encode() + self.assets[name].read_bytes())
        sha.update(code_digest().encode())
        return sha.hexdigest()

    def timestamp(self) -> int:
        """The document's date (reproducible.py sets SOURCE_DATE_EPOCH from the last commit)."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return int(epoch)
        return int(datetime.datetime.combine(datetime.date.fromisoformat(self.config.briefing_fallback_date),
                                             datetime.time(), datetime.timezone.utc).timestamp())

    def source(self, the_book, tree: nodes.document, translator: TypstTranslator, labels, anchors: dict[str, list[str]]) -> str:
        """briefing.typ: the template's title page and contents, the book, its index, its anchors' positions."""
        config = self.config
        oped = the_book.oped
        citation = config.citation_oped
        short = citation.get("publisher_short", "")
        as_of = the_book.date
        keywords = [*config.briefing_keywords, "briefing book"]
        # the book's author (conf.py's author): the op-ed's, or editors who credit the op-ed's author as such
        editors = config.author if config.author and config.author != oped.author else ""
        # the LaTeX PDF's subject and authors, word for word (briefing/latex/preamble.tex)
        hedged = f"{as_of} ({config.briefing_date_note})" if config.briefing_date_note else as_of
        description = f"Briefing book{f' by {editors}' if editors else ''} on the op-ed “{oped.title}” by {oped.author} ({short}), {hedged}"
        creators = [f"{editors} (briefing book)", f"{oped.author} (op-ed)"] if editors else [oped.author]
        date = datetime.datetime.fromtimestamp(self.timestamp(), datetime.timezone.utc)
        lang = (config.language or "en").replace("_", "-")
        anchor_list = ", ".join(f"({string(anchor)}, label({string(name)}))"
                                for anchor, name in ((a, labels.of(p[0], a)) for a, p in anchors.items()) if name)
        date_note = f" ({config.briefing_date_note})" if config.briefing_date_note else ""
        return "\n".join([
            "// The briefing book in Typst, generated by the briefing package's typstpdf builder: do not edit.",
            '#import "template.typ": *',
            f"#show: book.with(title: {string(oped.title)}, book-title: {string(the_book.title)}, author: {string('; '.join(creators))}, "
            f"description: {string(description)}, keywords: ({''.join(string(k) + ', ' for k in keywords)}), "
            f"lang: {string(lang.split('-')[0])}, date: datetime(year: {date.year}, month: {date.month}, day: {date.day}))",
            f"#title-page(title: {string(oped.title)}, author: {string(oped.author)}, editors: {string(editors)}, "
            f"publisher: {string(citation.get('publisher', ''))}, as-of: {string(as_of)}, date-note: {string(date_note)}, "
            f"paragraphs: {string(str(len(oped.body)))})[{translator.title_markers}]",
            "#contents()",
            "",
            translator.body.rstrip(),
            "",
            index.markup(self, tree, labels),
            "",
            f"#anchor-positions(({anchor_list}{',' if anchor_list else ''}))",
            "",
        ])


def code_digest() -> str:
    """This builder's own code and template, and the compiler's version: a PDF made by others is made again."""
    sha = hashlib.sha256(importlib.metadata.version("typst").encode())
    for path in sorted(HERE.glob("*.py")) + [TEMPLATE]:
        sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def locate(source: Path, line: int) -> str | None:
    """The book's file and line a line of the Typst source was written from (the last ``// @file:line`` above it)."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()[:line]
    except OSError:
        return None
    for text in reversed(lines):
        match = re.match(r"\s*// @(.+:\d+)$", text)
        if match:
            return match.group(1)
    return None


def setup(app: Any) -> None:
    app.add_builder(TypstPDFBuilder)
