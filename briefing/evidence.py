"""Evidence: what the book says about the op-ed is checked against the op-ed's own words.

The op-ed's paragraphs are checked word for word by ``oped.py``; this extension checks what
the book *adds*.  Evidence is always a verbatim span of one paragraph, and comes in three forms:

* **quoted words** in editorial prose: a unit (a paragraph, a list item's paragraph, a table row,
  a figure caption) that cites paragraphs with ``{p}`` may put in “quotation marks” only words
  those paragraphs contain;
* **an evidence span** on a citation, for a statement that paraphrases:
  ``{p}`3: arrest by the Belarusian KGB of 33 employees``` (the reader sees it on hover);
* **figure labels**: every node and edge label of a Mermaid figure cites its ¶ and either quotes
  the op-ed or is itself the op-ed's words; a dated timeline period is the op-ed's date.

A statement (the words up to a group of citations) must carry evidence from every paragraph it
cites, and each citation shows the words it rests on; a page that quotes the op-ed
gives its (editorial) title's evidence in its front matter: ``title-evidence: "3: Wagner"``.
Inside a span, "…" marks an omission: the pieces must occur in that order.  Matching ignores
case and line breaks, nothing else.  Every failure is a warning with file and line and, where
a span is close to the op-ed's words, a word diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import actors, attribution, book
from .oped import cite_with_evidence, label, oped_part, quoted_paragraphs
from .attribution import possessive
from .textmatch import closest_diff, occurs, position, shares, single
from .oped_source import OpEd, normalise

logger = logging.getLogger(__name__)
OPEN, CLOSE = "“", "”"
CITATION = re.compile(r"¶(\d+)(?:\s*[–-]\s*¶?(\d+))?")  # ¶3, ¶5–¶6, ¶1–10 (plain text: captions, figures)


# -- Matching ---------------------------------------------------------------------------------

def quotations(text: str) -> tuple[list[str], bool]:
    """The “quoted” spans of ``text`` (nested quotations too) and whether the marks pair up."""
    spans, opened = [], []
    for i, char in enumerate(text):
        if char == OPEN:
            opened.append(i)
        elif char == CLOSE:
            if not opened:
                return spans, False
            spans.append(text[opened.pop() + 1:i])
    return spans, not opened


def nested(text: str) -> list[str]:
    """Quotations that hold another: the op-ed's own double quotation marks inside the editors' (“were trying to
    “sell” Lukashenka …”), which read as one quotation closing early (reviews CK, CQ, CR). Inside a quotation they
    are printed single, “were trying to ‘sell’ Lukashenka …”, and matched as the op-ed's (textmatch.inner_marks)."""
    quotes, _ = quotations(text)
    return [quote for quote in quotes if OPEN in quote]


def adjacent(text: str) -> list[tuple[str, str]]:
    """Two quotations with nothing but a space between them: “… must” “urgently …” (review CV)."""
    return re.findall(r"“([^“”]+)”\s+“([^“”]+)”", text)


def unmarked(text: str) -> str:
    """The words without quotation marks (the op-ed's own may stand between two quotations of its words)."""
    return " ".join(re.sub(r"[“”‘]|’(?!\w)", "", text).split())


def plain_citations(text: str) -> list[str]:
    """¶ numbers written as text ("¶9", "¶5–¶6"), as in captions and figure labels."""
    cited: list[str] = []
    for first, last in CITATION.findall(text):
        cited += map(str, range(int(first), int(last or first) + 1))
    return cited


def parse_span(argument: str) -> tuple[str, str | None]:
    """``"3: the words"`` -> ``("3", "the words")``; ``"3"`` -> ``("3", None)``."""
    part, _, span = argument.partition(":")
    return part.strip(), span.strip() or None


# -- Checking one unit ------------------------------------------------------------------------

