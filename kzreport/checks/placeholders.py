"""Placeholders in strings ("On Point {points}", "see note {note} above"): the templates fill them in by
name, so a translation must keep exactly the placeholders of its source text (a translated `{тармақ}`,
a missing or an extra one, a brace that does not pair up are errors at the string's line), and a
project's own source-language words may not ask for a placeholder the templates do not fill."""

from __future__ import annotations

from kzreport.errors import Diagnostics
from kzreport.load.strings import OBSOLETE, builtin_strings, key_str, placeholders, shown
from kzreport.model import Project


def check(project: Project, diags: Diagnostics) -> None:
    strings, src = project.strings, project.settings.source_language
    for lang in project.languages:
        for key, unit in strings.units.get(lang, {}).items():
            name = key_str(key)
            if key in OBSOLETE:
                new = OBSOLETE[key]
                example = builtin_strings(src).get(new, "")
                diags.warning(unit.path, unit.line, f'"{name}" is no longer used: it is part of "{key_str(new)}" now, '
                                                    f'one string with a placeholder ("{example}"), so that each language '
                                                    f"puts the words in its own order: write that, and remove "
                                                    f'"{name}"', code="obsolete-string")
                continue
            builtin = builtin_strings(src).get(key)
            reference = builtin if lang == src else strings.get(src, key)
            if reference is None:
                continue
            try:
                expected = placeholders(reference)
            except ValueError:
                continue  # a source text with a stray brace is not filled in by anything
            try:
                found = placeholders(unit.text)
            except ValueError as exc:
                if expected:
                    diags.error(unit.path, unit.line, f'the braces of "{name}" do not pair up ({exc}): a placeholder '
                                                      f"is written {{name}} (here {shown(expected)}), a literal brace "
                                                      f"{{{{ or }}}}")
                continue
            if lang == src:
                unknown = [n for n in found if n not in expected]
                if unknown:
                    diags.error(unit.path, unit.line, f'"{name}" has the placeholder {shown(unknown)}, which the '
                                                      f"templates do not fill in; they fill in {shown(expected)}")
            elif found != expected:
                diags.error(unit.path, unit.line, f'the placeholders of "{name}" must be those of the {src} text, '
                                                  f"{shown(expected)}; this translation has {shown(found)}: translate "
                                                  f"the words around a placeholder, never the placeholder itself")
