"""Reading the text files people edit: UTF-8 with or without a byte order mark, any line endings.

Anything else (an old cp1251 export, a UTF-16 file saved by Notepad) is refused with a message that
names the encoding it most likely is, so a drafter knows what to re-save it as.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import Diagnostics

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


def read_text(path: Path, diags: Diagnostics) -> str | None:
    """The file's text, or None after recording why it cannot be read."""
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
