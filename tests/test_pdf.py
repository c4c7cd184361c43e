"""The printed briefing, both PDFs side by side (issue 20, point 3): every check of what a reader of the PDF gets
runs on the LaTeX PDF (`make`) and on the Typst PDF (`make typstpdf`), through conftest's ``printed`` fixture.

The op-ed's ¶1–¶10 verbatim, once, in order; the title page, contents, metadata, language and XMP; every link and
bookmark resolving to the page its heading is on, every link drawn in colour; the registry's anchors as named
destinations opening on their pages; the index's pages; running heads naming the part the page is in, page numbers;
no blank page, no heading or box title stranded at a page's foot (nor a heading with only a box title), no box begun
in a page's last two lines nor an editor's note's last line alone at a page's top, no one-line widow or orphan in the
op-ed's paragraphs; no text under 7 pt (diagram labels included), diagrams as vector text, each text version on its
figure's page or the next; A4, fonts embedded.
What only a tagged PDF has (the structure tree a screen reader walks, PDF/UA) is in ``test_typst_pdf.py``.
"""

from __future__ import annotations

import math
import re
import subprocess
from xml.etree import ElementTree

import pikepdf
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream

from conftest import normalise, pages, pdf_body_pages, pdf_body_text, pdf_pages, published_anchors, soup


def letters(text: str) -> str:
    """Text without white space and hyphens: a word broken at a line's end ("Be-" / "larusian") compares equal."""
    return re.sub(r"[\s\-\u00ad]+", "", normalise(text))


def outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    """Every bookmark: (title, its page's index, its level from 1)."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((re.sub(r"\s+", " ", item.title).strip(), reader.get_destination_page_number(item), level))

    walk(reader.outline, 1)
    return found


# -- the op-ed's words and the front matter ----------------------------------------------------------------


def test_every_body_paragraph_once_in_order(printed, oped):
    text = pdf_body_text(printed)
    positions = []
    for n, paragraph in enumerate(oped.body, 1):
        assert text.count(paragraph) == 1, f"{printed.kind}: ¶{n} appears {text.count(paragraph)} times"
        positions.append(text.index(paragraph))
    assert positions == sorted(positions)
    assert "Share on" not in text and "Share this post" not in text


def test_front_matter(printed, oped):
    text = pdf_body_text(printed)
    for part in (oped.title, oped.byline, oped.bio, oped.statement, "BRIEFING BOOK", "Op-ed date: 30 September 2020",
                 "Reading time", "At a glance", "About this briefing", "ERA Institute"):
        assert normalise(part) in text, part


def test_title_page_and_contents(printed, oped):
    first = normalise(pdf_pages(printed)[0])
    for part in ("BRIEFING BOOK", oped.title, "Briefing book by the editors", f"Op-ed by {oped.author}", "Source:",
                 "Op-ed date: 30 September 2020", "Single-source product",
                 "everything else is the editors’: the key judgments, at a glance, open questions"):
        assert part in first, (printed.kind, part)
    assert any(re.search(r"^\s*Contents\s*$", page, re.M) for page in pdf_body_pages(printed)[1:3])
    # no invisible characters beside the page numbers: copied or read aloud, they come along (review FC: U+2060)
    contents = "".join(pdf_body_pages(printed)[1:3])
    assert not re.search("[\u200b-\u200f\u2060-\u2064\ufeff]", contents), (printed.kind, "an invisible character")


def test_citation(printed, oped):
    body = pdf_body_text(printed)
    assert "How to cite" in body and body.count("@misc") == 2 and oped.title in body


# -- metadata -------------------------------------------------------------------------------------------------


def test_metadata_language_and_title_shown(printed, oped):
    reader = PdfReader(printed.path)
    info = reader.metadata
    assert info.title == f"{oped.title} A Briefing Book" and info.author == f"the editors (briefing book); {oped.author} (op-ed)"
    assert "30 September 2020" in info.subject and info["/Keywords"]
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True, "the viewer shows the title, not the file name"
    xmp = ElementTree.fromstring(catalog["/Metadata"].get_object().get_data())  # well-formed XML
    rdf, dc = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}", "{http://purl.org/dc/elements/1.1/}"
    description = xmp.find(f"{rdf}RDF/{rdf}Description")
    assert description.find(f"{dc}title//{rdf}li").text == info.title
    assert [li.text for li in description.findall(f"{dc}creator//{rdf}li")] == ["the editors (briefing book)",
                                                                              f"{oped.author} (op-ed)"]
    assert description.find(f"{dc}description//{rdf}li").text == info.subject
    assert description.find(f"{dc}language//{rdf}li").text == "en"
    assert [li.text for li in description.findall(f"{dc}subject//{rdf}li")] == info["/Keywords"].split(", ")
    assert description.find("{http://ns.adobe.com/pdf/1.3/}Keywords").text == info["/Keywords"]


def test_both_pdfs_describe_the_book_alike(pdf, typst_pdf):
    latex, typst = PdfReader(pdf).metadata, PdfReader(typst_pdf).metadata
    for key in ("/Title", "/Author", "/Subject", "/Keywords"):
        assert latex[key] == typst[key], key


def test_a4_and_fonts_embedded(printed):
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    fonts = subprocess.run(["pdffonts", str(printed)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r" yes +yes +yes +\d+ +\d+$", f) for f in fonts), fonts  # embedded, subset, Unicode


# -- links, bookmarks, named destinations ----------------------------------------------------------------


def test_every_link_resolves(printed):
    reader = PdfReader(printed.path)
    names = reader.named_destinations
    page_objects = [p.get_object() for p in reader.pages]
    links, broken = 0, []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            links += 1
            action, dest = annotation.get("/A"), annotation.get("/Dest")
            if action is not None:
                action = action.get_object()
                if action.get("/S") == "/URI":
                    assert str(action["/URI"]).startswith(("http://", "https://", "mailto:")), action
                    continue
                assert action.get("/S") == "/GoTo", action
                dest = action.get("/D")
            dest = dest.get_object() if dest is not None else dest  # Typst's are indirect arrays
            if isinstance(dest, ArrayObject):
                assert dest[0].get_object() in page_objects, dest
            elif str(dest) not in names:
                broken.append((number, str(dest)))
    assert links > 100
    assert not broken, f"links to destinations that do not exist: {broken}"


def test_every_link_looks_like_a_link(printed, tmp_path):
    """Each link is drawn in colour, as on the web, so a reader sees what can be followed: on the rendered pages, the
    ink under every link (each line of it: its /QuadPoints where it has them) is blue, not the text's black.  A
    link's piece that lies in the running header's or footer's strip is left out (hyperref's link broken over a
    page puts one there, over nothing a reader takes for a link)."""
    reader = PdfReader(printed.path)
    subprocess.run(["pdftoppm", "-r", "96", "-png", str(printed), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(reader.pages)
    top, bottom = printed.strips
    seen, plain = 0, []
    for number, (page, png) in enumerate(zip(reader.pages, images), 1):
        links = [a.get_object() for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link"]
        if not links:
            continue
        image, height = Image.open(png).convert("RGB"), float(page.mediabox.height)
        scale = image.height / height
        for link in links:
            points = [float(v) for v in link.get("/QuadPoints") or [*link["/Rect"], *link["/Rect"]]]
            ink = []
            for quad in (points[i:i + 8] for i in range(0, len(points), 8)):
                xs, ys = quad[0::2], quad[1::2]
                if min(ys) >= height - top or max(ys) <= bottom:
                    continue
                box = (int(min(xs) * scale), int((height - max(ys)) * scale), int(max(xs) * scale) + 1, int((height - min(ys)) * scale) + 1)
                ink += [pixel for pixel in image.crop(box).get_flattened_data() if sum(pixel) < 450]
            if not ink:
                continue
            seen += 1
            if sum(1 for r, _, b in ink if b - r >= 25) < 0.1 * len(ink):
                plain.append((number, [round(float(v)) for v in link["/Rect"]]))
    assert seen > 100
    assert not plain, f"{printed.kind}: links drawn like the text around them (page, rect): {plain[:10]}"


def test_bookmarks_cover_every_section(printed):
    titles = [title for title, _, _ in outline(PdfReader(printed.path))]
    assert len(titles) >= 15
    for expected in ("The Sochi meeting", "Wagner affair", "People", "Index"):
        assert any(expected in t for t in titles), (expected, titles)
    # no section is numbered, as in the HTML: a number beside the op-ed's ¶ numbers misled readers ("4" holding ¶3)
    assert not [t for t in titles if re.match(r"\d+(\.\d+)*\s", t)], titles


def test_every_bookmark_opens_the_page_its_heading_is_on(printed):
    body = pdf_body_pages(printed)
    for title, page, _ in outline(PdfReader(printed.path)):
        shown = re.sub(r"\s+", " ", body[page])
        assert normalise(title) in shown, f"bookmark {title!r} opens page {page + 1}, which does not show that heading"


def test_every_registry_anchor_is_a_named_destination(printed):
    destinations = PdfReader(printed.path).named_destinations
    assert not [anchor for anchor in published_anchors() if anchor not in destinations]


def test_paragraph_destinations_open_on_the_right_page(printed):
    reader = PdfReader(printed.path)
    for n in range(1, 11):
        page = reader.get_destination_page_number(reader.named_destinations[f"p{n}"])
        assert f"¶{n}" in " ".join(reader.pages[page].extract_text().split()), f"briefing.pdf#p{n} opens on page {page + 1}"


def test_figure_destinations_open_on_the_figures_page(book, printed):
    reader = PdfReader(printed.path)
    captions = {figure["id"]: re.match(r"Figure \d+", figure.select_one("figcaption").get_text(" ", strip=True)).group(0)
                for page in pages(book.html) for figure in soup(page).select("figure[id^=fig-]")}  # "fig-x": "Figure 3"
    assert len(captions) >= 5
    for anchor, number in captions.items():
        page = reader.get_destination_page_number(reader.named_destinations[anchor])
        assert f"{number}:" in reader.pages[page].extract_text(), f"briefing.pdf#{anchor} opens on page {page + 1}, not on {number}"


def test_each_html_page_offers_its_section_in_the_pdf(book, printed):
    destinations = PdfReader(printed.path).named_destinations
    for page in pages(book.html):
        doc = soup(page)
        section = doc.select_one("main section[id]")
        if section is None:  # genindex, search
            continue
        link = doc.select_one("p.pdf-section-link a")
        assert link is not None, page.name
        target, _, anchor = link["href"].partition("#")
        assert (page.parent / target).resolve() == (book.html / "briefing.pdf").resolve()
        if page == book.html / "index.html":  # the home page: the whole book, from its title page
            assert not anchor and link.get_text(strip=True) == "Open the book as a PDF"
            continue
        assert anchor == section["id"] and anchor in destinations


# -- the index ------------------------------------------------------------------------------------------------


PAGES = r",? ((?:\d+(?:–\d+)?(?:, )?)+)"  # an index entry's pages: "3, 7–10, 23" (LaTeX's makeindex gives ranges)


def page_numbers(pages: str) -> list[int]:
    numbers = []
    for first, last in re.findall(r"(\d+)(?:–(\d+))?", pages):
        numbers += list(range(int(first), int(last or first) + 1))
    return numbers


def test_index_gives_right_pages_for_every_actor(printed, actors):
    """Every actor with the pages of its glossary entry and of every mention, each page once, in order, each
    page mentioning it; people under their surname ("Goble, Paul")."""
    body, reader = pdf_body_pages(printed), PdfReader(printed.path)
    start = max(i for i, text in enumerate(body) if re.search(r"^\s*Index\s*$", text, re.M))
    index = normalise(" ".join(body[start:]))
    texts: dict[int, str] = {}  # each page's text (in the order it was set: a table cell's words together), read once
    for entries in actors.values():
        for entry in entries:
            given, _, surname = entry["name"].rpartition(" ")
            headings = [entry["name"], *([f"{surname}, {given}"] if given else [])]
            found = next(filter(None, (re.search(re.escape(h) + PAGES, index) for h in headings)), None)
            assert found, entry["name"]
            spellings = [entry["name"], *entry.get("variants", [])]
            numbers = page_numbers(found.group(1))
            assert numbers == sorted(set(numbers)), f"index: {entry['name']}: pages {numbers}"
            for number in numbers:
                page = texts.get(number) or texts.setdefault(number, letters(reader.pages[number - 1].extract_text()))
                assert any(letters(s) in page for s in spellings), f"index: {entry['name']} on page {number}, which does not mention it"
    most = max(len(page_numbers(m.group(1))) for m in re.finditer(PAGES, index))
    assert most >= 6, "every mention's page, not only the glossary entry's"
    listed = [m.group(1) for m in re.finditer(PAGES, index)]
    assert any("–" in pages for pages in listed), "three or more pages in a row as a range"
    for pages in listed:
        for a, b, c in re.findall(r"(?=(?<![\d–])(\d+), (\d+), (\d+)(?![\d–]))", pages):
            assert not int(a) + 2 == int(b) + 1 == int(c), f"{printed.kind} index: {a}, {b}, {c} for {a}–{c} in {pages!r}"


# -- laid out for paper ---------------------------------------------------------------------------------------


def test_no_blank_pages(printed):
    for n, text in enumerate(pdf_body_pages(printed), 1):
        assert len(text.split()) >= 20, f"page {n} is (nearly) blank: {text.split()}"


def strip_text(printed, n: int, top: float, height: float, width: float = 600) -> list[str]:
    """The lines of page ``n`` between ``top`` and ``top + height`` pt (a header or footer strip), read by position."""
    text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-x", "0", "-y", str(int(top)), "-W", str(int(width)),
                           "-H", str(int(height)), "-enc", "UTF-8", str(printed), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def opens(body: str, title: str) -> bool:
    """Whether a page's text (without its header) begins with the heading ``title`` (over two lines, if it wraps)."""
    lines = [line for line in body.splitlines() if line.strip()][:3]
    return letters(normalise(" ".join(lines))).startswith(letters(normalise(title)))


