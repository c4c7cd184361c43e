"""The PDF `make` builds (Typst, issue 20) as a tagged PDF/UA-1, checked as a reader with a screen reader gets it.

What both PDFs must do (the op-ed's words, anchors, links, bookmarks, index, running heads, layout) is checked on
each in ``test_pdf.py``.  Here, what only the tagged PDF has: the structure tree a screen reader walks (headings in
order, paragraphs, lists, table header cells, figures with their alternative text, links with descriptions,
bookmarks as its headings), its PDF/UA identification, named destinations exactly the anchors, and how the
builder sizes each diagram.  The LaTeX PDF has no structure tree (Debian 12's TeX Live 2022 predates LaTeX's
tagging, sphinx-doc/sphinx#13134).  The PDF/UA checker from PyPI (pdfua 0.1.3) runs
too: it implements 16 of the 106 machine-checkable rules of PDF/UA-1 (structure tree, marked content, tagged
or artifact content, language, figure alt text, table structure, link and annotation descriptions, heading
content, title and its display, the PDF/UA identifier); it does not check fonts (embedding, CIDSet, glyph
widths, Unicode mapping), colour, reading order against the page, nesting rules of the structure types, or
anything a person must judge (whether an alt text or a heading says the right thing).  Its heading rule
(UA-14-001) raises an error on a heading whose /K is an array (pdfua's own bug with pikepdf 10), so it does not
run here: ``test_structure_tree_has_the_books_headings_in_order`` checks every heading's text instead.
"""

from __future__ import annotations

import html
import re
import subprocess

import pikepdf
from pdfua import validate
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import TYPST_STRIPS, normalise, pdf_body_pages, pdf_pages, published_anchors, reading_order, soup
from briefing import anchors
from briefing.typst import figures
from tagged_pdf import tagged
from test_pdf import PAGES, letters, page_numbers, text_sizes, with_ctm

PDFUA_BROKEN_RULES = {"UA-14-001"}  # raises on headings whose /K is an array (see the module docstring)


def squeeze(text: str) -> str:
    """Text without any white space: a line broken inside a word ("op-" / "ed") compares equal."""
    return re.sub(r"\s+", "", normalise(text))


def test_tagged_and_identified_as_pdfua(typst_pdf, oped):
    """Language, title shown and metadata: test_pdf.py, on both PDFs."""
    with pikepdf.open(typst_pdf) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) and "/StructTreeRoot" in pdf.Root
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1" and xmp.get("dc:title") == f"{oped.title} A Briefing Book"


def test_poppler_reads_it_without_a_complaint(typst_pdf):
    """pdfinfo and pdftotext, as a reader's Poppler tools, say nothing on stderr (review CF: "Syntax Error: Suspects
    object is wrong type", Poppler's misreading of a default Typst writes)."""
    for tool in (["pdfinfo"], ["pdftotext", "-l", "3"]):
        run = subprocess.run([*tool, str(typst_pdf), *(["-"] if tool[0] == "pdftotext" else [])], capture_output=True,
                             text=True, check=True)
        assert not run.stderr.strip(), (tool, run.stderr)


def test_named_destinations_equal_the_anchors(typst_pdf):
    assert sorted(PdfReader(typst_pdf).named_destinations) == sorted(published_anchors())


def test_every_link_and_bookmark_resolves(typst_pdf):
    with pikepdf.open(typst_pdf) as pdf:
        names = set(pikepdf.NameTree(pdf.Root.Names.Dests).keys())
        pages = {page.objgen for page in pdf.pages}
        links = 0
        for number, page in enumerate(pdf.pages, 1):
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                links += 1
                destination = annotation.get("/Dest", annotation.get("/A", {}).get("/D"))
                if "/A" in annotation and annotation.A.get("/S") == "/URI":
                    assert str(annotation.A.URI).startswith(("http://", "https://", "mailto:")), number
                elif isinstance(destination, pikepdf.Array):
                    assert destination[0].objgen in pages, f"page {number}: a link to no page"
                else:
                    assert str(destination) in names, f"page {number}: a link to {destination}, which is not a destination"
                assert "/Contents" in annotation, f"page {number}: a link without a description"
        assert links > 100
        with pdf.open_outline() as outline:
            titles = []

            def walk(items):
                for item in items:
                    titles.append(normalise(item.title))  # a heading's last two words join by a no-break space
                    assert item.destination is not None or item.action is not None, item.title
                    walk(item.children)

            walk(outline.root)
    headings = [e.text for e in tagged(typst_pdf).walk() if re.fullmatch(r"H\d", e.role) and e.text != "Contents"]
    assert titles == headings and "Index" in titles, "a bookmark for every heading, in order"


