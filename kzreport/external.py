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
    """Convert every job with kzreport.lua, in `processes` pandoc processes side by side.

    `on_done(job_id, result)` is called (from a reader thread) as soon as each job is written, so
    the caller can finish that document while pandoc converts the others.
    """
    procs = []
    for i, group in enumerate(balanced_groups(jobs, processes)):
        jobs_file = workdir / f"jobs-{i}.json"
        jobs_file.write_text(json.dumps(group, ensure_ascii=False), encoding="utf-8")
        cmd = [pandoc_path(), "lua", str(LUA_SCRIPT), str(jobs_file)]
        log.debug("running %s", shlex.join(cmd))
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                    env={**os.environ, **(env or {})})
        except FileNotFoundError:
            raise ToolError(f"pandoc was not found at {cmd[0]}; reinstall kzreport with `make build`") from None
        procs.append((proc, {j["id"] for j in group}))
    errors: list[str] = []

    def read(proc: subprocess.Popen[str], ids: set[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("{"):
                result = json.loads(line)
                ids.discard(result.get("id"))
                on_done(result.pop("id"), result)

    stderr: dict[int, str] = {}

    def drain(i: int, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        stderr[i] = proc.stderr.read()

    threads = [threading.Thread(target=read, args=p, daemon=True) for p in procs] + \
        [threading.Thread(target=drain, args=(i, p[0]), daemon=True) for i, p in enumerate(procs)]
    for t in threads:
        t.start()
    try:
        for i, (proc, ids) in enumerate(procs):
            proc.wait(timeout=900)
        for t in threads:
            t.join()
        for i, (proc, ids) in enumerate(procs):
            message = stderr.get(i, "").strip()
            if message:
                log.debug("pandoc said: %s", message)
            if proc.returncode != 0 or ids:
                errors.append(f"pandoc failed (exit status {proc.returncode}): {_last_lines(message)}")
    except subprocess.TimeoutExpired:
        errors.append("pandoc did not finish within 15 minutes; is a block extremely large?")
    finally:
        for proc, _ in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if errors:
        raise ToolError("; ".join(errors))


def _last_lines(text: str, n: int = 6) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join(lines[-n:]) or "no message"


class TypstCompiler:
    """Typst compilers sharing one set of fonts: one compiler per thread (a compiler is not shared
    between threads, and Typst releases Python's lock while it works, so threads run side by side)."""

    def __init__(self, font_paths: list[Path] | None = None) -> None:
        import typst

        self._typst = typst
        # System fonts are ignored on purpose: the same PDF on every machine, and Typst's embedded
        # fonts (Libertinus Serif) draw Latin, Cyrillic and Kazakh letters.
        self._fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                                  font_paths=[str(p) for p in font_paths or []])
        self._local = threading.local()
        # Typst needs about 2 MB of memory per page; two long documents side by side would double
        # the build's peak, so a long one is compiled alone (it takes every permit).
        self._permits = threading.Semaphore(os.cpu_count() or 1)
        self._gate = threading.Lock()

    LONG_SOURCE = 400_000  # bytes of Typst source: about 150 pages

    @contextlib.contextmanager
    def _slot(self, size: int) -> Iterator[None]:
        n = (os.cpu_count() or 1) if size > self.LONG_SOURCE else 1
        with self._gate:
            for _ in range(n):
                self._permits.acquire()
        try:
            yield
        finally:
            for _ in range(n):
                self._permits.release()

    def _compiler(self) -> Any:
        compiler = getattr(self._local, "compiler", None)
        if compiler is None:
            compiler = self._local.compiler = self._typst.Compiler(font_paths=self._fonts, ignore_system_fonts=True)
        return compiler

    def compile(self, source: Path, output: Path, *, root: Path, timestamp: dt.datetime) -> None:
        log.debug("typst compile %s -> %s (root %s)", source, output, root)
        data = source.read_bytes()
        try:
            with self._slot(len(data)):
                pdf = self._compiler().compile(input=data, format="pdf", root=str(root), timestamp=timestamp)
        except self._typst.TypstError as exc:  # type: ignore[attr-defined]
            detail = getattr(exc, "diagnostic", "") or ""
            hints = "; ".join(getattr(exc, "hints", []) or [])
            raise ToolError(f"Typst could not make the PDF: {getattr(exc, 'message', exc)}"
                            f"{' — ' + detail if detail else ''}{' (' + hints + ')' if hints else ''}") from None
        except RuntimeError as exc:
            raise ToolError(f"Typst could not make the PDF: {exc}") from None
        output.write_bytes(pdf)
