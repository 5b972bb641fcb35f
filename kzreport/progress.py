"""The progress bar of a build on a terminal."""

from __future__ import annotations

import os
import sys
from typing import Any


class Progress:
    """A progress bar on a terminal when a build takes more than a moment; silent otherwise and in CI."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        if not self.enabled or total < 2:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), transient=True,
                                 console=__import__("rich.console").console.Console(stderr=True))
        self._task = self._bar.add_task("build", total=total)
        self._bar.start()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def show_progress() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