def test_structure_tree_has_the_books_headings_in_order(book, typst_pdf, oped):
    tree = tagged(typst_pdf)
    headings = [(e.role, e.text) for e in tree.walk() if re.fullmatch(r"H\d|Title", e.role)]
    assert headings[0] == ("Title", oped.title) and all(text for _, text in headings), "no empty heading"
    home, *others = reading_order(book.html)
    # the home page's parts (rubrics), then every page's headings as the HTML has them
    expected = [normalise(h.get_text()).rstrip("#").strip() for h in soup(home).select("main h2.rubric")]
    assert expected[0] == "At a glance"
    for page in others:
        expected += [normalise(a.parent.get_text()).rstrip("#").strip() for a in soup(page).select("main :is(h1, h2, h3) > a.headerlink")]
    found = [re.sub(r"^[\d.]+ ", "", text) for role, text in headings if role != "Title" and text not in ("Contents", "Index")]
    assert found == expected
    levels = [int(role[1]) for role, _ in headings if role.startswith("H")]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), "no heading level skipped"


def test_structure_tree_has_paragraphs_lists_tables_figures_links(book, typst_pdf, oped):
    tree = tagged(typst_pdf)
    elements = list(tree.walk())
    paragraphs = " ".join(e.text for e in elements if e.role == "P")
    for n, paragraph in enumerate(oped.body, 1):
        assert squeeze(paragraph) in squeeze(paragraphs), f"¶{n} is not in the paragraphs a screen reader reads"
    assert sum(e.role == "L" for e in elements) >= 10 and sum(e.role == "LI" for e in elements) >= 50
    html_tables = [table for page in reading_order(book.html) for table in soup(page).select("main table")
                   if "anchor-list" not in table.get("class", [])]  # the anchors' table is the web's only
    html_heads = [squeeze(th.get_text()) for table in html_tables for th in table.select("thead th")]
    assert html_heads, "the book has tables with header cells"
    assert [squeeze(e.text) for e in elements if e.role == "TH"] == html_heads, "table header cells, as the HTML has them"
    tables = [e for e in elements if e.role == "Table"]
    assert len(tables) == len(html_tables)
    assert all(any(getattr(p, "role", "") == "THead" for p in t.parts) for t in tables if any(
        e.role == "TH" for e in t.walk()))
    alts = [(svg.select_one("desc") or svg.select_one("title")).get_text() for page in reading_order(book.html)
            for svg in soup(page).select("div.mermaid-diagram > svg")]
    assert alts, "the book has diagrams"
    assert [e.alt for e in elements if e.role == "Figure"] == alts, "each figure with the diagram's alternative text"
    captions = [f for page in reading_order(book.html) for f in soup(page).select("main figure figcaption")]
    assert sum(e.role == "Caption" for e in elements) >= len(captions) > 0
    links = [e for e in elements if e.role == "Link"]
    # each link tagged with its words and its annotations (one a line: a link broken over two lines has two)
    assert len(links) > 100 and all(e.annotations >= 1 and e.text for e in links)


def test_pdfua_checker_finds_nothing(typst_pdf):
    report = validate(str(typst_pdf))
    assert not report.findings, [finding for finding in report.findings]
    assert {outcome.rule_id for outcome in report.skipped} <= PDFUA_BROKEN_RULES, report.skipped
    assert len(report.outcomes) >= 12


