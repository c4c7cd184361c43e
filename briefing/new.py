"""``briefing new SOURCE.txt DIR``: start a new briefing book from a plain-text op-ed.

The op-ed is laid out like the first book's (see :mod:`briefing.oped_source`): title, byline,
author bio, the body paragraphs, the publisher's statement, separated by blank lines; the web
page's share buttons at the end are dropped.  DIR gets

* ``docs/_data/op-ed.txt``: SOURCE, byte for byte (the book's source of truth, never edited);
* ``docs/index.md``: the op-ed's title, byline, bio and publisher's statement, verbatim;
* ``docs/sections/p1.md`` … one page per body paragraph, quoting it with ``{oped} N``, titled with
  the paragraph's first words (the title's evidence, until an editor writes a better title);
* ``docs/glossary/*.md`` and ``docs/_data/actors.yaml``: the three glossaries, empty;
* ``conf.py`` (``extensions = ["briefing"]`` and the book's ``briefing_*`` settings) and the set-up
  every briefing shares, copied from :data:`STARTER` (real files, package data): the ``Makefile`` (set-up,
  html, pdf, epub, livehtml, linkcheck, anchors, clean, help: the same file the first book's Makefile
  includes), ``tools/setup_system.py``, ``package.json`` + lockfile, ``puppeteer-config.json``,
  ``.readthedocs.yaml``, ``.gitignore``, and the build's pinned ``requirements.txt`` with a last line that
  installs this package from where it is (with a note on what Read the Docs needs instead of a local folder).

``cd DIR && make`` then builds the HTML and the PDF; the first build fills in ``docs/anchors.txt`` (created empty).
Bad input (an unreadable SOURCE, too few paragraphs, a DIR that is not empty) is refused with one
line naming the file (and line) and exit status 2; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from . import __version__
from .anchors import empty_registry
from .oped_source import OpEd, load

HERE = Path(__file__).resolve().parent
STARTER = HERE / "starter"  # the set-up every briefing shares; tests/unit/test_unit_starter.py ties it to the first book's
RENAMED = {"gitignore": ".gitignore", "readthedocs.yaml": ".readthedocs.yaml"}  # kept without the dot as package data
TITLE_WORDS = 6  # a section page's provisional title: the first words of its paragraph
GLOSSARIES = {"people": "People", "organisations": "Organisations, institutions and media",
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

def index_page(oped: OpEd) -> str:
    sections = "\n".join(f"sections/p{n}" for n in range(1, len(oped.body) + 1))
    glossaries = "\n".join(f"glossary/{name}" for name in GLOSSARIES)
    count = len(oped.body)
    return f"""\
(home)=
# {myst(oped.title)}

:::{{container}} subtitle
Briefing book
:::

:::{{oped}} byline
{myst(oped.byline)}
:::

:::{{oped}} bio
{myst(oped.bio)}
:::

```{{rubric}} About this briefing
:heading-level: 2
:name: scope-note
```

This is a single-source product: it rests on one op-ed, whose words appear verbatim in the blocks numbered
¶1–¶{count}, one section each, checked against the source every time the book is built. The section titles
are editorial.

```{{rubric}} Publisher’s statement
:heading-level: 2
:name: publisher
```

:::{{oped}} statement
{myst(oped.statement)}
:::

```{{toctree}}
:hidden:

{sections}
```

```{{toctree}}
:caption: Glossaries
:hidden:

{glossaries}
```
"""


def section_page(n: int, paragraph: str) -> str:
    evidence = json.dumps(f"{n}: {first_words(paragraph).removesuffix(' …')}", ensure_ascii=False)
    return f"""\
---
title-evidence: {evidence}
---

(sec-p{n})=
# {myst(first_words(paragraph))}

