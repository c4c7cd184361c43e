"""Actor glossaries from one data file, with mentions, index entries and backlinks.

``actors.yaml`` in the book's data folder (``briefing_data``) holds every person, organisation, place and term the
op-ed names, once.  This extension

* renders a category of it as a Sphinx glossary: ``:::{actor-glossary} people``
  (each spelling that occurs in the op-ed is a ``{term}`` target; variants index
  as "see" entries pointing to the headword);
* turns every ``{term}`` link in the text into a *mention*: an index entry under
  the headword (so the PDF index gives the page of each mention) and a line in
  the entry's generated "Mentioned in" list;
* checks, as warnings with file and line: each op-ed paragraph that names an
  actor sits on a page that links that actor; each entry is linked from the
  text; related entries exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import book, data_file, notes
from .anchors import headed, page_link
from .oped import anchor, oped_part, oped_paragraph, reading_order
from .oped_source import is_paragraph
from .per_doc import keep_per_doc, reread_with_every_change

logger = logging.getLogger(__name__)
DATA = "actors.yaml"
GLOSSARY = "actor_glossary"  # page metadata: this page renders the glossary of that category
CATEGORIES = ("people", "organisations", "places-terms")
VARIANT = "variant-spelling"  # the class of a glossary term that is another spelling of its headword


@dataclass(frozen=True)
class Actor:
    name: str
    category: str
    text: str
    variants: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()
    note: str | None = None  # the editor's note that sources the spellings used elsewhere
    related: tuple[str, ...] = ()  # ties the op-ed makes: both named in one of its paragraphs (checked)
    related_by_editors: tuple[str, ...] = ()  # ties the editors add, shown as theirs
    anchors: tuple[str, ...] = ()  # published anchors (term-KGB) of spellings dropped since, kept on the headword
    line: int = 0  # of the entry in the data file
    text_line: int = 0

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.variants)

    @property
    def index_name(self) -> str:
        """Its index heading: people by surname ("Goble, Paul"), everything else as it is named."""
        return self.inverted(self.name)

    def inverted(self, spelling: str) -> str:
        """A person's spelling as an index files it, surname first ("Tsikhanouskaya, Sviatlana")."""
        given, _, surname = spelling.rpartition(" ")
        return f"{surname}, {given}" if self.category == "people" and given else spelling

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(rf"\b{re.escape(s)}\b" for s in self.spellings))


