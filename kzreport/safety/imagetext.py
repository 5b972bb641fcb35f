"""The text a picture or any binary data carries besides its pixels: PNG text chunks, EXIF and XMP, JPEG
comments and APPn segments, GIF extensions, the bytes after a picture's end (for the leak guard)."""

from __future__ import annotations

import base64
import bz2
import io
import lzma
import re
import zipfile
import zlib
from html import unescape
from typing import Any

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


def binary_text(data: bytes) -> str:
    """Bytes as the text they most likely are: UTF-8, or UTF-16/32 with a byte order mark."""
    for bom, codec in ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\xfe\xff", "utf-16"),
                       (b"\xff\xfe", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    return data.decode("utf-8", errors="replace")


_BASE64 = re.compile(rb"[A-Za-z0-9+/=\s]{16,}")
_HEX = re.compile(rb"(?:[0-9A-Fa-f]{2}\s*){8,}")
_TAG = re.compile(r"<[^>]*>")


def _unpack(decompressor: Any, data: bytes) -> bytes:
    try:
        return decompressor.decompress(data, _MAX_INFLATE)  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, lzma.LZMAError):
        return b""


def file_strings(data: bytes, depth: int = 0) -> list[str]:
    """The text of a file of any kind (one attached to a PDF): its strings, UTF-16/32 text, and what it
    holds compressed (gzip, zlib, a zip's members) or in base64, read once more (a few levels deep)."""
    out = [*printable_strings(data), binary_text(data)]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:  # the usual encodings of Russian text files
        out.extend(data.decode(codec, errors="replace") for codec in ("cp1251", "koi8_r"))
    if b"<" in data[:4096]:  # XML or HTML (a Word document's runs): its text with tags left out, entities read
        text = binary_text(data)
        out.extend([unescape(_TAG.sub("", text)), unescape(_TAG.sub(" ", text))])
    if depth >= 8:
        return out
    inner: list[bytes] = []
    if data[:2] == b"\x1f\x8b":
        inner.append(_inflate_gzip(data))
    elif data[:1] == b"\x78":
        inner.append(_inflate(data))
    elif data[:3] == b"BZh":
        inner.append(_unpack(bz2.BZ2Decompressor(), data))
    elif data[:6] == b"\xfd7zXZ\x00":
        inner.append(_unpack(lzma.LZMADecompressor(), data))
    elif data[:4] == b"PK\x03\x04":
        inner.extend(_zip_members(data))
    elif _HEX.fullmatch(data.strip()):
        inner.append(bytes.fromhex(re.sub(rb"\s", b"", data).decode()[: len(re.sub(rb"\s", b"", data)) // 2 * 2]))
    elif _BASE64.fullmatch(data.strip()):
        try:
            inner.append(base64.b64decode(re.sub(rb"\s", b"", data), validate=False))
        except ValueError:
            pass
    for unpacked in inner:
        if unpacked and unpacked != data:
            out.extend(file_strings(unpacked, depth + 1))
    return out


def _zip_members(data: bytes) -> list[bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [z.open(info).read(_MAX_INFLATE) for info in z.infolist()[:200]]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return []

