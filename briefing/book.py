"""The book being built: its op-ed and data files, from the ``briefing_*`` settings.

Everything specific to one briefing is a configuration value, resolved against the source
folder (``docs/``), so the same code builds any briefing, and a test can give it other data::

    briefing_source = "_data/op-ed.txt"   # the op-ed as received (title, byline, bio, ¶s, statement)
    briefing_data = "_data"               # actors.yaml, claims.yaml, notes.yaml (each optional)
    briefing_anchors = "anchors.txt"      # the published anchors (anchors.py)
    briefing_pdf = "briefing.pdf"         # the PDF's file name (the HTML links to it)
    briefing_date = "September 2020"      # "as of": when the op-ed gives no publication date
    briefing_fallback_date = "2020-09-16" # the outputs' date outside git (in git: the last commit's)

Features reach all of it through :func:`of` (``of(env).oped``, ``of(env).data("actors.yaml")``).
The settings are declared in :mod:`briefing.settings`; a setting of the wrong type or form is a warning naming
conf.py's line and what is expected, and the default is used instead (:func:`add_checked`): no feature ever sees it.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.util import logging

from .oped_source import OpEd, load

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class Book:
    srcdir: Path
    source: Path
    data_dir: Path
    anchors: Path
    pdf: str
    date: str

    @property
    def oped(self) -> OpEd:
        """The op-ed, read once (again only if the file changes); its problems are reported by
        :func:`briefing.oped.check_source` before any page is read."""
        return load(self.source)

    @property
    def title(self) -> str:
        """The book's own title, the op-ed's with what the book is: "Does Putin Still Distrust Lukashenka? A Briefing
        Book" (the PDFs' and the EPUB's title, the citation), so a catalogue never lists it as the op-ed itself."""
        return book_title(self.oped.title)

    def data(self, name: str) -> Path:
        return self.data_dir / name

    def relative(self, path: Path) -> str:
        """``path`` as the author knows it: relative to the folder above the sources (``docs/…``)."""
        try:
            return str(path.relative_to(self.srcdir.parent))
        except ValueError:
            return str(path)


def of(env: Any) -> Book:
    """The book of a build environment (or of anything with ``.config`` and ``.srcdir``: the app)."""
    config, srcdir = env.config, Path(env.srcdir)
    return Book(srcdir, srcdir / config.briefing_source, srcdir / config.briefing_data, srcdir / config.briefing_anchors,
                config.briefing_pdf, config.briefing_date)


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_date(value: Any) -> bool:
    """``value`` is "" or a date written YYYY-MM-DD."""
    try:
        return isinstance(value, str) and (not value or bool(time.strptime(value, "%Y-%m-%d")))
    except ValueError:
        return False


def is_pdf_name(value: Any) -> bool:
    """A file name (no folder) ending in .pdf: LaTeX writes that name, make copies it beside the HTML."""
    return isinstance(value, str) and value.endswith(".pdf") and len(value) > 4 and "/" not in value and "\\" not in value


def add_checked(app: Any, name: str, default: Any, rebuild: str, types: list[type],
                ok: Callable[[Any], bool], expected: str) -> None:
    """``app.add_config_value``, checked at ``config-inited`` before any feature reads it (they do from
    priority 95 on) and before Sphinx's own type check: a value that is not ``ok`` is a warning at its line
    in conf.py, and the default replaces it."""
    app.add_config_value(name, default, rebuild, types=types)

    def check(app: Any, config: Any) -> None:
        value = getattr(config, name)
        if not ok(value):
            location = setting_location(app, name)
            given = "" if location else " (given with -D)" if given_with_d(config, name) else " (in conf.py)"
            logger.warning("%s = %r%s: expected %s; using %r", name, value, given, expected, default,
                           location=location, type="config")
            setattr(config, name, default)

    app.connect("config-inited", check, priority=90)


def given_with_d(config: Any, name: str) -> bool:
    """Was ``name`` set on the command line (``-D name=…``, or ``-D name.key=…`` for a dict)?"""
    return any(given == name or given.startswith(name + ".") for given in config.overrides)


def setting_location(app: Any, name: str) -> str | None:
    """conf.py and the line of ``name``'s (last) assignment there, or None: given with -D, or not found
    (Sphinx's logging takes a location without a line for a page's name)."""
    if given_with_d(app.config, name):
        return None
    conf = Path(app.confdir, "conf.py")
    try:
        tree = ast.parse(conf.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return None
    lines = [node.lineno for node in ast.walk(tree) for target in
             (node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else [])
             if isinstance(target, ast.Name) and target.id == name]
    return f"{conf}:{max(lines)}" if lines else None


def book_title(oped_title: str) -> str:
    """ "Does Putin Still Distrust Lukashenka? A Briefing Book"; "Harbour News: A Briefing Book"."""
    title = oped_title.strip()
    return f"{title} A Briefing Book" if title.endswith(("?", "!", ".")) else f"{title}: A Briefing Book"
