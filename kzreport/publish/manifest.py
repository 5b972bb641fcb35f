"""build/manifest.json, and what the output folder may hold.

The manifest lists every output that is there, with its SHA-256, words and footnotes, and nothing
that is not. Before it is written, `sweep` looks at every output an earlier build left in the folder:
one that belongs to no report any more, or that names a person today's content protects (a case
made anonymised after it was built, then only another language rebuilt), is removed and reported.
Every other output under build/ (the live preview's pages, the outputs of `-o build/<folder>` builds;
not build/internal/, whose outputs show the real names by design) is looked at too, and removed if it
names someone. So `build/` never keeps an output that names a person today's content protects.
"""

from __future__ import annotations

import hashlib
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
from kzreport.publish.cache import file_digest, tool_fingerprint

if TYPE_CHECKING:
    from kzreport.model import Project
    from kzreport.safety import Guard

MANIFEST = "manifest.json"
CLEAN_OUTPUTS = "clean-outputs.json"  # in <output folder>/.cache/: the outputs found clean (CleanOutputs)
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
          current: set[Path], build_folder: Path | None = None, remember: bool = True) -> dict[str, dict[str, Any]]:
    """Remove (and report) the earlier outputs that do not belong to a report (when `expected` is given)
    or name a protected person; the manifest entries of the others, by path (this build's own included:
    the caller writes those it made again). `current` are the outputs of this build, made or up to date,
    which were checked as they were made. `build_folder` (the project's build/) is looked
    at whole as well (`sweep_build_folder`). `remember`: write which outputs were found clean (not after a
    failed build, which changes nothing in the folder but what it must remove)."""
    base = manifest.parent
    old = read_manifest(manifest)
    kept: dict[str, dict[str, Any]] = {}
    checked = CleanOutputs(base, guard)
    for path in sorted(base.glob("*/*")):
        rel = path.relative_to(base).as_posix()
        if not OUTPUT_PATH.fullmatch(rel) or not path.is_file():
            continue
        if path in current:  # this build's: checked when it was made (or, up to date, when it was, against the same names)
            why = None
        elif expected is not None and rel not in expected and rel in old:
            # (only what a build wrote, as its manifest says: a folder of the user's own that looks like
            # a language's, build/old/ or -o docs/ with their files, is no output of ours to remove)
            why = "it belongs to no report of the project any more"
        else:
            why = checked.unclean(path, rel)
        if why:
            _remove(path, why, diags)
            continue
        entry = old.get(rel)
        if entry is not None and path.is_file():
            digest = file_digest(path)
            kept[rel] = entry if entry.get("sha256") == digest else {**entry, "sha256": digest}
    if build_folder is not None:
        sweep_build_folder(build_folder, base, guard, diags, current, checked)
    if remember:
        checked.save()
    if not os.environ.get("KZREPORT_KEEP_TMP"):
        shutil.rmtree(base / DEBUG_FOLDER, ignore_errors=True)  # intermediate files of a debug run
    return kept


# the folders under build/ that are not looked into: the build cache, the private folders of builds under
# way (their files are checked before they are moved into place), and internal builds' outputs, which show
# the real names by design (they never leave the organisation)
INTERNAL = "internal"


def _skipped_folder(name: str) -> bool:
    return name in (".cache", INTERNAL) or name.startswith(".kzreport-")


