"""``{cite-this}``: how to cite the op-ed and this briefing, in plain text and BibTeX.

Everything comes from the configuration and the source, once: the op-ed's title and author
(``briefing_source``), its publisher and inferred date (``citation_oped`` in conf.py), the book's
title, editors and version (``project``, ``briefing_editors``, ``release``) and the edition's
date, which is the last commit's (``SOURCE_DATE_EPOCH``, see reproducible.py), so the citation
is the same in the HTML, the PDF and the EPUB, and changes only with the book.
"""

from __future__ import annotations

import calendar
import os
import re
import textwrap
import time
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import book, notes

OPED_KEYS = ("publisher", "publisher_short", "date", "year", "address", "date_note")  # citation_oped's; optional: date_short


class Macro(str):
    """A BibTeX macro, written bare: ``month = sep``, which every style prints in its own way."""


def month_macro(name: str) -> Macro:
    return Macro(name[:3].lower())  # "September" -> sep


def bibtex(key: str, fields: dict[str, str]) -> str:
    """A BibTeX entry whose lines fit a printed page (no continuation marks in the PDF)."""
    body = ",\n".join(textwrap.fill(f"  {name} = {value if isinstance(value, Macro) else f'{{{value}}}'}", width=72,
                                     subsequent_indent="    ", break_on_hyphens=False) for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


class CiteThis(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        config, oped = self.config, book.of(self.env).oped
        source = config.citation_oped
        if missing := [key for key in OPED_KEYS if key not in source]:
            raise self.error(f"{{cite-this}}: citation_oped in conf.py lacks {', '.join(map(repr, missing))}")
        edition = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
        month, year = time.strftime("%B", edition), str(edition.tm_year)
        given, _, surname = oped.author.rpartition(" ")
        # The date as given, with the note that says where it comes from (or how it was inferred), if any.
        note = source["date_note"].strip()
        date_note = f" ({note})" if note else ""
        address = f" {source['address']}" if source["address"].strip() else ""
        oped_plain = f"{oped.author}. “{oped.title}” Op-ed. {source['publisher']}, {source['date']}{date_note}.{address}"
        credit = by_line(config.briefing_editors, oped.author)
        url = config.html_baseurl  # where the book is published (on Read the Docs: its canonical address)
        # the briefing's citation names the op-ed's date briefly: the op-ed's own citation, above it, explains it
        dated = source.get("date_short") or (source["date"] + (f"; {note}" if note else ""))
        book_plain = (f"{book.of(self.env).title}. {credit}. Version {config.release}, "
                      f"{month} {year}. On {oped.author}, “{oped.title}” ({source['publisher_short']}, {dated})."
                      + (f" {url}" if url else " This copy has no web address of its own; a copy published online "
                                                "gives its address here."))  # not left to be guessed (review CW)
        oped_fields = {"author": f"{surname}, {given}", "title": braced(oped.title),
                       "howpublished": f"Op-ed, {source['publisher']}", "year": source["year"]}
        if source["address"].startswith(("http://", "https://")):
            oped_fields["url"] = source["address"]
            if checked := checked_on(self.env, source["address"]):  # the note that sources the address says when
                oped_fields["urldate"] = checked
        if given_month := re.search(rf"\b({'|'.join(calendar.month_name[1:])})\b", source["date"]):
            oped_fields["month"] = month_macro(given_month.group(1))  # the note below says where the date comes from
        if note:  # standing alone in its field, it says what it is about ("lists it" read with no subject: review EB)
            oped_fields["note"] = f"Date {source['date']}, {note}"
        oped_bib = bibtex(f"{surname.lower()}{source['year']}", oped_fields)
        book_bib = bibtex(f"briefing{year}{surname.lower()}", {
            "author": f"{{{config.briefing_editors}}}", "title": braced(book.of(self.env).title),
            "howpublished": f"{credit} ({source['publisher_short']}, {dated})",
            "version": config.release, "year": year, "month": month_macro(month), **({"url": url} if url else {})})
        out: list[nodes.Node] = []
        for heading, plain, bib in (("The op-ed", oped_plain, oped_bib), ("This briefing", book_plain, book_bib)):
            # in the LaTeX PDF, the label and its BibTeX start on one page (the Typst PDF keeps them together itself)
            out.append(nodes.raw("", "\\needspace{12\\baselineskip}", format="latex"))
            out.append(nodes.paragraph("", "", nodes.strong(heading, heading), *linked(". " + plain)))
            block = nodes.literal_block(bib, bib, language="bibtex", classes=["citation-bibtex"])
            out.append(block)
        return out


def checked_on(env: Any, url: str) -> str:
    """When the editors last checked ``url``: the ``checked`` date of the editor's note that gives it as a source."""
    env.note_dependency(str(notes.data_path(env)))
    return next((str(note.entry["checked"]) for note in notes.load(env)[0] if note.entry.get("checked")
                 and any(source.get("url") == url for source in note.entry.get("sources") or ())), "")


def linked(text: str) -> list[nodes.Node]:
    """``text`` with each web address in it a link, as the editor's notes give theirs."""
    out: list[nodes.Node] = []
    for n, piece in enumerate(re.split(r"(https?://\S+?)(?=[.,;)]?(?:\s|$))", text)):
        out.append(nodes.reference(piece, piece, refuri=piece) if n % 2 else nodes.Text(piece))
    return [node for node in out if node.astext()]


def by_line(editors: str, author: str) -> str:
    """Whose the book is and whose the op-ed: "Briefing book by the editors; op-ed by Ksenia Kirillova"."""
    return f"Briefing book by {editors}; op-ed by {author}"


def braced(title: str) -> str:
    """Keep BibTeX from lower-casing proper names: every capitalised word in braces."""
    return " ".join(f"{{{word}}}" if word[:1].isupper() else word for word in title.split())


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("cite-this", CiteThis)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