def test_diagram_labels_print_at_8_5_pt_or_more_and_upright(book, typst_pdf):
    """Each diagram as the Typst source sets it (its width, its page) against its SVG (natural size, smallest text):
    labels at LEGIBLE_PT, 8.5 pt, or more (reviewers found labels of 7–7.5 pt too small on paper; at most 9 pt: a
    small diagram is not blown up, review AS), or else the diagram as large as its page allows (as tall as a figure
    may be, or as wide as the text); never wider than the text block (reviewers read diagrams reaching into the
    margins as a layout defect); on a landscape page only when a portrait one cannot give it 8.5 pt and the
    landscape one gives it larger labels."""
    source = (typst_pdf.parent / "briefing.typ").read_text(encoding="utf-8")
    set_at = re.findall(r'(#page\(flipped: true\)\[)?(?:#figure\([^\n]*?)?#diagram\("([^"]+)", alt: "(?:[^"\\]|\\.)*", width: ([\d.]+)pt',
                        source)
    assert len(set_at) == sum(len(soup(page).select("div.mermaid-diagram")) for page in reading_order(book.html))
    for landscape, name, width in set_at:
        svg = (typst_pdf.parent / name).read_text(encoding="utf-8")
        natural_w, natural_h = map(float, re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)', svg).groups())
        smallest = float(re.search(r'data-smallest-text="([\d.]+)"', svg).group(1))
        shown = float(width)
        label, height = smallest * shown / natural_w, natural_h * shown / natural_w
        text_w, text_h = (figures.TEXT_HEIGHT_LANDSCAPE_WIDTH, figures.TEXT_WIDTH_LANDSCAPE_HEIGHT) if landscape else (
            figures.TEXT_WIDTH, figures.TEXT_HEIGHT)
        assert shown <= text_w, f"{name}: {shown} pt wide, wider than the text block ({text_w:.2f} pt)"
        as_large_as_it_can = height >= figures.TALLEST * text_h - 1 or shown >= text_w - 1
        assert label >= figures.LEGIBLE_PT - 0.01 or as_large_as_it_can, f"{name}: labels at {label:.2f} pt, and it could be larger"
        assert label <= figures.SETTLED_PT + 0.01, f"{name}: labels at {label:.1f} pt, larger than the other figures'"
        if landscape:  # a portrait page could not give it 8.5 pt labels, and this one gives larger ones
            portrait = figures.diagram_width(natural_w * 0.75, natural_h * 0.75, smallest * 0.75, figures.TEXT_WIDTH,
                                             figures.TEXT_HEIGHT)
            assert smallest * portrait / natural_w < figures.LEGIBLE_PT and portrait < shown, name
        assert "<foreignObject" not in svg, f"{name}: HTML labels, which Typst leaves blank"
    with pikepdf.open(typst_pdf) as pdf:
        assert all(int(page.obj.get("/Rotate", 0)) == 0 for page in pdf.pages)
    assert "rotate(" not in source, "no figure turned on its page"


def test_every_diagram_lies_within_the_text_block(typst_pdf):
    """What the page prints, read from the PDF's content streams: each diagram (the figure's marked content, which
    carries its alternative text) is drawn inside the clip rectangle Typst gives the image, its box on the page,
    and that box lies within the page's text block (template.typ's 25 mm side and 27 mm top and bottom margins, on
    a portrait page or a landscape one): no diagram reaches into a margin (reviewers listed Figures 1, 3, 5 and
    11, 17–30 pt into each margin, as a layout defect) nor runs past the text's foot."""
    reader = PdfReader(typst_pdf)
    diagrams = (typst_pdf.parent / "briefing.typ").read_text(encoding="utf-8").count("#diagram(")
    x_margin, y_margin = 25 * figures.PT_PER_MM, 27 * figures.PT_PER_MM
    boxes, outside = 0, []
    for number, page in enumerate(reader.pages, 1):
        page_w, page_h = float(page.mediabox.width), float(page.mediabox.height)
        figure, points = False, []
        for operands, operator, ctm in with_ctm(ContentStream(page.get_contents(), reader).operations, [1, 0, 0, 1, 0, 0]):
            if operator == b"BDC" and hasattr(operands[1], "get") and "/Alt" in operands[1]:
                figure, points = True, []  # its first clip path is the image's box
            elif figure and operator in (b"m", b"l", b"re"):  # a corner (and for a rectangle the opposite one)
                x, y, *size = map(float, operands)
                corners = [(x, y), (x + size[0], y + size[1])] if size else [(x, y)]
                points += [(x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]) for x, y in corners]
            elif figure and operator == b"W":
                figure, boxes = False, boxes + 1
                xs, ys = [x for x, _ in points], [y for _, y in points]
                box = (min(xs), min(ys), max(xs), max(ys))
                if (box[0] < x_margin - 0.5 or box[2] > page_w - x_margin + 0.5 or
                        box[1] < y_margin - 0.5 or box[3] > page_h - y_margin + 0.5):
                    outside.append((f"page {number}", [round(v, 1) for v in box]))
    assert boxes == diagrams >= 10 and not outside, (boxes, diagrams, outside)


