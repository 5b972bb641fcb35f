"""PDF: pandoc writes Typst source with kzreport's page design (templates/kzreport.typ), and the
typst package compiles it. Typst embeds the fonts, makes bookmarks from headings and keeps links
clickable; the creation date comes from the report, so rebuilding gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

from kzreport.convert.typst import TypstCompiler
from kzreport.errors import BuildError
from kzreport.formats.base import Builder, OutputJob, prefer_vector
from kzreport.layout import PACKAGE
from kzreport.render.contract import PandocOutput


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

    def pandoc_output(self, job: OutputJob) -> PandocOutput:
        out = super().pandoc_output(job)
        out["template"] = str(self.resolve_template("kzreport.typ"))
        out["variables"] = {"kzsettings": typst_settings(job)}
        if job.pdf_standard:
            out["pdf_standard"] = job.pdf_standard  # not used by pandoc: part of the output's cache key
        return out

    def finish(self, job: OutputJob) -> None:
        source = job.pandoc_path.read_text(encoding="utf-8")
        vector = prefer_vector(source, job.root)  # the charts as SVG (formats/base.py)
        if vector != source:
            job.pandoc_path.write_text(vector, encoding="utf-8")
        stamp = job.timestamp.astimezone(dt.UTC)
        template = self.resolve_template("kzreport.typ")
        own = not template.resolve().is_relative_to(PACKAGE.resolve())
        # a Typst error is reported at the block it comes from (kzreport.lua marks each block in the
        # source), else at the line of the project's own template, else at the output
        leaks = self.compiler.compile(job.pandoc_path, job.temp_path, root=job.root, timestamp=stamp,
                                      standard=job.pdf_standard, name=f"the report {job.report_id} ({job.lang})",
                                      where=job.final_path, template=template if own else None,
                                      blocks=job.resources.get("blocks"), protected=self.protected)
        if self.protected and not job.confidential_mark:
            job.resources["leaks"] = leaks or []  # the guard's look at the file, done by the Typst worker
        if job.confidential_mark:  # (a project's own template may show it, or only seem to: stamped anyway)
            self._ensure_marked(job, job.confidential_mark, stamp_all=own)
        show_title(job.temp_path)

    def _ensure_marked(self, job: OutputJob, mark: str, stamp_all: bool = False) -> None:
        """Internal PDFs carry the confidentiality mark on every page, whatever the project's Typst
        template does: pages without it get it stamped on top (every page, `stamp_all`, with a template
        of the project's own: its mark may be white or tiny), and then every page is checked."""
        from pypdf import PdfReader, PdfWriter

        reader = PdfReader(str(job.temp_path))
        unmarked = [i for i, page in enumerate(reader.pages) if stamp_all or not _shows(page, mark)]
        if unmarked:
            writer = PdfWriter(clone_from=reader)
            stamps: dict[tuple[float, float], Any] = {}
            for i in unmarked:
                page = writer.pages[i]
                size = (float(page.mediabox.width), float(page.mediabox.height))
                if size not in stamps:
                    stamps[size] = self._stamp(job, mark, size)
                page.merge_page(stamps[size])
            with open(job.temp_path, "wb") as f:
                writer.write(f)
            reader = PdfReader(str(job.temp_path))
        missing = [i + 1 for i, page in enumerate(reader.pages) if not _shows(page, mark)]
        if missing:
            raise BuildError(f"{job.final_path.name}: the confidentiality mark could not be put on page(s) "
                             f"{', '.join(map(str, missing[:10]))}; the internal output was not written")

    def _stamp(self, job: OutputJob, mark: str, size: tuple[float, float]) -> Any:
        """A page of `size` with only the mark at its top, made by Typst."""
        from pypdf import PdfReader

        name = f"mark-{int(size[0])}x{int(size[1])}-{job.lang}"
        source = job.root / f"{name}.typ"
        source.write_text(f"#set page(width: {size[0]}pt, height: {size[1]}pt, margin: 0pt)\n"
                          f'#place(top + center, dy: 0.5cm, text(size: 9pt, weight: "bold", fill: rgb("#C00000"), '
                          f"{typst_string(mark)}))\n", encoding="utf-8")
        out = job.root / f"{name}.pdf"
        self.compiler.compile(source, out, root=job.root, timestamp=job.timestamp.astimezone(dt.UTC))
        return PdfReader(str(out)).pages[0]


def _shows(page: Any, mark: str) -> bool:
    """Whether a page's text layer holds the mark (spacing and case aside)."""
    from kzreport.safety import fast_fold, page_text

    def flat(text: str) -> str:
        return "".join(fast_fold(text).lower().split())

    return flat(mark) in flat(page_text(page, {}))


_VIEWER = re.compile(rb"/ViewerPreferences\s*<<")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def show_title(path: Path) -> None:
    """A viewer shows the document's title, not its file name (DisplayDocTitle, PDF/UA asks for it).

    Typst writes the catalog as the last object before the cross-reference table, so the entry is
    added there and only the table's own offset moves; a file of another shape is rewritten by pypdf."""
    data = path.read_bytes()
    found = _STARTXREF.search(data)
    xref = int(found.group(1)) if found else -1
    start = data.rfind(b"/Type/Catalog", 0, max(xref, 0))
    end = data.find(b"endobj", start) if start >= 0 else -1
    if start >= 0 and b"/DisplayDocTitle" in data[start:end]:
        return
    viewer = _VIEWER.search(data, start, end) if found and 0 <= start < end < xref else None
    if found and viewer and data[end:xref].strip() == b"endobj" and data[xref:xref + 4] == b"xref":
        entry = b"/DisplayDocTitle true"
        path.write_bytes(data[:viewer.end()] + entry + data[viewer.end():found.start(1)]
                         + str(xref + len(entry)).encode() + data[found.end(1):])
        return
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    prefs = writer._root_object.setdefault(NameObject("/ViewerPreferences"), DictionaryObject())
    prefs.get_object()[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    with open(path, "wb") as f:
        writer.write(f)
