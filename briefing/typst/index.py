"""The index at the back of the Typst PDF, written in our own template (no Typst package can be downloaded here).

Its entries are the book's ``index`` nodes as the assembled book has them, as the LaTeX index's ``\\index``
commands are: every ``{term}`` mention (which actors.py indexes as the page is read, after Sphinx's own index
has been collected), every glossary entry (main) and every "see" entry.  Sphinx sorts and groups them by letter
(``IndexEntries``, as for its HTML index); each link to the text becomes the label placed there, and
``template.typ``'s ``index-pages`` turns the labels into page numbers when Typst lays the book out: each page
once, linked to it, a main entry's page in bold.
"""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.indexentries import IndexEntries

from .markup import content, string, text
from .labels import with_pages


def book_entries(tree: nodes.document, root: str) -> dict[str, list[tuple]]:
    """{docname: its index entries}, from the index nodes of the assembled book, in reading order.  An entry in a
    figure's text version points to the figure: the index leads the reader to the diagram, whose text version
    follows it (a reviewer found "Goble, Paul" sent to Figure 5's text version on the page after the figure)."""
    found: dict[str, list[tuple]] = {}
    for node, docname in with_pages(tree, root):
        if isinstance(node, addnodes.index):
            figure_id = figure_of(node)
            found.setdefault(docname, []).extend(
                tuple(entry) if figure_id is None else (*entry[:2], figure_id, *entry[3:]) for entry in node["entries"])
    return found


def in_figures(tree: nodes.document, root: str) -> dict[tuple[str, str], str]:
    """{(docname, id): the figure's id} for each target in a figure's text version: a page reference to it (a
    glossary entry's "Mentioned in") gives the figure's page, as the index does."""
    return {(docname, node_id): figure_id for node, docname in with_pages(tree, root) if isinstance(node, nodes.target)
            for node_id in node["ids"] if (figure_id := figure_of(node)) is not None}


def figure_of(node: nodes.Node) -> str | None:
    """The id of the figure whose text version (an admonition of class ``diagram-text``, titled "Text version of
    Figure N" with a link to it) holds ``node``; None outside a text version."""
    box = node.parent
    while box is not None and not (isinstance(box, nodes.admonition) and "diagram-text" in box.get("classes", ())):
        box = box.parent
    if box is None:
        return None
    title = next((c for c in box.children if isinstance(c, nodes.title)), None)
    for reference in title.findall(nodes.reference) if title is not None else ():
        target = reference.get("refid") or reference.get("refuri", "").partition("#")[2]
        if target:
            return target
    siblings = box.parent.children[:box.parent.index(box)] if box.parent is not None else []
    figure = next((s for s in reversed(siblings) if isinstance(s, nodes.figure) and s.get("ids")), None)
    return figure["ids"][0] if figure is not None else None


def targets(labels, links) -> tuple[list[str], list[str]]:
    """The labels of ``links`` ((main, "%docname#id") pairs) and of those among them that are main entries."""
    found, main = [], []
    for is_main, uri in links:
        docname, _, node_id = uri.lstrip("%").partition("#")
        name = labels.of(docname, node_id)
        if name is not None:
            found.append(f"label({string(name)})")
            if is_main:
                main.append(f"label({string(name)})")
    return found, main


def pages(found: list[str], main: list[str]) -> str:
    if not found:
        return "none"
    return f"index-pages(({', '.join(found)},), main: ({''.join(m + ', ' for m in main)}))"


def markup(builder, tree: nodes.document, labels) -> str:
    """The index as Typst markup ("" if the book has no index entries)."""
    # IndexEntries reads the index domain's {docname: entries}: given the book's own, it sorts and groups them.
    book = SimpleNamespace(domains=SimpleNamespace(index_domain=SimpleNamespace(
        entries=book_entries(tree, builder.config.root_doc))))
    entries = IndexEntries(book).create_index(builder)
    if not entries:
        return ""
    out = ["#pagebreak(weak: true)", "#heading(level: 1, numbering: none)[Index]", "#columns(2, gutter: 2em)["]
    for letter, group in entries:
        out.append(f"#index-letter({content(text(letter))})")
        for name, (links, subitems, _key) in group:
            found, main = targets(labels, links)
            see = [sub for sub, sublinks in subitems if not sublinks]
            rest = [(sub, sublinks) for sub, sublinks in subitems if sublinks]
            shown = text(name) + "".join(f", #emph{content(text(s))}" for s in see)
            out.append(f"#index-entry({content(shown)}, {pages(found, main)})")
            for sub, sublinks in rest:
                found, main = targets(labels, sublinks)
                out.append(f"#index-entry(level: 1, {content(text(sub))}, {pages(found, main)})")
    out.append("]")
    return "\n".join(out)
