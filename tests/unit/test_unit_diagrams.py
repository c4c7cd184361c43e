"""The diagram pipeline (briefing/diagrams.py) on a small book, with a fake renderer instead of the browser.

These tests check what the pipeline does around the browser: the cache and its keys, the reuse of cached
SVG and PDF, the SVG inlined in HTML (titled from ``:alt:``, ``role="img"`` or ``role="group"``, actor nodes
linked to their glossary entries as Sphinx resolves ``{term}``), the placeholders filled at the end of an
HTML build, the ``\\briefingdiagram`` line in LaTeX, a failing diagram reported at its source line, stale
cache files removed, and a book without diagrams starting no browser.

``briefing.diagrams.Renderer`` is replaced by :class:`FakeRenderer`, which "renders" each job as a minimal
SVG (a viewBox, ``data-smallest-text`` and one ``<a xlink:href>`` per Mermaid ``click … href``, as Mermaid
writes them) and a PDF stand-in, when the batch is collected.  The real browser and the real Mermaid —
launching Chromium, laying out, printing the PDF, Mermaid's own error messages — are covered by the
end-to-end tier (tests/test_diagrams.py, tests/test_pdf.py, tests/test_make.py), which builds the real book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import briefing.diagrams
from briefing.diagram_browser import Result
from briefing.diagrams import Diagram, Diagrams
from unit_roots import assert_no_crash, warnings_of

pytestmark = pytest.mark.sphinx(testroot="actors+diagrams", confoverrides={"diagram_node_modules": "mermaid-stub"})

PAGE = "analysis/x-diagrams"
PDF = b"%PDF-1.4\n% a stand-in for the browser's vector PDF\n"
QUAY_ALT = "Mara Quill, for the fishermen of the lower harbour, told the council who a town leaves on the quay."
VOTE_ALT = "The council expected to retire the ferry & kept it for five years."


def fake_svg(code: str) -> str:
    links = "".join(f'<a xlink:href="{href}"><text>{node}</text></a>'
                    for node, href in re.findall(r'click (\w+) href "([^"]+)"', code))
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 320 120" '
            f'role="graphics-document document" data-smallest-text="14"><g class="node"><text>a node</text></g>{links}</svg>')


@dataclass
class Browser:
    """What the fake renderers did in one test: each launch, and the errors they are to report."""
    launches: list[FakeRenderer] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # a diagram whose code contains the key fails with the value


class FakeRenderer:
    """``diagram_browser.Renderer``'s interface: queue jobs, end the batch, collect results, close."""
    browser: Browser

    def __init__(self, config: Path, launch_log: Path, mermaid: Path) -> None:
        self.queued: set[str] = set()
        self.jobs: list = []
        self.ended = self.closed = False
        self.browser.launches.append(self)

    def render(self, *jobs) -> None:
        for job in jobs:
            if job.key not in self.queued:
                self.queued.add(job.key)
                self.jobs.append(job)

    def end_batch(self) -> None:
        self.ended = True

    def results(self) -> list[Result]:
        """The files appear only now, as the batch is collected (so an HTML build writes placeholders first)."""
        results = []
        for job in self.jobs:
            error = next((message for mark, message in self.browser.errors.items() if mark in job.code), None)
            if error is None:
                job.svg.write_text(fake_svg(job.code), encoding="utf-8")
                if job.pdf is not None:  # None: a text-label variant (SVG only)
                    job.pdf.write_bytes(PDF)
            results.append(Result(job.key, error))
        self.close()
        return results

    def close(self) -> None:
        self.closed = True


def use_fake_renderer(monkeypatch) -> Browser:
    """Diagrams rendered by :class:`FakeRenderer` (also for other unit tests' diagrams)."""
    fake = Browser()
    monkeypatch.setattr(FakeRenderer, "browser", fake, raising=False)
    monkeypatch.setattr(briefing.diagrams, "Renderer", FakeRenderer)
    return fake


@pytest.fixture(autouse=True)
def browser(monkeypatch) -> Browser:
    """Set up before the ``app`` fixture (autouse), so that even a browser started early is the fake."""
    return use_fake_renderer(monkeypatch)


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def clean_build(app) -> None:
    app.build()
    assert warnings_of(app) == "", warnings_of(app)