def test_diagram_edge_labels_lie_on_an_opaque_ground(typst_pdf, browser):
    """No arrow drawn across a label's words (review item 26): in every diagram the Typst PDF sets, each edge label
    with words has a white ground at full opacity under them (Mermaid gives the SVG text label's ground 0.5
    opacity; the HTML label's ground is opaque), as the browser computes its style from the SVG's own CSS."""
    source = (typst_pdf.parent / "briefing.typ").read_text(encoding="utf-8")
    names = sorted(set(re.findall(r'#diagram\("([^"]+)"', source)))
    page = browser.new_page()
    try:
        labelled = 0
        for name in names:
            page.set_content((typst_pdf.parent / name).read_text(encoding="utf-8"))
            grounds = page.evaluate("""() => [...document.querySelectorAll('.edgeLabel')]
                .filter(label => label.textContent.trim())
                .map(label => { const rect = label.querySelector('rect.background') || label.querySelector('rect');
                                if (!rect) return null;
                                const style = getComputedStyle(rect), box = rect.getBBox();
                                return {opacity: style.opacity, fill: style.fill, covers: box.width > 0 && box.height > 0}; })""")
            assert all(g == {"opacity": "1", "fill": "rgb(255, 255, 255)", "covers": True} for g in grounds), (name, grounds)
            labelled += len(grounds)
        assert labelled >= 20, "the book's diagrams have edge labels"
    finally:
        page.close()


def test_every_figures_labels_print_at_8_5_pt_or_more(typst_pdf):
    """What the page prints, read from the PDF's content streams: in every diagram (the text inside its figure's
    marked content, which carries its alternative text: its labels, not its caption, 9 pt, nor the running head, 8
    pt) no label under LEGIBLE_PT, 8.5 pt.  Reviewers found Figures 1–4 and 9's labels, at 7.5–7.9 pt (7–7.5 pt as
    the glyphs measure), too small on paper; before them, Figures 1 and 3's at 7.46 and 7.24 pt."""
    reader = PdfReader(typst_pdf)
    body = [normalise(text) for text in pdf_body_pages(typst_pdf, TYPST_STRIPS)]
    diagrams = (typst_pdf.parent / "briefing.typ").read_text(encoding="utf-8").count("#diagram(")
    small, figured = [], 0
    for number, (page, text) in enumerate(zip(reader.pages, body), 1):
        sizes: list[float] = []
        text_sizes(reader, page["/Resources"], page.get_contents(), [1, 0, 0, 1, 0, 0], sizes, figures_only=True)
        if not sizes:
            continue
        figured += sum(operator == b"BDC" and hasattr(operands[1], "get") and "/Alt" in operands[1]
                       for operands, operator in ContentStream(page.get_contents(), reader).operations)
        if min(sizes) < figures.LEGIBLE_PT - 0.01:
            shown = re.findall(r"Figure (\d+): ", text)
            small.append((f"Figure {', '.join(shown)}", f"page {number}", round(min(sizes), 2)))
    assert figured == diagrams >= 10 and not small, (figured, diagrams, small)


