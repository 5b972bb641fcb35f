"""A DOCX the coordinator can send without fixing it in Word: footnotes numbered through the document,
Word's current mode, no table row split across pages, a legend kept with its table. Checked in the
XML, and in what LibreOffice (the Word-like client available here) makes of it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from helpers import copy_root, kz
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(built_root):
    return sorted((built_root("followup", "--strict") / "build").glob("*/*.docx"))  # as test_scoring.py


def part(docx, name):
    return etree.fromstring(zipfile.ZipFile(docx).read(name))


def test_footnotes_run_through_the_document_in_settings_and_every_section(built):
    assert len(built) == 2  # English and Russian
    for docx in built:
        settings = part(docx, "word/settings.xml")
        assert [e.get(f"{W}val") for e in settings.iterfind(f"{W}footnotePr/{W}numRestart")] == ["continuous"]
        sections = list(part(docx, "word/document.xml").iter(f"{W}sectPr"))
        assert sections
        for sect in sections:
            assert [e.get(f"{W}val") for e in sect.iterfind(f"{W}footnotePr/{W}numRestart")] == ["continuous"]


def test_word_opens_it_in_its_current_mode(built):
    for docx in built:
        settings = part(docx, "word/settings.xml")
        modes = [c.get(f"{W}val") for c in settings.iterfind(f"{W}compat/{W}compatSetting")
                 if c.get(f"{W}name") == "compatibilityMode"]
        assert modes == ["15"]
        names = [c.tag.replace(W, "") for c in settings]
        # schema order: footnotePr before compat, both before rsids and the separators at the end
        assert names.index("footnotePr") < names.index("compat") < names.index("decimalSymbol")


def test_no_table_row_splits_and_the_legend_stays_with_its_table(built):
    for docx in built:
        body = part(docx, "word/document.xml").find(f"{W}body")
        rows = list(body.iter(f"{W}tr"))
        assert rows and all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        tables = body.findall(f"{W}tbl")
        assert len(tables) >= 2  # a score table and its legend
        score, legend = tables[-2], tables[-1]
        last_row = score.findall(f"{W}tr")[-1]
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in last_row.iter(f"{W}p"))
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for r in legend.findall(f"{W}tr")[:-1] for p in r.iter(f"{W}p"))
        # an ordinary row of the score table may still start a new page
        first_body_row = score.findall(f"{W}tr")[1]
        assert all(p.find(f"{W}pPr/{W}keepNext") is None for p in first_body_row.iter(f"{W}p"))


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (Debian: libreoffice-writer-nogui; .ci/run installs it)")
def test_libreoffice_numbers_the_notes_through_the_document(built, tmp_path):
    out = tmp_path / "odt"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "odt", "--outdir", str(out), str(built[0])],
                   check=True, capture_output=True, timeout=300)
    styles = etree.fromstring(zipfile.ZipFile(out / built[0].with_suffix(".odt").name).read("styles.xml"))
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    config = [c for c in styles.iter(f"{text}notes-configuration") if c.get(f"{text}note-class") == "footnote"]
    assert [c.get(f"{text}start-numbering-at") for c in config] == ["document"]


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (Debian: libreoffice-writer-nogui; .ci/run installs it)")
def test_docx_and_pdf_of_the_shipped_documents_paginate_alike(tmp_path):
    """Every shipped document, both languages: the DOCX as LibreOffice lays it out and the PDF have page
    counts within 10% (one typeface, one set of sizes; an address that fits one page stays on one)."""
    from pathlib import Path

    from pypdf import PdfReader

    repo = Path(__file__).resolve().parent.parent
    out = tmp_path / "out"
    result = kz(repo, "build", "-f", "docx", "-f", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    counts = {}
    for lang in ("en", "ru"):
        docs = sorted((out / lang).glob("*.docx"))
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--convert-to", "pdf", "--outdir", str(tmp_path / "lo" / lang), *map(str, docs)],
                       check=True, capture_output=True, timeout=600)
        for docx in docs:
            typst = PdfReader(str(docx.with_suffix(".pdf"))).pages
            office = PdfReader(str(tmp_path / "lo" / lang / docx.with_suffix(".pdf").name)).pages
            counts[f"{lang}/{docx.stem}"] = (len(typst), len(office))
            # no near-blank page before the last (a cover that overflows by a few lines)
            for name, pages in (("PDF", typst), ("DOCX", office)):
                words = [len((page.extract_text() or "").split()) for page in pages]
                assert min(words[:-1], default=999) >= 150, (lang, docx.stem, name, words)
    assert len(counts) >= 8
    far = {k: v for k, v in counts.items() if abs(v[0] - v[1]) > max(0, 0.1 * max(v))}
    assert far == {}, counts


def test_titles_and_headings_get_typographic_quotes_and_apostrophes(tmp_path):
    from helpers import write_project

    project = write_project(tmp_path / "p", {
        "content/en/reports.yaml": "r:\n  title: The \"new\" Code's report\n",
        "content/en/themes.yaml": "safeguards: Detainees' \"basic\" safeguards\n",
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: F\ntheme: safeguards\npoints: [10]\n---\n"
                                            "The \"old\" Code's text.\n"})
    result = kz(project, "build", "-f", "docx", "-l", "en")
    assert result.exit_code == 0, result.output
    text = "".join(part(project / "build" / "en" / "r.docx", "word/document.xml").itertext())
    assert "The “new” Code’s report" in text  # the title
    assert text.count("Detainees’ “basic” safeguards") == 2  # the heading and its line in the contents
    assert "The “old” Code’s text." in text


def test_a_un_style_masthead_when_the_report_gives_one(tmp_path):
    from helpers import pdf_text

    project = copy_root("followup", tmp_path)
    with open(project / "content" / "reports" / "note.yaml", "a", encoding="utf-8") as f:
        f.write("masthead:\n  symbol: CAT/C/KAZ/NGO/1\n  original-language: en\n")
    result = kz(project, "build", "-f", "docx", "-f", "pdf")
    assert result.exit_code == 0, result.output
    expected = {"en": ["United Nations", "CAT/C/KAZ/NGO/1", "Distr.: General", "Original: English"],
                "ru": ["Организация Объединенных Наций", "CAT/C/KAZ/NGO/1", "Distr.: General", "Russian",
                       "Original: English"]}
    for lang, lines in expected.items():
        docx_text = "\n".join(p.xpath("string()") for p in part(project / "build" / lang / "note.docx",
                                                                  "word/document.xml").iter(f"{W}p"))
        pdf = pdf_text(project / "build" / lang / "note.pdf")
        for line in lines:
            assert line in docx_text and line in pdf, (lang, line)
        first_heading = {"en": "On Point 10", "ru": "По пункту 10"}[lang]
        assert docx_text.index("CAT/C/KAZ/NGO/1") < docx_text.index("Original: English") < docx_text.index(first_heading)
    assert "Russian" not in pdf_text(project / "build" / "en" / "note.pdf")


def test_a_masthead_needs_a_symbol_and_a_known_original_language(tmp_path):
    project = copy_root("followup", tmp_path)
    with open(project / "content" / "reports" / "note.yaml", "a", encoding="utf-8") as f:
        f.write("masthead:\n  original-language: de\n")
    result = kz(project, "check")
    assert result.exit_code == 1
    assert "note.yaml:5: error" in result.output  # the line of masthead:
    assert '"symbol" is missing' in result.output and '"de" is not one of "en" or "ru"' in result.output


def test_the_masthead_has_its_word_styles(tmp_path):
    project = copy_root("followup", tmp_path)
    with open(project / "content" / "reports" / "note.yaml", "a", encoding="utf-8") as f:
        f.write("masthead:\n  symbol: CAT/C/KAZ/NGO/1\n  original-language: en\n")
    assert kz(project, "build", "-f", "docx", "-l", "en").exit_code == 0
    body = part(project / "build" / "en" / "note.docx", "word/document.xml")
    styles = {p.xpath("string()"): (p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") if p.find(f"{W}pPr/{W}pStyle") is not None
                                    else None) for p in body.iter(f"{W}p")}
    assert styles["United Nations"] == "MastheadUN"
    assert styles["CAT/C/KAZ/NGO/1"] == "MastheadSymbol"


def test_numbered_paragraphs_are_word_numbering_and_typed_in_the_pdf(tmp_path):
    """UN style: Word numbers the paragraphs itself (a list style, renumbered after an edit), never the
    contents, the headings or the masthead; the PDF prints the same numbers."""
    from helpers import pdf_text

    project = copy_root("basic", tmp_path)
    report = next((project / "content" / "reports").glob("*.yaml"))
    with open(report, "a", encoding="utf-8") as f:
        f.write("numbered-paragraphs: true\nmasthead:\n  symbol: CAT/C/KAZ/NGO/1\n  original-language: en\n")
    result = kz(project, "build", "-f", "docx", "-f", "pdf", "-l", "en")
    assert result.exit_code == 0, result.output
    docx = project / "build" / "en" / f"{report.stem}.docx"
    body = part(docx, "word/document.xml")
    numbered = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
                and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "NumberedParagraph"]
    assert len(numbered) >= 3
    texts = [p.xpath("string()") for p in numbered]
    assert not any(t[:1].isdigit() for t in texts), texts  # no typed "1. "
    assert not any(t in ("Contents", "United Nations", "CAT/C/KAZ/NGO/1") for t in texts)
    styles = part(docx, "word/styles.xml")
    style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "NumberedParagraph")
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    numbering = part(docx, "word/numbering.xml")
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id)
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    assert abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "decimal"
    assert abstract.find(f"{W}lvl/{W}lvlText").get(f"{W}val") == "%1."
    assert len({a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")}) == \
        len(list(numbering.iter(f"{W}abstractNum")))  # no id given twice
    pdf = pdf_text(project / "build" / "en" / f"{report.stem}.pdf")
    first = " ".join(texts[0].split()[:3])
    assert f"1. {first}" in " ".join(pdf.split())
    assert "1. Contents" not in pdf
    if shutil.which("pdftotext"):  # the text 1 cm from its number, as Word's hanging indent (567 twips)
        boxes = subprocess.run(["pdftotext", "-bbox", str(project / "build" / "en" / f"{report.stem}.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout
        words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', boxes)
        at = next(i for i, (_, w) in enumerate(words) if w == "1." and words[i + 1][1] == texts[0].split()[0])
        assert float(words[at + 1][0]) - float(words[at][0]) == pytest.approx(28.35, abs=1.5)


def test_the_contents_list_what_the_pdf_bookmarks_list_with_page_numbers(tmp_path):
    """The DOCX contents: one entry per PDF bookmark, each with a PAGEREF field, and no heading outside
    the contents keeps a heading's outline level (Word's own update would list it). LibreOffice shows the
    page numbers when it opens the file."""
    from pathlib import Path

    from pypdf import PdfReader

    repo = Path(__file__).resolve().parent.parent
    out = tmp_path / "out"
    assert kz(repo, "build", "alt-2023", "-f", "docx", "-f", "pdf", "-o", str(out)).exit_code == 0
    for lang in ("en", "ru"):
        docx = out / lang / "alt-2023.docx"

        def flat(items):
            return [x for i in items for x in (flat(i) if isinstance(i, list) else [i])]

        bookmarks = [b.title for b in flat(PdfReader(str(docx.with_suffix(".pdf"))).outline)]
        body = part(docx, "word/document.xml")
        entries = [p for p in body.iter(f"{W}p") if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
                   and s.get(f"{W}val") in ("TOC1", "TOC2")]
        def plain(text):  # Typst's bookmarks keep the typed quotes the text shows as typographic ones
            return text.replace("’", "'").replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"')

        toc = [e.xpath("string(.//w:hyperlink/w:r[1]/w:t)", namespaces={"w": W[1:-1]}) for e in entries]
        assert [plain(x) for x in toc] == [plain(b) for b in bookmarks]
        assert all("PAGEREF" in e.xpath("string(.//w:instrText)", namespaces={"w": W[1:-1]}) for e in entries)
        heading_texts = {p.xpath("string()") for p in body.iter(f"{W}p") if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
                         and s.get(f"{W}val", "").startswith("Heading")}
        assert not heading_texts & {"Recommendations", "Рекомендации"}
        settings = part(docx, "word/settings.xml")
        assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui; .ci/run installs it)")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "lo"), str(out / "en" / "alt-2023.docx")], check=True, capture_output=True,
                   timeout=300)
    contents = PdfReader(str(tmp_path / "lo" / "alt-2023.pdf")).pages[1].extract_text()
    numbered = [line for line in contents.splitlines() if line.rstrip(". ")[-1:].isdigit()]
    assert len(numbered) >= 10, contents


def test_russian_documents_get_russian_quotation_marks_in_every_format(tmp_path):
    """Typed "quotes" in a Russian block: «…» outside, „…“ inside, in the DOCX (text and notes), the PDF and
    the HTML alike (strings key typography.quotes; kz_quotes.lua), not Word's English “…”."""
    from helpers import pdf_text, write_project

    project = write_project(tmp_path / "p", {
        "content/ru/safeguards/finding.md": "---\ntitle: Вывод\n---\nОн сказал \"нет\". Закон \"О 'правах' "
                                            "человека\".^[В сноске \"тоже\".]\n"})
    result = kz(project, "build", "-l", "ru", "-l", "en", "-f", "docx", "-f", "pdf", "-f", "html")
    assert result.exit_code == 0, result.output
    docx = project / "build" / "ru" / "r.docx"
    body = "".join(part(docx, "word/document.xml").itertext())
    notes = "".join(part(docx, "word/footnotes.xml").itertext())
    html = (project / "build" / "ru" / "r.html").read_text(encoding="utf-8")
    pdf = pdf_text(project / "build" / "ru" / "r.pdf")
    for text in (body, html, pdf):
        assert "Он сказал «нет»." in text and "«О „правах“ человека»" in text
        assert "“" not in text.replace("„правах“", "")
    assert "«тоже»" in notes and "«тоже»" in html and "«тоже»" in pdf
    english = "".join(part(project / "build" / "en" / "r.docx", "word/document.xml").itertext())
    assert "«" not in english
