"""Translators' workflow: status, stale detection, i18n done, XLIFF round trip, fallbacks, a third language."""

from __future__ import annotations

import re

import docx
import pytest
from helpers import (
    DETENTION,
    SECOND_PARAGRAPH,
    assert_leak_refused,
    copy_root,
    docx_xml,
    export_xliff,
    kz,
    kz_process,
    pdf_text,
    translated_basic,
)


@pytest.fixture
def project(tmp_path):
    return translated_basic(tmp_path)


def test_fresh_project_lists_unverified_translations(tmp_path):
    p = copy_root("basic", tmp_path)
    result = kz(p, "i18n", "status")
    assert result.exit_code == 1
    assert "unverified" in result.output and "ru: 0 missing, 0 stale, 20 unverified, 0 current" in result.output


def test_changed_paragraph_is_stale_with_a_diff_then_done(project):
    assert kz(project, "i18n", "status").exit_code == 0
    src = project / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", "Nothing has changed since 2014."))
    result = kz(project, "i18n", "status", "-l", "ru")
    assert result.exit_code == 1
    stale = [ln for ln in result.output.splitlines() if ": stale: " in ln]
    assert len(stale) == 1, result.output  # only the changed block, located in the translation's file
    assert re.match(r"(.*/)?content/ru/safeguards/detention\.md:\d+: stale: ", stale[0]), stale[0]
    assert "safeguards/detention (body)" in stale[0]
    assert "[-changed.[@cat-co4,-]" in result.output and "{+has changed since 2014.[@cat-co4,+}" in result.output
    assert "ru: 0 missing, 1 stale" in result.output
    # a stale translation is a warning in drafts and an error in strict builds
    check = kz(project, "check")
    assert check.exit_code == 0 and "stale translation" in check.output
    assert kz(project, "check", "--strict").exit_code == 1
    assert kz(project, "i18n", "done", "safeguards/detention").exit_code == 0
    assert kz(project, "i18n", "status").exit_code == 0


def test_whitespace_changes_are_not_stale(project):
    src = project / DETENTION
    src.write_text(src.read_text().replace("The\nCommittee", "The   Committee").replace("\n\nText", "\n\n\nText"))
    assert kz(project, "i18n", "status").exit_code == 0


def test_changed_short_string_is_stale(project):
    themes = project / "content/en/themes.yaml"
    themes.write_text(themes.read_text().replace("Legal safeguards", "Fundamental legal safeguards"))
    result = kz(project, "i18n", "status")
    assert result.exit_code == 1 and "themes.safeguards" in result.output
    assert "[-Legal-]{+Fundamental legal+}" in result.output
    assert kz(project, "i18n", "done", "themes.safeguards").exit_code == 0
    assert kz(project, "i18n", "status").exit_code == 0


def test_done_on_something_unknown(project):
    result = kz(project, "i18n", "done", "no/such-block")
    assert result.exit_code == 1 and "not a block id" in result.output


