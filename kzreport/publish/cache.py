"""Skipping work that was already done: the build cache under build/.cache/.

Two levels:
- nothing changed at all (no file of the project, no option, not kzreport itself, and every output
  is still there as written): the build stops before loading anything;
- something changed: every document is still rendered to its pandoc job (milliseconds), and an
  output is rebuilt only if the key of its job changed. The key covers everything the output is
  made from: the assembled Markdown, the block bodies and tables, the sources it cites, the note
  style, the style files of its format, the options, and kzreport's own version and files.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import cache
from pathlib import Path

from kzreport import __version__
from kzreport.files import atomic_write_bytes
from kzreport.layout import PACKAGE, ProjectLayout
from kzreport.render.contract import NOT_IN_CACHE_KEY, OUTPUT_NOT_IN_CACHE_KEY, PandocJob, PandocOutput


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def tool_fingerprint() -> str:
    """kzreport's version and every file that shapes its output (code, templates, filters, data)."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".lua", ".j2", ".typ", ".html", ".docx", ".yaml") \
                and "skeleton" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return _sha(path.read_bytes())


def inputs_digest(root: Path, options_key: str) -> str:
    """Names, sizes and modification times of every file of the project, with the options."""
    h = hashlib.sha256(options_key.encode())
    h.update(tool_fingerprint().encode())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    paths = [root / "kzreport.yaml"]
    for folder in (ProjectLayout(root).content, ProjectLayout(root).templates):
        if folder.is_dir():
            # every entry but folders: also named pipes and links, which the build reports (never opens)
            paths += sorted(p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir())
    for path in paths:
        try:
            own = path.lstat()
            target = os.readlink(path) if stat.S_ISLNK(own.st_mode) else ""
        except OSError:
            continue
        try:
            st = path.stat()  # a link's target: looked at, never opened
        except OSError:
            st = own
        h.update(f"{path.relative_to(root).as_posix()}\0{own.st_mode}\0{target}\0{st.st_mode}\0{st.st_size}"
                 f"\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class BuildCache:
    """build/.cache/<name>.json: what was last built, and from what."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / ".cache" / f"{name}.json"
        self.outputs: dict[str, dict[str, str]] = {}
        self.inputs = ""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("tool") == tool_fingerprint():
                self.outputs = data.get("outputs", {})
                self.inputs = data.get("inputs", "")
        except (OSError, ValueError, AttributeError):
            pass  # no cache, or a damaged one: build everything

    def _intact(self, base: Path, rel: str) -> bool:
        entry = self.outputs.get(rel)
        path = base / rel
        return entry is not None and path.is_file() and file_digest(path) == entry["sha256"]

    def unchanged(self, base: Path, inputs: str) -> bool:
        """True when nothing at all changed since the last complete build with the same options."""
        return bool(self.inputs) and self.inputs == inputs and bool(self.outputs) and \
            all(self._intact(base, rel) for rel in self.outputs)

    def fresh(self, base: Path, rel: str, key: str) -> bool:
        return self.outputs.get(rel, {}).get("key") == key and self._intact(base, rel)

    def record(self, rel: str, key: str, sha256: str) -> None:
        self.outputs[rel] = {"key": key, "sha256": sha256}

    def save(self, inputs: str) -> None:
        # (an output that is gone, swept or of a report renamed since, is forgotten: its path may name someone)
        base = self.path.parent.parent
        outputs = {rel: e for rel, e in sorted(self.outputs.items()) if (base / rel).is_file()}
        data = {"tool": tool_fingerprint(), "inputs": inputs, "outputs": outputs}
        atomic_write_bytes(self.path, json.dumps(data, indent=1).encode())


def job_key(job: PandocJob, output: PandocOutput, extra: list[bytes]) -> str:
    """The key of one output of a pandoc job: its inputs, not where the files happen to be."""
    h = hashlib.sha256(tool_fingerprint().encode())
    stable = {k: v for k, v in job.items() if k not in NOT_IN_CACHE_KEY}
    h.update(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode())
    h.update(json.dumps({k: v for k, v in output.items() if k not in OUTPUT_NOT_IN_CACHE_KEY},
                        sort_keys=True, ensure_ascii=False).encode())
    for blob in extra:
        h.update(_sha(blob).encode())
    return h.hexdigest()
