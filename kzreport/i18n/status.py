"""The translators' workflow: what is missing, what is stale (XLIFF for translation tools is in xliff.py).

A *unit* is one thing to translate: a block's title, a block's text, or one short string. For each
language other than the source, `content/<lang>/_translated-from.yaml` records, per unit, the source
text it was translated from (written by `kzreport i18n done` and `kzreport i18n import`, never by
hand). A unit is
- missing: there is no translation (the build falls back to the source text, marked);
- stale: the source changed since the recorded version (whitespace does not count);
- unverified: a translation exists but nothing records what it was translated from;
- current: otherwise.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from kzreport.errors import KzError
from kzreport.files import atomic_write_bytes
from kzreport.layout import ProjectLayout
from kzreport.load.strings import Key, builtin_strings, key_str, missing_builtin
from kzreport.load.yamlfile import load_plain
from kzreport.model import Block, Project

STATE_FILE = "_translated-from.yaml"
MISSING, STALE, UNVERIFIED, CURRENT = "missing", "stale", "unverified", "current"


def fingerprint(text: str) -> str:
    """The same for texts that differ only in whitespace."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def block_unit(block_id: str, part: str) -> str:
    """The id of a block's title or body ("title", "body") as a unit of translation."""
    return f"block:{block_id}#{part}"


def string_unit(key: Key) -> str:
    """The id of a short string as a unit of translation."""
    return f"string:{key_str(key)}"


@dataclass(frozen=True)
class Unit:
    """One unit of translation in one target language."""

    id: str  # "block:safeguards/x#title", "block:safeguards/x#body" or "string:themes.safeguards"
    source: str
    target: str | None  # None when missing
    path: Path  # the file the translator edits
    line: int | None
    block: str | None = None  # the block id, for block units
    key: Key | None = None  # the strings key, for string units

    @property
    def is_body(self) -> bool:
        return self.block is not None and self.id == block_unit(self.block, "body")

    @property
    def label(self) -> str:
        if self.block:
            return f"{self.block} ({self.id.rsplit('#', 1)[1]})"
        return key_str(self.key or ())


@dataclass(frozen=True)
class Status:
    unit: Unit
    state: str
    recorded: str | None  # the source text the translation was made from, if recorded


class State:
    """content/<lang>/_translated-from.yaml: unit id -> {fingerprint, source text}."""

    def __init__(self, root: Path, lang: str) -> None:
        self.path = ProjectLayout(root).translation_records(lang)
        self.entries: dict[str, dict[str, str]] = {}
        if self.path.exists():
            try:
                data = load_plain(self.path.read_text(encoding="utf-8")) or {}
                self.entries = {str(k): v for k, v in (data.get("units") or {}).items() if isinstance(v, dict)}
            except (yaml.YAMLError, AttributeError, UnicodeDecodeError):
                raise KzError(f"{self.path}: the translation record is damaged; restore it from version control, "
                              f"or delete it and mark the translations current again with kzreport i18n done") from None

    def get(self, unit_id: str) -> dict[str, str] | None:
        return self.entries.get(unit_id)

    def record(self, unit: Unit) -> None:
        self.entries[unit.id] = {"fingerprint": fingerprint(unit.source), "source": unit.source}

    def save(self) -> None:
        header = ("# Written by kzreport (i18n done, i18n import): the source text each translation in this folder\n"
                  "# was made from, so that kzreport can tell when the source changed. Do not edit by hand.\n")
        body = yaml.dump({"units": {k: self.entries[k] for k in sorted(self.entries)}}, Dumper=_LiteralDumper,
                         allow_unicode=True, sort_keys=False, width=100)
        atomic_write_bytes(self.path, (header + body).encode("utf-8"))


class _LiteralDumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_LiteralDumper.add_representer(str, _str_representer)


# -- units --------------------------------------------------------------------------------------------

