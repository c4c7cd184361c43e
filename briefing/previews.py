"""Hover previews of glossary entries, built at build time.

Every link to a glossary entry gets ``data-preview="Headword — first sentence of the entry"``;
docs/_static/briefing.css shows it as a tooltip on hover *and* on keyboard focus.  No script,
no request: it works offline and in print-free reading alike.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .actors import glossary_pages, load as load_actors

LINK = re.compile(r'<a class="[^"]*\breference internal\b[^"]*" href="([^"]*#(term-[^"]+))"')
MAX_CHARS = 240


def previews(app: Sphinx) -> dict[str, str]:
    """{term id: preview text}, from the glossary pages' doctrees (computed once per build)."""
    if getattr(app.builder, "_term_previews", None) is None:
        found, env, actors = {}, app.env, load_actors(app.env)
        for docname in glossary_pages(env):
            for item in env.get_doctree(docname).findall(nodes.definition_list_item):
                terms = [t for t in item.children if isinstance(t, nodes.term)]
                definition = item.next_node(nodes.definition)
                if not terms or definition is None:
                    continue
                first = definition.next_node(nodes.paragraph)
                text = " ".join(first.astext().split()) if first else ""
                sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
                if len(sentence) > MAX_CHARS:
                    sentence = sentence[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
                actor = actors.lookup(terms[0].astext())
                headword = actor.name if actor else terms[0].astext()
                for term in terms:
                    found[term["ids"][0]] = f"{headword} — {sentence}"
        app.builder._term_previews = found
    return app.builder._term_previews


def add_previews(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" not in context or app.builder.format != "html":
        return
    table = previews(app)

    def attach(match: re.Match[str]) -> str:
        preview = table.get(match.group(2))
        if preview is None:
            return match.group(0)
        return f'{match.group(0)} data-preview="{html.escape(preview, quote=True)}"'

    context["body"] = LINK.sub(attach, context["body"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_previews)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
