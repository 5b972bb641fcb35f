"""`kzreport check`: every kind of bad input gives PATH:LINE: error: MESSAGE, all at once, exit 1."""

from __future__ import annotations

import pytest
from helpers import MINIMAL, find, kz, run_check, write_project


def test_minimal_project_is_clean(tmp_path):
    code, lines = run_check(tmp_path, {})
    assert code == 0, lines
    assert lines == []


def test_broken_yaml_in_front_matter(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: [unclosed\ntheme: safeguards\n---\nText\n"})
    assert code == 1
    find(lines, "content/en/safeguards/finding.md", None, "yaml")


def test_colon_in_title_explained(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: Article 146: torture\ntheme: safeguards\n---\nT\n"})
    assert code == 1
    find(lines, "finding.md", 3, "quotes")


def test_unknown_key_with_suggestion(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\nthem: safeguards\n---\nText\n"})
    assert code == 1
    assert 'did you mean "theme"' in find(lines, "finding.md", 4, "unknown key")


def test_wrong_type(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntheme: safeguards\norder: first\n---\nX\n"})
    assert code == 1
    find(lines, "finding.md", 5, "order", "whole number")


def test_unknown_block_type(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: findings\ntitle: T\ntheme: safeguards\n---\nX\n"})
    assert code == 1
    assert 'did you mean "finding"' in find(lines, "finding.md", 2, "findings")


def test_unknown_theme(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntheme: safegards\n---\nX\n"})
    assert code == 1
    assert 'did you mean "safeguards"' in find(lines, "finding.md", 4, "unknown theme")


def test_unknown_point(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntheme: safeguards\npoints: [11]\n---\nX\n"})
    assert code == 1
    find(lines, "finding.md", 5, "no point", "11")


def test_duplicate_ids_differing_in_case(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/Finding.md": "---\ntype: finding\ntitle: T\ntheme: safeguards\n---\nX\n"})
    assert code == 1
    assert '"safeguards/Finding"' in find(lines, "finding.md", None, "capital letters")


def test_report_names_missing_block(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n"
                                  "  - theme: safeguards\n    blocks: [safeguards/findng]\n"})
    assert code == 1
    assert 'did you mean "safeguards/finding"' in find(lines, "content/reports/r.yaml", 5, "does not exist")


def test_block_listed_twice(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n"
                                  "  - theme: safeguards\n    blocks: [safeguards/finding, safeguards/finding]\n"})
    assert code == 1
    find(lines, "r.yaml", 5, "listed twice")


def test_translation_without_source(tmp_path):
    code, lines = run_check(tmp_path, {"content/ru/safeguards/orphan.md": "---\ntitle: Сирота\n---\nТекст\n"})
    assert code == 1
    line = find(lines, "content/ru/safeguards/orphan.md", None, "no source")
    assert "content/en/safeguards/orphan.md" in line


def test_missing_translation_is_a_warning_naming_both_files(tmp_path):
    code, lines = run_check(tmp_path, {"content/ru/safeguards/finding.md": None})
    assert code == 0
    line = find(lines, "content/ru/safeguards/finding.md", None, "missing translation")
    assert "content/en/safeguards/finding.md" in line
    code, _ = run_check(tmp_path / "again", {"content/ru/safeguards/finding.md": None}, "--strict")
    assert code == 1


def test_cp1251_file(tmp_path):
    data = "---\ntitle: Вывод\n---\nТекст в кодировке Windows.\n".encode("cp1251")
    code, lines = run_check(tmp_path, {"content/ru/safeguards/finding.md": data})
    assert code == 1
    assert "cp1251" in find(lines, "content/ru/safeguards/finding.md", 2, "not UTF-8")


def test_utf16_file(tmp_path):
    data = "---\ntitle: Вывод\n---\nТекст.\n".encode("utf-16")
    code, lines = run_check(tmp_path, {"content/ru/safeguards/finding.md": data})
    assert code == 1
    assert "UTF-16" in find(lines, "content/ru/safeguards/finding.md", None, "not UTF-8")


def test_translation_restating_neutral_field_differently(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/ru/safeguards/finding.md": "---\ntitle: Вывод\ntype: case\n---\nТекст.\n"})
    assert code == 1
    find(lines, "content/ru/safeguards/finding.md", 3, '"type"', "source")


def test_translation_restating_neutral_field_identically_is_fine(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/ru/safeguards/finding.md": "---\ntitle: Вывод\ntype: finding\ntheme: safeguards\n---\nТекст.\n"})
    assert code == 0, lines


def test_bom_and_crlf_are_accepted(tmp_path):
    text = "\ufeff---\r\ntype: finding\r\ntitle: T\r\ntheme: safeguards\r\npoints: [10]\r\n---\r\nText\r\n"
    code, lines = run_check(tmp_path, {"content/en/safeguards/finding.md": text.encode("utf-8")})
    assert code == 0, lines


def test_every_problem_at_once(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\nthem: safeguards\n---\nX\n",
        "content/en/safeguards/other.md": "---\ntype: nonsense\ntitle: T\ntheme: safeguards\n---\nX\n",
        "content/reports/r.yaml": "type: alternative-report\ndate: yesterday\nsections:\n  - theme: safeguards\n",
    })
    assert code == 1
    find(lines, "finding.md", 4, "unknown key")
    find(lines, "other.md", 2, "nonsense")
    find(lines, "r.yaml", 2, "date")


def test_missing_front_matter(tmp_path):
    code, lines = run_check(tmp_path, {"content/en/safeguards/finding.md": "Just text, no fields.\n"})
    assert code == 1
    find(lines, "finding.md", 1, "front matter")


def test_unknown_report_type(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/reports/r.yaml": "type: alternative-reprot\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n"})
    assert code == 1
    assert 'did you mean "alternative-report"' in find(lines, "r.yaml", 1, "unknown report type")


def test_missing_required_string(tmp_path):
    code, lines = run_check(tmp_path, {"content/en/themes.yaml": "other: Other\n"})
    assert code == 1
    find(lines, "kzreport.yaml", None, "themes.safeguards", "missing")


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_block_file(tmp_path, text):
    code, lines = run_check(tmp_path, {"content/en/safeguards/finding.md": text})
    assert code == 1
    find(lines, "finding.md", None, "empty")


def test_tab_indentation_in_yaml(tmp_path):
    code, lines = run_check(tmp_path, {"kzreport.yaml": "languages: [en, ru]\nthemes:\n\t- safeguards\n"})
    assert code == 1
    find(lines, "kzreport.yaml", 3, "tab")


def test_duplicate_yaml_key(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntitle: U\ntheme: safeguards\n---\nX\n"})
    assert code == 1
    find(lines, "finding.md", 4, "appears twice")


def test_not_a_project(tmp_path):
    result = kz(tmp_path, "check")
    assert result.exit_code == 1
    assert "kzreport.yaml" in result.output and "Traceback" not in result.output


def test_an_unexpected_failure_is_explained_without_a_traceback(tmp_path, monkeypatch):
    import kzreport.build

    def broken(root):
        raise ValueError("simulated")

    monkeypatch.setattr(kzreport.build, "load_and_validate", broken)
    result = kz(write_project(tmp_path / "p"), "check")
    assert result.exit_code == 1
    assert "bug in kzreport" in result.output and "simulated" in result.output and "Traceback" not in result.output


UNCITED = {
    "content/en/sources.yaml": "- id: unused\n  type: report\n  title: Never cited\n",
    "content/ru/sources.yaml": "- id: unused\n  type: report\n  title: Не цитируется\n",
}


def test_a_warning_shows_its_code_and_kzreport_yaml_can_silence_it(tmp_path):
    code, lines = run_check(tmp_path / "loud", UNCITED)
    assert find(lines, "content/en/sources.yaml", 1, "never cited").endswith("[uncited-source]")
    config = MINIMAL["kzreport.yaml"] + "silence: [uncited-source]\n"
    code, lines = run_check(tmp_path / "quiet", {**UNCITED, "kzreport.yaml": config}, "--strict")
    assert (code, lines) == (0, [])


def test_warnings_that_protect_people_and_unknown_codes_cannot_be_silenced(tmp_path):
    config = MINIMAL["kzreport.yaml"] + "silence: [protect-not-found]\n"
    code, lines = run_check(tmp_path / "a", {"kzreport.yaml": config})
    assert code == 1
    find(lines, "kzreport.yaml", 7, "protect-not-found", "cannot be silenced")
    config = MINIMAL["kzreport.yaml"] + "silence: [uncited-sources]\n"
    code, lines = run_check(tmp_path / "b", {"kzreport.yaml": config})
    assert code == 1
    find(lines, "kzreport.yaml", 7, "not a warning code", 'did you mean "uncited-source"')
