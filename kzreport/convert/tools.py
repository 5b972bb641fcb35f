"""The external tools, wrapped in one place: pandoc (from pypandoc-binary) and Typst (the typst package).

Each call is logged at debug level with its exact command, and each failure becomes a `ToolError`
with a message a person can act on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from kzreport.errors import ToolError, display_path
from kzreport.layout import LUA_FILTERS

log = logging.getLogger("kzreport")

LUA_SCRIPT = LUA_FILTERS / "kzreport.lua"
PANDOC_VERSION = "3.9"


@cache
def pandoc_path() -> str:
    """The pandoc binary that ships in the pypandoc-binary wheel (never a system pandoc)."""
    try:
        import pypandoc
    except ImportError:  # pragma: no cover - a broken installation
        raise ToolError("pandoc is not installed: run `make build` (or pip install -e .) to install kzreport "
                        "with its pypandoc-binary dependency") from None
    path = Path(pypandoc.__file__).parent / "files" / "pandoc"
    if not path.exists():
        path_str = pypandoc.get_pandoc_path()
        return str(path_str)
    return str(path)


JOBS_PER_PROCESS = 8  # pandoc keeps what it read until it exits: bound its memory


def balanced_groups(jobs: list[dict[str, Any]], n: int) -> list[list[dict[str, Any]]]:
    """Split jobs into n groups of similar size (largest first), each for one pandoc process."""
    def weight(job: dict[str, Any]) -> int:
        return len(job["markdown"]) + sum(len(b["text"]) for b in job["bodies"].values())

    groups: list[list[dict[str, Any]]] = [[] for _ in range(max(1, min(n, len(jobs))))]
    loads = [0] * len(groups)
    for job in sorted(jobs, key=weight, reverse=True):
        i = loads.index(min(loads))
        groups[i].append(job)
        loads[i] += weight(job)
    return [g for g in groups if g]


# Time limits. No input may make a build hang: a document pandoc or Typst has not finished in this
# many seconds is stopped, and so is pandoc reading one block for longer than BLOCK_TIME_LIMIT (real
# blocks take well under a second; kzreport refuses the known slow shapes before pandoc sees them).
def time_limit() -> float:
    try:
        return max(0.1, float(os.environ.get("KZREPORT_TIME_LIMIT", "") or 300))
    except ValueError:
        return 300.0


def block_time_limit() -> float:
    return min(20.0, time_limit())


def utf8_environment() -> dict[str, str]:
    """A UTF-8 locale for pandoc, whatever the user's (under LC_ALL=C pandoc cannot read or write a
    file whose path has a Cyrillic letter)."""
    current = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or ""
    if current.lower().replace("-", "").endswith(".utf8"):
        return {}
    name = "en_US.UTF-8" if sys.platform == "darwin" else "C.UTF-8"
    return {"LC_ALL": name, "LANG": name}


def block_sigint() -> None:
    """In a thread other than the main one: never receive SIGINT, and neither do the processes this
    thread starts (they inherit the mask). Ctrl-C is for the main thread, which then stops them all."""
    if threading.current_thread() is not threading.main_thread() and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


class _Group:
    """One pandoc process and where it is: which document, which block, since when."""

    def __init__(self, group: list[dict[str, Any]]) -> None:
        self.jobs = group
        self.proc: subprocess.Popen[str] | None = None
        self.done = 0  # jobs finished
        self.body: str | None = None  # the block pandoc is reading
        self.started = time.monotonic()  # of the current document
        self.body_started = 0.0
        self.timed_out: str | None = None

    @property
    def job(self) -> dict[str, Any] | None:
        return self.jobs[self.done] if self.done < len(self.jobs) else None

    def where(self) -> tuple[str, int | None] | None:
        """The file and line of the block pandoc is reading, if it is reading one."""
        job = self.job
        body = job["bodies"].get(self.body) if job is not None and self.body else None
        if job is None or not body or not body.get("path"):
            return None
        path = Path(body["path"])
        if not path.is_absolute() and job.get("project"):
            path = Path(job["project"]) / path
        return display_path(path), body.get("line") or None

    def document(self) -> str:
        job = self.job
        if job is None:
            return "a document"
        report, _, lang = job["id"].partition("/")
        return f"the report {report} ({lang})"

    def check(self, now: float) -> None:
        """Stop pandoc if it has taken too long (called by the watchdog)."""
        if self.proc is None or self.timed_out or self.proc.poll() is not None:
            return
        over_block = self.body is not None and now - self.body_started > block_time_limit()
        if not over_block and now - self.started <= time_limit():
            return
        where = self.where()
        if self.body and where:
            limit = block_time_limit() if over_block else time_limit()
            self.timed_out = (f"{where[0]}{':' + str(where[1]) if where[1] else ''}: error: pandoc took more than "
                              f"{limit:g} s to read this block for {self.document()} and was stopped; "
                              f"simplify its Markdown (deeply nested brackets, lists or quotations) or split it")
        else:
            report = self.job and self.job.get("report_file")
            self.timed_out = (f"{display_path(report) if report else self.document()}: error: pandoc took more than "
                              f"{time_limit():g} s to convert {self.document()} and was stopped; split the "
                              f"report's longest blocks, or set KZREPORT_TIME_LIMIT to a larger number of seconds")
        _kill(self.proc)


_live: set[subprocess.Popen[str]] = set()  # every pandoc process running, to stop on Ctrl-C
_live_lock = threading.Lock()


def _kill(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(OSError):
        proc.kill()


def stop_pandoc() -> None:
    """Kill every pandoc process kzreport started and is still running (Ctrl-C)."""
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        _kill(proc)
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired, OSError):
            proc.wait(timeout=5)


def run_pandoc_jobs(jobs: list[dict[str, Any]], workdir: Path, on_done: Callable[[str, dict[str, Any]], None], *,
                    processes: int = 1, env: dict[str, str] | None = None) -> None:
    """Convert every job with kzreport.lua, `processes` pandoc processes at a time.

    Jobs go to pandoc in groups of at most JOBS_PER_PROCESS. `on_done(job_id, result)` is called
    as soon as each job is written, so the caller can finish that document while pandoc converts
    the others. A document or a block that takes longer than its time limit stops pandoc with a
    message naming it; Ctrl-C (KeyboardInterrupt in the calling thread) kills every pandoc process
    before it is passed on.
    """
    n_groups = max(processes, -(-len(jobs) // JOBS_PER_PROCESS))
    queue = list(enumerate(balanced_groups(jobs, n_groups)))
    lock = threading.Lock()
    errors: list[str] = []
    running: list[_Group] = []
    stop = threading.Event()
    environment = {**os.environ, **utf8_environment(), **(env or {})}

    def run_group(index: int, group: list[dict[str, Any]]) -> None:
        jobs_file = workdir / f"jobs-{index}.json"
        jobs_file.write_text(json.dumps(group, ensure_ascii=False), encoding="utf-8")
        cmd = [pandoc_path(), "lua", str(LUA_SCRIPT), str(jobs_file)]
        log.debug("running %s", shlex.join(cmd))
        state = _Group(group)
        pending = {j["id"] for j in group}
        with tempfile.TemporaryFile("w+", encoding="utf-8", dir=workdir) as err:
            with _live_lock:
                if stop.is_set():
                    return
                try:
                    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8",
                                            errors="replace", env=environment)
                except FileNotFoundError:
                    raise ToolError(f"pandoc was not found at {cmd[0]}; reinstall kzreport with `make build`") from None
                _live.add(proc)
            state.proc = proc
            state.started = time.monotonic()
            with lock:
                running.append(state)
            try:
                assert proc.stdout is not None
                for line in proc.stdout:
                    if line.startswith("kz-at "):  # pandoc starts (or ends: "-") reading a block
                        ref = line[6:].strip()
                        state.body = None if ref == "-" else ref
                        state.body_started = time.monotonic()
                    elif line.startswith("{"):
                        result = json.loads(line)
                        pending.discard(result.get("id"))
                        if "error" in result:
                            result["error"] = _pandoc_error(state, str(result["error"]))
                        state.body = None
                        state.done += 1
                        state.started = time.monotonic()
                        on_done(result.pop("id"), result)
                proc.wait()
            finally:
                if proc.poll() is None:
                    _kill(proc)
                    proc.wait()
                with _live_lock:
                    _live.discard(proc)
                with lock:
                    running.remove(state)
            err.seek(0)
            message = err.read().strip()
        if message:
            log.debug("pandoc said: %s", message)
        if state.timed_out:
            raise ToolError(state.timed_out)
        if stop.is_set():
            return
        if proc.returncode != 0 or pending:
            where = state.where()
            prefix = f"{where[0]}{':' + str(where[1]) if where[1] else ''}: error: " if where else ""
            raise ToolError(f"{prefix}pandoc failed (exit status {proc.returncode}) on {state.document()}: "
                            f"{_explain_os_message(_last_lines(message))}")

    def worker() -> None:
        block_sigint()
        while True:
            with lock:
                if not queue or errors or stop.is_set():
                    return
                index, group = queue.pop(0)
            try:
                run_group(index, group)
            except ToolError as exc:
                with lock:
                    errors.append(exc.message)
            except Exception as exc:  # noqa: BLE001 - an OSError, or the caller stopped taking results
                with lock:
                    errors.append(_explain_os_message(str(exc)) if isinstance(exc, OSError) else str(exc))

    def watchdog() -> None:
        block_sigint()
        while not stop.wait(0.1):
            now = time.monotonic()
            with lock:
                states = list(running)
            for state in states:
                state.check(now)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, processes))]
    guard = threading.Thread(target=watchdog, daemon=True)
    try:
        guard.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    except BaseException:  # Ctrl-C: no pandoc is left running
        stop.set()
        stop_pandoc()
        for t in threads:
            t.join(timeout=5)
        raise
    finally:
        stop.set()
        guard.join(timeout=5)
    if errors:
        raise ToolError("; ".join(dict.fromkeys(errors)))


def _pandoc_error(state: _Group, message: str) -> str:
    """pandoc's error on a document, located at the block it was reading when there was one (or at the
    output folder, when the disk refused what pandoc wrote)."""
    where = state.where()
    text = _explain_os_message(message.strip().replace("\n", " "))
    job = state.job
    if text != message.strip().replace("\n", " ") and job is not None and job.get("root"):
        folder = display_path(Path(job["root"]).parent)  # the build's private folder is in the output folder
        return f"{folder}: error: cannot write {folder}: {text}"
    if where is None:
        return text
    return (f"{where[0]}{':' + str(where[1]) if where[1] else ''}: error: pandoc could not convert this block "
            f"for {state.document()}: {text}")


def _explain_os_message(text: str) -> str:
    """Tools' messages about the disk, in the words kzreport uses everywhere."""
    if "No space left on device" in text or "resource exhausted" in text:
        return f"{text} (the disk is full: free some space and build again)"
    if "Read-only file system" in text or "Permission denied" in text:
        return f"{text} (a folder cannot be written: make it writable, or choose another folder with -o)"
    return text


def _last_lines(text: str, n: int = 6) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join(lines[-n:]) or "no message"


# -- Typst ----------------------------------------------------------------------------------------

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
        # System fonts are ignored on purpose: the same PDF on every machine, and Typst's embedded
        # fonts (Libertinus Serif) draw Latin, Cyrillic and Kazakh letters.
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)
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
        """Stop every worker now (Ctrl-C, a time limit): what they were compiling is lost."""
        if self._stopped is None:
            self._stopped = reason
        for pool in (self._pool, self._long):
            procs = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                with contextlib.suppress(Exception):
                    proc.terminate()
            for proc in procs:
                with contextlib.suppress(Exception):
                    proc.join(timeout=3)
                    if proc.is_alive():
                        proc.kill()
                        proc.join(timeout=2)

    def close(self) -> None:
        if self._stopped:
            self.abort()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._long.shutdown(wait=True, cancel_futures=True)
