"""The PDF as a reader sees it: a space between each footnote's number and its text."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(built_root):
    return built_root("citations", "--strict", "-f", "docx", "-f", "pdf", "-f", "html")  # as test_citations.py


# the first word of each footnote of the "citations" sample (tests/test_citations.py has the notes)
FIRST_WORDS = {"en": ["Criminal", "Ibid.", "Concluding", "CPC,", "Ibid.,"],
               "ru": ["Уголовно-процессуальный", "Там", "Заключительные", "УПК,", "Там"]}


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext is not installed (Debian: poppler-utils; .ci/run installs it); it gives "
                           "each word's box, which pypdf does not")
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_footnote_number_is_followed_by_a_space(built, lang):
    """In the notes, the gap between a note's number and its first word is at least a quarter of the
    notes' type size (8.5pt): a reader sees "1 Criminal", not "1Criminal"."""
    pdf = built / "build" / lang / "cites.pdf"
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(x1), float(top), w) for x0, top, x1, w in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', xml)]
    gaps = {}
    for n, first in enumerate(FIRST_WORDS[lang], 1):
        # the note's number, and its first word just right of it on the same line
        found = [start - end for _, end, y, number in words if number == str(n)
                 for start, _, y2, word in words if word == first and abs(y - y2) < 4 and 0 <= start - end < 20]
        if found:
            gaps[n] = min(found)
    assert sorted(gaps) == [1, 2, 3, 4, 5], gaps
    assert all(gap >= 0.25 * 8.5 for gap in gaps.values()), gaps


def test_the_pdf_is_set_in_the_typeface_metric_compatible_with_the_docx(built):
    """Liberation Serif (shipped in kzreport/fonts/) has the metrics of Times New Roman, which the DOCX
    names, so the published PDF and the edited DOCX paginate alike."""
    from pypdf import PdfReader

    for lang in ("en", "ru"):
        fonts = set()
        for page in PdfReader(str(built / "build" / lang / "cites.pdf")).pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        assert fonts and all(f.startswith("LiberationSerif") for f in fonts), fonts


def test_a_viewer_shows_the_title_and_the_file_stays_valid(built, tmp_path):
    """DisplayDocTitle in the catalog, added without breaking the cross-reference table (strict
    reading), also in an internal build, whose pages pypdf stamps."""
    from helpers import copy_root, kz
    from pypdf import PdfReader

    internal = copy_root("citations", tmp_path)
    assert kz(internal, "build", "--internal", "-f", "pdf").exit_code == 0
    pdfs = [*sorted((built / "build").glob("*/*.pdf")), *sorted((internal / "build" / "internal").glob("*/*.pdf"))]
    assert len(pdfs) == 4
    for pdf in pdfs:
        reader = PdfReader(str(pdf), strict=True)
        assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"].value is True, pdf
        assert reader.metadata.title
        assert len(reader.pages) >= 1


# A score table of 12 points and its legend, after 0..13 paragraphs of text: somewhere in that range a
# page break falls at the end of the table, where the legend would start a page alone.
_POINTS = 12
_FILLER = ("The monitoring group visited the facility and spoke with detainees, staff and the administration; "
           "its members recorded what they saw and what they were told, and checked the registers. ") * 3


def _legend_project(root):
    from helpers import write_project

    variants = range(14)
    points = "".join(f'  "{p}": Recommendation {p} on safeguards, registers, lawyers and medical '
                     f"examinations from the moment of detention.\n" for p in range(1, _POINTS + 1))
    scores = "".join(f"  - {{point: {p}, level: {1 + p % 3}}}\n" for p in range(1, _POINTS + 1))
    comments = "".join(f'"{p}": Comment ROW{p:02d} on what the State did and what it did not do, as far as the '
                       f"Coalition could verify it in the year under review.\n" for p in range(1, _POINTS + 1))
    files = {
        "kzreport.yaml": "languages: [en]\nthemes: [" + ", ".join(f"t{k}" for k in variants) + "]\n"
                         "documents:\n  cat-co4: {symbol: CAT/C/KAZ/CO/4, date: 2023-05-12, body: CAT}\n"
                         "defaults:\n  document: cat-co4\n",
        "content/ru/strings.yaml": None, "content/ru/themes.yaml": None, "content/ru/reports.yaml": None,
        "content/ru/documents/cat-co4.yaml": None, "content/ru/safeguards/finding.md": None,
        "content/en/safeguards/finding.md": None, "content/reports/r.yaml": None,
        "content/en/themes.yaml": "".join(f"t{k}: Theme {k}\n" for k in variants),
        "content/en/reports.yaml": "".join(f"r{k}:\n  title: Report {k}\n" for k in variants),
        "content/en/documents/cat-co4.yaml": "title: Concluding observations\npoints:\n" + points,
        "content/assessments/a.yaml": "document: cat-co4\nscale: coalition\ndate: 2024-01-01\nscores:\n" + scores,
        "content/en/assessments/a.yaml": comments,
    }
    for k in variants:
        files[f"content/reports/r{k}.yaml"] = (f"type: alternative-report\ndate: 2023-03-21\nsections:\n"
                                               f"  - theme: t{k}\nscores: [a]\n")
        files[f"content/en/t{k}/text.md"] = (f"---\ntype: finding\ntitle: Text {k}\ntheme: t{k}\npoints: [1]\n---\n"
                                             + "\n\n".join([_FILLER] * k) + "\n")
    return write_project(root, files), variants


def test_a_legend_never_starts_a_page_without_its_table(tmp_path):
    from helpers import kz, pdf_pages_text

    project, variants = _legend_project(tmp_path / "p")
    result = kz(project, "build", "-l", "en", "-f", "pdf")
    assert result.exit_code == 0, result.output
    split = 0
    for k in variants:
        pages = pdf_pages_text(project / "build" / "en" / f"r{k}.pdf")
        page_of = {row: next(i for i, text in enumerate(pages) if f"ROW{row:02d}" in text)
                   for row in range(1, _POINTS + 1)}
        legend = next(i for i, text in enumerate(pages) if re.search(r"Scale\s+Count", text))
        assert legend == page_of[_POINTS], (k, page_of, legend)  # the legend stays with the last row
        split += page_of[_POINTS - 1] < page_of[_POINTS]  # ... which then leaves its table's page
    assert split, "no variant put a page break at the end of the table: the test proves nothing; change _FILLER"
