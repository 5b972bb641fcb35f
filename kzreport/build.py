"""`kzreport build`: validate, render, convert, check, and only then publish.

1. load and validate the project (nothing is built if there are errors);
2. render every requested report in every requested language to a Markdown skeleton (Jinja);
3. convert all of them in one pandoc process (filters/kzreport.lua) into each format;
4. finish each output (DOCX post-processing, Typst compilation) in a temporary folder;
5. run the leak guard on every public output;
6. move the finished files into place and write build/manifest.json.
A failure at any step leaves the earlier outputs as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import citations, safety
from .builders import BUILDERS, Builder, OutputJob
from .builders.base import atomic_write_bytes
from .content import load_project
from .errors import BuildError, Diagnostics, display_path
from .external import run_pandoc_jobs
from .model import Project, Report
from .render import BUILTIN_TEMPLATES, DocumentContext, make_environment, month_names
from .validate import validate

log = logging.getLogger("kzreport")

DEFAULT_FORMATS = ("docx", "pdf")
CSL_TEMPLATE = "citation-style.csl.j2"


@dataclass
class BuildOptions:
    reports: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    strict: bool = False
    out_dir: Path | None = None
    internal: bool = False
    bilingual: bool = False


@dataclass
class Output:
    path: Path
    report: str
    lang: str
    format: str
    sha256: str
    words: int
    footnotes: int


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def load_and_validate(root: Path) -> tuple[Project | None, Diagnostics]:
    diags = Diagnostics()
    project = load_project(root, diags)
    if project is not None:
        validate(project, diags)
    return project, diags


def template_resolver(root: Path) -> Callable[[str], Path]:
    def resolve(name: str) -> Path:
        own = root / "templates" / name
        return own if own.is_file() else BUILTIN_TEMPLATES / name
    return resolve


def timestamp_for(report: Report) -> dt.datetime:
    """The moment written into files: SOURCE_DATE_EPOCH if set, else noon UTC on the report's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.combine(report.date, dt.time(12, 0), dt.timezone.utc)


def select(project: Project, options: BuildOptions, diags: Diagnostics) -> tuple[list[Report], list[str], list[str]]:
    """The reports, languages and formats asked for; unknown names are errors."""
    from .errors import did_you_mean

    reports = []
    for rid in options.reports or sorted(project.reports):
        if rid in project.reports:
            reports.append(project.reports[rid])
        else:
            diags.error(project.root / "content" / "reports", None,
                        f'there is no report "{rid}"{did_you_mean(rid, project.reports)} '
                        f"(reports are the files in content/reports/)")
    langs = []
    for lang in options.languages or project.languages:
        if lang in project.languages:
            langs.append(lang)
        else:
            diags.error(project.settings.path, None, f'the language "{lang}" is not one of the project\'s languages '
                                                     f"({', '.join(project.languages)})")
    formats = list(dict.fromkeys(options.formats or DEFAULT_FORMATS))
    return reports, langs, formats


class TemplateProblem(Exception):
    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


