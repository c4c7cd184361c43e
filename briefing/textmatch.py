"""Matching the book's words against the op-ed's: spans, quotations, word diffs.

Used by every feature that checks words (oped.py, evidence.py, attribution.py, claims, figures): a span
occurs in a text word for word ("…" marks an omission), ignoring case and line breaks, nothing else; a
span that does not occur is explained by a word diff against the nearest words of the text.
"""

from __future__ import annotations

import difflib
import re

from .oped_source import normalise

ELLIPSIS = re.compile(r"…|\.\.\.")


def word_diff(expected: str, found: str, context: int = 4) -> str:
    """A short, one-line diff of two texts by words: ``… context [-old-] {+new+} context …``."""
    a, b = expected.split(), found.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(a[max(0, i1 - context) : i1])
        after = " ".join(a[i2 : i2 + context])
        change = (f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else "") + (f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else "")
        out.append(f"… {before} {change} {after} …")
    return "; ".join(out[:3]) + (f" (and {len(out) - 3} more changes)" if len(out) > 3 else "")


def occurs(span: str, text: str, case: bool = False) -> bool:
    """Does ``span`` occur in ``text`` word for word ("…" = an omission), ignoring case?  With ``case``, as a
    quotation must: letter for letter ("“Even against”" does not quote "even against")."""
    fold = (lambda t: t) if case else str.casefold
    pieces = [fold(normalise(p)) for p in ELLIPSIS.split(span) if p.strip()]
    text, position = fold(normalise(text)), 0
    for piece in pieces:
        found = re.compile(rf"(?<!\w){inner_marks(re.escape(piece))}(?!\w)").search(text, position)
        if not found:
            return False
        position = found.end()
    return bool(pieces)


def position(span: str, text: str) -> int:
    """Where ``span`` (its first piece) begins in ``text``, ignoring case; past the end if it is not there."""
    piece = next((p for p in ELLIPSIS.split(span) if p.strip()), span)
    found = re.search(inner_marks(re.escape(normalise(piece).casefold())), normalise(text).casefold())
    return found.start() if found else len(text)


def inner_marks(pattern: str) -> str:
    """Single marks in a quotation are the op-ed's double ones, as a quotation inside a quotation is printed:
    “were trying to ‘sell’ Lukashenka” quotes ¶5's “were trying to “sell” Lukashenka” (the closing mark may also be
    an apostrophe, “Lukashenka’s”; the op-ed's own mark may follow its full stop or comma, “… against Lukashenka.”,
    which a quotation of those words alone leaves out)."""
    return pattern.replace("‘", "[‘“]").replace("’", "[.,]?[’”]")  # “‘… Lukashenka’”: its mark after its "."


def single(text: str) -> str:
    """Its quotation marks all single, as the op-ed's own are printed inside a quotation (evidence.nested)."""
    return text.replace("“", "‘").replace("”", "’")


def shares(span: str, inner: str, least: int = 2) -> bool:
    """Does ``span`` hold ``inner``, or run into or out of it by ``least`` words or more?  “were skeptical about
    Lukashenka’s fiery assurances” shares three words with her “Lukashenka’s fiery assurances of friendship and
    loyalty”, inside the experts’ claim (review CK): quoted as theirs, her words go with it, if only in part."""
    if occurs(inner, span):
        return True
    said, held = [bare(w).casefold() for w in normalise(span).split()], [bare(w).casefold() for w in normalise(inner).split()]
    return any(said[-n:] == held[:n] or said[:n] == held[-n:] for n in range(least, min(len(said), len(held)) + 1))


def closest_diff(span: str, text: str) -> str:
    """A word diff of the first piece of ``span`` that is not in ``text``, against its nearest words there."""
    piece = next((p for p in ELLIPSIS.split(span) if p.strip() and not occurs(p, text)), span)
    found, words = [bare(w) for w in piece.split()], [bare(w) for w in text.split()]

    def likeness(window: tuple[int, int]) -> tuple[int, int, int]:
        """Words in common, then a window as long as the span (a changed word rather than a lost and an
        added one), then words equal in place."""
        start, size = window
        near = words[start:start + size]
        common = sum(block.size for block in difflib.SequenceMatcher(a=near, b=found, autojunk=False).get_matching_blocks())
        return common, -abs(size - len(found)), sum(a == b for a, b in zip(near, found))

    sizes = {max(1, len(found) + d) for d in (-1, 0, 1)}  # a word changed, added or lost
    start, size = max(((i, n) for n in sizes for i in range(max(1, len(words) - n + 1))), key=likeness)
    if likeness((start, size))[0] < len(found) / 2:
        return "no similar words there"
    return word_diff(" ".join(text.split()[start:start + size]).rstrip(".,;:"), piece)


def bare(word: str) -> str:
    """A word as compared for likeness: no case, no punctuation around it."""
    return word.strip(".,;:!?()“”‘’").casefold()
