"""A Word file (.docx) from outside, checked before anything opens it: a DOCX is a zip archive, and a
hostile one can unpack to gigabytes from a few kilobytes (a zip bomb) or hold thousands of parts.
`kzreport import` and `kzreport i18n import-review` read only files that pass."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_UNPACKED = 500 * 1024 * 1024  # bytes, all parts together: a 1,000-page report with images is far less
MAX_RATIO = 200  # how many times a large part may be smaller packed than unpacked (XML packs ~10 times)
MAX_PARTS = 10_000


def word_file_problem(path: Path) -> str | None:
    """What makes the file unsafe or impossible to open as a DOCX, in plain words; None if it may be read."""
    if not zipfile.is_zipfile(path):
        return "this is not a Word file (.docx); open it in Word or LibreOffice and save it as .docx"
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (OSError, zipfile.BadZipFile):
        return "this Word file is damaged; open it in Word or LibreOffice and save it again as .docx"
    if len(parts) > MAX_PARTS:
        return f"this Word file has {len(parts):,} parts, more than any document has; it was not opened"
    total = sum(p.file_size for p in parts)
    if total > MAX_UNPACKED:
        return (f"this Word file would unpack to {total // (1024 * 1024):,} MB, more than a document needs; it was "
                f"not opened (save it again from Word or LibreOffice, with smaller pictures)")
    for p in parts:
        if p.file_size > 1024 * 1024 and p.file_size > MAX_RATIO * max(p.compress_size, 1):
            return (f"a part of this Word file ({p.filename}) packs {p.file_size // max(p.compress_size, 1):,} times "
                    f"smaller than it unpacks, as no document does; it was not opened")
    return None
