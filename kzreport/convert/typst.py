"""Typst compiles each document in a pool of worker processes that keep Typst loaded; a Typst error is
reported at the block or template line it comes from."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kzreport.convert.tools import block_sigint, log, time_limit
from kzreport.errors import ToolError, display_path
from kzreport.layout import FONTS

# Typst keeps what it computed for every document it compiled; a worker process that has compiled
# this many documents is replaced, so a build of many documents does not grow without bound.
TASKS_PER_WORKER = 6
_worker: Any = None


def _worker_init() -> None:
    """A Typst worker leaves Ctrl-C to the main process, which stops the workers itself; and it ends
    when that process is gone (killed), instead of waiting for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # a crash of Typst is reported by kzreport, not as a Rust backtrace
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    parent = os.getppid()

    def orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True, name="kzreport-parent-watch").start()


def _end(procs: list[Any]) -> None:
    """Terminate worker processes and wait for them (killed if they do not end within seconds)."""
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in procs:
        with contextlib.suppress(Exception):
            proc.join(timeout=3)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=2)


_DIAGNOSTIC_AT = re.compile(r"┌─ [^\n]*?:(\d+):\d+")


_guards: dict[int, Any] = {}


def _worker_compile(source: str, output: str, root: str, timestamp: float, standard: str | None,
                    protected: tuple[Any, ...] = ()) -> dict[str, Any] | None:
    """In a worker process: compile one PDF; None, or the first error: its message, hints, the line of
    the Typst source it is on, and how many errors there are. With `protected` names, the PDF is also
    searched for them here (the leak guard), and {"leaks": [...]} is the answer."""
    global _worker
    import typst

    if _worker is None:
        # System fonts are ignored on purpose: the same PDF on every machine. kzreport ships Liberation
        # Serif (Latin, Cyrillic and Kazakh letters, the metrics of Times New Roman, which the DOCX uses,
        # so both paginate alike); Typst's embedded fonts stay for a project's own template.
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS)])
        _worker = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
    try:
        pdf = _worker.compile(input=Path(source).read_bytes(), format="pdf", root=root,
                              timestamp=dt.datetime.fromtimestamp(timestamp, dt.UTC),
                              pdf_standards=[standard] if standard else [])
    except typst.TypstError as exc:  # type: ignore[attr-defined]
        detail = str(getattr(exc, "diagnostic", "") or "")
        at = _DIAGNOSTIC_AT.search(detail)
        hints = [str(h) for h in getattr(exc, "hints", []) or []]
        if not hints and at:  # the first error's own hints, from the report
            first = detail[at.end():].split("\nerror:", 1)[0]
            hints = re.findall(r"= hint: (.+)", first)
        return {"message": str(getattr(exc, "message", exc)), "hints": hints,
                "line": int(at.group(1)) if at else None,
                "count": max(1, len(re.findall(r"^error:", detail, re.MULTILINE)))}
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # noqa: BLE001 - Typst crashed (a Rust panic, which cannot be pickled)
        return {"message": f"Typst crashed ({type(exc).__name__}: {str(exc)[:300]})", "hints": [], "line": None,
                "count": 1}
    Path(output).write_bytes(pdf)
    if protected:
        from kzreport.safety import Guard

        guard = _guards.setdefault(hash(protected), Guard(protected))
        return {"leaks": guard.pdf(pdf)}
    return None


_MARKER = re.compile(r"^\s*// kz-src: (.*)$")


def locate_typst_line(source: str, line: int) -> str | None:
    """The block (its reference, e.g. "b3") that line `line` of a Typst source came from, from the
    `// kz-src:` comments kzreport.lua writes around every block; None outside every block."""
    lines = source.split("\n")
    depth = 0
    for text in reversed(lines[: max(0, min(line, len(lines)))]):
        m = _MARKER.match(text)
        if m:
            ref = m.group(1).strip()
            if ref == "end":
                depth += 1  # a whole block before this line (blocks do not nest, but be safe)
            elif depth:
                depth -= 1
            else:
                return ref
    return None


def _template_line(template: Path, text: str) -> int | None:
    """The line of a Typst template that reads `text` (pandoc copies the template into the source)."""
    want = text.strip()
    if not want:
        return None
    try:
        for i, line in enumerate(template.read_text(encoding="utf-8", errors="replace").split("\n"), 1):
            if line.strip() == want:
                return i
    except OSError:
        pass
    return None


