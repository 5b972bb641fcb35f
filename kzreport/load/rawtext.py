"""Content is text, never code: code in a block's text is refused, markup that prints as text is pointed out.

A block's text is Markdown, read by the pandoc step so that nothing in it reaches a document as code
(convert/lua/kzreport.lua): raw HTML, raw TeX and raw blocks for an output format print as the text they
are, links go only to http, https, mailto and tel addresses, and only harmless attributes are kept.
The HTML output is also cleaned and carries a strict Content-Security-Policy (formats/html_safety.py).

This module is the drafter's side of it, with the file and line:
- an error for what can only be an attempt to run code — a raw block or span for an output format
  (```{=typst}```, `` `...`{=openxml} ``), a script, frame, form or other active HTML element, an
  event handler (`onclick=`), a javascript:, vbscript:, data: or file: link — so that the block is
  fixed, not published with code in it;
- a warning for markup that will print as typed: other HTML tags (`<b>`, `<br>`), TeX commands
  (`\\textbf{...}`), links to other kinds of address (`C:\\...`). The text stays in the documents,
  and `--strict` refuses it.
HTML comments (`<!-- ... -->`) are the drafters' notes: left out of the documents, and not reported.
"""

from __future__ import annotations

import bisect
import html
import re
from pathlib import Path

from kzreport.errors import Diagnostics
from kzreport.load.textfile import lines_before

MAX_PER_BLOCK = 20  # of each kind (errors, warnings): a block full of HTML gets a few, not hundreds

# A fence line (at any indentation, also in quotations and list items), and its info string.
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})(.*)$")
_RAW_ATTR = re.compile(r"[ \t]*\{[ \t]*=([^}\s]*)[ \t]*\}")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[\s/][^<>]*)?)>")
_HANDLER = re.compile(r"(?:^|[\s/\"'])on[a-z]+\s*=", re.I)
_ATTR_HANDLER = re.compile(r"\{[^{}\n]*?(?<![\w:-])on[a-z]+\s*=", re.I)
_TEX = re.compile(r"\\(begin|[A-Za-z]+)\*?\{")
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]+)")
_REF_LINK = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]*)>")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
DANGEROUS_SCHEMES = {"javascript", "vbscript", "livescript", "data", "file"}
# elements that run code, load or embed something, or change how the page behaves
ACTIVE_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
               "link", "form", "input", "button", "textarea", "select", "svg", "math", "noscript", "template",
               "portal", "audio", "video", "source", "track", "canvas", "dialog", "html", "head", "body",
               "xml", "xss", "import", "isindex", "keygen", "marquee", "plaintext", "xmp", "listing"}

