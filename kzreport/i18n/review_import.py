"""`kzreport i18n import-review FILE.docx`: a reviewer's changes to the translation column of a bilingual
review copy (render/review.py), back into the language tree.

The copy is read as Word shows it, whichever program saved it (Word, LibreOffice): each row's first cell
names its unit (`safeguards/detention ¶3`, `safeguards/detention title`), the third holds the translation,
its notes listed under it with their numbers. A paragraph whose words are unchanged is left exactly as it
is in the file. A changed one is written back as Markdown: emphasis and links from the runs, and each of
its notes where the reviewer left its number — a citation as the code it was, a free note with the text
the reviewer gave it (one with a citation inside stays as it was). Nothing is written unless every row
is good; every problem is reported, one a line, with its row and unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzreport.errors import KzError
from kzreport.i18n import paragraphs
from kzreport.i18n.writeback import set_block_text
from kzreport.model import Project

UNIT = re.compile(r"^(?P<block>[\w./-]+)\s+(?:¶(?P<n>\d+)(?P<new>\+?)|title)$")
NOTE_STYLE = "Review Note"  # formats/vocabulary.py: kz-review-note
MARK_STYLE = "Untranslated Mark"  # the build's own marks (stale, not translated): not the reviewer's text
# a note of the translation's Markdown: a free note ^[...] (balanced brackets) or a citation [..@..]
_NOTE = re.compile(r"\^\[(?:[^\[\]]|\[[^\[\]]*\])*\]|\[[^\[\]]*@[^\[\]]*\]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]^<>#])")
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‘": "'", "’": "'", "–": "-",
                             "—": "-", "\u00a0": " ", "\u202f": " "})


class ReviewProblems(KzError):
    pass


@dataclass
class Row:
    number: int  # the table row, 1 = the first under the header (for messages)
    block: str
    part: str | int  # "title" or the paragraph (1-based)
    main: list[Any]  # the paragraphs of the translation cell, python-docx objects
    notes: dict[int, str] = field(default_factory=dict)  # note number -> its text as listed


def _language(project: Project, name: str) -> str | None:
    for lang in project.languages:
        if (project.strings.get(lang, ("words", "language-name")) or lang) == name.strip():
            return lang
    return None


def _plain(markdown: str) -> str:
    """A paragraph's words as a reader sees them (notes, link targets and marks left out), for comparing."""
    text = _NOTE.sub("", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)[*_]", "", text))
    return " ".join(text.translate(_TYPOGRAPHY).replace("...", "…").split())


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _wrap(text: str, mark: str) -> str:
    """Emphasis around a run's text, the spaces at its ends left outside (Markdown needs that)."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _accepted(paragraph: Any) -> list[Any]:
    """The paragraph's runs and links as they read with every tracked change accepted (a lawyer reviewing
    with Track Changes on): inserted runs count, deleted ones do not."""
    from docx.oxml.ns import qn
    from docx.text.hyperlink import Hyperlink
    from docx.text.run import Run

    out: list[Any] = []
    for child in paragraph._p.iterchildren():
        if child.tag == qn("w:r"):
            out.append(Run(child, paragraph))
        elif child.tag == qn("w:ins"):
            out += [Run(r, paragraph) for r in child.iterchildren(qn("w:r"))]
        elif child.tag == qn("w:hyperlink"):
            out.append(Hyperlink(child, paragraph))
    return out


def _text(paragraph: Any) -> str:
    return "".join(item.text for item in _accepted(paragraph))


def _read_runs(paragraph: Any) -> tuple[str, list[int], str]:
    """A cell paragraph as Markdown with `{{note:N}}` where a note number is, the numbers, and its words."""
    out, refs, words = [], [], []
    for item in _accepted(paragraph):
        if hasattr(item, "address"):  # a hyperlink
            out.append(f"[{_escape(item.text)}]({item.address})")
            words.append(item.text)
            continue
        text = item.text
        if item.font.superscript and text.strip().isdigit():
            refs.append(int(text))
            out.append(f"{{{{note:{int(text)}}}}}")
            continue
        if item.style is not None and item.style.name == MARK_STYLE:
            continue
        words.append(text)
        piece = _escape(text)
        if item.bold:
            piece = _wrap(piece, "**")
        if item.italic:
            piece = _wrap(piece, "*")
        out.append(piece)
    return "".join(out), refs, "".join(words)


def read_rows(path: Path, problems: list[str], marks: frozenset[str] = frozenset()) -> tuple[str, list[Row]]:
    """The translation column's language name and every row of the copy's tables. A paragraph that is one
    of the build's `marks` ("[not yet translated]", what changed) as the build wrote it is not the
    reviewer's text; one the reviewer typed over is."""
    import docx

    from kzreport.load.wordfile import word_file_problem

    if (unsafe := word_file_problem(path)) is not None:
        raise KzError(f"{path}: error: {unsafe}")
    try:
        document = docx.Document(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a file that is not a DOCX
        raise KzError(f"{path}: error: this is not a Word document (DOCX); give the review copy kzreport "
                      f"build --bilingual wrote, as saved by Word or LibreOffice") from None
    language, rows = "", list[Row]()
    for table in document.tables:
        header = [c.text.strip() for c in table.rows[0].cells] if table.rows else []
        if len(header) != 3:
            continue
        language = language or header[2]
        for r in table.rows[1:]:
            cells = r.cells
            match = UNIT.match(" ".join(cells[0].text.split()))
            if not match:
                continue
            number = len(rows) + 1
            part: str | int = "title" if match["n"] is None else (f"{match['n']}+" if match["new"] else int(match["n"]))
            row = Row(number, match["block"], part, [])
            for p in cells[2].paragraphs:
                style = p.style.name if p.style is not None else ""
                runs = [r for r in _accepted(p) if not hasattr(r, "address")]
                if style == NOTE_STYLE and runs and runs[0].font.superscript and runs[0].text.strip().isdigit():
                    row.notes[int(runs[0].text)] = "".join(x.text for x in runs[1:]).strip()
                elif runs and runs[0].style is not None and runs[0].style.name == MARK_STYLE \
                        and runs[0].text.strip() in marks:
                    continue  # the build's mark ("not translated", what changed): not the reviewer's words
                elif _text(p).strip() or row.main:
                    row.main.append(p)
            rows.append(row)
    if not rows:
        problems.append(f"{path}: error: no review table found: give the copy kzreport build --bilingual wrote")
    return language, rows


def _rebuild(row: Row, original: str, problems: list[str], where: str) -> str | None:
    """The paragraph as the reviewer left it, in Markdown with its notes' codes; None if unchanged."""
    pieces = [_read_runs(p) for p in row.main]
    is_list = re.match(r"\s*(?:[-*+]|\d+[.)])\s", original) is not None
    bullet = (re.match(r"\s*([-*+]|\d+[.)])\s", original) or [None, "-"])[1]
    markdown = "\n".join((f"{bullet} " if is_list else "") + md for md, _, _ in pieces)
    refs = [n for _, r, _ in pieces for n in r]
    words = " ".join(" ".join(w.translate(_TYPOGRAPHY).replace("...", "…").split()) for _, _, w in pieces)
    codes = _NOTE.findall(original)
    numbers = sorted(row.notes)
    if len(numbers) != len(codes):
        problems.append(f"{where}: the paragraph has {len(codes)} note(s) in the translation, the copy lists "
                        f"{len(numbers)}: keep each note's number in the text and its text under it")
        return None
    if sorted(refs) != numbers:
        lost = sorted(set(numbers) - set(refs))
        twice = sorted({n for n in refs if refs.count(n) > 1})
        problems.append(f"{where}: " + (f"note {', '.join(map(str, lost))} is no longer in the text" if lost else
                                        f"note {', '.join(map(str, twice))} is in the text twice" if twice else
                                        "a note number in the text is not one of this paragraph's notes")
                        + ": put each note's number back where it belongs (superscript), once")
        return None
    new_codes = {}
    for number, code in zip(numbers, codes, strict=True):
        free = code.startswith("^[") and "@" not in code
        text = row.notes[number]
        changed = free and " ".join(text.translate(_TYPOGRAPHY).split()) != _plain(code[2:-1])
        new_codes[number] = f"^[{_escape(text)}]" if changed else code
    if words == _plain(original) and all(new_codes[n] == c for n, c in zip(numbers, codes, strict=True)):
        return None
    return re.sub(r"\{\{note:(\d+)\}\}", lambda m: new_codes[int(m.group(1))], markdown)


def import_review(project: Project, path: Path) -> list[str]:
    """Apply the review; the lines to print. Raises ReviewProblems (every problem) and changes nothing then."""
    problems: list[str] = []
    marks = frozenset(project.strings.lookup(lang, ("words", key)) or "" for lang in project.languages
                      for key in ("not-translated", "stale-translation", "review-deleted"))
    language, rows = read_rows(path, problems, marks)
    lang = _language(project, language) if language else None
    if rows and lang is None:
        problems.append(f"{path}: error: the translation column is headed \"{language}\", which is none of the "
                        f"project's languages ({', '.join(project.languages)})")
    elif lang == project.settings.source_language:
        problems.append(f"{path}: error: the translation column is in the source language: nothing to import")
    if problems:
        raise ReviewProblems("\n".join(problems))
    assert lang is not None
    from kzreport.safety import Anonymiser

    # the copy shows pseudonyms where a case protects a name: writing such a paragraph back would put the
    # pseudonym in the translation, so it is left for someone inside the organisation to edit by hand
    anonymise = Anonymiser(project, lang)
    edits: dict[str, dict[str, Any]] = {}
    left: list[str] = []
    for row in rows:
        where = f"{path}: error: row {row.number} ({row.block} {'title' if row.part == 'title' else '¶' + str(row.part)})"
        block = project.blocks.get(row.block)
        target = block.text(lang) if block else None
        if block is None:
            problems.append(f"{where}: there is no such block in the project (renamed or removed since the copy "
                            f"was made): build a new review copy")
            continue
        if target is None:  # not translated yet: the copy shows the mark only, unless the reviewer wrote here
            if any(_text(p).strip() for p in row.main):
                problems.append(f"{where}: the block has no {lang} translation yet, so there is nothing to put this "
                                f"text into: write the translation in {lang}'s file first (kzreport new makes a stub)")
            continue
        edit = edits.setdefault(row.block, {"title": None, "paragraphs": paragraphs.split(target.body), "new": {}})
        protected = f"{where.replace(': error:', ': warning:')}: not imported: it names a protected person, whom " \
                    f"the copy shows by a pseudonym; make this change in {target.path.name} by hand"
        if row.part == "title":
            title = " ".join(_text(p) for p in row.main).strip()
            shown = anonymise(target.title)  # what the copy showed
            if title and " ".join(title.translate(_TYPOGRAPHY).split()) != _plain(shown):
                if shown != target.title:
                    left.append(protected)
                else:
                    edit["title"] = title
            continue
        if isinstance(row.part, str):  # a source paragraph not translated yet: text typed here is added
            text = "\n".join(_read_runs(p)[0] for p in row.main).strip()
            if text:
                edit["new"].setdefault(int(row.part[:-1]) - 1, []).append(text)
            continue
        if row.part > len(edit["paragraphs"]):
            problems.append(f"{where}: the translation has only {len(edit['paragraphs'])} paragraphs: build a new "
                            f"review copy, the file changed since this one was made")
            continue
        original = edit["paragraphs"][row.part - 1].text
        shown = anonymise(original)  # what the copy showed: its words are compared with the reviewer's
        new = _rebuild(row, shown, problems, where)
        if new is not None and shown != original:
            left.append(protected)
        elif new is not None:
            edit["paragraphs"][row.part - 1] = paragraphs.Paragraph(new, -1)
    if problems:
        raise ReviewProblems("\n".join(problems))
    return left + _write(project, lang, edits)


def _write(project: Project, lang: str, edits: dict[str, dict[str, Any]]) -> list[str]:
    done = []
    for bid, edit in edits.items():
        target = project.blocks[bid].text(lang)
        assert target is not None
        changed = [p for p in edit["paragraphs"] if p.line == -1]
        if not (changed or edit["new"] or edit["title"]):
            continue
        texts: list[str] = []
        for i, p in enumerate(edit["paragraphs"]):
            texts += edit["new"].get(i, []) + [p.text]
        texts += edit["new"].get(len(edit["paragraphs"]), [])
        body = "\n\n".join(texts) if (changed or edit["new"]) else None
        path = set_block_text(project, lang, bid, title=edit["title"], body=body)
        done.append(f"{path}: {len(changed) + sum(map(len, edit['new'].values()))} paragraph(s)"
                    f"{' and the title' if edit['title'] else ''} from the review")
    return done
