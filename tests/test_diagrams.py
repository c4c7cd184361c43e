"""Mermaid diagrams: rendered at build time, captioned, described, traceable, in HTML and PDF."""

import posixpath
import re
import zipfile
from collections import Counter
from xml.etree import ElementTree

from bs4 import BeautifulSoup

from conftest import DIAGRAM_CACHE, normalise, pages, reading_order, soup


def figures(book):
    return [fig for page in pages(book.html) for fig in soup(page).select("figure")
            if fig.select_one("div.mermaid-diagram")]


def test_at_least_four_diagrams_rendered_as_svg(book):
    figs = figures(book)
    assert len(figs) >= 4
    for fig in figs:
        svg = fig.select_one("div.mermaid-diagram > svg")
        assert svg is not None and svg.select("g"), "diagram not rendered"
    for page in pages(book.html):
        assert not soup(page).select("pre.mermaid"), f"Mermaid source left in {page.name}"
        assert "<!--mermaid-diagram" not in page.read_text(encoding="utf-8"), f"placeholder left in {page.name}"


def test_each_diagram_has_numbered_caption_and_text_alternatives(book):
    for fig in figures(book):
        caption = normalise(fig.select_one("figcaption").get_text())
        assert re.match(r"Figure \d+: \S", caption), caption  # set apart from its words, as in print
        svg = fig.select_one("svg")
        assert svg["role"] == ("group" if svg.select("a[href]") else "img")  # links inside an img are hidden
        title = svg.select_one("title")
        assert title and len(title.get_text()) > 20 and svg["aria-labelledby"] == title["id"]
        text_version = fig.find_next_sibling("div", class_="diagram-text")
        assert text_version is not None and text_version.select("li"), caption


def test_each_caption_explains_what_its_figure_draws_and_nothing_else(book):
    """A line or mark is named in a figure's caption exactly when its text version has what it stands for."""
    legend = {  # the caption's words -> the text version's words (a pattern) for the same thing
        "solid: what the author states as fact": ", solid:", "thick: her judgment": ", thick:", "dotted: a source’s claim": r"(?<!thick), dotted:",
        "thick dotted: unattributed op-ed words": ", thick dotted:|in the op-ed’s own voice, inside a source’s claim:",
        "gray dashed: the editors’ reading": r", the editors’ reading: ",
        "cross end: her contrast": ", a contrast she draws: ",
        "joined lines: one link from several": r"\) and \(\d+\) → \(\d+\), ",
        "dot end: her connecting words": r", the op-ed’s opening words: |\(\d+\) → \(\d+\), what she sets aside: ",  # from one step or several
        "frame: one step": "are framed together: one step",
        "headed box: a source’s words": "In the box ",
        "line: time order": r"(?!)",  # the timeline's alone
        "see editors’ note: qualified there": r"\(¶\d+; Editors’ note \d+\)",
    }
    for fig in figures(book):
        caption = normalise(fig.select_one("figcaption").get_text()).casefold()
        text = normalise(fig.find_next_sibling("div", class_="diagram-text").get_text())
        if "Links:" not in text:  # a timeline: its dates, joined in time order
            assert "line: time order" in caption, f"{fig['id']}: {caption}"
            # a date its note corrects is marked there too (review FL: the caption did not say so)
            assert ("see editors’ note" in caption) == ("Editors’ note" in text), f"{fig['id']}: {caption}"
            continue
        for explained, drawn in legend.items():
            assert (explained in caption) == bool(re.search(drawn, text)), \
                f"{fig['id']}: {explained!r} in the caption, {drawn!r} in the text version: {caption}"


def key_of(book):
    page = book.html / "analysis" / "figure-key.html"
    return page, soup(page).find(id="figure-key")


