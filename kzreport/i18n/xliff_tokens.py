"""Markdown a translator must not break, as XLIFF inline codes: what the codes of a text are
(`tokenize`), what a code stands for (`signature`), and their ids (`number`), the same on export and
import. A translation's codes take the ids of the source codes they stand for, so that a translator
(or the English gaining a citation) never has to renumber anything."""

from __future__ import annotations

import re

from kzreport.load.sources import CITE, cite_key

# Markdown that a translator must not break travels as XLIFF inline codes: citations, code and
# comments as <ph/>; the markers around emphasis, links and footnotes as <bpt>/<ept> pairs, so that
# the text inside them is still translated.
_TOKEN = re.compile(
    r"(?P<cite>\[[^\[\]]*?@[^\[\]]*?\])"
    r"|(?P<code>`+[^`]+`+)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<note>\^\[)"
    r"|(?P<link>\[(?=[^\]]*\]\([^)]*\)))"
    r"|(?P<linkend>\]\([^)]*\))"
    r"|(?P<strong>\*\*|__)"
    r"|(?P<em>(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w))"
    r"|(?P<close>\])",
    re.S,
)
# in a short string, its {placeholders} too ("On Point {points}"; "{{" is a literal brace)
_TOKEN_FIELDS = re.compile(_TOKEN.pattern + r"|(?P<field>(?<!\{)\{[^{}\s]+\}(?!\}))", re.S)


def tokenize(text: str, fields: bool = False) -> list[tuple[str, str]] | None:
    """[(kind, text)]: kind is "text", "ph", "bpt" or "ept"; None when the markup is not balanced. With
    `fields` (a short string), its {placeholders} are codes too."""
    out: list[tuple[str, str]] = []
    stack: list[str] = []
    pos = 0
    for m in (_TOKEN_FIELDS if fields else _TOKEN).finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()]))
        kind, value = m.lastgroup, m.group(0)
        if kind in ("cite", "code", "comment", "field"):
            out.append(("ph", value))
        elif kind in ("note", "link"):
            stack.append(kind)
            out.append(("bpt", value))
        elif kind == "linkend":
            if not stack or stack[-1] != "link":
                return None
            stack.pop()
            out.append(("ept", value))
        elif kind == "close":
            if stack and stack[-1] == "note":
                stack.pop()
                out.append(("ept", value))
            else:
                out.append(("text", value))
        else:  # strong / em: opens or closes
            if stack and stack[-1] == value:
                stack.pop()
                out.append(("ept", value))
            else:
                stack.append(value)
                out.append(("bpt", value))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out if not stack else None


def cite_keys(value: str) -> list[str]:
    if not (value.startswith("[") and "@" in value):
        return []
    return [cite_key(m) for m in CITE.finditer(value)]


def signature(kind: str, value: str) -> str:
    """What a code stands for, whatever its exact text: two codes with the same signature are the same mark."""
    if kind == "ph":
        keys = cite_keys(value)
        return "cite:" + ",".join(sorted(keys)) if keys else "ph:" + value.strip()
    v = value.strip()
    if v in ("^[", "]"):
        return "note"
    if v == "[" or v.startswith("]("):
        return "link"
    return "strong" if v in ("**", "__") else "em" if v in ("*", "_") else "other:" + v


def number(tokens: list[tuple[str, str]], reference: list[tuple[str, str, str | None]] | None = None
           ) -> list[tuple[str, str, str | None]]:
    """[(kind, value, id)]: ids for the codes of tokenize()'s output, counting from 1; with `reference`
    (a source's numbered codes), each code takes the id of the first unused source code like it."""
    out: list[tuple[str, str, str | None]] = []
    stack: list[str] = []
    counter = max([int(i) for _, _, i in reference or [] if i and i.isdigit()] or [0])
    aligned = _align(tokens, reference) if reference is not None else {}
    used = set(aligned.values())
    pool = [(k, signature(k, v), i) for k, v, i in reference or [] if k in ("ph", "bpt") and i]
    for n, (kind, value) in enumerate(tokens):
        if kind == "text":
            out.append((kind, value, None))
            continue
        if kind == "ept":
            code_id = stack.pop() if stack else str(counter + 1)
        else:
            sig = signature(kind, value)
            code_id = aligned.get(n) or next((i for k, s, i in pool if k == kind and s == sig and i not in used), "")
            if not code_id:
                counter += 1
                code_id = str(counter)
            used.add(code_id)
            if kind == "bpt":
                stack.append(code_id)
        out.append((kind, value, code_id))
    return out


def _align(tokens: list[tuple[str, str]], reference: list[tuple[str, str, str | None]]) -> dict[int, str]:
    """Token index -> source code id, for the codes that line up in order (difflib) with the source's."""
    import difflib

    mine = [(n, kind + signature(kind, value)) for n, (kind, value) in enumerate(tokens) if kind in ("ph", "bpt")]
    theirs = [(i, kind + signature(kind, value)) for kind, value, i in reference if kind in ("ph", "bpt") and i]
    matcher = difflib.SequenceMatcher(a=[s for _, s in theirs], b=[s for _, s in mine], autojunk=False)
    out: dict[int, str] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            out[mine[b + k][0]] = theirs[a + k][0]
    return out
