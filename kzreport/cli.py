"""The command line. Each command finds the project, calls one core function, and prints the result.

Exit status: 0 success; 1 a problem in the content or the build; 2 a usage error (Click's own).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kzreport import __version__
from kzreport.clickgroup import KzGroup, complete
from kzreport.cliutil import language_and_output, print_diagnostics, valid_project
from kzreport.coordinator.cli import COMMANDS as COORDINATOR_COMMANDS
from kzreport.errors import Diagnostics, KzError
from kzreport.i18n_commands import COMMANDS as I18N_COMMANDS

log = logging.getLogger("kzreport")


class Context:
    def __init__(self, project_dir: Path | None) -> None:
        self.project_dir = project_dir

    def root(self) -> Path:
        from kzreport.layout import CONFIG, find_root

        start = (self.project_dir or Path.cwd()).resolve()
        root = find_root(start)
        if root is None:
            raise KzError(f"no {CONFIG} in {start} or any folder above it: run kzreport in a project folder, "
                          f"or make one with `kzreport init DIR`")
        return root


@click.group(cls=KzGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kzreport")
@click.option("-C", "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The project folder (default: the nearest folder with kzreport.yaml).")
@click.option("-v", "--verbose", is_flag=True, help="Show what kzreport does, including the exact tool commands.")
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None, verbose: bool) -> None:
    """Build reports to UN bodies, in every language, from content blocks."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(message)s")
    ctx.obj = Context(project_dir)


@main.command()
@click.argument("reports", nargs=-1, shell_complete=complete("reports"))
@click.option("-l", "--lang", "languages", multiple=True, shell_complete=complete("languages"),
              help="Only this language (repeat for more); problems of other languages are then warnings.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(["docx", "pdf", "html"]),
              help="Only this format (repeat for more; default: docx and pdf).")
@click.option("--strict", is_flag=True, help="Treat every warning as an error (release builds).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write outputs here instead of build/.")
@click.option("--internal", is_flag=True, help="Include confidential cases; outputs go to build/internal/ and "
                                               "every page is marked confidential.")
@click.option("--bilingual", is_flag=True, help="Instead, write review copies (DOCX) with the source text and "
                                                "each translation side by side, to build/bilingual/.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the problems: no progress, outputs or summary.")
@click.pass_obj
def build(obj: Context, reports: tuple[str, ...], languages: tuple[str, ...], formats: tuple[str, ...],
          strict: bool, out_dir: Path | None, internal: bool, bilingual: bool, quiet: bool) -> None:
    """Build REPORTS (default: all) as build/<lang>/<report>.<ext>."""
    import time

    from kzreport.build import BuildOptions, ContentProblems
    from kzreport.build import build as run_build
    from kzreport.epoch import source_date_epoch
    from kzreport.errors import BuildError, UsageProblem
    from kzreport.progress import summary

    try:
        source_date_epoch()  # before anything else: it dates every output
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None

    if out_dir is not None:
        _refuse_a_protected_name(obj.root(), str(out_dir), "the output folder")
    options = BuildOptions(reports=reports, languages=languages, formats=formats, strict=strict,
                           out_dir=out_dir.resolve() if out_dir else None, internal=internal, bilingual=bilingual,
                           quiet=quiet)
    started = time.monotonic()
    try:
        result = run_build(obj.root(), options)
    except ContentProblems as exc:
        print_diagnostics(exc.diags, exc.strict)
        raise
    except BuildError as exc:
        diags = getattr(exc, "diags", None)
        if diags is not None:
            print_diagnostics(diags, strict)
        raise
    if result.nothing_changed:
        if not quiet:
            click.echo("nothing changed since the last build: every output is up to date")
        return
    print_diagnostics(result.diagnostics, strict)
    for out in [] if quiet else result.outputs:
        click.echo(f"wrote {out.path.relative_to(Path.cwd()) if out.path.is_relative_to(Path.cwd()) else out.path}")
    if not quiet:
        click.echo(summary(len(result.outputs), time.monotonic() - started, len(result.diagnostics.warnings),
                           len(result.up_to_date), len(result.failed)))
    if result.failed:
        langs: dict[str, list[str]] = {}
        for rid, lang in result.failed:
            langs.setdefault(rid, []).append(lang)
        raise KzError("not built, because of the errors above: " + ", ".join(f"{r} ({', '.join(ls)})" for r, ls in
                                                                            langs.items())
                       + ("; the other documents were built" if result.outputs or result.up_to_date else ""))
    if result.diagnostics.has_errors():  # errors about nothing that was built now: still to fix
        raise KzError("the errors above are in no document built now, but they are errors: fix them")