def check(oped: OpEd, text: str, cited: list[str], spans: list[str], location: Any, what: str = "", each: bool = True,
          names: list[str] = ()) -> dict[str, str]:
    """Quotations in ``text`` must occur in a cited part; each cited part (``each``) or one of them needs evidence.

    ``cited``: op-ed parts ("3", "statement"); ``spans``: the parts whose evidence spans were given
    with the citation (and checked there); ``names``: glossary terms linked in the text, which are
    the op-ed's own spellings and so evidence for the parts that contain them.  Returns, for each
    cited part, the words found in it (a quotation, else a name), to show the reader.
    """
    cited = [part for part in dict.fromkeys(cited) if oped.has(part)]  # a bad number is reported by {p}
    if not cited:
        return {}
    found: dict[str, str] = {}
    for term in names:
        for part in cited:
            if occurs(term, oped.part(part)):
                found.setdefault(part, term)
    supported = set(spans) | set(found)
    quotes, paired = quotations(text)
    if not paired and all(quotations(oped.part(part))[1] for part in cited):  # not when quoting the op-ed's own
        logger.warning("%sunbalanced quotation marks in: %s", what, shorten(text), location=location, type="evidence")
    for first, second in adjacent(text):
        if any(occurs(unmarked(f"{first} {second}"), unmarked(oped.part(part)))  # not two it quotes so itself
               and not occurs(f"“{first}” “{second}”", oped.part(part)) for part in cited):
            logger.warning("%s“%s” “%s”: the op-ed's words run on from one quotation to the next, which reads as a "
                           "slip: quote them as one (its own quotation mark inside it single, ‘)", what, shorten(first, 40),
                           shorten(second, 40), location=location, type="evidence")
    shown: dict[str, list[str]] = {}
    for quote in quotes:
        where = [part for part in cited if occurs(quote, oped.part(part), case=True)]
        if where:
            supported.update(where)
            for part in where:
                shown.setdefault(part, []).append(normalise(quote))
            continue
        logger.warning("%squoted words “%s” are not in %s: %s", what, shorten(quote), ", ".join(map(label, cited)),
                       closest_diff(quote, " ".join(map(oped.part, cited))), location=location, type="evidence")
        supported.update(cited)  # reported once, not again as "no evidence"
    if each:
        unsupported = [part for part in cited if part not in supported]
    else:  # a caption or a figure label: one piece of evidence for the whole
        unsupported = [] if supported else cited[:1]
    for part in unsupported:
        logger.warning("%scites %s but carries no evidence from it: quote its words “…” or give a span, "
                       "{p}`%s: …` (in: %s)", what, label(part), part, shorten(text), location=location, type="evidence")
    for part, said in shown.items():  # all it quotes of the ¶, in the ¶'s order (review CN: not only the longest);
        said = [q for q in dict.fromkeys(said) if not any(q != other and occurs(q, other) for other in said)]
        joined = " … ".join(sorted(said, key=lambda q: position(q, oped.part(part))))  # a quotation beats a name
        found[part] = joined if occurs(joined, oped.part(part)) else said[-1]  # quotations that overlap: the nearest
    return found


def check_span(oped: OpEd, part: str, span: str, location: Any) -> bool:
    """An evidence span given with a citation must occur in that part of the op-ed."""
    text = oped.part(part)
    if occurs(span, text):
        return True
    logger.warning("evidence “%s” does not occur in %s: %s", shorten(span), label(part), closest_diff(span, text),
                   location=location, type="evidence")
    return False


def shorten(text: str, size: int = 90) -> str:
    text = normalise(text)
    return text if len(text) <= size else text[: size - 1] + "…"


# -- Prose ------------------------------------------------------------------------------------

def units(doctree: nodes.document) -> Iterator[nodes.Element]:
    """The editorial units of a page: table rows, captions and every other paragraph; never the op-ed's."""
    for node in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.caption, nodes.row))):
        if oped_part(node) is None and not (isinstance(node, nodes.paragraph) and _inside(node, (nodes.row,))):
            yield node


def _ancestor(node: nodes.Node, test: Any) -> nodes.Element | None:
    """The nearest element above ``node`` that passes ``test``, if any."""
    parent = node.parent
    while parent is not None and not test(parent):
        parent = parent.parent
    return parent


def _inside(node: nodes.Node, kinds: tuple[type, ...]) -> bool:
    return _ancestor(node, lambda parent: isinstance(parent, kinds)) is not None


def prose(node: nodes.Element) -> str:
    """A unit's text as the reader sees it, code left out."""
    return "".join(t.astext() for t in node.findall(nodes.Text) if not _inside(t, (nodes.literal,)))


@dataclass
class Statement:
    """The words of a unit up to a group of citations (or after the last one), with what they cite."""

    text: str = ""
    citations: list[addnodes.pending_xref] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the glossary terms it links