def test_no_word_split_at_a_lines_end_so_quotations_copy_as_the_op_eds_words(typst_pdf, oped):
    """Ragged right, never hyphenated: no soft hyphen (U+00AD) anywhere in the PDF's text, and every quotation that
    runs over a line's end reads, copied, as the op-ed's words ("logically contradictory statements indicate", not
    "contra-" / "dictory"; reviewers found "commit-ment", "recog-nition", "politi-cians" too).  A quotation's parts
    (around an ellipsis) that are the op-ed's words when the line's end is closed up must be its words as copied."""
    pages = pdf_body_pages(typst_pdf, TYPST_STRIPS)
    text = "\n".join(pages)
    assert "\u00ad" not in text, f"soft hyphens: {text.count(chr(0xad))}"
    source = " ".join([oped.title, oped.byline, oped.bio, *oped.body, oped.statement])
    words, closed_up = normalise(source).lower(), letters(source).lower()
    broken, kept = [], 0
    for quotation in re.findall(r"“([^“”]*\n[^“”]*)”", text):
        for part in (p.strip() for p in quotation.split("…")):
            copied = normalise(re.sub(r"(?<=-)\n", "", part).replace("\n", " ")).lower()
            if copied in words:
                kept += 1
            elif letters(part).lower() in closed_up:
                broken.append(part)
    assert not broken, broken
    assert kept >= 50, "the book quotes the op-ed over line ends"


def glossary_lists(typst_pdf, headwords: set[str] = frozenset()) -> list[tuple[int, str, str, str]]:
    """Each "Mentioned in" (a glossary entry) and "Linked from" (an editor's note) list in the PDF: (page, which, its
    text, lines joined, the entry or note it belongs to: the last line before it that is one of ``headwords``, not the
    end of a list wrapped over lines, or an editor's note's title, "Editors’ note 2").  A list ends at the line that ends an item ("…, p. 21" or "… (¶9)")
    or with "—"."""
    found, owner = [], ""
    # the body's lines, page after page (no running head or page number between them: a list runs on over a page)
    lines = [(number, line) for number, page in enumerate(pdf_body_pages(typst_pdf, TYPST_STRIPS), 1)
             for line in page.strip().splitlines()]
    for i, (number, line) in enumerate(lines):
        wrapped = i > 0 and lines[i - 1][1].rstrip().endswith(",")  # a list's last name over a line ("…, Moscow, / Russia")
        if line.strip() in headwords and not wrapped or re.match(r"Editors’ note \d+:", line.strip()):
            owner = line.strip().split(":")[0]
        match = re.match(r"\s*(Mentioned in|Linked from): (.*)", line)
        if not match:
            continue
        listed = match.group(2).strip()
        for _, following in lines[i + 1:]:
            ended = re.search(r"(p\.\s\d+(\s\((¶\d+(,\s)?)+\))?|—)$", listed)
            if ended and not following.startswith("(¶") or not following.strip():  # "…, p. 9" / "(¶4), …": not ended
                break
            listed += " " + following.strip()
        found.append((number, match.group(1), listed, owner))
    return found


def index_pages(typst_pdf) -> dict[str, list[int]]:
    """{an index entry's words (a person's as indexed, "Goble, Paul"): its pages}, read from the index's lines."""
    body = pdf_body_pages(typst_pdf, TYPST_STRIPS)
    start = max(i for i, text in enumerate(body) if re.search(r"^\s*Index\s*$", text, re.M))
    lines = "\n".join(normalise(line) for text in body[start:] for line in text.splitlines())
    return {m.group(1): page_numbers(m.group(2))
            for m in re.finditer(r"^(\S[^,\n]*(?:, [^\d,\n][^,\n]*)?), ((?:\d+(?:–\d+)?(?:,\s)?)+)", lines, re.M)}


