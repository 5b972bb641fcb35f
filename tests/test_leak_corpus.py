"""The adversarial leak corpus of issue 11 (point 7): every way a careless or hostile drafter can
get a protected name into a published file, and legitimate text that must still build.

The corpus
----------
`CORPUS` is a table. Each `Case` lays a few files over `BASE` — a small en+ru project with an
anonymised case (`cases/anonymised`: Mikhail Kazantsev / Михаил Казанцев, pseudonym M. K. / М. К.,
names listed once, in the nominative) and a confidential one (`cases/confidential`: Aigerim
Sekretova / Айгерим Секретова) — runs `kzreport build -f docx -f pdf -f html -l LANG` as a user
would (`python -m kzreport` in a subprocess), and checks the outcome it names:

- CLEAN: exit 0 and no protected form anywhere under build/. Used where the issue says the tool
  anonymises (the case's own text written in an ordinary or merely careless way: inflections,
  footnotes, tables, look-alike letters, invisible characters, hyphen/apostrophe/ё variants, ...).
  Refusing such text would be a false alarm.
- BLOCKED: exit 1, stderr names the case or the offending block/file, no "Traceback", and nothing
  under build/ carries a protected form (earlier outputs kept or removed, never a leaking one).
- EITHER: "exit 0 and clean, or exit 1 naming the case/file (and clean)". Used where anonymising
  and refusing are both defensible: the name in a URL, a source, an image's metadata, split by
  markup inside a word, in another block, in report/theme titles, in file names.
- BUILDS: a false-alarm trap — exit 0, the legitimate words in `keep` are printed in every output,
  and still no protected form anywhere.
- INTERNAL: `build --internal`: outputs under build/internal/, "CONFIDENTIAL"/"КОНФИДЕНЦИАЛЬНО" on
  every PDF page, in every DOCX header and in the HTML, and nothing confidential outside it.
For every case, stdout/stderr must not print a protected form either (CI logs are public) unless
the case sets `log_may_name` (the name is in a file name, or it is the message that shows the
fix for a mistyped `protect`), and build/manifest.json must list only files that exist.
Cases in category 7 first build earlier content (`before`), then change it and build again.

Each case lists the protected forms it implies (`forms`), in addition to the base project's
(`BASE_FORMS`). A form is searched at the start of a word (so endings and digits attached still
match); "~form" anywhere inside a word; "=form" as a whole word only (first names whose stem is
also the start of ordinary words: Петр/Петропавловск, Павел/Павлодар).
A listed full name is replaced as a whole: a first name left next to the pseudonym ("the case of
Mikhail M. K.") counts as a leak, so the first names of listed full names are among the forms.
The first name standing alone elsewhere is not protected unless listed alone (as the issue says
only of the surname), and the corpus never writes it alone unless it is listed.

Categories (the `cat` of each case, the first part of its test id): 1 `protect` written wrong;
2 inflection and attached letters/digits; 3 where the name hides (links, sources, images, notes,
tables, raw blocks, other blocks, titles, file names); 4 markup splitting a word; 5 look-alike
and invisible characters; 6 image metadata; 7 earlier outputs; 8 confidential cases and internal
builds; 9 document metadata; 10 false-alarm traps. Where the right behaviour is debatable the
case says why (`why`, printed when it fails).
Set KZ_LEAK_CORPUS_EXITS=FILE to record each case's exit status (anonymised or refused).

The oracle (independent of kzreport.safety)
-------------------------------------------
`everything_in(build)` extracts every text a build folder holds: each path; each file's raw bytes
decoded as UTF-8, Latin-1 and UTF-16 (both byte orders and alignments); JSON re-dumped;
DOCX: each zip entry's name, raw XML, text joined across runs and tags (paragraph ends, breaks and
tabs as spaces), every attribute value, media bytes; PDF: pypdf's text of each page and of all
pages, every string, name and stream (decoded) of every object (Info, XMP, outlines, annotations'
URIs, structure tree, embedded JPEGs), plus every zlib stream of the raw file decompressed; HTML:
raw, tags stripped (inline tags joined without a space), every attribute value, base64 data: URIs
decoded; images: PNG text chunks inflated. Every text is also searched html-unescaped and
percent-decoded (repeatedly) when it holds "&" or "%".
Both the texts and the forms are normalised before searching: NFKD, combining marks and format
characters (Cf: zero-width, BOM, soft hyphen, bidi controls) dropped, Cyrillic/Latin/Greek/Kazakh
look-alikes folded to one skeleton (upper and lower case alike), hyphens/dashes and apostrophes
unified, casefolded, every run of whitespace one space. So ё = е, й = и, NBSP = space.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import struct
import sys
import unicodedata
import urllib.parse
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import kz_process

pytestmark = pytest.mark.e2e

REPO = Path(__file__).parent.parent
FORMATS = ("-f", "docx", "-f", "pdf", "-f", "html")

CLEAN, BLOCKED, EITHER, BUILDS, INTERNAL = "clean", "blocked", "either", "builds", "internal"

# ------------------------------------------------------------------------------------------------
# The oracle: normalisation
# ------------------------------------------------------------------------------------------------

_FOLD: dict[int, str | None] = {}


def _build_fold() -> None:
    for cp in range(sys.maxunicode + 1):
        cat = unicodedata.category(chr(cp))
        if cat in ("Cf", "Mn", "Me"):
            _FOLD[cp] = None
    # look-alikes: both cases to one lower-case Latin letter (Kazakh letters to their Russian kin)
    groups = {
        "a": "АаӘәΑα", "b": "ВвΒβ", "c": "Сс", "d": "Ԁԁ", "e": "ЕеЁёΕε", "h": "НнҢңҺһΗη",
        "i": "ІіΙιıӀ", "j": "Јј", "k": "КкҚқΚκ", "m": "МмΜμ", "n": "Νν", "o": "ОоӨөΟο",
        "p": "РрΡρ", "s": "Ѕѕ", "t": "ТтΤτ", "x": "ХхΧχ", "y": "УуҮүҰұΥυ", "z": "Ζζ", "г": "Ғғ",
    }
    groups_of = {ch: target for target, chars in groups.items() for ch in chars}
    for target, chars in groups.items():
        for ch in chars:
            _FOLD[ord(ch)] = target
    # letters that show nothing (Hangul fillers, the blank Braille pattern), and letters drawn like
    # another: small capitals (ᴋᴀᴢ), ɑ, ɡ, ѵ
    for cp in (0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800):
        _FOLD[cp] = None
    for cp in range(0x250, 0x1E00):
        name = unicodedata.name(chr(cp), "")
        if name.startswith("LATIN LETTER SMALL CAPITAL ") and len(name) == len("LATIN LETTER SMALL CAPITAL X"):
            _FOLD.setdefault(cp, groups_of.get(name[-1].lower(), name[-1].lower()))
    _FOLD.update({0x251: "a", 0x261: "g", 0x475: "v", 0x28B: "v"})
    # letters of other scripts that Unicode lists as confusable with a Latin letter (Cherokee Ꮶ, Lisu ꓮ)
    from confusable_homoglyphs import confusables

    for target, entries in json.loads((Path(confusables.__file__).parent / "confusables.json").read_text("utf-8")).items():
        if len(target) == 1 and target.isascii() and target.isalpha():
            for entry in entries:
                c = entry["c"]
                if len(c) == 1 and c.isalpha() and not c.isascii() and ord(c) not in _FOLD \
                        and not 0x400 <= ord(c) < 0x530 and unicodedata.normalize("NFKD", c) == c:
                    _FOLD[ord(c)] = groups_of.get(target.lower(), target.lower())
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u058a\u1806":
        _FOLD[ord(ch)] = "-"
    for ch in "\u2018\u2019\u201a\u201b\u2032\u2035\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u0060\u00b4\uff07":
        _FOLD[ord(ch)] = "'"
    _FOLD[0x00AD] = None  # soft hyphen (Cf anyway)


_build_fold()
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """The skeleton both texts and protected forms are compared in."""
    text = unicodedata.normalize("NFKD", text).translate(_FOLD).casefold().translate(_FOLD)
    return _SPACE.sub(" ", text)


def _pattern(form: str) -> re.Pattern:
    mode, word = (form[0], form[1:]) if form[:1] in "=~" else ("", form)
    body = re.escape(norm(word).strip())
    if mode == "~":
        return re.compile(body)
    if mode == "=":
        return re.compile(r"(?<![^\W\d_])" + body + r"(?![^\W\d_])")
    return re.compile(r"(?<![^\W\d_])" + body)


# ------------------------------------------------------------------------------------------------
# The oracle: extraction
# ------------------------------------------------------------------------------------------------

_ATTR = re.compile(r"""[\s<][\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_BREAKS = re.compile(r"</w:p>|<w:br\b[^>]*>|<w:cr\b[^>]*>|<w:tab\b[^>]*>|</a:p>|</text:p>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_HTML_BLOCK = re.compile(r"</?(?:p|div|section|article|header|footer|nav|aside|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|"
                         r"table|thead|tbody|tfoot|caption|blockquote|pre|br|hr|figure|figcaption|title|head|body|"
                         r"html|meta|style|script|main)\b[^>]*>", re.IGNORECASE)
_DATA_URI = re.compile(r"data:([^;,\"'\s]*)((?:;[^;,\"'\s]*)*),([^\"')\s]*)", re.IGNORECASE)


def _decodings(data: bytes) -> list[str]:
    out = [data.decode("utf-8", "ignore"), data.decode("latin-1")]
    for enc in ("utf-16-le", "utf-16-be"):
        out.append(data.decode(enc, "ignore"))
        out.append(data[1:].decode(enc, "ignore"))
    return out


def _png_texts(data: bytes) -> list[str]:
    out: list[str] = []
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return out
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        try:
            if kind == b"zTXt":
                out.append(zlib.decompress(chunk.split(b"\0", 1)[1][1:]).decode("latin-1"))
            elif kind == b"iTXt":
                _kw, rest = chunk.split(b"\0", 1)
                flag, rest = rest[0], rest[2:]
                text = rest.split(b"\0", 2)[2]
                out.append((zlib.decompress(text) if flag else text).decode("utf-8", "ignore"))
            elif kind == b"iCCP":
                out.append(zlib.decompress(chunk.split(b"\0", 1)[1][1:]).decode("latin-1"))
        except (zlib.error, IndexError, ValueError):
            pass
    return out


def binary_texts(data: bytes) -> list[str]:
    return _decodings(data) + _png_texts(data)


def _attrs(markup: str) -> str:
    return "\n".join(m.group(1) if m.group(1) is not None else m.group(2) for m in _ATTR.finditer(markup))


def xml_text(xml: str) -> str:
    return html.unescape(_TAG.sub("", _BREAKS.sub(" ", xml)))


def html_text(doc: str) -> str:
    doc = re.sub(r"<!--.*?-->", " ", doc, flags=re.DOTALL)
    return html.unescape(_TAG.sub("", _HTML_BLOCK.sub(" ", doc)))


def docx_texts(path: Path, label: str) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            where = f"{label}!{info.filename}"
            yield where + " (entry name)", info.filename
            data = z.read(info)
            if info.filename.endswith((".xml", ".rels")) or data.lstrip()[:5] == b"<?xml":
                xml = data.decode("utf-8", "replace")
                yield where, xml
                yield where + " (text)", xml_text(xml)
                yield where + " (attributes)", _attrs(xml)
            else:
                for text in binary_texts(data):
                    yield where + " (bytes)", text


def _pdf_objects(reader, inflated: set[bytes]) -> Iterator[tuple[str, str]]:
    """Every string, name and stream (decoded; those not among `inflated` already) of every object."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        StreamObject,
        TextStringObject,
    )

    roots: list = [reader.trailer]
    try:
        size = int(reader.trailer.get("/Size", 0))
    except (TypeError, ValueError):
        size = 0
    for i in range(1, size):
        try:
            obj = reader.get_object(i)
        except Exception:  # noqa: BLE001, S112 - a free or broken entry: nothing to read
            continue
        if obj is not None:
            roots.append(obj)
    stack = roots
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            continue  # every indirect object is in `roots` already
        if isinstance(obj, StreamObject):
            try:
                data = obj.get_data()
                if data not in inflated:
                    for text in binary_texts(data):
                        yield "stream", text
            except Exception:  # noqa: BLE001, S110 - an undecodable stream: its raw bytes are read elsewhere
                pass
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                yield "name", str(key)
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, TextStringObject):
            yield "string", str(obj)
            yield "string bytes", " ".join(_decodings(obj.original_bytes))
        elif isinstance(obj, ByteStringObject):
            yield "string", " ".join(_decodings(bytes(obj)))
        elif isinstance(obj, NameObject):
            yield "name", str(obj)


def pdf_page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_texts(path: Path, label: str) -> Iterator[tuple[str, str]]:
    from pypdf import PdfReader

    raw = path.read_bytes()
    inflated: set[bytes] = set()
    for m in re.finditer(rb"stream\r?\n", raw):
        try:
            data = zlib.decompressobj().decompress(memoryview(raw)[m.end():])
        except zlib.error:
            continue
        inflated.add(data)
        for text in binary_texts(data):
            yield f"{label} (inflated stream at byte {m.end()})", text
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # noqa: BLE001 - a PDF pypdf cannot read is a failure of its own
        yield f"{label} (unreadable: {exc})", ""
        return
    for n, text in enumerate(pages, 1):
        yield f"{label} (text of page {n})", text
    yield f"{label} (text of all pages)", "\n".join(pages)
    for where, text in _pdf_objects(reader, inflated):
        yield f"{label} ({where} of an object)", text


def html_texts(path: Path, label: str) -> Iterator[tuple[str, str]]:
    doc = path.read_text("utf-8", "replace")
    yield label, doc
    yield label + " (text)", html_text(doc)
    yield label + " (attributes)", _attrs(doc)
    for m in _DATA_URI.finditer(doc):
        payload = m.group(3)
        if "base64" in m.group(2).lower():
            try:
                data = base64.b64decode(payload + "=" * (-len(payload) % 4), validate=False)
            except ValueError:
                continue
        else:
            data = urllib.parse.unquote_to_bytes(payload)
        for text in binary_texts(data):
            yield f"{label} (data: URI {m.group(1)})", text


def file_texts(path: Path, label: str) -> Iterator[tuple[str, str]]:
    data = path.read_bytes()
    for text in binary_texts(data):
        yield label + " (bytes)", text
    suffix = path.suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK":
        try:
            yield from docx_texts(path, label)
        except zipfile.BadZipFile:
            pass
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        yield from pdf_texts(path, label)
    if suffix in (".html", ".htm"):
        yield from html_texts(path, label)
    if suffix == ".json":
        try:
            yield label + " (json)", json.dumps(json.loads(data), ensure_ascii=False)
        except ValueError:
            pass


def everything_in(folder: Path, *, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """(where, text) for every path and every part of every file under `folder`."""
    if not folder.exists():
        return
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            continue
        yield f"path {rel}", rel
        if path.is_file():
            yield from file_texts(path, rel)


_PUNY = re.compile(r"xn--([a-z0-9-]+)", re.IGNORECASE)


def _unpuny(m: re.Match) -> str:
    try:
        return m.group(1).encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return m.group(0)


def _variants(text: str) -> list[str]:
    out = [text]
    if "xn--" in text or "XN--" in text:
        out.append(_PUNY.sub(_unpuny, text))
    if "&" in text:
        out.append(html.unescape(text))
    if "%" in text:
        prev = text
        for _ in range(4):
            nxt = urllib.parse.unquote(prev)
            if nxt == prev:
                break
            out.append(nxt)
            prev = nxt
    return out


# a hyphen or dash inside a word ("Kazan-tsev", "Kazan-\ntsev" at a line's end) is searched without it too
_INNER_DASH = re.compile(r"(?<=[^\W\d_])-+\s?(?=[^\W\d_])")


_TIGHT_INSIDE = re.compile("(?<=[^\\W\\d_])[\u00a0\u2007\u2009\u200a\u202f]+(?=[^\\W\\d_])")
_SPACED_OUT = re.compile(r"(?<![^\W\d_])[^\W\d_](?:\s[^\W\d_]){3,}(?![^\W\d_])")


def _joined(text: str) -> str:
    """A word written with no-break or thin spaces inside, or spaced out letter by letter, as one word."""
    return _SPACED_OUT.sub(lambda m: re.sub(r"\s", "", m.group()), _TIGHT_INSIDE.sub("", text))


def find_forms(pieces, forms) -> list[str]:
    """Every (form, place) where a protected form occurs, with a little context."""
    patterns = [(f, _pattern(f)) for f in dict.fromkeys(forms)]
    if not patterns:
        return []
    anyone = re.compile("|".join(f"(?:{p.pattern})" for _, p in patterns))
    hits: list[str] = []
    seen: set[tuple[str, str]] = set()
    done: set[str] = set()
    for where, text in pieces:
        for flat in {f for v in _variants(text) for f in (norm(v), _INNER_DASH.sub("", norm(_joined(v))))}:
            if flat in done or not anyone.search(flat):
                done.add(flat)
                continue
            for form, pat in patterns:
                m = pat.search(flat)
                if m and (form, where) not in seen:
                    seen.add((form, where))
                    hits.append(f"{form!r} in {where}: …{flat[max(0, m.start() - 40):m.end() + 40]}…")
    return hits


def visible_text(path: Path) -> str:
    """What a reader sees in one output (for the false-alarm traps' `keep`)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return " ".join(xml_text(z.read(n).decode("utf-8", "replace")) for n in z.namelist()
                            if n.startswith("word/") and n.endswith(".xml"))
    if path.suffix == ".pdf":
        return "\n".join(pdf_page_texts(path))
    return html_text(path.read_text("utf-8", "replace"))


# ------------------------------------------------------------------------------------------------
# Images: tiny valid PNGs and a baseline JPEG, with metadata spliced in
# ------------------------------------------------------------------------------------------------

# A 16x16 baseline JPEG (JFIF, no metadata), made once with Pillow.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSop"
    "GR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo"
    "KCj/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQID"
    "AAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlq"
    "c3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3"
    "+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEI"
    "FEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImK"
    "kpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCt"
    "/wAhH/r+/wDR/wD9n/6F/vfeo0Ve/wCQj/1/f+j/AP7P/wBC/wB773u/7v8A4P8A0n/7X/0n/D8PhfxPX8/+D+frv//Z")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(*chunks: tuple[bytes, bytes], after: tuple[tuple[bytes, bytes], ...] = (), trailing: bytes = b"") -> bytes:
    """An 8x8 RGB PNG with `chunks` (kind, data) before its pixels, `after` them, and bytes after IEND."""
    raw = b"".join(b"\0" + b"".join(bytes((20 * x, 120, 25 * y)) for x in range(8)) for y in range(8))
    ihdr = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + b"".join(_chunk(k, d) for k, d in chunks)
            + _chunk(b"IDAT", zlib.compress(raw)) + b"".join(_chunk(k, d) for k, d in after) + _chunk(b"IEND", b"")
            + trailing)


