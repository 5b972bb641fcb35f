"""The leak guard reads every part of an output, not only what kzreport meant to write: files made here
by hand, each with the name hidden in one place, must be caught (kzreport/safety/extract.py)."""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import jpeg_segment, png_chunk, tiny_jpeg, tiny_png

from kzreport.load.assets import ImageProblem, image_refs, without_metadata
from kzreport.safety import Guard, protected_name

GUARD = Guard([protected_name("Mikhail Kazantsev", "cases/x", "M. K.", 1),  # type: ignore[list-item]
               protected_name("Михаил Казанцев", "cases/x", "М. К.", 2)])

DOC = ('<?xml version="1.0"?><w:document xmlns:w="w" xmlns:wp="wp" xmlns:r="r"><w:body>{}</w:body></w:document>')
PARTS = {
    "run split": DOC.format("<w:p><w:r><w:t>Kazan</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>tsev</w:t></w:r></w:p>"),
    "alt text": DOC.format('<w:p><w:r><w:drawing><wp:docPr id="1" name="Picture" descr="Photo of Kazantsev"/>'
                           "</w:drawing></w:r></w:p>"),
    "title attribute": DOC.format('<w:p><w:r><w:drawing><wp:docPr id="1" name="x" title="Казанцева"/>'
                                  "</w:drawing></w:r></w:p>"),
    "escaped text": DOC.format("<w:p><w:r><w:t>K&#97;zantsev</w:t></w:r></w:p>"),
    "field code": DOC.format('<w:p><w:r><w:instrText> HYPERLINK "https://x.org/kazantsev" </w:instrText></w:r></w:p>'),
}


def docx(tmp_path: Path, document: str, extra: dict[str, str] | None = None) -> Path:
    path = tmp_path / "r.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("where", sorted(PARTS))
def test_docx_text_and_attributes(tmp_path, where):
    assert GUARD.file(docx(tmp_path, PARTS[where]))


@pytest.mark.parametrize("name,data", [
    ("word/_rels/document.xml.rels", '<Relationships><Relationship Id="r1" Target="https://x.org/%D0%9A%D0%B0%D0%B7%D0'
                                     '%B0%D0%BD%D1%86%D0%B5%D0%B2%D0%B0" TargetMode="External"/></Relationships>'),
    ("docProps/core.xml", "<cp:coreProperties><dc:title>Mikhail Kazantsev</dc:title></cp:coreProperties>"),
    ("docProps/custom.xml", '<Properties><property name="Victim"><vt:lpwstr>KAZANTSEV</vt:lpwstr></property>'
                            "</Properties>"),
    ("word/media/kazantsev-photo.png", "\x89PNG"),
    ("word/comments.xml", "<w:comments><w:comment w:author='Kazantsev'/></w:comments>"),
])
def test_docx_every_part(tmp_path, name, data):
    clean = DOC.format("<w:p><w:r><w:t>Nothing here</w:t></w:r></w:p>")
    assert not GUARD.file(docx(tmp_path, clean))
    assert GUARD.file(docx(tmp_path, clean, {name: data}))


def pdf(tmp_path: Path, how: str) -> Path:
    from pypdf import PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if how == "metadata":
        writer.add_metadata({"/Title": "Report on Kazantsev"})
    elif how == "bookmark":
        writer.add_outline_item(title="Дело Казанцева", page_number=0)
    elif how == "link":
        writer.add_annotation(0, Link(rect=(10, 10, 50, 50), url="https://x.org/kazantsev2022"))
    elif how == "attachment":  # (a project's Typst template can attach a file: #pdf.attach)
        writer.add_attachment("notes.txt", b"Interview notes: Mikhail Kazantsev, Shymkent")
    elif how == "attachment, gzip":  # (the fourteenth red team: compressed, UTF-32, base64, zipped)
        writer.add_attachment("notes.txt.gz", __import__("gzip").compress(b"Complaint of Mikhail Kazantsev"))
    elif how == "attachment, UTF-32":
        writer.add_attachment("notes.txt", "Complaint of Mikhail Kazantsev".encode("utf-32"))
    elif how == "attachment, base64":
        writer.add_attachment("notes.b64", __import__("base64").b64encode(b"Complaint of Mikhail Kazantsev"))
    elif how in ATTACHED:
        writer.add_attachment("appendix.bin", ATTACHED[how])
    elif how == "name object":  # (a template's attachment type: /Subtype /text#2Fx-Kazantsev)
        writer.add_attachment("a.txt", b"see the statement")
        writer._root_object[NameObject("/KzNote")] = NameObject("/text/x-Kazantsev")  # noqa: SLF001 (written #2F)
    elif how == "attachment, zip":
        buffer = __import__("io").BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", "<w:t>Complaint of Mikhail Kazantsev</w:t>")
        writer.add_attachment("complaint.docx", buffer.getvalue())
    elif how == "alt text":
        writer._root_object[NameObject("/StructTreeRoot")] = writer._add_object(  # noqa: SLF001
            __import__("pypdf").generic.DictionaryObject({NameObject("/Alt"): TextStringObject("Kazantsev, 2021")}))
    path = tmp_path / "r.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    return path


