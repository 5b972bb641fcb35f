"""Where a replacement of a protected name begins and ends (names.py finds the name): the first name, a
patronymic, initials or a nickname written with the surname go with it, a footnote after it stays, the
Markdown around it stays balanced and a grid table's columns keep their width."""

from __future__ import annotations

import re
from collections.abc import Callable

from kzreport.safety.forms import is_patronymic
from kzreport.safety.ordinary import given_name_before

# a Markdown grid table: its cells' text lines between borders such as "+-----+====+"
GRID_BORDER = re.compile(r"^[ \t]*\+(?:[-=:]+\+)+[ \t]*$", re.MULTILINE)
WORD_TAIL = re.compile(r"[\w'’]*")


def in_table_row(text: str, at: int) -> bool:
    return text[text.rfind("\n", 0, at) + 1:at].lstrip().startswith("|")


_WORD = r"[^\W\d_][\w'’*_-]*"
# right before a match: a word (the first name?), a footnote after it, a middle name or patronymic, or
# initials, a nickname in brackets or quotation marks: "Mikhail^[a note] Petrovich (Misha) Kazantsev",
# "Mikhail P. Kazantsev", "Михаил «Миша» Казанцев"
_BEFORE = re.compile(rf"(?P<first>{_WORD})(?P<note>\^\[(?:[^\[\]]|\[[^\]]*\])*\])?(?:\s+(?P<middle>{_WORD}))?"
                     r"(?:\s+[^\W\d_]\.){0,2}"
                     r"(?:\s+(?:\([^()]{1,40}\)|«[^«»]{1,40}»|\"[^\"]{1,40}\"|“[^“”]{1,40}”|„[^„“”]{1,40}[“”]))?\s+$")
_AFTER = re.compile(rf"\s+(?P<word>{_WORD})")


def words_before(text: str, pos: int, start: int, others: Callable[[str], bool],
                 pet_name: Callable[[str], bool]) -> tuple[int, str]:
    """Where a replacement begins, and the footnote it keeps: a match of the surname alone takes the
    first name written before it too, with a patronymic or a nickname between them ("Mikhail
    Petrovich Kazantsev", "Mikhail (Misha) Kazantsev", "Mikhail^[a note] Kazantsev": the note stays), or a
    pet name of his given name right before it (Миша Казанцев; not his mother Ольга Казанцева)."""
    window = max(pos, start - 120)
    for word_start in reversed([m.start() for m in _WORD_START_RE.finditer(text, window, start)]):
        before = _BEFORE.fullmatch(text, word_start, start)
        if before is None:
            continue
        middle = before.group("middle")
        first = before.group("first")
        if not others(first) and (middle or before.group("note") or not given_name_before(first) or not pet_name(first)):
            continue  # (a pet name right before the surname names him too: Миша Казанцев)
        if middle and not (is_patronymic(middle) or others(middle)):
            continue  # "Mikhail met Kazantsev": another word between them
        return before.start(), before.group("note") or ""
    return start, ""


_WORD_START_RE = re.compile(r"(?<![\w'’*_-])[^\W\d_]")


def patronymic_after(text: str, end: int) -> int:
    """Where a replacement ends: a patronymic right after the name goes with it ("Kazantsev Mikhail
    Petrovich", the order of Russian documents)."""
    after = _AFTER.match(text, end)
    return after.end() if after and is_patronymic(after.group("word")) else end


def possessive(found: str) -> str:
    """The English possessive ending a replaced name carried ("Kazantsev's" -> "M. K.'s")."""
    m = re.search(r"['’]s$", found)
    return m.group(0) if m else ""


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """A replaced span that takes the emphasis mark opened or closed inside it (`Kazan*tsev*`), so the
    Markdown around the pseudonym stays balanced."""
    for mark in "*~^":
        if text.count(mark, start, end) % 2:
            if text.startswith(mark, end):
                end += 1
            elif start > 0 and text[start - 1] == mark:
                start -= 1
    return start, end