def text_chunk(key: str, text: str) -> tuple[bytes, bytes]:
    return b"tEXt", key.encode("latin-1") + b"\0" + text.encode("latin-1")


def ztxt_chunk(key: str, text: str) -> tuple[bytes, bytes]:
    return b"zTXt", key.encode("latin-1") + b"\0\0" + zlib.compress(text.encode("latin-1"))


def itxt_chunk(key: str, text: str, *, compressed: bool = False) -> tuple[bytes, bytes]:
    body = zlib.compress(text.encode("utf-8")) if compressed else text.encode("utf-8")
    return b"iTXt", key.encode("latin-1") + b"\0" + bytes((int(compressed), 0)) + b"ru\0" + b"\0" + body


def tiff(entries: list[tuple[int, int, bytes]]) -> bytes:
    """A little-endian TIFF/Exif IFD0 with (tag, type, value bytes) entries (ASCII=2, BYTE=1)."""
    entries = sorted(entries)
    data_at = 8 + 2 + 12 * len(entries) + 4
    ifd, extra = struct.pack("<H", len(entries)), b""
    for tag, kind, value in entries:
        field_ = value.ljust(4, b"\0") if len(value) <= 4 else struct.pack("<I", data_at + len(extra))
        if len(value) > 4:
            extra += value + b"\0" * (len(value) % 2)
        ifd += struct.pack("<HHI", tag, kind, len(value)) + field_
    return b"II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + extra


def exif(description: str = "", artist: str = "", xp_comment: str = "") -> bytes:
    entries = []
    if description:
        entries.append((0x010E, 2, description.encode("utf-8") + b"\0"))
    if artist:
        entries.append((0x013B, 2, artist.encode("utf-8") + b"\0"))
    if xp_comment:
        entries.append((0x9C9C, 1, xp_comment.encode("utf-16-le") + b"\0\0"))
    return tiff(entries)


def xmp(creator: str, description: str) -> bytes:
    return (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>'
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt>'
            f'</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()


def iptc(byline: str, caption: str) -> bytes:
    """An APP13 payload: a Photoshop image resource 0x0404 holding IPTC By-line (2:80) and Caption (2:120)."""
    data = b"".join(b"\x1c\x02" + bytes((tag,)) + struct.pack(">H", len(v)) + v
                    for tag, v in ((0x50, byline.encode()), (0x78, caption.encode())))
    return (b"Photoshop 3.0\0" + b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(data)) + data
            + b"\0" * (len(data) % 2))


def segment(marker: int, payload: bytes) -> bytes:
    return b"\xff" + bytes((marker,)) + struct.pack(">H", len(payload) + 2) + payload


def jpeg(*segments: tuple[int, bytes]) -> bytes:
    """JPEG with (marker, payload) segments spliced in after its APP0 (JFIF) segment."""
    app0_end = 4 + struct.unpack(">H", JPEG[4:6])[0]
    spliced = b"".join(segment(marker, p) for marker, p in segments)
    return JPEG[:app0_end] + spliced + JPEG[app0_end:]


