"""`kzreport import FILE.docx --report ID`: an old report from Word into the project, so that years of
archive become content kzreport can build, translate and reuse.

What it writes (and it never replaces a file that exists: if one of them does, it writes nothing):
- a block per top-level section, content/<lang>/<ID>/<heading>.md, `type: text`, its heading as title,
  its text in Markdown with its footnotes as `^[...]` and its tables as pipe tables (docx_ast.py);
  what comes before the first heading becomes the cover block <ID>/introduction;
- the report's title (Word's Title, else the file's name) in content/<lang>/reports/<ID>.yaml;
- the definition content/reports/<ID>.yaml, `type: document` (templates/document.md.j2), listing the
  blocks in order, which builds the same headings, tables and footnotes again;
- with --translation, the other language's file split the same way and paired with the original
  heading by heading, in order, as the translations of the same blocks.
What it cannot bring over is printed at the place it belongs: pictures, comments, tracked changes
(taken as accepted, as the text reads), footnotes of several paragraphs (joined).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kzreport.coordinator.docx_ast import MARK, Part, Read, read_docx
from kzreport.errors import ToolError, display_path
from kzreport.load.settings import ID_SEGMENT
from kzreport.model import Settings

_CYRILLIC = {**dict(zip("абвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі",
                        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch y e yu ya a g q n o u u h i"
                        .split(), strict=True)), "ъ": "", "ь": ""}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ImportProblem(Exception):
    """Why nothing was imported, in words for the coordinator."""


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    sections: int = 0
    footnotes: int = 0
    tables: int = 0


def slug(text: str, taken: set[str]) -> str:
    """A block name from a heading: Latin letters, digits and hyphens, at most about 40 letters."""
    text = re.sub(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Za-z])[.)]\s+", "", text)  # "II. ", "3.1 " numbering
    letters = []
    for ch in text.lower():
        ch = _CYRILLIC.get(ch, ch)
        letters.append("".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)))
    words = re.findall(r"[a-z0-9]+", "".join(letters).replace("-", " "))
    name = ""
    for word in words:
        if len(name) + len(word) > 40 and name:
            break
        name = f"{name}-{word}" if name else word
    name = name or "section"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    taken.add(candidate)
    return candidate


def word_file_notes(path: Path) -> tuple[list[str], int, int]:
    """The comments of a Word file (their first words), and its tracked insertions and deletions."""
    from lxml import etree

    comments: list[str] = []
    inserted = deleted = 0
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "word/comments.xml" in names:
                root = etree.fromstring(z.read("word/comments.xml"))
                for c in root.iter(f"{W}comment"):
                    text = " ".join("".join(t.text or "" for t in c.iter(f"{W}t")).split())
                    comments.append(text)
            doc = etree.fromstring(z.read("word/document.xml"))
            inserted = sum(1 for _ in doc.iter(f"{W}ins"))
            deleted = sum(1 for _ in doc.iter(f"{W}del"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        raise ImportProblem(f"{display_path(path)}: error: this is not a Word file (.docx) kzreport can read; "
                            f"open it in Word or LibreOffice and save it as .docx") from None
    return comments, inserted, deleted


def _document_date(path: Path) -> dt.date:
    import docx

    created = docx.Document(str(path)).core_properties.created
    return created.date() if created else dt.date.today()


def _front(fields: dict[str, str]) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _read(path: Path) -> Read:
    from kzreport.load.wordfile import word_file_problem

    if (unsafe := word_file_problem(path)) is not None:
        raise ImportProblem(f"{display_path(path)}: error: {unsafe}")
    try:
        return read_docx(path)
    except ToolError as exc:
        raise ImportProblem(f"{display_path(path)}: error: {exc.message}") from None


def _body_and_notes(part: Part, target: Path, images: list[str], header_lines: int, result: ImportResult) -> str:
    """The part's Markdown, each left-out picture reported at its line."""
    lines = part.body.split("\n")
    for i, line in enumerate(lines):
        for m in re.finditer(rf"{MARK}IMG(\d{{5}})", line):
            result.unmapped.append(
                f"{display_path(target)}:{header_lines + i + 1}: warning: a picture of the Word file "
                f"(\"{images[int(m.group(1))][:60]}\") was not brought over: save it as PNG or JPEG under "
                f"content/assets/ and write ![description](assets/NAME.png) here")
    body = re.sub(rf" ?{MARK}IMG\d{{5}} ?", " ", part.body)
    body = re.sub(r"[ \t]+(?=\n|$)", "", body)  # a paragraph that only held a picture is gone
    return re.sub(r"\n{3,}", "\n\n", body).strip("\n") + "\n"