def test_glossary_and_notes_give_page_numbers_in_print(typst_pdf, oped, actors):
    """On paper a link cannot be followed: each place a glossary entry is mentioned in, and each an editor's note is
    linked from, is named as the book names it (the home page's parts by their own names, "At a glance"; its opening,
    before any part, by its heading, the op-ed's title, quoted: the PDF has no home page, review DN; a part
    of a page by its own heading) with the page of the first mention there itself, the page the index gives for it,
    not the page its part starts on (reviewers found "Vzglyad: The argument, p. 12", the mention and the index on p.
    19; before that "Mentioned in: Home page: At a glance, …", web navigation without a page).  Each ¶ an item
    lists is on that page (review DW: "p. 10 (¶7, ¶8)", ¶8 on p. 11, under a heading of its own)."""
    pages = [letters(page) for page in pdf_pages(typst_pdf)]
    entries = {entry["name"]: entry for group in actors.values() for entry in group}
    lists = glossary_lists(typst_pdf, set(entries))
    assert sum(which == "Mentioned in" for _, which, _, _ in lists) >= 20 and any(w == "Linked from" for _, w, _, _ in lists)
    index = index_pages(typst_pdf)
    items, opening = 0, 0
    for number, which, listed, owner in lists:
        assert "Opening" not in listed and "Home page" not in listed, (number, which, listed)
        if listed == "—":
            continue
        found = list(re.finditer(r"(.+?), p\.\s(\d+)(?: \((?:¶\d+(?:, )?)+\))?(?:, |$)", listed))
        assert found and "".join(m.group(0) for m in found) == listed, f"page {number}: {which}: {listed!r}"
        for item in found:
            name, on = item.group(1), int(item.group(2))
            opening += name == anchors.OPENING
            for paragraph in re.findall(r"¶(\d+)", item.group(0)):
                words = oped.body[int(paragraph) - 1].split()
                assert any(letters(" ".join(words[i:i + 5])) in pages[on - 1] for i in range(len(words) - 4)), \
                    f"{owner}: {which} {item.group(0)!r}: ¶{paragraph} is not on p. {on}"
            if which == "Linked from":  # the note's link on that page: "… (Editors’ note 2)"
                assert letters(owner) in pages[on - 1], f"{owner}: linked from {name}, p. {on}, which has no link to it"
            else:
                entry = entries[owner]
                given, _, surname = owner.rpartition(" ")
                indexed = index.get(f"{surname}, {given}") or index.get(owner)
                assert indexed, f"index: no entry for {owner}"
                assert on in indexed, f"{owner}: mentioned in {name}, p. {on}; the index gives {indexed}"
                assert any(letters(s) in pages[on - 1] for s in [owner, *entry.get("variants", [])]), \
                    f"{owner}: mentioned in {name}, p. {on}, which does not mention it"
            items += 1
    assert items >= 90 and opening >= 3