def test_one_figure_key_before_the_first_figure_and_in_the_contents(book):
    """The reviewers' shared key: a section of its own, in the contents, met before the first figure, naming every
    line and mark as the captions do and saying what each means."""
    page, key = key_of(book)
    assert key is not None and normalise(key.select_one("h1").get_text()).startswith("How to read the figures")
    order = reading_order(book.html)
    assert page.resolve() in order, "in the contents"
    first_figure = next(p for p in order if any(fig.select_one("div.mermaid-diagram") for fig in soup(p).select("figure")))
    assert order.index(page.resolve()) < order.index(first_figure), "before the first figure"
    assert sum(bool(soup(p).select(".figure-key")) for p in pages(book.html)) == 1, "said once"
    terms = {normalise(dt.get_text()).casefold() for dt in key.select("dl dt")}
    # one entry a line style (“Dotted: a source’s claim” and “…, or one she relates” were two, two reviews)
    styles = [term.split(":")[0] for term in terms]
    assert len(styles) == len(set(styles)), sorted(terms)
    for fig in figures(book):
        caption = normalise(fig.select_one("figcaption").get_text())
        title_end = caption.index(". ") + 2
        marks = caption[title_end:caption.index(" Key: ")].rstrip(".")
        for mark in (m.casefold() for m in re.split(r"[.;] ", marks) if ":" in m):
            # a caption may name the part of an entry its figure draws (“dotted: a source’s claim”)
            assert any(term == mark or term.startswith(mark + ",") for term in terms), \
                f"{fig['id']}: {mark!r} is not in the key: {sorted(terms)}"
    text = normalise(key.get_text(" "))
    for words in ("the editors’ reading", "no words", "what she sets aside", "a contrast she draws"):
        assert words in text, f"the text versions' {words!r} is explained in the key"


def test_one_line_style_means_one_thing_in_every_figure(book):
    """A plain arrow meant both “stated as fact” and her connecting words (two reviews): now every link the op-ed
    states, or the editors read in, ends in an arrowhead; her connecting words end in a dot and a contrast she draws
    in a cross (shapes, not colours: they survive greyscale print); the timeline's lines, time order, in no mark."""
    for fig in figures(book):
        ends = Counter(m.group(1) if (m := re.search(r"flowchart-v2-(point|circle|cross)End", path.get("marker-end", "")))
                       else "none" for path in fig.select("svg path.flowchart-link"))
        text = normalise(fig.find_next_sibling("div", class_="diagram-text").get_text(" "))
        if "Links:" not in text:  # the timeline
            assert set(ends) == {"none"} and ends["none"] >= 1, (fig["id"], ends)
            continue
        said = {"point": r"\), (solid|thick|dotted|thick dotted|the editors’ reading): ",
                "circle": r"\), (the op-ed’s opening words|what she sets aside): ", "cross": r"\), a contrast she draws: "}
        for end, words in said.items():
            assert ends[end] == len(re.findall(words, text)), f"{fig['id']}: {ends[end]} {end} ends, {words!r} in: {text}"
        # steps joined to one: their lines meet in a junction, without end marks
        joined = sum(starts.count("(") for starts in re.findall(r"((?:\(\d+\) and )+\(\d+\)) →", text))
        assert ends["none"] == joined, (fig["id"], ends)


def test_each_box_the_text_version_lists_is_drawn_with_the_same_words(book):
    """A box of the op-ed's words says in the drawing what its text version says of it, who says them and how sure
    included (Figure 12 drew “European politicians no longer trust …” alone, its text version with “the author,
    “clearly demonstrated”:”: reviews DX, DZ).  Compared without white space: Mermaid breaks the label's lines."""
    def letters(text: str) -> str:
        return re.sub(r"\s+", "", text)

    compared = 0
    for fig in figures(book):
        version = fig.find_next_sibling("div", class_="diagram-text")
        if version is None or not version.select("ul"):
            continue  # the timeline lists events, not boxes
        # its boxes' words as drawn: not its edges' labels, nor its <title> and <desc>, which say who says them
        drawn = letters(" ".join(g.get_text(" ") for g in fig.select("div.mermaid-diagram svg g.node")))
        for item in version.select("ul")[0].select("li"):
            box = re.fullmatch(r"\(\d+\) (.*) \(¶\d+\)\.", normalise(item.get_text(" ")).replace(" )", ")").replace("( ", "("))
            if box:
                assert letters(box.group(1)) in drawn, (fig["id"], box.group(1))
                compared += 1
    assert compared >= 30, compared


