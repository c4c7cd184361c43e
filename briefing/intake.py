"""What `briefing new` reads: a plain-text paste, a Markdown file or a web page saved from a browser.

Each is read into a :class:`Reading` (title, byline, bio, date, publisher, address, the body as paragraphs and
subheadings, the publisher's statement, and what was left out and why), which `briefing new` prints before
it writes anything, doubts (:func:`doubts`: one line each for what is likely a misreading) and writes as the
book's ``op-ed.txt`` (:func:`oped_text`, the layout :mod:`briefing.oped_source` reads).

* **Plain text** (``.txt`` or anything not below): paragraphs separated by blank lines, laid out as title,
  byline, author bio, the body, the publisher's statement (the web page's share buttons at the end are
  dropped); a line starting ``## `` is a subheading.  The file is the book's source of truth, copied as it is.
* **Markdown** (``.md``, ``.markdown``): the first level-1 heading is the title, a paragraph starting "By " right
  after it the byline, a paragraph that is only a date the date, an image and the paragraph right after it
  (its caption) are left out, other headings are subheadings, a last paragraph that starts with the author's
  name and "is" or "was" is the bio.  Inline markup (emphasis, links) gives its text.
* **A saved web page** (``.html``, ``.htm``): the article's text and metadata come from trafilatura (title,
  author, date, site name, canonical address), which leaves out navigation, captions and footers; its Markdown
  output keeps subheadings.  Before the title (a kicker such as "Commentary"), the standfirst (the page's
  description) and a last paragraph that reads like the author's bio are reported, not counted as body.  A bio
  in the page's footer is left out with the footer (trafilatura's call): the book then has none.

A byte-order mark and Windows line endings are read as text (the copy kept as the source is the file as it came).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .oped_source import ABSENT, normalise

MIN_PARTS = 5  # plain text: title, byline, bio, a body paragraph, the statement
MIN_WORDS = 8  # a body paragraph shorter than this is likely a caption, a dateline or a heading
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
DATE = re.compile(rf"\b(?:\d{{1,2}}\s+(?:{MONTHS})\.?,?\s+\d{{4}}|(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
                  rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|(?:{MONTHS})\s+\d{{4}})\b")
CREDIT = re.compile(r"\b(?:Photo(?:graph)?|Image|Picture|Illustration|Credit|Source)\s*(?:by\b|:)|\bGetty Images\b|"
                    r"\b(?:AP|AFP|Reuters|EPA|Shutterstock)\s*(?:Photo)?\s*/|©", re.IGNORECASE)
STATEMENT = re.compile(r"\b(?:published|produced|issued) by\b|\bviews expressed\b|\bdo(?:es)? not (?:necessarily )?"
                       r"(?:reflect|represent)\b|\ball rights reserved\b|\bopinions? (?:expressed|are)\b", re.IGNORECASE)
PROMO = re.compile(r"(?:Read (?:more|also)|See also|Related|Recommended|Advertisement|Sign up|Subscribe|Listen)\b[:.]?",
                   re.IGNORECASE)
SHARE = re.compile(r"^(?:Share (?:this (?:post|article)|on \w+)|Email|Print|Tweet)$", re.IGNORECASE)


def publisher_of(statement: str) -> str:
    """The publisher as a statement names it ("produced by the X, Inc. (…)" -> "X"), else ""."""
    found = re.search(r"\b(?:produced|published|issued) by (?:the )?([A-Z][^,.;:()]*)", statement)
    return found.group(1).strip() if found else ""


class Unreadable(Exception):
    """The source cannot be read at all: one line, naming the file."""


@dataclass
class Block:
    kind: str   # "p" (a paragraph) or "h" (a subheading)
    text: str
    line: int = 0  # in the source, where known (plain text, Markdown)


@dataclass
class Reading:
    source: Path
    kind: str  # "text", "markdown", "html"
    title: str = ""
    byline: str = ""
    bio: str = ""
    date: str = ""       # as the source gives it; YYYY-MM-DD from a page's metadata
    publisher: str = ""
    url: str = ""
    body: list[Block] = field(default_factory=list)
    statement: str = ""
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (what it is, its text)
    lines: dict[str, int] = field(default_factory=dict)  # part -> line in the source, where known
    overridden: set[str] = field(default_factory=set)

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.body if b.kind == "p"]

    @property
    def author(self) -> str:
        return re.sub(r"^[Bb]y\s+", "", re.split(r" \(|, | [-–—|] | and ", self.byline)[0]).strip()

    def where(self, part: str) -> str:
        line = self.lines.get(part)
        return f"{self.source}:{line}" if line else str(self.source)


def decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"{path}: cannot be read: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Unreadable(f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02X}); save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return "html" if suffix in (".html", ".htm", ".xhtml") else "markdown" if suffix in (".md", ".markdown") else "text"


def read(path: Path, overrides: dict[str, str] | None = None) -> Reading:
    """The source read into its parts; ``overrides`` (title, author, date, publisher, url) win over what was read."""
    text = decode(path)
    reading = {"html": read_html, "markdown": read_markdown, "text": read_text}[kind_of(path)](path, text)
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        reading.overridden.add(name)
        value = normalise(value)
        if name == "author":
            reading.byline = value
        else:
            setattr(reading, name, value)
    return reading


# -- Plain text ----------------------------------------------------------------------------------

def blocks_of(text: str) -> list[tuple[int, str]]:
    return [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]


def read_text(path: Path, text: str) -> Reading:
    reading = Reading(path, "text")
    blocks = blocks_of(text)
    while blocks and all(SHARE.match(line.strip()) for line in blocks[-1][1].splitlines()):
        reading.left_out.append(("share buttons", normalise(blocks.pop()[1])))
    front = [(line, b) for line, b in blocks if not b.startswith("## ")][:3]
    if len([b for _, b in blocks if not b.startswith("## ")]) < MIN_PARTS:
        raise Unreadable(f"{path}:{blocks[-1][0] if blocks else 1}: expected at least {MIN_PARTS} paragraphs separated by "
                         "blank lines (title, byline, bio, the body paragraphs, the publisher's statement), "
                         f"found {len(blocks)}")
    (title_line, title), (byline_line, byline), (bio_line, bio) = front
    reading.title, reading.byline, reading.bio = normalise(title), normalise(byline), normalise(bio)
    reading.lines.update(title=title_line, byline=byline_line, bio=bio_line)
    rest = blocks[blocks.index((bio_line, bio)) + 1:]
    *body, (statement_line, statement) = rest
    reading.statement, reading.lines["statement"] = normalise(statement), statement_line
    reading.body = [Block("h", normalise(b[3:]), line) if b.startswith("## ") else Block("p", normalise(b), line)
                    for line, b in body]
    reading.publisher = publisher_of(reading.statement)
    if "\n" in title.strip():
        reading.lines["title-lines"] = title.strip().count("\n") + 1
    return reading


# -- Markdown ------------------------------------------------------------------------------------

def inline_text(token) -> str:
    """An inline token's text as a reader sees it: emphasis and links give their words, images nothing."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return normalise("".join(out))


