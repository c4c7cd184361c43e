"""The op-ed's sentences, with stable ids: ``p3.4`` is the fourth sentence of ¶3.

A sentence ends at ".", "?" or "!" (and a closing quotation mark after it) followed by a space and
a capital letter or an opening quotation mark, so "$1.5 billion" and a full stop inside a quotation
that goes on ("… Minsk.” Thus") are handled as a reader would.  The ids are the contract between
the op-ed and the attribution data (attribution.py): they change only when the op-ed does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

END = re.compile(r"[.?!][”’\"]?(?=\s+[“‘\"(]?[A-Z])")
ID = re.compile(r"p([1-9][0-9]*)\.([1-9][0-9]*)")


@dataclass(frozen=True)
class Sentence:
    paragraph: int
    number: int
    text: str

    @property
    def id(self) -> str:
        return f"p{self.paragraph}.{self.number}"

    @property
    def label(self) -> str:
        """How the reader is told where it is: ``¶3, sentence 4``."""
        return f"¶{self.paragraph}, sentence {self.number}"

    def opening(self, words: int = 8) -> str:
        """Its first words, to name it in a message."""
        split = self.text.split()
        return " ".join(split[:words]) + (" …" if len(split) > words else "")


def split(paragraph: str) -> list[str]:
    """A paragraph's sentences, in order; together they are the paragraph, word for word."""
    out, start = [], 0
    for match in END.finditer(paragraph):
        if paragraph.count("“", 0, match.end()) > paragraph.count("”", 0, match.end()):
            continue  # inside a quotation (“… society,” she said. “Our …”): its sentences are the speaker's one
        out.append(paragraph[start:match.end()].strip())
        start = match.end()
    out.append(paragraph[start:].strip())
    return [sentence for sentence in out if sentence]


def sentences(body: tuple[str, ...]) -> dict[str, Sentence]:
    """Every sentence of the body paragraphs, by id, in reading order."""
    return {s.id: s for n, text in enumerate(body, 1) for s in
            (Sentence(n, i, sentence) for i, sentence in enumerate(split(text), 1))}