def _nested_zip(data: bytes, depth: int) -> bytes:
    for _ in range(depth):
        buffer = __import__("io").BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("inner", data)
        data = buffer.getvalue()
    return data


_STATEMENT = "Statement of Mikhail Kazantsev, beaten on 5 May 2021"
ATTACHED = {  # (the fifteenth red team's encodings of an attached file)
    "attachment, bzip2": __import__("bz2").compress(_STATEMENT.encode()),
    "attachment, xz": __import__("lzma").compress(_STATEMENT.encode()),
    "attachment, zip in zip": _nested_zip(_STATEMENT.encode(), 5),
    "attachment, runs": _nested_zip(b"<w:p><w:r><w:t>Kazan</w:t></w:r><w:r><w:t>tsev</w:t></w:r></w:p>", 1),
    "attachment, hex": _STATEMENT.encode().hex().encode(),
    "attachment, entities": b"<p>K&#97;zantsev</p>",
    "attachment, Windows-1251": "Заявление Михаила Казанцева".encode("cp1251"),
    "attachment, KOI8-R": "Заявление Михаила Казанцева".encode("koi8_r"),
}


@pytest.mark.parametrize("how", ["metadata", "bookmark", "link", "alt text", "attachment", "attachment, gzip",
                                 "attachment, UTF-32", "attachment, base64", "attachment, zip", "name object",
                                 *ATTACHED])
def test_pdf_every_string(tmp_path, how):
    assert not GUARD.file(pdf(tmp_path, "nothing"))
    assert GUARD.file(pdf(tmp_path, how))


@pytest.mark.parametrize("html", [
    "<p>Kazan<em>tsev</em></p>", '<img src="data:image/png;base64,AA" alt="Kazantsev">',
    '<a href="https://x.org/%D0%9A%D0%B0%D0%B7%D0%B0%D0%BD%D1%86%D0%B5%D0%B2">x</a>', "<!-- Kazantsev -->",
    '<meta name="author" content="Kazantsev">', "<p>K&#x61;zantsev</p>", '<a href="https://x.org/kazan%74sev">x</a>',
    '<a href="https://x.org/%254Bazantsev">double encoded</a>', "<title>Казанцев</title>",
    # (the twelfth red team: a project's page template) an icon, a background, a font named after him
    '<link rel="icon" href="data:image/svg+xml;base64,PHN2Zz48dGV4dD5LYXphbnRzZXY8L3RleHQ+PC9zdmc+">',
    "<style>.kz-cover { background: url('data:image/svg+xml,%3Csvg%3E%3Ctext%3EKazantsev%3C/text%3E%3C/svg%3E') }</style>",
    '<style>.kz-cover { font-family: "Kazantsev Memorial", serif; }</style>',
    '<object data="data:text/plain;base64,S2F6YW50c2V2"></object>',
    # (the fourteenth red team) spaces and line breaks in base64, a space before it, percent-encoding with
    # spaces, a run split by a tag, upper case, URL-safe base64, a parameter with %, nested
    '<img src="data:image/svg+xml;base64,PHN2Zz48dGV4dD5L\n YXphbnRzZXY8L3RleHQ+\nPC9zdmc+">',
    '<img src="data:image/svg+xml; base64,PHN2Zz48dGV4dD5LYXphbnRzZXY8L3RleHQ+PC9zdmc+">',
    '<img src="data:image/svg+xml,<svg><text>Mikhail %4Bazantsev</text></svg>">',
    '<img src="data:image/svg+xml,%3Csvg%3E%3Ctext%3EKazan%3Ctspan%3Etsev%3C/tspan%3E%3C/text%3E%3C/svg%3E">',
    '<img src="DATA:IMAGE/SVG+XML;BASE64,PHN2Zz48dGV4dD5LYXphbnRzZXY8L3RleHQ-PC9zdmc-">',
    '<img src="data:image/svg+xml;name=a%20b;base64,PHN2Zz48dGV4dD5LYXphbnRzZXY8L3RleHQ+PC9zdmc+">',
    '<object data="data:text/html;base64,PGltZyBzcmM9J2RhdGE6dGV4dC9wbGFpbjtiYXNlNjQsUzJGNllXNTBjMlYyJz4="></object>',
    # (the fifteenth) CSS escapes in generated text and in a data: address, an SVG's own entities
    '<style>.kz-cover::after { content: "In memory of \\4B azantsev" }</style>',
    "<style>.x { background: url(d\\61ta:image/svg+xml,%3Csvg%3E%3Ctext%3EKazantsev%3C/text%3E%3C/svg%3E) }</style>",
    '<p style="--x: \'\\4B azantsev\'">x</p>',
    '<img src="data:image/svg+xml,%3C!DOCTYPE svg [%3C!ENTITY z %22tsev%22%3E]%3E'
    '%3Csvg%3E%3Ctext%3EKazan%26z;%3C/text%3E%3C/svg%3E">',
])
def test_html_every_part(tmp_path, html):
    path = tmp_path / "r.html"
    path.write_text("<html><body><p>Nothing here</p></body></html>", encoding="utf-8")
    assert not GUARD.file(path)
    path.write_text(f"<html><head></head><body>{html}</body></html>", encoding="utf-8")
    assert GUARD.file(path)