def test_each_caption_is_short_and_links_the_key(book):
    """Captions were 60–170 words, the same notation explained in each (two reviews): now the title, the lines and
    marks this figure draws in a word or two each, a link to the key and the sources."""
    for fig in figures(book):
        caption = normalise(fig.select_one("figcaption").get_text(" ")).replace(" .", ".").removesuffix(" #")
        title = normalise(fig.select_one("svg title").get_text())
        assert caption.split(" ", 2)[2].startswith(title), (title, caption)
        beyond = len(caption.split()) - len(title.split()) - 2  # "Figure N"
        assert beyond <= 40, f"{fig['id']}: {beyond} words beside its title: {caption}"  # Figure 2 names six marks
        assert len(caption.split()) <= 65, caption
        link = fig.select_one("figcaption a[href*='#figure-key']")
        assert link is not None and normalise(link.get_text()) == "How to read the figures", caption
        assert link["href"] in ("figure-key.html#figure-key", "../analysis/figure-key.html#figure-key"), link["href"]
        assert re.search(r"Key: How to read the figures\. Editorial diagram; sources ¶\d", caption), caption


def test_each_diagrams_tooltip_is_its_title_and_its_description_stays_whole(book):
    """A browser shows an SVG's <title> as its tooltip: it was the whole alt text (600–3,354 characters).  Now the
    figure's title, with the alt text as the <desc> that aria-describedby gives screen readers."""
    for fig in figures(book):
        svg = fig.select_one("div.mermaid-diagram > svg")
        title = svg.select_one("title")
        assert 10 <= len(title.get_text()) <= 160 and svg["aria-labelledby"] == title["id"], title.get_text()
        desc = svg.find(id=svg["aria-describedby"])
        assert desc is not None and desc.name == "desc" and desc.parent is svg, fig["id"]
        text = normalise(desc.get_text())
        assert text.startswith(normalise(title.get_text())) and len(text) > 400, (fig["id"], len(text))


def test_text_versions_say_the_editors_reading_once_per_link_in_short(book):
    """“the editors’ reading of how the step bears on the next: the op-ed gives no words for this link” was in
    Figure 1's text version three times: the key says it once, and each link line says it short."""
    for fig in figures(book):
        text = normalise(fig.find_next_sibling("div", class_="diagram-text").get_text(" "))
        assert "bears on the next" not in text and "gives no words for this link" not in text, fig["id"]
    text = normalise(next(f for f in figures(book) if f["id"] == "fig-argument")
                     .find_next_sibling("div", class_="diagram-text").get_text(" "))
    assert re.findall(r"\(\d+\) → \(\d+\), the editors’ reading: no words", text), text  # said short


def test_each_diagram_is_referenced_from_the_text(book):
    ids = {fig["id"] for fig in figures(book)}
    referenced = {a["href"].split("#")[1] for page in pages(book.html)
                  for a in soup(page).select("a[href*='#fig-']")}
    assert ids <= referenced, ids - referenced


def test_every_node_and_edge_points_to_a_paragraph(book):
    """Every label and every box of the op-ed's words ends with its ¶; a box that names an actor (it links its glossary
    entry) has none, as the figure key says: it gave the ¶ of the headword's first mention, which read as the ¶ it
    rests on ("Belarusian protests (¶10)", of which ¶1 already speaks)."""
    actors = 0
    for fig in figures(book):
        # flowchart nodes and edge labels; a timeline's events (its periods are the dates themselves)
        found = [(normalise(t.get_text()), t) for t in fig.select("svg g.node, svg g.edgeLabel, svg g.eventWrapper")]
        found = [(lab, t) for lab, t in found if lab]
        assert found
        for label, t in found:
            actor = t.find_parent("a", href=re.compile(r"#term-")) is not None
            actors += actor
            assert bool(re.search(r"¶\d", label)) != actor, f"{fig['id']}: {label!r} " + (
                "names an actor, and has a ¶" if actor else "has no ¶ reference")
    assert actors >= 20, actors


