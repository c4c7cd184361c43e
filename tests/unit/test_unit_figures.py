"""Figures made from data (briefing/figures.py): code, caption, alt text and text version from one entry of
figures.yaml, who says it from attribution.yaml; and what the build refuses, each at the data file's line.

The diagram pipeline's renderer is the unit tier's fake (test_unit_diagrams.py): no browser.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from test_unit_diagrams import browser  # noqa: F401 (the fake renderer, autouse here too)
from unit_roots import ROOTS, assert_no_crash, warnings_of

FIGURES = (ROOTS / "test-figures" / "_data" / "figures.yaml").read_text(encoding="utf-8")
pytestmark = pytest.mark.sphinx(testroot="claims+figures", confoverrides={"diagram_node_modules": "mermaid-stub"})


@pytest.mark.sphinx("html")
def test_a_figure_its_caption_alt_text_and_text_version_come_from_one_entry(app, browser):
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    code = browser.launches[0].jobs[0].code.replace("<br/>", " ")  # labels are wrapped for Mermaid
    # who says it, from the attribution: Mara Quill's words in her box, one for each ¶, each headed by her words of
    # attribution in that ¶ (review CF: one heading gave the verbs of two ¶s); an arrow enters her ¶3 box
    # (council → engine), so its heading is the box's first node, never a title it crosses
    assert 'subgraph group_quill_p3[" "]' in code and 'subgraph group_quill_p2[" "]' in code, code
    assert re.search(r'group_quill_p2_heading\["Mara Quill: “told the council” \(¶2\)"\]:::boxheading', code), code
    # her ¶3 box's one word of attribution, “said”, makes the link into it: the link says it, the heading names her
    assert re.search(r'group_quill_p3_heading\["Mara Quill \(¶3\)"\]:::boxheading', code), code
    assert 'measure -.->|"“said” (¶3)"| engine' in code, code
    assert "group_quill_p3_heading ~~~ engine" in code, "the heading sits above what the box holds"
    assert "measure -.->" in code, "a source's words: a dotted arrow"
    assert "council ==>" in code and "the author, “perhaps”:" in code, "her hedged judgment: thick, with her hedge"
    assert "council -->" in code, "what the op-ed states as fact: solid"
    doc = BeautifulSoup((app.outdir / "x-figures.html").read_text(encoding="utf-8"), "html.parser")
    caption = " ".join(doc.select_one("figcaption").get_text(" ").split())
    assert "What the fishermen and Mara Quill say of the ferry" in caption and "dotted: a source’s claim" in caption
    # the caption names the lines this figure draws, and nothing it does not; the key says what they mean
    for absent in ("the editors’ reading", "cross", "editors’ note", "in a source’s claim"):
        assert absent not in caption, absent
    assert "Key: How to read the figures" in caption and doc.select_one("figcaption a[href='#figure-key']") is not None
    assert caption.endswith("Editorial diagram; sources ¶2–¶3. #"), caption
    assert len(caption.split()) <= 50, caption
    svg = doc.select_one("div.mermaid-diagram svg")
    assert svg.select_one("title").get_text() == "What the fishermen and Mara Quill say of the ferry", "a short tooltip"
    alt = doc.find(id=svg["aria-describedby"]).get_text()  # the whole text alternative, for screen readers
    assert alt.startswith("What the fishermen") and svg.select_one("desc") is not None
    text = " ".join(doc.select_one("div.diagram-text").get_text(" ").split())
    for said in ("a town is measured by who it leaves on the quay", "the author, “perhaps”: “nobody wanted to be"):
        assert said in alt and said in text, said
    assert "In the box Mara Quill: “told the council” (¶2)" in text and "In the box Mara Quill (¶3)" in text


@pytest.mark.parametrize(("change", "expected"), [
    pytest.param(("    - {from: measure, to: engine, words: said, cites: p3.2a}",
                  "    - {from: measure, to: engine, words: argued, cites: p2.1}"),
                 r"figures\.yaml:20: WARNING: fig-quay: edge 'measure' → 'engine' is drawn inside Mara Quill’s group "
                 r"but cites ¶2, sentence 1, which is the fishermen’s", id="an-unnamed-sources-edge-in-a-named-sources-box"),
    pytest.param(("“a town is measured by who it leaves on the quay”", "“a town is judged by who it leaves on the quay”"),
                 r"figures\.yaml:8: WARNING: fig-quay: node 'measure': quoted words “a town is judged by who it leaves on "
                 r"the quay” are not in ¶2, sentence 2", id="a-node-quoting-words-its-sentence-lacks"),
    pytest.param(("cites: p3.1b}", "cites: p3.1}"),
                 r"figures\.yaml:21: WARNING: fig-quay: cites 'p3\.1', which is a sentence with several spans: cite one",
                 id="a-sentence-of-two-speakers-cited-whole"),
    pytest.param(("words: In the end the council kept the ferry, cites: p3.1a}", "words: the council kept the ferry, cites: p3.1a, connector: true}"),
                 r"figures\.yaml:22: WARNING: fig-quay: edge 'council' → 'engine': a connector is the op-ed's connecting words",
                 id="a-connector-that-does-not-open-its-sentence"),
    pytest.param(("“The Harbour Trust will pay for a quieter engine”", "“The Harbour Trust will pay for a quieter engine” (for the ferry)"),
                 r"figures\.yaml:11: WARNING: fig-quay: node 'engine': “\(for the ferry\)” is the editors’ gloss inside Mara "
                 r"Quill’s box", id="an-editors-gloss-inside-a-sources-box"),
    pytest.param(("title: What the fishermen and Mara Quill say of the ferry",
                  "title: Why “nobody wanted to be the last to ride it”"),
                 r"figures\.yaml:2: WARNING: fig-quay: the title quotes “nobody wanted to be the last to ride it”, which ¶3, "
                 r"sentence 1 gives as the author’s, “perhaps”: keep that in the title", id="a-title-that-drops-its-quotes-hedge"),
    pytest.param(("words: In the end the council kept the ferry, cites: p3.1a}", "words: the council kept the ferry, cites: p3.1a, reading: true}"),
                 r"figures\.yaml:22: WARNING: fig-quay: edge 'council' → 'engine': a connector is the op-ed's connecting words",
                 id="an-editors-reading-on-words-that-do-not-open-its-sentence"),
    pytest.param(("{from: measure, to: engine,", "{from: [measure], to: engine,"),
                 r"figures\.yaml:20: WARNING: fig-quay: edge from \['measure'\]: from is a node, or a list of two or more nodes",
                 id="a-joined-edge-from-one-step"),
])
@pytest.mark.sphinx("dummy")
def test_what_a_figure_may_not_draw_is_a_warning_at_its_line(app_params, make_app, change, expected):
    args, kwargs = app_params
    path = kwargs["srcdir"] / "_data" / "figures.yaml"
    assert change[0] in FIGURES
    path.write_text(FIGURES.replace(change[0], change[1]), encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    assert re.search(expected, warnings), warnings
    assert len(warnings.splitlines()) == 1, warnings


@pytest.mark.sphinx("html")
def test_steps_that_lead_to_one_by_the_same_words_join_in_a_dot_and_the_words_are_drawn_once(app_params, make_app, browser):
    """``from: [a, b]``: “Be that as it may” set aside both sides of ¶3's dispute, and was drawn on two arrows (review
    BE); the lines now meet in a dot, and the words are on the one arrow from it, in every form of the figure."""
    args, kwargs = app_params
    # words of Mara Quill's beyond her “said”, which her box's heading gives (a link of “said” alone has no label)
    (kwargs["srcdir"] / "_data" / "figures.yaml").write_text(FIGURES.replace(
        "{from: measure, to: engine, words: said,", "{from: [bridge, measure], to: engine, words: The Harbour Trust will pay,"),
        encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    code = browser.launches[0].jobs[0].code
    joined = re.findall(r"^\s*(\w+) -\.- (join_\d+)$", code, re.M)
    assert [start for start, _ in joined] == ["bridge", "measure"] and joined[0][1] == joined[1][1], code
    assert f"{joined[0][1]}@{{ shape: junction }}" in code and code.count("will pay” (¶3)\"|") == 1, code
    doc = BeautifulSoup((app.outdir / "x-figures.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(doc.select_one("div.diagram-text").get_text(" ").split())
    assert re.search(r"\(1\) and \(\d\) → \(\d\), dotted", text), text
    alt = doc.select_one("div.mermaid-diagram svg desc").get_text()  # the whole alt text (the <title> names it)
    assert "served the cars of the upper town” and " in alt, alt


# Mara Quill's span made her whole sentence, so that the author's “as the Trust had promised” lies inside it
QUILL_WHOLE = ("words: The Harbour Trust will pay for a quieter engine\n",
               "words: The Harbour Trust will pay for a quieter engine, Mara Quill said, as the Trust had promised\n")


def warnings_with(app_params, make_app, attribution: tuple[str, str], figures: tuple[str, str]) -> str:
    """The build's warnings after one change to the fixture's attribution.yaml and one to its figures.yaml."""
    args, kwargs = app_params
    data = kwargs["srcdir"] / "_data"
    text = (data / "attribution.yaml").read_text(encoding="utf-8")
    assert attribution[0] in text and figures[0] in FIGURES
    (data / "attribution.yaml").write_text(text.replace(*attribution, 1), encoding="utf-8")
    (data / "figures.yaml").write_text(FIGURES.replace(*figures), encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    return warnings


@pytest.mark.sphinx("dummy")
def test_her_words_inside_a_sources_sentence_are_not_drawn_in_the_sources_box(app_params, make_app):
    """“as the Trust had promised” is the author's, inside Mara Quill's sentence: a node citing Quill's span may
    not quote it, and an edge resting on it is marked as hers."""
    warnings = warnings_with(app_params, make_app, QUILL_WHOLE, ("“The Harbour Trust will pay for a quieter engine”",
                                                                 "“a quieter engine”, “as the Trust had promised”"))
    assert re.search(r"figures\.yaml:11: WARNING: fig-quay: node 'engine': the quoted words “as the Trust had "
                     r"promised” are the author’s \(p3\.2b\), not Mara Quill’s \(p3\.2a\): cite p3\.2b", warnings), warnings
    assert len(warnings.splitlines()) == 1, warnings


@pytest.mark.sphinx("html")
def test_a_box_of_the_opeds_own_words_in_a_sources_claim_is_bordered_as_their_line_is_drawn(app_params, make_app, browser):
    """The op-ed's own words inside a source's claim (“as the Trust had promised”, in Mara Quill's sentence) are a
    thick dotted line where a link rests on them, and a box of them has a thick dotted border, which the caption
    names (review EW: Figure 3's box of them looked like any of hers, Figure 10's line did not)."""
    args, kwargs = app_params
    data = kwargs["srcdir"] / "_data"
    text = (data / "attribution.yaml").read_text(encoding="utf-8")
    (data / "attribution.yaml").write_text(text.replace(*QUILL_WHOLE, 1), encoding="utf-8")
    (data / "figures.yaml").write_text(FIGURES.replace("  edges:\n", "    promised:\n      text: “as the Trust had "
                                                       "promised”\n      cites: p3.2b\n  edges:\n"), encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    code = browser.launches[0].jobs[0].code
    assert re.search(r"^\s*classDef voice stroke-width:3px,stroke-dasharray:2$", code, re.M), code
    assert re.search(r"^\s*class promised voice$", code, re.M), code
    doc = BeautifulSoup((app.outdir / "x-figures.html").read_text(encoding="utf-8"), "html.parser")
    caption = " ".join(doc.select_one("figcaption").get_text(" ").split())
    assert "thick dotted: unattributed op-ed words" in caption, caption
    listed = " ".join(doc.select_one("div.diagram-text").get_text(" ").split())
    assert "in the op-ed’s own voice, inside a source’s claim: “as the Trust had promised”" in listed, listed


@pytest.mark.sphinx("dummy")
def test_a_node_keeps_her_own_word_of_doubt_where_it_applies(app_params, make_app):
    """Her own doubt inside a source's claim (here, as a test, “not” in the fishermen's p2.1) is hers: a node quoting
    what it governs says (the author’s “not”) where it applies, and never quotes it as the source's words."""
    warnings = warnings_with(app_params, make_app, ("    cue: argued\n", "    cue: argued\n    doubt: not\n"),
                             ("the bridge “served the cars of the upper town”", "the bridge served “the people who walked to work”"))
    assert re.search(r"figures\.yaml:5: WARNING: fig-quay: node 'bridge': “the people who walked to work” is what the "
                     r"author’s own “not” governs \(p2\.1\): add \(the author’s “not”\) where it applies", warnings), warnings
    assert len(warnings.splitlines()) == 1, warnings


