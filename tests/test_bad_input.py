"""Bad input fails the build with a message that names the file and line (or the op-ed paragraph)."""

import json
import re

import pytest

from conftest import build_html, build_warnings, copy_project, edit, sphinx


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def failing_build(project, book):
    build = build_html(project, seed=book.root)
    assert build.returncode != 0, "the build should have failed"
    return build


def failing_check(project, book):
    """The broken copy read, checked and resolved without writing HTML: for tests that count no warnings."""
    build = build_warnings(project, seed=book.root)
    assert build.returncode != 0, "the build should have failed"
    return build


def test_altered_paragraph_names_file_paragraph_and_diff(project, book):
    edit(project / "docs/sections/reasons-for-distrust.md", "33 employees", "34 employees")
    build = failing_check(project, book)
    message = next(w for w in build.warnings if "¶3" in w)
    assert "docs/sections/reasons-for-distrust.md:" in message
    assert "[-33-]" in message and "{+34+}" in message


def test_missing_paragraph_is_named(project, book):
    page = project / "docs/sections/turn-to-moscow.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r":::\{oped\} 4\n.*?\n:::\n", "", text, flags=re.S), encoding="utf-8")
    build = failing_build(project, book)
    [message] = build.warnings  # links to ¶4 elsewhere are not reported again
    assert re.search(r"docs/sections/reasons-for-distrust\.md:\d+: WARNING: op-ed ¶4 is missing from the book.*after ¶3", message), message


def test_duplicated_paragraph_is_named_with_both_places(project, book):
    sochi = (project / "docs/sections/sochi-meeting.md").read_text(encoding="utf-8")
    block = re.search(r":::\{oped\} 1\n.*?\n:::\n", sochi, flags=re.S).group(0)
    with open(project / "docs/sections/skepticism-close-to-the-kremlin.md", "a", encoding="utf-8") as f:
        f.write("\n" + block)
    build = failing_check(project, book)
    message = next(w for w in build.warnings if "¶1 appears twice" in w)
    assert re.search(r"docs/sections/skepticism-close-to-the-kremlin\.md:\d+: .*also at \S+docs/sections/sochi-meeting\.md:\d+", message), message


def test_paragraphs_out_of_order_are_named(project, book):
    edit(project / "docs/index.md", "sections/sochi-meeting\nsections/reasons-for-distrust\n",
         "sections/reasons-for-distrust\nsections/sochi-meeting\n")
    build = failing_build(project, book)
    [message] = build.warnings
    assert re.search(r"docs/sections/sochi-meeting\.md:\d+: WARNING: op-ed ¶1 is out of order", message), message


def test_unknown_glossary_term_names_file_and_line(project, book):
    edit(project / "docs/sections/sochi-meeting.md", "{term}`Sochi`", "{term}`Sochy`")
    build = failing_check(project, book)
    assert any(re.search(r"docs/sections/sochi-meeting\.md:\d+: WARNING: term not in glossary: 'sochy'", w, re.I)
               for w in build.warnings), build.warnings


def test_malformed_mermaid_names_file_line_and_mermaid_message(project, book):
    page = project / "docs/analysis/timeline.md"
    text = page.read_text(encoding="utf-8")
    broken_line = text.count("\n") + 6  # the line "a[[[ -->" appended below
    page.write_text(text + "\n```{mermaid}\n:alt: broken\n\nflowchart LR\n  a[[[ -->\n```\n", encoding="utf-8")
    for builder in ("html", "latex"):  # validated whichever output is built; the first from a cold cache, as a new book's
        run = sphinx(project, "-b", builder, "docs", f"_build/{builder}")
        assert run.returncode != 0
        message = next(w for w in (run.stdout + run.stderr).splitlines() if "Mermaid" in w)
        assert f"docs/analysis/timeline.md:{broken_line}:" in message and "Parse error" in message, message