def _template_location(exc: BaseException) -> tuple[str, int | None, str]:
    """The template file, line and source line where a Jinja error happened."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name or "template", exc.lineno, ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".jinja", ".md")):
            return frame.filename, frame.lineno, (frame.line or "").strip()
    return "template", None, ""


def render_skeleton(env: jinja2.Environment, ctx: DocumentContext, name: str | None = None) -> str:
    name = name or f"{ctx.report.type}.md.j2"
    try:
        template = env.get_template(name)
        return template.render(doc=ctx, report=ctx.report, lang=ctx.lang, t=ctx.t)
    except jinja2.TemplateError as exc:
        path, line, source = _template_location(exc)
        msg = exc.message if isinstance(exc, jinja2.TemplateSyntaxError) else str(exc)
        raise TemplateProblem(path, line, f"{msg}{' — in: ' + source if source else ''}") from None
    except Exception as exc:  # an error inside a template expression (e.g. a bad filter argument)
        path, line, source = _template_location(exc)
        if path == "template":
            raise
        raise TemplateProblem(path, line, f"{type(exc).__name__}: {exc}{' — in: ' + source if source else ''}") from None


class Build:
    """One run of `kzreport build`."""

    def __init__(self, project: Project, options: BuildOptions, diags: Diagnostics) -> None:
        self.project = project
        self.options = options
        self.diags = diags
        root = project.root
        base = options.out_dir or (root / "build")
        self.out_dir = base / "internal" if options.internal else base
        self.manifest_path = base / "manifest.json" if not options.internal else self.out_dir / "manifest.json"
        self.resolve = template_resolver(root)
        self.env = make_environment(root)
        self.anonymisers = {lang: safety.Anonymiser(project, lang, internal=options.internal)
                            for lang in project.languages}

    def run(self) -> BuildResult:
        reports, langs, formats = select(self.project, self.options, self.diags)
        if self.options.bilingual:
            formats = ["docx"]  # a review document is for editing and commenting in Word
            if len(self.project.languages) < 2:
                self.diags.error(self.project.settings.path, None, "a bilingual document needs a second language")
        if self.diags.has_errors():
            raise BuildError("nothing was built")
        builders = {fmt: BUILDERS[fmt](self.resolve) for fmt in formats}
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with self._workdir() as tmp:
            jobs, outputs = self._jobs(reports, langs, builders, tmp)
            results = run_pandoc_jobs(jobs, tmp, env={"SOURCE_DATE_EPOCH": str(self._epoch(reports))})
            failed = {jid: r["error"] for jid, r in results.items() if "error" in r}
            if failed:
                raise BuildError("pandoc could not convert: " + "; ".join(f"{j}: {e}" for j, e in failed.items()))
            for out in outputs:
                builders[out.format].finish(out)
            self._leak_guard(outputs)
            published = [self._publish(out, results[f"{out.report_id}/{out.lang}"]) for out in outputs]
        self._write_manifest(published)
        return BuildResult(published, self.diags)

    @contextlib.contextmanager
    def _workdir(self) -> Iterator[Path]:
        """A private folder for intermediate files, removed afterwards.

        With KZREPORT_KEEP_TMP=1 it is build/.kzreport-debug and is kept, to look at what was given
        to pandoc and Typst (the Markdown skeletons, jobs.json, the .typ files).
        """
        if os.environ.get("KZREPORT_KEEP_TMP"):
            debug = self.out_dir / ".kzreport-debug"
            shutil.rmtree(debug, ignore_errors=True)
            debug.mkdir(parents=True)
            yield debug
            return
        clean_stale_temp(self.out_dir)
        with tempfile.TemporaryDirectory(prefix=f".kzreport-{os.getpid()}-", dir=self.out_dir) as name:
            yield Path(name)

    def _epoch(self, reports: list[Report]) -> int:
        return int(min((timestamp_for(r) for r in reports), default=dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc))
                   .timestamp())

    def _language_files(self, lang: str, tmp: Path) -> tuple[Path, Path]:
        """The bibliography (CSL JSON) and the note style for one language."""
        bib = self.project.sources.get(lang)
        refs = tmp / f"sources-{lang}.json"
        entries = citations.csl_json(bib) if bib else []
        entries = citations.month_year_literals(entries, month_names(self.project.strings, lang,
                                                                     "dates.months-standalone"))
        refs.write_text(self.anonymisers[lang](json.dumps(entries, ensure_ascii=False, default=str)),
                        encoding="utf-8")
        csl = tmp / f"notes-{lang}.csl"
        csl.write_text(self._render_csl(lang), encoding="utf-8")
        return refs, csl

    def _render_csl(self, lang: str) -> str:
        strings = self.project.strings
        src = self.project.settings.source_language

        def get(key: tuple[str, ...]) -> str:
            value = strings.get(lang, key)
            return value if value is not None else (strings.get(src, key) or "")

        cite = {k[1]: get(k) for k in strings.keys(lang, ("cite",)) + strings.keys(src, ("cite",)) if len(k) == 2}
        months = month_names(strings, lang)
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(self.project.root / "templates"),
                                                                 str(BUILTIN_TEMPLATES)]),
                                 autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                 lstrip_blocks=True)
        return env.get_template(CSL_TEMPLATE).render(
            lang=lang, tag=self.project.settings.tag(lang), cite=cite, months=months,
            year_suffix=cite.get("year-suffix", ""))

    def _jobs(self, reports: list[Report], langs: list[str], builders: dict[str, Builder], tmp: Path
              ) -> tuple[list[dict[str, Any]], list[OutputJob]]:
        jobs, outputs = [], []
        aliases = citations.locator_aliases(self.project.strings, self.project.languages)
        problems: list[TemplateProblem] = []
        for lang in langs:
            refs, csl = self._language_files(lang, tmp)
            labels = self._locator_labels(lang, aliases)
            for report in reports:
                if self.options.bilingual and lang == self.project.settings.source_language:
                    continue  # a review document pairs the source with a translation
                ctx = self._context(report, lang)
                try:
                    skeleton = render_skeleton(self.env, ctx)
                    if self.options.bilingual:
                        ctx = self._bilingual_context(report, lang, ctx.used_blocks)
                        skeleton = render_skeleton(self.env, ctx, "bilingual.md.j2")
                except TemplateProblem as exc:
                    problems.append(exc)
                    continue
                job_outputs = []
                for fmt, builder in builders.items():
                    out = self._output_job(report, lang, builder, tmp, ctx)
                    outputs.append(out)
                    job_outputs.append(builder.pandoc_output(out))
                (tmp / f"{report.id}-{lang}.md").write_text(skeleton, encoding="utf-8")  # for debugging
                jobs.append({
                    "id": f"{report.id}/{lang}", "root": self.project.root.as_posix(), "markdown": skeleton, "bodies": ctx.slots.bodies,
                    "tables": ctx.slots.tables, "lang": self.project.settings.tag(lang),
                    "references": str(refs), "csl": str(csl), "locators": labels,
                    "numbered": bool(report.option("numbered-paragraphs")),
                    "sources_list": bool(report.option("sources-list")), "outputs": job_outputs,
                    "pair_headers": [self._language_name(self.project.settings.source_language),
                                     self._language_name(lang)],
                })
        if problems:
            for p in problems:
                self.diags.error(display_path(p.path), p.line, f"template error: {p.message}")
            raise BuildError("nothing was built: a template has an error")
        return jobs, outputs

    def _context(self, report: Report, lang: str) -> DocumentContext:
        return DocumentContext(self.project, report, lang, self.diags, internal=self.options.internal,
                               visible=lambda b: safety.is_visible(b, self.options.internal),
                               protect=self.anonymisers[lang])

    def _bilingual_context(self, report: Report, lang: str, used: list[str]) -> DocumentContext:
        from . import i18n

        ctx = self._context(report, lang)
        ctx.pair_ids = list(dict.fromkeys(used))
        ctx.stale_blocks = {st.unit.block for st in i18n.status(self.project, lang)
                            if st.state == i18n.STALE and st.unit.block}
        ctx.source_protect = self.anonymisers[self.project.settings.source_language]
        return ctx

    def _language_name(self, lang: str) -> str:
        return self.project.strings.get(lang, ("words", "language-name")) or lang

    def _locator_labels(self, lang: str, aliases: dict[str, str]) -> dict[str, str]:
        """Any locator label -> this language's label for the same locator."""
        from .citations import LOCATORS

        strings, src = self.project.strings, self.project.settings.source_language
        out = {}
        for label, canonical in aliases.items():
            key = ("cite", LOCATORS[canonical])
            target = strings.get(lang, key) or strings.get(src, key)
            if target:
                out[label] = target
        return out

    def _output_job(self, report: Report, lang: str, builder: Builder, tmp: Path, ctx: DocumentContext) -> OutputJob:
        name = f"{report.id}.{builder.ext}"
        final = self.out_dir / lang / name
        if self.options.bilingual:
            final = self.out_dir / "bilingual" / f"{report.id}.{self.project.settings.source_language}-{lang}.{builder.ext}"
        title = ctx.text(("reports", report.id, "title"))
        return OutputJob(
            report_id=report.id, lang=lang, lang_tag=self.project.settings.tag(lang), format=builder.name,
            title=title, author=ctx.text("organisation.name"), date=report.date, timestamp=timestamp_for(report),
            project_root=self.project.root,
            pandoc_path=tmp / f"{report.id}-{lang}.{builder.pandoc_format}",
            temp_path=tmp / f"{report.id}-{lang}.final.{builder.ext}",
            final_path=final, internal=self.options.internal,
            confidential_mark=ctx.text("words.confidential") if self.options.internal else None,
            keywords=[self.project.settings.documents[d].symbol for d in self.project.settings.documents][:5],
        )

    def _leak_guard(self, outputs: list[OutputJob]) -> None:
        if self.options.internal:
            return
        names = safety.protected_names(self.project)
        leaks = []
        for out in outputs:
            for name in safety.find_leaks(out.temp_path, names):
                leaks.append((out, name))
                out.temp_path.unlink(missing_ok=True)
        if leaks:
            for out, name in leaks:
                self.diags.error(display_path(out.final_path), None,
                                 f'the protected name "{name.name}" of the case {name.case_id} is in this output; it '
                                 f"was not written (check the case's protect: list and every text that mentions it)")
            raise BuildError("the leak guard stopped the build: no output was written")

    def _publish(self, out: OutputJob, stats: dict[str, Any]) -> Output:
        out.final_path.parent.mkdir(parents=True, exist_ok=True)
        data = out.temp_path.read_bytes()
        os.replace(out.temp_path, out.final_path)
        return Output(out.final_path, out.report_id, out.lang, out.format, hashlib.sha256(data).hexdigest(),
                      int(stats.get("words", 0)), int(stats.get("notes", 0)))

    def _write_manifest(self, published: list[Output]) -> None:
        entries: dict[str, dict[str, Any]] = {}
        if self.manifest_path.exists():
            try:
                for e in json.loads(self.manifest_path.read_text(encoding="utf-8")).get("outputs", []):
                    if (self.manifest_path.parent / e["path"]).exists():
                        entries[e["path"]] = e
            except (ValueError, KeyError, TypeError):
                entries = {}  # a damaged manifest is rebuilt from this build
        for o in published:
            rel = o.path.relative_to(self.manifest_path.parent).as_posix()
            entries[rel] = {"path": rel, "report": o.report, "language": o.lang, "format": o.format,
                            "sha256": o.sha256, "words": o.words, "footnotes": o.footnotes}
        manifest = {"outputs": [entries[k] for k in sorted(entries)]}
        atomic_write_bytes(self.manifest_path, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())


def build(root: Path, options: BuildOptions) -> BuildResult:
    project, diags = load_and_validate(root)
    if project is None or diags.has_errors(options.strict):
        raise ContentProblems(diags, options.strict)
    try:
        return Build(project, options, diags).run()
    except BuildError as exc:
        exc.diags = diags  # type: ignore[attr-defined]  # printed by the CLI with the error
        raise


class ContentProblems(BuildError):
    def __init__(self, diags: Diagnostics, strict: bool) -> None:
        n = len(diags.errors) + (len(diags.warnings) if strict else 0)
        super().__init__(f"nothing was built: {n} problem{'s' if n != 1 else ''} to fix first")
        self.diags = diags
        self.strict = strict


def clean_stale_temp(out_dir: Path) -> None:
    """Remove the temporary folders of builds that were killed (their process no longer runs)."""
    for tmp in out_dir.glob(".kzreport-*-*"):
        pid = tmp.name.split("-")[1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


