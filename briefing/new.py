"""``briefing new SOURCE DIR``: start a new briefing book from an op-ed, shown as read and doubted first.

SOURCE is a plain-text paste, a Markdown file or a web page saved from a browser (:mod:`briefing.intake` reads
each).  What was read is printed (title, byline, bio, date, publisher, address, each paragraph's number and
first words, what was left out); what is likely a misreading is refused, one line each, exit status 2, nothing
written (``--yes`` accepts it; ``--title``, ``--author``, ``--date``, ``--publisher``, ``--url`` correct it).
DIR then gets the book's content and settings, nothing else (no Makefile, .venv, node_modules or path of this
machine: the kit is installed once, its ``briefing`` command builds any book):

* ``docs/_data/op-ed.txt``: a plain-text SOURCE byte for byte (the book's source of truth, never edited); from a
  page or a Markdown file, the text as read, laid out as :mod:`briefing.oped_source` reads it (subheadings as
  ``## …``), with SOURCE itself beside it as ``docs/_data/source.md`` (or, a saved page, gzip'd as
  ``source.html.gz``: pages are large, a book's folder small);
* ``docs/index.md``: the op-ed's title, byline, bio and publisher's statement, verbatim (those it has);
* ``docs/sections/pN.md``: a page per body paragraph before the first subheading, then a page per subheading
  with the paragraphs under it, each quoting them with ``{oped} N``; titled with the subheading, or else the
  paragraph's first words (the title's evidence, until an editor writes a better title);
* ``docs/glossary/*.md`` and ``docs/_data/actors.yaml``: the three glossaries, empty;
* the apparatus, each data file with its commented schema: ``docs/_data/attribution.yaml`` (a first draft that
  covers every sentence and asserts only what it checked: each sentence is the author's, the op-ed's own words of
  attribution or confidence kept as its cue, no source named; the editors check it), ``docs/_data/notes.yaml``
  (no note: a commented example), ``docs/_data/figures.yaml`` (one figure from data), and the pages
  ``key-judgments.md``, ``claims.md``, ``analysis.md`` (the figure) and ``notes.md``; the home page gets at a
  glance and open questions (boxes the editors replace), the scope note and ``{cite-this}``;
* ``docs/_data/generated.json``: each generated page's digest, so ``briefing sync`` knows which an editor changed;
* ``docs/anchors.txt``: nothing published yet (``briefing anchors`` publishes, never a build);
* ``conf.py``: ``extensions = ["briefing"]`` and the book's settings, with the source's date, publisher and
  address where it gives them (a known date is printed as known, not as inferred); ``.gitignore``.

Bad input (an unreadable SOURCE, too few paragraphs, a DIR that is not empty) is refused with one line naming
the file (and line) and exit status 2; nothing is written.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import string
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .anchors import empty_registry
from .intake import Reading, Unreadable, doubts, oped_text, read, report
from .oped_source import OpEd, load
from .sentences import sentences
from .sync import generated_pages, record

TITLE_WORDS = 6  # a section page's provisional title: the first words of its paragraph
GLOSSARIES = {"people": "People", "organisations": "Organisations, groups and media",
              "places-terms": "Places and terms"}


class Refused(Exception):
    """Bad input: one line for the user, naming the file (and line)."""


# -- MyST ---------------------------------------------------------------------------------------

INLINE = re.compile(r"([\\`*_\[\]<>{}&$|~#])")  # markup anywhere in a line (& starts an entity)
BLOCK_START = re.compile(r"^(\d+)([.)])")  # "1. …" would start an ordered list


def myst(text: str) -> str:
    """``text`` (one paragraph, white space normalised) as MyST that renders as exactly ``text``: every
    character that could be markup is backslash-escaped (CommonMark: any ASCII punctuation may be)."""
    text = BLOCK_START.sub(r"\1\\\2", INLINE.sub(r"\\\1", text))
    if text[:1] and text[:1] in string.punctuation and text[:1] != "\\":  # a list, quote, comment (%), fence (:::), label…
        text = "\\" + text
    return text


def first_words(text: str, count: int = TITLE_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]).rstrip(",;:") + (" …" if len(words) > count else "")


# -- The book's pages ---------------------------------------------------------------------------

def front_part(part: str, text: str) -> str:
    return f"""