@dataclass
class Actors:
    by_name: dict[str, Actor] = field(default_factory=dict)
    by_spelling: dict[str, Actor] = field(default_factory=dict)  # lower-cased, as {term} targets are
    problems: list[tuple[str, str]] = field(default_factory=list)  # (FILE:LINE, message)

    def lookup(self, target: str) -> Actor | None:
        return self.by_spelling.get(target.lower())

    def ties(self, actor: Actor) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(its ties the op-ed makes, those the editors add), both ways: an entry that lists it is listed under it
        too, so each tie is recorded once and shown on both entries (review EM: "one version" listed "transitional
        period", which did not list it back).  A tie the op-ed makes wins over the editors' of the same pair."""
        def both_ways(kind: str) -> dict[str, None]:
            found = dict.fromkeys(getattr(actor, kind))
            found.update(dict.fromkeys(other.name for other in self.by_name.values() if actor.name in getattr(other, kind)))
            return found
        op_ed = both_ways("related")
        return tuple(op_ed), tuple(name for name in both_ways("related_by_editors") if name not in op_ed)


FIELDS = {"name": str, "text": str}
OPTIONAL = {"variants": data_file.list_of(str), "elsewhere": data_file.list_of(str), "note": str,
            "related": data_file.list_of(str), "related_by_editors": data_file.list_of(str),
            "anchors": data_file.list_of(str)}  # published anchors of spellings since dropped, kept working


@cache
def _load(path: Path, mtime: float, body: tuple[str, ...], front: tuple[str, ...] = ()) -> Actors:
    actors = Actors()
    if not mtime:
        return actors  # a book without actors (yet)
    try:
        data = data_file.read(path)
    except data_file.DataError as exc:
        actors.problems.append((f"{path}:{exc.line or 1}", exc.message))
        return actors
    if not isinstance(data, dict):
        actors.problems.append((f"{path}:1", f"expected the categories {', '.join(CATEGORIES)}"))
        return actors
    for category, entries in data.items():
        where = f"{path}:{data.field_line(category)}"
        if category not in CATEGORIES:
            actors.problems.append((where, f"unknown category {category!r} (expected one of {', '.join(CATEGORIES)})"))
            continue
        if not isinstance(entries, list):
            actors.problems.append((where, f"the category {category!r} must be a list of entries (- name: …), "
                                           f"not {type(entries).__name__}"))
            continue
        for entry in entries:
            what = f"entry {entry.get('name')!r}" if isinstance(entry, dict) else "an entry"
            problems = data_file.check_fields(entry, what, FIELDS, OPTIONAL)
            if not problems and any(not spelling.strip() for spelling in entry.get("variants") or ()):
                problems.append(f"{what}: a variant is empty (it would match everywhere)")
            where = f"{path}:{getattr(entry, 'line', data.field_line(category))}"
            actors.problems += [(where, problem) for problem in problems]
            if problems:
                continue
            fields = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
            actor = Actor(category=category, line=entry.line, text_line=entry.field_line("text"), **fields)
            for spelling in actor.spellings:
                if spelling.lower() in actors.by_spelling:
                    actors.problems.append((where, f"{spelling!r} is listed twice"))
                actors.by_spelling.setdefault(spelling.lower(), actor)
            actors.by_name.setdefault(actor.name, actor)
    for actor in actors.by_name.values():
        where = f"{path}:{actor.line}"
        for other in (*actor.related, *actor.related_by_editors):
            if other not in actors.by_name:
                actors.problems.append((where, f"entry {actor.name!r} is related to {other!r}, which is no headword"))
        units = (*body, " ".join(front))  # each body paragraph; the front matter (byline, bio, statement) as one
        for other in actor.related:
            if other in actors.by_name and not any(actor.pattern.search(t) and actors.by_name[other].pattern.search(t)
                                                   for t in units):
                actors.problems.append((where, f"entry {actor.name!r}: the op-ed never names {other!r} in the same "
                                               "paragraph, so it makes no such tie: list it under related_by_editors "
                                               "(shown as the editors' link) or drop it"))
        for variant in actor.variants:
            if not stands_alone(variant, (*body, *front), actors):
                actors.problems.append((where, f"entry {actor.name!r}: the variant {variant!r} does not occur in the op-ed "
                                               "on its own (only inside a longer name): drop it"))
        if actor.elsewhere and not actor.note:
            actors.problems.append((where, f"entry {actor.name!r}: spellings used elsewhere ({', '.join(actor.elsewhere)}) "
                                           "are outside knowledge: name the editor's note that sources them (note: ID)"))
        problem = minority_headword(actor, body)
        if problem:
            actors.problems.append((where, problem))
    return actors


def stands_alone(spelling: str, texts: tuple[str, ...], actors: Actors) -> bool:
    """Does ``spelling`` occur in the op-ed outside every longer spelling of the glossary ("KGB" only in
    "Belarusian KGB" does not)?"""
    longer = sorted((s for s in actors.by_spelling if len(s) > len(spelling) and spelling.lower() in s), key=len, reverse=True)
    for text in texts:
        for other in longer:
            text = re.sub(rf"(?<!\w){re.escape(other)}(?!\w)", " ", text, flags=re.I)
        if re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", text):
            return True
    return False


def minority_headword(actor: Actor, body: tuple[str, ...]) -> str | None:
    """Headwords follow the op-ed's majority spelling among the forms of the same length."""
    text = " ".join(body)
    count = {s: len(re.findall(rf"(?<!\w){re.escape(s)}(?!\w)", text)) for s in actor.spellings}
    rivals = [s for s in actor.variants if len(s.split()) == len(actor.name.split()) and count[s] > count[actor.name]]
    if rivals:
        return (f"headword {actor.name!r} ({count[actor.name]}× in the op-ed) is not the op-ed's majority spelling: "
                f"{rivals[0]!r} ({count[rivals[0]]}×); make that the headword and list this one as a variant")
    return None


def data_path(env: BuildEnvironment) -> Path:
    return book.of(env).data(DATA)


def load(env: BuildEnvironment) -> Actors:
    """The book's actors (``env``: anything :func:`briefing.book.of` takes)."""
    path = data_path(env)
    oped = book.of(env).oped
    return _load(path, path.stat().st_mtime if path.exists() else 0.0, oped.body, (oped.byline, oped.bio, oped.statement))


def glossary_pages(env: BuildEnvironment) -> list[str]:
    """The pages that render an actor glossary."""
    return [doc for doc, meta in env.metadata.items() if GLOSSARY in meta]



class mentions(nodes.General, nodes.Element):
    """Placeholder for an entry's "Mentioned in" line, filled in once all pages are read."""


class ActorGlossary(SphinxDirective):
    """``:::{actor-glossary} organisations``; ``:sources: unnamed`` lists only the actors of the sources the
    attribution records as unnamed ("one version" is no organisation: review BW), ``:sources: other`` all but them."""
    required_arguments = 1
    option_spec = {"sources": lambda arg: directives.choice(arg, ("unnamed", "other"))}

    def run(self) -> list[nodes.Node]:
        category = self.arguments[0]
        if category not in CATEGORIES:
            raise self.error(f"unknown category {category!r}; expected one of {', '.join(CATEGORIES)}")
        path = data_path(self.env)
        self.env.note_dependency(str(path))
        self.env.metadata[self.env.docname][GLOSSARY] = category
        entries = sorted((a for a in load(self.env).by_name.values() if a.category == category), key=lambda a: a.index_name.lower())  # people by surname, as the index
        if "sources" in self.options:
            from . import attribution  # it reads the glossary's names: imported here, not at the top
            self.env.note_dependency(str(attribution.data_path(self.env)))
            unnamed = {a for s in attribution.of(self.env).sources.values() if s.basis == "unnamed" for a in s.actors}
            entries = [a for a in entries if (a.name in unnamed) == (self.options["sources"] == "unnamed")]
        if not entries:  # a new book's glossary (an empty list would also be an empty LaTeX description: a TeX error)
            return [nodes.paragraph("", "This glossary has no entries yet.", classes=["actor-glossary-empty"])]
        items = nodes.definition_list(classes=["glossary", "actor-glossary"])
        for actor in entries:
            items += self.entry(actor)
        glossary = addnodes.glossary(sorted=False)
        glossary += items
        return [glossary]

    def entry(self, actor: Actor) -> nodes.definition_list_item:
        item = nodes.definition_list_item()
        for spelling in actor.spellings:
            term = make_glossary_term(self.env, [nodes.Text(spelling)], None, str(data_path(self.env)), actor.line, None,
                                      self.state.document)
            if spelling == actor.name:
                term["ids"] += [name for name in actor.anchors if name not in term["ids"]]
            if spelling != actor.name:
                term["classes"].append(VARIANT)  # a link target; the entry lists it under "In the op-ed also"
                for index in term.findall(addnodes.index):  # a person's variant by surname too; none for the surname alone
                    see = actor.inverted(spelling)
                    index["entries"] = [] if see == actor.index_name.split(",")[0] else [
                        ("see", f"{see}; {actor.index_name}", term["ids"][0], "", None)]
            else:  # spellings of other outlets, marked as not the op-ed's (review CQ): "Lukashenko, Alexander (not in
                # the op-ed: Editors’ note 3), see Lukashenka, Alexander"; a person by surname too
                outside = f" (not in the op-ed: {note.label})" if (note := notes.find(self.env, actor.note or "")) else ""
                for index in term.findall(addnodes.index):
                    index["entries"] = [("single", actor.index_name, term["ids"][0], "main", None)]
                    index["entries"] += [("see", f"{actor.inverted(other)}{outside}; {actor.index_name}", term["ids"][0],
                                          "", None) for other in actor.elsewhere]
            item += term
        definition = nodes.definition()
        # Index entries go in the definition, not the term: LaTeX writes a term's \index in a
        # label context that spells hyphens differently, splitting one entry in two.
        for index in list(item.findall(addnodes.index)):
            index.parent.remove(index)
            definition += index
        lines = actor.text.splitlines()
        path = data_path(self.env)
        with data_file.parsing(path, actor.text_line):
            self.state.nested_parse(StringList(lines, items=[(str(path), actor.text_line - 1 + i) for i in range(len(lines))]),
                                    0, definition)
        data_file.locate(definition, path, actor.text_line)
        facts = nodes.field_list(classes=["actor-facts"])
        if actor.variants:
            facts += field("In the op-ed also", ", ".join(actor.variants))
        if actor.elsewhere:
            facts += field("Elsewhere spelled", ", ".join(actor.elsewhere) + " (not in the op-ed; see ",
                           note_link(self.env, actor), ")")
        related, by_editors = load(self.env).ties(actor)
        if related:
            facts += field("Related in the op-ed", *comma_separated(related_link(name) for name in related))
        if by_editors:
            facts += field("See also (the editors’ link)", *comma_separated(related_link(name) for name in by_editors))
        facts += field("Mentioned in", mentions(actor=actor.name))
        definition += facts
        item += definition
        return item


def field(name: str, *body: nodes.Node | str) -> nodes.field:
    paragraph = nodes.paragraph("", "", *(nodes.Text(b) if isinstance(b, str) else b for b in body))
    return nodes.field("", nodes.field_name(name, name), nodes.field_body("", paragraph))


def comma_separated(items) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for item in items:
        out += [nodes.Text(", ")] if out else []
        out.append(item)
    return out


def note_link(env: BuildEnvironment, actor: Actor) -> nodes.Node:
    note_id = actor.note or ""
    note = notes.find(env, note_id)
    if note is None:
        logger.warning("entry %r: %s", actor.name, notes.unknown(env, note_id), location=f"{data_path(env)}:{actor.line}",
                       type="actors")
        return nodes.Text(note_id or "?")
    return notes.reference(note)


def related_link(name: str) -> addnodes.pending_xref:
    return addnodes.pending_xref("", nodes.inline(name, name, classes=["xref", "std", "std-term"]),
                                 refdomain="std", reftype="term", reftarget=name.lower(),
                                 refexplicit=True, refwarn=True, actor_related=True)


def collect_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """Index every {term} link under its headword and check each paragraph's actors are linked."""
    env, actors = app.env, load(app.env)
    docname, found = env.docname, []
    heading = headed(doctree, lambda node: isinstance(node, addnodes.pending_xref))
    for n, xref in enumerate(list(doctree.findall(addnodes.pending_xref))):
        if xref.get("reftype") != "term" or xref.get("actor_related"):
            continue
        actor = actors.lookup(xref["reftarget"])
        if actor is None:
            continue  # Sphinx itself reports a term that is not in any glossary
        target_id = f"mention-{n}"
        index = addnodes.index(entries=[("single", actor.index_name, target_id, "", None)])
        target = nodes.target("", "", ids=[target_id])
        xref.parent.insert(xref.parent.index(xref), [index, target])
        found.append((actor.name, oped_part(xref), heading[id(xref)], target_id))
    env.actor_mentions[docname] = found

    linked = {name for name, *_ in found}
    def in_a_term(node: nodes.Node) -> bool:
        while node is not None and not (isinstance(node, addnodes.pending_xref) and node.get("reftype") == "term"):
            node = node.parent
        return node is not None

    for block in doctree.findall(oped_paragraph):
        # the words outside its term links: "Kremlin" inside the linked "experts close to the Kremlin" is that term's
        text = " ".join(t.astext() for t in block.findall(nodes.Text) if not in_a_term(t))
        for actor in actors.by_name.values():
            if actor.name not in linked and actor.pattern.search(text):
                spelling = actor.pattern.search(text).group(0)
                logger.warning("op-ed text names %r, but this page never links it to its glossary entry "
                               "(mark its first mention as {term}`%s`)", spelling, spelling,
                               location=block, type="actors")


def report_problems(app: Sphinx) -> None:
    for where, problem in load(app).problems:
        logger.warning(problem, location=where, type="actors")


def check_all_linked(app: Sphinx, env: BuildEnvironment) -> None:
    mentioned = {name for found in env.actor_mentions.values() for name, *_ in found}
    for name, actor in load(env).by_name.items():
        if name not in mentioned:
            logger.warning("glossary entry %r is not linked from any page", name,
                           location=f"{data_path(env)}:{actor.line}", type="actors")


def fill_mentions(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    env = app.env
    for placeholder in list(doctree.findall(mentions)):
        links: list[nodes.Node] = []
        for doc in reading_order(env):
            found = [(part, at, mention) for name, part, at, mention in env.actor_mentions.get(doc, ())
                     if name == placeholder["actor"]]
            if not found:
                continue
            uri = app.builder.get_relative_uri(fromdoc, doc)
            parts: dict[tuple[str, str], list] = {}  # each part of the page that mentions it (each heading) in order
            for part, at, mention in found:
                parts.setdefault(at, []).append((part, mention))
            for at, mentioned in parts.items():
                # on the web at the part's heading; in print the page of its first mention there
                pieces: list[nodes.Node] = [page_link(app, fromdoc, doc, at, mentioned[0][1])]
                paragraphs = sorted({p for p, _ in mentioned if p and is_paragraph(p)}, key=int)
                if paragraphs:
                    pieces.append(nodes.Text(" ("))
                    pieces += comma_separated(
                        nodes.reference("", f"¶{p}", internal=True, refuri=f"{uri}#{anchor(p)}", classes=["oped-ref"])
                        for p in paragraphs)
                    pieces.append(nodes.Text(")"))
                links.append(nodes.inline("", "", *pieces))
        placeholder.replace_self(comma_separated(links) if links else [nodes.Text("—")])


def setup(app: Sphinx) -> dict[str, Any]:
    keep_per_doc(app, "actor_mentions")
    app.add_node(mentions)
    app.add_directive("actor-glossary", ActorGlossary)
    app.connect("doctree-read", collect_mentions)
    reread_with_every_change(app, GLOSSARY)  # its "Mentioned in" lines
    app.connect("env-check-consistency", check_all_linked)
    app.connect("builder-inited", report_problems)
    app.connect("doctree-resolved", fill_mentions)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
