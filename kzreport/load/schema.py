"""Declarative validation of YAML data (front matter, kzreport.yaml, reports, assessments).

A `Schema` lists the keys a mapping may have, each with a `Field` that checks and converts its value.
`Schema.validate` records every problem (unknown key with a did-you-mean, missing key, wrong type),
each at the line of the offending key, and returns what could be converted, so that one bad field
does not hide the others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from kzreport.errors import Diagnostics, did_you_mean, one_of
from kzreport.load.yamlfile import LList, LMap


class Invalid(Exception):
    """A value is wrong; `line` overrides the key's line when the problem is deeper inside."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


class Field:
    """One key's rules. Subclasses implement `convert`."""

    expected = "a value"

    def __init__(self, *, required: bool = False, default: Any = None, help: str = "") -> None:
        self.required = required
        self.default = default
        self.help = help

    def convert(self, value: Any) -> Any:
        return value

    def wrong(self, value: Any) -> Invalid:
        return Invalid(f"expected {self.expected}, found {_kind(value)}")


class Any_(Field):
    expected = "a value"


class Str(Field):
    expected = "text"

    def __init__(self, *, nonempty: bool = True, pattern: str | None = None, pattern_help: str = "",
                 **kw: Any) -> None:
        super().__init__(**kw)
        self.nonempty = nonempty
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_help = pattern_help

    def convert(self, value: Any) -> str:
        # Numbers are accepted as text: `point: 10` and `point: "10"` mean the same.
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.wrong(value)
        text = str(value)
        if self.nonempty and not text.strip():
            raise Invalid("must not be empty")
        if self.pattern and not self.pattern.fullmatch(text):
            raise Invalid(f'"{text}" is not valid: {self.pattern_help}')
        return text


class Int(Field):
    expected = "a whole number"

    def __init__(self, *, minimum: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.minimum = minimum

    def convert(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong(value)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"must be {self.minimum} or more")
        return value


class Bool(Field):
    expected = "true or false"

    def convert(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.wrong(value)
        return value


class Date(Field):
    expected = "a date written YYYY-MM-DD"

    def convert(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                parts = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
                if parts:  # written as a date, but there is no such day: say what is wrong with it
                    try:
                        return dt.date(*map(int, parts.groups()))
                    except ValueError as exc:
                        why = str(exc).replace("must be in", "must be between").replace("..", " and ")
                        raise Invalid(f"{text} is not a date: {why}; write it as YYYY-MM-DD, "
                                      f"e.g. 2023-03-21") from None
        raise Invalid(f'"{value}" is not a date; write it as YYYY-MM-DD, e.g. 2023-03-21')


class Choice(Field):
    def __init__(self, choices: Iterable[str], **kw: Any) -> None:
        super().__init__(**kw)
        self.choices = list(choices)

    def convert(self, value: Any) -> str:
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None or text not in self.choices:
            raise Invalid(f'"{value}" is not one of {one_of(self.choices)}{did_you_mean(str(value), self.choices)}')
        return text


class Colour(Field):
    expected = 'a colour written "#RRGGBB"'
    _re = re.compile(r"#[0-9A-Fa-f]{6}")

    def convert(self, value: Any) -> str:
        if not isinstance(value, str) or not self._re.fullmatch(value.strip()):
            raise Invalid(f'"{value}" is not a colour; write it as "#RRGGBB" in quotes, e.g. "#F4CCCC"')
        return value.strip().upper()


class ListOf(Field):
    expected = "a list"

    def __init__(self, item: Field, *, allow_single: bool = True, unique: bool = False, **kw: Any) -> None:
        kw.setdefault("default", [])
        super().__init__(**kw)
        self.item = item
        self.allow_single = allow_single
        self.unique = unique

    def convert(self, value: Any) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            if self.allow_single and not isinstance(value, dict):
                value = LList([value])
                value.lines = []
            else:
                raise self.wrong(value)
        out, seen = [], set()
        for i, item in enumerate(value):
            line = value.line_of(i) if isinstance(value, LList) else None
            try:
                converted = self.item.convert(item)
            except Invalid as exc:
                raise Invalid(f"item {i + 1}: {exc.message}", exc.line or line) from None
            if self.unique:
                if converted in seen:
                    raise Invalid(f'"{converted}" is listed twice', line)
                seen.add(converted)
            out.append(converted)
        return out


class MapOf(Field):
    """A mapping whose keys are free (e.g. point numbers) and whose values share one field."""

    expected = "a mapping"

    def __init__(self, value: Field, *, key: Field | None = None, **kw: Any) -> None:
        kw.setdefault("default", {})
        super().__init__(**kw)
        self.value = value
        self.key = key or Str()

    def convert(self, value: Any) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.wrong(value)
        out = {}
        for k, v in value.items():
            line = value.line_of(k) if isinstance(value, LMap) else None
            try:
                out[self.key.convert(k)] = self.value.convert(v)
            except Invalid as exc:
                raise Invalid(f'"{k}": {exc.message}', exc.line or line) from None
        return out


class Custom(Field):
    """A field checked by a function that returns the converted value or raises Invalid."""

    def __init__(self, fn: Callable[[Any], Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.fn = fn

    def convert(self, value: Any) -> Any:
        return self.fn(value)


class Schema(Field):
    """A mapping with known keys. Also usable as a field inside another schema."""

    expected = "a mapping of keys to values"

    def __init__(self, fields: dict[str, Field], *, name: str = "", **kw: Any) -> None:
        super().__init__(**kw)
        self.fields = fields
        self.name = name

    def keys_help(self) -> str:
        return one_of(self.fields)

    def validate(self, data: Any, path: Any, diags: Diagnostics, *, line: int | None = None,
                 allowed_extra: Iterable[str] = ()) -> dict[str, Any]:
        """Check `data`; record every problem; return converted values (defaults filled in)."""
        out: dict[str, Any] = {}
        if data is None:
            data = LMap()
            data.line, data.lines = line or 1, {}
        if not isinstance(data, dict):
            diags.error(path, getattr(data, "line", line), f"expected {self.expected}, found {_kind(data)}")
            return {k: f.default for k, f in self.fields.items()}
        extra = set(allowed_extra)
        for key, value in data.items():
            key_line = data.line_of(key) if isinstance(data, LMap) else line
            field = self.fields.get(str(key))
            if field is None:
                if str(key) in extra:
                    continue
                hint = did_you_mean(str(key), self.fields)
                where = f" in {self.name}" if self.name else ""
                diags.error(path, key_line, f'unknown key "{key}"{where}{hint}; the keys allowed here are '
                                            f"{self.keys_help()}")
                continue
            if isinstance(field, Schema) and isinstance(value, dict):
                # a nested mapping reports every one of its problems, each at its own line
                out[str(key)] = field.validate(value, path, diags, line=key_line)
                continue
            try:
                out[str(key)] = field.convert(value)
            except Invalid as exc:
                diags.error(path, exc.line or key_line, f'"{key}": {exc.message}')
        for key, field in self.fields.items():
            if key not in out:
                present = key in {str(k) for k in data}
                if field.required and not present:
                    where = f" in {self.name}" if self.name else ""
                    diags.error(path, getattr(data, "line", line), f'the key "{key}" is missing{where}'
                                                                   + (f": {field.help}" if field.help else ""))
                out.setdefault(key, field.default)
        return out

    def convert(self, value: Any) -> dict[str, Any]:
        # Nested use: collect problems and re-raise the first, located.
        diags = Diagnostics()
        out = self.validate(value, "", diags, line=getattr(value, "line", None))
        errors = diags.errors
        if errors:
            raise Invalid(errors[0].message, errors[0].line)
        return out
