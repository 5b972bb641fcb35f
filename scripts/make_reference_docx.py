"""Regenerate kzreport/templates/reference.docx, the Word styles of every DOCX kzreport writes.

    .venv/bin/python scripts/make_reference_docx.py

It starts from pandoc's own reference document (so every style pandoc uses exists) and sets
kzreport's look: A4 pages, Times New Roman, page numbers in the footer, and the styles named after
what they mark (Case, Case Title, Recommendation, Committee Recommendation, ...). A user restyles
every document by editing these styles in Word and saving the file as templates/reference.docx in
their project. The result is committed; tests check that the styles are there.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kzreport.convert.tools import pandoc_path  # noqa: E402
from kzreport.formats.docx import normalise_zip  # noqa: E402

OUT = ROOT / "kzreport" / "templates" / "reference.docx"
ACCENT = RGBColor(0x1F, 0x38, 0x64)
FONT = "Times New Roman"


def base_reference() -> docx.Document:
    data = subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"], check=True,
                          capture_output=True).stdout
    return docx.Document(io.BytesIO(data))


def para_style(d: docx.Document, name: str, base: str = "Body Text") -> docx.styles.style.ParagraphStyle:
    try:
        style = d.styles[name]
    except KeyError:
        style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = d.styles[base]
    style.quick_style = True
    return style


def char_style(d: docx.Document, name: str) -> docx.styles.style.CharacterStyle:
    try:
        return d.styles[name]
    except KeyError:
        style = d.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.quick_style = True
        return style


# The order of a paragraph's properties in WordprocessingML: Word refuses a file that mixes it up.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def add_ppr(style, xml: str) -> None:
    """Add a paragraph property where the schema wants it."""
    ppr = style.element.get_or_add_pPr()
    element = parse_xml(xml)
    name = element.tag.split("}")[1]
    for old in ppr.findall(element.tag):
        ppr.remove(old)
    later = PPR_ORDER[PPR_ORDER.index(name) + 1:]
    successor = next((child for child in ppr if child.tag.split("}")[1] in later), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        ppr.append(element)


def shade(style, fill: str) -> None:
    add_ppr(style, f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')


def border_left(style, colour: str, size: int = 18) -> None:
    add_ppr(style, f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="{size}" w:space="8" w:color="{colour}"/>'
                   f'</w:pBdr>')


def border_bottom(style, colour: str, size: int = 8) -> None:
    add_ppr(style, f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size}" w:space="4" '
                   f'w:color="{colour}"/></w:pBdr>')


def fonts(style, size: float | None = None, bold: bool | None = None, italic: bool | None = None,
          colour: RGBColor | None = None) -> None:
    f = style.font
    f.name = FONT
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if colour is not None:
        f.color.rgb = colour


def spacing(style, before: float = 0, after: float = 6, line: float | None = 1.1, keep_next: bool = False,
            align=None, left: float | None = None, hanging: float | None = None) -> None:
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line:
        pf.line_spacing = line
    pf.keep_with_next = keep_next
    if align is not None:
        pf.alignment = align
    if left is not None:
        pf.left_indent = Cm(left)
    if hanging is not None:
        pf.first_line_indent = Cm(-hanging)


def table_borders(d: docx.Document) -> None:
    """Thin grey lines around every cell of pandoc's tables (its table style is called "Table")."""
    style = d.styles["Table"].element
    tbl_pr = style.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = parse_xml(f'<w:tblPr {nsdecls("w")}/>')
        style.append(tbl_pr)
    for tag in ("w:tblBorders", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    edges = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>')
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:top w:w="40" w:type="dxa"/>'
                        f'<w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/>'
                        f'<w:right w:w="80" w:type="dxa"/></w:tblCellMar>')
    # the schema orders tblPr's children: ... tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
    ind = tbl_pr.find(qn("w:tblInd"))
    position = list(tbl_pr).index(ind) + 1 if ind is not None else 0
    tbl_pr.insert(position, borders)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def page_setup(d: docx.Document) -> None:
    for section in d.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.4)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
        section.different_first_page_header_footer = True  # no number on the cover
        footer = section.footer
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.style = d.styles["Footer"] if "Footer" in [s.name for s in d.styles] else p.style
        for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                    '<w:r {ns}><w:t>1</w:t></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
            p._p.append(parse_xml(xml.format(ns=nsdecls("w"))))


