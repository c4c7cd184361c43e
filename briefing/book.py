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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .oped_source import OpEd, load

SETTINGS: dict[str, Any] = {
    "briefing_source": "_data/op-ed.txt",
    "briefing_data": "_data",
    "briefing_anchors": "anchors.txt",
    "briefing_pdf": "briefing.pdf",
    "briefing_date": "",
    "briefing_fallback_date": "",  # YYYY-MM-DD: the outputs' date outside git (reproducible.py)
}


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


def add_settings(app: Any) -> None:
    for name, default in SETTINGS.items():
        app.add_config_value(name, default, "env", types=[str])
