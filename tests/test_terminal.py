"""The terminal: progress that names each document as it is finished, one summary line, -q, and shell
completion of commands, report ids and languages."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_root

from kzreport.progress import Progress, summary

README = Path(__file__).parent.parent / "README.md"


def test_progress_names_each_document_as_it_is_finished():
    from rich.console import Console

    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    progress = Progress(True, console)
    progress.advance("en/alt.docx")  # finished while the other documents were still rendered
    progress.start(2)
    progress.advance("en/alt.pdf")
    progress.stop()
    out = console.file.getvalue()
    assert "en/alt.docx" in out and "en/alt.pdf" in out and "2/2" in out


def test_no_progress_when_disabled():
    from rich.console import Console

    console = Console(file=io.StringIO(), force_terminal=True)
    progress = Progress(False, console)
    progress.start(3)
    progress.advance("en/alt.docx")
    progress.stop()
    assert console.file.getvalue() == ""


def test_summary_line():
    assert summary(8, 3.42, 2) == "8 documents built in 3.4 s, 2 warnings"
    assert summary(1, 0.5, 1, up_to_date=3, failed=2) == \
        "1 document built in 0.5 s, 3 up to date, 2 documents not built, 1 warning"


def run_on_a_terminal(project: Path, *args: str) -> tuple[int, str, str]:
    """kzreport with its standard error on a terminal (a pseudo-terminal), as a person runs it."""
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm", "COLUMNS": "120"}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kzreport", *args], cwd=project, stdout=subprocess.PIPE,
                            stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out = proc.stdout.read().decode() if proc.stdout else ""
    proc.wait(timeout=300)
    return proc.returncode, out, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.e2e
def test_a_build_on_a_terminal_names_each_document_and_ends_with_a_summary(tmp_path):
    project = copy_root("basic", tmp_path)
    code, out, terminal = run_on_a_terminal(project, "build", "-f", "html", "-f", "docx")
    assert code == 0, out + terminal
    for doc in ("en/alt.html", "ru/alt.html", "en/alt.docx", "ru/alt.docx"):
        assert f"finished {doc}" in terminal
    assert out.strip().splitlines()[-1].startswith("4 documents built in ")
    (project / "content" / "en" / "safeguards" / "detention.md").write_text(
        (project / "content" / "en" / "safeguards" / "detention.md").read_text() + "\nMore.\n")
    code, out, terminal = run_on_a_terminal(project, "build", "-f", "html", "-f", "docx", "-q")
    assert code == 0 and out == "" and "finished" not in terminal and "building" not in terminal


def complete(project: Path, words: str) -> list[str]:
    env = {**os.environ, "_KZREPORT_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    proc = subprocess.run([sys.executable, "-m", "kzreport"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert all("," in line for line in lines), (words, proc.stdout)
    return [line.split(",", 1)[1] for line in lines]


def test_shell_completion_of_commands_reports_and_languages(tmp_path):
    project = copy_root("basic", tmp_path)
    (project / "content" / "reports" / "address-2020.yaml").write_text("type: address\ndate: 2020-04-01\n")
    assert "build" in complete(project, "kzreport bu") and "serve" in complete(project, "kzreport se")
    assert complete(project, "kzreport build ") == ["address-2020", "alt"]
    assert complete(project, "kzreport build al") == ["alt"]
    assert complete(project, "kzreport serve a") == ["address-2020", "alt"]
    assert complete(project, "kzreport build -l ") == ["en", "ru"]
    assert complete(project, "kzreport build --lang r") == ["ru"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert complete(elsewhere, "kzreport build ") == []  # outside a project: nothing, and no error
    assert complete(elsewhere, f"kzreport -C {project} build a") == ["address-2020", "alt"]


def test_completion_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    assert "_KZREPORT_COMPLETE=bash_source kzreport" in text
    assert "-q" in text and "kzreport serve" in text


def test_output_into_a_command_that_stops_reading_is_no_bug_report(tmp_path):
    """`kzreport cases | head` printed "a problem it does not know how to explain (BrokenPipeError)"."""
    project = copy_root("safety", tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "kzreport", "cases"], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == "", err