def import_report(settings: Settings, file: Path, report_id: str, lang: str, translation: Path | None,
                  other: str | None) -> ImportResult:
    if not ID_SEGMENT.fullmatch(report_id):
        raise ImportProblem(f'"{report_id}" cannot be a report id: use letters, digits and -, e.g. alt-2016')
    layout = settings.layout
    source = _read(file)
    result = ImportResult(sections=sum(1 for p in source.parts if p.heading), footnotes=source.footnotes,
                          tables=source.tables)
    files: dict[Path, str] = {}
    taken: set[str] = set()
    ids: list[str] = []
    cover: list[str] = []
    for part in source.parts:
        name = slug(part.heading, taken) if part.heading else slug("introduction", taken)
        bid = f"{report_id}/{name}"
        (ids if part.heading else cover).append(bid)
        target = layout.block(lang, bid)
        head = _front({"type": "text", "title": part.heading or source.title or file.stem})
        files[target] = head + "\n" + _body_and_notes(part, target, source.images, head.count("\n") + 1, result)
    title = source.title or file.stem
    if not source.title:
        result.unmapped.append(f"{display_path(file)}: warning: the Word file has no Title paragraph: the report is "
                               f"called \"{file.stem}\"; change it in content/{lang}/reports/{report_id}.yaml")
    files[layout.lang(lang) / "reports" / f"{report_id}.yaml"] = yaml.safe_dump(
        {"title": title, **({"subtitle": source.subtitle} if source.subtitle else {})}, allow_unicode=True,
        sort_keys=False, width=1000)
    definition: dict[str, object] = {"type": "document", "date": _document_date(file), "toc": source.contents}
    if cover:
        definition["cover"] = cover
    definition["blocks"] = ids
    files[layout.reports / f"{report_id}.yaml"] = (
        f"# Imported from {file.name} by kzreport import; the blocks are in content/{lang}/{report_id}/.\n"
        + yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=1000))
    _notes(file, source, result)
    if translation is not None and other is not None:
        _translation(settings, translation, other, report_id, source, cover + ids, files, result)
    existing = [p for p in files if p.exists()]
    if existing:
        raise ImportProblem(f"{display_path(existing[0])}: error: this file exists already, and kzreport import "
                            f"never replaces a file: choose another --report id, or move the file away"
                            + (f" ({len(existing) - 1} more would be replaced)" if len(existing) > 1 else ""))
    from kzreport.files import atomic_write_bytes

    for path, text in files.items():
        atomic_write_bytes(path, text.encode("utf-8"))
        result.written.append(path)
    return result


def _notes(file: Path, read: Read, result: ImportResult) -> None:
    comments, inserted, deleted = word_file_notes(file)
    where = display_path(file)
    if comments:
        first = f' (the first: "{comments[0][:60]}")' if comments[0] else ""
        result.unmapped.append(f"{where}: warning: {len(comments)} comment(s) in the Word file were not brought "
                               f"over{first}; read them in Word")
    if inserted or deleted:
        result.unmapped.append(f"{where}: warning: the Word file has tracked changes ({inserted} insertion(s), "
                               f"{deleted} deletion(s)); they were taken as accepted: check the imported text")
    if read.notes_joined:
        result.unmapped.append(f"{where}: warning: {read.notes_joined} footnote(s) had several paragraphs, joined "
                               f"into one (a kzreport footnote is one paragraph)")


def _translation(settings: Settings, file: Path, lang: str, report_id: str, source: Read, block_ids: list[str],
                 files: dict[Path, str], result: ImportResult) -> None:
    """The translation's parts as the translations of the source's blocks, paired in order: the part
    before the first heading with the introduction, then heading by heading."""
    read = _read(file)
    mine = [p for p in source.parts]
    theirs = [p for p in read.parts]
    if bool(mine and mine[0].heading is None) != bool(theirs and theirs[0].heading is None):
        # one file has text before its first heading and the other not: pair the headings only
        mine = [p for p in mine if p.heading]
        theirs = [p for p in theirs if p.heading]
        block_ids = block_ids[len(block_ids) - len(mine):]
    pairs = list(zip(block_ids, theirs, strict=False))
    for bid, part in pairs:
        target = settings.layout.block(lang, bid)
        head = _front({"title": part.heading or read.title or file.stem})
        files[target] = head + "\n" + _body_and_notes(part, target, read.images, head.count("\n") + 1, result)
    if len(mine) != len(theirs):
        result.unmapped.append(f"{display_path(file)}: warning: the translation has {len(theirs)} part(s) and the "
                               f"original {len(mine)}; they were paired in order, {len(pairs)} of them: compare the "
                               f"headings of content/{lang}/{report_id}/ with the original's")
    files[settings.layout.lang(lang) / "reports" / f"{report_id}.yaml"] = yaml.safe_dump(
        {"title": read.title or file.stem, **({"subtitle": read.subtitle} if read.subtitle else {})},
        allow_unicode=True, sort_keys=False, width=1000)
    _notes(file, read, result)
    result.unmapped.append(f"{display_path(file)}: the translation is recorded as not yet checked: after reading it, "
                           f"run kzreport i18n done -l {lang} " + " ".join(b for b, _ in pairs))
