"""Translations checked in a build: a stale translation is a warning (an error with --strict); a
missing one falls back to the source text, marked, and is reported by `kzreport i18n status`."""

from __future__ import annotations

from kzreport.errors import Diagnostics, KzError
from kzreport.i18n.glossary import missing_terms
from kzreport.i18n.status import CURRENT, STALE, STATE_FILE, UNVERIFIED, Status, status
from kzreport.load.glossary import load_glossary
from kzreport.model import Project


def check(project: Project, diags: Diagnostics) -> None:
    """Stale translations are warnings (errors with --strict); missing ones are reported elsewhere."""
    for lang in project.languages[1:]:
        try:
            statuses = status(project, lang)
        except KzError as exc:
            diags.error(project.root / "content" / lang / STATE_FILE, None, str(exc.message).split(": ", 1)[-1])
            continue
        for st in statuses:
            if st.state == STALE:
                diags.warning(st.unit.path, st.unit.line,
                              f"stale translation of {st.unit.label}: the {project.settings.source_language} text "
                              f"changed since it was translated (kzreport i18n status -l {lang} shows what changed)",
                              code="stale-translation")
        _glossary(project, lang, statuses, diags)


def check_glossary(project: Project, diags: Diagnostics) -> None:
    """Translations against their language's glossary (content/<lang>/glossary.yaml)."""
    for lang in project.languages[1:]:
        try:
            statuses = status(project, lang)
        except KzError:
            continue
        _glossary(project, lang, statuses, diags)


def _glossary(project: Project, lang: str, statuses: list[Status], diags: Diagnostics) -> None:
    """A translation (current or unverified: a stale one is reported as such) whose source uses a
    glossary term and which does not use its translation: a warning at the translation."""
    terms = load_glossary(project.layout, lang, diags)
    if not terms:
        return
    src = project.settings.source_language
    for st in statuses:
        unit = st.unit
        if st.state not in (CURRENT, UNVERIFIED) or unit.target is None or \
                (unit.key is not None and project.strings.unit(lang, unit.key) is None):  # kzreport's own words
            continue
        for term in missing_terms(terms, unit.source, unit.target):
            where = term.path.relative_to(project.root) if term.path.is_relative_to(project.root) else term.path
            diags.warning(unit.path, unit.line,
                          f'{unit.label}: the {src} text uses "{term.source}" but the translation does not use '
                          f'"{term.targets[0]}" ({where.as_posix()}:{term.line}); use the glossary\'s term (its case '
                          f"endings may change) or add the form used to the glossary", code="glossary-term")
