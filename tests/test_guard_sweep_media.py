"""Two ways a protected name could outlive the leak guard, found by a red team:

- build/ holds more than the outputs of `kzreport build`: the live preview's pages (build/.preview/),
  the outputs of `-o build/<folder>` builds. Every one of them that names a person today's content
  protects is removed by the next public build, as the outputs in build/<lang>/ are; internal outputs
  (build/internal/) keep the real names they are made with; a stale but clean preview page stays.
- the pictures of a project's reference document (a logo in a header) come into every DOCX as they
  were made: their metadata is removed like a content image's, and the guard reads the strings of
  every picture in a DOCX, so a name that still got in stops the build.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import NOW_ANONYMISED, PUBLIC_CASE, jpeg_segment, kz, kz_process, png_chunk, tiny_jpeg, tiny_png, write_project

from kzreport.safety import Guard, protected_name

pytestmark = pytest.mark.e2e

GUARD = Guard([protected_name("Mikhail Kazantsev", "cases/x", "M. K.", 1),  # type: ignore[list-item]
               protected_name("Михаил Казанцев", "cases/x", "М. К.", 2)])

REAL = (b"Petrov", "Петров".encode())


def preview(project: Path) -> None:
    """What `kzreport serve` does on every save: its build, into build/.preview/."""
    from kzreport.publish.preview import Preview

    p = Preview(project)
    p.build()
    assert not p.failed, p.problems


def naming(folder: Path) -> list[str]:
    """The files under `folder` that hold a real name (as bytes: HTML and manifests are text)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and any(name in p.read_bytes() for name in REAL))


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def check_clean_run(proc, code: int = 0) -> None:  # noqa: ANN001 - a CompletedProcess
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and "Petrov" not in proc.stderr + proc.stdout


# -- 1. every output under build/ ---------------------------------------------------------------------

