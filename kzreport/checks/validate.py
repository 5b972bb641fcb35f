"""Checks between files: everything a block, report or assessment refers to must exist.

`validate(project, diags)` adds every problem it finds; nothing stops at the first one. Checks of a
file's own shape (YAML, keys, types) happen while loading (`content`); here we check that the
pieces fit together, in every language.
"""

from __future__ import annotations

from pathlib import Path

from kzreport import safety
from kzreport.checks import citations, drafting, placeholders, scoring, translations
from kzreport.checks.points import check_point
from kzreport.errors import Diagnostics, did_you_mean, display_path
from kzreport.layout import BUILTIN_TEMPLATES
from kzreport.load import assets
from kzreport.load.strings import OBSOLETE, Key, builtin_strings, key_str
from kzreport.model import Project, Report


def validate(project: Project, diags: Diagnostics) -> None:
    _check_templates(project, diags)
    _check_blocks(project, diags)
    _check_reports(project, diags)
    _check_strings(project, diags)
    placeholders.check(project, diags)
    _check_citations(project, diags)
    scoring.check(project, diags)
    before = len(diags)
    safety.check(project, diags)
    diags.everywhere.update(d for d in list(diags)[before:] if d.level == "error")  # never "elsewhere"
    assets.check(project, diags)
    translations.check(project, diags)
    drafting.check(project, diags)


def _check_templates(project: Project, diags: Diagnostics) -> None:
    """The project's own templates: Jinja syntax, and a reference document that Word can open."""
    import zipfile

    import jinja2

    folder = project.layout.templates
    if not folder.is_dir():
        return
    from kzreport.load.textfile import refuse_reason

    env = jinja2.Environment()
    for path in sorted(folder.glob("*.j2")):
        reason = refuse_reason(path, project.root)
        if reason:  # a named pipe, a device, a link out of the project, an unreadable file: never opened
            diags.error(path, None, reason)
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            diags.error(path, exc.lineno, f"template error: {exc.message}")
        except (UnicodeDecodeError, OSError) as exc:
            diags.error(path, None, f"cannot read the template: {exc}")
    ref = folder / "reference.docx"
    if ref.exists() and not refuse_reason(ref, project.root):
        try:
            with zipfile.ZipFile(ref) as z:
                z.getinfo("word/styles.xml")
                z.getinfo("word/document.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            diags.error(ref, None, "this is not a Word document (.docx); save the reference document from Word "
                                   "as \"Word Document (*.docx)\", or delete it to use the built-in styles")


def _check_blocks(project: Project, diags: Diagnostics) -> None:
    themes = project.settings.themes
    for block in project.blocks.values():
        path, lines = block.path, block.meta_lines
        if block.type in ("finding", "case", "recommendation") and not block.theme:
            diags.error(path, lines.get(""), f'a {block.type} needs a theme: add "theme:" with one of the themes '
                                             f"listed in kzreport.yaml")
        if block.theme and block.theme not in themes:
            diags.error(path, lines.get("theme"), f'unknown theme "{block.theme}"{did_you_mean(block.theme, themes)}; '
                                                  f"the themes are listed under themes: in kzreport.yaml")
        for ref in block.points:
            check_point(project, ref, path, lines.get("points"), diags)
        for lang in project.languages[1:]:
            expected = project.layout.block(lang, block.id)
            if block.text(lang) is None and not reported_broken(diags, expected):
                diags.warning(expected, None, f"missing translation of {_rel(project, path)}: drafts use the "
                                              f"source text, marked as not yet translated (kzreport new or "
                                              f"i18n export make a starting point)", code="missing-translation")


def reported_broken(diags: Diagnostics, path: Path) -> bool:
    """A file already reported as broken: what it would have defined is not reported missing as well."""
    where = display_path(path)
    return any(d.path == where for d in diags.errors)


