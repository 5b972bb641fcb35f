"""One builder per output format, sharing `Builder` (see base.py).

The builders are imported when a build needs them: python-docx and Typst take a moment to load,
which a build with nothing to do should not pay.
"""

from __future__ import annotations

from kzreport.formats.base import Builder, OutputJob


def builder_class(name: str) -> type[Builder]:
    if name == "docx":
        from kzreport.formats.docx import DocxBuilder
        return DocxBuilder
    if name == "pdf":
        from kzreport.formats.pdf import PdfBuilder
        return PdfBuilder
    if name == "html":
        from kzreport.formats.html import HtmlBuilder
        return HtmlBuilder
    raise ValueError(f"no builder for {name}")


FORMATS = ("docx", "pdf", "html")

__all__ = ["FORMATS", "Builder", "OutputJob", "builder_class"]
