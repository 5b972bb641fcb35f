"""A report's skeleton: its Jinja template rendered for one language, with template errors located;
and the moment and the confidential mark written into its outputs."""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2

from kzreport.epoch import source_date_epoch
from kzreport.layout import template_path
from kzreport.model import Report
from kzreport.render.context import DocumentContext


class TemplateProblem(Exception):
    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


def _template_location(exc: BaseException) -> tuple[str, int | None, str]:
    """The template file, line and source line where a Jinja error happened."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name or "template", exc.lineno, ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".jinja", ".md")):
            return frame.filename, frame.lineno, (frame.line or "").strip()
    return "template", None, ""


def render_skeleton(env: jinja2.Environment, ctx: DocumentContext, name: str | None = None) -> str:
    name = name or f"{ctx.report.type}.md.j2"
    try:
        return env.get_template(name).render(doc=ctx, report=ctx.report, lang=ctx.lang, t=ctx.t)
    except jinja2.TemplateError as exc:
        path, line, source = _template_location(exc)
        msg = exc.message if isinstance(exc, jinja2.TemplateSyntaxError) else str(exc)
        raise TemplateProblem(path, line, f"{msg}{' — in: ' + source if source else ''}") from None
    except Exception as exc:  # an error inside a template expression (e.g. a bad filter argument)
        path, line, source = _template_location(exc)
        if path == "template":
            raise
        raise TemplateProblem(path, line, f"{type(exc).__name__}: {exc}{' — in: ' + source if source else ''}") from None


# The latest moment every output format can record (a zip entry's date ends in 2107; keep a margin).
def timestamp_for(report: Report) -> dt.datetime:
    """The moment written into files: SOURCE_DATE_EPOCH if set, else noon UTC on the report's date."""
    try:
        epoch = source_date_epoch()
    except ValueError:
        epoch = None  # the command line refuses it before a build starts
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    return dt.datetime.combine(report.date, dt.time(12, 0), dt.UTC)


def template_resolver(root: Path) -> Callable[[str], Path]:
    return functools.partial(template_path, root)


def confidential_mark(text: str, lang: str) -> str:
    """The mark on every page of an internal output: the project's words, or kzreport's own when the
    project's are empty (an internal document is never unmarked)."""
    from kzreport.load.strings import builtin_strings

    key = ("words", "confidential")
    return (text.strip() or builtin_strings(lang).get(key) or builtin_strings("en")[key]).strip()


class TemplateErrors(Exception):
    """A template failed; the problems are in the diagnostics."""
