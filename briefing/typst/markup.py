"""Text as Typst source: whatever the book's text says stays text.

Typst markup gives meaning to most ASCII punctuation (``#`` starts code, ``*`` and ``_`` emphasis,
``$`` maths, ``<`` labels, ``@`` references, ``//`` comments, ``--`` dashes, ``=`` and ``-`` at a line's start
headings and lists, ``http://`` links, ``'`` and ``"`` smart quotes).  :func:`text` escapes every ASCII
punctuation character with a backslash, which Typst accepts for any of them, so hostile text such as
``#eval("…")`` or ``<label>`` prints as written; :func:`string` makes a Typst string literal.
"""

from __future__ import annotations

import re

# A web address in running text: with its scheme, or a domain with a path ("erainstitute.org/2020/09/30/"); the
# punctuation that ends a sentence or clause after it is not part of it.
ADDRESS = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"]*", re.I)
ADDRESS_END = re.compile(r"[.,;:!?)\]’”'\"]+$")
LONGEST_PIECE = 60  # characters: a piece of an address longer than this may break anywhere rather than overrun the line
PUNCTUATION = re.compile(r"""([\\#*_`$<>@=\-+/\[\]~'".:;,!?%&|^(){}])""")
SPACE = re.compile(r"\s*\n\s*")
PARAGRAPH_RANGE = re.compile(r"¶\d+–¶\d+")


def text(value: str) -> str:
    """Running text as Typst markup: punctuation escaped, line breaks of the source as spaces, and a range of
    paragraphs ("¶1–¶4") on one line (review EM: a caption's "¶1–" ended one line, "¶4" began the next)."""
    return PARAGRAPH_RANGE.sub(r"#box[\g<0>]", PUNCTUATION.sub(r"\\\1", SPACE.sub(" ", value)))


def running(value: str) -> str:
    """Running text as Typst markup (:func:`text`), every web address in it kept whole where it fits on its line
    (:func:`address`)."""
    out, start = [], 0
    for match in ADDRESS.finditer(value):
        found = ADDRESS_END.sub("", match.group(0))
        if found.endswith("://"):
            continue  # a scheme alone
        out += [text(value[start:match.start()]), address(found)]
        start = match.start() + len(found)
    return "".join(out) + text(value[start:])


def address(value: str) -> str:
    """A web address as Typst markup (``web-address`` in template.typ): on one line wherever it fits on a line, moved
    whole to the next line if need be; one too long for its line breaks only after a "/" of its path (each piece up to
    the next one an unbreakable box, the scheme with its host), never after the scheme's "//", inside the host or at
    its own hyphens or dots: a reader who copies it, or retypes it from paper, gets the address, not "distrust-" at a
    line's end taken for a hyphenated word ("distrustlukashenka")."""
    pieces = re.findall(r"[^/]*/+|[^/]+", value)
    if len(pieces) > 1 and pieces[0].endswith("://"):
        pieces[:2] = [pieces[0] + pieces[1]]  # "https://" and its host: one piece
    shown = (f"box[{text(piece)}]" if len(piece) <= LONGEST_PIECE else content(text(piece)) for piece in pieces)
    return f"#web-address({', '.join(shown)})"


def string(value: str) -> str:
    """A Typst string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def label(name: str) -> str:
    """A label value (any name: ``label("sections/p1:id-3")``), for ``#label(…)``, ``link`` and ``query``."""
    return f"label({string(name)})"


def attach(name: str) -> str:
    """``#label(…)``: in markup, the label of the element just before it."""
    return f"#{label(name)}"


def content(markup: str) -> str:
    """Markup as a content block argument."""
    return f"[{markup}]"
