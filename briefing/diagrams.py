"""Mermaid diagrams rendered at build time, once: one browser per build, cached, validated, accessible.

sphinxcontrib-mermaid stays the authoring interface (``{mermaid}`` with ``:caption:``,
``:name:``, ``:alt:``).  Stock, it starts mermaid-cli — a whole Chromium — for every diagram
in every output format, ships Mermaid's JavaScript (from a CDN) unless told otherwise, embeds
SVG as ``<object>`` without alt text, and turns a broken diagram into a warning without a
location.  Here instead:

1. on a cold cache the browser (``diagram_browser.py``) is started as this extension is set up
   — the briefing package sets it up first — so that it launches and loads Mermaid while Sphinx reads;
2. ``doctree-read`` notes every diagram (file, line, code, alt text) in the environment and
   hands those missing from the cache to that browser, which starts on them at once;
3. ``env-updated`` — once per build, in every builder — completes that ONE batch with every
   diagram still missing (starting the browser now if it is not running yet); the browser lays
   out each diagram (SVG) and prints it (vector PDF).  The HTML, LaTeX and EPUB builds of one
   ``make`` share that single launch through the cache;
4. the ``html`` and ``dirhtml`` builders write their pages meanwhile, leaving a placeholder for
   each diagram still being rendered; every other builder waits for the batch at
   ``write-started`` (in the main process, before any parallel writer starts);
5. the writers read the cache: HTML and EPUB inline the SVG (a short ``<title>``, the figure's title, and
   the whole ``:alt:`` as its ``<desc>``, named by ``aria-describedby``;
   ``role="img"``, or ``role="group"`` when actor nodes link to their glossary entries, which in
   the EPUB are its own glossary documents), LaTeX includes the vector PDF;
6. ``build-finished`` waits for the batch if no one has yet, reports each diagram that did not
   render as a warning at its source line with Mermaid's own message (``-W`` makes it fatal,
   whichever builder runs) and fills the placeholders.

Why a batch per build rather than a warm server behind ``mermaid_cmd``: every diagram of the
book is known before any page is written, so one short-lived browser does all the work and
nothing is left running; a server would need a lifecycle across separate sphinx-build runs.

One :class:`Diagrams` object per Sphinx application owns all of this: the cache and its keys,
the browser and its batch.  :func:`setup` makes it and connects its methods: the Sphinx hooks and
the ``mermaid`` node's HTML and LaTeX visitors are bound methods of that object, so nothing is
hung on the application or the builder.

A builder whose output cannot draw HTML inside SVG (the Typst PDF: ``svg_text_labels = True`` on the
builder) also gets each diagram's *text-label variant*: the same code with Mermaid's ``htmlLabels`` off (at
the top level and for flowcharts), so every label is an SVG ``<text>``, not a ``<foreignObject>``.  It is
one more job of the same batch, cached as SVG under its own key; what the HTML, LaTeX and EPUB builders
get is unchanged.

The cache (``diagram_cache_dir``) holds ``<key>.svg`` and ``<key>.pdf``; the key hashes the
diagram's code (which carries the Mermaid configuration as front matter), the versions of
Mermaid and of the browser, and the renderer's code, so a diagram is rendered again only when
one of them changes.  ``launches.log`` there gets one line per browser launch.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import shutil
import urllib.parse

import yaml
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from . import kit
from .actors import load as load_actors
from .diagram_browser import SOURCES, Job, Renderer, browser_version
from .per_doc import keep_per_doc

logger = logging.getLogger(__name__)
FORMATS = ("svg", "pdf")
PLACEHOLDERS = {"html", "dirhtml"}  # builders that write pages while the browser renders (filled at build-finished)
NO_DIAGRAMS = "no-diagrams"  # in the cache: the last build had none, so do not start a browser early
GLOSSARY_LINK = "#glossary:"  # a node's link to its glossary entry (by headword), until the writer resolves it
NODE_DEF = re.compile(r'^\s*(\w+)\s*[\[({>]+\s*"([^"]+)"', re.M)
HEADING = "boxheading"  # the class of a node that heads a box (figures.py): a source's words there, not an actor
HEADING_DEF = re.compile(rf'^\s*(\w+)\s*\[.*\]:::{HEADING}\s*$', re.M)


@dataclass(frozen=True)
class Diagram:
    docname: str
    line: int   # source line of the diagram's first line of code
    code: str   # sphinxcontrib-mermaid's code (configuration front matter + the author's code) + actor links
    alt: str    # its text alternative (``:alt:``)
    data: str = ""  # made from a data file (figures.py): that file, and ``line`` is the figure's line there
    title: str = ""  # its short name, the SVG's <title> (the alt text is then its <desc>): see :func:`short_title`
    print_init: str = ""  # its %%{init: …}%% line in print, where its figure's data gives one: see :func:`text_label_variant`


TOOLTIP = 150  # characters: an alt text longer than this is no tooltip, so the SVG's <title> is the figure's name


def short_title(node: nodes.Element) -> str:
    """A diagram's name, short enough for a tooltip: the title its figure from data gives (figures.py), else, for
    an alt text too long for one, its caption's first sentence; "" where the alt text is short: it names it."""
    if node.get("title_text"):
        return node["title_text"]
    if len(node.get("alt", "")) <= TOOLTIP:
        return ""
    caption = next(iter(node.parent.findall(nodes.caption)), None) if isinstance(node.parent, nodes.figure) else None
    first = re.match(r".+?[.!?](?=\s|$)", caption.astext().strip()) if caption is not None else None
    return first.group(0).rstrip(".") if first else ""