# ------------------------------------------------------------------------------------------------
# The base project
# ------------------------------------------------------------------------------------------------

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML), keeping non-ASCII letters as they are."""
    return json.dumps(text, ensure_ascii=False)


BASE_PROTECT = ["Mikhail Kazantsev", "Kazantsev", "Михаил Казанцев", "Казанцев"]
EN_CASE_BODY = "On 8 January 2021 the police questioned Mikhail Kazantsev for hours without a lawyer.\n"
RU_CASE_BODY = "8 января 2021 года Михаил Казанцев несколько часов провёл на допросе без адвоката.\n"
EN_TITLE = "The case of Mikhail Kazantsev, aged 15"
RU_TITLE = "Дело: Михаил Казанцев, 15 лет"


def case(body: str = EN_CASE_BODY, *, title: str = EN_TITLE, disclosure: str = "anonymised",
         protect: list[str] | None = BASE_PROTECT, pseudonym: str | None = "M. K.", raw: str = "") -> str:
    """An English case block; `raw` is inserted verbatim into the front matter (for malformed fields)."""
    head = f"---\ntype: case\ntitle: {q(title)}\ntheme: safeguards\ndisclosure: {disclosure}\n"
    if pseudonym is not None:
        head += f"pseudonym: {q(pseudonym)}\n"
    if protect is not None:
        head += "protect:\n" + "".join(f"  - {q(n)}\n" for n in protect)
    return head + raw + "---\n" + body


def ru_case(body: str = RU_CASE_BODY, *, title: str = RU_TITLE, pseudonym: str | None = "М. К.") -> str:
    head = f"---\ntitle: {q(title)}\n"
    if pseudonym is not None:
        head += f"pseudonym: {q(pseudonym)}\n"
    return head + "---\n" + body


def block(body: str, *, type_: str = "finding", title: str = "Interrogations at night", points: str = "") -> str:
    extra = f"points: {points}\n" if points else ""
    return f"---\ntype: {type_}\ntitle: {q(title)}\ntheme: safeguards\n{extra}---\n{body}"


def ru_block(body: str, *, title: str = "Допросы ночью") -> str:
    return f"---\ntitle: {q(title)}\n---\n{body}"


def anon_en(extra: str, **kw) -> dict[str, str]:
    """The base English case with `extra` added to its text."""
    return {"content/en/cases/anonymised.md": case(EN_CASE_BODY + "\n" + extra + "\n", **kw)}


def anon_ru(extra: str, **kw) -> dict[str, str]:
    """The base Russian translation of the case with `extra` added to its text."""
    return {"content/ru/cases/anonymised.md": ru_case(RU_CASE_BODY + "\n" + extra + "\n", **kw)}


def finding_en(body: str, **kw) -> dict[str, str]:
    """Another block (a finding, `safeguards/attack`), English only."""
    return {"content/en/safeguards/attack.md": block(body + "\n", **kw)}


def finding_ru(body: str, en_body: str = "Detainees are questioned at night.") -> dict[str, str]:
    """Another block (`safeguards/attack`) in both languages; `body` is the Russian text."""
    return {"content/en/safeguards/attack.md": block(en_body + "\n"),
            "content/ru/safeguards/attack.md": ru_block(body + "\n")}


def person(protect: list[str], en_body: str, ru_body: str = "", *, pseudonym: tuple[str, str] = ("X.", "Х."),
           disclosure: str = "anonymised", title: tuple[str, str] = ("The case of a detainee", "Дело задержанного"),
           cid: str = "person") -> dict[str, str]:
    """Another case (`cases/person`) protecting other names."""
    files = {f"content/en/cases/{cid}.md": case(en_body + "\n", title=title[0], disclosure=disclosure,
                                                protect=protect, pseudonym=pseudonym[0])}
    if ru_body:
        files[f"content/ru/cases/{cid}.md"] = ru_case(ru_body + "\n", title=title[1], pseudonym=pseudonym[1])
    return files


def sources(en: str, ru: str) -> dict[str, str]:
    return {"content/en/sources.yaml": en, "content/ru/sources.yaml": ru}


BASE: dict[str, str | bytes | None] = {
    "kzreport.yaml": "languages: [en, ru]\nthemes: [safeguards]\ndocuments:\n"
                     "  cat-co4: {symbol: CAT/C/KAZ/CO/4, date: 2023-05-12, body: CAT}\n"
                     "defaults:\n  document: cat-co4\n",
    "content/en/strings.yaml": "organisation:\n  name: Leak Corpus Coalition\n",
    "content/ru/strings.yaml": "organisation:\n  name: Коалиция для проверки утечек\n",
    "content/en/themes.yaml": "safeguards: Legal safeguards\n",
    "content/ru/themes.yaml": "safeguards: Правовые гарантии\n",
    "content/en/reports.yaml": "r:\n  title: Report on detention\n",
    "content/ru/reports.yaml": "r:\n  title: Доклад о задержании\n",
    "content/en/documents/cat-co4.yaml": "title: Concluding observations\npoints:\n  \"10\": Ensure safeguards.\n",
    "content/ru/documents/cat-co4.yaml": "title: Заключительные замечания\npoints:\n  \"10\": Обеспечить гарантии.\n",
    "content/en/safeguards/finding.md": block("Children are questioned without lawyers in Almaty.\n",
                                              title="Detention without a lawyer", points="[10]"),
    "content/ru/safeguards/finding.md": ru_block("Детей допрашивают без адвокатов в Алматы.\n",
                                                 title="Задержание без адвоката"),
    "content/en/cases/anonymised.md": case(),
    "content/ru/cases/anonymised.md": ru_case(),
    "content/en/cases/confidential.md": case(
        "Aigerim Sekretova was threatened after she complained.\n", title="A confidential story of Aigerim Sekretova",
        disclosure="confidential", pseudonym=None,
        protect=["Aigerim Sekretova", "Sekretova", "Айгерим Секретова", "Секретова"]),
    "content/ru/cases/confidential.md": ru_case("Айгерим Секретова получила угрозы после жалобы.\n",
                                                title="Конфиденциальная история: Айгерим Секретова", pseudonym=None),
    "content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n",
}

# What the base project protects, in every form the corpus writes (the oblique Cyrillic forms of the
# surnames start with the nominative: Казанцева, Казанцеву, Казанцевым, Казанцеве, Секретовой, ...).
BASE_FORMS = ("~kazantsev", "~казанцев", "mikhail", "михаил", "~sekretov", "~секретов", "aigerim", "айгерим",
              "threatened after she complained", "угрозы после жалобы")
ANON = ("cases/anonymised",)
ATTACK = ("safeguards/attack", "cases/anonymised")
PLAIN_PNG = png()
PHOTO = "![A drawing made in detention](../../assets/photo.png)\n\nThe drawing is reproduced with consent."


@dataclass
class Step:
    files: dict[str, str | bytes | None]
    args: tuple[str, ...] = ("build", *FORMATS, "-l", "en", "-l", "ru")


@dataclass
class Case:
    id: str
    cat: int
    files: dict[str, str | bytes | None | Callable[[], str]]
    expect: str
    forms: tuple[str, ...] = ()
    lang: tuple[str, ...] = ("en",)
    names: tuple[str, ...] = ANON  # on exit 1, stderr names one of these (the case, the block, the file)
    keep: tuple[str, ...] = ()  # BUILDS: legitimate words every output prints ("ru:..." only the Russian ones)
    check: bool = False  # also `kzreport check`: exit 1 naming the file
    log_may_name: bool = False
    base_forms: bool = True
    args: tuple[str, ...] = ()  # instead of `build -f docx -f pdf -f html -l LANG`
    before: tuple[Step, ...] = ()  # earlier builds (category 7)
    exit_ok: tuple[int, ...] = ()  # category 7: accepted exit statuses
    gone: tuple[str, ...] = ()  # paths under build/ that must not exist (nor be in the manifest)
    exist: tuple[str, ...] = ()  # paths under build/ that must exist when the build succeeded
    media: bool = False  # on exit 0 the image really is in every output (not silently dropped)
    why: str = ""

    def all_forms(self) -> tuple[str, ...]:
        return (BASE_FORMS if self.base_forms else ()) + self.forms


def pct(text: str) -> str:
    return urllib.parse.quote(text, safe="")


# ------------------------------------------------------------------------------------------------
# The corpus
# ------------------------------------------------------------------------------------------------

C: list[Case] = []
add = C.append

# 1. `protect` must be a list of names; anonymised and confidential cases must list one ----------
for cid, raw, lang in [
    ("protect-one-line-string-en", "protect: Mikhail Kazantsev, Kazantsev\n", "en"),
    ("protect-one-line-string-ru", "protect: Михаил Казанцев, Казанцев, Mikhail Kazantsev, Kazantsev\n", "ru"),
    ("protect-one-line-string-beispiel", "protect: Mikhail Kazantsev, Kazantsev, Anna Beispiel, Beispiel\n", "en"),
    ("protect-single-name-string", "protect: Kazantsev\n", "en"),
    ("protect-block-scalar", "protect: |\n  Mikhail Kazantsev\n  Kazantsev\n", "en"),
    ("protect-empty-list", "protect: []\n", "en"),
    ("protect-null", "protect:\n", "en"),
]:
    body = EN_CASE_BODY + ("\nAnna Beispiel, his aunt, was also questioned.\n" if "Beispiel" in raw else "")
    files = {"content/en/cases/anonymised.md": case(body, protect=None, raw=raw)}
    add(Case(cid, 1, files, BLOCKED, forms=("anna beispiel", "~beispiel"), lang=(lang,), check=True,
             log_may_name=True))
add(Case("protect-missing-anonymised", 1, {"content/en/cases/anonymised.md": case(protect=None)}, BLOCKED,
         check=True, log_may_name=True))
add(Case("protect-missing-confidential", 1, {"content/en/cases/confidential.md": case(
    "Aigerim Sekretova was threatened after she complained.\n", title="A confidential story",
    disclosure="confidential", pseudonym=None, protect=None)}, BLOCKED, names=("cases/confidential",), check=True,
    log_may_name=True))
add(Case("protect-confidential-one-line-string", 1, {"content/en/cases/confidential.md": case(
    "Aigerim Sekretova was threatened after she complained.\n", title="A confidential story",
    disclosure="confidential", pseudonym=None, protect=None, raw="protect: Aigerim Sekretova, Sekretova\n")},
    BLOCKED, names=("cases/confidential",), check=True, log_may_name=True))
add(Case("protect-list-item-with-commas", 1, {"content/en/cases/anonymised.md": case(
    EN_CASE_BODY + "\nKazantsev was released in March.\n", protect=["Mikhail Kazantsev, Kazantsev"])},
    EITHER, why="one list item holding two names: split it or refuse it, never publish 'Kazantsev'"))

# 2. Inflection and attached letters/digits (names listed once, in the nominative) -------------
add(Case("ru-surname-oblique-cases", 2, anon_ru(
    "Казанцева задержали снова в марте. Казанцеву не дали позвонить матери. С Казанцевым не говорил ни один "
    "врач. О Казанцеве забыли. Братья Казанцевы подали жалобу; у Казанцевых провели обыск."), CLEAN, lang=("ru",)))
add(Case("ru-full-name-oblique-cases", 2, anon_ru(
    "Михаила Казанцева увезли в ИВС. Михаилу Казанцеву угрожали. С Михаилом Казанцевым не было адвоката. "
    "О Михаиле Казанцеве писали газеты."), CLEAN, lang=("ru",)))
add(Case("ru-first-name-stem-pavel", 2, person(
    ["Pavel Orlov", "Павел Орлов"], "Pavel Orlov was beaten in custody.",
    "Павел Орлов был избит под стражей. Павла Орлова перевели в другой ИВС. Павлу Орлову отказали в помощи "
    "врача. С Павлом Орловым не встречался адвокат. О Павле Орлове молчат.", pseudonym=("P. O.", "П. О.")),
    CLEAN, forms=("~orlov", "=pavel", "~орлов", "=павел", "=павла", "=павлу", "=павлом", "=павле"), lang=("ru",),
    names=("cases/person",)))
add(Case("ru-first-name-stem-pyotr", 2, person(
    ["Pyotr Gusev", "Пётр Гусев"], "Pyotr Gusev was beaten in custody.",
    "Пётр Гусев был избит. Петра Гусева задержали ночью. Петру Гусеву не дали воды. С Петром Гусевым "
    "обращались жестоко. О Петре Гусеве не сообщили семье.", pseudonym=("P. G.", "П. Г.")),
    CLEAN, forms=("~gusev", "=pyotr", "~гусев", "=петр", "=петра", "=петру", "=петром", "=петре"), lang=("ru",),
    names=("cases/person",)))
add(Case("ru-first-name-anna-indeclinable-surname", 2, person(
    ["Anna Becker", "Анна Беккер"], "Anna Becker was detained.",
    "Анна Беккер была задержана. Анны Беккер не было дома. Анне Беккер угрожали. Анну Беккер вызвали на "
    "допрос. С Анной Беккер говорил следователь.", pseudonym=("A. B.", "А. Б.")),
    CLEAN, forms=("~becker", "=anna", "~беккер", "=анна", "=анны", "=анне", "=анну", "=анной"), lang=("ru",),
    names=("cases/person",)))
add(Case("ru-first-name-stem-lev", 2, person(
    ["Lev Karpov", "Лев Карпов"], "Lev Karpov was beaten.",
    "Лев Карпов был избит. Льва Карпова избили повторно. Льву Карпову не дали воды. Со Львом Карповым не "
    "встречался адвокат. О Льве Карпове не сообщили.", pseudonym=("L. K.", "Л. К.")),
    CLEAN, forms=("~karpov", "=lev", "~карпов", "=лев", "=льва", "=льву", "=львом", "=льве"), lang=("ru",),
    names=("cases/person",)))
add(Case("ru-female-surname-oblique", 2, person(
    ["Olga Lapteva", "Ольга Лаптева"], "Olga Lapteva was threatened.",
    "Ольга Лаптева получила угрозы. Ольгу Лаптеву вызвали в полицию. Ольге Лаптевой угрожали. С Ольгой "
    "Лаптевой говорил следователь. У Ольги Лаптевой изъяли телефон.", pseudonym=("O. L.", "О. Л.")),
    CLEAN, forms=("~laptev", "=olga", "~лаптев", "=ольга", "=ольгу", "=ольге", "=ольгой", "=ольги"), lang=("ru",),
    names=("cases/person",)))
NAZAROV = (["Nurlan Nazarov", "Нұрлан Назаров"], "Nurlan Nazarov was detained in Shymkent.")
add(Case("kk-suffixes-attached", 2, person(
    ["Nurlan Nazarov", "Nurlan", "Нұрлан Назаров", "Нұрлан"], NAZAROV[1],
    "Нұрлан Назаров задержан в Шымкенте. Мать написала: «Нұрланға көмектесіңдер! Нұрланның "
              "денсаулығы нашар». В ответе сказано: «Назаровқа адвокат берілді», «Назаровтың ісі жабылды»."),
    CLEAN, forms=("nurlan", "~nazarov", "нұрлан", "~назаров"), lang=("ru",), names=("cases/person",),
    why="the first name is listed alone too (a mother's words quote it), so its suffixed forms are protected"))
add(Case("kk-names-declined-as-russian", 2, person(
    *NAZAROV, "Нұрлан Назаров задержан. Нұрлана Назарова избили. Нұрлану Назарову угрожали. С Нұрланом "
              "Назаровым не встречался адвокат."),
    CLEAN, forms=("nurlan", "~nazarov", "нұрлан", "~назаров"), lang=("ru",), names=("cases/person",)))
add(Case("en-possessive", 2, anon_en(
    "Kazantsev's hands were frostbitten. Kazantsev’s mother complained. The Kazantsevs' flat was searched."),
    CLEAN))
add(Case("digits-attached", 2, anon_en(
    "The file kazantsev2022 and the statements Kazantsev1 and KAZANTSEV_2 were lost."), CLEAN))
add(Case("kazakh-letter-in-russian-name", 2, anon_ru("Қазанцева допрашивали снова."), CLEAN, lang=("ru",),
         why="typed on a Kazakh keyboard: қ for к"))
add(Case("surname-comma-first-name", 2, anon_en("The register lists him as “Kazantsev, Mikhail”."), CLEAN,
         why="bibliographic order: the surname, a comma, the first name"))
add(Case("surname-comma-first-name-ru", 2, anon_ru("В реестре: «Казанцев, Михаил»."), CLEAN, lang=("ru",)))
add(Case("initial-glued-to-surname", 2, anon_en("The protocol says M.Kazantsev and Kazantsev,M."), CLEAN))
add(Case("surname-alone-full-name-listed-en", 2, {"content/en/cases/anonymised.md": case(
    EN_CASE_BODY + "\nKazantsev was released in March.\n", protect=["Mikhail Kazantsev", "Михаил Казанцев"])},
    CLEAN))
add(Case("surname-alone-full-name-listed-ru", 2, {
    "content/en/cases/anonymised.md": case(protect=["Mikhail Kazantsev", "Михаил Казанцев"]),
    **anon_ru("Казанцева отпустили в марте. Казанцев подал жалобу.")}, CLEAN, lang=("ru",)))
add(Case("listed-surname-first-order-ru", 2, {
    "content/en/cases/anonymised.md": case(protect=["Kazantsev Mikhail", "Казанцев Михаил"]),
    **anon_ru("В протоколе записано: «Казанцев Михаил, 2006 г. р.»; Казанцева Михаила допрашивали до утра.")},
    CLEAN, lang=("ru",)))
add(Case("ru-with-patronymic-listed", 2, {
    "content/en/cases/anonymised.md": case(protect=["Mikhail Kazantsev", "Михаил Петрович Казанцев"]),
    **anon_ru("Михаила Петровича Казанцева допрашивали до утра. Казанцеву М. П. отказали в свидании.")},
    CLEAN, forms=("=михаила петровича",), lang=("ru",)))

add(Case("kazakh-suffix-chain-ru", 2, anon_ru("Казанцевтердің отбасы жалоба подала в марте."), CLEAN, lang=("ru",),
         why="Kazakh plural and genitive: six letters after the name"))
add(Case("hashtag-with-a-word-attached", 2, anon_en("Supporters wrote #KazantsevFamily online."), EITHER))
add(Case("domain-name-starting-with-the-name", 2, anon_en("See https://kazantsevjustice.org/ for the campaign."),
         EITHER))
add(Case("short-surname-after-a-capital-in-a-word", 2, person(
    ["Erlan Nurov"], "Erlan Nurov was detained. Supporters wrote #FreeNurov and NurovFamily."),
    EITHER, forms=("erlan", "~nurov"), names=("cases/person",)))
add(Case("hyphenated-surname-and-its-parts", 2, person(
    ["Anna Petrova-Vodkina"], "Anna Petrova-Vodkina was detained. Later Ms Petrova-Vodkina complained; Petrova "
    "was moved and Vodkina's lawyer was not told."),
    CLEAN, forms=("anna", "~petrov", "~vodkin"), names=("cases/person",)))
add(Case("short-surname-possessive", 2, person(
    ["Ян Ли"], "Yan Li was detained. Li's lawyer was not told, and Li’s mother was not either."),
    CLEAN, forms=("~yan li", "~li's lawyer", "~li's mother", "~ян ли"), names=("cases/person",),
    why="a short name is matched as a whole word; its possessive folds to 'Lis'"))
add(Case("kazakh-endings-on-a-short-surname", 2, person(
    ["Roman Kim", "Роман Ким"], "Roman Kim was detained. Supporters wrote: “Kimge komektesinder!”",
    "Роман Ким задержан. «Кимге көмектесіңдер! Кимнің денсаулығы нашар»."),
    CLEAN, forms=("~roman kim", "=kimge", "=кимге", "=кимнің"), lang=("en", "ru"), names=("cases/person",)))
add(Case("patronymic-and-nickname-between-names", 2, {
    **anon_en("The court record names him as Mikhail Petrovich Kazantsev; his brother Mikhail (Misha) Kazantsev "
              "was not called."),
    **anon_ru("В протоколе: Михаил Петрович Казанцев. Михаила Петровича Казанцева допрашивали до утра.")},
    CLEAN, forms=("~petrovich", "~петрович"), lang=("en", "ru"),
    why="a listed full name is replaced whole: the first name and the patronymic go with the surname"))
add(Case("three-word-name-written-with-two", 2, person(
    ["Ivan Petrovich Sidorov", "Иван Петрович Сидоров"], "Ivan Sidorov was detained.",
    "Иван Сидоров задержан. Позже Ивана Сидорова отпустили."),
    CLEAN, forms=("ivan", "~sidorov", "иван", "~сидоров"), lang=("en", "ru"), names=("cases/person",)))
add(Case("latin-spelling-ye-after-a-vowel", 2, {
    **person(["Marat Zhumabaev", "Марат Жумабаев"], "Marat Zhumabaev was beaten. Later Zhumabayev complained."),
    **person(["Рустам Алиев"], "Rustam Aliyev was detained in Taraz.", cid="person2")},
    CLEAN, forms=("marat", "~zhumabaev", "~zhumabayev", "rustam", "aliyev", "aliev"),
    names=("cases/person", "cases/person2")))
# Found by a third red team: names listed in Latin, written in Cyrillic or another Latin spelling
for cid, protect, en, ru, forms in [
    ("latin-listed-name-in-cyrillic-text", ["Rustam Aliyev"], "Rustam Aliyev was detained.",
     "Рустама Алиева задержали.", ("rustam", "aliyev", "aliev", "рустам", "алиев")),
    ("latin-listed-short-surname-in-cyrillic-text", ["Tsoi"], "Tsoi was detained.", "Цоя задержали; Цой подал жалобу.",
     ("=tsoi", "=цой", "=цоя")),
    ("latin-listed-name-other-latin-spelling", ["Yevgeny Orlov"], "Evgeny Orlov was detained.", "",
     ("evgeny", "~orlov")),
    ("kazakh-latin-2021-every-letter", ["Жақсылықов"], "Jaqsylyqov was detained.", "",
     ("~jaqsylyqov", "~жақсылықов")),
    ("kazakh-spelling-without-soft-sign", ["Айгуль Серикова"], "Aigul Serikova was detained.",
     "Айгүл Серикову задержали.", ("~айгүл", "~aigul", "~серикова", "~serikova")),
]:
    add(Case(cid, 2, person(protect, en, ru), CLEAN, forms=forms, lang=("en", "ru") if ru else ("en",),
             names=("cases/person",)))
# Found by a fourth red team: names the dictionary does not decline, a surname written first, Kazakh
# endings that make a rare other word, a family's plural
for cid, protect, ru, forms in [
    ("name-the-dictionary-reads-as-a-word", ["Мира"],
     "Следователь допросил Миру дважды. Отец Миры пропал, а с Мирой никто не говорил.",
     ("=миру", "=миры", "=мирой")),
    ("korean-surname-not-declined", ["Игорь Шин"], "Игоря Шина задержали ночью. Шину угрожали.",
     ("~игоря шина", "=шину угрожали")),
    ("surname-written-first", ["Шин Игорь"], "Шин Игорь был задержан. Позже Шин сказал, что его били.",
     ("~шин игорь", "~позже шин")),
    ("kazakh-endings-making-other-words", ["Алма", "Камила"],
     "Алма рассказала: «Алманы ұрды, Камиламен сөйлескен жоқ».", ("=алманы", "=камиламен")),
    ("a-family-in-the-plural", ["Ким"], "Братья Кимы задержаны; семью Кимов не известили.",
     ("=кимы", "=кимов")),
]:
    add(Case(cid, 2, person(protect, "A detainee was questioned.", ru), CLEAN, forms=forms, lang=("ru",),
             names=("cases/person",)))
# Found by a fifth red team: a name written surname first whose given name the dictionary guesses to
# be a surname; a short name in a hashtag
for cid, protect, ru, en, forms in [
    ("surname-first-given-name-guessed-a-surname", ["Тажибаева Айым"],
     "Тажибаеву избили в отделе полиции; Тажибаева подала жалобу.", "Ms Tazhibayeva says officers beat her.",
     ("~тажибаев", "~tazhibayev")),
    ("short-surname-first", ["Ким Толкын"], "Госпожа Ким заявила о пытках.", "Ms Kim says officers beat her.",
     ("~госпожа ким", "~ms kim")),
    ("short-name-in-a-hashtag", ["Канат"], "Кампания #СвободуКанату собрала подписи.",
     "The campaign #FreeKanat collected signatures.", ("~свободуканат", "~freekanat")),
]:
    add(Case(cid, 2, person(protect, en, ru), CLEAN, forms=forms, lang=("en", "ru"), names=("cases/person",)))
# Latin spellings of a name listed only in Cyrillic (-ой, -ий, -ей endings; Kazakh Latin of 2021)
for cid, protect, text, forms in [
    ("latin-spelling-oi", ["Олег Цой"], "Oleg Tsoi was beaten. Later Tsoi complained.",
     ("oleg", "=tsoi", "=tsoy", "=tsoj", "олег", "=цой")),
    ("latin-spelling-ai", ["Ирина Югай"], "Irina Yugai was beaten. Later Yugai complained.",
     ("irina", "yugai", "yugay", "ирина", "югай")),
    ("latin-spelling-iy-as-y", ["Дмитрий Березовский"], "Dmitry Berezovsky was beaten. Berezovsky complained.",
     ("dmitr", "berezovsk", "дмитри", "березовск")),
    ("latin-spelling-ey-as-ei", ["Сергей Нуржанов"], "Sergei Nurzhanov was beaten. Later Nurzhanov complained.",
     ("serge", "nurzhanov", "сергей", "нуржанов")),
    ("latin-spelling-iy-as-i", ["Юрий Нуржанов"], "Yuri Nurzhanov was beaten. Later Nurzhanov complained.",
     ("yuri", "nurzhanov", "юрий", "нуржанов")),
    ("kazakh-latin-2021", ["Нұрлан Шарипов"], "Nurlan Şaripov was beaten. Later Şaripov complained.",
     ("nurlan", "saripov", "sharipov", "нұрлан", "шарипов")),
]:
    add(Case(cid, 2, person(protect, text), CLEAN, forms=forms, names=("cases/person",)))

# 3. Where the name is hidden -----------------------------------------------------------------------
add(Case("link-text", 3, anon_en("[Kazantsev's own account](https://example.org/account) was published."), CLEAN))
add(Case("link-target", 3, anon_en("The [court decision](https://example.org/decisions/kazantsev) is online."),
         EITHER))
add(Case("link-target-camel-case-digits", 3, anon_en("See the [video](https://example.org/v/MikhailKazantsev2021)."),
         EITHER))
add(Case("autolink", 3, anon_en("See <https://x.org/Kazantsev>."), EITHER))
add(Case("bare-url", 3, anon_en("Details: https://x.org/kazantsev-case/ (in Russian)."), EITHER))
add(Case("email-autolink", 3, anon_en("His lawyer writes to <m.kazantsev@example.org>."), EITHER))
add(Case("percent-encoded-cyrillic-url", 3, anon_ru(
    f"[Решение суда](https://example.org/{pct('Казанцева')}) опубликовано."), EITHER, lang=("ru",)))
add(Case("double-percent-encoded-url", 3, anon_ru(
    f"[Решение суда](https://example.org/{pct(pct('Казанцев'))}) опубликовано."), EITHER, lang=("ru",)))
add(Case("percent-encoded-latin-url", 3, anon_en(
    "[Decision](https://example.org/%4B%61%7A%61%6E%74%73%65%76) online."), EITHER))
add(Case("link-title-attribute", 3, anon_en('[His account](https://example.org/a "Kazantsev\'s account") exists.'),
         EITHER))
SRC_EN = ("- id: interview-2021\n  type: interview\n  title: {title}\n  issued: 2021-02\n{extra}"
          "- id: other\n  type: report\n  title: Other report\n")
SRC_RU = ("- id: interview-2021\n  type: interview\n  title: {title}\n  issued: 2021-02\n{extra}"
          "- id: other\n  type: report\n  title: Другой доклад\n")
# a source naming the person, cited nowhere
UNCITED = sources(SRC_EN.format(title=q("Interview with Mikhail Kazantsev"),
                                extra="  URL: https://news.example.kz/kazantsev\n"),
                  SRC_RU.format(title=q("Интервью с Михаилом Казанцевым"),
                                extra="  URL: https://news.example.kz/kazantsev\n"))
add(Case("source-title-cited-by-case", 3, {
    **sources(SRC_EN.format(title=q("Interview with Mikhail Kazantsev"), extra=""),
              SRC_RU.format(title=q("Интервью с Михаилом Казанцевым"), extra="")),
    **anon_en("He described the night.[@interview-2021]")}, EITHER, names=ANON + ("sources.yaml",)))
add(Case("source-title-cited-by-case-ru", 3, {
    **sources(SRC_EN.format(title=q("Interview with Mikhail Kazantsev"), extra=""),
              SRC_RU.format(title=q("Интервью с Михаилом Казанцевым"), extra="")),
    "content/en/cases/anonymised.md": case(EN_CASE_BODY + "\nHe described the night.[@interview-2021]\n"),
    **anon_ru("Он описал ту ночь.[@interview-2021]")}, EITHER, lang=("ru",), names=ANON + ("sources.yaml",)))
add(Case("source-url-cited-by-finding", 3, {
    **sources(SRC_EN.format(title=q("Teenager beaten in custody"),
                            extra="  URL: https://news.example.kz/2021/kazantsev-beaten\n"),
              SRC_RU.format(title=q("Подросток избит под стражей"),
                            extra="  URL: https://news.example.kz/2021/kazantsev-beaten\n")),
    **finding_en("Teenagers are beaten in custody.[@interview-2021]")}, EITHER,
    names=ATTACK + ("sources.yaml",)))
add(Case("source-author-cited", 3, {
    **sources(SRC_EN.format(title=q("Letter to the Coalition"),
                            extra="  author: [{family: Kazantsev, given: Mikhail}]\n"),
              SRC_RU.format(title=q("Письмо в Коалицию"), extra="  author: [{family: Казанцев, given: Михаил}]\n")),
    **anon_en("He wrote to us.[@interview-2021]")}, EITHER, names=ANON + ("sources.yaml",)))
add(Case("source-id-cited", 3, {
    **sources("- id: kazantsev-letter\n  type: personal_communication\n  title: Letter to the Coalition\n",
              "- id: kazantsev-letter\n  type: personal_communication\n  title: Письмо в Коалицию\n"),
    **anon_en("He wrote to us.[@kazantsev-letter]")}, EITHER, names=ANON + ("sources.yaml", "kazantsev-letter"),
    log_may_name=True, why="the citation key itself (HTML ids, DOCX bookmarks)"))
add(Case("image-alt-text", 3, {"content/assets/plain.png": PLAIN_PNG,
                               **anon_en("![Mikhail Kazantsev in hospital](../../assets/plain.png)")}, EITHER))
add(Case("image-title", 3, {"content/assets/plain.png": PLAIN_PNG,
                            **anon_en('![A photo](../../assets/plain.png "Kazantsev, 2021")')}, EITHER))
add(Case("image-alt-text-ru-oblique", 3, {"content/assets/plain.png": PLAIN_PNG,
                                          **anon_ru("![Казанцева везут в больницу](../../assets/plain.png)")},
         EITHER, lang=("ru",)))
add(Case("footnote", 3, anon_en("He was released.^[Interview with the lawyer of Mikhail Kazantsev, 2021.]"), CLEAN))
add(Case("footnote-ru-oblique", 3, anon_ru("Его отпустили.^[Интервью с адвокатом Михаила Казанцева, 2021 г.]"),
         CLEAN, lang=("ru",)))
add(Case("heading-in-case", 3, anon_en("### Kazantsev's second detention\n\nHe was detained again in March."),
         CLEAN, why="the heading's text and the identifier pandoc derives from it (HTML id, DOCX bookmark)"))
add(Case("heading-in-case-ru", 3, anon_ru("### Второе задержание Казанцева\n\nЕго снова задержали в марте."), CLEAN,
         lang=("ru",)))
add(Case("block-title-ru-oblique", 3, {"content/ru/cases/anonymised.md": ru_case(
    title="Дело Михаила Казанцева, 15 лет")}, CLEAN, lang=("ru",)))
add(Case("block-title-en-possessive", 3, {"content/en/cases/anonymised.md": case(
    title="Mikhail Kazantsev’s detention")}, CLEAN))
add(Case("table-cell", 3, anon_en(
    "| Date | Event |\n|------|-------|\n| 8 January 2021 | Kazantsev questioned |\n"
    "| 9 January 2021 | Mikhail Kazantsev released |"), CLEAN))
add(Case("table-cell-ru", 3, anon_ru(
    "| Дата | Событие |\n|------|---------|\n| 8.01.2021 | Допрос Казанцева |\n| 9.01.2021 | Казанцев отпущен |"),
    CLEAN, lang=("ru",)))
add(Case("blockquote", 3, anon_en("> “Kazantsev cried all night,” his cellmate said."), CLEAN))
add(Case("nested-list", 3, anon_en("- Kazantsev's mother complained.\n    - Kazantsev's brother was threatened."),
         CLEAN))
add(Case("code-span", 3, anon_en("The file was labelled `Kazantsev M.` in the archive."), EITHER))
add(Case("code-block", 3, anon_en("```\nProtocol: Kazantsev M., born 2006\n```"), EITHER))
add(Case("span-data-attribute", 3, anon_en('[M. K.]{data-name="Kazantsev"} was questioned.'), EITHER))
add(Case("html-comment", 3, anon_en("<!-- real name: Mikhail Kazantsev -->\n\nHe was released."), EITHER))
add(Case("raw-html-attribute", 3, anon_en('<span title="Kazantsev">M. K.</span> was released.'), EITHER))
add(Case("math-inline", 3, anon_en("The cell was marked $Kazantsev$ on the plan."), EITHER))
add(Case("report-file-name", 3, {
    "content/reports/kazantsev-case.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n"
                                           "  - theme: safeguards\n",
    "content/en/reports.yaml": "r:\n  title: Report on detention\nkazantsev-case:\n  title: Note on a detention\n",
    "content/ru/reports.yaml": "r:\n  title: Доклад о задержании\nkazantsev-case:\n  title: Записка о задержании\n"},
    BLOCKED, names=("reports/", "reports.yaml") + ANON, log_may_name=True,
    why="build/en/kazantsev-case.docx must never exist"))
add(Case("block-file-name-case", 3, {
    "content/en/cases/anonymised.md": None, "content/ru/cases/anonymised.md": None,
    "content/en/cases/kazantsev.md": case(), "content/ru/cases/kazantsev.md": ru_case()},
    # (the message hides the name in the path and the case's id too: "cases/[a protected name].md")
    EITHER, names=("cases/[a protected name]",)))
add(Case("block-file-name-finding", 3, {
    "content/en/safeguards/kazantsev-detention.md": block("Teenagers are held at night.\n")},
    EITHER, names=("safeguards/",) + ANON, log_may_name=True))
add(Case("strings-word-override", 3, {
    "content/en/strings.yaml": "organisation:\n  name: Leak Corpus Coalition\nwords:\n"
                               "  contents: Contents of the Kazantsev file\n"}, EITHER, names=ANON + ("strings.yaml",)))
add(Case("source-title-short-cited-twice", 3, {
    **sources(SRC_EN.format(title=q("Interview with a detainee"), extra="  title-short: Kazantsev interview\n"),
              SRC_RU.format(title=q("Интервью с задержанным"), extra="  title-short: Интервью Казанцева\n")),
    **anon_en("He described the night.[@interview-2021] He named the officers.[@other] He was released.[@interview-2021]")},
    EITHER, names=ANON + ("sources.yaml",), why="the short form printed from the second citation on"))
add(Case("source-container-title", 3, {
    **sources(SRC_EN.format(title=q("Letter of 3 March"), extra="  container-title: The Kazantsev family archive\n"),
              SRC_RU.format(title=q("Письмо от 3 марта"), extra="  container-title: Архив семьи Казанцевых\n")),
    **anon_en("He wrote to us.[@interview-2021]")}, EITHER, names=ANON + ("sources.yaml",)))
add(Case("citation-prefix-and-suffix", 3, anon_en(
    "He was beaten.[see the statement of Kazantsev @other, p. 3] He complained.[@other, p. 4, as Kazantsev said]"),
    EITHER, why="text inside a citation, printed in the footnote by citeproc"))
add(Case("reference-style-link", 3, anon_en(
    "The [court decision][d] is online.\n\n[d]: https://example.org/kazantsev \"The Kazantsev decision\""), EITHER))
add(Case("reference-style-image", 3, {"content/assets/plain.png": PLAIN_PNG, **anon_en(
    "![A photo][p]\n\n[p]: ../../assets/plain.png \"Kazantsev in hospital\"")}, EITHER))
add(Case("table-caption", 3, anon_en("| Injury | Date |\n|---|---|\n| Frostbite | January |\n\n"
                                     "Table: Kazantsev's injuries"), CLEAN))
add(Case("hashtag-camel-case", 3, anon_en("The campaigns #FreeKazantsev and #СвободуКазанцеву began in March."),
         EITHER, why="the name does not start a word: a prefix rule alone misses it"))
add(Case("hashtag-ru", 3, anon_ru("Кампания #СвободуКазанцеву началась в марте."), EITHER, lang=("ru",)))
add(Case("link-target-name-not-at-word-start", 3, anon_en("See the [campaign](https://example.org/freekazantsev)."),
         EITHER))
add(Case("underscore-and-digit-joined", 3, anon_en("Files: scan_kazantsev_2021.pdf and 2021kazantsev.jpg."), EITHER))
add(Case("email-in-plain-text", 3, anon_en("His mother writes from kazantsev.m@mail.kz every week."), EITHER))
add(Case("punycode-domain", 3, anon_en(
    f"See <https://{'казанцев'.encode('idna').decode()}.kz/> for the campaign."), EITHER,
    why="a browser shows the xn-- label as казанцев"))
add(Case("cyrillic-domain", 3, anon_en("See <https://казанцев.рф/дело> for the campaign."), EITHER))
add(Case("html-entity-in-word", 3, anon_en("Kaz&#97;ntsev and Kazan&#x74;sev were questioned."), EITHER))
add(Case("raw-typst-block", 3, anon_en("```{=typst}\n#text[Kazantsev]\n```"), EITHER))
add(Case("raw-typst-inline", 3, anon_en("He `#text[Kazantsev]`{=typst} was questioned."), EITHER))
add(Case("raw-latex-block", 3, anon_en("```{=latex}\n\\textbf{Kazantsev}\n```"), EITHER))
add(Case("raw-openxml-inline", 3, anon_en("He `<w:r><w:t>Kazantsev</w:t></w:r>`{=openxml} was questioned."), EITHER))
add(Case("raw-html-block", 3, anon_en('```{=html}\n<p data-name="Kazantsev">Kazantsev</p>\n```'), EITHER))
add(Case("finding-title", 3, {"content/en/safeguards/attack.md": block(
    "Teenagers are questioned at night.\n", title="What Kazantsev told us")}, EITHER, names=ATTACK))
add(Case("recommendation-text", 3, {"content/en/safeguards/attack.md": block(
    "Release Mikhail Kazantsev and compensate him.\n", type_="recommendation", title="Release")}, EITHER,
    names=ATTACK))
add(Case("cover-text-block", 3, {
    "content/en/about/intro.md": "---\ntype: text\ntitle: Dedication\n---\nDedicated to Mikhail Kazantsev.\n",
    "content/reports/r.yaml": BASE["content/reports/r.yaml"] + "cover: [about/intro]\n"}, EITHER,
    names=("about/intro",) + ANON))
add(Case("assessment-comment", 3, {
    "content/assessments/a.yaml": "document: cat-co4\nscale: coalition\ndate: 2024-01-01\nscores:\n"
                                  "  - {point: 10, level: 2}\n",
    "content/en/assessments/a.yaml": "\"10\": Kazantsev still waits for an investigation.\n",
    "content/reports/r.yaml": BASE["content/reports/r.yaml"] + "scores: [a]\n"}, EITHER,
    names=ANON + ("assessments/a",)))
add(Case("public-case-mentions-protected-person", 3, {"content/en/cases/person.md": case(
    "Bolat Dzhanuzakov shared a cell with Mikhail Kazantsev.\n", title="A defender", disclosure="public",
    protect=None, pseudonym=None)}, EITHER, names=("cases/person",) + ANON))
add(Case("sources-list-with-source-naming-person", 3, {
    **UNCITED, "content/reports/r.yaml": BASE["content/reports/r.yaml"] + "sources-list: true\n"},
    EITHER, names=ANON + ("sources.yaml",), why="the list of all sources prints even uncited ones"))
add(Case("report-disclaimer-block", 3, {
    "content/en/about/disclaimer.md": "---\ntype: text\ntitle: Disclaimer\n---\n"
                                      "The real name of M. K. (Mikhail Kazantsev) is known to the Coalition.\n",
    "content/reports/r.yaml": BASE["content/reports/r.yaml"] + "disclaimer: about/disclaimer\n"},
    EITHER, names=("about/disclaimer",) + ANON))
add(Case("pdf-ua-structure-tree", 3, {
    "content/reports/r.yaml": BASE["content/reports/r.yaml"] + "pdf-standard: ua-1\n",
    **anon_en("See [Kazantsev's account](https://example.org/kazantsev).^[Told by Kazantsev's mother.]")},
    EITHER, why="PDF/UA: link text, URIs and notes also live in the structure tree (no image: PDF/UA with any image "
                "fails today, 'missing alt text', a bug of its own)"))
add(Case("followup-note-report", 3, {
    "content/assessments/a.yaml": "document: cat-co4\nscale: coalition\ndate: 2024-01-01\nscores:\n"
                                  "  - {point: 10, level: 2}\n",
    "content/reports/fu.yaml": "type: followup-note\ndate: 2024-06-15\nassessment: a\n",
    "content/en/reports.yaml": "r:\n  title: Report on detention\nfu:\n  title: Follow-up note\n",
    "content/ru/reports.yaml": "r:\n  title: Доклад о задержании\nfu:\n  title: Записка о выполнении\n",
    "content/en/cases/anonymised.md": case(raw="points: [10]\n"),
    **anon_ru("Казанцева допрашивали снова; Казанцеву угрожали.")}, CLEAN, lang=("ru",),
    exist=("ru/fu.docx", "ru/fu.pdf", "ru/fu.html"), why="another template: the follow-up note"))
add(Case("untranslated-case-falls-back-to-english", 3, {
    **anon_en("Kazantsev's brother was threatened."), "content/ru/cases/anonymised.md": None}, CLEAN, lang=("ru",),
    why="the Russian document prints the English text, marked as not yet translated"))
add(Case("latin-only-protect-list-russian-text", 3, {"content/en/cases/anonymised.md": case(
    protect=["Mikhail Kazantsev", "Kazantsev"])}, EITHER, lang=("ru",),
    why="unsure: the Russian text spells the listed name in Cyrillic; refuse or transliterate, never publish"))
add(Case("pseudonym-is-the-real-name", 3, {"content/en/cases/anonymised.md": case(pseudonym="Kazantsev M."),
                                           "content/ru/cases/anonymised.md": ru_case(pseudonym="Казанцев М.")},
         BLOCKED, check=True, why="a careless drafter wrote the name where the pseudonym goes"))

# 4. Formatting splitting the word --------------------------------------------------------------------
for cid, text, lang in [
    ("emphasis-inside-word", "Kazan*tsev* was questioned again.", "en"),
    ("strong-prefix", "**Kazan**tsev was questioned again.", "en"),
    ("span-inside-word", "Kazan[tsev]{.x} was questioned again.", "en"),
    ("strikeout-inside-word", "Ka~~zan~~tsev was questioned again.", "en"),
    ("superscript-inside-word", "Kazan^tsev^ was questioned again.", "en"),
    ("subscript-inside-word", "Kazan~tsev~ was questioned again.", "en"),
    ("underline-span-inside-word", "[Kazan]{.underline}tsev was questioned again.", "en"),
    ("link-inside-word", "Kazan[tsev](https://example.org/x) was questioned again.", "en"),
    ("footnote-inside-word", "Kazan^[A note.]tsev was questioned again.", "en"),
    ("emphasis-alternating-letters", "*K*a*z*a*n*t*s*e*v was questioned again.", "en"),
    ("emphasis-inside-word-ru-oblique", "Казан*цева* допрашивали снова.", "ru"),
    ("strong-split-full-name-ru", "**Михаила Казан**цева допрашивали снова.", "ru"),
]:
    files = anon_en(text) if lang == "en" else anon_ru(text)
    add(Case(cid, 4, files, EITHER, lang=(lang,)))
add(Case("emphasised-first-name", 4, anon_en("*Mikhail* Kazantsev was questioned again."), EITHER,
         why="the full name across an emphasis boundary: replacing only the surname leaves 'Mikhail'"))
add(Case("linked-surname-after-first-name", 4, anon_en("Mikhail [Kazantsev](https://example.org/a) was questioned."),
         EITHER))
add(Case("footnote-between-names", 4, anon_en("Mikhail^[His first name.] Kazantsev was questioned again."), EITHER))
add(Case("smallcaps-whole-word", 4, anon_en("[Kazantsev]{.smallcaps} was questioned again."), CLEAN))

# 5. Look-alike and invisible characters -----------------------------------------------------------
CHOKAN = ["Chokan Kopbosynov", "Шокан Копбосынов"]
CHOKAN_FORMS = ("chokan", "~kopbosynov", "шокан", "~копбосынов")
add(Case("cyrillic-a-e-in-latin-name", 5, anon_en("Kаzаntsеv was questioned again."), CLEAN))
add(Case("cyrillic-o-c-p-in-latin-name", 5, person(
    CHOKAN, "Chokan Kopbosynov was detained. Later Сhоkаn Kорbоsynоv was moved to another cell."),
    CLEAN, forms=CHOKAN_FORMS, names=("cases/person",)))
add(Case("latin-a-e-in-cyrillic-name", 5, anon_ru("Кaзaнцeвa допрашивали снова."), CLEAN, lang=("ru",)))
add(Case("latin-o-c-p-in-cyrillic-name", 5, person(
    CHOKAN, "Chokan Kopbosynov was detained.", "Шокан Копбосынов задержан. Позже Шoкaн Кoпбocынoвa перевели."),
    CLEAN, forms=CHOKAN_FORMS, lang=("ru",), names=("cases/person",)))
add(Case("uppercase-latin-b-h-in-cyrillic-name", 5, person(
    ["Vadim Nazarbekov", "Вадим Назарбеков"], "Vadim Nazarbekov was detained.",
    "Вадим Назарбеков задержан. В списке: BAДИM HAЗAPБEKOB."),
    CLEAN, forms=("vadim", "~nazarbekov", "вадим", "~назарбеков"), lang=("ru",), names=("cases/person",)))
ALIBEK = ["Alibek Seitov", "Әлібек Сейітов"]
add(Case("latin-i-for-kazakh-i", 5, person(
    ALIBEK, "Alibek Seitov was detained.", "Әлiбек Сейiтов задержан в Таразе."),
    CLEAN, forms=("alibek", "~seitov", "әлібек", "~сейітов"), lang=("ru",), names=("cases/person",)))
add(Case("kazakh-name-in-russian-letters", 5, person(
    ["Nurlan Zhaksylykov", "Нұрлан Жақсылықов"], "Nurlan Zhaksylykov was detained.",
    "Нұрлан Жақсылықов задержан. В протоколе: «Нурлан Жаксылыков»."),
    CLEAN, forms=("nurlan", "~zhaksylykov", "нұрлан", "~жақсылықов"), lang=("ru",), names=("cases/person",),
    why="Kazakh letters folded to their Russian kin (ұ/у, қ/к), as the issue asks"))
ZUYKOVA = ["Alyona Zuykova", "Алёна Зуйкова"]
add(Case("decomposed-unicode-in-text", 5, person(
    ZUYKOVA, "Alyona Zuykova was detained.", unicodedata.normalize("NFD", "Алёна Зуйкова задержана.")),
    CLEAN, forms=("alyona", "~zuykov", "алена", "~зуйков"), lang=("ru",), names=("cases/person",)))
add(Case("decomposed-unicode-in-protect-list", 5, person(
    [unicodedata.normalize("NFD", n) for n in ZUYKOVA], "Alyona Zuykova was detained.", "Алёна Зуйкова задержана."),
    CLEAN, forms=("alyona", "~zuykov", "алена", "~зуйков"), lang=("ru",), names=("cases/person",)))
add(Case("zero-width-space", 5, anon_en("Kazan\u200btsev was questioned again."), CLEAN))
add(Case("zero-width-joiner-non-joiner-ru", 5, anon_ru("Каза\u200dнце\u200cва допрашивали снова."), CLEAN,
         lang=("ru",)))
add(Case("word-joiner", 5, anon_en("Kazan\u2060tsev was questioned again."), CLEAN))
add(Case("bom-mid-word", 5, anon_en("Kazan\ufefftsev was questioned again."), CLEAN))
add(Case("bidi-controls", 5, anon_en("Kazan\u200etsev and \u2066Kazantsev\u2069 and Kaz\u202aantsev\u202c."),
         CLEAN))
add(Case("soft-hyphens", 5, anon_en("Ka\u00adzan\u00adtsev was questioned again."), CLEAN))
add(Case("soft-hyphens-ru", 5, anon_ru("Ка\u00adзан\u00adце\u00adва допрашивали снова."), CLEAN, lang=("ru",)))
VODKINA = ["Maria Petrova-Vodkina", "Мария Петрова-Водкина"]
VODKINA_FORMS = ("maria", "~vodkin", "мария", "~водкин")
add(Case("non-breaking-hyphen-double-barrelled", 5, person(
    VODKINA, "Maria Petrova-Vodkina was detained.", "Мария Петрова\u2011Водкина задержана."),
    CLEAN, forms=VODKINA_FORMS, lang=("ru",), names=("cases/person",)))
add(Case("en-dash-double-barrelled", 5, person(
    VODKINA, "Maria Petrova\u2013Vodkina was detained; Petrova\u2014Vodkina complained."),
    CLEAN, forms=VODKINA_FORMS, names=("cases/person",)))
add(Case("nbsp-between-names", 5, anon_en("Mikhail\u00a0Kazantsev was questioned again."), CLEAN))
add(Case("narrow-nbsp-between-names-ru", 5, anon_ru("Михаил\u202fКазанцев снова на допросе."), CLEAN, lang=("ru",)))
add(Case("line-breaks-between-names", 5, anon_en(
    "Mikhail\nKazantsev was questioned again; Mikhail\\\nKazantsev was released."), CLEAN))
add(Case("apostrophe-variants", 5, person(
    ["Rustam Ro'ziyev"], "Rustam Ro'ziyev was detained. Ro‘ziyev, Roʻziyev, Ro’ziyev and Ro`ziyev: one man."),
    CLEAN, forms=("rustam", "~ro'ziyev"), names=("cases/person",)))
add(Case("yo-listed-e-written", 5, person(
    ["Fyodor Ponomaryov", "Фёдор Пономарёв"], "Fyodor Ponomaryov was detained.", "Федор Пономарев задержан."),
    CLEAN, forms=("fyodor", "~ponomaryov", "федор", "~пономарев"), lang=("ru",), names=("cases/person",)))
add(Case("e-listed-yo-written", 5, person(
    ["Artyom Ponomarev", "Артем Пономарев"], "Artyom Ponomarev was detained.",
    "Артём Пономарёв задержан. Пономарёва избили."),
    CLEAN, forms=("artyom", "~ponomarev", "артем", "~пономарев"), lang=("ru",), names=("cases/person",)))
add(Case("upper-and-mixed-case-en", 5, anon_en("MIKHAIL KAZANTSEV was questioned; kAzAnTsEv was released."), CLEAN))
add(Case("upper-case-ru-oblique", 5, anon_ru("МИХАИЛА КАЗАНЦЕВА допрашивали снова."), CLEAN, lang=("ru",)))
add(Case("fullwidth-letters", 5, anon_en("Ｋａｚａｎｔｓｅｖ was questioned again."), CLEAN, why="NFKC folds them"))
add(Case("lookalike-in-protect-list", 5, {"content/en/cases/anonymised.md": case(
    EN_CASE_BODY + "\nKazantsev was released.\n",
    protect=["Mikhail Kаzantsev", "Kаzantsev", "Михаил Казанцев", "Казанцев"])}, CLEAN,
    why="the drafter's list has a Cyrillic а; the text is plain Latin"))
add(Case("math-bold-letters", 5, anon_en("𝐊𝐚𝐳𝐚𝐧𝐭𝐬𝐞𝐯 was questioned again."), CLEAN, why="NFKC folds them"))
add(Case("combining-low-line", 5, anon_en("K\u0332a\u0332z\u0332a\u0332n\u0332t\u0332s\u0332e\u0332v\u0332 was questioned."),
         EITHER, why="underlined with combining characters"))
add(Case("unicode-tag-characters", 5, anon_en("Kazan\U000E0020tsev was questioned again."), EITHER))
add(Case("variation-selector-and-grapheme-joiner", 5, anon_en("Kaz\ufe0fan\u034ftsev was questioned again."), EITHER))
add(Case("mongolian-vowel-separator", 5, anon_en("Kazan\u180etsev was questioned again."), EITHER))
add(Case("rtl-override-reversed", 5, anon_en("The guard said \u202evestnazaK\u202c was lying."), EITHER,
         why="displayed as 'Kazantsev' though stored reversed; the PDF's text layer is in display order"))
add(Case("protect-list-entries-with-invisibles", 5, {"content/en/cases/anonymised.md": case(
    EN_CASE_BODY + "\nKazantsev was released.\n",
    protect=["Mikhail\u00a0Kazantsev ", " Kazantsev\u200b", "Михаил Казанцев\u00ad", "Казанцев"])}, CLEAN,
    why="entries pasted from Word"))
add(Case("protect-list-lower-case", 5, {"content/en/cases/anonymised.md": case(
    EN_CASE_BODY + "\nKazantsev was released.\n",
    protect=["mikhail kazantsev", "kazantsev", "михаил казанцев", "казанцев"])}, CLEAN))
add(Case("protect-list-oblique-form-only", 5, {"content/en/cases/anonymised.md": case(
    protect=["Mikhail Kazantsev", "Kazantsev", "Михаила Казанцева"])}, EITHER, lang=("ru",),
    why="the drafter listed the genitive (as the old README example did); the text has the nominative"))
add(Case("pseudonym-empty", 5, {"content/en/cases/anonymised.md": case(pseudonym="")}, EITHER))
add(Case("precomposed-accent-latin", 5, anon_en("Kazántsev and KAZÀNTSEV were questioned."), EITHER,
         why="precomposed á: NFKC keeps it, only a decomposition drops the accent"))
add(Case("diacritic-dropped-kazakh-latin", 5, person(
    ["Nūrlan Äbdiev", "Нұрлан Әбдиев"], "Nūrlan Äbdiev was detained. The list says Nurlan Abdiev."),
    EITHER, forms=("nurlan", "~abdiev", "нұрлан", "~әбдиев"), names=("cases/person",),
    why="unsure: Kazakh Latin letters (ū, ä) typed without their marks"))
add(Case("greek-lookalikes", 5, anon_en("Kαzαntsev and ΚΑΖΑΝΤSΕV were questioned."), EITHER,
         why="Greek is not in the issue's list of look-alikes"))
add(Case("stress-mark-ru", 5, anon_ru("Каза\u0301нцева допрашивали снова."), EITHER, lang=("ru",),
         why="a combining stress mark: NFKC keeps it"))

# Found by a red team after the corpus above passed (issue 11): look-alikes beyond Latin/Cyrillic
# pairs, invisible characters outside the BMP, a hyphen inside the name.
for cid, text in [
    ("small-capitals-in-latin-name", "Later Kazantseᴠ and Kaᴢantsev were released."),  # U+1D20, U+1D22
    ("latin-alpha-in-latin-name", "Later Kɑzɑntsev was released."),  # U+0251
    ("cyrillic-izhitsa-for-v", "Later Kazantseѵ was released."),  # U+0475
    ("invisible-outside-the-bmp", "Later Kazan\U0001BCA1tsev and Kazan\U0001D173tsev were released."),
    ("hangul-filler-inside-name", "Later Kazan\u3164tsev was released."),  # a letter that shows nothing
    ("supplementary-combining-mark", "Later Kazan\U0001D167tsev was released."),
    ("hyphen-inside-name", "Later Kazan-tsev was released."),
    ("non-breaking-hyphen-inside-name", "Later Kazan\u2011tsev was released."),
]:
    add(Case(cid, 5, anon_en(text), CLEAN))
add(Case("small-capitals-in-cyrillic-name", 5, anon_ru("Позже Казаʜцеʙа освободили."), CLEAN, lang=("ru",)))
add(Case("hyphenated-at-a-line-end-ru", 5, anon_ru("Позже Казан-\nцева освободили."), CLEAN, lang=("ru",)))
add(Case("dotless-i-in-latin-name", 5, person(
    ["Timur Ismailov"], "Timur Ismailov was detained. Later Isma**ı**lov was released."),
    CLEAN, forms=("timur", "~ismailov"), names=("cases/person",)))

# Found by a second red team: spaced-out letters, tight spaces, letters of other scripts, a Cyrillic
# name typed in Latin capitals, the palochka.
for cid, text in [
    ("letter-spaced-name", "The guard shouted „K a z a n t s e v“ at him."),
    ("no-break-space-inside-name", "Later Kazan\u00a0tsev was released."),
    ("cherokee-and-lisu-look-alikes", "Later \u13e6azantsev was moved. The list said ꓗꓮꓜꓮꓠꓔꓢꓰꓦ."),
]:
    add(Case(cid, 5, anon_en(text), CLEAN))
add(Case("letter-spaced-name-ru", 5, anon_ru("Охранник кричал: «К а з а н ц е в!»"), CLEAN, lang=("ru",)))
add(Case("cyrillic-name-in-latin-capitals", 5, person(
    ["Yerlan Rakhmetov", "Ерлан Рахметов"], "Yerlan Rakhmetov was detained.",
    "Ерлан Рахметов задержан. В списке задержанных: PAXMETOB; в журнале — PAXMETOВ."),
    CLEAN, forms=("yerlan", "~rakhmetov", "ерлан", "~рахметов"), lang=("ru",), names=("cases/person",)))
add(Case("palochka-for-i", 5, person(["Ismail Iskakov"], "Ismail Iskakov was detained. The register reads ӀSKAKOV."),
         CLEAN, forms=("ismail", "~iskakov"), names=("cases/person",)))

# 6. Images: metadata ---------------------------------------------------------------------------------
for cid, data, name, lang in [
    ("png-text-chunk", png(text_chunk("Author", "Mikhail Kazantsev"), text_chunk("Description", "Kazantsev, 2021")),
     "photo.png", "en"),
    ("png-itxt-cyrillic", png(itxt_chunk("Title", "Михаил Казанцев, 2021")), "photo.png", "en"),
    ("png-itxt-compressed", png(itxt_chunk("Comment", "Казанцева избили", compressed=True)), "photo.png", "ru"),
    ("png-ztxt-compressed", png(ztxt_chunk("Comment", "Kazantsev, Almaty")), "photo.png", "en"),
    ("png-exif-chunk", png((b"eXIf", exif(artist="Mikhail Kazantsev"))), "photo.png", "en"),
    ("jpeg-com-segment", jpeg((0xFE, b"Photo: Mikhail Kazantsev"), ), "photo.jpg", "en"),
    ("jpeg-exif-app1", jpeg((0xE1, b"Exif\0\0" + exif("Kazantsev in hospital", "", "Михаил Казанцев"))),
     "photo.jpg", "en"),
    ("jpeg-xmp-app1", jpeg((0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp("Михаил Казанцев", "Kazantsev, 2021"))),
     "photo.jpg", "en"),
    ("jpeg-com-in-ru-block", jpeg((0xFE, "Фото: Михаил Казанцев".encode()), ), "photo.jpg", "ru"),
]:
    ref = PHOTO.replace("photo.png", name)
    files = {f"content/assets/{name}": data, **(anon_en(ref) if lang == "en" else anon_ru(
        ref.replace("The drawing is reproduced with consent.", "Рисунок публикуется с согласия.")))}
    add(Case(cid, 6, files, EITHER, lang=(lang,), names=ANON + ("assets/",), media=True,
             why="metadata stripped (issue) or the image refused"))
add(Case("png-metadata-in-finding-block", 6, {
    "content/assets/photo.png": png(text_chunk("Author", "Mikhail Kazantsev")),
    **finding_en(PHOTO)}, EITHER, names=ATTACK + ("assets/",), media=True))
for cid, data, name in [
    ("png-private-chunk", png((b"kzNm", b"Mikhail Kazantsev")), "photo.png"),
    ("png-text-chunk-after-pixels", png(after=(text_chunk("Author", "Mikhail Kazantsev"),)), "photo.png"),
    ("png-bytes-after-iend", png(trailing="Фото: Михаил Казанцев".encode()), "photo.png"),
    ("jpeg-bytes-after-eoi", JPEG + b"Photo: Mikhail Kazantsev", "photo.jpg"),
    ("jpeg-com-after-scan", JPEG[:-2] + segment(0xFE, b"Mikhail Kazantsev") + JPEG[-2:], "photo.jpg"),
    ("jpeg-iptc-app13", jpeg((0xED, iptc("Mikhail Kazantsev", "Kazantsev in hospital"))), "photo.jpg"),
    ("jpeg-unknown-app9-segment", jpeg((0xE9, b"Mikhail Kazantsev")), "photo.jpg"),
    ("jpeg-app1-unknown-identifier", jpeg((0xE1, b"MyCamera\0Owner: Mikhail Kazantsev")), "photo.jpg"),
]:
    add(Case(cid, 6, {f"content/assets/{name}": data, **anon_en(PHOTO.replace("photo.png", name))}, EITHER,
             names=ANON + ("assets/",), media=True, why="a stripper that copies what it does not know leaks"))
add(Case("png-metadata-names-confidential-person", 6, {
    "content/assets/photo.png": png(itxt_chunk("Author", "Айгерим Секретова")),
    **finding_en(PHOTO)}, EITHER, names=ATTACK + ("assets/", "cases/confidential"), media=True))
add(Case("image-file-name", 6, {"content/assets/kazantsev-2021.png": PLAIN_PNG,
                                **anon_en(PHOTO.replace("photo.png", "kazantsev-2021.png"))},
         EITHER, names=ANON + ("assets/",), log_may_name=True, media=True,
         why="pandoc keeps an image's file name in DOCX media and Typst/HTML may too"))

# 7. Earlier outputs ----------------------------------------------------------------------------------
PUBLIC = {"content/en/cases/anonymised.md": case(disclosure="public", protect=None, pseudonym=None),
          "content/ru/cases/anonymised.md": ru_case(pseudonym=None)}
CONFIDENTIAL = {"content/en/cases/anonymised.md": case(disclosure="confidential", pseudonym=None),
                "content/ru/cases/anonymised.md": ru_case(pseudonym=None)}
S_REPORT = {"content/reports/s.yaml": "type: alternative-report\ndate: 2023-04-01\nsections:\n  - theme: safeguards\n",
            "content/en/reports.yaml": "r:\n  title: Report on detention\ns:\n  title: Second report\n",
            "content/ru/reports.yaml": "r:\n  title: Доклад о задержании\ns:\n  title: Второй доклад\n"}
NO_S_REPORT = {"content/reports/s.yaml": None, "content/en/reports.yaml": BASE["content/en/reports.yaml"],
               "content/ru/reports.yaml": BASE["content/ru/reports.yaml"]}
EN_ONLY = ("build", *FORMATS, "-l", "en")
add(Case("public-to-anonymised-then-english-only", 7, {}, EITHER, before=(Step(PUBLIC),), args=EN_ONLY,
         exit_ok=(0, 1), names=("ru/r.",) + ANON, exist=("en/r.docx", "en/r.pdf", "en/r.html"),
         why="build/ru/* of the public content hold the name; only English is rebuilt"))
add(Case("public-to-anonymised-then-docx-only", 7, {}, EITHER,
         before=(Step(PUBLIC, ("build", *FORMATS, "-l", "en")),), args=("build", "-f", "docx", "-l", "en"),
         exit_ok=(0, 1), names=("en/r.",) + ANON, exist=("en/r.docx",)))
add(Case("public-to-confidential-then-russian-only", 7, CONFIDENTIAL, EITHER, before=(Step(PUBLIC),),
         args=("build", *FORMATS, "-l", "ru"), exit_ok=(0, 1), names=("en/r.", "cases/anonymised"),
         exist=("ru/r.docx",)))
add(Case("public-to-anonymised-then-other-report-only", 7, S_REPORT, EITHER,
         before=(Step({**PUBLIC, **S_REPORT}, ("build", *FORMATS, "-l", "en")),), args=("build", "s", *FORMATS, "-l", "en"),
         exit_ok=(0, 1), names=("en/r.",) + ANON, exist=("en/s.docx",)))
add(Case("deleted-report-outputs-removed", 7, NO_S_REPORT, CLEAN,
         before=(Step(S_REPORT, ("build", *FORMATS, "-l", "en")),), args=EN_ONLY, exit_ok=(0,),
         gone=("en/s.docx", "en/s.pdf", "en/s.html"), exist=("en/r.docx",)))
add(Case("renamed-report-outputs-removed", 7, {
    "content/reports/r.yaml": None, "content/reports/t.yaml": BASE["content/reports/r.yaml"],
    "content/en/reports.yaml": "t:\n  title: Report on detention\n",
    "content/ru/reports.yaml": "t:\n  title: Доклад о задержании\n"}, CLEAN,
    before=(Step({}, ("build", *FORMATS, "-l", "en")),), args=EN_ONLY, exit_ok=(0,),
    gone=("en/r.docx", "en/r.pdf", "en/r.html"), exist=("en/t.docx",)))
add(Case("stale-bilingual-review-copy", 7, {}, EITHER, before=(Step(PUBLIC, ("build", "r", "--bilingual")),),
         args=EN_ONLY, exit_ok=(0, 1), names=("bilingual/",) + ANON, exist=("en/r.docx",),
         why="a review copy of the public content stays in build/bilingual/"))
add(Case("leftover-temp-folder-swept", 7, {
    "build/.kzreport-99999-deadbeef/__typst_py_bytes__.typ": "#kz-case[Mikhail Kazantsev was questioned.]\n"},
    CLEAN, before=(Step({}, EN_ONLY),), args=EN_ONLY, exit_ok=(0,),
    why="what a killed build left (same naming as kzreport's own temporary folders)"))
add(Case("public-to-anonymised-output-dir", 7, {}, EITHER,
         before=(Step(PUBLIC, ("build", *FORMATS, "-o", "out")),), args=(*EN_ONLY, "-o", "out"), exit_ok=(0, 1),
         names=("ru/r.",) + ANON, why="the same sweep in a folder given with -o"))
UNCLE = "His uncle Yerlan Zhaksybekov was also beaten."
add(Case("newly-protected-name-then-english-only", 7, {
    "content/en/cases/anonymised.md": case(EN_CASE_BODY + "\n" + UNCLE + "\n",
                                           protect=BASE_PROTECT + ["Yerlan Zhaksybekov", "Ерлан Жаксыбеков"]),
    **anon_ru("Его дядю Ерлана Жаксыбекова тоже избили.")}, EITHER,
    before=(Step({"content/en/cases/anonymised.md": case(EN_CASE_BODY + "\n" + UNCLE + "\n"),
                  **anon_ru("Его дядю Ерлана Жаксыбекова тоже избили.")}),),
    args=EN_ONLY, exit_ok=(0, 1), names=("ru/r.",) + ANON, forms=("yerlan", "~zhaksybekov", "ерлан", "~жаксыбеков"),
    exist=("en/r.docx",), why="a relative's name added to protect after a full build: the Russian outputs are stale"))
add(Case("stale-leak-swept-when-build-fails", 7, {
    "content/en/safeguards/finding.md": block("Broken.\n", title="Broken").replace("safeguards", "no-such-theme")},
    EITHER, before=(Step(PUBLIC, ("build", *FORMATS, "-l", "en")),), args=EN_ONLY, exit_ok=(1,),
    names=("finding.md",), why="unsure: 'a failed build leaves earlier outputs' vs 'build/ never keeps an output "
                               "that is no longer clean' — safety wins here"))

# 8. Confidential cases ---------------------------------------------------------------------------------
CONF = ("safeguards/attack",)
add(Case("confidential-named-in-finding", 8, finding_en("As Aigerim Sekretova told us, complaints are punished."),
         BLOCKED, names=CONF))
add(Case("confidential-surname-only-in-finding", 8, finding_en("As Sekretova told us, complaints are punished."),
         BLOCKED, names=CONF))
add(Case("confidential-oblique-in-finding-ru", 8, finding_ru("Айгерим Секретовой угрожали после жалобы."),
         BLOCKED, lang=("ru",), names=CONF))
add(Case("confidential-named-in-anonymised-case", 8, anon_en("His cellmate Aigerim Sekretova saw it."), BLOCKED))
add(Case("confidential-named-in-cited-source", 8, {
    **sources("- id: statement\n  type: report\n  title: Statement by Aigerim Sekretova\n",
              "- id: statement\n  type: report\n  title: Заявление Айгерим Секретовой\n"),
    **finding_en("Complaints are punished.[@statement]")}, BLOCKED,
    names=CONF + ("sources.yaml", "cases/confidential")))
add(Case("confidential-named-in-report-title", 8, {
    "content/en/reports.yaml": "r:\n  title: Report on Aigerim Sekretova\n"}, BLOCKED,
    names=("reports.yaml", "cases/confidential")))
add(Case("confidential-without-protect-named-elsewhere", 8, {
    "content/en/cases/confidential.md": case("Aigerim Sekretova was threatened after she complained.\n",
                                             title="A confidential story", disclosure="confidential",
                                             pseudonym=None, protect=None),
    **finding_en("As Aigerim Sekretova told us, complaints are punished.")}, BLOCKED,
    names=("cases/confidential",) + CONF, log_may_name=True))
add(Case("confidential-named-in-finding-after-clean-build", 8,
         finding_en("As Aigerim Sekretova told us, complaints are punished."), BLOCKED, names=CONF,
         before=(Step({}, ("build", *FORMATS, "-l", "en")),),
         why="the earlier, clean outputs may stay or go; none may come to name her"))
add(Case("confidential-listed-explicitly-in-report", 8, {
    "content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n"
                              "    blocks: [safeguards/finding, cases/confidential, cases/anonymised]\n"},
    CLEAN, lang=("en", "ru")))
for cid, key in [("confidential-as-annex", "annexes"), ("confidential-in-cover", "cover")]:
    add(Case(cid, 8, {"content/reports/r.yaml": BASE["content/reports/r.yaml"] + f"{key}: [cases/confidential]\n"},
             EITHER, lang=("en", "ru"), names=("cases/confidential", "reports/r.yaml"),
             why="a coordinator lists the confidential case where no one checks: left out or refused"))
add(Case("confidential-as-about-footnote", 8, {
    "content/reports/r.yaml": BASE["content/reports/r.yaml"] + "about: cases/confidential\n"}, EITHER,
    lang=("en", "ru"), names=("cases/confidential", "reports/r.yaml")))
LONG = "\n\n".join(f"Paragraph {i}: detainees describe the same pattern of night interrogations, threats and "
                   f"beatings, and the absence of any lawyer or doctor during the first hours." * 3 for i in range(40))


def _typ_without_mark() -> str:
    typ = (REPO / "kzreport" / "templates" / "kzreport.typ").read_text(encoding="utf-8")
    stripped, n = re.subn(r"if kz\.confidential != none \{.*?\n  \}", "none", typ, flags=re.DOTALL)
    assert n, "kzreport/templates/kzreport.typ changed: update _typ_without_mark()"
    return stripped


def _html_without_mark() -> str:
    page = (REPO / "kzreport" / "templates" / "kzreport.html").read_text(encoding="utf-8")
    stripped, n = re.subn(r"\$if\(kz-confidential\)\$.*?\$endif\$\n?", "", page, flags=re.DOTALL)
    assert n, "kzreport/templates/kzreport.html changed: update _html_without_mark()"
    return stripped


INTERNAL_ARGS = ("build", "--internal", *FORMATS)
add(Case("internal-own-typst-template-without-mark", 8, {
    "templates/kzreport.typ": _typ_without_mark, **finding_en(LONG)}, INTERNAL, lang=("en", "ru"),
    args=INTERNAL_ARGS))
add(Case("internal-own-html-template-without-mark", 8, {
    "templates/kzreport.html": _html_without_mark, "templates/kzreport.typ": _typ_without_mark}, INTERNAL,
    args=(*INTERNAL_ARGS, "-l", "en")))
add(Case("internal-mark-word-emptied", 8, {
    "content/en/strings.yaml": "organisation:\n  name: Leak Corpus Coalition\nwords:\n  confidential: \"\"\n"},
    INTERNAL, args=(*INTERNAL_ARGS, "-l", "en"), names=("strings.yaml",), exit_ok=(0, 1),
    why="unsure: an emptied 'confidential' word must not remove the mark (refuse, or print the default)"))

# 9. Metadata ---------------------------------------------------------------------------------------------
add(Case("report-title-en", 9, {"content/en/reports.yaml": "r:\n  title: Report on Mikhail Kazantsev\n"},
         EITHER, names=ANON + ("reports.yaml",), why="DOCX core properties, PDF Info/XMP, HTML <title>, cover"))
add(Case("report-title-ru-oblique", 9, {"content/ru/reports.yaml": "r:\n  title: Доклад по делу Михаила Казанцева\n"},
         EITHER, lang=("ru",), names=ANON + ("reports.yaml",)))
add(Case("report-subtitle-en", 9, {
    "content/en/reports.yaml": "r:\n  title: Report on detention\n  subtitle: The Kazantsev family and others\n"},
    EITHER, names=ANON + ("reports.yaml",)))
add(Case("heading-in-text-block-bookmark", 9, {"content/en/safeguards/attack.md": block(
    "## What happened to Kazantsev\n\nHe was questioned.\n", type_="text", title="Intro")}, EITHER, names=ATTACK))
add(Case("link-uri-in-finding", 9, finding_en("See the [video](https://example.org/video/kazantsev-beaten.mp4)."),
         EITHER, names=ATTACK))
add(Case("theme-title-bookmark", 9, {"content/en/themes.yaml": "safeguards: Safeguards and the Kazantsev case\n"},
         EITHER, names=ANON + ("themes.yaml",)))
add(Case("un-point-text", 9, {"content/en/documents/cat-co4.yaml":
                              "title: Concluding observations\npoints:\n  \"10\": Investigate the Kazantsev case.\n"},
         EITHER, names=ANON + ("documents/cat-co4",)))
add(Case("bilingual-review-copy", 9, {}, EITHER, args=("build", "r", "--bilingual"),
         why="unsure: is the side-by-side review copy a public output? it sits in build/"))

# 10. False-alarm traps ---------------------------------------------------------------------------------------
add(Case("trap-li-particle", 10, {
    **person(["Vadim Li", "Вадим Ли"], "Vadim Li was detained. The investigator said Li was guilty.",
             "Вадим Ли был задержан. Следователь сказал, что Ли виновен.", pseudonym=("V. L.", "В. Л.")),
    **finding_ru("Знает ли суд, где держат задержанных? Вряд ли. Были ли жалобы, неизвестно.")},
    BUILDS, forms=("vadim", "вадим", "~said li was", "~что ли виновен"), lang=("ru",),
    keep=("знает ли суд", "вряд ли", "были ли жалобы")))
add(Case("trap-english-word-surname", 10, {
    **person(["Peter Ward"], "Peter Ward was held in a psychiatric hospital. Ward's lawyer was not told."),
    **finding_en("Detainees are held in the wards of psychiatric hospitals; the warden keeps no register.")},
    BUILDS, forms=("peter", "=ward"), keep=("in the wards of psychiatric", "the warden keeps"),
    why="a surname that is a common English word is matched as a whole word written with a capital"))
add(Case("trap-said-surname-vs-verb", 10, {
    **person(["Marat Said", "Марат Саид"], "Marat Said was detained. Said's lawyer was not told."),
    **finding_en("The officer said that lawyers are not admitted at night.")},
    BUILDS, forms=("~marat said", "~said's lawyer"), keep=("the officer said that",),
    why="Саид's Latin spelling is an English word: matched as a whole word with a capital"))
add(Case("trap-surname-stem-of-another-surname", 10, {
    **person(["Aidos Akhmet", "Айдос Ахмет"], "Aidos Akhmet was detained.", "Айдос Ахмет задержан."),
    **finding_ru("Судья Ахметова отклонила жалобу; прокурор Ахметов не ответил.",
                 "Judge Akhmetova dismissed the complaint; prosecutor Akhmetov did not reply.")},
    BUILDS, forms=("~aidos", "~айдос"), keep=("судья ахметова отклонила", "прокурор ахметов не"), lang=("ru",),
    why="Ахметов and Ахметова are other people's surnames, not Ахмет with an ending"))
# Found by a third red team: every DOCX was refused for words of kzreport's own reference document (the
# theme's script tags "Hans"/"Hant", the style "Untranslated Mark"), and "Tennis" was Ten's possessive.
for cid, protect, en, ru, forms in [
    ("trap-name-in-kzreport-own-docx-parts-han", ["Хан"], "Han was detained.", "Хана задержали.",
     ("~han was detained", "~хана задержали")),
    ("trap-name-in-kzreport-own-docx-parts-mark", ["Марк"], "Mark was detained.", "Марка задержали.",
     ("~mark was detained", "~марка задержали")),
    ("trap-possessive-is-not-any-s", ["Тен"], "Ten was beaten. The tennis courts were nearby. Tennis was played.",
     "Тена избили.", ("~ten was beaten",)),
]:
    add(Case(cid, 10, person(protect, en, ru), BUILDS, forms=forms, lang=("en", "ru"), names=("cases/person",),
             keep=("en:tennis courts", "en:tennis was played") if "tennis" in en else ()))
add(Case("trap-patronymic-of-the-surname", 10, {
    **person(["Дана Ахметова"], "Dana Akhmetova was detained.", "Дана Ахметова задержана."),
    **finding_ru("Судья Асель Ахметовна Нурланова отклонила жалобу.",
                 "Judge Asel Akhmetovna Nurlanova dismissed the complaint.")},
    BUILDS, forms=("~дана ахметова", "~dana akhmetova"), keep=("асель ахметовна нурланова",), lang=("ru",),
    why="a patronymic made of the same name is someone's father's name, not the protected surname"))
add(Case("trap-kim-kimberly", 10, {
    **person(["Roman Kim", "Роман Ким"], "Roman Kim was beaten.", "Роман Ким был избит. Кима перевели в больницу.",
             pseudonym=("R. K.", "Р. К.")),
    **finding_ru("Об этом говорила Кимберли Браун из Amnesty International.")},
    BUILDS, forms=("~roman kim", "=роман", "=ким", "=кима"), lang=("ru",), keep=("кимберли браун",),
    why="unsure: Ким is short; a prefix rule would hit Кимберли"))
add(Case("trap-roman-first-name-vs-novel", 10, {
    **person(["Roman", "Роман"], "Roman is 14. Roman was beaten at the police station.",
             "Роману 14 лет. Однажды Романа избили в отделе полиции.", pseudonym=("R.", "Р.")),
    **finding_ru("Писатель посвятил пыткам роман «Ночь»; в романе описан тот же ИВС.")},
    BUILDS, forms=("~roman is 14", "~roman was beaten", "~роману 14", "~однажды романа"), lang=("ru",),
    keep=("посвятил пыткам роман", "в романе описан"),
    why="unsure: only the first name listed, and it is a common word; lower case mid-sentence is the novel"))
add(Case("trap-moroz-surname-vs-frost", 10, {
    **person(["Ivan Moroz", "Иван Мороз"], "Ivan Moroz spent the night outside.",
             "Иван Мороз провёл ночь на улице. Позже Мороза избили.", pseudonym=("I. M.", "И. М.")),
    **finding_ru("Задержанных держали на морозе; от мороза у детей обморожены руки. Зимой морозы достигали −30°.")},
    BUILDS, forms=("ivan", "~moroz", "иван", "~мороз провел", "~позже мороза"), lang=("ru",),
    keep=("на морозе", "от мороза", "зимой морозы"),
    why="unsure: Мороз is a common word but not a short one"))
add(Case("trap-volk-surname-vs-wolf", 10, {
    **person(["Ivan Volk", "Иван Волк"], "Ivan Volk was beaten.", "Иван Волк был избит. Позже Волка перевели.",
             pseudonym=("I. V.", "И. В.")),
    **finding_ru("Следователь смотрел на него как волк; в отделе говорили, что человек человеку волк.")},
    BUILDS, forms=("ivan", "~volk was", "иван", "~волк был", "~позже волка"), lang=("ru",),
    keep=("смотрел на него как волк", "человек человеку волк"),
    why="a four-letter surname that is a common word: the issue's stricter rule for short names"))
add(Case("trap-almaty-vs-almatov", 10, {
    **person(["Yerlan Almatov", "Ерлан Алматов"], "Yerlan Almatov was beaten.", "Ерлан Алматов был избит.",
             pseudonym=("Y. A.", "Е. А.")),
    **finding_ru("Алматинский городской суд и суды Алматы отказали в жалобах.")},
    BUILDS, forms=("yerlan", "~almatov", "ерлан", "~алматов"), lang=("ru",),
    keep=("алматинский городской суд", "суды алматы")))
add(Case("trap-pavlodar-vs-pavel", 10, {
    **person(["Pavel", "Павел"], "Pavel, 16, was detained in Pavlodar.", "Павла, 16 лет, задержали в Павлодаре.",
             pseudonym=("P.", "П.")),
    **finding_ru("В Павлодарской области нет ни одного кризисного центра.")},
    BUILDS, forms=("=pavel", "=павел", "=павла", "=павлу", "=павлом", "=павле"), lang=("ru",),
    keep=("в павлодаре", "в павлодарской области")))
add(Case("trap-petropavlovsk-vs-pyotr", 10, {
    **person(["Pyotr", "Пётр"], "Pyotr, 15, was beaten in Petropavlovsk.", "Петра, 15 лет, избили в Петропавловске.",
             pseudonym=("P.", "П.")),
    **finding_ru("В Петропавловске нет ни одного кризисного центра.")},
    BUILDS, forms=("=pyotr", "=петр", "=петра", "=петру", "=петром", "=петре"), lang=("ru",),
    keep=("в петропавловске",)))
add(Case("trap-kazan-city", 10, finding_ru("Похожее дело рассматривали в Казани; казанский суд оправдал полицейских."),
         BUILDS, lang=("ru",), keep=("в казани", "казанский суд")))
add(Case("trap-nazarbayev", 10, {
    **person(*NAZAROV, "Нұрлан Назаров задержан."),
    **finding_ru("Закон подписан при Назарбаеве; Назарбаев обещал реформу.")},
    BUILDS, forms=("nurlan", "~nazarov", "нұрлан", "~назаров"), lang=("ru",), keep=("при назарбаеве", "назарбаев обещал")))
add(Case("trap-uncited-source-names-person", 10, UNCITED, BUILDS, keep=("children are questioned",)))
add(Case("trap-uncited-source-names-person-ru", 10, UNCITED, BUILDS, lang=("ru",), keep=("детей допрашивают",)))
add(Case("trap-name-only-in-protect-list", 10, {"content/en/cases/anonymised.md": case(
    protect=BASE_PROTECT + ["Yerlan Zhaksybekov", "Ерлан Жаксыбеков"])}, BUILDS,
    forms=("yerlan", "~zhaksybekov", "ерлан", "~жаксыбеков"), keep=("questioned",),
    why="a warning ('check the spelling') is fine, a failure is not"))
add(Case("trap-pseudonym-with-real-first-name", 10, {
    "content/en/cases/anonymised.md": case(pseudonym="Mikhail K."),
    "content/ru/cases/anonymised.md": ru_case(pseudonym="Михаил К.")}, BUILDS, lang=("en", "ru"),
    base_forms=False, forms=("~kazantsev", "~казанцев", "~sekretov", "~секретов"), keep=("en:mikhail k", "ru:михаил к")))
add(Case("trap-public-case-keeps-name", 10, {"content/en/cases/person.md": case(
    "Bolat Dzhanuzakov, a human-rights defender, agreed to be named.\n", title="A defender", disclosure="public",
    protect=None, pseudonym=None)}, BUILDS, keep=("bolat dzhanuzakov",)))
add(Case("trap-image-metadata-without-name", 10, {
    "content/assets/photo.png": png(text_chunk("Software", "GIMP 2.10"), itxt_chunk("Comment", "Almaty, 2021")),
    **anon_en(PHOTO)}, BUILDS, keep=("reproduced with consent",), media=True))

# Found by a sixth red team
add(Case("latin-spellings-combined", 2, person(
    ["Алексей Горбачёв", "Юлия Чернышёва", "Ксения Соловьёва", "Александр Королёв"],
    "Alexei Gorbachov was detained with Yulia Chernyshova, Ksenia Solovieva and Alexander Korolev. Later "
    "Gorbachov and Chernyshova complained; Solovyeva was not heard.",
    "Алексей Горбачёв задержан вместе с Юлией Чернышёвой, Ксенией Соловьёвой и Александром Королёвым."),
    CLEAN, lang=("en", "ru"), names=("cases/person",),
    forms=("alexei", "~gorbachov", "yulia", "~chernyshov", "ksenia", "~solovieva", "~solovyeva", "alexander",
           "~korolev", "алексе", "~горбачев", "юли", "~черныш", "ксени", "~соловьев", "александр", "~королев"),
    why="the press changes several letters at once (ё as o after ч, кс as x, ия as ia, ьё as ie)"))
add(Case("latin-spelling-passport-tc", 2, anon_en("The old passport reads KAZANTCEV MIKHAIL."), CLEAN,
         forms=("~kazantcev",)))
add(Case("surname-also-a-word-form-english-plural", 2, person(
    ["Иван Кузнецов", "Ivan Kuznetsov"],
    "Ivan Kuznetsov was beaten in custody. Officers later searched the Kuznetsovs' flat, and the Kuznetsovs "
    "filed a complaint. Supporters wrote #KuznetsovFamily.",
    "Ивана Кузнецова избили под стражей. Позже у Кузнецовых провели обыск, и Кузнецовы подали жалобу."),
    CLEAN, lang=("en", "ru"), names=("cases/person",), forms=("ivan", "~kuznetsov", "иван", "~кузнецов"),
    why="кузнецов is also 'of smiths' (a case form, not a word of its own): the surname is not matched strictly"))
add(Case("surname-unknown-family-plural", 2, person(
    ["Ерболат Тоқаев", "Erbolat Tokayev"],
    "Erbolat Tokayev was beaten. The Tokayevs' flat was searched; the Tokayevs complained.",
    "Ерболата Токаева избили. У Токаевых провели обыск; братья Токаевы подали жалобу. С Токаевыми никто не говорил."),
    CLEAN, lang=("en", "ru"), names=("cases/person",), forms=("erbolat", "~tokayev", "~tokaev", "ерболат", "~токаев")))
add(Case("trap-another-given-name-with-an-ending", 10, {
    **person(["Madi Serikov", "Madi", "Мади Сериков", "Мади"], "Madi Serikov was questioned.",
             "Мади Сериков был допрошен."),
    **finding_ru("Мадина Абилова дала показания.", "Madina Abilova testified.")},
    BUILDS, lang=("en", "ru"), forms=("=madi", "~serikov", "=мади", "~сериков"),
    keep=("en:madina abilova", "ru:мадина абилова"),
    why="-na is a Kazakh ending, but Madina is a given name of its own"))
add(Case("trap-surname-word-form-in-lower-case", 10, {
    **person(["Иван Кузнецов"], "Ivan Kuznetsov was questioned.", "Ивана Кузнецова допросили."),
    **finding_ru("Профсоюз кузнецов и литейщиков поддержал жалобу.")},
    BUILDS, lang=("ru",), forms=("ivan", "иван", "~kuznetsov", "~ивана кузнецова"), keep=("профсоюз кузнецов",)))
add(Case("trap-link-to-a-heading", 10, anon_en(
    "## The arrest {#the-arrest}\n\nThe arrest took place at night.\n\nSee [the arrest](#the-arrest) above."),
    BUILDS, keep=("see the arrest above",), why="a link to a heading once stopped the PDF (Typst: no such label)"))

# Found by a seventh red team
add(Case("kazakh-latin-2018", 2, person(
    ["Erlan Kuanyshev", "Ерлан Қуанышев"],
    "Erlan Kuanyshev was beaten. The government's site wrote Erlan Qýanyshev; Qýanyshevke hat berildi.",
    "Ерлан Қуанышев был избит."), CLEAN, lang=("en", "ru"), names=("cases/person",),
    forms=("erlan", "~kuanyshev", "~qyanyshev", "ерлан", "~куанышев")))
add(Case("kazakh-name-in-russian-spelling", 2, person(
    ["Bakytzhan Sagyntayev", "Бақытжан Сағынтаев"], "Bakytzhan Sagyntayev was beaten.",
    "Бахытжан Сагинтаев был избит. Сагинтаева перевели в ИВС."), CLEAN, lang=("en", "ru"), names=("cases/person",),
    forms=("bakytzhan", "~sagyntayev", "бақытжан", "бахытжан", "~сағынтаев", "~сагинтаев"),
    why="Russian texts write қ as х and ы after г as и: Бахытжан Сагинтаев"))
add(Case("kazakh-patronymic-written-apart", 2, person(
    ["Bauyrzhan Sapar uly", "Бауыржан Сапар ұлы"],
    "Bauyrzhan Sapar uly was beaten. Later Sapar uly was released; Saparuly was summoned again.",
    "Бауыржана Сапар ұлы избили. Позже Сапар ұлы отпустили; Сапарұлы снова вызвали."),
    CLEAN, lang=("en", "ru"), names=("cases/person",),
    forms=("bauyrzhan", "~sapar uly", "~saparuly", "бауыржан", "~сапар ұлы", "~сапарұлы")))
add(Case("european-press-spellings", 2, anon_en(
    "German press called him Michail Kasanzew; a Polish paper wrote Kazancew."), CLEAN,
    forms=("michail", "~kasanzew", "~kazancew")))
add(Case("surname-with-a-vowel-that-drops", 2, person(
    ["Ivan Kravets", "Иван Кравец", "Pavel Zhuravel", "Павел Журавель"],
    "Ivan Kravets and Pavel Zhuravel were detained.",
    "Иван Кравец и Павел Журавель задержаны. С Кравцом адвокат не встречался. Журавля перевели в ИВС."),
    CLEAN, lang=("en", "ru"), names=("cases/person",),
    forms=("ivan", "~kravets", "pavel", "~zhuravel", "иван", "~кравец", "~кравц", "павел", "~журавел", "~журавл")))
add(Case("first-name-initial-or-nickname-between", 2, {
    **anon_en("Mikhail P. Kazantsev was beaten again in March."),
    **anon_ru("Михаил «Миша» Казанцев был избит снова в марте.")}, CLEAN, lang=("en", "ru"), forms=("=миша",),
    why="the first name beside the pseudonym names him"))
add(Case("trap-other-surnames-made-of-the-name", 10, {
    **person(["Erlan Akhmet", "Ерлан Ахмет", "Nurlan Sapar", "Нурлан Сапар"], "Erlan Akhmet and Nurlan Sapar were detained.",
             "Ерлан Ахмет и Нурлан Сапар задержаны."),
    **finding_ru("Прокурор Ахметжанов отказал; судья Сапаргалиев и депутат Ахметбекова не ответили.",
                 "Prosecutor Akhmetzhanov refused; Judge Sapargaliyev and deputy Akhmetbekova did not reply.")},
    BUILDS, lang=("en", "ru"), forms=("erlan", "ерлан", "nurlan", "нурлан", "~akhmet and", "~ахмет и", "~sapar were",
                                        "~сапар задержаны"),
    keep=("en:akhmetzhanov", "en:sapargaliyev", "en:akhmetbekova", "ru:ахметжанов", "ru:сапаргалиев", "ru:ахметбекова")))
add(Case("trap-uly-dala-avenue", 10, {
    **person(["Bauyrzhan Sapar uly", "Бауыржан Сапар ұлы"], "Bauyrzhan Sapar uly was beaten.", "Бауыржана Сапар ұлы избили."),
    **finding_ru("ИВС на проспекте Ұлы Дала в Астане переполнен.",
                 "The detention centre on Uly Dala Avenue in Astana is overcrowded.")},
    BUILDS, lang=("en", "ru"), forms=("bauyrzhan", "~saparuly", "~sapar uly", "бауыржан", "~сапарұлы", "~сапар ұлы"),
    keep=("en:uly dala avenue", "ru:ұлы дала")))

# Found by an eighth red team (false alarms first)
add(Case("surname-after-a-given-name-that-is-a-surname-too", 2, person(
    ["Роман Заяц", "Roman Zayats"], "Roman Zayats was beaten. Later Zayats complained.",
    "Романа Зайца избили. Позже Заяц пожаловался."), CLEAN, lang=("en", "ru"), names=("cases/person",),
    forms=("~roman zayats", "~zayats", "~романа зайца", "~заяц", "~зайц"),
    why="Роман is also a surname: Заяц was not protected alone"))
add(Case("passport-double-s", 2, person(
    ["Марат Касымов"], "Marat Kassymov was detained. Kassymov's lawyer was not admitted."), CLEAN,
    names=("cases/person",), forms=("marat", "~kassymov", "~kasymov")))
add(Case("womans-family-in-english", 2, person(
    ["Наталья Кузнецова", "Natalya Kuznetsova"], "Natalya Kuznetsova was detained; the Kuznetsovs received threats."),
    CLEAN, names=("cases/person",), forms=("natalya", "~kuznetsov")))
add(Case("trap-league-and-covenant", 10, {
    **person(["Ирина Ли", "Irina Li"], "Irina Li was detained.", "Ирину Ли задержали.", pseudonym=("I. L.", "И. Л.")),
    **finding_ru("ОО «Лига феминисток» сообщило, что это нарушает статью 7 Пакта.")},
    BUILDS, lang=("ru",), forms=("irina", "ирин", "~irina li", "~ирину ли"), keep=("лига феминисток", "статью 7 пакта")))
add(Case("trap-womans-surname-and-her-namesake", 10, {
    **person(["Асель Жумабаева", "Asel Zhumabayeva"], "Asel Zhumabayeva was detained.", "Асель Жумабаеву задержали."),
    **finding_ru("Начальник полиции Жанат Жумабаев не ответил.", "Police chief Zhanat Zhumabaev did not reply.")},
    BUILDS, lang=("en", "ru"), forms=("asel", "асель", "~zhumabayeva", "~жумабаеву", "~жумабаевой"),
    keep=("en:zhanat zhumabaev", "ru:жанат жумабаев")))
add(Case("trap-longer-kazakh-surname", 10, {
    **person(["Ерлан Ахметов", "Yerlan Akhmetov"], "Yerlan Akhmetov was detained.", "Ерлана Ахметова задержали."),
    **finding_ru("Прокурор Нурлан Кожахметов отказал в жалобе.", "Prosecutor Nurlan Kozhakhmetov dismissed the complaint.")},
    BUILDS, lang=("en", "ru"), forms=("yerlan", "ерлан", "=akhmetov", "=ахметова"),
    keep=("en:nurlan kozhakhmetov", "ru:нурлан кожахметов")))
add(Case("trap-rare-spelling-that-is-an-english-word", 10, {
    **person(["Сергей Белов"], "Sergei Belov was detained."),
    **finding_en("Below are the Coalition's findings on detention.")},
    BUILDS, forms=("sergei", "=belov"), keep=("below are the coalition",)))

# Found by a ninth red team
add(Case("hashtag-with-a-word-after-the-name", 3, finding_en("Supporters ran the campaign #FreeKazantsevNow online."),
    BLOCKED, names=("safeguards/attack",), why="'-Now' was read as a patronymic's ending (Kazantsevna)"))
add(Case("hashtag-after-the-name-in-the-case", 2, anon_en("The campaign #FreeKazantsevNow ran at freekazantsevnow.org."),
    CLEAN))
add(Case("footnote-right-after-the-name", 3, anon_en("According to Kazantsev^[Interview with his lawyer, 2021.] he "
                                                    "was beaten; [Kazantsev][ref] complained.\n\n[ref]: https://example.org/report"),
    BUILDS, keep=("according to m. k.", "interview with his lawyer, 2021", "m. k. complained"),
    why="the note was taken as the name's ending and replaced with it"))
add(Case("footnote-right-after-the-name-ru", 3, anon_ru("По словам Казанцева^[Интервью с адвокатом, 2021 г.], его били."),
    BUILDS, lang=("ru",), keep=("по словам м. к.", "интервью с адвокатом, 2021")))
add(Case("polish-press-spelling", 5, {
    **person(["Сергей Петров"], "Sergei Petrov was beaten."),
    **finding_en("The Polish daily wrote about Siergiej Pietrow and Władimir Ławrow in 2022.")},
    EITHER, names=("safeguards/attack",), forms=("~pietrow", "~siergiej", "sergei", "~petrov", "~ławrow", "~lawrow")))
add(Case("french-press-spelling-of-the-case-text", 5, person(
    ["Сергей Петров"], "Sergei Petrov was beaten. Le Monde called him Sergueï Petrov, and Sergueï Petroff."),
    CLEAN, names=("cases/person",), forms=("~serguei", "~petrov", "~petroff", "sergei")))
add(Case("scanned-paper-digits", 5, person(
    ["Зарина Зайцева"], "Zarina Zaitseva was beaten.", "3арину 3айцеву избили. Позже 3айцева подала жалобу."),
    CLEAN, lang=("ru",), names=("cases/person",), forms=("~зарин", "~заицев", "~3арин", "~3аицев")))
add(Case("letters-with-a-stroke", 5, anon_en("Later Kaƶantsev and Ⱪazantsev and 🅺🅰🆉🅰🅽🆃🆂🅴🆅 were named."), CLEAN,
    forms=("~kaƶantsev", "~ⱪazantsev", "~🅺🅰🆉🅰🅽")))
add(Case("trap-inter-alia", 10, {
    **person(["Алия Сапарова", "Алия"], "Aliya Saparova was beaten.", pseudonym=("A. S.", "А. С.")),
    **finding_en("The Committee recommended, inter alia, that all interrogations be recorded.")},
    BUILDS, forms=("=aliya", "~saparova"), keep=("inter alia",)))
# Found by a tenth red team (false alarms first)
add(Case("trap-english-word-beginning-like-the-name", 10, {
    **person(["Олег Машин", "Oleg Mashin"], "Oleg Mashin was detained.", "Олега Машина задержали."),
    **finding_en("The State machinery of repression, including the voting machines, remains intact.")},
    BUILDS, lang=("en", "ru"), forms=("oleg", "олег", "=mashin", "=машина"), keep=("state machinery", "voting machines"),
    why="machin is Машин's French spelling: 'machinery' was read as the name with an ending"))
add(Case("trap-runoff", 10, {
    **person(["Олег Рунов"], "Oleg Runov was detained."),
    **finding_en("Observers were barred from the presidential runoff of 2022.")},
    BUILDS, forms=("oleg", "=runov"), keep=("presidential runoff",), why="Рунов's -off spelling is an English word"))
add(Case("marks-between-the-letters", 4, anon_en("Later K·a·z·a·n·t·s·e·v and K. a. z. a. n. t. s. e. v. were named."),
    CLEAN, forms=("~k·a·z·a·n",)))
add(Case("cyrillic-letters-with-a-hook", 5, anon_ru("Реестр называет Ҡазанцева и Ӄазанцева."), CLEAN, lang=("ru",),
    forms=("~ҡазанцев", "~ӄазанцев")))
add(Case("more-spellings-in-the-case", 5, anon_en("The German press wrote Kasanzeff; the bibliography lists Kazanczev M."),
    CLEAN, forms=("~kasanzeff", "~kazanczev")))
add(Case("turkish-spelling-of-a-kazakh-name", 5, {
    **person(["Серик Жумабаев", "Serik Zhumabayev"], "Serik Zhumabayev was detained."),
    **finding_en("The Turkish agency wrote about Serik Cumabayev in 2021.")},
    EITHER, names=("safeguards/attack",), forms=("~cumabayev", "~zhumabayev", "serik")))
# Found by an eleventh red team (false alarms in realistic text)
add(Case("trap-a-car-in-lower-case", 10, {
    **person(["Олег Машин", "Oleg Mashin"], "Oleg Mashin was detained.",
             "Олега Машина задержали, посадили в служебную машину и отвезли в отдел."),
    **finding_ru("Задержанных сажают в служебную машину без номеров; в машине их избивают.")},
    BUILDS, lang=("ru",), forms=("олег", "=машина", "=машиным"), keep=("в служебную машину", "в машине их")))
add(Case("trap-a-district-court", 10, {
    **person(["Мухтар Ауэзов", "Mukhtar Auezov"], "Mukhtar Auezov was detained.", "Мухтара Ауэзова задержали."),
    **finding_ru("Приговор вынес Ауэзовский районный суд г. Алматы.",
                 "The Auezov District Court of Almaty passed the sentence.")},
    BUILDS, lang=("en", "ru"), forms=("mukhtar", "мухтар", "=ауэзова"),
    keep=("ru:ауэзовский районный суд", "en:auezov district court")))
add(Case("trap-radio-azattyq-and-tenge", 10, {
    **person(["Азат", "Светлана Тен"], "Azat and Svetlana Ten were detained.", pseudonym=("A.", "А.")),
    **finding_en("Radio Azattyq reported that the court awarded 500,000 Tenge (rus.azattyq.org).")},
    BUILDS, forms=("=azat", "svetlana"), keep=("radio azattyq", "500,000 tenge")))

add(Case("base-project-builds-clean", 10, {}, BUILDS, lang=("en", "ru"),
         keep=("en:children are questioned", "en:m. k.", "ru:детей допрашивают", "ru:м. к.")))

CORPUS: list[Case] = C

# ------------------------------------------------------------------------------------------------
# Running a case
# ------------------------------------------------------------------------------------------------


EXITS: dict[str, int] = {}  # case id -> the final build's exit status (for a look by hand, below)


def lay(root: Path, overlay: dict) -> None:
    """BASE with `overlay` laid over it, written to `root` (None deletes a file; a function is called)."""
    merged = {**BASE, **overlay}
    for rel, content in merged.items():
        if callable(content):
            content = content()
        path = root / rel
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def build_args(c: Case) -> tuple[str, ...]:
    if c.args:
        return c.args
    return ("build", *FORMATS, *(a for lang in c.lang for a in ("-l", lang)))


def _manifest_problems(build: Path) -> list[str]:
    manifest = build / "manifest.json"
    if not manifest.exists():
        return []
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except ValueError as exc:
        return [f"build/manifest.json is not JSON: {exc}"]
    entries = data.get("outputs", []) if isinstance(data, dict) else []
    return [f"build/manifest.json lists {e.get('path')!r}, which is not there"
            for e in entries if isinstance(e, dict) and not (build / str(e.get("path", ""))).is_file()]


def _media_problems(build: Path, langs: tuple[str, ...]) -> list[str]:
    problems = []
    for lang in langs:
        with zipfile.ZipFile(build / lang / "r.docx") as z:
            if not any(n.startswith("word/media/") for n in z.namelist()):
                problems.append(f"the image is missing from build/{lang}/r.docx")
        if "data:image/" not in (build / lang / "r.html").read_text("utf-8"):
            problems.append(f"the image is missing from build/{lang}/r.html")
        if b"/Image" not in (build / lang / "r.pdf").read_bytes() and not any(
                b"/Image" in t.encode("latin-1", "ignore") for _, t in pdf_texts(build / lang / "r.pdf", "")):
            problems.append(f"the image is missing from build/{lang}/r.pdf")
    return problems


def _named(stderr: str, names: tuple[str, ...]) -> bool:
    return any(n in stderr for n in names)


def _internal_problems(c: Case, project: Path, proc) -> list[str]:
    import docx

    problems: list[str] = []
    if proc.returncode == 1 and 1 in c.exit_ok and _named(proc.stderr, c.names) and "Traceback" not in proc.stderr:
        return problems  # refused with the file named (only where the case accepts a refusal)
    if proc.returncode != 0:
        return [f"internal build exited {proc.returncode}: {proc.stderr[-1500:]}"]
    langs = [a for i, a in enumerate(c.args) if i and c.args[i - 1] == "-l"] or ["en", "ru"]
    marks = {"en": "CONFIDENTIAL", "ru": "КОНФИДЕНЦИАЛЬНО"}
    for lang in langs:
        mark = marks[lang]
        folder = project / "build" / "internal" / lang
        for ext in ("docx", "pdf", "html"):
            if not (folder / f"r.{ext}").is_file():
                problems.append(f"build/internal/{lang}/r.{ext} was not written")
        if problems:
            continue
        pages = pdf_page_texts(folder / "r.pdf")
        bare = [n for n, t in enumerate(pages, 1) if mark not in " ".join(t.split())]
        if bare:
            problems.append(f"internal {lang} PDF: pages {bare} of {len(pages)} carry no {mark!r}")
        if not any(_pattern("~sekretov" if lang == "en" else "~секретов").search(norm(t)) for t in pages):
            problems.append(f"internal {lang} PDF does not contain the confidential case")
        d = docx.Document(str(folder / "r.docx"))
        odd_even = d.settings.odd_and_even_pages_header_footer
        for i, section in enumerate(d.sections):
            heads = [("default", section.header)]
            if section.different_first_page_header_footer:
                heads.append(("first page", section.first_page_header))
            if odd_even:
                heads.append(("even page", section.even_page_header))
            for kind, head in heads:
                text = " ".join(p.text for p in head.paragraphs)
                text += " ".join(cell.text for t in head.tables for row in t.rows for cell in row.cells)
                if mark not in text:
                    problems.append(f"internal {lang} DOCX section {i + 1}: the {kind} header carries no {mark!r}")
        if mark not in html_text((folder / "r.html").read_text("utf-8")):
            problems.append(f"internal {lang} HTML carries no {mark!r}")
    # nothing confidential outside build/internal/
    problems += find_forms(everything_in(project / "build", skip=("internal",)),
                           ("~sekretov", "~секретов", "aigerim", "айгерим", "threatened after she complained",
                            "угрозы после жалобы"))
    return problems


def run_case(c: Case, root: Path) -> list[str]:
    """Build the case's project; every way its expectation is broken, in words (empty: all is well)."""
    project = root / "p"
    project.mkdir()
    problems: list[str] = []
    logs = ""
    for n, step in enumerate(c.before, 1):
        lay(project, step.files)
        proc = kz_process(project, *step.args)
        if proc.returncode != 0:
            return [(f"earlier build {n} ({' '.join(step.args)}) failed, the case cannot be set up: "
                     f"{proc.stderr[-1500:]}")]
    if c.before:  # the files of the last earlier step that the final content does not have
        for step in c.before:
            for rel in step.files:
                if rel not in c.files and rel not in BASE:
                    (project / rel).unlink(missing_ok=True)
    lay(project, c.files)

    if c.check:
        proc = kz_process(project, "check")
        logs += proc.stdout + proc.stderr
        if proc.returncode != 1:
            problems.append(f"`kzreport check` exited {proc.returncode} (expected 1): {proc.stderr[-800:]}")
        elif not _named(proc.stderr + proc.stdout, c.names):
            problems.append(f"`kzreport check` does not name any of {c.names}: {proc.stderr[-800:]}")
        if "Traceback" in proc.stderr:
            problems.append("`kzreport check` printed a traceback")

    proc = kz_process(project, *build_args(c))
    logs += proc.stdout + proc.stderr
    rc, err = proc.returncode, proc.stderr
    EXITS[c.id] = rc
    if os.environ.get("KZ_LEAK_CORPUS_EXITS"):  # a record of outcomes (blocked or anonymised), for a look by hand
        with open(os.environ["KZ_LEAK_CORPUS_EXITS"], "a", encoding="utf-8") as record:
            record.write(f"{c.cat:02d}-{c.id}\t{c.expect}\t{rc}\n")
    build = project / "build"
    if "Traceback" in err:
        problems.append(f"traceback: {err[-1500:]}")

    if c.expect == INTERNAL:
        problems += _internal_problems(c, project, proc)
    else:
        accepted = c.exit_ok or {CLEAN: (0,), BUILDS: (0,), BLOCKED: (1,), EITHER: (0, 1)}[c.expect]
        if rc not in accepted:
            problems.append(f"exit status {rc}, expected {' or '.join(map(str, accepted))}; stderr: {err[-1500:]}")
        if rc == 1 and 1 in accepted and not _named(err, c.names):
            problems.append(f"exit 1 but stderr names none of {c.names}: {err[-1500:]}")
        if rc == 0:
            for rel in c.exist:
                if not (build / rel).is_file():
                    problems.append(f"build/{rel} was not written")
        problems += find_forms(everything_in(build), c.all_forms())
        problems += find_forms(everything_in(project / "out"), c.all_forms())
        problems += _manifest_problems(build)
        for rel in c.gone:
            if (build / rel).exists():
                problems.append(f"build/{rel} (an output of content that is gone) is still there")
            manifest = build / "manifest.json"
            if manifest.exists() and f'"{rel}"' in manifest.read_text("utf-8"):
                problems.append(f"build/manifest.json still lists {rel}")
        if c.media and rc == 0:
            problems += _media_problems(build, c.lang)
        if c.expect == BUILDS and rc == 0:
            outputs = [build / lang / f"r.{ext}" for lang in c.lang for ext in ("docx", "pdf", "html")]
            for out in outputs:
                if not out.is_file():
                    problems.append(f"{out.relative_to(project)} was not written")
                    continue
                seen = norm(visible_text(out))
                for word in c.keep:
                    only, _, word = word.rpartition(":") if word[2:3] == ":" else ("", "", word)
                    if (not only or only == out.parent.name) and norm(word) not in seen:
                        problems.append(f"false alarm: {word!r} is missing from {out.relative_to(project)}")
    if not c.log_may_name:
        problems += [f"the log prints a protected name: {h}"
                     for h in find_forms([("stdout/stderr", logs)], c.all_forms())]
    return problems


