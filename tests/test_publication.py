"""Outputs a publisher would release, checked with validators nobody on the project wrote.

- EPUB: EPUBCheck (Debian's ``epubcheck``) and DAISY Ace (``@daisy/ace`` from npm, its puppeteer
  runner on Debian's Chromium) report nothing at all; the package says what the book is.
- HTML: the Nu HTML Checker (``vnu-jar`` from npm, on Debian's Java) reports no error on any page.
- PDF: every link annotation and every bookmark resolves to the right page, /Lang and an XMP stream
  are there, the viewer shows the title, no heading ends a page, no diagram label under 6.5 pt.

A validator that is missing or does not run fails its test: nothing here is skipped.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright._impl._driver import compute_driver_executable
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream

from conftest import ROOT, chromium, oped_source, pages, pdf_body_pages, pdf_pages, soup

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck (its /usr/bin link needs binfmt support)
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def java() -> str:
    found = shutil.which("java")
    assert found, "no Java: run `make` (Debian's default-jre-headless)"
    return found


# -- EPUB ------------------------------------------------------------------------------------------


@pytest.mark.release
def test_epubcheck_reports_nothing(epub, tmp_path):
    assert EPUBCHECK.exists(), "EPUBCheck missing: run `make` (Debian's epubcheck)"
    report = tmp_path / "epubcheck.json"
    run = subprocess.run([java(), "-jar", str(EPUBCHECK), str(epub), "--json", str(report)],
                         capture_output=True, text=True, timeout=600)
    assert report.exists(), run.stdout + run.stderr
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    found = [f"{m['severity']} {m['ID']}: {m['message']} ({[loc.get('path') for loc in m.get('locations', [])][:3]})"
             for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert not found, "\n".join(found)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.release
def test_ace_reports_no_violation(epub, tmp_path):
    assert ACE.exists(), "DAISY Ace missing: run `make` (npm ci)"
    out = tmp_path / "ace"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium()}  # the one browser finder (book.py)
    # Ace wants Node 20 or later; Debian 12 has 18. The pinned Playwright package brings its own Node: the same
    # Node for Ace on every machine, whatever the system has.
    node = compute_driver_executable()[0]
    run = subprocess.run([node, str(ACE.resolve()), "--silent", "--force", "--outdir", str(out), str(epub)],
                         capture_output=True, text=True, timeout=600, env=env)
    report = out / "report.json"
    assert report.exists(), run.stdout + run.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    violations = [f"{a['earl:testSubject']['url']}: {t['earl:test']['earl:impact']} {t['earl:test']['dct:title']}"
                  for a in data["assertions"] for t in a["assertions"]]
    assert not violations, "\n".join(violations)
    assert data["earl:result"]["earl:outcome"] == "pass"
    # Ace read the metadata it asks for (it reports each missing one as a violation, checked above)
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary", "schema:accessModeSufficient"} <= set(data["earl:testSubject"]["metadata"])


def read_package(epub: Path) -> tuple[ElementTree.Element, dict[str, bytes]]:
    with zipfile.ZipFile(epub) as z:
        return ElementTree.fromstring(z.read("content.opf")), {n: z.read(n) for n in z.namelist()}


def test_epub_identity_is_real_and_stable(epub):
    opf, _ = read_package(epub)
    meta = opf.find("opf:metadata", OPF)
    identifier = meta.find("dc:identifier", OPF)
    assert identifier.get("id") == opf.get("unique-identifier")
    # a UUID derived from the book (author and title), so the same every build
    book = oped_source.load(ROOT / "docs" / "_data" / "op-ed.txt")
    expected = uuid.uuid5(uuid.NAMESPACE_URL, f"briefing-book:{book.author}:{book.title}")
    assert identifier.text == f"urn:uuid:{expected}"
    for field in ("description", "contributor", "title", "creator", "publisher", "language"):
        value = meta.find(f"dc:{field}", OPF)
        assert value is not None and value.text and value.text.strip() != "unknown", field
    # what the book says of its accessibility is there, and no conformance it has not checked
    properties = {m.get("property"): m.text for m in meta.iterfind("opf:meta", OPF)}
    assert properties["schema:accessibilityHazard"] == "none"
    assert "dcterms:conformsTo" not in properties
    features = {m.text for m in meta.iterfind("opf:meta[@property='schema:accessibilityFeature']", OPF)}
    assert {"alternativeText", "longDescription", "tableOfContents", "structuralNavigation"} <= features


def test_every_epub_document_declares_its_language_and_links_only_inside_the_book(epub):
    opf, files = read_package(epub)
    documents = [name for name in files if name.endswith(".xhtml")]
    assert len(documents) > 10
    for name in documents:
        root = ElementTree.fromstring(files[name])
        assert root.get("lang") == "en" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en", name
        hrefs = re.findall(r'href="([^"]*)"', files[name].decode("utf-8"))
        assert not [h for h in hrefs if "briefing.pdf" in h], f"{name} links to a PDF the EPUB does not carry"
    nav = files["nav.xhtml"].decode("utf-8")
    assert len(re.findall(r"<a href=", nav)) >= len(documents) - 3, "the table of contents leaves pages out"


# -- HTML ------------------------------------------------------------------------------------------


@pytest.mark.release
def test_nu_html_checker_finds_no_error_on_any_page(book):
    assert VNU.exists(), "Nu HTML Checker missing: run `make` (npm ci)"
    names = [str(p) for p in pages(book.html)]
    assert len(names) > 10
    run = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "json", *names],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    found = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert not found, "\n".join(found[:30])
    assert run.returncode == 0, run.stderr[-2000:]


# -- PDF -------------------------------------------------------------------------------------------


def outline(reader: PdfReader) -> list:
    found = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else found.append(item)

    walk(reader.outline)
    return found


def test_every_pdf_link_resolves(pdf):
    reader = PdfReader(pdf)
    names = reader.named_destinations
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
            if isinstance(dest, ArrayObject):
                assert dest[0].get_object() in [p.get_object() for p in reader.pages], dest
            elif str(dest) not in names:
                broken.append((number, str(dest)))
    assert links > 100
    assert not broken, f"links to destinations that do not exist: {broken}"


def test_every_bookmark_opens_the_page_its_heading_is_on(pdf):
    reader = PdfReader(pdf)
    bookmarks = outline(reader)
    assert len(bookmarks) >= 15
    for bookmark in bookmarks:
        number = reader.get_destination_page_number(bookmark) + 1
        title = re.sub(r"\s+", " ", bookmark.title).strip()
        body = re.sub(r"\s+", " ", pdf_body_pages(pdf)[number - 1])  # without the running header
        assert title in body, f"bookmark {title!r} opens page {number}, which does not show that heading"


def test_no_heading_is_the_last_line_of_its_page(pdf):
    reader = PdfReader(pdf)
    bodies = pdf_body_pages(pdf)
    for bookmark in outline(reader):
        number = reader.get_destination_page_number(bookmark) + 1
        lines = [line.strip() for line in bodies[number - 1].splitlines() if line.strip()]
        last = re.sub(r"^\d+(\.\d+)*\s+", "", lines[-1])
        assert last != bookmark.title.strip(), f"heading {bookmark.title!r} stranded at the foot of page {number}"


def test_pdf_declares_language_metadata_and_shows_its_title(pdf):
    reader = PdfReader(pdf)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    info = reader.metadata
    book = oped_source.load(ROOT / "docs" / "_data" / "op-ed.txt")
    assert info.title == book.title and info.author == f"the editors (briefing book); {book.author} (op-ed)"
    assert info.subject and info["/Keywords"]
    xmp = ElementTree.fromstring(catalog["/Metadata"].get_object().get_data())  # well-formed XML
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    dc = "{http://purl.org/dc/elements/1.1/}"
    description = xmp.find(f"{rdf}RDF/{rdf}Description")
    assert description.find(f"{dc}title//{rdf}li").text == book.title
    assert [li.text for li in description.findall(f"{dc}creator//{rdf}li")] == ["the editors (briefing book)",
                                                                              f"{book.author} (op-ed)"]
    assert description.find(f"{dc}description//{rdf}li").text == info.subject
    assert description.find(f"{dc}language//{rdf}li").text == "en"
    assert [li.text for li in description.findall(f"{dc}subject//{rdf}li")]
    assert description.find("{http://ns.adobe.com/pdf/1.3/}Keywords").text == info["/Keywords"]


def multiply(a: list[float], b: list[float]) -> list[float]:
    """The product a·b of two PDF matrices [a b c d e f]."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def form_text_sizes(reader: PdfReader, resources, content, ctm: list[float], in_form: bool) -> list[float]:
    """The size (pt, on the page) of every piece of text drawn inside a form XObject — the diagrams."""
    sizes, stack, font_size, text_matrix = [], [], 0.0, [1, 0, 0, 1, 0, 0]
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = multiply([float(x) for x in operands], ctm)
        elif operator == b"Tf":
            font_size = float(operands[1])
        elif operator == b"BT":
            text_matrix = [1, 0, 0, 1, 0, 0]
        elif operator == b"Tm":
            text_matrix = [float(x) for x in operands]
        elif operator in (b"Tj", b"TJ", b"'", b'"') and in_form:
            m = multiply(text_matrix, ctm)
            sizes.append(font_size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])))
        elif operator == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                matrix = [float(x) for x in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                sizes += form_text_sizes(reader, xobject.get("/Resources", resources), xobject,
                                         multiply(matrix, ctm), True)
    return sizes


def test_no_diagram_label_prints_under_6_5_pt(pdf, book):
    reader = PdfReader(pdf)
    diagrams = []
    for number, page in enumerate(reader.pages, 1):
        sizes = form_text_sizes(reader, page["/Resources"], page.get_contents(), [1, 0, 0, 1, 0, 0], False)
        if sizes:
            diagrams.append((number, min(sizes)))
    assert len(diagrams) >= 4, diagrams
    small = [(number, round(size, 2)) for number, size in diagrams if size < 6.5]
    assert not small, f"diagram labels under 6.5 pt (page, pt): {small}"


@pytest.fixture(scope="module", autouse=True)
def validators_present():
    """Every validator must be here: a missing one fails, never skips."""
    missing = [str(p) for p in (EPUBCHECK, VNU, ACE) if not p.exists()]
    assert not missing, f"validators missing (run `make`): {missing}"


def test_every_output_names_the_editors_as_the_books_authors_and_kirillova_as_the_op_eds(book, pdf, epub):
    """The apparatus is the editors' (``briefing_editors``); the op-ed is its author's: PDF Author and XMP, the
    EPUB's creator and contributor, the title page, every HTML page's footer, and both citations."""
    author = oped_source.load(ROOT / "docs" / "_data" / "op-ed.txt").author
    credit = f"Briefing book by the editors; op-ed by {author}"
    assert PdfReader(pdf).metadata.author == f"the editors (briefing book); {author} (op-ed)"
    opf, _ = read_package(epub)
    meta = opf.find("opf:metadata", OPF)
    assert [c.text for c in meta.findall("dc:creator", OPF)] == ["the editors"]
    assert meta.find("dc:contributor", OPF).text == f"{author} (author of the op-ed)"
    first = " ".join(pdf_pages(pdf)[0].split())
    assert "Briefing book by the editors" in first and f"Op-ed by {author}" in first
    for page in pages(book.html):
        footer = " ".join(soup(page).select_one(".component-author").get_text(" ").split())
        assert credit in footer and f"By {author}" not in footer, (page.name, footer)
    cite = " ".join(soup(book.html / "index.html").get_text(" ").split())
    assert f"{credit}." in cite and "author = {{the editors}}" in cite
