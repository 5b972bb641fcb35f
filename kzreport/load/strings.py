"""Short translatable strings: theme titles, report titles, scale labels, UN point texts, template words.

Every `*.yaml` file in a language tree except `sources.yaml` is a strings file: nested mappings
whose leaves are text. A string's key is the file's path (without `.yaml`) followed by the mapping
keys, e.g. ("themes", "safeguards") or ("documents", "cat-co4", "points", "10"). The same key in
every language tree is the same unit of translation. Words the built-in templates print
("Recommendations", "Contents", ...) ship with kzreport for English and Russian and may be
overridden in a project's `strings.yaml`.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kzreport.errors import Diagnostics
from kzreport.layout import BUILTIN_DATA
from kzreport.load.textfile import read_text
from kzreport.load.yamlfile import LList, LMap, load, load_plain

Key = tuple[str, ...]

DATA = BUILTIN_DATA


@dataclass(frozen=True)
class StringUnit:
    key: Key
    text: str
    path: Path
    line: int


def key_str(key: Key) -> str:
    return ".".join(key)


def parse_key(dotted: str) -> Key:
    return tuple(dotted.split("."))


# Strings replaced by one with a placeholder, so that each language puts the words in its own order: the
# new key -> the older ones. A language that still has only the older ones gets them (the value after
# the word); `kzreport check` asks for the new string.
REPLACED: dict[Key, tuple[Key, ...]] = {
    ("cite", "see-note-above"): (("cite", "see-note"), ("cite", "above")),
    ("words", "article-n"): (("words", "article"),), ("words", "articles-n"): (("words", "articles"),),
    ("words", "issue-n"): (("words", "issue"),), ("words", "issues-n"): (("words", "issues"),),
    ("words", "annex-n"): (("words", "annex"),),
}
OBSOLETE: dict[Key, Key] = {old: new for new, olds in REPLACED.items() for old in olds}


def placeholders(text: str) -> list[str]:
    """The {names} a string is filled in with ("On Point {points}" -> ["points"]; "{{" and "}}" are
    literal braces); ValueError when a brace does not pair up."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})


def shown(names: list[str]) -> str:
    return ", ".join("{" + n + "}" for n in names) or "no placeholder"


def fill(text: str, **values: Any) -> str | None:
    """The string with its placeholders filled in, or None when it does not fit the values."""
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return None


def _flatten(data: object, prefix: Key, path: Path, diags: Diagnostics, line: int) -> Iterator[StringUnit]:
    if isinstance(data, dict):
        for k, v in data.items():
            kline = data.line_of(k) if isinstance(data, LMap) else line
            yield from _flatten(v, prefix + (str(k),), path, diags, kline)
    elif isinstance(data, list):
        # a list of texts (e.g. month names): each item is a unit, keyed by its position
        for i, item in enumerate(data):
            iline = data.line_of(i) if isinstance(data, LList) else line
            yield from _flatten(item, prefix + (str(i),), path, diags, iline)
    elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
        yield StringUnit(prefix, str(data), path, line)
    elif data is None:
        diags.warning(path, line, f'"{key_str(prefix)}" is empty; write the text or remove the key', code="empty-string")
    else:
        diags.error(path, line, f'"{key_str(prefix)}" must be text (or a mapping or list of texts), not yes/no')


def load_strings_file(path: Path, namespace: Key, diags: Diagnostics) -> dict[Key, StringUnit]:
    text = read_text(path, diags)
    if text is None:
        return {}
    data = load(text, path, diags)
    if data is None:
        if text.strip():
            return {}
        diags.warning(path, None, "the file is empty", code="empty-file")
        return {}
    if not isinstance(data, dict):
        diags.error(path, getattr(data, "line", 1), "a strings file must be a mapping of keys to texts")
        return {}
    return {u.key: u for u in _flatten(data, namespace, path, diags, 1)}


@cache
def builtin_strings(lang: str) -> dict[Key, str]:
    """Words shipped with kzreport for a language (empty for languages it does not know)."""
    path = DATA / "strings" / f"{lang}.yaml"
    if not path.exists():
        return {}
    data = load_plain(path.read_text(encoding="utf-8")) or {}
    out: dict[Key, str] = {}

    def walk(d: object, prefix: Key) -> None:
        if isinstance(d, dict):
            for k, v in d.items():
                walk(v, prefix + (str(k),))
        elif isinstance(d, list):
            for i, v in enumerate(d):
                walk(v, prefix + (str(i),))
        else:
            out[prefix] = str(d)

    walk(data, ())
    return out


