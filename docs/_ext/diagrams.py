"""Mermaid diagrams rendered at build time, once: one browser per build, cached, validated, accessible.

sphinxcontrib-mermaid stays the authoring interface (``{mermaid}`` with ``:caption:``,
``:name:``, ``:alt:``).  Stock, it starts mermaid-cli — a whole Chromium — for every diagram
in every output format, ships Mermaid's JavaScript (from a CDN) unless told otherwise, embeds
SVG as ``<object>`` without alt text, and turns a broken diagram into a warning without a
location.  Here instead:

1. ``doctree-read`` notes every diagram (file, line, code) in the environment;
2. ``env-updated`` — once per build, in every builder — renders all diagrams missing from the
   cache in ONE batch: ``render_diagrams.mjs`` drives one Chromium, loads Mermaid once, lays out
   each diagram (SVG) and prints that SVG (PDF), so the HTML, LaTeX and EPUB builds of one
   ``make`` share a single browser launch.  On a cold cache the renderer is started at
   ``builder-inited`` so the browser launches while Sphinx reads.  A diagram Mermaid cannot
   parse is a warning at its source line, with Mermaid's own message (``-W`` makes it fatal),
   whichever builder runs;
3. the writers only read the cache: HTML inlines the SVG (a ``<title>`` from ``:alt:``;
   ``role="img"``, or ``role="group"`` when actor nodes link to their glossary entries), LaTeX
   includes the vector PDF, EPUB references the SVG as an image.

Why a batch at ``env-updated`` rather than a warm server behind ``mermaid_cmd``: every diagram
of the book is known before any page is written, so one short-lived browser does all the work
and nothing is left running; a server would need a lifecycle across separate sphinx-build runs.

The cache (``diagram_cache_dir``) holds ``<key>.svg`` and ``<key>.pdf``; the key hashes the
diagram's code (which carries the Mermaid configuration as front matter), the versions of
Mermaid and puppeteer, and the renderer script, so a diagram is rendered again only when one
of them changes.  ``launches.log`` there gets one line per browser launch.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

from actors import load as load_actors
from per_doc import keep_per_doc

logger = logging.getLogger(__name__)
RENDERER = Path(__file__).with_name("render_diagrams.mjs")
FORMATS = ("svg", "pdf")
NODE_DEF = re.compile(r'^\s*(\w+)\s*[\[({>]+\s*"([^"]+)"', re.M)


@dataclass(frozen=True)
class Diagram:
    docname: str
    line: int   # source line of the diagram's first line of code
    code: str   # sphinxcontrib-mermaid's code (configuration front matter + the author's code) + actor links

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{renderer_version()}\n{self.code}".encode()).hexdigest()[:20]


@cache
def renderer_version() -> str:
    node_modules = RENDERER.resolve().parents[2] / "node_modules"
    versions = [json.loads((node_modules / pkg / "package.json").read_text())["version"]
                for pkg in ("mermaid", "puppeteer")]
    return " ".join([*versions, hashlib.sha256(RENDERER.read_bytes()).hexdigest()[:12]])


def with_actor_links(code: str) -> str:
    """Add a Mermaid ``click … href`` for every flowchart node whose label is a glossary spelling.

    The href is the glossary anchor alone (``#term-…``); the HTML writer makes it relative
    to the page.  Only flowcharts have clickable nodes.
    """
    body = code.split("\n---\n", 1)[-1]
    if not re.match(r"\s*(flowchart|graph)\b", body):
        return code
    actors, clicks = load_actors(), []
    for node_id, label in NODE_DEF.findall(body):
        plain = re.sub(r"\s*\(¶[\d–, ¶]+\)\s*$", "", re.sub(r"<br\s*/?>", " ", label)).strip()
        actor = actors.lookup(plain)
        if actor:
            term_id = "term-" + re.sub(r"[^\w]+", "-", actor.name).strip("-")
            clicks.append(f'    click {node_id} href "#{term_id}" "Glossary: {actor.name}"')
    return code + ("\n" + "\n".join(clicks) if clicks else "")


def code_start(source: Path, directive_line: int) -> int:
    """The source line where a ``{mermaid}`` directive's code begins (after its options)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    i = directive_line  # 0-based index of the line after the directive's opening line
    while i < len(lines) and lines[i].lstrip().startswith(":"):
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i + 1


def note_diagrams(app: Sphinx, doctree: nodes.document) -> None:
    env, found = app.env, []
    for node in doctree.findall(mermaid):
        source = Path(node.source or env.doc2path(env.docname))
        diagram = Diagram(env.docname, code_start(source, node.line or 1), with_actor_links(node["code"]))
        node["diagram"] = diagram
        found.append(diagram)
    env.diagrams[env.docname] = found


def cache_dir(app: Sphinx) -> Path:
    path = Path(app.config.diagram_cache_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_renderer(app: Sphinx) -> None:
    """On a cold cache, start the browser now, so that it launches while Sphinx reads the pages."""
    if not any(cache_dir(app).glob("*.svg")):
        app.diagram_renderer = spawn_renderer(app)


def spawn_renderer(app: Sphinx) -> subprocess.Popen[str]:
    return subprocess.Popen(["node", str(RENDERER), app.config.diagram_puppeteer_config,
                             str(cache_dir(app) / "launches.log")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=RENDERER.parent)


def render_missing(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Render, in one browser, every diagram of the book not yet in the cache."""
    cached = cache_dir(app)
    all_diagrams = [d for docname in sorted(env.diagrams) for d in env.diagrams[docname]]
    jobs: dict[str, dict[str, Any]] = {}
    owners: dict[str, Diagram] = {}
    for diagram in all_diagrams:
        key = diagram.key
        if key in jobs or all((cached / f"{key}.{fmt}").exists() for fmt in FORMATS):
            continue
        jobs[key] = {"id": key, "code": diagram.code, "svgId": f"mermaid-{key}",
                     **{fmt: str(cached / f"{key}.{fmt}") for fmt in FORMATS}}
        owners[key] = diagram
    keys = {d.key for d in all_diagrams}
    for stale in cached.glob("*.*"):  # outputs of diagrams (or renderer versions) the book no longer has
        if stale.suffix.lstrip(".") in FORMATS and stale.stem not in keys:
            stale.unlink()
    renderer = app.__dict__.pop("diagram_renderer", None)
    if not jobs:
        if renderer:
            renderer.communicate(json.dumps({"jobs": []}))
        logger.info("diagrams: %d in the book, 0 rendered (all cached)", len(all_diagrams))
        return []
    renderer = renderer or spawn_renderer(app)
    out, err = renderer.communicate(json.dumps({"jobs": list(jobs.values())}))
    if renderer.returncode != 0:
        logger.warning("the diagram renderer failed (%s): %s", RENDERER.name, err.strip()[-800:], type="mermaid")
        return []
    results = json.loads(out)["results"]
    for result in results:
        if not result["ok"]:
            diagram = owners[result["id"]]
            line, message = locate(result["error"], diagram.line)
            logger.warning("Mermaid diagram does not render: %s", message, type="mermaid",
                           location=(diagram.docname, line))
    logger.info("diagrams: %d in the book, %d rendered (SVG and PDF) in one browser launch",
                len(all_diagrams), sum(r["ok"] for r in results))
    return []


def stop_renderer(app: Sphinx, exception: Exception | None) -> None:
    """A build that failed before its diagrams were rendered: close the browser started early."""
    renderer = app.__dict__.pop("diagram_renderer", None)
    if renderer:
        renderer.communicate(json.dumps({"jobs": []}))


def locate(error: str, first_line: int) -> tuple[int, str]:
    """Mermaid's message, trimmed, and the source line it points at."""
    lines = [ln for ln in error.splitlines() if ln.strip() and not ln.lstrip().startswith("at ")]
    match = re.search(r"on line (\d+)", error)
    line = first_line + int(match.group(1)) - 1 if match else first_line
    return line, " | ".join(lines[:4])


def cached_file(self, node: mermaid, fmt: str) -> Path | None:
    path = Path(self.builder.config.diagram_cache_dir) / f"{node['diagram'].key}.{fmt}"
    return path if path.exists() else None  # missing only if rendering failed, which was reported


def glossary_href(self, term_id: str) -> str:
    """``#term-…`` -> the glossary page's URL relative to the page being written."""
    for docname, label in self.builder.env.domains.standard_domain._terms.values():
        if label == term_id:
            return self.builder.get_relative_uri(self.builder.current_docname, docname) + "#" + term_id
    return "#" + term_id


def visit_html(self, node: mermaid) -> None:
    svg_file = cached_file(self, node, "svg")
    if svg_file is None:
        raise nodes.SkipNode
    alt = html.escape(node.get("alt", "Diagram"), quote=True)
    if self.builder.name.startswith("epub"):  # e-readers get the SVG as an image file
        target = Path(self.builder.outdir) / self.builder.imagedir / svg_file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg_file, target)
        self.body.append(f'<div class="mermaid-diagram"><img src="{self.builder.imgpath}/{svg_file.name}" alt="{alt}"/></div>\n')
        raise nodes.SkipNode
    svg = svg_file.read_text(encoding="utf-8")
    svg_id = f"mermaid-{node['diagram'].key}"
    svg = re.sub(r'(xlink:)?href="#(term-[^"]+)"', lambda m: f'href="{glossary_href(self, m.group(2))}"', svg)
    # role="img" hides its children: a diagram whose nodes link to the glossary is a labelled group
    # instead, so its links stay reachable (axe: nested-interactive).
    svg = re.sub(r'role="[^"]*"', 'role="group"' if "<a " in svg else 'role="img"', svg, count=1)
    svg = re.sub(r"(<svg\b[^>]*?)(>)", rf'\1 aria-labelledby="{svg_id}-title"\2<title id="{svg_id}-title">{alt}</title>',
                 svg, count=1)
    self.body.append(f'<div class="mermaid-diagram">{svg}</div>\n')
    raise nodes.SkipNode


def visit_latex(self, node: mermaid) -> None:
    pdf_file = cached_file(self, node, "pdf")
    if pdf_file is None:
        raise nodes.SkipNode
    shutil.copyfile(pdf_file, Path(self.builder.outdir) / f"mermaid-{pdf_file.name}")
    self.body.append("\n\\sphinxincludegraphics[width=\\linewidth,height=0.75\\textheight,keepaspectratio]"
                     f"{{mermaid-{pdf_file.name}}}\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    keep_per_doc(app, "diagrams")
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_config_value("diagram_cache_dir", "_build/.diagram-cache", "env", types=[str])
    app.add_config_value("diagram_puppeteer_config", "puppeteer-config.json", "env", types=[str])
    app.add_node(mermaid, override=True, html=(visit_html, None), latex=(visit_latex, None))
    app.connect("doctree-read", note_diagrams)
    app.connect("builder-inited", start_renderer)
    app.connect("env-updated", render_missing)
    app.connect("build-finished", stop_renderer)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
