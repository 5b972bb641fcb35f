"""From the model to pandoc Markdown: the Jinja2 side of the pipeline.

A report's template (`<type>.md.j2`, the project's own under `templates/` first, then the built-in
one) turns a `DocumentContext` into a Markdown *skeleton*. Content never passes through Jinja as
template source. Every text the context hands to a template (titles, strings, dates) is already
escaped Markdown (`Markdown`), so `*`, `#`, `[` and `{{ x }}` appear as typed; block bodies are not
printed at all — the template prints a slot, and the pandoc step reads each body on its own and
puts it there. This keeps content data, and keeps one block's Markdown from breaking another.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from kzreport.errors import Diagnostics
from kzreport.i18n.status import block_unit, string_unit
from kzreport.layout import BUILTIN_TEMPLATES, ProjectLayout
from kzreport.load.assets import ImageProblem, Stage
from kzreport.load.strings import Key, parse_key
from kzreport.model import Block, BlockText, PointRef, Project, Report, Section
from kzreport.render.contract import Body
from kzreport.render.marks import NO_MARKS, TranslationMarks
from kzreport.render.markup import Markdown, md_escape

TYPE_ORDER = {"text": 0, "finding": 1, "case": 2, "recommendation": 3}


def _finalize(value: Any) -> Any:
    return "" if value is None else value


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def letter(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _point_key(point: str) -> tuple:
    """Sort "7(a)" after "7" and before "10"."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|[^\d()\s]+", point))


def collapse(numbers: Iterable[Any]) -> str:
    """[11, 12, 13, 15, "7(a)"] -> "7(a), 11–13, 15": consecutive whole numbers become ranges
    (as in "Article 1, Issues 1–2")."""
    items = sorted({str(n) for n in numbers}, key=_point_key)
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run.clear()

    for item in items:
        if item.isdigit():
            if run and int(item) == run[-1] + 1:
                run.append(int(item))
            else:
                flush()
                run.append(int(item))
        else:
            flush()
            out.append(item)
    flush()
    return ", ".join(out)


def month_names(strings: Any, lang: str, key: str = "dates.months") -> list[str]:
    """The twelve month names under `key` (a list in the strings), in `lang`, else the source language,
    else English."""
    for candidate in (lang, strings.source_language, "en"):
        names = [strings.get(candidate, parse_key(key) + (str(i),)) for i in range(12)]
        if all(names):
            return [str(n) for n in names]
    return [str(i) for i in range(1, 13)]


@dataclass
class Slots:
    """What the skeleton refers to: block bodies and tables, filled in by the pandoc step."""

    bodies: dict[str, Body] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_body(self, text: str, shift: int, *, path: Path | None = None, line: int | None = None,
                 images: dict[str, str] | None = None) -> str:
        """A block's text for the pandoc step, and its reference; `path` and `line` say where it is
        written, `images` maps each image it refers to onto the staged copy pandoc may use (assets.py)."""
        ref = f"b{len(self.bodies) + 1}"
        self.bodies[ref] = Body(text=text, shift=shift, path=Path(path or "").as_posix(), line=line or 0,
                                images=images or {})
        return ref

    def body(self, text: str, shift: int, **where: Any) -> Markdown:
        """A slot (a Div) that the pandoc step fills with the text."""
        return Markdown(f'\n::: {{.kz-body ref="{self.add_body(text, shift, **where)}"}}\n:::\n')

    def table(self, spec: dict[str, Any]) -> Markdown:
        ref = f"t{len(self.tables) + 1}"
        self.tables[ref] = spec
        return Markdown(f'\n::: {{.kz-table ref="{ref}"}}\n:::\n')


@dataclass
class PointGroup:
    """A section of a follow-up note: "On Points 11–15" and the blocks speaking to those points."""

    points: tuple[str, ...]
    heading: Markdown
    blocks: list[BlockView]
    conclusions: list[BlockView]


class BlockView:
    """A block as a template sees it, in the document's language."""

    def __init__(self, block: Block, ctx: DocumentContext) -> None:
        self._block = block
        self._ctx = ctx
        text = block.text(ctx.lang)
        self.untranslated = text is None
        source = block.text(ctx.source_lang)
        assert source is not None  # a block always has its source-language text
        self._text: BlockText = text or source
        self.id = block.id
        self.type = block.type
        self.theme = block.theme
        self.points = block.points
        self.articles = block.articles
        self.issues = block.issues
        self.date = block.date
        self._case = block.id if block.type == "case" else None  # (its surname is its person's: two victims named Ким)
        self.raw_title = ctx.protect(self._text.title, case=self._case)
        missing = text is None
        self._body_state = ctx.marks.state(block_unit(block.id, "body"), missing)
        self.title = ctx.marks.after(md_escape(self.raw_title), ctx.marks.state(block_unit(block.id, "title"), missing))

    @property
    def path(self) -> Path:
        return self._text.path

    def body(self, shift: int = 2) -> Markdown:
        """The block's text as a slot; a fallback to the source language, or a stale translation, is marked."""
        slot = self._ctx.slots.body(self._ctx.protect(self._text.body, case=self._case), shift, **self._ctx.where(self._text))
        return self._ctx.marks.box(slot, self._body_state)