def statements(unit: nodes.Element) -> list[Statement]:
    """A unit split after each group of ``{p}`` citations: "… words … (¶5, ¶6). More words … ¶7." is two
    statements.  Citations with nothing but punctuation or section links between them form one group."""
    out, current = [], Statement()
    for node in unit.findall(lambda n: isinstance(n, (nodes.Text, addnodes.pending_xref))):
        words = node.get("reftype") == "term" if isinstance(node, addnodes.pending_xref) else (
            re.search(r"\w", node.astext()) and not _inside(node, (nodes.literal,)) and not _inside_reference(node))
        if words and current.citations:  # the next statement begins
            out.append(current)
            current = Statement()
        if isinstance(node, addnodes.pending_xref):
            if node.get("oped_part"):
                current.citations.append(node)
            elif node.get("reftype") == "term":
                current.names.append(node.astext())
        elif not (_inside(node, (nodes.literal,)) or _inside_reference(node)):
            current.text += node.astext()
    return [*out, current]


def _inside_reference(node: nodes.Node) -> bool:
    """Text of a link that is not a glossary term: a ¶, a section, a figure, a note (not the editor's words)."""
    link = _ancestor(node, lambda parent: isinstance(parent, addnodes.pending_xref))
    return link is not None and link.get("reftype") != "term"


def check_prose(app: Sphinx, doctree: nodes.document) -> None:
    from sphinxcontrib.mermaid import mermaid

    """Each statement's quotations are its ¶s' words, each cited ¶ has evidence in the statement that
    cites it, and each citation carries the words it rests on (shown on hover)."""
    oped = book.of(app.env).oped
    own = own_marks(oped)  # once a page, not once a paragraph
    for unit in units(doctree):
        if isinstance(unit, nodes.caption) and any(n.get("generated") for n in unit.parent.findall(mermaid)):
            continue  # a figure made from data: figures.py checks its caption's words at the data file's line
        check_straight_quotes(unit)
        if isinstance(unit, nodes.caption):
            check_unsourced_quotes(oped, unit)  # a caption cites its ¶s as text: one piece of evidence for all
            check(oped, prose(unit), plain_citations(prose(unit)), [], unit, "figure caption: ", each=False)
            continue
        check_nested(unit)
        check_own_marks(own, unit)
        parts = statements(unit)
        everything = [xref["oped_part"] for statement in parts for xref in statement.citations]
        if not everything:
            check_unsourced_quotes(oped, unit)
        for statement in parts:
            cited = [xref["oped_part"] for xref in statement.citations]
            given = [xref["oped_part"] for xref in statement.citations if xref.get("evidence")]
            for xref in statement.citations:
                if xref.get("evidence"):
                    check_span(oped, xref["oped_part"], xref["evidence"], unit)
            if not cited:  # words after the last citation: their quotations are still the unit's ¶s'
                check(oped, statement.text, everything, everything, unit)
                continue
            found = check(oped, statement.text, cited, given, unit, names=statement.names)
            check_cited_twice(statement.text, cited, unit)
            check_hedges(app.env, statement, unit)
            for xref in statement.citations:  # every citation shows the words it rests on
                words = found.get(xref["oped_part"])
                if words and not xref.get("evidence"):
                    parent, index = xref.parent, xref.parent.index(xref)
                    parent.remove(xref)
                    parent.insert(index, cite_with_evidence(xref, words))
    check_title(app, doctree)


NAMED_PARAGRAPHS = re.compile(r"¶(\d+)(?:[–-]¶?(\d+))?")


def check_cited_twice(text: str, cited: list[str], unit: nodes.Element) -> None:
    """Words that name a ¶ ("his refusals of ¶3") need no citation of the same ¶ after them: "(¶3)" again says
    nothing new, and reads as a slip (review BH)."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[^\W\d_“(])", re.sub(r"\s*\(\s*\)", "", text).strip())[-1]  # the one cited
    named = {str(n) for m in NAMED_PARAGRAPHS.finditer(sentence) for n in range(int(m[1]), int(m[2] or m[1]) + 1)}
    for part in dict.fromkeys(p for p in cited if p in named):
        logger.warning("¶%s is cited twice: the words before its citation already name it; drop one (in: %s)", part,
                       shorten(sentence.strip(" (;,")), location=unit, type="evidence")


def check_unsourced_quotes(oped: OpEd, unit: nodes.Element) -> None:
    """A quotation in editorial text that cites no ¶ is still the op-ed's words, found anywhere in it: the book
    tells its readers that quotation marks mark the op-ed's words, so its own labels (*Mentioned in*) are set in
    italics, never quoted.  An editor's note quotes its outside sources too, and is left to notes.py."""
    from .notes import editors_note
    if _inside(unit, (editors_note, nodes.system_message)):
        return
    whole = normalise(" ".join((oped.title, oped.byline, oped.bio, *oped.body, oped.statement)))
    spans, _ = quotations(prose(unit))
    for span in spans:
        if re.search(r"\w", span) and not any(span in other for other in spans if other != span) \
                and not occurs(normalise(span), whole):
            logger.warning("“%s” is in quotation marks but is not the op-ed’s: the book says quotation marks mark its "
                           "words; set the book’s own words in italics (*…*) (in: %s)", shorten(span, 60),
                           shorten(prose(unit)), location=unit, type="evidence")