def test_xliff_round_trip(project, tmp_path):
    src = project / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", "Nothing has *really* changed.").replace(*SECOND_PARAGRAPH))
    xlf = tmp_path / "ru.xlf"
    result = kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf))
    assert result.exit_code == 0, result.output
    text = xlf.read_text(encoding="utf-8")
    assert 'version="1.2"' in text and 'urn:oasis:names:tc:xliff:document:1.2' in text
    assert text.count("<trans-unit") == 1 and 'id="block:safeguards/detention#body"' in text
    assert '<ph id="1">[@law-157]</ph>' in text and "<bpt" in text and "<ept" in text
    # a translation tool edits the target and keeps the protected codes
    new_target = ('<target state="translated">Закон не требует фиксировать момент задержания.<ph id="1">[@law-157]</ph> '
                  'Комитет просил об этом в 2014 году.<ph id="2">[@cat-co4, para. 10]</ph> Ничего '
                  '<bpt id="3">*</bpt>действительно<ept id="3">*</ept> не изменилось.<ph id="4">[@cat-co4, para. 10]'
                  '</ph>\n\nТекст с {{ secret }} и {% if x %} остаётся буквальным. Снова.<ph id="5">[@law-157, art. 193]'
                  '</ph></target>')
    text = re.sub(r"<target[^>]*>.*?</target>", lambda m: new_target, text, flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == 0, result.output
    ru = (project / "content/ru/safeguards/detention.md").read_text(encoding="utf-8")
    assert "Ничего *действительно* не изменилось.[@cat-co4, para. 10]" in ru
    assert "[@law-157]" in ru and "[@law-157, art. 193]" in ru and ru.startswith("---\ntitle: Регистрация задержания\n")
    assert kz(project, "i18n", "status").exit_code == 0
    assert kz(project, "check", "--strict").exit_code == 0


def _export_with_target(project, tmp_path, target):
    src = project / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", "Nothing changed at all.").replace(*SECOND_PARAGRAPH))
    xlf = tmp_path / "ru.xlf"
    assert kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf)).exit_code == 0
    text = re.sub(r"<target[^>]*>.*?</target>", lambda m: target, xlf.read_text(encoding="utf-8"), flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    return xlf


def test_import_refuses_a_broken_citation(project, tmp_path):
    before = (project / "content/ru/safeguards/detention.md").read_bytes()
    xlf = _export_with_target(project, tmp_path, '<target state="translated">Без ссылок.</target>')
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == 1 and "nothing was imported" in result.output and "citation" in result.output
    assert (project / "content/ru/safeguards/detention.md").read_bytes() == before


def test_import_refuses_units_that_no_longer_match(project, tmp_path):
    xlf = _export_with_target(project, tmp_path, '<target state="translated">Что-то.</target>')
    src = project / DETENTION
    src.write_text(src.read_text().replace("at all", "whatsoever"))  # the source moved on after export
    before = (project / "content/ru/safeguards/detention.md").read_bytes()
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == 1 and "changed since this file was exported" in result.output
    assert (project / "content/ru/safeguards/detention.md").read_bytes() == before


def test_import_of_short_strings_keeps_the_file_layout(project, tmp_path):
    themes = project / "content/en/themes.yaml"
    themes.write_text(themes.read_text().replace("Legal safeguards", "Fundamental legal safeguards"))
    ru = project / "content/ru/themes.yaml"
    ru.write_text("# Темы доклада\n" + ru.read_text())
    xlf = tmp_path / "ru.xlf"
    assert kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf)).exit_code == 0
    text = xlf.read_text(encoding="utf-8")
    assert 'id="string:themes.safeguards"' in text
    text = re.sub(r"<target[^>]*>.*?</target>", "<target>Основные правовые гарантии</target>", text, flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    assert kz(project, "i18n", "import", str(xlf)).exit_code == 0
    assert ru.read_text(encoding="utf-8") == ("# Темы доклада\nsafeguards: Основные правовые гарантии\n"
                                              "investigations: Расследование пыток\n")


@pytest.mark.e2e
def test_missing_translation_falls_back_marked_and_strict_fails(tmp_path):
    p = copy_root("basic", tmp_path)
    (p / "content/ru/safeguards/detention.md").unlink()
    proc = kz_process(p, "build", "-f", "docx", "-f", "pdf")
    assert proc.returncode == 0, proc.stderr
    assert "content/ru/safeguards/detention.md" in proc.stderr and "missing translation" in proc.stderr
    text = pdf_text(p / "build/ru/alt.pdf")
    assert "[ещё не переведено]" in text and "The law still does not require" in text
    styles = [par.style.name for par in docx.Document(str(p / "build/ru/alt.docx")).paragraphs]
    assert "Untranslated" in styles
    strict = kz_process(p, "build", "--strict", "-f", "docx")
    assert strict.returncode == 1 and "content/ru/safeguards/detention.md" in strict.stderr


@pytest.mark.e2e
def test_a_third_language_by_configuration_alone(built_root):
    p = built_root("kazakh")
    text = pdf_text(p / "build/kk/r.pdf")
    for letter in "әғқңөұүһіӘҒҚҢӨҰҮҺІ":
        assert letter in text, letter
    assert "Ұсынымдар" in text and "2024 жылғы 21 наурыз" in text
    xml = docx_xml(p / "build/kk/r.docx")
    assert all(letter in xml for letter in "әғқңөұүһі")
    assert 'w:val="kk-KZ"' in docx_xml(p / "build/kk/r.docx", "word/styles.xml")


def test_protected_codes_in_xliff_units():
    from kzreport.i18n.xliff import tokenize

    text = "See *this*^[A note with [@cpc, art. 5] and [a link](https://x.org).] and **that**."
    kinds = [(k, v) for k, v in tokenize(text) if k != "text"]
    assert kinds == [("bpt", "*"), ("ept", "*"), ("bpt", "^["), ("ph", "[@cpc, art. 5]"), ("bpt", "["),
                     ("ept", "](https://x.org)"), ("ept", "]"), ("bpt", "**"), ("ept", "**")]
    assert "".join(v for _, v in tokenize(text)) == text  # nothing is lost
    assert tokenize("An unbalanced *emphasis") is None  # then the unit travels as plain text


# -- the anonymised XLIFF, for translators outside the organisation ----------------------------------

REAL_NAMES = ("Mikhail", "Kazantsev", "Михаил", "Казанцев", "Secretova")
SAFETY_CASE = "content/en/cases/anonymised.md"


def _stale_safety_case(tmp_path, old: str, new: str):
    """The safety root, every translation current, then a sentence of the anonymised case changed."""
    project = copy_root("safety", tmp_path)
    assert kz(project, "i18n", "done", "-l", "ru", "--all").exit_code == 0
    case = project / SAFETY_CASE
    assert old in case.read_text(encoding="utf-8")
    case.write_text(case.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return project


@pytest.mark.parametrize(("old", "new", "diff"), [
    ("for hours", "for six hours", "questioned M. K. for {+six+} hours"),
    ("Mikhail Kazantsev for hours", "the boy for hours", "questioned [-M. K.-]{+the boy+} for hours"),
])
def test_anonymised_xliff_says_what_changed_with_the_pseudonym(tmp_path, old, new, diff):
    project = _stale_safety_case(tmp_path, old, new)
    text = export_xliff(project, "--anonymised").read_text(encoding="utf-8")
    assert "<note from=\"developer\">The source changed: …" in text and diff in text, text
    for name in REAL_NAMES:
        assert name not in text, name
    # inside the organisation the note shows the source as it is, and the export says so
    result = kz(project, "i18n", "export", "-l", "ru", "-o", str(tmp_path / "plain.xlf"))
    assert result.exit_code == 0 and "carries the real names protected by the case(s) cases/anonymised" in result.output
    assert "Mikhail Kazantsev" in (tmp_path / "plain.xlf").read_text(encoding="utf-8")


def test_anonymised_xliff_is_refused_if_a_name_escapes_the_pseudonym(tmp_path, monkeypatch):
    from kzreport.safety.disclosure import Anonymiser

    project = _stale_safety_case(tmp_path, "for hours", "for six hours")
    anonymise = Anonymiser.__call__
    # the texts the anonymiser misses (as the note of a changed source once was): the leak guard stops the file
    monkeypatch.setattr(Anonymiser, "__call__",
                        lambda self, text: text if "six hours" in text else anonymise(self, text))
    xlf = tmp_path / "anon.xlf"
    result = kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf), "--anonymised")
    assert_leak_refused(result, xlf, "anonymised XLIFF", REAL_NAMES)
    monkeypatch.setattr(Anonymiser, "__call__", anonymise)
    assert kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf), "--anonymised").exit_code == 0


def test_anonymised_xliff_is_refused_under_a_protected_name(tmp_path):
    project = _stale_safety_case(tmp_path, "for hours", "for six hours")
    xlf = tmp_path / "kazantsev-ru.xlf"
    result = kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf), "--anonymised")
    assert result.exit_code == 1 and "kazantsev-ru.xlf: error: this file name names a person protected by the case " \
                                      "cases/anonymised" in result.output, result.output
    assert "choose another file name with -o" in result.output and not xlf.exists()
