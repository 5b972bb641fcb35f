"""The build cache: a change rebuilds exactly the outputs that depend on it, and nothing else."""

from __future__ import annotations

import json
import re

import pytest
from helpers import copy_built, copy_root, kz_process

pytestmark = pytest.mark.e2e


def written(proc) -> set[str]:
    return set(re.findall(r"^wrote (\S+)$", proc.stdout, re.M))


@pytest.fixture(scope="module")
def first(built_root):
    """The first build of the types sample, made once: each test rebuilds its own copy of it."""
    p = built_root("types")
    manifest = json.loads((p / "build" / "manifest.json").read_text())
    assert {e["path"] for e in manifest["outputs"]} == {f"{lang}/{r}.{fmt}" for lang in ("en", "ru")
                                                        for r in ("loi", "appeal", "visit") for fmt in ("docx", "pdf")}
    return p


@pytest.fixture
def project(first, tmp_path):
    return copy_of(first, tmp_path)


def rebuild(p):
    proc = kz_process(p, "build")
    assert proc.returncode == 0, proc.stderr
    return written(proc)


def copy_of(built, tmp_path):
    """A copy of a shared first build, brought up to date: a build that writes nothing, unless kzreport's
    own files were edited since the first build (while the tests run), when it rebuilds everything once."""
    p = copy_built(built, tmp_path)
    rebuild(p)
    return p


def test_nothing_changed(project):
    proc = kz_process(project, "build")
    assert proc.returncode == 0 and "nothing changed" in proc.stdout and not written(proc)


def test_touching_a_file_rebuilds_nothing(project):
    (project / "content/en/loi/definition.md").touch()
    assert rebuild(project) == set()


def test_changed_block_rebuilds_only_the_documents_that_contain_it(project):
    before = json.loads((project / "build" / "manifest.json").read_text())["outputs"]
    path = project / "content/en/loi/definition.md"
    path.write_text(path.read_text().replace("still not fully", "not yet fully"))
    assert rebuild(project) == {"build/en/loi.docx", "build/en/loi.pdf"}
    # the manifest still lists every output, the ones up to date as they were (a pipeline test found them left out)
    after = {e["path"]: e for e in json.loads((project / "build" / "manifest.json").read_text())["outputs"]}
    assert set(after) == {e["path"] for e in before}
    assert [e for e in before if not e["path"].startswith("en/loi.")] == \
        [after[e["path"]] for e in before if not e["path"].startswith("en/loi.")]


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


def test_changed_source_rebuilds_only_documents_citing_it(built_root, tmp_path):
    p = copy_of(built_root("basic"), tmp_path)  # the first build of "alt" is the one test_build_basic reads
    (p / "content/reports/other.yaml").write_text(
        "type: alternative-report\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n"
        "    blocks: [safeguards/case-a]\n")
    for lang, title in (("en", "Other"), ("ru", "Другой")):
        path = p / f"content/{lang}/reports.yaml"
        path.write_text(path.read_text() + f"other:\n  title: {title}\n")
    assert rebuild(p) == {f"build/{lang}/other.{fmt}" for lang in ("en", "ru") for fmt in ("docx", "pdf")}
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


def test_a_build_with_nothing_to_do_loads_none_of_the_later_stages(project):
    """Speed (issue 18: a no-op rebuild under 0.15 s): when nothing changed the build answers after the
    inputs' digest, without loading the project checks, the renderer, the converters or the leak guard."""
    import subprocess
    import sys

    code = ("import sys\nsys.argv = ['kzreport', 'build']\nfrom kzreport.cli import run\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('kzreport.render.', 'kzreport.convert', "
            "'kzreport.safety', 'kzreport.checks', 'jinja2', 'docx', 'pymorphy3', 'typst'))\n"
            "             and m != 'kzreport.render.contract'))")  # the job's field names, for the cache key
    proc = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60)
    assert "nothing changed" in proc.stdout, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