def test_file_name(tmp_path):
    path = tmp_path / "kazantsev.html"
    path.write_text("<p>Nothing</p>", encoding="utf-8")
    assert GUARD.file(path)


# -- images ------------------------------------------------------------------------------------------



@pytest.mark.parametrize("image", [
    tiny_png(png_chunk(b"tEXt", b"Comment\x00Kazantsev")),
    tiny_png(png_chunk(b"iTXt", b"Author\x00\x00\x00\x00\x00Kazantsev")),
    tiny_png(png_chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(b"Kazantsev"))),
    tiny_png(png_chunk(b"eXIf", b"MM\x00*Kazantsev")),
    tiny_jpeg(jpeg_segment(0xFE, b"Kazantsev")), tiny_jpeg(jpeg_segment(0xE1, b"Exif\x00\x00Kazantsev")),
    tiny_jpeg(jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x>Kazantsev</x>")),
    tiny_jpeg(jpeg_segment(0xED, b"Photoshop Kazantsev")),
])
def test_image_metadata_is_stripped(image):
    stripped = without_metadata(image)
    assert b"Kazantsev" not in stripped and b"Kazantsev" not in zlib.decompress(
        stripped[stripped.index(b"IDAT") + 4:][:-16]) if image.startswith(b"\x89PNG") else b"Kazantsev" not in stripped
    assert stripped[:4] == image[:4]
    assert b"pixels" in stripped or b"IDAT" in stripped  # the picture itself is kept


def test_not_an_image():
    with pytest.raises(ImageProblem):
        without_metadata(b"GIF89a...")


def test_image_references():
    text = '![a](one.png)\n\nText ![b](<two words.jpg> "t")\n\n[ref]: ../assets/three.jpeg\n\n![c][ref]\n'
    assert [(r.src, r.line) for r in image_refs(text)] == [("one.png", 0), ("two words.jpg", 2),
                                                          ("../assets/three.jpeg", 4)]


@pytest.mark.parametrize("image", [
    tiny_jpeg() + b"Kazantsev after the end",  # bytes after the end-of-image marker
    tiny_jpeg()[:-2] + jpeg_segment(0xFE, b"Kazantsev") + b"\xff\xd9",  # a comment after the scan
])
def test_jpeg_text_after_the_picture_is_dropped(image):
    stripped = without_metadata(image)
    assert b"Kazantsev" not in stripped and b"pixels" in stripped and stripped.endswith(b"\xff\xd9")


