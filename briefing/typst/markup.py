"""Text as Typst source: whatever the book's text says stays text.

Typst markup gives meaning to most ASCII punctuation (``#`` starts code, ``*`` and ``_`` emphasis,
``$`` maths, ``<`` labels, ``@`` references, ``//`` comments, ``--`` dashes, ``=`` and ``-`` at a line's start
headings and lists, ``http://`` links, ``'`` and ``"`` smart quotes).  :func:`text` escapes every ASCII
punctuation character with a backslash, which Typst accepts for any of them, so hostile text such as
``#eval("…")`` or ``<label>`` prints as written; :func:`string` makes a Typst string literal.
"""

from __future__ import annotations

import re

PUNCTUATION = re.compile(r"""([\\#*_`$<>@=\-+/\[\]~'".:;,!?%&|^(){}])""")
SPACE = re.compile(r"\s*\n\s*")


def text(value: str) -> str:
    """Running text as Typst markup: punctuation escaped, line breaks of the source as spaces."""
    return PUNCTUATION.sub(r"\\\1", SPACE.sub(" ", value))


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
