"""What a screen reader gets from a tagged PDF: its structure tree, each element with its role, its text and its
alternative text, read as an assistive technology reads it (pikepdf walks ``/StructTreeRoot``; pypdf gives the
text of each marked-content sequence, which the elements point to by page and ``/MCID``)."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pypdf import PdfReader


@dataclass
class Element:
    role: str                 # "H1", "P", "Figure", "TH", … (the standard structure type)
    alt: str | None
    parts: list = field(default_factory=list)  # its text pieces and child elements, in order
    annotations: int = 0      # the annotations it owns (a Link's link annotation)

    @property
    def text(self) -> str:
        return " ".join("".join(p if isinstance(p, str) else f" {p.text} " for p in self.parts).split())

    def walk(self):
        yield self
        for part in self.parts:
            if isinstance(part, Element):
                yield from part.walk()


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """{(page index, MCID): the text shown inside that marked-content sequence}."""
    texts: dict[tuple[int, int], str] = defaultdict(str)
    for index, page in enumerate(PdfReader(path).pages):
        stack: list[int | None] = []

        def before(operator, operands, cm, tm, stack=stack):
            if operator == b"BDC":
                properties = operands[1] if len(operands) > 1 else {}
                stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def shown(text, cm, tm, font, size, stack=stack, index=index):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None:
                texts[(index, int(mcid))] += text

        page.extract_text(visitor_operand_before=before, visitor_text=shown)
    return dict(texts)


@functools.lru_cache(maxsize=4)
def structure(path: Path, stamp: tuple[int, int] | None = None) -> Element:
    """The document's structure tree (``stamp``: the file's mtime and size, so that a rebuilt PDF is read again)."""
    texts = marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def element(node: pikepdf.Dictionary, page: int | None) -> Element:
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            made = Element(str(node.S).lstrip("/"), str(node.Alt) if "/Alt" in node else None)
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
                    made.parts.append(texts.get((page, int(kid)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    made.parts.append(texts.get((pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page, int(kid.MCID)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    made.annotations += 1
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    made.parts.append(element(kid, page))
            return made

        root = pdf.Root.StructTreeRoot
        return element(pikepdf.Dictionary(S=pikepdf.Name("/StructTreeRoot"), K=root.K), None)


def tagged(path: Path) -> Element:
    status = path.stat()
    return structure(path, (status.st_mtime_ns, status.st_size))
