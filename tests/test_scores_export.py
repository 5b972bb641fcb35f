"""`kzreport scores ID --format csv|xlsx|json [-o FILE]`: a row per score, the levels' colours as XLSX cell
fills, the same bytes every time, names protected as in a published document."""

from __future__ import annotations

import csv
import io
import json
import time

from helpers import copy_root, kz, write_project


def test_csv_has_a_row_per_score_with_the_change(tmp_path):
    project = copy_root("followup", tmp_path)
    result = kz(project, "scores", "fu-2024", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["point"] for r in rows] == ["10", "11", "21", "44"]
    first = rows[0]
    assert first["level"] == "2" and first["previous"] == "1" and first["colour"] == "#FFE599"
    assert first["symbol"] == "CAT/C/KAZ/CO/4" and first["label"].startswith("2 ")
    assert rows[3]["comment"].startswith("According to the State")
    assert rows[3]["change"] and rows[3]["previous"] == ""


def test_csv_in_the_other_language_to_a_file(tmp_path):
    project = copy_root("followup", tmp_path)
    out = tmp_path / "fu.csv"
    result = kz(project, "scores", "fu-2024", "--format", "csv", "-l", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and any("\u0400" <= ch <= "\u04ff" for ch in rows[0]["label"])


def test_json_has_the_scale_and_the_counts(tmp_path):
    project = copy_root("followup", tmp_path)
    result = kz(project, "scores", "fu-2024", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["follows"] == "fu-2023" and len(data["scores"]) == 4
    assert data["counts"] == {"1": 2, "2": 1, "3": 0, "n/a": 1}
    assert [lv["colour"] for lv in data["scale"]["levels"]] == ["#EA9999", "#FFE599", "#B6D7A8", "#D9D9D9"]


def test_xlsx_fills_each_level_with_its_colour_and_is_reproducible(tmp_path):
    from openpyxl import load_workbook

    project = copy_root("followup", tmp_path)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert kz(project, "scores", "fu-2024", "--format", "xlsx", "-o", str(first)).exit_code == 0
    time.sleep(1.1)  # a workbook dated by the clock would now differ
    assert kz(project, "scores", "fu-2024", "--format", "xlsx", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    sheet = load_workbook(first).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Point", "Recommendation", "Score"] and "Change" in header
    fills = {sheet.cell(row=i, column=3).value: sheet.cell(row=i, column=3).fill.fgColor.rgb for i in range(2, 6)}
    assert fills["2 — Partially implemented"].endswith("FFE599")
    assert fills["1 — Not implemented"].endswith("EA9999")
    legend = load_workbook(first).worksheets[1]
    assert [legend.cell(row=i, column=2).value for i in range(2, 7)] == [0, 1, 2, 1, 4]


def test_xlsx_needs_a_file_and_an_unknown_assessment_is_a_usage_error(tmp_path):
    project = copy_root("followup", tmp_path)
    result = kz(project, "scores", "fu-2024", "--format", "xlsx")
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.output
    assert kz(project, "scores", "fu-2025", "--format", "csv").exit_code == 2
    assert kz(project, "scores", "fu-2024", "--format", "pdf").exit_code == 2


def test_no_export_names_a_protected_person(tmp_path):
    project = write_project(tmp_path / "p", {
        "content/en/safeguards/case.md": "---\ntype: case\ntitle: A case\ntheme: safeguards\ndisclosure: anonymised\n"
                                         "pseudonym: M. K.\nprotect: [Mikhail Kazantsev]\n---\n"
                                         "Mikhail Kazantsev was held without a lawyer.\n",
        "content/ru/safeguards/case.md": "---\ntitle: Дело\n---\nМихаила Казанцева держали без адвоката.\n",
        "content/assessments/a.yaml": "document: cat-co4\nscale: coalition\ndate: 2024-06-15\n"
                                      "scores:\n  - {point: 10, level: 1}\n",
        "content/en/assessments/a.yaml": '"10": "Nothing changed for Mikhail Kazantsev."\n',
    })
    result = kz(project, "scores", "a", "--format", "csv", "-o", str(tmp_path / "a.csv"))
    assert result.exit_code == 1  # refused, at the comment, as for a document
    assert "content/en/assessments/a.yaml:1: error:" in result.output.replace(str(project) + "/", "")
    assert not (tmp_path / "a.csv").exists()
