"""Charts of scores, drawn as SVG in Python: the distribution of levels of an assessment and, when it
follows earlier ones, the same points' levels cycle by cycle.

Why SVG written by hand: the chart is a few rectangles and labels, so no plotting library is needed;
the text stays text (the labels of the scale, in the document's language, through the same
anonymiser as the table), the colours are the scale's own, and the same scores always give the same
bytes (every number is rounded, nothing depends on the machine). The SVG is staged with the build's
images (load/assets.py `Stage.generated`); the PDF and the HTML page use it as it is (vector), and
for the DOCX, which Word shows best as a picture, convert/raster.py has Typst draw it as a PNG of the
same name. `scores_table` (render/context.py) puts the charts under the table's legend.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kzreport.model import Assessment, Project
from kzreport.render.markup import Markdown, md_escape

if TYPE_CHECKING:
    from kzreport.render.context import DocumentContext
    from kzreport.render.scores import ScoreTable

WIDTH = 600  # the drawing's width in SVG units; the document scales it to the text's width
FONT = "'Liberation Serif', 'Times New Roman', Times, serif"  # the documents' typeface (kzreport/fonts)
SIZE = 12  # the labels' font size
LINE = 15  # the distance between two lines of a label
MAX_CYCLES = 5  # the most assessments one comparison shows


@dataclass(frozen=True)
class Bar:
    label: str
    colour: str
    count: int


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def text_width(text: str, size: float = SIZE) -> float:
    """About how wide `text` is in a Times-like face (to wrap labels; a little generous)."""
    total = 0.0
    for ch in text:
        if ch.isspace():
            total += 0.26
        elif ch.isdigit():
            total += 0.5
        elif ch.isupper():
            total += 0.7
        elif ch.isalpha():
            total += 0.5
        elif unicodedata.category(ch) == "Pd" and ch != "-":
            total += 0.9  # dashes
        else:
            total += 0.35
    return total * size


def wrap(text: str, width: float, size: float = SIZE, max_lines: int = 4) -> list[str]:
    """`text` in lines no wider than `width` (a word longer than a line is left whole); the last line
    ends with "…" when there would be more than `max_lines`."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;.") + "…"
    return lines or [""]


def _text(x: float, y: float, lines: Sequence[str], *, anchor: str = "start", size: float = SIZE,
          weight: str = "normal") -> str:
    spans = "".join(f'<tspan x="{x:.1f}" y="{y + i * LINE:.1f}">{_xml(line)}</tspan>' for i, line in enumerate(lines))
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return f'<text font-size="{size}" text-anchor="{anchor}"{bold}>{spans}</text>'


def _svg(height: float, body: list[str], title: str) -> str:
    h = int(round(height))
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{h}" viewBox="0 0 {WIDTH} {h}" '
            f'font-family="{_xml(FONT)}" fill="#000000">\n'
            f"<title>{_xml(title)}</title>\n"
            f'<rect x="0" y="0" width="{WIDTH}" height="{h}" fill="#FFFFFF"/>\n'
            + "\n".join(body) + "\n</svg>\n")


def distribution_svg(title: str, bars: Sequence[Bar]) -> str:
    """One horizontal bar per level (best first), its length the number of points at that level."""
    label_width, left, right = 250.0, 262.0, WIDTH - 40.0
    most = max([b.count for b in bars] + [1])
    body = [_text(0, 16, wrap(title, WIDTH, SIZE + 1, 2), size=SIZE + 1, weight="bold")]
    y = 16.0 + LINE * len(wrap(title, WIDTH, SIZE + 1, 2)) + 6
    for bar in bars:
        lines = wrap(bar.label, label_width)
        row = max(22.0, len(lines) * LINE + 8)
        length = (right - left) * bar.count / most
        top = y + (row - 16) / 2
        body.append(_text(label_width, y + (row - len(lines) * LINE) / 2 + SIZE, lines, anchor="end"))
        if bar.count:
            body.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{length:.1f}" height="16" fill="{bar.colour}" '
                        f'stroke="#595959" stroke-width="0.5"/>')
        body.append(_text(left + length + 6, top + 12, [str(bar.count)]))
        y += row
    return _svg(y + 6, body, title)


