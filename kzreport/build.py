"""`kzreport build`: validate, render, convert, check, and only then publish.

1. if nothing changed since the last build (files, options, kzreport itself), stop at once;
2. load and validate the project (nothing is built if there are errors);
3. render every requested report in every requested language to a pandoc job (plan.py), keeping only
   the outputs whose inputs changed (cache.py), and give each job to a pandoc process as soon as it is
   rendered (one per core, convert/lua/kzreport.lua); as each document comes out of pandoc, finish it
   in a thread (DOCX post-processing, Typst) and run the leak guard on it;
4. only when every output is finished and clean, move them into place and write build/manifest.json.
A failure at any step leaves the earlier outputs as they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzreport.errors import BuildError, Diagnostics, did_you_mean, display_path, one_per_line
from kzreport.layout import ProjectLayout
from kzreport.progress import Progress, show_progress, write_stats
from kzreport.publish.cache import BuildCache, inputs_digest
from kzreport.publish.manifest import DEBUG_FOLDER, MANIFEST

# The stages after the check for "nothing changed" are imported where they are reached, so that a build
# with nothing to do answers at once (about 0.13 s, most of it Python starting).
if TYPE_CHECKING:
    from kzreport.checks.scope import Scope
    from kzreport.model import Project, Report
    from kzreport.render.contract import PandocJob

log = logging.getLogger("kzreport")

DEFAULT_FORMATS = ("docx", "pdf")


@dataclass
class BuildOptions:
    reports: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    strict: bool = False
    out_dir: Path | None = None
    internal: bool = False
    bilingual: bool = False
    quiet: bool = False  # no progress bar

    def key(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if k not in ("out_dir", "quiet")}, sort_keys=True, default=str)

    @property
    def cache_name(self) -> str:
        return "internal" if self.internal else "bilingual" if self.bilingual else "public"


@dataclass
class Output:
    path: Path
    report: str
    lang: str
    format: str
    sha256: str
    words: int
    footnotes: int

    def entry(self, base: Path) -> dict[str, Any]:  # its entry in the manifest of the folder `base`
        return {"path": self.path.relative_to(base).as_posix(), "report": self.report, "language": self.lang,
                "format": self.format, "sha256": self.sha256, "words": self.words, "footnotes": self.footnotes}


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    up_to_date: list[str] = field(default_factory=list)
    nothing_changed: bool = False
    failed: list[tuple[str, str]] = field(default_factory=list)  # (report, language) not built: see diagnostics


def load_and_validate(root: Path) -> tuple[Project | None, Diagnostics]:
    from kzreport.checks.validate import validate
    from kzreport.load.project import load_project

    diags = Diagnostics()
    project = load_project(root, diags)
    if project is not None:
        validate(project, diags)
    return project, diags


def select(project: Project, options: BuildOptions, diags: Diagnostics) -> tuple[list[Report], list[str], list[str]]:
    """The reports, languages and formats asked for; an unknown name is a usage error (exit status 2)."""
    import click

    reports = []
    for rid in dict.fromkeys(options.reports or sorted(project.reports)):  # (each once, if named twice)
        if rid in project.reports:
            reports.append(project.reports[rid])
        elif (project.layout.reports / f"{rid}.yaml").is_file() and diags.errors:
            continue  # its definition is broken: reported, and it is not built (checks/scope.py)
        else:
            raise click.BadParameter(f'there is no report "{rid}"{did_you_mean(rid, project.reports)}; the reports '
                                     f"are the files in content/reports/: {', '.join(sorted(project.reports)) or 'none'}",
                                     param_hint="REPORTS")
    langs = []
    for lang in dict.fromkeys(options.languages or project.languages):
        if lang in project.languages:
            langs.append(lang)
        else:
            raise click.BadParameter(f'the language "{lang}" is not one of the project\'s languages'
                                     f"{did_you_mean(lang, project.languages)}: {', '.join(project.languages)} "
                                     f"(kzreport.yaml lists them)", param_hint="'-l' / '--lang'")
    formats = ["docx"] if options.bilingual else list(dict.fromkeys(options.formats or DEFAULT_FORMATS))
    if options.bilingual and len(project.languages) < 2:
        diags.error(project.settings.path, None, "a bilingual document needs a second language")
    return reports, langs, formats


class Build:
    """One run of `kzreport build` on a loaded, valid project."""

    def __init__(self, project: Project, options: BuildOptions, diags: Diagnostics, cache: BuildCache,
                 scope: Scope | None = None) -> None:
        from kzreport import safety

        self.scope = scope  # with errors that stop only some documents: those are left out
        self.project = project
        self.options = options
        self.diags = diags
        self.cache = cache
        base = project.layout.build(options.out_dir)
        self.out_dir = base / "internal" if options.internal else base
        self.manifest_path = self.out_dir / MANIFEST
        self.names = safety.protected_names(project)
        self.anonymisers = {lang: safety.Anonymiser(project, lang, internal=options.internal, names=self.names)
                            for lang in project.languages}
        # internal builds show the real names: they never leave the organisation
        self.guard = safety.Guard([] if options.internal else self.names)

    def run(self, progress: Progress) -> BuildResult:
        from kzreport._interrupts import Interrupts
        from kzreport.formats import builder_class
        from kzreport.plan import Plan, Planner, TemplateErrors, template_resolver

        before = len(self.diags.errors)
        reports, langs, formats = select(self.project, self.options, self.diags)
        if len(self.diags.errors) > before:
            raise BuildError("nothing was built")
        resolve = template_resolver(self.project.root)
        builders = {fmt: builder_class(fmt)(resolve) for fmt in formats}
        for builder in builders.values():
            builder.protected = tuple(self.guard.matcher.names)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with self._workdir() as tmp:
            planner = Planner(self.project, self.diags, internal=self.options.internal,
                              bilingual=self.options.bilingual, out_dir=self.out_dir,
                              manifest_base=self.manifest_path.parent, builders=builders, cache=self.cache,
                              anonymisers=self.anonymisers, protected=[n.name for n in self.names])
            planner.refuses = self.scope.refuses if self.scope else None
            plan = Plan([], {}, [])

            def rendered() -> Iterator[PandocJob]:  # each document's job, as soon as it is rendered
                yield from planner.jobs(plan, reports, langs, tmp)
                progress.start(sum(len(o) for o in plan.outputs.values()))

            try:
                finished = self._convert_and_finish(rendered(), plan, builders, tmp, progress)
            except TemplateErrors:
                raise BuildError("nothing was built: a template has an error") from None
            finally:
                for builder in builders.values():
                    builder.close()
            ids = [r.id for r in reports]  # as the command line orders them: by language, report, format
            finished.sort(key=lambda f: (langs.index(f[0].job.lang), ids.index(f[0].job.report_id),
                                         formats.index(f[0].job.format)))
            if not (self.options.internal or self.options.bilingual):  # what is submitted: its word limits
                from kzreport.coordinator.limits import check_build
                check_build(self.project, finished, plan.skipped, self.manifest_path.parent, self.diags, self.options.strict)
            Interrupts.check()
            published = [self._publish(p.job, stats) for p, stats in finished]
            for (planned, _), out in zip(finished, published, strict=True):
                self.cache.record(planned.rel, planned.key, out.sha256)
        current = {o.path for o in published} | {self.manifest_path.parent / rel for rel in plan.skipped}
        unread = self.scope.unread_reports() if self.scope else []
        from kzreport.publish.manifest import expected_outputs, sweep, sweep_build_folder, write_manifest

        kept = sweep(self.manifest_path, expected_outputs(self.project, unread), self.guard, self.diags, current,
                     self.project.layout.build())
        if self.options.internal:  # the public outputs beside it: today's names are kept out of them too
            for public in dict.fromkeys([self.out_dir.parent, self.project.layout.build()]):
                sweep_build_folder(public, self.out_dir, type(self.guard)(self.names), self.diags, set())
        base = self.manifest_path.parent
        entries = {o.path.relative_to(base).as_posix(): o.entry(base) for o in published}
        write_manifest(self.manifest_path, kept | entries, self.guard, self.diags)
        failed = self.scope.not_built(langs) if self.scope else []
        return BuildResult(published, self.diags, plan.skipped, failed=failed)

    def _convert_and_finish(self, jobs: Iterator[PandocJob], plan: Any, builders: dict[str, Any], tmp: Path,
                            progress: Progress) -> list[tuple[Any, dict[str, Any]]]:
        """pandoc converts each document as soon as it is rendered (`jobs`), and it is finished as soon as written."""
        from kzreport.convert.pandoc import run_pandoc_jobs
        from kzreport.convert.tools import block_sigint
        from kzreport.safety.disclosure import report_leaks

        cores = os.cpu_count() or 1
        finished: list[tuple[Any, dict[str, Any]]] = []
        futures: list[Future[None]] = []
        lock, failures = threading.Lock(), []

        def finish(planned: Any, stats: dict[str, Any]) -> None:
            builders[planned.job.format].finish(planned.job)
            self._guard(planned.job)
            with lock:
                finished.append((planned, stats))
            progress.advance(planned.rel)

        stopping = False  # Ctrl-C: every worker is being stopped
        # the finishing threads, and the Typst workers they start, leave Ctrl-C to this thread
        with ThreadPoolExecutor(max_workers=cores, initializer=block_sigint) as pool:
            def on_done(job_id: str, result: dict[str, Any]) -> None:  # on pandoc's reading threads
                if "error" in result:
                    with lock:
                        failures.append(self.diags.redacted(f"{job_id}: {result['error']}"))
                    return
                # the guard's first look: the assembled document, before any file of it is finished
                leaks = self.guard.text(result.pop("text", ""))
                if leaks:
                    with lock:
                        report_leaks(self.project, self.guard, self.diags, [p.job for p in plan.outputs[job_id]],
                                     leaks, bilingual=self.options.bilingual)
                        failures.append("the leak guard stopped the build: no output was written")
                    return
                for planned in plan.outputs[job_id]:
                    futures.append(pool.submit(finish, planned, result))

            try:  # (the moment in each DOCX is the report's: formats/docx.py writes it, whatever pandoc wrote)
                run_pandoc_jobs(jobs, tmp, on_done, processes=cores)
            except KeyboardInterrupt:
                stopping = True
                _stop_workers(pool, builders)
                raise
            finally:
                for f in list(futures):
                    if stopping or f.cancelled():
                        continue
                    try:
                        exc = f.exception()
                    except KeyboardInterrupt:
                        stopping = True
                        _stop_workers(pool, builders)
                        raise
                    if exc is not None:
                        if not isinstance(exc, BuildError):
                            raise exc
                        failures.append(self.diags.redacted(str(exc.message)))
        if failures:
            raise BuildError("; ".join(dict.fromkeys(failures)))
        return finished

    def _guard(self, job: Any) -> None:
        """The leak guard's second look: every part of the finished file, and the name it will have."""
        if not self.guard:
            return
        rel = job.final_path.relative_to(self.manifest_path.parent).as_posix()
        checked = job.resources.get("leaks")  # searched where it was made (a PDF, by the Typst worker)
        leaks = self.guard.text(rel) + (self.guard.leaks_from(checked) if checked is not None
                                        else self.guard.file(job.temp_path))
        if leaks:
            from kzreport.safety.disclosure import report_leaks
            job.temp_path.unlink(missing_ok=True)
            report_leaks(self.project, self.guard, self.diags, [job], leaks, bilingual=self.options.bilingual)
            raise BuildError("the leak guard stopped the build: no output was written")

    @contextlib.contextmanager
    def _workdir(self) -> Iterator[Path]:
        """A private folder for intermediate files, removed afterwards.

        With KZREPORT_KEEP_TMP=1 it is build/.kzreport-debug and is kept, to look at what was given
        to pandoc and Typst (the Markdown skeletons, the jobs, the .typst files).
        """
        if os.environ.get("KZREPORT_KEEP_TMP"):
            debug = self.out_dir / DEBUG_FOLDER
            shutil.rmtree(debug, ignore_errors=True)
            debug.mkdir(parents=True)
            yield debug
            return
        from kzreport.publish.outputs import clean_stale_temp

        clean_stale_temp(self.out_dir)
        with tempfile.TemporaryDirectory(prefix=f".kzreport-{os.getpid()}-", dir=self.out_dir) as name:
            yield Path(name)

    def _publish(self, job: Any, stats: dict[str, Any]) -> Output:
        job.final_path.parent.mkdir(parents=True, exist_ok=True)
        data = job.temp_path.read_bytes()
        os.replace(job.temp_path, job.final_path)
        return Output(job.final_path, job.report_id, job.lang, job.format, hashlib.sha256(data).hexdigest(),
                      int(stats.get("words", 0)), int(stats.get("notes", 0)))


