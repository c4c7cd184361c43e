"""Labels: every id of the assembled book named once, for Typst.

A section's label goes on its heading (Typst makes a labelled heading a PDF named destination); any other id
is an invisible ``metadata`` element at its place.  A published anchor keeps its own name (``p7``,
``sec-wagner-affair``, ``term-Paul-Goble``), any other id is ``docname:id`` (ids repeat across pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from docutils import nodes
from sphinx import addnodes


@dataclass
class Labels:
    """Every (docname, id) of the book and its Typst label; which labels sit on headings."""
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    on_heading: set[str] = field(default_factory=set)

    def of(self, docname: str, node_id: str) -> str | None:
        return self.names.get((docname, node_id))


def with_pages(node: nodes.Element, docname: str) -> Iterator[tuple[nodes.Element, str]]:
    """Every element of the assembled book, in order, with the page (docname) it comes from."""
    if isinstance(node, addnodes.start_of_file):
        docname = node["docname"]
    yield node, docname
    for child in node.children:
        if isinstance(child, nodes.Element):
            yield from with_pages(child, docname)


def collect_labels(tree: nodes.document, root: str, anchors: dict[str, list[str]]) -> Labels:
    """Name a label for every id of the assembled book (before writing: links may point forward)."""
    labels, taken = Labels(), set()
    published = {(pages[0], anchor) for anchor, pages in anchors.items()}

    def name(docname: str, node_id: str) -> str:
        plain = node_id if (docname, node_id) in published and node_id not in taken else f"{docname}:{node_id}"
        taken.add(plain)
        return plain

    for node, docname in with_pages(tree, root):
        if isinstance(node, nodes.section) and node["ids"]:
            first = name(docname, node["ids"][0])
            for node_id in node["ids"]:
                labels.names.setdefault((docname, node_id), first)
            labels.names.setdefault((docname, ""), first)  # a link to the page: its first section
            labels.on_heading.add(first)
        else:
            for node_id in node.get("ids", ()):
                if (docname, node_id) not in labels.names:
                    labels.names[(docname, node_id)] = name(docname, node_id)
    return labels


def footnotes(tree: nodes.document, root: str) -> dict[tuple[str, str], nodes.footnote]:
    """The book's footnotes by (docname, id): a reference sets its footnote's text where it stands."""
    return {(docname, node_id): node for node, docname in with_pages(tree, root) if isinstance(node, nodes.footnote)
            for node_id in node["ids"]}
