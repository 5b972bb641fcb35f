"""The built-in reference document: every style the DOCX writer uses exists, in schema order."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from lxml import etree

PACKAGE = Path(__file__).parent.parent / "kzreport"
REFERENCE = PACKAGE / "templates" / "reference.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def lua_styles() -> set[str]:
    lua = (PACKAGE / "convert" / "lua" / "kzreport.lua").read_text(encoding="utf-8")
    tables = re.findall(r"local DOCX_\w+ = \{(.*?)\n\}", lua, re.S)
    names = {m for t in tables for m in re.findall(r'= "([^"]+)"', t)}
    return names | set(re.findall(r'styled\([^)]*"([A-Z][^"]+)"', lua)) | {"Table Text", "Table Heading"}


def test_every_style_the_writer_uses_is_defined():
    defined = {s.name for s in docx.Document(str(REFERENCE)).styles}
    needed = lua_styles() | {"Heading 1", "Heading 2", "Heading 3", "Footnote Text", "TOC Heading", "TOC 1", "TOC 2"}
    assert needed <= defined, needed - defined


def test_paragraph_properties_are_in_schema_order():
    source = (PACKAGE.parent / "scripts" / "make_reference_docx.py").read_text()
    order = eval(re.search(r"PPR_ORDER = (\(.*?\))\n", source, re.S).group(1))  # noqa: S307 - our own file
    root = etree.fromstring(zipfile.ZipFile(REFERENCE).read("word/styles.xml"))
    for ppr in root.iter(f"{W}pPr"):
        names = [child.tag.replace(W, "") for child in ppr]
        positions = [order.index(n) for n in names if n in order]
        assert positions == sorted(positions), names


def test_page_is_a4_with_a_page_number():
    d = docx.Document(str(REFERENCE))
    section = d.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer = "".join(p._p.xml for p in section.footer.paragraphs)
    assert "PAGE" in footer
