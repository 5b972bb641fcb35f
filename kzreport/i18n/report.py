"""What `kzreport i18n status` prints for one language: a line per unit to work on (a line per changed
paragraph of a block's text), with the file and line to edit, and the words to translate — new, stale
and current — as a translator quotes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kzreport.i18n import paragraphs
from kzreport.i18n.status import CURRENT, MISSING, STALE, UNVERIFIED, Status, status, word_diff
from kzreport.model import Project

DIFF_LIMIT = 6  # changes shown per paragraph unless the full diff is asked for


@dataclass
class LanguageReport:
    lang: str
    lines: list[str] = field(default_factory=list)
    units: dict[str, int] = field(default_factory=lambda: dict.fromkeys((MISSING, STALE, UNVERIFIED, CURRENT), 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys((MISSING, STALE, UNVERIFIED, CURRENT), 0))

    @property
    def open(self) -> int:
        return self.units[MISSING] + self.units[STALE] + self.units[UNVERIFIED]

    def summary(self) -> str:
        u, w = self.units, self.words
        return (f"{self.lang}: {u[MISSING]} missing, {u[STALE]} stale, {u[UNVERIFIED]} unverified, {u[CURRENT]} current; "
                f"words: {w[MISSING]:,} new, {w[STALE]:,} stale, {w[UNVERIFIED]:,} to check, {w[CURRENT]:,} current")


def language_report(project: Project, lang: str, full_diff: bool = False, cwd: Path | None = None) -> LanguageReport:
    out = LanguageReport(lang)
    source = project.settings.source_language
    for st in status(project, lang):
        out.units[st.state] += 1
        unit = st.unit
        if st.state == CURRENT:
            out.words[CURRENT] += paragraphs.words(unit.source)
            continue
        if st.state == STALE and unit.is_body and st.recorded is not None:
            _stale_body(project, lang, st, out, full_diff, cwd)
            continue
        out.words[st.state] += paragraphs.words(unit.source)
        what = {MISSING: "not translated yet",
                STALE: f"the {source} text changed since it was translated",
                UNVERIFIED: "no record of what it was translated from: check it, then run "
                            f"kzreport i18n done -l {lang} {unit.block or '.'.join(unit.key or ())}"}[st.state]
        out.lines.append(f"{_where(unit.path, unit.line, cwd)}: {st.state}: {unit.label}: {what}")
        if st.state == STALE and st.recorded is not None:
            out.lines += [f"    {d}" for d in word_diff(st.recorded, unit.source, limit=0 if full_diff else DIFF_LIMIT)]
    from kzreport.safety.disclosure import protected_names, redactor

    redact = redactor(protected_names(project))  # (a case's changed words may hold a protected name)
    if redact is not None:
        out.lines = [redact(line) for line in out.lines]
    return out


def _stale_body(project: Project, lang: str, st: Status, out: LanguageReport, full_diff: bool, cwd: Path | None
                ) -> None:
    """One line per paragraph of the source that changed, at the matching paragraph of the translation."""
    unit, source = st.unit, project.settings.source_language
    assert st.recorded is not None and unit.block is not None
    changes = paragraphs.changes(st.recorded, unit.source)
    target = project.blocks[unit.block].text(lang)
    translated = paragraphs.split(target.body) if target else []
    changed_words = 0
    for change in changes:
        if translated:
            at = translated[min(change.index, len(translated) - 1)]
            line: int | None = target.body_line + at.line if target else None
        else:
            line = unit.line
        n = change.index + 1
        what = {"changed": f"paragraph {n}: the {source} text changed since it was translated",
                "added": f"a new {source} paragraph, to translate before paragraph {n}",
                "removed": f"paragraph {n}: its {source} text was deleted; delete the translation too"}[change.kind]
        out.lines.append(f"{_where(unit.path, line, cwd)}: stale: {unit.label}: {what}")
        old = change.old.text if change.old else ""
        new = change.new.text if change.new else ""
        out.lines += [f"    {d}" for d in word_diff(old, new, limit=0 if full_diff else DIFF_LIMIT)]
        changed_words += paragraphs.words(new)
    out.words[STALE] += changed_words
    out.words[CURRENT] += max(0, paragraphs.words(unit.source) - changed_words)


def _where(path: Path, line: int | None, cwd: Path | None) -> str:
    cwd = cwd or Path.cwd()
    rel = path.relative_to(cwd) if path.is_relative_to(cwd) else path
    return f"{rel}:{line}" if line else str(rel)
