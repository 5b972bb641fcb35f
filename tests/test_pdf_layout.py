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
