"""`kzreport scores ID --format csv|xlsx|json`: an assessment as data, for the tracking systems
(Uwazi, UPR Info, spreadsheets) that coordinators keep next to the documents.

One row per score, with the same words the document shows (the recommendation's text, the level's
label, the comment, the change since the earlier assessment), in the language asked for. Every text
goes through the anonymiser of a public build: an export leaves the organisation like a document.
CSV is UTF-8 with a header row of fixed English names (for machines); the XLSX has the document
language's headers and each level's cell filled with the scale's colour (for people); JSON has the
scale too. The XLSX is dated by the assessment, so the same scores give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from kzreport.model import Assessment, Project
from kzreport.render.scores import _CHANGE_WORDS, table

FORMATS = ("table", "csv", "xlsx", "json")
COLUMNS = ("assessment", "document", "symbol", "date", "scale", "point", "level", "label", "colour",
           "previous", "change", "recommendation", "comment")


def rows(project: Project, assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    """Each score as a flat record (the columns above)."""
    from kzreport import safety

    protect = safety.Anonymiser(project, lang)
    t = table(project, assessment, lang, protect)
    earlier = project.assessments.get(assessment.follows) if assessment.follows else None
    doc = project.settings.documents.get(assessment.document)
    out = []
    for r in t.rows:
        before = earlier.score(r.point) if earlier else None
        out.append({
            "assessment": assessment.id, "document": assessment.document, "symbol": doc.symbol if doc else "",
            "date": assessment.date.isoformat(), "scale": assessment.scale, "point": r.point, "level": r.level,
            "label": r.label, "colour": r.colour, "previous": before.level if before else "",
            "change": _change_word(project, lang, r.change), "recommendation": r.text, "comment": r.comment,
        })
    return out


def _change_word(project: Project, lang: str, change: str | None) -> str:
    if change is None:
        return ""
    key = _CHANGE_WORDS.get(change)
    return (project.strings.lookup(lang, tuple(key.split("."))) or change) if key else change


def to_csv(records: list[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


def to_json(project: Project, assessment: Assessment, lang: str, records: list[dict[str, Any]]) -> bytes:
    scale = project.settings.scales[assessment.scale]
    counts = {lv.id: sum(1 for r in records if r["level"] == lv.id) for lv in scale.levels}
    data = {
        "assessment": assessment.id, "document": assessment.document,
        "symbol": records[0]["symbol"] if records else "", "date": assessment.date.isoformat(),
        "follows": assessment.follows, "language": lang,
        "scale": {"id": scale.id, "levels": [
            {"id": lv.id, "label": project.strings.lookup(lang, ("scales", scale.id, lv.id)) or lv.id,
             "colour": lv.colour, "not-applicable": lv.not_applicable} for lv in scale.levels]},
        "counts": counts,
        "scores": [{k: v for k, v in r.items() if k not in ("assessment", "document", "symbol", "date", "scale")}
                   for r in records],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xlsx(project: Project, assessment: Assessment, lang: str, records: list[dict[str, Any]]) -> bytes:
    """A workbook: the scores (level cells in the scale's colours), then the legend with the counts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from kzreport.formats.docx import normalise_zip

    def word(key: str) -> str:
        return project.strings.lookup(lang, tuple(key.split("."))) or key.rsplit(".", 1)[-1]

    def fill(colour: str) -> PatternFill:
        return PatternFill(fill_type="solid", start_color=colour.lstrip("#").upper(), end_color=colour.lstrip("#").upper())

    has_change = assessment.follows is not None
    wb = Workbook()
    ws = wb.active
    ws.title = assessment.id[:31]
    headers = [word("words.point"), word("words.recommendation"), word("words.score")]
    widths = [10, 60, 30]
    if has_change:
        headers.append(word("words.change"))
        widths.append(14)
    headers.append(word("words.comment"))
    widths.append(60)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in records:
        values = [r["point"], r["recommendation"], r["label"]] + ([r["change"]] if has_change else []) + [r["comment"]]
        ws.append(values)
        ws.cell(row=ws.max_row, column=3).fill = fill(r["colour"])
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    legend = wb.create_sheet(word("words.scale")[:31] or "scale")
    legend.append([word("words.scale"), word("words.count")])
    for cell in legend[1]:
        cell.font = Font(bold=True)
    t = table(project, assessment, lang)
    for _, label, colour, n in t.counts:
        legend.append([label, n])
        legend.cell(row=legend.max_row, column=1).fill = fill(colour)
    legend.append([word("words.total"), len(records)])
    legend.column_dimensions["A"].width = 50
    moment = dt.datetime.combine(assessment.date, dt.time())
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = project.strings.lookup(lang, ("organisation", "name")) or "kzreport"
    out = io.BytesIO()
    wb.save(out)
    return normalise_zip(_dated(out.getvalue(), moment), moment.replace(tzinfo=dt.UTC))


def _dated(data: bytes, moment: dt.datetime) -> bytes:
    """The workbook with its "modified" date set to `moment` (openpyxl writes the time of saving)."""
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            part = src.read(name)
            if name == "docProps/core.xml":
                part = re.sub(rb"(<dcterms:modified\b[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), part)
            dst.writestr(name, part)
    return out.getvalue()


def export(project: Project, assessment: Assessment, lang: str, fmt: str) -> bytes:
    """The assessment in `fmt` (csv, xlsx or json) as bytes."""
    records = rows(project, assessment, lang)
    if fmt == "csv":
        return to_csv(records)
    if fmt == "json":
        return to_json(project, assessment, lang, records)
    if fmt == "xlsx":
        return to_xlsx(project, assessment, lang, records)
    raise ValueError(fmt)
