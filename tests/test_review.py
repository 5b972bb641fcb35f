"""The bilingual review copy and the way back (issue 15): each column with its own language's notes and
citation terms, section headings and block ids, paragraphs aligned, each column tagged with its language,
stale paragraphs showing what changed; `i18n import-review` brings a reviewer's changes back — also after
LibreOffice saved the copy — and refuses, changing nothing, what it cannot bring back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from helpers import DETENTION, copy_root, docx_xml, kz, translated_basic

pytestmark = pytest.mark.e2e
COPY = "build/bilingual/alt.en-ru.docx"


@pytest.fixture
def project(tmp_path):
    return translated_basic(tmp_path)


def review_copy(project: Path) -> Path:
    result = kz(project, "build", "alt", "--bilingual")
    assert result.exit_code == 0, result.output
    return project / COPY


def rows(path: Path) -> dict[str, tuple[str, str]]:
    out = {}
    for table in docx.Document(str(path)).tables:
        assert [c.text for c in table.rows[0].cells] == ["Фрагмент", "English", "Русский"]
        for r in table.rows[1:]:
            out[r.cells[0].text] = (r.cells[1].text, r.cells[2].text)
    return out


def test_the_copy_pairs_paragraphs_with_their_units_and_headings(project):
    path = review_copy(project)
    found = rows(path)
    assert found["safeguards/detention title"] == ("Registration of detention", "Регистрация задержания")
    assert list(found) == ["about/coalition title", "about/coalition ¶1", "safeguards/detention title",
                           "safeguards/detention ¶1", "safeguards/detention ¶2", "safeguards/case-a title",
                           "safeguards/case-a ¶1", "safeguards/rec-register title", "safeguards/rec-register ¶1",
                           "investigations/bodies title", "investigations/bodies ¶1",
                           "investigations/rec-independent title", "investigations/rec-independent ¶1"]
    assert found["safeguards/detention ¶2"][1].startswith("Текст с {{ secret }}")
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Правовые гарантии", "Расследование пыток"]


def test_each_column_has_its_own_notes_in_its_own_language(project):
    found = rows(review_copy(project))
    en, ru = found["safeguards/detention ¶1"]
    # each column numbers its notes from its own first one; the second citation of the same source is
    # Ibid. in English and «Там же» in Russian, each in its own column only
    assert "Ibid" in en and "Там же" not in en
    assert "Там же" in ru and "Ibid" not in ru
    assert len(docx_xml(project / COPY, "word/footnotes.xml").split("<w:footnote ")) <= 3  # separators only
    xml = docx_xml(project / COPY)
    assert 'w:lang w:val="en-GB"' in xml and 'w:lang w:val="ru-RU"' in xml


def test_a_stale_paragraph_shows_what_changed(project):
    src = project / DETENTION
    src.write_text(src.read_text(encoding="utf-8").replace("Nothing changed.", "Nothing has changed since 2014."),
                   encoding="utf-8")
    found = rows(review_copy(project))
    _, ru = found["safeguards/detention ¶1"]
    assert "[исходный текст изменился после перевода]" in ru
    _, ru2 = found["safeguards/detention ¶2"]
    assert "изменился" not in ru2  # the other paragraph is current
    cell = next(r.cells[2] for t in docx.Document(str(project / COPY)).tables for r in t.rows
                if r.cells[0].text == "safeguards/detention ¶1")
    xml = cell._tc.xml
    assert "<w:strike/>" in xml and "<w:u " in xml  # deleted words struck through, new ones underlined


def edit_cell(path: Path, unit: str, old: str, new: str) -> None:
    document = docx.Document(str(path))
    for table in document.tables:
        for r in table.rows:
            if r.cells[0].text == unit:
                for p in r.cells[2].paragraphs:
                    for run in p.runs:
                        if old in run.text:
                            run.text = run.text.replace(old, new)
                            document.save(str(path))
                            return
    raise AssertionError(f"{old!r} not found in {unit}")


def test_a_reviewers_changes_come_back_with_their_citations(project):
    path = review_copy(project)
    before = (project / "content/ru/safeguards/detention.md").read_text(encoding="utf-8")
    edit_cell(path, "safeguards/detention ¶1", "Ничего не изменилось.", "С тех пор ничего не изменилось.")
    edit_cell(path, "safeguards/case-a ¶1", "Интервью с адвокатом", "Беседа с адвокатом")
    edit_cell(path, "safeguards/rec-register title", "Регистрировать задержание", "Регистрировать каждое задержание")
    result = kz(project, "i18n", "import-review", str(path))
    assert result.exit_code == 0, result.output
    after = (project / "content/ru/safeguards/detention.md").read_text(encoding="utf-8")
    assert "С тех пор ничего не изменилось.[@cat-co4, para. 10]" in after
    assert after.count("[@") == before.count("[@") and "[@law-157]" in after
    assert "Текст с {{ secret }} и {% if x %} остаётся буквальным. Снова источник.[@law-157, art. 193]" in after
    case = (project / "content/ru/safeguards/case-a.md").read_text(encoding="utf-8")
    assert "^[Беседа с адвокатом, 2021 г.]" in case
    assert "Регистрировать каждое задержание" in (project / "content/ru/safeguards/rec-register.md").read_text(
        encoding="utf-8")
    untouched = (project / "content/ru/about/coalition.md").read_text(encoding="utf-8")
    assert untouched == (copy_root("basic", project.parent / "fresh") / "content/ru/about/coalition.md").read_text(
        encoding="utf-8")
    assert kz(project, "build", "alt", "-l", "ru", "-f", "docx").exit_code == 0


def test_a_lost_note_is_refused_and_nothing_changes(project):
    path = review_copy(project)
    document = docx.Document(str(path))
    for table in document.tables:
        for r in table.rows:
            if r.cells[0].text == "safeguards/detention ¶1":
                for p in r.cells[2].paragraphs:
                    for run in p.runs:
                        if run.font.superscript and run.text.strip().isdigit() and p.style.name != "Review Note":
                            run.text = ""  # the reviewer deleted a note's number
                            break
                    break
    document.save(str(path))
    edit_cell(path, "safeguards/case-a ¶1", "Интервью с адвокатом", "Беседа с адвокатом")
    before = {p: p.read_bytes() for p in (project / "content/ru").rglob("*")  if p.is_file()}
    result = kz(project, "i18n", "import-review", str(path))
    assert result.exit_code == 1
    assert "row 4 (safeguards/detention ¶1)" in result.output and "no longer in the text" in result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (project / "content/ru").rglob("*") if p.is_file()} == before


def test_not_a_review_copy(project, tmp_path):
    bogus = tmp_path / "x.docx"
    bogus.write_bytes(b"PK not really")
    result = kz(project, "i18n", "import-review", str(bogus))
    assert result.exit_code == 1 and "not a Word file" in result.output and "Traceback" not in result.output
    assert kz(project, "build", "alt", "-l", "en", "-f", "docx").exit_code == 0
    plain = kz(project, "i18n", "import-review", str(project / "build/en/alt.docx"))
    assert plain.exit_code == 1 and "no review table" in plain.output


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (Debian: libreoffice-writer-nogui; .ci/run installs it)")
def test_a_copy_saved_by_libreoffice_comes_back(project, tmp_path):
    path = review_copy(project)
    edit_cell(path, "investigations/bodies ¶1", "специальные прокуроры", "особые прокуроры")
    # LibreOffice opens the reviewer's file and saves it again as DOCX, as a reviewer using it would
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=300)
    result = kz(project, "i18n", "import-review", str(out / path.name))
    assert result.exit_code == 0, result.output
    text = (project / "content/ru/investigations/bodies.md").read_text(encoding="utf-8")
    assert "С 2023 года пытки расследуют особые прокуроры.[@" in text
    assert "1 file(s) updated" in result.output


def test_a_protected_name_never_shows_in_a_review_copy_even_in_what_changed(tmp_path):
    """An anonymised case whose English changed: the copy shows its pseudonym in both columns and in the
    words struck through and added, never the name (the leak guard would refuse the file otherwise)."""
    p = copy_root("safety", tmp_path)
    assert kz(p, "i18n", "done", "--all").exit_code == 0
    case = p / "content/en/cases/anonymised.md"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "the police questioned Mikhail Kazantsev for hours", "the police questioned Mikhail Kazantsev for six hours"),
        encoding="utf-8")
    result = kz(p, "build", "--bilingual")
    assert result.exit_code == 0, result.output
    path = next((p / "build" / "bilingual").glob("*.docx"))
    text = " ".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
    assert "[исходный текст изменился после перевода]" in text and "M. K." in text
    for name in ("Kazantsev", "Казанцев"):
        assert name not in text
    # a reviewer's change to that paragraph is not written back: the copy showed the pseudonym
    document = docx.Document(str(path))
    for table in document.tables:
        for r in table.rows:
            if r.cells[0].text == "cases/anonymised ¶1":
                run = next(run for para in r.cells[2].paragraphs for run in para.runs if run.text.strip())
                run.text = run.text + " (проверено)"
    document.save(str(path))
    before = (p / "content/ru/cases/anonymised.md").read_bytes()
    back = kz(p, "i18n", "import-review", str(path))
    assert back.exit_code == 0, back.output
    assert "names a protected person" in back.output and "cases/anonymised ¶1" in back.output
    assert (p / "content/ru/cases/anonymised.md").read_bytes() == before


def test_a_block_not_translated_yet_is_left_alone(project):
    (project / "content/ru/safeguards/rec-register.md").unlink()  # the Russian of one block is missing
    path = review_copy(project)
    found = rows(path)
    assert "[ещё не переведено]" in found["safeguards/rec-register ¶1+"][1]
    result = kz(project, "i18n", "import-review", str(path))  # nothing typed there: nothing to say
    assert result.exit_code == 0, result.output
    edit_cell(path, "safeguards/rec-register ¶1+", "[ещё не переведено]", "Фиксировать время задержания.")
    result = kz(project, "i18n", "import-review", str(path))
    assert result.exit_code == 1 and "no ru translation yet" in result.output


def test_a_review_with_tracked_changes_comes_back_as_if_accepted(project):
    """Lawyers review with Track Changes on: an insertion counts, a deletion does not."""
    import copy

    from docx.oxml.ns import qn

    path = review_copy(project)
    document = docx.Document(str(path))
    cell = next(r.cells[2] for t in document.tables for r in t.rows if r.cells[0].text == "safeguards/detention ¶1")
    run = next(run for p in cell.paragraphs for run in p.runs if "Ничего не изменилось." in run.text)
    before_text, after_text = run.text.split("Ничего не изменилось.", 1)
    r = run._r
    deleted = copy.deepcopy(r)
    deleted.find(qn("w:t")).text = "Ничего не изменилось."
    deleted.find(qn("w:t")).tag = qn("w:delText")
    inserted = copy.deepcopy(r)
    inserted.find(qn("w:t")).text = "С тех пор ничего не изменилось."
    tail = copy.deepcopy(r)
    tail.find(qn("w:t")).text = after_text
    run.text = before_text
    attrs = {qn("w:id"): "90", qn("w:author"): "Reviewer", qn("w:date"): "2026-12-01T00:00:00Z"}
    dele = r.makeelement(qn("w:del"), attrs)
    dele.append(deleted)
    ins = r.makeelement(qn("w:ins"), {**attrs, qn("w:id"): "91"})
    ins.append(inserted)
    r.addnext(dele)
    dele.addnext(ins)
    ins.addnext(tail)
    document.save(str(path))
    result = kz(project, "i18n", "import-review", str(path))
    assert result.exit_code == 0, result.output
    text = (project / "content/ru/safeguards/detention.md").read_text(encoding="utf-8")
    assert "С тех пор ничего не изменилось.[@cat-co4, para. 10]" in text
    assert "Ничего не изменилось" not in text.replace("С тех пор ничего не изменилось", "")
