"""The EPUB, like the HTML and the PDF, is the same bytes from the same sources.

Sphinx zips the EPUB with each file's modification time, which is the build's clock.
After an EPUB build, the archive is rewritten with every entry dated
``SOURCE_DATE_EPOCH`` (set in conf.py), same order, same compression.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", fix_epub_dates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
