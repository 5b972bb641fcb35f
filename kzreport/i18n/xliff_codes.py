"""A translated XLIFF <target> put back together as Markdown, code by code, matched by id (the codes
themselves, and their numbering on export, are xliff_tokens.py).

On import the target is read element by element: <mrk> segments and <g> are transparent, the text
of elements from other namespaces (CAT-tool extensions) is ignored, a code takes its content from the
source code with its id when the tool left it empty, and everything a translator may not do is one
problem each: a citation changed, removed or invented, a code lost or doubled, an end before its start,
two pairs overlapping, Markdown marks typed into the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kzreport.i18n.xliff_tokens import number, signature, tokenize

__all__ = ["NS", "Placed", "Rebuilt", "number", "rebuild", "segment_breaks", "signature", "tokenize", "walk"]

NS = "urn:oasis:names:tc:xliff:document:1.2"
_KINDS = {"ph": "ph", "x": "ph", "it": "ph", "bpt": "bpt", "bx": "bpt", "ept": "ept", "ex": "ept"}
_WHAT = {"cite": "the citation", "note": "the footnote", "link": "the link", "em": "the emphasis",
         "strong": "the strong emphasis", "ph": "the code"}


@dataclass
class Placed:
    kind: str  # ph, bpt, ept
    id: str
    content: str
    line: int


@dataclass
class Rebuilt:
    text: str = ""
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def _local(tag: Any) -> tuple[str | None, str]:
    if not isinstance(tag, str):
        return None, ""
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


class _Boundary:
    """Where a <mrk> segment starts or ends (the whitespace around it is the file's layout)."""

    def __init__(self, mid: str | None, end: bool) -> None:
        self.mid, self.end = mid, end


def walk(element: Any, xliff_ns: str, source: dict[str, dict[str, str]], out: list[Any]) -> None:
    if element.text:
        out.append(element.text)
    for child in element:
        ns, local = _local(child.tag)
        if ns is None or ns not in (xliff_ns, ""):
            pass  # a comment, or a CAT tool's own element: not part of the translation
        elif local in _KINDS:
            out.append(Placed(_KINDS[local], child.get("id") or "", "".join(child.itertext()), child.sourceline or 0))
        elif local == "g" and child.get("id") in source and "bpt" in source[child.get("id")]:
            code_id = child.get("id")
            out.append(Placed("bpt", code_id, "", child.sourceline or 0))
            walk(child, xliff_ns, source, out)
            out.append(Placed("ept", code_id, "", child.sourceline or 0))
        else:  # <mrk>, <g> and anything else of XLIFF's: its text is the translation's
            mid = child.get("mid") if local == "mrk" else None
            out.append(_Boundary(mid, False))
            walk(child, xliff_ns, source, out)
            out.append(_Boundary(mid, True))
        if child.tail:
            out.append(child.tail)


def segment_breaks(segments: list[tuple[str, str]], source_text: str) -> dict[str, str]:
    """For each source segment (mid, text), what separates it from the next one in the project's source
    text: a paragraph break or a space (a pretty-printer loses this; the source still has it)."""
    spots = [(i, c) for i, c in enumerate(source_text) if not c.isspace()]
    joined = "".join(c for _, c in spots)
    out: dict[str, str] = {}
    cursor = 0
    for mid, text in segments:
        bare = "".join(text.split())
        found = joined.find(bare, cursor) if bare else -1
        if found < 0:
            continue
        cursor = found + len(bare)
        end = spots[cursor - 1][0] + 1
        nxt = spots[cursor][0] if cursor < len(spots) else len(source_text)
        out[mid] = "\n\n" if re.search(r"\n[ \t]*\n", source_text[end:nxt]) else " "
    return out


def rebuild(target: Any, xliff_ns: str, source_tokens: list[tuple[str, str, str | None]], source_text: str,
            breaks: dict[str, str], fields: bool = False) -> Rebuilt:
    """The Markdown of a translated <target>, and what is wrong with it."""
    source: dict[str, dict[str, str]] = {}
    for kind, value, code_id in source_tokens:
        if code_id:
            source.setdefault(code_id, {})[kind] = value
    pieces: list[Any] = []
    walk(target, xliff_ns, source, pieces)
    line = target.sourceline or 0
    result = Rebuilt()
    err = result.errors.append

    # the layout whitespace around segments: a paragraph break where the source has one
    parts: list[str | Placed] = []
    for i, piece in enumerate(pieces):
        if isinstance(piece, _Boundary):
            continue
        if isinstance(piece, str) and not piece.strip():
            before = pieces[i - 1] if i else None
            after = pieces[i + 1] if i + 1 < len(pieces) else None
            if before is None or after is None:
                continue  # indentation at the start or the end of the target
            if isinstance(before, _Boundary) and before.end:
                blank = bool(re.search(r"\n[ \t]*\n", piece))
                piece = "\n\n" if blank or breaks.get(before.mid or "") == "\n\n" else " "
        parts.append(piece)

    if source and not any(isinstance(p, Placed) for p in parts):
        return _plain("".join(p for p in parts if isinstance(p, str)), source_text, fields, line)

    # codes, matched by id with the source's
    seen: Counter[tuple[str, str]] = Counter()
    opened: list[Placed] = []
    text_parts: list[tuple[str, str]] = []
    for part in parts:
        if isinstance(part, str):
            text_parts.append(("text", part))
            continue
        seen[(part.kind, part.id)] += 1
        expected = source.get(part.id, {}).get(part.kind)
        content = part.content if part.content.strip() else (expected or "")
        if expected is None:
            sig = signature(part.kind, content)
            if sig.startswith("cite:"):
                err((part.line, f"the translation cites {content.strip()}, which the source does not cite here (code "
                                f"{part.id or 'without an id'}): remove it; a translation cites what the source cites"))
            elif sig not in ("em", "strong"):
                err((part.line, f"the code <{part.kind} id=\"{part.id}\"> ({content.strip() or 'empty'}) is not in the "
                                f"source: remove it, and use the source's codes only"))
        elif signature(part.kind, content) != signature(part.kind, expected):
            what = "citation" if expected.startswith("[") and "@" in expected else "code"
            err((part.line, f"the {what} {expected} (code {part.id}) became {content.strip() or 'nothing'}: restore it"
                            + ("; only the locator (p., art., para.) may be translated" if what == "citation" else "")))
        if part.kind == "bpt":
            opened.append(part)
        elif part.kind == "ept":
            match = next((o for o in reversed(opened) if o.id == part.id), None)
            if match is None and any(isinstance(p, Placed) and p.kind == "bpt" and p.id == part.id for p in parts):
                err((part.line, f"the end of {_what(part, source)} (code {part.id}) comes before its start: move it "
                                f"after the <bpt id=\"{part.id}\"> that opens it"))
            elif match is None:
                err((part.line, f"the start of {_what(part, source)} (<bpt id=\"{part.id}\">) is missing: put it back "
                                f"where {_what(part, source).removeprefix('the ')} begins"))
            elif opened[-1] is not match:
                err((part.line, f"codes {opened[-1].id} and {part.id} overlap: {_what(opened[-1], source)} opened "
                                f"inside {_what(match, source)} must end before it does"))
                opened.remove(match)
            else:
                opened.pop()
        text_parts.append((part.kind, content))
    for o in opened:
        err((o.line, f"code {o.id} opens {_what(o, source)} that never ends: add its <ept id=\"{o.id}\">"))
    for (kind, code_id), n in seen.items():
        if n > 1 and code_id in source:
            err((line, f"code {code_id} (<{kind}>) appears {n} times: each code of the source goes in once"))
    lost = []
    for code_id, kinds in source.items():
        for kind, value in kinds.items():
            if (kind, code_id) in seen:
                continue
            sig = signature(kind, value)
            if sig in ("em", "strong"):
                if kind == "bpt":
                    result.warnings.append((line, f"{_WHAT[sig]} of the source (code {code_id}) is not in the "
                                                  f"translation; imported without it (put it back if the "
                                                  f"translation needs it)"))
                continue
            if sig.startswith("ph:{"):
                if not any(value in v for k, v in text_parts if k == "text"):  # typed: checked as a placeholder
                    lost.append(f"the placeholder {value}")
                continue
            what = _WHAT.get("cite" if sig.startswith("cite:") else sig, "a code")
            lost.append(f"{what} {value}" if sig.startswith("cite:") else f"{what} (<{kind} id=\"{code_id}\">)")
    if lost:
        err((line, f"the translation lost {', '.join(dict.fromkeys(lost))}: put {'it' if len(lost) == 1 else 'them'} "
                   f"back where {'it belongs' if len(lost) == 1 else 'they belong'}"))

    text = _tidy(_hug(text_parts), source_text)
    if result.errors:
        return result
    # the text typed between the codes must not make new marks: tokenize again and compare
    tokens = tokenize(text, fields)
    placed = [signature(p.kind, p.content if p.content.strip() else source.get(p.id, {}).get(p.kind, ""))
              for p in parts if isinstance(p, Placed)]
    found = [signature(k, v) for k, v in tokens or [] if k != "text"]
    if tokens is None or (source_tokens and found != placed):
        err((line, "the text between the codes contains Markdown marks ([, ], *, _, ^[, [@...]) or an emphasis "
                   "code that does not touch its words: remove the marks from the text, and keep each code next "
                   "to the words it marks"))
    elif _marks(text) != _marks(source_text):
        err((line, "the translation does not keep every citation and footnote of the source: restore them"))
    result.text = text
    return result


def _plain(typed: str, source_text: str, fields: bool, line: int) -> Rebuilt:
    """A target without any code (a tool that flattened them, a translator who typed the Markdown): the
    marks typed in it must be the source's."""
    result = Rebuilt(text=_tidy(typed, source_text))
    if tokenize(result.text, fields) is None:
        result.errors.append((line, "the Markdown of the translation does not pair up (a footnote ^[, a link or an "
                                    "emphasis that is not closed): use the codes of the source, or type the marks "
                                    "exactly as the source has them"))
        return result
    have, want = _marks(result.text), _marks(source_text)
    if want - have:
        result.errors.append((line, f"the translation lost {_describe(want - have)}: put it back (as the source's "
                                    f"code, or typed exactly as the source has it)"))
    if have - want:
        result.errors.append((line, f"the translation has {_describe(have - want)}, which the source does not: remove "
                                    f"it; a translation cites what the source cites"))
    return result


def _describe(marks: Counter[str]) -> str:
    names = {"note": "footnote", "link": "link"}
    return ", ".join(f"{n} × " * (n > 1) + (f"the citation @{m[5:]}" if m.startswith("cite:") else f"a {names[m]}")
                     for m, n in sorted(marks.items()))


def _marks(text: str) -> Counter[str]:
    """The citations (by id), footnotes and links of a text."""
    out: Counter[str] = Counter()
    for kind, value in tokenize(text) or []:
        sig = signature(kind, value) if kind in ("ph", "bpt") else ""
        if sig.startswith("cite:"):
            out.update("cite:" + k for k in sig[5:].split(","))
        elif sig in ("note", "link"):
            out[sig] += 1
    return out


def _what(code: Placed, source: dict[str, dict[str, str]]) -> str:
    """ "the footnote", "the emphasis", ...: what a placed code marks."""
    content = code.content if code.content.strip() else source.get(code.id, {}).get(code.kind, "")
    sig = signature(code.kind, content)
    return _WHAT.get("cite" if sig.startswith("cite:") else sig, "a mark")


def _hug(parts: list[tuple[str, str]]) -> str:
    """The text with its codes, an emphasis code next to the words it marks: a translator's space just
    inside `*`/`**` moves outside (Markdown prints `* word*` as typed)."""
    out = [[kind, value] for kind, value in parts]
    for n, (kind, value) in enumerate(out):
        if value.strip() not in ("*", "_", "**", "__"):
            continue
        if kind == "bpt" and n + 1 < len(out) and out[n + 1][0] == "text" and out[n + 1][1][:1] in (" ", "\t"):
            out[n + 1][1] = out[n + 1][1].lstrip(" \t")
            if n > 0 and not out[n - 1][1][-1:].isspace():
                out[n][1] = " " + value
        elif kind == "ept" and n > 0 and out[n - 1][0] == "text" and out[n - 1][1][-1:] in (" ", "\t"):
            out[n - 1][1] = out[n - 1][1].rstrip(" \t")
            if n + 1 < len(out) and not out[n + 1][1][:1].isspace():
                out[n][1] = value + " "
    return "".join(value for _, value in out)


def _tidy(text: str, source: str) -> str:
    """Undo what a pretty-printer does to a target: indentation (unless the source indents lines, as lists
    do), trailing spaces, runs of blank lines, whitespace at both ends."""
    lines = text.split("\n")
    if not any(ln[:1] in (" ", "\t") for ln in source.split("\n")):
        lines = [ln.lstrip() for ln in lines]
    if not any(ln.endswith("  ") for ln in source.split("\n")):
        lines = [ln.rstrip() for ln in lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
