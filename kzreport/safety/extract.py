"""Everything an output file holds that a reader or a program could read, as text for the leak guard.

Not only what kzreport meant to write: every part of a DOCX (text joined across runs, every attribute
such as alt text and descriptions, relationship targets, properties, part names, the strings and
metadata of its pictures: EXIF, XMP, PNG text chunks inflated, comments), every string of a
PDF (the text layer joined across runs, metadata, XMP, bookmarks, link URIs, alt text, the structure
tree), every part of an HTML page (text, attributes, comments, URLs). URLs are read percent-decoded
and IDNA-decoded too, so `%D0%9A...` or `xn--...` hides nothing.
"""

from __future__ import annotations

import base64
import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

from kzreport.safety.imagetext import binary_text, file_strings, image_strings
from kzreport.safety.pdftext import LIT2, literal, page_text

_TAG = re.compile(r"<[^>]*>")
_ATTR = re.compile(r"""\s[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PARAGRAPH_END = re.compile(r"</w:p>|<w:br\b[^>]*/>|<w:tab\b[^>]*/>|<w:cr\b[^>]*/>|</a:p>|</w:tc>")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENCODED = re.compile(r"[^\s\"'<>]*%[0-9A-Fa-f]{2}[^\s\"'<>]*")
_PUNYCODE = re.compile(r"xn--[a-z0-9-]+", re.IGNORECASE)


def decoded(text: str) -> str:
    """`text` followed by its percent-decoded and IDNA-decoded readings, where they differ."""
    out = [text]
    # only the runs of text that hold an escape are read again (not the whole document once more)
    for token in _ENCODED.findall(text):
        for _ in range(3):  # double and triple encoding
            if not _PERCENT.search(token):
                break
            token = unquote(token, errors="replace")
            out.append(token)
    for label in _PUNYCODE.findall(text):
        try:
            out.append(codecs.decode(label[4:].encode("ascii"), "punycode"))
        except (UnicodeError, ValueError):
            continue
    return "\n".join(out)


# attributes that name fonts: the fonts kzreport's own documents and pages use are not read ("Times New
# Roman" is no person called Roman); any other font a project's template names is (it may be named after
# someone: "Serikbayev Memorial")
_FONT_ATTRIBUTES = {"w:ascii", "w:hAnsi", "w:cs", "w:eastAsia", "typeface", "w:name", "w:asciiTheme",
                    "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"}
_COMMON_FONTS = ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "inherit", "initial",
                 "Libertinus Serif", "Liberation Serif", "Liberation Sans", "Times New Roman", "Times", "Georgia",
                 "Arial", "Helvetica", "Courier New", "Courier", "Consolas", "Calibri", "Cambria", "Cambria Math",
                 "Aptos", "Symbol", "Wingdings", "Segoe UI")
_FONT_CSS = re.compile(r"(font-family\s*[:=]\s*)([^;}<>]*)", re.IGNORECASE)  # (in CSS, or an SVG's attribute)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style>", re.IGNORECASE | re.S)


@cache
def _known_fonts() -> frozenset[str]:
    """The font names (and theme font references) of kzreport's own reference document, and common ones."""
    from kzreport.layout import BUILTIN_TEMPLATES

    fonts = {f.lower() for f in _COMMON_FONTS}
    with zipfile.ZipFile(BUILTIN_TEMPLATES / "reference.docx") as z:
        for name in z.namelist():
            if _xml_part(name):
                for m in _ATTR.finditer(z.read(name).decode("utf-8", errors="replace")):
                    if m.group(0).split("=", 1)[0].strip() in _FONT_ATTRIBUTES:
                        fonts.add((m.group(1) if m.group(1) is not None else m.group(2)).lower())
    return frozenset(fonts)


def without_known_fonts(text: str) -> str:
    """`text` (a template) with the names of kzreport's own and common fonts blanked out, anywhere."""
    return _known_font_names().sub(lambda m: " " * len(m.group()), text)


@cache
def _known_font_names() -> re.Pattern[str]:
    fonts = sorted((f for f in _known_fonts() if len(f) > 3), key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in fonts), re.IGNORECASE)


def _without_font_names(page: str) -> str:
    """The page with the known fonts of its style sheets' font-family declarations left out."""
    return _STYLE_ELEMENT.sub(lambda m: _FONT_CSS.sub(_unknown_fonts, m.group(0)), page)


def _unknown_fonts(m: re.Match[str]) -> str:
    names = [n for n in m.group(2).split(",") if n.strip().strip("\"'").lower() not in _known_fonts()]
    return m.group(1) + ",".join(names)


def _xml_text(xml: str, known: frozenset[str] = frozenset()) -> Iterator[str]:
    # runs are joined ("Kazan" + "tsev" is one word), paragraphs and cells are separated
    yield unescape(_TAG.sub("", _PARAGRAPH_END.sub(" ", xml)))
    for value in _attribute_values(xml):
        if value not in known:
            yield unescape(value)


