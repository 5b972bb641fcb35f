"""Translations checked in a build: a stale translation is a warning (an error with --strict); a
missing one falls back to the source text, marked, and is reported by `kzreport i18n status`."""

from __future__ import annotations

from kzreport.errors import Diagnostics, KzError
from kzreport.i18n.status import STALE, STATE_FILE, status
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
