"""Which documents a problem stops: build what can be built.

A broken block fails only the reports that use it, in the languages it concerns (a problem of a translation
concerns only its language; one of the source-language file, every language); a broken report definition
fails that report, a broken assessment the reports that score it. With `-l LANG`, problems that concern
only other languages are reported as warnings ("other-language").

Victims' safety comes first: whatever could make the protected names incomplete or wrong stops every
document, as does any problem kzreport cannot place:
- every error of the safety checks (a protected name elsewhere, a pseudonym that names the person, ...);
- any error in the source file of a case, or of a block whose file could not be read and that may be a case
  (its protect: list is unknown, so no other document can be checked against it);
- settings, templates, strings and sources, and anything else.
`--strict` builds nothing while any problem remains (the caller does not ask for a scope then).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from kzreport.errors import ERROR, WARNING, Diagnostic, Diagnostics
from kzreport.load.textfile import refuse_reason
from kzreport.model import Project, Report

ALL = "*"  # every language
_TYPE = re.compile(r"(?m)^[ \t]*type[ \t]*:[ \t]*[\"']?([\w-]+)")
_THEME = re.compile(r"(?m)^[ \t]*theme[ \t]*:[ \t]*[\"']?([\w-]+)")
_CASE_KEYS = re.compile(r"(?m)^[ \t]*(?:disclosure|protect|pseudonym|public-names)[ \t]*:")


class Scope:
    """The errors of a checked project, placed: `everything` stops every document; the others stop the
    documents that use what they are about."""

    def __init__(self, project: Project, diags: Diagnostics, languages: Iterable[str] = ()) -> None:
        self.project = project
        self.src = project.settings.source_language
        self.languages = set(languages)
        self.everything: list[Diagnostic] = []
        self.blocks: dict[str, set[str]] = {}  # block id -> languages whose documents it stops
        self.unread: dict[str, str | None] = {}  # block id not loaded -> its theme, if its file says
        self.reports: dict[str, set[str]] = {}  # report id -> languages it fails in
        self.failed: set[tuple[str, str]] = set()  # (report, language): not built
        demote: set[Diagnostic] = set()
        for d in diags.errors:
            langs = self._place(d, d in diags.everywhere)
            if langs is not None and self.languages and ALL not in langs and not langs & self.languages:
                demote.add(d)  # only about languages this build does not build
        self.diags = _demoted(diags, demote)
        self.everything = [d for d in self.everything if d not in demote]

    # -- placing an error --------------------------------------------------------------------------

    def _place(self, d: Diagnostic, safety: bool) -> set[str] | None:
        """Record what `d` stops; the languages it concerns (None: everything)."""
        rel = self._relative(d.path)
        if safety or rel is None:
            self.everything.append(d)
            return None
        parts = rel.parts
        if len(parts) == 3 and parts[:2] == ("content", "reports") and rel.suffix == ".yaml":
            self.reports.setdefault(rel.stem, set()).add(ALL)
            return {ALL}
        if len(parts) == 3 and parts[:2] == ("content", "assessments") and rel.suffix == ".yaml":
            for report in self.project.reports.values():
                if rel.stem in _assessments(report):
                    self.reports.setdefault(report.id, set()).add(ALL)
            return {ALL}
        if len(parts) >= 3 and parts[0] == "content" and parts[1] in self.project.languages:
            lang = parts[1]
            langs = {ALL} if lang == self.src else {lang}
            if rel.suffix == ".md":
                bid = Path(*parts[2:]).with_suffix("").as_posix()
                if self._may_be_case(bid, self.project.layout.block(self.src, bid)):
                    self.everything.append(d)  # a case's file, in any language
                    return None
                self.blocks.setdefault(bid, set()).update(langs)
                return langs
            if ALL in langs:
                self.everything.append(d)  # the source language's strings and sources: every document
                return None
            self.reports.update({rid: self.reports.get(rid, set()) | langs for rid in self.project.reports})
            return langs
        self.everything.append(d)
        return None

    def _relative(self, shown: str) -> Path | None:
        path = Path(shown) if os.path.isabs(shown) else Path(os.getcwd()) / shown
        try:
            return Path(os.path.normpath(path)).relative_to(self.project.root)
        except ValueError:
            return None

    def _may_be_case(self, bid: str, path: Path) -> bool:
        block = self.project.blocks.get(bid)
        if block is not None:
            return block.type == "case"
        if not path.exists() and not path.is_symlink():
            return False  # a translation without a source: no report can show it
        if refuse_reason(path, self.project.root):
            return True  # a named pipe, a device, a link out of the project: never opened
        try:  # not loaded: its file is broken, so read what it seems to say
            with path.open("rb") as f:
                text = f.read(20000).decode("utf-8", errors="replace")
        except OSError:
            return True
        kind = _TYPE.search(text)
        if kind is None or kind.group(1) not in ("finding", "recommendation", "text") or _CASE_KEYS.search(text):
            return True
        theme = _THEME.search(text)
        self.unread[bid] = theme.group(1) if theme else None
        return False

    # -- the documents --------------------------------------------------------------------------------

    def stops(self, report_id: str, lang: str) -> bool:
        """Whether a document fails before it is rendered: its definition, or a block it names, is broken."""
        if self.everything or _hit(self.reports.get(report_id), lang):
            return True
        report = self.project.reports.get(report_id)
        if report is None:
            return True
        named = _named_blocks(report)
        for bid, langs in self.blocks.items():
            if not _hit(langs, lang):
                continue
            if bid in named:
                return True
            if bid in self.unread and _takes_any(report, self.unread[bid]):
                return True
        return False

    def refuses(self, report: Report, lang: str, used: list[str]) -> bool:
        """After rendering: whether the document failed (recorded in `failed`)."""
        if self.stops(report.id, lang) or any(_hit(self.blocks.get(bid), lang) for bid in used):
            self.failed.add((report.id, lang))
            return True
        return False

    def unread_reports(self) -> list[str]:
        """Reports whose definition could not be read (their earlier outputs are kept)."""
        return sorted(rid for rid in self.reports if rid not in self.project.reports)

    def not_built(self, langs: Iterable[str]) -> list[tuple[str, str]]:
        """(report, language) of every document left out, also of the reports whose definition could not be read."""
        return sorted(self.failed | {(rid, lang) for rid in self.unread_reports() for lang in langs})


def partial_scope(project: Project | None, diags: Diagnostics, strict: bool, languages: Iterable[str] = ()
                  ) -> Scope | None:
    """The scope of the errors when they stop only some documents; None when they stop all, or there are none
    (and always under --strict, which builds nothing while any error remains)."""
    if project is None or strict or not diags.errors:
        return None
    scope = Scope(project, diags, languages)
    return None if scope.everything else scope


def _hit(langs: set[str] | None, lang: str) -> bool:
    return bool(langs) and (ALL in langs or lang in langs)  # type: ignore[operator]


def _assessments(report: Report) -> set[str]:
    return set(report.option("scores", []) or []) | ({report.option("assessment")} if report.option("assessment")
                                                     else set())


def _named_blocks(report: Report) -> set[str]:
    named = {b for key in ("cover", "annexes", "blocks") for b in (report.option(key, []) or [])}
    named |= {report.option(key) for key in ("about", "disclaimer") if report.option(key)}
    return named | {b for s in report.sections for b in s.blocks}


def _takes_any(report: Report, theme: str | None) -> bool:
    """Whether the report takes blocks it does not name (every block of a theme, of a UN document), so that
    a block whose file could not be read (of `theme`, if its file says) may be among them."""
    implicit = [s for s in report.sections if not s.blocks]
    if not report.sections and not report.option("blocks"):
        return True
    return any(theme is None or s.theme in (None, theme) for s in implicit)


def _demoted(diags: Diagnostics, demote: set[Diagnostic]) -> Diagnostics:
    if not demote:
        return diags
    out = Diagnostics()
    out.silenced = diags.silenced
    out.everywhere = diags.everywhere
    out.redact = diags.redact
    for d in diags:
        if d in demote:
            out.add(d.path, d.line, WARNING, d.message, "other-language")
        else:
            out.extend([d])
    assert all(d.level in (ERROR, WARNING) for d in out)
    return out
