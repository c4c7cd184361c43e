"""Compile the Typst source to the PDF, and make every anchor a PDF named destination.

Typst writes named destinations only for labelled headings (typst/typst#1352).  The book's other anchors
(op-ed paragraphs, figures, glossary entries, editor's notes) are invisible ``metadata`` elements or
labelled figures in the text; ``template.typ``'s ``anchor-positions`` records where each one was laid
out, which :func:`positions` reads back (``typst.query``), and :func:`add_destinations` writes each as
``/XYZ`` destination of the anchor's name into the PDF's ``/Dests`` name tree (pikepdf), so
``briefing.pdf#p7`` opens at ¶7 as in the LaTeX PDF.  A heading's anchor is Typst's own destination.

Errors and warnings of the compiler are Sphinx warnings at the book's file and line that the Typst line was
written from.  The PDF is written next to its final name and moved there only when complete.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pikepdf
import typst
from sphinx.util import logging

logger = logging.getLogger(__name__)
ABOVE = 10.0  # pt above the anchored line, as Typst's own links to a position


def report(builder, source: Path, diagnostic, kind: str) -> None:
    """A Typst error or warning as a Sphinx warning at the book's file and line it comes from."""
    from .builder import locate
    message = getattr(diagnostic, "message", None) or str(diagnostic)
    detail = str(getattr(diagnostic, "diagnostic", "") or "")
    line = None
    for marker in ("┌─ ", "--> "):
        if marker in detail:
            where = detail.split(marker, 1)[1].split()[0]
            parts = where.rsplit(":", 2)
            if len(parts) == 3 and parts[1].isdigit():
                line = int(parts[1])
            break
    location = locate(source, line) if line else None
    hints = "; ".join(getattr(diagnostic, "hints", None) or [])
    logger.warning("Typst %s: %s%s", kind, message, f" (hint: {hints})" if hints else "",
                   location=location, type="typst")


def compile_pdf(builder, source: Path, pdf: Path, anchors: dict[str, str | None], timestamp: int) -> bool:
    """``source`` -> ``pdf`` as PDF/UA-1 with a named destination for every anchor; False (and warnings) if not."""
    part = pdf.with_name(pdf.name + ".part")
    start = time.perf_counter()
    options = {"root": str(source.parent), "timestamp": timestamp}
    try:
        _, warnings = typst.compile_with_warnings(str(source), output=str(part), pdf_standards=["ua-1"], **options)
    except typst.TypstError as err:
        report(builder, source, err, "error")
        part.unlink(missing_ok=True)
        return False
    for warning in warnings or ():
        report(builder, source, warning, "warning")
    try:
        found = positions(source, {"root": options["root"]})
    except typst.TypstError as err:
        report(builder, source, err, "error")
        part.unlink(missing_ok=True)
        return False
    missing = sorted(anchor for anchor, name in anchors.items() if name is None or found.get(anchor) is None)
    for anchor in missing:
        logger.warning("anchor %r is not in the Typst PDF: no named destination for it", anchor, type="typst")
    add_destinations(part, {anchor: place for anchor, place in found.items() if place is not None})
    part.replace(pdf)
    logger.info("typst: compiled in %.2f s (with %d named destinations)", time.perf_counter() - start, len(found))
    return True


def positions(source: Path, options: dict) -> dict[str, dict | None]:
    """{anchor: {"page": n, "x": pt, "y": pt}} where Typst laid each anchor out (y from the page's top)."""
    raw = typst.query(str(source), "<briefing-anchor-positions>", field="value", one=True, **options)
    found = {}
    for item in json.loads(raw) if isinstance(raw, str) else raw:
        place = item.get("position")
        found[item["name"]] = None if place is None else {
            "page": int(place["page"]), "x": points(place["x"]), "y": points(place["y"])}
    return found


def points(length: str | float) -> float:
    return float(str(length).removesuffix("pt"))


def add_destinations(pdf_path: Path, places: dict[str, dict]) -> None:
    """Add a named destination for each anchor Typst did not make itself (labelled headings it makes), and save
    the PDF with a deterministic /ID (the same book gives the same bytes)."""
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        names = pdf.Root.get("/Names")
        if names is None:
            pdf.Root.Names = names = pikepdf.Dictionary()
        if "/Dests" not in names:
            names.Dests = pikepdf.Dictionary(Names=pikepdf.Array())
        tree = pikepdf.NameTree(names.Dests)
        for anchor, place in places.items():
            if anchor in tree:
                continue
            page = pdf.pages[place["page"] - 1]
            top = float(page.mediabox[3])
            tree[anchor] = pikepdf.Array([page.obj, pikepdf.Name.XYZ, place["x"], min(top, top - place["y"] + ABOVE), 0])
        # Metadata as the LaTeX PDF gives it: the Author "the editors (briefing book); … (op-ed)" with each of
        # them its own dc:creator in the XMP (Typst writes one, and would join a list of authors with a comma,
        # which reads as one more name), and the keywords as the XMP's subjects too (Typst: pdf:Keywords only).
        creators = str(pdf.docinfo.get("/Author", "")).split("; ")
        keywords = [k.strip() for k in str(pdf.docinfo.get("/Keywords", "")).split(",") if k.strip()]
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            if len(creators) > 1:
                xmp["dc:creator"] = creators
            if keywords and not xmp.get("dc:subject"):
                xmp["dc:subject"] = keywords
        # /Suspects false is the default (ISO 32000-1, 14.7.1) and Poppler before 25.12 reports it as a syntax error
        # to every reader who opens the PDF with pdfinfo or pdftotext (typst/typst#7140): leave the default unsaid
        mark = pdf.Root.get("/MarkInfo")
        if mark is not None and "/Suspects" in mark and not bool(mark.Suspects):
            del mark.Suspects
        # object streams: the structure tree's thousands of small dictionaries compressed (888 KB -> 372 KB here)
        pdf.save(pdf_path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
