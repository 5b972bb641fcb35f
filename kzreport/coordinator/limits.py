"""Word limits: UN bodies limit what civil society may submit (the Human Rights Committee: 10,000 words),
and a report may set its own limit. Going over is a warning, an error under --strict.

Why in the build: the words are known only once the document exists (citeproc writes the footnotes),
so every build counts the DOCX it made, or the one it kept because nothing changed (wordcount.py),
for each report that has a limit, and a strict build publishes nothing while a document is over.
The limit counts the text and the footnotes, the stricter reading; `kzreport stats` shows both.

A report's limit: its own `word-limit:`, else that of the body it goes to: `body:` in the report,
else the body of its assessment's document, else of the project's default document; the bodies'
limits are `word-limits:` in kzreport.yaml over the ones kzreport ships (data/bodies.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzreport.errors import Diagnostics
from kzreport.model import Project, Report

CODE = "word-limit"


@dataclass(frozen=True)
class Limit:
    words: int
    body: str | None
    where: str  # where the limit is set, in words
    line: int | None  # the line of the report file the message points at


def report_body(project: Project, report: Report) -> str | None:
    """The UN body the report goes to."""
    if report.option("body"):
        return str(report.option("body"))
    settings = project.settings
    assessment = project.assessments.get(report.option("assessment") or "")
    doc_id = assessment.document if assessment else settings.default_document
    doc = settings.documents.get(doc_id or "")
    return doc.body or None if doc else None


def limit_for(project: Project, report: Report) -> Limit | None:
    lines = report.option("lines", {}) or {}
    own = report.option("word-limit")
    body = report_body(project, report)
    if own:
        return Limit(int(own), body, "set by word-limit: in this file", lines.get("word-limit"))
    if body is None or body not in project.settings.word_limits:
        return None
    words = project.settings.word_limits[body]
    if body in project.settings.word_limit_lines:
        line = project.settings.word_limit_lines[body]
        where = f"the limit for {body} in kzreport.yaml{f' (line {line})' if line else ''}, word-limits:"
    else:
        where = (f"{body}'s published limit for civil-society submissions, which kzreport knows; to use another, "
                 f"set word-limits: {{{body}: N}} in kzreport.yaml or word-limit: in this file")
    return Limit(words, body, where, lines.get("body"))


def check(project: Project, report: Report, lang: str, words: int, diags: Diagnostics, *,
          text: int | None = None, notes: int | None = None) -> bool:
    """A warning when the report's `lang` document has more words than its limit; True if it has."""
    limit = limit_for(project, report)
    if limit is None or words <= limit.words:
        return False
    split = f" ({text:,} in the text, {notes:,} in footnotes)" if text is not None and notes is not None else \
        " (footnotes included)"
    diags.warning(report.path, limit.line,
                  f"the {lang} document has {words:,} words{split}, {words - limit.words:,} over the limit of "
                  f"{limit.words:,} words ({limit.where}); shorten it, or change the limit", code=CODE)
    return True


def check_build(project: Project, finished: list[tuple[Any, dict[str, Any]]], skipped: list[str], base: Path,
                diags: Diagnostics, strict: bool = False) -> list[tuple[str, str]]:
    """After a build's documents are finished, before they are published: each report with a limit,
    in each language built, counted from its DOCX (the new one, or the one kept as up to date), else
    from pandoc's count. The (report, language) pairs over their limit; under `strict`, a BuildError
    if there are any (nothing is published)."""
    from kzreport.coordinator.wordcount import count_docx
    from kzreport.publish.manifest import MANIFEST, read_manifest

    limited = {rid for rid, r in project.reports.items() if limit_for(project, r) is not None}
    docx: dict[tuple[str, str], Path] = {}
    words: dict[tuple[str, str], int] = {}
    for planned, stats in finished:
        job = planned.job
        if job.report_id not in limited:
            continue
        if job.format == "docx":
            docx[job.report_id, job.lang] = job.temp_path
        words.setdefault((job.report_id, job.lang), int(stats.get("words", 0)))
    manifest = read_manifest(base / MANIFEST) if skipped else {}
    for rel in skipped:
        lang, _, name = rel.partition("/")
        rid, _, ext = name.rpartition(".")
        if rid not in limited:
            continue
        if ext == "docx" and (base / rel).is_file():
            docx.setdefault((rid, lang), base / rel)
        elif isinstance(manifest.get(rel, {}).get("words"), int):
            words.setdefault((rid, lang), manifest[rel]["words"])
    over = []
    for rid, lang in sorted(set(docx) | set(words)):
        report = project.reports[rid]
        if (rid, lang) in docx:
            c = count_docx(docx[rid, lang])
            hit = check(project, report, lang, c.total, diags, text=c.words, notes=c.note_words)
        else:
            hit = check(project, report, lang, words[rid, lang], diags)
        if hit:
            over.append((rid, lang))
    if over and strict:
        from kzreport.errors import BuildError

        raise BuildError("nothing was built: " + ", ".join(f"{r} ({lang})" for r, lang in over)
                         + " over the word limit (--strict)")
    return over
