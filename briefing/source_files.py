"""Broken source files fail with the file and the line, not a traceback or a bare "Malformed YAML".

* A page that is not valid UTF-8 stops the build before anything is read, with
  ``FILE:LINE: ERROR: not valid UTF-8: byte 0xE9 at column 5 …`` for every such page
  (Sphinx itself would crash with a traceback ending in a ``UnicodeDecodeError`` that
  names no file).  Reading cannot go on without the page, so this one ends the build
  at once (exit status 1) instead of piling up follow-on warnings.
* Front matter that is not valid YAML is a warning at the YAML error's own line,
  with PyYAML's explanation (MyST says only "Malformed YAML" at line 1).  The broken
  front matter is then blanked out, line for line, so MyST does not report it twice.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .data_file import encoding_problem

logger = logging.getLogger(__name__)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.S | re.M)


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    bad = 0
    for doc in sorted(docnames):
        if problem := encoding_problem(env.doc2path(doc).read_bytes()):
            line, message = problem
            logger.error(message, location=(doc, line), type="encoding")
            bad += 1
    if bad:
        raise SystemExit(1)  # Sphinx cannot read the page; a traceback would bury the message above


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    match = FRONT_MATTER.match(source[0])
    if not match:
        return
    try:
        yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1: the opening ---, +1: lines count from 1
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        logger.warning("front matter is not valid YAML: %s%s", problem, f" ({context})" if context else "",
                       location=(docname, line), type="frontmatter")
        source[0] = "\n" * match.group(0).count("\n") + source[0][match.end() :]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", check_encoding)
    app.connect("source-read", check_front_matter)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
