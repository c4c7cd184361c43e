"""The editors spell a word as the op-ed does: beside its "skeptical", no "sceptical" of theirs.

A reader searches the book for the op-ed's word and should find the editors' text too (review CJ: the section
title "Scepticism among …" stood over the op-ed's "skeptical"; the glossary's "organised" beside its
"organized").  For each word the op-ed spells the American way — "-iz-" ("organized", "recognize"), "-or"
("color"), "sk-" ("skeptical") — the British form of its stem ("organis", "colour", "scep") is a warning
wherever the editors' own words use it, at the file and line (a data file's for text rendered from data).
Quotations are left alone: they are someone's words ("will not recognise", the Parliament's), and literal
text (an address, a label such as ``sec-scepticism-in-moscow``) names something that exists.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import book
from .attribution import QUOTATION
from .oped import oped_part

logger = logging.getLogger(__name__)
WORD = re.compile(r"[^\W\d_]+")
VOWELS = "aeiouy"


def british(word: str) -> str | None:
    """The British form of the stem of an American spelling, or None: "organized" → "organis", "color" → "colour",
    "skeptical" → "scep" (a stem of five letters or more, so that "for" is no "four")."""
    if word.startswith("skep"):
        return "scep"
    if "iz" in word[3:]:
        stem = word[: word.index("iz", 3) + 2]
        return stem[:-1] + "s"
    if len(word) >= 5 and word.endswith("or") and word[-3] not in VOWELS:
        return word[:-2] + "our"
    return None


def variants(env: Any) -> dict[str, str]:
    """{the British stem: the op-ed's word} for each word the op-ed spells the American way."""
    oped = book.of(env).oped
    words = {w.lower() for part in (oped.title, oped.byline, oped.bio, *oped.body, oped.statement)
             for w in WORD.findall(part)}
    return {stem: word for word in sorted(words) if (stem := british(word))}


def own_words(node: nodes.Element) -> str:
    """The editors' own words in a paragraph, caption or title: not its literal text, not its quotations."""
    text = "".join(t.astext() for t in node.findall(nodes.Text)
                   if not isinstance(t.parent, (nodes.literal, nodes.literal_block, nodes.raw)) and not target(t))
    return QUOTATION.sub(" ", text)


def target(text: nodes.Text) -> bool:
    """A link's label yet to be resolved to a title ({ref}`sec-scepticism-in-moscow`: the address, checked where the
    title is)."""
    link = text.parent.parent if isinstance(text.parent, nodes.inline) else text.parent
    return isinstance(link, addnodes.pending_xref) and link.get("reftype") in ("ref", "numref") and \
        not link.get("refexplicit")


def check(app: Sphinx, doctree: nodes.document) -> None:
    stems = variants(app.env)
    if not stems:
        return
    for node in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.caption, nodes.title, nodes.term,
                                                         nodes.rubric))):
        if oped_part(node) is not None or isinstance(node.parent, (nodes.paragraph, nodes.term)):
            continue
        for word in WORD.findall(own_words(node)):
            stem = next((s for s in stems if word.lower().startswith(s)), None)
            if stem:
                logger.warning("“%s”: the op-ed spells it “%s”; the editors’ text spells as the op-ed does, so that "
                               "a search for the op-ed’s word finds it", word, stems[stem],
                               location=node, type="spelling")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", check)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
