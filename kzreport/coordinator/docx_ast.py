"""A Word document as kzreport blocks: pandoc reads the DOCX, and this module cuts its AST (pandoc's
JSON) into parts, one per top-level heading, in the Markdown kzreport's drafters write.

Why pandoc and its JSON: pandoc already reads Word's footnotes, tables, lists and emphasis well; what
kzreport needs on top is (1) footnotes written inline, `^[...]`, as its blocks have them (pandoc's
Markdown writer only writes `[^1]` references), (2) tables as pipe tables (one line a row, what a
drafter can edit), with a header row, and (3) a note of what does not come over: pictures,
comments, tracked changes (docx_import.py finds those in the file itself). Three pandoc runs do the
whole document: DOCX to JSON, the footnotes' texts to Markdown, then every part to Markdown at once,
cut apart again at marker paragraphs.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzreport.convert.tools import pandoc_path, time_limit, utf8_environment
from kzreport.errors import ToolError

# Markdown as kzreport reads it: no raw HTML or TeX, pipe tables only, characters as they are
WRITER = ("markdown-smart-raw_html-raw_tex-raw_attribute-native_divs-native_spans-fenced_divs-bracketed_spans"
          "-simple_tables-multiline_tables-grid_tables-link_attributes-header_attributes-inline_code_attributes"
          "+pipe_tables")
MARK = "KZIMPORTPART"


@dataclass
class Part:
    """Everything under one heading (the part before the first heading has none)."""

    heading: str | None
    body: str = ""  # Markdown, the part's own subheadings one level up ("#" is the level under it)
    blocks: list[Any] = field(default_factory=list)


@dataclass
class Read:
    title: str | None
    subtitle: str | None
    parts: list[Part]
    footnotes: int = 0
    tables: int = 0
    images: list[str] = field(default_factory=list)  # the description of each picture left out
    notes_joined: int = 0  # footnotes of several paragraphs, joined into one
    contents: bool = False  # it had a table of contents


def _pandoc(args: list[str], data: bytes) -> bytes:
    import os

    try:
        proc = subprocess.run([pandoc_path(), *args], input=data, capture_output=True, timeout=time_limit(),
                              env={**os.environ, **utf8_environment()})
    except subprocess.TimeoutExpired:
        raise ToolError(f"pandoc took more than {time_limit():g} s to read the Word file") from None
    if proc.returncode != 0:
        raise ToolError(f"pandoc could not read the Word file: {proc.stderr.decode(errors='replace').strip()[:300]}")
    return proc.stdout


def stringify(value: Any) -> str:
    """The plain text of inlines (or of any part of the AST)."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            t, c = v.get("t"), v.get("c")
            if t == "Str":
                out.append(str(c))
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t == "Note":
                return
            elif t in ("Code", "Math") and isinstance(c, list):
                out.append(str(c[-1]))
            else:
                walk(c)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(value)
    return " ".join("".join(out).split())


def _doc(blocks: list[Any], api: Any) -> bytes:
    return json.dumps({"pandoc-api-version": api, "meta": {}, "blocks": blocks}).encode()


def _marker(i: int) -> dict[str, Any]:
    return {"t": "Para", "c": [{"t": "Str", "c": f"{MARK}{i:05d}"}]}


def _to_markdown(chunks: list[list[Any]], api: Any) -> list[str]:
    """Each list of blocks as Markdown, in one pandoc run."""
    blocks: list[Any] = []
    for i, chunk in enumerate(chunks):
        blocks.append(_marker(i))
        blocks.extend(chunk)
    text = _pandoc(["-f", "json", "-t", WRITER, "--wrap=none"], _doc(blocks, api)).decode("utf-8")
    pieces = re.split(rf"^{MARK}(\d{{5}})\s*$", text, flags=re.M)
    out = [""] * len(chunks)
    for k in range(1, len(pieces), 2):
        out[int(pieces[k])] = pieces[k + 1].strip("\n")
    return out


def _walk_inlines(value: Any, fn: Any) -> Any:
    """`value` with every inline element passed through fn (which returns a list of inlines)."""
    if isinstance(value, list):
        out: list[Any] = []
        for v in value:
            if isinstance(v, dict) and v.get("t") in _INLINE:
                out.extend(fn(v))
            else:
                out.append(_walk_inlines(v, fn))
        return out
    if isinstance(value, dict) and "c" in value:
        return {**value, "c": _walk_inlines(value["c"], fn)}
    return value


_INLINE = {"Note", "Image", "Link"}


def _is_contents_entry(block: Any) -> bool:
    """A paragraph that is one link within the document: a line of Word's table of contents."""
    content = [x for x in block.get("c") or [] if isinstance(x, dict) and x.get("t") not in ("Space", "SoftBreak")] \
        if block.get("t") in ("Para", "Plain") else []
    return len(content) == 1 and content[0].get("t") == "Link" and str(content[0]["c"][2][0]).startswith("#")


