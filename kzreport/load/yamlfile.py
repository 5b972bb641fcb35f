"""YAML that remembers where each value came from.

Mappings load as `LMap` and sequences as `LList`; both know the line of every key or item, so a
validator can say `content/en/themes.yaml:12: error: ...`. Duplicate keys, which plain PyYAML
silently merges, are reported. Parsing errors become located, plain-language messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from kzreport.errors import Diagnostics

try:  # the C parser is several times faster; the Python constructor below works with both
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class LMap(dict):
    """A dict with `line` (of the mapping) and `lines[key]` (line of each key), 1-based."""

    line: int = 0
    lines: dict = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LList(list):
    """A list with `line` (of the sequence) and `lines[i]` (line of each item), 1-based."""

    line: int = 0
    lines: list = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


@dataclass
class _Dup:
    key: Any
    line: int


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[_Dup] = []


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LMap:
    loader.flatten_mapping(node)
    result = LMap()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word or number, not a list or mapping",
                key_node.start_mark)
        if key in result:
            loader.duplicates.append(_Dup(key, key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date as a date; an impossible one (2023-13-45) as the text it is, for the schema to refuse
    with its line instead of failing the whole file."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


MAX_DEPTH = 64  # mappings and lists inside each other: kzreport's files need fewer than 10


def _events_problem(text: str) -> tuple[int, str] | None:
    """(line, message) of the first alias (*name), or of nesting deeper than MAX_DEPTH, read from the
    parser's events (which need no recursion, unlike building the values: 100,000 nested lists crash
    Python) before anything is built from the text.

    kzreport's files never need anchors and aliases, and an alias can make a short file expand to
    billions of values ("billion laughs"), so they are refused.
    """
    if "*" not in text and text.count("[") + text.count("{") + text.count("- ") < MAX_DEPTH \
            and "\n" + " " * (2 * MAX_DEPTH) not in text:
        return None  # cannot hold an alias or deep nesting: no need to look
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line, ("YAML anchors and aliases (&name, *name) are not allowed in "
                                               "kzreport's files: write the value out in full (put text that "
                                               'starts with * or & in quotes, e.g. "*note")')
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line, (f"lists and mappings are nested more than {MAX_DEPTH} levels "
                                                   f"deep here; kzreport's files need only a few levels")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # reported by the loader itself
    return None


def _explain(exc: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """A located, plain-language version of a PyYAML error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    source_line = text.split("\n")[line - 1] if line and line <= text.count("\n") + 1 else ""
    if "\\t" in problem or ("cannot start any token" in problem and "\t" in source_line):
        return line, "a tab character is used for indentation; YAML needs spaces (replace the tab with spaces)"
    if "mapping values are not allowed" in problem:
        return line, ("a colon followed by a space is not allowed here; put the text in quotes "
                      '(e.g. title: "Article 146: torture")')
    if "could not find expected ':'" in problem:
        return line, "a key is missing its colon, or an indentation is wrong"
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return line, f"{problem}; put the text in quotes"
    if "found character '@'" in problem or "found character '`'" in problem:
        return line, "a value cannot start with @ or `; put it in quotes"
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else problem
    return line, f"the YAML is broken: {text}"


def load(text: str, path: Any, diags: Diagnostics, *, line_offset: int = 0) -> Any:
    """Parse YAML text; on failure record a located error and return None.

    `line_offset` is added to every line (for front matter, which starts on line 2 of its file).
    """
    problem = _events_problem(text)
    if problem is not None:
        diags.error(path, problem[0] + 1 + line_offset, problem[1])
        return None
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        line, message = _explain(exc, text)
        diags.error(path, None if line is None else line + line_offset, message)
        return None
    except RecursionError:
        diags.error(path, None, "the YAML is nested too deeply to read")
        return None
    finally:
        loader.dispose()
    for dup in loader.duplicates:
        diags.error(path, dup.line + line_offset, f'the key "{dup.key}" appears twice; keep one')
    if line_offset:
        _shift(data, line_offset)
    return data


def _shift(data: Any, offset: int) -> None:
    if isinstance(data, LMap):
        data.line += offset
        data.lines = {k: v + offset for k, v in data.lines.items()}
        for v in data.values():
            _shift(v, offset)
    elif isinstance(data, LList):
        data.line += offset
        data.lines = [v + offset for v in data.lines]
        for v in data:
            _shift(v, offset)


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class FrontMatter:
    """A block file split in two: its YAML header and its Markdown body."""

    header: str
    header_line: int  # line of the header's first line
    body: str
    body_line: int  # line of the body's first line


def split_front_matter(text: str) -> FrontMatter | None:
    """Split `---\\nYAML\\n---\\nbody`; None when the text does not start with a fence."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i]):
            header = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1 :])
            return FrontMatter(header, 2, body, i + 2)
    return None


def dump(data: Any) -> str:
    """YAML as a person would write it (block style, keys in the given order, Unicode as is)."""
    return yaml.dump(_plain(data), allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data
