"""Hostile and broken inputs (issue 12): nothing hangs, exhausts memory or prints a traceback; every
problem is located (`PATH:LINE: error: ...`) and ends with exit status 1, or 2 for the command line;
Ctrl-C ends a build with one line and status 130, leaving no worker running and no half-written
output; any locale works; and an incremental build gives the bytes of a clean one.

Each case runs `python -m kzreport` as a user would, with a time limit well under a minute.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import MINIMAL, ROOTS, write_project

pytestmark = pytest.mark.e2e

LINE = re.compile(r"^(?P<path>.+?):(?:(?P<line>\d+):)? (?P<level>error|warning): (?P<msg>.+)$")
TIMEOUT = 50  # seconds: every case ends well under a minute
BLOCK = "content/en/safeguards/finding.md"
HEAD = "---\ntype: finding\ntitle: A finding\ntheme: safeguards\npoints: [10]\n---\n"  # the body starts on line 7


def run(project: Path, *args: str, env: dict[str, str] | None = None, timeout: float = TIMEOUT
        ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kzreport", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def messages(proc: subprocess.CompletedProcess) -> list[re.Match]:
    return [m for m in map(LINE.match, (proc.stdout + proc.stderr).splitlines()) if m]


def assert_located(proc: subprocess.CompletedProcess, path: str, line: int | None = None, contains: str = "",
                   code: int = 1) -> None:
    """Exit status `code`, no traceback, and an error at `path` (ending so), on `line`, saying `contains`."""
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert "does not know how to explain" not in output, output
    assert proc.returncode == code, output
    found = [m for m in messages(proc) if m["level"] == "error" and m["path"].replace("\\", "/").endswith(path)
             and (line is None or m["line"] == str(line)) and contains.lower() in m["msg"].lower()]
    assert found, f"expected {path}:{line or ''}: error: ...{contains}... in:\n{output}"


def outputs(project: Path) -> dict[str, str]:
    build = project / "build"
    return {p.relative_to(build).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build.rglob("*")) if p.is_file() and ".cache" not in p.parts} if build.is_dir() else {}


def built(tmp_path: Path, files: dict | None = None, name: str = "project") -> tuple[Path, dict[str, str]]:
    """A minimal project, built once (docx and pdf): its outputs are the earlier outputs to keep."""
    project = write_project(tmp_path / name, files)
    proc = run(project, "build")
    assert proc.returncode == 0, proc.stderr
    return project, outputs(project)


def assert_kept(project: Path, before: dict[str, str]) -> None:
    after = outputs(project)
    for rel, digest in before.items():
        if rel != "manifest.json":
            assert after.get(rel) == digest, f"{rel} changed or disappeared"
    leftovers = [p.name for p in (project / "build").iterdir() if p.name.startswith(".kzreport-")]
    assert not leftovers, leftovers


def png(width: int = 4, height: int = 4, idat: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xc0\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw) if idat is None else idat) + chunk(b"IEND", b""))


# -- 3. files that are not ordinary files inside the project: reported, never opened ---------------

@pytest.mark.parametrize("rel", [BLOCK.replace("finding", "pipe"), "content/en/strings.yaml",
                                 "content/reports/r2.yaml", "content/ru/safeguards/finding.md",
                                 "templates/alternative-report.md.j2", "templates/reference.docx"])
def test_a_named_pipe_is_reported_and_never_opened(tmp_path, rel):
    project, before = built(tmp_path)
    target = project / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    os.mkfifo(target)  # opening it would block for ever
    started = time.monotonic()
    assert_located(run(project, "build"), rel, None, "named pipe")
    assert_located(run(project, "check"), rel, None, "named pipe")
    assert time.monotonic() - started < 30
    assert_kept(project, before)


def test_a_socket_named_like_a_block_is_reported(tmp_path):
    project = write_project(tmp_path / "p")
    path = project / "content/en/safeguards/sock.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        os.chdir(path.parent)  # a socket's path must be short
        server.bind("sock.md")
    except OSError:
        pytest.skip("cannot make a Unix socket here")
    finally:
        os.chdir(tmp_path)
    try:
        assert_located(run(project, "build"), "content/en/safeguards/sock.md", None, "socket")
    finally:
        server.close()


def test_a_device_in_content_is_reported(tmp_path):
    project = write_project(tmp_path / "p")
    path = project / "content/en/safeguards/zero.md"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # like /dev/zero: reading never ends
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    assert_located(run(project, "build"), "content/en/safeguards/zero.md", None, "device")


@pytest.mark.parametrize("rel", [BLOCK.replace("finding", "passwd"), "content/en/extra.yaml",
                                 "content/reports/leak.yaml", "templates/kzreport.typ"])
def test_a_symlink_out_of_the_project_is_reported_and_never_read(tmp_path, rel):
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(HEAD + "SECRET-FROM-OUTSIDE\n", encoding="utf-8")
    project, before = built(tmp_path)
    target = project / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(secret)
    proc = run(project, "build", "-f", "docx", "-f", "pdf", "-f", "html")
    assert_located(proc, rel, None, "outside the project")
    assert_kept(project, before)
    for path in (project / "build").rglob("*"):
        if path.is_file():
            assert b"SECRET-FROM-OUTSIDE" not in path.read_bytes()


def test_a_symlinked_folder_out_of_the_project_is_reported(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md").write_text(HEAD + "SECRET\n", encoding="utf-8")
    project = write_project(tmp_path / "p")
    (project / "content/en/linked").symlink_to(outside, target_is_directory=True)
    assert_located(run(project, "build"), "content/en/linked", None, "outside the project")


def test_a_dangling_symlink_is_reported(tmp_path):
    project = write_project(tmp_path / "p")
    (project / "content/en/safeguards/gone.md").symlink_to(tmp_path / "nowhere.md")
    assert_located(run(project, "check"), "content/en/safeguards/gone.md", None, "does not exist")


def test_a_symlink_inside_the_project_is_fine(tmp_path):
    project = write_project(tmp_path / "p", {"shared/finding.md": HEAD + "Shared text.\n"})
    block = project / BLOCK
    block.unlink()
    block.symlink_to(project / "shared/finding.md")
    proc = run(project, "build", "-f", "docx")
    assert proc.returncode == 0, proc.stderr
    assert "Shared text." in zipfile.ZipFile(project / "build/en/r.docx").read("word/document.xml").decode()


# -- 4. no hang, no memory exhaustion ----------------------------------------------------------------

BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)))


@pytest.mark.parametrize("rel,text,line", [
    (BLOCK, "---\ntype: finding\ntitle: A finding\ntheme: safeguards\n" + BOMB + "---\nText.\n", 6),
    ("content/en/strings.yaml", "organisation:\n  name: Test Coalition\n" + BOMB, 4),
    ("kzreport.yaml", MINIMAL["kzreport.yaml"] + BOMB, 8),
    ("content/reports/r.yaml", MINIMAL["content/reports/r.yaml"] + BOMB, 6),
    ("content/en/sources.yaml", "x: &x {title: a}\ny: *x\n", 2),
])
def test_yaml_aliases_are_refused_at_their_line(tmp_path, rel, text, line):
    project = write_project(tmp_path / "p", {rel: text})
    started = time.monotonic()
    assert_located(run(project, "check"), rel, line, "aliases")
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("rel,text,line", [
    (BLOCK, HEAD.replace("points: [10]", "points: " + "[" * 200000 + "]" * 200000) + "Text.\n", 5),
    ("content/en/strings.yaml", "".join(" " * i + f"k{i}:\n" for i in range(1500)) + " " * 1500 + "x: y\n", 65),
    ("content/reports/r.yaml", MINIMAL["content/reports/r.yaml"] + "cover: " + "{a: " * 100000 + "b" + "}" * 100000
     + "\n", 5),
])
def test_deeply_nested_yaml_is_refused_at_its_line(tmp_path, rel, text, line):
    """100,000 nested lists used to crash Python itself (a segmentation fault while building the values)."""
    project = write_project(tmp_path / "p", {rel: text})
    assert_located(run(project, "check"), rel, line, "nested")


@pytest.mark.parametrize("body,what", [
    ("Before.\n\nSee " + "[" * 25 + "the law" + "]" * 25 + " here.\n", "nested"),
    ("Before.\n\nOpen " + "[a " * 10000 + "\n", "nested"),
    ("Before.\n\nWord " + "x" * 300000 + "\n", "characters without a space"),
    ("Before.\n\nLinks " + "[a](" * 500 + "b\n", "nested"),
    ("Before.\n\nOpen " + "[a][" * 500 + "b\n", "nested"),
    ("Before.\n\nLess " + "x <a " * 20000 + "\n", "minutes"),
    ("Before.\n\nQuotes " + "'a " * 4000 + "\n", "minutes"),  # unclosed single quotes (a pipeline test)
    ("Before.\n\nTicks " + "`" * 20000 + "a\n", "characters without a space"),
    ("Before.\n\nTicks " + " ".join(["`" * 3000 + "a"] * 20) + "\n", "minutes"),
    ("Before.\n\nMany " + " ".join(["[[[[[a]]]]]"] * 3000) + "\n", "minutes"),
    ("Before.\n\n" + "- " * 100 + "deep\n", "nested too deeply"),
    ("Before.\n\n" + "> " * 100 + "deep\n", "nested too deeply"),
    ("Before.\n\n" + "1. > " * 60 + "deep\n", "nested too deeply"),
])
def test_markdown_that_would_take_pandoc_for_ever_is_refused_at_its_line(tmp_path, body, what):
    project, before = built(tmp_path)
    (project / BLOCK).write_text(HEAD + body, encoding="utf-8")
    started = time.monotonic()
    assert_located(run(project, "build"), BLOCK, 9, what)  # line 9: the paragraph after "Before."
    assert time.monotonic() - started < 30
    assert_kept(project, before)


def test_a_comment_on_a_score_is_checked_like_a_block(tmp_path):
    """Comments on scores are Markdown too (they go to pandoc in the scoring table)."""
    project = tmp_path / "followup"
    shutil.copytree(ROOTS / "followup", project, ignore=shutil.ignore_patterns("build"))
    strings = project / "content/en/strings.yaml"
    text = strings.read_text(encoding="utf-8")
    old = next(line for line in text.split("\n") if line.startswith('    "44":'))
    strings.write_text(text.replace(old, '    "44": "Not ' + "[" * 25 + "closed" + "]" * 25 + '"'), encoding="utf-8")
    line = text.split("\n").index(old) + 1
    started = time.monotonic()
    assert_located(run(project, "build"), "content/en/strings.yaml", line, "nested")
    assert time.monotonic() - started < 30


def test_real_brackets_links_and_notes_are_not_refused(tmp_path):
    text = ("The law [see [@cat-co4, para. 10], and the [report](https://example.org/a_(b))]^[A note with "
            "[a link](https://example.org) and [@cat-co4].] says x < y and `a[b]`.\n\n")
    source = "- id: cat-co4\n  type: report\n  title: CO\n  issued: 2014-12-12\n"
    project = write_project(tmp_path / "p", {BLOCK: HEAD + text * 300, "content/en/sources.yaml": source,
                                             "content/ru/sources.yaml": source})
    proc = run(project, "build", "-f", "docx")
    assert proc.returncode == 0, proc.stderr + proc.stdout


def test_pandoc_is_stopped_at_its_time_limit_naming_the_report_and_block(tmp_path, monkeypatch):
    """pandoc that does not finish a block (a stand-in that sleeps) is stopped; the message names the
    block's file and line and the report's name and language."""
    from click.testing import CliRunner

    from kzreport.cli import main
    from kzreport.convert import tools as external

    fake = tmp_path / "slow-pandoc"
    fake.write_text(f"#!{sys.executable}\nimport sys, time\nprint('kz-at b1', flush=True)\ntime.sleep(600)\n")
    fake.chmod(0o755)
    project, before = built(tmp_path)
    (project / BLOCK).write_text(HEAD + "Changed text.\n", encoding="utf-8")
    monkeypatch.setattr(external, "pandoc_path", lambda: str(fake))
    monkeypatch.setenv("KZREPORT_TIME_LIMIT", "2")
    monkeypatch.chdir(project)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", "-l", "en", "-f", "docx"])
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.output
    assert re.search(r"finding\.md:7: error: pandoc took more than 2 s to read this block for the report r \(en\)",
                     result.output), result.output
    assert_kept(project, before)


def test_typst_is_stopped_at_its_time_limit_and_no_worker_is_left(tmp_path):
    template = (ROOTS.parent.parent / "kzreport/templates/kzreport.typ").read_text(encoding="utf-8")
    slow = "#let kzslow = { let n = 0; for i in range(200000000) { n = n + 1 }; n }\n" + template + "\n#kzslow\n"
    project, before = built(tmp_path)
    (project / "templates").mkdir()
    (project / "templates/kzreport.typ").write_text(slow, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kzreport", "build", "-f", "pdf"], cwd=project, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "KZREPORT_TIME_LIMIT": "3"})
    out, err = proc.communicate(timeout=TIMEOUT)
    result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    # whichever language's PDF reaches the limit first (on a busy machine it need not be English)
    assert_located(result, "r.pdf", None, "Typst took more than 3 s to make the PDF of the report r (")
    assert not wait_for_group_to_end(proc.pid)
    assert_kept(project, before)


# -- 5. every failure located and explained ---------------------------------------------------------

def test_a_typst_error_is_reported_at_the_block(tmp_path):
    """A picture Typst cannot decode: the error is at the block's file and line, not the Typst source."""
    project = write_project(tmp_path / "p", {BLOCK: HEAD + "Text.\n\n![A picture](broken.png)\n",
                                             "content/en/safeguards/broken.png": png(idat=b"not zlib data")})
    proc = run(project, "build", "-f", "pdf")
    assert_located(proc, BLOCK, 7, "Typst could not make the PDF of the report r (en) from this block")
    assert "__typst_py_bytes__" not in proc.stderr