@main.command()
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.pass_obj
def check(obj: Context, strict: bool) -> None:
    """Check the whole project and print every problem, one a line."""
    from kzreport.build import load_and_validate

    project, diags = load_and_validate(obj.root())
    if project is not None:
        from kzreport.checks import persons

        persons.check(project, diags)  # a recogniser of person names: only here, it takes a second to load
        from kzreport.coordinator.stats import check_word_limits

        check_word_limits(obj.root(), project, diags)  # the reports with a word limit, counted
    print_diagnostics(diags, strict, err=False)
    if diags.has_errors(strict):
        n = len(diags.sorted(strict)) if strict else len(diags.errors)
        raise KzError(f"{n} error{'s' if n != 1 else ''}")
    if not len(diags):
        click.echo("no problems found", err=True)


@main.command()
@click.argument("reports", nargs=-1, shell_complete=complete("reports"))
@click.option("-l", "--lang", "languages", multiple=True, shell_complete=complete("languages"),
              help="Only this language (repeat for more).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port on 127.0.0.1 (0: any free port).")
@click.pass_obj
def serve(obj: Context, reports: tuple[str, ...], languages: tuple[str, ...], port: int) -> None:
    """Preview REPORTS (default: all) in a browser; every saved change rebuilds and reloads the page."""
    from kzreport.publish.preview import serve as run_preview

    run_preview(obj.root(), reports, languages, port)


@main.group()
def i18n() -> None:
    """Translations: what is missing or stale, marking them done, XLIFF for translation tools."""


def _target_languages(project, languages: tuple[str, ...]) -> list[str]:
    targets = list(project.languages[1:])
    for lang in languages:
        if lang not in targets:
            raise click.BadParameter(f"{lang} is not a translation language of this project "
                                     f"({', '.join(targets) or 'none'})", param_hint="-l")
    return list(languages) or targets


@i18n.command("status")
@click.option("-l", "--lang", "languages", multiple=True, help="Only this language (repeat for more).")
@click.option("--diff", "full_diff", is_flag=True, help="Show every change of a stale text, not only the first few.")
@click.pass_obj
def i18n_status(obj: Context, languages: tuple[str, ...], full_diff: bool) -> None:
    """List missing and stale translations (a line per changed paragraph) with the file and line to edit, and
    the words to translate; exit 1 unless all are current."""
    from kzreport.i18n.report import language_report

    project = valid_project(obj)
    reports = [language_report(project, lang, full_diff) for lang in _target_languages(project, languages)]
    for report in reports:
        for line in report.lines:
            click.echo(line)
    for report in reports:
        click.echo(report.summary())
    if any(report.open for report in reports):
        sys.exit(1)


@i18n.command("done")
@click.argument("targets", nargs=-1)
@click.option("-l", "--lang", "languages", multiple=True, help="Only this language (default: every translation).")
@click.option("--all", "all_units", is_flag=True, help="Every translated unit of the language(s).")
@click.pass_obj
def i18n_done(obj: Context, targets: tuple[str, ...], languages: tuple[str, ...], all_units: bool) -> None:
    """Mark translations current after editing them: TARGETS are block ids, string keys or files."""
    from kzreport.i18n import status as tr

    if not targets and not all_units:
        raise click.UsageError("name what you translated (a block id such as safeguards/habeas-corpus, a string key "
                               "such as themes.safeguards, or a file), or use --all")
    project = valid_project(obj)
    for lang in _target_languages(project, languages):
        chosen = tr.units(project, lang) if all_units else tr.resolve_targets(project, lang, targets)
        missing = tr.mark_done(project, lang, chosen)
        done = len([u for u in chosen if u.target is not None])
        click.echo(f"{lang}: {done} unit{'s' if done != 1 else ''} marked current")
        if missing and not all_units:
            for u in missing:
                click.echo(f"{u.path}: {u.label} has no translation yet; nothing recorded for it", err=True)
            raise KzError("some of these are not translated yet")