def test_font_names_are_not_names(tmp_path):
    guard = Guard([protected_name("Roman", "cases/x", "R.", 1)])  # type: ignore[list-item]
    path = docx(tmp_path, DOC.format('<w:p><w:r><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr>'
                                     "<w:t>text</w:t></w:r></w:p>"))
    assert not guard.file(path)
    page = tmp_path / "r.html"
    page.write_text('<style>body { font-family: "Times New Roman", serif; }</style><p>text</p>', encoding="utf-8")
    assert not guard.file(page)
    svg = '<svg><text font-family="\'Liberation Serif\', \'Times New Roman\', serif">3</text></svg>'
    page.write_text(f'<img src="data:image/svg+xml;base64,{__import__("base64").b64encode(svg.encode()).decode()}">')
    assert not guard.file(page)
    # a font that is not kzreport's own is read: a project's reference document may name one after him
    assert GUARD.file(docx(tmp_path, DOC.format('<w:p><w:r><w:rPr><w:rFonts w:ascii="Kazantsev Memorial"/></w:rPr>'
                                                "<w:t>text</w:t></w:r></w:p>")))


def test_a_font_declaration_in_an_attribute_hides_nothing(tmp_path):
    page = tmp_path / "r.html"
    page.write_text('<p><span style="font-family: X">Kazantsev</span></p>', encoding="utf-8")
    assert GUARD.file(page)


def test_footnote_definitions_are_not_images():
    text = "![a photo](one.png) and a note.[^1]\n\n[^1]: The note.\n\n[site]: https://example.org\n"
    assert [r.src for r in image_refs(text)] == ["one.png"]


def test_a_picture_too_large_for_memory_is_refused(tmp_path):
    from kzreport.load.assets import pixel_size, resolve

    huge = tiny_png().replace(struct.pack(">II", 2, 2), struct.pack(">II", 30000, 30000), 1)
    assert pixel_size(huge) == (30000, 30000) and pixel_size(tiny_png()) == (2, 2)
    assert pixel_size(tiny_jpeg(b"\xff\xc0\x00\x0b\x08\x00\x10\x00\x20\x01\x01\x11\x00")) == (32, 16)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "huge.png").write_bytes(huge)
    with pytest.raises(ImageProblem, match="30000 x 30000 pixels"):
        resolve("huge.png", tmp_path / "content" / "block.md", tmp_path)


def test_pdf_text_read_the_fast_way_is_read_exactly(tmp_path):
    """safety/pdftext.py reads a page as Typst writes it (one font and one array of strings per line)
    without parsing each string, and any other page operator by operator: both give the same text, on
    pages of every shape kzreport's PDFs have (bold, italic, Cyrillic and Kazakh, glyph codes that are
    brackets or backslashes once written, kerning, a table, a footnote), and the fast way is taken."""
    import typst
    from pypdf import PdfReader

    from kzreport.layout import FONTS
    from kzreport.safety import pdftext

    letters = "".join(chr(c) for c in [*range(0x21, 0x7F), *range(0x410, 0x450)]) + "әғқңөұүһі ӘҒҚҢӨҰҮҺІ «»„“—–…№"
    source = ('#set text(font: "Liberation Serif", lang: "ru")\n= Заголовок Heading\n\n'
              f"#{json.dumps(letters, ensure_ascii=False)}\n\n"
              "*Полужирный* _курсив_ AVAWAYTo Ta «Қазанцев» (x) back\\\\slash\n\n"
              "#table(columns: 2, [Ячейка], [Cell (1)])\n\nТекст#footnote[Сноска, ст. 146.]\n\n") * 3
    path = tmp_path / "t.pdf"
    path.write_bytes(typst.compile(source.encode(), format="pdf", font_paths=[str(FONTS)]))
    fast = 0
    for page in PdfReader(path).pages:
        data, fonts = pdftext._raw_contents(page), page["/Resources"]["/Font"]
        exact = pdftext._ops_lines(data, fonts, {})
        lines = pdftext._typst_lines(data, fonts, {})
        if lines is not None:
            fast += 1
            assert "".join(lines) == "".join(exact)
    assert fast >= 1
    text = "".join(pdftext.page_text(PdfReader(path).pages[0], {}).split())  # lines joined
    assert "Қа-занцев" in text or "Қазанцев" in text
    assert all(word in text for word in ("әғқңөұүһі", "Полужирный", "Cell(1)", "back\\slash", "Сноска,ст.146."))


