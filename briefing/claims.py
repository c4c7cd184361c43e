"""Who claims what, derived from the attribution (attribution.py): ``{claims-table}``, ``{key-judgments}``
and ``{attribution-sources}``.

Nothing here picks a speaker or a hedge: each row, judgment and source is a unit of ``attribution.yaml``
shown with the speaker, cue and kind recorded there.

* ``{claims-table}``: every claim and judgment of the op-ed, hedged or not, complete by construction, in three
  tables: the author's own, sources she names, sources she does not name (``claims_headings`` in conf.py may
  say "she" or "he").  Each row gives the speaker in the op-ed's words, what the op-ed says (its words), the
  op-ed's own attribution or confidence words (or "none: stated as fact") and the paragraph.
* ``{key-judgments}``: the units marked ``key``, each in her own words with her confidence words apart; a
  judgment she states without a hedge is marked so, outside her words.
* ``{attribution-sources}``: the sources she names and those she does not, in her words (the scope note).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import attribution, book, data_file
from .attribution import AUTHOR, Unit
from .textmatch import occurs, single

INSIDE_TABLE = "inside"
HEADINGS = {  # basis -> the heading of its table
    "author": "The author’s own claims and judgments",
    "named": "Sources the author names",
    "unnamed": "Sources the author does not name",
    "reported": "Views and arguments the author relates in her own words",
    # not hers alone, not the source's: the op-ed's words inside what a source says, in a table of their own (review
    # DX read them, among her own claims, as hers: the recording "falsified", inside what Vzglyad "note")
    INSIDE_TABLE: "The op-ed’s own words within a source’s claim",
}
KEY_HEADINGS = {  # the groups of her key judgments (attribution.KEY_GROUPS), in this order
    "premise": attribution.PREMISE[0].upper() + attribution.PREMISE[1:],
    "thesis": "The author’s thesis",
    "grounds": "Its grounds: the first she numbers, the others as the editors read them",
    "bearing": "Bearing on her thesis, in the editors’ reading: after the election",
    "account": "Along the way: the author’s account and judgments",
    "conclusion": "The author’s conclusion",
}
KEY_GROUP = "key-group"  # the class of a heading of a group of key judgments
SHOWN = ("event", "claim", "judgment")  # all but her framing words ("Interestingly"), which claim nothing
STATED_AS_FACT = "stated as fact: no hedge"  # a claim or an event she states without one
UNHEDGED = "her judgment: no hedge"  # a judgment she states without one: still a judgment, not a fact (the two
# marks open on different words, so that a skimming reader does not take one for the other: review DX)
# where the op-ed gives no words of attribution, the mark says what the words are, not "none:", which read as "no
# attribution" (review FQ)
NO_CUE = "her account of their view"
INSIDE = "the op-ed’s own wording, inside the claim of {}"  # neither marked as hers nor as theirs
MARKS = {"no_hedge": f"[{UNHEDGED}]", "stated_as_fact": f"[{STATED_AS_FACT}]", "no_cue": f"[{NO_CUE}]",
         "premise_mark": f"[{attribution.PREMISE}]"}  # for pages (myst substitutions)


def speaker(unit: Unit) -> str:
    """The speaker as the op-ed words it (MyST), its glossary entry linked."""
    if unit.speaker is None:
        return "The author"
    source, words = unit.speaker, unit.speaker.words
    if source.actor and source.actor in words:
        # every entry its words name ("the Russian side and some Ukrainian politicians": both, review DV)
        for name in source.actors:
            words = words.replace(name, f"{{term}}`{name}`", 1) if name in words.replace(f"`{name}`", "") else words
        return words
    return f"{words} ({{term}}`{source.actor}`)" if source.actor else words


def quoted(unit: Unit) -> str:
    """The unit's words, verbatim, in quotation marks ("…" where a span starts inside its sentence), marked as
    the op-ed's (``{oped-words}``: checked like every quotation, and never the book's own voice)."""
    words = unit.words.strip()
    lead = f"{unit.subject} … " if unit.subject else "" if unit.sentence.text.startswith(words) else "… "
    # the role's text is literal; its backticks are one more than the longest run in the words (a source may have
    # them: MyST's own roles and fences, in a text pasted as it came), so no word ends it early
    fence = "`" * (1 + max((len(run) for run in re.findall(r"`+", lead + words)), default=0))
    unclosed = f" {unit.unclosed}" if unit.unclosed else ""
    # its own marks, inside ours, single (evidence.nested); one it never closes said so (¶7: review CY)
    return f"{{oped-words}}{fence}“{single(lead + words)}”{fence}{unclosed}"


def unhedged(unit: Unit) -> str:
    return UNHEDGED if unit.kind == "judgment" else STATED_AS_FACT


def framing(unit: Unit, every: Any) -> str:
    """Her framing words in the unit's sentence ("It’s significant that", "Interestingly"), which go with it."""
    return "; ".join(f"framed by the author’s “{o.words}”" for o in every
                     if o.sentence == unit.sentence and o.kind == "framing" and o.by_author)