def test_a_typst_error_in_the_projects_template_is_reported_at_its_line(tmp_path):
    template = (ROOTS.parent.parent / "kzreport/templates/kzreport.typ").read_text(encoding="utf-8")
    lines = template.split("\n")
    lines.insert(3, "#let broken = (1, 2")
    project = write_project(tmp_path / "p", {"templates/kzreport.typ": "\n".join(lines)})
    proc = run(project, "build", "-f", "pdf")
    assert_located(proc, "templates/kzreport.typ", 4, "Typst could not make the PDF of the report r")
    assert "__typst_py_bytes__" not in proc.stderr


def test_typst_lines_are_mapped_to_blocks():
    from kzreport.convert.typst import locate_typst_line

    source = "\n".join(["#template", "// kz-src: b1", "text", "// kz-src: end", "#between",
                        "  // kz-src: b2", "- item", "  more", "// kz-src: end", "#after"])
    assert [locate_typst_line(source, n) for n in range(1, 11)] == \
        [None, "b1", "b1", None, None, "b2", "b2", "b2", None, None]


@pytest.mark.parametrize("rel,text,line,shown", [
    ("content/reports/r.yaml", MINIMAL["content/reports/r.yaml"].replace("2023-03-21", "2023-13-45"), 2,
     "2023-13-45 is not a date: month must be between 1 and 12"),
    (BLOCK, HEAD.replace("points: [10]\n", "points: [10]\ndate: 2023-02-30\n") + "Text.\n", 6,
     "2023-02-30 is not a date: day is out of range"),
    ("kzreport.yaml", MINIMAL["kzreport.yaml"].replace("2023-05-12", "2023-00-12"), 4, "2023-00-12 is not a date"),
])
def test_an_impossible_date_is_reported_at_its_line(tmp_path, rel, text, line, shown):
    project = write_project(tmp_path / "p", {rel: text})
    assert_located(run(project, "build"), rel, line, shown)


