"""Pictures for the DOCX: each chart kzreport drew as SVG (render/charts.py) drawn again as a PNG of the
same name, by Typst, before pandoc writes the DOCX.

Why: Word and LibreOffice show an SVG in a DOCX only with a PNG beside it, and pandoc makes that PNG
only with rsvg-convert, which is not installed with kzreport. Typst, which kzreport has anyway, draws
SVG with its own renderer and the fonts kzreport ships, the same on every machine, so the PNG is the
same bytes every time. The PDF and the HTML page keep the SVG (formats/base.py `prefer_vector`).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from kzreport.convert.tools import log
from kzreport.errors import ToolError
from kzreport.layout import FONTS

PPI = 200  # for a chart as wide as an A4 page's text: sharp on paper, small in the file
WIDTH_CM = 16

_lock = threading.Lock()
_compiler: Any = None


def _typst() -> Any:
    global _compiler
    import typst

    with _lock:
        if _compiler is None:
            fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS)])
            _compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
        return _compiler


def draw_pngs(svgs: list[Path]) -> None:
    """A PNG beside each SVG (`img-x.svg` -> `img-x.png`) that has none yet."""
    for svg in svgs:
        png = svg.with_suffix(".png")
        if png.exists():
            continue
        source = svg.with_suffix(".typ")
        source.write_text(f'#set page(width: auto, height: auto, margin: 0pt, fill: white)\n'
                          f'#image("{svg.name}", width: {WIDTH_CM}cm)\n', encoding="utf-8")
        log.debug("typst: %s -> %s", svg.name, png.name)
        try:
            data = _typst().compile(input=source.read_bytes(), format="png", ppi=PPI, root=str(svg.parent),
                                    timestamp=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        except Exception as exc:  # noqa: BLE001 - Typst's errors have no common base worth naming
            raise ToolError(f"kzreport could not draw a chart of scores as a picture for the DOCX "
                            f"({type(exc).__name__}: {exc}); build with -f pdf to leave the DOCX out") from None
        finally:
            source.unlink(missing_ok=True)
        if isinstance(data, list):  # one picture per page: a chart is one page
            data = data[0]
        png.write_bytes(data)
