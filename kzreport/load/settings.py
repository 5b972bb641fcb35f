"""kzreport.yaml read and checked: languages, UN documents, scales, options (SPEC.md, "kzreport.yaml")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kzreport.errors import SAFETY_WARNINGS, WARNING_CODES, Diagnostics, did_you_mean, one_of
from kzreport.layout import CONFIG
from kzreport.load import cycles as coordinator
from kzreport.load import schema as s
from kzreport.load.strings import DATA
from kzreport.load.textfile import read_text
from kzreport.load.yamlfile import LMap, load, load_plain
from kzreport.model import (
    Level,
    Scale,
    Settings,
    UNDocument,
)

DEFAULT_TAGS = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ", "fr": "fr-FR", "es": "es-ES", "uz": "uz-UZ",
                "ky": "ky-KG", "tg": "tg-TJ"}
ID_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
LANG_CODE = r"[a-z]{2,3}"
IGNORED_NAMES = {"README.md", "readme.md"}


# -- kzreport.yaml -------------------------------------------------------------------------------

_LEVEL = s.Schema({
    "id": s.Str(required=True, help="the level as printed, e.g. A or 2"),
    "colour": s.Colour(required=True),
    "not-applicable": s.Bool(default=False),
}, name="a scale level")

_SCALE = s.Schema({"levels": s.ListOf(_LEVEL, allow_single=False, required=True)}, name="a scale")

_DOCUMENT = s.Schema({
    "symbol": s.Str(required=True, help='the UN symbol, e.g. "CAT/C/KAZ/CO/4"'),
    "date": s.Date(),
    "body": s.Str(default="", help="the UN body, e.g. CAT or SPT"),
}, name="a UN document")


def _warning_code(value: Any) -> str:
    """A warning code a project may silence (the code printed after a warning, in brackets)."""
    code = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if code in SAFETY_WARNINGS:
        raise s.Invalid(f'"{code}" cannot be silenced: it is a warning that protects people; fix what it says')
    if code not in WARNING_CODES:
        raise s.Invalid(f'"{value}" is not a warning code{did_you_mean(code, WARNING_CODES)}; the codes are '
                        f"{one_of(sorted(set(WARNING_CODES) - SAFETY_WARNINGS))}")
    return code


SETTINGS = s.Schema({
    "languages": s.ListOf(s.Str(pattern=LANG_CODE, pattern_help="use a two- or three-letter code such as en, ru, kk"),
                          allow_single=False, unique=True, required=True,
                          help="the list of language codes, the source language first, e.g. [en, ru]"),
    "language-tags": s.MapOf(s.Str(pattern=r"[a-z]{2,3}(-[A-Za-z0-9]+)*",
                                   pattern_help='write a language tag such as "en-GB"')),
    "organisation": s.Schema({
        "website": s.Str(default=""),
        "logo": s.Str(default=None, help="an image under templates/, e.g. templates/logo.png"),
    }, name="organisation", default={"website": "", "logo": None}),
    "themes": s.ListOf(s.Str(pattern=r"[A-Za-z0-9][A-Za-z0-9_-]*", pattern_help="use letters, digits and -"),
                       unique=True, allow_single=False),
    "documents": s.MapOf(_DOCUMENT),
    "scales": s.MapOf(_SCALE),
    "defaults": s.Schema({"document": s.Str(default=None)}, name="defaults", default={"document": None}),
    "silence": s.ListOf(s.Custom(_warning_code), unique=True,
                        help="a list of warning codes, e.g. [uncited-source]"),
    **coordinator.FIELDS,  # word-limits:, cycles: (load/cycles.py)
}, name="kzreport.yaml")



def _scales(raw: dict[str, Any]) -> dict[str, Scale]:
    return {sid: Scale(sid, tuple(Level(str(lv["id"]), lv["colour"], lv["not-applicable"]) for lv in sc["levels"]))
            for sid, sc in raw.items()}


def builtin_scales() -> dict[str, Scale]:
    raw = load_plain((DATA / "scales.yaml").read_text(encoding="utf-8"))
    return _scales(_SCALE_MAP.convert(raw))


_SCALE_MAP = s.MapOf(_SCALE)


def load_settings(root: Path, diags: Diagnostics) -> Settings | None:
    path = root / CONFIG
    text = read_text(path, diags)
    if text is None:
        return None
    data = load(text, path, diags)
    if data is None:
        if not text.strip():
            diags.error(path, None, "the file is empty; it must at least list the languages, e.g. languages: [en, ru]")
        return None
    values = SETTINGS.validate(data, path, diags)
    languages = tuple(values["languages"] or ())
    if not languages:
        return None
    tags = {lang: DEFAULT_TAGS.get(lang, lang) for lang in languages}
    tags.update(values["language-tags"])
    documents = {did: UNDocument(did, d["symbol"], d["date"], d["body"] or "")
                 for did, d in values["documents"].items()}
    scales = builtin_scales()
    scales.update(_scales(values["scales"]))
    default_doc = values["defaults"]["document"]
    if default_doc and default_doc not in documents:
        line = data.get("defaults", LMap()).line_of("document") if isinstance(data, LMap) else None
        diags.error(path, line, f'the default document "{default_doc}" is not listed under documents'
                                f"{did_you_mean(default_doc, documents)}")
    limits, limit_lines = coordinator.word_limits(values, data)
    cycles = coordinator.load_cycles(data, path, documents, diags)
    bodies = tuple(sorted({*coordinator.builtin_bodies(), *limits, *(d.body for d in documents.values() if d.body),
                           *(c.body for c in cycles.values() if c.body)}))
    return Settings(root=root, languages=languages, language_tags=tags,
                    website=values["organisation"]["website"] or "", logo=values["organisation"]["logo"],
                    themes=tuple(values["themes"]), documents=documents, scales=scales,
                    default_document=default_doc, path=path, silence=tuple(values["silence"]),
                    word_limits=limits, word_limit_lines=limit_lines, cycles=cycles, bodies=bodies)
