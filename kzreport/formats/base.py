"""What every output format shares.

A build renders each report in each language once (Jinja, then one pandoc pass for all formats);
a `Builder` says what it needs from pandoc (`pandoc_output`) and turns pandoc's file into the
finished one (`finish`). The build writes everything to a temporary folder first and only moves a
finished, checked file into place, so a failed build never leaves a half-written output.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from kzreport.render.contract import PandocOutput


@dataclass
class OutputJob:
    """One output file: a report, in one language, in one format."""

    report_id: str
    lang: str
    lang_tag: str
    format: str
    title: str
    author: str
    date: dt.date
    timestamp: dt.datetime
    root: Path  # the build's private folder: the only files the document may read (staged images)
    pandoc_path: Path  # what pandoc writes
    temp_path: Path  # the finished file, before it is checked and moved into place
    final_path: Path
    internal: bool = False
    confidential_mark: str | None = None
    keywords: list[str] = field(default_factory=list)
    pdf_standard: str | None = None
    resources: dict[str, Any] = field(default_factory=dict)


class Builder:
    """One output format."""

    name: ClassVar[str]
    ext: ClassVar[str]
    pandoc_format: ClassVar[str]

    def __init__(self, resolve_template: Any) -> None:
        # resolve_template(name) -> Path: the project's templates/<name>, else the built-in one
        self.resolve_template = resolve_template
        # the protected names of a public build: a builder that can search its output where it makes
        # it (the PDF's Typst worker) does, and says so in job.resources["leaks"]
        self.protected: tuple[Any, ...] = ()

    def style_files(self) -> list[Path]:
        """The files that shape this format's look (part of each output's cache key)."""
        return []

    def pandoc_output(self, job: OutputJob) -> PandocOutput:
        """The output entry of a pandoc job (see convert/lua/kzreport.lua)."""
        return PandocOutput(format=self.pandoc_format, path=str(job.pandoc_path))

    def finish(self, job: OutputJob) -> None:
        """Turn pandoc's file into the finished output at `job.temp_path`."""
        os.replace(job.pandoc_path, job.temp_path)

    def close(self) -> None:
        """Release what the builder holds (worker processes) at the end of a build."""


# a staged chart: its PNG rendering (for Word) next to the SVG kzreport drew (load/assets.py, render/charts.py)
_DRAWING = re.compile(r"(?<=image\(\")(/assets/img-[0-9a-f]{20})\.png(?=\")")


def prefer_vector(source: str, root: Path) -> str:
    """Typst source whose images of charts are the SVGs kzreport drew rather than their PNG renderings
    (vector in the PDF: sharp at any size, labels drawn from the fonts)."""
    def swap(m: re.Match[str]) -> str:
        return f"{m.group(1)}.svg" if (root / f"{m.group(1).lstrip('/')}.svg").is_file() else m.group(0)

    return _DRAWING.sub(swap, source)


def vector_of(path: Path) -> Path:
    """The SVG a staged PNG was drawn from, when it is a chart kzreport drew; else the path itself."""
    svg = path.with_suffix(".svg")
    return svg if path.suffix == ".png" and path.name.startswith("img-") and svg.is_file() else path