def test_running_heads_name_the_part_and_footers_the_page(printed, oped):
    """After the title page: the book's title and the part the page is in, as books have it: the section in force
    at the top of the page (the last one begun on an earlier page, or the one whose heading opens this page), never
    one that only starts lower on it; the contents on their pages, and no part over the book's opening after them
    (the home page's lead, before its first section).  Then the page number.  Expected from the PDF itself: its
    level-1 bookmarks (the parts), their pages, and each page's first lines."""
    reader = PdfReader(printed.path)
    body = pdf_body_pages(printed)
    parts = [(title, page) for title, page, level in outline(reader) if level == 1]
    assert len(parts) >= 15 and opens(body[1], "Contents")
    last_title, last_page = parts[-1]  # the contents' last entry ("Index  42"): where the contents end
    end = next(n for n, text in enumerate(body) if n > 0 and re.search(
        rf"{re.escape(normalise(last_title))}[\s.]*{last_page + 1}\b", normalise(text)))
    starts = [("Contents", 1), ("", end + 1), *parts]  # (part, the page it starts on), in the book's order
    top, bottom = printed.strips
    wrong = []
    for n, page in enumerate(reader.pages[1:], 2):
        height = float(page.mediabox.height)
        width = float(page.mediabox.width)
        header, footer = strip_text(printed, n, 0, top, width), strip_text(printed, n, height - bottom, bottom, width)
        expected = [title for title, start in starts if start < n - 1 or (start == n - 1 and opens(body[n - 1], title))][-1]
        if not header:  # the LaTeX index opens plain: its title sits lower
            assert strip_text(printed, n, 0, 120)[:1] == ["Index"] == [expected], f"{printed.kind} page {n}: no running head"
        else:
            assert header[0] == oped.title, f"{printed.kind} page {n}: header {header}"
            part = normalise(" ".join(header[1:]))
            if part != normalise(expected):
                wrong.append((n, part, normalise(expected)))
        assert footer and footer[-1] == str(n), f"{printed.kind} page {n}: footer {footer[-1:]}, not the page number"
    assert not wrong, f"{printed.kind}: running heads (page, head, the part in force at the page's top): {wrong}"