# what replaces the protected names by pseudonyms (safety.Anonymiser): a text, and the case it belongs to
Protect = Callable[..., str]


class DocumentContext:
    """Everything one template run needs: one report in one language."""

    def __init__(self, project: Project, report: Report, lang: str, diags: Diagnostics, *,
                 internal: bool = False, visible: Callable[[Block], bool] | None = None,
                 protect: Protect | None = None, stage: Stage | None = None) -> None:
        self.project = project
        self.report = report
        self.lang = lang
        self.source_lang = project.settings.source_language
        self.diags = diags
        self.internal = internal
        self.slots = Slots()
        self._visible = visible or (lambda b: True)
        self.protect: Protect = protect or (lambda text, case=None: text)
        self.stage = stage
        self.used_blocks: list[str] = []
        self.pair_ids: list[str] = []  # the blocks of a bilingual review document, in order
        self.recorded_bodies: dict[str, str] = {}  # block id -> the source its stale translation was made from
        self.source_protect: Protect | None = None
        self.marks: TranslationMarks = NO_MARKS  # what is stale or missing in this language (plan.py)

    # -- strings -------------------------------------------------------------------------------

    def t(self, key: str | Key, **values: Any) -> Markdown:
        """A short string in the document's language (falling back to the source language), as Markdown."""
        return md_escape(self.text(key, **values))

    def text(self, key: str | Key, **values: Any) -> str:
        """A short string as plain text (for file properties and other non-Markdown uses)."""
        k = parse_key(key) if isinstance(key, str) else key
        strings = self.project.strings
        text = strings.lookup(self.lang, k) if not values else strings.fill(self.lang, k, **values)
        if text is None:
            raise jinja2.UndefinedError(f'no text for the string "{".".join(k)}" in content/{self.lang}/ '
                                        f"(nor in content/{self.source_lang}/)")
        return self.protect(text)

    def marked(self, key: str | Key) -> Markdown:
        """A project string (a title, a heading) followed by a mark if it is not translated or is stale."""
        k = parse_key(key) if isinstance(key, str) else key
        missing = self.project.strings.get(self.lang, k) is None
        return self.marks.after(self.t(k), self.marks.state(string_unit(k), missing))

    def has(self, key: str) -> bool:
        return self.project.strings.get(self.lang, parse_key(key)) is not None or \
            self.project.strings.get(self.source_lang, parse_key(key)) is not None

    def date(self, value: dt.date | None = None) -> Markdown:
        value = value or self.report.date
        months = self._months()
        return md_escape(self.text("dates.format", day=value.day, month=months[value.month - 1], year=value.year))

    def month_year(self, value: dt.date | None = None) -> Markdown:
        """ "November 2014" / "ноябрь 2014 г." (the "Issued:" line of a List-of-Issues reply)."""
        value = value or self.report.date
        months = self._months("dates.months-standalone")
        return md_escape(self.text("dates.month-year", month=months[value.month - 1], year=value.year))

    def article_issue_refs(self, items: Iterable[BlockView]) -> Markdown:
        """ " (Article 3, Issues 21–25)": the articles and List-of-Issues numbers of some blocks."""
        items = list(items)
        articles = {a for b in items for a in b.articles}
        issues = {str(i) for b in items for i in b.issues}
        parts = []
        if articles:
            parts.append(self.text("words.article-n" if len(articles) == 1 else "words.articles-n", n=collapse(articles)))
        if issues:
            parts.append(self.text("words.issue-n" if len(issues) == 1 else "words.issues-n", n=collapse(issues)))
        return Markdown(" " + md_escape(f"({', '.join(parts)})")) if parts else Markdown("")

    @property
    def logo(self) -> str | None:
        """The organisation's logo as an absolute path, if the project has one."""
        logo = self.project.settings.logo
        if not logo:
            return None
        path = (self.project.root / logo).resolve()
        if not path.is_file() or not path.is_relative_to(self.project.root.resolve()):
            return None
        if self.stage is None:
            return path.as_posix()
        try:
            return self.stage.name(self.stage.add(path))  # without its metadata, where Typst may read it
        except ImageProblem:
            return None

    def _months(self, key: str = "dates.months") -> list[str]:
        return month_names(self.project.strings, self.lang, key)

    # -- content ---------------------------------------------------------------------------------

    def block(self, bid: str) -> BlockView | None:
        block = self.project.blocks.get(bid)
        if block is None or not self._visible(block):
            return None
        self.used_blocks.append(bid)
        return BlockView(block, self)

    def blocks(self, ids: Iterable[str]) -> list[BlockView]:
        return [v for v in (self.block(b) for b in ids) if v is not None]

    def theme_blocks(self, theme: str) -> list[str]:
        found = [b for b in self.project.blocks.values() if b.theme == theme]
        found.sort(key=lambda b: (TYPE_ORDER.get(b.type, 9), b.order, b.id))
        return [b.id for b in found]

    def section_blocks(self, section: Section) -> list[BlockView]:
        ids = list(section.blocks) if section.blocks else self.theme_blocks(section.theme or "")
        return self.blocks(ids)

    def point_text(self, ref: PointRef) -> Markdown | None:
        key = ("documents", ref.document, "points", ref.point)
        text = self.project.strings.get(self.lang, key)
        state = self.marks.state(string_unit(key), missing=text is None)
        text = text or self.project.strings.get(self.source_lang, key)
        return self.marks.after(md_escape(self.protect(text)), state) if text else None

    def document_symbol(self, doc_id: str) -> Markdown:
        doc = self.project.settings.documents.get(doc_id)
        return md_escape(doc.symbol if doc else doc_id)

    def section_title(self, section: Section) -> Markdown:
        return self.marked(section.heading or ("themes", section.theme or ""))

    def section_follows(self, section: Section, items: list[BlockView]) -> list[PointRef]:
        """The UN points a section opens with: as listed, or those its findings speak to."""
        if section.follows:
            return list(section.follows)
        refs = {ref for b in items if b.type in ("finding", "text") for ref in b.points}
        return sorted(refs, key=lambda r: (r.document, _point_key(r.point)))

    def note(self, bid: str) -> Markdown:
        """A text block's body as a footnote (e.g. "about the Coalition" on the title)."""
        view = self.block(bid)
        if view is None:
            return Markdown("")
        ref = self.slots.add_body(self.protect(view._text.body), 0, **self.where(view._text))
        return Markdown(f'[]{{.kz-note ref="{ref}"}}')

    def where(self, text: BlockText) -> dict[str, Any]:
        """Where a block's text is written (relative to the project, so cache keys do not depend on where
        the project is), and the staged copies of the images it refers to."""
        root = self.project.root
        return {"path": text.path.relative_to(root) if text.path.is_relative_to(root) else text.path,
                "line": text.body_line,
                "images": self.stage.images(text.body, text.path, root) if self.stage else {}}

    def scores_table(self, assessment_id: str, legend: bool = True) -> Markdown:
        from kzreport.render import scores

        assessment = self.project.assessments[assessment_id]
        t = scores.table(self.project, assessment, self.lang, self.protect)
        out = self.slots.table(scores.table_spec(self.project, t, self.lang, self.t))
        if legend:
            out = Markdown(out + "\n" + self.slots.table(scores.legend_spec(t, self.t)))
            from kzreport.render.charts import figures

            out = Markdown(out + figures(self, t))  # the levels as charts (render/charts.py)
        return out

    def review(self) -> list[Any]:
        """The sections of a bilingual review copy, paragraph beside paragraph (render/review.py)."""
        from kzreport.render.review import Review

        source = DocumentContext(self.project, self.report, self.source_lang, self.diags, internal=self.internal,
                                 visible=self._visible, protect=self.source_protect or self.protect, stage=self.stage)
        source.slots = self.slots  # one document: the slots of both languages share numbering
        return Review(source, self, self.recorded_bodies).sections(self.pair_ids)

    def assessment(self, assessment_id: str) -> Any:
        return self.project.assessments[assessment_id]

    def point_groups(self, document: str, block_ids: Iterable[str] = ()) -> list[PointGroup]:
        """Blocks grouped by the points of `document` they speak to, in point order.

        A block tagged with points 11-15 makes the section "On Points 11–15"; blocks with the same
        points share a section. Without a list of blocks, every block speaking to the document is used.
        """
        ids = list(block_ids) or [b.id for b in sorted(self.project.blocks.values(), key=lambda b: (b.order, b.id))
                                  if any(r.document == document for r in b.points)]
        groups: dict[tuple[str, ...], PointGroup] = {}
        for view in self.blocks(ids):
            points = tuple(sorted({r.point for r in view.points if r.document == document}, key=_point_key))
            if not points:
                continue
            group = groups.get(points)
            if group is None:
                key = "words.on-point" if len(points) == 1 else "words.on-points"
                group = groups[points] = PointGroup(points, self.t(key, points=collapse(points)), [], [])
            (group.conclusions if view.type == "recommendation" else group.blocks).append(view)
        return sorted(groups.values(), key=lambda g: _point_key(g.points[0]))

    def assessment_title(self, assessment_id: str) -> Markdown:
        assessment = self.project.assessments[assessment_id]
        doc = self.project.settings.documents.get(assessment.document)
        return self.t("words.assessment-of", document=doc.symbol if doc else assessment.document)


def make_environment(project_root: Path, extra_filters: dict[str, Callable[..., Any]] | None = None
                     ) -> jinja2.Environment:
    """Jinja with StrictUndefined, the project's templates/ over the built-in ones."""
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(ProjectLayout(project_root).templates)),
        jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES)),
    ])
    env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, finalize=_finalize,
                             autoescape=False, keep_trailing_newline=True, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters.update({"roman": roman, "letter": letter, "collapse": collapse, "md": Markdown,
                        "escape_md": md_escape})
    if extra_filters:
        env.filters.update(extra_filters)
    return env

