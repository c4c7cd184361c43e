"""``briefing new`` scaffolds the whole apparatus (issue 19, point 5), built in-process on the unit tier.

A book started from the e2e tier's kind of paste: every part is there with its commented schema and one working
example, the attribution is an honest first draft (every sentence the author's, the op-ed's words of attribution
or doubt kept as cues, no source invented), and the book builds with no warning at all.  Diagrams are drawn by
the diagram tests' fake renderer (no browser on this tier).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefing import intake
from briefing.new import cues, new
from briefing.oped_source import load
from briefing.sentences import sentences
from test_unit_diagrams import Browser, use_fake_renderer
from unit_roots import ROOTS, assert_no_crash

PASTE = """\
Harbour Rules

Maria Okafor

Maria Okafor is a maritime economist who studies small ports.

When the new rules take effect next spring, the largest ports will be ready. Small harbours mostly will not.

The harbour master said the budget is too small. According to the council, grants may follow next year.

Whether the rules succeed may depend on the small ports, which carry the goods that never make the headlines.

This article is published by the Coastal Economy Forum. All views expressed are those of the author.
"""


@pytest.fixture(autouse=True)
def browser(monkeypatch) -> Browser:
    return use_fake_renderer(monkeypatch)


@pytest.fixture
def book(tmp_path) -> Path:
    source = tmp_path / "harbour.txt"
    source.write_text(PASTE, encoding="utf-8")
    new(source, tmp_path / "book", intake.read(source, {}))
    return tmp_path / "book"


def build(book: Path, make_app) -> str:
    """The book's HTML, through sphinx.testing (which undoes what a build registers); its conf.py beside its pages,
    as sphinx.testing wants (the book's settings are relative to docs/ either way)."""
    shutil.copyfile(book / "conf.py", book / "docs/conf.py")
    app = make_app("html", srcdir=book / "docs", confoverrides={"diagram_node_modules": str(ROOTS / "test-figures" / "mermaid-stub")})
    app.build()
    return re.sub(r"\x1b\[[0-9;]*m", "", app._warning.getvalue())


def test_the_cues_are_the_opeds_own_words():
    assert cues("The harbour master said the budget is too small.") == ["said"]
    assert cues("According to the council, grants may follow next year.") == ["According to", "may"]
    assert cues("They met in May and agreed.") == [], "a month is no hedge"


def test_a_new_book_has_the_whole_apparatus_and_builds_without_a_warning(book, make_app):
    data = book / "docs/_data"
    attribution = (data / "attribution.yaml").read_text(encoding="utf-8")
    oped_sentences = sentences(load(data / "op-ed.txt").body)
    assert re.findall(r"(?m)^  (p\d+\.\d+):", attribution) == list(oped_sentences)
    assert re.search(r'(?m)^  p2\.1:  # DRAFT: reported or hedged \(said\).*\n    speaker: author\n    cue: "said"$', attribution)
    assert re.search(r'(?m)^  p2\.2:  # DRAFT.*\n    speaker: author\n    cue: \["According to", "may"\]$', attribution)
    assert re.search(r"(?m)^sources: \{\}$", attribution)
    for name, schema in (("notes.yaml", "# - id: resolution-date"), ("figures.yaml", "#   fig-argument:")):
        assert schema in (data / name).read_text(encoding="utf-8"), name
    for page in ("key-judgments", "claims", "analysis", "notes"):
        assert f"\n{page}\n" in (book / "docs/index.md").read_text(encoding="utf-8"), f"{page} in the toctree"
    warnings = build(book, make_app)
    assert_no_crash(warnings)
    assert warnings == "", warnings
    html = (book / "docs/_build/html/analysis.html").read_text(encoding="utf-8")
    assert 'id="fig-first-and-last"' in html and "it opens: “When the new rules take effect next spring" in html
    claims = (book / "docs/_build/html/claims.html").read_text(encoding="utf-8")
    assert "“According to”; “may”" in claims, "the cues travel into the claims table"


def test_an_editor_who_retitles_a_page_is_told_to_renew_its_evidence(book, make_app):
    page = book / "docs/sections/p2.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# The harbour master said the budget …", "# Grants, next year"),
                    encoding="utf-8")
    warnings = build(book, make_app)
    assert re.search(r"p2\.md:1: WARNING: the title “Grants, next year” shares no word with its evidence", warnings), warnings
