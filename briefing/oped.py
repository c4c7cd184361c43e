"""The op-ed's own words: verbatim paragraphs, their ¶ numbers, and the fidelity check.

A page quotes the op-ed only through the ``oped`` directive::

    :::{oped} 3
    At the same time, {term}`Lukashenka` has consistently refused …
    :::

The argument is a body paragraph number (1 to the source's count) or one of the front-matter parts
``byline``, ``bio`` and ``statement``.  The content may add markup (links,
glossary terms) but its text must equal the source paragraph word for word; the
build also checks that every body paragraph appears exactly once, in reading
order, and that the root page's title is the op-ed's title.  Every mismatch is a
warning with file and line, which ``-W`` turns into a failed build.

Body paragraph N gets the stable anchor ``pN`` and a visible "¶N" marker; the
``{p}`N``` role links to it from anywhere.

The contract for the other features: a quoted part is an :class:`oped_paragraph` node, and
:func:`oped_part` tells which part (if any) a node is or sits in.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import book, data_file
from .oped_source import FRONT_PARTS, is_paragraph, normalise
from .sentences import split
from .textmatch import ELLIPSIS, occurs, single, word_diff
from .per_doc import keep_per_doc

logger = logging.getLogger(__name__)


def anchor(part: str) -> str:
    """``3`` -> ``p3``; ``bio`` -> ``op-ed-bio``."""
    return f"p{part}" if is_paragraph(part) else f"op-ed-{part}"


class oped_paragraph(nodes.container):
    """One part of the op-ed, verbatim: ``node["part"]`` is "3" (¶3), "byline", "bio" or "statement"."""


def source_text(env: BuildEnvironment, part: str) -> str:
    return book.of(env).oped.part(part)




def part_argument(env: BuildEnvironment, argument: str) -> str:
    """The part an argument names ("3", "bio", …); ValueError, saying what is expected, if none."""
    part, oped = argument.strip(), book.of(env).oped
    if oped.has(part):
        return part
    raise ValueError(f"{part!r} is not a part of the op-ed: expected a paragraph number 1–{len(oped.body)} "
                     f"or one of {', '.join(FRONT_PARTS)}")


class OpEdParagraph(SphinxDirective):
    """One paragraph of the op-ed, verbatim (see the module docstring)."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        if book.of(self.env).oped.problems:  # reported once (report_source_problems): not again on every page
            self.env.note_dependency(str(book.of(self.env).source))
            container = nodes.container(classes=["oped"])
            self.state.nested_parse(self.content, self.content_offset, container)
            return [container]
        try:
            part = part_argument(self.env, self.arguments[0])
        except ValueError as exc:
            raise self.error(f"{{oped}} {self.arguments[0]}: {exc}") from None
        source = book.of(self.env).source
        self.env.note_dependency(str(source))
        container = oped_paragraph(classes=["oped", "oped-body" if is_paragraph(part) else f"oped-{part}"], part=part)
        self.set_source_info(container)
        self.state.nested_parse(self.content, self.content_offset, container)

        paragraphs = [n for n in container.children if isinstance(n, nodes.paragraph)]
        where = self.get_location()
        if len(paragraphs) != 1 or len(container.children) != 1:
            logger.warning("op-ed %s: the block must hold exactly one paragraph", label(part), location=where, type="oped")
            return [nodes.container("", *container.children, classes=["oped"])]  # not a quoted part: no anchor
        container["names"].append(anchor(part))
        self.state.document.note_explicit_target(container)
        found = normalise(paragraphs[0].astext())  # checked before the ¶ marker is added
        expected = source_text(self.env, part)
        if found != expected:
            logger.warning(
                "op-ed %s differs from the source %s: %s",
                label(part), source.name, word_diff(expected, found), location=where, type="oped",
            )
        if is_paragraph(part):
            marker = nodes.reference("", "", nodes.Text(f"¶{part}"), refid=anchor(part),
                                     classes=["oped-pnum"], reftitle=f"Link to ¶{part}")
            paragraphs[0].insert(0, nodes.Text(" "))
            paragraphs[0].insert(0, marker)
        self.env.oped_parts.setdefault(self.env.docname, []).append((part, self.lineno))
        return [container]


def quoted_paragraphs(env: BuildEnvironment, docname: str) -> list[str]:
    """The body paragraphs page ``docname`` quotes ("3", …), in the order it quotes them."""
    return [part for part, _ in env.oped_parts.get(docname, ()) if is_paragraph(part)]


def missing_anchor(env: BuildEnvironment, anchor_name: str) -> bool:
    """Is ``anchor_name`` the anchor of a body paragraph no page quotes (reported by :func:`check_book`)?"""
    return anchor_name in getattr(env, "oped_missing", ())


def label(part: str) -> str:
    """How a part is named to the reader: ``¶3``, ``author note``, ``publisher’s statement``."""
    return f"¶{part}" if is_paragraph(part) else {"bio": "author note", "statement": "publisher’s statement"}.get(part, part)


def paragraph_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{p}`7``` -> a link "¶7" to op-ed paragraph 7, wherever it is.

    ``{p}`7: the op-ed's words``` also gives the evidence for the statement that cites it: a span
    of ¶7, checked by evidence.py and shown on hover.
    """
    number, _, span = text.partition(":")
    try:
        part = part_argument(inliner.document.settings.env, number)
    except ValueError as exc:
        in_data = data_file.where(rawtext)
        if in_data:  # MyST of a data file (actors.yaml, notes.yaml, figures.yaml): its line, not the page's
            logger.warning("{p}`%s`: %s", text, exc, location=in_data, type="data")
            return [nodes.problematic(rawtext, rawtext)], []
        msg = inliner.reporter.error(f"{{p}}`{text}`: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    ref = addnodes.pending_xref(rawtext, nodes.inline(rawtext, label(part), classes=["xref", "oped-ref"]),
                                refdomain="std", reftype="ref", reftarget=anchor(part),
                                refexplicit=True, refwarn=True, oped_part=part)
    if not span.strip():
        return [ref], []
    ref["evidence"] = " ".join(span.split())
    return [cite_with_evidence(ref, ref["evidence"])], []


def cite_with_evidence(xref: addnodes.pending_xref, words: str) -> nodes.inline:
    """A citation with the op-ed's words it rests on, kept on a wrapper that outlives the xref (for the hover)."""
    return nodes.inline("", "", xref, classes=["oped-cite"], evidence=words, oped_part=xref.get("oped_part"))


