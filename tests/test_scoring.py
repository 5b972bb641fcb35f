"""Scales, assessments, scoring tables (DOCX shading, PDF fills) and the follow-up note."""

from __future__ import annotations

import re

import docx
import pytest
from helpers import find, kz, pdf_text, run_check
from pypdf import PdfReader

SCORES = [("10", "2", "FFE599", "↑"), ("11", "1", "EA9999", "="), ("21", "1", "EA9999", "↓"),
          ("44", "n/a", "D9D9D9", "new")]


@pytest.fixture(scope="module")
def built(built_root):
    return built_root("followup", "--strict")


def score_table(path):
    d = docx.Document(str(path))
    return next(t for t in d.tables if len(t.rows) == len(SCORES) + 1)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_docx_table_rows_and_shading(built, lang):
    table = score_table(built / "build" / lang / "note.docx")
    for row, (point, level, colour, _) in zip(table.rows[1:], SCORES, strict=True):
        cells = row.cells
        assert cells[0].text == point
        assert cells[2].text.startswith(level if lang == "en" or level != "n/a" else "н/п")
        shd = cells[2]._tc.tcPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd")
        assert shd is not None and shd.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill") == colour
        assert "kzfill" not in cells[2]._tc.xml  # the marker is gone
    change = [r.cells[3].text for r in table.rows[1:]]
    assert change == (["↑", "=", "↓", "new"] if lang == "en" else ["↑", "=", "↓", "новая"])
    header = table.rows[0]._tr.trPr
    assert header is not None and "tblHeader" in header.xml
    assert {p.style.name for c in table.rows[0].cells for p in c.paragraphs} == {"Table Heading"}
    assert {p.style.name for r in table.rows[1:] for c in r.cells for p in c.paragraphs if p.text} == {"Table Text"}


def test_docx_comment_and_recommendation_text(built):
    table = score_table(built / "build" / "en" / "note.docx")
    assert table.rows[4].cells[1].text == "Open military facilities to independent monitoring."
    assert table.rows[4].cells[4].text.startswith("According to the State")


def _fills(pdf_path):
    colours = set()
    for page in PdfReader(str(pdf_path)).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|scn)", data):
            colours.add("".join(f"{round(float(x) * 255):02X}" for x in (r, g, b)))
    return colours


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_cells_are_filled(built, lang):
    fills = _fills(built / "build" / lang / "note.pdf")
    for _, _, colour, _ in SCORES:
        assert colour in fills, (colour, fills)


@pytest.mark.parametrize("lang,one,many", [("en", "On Point 10", "On Points 11–15"),
                                           ("ru", "По пункту 10", "По пунктам 11–15")])
def test_point_sections(built, lang, one, many):
    d = docx.Document(str(built / "build" / lang / "note.docx"))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == [one, many, one.replace("10", "21")]
    text = pdf_text(built / "build" / lang / "note.pdf")
    assert many in text and "11" not in headings[0]
    conclusions = [p.text for p in d.paragraphs if p.style.name == "Conclusions"]
    assert len(conclusions) == 2


@pytest.mark.parametrize("lang,legend", [("en", "2 — Partially implemented"), ("ru", "2 — Выполнена частично")])
def test_legend_counts(built, lang, legend):
    d = docx.Document(str(built / "build" / lang / "note.docx"))
    table = d.tables[-1]
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert rows[legend] == "1"
    assert list(rows.values())[-1] == "4"


def test_scores_command(built):
    result = kz(built, "scores", "fu-2024")
    assert result.exit_code == 0, result.output
    for point, _level, _, _ in SCORES:
        assert point in result.output
    assert "2 — Partially implemented" in result.output and "n/a — Not assessed" in result.output
    assert "Total" in result.output
    assert kz(built, "scores", "nosuch").exit_code == 2  # an unknown name on the command line: a usage error


BASE = {
    "content/assessments/a.yaml": "document: cat-co4\nscale: coalition\ndate: 2024-01-01\nscores:\n"
                                  "  - {point: 10, level: 2}\n",
}


def test_misspelt_level(tmp_path):
    code, lines = run_check(tmp_path, {"content/assessments/a.yaml": BASE["content/assessments/a.yaml"]
                                       .replace("level: 2", "level: 4")})
    assert code == 1
    assert '"1", "2", "3" or "n/a"' in find(lines, "content/assessments/a.yaml", 5, '"4"', "not a level")


def test_unknown_scale_point_and_double_score(tmp_path):
    code, lines = run_check(tmp_path, {"content/assessments/a.yaml":
                                       "document: cat-co4\nscale: coalitoin\ndate: 2024-01-01\nscores:\n"
                                       "  - {point: 10, level: 2}\n"})
    assert code == 1
    assert 'did you mean "coalition"' in find(lines, "a.yaml", 2, "unknown scale")
    code, lines = run_check(tmp_path / "2", {"content/assessments/a.yaml":
                                             "document: cat-co4\nscale: hrc\ndate: 2024-01-01\nscores:\n"
                                             "  - {point: 10, level: B}\n  - {point: 10, level: C}\n"
                                             "  - {point: 99, level: A}\n"})
    assert code == 1
    find(lines, "a.yaml", 6, "scored twice")
    find(lines, "a.yaml", 7, "no point", "99")


def test_comment_for_unscored_point(tmp_path):
    code, lines = run_check(tmp_path, {**BASE, "content/en/assessments/a.yaml": '"10": Fine.\n"11": Not scored.\n',
                                       "content/ru/assessments/a.yaml": '"10": Хорошо.\n'})
    assert code == 1
    find(lines, "content/en/assessments/a.yaml", 2, "does not score")


def test_missing_comment_translation_warns(tmp_path):
    code, lines = run_check(tmp_path, {**BASE, "content/en/assessments/a.yaml": '"10": Fine.\n'})
    assert code == 0
    find(lines, "content/ru/assessments/a.yaml", None, "missing translation", "assessments.a.10")


def test_missing_scale_label_translation(tmp_path):
    code, lines = run_check(tmp_path, {
        **BASE,
        "kzreport.yaml": "languages: [en, ru]\nthemes: [safeguards]\ndocuments:\n"
                         "  cat-co4: {symbol: CAT/C/KAZ/CO/4}\ndefaults:\n  document: cat-co4\nscales:\n"
                         "  mine:\n    levels:\n      - {id: low, colour: \"#FF0000\"}\n"
                         "      - {id: high, colour: \"#00FF00\"}\n",
        "content/assessments/a.yaml": "document: cat-co4\nscale: mine\ndate: 2024-01-01\nscores:\n"
                                      "  - {point: 10, level: high}\n",
        "content/en/scales.yaml": "mine:\n  low: Low\n  high: High\n",
    })
    assert code == 0
    find(lines, "content/ru/scales.yaml", None, "missing translation")


def test_scale_colour_must_be_a_colour(tmp_path):
    code, lines = run_check(tmp_path, {
        "kzreport.yaml": "languages: [en, ru]\nthemes: [safeguards]\ndocuments:\n"
                         "  cat-co4: {symbol: CAT/C/KAZ/CO/4}\ndefaults:\n  document: cat-co4\nscales:\n"
                         "  mine:\n    levels:\n      - {id: low, colour: red}\n"})
    assert code == 1
    find(lines, "kzreport.yaml", None, "colour")