def missing_builtin(lang: str, source: str) -> dict[Key, str]:
    """The words kzreport's templates print, in the source language, that kzreport does not ship for `lang`
    (all of them for a language it does not know): a project in that language must translate them."""
    have = builtin_strings(lang)
    return {k: v for k, v in builtin_strings(source).items() if k not in have}


class Strings:
    """The strings of every language: the project's own, over the built-in ones."""

    def __init__(self, languages: tuple[str, ...], units: dict[str, dict[Key, StringUnit]]) -> None:
        self.languages = languages
        self.units = units

    @property
    def source_language(self) -> str:
        return self.languages[0]

    def unit(self, lang: str, key: Key) -> StringUnit | None:
        return self.units.get(lang, {}).get(key)

    def get(self, lang: str, key: Key) -> str | None:
        """The text for `key` in `lang` (project first, then built-in), or None."""
        unit = self.unit(lang, key)
        if unit is not None:
            return unit.text
        return builtin_strings(lang).get(key)

    def lookup(self, lang: str, key: Key, fallback: str | None = None) -> str | None:
        """The text for `key` in `lang`, else in the source language (a translation not made yet shows
        the original), else `fallback`. The one place this rule is written."""
        for candidate in (lang, self.source_language):
            text = self.get(candidate, key)
            if text is not None:
                return text
        return fallback

    def fill(self, lang: str, key: Key, **values: Any) -> str | None:
        """`lookup` with the placeholders filled in. A text whose placeholders do not fit (a translated
        "{points}", a broken brace: `kzreport check` reports it) gives way to the built-in words of the
        language, then to the source language's: a build never fails on it."""
        olds = REPLACED.get(key, ())
        if self.unit(lang, key) is None and len(olds) == 1 and len(values) == 1 and \
                (old := self.unit(lang, olds[0])) is not None:
            return f"{old.text} {next(iter(values.values()))}"
        candidates = (self.get(lang, key), builtin_strings(lang).get(key), self.get(self.source_language, key),
                      builtin_strings(self.source_language).get(key))
        for text in candidates:
            if text is not None and (filled := fill(text, **values)) is not None:
                return filled
        return None

    def has(self, lang: str, key: Key) -> bool:
        return self.get(lang, key) is not None

    def keys(self, lang: str, prefix: Key = ()) -> list[Key]:
        """Every key under `prefix` in a language, project and built-in, in file order."""
        seen: dict[Key, None] = {}
        for key in list(self.units.get(lang, {})) + list(builtin_strings(lang)):
            if key[: len(prefix)] == prefix:
                seen.setdefault(key)
        return list(seen)

    def children(self, lang: str, prefix: Key) -> list[str]:
        """The next key segments under `prefix`, in file order (e.g. the points of a document)."""
        out: dict[str, None] = {}
        for key in self.keys(lang, prefix):
            if len(key) > len(prefix):
                out.setdefault(key[len(prefix)])
        return list(out)


def see_note_above(strings: Strings, lang: str) -> tuple[str, str]:
    """The words before and after the number in "see note 14 above" in a language: its
    `cite.see-note-above` split at {note} (a project that still has the older `cite.see-note` and
    `cite.above` for the language gets those, the number between them)."""
    key: Key = ("cite", "see-note-above")
    old = [strings.unit(lang, ("cite", k)) for k in ("see-note", "above")]
    if strings.unit(lang, key) is None and any(old):
        before, after = (u.text.strip() if u else "" for u in old)
        return (before + " " if before else "", " " + after if after else "")
    src = strings.source_language
    for text in (strings.get(lang, key), builtin_strings(lang).get(key), strings.get(src, key),
                 builtin_strings(src).get(key)):
        filled = fill(text, note="\x00") if text else None
        if filled and filled.count("\x00") == 1:
            before, _, after = filled.partition("\x00")
            return before, after
    return "", ""
