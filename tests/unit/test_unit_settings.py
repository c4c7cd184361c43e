"""One table of settings (briefing/settings.py): every setting is registered from it, and the README's settings
table is it.  The README stays a user's page: at most 150 lines, its Quick start exactly `make` and `make test`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import settings

ROOT = Path(__file__).resolve().parent.parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PREFIXES = ("briefing_", "citation_", "claims_", "diagram_", "reading_", "anchors_")


def test_the_readme_s_settings_table_is_the_declared_one():
    block = re.search(r"<!-- settings table:[^>]*-->\n(.*?)\n<!-- end of settings table -->", README, re.S)
    assert block, "README.md has no settings table between its markers"
    assert block.group(1) == settings.markdown_table(), "README's settings table differs: paste settings.markdown_table()"


def test_no_feature_registers_a_setting_of_its_own():
    for path in sorted((ROOT / "briefing").glob("*.py")):
        if path.name in ("settings.py", "book.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"add_config_value\(|add_checked\(", text), f"{path.name} registers a setting: declare it in settings.py"


@pytest.mark.sphinx("dummy", testroot="base")
def test_every_briefing_setting_sphinx_knows_is_in_the_table(app):
    declared = {s.name for s in settings.SETTINGS}
    known = {name for name in app.config._options if name.startswith(PREFIXES)}
    assert known == declared


def test_the_readme_is_for_users():
    assert len(README.splitlines()) <= 150, f"README.md is {len(README.splitlines())} lines"
    quick = README[README.index("## Quick start"):].split("\n## ", 1)[0]
    assert re.findall(r"```\n(.*?)\n```", quick, re.S) == ["make", "make test"]
