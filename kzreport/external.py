"""The external tools, wrapped in one place: pandoc (from pypandoc-binary) and Typst (the typst package).

Each call is logged at debug level with its exact command, and each failure becomes a `ToolError`
with a message a person can act on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shlex
import subprocess
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


def run_pandoc_jobs(jobs: list[dict[str, Any]], workdir: Path, *, env: dict[str, str] | None = None
                    ) -> dict[str, dict[str, Any]]:
    """Run kzreport.lua on a batch of documents in one pandoc process; per-job results by id."""
    jobs_file = workdir / f"jobs-{id(jobs)}.json"
    result_file = jobs_file.with_suffix(".result.json")
    jobs_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    cmd = [pandoc_path(), "lua", str(LUA_SCRIPT), str(jobs_file), str(result_file)]
    log.debug("running %s", shlex.join(cmd))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})},
                              timeout=600)
    except FileNotFoundError:
        raise ToolError(f"pandoc was not found at {cmd[0]}; reinstall kzreport with `make build`") from None
    except subprocess.TimeoutExpired:
        raise ToolError("pandoc did not finish within 10 minutes; is a block extremely large?") from None
    if proc.stderr.strip():
        log.debug("pandoc said: %s", proc.stderr.strip())
    if proc.returncode != 0 or not result_file.exists():
        raise ToolError(f"pandoc failed (exit status {proc.returncode}): {_last_lines(proc.stderr)}")
    return json.loads(result_file.read_text(encoding="utf-8"))


def _last_lines(text: str, n: int = 6) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join(lines[-n:]) or "no message"


class TypstCompiler:
    """One Typst compiler for a whole build, so fonts are loaded once."""

    def __init__(self, font_paths: list[Path] | None = None) -> None:
        import typst

        self._typst = typst
        # System fonts are ignored on purpose: the same PDF on every machine, and Typst's embedded
        # fonts (Libertinus Serif) draw Latin, Cyrillic and Kazakh letters.
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                            font_paths=[str(p) for p in font_paths or []])
        self._fonts = fonts
        self._compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)

    def compile(self, source: Path, output: Path, *, root: Path, timestamp: dt.datetime) -> None:
        log.debug("typst compile %s -> %s (root %s)", source, output, root)
        try:
            pdf = self._compiler.compile(input=source.read_bytes(), format="pdf", root=str(root),
                                         timestamp=timestamp)
        except self._typst.TypstError as exc:  # type: ignore[attr-defined]
            detail = getattr(exc, "diagnostic", "") or ""
            hints = "; ".join(getattr(exc, "hints", []) or [])
            raise ToolError(f"Typst could not make the PDF: {exc.message if hasattr(exc, 'message') else exc}"
                            f"{' — ' + detail if detail else ''}{' (' + hints + ')' if hints else ''}") from None
        except RuntimeError as exc:
            raise ToolError(f"Typst could not make the PDF: {exc}") from None
        output.write_bytes(pdf)
