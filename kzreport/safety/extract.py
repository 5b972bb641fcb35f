"""Everything an output file holds that a reader or a program could read, as text for the leak guard.

Not only what kzreport meant to write: every part of a DOCX (text joined across runs, every attribute
such as alt text and descriptions, relationship targets, properties, part names), every string of a
PDF (the text layer joined across runs, metadata, XMP, bookmarks, link URIs, alt text, the structure
tree), every part of an HTML page (text, attributes, comments, URLs). URLs are read percent-decoded
and IDNA-decoded too, so `%D0%9A...` or `xn--...` hides nothing.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from .pdftext import page_text

_TAG = re.compile(r"<[^>]*>")
_ATTR = re.compile(r"""\s[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PARAGRAPH_END = re.compile(r"</w:p>|<w:br\b[^>]*/>|<w:tab\b[^>]*/>|<w:cr\b[^>]*/>|</a:p>|</w:tc>")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PUNYCODE = re.compile(r"xn--[a-z0-9-]+", re.IGNORECASE)


def decoded(text: str) -> str:
    """`text` followed by its percent-decoded and IDNA-decoded readings, where they differ."""
    out = [text]
    current = text
    for _ in range(3):  # double and triple encoding
        if not _PERCENT.search(current):
            break
        current = unquote(current, errors="replace")
        out.append(current)
    for label in _PUNYCODE.findall(text):
        try:
            out.append(codecs.decode(label[4:].encode("ascii"), "punycode"))
        except (UnicodeError, ValueError):
            continue
    return "\n".join(out)


def _xml_text(xml: str) -> Iterator[str]:
    # runs are joined ("Kazan" + "tsev" is one word), paragraphs and cells are separated
    yield unescape(_TAG.sub("", _PARAGRAPH_END.sub(" ", xml)))
    for m in _ATTR.finditer(xml):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        if value and not value.isdigit():
            yield unescape(value)


def docx_text(path: Path) -> str:
    """Every part of a DOCX: names, text, attributes, relationship targets, properties."""
    chunks: list[str] = []
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            chunks.append(info.filename)
            if info.filename.endswith((".xml", ".rels")) or info.filename == "[Content_Types].xml":
                chunks.extend(_xml_text(z.read(info).decode("utf-8", errors="replace")))
    return decoded("\n".join(chunks))


def pdf_text(path: Path) -> str:
    """The text layer of every page and every string anywhere in the PDF's objects."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

    reader = PdfReader(str(path))
    cmaps: dict[int, dict[int, str] | None] = {}
    parts = [page_text(page, cmaps) for page in reader.pages]
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if isinstance(obj, StreamObject) and obj.get("/Type") == "/Metadata":
                parts.append(_TAG.sub(" ", obj.get_data().decode("utf-8", errors="replace")))
            for k, v in obj.items():
                if k in ("/Contents", "/FontFile", "/FontFile2", "/FontFile3", "/CIDToGIDMap"):
                    continue  # page text is read above; font programs hold no text of the document
                stack.append(v)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, str) and not isinstance(obj, NameObject):
            parts.append(str(obj))
        elif isinstance(obj, bytes):
            parts.append(obj.decode("utf-8", errors="replace"))
        elif isinstance(obj, NameObject):
            parts.append(str(obj)[1:])
    return decoded("\n".join(parts))


_BLOCK_TAGS = re.compile(r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|header|footer|nav|"
                         r"blockquote|hr|title|head|body|html|dd|dt|dl|figure|figcaption|pre|aside|article)\b[^>]*>",
                         re.IGNORECASE)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def html_text(path: Path) -> str:
    """The page's text (inline tags joined, blocks separated), attributes, comments and URLs."""
    raw = path.read_text(encoding="utf-8", errors="replace")
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
    extractor = EXTRACTORS.get(path.suffix.lower())
    body = extractor(path) if extractor else path.read_bytes().decode("utf-8", errors="replace")
    return path.name + "\n" + body
