"""The two PDFs side by side (issue 20, point 4): the same places of the book rendered from each to images.

    .venv/bin/python tools/compare_pdfs.py LATEX.pdf TYPST.pdf OUTDIR [ANCHOR ...]

For each place (a named destination both PDFs have: ``p3``, ``fig-relationships``, ``sec-…``; ``title`` is page
1, ``contents`` page 2, ``index`` the index's first page) it renders the page each PDF opens at with pdftoppm
(DPI, default 70) and writes OUTDIR/NAME.png: LaTeX's page on the left, Typst's on the right.  It prints the
page numbers and each PDF's page count; it judges nothing (a person looks at the images).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

DPI = int(os.environ.get("DPI", "70"))
PLACES = ["title", "contents", "at-a-glance", "key-judgments", "p3", "p9", "fig-relationships", "fig-argument",
          "fig-timeline", "claims", "editors-notes", "index"]


def page_of(reader: PdfReader, place: str) -> int:
    """The 1-based page a place opens at."""
    if place == "title":
        return 1
    if place == "contents":
        return 2
    if place == "index":
        titles = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)]
        return next(page for title, page in titles if title.strip() == "Index") + 1
    return reader.get_destination_page_number(reader.named_destinations[place]) + 1


def render(pdf: Path, page: int, folder: Path) -> Image.Image:
    stem = folder / f"{pdf.parent.name}-{page}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf), str(stem)],
                   check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def main(latex: Path, typst: Path, out: Path, places: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    readers = {latex: PdfReader(latex), typst: PdfReader(typst)}
    print(f"pages: LaTeX {len(readers[latex].pages)}, Typst {len(readers[typst].pages)}")
    with tempfile.TemporaryDirectory() as tmp:
        for place in places:
            try:
                pages = [page_of(readers[pdf], place) for pdf in (latex, typst)]
            except KeyError:
                print(f"{place}: not a destination of both PDFs")
                continue
            images = [render(pdf, page, Path(tmp)) for pdf, page in zip((latex, typst), pages)]
            gap = 12
            width, height = sum(i.width for i in images) + gap, max(i.height for i in images)
            sheet = Image.new("RGB", (width, height), "#888888")
            sheet.paste(images[0], (0, 0))
            sheet.paste(images[1], (images[0].width + gap, 0))
            sheet.save(out / f"{place}.png")
            print(f"{place}: LaTeX p.{pages[0]}, Typst p.{pages[1]} -> {out / place}.png")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:] or PLACES)