@pytest.mark.parametrize("c", CORPUS, ids=[f"{c.cat:02d}-{c.id}" for c in CORPUS])
def test_leak_corpus(c: Case, tmp_path: Path):
    problems = run_case(c, tmp_path)
    assert not problems, f"[{c.expect}] {c.id}" + (f" ({c.why})" if c.why else "") + "\n" + "\n".join(
        p if len(p) < 2000 else p[:2000] + "…" for p in problems[:25])


# Names that begin ordinary words and places of the shipped reports (asylum, Almaty, Saran, choice,
# Zhanaozen, adilet.zan.kz) or are words of kzreport's own DOCX parts (Hans, Mark): a third red team
# found each stopped the whole build.
TRICKY_NAMES = ["Асыл", "Алма", "Сара", "Choi", "Жана", "Адиль", "Хан", "Марк"]


def test_shipped_content_builds_with_names_that_start_its_words(tmp_path: Path):
    project = tmp_path / "p"
    for part in ("kzreport.yaml", "content", "templates"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        elif source.exists():
            project.mkdir(exist_ok=True)
            shutil.copy(source, project / part)
    case = project / "content/en/safeguards/case-m-k.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("protect:\n", "protect:\n" + "".join(f"  - {n}\n" for n in TRICKY_NAMES), 1),
                    encoding="utf-8")
    proc = kz_process(project, "build", "-f", "docx")
    assert proc.returncode == 0, proc.stderr[-3000:]