def markdown_items(text: str) -> list[tuple[str, str, int, bool, bool]]:
    """(kind: "h1"… or "p", its words, its line, has an image, is wholly bold) for each block of Markdown."""
    from markdown_it import MarkdownIt  # myst-parser's parser

    tokens = MarkdownIt("commonmark").parse(text)
    items = []
    for i, token in enumerate(tokens):
        if token.type == "inline":
            opening = tokens[i - 1]
            line = (opening.map[0] + 1) if opening.map else 0
            children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
            image = any(c.type == "image" for c in children)
            bold = len(children) > 2 and children[0].type == "strong_open" and children[-1].type == "strong_close" \
                and not any(c.type == "strong_close" for c in children[1:-1])
            kind = opening.tag if opening.type == "heading_open" else "p"
            items.append((kind, inline_text(token), line, image, bold))
    return items


def read_markdown(path: Path, text: str) -> Reading:
    reading = Reading(path, "markdown")
    after_image = False
    for kind, words, line, image, _ in markdown_items(text):
        if image:
            if words:
                reading.left_out.append(("caption", words))
            reading.left_out.append(("image", "an image"))
            after_image = True
            continue
        if after_image and kind == "p" and (CREDIT.search(words) or len(words.split()) < 2 * MIN_WORDS and not reading.body):
            reading.left_out.append(("caption", words))
            after_image = False
            continue
        after_image = False
        if kind == "h1" and not reading.title:
            reading.title, reading.lines["title"] = words, line
        elif not reading.title:
            reading.left_out.append(("before the title", words))
        elif kind == "p" and not reading.byline and not reading.body and re.match(r"[Bb]y\s", words):
            reading.byline, reading.lines["byline"] = words, line
        elif kind == "p" and not reading.body and not reading.date and DATE.fullmatch(words.strip(" .")):
            reading.date, reading.lines["date"] = words, line
        elif kind.startswith("h"):
            reading.body.append(Block("h", words, line))
        elif kind == "p" and words:
            reading.body.append(Block("p", words, line))
    while reading.body and all(SHARE.match(w) for w in re.split(r"\s{2,}|\s(?=Share )", reading.body[-1].text)):
        reading.left_out.append(("share buttons", reading.body.pop().text))
    take_statement_and_bio(reading)
    reading.publisher = publisher_of(reading.statement)
    return reading