FORMATS = {"html": "HTML", "html5": "HTML", "html4": "HTML", "typst": "Typst", "openxml": "OpenXML (Word)",
           "latex": "LaTeX", "tex": "LaTeX", "beamer": "LaTeX", "context": "ConTeXt", "docx": "Word",
           "rtf": "RTF", "ms": "groff", "man": "groff", "opendocument": "OpenDocument", "icml": "InDesign",
           "jats": "JATS", "epub": "EPUB"}


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span replaced by spaces, its line breaks kept (so positions and lines stay right)."""
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _code_and_raw(body: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """The spans of fenced code blocks, code spans and comments, and where a raw block or span (and for which
    format) starts. One pass each, in linear time: an unclosed fence, backtick or comment never makes it
    search the rest of the text again and again."""
    spans: list[tuple[int, int]] = []
    raws: list[tuple[int, str]] = []
    # fenced code blocks, line by line
    pos, fence = 0, None
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence is None and m:
            fence, start = m.group(1), pos
            raw = _RAW_ATTR.fullmatch(m.group(2))
            if raw:
                raws.append((pos, raw.group(1)))
        elif fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                and not m.group(2).strip():
            spans.append((start, pos + len(line)))
            fence = None
        pos += len(line) + 1
    if fence is not None:
        spans.append((start, len(body)))
    text = _blanked(body, spans)
    # code spans: a run of backticks up to the next run of the same length, within a paragraph
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    blank_lines = [m.start() for m in _BLANK_LINE.finditer(text)]
    code: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        a, b = runs[i]
        same = by_length[b - a]
        k = bisect.bisect_right(same, i)
        j = same[k] if k < len(same) else None
        if j is None:
            i += 1
            continue
        c, d = runs[j]
        blank = bisect.bisect_left(blank_lines, a)
        if blank < len(blank_lines) and blank_lines[blank] < c:
            i += 1  # a code span ends with its paragraph
            continue
        code.append((a, d))
        raw = _RAW_ATTR.match(text, d)
        if raw and not raw.group(0).startswith((" ", "\t")):
            raws.append((a, raw.group(1)))
        i = j + 1
    # comments
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        code.append((start, end + 3))
        start = text.find("<!--", end + 3)
    spans.extend(code)
    return sorted(spans), raws


def without_code(body: str) -> str:
    """`body` with its code blocks, code spans and comments blanked out (lines and positions kept): the text
    that is read as Markdown prose."""
    return _blanked(body, _merged(_code_and_raw(body)[0]))


def _scheme(address: str) -> str | None:
    """The scheme of an address as a browser reads it (entities decoded, spaces and controls ignored)."""
    found = _SCHEME.match(_CONTROL.sub("", html.unescape(address.strip("<>"))).lower())
    return found.group(1) if found else None


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def check_raw_text(body: str, first_line: int, path: Path, diags: Diagnostics) -> None:
    """Report, with the line, code in a block's text (errors) and markup that prints as text (warnings)."""
    errors: list[tuple[int, str]] = []
    warnings: list[tuple[int, str]] = []

    before = lines_before(body)

    def line(pos: int) -> int:
        return first_line + before(pos)

    def raw(pos: int, fmt: str) -> None:
        name = FORMATS.get(fmt.lower(), f'"{fmt}"')
        errors.append((line(pos), f"raw {name} (`{{={fmt}}}`) is refused: a block's text is never passed to "
                                  f"a document as code; write it as ordinary Markdown"))

    spans, raws = _code_and_raw(body)
    for pos, fmt in raws:
        raw(pos, fmt)
    text = _blanked(body, _merged(spans))

    for m in _TAG.finditer(text):
        if text[max(0, m.start() - 40):m.start()].rstrip(" \t").endswith(("](", "]:")):
            continue  # a link's address in <...>: checked below
        tag, attrs = m.group(2).lower(), m.group(3)
        dangerous = [s for s in re.findall(r"=\s*[\"']?([^\s\"'>]+)", attrs) if _scheme(s) in DANGEROUS_SCHEMES]
        if tag in ACTIVE_TAGS or _HANDLER.search(attrs) or dangerous:
            errors.append((line(m.start()), f"the HTML <{m.group(2)}> is refused: a block's text may not hold "
                                            f"scripts, frames, forms, styles or event handlers; remove it"))
        elif not m.group(1):
            warnings.append((line(m.start()), f"the HTML tag <{m.group(2)}> is printed as text: documents take "
                                              f"no HTML from blocks; use Markdown (**bold**, *italics*, "
                                              f"[a link](https://...))"))
    for m in _ATTR_HANDLER.finditer(text):
        errors.append((line(m.start()), "an event handler attribute (on...=) is refused: a block's text may not "
                                        "hold code; remove it"))
    for m in _TEX.finditer(text):
        warnings.append((line(m.start()), f"the TeX command \\{m.group(1)}{{...}} is printed as text; use Markdown "
                                          f"(**bold**, *italics*) for formatting"))
    for pattern in (_INLINE_LINK, _REF_LINK, _AUTOLINK):
        for m in pattern.finditer(text):
            scheme = _scheme(m.group(1))
            if scheme in DANGEROUS_SCHEMES:
                errors.append((line(m.start()), f'a link to a "{scheme}:" address is refused: links may go only '
                                                f"to http, https, mailto and tel addresses"))
            elif scheme is not None and scheme not in SAFE_SCHEMES:
                warnings.append((line(m.start()), f'the link to a "{scheme}:" address is printed as text: only '
                                                  f"http, https, mailto and tel links are kept in documents"))
    for ln, message in sorted(set(errors))[:MAX_PER_BLOCK]:
        diags.error(path, ln, message)
    for ln, message in sorted(set(warnings))[:MAX_PER_BLOCK]:
        diags.warning(path, ln, message, code="printed-as-text")