class TypstCompiler:
    """Typst, in worker processes (one per core, each replaced after a few documents).

    Workers keep the build's own memory small and let PDFs compile side by side. A long document
    (it needs about 2 MB per page) is compiled alone, so two of them never add up. Every compilation
    has a time limit; the workers ignore Ctrl-C, and `abort` stops them at once.
    """

    LONG_SOURCE = 400_000  # bytes of Typst source: about 150 pages

    def __init__(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        block_sigint()  # the workers, started from this thread, inherit it
        self._cores = os.cpu_count() or 1
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=self._cores, max_tasks_per_child=TASKS_PER_WORKER,
                                         mp_context=context, initializer=_worker_init)
        # a long document gets a fresh worker of its own, which ends with it
        self._long = ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1, mp_context=context,
                                         initializer=_worker_init)
        self._permits = threading.Semaphore(self._cores)
        self._gate = threading.Lock()
        self._stopped: str | None = None  # why the workers were stopped

    @contextlib.contextmanager
    def _slot(self, size: int) -> Iterator[None]:
        n = self._cores if size > self.LONG_SOURCE else 1
        with self._gate:
            for _ in range(n):
                self._permits.acquire()
        try:
            yield
        finally:
            for _ in range(n):
                self._permits.release()

    def compile(self, source: Path, output: Path, *, root: Path, timestamp: dt.datetime,
                standard: str | None = None, name: str = "the document", where: Path | None = None,
                template: Path | None = None, blocks: dict[str, Any] | None = None,
                protected: tuple[Any, ...] = ()) -> list[tuple[str, int, str]] | None:
        """Compile `source` to `output`. Errors are ToolErrors located at the block the failing line
        came from, else at the line of the project's `template`, else at `where` (the output). With
        `protected` names, the worker also searches the PDF for them: the leaks found, else None."""
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        log.debug("typst compile %s -> %s (root %s)", source, output, root)
        block_sigint()
        size = source.stat().st_size
        pool = self._long if size > self.LONG_SOURCE else self._pool
        at = f"{display_path(where)}: error: " if where else ""
        with self._slot(size):
            if self._stopped:
                raise ToolError(self._stopped)
            try:
                future = pool.submit(_worker_compile, str(source), str(output), str(root), timestamp.timestamp(),
                                     standard, protected)
                error = future.result(timeout=time_limit())
            except FutureTimeout:
                self.abort("Typst was stopped because another PDF took too long (see its message)")
                raise ToolError(f"{at}Typst took more than {time_limit():g} s to make the PDF of {name} and was "
                                f"stopped; split the report's longest blocks or tables, or set "
                                f"KZREPORT_TIME_LIMIT to a larger number of seconds") from None
            except (BrokenProcessPool, RuntimeError) as exc:  # stopped (Ctrl-C, a time limit) or crashed
                raise ToolError(self._stopped or f"{at}Typst stopped while making the PDF of {name} "
                                                 f"({type(exc).__name__}: {exc})") from None
        if error and "leaks" in error:
            return list(error["leaks"])
        if error:
            raise ToolError(self._describe(error, source, name, at, template, blocks or {}))
        return None

    @staticmethod
    def _describe(error: dict[str, Any], source: Path, name: str, at: str, template: Path | None,
                  blocks: dict[str, Any]) -> str:
        message = error["message"]
        if error.get("hints"):
            message += f" ({'; '.join(error['hints'])})"
        if error.get("count", 1) > 1:
            message += f" (and {error['count'] - 1} more error{'s' if error['count'] > 2 else ''} after it)"
        line = error.get("line")
        if line:
            text = source.read_text(encoding="utf-8", errors="replace")
            ref = locate_typst_line(text, line)
            path, first = blocks.get(ref, (None, None)) if ref else (None, None)
            if path is not None:
                where = f"{display_path(path)}{':' + str(first) if first else ''}"
                return f"{where}: error: Typst could not make the PDF of {name} from this block: {message}"
            if template is not None:
                lines = text.split("\n")
                n = _template_line(template, lines[line - 1]) if line <= len(lines) else None
                where = f"{display_path(template)}{':' + str(n) if n else ''}"
                return f"{where}: error: Typst could not make the PDF of {name}: the template has an error: {message}"
        return f"{at}Typst could not make the PDF of {name}: {message}"

    def abort(self, reason: str = "the build was interrupted") -> None:
        """Stop every worker now (Ctrl-C, a time limit): what they were compiling is lost.

        Also a worker that multiprocessing is still starting: if kzreport exited before it, that worker
        would fail to read what it was handed (its semaphores are gone with kzreport) and print a Python
        traceback. So the workers are terminated first; each pool's manager thread, seeing them gone,
        ends the ones it started meanwhile (a replacement after TASKS_PER_WORKER) and stops; only then
        is the pool shut down, and every child left is ended and waited for."""
        import multiprocessing

        if self._stopped is None:
            self._stopped = reason
        for pool in (self._pool, self._long):
            with getattr(pool, "_shutdown_lock", contextlib.nullcontext()):  # no worker is half started
                procs = list((getattr(pool, "_processes", None) or {}).values())
            _end(procs)
            manager = getattr(pool, "_executor_manager_thread", None)
            if manager is not None and manager is not threading.current_thread():
                manager.join(timeout=5)
            pool.shutdown(wait=False, cancel_futures=True)
        _end(multiprocessing.active_children())

    def close(self) -> None:
        if self._stopped:
            self.abort()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._long.shutdown(wait=True, cancel_futures=True)
