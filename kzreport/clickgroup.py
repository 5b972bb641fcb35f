"""kzreport's Click group: how a command ends on an unexpected failure or on Ctrl-C, and the shell completion
of the names a command takes (report ids, languages), read from the project's files."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from kzreport.errors import KzError

log = logging.getLogger("kzreport")


class KzGroup(click.Group):
    """Turns an unexpected failure into a short message: a traceback only with -v; Ctrl-C into one line
    and exit status 130."""

    def invoke(self, ctx: click.Context) -> object:
        from kzreport._interrupts import Interrupts
        from kzreport.errors import INTERRUPTED, Interrupted

        def interrupted() -> Interrupted:
            return Interrupted(INTERRUPTED if ctx.invoked_subcommand in (None, "build") else "interrupted")

        Interrupts.started = True
        try:
            if Interrupts.requested:  # Ctrl-C while Click read the command line
                raise KeyboardInterrupt
            result = super().invoke(ctx)
            if Interrupts.requested:  # a library swallowed the KeyboardInterrupt: the interruption counts
                raise KeyboardInterrupt
            return result
        except KeyboardInterrupt:
            raise interrupted() from None
        except BrokenPipeError:  # the output piped into a command that stopped reading (kzreport cases | head)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # (Python would complain at exit)
            raise SystemExit(0) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            if Interrupts.requested:
                raise interrupted() from None
            raise
        except Exception as exc:
            if Interrupts.requested:
                raise interrupted() from None
            if log.isEnabledFor(logging.DEBUG):
                raise
            raise KzError(f"kzreport hit a problem it does not know how to explain ({type(exc).__name__}: {exc}). "
                          f"This is a bug in kzreport, not in your content: please report it with the output of "
                          f"the same command run with -v") from None
        finally:
            Interrupts.finished = True


def complete(kind: str):  # noqa: ANN201 - a click shell_complete callback
    """Shell completion of report ids ("reports") or languages ("languages") from the project's files."""
    def names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        from kzreport.layout import ProjectLayout, find_root

        root = find_root((ctx.find_root().params.get("project_dir") or Path.cwd()).resolve())
        layout = ProjectLayout(root) if root else None
        found = ([p.stem for p in layout.reports.glob("*.yaml")] if kind == "reports" else
                 [p.name for p in layout.content.iterdir() if p.is_dir() and p.name not in ("reports", "assessments")]
                 ) if layout and layout.content.is_dir() else []
        return sorted(n for n in found if n.startswith(incomplete))
    return names
