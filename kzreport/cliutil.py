"""What the command modules share (cli.py, i18n_commands.py, coordinator/cli.py): diagnostics printed one a
line, a project loaded and checked before a command works on it, and the options of the commands that
write one file for translators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kzreport.clickgroup import complete
from kzreport.errors import Diagnostics, KzError

F = TypeVar("F", bound=Callable[..., Any])


def print_diagnostics(diags: Diagnostics, strict: bool = False, err: bool = True) -> None:
    for d in diags.sorted(strict):
        click.echo(d.format(), err=err)


def valid_project(obj: Any) -> Any:
    """The project of the command's context (its --project or the nearest), loaded and valid; its
    problems printed and a KzError otherwise."""
    from kzreport.build import load_and_validate

    project, diags = load_and_validate(obj.root())
    if project is None or diags.has_errors():
        print_diagnostics(diags)
        raise KzError("fix the problems above first (kzreport check lists them)")
    return project


def language_and_output(kind: str, example: str) -> Callable[[F], F]:
    """-l LANG (the target language) and -o FILE (the `kind` file to write, e.g. `example`), both required."""
    def decorate(command: F) -> F:
        command = click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                               help=f"The {kind} file to write, e.g. {example}.")(command)
        return click.option("-l", "--lang", "lang", required=True, shell_complete=complete("languages"),
                            help="The target language.")(command)
    return decorate
