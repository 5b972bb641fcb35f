"""Counting a finished DOCX the way the UN secretariat will: words per section, and the footnotes apart.

Why the DOCX: it is the file that is sent, and what a word limit is checked against (with Word's own
count); counting it, not the Markdown, includes what citeproc wrote into the footnotes and leaves out
what is not text (citation keys, markup). A word is what is between spaces and holds a letter or a
digit ("art. 106" is two, "—" alone none); the table of contents is not counted (it repeats the
headings). Sections are the headings of levels 1 and 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

_WORD = re.compile(r"[^\W_]")
_SPACES = re.compile(r"[ \t\n\r\f\v\u2000-\u200a\u2028\u2029\u3000]+")  # not the no-break space
_HEADING = re.compile(r"^Heading(\d)$")


def count_words(text: str) -> int:
    return sum(1 for token in _SPACES.split(text) if _WORD.search(token))


@dataclass
class Section:
    heading: str  # "" for what comes before the first heading (title, cover)
    level: int  # 0 before the first heading, else 1 or 2
    words: int = 0  # its own text and tables (a level-1 section's subsections apart)
    note_words: int = 0
    notes: int = 0
    subsections: list[Section] = field(default_factory=list)

    @property
    def total_words(self) -> int:
        return self.words + sum(s.words for s in self.subsections)

    @property
    def total_note_words(self) -> int:
        return self.note_words + sum(s.note_words for s in self.subsections)

    @property
    def total_notes(self) -> int:
        return self.notes + sum(s.notes for s in self.subsections)


@dataclass
class DocCount:
    sections: list[Section]  # the part before the first heading, then each level-1 section

    @property
    def words(self) -> int:
        return sum(s.total_words for s in self.sections)

    @property
    def note_words(self) -> int:
        return sum(s.total_note_words for s in self.sections)

    @property
    def notes(self) -> int:
        return sum(s.total_notes for s in self.sections)

    @property
    def total(self) -> int:
        """The words a limit is checked against: the text and the footnotes."""
        return self.words + self.note_words


def _text(paragraph: Any) -> str:
    parts = []
    for el in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:delText")):
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag != qn("w:delText"):
            parts.append(" ")
    return "".join(parts)


def _style(paragraph: Any) -> str:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) or "" if style is not None else ""


def _footnotes(document: Any) -> dict[str, int]:
    """Each footnote's id -> its words (Word's separator notes left out)."""
    from lxml import etree

    out: dict[str, int] = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(qn("w:footnote")):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                out[note.get(qn("w:id")) or ""] = sum(count_words(_text(p)) for p in note.iter(qn("w:p")))
    return out


def count_docx(path: Path) -> DocCount:
    """The words of a DOCX by section, with the footnotes each section's text refers to."""
    import docx

    document = docx.Document(str(path))
    notes = _footnotes(document)
    front = Section("", 0)
    sections = [front]
    current = front
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        style = _style(paragraph)
        if style.startswith("TOC") or next(paragraph.iterancestors(qn("w:sdt")), None) is not None:
            continue  # the table of contents (Word keeps it in a content control)
        text = _text(paragraph)
        level = _HEADING.match(style)
        if level and int(level.group(1)) <= 2:
            section = Section(" ".join(text.split()), int(level.group(1)))
            if section.level == 1 or sections[-1] is front:
                sections.append(section)
            else:
                sections[-1].subsections.append(section)
            current = section
        current.words += count_words(text)
        for ref in paragraph.iter(qn("w:footnoteReference")):
            note = ref.get(qn("w:id")) or ""
            if note in notes:
                current.notes += 1
                current.note_words += notes[note]
    if not front.words and not front.notes and len(sections) > 1:
        sections.remove(front)
    return DocCount(sections)


def count_pages(path: Path) -> int | None:
    """The pages of a PDF (None when it cannot be read)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(str(path)).pages)
    except (OSError, PyPdfError, ValueError):
        return None
