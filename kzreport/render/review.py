"""The bilingual review copy (`kzreport build --bilingual`): a report's blocks, section by section, each
paragraph of the source beside the same paragraph of the translation, for a lawyer to review.

Each row names its unit (`safeguards/detention ¶3`), which is how `kzreport i18n import-review` puts a
reviewer's changes back. Paragraphs are paired as the translation was made: against the source text it
was made from, when that is recorded, so a paragraph added to the source since shows beside an empty
cell and a changed one shows what changed (deleted words struck through, new ones underlined).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kzreport.i18n import paragraphs
from kzreport.i18n.status import MISSING, STALE
from kzreport.render.marks import MARK_STRINGS, mark
from kzreport.render.markup import Markdown, md_escape

if TYPE_CHECKING:
    from kzreport.model import BlockText
    from kzreport.render.context import DocumentContext

TITLE = "title"  # the unit of a block's title; paragraphs are ¶1, ¶2, ...


def unit_label(block_id: str, part: str) -> str:
    """What a row shows in its first column, and import-review reads back: the block's title, the n-th
    paragraph of the translation (`¶3`), or a paragraph to add before the n-th (`¶3+`, a source paragraph
    not translated yet)."""
    return f"{block_id} {part}" if part == TITLE else f"{block_id} ¶{part}"


@dataclass(frozen=True)
class ReviewRow:
    unit: Markdown
    source: Markdown  # a slot with the source paragraph, or ""
    target: Markdown  # a slot with the translated paragraph, or ""
    note: Markdown  # under the translation: what changed in the source since, or why the cell is empty


@dataclass(frozen=True)
class ReviewBlock:
    id: str
    rows: list[ReviewRow]


@dataclass(frozen=True)
class ReviewSection:
    heading: Markdown  # the section's title in the translation's language ("" for blocks with no theme)
    blocks: list[ReviewBlock]


def word_changes(old: str, new: str) -> Markdown:
    """The source paragraph as it is now, with deleted words struck through and new ones underlined."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(md_escape(" ".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"~~{md_escape(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            out.append(f"[{md_escape(' '.join(b[j1:j2]))}]{{.underline}}")
    return Markdown(" ".join(out))


class Review:
    """Builds the rows of one review document: `source` and `target` are the contexts of the two languages
    (sharing their slots), `recorded` the source body each stale translation was made from."""

    def __init__(self, source: DocumentContext, target: DocumentContext, recorded: dict[str, str]) -> None:
        self.source, self.target, self.recorded = source, target, recorded
        self._where: dict[tuple[str, str], dict[str, Any]] = {}

    def sections(self, block_ids: list[str]) -> list[ReviewSection]:
        out: list[ReviewSection] = []
        for bid in block_ids:
            block = self.target.project.blocks.get(bid)
            if block is None or not self.target._visible(block):
                continue
            heading = self.target.marked(("themes", block.theme)) if block.theme else Markdown("")
            if not out or out[-1].heading != heading:
                out.append(ReviewSection(heading, []))
            out[-1].blocks.append(self._block(bid))
        return out

    def _block(self, bid: str) -> ReviewBlock:
        block = self.target.project.blocks[bid]
        src = block.text(self.source.lang)
        tgt = block.text(self.target.lang)
        assert src is not None
        rows = [ReviewRow(md_escape(unit_label(bid, TITLE)), md_escape(self.source.protect(src.title)),
                          md_escape(self.target.protect(tgt.title)) if tgt else Markdown(""),
                          Markdown("") if tgt else self._mark(MARK_STRINGS[MISSING]))]
        return ReviewBlock(bid, rows + self._paragraph_rows(bid, src, tgt))

    def _paragraph_rows(self, bid: str, src: BlockText, tgt: BlockText | None) -> list[ReviewRow]:
        now = paragraphs.split(src.body)
        done = paragraphs.split(tgt.body) if tgt else []
        made_from = paragraphs.split(self.recorded[bid]) if bid in self.recorded else now
        rows: list[ReviewRow] = []
        for p in paragraphs.pair(made_from, now):
            old = made_from[p.old] if p.old is not None else None
            new = now[p.new] if p.new is not None else None
            translated = done[p.at] if old is not None and p.at < len(done) else None
            part = f"{p.at + 1}" if translated is not None else f"{min(p.at, len(done)) + 1}+"
            rows.append(self._row(bid, part, src, tgt, new, translated, self._note(p.kind, old, new, translated)))
        for n, extra in enumerate(done[len(made_from):], start=len(made_from)):  # more than its source had
            rows.append(self._row(bid, f"{n + 1}", src, tgt, None, extra, Markdown("")))
        return rows

    def _note(self, kind: str, old: paragraphs.Paragraph | None, new: paragraphs.Paragraph | None,
              translated: paragraphs.Paragraph | None) -> Markdown:
        if translated is None:
            return self._mark(MARK_STRINGS[MISSING])
        if kind == "equal" or old is None:
            return Markdown("")
        if new is None:
            return self._mark("words.review-deleted")
        # the source before and now, anonymised as the source column is (a protected name never shows)
        changes = word_changes(self.source.protect(old.text), self.source.protect(new.text))
        return Markdown(f"{self._mark(MARK_STRINGS[STALE])} {changes}")

    def _mark(self, key: str) -> Markdown:
        return mark(self.target.t(key))

    def _row(self, bid: str, part: str, src: BlockText, tgt: BlockText | None, new: paragraphs.Paragraph | None,
             translated: paragraphs.Paragraph | None, note: Markdown) -> ReviewRow:
        return ReviewRow(md_escape(unit_label(bid, part)), self._slot(self.source, src, new),
                         self._slot(self.target, tgt, translated) if tgt else Markdown(""), note)

    def _slot(self, ctx: DocumentContext, text: BlockText, p: paragraphs.Paragraph | None) -> Markdown:
        """One paragraph of a block's text as a slot, located at its own line."""
        if p is None:
            return Markdown("")
        key = (ctx.lang, str(text.path))
        if key not in self._where:  # where the block is, its images staged: once per block and language
            self._where[key] = ctx.where(text)
        where = {**self._where[key], "line": (text.body_line or 0) + p.line}
        return ctx.slots.body(ctx.protect(p.text), 0, **where)
