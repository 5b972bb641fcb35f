"""Fuzz: random Markdown bodies through the whole build of a small project (issue 12, part 9).

Each example is one block's text made of pieces that have broken Markdown tools before — footnotes,
citations, brackets, emphasis, raw markers (```{=typst}```, `<script>`), TeX and Windows paths,
Unicode controls — built to HTML, DOCX and PDF as a user would (`python -m kzreport build`). The
build either succeeds or fails with located messages; it never prints a traceback, never hangs, and
no raw marker has an effect in any output. The examples are derandomized, so CI is stable.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import assert_safe_page, docx_xml, pdf_text, write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.e2e

# Raw code whose effect would show: Typst that prints KZFZ, OpenXML that makes a run KZOX, a script
# that sets the title to KZFZ. Printed as text, none of them ever shows "KZFZ" or a real KZOX run.
PIECES = [
    "word", "Қазақстан", "ә ғ қ ң ө ұ ү һ і", " ", "\n", "\n\n", "*", "**", "_", "~~", "^", "`", "```",
    "[", "]", "(", ")", "{", "}", "<", ">", "&", "#", "$", "@", "|", ":", "!", "\\", "---", ":::",
    "# ", "- ", "1. ", "> ", "    ", "\t",
    "^[a free note]", "^[", "[^1]", "\n\n[^1]: The note.\n\n", "[@src1]", "[@src1, para. 10]", "@src1",
    "[@nosuch]", "[link](https://example.org)", "[js](javascript:document.title='KZ'+'FZ')", "<https://x.org>",
    "<javascript:alert(1)>", "![img](missing.png)", "[x]{onclick=alert(1)}", "{=typst}", "{=html}",
    "{=openxml}", "{=latex}",
    '```{=typst}\n#text("KZ"+"FZ")\n```\n', '`#text("KZ"+"FZ")`{=typst}', '#text("KZ"+"FZ")',
    '```{=openxml}\n<w:r><w:t>KZOX</w:t></w:r>\n```\n', "`<w:r><w:t>KZOX</w:t></w:r>`{=openxml}",
    "<script>document.title='KZ'+'FZ'</script>", "<img src=x onerror=\"document.title='KZ'+'FZ'\">",
    "<!--", "-->", "<!-- note -->", "<div>", "</div>", "\\textbf{Article 146}", "\\newcommand{\\x}{KZ}",
    "C:\\Users\\new\\table.docx", "$x$", "{{ x }}", "{% if %}",
    "\u202e", "\u200b", "\u00ad", "\u2028", "\ufeff", "\x07", "\x0b", "\x0c", "\x1b[31m", "\r\n",
]

PIECE = st.sampled_from(PIECES)
# NUL makes the file a binary one, refused as a whole before any Markdown is read
TEXT = st.text(st.characters(exclude_characters="\x00"), max_size=4)
BODIES = st.lists(st.one_of(PIECE, PIECE, PIECE, TEXT), min_size=3, max_size=40).map("".join)

LOCATED = re.compile(r"^\S.*?:\d+: error: ", re.M)

FILES = {
    "content/en/sources.yaml": "- id: src1\n  type: report\n  title: A report\n  issued: 2023\n",
    "content/ru/sources.yaml": "- id: src1\n  type: report\n  title: Доклад\n  issued: 2023\n",
    "content/ru/safeguards/finding.md": None,
}


def check_outputs(build: Path) -> None:
    assert_safe_page(build / "en" / "r.html")
    xml = docx_xml(build / "en" / "r.docx") + "".join(
        docx_xml(build / "en" / "r.docx", part) for part in ("word/footnotes.xml",)
        if _has_part(build / "en" / "r.docx", part))
    assert not re.search(r"<w:t(?: [^>]*)?>KZOX", xml), "raw OpenXML reached the DOCX"
    assert "KZFZ" not in re.sub(r"<[^>]+>", "", xml)
    pdf = pdf_text(build / "en" / "r.pdf")
    assert "KZFZ" not in pdf, "raw Typst ran in the PDF"


def _has_part(path: Path, part: str) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return part in z.namelist()


# The build with kzreport's content check (rawtext.py) switched off, which would refuse most raw
# markers before pandoc sees them: so the pandoc step and the HTML cleaning are fuzzed on their own.
WITHOUT_CONTENT_CHECK = ("import kzreport.load.blocks as c; c.check_raw_text = lambda *args: None; "
                         "from kzreport.__main__ import run; run()")


def run(project: Path, body: str, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, timeout=60,
                              check=False)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"kzreport hung ({' '.join(args[-8:])}) on the body {body!r}") from None


def assert_exit_0_or_located(proc: subprocess.CompletedProcess, body: str) -> None:
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out
    assert proc.returncode in (0, 1), (proc.returncode, out)
    if proc.returncode == 1:
        assert LOCATED.search(out), f"an error without PATH:LINE for the body {body!r}:\n{out}"


@settings(derandomize=True, database=None, max_examples=18, deadline=None, print_blob=True,
          suppress_health_check=list(HealthCheck))
@given(body=BODIES)
def test_random_bodies_build_or_fail_with_located_messages(body):
    with tempfile.TemporaryDirectory(prefix="kz-fuzz-") as tmp:
        front = "---\ntype: finding\ntitle: Fuzz\ntheme: safeguards\npoints: [10]\n---\n"
        project = write_project(Path(tmp), {**FILES, "content/en/safeguards/finding.md": front + body})
        assert_exit_0_or_located(run(project, body, "-m", "kzreport", "check"), body)
        proc = run(project, body, "-c", WITHOUT_CONTENT_CHECK, "build", "-l", "en", "-f", "html", "-f", "docx",
                   "-f", "pdf")
        assert_exit_0_or_located(proc, body)
        if proc.returncode == 0:
            check_outputs(project / "build")
