"""Charts under scoring tables: the distribution of levels and, when an assessment follows an earlier one,
the same points per cycle; a picture in the DOCX, vector in the PDF, SVG in the HTML page; the scale's
colours, the document's language, the same bytes on every build."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile

import pytest
from helpers import assert_safe_page, copy_root, docx_xml, kz, pdf_text

from kzreport.render.charts import Bar, comparison_svg, distribution_svg, wrap


def test_the_svg_is_data_text_and_colours():
    svg = distribution_svg("Points <at> each level", [Bar("3 — Largely & well", "#B6D7A8", 2), Bar("1", "#EA9999", 0)])
    assert svg == distribution_svg("Points <at> each level", [Bar("3 — Largely & well", "#B6D7A8", 2),
                                                               Bar("1", "#EA9999", 0)])
    assert "Points &lt;at&gt; each level" in svg and "Largely &amp; well" in svg
    assert 'fill="#B6D7A8"' in svg and 'fill="#EA9999"' not in svg  # no bar for no point
    import xml.etree.ElementTree as ET

    ET.fromstring(svg.split("\n", 1)[1])  # well-formed
    both = comparison_svg("Cycles", [("2023", [1, 2]), ("2024", [3, 0])], [("A", "#B6D7A8"), ("B", "#EA9999")])
    assert both.count('fill="#B6D7A8"') == 3  # two bars' segments and the legend


def test_long_labels_wrap_and_end_with_an_ellipsis():
    lines = wrap("E — Information or measures taken are contrary to or reflect rejection of the recommendation", 120)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert wrap("short", 120) == ["short"]


def _hashes(project):
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((project / "build").glob("*/note.*"))}


@pytest.mark.e2e
def test_the_follow_up_note_shows_its_charts_in_every_format(tmp_path):
    project = copy_root("followup", tmp_path)
    result = kz(project, "build", "-f", "docx", "-f", "pdf", "-f", "html")
    assert result.exit_code == 0, result.output
    build = project / "build"

    with zipfile.ZipFile(build / "en/note.docx") as z:
        pictures = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(pictures) == 2 and all(z.read(n).startswith(b"\x89PNG\r\n\x1a\n") for n in pictures)
        assert all(b"tEXt" not in z.read(n) and b"iTXt" not in z.read(n) for n in pictures)
    xml = docx_xml(build / "en/note.docx")
    assert 'descr="Points at each level: 3 — Largely implemented: 0; 2 — Partially implemented: 1' in xml
    assert 'descr="The same points in each assessment: 1 November 2023' in xml
    assert str(tmp_path) not in xml  # no path of the build's private folder
    assert 'descr="Число пунктов на каждом уровне' in docx_xml(build / "ru/note.docx")

    from pypdf import PdfReader

    text = pdf_text(build / "en/note.pdf")
    assert "Points at each level" in text and "The same points in each assessment" in text
    assert not [img for page in PdfReader(str(build / "en/note.pdf")).pages for img in page.images]  # vector
    assert "Те же пункты в каждой оценке" in pdf_text(build / "ru/note.pdf")

    page = assert_safe_page(build / "en/note.html")
    charts = [a for t, a in page.tags if t == "img" and a.get("src", "").startswith("data:image/svg+xml;base64,")]
    assert len(charts) == 2 and charts[0]["alt"].startswith("Points at each level")

    first = _hashes(project)
    shutil.rmtree(build)
    assert kz(project, "build", "-f", "docx", "-f", "pdf", "-f", "html").exit_code == 0
    assert _hashes(project) == first

    # HTML alone (as `kzreport serve` builds it), where no PNG is drawn for Word: the SVG all the same
    shutil.rmtree(build)
    assert kz(project, "build", "-f", "html").exit_code == 0
    page = assert_safe_page(build / "en/note.html")
    sources = [a.get("src", "") for t, a in page.tags if t == "img"]
    assert len(sources) == 2 and all(s.startswith("data:image/svg+xml;base64,") for s in sources), sources


@pytest.mark.e2e
def test_one_chart_without_an_earlier_assessment_and_none_when_turned_off(tmp_path):
    project = copy_root("followup", tmp_path)
    fu = project / "content/assessments/fu-2024.yaml"
    fu.write_text(re.sub(r"follows: fu-2023\n", "", fu.read_text(encoding="utf-8")), encoding="utf-8")
    note = project / "content/reports/note.yaml"
    note.write_text(note.read_text(encoding="utf-8") + "numbered-paragraphs: true\n", encoding="utf-8")
    assert kz(project, "build", "-l", "en", "-f", "docx", "-f", "pdf").exit_code == 0
    with zipfile.ZipFile(project / "build/en/note.docx") as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 1
    text = pdf_text(project / "build/en/note.pdf")
    assert "Points at each level" in text and not re.search(r"\d+\.\s*Points at each level", text)  # no number
    note.write_text(note.read_text(encoding="utf-8") + "charts: false\n", encoding="utf-8")
    assert kz(project, "build", "-l", "en", "-f", "docx").exit_code == 0
    with zipfile.ZipFile(project / "build/en/note.docx") as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
