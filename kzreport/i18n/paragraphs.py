"""A block's text paragraph by paragraph: which paragraphs changed since a translation was made, and
how many words there are to translate (a translator quotes by the word).

A body is tracked as one unit (status.py), but what changed in it is found per paragraph: one edited
sentence makes one paragraph stale, and `i18n status` points at that paragraph's line in the
translation, which has the same paragraphs in the same order as the source it was made from.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```|~~~)")
_CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
_WORD = re.compile(r"\w+(?:[-’']\w+)*")


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int  # its first line, counted from 0 at the start of the text


@dataclass(frozen=True)
class Change:
    """One paragraph of the source that is new or changed since the translation (or gone from it)."""

    kind: str  # "changed", "added" or "removed"
    old: Paragraph | None  # in the source the translation was made from
    new: Paragraph | None  # in the source now
    index: int  # the paragraph of the translation it concerns (for "added": the one it goes before)


def split(text: str) -> list[Paragraph]:
    """Paragraphs: runs of lines between empty lines; a fenced code block is one paragraph whole."""
    out: list[Paragraph] = []
    lines: list[str] = []
    start, fenced = 0, False
    for n, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if lines:
                out.append(Paragraph("\n".join(lines), start))
            lines = []
            continue
        if not lines:
            start = n
        lines.append(line)
    if lines:
        out.append(Paragraph("\n".join(lines), start))
    return out


def _same(text: str) -> str:
    return " ".join(text.split())


def changes(recorded: str, current: str) -> list[Change]:
    """The paragraphs of `current` that differ from `recorded` (whitespace does not count)."""
    old, new = split(recorded), split(current)
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(a=[_same(p.text) for p in old], b=[_same(p.text) for p in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = max(i2 - i1, j2 - j1)
        for k in range(pairs):
            o = old[i1 + k] if i1 + k < i2 else None
            n = new[j1 + k] if j1 + k < j2 else None
            kind = "changed" if o and n else ("added" if n else "removed")
            out.append(Change(kind, o, n, i1 + k if o else i2))
    return out


def words(text: str) -> int:
    """Words to translate: citations and markup do not count."""
    return len(_WORD.findall(_CITATION.sub(" ", text)))