BIO = re.compile(r"^(?:[A-Z][\w.'’-]+\s){1,3}(?:is|was)\s(?:an?|the|currently|now|also|senior|professor|director|editor)\b")


def reads_like_bio(text: str, author: str = "") -> bool:
    """Does ``text`` start like an author's bio: the author's name (or any name) and "is a …"?"""
    names = [n for n in (author, author.split()[-1] if author.split() else "") if n]
    return bool(BIO.match(text)) or any(
        re.match(rf"{re.escape(n)}\b.{{0,40}}?\b(?:is|was|has|teaches|writes|works|serves)\b", text) for n in names)


def take_statement_and_bio(reading: Reading) -> None:
    """At the end of the body, in either order: the publisher's statement (a paragraph that reads like one) and the
    author's bio (one that starts with the author's name and "is"): parts of their own, not body paragraphs."""
    while True:
        paragraphs = [b for b in reading.body if b.kind == "p"]
        if len(paragraphs) < 2:
            return
        last = paragraphs[-1]
        if not reading.bio and reading.author and reads_like_bio(last.text, reading.author):
            reading.bio, reading.lines["bio"] = last.text, last.line
        elif not reading.statement and STATEMENT.search(last.text):
            reading.statement, reading.lines["statement"] = last.text, last.line
        else:
            return
        reading.body.remove(last)


# -- A saved web page ----------------------------------------------------------------------------

def read_html(path: Path, text: str) -> Reading:
    import trafilatura  # noqa: PLC0415 (lxml and its friends: only for a page)

    reading = Reading(path, "html")
    options = {"include_comments": False, "include_tables": False, "include_images": False, "with_metadata": True}
    found = trafilatura.extract(text, output_format="json", **options)
    if not found:
        raise Unreadable(f"{path}: no article found in the page (trafilatura found no main text)")
    meta = json.loads(found)
    markdown = trafilatura.extract(text, output_format="markdown", **{**options, "with_metadata": False}) or ""
    reading.title = normalise(meta.get("title") or "")
    reading.byline = normalise(meta.get("author") or "")
    reading.date = meta.get("date") or ""
    reading.publisher = normalise(meta.get("source-hostname") or meta.get("sitename") or "")
    if reading.publisher and "." in reading.publisher and " " not in reading.publisher:
        reading.publisher = ""  # a host name, not a publisher's name: ask for --publisher
    reading.url = meta.get("source") or meta.get("url") or ""
    excerpt = normalise(meta.get("excerpt") or meta.get("description") or "")
    # trafilatura's Markdown read as Markdown: its words, not its asterisks; a heading, or a paragraph wholly in
    # bold (how many sites set a subheading), is a subheading
    items = [(kind, words, bold) for kind, words, _, _, bold in markdown_items(markdown) if words]
    start = next((i + 1 for i, (kind, words, _) in enumerate(items) if kind == "h1" or words == reading.title), 0)
    reading.left_out += [("before the title", words) for _, words, _ in items[:max(start - 1, 0)]]
    for kind, words, bold in items[start:]:
        if excerpt and words == excerpt and not reading.body:
            reading.left_out.append(("standfirst (the page's description)", words))
        else:
            reading.body.append(Block("h" if kind != "p" or bold else "p", words))
    take_statement_and_bio(reading)
    return reading


# -- Doubts --------------------------------------------------------------------------------------

