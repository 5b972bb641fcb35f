"""The bad-input corpus (tests/bad-inputs/): every mistake gets a located message, never a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import write_project

CORPUS = Path(__file__).parent / "bad-inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect.yaml").exists())
LINE = re.compile(r"^(?P<path>.+?):(?:(?P<line>\d+):)? (?P<level>error|warning): (?P<msg>.+)$")


def generate(project: Path, spec: dict) -> None:
    path = project / spec["path"]
    head = "---\ntype: finding\ntitle: Generated\ntheme: safeguards\n---\n"
    if spec["kind"] == "long-body":
        body = ("Torture. " * (spec["bytes"] // 9 + 1))[: spec["bytes"]]
    else:
        body = "\n".join("  " * i + f"- level {i}" for i in range(spec["levels"])) + "\n"
    path.write_text(head + body, encoding="utf-8")


def prepare(case: str, tmp_path: Path) -> tuple[Path, dict]:
    expect = yaml.safe_load((CORPUS / case / "expect.yaml").read_text(encoding="utf-8"))
    project = write_project(tmp_path / case)
    for rel in expect.get("delete", []):
        target = project / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    files = CORPUS / case / "files"
    if files.is_dir():
        shutil.copytree(files, project, dirs_exist_ok=True)
    if "generate" in expect:
        generate(project, expect["generate"])
    return project, expect


@pytest.mark.e2e
@pytest.mark.parametrize("case", CASES)
def test_bad_input(case, tmp_path):
    project, expect = prepare(case, tmp_path)
    args = [expect["command"]] + (["-f", "docx", "-f", "pdf"] if expect["command"] == "build" else [])
    proc = subprocess.run([sys.executable, "-m", "kzreport", *args], cwd=project, capture_output=True,
                          text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert proc.returncode == expect["exit"], output
    lines = [LINE.match(ln) for ln in output.splitlines()]
    lines = [m for m in lines if m]
    if expect["exit"] == 0:  # a legitimate input: warnings perhaps, never an error
        assert not [m for m in lines if m["level"] == "error"], output
    for want in expect["messages"]:
        found = [m for m in lines
                 if m["path"].replace("\\", "/").endswith(want["path"])
                 and (want.get("line") is None or m["line"] == str(want["line"]))
                 and m["level"] == want.get("level", "error")
                 and want["contains"].lower() in m["msg"].lower()]
        assert found, f"expected {want} in:\n{output}"
    if expect["exit"] == 1 and expect["command"] == "build":
        assert not list((project / "build").glob("*/*.docx")), "a failed build must not publish outputs"


def test_every_folder_is_a_case_that_says_what_to_expect():
    """A folder without expect.yaml, a misspelt key, a case that changes nothing in the minimal project
    or a mistake without a located message would pass test_bad_input without testing anything."""
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == CASES
    assert len(CASES) >= 30
    for case in CASES:
        expect = yaml.safe_load((CORPUS / case / "expect.yaml").read_text(encoding="utf-8"))
        assert set(expect) <= {"command", "exit", "delete", "generate", "messages"}, case
        assert expect["command"] in ("check", "build") and expect["exit"] in (0, 1), case
        assert (CORPUS / case / "files").is_dir() or expect.get("delete") or expect.get("generate"), case
        assert isinstance(expect["messages"], list) and (expect["messages"] or expect["exit"] == 0), case
        for want in expect["messages"]:
            assert set(want) <= {"path", "line", "contains", "level"}, (case, want)
            assert want.get("path") and want.get("contains"), (case, want)  # located, and what it says
            assert want.get("level", "error") in ("error", "warning"), (case, want)
            assert isinstance(want.get("line", 1), int), (case, want)


@pytest.mark.e2e
def test_special_characters_in_titles_appear_as_typed(tmp_path):
    from helpers import docx_xml, pdf_text

    project, _ = prepare("title-of-special-characters", tmp_path)
    # a second finding, so that the findings' titles are printed as headings
    (project / "content/en/safeguards/second.md").write_text(
        "---\ntype: finding\ntitle: Second\ntheme: safeguards\n---\nMore text.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kzreport", "build"], cwd=project, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    from html import unescape
    pdf, xml = pdf_text(project / "build/en/r.pdf"), unescape(docx_xml(project / "build/en/r.docx"))
    theme = "Safe*guards* #1 [x] $y$ #set"
    header = (CORPUS / "title-of-special-characters/files/content/en/safeguards/finding.md").read_text()
    title = yaml.safe_load(header.split("---")[1])["title"]
    for text in (theme, title):
        assert text in pdf, text
        assert text in xml, text
