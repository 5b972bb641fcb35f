"""Citations in text: every `@id` pandoc would read as a citation, with its line, and the unknown ones
reported (sources are loaded by load/sources.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kzreport.errors import Diagnostics, did_you_mean
from kzreport.load.sources import CITE, cite_key
from kzreport.load.textfile import lines_before

# -- citations in text -----------------------------------------------------------------------------

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_FENCED = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_AUTOLINK = re.compile(r"<[^>\s]*@[^>\s]*>")  # <info@ngo.kz>


@dataclass(frozen=True)
class Citation:
    id: str
    line: int


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def find_citations(body: str, first_line: int) -> Iterator[Citation]:
    """Every `@id` pandoc would read as a citation, with its line; code and e-mail addresses skipped."""
    text = _COMMENT.sub(_blank, body)
    text = _FENCED.sub(_blank, text)
    text = _CODE.sub(_blank, text)
    text = _AUTOLINK.sub(_blank, text)
    before = lines_before(text)
    for m in CITE.finditer(text):
        yield Citation(cite_key(m), first_line + before(m.start()))


def check_citations(body: str, first_line: int, path: Path, known: set[str], lang: str,
                    diags: Diagnostics) -> set[str]:
    """Report unknown ids; return the ids cited."""
    cited = set()
    for c in find_citations(body, first_line):
        cited.add(c.id)
        if c.id not in known:
            diags.error(path, c.line, f'unknown source "@{c.id}"{did_you_mean(c.id, known)}: add it to '
                                      f"content/{lang}/sources.yaml, or write \\@ if this is not a citation")
    return cited
