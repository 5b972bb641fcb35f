"""Victims' safety: disclosure levels of cases, anonymisation, and the leak guard.

- `public` cases are printed as written;
- `anonymised` cases list the real names and details to protect (`protect:`) and what replaces
  them (`pseudonym:`); the replacement is applied to every text that goes into every output;
- `confidential` cases are left out of every output unless the build is internal.
After a public build, `scan_output` reads back the text of every file written (DOCX: every XML part,
including footnotes, headers and properties; PDF: the text layer and metadata) and the build fails
if any protected name is found there.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from .errors import Diagnostics
from .model import Block, Project


@dataclass(frozen=True)
class ProtectedName:
    name: str
    case_id: str
    pattern: re.Pattern[str]


def _name_pattern(name: str) -> re.Pattern[str]:
    # Case-insensitive, any run of whitespace between words, and whole words only, so that
    # "Ivan" does not match "Ivanovo" unless the author lists "Ivanovo" too.
    words = [re.escape(w) for w in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def protected_names(project: Project) -> list[ProtectedName]:
    """Every name to keep out of public outputs, longest first (so full names win over surnames)."""
    names = []
    for block in project.blocks.values():
        if block.type == "case" and block.disclosure in ("anonymised", "confidential"):
            for name in block.protect:
                if name.strip():
                    names.append(ProtectedName(name.strip(), block.id, _name_pattern(name)))
    names.sort(key=lambda n: -len(n.name))
    return names


def is_visible(block: Block, internal: bool) -> bool:
    return internal or not (block.type == "case" and block.disclosure == "confidential")


class Anonymiser:
    """Replaces the protected names of anonymised cases by their pseudonyms, in any text of one language."""

    def __init__(self, project: Project, lang: str, *, internal: bool = False) -> None:
        self.rules: list[tuple[re.Pattern[str], str]] = []
        if internal:
            return  # internal builds show the real names: they never leave the organisation
        for block in project.blocks.values():
            if block.type == "case" and block.disclosure == "anonymised" and block.pseudonym:
                text = block.text(lang)
                pseudonym = (text.pseudonym if text and text.pseudonym else None) or block.pseudonym
                for name in block.protect:
                    if name.strip():
                        self.rules.append((_name_pattern(name), pseudonym))
        self.rules.sort(key=lambda r: -len(r[0].pattern))

    def __call__(self, text: str) -> str:
        for pattern, replacement in self.rules:
            text = pattern.sub(lambda _m, r=replacement: r, text)
        return text

    def __bool__(self) -> bool:
        return bool(self.rules)


def check(project: Project, diags: Diagnostics) -> None:
    """Disclosure is declared on every case; protected names appear only in their own case."""
    for block in project.blocks.values():
        lines = block.meta_lines
        if block.type != "case":
            for key in ("disclosure", "protect", "pseudonym"):
                if key in lines:
                    diags.error(block.path, lines[key], f'"{key}" is only for case blocks')
            continue
        if block.disclosure is None:
            if "disclosure" not in lines:
                diags.error(block.path, lines.get(""), 'a case must say its disclosure: add "disclosure: public", '
                                                       '"disclosure: anonymised" or "disclosure: confidential"')
            continue
        if block.disclosure == "anonymised":
            if not block.protect:
                diags.error(block.path, lines.get("disclosure"), 'an anonymised case must list the names to hide '
                                                                 'under "protect:" (full names, surnames, Russian '
                                                                 'and English spellings, declensions)')
            if not block.pseudonym:
                diags.error(block.path, lines.get("disclosure"), 'an anonymised case needs "pseudonym:", the '
                                                                 'initials or name printed instead, e.g. "M. K."')
        if block.pseudonym and any(_name_pattern(n).search(block.pseudonym) for n in block.protect):
            diags.error(block.path, lines.get("pseudonym"), "the pseudonym contains a protected name")
    _check_names_elsewhere(project, diags)


def _check_names_elsewhere(project: Project, diags: Diagnostics) -> None:
    names = protected_names(project)
    if not names:
        return
    for block in project.blocks.values():
        for text in block.texts.values():
            for pn in names:
                if pn.case_id == block.id:
                    continue
                for part, first_line in ((text.title, text.title_line), (text.body, text.body_line)):
                    m = pn.pattern.search(part)
                    if m:
                        line = first_line + part.count("\n", 0, m.start()) if part is text.body else first_line
                        diags.error(text.path, line, f'the protected name "{pn.name}" of the case {pn.case_id} '
                                                     f"appears here; use the case's pseudonym or remove the name")
    for lang in project.languages:
        for unit in project.strings.units.get(lang, {}).values():
            for pn in names:
                if pn.pattern.search(unit.text):
                    diags.error(unit.path, unit.line, f'the protected name "{pn.name}" of the case {pn.case_id} '
                                                      f"appears here; remove it")
        bib = project.sources.get(lang)
        for source in (bib.sources.values() if bib else []):
            for pn in names:
                if any(isinstance(v, str) and pn.pattern.search(v) for v in source.csl.values()):
                    diags.error(source.path, source.line, f'the protected name "{pn.name}" of the case '
                                                          f"{pn.case_id} appears in this source")


# -- the leak guard ---------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def docx_text(path: Path) -> str:
    """All text of a DOCX: every XML part (body, footnotes, headers, footers, properties)."""
    chunks = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                xml = z.read(name).decode("utf-8", errors="replace")
                # paragraph ends become spaces, runs are joined: "Kazan" + "tsev" is still found
                xml = re.sub(r"</w:p>|<w:br/>|<w:tab/>", " ", xml)
                chunks.append(unescape(_TAG.sub("", xml)))
    return "\n".join(chunks)


def pdf_text(path: Path) -> str:
    """The text layer of a PDF and its metadata (document info and XMP)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    cmaps: dict[int, dict[int, str] | None] = {}
    parts = [_page_text(page, cmaps) for page in reader.pages]
    meta = reader.metadata or {}
    parts += [str(v) for v in meta.values()]
    xmp = reader.trailer["/Root"].get("/Metadata")
    if xmp is not None:
        parts.append(_TAG.sub(" ", xmp.get_object().get_data().decode("utf-8", errors="replace")))
    return "\n".join(parts)