def _attribute_values(xml: str) -> Iterator[str]:
    for m in _ATTR.finditer(xml):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        name = m.group(0).split("=", 1)[0].strip()
        if value and not value.isdigit() and not (name in _FONT_ATTRIBUTES and value.lower() in _known_fonts()):
            yield value


def _xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels")) or name == "[Content_Types].xml"


@cache
def _builtin_reference() -> dict[str, tuple[bytes, frozenset[str]]]:
    """kzreport's own reference document, part by part: its bytes and its attribute values. What comes
    from it names no one, and a protected name that is also a word of it (a style "Untranslated Mark",
    the PAGE field, the theme's script "Hans") must not stop every DOCX: a part as it is there is not
    read, nor a value it has. A project's own reference document is read like any other text."""
    from kzreport.layout import BUILTIN_TEMPLATES

    out = {}
    with zipfile.ZipFile(BUILTIN_TEMPLATES / "reference.docx") as z:
        for info in z.infolist():
            if _xml_part(info.filename):
                data = z.read(info)
                out[info.filename] = (data, frozenset(_attribute_values(data.decode("utf-8", errors="replace"))))
    return out


def docx_parts(path: Path) -> list[str]:
    """Every part of a DOCX, each as one text: its name, text, attributes, relationship targets, and the
    strings an image holds (its metadata: a picture of the reference document comes as it was made)."""
    parts: list[str] = []
    builtin = _builtin_reference()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            chunks = [info.filename]
            if _xml_part(info.filename):
                data = z.read(info)
                own, known = builtin.get(info.filename, (b"", frozenset()))
                if data != own:  # (kzreport's own part, unchanged: nothing of the content in it)
                    chunks.extend(_xml_text(data.decode("utf-8", errors="replace"), known))
            elif info.filename.lower().endswith(_IMAGE_SUFFIXES) or info.filename.startswith("word/media/"):
                data = z.read(info)
                chunks.extend(svg_text(data) if info.filename.lower().endswith(".svg") else image_strings(data))
            parts.append(decoded("\n".join(chunks)))
    return parts


# the pictures a DOCX can hold (Word keeps a logo as it was inserted: PNG, JPEG, GIF, EMF, ...)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".dib", ".tif", ".tiff", ".emf", ".wmf",
                   ".emz", ".wmz", ".svg", ".svgz", ".ico", ".webp", ".jxr", ".wdp", ".heic", ".avif")
def docx_xml_text(path: Path) -> str:
    """The text and attributes of a DOCX's XML parts and SVG pictures (not the other pictures: a build
    strips their metadata)."""
    with zipfile.ZipFile(path) as z:
        return "\n".join([*(t for n in z.namelist() if _xml_part(n)
                             for t in _xml_text(z.read(n).decode("utf-8", errors="replace"))),
                           *(t for n in z.namelist() if n.lower().endswith(".svg") for t in svg_text(z.read(n)))])


def docx_text(path: Path) -> str:
    """Every part of a DOCX: names, text, attributes, relationship targets, properties."""
    return "\n".join(docx_parts(path))


def pdf_text(path: Path) -> str:
    """The text layer of every page, and every string anywhere in the file: metadata, XMP, bookmarks,
    link URIs, alt text and the structure tree, in compressed object streams too."""
    return pdf_bytes_text(path.read_bytes())


def pdf_bytes_text(data: bytes) -> str:
    """`pdf_text` of a PDF in memory (a Typst worker checks the PDF it has just made)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    cmaps: dict[int, dict[int, str] | None] = {}
    parts = [page_text(page, cmaps) for page in reader.pages]
    # Each text object ends a line of page_text, and Typst writes one per run of one font on a line:
    # a name with a part in bold, or hyphenated at a line's end, is in two. Read joined too.
    parts.extend([_LINE_BREAK.sub("", text) for text in parts])
    parts.extend(_pdf_strings(data, _page_contents(reader)))
    return decoded("\n".join(parts))


def _page_contents(reader: object) -> set[int]:
    """The object numbers of the pages' content streams (their text is read by page_text)."""
    out: set[int] = set()
    for page in reader.pages:  # type: ignore[attr-defined]
        ref: Any = page.raw_get("/Contents") if "/Contents" in page else None
        out.update(r.idnum for r in (ref if isinstance(ref, list) else [ref]) if hasattr(r, "idnum"))
    return out


