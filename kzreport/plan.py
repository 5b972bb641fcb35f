"""From reports to pandoc jobs: one job per report and language, with everything pandoc needs.

A job (render/contract.py, `PandocJob`) is the Markdown skeleton a template rendered, the block bodies
and tables for its slots, the sources it cites (CSL JSON), the note style of its language, and one
output entry per format (each builder's `pandoc_output`). Each output also gets a cache key, so that
an output whose inputs did not change is not built again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from kzreport import safety
from kzreport.checks.citations import find_citations
from kzreport.errors import Diagnostics
from kzreport.formats import Builder, OutputJob, vocabulary
from kzreport.layout import BUILTIN_TEMPLATES
from kzreport.load import sources
from kzreport.load.assets import Stage
from kzreport.load.strings import see_note_above
from kzreport.model import Project, Report
from kzreport.publish.cache import BuildCache, job_key
from kzreport.render.context import DocumentContext, make_environment, month_names
from kzreport.render.contract import PandocJob, PandocOutput
from kzreport.render.marks import TranslationMarks
from kzreport.render.skeleton import (
    TemplateErrors,
    TemplateProblem,
    confidential_mark,
    render_skeleton,
    template_resolver,
    timestamp_for,
)

CSL_TEMPLATE = "citation-style.csl.j2"
ASSETS = "assets"  # the folder of staged images inside the build's private folder


@dataclass
class PlannedOutput:
    job: OutputJob
    key: str
    rel: str  # the output's path relative to the manifest's folder


@dataclass
class Plan:
    jobs: list[PandocJob]  # what pandoc converts
    outputs: dict[str, list[PlannedOutput]]  # job id -> the outputs to finish
    skipped: list[str]  # outputs that were up to date


class Planner:
    """Renders every document and decides which outputs must be built."""

    def __init__(self, project: Project, diags: Diagnostics, *, internal: bool, bilingual: bool,
                 out_dir: Path, manifest_base: Path, builders: dict[str, Builder], cache: BuildCache,
                 anonymisers: Mapping[str, Callable[..., str]], protected: list[str]) -> None:
        self.project = project
        self.diags = diags
        self.internal = internal
        self.bilingual = bilingual
        self.out_dir = out_dir
        self.base = manifest_base
        self.builders = builders
        self.cache = cache
        self.anonymisers = anonymisers
        self._stale_statuses: dict[str, list[Any]] = {}
        self._inputs: dict[str, tuple[dict[str, dict[str, Any]], Path, str, dict[str, str]]] = {}
        self.env = make_environment(project.root)
        self.stage: Stage | None = None  # the images of this build, without metadata (set by plan)
        # (report, language, the blocks it shows) -> whether the document is left out (checks/scope.py)
        self.refuses: Callable[[Report, str, list[str]], bool] | None = None
        self.resolve = template_resolver(project.root)
        self.aliases = sources.locator_aliases(project.strings, project.languages)
        logo = project.settings.logo and project.root / project.settings.logo
        self.common = [logo.read_bytes()] if logo and logo.is_file() else []
        # every output was checked against the protected names when it was built: a change to the
        # names builds (and checks) everything again
        self.common.append(json.dumps([internal, sorted(protected)], ensure_ascii=False).encode())

    # -- per language ------------------------------------------------------------------------------

    def _sources(self, lang: str) -> list[dict[str, Any]]:
        bib = self.project.sources.get(lang)
        entries = sources.csl_json(bib) if bib else []
        entries = sources.month_year_literals(entries, month_names(self.project.strings, lang,
                                                                     "dates.months-standalone"))
        return _map_strings(json.loads(json.dumps(entries, ensure_ascii=False, default=str)), self.anonymisers[lang])

    def _csl(self, lang: str) -> str:
        strings, src = self.project.strings, self.project.settings.source_language

        def get(key: tuple[str, ...]) -> str:
            return strings.lookup(lang, key, "") or ""

        cite = {k[1]: get(k) for k in strings.keys(lang, ("cite",)) + strings.keys(src, ("cite",)) if len(k) == 2}
        see_note = see_note_above(strings, lang)
        cite.setdefault("see-note", see_note[0].strip())  # for a project's own copy of the old template
        cite.setdefault("above", see_note[1].strip())
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(self.project.layout.templates),
                                                                 str(BUILTIN_TEMPLATES)]),
                                 autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                 lstrip_blocks=True)
        return env.get_template(CSL_TEMPLATE).render(
            lang=lang, tag=self.project.settings.tag(lang), cite=cite, months=month_names(strings, lang),
            year_suffix=cite.get("year-suffix", ""), see_note=see_note)

    def _locator_labels(self, lang: str) -> dict[str, str]:
        """Any locator label -> this language's label for the same locator."""
        strings = self.project.strings
        out = {}
        for label, canonical in self.aliases.items():
            key = ("cite", sources.LOCATORS[canonical])
            target = strings.lookup(lang, key)
            if target:
                out[label] = target
        return out

    # -- per document -------------------------------------------------------------------------------

    def context(self, report: Report, lang: str) -> DocumentContext:
        ctx = DocumentContext(self.project, report, lang, self.diags, internal=self.internal,
                              visible=lambda b: safety.is_visible(b, self.internal), protect=self.anonymisers[lang],
                              stage=self.stage)
        if lang != self.project.settings.source_language:
            ctx.marks = TranslationMarks(True, frozenset(st.unit.id for st in self._stale(lang)), ctx.t)
        return ctx

    def _stale(self, lang: str) -> list[Any]:
        """The translation units whose source changed since they were translated, once per language (drafts
        mark them; a review copy shows what changed)."""
        from kzreport.i18n import status as i18n

        if lang not in self._stale_statuses:
            self._stale_statuses[lang] = [st for st in i18n.status(self.project, lang) if st.state == i18n.STALE]
        return self._stale_statuses[lang]

    def _bilingual_context(self, report: Report, lang: str, used: list[str]) -> DocumentContext:
        ctx = self.context(report, lang)
        ctx.pair_ids = list(dict.fromkeys(used))
        ctx.recorded_bodies = {st.unit.block: st.recorded for st in self._stale(lang)
                               if st.unit.is_body and st.unit.block and st.recorded is not None}
        ctx.source_protect = self.anonymisers[self.project.settings.source_language]
        return ctx

    def _language_name(self, lang: str) -> str:
        return self.project.strings.get(lang, ("words", "language-name")) or lang

    def _output_job(self, report: Report, lang: str, builder: Builder, tmp: Path, ctx: DocumentContext) -> OutputJob:
        src = self.project.settings.source_language
        final = (self.out_dir / "bilingual" / f"{report.id}.{src}-{lang}.{builder.ext}" if self.bilingual
                 else self.out_dir / lang / f"{report.id}.{builder.ext}")
        return OutputJob(
            report_id=report.id, lang=lang, lang_tag=self.project.settings.tag(lang), format=builder.name,
            title=ctx.text(("reports", report.id, "title")), author=ctx.text("organisation.name"), date=report.date,
            timestamp=timestamp_for(report), root=tmp,
            pandoc_path=tmp / f"{report.id}-{lang}.{builder.pandoc_format}",
            temp_path=tmp / f"{report.id}-{lang}.final.{builder.ext}",
            final_path=final, internal=self.internal,
            confidential_mark=confidential_mark(ctx.text("words.confidential"), lang) if self.internal else None,
            keywords=[d.symbol for d in self.project.settings.documents.values()][:5],
            pdf_standard=report.option("pdf-standard"),
        )

    def jobs(self, plan: Plan, reports: list[Report], langs: list[str], tmp: Path) -> Iterator[PandocJob]:
        """Render every document, and yield the job of each one to build as soon as it is rendered (it
        is in `plan` too), so that pandoc converts it while the next ones are rendered; the longest
        reports first, so that none is left for the end. The outputs whose keys did not change are
        skipped. Template errors are collected, and raised (TemplateErrors) after the last job."""
        self.stage = Stage(tmp / ASSETS)
        problems: list[TemplateProblem] = []
        for report in sorted(reports, key=_length, reverse=True):
            for lang in langs:
                if self.bilingual and lang == self.project.settings.source_language:
                    continue  # a review document pairs the source with a translation
                if self.refuses is not None and self.refuses(report, lang, []):
                    continue  # its definition, or a block it names, has an error
                try:
                    ctx = self.context(report, lang)
                    skeleton = render_skeleton(self.env, ctx)
                    if self.bilingual:
                        ctx = self._bilingual_context(report, lang, ctx.used_blocks)
                        skeleton = render_skeleton(self.env, ctx, "bilingual.md.j2")
                except TemplateProblem as exc:
                    problems.append(exc)
                    continue
                if self.refuses is not None and self.refuses(report, lang, ctx.used_blocks):
                    continue  # a block it shows has an error
                sources, csl, csl_text, labels = self._language_inputs(lang, tmp)
                job = self._add_job(plan, report, lang, ctx, skeleton, sources, csl, csl_text, labels, tmp)
                if job is not None and not problems:
                    if self.stage.drawings and "docx" in self.builders:
                        from kzreport.convert.raster import draw_pngs

                        draw_pngs(self.stage.drawings)  # the charts as pictures for Word (the others use the SVG)
                    yield job
        if problems:
            for p in problems:
                self.diags.error(p.path, p.line, f"template error: {p.message}")
            raise TemplateErrors()

    def _add_job(self, plan: Plan, report: Report, lang: str, ctx: DocumentContext, skeleton: str,
                 sources: dict[str, dict[str, Any]], csl: Path, csl_text: str, labels: dict[str, str],
                 tmp: Path) -> PandocJob | None:
        """The job of one document, added to `plan`; None if all its outputs are up to date."""
        job_id = f"{report.id}/{lang}"
        # only the sources this document cites: a change to another source does not rebuild it
        texts = [skeleton] + [b["text"] for b in ctx.slots.bodies.values()] + \
            [c["text"] for t in ctx.slots.tables.values() for row in [t["header"], *t["rows"]] for c in row]
        cited = {c.id for text in texts for c in find_citations(text, 1)}
        refs_entries = [e for sid, e in sources.items() if sid in cited or report.option("sources-list")]
        refs = tmp / f"sources-{report.id}-{lang}.json"
        refs_text = json.dumps(refs_entries, ensure_ascii=False)
        refs.write_text(refs_text, encoding="utf-8")
        (tmp / f"{report.id}-{lang}.md").write_text(skeleton, encoding="utf-8")  # to look at when debugging
        job = PandocJob(
            id=job_id, root=tmp.as_posix(), markdown=skeleton, bodies=ctx.slots.bodies, tables=ctx.slots.tables,
            lang=self.project.settings.tag(lang), references=str(refs), csl=str(csl), locators=labels,
            numbered=bool(report.option("numbered-paragraphs")), sources_list=bool(report.option("sources-list")),
            pair_headers=[ctx.text("words.review-unit"), self._language_name(self.project.settings.source_language),
                          self._language_name(lang)],
            pair_langs=["", self.project.settings.tag(self.project.settings.source_language),
                        self.project.settings.tag(lang)],
            vocabulary=vocabulary.for_lua(),
            quotes=list(self.project.strings.lookup(lang, ("typography", "quotes")) or ""),
            # where the project and the report definition are, for located messages (not in the cache key)
            project=self.project.root.as_posix(), report_file=str(report.path),
        )
        extra = [refs_text.encode(), csl_text.encode(), *self.common]
        if self.bilingual:  # the source column has its own notes, in its own language (kz_review.lua)
            job["review"], review_inputs = self._review_source(report, tmp, cited)
            extra += review_inputs
        outputs: list[PlannedOutput] = []
        specs: list[PandocOutput] = []
        for builder in self.builders.values():
            out = self._output_job(report, lang, builder, tmp, ctx)
            # each block's file and first line, to report an error of a tool at the block (external.py)
            out.resources["blocks"] = {ref: (self.project.root / b["path"] if b.get("path") else None, b.get("line"))
                                       for ref, b in ctx.slots.bodies.items()}
            out.resources["templates"] = self.project.layout.templates
            spec = builder.pandoc_output(out)
            # the moment written into the file (SOURCE_DATE_EPOCH or the report's date) is an input too
            key = job_key(job, spec, extra + [p.read_bytes() for p in builder.style_files()]
                          + [out.timestamp.isoformat().encode()])
            rel = out.final_path.relative_to(self.base).as_posix()
            if self.cache.fresh(self.base, rel, key):
                plan.skipped.append(rel)
                continue
            outputs.append(PlannedOutput(out, key, rel))
            specs.append(spec)
        if not outputs:
            return None
        job["outputs"] = specs
        plan.jobs.append(job)
        plan.outputs[job_id] = outputs
        return job


    def _language_inputs(self, lang: str, tmp: Path) -> tuple[dict[str, dict[str, Any]], Path, str, dict[str, str]]:
        """A language's sources (by id), its note style (written to a file) and locator labels, once a build."""
        if lang not in self._inputs:
            csl_text = self._csl(lang)
            csl = tmp / f"notes-{lang}.csl"
            csl.write_text(csl_text, encoding="utf-8")
            self._inputs[lang] = ({e["id"]: e for e in self._sources(lang)}, csl, csl_text, self._locator_labels(lang))
        return self._inputs[lang]

    def _review_source(self, report: Report, tmp: Path, cited: set[str]) -> tuple[dict[str, Any], list[bytes]]:
        """The bibliography, note style and locator labels of a review copy's source column, and those inputs
        as bytes for the cache key (the paths themselves change from build to build)."""
        src = self.project.settings.source_language
        sources, csl, csl_text, labels = self._language_inputs(src, tmp)
        refs_text = json.dumps([e for sid, e in sources.items() if sid in cited], ensure_ascii=False)
        refs = tmp / f"sources-{report.id}-{src}-review.json"
        refs.write_text(refs_text, encoding="utf-8")
        review = {"references": str(refs), "csl": str(csl), "lang": self.project.settings.tag(src), "locators": labels}
        return review, [refs_text.encode(), csl_text.encode(), json.dumps(labels, sort_keys=True).encode()]


def _length(report: Report) -> int:
    """How long a report is, roughly, before it is rendered: the blocks, points and annexes it lists."""
    listed = [v for v in report.options.values() if isinstance(v, list | tuple)]
    return sum(len(s.blocks) + len(s.follows) for s in report.sections) + sum(len(v) for v in listed)


def _map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    """`value` (JSON data) with `fn` applied to every string in it."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map_strings(v, fn) for k, v in value.items()}
    return value