def titles_of_boxes(book) -> set[str]:
    """The titles of the book's boxes, as the HTML has them (its admonition and topic titles)."""
    return {normalise(title.get_text(" ", strip=True)) for page in book.html.rglob("*.html")
            for title in soup(page).select(".admonition-title, .topic-title")}


def test_no_heading_or_box_title_is_stranded_at_a_pages_foot(printed, book):
    """No page ends with a heading, a box's title (an editor's summary, note or table's "About these tables", a
    figure's "Text version of Figure N": the HTML's admonition titles), or a heading with only a box title under
    it ("13 Who claims what" / "About these tables"): each is followed on its page by what it heads."""
    box_titles = titles_of_boxes(book)
    assert {"Editors’ summary", "About these tables", "Text version of Figure 1"} <= box_titles
    bookmarks = outline(PdfReader(printed.path))
    for number, body in enumerate(pdf_body_pages(printed), 1):
        headings = {normalise(title) for title, page, _ in bookmarks if page == number - 1}
        lines = [normalise(line.strip()) for line in body.splitlines() if line.strip()]
        foot = []
        while lines and (normalise(lines[-1]) in headings or lines[-1] in box_titles):
            foot.insert(0, lines.pop())
        assert not foot, f"{printed.kind}: {foot} stranded at the foot of page {number}"