def drop_contents(blocks: list[Any]) -> tuple[list[Any], bool]:
    """The blocks without a table of contents (kzreport makes its own), and whether there was one."""
    out: list[Any] = []
    found = False
    for i, b in enumerate(blocks):
        if _is_contents_entry(b):
            found = True
            continue
        following = next((x for x in blocks[i + 1:] if x.get("t") != "Null"), None)
        if b.get("t") == "Header" and following is not None and _is_contents_entry(following):
            continue  # the contents' own heading
        out.append(b)
    return out, found


def _tables(blocks: Any, read: Read) -> Any:
    """Every table with a header row (Word's first row, when the table has none) and one paragraph a
    cell, which a pipe table can hold."""
    if isinstance(blocks, list):
        return [_tables(b, read) for b in blocks]
    if not isinstance(blocks, dict):
        return blocks
    if blocks.get("t") == "Table":
        read.tables += 1
        attr, caption, colspecs, head, bodies, foot = blocks["c"]
        head_rows = head[1]
        if not head_rows or not any(stringify(cell[4]) for row in head_rows for cell in row[1]):
            for body in bodies:
                if body[3]:
                    head = [head[0], [body[3].pop(0)]]
                    break
        def flat(row: Any) -> Any:
            for cell in row[1]:
                inlines: list[Any] = []
                for b in cell[4]:
                    content = b.get("c") if b.get("t") in ("Para", "Plain") else None
                    part = content if isinstance(content, list) else [{"t": "Str", "c": stringify(b)}]
                    inlines.extend(([{"t": "Space"}] if inlines else []) + part)
                cell[2], cell[3], cell[4] = 1, 1, ([{"t": "Plain", "c": inlines}] if inlines else [])
            return row
        head = [head[0], [flat(r) for r in head[1]]]
        bodies = [[b[0], b[1], [flat(r) for r in b[2]], [flat(r) for r in b[3]]] for b in bodies]
        colspecs = [[spec[0], {"t": "ColWidthDefault"}] for spec in colspecs]
        return {"t": "Table", "c": [attr, caption, colspecs, head, bodies, foot]}
    return {**blocks, "c": _tables(blocks["c"], read)} if "c" in blocks else blocks


def read_docx(path: Path) -> Read:
    """The document's title and its parts, each in Markdown with inline footnotes."""
    data = json.loads(_pandoc(["-f", "docx", "-t", "json"], path.read_bytes()))
    api, meta, blocks = data["pandoc-api-version"], data.get("meta", {}), data["blocks"]
    read = Read(stringify(meta.get("title")) or None, stringify(meta.get("subtitle")) or None, [])
    blocks, read.contents = drop_contents(blocks)
    blocks = _tables(blocks, read)

    notes: list[Any] = []

    def collect(el: dict[str, Any]) -> list[Any]:
        if el["t"] == "Link":  # a link within the Word file (a cross-reference) keeps only its text
            target = str(el["c"][2][0])
            return _walk_inlines(el["c"][1], collect) if target.startswith("#") or not target else \
                [{**el, "c": [el["c"][0], _walk_inlines(el["c"][1], collect), el["c"][2]]}]
        if el["t"] == "Note":
            notes.append(el["c"])
            return [{"t": "RawInline", "c": ["markdown", f"{MARK}NOTE{len(notes) - 1:05d}"]}]
        read.images.append(stringify(el["c"][1]) or Path(el["c"][2][0]).name)
        return [{"t": "RawInline", "c": ["markdown", f"{MARK}IMG{len(read.images) - 1:05d}"]}]

    blocks = _walk_inlines(blocks, collect)
    read.footnotes = len(notes)
    note_texts = []
    for text in _to_markdown([_walk_inlines(n, collect) for n in notes], api) if notes else []:
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        read.notes_joined += len(paragraphs) > 1
        note_texts.append(" ".join(paragraphs))
    levels = [b["c"][0] for b in blocks if b.get("t") == "Header"]
    top = min(levels) if levels else 1
    parts = [Part(None)]
    for b in blocks:
        if b.get("t") == "Header" and b["c"][0] == top:
            parts.append(Part(stringify(b["c"][2])))
            continue
        if b.get("t") == "Header":
            b = {**b, "c": [b["c"][0] - top, *b["c"][1:]]}
        parts[-1].blocks.append(b)
    if not parts[0].blocks:
        parts.pop(0)
    read.parts = parts
    for part, text in zip(parts, _to_markdown([p.blocks for p in parts], api), strict=True):
        part.body = re.sub(rf"{MARK}NOTE(\d{{5}})", lambda m: f"^[{note_texts[int(m.group(1))]}]", text)
    return read
