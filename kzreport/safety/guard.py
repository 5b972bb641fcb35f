"""The leak guard: no protected name leaves in a public output, however it is written.

It looks at what is really published, three times:
- the assembled document, as pandoc has it after citations (text joined across emphasis, links and
  notes, with link targets, image sources and alt text, and attributes), before any file is kept;
- every output file, every part of it (extract.py), and its file name;
- the manifest, and every output an earlier build left in the output folder (`sweep`).
A hit fails the build; the output is not kept.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kzreport.safety.extract import output_parts
from kzreport.safety.names import Matcher, ProtectedName

SHOWS_FORMS = "kzreport cases shows every form that is protected"
NOT_ON_ONE_LINE = ("it was not found in any one line of the project's files: it may be split over two lines "
                   "(a table cell, a word broken with a hyphen), or come from the templates")


def naming(what: str, name: ProtectedName) -> str:
    """How every message says that `what` names a protected person: never with the name (logs are public)."""
    return f"{what} names a person protected by {name.describe()}"


@dataclass(frozen=True)
class Leak:
    name: ProtectedName
    found: str

    def message(self, what: str = "this output", hint: str = "") -> str:
        return (f"{naming(what, self.name)}, so it was not written: look for the name in every text, source, "
                f"string and template this output uses ({SHOWS_FORMS})" + (f"; {hint}" if hint else ""))


@dataclass(frozen=True)
class Place:
    """Where one of the project's own files names a protected person: a line, or (line None) somewhere in a
    file that is not text, such as a reference.docx."""

    path: Path
    line: int | None
    leak: Leak

    def message(self, outputs: str) -> str:
        return (f"{naming('this line' if self.line is not None else 'this file', self.leak.name)}, which would be "
                f"published in {outputs}; remove it or write it another way ({SHOWS_FORMS})")


class Guard:
    """Finds protected names in texts and files."""

    def __init__(self, names: Iterable[ProtectedName]) -> None:
        self.matcher = Matcher(names)
        self._seen: dict[tuple[int, int], list[Leak]] = {}
        self._places: dict[Path, list[Place]] = {}  # the project's files, searched when a leak is found
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self.matcher)

    def text(self, text: str) -> list[Leak]:
        """The protected names in `text` (one per case and name)."""
        leaks: dict[tuple[str, str], Leak] = {}
        for m in self.matcher.find_all(text):
            leaks.setdefault((m.name.case_id, m.name.name), Leak(m.name, m.found))
        return list(leaks.values())

    def pdf(self, data: bytes) -> list[tuple[str, int, str]]:
        """The leaks of a PDF in memory, as plain data (case id, entry, what was found): a Typst worker
        process checks the PDF it made, beside the build instead of in its way."""
        from kzreport.safety.extract import pdf_bytes_text

        return [(leak.name.case_id, leak.name.index, leak.found) for leak in self.text(pdf_bytes_text(data))]

    def leaks_from(self, found: list[tuple[str, int, str]]) -> list[Leak]:
        """`pdf`'s answer as leaks again."""
        names = {(n.case_id, n.index): n for n in self.matcher.names}
        return [Leak(names[(case, index)], text) for case, index, text in found if (case, index) in names]

    def file(self, path: Path) -> list[Leak]:
        """The protected names anywhere in an output file, its name included."""
        if not self.matcher:
            return []
        leaks: list[Leak] = []
        for part in output_parts(path):
            key = (len(part), hash(part))
            if key not in self._seen:  # the same part in several outputs is checked once
                self._seen[key] = self.text(part)
            leaks.extend(self._seen[key])
        return leaks

    def locate(self, files: Iterable[Path], leaks: Iterable[Leak]) -> list[Place]:
        """Where in `files` (the project's own) the cases of `leaks` are named, line by line: found only
        when an output was stopped, to tell the drafter what to change. Each file is searched once a build."""
        cases = {leak.name.case_id for leak in leaks}
        return [place for path in files for place in self._file_places(path) if place.leak.name.case_id in cases]

    def _file_places(self, path: Path) -> list[Place]:
        with self._lock:  # the finishing threads may all be stopped at once
            if path not in self._places:
                self._places[path] = self._search_file(path)
            return self._places[path]

    def _search_file(self, path: Path) -> list[Place]:
        try:
            data = path.read_bytes()
        except OSError:
            return []
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # a template that is not text (reference.docx): read as the guard reads outputs
            once = {(leak.name.case_id, leak.name.index): leak for leak in self.file(path)}
            return [Place(path, None, leak) for leak in once.values()]
        # the output reads a line as its text: a footnote or a citation inside a word is left out
        # ("Kazan^[a note]tsev"), an HTML entity is the character it stands for ("&#75;azantsev")
        def as_read(line: str) -> str:
            return html.unescape(_INLINE_NOTES.sub("", line))

        if self.matcher.search(text) is None and self.matcher.search(as_read(text)) is None:
            return []  # most files name nobody
        return [Place(path, number, leak) for number, line in enumerate(text.splitlines(), 1)
                for leak in self.text(line) or self.text(as_read(line))]


_INLINE_NOTES = re.compile(r"\^\[(?:[^\[\]]|\[[^\]]*\])*\]|\[@[^\]]*\]|\[\^[^\]]*\]")
