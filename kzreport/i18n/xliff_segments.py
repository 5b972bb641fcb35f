"""Sentence segmentation for translation tools: each exported unit's `<source>` is also given as a
`<seg-source>` with one `<mrk mtype="seg">` per sentence (XLIFF 1.2), so a CAT tool offers the text
sentence by sentence and its translation memory matches sentences. The `<source>` itself stays whole: it
is what import compares, and the target comes back whole or segmented (xliff_import.py reads both).

Sentences end at ".", "!", "?" or "…" (closing quotes and brackets kept with them) before a space and a
capital letter, a digit or an opening quote; never inside an inline code (a citation such as
`[@cpc, art. 5]` is one code)."""

from __future__ import annotations

import copy
import re
from typing import Any

from kzreport.i18n.xliff_codes import NS

_CAPITAL = r"[«“\"(\[]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9]"
_END = re.compile(r"(?<=[.!?…])([»”\"')\]]*)(\s+)(?=" + _CAPITAL + ")")
_ENDS = re.compile(r"[.!?…][»”\"')\]]*$")  # text that ends a sentence (codes may follow)
_START = re.compile(r"(\s+)(?=" + _CAPITAL + ")")  # the space before the next sentence


def _atoms(source: Any) -> list[Any]:
    """The source's mixed content as a flat list: strings and inline code elements (copied)."""
    out: list[Any] = [source.text or ""]
    for child in source:
        out.append(copy.deepcopy(child))
        out[-1].tail = None
        out.append(child.tail or "")
    return out


def add_seg_source(unit: Any) -> None:
    """Give a trans-unit of more than one sentence a <seg-source>."""
    source = unit.find(f"{{{NS}}}source")
    if source is None or unit.find(f"{{{NS}}}seg-source") is not None:
        return
    atoms = _atoms(source)
    groups = _sentences_with_gaps(atoms)
    if len(groups) == 1:
        return  # one sentence: nothing to segment
    seg = source.makeelement(f"{{{NS}}}seg-source", {})
    mid = 0
    last: Any = None
    for group in groups:
        if isinstance(group, str):  # the space between two sentences
            if last is not None:
                last.tail = (last.tail or "") + group
            continue
        mid += 1
        mrk = seg.makeelement(f"{{{NS}}}mrk", {"mtype": "seg", "mid": str(mid)})
        prev: Any = None
        for atom in group:
            if isinstance(atom, str):
                if prev is None:
                    mrk.text = (mrk.text or "") + atom
                else:
                    prev.tail = (prev.tail or "") + atom
            else:
                mrk.append(atom)
                prev = atom
        seg.append(mrk)
        last = mrk
    source.addnext(seg)


def _sentences_with_gaps(atoms: list[Any]) -> list[Any]:
    """Sentences (lists of atoms) with the whitespace between them (strings), in order. A sentence's end may
    be followed by its codes (a citation after the full stop) before the space that ends it."""
    out: list[Any] = [[]]
    ended = False  # the text so far ends a sentence; only codes followed
    for atom in atoms:
        if not isinstance(atom, str):
            out[-1].append(atom)
            continue
        pos = 0
        if ended and (m := _START.match(atom)):
            out += [m.group(1), []]
            pos = m.end(1)
        for m in _END.finditer(atom, pos):
            out[-1].append(atom[pos:m.start(2)])
            out += [m.group(2), []]
            pos = m.end(2)
        out[-1].append(atom[pos:])
        ended = _ENDS.search(atom) is not None or (ended and not atom.strip())
    return out