:::{{oped}} {n}
{myst(paragraph)}
:::
"""


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


def publisher_of(statement: str) -> str | None:
    """The publisher as the statement names it ("produced by the X, Inc. (…)" -> "X"), else None."""
    found = re.search(r"\b(?:produced|published|issued) by (?:the )?([A-Z][^,.;:()]*)", statement)
    return found.group(1).strip() if found else None


UNNAMED = "publisher not named in the text as received"  # the citation's publisher until an editor names it


def conf_py(oped: OpEd) -> str:
    publisher = publisher_of(oped.statement)
    started = time.strftime("%B %Y")
    note = "the month this briefing was started; the text as received gives no publication date"
    citation = {"publisher": publisher or UNNAMED, "publisher_short": publisher or UNNAMED, "date": started,
                "year": started.split()[-1], "address": "No web address came with the text as received.", "date_note": note}
    citation_lines = ",\n                 ".join(f"{k!r}: {v!r}" for k, v in citation.items())
    if publisher:
        derived = "the publisher from the publisher's statement; the date"
        rights = f"copyright = {f'{publisher} (op-ed text); briefing apparatus by the editors'!r}"
        epub_publisher = f"{publisher} (op-ed); the editors (briefing apparatus)"
    else:
        derived = "no publisher (the publisher's statement names none: fill it in below); the date"
        rights = ("# The publisher's statement names no publisher: fill in who holds the op-ed's rights, e.g.\n"
                  "# copyright = \"The Publisher (op-ed text); briefing apparatus by the editors\", and the publisher in\n"
                  "# citation_oped and epub_publisher.  Until then only the apparatus is claimed, for the editors.\n"
                  "copyright = \"the editors (briefing apparatus)\"")
        epub_publisher = "the editors (briefing apparatus)"
    return f'''\
"""Sphinx configuration of the briefing book on {oped.author}’s op-ed (started with `briefing new`).

