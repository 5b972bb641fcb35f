"""pandoc runs the Lua filters (lua/kzreport.lua) on the jobs of a build: a few processes side by
side, each converting document after document as they are rendered, with a watchdog that stops a
process stuck on one block and names the block's file and line."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shlex
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kzreport._interrupts import Interrupts
from kzreport.convert import tools
from kzreport.convert.tools import block_sigint, block_time_limit, log, time_limit, utf8_environment
from kzreport.errors import ToolError, display_path
from kzreport.render.contract import PandocJob, dump_job

JOBS_PER_PROCESS = 8  # pandoc keeps what it read until it exits: bound its memory


class _Process:
    """One pandoc process and where it is: which document, which block, since when."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.job: PandocJob | None = None  # the document it is converting (None: waiting for one)
        self.body: str | None = None  # the block pandoc is reading
        self.started = time.monotonic()  # of the current document
        self.body_started = 0.0
        self.timed_out: str | None = None

    def begin(self, job: PandocJob) -> None:
        self.job, self.body, self.started = job, None, time.monotonic()

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

    def result(self) -> dict[str, Any] | None:
        """pandoc's answer for the current document, following where it is meanwhile (None: it ended first)."""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("kz-at "):  # pandoc starts (or ends: "-") reading a block
                ref = line[6:].strip()
                self.body = None if ref == "-" else ref
                self.body_started = time.monotonic()
            elif line.startswith("{"):
                result: dict[str, Any] = json.loads(line)
                if "error" in result:
                    result["error"] = _pandoc_error(self, str(result["error"]))
                self.job = self.body = None
                return result
        return None

    def check(self, now: float) -> None:
        """Stop pandoc if it has taken too long (called by the watchdog)."""
        if self.job is None or self.timed_out or self.proc.poll() is not None:
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
            report = self.job.get("report_file")
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


def run_pandoc_jobs(jobs: Iterable[PandocJob], workdir: Path, on_done: Callable[[str, dict[str, Any]], None], *,
                    processes: int = 1) -> None:
    """Convert every job with kzreport.lua, in up to `processes` pandoc processes side by side.

    `jobs` is read in the calling thread, and may render each document as it is asked for it: a
    process is given the next document as soon as it is free, so pandoc converts the first documents
    while the others are still being rendered. A process converts at most JOBS_PER_PROCESS documents.
    `on_done(job_id, result)` is called as soon as each document is written, so the caller can finish
    it while pandoc converts the others. A document or a block that takes longer than its time limit
    stops pandoc with a message naming it. Ctrl-C (KeyboardInterrupt in the calling thread), or an
    error raised by `jobs`, kills every pandoc process before it is passed on.
    """
    waiting: queue.Queue[PandocJob | None] = queue.Queue()  # None: no more documents
    lock = threading.Lock()
    errors: list[str] = []
    running: list[_Process] = []
    stop = threading.Event()
    # TMPDIR: `pandoc lua` keeps an empty history file in the temporary folder while it runs, and a pandoc
    # that is stopped (Ctrl-C, a time limit) leaves it behind; in the build's own folder it is removed with it
    environment = {**os.environ, **utf8_environment(), "TMPDIR": str(workdir)}

    def one_process(job: PandocJob) -> bool:
        """Convert `job`, then the next documents, in one pandoc process; False when there are no more."""
        cmd = [tools.pandoc_path(), "lua", str(tools.LUA_SCRIPT), "-"]  # "-": the jobs on standard input
        log.debug("running %s", shlex.join(cmd))
        more = True
        with tempfile.TemporaryFile("w+", encoding="utf-8", dir=workdir) as err:
            with _live_lock:
                if stop.is_set():
                    return False
                try:
                    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                                            encoding="utf-8", errors="replace", env=environment)
                except FileNotFoundError:
                    raise ToolError(f"pandoc was not found at {cmd[0]}; reinstall kzreport with `make build`") from None
                _live.add(proc)
            state = _Process(proc)
            with lock:
                running.append(state)
            try:
                assert proc.stdin is not None
                current: PandocJob | None = job
                for n in range(JOBS_PER_PROCESS):
                    if n:
                        current = waiting.get()
                    if current is None:
                        more = False
                        break
                    if stop.is_set() or errors:
                        break
                    state.begin(current)
                    line = dump_job(current)
                    # kept with KZREPORT_KEEP_TMP=1, to run pandoc on it again by hand (kzreport.lua)
                    (workdir / f"job-{current['id'].replace('/', '-')}.json").write_text(line, encoding="utf-8")
                    try:
                        proc.stdin.write(line + "\n")
                        proc.stdin.flush()
                    except OSError:  # pandoc has ended: why is told below
                        break
                    result = state.result()
                    if result is None:
                        break
                    on_done(result.pop("id"), result)
                with contextlib.suppress(OSError):
                    proc.stdin.close()
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
            return False
        if proc.returncode != 0 or state.job is not None:
            where = state.where()
            prefix = f"{where[0]}{':' + str(where[1]) if where[1] else ''}: error: " if where else ""
            raise ToolError(f"{prefix}pandoc failed (exit status {proc.returncode}) on {state.document()}: "
                            f"{_explain_os_message(_last_lines(message))}")
        return more and not errors

    def worker() -> None:
        block_sigint()
        job = waiting.get()
        while job is not None:
            try:
                if not one_process(job):
                    return
            except ToolError as exc:
                with lock:
                    errors.append(exc.message)
                return
            except Exception as exc:  # noqa: BLE001 - an OSError, or the caller stopped taking results
                with lock:
                    errors.append(_explain_os_message(str(exc)) if isinstance(exc, OSError) else str(exc))
                return
            job = waiting.get()

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
        for job in jobs:  # rendered here, in the calling thread, while pandoc converts the ones before
            if not errors:
                waiting.put(job)
            Interrupts.check()
        for _ in threads:
            waiting.put(None)
        for t in threads:
            while t.is_alive():
                t.join(0.1)
                Interrupts.check()  # a Ctrl-C whose KeyboardInterrupt Python could not raise where it landed
    except BaseException:  # Ctrl-C, or rendering failed: no pandoc is left running
        stop.set()
        stop_pandoc()
        for _ in threads:
            waiting.put(None)
        for t in threads:
            t.join(timeout=5)
        raise
    finally:
        stop.set()
        guard.join(timeout=5)
    if errors:
        raise ToolError("; ".join(dict.fromkeys(errors)))


def _pandoc_error(state: _Process, message: str) -> str:
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
