"""Content is text, never code; the HTML output is fit to publish (issue 12, parts 1 and 2).

One project holds an attack corpus — raw HTML, event handlers, javascript:/vbscript:/data: links in
many spellings, raw blocks and spans for every output format, raw TeX, HTML comments, attributes
that writers pass on as code — each attack in its own paragraph. It is built once (HTML, DOCX, PDF),
and every output is read back: no script, no event handler, no dangerous address in the HTML, a
strict Content-Security-Policy in every page, and no raw block's effect in the DOCX or the PDF,
while the text the drafter typed is still there to read.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import PWNED, Page, assert_safe_page, docx_xml, kz, kz_process, pdf_text, write_project

from kzreport.formats.html_safety import clean_fragment, publishable

# Every script in the corpus tries to leave the marker PWNED (helpers.py) in the page (split, so that the
# text of an attack printed literally never contains it).
RUN = "document.title='KZ'+'PWNED';document.documentElement.setAttribute('data-kz','KZ'+'PWNED')"

HTML_ATTACKS = f"""\
<script>{RUN}</script>

Inline <script>{RUN}</script> script, marker KZV-INLINE-SCRIPT.

<img src=x alt="KZV-IMG" onerror="{RUN}">

<svg onload="{RUN}"><text>KZV-SVG</text></svg>

<body onload="{RUN}">KZV-BODY

<iframe src="javascript:{RUN}">KZV-IFRAME</iframe>

<iframe srcdoc="<script>{RUN}</script>"></iframe>

<object data="javascript:{RUN}">KZV-OBJECT</object>

<embed src="javascript:{RUN}">

<meta http-equiv="refresh" content="0;url=javascript:{RUN}">

