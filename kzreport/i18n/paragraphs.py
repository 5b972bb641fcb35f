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


@dataclass(frozen=True)
class Pairing:
    """A paragraph of the source a translation was made from, paired with the same paragraph now."""

    kind: str  # "equal", "changed", "added" (new in the source) or "removed" (gone from it)
    old: int | None  # its index in the source the translation was made from
    new: int | None  # its index in the source now
    at: int  # the translation's paragraph it concerns (for "added": the one it goes before)


def pair(made_from: list[Paragraph], now: list[Paragraph]) -> list[Pairing]:
    """Every paragraph of both sources, in order, paired where they match or one replaced the other (the one
    place this alignment is made: status, XLIFF paragraph units and the review copy use it)."""
    out: list[Pairing] = []
    matcher = difflib.SequenceMatcher(a=[_same(p.text) for p in made_from], b=[_same(p.text) for p in now],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            old = i1 + k if i1 + k < i2 else None
            new = j1 + k if j1 + k < j2 else None
            kind = "equal" if tag == "equal" else "changed" if old is not None and new is not None else \
                "added" if new is not None else "removed"
            out.append(Pairing(kind, old, new, old if old is not None else i2))
    return out


def changes(recorded: str, current: str) -> list[Change]:
    """The paragraphs of `current` that differ from `recorded` (whitespace does not count)."""
    old, new = split(recorded), split(current)
    return [Change(p.kind, old[p.old] if p.old is not None else None, new[p.new] if p.new is not None else None, p.at)
            for p in pair(old, new) if p.kind != "equal"]


def words(text: str) -> int:
    """Words to translate: citations and markup do not count."""
    return len(_WORD.findall(_CITATION.sub(" ", text)))
