"""Deep links that never break: published anchors, the same names in HTML and PDF, guarded by a registry.

The anchors (the naming scheme is in README.md, "Linking to this briefing"):

* every explicit label: pages and sections (``sec-…``, ``analysis-…``, ``gloss-…``, ``home``,
  ``at-a-glance``, …) and figures (``fig-…``);
* every op-ed paragraph: ``p1`` … ``p10`` (see oped.py);
* every glossary term: ``term-…`` (Sphinx's ids for glossary terms).

This extension

* requires an explicit label on every section and subsection (a warning names the heading);
* makes each anchor a PDF named destination of exactly the same name, so ``briefing.pdf#p7``
  opens at ¶7 in a PDF viewer, and gives each HTML page an "Open this section in the PDF" link;
* checks the book against the committed registry (``briefing_anchors``: ``docs/anchors.txt``, "anchor page"
  per line; a new book's registry, created by ``briefing new``, says nothing is published yet, and stays so until
  ``briefing anchors`` (``make anchors``) publishes them: a build never does; a missing registry is an error):
  a published anchor that is gone, or now on another page without a redirect (``redirects`` in
  conf.py, sphinx-reredirects), is an error naming the anchor; so is a new anchor that is not yet
  published (``make anchors`` rewrites the registry from the book);
* forwards a published anchor that moved to another page while its old page stays: the registry keeps the
  pages it was published on after its current one ("anchor page earlier-page"), and each earlier page sends
  ``#anchor`` on to the new one (a one-line script), so an old link still lands on it;
* renders the registry as a table with ``{anchor-list}`` ("Linking to this briefing").
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import book
from .oped import missing_anchor, oped_paragraph, reading_order
from .per_doc import keep_per_doc, rewrite_all_with_any_change

logger = logging.getLogger(__name__)
HEADER = """\
# Published anchors of the briefing book, one per line: "anchor page", then any pages it was published on before.
# HTML: <page>.html#<anchor>   PDF: {pdf}#<anchor>
# A published anchor must keep working: if its page moves, add a redirect (conf.py `redirects`); if the anchor
# moves to another page, its earlier pages forward it there.
# Generated from the book by `make anchors`; the build fails while this file and the book disagree.
"""


def pdf_target(anchor: str, after_heading: bool = False) -> nodes.raw:
    if after_heading:  # not a paragraph of its own (an empty line), which would let a page break follow the heading
        return nodes.raw("", rf"\vbox to 0pt{{\hypertarget{{{anchor}}}{{}}\vss}}\nobreak", format="latex")
    return nodes.raw("", rf"\hypertarget{{{anchor}}}{{}}", format="latex")


def explicit_names(document: nodes.document, node: nodes.Element) -> list[str]:
    return [name for name in node["names"] if document.nametypes.get(name)]


def mark_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """PDF named destinations for every anchor; explicit labels required on sections."""
    docname, found, pdf = app.env.docname, [], book.of(app.env).pdf

    def anchor(node: nodes.Element, target: nodes.Element, index: int, name: str | None = None) -> None:
        name = name or node["ids"][0]
        target.insert(index, pdf_target(name, isinstance(node, (nodes.section, nodes.rubric))))
        found.append(name)

    for section in doctree.findall(nodes.section):
        if not explicit_names(doctree, section):
            logger.warning("section %r has no explicit label: add a (label)= line above its heading",
                           section[0].astext(), location=section, type="anchors")
            continue
        for name in reversed(section["ids"][1:]):  # a label it kept from an earlier edition (a page renamed)
            if name in explicit_names(doctree, section):
                anchor(section, section, 1, name)
        anchor(section, section, 1)
        if section.parent is doctree:  # the page's own title: offer the same place in the PDF
            # (the home page's is the whole book: its title page, not the part of the PDF after the contents)
            depth = "../" * docname.count("/")
            home = docname == app.config.root_doc
            href, words = (pdf, "Open the book as a PDF") if home else (f"{pdf}#{section['ids'][0]}",
                                                                       "Open this section in the PDF")
            link = (f'<p class="pdf-section-link"><a href="{depth}{href}">'
                    f'<i class="fa-solid fa-file-pdf" aria-hidden="true"></i> {words}</a></p>')
            # Web pages only: the EPUB does not carry the PDF (EPUBCheck: a link to a missing resource).
            web_only = addnodes.only(expr="html and not epub")
            web_only += nodes.raw("", link, format="html")
            section.insert(2, web_only)
    for node in list(doctree.findall(nodes.Element)):
        if isinstance(node, nodes.section) or not node.get("ids"):
            continue
        if isinstance(node, oped_paragraph):
            anchor(node, node.next_node(nodes.paragraph) or node, 0)
        elif isinstance(node, nodes.figure) and explicit_names(doctree, node):
            anchor(node, node, 0)  # inside the float, so that it moves with it to the page the figure is set on
        elif isinstance(node, nodes.rubric) and explicit_names(doctree, node):
            # after the heading: a heading may move to the next page (never stranded), its anchor with it
            anchor(node, node.parent, node.parent.index(node) + 1)
        elif isinstance(node, nodes.admonition) and explicit_names(doctree, node):  # an editor's note
            anchor(node, node, 1)
        elif isinstance(node, nodes.paragraph) and explicit_names(doctree, node):
            # a published anchor whose figure is gone (fig-relationships-wagner): the paragraph that says where its
            # content is drawn now keeps it, so an old link still lands on the right words
            anchor(node, node, 0)
        elif isinstance(node, nodes.term):  # its id, and any it kept from an earlier edition (actors.yaml `anchors`)
            for name in node["ids"]:
                anchor(node, node.parent.next_node(nodes.definition), 0, name)
    app.env.anchors[docname] = found


def headed(doctree: nodes.document, test: Any) -> dict[int, tuple[str, str]]:
    """{id(node): (anchor, words) of the nearest labelled heading before it} for each node that passes ``test``:
    where a link to it lands (("", "") for the page's own title: its address alone).  A mention in the home page's
    *At a glance* is reached at ``index.html#at-a-glance``, not at the book's title page (review BG)."""
    found, current = {}, ("", "")
    for node in doctree.findall(nodes.Element):
        if isinstance(node, (nodes.section, nodes.rubric)) and node.get("ids") and explicit_names(doctree, node):
            heading = node if isinstance(node, nodes.rubric) else node.next_node(nodes.title)
            current = ("", "") if node.parent is doctree else (node["ids"][0], heading.astext() if heading else "")
        elif test(node):
            found[id(node)] = current
    return found


OPENING = "Front matter"  # the home page's opening, before its first part, as the web and the PDF name it


def page_link(app: Sphinx, fromdoc: str, doc: str, at: tuple[str, str], mention: str = "") -> nodes.reference:
    """A link to ``doc`` at a heading (:func:`headed`), named by the page's title, or by the heading where it is a
    part of the page; the home page, whose title is the op-ed's, by the part's heading, or its opening as the front
    matter, so that the link never reads as the op-ed itself (review BJ), and names a place as print does.  In
    print, where a link cannot be followed, the PDF names the part and gives the page of ``mention`` (the id of the
    linking mention itself, on ``doc``), else of the heading (``page_reference``, ``page_reference_at``; the HTML
    writer sets no attribute it does not know): the page a reader turns to, which the index gives too."""
    anchor, heading = at
    uri = app.builder.get_relative_uri(fromdoc, doc) + (f"#{anchor}" if anchor else "")
    title = app.env.titles[doc].astext()
    on_paper = title
    if heading and doc != app.config.root_doc:
        # a part of a page with a heading of its own by that heading (¶8's resolution, on the page it shares with ¶7:
        # by the page's title, print gave the page of ¶7, review DW)
        title = on_paper = heading
    elif doc == app.config.root_doc:
        # a book has no home page: the part by its own name; the opening, before any part, as a book names it ("Home
        # page" named nothing in print, review DN; nor did "Title and byline", reviews DW, DY; the op-ed's title, which
        # is printed there, read as the op-ed itself, reviews ES, ET); the web the same ("Home page: At a glance"
        # beside print's "At a glance" named one place twice, review EY)
        title = on_paper = heading or OPENING
    reference = nodes.reference("", title, internal=True, refuri=uri)
    reference["page_reference"] = on_paper  # the PDF names it so, with its page number ("At a glance, p. 3")
    if mention:
        reference["page_reference_at"] = f"{doc}#{mention}"
    return reference


def redirects_on_the_web_only(app: Sphinx) -> None:
    """A renamed page's old address is a web address: sphinx-reredirects would write its stub into the EPUB too (an
    XHTML page without a language, linking outside the book), so the EPUB builds without them."""
    app.briefing_redirects = dict(app.config.redirects)
    if app.builder.name.startswith("epub"):
        app.config.redirects = {}


def redirect_template(app: Sphinx, config: Any) -> None:
    """A redirect may lead to a part of its page (the old page on ¶8: its heading on the page it joined, review DR):
    an old link's own ``#`` replaces that part, where sphinx-reredirects' default template appends it.  Set as the
    configuration is read, so that a build with nothing changed finds its configuration unchanged."""
    if not config.redirect_html_template_file:
        config.redirect_html_template_file = str(Path(__file__).parent / "templates" / "redirect.html")


def web_redirects(app: Sphinx) -> dict[str, str]:
    return getattr(app, "briefing_redirects", app.config.redirects)


def book_anchors(env: BuildEnvironment) -> dict[str, list[str]]:
    """{anchor: the pages that have it} for the pages a reader can reach, in reading order."""
    found: dict[str, list[str]] = {}
    for docname in reading_order(env):
        for anchor in env.anchors.get(docname, ()):
            found.setdefault(anchor, []).append(docname)
    return found


def read_history(path: Path) -> tuple[dict[str, list[str]], list[tuple[int, str]]]:
    """The published anchors {anchor: [page, earlier pages …]}, and the lines that are not "anchor page …"."""
    published, malformed = {}, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            fields = line.split()
            if len(fields) >= 2:
                published[fields[0]] = fields[1:]
            else:
                malformed.append((number, line))
    return published, malformed


def read_registry(path: Path) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """The published anchors {anchor: page}, and the lines that are not "anchor page": (line, text)."""
    history, malformed = read_history(path)
    return {anchor: pages[0] for anchor, pages in history.items()}, malformed


def check_registry(app: Sphinx, env: BuildEnvironment) -> None:
    """Published anchors must stay; new ones must be published.  Problems other checks report
    already (a missing op-ed paragraph, a duplicate label, a page in no toctree) are not repeated."""
    the_book = book.of(env)
    anchors, registry = book_anchors(env), the_book.anchors
    where = the_book.relative(registry)
    if not registry.exists() and not app.config.anchors_update:
        logger.warning("%s: the anchor registry is missing; restore it from version control (published links rely on "
                       "it), or publish the book's anchors anew with `make anchors`", where, type="anchors")
        return
    try:
        history, malformed = read_history(registry) if registry.exists() else ({}, [])
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("%s cannot be read: %s", where, exc, type="anchors")
        return
    if app.config.anchors_update:
        publish(app, env)
        return
    if unpublished(registry) and not history:
        return  # a new book: nothing is published until `briefing anchors` (a build never publishes)
    for number, line in malformed:
        logger.warning("not \"anchor page\": %r", line, location=f"{registry}:{number}", type="anchors")
    book_pages = set(reading_order(env))
    for anchor, (page, *earlier) in history.items():
        pages = anchors.get(anchor)
        if pages is None:
            if not missing_anchor(env, anchor):  # a missing op-ed paragraph is reported by oped.py
                logger.warning("%s: published anchor %r (page %s) is gone from the book; restore it "
                               "(published links use it)", where, anchor, page, type="anchors")
        elif page not in pages and page in book_pages:  # the anchor moved; its page stays
            logger.warning("%s: published anchor %r moved from %s to %s: run `make anchors` to record the move, and "
                           "%s.html forwards it to its new page", where, anchor, page, pages[0], page, type="anchors")
        for old in (page, *earlier) if pages else ():
            if old not in pages and old not in book_pages and old not in web_redirects(app):
                logger.warning("%s: published anchor %r moved from %s to %s without a redirect: add "
                               "redirects[%r] = %r in conf.py", where, anchor, old, pages[0], old,
                               Path(pages[0]).name + ".html", type="anchors")
    for anchor in anchors.keys() - history.keys():
        logger.warning("%s: anchor %r (page %s) is not published yet: run `make anchors` to add it",
                       where, anchor, anchors[anchor][0], type="anchors")


NEW_BOOK = ("# A new book: nothing is published yet. `briefing anchors` (or `make anchors`) publishes the book's anchors\n"
            "# here when it is first deployed; until then pages may be renamed and paragraphs corrected freely.\n")


def empty_registry(pdf: str) -> str:
    """The registry ``briefing new`` writes: nothing published yet (an emptied registry does not say so)."""
    return HEADER.format(pdf=pdf) + NEW_BOOK


def unpublished(registry: Path) -> bool:
    try:
        return NEW_BOOK in registry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def publish(app: Sphinx, env: BuildEnvironment) -> None:
    """Write the registry from the book (``briefing anchors``, ``make anchors``: never a plain build)."""
    the_book = book.of(env)
    anchors = book_anchors(env)
    try:  # the pages each anchor was published on before stay listed after its page: they forward it
        history = read_history(the_book.anchors)[0] if the_book.anchors.exists() else {}
    except (OSError, UnicodeDecodeError):
        history = {}
    lines = (" ".join([anchor, *dict.fromkeys([pages[0], *history.get(anchor, ())])]) for anchor, pages in anchors.items())
    text = HEADER.format(pdf=the_book.pdf) + "".join(f"{line}\n" for line in lines)
    try:
        the_book.anchors.write_text(text, encoding="utf-8")
    except OSError as exc:
        logger.warning("%s cannot be written: %s", the_book.anchors, exc.strerror, type="anchors")
        return
    logger.info("anchors: wrote %d anchors to %s", len(anchors), the_book.relative(the_book.anchors))


class anchor_list(nodes.General, nodes.Element):
    """Placeholder for the anchor table, filled in once every page is read."""


class AnchorList(SphinxDirective):
    """``{anchor-list}``: every anchor with its web link and its PDF form ("Linking to this briefing")."""

    def run(self) -> list[nodes.Node]:
        # On the web only: in print the scheme above says it all, and 80 rows would fill six pages.
        only = addnodes.only(expr="html")
        only += anchor_list()
        return [only]


def cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def fill_anchor_list(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    for placeholder in list(doctree.findall(anchor_list)):
        from . import actors  # actors uses this module's helpers
        env = app.env
        # an entry's anchors from a headword since changed (term-KGB): said whose, or the row reads as an entry of its own
        earlier = {anchor: f" (an earlier headword of the entry {actor.name})"
                   for actor in actors.load(env).by_name.values() for anchor in actor.anchors}
        registry = book_anchors(env)
        # a section's labels from earlier editions (sec-west-against-east): its own, nearest its heading, comes first
        # among its ids; the others said to be old, or their words read as the book's (reviews DQ, DR)
        for page in {page for page, *_ in registry.values()}:
            for section in env.get_doctree(page).findall(nodes.section):
                own = next((i for i in section["ids"] if i in registry), None)
                earlier.update({i: " (an earlier address of this section)" for i in section["ids"]
                                if i in registry and i != own})
            # a figure since dropped: its address leads to the paragraph that says where its content is (review EQ)
            earlier.update({i: " (the address of a figure since dropped: the paragraph that says where it is drawn now)"
                            for paragraph in env.get_doctree(page).findall(nodes.paragraph)
                            for i in paragraph["ids"] if i in registry})
        # the addresses to cite first; the earlier ones, which still lead there, apart below them (review EX: listed
        # among the others, "sec-west-against-east" invited citing a name the section no longer has)
        bodies = {False: nodes.tbody(), True: nodes.tbody()}
        for anchor, (page, *_) in registry.items():
            uri = app.builder.get_relative_uri(fromdoc, page) + "#" + anchor
            where = env.titles[page].astext() + earlier.get(anchor, "")
            bodies[anchor in earlier] += nodes.row(
                "", cell(nodes.reference("", anchor, internal=True, refuri=uri, classes=["anchor-name"])),
                cell(nodes.Text(where), nodes.Text(" — "), nodes.literal("", f"{page}.html#{anchor}")),
                cell(nodes.literal("", f"{book.of(env).pdf}#{anchor}")))

        def table(body: nodes.tbody) -> nodes.table:
            head = nodes.thead("", nodes.row("", *(cell(nodes.Text(t)) for t in ("Anchor", "Web address", "In the PDF"))))
            group = nodes.tgroup("", *(nodes.colspec(colwidth=w) for w in (28, 44, 28)), head, body, cols=3)
            return nodes.table("", group, classes=["anchor-list", "longtable"])

        tables: list[nodes.Node] = [table(bodies[False])]
        if bodies[True].children:
            tables += [nodes.paragraph("", "Earlier addresses, kept so that links made to them still lead to the same "
                                           "place; cite the addresses above:"), table(bodies[True])]
        placeholder.replace_self(tables)


@cache
def _history_of(path: str, mtime: int) -> dict[str, list[str]]:
    """The registry's history, read once per version of the file, not once for every page written."""
    return read_history(Path(path))[0]


def forward_moved(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """On a page that a published anchor has left for another, send ``#anchor`` on to the anchor's new page."""
    registry = book.of(app.env).anchors
    if app.builder.name != "html" or not registry.exists():
        return  # the EPUB carries no scripts, and its links are the book's own
    try:
        history = _history_of(str(registry), registry.stat().st_mtime_ns)
    except (OSError, UnicodeDecodeError):
        return  # check_registry reports it
    moved = {anchor: app.builder.get_relative_uri(pagename, page) for anchor, (page, *earlier) in history.items()
             if pagename in earlier and page != pagename}
    if moved:
        # on opening the page, and on a jump within it (a link to #p8 on the page ¶8 left, or an address typed over)
        script = ("<script>(function(){var moved=%s, go=function(){var anchor=decodeURIComponent(location.hash.slice(1));"
                  "if (moved[anchor]) location.replace(moved[anchor] + '#' + anchor);}; go();"
                  "addEventListener('hashchange', go);})();</script>\n")
        context["metatags"] = context.get("metatags", "") + script % json.dumps(moved)


def rubric_permalinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A labelled rubric (the home page's *At a glance*, *Open questions*) gets the permalink a heading has, on the web:
    the linking page tells readers to hover over a heading for its link (review BN)."""
    if app.builder.name not in ("html", "dirhtml"):
        return  # not in print, nor in the EPUB
    for rubric in doctree.findall(nodes.rubric):
        if rubric.get("ids") and explicit_names(doctree, rubric):
            rubric += nodes.reference("", "#", refuri=f"#{rubric['ids'][0]}", classes=["headerlink"],
                                      reftitle="Link to this heading")


def forget_labels_first(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Sphinx forgets a changed page's labels only just before it reads that page again: a label moved to a page
    read before it (a new page, sorted first) would clash with its own stale self ("duplicate label") on every
    incremental build.  Every page about to be read forgets them first."""
    for docname in docnames:
        for domain in env.domains.values():
            domain.clear_doc(docname)


def setup(app: Sphinx) -> dict[str, Any]:
    keep_per_doc(app, "anchors")
    app.connect("env-before-read-docs", forget_labels_first)
    app.connect("doctree-resolved", rubric_permalinks)
    app.connect("html-page-context", forward_moved)
    app.add_node(anchor_list)
    app.add_directive("anchor-list", AnchorList)
    app.connect("doctree-resolved", fill_anchor_list)
    app.connect("doctree-read", mark_anchors)
    app.connect("env-check-consistency", check_registry)
    app.connect("builder-inited", redirects_on_the_web_only)
    app.connect("config-inited", redirect_template)
    rewrite_all_with_any_change(app)  # a retitled page, in every page's navigation and in the anchor list (DD, DE)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