def _rel(project: Project, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def template_exists(project: Project, name: str) -> bool:
    return project.layout.template(name).is_file()


def _check_reports(project: Project, diags: Diagnostics) -> None:
    for report in project.reports.values():
        _check_report(project, report, diags)


def _check_report(project: Project, report: Report, diags: Diagnostics) -> None:
    path, lines = report.path, report.options.get("lines", {})
    blocks, themes = project.blocks, project.settings.themes
    if report.type and not template_exists(project, f"{report.type}.md.j2"):
        diags.error(path, lines.get("type"), f'unknown report type "{report.type}"'
                                             f"{did_you_mean(report.type, _report_types(project))}; there is no "
                                             f"template {report.type}.md.j2 in templates/ or built into kzreport")
    if report.type == "followup-note" and not report.option("assessment"):
        diags.error(path, lines.get("type"), 'a follow-up note needs "assessment:", the id of the assessment whose '
                                             "points it comments on (a file in content/assessments/)")
    seen: dict[str, int | None] = {}

    def need_block(bid: str, line: int | None, types: tuple[str, ...] = ()) -> None:
        if bid not in blocks:
            if reported_broken(diags, project.layout.block(project.settings.source_language, bid)):
                return  # its own file says what is wrong
            diags.error(path, line, f'the block "{bid}" does not exist{did_you_mean(bid, blocks)} '
                                    f"(expected content/{project.settings.source_language}/{bid}.md)")
            return
        if bid in seen:
            diags.error(path, line, f'the block "{bid}" is listed twice in this report (also line {seen[bid]})')
        seen[bid] = line
        if types and blocks[bid].type not in types:
            diags.error(path, line, f'"{bid}" is a {blocks[bid].type}; only {" or ".join(types)} blocks can be used here')

    item_lines = report.options.get("item_lines", {})

    def line_of(key: str, i: int) -> int | None:
        found = item_lines.get(key, ())
        return found[i] if i < len(found) else lines.get(key)

    for i, bid in enumerate(report.option("cover", []) or []):
        need_block(bid, line_of("cover", i), ("text",))
    for key in ("about", "disclaimer"):
        if report.option(key):
            need_block(report.option(key), lines.get(key), ("text",))
    for i, bid in enumerate(report.option("annexes", []) or []):
        need_block(bid, line_of("annexes", i))
    for i, bid in enumerate(report.option("blocks", []) or []):
        need_block(bid, line_of("blocks", i))
    for section in report.sections:
        if section.theme and section.theme not in themes:
            diags.error(path, section.line, f'unknown theme "{section.theme}"{did_you_mean(section.theme, themes)}')
        if not section.theme and not section.heading and not section.blocks:
            diags.error(path, section.line, 'a section needs a theme, a heading, or a list of blocks')
        for i, bid in enumerate(section.blocks):
            need_block(bid, section.block_lines[i] if i < len(section.block_lines) else section.line)
        for ref in section.follows:
            check_point(project, ref, path, section.line, diags)
    for aid in list(report.option("scores", []) or []) + ([report.option("assessment")]
                                                          if report.option("assessment") else []):
        if aid not in project.assessments and not reported_broken(diags, project.layout.assessments / f"{aid}.yaml"):
            diags.error(path, lines.get("scores") or lines.get("assessment"),
                        f'unknown assessment "{aid}"{did_you_mean(aid, project.assessments)}; assessments are '
                        f"the files in content/assessments/")


def _report_types(project: Project) -> list[str]:
    names = {p.name[: -len(".md.j2")] for folder in (project.layout.templates, BUILTIN_TEMPLATES)
             if folder.is_dir() for p in folder.glob("*.md.j2") if not p.name.startswith("_")}
    return sorted(names)


def required_strings(project: Project) -> list[tuple[Key, Path, int | None]]:
    """Strings the documents will print, with where the need comes from."""
    settings = project.settings
    out: list[tuple[Key, Path, int | None]] = [(("organisation", "name"), settings.path, None)]
    out += [(("themes", t), settings.path, None) for t in settings.themes]
    for report in project.reports.values():
        out.append((("reports", report.id, "title"), report.path, None))
    for doc in settings.documents:
        out.append((("documents", doc, "title"), settings.path, None))
    return out


def _check_strings(project: Project, diags: Diagnostics) -> None:
    strings = project.strings
    src = project.settings.source_language
    for key, origin, line in required_strings(project):
        if strings.get(src, key) is None:
            file = f"content/{src}/{key[0]}.yaml" if len(key) < 3 or key[0] != "documents" else \
                f"content/{src}/documents/{key[1]}.yaml"
            if reported_broken(diags, project.root / file) or reported_broken(diags, project.layout.strings(src)):
                continue
            diags.error(origin, line, f'the text "{key_str(key)}" is missing: add it to {file}')
    for lang in project.languages[1:]:
        if not builtin_strings(lang):
            # a language kzreport has no words for: the templates' words must come from its tree
            missing = [k for k in builtin_strings(src) if strings.get(lang, k) is None]
            if missing:
                shown = ", ".join(key_str(k) for k in missing[:6]) + (", ..." if len(missing) > 6 else "")
                diags.warning(project.layout.strings(lang), None,
                              f"{len(missing)} words that the templates print have no {lang} text ({shown}); the "
                              f"documents show them in {src} (kzreport i18n export -l {lang} lists them all)",
                              code="missing-translation")
        for key, unit in strings.units.get(lang, {}).items():
            if strings.unit(src, key) is None and strings.get(src, key) is None and key not in OBSOLETE:
                diags.error(unit.path, unit.line, f'"{key_str(key)}" has no source text in content/{src}/: a '
                                                  f"translation needs its source (remove it, or add the source)")
        for key, unit in strings.units.get(src, {}).items():
            if strings.get(lang, key) is None:
                rel = unit.path.relative_to(project.layout.lang(src))
                diags.warning(project.layout.lang(lang) / rel, None,
                              f'missing translation of "{key_str(key)}" ({_rel(project, unit.path)}:{unit.line})',
                              code="missing-translation")


def _check_citations(project: Project, diags: Diagnostics) -> None:
    bibs = project.sources
    langs = project.languages
    cited: set[str] = set()
    for block in project.blocks.values():
        for lang, text in block.texts.items():
            cited |= citations.check_citations(text.body, text.body_line, text.path, bibs.ids(lang), lang, diags)
    for lang in langs:
        for other in langs:
            if other == lang:
                continue
            for sid in sorted(bibs.ids(lang) - bibs.ids(other)):
                src = bibs[lang].sources[sid]
                diags.error(src.path, src.line, f'the source "{sid}" is in content/{lang}/sources.yaml but not in '
                                                f"content/{other}/sources.yaml; every language lists the same sources")
    # strings may cite too (e.g. a comment in an assessment)
    for lang in langs:
        for unit in project.strings.units.get(lang, {}).values():
            cited |= citations.check_citations(unit.text, unit.line, unit.path, bibs.ids(lang), lang, diags)
    src = project.settings.source_language
    for sid, source in (bibs[src].sources.items() if src in bibs else []):
        if sid not in cited:
            diags.warning(source.path, source.line, f'the source "{sid}" is never cited', code="uncited-source")
    safety.check_sources(project, cited, diags)  # (a source that names a protected person, if printed)

