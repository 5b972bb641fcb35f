"""Limits on a block body that pandoc would otherwise pay for in minutes or memory: size, nesting of
lists and quotes, brackets, words without a space, and how much markup there is to read."""

from __future__ import annotations

import re
from pathlib import Path

from kzreport.errors import Diagnostics

HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
MAX_BLOCK_BYTES = 512 * 1024
MAX_INDENT = 64  # columns: about 16 levels of nested lists
MAX_QUOTE_DEPTH = 16
_QUOTES = re.compile(r"^(?:\s*>)+")
# list items and quotations opened on one line ("- - - - x", "> 1. > - x") nest just as deeply
_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+")
_MARKER = re.compile(r">|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
# pandoc reads nested brackets in exponential time (its citation and span parsers try every way to
# read them: 10 levels take seconds, 14 minutes), and a few other unclosed marks in quadratic time
MAX_BRACKET_DEPTH = 8
MAX_WORD = 5000  # characters without a space: no word is that long (a pasted file or address can be)
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
MARKUP_BUDGET = 5_000_000  # about how many microseconds pandoc may spend reading a block's marks
_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_MARKS = re.compile(r"[\\`\[\]()<]|(?<![^\s(\[])'(?=\w)")  # (a single quote that opens: 'a)


def check_body_shape(body: str, first_line: int, path: Path, diags: Diagnostics) -> bool:
    """Refuse text that pandoc or Typst cannot handle in reasonable time (True when fine).

    A 2,000-level nested list takes pandoc minutes and overflows Typst's parser; a real report
    never nests lists more than a few levels.
    """
    size = len(body.encode("utf-8"))
    if size > MAX_BLOCK_BYTES:
        diags.error(path, first_line, f"the text is {size // 1024} KB; a block must be under "
                                      f"{MAX_BLOCK_BYTES // 1024} KB (split it into several blocks)")
        return False
    for i, line in enumerate(body.split("\n")):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        quotes = _QUOTES.match(line)
        depth = quotes.group(0).count(">") if quotes else 0
        markers = _MARKERS.match(line)
        if markers and len(markers.group(0)) > 2 * MAX_QUOTE_DEPTH:
            depth = max(depth, len(_MARKER.findall(markers.group(0))))
        if indent > MAX_INDENT or depth > MAX_QUOTE_DEPTH:
            diags.error(path, first_line + i, "lists or quotations are nested too deeply here (more than "
                                              f"{MAX_QUOTE_DEPTH} levels); flatten them")
            return False
    word = _LONG_WORD.search(body)
    if word is not None:
        diags.error(path, first_line + body.count("\n", 0, word.start()),
                    f"a \"word\" of {len(word.group(0))} characters without a space starts here; no word is longer "
                    f"than {MAX_WORD} (is this a pasted file or address?): shorten it or break it with spaces")
        return False
    problem = _markup_problem(body)
    if problem is not None:
        diags.error(path, first_line + problem[0], problem[1])
        return False
    return True


def _markup_problem(body: str) -> tuple[int, str] | None:
    """(line index, message) where the body's brackets and marks would take pandoc too long to read.

    The marks are followed paragraph by paragraph as pandoc's reader sees them: `[` opens a level
    and `]` closes it; a link's `(` after `]` opens one until its `)`; code spans and fenced code are
    skipped. Each `[` costs about 50 µs times 3.5 per level it is nested in; runs of backticks, and `<`
    and opening single quotes without their ends, cost the square of their number. Real text stays far
    below the limits.
    """
    cost = 0.0
    stack: list[str] = []
    lt = quotes = 0
    fence = ""
    for i, line in enumerate(body.split("\n")):
        fenced = _FENCE_LINE.match(line)
        if fence:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = ""
            continue
        if fenced:
            fence = fenced.group(1)
            continue
        if not line.strip():
            stack.clear()
            lt = quotes = 0
            continue
        pos = 0
        while True:
            m = _MARKS.search(line, pos)
            if m is None:
                break
            ch, pos = m.group(0), m.end()
            if ch == "\\":
                pos += 1
            elif ch == "`":
                rest = line[m.start():]
                run = len(rest) - len(rest.lstrip("`"))
                close = line.find("`" * run, m.start() + run)
                cost += 0.1 * run * run
                pos = close + run if close >= 0 else m.start() + run
            elif ch == "[":
                stack.append("[")
            elif ch == "]":
                if "[" in stack:
                    while stack.pop() != "[":
                        pass
                if line.startswith("(", pos):
                    stack.append("(")
                    pos += 1
            elif ch == "(":
                if stack and stack[-1] == "(":
                    stack.append("(")
                continue
            elif ch == ")":
                if stack and stack[-1] == "(":
                    stack.pop()
                continue
            elif ch == "'":  # pandoc looks for the end of every single quote left open: 2,000 take 5 s
                quotes += 1
                cost += 1.3 * (2 * quotes - 1)
            else:  # <
                lt += 1
                cost += 0.4 * (2 * lt - 1)
            if len(stack) > MAX_BRACKET_DEPTH:
                return i, (f"brackets are nested more than {MAX_BRACKET_DEPTH} levels deep here (every [ without "
                           f"its ], and every link's ( without its ), opens a level): pandoc would take minutes or "
                           f"hours to read this; close the brackets, or write \\[ for a bracket that is only text")
            if ch in "[(":
                cost += 50 * 3.5 ** (len(stack) - 1)
            if cost > MARKUP_BUDGET:
                return i, ("this text has so many nested brackets, unclosed < or ' or runs of ` that pandoc would "
                           "take minutes to read it; close the brackets and quotes, write \\[ \\< \\` \\' for marks "
                           "that are only text, or split the block")
    return None
