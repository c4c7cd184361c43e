"""Figures generated from data: ``:::{figure-from-data} fig-scenarios`` renders ``figures.yaml``'s entry.

Each figure's Mermaid code, caption, legend, alternative text and text version are made here from one entry,
so they cannot disagree; who says what, and how sure, comes from the attribution (attribution.py), never
from the figure::

    fig-scenarios:
      title: What Paul Goble and “one version” say Moscow is considering   # the editors' words (checked quotes)
      direction: TB                     # flowchart: TB or LR
      nodes:
        goble: {actor: Paul Goble}      # a glossary actor: its headword, no ¶ (its arrows give theirs)
        media: {actor: Russian media, as: the Russian media and some politicians}   # or the op-ed's fuller words
        scenarios:                      # a proposition: the editors' words, quoting the unit it cites
          text: Moscow “is considering different scenarios” for Lukashenka’s exit
          cites: p9.2                   # a unit of attribution.yaml (a sentence, or a span: p4.2b)
          wrap: 20                      # optional: characters a line (a taller box spreads the arrows that meet it)
      edges:
        - {from: scenarios, to: independence, words: it depends on, cites: p9.3}   # words: verbatim, in that unit
        - {from: impression, to: thesis, words: "However, in practice", cites: p2.1, connector: true}

* A node that rests on a source's unit is drawn inside that source's group, one for each ¶ ("Paul Goble:
  “believes”"); an edge between two nodes of one group may cite only that source (checked).
* The heading says whose a box's words are and how sure, once: a link into the box, inside it or leaving it from
  what its source says does not name the source again.  The heading gives all the box's words of attribution, or,
  where its labels give them all (“According to the statements by” on the link into the box) and none is her verb
  that grants the claim ("admitted" (her verb)), only the source.  The text version lists such links under the box
  they are drawn in.
* An edge's line style and prefix are its unit's: solid, what the op-ed states as fact; thick, the author's own
  judgment or hedged claim ("the author, “It’s possible”:"); dotted, a source's claim ("“According to one
  version”:").  A ``connector`` edge is the op-ed's own connecting words (“First”, “At the same time”): it
  shows how she builds her argument, and its words must open the unit it cites.  It is a line ending in a dot,
  not an arrowhead, so that a plain arrow means one thing in every figure: what the op-ed states as fact.
* ``contrast: true`` on a connector marks a contrast she draws ("However"), ``contrast: aside`` what she sets
  aside ("Be that as it may"): a contrast is a line ending in a cross, her words on it; what she
  sets aside is a line ending in a dot, as any of her connecting words, and its text version says what they do.
* ``from: [a, b]``: several steps lead to one by the same words (both sides of a dispute she sets aside): their
  lines meet in a junction and one line from it carries the words, once.
* ``reading: true`` marks the editors' reading of how a step bears on the next, on the op-ed's opening words (which
  the op-ed does not itself give as that link) or on none: a grey arrow whose label opens "the editors' reading".
* A timeline (``kind: timeline``) lists ``events``: ``{date: July 29, text: …, cites: p3.3}``; the date is the
  op-ed's (checked); ``note: ID`` adds the editor's note that corrects it; an event without a date is listed
  as undated in the text version only; ``reading: true`` on an event, or the editors' words for why, joins it to
  the one before by the editors' grey line: their order, not the op-ed's.

A caption names only the lines and marks its figure draws, a few words each, and links the figure key
(``:::{figure-key}``, under a heading labelled ``(figure-key)=``, once, before the first figure), which says what
every line, mark and label means and what the text versions' short words for a link's style stand for; both are
made from LEGEND and TEXT_KEY below.  The SVG's tooltip (<title>) is the figure's title; the alt text is its <desc>.

Every problem is a warning at the figure's line in the data file.
"""

from __future__ import annotations

import calendar
import re
import textwrap
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import actors as actors_module, attribution, book, data_file, notes
from .attribution import Unit
from .diagrams import GLOSSARY_LINK, HEADING
from .per_doc import keep_per_doc
from .evidence import CLOSE, OPEN, quotations
from .textmatch import closest_diff, occurs, shares, single

logger = logging.getLogger(__name__)
DATA = "figures.yaml"
# One line style, one meaning, in every figure and in greyscale print: an arrowhead ends a link the op-ed states
# (solid: as fact; thick: her judgment; dotted: a source's) or the editors read in (grey dashes); her own connecting
# words end in a dot, and a contrast she draws in a cross; the timeline's lines have no end mark
ARROWS = {"fact": "-->", "author": "==>", "source": "-.->", "connector": "--o", "contrast": "--x", "aside": "--o",
          "reading": "-->", "voice": "-.->"}
TIME_LINE = "---"  # the timeline's: each event to the next in time
PLAIN_LINE = {"-->": "---", "-.->": "-.-", "==>": "===", "--x": "---", "--o": "---"}  # the line without its end mark
CONNECTING = ("connector", "contrast", "aside", "reading")  # the op-ed's connecting words, or the editors' reading
STYLE = {"fact": "solid", "author": "thick", "source": "dotted", "voice": "thick dotted",  # the alt text: whole
         "connector": "the op-ed’s opening words",
         "contrast": "a contrast she draws, in the op-ed’s opening words",
         "aside": "what she sets aside, in the op-ed’s opening words",
         "reading": "the editors’ reading of how the step bears on the next"}