# A straight "quotation" of words, as prose writes one: after a space or dash, not code's ("1 + 1") or an
# attribute's (onclick="…")
STRAIGHT_QUOTATION = re.compile(r'(?:^|(?<=[\s—–]))"[^\W\d_][^"]*"')


def _the_opeds_words(node: nodes.Node) -> bool:
    """Inside the op-ed's own words quoted by the apparatus (``{oped-words}``: a claims row, a key judgment)?"""
    return _ancestor(node, lambda parent: isinstance(parent, nodes.inline)
                     and "oped-words" in parent.get("classes", ())) is not None


def check_nested(unit: nodes.Element) -> None:
    """No quotation of the editors' holds another (``nested``): a claims row or a key judgment, which quote the op-ed's
    sentences whole (``claims.quoted``), and a figure's label (``figures.quoted``) print its own marks single too."""
    for quote in nested(prose(unit)):
        logger.warning("a quotation inside a quotation, “%s”: inside the editors' quotation marks, write the "
                       "op-ed's own as single ones, ‘…’", shorten(quote), location=unit, type="evidence")


def own_marks(oped: OpEd) -> set[str]:
    """The words the op-ed itself puts in quotation marks (“reversals”, “security donor”), folded for comparing."""
    return {normalise(quote).strip(" .,;:").casefold()
            for text in (oped.bio, *oped.body) for quote in quotations(text)[0] if OPEN not in quote}


def unshown_marks(text: str, own: set[str]) -> list[str]:
    """The editors' quotations in ``text`` of words the op-ed itself puts in quotation marks (all of them, or two
    or more of them), printed without its marks: “reversals”, where its marks are to be seen inside ours,
    “‘reversals’”, or the reader cannot tell its scare quotes, or its quoting of another, from ours (review EQ)."""
    def inside(quote: str) -> bool:  # all of it, or a part of two words or more ("color revolution"), of words the
        words = normalise(quote).strip(" .,;:").casefold()  # op-ed quotes; a single word ("urgently") may only
        return words in own or len(words.split()) > 1 and any(  # point at where its quotation opens
            re.search(rf"(?<!\w){re.escape(words)}(?!\w)", phrase) for phrase in own)
    return [quote for quote in quotations(text)[0] if OPEN not in quote and "‘" not in quote and inside(quote)]


def check_own_marks(own: set[str], unit: nodes.Element) -> None:
    for quote in unshown_marks(prose(unit), own):
        logger.warning("“%s”: the op-ed itself puts these words in quotation marks; show its marks inside ours, "
                       "“‘%s’”", shorten(quote), shorten(quote), location=unit, type="evidence")


def check_straight_quotes(unit: nodes.Element) -> None:
    """Straight quotation marks in the editors' text that cites the op-ed are explained: only “curly” ones are read
    as quoting it (and checked against it), so a straight "quotation" would pass unchecked, as the book's own
    words."""
    if _inside(unit, (nodes.system_message,)):
        return
    if not (plain_citations(prose(unit)) if isinstance(unit, nodes.caption) else
            any(x.get("oped_part") for x in unit.findall(addnodes.pending_xref))):
        return  # it cites no ¶: nothing in it is read as the op-ed's words (hostile text, code in prose)
    text = "".join(t.astext() for t in unit.findall(nodes.Text)
                   if not _inside(t, (nodes.literal,)) and not _the_opeds_words(t))
    if STRAIGHT_QUOTATION.search(text):
        logger.warning("straight quotation marks (\"…\") in the editors' text: the build reads only curly ones as "
                       "quoting the op-ed and checks those words against it; write “…” for its words (‘…’ for a "
                       "quotation inside them) (in: %s)", shorten(text), location=unit, type="evidence")