Everything every briefing shares (theme, outputs, title and author from the op-ed) is set by the
`briefing` package; what is below is this book's own.  Derived when the book was started:
{derived} from the day it was started, because the text carries none.
Correct them here when you know better.
"""

extensions = ["briefing"]

# -- This book -----------------------------------------------------------------
briefing_source = "_data/op-ed.txt"  # the op-ed as received; never edited (relative to docs/)
briefing_data = "_data"              # actors.yaml (and claims.yaml, notes.yaml when the book has them)
briefing_anchors = "anchors.txt"     # published anchors: written by the first build, then `make anchors`
briefing_pdf = "briefing.pdf"         # the PDF's file name: the HTML links to it, make copies it there
briefing_date = {started!r}
briefing_date_note = {note!r}
briefing_fallback_date = {time.strftime("%Y-%m-%d")!r}  # the outputs' date outside git (in git: the last commit's)
briefing_keywords: list[str] = []  # the book's subjects for the PDF's metadata (with "briefing book"), e.g. ["Ports"]
{rights}
version = release = "0.1"

citation_oped = {{{citation_lines}}}  # {{cite-this}}
epub_publisher = {epub_publisher!r}

# -- Build machinery -----------------------------------------------------------
diagram_cache_dir = "_build/.diagram-cache"           # shared by the HTML, PDF and EPUB builds
diagram_puppeteer_config = "puppeteer-config.json"    # the system's Chromium, never a download
# A published anchor whose page moves keeps its old address: {{"old/docname": "new-page.html"}} (sphinx-reredirects).
redirects: dict[str, str] = {{}}
'''


# -- Where this package comes from ---------------------------------------------------------------

def package_requirement() -> tuple[str, bool]:
    """The requirements.txt line that installs this package from where it is, and whether another
    machine (Read the Docs) can install it from there too.

    A source checkout (this module beside a pyproject.toml naming the project ``briefing``) is
    installed editable from there; otherwise the installed distribution's own record says where it
    came from (PEP 610 ``direct_url.json``: a git URL at a commit, or a local folder, editable or not),
    or else its version, from the package index."""
    project = HERE.parent / "pyproject.toml"
    if project.is_file() and re.search(r'(?m)^name\s*=\s*"briefing"', project.read_text(encoding="utf-8")):
        return f"-e {HERE.parent}  # the briefing package, installed editable from its source", False
    try:
        dist = metadata.distribution("briefing")
    except metadata.PackageNotFoundError:
        return f"briefing=={__version__}", True
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    url, vcs = direct.get("url", ""), direct.get("vcs_info", {})
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and not url.startswith("file://"):
        return f"briefing @ git+{url}@{vcs['commit_id']}", True
    if url.startswith("file://"):
        editable = "-e " if direct.get("dir_info", {}).get("editable") else ""
        return f"{editable}{url.removeprefix('file://')}  # the briefing package, from where it was installed", False
    return f"briefing=={dist.version}", True


def git_requirement(folder: Path) -> str | None:
    """``briefing @ git+URL@COMMIT`` for a git checkout whose ``origin`` is on a network (https or ssh), else None."""
    def git(*args: str) -> str:
        try:
            run = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ""
        return run.stdout.strip() if run.returncode == 0 else ""

    url, commit = git("remote", "get-url", "origin"), git("rev-parse", "HEAD")
    scp = re.fullmatch(r"([\w.-]+@[\w.-]+):(?!//)(.+)", url)  # git@host:owner/repo.git
    if scp:
        url = f"ssh://{scp.group(1)}/{scp.group(2)}"
    if not (commit and re.match(r"(https|ssh)://", url)):
        return None
    return f"briefing @ git+{url}@{commit}"


def requirements(line: str, portable: bool) -> str:
    """The build's pins (the starter's requirements.txt), then ``line``, which installs this package.

    A local folder works on this machine only: the file then says so, and what to write instead
    before Read the Docs (or anyone else) builds the book."""
    note = []
    if not portable:
        suggestion = git_requirement(HERE.parent) or "briefing @ git+https://HOST/OWNER/REPO@COMMIT"
        note = ["# The line below installs the briefing package from a folder on this machine: Read the Docs (or any",
                "# other machine) cannot install it.  Before publishing, point it at an installable location, e.g.",
                f"#   {suggestion}",
                "# (a commit pushed where the builder can fetch it) or, once released on PyPI, briefing==VERSION."]
    return (STARTER / "requirements.txt").read_text(encoding="utf-8") + "\n".join([*note, line]) + "\n"


READTHEDOCS_NOTE = """\
# Before Read the Docs can build this book, the last line of requirements.txt must install the briefing
# package from a place Read the Docs can reach (a git URL or PyPI; see the note there).
"""


# -- The command --------------------------------------------------------------------------------

def read_source(path: Path) -> OpEd:
    try:
        path.read_bytes()
    except OSError as exc:
        raise Refused(f"{path}: cannot be read: {exc.strerror}") from None
    oped = load(path)
    if oped.problems:
        where, message = oped.problems[0]
        raise Refused(f"{where}: {message}")
    return oped


def check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise Refused(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise Refused(f"{target}: exists and is not empty; give a new or empty folder")


def write_book(source: Path, oped: OpEd, dest: Path) -> None:
    for path in sorted(STARTER.rglob("*")):
        if path.is_file():
            relative = path.relative_to(STARTER)
            out = dest / RENAMED.get(str(relative), str(relative))
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out)
    shutil.copymode(STARTER / "tools" / "setup_system.py", dest / "tools" / "setup_system.py")
    shutil.copyfile(HERE / "browser_finder.py", dest / "tools" / "browser_finder.py")  # setup_system.py's, before .venv
    line, portable = package_requirement()
    (dest / "requirements.txt").write_text(requirements(line, portable), encoding="utf-8")
    if not portable:  # a local folder: say so where the publishing set-up is too
        readthedocs = dest / ".readthedocs.yaml"
        readthedocs.write_text(READTHEDOCS_NOTE + readthedocs.read_text(encoding="utf-8"), encoding="utf-8")
    (dest / "conf.py").write_text(conf_py(oped), encoding="utf-8")
    docs = dest / "docs"
    (docs / "_data").mkdir(parents=True)
    shutil.copyfile(source, docs / "_data" / "op-ed.txt")
    (docs / "_data" / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (docs / "anchors.txt").write_text(empty_registry("briefing.pdf"), encoding="utf-8")  # filled in by the first build
    (docs / "index.md").write_text(index_page(oped), encoding="utf-8")
    (docs / "sections").mkdir()
    for n, paragraph in enumerate(oped.body, 1):
        (docs / "sections" / f"p{n}.md").write_text(section_page(n, paragraph), encoding="utf-8")
    (docs / "glossary").mkdir()
    for name, title in GLOSSARIES.items():
        (docs / "glossary" / f"{name}.md").write_text(glossary_page(name, title), encoding="utf-8")


def new(source: Path, target: Path) -> OpEd:
    oped = read_source(source)
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
        write_book(source, oped, staging)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Start a new briefing book from a plain-text op-ed "
        "(title, byline, author bio, body paragraphs, publisher's statement, separated by blank lines).")
    parser.add_argument("command", choices=["new"], help="new: start a book")
    parser.add_argument("source", type=Path, metavar="SOURCE.txt", help="the op-ed as received")
    parser.add_argument("dir", type=Path, metavar="DIR", help="the new book's folder (new or empty)")
    args = parser.parse_args(argv)
    try:
        oped = new(args.source, args.dir)
    except Refused as exc:
        print(f"briefing new: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"briefing new: {args.dir}: cannot be written: {exc.strerror}", file=sys.stderr)
        return 2
    next_step = "make" if args.dir.resolve() == Path.cwd().resolve() else f"cd {args.dir} && make"
    print(f"Started {args.dir}/: {len(oped.body)} sections, one per paragraph of {args.source.name}.\nNext: {next_step}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