_LINE_BREAK = re.compile("[-\u00ad\u2010]?\n")  # the end of a text object, with a hyphen before it
_STREAM = re.compile(rb"stream\r?\n")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\xad]")
_BINARY_STREAM = re.compile(rb"/Subtype\s*/(?:CIDFontType0C|Type1C|OpenType|Image)\b|/Length[123]\b")
_ENDSTREAM = b"endstream"
_PDF_STRING = re.compile(LIT2 + rb"|<([0-9A-Fa-f\s]*)>(?!>)")
_OBJECT_NUMBER = re.compile(rb"(\d+)\s+\d+\s+obj$")
_MARKED_CONTENT = re.compile(rb"<<((?:[^<>]|<[^<>]*>)*)>>\s*BDC")


def _pdf_strings(data: bytes, contents: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Every text string of the file, read straight from its bytes and from every stream that inflates
    (object streams hold the dictionaries of compressed PDFs). Reading the objects one by one with pypdf
    costs half a second for a long report; this costs milliseconds."""
    chunks = []
    outside = []  # the file without its streams' raw bytes
    attached: list[str] = []
    # font programs and other binary streams, by what refers to them (Typst's font files carry no /Length1)
    binary = {int(n) for n in _BINARY_REFERENCE.findall(data)}
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        end = data.find(_ENDSTREAM, m.end()) if m else -1
        if m is None or end < 0:
            outside.append(data[pos:])
            break
        outside.append(data[pos:m.start()])
        raw = data[m.end():end]
        window = data[max(0, m.start() - 300):m.start()]
        at = window.rfind(b" obj")
        head = window[at:]  # (its own dictionary)
        number = _OBJECT_NUMBER.search(window[max(0, at - 24):at + 4])
        if _BINARY_STREAM.search(head) or (number and int(number.group(1)) in binary):
            pos = end + len(_ENDSTREAM)
            continue  # a font program or an image's pixels: binary, and no text of the document
        try:
            chunk = zlib.decompressobj().decompress(raw)
        except zlib.error:
            chunk = raw  # not deflated: XMP metadata, or an image whose bytes hold no strings
        if number and int(number.group(1)) in contents:
            # a page's text, read by page_text: only what its marked content says (alt text, actual text)
            chunk = b" ".join(_MARKED_CONTENT.findall(chunk))
        chunks.append(chunk)
        if b"/EmbeddedFile" in head:  # a file attached to the PDF (a project's template can): its text
            attached.extend(file_strings(chunk))
        pos = end + len(_ENDSTREAM)  # (past it: "endstream" ends with "stream" too)
    out = []
    names: set[bytes] = set()
    for chunk in [b"".join(outside), *chunks]:
        chunk = _TYPST_ID.sub(b"", chunk)
        if b"<x:xmpmeta" in chunk or b"<?xpacket" in chunk:
            out.append(_TAG.sub(" ", chunk.decode("utf-8", errors="replace")))
        for s in _PDF_STRING.finditer(chunk):
            if s.group(1) is not None:
                raw = bytes.fromhex(re.sub(rb"\s", b"", s.group(1)).decode().ljust(2, "0")[: len(s.group(1)) // 2 * 2])
            else:
                raw = literal(s.group(0))
            text = _pdf_text_string(raw)
            if text:
                out.append(text)
        names.update(_PDF_NAME.findall(chunk))
    # names too (a template can make one of text: an attachment's type /text#2Fx-Kazantsev), #xx decoded
    out.extend(_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n).decode("utf-8", errors="replace")
               for n in sorted(names))
    return out + attached


# the file's identifiers, which Typst makes of a hash (16 bytes in base64): random letters, no one's text
# (a short name such as Li is in one PDF of a hundred)
_TYPST_ID = re.compile(rb"(?<=/ID\[\()[A-Za-z0-9+/]{22}==(?=\)\()|(?<=\)\()[A-Za-z0-9+/]{22}==(?=\)\])"
                       rb"|(?<=ID>)[A-Za-z0-9+/]{22}==(?=</xmpMM:(?:Document|Instance)ID>)")
_PDF_NAME = re.compile(rb"/([A-Za-z0-9#+._*!~:@$&'=?-]{4,})")  # (printable: not a run of a binary stream's bytes)
_BINARY_REFERENCE = re.compile(rb"/(?:FontFile[23]?|CIDSet|CIDToGIDMap|ICCBased)\s*\[?\s*(\d+)\s+\d+\s+R")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_text_string(raw: bytes) -> str | None:
    """A PDF text string: UTF-16 with a byte order mark, UTF-8 with one, else PDFDocEncoding (~Latin-1);
    None for the glyph codes of page text and other binary strings (the text layer is read apart)."""
    if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return raw.decode("utf-16", errors="replace")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", errors="replace")
    text = raw.decode("latin-1")
    return text if len(text) >= 3 and len(_UNPRINTABLE.findall(text)) <= 0.1 * len(text) else None


_BLOCK_TAGS = re.compile(r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|header|footer|nav|"
                         r"blockquote|hr|title|head|body|html|dd|dt|dl|figure|figcaption|pre|aside|article)\b[^>]*>",
                         re.IGNORECASE)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def html_text(path: Path) -> str:
    """The page's text (inline tags joined, blocks separated), attributes, comments, URLs, and what every
    data: address holds (an SVG's text, a picture's metadata), in an attribute or a style sheet."""
    raw = _without_font_names(path.read_text(encoding="utf-8", errors="replace"))
    parts = [unescape(_TAG.sub("", _BLOCK_TAGS.sub(" ", _COMMENT.sub(" ", raw))))]
    parts.extend(_COMMENT.findall(raw))
    for m in _ATTR.finditer(raw):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        if value and not value.startswith("data:"):  # (read below, decoded)
            parts.append(unescape(value))
    parts.extend(_data_addresses_text(unescape(raw)))
    parts.extend(css_text(raw))
    return decoded("\n".join(parts))


# a data: address as browsers read one (URL and fetch standards): its type, parameters (base64 among
# them, spaces allowed), and a body that is percent-decoded, then, for base64, read without its spaces
_DATA_ADDRESS = re.compile(r"data:\s*([^,;\"'()<>]*)((?:;[^,;\"'()<>]*)*),([^\"'()<>]*)", re.IGNORECASE)


_URL_SAFE = bytes.maketrans(b"-_", b"+/")


def _data_addresses_text(text: str, depth: int = 0) -> list[str]:
    """What every data: address in `text` holds: a picture's strings (its metadata), or any other kind read
    as text (an SVG's text, its runs joined too), and the data: addresses inside that (once more)."""
    out: list[str] = []
    for m in _DATA_ADDRESS.finditer(text):
        data = unquote_to_bytes(m.group(3))
        if "base64" in re.sub(r"\s", "", m.group(2)).lower():
            clean = re.sub(rb"[^A-Za-z0-9+/_-]", b"", data).translate(_URL_SAFE)  # (the URL-safe alphabet too)
            try:
                data = base64.b64decode(clean + b"=" * (-len(clean) % 4))
            except ValueError:
                pass
        kind = m.group(1).strip().lower()
        if kind.startswith("image/") and "svg" not in kind:
            out.extend(image_strings(data))
            continue
        body = _FONT_CSS.sub(_unknown_fonts, binary_text(data))
        out.extend(svg_text(body.encode()))
        if depth < 2 and "data:" in body.lower():
            out.extend(_data_addresses_text(unescape(body), depth + 1))
    return out


def svg_text(data: bytes) -> list[str]:
    """What an SVG (or any XML) shows: its text with runs joined (Kazan<tspan>tsev</tspan>) and apart,
    entities expanded, its own DTD's too (<!ENTITY z "tsev"> ... Kazan&z;), and the markup itself."""
    text = binary_text(data)
    for name, value in _ENTITY.findall(text)[:100]:
        text = text.replace(f"&{name};", value)
    return [unescape(_TAG.sub("", text)), unescape(_TAG.sub(" ", text)), text]


_ENTITY = re.compile(r"<!ENTITY\s+([\w.-]+)\s+[\"']([^\"']*)[\"']")


def css_text(page: str) -> list[str]:
    """The style sheets and style attributes of a page with their escapes read (\\5A haksylykov, d\\61ta:),
    as a browser reads them; and what the data: addresses in them hold."""
    styles = [*_STYLE_CONTENT.findall(page), *_STYLE_ATTRIBUTE.findall(page)]
    if not any("\\" in css for css in styles):
        return []
    decoded_css = "\n".join(_CSS_ESCAPE.sub(_css_char, css) for css in styles)
    return [decoded_css, *_data_addresses_text(decoded_css)]


_STYLE_CONTENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.IGNORECASE | re.S)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'[^']*')""", re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})\s?|(.))", re.S)


def _css_char(m: re.Match[str]) -> str:
    if m.group(1) is None:
        return m.group(2)
    code = int(m.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


EXTRACTORS: dict[str, Callable[[Path], str]] = {".docx": docx_text, ".pdf": pdf_text, ".html": html_text,
                                                 ".htm": html_text, ".xhtml": html_text}


def output_text(path: Path) -> str:
    """What a file holds, for the guard; its own name included."""
    return "\n".join(output_parts(path))


def output_parts(path: Path) -> list[str]:
    """What a file holds, in parts that can be checked one by one (the parts of a DOCX that come
    from the reference document are the same in every output, and are checked once)."""
    if path.suffix.lower() == ".docx":
        return [path.name, *docx_parts(path)]
    extractor = EXTRACTORS.get(path.suffix.lower())
    # (any other file, such as a copy of an output a drafter put in build/ as .odt, .zip or .gz: its strings,
    # what it holds compressed too)
    return [path.name, extractor(path)] if extractor else [path.name, *file_strings(path.read_bytes())]
