"""`kzreport import-points FILE.csv --document ID`: the texts of a Universal Human Rights Index export
(tests/data/uhri-cat-kaz-co4.csv, in its format: Text, Document Symbol, Themes, Document Publication
Date, ...) into content/<lang>/documents/<id>.yaml, numbered from the text, never changing a point
that is there."""

from __future__ import annotations

from pathlib import Path

from helpers import copy_root, kz

from kzreport.coordinator.points_import import number_of

SAMPLE = Path(__file__).parent / "data" / "uhri-cat-kaz-co4.csv"


def test_the_number_comes_from_the_text():
    assert number_of("10. The State party should act.", None) == ("10", "The State party should act.")
    assert number_of("(b) Sanction the officers.", "12") == ("12(b)", "Sanction the officers.")
    assert number_of("(c) And more.", "12(b)") == ("12(c)", "And more.")
    assert number_of("(a) Without a paragraph before it.", None)[0] is None
    assert number_of("The Committee welcomes ...", "12")[0] is None


def test_new_points_are_added_in_order_and_differing_ones_reported(tmp_path):
    project = copy_root("followup", tmp_path)
    target = project / "content/en/documents/cat-co4.yaml"
    before = target.read_text(encoding="utf-8")
    result = kz(project, "import-points", str(SAMPLE), "--document", "cat-co4")
    assert result.exit_code == 1, result.output  # two points differ: a person decides
    out = result.output
    assert "wrote 3 new point(s)" in out and "(1 already there)" in out
    unnumbered = next(ln for ln in out.splitlines() if "uhri-cat-kaz-co4.csv:8: error: no paragraph number" in ln)
    assert '"The Committee welcomes' in unnumbered and "content/en/documents/cat-co4.yaml by hand" in unnumbered
    conflict = next(ln for ln in out.splitlines() if "point 12 already has another text" in ln)
    assert "content/en/documents/cat-co4.yaml:5: error:" in conflict and "uhri-cat-kaz-co4.csv:4" in conflict
    assert "point 13 already has another text" in out
    assert "1 row(s) of other documents than CAT/C/KAZ/CO/4 skipped" in out

    text = target.read_text(encoding="utf-8")
    keys = [line.split(":")[0].strip().strip('"') for line in text.splitlines()[2:]]
    assert keys == ["9", "10", "11", "12", "12(a)", "12(b)", "13", "14", "15", "21", "44"]
    assert '"12": Record the time of actual detention.' in text  # kept as it was
    assert "12(a): Make sure that the actual moment of apprehension is recorded" in text
    assert "# themes: Fundamental legal safeguards; Impunity" in text
    for line in before.splitlines():
        assert line in text  # nothing that was there changed

    again = kz(project, "import-points", str(SAMPLE), "--document", "cat-co4")
    assert again.exit_code == 1 and "nothing new to add" in again.output
    assert target.read_text(encoding="utf-8") == text
    checked = kz(project, "check")
    assert checked.exit_code == 0, checked.output  # the project reads the new points


def test_a_new_file_in_another_language(tmp_path):
    project = copy_root("followup", tmp_path)
    (project / "content/ru/documents/cat-co4.yaml").unlink()
    csv = tmp_path / "ru.csv"
    csv.write_text("Text;Document Symbol;Themes;Document Publication Date\n"
                   "\"10. Привести определение пытки в соответствие с Конвенцией.\";CAT/C/KAZ/CO/4;Пытки;2023-06-02\n",
                   encoding="utf-8")
    result = kz(project, "import-points", str(csv), "--document", "cat-co4", "-l", "ru")
    assert result.exit_code == 0, result.output
    text = (project / "content/ru/documents/cat-co4.yaml").read_text(encoding="utf-8")
    assert text.startswith("title: CAT/C/KAZ/CO/4\npoints:\n")
    assert '"10": Привести определение пытки в соответствие с Конвенцией.' in text


def test_wrong_files_and_names(tmp_path):
    project = copy_root("followup", tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("Symbol,Paragraph\nCAT/C/KAZ/CO/4,10\n", encoding="utf-8")
    result = kz(project, "import-points", str(bad), "--document", "cat-co4")
    assert result.exit_code == 1 and 'bad.csv:1: error: no column "Text"' in result.output
    cp1251 = tmp_path / "old.csv"
    cp1251.write_bytes("Text\n10. Пытки\n".encode("cp1251"))
    result = kz(project, "import-points", str(cp1251), "--document", "cat-co4")
    assert result.exit_code == 1 and "not UTF-8" in result.output
    unknown = kz(project, "import-points", str(SAMPLE), "--document", "cat-co5")
    assert unknown.exit_code == 2 and "cat-co4" in unknown.output
