"""`kzreport new` and `kzreport init`."""

from __future__ import annotations

import pytest
import yaml
from helpers import kz, kz_process, pdf_text, write_project


def test_new_creates_block_and_translation_stubs(tmp_path):
    project = write_project(tmp_path / "p")
    result = kz(project, "new", "finding", "safeguards/new-topic")
    assert result.exit_code == 0, result.output
    src = project / "content/en/safeguards/new-topic.md"
    stub = project / "content/ru/safeguards/new-topic.md"
    assert src.exists() and stub.exists()
    header = yaml.safe_load(src.read_text().split("---")[1])
    assert header["type"] == "finding" and header["theme"] == "safeguards" and header["title"] == "New topic"
    assert "# one of: safeguards" in src.read_text()  # commented for the drafter
    check = kz(project, "check")
    assert check.exit_code == 0, check.output  # a fresh block and its stub are valid
    assert "missing translation" in check.output


def test_new_refuses_to_overwrite(tmp_path):
    project = write_project(tmp_path / "p")
    assert kz(project, "new", "finding", "safeguards/new-topic").exit_code == 0
    before = (project / "content/en/safeguards/new-topic.md").read_text()
    again = kz(project, "new", "finding", "safeguards/new-topic")
    assert again.exit_code == 1
    assert "already exists" in again.output and "Traceback" not in again.output
    assert (project / "content/en/safeguards/new-topic.md").read_text() == before


def test_new_case_is_confidential_until_decided(tmp_path):
    project = write_project(tmp_path / "p")
    assert kz(project, "new", "case", "safeguards/someone").exit_code == 0
    header = yaml.safe_load((project / "content/en/safeguards/someone.md").read_text().split("---")[1])
    assert header["disclosure"] == "confidential"


def test_new_bad_arguments(tmp_path):
    project = write_project(tmp_path / "p")
    assert kz(project, "new", "findng", "x").exit_code == 2
    bad = kz(project, "new", "finding", "bad id with spaces")
    assert bad.exit_code == 1 and "cannot be a block id" in bad.output


@pytest.mark.e2e
def test_init_builds_every_report_type_in_both_languages(tmp_path):
    target = tmp_path / "x"
    result = kz(tmp_path, "init", str(target))  # -C points nowhere useful: init needs no project
    assert result.exit_code == 0, result.output
    assert (target / "templates").is_dir() and (target / "README.md").exists()
    proc = kz_process(target, "build")
    assert proc.returncode == 0, proc.stderr
    for lang in ("en", "ru"):
        for report in ("alternative-report", "followup-note", "loi-reply", "address"):
            assert (target / "build" / lang / f"{report}.docx").exists()
            assert (target / "build" / lang / f"{report}.pdf").exists()
    text = pdf_text(target / "build/ru/alternative-report.pdf")
    assert "А. Б." in text and "Бейшпиль" not in text


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine")
    result = kz(tmp_path, "init", str(tmp_path / "x"))
    assert result.exit_code == 1 and "not empty" in result.output
