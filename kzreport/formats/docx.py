"""DOCX: pandoc writes the document with the reference document's styles; python-docx adds what pandoc
cannot (score cell shading, file properties, the confidentiality header), and the zip is rewritten
with fixed dates so the same content always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn

import kzreport.formats.word as word  # not `from kzreport.formats import`: formats/__init__ imports this module
from kzreport.errors import BuildError, display_path
from kzreport.formats.base import Builder, OutputJob
from kzreport.render.contract import PandocOutput

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FILL_MARK = "kzfill:"
_AFTER_SHD = {qn(f"w:{t}") for t in ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark",
                                     "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange")}


class DocxBuilder(Builder):
    name = "docx"
    ext = "docx"
    pandoc_format = "docx"

    def style_files(self) -> list[Path]:
        return [self.resolve_template("reference.docx")]

    def pandoc_output(self, job: OutputJob) -> PandocOutput:
        out = super().pandoc_output(job)
        out["reference_doc"] = str(self.resolve_template("reference.docx"))
        return out

    def finish(self, job: OutputJob) -> None:
        from lxml import etree

        try:
            document = docx.Document(str(job.pandoc_path))
        except (etree.XMLSyntaxError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            # pandoc copies raw OpenXML from a template as it is: broken XML makes a broken DOCX
            raise BuildError(bad_openxml_message(job, exc)) from None
        fill_marked_cells(document)
        word.continuous_footnotes(document)
        word.current_word_mode(document)
        word.rows_do_not_split(document)
        word.legends_stay_with_their_tables(document)
        word.numbered_paragraphs(document)
        word.update_fields_on_opening(document)
        set_properties(document, job)
        images_without_paths(document, job.root)
        if job.confidential_mark:
            mark_confidential(document, job.confidential_mark)
        buf = io.BytesIO()
        document.save(buf)
        reference = self.resolve_template("reference.docx")
        job.temp_path.write_bytes(normalise_zip(buf.getvalue(), job.timestamp,
                                                lambda name, data: images_without_metadata(name, data, job, reference)))


_RAW_OPENXML = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*\{=openxml\}[ \t]*\n(?P<xml>.*?)^(?P=fence)[ \t]*$"
                          r"|`(?P<inline>[^`]+)`\{=openxml\}", re.S | re.M)
_XML_NAMESPACES = " ".join(f'xmlns:{p}="{u}"' for p, u in (
    ("w", W_NS), ("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    ("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    ("a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
    ("m", "http://schemas.openxmlformats.org/officeDocument/2006/math"),
    ("v", "urn:schemas-microsoft-com:vml"), ("o", "urn:schemas-microsoft-com:office:office"),
    ("w14", "http://schemas.microsoft.com/office/word/2010/wordml")))


def bad_openxml_message(job: OutputJob, exc: Exception) -> str:
    """`PATH:LINE: error: ...` for a DOCX that pandoc wrote broken: at the raw OpenXML of the project's
    templates that is not well-formed XML, or else at the output."""
    from lxml import etree

    name = f"the report {job.report_id} ({job.lang})"
    folder = job.resources.get("templates")
    for path in sorted(Path(folder).rglob("*.j2")) if folder and Path(folder).is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for m in _RAW_OPENXML.finditer(text):
            xml = m.group("xml") if m.group("xml") is not None else m.group("inline")
            start = m.start("xml") if m.group("xml") is not None else m.start("inline")
            try:
                etree.fromstring(f"<kz-root {_XML_NAMESPACES}>{xml}</kz-root>".encode())
            except etree.XMLSyntaxError as bad:
                line = text.count("\n", 0, start) + 1 + max(0, (bad.lineno or 1) - 1)
                why = re.sub(r",? line \d+,? column \d+", "", str(bad.msg)).strip()
                return (f"{display_path(path)}:{line}: error: this raw OpenXML is not well-formed XML "
                        f"({why}), so the DOCX of {name} could not be made; fix the XML (every tag closed, "
                        f"in order), or write the text in Markdown")
    return (f"{display_path(job.final_path)}: error: the DOCX of {name} could not be made: pandoc wrote broken "
            f"XML ({exc}); check the raw OpenXML ({{=openxml}}) in the project's templates")


def fill_marked_cells(document: Any) -> None:
    """Shade the table cells the pandoc step marked with a hidden `kzfill:RRGGBB` run."""
    body = document.element.body
    for t in body.iter(qn("w:t")):
        if not (t.text or "").startswith(FILL_MARK):
            continue
        colour = t.text[len(FILL_MARK):]
        run = t.getparent()
        tc = run
        while tc is not None and tc.tag != qn("w:tc"):
            tc = tc.getparent()
        run.getparent().remove(run)
        if tc is None:
            continue
        tc_pr = tc.find(qn("w:tcPr"))
        if tc_pr is None:
            tc_pr = parse_xml(f'<w:tcPr xmlns:w="{W_NS}"/>')
            tc.insert(0, tc_pr)
        for old in tc_pr.findall(qn("w:shd")):
            tc_pr.remove(old)
        shd = parse_xml(f'<w:shd xmlns:w="{W_NS}" w:val="clear" w:color="auto" w:fill="{colour}"/>')
        # Word wants the cell's properties in the schema's order: shd comes before these
        successor = next((c for c in tc_pr if c.tag in _AFTER_SHD), None)
        if successor is not None:
            successor.addprevious(shd)
        else:
            tc_pr.append(shd)


def images_without_paths(document: Any, root: Path) -> None:
    """pandoc names each picture by where it read it (the build's private folder, which changes from
    build to build): only the file's name is kept, so the same content gives the same bytes."""
    prefix = root.as_posix().rstrip("/") + "/"
    for element in document.element.body.iter(qn("pic:cNvPr")):
        descr = element.get("descr") or ""
        if descr.startswith(prefix):
            element.set("descr", descr.rsplit("/", 1)[-1])


