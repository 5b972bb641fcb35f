"""The text layer of a PDF, read straight from Typst's content streams.

Reading every glyph with pypdf's general extractor costs seconds per report; this costs milliseconds.
A page it cannot read this way (another producer, an unusual font) goes to pypdf instead.
"""

from __future__ import annotations

import codecs
import re

# Fonts with a ToUnicode map, shown with Tj/TJ.
# A literal string may hold balanced, unescaped parentheses (Typst writes glyph codes such as 0x28
# that way); two levels of nesting are enough for two-byte codes.
_LIT0 = rb"\((?:\\.|[^\\()])*\)"
_LIT1 = rb"\((?:\\.|[^\\()]|" + _LIT0 + rb")*\)"
LIT2 = rb"\((?:\\.|[^\\()]|" + _LIT1 + rb")*\)"
_TOKEN = re.compile(LIT2 +  # a literal string
                    rb"|<<|>>|<[0-9A-Fa-f\s]*>"  # dictionary brackets, a hex string
                    rb"|\[|\]|/[^\s/\[\]()<>{}%]+|[-+]?[\d.]+|[A-Za-z'\"*]+", re.S)
_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _unescape(m: re.Match[bytes]) -> bytes:
    code = m.group(1)
    return bytes([int(code, 8) & 0xFF]) if code[:1].isdigit() and code[:1] < b"8" else _ESC.get(code, code)


def literal(raw: bytes) -> bytes:
    """The bytes of a PDF literal string "(...)"."""
    inner = raw[1:-1]
    if b"\\\\" not in inner and b"\\\n" not in inner:
        # the common case, at C speed: octal and C-style escapes are Python's, \( and \) are not
        try:
            return codecs.escape_decode(inner.replace(b"\\(", b"(").replace(b"\\)", b")"))[0]
        except ValueError:  # "\x" is no escape in PDF (binary data read as a string)
            pass
    return _ESCAPE.sub(_unescape, inner)


def _cmap(font: object) -> dict[int, str] | None:
    """A two-byte font's ToUnicode map as a str.translate table (glyph code -> text)."""
    to_unicode = font.get("/ToUnicode")  # type: ignore[attr-defined]
    if to_unicode is None or "Identity" not in str(font.get("/Encoding", "")):  # type: ignore[attr-defined]
        return None
    data = to_unicode.get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", errors="replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + n)
    return out


def _raw_contents(page: object) -> bytes:
    """The page's content stream(s), decompressed but not parsed (parsing is what is slow)."""
    contents = page["/Contents"].get_object()  # type: ignore[index]
    streams = contents if isinstance(contents, list) else [contents]
    return b"\n".join(s.get_object().get_data() for s in streams)


def page_text(page: object, cmaps: dict[int, dict[int, str] | None]) -> str:
    try:
        return _stream_text(_raw_contents(page), page["/Resources"], cmaps)  # type: ignore[index]
    except Exception:
        return page.extract_text() or ""  # type: ignore[attr-defined]


# The text operators of a content stream, matched in one pass in C: a font selection (Tf), an array
# of strings shown (TJ), one string shown (Tj), the end of a text object (ET).
_HEX = rb"<[0-9A-Fa-f\s]*>"
_OPS = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-+]?[\d.]+\s+Tf"
                  rb"|\[((?:" + LIT2 + rb"|" + _HEX + rb"|[^\]()<>])*)\]\s*TJ"
                  rb"|(" + LIT2 + rb"|" + _HEX + rb")\s*Tj"
                  rb"|\bET\b", re.S)
_STRINGS = re.compile(LIT2 + rb"|" + _HEX)


def _stream_text(data: bytes, resources: object, cmaps: dict[int, dict[int, str] | None]) -> str:
    fonts = resources.get("/Font", {})  # type: ignore[attr-defined]
    out: list[str] = []
    cmap: dict[int, str] | None = None
    for m in _OPS.finditer(data):
        font, array, single = m.groups()
        if font is not None:
            ref = fonts["/" + font.decode()]
            key = id(ref.get_object())
            if key not in cmaps:
                cmaps[key] = _cmap(ref.get_object())
            cmap = cmaps[key]
            if cmap is None:
                raise ValueError("a font without a ToUnicode map")
            continue
        if array is None and single is None:
            out.append("\n")  # ET
            continue
        if cmap is None:
            raise ValueError("text before a font")
        strings = _STRINGS.findall(array) if array is not None else [single]
        if all(s[:1] == b"(" for s in strings):
            # the strings of one array decoded together: glyph codes are two bytes each, so they join
            strings = [b"(" + b"".join(s[1:-1] for s in strings) + b")"]
        for s in strings:
            raw = literal(s) if s[:1] == b"(" else bytes.fromhex(re.sub(rb"\s", b"", s[1:-1]).decode())
            # two-byte glyph codes read as UTF-16 code units, then mapped to text in one C call
            out.append(raw[: len(raw) // 2 * 2].decode("utf-16-be", "surrogatepass").translate(cmap))
    for xobject in resources.get("/XObject", {}).values():  # type: ignore[attr-defined]
        obj = xobject.get_object()
        if obj.get("/Subtype") == "/Form":
            out.append(_stream_text(obj.get_data(), obj.get("/Resources", resources), cmaps))
    return "".join(out)