# A fast reader of the text Typst writes: fonts with a ToUnicode map, shown with Tj/TJ. Reading
# every glyph with pypdf's general extractor costs seconds per report; this costs milliseconds. A
# page it cannot read this way (another producer, an unusual font) goes to pypdf instead.
# A literal string may hold balanced, unescaped parentheses (Typst writes glyph codes such as 0x28
# that way); two levels of nesting are enough for two-byte codes.
_LIT0 = rb"\((?:\\.|[^\\()])*\)"
_LIT1 = rb"\((?:\\.|[^\\()]|" + _LIT0 + rb")*\)"
_LIT2 = rb"\((?:\\.|[^\\()]|" + _LIT1 + rb")*\)"
_TOKEN = re.compile(_LIT2 +  # a literal string
                    rb"|<<|>>|<[0-9A-Fa-f\s]*>"  # dictionary brackets, a hex string
                    rb"|\[|\]|/[^\s/\[\]()<>{}%]+|[-+]?[\d.]+|[A-Za-z'\"*]+", re.S)
_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _unescape(m: re.Match[bytes]) -> bytes:
    code = m.group(1)
    return bytes([int(code, 8) & 0xFF]) if code[:1].isdigit() and code[:1] < b"8" else _ESC.get(code, code)


def _literal(raw: bytes) -> bytes:
    """The bytes of a PDF literal string "(...)"."""
    inner = raw[1:-1]
    if b"\\\\" not in inner and b"\\\n" not in inner:
        # the common case, at C speed: octal and C-style escapes are Python's, \( and \) are not
        return codecs.escape_decode(inner.replace(b"\\(", b"(").replace(b"\\)", b")"))[0]
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


def _page_text(page: object, cmaps: dict[int, dict[int, str] | None]) -> str:
    try:
        return _stream_text(_raw_contents(page), page["/Resources"], cmaps)  # type: ignore[index]
    except Exception:
        return page.extract_text() or ""  # type: ignore[attr-defined]


def _stream_text(data: bytes, resources: object, cmaps: dict[int, dict[int, str] | None]) -> str:
    fonts = resources.get("/Font", {})  # type: ignore[attr-defined]
    out: list[str] = []
    cmap: dict[int, str] | None = None
    operands: list[object] = []
    array: list[bytes] | None = None

    def show(strings: list[bytes]) -> None:
        if cmap is None:
            raise ValueError("text before a font")
        for s in strings:
            raw = _literal(s) if s[:1] == b"(" else bytes.fromhex(re.sub(rb"\s", b"", s[1:-1]).decode())
            # two-byte glyph codes read as UTF-16 code units, then mapped to text in one C call
            out.append(raw[: len(raw) // 2 * 2].decode("utf-16-be", "surrogatepass").translate(cmap))

    for token in _TOKEN.findall(data):
        first = token[:1]
        if token == b"[":
            array = []
        elif token == b"]":
            operands.append(array or [])
            array = None
        elif array is not None:
            if first in (b"(", b"<") and token != b"<<":
                array.append(token)
        elif first in (b"(", b"<", b"/") or first.isdigit() or first in (b"-", b"+", b".") or token in (b"<<", b">>"):
            operands.append(token)
        else:  # an operator
            if token == b"Tf" and len(operands) >= 2 and isinstance(operands[-2], bytes):
                ref = fonts["/" + operands[-2][1:].decode()]
                key = id(ref.get_object())
                if key not in cmaps:
                    cmaps[key] = _cmap(ref.get_object())
                cmap = cmaps[key]
                if cmap is None:
                    raise ValueError("a font without a ToUnicode map")
            elif token == b"Tj" and operands:
                show([operands[-1]])  # type: ignore[list-item]
            elif token == b"TJ" and operands and isinstance(operands[-1], list):
                show(operands[-1])
            elif token == b"ET":
                out.append("\n")
            operands = []
    for xobject in resources.get("/XObject", {}).values():  # type: ignore[attr-defined]
        obj = xobject.get_object()
        if obj.get("/Subtype") == "/Form":
            out.append(_stream_text(obj.get_data(), obj.get("/Resources", resources), cmaps))
    return "".join(out)


def html_text(path: Path) -> str:
    return unescape(_TAG.sub(" ", path.read_text(encoding="utf-8")))


EXTRACTORS = {".docx": docx_text, ".pdf": pdf_text, ".html": html_text}


def find_leaks(path: Path, names: Iterable[ProtectedName]) -> list[ProtectedName]:
    """Protected names found in an output file (case- and whitespace-insensitive)."""
    names = list(names)
    if not names:
        return []
    text = EXTRACTORS[path.suffix](path)
    # a word hyphenated at a line end ("Kazan-" + "tsev", or with a soft hyphen) is joined back,
    # and a soft hyphen inside a line reads as the hyphen it stands for
    text = re.sub(r"[-\u00ad]\s*\n\s*", "", text).replace("\u00ad", "-")
    return [n for n in names if n.pattern.search(text)]
