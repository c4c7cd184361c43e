"""Pages a build no longer makes leave its output.

Sphinx writes a page for every source but never removes the page of a source that was deleted or renamed: an
incremental build (``make`` starts from the last good book) went on publishing it, a stale copy of ¶10 with
anchors of its own, outside the contents and the search (reviews BI, BJ).  At the end of an HTML build, every
page of the output that no source, no page of Sphinx's own (the index, the search) and no redirect
(``redirects``) accounts for is removed, with its copy under ``_sources``; the build says which.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
SPHINX_PAGES = {"genindex", "search", "py-modindex"}


def remove_leftovers(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    out, docs = Path(app.outdir), set(app.env.found_docs)
    made = docs | SPHINX_PAGES | set(app.config.redirects) | set(app.config.html_additional_pages)
    for page in sorted(out.rglob("*.html")):
        name = page.relative_to(out).with_suffix("").as_posix()
        if not name.startswith("_") and name not in made:
            page.unlink()
            logger.info("removed %s: no source of the book makes it any more", page.relative_to(out))
    sources = out / "_sources"
    suffixes = tuple(app.config.source_suffix)  # ".md", ".rst"
    for copy in sorted(p for p in sources.rglob("*") if p.is_file()) if sources.is_dir() else ():
        name = copy.relative_to(sources).as_posix().removesuffix(app.config.html_sourcelink_suffix)
        if name.endswith(suffixes) and Path(name).with_suffix("").as_posix() not in docs:
            copy.unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", remove_leftovers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
