"""One small book per feature: what the reader gets from it, built with zero warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from unit_roots import warnings_of


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def clean_build(app) -> None:
    app.build()
    assert warnings_of(app) == "", warnings_of(app)


# -- oped.py: verbatim paragraphs, their anchors and ¶ markers ------------------------------------

@pytest.mark.sphinx("html", testroot="base")
def test_oped_paragraphs_are_quoted_with_anchors_and_markers(app):
    clean_build(app)
    council = page(app, "s1-council")
    quoted = council.select("div.oped-body")
    assert [q.get("id") for q in quoted] == ["p1", "p2"]
    assert quoted[1].select_one("a.oped-pnum").get_text() == "¶2"
    assert "Mara Quill, told the council" in quoted[1].get_text()
    home = page(app, "index")
    assert home.select_one("#op-ed-bio").get_text(" ", strip=True).startswith("Alex Example writes")
    assert "Share on" not in home.get_text() and "Share this post" not in home.get_text()


# -- readingtime.py ------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="base")
def test_reading_time_counts_the_pages_op_ed_words(app):
    clean_build(app)
    line = page(app, "s2-decision").select_one("p.reading-time").get_text(" ", strip=True)
    assert line == "Reading time: under a minute · ¶3 · 32 words of the op-ed", line
    assert [a["href"] for a in page(app, "s1-council").select("p.reading-time a")] == ["#p1", "#p2"]


# -- evidence.py: {p} links and evidence spans ---------------------------------------------------

@pytest.mark.sphinx("html", testroot="evidence")
def test_paragraph_links_and_evidence_spans(app):
    clean_build(app)
    links = page(app, "x-evidence").select("a.reference")
    cites = {a.get_text(): a for a in links if a.get_text().startswith("¶")}
    assert cites["¶2"]["href"] == "s1-council.html#p2"
    assert cites["¶3"]["href"] == "s2-decision.html#p3"
    assert cites["¶3"]["title"] == "¶3: “kept the ferry for another five years”"


# -- editorial.py and pagemeta.py ----------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="editorial")
def test_editorial_box_and_meta_description(app):
    clean_build(app)
    doc = page(app, "x-editorial")
    box = doc.select_one("div.admonition.editorial")
    assert box.select_one(".admonition-title").get_text() == "Editor’s summary"
    description = doc.select_one('meta[name="description"]')["content"]
    assert description == ("The vote — The council of Port Lenning expected to retire its slow, loud ferry "
                           "once a bridge had opened."), description


# -- actors.py and previews.py -------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="actors")
def test_actor_glossary_mentions_and_previews(app):
    clean_build(app)
    people = page(app, "x-people")
    assert [dt.get_text(strip=True).rstrip("#¶") for dt in people.select("dl.glossary > dt")] == ["Mara Quill"]
    facts = people.select_one("dl.actor-facts, .actor-facts").get_text(" ", strip=True)
    assert "Mentioned in" in facts and "The council of Port Lenning" in facts and "¶2" in facts
    organisations = page(app, "x-organisations").get_text(" ", strip=True)
    assert "In the op-ed also : Trust" in organisations or "In the op-ed also: Trust" in organisations
    link = page(app, "s1-council").select_one('a[href$="#term-Mara-Quill"]')
    assert link["data-preview"] == ("Mara Quill — Spokeswoman of the fishermen of the lower harbour of Port Lenning.")


# -- claims.py -----------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="claims")
def test_claims_table_and_key_judgments(app):
    clean_build(app)
    doc = page(app, "x-claims")
    rows = doc.select("table.claims-named tbody tr")
    assert len(rows) == 1
    assert "who it leaves on the quay" in rows[0].get_text()
    assert rows[0].select_one('a[href="s1-council.html#p2"]') is not None
    judgments = doc.select_one("div.key-judgments").get_text(" ", strip=True)
    assert "perhaps : Perhaps nobody wanted" in judgments or "perhaps: Perhaps nobody wanted" in judgments


# -- notes.py ------------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="notes")
def test_editors_notes_with_sources_and_backlinks(app):
    clean_build(app)
    doc = page(app, "x-notes")
    note = doc.select_one("#note-trust")
    text = note.get_text(" ", strip=True)
    assert "Editor’s note 1: Who the Harbour Trust is" in text
    assert "Register of charities. Port Lenning Town Hall, 1 February 2031." in text
    assert "Checked by the editors on 20 March 2031." in text
    assert doc.select_one('a[href="#note-trust"]').get_text() == "Editor’s note 1"


# -- anchors.py: the registry of published anchors ------------------------------------------------

@pytest.mark.sphinx("html", testroot="base")
def test_a_first_build_publishes_its_anchors(app):
    assert not (app.srcdir / "anchors.txt").exists()
    clean_build(app)
    registry = (app.srcdir / "anchors.txt").read_text(encoding="utf-8")
    lines = [line for line in registry.splitlines() if not line.startswith("#")]
    assert lines == ["home index", "op-ed-byline index", "op-ed-bio index", "op-ed-statement index",
                     "sec-council s1-council", "p1 s1-council", "p2 s1-council", "sec-decision s2-decision",
                     "p3 s2-decision"]
    assert "PDF: harbour.pdf#<anchor>" in registry
    assert "anchors: wrote 9 anchors" in app._status.getvalue()


@pytest.mark.sphinx("html", testroot="base")
def test_every_pdf_link_follows_the_briefing_pdf_setting(app):
    """The header's PDF button and each page's "Open this section in the PDF" go to briefing_pdf (harbour.pdf)."""
    clean_build(app)
    for name in ("index", "s1-council", "s2-decision"):
        doc = page(app, name)
        assert [a["href"] for a in doc.select("a.pdf-link")] == ["harbour.pdf"], name
        section = doc.select_one("section[id]")["id"]
        assert [a["href"] for a in doc.select("p.pdf-section-link a")] == [f"harbour.pdf#{section}"], name
    assert "briefing.pdf" not in "".join((app.outdir / f"{n}.html").read_text(encoding="utf-8") for n in ("index", "s1-council"))


@pytest.mark.sphinx("html", testroot="anchors")
def test_a_book_that_keeps_its_anchors_builds_cleanly(app):
    before = (app.srcdir / "anchors.txt").read_text(encoding="utf-8")
    clean_build(app)
    assert (app.srcdir / "anchors.txt").read_text(encoding="utf-8") == before  # checked, not rewritten


DECISION = (Path(__file__).parent.parent / "roots" / "base" / "s2-decision.md").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="anchors", files={"s2-decision.md": DECISION.replace("(sec-decision)=", "(sec-verdict)=")})
def test_a_changed_anchor_is_an_error(app):
    app.build()
    warnings = warnings_of(app)
    assert re.search(r"WARNING: \S*anchors\.txt: published anchor 'sec-decision' \(page s2-decision\) is gone from the book", warnings), warnings
    assert re.search(r"WARNING: \S*anchors\.txt: anchor 'sec-verdict' \(page s2-decision\) is not published yet", warnings), warnings
    assert "sec-verdict" not in (app.srcdir / "anchors.txt").read_text(encoding="utf-8")  # never rewritten by a build
