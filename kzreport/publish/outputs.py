"""The output folder: earlier outputs that must not stay after a failed build, and the private
folders of builds that were killed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kzreport import safety
from kzreport.errors import Diagnostics
from kzreport.model import Project
from kzreport.publish.manifest import MANIFEST, sweep, sweep_build_folder, write_manifest


def remove_unclean(project: Project, out_dir: Path, internal: bool, diags: Diagnostics) -> None:
    """After a failed build: earlier outputs are kept, except those that name a person today's content
    protects (a case made anonymised since they were built), in the output folder and anywhere under
    build/: build/ never keeps such an output."""
    if internal:
        return
    guard = safety.Guard(safety.protected_names(project))
    if not guard:
        return
    if out_dir.is_dir():
        manifest = out_dir / MANIFEST
        kept = sweep(manifest, None, guard, diags, set(), project.layout.build(), remember=False)
        write_manifest(manifest, kept, guard, diags)
    else:  # `-o` a folder not made yet: build/ is looked at all the same
        sweep_build_folder(project.layout.build(), out_dir, guard, diags, set(), remember=False)


def clean_stale_temp(out_dir: Path) -> None:
    """Remove the temporary folders of builds that were killed (their process no longer runs)."""
    for tmp in out_dir.glob(".kzreport-*-*"):
        pid = tmp.name.split("-")[1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
