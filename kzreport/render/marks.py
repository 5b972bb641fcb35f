"""Marks on what is not (or no longer) translated, so a draft shows it where it prints.

A document in a language other than the source prints the source text where a translation is
missing, and the old translation where the source changed since (stale). Both are marked, as
visibly as each other: a block's text in a box headed by the mark (render/context.py, BlockView),
and a title, a section heading or a UN point's text followed by the mark. A release build
(`--strict`) never shows them: a missing or stale translation is then an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kzreport.i18n.status import MISSING, STALE
from kzreport.render.markup import Markdown, md_escape

# the string each kind of mark prints (data/strings/<lang>.yaml)
MARK_STRINGS = {MISSING: "words.not-translated", STALE: "words.stale-translation"}


def mark(words: Markdown) -> Markdown:
    """A mark's words as the span every format styles (kz-untranslated-mark)."""
    return Markdown(f"[{words}]{{.kz-untranslated-mark}}")


@dataclass(frozen=True)
class TranslationMarks:
    """What is stale in one language (unit ids), and how a mark reads in it."""

    active: bool  # False in the source language: nothing to mark
    stale: frozenset[str]
    word: Callable[[str], Markdown]  # a built-in string, escaped (DocumentContext.t)

    def state(self, unit_id: str, missing: bool) -> str | None:
        if not self.active:
            return None
        if missing:
            return MISSING
        return STALE if unit_id in self.stale else None

    def text(self, state: str | None) -> Markdown:
        """The mark alone, as a span the formats style (kz-untranslated-mark)."""
        return mark(self.word(MARK_STRINGS[state])) if state else Markdown("")

    def after(self, text: Markdown, state: str | None) -> Markdown:
        """A title or a point's text followed by its mark."""
        return Markdown(f"{text} {self.text(state)}") if state else text

    def box(self, slot: Markdown, state: str | None) -> Markdown:
        """A block's text in the box drafts show untranslated text in, headed by its mark."""
        if not state:
            return slot
        return Markdown(f"\n::: kz-untranslated\n{self.text(state)}\n{slot}\n:::\n")


NO_MARKS = TranslationMarks(False, frozenset(), lambda key: md_escape(key))