@i18n.command("export")
@language_and_output("XLIFF", "ru.xlf")
@click.option("--all", "all_units", is_flag=True, help="Every unit, not only the missing and stale ones.")
@click.option("--anonymised", is_flag=True, help="For translators outside the organisation: pseudonyms instead of "
                                                 "protected names, and no confidential case.")
@click.pass_obj
def i18n_export(obj: Context, lang: str, out: Path, all_units: bool, anonymised: bool) -> None:
    """Write the missing and stale units of a language to an XLIFF 1.2 file for translation tools."""
    from kzreport.i18n import xliff

    project = valid_project(obj)
    _target_languages(project, (lang,))
    result = xliff.export(project, lang, out, all_units=all_units, anonymised=anonymised)
    if result.naming:
        click.echo(f"{out}: warning: this file carries the real names protected by the case(s) "
                   f"{', '.join(result.naming)}; send it only to translators bound to confidentiality, or export "
                   f"with --anonymised for anyone else", err=True)
    click.echo(f"wrote {result.units} unit{'s' if result.units != 1 else ''} to {out}")


@i18n.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def i18n_import(obj: Context, file: Path) -> None:
    """Write the translations of an XLIFF FILE into the language tree and mark them current.

    Only targets marked translated, final or signed-off (or changed, when the tool writes no state) are
    imported; every problem is listed, and nothing is written unless the whole file is good."""
    from kzreport.i18n import xliff_import

    project = valid_project(obj)
    reading = xliff_import.read_xliff(project, file)
    for problem in reading.errors + reading.warnings:
        click.echo(problem.format(file), err=True)
    if reading.errors or reading.lang is None:
        n = len(reading.errors)
        raise KzError(f"{file}: nothing was imported: {n} problem{'s' if n != 1 else ''} (above); fix "
                      f"{'them' if n != 1 else 'it'} in the translation tool or the file, then import it again")
    lang, items, skipped = reading.lang, reading.items, reading.skipped
    try:
        written = xliff_import.apply_import(project, lang, items)
    except OSError as exc:
        raise KzError(f"{file}: nothing was imported: writing {exc.filename or 'a file'} failed ({exc.strerror or exc}); "
                      f"every file is as it was") from None
    for unit in skipped:
        where = unit.path.relative_to(project.root) if unit.path.is_relative_to(project.root) else unit.path
        click.echo(f"{where}:{unit.line or 1}: warning: {unit.label} was not imported: it names a protected person, "
                   f"and the translator saw the pseudonym instead; translate it here by hand, then run "
                   f"kzreport i18n done -l {lang} {unit.block or '.'.join(unit.key or ())}", err=True)
    for path in written:
        click.echo(f"updated {path.relative_to(project.root)}")
    click.echo(f"{lang}: imported {len(items)} unit{'s' if len(items) != 1 else ''}")



@i18n.command("import-review")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def i18n_import_review(obj: Context, file: Path) -> None:
    """Write a reviewer's changes to the translation column of a bilingual review copy (kzreport build
    --bilingual) back into the language tree; nothing is written unless every row is good."""
    from kzreport.i18n.review_import import import_review

    project = valid_project(obj)
    lines = import_review(project, file)
    for line in lines:
        click.echo(line, err=": warning:" in line)
    click.echo(f"{sum(': warning:' not in ln for ln in lines)} file(s) updated from the review; check them, then "
               f"run kzreport i18n done for the translations that are now current")


@main.command()
@click.argument("assessment")
@click.option("-l", "--lang", "lang", help="The language of the texts (default: the source language).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json"]), default="table",
              help="table (the terminal), or data: csv, xlsx (coloured cells), json.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (needed for xlsx; csv and json go to the terminal without it).")