@pytest.mark.parametrize("then_fail", [False, True])
def test_old_preview_pages_that_name_a_newly_protected_person_are_removed(tmp_path, then_fail):
    """The red team's repro: serve while the case is public, stop, make it anonymised, build."""
    project = write_project(tmp_path, PUBLIC_CASE)
    preview(project)
    pages = project / "build" / ".preview"
    assert "Петрова" in (pages / "ru" / "r.html").read_text(encoding="utf-8")
    write_project(project, NOW_ANONYMISED)
    if then_fail:  # a build that fails, for a reason of its own, sweeps all the same
        (project / "templates").mkdir()
        (project / "templates" / "alternative-report.md.j2").write_text("{{ doc.no_such_thing() }}\n")
    proc = kz_process(project, "build", "-f", "html")
    check_clean_run(proc, 1 if then_fail else 0)
    for lang in ("en", "ru"):
        assert not (pages / lang / "r.html").exists()
        assert f"build/.preview/{lang}/r.html: warning: removed this output of an earlier build: it names a person " \
               f"protected by the case safeguards/case" in proc.stderr
    assert naming(project / "build") == []
    listed = json.loads((pages / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert listed == []  # the preview's manifest lists what is there, no more
    if not then_fail:
        preview(project)  # and serve builds its pages again, clean
        assert "I. P." in (pages / "en" / "r.html").read_text(encoding="utf-8")


def test_outputs_of_other_output_folders_under_build_are_removed(tmp_path):
    """`-o build/<folder>` builds, either way round: the default build sweeps build/sub/, and a build into
    build/sub/ sweeps build/<lang>/ (and the manifest there)."""
    project = write_project(tmp_path, PUBLIC_CASE)
    assert kz_process(project, "build", "-f", "html", "-o", "build/sub").returncode == 0
    assert kz_process(project, "build", "-f", "html", "-l", "ru").returncode == 0
    (project / "build" / "copies").mkdir()  # a copy kept by hand (the nineteenth red team: in other forms too)
    page = (project / "build" / "ru" / "r.html").read_bytes()
    copies = {"sent-2023.html": page, "sent-2023.htm": page, "sent-2023.xhtml": page, "sent-2023.html.gz":
              __import__("gzip").compress(page), "sent-2023.txt": page.decode().encode("utf-16")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("content.xml", page)
    copies["sent-2023.odt"] = copies["sent-2023.zip"] = buffer.getvalue()
    for name, data in copies.items():
        (project / "build" / "copies" / name).write_bytes(data)
    write_project(project, NOW_ANONYMISED)
    proc = kz_process(project, "build", "-f", "html", "-l", "en", "-o", "build/other")
    check_clean_run(proc)
    for gone in ("sub/en/r.html", "sub/ru/r.html", "ru/r.html", *(f"copies/{name}" for name in copies)):
        assert not (project / "build" / gone).exists(), gone
        assert f"build/{gone}: warning: removed this output of an earlier build" in proc.stderr
    assert naming(project / "build") == []
    for manifest in ("manifest.json", "sub/manifest.json"):
        assert json.loads((project / "build" / manifest).read_text(encoding="utf-8"))["outputs"] == []
    proc = kz_process(project, "build", "-f", "html")
    check_clean_run(proc)
    assert "removed" not in proc.stderr and "I. P." in (project / "build" / "ru" / "r.html").read_text(encoding="utf-8")


def test_internal_outputs_keep_the_real_names(tmp_path):
    """build/internal/ shows the real names by design: a public build leaves it alone."""
    project = write_project(tmp_path, NOW_ANONYMISED | {"content/ru/safeguards/case.md": PUBLIC_CASE[
        "content/ru/safeguards/case.md"]})
    assert kz_process(project, "build", "--internal", "-f", "html").returncode == 0
    assert "Ivan Petrov" in (project / "build" / "internal" / "en" / "r.html").read_text(encoding="utf-8")
    internal = digest(project / "build" / "internal")
    proc = kz_process(project, "build", "-f", "html")
    check_clean_run(proc)
    assert "removed" not in proc.stderr
    assert digest(project / "build" / "internal") == internal


def test_a_stale_but_clean_preview_page_is_kept(tmp_path):
    """A preview page that is only out of date names no one: it stays (serve shows it while it builds the
    new one, and its build cache uses it)."""
    project = write_project(tmp_path, NOW_ANONYMISED)
    preview(project)
    page = project / "build" / ".preview" / "en" / "r.html"
    before = page.read_bytes()
    finding = project / "content" / "en" / "safeguards" / "finding.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace("Finding text.", "A new finding."), encoding="utf-8")
    proc = kz_process(project, "build", "-f", "html")
    check_clean_run(proc)
    assert "removed" not in proc.stderr and page.read_bytes() == before


def test_a_page_found_clean_is_read_again_when_the_protected_names_change(tmp_path):
    """Outputs found clean are remembered by their SHA-256 (build/.cache/clean-outputs.json), for the same
    protected names only: a name protected later is looked for in them."""
    project = write_project(tmp_path, PUBLIC_CASE | {
        "content/en/safeguards/other.md": "---\ntype: case\ntitle: Another\ntheme: safeguards\ndisclosure: anonymised\n"
                                          "pseudonym: S. V.\nprotect: [Sergey Volkov]\n---\nSergey Volkov was held.\n",
        "content/ru/safeguards/other.md": "---\ntitle: Другое\n---\nСергея Волкова задержали.\n"})
    preview(project)
    page = project / "build" / ".preview" / "en" / "r.html"
    assert "Ivan Petrov" in page.read_text(encoding="utf-8")
    proc = kz_process(project, "build", "-f", "html")
    check_clean_run(proc)
    assert page.exists()  # clean for the names protected then
    memo = json.loads((project / "build" / ".cache" / "clean-outputs.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(page.read_bytes()).hexdigest() in memo["clean"]
    write_project(project, NOW_ANONYMISED)
    proc = kz_process(project, "build", "-f", "html")
    check_clean_run(proc)
    assert not page.exists() and "build/.preview/en/r.html: warning: removed" in proc.stderr


def test_a_damaged_output_under_build_is_reported_not_a_traceback(tmp_path):
    project = write_project(tmp_path, NOW_ANONYMISED)
    (project / "build" / "old" / "en").mkdir(parents=True)
    (project / "build" / "old" / "en" / "r.docx").write_bytes(b"PK\x03\x04 not a zip")
    proc = kz_process(project, "build", "-f", "html")
    check_clean_run(proc)
    assert "build/old/en/r.docx: warning: removed this output of an earlier build: it could not be read" in proc.stderr


# -- 2. pictures in a DOCX ----------------------------------------------------------------------------



AUTHOR = b"Author: Mikhail Kazantsev"
PICTURES = {
    "png tEXt": tiny_png(png_chunk(b"tEXt", b"Author\x00Mikhail Kazantsev")),
    "png zTXt": tiny_png(png_chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(AUTHOR))),
    "png iTXt compressed": tiny_png(png_chunk(b"iTXt", b"Author\x00\x01\x00ru\x00\x00"
                                              + zlib.compress("Михаил Казанцев".encode()))),
    "png iTXt xmp": tiny_png(png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<dc:creator>Kazantsev</dc:creator>")),
    "png eXIf": tiny_png(png_chunk(b"eXIf", b"MM\x00*\x00\x00\x00\x08" + AUTHOR)),
    "png after the end": tiny_png() + AUTHOR,
    "jpeg comment": tiny_jpeg(jpeg_segment(0xFE, AUTHOR)),
    "jpeg exif XPAuthor": tiny_jpeg(jpeg_segment(0xE1, b"Exif\x00\x00II*\x00" + "Kazantsev".encode("utf-16-le"))),
    "jpeg xmp": tiny_jpeg(jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x>" + "Казанцев".encode() + b"</x>")),
    "jpeg after the scan": tiny_jpeg()[:-2] + jpeg_segment(0xFE, AUTHOR) + b"\xff\xd9",
    "jpeg damaged": tiny_jpeg()[:-2] + b"\xff\x78\x65\x6c" + AUTHOR,  # a marker that is none, its length past the end
    "gif comment": b"GIF89a\x02\x00\x02\x00\x00\x00\x00!\xfe\x19" + AUTHOR + b"\x00;",
    "emf utf-16": b"\x01\x00\x00\x00" + b"\x00" * 40 + b" EMF" + "Казанцев М.".encode("utf-16-le"),
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><title>Kazantsev</title></svg>',
}


def docx_with(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "r.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>Nothing here</w:t></w:r></w:p>"
                                        "</w:body></w:document>")
        z.writestr(name, data)
    return path


@pytest.mark.parametrize("how", sorted(PICTURES))
def test_the_guard_reads_the_strings_of_every_picture_in_a_docx(tmp_path, how):
    ext = {"gif": "gif", "emf": "emf", "svg": "svg", "jpe": "jpeg"}.get(how[:3], "png")
    assert GUARD.file(docx_with(tmp_path, f"word/media/image1.{ext}", PICTURES[how])), how
    clean = PICTURES[how].replace(b"Kazantsev", b"Someone.").replace("Казанцев".encode(), "Кто-то..".encode()) \
        .replace("Казанцев".encode("utf-16-le"), "Кто-то..".encode("utf-16-le")) \
        .replace("Kazantsev".encode("utf-16-le"), "Someone..".encode("utf-16-le"))
    if how.startswith("png zTXt"):
        clean = tiny_png(png_chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(b"Author: someone")))
    elif how.startswith("png iTXt compressed"):
        clean = tiny_png(png_chunk(b"iTXt", b"Author\x00\x01\x00ru\x00\x00" + zlib.compress("Кто-то".encode())))
    assert not GUARD.file(docx_with(tmp_path, f"word/media/image1.{ext}", clean)), how


def test_a_picture_that_inflates_to_gigabytes_is_read_in_part():
    from kzreport.safety.imagetext import image_strings

    bomb = tiny_png(png_chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(b"A" * 300_000_000, 9)))
    assert len(bomb) < 1_000_000
    assert sum(len(s) for s in image_strings(bomb)) <= 5 * 1024 * 1024


ANONYMISED_MK = {
    "content/en/safeguards/case.md": "---\ntype: case\ntitle: A beating\ntheme: safeguards\ndisclosure: anonymised\n"
                                     "pseudonym: M. K.\nprotect: [Mikhail Kazantsev, Михаил Казанцев]\n---\n"
                                     "Mikhail Kazantsev was beaten in custody.\n",
    "content/ru/safeguards/case.md": "---\ntitle: Избиение\n---\nМихаила Казанцева избили под стражей.\n",
}


def reference_with_logo(project: Path, picture: bytes) -> None:
    """The shipped reference document, with a logo in its header: a picture whose metadata names him."""
    import docx

    from kzreport.layout import PACKAGE

    document = docx.Document(str(PACKAGE / "templates" / "reference.docx"))
    document.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(picture))
    (project / "templates").mkdir(exist_ok=True)
    document.save(str(project / "templates" / "reference.docx"))


LOGOS = {"png": tiny_png(png_chunk(b"tEXt", AUTHOR), png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(AUTHOR)),
                    png_chunk(b"iTXt", b"Title\x00\x00\x00\x00\x00" + "Михаил Казанцев".encode())),
         "jpeg": b"\xff\xd8" + jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00") + jpeg_segment(0xFE, AUTHOR)
         + jpeg_segment(0xE1, b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00" + AUTHOR)  # an empty IFD, then text
         + b"\xff\xc0\x00\x0b\x08\x00\x02\x00\x02\x01\x01\x11\x00"
         + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00pixels\xff\xd9"}


@pytest.mark.parametrize("kind", sorted(LOGOS))
def test_the_reference_documents_pictures_lose_their_metadata(tmp_path, kind):
    """The red team's repro: a logo in the header of templates/reference.docx, its metadata naming him."""
    project = write_project(tmp_path, ANONYMISED_MK)
    reference_with_logo(project, LOGOS[kind])
    result = kz(project, "build", "-f", "docx")
    assert result.exit_code == 0, result.output
    for lang in ("en", "ru"):
        with zipfile.ZipFile(project / "build" / lang / "r.docx") as z:
            media = {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}
        assert media, "the logo is kept"
        for name, data in media.items():
            assert b"Kazantsev" not in data and "Казанцев".encode() not in data, name
            assert data.startswith(b"\x89PNG" if kind == "png" else b"\xff\xd8")
        assert not GUARD.file(project / "build" / lang / "r.docx")


def test_the_guard_stops_a_picture_whose_metadata_still_names_him(tmp_path, monkeypatch):
    """Were the metadata of a picture left in (a kind the finishing step cannot clean, or a bug there),
    the guard finds the name in it: the build stops and the output is not written."""
    import kzreport.formats.docx as docx_format

    monkeypatch.setattr(docx_format, "images_without_metadata", lambda name, data, job, reference: data)
    project = write_project(tmp_path, ANONYMISED_MK)
    reference_with_logo(project, LOGOS["png"])
    result = kz(project, "build", "-f", "docx")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Kazantsev" not in result.output
    assert "names a person protected by the case safeguards/case" in result.output
    assert not list((project / "build").glob("*/r.docx"))


def test_a_damaged_picture_in_the_reference_document_is_located(tmp_path):
    project = write_project(tmp_path, ANONYMISED_MK)
    reference_with_logo(project, LOGOS["png"])
    reference = project / "templates" / "reference.docx"
    with zipfile.ZipFile(reference) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = next(n for n in parts if n.startswith("word/media/"))
    parts[name] = parts[name][:60]  # cut short
    with zipfile.ZipFile(reference, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    proc = kz_process(project, "build", "-f", "docx")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"templates/reference.docx: error: the picture {name} in the DOCX of the report r (en) is damaged" \
           in proc.stderr


# The twelfth red team (2026-12-07): an internal build left the public outputs beside it that name a
# person protected since; the sweep removed files of the user's own that only looked like outputs; the
# build cache kept the paths of outputs long gone (a report's id may name someone).

def test_an_internal_build_removes_public_outputs_that_name_a_newly_protected_person(tmp_path):
    project = write_project(tmp_path, PUBLIC_CASE)
    assert kz_process(project, "build", "-f", "html").returncode == 0
    assert naming(project / "build") != []
    write_project(project, NOW_ANONYMISED)
    proc = kz_process(project, "build", "--internal", "-f", "html")
    check_clean_run(proc)
    assert "build/en/r.html: warning: removed this output of an earlier build" in proc.stderr
    assert naming(project / "build") == sorted(  # only the internal ones, which show the real names by design
        p.relative_to(project / "build").as_posix() for p in (project / "build" / "internal").rglob("r.html"))
    assert json.loads((project / "build" / "manifest.json").read_text(encoding="utf-8"))["outputs"] == []


def test_files_of_the_users_own_are_not_removed_as_old_outputs(tmp_path):
    project = write_project(tmp_path, PUBLIC_CASE)
    docs = tmp_path / "docs"
    mine = [docs / "ru" / "my-letter.docx", docs / "en" / "notes.html", project / "build" / "old" / "r-v1-signed.pdf",
            project / "build" / "web" / "index.html"]
    for path in mine:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a file of mine, naming nobody")
    check_clean_run(kz_process(project, "build", "-f", "html", "-l", "en", "-o", str(docs)))
    check_clean_run(kz_process(project, "build", "-f", "html", "-l", "en"))
    assert all(path.is_file() for path in mine)
    # an output a build did write, of a report that is gone, is still removed
    (project / "content" / "reports" / "r.yaml").rename(project / "content" / "reports" / "s.yaml")
    proc = kz_process(project, "build", "-f", "html", "-l", "en")
    assert "build/en/r.html: warning: removed this output of an earlier build: it belongs to no report" in proc.stderr
    assert all(path.is_file() for path in mine)


def test_the_build_cache_forgets_outputs_that_are_gone(tmp_path):
    project = write_project(tmp_path, PUBLIC_CASE | {
        "content/en/reports.yaml": "r:\n  title: Test report\npetrov-appeal:\n  title: An appeal\n"})
    check_clean_run(kz_process(project, "build", "-f", "html", "-l", "en"))
    (project / "content" / "reports" / "r.yaml").rename(project / "content" / "reports" / "petrov-appeal.yaml")
    check_clean_run(kz_process(project, "build", "-f", "html", "-l", "en"))
    (project / "content" / "reports" / "petrov-appeal.yaml").rename(project / "content" / "reports" / "r.yaml")
    proc = kz_process(project, "build", "-f", "html", "-l", "en")
    assert "petrov-appeal.html: warning: removed" in proc.stderr
    cached = (project / "build" / ".cache" / "public.json").read_text(encoding="utf-8")
    assert "petrov" not in cached and "en/r.html" in cached
