"""One builder per output format, sharing `Builder` (see base.py)."""

from .base import Builder, OutputJob
from .docx import DocxBuilder
from .html import HtmlBuilder
from .pdf import PdfBuilder

BUILDERS: dict[str, type[Builder]] = {b.name: b for b in (DocxBuilder, PdfBuilder, HtmlBuilder)}

__all__ = ["BUILDERS", "Builder", "OutputJob", "DocxBuilder", "PdfBuilder", "HtmlBuilder"]