def test_pdf_text_of_another_shape_is_read_operator_by_operator():
    """Two arrays in one text object, a text object without its own font, or a font whose glyph codes
    reach 0x900 (a code's first byte could then be read as a space or a bracket): the fast way says no."""
    from kzreport.safety import pdftext

    class Font:
        def __init__(self, size: int) -> None:
            self.size = size

        def get_object(self):  # noqa: ANN201 - pypdf's interface
            return self

        def get(self, key, default=None):  # noqa: ANN001, ANN201
            return {"/Encoding": "/Identity-H", "/ToUnicode": self}.get(key, default)

        def get_data(self) -> bytes:
            return (f"1 beginbfrange <0001> <{self.size:04X}> <0041> endbfrange").encode()

    line = b"BT /f0 11 Tf 1 0 0 -1 0 0 Tm[(\\000\\001)-5(\\000\\002)]TJ ET\n"
    assert "".join(pdftext._typst_lines(line, {"/f0": Font(0x10)}, {})) == "AB\n"
    assert pdftext._typst_lines(line, {"/f0": Font(0x900)}, {}) is None
    two = b"BT /f0 11 Tf 1 0 0 -1 0 0 Tm[(\\000\\001)]TJ [(\\000\\002)]TJ ET\n"
    assert pdftext._typst_lines(two, {"/f0": Font(0x10)}, {}) is None
    assert "".join(pdftext._ops_lines(two, {"/f0": Font(0x10)}, {})) == "AB\n"
    # a text object that keeps the font of the one before (the font is part of the graphics state)
    kept = line + b"BT 1 0 0 -1 0 0 Tm[(\\000\\002)]TJ ET\n"
    assert pdftext._typst_lines(kept, {"/f0": Font(0x10)}, {}) is None
    assert "".join(pdftext._ops_lines(kept, {"/f0": Font(0x10)}, {})) == "AB\nB\n"


@pytest.mark.parametrize("line", [b"[" + b"ab]" * 60 + b"]TJ x", b"(" + b"ab)" * 60 + b")Tj x",
                                  b"[" + b"(\\000\\001)-5" * 5000 + b"]TJ", b"<" + b"0" * 100000])
def test_pdf_text_of_a_hostile_line_is_read_in_linear_time(line):
    """A text object shaped to make a pattern try every way of splitting it (which took 1.5 s for 22
    repetitions, doubling with each one, with the first fast pattern) is read at once."""
    import subprocess
    import sys

    data = b"BT /f0 11 Tf 1 0 0 -1 0 0 Tm" + line
    code = f"from kzreport.safety import pdftext; pdftext._TYPST_LINE.findall({data!r})"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=10)


@pytest.mark.parametrize(("how", "clean"), [
    ("Текст Ка#strong[занцеву] и ещё.", "Текст Ка#strong[захстану] и ещё."),  # a font change in the name
    ("A note on #emph[Kaz]antsev2022 here.", "A note on #emph[Kaz]akhstan2022 here."),
    ("#set page(width: 4cm)\n#set par(justify: true)\nДолгий текст о том, что Казанцевым занимались следователи.",
     "#set page(width: 4cm)\n#set par(justify: true)\nДолгий текст о том, что Казахстаном занимались следователи."),
    ("#set page(width: 3.2cm)\n#set par(justify: true)\nA long text saying that Kazantsev was questioned.",
     "#set page(width: 3.2cm)\n#set par(justify: true)\nA long text saying that Kazakhstan was questioned."),
], ids=["bold-part", "italic-part", "hyphenated-ru", "hyphenated-en"])
def test_a_name_split_across_text_objects_of_a_pdf_is_found(how, clean):
    """Typst writes every run of one font on one line as a text object of its own: a name with part of
    it in bold, or hyphenated at the end of a line, is in two. The guard reads the text layer both
    with the objects apart and joined (a hyphen at a line's end left out), as an old PDF in the
    output folder may hold such a name with no assembled text to catch it first."""
    import typst

    from kzreport.layout import FONTS

    def pdf(text: str) -> bytes:
        source = '#set text(font: "Liberation Serif", lang: "ru", hyphenate: true)\n' + text
        return typst.compile(source.encode(), format="pdf", font_paths=[str(FONTS)])

    assert GUARD.pdf(pdf(how))
    assert not GUARD.pdf(pdf(clean))