def cache_of(srcdir: Path) -> Path:
    return Path(srcdir, "_build", ".diagram-cache")


def keys(app) -> list[str]:
    return [Diagrams(app).key(d) for d in app.env.diagrams[PAGE]]


@pytest.mark.sphinx("html")
def test_html_inlines_each_diagram_as_titled_svg_with_glossary_links(app, browser):
    clean_build(app)
    assert len(browser.launches) == 1 and browser.launches[0].ended and browser.launches[0].closed
    html = (app.outdir / f"{PAGE}.html").read_text(encoding="utf-8")
    assert "<!--mermaid-diagram" not in html  # the placeholders written while "rendering" were filled
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.select("pre.mermaid, object, img")
    quay, vote = (fig.select_one("div.mermaid-diagram > svg") for fig in doc.select("figure"))

    # a diagram whose node names an actor: a labelled group whose link leads to the glossary entry,
    # relative to this page (in a subfolder), with HTML5's href
    assert quay["role"] == "group"
    assert [a.attrs for a in quay.select("a")] == [{"href": "../x-people.html#term-Mara-Quill"}]
    assert vote["role"] == "img" and not vote.select("a")
    for svg, alt in ((quay, QUAY_ALT), (vote, VOTE_ALT)):
        title = svg.select_one("title")
        assert title.get_text() == alt and svg["aria-labelledby"] == title["id"]
        # labels never under 11 px: 320 px wide with 14 px text -> ceil(320 * 11 / 14) + 1
        assert svg.parent["style"] == "--legible-width: 253px"
    assert not (cache_of(app.srcdir) / "no-diagrams").exists()  # next time a cold cache starts the browser early


@pytest.mark.sphinx("html")
def test_cached_diagrams_are_reused_without_a_browser(app, browser, make_app):
    clean_build(app)
    first = (app.outdir / f"{PAGE}.html").read_text(encoding="utf-8")
    cached = sorted(path.name for path in cache_of(app.srcdir).iterdir())
    assert cached == sorted(f"{key}.{fmt}" for key in keys(app) for fmt in ("pdf", "svg"))

    app.cleanup()  # sphinx.testing: one application's nodes and directives at a time
    again = make_app("html", srcdir=app.srcdir, builddir=app.srcdir / "_build", freshenv=True,
                     confoverrides={"diagram_node_modules": "mermaid-stub"})
    again.build(force_all=True)
    assert warnings_of(again) == ""
    assert len(browser.launches) == 1, "a second browser was started for cached diagrams"
    assert "diagrams: 2 in the book, 0 rendered (all cached)" in again._status.getvalue()
    svgs = [str(div) for div in page(again, PAGE).select("div.mermaid-diagram")]
    assert len(svgs) == 2 and svgs == [str(div) for div in BeautifulSoup(first, "html.parser").select("div.mermaid-diagram")]


@pytest.mark.sphinx("dummy", files={"mermaid-next/mermaid/package.json": '{"version": "0.0.1-unit"}'})
def test_cache_keys_follow_the_code_and_mermaid(app):
    """The key hashes the code (as Mermaid gets it: configuration front matter, actor links) and the
    versions of Mermaid, the browser and the renderer -- never where the diagram is or what it is called."""
    app.build()
    quay, vote = app.env.diagrams[PAGE]
    assert "Mara%20Quill" in quay.code and quay.code.startswith("---\nconfig:")
    pipeline = Diagrams(app)
    key = pipeline.key(quay)
    assert re.fullmatch(r"[0-9a-f]{20}", key) and key != pipeline.key(vote)
    assert pipeline.key(Diagram("elsewhere", 99, quay.code, "Another alt text")) == key
    assert pipeline.file(quay, "svg") == cache_of(app.srcdir) / f"{key}.svg"
    app.config.diagram_node_modules = "mermaid-next"  # another Mermaid renders every diagram again
    assert pipeline.key(quay) != key


