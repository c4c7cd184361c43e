"""Hover previews of glossary entries, built at build time.

Every link to a glossary entry gets ``data-preview="Headword — first sentence of the entry"``;
briefing/static/briefing.css shows it as a tooltip on hover *and* on keyboard focus.  No script,
no request: it works offline and in print-free reading alike.

The contract: at ``doctree-resolved`` a link whose target is a glossary term (an id of a
``nodes.term`` on a glossary page, :func:`briefing.actors.glossary_pages`) gets ``node["preview"]``;
the HTML writer puts it on the ``<a>``.  One :class:`Previews` object per Sphinx application
holds the table, computed once per build.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .actors import glossary_pages, load as load_actors
from .shortening import cut

MAX_CHARS = 400  # long enough for a whole first sentence: a shortened one can lose its hedge or counter-claim
ENOUGH_CHARS = 160  # a preview shorter than this takes the entry's next sentence too


CITATION = re.compile(r"¶\d+")


def opening(definition: nodes.definition) -> str:
    """The entry's opening: its first sentence, and the next ones while it is shorter than ENOUGH_CHARS (“Belarusian
    President” (¶1) alone says nothing of what he does in the op-ed), shortened to about MAX_CHARS; it always
    names a ¶ it rests on (those of what it keeps, or else the paragraph's first), even where the shortening or
    the sentence lacks one."""
    first = definition.next_node(nodes.paragraph)
    text = " ".join(first.astext().split()) if first else ""
    sentences = re.split(r"(?<=[.!?])\s", text)
    sentence = sentences.pop(0)
    while sentences and len(sentence) < ENOUGH_CHARS and len(sentence) + len(sentences[0]) < MAX_CHARS:
        sentence += " " + sentences.pop(0)
    if len(sentence) > MAX_CHARS:
        sentence = cut(sentence, MAX_CHARS, clauses=True) + " …"  # at a whole clause, outside quotations
    cited = list(dict.fromkeys(CITATION.findall(sentence))) or CITATION.findall(text)[:1]  # what it keeps rests on
    missing = [c for c in cited if c not in CITATION.findall(sentence)]
    if not missing:
        return sentence
    end = "." if sentence.endswith(".") else ""
    return f"{sentence.removesuffix(end)} ({', '.join(missing)}){end}"


class Previews:
    """{term id: preview text}, from the glossary pages' doctrees, once per build."""

    def __init__(self) -> None:
        self.table: dict[str, str] | None = None

    def reset(self, app: Sphinx, env: BuildEnvironment) -> None:
        """``env-updated``: the glossaries may have changed."""
        self.table = None

    def of(self, env: BuildEnvironment) -> dict[str, str]:
        if self.table is None:
            found, actors = {}, load_actors(env)
            for docname in glossary_pages(env):
                for item in env.get_doctree(docname).findall(nodes.definition_list_item):
                    terms = [t for t in item.children if isinstance(t, nodes.term)]
                    definition = item.next_node(nodes.definition)
                    if not terms or definition is None:
                        continue
                    actor = actors.lookup(terms[0].astext())
                    headword = actor.name if actor else terms[0].astext()
                    for term in terms:
                        for term_id in term["ids"]:  # and any anchor it kept from an earlier edition
                            found[term_id] = f"{headword} — {opening(definition)}"
            self.table = found
        return self.table

    def mark(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """``doctree-resolved``: every internal link to a glossary term carries its preview."""
        if app.builder.format != "html":
            return
        table = self.of(app.env)
        for ref in doctree.findall(nodes.reference):
            target = ref.get("refid") or ref.get("refuri", "").partition("#")[2]
            if ref.get("internal") and target in table:
                ref["preview"] = table[target]


def visit_reference(self, node: nodes.reference) -> None:
    """The writer's own ``<a>``, with ``data-preview`` after its ``href`` when the link has one."""
    type(self).visit_reference(self, node)
    if node.get("preview"):
        preview = html.escape(node["preview"], quote=True)
        self.body[-1] = re.sub(r'( href="[^"]*")', lambda m: f'{m.group(1)} data-preview="{preview}"', self.body[-1], count=1)


def setup(app: Sphinx) -> dict[str, Any]:
    previews = Previews()
    app.connect("env-updated", previews.reset)
    app.connect("doctree-resolved", previews.mark)
    app.add_node(nodes.reference, override=True, html=(visit_reference, lambda self, node: type(self).depart_reference(self, node)))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
