"""Same sources, same bytes: the HTML, the PDF and the EPUB.

* Every date is the last commit's, never the clock's: ``SOURCE_DATE_EPOCH`` is set from git as
  the configuration is read (outside git, ``briefing_fallback_date``, else the op-ed file's date; a value
  already set wins), with ``FORCE_SOURCE_DATE=1`` so that TeX Live takes ``\\today`` and the PDF's dates from it.
* Sphinx zips the EPUB with each file's modification time, which is the build's clock.  After
  an EPUB build, the archive is rewritten with every entry dated ``SOURCE_DATE_EPOCH``, same
  order, same compression.
"""

from __future__ import annotations

import calendar
import os
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import book


def last_commit_time(root: Path, fallback: str) -> str:
    """The last commit's time (seconds since 1970), or ``fallback`` outside git."""
    try:
        git = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    except OSError:  # no git on this machine: as outside a repository
        return fallback
    return git.stdout.strip() if git.returncode == 0 and git.stdout.strip() else fallback


def fallback_time(app: Sphinx) -> str:
    """``briefing_fallback_date`` (YYYY-MM-DD, midnight UTC; checked by :func:`briefing.book.add_checked`), else the
    op-ed file's modification time."""
    date = app.config.briefing_fallback_date
    if date:
        return str(calendar.timegm(time.strptime(date, "%Y-%m-%d")))
    source = book.of(app).source
    return str(int(source.stat().st_mtime)) if source.exists() else "315532800"  # 1980, where zip dates start


def fix_epub_dates(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "epub":
        return
    epub = Path(app.outdir) / f"{app.config.epub_basename}.epub"
    stamp = time.gmtime(max(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(epub) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(epub.with_suffix(".tmp"), "w") as new:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type, fixed.external_attr, fixed.create_system = info.compress_type, info.external_attr, 3
            new.writestr(fixed, data)
    epub.with_suffix(".tmp").replace(epub)


_ours: dict[str, str] = {}  # the values this module set, so that a second book in the same process gets its own


def set_source_date(app: Sphinx, config: Any) -> None:
    """``SOURCE_DATE_EPOCH`` for this book, unless the user set it (a value we set for an earlier book is replaced)."""
    for name, value in (("SOURCE_DATE_EPOCH", None), ("FORCE_SOURCE_DATE", "1")):
        if name not in os.environ or os.environ[name] == _ours.get(name):
            _ours[name] = os.environ[name] = value or last_commit_time(Path(app.confdir), fallback_time(app))


def setup(app: Sphinx) -> dict[str, Any]:
    # Once the settings are checked (book.add_checked), before anything reads the date (Sphinx's copyright
    # year, at priority 800).
    app.connect("config-inited", set_source_date, priority=95)
    app.connect("build-finished", fix_epub_dates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