READING = "the editors’ reading"  # the label of a link the op-ed gives no words for
# The text version says each link's style in a word or two; the figure key (TEXT_KEY) says once what they mean
TEXT_STYLE = {**STYLE, "contrast": "a contrast she draws", "aside": "what she sets aside", "reading": READING}
NO_WORDS = "the op-ed gives no words for this link"  # the alt text's; the text version's is NO_WORDS_SHORT
NO_WORDS_SHORT = "no words"
READING_GREY = "#8c8c8c"  # its line: grey, in long dashes (a source's dotted line has short ones), so that
READING_DASH = "10 5"      # it stays apart from the op-ed's own links in greyscale print too
KEY_LABEL = "figure-key"  # the section that holds the figure key (:::{figure-key}), which every caption links
# The figure key: every item a figure can draw, once.  Its name is what a caption lists when its figure draws
# it (a line or a mark; a label that says what it is has None: the key alone explains it), and what it means.
# MyST: the book's own labels in italics (quotation marks are for the op-ed's words).
LEGEND = {
    "fact": ("Solid: what the author states as fact", "a plain line ending in an arrowhead: what the author states as fact"),
    "author": ("Thick: her judgment or hedge", "a thick line: her own judgments, and the claims she hedges"),
    "source": ("Dotted: a source’s claim, or one she relates",
               "a dotted line: what a source says, as the op-ed attributes it, and also an argument she relates in "
               "her own words, which the op-ed gives as that source’s"),
    "voice": ("Thick dotted: unattributed op-ed words",  # not "own words": every label is (FW)
              "a thick dotted line, or a box with a thick dotted border: the op-ed’s own words within what a source "
              "says, which it marks as neither hers nor the source’s"),
    "connector": ("Dot end: her connecting words",
                  "a plain line ending in a dot, not an arrowhead, its label only words in quotation marks: the "
                  "op-ed’s own connecting words, which open one of the two steps they join. Where lines from several "
                  "boxes join first, the line from the join carries her words that set all of them aside"),
    "contrast": ("Cross end: her contrast", "a plain line ending in a cross: a contrast she draws; its label gives "
                 "her words that draw it"),
    # a junction joins whatever one link starts from, whoever's the link (review CG: the key gave it one use); the
    # line from it is drawn, and its caption named, as any link of its style (review EI: Figure 2's dot end)
    "joined": ("Joined lines: one link from several", "lines from two or more boxes meet in a junction, and the one "
               "line from it is the link they make together, drawn in its own style and with its own words"),
    # one grey dashed line for every link or order the editors read in, the timeline's too (reviews: "Grey dashed"
    # beside "Grey dashes" read as two styles)
    "reading": ("Gray dashed: the editors’ reading", "a gray line in long dashes: a link the editors read in, "
                "labeled *the editors’ reading* (the op-ed’s words after it, if any, open the step but do not state "
                "the link), or, on the timeline, an order of two entries that the op-ed does not give"),
    # one place for whose words a box holds and how sure: a link into or inside it does not say them again, though
    # the op-ed's own words in it may name them ("In their opinion": reviews ET, EU)
    "boxes": ("Headed box: a source’s words", "a box headed by a source holds what that source says in one ¶. The "
              "heading names the source and the ¶. It also gives the op-ed’s words of attribution there, unless the "
              "labels in and into the box already give them all; her verbs that grant a claim (*her verb*) it always "
              "gives. Labels in the box do not open with whose words they are, as labels outside a box do "
              "(*the author:*)"),
    "together": ("Frame: one step", "a frame without a heading holds sentences that make one step"),
    "time": ("Line: time order", "on the timeline, a plain line without an end mark joins each event "
             "to the next in time, the earlier above; it does not say that one led to the other"),
    "prefix": (None, "a label opening *the author* marks what she says (outside a source’s box), with her hedge if "
                     "she gives one"),
    "inside": (None, "a label opening *in the op-ed’s own voice, inside a source’s claim* marks the op-ed’s own "
                     "words within what a source says"),
    # Figure 1's first box (review FI: the key did not say it; the claims table did)
    "premise": (None, f"a label opening *{attribution.PREMISE}* marks the impression she says one might get from the "
                      "Sochi meeting (¶1), which her thesis answers: her words, but not her view"),
    # a caption names it: a solid line the op-ed's words draw as fact, which the note qualifies (reviews FB, FC, FF)
    "noted": ("See Editors’ note: qualified there", "a label with *see Editors’ note 2* (or another note) is qualified by that note; a text version names the note after the ¶ it cites, *(¶8; Editors’ note 2)*"),
    "words": (None, "among the actors, a box of the op-ed’s words stands for a thing the arrows relate, not an actor; "
                    "the arrows say whose words they are"),
    # an actor's box has no ¶: the ¶ of its first mention read as the ¶ it rests on (review: "Belarusian protests
    # (¶10)", which ¶1 already speaks of)
    "paragraph": (None, "*(¶3)* at the end of a box or label: the paragraph of the op-ed it rests on; a box that names "
                        "an actor has none: each arrow to or from it gives the ¶ of what the op-ed says of it there, "
                        "and its glossary entry, which the text version names, lists where the op-ed names it"),
    "timeline": (None, "on the timeline, an entry with no day of its own (only a time relative to another) is placed where the "
                       "editors read it; an entry the op-ed does not date (a view reported, say) is in the text version only"),
}
# A caption names the part of a key's entry its figure draws: "Dotted: a source’s claim, or one she relates" only
# where it draws both (an argument she relates is the key's "reported", drawn as a source's claim)
IN_CAPTION = {"source": "Dotted: a source’s claim", "reported": LEGEND["source"][0]}
TEXT_KEY = {  # the text versions' words for a link's style, explained once (their alt text says it in full)
    "solid, thick, dotted, thick dotted": "the link’s line, as above",
    STYLE["connector"]: "the op-ed’s own connecting words, which open one of the two steps the link joins",
    TEXT_STYLE["contrast"]: "a contrast she draws, in the op-ed’s opening words",
    TEXT_STYLE["aside"]: "what she sets aside, in the op-ed’s opening words",
    READING: "the editors’ reading of how the step bears on the next; the op-ed’s words after it, if any, "
                   f"open the step but do not state the link; *{NO_WORDS_SHORT}*: the op-ed gives none for it",
}
VOICE_LINE = "stroke-width:3px"  # the op-ed's own words in a source's claim: a source's dotted line, thick ...
VOICE_BORDER = "stroke-width:3px,stroke-dasharray:2"  # ... and a box of them, bordered so
EDGE_WRAP = 18  # characters per line of an edge's label (Mermaid wraps only node labels) ...
CHARACTER_PX = 16  # ... or more where a figure's wrappingWidth (px) gives its nodes more: about a character each 16 px
BOX_WRAP = 30   # ... and of a source's box heading
# Close ranks and wide nodes: a figure fits the text column (1280×900) with labels of 11 CSS px or more
INIT = '%%{init: {"flowchart": {"rankSpacing": 24, "nodeSpacing": 12, "padding": 5, "wrappingWidth": 150}}}%%'
TIMELINE_INIT = '%%{init: {"flowchart": {"rankSpacing": 16, "padding": 5, "wrappingWidth": 420}}}%%'  # one event a row


@dataclass
class Figure:
    name: str
    path: Path
    line: int
    entry: Any


class Problems(list):
    def add(self, line: int, message: str) -> None:
        self.append((line, message))


def data_path(env: Any) -> Path:
    return book.of(env).data(DATA)


def mermaid_text(text: str, wrap: int = 0) -> str:
    """A label as Mermaid takes it: no straight double quote (the label's own delimiter).  Mermaid wraps node
    labels itself; an edge label is broken every ``wrap`` characters."""
    text = text.replace('"', "#quot;")
    return "<br/>".join(textwrap.wrap(text, wrap, break_long_words=False, break_on_hyphens=False)) if wrap else text


def paragraphs(cited: list[int]) -> str:
    """¶1–¶4, ¶9 for [1, 2, 3, 4, 9]."""
    out, run = [], []
    for n in sorted(set(cited)):
        if run and n != run[-1] + 1:
            out.append(run)
            run = []
        run.append(n)
    if run:
        out.append(run)
    return ", ".join(f"¶{r[0]}" if len(r) == 1 else f"¶{r[0]}–¶{r[-1]}" for r in out)