def confidence(unit: Unit, every: Any) -> str:
    """The op-ed's words of attribution or confidence for a unit, or that it has none, with her framing words."""
    mark = INSIDE.format(unit.inside) if unit.inside else unhedged(unit) if unit.by_author else NO_CUE
    cue = unit.cue_text() or f"[{mark}]"  # the editors' mark, in brackets
    # the impression her thesis answers is hers, but not her view: she sets her thesis against it (review BX)
    premise = MARKS["premise_mark"] if unit.key == "premise" else ""
    # the op-ed's own words within a source's claim, quoted whole in its row, are said to be hers there too, not only in
    # a row of their own (review DS: "fiery" read as the experts' word)
    held = [f"“{single(opening(o.words))}” is the op-ed’s own wording" for o in every
            if o.sentence == unit.sentence and o.by_author and o.kind != "framing" and not unit.by_author
            and occurs(o.words, unit.words)]
    # and a source's claim that the op-ed gives inside her own judgment is her report of it, in her words (review FK:
    # "after claiming that Russia is engaged in secret attempts to oust …", in her "Thus, they actually called …")
    within = [f"in her words, within her judgment “{single(opening(o.words))}”" for o in every
              if o.sentence == unit.sentence and o.by_author and o.kind == "judgment" and not unit.by_author
              and o.words != unit.words and occurs(unit.words, o.words)]
    return "; ".join(filter(None, [cue, framing(unit, every), premise, *held, *within]))


def opening(words: str, most: int = 8) -> str:
    """Words the row beside it quotes whole, named by their opening: at most ``most`` words, and none past a quotation
    mark of the op-ed's own (a 40-word span repeated in full made a column of 17 lines: review DY)."""
    split = words.split()
    upto = next((n for n, word in enumerate(split) if re.search(r"[‘“”]|’(?!\w)", word)), len(split))
    return words if min(upto, most) == len(split) else " ".join(split[:min(upto, most)]) + " …"


def cite(unit: Unit) -> str:
    """``{p}`9: the unit's words``` (on the web, the link's title: the whole of what the row rests on, not its
    opening, review EV) and, if the unit has one, its editor's note."""
    note = f"; {{note}}`{unit.note}`" if unit.note else ""
    return f"{{p}}`{unit.paragraph}: {unit.words}`{note}"


class AttributionDirective(SphinxDirective):
    def attribution(self) -> attribution.Attribution:
        self.env.note_dependency(str(attribution.data_path(self.env)))
        return attribution.of(self.env)

    def parse(self, lines: list[tuple[str, Any, int]]) -> list[nodes.Node]:
        """MyST lines, each with its file and line (so warnings name the data file's line)."""
        container = nodes.container()
        items = StringList([text for text, _, _ in lines], items=[(str(path), line - 1) for _, path, line in lines])
        self.state.nested_parse(items, 0, container)
        return container.children

    def here(self, text: str) -> tuple[str, Any, int]:
        return text, self.env.doc2path(self.env.docname), self.lineno


class ClaimsTable(AttributionDirective):
    def run(self) -> list[nodes.Node]:
        # every sentence, and every span, unless a unit of the same speaker and kind holds it (her judgment inside
        # her own judgment would repeat it); an event inside her judgment has its own row, so that what she states as
        # fact (the arrest, ¶3) is told apart from what she judges of it ("The lowest point", review BG), as does
        # another speaker's span inside a sentence (the experts' view inside her judgment), and the op-ed's own words
        # inside that span (¶6's "the Belarusian dictator", inside the analysts' claim inside her judgment)
        every = self.attribution().units.values()
        units = [u for u in every if u.kind in SHOWN and (u.inside or not any(
            o is not u and o.sentence == u.sentence and o.kind == u.kind and o.speaker == u.speaker
            and len(o.words) > len(u.words) and occurs(u.words, o.words) for o in every))]
        out = []
        for basis, heading in {**HEADINGS, **self.config.claims_headings}.items():
            rows = [u for u in units if (INSIDE_TABLE if u.inside else u.basis) == basis]
            if not rows:
                continue
            # (heading, width %, cell): the author's own table has no speaker column, its heading names her; nor has
            # the op-ed's own words', whose mark names the source whose claim they are in
            alone = basis in (AUTHOR, INSIDE_TABLE)
            # its attribution column wide enough that a cell of her verbs and marks is not a column of one word a
            # line in print (reviews DY, DZ: 5 to 17 lines)
            columns = [("Who says it", 18, speaker)] * (not alone) + [
                ("What the op-ed says (its words)", 58 if alone else 44, quoted),
                ("Attribution or confidence", 28 if alone else 25, lambda unit: confidence(unit, every)),
                ("Where", 14 if alone else 13, cite)]
            ragged = "|".join(rf">{{\raggedright\arraybackslash}}\Y{{{width / 100}}}" for _, width, _ in columns)
            lines = [self.here(text) for text in (
                f"```{{rubric}} {heading}", "```", "```{tabularcolumns} |" + ragged + "|", "```",
                ":::{list-table}", ":header-rows: 1", f":widths: {' '.join(str(w) for _, w, _ in columns)}",
                f":class: claims-table claims-{basis} longtable", "",
                *(f"{'*' if i == 0 else ' '} - {title}" for i, (title, _, _) in enumerate(columns)))]
            for unit in rows:
                lines += [(f"{'*' if i == 0 else ' '} - {cell(unit)}", unit.path, unit.line)
                          for i, (_, _, cell) in enumerate(columns)]
            lines.append(self.here(":::"))
            parsed = self.parse(lines)
            for row, unit in zip([r for n in parsed for r in n.findall(nodes.row)][1:], rows):  # after the header
                data_file.locate(row, unit.path, unit.line)
                row["classes"].append(f"claim-{unit.style()}")
            out += parsed
        return out


