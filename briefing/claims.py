"""Who claims what: ``{claims-table}`` and ``{key-judgments}``, both from ``claims.yaml`` (in ``briefing_data``).

Each claim says on what basis the op-ed makes it — the author's own judgment, a source the
author names, a source the author does not name — who says it, what, the op-ed's own hedge (if any) and the
paragraph, with a verbatim evidence span.  The hedge and the evidence must occur in that
paragraph (and the claim's quoted words too, checked by evidence.py), so the table can never put
words in anybody's mouth that the op-ed does not.

``{key-judgments}`` is the author's bottom line: the rows marked ``key``, in the author's own confidence
words.  A key judgment must be the author's (``basis: author``) and its text must carry its hedge, so the
box can never state the author's "possible" as a certainty.  Every problem is a warning naming the data
file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import book, data_file
from .actors import load as load_actors
from .evidence import closest_diff, occurs
from .oped_source import normalise

logger = logging.getLogger(__name__)
DATA = "claims.yaml"
BASES = {  # basis -> the heading of its table (``claims_headings`` in conf.py may say "she" or "he")
    "author": "The author’s own judgments",
    "named": "Sources the author names",
    "unnamed": "Sources the author does not name",
}
FIELDS = {"basis": str, "speaker": str, "claim": str, "evidence": str, "paragraph": int}
OPTIONAL = {"actor": str, "hedge": str, "key": bool}


@dataclass(frozen=True)
class Claim:
    entry: data_file.Entry
    path: Path

    def __getattr__(self, key: str) -> Any:
        if key in FIELDS or key in OPTIONAL:
            return self.entry.get(key)
        raise AttributeError(key)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.entry.line}"

    def lines(self, key: str) -> int:
        return self.entry.field_line(key)

    def who(self) -> str:
        """The speaker as the op-ed words it, its glossary entry linked."""
        if not self.actor:
            return self.speaker
        if self.actor in self.speaker:
            return self.speaker.replace(self.actor, f"{{term}}`{self.actor}`", 1)
        return f"{self.speaker} ({{term}}`{self.actor}`)"

    def cite(self) -> str:
        return f"{{p}}`{self.paragraph}: {normalise(self.evidence)}`"


@cache
def _read(path: Path, mtime: float) -> tuple[list[Any], list[tuple[str, str]]]:
    return data_file.read_list(path, "claims") if mtime else ([], [])  # a book may have no claims (yet)


def data_path(env: Any) -> Path:
    return book.of(env).data(DATA)


def load(env: Any) -> tuple[tuple[Claim, ...], tuple[tuple[str, str], ...]]:
    """The valid claims, and the problems found: (where, message) (``env``: anything :func:`briefing.book.of` takes)."""
    path = data_path(env)
    data, problems = _read(path, path.stat().st_mtime if path.exists() else 0.0)
    problems = list(problems)
    body, actors = book.of(env).oped.body, load_actors(env)
    claims = []
    for number, entry in enumerate(data, 1):
        what = f"claim {number}"
        found = data_file.check_fields(entry, what, FIELDS, OPTIONAL)
        line = getattr(entry, "line", 1)
        if not found:
            claim = Claim(entry, path)
            found += semantic_problems(claim, what, body, actors)
            if not found:
                claims.append(claim)
        problems += [(f"{path}:{line}", problem) for problem in found]
    return tuple(claims), tuple(problems)


def semantic_problems(claim: Claim, what: str, body: tuple[str, ...], actors) -> list[str]:
    if claim.basis not in BASES:
        return [f"{what}: basis {claim.basis!r} is not one of {', '.join(BASES)}"]
    if not 1 <= claim.paragraph <= len(body):
        return [f"{what}: paragraph {claim.paragraph} is not a body paragraph (1–{len(body)})"]
    text, problems = body[claim.paragraph - 1], []
    for key in ("evidence", "hedge"):
        if claim.entry.get(key) and not occurs(claim.entry[key], text):
            problems.append(f"{what}: {key} “{claim.entry[key]}” does not occur in ¶{claim.paragraph}: "
                            f"{closest_diff(claim.entry[key], text)}")
    if claim.actor and actors.lookup(claim.actor) is None:
        problems.append(f"{what}: actor {claim.actor!r} is not in the glossary")
    if claim.key and claim.basis != "author":
        problems.append(f"{what}: only the author's own judgments can be key judgments, not a source's ({claim.basis})")
    if claim.key and claim.hedge and not occurs(claim.hedge, claim.claim):
        problems.append(f"{what}: a key judgment must carry its hedge “{claim.hedge}” in its text")
    return problems


def report_problems(app: Sphinx) -> None:
    """Once per build, however many directives use the data."""
    for where, problem in load(app)[1]:
        logger.warning(problem, location=where, type="claims")


class ClaimsDirective(SphinxDirective):
    def claims(self) -> tuple[Claim, ...]:
        self.env.note_dependency(str(data_path(self.env)))
        return load(self.env)[0]

    def parse(self, lines: list[tuple[str, int]]) -> list[nodes.Node]:
        """MyST lines, each with its line in the data file (so warnings name it)."""
        container = nodes.container()
        items = StringList([text for text, _ in lines], items=[(str(data_path(self.env)), line - 1) for _, line in lines])
        self.state.nested_parse(items, 0, container)
        return container.children


class ClaimsTable(ClaimsDirective):
    def run(self) -> list[nodes.Node]:
        claims, out = self.claims(), []
        ragged = "|".join(rf">{{\raggedright\arraybackslash}}\Y{{{w}}}" for w in (0.22, 0.5, 0.16, 0.12))
        for basis, heading in {**BASES, **self.config.claims_headings}.items():
            rows = [c for c in claims if c.basis == basis]
            if not rows:
                continue
            lines = [(f"```{{rubric}} {heading}", self.lineno), ("```", self.lineno),
                     ("```{tabularcolumns} |" + ragged + "|", self.lineno), ("```", self.lineno),
                     (":::{list-table}", self.lineno), (":header-rows: 1", self.lineno),
                     (":widths: 22 50 16 12", self.lineno), (f":class: claims-table claims-{basis} longtable", self.lineno),
                     ("", self.lineno), ("* - Who says it", self.lineno),
                     ("  - What (in brief; quotation marks mark the op-ed’s words)", self.lineno),
                     ("  - The op-ed’s hedge", self.lineno), ("  - Where", self.lineno)]
            for claim in rows:
                hedge = f"“{claim.hedge}”" if claim.hedge else "none: stated as fact"
                lines += [(f"* - {claim.who()}", claim.lines("speaker")),
                          (f"  - {normalise(claim.claim)}", claim.lines("claim")),
                          (f"  - {hedge}", claim.lines("hedge")), (f"  - {claim.cite()}", claim.lines("evidence"))]
            lines.append((":::", self.lineno))
            parsed = self.parse(lines)
            for row, claim in zip([r for n in parsed for r in n.findall(nodes.row)][1:], rows):  # after the header
                data_file.locate(row, claim.path, claim.lines("claim"))
            out += parsed
        return out


class KeyJudgments(ClaimsDirective):
    """The author's bottom line, in the author's own confidence words, with its paragraphs."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        box = nodes.admonition(classes=["editorial", "key-judgments"])
        self.set_source_info(box)
        box += nodes.title("Key judgments: the author’s bottom line", "Key judgments: the author’s bottom line")
        self.state.nested_parse(self.content, self.content_offset, box)  # an introduction, then the judgments
        key = [c for c in self.claims() if c.key]
        lines = [(f"- *{c.hedge or 'stated as fact'}*: {normalise(c.claim)} {c.cite()}", c.lines("claim")) for c in key]
        for position, judgments in enumerate(self.parse(lines), start=min(2, len(box))):
            for item, claim in zip(judgments.findall(nodes.list_item), key):
                data_file.locate(item, claim.path, claim.lines("claim"))
            box.insert(position, judgments)
        return [box]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("claims-table", ClaimsTable)
    app.add_directive("key-judgments", KeyJudgments)
    app.connect("builder-inited", report_problems)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
