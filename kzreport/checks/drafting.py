"""The silent mistakes of drafting in a plain editor: text that builds without complaint but prints wrongly.

- a footnote `^[` never closed prints "^[Interview with a lawyer..." as typed;
- hand-typed note markers (`[1]`, `¹`) print as typed, and are no footnotes;
- `5*2 ... 3*4` becomes "52 ... 34" with italics in between;
- characters pasted from Word or a web page (zero-width spaces, line and paragraph separators, a byte order
  mark, soft hyphens, direction marks, non-breaking spaces in odd places) break words, searches, and the
  search for protected names;
- `[@ cpc]` (a space after @) is no citation and prints as typed;
- `[site](www.example.org)` is a link to a file next to the document, which does not exist.

Each is a warning with its code (errors.WARNING_CODES) at the line to edit, saying what to do; `--strict`
makes it an error. Code spans, code blocks and comments are left alone. A message quotes only the offending
characters, never the words around them (which may be a protected name).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from kzreport.errors import Diagnostics
from kzreport.load.rawtext import without_code
from kzreport.model import Project

MAX_PER_KIND = 10  # of each kind per text: a pasted page full of them gets a few, not hundreds

_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_NOTE_START = re.compile(r"(?<!\\)\^\[")
_TYPED_MARKER = re.compile(r"(?<![\]\^\\!])\[(\d{1,3})\](?![(\[:{])")
_SUPERSCRIPT = re.compile(r"(?<=[^\W\d_]|[.,;:!?)\]»”\"'’])[¹²³⁰⁴-⁹]+")
_UNITS = re.compile(r"(?:^|[\s\d])(?:m|km|cm|mm|м|км|см|мм|sq)$")
_STAR_RUN = re.compile(r"(?<!\\)\*+")
_CITE_SPACE = re.compile(r"\[[^\]\n]*?(?<![\w.@])@[ \t]+(?=[\w-])")
_LINK = re.compile(r"(?<!!)\]\(\s*<?([^\s)>]+)")
_REF_LABEL = re.compile(r"^ {0,3}\[(\d{1,3})\]:", re.M)
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.M)
_NO_SCHEME = re.compile(r"(?i)(?:www\.[\w-]+|(?:[\w-]+\.)+(?:org|com|net|int|gov|edu|info|kz|ru|uk|eu|ch|io|ngo|news))"
                        r"(?:[/?#:].*)?")

INVISIBLE = {
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u2060": "word joiner", "\u2028": "line separator", "\u2029": "paragraph separator",
    "\ufeff": "byte order mark", "\u00ad": "soft hyphen", "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark", "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
    "\u202c": "direction formatting", "\u202d": "left-to-right override", "\u202e": "right-to-left override",
    "\u2066": "direction isolate", "\u2067": "direction isolate", "\u2068": "direction isolate",
    "\u2069": "direction isolate", "\ufffc": "object replacement character", "\ufffd": "replacement character (�)",
}
_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")
_ODD_NBSP = re.compile(r"(?m)^\u00a0|\u00a0$|[ \t\u00a0]\u00a0|\u00a0[ \t]")


def check(project: Project, diags: Diagnostics) -> None:
    """Every block's title and text, in every language."""
    for block in project.blocks.values():
        for text in block.texts.values():
            check_title(text.title, text.title_line, text.path, diags)
            check_body(text.body, text.body_line, text.path, diags)


def check_title(title: str, line: int, path: Path, diags: Diagnostics) -> None:
    """A title prints as typed: only pasted characters can go wrong in it."""
    for message in _invisible(title):
        diags.warning(path, line, message, code="invisible-character")


