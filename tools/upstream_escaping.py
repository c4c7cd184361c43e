"""Reproduce, on the stock themes, the escaping bugs briefing/templates works around; print which remain.

Run it after upgrading sphinx-book-theme or pydata-sphinx-theme (`.venv/bin/python tools/upstream_escaping.py`):
it builds a two-page project with the stock theme and nothing of ours, whose titles are markup written as text,
and reports each place the theme writes that text unescaped.  When one reports "fixed upstream", drop our
workaround named beside it (tests/test_hostile.py checks the book either way).

Found with sphinx-book-theme 1.4.0 and pydata-sphinx-theme 0.20.0 (Sphinx 9.0.4):

- sphinx-book-theme, theme/sphinx_book_theme/layout.html:14, the print header ``<h1>{{ pagetitle }}</h1>``
  (``pagetitle`` is ``title.astext()``, sphinx_book_theme/__init__.py:53): a page titled
  ``<script>alert(1)</script>`` runs the script.  Ours: the ``docs_body`` block of briefing/templates/layout.html.
- sphinx-book-theme, theme/sphinx_book_theme/components/sbt-sidebar-nav.html:8, ``{{ root_title }}`` (the home
  page's title as text) in every page's sidebar.  Ours: briefing/templates/sidebar-nav.html.
- pydata-sphinx-theme, theme/pydata_sphinx_theme/components/navbar-logo.html:35, ``{{ … or docstitle }}``
  (``html_title``, which Sphinx's own basic/layout.html escapes: ``docstitle|e``).  Ours:
  briefing/templates/book-title.html.
- pydata-sphinx-theme, theme/pydata_sphinx_theme/search.html:28, ``<title>… {{ title or docstitle }}</title>``.
  Ours: the ``htmltitle`` block of briefing/templates/search.html.

Exit status 0 either way: this is a report, not a test.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

TITLE = "<script>alert(1)</script> Ports"
SITE = "<img src=x onerror=alert(2)> Harbours"
CHECKS = [  # (page, what, pattern of the raw text where it should be escaped, our workaround)
    ("page.html", "sphinx-book-theme print header (layout.html:14)", re.escape(f"<h1>{TITLE}</h1>"),
     "docs_body block in briefing/templates/layout.html"),
    ("page.html", "sphinx-book-theme sidebar home link (components/sbt-sidebar-nav.html:8)",
     re.escape("<script>alert(0)</script> Home"), "briefing/templates/sidebar-nav.html"),
    ("page.html", "pydata-sphinx-theme navbar logo title (components/navbar-logo.html:35)", re.escape(SITE),
     "briefing/templates/book-title.html"),
    ("search.html", "pydata-sphinx-theme search page <title> (search.html:28)", r"<title>[^<]*" + re.escape(SITE),
     "htmltitle block in briefing/templates/search.html"),
]


def main() -> int:
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("sphinx-book-theme", "pydata-sphinx-theme", "Sphinx"))
    print(f"Stock themes: {versions}")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp)
        (src / "conf.py").write_text(f'html_theme = "sphinx_book_theme"\nhtml_title = {SITE!r}\n'
                                     'html_theme_options = {"home_page_in_toc": True}\n', encoding="utf-8")
        (src / "index.rst").write_text("<script>alert(0)</script> Home\n" + "=" * 40 + "\n\n.. toctree::\n\n   page\n",
                                       encoding="utf-8")
        (src / "page.rst").write_text(f"{TITLE}\n{'=' * 40}\n\nText.\n", encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(src / "_build")],
                             capture_output=True, text=True)
        if run.returncode:
            print(f"the stock build failed: {run.stderr.strip().splitlines()[-1:]}")
            return 0
        for page, what, pattern, ours in CHECKS:
            html = (src / "_build" / page).read_text(encoding="utf-8")
            state = "still unescaped" if re.search(pattern, html) else "fixed upstream: drop " + ours
            print(f"{what}: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
