"""Report definitions (content/reports/<id>.yaml) and assessments (content/assessments/<id>.yaml)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kzreport.errors import Diagnostics, did_you_mean
from kzreport.load import schema as s
from kzreport.load.blocks import points_field
from kzreport.load.textfile import read_text
from kzreport.load.yamlfile import LList, LMap, load
from kzreport.model import (
    Assessment,
    Report,
    Score,
    Section,
    Settings,
)

# -- reports ---------------------------------------------------------------------------------------

REPORT_TYPES = ("alternative-report", "followup-note", "loi-reply", "address")


def _point_list(settings: Settings) -> s.Field:
    return s.ListOf(points_field(settings.default_document))


def report_schema(settings: Settings) -> s.Schema:
    section = s.Schema({
        "theme": s.Str(default=None),
        "heading": s.Str(default=None, help="a key in the language trees' strings, e.g. sections.introduction"),
        "blocks": s.ListOf(s.Str()),
        "follows": _point_list(settings),
    }, name="a report section")
    return s.Schema({
        "type": s.Str(required=True, help=f"the kind of document: {', '.join(REPORT_TYPES)}, or a template of "
                                          f"the project's own"),
        "date": s.Date(required=True, help="the date printed on the document (YYYY-MM-DD)"),
        "cover": s.ListOf(s.Str(), help="text blocks shown on the cover page"),
        "about": s.Str(default=None, help="a text block printed as the footnote about the organisation"),
        "toc": s.Bool(default=True),
        "sections": s.ListOf(section, allow_single=False),
        "blocks": s.ListOf(s.Str(), help="the blocks of a follow-up note or List-of-Issues reply, in order"),
        "scores": s.ListOf(s.Str()),
        "sources-list": s.Bool(default=False),
        "numbered-paragraphs": s.Bool(default=False),
        "annexes": s.ListOf(s.Str()),
        "annex-numbering": s.Choice(("letters", "roman"), default="roman"),
        "assessment": s.Str(default=None),
        "disclaimer": s.Str(default=None),
        "masthead": s.Schema({
            "symbol": s.Str(required=True, help='the document\'s UN symbol, e.g. "CAT/C/KAZ/NGO/1"'),
            "distribution": s.Choice(("general", "limited", "restricted"), default="general"),
            "original-language": s.Choice(settings.languages, required=True,
                                          help="the language the document was written in, e.g. en"),
        }, name="masthead", default=None, help="a UN-style masthead: symbol, distribution, original language"),
        # the coordinator's desk (kzreport stats, the charts of scores)
        "body": s.Str(default=None, help="the UN body the document goes to, e.g. CAT or CCPR (its word limit applies)"),
        "word-limit": s.Int(minimum=1, default=None, help="the most words the document may have, footnotes included"),
        "charts": s.Bool(default=True, help="false leaves out the charts under the scoring tables"),
        "pdf-standard": s.Choice(("a-2b", "a-2u", "a-3b", "a-3u", "a-4", "ua-1"), default=None,
                                 help="a PDF/A or PDF/UA profile the PDF must meet, e.g. a-2b for archiving"),
    }, name="a report definition")


def _item_lines(mapping: Any, key: str) -> tuple[int, ...]:
    """The line of each item of the list under `key` (empty when it is not a list)."""
    value = mapping.get(key) if isinstance(mapping, LMap) else None
    return tuple(value.lines) if isinstance(value, LList) else ()


def load_reports(settings: Settings, diags: Diagnostics) -> dict[str, Report]:
    folder = settings.layout.reports
    rschema = report_schema(settings)
    reports: dict[str, Report] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        text = read_text(path, diags)
        if text is None:
            continue
        data = load(text, path, diags)
        if data is None:
            if not text.strip():
                diags.error(path, None, "the report definition is empty; it needs at least type and date")
            continue
        v = rschema.validate(data, path, diags)
        secs = data.get("sections") if isinstance(data, LMap) else None
        sections = tuple(
            Section(theme=sec["theme"], blocks=tuple(sec["blocks"]), follows=tuple(sec["follows"]),
                    heading=sec["heading"], line=secs.line_of(i) if isinstance(secs, LList) else None,
                    block_lines=_item_lines(secs[i] if isinstance(secs, LList) else None, "blocks"))
            for i, sec in enumerate(v["sections"] or []))
        if v["body"] and v["body"] not in settings.bodies:
            diags.error(path, data.line_of("body") if isinstance(data, LMap) else None,
                        f'unknown UN body "{v["body"]}"{did_you_mean(v["body"], settings.bodies)}; the bodies known are '
                        f"{', '.join(settings.bodies)} (a body is known from documents:, word-limits: or cycles: in "
                        f"kzreport.yaml)")
        options = {k: v[k] for k in v if k not in ("type", "date", "sections")}
        options["lines"] = {k: data.line_of(k) for k in data} if isinstance(data, LMap) else {}
        options["item_lines"] = {k: _item_lines(data, k) for k in ("cover", "blocks", "annexes", "scores")}
        reports[path.stem] = Report(id=path.stem, type=v["type"] or "", date=v["date"] or dt.date(1970, 1, 1),
                                    path=path, sections=sections, options=options)
    return reports


# -- assessments -----------------------------------------------------------------------------------

ASSESSMENT = s.Schema({
    "document": s.Str(required=True, help="the UN document whose points are scored, as listed in kzreport.yaml"),
    "scale": s.Str(required=True, help="the scale used, e.g. coalition or hrc"),
    "date": s.Date(required=True),
    "follows": s.Str(default=None, help="the id of the earlier assessment of the same points"),
    "scores": s.Any_(required=True, help="a list of points with their level, e.g. - {point: 10, level: 2}"),
}, name="an assessment")

SCORE = s.Schema({"point": s.Str(required=True), "level": s.Str(required=True)}, name="a score")


def load_assessments(settings: Settings, diags: Diagnostics) -> dict[str, Assessment]:
    folder = settings.layout.assessments
    out: dict[str, Assessment] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        text = read_text(path, diags)
        if text is None:
            continue
        data = load(text, path, diags)
        if data is None:
            continue
        v = ASSESSMENT.validate(data, path, diags)
        raw = data.get("scores") if isinstance(data, LMap) else None
        scores: list[Score] = []
        if raw is not None and not isinstance(raw, LList):
            diags.error(path, data.line_of("scores"), '"scores" must be a list, e.g. - {point: 10, level: 2}')
        items = raw if isinstance(raw, LList) else LList()
        for i, item in enumerate(items):
            sv = SCORE.validate(item, path, diags, line=items.line_of(i))
            if sv["point"] is not None and sv["level"] is not None:
                scores.append(Score(sv["point"], sv["level"], items.line_of(i)))
        out[path.stem] = Assessment(id=path.stem, document=v["document"] or "", scale=v["scale"] or "",
                                    date=v["date"] or dt.date(1970, 1, 1), scores=tuple(scores),
                                    follows=v["follows"], path=path,
                                    lines={str(k): data.line_of(k) for k in data} if isinstance(data, LMap) else {})
    return out
