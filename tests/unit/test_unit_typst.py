"""The Typst PDF (briefing/typst/, ``-b typstpdf``) on small books: no TeX, no browser (the fake renderer of
test_unit_diagrams.py draws the diagrams).  The real book's Typst PDF is tested end to end in tests/test_typst_pdf.py.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pdfua import validate

from test_unit_diagrams import browser  # noqa: F401 (the fake renderer, for every test here: an autouse fixture)
from unit_roots import assert_no_crash, warnings_of

DIAGRAMS = {"confoverrides": {"diagram_node_modules": "mermaid-stub"}}
QUAY_ALT = "Mara Quill, for the fishermen of the lower harbour, told the council who a town leaves on the quay."
VOTE_ALT = "The council expected to retire the ferry & kept it for five years."


def pdf_of(app) -> Path:
    return Path(app.outdir, "harbour.pdf")


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The structure elements, in reading order."""
    found = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


HOSTILE = ['#eval("1 + 1")', "#set page(width: 1cm)", "<notalabel>", "@notaref", "$x^2$", "*not bold*",
           "_not emphasis_", "a \\ backslash", "// not a comment", "/* nor this */", "~tilde", "[brackets] {braces}",
           "-- two hyphens --- three", "1. not a list", "= not a heading", '"straight quotes"', "'single'",
           "http://example.invalid/path", "Literal #block with <angle> and $dollar$."]


@pytest.mark.sphinx("typstpdf", testroot="actors+diagrams+typst", **DIAGRAMS)
def test_a_small_book_compiles_to_a_tagged_pdf_ua_1(app):
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    pdf_path = pdf_of(app)
    with pikepdf.open(pdf_path) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1", "declared PDF/UA-1"
            assert xmp.get("dc:title") == "Why the Harbour Town Kept Its Ferry: A Briefing Book"
        assert str(pdf.Root.Lang) == "en" and pdf.Root.ViewerPreferences.DisplayDocTitle
        elements = structure(pdf)
        kinds = [str(e.S) for e in elements]
        for kind in ("/Title", "/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link", "/Caption", "/TOC"):
            assert kind in kinds, (kind, sorted(set(kinds)))
        assert [str(e.Alt) for e in elements if e.S == "/Figure"] == [QUAY_ALT, VOTE_ALT]
    report = validate(str(pdf_path))
    assert not report.findings, report.findings
    text = pdf_text(pdf_path)
    for hostile in HOSTILE:
        assert hostile in text, f"{hostile!r} is not printed as written"
    assert "The footnote's text." in text and "A quotation set apart." in text
    assert "Editors’ summary" in text and re.search(r"Index .*(Mara Quill|Quill, Mara), \d", text), "the editors' box and the index"


@pytest.mark.sphinx("typstpdf", testroot="actors+diagrams", **DIAGRAMS)
def test_diagrams_come_with_svg_text_labels_for_typst_only(app, browser, make_app):
    app.build()
    assert warnings_of(app) == ""
    variants = [job for job in browser.launches[0].jobs if job.pdf is None]
    assert len(variants) == 2 and all("htmlLabels: false" in job.code for job in variants)
    assert all("flowchart:\n    htmlLabels: false" in job.code for job in variants), "for flowcharts too"
    assert all(re.search(r"themeCSS: .*filter: none.*\.edgeLabel rect \{ opacity: 1; fill: white;", job.code) for job in variants), \
        "edge labels on an opaque ground, after the book's own themeCSS"
    assert sorted(p.name for p in Path(app.outdir, "diagrams").iterdir()) == sorted(job.svg.name for job in variants)

    app.cleanup()
    html = make_app("html", srcdir=app.srcdir, builddir=app.srcdir / "_build", freshenv=True, **DIAGRAMS)
    html.build()
    assert warnings_of(html) == ""
    assert len(browser.launches) == 1, "the HTML build renders nothing new"
    assert all(job.svg.exists() for job in variants), "and keeps the Typst PDF's variants in the cache"


@pytest.mark.sphinx("typstpdf", testroot="actors+diagrams", **DIAGRAMS)
def test_a_figure_without_alternative_text_fails_at_its_file_and_line(app_params, make_app):
    page = Path(app_params.kwargs["srcdir"], "analysis", "x-diagrams.md")
    page.write_text(page.read_text(encoding="utf-8").replace(f":alt: {VOTE_ALT}\n", ""), encoding="utf-8")
    app = make_app(*app_params.args, **app_params.kwargs)
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    line = page.read_text(encoding="utf-8").splitlines().index("```{mermaid}", 5) + 1  # the second diagram's directive
    assert [w.split(str(app.srcdir) + "/")[-1] for w in warnings.splitlines()] == [
        f"analysis/x-diagrams.md:{line}: WARNING: diagram has no alternative text (:alt:), which a tagged PDF (PDF/UA) "
        "requires; it is left out of the Typst PDF [typst]"]


@pytest.mark.sphinx("typstpdf", testroot="anchors")
def test_every_anchor_of_the_registry_is_a_named_destination(app):
    from briefing.anchors import read_registry
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    published, _ = read_registry(Path(app.srcdir, "anchors.txt"))
    with pikepdf.open(pdf_of(app)) as pdf:
        destinations = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
        assert sorted(destinations) == sorted(published)
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        for anchor in ("p1", "p3", "sec-decision", "op-ed-statement"):
            page = pages[destinations[anchor][0].objgen]
            text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf_of(app)), "-"],
                                  capture_output=True, text=True, check=True).stdout
            expected = {"p1": "When the council of Port Lenning met", "p3": "¶3", "sec-decision": "The council kept the ferry",
                        "op-ed-statement": "The opinions expressed"}[anchor]
            assert expected in " ".join(text.split()), (anchor, page)


