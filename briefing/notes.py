"""Editor's notes: the one place where the book says what the op-ed does not.

A fact from outside the op-ed (a correction, a spelling used elsewhere) appears only as an
editor's note, kept once in ``notes.yaml`` in the book's data folder (``briefing_data``)::

    - id: resolution-date                 # its anchor: note-resolution-date
      title: The date of the European Parliament’s resolution
      applies: {8: adopted on September 15}   # where it applies: ¶ and the op-ed's words there ({} if none:
      concerns: …                         # then say, in the editors' words, what it bears on: the op-ed's date)
      text: >-                            # MyST: what the op-ed says, what the source says
        …
      sources:                            # one or more, each with all four fields
        - {title: …, publisher: …, date: 2020-09-17, url: https://…}
      checked: 2026-12-01                 # when the editors last checked the sources

``{editors-notes}`` renders them all on one page (so they are in the PDF too), each in a
visibly distinct box with its sources and the places that link to it; ``{note}`resolution-date```
links to a note ("Editors’ note 1") from where it applies.  A note without a source, a source
without a title, publisher, date or address, an unknown note, a note linked from inside the
op-ed's own words or from nowhere: each is a warning with the file and line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import attribution, book, data_file
from .anchors import headed, page_link
from .oped import oped_part, reading_order
from .oped_source import FRONT_PARTS
from .per_doc import keep_per_doc, reread_with_every_change

logger = logging.getLogger(__name__)
DATA = "notes.yaml"
SOURCE_FIELDS = ("title", "publisher", "date", "url")
DATE = (str, datetime.date)


@dataclass(frozen=True)
class Note:
    number: int
    entry: data_file.Entry

    @property
    def id(self) -> str:
        return self.entry["id"]

    @property
    def anchor(self) -> str:
        return f"note-{self.id}"

    @property
    def label(self) -> str:
        return f"Editors’ note {self.number}"


@cache
def _load(path: Path, mtime: float) -> tuple[tuple[Note, ...], tuple[tuple[str, str], ...]]:
    """The notes, and the problems found in them: (where, message), where being "FILE:LINE"."""
    if not mtime:
        return (), ()  # a book without editor's notes
    data, problems = data_file.read_list(path, "notes")
    notes, seen = [], set()
    for number, entry in enumerate(data, 1):
        what = f"editor's note {number}" + (f" ({entry.get('id')!r})" if isinstance(entry, dict) else "")
        found = data_file.check_fields(entry, what, {"id": str, "title": str, "applies": dict, "text": str,
                                                           "sources": data_file.list_of(dict), "checked": DATE},
                                       {"concerns": str})
        line = getattr(entry, "line", 1)
        if isinstance(entry, dict):
            sources = entry.get("sources")
            for i, source in enumerate(sources if isinstance(sources, list) else [], 1):
                if isinstance(source, dict):  # another item: check_fields named it
                    found += data_file.check_fields(source, f"{what}, source {i}",
                                                    {key: DATE if key == "date" else str for key in SOURCE_FIELDS})
            if sources == []:
                found.append(f"{what} names no source (each note needs a title, publisher, date and address)")
            applies = entry.get("applies")
            if applies == {} and not entry.get("concerns"):
                found.append(f"{what}: give where it applies ({{8: the op-ed's words there}}) or, where the op-ed has "
                             "no words for what it bears on, what it concerns (concerns: the editors' words)")
            for part, words in (applies.items() if isinstance(applies, dict) else ()):
                if not applies_ok(part, words):
                    found.append(f"{what}: applies {{{part!r}: {words!r}}} must map a paragraph number (or byline, bio, statement) to the op-ed's "
                                 "words there (plain text)")
            if isinstance(entry.get("id"), str):  # another id: check_fields named it
                if entry["id"] in seen:
                    found.append(f"{what}: the id {entry['id']!r} is used twice")
                seen.add(entry["id"])
        problems += [(f"{path}:{line}", problem) for problem in found]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):  # shown and linked even if incomplete
            notes.append(Note(number, entry))
    return tuple(notes), tuple(problems)


def applies_ok(part: Any, words: Any) -> bool:
    """``applies: {8: adopted on September 15}``: a paragraph number (or a front part, ``statement``) and the
    op-ed's words there, as plain text."""
    return (isinstance(part, int) and not isinstance(part, bool) and part > 0 or part in FRONT_PARTS) and isinstance(words, str) \
        and bool(words.strip()) and "`" not in words


