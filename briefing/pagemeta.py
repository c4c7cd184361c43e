"""A ``<meta name="description">`` on every HTML page, for search engines and link previews, and one viewport meta.

A page's own MyST ``html_meta`` description wins.  Otherwise the description is the page's title
and its editor's summary (the ``{editorial}`` box), or else its first paragraph, without ¶ links,
cut to its first sentence or clause if that is no longer than 200 characters, else at a word near 160.  Pages Sphinx generates without a source (the index, the search page)
get a sentence naming what they are.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .editorial import editorial_block
from .shortening import cut

LIMIT = 160
MOST = 300  # a whole first sentence or clause, if no longer: one cut mid-phrase says little (reviews FD, FG)
GENERATED = {
    "genindex": "Index of the people, groups, places and terms in the briefing book “{title}”.",
    "search": "Search the briefing book “{title}”: its sections, actor glossaries, diagrams and claims.",
}


PARAGRAPH_REFS = re.compile(r"\s*\(¶\d+(?:\s*[–-]\s*¶?\d+)?(?:,\s*¶\d+)*\)")  # the op-ed has no ¶ of its own


def ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def plain_text(node: nodes.Element) -> str:
    """The node's text without ¶ links and markers (they mean nothing out of context)."""
    words = "".join(t.astext() for t in node.findall(nodes.Text) if not any(isinstance(a, nodes.raw) for a in ancestors(t)))
    text = PARAGRAPH_REFS.sub("", re.sub(r"\s+", " ", words))
    # one the text names ("what ¶9 reports"), not a citation; its number never cut from it (review DO: "what paragraph…")
    text = re.sub(r"¶(\d+)", "paragraph\u00a0\\1", text)
    return re.sub(r"\s+([,.;:])", r"\1", text).strip()


def shorten(text: str, limit: int = LIMIT, most: int = MOST) -> str:
    """The text if short; else its first sentence, or its first clause (to a semicolon or colon), whole, if it fits in ``most``
    (a preview cut in the middle of a sentence says little: review CW); else cut at a word, "…" outside quotation
    marks."""
    if len(text) <= limit:
        return text
    after = text.find(" — ") + 1  # the text after the page's title, which may hold anything ("&lt;")
    for end in (".!?", ";", ":"):
        part = leading(text, end, after)
        if part and len(part) - after < most:  # the page's title aside
            return part.rstrip(";:") + ("." if part.endswith((";", ":")) else "")
    return cut(text, limit) + "…"


def leading(text: str, ends: str, start: int = 0) -> str:
    """``text`` up to the first of ``ends`` from ``start`` on, outside quotation marks and before a space (“…
    Lukashenka.” ends inside them), that mark included; "" if there is none."""
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "“") - (char == "”")
        if i >= start and depth <= 0 and char in ends and (i + 1 == len(text) or text[i + 1] == " "):
            return text[:i + 1]
    return ""


def describe(doctree: nodes.document) -> str:
    for box in doctree.findall(editorial_block):
        paragraph = next(box.findall(nodes.paragraph), None)
        if paragraph is not None:
            return plain_text(paragraph)
    for paragraph in doctree.findall(nodes.paragraph):
        text = plain_text(paragraph)
        if len(text.split()) >= 8:
            return text
    return ""


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None) -> None:
    if 'name="description"' in context.get("metatags", ""):
        return  # the page says it itself (MyST html_meta)
    if doctree is not None:
        text = describe(doctree)
        # The title as text (the context's "title" is HTML: escaping it again showed "&lt;" to readers).
        title = " ".join(app.env.titles[pagename].astext().split()) if pagename in app.env.titles else ""
        text = f"{title} — {text}" if text and title else text
    else:
        text = GENERATED.get(pagename, "").format(title=app.config.project)
    if not text:
        return
    tag = f'<meta name="description" content="{html.escape(shorten(text), quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


# docutils' HTML writer adds a viewport meta of its own to the page's metatags; Sphinx's layout already has one
DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport" content="width=device-width, initial-scale=1" />\n?')


def one_viewport(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None) -> None:
    context["metatags"] = DOCUTILS_VIEWPORT.sub("", context.get("metatags", ""))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_description)
    app.connect("html-page-context", one_viewport)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
