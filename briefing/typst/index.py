"""The index at the back of the Typst PDF, written in our own template (no Typst package can be downloaded here).

Sphinx gathers the entries (``IndexEntries``: every ``{term}`` mention, glossary entry and "see" entry, sorted
and grouped by letter, as the HTML's index and the LaTeX index have them); each link to the text becomes a
label there, and ``template.typ``'s ``index-pages`` turns the labels into page numbers when Typst lays the
book out: each page once, linked to it, a main entry's page in bold.
"""

from __future__ import annotations

from sphinx.environment.adapters.indexentries import IndexEntries

from .markup import content, string, text


def targets(builder, labels, links) -> tuple[list[str], list[str]]:
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


def markup(builder, labels) -> str:
    """The index as Typst markup ("" if the book has no index entries)."""
    entries = IndexEntries(builder.env).create_index(builder)
    if not entries:
        return ""
    out = ["#pagebreak(weak: true)", "#heading(level: 1, numbering: none)[Index]", "#columns(2, gutter: 2em)["]
    for letter, group in entries:
        out.append(f"#index-letter({content(text(letter))})")
        for name, (links, subitems, _key) in group:
            found, main = targets(builder, labels, links)
            see = [sub for sub, sublinks in subitems if not sublinks]
            rest = [(sub, sublinks) for sub, sublinks in subitems if sublinks]
            shown = text(name) + "".join(f", #emph{content(text(s))}" for s in see)
            out.append(f"#index-entry({content(shown)}, {pages(found, main)})")
            for sub, sublinks in rest:
                found, main = targets(builder, labels, sublinks)
                out.append(f"#index-entry(level: 1, {content(text(sub))}, {pages(found, main)})")
    out.append("]")
    return "\n".join(out)