@click.pass_obj
def scores(obj: Context, assessment: str, lang: str | None, fmt: str, out: Path | None) -> None:
    """Print an ASSESSMENT (a file in content/assessments/) as a table, with the count per level, or
    export it as data (--format csv|xlsx|json; names protected as in a published document)."""
    from kzreport.build import load_and_validate
    from kzreport.errors import did_you_mean
    from kzreport.render.scores import print_table

    project, diags = load_and_validate(obj.root())
    if project is None or diags.has_errors():
        print_diagnostics(diags)
        raise KzError("fix the problems above first")
    if assessment not in project.assessments:
        raise click.BadParameter(f'there is no assessment "{assessment}"{did_you_mean(assessment, project.assessments)}'
                                 f"; the assessments are the files in content/assessments/: "
                                 f"{', '.join(sorted(project.assessments)) or 'none'}", param_hint="ASSESSMENT")
    lang = lang or project.settings.source_language
    if lang not in project.languages:
        raise click.BadParameter(f"{lang} is not one of {', '.join(project.languages)}", param_hint="--lang")
    if fmt != "table" or out is not None:
        from kzreport.coordinator.cli import export_scores

        export_scores(project, project.assessments[assessment], lang, fmt, out)
        return
    print_table(project, project.assessments[assessment], lang)


@main.command()
@click.pass_obj
def cases(obj: Context) -> None:
    """List every case with its disclosure, pseudonyms and every form of each protected name."""
    from kzreport.build import load_and_validate
    from kzreport.safety import report_cases

    project, diags = load_and_validate(obj.root())
    if project is None:
        print_diagnostics(diags)
        raise KzError("kzreport.yaml has problems; fix them first")
    print_diagnostics(diags)  # the list is most needed when something is wrong: print it anyway
    for line in report_cases(project):
        click.echo(line)


def _refuse_a_protected_name(root: Path, block_id: str, what: str = "the id") -> None:
    """An id becomes a file's name (and an output folder's name is part of every output's path), which goes into
    outputs and messages: not one that names a protected person."""
    from kzreport.load.project import load_project
    from kzreport.safety.disclosure import id_names, protected_names, redactor
    from kzreport.safety.names import Matcher

    project = load_project(root, Diagnostics())
    names = protected_names(project) if project is not None else []
    redact = redactor(names)
    if redact is not None and id_names(Matcher(names), block_id):
        raise KzError(f'{what} "{redact(block_id)}" names a person a case protects: choose another name (it '
                      f"becomes part of the files' names, which the outputs and messages show)")


@main.command()
@click.argument("block_type", metavar="TYPE", type=click.Choice(["finding", "case", "recommendation", "text"]))
@click.argument("block_id", metavar="ID")
@click.pass_obj
def new(obj: Context, block_type: str, block_id: str) -> None:
    """Create a block ID (e.g. safeguards/new-topic) of TYPE, with a translation stub in every language."""
    from kzreport.load.settings import load_settings
    from kzreport.scaffold import new_block

    diags = Diagnostics()
    settings = load_settings(obj.root(), diags)
    if settings is None:
        print_diagnostics(diags)
        raise KzError("kzreport.yaml has problems; fix them first")
    _refuse_a_protected_name(obj.root(), block_id)
    for path in new_block(settings, block_type, block_id):
        click.echo(f"created {path.relative_to(settings.root)}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--languages", help="The languages, the source language first, e.g. en,ru,kk (default: en,ru).")
@click.option("--organisation", help="The organisation's name, as the documents print it.")
def init(directory: Path, languages: str | None, organisation: str | None) -> None:
    """Create a new project in DIRECTORY, with an example of every kind of report."""
    from kzreport.scaffold import init_project

    target = init_project(directory, languages=languages, organisation=organisation)
    click.echo(f"created a kzreport project in {target}")
    click.echo(f"next: cd {target} && kzreport build")


for _command in I18N_COMMANDS:  # i18n tmx, glossary, add (i18n_commands.py)
    i18n.add_command(_command)
for _command in COORDINATOR_COMMANDS:  # stats, import, import-points, deadlines (coordinator/cli.py)
    main.add_command(_command)


def run() -> None:  # pragma: no cover - entry point
    main(prog_name="kzreport")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
