"""Strings with placeholders ("On Point {points}"): a translation that changes them is an error at
PATH:LINE in `kzreport check`, never a crash in a build; "see note N above" is one string, so the words
can go around the number in any order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import copy_root, export_xliff, find, footnotes_docx, kz, run_check

RU = "content/ru/strings.yaml"
BASE_RU = "organisation:\n  name: Тестовая коалиция\n"


@pytest.mark.parametrize("yaml_text, line, words", [
    ('words:\n  on-point: "Пункт {тармақ}"\n', 4, ["{points}", "{тармақ}"]),          # a translated placeholder
    ('words:\n  assessment-of: "Оценка выполнения"\n', 4, ["{document}"]),            # a missing one
    ('dates:\n  format: "{day} {month} {year} {weekday}"\n', 4, ["{weekday}"]),       # an extra one
    ('words:\n  on-point: "Пункт {points"\n', 4, ["brace"]),                          # broken braces
    ('words:\n  on-points: "Пункты points}"\n', 4, ["brace"]),
    ('masthead:\n  original: "Язык оригинала: {}"\n', 4, ["{language}"]),             # a positional one
    ('cite:\n  see-note-above: "см. сноску выше"\n', 4, ["{note}"]),
])
def test_a_changed_placeholder_is_an_error_at_its_line(tmp_path, yaml_text, line, words):
    code, lines = run_check(tmp_path, {RU: BASE_RU + yaml_text})
    assert code == 1
    find(lines, RU, line, "placeholder" if words != ["brace"] else "brace", *words)


def test_correct_placeholders_in_any_order_are_fine(tmp_path):
    code, lines = run_check(tmp_path, {RU: BASE_RU + 'dates:\n  format: "{year} ж. {month} {day}"\nwords:\n'
                                            '  on-point: "По {{пункту}} {points}"\n'})
    assert code == 0, lines
    assert not [ln for ln in lines if "placeholder" in ln or "brace" in ln], lines


def test_the_project_strings_are_checked_against_their_source(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/strings.yaml": "organisation:\n  name: Test Coalition\nnotice: \"{count} cases, {year}\"\n",
        RU: BASE_RU + "notice: \"{число} дел, {year}\"\n"})
    assert code == 1
    find(lines, RU, 3, "{count}", "{число}")


def test_the_source_language_may_not_invent_a_placeholder_the_templates_do_not_fill(tmp_path):
    code, lines = run_check(tmp_path, {"content/en/strings.yaml": "organisation:\n  name: T\nwords:\n"
                                                                  '  on-point: "On Point {pts}"\n'})
    assert code == 1
    find(lines, "content/en/strings.yaml", 4, "{pts}", "{points}")


def test_filling_a_broken_string_falls_back_and_never_raises():
    from kzreport.load.strings import Key, Strings, StringUnit

    key: Key = ("words", "on-point")
    path = __import__("pathlib").Path("content/ru/strings.yaml")
    strings = Strings(("en", "ru"), {"ru": {key: StringUnit(key, "Пункт {тармақ}", path, 3)}})
    assert strings.fill("ru", key, points="10") == "По пункту 10"  # the built-in Russian words
    strings = Strings(("en", "kk"), {"kk": {key: StringUnit(key, "{тармақ}-тармақ", path, 3)}})
    assert strings.fill("kk", key, points="10") == "On Point 10"  # the source language's
    strings = Strings(("en", "kk"), {"kk": {key: StringUnit(key, "{points", path, 3)}})
    assert strings.fill("kk", key, points="10") == "On Point 10"


def test_a_build_with_a_translated_placeholder_reports_it_and_does_not_crash(tmp_path):
    p = copy_root("followup", tmp_path)
    ru = p / RU
    ru.write_text(ru.read_text(encoding="utf-8") + 'words:\n  on-point: "По пункту {тармақ}"\n', encoding="utf-8")
    line = len(ru.read_text(encoding="utf-8").splitlines())
    result = kz(p, "build", "-f", "html")
    assert result.exit_code == 1 and "Traceback" not in result.output and "KeyError" not in result.output
    assert re.search(rf"content/ru/strings\.yaml:{line}: error: .*\{{points\}}", result.output), result.output


def _exported_with_notice(tmp_path: Path, notice: str) -> tuple[Path, Path]:
    """The basic project with an English string "notice" holding placeholders, exported to ru.xlf."""
    p = copy_root("basic", tmp_path)
    en = p / "content/en/strings.yaml"
    en.write_text(en.read_text(encoding="utf-8") + f'notice: "{notice}"\n', encoding="utf-8")
    return p, export_xliff(p)


def test_xliff_import_refuses_a_changed_placeholder(tmp_path):
    p, xlf = _exported_with_notice(tmp_path, "{count} cases")
    text = xlf.read_text(encoding="utf-8")
    assert 'id="string:notice"' in text
    text = re.sub(r'(id="string:notice".*?</source>)', r'\1<target state="translated">{число} дел</target>', text,
                  flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    result = kz(p, "i18n", "import", str(xlf))
    assert result.exit_code == 1 and "unit string:notice" in result.output and "{count}" in result.output
    assert "notice" not in (p / RU).read_text(encoding="utf-8")


def test_obsolete_see_note_and_above_are_explained(tmp_path):
    code, lines = run_check(tmp_path, {RU: BASE_RU + 'cite:\n  see-note: "см. сноску"\n  above: "выше"\n'})
    assert not [ln for ln in lines if "no source text" in ln], lines
    find(lines, RU, 4, "see-note-above", "{note}")


def test_see_note_n_above_is_one_string_with_the_number_where_the_language_puts_it(built_root):
    p = built_root("citations", "-f", "docx")
    assert footnotes_docx(p / "build/en/cites.docx")[3] == "CPC, see note 1 above."
    assert footnotes_docx(p / "build/ru/cites.docx")[3] == "УПК, см. сноску 1 выше."


def test_a_language_may_put_the_number_first(tmp_path):
    p = copy_root("citations", tmp_path)
    ru = p / RU
    ru.write_text(ru.read_text(encoding="utf-8") + 'cite:\n  see-note-above: "выше, в сноске {note}"\n'
                  if ru.exists() else BASE_RU + 'cite:\n  see-note-above: "выше, в сноске {note}"\n', encoding="utf-8")
    result = kz(p, "build", "-f", "docx", "-l", "ru")
    assert result.exit_code == 0, result.output
    assert footnotes_docx(p / "build/ru/cites.docx")[3] == "УПК, выше, в сноске 1."


def test_the_shipped_strings_agree():
    from kzreport.load.strings import builtin_strings, placeholders

    en = builtin_strings("en")
    assert en[("cite", "see-note-above")].count("{note}") == 1
    assert ("cite", "see-note") not in en and ("cite", "above") not in en
    for key, text in builtin_strings("ru").items():
        assert placeholders(text) == placeholders(en[key]), key


def test_article_issue_and_annex_numbers_go_where_the_language_puts_them():
    from kzreport.load.strings import Key, Strings, StringUnit

    path = __import__("pathlib").Path("content/kk/strings.yaml")
    annex: Key = ("words", "annex-n")
    strings = Strings(("en", "kk"), {"kk": {annex: StringUnit(annex, "{n} қосымша", path, 3)}})
    assert strings.fill("kk", annex, n="I") == "I қосымша"
    assert strings.fill("en", ("words", "issues-n"), n="21–25") == "Issues 21–25"
    # a language that still has the older single word gets it, the number after it
    old: Key = ("words", "article")
    strings = Strings(("en", "kk"), {"kk": {old: StringUnit(old, "Бап", path, 3)}})
    assert strings.fill("kk", ("words", "article-n"), n="3") == "Бап 3"


def test_an_older_single_word_is_a_warning_not_an_error(tmp_path):
    code, lines = run_check(tmp_path, {RU: BASE_RU + 'words:\n  annex: "Приложение"\n'})
    assert code == 0 and not [ln for ln in lines if "no source text" in ln], lines
    find(lines, RU, 4, "annex-n", "{n}")


def test_xliff_protects_placeholders_as_codes_a_translator_may_move(tmp_path):
    p, xlf = _exported_with_notice(tmp_path, "{count} cases in {year}")
    text = xlf.read_text(encoding="utf-8")
    assert '<ph id="1">{count}</ph> cases in <ph id="2">{year}</ph>' in text
    text = re.sub(r'(id="string:notice".*?</source>)', r'\1<target state="translated">В <ph id="2">{year}</ph> году: '
                  r'<ph id="1"/> дел</target>', text, flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    result = kz(p, "i18n", "import", str(xlf))
    assert result.exit_code == 0, result.output
    import yaml

    assert yaml.safe_load((p / RU).read_text(encoding="utf-8"))["notice"] == "В {year} году: {count} дел"
    assert kz(p, "check", "--strict").exit_code == 0