def check_hedges(env: Any, statement: Statement, unit: nodes.Element) -> None:
    """A statement that quotes or rests on a hedged or attributed sentence keeps its hedge or its source
    (attribution.py): "Putin “still does not trust” him (¶2)" drops the op-ed's “It’s possible”.  The
    statement itself carries it, or, in a list or a table, what introduces it; her unhedged judgment is said to be
    hers in the clause that quotes it; and a source's granting cue ("admitted") is quoted as the op-ed's word."""
    record = attribution.of(env)
    text = " ".join((statement.text, *statement.names))
    # in a list, or a table, what introduces it too: "Her reasons:", a table headed "The author’s own claims"
    items = unit.parent.parent if isinstance(unit.parent, nodes.list_item) else _ancestor(unit, lambda n: isinstance(
        n, nodes.table))
    before = [n for n in items.parent[:items.parent.index(items)] if prose(n).strip()] if items is not None and \
        isinstance(items.parent, nodes.Element) else []
    if before:
        text += " " + prose(before[-1])
    spans = [(xref["oped_part"], xref["evidence"]) for xref in statement.citations if xref.get("evidence")]
    spans += [(xref["oped_part"], quote) for xref in statement.citations for quote in quotations(statement.text)[0]]
    introduced = text[len(statement.text):]  # the list's introduction, and the glossary names linked
    reported = set()
    for cited in (u for part in {x["oped_part"] for x in statement.citations} if part.isdigit()
                  for u in record.units.values() if u.paragraph == int(part)):
        for quote in quotations(statement.text)[0]:
            if cited.cuts_off(quote):
                logger.warning("“%s” stops before “%s”, which belongs with it (%s): quote that too", shorten(quote, 60),
                               cited.keep, cited.sentence.label, location=unit, type="evidence")
        verb = cited.restated_in(statement.text)
        if verb and cited.id not in reported:
            reported.add(cited.id)
            logger.warning("“%s” restates %s claim (%s), which the author doubts with her own “%s”: keep it (in: %s)",
                           verb, possessive(cited.whose), cited.sentence.label, cited.doubt, shorten(statement.text),
                           location=unit, type="evidence")
        granted = cited.granted_in(statement.text)
        unmarked = None if granted else cited.granted_unmarked(statement.text)
        if unmarked and cited.id not in reported:
            reported.add(cited.id)
            logger.warning("%s gives %s claim as what they “%s”, the author’s verb, which grants it: say so, "
                           "“%s”%s (in: %s)", cited.sentence.label, possessive(cited.whose), unmarked, unmarked,
                           attribution.GRANTS, shorten(statement.text), location=unit, type="evidence")
        dropped = None if granted or unmarked or not cited.granting_words() else cited.grant_dropped(
            text, quotations(statement.text)[0],
            [u.words for u in record.units.values() if u.sentence == cited.sentence and u.inside])
        if dropped and cited.id not in reported:
            reported.add(cited.id)
            logger.warning("%s quotes what %s “%s” (the author’s verb, which grants it) without that verb: keep it, "
                           "“%s”%s (in: %s)", cited.sentence.label, cited.whose, dropped, dropped, attribution.GRANTS,
                           shorten(statement.text), location=unit, type="evidence")
        if granted and cited.id not in reported:
            reported.add(cited.id)
            logger.warning("%s gives %s claim as what they “%s”, a word that grants it: quote it as the op-ed’s "
                           "word, not the editors’ (in: %s)", cited.sentence.label, possessive(cited.whose), granted,
                           shorten(statement.text), location=unit, type="evidence")
    names = set(actors.load(env).by_spelling) | {s.words.casefold() for s in record.sources.values()}
    # the op-ed's units quoted whole as its words (a claims row, a key judgment): whose they are is the table's
    units_quoted = {single(n.astext()[1:-1]) for n in unit.findall(nodes.inline) if "oped-words" in n.get("classes", ())}

    def voiced(span: str, own: bool = False) -> bool:  # the statement says the quoted words are the op-ed's, there
        return bool(OPED_VOICE.search(introduced)) or named_at(statement.text, span, OPED_VOICE, OPED_VOICE_AFTER, own)

    for part, span in spans:
        if span.casefold().removeprefix("the ").strip("“”‘’ ").removeprefix("the ").strip("“”‘’ ") in names:
            continue  # a glossary name or epithet, or a source as the op-ed names it
        if not part.isdigit():
            continue
        # a quotation of a source's claim that holds the op-ed's own words for something ("Western leaders hostile to
        # the Belarusian dictator": her epithet inside the analysts' claim) says whose those words are, however few
        inner = any(span != other and span in other for _, other in spans)  # the op-ed's own quotation marks
        for held in (u for u in record.units.values() if u.paragraph == int(part) and u.inside and u.id not in reported
                     and len(u.words) < len(span) and shares(span, u.words)):
            if not inner and single(span) not in units_quoted and not voiced(span, own=True):
                reported.add(held.id)
                logger.warning("“%s” holds “%s”, words the op-ed gives in its own voice inside %s claim (%s): say "
                               "that they are the op-ed’s, or leave them out of what %s say (in: %s)", shorten(span, 60),
                               held.words, possessive(held.inside), held.sentence.label, held.inside, shorten(statement.text),
                               location=unit, type="evidence")
        for found in record.governing(int(part), span):
            # a phrase of a few words is no claim; her judgment, though, is hers however few of its words are quoted
            # ("Minsk “significantly” improved relations", in the editors' voice: review BV), and the op-ed's own words
            # inside a source's claim are the op-ed's ("its “rejection of Lukashenka”", as if a given: review CD)
            short = len(span.split()) < 4
            hers = found.by_author and (found.inside or found.kind == "judgment" and not found.cue)  # or the op-ed's voice
            if short and (not hers or found.words.casefold().startswith(span.casefold()) or voiced(span)):
                continue  # ... but not her opening words ("In recent years"), nor words said to be the op-ed's
            # the author's judgment, stated without a hedge, is still the author's: the statement says so ("she")
            # in the clause that quotes it: another clause's "the author" is about other words
            # (inside a source's claim, the op-ed's own voice, said so, is said enough: the branch below)
            unmarked = found.by_author and found.kind == "judgment" and not found.cue and not found.inside and not (
                HERS.search(introduced) or named_at(statement.text, span, HERS, HERS_AFTER))
            # words the op-ed gives in its own voice inside a source's claim ("the falsified audio recording …", in
            # what Vzglyad's commentators note) are the op-ed's: the statement says so, not that the source says them
            if found.inside and not inner and not voiced(span) and found.id not in reported:
                reported.add(found.id)
                logger.warning("“%s” rests on %s, words the op-ed gives in its own voice inside %s claim: say that "
                               "they are the op-ed’s (“a recording the op-ed calls …”), not %s (in: %s)",
                               shorten(span, 60), found.sentence.label, possessive(found.inside), possessive(found.inside),
                               shorten(statement.text), location=unit, type="evidence")
            elif unmarked and found.id not in reported:
                reported.add(found.id)
                logger.warning("“%s” rests on %s, the author’s judgment, stated without a hedge: say that it is the "
                               "author’s (in: %s)", shorten(span, 60), found.sentence.label, shorten(statement.text),
                               location=unit, type="evidence")
            elif not found.carried_by(text) and found.id not in reported:
                reported.add(found.id)
                logger.warning("“%s” rests on %s, which the op-ed gives as %s, %s: keep that in the statement "
                               "(in: %s)", shorten(span, 60), found.sentence.label,
                               possessive(found.whose),
                               found.cue_text() or "stated as fact", shorten(statement.text), location=unit,
                               type="evidence")


