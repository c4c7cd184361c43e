"""Every setting of the ``briefing`` extension, declared once: name, default, type, check, help.

:func:`register` adds them all to Sphinx (``extensions = ["briefing"]`` calls it before any feature is set up),
each checked at ``config-inited`` by :func:`briefing.book.add_checked`: a value of the wrong type or form is a
warning at its line in conf.py, and the default is used.  :func:`markdown_table` is the README's settings table
(tests/unit/test_unit_settings.py checks that the README carries exactly it).  A feature reads its settings from
``app.config``; it registers none of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import book


def is_path(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def is_words_per_minute(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def is_string_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in [*value, *value.values()])


def headings(name: str) -> tuple[Any, tuple[type, ...], Any]:
    """The default and the check of a setting that renames some of claims.py's headings (``HEADINGS``,
    ``KEY_HEADINGS``): one-line headings, for keys it knows."""
    def defaults() -> dict[str, str]:
        from . import claims
        return dict(getattr(claims, name))

    def check(value: Any) -> bool:
        return isinstance(value, dict) and set(value) <= set(defaults()) and all(
            isinstance(v, str) and v.strip() and "\n" not in v for v in value.values())
    return defaults, (dict,), check


CLAIMS_HEADINGS, KEY_HEADINGS = headings("HEADINGS"), headings("KEY_HEADINGS")  # default, types, check


def code_digest() -> str:
    from .code_digest import digest
    return digest()


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any            # or a callable giving it, when it is computed (shown as `shown`)
    types: tuple[type, ...]
    check: Callable[[Any], bool] | None  # None: not checked (set by the build itself, never by conf.py)
    expected: str           # what a wrong value is told it should be
    help: str               # one line for the README
    rebuild: str = "env"
    shown: str = ""         # the default as the README shows it, when it is computed

    def value(self) -> Any:
        return self.default() if callable(self.default) else self.default


OPED_KEYS = "publisher, publisher_short, date, year, address, date_note"

SETTINGS: tuple[Setting, ...] = (
    Setting("briefing_source", "_data/op-ed.txt", (str,), book.is_text, "a string",
            "the op-ed as received (title, byline, bio, ¶s, statement), relative to docs/"),
    Setting("briefing_data", "_data", (str,), book.is_text, "a string",
            "the folder of actors.yaml, attribution.yaml, figures.yaml and notes.yaml (each optional)"),
    Setting("briefing_anchors", "anchors.txt", (str,), book.is_text, "a string",
            "the published anchors, written by `briefing anchors` (or `make anchors`)"),
    Setting("briefing_pdf", "briefing.pdf", (str,), book.is_pdf_name, "a file name ending in .pdf, without a folder",
            "the PDF's file name; the HTML links to it"),
    Setting("briefing_date", "", (str,), book.is_text, "a string",
            "the 'as of' date, as printed"),
    Setting("briefing_date_note", "", (str,), book.is_text, "a string",
            "how the date was inferred; empty for a date the source gives"),
    Setting("briefing_fallback_date", "", (str,), book.is_date, "a date as a string, YYYY-MM-DD, or ''",
            "the outputs' date outside git (in git: the last commit's)"),
    Setting("briefing_keywords", [], (list,), is_strings, "a list of strings",
            "the book's subjects, for the PDF's metadata"),
    Setting("citation_oped", {}, (dict,), is_string_dict, f"a dict of strings ({OPED_KEYS})",
            f"how `{{cite-this}}` cites the op-ed: {OPED_KEYS}"),
    Setting("briefing_editors", "the editors", (str,), book.is_text, "a string",
            "whose the book is (the op-ed is its author's): footer, PDF and EPUB metadata, title page, citations"),
    Setting("claims_headings", *CLAIMS_HEADINGS, "a mapping of author, named, unnamed, reported (any of them) to "
            "one-line headings", "the claims tables' headings, by basis", shown="the author’s own claims and judgments, …"),
    Setting("claims_key_headings", *KEY_HEADINGS, "a mapping of premise, thesis, grounds, bearing, account, conclusion "
            "(any of them) to one-line headings", "the key judgments' group headings", shown="the author’s thesis, …"),
    Setting("reading_words_per_minute", 200, (int,), is_words_per_minute, "a whole number of words above 0",
            "the reading speed behind each section's reading time", rebuild="html"),
    Setting("diagram_cache_dir", "_build/.diagram-cache", (str,), is_path, "a path (a non-empty string)",
            "where rendered diagrams are kept, relative to conf.py's folder"),
    Setting("diagram_puppeteer_config", "puppeteer-config.json", (str,), is_path, "a path (a non-empty string)",
            "the browser's settings; when absent, the kit's (any Chromium the finder finds)"),
    Setting("diagram_node_modules", "", (str,), book.is_text, "a path, or '' for the book's or the kit's",
            "where Mermaid is: '' is the book's node_modules if it has one, else the kit's (`briefing doctor`)"),
    Setting("anchors_update", False, (bool,), None, "",
            "set by `briefing anchors` (`-D anchors_update=1`): rewrite the registry from the book"),
    Setting("briefing_code_digest", code_digest, (str,), None, "",
            "set by the package: a digest of its code, so a changed kit rebuilds every page", shown="(computed)"),
)


def register(app: Any) -> None:
    for setting in SETTINGS:
        if setting.check is None:
            app.add_config_value(setting.name, setting.value(), setting.rebuild, types=list(setting.types))
        else:
            book.add_checked(app, setting.name, setting.value(), setting.rebuild, list(setting.types), setting.check,
                             setting.expected)


def markdown_table() -> str:
    """The README's settings table."""
    rows = ["| Setting | Default | Type | What it is |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        default = s.shown or repr(s.value())
        rows.append(f"| `{s.name}` | `{default}` | {' or '.join(t.__name__ for t in s.types)} | {s.help.replace('|', '∣')} |")
    return "\n".join(rows)