def test_a_pdf_literal_string_is_read_as_pdf_reads_it():
    """safety/pdftext.literal takes Python's escape decoder where it reads as PDF does, and PDF's own
    rules elsewhere: "\\a" is "a" in PDF (a bell for Python), and a string cut out of binary data
    neither warns nor fails."""
    import random
    import warnings

    from kzreport.safety import pdftext

    assert pdftext.literal(rb"(\a\q\(x\)\101\n\\)") == b"aq(x)A\n\\"
    rng = random.Random(7)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2000):
            raw = bytes(rng.choice(b"\\()anrx07\x00\xff") for _ in range(rng.randint(0, 12)))
            assert pdftext.literal(b"(" + raw + b")") == pdftext._ESCAPE.sub(pdftext._unescape, raw)


def test_every_stream_of_a_typst_pdf_is_read(tmp_path):
    """A file attached by a project's Typst template (#pdf.attach), after the pages' streams: the twelfth
    red team found it published, as only the first stream of a PDF was inflated and read."""
    import typst

    source = tmp_path / "r.typ"
    source.write_text('Some text on the page.\n#pagebreak()\nMore text.\n'
                      '#pdf.attach("notes.txt", bytes("Interview notes: Mikhail Kazantsev"), mime-type: "text/plain")\n',
                      encoding="utf-8")
    path = tmp_path / "r.pdf"
    path.write_bytes(typst.compile(str(source)))
    assert GUARD.file(path)
    source.write_text(source.read_text(encoding="utf-8").replace("Mikhail Kazantsev", "nobody"), encoding="utf-8")
    path.write_bytes(typst.compile(str(source)))
    assert not GUARD.file(path)


@pytest.mark.parametrize("svg", [b"<svg><text>Kazan<tspan>tsev</tspan></text></svg>",
                                 b"<svg><text>K&#97;zantsev</text></svg>"])
def test_an_svg_picture_of_a_docx_is_read_as_svg(tmp_path, svg):
    """The fifteenth red team: a seal in a reference document's footer, an SVG with the name in two runs."""
    assert not GUARD.file(docx(tmp_path, DOC.format("<w:p/>"), {"word/media/seal.svg": "<svg><text>seal</text></svg>"}))
    assert GUARD.file(docx(tmp_path, DOC.format("<w:p/>"), {"word/media/seal.svg": svg.decode()}))



def test_the_text_of_a_typst_pdf_holds_no_bytes_read_as_letters(tmp_path):
    """Reading every stream must not turn binary bytes into text: a character beyond the BMP in it makes
    the guard's matching take the slow path for the whole document (twice the time: seen in a build)."""
    import typst

    from kzreport.layout import FONTS
    from kzreport.safety.extract import pdf_bytes_text

    source = tmp_path / "r.typ"
    source.write_text('#set text(font: "Liberation Serif")\n= Заголовок\nТекст на русском, *bold*, _italic_. '
                      "Text in English.\n", encoding="utf-8")
    pdf = typst.compile(str(source), font_paths=[str(FONTS)])
    text = pdf_bytes_text(pdf)
    assert "Заголовок" in text and not any(ord(c) > 0xFFFF or c == "\ufffd" for c in text)


def test_identifiers_are_not_short_names(tmp_path):
    """The nineteenth red team: a build failed at random for the surname Ю or Ли, found in the PDF's /ID
    (base64 letters such as "iU8H", one PDF in a hundred), in a video's address (youtu.be/k3Li7RzQ0aE), and
    for Роман in a numbering style of the DOCX (lowerRoman)."""
    import typst

    guard = Guard([protected_name(name, "cases/x", "X.", i) for i, name in  # type: ignore[misc]
                   enumerate(("Олег Ю", "Oleg Yu", "Вадим Ли", "Vadim Li", "Roman"), 1)])
    source = tmp_path / "r.typ"
    source.write_text("Text.\n", encoding="utf-8")
    pdf = typst.compile(str(source))
    ident = re.search(rb"/ID\[\((.{24})\)", pdf)
    assert ident, pdf[-300:]
    for fake in (b"drSD06iU8HmooSOpvJ2JNA==", b"drSD06i+Li/ooSOpvJ2JNA=="):  # (the same length)
        assert not guard.pdf(pdf.replace(ident.group(1), fake)), fake
    assert not guard.text("See https://youtu.be/k3Li7RzQ0aE and https://t.me/c/Yu8x")
    assert guard.text("#FreeLi, #FreeYu") and guard.text("Li said so; Yu said so")
    assert not guard.file(docx(tmp_path, DOC.format("<w:p/>"), {"word/numbering.xml":
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum>'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="lowerRoman"/></w:lvl></w:abstractNum></w:numbering>'}))
