"""`kzreport i18n add LANG` (a new language: settings, its tree, what must be translated) and
`kzreport init DIR --languages ... --organisation ...`."""

from __future__ import annotations

import pytest
import yaml
from helpers import MINIMAL, kz, kz_process, write_project

COMMENTED = dict(MINIMAL, **{"kzreport.yaml": """\
# Settings of the Test Coalition.
languages: [en, ru]          # the first is the source language

themes: [safeguards]         # sections
documents:
  cat-co4: {symbol: CAT/C/KAZ/CO/4, date: 2023-05-12, body: CAT}
defaults:
  document: cat-co4
""", "content/en/sources.yaml": "- id: law-1\n  type: legislation\n  title: The Law\n",
    "content/ru/sources.yaml": "- id: law-1\n  type: legislation\n  title: Закон\n"})


def settings(project) -> dict:
    return yaml.safe_load((project / "kzreport.yaml").read_text(encoding="utf-8"))


def test_add_a_language(tmp_path):
    project = write_project(tmp_path / "p", base=COMMENTED)
    result = kz(project, "i18n", "add", "kk")
    assert result.exit_code == 0, result.output
    text = (project / "kzreport.yaml").read_text(encoding="utf-8")
    assert settings(project)["languages"] == ["en", "ru", "kk"]
    assert "# Settings of the Test Coalition." in text and "# the first is the source language" in text
    assert "# sections" in text
    kk = project / "content/kk"
    # the sources, copied from the source language for translation
    assert yaml.safe_load((kk / "sources.yaml").read_text()) == yaml.safe_load(
        (project / "content/en/sources.yaml").read_text())
    # short texts: stubs, every line of the source commented out (so: not translated yet)
    themes = (kk / "themes.yaml").read_text(encoding="utf-8")
    assert "# safeguards: Legal safeguards" in themes and yaml.safe_load(themes) is None
    assert "# r:" in (kk / "reports.yaml").read_text(encoding="utf-8")
    assert (kk / "documents/cat-co4.yaml").exists()
    # words of the templates kzreport has none for in kk
    assert "not-translated" in (kk / "strings.yaml").read_text(encoding="utf-8")
    # block stubs
    assert "title: \"\"" in (kk / "safeguards/finding.md").read_text(encoding="utf-8")
    # what is left to translate
    assert "kk:" in result.output and "to translate" in result.output
    assert "content/kk/themes.yaml" in result.output and "i18n export -l kk" in result.output
    check = kz(project, "check")
    assert check.exit_code == 0, check.output
    status = kz(project, "i18n", "status", "-l", "kk")
    assert "kk: " in status.output and " missing" in status.output and "Traceback" not in status.output


def test_add_a_language_to_a_block_list(tmp_path):
    base = dict(MINIMAL, **{"kzreport.yaml": MINIMAL["kzreport.yaml"].replace(
        "languages: [en, ru]", "languages:\n  - en   # source\n  - ru\n")})
    project = write_project(tmp_path / "p", base=base)
    result = kz(project, "i18n", "add", "fr")
    assert result.exit_code == 0, result.output
    assert settings(project)["languages"] == ["en", "ru", "fr"]
    assert "- en   # source" in (project / "kzreport.yaml").read_text()


@pytest.mark.parametrize("code, words", [
    ("ru", "already"), ("en", "already"), ("KK", "language code"), ("english", "language code"),
    ("../x", "language code"), ("k", "language code")])
def test_add_refuses_an_existing_or_malformed_code(tmp_path, code, words):
    project = write_project(tmp_path / "p", base=COMMENTED)
    before = (project / "kzreport.yaml").read_text()
    result = kz(project, "i18n", "add", code)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert (project / "kzreport.yaml").read_text() == before
    assert sorted(p.name for p in (project / "content").iterdir()) == ["en", "reports", "ru"]


def test_add_refuses_a_folder_with_files(tmp_path):
    project = write_project(tmp_path / "p", {"content/kk/notes.md": "mine"}, base=COMMENTED)
    result = kz(project, "i18n", "add", "kk")
    assert result.exit_code == 1 and "content/kk" in result.output and "Traceback" not in result.output
    assert settings(project)["languages"] == ["en", "ru"]


def test_a_listed_language_without_its_folder_is_completed(tmp_path):
    base = dict(MINIMAL, **{"kzreport.yaml": MINIMAL["kzreport.yaml"].replace("[en, ru]", "[en, ru, kk]")})
    project = write_project(tmp_path / "p", base=base)
    check = kz(project, "check")
    assert check.exit_code == 1 and "kzreport i18n add kk" in check.output
    assert "kzreport init makes one" not in check.output
    result = kz(project, "i18n", "add", "kk")
    assert result.exit_code == 0, result.output
    assert settings(project)["languages"] == ["en", "ru", "kk"]
    assert (project / "content/kk/themes.yaml").exists()
    assert kz(project, "check").exit_code == 0


@pytest.mark.e2e
def test_a_project_with_a_new_language_builds_with_untranslated_marks(tmp_path):
    project = write_project(tmp_path / "p", base=COMMENTED)
    assert kz(project, "i18n", "add", "kk").exit_code == 0
    proc = kz_process(project, "build", "-l", "kk", "-f", "html")
    assert proc.returncode == 0, proc.stderr
    page = (project / "build/kk/r.html").read_text(encoding="utf-8")
    assert "not yet translated" in page and "Finding text." in page


def test_init_with_languages_and_organisation(tmp_path):
    target = tmp_path / "x"
    result = kz(tmp_path, "init", str(target), "--languages", "en,ru,kk", "--organisation", "Qazaq Coalition")
    assert result.exit_code == 0, result.output
    assert settings(target)["languages"] == ["en", "ru", "kk"]
    assert (target / "content/kk/sources.yaml").exists()
    strings = yaml.safe_load((target / "content/en/strings.yaml").read_text(encoding="utf-8"))
    assert strings["organisation"]["name"] == "Qazaq Coalition"
    check = kz(target, "check")
    assert check.exit_code == 0, check.output


def test_init_without_the_example_translation(tmp_path):
    target = tmp_path / "x"
    result = kz(tmp_path, "init", str(target), "--languages", "en,kk")
    assert result.exit_code == 0, result.output
    assert settings(target)["languages"] == ["en", "kk"]
    assert not (target / "content/ru").exists() and (target / "content/kk").is_dir()
    assert kz(target, "check").exit_code == 0


@pytest.mark.parametrize("languages", ["en,en", "en,KK", "", "fr,en"])
def test_init_refuses_bad_languages(tmp_path, languages):
    target = tmp_path / "x"
    result = kz(tmp_path, "init", str(target), "--languages", languages)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not target.exists()