def with_actor_links(code: str, actors) -> str:
    """Add a Mermaid ``click … href`` for every flowchart node whose label is a glossary spelling.

    The href names the entry by its headword (``#glossary:Headword``); the writers resolve it as
    Sphinx resolves a ``{term}`` link.  Only flowcharts have clickable nodes.
    """
    body = code.split("\n---\n", 1)[-1]
    if not re.match(r"(\s*%%[^\n]*\n)*\s*(flowchart|graph)\b", body):  # after any %%{init}%% or %% comment lines
        return code
    clicks, headings = [], set(HEADING_DEF.findall(body))
    for node_id, label in NODE_DEF.findall(body):
        if node_id in headings:  # "many Ukrainian politicians and public figures (¶3)", whose links give its words
            continue
        plain = re.sub(r"\s*\(¶[\d–, ¶]+\)\s*$", "", re.sub(r"<br\s*/?>", " ", label)).strip()
        actor = actors.lookup(plain)
        if actor:
            target = urllib.parse.quote(actor.name)
            clicks.append(f'    click {node_id} href "{GLOSSARY_LINK}{target}" "Glossary: {actor.name}"')
    return code + ("\n" + "\n".join(clicks) if clicks else "")


# An edge label's ground as opaque as the HTML label's (Mermaid gives the text label's ``rect`` 0.5 opacity, so an
# arrow shows through its words), and 1.5 px wider on each side, so no arrow touches a letter.
OPAQUE_EDGE_LABELS = ".edgeLabel rect { opacity: 1; fill: white; stroke: white; stroke-width: 3px; }"


def with_text_labels(code: str) -> str:
    """``code`` with Mermaid's HTML labels off, at the top level and for flowcharts (in its configuration front
    matter): every label becomes SVG ``<text>``, which renderers without HTML (Typst) draw; ``<br/>`` still breaks
    lines.  Each edge label is laid on an opaque white ground (:data:`OPAQUE_EDGE_LABELS`, after the book's
    ``themeCSS``), as the HTML labels are, so that no arrow is drawn across its words."""
    front, body = {}, code
    if code.startswith("---\n") and "\n---\n" in code[3:]:
        head, body = code[4:].split("\n---\n", 1)
        loaded = yaml.safe_load(head)
        front = loaded if isinstance(loaded, dict) else {}
    config = front.setdefault("config", {})
    config["htmlLabels"] = False
    config["flowchart"] = {**(config.get("flowchart") or {}), "htmlLabels": False}
    config["themeCSS"] = " ".join(filter(None, [config.get("themeCSS"), OPAQUE_EDGE_LABELS]))
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True) + "---\n" + body