def set_properties(document: Any, job: OutputJob) -> None:
    props = document.core_properties
    props.title = job.title
    props.author = job.author
    props.last_modified_by = job.author
    props.language = job.lang_tag
    props.keywords = ", ".join(job.keywords)
    props.subject = job.title
    props.comments = ""
    props.revision = 1
    moment = dt.datetime.combine(job.date, dt.time(12, 0))
    props.created = moment
    props.modified = moment
    # Word reads the proofing language from the document defaults; pandoc sets it from `lang`, this
    # makes sure a project's reference document cannot leave another language in place.
    styles = document.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), job.lang_tag)


def _page_headers(document: Any) -> list[Any]:
    """Every header a page can show: each section's default, first-page and even-page headers."""
    even = document.settings.odd_and_even_pages_header_footer
    headers = []
    for section in document.sections:
        headers.append(section.header)
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if even:
            headers.append(section.even_page_header)
    return headers


def mark_confidential(document: Any, mark: str) -> None:
    """'CONFIDENTIAL — NOT FOR PUBLICATION' at the top of every page, the cover included, whatever the
    reference document says; then checked on every header a page can show."""
    for header in _page_headers(document):
        header.is_linked_to_previous = False
        para = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        para.text = ""
        run = para.add_run(mark)
        # (set on the paragraph and the run themselves, so a project's reference document cannot hide it
        # with its Header or Normal style: hidden, white, shaded in its own colour, squeezed, off the page)
        run.bold, run.font.hidden, run.font.size = True, False, docx.shared.Pt(10)
        run.font.color.rgb = docx.shared.RGBColor(0xC0, 0x00, 0x00)
        run.font.highlight_color = None
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set(run._r.get_or_add_rPr(), _VISIBLE_RUN)
        _set(para._p.get_or_add_pPr(), _VISIBLE_PARAGRAPH)
    for header in _page_headers(document):
        if mark not in "".join(p.text for p in header.paragraphs):
            raise BuildError("the confidentiality mark could not be put in every page header; the internal "
                             "output was not written")


# what a mark's paragraph and run say themselves, whatever a style says: a white background, the normal
# width, spacing and position, nothing that hides it (the paragraph's frame and indents are taken away)
_WHITE = {"w:val": "clear", "w:color": "auto", "w:fill": "FFFFFF"}
_VISIBLE_RUN: dict[str, dict[str, str] | None] = {
    "w:shd": _WHITE, "w:w": {"w:val": "100"}, "w:spacing": {"w:val": "0"}, "w:position": {"w:val": "0"},
    "w:specVanish": {"w:val": "0"}, "w:webHidden": {"w:val": "0"}, "w:vertAlign": {"w:val": "baseline"}}
_VISIBLE_PARAGRAPH: dict[str, dict[str, str] | None] = {
    "w:shd": _WHITE, "w:framePr": None, "w:ind": {"w:left": "0", "w:right": "0", "w:firstLine": "0"}}


# the order Word requires of these properties (the schema's sequences of w:rPr and w:pPr)
_ORDER = {qn(f"w:{t}"): i for i, t in enumerate(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split())}
_RUN_ORDER = {qn(f"w:{t}"): i for i, t in enumerate(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath".split())}


def _set(properties: Any, wanted: dict[str, dict[str, str] | None]) -> None:
    """`wanted` set on a w:rPr or w:pPr (None: taken away), its children then in the schema's order."""
    for tag, attributes in wanted.items():
        for old in properties.findall(qn(tag)):
            properties.remove(old)
        if attributes is not None:
            properties.append(properties.makeelement(qn(tag), {qn(k): v for k, v in attributes.items()}))
    order = _RUN_ORDER if properties.tag == qn("w:rPr") else _ORDER
    children = sorted(properties, key=lambda child: order.get(child.tag, len(order)))  # (stable: others last)
    for child in children:
        properties.append(child)


def images_without_metadata(name: str, data: bytes, job: OutputJob, reference: Path) -> bytes:
    """A part of the finished DOCX, without metadata if it is a PNG or JPEG picture, wherever it came from:
    content images are staged without it, but the pictures of the reference document (a logo in a
    header, the thumbnail) come as they were made, with their EXIF, XMP and text chunks (an author's
    name). The same code as for content images (load/assets.py)."""
    from kzreport.load.assets import ImageProblem, kind_of, without_metadata

    if kind_of(data[:8]) is None:
        return data  # not a PNG or JPEG: XML, or a picture the leak guard reads whole (image_strings)
    try:
        return without_metadata(data)
    except ImageProblem as exc:
        raise BuildError(f"{display_path(reference)}: error: the picture {name} in the DOCX of the report "
                         f"{job.report_id} ({job.lang}) is damaged ({exc}), so its metadata could not be "
                         f"removed; insert the picture again in the reference document (or remove it), "
                         f"and build again") from None


def normalise_zip(data: bytes, timestamp: dt.datetime, clean: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The same zip with every entry dated `timestamp`, so rebuilding gives identical bytes (and each entry
    passed through `clean`, when given)."""
    date_time = max(timestamp, dt.datetime(1980, 1, 1, tzinfo=timestamp.tzinfo)).timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        # [Content_Types].xml first, as Word writes it; the rest in a stable order
        names.sort(key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            part = src.read(name)
            dst.writestr(info, clean(name, part) if clean else part)
    return out.getvalue()