def sweep_build_folder(folder: Path, base: Path, guard: Guard, diags: Diagnostics, current: set[Path],
                       checked: CleanOutputs | None = None, remember: bool = True) -> None:
    """Every file anywhere under the project's build/ folder that this build did not make and `sweep`
    did not look at (the live preview's pages in build/.preview/, the outputs of `-o build/<folder>`
    builds, a copy put in a folder of its own, as .docx or .odt or in a .zip) is checked against today's
    protected names, and removed and reported if it names anyone: build/ never keeps an output that is no
    longer clean. An output that is only out of date stays (the preview shows the last good version of a
    report while it builds). The manifest beside a removed output is written again without it."""
    if not guard or not folder.is_dir():
        return
    own = checked is None
    if checked is None:
        checked = CleanOutputs(folder, guard)
    manifests: set[Path] = set()
    for top, folders, files in os.walk(folder):  # (links to folders are not followed)
        here = Path(top)
        folders[:] = sorted(f for f in folders if not _skipped_folder(f))
        for name in sorted(files):
            path = here / name
            if path in current or not path.is_file() or path == base / MANIFEST:
                continue  # (a named pipe would never answer; the manifest is written again after this)
            if path.parent.parent == base and OUTPUT_PATH.fullmatch(f"{path.parent.name}/{name}"):
                continue  # sweep's own: looked at already
            why = checked.unclean(path, path.relative_to(folder).as_posix())
            if why:
                _remove(path, why, diags)
                if OUTPUT_PATH.fullmatch(f"{path.parent.name}/{name}"):
                    manifests.add(path.parent.parent / MANIFEST)
    for manifest in sorted(m for m in manifests if m.is_file() and m.parent != base):
        entries = read_manifest(manifest)
        present = {rel: e for rel, e in entries.items() if (manifest.parent / rel).is_file()}
        data = (json.dumps({"outputs": [present[k] for k in sorted(present)]}, ensure_ascii=False, indent=2)
                + "\n").encode()
        if guard.text(data.decode()):
            manifest.unlink()
            diags.warning(display_path(manifest), None, "removed this manifest of an earlier build: it names a "
                                                        "protected person (build again to get it back)",
                          code="removed-output")
        else:
            atomic_write_bytes(manifest, data)
    if own and remember:
        checked.save()


def _remove(path: Path, why: str, diags: Diagnostics) -> None:
    path.unlink(missing_ok=True)
    diags.warning(display_path(path), None, f"removed this output of an earlier build: {why} "
                                            f"(build it again to get it back)", code="removed-output")


class CleanOutputs:
    """Which earlier outputs are clean, remembered from build to build in <output folder>/.cache/ by their
    SHA-256, for as long as the protected names (every form) and kzreport itself stay the same: a build
    reads again only the files that changed, not every output under build/ each time."""

    def __init__(self, base: Path, guard: Guard) -> None:
        self.guard = guard
        self.path = base / ".cache" / CLEAN_OUTPUTS
        self.before: set[str] = set()
        self.now: set[str] = set()
        self.key = ""
        if not guard:
            return
        names = sorted((n.case_id, n.index, n.name, n.forms()) for n in guard.matcher.names)
        self.key = hashlib.sha256(json.dumps([tool_fingerprint(), names], ensure_ascii=False).encode()).hexdigest()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("names") == self.key:
                self.before = {d for d in data.get("clean", []) if isinstance(d, str)}
        except (OSError, ValueError, AttributeError, TypeError):
            pass  # none yet, or damaged: every output is read

    def unclean(self, path: Path, rel: str) -> str | None:
        """Why the earlier output at `path` (`rel` under its folder) must go, or None if it is clean."""
        if not self.guard:
            return None
        leaks = self.guard.text(rel)
        if not leaks:
            try:
                digest = file_digest(path)
            except OSError:
                return None  # gone meanwhile (another build removed or replaced it)
            if digest in self.before or digest in self.now:
                self.now.add(digest)
                return None
            try:
                leaks = self.guard.file(path)
            except Exception as exc:  # a damaged file: whatever its reader raises (zip, PDF, ...)
                if not path.exists():
                    return None
                return f"it could not be read to look for protected names ({type(exc).__name__})"
            if not leaks:
                self.now.add(digest)
                return None
        return f"it names a person protected by {leaks[0].name.describe()}"

    def save(self) -> None:
        if not self.key or (self.now == self.before and (self.path.is_file() or not self.now)):
            return
        data = json.dumps({"names": self.key, "clean": sorted(self.now)}, indent=1) + "\n"
        try:
            atomic_write_bytes(self.path, data.encode())
        except OSError:
            pass  # only a shortcut for the next build


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