OPED_VOICE = re.compile(r"\bop-ed(’s)?\b|\bauthor\b|\bin her (own )?words\b|\bshe calls\b", re.I)
# names the author as speaker: "the author", or her pronoun ("he", "his" would be any man the statement names:
# Lukashenka's "hastily began to mend relations" passed as hers because it said "he")
HERS = re.compile(r"\b(author|authors?’s?|she|her|hers|herself)\b", re.I)

# "…”, she writes", "…”, for the author,", "…”, in the op-ed’s words": named just after the quotation, not after an
# "and" that opens the next clause
NAMED_AFTER = r"[\s,]*(?:(?!and\b|or\b|but\b)\w+\s+){{0,2}}(?:{})\b"
HERS_AFTER = re.compile(NAMED_AFTER.format("the author|she|her"), re.I)
OPED_VOICE_AFTER = re.compile(NAMED_AFTER.format("the author|she|her|the op-ed"), re.I)


def named_at(text: str, span: str, before: re.Pattern, after: re.Pattern, own: bool = False) -> bool:
    """Does ``text`` say whose its quotation of ``span`` is (``before``: in its sentence, or clause to a semicolon,
    before it; ``after``: just after it, "…”, she writes")?  "Lukashenka tried “to prove …” and, in the author’s
    words, “rather skillfully …”" names her for the second quotation, not the first.  Words not quoted (a
    citation's evidence) have no place in the text: the whole statement counts.  ``own``: only since the quotation
    before it, whose words another speaker may have claimed ("what the op-ed calls “…”, of which, they claimed, “…”")."""
    at = text.find(OPEN + span + CLOSE)
    if at < 0:
        return bool(before.search(text))
    depth, start = 0, 0
    for i, char in enumerate(text[:at]):
        depth += (char == OPEN) - (char == CLOSE)
        if not depth and (char in ".;" and text[i + 1:i + 2].isspace() or own and char == CLOSE):
            start = i + 1
    return bool(before.search(text[start:at]) or after.match(text, at + len(span) + 2))


