"""Everything an output file holds that a reader or a program could read, as text for the leak guard.

Not only what kzreport meant to write: every part of a DOCX (text joined across runs, every attribute
such as alt text and descriptions, relationship targets, properties, part names, the strings and
metadata of its pictures: EXIF, XMP, PNG text chunks inflated, comments), every string of a
PDF (the text layer joined across runs, metadata, XMP, bookmarks, link URIs, alt text, the structure
tree), every part of an HTML page (text, attributes, comments, URLs). URLs are read percent-decoded
and IDNA-decoded too, so `%D0%9A...` or `xn--...` hides nothing.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import cache
from html import unescape
from pathlib import Path
from urllib.parse import unquote

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


# attributes that name fonts ("Times New Roman" is no person called Roman); they hold no content
_FONT_ATTRIBUTES = {"w:ascii", "w:hAnsi", "w:cs", "w:eastAsia", "typeface", "w:name", "w:asciiTheme",
                    "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"}
_FONT_CSS = re.compile(r"font-family\s*:[^;}<]*", re.IGNORECASE)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style>", re.IGNORECASE | re.S)


def _without_font_names(page: str) -> str:
    """The page with the font-family declarations of its style sheets left out (only there: in an
    attribute the declaration's end is not certain)."""
    return _STYLE_ELEMENT.sub(lambda m: _FONT_CSS.sub("", m.group(0)), page)


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
        if value and not value.isdigit() and name not in _FONT_ATTRIBUTES:
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
                chunks.extend(image_strings(z.read(info)))
            parts.append(decoded("\n".join(chunks)))
    return parts


# the pictures a DOCX can hold (Word keeps a logo as it was inserted: PNG, JPEG, GIF, EMF, ...)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".dib", ".tif", ".tiff", ".emf", ".wmf",
                   ".emz", ".wmz", ".svg", ".svgz", ".ico", ".webp", ".jxr", ".wdp", ".heic", ".avif")
# runs of at least 4 printable bytes (ASCII, or the bytes of UTF-8 and Latin-1 letters), and UTF-16 text
# of Latin and Cyrillic letters (Windows writes EXIF's XPAuthor and EMF's strings as UTF-16LE)
_PRINTABLE = re.compile(rb"[\t\n\r\x20-\x7e\x80-\xff]{4,}")
_UTF16LE = re.compile(rb"(?:[\x20-\x7e\xa0-\xff]\x00|[\x00-\xff]\x04){4,}")
_UTF16BE = re.compile(rb"(?:\x00[\x20-\x7e\xa0-\xff]|\x04[\x00-\xff]){4,}")
_PNG = b"\x89PNG\r\n\x1a\n"
# PNG chunks of pixels and colour, which hold no text; every other chunk is read
_PNG_PIXELS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs", b"sBIT", b"bKGD",
               b"fdAT", b"acTL", b"fcTL"}
_MAX_INFLATE = 4 * 1024 * 1024  # a compressed text chunk is read this far (a tiny chunk can inflate to gigabytes)


def printable_strings(data: bytes) -> list[str]:
    """The text in binary data: runs of printable bytes (read as UTF-8 where they are, else Latin-1), and
    runs of UTF-16 text."""
    out = []
    for m in _PRINTABLE.finditer(data):
        try:
            out.append(m.group().decode("utf-8"))
        except UnicodeDecodeError:
            out.append(m.group().decode("latin-1"))
    out.extend(m.group().decode("utf-16-le", errors="replace") for m in _UTF16LE.finditer(data))
    out.extend(m.group().decode("utf-16-be", errors="replace") for m in _UTF16BE.finditer(data))
    return out


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, _MAX_INFLATE)
    except zlib.error:
        return data