def _stop_workers(pool: ThreadPoolExecutor, builders: dict[str, Any]) -> None:
    """Ctrl-C during the conversion: nothing new starts, and no pandoc or Typst process is left running
    (what they were writing is in the build's private folder, which is removed)."""
    from kzreport.convert.pandoc import stop_pandoc

    pool.shutdown(wait=False, cancel_futures=True)
    stop_pandoc()
    for builder in builders.values():
        abort = getattr(builder, "abort", None)
        if abort is not None:
            abort()


def build(root: Path, options: BuildOptions) -> BuildResult:
    """The whole build; raises ContentProblems or BuildError (with .diags) on failure, Interrupted on
    Ctrl-C. A disk that is full or read-only is a located BuildError saying what to do."""
    from kzreport.errors import Interrupted, os_problem

    out_dir = ProjectLayout(root).build(options.out_dir)
    try:
        _refuse_read_only(root, options)
        return _build(root, options)
    except KeyboardInterrupt:
        raise Interrupted() from None
    except BuildError as exc:
        exc.message = one_per_line(exc.message)  # type: ignore[misc]
        raise
    except OSError as exc:
        raise BuildError(os_problem(exc, out_dir)) from None


def _refuse_read_only(root: Path, options: BuildOptions) -> None:
    """A build that has something to write refuses an output folder marked read-only (no one may write
    there), also when run as root, whom the system would let write there anyway."""
    import stat

    base = ProjectLayout(root).build(options.out_dir)
    out_dir = base / "internal" if options.internal else base
    folders = [base, out_dir, *(sorted(out_dir.iterdir()) if out_dir.is_dir() else [])]
    writable = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    locked = [f for f in dict.fromkeys(folders) if f.is_dir() and not f.is_symlink() and not f.stat().st_mode & writable]
    if not locked or BuildCache(out_dir, options.cache_name).unchanged(out_dir, inputs_digest(root, options.key())):
        return
    where = display_path(locked[0])
    raise BuildError(f"{where}: error: cannot write {where}: the folder is read-only; make it writable "
                     f"(e.g. chmod u+w {where}) or choose another folder with -o; the outputs already there were kept")