class FigureFromData(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = data_path(self.env)
        self.env.note_dependency(str(path))
        self.env.note_dependency(str(attribution.data_path(self.env)))
        name = self.arguments[0]
        try:
            data = data_file.read(path)
        except data_file.DataError as exc:
            logger.warning(exc.message, location=f"{path}:{exc.line or 1}", type="figures")
            return []
        if not isinstance(data, dict) or name not in data:
            raise self.error(f"{{figure-from-data}} {name}: no figure {name!r} in {book.of(self.env).relative(path)}")
        figure = Figure(name, path, data.field_line(name), data[name])
        self.env.figures_from_data.setdefault(self.env.docname, []).append(self.lineno)
        problems = Problems()
        kind = figure.entry.get("kind", "flowchart") if isinstance(figure.entry, dict) else "flowchart"
        if kind not in ("flowchart", "timeline"):
            problems.add(figure.line, f"kind {kind!r} is not one of flowchart, timeline")
            lines = None
        else:
            lines = (timeline if kind == "timeline" else flowchart)(self, figure, problems)
        for line, message in problems:
            logger.warning("%s: %s", name, message, location=f"{path}:{line}", type="figures")
        if lines is None:
            return []
        container = nodes.container()
        with data_file.parsing(path, figure.line):
            self.state.nested_parse(StringList([t for t, _ in lines], items=[(str(path), ln - 1) for _, ln in lines]), 0,
                                    container)
        data_file.locate(container, path, figure.line)  # later checks (evidence.py) name the data file's lines
        items = [ln for text, ln in lines if text.lstrip().startswith("- ")]  # in document order, nested too
        for item, line in zip(container.findall(nodes.list_item), items):
            data_file.locate(item, path, line)
        for diagram in container.findall(lambda n: n.tagname == "mermaid"):
            diagram["generated"] = figure.line  # its labels are checked here, at the data file's lines
            diagram["title_text"] = figure.entry["title"]  # the SVG's <title>; its alt text is the <desc>
            if figure.entry.get("print_init"):  # its layout in print (diagrams.py: the text-label variant)
                diagram["print_init"] = figure.entry["print_init"]
        return container.children

    # -- what the figures share -------------------------------------------------------------------

    def unit(self, figure: Figure, ref: Any, line: int, problems: Problems) -> Unit | None:
        record = attribution.of(self.env)
        found = record.cited(str(ref)) if ref else []
        if not found and ref and attribution.unattributed(self.env, str(ref)):
            return None  # the attribution reports the sentence once; each figure citing it would repeat that
        if len(found) != 1:
            problems.add(line, f"cites {ref!r}, which is {'a sentence with several spans: cite one (p4.2a)' if found else 'no unit of the attribution (p3.4, p4.2b)'}")
            return None
        return found[0]

    def quotes_ok(self, text: str, unit: Unit, line: int, problems: Problems, what: str) -> bool:
        """The editors' words quote only the unit's sentence, and quote something (or are its words)."""
        quotes, paired = quotations(text)
        if not paired and quotations(unit.sentence.text)[1]:
            problems.add(line, f"{what}: unbalanced quotation marks in “{text}”")
        if not quotes and not occurs(text, unit.sentence.text):
            problems.add(line, f"{what}: “{text}” neither quotes {unit.sentence.label} nor is its words")
            return False
        for quote in quotes:
            if not occurs(quote, unit.sentence.text, case=True):
                problems.add(line, f"{what}: quoted words “{quote}” are not in {unit.sentence.label}: "
                                   f"{closest_diff(quote, unit.sentence.text)}")
                return False
        return True


def quoted(words: str) -> str:
    """The op-ed's words in quotation marks; its own marks inside them single (evidence.nested), also where they
    are one quotation of its own, so that a reader sees them: “‘tactic of non-intervention’”."""
    return f"“{single(words)}”"  # one quotation of its own too: “‘Russia has agreed …’”, its marks seen (review EQ)


def label(unit: Unit, text: str) -> str:
    """The words shown, with who says it and how sure when the words do not already say so."""
    prefix = unit.prefix()
    if not prefix:
        return text
    if unit.key == "premise":  # hers, but not her view: as the claims table and key judgments mark it (review CY)
        return f"{attribution.PREMISE}: {text}"
    if unit.by_author and unit.cue and (unit.carried_by(text) or not any(
            occurs(quote, unit.scope()) for quote in quotations(text)[0] or [text])):
        return f"the author: {text}"  # her words already hold her hedge, or lie outside what it governs
    if unit.speaker is not None and not unit.doubt and occurs(unit.speaker.short, text):
        return text  # the words already name the source (but not her own word of doubt inside it: review FR,
        # "it’s Lukashenka who … stands guard", which named him and dropped her "allegedly")
    if unit.speaker is not None and any(occurs(cue, text) for cue in unit.cue):
        return f"{unit.speaker.short}: {text}"  # the words already hold the op-ed's words of attribution
    return f"{prefix} {text}"


def speaker_ok(record: attribution.Attribution, text: str, unit: Unit, line: int, problems: Problems, what: str,
               node: bool = True) -> bool:
    """What a node quotes is the cited unit's speaker's: words that lie in a narrower unit of another speaker (her
    description inside Vzglyad's sentence), or her own word of doubt inside a source's claim ("allegedly"), are
    not drawn as the source's."""
    spans = record.of_sentence(unit.sentence.id)
    for quote in quotations(text)[0]:
        if unit.cuts_off(quote):
            problems.add(line, f"{what}: “{quote}” stops before “{unit.keep}”, which belongs with it ({unit.id}): quote that too")
            return False
        holding = [u for u in spans if occurs(quote, u.words)]
        narrowest = min(holding, key=lambda u: len(u.words), default=unit)
        if narrowest.speaker != unit.speaker and len(narrowest.words) < len(unit.words):
            problems.add(line, f"{what}: the quoted words “{quote}” are {narrowest.whose}’s ({narrowest.id}), not "
                               f"{unit.whose}’s ({unit.id}): cite {narrowest.id}, or quote only {unit.whose}’s words")
            return False
        # her own words inside a source's claim (her epithet "the Belarusian dictator" in the analysts' ¶5) are hers
        hers = next((o for o in spans if unit.speaker is not None and o.speaker is None and len(o.words) < len(unit.words)
                     and occurs(o.words, unit.words) and shares(quote, o.words)), None)
        if hers:
            problems.add(line, f"{what}: the quotation “{quote}” holds “{hers.words}”, which is the author’s ({hers.id}), "
                               f"inside {unit.whose}’s claim ({unit.id}): quote only {unit.whose}’s words")
            return False
    return doubt_ok(text, unit, line, problems, what, node)


def gloss_ok(text: str, unit: Unit, line: int, problems: Problems, what: str) -> bool:
    """Inside a source's box, everything a node says reads as the source's: an editors' gloss in brackets there
    ("(a departure that looks like …)") would put the editors' reading in the source's mouth.  Only the mark of
    the author's own word of doubt, "(the author’s “allegedly”)", may stand there."""
    if unit.speaker is None:
        return True
    depth, masked = 0, []  # the text with its quotations blanked out, so a bracket inside one is the op-ed's
    for char in text:
        depth += char == OPEN
        masked.append(char if depth == 0 else " ")
        depth -= char == CLOSE and depth > 0
    glosses = [text[m.start(1):m.end(1)] for m in re.finditer(r"\(([^)]*)\)", "".join(masked))
               if not m.group(1).startswith("the author’s")]
    if glosses:
        problems.add(line, f"{what}: “({glosses[0]})” is the editors’ gloss inside {unit.whose}’s box, where it reads as "
                           f"{unit.whose}’s: leave it out, or quote more of the op-ed instead")
        return False
    return True


def doubt_ok(text: str, unit: Unit, line: int, problems: Problems, what: str, node: bool) -> bool:
    """Her own word of doubt inside a source's claim ("allegedly") is never quoted as the source's, and a node that
    quotes what it governs says so where it applies: (the author’s “allegedly”).  An edge's label carries it in
    its prefix, or its box's heading does."""
    if not unit.doubt:
        return True
    marked = f"the author’s “{unit.doubt}”"
    quotes = [q for q in quotations(text)[0] if q.casefold() != unit.doubt.casefold() or marked not in text]
    inside = next((q for q in quotes if occurs(unit.doubt, q)), None)
    if inside:
        problems.add(line, f"{what}: “{unit.doubt}” is the author’s own word inside {unit.whose}’s claim ({unit.id}), "
                           f"not theirs: quote it apart, as ({marked})")
        return False
    governed = unit.words[unit.words.casefold().find(unit.doubt.casefold()) + len(unit.doubt):]
    dropped = next((q for q in quotes if occurs(q, governed)), None)
    if node and dropped and marked not in text:
        problems.add(line, f"{what}: “{dropped}” is what the author’s own “{unit.doubt}” governs ({unit.id}): "
                           f"add ({marked}) where it applies")
        return False
    return True


def flowchart(directive: FigureFromData, figure: Figure, problems: Problems) -> list[tuple[str, int]] | None:
    entry, env = figure.entry, directive.env
    found = data_file.check_fields(entry, figure.name, {"title": str, "nodes": dict},
                                   {"direction": str, "edges": data_file.list_of(dict), "kind": str, "init": str,
                                    "print_init": str, "together": data_file.list_of(str)})
    if found:
        for message in found:
            problems.add(figure.line, message)
        return None
    cast = actors_module.load(env)
    body = book.of(env).oped.body
    shown: dict[str, Node] = {}
    record = attribution.of(env)
    for node_id, node in entry["nodes"].items():
        line = entry["nodes"].field_line(node_id)
        if not isinstance(node, dict) or bool(node.get("actor")) == bool(node.get("text")):
            problems.add(line, f"node {node_id!r}: give either actor: (a glossary headword) or text: and cites:")
            continue
        if node.get("actor"):
            actor = cast.lookup(node["actor"])
            if actor is None:
                problems.add(line, f"node {node_id!r}: actor {node['actor']!r} is not in the glossary")
                continue
            # "as": the op-ed's fuller words for the actor where it acts ("the Russian media and some politicians")
            shown_as = str(node.get("as") or actor.name)
            if node.get("as") and not (actor.pattern.search(shown_as) and any(occurs(shown_as, text) for text in body)):
                problems.add(line, f"node {node_id!r}: “{shown_as}” is not the op-ed’s words for {actor.name} (it must "
                                   f"occur in the op-ed and name the actor)")
                continue
            # no ¶: the arrows give the ¶ of each thing the op-ed says of it, its glossary entry where it names it
            # (the ¶ of its first mention read as the ¶ the box rests on: “Belarusian protests (¶10)”, named in ¶1)
            shown[node_id] = Node(shown_as, None, line, 0, actor.name)
            continue
        unit = directive.unit(figure, node.get("cites"), line, problems)
        if unit and directive.quotes_ok(node["text"], unit, line, problems, f"node {node_id!r}") \
                and speaker_ok(record, node["text"], unit, line, problems, f"node {node_id!r}") \
                and gloss_ok(node["text"], unit, line, problems, f"node {node_id!r}"):
            wrap = node.get("wrap") if isinstance(node.get("wrap"), int) and not isinstance(node.get("wrap"), bool) else 0
            if node.get("wrap") is not None and not wrap:
                problems.add(line, f"node {node_id!r}: wrap is a number of characters a line, not {node['wrap']!r}")
            # quoting across the mark the op-ed never closes, it says so, as the claims table does (review DA)
            text = f"{node['text']} {unit.unclosed}" if unit.unclosed and "‘" in node["text"] else node["text"]
            shown[node_id] = Node(text, unit, line, unit.paragraph, wrap=wrap)
    if any(not node.unit for node in shown.values()):  # among actors, a box of her words is what an arrow leads to:
        for node in shown.values():                     # "the author:" on it read as her demand (review BK)
            node.bare = bool(node.unit and node.unit.speaker is None and node.unit.kind != "judgment"
                             and not node.unit.cue and not node.unit.inside)  # her judgment still says it is hers
    # one box for each source in each ¶, so that its heading gives the words of attribution of one ¶ (review CF)
    groups: dict[tuple[str, int], list[str]] = {}  # (source id, ¶) -> its nodes
    for node_id, node in shown.items():
        if node.unit and node.unit.speaker is not None:
            groups.setdefault((node.unit.speaker.id, node.unit.paragraph), []).append(node_id)
    box_of = {m: box for box, members in groups.items() for m in members}
    cues = {box: heading_cues([shown[m].unit for m in members]) for box, members in groups.items()}
    edges: list[Edge] = []
    for edge in entry.get("edges") or []:
        line = getattr(edge, "line", figure.line)
        # several steps may lead to one by the same words ("Be that as it may" sets aside both sides of a dispute):
        # their lines join in a dot, and one arrow carries the words
        starts = edge.get("from") if isinstance(edge.get("from"), list) else [edge.get("from")]
        if len(starts) < 2 and isinstance(edge.get("from"), list) or not all(isinstance(s, str) for s in starts):
            problems.add(line, f"edge from {edge.get('from')!r}: from is a node, or a list of two or more nodes")
            continue
        ends = (starts[0], edge.get("to"))
        if not all(end in shown for end in (*starts, ends[1])):
            missing = [end for end in (*starts, ends[1]) if end not in shown and end not in entry["nodes"]]
            if missing:  # a node that is there but was reported is not reported again
                problems.add(line, f"edge {ends[0]!r} → {ends[1]!r}: {', '.join(map(repr, missing))} is no node of the figure")
            continue
        unit = directive.unit(figure, edge.get("cites"), line, problems)
        words = str(edge.get("words") or "")
        if unit is None:
            continue
        reading = bool(edge.get("reading"))  # the editors' reading: the op-ed's opening words, or none
        if (words or not reading) and not occurs(words, unit.sentence.text):
            problems.add(line, f"edge {ends[0]!r} → {ends[1]!r}: the words “{words}” are not in {unit.sentence.label}: "
                               f"{closest_diff(words, unit.sentence.text)}")
            continue
        connector = bool(edge.get("connector")) or reading
        if not connector and not speaker_ok(record, quoted(words), unit, line, problems, f"edge {ends[0]!r} → {ends[1]!r}",
                                            node=False):
            continue
        if connector and words and not unit.words.casefold().startswith(words.casefold()):
            problems.add(line, f"edge {ends[0]!r} → {ends[1]!r}: a connector is the op-ed's connecting words, which open "
                               f"{unit.id}: “{' '.join(unit.words.split()[:4])} …”")
            continue
        # within one source's boxes, however many ¶ they are
        owners = {box_of[end][0] if end in box_of else None for end in (*starts, ends[1])}
        inside = [source for source in owners if source] if len(owners) == 1 else []
        if inside and (unit.speaker is None or unit.speaker.id != inside[0]):
            source = record.sources[inside[0]]
            problems.add(line, f"edge {ends[0]!r} → {ends[1]!r} is drawn inside {source.short}’s group but cites "
                               f"{unit.sentence.label}, which is "
                               f"{unit.whose}’s")
            continue
        contrast = {None: "", False: "", True: "contrast", "aside": "aside"}.get(edge.get("contrast"))
        if contrast is None:
            problems.add(line, f"edge {ends[0]!r} → {ends[1]!r}: contrast is true (a contrast she draws) or aside "
                               f"(what she sets aside), not {edge.get('contrast')!r}")
            continue
        # a connector that is a source's words of attribution ("According to the statements by") leads to what the
        # source says: dotted, as every source's link is
        attributing = connector and unit.speaker is not None and any(occurs(cue, words) for cue in unit.cue)
        style = "source" if attributing else (contrast or ("reading" if reading else "connector")) if connector \
            else unit.style()
        # entering its source's box for this ¶, inside it, or leaving it from what that source says: where that box's
        # heading gives this unit's words of attribution, it says whose the words are and how sure, and the link does
        # not say it again (“these analysts: “They explained”” under "these analysts: “explained”")
        headed = next((box_of[end] for end in (ends[1], *starts) if end in box_of and unit.speaker is not None
                       and box_of[end] == (unit.speaker.id, unit.paragraph)
                       and (unit.cue_text() or attribution.REPORTED) in cues[box_of[end]]), None)
        from_box = unit.speaker is not None and box_of.get(ends[0], ("",))[0] == unit.speaker.id  # its words alone
        # the op-ed's words, quoted, with who says them and how sure unless a box says it; the editors' reading says so
        said = (f"{READING}: {quoted(words)}" if words else READING) if style == "reading" else quoted(words)
        if style != "reading" and any(occurs(word, words) for word in unit.granting_words()):
            said += attribution.GRANTS  # “She admitted” (her verb): her word that grants the claim, said to be hers
        note = notes.find(env, unit.note) if unit.note else None
        edges.append(Edge(ends, style, said if connector else label(unit, said), unit, line,
                          said if headed or inside or from_box else "", words, note.label if note else "", tuple(starts[1:]), headed))
    # an arrow between two actors is a tie the op-ed makes: their glossary entries list each other (review EV: the
    # maps drew Lukashenka to the West, and neither entry named the other)
    for e in edges:
        for start in e.starts:
            one, other = shown[start].actor, shown[e.ends[1]].actor
            if one and other and one != other and other not in (name for kind in cast.ties(cast.by_name[one]) for name in kind):
                problems.add(e.line, f"edge {start!r} → {e.ends[1]!r} ties {one} to {other}, which the glossary does not "
                                     f"relate: add {other} to the related of {one} in actors.yaml")
    # -- Mermaid: a node in a source's box shows the source's words; the box's heading says whose they are
    code = [entry.get("init") or INIT, f"flowchart {entry.get('direction', 'TB')}"]
    grouped = {node_id for members in groups.values() for node_id in members}
    # the words its labels give, a link's into or in it and its boxes': where they give all its words of attribution
    # (“According to the statements by” on the link into it), the heading gives only whose the words are (a link
    # labelled with its ¶ alone read as causal: review DM)
    labelled = {box: " ".join([e.words for e in edges if e.box == box] + [shown[m].text for m in members])
                for box, members in groups.items()}
    headings = {box: box_heading(record.sources[box[0]], [shown[m].unit for m in members], labelled[box])
                for box, members in groups.items()}
    crossed = {box for box, members in groups.items()
               if any((start in members) != (e.ends[1] in members) for e in edges for start in e.starts)}
    for node_id, node in shown.items():
        if node_id not in grouped:
            code.append(f'    {node_id}["{mermaid_text(node.drawn, node.wrap)}"]')
    for box, members in groups.items():
        heading, group = headings[box], f'group_{box[0].replace("-", "_")}_p{box[1]}'
        if box in crossed:
            # an arrow enters or leaves the box: Mermaid would draw it across the box's title, so the heading is
            # the box's first node instead, and the arrow runs beside it
            code.append(f'    subgraph {group}[" "]')
            code.append(f'        {group}_heading["{mermaid_text(heading, BOX_WRAP)}"]:::{HEADING}')
            code += [f"        {group}_heading ~~~ {m}" for m in members]
        else:
            code.append(f'    subgraph {group}["{mermaid_text(heading, BOX_WRAP)}"]')
        code += [f'        {m}["{mermaid_text(shown[m].text + f" (¶{shown[m].paragraph})")}"]' for m in members]
        code.append("    end")
    if crossed:
        code.append(f"    classDef {HEADING} fill:none,stroke:none")
    # a box of the op-ed's own words inside a source's claim: the thick dotted line of such words, as its border
    # (review EW: Figure 10 draws them as a line, Figure 3 as a box, and the box looked like any of hers)
    voiced = [i for i, n in shown.items() if n.unit and n.unit.inside and i not in grouped]
    if voiced:
        code += [f"    classDef voice {VOICE_BORDER}", f"    class {','.join(voiced)} voice"]
    together = [n for n in entry.get("together") or [] if n in shown and n not in grouped]
    if len(together) > 1:  # sentences that make one step (¶2's two of her thesis): one frame, no heading
        code += ['    subgraph together[" "]', *(f"        {n}" for n in together), "    end"]
    wrapping = re.search(r'"wrappingWidth":\s*(\d+)', code[0])
    edge_wrap = max(EDGE_WRAP, int(wrapping.group(1)) // CHARACTER_PX if wrapping else 0)
    first = sum("~~~" in line for line in code)  # Mermaid numbers every link, the boxes' invisible ones first
    links: list[tuple[str, Edge]] = []  # in Mermaid's order
    for n, e in enumerate(edges):
        arrow = f'{ARROWS[e.style]}|"{mermaid_text((e.in_box or e.text) + e.where, edge_wrap)}"| {e.ends[1]}'
        if e.also:  # the lines from each step meet in a dot; the arrow from it carries the words
            code.append(f"    join_{n}@{{ shape: junction }}")
            links += [(f"    {start} {PLAIN_LINE[ARROWS[e.style]]} join_{n}", e) for start in e.starts]
            links.append((f"    join_{n} {arrow}", e))
        else:
            links.append((f"    {e.ends[0]} {arrow}", e))
    code += [link for link, _ in links]
    # the editors' reading is drawn in grey, set apart from the op-ed's own links as well as labelled so
    code += [f"    linkStyle {first + n} stroke:{READING_GREY},stroke-dasharray:{READING_DASH}" for n, (_, e) in enumerate(links) if e.style == "reading"]
    # the op-ed's own words inside a source's claim: dotted, as a source's line, but thick, set apart from it
    code += [f"    linkStyle {first + n} {VOICE_LINE}" for n, (_, e) in enumerate(links) if e.style == "voice"]
    # an actor shown in the op-ed's fuller words ("a number of experts close to the Kremlin") links its entry too
    code += [f'    click {i} href "{GLOSSARY_LINK}{urllib.parse.quote(n.actor)}" "Glossary: {n.actor}"'
             for i, n in shown.items() if n.unit is None and n.text != n.actor]
    # -- caption, alt text and text version: the same nodes, edges and groups, in words
    cited = [n.unit.paragraph for n in shown.values() if n.unit] + [e.unit.paragraph for e in edges]
    check_title(env, entry["title"], cited, figure.line, problems)
    # the caption names the lines and marks this figure draws, and only those; the key says what each means
    relates = any(e.unit.basis == "reported" for e in edges)  # an argument she relates is drawn as a source's
    # what she sets aside ends in a dot, as her connecting words, from one step or from a junction of several
    styles = ["reported" if e.style == "source" and relates else "connector" if e.style == "aside" else e.style
              for e in edges]
    drawn = styles + (["voice"] if voiced else []) + (["joined"] if any(e.also for e in edges) else []) \
        + (["boxes"] if groups else []) + (["together"] if len(together) > 1 else []) + (["noted"] if any(e.noted for e in edges) else [])
    caption = (f"{entry['title']}. " + caption_marks(drawn) + f"{key_reference()} Editorial diagram; sources {paragraphs(cited)}.")
    # the text version lists the nodes in the data's order, a box where its first node comes, so a chain reads in order
    order = [m for i in shown for m in ([i] if i not in grouped else groups[box_of[i]] if groups[box_of[i]][0] == i else [])]
    number = {node_id: n for n, node_id in enumerate(order, 1)}  # the same in every output
    # the links in the order of their nodes, as a reader follows them (the data's order is the drawing's)
    listed = sorted(edges, key=lambda e: (number[e.ends[0]], number[e.ends[1]]))  # a joined link: by its first step
    alt = [f"{entry['title']}."]
    alt += [f"{heading}: " + "; ".join(shown[m].text for m in groups[box]) + "."
            for box, heading in headings.items()]
    # a node outside a box says whose it is ("the author: …"), as in the text version; an arrow, its line style
    spoken = {i: (n.text if i in grouped else n.said) for i, n in shown.items()}
    alt += [f"{' and '.join(spoken[s] for s in e.starts)} to {spoken[e.ends[1]]}, {STYLE[e.style]}: {e.told()}"
            + (f" (see {e.note_label})." if e.noted else ".") for e in listed]
    alt += [f"Also: {node.said}." for node_id, node in shown.items()
            if node_id not in grouped and not any(node_id in (*e.starts, e.ends[1]) for e in edges)]
    items = []
    for node_id in order:
        if node_id not in grouped:
            items.append((f"- ({number[node_id]}) {shown[node_id].listed}", shown[node_id].line))
        elif groups[box_of[node_id]][0] == node_id:
            box = box_of[node_id]
            source = record.sources[box[0]]
            # the source's glossary entries, so that their "Mentioned in" reaches the figure (reviews BM; DB, DG: both
            # of "the Russian side and some Ukrainian politicians")
            entries = ", ".join(f"{{term}}`{name}`" for name in source.actors)
            glossary = f" (in the glossary: {entries})" if entries else ""
            items.append((f"- In the box *{headings[box]}*{glossary}:", source.line))
            items += [(f"  - ({number[m]}) {shown[m].listed}", shown[m].line) for m in groups[box]]
    drawn = {node.actor for node in shown.values() if node.unit is None}  # an actor's own box links it above
    items += named_entries(env, [node.text for node in shown.values() if node.unit], drawn, figure.line)
    if len(together) > 1:
        framed = " and ".join(f"({number[n]})" for n in together)
        items.append((f"- {framed} are framed together: one step, in {len(together)} sentences.", figure.line))
        # the alt text numbers nothing (the text version does): the boxes by their words (review DM)
        alt.append("Framed together as one step: " + " and ".join(spoken[n] for n in together) + ".")

    def link(e: Edge, indent: str = "") -> tuple[str, int]:
        return (f"{indent}- {' and '.join(f'({number[s]})' for s in e.starts)} → ({number[e.ends[1]]}), "
                f"{TEXT_STYLE[e.style]}: {e.told(NO_WORDS_SHORT)} "
                f"({{p}}`{e.unit.paragraph}: {e.words or e.unit.opening}`"
                + (f"; {{note}}`{e.unit.note}`" if e.noted else "") + ").", e.line)

    # the links whose words a box's heading says whose they are, listed under the box (named, not its heading again),
    # where its first link comes: as the drawing shows them in or into the box, and so each still says whose
    links: list[tuple[str, int]] = []
    for n, e in enumerate(listed):
        box = e.under
        if box is None:
            links.append(link(e))
        elif all(other.under != box for other in listed[:n]):
            boxed = [other for other in listed if other.under == box]
            where = " and ".join(dict.fromkeys(
                "in" if o.ends[1] in groups[box] and any(s in groups[box] for s in o.starts)
                else "into" if o.ends[1] in groups[box] else "from" for o in boxed))
            links.append((f"- {where[:1].upper() + where[1:]} the box {record.sources[box[0]].short} (¶{box[1]}):",
                          e.line))
            links += [link(o, "  ") for o in boxed]
    lines = [("```{mermaid}", figure.line), (f":name: {figure.name}", figure.line),
             (f":caption: {caption}", figure.line), (f":alt: {' '.join(alt)}", figure.line), ("", figure.line)]
    lines += [(c, figure.line) for c in code] + [("```", figure.line), ("", figure.line)]
    lines += [(f":::{{admonition}} Text version of {{numref}}`{figure.name}`", figure.line), (":class: diagram-text", figure.line),
              ("Nodes:", figure.line), ("", figure.line), *items]
    if links:
        # in print, "Links:" never ends a page without the first links under it
        lines += [("", figure.line), ("```{raw} latex", figure.line), ("\\needspace{4\\baselineskip}", figure.line),
                  ("```", figure.line), ("Links:", figure.line), ("", figure.line), *links]
    lines.append((":::", figure.line))
    return lines


DAY = re.compile(rf"({'|'.join(calendar.month_name[1:])}) \d{{1,2}}")  # "September 14", as the op-ed dates


def named_entries(env: Any, texts: list[str], drawn: set[str], line: int) -> list[tuple[str, int]]:
    """The text version's line of every glossary entry its boxes' words name, by one of its spellings (Wagner, the
    SBU in Figure 2), so that their "Mentioned in" and the index reach the figure (review DN); all of them, or the list
    reads as a choice (review DO); none already drawn as an actor's own box, which links it."""
    named = [actor.name for actor in actors_module.load(env).by_name.values()
             if actor.name not in drawn and any(actor.pattern.search(text) for text in texts)]
    return [(f"- Glossary entries the boxes’ words name: {', '.join(f'{{term}}`{name}`' for name in named)}.", line)] \
        if named else []


def op_ed_date(date: str, note: Any) -> str:
    """A date as the op-ed gives it; one an editor's note corrects is marked as the op-ed's, and a time given
    only relative to another ("before the meeting", "After August 9") is quoted and said to be one."""
    if note:
        return f"“{date}” (the op-ed’s date; see {note.label})"
    return date if DAY.fullmatch(date) else f"“{date}” (no day given)"


def caption_marks(drawn: list[str]) -> str:
    """The lines and marks a figure draws (LEGEND's keys, or "reported"), as its caption names them, in the key's
    order: "Solid: what the author states as fact; dotted: a source’s claim. " (empty if it draws none of them)."""
    marks = [IN_CAPTION["reported"] if item == "source" and "reported" in drawn else IN_CAPTION.get(item, name)
             for item, (name, _) in LEGEND.items() if name and (item in drawn or item == "source" and "reported" in drawn)]
    return f"{'; '.join(marks[:1] + [m[:1].lower() + m[1:] for m in marks[1:]])}. " if marks else ""


def key_reference() -> str:
    """The caption's pointer to the figure key, which explains its lines and marks (a link on screen, and in print
    the key's title, which the contents list)."""
    return f"Key: {{ref}}`{KEY_LABEL}`."


def check_title(env: Any, title: str, cited: list[int], line: int, problems: Problems) -> None:
    """The editors' title quotes only the paragraphs the figure rests on, and keeps the hedge or the source of
    what it quotes (“perceived in Belarus as a real threat” is what the reaction “suggests”)."""
    body, record = book.of(env).oped.body, attribution.of(env)
    for quote in quotations(title)[0]:
        found = [n for n in sorted(set(cited)) if occurs(quote, body[n - 1])]
        if not found:
            problems.add(line, f"the title quotes “{quote}”, which is in none of the figure's paragraphs ({paragraphs(cited)})")
        for unit in (u for n in found[:1] for u in record.governing(n, quote) if len(quote.split()) >= 4):
            if not unit.carried_by(title):
                problems.add(line, f"the title quotes “{quote}”, which {unit.sentence.label} gives as "
                                   f"{unit.whose}’s, {unit.cue_text()}: "
                                   "keep that in the title")


def heading_cues(units: list[Unit], shown: str = "") -> list[str]:
    """The op-ed's words of attribution a box's heading gives, once each, in the order of its nodes; none where the
    words ``shown`` in and into the box give them all (its granting verbs aside, which every statement keeps)."""
    if shown and all(unit.cues_given_by(shown) for unit in units):
        return []
    return list(dict.fromkeys(unit.cue_text() or attribution.REPORTED for unit in units))


def box_heading(source: attribution.Source, units: list[Unit], shown: str = "") -> str:
    """Whose words a box holds, with the op-ed's words of attribution: "Paul Goble: “believes”; … (¶9)"; only whose,
    where its labels give them all ("doubt" in the doubters' words, “According to the statements by” on the link
    into the box: review EY found a heading repeating them).  Some, it gives all: the one it would keep read as
    said of every node in the box (review EZ: "claimed" over what the analysts "explained")."""
    cues = heading_cues(units, shown)
    return f"{source.short}{': ' + '; '.join(cues) if cues else ''} ({paragraphs([u.paragraph for u in units])})"


@dataclass
class Node:
    text: str              # the editors' words (quoting its unit), or an actor's headword
    unit: Unit | None      # None: an actor
    line: int
    paragraph: int         # the ¶ it cites; 0 for an actor (its arrows give theirs)
    actor: str = ""
    wrap: int = 0          # characters a line, where the data sets it (else Mermaid wraps at wrappingWidth)
    bare: bool = False     # a box of what she states as fact, among actors: the arrow into it says whose it is

    @property
    def said(self) -> str:
        """Its words with who says them and how sure (the alt text, the text version)."""
        return label(self.unit, self.text) if self.unit and not self.bare else self.text

    @property
    def listed(self) -> str:
        """Its line in the text version, with the ¶ it rests on (an actor: its glossary entry, which says where the
        op-ed names it)."""
        if self.unit is None:
            term = self.actor if self.text == self.actor else f"{self.text} <{self.actor}>"  # "as": its fuller words
            return f"{{term}}`{term}`."
        return f"{self.text if self.unit.speaker else self.said} ({{p}}`{self.paragraph}`)."

    @property
    def drawn(self) -> str:
        """Its label in the figure: a source's nodes sit in the source's box, which says whose they are."""
        # her hedged words keep "the author, “clearly demonstrated”:" though the arrow into them says it too: the text
        # version, which the build checks, must, and the drawing had left it out (Figure 12: reviews DX, DZ)
        return f"{self.said} (¶{self.paragraph})" if self.paragraph else self.said



@dataclass
class Edge:
    ends: tuple[str, str]
    style: str
    text: str
    unit: Unit
    line: int
    in_box: str = ""  # its words alone, where the heading of a box it enters or lies in says whose they are
    words: str = ""   # the op-ed's words it rests on
    note_label: str = ""  # "Editors’ note 2", where one bears on its unit
    also: tuple[str, ...] = ()  # other steps that lead to the same one by the same words (their lines join)
    box: tuple[str, int] | None = None  # the box whose heading says whose its words are (in_box), if one does

    @property
    def starts(self) -> tuple[str, ...]:
        return (self.ends[0], *self.also)

    def told(self, none: str = NO_WORDS) -> str:
        """Its label in words, after its line style: the editors' reading gives the op-ed's words it rests on, if any,
        else ``none`` (the text version says it short: the figure key says it in full)."""
        if self.style != "reading":  # its words alone only where it is listed under the box that says whose
            return self.in_box if self.box else self.text
        if self.words:
            return quoted(self.words)
        judged = self.unit.by_author and self.unit.kind == "judgment" and not self.unit.cue  # unhedged: say whose
        return none + (", from the author’s judgment" if judged else "")

    @property
    def under(self) -> tuple[str, int] | None:
        """The box it is listed under in the text version, where that box says whose its words are and how sure
        (its label does not), else None: her own connecting words say themselves whose they are."""
        return self.box if self.box and self.in_box != self.text else None

    @property
    def noted(self) -> bool:
        """An editor's note bears on its words (not on a connector's)."""
        return bool(self.unit.note) and self.style not in CONNECTING

    @property
    def where(self) -> str:
        """Its ¶, and the editor's notes where one bears on its words."""
        return f" (¶{self.unit.paragraph}; see {self.note_label})" if self.noted else f" (¶{self.unit.paragraph})"


def timeline(directive: FigureFromData, figure: Figure, problems: Problems) -> list[tuple[str, int]] | None:
    entry, env = figure.entry, directive.env
    found = data_file.check_fields(entry, figure.name, {"title": str, "events": data_file.list_of(dict), "kind": str})
    if found:
        for message in found:
            problems.add(figure.line, message)
        return None
    dated, undated, read_in = [], [], []
    for event in entry["events"]:
        line = getattr(event, "line", figure.line)
        unit = directive.unit(figure, event.get("cites"), line, problems)
        if unit is None or not directive.quotes_ok(str(event.get("text", "")), unit, line, problems, "event"):
            continue
        date = event.get("date")
        if date and not occurs(str(date), unit.sentence.text):
            problems.add(line, f"event: the date “{date}” is not written so in {unit.sentence.label}")
            continue
        note = notes.find(env, event["note"]) if event.get("note") else None
        if event.get("note") and note is None:
            problems.add(line, f"event: {notes.unknown(env, event['note'])}")
            continue
        reading = event.get("reading")
        if not isinstance(reading, (bool, type(None))) and not (isinstance(reading, str) and reading.strip()):
            problems.add(line, "event: reading is true, or the editors’ words for why the order is theirs")
            continue
        if isinstance(reading, str):  # the editors' reason quotes the op-ed's words of the event's ¶ (checked)
            said = book.of(env).oped.body[unit.paragraph - 1]
            wrong = [quote for quote in quotations(reading)[0] if not occurs(quote, said, case=True)]
            if wrong:
                problems.add(line, f"event: reading quotes “{wrong[0]}”, which is not in ¶{unit.paragraph}")
                continue
        if date and dated and reading:  # its place after the entry before is the editors' reading (DP)
            # the link from that entry, in Mermaid's order, and why it is theirs where the data says (DR, DU, DV)
            read_in.append((len(dated) - 1, "" if reading is True else f": {reading.strip().rstrip('.')}"))
        (dated if date else undated).append((str(date or ""), label(unit, event["text"]), unit, note, line))
    # Drawn top to bottom (a Mermaid timeline runs sideways, past the text column): one box an event, in order
    code = [TIMELINE_INIT, "flowchart TB"]
    for n, (date, text, unit, note, _) in enumerate(dated, 1):
        period = op_ed_date(date, note)
        code.append(f'    event{n}["{mermaid_text(f"{period}: {text} (¶{unit.paragraph})")}"]')
        if n > 1:
            code.append(f"    event{n - 1} {TIME_LINE} event{n}")
    code += [f"    linkStyle {i} stroke:{READING_GREY},stroke-dasharray:{READING_DASH}" for i, _ in read_in]
    ordered = [f"The order of “{dated[i][0]}” and “{dated[i + 1][0]}” is the editors’ reading, not the op-ed’s{why}."
               for i, why in read_in]
    cited = [u.paragraph for _, _, u, _, _ in dated + undated]
    check_title(env, entry["title"], cited, figure.line, problems)
    # the entries placed by the editors and those left off are the key's to explain, and the text version's to list
    left_off = ("One undated entry is in the text version only. " if len(undated) == 1 else
                f"{len(undated)} undated entries are in the text version only. " if undated else "")
    caption = (f"{entry['title']}, in its own words (no year). "
               + caption_marks((["time"] if len(dated) > 1 else []) + (["reading"] if read_in else [])
                               + (["noted"] if any(note for *_, note, _ in dated) else []))  # as any figure's (FL)
               + left_off
               + f"{key_reference()} Editorial diagram; sources {paragraphs(cited)}.")
    alt = [f"{entry['title']}."] + [f"{op_ed_date(d, n)}: {t}." for d, t, _, n, _ in dated]
    alt += [f"Undated: {t}." for _, t, *_ in undated] + ordered
    lines = [("```{mermaid}", figure.line), (f":name: {figure.name}", figure.line), (f":caption: {caption}", figure.line),
             (f":alt: {' '.join(alt)}", figure.line), ("", figure.line)]
    lines += [(c, figure.line) for c in code] + [("```", figure.line), ("", figure.line)]
    lines += [(f":::{{admonition}} Text version of {{numref}}`{figure.name}`", figure.line), (":class: diagram-text", figure.line)]
    for date, text, unit, note, line in dated:
        where = f"{{p}}`{unit.paragraph}: {date}`" + (f"; {{note}}`{note.id}`" if note else "")
        lines.append((f"- {op_ed_date(date, note)}: {text} ({where}).", line))
    for _, text, unit, _, line in undated:
        lines.append((f"- Undated, so not on the timeline: {text} ({{p}}`{unit.paragraph}`).", line))
    lines += [(f"- {sentence}", figure.line) for sentence in ordered]
    lines += named_entries(env, [text for _, text, *_ in dated + undated], set(), figure.line)  # as any figure's (FI)
    lines.append((":::", figure.line))
    return lines


class FigureKey(SphinxDirective):
    """``:::{figure-key}``: what each line, mark and label of the figures means, said once, under a heading labelled
    ``(figure-key)=`` before the first figure.  Every caption names the lines and marks its figure draws and links
    here; the text versions' words for a link's style are explained here too.  Made from LEGEND and TEXT_KEY, the
    data the captions and text versions are made from, so the key and the figures cannot disagree."""

    def run(self) -> list[nodes.Node]:
        def sentence(text: str) -> str:
            return text[:1].upper() + text[1:] + "."

        lines = ["Each figure’s caption names, in a few words, the lines and marks that figure draws; what each "
                 "means is said here, once. Every label, and every box of the op-ed’s words, ends with the ¶ of the op-ed it "
                 "rests on (a box that names an actor does not: see below), and each "
                 "figure is followed by a text version that gives it in words.", "",
                 "Lines and marks, as the captions name them:", ""]
        for name, meaning in (entry for entry in LEGEND.values() if entry[0]):
            lines += [name, f": {sentence(meaning)}", ""]
        # in print, a list's lead-in never ends a page without the list's first items under it
        keep_with_next = ["```{raw} latex", "\\needspace{4\\baselineskip}", "```"]
        lines += [*keep_with_next, "Labels:", ""]
        lines += [f"- {sentence(meaning)}" for name, meaning in LEGEND.values() if not name]
        lines += ["", *keep_with_next, "In the text versions, each link gives the numbers of the steps it joins, its "
                  "style and the op-ed’s words it rests on:", ""]
        for words, meaning in TEXT_KEY.items():
            lines += [f"*{words}*", f": {sentence(meaning)}", ""]
        container = nodes.container(classes=["figure-key"])
        self.state.nested_parse(StringList(lines, items=[(self.get_source_info()[0], self.lineno - 1)] * len(lines)),
                                self.content_offset, container)
        self.env.figure_key[self.env.docname] = [self.lineno]
        return [container]


def check_key(app: Sphinx, env: Any) -> None:
    """``env-check-consistency``: every caption links the figure key, so a book with figures has one, once,
    under its heading's label."""
    keys = [(doc, line) for doc, found in sorted(env.figure_key.items()) for line in found]
    figures = [(doc, line) for doc, found in sorted(env.figures_from_data.items()) for line in found]
    label = env.domains.standard_domain.labels.get(KEY_LABEL)
    if figures and not keys:
        doc, line = figures[0]
        logger.warning("the figures' captions link the figure key, which the book lacks: put ``:::{figure-key}`` under "
                       "a heading labelled (%s)= before the first figure", KEY_LABEL, location=(doc, line), type="figures")
    for doc, line in keys[1:]:
        logger.warning("a second figure key (the first is in %s): say it once", keys[0][0], location=(doc, line),
                       type="figures")
    if keys and (label is None or label[0] != keys[0][0]):
        logger.warning("the figure key is not under a heading labelled (%s)=, which the captions link", KEY_LABEL,
                       location=keys[0], type="figures")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("figure-from-data", FigureFromData)
    app.add_directive("figure-key", FigureKey)
    keep_per_doc(app, "figure_key")
    keep_per_doc(app, "figures_from_data")
    app.connect("env-check-consistency", check_key)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
