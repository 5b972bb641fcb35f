"""A language's glossary: `content/<lang>/glossary.yaml`, the fixed translations of terms (UN bodies,
laws, fixed terms) that every translation into that language must use.

    # source term: its translation (or a list of accepted forms, the preferred first)
    Committee against Torture: Комитет против пыток
    Criminal Procedure Code: [Уголовно-процессуальный кодекс, УПК]

It is not a strings file (nothing in it is printed); checks/translations.py checks translations
against it and `kzreport i18n glossary` exports it for translation tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzreport.errors import Diagnostics
from kzreport.layout import ProjectLayout
from kzreport.load import schema as s
from kzreport.load.textfile import read_text
from kzreport.load.yamlfile import LMap, load

GLOSSARY = "glossary.yaml"

_TARGETS = s.ListOf(s.Str(), help="the term in this language, or a list of accepted forms")


@dataclass(frozen=True)
class Term:
    source: str
    targets: tuple[str, ...]  # accepted forms, the preferred first
    path: Path
    line: int


def glossary_path(layout: ProjectLayout, lang: str) -> Path:
    return layout.lang(lang) / GLOSSARY


def load_glossary(layout: ProjectLayout, lang: str, diags: Diagnostics) -> list[Term]:
    """The terms of `content/<lang>/glossary.yaml` (none when there is no such file)."""
    path = glossary_path(layout, lang)
    if not path.is_file() and not path.is_symlink():
        return []
    text = read_text(path, diags)
    if text is None:
        return []
    data = load(text, path, diags)
    if data is None:
        return []
    if not isinstance(data, LMap):
        diags.error(path, getattr(data, "line", 1) or 1,
                    'a glossary is a mapping of source terms to their translation, one a line: '
                    '"Committee against Torture: Комитет против пыток"')
        return []
    terms = []
    for key, value in data.items():
        line = data.line_of(key)
        if isinstance(key, bool) or not isinstance(key, (str, int, float)) or not str(key).strip():
            diags.error(path, line, "a glossary's keys are the source terms, as text")
            continue
        if value is None:
            diags.error(path, line, f'"{key}" has no translation: write it after the colon, or remove the line')
            continue
        try:
            targets = [t.strip() for t in _TARGETS.convert(value)]
        except s.Invalid as exc:
            diags.error(path, exc.line or line, f'"{key}": {exc.message}; write the translation as text, or a list '
                                                f"of accepted forms such as [Уголовно-процессуальный кодекс, УПК]")
            continue
        if not targets:
            diags.error(path, line, f'"{key}" has no translation: write it after the colon, or remove the line')
            continue
        terms.append(Term(" ".join(str(key).split()), tuple(targets), path, line))
    return terms
