"""``{claims-table}``: the op-ed's attributed claims, from ``docs/_data/claims.yaml``.

Each claim names who says it, what, the op-ed's own hedge or attribution words and
the paragraph.  The hedge must occur verbatim in that paragraph, so the table can
never put words in anybody's mouth that the op-ed does not; a hedge that is not
there is a warning naming the data file and the claim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from actors import load as load_actors
from oped_source import load as load_oped
from oped_source import normalise

logger = logging.getLogger(__name__)
DATA = Path(__file__).resolve().parent.parent / "_data" / "claims.yaml"


def who(claim: dict[str, Any]) -> str:
    """The speaker as the op-ed words it, its glossary entry linked."""
    source, actor = claim["source"], claim.get("actor")
    if not actor:
        return source
    if actor in source:
        return source.replace(actor, f"{{term}}`{actor}`", 1)
    return f"{source} ({{term}}`{actor}`)"


class ClaimsTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA))
        claims = yaml.safe_load(DATA.read_text(encoding="utf-8"))
        body = load_oped().body
        actors = load_actors()
        ragged = "|".join(rf">{{\raggedright\arraybackslash}}\Y{{{w}}}" for w in (0.2, 0.5, 0.18, 0.12))
        lines = ["```{tabularcolumns} |" + ragged + "|", "```",  # ragged-right columns in print
                 ":::{list-table}", ":header-rows: 1", ":widths: 22 50 18 10", ":class: claims-table longtable", "",
                 "* - Who says it", "  - What (in brief; quotation marks mark the op-ed’s words)",
                 "  - The op-ed’s hedge", "  - Where"]
        for number, claim in enumerate(claims, 1):
            where = f"{DATA}: claim {number} ({claim.get('source', '?')!r})"
            missing = {"source", "claim", "hedge", "paragraph"} - claim.keys()
            if missing:
                logger.warning("%s lacks %s", where, ", ".join(sorted(missing)), location=self.get_location())
                continue
            n = int(claim["paragraph"])
            if not 1 <= n <= len(body) or claim["hedge"].lower() not in body[n - 1].lower():
                logger.warning("%s: hedge %r does not occur in ¶%s", where, claim["hedge"], n,
                               location=self.get_location(), type="claims")
            if claim.get("actor") and actors.lookup(claim["actor"]) is None:
                logger.warning("%s: actor %r is not in the glossary", where, claim["actor"],
                               location=self.get_location(), type="claims")
            lines += [f"* - {who(claim)}", f"  - {normalise(claim['claim'])}",
                      f"  - “{claim['hedge']}”", f"  - {{p}}`{n}`"]
        lines.append(":::")
        container = nodes.container(classes=["claims"])
        self.state.nested_parse(StringList(lines, source=str(DATA)), 0, container)
        return container.children


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("claims-table", ClaimsTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
