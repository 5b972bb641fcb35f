"""The command line. Each command finds the project, calls one core function, and prints the result.

Exit status: 0 success; 1 a problem in the content or the build; 2 a usage error (Click's own).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import __version__
from .content import CONFIG, find_root
from .errors import Diagnostics, KzError

log = logging.getLogger("kzreport")


class Context:
    def __init__(self, project_dir: Path | None) -> None:
        self.project_dir = project_dir

    def root(self) -> Path:
        start = (self.project_dir or Path.cwd()).resolve()
        root = find_root(start)
        if root is None:
            raise KzError(f"no {CONFIG} in {start} or any folder above it: run kzreport in a project folder, "
                          f"or make one with `kzreport init DIR`")
        return root


def print_diagnostics(diags: Diagnostics, strict: bool = False, err: bool = True) -> None:
    for d in diags.sorted(strict):
        click.echo(d.format(), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.argument("reports", nargs=-1)
@click.option("-l", "--lang", "languages", multiple=True, help="Only this language (repeat for more).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(["docx", "pdf", "html"]),
              help="Only this format (repeat for more; default: docx and pdf).")
@click.option("--strict", is_flag=True, help="Treat every warning as an error (release builds).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write outputs here instead of build/.")
@click.option("--internal", is_flag=True, help="Include confidential cases; outputs go to build/internal/ and "
                                               "every page is marked confidential.")
@click.pass_obj
def build(obj: Context, reports: tuple[str, ...], languages: tuple[str, ...], formats: tuple[str, ...],
          strict: bool, out_dir: Path | None, internal: bool) -> None:
    """Build REPORTS (default: all) as build/<lang>/<report>.<ext>."""
    from .build import BuildOptions, ContentProblems
    from .build import build as run_build
    from .errors import BuildError

    options = BuildOptions(reports=reports, languages=languages, formats=formats, strict=strict,
                           out_dir=out_dir.resolve() if out_dir else None, internal=internal)
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
    print_diagnostics(result.diagnostics, strict)
    for out in result.outputs:
        click.echo(f"wrote {out.path.relative_to(Path.cwd()) if out.path.is_relative_to(Path.cwd()) else out.path}")


@main.command()
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.pass_obj
def check(obj: Context, strict: bool) -> None:
    """Check the whole project and print every problem, one a line."""
    from .build import load_and_validate

    _, diags = load_and_validate(obj.root())
    print_diagnostics(diags, strict, err=False)
    if diags.has_errors(strict):
        n = len(diags.sorted(strict)) if strict else len(diags.errors)
        raise KzError(f"{n} error{'s' if n != 1 else ''}")
    if not len(diags):
        click.echo("no problems found", err=True)


@main.command()
@click.argument("assessment")
@click.option("-l", "--lang", "lang", help="The language of the texts (default: the source language).")
@click.pass_obj
def scores(obj: Context, assessment: str, lang: str | None) -> None:
    """Print an ASSESSMENT (a file in content/assessments/) as a table, with the count per level."""
    from .build import load_and_validate
    from .errors import did_you_mean
    from .scoring import print_table

    project, diags = load_and_validate(obj.root())
    if project is None or diags.has_errors():
        print_diagnostics(diags)
        raise KzError("fix the problems above first")
    if assessment not in project.assessments:
        raise KzError(f'there is no assessment "{assessment}"{did_you_mean(assessment, project.assessments)}; '
                      f"the assessments are the files in content/assessments/")
    lang = lang or project.settings.source_language
    if lang not in project.languages:
        raise click.BadParameter(f"{lang} is not one of {', '.join(project.languages)}", param_hint="--lang")
    print_table(project, project.assessments[assessment], lang)


@main.command()
@click.argument("block_type", metavar="TYPE", type=click.Choice(["finding", "case", "recommendation", "text"]))
@click.argument("block_id", metavar="ID")
@click.pass_obj
def new(obj: Context, block_type: str, block_id: str) -> None:
    """Create a block ID (e.g. safeguards/new-topic) of TYPE, with a translation stub in every language."""
    from .content import load_settings
    from .scaffold import new_block

    diags = Diagnostics()
    settings = load_settings(obj.root(), diags)
    if settings is None:
        print_diagnostics(diags)
        raise KzError("kzreport.yaml has problems; fix them first")
    for path in new_block(settings, block_type, block_id):
        click.echo(f"created {path.relative_to(settings.root)}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new project in DIRECTORY, with an example of every kind of report."""
    from .scaffold import init_project

    target = init_project(directory)
    click.echo(f"created a kzreport project in {target}")
    click.echo(f"next: cd {target} && kzreport build")


def run() -> None:  # pragma: no cover - entry point
    main(prog_name="kzreport")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
