"""A tiny briefing from another, invented text with three body paragraphs: a clean, strict build."""

import pytest

from unit_roots import warnings_of


@pytest.mark.sphinx("html", testroot="base")
def test_tiny_briefing_builds_without_warnings(app):
    app.build()
    warnings = warnings_of(app)
    assert warnings == "", warnings
    html = (app.outdir / "s1-council.html").read_text(encoding="utf-8")
    assert 'id="p1"' in html and 'id="p2"' in html and "¶2" in html
    assert "Share on" not in (app.outdir / "index.html").read_text(encoding="utf-8")