def check_body(body: str, first_line: int, path: Path, diags: Diagnostics) -> None:
    text = without_code(body)
    newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line(pos: int) -> int:
        return first_line + bisect.bisect_left(newlines, pos)

    found: dict[str, list[tuple[int, str]]] = {}

    def add(code: str, pos: int, message: str) -> None:
        found.setdefault(code, []).append((line(pos), message))

    for pos in _unclosed_notes(text):
        add("unclosed-note", pos, 'the footnote "^[" is never closed, so it prints as typed: end the note with "]" '
                                  "(a note ends before an empty line)")
    defined = {m.group(1) for m in _REF_LABEL.finditer(text)}  # [1]: https://... makes [1] a link
    for m in _TYPED_MARKER.finditer(text):
        if m.group(1) not in defined:
            add("typed-note-marker", m.start(), _marker_message(m.group(0)))
    for m in _SUPERSCRIPT.finditer(text):
        if m.group(0) in "²³" and _UNITS.search(text[max(0, m.start() - 4):m.start()]):
            continue  # m², км³
        add("typed-note-marker", m.start(), _marker_message(m.group(0)))
    for pos, shown in _stray_stars(text):
        add("stray-emphasis", pos, f'{shown} is read as the start of italics (or bold) up to the next "*", and the '
                                   f'stars disappear from the document: write "\\*" for a star that should print, '
                                   f'or "×" for a multiplication')
    for m in _CITE_SPACE.finditer(text):
        add("citation-space", m.end() - 1, 'a citation has a space after "@", so it is no citation and prints as '
                                           'typed: write the source\'s id straight after the "@", e.g. [@id, art. 5]')
    for pattern in (_LINK, _REF_DEF):
        for m in pattern.finditer(text):
            if _NO_SCHEME.fullmatch(m.group(1)):
                add("link-without-scheme", m.start(1), 'this link\'s address has no "https://" in front, so it '
                                                      "leads nowhere in the documents: write the whole address, "
                                                      "e.g. https://www.example.org")
    for i, row in enumerate(text.split("\n")):
        for message in _invisible(row):
            found.setdefault("invisible-character", []).append((first_line + i, message))
    for code, items in found.items():
        for ln, message in sorted(set(items))[:MAX_PER_KIND]:
            diags.warning(path, ln, message, code=code)


def _marker_message(marker: str) -> str:
    return (f'"{marker}" looks like a hand-typed note marker: it prints as typed and is no footnote; write the note '
            f"where it belongs as ^[the text of the note], or cite a source with [@id]")


def _unclosed_notes(text: str) -> list[int]:
    """Where a `^[` starts whose `]` does not come before the end of its paragraph."""
    ends = [m.start() for m in _PARAGRAPH_END.finditer(text)] + [len(text)]
    out = []
    for m in _NOTE_START.finditer(text):
        stop = ends[bisect.bisect_left(ends, m.start())]
        depth, i = 0, m.end() - 1
        while i < stop:
            c = text[i]
            if c == "\\":
                i += 2
                continue
            depth += c == "["
            depth -= c == "]"
            if depth == 0:
                break
            i += 1
        if depth:
            out.append(m.start())
    return out


def _stray_stars(text: str) -> list[tuple[int, str]]:
    """Stars inside a word or a number that pandoc pairs with the next star of the paragraph."""
    out = []
    for para in _paragraphs(text):
        start, chunk = para
        runs = list(_STAR_RUN.finditer(chunk))
        i = 0
        while i < len(runs) - 1:
            m, nxt = runs[i], runs[i + 1]
            inside = _inside(chunk, m)
            if inside and (_digit_next(chunk, m) or _inside(chunk, nxt) or _digit_next(chunk, nxt)):
                before, after = chunk[m.start() - 1], chunk[m.end()]
                shown = f'"{before}{m.group(0)}{after}"' if before.isdigit() and after.isdigit() else \
                    f'the "{m.group(0)}" inside a word'
                out.append((start + m.start(), shown))
                i += 2
                continue
            i += 1
    return out


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in _PARAGRAPH_END.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


def _inside(chunk: str, m: re.Match[str]) -> bool:
    return 0 < m.start() and m.end() < len(chunk) and chunk[m.start() - 1].isalnum() and chunk[m.end()].isalnum()


def _digit_next(chunk: str, m: re.Match[str]) -> bool:
    before = chunk[m.start() - 1] if m.start() else ""
    after = chunk[m.end()] if m.end() < len(chunk) else ""
    return _inside(chunk, m) and (before.isdigit() or after.isdigit())


def _invisible(text: str) -> list[str]:
    out = []
    for char in dict.fromkeys(_INVISIBLE.findall(text)):
        out.append(f"an invisible character, a {INVISIBLE[char]} (U+{ord(char):04X}), probably pasted from Word or a "
                   f"web page: it can split a word, hide it from searches and from the protection of names; delete "
                   f"it (retype the words around it)")
    if _ODD_NBSP.search(text):
        out.append("a non-breaking space (U+00A0) at the start or end of a line or next to another space, probably "
                   "pasted from Word: replace it by an ordinary space (keep non-breaking spaces only between words "
                   "that must stay together, as in 10 000 or art. 5)")
    return out
