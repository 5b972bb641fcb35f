"""Scoring tables: the rows of an assessment in one language, as the pandoc step draws them (coloured
cells: DOCX shading, Typst cell fill, HTML background) and as `kzreport scores` prints them.

A scale is data (kzreport.yaml, or the built-in ones in data/scales.yaml): ordered levels with a
colour, labels in every language tree (`scales.<scale>.<level>`). An assessment
(`content/assessments/<id>.yaml`) scores points of one UN document on one scale; its comments are
translatable strings (`content/<lang>/assessments/<id>.yaml`, one per point).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from kzreport.model import Assessment, Project, Scale
from kzreport.render.markup import md_escape


@dataclass(frozen=True)
class Row:
    point: str
    text: str
    level: str
    label: str
    colour: str
    comment: str
    change: str | None  # "↑", "↓", "=", "new", or None when there is no earlier assessment


@dataclass(frozen=True)
class ScoreTable:
    assessment: Assessment
    scale: Scale
    rows: tuple[Row, ...]
    counts: tuple[tuple[str, str, str, int], ...]  # level, label, colour, count
    has_change: bool


def change(scale: Scale, before: str | None, now: str) -> str:
    if before is None:
        return "new"
    a, b = scale.rank(before), scale.rank(now)
    if a is None or b is None:
        return "=" if before == now else "–"
    return "↑" if b > a else "↓" if b < a else "="


def table(project: Project, assessment: Assessment, lang: str, text_of: Any = None) -> ScoreTable:
    """The rows of an assessment in one language (strings fall back to the source language)."""
    def get(key: tuple[str, ...]) -> str:
        return (text_of or (lambda s: s))(project.strings.lookup(lang, key) or "")

    scale = project.settings.scales[assessment.scale]
    earlier = project.assessments.get(assessment.follows) if assessment.follows else None
    rows = []
    for score in assessment.scores:
        level = scale.level(score.level)
        if level is None:
            continue
        prev = earlier.score(score.point) if earlier else None
        rows.append(Row(
            point=score.point,
            text=get(("documents", assessment.document, "points", score.point)),
            level=score.level,
            label=get(("scales", scale.id, score.level)),
            colour=level.colour,
            comment=get(("assessments", assessment.id, score.point)),
            change=change(scale, prev.level if prev else None, score.level) if earlier else None,
        ))
    counts = Counter(r.level for r in rows)
    # the legend lists the levels best first, with "not applicable" levels last
    ordered = [lv for lv in reversed(scale.levels) if not lv.not_applicable] + \
        [lv for lv in scale.levels if lv.not_applicable]
    levels = tuple((lv.id, get(("scales", scale.id, lv.id)), lv.colour, counts.get(lv.id, 0)) for lv in ordered)
    return ScoreTable(assessment, scale, tuple(rows), levels, earlier is not None)


def table_spec(project: Project, t: ScoreTable, lang: str, word: Any) -> dict[str, Any]:
    """The table as the pandoc step builds it (see convert/lua/kzreport.lua, build_table)."""
    def cell(text: str, **kw: Any) -> dict[str, Any]:
        return {"text": text, **kw}

    header = [cell(word("words.point")), cell(word("words.recommendation")), cell(word("words.score"))]
    widths = [0.09, 0.38, 0.19]
    if t.has_change:
        header.append(cell(word("words.change")))
        widths.append(0.12)
    header.append(cell(word("words.comment")))
    widths.append(1 - sum(widths))
    rows = []
    for r in t.rows:
        # the comment is Markdown (it may cite sources); the other texts are shown as typed
        row = [cell(md_escape(r.point)), cell(md_escape(r.text)),
               cell(md_escape(r.label), fill=r.colour, **{"class": "kz-score"})]
        if t.has_change:
            row.append(cell(word(_CHANGE_WORDS[r.change]) if r.change in _CHANGE_WORDS else md_escape(r.change)))
        row.append(cell(r.comment))
        rows.append(row)
    return {"header": header, "rows": rows, "widths": widths}


_CHANGE_WORDS = {"↑": "words.up", "↓": "words.down", "=": "words.same", "new": "words.new"}


def legend_spec(t: ScoreTable, word: Any) -> dict[str, Any]:
    """The scale's legend with the count of points at each level."""
    rows = [[{"text": md_escape(label), "fill": colour, "class": "kz-score"}, {"text": str(n)}]
            for _, label, colour, n in t.counts]
    rows.append([{"text": word("words.total")}, {"text": str(len(t.rows))}])
    return {"header": [{"text": word("words.scale")}, {"text": word("words.count")}], "rows": rows,
            "widths": [0.7, 0.3]}


def print_table(project: Project, assessment: Assessment, lang: str) -> None:
    """The scoring table in the terminal, each level on its colour, then the count per level."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def word(key: str) -> str:
        k = tuple(key.split("."))
        return project.strings.lookup(lang, k) or key

    t = table(project, assessment, lang)
    doc = project.settings.documents.get(assessment.document)
    title = project.strings.fill(lang, ("words", "assessment-of"), document=doc.symbol if doc else
                                 assessment.document) or "words.assessment-of"
    console = Console(highlight=False)
    grid = Table(title=f"{title} ({assessment.date.isoformat()})", show_lines=True)
    grid.add_column(word("words.point"), no_wrap=True)
    grid.add_column(word("words.recommendation"), ratio=3)
    grid.add_column(word("words.score"), ratio=1)
    if t.has_change:
        grid.add_column(word("words.change"), justify="center")
    grid.add_column(word("words.comment"), ratio=2)
    for r in t.rows:
        cells: list[Any] = [r.point, r.text, Text(r.label, style=f"bold black on {r.colour}")]
        if t.has_change:
            cells.append(word(_CHANGE_WORDS[r.change]) if r.change in _CHANGE_WORDS else (r.change or ""))
        cells.append(r.comment)
        grid.add_row(*cells)
    console.print(grid)
    legend = Table(show_header=True, box=None)
    legend.add_column(word("words.scale"))
    legend.add_column(word("words.count"), justify="right")
    for _, label, colour, n in t.counts:
        legend.add_row(Text(label, style=f"bold black on {colour}"), str(n))
    legend.add_row(word("words.total"), str(len(t.rows)))
    console.print(legend)