COMMON = frozenset("about after again also before being from have into more most only over some such than that their "
                   "them then there these they this those under very what when where which while with would".split())


def shares_a_word(title: str, evidence: str) -> bool:
    """Does a title rest on its evidence: a word of four letters or more in common, compared by its first five
    ("Refusals" / "refused", "Sochi" / "Sochi"), common words aside?  An editor who retitles a page and leaves the
    evidence of the title it replaced (its first words, as ``briefing new`` wrote it) shares none."""
    def stems(text: str) -> set[str]:
        return {w[:5] for w in re.findall(r"[^\W\d_]{4,}", text.casefold()) if w not in COMMON}
    return bool(stems(title) & stems(evidence))


def oped_opens(oped: OpEd, part: str, words: str) -> bool:
    """Are ``words`` the opening words of ¶``part``: a provisional title as ``briefing new`` writes it (the op-ed's
    own words, cut with "…"), not an editorial statement whose hedges could be checked; it is the editors' to
    replace, and once replaced, the new title's evidence is checked (:func:`shares_a_word`, the hedges)."""
    return part.isdigit() and oped.has(part) and normalise(oped.part(part)).casefold().startswith(normalise(words).casefold())


def check_title(app: Sphinx, doctree: nodes.document) -> None:
    """A page that quotes the op-ed has an editorial title: its evidence is in the front matter."""
    env = app.env
    quoted = quoted_paragraphs(env, env.docname)
    if not quoted:
        return
    where = (env.docname, 1)
    given = env.metadata[env.docname].get("title-evidence")
    if not given:
        logger.warning("the page quotes ¶%s but its title has no evidence: add front matter "
                       "title-evidence: \"N: words of ¶N\"", quoted[0], location=where, type="evidence")
        return
    part, span = parse_span(str(given))
    if part not in quoted or not span:
        logger.warning("title-evidence %r must be \"N: words\" with N one of the paragraphs this page quotes (%s)",
                       given, ", ".join(f"¶{n}" for n in quoted), location=where, type="evidence")
        return
    title = env.titles[env.docname].astext()
    oped = book.of(env).oped
    for quote in quotations(title)[0]:  # letter for letter, as every quotation: not “A number of …” (review BV)
        if not any(occurs(quote, oped.part(str(n)), case=True) for n in quoted):
            logger.warning("the title quotes “%s”, which is not, letter for letter, in the paragraphs this page quotes "
                           "(%s)", quote, ", ".join(f"¶{n}" for n in quoted), location=where, type="evidence")
    if check_span(oped, part, span, where):
        if normalise(title) not in (text for _, text in oped.headings) and not shares_a_word(title, span):
            logger.warning("the title “%s” shares no word with its evidence “%s” (title-evidence): the evidence is "
                           "left from an earlier title; give the words of %s this title rests on", title, span,
                           label(part), location=where, type="evidence")
            return
        provisional = normalise(title.removesuffix("…")) == normalise(span) and oped_opens(oped, part, span)
        record = attribution.of(env)
        # the units whose hedge governs the evidence, and those whose evidence quotes the hedge itself ("It’s also
        # quite possible that …": the title rests on the whole hedged sentence, review BZ)
        resting = [*record.governing(int(part), span), *(
            u for u in record.units.values() if u.paragraph == int(part) and u.kind in ("claim", "judgment") and u.cue
            and (occurs(span, u.words) or occurs(u.words, span)) and any(occurs(cue, span) for cue in u.cue))] \
            if part.isdigit() and not provisional else []
        for unit in dict.fromkeys(resting):
            if not unit.carried_by(title, every=True):
                logger.warning("the title “%s” states flatly what %s gives as %s, %s: put that in the title, or give "
                               "evidence the op-ed states as fact", title, label(part),
                               possessive(unit.whose), unit.cue_text() or "without a hedge",
                               location=where, type="evidence")


# -- Figures ----------------------------------------------------------------------------------

LABEL = re.compile(r'"([^"]*)"')  # Mermaid flowchart labels: node["…"], edge |"…"|


