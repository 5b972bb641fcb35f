"""What the command modules share (cli.py, i18n_commands.py, coordinator/cli.py): diagnostics printed one a
line, and a project loaded and checked before a command works on it."""

from __future__ import annotations

from typing import Any

import click

from kzreport.errors import Diagnostics, KzError


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