@pytest.mark.sphinx("typstpdf", testroot="base", files={"x-maths.md": "(sec-maths)=\n# Maths\n\nA formula, {math}`a^2`.\n"})
def test_a_node_without_a_typst_rendering_is_a_located_warning(app):
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    assert [w.split(str(app.srcdir) + "/")[-1] for w in warnings.splitlines()] == [
        "x-maths.md:4: WARNING: the Typst PDF has no rendering for math nodes; their text is set as plain text [typst]"]
    assert "A formula, a^2." in pdf_text(pdf_of(app)), "the text is still there"


RAW = "(sec-raw)=\n# Raw Typst\n\nBefore.\n\n```{raw} typst\n#let fine = (1, 2)\n```\n"


@pytest.mark.sphinx("typstpdf", testroot="base", files={"x-raw.md": RAW})
def test_a_typst_error_is_a_warning_at_its_source_and_keeps_the_last_good_pdf(app_params, make_app):
    good = make_app(*app_params.args, **app_params.kwargs)
    good.build()
    assert warnings_of(good) == ""
    before = pdf_of(good).read_bytes()
    good.cleanup()
    page = Path(app_params.kwargs["srcdir"], "x-raw.md")  # raw Typst is the author's own markup: unchecked until compiled
    page.write_text(RAW.replace("(1, 2)", "(1, 2"), encoding="utf-8")
    broken = make_app(*app_params.args, **app_params.kwargs)
    broken.build()
    warnings = warnings_of(broken)
    assert_no_crash(warnings)
    assert [w.split(str(broken.srcdir) + "/")[-1] for w in warnings.splitlines()] == [
        "x-raw.md:6: WARNING: Typst error: unclosed delimiter [typst]"]
    assert pdf_of(broken).read_bytes() == before, "the last good PDF is left as it was"
    assert not list(Path(broken.outdir).glob("*.part"))


@pytest.mark.sphinx("typstpdf", testroot="base")
def test_a_no_op_build_writes_nothing_and_a_change_reaches_the_pdf(app_params, make_app):
    first = make_app(*app_params.args, **app_params.kwargs)
    first.build()
    assert warnings_of(first) == ""
    made = pdf_of(first).stat().st_mtime_ns
    first.cleanup()
    again = make_app(*app_params.args, **app_params.kwargs)
    again.build()
    assert "no targets are out of date" in again._status.getvalue() and pdf_of(again).stat().st_mtime_ns == made
    again.cleanup()
    page = Path(app_params.kwargs["srcdir"], "s2-decision.md")
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence the editors added later.\n", encoding="utf-8")
    changed = make_app(*app_params.args, **app_params.kwargs)
    changed.build()
    assert warnings_of(changed) == ""
    assert "A sentence the editors added later." in pdf_text(pdf_of(changed))


@pytest.mark.sphinx("typstpdf", testroot="actors+diagrams", **DIAGRAMS)
def test_a_broken_diagram_is_reported_once_though_its_text_label_variant_breaks_too(app, browser):
    browser.errors["kept the ferry for another"] = "Parse error on line 2:\nExpecting 'SEMI', got 'NODE_STRING'"
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    lines = [w.split(str(app.srcdir) + "/")[-1] for w in warnings.splitlines()]
    assert len(lines) == 1 and "WARNING: Mermaid diagram does not render: Parse error on line 2" in lines[0], lines
    assert len([job for job in browser.launches[0].jobs if "kept the ferry for another" in job.code]) == 2


@pytest.mark.sphinx("typstpdf", testroot="base", confoverrides={"author": "The Harbour Desk"})
def test_editors_who_are_not_the_op_eds_author_are_credited_apart(app):
    app.build()
    assert warnings_of(app) == ""
    first = pdf_text(pdf_of(app)).split("Contents")[0]
    assert "Briefing book by The Harbour Desk" in first and "Op-ed by Alex Example" in first
    with pikepdf.open(pdf_of(app)) as pdf:
        assert str(pdf.docinfo.Author) == "The Harbour Desk (briefing book); Alex Example (op-ed)"


def test_a_headings_last_two_words_never_part():
    """No heading ends on a line of one word ("… exit scenarios in others’ / view", review EA): its last two words
    are joined by Typst's no-break space, unless the last word is markup of its own."""
    from briefing.typst.translator import unbroken_end
    assert unbroken_end("exit scenarios in others’ view") == "exit scenarios in others’~view"
    assert unbroken_end("What to watch \\(as of 2020\\)") == "What to watch \\(as of~2020\\)"
    assert unbroken_end("Index") == "Index"
    assert unbroken_end("See #link(\"x\")[there]") == "See #link(\"x\")[there]"


def test_a_range_of_paragraphs_never_parts():
    """A range of paragraphs is set on one line: a caption's "sources ¶1–" ended one line and "¶4" began the next
    (review EM); a lone ¶ and other dashes break as before."""
    from briefing.typst.markup import text
    assert text("sources ¶1–¶4, ¶6, ¶8–¶9.") == "sources #box[¶1–¶4]\\, ¶6\\, #box[¶8–¶9]\\."
    assert text("1914–1918 and ¶2") == "1914–1918 and ¶2"