LIST_LEADS = {"Nodes:", "Links:"}  # a figure's text version opens its lists with these (briefing/figures.py)


def test_a_lists_lead_in_is_never_the_last_line_of_a_page(printed, book):
    """A short paragraph just above a list heads it (a text version's "In the box Paul Goble: …"): it is not
    left alone at a page's foot, its list on the next page (review AS found one)."""
    leads = {normalise(p.get_text(" ", strip=True)) for page in book.html.rglob("*.html") for p in soup(page).select("p")
             if p.find_next_sibling() is not None and p.find_next_sibling().name in ("ul", "ol")
             and len(p.get_text(strip=True)) <= 120}
    assert any(lead.startswith("In the box ") for lead in leads), leads  # a text version's box, its items after it
    stranded = []
    for number, body in enumerate(pdf_body_pages(printed), 1):
        lines = [normalise(line.strip()) for line in body.splitlines() if line.strip()]
        stranded += [(number, lines[-1])] if lines and lines[-1] in leads else []
    assert not stranded, f"{printed.kind}: a list's lead-in alone at a page's foot (page, line): {stranded}"


def test_no_box_starts_in_a_pages_last_two_lines_nor_ends_alone_at_a_pages_top(printed, book):
    """A box does not begin at a page's foot with a line or less of what it holds: no box title (the HTML's
    admonition titles: an editor's summary, an editor's note, "Text version of Figure N", …) and no text
    version's "Nodes:" or "Links:" among a page's last two lines; nor does an editor's note end alone at the top of
    the next page (its last line, "Linked from: …", opening a page).  The page scan reviewers ran by hand, each time."""
    box_titles = titles_of_boxes(book)
    assert {"Editors’ summary", "Text version of Figure 1"} <= box_titles
    assert any(title.startswith("Editors’ note 1: ") for title in box_titles)

    def opens_a_box(line: str) -> bool:  # a box title, or its first line if it wraps
        return line in LIST_LEADS or any(line == title or (len(line.split()) >= 3 and title.startswith(line))
                                         for title in box_titles)

    starts, ends, leads = [], [], 0
    for number, body in enumerate(pdf_body_pages(printed), 1):
        lines = [normalise(line.strip()) for line in body.splitlines() if line.strip()]
        leads += sum(line in LIST_LEADS for line in lines)
        starts += [(number, line) for line in lines[-2:] if opens_a_box(line)]
        ends += [(number, lines[0])] if lines and lines[0].startswith("Linked from") else []
    assert leads >= 10, f"{printed.kind}: the text versions' lists are not found ({leads} lead-ins)"
    assert not starts, f"{printed.kind}: a box begins in a page's last two lines (page, line): {starts}"
    assert not ends, f"{printed.kind}: an editor's note's last line alone at a page's top (page, line): {ends}"


def test_no_one_line_widow_or_orphan_in_the_opeds_paragraphs(printed, oped):
    """A paragraph of the op-ed broken over two pages leaves two lines or more on each."""
    paragraphs = [letters(p) for p in oped.body]
    pages_lines = [[re.sub(r"¶\d+", "", line) for line in text.splitlines() if line.strip()]
                   for text in pdf_body_pages(printed)]
    breaks = 0
    for n, (lines, following) in enumerate(zip(pages_lines, pages_lines[1:]), 1):
        if not lines or not following:
            continue
        across = letters(lines[-1]) + letters(following[0])
        paragraph = next((p for p in paragraphs if across in p), None)
        if paragraph is None:
            continue
        breaks += 1
        before = max(k for k in range(1, len(lines) + 1) if letters("".join(lines[-k:])) in paragraph)
        after = max(k for k in range(1, len(following) + 1) if letters("".join(following[:k])) in paragraph)
        assert before >= 2 and after >= 2, f"{printed.kind}: a paragraph broken after page {n}: {before} line(s) " \
                                           f"there, {after} on page {n + 1}"