@pytest.mark.parametrize("value", ["abc", "-1", "1e9", "99999999999999", "12 34", "１２３"])
def test_an_invalid_source_date_epoch_is_a_one_line_usage_error_checked_first(tmp_path, value):
    for folder in (write_project(tmp_path / "p"), tmp_path):  # checked even before the project is looked for
        proc = run(folder, "build", env={"SOURCE_DATE_EPOCH": value})
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip().count("\n") == 0 and "SOURCE_DATE_EPOCH" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr


def test_the_largest_source_date_epoch_builds(tmp_path):
    project = write_project(tmp_path / "p")
    proc = run(project, "build", env={"SOURCE_DATE_EPOCH": "4102444799"})
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("args,shown", [
    (["build", "rr"], 'there is no report "rr" (did you mean "r"?)'),
    (["build", "-l", "kz"], 'the language "kz" is not one of the project\'s languages'),
    (["build", "-f", "odt"], "'odt' is not one of"),
    (["scores", "cat"], 'there is no assessment "cat"'),
])
def test_unknown_names_on_the_command_line_are_usage_errors(tmp_path, args, shown):
    project = write_project(tmp_path / "p")
    proc = run(project, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert shown in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_thousands_of_marks_in_a_block_are_located_in_linear_time():
    """A line number was counted from the start of the text for each citation, image or tag: 100,000
    citations in a block (under its 512 KB limit) took 10 s, once for every check that reads them."""
    from pathlib import Path

    from kzreport.checks.citations import find_citations
    from kzreport.errors import Diagnostics
    from kzreport.load.assets import image_refs
    from kzreport.load.rawtext import check_raw_text

    started = time.monotonic()
    cited = list(find_citations("x\n[@a] " * 60000, 3))
    assert len(cited) == 60000 and (cited[0].line, cited[-1].line) == (4, 60003)
    images = image_refs("![a](b.png)\n" * 40000)
    assert len(images) == 40000 and images[-1].line == 39999
    diags = Diagnostics()
    check_raw_text("<b>\n" * 60000, 1, Path("x.md"), diags)
    assert diags.warnings and diags.warnings[-1].line is not None
    assert time.monotonic() - started < 3


def test_a_report_or_language_named_twice_is_built_once(tmp_path):
    project = write_project(tmp_path / "p")
    proc = run(project, "build", "r", "r", "-l", "en", "-l", "en", "-f", "docx")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("wrote build/en/r.docx") == 1


def test_malformed_raw_openxml_in_a_template_is_reported_at_its_line(tmp_path):
    template = (ROOTS.parent.parent / "kzreport/templates/alternative-report.md.j2").read_text(encoding="utf-8")
    template = template.replace("{% import", "```{=openxml}\n<w:p><w:r><w:t>Broken</w:r></w:p>\n```\n\n{% import", 1)
    line = template.split("\n").index("<w:p><w:r><w:t>Broken</w:r></w:p>") + 1
    project, before = built(tmp_path)
    (project / "templates").mkdir()
    (project / "templates/alternative-report.md.j2").write_text(template, encoding="utf-8")
    assert_located(run(project, "build"), "templates/alternative-report.md.j2", line, "not well-formed XML")
    assert_kept(project, before)


def test_os_errors_are_explained():
    from kzreport.errors import os_problem

    build = Path("/p/build")
    full = os_problem(OSError(errno.ENOSPC, "No space left on device", "/p/build/en/r.pdf"), build)
    assert full.startswith("/p/build/en/r.pdf: error: cannot write") and "the disk is full" in full and "-o" in full
    ro = os_problem(OSError(errno.EROFS, "Read-only file system", "/p/build/.kzreport-1-x"), build)
    assert ro.startswith("/p/build: error: cannot write") and "read-only" in ro and "-o" in ro
    denied = os_problem(PermissionError(errno.EACCES, "Permission denied", "/p/build/en"), build)
    assert "read-only for you" in denied and "chmod" in denied
    reading = os_problem(PermissionError(errno.EACCES, "Permission denied", "/p/templates/x.j2"), build)
    assert reading.startswith("/p/templates/x.j2: error: cannot read")


def test_a_full_disk_is_reported_and_earlier_outputs_kept(tmp_path, monkeypatch):
    """The disk fills while the build writes its files (simulated): a located message, exit status 1."""
    from click.testing import CliRunner

    from kzreport import build as build_module
    from kzreport.cli import main

    project, before = built(tmp_path)
    (project / BLOCK).write_text(HEAD + "Changed text.\n", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(project / "build" / ".kzreport-1-x"))

    monkeypatch.setattr(build_module.tempfile, "TemporaryDirectory", full)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1, result.output
    assert re.search(r"^build: error: cannot write build: the disk is full", result.output, re.M), result.output
    assert_kept(project, before)


@contextlib.contextmanager
def tmpfs(path: Path, options: str):
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_really_full_disk_is_reported(tmp_path):
    project = write_project(tmp_path / "p")
    with tmpfs(tmp_path / "tiny", "size=64k") as out:
        proc = run(project, "build", "-o", str(out))
        assert_located(proc, "tiny", None, "the disk is full")


@pytest.mark.parametrize("how", ["chmod", "read-only-mount"])
def test_a_read_only_build_folder_is_reported_and_outputs_kept(tmp_path, how):
    project, before = built(tmp_path)
    (project / BLOCK).write_text(HEAD + "Changed text.\n", encoding="utf-8")
    build = project / "build"
    if how == "chmod":  # also refused when root, whom the system lets write anyway
        folders = [build, *[p for p in build.rglob("*") if p.is_dir()]]
        for folder in folders:
            folder.chmod(0o555)
        try:
            assert_located(run(project, "build"), "build", None, "read-only")
            assert_kept(project, before)
        finally:
            for folder in folders:
                folder.chmod(0o755)
        return
    copy = tmp_path / "copy"
    shutil.copytree(build, copy)
    with tmpfs(build, "size=8m"):
        shutil.copytree(copy, build, dirs_exist_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(build)], check=True)
        proc = run(project, "build")
        assert_located(proc, "build", None, "read-only")
        assert_kept(project, before)


