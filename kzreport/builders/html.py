"""HTML: one self-contained page (styles inline) for the organisation's website."""

from __future__ import annotations

import html
from typing import Any

from .base import Builder, OutputJob


class HtmlBuilder(Builder):
    name = "html"
    ext = "html"
    pandoc_format = "html"

    def pandoc_output(self, job: OutputJob) -> dict[str, Any]:
        out = super().pandoc_output(job)
        out["template"] = str(self.resolve_template("kzreport.html"))
        out["variables"] = {
            "kz-title": html.escape(job.title),
            "kz-lang": job.lang_tag,
            "kz-author": html.escape(job.author),
            "kz-confidential": html.escape(job.confidential_mark or ""),
        }
        return out
