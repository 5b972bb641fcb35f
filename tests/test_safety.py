"""Victims' safety and never losing work: anonymisation, confidential cases, the leak guard,
reproducible builds, interrupted builds."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import NOW_ANONYMISED, PUBLIC_CASE, copy_root, kz_process, pdf_text, tiny_png
from pypdf import PdfReader

from kzreport.safety import docx_text

pytestmark = pytest.mark.e2e

REAL = ["Kazantsev", "Казанцев", "Secretova", "Секретов", "Aigerim", "Айгерим", "confidential story",
        "Конфиденциальная история"]


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_root("safety", tmp_path_factory.mktemp("s"))
    before = digest(project / "content")
    for args in (("build",), ("build", "--internal"), ("check",)):
        proc = kz_process(project, *args)
        assert proc.returncode == 0, proc.stderr
    assert digest(project / "content") == before  # build and check never write content
    return project


@pytest.mark.parametrize("lang,pseudonym", [("en", "M. K."), ("ru", "М. К.")])
def test_public_outputs_contain_no_protected_name(built, lang, pseudonym):
    docx_all = docx_text(built / "build" / lang / "r.docx")  # every XML part, footnotes and properties too
    reader = PdfReader(str(built / "build" / lang / "r.pdf"))
    pdf_all = pdf_text(built / "build" / lang / "r.pdf") + " ".join(str(v) for v in reader.metadata.values())
    for text in (docx_all, pdf_all):
        flat = " ".join(text.split())
        for name in REAL:
            assert name.lower() not in flat.lower(), name
        assert pseudonym in flat


def test_confidential_case_leaves_no_trace_in_public_outputs(built):
    toc = docx_text(built / "build" / "en" / "r.docx")
    assert "threatened" not in toc and "Secretova" not in toc


# the confidential case's text as each language writes it (the Russian declines the name: Секретовой)
@pytest.mark.parametrize("lang,mark,story", [
    ("en", "CONFIDENTIAL — NOT FOR PUBLICATION", "Aigerim Secretova was threatened"),
    ("ru", "КОНФИДЕНЦИАЛЬНО — НЕ ДЛЯ ПУБЛИКАЦИИ", "Айгерим Секретовой угрожали"),
])
def test_internal_build(built, lang, mark, story):
    pdf = built / "build" / "internal" / lang / "r.pdf"
    pages = PdfReader(str(pdf)).pages
    assert all(mark in (p.extract_text() or "") for p in pages)
    assert story in " ".join(pdf_text(pdf).split())
    import docx
    d = docx.Document(str(built / "build" / "internal" / lang / "r.docx"))
    for section in d.sections:
        assert mark in section.header.paragraphs[0].text
        if section.different_first_page_header_footer:
            assert mark in section.first_page_header.paragraphs[0].text
    assert story in " ".join(docx_text(built / "build" / "internal" / lang / "r.docx").split())
    # the internal build never writes into the public folder
    manifest = json.loads((built / "build" / "manifest.json").read_text())
    assert all(not e["path"].startswith("internal") for e in manifest["outputs"])


def test_leak_guard_stops_a_leaking_template(tmp_path):
    project = copy_root("safety", tmp_path)
    assert kz_process(project, "build", "-f", "docx").returncode == 0
    before = digest(project / "build")
    # a project template that prints a protected name literally: content checks cannot see it
    own = project / "templates"
    own.mkdir()
    builtin = Path(__file__).parent.parent / "kzreport" / "templates" / "alternative-report.md.j2"
    # (put together by Jinja, so that `check`, which reads the template, cannot see it: the guard does)
    (own / "alternative-report.md.j2").write_text(builtin.read_text() + "\nThanks to Mikhail Kazan{{ 'tsev' }}.\n")
    proc = kz_process(project, "build", "-f", "docx", "-f", "pdf")
    assert proc.returncode == 1
    assert "cases/anonymised" in proc.stderr
    assert "Kazantsev" not in proc.stderr  # messages end up in CI logs: they never print a protected name
    assert "r.docx" in proc.stderr and "Traceback" not in proc.stderr
    assert digest(project / "build") == before  # nothing written, the earlier outputs kept
    assert not list((project / "build").glob("*/r.pdf"))


def test_two_builds_in_different_folders_are_identical(tmp_path):
    a = copy_root("safety", tmp_path / "one")
    b = copy_root("safety", tmp_path / "two" / "deeper")
    for project in (a, b):
        assert kz_process(project, "build", "-f", "docx", "-f", "pdf", "-f", "html").returncode == 0
    assert digest(a / "build") == digest(b / "build")
    os.utime(b / "content" / "en" / "cases" / "finding.md")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    assert kz_process(b, "build", "-f", "docx", "-f", "pdf", env=env).returncode == 0
    first = digest(b / "build")
    assert kz_process(b, "build", "-f", "docx", "-f", "pdf", env=env).returncode == 0
    assert digest(b / "build") == first


def test_each_docx_carries_its_own_reports_date(tmp_path):
    """pandoc writes the moment into a DOCX's properties: each report's own (noon UTC on its date),
    the same whether the other reports are built with it or not."""
    project = copy_root("types", tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}

    def created(report: str) -> str:
        core = zipfile.ZipFile(project / "build" / "en" / f"{report}.docx").read("docProps/core.xml").decode()
        return re.search(r"<dcterms:created[^>]*>([^<]*)<", core).group(1)

    assert kz_process(project, "build", "-f", "docx", "-l", "en", env=env).returncode == 0
    assert [created(r) for r in ("loi", "appeal", "visit")] == \
        ["2014-11-10T12:00:00Z", "2020-04-01T12:00:00Z", "2025-04-07T12:00:00Z"]
    alone = copy_root("types", tmp_path / "alone")
    assert kz_process(alone, "build", "visit", "-f", "docx", "-l", "en", env=env).returncode == 0
    assert (alone / "build" / "en" / "visit.docx").read_bytes() == (project / "build" / "en" / "visit.docx").read_bytes()


def test_failure_half_way_keeps_earlier_outputs(tmp_path):
    project = copy_root("safety", tmp_path)
    assert kz_process(project, "build").returncode == 0
    before = digest(project / "build")
    (project / "templates").mkdir()
    (project / "templates" / "kzreport.typ").write_text("#let kz = (\n$body$\n")  # breaks Typst only
    proc = kz_process(project, "build")
    assert proc.returncode == 1 and "Typst" in proc.stderr and "Traceback" not in proc.stderr
    assert digest(project / "build") == before
    assert not [p for p in (project / "build").iterdir() if p.name.startswith(".kzreport")]


def test_killed_build_keeps_earlier_outputs(tmp_path):
    project = copy_root("safety", tmp_path)
    assert kz_process(project, "build").returncode == 0
    before = digest(project / "build")
    (project / "content" / "en" / "cases" / "finding.md").write_text(
        "---\ntype: finding\ntitle: Changed\ntheme: safeguards\n---\nNew text.\n")
    proc = subprocess.Popen([sys.executable, "-m", "kzreport", "build"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # killed half-way: once pandoc has written its first document into the build's private folder
    deadline = time.monotonic() + 120
    while not list((project / "build").glob(".kzreport-*/*.docx")):
        assert proc.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "the build never got to pandoc"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert [p for p in (project / "build").iterdir() if p.name.startswith(".kzreport")]  # what it left
    after = {k: v for k, v in digest(project / "build").items() if not k.startswith(".kzreport")}
    assert after.keys() == before.keys()  # no earlier output lost, nothing half-made put beside them
    # the next build cleans up what the killed one left and succeeds
    assert kz_process(project, "build").returncode == 0
    assert not [p for p in (project / "build").iterdir() if p.name.startswith(".kzreport")]
    complete = digest(project / "build")
    for path, sha in after.items():  # every file was either the old one or a complete new one
        assert sha in (before[path], complete[path]), path


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_fast_pdf_text_reads_what_pypdf_reads(built, lang):
    from kzreport.safety import page_text as _page_text

    for page in PdfReader(str(built / "build" / lang / "r.pdf")).pages:
        assert "".join(_page_text(page, {}).split()) == "".join((page.extract_text() or "").split())




@pytest.mark.parametrize("then_fail", [False, True])
def test_earlier_outputs_that_name_a_newly_protected_person_are_removed(tmp_path, then_fail):
    from helpers import write_project

    project = write_project(tmp_path, PUBLIC_CASE)
    assert kz_process(project, "build", "-f", "html", "-f", "docx").returncode == 0
    assert "Петрова" in (project / "build" / "ru" / "r.html").read_text()
    write_project(project, NOW_ANONYMISED)
    if then_fail:  # the English build fails, for a reason of its own
        (project / "templates").mkdir()
        (project / "templates" / "alternative-report.md.j2").write_text("{{ doc.no_such_thing() }}\n")
    proc = kz_process(project, "build", "-l", "en", "-f", "html", "-f", "docx")
    assert proc.returncode == (1 if then_fail else 0), proc.stderr
    assert "Traceback" not in proc.stderr and "Petrov" not in proc.stderr
    for fmt in ("html", "docx"):
        assert not (project / "build" / "ru" / f"r.{fmt}").exists()
        assert f"build/ru/r.{fmt}: warning: removed this output of an earlier build" in proc.stderr
    manifest = (project / "build" / "manifest.json").read_text()
    assert "ru/" not in manifest and "Petrov" not in manifest
    listed = {e["path"] for e in json.loads(manifest)["outputs"]}
    on_disk = {p.relative_to(project / "build").as_posix() for p in (project / "build").glob("[!.]*/*") if p.is_file()}
    assert listed == on_disk  # the manifest lists exactly what is there
    if not then_fail:
        assert "I. P." in (project / "build" / "en" / "r.html").read_text()


def test_outputs_of_a_deleted_report_are_removed(tmp_path):
    from helpers import write_project

    project = write_project(tmp_path, {"content/reports/old.yaml": "type: address\ndate: 2020-01-01\n",
                                       "content/en/reports.yaml": "r:\n  title: T\nold:\n  title: Old\n",
                                       "content/ru/reports.yaml": "r:\n  title: Т\nold:\n  title: Старый\n"})
    assert kz_process(project, "build", "-f", "html").returncode == 0
    assert (project / "build" / "en" / "old.html").exists()
    (project / "content" / "reports" / "old.yaml").unlink()
    proc = kz_process(project, "build", "-f", "html")
    assert proc.returncode == 0, proc.stderr
    assert not list((project / "build").glob("*/old.html"))
    assert "old.html" not in (project / "build" / "manifest.json").read_text()


def test_internal_build_is_marked_whatever_the_template(tmp_path):
    project = copy_root("safety", tmp_path)
    (project / "templates").mkdir()
    builtin = (Path(__file__).parent.parent / "kzreport" / "templates" / "kzreport.typ").read_text()
    (project / "templates" / "kzreport.typ").write_text(builtin.replace("kz.confidential != none", "false"))
    html = (Path(__file__).parent.parent / "kzreport" / "templates" / "kzreport.html").read_text()
    (project / "templates" / "kzreport.html").write_text(html.replace("$if(kz-confidential)$", "$if(nothing)$"))
    proc = kz_process(project, "build", "--internal", "-f", "pdf", "-f", "html")
    assert proc.returncode == 0, proc.stderr
    for lang, mark in (("en", "CONFIDENTIAL"), ("ru", "КОНФИДЕНЦИАЛЬНО")):
        pages = PdfReader(str(project / "build" / "internal" / lang / "r.pdf")).pages
        assert len(pages) > 1 and all(mark in (p.extract_text() or "") for p in pages)
        assert mark in (project / "build" / "internal" / lang / "r.html").read_text()


def test_cases_lists_disclosure_pseudonyms_and_forms(tmp_path):
    project = copy_root("safety", tmp_path)
    proc = kz_process(project, "cases")
    assert proc.returncode == 0, proc.stderr
    assert "cases/anonymised: anonymised" in proc.stdout and "cases/confidential: confidential" in proc.stdout
    assert "en: M. K., ru: М. К." in proc.stdout
    assert "казанцевым" in proc.stdout  # an oblique form generated from the nominative


def test_messages_never_print_a_protected_name(tmp_path):
    """CI logs are public: a message that quotes what a drafter wrote (an unknown source, a missing
    picture, an unknown theme) shows no protected name, however it is written there (a ninth red team)."""
    project = copy_root("safety", tmp_path)
    case = project / "content" / "en" / "cases" / "anonymised.md"
    case.write_text(case.read_text(encoding="utf-8").replace("theme: safeguards", "theme: kazantsev-case") +
                    "\nAs the complaint says [@kazantsev-complaint], see ![Photo](../../assets/kazantsevs-cell.png).\n",
                    encoding="utf-8")
    for command in ("check", "build"):
        proc = kz_process(project, command)
        out = (proc.stdout + proc.stderr).lower()
        assert proc.returncode == 1 and "anonymised.md" in out and "traceback" not in out
        assert "kazantsev" not in out and "unknown" in out and "a protected name" in out, out


def test_check_refuses_a_template_that_names_a_protected_person(tmp_path):
    """`check` and `build` agree (the twelfth red team: check said "no problems" where build refused):
    a project's own template, or its reference document, that names a protected person is an error at its
    line; the fonts the built-in templates name are no names (Times New Roman, with Roman protected)."""
    project = copy_root("safety", tmp_path)
    own = project / "templates"
    own.mkdir()
    builtin = Path(__file__).parent.parent / "kzreport" / "templates"
    (own / "kzreport.html").write_text((builtin / "kzreport.html").read_text(encoding="utf-8"), encoding="utf-8")
    (own / "kzreport.typ").write_text((builtin / "kzreport.typ").read_text(encoding="utf-8") +
                                      "\n// in memory of Mikhail Kazantsev\n", encoding="utf-8")
    proc = kz_process(project, "check")
    out = proc.stdout + proc.stderr
    lines = len((own / "kzreport.typ").read_text(encoding="utf-8").split("\n")) - 1
    assert proc.returncode == 1 and f"templates/kzreport.typ:{lines}: error: this line of a template names a person" in out
    assert "kzreport.html" not in out and "Kazantsev" not in out
    import docx

    reference = docx.Document(str(builtin / "reference.docx"))
    reference.core_properties.author = "Mikhail Kazantsev"
    reference.save(str(own / "reference.docx"))
    out = kz_process(project, "check").stdout
    assert "templates/reference.docx: error: this reference document names a person protected by" in out, out
    (own / "reference.docx").unlink()
    (own / "kzreport.typ").unlink()
    page = (builtin / "kzreport.html").read_text(encoding="utf-8")
    (own / "kzreport.html").write_text(page.replace("</head>", '<meta name="x" content="Report on &#75;azantsev">\n</head>', 1),
                                       encoding="utf-8")
    out = kz_process(project, "check").stdout
    assert "templates/kzreport.html:" in out and "error: this line of a template names a person" in out, out
    from kzreport.safety.extract import without_known_fonts

    assert "Roman" not in without_known_fonts('font-family: "Libertinus Serif", "Times New Roman", serif')


def test_a_tools_message_never_prints_a_protected_name(tmp_path):
    """A Typst error quotes what the template computed (the twelfth red team: "unknown variable: Kazantsev";
    that line itself `check` now refuses, so the name is put together here, where only Typst sees it)."""
    project = copy_root("safety", tmp_path)
    (project / "templates").mkdir()
    typ = (Path(__file__).parent.parent / "kzreport" / "templates" / "kzreport.typ").read_text(encoding="utf-8")
    (project / "templates" / "kzreport.typ").write_text('#panic("Kazan" + "tsev")\n' + typ, encoding="utf-8")
    proc = kz_process(project, "build", "-f", "pdf")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "templates/kzreport.typ:1: error:" in out and "Traceback" not in out
    assert "Kazantsev" not in out and "panicked with: [a protected name]" in out, out


def test_protect_on_one_line_is_refused(tmp_path):
    from helpers import write_project

    project = write_project(tmp_path, {"content/en/safeguards/case.md": NOW_ANONYMISED[
        "content/en/safeguards/case.md"].replace("protect: [Ivan Petrov, Иван Петров]", "protect: Ivan Petrov, Petrov")})
    for command in ("check", "build"):
        proc = kz_process(project, command)
        assert proc.returncode == 1
        assert "content/en/safeguards/case.md:7: error:" in proc.stdout + proc.stderr
        # the fix, shown without the names (the twelfth red team: a message printed them)
        assert "protect: [name 1, name 2], the names of this line between [ and ]" in proc.stdout + proc.stderr
        assert "[Ivan Petrov" not in proc.stdout + proc.stderr


def test_anonymised_xliff(tmp_path):
    project = copy_root("safety", tmp_path)
    proc = kz_process(project, "i18n", "export", "-l", "ru", "--all", "-o", "all.xlf")
    assert proc.returncode == 0 and "carries the real names" in proc.stderr
    proc = kz_process(project, "i18n", "export", "-l", "ru", "--all", "--anonymised", "-o", "anon.xlf")
    assert proc.returncode == 0 and "carries" not in proc.stderr
    text = (project / "anon.xlf").read_text()
    assert "Kazantsev" not in text and "Казанцев" not in text and "Secretova" not in text and "M. K." in text
    before = (project / "content" / "ru" / "cases" / "anonymised.md").read_text()
    proc = kz_process(project, "i18n", "import", "anon.xlf")
    assert proc.returncode == 0, proc.stderr
    assert "was not imported: it names a protected person" in proc.stderr
    assert (project / "content" / "ru" / "cases" / "anonymised.md").read_text() == before


def test_check_warns_about_unprotected_person_names(tmp_path):
    project = copy_root("safety", tmp_path)
    case = project / "content" / "ru" / "cases" / "anonymised.md"
    case.write_text(case.read_text() + "\nЕго брат Сергей Волков видел побои.\n")
    proc = kz_process(project, "check")
    assert "content/ru/cases/anonymised.md:" in proc.stdout and '"Сергей Волков" looks like a person' in proc.stdout


def test_internal_mark_cannot_be_hidden_by_the_projects_templates(tmp_path):
    """The twelfth red team hid the mark that the templates show: white 2-point text in the Typst header, a
    hidden (vanish) style in the reference document, display:none in the page's style sheet. kzreport's own
    mark is then stamped on every page of the PDF, formatted on the DOCX header's run itself, and given
    inline !important styles in the page."""
    project = copy_root("safety", tmp_path)
    (project / "templates").mkdir()
    builtin = Path(__file__).parent.parent / "kzreport" / "templates"
    typ = (builtin / "kzreport.typ").read_text(encoding="utf-8")
    (project / "templates" / "kzreport.typ").write_text(
        typ.replace("#set page(", "#set text(fill: white, size: 2pt)\n#set page(", 1), encoding="utf-8")
    page = (builtin / "kzreport.html").read_text(encoding="utf-8")
    # (the twenty-second: "<body>" in an attribute, a comment or a style sheet of the head took the mark there)
    page = page.replace("</style>", ".kz-confidential { display: none !important; }\n/* <body> */\n</style>", 1)
    assert "</head>" in page
    page = page.replace("</head>", "<meta name=\"description\" content='Report <body> text'>\n<!-- <body> -->\n</head>", 1)
    (project / "templates" / "kzreport.html").write_text(page, encoding="utf-8")
    with zipfile.ZipFile(builtin / "reference.docx") as src, \
            zipfile.ZipFile(project / "templates" / "reference.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b"<w:docDefaults>", b"<w:docDefaults>", 1).replace(
                    b"<w:rPrDefault><w:rPr>", b'<w:rPrDefault><w:rPr><w:vanish/><w:color w:val="FFFFFF"/><w:w w:val="1"/>'
                    b'<w:sz w:val="2"/><w:shd w:val="clear" w:fill="C00000"/>', 1)
                # (the twenty-second: paragraphs shaded in the mark's own colour, or framed off the page)
                data = data.replace(b"<w:pPrDefault><w:pPr>", b'<w:pPrDefault><w:pPr><w:framePr w:x="-20000" '
                                    b'w:y="-20000"/><w:shd w:val="clear" w:fill="C00000"/>', 1)
                assert b"<w:vanish/>" in data and b'w:x="-20000"' in data
            dst.writestr(item, data)
    proc = kz_process(project, "build", "--internal")
    assert proc.returncode == 0, proc.stderr
    proc = kz_process(project, "build", "--internal", "-f", "html")
    assert proc.returncode == 0, proc.stderr
    for lang, mark in (("en", "CONFIDENTIAL"), ("ru", "КОНФИДЕНЦИАЛЬНО")):
        out = project / "build" / "internal" / lang
        pages = PdfReader(str(out / "r.pdf")).pages
        assert all((p.extract_text() or "").count(mark) >= 3 for p in pages)  # the template's two, and the stamp
        with zipfile.ZipFile(out / "r.docx") as z:
            headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
        runs = [r for h in headers for r in re.findall(r"<w:r>.*?</w:r>", h, re.S) if mark in r]
        assert runs and all('<w:vanish w:val="0"/>' in r and '<w:sz w:val="20"/>' in r and 'w:fill="FFFFFF"' in r
                            and '<w:w w:val="100"/>' in r for r in runs)
        marked = [p for h in headers for p in re.findall(r"<w:p\b.*?</w:p>", h, re.S) if mark in p]
        assert marked and all("framePr" not in p and 'w:fill="FFFFFF"' in p.split("<w:r>")[0] for p in marked)
        page = (out / "r.html").read_text(encoding="utf-8")
        body = re.search(r"<body[^>]*>\s*<p class=\"kz-confidential\" style=\"display:block!important[^\"]*\">" + mark,
                         page)
        assert body and page.index("</head>") < body.start(), page[:3000]


def test_the_same_person_in_two_cases(tmp_path):
    """Two cases that both protect the same person (the twelfth red team: the second case's own text was
    refused as naming the first case's person): each case names its own people, and both are anonymised."""
    from helpers import write_project

    second = NOW_ANONYMISED["content/en/safeguards/case.md"].replace("pseudonym: I. P.", "pseudonym: X.").replace(
        "title: A beating", "title: A second beating")
    project = write_project(tmp_path, NOW_ANONYMISED | {"content/en/safeguards/case-two.md": second})
    report = project / "content" / "reports" / "r.yaml"
    assert "theme: safeguards" in report.read_text(encoding="utf-8")
    proc = kz_process(project, "check")
    assert "names a person protected by" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    proc = kz_process(project, "build", "-f", "html", "-l", "en")
    assert proc.returncode == 0, proc.stderr
    page = (project / "build" / "en" / "r.html").read_text(encoding="utf-8")
    assert "Petrov" not in page and "beaten in custody" in page


def test_a_source_that_names_the_person_but_is_cited_nowhere_is_no_alarm(tmp_path):
    """The issue's false-alarm trap, as the sixteenth red team built it: even `check --strict` passes; once
    a block cites the source, the drafter is warned."""
    from helpers import write_project

    source = ("- id: int-bt\n  type: interview\n  title: Interview with Ivan Petrov\n  issued: 2021-02\n")
    project = write_project(tmp_path, NOW_ANONYMISED | {"content/en/sources.yaml": source,
                                                        "content/ru/sources.yaml": source})
    proc = kz_process(project, "check", "--strict")
    out = proc.stdout + proc.stderr
    assert "source-names-protected" not in out
    case = project / "content" / "en" / "safeguards" / "case.md"
    case.write_text(case.read_text(encoding="utf-8") + "He said so later.[@int-bt]\n", encoding="utf-8")
    out = kz_process(project, "check").stdout
    assert "sources.yaml:1: warning: this source names a person protected by" in out, out


def test_sixteenth_round_messages_and_checks(tmp_path):
    """The sixteenth red team: check printed a name in its person-name warnings (a name with look-alike
    letters; a case whose protect: list is missing or unreadable), took "Abai Avenue" for a person, printed
    a report's file name that names him, and said nothing of a picture named after him (the build then
    stopped with a Typst error)."""
    from helpers import write_project

    case = NOW_ANONYMISED["content/en/safeguards/case.md"]
    ru = "---\ntitle: Избиение\n---\nИвана Пeтрoва (Latin е, о) избили. Его брата Сергея Смирнова допросили.\n"
    project = write_project(tmp_path / "a", NOW_ANONYMISED | {"content/ru/safeguards/case.md": ru})
    out = kz_process(project, "check").stdout
    assert "Пeтр" not in out and "Петр" not in out and "Сергея Смирнова" in out, out  # (the brother: warned)
    for protect in ("protect: Ivan Petrov, Иван Петров", "protect: []", ""):
        project = write_project(tmp_path / str(len(protect)), NOW_ANONYMISED | {
            "content/en/safeguards/case.md": case.replace("protect: [Ivan Petrov, Иван Петров]", protect),
            "content/ru/safeguards/case.md": "---\ntitle: Избиение\n---\nИвана Петрова избили.\n"})
        out = kz_process(project, "check").stdout
        assert "error:" in out and "Petrov" not in out and "Петров" not in out, out
    project = write_project(tmp_path / "b", NOW_ANONYMISED | {"content/en/safeguards/case.md": case.replace(
        "Ivan Petrov was beaten in custody.", "Ivan Petrov was beaten on Abai Avenue.")})
    assert "Abai Avenue" not in kz_process(project, "check").stdout
    project = write_project(tmp_path / "c", NOW_ANONYMISED | {"content/en/safeguards/case.md": case + (
        "\n![The cell](../../assets/petrov-cell.png)\n"), "content/assets/petrov-cell.png": tiny_png()})
    out = kz_process(project, "check").stdout
    assert "content/en/safeguards/case.md:11: error: this picture's file name names a person protected by" in out, out
    project = write_project(tmp_path / "d", NOW_ANONYMISED)
    (project / "content" / "reports" / "r.yaml").rename(project / "content" / "reports" / "petrov-appeal.yaml")
    out = kz_process(project, "check").stdout
    assert "content/reports/[a protected name]-appeal.yaml: error:" in out and "petrov" not in out.lower(), out


def test_seventeenth_round(tmp_path):
    """The seventeenth red team: check read no case title for unprotected names; took streets and parties
    for people; a picture whose reference label differs in spacing or case was missed; `kzreport new`
    printed a protected name in the file it created."""
    from helpers import write_project

    case = NOW_ANONYMISED["content/en/safeguards/case.md"].replace(
        "title: A beating", "title: A beating of Ivan Petrov's brother Dmitry Sokolov").replace(
        "Ivan Petrov was beaten in custody.", "Ivan Petrov was beaten in custody on Victor Hugo Street. "
        "He was a member of Nur Otan.")
    project = write_project(tmp_path / "a", NOW_ANONYMISED | {"content/en/safeguards/case.md": case})
    out = kz_process(project, "check").stdout
    assert "content/en/safeguards/case.md:3: warning: \"Dmitry Sokolov\" looks like a person's name" in out, out
    assert "Victor Hugo" not in out and "Nur Otan" not in out, out
    project = write_project(tmp_path / "b", NOW_ANONYMISED | {"content/en/safeguards/case.md": case.replace(
        "He was a member", "![The cell][Cell  Photo] He was a member") + "\n[cell photo]: ../../assets/petrov.png\n",
        "content/assets/petrov.png": tiny_png()})
    out = kz_process(project, "check").stdout
    assert "error: this picture's file name names a person protected by" in out, out
    project = write_project(tmp_path / "c", NOW_ANONYMISED)
    proc = kz_process(project, "new", "text", "safeguards/petrov-followup")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "petrov" not in out.lower() and "names a person a case protects" in out, out
    assert not (project / "content" / "en" / "safeguards" / "petrov-followup.md").exists()



def test_eighteenth_round(tmp_path):
    """The eighteenth red team: a relative's name was not warned after «на улице» or after the victim's
    own name; an id with a dash inside the name was accepted by `kzreport new` and by check."""
    from helpers import write_project

    ru = ("---\ntitle: Избиение\n---\nИвана Петрова избили. На улице Ерлан Беков, его брат, снимал это. "
          "Брат Ивана Петрова Сергей Орлов видел всё.\n")
    project = write_project(tmp_path / "a", NOW_ANONYMISED | {"content/ru/safeguards/case.md": ru})
    out = kz_process(project, "check").stdout
    assert '"Ерлан Беков" looks like a person' in out and '"Сергей Орлов" looks like a person' in out, out
    assert "Петров" not in out, out
    project = write_project(tmp_path / "b", NOW_ANONYMISED)
    proc = kz_process(project, "new", "text", "safeguards/pet-rov-followup")
    assert proc.returncode == 1 and "names a person a case protects" in proc.stdout + proc.stderr
    (project / "content" / "reports" / "r.yaml").rename(project / "content" / "reports" / "pet-rov.yaml")
    out = kz_process(project, "check").stdout
    assert "error: this report's file name names a person protected by" in out, out


def test_an_output_folder_named_after_the_person_is_refused(tmp_path):
    """The seventeenth red team: `build -o out/Petrov-files` was refused only by the leak guard, with an
    unclear message, and left the folder's manifest behind."""
    from helpers import write_project

    project = write_project(tmp_path, NOW_ANONYMISED)
    proc = kz_process(project, "build", "-f", "html", "-o", "out/Petrov-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "the output folder" in out and "names a person a case protects" in out, out
    assert "Petrov" not in out and not (project / "out").exists()



def test_a_protect_item_in_the_order_of_russian_documents_is_one_name():
    """The nineteenth red team: "- Petrov, Ivan" was two names, so "Ivan Petrov" became "I. P. I. P." and
    every other Ivan was refused. A surname, a comma and a given name is one person; other commas split."""
    from kzreport.safety.disclosure import listed_names

    assert listed_names(["Petrov, Ivan", "Петров, Иван", "Mikhail Kazantsev, Kazantsev", "Kazantsev; Казанцев"]) == \
        ["Ivan Petrov", "Иван Петров", "Mikhail Kazantsev", "Kazantsev", "Kazantsev", "Казанцев"]
    # (the twentieth: two words that could both be given names are one name and each alone, so that the
    # surname Roman, a given name too, is still protected)
    assert listed_names(["Roman, Anna", "Иван, Пётр"]) == \
        ["Anna Roman", "Roman", "Anna", "Пётр Иван", "Иван", "Пётр"]


def test_two_victims_with_the_same_surname_keep_their_own_pseudonyms(tmp_path):
    """The nineteenth red team: in the second case's own text, "Kim" alone took the first case's pseudonym
    (it acted for the other victim, and linked the two)."""
    from helpers import write_project

    def case(title: str, pseudonym: str, name: str) -> str:
        return (f"---\ntype: case\ntitle: {title}\ntheme: safeguards\ndisclosure: anonymised\npseudonym: {pseudonym}\n"
                f"protect: [{name}]\n---\n{name} was detained. Later Kim complained, but Kim's complaint was dismissed.\n")

    project = write_project(tmp_path, {"content/en/safeguards/case-a.md": case("A first", "E. K.", "Erlan Kim"),
                                       "content/en/safeguards/case-b.md": case("A second", "O. K.", "Oleg Kim")})
    proc = kz_process(project, "build", "-f", "html", "-l", "en")
    assert proc.returncode == 0, proc.stderr
    page = (project / "build" / "en" / "r.html").read_text(encoding="utf-8")
    for pseudonym in ("E. K.", "O. K."):
        assert f"{pseudonym} was detained. Later {pseudonym} complained, but {pseudonym}’s complaint" in page, page


def test_an_official_of_the_same_surname_listed_in_public_names_is_printed(tmp_path):
    """The nineteenth red team: a finding that names the President, who shares the victim's surname,
    stopped the build, and nothing the drafter could write let it through; public-names: now does."""
    from helpers import write_project

    case = ("---\ntype: case\ntitle: A beating\ntheme: safeguards\ndisclosure: anonymised\npseudonym: E. T.\n"
            "protect: [Erbolat Tokayev]\npublic-names: [Kassym-Jomart Tokayev]\n---\nErbolat Tokayev was beaten.\n")
    finding = ("---\ntype: finding\ntitle: Reform\ntheme: safeguards\n---\n"
               "In March 2022 President Kassym-Jomart Tokayev announced a reform of the police.\n")
    project = write_project(tmp_path, {"content/en/safeguards/case.md": case, "content/en/safeguards/reform.md": finding})
    proc = kz_process(project, "check")
    assert "names a person protected" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    proc = kz_process(project, "build", "-f", "html", "-l", "en")
    assert proc.returncode == 0, proc.stderr
    page = (project / "build" / "en" / "r.html").read_text(encoding="utf-8")
    assert "President Kassym-Jomart Tokayev announced" in page and "E. T. was beaten" in page
    assert "Erbolat" not in page