def main() -> None:
    d = base_reference()
    # remove pandoc's sample paragraphs: the reference document's text is never used
    body = d.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    fonts(d.styles["Normal"], 11)
    spacing(d.styles["Normal"], 0, 6, 1.1)
    for name in ("Body Text", "First Paragraph"):
        fonts(d.styles[name], 11)
        spacing(d.styles[name], 0, 6, 1.1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    fonts(d.styles["Compact"], 11)
    spacing(d.styles["Compact"], 0, 2, 1.1)

    fonts(d.styles["Title"], 22, bold=True, colour=ACCENT)
    spacing(d.styles["Title"], 12, 18, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)
    fonts(d.styles["Subtitle"], 14, bold=False, colour=ACCENT)  # Title, its base, is bold
    spacing(d.styles["Subtitle"], 0, 18, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)
    fonts(d.styles["Date"], 12, bold=False)
    spacing(d.styles["Date"], 0, 36, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)

    for level, size in ((1, 16), (2, 13), (3, 11.5), (4, 11)):
        st = d.styles[f"Heading {level}"]
        fonts(st, size, bold=True, italic=False, colour=ACCENT)
        spacing(st, 18 if level == 1 else 12, 6, 1.0, keep_next=True, align=WD_ALIGN_PARAGRAPH.LEFT)

    fonts(d.styles["Footnote Text"], 8.5)  # the PDF's size too (kzreport.typ)
    spacing(d.styles["Footnote Text"], 0, 2, 1.0)
    fonts(d.styles["Block Text"], 10.5, italic=True)
    spacing(d.styles["Block Text"], 0, 6, 1.1, left=1.0)

    st = para_style(d, "Cover Organisation")
    fonts(st, 12, bold=True, colour=ACCENT)
    st.font.all_caps = True
    # no space before: Word keeps it at the top of the first page, Typst (the PDF) drops it there
    spacing(st, 0, 48, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)

    st = para_style(d, "Cover Text")
    fonts(st, 10)  # a cover's introduction fits its page (kzreport.typ: the same size)
    spacing(st, 0, 5, 1.05, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    # a numbered paragraph (numbered-paragraphs): kzreport links the style to a list numbering when it
    # writes a document (formats/word.py), so Word numbers the paragraphs and renumbers them after edits
    st = para_style(d, "Numbered Paragraph")
    fonts(st, 11)
    spacing(st, 0, 6, 1.1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    # the UN masthead (kz-masthead-*): "United Nations", the symbol over a rule, then the details
    st = para_style(d, "Masthead UN")
    fonts(st, 10, bold=True)
    spacing(st, 0, 2, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)
    st = para_style(d, "Masthead Symbol")
    fonts(st, 16, bold=True)
    spacing(st, 0, 6, 1.0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    border_bottom(st, "000000", size=12)
    st = para_style(d, "Masthead Details")
    fonts(st, 10)
    spacing(st, 0, 24, 1.0, align=WD_ALIGN_PARAGRAPH.RIGHT)

    st = para_style(d, "Letterhead")
    fonts(st, 13, bold=True, colour=ACCENT)
    st.font.all_caps = True
    spacing(st, 0, 24, 1.0)
    border_bottom(st, "1F3864")

    st = para_style(d, "Issued")
    fonts(st, 10, italic=True)
    spacing(st, 0, 12, 1.0)

    st = para_style(d, "Case")
    fonts(st, 10.5)
    spacing(st, 0, 4, 1.1, left=0.4, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    shade(st, "F3F5F9")
    border_left(st, "8EAADB")

    st = para_style(d, "Case Title", base="Case")
    fonts(st, 10.5, bold=True, colour=ACCENT)
    spacing(st, 12, 4, 1.0, keep_next=True, left=0.4, align=WD_ALIGN_PARAGRAPH.LEFT)

    st = para_style(d, "Committee Recommendation Intro")
    fonts(st, 11, italic=True)
    spacing(st, 0, 3, 1.1, keep_next=True)

    st = para_style(d, "Committee Recommendation")
    fonts(st, 10.5)
    spacing(st, 0, 10, 1.1, left=0.8)
    border_left(st, "1F3864", 8)

    st = para_style(d, "Recommendation")
    fonts(st, 11)
    spacing(st, 0, 4, 1.1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    st = para_style(d, "Conclusions")
    fonts(st, 11)
    spacing(st, 0, 4, 1.1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    st = para_style(d, "Conclusions Intro")
    fonts(st, 11, italic=True)
    spacing(st, 6, 3, 1.1, keep_next=True)

    st = para_style(d, "UN Recommendation")
    fonts(st, 11, bold=True)

    st = para_style(d, "Untranslated")
    fonts(st, 11)
    shade(st, "FFF2CC")

    st = para_style(d, "Annex Title")
    fonts(st, 14, bold=True, colour=ACCENT)
    spacing(st, 0, 12, 1.0, keep_next=True)

    st = para_style(d, "Table Text", base="Normal")
    fonts(st, 9.5)
    spacing(st, 0, 2, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)

    st = para_style(d, "Table Heading", base="Table Text")
    fonts(st, 9.5, bold=True)

    table_borders(d)

    st = para_style(d, "Score Legend")
    fonts(st, 9.5)

    # the notes of one column of a bilingual review copy, under its paragraph (each column numbers its own)
    st = para_style(d, "Review Note", base="Table Text")
    fonts(st, 8.5)
    spacing(st, 2, 0, 1.0, align=WD_ALIGN_PARAGRAPH.LEFT)

    st = char_style(d, "Untranslated Mark")
    st.font.bold = True
    st.font.color.rgb = RGBColor(0x7F, 0x60, 0x00)

    st = char_style(d, "Score Level")
    st.font.bold = True

    st = para_style(d, "TOC Heading", base="Heading 1")
    fonts(st, 16, bold=True, colour=ACCENT)
    for level in (1, 2, 3):
        st = para_style(d, f"TOC {level}", base="Normal")
        fonts(st, 11, bold=(level == 1))
        spacing(st, 4 if level == 1 else 0, 2, 1.0, left=0.6 * (level - 1))
        # the page number at the right margin, after a row of dots (A4 less the side margins)
        add_ppr(st, f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" w:pos="9184"/></w:tabs>')
    # A heading left out of the contents and the PDF's bookmarks (`.unlisted`, e.g. "Recommendations"):
    # it looks like its heading but has the outline level of body text, so Word's contents field,
    # when a user updates it, lists the same headings as the PDF.
    for level in (1, 2, 3, 4):
        st = para_style(d, f"Unlisted Heading {level}", base=f"Heading {level}")
        add_ppr(st, f'<w:outlineLvl {nsdecls("w")} w:val="9"/>')

    page_setup(d)
    props = d.core_properties
    props.title, props.author, props.last_modified_by = "kzreport reference document", "kzreport", "kzreport"
    props.created = props.modified = dt.datetime(2026, 1, 1, 12, 0)
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    OUT.write_bytes(normalise_zip(buf.getvalue(), dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
