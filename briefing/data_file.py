"""Editorial data files (YAML) read with their line numbers, so every message can name file and line.

``read(path)`` returns the data with each mapping as a :class:`Entry` (a dict that knows its own
line and the line of each value), or raises :class:`DataError` with the file, line and column of a
YAML syntax error or a duplicated key.  ``field_line`` gives the line where a value's text starts
(for a folded ``>-`` block, the line after the key), so MyST parsed from the data reports its
problems at the right line of the data file.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class DataError(ValueError):
    """A data file that cannot be used, with its location: ``str(error)`` is "FILE:LINE: message"."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


class Entry(dict):
    """A YAML mapping that remembers where it is."""

    line: int = 0
    lines: dict[str, int]

    def field_line(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Entry:
    loader.flatten_mapping(node)
    entry = Entry()
    entry.line, entry.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = _value(loader, key_node)
        if not isinstance(key, Hashable):
            raise yaml.MarkedYAMLError(problem=f"a key must be a plain value, not a {_type(key)}",
                                       problem_mark=key_node.start_mark)
        if key in entry:
            raise yaml.MarkedYAMLError("while reading a mapping", node.start_mark,
                                       f"the key {key!r} appears twice", key_node.start_mark)
        entry[key] = _value(loader, value_node)
        block = isinstance(value_node, yaml.ScalarNode) and value_node.style in (">", "|")
        entry.lines[key] = value_node.start_mark.line + 1 + block
    return entry


def _value(loader: _Loader, node: yaml.Node) -> Any:
    """A value, or a located YAML error for one PyYAML cannot construct (a date like 2031-02-30)."""
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:
        raise yaml.MarkedYAMLError(problem=f"{node.value!r}: {exc}" if isinstance(node, yaml.ScalarNode) else str(exc),
                                   problem_mark=node.start_mark) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def encoding_problem(data: bytes) -> tuple[int, str] | None:
    """``None`` if ``data`` is UTF-8, else the line and a message naming column and bad byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        end = data.find(b"\n", exc.start)
        line = data.count(b"\n", 0, exc.start) + 1
        text = data[start : end if end >= 0 else len(data)].decode("utf-8", errors="replace").strip()
        return line, (f"not valid UTF-8: byte 0x{data[exc.start]:02X} at column {exc.start - start + 1} "
                      f"in “{text[:80]}”; save the file as UTF-8")
    return None


def read(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(path, None, f"cannot be read: {exc.strerror}") from None
    if problem := encoding_problem(data):
        raise DataError(path, *problem)
    try:
        return yaml.load(data.decode("utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (column {mark.column + 1})" if mark else ""
        raise DataError(path, mark.line + 1 if mark else None, f"not valid YAML{where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise DataError(path, None, f"not valid YAML: {exc}") from None
    except ValueError as exc:  # a value outside a mapping that PyYAML cannot construct (those inside: _value)
        raise DataError(path, None, f"not valid YAML: {exc}") from None


@dataclass(frozen=True)
class ListOf:
    """A field's spec: a list whose every item is one of ``kinds`` (``list_of(str)``)."""

    kinds: tuple[type, ...]

    @property
    def name(self) -> str:
        return f"a list of {' or '.join(_plural(k) for k in self.kinds)}"


def list_of(*kinds: type) -> ListOf:
    return ListOf(kinds)


def _plural(kind: type) -> str:
    return {dict: "mappings", str: "strings"}.get(kind, kind.__name__)


Spec = type | tuple[type, ...] | ListOf


def _type(value: Any) -> str:
    return "dict" if isinstance(value, dict) else type(value).__name__  # an Entry is a dict to the author


def _mistyped(value: Any, kinds: type | tuple[type, ...]) -> bool:
    """Not of ``kinds`` (YAML's true and false are no numbers: a bool is an int only to Python)."""
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    return not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)


def check_fields(entry: Any, what: str, required: dict[str, Spec], optional: dict[str, Spec] | None = None) -> list[str]:
    """Problems with one entry: not a mapping, a missing or mistyped field (or list item), an unknown key."""
    if not isinstance(entry, dict):
        return [f"{what} must be a mapping of fields, not {type(entry).__name__}"]
    optional = optional or {}
    problems = [f"{what} lacks the field {key!r}" for key in required if entry.get(key) in (None, "")]
    for key, value in entry.items():
        kinds = {**required, **optional}.get(key)
        if kinds is None:
            problems.append(f"{what} has an unknown field {key!r} (known: {', '.join([*required, *optional])})")
        elif value is None:
            continue
        elif isinstance(kinds, ListOf):
            if not isinstance(value, list):
                problems.append(f"{what}: the field {key!r} must be {kinds.name}, not {_type(value)}")
            elif bad := next(((i, item) for i, item in enumerate(value, 1) if _mistyped(item, kinds.kinds)), None):
                problems.append(f"{what}: the field {key!r} must be {kinds.name}: "
                                f"item {bad[0]} is {_type(bad[1])} ({bad[1]!r})")
        elif _mistyped(value, kinds):
            names = " or ".join(k.__name__ for k in (kinds if isinstance(kinds, tuple) else (kinds,)))
            problems.append(f"{what}: the field {key!r} must be {names}, not {_type(value)}")
    return problems


def locate(node: Any, path: Path, line: int) -> None:
    """Mark what was parsed from a data entry as coming from it, so that later checks (evidence.py)
    name the data file and the entry's line, not the page that renders it."""
    for element in node.findall(lambda n: hasattr(n, "line") and hasattr(n, "source") and not isinstance(n, str)):
        element.source, element.line = str(path), line


_PARSING: ContextVar[tuple[Path, int] | None] = ContextVar("briefing_data_parsing", default=None)


@contextmanager
def parsing(path: Path | str, line: int) -> Iterator[None]:
    """While MyST from a data file's entry (starting at ``line``) is parsed: a role's error inside it is reported
    at the data file's line (:func:`where`), not at the page that renders the entry (MyST's nested parse gives
    its roles the page's source and line, whatever the text's own origin)."""
    token = _PARSING.set((Path(path), line))
    try:
        yield
    finally:
        _PARSING.reset(token)


def where(raw: str) -> str | None:
    """``FILE:LINE`` of ``raw`` (a role as written: ``{p}`9```) while a data file's entry is parsed, else None:
    the first line from the entry's own on that holds it (a folded ``>-`` value keeps each role on one line)."""
    context = _PARSING.get()
    if context is None:
        return None
    path, line = context
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return f"{path}:{line}"
    found = next((n for n in range(max(line - 1, 0), len(lines)) if raw in lines[n]), None)
    return f"{path}:{found + 1 if found is not None else line}"


def read_list(path: Path, kind: str) -> tuple[list[Any], list[tuple[str, str]]]:
    """A data file that holds a list (of ``kind``): its entries, or the problem as (FILE:LINE, message)."""
    try:
        data = read(path)
    except DataError as exc:
        return [], [(f"{path}:{exc.line or 1}", exc.message)]
    if not isinstance(data, list):
        return [], [(f"{path}:1", f"expected a list of {kind}")]
    return data, []
