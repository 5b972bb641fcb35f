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
import shlex
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ToolError

log = logging.getLogger("kzreport")

LUA_SCRIPT = Path(__file__).parent / "filters" / "kzreport.lua"
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


def run_pandoc_jobs(jobs: list[dict[str, Any]], workdir: Path, on_done: Callable[[str, dict[str, Any]], None], *,
                    processes: int = 1, env: dict[str, str] | None = None) -> None:
    """Convert every job with kzreport.lua, `processes` pandoc processes at a time.

    Jobs go to pandoc in groups of at most JOBS_PER_PROCESS. `on_done(job_id, result)` is called
    as soon as each job is written, so the caller can finish that document while pandoc converts
    the others.
    """
    n_groups = max(processes, -(-len(jobs) // JOBS_PER_PROCESS))
    queue = list(enumerate(balanced_groups(jobs, n_groups)))
    lock = threading.Lock()
    errors: list[str] = []

    def run_group(index: int, group: list[dict[str, Any]]) -> None:
        jobs_file = workdir / f"jobs-{index}.json"
        jobs_file.write_text(json.dumps(group, ensure_ascii=False), encoding="utf-8")
        cmd = [pandoc_path(), "lua", str(LUA_SCRIPT), str(jobs_file)]
        log.debug("running %s", shlex.join(cmd))
        pending = {j["id"] for j in group}
        with tempfile.TemporaryFile("w+", encoding="utf-8", dir=workdir) as err:
            try:
                proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8",
                                        env={**os.environ, **(env or {})})
            except FileNotFoundError:
                raise ToolError(f"pandoc was not found at {cmd[0]}; reinstall kzreport with `make build`") from None
            try:
                assert proc.stdout is not None
                for line in proc.stdout:
                    if line.startswith("{"):
                        result = json.loads(line)
                        pending.discard(result.get("id"))
                        on_done(result.pop("id"), result)
                proc.wait(timeout=900)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            err.seek(0)
            message = err.read().strip()
        if message:
            log.debug("pandoc said: %s", message)
        if proc.returncode != 0 or pending:
            raise ToolError(f"pandoc failed (exit status {proc.returncode}): {_last_lines(message)}")

    def worker() -> None:
        while True:
            with lock:
                if not queue or errors:
                    return
                index, group = queue.pop(0)
            try:
                run_group(index, group)
            except (ToolError, subprocess.TimeoutExpired, OSError) as exc:
                with lock:
                    errors.append(exc.message if isinstance(exc, ToolError) else str(exc))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, processes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise ToolError("; ".join(errors))


def _last_lines(text: str, n: int = 6) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join(lines[-n:]) or "no message"


# -- Typst ----------------------------------------------------------------------------------------

# Typst keeps what it computed for every document it compiled; a worker process that has compiled
# this many documents is replaced, so a build of many documents does not grow without bound.
TASKS_PER_WORKER = 6
_worker: Any = None


def _worker_compile(source: str, output: str, root: str, timestamp: float, standard: str | None) -> str | None:
    """In a worker process: compile one PDF; an error message, or None."""
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
        detail = getattr(exc, "diagnostic", "") or ""
        hints = "; ".join(getattr(exc, "hints", []) or [])
        return f"{getattr(exc, 'message', exc)}{' — ' + detail if detail else ''}{' (' + hints + ')' if hints else ''}"
    except RuntimeError as exc:
        return str(exc)
    Path(output).write_bytes(pdf)
    return None


class TypstCompiler:
    """Typst, in worker processes (one per core, each replaced after a few documents).

    Workers keep the build's own memory small and let PDFs compile side by side. A long document
    (it needs about 2 MB per page) is compiled alone, so two of them never add up.
    """

    LONG_SOURCE = 400_000  # bytes of Typst source: about 150 pages

    def __init__(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._cores = os.cpu_count() or 1
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=self._cores, max_tasks_per_child=TASKS_PER_WORKER,
                                         mp_context=context)
        # a long document gets a fresh worker of its own, which ends with it
        self._long = ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1, mp_context=context)
        self._permits = threading.Semaphore(self._cores)
        self._gate = threading.Lock()

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
                standard: str | None = None) -> None:
        log.debug("typst compile %s -> %s (root %s)", source, output, root)
        size = source.stat().st_size
        pool = self._long if size > self.LONG_SOURCE else self._pool
        with self._slot(size):
            error = pool.submit(_worker_compile, str(source), str(output), str(root), timestamp.timestamp(),
                                standard).result()
        if error:
            raise ToolError(f"Typst could not make the PDF: {error}")

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._long.shutdown(wait=True, cancel_futures=True)
