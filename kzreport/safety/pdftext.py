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
# an escape Python reads otherwise than PDF ("\a" is "a" in PDF, "\700" is "\300"), or only with a warning
# (binary data read as a string)
_NOT_PYTHONS = re.compile(rb"\\(?:[^nrtbf()0-7\\]|[4-7][0-7]{2})")


def _unescape(m: re.Match[bytes]) -> bytes:
    code = m.group(1)
    return bytes([int(code, 8) & 0xFF]) if code[:1].isdigit() and code[:1] < b"8" else _ESC.get(code, code)


def literal(raw: bytes) -> bytes:
    """The bytes of a PDF literal string "(...)"."""
    inner = raw[1:-1]
    if b"\\\\" not in inner and b"\\\n" not in inner and not _NOT_PYTHONS.search(inner):
        # the common case, at C speed: octal and C-style escapes are Python's, \( and \) are not
        try:
            return codecs.escape_decode(inner.replace(b"\\(", b"(").replace(b"\\)", b")"))[0]
        except ValueError:  # a backslash at the very end
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

# Typst writes each line of text as one text object: BT, a font (Tf), a matrix (Tm), one array of
# strings (TJ) or one string (Tj; a hex string for some glyphs), ET. Matched as a whole, with the
# strings left unparsed, this is twice as fast as _OPS, and exact as long as every glyph code of the
# page's fonts is below 0x900: a code's first byte is then below 0x09, never a space, a digit, a
# bracket or a letter, so no string can hold what ends an array ("]TJ"), a string (")Tj"), or
# separates two strings (")-12.2("), nor look like BT or Tf. A page with a text object of any other
# shape (every BT and every Tf must be in a match) is read by _OPS. The quantifiers are possessive: a
# pattern that could split a run of bytes in many ways would take exponential time on a line it
# does not match.
_TYPST_LINE = re.compile(rb"BT\s+(?:[-+]?[\d.]+\s+Tr\s*)?/([^\s/\[\]()<>{}%]+)\s+[-+]?[\d.]+\s+Tf\s+"
                         rb"(?:[-+]?[\d.]+\s+){6}Tm\s*"
                         rb"(?:\[((?:[^\]]++|\](?!\s*TJ))*+)\]\s*TJ|(\((?:[^)]++|\)(?!\s*Tj))*+\)|<[0-9A-Fa-f\s]*+>)\s*Tj)\s*ET")
_FONT_SELECTION = re.compile(rb"\sTf\b")
_TEXT_OBJECT = re.compile(rb"\bBT\b")
_BETWEEN_STRINGS = re.compile(rb"\)[-+\d.\s]*\(")  # the end of one string, a kerning, the next string
_SMALL_FONT = 0x900


def _font_cmap(fonts: object, name: bytes, cmaps: dict[int, dict[int, str] | None]) -> dict[int, str]:
    ref = fonts["/" + name.decode()]  # type: ignore[index]
    key = id(ref.get_object())
    if key not in cmaps:
        cmaps[key] = _cmap(ref.get_object())
    cmap = cmaps[key]
    if cmap is None:
        raise ValueError("a font without a ToUnicode map")
    return cmap


def _shown(strings: list[bytes], cmap: dict[int, str]) -> str:
    """The text of one TJ (its array's strings) or Tj (its one string)."""
    if all(s[:1] == b"(" for s in strings):
        # the strings of one array decoded together: glyph codes are two bytes each, so they join
        strings = [b"(" + b"".join(s[1:-1] for s in strings) + b")"]
    out = []
    for s in strings:
        raw = literal(s) if s[:1] == b"(" else bytes.fromhex(re.sub(rb"\s", b"", s[1:-1]).decode())
        # two-byte glyph codes read as UTF-16 code units, then mapped to text in one C call
        out.append(raw[: len(raw) // 2 * 2].decode("utf-16-be", "surrogatepass").translate(cmap))
    return "".join(out)


def _typst_lines(data: bytes, fonts: object, cmaps: dict[int, dict[int, str] | None]) -> list[str] | None:
    """The text of a page written as Typst writes it (_TYPST_LINE), or None."""
    lines = _TYPST_LINE.findall(data)
    if not len(lines) == len(_FONT_SELECTION.findall(data)) == len(_TEXT_OBJECT.findall(data)):
        return None  # a text object of another shape
    out = []
    page_cmaps: dict[bytes, dict[int, str]] = {}  # a page names few fonts, on every line
    for font, array, single in lines:
        cmap = page_cmaps.get(font)
        if cmap is None:
            cmap = page_cmaps[font] = _font_cmap(fonts, font, cmaps)
            if cmap and max(cmap) >= _SMALL_FONT:
                return None
        joined = single or _BETWEEN_STRINGS.sub(b"", array)
        raw = literal(joined) if joined[:1] == b"(" and joined[-1:] == b")" and b"<" not in array else b"-"
        if len(raw) % 2:  # not literal strings only (a hex string, a leading kerning): read one by one
            out.append(_shown([single] if single else _STRINGS.findall(array), cmap))
        else:
            out.append(raw.decode("utf-16-be", "surrogatepass").translate(cmap))
        out.append("\n")
    return out


def _ops_lines(data: bytes, fonts: object, cmaps: dict[int, dict[int, str] | None]) -> list[str]:
    """The text of any page, operator by operator (_OPS)."""
    out = []
    cmap: dict[int, str] | None = None
    for m in _OPS.finditer(data):
        font, array, single = m.groups()
        if font is not None:
            cmap = _font_cmap(fonts, font, cmaps)
        elif array is None and single is None:
            out.append("\n")  # ET
        elif cmap is None:
            raise ValueError("text before a font")
        else:
            out.append(_shown(_STRINGS.findall(array) if array is not None else [single], cmap))
    return out


def _stream_text(data: bytes, resources: object, cmaps: dict[int, dict[int, str] | None]) -> str:
    fonts = resources.get("/Font", {})  # type: ignore[attr-defined]
    out = _typst_lines(data, fonts, cmaps)
    if out is None:
        out = _ops_lines(data, fonts, cmaps)
    for xobject in resources.get("/XObject", {}).values():  # type: ignore[attr-defined]
        obj = xobject.get_object()
        if obj.get("/Subtype") == "/Form":
            out.append(_stream_text(obj.get_data(), obj.get("/Resources", resources), cmaps))
    return "".join(out)