INIT_LINE = re.compile(r"^%%\{init:.*\}%%$", re.M)


def text_label_variant(diagram: Diagram) -> Diagram:
    """The diagram as a builder without HTML-in-SVG needs it (see :func:`with_text_labels`), which is the printed
    PDF's: with the layout its figure's data gives for print (``print_init``: say, wider lines, so that a diagram
    too tall for the page at the smallest printed label is less tall), in place of its ``%%{init: …}%%`` line."""
    code = diagram.code
    if diagram.print_init:
        code, found = INIT_LINE.subn(lambda m: diagram.print_init, code, count=1)
        if not found:  # after the configuration front matter, if any: a directive opens the diagram's own code
            front = code[:code.index("\n---\n", 3) + 5] if code.startswith("---\n") and "\n---\n" in code[3:] else ""
            code = front + diagram.print_init + "\n" + code[len(front):]
    return replace(diagram, code=with_text_labels(code))


def directive_line(node: mermaid) -> int:
    """The line of a ``{mermaid}`` directive.  In a figure (with ``:caption:``) the node has none,
    but its caption has the directive's."""
    caption = next(node.parent.findall(nodes.caption), None) if node.parent else None
    return node.line or (caption and caption.line) or 1


def code_start(source: Path, directive_line: int) -> int:
    """The source line where a ``{mermaid}`` directive's code begins (after its options)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    i = directive_line  # 0-based index of the line after the directive's opening line
    while i < len(lines) and lines[i].lstrip().startswith(":"):
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i + 1


def locate(error: str, first_line: int) -> tuple[int, str]:
    """Mermaid's message, trimmed, and the source line it points at."""
    lines = [ln for ln in error.splitlines() if ln.strip() and not ln.lstrip().startswith("at ")]
    match = re.search(r"on line (\d+)", error)
    line = first_line + int(match.group(1)) - 1 if match else first_line
    return line, " | ".join(lines[:4])


def placeholder(key: str) -> str:
    return f"<!--mermaid-diagram {key}-->"


