"""Reading the text files people edit: UTF-8 with or without a byte order mark, any line endings.

Anything else (an old cp1251 export, a UTF-16 file saved by Notepad) is refused with a message that
names the encoding it most likely is, so a drafter knows what to re-save it as.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import stat
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from kzreport.errors import Diagnostics

# Files larger than this are not content a person wrote; refuse them before parsing.
MAX_BYTES = 2 * 1024 * 1024


class NotText(Exception):
    """The file could not be read as UTF-8 text; `line` is where the first bad byte is."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def guess_encoding(data: bytes) -> str:
    """A best guess at a non-UTF-8 file's encoding, for the error message only."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    sample = data[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        return "UTF-16"
    high = [b for b in sample if b >= 0x80]
    if not high:
        return "an unknown encoding"
    # cp1251 puts Cyrillic letters at 0xC0-0xFF; KOI8-R puts them there too but with lower case
    # at 0xC0-0xDF. Count which reading gives more ordinary lower-case Russian letters.
    cp1251 = sample.decode("cp1251", errors="ignore")
    koi8 = sample.decode("koi8_r", errors="ignore")
    lower = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    score_cp = sum(ch in lower for ch in cp1251)
    score_koi = sum(ch in lower for ch in koi8)
    if max(score_cp, score_koi) >= len(high) // 2:
        return "Windows-1251 (cp1251)" if score_cp >= score_koi else "KOI8-R"
    return "Windows-1252 (cp1252)"


def decode(data: bytes) -> str:
    """UTF-8 text with the BOM removed and line endings made `\\n`; raises NotText."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        enc = guess_encoding(data)
        raise NotText(
            f"the file is not UTF-8 text (it looks like {enc}); open it in a text editor and "
            f"save it again as UTF-8",
            None if enc.startswith("UTF-") else line,
        ) from None
    if "\x00" in text:
        raise NotText("the file contains NUL characters; is it a binary file?", None)
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=256)
def _root_above(folder: str) -> str | None:
    """The nearest folder at or above `folder` (as written, symbolic links not followed) that holds
    kzreport.yaml: the project a file belongs to."""
    current = folder
    while True:
        if os.path.isfile(os.path.join(current, "kzreport.yaml")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def project_root_of(path: Path) -> Path | None:
    found = _root_above(os.path.dirname(os.path.abspath(path)))
    return Path(found) if found else None


_KINDS = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")]


def refuse_reason(path: Path, root: Path | None = None) -> str | None:
    """Why kzreport must not open `path` (None when it is an ordinary file inside the project).

    Content files are regular files inside the project. A named pipe would block the build forever
    and a device is not text; a symbolic link may point into the project (that is fine) but never
    outside it, so that no file from elsewhere on the machine ends up in a document. Nothing is
    opened here: only the file's own entry and its target's are looked at.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None  # the reader says so
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if stat.S_ISREG(st.st_mode) and not _has_link_above(path, root):
        return _unreadable(st)
    root = root or project_root_of(path)
    try:
        target = Path(os.path.realpath(path, strict=True))
        st = os.stat(path)
    except (OSError, RuntimeError):
        return ("this is a symbolic link to a file that does not exist (or links that go round in a circle): "
                "delete it, or put the file itself here")
    if root is not None and not target.is_relative_to(Path(os.path.realpath(root))):
        return (f"this is a symbolic link to {target}, outside the project: kzreport reads only files inside "
                f"the project folder; copy the file into the project instead")
    if stat.S_ISREG(st.st_mode):
        return _unreadable(st)
    kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
    return (f"this is {kind}, not a text file: kzreport never opens it; delete it or replace it with an "
            f"ordinary file")


def _unreadable(st: os.stat_result) -> str | None:
    """A file that no one may read (refused also when kzreport runs as root, whom the system lets read it)."""
    return None if st.st_mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH) else UNREADABLE


UNREADABLE = "cannot read the file: permission denied; make it readable (e.g. chmod u+r) or ask its owner"


def _has_link_above(path: Path, root: Path | None) -> bool:
    """Whether a folder between the project's root and `path` is a symbolic link."""
    top = os.path.abspath(root) if root is not None else None
    if top is None:
        found = project_root_of(path)
        if found is None:
            return False
        top = str(found)
    here = os.path.dirname(os.path.abspath(path))
    while here != top and here.startswith(top + os.sep):
        if os.path.islink(here):
            return True
        here = os.path.dirname(here)
    return False


def project_files(folder: Path, root: Path, diags: Diagnostics, pattern: str = "*") -> Iterator[Path]:
    """Every regular file below `folder` whose name matches `pattern`, in sorted order, without ever
    opening anything else: named pipes, devices, sockets and symbolic links that leave the project are
    reported as errors (whatever their name) and skipped, and so are folders that cannot be read.
    Symbolic links to folders are not followed; hidden files and folders (.name) are left alone."""
    if not folder.is_dir():
        return
    try:
        if not os.stat(folder).st_mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH):  # no one may: also not root
            raise PermissionError(13, "Permission denied")
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        diags.error(folder, None, f"cannot read this folder: {exc.strerror or exc}; check its permissions")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden: an editor's lock or backup file, a version-control folder
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from project_files(path, root, diags, pattern)
            continue
        reason = refuse_reason(path, root)
        if reason is not None and reason != UNREADABLE:  # an unreadable file is reported by its reader
            if not (entry.is_symlink() and path.is_dir() and reason.startswith("this is a folder")):
                diags.error(path, None, reason)
            continue
        if path.match(pattern):
            yield path


def read_text(path: Path, diags: Diagnostics) -> str | None:
    """The file's text, or None after recording why it cannot be read (see `refuse_reason` for the
    files that are never opened)."""
    reason = refuse_reason(path)
    if reason is not None:
        diags.error(path, None, reason)
        return None
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            diags.error(path, None, f"the file is {size / (1024 * 1024):.1f} MB; a content file must be under "
                        f"{MAX_BYTES // (1024 * 1024)} MB (split a long text into several blocks)")
            return None
        return decode(path.read_bytes())
    except NotText as exc:
        diags.error(path, exc.line, exc.message)
    except OSError as exc:
        diags.error(path, None, f"cannot read the file: {exc.strerror or exc}")
    return None


def lines_before(text: str) -> Callable[[int], int]:
    """How many line breaks come before a position of `text`: the line ends are found once, at the first
    question, so that a text with thousands of marks (citations, tags) is not read once for each."""
    ends: list[int] = []

    def count(pos: int) -> int:
        if not ends:
            ends.extend([m.start() for m in re.finditer("\n", text)] + [len(text) + 1])
        return bisect.bisect_left(ends, pos)
    return count