def test_an_output_folder_that_cannot_be_made_is_reported(tmp_path):
    project = write_project(tmp_path / "p")
    (tmp_path / "a-file").write_text("x")
    proc = run(project, "build", "-o", str(tmp_path / "a-file" / "out"))
    assert_located(proc, "a-file/out", None, "cannot write")


@pytest.mark.parametrize("rel,what", [(BLOCK, "cannot read the file"), ("content/en/safeguards", "cannot read this folder"),
                                      ("templates/alternative-report.md.j2", "cannot read the file")])
def test_an_unreadable_file_or_folder_is_reported(tmp_path, rel, what):
    """Also when run as root, whom the system would let read it."""
    template = ROOTS.parent.parent / "kzreport/templates/alternative-report.md.j2"
    project = write_project(tmp_path / "p", {"templates/alternative-report.md.j2": template.read_text(encoding="utf-8")})
    (project / rel).chmod(0)
    try:
        assert_located(run(project, "build"), rel, None, what)
    finally:
        (project / rel).chmod(0o755)


# -- 6. Ctrl-C at any moment -------------------------------------------------------------------------

def group_processes(pgid: int) -> list[str]:
    """The processes still alive in a process group (zombies aside), from /proc."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append((entry / "cmdline").read_text().replace("\0", " ")[:120])
    return alive


def wait_for_group_to_end(pgid: int, seconds: float = 5) -> list[str]:
    deadline = time.monotonic() + seconds
    alive = group_processes(pgid)
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = group_processes(pgid)
    return alive


def startup_seconds() -> float:
    """How long Python takes here to start and load kzreport's first module (the moment from which
    kzreport can handle Ctrl-C at all): the delays below count from there. The slowest of three starts,
    and a little more: a Ctrl-C while Python itself starts (importing `site`) ends it with Python's own
    "Fatal Python error", before any of kzreport runs, and one start can be slower than the one measured."""
    def once() -> float:
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "import kzreport._interrupts"], check=True)
        return time.monotonic() - started

    return max(once() for _ in range(3)) + 0.05


@pytest.fixture(scope="module")
def long_project(tmp_path_factory) -> Path:
    """The basic sample project with sixteen reports: a build of several seconds."""
    project = tmp_path_factory.mktemp("ctrl-c") / "basic"
    shutil.copytree(ROOTS / "basic", project, ignore=shutil.ignore_patterns("build"))
    alt = (project / "content/reports/alt.yaml").read_text(encoding="utf-8")
    for i in range(15):
        (project / f"content/reports/alt{i}.yaml").write_text(alt, encoding="utf-8")
        for lang in ("en", "ru"):
            strings = project / f"content/{lang}/reports.yaml"
            title = strings.read_text(encoding="utf-8").split("title:", 1)[1].split("\n", 1)[0]
            strings.write_text(strings.read_text(encoding="utf-8") + f"alt{i}:\n  title:{title}\n", encoding="utf-8")
    proc = run(project, "build", timeout=300)
    assert proc.returncode == 0, proc.stderr
    return project


def complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None
    return True


def test_ctrl_c_in_a_callback_prints_no_traceback():
    """A Ctrl-C that lands while Python runs a callback it cannot raise from (CI once caught one in an
    import lock's weakref callback) is printed by CPython as "Exception ignored in ..." with a
    traceback; kzreport's hook keeps it quiet (the interruption itself is remembered, see
    Interrupts.check). Other unraisable exceptions are still printed."""
    script = """