@pytest.mark.sphinx("dummy")
def test_a_sources_quotation_may_not_carry_her_words_inside_it(app_params, make_app):
    """Her words inside a source's sentence (“as the Trust had promised” in Mara Quill's) are not quoted as the
    source's even as part of a longer quotation (the analysts' ¶5 had carried her “the Belarusian dictator”)."""
    warnings = warnings_with(app_params, make_app, QUILL_WHOLE, ("“The Harbour Trust will pay for a quieter engine”",
                                                                 "“a quieter engine, Mara Quill said, as the Trust had promised”"))
    assert re.search(r"figures\.yaml:11: WARNING: fig-quay: node 'engine': the quotation “a quieter engine, Mara Quill "
                     r"said, as the Trust had promised” holds “as the Trust had promised”, which is the author’s \(p3\.2b\), "
                     r"inside Mara Quill’s claim \(p3\.2a\)", warnings), warnings
    assert len(warnings.splitlines()) == 1, warnings


@pytest.mark.sphinx("dummy")
def test_a_label_may_not_stop_before_what_limits_its_words(app_params, make_app):
    """``keep:`` words that limit a unit (¶10's “while resolving the crisis that has arisen in the country”, review
    BI) are quoted with what they limit: a label that stops just before them is refused at its line."""
    warnings = warnings_with(app_params, make_app,
                             ("words: In the end the council kept the ferry for another five years\n",
                              "words: In the end the council kept the ferry for another five years\n      keep: for another five years\n"),
                             ("the council “kept the ferry for another five years”", "the council “kept the ferry”"))
    assert re.search(r"figures\.yaml:14: WARNING: fig-quay: node 'council': “kept the ferry” stops before “for another "
                     r"five years”, which belongs with it \(p3\.1a\): quote that too", warnings), warnings
    assert len(warnings.splitlines()) == 1, warnings


