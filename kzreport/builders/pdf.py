"""PDF: pandoc writes Typst source with kzreport's page design (templates/kzreport.typ), and the
typst package compiles it. Typst embeds the fonts, makes bookmarks from headings and keeps links
clickable; the creation date comes from the report, so rebuilding gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from ..external import TypstCompiler
from .base import Builder, OutputJob


def typst_string(value: str | None) -> str:
    if value is None:
        return "none"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def typst_settings(job: OutputJob) -> str:
    """The `kz` dictionary the Typst template reads (all values are literals, never markup)."""
    lang, _, region = job.lang_tag.partition("-")
    d = job.date
    fields = {
        "title": typst_string(job.title),
        "author": typst_string(job.author),
        "lang": typst_string(lang),
        "region": typst_string(region) if region else "none",
        "date": f"datetime(year: {d.year}, month: {d.month}, day: {d.day})",
        "confidential": typst_string(job.confidential_mark),
        "keywords": "(" + "".join(typst_string(k) + ", " for k in job.keywords) + ")",
    }
    return "#let kz = (" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + ")"


class PdfBuilder(Builder):
    name = "pdf"
    ext = "pdf"
    pandoc_format = "typst"

    def __init__(self, resolve_template: Any) -> None:
        super().__init__(resolve_template)
        self._compiler: TypstCompiler | None = None
        self._lock = threading.Lock()

    @property
    def compiler(self) -> TypstCompiler:
        if self._compiler is None:  # starting Typst takes a moment: only when a PDF is wanted
            with self._lock:
                if self._compiler is None:
                    self._compiler = TypstCompiler()
        return self._compiler

    def close(self) -> None:
        if self._compiler is not None:
            self._compiler.close()

    def style_files(self) -> list[Path]:
        return [self.resolve_template("kzreport.typ")]

    def pandoc_output(self, job: OutputJob) -> dict[str, Any]:
        out = super().pandoc_output(job)
        out["template"] = str(self.resolve_template("kzreport.typ"))
        out["variables"] = {"kzsettings": typst_settings(job)}
        if job.pdf_standard:
            out["pdf_standard"] = job.pdf_standard  # not used by pandoc: part of the output's cache key
        return out

    def finish(self, job: OutputJob) -> None:
        stamp = job.timestamp.astimezone(dt.UTC)
        self.compiler.compile(job.pandoc_path, job.temp_path, root=job.root, timestamp=stamp,
                              standard=job.pdf_standard)