def text_sizes(reader: PdfReader, resources, content, ctm: list[float], found: list[float], figures_only: bool = False,
               inside: bool = False) -> None:
    """The size (pt, on the page) of every piece of text drawn, in the page and in its form XObjects; with
    ``figures_only``, only the text inside a figure's marked content (a tagged PDF's image with its alternative
    text, ``/Alt``: a diagram's labels, not its caption nor the running head)."""
    font_size, text_matrix = 0.0, [1, 0, 0, 1, 0, 0]
    marked: list[bool] = []  # for each marked-content sequence open: is it (or one around it) a figure's
    for operands, operator, ctm in with_ctm(ContentStream(content, reader).operations, ctm):
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" and len(operands) > 1 else None
            marked.append(inside or any(marked) or (hasattr(properties, "get") and "/Alt" in properties))
        elif operator == b"EMC" and marked:
            marked.pop()
        elif operator == b"Tf":
            font_size = float(operands[1])
        elif operator == b"BT":
            text_matrix = [1, 0, 0, 1, 0, 0]
        elif operator == b"Tm":
            text_matrix = [float(x) for x in operands]
        elif operator in (b"Td", b"TD"):
            text_matrix = multiply([1, 0, 0, 1, float(operands[0]), float(operands[1])], text_matrix)
        elif operator in (b"Tj", b"TJ", b"'", b'"') and (not figures_only or inside or any(marked)):
            m = multiply(text_matrix, ctm)
            found.append(font_size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])))
        elif operator == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                matrix = [float(x) for x in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                text_sizes(reader, xobject.get("/Resources", resources), xobject, multiply(matrix, ctm), found,
                           figures_only, inside or any(marked))


def with_ctm(operations, ctm: list[float]):
    """Each operation of a content stream with the transformation matrix in force after it (``q``, ``Q``, ``cm``)."""
    stack = []
    for operands, operator in operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = multiply([float(x) for x in operands], ctm)
        yield operands, operator, ctm


def multiply(a: list[float], b: list[float]) -> list[float]:
    """The product a·b of two PDF matrices [a b c d e f]."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def test_no_text_prints_under_7_pt_diagram_labels_included(printed):
    reader = PdfReader(printed.path)
    small = []
    for number, page in enumerate(reader.pages, 1):
        sizes: list[float] = []
        text_sizes(reader, page["/Resources"], page.get_contents(), [1, 0, 0, 1, 0, 0], sizes)
        small += [(number, round(min(sizes), 2))] if sizes and min(sizes) < 7.0 - 0.01 else []
    assert not small, f"{printed.kind}: text under 7 pt (page, pt): {small}"


def test_no_page_turned_sideways(printed):
    with pikepdf.open(printed.path) as pdf:
        assert all(int(page.obj.get("/Rotate", 0)) == 0 and page.mediabox[2] < page.mediabox[3] for page in pdf.pages)


def test_diagrams_are_vector_figures_with_their_labels(book, printed):
    text = pdf_body_text(printed)
    # in content-stream order each diagram label is contiguous (layout order may interleave neighbours)
    raw = normalise(subprocess.run(["pdftotext", "-raw", str(printed), "-"], capture_output=True, text=True, check=True).stdout)
    figures = [fig for page in pages(book.html) for fig in soup(page).select("figure") if fig.select_one("div.mermaid-diagram")]
    assert len(figures) >= 4
    for fig in figures:
        caption = normalise(fig.select_one("figcaption").get_text())
        assert f"Figure {caption.split()[1].rstrip(':')}:" in text, caption
        labels = [normalise(n.get_text(" ")) for n in fig.select("svg g.node, svg g.eventWrapper")]
        assert labels and all(label in raw for label in labels), (caption, [lab for lab in labels if lab not in raw])
    images = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) == 2, "diagrams must be vector, not raster images"


def test_figures_text_versions_start_on_the_figures_page_or_the_next(printed):
    body = [normalise(text) for text in pdf_body_pages(printed)]
    figure_page = {m.group(1): n for n, text in enumerate(body) for m in re.finditer(r"Figure (\d+): ", text)}
    versions = [(m.group(1), n) for n, text in enumerate(body) for m in re.finditer(r"Text version of Figure (\d+)", text)]
    assert len(figure_page) >= 4 and sorted(number for number, _ in versions) == sorted(figure_page), versions
    for number, page in versions:  # each its own figure's, which the title now names
        figure = figure_page[number]
        assert 0 <= page - figure <= 1, f"{printed.kind}: the text version of Figure {number} on page {page + 1}, " \
                                        f"the figure on page {figure + 1}"