def image_strings(data: bytes) -> list[str]:
    """The text a picture carries besides its pixels: PNG text chunks (zTXt and iTXt inflated), EXIF
    and XMP, JPEG comments and APPn segments, bytes after the picture's end; for other kinds of
    picture, every string of the file. Reading a PNG or JPEG skips its pixels, so it costs little."""
    if data.startswith(_PNG):
        return _png_strings(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_strings(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif_strings(data)
    if data[:2] == b"\x1f\x8b":  # .emz, .wmz, .svgz: gzip
        return printable_strings(data) + printable_strings(_inflate_gzip(data))
    return printable_strings(data)


def _inflate_gzip(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(data, _MAX_INFLATE)
    except zlib.error:
        return b""


def _png_strings(data: bytes) -> list[str]:
    out: list[str] = []
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if ctype == b"IEND":
            break
        if ctype in _PNG_PIXELS:
            continue
        keyword, _, rest = body.partition(b"\x00")
        if ctype == b"zTXt":  # keyword, method, compressed text
            body = keyword + b" " + _inflate(rest[1:])
        elif ctype == b"iTXt":  # keyword, compressed?, method, language, translated keyword, text
            compressed = rest[:1] == b"\x01"
            lang, _, rest = rest[2:].partition(b"\x00")
            translated, _, text = rest.partition(b"\x00")
            body = b" ".join([keyword, lang, translated, _inflate(text) if compressed else text])
        out.extend(printable_strings(body))
    out.extend(printable_strings(data[pos:]))  # whatever follows the image's end (or a chunk cut short)
    return out


def _gif_strings(data: bytes) -> list[str]:
    """The extensions of a GIF (comments, XMP, application data) and whatever follows its end; the
    compressed pixels are skipped."""
    def sub_blocks(pos: int) -> tuple[bytes, int]:  # the data of a run of sub-blocks, and where it ends
        parts = []
        while pos < len(data) and data[pos]:
            parts.append(data[pos + 1:pos + 1 + data[pos]])
            pos += 1 + data[pos]
        return b"".join(parts), pos + 1

    found: list[bytes] = []
    flags = data[10] if len(data) > 10 else 0
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)  # after the global colour table
    while pos < len(data):
        if data[pos] == 0x21 and pos + 1 < len(data):  # an extension: its label, then sub-blocks
            text, pos = sub_blocks(pos + 2)
            found.append(text)
        elif data[pos] == 0x2C and pos + 10 <= len(data):  # an image: descriptor, colour table, pixels
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1  # (and the LZW code size)
            _, pos = sub_blocks(pos)
        else:
            break  # the end (0x3B), or not a GIF any more: the rest is read whole
    found.append(data[pos:])
    return [s for chunk in found for s in printable_strings(chunk)]


def _jpeg_strings(data: bytes) -> list[str]:
    from kzreport.load.assets import jpeg_scan_end

    segments: list[bytes] = []
    pos = 2
    while pos + 4 <= len(data):
        marker = data[pos + 1]
        if data[pos] != 0xFF or marker == 0xD9:  # not a marker any more, or the end of the image
            break
        if marker == 0xFF:
            pos += 1
            continue
        if 0xD0 <= marker <= 0xD7 or marker in (0x01, 0xD8):
            pos += 2
            continue
        end = pos + 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker < 0xC0 or end > len(data):
            break  # not a JPEG any more (a damaged file, or text where the picture ends): read the rest whole
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn (EXIF, XMP, IPTC, ...) and comments
            segments.append(data[pos + 4:end])
        if marker == 0xDA:  # the compressed pixels follow the header of a scan, up to the next marker
            end = jpeg_scan_end(data, end)
        pos = end
    segments.append(data[pos:])  # whatever follows (text after the end of the image, or a damaged file)
    return [s for seg in segments for s in printable_strings(seg)]


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
    parts.extend(_pdf_strings(data))
    return decoded("\n".join(parts))


_LINE_BREAK = re.compile("[-\u00ad\u2010]?\n")  # the end of a text object, with a hyphen before it
_STREAM = re.compile(rb"stream\r?\n")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\xad]")
_BINARY_STREAM = re.compile(rb"/Subtype\s*/(?:CIDFontType0C|Type1C|OpenType|Image)\b|/Length[123]\b")
_ENDSTREAM = b"endstream"
_PDF_STRING = re.compile(LIT2 + rb"|<([0-9A-Fa-f\s]*)>(?!>)")


def _pdf_strings(data: bytes) -> list[str]:
    """Every text string of the file, read straight from its bytes and from every stream that inflates
    (object streams hold the dictionaries of compressed PDFs). Reading the objects one by one with pypdf
    costs half a second for a long report; this costs milliseconds."""
    chunks = []
    outside = []  # the file without its streams' raw bytes
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        end = data.find(_ENDSTREAM, m.end()) if m else -1
        if m is None or end < 0:
            outside.append(data[pos:])
            break
        outside.append(data[pos:m.start()])
        raw = data[m.end():end]
        head = data[max(0, m.start() - 300):m.start()]
        if _BINARY_STREAM.search(head[head.rfind(b" obj"):]):
            pos = end
            continue  # a font program or an image's pixels: binary, and no text of the document
        try:
            chunks.append(zlib.decompressobj().decompress(raw))
        except zlib.error:
            chunks.append(raw)  # not deflated: XMP metadata, or an image whose bytes hold no strings
        pos = end
    out = []
    for chunk in [b"".join(outside), *chunks]:
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
    return out


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
    """The page's text (inline tags joined, blocks separated), attributes, comments and URLs."""
    raw = _without_font_names(path.read_text(encoding="utf-8", errors="replace"))
    parts = [unescape(_TAG.sub("", _BLOCK_TAGS.sub(" ", _COMMENT.sub(" ", raw))))]
    parts.extend(_COMMENT.findall(raw))
    for m in _ATTR.finditer(raw):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        if value and not value.startswith("data:image/"):  # images are written without metadata
            parts.append(unescape(value))
    return decoded("\n".join(parts))


EXTRACTORS: dict[str, Callable[[Path], str]] = {".docx": docx_text, ".pdf": pdf_text, ".html": html_text}


def output_text(path: Path) -> str:
    """What a file holds, for the guard; its own name included."""
    return "\n".join(output_parts(path))


def output_parts(path: Path) -> list[str]:
    """What a file holds, in parts that can be checked one by one (the parts of a DOCX that come
    from the reference document are the same in every output, and are checked once)."""
    if path.suffix.lower() == ".docx":
        return [path.name, *docx_parts(path)]
    extractor = EXTRACTORS.get(path.suffix.lower())
    return [path.name, extractor(path) if extractor else path.read_bytes().decode("utf-8", errors="replace")]
