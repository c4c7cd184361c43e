"""``env.<name> = {docname: data}``, kept like Sphinx's own per-document data.

Used by the extensions that collect something from each page while reading (mentions,
diagrams, anchors): purged when a page is re-read or removed, merged back from parallel
reader processes.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def keep_per_doc(app: Sphinx, name: str) -> None:
    def init(app: Sphinx) -> None:
        if not hasattr(app.env, name):
            setattr(app.env, name, {})

    def purge(app: Sphinx, env, docname: str) -> None:
        getattr(env, name).pop(docname, None)

    def merge(app: Sphinx, env, docnames: set[str], other) -> None:
        for doc in docnames:
            getattr(env, name)[doc] = getattr(other, name).get(doc, [])

    app.connect("builder-inited", init)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)


def rewrite_all_with_any_change(app: Sphinx) -> None:
    """Every page carries every page's title in its navigation: when any page was read again, write them all again
    (reading stays incremental), or a retitled page keeps its old title in the sidebars of the others (review DD).
    For `make` and `briefing build` alike."""
    read: set[str] = set()

    def before_reading(app: Sphinx, env, docnames: list[str]) -> None:
        read.clear()
        read.update(docnames)

    def updated(app: Sphinx, env) -> list[str]:
        return sorted(env.found_docs) if read else []

    app.connect("env-before-read-docs", before_reading)
    app.connect("env-get-updated", updated)


def reread_with_every_change(app: Sphinx, marker: str) -> None:
    """Pages whose metadata carries ``marker`` list things from every other page (backlinks):
    re-read them whenever any page is added, changed or removed."""
    def outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
        if not (added or changed or removed):
            return []
        return [doc for doc, meta in env.metadata.items() if marker in meta]

    app.connect("env-get-outdated", outdated)
