"""The external tools, found in one place: pandoc (from pypandoc-binary) and Typst (the typst package),
and the limits and environment they run under. pandoc.py and typst.py run them: each call is logged
at debug level with its exact command, and each failure becomes a `ToolError` with a message a person
can act on.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from functools import cache
from pathlib import Path

from kzreport.errors import ToolError
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
