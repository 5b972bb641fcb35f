"""Every report type: List-of-Issues reply, address, numbered paragraphs with annexes, and HTML."""

from __future__ import annotations

import re

import docx
import pytest
from helpers import footnotes_docx, pdf_text
from pypdf import PdfReader

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(built_root):
    return built_root("types", "--strict", "-f", "docx", "-f", "pdf", "-f", "html")


def headings(path, level=1):
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == f"Heading {level}"]


@pytest.mark.parametrize("lang,expected", [
    ("en", ["Criminalisation and punishment of torture (Article 1, Issues 1–2)",
            "Non-refoulement (Article 3, Issues 21–25)", "Human rights defenders (Issue 47)"]),
    ("ru", ["Криминализация пыток и наказание за них (статья 1, вопросы 1–2)",
            "Невыдворение (статья 3, вопросы 21–25)", "Правозащитники (вопрос 47)"]),
])
def test_loi_headings_carry_articles_and_issues(built, lang, expected):
    assert headings(built / "build" / lang / "loi.docx") == expected
    flat = " ".join(pdf_text(built / "build" / lang / "loi.pdf").split())
    for h in expected:
        assert h in flat.replace("– ", "–")


@pytest.mark.parametrize("lang,issued", [("en", "Issued: November 2014"), ("ru", "Опубликовано: ноябрь 2014 г.")])
def test_loi_issued_line_and_disclaimer_footnote(built, lang, issued):
    d = docx.Document(str(built / "build" / lang / "loi.docx"))
    assert d.paragraphs[0].text == issued
    notes = footnotes_docx(built / "build" / lang / "loi.docx")
    assert len(notes) == 1 and ("donors" in notes[0] or "доноров" in notes[0])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_address_letterhead_logo_and_length(built, lang):
    path = built / "build" / lang / "appeal.docx"
    d = docx.Document(str(path))
    first = d.paragraphs[0]
    assert first.style.name == "Letterhead"
    assert first.text.strip() in ("Types Test Coalition", "Тестовая коалиция типов")
    assert d.inline_shapes and len(d.inline_shapes) == 1  # the logo
    assert len(footnotes_docx(path)) == 1
    assert 1 <= len(PdfReader(str(built / "build" / lang / "appeal.pdf")).pages) <= 2
    reader = PdfReader(str(built / "build" / lang / "appeal.pdf"))
    assert "/XObject" in reader.pages[0]["/Resources"]  # the logo is drawn


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_numbered_paragraphs_and_bold_recommendations(built, lang):
    # Word numbers them itself: three paragraphs in the numbered style, no number typed (test_word.py
    # checks the numbering definition)
    d = docx.Document(str(built / "build" / lang / "visit.docx"))
    numbered = [p for p in d.paragraphs if p.style.name == "Numbered Paragraph"]
    assert len(numbered) == 3 and not any(re.match(r"\d+\. ", p.text) for p in numbered)
    rec = numbered[-1]
    assert all(r.bold for r in rec.runs if r.text.strip())
    assert not any(r.bold for r in numbered[0].runs)
    text = pdf_text(built / "build" / lang / "visit.pdf")
    assert re.search(r"^3\. ", text, re.M)
    # the quoted UN recommendation is not one of the report's own paragraphs
    assert not re.search(r"^\d+\. (Separate|Разделить)", text, re.M)


@pytest.mark.parametrize("lang,annex", [("en", "Annex I. Places of deprivation of liberty visited"),
                                        ("ru", "Приложение I. Посещённые места лишения свободы")])
def test_annex(built, lang, annex):
    assert annex in headings(built / "build" / lang / "visit.docx")
    assert annex in pdf_text(built / "build" / lang / "visit.pdf")


@pytest.mark.parametrize("report", ["loi", "appeal", "visit"])
def test_html_is_one_self_contained_file(built, report):
    html = (built / "build" / "ru" / f"{report}.html").read_text(encoding="utf-8")
    assert '<html lang="ru-RU">' in html
    assert not re.search(r'(src|href)="(?!data:|#|https?:)', html)
    if report == "appeal":
        assert 'src="data:image/png;base64,' in html


def test_pdf_standard_option(built):
    reader = PdfReader(str(built / "build" / "en" / "visit.pdf"))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    plain = PdfReader(str(built / "build" / "en" / "loi.pdf")).trailer["/Root"]["/Metadata"].get_object()
    assert "pdfaid" not in plain.get_data().decode()
