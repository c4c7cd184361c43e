"""The ``briefing`` command: install the kit once (``pip install``), then, for any number of books::

    briefing new SOURCE DIR     start a book from a pasted text, a Markdown file or a saved web page
    briefing build [FORMAT…]    build HTML, PDF and EPUB (or those named), strictly; only what changed is redone
    briefing serve              live preview of the HTML while editing (sphinx-autobuild)
    briefing check              the book's checks (fidelity, evidence, anchors, references), writing nothing
    briefing sync               after the source is corrected: update the generated pages, list edited ones
    briefing anchors            publish the book's anchors (docs/anchors.txt): before the first deployment
    briefing doctor             what this machine lacks, and the one command that installs it

Run in a book's folder (conf.py and docs/) or name one with ``-C DIR``.  Every failure is one line naming the
file (and line) and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    from . import new
    from .build import FORMATS, OPTIONAL

    top = argparse.ArgumentParser(prog="briefing", description="Make a briefing book from one op-ed.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new.add_arguments(commands.add_parser("new", help="start a book from a pasted text, a Markdown file or a saved web page"))
    helps = {"build": "build HTML, PDF and EPUB (only what changed)", "serve": "live preview of the HTML while editing",
             "check": "the book's checks, writing nothing", "sync": "after the source is corrected, update the generated pages",
             "anchors": "publish the book's anchors (docs/anchors.txt)", "doctor": "what this machine lacks, and how to install it"}
    for name, text in helps.items():
        sub = commands.add_parser(name, help=text)
        sub.add_argument("-C", dest="folder", type=Path, default=Path("."), metavar="DIR", help="the book's folder (default: here)")
        if name == "build":
            sub.add_argument("formats", nargs="*", choices=[[], *FORMATS, *OPTIONAL], metavar="FORMAT",
                             help="html, pdf (tagged, by Typst), epub (default: all three); latexpdf (by LaTeX, when named)")
        if name == "serve":
            sub.add_argument("--port", type=int, default=8000)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "new":
            from . import new
            return new.run(args)
        if args.command == "doctor":
            from .doctor import doctor
            return doctor(args.folder.resolve())
        from . import build
        try:
            root = build.book_root(args.folder)
        except build.NotABook as exc:
            print(f"briefing {args.command}: {exc}", file=sys.stderr)
            return 2
        if args.command == "build":
            return build.build(root, list(args.formats) or list(build.FORMATS))
        if args.command == "serve":
            return build.serve(root, args.port)
        if args.command == "check":
            return build.check(root)
        if args.command == "anchors":
            return build.anchors(root)
        if args.command == "sync":
            from .sync import sync
            return sync(root)
    except KeyboardInterrupt:
        print(f"briefing {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"briefing {args.command}: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0