import sys, weakref
from kzreport.__main__ import _unraisable
sys.unraisablehook = _unraisable
class A: pass
def stopped(ref): raise KeyboardInterrupt
def broken(ref): raise ValueError("a real bug")
a, b = A(), A()
r1, r2 = weakref.ref(a, stopped), weakref.ref(b, broken)
del a, b
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=TIMEOUT)
    assert "KeyboardInterrupt" not in proc.stderr, proc.stderr
    assert "ValueError: a real bug" in proc.stderr, proc.stderr


@pytest.mark.parametrize("to_group", [False, True], ids=["signal-to-kzreport", "ctrl-c-in-a-terminal"])
def test_ctrl_c_at_any_moment(long_project, to_group):
    """SIGINT at many moments of a build: one line, exit status 130, no process left, and build/ holds
    the earlier outputs or complete new ones, never a half-written file or a temporary folder."""
    offset = startup_seconds()
    block = long_project / "content/en/safeguards/detention.md"
    original = block.read_text(encoding="utf-8")
    delays = [0.0, 0.05, 0.15, 0.3, 0.5, 0.8, 1.2, 1.7, 2.3, 3.0] if not to_group else [0.1, 0.6, 1.4, 2.5]
    interrupted = 0
    temporary = long_project.parent / f"tmp-{to_group}"  # the system's temporary folder, for these builds
    temporary.mkdir()
    try:
        for n, delay in enumerate(delays):
            before = outputs(long_project)
            block.write_text(original + f"\nEdit {n} {to_group}.\n", encoding="utf-8")  # a build with work to do
            proc = subprocess.Popen([sys.executable, "-m", "kzreport", "build"], cwd=long_project, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                    env={**os.environ, "TMPDIR": str(temporary)})
            time.sleep(offset + delay)
            if to_group:
                os.killpg(proc.pid, signal.SIGINT)
            else:
                proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=TIMEOUT)
            assert "Traceback" not in err, (delay, err)
            assert not wait_for_group_to_end(proc.pid), delay
            if proc.returncode == 0:  # the build was over before the signal came
                continue
            assert proc.returncode == 130, (delay, proc.returncode, err)
            interrupted += 1
            assert err == "build interrupted; earlier outputs kept\n", (delay, err)
            after = outputs(long_project)
            for rel, digest in after.items():
                assert before.get(rel) == digest or complete(long_project / "build" / rel), (delay, rel)
            assert set(before) <= set(after), (delay, set(before) - set(after))
            hidden = [p.name for p in (long_project / "build").rglob(".*") if p.name != ".cache"
                      and p.parent.name != ".cache"]
            assert not hidden, (delay, hidden)
            assert not list(temporary.iterdir()), (delay, list(temporary.iterdir()))  # (pandoc's history files)
    finally:
        block.write_text(original, encoding="utf-8")
    assert interrupted >= len(delays) // 2, "the builds ended before most signals: make the project bigger"


