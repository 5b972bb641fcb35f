"""Scales, assessments and scoring tables.

A scale is data (kzreport.yaml, or the built-in ones in data/scales.yaml): ordered levels with a
colour, labels in every language tree (`scales.<scale>.<level>`). An assessment
(`content/assessments/<id>.yaml`) scores points of one UN document on one scale; its comments are
translatable strings (`content/<lang>/assessments/<id>.yaml`, one per point).

`table(...)` gives the same rows to every output: the pandoc step draws them as a table with
coloured cells (DOCX shading, Typst cell fill, HTML background), and `kzreport scores` prints them
in the terminal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from kzreport.checks.points import check_point
from kzreport.errors import Diagnostics, did_you_mean, one_of
from kzreport.model import Assessment, PointRef, Project, Scale
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
    strings = project.strings
    src = project.settings.source_language

    def get(key: tuple[str, ...]) -> str:
        value = strings.get(lang, key)
        if value is None:
            value = strings.get(src, key)
        return (text_of or (lambda s: s))(value or "")

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


def check(project: Project, diags: Diagnostics) -> None:

    settings = project.settings
    src = settings.source_language
    used_scales = set()
    for a in project.assessments.values():
        lines = a.lines
        if a.document not in settings.documents:
            diags.error(a.path, lines.get("document"), f'unknown UN document "{a.document}"'
                                                       f"{did_you_mean(a.document, settings.documents)}")
        if a.scale not in settings.scales:
            diags.error(a.path, lines.get("scale"), f'unknown scale "{a.scale}"{did_you_mean(a.scale, settings.scales)};'
                                                    f" the scales are {one_of(settings.scales)}")
            continue
        used_scales.add(a.scale)
        scale = settings.scales[a.scale]
        seen: dict[str, int | None] = {}
        for score in a.scores:
            if scale.level(score.level) is None:
                diags.error(a.path, score.line, f'"{score.level}" is not a level of the scale "{scale.id}"'
                                                f"{did_you_mean(score.level, [lv.id for lv in scale.levels])}; "
                                                f"its levels are {one_of(lv.id for lv in scale.levels)}")
            if score.point in seen:
                diags.error(a.path, score.line, f"point {score.point} is scored twice (also line {seen[score.point]})")
            seen[score.point] = score.line
            if a.document in settings.documents:
                check_point(project, PointRef(a.document, score.point), a.path, score.line, diags)
        if a.follows:
            earlier = project.assessments.get(a.follows)
            if earlier is None:
                diags.error(a.path, lines.get("follows"), f'unknown earlier assessment "{a.follows}"'
                                                          f"{did_you_mean(a.follows, project.assessments)}")
            elif earlier.document != a.document or earlier.scale != a.scale:
                diags.error(a.path, lines.get("follows"), f'"{a.follows}" scores another document or uses another '
                                                          f"scale; an earlier assessment must be comparable")
        for lang in project.languages:
            for key in project.strings.keys(lang, ("assessments", a.id)):
                if len(key) == 3 and key[2] not in seen:
                    unit = project.strings.unit(lang, key)
                    if unit:
                        diags.error(unit.path, unit.line, f"a comment on point {key[2]}, which {a.id} does not score")
    for scale_id in sorted(used_scales):
        scale = settings.scales[scale_id]
        for lv in scale.levels:
            key = ("scales", scale_id, lv.id)
            if project.strings.get(src, key) is None:
                diags.error(settings.path, None, f'the level "{lv.id}" of the scale "{scale_id}" has no label: add '
                                                 f'scales: {scale_id}: "{lv.id}": ... to content/{src}/scales.yaml')
            for lang in project.languages[1:]:
                if project.strings.get(lang, key) is None and project.strings.get(src, key) is not None:
                    diags.warning(project.root / "content" / lang / "scales.yaml", None,
                                  f'missing translation of the label of level "{lv.id}" of the scale "{scale_id}"')


def print_table(project: Project, assessment: Assessment, lang: str) -> None:
    """The scoring table in the terminal, each level on its colour, then the count per level."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    strings, src = project.strings, project.settings.source_language

    def word(key: str) -> str:
        k = tuple(key.split("."))
        return strings.get(lang, k) or strings.get(src, k) or key

    t = table(project, assessment, lang)
    doc = project.settings.documents.get(assessment.document)
    title = word("words.assessment-of").format(document=doc.symbol if doc else assessment.document)
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