def test_index_leads_to_the_figure_not_its_text_version(typst_pdf, actors):
    """An index entry that comes from a figure's text version gives the figure's page: "Goble, Paul" lists the page
    of Figure 5, which shows him, not only the page after it where its text version ends (a reviewer found it so).
    Each glossary entry a text version names ("(in the glossary: Paul Goble)") has its figure's page in the index."""
    raw = pdf_body_pages(typst_pdf, TYPST_STRIPS)
    start = max(i for i, text in enumerate(raw) if re.search(r"^\s*Index\s*$", text, re.M))
    body = [normalise(text) for text in raw]
    index = " ".join(body[start:])
    figure_page = {m.group(1): n + 1 for n, text in enumerate(body) for m in re.finditer(r"Figure (\d+): ", text)}
    versions = re.split(r"Text version of Figure (\d+)", " ".join(body[:start]))
    checked = 0
    for number, version in zip(versions[1::2], versions[2::2]):
        version = re.split(r"Figure \d+: ", version)[0]  # up to the next figure
        for name in (n for names in re.findall(r"\(in the glossary: ([^)]+)\)", version) for n in names.split(", ")):
            category = next(c for c, entries in actors.items() if any(e["name"] == name for e in entries))
            given, _, surname = name.rpartition(" ")
            heading = f"{surname}, {given}" if given and category == "people" else name
            listed = re.search(re.escape(heading) + PAGES, index)
            assert listed, name
            assert figure_page[number] in page_numbers(listed.group(1)), \
                f"index: {name}: {listed.group(1)}, without the page of Figure {number} (p. {figure_page[number]})"
            checked += 1
    assert checked >= 3


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def shown_addresses(typst_pdf, addresses: set[str]) -> list[tuple[str, list[tuple[float, float, float, str]]]]:
    """Each place one of ``addresses`` is shown, with the words (pdftotext -bbox: x0, y0, x1, text) it is set in, in
    reading order; an address broken over lines is in words on more than one line."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(typst_pdf), "-"], capture_output=True, text=True, check=True).stdout
    shown = []
    for page in bbox.split("<page ")[1:]:
        words = [(float(x0), float(y0), float(x1), html.unescape(word)) for x0, y0, x1, word in WORD.findall(page)]
        joined, starts = "", []
        for word in words:
            starts.append(len(joined))
            joined += word[3] + "\0"
        for address in addresses:
            for found in re.finditer("\0?".join(re.escape(c) for c in address), joined):
                first = max(i for i, at in enumerate(starts) if at <= found.start())
                last = max(i for i, at in enumerate(starts) if at < found.end())
                shown.append((address, words[first:last + 1]))
    return shown


def test_web_addresses_break_only_after_a_slash(typst_pdf):
    """A web address too long for its line breaks only after a "/", never at its own hyphen or dot, where a reader
    takes "distrust-" for a hyphenated word (copying gave "distrustlukashenka"; reviewers found "distrust-/lukashenka/",
    "TA-9-2020-0231_EN./html", "oeil.|europa"): the text copied (pdftotext), its line breaks after "/" closed up, is
    the address exactly, each time it is shown.  Nor right after its scheme's "//" ("https:// | oeil.europarl…"), and
    one that fits on a line is not broken at all: it moves whole to the next line (a reviewer found
    "erainstitute.org/2020/09/ | 30/" and "…/document/ | TA-9-2020-0231_EN.html"): an address broken over lines is
    wider than the line it starts on, from the left edge of the lines it runs on to the end of its first part."""
    with pikepdf.open(typst_pdf) as pdf:
        links = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])
                 if a.get("/Subtype") == "/Link" and "/A" in a and "/URI" in a.A and str(a.A.URI).startswith("http")}
    text = "\n".join(pdf_pages(typst_pdf))
    shown, broken = 0, []
    for address in links:
        for found in re.finditer(r"\s*".join(re.escape(c) for c in address), text):
            shown += 1
            if re.sub(r"/\n", "/", found.group(0)) != address or re.search(r"//\s", found.group(0)):
                broken.append(found.group(0))
    assert not broken, broken
    assert shown >= 5
    # every address the book shows, linked or not (the publisher's archive, "erainstitute.org/2020/09/30/")
    addresses = links | {a.removeprefix("https://").removeprefix("http://") for a in links}
    unneeded, over_lines = [], 0
    for address, words in shown_addresses(typst_pdf, addresses):
        lines = sorted({round(y0) for _, y0, _, _ in words})
        if len(lines) == 1:
            continue
        over_lines += 1
        left = min(x0 for x0, y0, _, _ in words if round(y0) != lines[0])  # where the lines it runs on start
        first_line_end = max(x1 for _, y0, x1, _ in words if round(y0) == lines[0])
        width = sum(x1 - x0 for x0, _, x1, _ in words)  # with any punctuation around it: a little wider than it is
        if width < first_line_end - left - 1:
            unneeded.append(" | ".join(word for *_, word in words))
    assert not unneeded, f"addresses broken that fit on their line: {unneeded}"
    assert len(shown_addresses(typst_pdf, {"erainstitute.org/2020/09/30/"})) >= 2, "the archive's address, shown"


def test_each_oped_paragraph_on_one_page(typst_pdf, oped):
    """Each of the op-ed's ¶1–¶10, set as a block with its rule, is kept on one page (the web's print stylesheet
    asks so: a reviewer found ¶4 over pp. 8–9, ¶7 over pp. 9–10); test_pdf.py checks no page is left blank."""
    pages = [letters(re.sub(r"¶\d+", "", page)) for page in pdf_body_pages(typst_pdf, TYPST_STRIPS)]
    split = [n for n, paragraph in enumerate(oped.body, 1) if not any(letters(paragraph) in page for page in pages)]
    assert not split, f"paragraphs split over two pages: {', '.join(f'¶{n}' for n in split)}"