def test_stopping_typst_ends_workers_still_starting(tmp_path, monkeypatch):
    """Ctrl-C while a Typst worker is being replaced (after TASKS_PER_WORKER documents, here every
    document): when abort() returns, no worker process is left, not even one multiprocessing was
    still starting. Such a worker, left behind, read what it was handed after kzreport had exited and
    printed a Python traceback (CI saw it once)."""
    import datetime as dt
    import multiprocessing
    import random
    import threading

    from kzreport.convert import typst

    monkeypatch.setattr(typst, "TASKS_PER_WORKER", 1)
    source = tmp_path / "a.typ"
    source.write_text("Hello", encoding="utf-8")
    for round_ in range(8):
        compiler = typst.TypstCompiler()

        def work(compiler: typst.TypstCompiler, prefix: str) -> None:
            with contextlib.suppress(Exception):  # stopped by abort()
                for k in range(100):
                    compiler.compile(source, tmp_path / f"{prefix}-{k}.pdf", root=tmp_path,
                                     timestamp=dt.datetime.now(dt.UTC))

        threads = [threading.Thread(target=work, args=(compiler, f"{round_}-{i}")) for i in range(2)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.3, 1.0))
        compiler.abort()
        left = multiprocessing.active_children()
        for t in threads:
            t.join()
        compiler.close()
        assert not left, (round_, left)


