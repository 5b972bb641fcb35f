"""Build what can be built: a broken block fails only the reports that use it (exit status 1, the others are
written); `-l en` reports the problems of other languages as warnings; `--strict` builds nothing while any
error remains; and whatever concerns victims' safety still stops every document."""

from __future__ import annotations

import json

import pytest
from helpers import MINIMAL, kz_process, write_project

pytestmark = pytest.mark.e2e

# r: the alternative report (every block of the theme safeguards); addr: an address naming its one block
TWO_REPORTS = {
    "content/reports/addr.yaml": "type: address\ndate: 2020-04-01\nblocks: [address/appeal]\n",
    "content/en/reports.yaml": "r:\n  title: Test report\naddr:\n  title: An appeal\n",
    "content/ru/reports.yaml": "r:\n  title: Тестовый доклад\naddr:\n  title: Обращение\n",
    "content/en/address/appeal.md": "---\ntype: text\ntitle: Appeal\n---\nWe appeal to the authorities.\n",
    "content/ru/address/appeal.md": "---\ntitle: Обращение\n---\nМы обращаемся к властям.\n",
}
FINDING = "content/en/safeguards/finding.md"
MISSPELT = "---\ntype: finding\ntitel: A finding\ntheme: safeguards\npoints: [10]\n---\nFinding text.\n"
BROKEN_YAML = "---\ntype: finding\ntitle: A finding\n  theme: safeguards\n---\nFinding text.\n"
CASE = ("---\ntype: case\ntitle: A beating\ntheme: safeguards\ndisclosure: anonymised\npseudonym: I. P.\n"
        "protect: [Ivan Petrov, Иван Петров]\n---\nIvan Petrov was beaten in custody.\n")


def project(tmp_path, files: dict | None = None):
    return write_project(tmp_path / "p", {**TWO_REPORTS, **(files or {})})


def build(root, *args: str):
    proc = kz_process(root, "build", "-f", "html", *args)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def built(root) -> set[str]:
    return {p.relative_to(root / "build").as_posix() for p in (root / "build").glob("*/*.html")}


