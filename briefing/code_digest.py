"""Outputs follow the code that makes them.

Sphinx re-reads a page when its source, a noted dependency or an ``env`` config value changes,
but not when an extension's code does: pages read by the old code (and their cached doctrees)
would survive into the next build.  This extension registers a digest of the book's own
extensions and templates as an ``env`` config value, so changing that code re-reads every page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

CODE = Path(__file__).resolve().parent


def digest() -> str:
    files = sorted([*CODE.glob("*.py"), *CODE.glob("*.html"), *CODE.glob("templates/*.html")])
    return hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()[:16]


def setup(app: Sphinx) -> dict[str, Any]:
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