# -- 7. any locale -----------------------------------------------------------------------------------

@pytest.mark.parametrize("env", [{"LC_ALL": "C", "LANG": "C"}, {"LC_ALL": "", "LANG": "C", "LC_CTYPE": "POSIX"},
                                 {"LC_ALL": "ru_RU.KOI8-R"}])
def test_cyrillic_folder_file_and_report_names_under_any_locale(tmp_path, env):
    files: dict[str, str | None] = {"content/reports/доклад.yaml": MINIMAL["content/reports/r.yaml"],
                                    "content/reports/r.yaml": None}
    files["content/en/reports.yaml"] = "доклад:\n  title: Test report\n"
    files["content/ru/reports.yaml"] = "доклад:\n  title: Тестовый доклад\n"
    files["content/ru/safeguards/finding.md"] = "---\ntitle: Вывод\n---\nТекст вывода: ә ғ қ ң ө ұ ү һ і.\n"
    project = write_project(tmp_path / "проект", files)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "PYTHONUTF8")},
           **{k: v for k, v in env.items() if v}}
    proc = subprocess.run([sys.executable, "-m", "kzreport", "build", "-f", "docx", "-f", "pdf", "-f", "html"],
                          cwd=project, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "wrote build/ru/доклад.pdf" in proc.stdout
    from helpers import pdf_text
    assert "Тестовый доклад" in pdf_text(project / "build/ru/доклад.pdf")
    proc = subprocess.run([sys.executable, "-m", "kzreport", "check"], cwd=project, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT, env=env)
    assert proc.returncode == 0, proc.stderr + proc.stdout


# -- 8. every input in the cache key ----------------------------------------------------------------

def test_an_incremental_build_gives_the_bytes_of_a_clean_one_when_source_date_epoch_changes(tmp_path):
    project = write_project(tmp_path / "incremental")
    clean = write_project(tmp_path / "clean")
    assert run(project, "build", "-f", "docx", "-f", "pdf", "-f", "html",
               env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    proc = run(project, "build", "-f", "docx", "-f", "pdf", "-f", "html", env={"SOURCE_DATE_EPOCH": "1600000000"})
    assert proc.returncode == 0 and "up to date" not in proc.stdout, proc.stdout
    assert run(clean, "build", "-f", "docx", "-f", "pdf", "-f", "html",
               env={"SOURCE_DATE_EPOCH": "1600000000"}).returncode == 0
    assert outputs(project) == outputs(clean)
    # and back to the reports' own dates
    assert run(project, "build", "-f", "docx", "-f", "pdf", "-f", "html").returncode == 0
    shutil.rmtree(clean / "build")
    assert run(clean, "build", "-f", "docx", "-f", "pdf", "-f", "html").returncode == 0
    assert outputs(project) == outputs(clean)
