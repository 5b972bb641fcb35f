"""The coordinator's commands (`stats`, `import`, `import-points`, `deadlines`, and `scores --format`),
kept out of kzreport/cli.py so that each file stays short; cli.py adds them to the command group.

Like every command, each finds the project (the `Context` cli.py passes), calls one function of this
package and prints the result; problems are `PATH:LINE: error: ...` lines and exit status 1, a wrong
command line is exit status 2.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from kzreport.cliutil import print_diagnostics
from kzreport.errors import Diagnostics, KzError, UsageProblem, display_path


def _language(project: Any, lang: str | None, hint: str = "--lang") -> str:
    lang = lang or project.settings.source_language
    if lang not in project.languages:
        raise click.BadParameter(f"{lang} is not one of the project's languages: {', '.join(project.languages)}",
                                 param_hint=hint)
    return lang


def _write(out: Path, data: bytes) -> None:
    from kzreport.files import atomic_write_bytes

    try:
        atomic_write_bytes(out, data)
    except OSError as exc:
        raise KzError(f"{display_path(out)}: error: cannot write {display_path(out)}: {exc.strerror or exc}") from None


def export_scores(project: Any, assessment: Any, lang: str, fmt: str, out: Path | None) -> None:
    """`kzreport scores ID --format csv|xlsx|json [-o FILE]`."""
    from kzreport.coordinator.scores_export import export

    if fmt == "table":
        raise UsageProblem("--format table prints to the terminal; for a file choose --format csv, xlsx or json")
    if fmt == "xlsx" and out is None:
        raise UsageProblem("an XLSX workbook needs a file: add -o FILE.xlsx")
    data = export(project, assessment, lang, fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    _write(out, data)
    click.echo(f"wrote {display_path(out)} ({len(assessment.scores)} scores)", err=True)


@click.command("stats")
@click.argument("reports", nargs=-1)
@click.option("-l", "--lang", "languages", multiple=True, help="Only this language (repeat for more).")
@click.option("--strict", is_flag=True, help="A document over its word limit is an error (exit status 1).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON, for other tools.")
@click.pass_obj
def stats(obj: Any, reports: tuple[str, ...], languages: tuple[str, ...], strict: bool, as_json: bool) -> None:
    """Words per section and per document (footnotes apart), pages, footnotes, sources cited and cases,
    against the word limits. Builds what is out of date first (as kzreport build does) and counts the
    DOCX and PDF that are sent."""
    from kzreport.coordinator.stats import collect, print_json, print_stats

    result = collect(obj.root(), reports, languages, strict)
    if as_json:
        print_json(result)
    else:
        print_stats(result)
    print_diagnostics(result.diagnostics, strict)
    if result.diagnostics.has_errors(strict):
        raise KzError("a document is over its word limit" if result.over else "there are problems (above)")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--report", "report_id", required=True, help="The id of the new report, e.g. alt-2016.")
@click.option("-l", "--lang", "lang", help="The language of FILE (default: the source language).")
@click.option("--translation", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The same report in another language (a Word file), aligned by its headings.")
@click.option("--translation-lang", "translation_lang", help="The language of --translation (default: the "
                                                             "project's other language).")
@click.pass_obj
def import_docx(obj: Any, file: Path, report_id: str, lang: str | None, translation: Path | None,
                translation_lang: str | None) -> None:
    """Turn a Word report FILE into blocks (one per section), a report definition and its title; never
    overwrites a file, and lists what it could not bring over."""
    from kzreport.coordinator.docx_import import ImportProblem, import_report
    from kzreport.load.settings import load_settings

    diags = Diagnostics()
    settings = load_settings(obj.root(), diags)
    if settings is None:
        print_diagnostics(diags)
        raise KzError("kzreport.yaml has problems; fix them first")
    lang = lang or settings.source_language
    if lang not in settings.languages:
        raise click.BadParameter(f"{lang} is not one of {', '.join(settings.languages)}", param_hint="--lang")
    other = translation_lang or next((x for x in settings.languages if x != lang), None)
    if translation is not None and (other is None or other == lang or other not in settings.languages):
        raise click.BadParameter(f"the translation needs another language of the project "
                                 f"({', '.join(settings.languages)})", param_hint="--translation-lang")
    try:
        result = import_report(settings, file, report_id, lang, translation, other)
    except ImportProblem as exc:
        raise KzError(str(exc)) from None
    for path in result.written:
        click.echo(f"created {display_path(path)}")
    for note in result.unmapped:
        click.echo(note, err=True)
    click.echo(f"imported {result.sections} section(s), {result.footnotes} footnote(s), {result.tables} table(s); "
               f"next: kzreport build {report_id}")


@click.command("import-points")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--document", "document", required=True, help="The document's id in kzreport.yaml, e.g. cat-co4.")
@click.option("-l", "--lang", "lang", help="The language of the texts (default: the source language).")
@click.pass_obj
def import_points(obj: Any, file: Path, document: str, lang: str | None) -> None:
    """Write the recommendations of a Universal Human Rights Index export (CSV) into
    content/<lang>/documents/<id>.yaml, numbered as in the text; points already there are kept."""
    from kzreport.coordinator.points_import import import_points as run
    from kzreport.errors import did_you_mean
    from kzreport.load.settings import load_settings

    diags = Diagnostics()
    settings = load_settings(obj.root(), diags)
    if settings is None:
        print_diagnostics(diags)
        raise KzError("kzreport.yaml has problems; fix them first")
    if document not in settings.documents:
        raise click.BadParameter(f'there is no document "{document}"{did_you_mean(document, settings.documents)} '
                                 f"under documents: in kzreport.yaml; add it there first (its symbol and date)",
                                 param_hint="--document")
    lang = lang or settings.source_language
    if lang not in settings.languages:
        raise click.BadParameter(f"{lang} is not one of {', '.join(settings.languages)}", param_hint="--lang")
    result = run(settings, file, document, lang)
    for line in result.messages:
        click.echo(line, err=True)
    if result.written:
        click.echo(f"wrote {len(result.added)} new point(s) to {display_path(result.path)}"
                   + (f" ({len(result.same)} already there)" if result.same else ""))
    else:
        click.echo(f"{display_path(result.path)}: nothing new to add"
                   + (f" ({len(result.same)} point(s) already there)" if result.same else ""))
    if result.conflicts or result.problems:
        raise KzError(f"{len(result.conflicts)} point(s) differ from what the file already says and "
                      f"{len(result.problems)} row(s) could not be read: see above" if result.conflicts
                      else f"{len(result.problems)} row(s) could not be read: see above")


@click.command("deadlines")
@click.option("--date", "today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Count from this day (YYYY-MM-DD) instead of today.")
@click.option("--all", "show_all", is_flag=True, help="Also the dates that have passed.")
@click.option("--ics", "ics", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every date as a calendar file (.ics) to import into a calendar.")
@click.pass_obj
def deadlines(obj: Any, today: dt.datetime | None, show_all: bool, ics: Path | None) -> None:
    """What the reporting cycles in kzreport.yaml (cycles:) ask for, and when, from today on."""
    from kzreport.coordinator.deadlines import calendar, upcoming
    from kzreport.load.settings import load_settings

    diags = Diagnostics()
    settings = load_settings(obj.root(), diags)
    if settings is None or diags.has_errors():
        print_diagnostics(diags)
        raise KzError("kzreport.yaml has problems; fix them first")
    day = today.date() if today else dt.date.today()
    if not settings.cycles:
        click.echo(f"{display_path(settings.path)}: no reporting cycles yet; add them under cycles: (see "
                   f"kzreport deadlines --help and the README)", err=True)
    for line in upcoming(settings, day, show_all):
        click.echo(line)
    if ics is not None:
        _write(ics, calendar(settings))
        click.echo(f"wrote {display_path(ics)}", err=True)


COMMANDS = (stats, import_docx, import_points, deadlines)