:::{{oped}} {part}
{myst(text)}
:::
""" if text else ""


def index_page(oped: OpEd, pages: list[str]) -> str:
    sections = "\n".join(f"sections/{name}" for name in pages)
    glossaries = "\n".join(f"glossary/{name}" for name in GLOSSARIES)
    apparatus = "\n".join(APPARATUS)
    count = len(oped.body)
    statement = f"""
```{{rubric}} Publisher’s statement
:heading-level: 2
:name: publisher
```
{front_part("statement", oped.statement)}""" if oped.statement else ""
    return f"""\
(home)=
# {myst(oped.title)}

:::{{container}} subtitle
Briefing book
:::
{front_part("byline", oped.byline)}{front_part("bio", oped.bio)}
{to_write("at-a-glance", "At a glance", GLANCE)}{to_write("what-to-watch", "Open questions", WATCH)}\
```{{rubric}} About this briefing
:heading-level: 2
:name: scope-note
```

This is a single-source product: it rests on one op-ed, whose words appear verbatim in the blocks numbered
¶1–¶{count}, checked against the source every time the book is built. Section titles are the op-ed's
subheadings where it has them, else editorial (a paragraph's first words, until an editor writes better).
Everything else is editorial: {{ref}}`key judgments <key-judgments>`, {{ref}}`who claims what <claims>`, the
{{ref}}`analysis <analysis>` and its figure, the {{ref}}`editors’ notes <editors-notes>` and the glossaries.

```{{rubric}} How to cite
:heading-level: 2
:name: how-to-cite
```

:::{{cite-this}}
:::
{statement}
```{{toctree}}
:hidden:

{sections}
```

```{{toctree}}
:caption: Apparatus
:hidden:

{apparatus}
```

```{{toctree}}
:caption: Glossaries
:hidden:

{glossaries}
```
"""


GLANCE = """\
Bottom line up front: the author’s thesis in one sentence, then her key points, one a line, each in her words
(“…”, curly quotation marks: the build checks them against the op-ed) with her hedges kept, each citing the ¶ it
rests on with its words, e.g. ``{p}`3: the words it rests on` ``, and linking the section. Replace this box
with them."""
WATCH = """\
The questions the op-ed left open when it appeared, as of its date: each taken from a point the op-ed itself
raises, citing its ¶, asked so that it still reads right once that date has passed (*Whether the council
kept its promise …*, not *will*), without forecasting what the op-ed does not. Replace this box with them."""


def to_write(name: str, title: str, what: str) -> str:
    """A part of the home page the editors write: its heading, and a box saying what goes there."""
    return f"""\
```{{rubric}} {title}
:heading-level: 2
:name: {name}
```

:::{{editorial}} {title}: to be written by the editors
{what}
:::

"""


APPARATUS = ("key-judgments", "claims", "analysis", "notes")  # pages under docs/, in the reading order


def key_judgments_page() -> str:
    return """\
(key-judgments)=
# Key judgments

:::{editorial} About these judgments
The author’s key judgments, each in her own words, with her own confidence words, never stronger. None is
marked yet: an editor marks one with `key: true` on one of her judgments in `_data/attribution.yaml`, and
it appears here.
:::

:::{key-judgments}
:::
"""


def claims_page() -> str:
    return """\
(claims)=
# Who claims what

:::{editorial} A first draft, to be checked by the editors
These tables are made from `_data/attribution.yaml`, the record of who says each sentence. `briefing new`
wrote it as a first draft: every sentence is given to the author, as the words she writes, with the op-ed’s own
words of attribution or doubt it found (said, according to, perhaps …) kept beside it. It names no other source:
a program cannot tell who speaks. Until an editor has checked each sentence, named the sources and removed
this box, read the tables as a draft.
:::

The author’s key judgments are on their own page, {ref}`key-judgments`.

(claims-tables)=
## The claims

:::{claims-table}
:::

(sources)=
## The author’s sources

:::{attribution-sources}
:::
"""


def analysis_page(figure: str | None) -> str:
    shown = f"""The figure below is made from
`_data/figures.yaml` and `_data/attribution.yaml` (its caption, alternative text and text version too): an
example to replace with the figures this op-ed needs.
:::

(figure-key)=
## How to read the figures

:::{{figure-key}}
:::

(analysis-figures)=
## The figures

:::{{figure-from-data}} {figure}
:::
""" if figure else """Figures are made from `_data/figures.yaml`
(its comments show how); no example could be made from this op-ed's sentences.
:::
"""
    return f"""\
(analysis)=
# Analysis

:::{{editorial}} About this page
The editors’ analysis, to be written: each statement citing the ¶ it rests on. {shown}"""


def notes_page() -> str:
    return """\
(editors-notes)=
# Editors’ notes

:::{editorial} About these notes
Everything else in this book rests on the op-ed alone. Where a reader needs a fact the op-ed does not contain,
or that other sources state differently, it appears only here, in a note kept in `_data/notes.yaml` that says
where it applies and names its sources. No note has been written yet.
:::

:::{editors-notes}
:::
"""


# The op-ed's own words of attribution and confidence: a sentence that has one reports or hedges (FactBank's
# source-introducing predicates and hedges).  Found as written; a capitalised word counts only at the start.
CUES = re.compile(r"\b(according to|said|says|told|tells|claimed|claim that|argued|argues|believes|believed|"
                  r"reported|reportedly|insisted|warned|suggested|suggests|alleged|allegedly|apparently|perhaps|"
                  r"possibly|possible|probably|likely|may|might|seems|seemed|appears|appeared)\b", re.I)
SAFE_WORD = re.compile(r"[\w’',.;:%-]+")  # a word with no markup or quotation mark in it


def cues(text: str) -> list[str]:
    found = []
    for match in CUES.finditer(text):
        word = match.group(0)
        if word[0].isupper() and match.start() > 0:
            continue  # "May" the month, a name
        if word not in found:
            found.append(word)
    return found


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON is YAML: quoted, escaped


ATTRIBUTION_HEADER = """\
# Who says each sentence of the op-ed, kept once (briefing/attribution.py).  The claims table, the key
# judgments, the scope note's sources and every figure's line styles come from this file.  Every sentence of
# the body must be here (the build fails naming one that is not); a sentence with two speakers lists its spans.
#
# A FIRST DRAFT, written by `briefing new`: a program cannot tell who speaks, so it asserts only what it could
# check.  Every sentence is given to the author (speaker: author), as the words she writes, kind: claim.  Where
# the sentence has the op-ed's own words of attribution or confidence (said, according to, perhaps, may …) they
# are its cue, verbatim, so nothing the book builds on it can drop them (the build checks), and the entry is
# marked "# DRAFT: reported or hedged".  No other source is named and no judgment is marked key: the editors
# do that, sentence by sentence, and then remove the draft box on the claims page.
#
#   sources:                 # everyone but the author who speaks in the op-ed
#     quill:
#       basis: named         # named | unnamed: does the op-ed name them?
#       words: Their spokeswoman, Mara Quill   # how the op-ed introduces them (verbatim, in that paragraph)
#       short: Mara Quill    # how the apparatus names them (the op-ed's words too)
#       paragraph: 2
#       actor: Mara Quill    # their glossary headword (actors.yaml), if any
#   sentences:
#     p2.2:                  # ¶2, sentence 2 (ids: briefing/sentences.py)
#       speaker: quill       # author, or a source's id
#       cue: told the council   # the op-ed's attribution or confidence words, verbatim (a list if several);
#                                # none: stated as fact
#       kind: claim          # event (reported) | claim | judgment | framing
#       key: true            # one of the author's key judgments (speaker: author, kind: judgment only)
#       note: trust          # the editor's note (notes.yaml) that bears on it
#     p3.1:                  # two speakers: one entry per span, with its words (verbatim)
#       - words: In the end the council kept the ferry
#         speaker: author
#         kind: event
#       - words: nobody wanted to be the last to ride it
#         speaker: author
#         cue: perhaps
#         kind: judgment
sources: {}

sentences:
"""


def attribution_yaml(oped: OpEd) -> str:
    out = [ATTRIBUTION_HEADER]
    for sentence in sentences(oped.body).values():
        if sentence.number == 1:
            out.append(f"  # ¶{sentence.paragraph}\n")
        found = cues(sentence.text)
        draft = f"  # DRAFT: reported or hedged ({', '.join(found)}): who says it, and how sure?" if found else ""
        out.append(f"  {sentence.id}:{draft}\n    speaker: author\n")
        if found:
            out.append(f"    cue: {yaml_string(found[0]) if len(found) == 1 else '[' + ', '.join(map(yaml_string, found)) + ']'}\n")
        out.append("    kind: claim\n")
    return "".join(out)


NOTES = """\
# Editor's notes: the one place where the book says what the op-ed does not (briefing/notes.py), each shown
# on the notes page ({editors-notes}) and linked with {note}`ID` from the editors' text where it applies.
# `briefing new` cannot know a fact from outside the op-ed, so there is no note yet; an example, to copy:
#
# - id: resolution-date                 # its anchor: note-resolution-date; link it with {note}`resolution-date`
#   title: The date of the resolution   # the editors' words
#   applies: {8: adopted on September 15}   # where it applies: ¶ and the op-ed's words there (checked)
#   text: >-                            # MyST: what the op-ed says, what the source says, citing the ¶ ({p}`8`)
#     The op-ed dates the resolution to 15 September ({p}`8`); the Parliament's record dates its adoption to
#     17 September.
#   sources:                            # one or more, each with all four fields
#     - {title: "Texts adopted", publisher: European Parliament, date: 2020-09-17, url: "https://…"}
#   checked: 2026-12-01                 # when the editors last checked the sources
[]
"""

FIGURE = "fig-first-and-last"


def quotable(text: str, count: int = 8) -> str | None:
    """The first words of ``text`` that are safe to quote in a figure (no markup, no quotation mark), or None."""
    words = []
    for word in text.split():
        if not SAFE_WORD.fullmatch(word) or len(words) == count:
            break
        words.append(word)
    words = [w.rstrip(",;:") if i == len(words) - 1 else w for i, w in enumerate(words)]
    return " ".join(words) if len(words) >= 3 else None


def ends(oped: OpEd) -> tuple[tuple[Any, str], tuple[Any, str]] | None:
    """The first and the last sentence with words safe to quote in a figure, each with those words; None when the
    op-ed has no two such sentences (a text full of markup): then no example figure is made."""
    every = list(sentences(oped.body).values())
    first = next(((s, q) for s in every for q in [quotable(s.text)] if q), None)
    last = next(((s, q) for s in reversed(every) for q in [quotable(s.text)] if q), None)
    return (first, last) if first and last and first[0].id != last[0].id else None


def figures_yaml(oped: OpEd) -> str:
    """One working figure from data: where the op-ed starts and where it ends, each node quoting its sentence."""
    header = """\
# Figures made from data (briefing/figures.py): `:::{figure-from-data} NAME` draws the entry NAME, with its
# caption, legend, alternative text and text version, so they cannot disagree.  Who says what, and how sure,
# comes from attribution.yaml (a node or edge cites one of its sentences, p3.4, or spans, p3.1b), never from here.
#
#   fig-argument:
#     title: How the author builds her argument   # the editors' words (curly quotations are checked)
#     direction: TB                 # flowchart: TB or LR
#     nodes:
#       quill: {actor: Mara Quill}  # a glossary actor (actors.yaml)
#       kept:                       # a proposition: the editors' words, quoting the sentence it cites
#         text: the council “kept the ferry for another five years”
#         cites: p3.1
#     edges:
#       - {from: quill, to: kept, words: told the council, cites: p2.2}   # words: verbatim, in that sentence
#       - {from: a, to: b, words: "However", cites: p2.1, connector: true}   # her connecting words, opening it
#   fig-timeline:
#     kind: timeline
#     title: …
#     events:
#       - {date: March, text: the council “met in March”, cites: p1.1}   # the op-ed's date, as written
#
# The example below was made by `briefing new`: the op-ed's first and last sentences, quoted.  Replace it.
"""
    found = ends(oped)
    if not found:
        return header.replace("# The example below was made by `briefing new`: the op-ed's first and last sentences, "
                              "quoted.  Replace it.", "# No example: no sentence of the op-ed could be quoted safely.") + "{}\n"
    (s1, q1), (s2, q2) = found
    return header + f"""{FIGURE}:
  title: Where the op-ed starts and where it ends
  direction: TB
  nodes:
    first:
      text: {yaml_string(f"it opens: “{q1}”")}
      cites: {s1.id}
    last:
      text: {yaml_string(f"it ends: “{q2}”")}
      cites: {s2.id}
"""


def section_groups(oped: OpEd) -> list[tuple[str | None, list[int]]]:
    """The section pages: (the op-ed's subheading or None, the ¶ numbers on the page).  A subheading heads one
    page with every paragraph up to the next; a paragraph before the first subheading has a page of its own."""
    headed = dict(oped.headings)
    groups: list[tuple[str | None, list[int]]] = []
    for n in range(1, len(oped.body) + 1):
        if n in headed or not groups or groups[-1][0] is None:
            groups.append((headed.get(n), [n]))
        else:
            groups[-1][1].append(n)
    return groups


def section_page(numbers: list[int], oped: OpEd, heading: str | None = None) -> str:
    first_n = numbers[0]
    paragraph = oped.body[first_n - 1]
    evidence = json.dumps(f"{first_n}: {first_words(paragraph).removesuffix(' …')}", ensure_ascii=False)
    title = myst(heading) if heading else myst(first_words(paragraph))
    blocks = "\n".join(f""":::{{oped}} {n}
{myst(oped.body[n - 1])}
:::
""" for n in numbers)
    return f"""\
---
title-evidence: {evidence}
---

(sec-p{first_n})=
# {title}

{blocks}"""


def glossary_page(name: str, title: str) -> str:
    return f"""\
(gloss-{name})=
# {title}

:::{{actor-glossary}} {name}
:::
"""


ACTORS = """\
# Glossary data: every person, organisation, place and term the op-ed names, kept once (README of the
# briefing package: actors.yaml).  An entry:
#
#   - name: the op-ed's majority spelling
#     variants: [other spellings in the op-ed]
#     text: >-
#       Who or what it is as the op-ed presents it, with ¶ references ({p}`3`).
people: []
organisations: []
places-terms: []
"""


UNNAMED = "publisher not named in the text as received"  # the citation's publisher until an editor names it
NO_ADDRESS = "No web address came with the text as received."


def known_date(date: str) -> tuple[str, str] | None:
    """("12 March 2024", "2024") for a date the source gives (YYYY-MM-DD, or as written with a year), else None."""
    try:
        parsed = time.strptime(date, "%Y-%m-%d")
        return f"{parsed.tm_mday} {time.strftime('%B %Y', parsed)}", date[:4]
    except ValueError:
        year = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", date)
        return (date, year.group(1)) if year else None


def conf_py(oped: OpEd, reading: Reading) -> str:
    publisher = reading.publisher
    known = known_date(reading.date) if reading.date else None
    if known:
        as_of, year = known
        note = ""
        date_line = "the date as the source gives it"
    else:
        as_of = time.strftime("%B %Y")
        year = as_of.split()[-1]
        note = "the month this briefing was started; the text as received gives no publication date"
        date_line = "the month it was started, because the text carries no date"
    address = reading.url or NO_ADDRESS
    citation = {"publisher": publisher or UNNAMED, "publisher_short": publisher or UNNAMED, "date": as_of,
                "year": year, "address": address, "date_note": note}
    citation_lines = ",\n                 ".join(f"{k!r}: {v!r}" for k, v in citation.items())
    if publisher:
        rights = f"copyright = {f'{publisher} (op-ed text); briefing apparatus by the editors'!r}"
        epub_publisher = f"{publisher} (op-ed); the editors (briefing apparatus)"
        derived = "the publisher from " + ("the page" if reading.kind == "html" else "the publisher's statement")
    else:
        rights = ("# No publisher was found: fill in who holds the op-ed's rights, e.g.\n"
                  "# copyright = \"The Publisher (op-ed text); briefing apparatus by the editors\", and the publisher in\n"
                  "# citation_oped and epub_publisher.  Until then only the apparatus is claimed, for the editors.\n"
                  "copyright = \"the editors (briefing apparatus)\"")
        epub_publisher = "the editors (briefing apparatus)"
        derived = "no publisher (none was found: fill it in below)"
    return f'''\
"""Sphinx configuration of a briefing book (started with `briefing new`).

Everything every briefing shares (theme, outputs, title and author from the op-ed) is set by the
`briefing` package; what is below is this book's own.  Derived when the book was started: {derived};
the date: {date_line}.  Correct them here when you know better.
"""  # no text of the source up here: it is Python, and a title or a name could end this string

extensions = ["briefing"]

# -- This book -----------------------------------------------------------------
briefing_source = "_data/op-ed.txt"  # the op-ed as read; never edited (relative to docs/)
briefing_data = "_data"              # actors.yaml (and claims.yaml, notes.yaml when the book has them)
briefing_anchors = "anchors.txt"     # published anchors: written by `briefing anchors`, never by a build
briefing_pdf = "briefing.pdf"        # the PDF's file name: the HTML links to it
briefing_date = {as_of!r}
briefing_date_note = {note!r}  # empty: the date is the source's own, not inferred
briefing_fallback_date = {time.strftime("%Y-%m-%d")!r}  # the outputs' date outside git (in git: the last commit's)
briefing_keywords: list[str] = []  # the book's subjects for the PDF's metadata (with "briefing book"), e.g. ["Ports"]
{rights}
version = release = "0.1"

citation_oped = {{{citation_lines}}}  # {{cite-this}}
epub_publisher = {epub_publisher!r}

# A published anchor whose page moves keeps its old address: {{"old/docname": "new-page.html"}} (sphinx-reredirects).
redirects: dict[str, str] = {{}}
'''


GITIGNORE = "_build/\n"


# -- The command --------------------------------------------------------------------------------

def check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise Refused(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise Refused(f"{target}: exists and is not empty; give a new or empty folder")


def as_received(reading: Reading) -> bool:
    """Is the source itself the op-ed.txt (plain text whose title and byline were not overridden)?"""
    return reading.kind == "text" and not reading.overridden & {"title", "author"}


def keep_source(source: Path, data: Path) -> Path:
    """What the book was read from, kept beside op-ed.txt: a Markdown file as it is, a saved page gzip'd (byte
    for byte once unzipped; a page saved from a publisher's site is often 0.4-1 MB or more, most of it scripts and
    styles, and a book's folder stays under 1 MB); no timestamp in the gzip header, so the same page gives the
    same file."""
    suffix = source.suffix.lower() or ".txt"
    if suffix not in (".html", ".htm", ".xhtml"):
        kept = data / f"source{suffix}"
        shutil.copyfile(source, kept)
        return kept
    kept = data / f"source{suffix}.gz"
    with open(kept, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped:
        zipped.write(source.read_bytes())
    return kept


def write_book(source: Path, reading: Reading, dest: Path) -> OpEd:
    """The book's content and settings, nothing else (no Makefile, no .venv, no node_modules, no path of this machine)."""
    docs = dest / "docs"
    (docs / "_data").mkdir(parents=True)
    oped_file = docs / "_data" / "op-ed.txt"
    if as_received(reading):
        shutil.copyfile(source, oped_file)  # byte for byte: the book's source of truth
    else:
        oped_file.write_text(oped_text(reading), encoding="utf-8")
        keep_source(source, docs / "_data")
    oped = load(oped_file)
    if oped.problems:
        raise Refused(f"{source}: {oped.problems[0][1]}")
    (dest / "conf.py").write_text(conf_py(oped, reading), encoding="utf-8")
    (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (docs / "_data" / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (docs / "anchors.txt").write_text(empty_registry("briefing.pdf"), encoding="utf-8")  # published by `briefing anchors`
    pages = generated_pages(oped)
    for path, text in pages.items():
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_text(text, encoding="utf-8")
    record(dest, pages)  # what `briefing sync` may replace: the pages as generated, until an editor changes them
    return oped


def new(source: Path, target: Path, reading: Reading) -> OpEd:
    check_target(target)
    target = target.resolve()  # "." or "book/..": the folder itself, which has a name and a parent
    existing = target.is_dir()  # and empty (checked above)
    if not existing and not target.parent.is_dir():
        raise Refused(f"{target.parent}: no such folder")
    # Written in a staging folder and moved into place once complete: a failure leaves nothing half-made.  Beside a
    # new DIR, renamed to it; inside an existing empty DIR, its entries moved up, so DIR stays the same folder
    # (perhaps the shell's current one).
    staging = Path(tempfile.mkdtemp(prefix=".briefing-new-", dir=target if existing else target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # a folder like any other, not mkdtemp's private one
        oped = write_book(source, reading, staging)
        if not existing:
            staging.rename(target)
        else:
            try:
                for entry in sorted(staging.iterdir()):
                    entry.rename(target / entry.name)
            except OSError:
                for entry in target.iterdir():  # what was moved: DIR was empty
                    if entry == staging:
                        continue
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return oped


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="SOURCE",
                        help="the op-ed: a plain-text paste (.txt), a Markdown file (.md) or a web page saved from a browser (.html)")
    parser.add_argument("dir", type=Path, metavar="DIR", help="the new book's folder (new or empty)")
    for name, what in (("title", "the op-ed's title"), ("author", "its author (the byline)"),
                       ("date", "its publication date, e.g. 2024-03-12"), ("publisher", "its publisher"),
                       ("url", "its web address")):
        parser.add_argument(f"--{name}", help=f"{what}, instead of what was read")
    parser.add_argument("--yes", action="store_true", help="start the book even if the reading looks doubtful")


def run(args: argparse.Namespace) -> int:
    overrides = {name: getattr(args, name) for name in ("title", "author", "date", "publisher", "url")}
    try:
        reading = read(args.source, overrides)
    except Unreadable as exc:
        print(f"briefing new: {exc}", file=sys.stderr)
        return 2
    print(report(reading))
    doubtful = doubts(reading)
    if doubtful and not args.yes:
        for line in doubtful:
            print(f"briefing new: {line}", file=sys.stderr)
        print("briefing new: nothing written; correct the source, give --title, --author, --date, --publisher or "
              "--url, or accept this reading with --yes", file=sys.stderr)
        return 2
    try:
        oped = new(args.source, args.dir, reading)
    except Refused as exc:
        print(f"briefing new: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"briefing new: {args.dir}: cannot be written: {exc.strerror}", file=sys.stderr)
        return 2
    next_step = "briefing build" if args.dir.resolve() == Path.cwd().resolve() else f"cd {args.dir} && briefing build"
    print(f"Started {args.dir}/: {len(oped.body)} paragraphs of {args.source.name}.\nNext: {next_step}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m briefing.new SOURCE DIR``: the same as ``briefing new SOURCE DIR``."""
    from .cli import main as cli_main
    args = sys.argv[1:] if argv is None else argv
    return cli_main(args if args[:1] == ["new"] else ["new", *args])


if __name__ == "__main__":
    sys.exit(main())
