"""Outputs a publisher would release, checked with validators nobody on the project wrote.

- EPUB: EPUBCheck (Debian's ``epubcheck``) and DAISY Ace (``@daisy/ace`` from npm, its puppeteer
  runner on Debian's Chromium) report nothing at all; the package says what the book is.
- HTML: the Nu HTML Checker (``vnu-jar`` from npm, on Debian's Java) reports no error on any page.
- PDF: every link annotation and every bookmark resolves to the right page, /Lang and an XMP stream
  are there, the viewer shows the title, no heading ends a page, no diagram label under 7 pt.

A validator that is missing or does not run fails its test: nothing here is skipped.
"""

from __future__ import annotations

import json
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

from conftest import ROOT, chromium, oped_source, pages, pdf_pages, soup

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


@pytest.fixture(scope="module", autouse=True)
def validators_present():
    """Every validator must be here: a missing one fails, never skips."""
    missing = [str(p) for p in (EPUBCHECK, VNU, ACE) if not p.exists()]
    assert not missing, f"validators missing (run `make`): {missing}"


def test_every_output_names_the_editors_as_the_books_authors_and_kirillova_as_the_op_eds(book, printed, epub):
    """The apparatus is the editors' (``briefing_editors``); the op-ed is its author's: PDF Author (both PDFs), the
    EPUB's creator and contributor, the title page, every HTML page's footer, and both citations."""
    author = oped_source.load(ROOT / "docs" / "_data" / "op-ed.txt").author
    credit = f"Briefing book by the editors; op-ed by {author}"
    assert PdfReader(printed.path).metadata.author == f"the editors (briefing book); {author} (op-ed)"
    opf, _ = read_package(epub)
    meta = opf.find("opf:metadata", OPF)
    assert [c.text for c in meta.findall("dc:creator", OPF)] == ["the editors"]
    assert meta.find("dc:contributor", OPF).text == f"{author} (author of the op-ed)"
    first = " ".join(pdf_pages(printed)[0].split())
    assert "Briefing book by the editors" in first and f"Op-ed by {author}" in first
    for page in pages(book.html):
        footer = " ".join(soup(page).select_one(".component-author").get_text(" ").split())
        assert credit in footer and f"By {author}" not in footer, (page.name, footer)
    cite = " ".join(soup(book.html / "index.html").get_text(" ").split())
    assert f"{credit}." in cite and "author = {{the editors}}" in cite