def test_actor_nodes_link_to_their_glossary_entries(book):
    fig = next(f for f in figures(book) if f["id"] == "fig-relationships")
    page = next(p for p in pages(book.html) if soup(p).find(id="fig-relationships"))
    links = fig.select("svg a[href]")
    assert len(links) >= 5
    for link in links:
        target, anchor = link["href"].split("#")
        assert anchor.startswith("term-") and soup((page.parent / target).resolve()).find(id=anchor), link["href"]


def test_every_text_version_links_the_glossary_entries_its_words_name(book):
    """Each figure's text version, the timeline's too, links the entries its boxes name (Wagner, Sochi), so that
    their "Mentioned in" and the index reach it (review FI: the timeline's alone had no such line)."""
    for fig in figures(book):
        text = fig.find_next_sibling("div", class_="diagram-text")
        linked = {a["href"].split("#")[1] for a in text.select('a[href*="#term-"]')}
        assert len(linked) >= 3, f"{fig['id']}: its text version links {sorted(linked)}"


def test_one_browser_launch_renders_every_diagram_once(book, pdf, typst_pdf, epub):
    """The HTML build rendered SVG and PDF together; the LaTeX and EPUB builds only read the cache; the Typst PDF's
    build, after the HTML's here, renders only what it alone needs, each diagram's text-label variant, in a launch of
    its own (`make` builds the Typst PDF first, all in one launch: test_make.py)."""
    launches = (book.root / DIAGRAM_CACHE / "launches.log").read_text().splitlines()
    assert len(launches) == 2, launches
    book_has = re.search(r"diagrams: (\d+) in the book, \1 rendered \(SVG and PDF\) in one browser launch", book.output)
    assert book_has, book.output[-2000:]
    for later in ("latex", "epub"):
        assert "0 rendered (all cached)" in book.later[later], later
    variants = re.search(r"diagrams: \d+ in the book, (\d+) rendered \(SVG and PDF\) in one browser launch\n"
                         r".*diagrams: (\d+) of those rendered with SVG text labels", book.later["typst"])
    assert variants and variants.group(1) == variants.group(2) == book_has.group(1), book.later["typst"][-2000:]


def test_epub_has_every_paragraph_and_every_diagram(epub, oped, book):
    with zipfile.ZipFile(epub) as z:
        opf = ElementTree.fromstring(z.read("content.opf"))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        manifest = {item.get("id"): item.get("href") for item in opf.iterfind("opf:manifest/opf:item", ns)}
        spine = [manifest[ref.get("idref")] for ref in opf.iterfind("opf:spine/opf:itemref", ns)]
        paragraphs, diagrams, node_links = [], [], []
        for name in spine:
            doc = BeautifulSoup(z.read(name), "html.parser")
            for p in doc.select("div.oped-body > p"):
                p.select_one("a.oped-pnum").extract()
                paragraphs.append(normalise(p.get_text()))
            for svg in doc.select("div.mermaid-diagram > svg"):  # inline, so that its links work in the book
                title = svg.select_one("title")
                assert title and len(title.get_text()) > 20 and svg["aria-labelledby"] == title["id"]
                diagrams.append(svg)
                node_links += [(name, a["xlink:href"]) for a in svg.select("a")]
        assert paragraphs == list(oped.body)
        assert len(diagrams) == len(figures(book))
        # actor nodes link to their glossary entries inside the EPUB (not into the image, not to the web)
        assert len(node_links) >= 5
        for name, href in node_links:
            target, anchor = href.split("#")
            document = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            assert anchor.startswith("term-") and document in spine, href
            assert BeautifulSoup(z.read(document), "html.parser").find(id=anchor), href
