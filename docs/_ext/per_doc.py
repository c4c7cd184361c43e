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
