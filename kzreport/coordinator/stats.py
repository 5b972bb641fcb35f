"""`kzreport stats`: what a coordinator checks before sending a submission: words per section and per
document (the footnotes apart), pages, footnotes, sources cited, cases by disclosure, and the word
limit of the body it goes to.

Why it builds: the counts are those of the documents that are sent, so stats first builds what is out
of date, exactly as `kzreport build` would (nothing, when the outputs are current), then counts the
DOCX (wordcount.py) and the PDF's pages. Sources and cases come from the report as rendered, so they
are the ones the document shows. `kzreport check` counts the reports that have a word limit the same
way, in a private folder (`check_word_limits`).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from kzreport.build import BuildOptions, ContentProblems, build, load_and_validate
from kzreport.coordinator import limits
from kzreport.coordinator.wordcount import DocCount, Section, count_docx, count_pages
from kzreport.errors import BuildError, Diagnostics, KzError, display_path
from kzreport.model import DISCLOSURES, Project, Report


@dataclass
class DocumentStats:
    report: Report
    lang: str
    docx: Path
    pdf: Path
    count: DocCount
    pages: int | None
    sources: list[str]
    cases: dict[str, int]
    limit: limits.Limit | None

    @property
    def over(self) -> int:
        return self.count.total - self.limit.words if self.limit and self.count.total > self.limit.words else 0


@dataclass
class StatsResult:
    documents: list[DocumentStats] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def over(self) -> bool:
        return any(d.over for d in self.documents)


def _rendered(project: Project, report: Report, lang: str, internal: bool) -> tuple[list[str], list[str]]:
    """The blocks a report shows in `lang` (every case, confidential ones too, when `internal`) and the
    texts it prints, as a build renders them."""
    from kzreport import safety
    from kzreport.render.context import DocumentContext, make_environment
    from kzreport.render.skeleton import render_skeleton

    ctx = DocumentContext(project, report, lang, Diagnostics(), internal=internal,
                          visible=lambda b: safety.is_visible(b, internal))
    skeleton = render_skeleton(make_environment(project.root), ctx)
    texts = [skeleton] + [b["text"] for b in ctx.slots.bodies.values()] + \
        [c["text"] for t in ctx.slots.tables.values() for row in [t["header"], *t["rows"]] for c in row]
    return list(dict.fromkeys(ctx.used_blocks)), texts


def sources_and_cases(project: Project, report: Report, lang: str) -> tuple[list[str], dict[str, int]]:
    """The sources the document cites, and its cases by disclosure (confidential ones are left out of
    every published document: counted apart)."""
    from kzreport.checks.citations import find_citations

    _, texts = _rendered(project, report, lang, internal=False)
    known = project.sources.ids(lang) | project.sources.ids(project.settings.source_language)
    cited = sorted({c.id for text in texts for c in find_citations(text, 1)} & known)
    used, _ = _rendered(project, report, lang, internal=True)
    cases = {d: 0 for d in DISCLOSURES}
    for bid in used:
        block = project.blocks.get(bid)
        if block is not None and block.type == "case" and block.disclosure in cases:
            cases[block.disclosure] += 1
    return cited, cases


def collect(root: Path, reports: tuple[str, ...], languages: tuple[str, ...], strict: bool) -> StatsResult:
    """Build what is out of date (DOCX and PDF, as `kzreport build`), then count each document."""
    options = BuildOptions(reports=reports, languages=languages, formats=("docx", "pdf"), quiet=True)
    try:
        build(root, options)
    except ContentProblems as exc:
        for d in exc.diags.sorted():
            click.echo(d.format(), err=True)
        raise KzError("fix the problems above first (kzreport check lists them); stats counts built documents") \
            from None
    except BuildError as exc:
        for d in (getattr(exc, "diags", None) or Diagnostics()).sorted():
            click.echo(d.format(), err=True)
        raise
    project, _ = load_and_validate(root)
    assert project is not None  # it was just built
    result = StatsResult()
    result.diagnostics.silence(project.settings.silence)
    out = project.layout.build()
    for rid in reports or sorted(project.reports):
        report = project.reports[rid]
        for lang in languages or project.languages:
            docx, pdf = out / lang / f"{rid}.docx", out / lang / f"{rid}.pdf"
            if not docx.is_file():
                result.diagnostics.error(report.path, None, f"the {lang} document was not built "
                                                            f"({display_path(docx)}): see kzreport build")
                continue
            count = count_docx(docx)
            cited, cases = sources_and_cases(project, report, lang)
            result.documents.append(DocumentStats(report, lang, docx, pdf, count, count_pages(pdf) if pdf.is_file()
                                                  else None, cited, cases, limits.limit_for(project, report)))
            limits.check(project, report, lang, count.total, result.diagnostics, text=count.words,
                         notes=count.note_words)
    return result


def check_word_limits(root: Path, project: Project, diags: Diagnostics) -> None:
    """For `kzreport check`: the reports that have a word limit, built as DOCX in a private folder and
    counted (a second or two each); nothing when the project has errors (they come first)."""
    limited = tuple(sorted(rid for rid, r in project.reports.items() if limits.limit_for(project, r)))
    if not limited or diags.has_errors():
        return
    with tempfile.TemporaryDirectory(prefix="kzreport-count-") as tmp:
        try:
            result = build(root, BuildOptions(reports=limited, formats=("docx",), out_dir=Path(tmp), quiet=True))
        except BuildError as exc:
            diags.error(project.settings.path, None, f"the words of {', '.join(limited)} could not be counted: "
                                                     f"{exc.message}")
            return
    diags.extend(d for d in result.diagnostics if d.code == limits.CODE)


# -- printing ---------------------------------------------------------------------------------------

def _rows(section: Section, depth: int = 0) -> list[tuple[int, int, int, str]]:
    name = section.heading or "(before the first heading: title, cover)"
    words, note_words, notes = ((section.total_words, section.total_note_words, section.total_notes) if depth == 0
                                else (section.words, section.note_words, section.notes))
    rows = [(words, note_words, notes, "  " * depth + name)]
    for sub in section.subsections:
        rows.extend(_rows(sub, depth + 1))
    return rows


def print_stats(result: StatsResult) -> None:
    for d in result.documents:
        c = d.count
        pages = f"{d.pages} page{'s' if d.pages != 1 else ''}" if d.pages is not None else "pages unknown (no PDF)"
        click.echo(f"{d.report.id} ({d.lang}): {display_path(d.docx)}, {pages}")
        click.echo(f"  {c.total:,} words: {c.words:,} in the text and {c.note_words:,} in {c.notes:,} footnotes; "
                   f"{len(d.sources)} source{'s' if len(d.sources) != 1 else ''} cited")
        cases = ", ".join(f"{n} {k}" for k, n in d.cases.items() if n)
        click.echo(f"  cases: {cases or 'none'}" + (" (confidential cases are left out of published documents)"
                                                    if d.cases.get("confidential") else ""))
        if d.limit is not None:
            verdict = f"{d.over:,} words over" if d.over else f"{d.limit.words - c.total:,} words to spare"
            source = "word-limit: of the report" if d.report.option("word-limit") else d.limit.body
            click.echo(f"  word limit: {d.limit.words:,} ({source}): {verdict}")
        click.echo(f"  {'words':>8} {'in notes':>9} {'notes':>6}  section")
        for words, note_words, notes, name in (r for s in c.sections for r in _rows(s)):
            click.echo(f"  {words:>8,} {note_words:>9,} {notes:>6}  {name}")
        click.echo(f"  {c.words:>8,} {c.note_words:>9,} {c.notes:>6}  total")
        click.echo("")


def _section_json(s: Section) -> dict[str, Any]:
    return {"heading": s.heading, "level": s.level, "words": s.words, "note_words": s.note_words,
            "footnotes": s.notes, "subsections": [_section_json(x) for x in s.subsections]}


def print_json(result: StatsResult) -> None:
    docs = []
    for d in result.documents:
        docs.append({
            "report": d.report.id, "language": d.lang, "definition": display_path(d.report.path),
            "docx": display_path(d.docx), "pdf": display_path(d.pdf) if d.pages is not None else None,
            "pages": d.pages, "words": d.count.words, "note_words": d.count.note_words,
            "total_words": d.count.total, "footnotes": d.count.notes, "sources": d.sources, "cases": d.cases,
            "limit": ({"words": d.limit.words, "body": d.limit.body, "over": d.over} if d.limit else None),
            "sections": [_section_json(s) for s in d.count.sections],
        })
    click.echo(json.dumps({"documents": docs}, ensure_ascii=False, indent=2))
