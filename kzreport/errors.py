"""Problems found in a project, and the one exception family the CLI turns into exit codes.

Every problem carries the file and line a person has to edit. Loading and validation never stop
at the first problem: they add `Diagnostic`s to a `Diagnostics` collection, and the caller aborts
once, after everything has been looked at (like mkdocs' config validation).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import click

ERROR = "error"
WARNING = "warning"

# Every warning has a code, printed after it ("[uncited-source]"), so that a project can silence a kind
# of warning it has decided to live with: `silence: [uncited-source]` in kzreport.yaml. Errors are
# never silenced, and neither are the warnings that protect people (SAFETY_WARNINGS).
WARNING_CODES = {
    "empty-string": "a key in a strings file has no text",
    "empty-file": "a strings file is empty",
    "ignored-file": "a file in a language tree that is neither a block nor a strings file",
    "empty-block": "a block has no text after its front matter",
    "missing-translation": "a block, string or scale label not translated yet (the source text is used, marked)",
    "stale-translation": "the source text changed since it was translated",
    "glossary-term": "a translation that does not use the glossary's term for a term its source uses",
    "obsolete-string": "a string kzreport no longer uses, replaced by one with a placeholder (cite.see-note-above)",
    "uncited-source": "a source in sources.yaml that no block cites",
    "printed-as-text": "HTML, TeX or a link with an address kzreport does not keep, printed as text",
    "unprotected-name": "what looks like a person's name in a case that protects names",
    "protect-not-found": "a protected name that never occurs in its case's text",
    "source-names-protected": "a source that names a protected person",
    "removed-output": "an output of an earlier build removed because it names a protected person",
    "word-limit": "a document has more words than its UN body or its report definition allows",
    # the silent mistakes of drafting (checks/drafting.py)
    "unclosed-note": "a footnote ^[ that is never closed, so it prints as typed",
    "typed-note-marker": "a hand-typed note marker ([1], ¹) that is no footnote",
    "stray-emphasis": "a * inside a word or number that pandoc reads as italics",
    "invisible-character": "an invisible or odd character pasted from Word (zero-width space, U+2028, ...)",
    "citation-space": "a citation with a space after @, which prints as typed",
    "curly-quotes": "a YAML value in curly quotes, which are printed",
    "link-without-scheme": "a link address without https://, which leads nowhere",
    "other-language": "a problem in a language this build (-l) does not build",
}
SAFETY_WARNINGS = frozenset({"unprotected-name", "protect-not-found", "source-names-protected", "removed-output"})


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: `PATH:LINE: error: MESSAGE`."""

    path: str
    line: int | None
    level: str
    message: str
    code: str = ""  # a warning's code (WARNING_CODES)

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.level}: {self.message}" + (f" [{self.code}]" if self.code else "")

    def as_error(self) -> Diagnostic:
        return Diagnostic(self.path, self.line, ERROR, self.message, self.code)


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when below it."""
    p = Path(path)
    try:
        return os.path.relpath(p) if p.is_absolute() and str(p).startswith(os.getcwd()) else str(p)
    except ValueError:  # another drive on Windows
        return str(p)


class Diagnostics:
    """An ordered, de-duplicated collection of problems."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()
        self.silenced: frozenset[str] = frozenset()  # warning codes kzreport.yaml silences
        self.everywhere: set[Diagnostic] = set()  # errors that stop every document (victims' safety)
        # hides the protected names in what is printed (set by safety/disclosure.py once they are known)
        self.redact: Callable[[str], str] | None = None

    def redacted(self, text: str) -> str:
        """`text` (a tool's message, which may quote a template or a block) with the protected names hidden."""
        return self.redact(text) if self.redact is not None else text

    def add(self, path: Path | str, line: int | None, level: str, message: str, code: str = "") -> None:
        d = Diagnostic(display_path(path), line, level, message, code)
        if level == WARNING and code in self.silenced:
            return
        if d not in self._seen:
            self._seen.add(d)
            self._items.append(d)

    def error(self, path: Path | str, line: int | None, message: str) -> None:
        self.add(path, line, ERROR, message)

    def warning(self, path: Path | str, line: int | None, message: str, *, code: str) -> None:
        assert code in WARNING_CODES, code  # a new warning gets its code in WARNING_CODES
        self.add(path, line, WARNING, message, code)

    def silence(self, codes: Iterable[str]) -> None:
        self.silenced = frozenset(codes) - SAFETY_WARNINGS

    def extend(self, other: Iterable[Diagnostic]) -> None:
        for d in other:
            if d not in self._seen:
                self._seen.add(d)
                self._items.append(d)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self._items if d.level == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self._items if d.level == WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self, strict: bool = False) -> list[Diagnostic]:
        """Problems in file order; with `strict`, warnings are reported as errors."""
        items = [d.as_error() if strict else d for d in self._items]
        if self.redact is not None:  # (a file's own name may name someone: content/reports/petrov-appeal.yaml)
            items = [replace(d, path=self.redact(d.path), message=self.redact(d.message)) for d in items]
        return sorted(items, key=lambda d: (d.path, d.line or 0, d.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for the closest choice, or ''."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""


def one_of(choices: Iterable[str]) -> str:
    items = [f'"{c}"' for c in choices]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


class KzError(click.ClickException):
    """Base of every error the command line reports without a traceback (exit status 1)."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class BuildError(KzError):
    """A build step (pandoc, Typst, the leak guard) failed."""


class ToolError(BuildError):
    """An external tool failed or is missing."""


class UsageProblem(KzError):
    """Something wrong on the command line or in its environment (e.g. SOURCE_DATE_EPOCH): one line,
    exit status 2, like Click's own usage errors."""

    exit_code = 2

    def format_message(self) -> str:
        return f"Error: {self.message}"


INTERRUPTED = "build interrupted; earlier outputs kept"


class Interrupted(KzError):
    """Ctrl-C: one line and exit status 130 (128 + SIGINT), as shells expect."""

    exit_code = 130

    def __init__(self, message: str = INTERRUPTED) -> None:
        super().__init__(message)


def os_problem(exc: OSError, out_dir: Path | None = None) -> str:
    """An OSError while building, as a located message saying what to do: `PATH: error: ...`.

    A file under `out_dir` (or any file, when out_dir is None) was being written; elsewhere it was
    being read."""
    import errno

    # os.replace(src, dst) names both: the folder that refused is the destination's
    named = [f for f in (exc.filename2, exc.filename) if isinstance(f, (str, os.PathLike))]
    filename = named[0] if named else None
    path = Path(filename) if filename else out_dir
    writing = out_dir is None or path is None or _below(path, out_dir)
    if path is not None and out_dir is not None and writing and any(
            part.startswith((".kzreport-", ".cache")) for part in path.parts):
        path = out_dir  # kzreport's own files there: name the folder the user chose
    where = display_path(path) if path is not None else "kzreport"
    folder = display_path(out_dir) if out_dir is not None else "the output folder"
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = (f"the disk is full; free some space (or choose another folder with -o) and build again; "
               f"the outputs already in {folder} were kept")
    elif code == errno.EROFS:
        why = "the folder is read-only (a read-only disk); choose another folder with -o"
    elif code in (errno.EACCES, errno.EPERM):
        why = ("permission denied: the folder is read-only for you; make it writable (e.g. chmod u+w) or "
               "choose another folder with -o") if writing else \
              "permission denied: make the file readable for you (e.g. chmod u+r)"
    else:
        why = exc.strerror or str(exc)
    return f"{where}: error: cannot {'write' if writing else 'read'} {where}: {why}"


def _below(path: Path, folder: Path) -> bool:
    try:
        return Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder))
    except (TypeError, ValueError):
        return False


# "report/lang: " before a located message, and a located message: `PATH:LINE: error: ...`
_JOB_PREFIX = re.compile(r"^[^\s/:;]+/[a-z]{2,3}: (?=[^;]+?: error: )")
_LOCATED = re.compile(r"^[^;]+?:(?:\d+:)? (?:error|warning): ")


def one_per_line(message: str) -> str:
    """The problems of a failed build, which come joined by "; ", one a line, each `PATH:LINE: error: ...`
    standing alone (the same as every other message of kzreport)."""
    lines: list[str] = []
    for part in message.split("; "):
        part = _JOB_PREFIX.sub("", part)
        if lines and not _LOCATED.match(part):
            lines[-1] += "; " + part  # the rest of the message before
        else:
            lines.append(part)
    return "\n".join(dict.fromkeys(lines))
