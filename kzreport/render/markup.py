"""Text as pandoc Markdown that shows it exactly as typed: what every template prints."""

from __future__ import annotations

import re
from typing import Any

# Every ASCII punctuation character can be backslash-escaped in pandoc's Markdown; escaping all of
# them is the simplest way to make text appear exactly as typed. Straight quotes and apostrophes are
# the exception: they mark nothing in Markdown, and left alone they get the same typographic quotes and
# apostrophes as the text of the blocks (pandoc's smart typography), titles and headings included.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~^$@:&%=/;?,])")


class Markdown(str):
    """Markdown the template may print unescaped (like Jinja's Markup for HTML)."""


def md_escape(value: Any) -> Markdown:
    """Text as Markdown that shows it exactly as typed."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return Markdown("")
    text = " ".join(str(value).split())  # titles and strings print on one line
    return Markdown(_MD_SPECIAL.sub(r"\\\1", text))
