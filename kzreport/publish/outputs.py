"""The output folder: earlier outputs that must not stay after a failed build, and the private
folders of builds that were killed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kzreport import safety
from kzreport.errors import Diagnostics
from kzreport.model import Project
from kzreport.publish.manifest import MANIFEST, sweep, write_manifest


def remove_unclean(project: Project, out_dir: Path, internal: bool, diags: Diagnostics) -> None:
    """After a failed build: earlier outputs are kept, except those that name a person today's content
    protects (a case made anonymised since they were built): build/ never keeps such an output."""
    if internal or not out_dir.is_dir():
        return
    guard = safety.Guard(safety.protected_names(project))
    if guard:
        manifest = out_dir / MANIFEST
        write_manifest(manifest, sweep(manifest, None, guard, diags, set()), guard, diags)


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