def figure_labels(code: str) -> Iterator[tuple[int, str, bool]]:
    """(line in the code, label, is a timeline period) for every label of a flowchart or timeline."""
    lines = code.split("\n---\n", 1)[-1].splitlines()
    kind = next((line.split()[0] for line in lines if line.strip() and not line.lstrip().startswith("%%")), "")
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("%%") or stripped == kind or stripped.startswith(("title ", "classDef ", "class ", "style ", "linkStyle ", "click ")):
            continue
        if kind == "timeline":
            period, *events = (piece.strip() for piece in stripped.split(":"))  # Mermaid splits at every colon
            yield i, period, True
            for event in events:
                yield i, event, False
        else:
            for text in LABEL.findall(stripped):
                yield i, text, False


def check_figure(oped: OpEd, code: str, docname: str, source: Path, first_line: int, alt: str) -> None:
    """Every label cites its ¶ and quotes it, or is its words; a dated period is the op-ed's date."""
    body = oped.body
    offset = _code_offset(code, source, first_line)
    labels = list(figure_labels(code))
    for i, raw, is_period in labels:
        text = re.sub(r"<br\s*/?>", " ", raw)
        where = (docname, offset + i)
        if is_period:
            cited = [part for j, event, period in labels if j == i and not period for part in plain_citations(event)]
            if re.search(r"\d", text) and not any(occurs(date, oped.part(part))
                                                  for part in cited if oped.has(part) for date in (text, month_first(text))):
                logger.warning("figure: the date %r is not written so in %s", text, ", ".join(map(label, cited)) or "its ¶",
                               location=where, type="evidence")
            continue
        cited = [part for part in plain_citations(text) if oped.has(part)]
        if not cited:
            logger.warning("figure: the label %r cites no ¶", shorten(text), location=where, type="evidence")
            continue
        words = CITATION.sub("", text).strip(" ()–-;,")
        if OPEN not in words:  # not quoting: then the label itself must be the op-ed's words
            if not any(occurs(words, oped.part(part)) for part in cited):
                logger.warning("figure: the label %r is neither the words of %s nor quotes them “…”: %s",
                               shorten(text), ", ".join(map(label, cited)),
                               closest_diff(words, " ".join(map(oped.part, cited))), location=where, type="evidence")
            continue
        check(oped, text, cited, [], where, "figure: ", each=False)
    quotes, _ = quotations(alt)
    for quote in quotes:  # the text alternative describes the figure: its quotations are the op-ed's too
        if not any(occurs(quote, paragraph) for paragraph in body):
            logger.warning("figure's alt text: quoted words “%s” are in no paragraph of the op-ed", shorten(quote),
                           location=(docname, first_line), type="evidence")


def month_first(date: str) -> str:
    """"9 August" -> "August 9", as the op-ed writes dates."""
    return re.sub(r"^(\d{1,2}) ([A-Z][a-z]+)$", r"\2 \1", date)


def _code_offset(code: str, source: Path, first_line: int) -> int:
    """The source line of the code's first line (the code may start with Mermaid's front matter)."""
    body = code.split("\n---\n", 1)[-1].splitlines()
    if not body:
        return first_line
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return first_line
    for n in range(max(first_line - 1, 0), len(lines)):
        if lines[n].strip() == body[0].strip():
            return n + 1
    return first_line


def check_caption(node: nodes.Element, docname: str, line: int) -> None:
    """A hand-written diagram is a figure: a caption that says what it shows and cites the ¶s it draws on (as text,
    "(¶3)"), so the reader (and the PDF's list of figures) can trace it; its words are then checked like prose."""
    caption = next(node.parent.findall(nodes.caption), None) if isinstance(node.parent, nodes.figure) else None
    if caption is None:
        logger.warning("a diagram without a caption: give it :caption: saying what it shows, with the ¶ it draws "
                       "on, e.g. “What the author argues (¶3). Editorial diagram.”, and :alt: for readers who "
                       "cannot see it", location=(docname, line), type="evidence")
    elif not plain_citations(caption.astext()):
        logger.warning("the diagram's caption cites no ¶: add the paragraphs it draws on, e.g. “(¶3)” or "
                       "“(¶5–¶6)” (in: %s)", shorten(caption.astext()), location=(docname, line), type="evidence")


def check_figures(app: Sphinx, doctree: nodes.document) -> None:
    from sphinxcontrib.mermaid import mermaid

    from .diagrams import code_start, directive_line

    for node in doctree.findall(mermaid):
        if node.get("generated"):
            continue  # made from data by figures.py, which checks its labels at the data file's lines
        source = Path(app.env.doc2path(app.env.docname))
        check_caption(node, app.env.docname, directive_line(node))
        check_figure(book.of(app.env).oped, node["code"], app.env.docname, source, code_start(source, directive_line(node)),
                     node.get("alt", ""))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", check_prose)
    app.connect("doctree-read", check_figures)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