<style>body {{ display: none }} .kz-cover {{ background: url(https://example.org/track.png) }}</style>

<base href="javascript:{RUN}//">

<form action="javascript:{RUN}"><button>KZV-FORM</button></form>

<a href="javascript:{RUN}">KZV-HTML-LINK</a>

<div onmouseover="{RUN}">KZV-DIV</div>

<details open ontoggle="{RUN}"><summary>KZV-DETAILS</summary></details>

<input autofocus onfocus="{RUN}" value="KZV-INPUT">

<math><mtext><table><mglyph><style><img src=x onerror="{RUN}">KZV-MXSS</style></mglyph></table></mtext></math>

<noscript><p title="</noscript><img src=x onerror={RUN}>">KZV-NOSCRIPT</p></noscript>

<!-- a drafter's note KZ-COMMENT <script>{RUN}</script> -->

Text <!-- an inline note KZ-COMMENT --> around a comment, KZV-AROUND-COMMENT.

A footnote with a script.^[<script>{RUN}</script> KZV-IN-NOTE]
"""

LINK_ATTACKS = f"""\
[KZV-JS](javascript:{RUN})

[KZV-CASE](JaVaScRiPt:{RUN})

[KZV-ENTITY](jav&#x61;script:{RUN})

[KZV-ENTITY2](jav&#97;script&colon;{RUN})

[KZV-TAB](<java\tscript:{RUN}>)

[KZV-NEWLINE](<&#x0A;javascript:{RUN}>)

[KZV-SPACES](<  javascript:{RUN}>)

[KZV-CONTROL](<&#x01;javascript:{RUN}>)

<javascript:alert(1)>

[KZV-REF][evil]

[evil]: javascript:alert(1)

[KZV-VB](vbscript:msgbox(1))

[KZV-DATA](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

[KZV-FILE](file:///etc/passwd)

[KZV-ATTR](https://example.org/attr){{onclick="{RUN}" target="_blank"}}

[KZV-OK](https://example.org/ok) and [KZV-MAIL](mailto:info@example.org).
"""

RAW_ATTACKS = f"""\
```{{=html}}
<script>{RUN}</script>
<p>KZV-RAW-HTML</p>
```

```{{=typst}}
#text("KZ" + "INJECTED")
#set text(fill: red)
```

```{{=typst}}
#read("/etc/passwd")
```

```{{=openxml}}
<w:p><w:r><w:t>KZ-OX-INJECTED</w:t></w:r></w:p>
```

```{{=latex}}
\\textbf{{KZ-LATEX-RAW}}
```

Inline Typst `#text("KZ" + "INLINE")`{{=typst}} and HTML `<b onclick="{RUN}">KZV-RAW-SPAN</b>`{{=html}}
and OpenXML `<w:r><w:t>KZ-OX-INLINE</w:t></w:r>`{{=openxml}} spans.

Under \\textbf{{Article 146}} of the Code, the file C:\\Users\\new\\table.docx was lost.

\\newcommand{{\\kzmacro}}{{KZ-MACRO}} defined, then used: \\kzmacro.

[KZV-SPAN]{{onclick="{RUN}" style="position: fixed; inset: 0"}} and [KZV-TYPST-ATTR]{{typst:text:fill="red"}}.

# KZV-HEADING {{onclick="{RUN}"}}

::: {{.kz-toc depth="2); #text(\\"KZ\\" + \\"INJECTED\\") //"}}
KZV-TOC-DIV
:::

::: {{onclick="{RUN}" .kz-pagebreak custom-style="Title"}}
KZV-DIV-ATTR
:::

[KZV-KZ-SPAN]{{.kz-score}} and [KZV-UNKNOWN]{{.kz-nosuchfunction}}

---
title: KZV-META
---
"""

BODY_START_PERCENT = "% KZV-PERCENT line at the start of a body\n\nAnd the rest.\n"

VISIBLE = re.findall(r"KZV-[A-Z0-9-]+", HTML_ATTACKS + LINK_ATTACKS + RAW_ATTACKS + BODY_START_PERCENT)
# printed as typed (in the HTML's text, the DOCX and the PDF)
TYPED = [r"\textbf{Article 146}", r"C:\Users\new\table.docx", r"\kzmacro", r'#read("/etc/passwd")',
         "<script>", r"\textbf{KZ-LATEX-RAW}"]


def q(text: str) -> str:
    """A YAML string in single quotes."""
    return "'" + text.replace("'", "''") + "'"


def block(title: str, body: str, btype: str = "finding") -> str:
    return f"---\ntype: {btype}\ntitle: {title}\ntheme: safeguards\npoints: [10]\n---\n{body}"


ATTACK_FILES = {
    "content/en/safeguards/finding.md": block("HTML attacks", HTML_ATTACKS),
    "content/ru/safeguards/finding.md": None,
    "content/en/safeguards/links.md": block("Link attacks", LINK_ATTACKS),
    "content/en/safeguards/raw.md": block("Raw blocks", RAW_ATTACKS),
    "content/en/safeguards/percent.md": block("Percent", BODY_START_PERCENT),
    "content/en/sources.yaml": (
        "- id: src1\n  type: report\n"
        "  title: " + q(f"A report <script>{RUN}</script> KZV-SOURCE") + "\n"
        "  issued: 2023\n  URL: https://example.org/report\n"),
    "content/ru/sources.yaml": "- id: src1\n  type: report\n  title: Доклад\n  issued: 2023\n",
    "content/en/safeguards/cited.md": block("Cited", "A finding citing a source.[@src1]\n"),
}

# Short strings, titles, table cells and point numbers reach pandoc too: none may carry markup.
STRING_FILES = {
    "content/en/strings.yaml": "organisation:\n  name: " + q(f'Org <img src=x onerror="{RUN}"> KZV-ORG') + "\n",
    "content/en/themes.yaml": "safeguards: 'Theme `#text(\"KZ\" + \"INJECTED\")`{=typst} KZV-THEME'\n",
    "content/en/reports.yaml": "r:\n  title: " + q(f"Title <script>{RUN}</script> KZV-TITLE") + "\n",
    "content/en/documents/cat-co4.yaml": (
        "title: Concluding observations\npoints:\n"
        "  \"10\": " + q(f'Ensure <b onclick="{RUN}">safeguards</b> KZV-POINT.') + "\n"
        "  \"<b>11</b>\": 'Point KZV-POINT-KEY.'\n"),
    "content/en/safeguards/finding.md": block("Finding <script>x</script> KZV-BLOCK-TITLE", "Text.\n")
    .replace("points: [10]", "points: [10, '<b>11</b>']"),
    "content/ru/safeguards/finding.md": None,
    "content/assessments/a.yaml": "document: cat-co4\nscale: coalition\ndate: 2024-01-01\nscores:\n"
                                  "  - {point: 10, level: 2}\n",
    "content/en/assessments/a.yaml": (
        "\"10\": " + q(f"Comment <script>{RUN}</script> `<w:r><w:t>KZ-OX-CELL</w:t></w:r>`{{=openxml}} "
                        "`#text(\"KZ\" + \"INJECTED\")`{=typst} KZV-CELL") + "\n"),
    "content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n"
                              "scores: [a]\n",
    "content/en/safeguards/tex.md": block("TeX", (
        "Under \\textbf{Article 146} of the Code, the file C:\\Users\\new\\table.docx was lost.\n\n"
        "\\newcommand{\\kzmacro}{KZ-MACRO} defined, then used: \\kzmacro. KZV-AFTER-TEX\n")),
}


def build(root: Path, files: dict) -> Path:
    project = write_project(root, files)
    proc = kz_process(project, "build", "-l", "en", "-f", "html", "-f", "docx", "-f", "pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return project


@pytest.fixture(scope="module")
def attacks(tmp_path_factory):
    """The attack corpus built with the content check switched off (a normal build refuses it, see
    test_hostile_blocks_are_refused): what the pandoc step and the HTML cleaning do on their own."""
    project = write_project(tmp_path_factory.mktemp("attacks"), ATTACK_FILES)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("kzreport.load.blocks.check_raw_text", lambda *args: None)
        result = kz(project, "build", "-l", "en", "-f", "html", "-f", "docx", "-f", "pdf")
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="module")
def strings_project(tmp_path_factory):
    return build(tmp_path_factory.mktemp("strings"), STRING_FILES)


@pytest.mark.e2e
def test_html_runs_no_script_and_shows_the_text(attacks):
    page = assert_safe_page(attacks / "build" / "en" / "r.html")
    missing = [v for v in VISIBLE if v not in page.text]
    assert not missing, f"text that disappeared from the HTML: {missing}"
    for typed in TYPED:
        assert typed in page.text, typed
    assert "KZ-COMMENT" not in page.text  # HTML comments are the drafters' notes
    # the links the drafter may make are kept
    hrefs = {a.get("href") for t, a in page.tags if t == "a"}
    assert "https://example.org/ok" in hrefs and "mailto:info@example.org" in hrefs
    assert "https://example.org/report" in hrefs  # a source's address
    assert "https://example.org/attr" in hrefs


@pytest.mark.e2e
def test_html_keeps_what_pandoc_writes(attacks, strings_project):
    """The cleaning keeps classes, footnotes and the score cells' colour."""
    page = Page((attacks / "build" / "en" / "r.html").read_text(encoding="utf-8"))
    classes = {c for _, a in page.tags for c in a.get("class", "").split()}
    assert {"kz-cover", "kz-title", "kz-follows", "footnote-ref", "footnotes"} <= classes
    assert any(t == "a" and a.get("href", "").startswith("#fn") for t, a in page.tags)
    scores = Page((strings_project / "build" / "en" / "r.html").read_text(encoding="utf-8"))
    assert any(t == "td" and "background-color" in a.get("style", "") for t, a in scores.tags)


@pytest.mark.e2e
def test_docx_has_no_raw_openxml(attacks):
    xml = docx_xml(attacks / "build" / "en" / "r.docx") + docx_xml(attacks / "build" / "en" / "r.docx",
                                                                  "word/footnotes.xml")
    assert not re.search(r"<w:t(?: [^>]*)?>KZ-OX-", xml)  # injected runs would be real XML
    assert "&lt;w:t&gt;KZ-OX-INJECTED" in xml and "KZ-OX-INLINE" in xml  # printed as typed
    text = re.sub(r"<[^>]+>", "", xml)
    text = html.unescape(text)
    for typed in TYPED:
        assert typed in text, typed
    missing = [v for v in VISIBLE if v not in text]
    assert not missing, f"text that disappeared from the DOCX: {missing}"
    assert "KZINJECTED" not in text and "KZINLINE" not in text


@pytest.mark.e2e
def test_pdf_has_no_raw_typst(attacks):
    text = pdf_text(attacks / "build" / "en" / "r.pdf")
    assert "KZINJECTED" not in text and "KZINLINE" not in text  # the Typst code did not run
    assert "root:x:0" not in text
    flat = " ".join(text.split())
    for typed in TYPED:
        assert typed in flat, typed
    missing = [v for v in VISIBLE if v not in flat.replace("- ", "-")]
    assert not missing, f"text that disappeared from the PDF: {missing}"


@pytest.mark.e2e
def test_strings_titles_sources_and_cells_carry_no_markup(strings_project):
    page = assert_safe_page(strings_project / "build" / "en" / "r.html")
    for marker in ("KZV-ORG", "KZV-THEME", "KZV-TITLE", "KZV-POINT", "KZV-POINT-KEY", "KZV-CELL"):
        assert marker in page.text, marker
    assert "<b>11</b>" in page.text  # a point's number as typed
    assert not any(t == "b" for t, _ in page.tags)
    xml = docx_xml(strings_project / "build" / "en" / "r.docx")
    assert not re.search(r"<w:t(?: [^>]*)?>KZ-OX-", xml) and "KZ-OX-CELL" in xml
    pdf = pdf_text(strings_project / "build" / "en" / "r.pdf")
    assert "KZINJECTED" not in pdf and "KZV-THEME" in pdf and "KZV-CELL" in pdf


@pytest.mark.e2e
def test_hostile_blocks_are_refused(tmp_path):
    """A normal build refuses code in a block, naming the file and line, and writes nothing."""
    project = write_project(tmp_path, ATTACK_FILES)
    proc = kz_process(project, "build", "-l", "en", "-f", "html", "-f", "docx", "-f", "pdf")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Traceback" not in out
    assert not list(project.glob("build/*/r.*")), "an output was written"
    errors = [ln for ln in out.splitlines() if ": error: " in ln]
    html_lines = HTML_ATTACKS.split("\n")
    for marker in ("<script>", "onerror=", "<svg", "<iframe", "<object", "<embed", "<meta", "<style>", "<base",
                   "<form", "javascript:{RUN}\">KZV-HTML-LINK", "ontoggle", "onfocus", "<math>"):
        marker = marker.replace("{RUN}", RUN)
        n = 7 + next(i for i, line in enumerate(html_lines) if marker in line)
        assert any(f"content/en/safeguards/finding.md:{n}: error: " in ln for ln in errors), (marker, n, out)
    link_lines = LINK_ATTACKS.split("\n")
    for marker in ("KZV-JS", "KZV-CASE", "KZV-ENTITY]", "KZV-ENTITY2", "KZV-TAB", "KZV-NEWLINE", "KZV-SPACES",
                   "KZV-CONTROL", "<javascript:", "[evil]:", "KZV-VB", "KZV-DATA", "KZV-FILE", "KZV-ATTR"):
        n = 7 + next(i for i, line in enumerate(link_lines) if marker in line)
        assert any(f"content/en/safeguards/links.md:{n}: error: " in ln for ln in errors), (marker, n, out)
    assert not any("links.md:" in ln and ("KZV-OK" in ln or "example.org/ok" in ln) for ln in errors)


@pytest.mark.e2e
def test_typed_tex_and_paths_are_printed(strings_project):
    """TeX and a Windows path in a block are text: printed as typed (with a warning), never lost."""
    html_text = Page((strings_project / "build" / "en" / "r.html").read_text(encoding="utf-8")).text
    xml = html.unescape(re.sub(r"<[^>]+>", "", docx_xml(strings_project / "build" / "en" / "r.docx")))
    pdf = " ".join(pdf_text(strings_project / "build" / "en" / "r.pdf").split())
    for typed in (r"\textbf{Article 146}", r"C:\Users\new\table.docx", r"\newcommand{\kzmacro}{KZ-MACRO}",
                  r"\kzmacro", "KZV-AFTER-TEX"):
        assert typed in html_text and typed in xml and typed in pdf, typed


def test_check_locates_raw_markup(tmp_path):
    project = write_project(tmp_path, {"content/en/safeguards/raw.md": block("Raw blocks", RAW_ATTACKS)})
    result = kz(project, "check")
    assert result.exit_code == 1, result.output
    lines = RAW_ATTACKS.split("\n")
    first = 7  # the body's first line (after six lines of front matter)

    def line_of(s: str) -> int:
        return first + next(i for i, line in enumerate(lines) if s in line)

    path = "content/en/safeguards/raw.md"
    for where, words, level in (("{=typst}", "raw Typst", "error"), ("{=openxml}", "raw OpenXML", "error"),
                                ("{=html}", "raw HTML", "error"), ("{=latex}", "raw LaTeX", "error"),
                                ("KZV-RAW-SPAN", "raw HTML", "error"), ("# KZV-HEADING", "event handler", "error"),
                                (r"\textbf{Article", r"\textbf", "warning")):
        expected = f"{path}:{line_of(where)}: {level}: "
        assert any(expected in ln and words in ln for ln in result.output.splitlines()), \
            (expected, words, result.output)
    tex = write_project(tmp_path / "tex", {"content/en/safeguards/finding.md": block(
        "TeX", "Under \\textbf{Article 146} of the Code, the file C:\\Users\\new\\table.docx was lost.\n")})
    assert kz(tex, "check").exit_code == 0
    assert kz(tex, "check", "--strict").exit_code == 1
    # HTML comments are notes, not reported; code is code
    quiet = write_project(tmp_path / "quiet", {"content/en/safeguards/finding.md": block(
        "Notes", "Text <!-- a note <b>x</b> --> and `<script>` in code.\n\n```\n<div>{=typst}\n```\n")})
    out = kz(quiet, "check").output
    assert "printed as text" not in out, out


def test_content_check_units():
    """Raw blocks are found at any indentation, code is code, and no text makes the check slow."""
    import time

    from kzreport.errors import Diagnostics
    from kzreport.load.rawtext import check_raw_text

    diags = Diagnostics()
    check_raw_text("- item\n\n    ```{=typst}\n    #x\n    ```\n\n> ~~~ {=openxml}\n> <w:p/>\n> ~~~\n\n"
                   "`<script>` and `x`{=html} in code; <!-- <script> --> a note\n\n```\n<iframe>\n```\n"
                   "[a](jav&#x61;script:x) [b](<java\tscript:x>) [ok](https://example.org) <b>bold</b>\n",
                   10, Path("x.md"), diags)
    assert [(d.line, d.message.split(" is ")[0]) for d in diags.errors] == [
        (12, "raw Typst (`{=typst}`)"), (16, "raw OpenXML (Word) (`{=openxml}`)"), (20, "raw HTML (`{=html}`)"),
        (25, 'a link to a "javascript:" address')]
    assert [(d.line, d.message.split(" is ")[0]) for d in diags.warnings] == [(25, "the HTML tag <b>")]
    for body in ("```x\n" * 40000, "`a ``b " * 30000, "<!--" * 60000, "`x` " * 50000, "<b>" * 60000,
                 "`a\n\n" * 50000, "\\a{" * 60000):
        start = time.monotonic()
        check_raw_text(body, 1, Path("x.md"), Diagnostics())
        assert time.monotonic() - start < 5, body[:20]


@pytest.mark.e2e
def test_project_template_cannot_drop_the_policy(tmp_path):
    from kzreport.render.context import BUILTIN_TEMPLATES

    own = (BUILTIN_TEMPLATES / "kzreport.html").read_text(encoding="utf-8")
    own = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", own)
    assert "Content-Security-Policy" not in own
    project = write_project(tmp_path, {"templates/kzreport.html": own})
    result = kz(project, "build", "-l", "en", "-f", "html")
    assert result.exit_code == 0, result.output
    assert_safe_page(project / "build" / "en" / "r.html")


def test_cleaning_and_policy_units():
    page = "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p onclick='x'>a</p>" \
           "<a href=' jav&#x61;script:x'>b</a><a href='https://e.org'>c</a><img src='data:text/html,x'>" \
           "<td style='background-color: #FF0000; position: fixed'>d</td></body></html>"
    out = publishable(page)
    assert out.index("Content-Security-Policy") < out.index("<title>")
    assert "onclick" not in out and "javascript" not in out and "data:text" not in out
    assert 'rel="noopener noreferrer"' in out
    assert publishable(out) == out  # cleaning twice changes nothing
    assert clean_fragment("<table><tr><td style='background-color: #FF0000; position: fixed'>d</td></tr></table>") \
        .count("position") == 0
    assert "data:image/png" in clean_fragment('<img src="data:image/png;base64,AAAA">')
    assert "href" not in clean_fragment('<a href="data:image/png;base64,AAAA">x</a>')


# -- a real browser ---------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or \
    ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def dump_dom(page: Path, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.e2e
def test_no_script_runs_in_a_browser(attacks, strings_project, tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium not installed: .ci/run installs it with apt-get install chromium")
    # first, a page without the policy proves that this browser runs scripts at all
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p>"
                       f"<script>{RUN.replace('PWNED', 'ALIVE')}</script></body></html>", encoding="utf-8")
    proc = dump_dom(control, tmp_path / "profile")
    if proc.returncode != 0 or "<html" not in proc.stdout:
        pytest.skip(f"Chromium could not run here: {proc.stderr.strip()[-300:]}")
    assert "KZALIVE" in proc.stdout, "the control page's script did not run: the browser test proves nothing"
    pages = [attacks / "build" / "en" / "r.html", strings_project / "build" / "en" / "r.html"]
    for page in pages:
        proc = dump_dom(page, tmp_path / "profile")
        assert proc.returncode == 0, proc.stderr
        assert "<html" in proc.stdout
        assert PWNED not in proc.stdout, f"a script from the content ran in {page}"
        assert "KZV-ORG" in proc.stdout or "KZV-IMG" in proc.stdout  # the page really was shown


@pytest.mark.e2e
def test_a_very_long_word_is_printed_whole_and_fast(tmp_path):
    """pandoc's Typst writer takes time in the square of a word's length: a "word" of 4,900 letters (the
    longest kzreport takes), in a paragraph and a footnote, is given to it in pieces (kz_typst, when the
    document's survey saw a word that long), and the PDF holds all of it."""
    import time

    word = "Ab" * 2450
    project = write_project(tmp_path, {"content/en/safeguards/finding.md":
                                       "---\ntype: finding\ntitle: A finding\ntheme: safeguards\npoints: [10]\n---\n"
                                       f"Before {word} after.[^1]\n\n[^1]: Note {word[:3001]}.\n"})
    start = time.monotonic()
    result = kz(project, "build", "-l", "en", "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 60
    text = re.sub(r"\s+", "", pdf_text(project / "build/en/r.pdf"))
    assert "Before" + word + "after" in text and "Note" + word[:3001] + "." in text