@pytest.mark.parametrize("body", [MISSPELT, BROKEN_YAML], ids=["misspelt-field", "broken-yaml"])
def test_a_broken_block_fails_only_the_reports_that_use_it(tmp_path, body):
    root = project(tmp_path, {FINDING: body})
    proc = build(root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{FINDING}:" in proc.stdout + proc.stderr
    assert built(root) == {"en/addr.html", "ru/addr.html"}
    assert "not built" in proc.stderr and "r (en, ru)" in proc.stderr
    assert "does not exist" not in proc.stdout + proc.stderr  # no follow-on error
    manifest = json.loads((root / "build" / "manifest.json").read_text())
    assert {e["path"] for e in manifest["outputs"]} == {"en/addr.html", "ru/addr.html"}


def test_the_earlier_outputs_of_a_failed_report_are_kept(tmp_path):
    root = project(tmp_path)
    assert build(root).returncode == 0
    before = (root / "build" / "en" / "r.html").read_bytes()
    (root / FINDING).write_text(MISSPELT, encoding="utf-8")
    (root / "content/en/address/appeal.md").write_text("---\ntype: text\ntitle: Appeal\n---\nA new appeal.\n")
    assert build(root).returncode == 1
    assert (root / "build" / "en" / "r.html").read_bytes() == before
    assert "A new appeal." in (root / "build" / "en" / "addr.html").read_text()
    assert "en/r.html" in (root / "build" / "manifest.json").read_text()
    # fixed: the next build builds it (a partial build is never taken for "nothing changed")
    (root / FINDING).write_text(MINIMAL[FINDING], encoding="utf-8")
    proc = build(root)
    assert proc.returncode == 0, proc.stderr
    assert "wrote build/en/addr.html" not in proc.stdout  # what the partial build wrote is not built again
    (root / FINDING).write_text(MINIMAL[FINDING].replace("Finding text.", "Finding text, revised."), encoding="utf-8")
    proc = build(root)
    assert proc.returncode == 0, proc.stderr
    assert "wrote build/en/r.html" in proc.stdout and "revised" in (root / "build" / "en" / "r.html").read_text()


def test_a_broken_translation_fails_only_its_language(tmp_path):
    root = project(tmp_path, {"content/ru/safeguards/finding.md": "---\ntitle: Вывод\n  extra: x\n---\nТекст.\n"})
    proc = build(root)
    assert proc.returncode == 1
    assert built(root) == {"en/addr.html", "ru/addr.html", "en/r.html"}
    assert "r (ru)" in proc.stderr


def test_only_english_makes_russian_problems_warnings(tmp_path):
    root = project(tmp_path, {"content/ru/safeguards/finding.md": "---\ntitle: Вывод\n  extra: x\n---\nТекст.\n"})
    proc = build(root, "-l", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "content/ru/safeguards/finding.md:3: warning:" in proc.stderr and "[other-language]" in proc.stderr
    assert built(root) == {"en/addr.html", "en/r.html"}


def test_only_english_still_fails_on_english_problems(tmp_path):
    root = project(tmp_path, {FINDING: MISSPELT})
    proc = build(root, "-l", "en")
    assert proc.returncode == 1
    assert built(root) == {"en/addr.html"}


def test_strict_builds_nothing_while_an_error_remains(tmp_path):
    root = project(tmp_path, {FINDING: MISSPELT})
    proc = build(root, "--strict")
    assert proc.returncode == 1
    assert built(root) == set()
    assert "nothing was built" in proc.stderr


def test_a_broken_report_definition_fails_that_report(tmp_path):
    root = project(tmp_path)
    assert build(root).returncode == 0
    before = (root / "build" / "en" / "addr.html").read_bytes()
    (root / "content/reports/addr.yaml").write_text("type: address\n  date: 2020-04-01\n")
    (root / "content/en/safeguards/finding.md").write_text(MINIMAL[FINDING].replace("Finding text", "New text"))
    proc = build(root)
    assert proc.returncode == 1
    assert "content/reports/addr.yaml:2: error:" in proc.stdout + proc.stderr
    assert "wrote build/en/r.html" in proc.stdout and "addr (en, ru)" in proc.stderr
    assert (root / "build" / "en" / "addr.html").read_bytes() == before  # its earlier outputs are kept
    assert "en/addr.html" in (root / "build" / "manifest.json").read_text()
    proc = build(root, "addr")  # named on the command line: a content problem (1), not a usage error (2)
    assert proc.returncode == 1 and "content/reports/addr.yaml:2" in proc.stdout + proc.stderr


def test_an_error_in_a_block_no_report_uses_still_fails_the_build(tmp_path):
    root = project(tmp_path, {"content/en/spare/unused.md": "---\ntype: text\ntitel: Spare\n---\nSpare text.\n"})
    proc = build(root)
    assert proc.returncode == 1
    assert "content/en/spare/unused.md:3: error:" in proc.stdout + proc.stderr
    assert built(root) == {"en/addr.html", "ru/addr.html", "en/r.html", "ru/r.html"}


# -- victims' safety: never built because the error was "elsewhere"

def test_a_broken_case_stops_every_document(tmp_path):
    # its protect: list cannot be trusted, so no document can be checked against it
    root = project(tmp_path, {"content/en/safeguards/case.md": CASE.replace("protect: [", "protect: [\n  "),
                              "content/en/address/appeal.md": "---\ntype: text\ntitle: Appeal\n---\nFree Ivan Petrov!\n"})
    proc = build(root)
    assert proc.returncode == 1
    assert built(root) == set()
    assert "Petrov" not in proc.stdout + proc.stderr


def test_a_broken_translation_of_a_case_stops_every_document(tmp_path):
    root = project(tmp_path, {"content/en/safeguards/case.md": CASE,
                              "content/ru/safeguards/case.md": "---\ntitle: Избиение\n  pseudonym: И. П.\n---\nТекст.\n"})
    proc = build(root, "-l", "en")
    assert proc.returncode == 1
    assert built(root) == set()


def test_a_case_with_a_misspelt_field_stops_every_document(tmp_path):
    root = project(tmp_path, {"content/en/safeguards/case.md": CASE.replace("protect:", "protekt:")})
    proc = build(root)
    assert proc.returncode == 1
    assert built(root) == set()


def test_an_unreadable_block_that_may_be_a_case_stops_every_document(tmp_path):
    root = project(tmp_path, {"content/en/safeguards/case.md": "---\ntitle: A beating\n  disclosure: anonymised\n---\n"
                                                               "Ivan Petrov was beaten.\n"})
    proc = build(root)
    assert proc.returncode == 1
    assert built(root) == set()


def test_a_protected_name_in_another_report_stops_every_document(tmp_path):
    root = project(tmp_path, {"content/en/safeguards/case.md": CASE,
                              "content/en/address/appeal.md": "---\ntype: text\ntitle: Appeal\n---\nFree Ivan Petrov!\n"})
    for args in ((), ("-l", "en"), ("-l", "ru")):
        proc = build(root, *args)
        assert proc.returncode == 1
        assert built(root) == set()
        assert "Petrov" not in proc.stdout + proc.stderr


def test_the_summary_line_and_quiet(tmp_path):
    root = project(tmp_path)
    proc = build(root)
    assert proc.returncode == 0
    assert "4 documents built in " in proc.stdout and "0 warnings" in proc.stdout
    (root / "content/en/address/appeal.md").write_text("---\ntype: text\ntitle: Appeal\n---\nChanged.[1]\n")
    proc = build(root, "-q")
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert "[typed-note-marker]" in proc.stderr  # problems are still printed