# ------------------------------------------------------------------------------------------------
# The oracle tests itself: it must see what it is meant to see, however it is written
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "Kаzаntsеv", "Ka\u00adzan\u200btsev", "KAZANTSEV", "Ｋａｚａｎｔｓｅｖ", "Kαzαntsev", "kazantsev2022",
    "https://x.org/%4B%61%7A%61%6E%74%73%65%76", "Каза\u0301нцева", "https://xn--80aagliqy6e.kz/", "КАЗАНЦЕВ", "Кaзaнцeвa",
    unicodedata.normalize("NFD", "Казанцёв"), "&#75;azantsev",
])
def test_oracle_sees_every_spelling(written):
    assert find_forms([("x", written)], ("~kazantsev", "~казанцев", "~казанцев"))


def test_oracle_reads_image_metadata_and_data_uris(tmp_path):
    data = png(ztxt_chunk("Comment", "Kazantsev"), itxt_chunk("T", "Казанцев", compressed=True))
    assert find_forms([("x", t) for t in binary_texts(data)], ("~kazantsev",))
    assert find_forms([("x", t) for t in binary_texts(data)], ("~казанцев",))
    page = tmp_path / "a.html"
    page.write_text(f'<img src="data:image/png;base64,{base64.b64encode(data).decode()}">', encoding="utf-8")
    assert find_forms(html_texts(page, "a.html"), ("~казанцев",))
    jpg = jpeg((0xE1, b"Exif\0\0" + exif("", "", "Михаил Казанцев")))
    assert find_forms([("x", t) for t in binary_texts(jpg)], ("~казанцев",))


