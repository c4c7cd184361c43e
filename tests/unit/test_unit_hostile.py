"""What an editor writes is text too: raw HTML in a page or in a data file (a `<script>` pasted from a web page)
is shown as written, never run (MyST's html_block and html_inline are off: briefing/defaults.py).  The source's
own text is covered end to end, in Chromium, by tests/test_hostile.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from unit_roots import ROOTS, warnings_of

COUNCIL = (ROOTS / "test-actors" / "s1-council.md").read_text(encoding="utf-8")
ACTORS = (ROOTS / "test-actors" / "_data" / "actors.yaml").read_text(encoding="utf-8")
PASTED = "An editor pasted <script>alert('page')</script> and <img src=x onerror=alert('img')> here."


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="actors", files={
    "s1-council.md": COUNCIL + f"\n{PASTED}\n\n<div onclick=\"alert('block')\">A block of HTML</div>\n",
    "_data/actors.yaml": ACTORS.replace("She spoke at the council meeting.",
                                       "She spoke at the council meeting. <script>alert('actor')</script>")})
def test_raw_html_from_an_editor_is_shown_as_text(app):
    app.build()
    assert warnings_of(app) == "", warnings_of(app)
    for name in ("s1-council", "x-people"):
        page = soup(app, name)
        scripts = [s.string for s in page.find_all("script") if s.string and "alert(" in s.string]
        handlers = [t for t in page.find_all(True) if any(a.startswith("on") and "alert(" in str(v) for a, v in t.attrs.items())]
        assert not scripts and not handlers and not page.select("img[src=x]"), (name, scripts, handlers)
    text = " ".join(soup(app, "s1-council").get_text(" ").split())
    assert PASTED in text and "<div onclick=\"alert('block')\">A block of HTML</div>" in text
    assert "<script>alert('actor')</script>" in " ".join(soup(app, "x-people").get_text(" ").split())
