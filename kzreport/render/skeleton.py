"""A report's skeleton: its Jinja template rendered for one language, with template errors located;
and the moment and the confidential mark written into its outputs."""

from __future__ import annotations

import datetime as dt
import functools
import os
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2

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
MAX_EPOCH = 4102444799  # 2099-12-31 23:59:59 UTC


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (seconds since 1970, the moment written into every output) if it is set;
    ValueError with a plain message if it is not a usable number."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    text = raw.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise ValueError(f'SOURCE_DATE_EPOCH is "{raw[:40]}", which is not a number of seconds since 1970-01-01 '
                         f"(e.g. 1700000000); set it to one, or unset it to date the outputs by their reports")
    value = int(text)
    if value > MAX_EPOCH:
        raise ValueError(f"SOURCE_DATE_EPOCH is {text[:40]}, which is after the year 2099; set it to a number of "
                         f"seconds since 1970-01-01 up to {MAX_EPOCH}, or unset it")
    return value


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
