"""The contracts between features: an op-ed part is an ``oped_paragraph`` node with its part, paragraph
numbers are validated once, glossary links carry their preview through the writer."""

from __future__ import annotations

import re

import pytest
from docutils import nodes

from briefing.oped import oped_paragraph, oped_part, quoted_paragraphs
from unit_roots import ROOTS, assert_no_crash, warnings_of

DECISION = (ROOTS / "base" / "s2-decision.md").read_text(encoding="utf-8")


@pytest.mark.sphinx("dummy")
def test_quoted_parts_are_nodes_that_say_which_part(app):
    app.build()
    doctree = app.env.get_doctree("s2-decision")
    parts = list(doctree.findall(oped_paragraph))
    assert [p["part"] for p in parts] == ["3"]
    assert oped_part(parts[0].next_node(nodes.Text)) == "3"  # anything inside knows its part
    assert quoted_paragraphs(app.env, "s2-decision") == ["3"]


@pytest.mark.sphinx("dummy", files={"s2-decision.md": DECISION.replace("{oped} 3", "{oped} 03")})
def test_a_paragraph_number_is_written_one_way(app):
    app.build()
    text = warnings_of(app)
    assert_no_crash(text)
    assert "{oped} 03: '03' is not a part of the op-ed" in text


@pytest.mark.sphinx("dummy", files={"s2-decision.md": DECISION.split(":::{oped} 3")[0] + ":::{oped} 3\n:::\n"})
def test_an_empty_quotation_is_a_located_warning_not_a_crash(app):
    app.build()
    text = warnings_of(app)
    assert_no_crash(text)
    assert "s2-decision.md:8: WARNING: op-ed ¶3: the block must hold exactly one paragraph" in text


@pytest.mark.sphinx("latex", confoverrides={"latex_elements.papersize": "letterpaper", "html_css_files": ["extra.css"]})
def test_a_books_own_setting_combines_with_the_briefings(app):
    app.build()
    assert_no_crash(warnings_of(app))
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "letterpaper" in tex and "BRIEFING BOOK" in tex  # its paper, and still the briefing's title page
    css = [entry[0] if isinstance(entry, tuple) else entry for entry in app.config.html_css_files]
    assert css[:2] == ["briefing.css", "extra.css"]  # its stylesheet after the briefing's


CONF = (ROOTS / "base" / "conf.py").read_text(encoding="utf-8")


@pytest.mark.sphinx("dummy", files={"conf.py": CONF + "diagram_cache_dir = 5\n"})
def test_a_diagram_setting_of_the_wrong_type_is_a_located_warning(app):
    app.build()
    text = warnings_of(app)
    assert_no_crash(text)
    assert re.search(r"conf\.py:\d+: WARNING: diagram_cache_dir = 5: expected a path \(a non-empty string\); "
                     r"using '_build/\.diagram-cache'", text), text


@pytest.mark.sphinx("html", files={"s2-decision.md": DECISION.replace("five years", "ten years")})
def test_a_new_books_build_with_a_warning_publishes_nothing(app):
    app.build()
    assert "op-ed ¶3 differs from the source" in warnings_of(app)
    registry = (app.srcdir / "anchors.txt").read_text(encoding="utf-8")
    assert "A new book: nothing is published yet" in registry and "p3 " not in registry


@pytest.mark.sphinx("dummy", files={"anchors.txt": "# emptied by a bad merge\n"})
def test_an_emptied_registry_is_not_a_new_start(app):
    app.build()
    assert "anchor 'p3' (page s2-decision) is not published yet" in warnings_of(app)


@pytest.mark.sphinx("latex", files={"conf.py": CONF + 'latex_elements = "a4"\nexclude_patterns = "_build"\n'})
def test_a_shared_setting_of_the_wrong_shape_keeps_the_briefings(app):
    app.build()
    text = warnings_of(app)
    assert_no_crash(text)
    assert re.search(r"conf\.py:\d+: WARNING: latex_elements = 'a4': expected a dict; using the briefing's", text), text
    assert re.search(r"conf\.py:\d+: WARNING: exclude_patterns = '_build': expected a list; using the briefing's", text), text
    assert "BRIEFING BOOK" in next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")


@pytest.mark.sphinx("dummy", files={"conf.py": CONF + 'briefing_pdf = "harbour"\n'})
def test_a_pdf_name_must_be_a_pdf_file_name(app):
    app.build()
    assert re.search(r"conf\.py:\d+: WARNING: briefing_pdf = 'harbour': expected a file name ending in \.pdf, without a "
                     r"folder; using 'briefing\.pdf'", warnings_of(app))


@pytest.mark.sphinx("html", testroot="claims", confoverrides={"claims_headings.named": "Sources he names"})
def test_the_claims_headings_say_the_author_unless_the_book_says_otherwise(app):
    app.build()
    assert_no_crash(warnings_of(app))
    page = (app.outdir / "x-claims.html").read_text(encoding="utf-8")
    assert "Sources he names" in page  # the book's own heading, given for one table
    assert "The author’s own claims and judgments" in page and "Sources the author names" not in page
    assert "Sources she" not in page  # the package never guesses the author's pronoun


def test_a_preview_names_the_paragraphs_its_sentence_rests_on():
    from briefing.previews import opening

    def preview(text: str) -> str:
        return opening(nodes.definition("", nodes.paragraph(text, text)))

    assert preview("Named as “the ferry”. It sails daily (¶2).") == "Named as “the ferry”. It sails daily (¶2)."
    assert preview("Named as “the ferry”. It sails " + "daily " * 80 + "(¶2).") == "Named as “the ferry” (¶2)."
    long_first = "Kept “for five years” " + "and more " * 20 + "(¶3). More (¶1)."
    assert preview(long_first) == long_first.removesuffix(" More (¶1).")  # long enough alone
    long = "Said “" + "word " * 120 + "” (¶2)."
    assert preview(long) == "Said … (¶2)"  # shortened outside the quotation, still citing
    clauses = "Kept “for five years” (¶3); then “" + "sold " * 120 + "” (¶4)."
    assert preview(clauses) == "Kept “for five years” (¶3) …"  # at its last whole clause, citing what it keeps