def _block_units(project: Project, block: Block, lang: str) -> list[Unit]:
    src = block.text(project.settings.source_language)
    assert src is not None
    tgt = block.text(lang)
    rel = src.path.relative_to(project.layout.lang(project.settings.source_language))
    path = project.layout.lang(lang) / rel
    return [
        Unit(block_unit(block.id, "title"), src.title, tgt.title if tgt else None, path, tgt.title_line if tgt else None,
             block=block.id),
        Unit(block_unit(block.id, "body"), src.body.strip("\n"), tgt.body.strip("\n") if tgt else None, path,
             tgt.body_line if tgt else None, block=block.id),
    ]


def _string_units(project: Project, lang: str) -> list[Unit]:
    strings, src = project.strings, project.settings.source_language
    out = []
    for key, unit in strings.units.get(src, {}).items():
        rel = unit.path.relative_to(project.layout.lang(src))
        tgt = strings.unit(lang, key)
        target = tgt.text if tgt else builtin_strings(lang).get(key)
        out.append(Unit(string_unit(key), unit.text, target, tgt.path if tgt else
                        project.layout.lang(lang) / rel, tgt.line if tgt else None, key=key))
    # the words the built-in templates print that kzreport does not ship in this language
    for key, text in missing_builtin(lang, src).items():
        if strings.unit(src, key) is None and strings.unit(lang, key) is None:
            out.append(Unit(string_unit(key), text, None, project.layout.strings(lang), None, key=key))
    return out


def units(project: Project, lang: str) -> list[Unit]:
    out: list[Unit] = []
    for block in sorted(project.blocks.values(), key=lambda b: b.id):
        out += _block_units(project, block, lang)
    return out + _string_units(project, lang)


def status(project: Project, lang: str) -> list[Status]:
    state = State(project.root, lang)
    out = []
    for unit in units(project, lang):
        entry = state.get(unit.id)
        if unit.target is None:
            out.append(Status(unit, MISSING, None))
        elif unit.key is not None and project.strings.unit(lang, unit.key) is None:
            out.append(Status(unit, CURRENT, None))  # shipped with kzreport
        elif entry is None:
            out.append(Status(unit, UNVERIFIED, None))
        elif entry.get("fingerprint") != fingerprint(unit.source):
            out.append(Status(unit, STALE, entry.get("source", "")))
        else:
            out.append(Status(unit, CURRENT, entry.get("source")))
    return out


def word_diff(old: str, new: str, context: int = 4, limit: int = 6) -> list[str]:
    """What changed between two texts, word by word: '…context [-old-]{+new+} context…' (limit 0: all)."""
    a, b = old.split(), new.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(a[max(0, i1 - context):i1])
        after = " ".join(a[i2:i2 + context])
        change = (f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else "") + (f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else "")
        out.append(f"…{before} {change} {after}…".replace("… ", "…").replace(" …", "…"))
        if len(out) == limit:
            out.append("… (more changes: kzreport i18n status --diff shows them all)")
            break
    return out


# -- i18n done ------------------------------------------------------------------------------------

def resolve_targets(project: Project, lang: str, targets: Iterable[str]) -> list[Unit]:
    """Units named by block ids, strings keys (or their prefix), or files in a language tree."""
    every = units(project, lang)
    chosen: dict[str, Unit] = {}
    for target in targets:
        t = target.strip().rstrip("/")
        path = Path(t)
        matched = [u for u in every if u.block == t.removesuffix(".md")
                   or (u.key is not None and (key_str(u.key) == t or key_str(u.key).startswith(t + ".")))
                   or _same_file(u.path, path, project.root)]
        if not matched:
            raise KzError(f'"{target}" is not a block id, a string key or a file of content/{lang}/')
        for u in matched:
            chosen[u.id] = u
    return list(chosen.values())


def _same_file(a: Path, b: Path, root: Path) -> bool:
    try:
        return a.resolve() == (b if b.is_absolute() else Path.cwd() / b).resolve() or \
            a.resolve() == (root / b).resolve()
    except OSError:
        return False


def mark_done(project: Project, lang: str, chosen: list[Unit]) -> list[Unit]:
    """Record the current source of these units as what their translation was made from."""
    state = State(project.root, lang)
    missing = [u for u in chosen if u.target is None]
    done = [u for u in chosen if u.target is not None and not (u.key and project.strings.unit(lang, u.key) is None)]
    for u in done:
        state.record(u)
    if done:
        state.save()
    return missing