def evidence_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A citation's evidence becomes its link's title, on hover: the op-ed's whole sentence (or sentences) that holds
    it, not only the words that locate it (review EV: "First, until the presidential elections in Belarus held on
    August 9" stopped short of what the statement rests on)."""
    body = book.of(app.env).oped.body
    for cite in doctree.findall(nodes.inline):
        link = cite.get("evidence") and next(cite.findall(nodes.reference), None)
        if link:
            part = cite.get("oped_part")
            held = (holding_sentences(cite["evidence"], body[int(part) - 1])
                    if part and is_paragraph(part) and int(part) <= len(body) else "")
            # its own marks inside ours single
            link["reftitle"] = f"{link.astext()}: “{single(held or cite['evidence'])}”"


def holding_sentences(evidence: str, paragraph: str) -> str:
    """The sentences of ``paragraph`` that hold a piece of ``evidence`` ("…" separates its pieces), in order, with
    "…" where one is left out between them; empty if none holds one whole (a piece across two sentences: the
    evidence alone is shown)."""
    pieces = [piece for piece in ELLIPSIS.split(evidence) if piece.strip()]
    # letter for letter first: "First" is ¶2's third sentence, not the first one's "at first glance" (review FG)
    for case in (True, False):
        found = [(n, s) for n, s in enumerate(split(paragraph)) if any(occurs(piece, s, case) for piece in pieces)]
        if found:
            break
    return "".join((" … " if n > found[i - 1][0] + 1 else " ") * bool(i) + s for i, (n, s) in enumerate(found))


def oped_part(node: nodes.Node) -> str | None:
    """The op-ed part ("3", "bio", …) that ``node`` is or sits in, if any: the contract for the other features."""
    while node is not None:
        if isinstance(node, oped_paragraph):
            return node["part"]
        node = node.parent
    return None


def reading_order(env: BuildEnvironment) -> list[str]:
    """Documents in the order a reader meets them (depth-first through the toctrees)."""
    order: list[str] = []

    def visit(doc: str) -> None:
        if doc in order:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, ()):
            visit(child)

    visit(env.config.root_doc)
    return order


def check_book(app: Sphinx, env: BuildEnvironment) -> None:
    """Every body paragraph once, in reading order; the root title is the op-ed's title."""
    if book.of(env).oped.problems:
        return  # a source that cannot be read or split is reported once, not as every paragraph missing
    seen: dict[int, tuple[str, int]] = {}  # ¶N -> (docname, line)
    previous = 0
    for doc in reading_order(env):
        for part, line in env.oped_parts.get(doc, ()):
            if not is_paragraph(part):
                continue
            n = int(part)
            if n in seen:
                other = f"{env.doc2path(seen[n][0])}:{seen[n][1]}"
                logger.warning("op-ed ¶%d appears twice: also at %s", n, other, location=(doc, line), type="oped")
                continue
            if n < previous:
                logger.warning("op-ed ¶%d is out of order: it comes after ¶%d", n, previous, location=(doc, line), type="oped")
            seen[n], previous = (doc, line), max(previous, n)
    the_book = book.of(env)
    missing = sorted(set(range(1, len(the_book.oped.body) + 1)) - set(seen))
    env.oped_missing = set(map(anchor, map(str, missing)))  # links to them are not reported again
    for n in missing:
        before = max((k for k in seen if k < n), default=None)
        logger.warning("op-ed ¶%d is missing from the book: no page quotes it with {oped} %d%s (source: %s)",
                       n, n, f"; it belongs after ¶{before}, quoted here" if before else "",
                       the_book.relative(the_book.source), location=seen[before] if before else None, type="oped")
    title, expected = env.titles[env.config.root_doc].astext(), the_book.oped.title
    if title != expected:
        logger.warning("the book's title %r is not the op-ed's title %r", title, expected,
                       location=env.config.root_doc, type="oped")


def unlink_missing(app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element):
    """A missing paragraph is reported once, not again at every link to it: those links stay plain text."""
    return contnode if missing_anchor(env, node.get("reftarget")) else None


def report_source_problems(app: Sphinx) -> None:
    """A source that cannot be read or is not laid out as expected: one warning per problem, before any page."""
    for where, message in book.of(app).oped.problems:
        logger.warning(message, location=where, type="oped")


def container_visitors() -> dict[str, tuple]:
    """Every writer renders an op-ed part as the container it is."""
    visit = (lambda self, node: self.visit_container(node), lambda self, node: self.depart_container(node))
    return {fmt: visit for fmt in ("html", "latex", "text", "man", "texinfo")}  # the EPUB builder uses html's


def setup(app: Sphinx) -> dict[str, Any]:
    keep_per_doc(app, "oped_parts")
    app.add_node(oped_paragraph, **container_visitors())
    app.connect("builder-inited", report_source_problems)
    app.add_directive("oped", OpEdParagraph)
    app.add_role("p", paragraph_role)
    app.connect("env-check-consistency", check_book)
    app.connect("missing-reference", unlink_missing)
    app.connect("doctree-resolved", evidence_titles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