def _build(root: Path, options: BuildOptions) -> BuildResult:
    started = time.monotonic()
    base = ProjectLayout(root).build(options.out_dir)
    out_dir = base / "internal" if options.internal else base
    cache = BuildCache(out_dir, options.cache_name)
    inputs = inputs_digest(root, options.key())
    if cache.unchanged(out_dir, inputs):
        return BuildResult(nothing_changed=True)
    project, diags = load_and_validate(root)
    from kzreport.checks.scope import partial_scope
    from kzreport.publish.outputs import remove_unclean

    scope = partial_scope(project, diags, options.strict, options.languages)
    diags = scope.diags if scope is not None else diags
    if project is None or (diags.has_errors(options.strict) and scope is None):
        if project is not None:
            remove_unclean(project, out_dir, options.internal, diags)
        raise ContentProblems(diags, options.strict)
    progress = Progress(show_progress() and not options.quiet)
    try:
        result = Build(project, options, diags, cache, scope).run(progress)
    except BuildError as exc:
        remove_unclean(project, out_dir, options.internal, diags)
        exc.diags = diags  # type: ignore[attr-defined]  # printed by the CLI with the error
        raise
    finally:
        progress.stop()
    cache.save("" if diags.has_errors() else inputs)  # after a partial build, the next one looks again
    log.debug("built %d output(s) in %.2f s", len(result.outputs), time.monotonic() - started)
    write_stats(started, len(result.outputs))
    return result


class ContentProblems(BuildError):
    def __init__(self, diags: Diagnostics, strict: bool) -> None:
        n = len(diags.errors) + (len(diags.warnings) if strict else 0)
        super().__init__(f"nothing was built: {n} problem{'s' if n != 1 else ''} to fix first")
        self.diags = diags
        self.strict = strict


