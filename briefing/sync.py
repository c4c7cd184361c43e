"""``briefing sync``: after the source is corrected, bring the generated pages up to date; leave edited pages alone.

``briefing new`` records each page it writes (``docs/_data/generated.json``: page -> SHA-256 of its text).  After
``docs/_data/op-ed.txt`` is corrected (a paragraph split or joined, a caption taken out, a subheading marked with
``## ``), ``briefing sync`` writes the pages ``briefing new`` would write now: a page still as generated is
replaced (or removed, when its paragraph is gone), a missing one added; a page an editor has changed is left as it
is and listed with what in it needs attention (a ¶ it quotes that the source no longer has, or whose words
changed).  The apparatus's data files drafted from the source (``attribution.yaml``: every sentence, by id;
``figures.yaml``, ``notes.yaml``) are kept the same way: redrafted while unedited, else left to the editor,
whose ``briefing check`` then names each sentence id the correction moved.  Anchors are not touched: until ``briefing anchors`` publishes them, nothing links to them.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .oped_source import OpEd, load, normalise

MANIFEST = Path("docs/_data/generated.json")
OPED_BLOCK = re.compile(r"(?ms)^:::\{oped\} (\S+)\n(.*?)\n:::$")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generated_pages(oped: OpEd) -> dict[str, str]:
    """What ``briefing new`` writes for ``oped``, by path relative to the book."""
    from .new import (FIGURE, GLOSSARIES, NOTES, analysis_page, attribution_yaml, claims_page, ends, figures_yaml,
                      glossary_page, index_page, key_judgments_page, notes_page, section_groups, section_page)

    groups = section_groups(oped)
    names = [f"p{numbers[0]}" for _, numbers in groups]
    pages = {"docs/index.md": index_page(oped, names)}
    for (heading, numbers), name in zip(groups, names):
        pages[f"docs/sections/{name}.md"] = section_page(numbers, oped, heading)
    for name, title in GLOSSARIES.items():
        pages[f"docs/glossary/{name}.md"] = glossary_page(name, title)
    pages.update({"docs/key-judgments.md": key_judgments_page(), "docs/claims.md": claims_page(),
                  "docs/analysis.md": analysis_page(FIGURE if ends(oped) else None), "docs/notes.md": notes_page()})
    # the apparatus's data, drafted from the source: redrafted with it until an editor changes it
    pages.update({"docs/_data/attribution.yaml": attribution_yaml(oped), "docs/_data/notes.yaml": NOTES,
                  "docs/_data/figures.yaml": figures_yaml(oped)})
    return pages


def record(root: Path, pages: dict[str, str], manifest: dict[str, str] | None = None) -> None:
    recorded = {**(manifest or {}), **{path: digest(text) for path, text in pages.items()}}
    (root / MANIFEST).write_text(json.dumps(dict(sorted(recorded.items())), indent=1) + "\n", encoding="utf-8")


def plain(myst: str) -> str:
    """A quoted block's words: MyST roles give their text, backslash escapes their character."""
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", myst)
    return normalise(re.sub(r"\\(.)", r"\1", text))


def attention(text: str, oped: OpEd, path: str = "") -> list[str]:
    """What in an edited page needs an editor: each ¶ it quotes that the source lacks or words differently."""
    from .oped import word_diff

    if path.endswith(".yaml"):  # the apparatus's data: its sentence ids (p3.4) follow the source
        return ["edited by an editor; `briefing check` names each sentence id or ¶ that the corrected source changed"]
    out = []
    for part, block in OPED_BLOCK.findall(text):
        if part.isdigit():
            n = int(part)
            if n > len(oped.body):
                out.append(f"quotes ¶{n}, which the corrected source does not have ({len(oped.body)} paragraphs)")
            elif plain(block) != oped.body[n - 1]:
                out.append(f"¶{n} differs from the corrected source: {word_diff(oped.body[n - 1], plain(block))}")
        elif part in ("byline", "bio", "statement") and plain(block) != getattr(oped, part):
            out.append(f"the {part} differs from the corrected source")
    return out or ["edited by an editor; its quotations still match the source"]


def sync(root: Path) -> int:
    source = root / "docs" / "_data" / "op-ed.txt"
    oped = load(source)
    if oped.problems:
        where, message = oped.problems[0]
        print(f"briefing sync: {where}: {message}")
        return 2
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"briefing sync: {root / MANIFEST}: no record of the generated pages (a book started before "
              "`briefing sync` existed); nothing changed")
        return 2
    pages, done, notes, written = generated_pages(oped), [], [], {}
    for path, text in pages.items():
        file = root / path
        if not file.exists():
            if path in manifest:
                notes.append(f"{path}: deleted by an editor; not written again")
                continue
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
            written[path] = text
            done.append(f"{path}: added")
            continue
        current = file.read_text(encoding="utf-8")
        if current == text:
            written[path] = text
        elif manifest.get(path) == digest(current):
            file.write_text(text, encoding="utf-8")
            written[path] = text
            done.append(f"{path}: updated")
        else:
            notes += [f"{path}: left as the editor changed it: {line}" for line in attention(current, oped, path)]
            if path == "docs/index.md":  # the pages its toctree must list: the sections and the apparatus
                missing = [p[len("docs/"):-3] for p in pages if p.endswith(".md") and p.count("/") == 1 + p.startswith("docs/sections/")
                           and p != path and p[len("docs/"):-3] not in current]
                notes += [f"{path}: add {name} to its toctree (" + ("a section page of the corrected source)"
                          if name.startswith("sections/") else "a page of the apparatus)") for name in missing]
    for path in sorted(set(manifest) - set(pages)):
        file = root / path
        if not file.exists():
            continue
        if manifest[path] == digest(file.read_text(encoding="utf-8")):
            file.unlink()
            done.append(f"{path}: removed (its paragraph now starts another page, or is gone)")
        else:
            notes += [f"{path}: left as the editor changed it, though no page starts there now: {line}"
                      for line in attention(file.read_text(encoding="utf-8"), oped, path)]
    kept = {path: digest_ for path, digest_ in manifest.items() if path not in pages and (root / path).exists()}
    record(root, written, {**{p: d for p, d in manifest.items() if p in pages and p not in written}, **kept})
    for line in done or ["every generated page is up to date"]:
        print(f"briefing sync: {line}")
    for line in notes:
        print(f"briefing sync: needs attention: {line}")
    return 0
