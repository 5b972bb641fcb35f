"""The build cache: a change rebuilds exactly the outputs that depend on it, and nothing else."""

from __future__ import annotations

import re

import pytest
from helpers import copy_root, kz_process


def written(proc) -> set[str]:
    return set(re.findall(r"^wrote (\S+)$", proc.stdout, re.M))


@pytest.fixture
def project(tmp_path):
    p = copy_root("types", tmp_path)
    first = kz_process(p, "build")
    assert first.returncode == 0, first.stderr
    assert len(written(first)) == 12  # 3 reports x 2 languages x (docx, pdf)
    return p


def rebuild(p):
    proc = kz_process(p, "build")
    assert proc.returncode == 0, proc.stderr
    return written(proc)


def test_nothing_changed(project):
    proc = kz_process(project, "build")
    assert proc.returncode == 0 and "nothing changed" in proc.stdout and not written(proc)


def test_touching_a_file_rebuilds_nothing(project):
    (project / "content/en/loi/definition.md").touch()
    assert rebuild(project) == set()


def test_changed_block_rebuilds_only_the_documents_that_contain_it(project):
    path = project / "content/en/loi/definition.md"
    path.write_text(path.read_text().replace("still not fully", "not yet fully"))
    assert rebuild(project) == {"build/en/loi.docx", "build/en/loi.pdf"}


def test_changed_translation_rebuilds_only_its_language(project):
    path = project / "content/ru/appeal/text.md"
    path.write_text(path.read_text().replace("минимально", "наименьшего"))
    assert rebuild(project) == {"build/ru/appeal.docx", "build/ru/appeal.pdf"}


def test_changed_template_rebuilds_only_its_format(project):
    own = project / "templates" / "kzreport.typ"
    from kzreport.render.context import BUILTIN_TEMPLATES
    own.write_text((BUILTIN_TEMPLATES / "kzreport.typ").read_text().replace("11pt", "11.5pt"))
    assert rebuild(project) == {f"build/{lang}/{r}.pdf" for lang in ("en", "ru") for r in ("loi", "appeal", "visit")}


def test_changed_setting_rebuilds_what_uses_it(project):
    strings = project / "content/en/strings.yaml"
    strings.write_text(strings.read_text().replace("Human rights defenders", "Defenders of human rights"))
    assert rebuild(project) == {"build/en/loi.docx", "build/en/loi.pdf"}
    settings = project / "kzreport.yaml"
    settings.write_text(settings.read_text().replace("https://example.org", "https://example.net"))
    assert rebuild(project) == set()  # the website is printed nowhere


def test_changed_source_rebuilds_only_documents_citing_it(tmp_path):
    p = copy_root("basic", tmp_path)
    (p / "content/reports/other.yaml").write_text(
        "type: alternative-report\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n"
        "    blocks: [safeguards/case-a]\n")
    for lang, title in (("en", "Other"), ("ru", "Другой")):
        path = p / f"content/{lang}/reports.yaml"
        path.write_text(path.read_text() + f"other:\n  title: {title}\n")
    assert kz_process(p, "build").returncode == 0
    sources = p / "content/en/sources.yaml"
    sources.write_text(sources.read_text().replace("No. 157-VII\n  issued", "No. 157-VII (amended)\n  issued"))
    assert rebuild(p) == {"build/en/alt.docx", "build/en/alt.pdf"}  # "other" cites nothing


def test_deleted_output_is_rebuilt(project):
    (project / "build/en/visit.pdf").unlink()
    assert rebuild(project) == {"build/en/visit.pdf"}


def test_a_newly_protected_name_rebuilds_and_checks_everything(tmp_path):
    p = copy_root("safety", tmp_path)
    assert kz_process(p, "build", "-f", "docx").returncode == 0
    case = p / "content/en/cases/anonymised.md"
    case.write_text(case.read_text().replace("  - Kazantsev\n", "  - Kazantsev\n  - Kazantseva\n"))
    assert rebuild_docx(p) == {"build/en/r.docx", "build/ru/r.docx"}


def rebuild_docx(p):
    proc = kz_process(p, "build", "-f", "docx")
    assert proc.returncode == 0, proc.stderr
    return written(proc)