def data_path(env: BuildEnvironment) -> Path:
    return book.of(env).data(DATA)


def load(env: BuildEnvironment) -> tuple[tuple[Note, ...], tuple[tuple[str, str], ...]]:
    """The book's notes and their problems (``env``: anything :func:`briefing.book.of` takes)."""
    path = data_path(env)
    return _load(path, path.stat().st_mtime if path.exists() else 0.0)


def find(env: BuildEnvironment, note_id: str) -> Note | None:
    return next((note for note in load(env)[0] if note.id == note_id), None)


def reference(note: Note) -> addnodes.pending_xref:
    """A link "Editors’ note N" to ``note``."""
    return addnodes.pending_xref("", nodes.inline(note.label, note.label, classes=["editors-note-ref"]),
                                 refdomain="std", reftype="ref", reftarget=note.anchor, refexplicit=True,
                                 refwarn=True, editors_note=note.id)


def unknown(env: BuildEnvironment, note_id: str) -> str:
    return f"no editor's note {note_id!r} in {DATA} (known: {', '.join(n.id for n in load(env)[0]) or 'none'})"


def note_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{note}`resolution-date``` -> "Editors’ note 1", linked to the note."""
    env = inliner.document.settings.env
    env.note_dependency(str(data_path(env)))  # its number is the note's place in the file: re-read when that changes
    note = find(env, text.strip())
    if note is None:
        msg = inliner.reporter.warning(f"{{note}}`{text}`: {unknown(env, text.strip())}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [reference(note)], []


class EditorsNotes(SphinxDirective):
    """All the notes, each in its own box with its sources and backlinks."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(data_path(self.env)))
        self.env.metadata[self.env.docname]["editors_notes"] = True
        return [self.note_box(note) for note in load(self.env)[0]]

    def note_box(self, note: Note) -> nodes.Element:
        entry = note.entry
        box = editors_note(classes=["editors-note"])
        box["names"].append(note.anchor)
        self.state.document.note_explicit_target(box)
        title = f"{note.label}: {entry.get('title', note.id)}"
        box += nodes.title(title, title)
        self.parse(box, str(entry.get("text", "")), entry.field_line("text"))
        applies = entry.get("applies") if isinstance(entry.get("applies"), dict) else {}
        places = [(part, words) for part, words in applies.items() if applies_ok(part, words)]  # others: _load
        # and every span the record of who says each sentence ties to this note, unless a place above is in it
        places += [(unit.paragraph, unit.words) for unit in attribution.of(self.env).units.values()
                   if unit.note == note.id and not any(str(part) == str(unit.paragraph) and words in unit.words
                                                       for part, words in places)]
        where = ", ".join(f"“{words}” ({{p}}`{part}: {words}`)" for part, words in places)
        concerns = str(entry.get("concerns") or "").strip()  # what the op-ed has no words for (its date)
        applies_to = "; ".join(filter(None, [concerns, where])) + (
            ". The op-ed’s words there are quoted unchanged." if where else ".")
        self.parse(box, f"Applies to: {applies_to}", entry.field_line("applies"))
        sources = nodes.enumerated_list(classes=["note-sources"])
        # A note with problems is still shown (they are reported once, from the data file): what is mistyped
        # is shown as text, and only an address that is a string becomes a link.
        listed = entry.get("sources")
        for source in listed if isinstance(listed, list) else []:
            if isinstance(source, dict):
                item = nodes.paragraph()
                item += nodes.Text(f"{sentence(source.get('title'))} {source.get('publisher')}, {date(source.get('date'))}. ")
                url = source.get("url")
                item += nodes.reference(url, url, refuri=url) if isinstance(url, str) else nodes.Text(str(url))
                sources += nodes.list_item("", item)
        box += nodes.paragraph("", "Sources:")
        box += sources
        box += nodes.paragraph("", f"Checked by the editors on {date(entry.get('checked'))}.", classes=["note-checked"])
        box += nodes.paragraph("", "", nodes.Text("Linked from: "), backlinks(note=note.id))
        return box

    def parse(self, into: nodes.Element, text: str, line: int) -> None:
        lines, before, path = text.splitlines(), len(into), data_path(self.env)
        with data_file.parsing(path, line):
            self.state.nested_parse(StringList(lines, items=[(str(path), line - 1 + i) for i in range(len(lines))]),
                                    0, into)
        for parsed in into[before:]:
            data_file.locate(parsed, path, line)