@pytest.mark.sphinx("html")
def test_sentences_that_make_one_step_are_framed_together(app_params, make_app, browser):
    """``together:`` frames nodes that make one step (¶2's two sentences of her thesis were two unconnected boxes,
    reviews BO, BP), and the legend and the text version say so."""
    args, kwargs = app_params
    (kwargs["srcdir"] / "_data" / "figures.yaml").write_text(
        FIGURES.replace("  nodes:\n", "  together: [council, nobody]\n  nodes:\n", 1), encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    code = browser.launches[0].jobs[0].code
    assert 'subgraph together[" "]\n        council\n        nobody\n    end' in code, code
    doc = BeautifulSoup((app.outdir / "x-figures.html").read_text(encoding="utf-8"), "html.parser")
    assert "frame: one step" in doc.select_one("figcaption").get_text(" ")
    key = " ".join(doc.select_one("#figure-key").get_text(" ").split())
    assert "Frame: one step A frame without a heading holds sentences that make one step" in key, key
    text = " ".join(doc.select_one("div.diagram-text").get_text(" ").split())
    assert re.search(r"\(\d\) and \(\d\) are framed together: one step, in 2 sentences", text), text


@pytest.mark.sphinx("html")
def test_each_line_style_has_one_meaning_and_one_entry_in_the_key(app_params, make_app, browser):
    """Her connecting words were a plain arrow, as what the op-ed states as fact (two reviews): they end in a dot.
    The key had two “Dotted” entries: one now, which a caption names in part.  The timeline's lines (time order)
    had no entry: they have one, and its caption names it."""
    args, kwargs = app_params
    (kwargs["srcdir"] / "_data" / "figures.yaml").write_text(
        FIGURES.replace("words: In the end the council kept the ferry, cites: p3.1a}",
                        "words: In the end, cites: p3.1a, connector: true}")
        + "fig-dates:\n  kind: timeline\n  title: When the council met\n  events:\n"
          "    - {date: two years earlier, text: “the bridge to the mainland had opened”, cites: p1.2}\n"
          "    - {date: March, text: the council of Port Lenning “met”, cites: p1.1}\n", encoding="utf-8")
    page = kwargs["srcdir"] / "x-figures.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n:::{figure-from-data} fig-dates\n:::\n", encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    quay, dates = (job.code for job in browser.launches[0].jobs)
    assert re.search(r'council --o\|"“In the end”', quay) and "-->" not in quay, quay  # the one solid arrow was this
    assert "event1 --- event2" in dates, dates
    doc = BeautifulSoup((app.outdir / "x-figures.html").read_text(encoding="utf-8"), "html.parser")
    captions = [" ".join(c.get_text(" ").split()) for c in doc.select("figcaption")]
    assert "dot end: her connecting words" in captions[0] and "solid" not in captions[0], captions[0]
    assert "dotted: a source’s claim;" in captions[0], "the part of the key's entry it draws"
    assert "Line: time order." in captions[1], captions[1]
    terms = [" ".join(dt.get_text(" ").split()) for dt in doc.select("#figure-key dl dt")]
    assert [t for t in terms if t.startswith("Dotted")] == ["Dotted: a source’s claim, or one she relates"], terms
    assert "Line: time order" in terms and "Dot end: her connecting words" in terms, terms
    assert len({t.split(":")[0] for t in terms}) == len(terms), terms


@pytest.mark.sphinx("typstpdf")
def test_a_figures_layout_for_print_goes_to_the_printed_pdf_alone(app_params, make_app, browser):
    """``print_init``: a figure too tall for a page at the print minimum (LEGIBLE_PT; the real book's Figure 3 at
    8.5 pt) is laid out for print with its own Mermaid spacing and wrapping, in place of its ``init`` line, in the
    diagram the Typst PDF sets (its text-label variant) and only there: the HTML's, LaTeX's and EPUB's diagram keeps
    the figure's ``init``, so the web figures do not change."""
    screen = '%%{init: {"flowchart": {"rankSpacing": 4, "nodeSpacing": 6, "padding": 4, "wrappingWidth": 290}}}%%'
    paper = '%%{init: {"flowchart": {"rankSpacing": 4, "nodeSpacing": 6, "padding": 4, "wrappingWidth": 330}}}%%'
    args, kwargs = app_params
    (kwargs["srcdir"] / "_data" / "figures.yaml").write_text(FIGURES.replace(
        "  title: What the fishermen and Mara Quill say of the ferry\n",
        f"  title: What the fishermen and Mara Quill say of the ferry\n  init: '{screen}'\n  print_init: '{paper}'\n"),
        encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    jobs = browser.launches[0].jobs
    web = [job.code for job in jobs if job.pdf is not None]  # the HTML's, LaTeX's and EPUB's (SVG and PDF)
    printed = [job.code for job in jobs if job.pdf is None]  # the Typst PDF's text-label variant (SVG only)
    assert len(web) == len(printed) == 1, jobs
    assert screen in web[0] and paper not in web[0], web[0]
    assert paper in printed[0] and screen not in printed[0] and "htmlLabels: false" in printed[0], printed[0]
    assert printed[0].split(paper)[1] == web[0].split(screen)[1], "the same diagram, only laid out otherwise"


def built(app_params, make_app, figures: str, testroot_page: str = ""):
    """An HTML build of the fixture book with ``figures`` as its figures.yaml (and ``testroot_page`` added to the figures'
    page): its first figure's Mermaid code, the page and the build's warnings."""
    args, kwargs = app_params
    (kwargs["srcdir"] / "_data" / "figures.yaml").write_text(figures, encoding="utf-8")
    if testroot_page:
        page = kwargs["srcdir"] / "x-figures.md"
        page.write_text(page.read_text(encoding="utf-8") + testroot_page, encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    return app, BeautifulSoup((app.outdir / "x-figures.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html")
def test_a_link_made_of_a_boxs_one_word_of_attribution_says_it_and_the_heading_does_not(app_params, make_app, browser):
    """Figure 2's arrow into the Russian side's box was labelled “According to the statements by”, the heading's words
    too (reviews DH, DI); labelled with its ¶ alone, it read as causal (review DM).  Mara Quill's “said”, the only word
    of attribution of her ¶3 box, makes the link into it from her ¶2 box: the link says it, the heading names her and
    the ¶ alone, and no other link names her again."""
    app, doc = built(app_params, make_app, FIGURES.replace(
        "    - {from: council, to: nobody,", "    - {from: bridge, to: engine, words: Mara Quill said, cites: p3.2a}\n"
                                           "    - {from: council, to: nobody,"))
    assert warnings_of(app) == "", warnings_of(app)
    code = browser.launches[0].jobs[0].code.replace("<br/>", " ")
    assert 'group_quill_p3_heading["Mara Quill (¶3)"]' in code, code
    assert 'measure -.->|"“said” (¶3)"| engine' in code, code
    assert 'bridge -.->|"“Mara Quill said” (¶3)"| engine' in code, code
    assert code.count("“said”") == 1 and code.count("Mara Quill:") == 1, "her name once in each heading, no more"
    text = " ".join(doc.select_one("div.diagram-text").get_text(" ").split())
    assert "In the box Mara Quill ( ¶3 )" in text or "In the box Mara Quill (¶3)" in text, text
    links = text[text.index("Links:"):]
    assert "dotted: “said” ( ¶3 )" in links or "dotted: “said” (¶3)" in links, links
    key = " ".join(doc.select_one("#figure-key").get_text(" ").split())
    assert "unless the labels in and into the box already give them all" in key, key


@pytest.mark.sphinx("html")
def test_a_link_in_a_box_keeps_its_own_words_but_not_whose_they_are(app_params, make_app, browser):
    """Figure 5's text version gave each of Goble's links "Paul Goble, “According to the American expert”", which his
    box's heading gives: a link whose words are more than the words of attribution keeps them, and the text version
    lists it under the box it is drawn in, which names the source once, so that it still says whose they are (the
    build's check that a quotation keeps its source stays silent)."""
    app, doc = built(app_params, make_app, FIGURES.replace("{from: measure, to: engine, words: said,",
                                                           "{from: measure, to: engine, words: The Harbour Trust will pay,"))
    assert warnings_of(app) == "", warnings_of(app)
    code = browser.launches[0].jobs[0].code.replace("<br/>", " ")
    assert 'measure -.->|"“The Harbour Trust will pay” (¶3)"| engine' in code, code
    text = " ".join(doc.select_one("div.diagram-text").get_text(" ").split())
    links = text[text.index("Links:"):]
    assert re.search(r"Into the box Mara Quill \(¶3\): \(\d\) → \(\d\), dotted: “The Harbour Trust will pay” \( ¶3 \)\.",
                     links), links
    assert links.count("Mara Quill") == 1 and "said" not in links, links
    alt = doc.select_one("div.mermaid-diagram svg desc").get_text()
    assert "dotted: “The Harbour Trust will pay”." in alt and alt.count("Mara Quill") == 3, alt  # title, two headings


PEOPLE = """fig-people:
  title: Who pays for the engine, in the op-ed’s words
  nodes:
    quill: {actor: Mara Quill}
    trust: {actor: Harbour Trust}
    engine:
      text: “a quieter engine”
      cites: p3.2a
  edges:
    - {from: trust, to: engine, words: will pay for, cites: p3.2a}
"""


@pytest.mark.sphinx("html", testroot="claims+figures+actors")
def test_an_actors_box_gives_no_paragraph_its_arrows_and_glossary_entry_do(app_params, make_app, browser):
    """“Belarusian protests (¶10)” gave the ¶ where the op-ed first writes the headword, which the key says is the ¶ the
    box rests on, though ¶1 already speaks of the protests (review): an actor's box has no ¶ (Mara Quill, named in ¶2,
    and the Trust here, whose arrow rests on ¶3); its arrows give theirs, its glossary entry where the op-ed names it,
    and the key says so."""
    app, doc = built(app_params, make_app, FIGURES + PEOPLE, "\n:::{figure-from-data} fig-people\n:::\n")
    assert warnings_of(app) == "", warnings_of(app)
    people = browser.launches[0].jobs[1].code
    assert 'quill["Mara Quill"]' in people and 'trust["Harbour Trust"]' in people, people
    assert re.search(r'trust -\.->\|"[^"]*\(¶3\)"\| engine', people), "the arrow gives the ¶ the op-ed says it in"
    text = doc.select("div.diagram-text")[1]
    nodes = [" ".join(li.get_text(" ").split()) for li in text.select("li")]
    assert nodes[:2] == ["(1) Mara Quill .", "(2) Harbour Trust ."], nodes
    assert text.select_one("a[href$='#term-Mara-Quill']") is not None, "the text version links its glossary entry"
    key = " ".join(doc.select_one("#figure-key").get_text(" ").split())
    assert "a box that names an actor has none: each arrow to or from it gives the ¶" in key, key
    assert "lists where the op-ed names it" in key, key


@pytest.mark.sphinx("html")
def test_a_link_keeps_its_words_of_attribution_where_the_heading_gives_several(app_params, make_app, browser):
    """A heading that gave two cues (“said”; “admitted” (her verb)) did not say which node each is for: the link
    keeps its words, or her granting verb would read as governing both of Mara Quill's ¶3 claims (Figure 3's
    “claiming” beside “admitted”, Figure 4's “In their opinion” beside “note”); the heading gives them all, as one
    that gave only those its links do not read as said of every node (reviews EZ, FA: “claimed” over what the
    analysts “explained”), and her granting verb, which every statement of the claim keeps, is one of them."""
    args, kwargs = app_params
    added = "as the Trust had promised. She admitted that the engine would cost more."
    for name in ("_data/op-ed.txt", "s2-decision.md"):
        path = kwargs["srcdir"] / name
        path.write_text(path.read_text(encoding="utf-8").replace("as the Trust had promised.", added), encoding="utf-8")
    record = kwargs["srcdir"] / "_data" / "attribution.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "  p3.3:\n    speaker: quill\n    cue: admitted\n    kind: claim\n",
                      encoding="utf-8")
    app, doc = built(app_params, make_app, FIGURES.replace("  edges:\n", "    cost:\n      text: “the engine would cost "
                     "more”\n      cites: p3.3\n  edges:\n    - {from: engine, to: cost, words: She admitted, cites: p3.3, connector: true}\n"))
    assert warnings_of(app) == "", warnings_of(app)
    code = browser.launches[0].jobs[0].code.replace("<br/>", " ")
    assert re.search(r'group_quill_p3_heading\["Mara Quill: “said”; “admitted” \(her verb\) \(¶3\)"\]', code), code
    assert re.search(r'engine -\.->\|"“She admitted” \(her verb\) \(¶3\)"\| cost', code), code
    assert re.search(r'measure -\.->\|"“said” \(¶3\)"\| engine', code), "its words tell which cue is whose"
    text = " ".join(doc.select_one("div.diagram-text").get_text(" ").split())
    assert "the heading’s words" not in text, text


def timeline_book(app_params, make_app, events: str):
    """The fixture book with a timeline of ``events`` (lines of YAML under ``events:``), built."""
    args, kwargs = app_params
    (kwargs["srcdir"] / "_data" / "figures.yaml").write_text(
        FIGURES + "fig-dates:\n  kind: timeline\n  title: When the council met\n  events:\n"
                  "    - {date: two years earlier, text: “the bridge to the mainland had opened”, cites: p1.2}\n" + events,
        encoding="utf-8")
    page = kwargs["srcdir"] / "x-figures.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n:::{figure-from-data} fig-dates\n:::\n", encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    return app


@pytest.mark.sphinx("dummy")
@pytest.mark.parametrize("reading, expected", [
    ("5", r"fig-dates: event: reading is true, or the editors’ words"),
    ("the op-ed says “in April”", r"fig-dates: event: reading quotes “in April”, which is not in ¶1"),
], ids=["neither-true-nor-words", "quoting-words-its-paragraph-lacks"])
def test_a_bad_timeline_reading_is_a_warning_at_its_line(
        app_params, make_app, reading, expected):
    app = timeline_book(app_params, make_app,
                        f"    - {{date: March, text: the council of Port Lenning “met”, cites: p1.1, reading: {reading}}}\n")
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    assert re.search(r"figures\.yaml:\d+: WARNING: " + expected, warnings), warnings


@pytest.mark.sphinx("html")
def test_a_timeline_order_the_op_ed_does_not_give_is_drawn_as_the_editors_reading(app_params, make_app, browser):
    """The timeline joined “After August 9” to “before the meeting” with the plain line of time order, though the op-ed
    places neither relative to the other (review DP): an event marked ``reading`` is joined to the one before it by the
    editors' grey dashed line, which the caption names and the alt text and text version say in words, with the
    editors' reason where the data gives one (reviews DR, DU, DV: which meeting ¶6 means)."""
    app = timeline_book(app_params, make_app,
                        "    - {date: March, text: the council of Port Lenning “met”, cites: p1.1, reading: true}\n"
                        "    - {date: two years earlier, text: “the bridge to the mainland had opened”, cites: p1.2, "
                        "reading: which years are ours}\n")
    assert warnings_of(app) == "", warnings_of(app)
    dates = browser.launches[0].jobs[1].code
    assert "event1 --- event2" in dates and "linkStyle 0 stroke:#8c8c8c,stroke-dasharray:10 5" in dates, dates
    doc = BeautifulSoup((app.outdir / "x-figures.html").read_text(encoding="utf-8"), "html.parser")
    caption = " ".join(doc.select("figcaption")[1].get_text(" ").split())
    assert "gray dashed: the editors’ reading" in caption.casefold(), caption
    assert "linkStyle 1 stroke:#8c8c8c" in dates, dates
    for said in ("The order of “two years earlier” and “March” is the editors’ reading, not the op-ed’s.",
                 "The order of “March” and “two years earlier” is the editors’ reading, not the op-ed’s: which years are ours."):
        assert said in doc.select("div.diagram-text")[1].get_text() and said in doc.select("svg desc")[1].get_text()


@pytest.mark.sphinx("html", testroot="claims+figures+actors")
def test_an_arrow_between_two_actors_needs_their_glossary_entries_to_relate_them(app_params, make_app, browser):
    """An arrow from one actor to another is a tie the op-ed makes: the maps drew Lukashenka to the West, and neither
    glossary entry named the other (review EV).  Without the Trust's tie to Mara Quill, the arrow between them names
    its line and the entry to complete (with the tie, the fixture's other figures build without a warning)."""
    args, kwargs = app_params
    glossary = kwargs["srcdir"] / "_data" / "actors.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("    related: [Mara Quill]\n", ""), encoding="utf-8")
    tied = FIGURES + PEOPLE + "    - {from: quill, to: trust, words: Mara Quill said, cites: p3.2a}\n"
    app, _ = built(app_params, make_app, tied, "\n:::{figure-from-data} fig-people\n:::\n")
    warnings = warnings_of(app)
    assert_no_crash(warnings)
    line = tied.count("\n")  # the arrow's own line, the last
    assert re.search(rf"figures\.yaml:{line}: WARNING: fig-people: edge 'quill' → 'trust' ties Mara Quill to Harbour Trust, "
                     r"which the glossary does not relate: add Harbour Trust to the related of Mara Quill", warnings), warnings
    assert len(warnings.splitlines()) == 1, warnings
