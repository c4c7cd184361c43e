"""The build's messages lead an editor who fills in a new book (issue 19, point 5).

Four mistakes an editor makes when filling in the scaffold, each reported as one located warning that says what
to do: a hand-written diagram without caption or ¶ citation, a title whose evidence went stale after the source
was corrected, straight quotes in editorial text, and a bad ``{p}`` inside a data file (reported at the YAML
line, not at the page that shows the entry).
"""

from __future__ import annotations

import re

import pytest

from test_unit_diagrams import Browser, use_fake_renderer
from unit_roots import ROOTS, assert_no_crash, warnings_of

DECISION = (ROOTS / "base" / "s2-decision.md").read_text(encoding="utf-8")
ACTORS = (ROOTS / "test-actors" / "_data" / "actors.yaml").read_text(encoding="utf-8")
NOTES = (ROOTS / "test-notes" / "_data" / "notes.yaml").read_text(encoding="utf-8")
FIGURES = (ROOTS / "test-figures" / "_data" / "figures.yaml").read_text(encoding="utf-8")
STUB = {"diagram_node_modules": "mermaid-stub"}
BARE = "(sec-bare)=\n# A bare diagram\n\n```{mermaid}\nflowchart LR\n    a[\"The council\"] --> b[\"The ferry\"]\n```\n"
UNCITED_CAPTION = ("(sec-bare)=\n# A diagram\n\n```{mermaid}\n:caption: The council and the ferry. Editorial diagram.\n"
                   ":alt: The council kept the ferry.\n\nflowchart LR\n    a[\"kept the ferry (¶3)\"]\n```\n")


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def case(name: str, testroot: str, files: dict, *expected: str, builder: str = "dummy", conf: dict | None = None):
    marks = pytest.mark.sphinx(builder, testroot=testroot, files=files, confoverrides=conf or {})
    return pytest.param(expected, id=name, marks=marks)


CASES = [
    case("diagram-without-caption", "actors+diagrams", {"x-bare.md": BARE},
         r"x-bare\.md:4: WARNING: a diagram without a caption: give it :caption: saying what it shows, with the ¶",
         r"x-bare\.md:6: WARNING: figure: the label 'The council' cites no ¶", conf=STUB),
    case("diagram-caption-without-citation", "actors+diagrams", {"x-bare.md": UNCITED_CAPTION},
         r"x-bare\.md:4: WARNING: the diagram's caption cites no ¶: add the paragraphs it draws on", conf=STUB),
    case("title-evidence-left-from-an-earlier-title", "base", {"s2-decision.md": replaced(DECISION, "# The council kept the ferry", "# A quieter engine, for the fishermen's sake")},
         r"s2-decision\.md:1: WARNING: the title “A quieter engine, for the fishermen's sake” shares no word with its "
         r"evidence “kept the ferry” \(title-evidence\): the evidence is left from an earlier title; give the words of ¶3"),
    case("title-evidence-no-longer-in-its-paragraph", "base", {"s2-decision.md": replaced(DECISION, '"3: kept the ferry"', '"3: kept the old boat"')},
         r"s2-decision\.md:1: WARNING: .*kept the old boat"),
    case("straight-quotes", "base", {"x-quotes.md": "(sec-quotes)=\n# Quotes\n\nThe council \"kept the ferry\" ({p}`3`).\n"},
         r"x-quotes\.md:4: WARNING: straight quotation marks \(\"…\"\) in the editors' text: the build reads only curly "
         r"ones as quoting the op-ed and checks those words against it; write “…” for its words"),
    case("bad-p-in-actors", "actors", {"_data/actors.yaml": replaced(ACTORS, "She spoke at the council meeting.", "She spoke at the council meeting ({p}`9`).")},
         r"actors\.yaml:4: WARNING: \{p\}`9`: '9' is not a part of the op-ed: expected a paragraph number 1–3"),
    case("bad-p-in-notes", "notes", {"_data/notes.yaml": replaced(NOTES, "lists it as a charity.", "lists it as a charity ({p}`9`).")},
         r"notes\.yaml:5: WARNING: \{p\}`9`: '9' is not a part of the op-ed: expected a paragraph number 1–3"),
]


@pytest.fixture(autouse=True)
def browser(monkeypatch) -> Browser:
    """The diagram cases render with the diagram tests' fake renderer: no browser in the unit tier."""
    return use_fake_renderer(monkeypatch)


@pytest.mark.parametrize("expected", CASES)
def test_an_editors_mistake_is_a_located_warning(app, expected):
    app.build()
    warnings = warnings_of(app)
    assert_no_crash(warnings + app._status.getvalue())
    for pattern in expected:
        assert re.search(pattern, warnings), f"expected {pattern!r} among:\n{warnings}"
    assert ": ERROR:" not in warnings, f"reported twice, or at the page that shows a data file's entry:\n{warnings}"


OPED = (ROOTS / "base" / "_data" / "op-ed.txt").read_text(encoding="utf-8")
INNER = replaced(OPED, "argued that the bridge served", "argued that the “bridge” served")


@pytest.mark.sphinx("dummy", testroot="base", files={
    "_data/op-ed.txt": INNER,
    "x-nested.md": "(sec-nested)=\n# Nested\n\nThey “argued that the “bridge” served the cars” ({p}`2`).\n",
    "x-single.md": "(sec-single)=\n# Single\n\nThey “argued that the ‘bridge’ served the cars” ({p}`2`).\n",
    "x-split.md": "(sec-split)=\n# Split\n\nThey “argued that the” “bridge” served the cars ({p}`2`).\n"})
def test_the_opeds_own_quotation_marks_inside_a_quotation_are_single(app):
    """“argued that the “bridge” served” reads as a quotation closing after “the” (reviews CK, CQ, CR): the op-ed's
    own marks inside the editors' are written single, and the words still match the op-ed's."""
    app.build()
    warnings = warnings_of(app)
    assert re.search(r"x-nested\.md:4: WARNING: a quotation inside a quotation, “argued that the “bridge” served the "
                     r"cars”: inside the editors' quotation marks, write the op-ed's own as single ones, ‘…’", warnings), warnings
    assert "x-single.md" not in warnings, warnings
    # two quotations whose words run on in the op-ed, split only at its own mark: one quotation (review CV)
    assert re.search(r"x-split\.md:4: WARNING: “argued that the” “bridge”: the op-ed's words run on from one quotation "
                     r"to the next, which reads as a slip: quote them as one", warnings), warnings


CLAIMS = (ROOTS / "test-claims" / "_data" / "attribution.yaml").read_text(encoding="utf-8")


@pytest.mark.sphinx("dummy", testroot="claims", files={
    "_data/attribution.yaml": replaced(CLAIMS, "    cue: argued\n", "    cue: argued\n    doubt: not\n"),
    "x-argued.md": "(sec-argued)=\n# Argued\n\nThe fishermen argued that the bridge served the upper town ({p}`2: the "
                   "cars of the upper town`).\n"})
def test_a_claim_restated_with_its_verb_keeps_her_word_of_doubt(app):
    """A source's claim she doubts in her own word (“allegedly”; here, as a test, “not” in the fishermen's p2.1), told
    again with its verb but without her word, is the editors taking it for settled (review CU: “the analysts claimed
    a conspiracy of Russia and the West” dropped her “allegedly”)."""
    app.build()
    warnings = warnings_of(app)
    assert re.search(r"x-argued\.md:4: WARNING: “argued” restates the fishermen’s claim \(¶2, sentence 1\), which the "
                     r"author doubts with her own “not”: keep it", warnings), warnings
