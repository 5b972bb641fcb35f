"""HTML: one self-contained page (styles inline, images embedded) for the organisation's website."""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path

from kzreport.formats.base import Builder, OutputJob, vector_of
from kzreport.formats.html_safety import first_tag, publishable
from kzreport.render.contract import PandocOutput

_IMG = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


class HtmlBuilder(Builder):
    name = "html"
    ext = "html"
    pandoc_format = "html"

    def style_files(self) -> list[Path]:
        return [self.resolve_template("kzreport.html")]

    def pandoc_output(self, job: OutputJob) -> PandocOutput:
        out = super().pandoc_output(job)
        out["template"] = str(self.resolve_template("kzreport.html"))
        out["variables"] = {
            "kz-title": html.escape(job.title),
            "kz-lang": job.lang_tag,
            "kz-author": html.escape(job.author),
            "kz-confidential": html.escape(job.confidential_mark or ""),
        }
        return out

    def finish(self, job: OutputJob) -> None:
        text = publishable(job.pandoc_path.read_text(encoding="utf-8"))  # no script, a strict CSP
        if job.confidential_mark:
            text = with_confidential_mark(text, job.confidential_mark)
        job.temp_path.write_text(_IMG.sub(lambda m: m.group(1) + _data_uri(m.group(2), job.root) + m.group(3), text),
                                 encoding="utf-8")


# (inline and !important: a project's style sheet cannot hide it, not even with !important of its own)
_SHOWN = ("display:block!important;visibility:visible!important;opacity:1!important;position:static!important;"
          "color:#C00000!important;background:#FFFFFF!important;font-size:12pt!important;font-weight:bold!important;"
          "text-align:center!important;transform:none!important;clip-path:none!important;height:auto!important")


def with_confidential_mark(page: str, mark: str) -> str:
    """An internal page shows the confidentiality mark first thing, whatever the project's template does."""
    banner = f'<p class="kz-confidential" style="{_SHOWN}">{html.escape(mark)}</p>'
    body = first_tag(page, "body")
    if body is None:
        return banner + page
    if banner in page[body.end():body.end() + len(banner) + 8]:
        return page
    return page[:body.end()] + "\n" + banner + page[body.end():]


def _data_uri(src: str, root: Path) -> str:
    """A staged image (see assets.py) as a data: address, so the page needs no other file. Only files
    of the build's own folder are read: nothing else can end up in a page."""
    path = vector_of(Path(html.unescape(src)))  # a chart: the SVG kzreport drew (its PNG is drawn only for Word)
    if src.startswith("data:") or not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
        return src
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
