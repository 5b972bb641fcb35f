"""Finding the project: the nearest folder at or above the working directory with kzreport.yaml."""

from __future__ import annotations

from pathlib import Path

CONFIG = "kzreport.yaml"


def find_root(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        if (folder / CONFIG).is_file():
            return folder
    return None
