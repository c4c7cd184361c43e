"""Who says each sentence of the op-ed, recorded once: ``attribution.yaml`` in the book's data folder.

Every sentence of the body (``p3.4``: ¶3, sentence 4; see sentences.py) is attributed once, or span by
span where it has two speakers (the author's framing of a source's claim)::

    sources:                      # everyone but the author who speaks in the op-ed
      goble:
        basis: named              # named | unnamed: does the op-ed name them?  reported: someone whose argument
                                  # she relates in her own words, not a source she cites (his pitch to Putin)
        words: The well-known American analyst Paul Goble   # how the op-ed introduces them (verbatim)
        short: Paul Goble         # how the apparatus names them (the op-ed's words too)
        paragraph: 9
        actor: Paul Goble         # their glossary headword, if any
    sentences:
      p9.2:
        speaker: goble            # author, or a source's id
        cue: believes             # the op-ed's attribution or confidence words, verbatim (a list if several);
                                  # none: stated as fact
        kind: claim               # event | claim | judgment | framing
      p4.2:                       # two speakers: one entry per span (its words, verbatim)
        - words: He rather skillfully played on the main Kremlin fears
          speaker: author
          kind: judgment
        - words: the main goal of …
          …

``key: true`` marks one of the author's judgments as a key judgment (``key: premise`` — the impression her thesis
answers —, ``thesis``, ``grounds`` — a claim she grounds her thesis on —, ``bearing`` — a judgment of hers the editors
read as bearing on her thesis, though she does not tie it to it —, ``conclusion``: the group it is listed in; true: her judgments along the way); ``note: ID`` links an editor's note
wherever the unit is shown.  Everything that says who says a thing — the claims table, the key
judgments, the scope note's list of sources, each figure's line styles and prefixes — is derived from
this file through :func:`of`; nothing else picks a speaker.  The build checks that every sentence is
attributed (coverage is 100%), that every span and cue is the sentence's words, and that speakers
exist; each problem is a warning naming the file and line (or the sentence).  A book without the file
has no attribution yet, and no claims table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from . import book, data_file
from .sentences import ID, Sentence, sentences
from .textmatch import closest_diff, occurs

logger = logging.getLogger(__name__)
DATA = "attribution.yaml"
AUTHOR = "author"
BASES = ("named", "unnamed", "reported")  # reported: whose argument she relates in her words, not a source she cites
KINDS = {"event": "an event the op-ed reports", "claim": "a claim", "judgment": "a judgment",
         "framing": "the author’s framing"}
SOURCE_FIELDS = {"basis": str, "words": str, "short": str, "paragraph": int}
# who: the editors' word on whom the op-ed names ("the newspaper is named"), or of a view she relates, the view;
# also: further glossary entries its words name
SOURCE_OPTIONAL = {"actor": str, "who": str, "also": data_file.list_of(str)}
UNIT_FIELDS = {"speaker": str, "kind": str}
REPORTED = "as the author reports it"  # a source's view she gives in her own words, with no word of attribution
# after its words, quoted (¶7: CY, DY); which quotation is left open is not said, as the op-ed does not say (EQ)
UNCLOSED = "[sic: the op-ed opens quotations before {} and closes {}]"
COUNTS = {0: "none", 1: "one", 2: "two", 3: "three"}
PREMISE = "the impression her thesis answers"  # her ¶1 impression: hers, but set against her thesis (key: premise)
KEY_GROUPS = ("premise", "thesis", "grounds", "bearing", "account", "conclusion")  # key: true is "account", her judgments along the way
UNIT_OPTIONAL = {"cue": data_file.list_of(str), "key": (bool, str), "note": str, "words": str,  # one cue: a string
                 "subject": str, "doubt": str, "keep": str}


@dataclass(frozen=True)
class Source:
    id: str
    basis: str
    words: str
    short: str
    paragraph: int
    actor: str | None
    line: int
    who: str = ""
    also: tuple[str, ...] = ()  # further glossary entries its words name ("some Ukrainian politicians"): its part

    @property
    def actors(self) -> list[str]:
        """The glossary entries this source is: its actor, and those its words also name."""
        return [name for name in (self.actor, *self.also) if name]


def possessive(name: str) -> str:
    """"the fishermen’s", "these analysts’": for messages that say whose words are whose."""
    return name + ("’" if name.endswith("s") else "’s")


# cues that take what a source says as true: "admitted that Moscow had chosen" grants that it had
GRANTING = ("admit", "acknowledg", "concede", "note", "reveal", "confirm")
GRANTS = " (her verb)"  # after such a cue, wherever it is shown
QUOTATION = re.compile(r"“[^“”]*(?:“[^“”]*”[^“”]*)*”")  # the op-ed's words in the editors' text, one level nested
VERB_MARKED = re.compile(r"\b(her|the author’s|the author's) verb\b", re.I)  # how the editors' text says so


@dataclass(frozen=True)
class Unit:
    """A sentence, or the span of one, with its one speaker."""

    id: str              # p9.2, or p4.2a, p4.2b for the spans of one sentence
    sentence: Sentence
    words: str           # the sentence, or the span's words (verbatim)
    speaker: Source | None  # None: the author
    cue: tuple[str, ...]  # the op-ed's attribution or confidence words; () = stated as fact
    kind: str
    key: str             # "" or the group of her key judgments it belongs to (KEY_GROUPS)
    note: str | None
    path: Path
    line: int
    subject: str = ""    # a span's subject, words of its sentence before it ("Even Moscow")
    doubt: str = ""      # the author's own word of doubt inside a source's claim ("allegedly")
    inside: str = ""     # her span inside another speaker's (p7.2b in Vzglyad's p7.2a): that speaker's short name
    keep: str = ""       # words that belong with what comes before them ("while resolving the crisis …"): never cut off

    def cuts_off(self, quote: str) -> str:
        """The words that belong with this unit's earlier words (``keep``), if ``quote`` stops just before them:
        "“it is impossible to ignore the demands of a civil society”" without "while resolving the crisis that has
        arisen in the country" states as a rule what ¶10 says of this crisis (review BI)."""
        quote = quote.split("…")[-1]  # an elided quotation ends with its last piece
        if not self.keep or len(quote.split()) < 3:
            return ""
        head = " ".join(self.words[:self.words.casefold().find(self.keep.casefold())].split()).rstrip(" ,").casefold()
        return self.keep if head.endswith(" ".join(quote.split()).rstrip(" ,.").casefold()) else ""

    @property
    def paragraph(self) -> int:
        return self.sentence.paragraph

    @property
    def by_author(self) -> bool:
        return self.speaker is None

    @property
    def stated_as_fact(self) -> bool:
        return not self.cue

    @property
    def whose(self) -> str:
        """Who says it, for a message: "the author", or the source as the apparatus names it."""
        return "the author" if self.speaker is None else self.speaker.short

    @property
    def basis(self) -> str:
        return AUTHOR if self.speaker is None else self.speaker.basis

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def opening(self) -> str:
        """Its first words, to cite it by, to the end of a clause, never mid-phrase: "In this context, it is not
        surprising that a number of experts close to the Kremlin were skeptical about Lukashenka’s fiery
        assurances of friendship and loyalty." is cited by its words up to the first comma after its seventh word."""
        words = self.words.split()
        end = next((n for n in range(7, len(words)) if words[n - 1].endswith((",", ";", ":")) and
                    words[n - 1].count("“") == words[n - 1].count("”")), len(words))
        cut = " ".join(words[:end]).rstrip(",;:")
        return cut if cut.count("“") == cut.count("”") else " ".join(words).rstrip(",;:.")

    def scope(self) -> str:
        """The words the hedge or attribution governs: those after its first cue ("It’s possible that …")."""
        ends = [m.end() for cue in self.cue for m in [re.search(re.escape(cue), self.words, re.I)] if m]
        return self.words[min(ends):] if ends else self.words

    def carried_by(self, text: str, every: bool = False) -> bool:
        """Does ``text`` (a statement or title resting on this unit) keep who says it and how sure: one of the
        cue's words (a word of five letters or more: "possible", "believes", "opinion"), or the source's name?
        With ``every`` (a title, which stands alone), all of them: "quite possible" is not "possibly" (review BZ)."""
        if not self.cue and self.speaker is None:
            return True
        words = [w.strip("“”‘’\"',.;:") for cue in self.cue for w in cue.casefold().split()]
        stems = [w[:max(5, len(w) - 2)] for w in words if len(w) >= 5]  # "possible" keeps "possibly", "possib…"
        kept = [bool(re.search(rf"(?<!\w){re.escape(stem)}", text, re.I)) for stem in stems]
        if (all(kept) if every else any(kept)) and kept or (
                self.cue and not stems and any(occurs(cue, text) for cue in self.cue)):
            return True
        if self.speaker is None:
            return False
        names = f"{self.speaker.short} {self.speaker.actor or ''}".split()  # "Goble" names Paul Goble
        return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names if len(name) >= 5)

    def granted_in(self, text: str) -> str | None:
        """A cue that grants what a source says ("admitted", "note"), used in ``text`` outside quotation marks: the
        editors granting it in their own voice.  Quoted (“admitted”), it stays the op-ed's word."""
        unquoted = QUOTATION.sub("", text)
        return next((word for word in self.granting_words() if re.search(rf"(?<!\w){re.escape(word[:4])}", unquoted, re.I)),
                    None)

    @property
    def unclosed(self) -> str:
        """Where its words open more quotations than they close (¶7's “ready … “urgently … back”), ``UNCLOSED``
        with the word each quotation opens on and how many it closes, which quoting them adds; else "".  It was "opens
        a quotation here", after the words, where the mark is not (review DY); then it named the one before “ready”
        as the one left open, which is a reading: the one closing mark may close either (review EQ)."""
        opening = [self.words[mark.end():].split()[0].strip(",.;:!?‘’") for mark in re.finditer("“", self.words)]
        closes = self.words.count("”")
        if len(opening) <= closes:
            return ""
        return UNCLOSED.format(" and ".join(f"“{word}”" for word in opening), COUNTS.get(closes, str(closes)))

    def restated_in(self, text: str) -> str | None:
        """The editors' word for saying this claim, which the author doubts ("allegedly"), in ``text`` outside
        quotation marks, without her word of doubt: "the analysts claimed a conspiracy of Russia and the West"
        restates their ¶5 claim with its verb, "claimed", and drops her "allegedly" (review CU)."""
        if not self.doubt or occurs(self.doubt, text):
            return None
        unquoted = QUOTATION.sub("", text)
        verbs = [cue for cue in self.cue if " " not in cue]  # "claimed"; not "trying to convince Putin", whose words
        return next((verb for verb in verbs if re.search(rf"(?<!\w){re.escape(verb)}(?!\w)", unquoted, re.I)), None)

    def granted_unmarked(self, text: str) -> str | None:
        """A cue that grants what a source says, quoted in ``text`` as the op-ed's word (“admitted that …”, “note”)
        but not said to be hers: the reader takes the claim as settled (review BX).  ``GRANTS`` marks it."""
        if VERB_MARKED.search(text):
            return None
        quoted = " ".join(QUOTATION.findall(text))
        return next((word for word in self.granting_words() if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", quoted, re.I)),
                    None)

    def grant_dropped(self, text: str, quotes: list[str], own: list[str]) -> str | None:
        """Her granting cue ("admitted"), left out of ``text``, which quotes what it grants: "reproached the Kremlin"
        for its “tactic of non-intervention” gives as a plain fact what the analysts “admitted” (review DH).  Naming
        the source is not enough: the cue says she takes the claim as true.  Words she gives in her own voice inside
        the claim (``own``: the recording Vzglyad's commentators write of) are hers, not what the cue grants."""
        words = self.granting_words()
        scope = self.scope()
        if not words or not any(len(q.split()) >= 2 and occurs(q, scope) and not any(occurs(q, o) for o in own)
                                for q in quotes):
            return None
        said = " ".join(QUOTATION.findall(text))  # quoted as hers: said as hers, the other checks see to that
        return None if any(occurs(word, said) for word in words) else words[0]

    def granting_words(self, cues: tuple[str, ...] | None = None) -> list[str]:
        """Her words in a source's cue (or in ``cues``) that take its claim as true ("admitted", "note"), not a neutral
        "said"; none for her own sentences."""
        if self.speaker is None:
            return []
        return [w for cue in (self.cue if cues is None else cues) for w in cue.casefold().split() if w.startswith(GRANTING)]

    def grants(self, cue: str) -> bool:
        """Is ``cue`` her verb that takes a source's claim as true?  Shown as hers wherever the cue is (review BV)."""
        return bool(self.granting_words((cue,)))

    def cue_text(self) -> str:
        """Her words, quoted: “It’s possible”, “According to one version”; "" when stated as fact.  Her own word
        of doubt inside a source's claim is said to be hers: “trying to convince Putin”, and the author’s own “allegedly”."""
        quoted = "; ".join(f"“{cue}”" + (GRANTS if self.grants(cue) else "") for cue in self.cue)
        return f"{quoted}, and the author’s own “{self.doubt}”" if self.doubt else quoted

    def cues_given_by(self, text: str) -> bool:
        """Does ``text`` (the labels around a box) give all its words of attribution and of doubt, none of them her
        verb that grants the claim, which every statement of the claim keeps?"""
        words = [*self.cue, *([self.doubt] if self.doubt else [])]
        return bool(words) and all(occurs(word, text) and not self.grants(word) for word in words)

    def prefix(self) -> str:
        """Who says it and how sure, for a figure label or a list item: "the author, “It’s possible”:",
        "Paul Goble, “believes”:", "“According to one version”:"; "the author:" for whatever else she says, event,
        claim or judgment alike: a bare label read as the words of the actor its arrow leaves (the resolution's,
        review BJ), and a rule that left events bare was applied unevenly (review BL)."""
        if self.speaker is None:
            if self.cue:
                return f"the author, {self.cue_text()}:"
            if self.inside:  # words the op-ed gives in its own voice inside a source's claim: said so, not settled
                return "in the op-ed’s own voice, inside a source’s claim:"
            return "the author:"
        named_in_cue = any(occurs(self.speaker.short, cue) for cue in self.cue)
        if named_in_cue:
            return f"{self.cue_text()}:"
        return f"{self.speaker.short}, {self.cue_text() or REPORTED}:"

    def style(self) -> str:
        """The line style of a figure edge that rests on it: ``fact`` (solid), ``source`` (dotted) or
        ``author`` (thick: her own judgment or hedged claim).  What she states as fact is solid, one an editor's
        note qualifies too: its label sends the reader to the note.  The op-ed's own words inside a source's claim
        have a line of their own, ``voice`` (thick dotted): the op-ed marks them as neither hers nor the source's, so
        neither solid, her fact (review BB), nor dotted, the source's (reviews BC, BD)."""
        if self.inside:
            return "voice"
        if self.speaker is not None:
            return "source"
        return "author" if self.cue or self.kind == "judgment" else "fact"


@dataclass(frozen=True)
class Attribution:
    sources: dict[str, Source]
    units: dict[str, Unit]                   # by unit id, in reading order
    problems: tuple[tuple[str, str], ...]    # (FILE:LINE, message)
    present: bool                            # the book has an attribution file

    def of_sentence(self, sentence_id: str) -> list[Unit]:
        return [u for u in self.units.values() if u.sentence.id == sentence_id]

    def cited(self, ref: str) -> list[Unit]:
        """``p9.2`` (every span of the sentence) or ``p4.2b`` (one span)."""
        return [self.units[ref]] if ref in self.units else self.of_sentence(ref)

    def containing(self, paragraph: int, span: str) -> list[Unit]:
        """The units of ¶``paragraph`` whose words hold ``span``."""
        return [u for u in self.units.values() if u.paragraph == paragraph and occurs(span, u.words)]

    def governing(self, paragraph: int, span: str) -> list[Unit]:
        """The claims and judgments whose hedge or attribution governs ``span``: the narrowest units holding it,
        where it lies within what their cue governs ("a number of experts … were skeptical" lies before it)."""
        holding = self.containing(paragraph, span)
        narrowest = [u for u in holding if len(u.words) == min(len(h.words) for h in holding)]
        return [u for u in narrowest if u.kind in ("claim", "judgment") and occurs(span, u.scope())]


def data_path(env: Any) -> Path:
    return book.of(env).data(DATA)


def of(env: Any) -> Attribution:
    """The book's attribution (``env``: anything :func:`briefing.book.of` takes), read once per change."""
    path = data_path(env)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    from .actors import load as load_actors  # the glossary names the speakers' actors
    return _load(path, mtime, book.of(env).oped.body, frozenset(load_actors(env).by_spelling))


@cache
def _load(path: Path, mtime: float, body: tuple[str, ...], actors: frozenset[str]) -> Attribution:
    if not mtime:
        return Attribution({}, {}, (), False)
    problems: list[tuple[str, str]] = []
    try:
        data = data_file.read(path)
    except data_file.DataError as exc:
        return Attribution({}, {}, ((f"{path}:{exc.line or 1}", exc.message),), True)
    if not isinstance(data, dict) or set(data) - {"sources", "sentences"}:
        return Attribution({}, {}, ((f"{path}:1", "expected two sections, sources: and sentences:"),), True)
    sources = _sources(path, data.get("sources") or {}, body, actors, problems)
    all_sentences = sentences(body)
    units = _units(path, data, all_sentences, sources, problems)
    return Attribution(sources, units, tuple(problems), True)


def _sources(path: Path, data: Any, body: tuple[str, ...], actors: frozenset[str], problems: list) -> dict[str, Source]:
    if not isinstance(data, dict):
        problems.append((f"{path}:1", "sources: must map each source's id to its fields"))
        return {}
    out = {}
    for key, entry in data.items():
        what, line = f"source {key!r}", data.field_line(key)
        found = data_file.check_fields(entry, what, SOURCE_FIELDS, SOURCE_OPTIONAL)
        if not found:
            if key == AUTHOR:
                found.append(f"{what}: 'author' is the author herself, not a source")
            if entry["basis"] not in BASES:
                found.append(f"{what}: basis {entry['basis']!r} is not one of {', '.join(BASES)}")
            elif not 1 <= entry["paragraph"] <= len(body):
                found.append(f"{what}: paragraph {entry['paragraph']} is not a body paragraph (1–{len(body)})")
            else:
                text = body[entry["paragraph"] - 1]
                for field in ("words", "short"):
                    if not occurs(entry[field], text):
                        found.append(f"{what}: {field} “{entry[field]}” does not occur in ¶{entry['paragraph']}: "
                                     f"{closest_diff(entry[field], text)}")
            for name in [entry.get("actor"), *(entry.get("also") or [])]:
                if name and name.lower() not in actors:
                    found.append(f"{what}: actor {name!r} is not in the glossary")
        problems += [(f"{path}:{line}", problem) for problem in found]
        if not found:
            out[key] = Source(key, entry["basis"], entry["words"], entry["short"], entry["paragraph"],
                              entry.get("actor"), line, entry.get("who") or "", tuple(entry.get("also") or ()))
    return out


def _units(path: Path, data: dict, all_sentences: dict[str, Sentence], sources: dict[str, Source],
           problems: list) -> dict[str, Unit]:
    given = data.get("sentences") or {}
    if not isinstance(given, dict):
        problems.append((f"{path}:{data.field_line('sentences')}", "sentences: must map each sentence's id (p3.4) "
                                                                   "to its attribution"))
        return {}
    units: dict[str, Unit] = {}
    last_line = data.field_line("sentences")
    for sentence_id, sentence in all_sentences.items():
        if sentence_id not in given:
            problems.append((f"{path}:{last_line}", f"{sentence.label} ({sentence_id}) is not attributed: "
                                                    f"“{sentence.opening()}” — add {sentence_id}: with its speaker, "
                                                    "cue and kind"))
            continue
        entry, line = given[sentence_id], given.field_line(sentence_id)
        last_line = line
        spans = entry if isinstance(entry, list) else [entry]
        letters = "abcdefghijklmnopqrstuvwxyz" if isinstance(entry, list) else ""
        if isinstance(entry, list) and len(entry) < 2:
            problems.append((f"{path}:{line}", f"{sentence_id}: a list of spans needs two or more; "
                                               "give a single attribution as a mapping"))
            continue
        made = []
        for index, span in enumerate(spans):
            unit_id = sentence_id + (letters[index] if letters else "")
            unit = _unit(path, unit_id, span, sentence, sources, problems, getattr(span, "line", line),
                         needs_words=bool(letters))
            if unit:
                made.append(unit)
        for unit in made:  # her words inside a source's span of the same sentence are marked as hers
            # (inside a view she reports in her own words, with no word of attribution, her words are simply hers:
            # "fiery", in her report of the experts' skepticism, is her description, not half theirs: review CP)
            around = next((o for o in made if o.speaker is not None and o.cue and unit.speaker is None
                           and len(o.words) > len(unit.words) and occurs(unit.words, o.words)), None)
            units[unit.id] = replace(unit, inside=around.speaker.short) if around else unit
            if around and unit.key:  # whether the source would put it so, the op-ed does not say
                problems.append((f"{path}:{unit.line}", f"{unit.id}: words the op-ed gives in its own voice inside "
                                                        f"{around.speaker.short}’s claim cannot be one of her key judgments"))
    for sentence_id in given:
        if sentence_id not in all_sentences:
            match = ID.fullmatch(str(sentence_id))
            hint = (f"¶{match.group(1)} has {sum(s.paragraph == int(match.group(1)) for s in all_sentences.values())} "
                    "sentences" if match else "expected an id like p3.4 (¶3, sentence 4)")
            problems.append((f"{path}:{given.field_line(sentence_id)}", f"{sentence_id!r} is not a sentence of the op-ed: "
                                                                        f"{hint}"))
    return units


def _unit(path: Path, unit_id: str, entry: Any, sentence: Sentence, sources: dict[str, Source], problems: list,
          line: int, needs_words: bool) -> Unit | None:
    what = unit_id
    one_cue = isinstance(entry, dict) and isinstance(entry.get("cue"), str)
    found = data_file.check_fields({**entry, "cue": [entry["cue"]]} if one_cue else entry, what, UNIT_FIELDS, UNIT_OPTIONAL)
    if not found:
        words = entry.get("words") or sentence.text
        cues = entry.get("cue") or ()
        cues = (cues,) if isinstance(cues, str) else tuple(cues)
        if needs_words and not entry.get("words"):
            found.append(f"{what}: each span of a sentence with two speakers gives its words")
        elif not occurs(words, sentence.text):
            found.append(f"{what}: the words “{words}” are not in {sentence.label}: {closest_diff(words, sentence.text)}")
        if entry.get("subject") and not occurs(f"{entry['subject']} … {words}", sentence.text):
            found.append(f"{what}: the subject “{entry['subject']}” is not words of {sentence.label} before the span")
        if entry.get("doubt") and not occurs(entry["doubt"], words):
            found.append(f"{what}: the author's word of doubt “{entry['doubt']}” is not in the span's words")
        if entry.get("keep") and not occurs(entry["keep"], words):
            found.append(f"{what}: the words to keep “{entry['keep']}” are not in the span's words")
        if entry.get("doubt") and entry["speaker"] == AUTHOR:
            found.append(f"{what}: doubt is the author's word inside a source's claim; her own hedges are cues")
        for cue in cues:
            if not occurs(cue, sentence.text):
                found.append(f"{what}: the cue “{cue}” is not in {sentence.label}: {closest_diff(cue, sentence.text)}")
        if entry["speaker"] != AUTHOR and entry["speaker"] not in sources:
            found.append(f"{what}: speaker {entry['speaker']!r} is neither 'author' nor a source "
                         f"({', '.join(sources) or 'none listed under sources:'})")
        if entry["kind"] not in KINDS:
            found.append(f"{what}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        if entry.get("key") and (entry["speaker"] != AUTHOR or entry["kind"] not in ("judgment", "claim")):
            found.append(f"{what}: only the author's own judgments, and the claims she grounds them on, can be key")
        elif entry.get("key") not in (None, True, False, *KEY_GROUPS):
            found.append(f"{what}: key is true or one of {', '.join(KEY_GROUPS)}, not {entry['key']!r}")
    problems += [(f"{path}:{line}", problem) for problem in found]
    if found:
        return None
    return Unit(unit_id, sentence, words, sources.get(entry["speaker"]), cues, entry["kind"],
                "account" if entry.get("key") is True else entry.get("key") or "",
                entry.get("note"), path, line, entry.get("subject") or "", entry.get("doubt") or "",
                keep=entry.get("keep") or "")


def unattributed(env: Any, ref: str) -> bool:
    """Is ``ref`` (p5.3, or a span of it, p5.3b) a sentence of the op-ed that the attribution leaves out?"""
    sentence = re.sub(r"(?<=\d)[a-z]$", "", ref)
    return sentence in sentences(book.of(env).oped.body) and not of(env).of_sentence(sentence)


def report_problems(app: Sphinx) -> None:
    """Once per build, before any page is read."""
    for where, problem in of(app).problems:
        logger.warning(problem, location=where, type="attribution")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", report_problems)
