"""End to end: build tests/roots/basic in both languages and formats and read the real files back."""

from __future__ import annotations

import hashlib
import json
import re

import docx
import pytest
from helpers import docx_xml, footnotes_docx, pdf_text
from pypdf import PdfReader

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(built_root):
    return built_root("basic")


def normal(text):
    text = re.sub(r"-\s*\n", "", text)  # hyphenation at line ends in the PDF
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_outputs_exist_and_manifest_is_right(built, lang):
    manifest = json.loads((built / "build" / "manifest.json").read_text())
    entries = {e["path"]: e for e in manifest["outputs"]}
    for ext in ("docx", "pdf"):
        path = built / "build" / lang / f"alt.{ext}"
        assert path.exists()
        entry = entries[f"{lang}/alt.{ext}"]
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["footnotes"] == 7
        assert entry["words"] > 50
        assert path.stat().st_mode & 0o044 == 0o044  # readable by others, like any published file
    assert (built / "build" / "manifest.json").stat().st_mode & 0o044 == 0o044


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_docx_has_real_footnotes_matching_the_pdf(built, lang):
    notes = footnotes_docx(built / "build" / lang / "alt.docx")
    assert len(notes) == 7
    # whitespace is left out of the comparison: the PDF breaks long addresses across lines
    pdf = "".join(normal(pdf_text(built / "build" / lang / "alt.pdf")).split())
    for n, text in enumerate(notes, 1):
        assert f"{n}{''.join(text.split())}" in pdf, (n, text)


def test_footnote_texts_en(built):
    notes = footnotes_docx(built / "build" / "en" / "alt.docx")
    assert notes[0] == "Member One; Member Two; Member Three."
    assert notes[1].startswith("Law on amendments to the Criminal Procedure Code, No. 157-VII, 5 November 2022")
    assert notes[3] == "Ibid."
    assert notes[4] == "Law No. 157-VII, art. 193, see note 2 above."


def test_footnote_texts_ru(built):
    notes = footnotes_docx(built / "build" / "ru" / "alt.docx")
    assert "5 ноября 2022 г." in notes[1]
    assert notes[3] == "Там же."
    assert notes[4] == "Закон № 157-VII, ст. 193, см. сноску 2 выше."


@pytest.mark.parametrize("lang,heading", [("en", "Legal safeguards"), ("ru", "Правовые гарантии")])
def test_docx_structure(built, lang, heading):
    d = docx.Document(str(built / "build" / lang / "alt.docx"))
    styles = [(p.style.name, p.text) for p in d.paragraphs]
    assert ("Heading 1", heading) in styles
    case_titles = [t for s, t in styles if s == "Case Title"]
    assert case_titles and ("A. B." in case_titles[0] or "А. Б." in case_titles[0])
    assert any(s == "Case" for s, _ in styles)
    # every section ends with its recommendations: the last paragraphs before the next Heading 1
    sections, current = [], None
    for s, t in styles:
        if s == "Heading 1" and t:
            current = []
            sections.append(current)
        elif current is not None:
            current.append((s, t))
    content = [sec for sec in sections if sec]
    assert len(content) == 2
    for sec in content:
        assert sec[-1][0] == "Recommendation", sec
        # "Recommendations" looks like a heading but is left out of the contents (as from the
        # PDF bookmarks), so it has the unlisted style, without an outline level
        assert sec[-2][0] == "Unlisted Heading 2", sec
    assert ("Title", "Alternative report to the Committee against Torture" if lang == "en"
            else "Альтернативный доклад Комитету против пыток") in styles


@pytest.mark.parametrize("lang,tag", [("en", "en-GB"), ("ru", "ru-RU")])
def test_docx_properties_language_and_page(built, lang, tag):
    path = built / "build" / lang / "alt.docx"
    d = docx.Document(str(path))
    props = d.core_properties
    assert props.language == tag
    assert props.author in ("Test Coalition against Torture", "Тестовая коалиция против пыток")
    assert props.title.startswith("Alternative report" if lang == "en" else "Альтернативный доклад")
    assert f'w:val="{tag}"' in docx_xml(path, "word/styles.xml")
    sect = d.sections[0]
    assert (sect.page_width.cm, sect.page_height.cm) == pytest.approx((21.0, 29.7), abs=0.05)
    footer = "".join(docx_xml(path, n) for n in ("word/footer1.xml",) if n)
    assert "PAGE" in footer


def test_docx_table_of_contents_is_filled(built):
    xml = docx_xml(built / "build" / "en" / "alt.docx")
    toc = re.search(r"<w:sdt>.*?</w:sdt>", xml, re.S).group(0)
    assert "Legal safeguards" in toc and "Investigation of torture" in toc
    assert "Recommendations" not in toc
    # each entry shows its page through a PAGEREF to a bookmark that exists in the body,
    # and the settings ask Word to update those fields on opening (docs/templates.md)
    refs = re.findall(r"PAGEREF (\S+) \\h", toc)
    assert len(refs) >= 2
    for ref in refs:
        assert f'w:name="{ref}"' in xml, ref
    assert "<w:updateFields" in docx_xml(built / "build" / "en" / "alt.docx", "word/settings.xml")


@pytest.mark.parametrize("lang,tag", [("en", "en-GB"), ("ru", "ru-RU")])
def test_pdf_metadata_language_bookmarks_a4(built, lang, tag):
    reader = PdfReader(str(built / "build" / lang / "alt.pdf"))
    assert reader.metadata.title.startswith("Alternative report" if lang == "en" else "Альтернативный доклад")
    assert str(reader.trailer["/Root"]["/Lang"]) == tag
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert ("Legal safeguards" if lang == "en" else "Правовые гарантии") in titles
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = set()
    for page in reader.pages:
        for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(f.get_object()["/BaseFont"])
    assert fonts and all("+" in str(f) for f in fonts)  # subset-embedded


def test_russian_pdf_is_russian(built):
    text = pdf_text(built / "build" / "ru" / "alt.pdf")
    assert "Правовые гарантии" in text and "Рекомендации" in text
    assert "Legal safeguards" not in text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_template_syntax_in_content_is_literal(built, lang):
    assert "{{ secret }}" in pdf_text(built / "build" / lang / "alt.pdf")
    assert "{{ secret }}" in docx_xml(built / "build" / lang / "alt.docx")
    assert "{% if x %}" in docx_xml(built / "build" / lang / "alt.docx")