class editors_note(nodes.admonition):
    """An editor's note: set apart from the editor's summaries (another colour on the web, another box in print)."""


def visit_latex(self, node: editors_note) -> None:
    self.body.append("\n\\begin{sphinxadmonition}{important}")
    self.no_latex_floats += 1


class backlinks(nodes.General, nodes.Element):
    """Placeholder for a note's "Linked from" list, filled in once all pages are read."""


def sentence(text: Any) -> str:
    """A title as the first sentence of a source's line: its own closing "?" or "!" ends it, not a second "."."""
    text = str(text).strip()
    return text if text.endswith((".", "?", "!", "…")) else f"{text}."


def date(value: Any) -> str:
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def collect_links(app: Sphinx, doctree: nodes.document) -> None:
    # (note, the anchor of the heading before the link: where "Linked from" lands on the web, the link's own target:
    # where it is in print, whose page the PDF gives)
    found = []
    heading = headed(doctree, lambda node: isinstance(node, addnodes.pending_xref) and node.get("editors_note"))
    for n, xref in enumerate(list(doctree.findall(addnodes.pending_xref))):
        if xref.get("editors_note"):
            if oped_part(xref) is not None:
                logger.warning("an editor's note is linked from inside the op-ed's words; link it from "
                               "the editor's text instead", location=xref.parent, type="notes")
            target_id = f"note-link-{n}"
            xref.parent.insert(xref.parent.index(xref), nodes.target("", "", ids=[target_id]))
            found.append((xref["editors_note"], heading[id(xref)], target_id))
    app.env.note_links[app.env.docname] = found


def report_problems(app: Sphinx) -> None:
    for where, problem in load(app)[1]:
        logger.warning(problem, location=where, type="notes")


def check_linked(app: Sphinx, env: BuildEnvironment) -> None:
    linked = {note for found in env.note_links.values() for note, *_ in found}
    if not any("editors_notes" in meta for meta in env.metadata.values()):
        if load(env)[0]:
            logger.warning("the editor's notes are on no page (add {editors-notes} to one)",
                           location=f"{data_path(env)}:{load(env)[0][0].entry.line}", type="notes")
        return
    for note in load(env)[0]:
        if note.id not in linked:
            logger.warning("editor's note %r is not linked from any page ({note}`%s` where it applies)",
                           note.id, note.id, location=f"{data_path(env)}:{note.entry.line}", type="notes")


def fill_backlinks(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    env = app.env
    for placeholder in list(doctree.findall(backlinks)):
        links: list[nodes.Node] = []
        for doc in reading_order(env):
            at: dict = {}  # each heading before a link to the note -> the first such link's target under it
            for note, anchor, target_id in env.note_links.get(doc, ()):
                if note == placeholder["note"]:
                    at.setdefault(anchor, target_id)
            # a page by each part that links the note (the home page's At a glance, About this briefing: review BK)
            for heading in at:
                if links:
                    links.append(nodes.Text(", "))
                links.append(page_link(app, fromdoc, doc, heading, at[heading]))
        placeholder.replace_self(links or [nodes.Text("—")])


def setup(app: Sphinx) -> dict[str, Any]:
    keep_per_doc(app, "note_links")
    app.add_node(backlinks)
    admonition = (lambda self, node: self.visit_admonition(node), lambda self, node: self.depart_admonition(node))
    app.add_node(editors_note, html=admonition,  # the EPUB builder uses the HTML handlers: no epub= here
                 latex=(visit_latex, lambda self, node: self.depart_admonition(node)))
    app.add_role("note", note_role)
    app.add_directive("editors-notes", EditorsNotes)
    app.connect("doctree-read", collect_links)
    reread_with_every_change(app, "editors_notes")  # its "Linked from" lines
    app.connect("env-check-consistency", check_linked)
    app.connect("builder-inited", report_problems)
    app.connect("doctree-resolved", fill_backlinks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