def comparison_svg(title: str, cycles: Sequence[tuple[str, Sequence[int]]], levels: Sequence[tuple[str, str]]) -> str:
    """One bar per assessment (oldest first), cut into the levels' shares of its points, with a
    legend of the levels under it."""
    label_width, left, right = 150.0, 160.0, WIDTH - 50.0
    head = wrap(title, WIDTH, SIZE + 1, 2)
    body = [_text(0, 16, head, size=SIZE + 1, weight="bold")]
    y = 16.0 + LINE * len(head) + 6
    for name, counts in cycles:
        total = sum(counts)
        lines = wrap(name, label_width, max_lines=2)
        row = max(26.0, len(lines) * LINE + 10)
        top = y + (row - 18) / 2
        body.append(_text(label_width, y + (row - len(lines) * LINE) / 2 + SIZE, lines, anchor="end"))
        x = left
        for (_, colour), n in zip(levels, counts, strict=True):
            if not n:
                continue
            w = (right - left) * n / total
            body.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{w:.1f}" height="18" fill="{colour}" '
                        f'stroke="#595959" stroke-width="0.5"/>')
            if w >= 14:
                body.append(_text(x + w / 2, top + 13, [str(n)], anchor="middle"))
            x += w
        body.append(_text(right + 6, top + 13, [f"{total}"]))
        y += row
    y += 8
    for label, colour in levels:
        lines = wrap(label, WIDTH - 24, max_lines=2)
        body.append(f'<rect x="0" y="{y + 2:.1f}" width="12" height="12" fill="{colour}" stroke="#595959" '
                    f'stroke-width="0.5"/>')
        body.append(_text(18, y + SIZE + 1, lines))
        y += len(lines) * LINE + 4
    return _svg(y + 4, body, title)


def earlier_chain(project: Project, assessment: Assessment) -> list[Assessment]:
    """The assessments `assessment` follows, oldest first (at most MAX_CYCLES - 1, never a loop)."""
    chain: list[Assessment] = []
    seen = {assessment.id}
    current = assessment
    while current.follows and current.follows not in seen and len(chain) < MAX_CYCLES - 1:
        earlier = project.assessments.get(current.follows)
        if earlier is None or earlier.scale != assessment.scale or earlier.document != assessment.document:
            break
        chain.append(earlier)
        seen.add(earlier.id)
        current = earlier
    return list(reversed(chain))


def figures(ctx: DocumentContext, t: ScoreTable) -> Markdown:
    """The charts of a scoring table as images in the skeleton (none without a stage to put them in)."""
    if ctx.stage is None or not t.rows or not ctx.report.option("charts", True):
        return Markdown("")
    levels = [(label, colour) for _, label, colour, _ in t.counts]
    ids = [level for level, _, _, _ in t.counts]
    title = ctx.text("words.chart-levels")
    out = [_image(ctx, distribution_svg(title, [Bar(label, colour, n) for _, label, colour, n in t.counts]),
                  title + ": " + "; ".join(f"{label}: {n}" for _, label, _, n in t.counts))]
    chain = earlier_chain(ctx.project, t.assessment)
    if chain:
        points = [r.point for r in t.rows]
        cycles: list[tuple[str, list[int]]] = []
        for a in [*chain, t.assessment]:
            scored = [s.level for s in (a.score(p) for p in points) if s is not None]
            cycles.append((_plain_date(ctx, a), [scored.count(level) for level in ids]))
        title = ctx.text("words.chart-cycles")
        described = "; ".join(f"{name}: " + ", ".join(f"{label} {n}" for (label, _), n in zip(levels, counts, strict=True))
                              for name, counts in cycles)
        out.append(_image(ctx, comparison_svg(title, cycles, levels), f"{title}: {described}"))
    return Markdown("".join(out))


def _plain_date(ctx: DocumentContext, a: Assessment) -> str:
    months = ctx._months()  # the document language's month names
    d = a.date
    return ctx.text("dates.format", day=d.day, month=months[d.month - 1], year=d.year)


def _image(ctx: DocumentContext, svg: str, description: str) -> str:
    """The chart staged as SVG; the document refers to its PNG rendering (same name), which vector
    formats replace by the SVG itself (formats/base.py `prefer_vector`)."""
    assert ctx.stage is not None
    staged = ctx.stage.generated(svg.encode("utf-8"), "svg")
    png = ctx.stage.name(staged.with_suffix(".png"))
    # not a paragraph of the text: never numbered UN-style (kz-no-number, convert/lua/kz_paragraphs.lua)
    return f"\n\n::: kz-no-number\n![{md_escape(description)}]({png}){{width=100%}}\n:::\n\n"
