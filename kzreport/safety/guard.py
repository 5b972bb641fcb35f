"""The leak guard: no protected name leaves in a public output, however it is written.

It looks at what is really published, three times:
- the assembled document, as pandoc has it after citations (text joined across emphasis, links and
  notes, with link targets, image sources and alt text, and attributes), before any file is kept;
- every output file, every part of it (extract.py), and its file name;
- the manifest, and every output an earlier build left in the output folder (`sweep`).
A hit fails the build; the output is not kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kzreport.safety.extract import output_parts
from kzreport.safety.names import Matcher, ProtectedName


@dataclass(frozen=True)
class Leak:
    name: ProtectedName
    found: str

    def message(self, what: str = "this output") -> str:
        return (f"{what} names a person protected by {self.name.describe()}, so it was not written: "
                f"look for the name in every text, source, string and template this output uses "
                f"(kzreport cases shows every form that is protected)")


class Guard:
    """Finds protected names in texts and files."""

    def __init__(self, names: Iterable[ProtectedName]) -> None:
        self.matcher = Matcher(names)
        self._seen: dict[tuple[int, int], list[Leak]] = {}

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
