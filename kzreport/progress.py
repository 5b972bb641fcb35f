"""What a build shows on a terminal: a progress bar that names each document as it is finished, and the
one summary line at the end. Silent with -q, in CI and when the output is not a terminal."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any


class Progress:
    """A progress bar on a terminal, with a line for each document as it is finished."""

    def __init__(self, enabled: bool, console: Any = None) -> None:
        self.enabled = enabled
        self.console = console  # a rich Console (default: the terminal's standard error)
        self._bar: Any = None
        self._task: Any = None
        self._early: list[str] = []  # documents finished before the bar was shown
        self._lock = threading.Lock()  # (documents are finished on several threads)

    def start(self, total: int) -> None:
        """Show the bar, with the documents finished before it was shown (while the others were rendered)."""
        if not self.enabled or total < 1:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self.console = self.console or Console(stderr=True)
        with self._lock:
            self._bar = RichProgress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                     TextColumn("{task.description}"), transient=True, console=self.console)
            self._task = self._bar.add_task("", total=total)
            self._bar.start()
            for name in self._early:
                self._show(name)

    def advance(self, name: str = "") -> None:
        """One more document finished: `name` is its path under the output folder, e.g. en/alt.pdf."""
        with self._lock:
            if self._bar is not None:
                self._show(name)
            elif self.enabled:
                self._early.append(name)

    def _show(self, name: str) -> None:
        if name:
            self._bar.console.print(f"  finished {name}", highlight=False)
        self._bar.update(self._task, advance=1, description=name)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def show_progress() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


def summary(built: int, seconds: float, warnings: int, up_to_date: int = 0, failed: int = 0) -> str:
    """The build's one line: `8 documents built in 3.4 s, 2 up to date, 1 warning`."""
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    parts = [f"{n(built, 'document')} built in {seconds:.1f} s"]
    if up_to_date:
        parts.append(f"{up_to_date} up to date")
    if failed:
        parts.append(f"{n(failed, 'document')} not built")
    parts.append(n(warnings, "warning"))
    return ", ".join(parts)


def write_stats(started: float, outputs: int) -> None:
    """With KZREPORT_STATS=FILE, write how long the build took and its peak memory (for bench/)."""
    target = os.environ.get("KZREPORT_STATS")
    if not target:
        return
    import resource

    stats = {"seconds": round(time.monotonic() - started, 3), "outputs": outputs,
             "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
             "peak_rss_children_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
    Path(target).write_text(json.dumps(stats), encoding="utf-8")