@pytest.mark.sphinx("latex")
def test_latex_sets_each_diagram_as_its_vector_pdf(app):
    clean_build(app)
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    # 320 x 120 px at 0.75 pt/px; labels of 14 px may shrink to 7 pt (and a hair): LEGIBLE_PT / (14 * 0.75)
    smallest = f"{briefing.diagrams.LEGIBLE_PT / (14 * 0.75):.4f}"
    lines = [f"\\briefingdiagram{{mermaid-{key}.pdf}}{{240.00}}{{90.00}}{{{smallest}}}" for key in keys(app)]
    assert [line for line in tex.splitlines() if line.startswith("\\briefingdiagram")] == lines
    for key in keys(app):
        assert (app.outdir / f"mermaid-{key}.pdf").read_bytes() == PDF


BROKEN = ("Parse error on line 2:\n...ice (¶1)\"] --> kept[\"kept the fe\n----------------------^\n"
          "Expecting 'SEMI', 'NEWLINE', got 'NODE_STRING'\n    at Parser.parseError (mermaid.esm.min.mjs:1:2)")


@pytest.mark.sphinx("html")
def test_a_failing_diagram_is_reported_at_its_source_line(app, browser):
    browser.errors["kept the ferry for another"] = BROKEN
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    source = (app.srcdir / f"{PAGE}.md").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(source, 1) if 'vote["vote the old' in text)  # Mermaid's line 2
    expected = (f"{PAGE}.md:{line}: WARNING: Mermaid diagram does not render: Parse error on line 2: | "
                "...ice (¶1)\"] --> kept[\"kept the fe | ----------------------^ | Expecting 'SEMI', 'NEWLINE', got 'NODE_STRING'")
    assert [w.split(str(app.srcdir) + "/")[-1] for w in warnings.splitlines()] == [expected + " [mermaid]"], warnings
    html = (app.outdir / f"{PAGE}.html").read_text(encoding="utf-8")
    assert "<!--mermaid-diagram" not in html  # its placeholder is emptied, the other one filled
    assert len(BeautifulSoup(html, "html.parser").select("div.mermaid-diagram")) == 1
    assert "diagrams: 2 in the book, 1 rendered" in app._status.getvalue()


STALE = {f"_build/.diagram-cache/{name}": "stale" for name in ("0123456789abcdef0123.svg", "0123456789abcdef0123.pdf")}


@pytest.mark.sphinx("dummy", files={**STALE, "_build/.diagram-cache/launches.log": "2031-03-20T10:00:00 browser launch\n"})
def test_stale_cache_files_are_removed(app):
    app.build()
    assert warnings_of(app) == ""
    left = sorted(path.name for path in cache_of(app.srcdir).iterdir())
    assert left == sorted([*(f"{key}.{fmt}" for key in keys(app) for fmt in ("pdf", "svg")), "launches.log"])


@pytest.mark.sphinx("dummy", testroot="base", files={"mermaid-stub/mermaid/package.json": '{"version": "0.0.0-unit"}'})
def test_a_book_without_diagrams_starts_no_browser(app_params, make_app, browser):
    cache = cache_of(app_params.kwargs["srcdir"])
    (cache / "no-diagrams").unlink()  # a cold cache, as in a fresh checkout: the pipeline cannot know yet
    cold = make_app(*app_params.args, **app_params.kwargs)
    cold.build()
    assert warnings_of(cold) == ""
    assert len(browser.launches) == 1 and not browser.launches[0].queued and browser.launches[0].closed
    assert (cache / "no-diagrams").exists()  # what it learnt
    cold.cleanup()
    warm = make_app(*app_params.args, **app_params.kwargs)
    warm.build()
    assert warnings_of(warm) == "" and len(browser.launches) == 1


@pytest.mark.sphinx("html", confoverrides={"diagram_node_modules": "no-mermaid-here"})
def test_mermaid_not_installed_is_one_line_naming_the_command_and_starts_no_browser(app, browser):
    """A kit whose Mermaid is missing (installed from a wheel, before `briefing doctor`'s command): one warning
    saying what to run, not a browser started to fail at length with Chromium's own log."""
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    assert len(warnings.splitlines()) == 1, warnings
    assert warnings.startswith("WARNING: Mermaid is not installed (") and "run `briefing doctor`" in warnings, warnings
    assert browser.launches == []