def test_malformed_mermaid_in_a_captioned_figure_names_its_own_line(project, book):
    """A hand-written {mermaid} figure (the book's own are made from data) that Mermaid cannot parse."""
    page = project / "docs/analysis/timeline.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```{mermaid}\n:name: fig-broken\n:caption: Broken (¶3).\n\n"
                    "timeline\n    July 29 : “arrest” (¶3)\n    July 30 :: : “arrest” (¶3)\n```\n", encoding="utf-8")
    broken_line = 1 + next(i for i, line in enumerate(page.read_text(encoding="utf-8").split("\n")) if "July 30 ::" in line)
    build = failing_check(project, book)
    message = next(w for w in build.warnings if "Mermaid" in w)
    assert f"docs/analysis/timeline.md:{broken_line}:" in message, message


def test_missing_diagram_browser_is_named_with_the_fix(project, tmp_path):
    config = project / "puppeteer-config.json"
    settings = json.loads(config.read_text(encoding="utf-8"))
    config.unlink()  # a link to the project's own file: write this copy's instead
    config.write_text(json.dumps({**settings, "executablePath": "/usr/bin/no-such-browser"}), encoding="utf-8")
    nowhere = {"PATH": str(tmp_path), "HOME": str(tmp_path), "BRIEFING_BROWSER": ""}  # no browser on PATH, no caches
    run = sphinx(project, "-b", "html", "docs", "_build/html", env=nowhere)  # a cold cache: every diagram needs the browser
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert output.count("WARNING") == 1, output[-3000:]  # one message, which lists where it looked
    message = output[output.index("WARNING"):]
    assert "puppeteer-config.json" in message and "run `briefing doctor`" in message and "/usr/bin/no-such-browser" in message, message
    assert "`chromium-headless-shell` on PATH: nothing" in message and "Install one with:" in message, message


def test_reference_to_a_missing_label_names_file_and_line(project, book):
    edit(project / "docs/sections/sochi-meeting.md", "{ref}`sec-reasons-for-distrust`", "{ref}`sec-no-such-section`")
    [message] = failing_build(project, book).warnings  # one message, no follow-on noise
    assert re.search(r"docs/sections/sochi-meeting\.md:\d+: WARNING: undefined label: 'sec-no-such-section'", message), message


def test_duplicate_label_names_both_places(project, book):
    with open(project / "docs/sections/turn-to-moscow.md", "a", encoding="utf-8") as f:
        f.write("\n(sec-sochi-meeting)=\n## A second target with the same label\n")
    [message] = failing_build(project, book).warnings  # one message, no follow-on noise
    assert re.search(r"docs/sections/turn-to-moscow\.md:\d+: WARNING: duplicate label sec-sochi-meeting", message), message
    assert "sochi-meeting.md" in message.split("other instance")[1], message


def test_malformed_front_matter_names_file_line_and_yaml_problem(project, book):
    edit(project / "docs/index.md", "  html_meta:\n", "  html_meta:\n  bad: : value\n")
    [message] = failing_build(project, book).warnings  # one message, no follow-on noise
    assert re.search(r"docs/index\.md:4: WARNING: front matter is not valid YAML: mapping values are not allowed", message), message


def test_page_left_out_of_every_toctree_is_named(project, book):
    (project / "docs/sections/stray.md").write_text("(sec-stray)=\n# A stray page\n\nNo toctree lists it.\n", encoding="utf-8")
    [message] = failing_build(project, book).warnings  # one message, no follow-on noise
    assert re.search(r"docs/sections/stray\.md: WARNING: document isn't included in any toctree", message), message


def test_file_that_is_not_utf8_names_file_line_and_byte(project, book):
    page = project / "docs/sections/sochi-meeting.md"
    page.write_bytes(page.read_bytes().replace("# The Sochi".encode(), b"# The Soch\xe9", 1))  # Latin-1 "é"
    build = failing_build(project, book)
    [message] = build.warnings
    assert re.search(r"docs/sections/sochi-meeting\.md:6: ERROR: not valid UTF-8: byte 0xE9 at column 11", message), message  # after the front matter
    assert "Traceback" not in build.output and "UnicodeDecodeError" not in build.output
