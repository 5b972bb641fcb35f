"""build/manifest.json, and what the output folder may hold.

The manifest lists every output that is there, with its SHA-256, words and footnotes, and nothing
that is not. Before it is written, `sweep` looks at every output an earlier build left in the folder:
one that belongs to no report any more, or that names a person today's content protects (a case
made anonymised after it was built, then only another language rebuilt), is removed and reported.
So `build/` only ever holds outputs of the current content.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreport.errors import BuildError, Diagnostics, display_path
from kzreport.files import atomic_write_bytes
from kzreport.formats import FORMATS
from kzreport.publish.cache import file_digest

if TYPE_CHECKING:
    from kzreport.model import Project
    from kzreport.safety import Guard

MANIFEST = "manifest.json"
DEBUG_FOLDER = ".kzreport-debug"  # KZREPORT_KEEP_TMP=1: the intermediate files of a build
# what an output's path looks like: <language>/<report>.<format>, or bilingual/<report>.<src>-<lang>.docx
OUTPUT_PATH = re.compile(r"(?:[a-z]{2,3}|bilingual)/[^/]+\.(?:docx|pdf|html)")


def expected_outputs(project: Project, unread: Iterable[str] = ()) -> set[str]:
    """Every output path (relative to the output folder) the project's reports can have (also those whose
    definition could not be read this time, `unread`: their outputs are kept)."""
    src = project.settings.source_language
    out: set[str] = set()
    for rid in [*project.reports, *unread]:
        for lang in project.languages:
            out.update(f"{lang}/{rid}.{fmt}" for fmt in FORMATS)
            if lang != src:
                out.add(f"bilingual/{rid}.{src}-{lang}.docx")
    return out


def sweep(manifest: Path, expected: set[str] | None, guard: Guard, diags: Diagnostics,
          current: set[Path]) -> dict[str, dict[str, Any]]:
    """Remove (and report) the earlier outputs that do not belong to a report (when `expected` is given)
    or name a protected person; the manifest entries of the others, by path. `current` are the outputs
    of this build, which were checked as they were made."""
    base = manifest.parent
    old = read_manifest(manifest)
    kept: dict[str, dict[str, Any]] = {}
    for path in sorted(base.glob("*/*")):
        rel = path.relative_to(base).as_posix()
        if path in current or not OUTPUT_PATH.fullmatch(rel) or not path.is_file():
            continue
        why = None
        if expected is not None and rel not in expected:
            why = "it belongs to no report of the project any more"
        else:
            leaks = guard.text(rel) + guard.file(path)
            if leaks:
                why = f"it names a person protected by {leaks[0].name.describe()}"
        if why:
            path.unlink()
            diags.warning(display_path(path), None, f"removed this output of an earlier build: {why} "
                                                    f"(build it again to get it back)", code="removed-output")
            continue
        entry = old.get(rel)
        if entry is not None:
            digest = file_digest(path)
            kept[rel] = entry if entry.get("sha256") == digest else {**entry, "sha256": digest}
    if not os.environ.get("KZREPORT_KEEP_TMP"):
        shutil.rmtree(base / DEBUG_FOLDER, ignore_errors=True)  # intermediate files of a debug run
    return kept


def write_manifest(manifest: Path, entries: dict[str, dict[str, Any]], guard: Guard, diags: Diagnostics) -> None:
    """The manifest of the outputs that are there (checked by the guard like any output)."""
    base = manifest.parent
    present = {rel: e for rel, e in entries.items() if (base / rel).is_file()}
    data = (json.dumps({"outputs": [present[k] for k in sorted(present)]}, ensure_ascii=False, indent=2)
            + "\n").encode()
    leaks = guard.text(data.decode())
    if leaks:
        for leak in leaks:
            diags.error(display_path(manifest), None, leak.message("the manifest"))
        raise BuildError("the leak guard stopped the build: the manifest was not written")
    atomic_write_bytes(manifest, data)


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """The entries of an earlier manifest by path (none if it is missing or damaged)."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8")).get("outputs", [])
        return {e["path"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)}
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        return {}

