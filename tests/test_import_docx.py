"""`kzreport import FILE.docx`: a Word report written by LibreOffice (not by kzreport) into blocks, a report
definition and its title, with its translation; what cannot be brought over is said at its place; no
file is ever replaced; the imported report builds again with the same headings, table and footnotes."""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import docx_xml, footnotes_docx, kz

from kzreport.coordinator.docx_import import slug, word_file_notes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: these tests "
                                                           "import Word files that LibreOffice writes")

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/"')


def _png() -> str:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
    return base64.b64encode(png).decode()


def note(i: int, text: str) -> str:
    return (f'<text:note text:id="n{i}" text:note-class="footnote"><text:note-citation>{i}</text:note-citation>'
            f"<text:note-body><text:p>{text}</text:p></text:note-body></text:note>")


def cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def flat_odt(w: dict[str, str], extras: bool = False) -> str:
    """A report as LibreOffice's flat XML: a title, headings of two levels, a table, five footnotes."""
    picture = (f'<text:p><draw:frame draw:name="map" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char">'
               f"<draw:image><office:binary-data>{_png()}</office:binary-data></draw:image>"
               f"<svg:desc>{w['picture']}</svg:desc></draw:frame></text:p>") if extras else ""
    comment = ("<office:annotation><dc:creator>Editor</dc:creator><text:p>Check this figure</text:p>"
               "</office:annotation>") if extras else ""
    rows = "".join(f"<table:table-row>{cell(a)}{cell(b)}</table:table-row>" for a, b in
                   ((w["year"], w["complaints"]), ("2014", "512"), ("2015", "601")))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p text:style-name="Title">{w["title"]}</text:p>