def doubts(reading: Reading) -> list[str]:
    """What is likely a misreading, one line each (naming the file and line where known); none: read right."""
    out = []
    paragraphs = reading.paragraphs
    if not reading.title:
        out.append(f"{reading.source}: no title found; give one with --title")
    elif reading.lines.get("title-lines", 1) > 1 or len(reading.title.split()) > 30:
        out.append(f"{reading.where('title')}: the title is {reading.lines.get('title-lines', 1)} lines, "
                   f"{len(reading.title.split())} words (“{first(reading.title)}”): navigation or a standfirst pasted with it?")
    if reading.title and "title" not in reading.overridden and re.search(r" [|·] | - [A-Z][\w.]+$", reading.title):
        out.append(f"{reading.where('title')}: the title looks like the page's tab title, with the site's name or a "
                   f"date (“{visible(reading.title)}”): give the article's title with --title")
    if not reading.byline:
        out.append(f"{reading.source}: no byline (author) found; give one with --author")
    elif "author" not in reading.overridden:
        if DATE.search(reading.byline):
            out.append(f"{reading.where('byline')}: the byline has a date in it (“{first(reading.byline)}”): a dateline?")
        if CREDIT.search(reading.byline):
            out.append(f"{reading.where('byline')}: the byline reads like an image credit (“{first(reading.byline)}”)")
        if len(reading.byline.split()) > 20:
            out.append(f"{reading.where('byline')}: the byline is {len(reading.byline.split())} words: the bio or a paragraph?")
    if reading.kind == "text" and reading.bio and (DATE.fullmatch(reading.bio.strip(" .")) or CREDIT.search(reading.bio)):
        out.append(f"{reading.where('bio')}: the bio reads like a dateline or a credit (“{first(reading.bio)}”)")
    if not reading.statement and reading.kind == "text":
        out.append(f"{reading.source}: no publisher's statement: the last paragraph is taken as one, "
                   "but nothing marks it as the publisher's")
    elif reading.kind == "text" and not STATEMENT.search(reading.statement):
        out.append(f"{reading.where('statement')}: the last paragraph, taken as the publisher's statement, does not read "
                   f"like one (“{first(reading.statement)}”): no statement?")
    if reading.statement and reads_like_bio(reading.statement, reading.author):
        out.append(f"{reading.where('statement')}: the publisher's statement reads like the author's bio "
                   f"(“{first(reading.statement)}”)")
    if not paragraphs:
        out.append(f"{reading.source}: no body paragraphs found")
    for name, text in (("title", reading.title), ("byline", reading.byline), ("bio", reading.bio),
                       ("statement", reading.statement), *((f"¶{n}", b.text) for n, b in enumerate(paragraphs, 1))):
        if CONTROL.search(text):
            out.append(f"{reading.source}: the {name} holds a control character ({visible(CONTROL.search(text).group())}), "
                       "which is no text: remove it from the source")
    for n, block in enumerate(paragraphs, 1):
        at = f"{reading.source}:{block.line}" if block.line else str(reading.source)
        if CREDIT.search(block.text):
            out.append(f"{at}: ¶{n} reads like an image caption or credit (“{first(block.text)}”)")
        elif PROMO.match(block.text):
            out.append(f"{at}: ¶{n} reads like a link to another article or a notice (“{first(block.text)}”)")
        elif DATE.fullmatch(block.text.strip(" .")):
            out.append(f"{at}: ¶{n} is only a date (“{visible(block.text)}”): a dateline?")
        elif len(block.text.split()) < MIN_WORDS:
            out.append(f"{at}: ¶{n} is {len(block.text.split())} words (“{visible(block.text)}”): a caption, a dateline or a "
                       "subheading (write a subheading as “## …”)?")
        elif reading.author and reads_like_bio(block.text, reading.author) and n == len(paragraphs):
            out.append(f"{at}: ¶{n}, the last, reads like the author's bio (“{first(block.text)}”)")
    if reading.date and not DATE.search(reading.date):
        given = "--date" if "date" in reading.overridden else reading.where("date")
        out.append(f"{given}: {reading.date!r} is not a date: give one as 2024-03-12, 12 March 2024 or March 2024")
    return out


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # no text: invalid in XML (the EPUB), unsafe in a terminal


def visible(text: str) -> str:
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def first(text: str, words: int = 8) -> str:
    parts = text.split()
    return visible(" ".join(parts[:words]) + (" …" if len(parts) > words else ""))


# -- What was read, and op-ed.txt ----------------------------------------------------------------

def report(reading: Reading) -> str:
    """What was read, for the user to see before anything is written."""
    def row(name: str, value: str, part: str = "") -> str:
        mark = " (given)" if part in reading.overridden else ""
        return f"  {name:<10} {visible(value) or '—'}{mark}"

    lines = [f"Read {reading.source} ({'a saved web page, by trafilatura' if reading.kind == 'html' else reading.kind}):",
             row("title", reading.title, "title"), row("byline", reading.byline, "author"), row("bio", first(reading.bio, 12)),
             row("date", reading.date, "date"), row("publisher", reading.publisher, "publisher"),
             row("address", reading.url, "url"), row("statement", first(reading.statement, 12))]
    n = 0
    for block in reading.body:
        if block.kind == "h":
            lines.append(f"  ## {visible(block.text)}")
        else:
            n += 1
            lines.append(f"  ¶{n:<3} {first(block.text)}")
    for what, words in reading.left_out:
        lines.append(f"  left out, {what}: {first(words, 12)}")
    return "\n".join(lines)


def oped_text(reading: Reading) -> str:
    """The reading as the book's ``op-ed.txt``: title, byline, bio, the body (subheadings as ``## …``), the
    statement, separated by blank lines; a part the source lacks is written as :data:`ABSENT`."""
    parts = [reading.title, reading.byline or ABSENT, reading.bio or ABSENT,
             *(f"## {b.text}" if b.kind == "h" else b.text for b in reading.body), reading.statement or ABSENT]
    return "\n\n".join(parts) + "\n"
