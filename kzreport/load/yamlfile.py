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


def load_plain(text: str) -> Any:
    """Plain values, no lines: for files kzreport writes or ships (translation records, built-in
    strings), read with the C parser: the pure-Python one took a third of a build's start."""
    return yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)


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


CURLY = "“”‘’„«»"
_CURLY_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:[^\s:#\"'][^:#]*:[ \t]+)?[“‘„][^\n]*[”’“][ \t]*(?:#.*)?$")
_FIELD_WITH_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)?[^\s:#-][^:#]*:[ \t]+[^\s#]")
_NO_SPACE_AFTER_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?[\w-]+:(?!//)[^\s:]")
_TEXT_AFTER_QUOTE = re.compile(r"""^[^#]*?:[ \t]+(["'])(?:(?!\1).)*\1[ \t]*[^\s#]""")


def _explain(exc: yaml.YAMLError, text: str, offset: int = 0) -> tuple[int | None, str]:
    """A located, plain-language version of a PyYAML error: what is wrong on which line, and the fix.
    `offset` turns lines of `text` into lines of its file (front matter starts on line 2)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    cmark = getattr(exc, "context_mark", None)
    cline = cmark.line + 1 if cmark is not None else line
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    rows = text.split("\n")

    def src(n: int | None) -> str:
        return rows[n - 1] if n and 1 <= n <= len(rows) else ""

    def above(n: int | None) -> int | None:
        """The nearest line above `n` with a field or an item (not blank, not a comment)."""
        k = (n or 1) - 1
        while k >= 1 and (not src(k).strip() or src(k).lstrip().startswith("#")):
            k -= 1
        return k if k >= 1 else None

    def indent(n: int | None) -> int:
        return len(src(n)) - len(src(n).lstrip(" "))

    def at(n: int | None) -> str:
        return f"line {n + offset}" if n else "this line"

    source_line = src(line)
    prev = above(line)
    if "\\t" in problem or ("cannot start any token" in problem and "\t" in source_line):
        return line, "a tab character is used for indentation; YAML needs spaces (replace the tab with spaces)"
    if any(q in source_line or q in src(cline) for q in CURLY) and "quoted scalar" not in context:
        where = line if any(q in source_line for q in CURLY) else cline
        return where, ('the curly quotes (“ ”, ‘ ’ or « ») on this line are not YAML quotes, so the text breaks the line: '
                       'type straight quotes "..." instead (Word and some editors change them as you type)')
    if "mapping values are not allowed" in problem:
        if prev and indent(line) > indent(prev) and _FIELD_WITH_VALUE.match(src(prev)):
            return line, (f"{at(line)} is indented more than {at(prev)}: fields start at the same column "
                          f"(remove the spaces at the start of {at(line)})")
        if prev and _NO_SPACE_AFTER_COLON.match(src(prev)):
            return prev, f"{at(prev)}: put a space after the colon (key: value)"
        return line, ("a colon followed by a space is not allowed here; put the text in quotes "
                      '(e.g. title: "Article 146: torture")')
    if "expected '-' indicator" in problem or "but found '<block sequence start>'" in problem or \
            ("expected key" in problem and source_line.lstrip().startswith("- ")):
        if source_line.lstrip().startswith("-"):
            return line, (f"{at(line)}: this list item is not lined up with the items above it: every \"- \" of "
                          f"a list starts at the same column")
        return line, (f"{at(line)}: a list item starts with '- ' (a dash and a space); a new field starts at the "
                      f"same column as the field that holds the list")
    if "could not find expected ':'" in problem:
        before = above(cline)
        if before and src(before).lstrip().startswith("- "):
            return cline, f"{at(cline)}: a list item starts with '- ' (a dash and a space)"
        return cline, (f"{at(cline)} is neither a field (key: value) nor a list item: add the missing colon, or, "
                       f"if it goes on with the text of the line above, put that whole text in quotes")
    if "expected key" in problem or "expected <block end>" in problem:
        if _TEXT_AFTER_QUOTE.match(source_line):
            return line, f"{at(line)}: there is text after the closing quote; put the whole text inside the quotes"
        return line, (f"{at(line)} does not line up with the fields above it: fields start at the same column, "
                      f"and a field's text that goes on over several lines needs quotes")
    if "quoted scalar" in context and "end of stream" in problem:
        return cline, f"{at(cline)}: the quote opened here is never closed: end the text with the same quote mark"
    if "flow sequence" in context or "flow mapping" in context:
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return line, (f'the YAML list "{bracket}" opened on {at(cline)} is not closed: end it with "{closing}" on '
                      f"the same line (and put items that hold a comma or colon in quotes)")
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return line, f"{problem}; put the text in quotes"
    if "found character '@'" in problem or "found character '`'" in problem:
        return line, "a value cannot start with @ or `; put it in quotes"
    text = f"{context}, {problem}" if context else problem
    return line, f"the YAML is broken: {text}"


def _curly_values(text: str, path: Any, diags: Diagnostics, offset: int) -> None:
    """A value written in curly quotes: YAML keeps them as part of the text, so they are printed."""
    for i, row in enumerate(text.split("\n"), 1):
        if _CURLY_VALUE.match(row):
            diags.warning(path, i + offset, 'the value is in curly quotes (“ ”), which YAML keeps as part of the text, '
                                            'so they are printed: leave them out, or type straight quotes "..." if '
                                            "the text needs quotes", code="curly-quotes")


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
        line, message = _explain(exc, text, line_offset)
        diags.error(path, None if line is None else line + line_offset, message)
        return None
    except RecursionError:
        diags.error(path, None, "the YAML is nested too deeply to read")
        return None
    finally:
        loader.dispose()
    if any(q in text for q in CURLY[:5]):
        _curly_values(text, path, diags, line_offset)
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