class KeyJudgments(AttributionDirective):
    """The author's bottom line: each key judgment in her words, her confidence words apart."""

    def run(self) -> list[nodes.Node]:
        every = self.attribution().units.values()
        units = [u for u in every if u.key]
        out = []
        for group, heading in {**KEY_HEADINGS, **self.config.claims_key_headings}.items():
            key = [u for u in units if u.key == group]
            if not key:
                continue
            lines = [self.here(f"```{{rubric}} {heading}"), self.here(f":class: {KEY_GROUP}"), self.here("```")]
            for unit in key:
                hedge = f"*{unit.cue_text()}*" if unit.cue else f"{{stated-as-fact}}`{unhedged(unit)}`"
                framed = framing(unit, every)  # her emphasis, as the claims table has it
                hedge += f" ({framed})" if framed else ""
                lines.append((f"- {hedge} — {quoted(unit)} ({cite(unit)})", unit.path, unit.line))
            parsed = self.parse(lines)
            for judgments in parsed:
                if isinstance(judgments, nodes.bullet_list):
                    for item, unit in zip(judgments.findall(nodes.list_item), key):
                        data_file.locate(item, unit.path, unit.line)
                    judgments["classes"] += ["key-judgments"]
            out += parsed
        return out


def key_groups_as_headings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On the web, the key judgments' groups are headings under the page's (review FL: paragraphs styled as headings,
    which a screen reader's list of headings skips); in print they stay run-in titles, below the book's sections."""
    if app.builder.format == "html":
        for rubric in doctree.findall(nodes.rubric):
            if KEY_GROUP in rubric["classes"]:
                rubric["heading-level"] = 2


class Sources(AttributionDirective):
    """The sources the author names, those she does not, and those whose argument she relates, in her words."""

    def run(self) -> list[nodes.Node]:
        record = self.attribution()
        sources = list(record.sources.values())
        # a view she relates is cited by its own words (his pitch), not by the name of whose it is (review BY)
        said = {id(s): next((u.opening for u in record.units.values() if u.speaker is s), s.words) for s in sources}
        lines, headings = [], {**HEADINGS, **self.config.claims_headings}
        for basis in attribution.BASES:
            heading = headings[basis]
            listed = [s for s in sources if s.basis == basis]
            if listed:
                # a source: her words for it; a view she relates: the editors' words for the view (who), not a source
                words = "; ".join(f"{s.who} ({{p}}`{s.paragraph}: {said[id(s)]}`)" if basis == "reported" and s.who else
                                  f"“{s.words}” ({{p}}`{s.paragraph}: {s.words}`{'; ' + s.who if s.who else ''})"
                                  for s in listed)
                lines.append((f"- {heading}: {words}.", attribution.data_path(self.env), listed[0].line))
        return self.parse(lines)


def oped_words_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """The op-ed's words quoted in full by the apparatus (a claims row, a key judgment), set as the op-ed's."""
    return [nodes.inline(rawtext, text, classes=["oped-words"])], []


def stated_as_fact_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """The mark of a judgment she states without a hedge: the editors' words, set apart from hers."""
    # a judgment's mark has a class of its own too, so that styles can tell it from a claim's (review EB)
    judgment = ["her-judgment"] if text == UNHEDGED else []
    return [nodes.inline(rawtext, f"[{text}]", classes=["stated-as-fact", *judgment])], []


def setup(app: Sphinx) -> dict[str, Any]:
    attribution.setup(app)
    app.add_directive("claims-table", ClaimsTable)
    app.add_directive("key-judgments", KeyJudgments)
    app.connect("doctree-resolved", key_groups_as_headings)
    app.add_directive("attribution-sources", Sources)
    app.add_role("stated-as-fact", stated_as_fact_role)
    app.add_role("oped-words", oped_words_role)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