def test_oracle_word_boundaries():
    assert not find_forms([("x", "в Петропавловске, в Павлодаре")], ("=петр", "=павла", "=павел"))
    assert find_forms([("x", "Петра избили")], ("=петра",))
    assert find_forms([("x", xml_text("<w:t>Kazan</w:t></w:r><w:r><w:i/><w:t>tsev</w:t>"))], ("~kazantsev",))
    assert find_forms([("x", html_text("<p>Kazan<em>tsev</em></p>"))], ("~kazantsev",))


def test_corpus_is_large_and_ids_unique():
    assert len(CORPUS) >= 70
    assert len({c.id for c in CORPUS}) == len(CORPUS)
    assert {c.cat for c in CORPUS} == set(range(1, 11))


if __name__ == "__main__":  # a quick look at one case: python tests/test_leak_corpus.py CASE-ID
    import tempfile
    wanted = sys.argv[1:]
    for c in CORPUS:
        if not wanted or c.id in wanted:
            with tempfile.TemporaryDirectory() as tmp:
                found = run_case(c, Path(tmp))
                print(c.id, f"exit {EXITS.get(c.id)}", "OK" if not found else "\n  " + "\n  ".join(found))
                if wanted:
                    shutil.copytree(Path(tmp) / "p", Path("/tmp") / f"leak-{c.id}", dirs_exist_ok=True)
