"""Read the op-ed as received (``briefing_source``, e.g. ``docs/_data/op-ed.txt``) into its parts.

The file is the book's source of truth and is never edited.  Paragraphs are
separated by blank lines: title, byline, author bio, the body paragraphs (as many as
there are), the publisher's statement, then the web page's share buttons ("Share this
post", "Share on …"), which are not part of the text and are dropped here.

Reading never fails: a file that cannot be read or is not laid out like this gives an
empty or partial :class:`OpEd` whose ``problems`` say what is wrong, with file and line,
for the build to report as warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .data_file import encoding_problem

ABSENT = "(none)"  # a front part the source lacks (a web page without a publisher's statement), as `briefing new` writes it
HEADING = "## "  # a subheading of the op-ed: kept as a heading, not a numbered paragraph
MIN_PARAGRAPHS = 5  # title, byline, bio, at least one body paragraph, statement
FRONT_PARTS = ("byline", "bio", "statement")  # the parts other than body paragraphs a page may quote


def is_paragraph(part: str) -> bool:
    """Is ``part`` a body paragraph's number as the book writes it ("3"; not "03", "³" or "-1")?"""
    return re.fullmatch(r"[1-9][0-9]*", part) is not None


@dataclass(frozen=True)
class OpEd:
    title: str
    byline: str
    bio: str
    body: tuple[str, ...]  # body[0] is ¶1
    statement: str
    problems: tuple[tuple[str, str], ...] = ()  # (FILE:LINE, message), for the build to report
    headings: tuple[tuple[int, str], ...] = ()  # (n, text): a subheading of the op-ed, just before ¶n

    @property
    def author(self) -> str:
        """The byline without its role or a leading "By": "Ksenia Kirillova (…)", "By Ksenia Kirillova, …" -> "Ksenia Kirillova"."""
        return re.sub(r"^[Bb]y\s+", "", re.split(r" \(|, | [-–—|] ", self.byline)[0]).strip()

    def part(self, name: str) -> str:
        """The text of a part: "3" (¶3), or one of :data:`FRONT_PARTS`."""
        return self.body[int(name) - 1] if is_paragraph(name) else getattr(self, name)

    def has(self, name: str) -> bool:
        return name in FRONT_PARTS or (is_paragraph(name) and int(name) <= len(self.body))

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.body)


def normalise(text: str) -> str:
    """Collapse runs of white space: line wrapping is layout, not wording."""
    return " ".join(text.split())


def _is_share_buttons(paragraph: str) -> bool:
    return all(re.fullmatch(r"Share (this post|on \w+)", line.strip()) for line in paragraph.splitlines())


def load(path: Path) -> OpEd:
    """The op-ed, read once per build (again only if the file changes)."""
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:  # always FILE:LINE: Sphinx takes a location without a colon for a document name
        return OpEd("", "", "", (), "", ((f"{path}:1", f"the op-ed cannot be read: {exc.strerror}"),))
    return _parse(path, mtime)


@cache
def _parse(path: Path, mtime: float) -> OpEd:
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")  # a byte-order mark is no part of the title
    except OSError as exc:
        return OpEd("", "", "", (), "", ((f"{path}:1", f"the op-ed cannot be read: {exc.strerror}"),))
    except UnicodeDecodeError:
        line, message = encoding_problem(data)
        return OpEd("", "", "", (), "", ((f"{path}:{line}", f"the op-ed cannot be read: {message}"),))
    blocks = [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    paragraphs = [(line, normalise(b)) for line, b in blocks if not _is_share_buttons(b)]
    headings = []
    if len(paragraphs) > 3:  # after the title, byline and bio: a "## " block heads the paragraphs after it
        front, rest = paragraphs[:3], []
        for line, block in paragraphs[3:]:
            if block.startswith(HEADING):
                headings.append((len(rest) + 1, block[len(HEADING):].strip()))
            else:
                rest.append((line, block))
        paragraphs = front + rest
    if len(paragraphs) < MIN_PARAGRAPHS:
        line = paragraphs[-1][0] if paragraphs else 1
        return OpEd(*(p for _, p in paragraphs[:3]), *[""] * (3 - len(paragraphs[:3])), (), "", ((
            f"{path}:{line}", f"expected at least {MIN_PARAGRAPHS} paragraphs separated by blank lines (title, byline, "
            f"bio, the body paragraphs, the publisher's statement), found {len(paragraphs)}"),))
    (_, title), (_, byline), (_, bio), *body, (_, statement) = paragraphs
    byline, bio, statement = ("" if part == ABSENT else part for part in (byline, bio, statement))
    return OpEd(title, byline, bio, tuple(p for _, p in body), statement, headings=tuple(headings))