<text:p>{w["intro"]}</text:p>
<text:h text:outline-level="1">{w["h1"]}</text:h>
<text:p>{w["p1"]}{note(1, w["n1"])} {w["p2"]}{note(2, w["n2"])}</text:p>
<text:h text:outline-level="2">{w["h2"]}</text:h>
<text:p>{comment}{w["p3"]}{note(3, w["n3"])}</text:p>
{picture}
<text:h text:outline-level="1">{w["h3"]}</text:h>
<text:p>{w["p4"]}{note(4, w["n4"])}</text:p>
<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>{rows}</table:table>
<text:p>{w["p5"]}{note(5, w["n5"])}</text:p>
</office:text></office:body></office:document>
"""


EN = {"title": "Alternative report on torture, 2016", "intro": "Submitted by the Coalition.",
      "h1": "Legal safeguards", "p1": "Detainees do not see a lawyer.", "n1": "Criminal Procedure Code, art. 131.",
      "p2": "Registration is late.", "n2": "Report of the Ombudsperson, 2015.", "h2": "Cases in Taraz",
      "p3": "In one case the police held a man for a day.", "n3": "Interview, March 2016.",
      "h3": "Investigations", "p4": "Complaints are rarely investigated.", "n4": "Prosecutor General, statistics.",
      "p5": "Few reached a court.", "n5": "Supreme Court, data for 2015.", "year": "Year",
      "complaints": "Complaints", "picture": "Map of detention centres"}
RU = {"title": "Альтернативный доклад о пытках, 2016", "intro": "Представлен Коалицией.",
      "h1": "Правовые гарантии", "p1": "Задержанные не видят адвоката.", "n1": "УПК, ст. 131.",
      "p2": "Регистрация запаздывает.", "n2": "Доклад Омбудсмена, 2015.", "h2": "Дела в Таразе",
      "p3": "В одном деле полиция держала человека сутки.", "n3": "Интервью, март 2016 г.",
      "h3": "Расследования", "p4": "Жалобы редко расследуются.", "n4": "Генеральная прокуратура, статистика.",
      "p5": "Немногие дошли до суда.", "n5": "Верховный суд, данные за 2015 г.", "year": "Год",
      "complaints": "Жалобы", "picture": "Карта мест содержания"}


def soffice_docx(folder: Path, name: str, fodt: str) -> Path:
    """The flat ODT converted to .docx by LibreOffice (with a profile of its own, so it runs beside others)."""
    source = folder / f"{name}.fodt"
    source.write_text(fodt, encoding="utf-8")
    profile = (folder / f"lo-profile-{name}").as_uri()
    proc = subprocess.run([str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                           "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "HOME": str(folder)})
    out = folder / f"{name}.docx"
    assert out.is_file(), proc.stderr + proc.stdout
    return out


@pytest.fixture(scope="module")
def word_files(tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("word")
    return {"en": soffice_docx(folder, "report-en", flat_odt(EN)),
            "ru": soffice_docx(folder, "report-ru", flat_odt(RU)),
            "extras": soffice_docx(folder, "report-extras", flat_odt(EN, extras=True))}


def new_project(tmp_path: Path) -> Path:
    result = kz(tmp_path, "init", str(tmp_path / "proj"))
    assert result.exit_code == 0, result.output
    return tmp_path / "proj"


def headings(path: Path) -> list[tuple[str, str]]:
    xml = docx_xml(path)
    out = []
    for para in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml):
        level = re.search(r'<w:pStyle w:val="Heading(\d)"/>', para)
        if level:
            out.append((level.group(1), "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", para))))
    return out


@needs_soffice
@pytest.mark.e2e
def test_a_libreoffice_report_is_imported_and_builds_again(tmp_path, word_files):
    project = new_project(tmp_path)
    result = kz(project, "import", str(word_files["en"]), "--report", "alt-2016", "--translation", str(word_files["ru"]))
    assert result.exit_code == 0, result.output
    assert "imported 2 section(s), 5 footnote(s), 1 table(s)" in result.output
    definition = (project / "content/reports/alt-2016.yaml").read_text(encoding="utf-8")
    assert "type: document" in definition and "- alt-2016/legal-safeguards" in definition
    block = (project / "content/en/alt-2016/legal-safeguards.md").read_text(encoding="utf-8")
    assert "title: Legal safeguards" in block and "^[Criminal Procedure Code, art. 131.]" in block
    assert "\n# Cases in Taraz\n" in block  # the subheading, one level under the section
    table = (project / "content/en/alt-2016/investigations.md").read_text(encoding="utf-8")
    assert re.search(r"^\| Year +\| Complaints +\|$", table, re.M) and re.search(r"^\| 2015 +\| 601 +\|$", table, re.M)
    ru = (project / "content/ru/alt-2016/legal-safeguards.md").read_text(encoding="utf-8")
    assert ru.startswith("---\ntitle: Правовые гарантии\n---") and "^[УПК, ст. 131.]" in ru
    assert "i18n done -l ru" in result.output

    built = kz(project, "build", "alt-2016")
    assert built.exit_code == 0, built.output
    for lang, words in (("en", EN), ("ru", RU)):
        docx = project / "build" / lang / "alt-2016.docx"
        assert headings(docx) == [("1", words["h1"]), ("2", words["h2"]), ("1", words["h3"])]
        notes = footnotes_docx(docx)
        assert len(notes) == 5 and notes[0] == words["n1"] and notes[4] == words["n5"]
        xml = docx_xml(docx)
        assert xml.count("<w:tbl>") == 1 and words["complaints"] in xml and ">601<" in xml
        assert words["title"] in xml and words["intro"] in xml


@needs_soffice
def test_what_cannot_be_brought_over_is_said_at_its_place(tmp_path, word_files):
    project = new_project(tmp_path)
    result = kz(project, "import", str(word_files["extras"]), "--report", "extras")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    picture = next(ln for ln in lines if "picture" in ln)
    m = re.match(r"^(\S*content/en/extras/legal-safeguards\.md):(\d+): warning: a picture .*Map of detention centres", picture)
    assert m, picture
    assert "comment(s)" in result.output and "Check this figure" in result.output
    assert "MARK" not in (project / m.group(1)).read_text(encoding="utf-8").upper().replace("MARKDOWN", "")


@needs_soffice
def test_nothing_is_ever_replaced(tmp_path, word_files):
    project = new_project(tmp_path)
    assert kz(project, "import", str(word_files["en"]), "--report", "alt-2016").exit_code == 0
    block = project / "content/en/alt-2016/investigations.md"
    block.write_text("edited by hand\n", encoding="utf-8")
    again = kz(project, "import", str(word_files["en"]), "--report", "alt-2016")
    assert again.exit_code == 1 and "never replaces a file" in again.output and "Traceback" not in again.output
    assert block.read_text(encoding="utf-8") == "edited by hand\n"
    assert kz(project, "import", str(word_files["en"]), "--report", "bad id").exit_code == 1


def test_not_a_word_file_is_said_plainly(tmp_path):
    project = new_project(tmp_path)
    fake = tmp_path / "old.docx"
    fake.write_text("not a zip", encoding="utf-8")
    result = kz(project, "import", str(fake), "--report", "old")
    assert result.exit_code == 1 and "not a Word file" in result.output and "Traceback" not in result.output


def test_tracked_changes_and_comments_are_found(tmp_path):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    path = tmp_path / "changes.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body><w:p><w:ins w:id="1"><w:r><w:t>new</w:t>'
                                        f'</w:r></w:ins><w:del w:id="2"><w:r><w:delText>old</w:delText></w:r></w:del>'
                                        f"</w:p></w:body></w:document>")
        z.writestr("word/comments.xml", f'<w:comments xmlns:w="{w}"><w:comment w:id="0"><w:p><w:r><w:t>Is this right?'
                                        f"</w:t></w:r></w:p></w:comment></w:comments>")
    assert word_file_notes(path) == (["Is this right?"], 1, 1)


def test_block_names_from_headings():
    taken: set[str] = set()
    assert slug("II. Legal safeguards", taken) == "legal-safeguards"
    assert slug("Legal safeguards", taken) == "legal-safeguards-2"
    assert slug("Правовые гарантии (статья 2)", taken) == "pravovye-garantii-statya-2"
    assert slug("???", taken) == "section"
