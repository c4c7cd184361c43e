"""Read the op-ed as received (``docs/_data/op-ed.txt``) into its parts.

The file is the book's source of truth and is never edited.  Paragraphs are
separated by blank lines: title, byline, author bio, the body paragraphs, the
publisher's statement, then the web page's share buttons ("Share this post",
"Share on …"), which are not part of the text and are dropped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

BODY_PARAGRAPHS = 10
SOURCE = Path(__file__).resolve().parent.parent / "_data" / "op-ed.txt"


@dataclass(frozen=True)
class OpEd:
    title: str
    byline: str
    bio: str
    body: tuple[str, ...]  # body[0] is ¶1
    statement: str

    @property
    def author(self) -> str:
        """The byline without its role: "Ksenia Kirillova"."""
        return self.byline.split(" (")[0]

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.body)


class SourceError(ValueError):
    pass


def normalise(text: str) -> str:
    """Collapse runs of white space: line wrapping is layout, not wording."""
    return " ".join(text.split())


def _is_share_buttons(paragraph: str) -> bool:
    return all(re.fullmatch(r"Share (this post|on \w+)", line.strip()) for line in paragraph.splitlines())


def load(path: Path = SOURCE) -> OpEd:
    """The op-ed, read once per build (again only if the file changes)."""
    return _parse(path, path.stat().st_mtime)


@cache
def _parse(path: Path, mtime: float) -> OpEd:
    text = path.read_text(encoding="utf-8")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    paragraphs = [normalise(b) for b in blocks if not _is_share_buttons(b)]
    expected = 3 + BODY_PARAGRAPHS + 1
    if len(paragraphs) != expected:
        raise SourceError(
            f"{path}: expected {expected} paragraphs (title, byline, bio, "
            f"{BODY_PARAGRAPHS} body paragraphs, statement), found {len(paragraphs)}"
        )
    title, byline, bio, *body, statement = paragraphs
    return OpEd(title, byline, bio, tuple(body), statement)