class Diagrams:
    """The diagram pipeline of one Sphinx application: its cache and keys, its browser, its batch."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.early: Renderer | None = None  # a browser started before the pages were read
        self.cannot_start = False  # a browser failed to start, which was reported (once)
        self.versions: tuple[tuple, str] | None = None  # (what they depend on, the versions): see renderer_version
        self.batch: tuple[Renderer, dict[str, Diagram]] | None = None  # handed over, not collected yet
        self.text_label_keys: set[str] = set()  # the batch's text-label variants (for the log)

    # -- where things are -------------------------------------------------------------------

    @property
    def cache(self) -> Path:
        path = Path(self.app.confdir, self.app.config.diagram_cache_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def browser_config(self) -> Path:
        """The book's puppeteer-config.json, else the kit's (:mod:`briefing.kit`)."""
        return kit.browser_config(Path(self.app.confdir), self.app.config.diagram_puppeteer_config)

    @property
    def mermaid(self) -> Path:
        """Mermaid's package.json in ``diagram_node_modules``: by default the book's node_modules if it has Mermaid,
        else the kit's, installed once for every book (:mod:`briefing.kit`)."""
        return kit.node_modules(Path(self.app.confdir), self.app.config.diagram_node_modules) / "mermaid" / "package.json"

    def key(self, diagram: Diagram) -> str:
        """The cache key: this code, rendered by this Mermaid in this browser with this renderer."""
        return hashlib.sha256(f"{self.renderer_version()}\n{diagram.code}".encode()).hexdigest()[:20]

    def renderer_version(self) -> str:
        """Mermaid's, the browser's and the renderer's versions, found again when Mermaid is (re)installed."""
        try:
            installed = self.mermaid.stat().st_mtime
        except OSError:
            installed = None
        stamp = (self.browser_config, self.mermaid, installed)
        if self.versions is None or self.versions[0] != stamp:
            self.versions = (stamp, renderer_version(self.browser_config, self.mermaid))
        return self.versions[1]

    def file(self, diagram: Diagram, fmt: str) -> Path:
        return self.cache / f"{self.key(diagram)}.{fmt}"

    def wanted(self, diagrams: list[Diagram]) -> dict[str, tuple[Diagram, tuple[str, ...]]]:
        """What this build needs of ``diagrams``, by key: each one's SVG and PDF and, for a builder that draws
        no HTML inside SVG (``svg_text_labels``), its text-label variant's SVG."""
        wanted = {self.key(d): (d, FORMATS) for d in diagrams}
        if getattr(self.app.builder, "svg_text_labels", False):
            for diagram in diagrams:
                variant = text_label_variant(diagram)
                wanted.setdefault(self.key(variant), (variant, ("svg",)))
        return wanted

    def uncached(self, diagrams: list[Diagram]) -> dict[str, tuple[Diagram, tuple[str, ...]]]:
        """What this build needs of ``diagrams`` (:meth:`wanted`) and the cache lacks, by key."""
        return {key: (d, formats) for key, (d, formats) in self.wanted(diagrams).items()
                if not all((self.cache / f"{key}.{fmt}").exists() for fmt in formats)}

    def jobs(self, diagrams: dict[str, tuple[Diagram, tuple[str, ...]]]) -> list[Job]:
        return [Job(key, d.code, self.cache / f"{key}.svg", self.cache / f"{key}.pdf" if "pdf" in formats else None)
                for key, (d, formats) in diagrams.items()]

    def text_label_svg(self, diagram: Diagram) -> Path | None:
        """The cached SVG of ``diagram``'s text-label variant, if it rendered."""
        svg = self.file(text_label_variant(diagram), "svg")
        return svg if svg.exists() else None

    # -- the browser --------------------------------------------------------------------------

    def spawn(self) -> Renderer | None:
        if self.cannot_start:
            return None
        if not self.mermaid.is_file():  # said once, in one line (mermaid_version): no browser to fail at length
            self.cannot_start = True
            return None
        try:
            return Renderer(self.browser_config, self.cache / "launches.log", self.mermaid.parent / "dist" / "mermaid.esm.min.mjs")
        except OSError as err:
            logger.warning("cannot start the browser that renders the diagrams (%s; run `briefing doctor`): %s",
                           self.browser_config.name, err, type="mermaid")
            self.cannot_start = True
            return None

    def start_early(self) -> None:
        """On a cold cache, start the browser at once, so that it launches and loads Mermaid while
        Sphinx sets up and reads the pages (unless the book had no diagrams last time)."""
        if not any(self.cache.glob("*.svg")) and not (self.cache / NO_DIAGRAMS).exists():
            self.early = self.spawn()

    # -- the Sphinx hooks ---------------------------------------------------------------------

    def note(self, app: Sphinx, doctree: nodes.document) -> None:
        """``doctree-read``: note the page's diagrams; an early browser starts on those not cached."""
        env, found = app.env, []
        actors = load_actors(env)
        for node in doctree.findall(mermaid):
            source = Path(node.source or env.doc2path(env.docname))
            if node.get("generated"):  # figures.py: its problems are the data file's, at the figure's line
                line, data = node["generated"], str(source)
            else:
                line, data = code_start(source, directive_line(node)), ""
            diagram = Diagram(env.docname, line, with_actor_links(node["code"], actors), node.get("alt", "Diagram"), data,
                              short_title(node), node.get("print_init", ""))
            node["diagram"] = diagram
            found.append(diagram)
        env.diagrams[env.docname] = found
        if found:  # a page with diagrams is written again when the renderer or Mermaid changes (new cache keys)
            for dependency in (*SOURCES, Path(__file__), self.mermaid):  # and when this writer changes
                env.note_dependency(str(dependency))
        if self.early:  # it can lay these out while Sphinx reads on
            self.early.render(*self.jobs(self.uncached(found)))

    def render_missing(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``: complete the batch, every diagram of the book not yet in the cache, in one
        browser.  Sphinx goes on writing meanwhile; :meth:`collect` waits for the batch."""
        cached = self.cache
        all_diagrams = [d for docname in sorted(env.diagrams) for d in env.diagrams[docname]]
        keyed = {self.key(d): d for d in all_diagrams}
        # the text-label variants stay cached for the builder that needs them, whichever builder runs now
        known = keyed.keys() | {self.key(text_label_variant(d)) for d in all_diagrams}
        for stale in cached.glob("*.*"):  # outputs of diagrams (or renderer versions) the book no longer has
            if stale.suffix.lstrip(".") in FORMATS and stale.stem not in known:
                stale.unlink()
        if all_diagrams:
            (cached / NO_DIAGRAMS).unlink(missing_ok=True)
        else:
            (cached / NO_DIAGRAMS).touch()
        missing = self.uncached(all_diagrams)
        renderer, self.early = self.early or (self.spawn() if missing else None), None
        if renderer is None or not (missing or renderer.queued):
            if renderer:
                renderer.close()
            if not missing:
                logger.info("diagrams: %d in the book, 0 rendered (all cached)", len(all_diagrams))
            return []
        renderer.render(*self.jobs(missing))  # those not handed over as their pages were read
        renderer.end_batch()
        wanted = self.wanted(all_diagrams)
        self.text_label_keys = {key for key, (_, formats) in wanted.items() if "pdf" not in formats}
        self.batch = (renderer, {key: wanted[key][0] for key in renderer.queued})
        return []

    def before_writing(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: builders that cannot leave placeholders get every diagram before they
        write (in this process, before any parallel writer starts)."""
        if builder.name not in PLACEHOLDERS:
            self.collect()

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``: collect the batch, then put its diagrams where the writers left placeholders."""
        if self.early:  # a build that failed before its diagrams were handed over
            self.early.close()
            self.early = None
        self.collect()
        if exception is None and app.builder.name in PLACEHOLDERS:
            self.fill_placeholders()

    # -- results ------------------------------------------------------------------------------

    def pending(self, diagram: Diagram) -> bool:
        """Handed to the browser and not collected yet (the HTML writer leaves a placeholder)."""
        return self.batch is not None and self.key(diagram) in self.batch[1]

    def collect(self) -> None:
        """Wait for the batch handed to the browser (if any); report each diagram that did not render."""
        if self.batch is None:
            return
        (renderer, jobs), self.batch = self.batch, None
        try:
            results = renderer.results()
        except RuntimeError as err:
            logger.warning("the browser rendering the diagrams failed: %s", err, type="mermaid")
            return
        results = self.one_error_each(results, jobs)
        for result in results:
            if result.error:
                diagram = jobs[result.key]
                line, message = locate(result.error, diagram.line)
                logger.warning("Mermaid diagram does not render: %s", message, type="mermaid",
                               location=f"{diagram.data}:{diagram.line}" if diagram.data else (diagram.docname, line))
        logger.info("diagrams: %d in the book, %d rendered (SVG and PDF) in one browser launch",
                    sum(map(len, self.app.env.diagrams.values())), sum(not r.error for r in results))
        if self.text_label_keys:
            logger.info("diagrams: %d of those rendered with SVG text labels (for the Typst PDF)",
                        sum(not r.error and r.key in self.text_label_keys for r in results))

    def one_error_each(self, results: list, jobs: dict[str, Diagram]) -> list:
        """The results without the errors of text-label variants whose diagram failed too (the same error)."""
        failed = {(jobs[r.key].docname, jobs[r.key].line) for r in results if r.error and r.key not in self.text_label_keys}
        return [r for r in results if not (r.error and r.key in self.text_label_keys
                                           and (jobs[r.key].docname, jobs[r.key].line) in failed)]

    def fill_placeholders(self) -> None:
        builder = self.app.builder
        for docname, diagrams in self.app.env.diagrams.items():
            page = Path(builder.get_outfilename(docname))
            if not diagrams or not page.exists():
                continue
            text = page.read_text(encoding="utf-8")
            filled = text
            for diagram in diagrams:
                if placeholder(key := self.key(diagram)) in filled:
                    filled = filled.replace(placeholder(key), self.inline_svg(builder, docname, diagram))
            if filled != text:
                page.write_text(filled, encoding="utf-8")

    # -- the writers --------------------------------------------------------------------------

    def inline_svg(self, builder: Builder, docname: str, diagram: Diagram) -> str:
        """The diagram as it goes into page ``docname`` (titled SVG, glossary links relative to the
        page), or "" if it did not render, which was reported at its source line."""
        key, svg_file = self.key(diagram), self.file(diagram, "svg")
        if not svg_file.exists():
            return ""
        # EPUB readers still implement SVG 1.1: keep its xlink:href there; HTML5 takes SVG 2's href
        epub = builder.name.startswith("epub")
        svg = re.sub(rf'(xlink:)?href="{GLOSSARY_LINK}([^"]+)"',
                     lambda m: f'{m.group(1) if epub and m.group(1) else ""}href="'
                               f'{glossary_href(builder, docname, urllib.parse.unquote(m.group(2)))}"',
                     svg_file.read_text(encoding="utf-8"))
        # role="img" hides its children: a diagram whose nodes link to the glossary is a labelled group
        # instead, so its links stay reachable (axe: nested-interactive).
        # EPUB's SVG allows no "group" role: there a linked diagram keeps the SVG's own role (graphics-document).
        linked = "<a " in svg
        role = ("" if epub else ' role="group"') if linked else ' role="img"'
        svg = re.sub(r'\srole="[^"]*"', role, svg, count=1)
        # Never shrink labels under 11 CSS px where there is room to scroll (briefing.css; the figure viewer
        # shows the whole diagram): the width at which the smallest text is 11 px.
        width, _, smallest = natural_size(svg)
        legible = f' style="--legible-width: {math.ceil(width * LEGIBLE_PX / smallest) + 1}px"' if smallest else ""
        # the <title> names it (browsers show it as the tooltip); the whole text alternative is its <desc>, which
        # aria-describedby gives screen readers
        title_id, desc_id = f"mermaid-{key}-title", f"mermaid-{key}-desc"
        title = diagram.title if diagram.title and diagram.title != diagram.alt else ""
        named = html.escape(title or diagram.alt, quote=True)
        described = f' aria-describedby="{desc_id}"' if title else ""
        desc = f'<desc id="{desc_id}">{html.escape(diagram.alt, quote=True)}</desc>' if title else ""
        svg = re.sub(r"(<svg\b[^>]*?)(>)", lambda m: f'{m.group(1)} aria-labelledby="{title_id}"{described}{m.group(2)}'
                                                  f'<title id="{title_id}">{named}</title>{desc}', svg, count=1)
        return f'<div class="mermaid-diagram"{legible}>{svg}</div>\n'

    def visit_html(self, translator, node: mermaid) -> None:
        """Inline SVG; while the browser is still at work, a placeholder that :meth:`finish` fills in."""
        builder, diagram = translator.builder, node["diagram"]
        if builder.name in PLACEHOLDERS and self.pending(diagram):
            translator.body.append(placeholder(self.key(diagram)))
        else:  # EPUB too: inline, so that its actor nodes link to the glossary inside the book
            translator.body.append(self.inline_svg(builder, builder.current_docname, diagram))
        raise nodes.SkipNode

    def visit_latex(self, translator, node: mermaid) -> None:
        """The vector PDF, copied beside the .tex, set by ``\\briefingdiagram`` (latex/preamble.tex):
        as large as the text block allows, and never so small that a label prints under 7 pt — wider
        than the text block if need be, or sideways."""
        diagram = node["diagram"]
        pdf_file, svg_file = self.file(diagram, "pdf"), self.file(diagram, "svg")
        if pdf_file.exists() and svg_file.exists():  # otherwise it did not render, which was reported at its source line
            shutil.copyfile(pdf_file, Path(translator.builder.outdir) / f"mermaid-{pdf_file.name}")
            width, height, smallest = natural_size(svg_file.read_text(encoding="utf-8"))
            px = 0.75  # pt: the PDF page is the diagram at its natural size
            min_scale = LEGIBLE_PT / (smallest * px) if smallest else 0
            translator.body.append(f"\n\\briefingdiagram{{mermaid-{pdf_file.name}}}{{{math.ceil(width) * px:.2f}}}"
                                   f"{{{math.ceil(height) * px:.2f}}}{{{min_scale:.4f}}}\n")
        raise nodes.SkipNode

    def visit_typst(self, translator, node: mermaid) -> None:
        """The Typst PDF: the text-label variant's SVG (Typst draws no HTML labels), set as a vector figure
        with the ``:alt:`` text by the Typst writer (``briefing.typst``), which reports a missing alt text."""
        translator.visit_svg_diagram(node, self.text_label_svg(node["diagram"]), node.get("alt"))
        raise nodes.SkipNode


def renderer_version(browser_config: Path, mermaid_package: Path) -> str:
    renderer = b"".join(path.read_bytes() for path in SOURCES)
    return " ".join([mermaid_version(mermaid_package), browser_version(browser_config),
                     hashlib.sha256(renderer).hexdigest()[:12]])


def mermaid_version(package: Path) -> str:
    """Mermaid's version; when it is not installed, one warning that says so (the diagrams then fail
    to render, each at its own line), never a crash report."""
    try:
        return json.loads(package.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("Mermaid is not installed (%s: %s): run `briefing doctor` (or `make` in the kit's repository)", package,
                       getattr(exc, "strerror", None) or exc, type="mermaid")
        return "not-installed"


def glossary_href(builder: Builder, docname: str, headword: str) -> str:
    """The glossary entry of ``headword``, relative to page ``docname``, as Sphinx resolves ``{term}``."""
    env = builder.env
    ref = env.domains.standard_domain.resolve_xref(env, docname, builder, "term", headword,
                                                   addnodes.pending_xref(), nodes.inline())
    return ref["refuri"] if ref is not None and "refuri" in ref else ""


LEGIBLE_PX = 11    # the smallest label on screen, in CSS px, at the 1280×900 desktop layout and wider
LEGIBLE_PT = 7.05  # ... and in print, in pt (7 pt, as the Typst PDF, and a hair for rounding)


def natural_size(svg: str) -> tuple[float, float, float]:
    """The diagram's natural width and height (its viewBox, in px) and its smallest text (px; 0 if unknown)."""
    root = re.search(r"<svg\b[^>]*>", svg).group(0)
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', root)
    smallest = re.search(r'data-smallest-text="([\d.]+)"', root)
    return float(box.group(1)), float(box.group(2)), float(smallest.group(1)) if smallest else 0.0


def setup(app: Sphinx) -> dict[str, Any]:
    diagrams = Diagrams(app)
    # As soon as the settings are checked (priority 90), before the pages are read: on a cold cache the browser
    # starts and loads Mermaid while Sphinx reads.
    app.connect("config-inited", lambda app, config: diagrams.start_early(), priority=91)
    keep_per_doc(app, "diagrams")
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_node(mermaid, override=True, html=(diagrams.visit_html, None), latex=(diagrams.visit_latex, None),
                 typst=(diagrams.visit_typst, None))
    app.connect("doctree-read", diagrams.note)
    app.connect("env-updated", diagrams.render_missing)
    app.connect("write-started", diagrams.before_writing)
    app.connect("build-finished", diagrams.finish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
