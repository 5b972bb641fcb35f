"""`kzreport i18n import` trusts nothing: what a careless translator, a CAT tool (OmegaT, memoQ, Trados
rewrites) or a hostile file does to an XLIFF file, and what the import must say and (not) write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import (
    DETENTION,
    DETENTION_BODY,
    DETENTION_RU,
    SECOND_PARAGRAPH,
    XLIFF_NS,
    X,
    copy_root,
    export_xliff,
    kz,
    snapshot,
    stale_basic,
    xliff_unit,
)
from lxml import etree

TITLE = "block:safeguards/detention#title"
NEW = ('Закон не требует фиксировать задержание.<ph id="1">[@law-157]</ph> Комитет просил об этом.'
       '<ph id="2">[@cat-co4, para. 10]</ph> Ничего не изменилось вообще.<ph id="3">[@cat-co4, para. 10]</ph>\n\n'
       'Текст с {{ secret }} и {% if x %} буквальный. Снова.<ph id="4">[@law-157, art. 193]</ph>')


@pytest.fixture
def project(tmp_path):
    return stale_basic(tmp_path)  # the detention block's translation is stale



def set_target(xlf: Path, uid: str, inner: str | None, state: str | None = "translated", tree=None) -> None:
    """Replace the target of a unit (inner XML; None removes it)."""
    tree = tree if tree is not None else etree.parse(str(xlf))
    u = xliff_unit(tree, uid)
    for t in u.findall(X + "target"):
        u.remove(t)
    if inner is not None:
        t = etree.fromstring(f'<target xmlns="{XLIFF_NS}">{inner}</target>')
        if state:
            t.set("state", state)
        u.find(X + "source").addnext(t)
    tree.write(str(xlf), encoding="UTF-8", xml_declaration=True)


def refused(project: Path, xlf: Path, *needles: str) -> str:
    before = snapshot(project)
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "nothing was imported" in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert snapshot(project) == before  # all or nothing
    return result.output


def imported(project: Path, xlf: Path) -> str:
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == 0, result.output
    return result.output


def stale(project: Path) -> bool:
    return "stale: safeguards/detention (body)" in kz(project, "i18n", "status").output


# -- state ----------------------------------------------------------------------------------------

def test_the_untouched_stale_target_stays_stale(project):
    xlf = export_xliff(project)
    assert re.search(r'<target[^>]*state="needs-review-translation"', xlf.read_text())
    before = snapshot(project)
    imported(project, xlf)
    assert snapshot(project) == before and stale(project)


@pytest.mark.parametrize("state", ["new", "needs-translation", "needs-review-translation", "needs-adaptation"])
def test_targets_not_marked_translated_change_nothing(project, state):
    xlf = export_xliff(project)
    set_target(xlf, DETENTION_BODY, NEW, state)
    before = snapshot(project)
    imported(project, xlf)
    assert snapshot(project) == before and stale(project)


@pytest.mark.parametrize("state", ["translated", "final", "signed-off"])
def test_translated_final_and_signed_off_become_current(project, state):
    xlf = export_xliff(project)
    set_target(xlf, DETENTION_BODY, NEW, state)
    imported(project, xlf)
    assert "Ничего не изменилось вообще.[@cat-co4, para. 10]" in (project / DETENTION_RU).read_text()
    assert kz(project, "i18n", "status").exit_code == 0


def test_a_reviewed_stale_target_marked_translated_becomes_current(project):
    xlf = export_xliff(project)
    tree = etree.parse(str(xlf))
    xliff_unit(tree, DETENTION_BODY).find(X + "target").set("state", "final")  # checked: the old translation still holds
    tree.write(str(xlf), encoding="UTF-8")
    before = (project / DETENTION_RU).read_bytes()
    imported(project, xlf)
    assert (project / DETENTION_RU).read_bytes() == before and kz(project, "i18n", "status").exit_code == 0


@pytest.mark.parametrize("inner", [None, "", "   "])
def test_a_missing_or_empty_target_changes_nothing(project, inner):
    xlf = export_xliff(project)
    set_target(xlf, DETENTION_BODY, inner)
    before = snapshot(project)
    imported(project, xlf)
    assert snapshot(project) == before and stale(project)


def test_english_copied_into_the_target_is_a_warning_and_not_current(project):
    xlf = export_xliff(project)
    source = etree.tostring(xliff_unit(etree.parse(str(xlf)), DETENTION_BODY).find(X + "source"), encoding="unicode",
                            with_tail=False)
    set_target(xlf, DETENTION_BODY, re.sub(r"^<source[^>]*>|</source>$", "", source))
    before = snapshot(project)
    out = imported(project, xlf)
    assert re.search(rf"ru\.xlf:\d+: warning: unit {re.escape(DETENTION_BODY)}: .*same as the en", out), out
    assert snapshot(project) == before and stale(project)


# -- refused files --------------------------------------------------------------------------------

def test_a_duplicated_unit_id_is_refused(project):
    xlf = export_xliff(project)
    tree = etree.parse(str(xlf))
    body = xliff_unit(tree, DETENTION_BODY)
    twin = etree.fromstring(etree.tostring(body))
    body.addnext(twin)
    tree.write(str(xlf), encoding="UTF-8")
    set_target(xlf, DETENTION_BODY, NEW)
    out = refused(project, xlf, f"unit {DETENTION_BODY}", "twice")
    assert re.search(r"ru\.xlf:\d+: error: unit ", out)


@pytest.mark.parametrize("attr", ["de", "de-DE", "en"])
def test_a_file_for_another_language_is_refused(project, attr):
    xlf = export_xliff(project)
    xlf.write_text(xlf.read_text().replace('target-language="ru"', f'target-language="{attr}"'))
    set_target(xlf, DETENTION_BODY, NEW)
    refused(project, xlf, attr.split("-")[0])


def test_a_second_file_element_for_german_is_refused(project):
    xlf = export_xliff(project)
    set_target(xlf, DETENTION_BODY, NEW)
    tree = etree.parse(str(xlf))
    second = etree.fromstring(etree.tostring(tree.getroot()[0]))
    second.set("target-language", "de")
    for t in second.iter(X + "target"):
        t.text = "Deutsch"
        for child in list(t):
            t.remove(child)
    tree.getroot().append(second)
    tree.write(str(xlf), encoding="UTF-8")
    out = refused(project, xlf, "de")
    assert "<file>" in out


def test_a_file_without_target_language_for_a_language_outside_the_project(tmp_path):
    p = copy_root("basic", tmp_path)
    xlf = tmp_path / "x.xlf"
    xlf.write_text(f'<xliff version="1.2" xmlns="{XLIFF_NS}"><file original="kzreport" source-language="en" '
                   f'datatype="plaintext" target-language="fr"><body/></file></xliff>')
    refused(p, xlf, "fr", "ru")


# -- codes ----------------------------------------------------------------------------------------

def exported_with(tmp_path: Path, first_sentence: str) -> tuple[Path, Path]:
    """The basic root with the detention block's first sentence written as `first_sentence` (and its second
    paragraph changed, so that the whole text is one unit), exported."""
    p = copy_root("basic", tmp_path)
    src = p / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", first_sentence).replace(*SECOND_PARAGRAPH))
    return p, export_xliff(p)


def test_a_footnote_end_before_its_start_is_refused(tmp_path):
    p, xlf = exported_with(tmp_path, "Nothing changed.^[As the Committee noted.]")
    target = ('Закон.<ph id="1">[@law-157]</ph> Комитет.<ph id="2">[@cat-co4, para. 10]</ph> Ничего<ept id="3">]'
              '</ept> не изменилось.<bpt id="3">^[</bpt>Как отметил Комитет.<ph id="4">[@cat-co4, para. 10]</ph>'
              '\n\nТекст. Снова.<ph id="5">[@law-157, art. 193]</ph>')
    set_target(xlf, DETENTION_BODY, target)
    refused(p, xlf, f"unit {DETENTION_BODY}", "before its start")


def test_overlapping_codes_are_refused(tmp_path):
    p, xlf = exported_with(tmp_path, "Nothing *really* **ever** changed.")
    target = ('Закон.<ph id="1">[@law-157]</ph> Комитет.<ph id="2">[@cat-co4, para. 10]</ph> <bpt id="3">*</bpt>Ничего '
              '<bpt id="4">**</bpt>никогда<ept id="3">*</ept> не<ept id="4">**</ept> менялось.<ph id="5">[@cat-co4, '
              'para. 10]</ph>\n\nТекст. Снова.<ph id="6">[@law-157, art. 193]</ph>')
    set_target(xlf, DETENTION_BODY, target)
    refused(p, xlf, f"unit {DETENTION_BODY}", "overlap")
    set_target(xlf, DETENTION_BODY, target.replace("никогда<ept id=\"3\">*</ept> не<ept id=\"4\">**</ept>",
                                         "никогда<ept id=\"4\">**</ept> не<ept id=\"3\">*</ept>"))
    imported(p, xlf)
    assert "*Ничего **никогда** не* менялось." in (p / DETENTION_RU).read_text()


@pytest.mark.parametrize("change, needle", [
    (lambda t: t.replace("[@law-157]</ph>", "[@law-999]</ph>"), "law-999"),           # changed id
    (lambda t: t.replace('<ph id="1">[@law-157]</ph>', ""), "citation"),                # removed
    (lambda t: t + '<ph id="7">[@cat-co4]</ph>', "cat-co4"),                            # invented code
    (lambda t: t + " См. [@law-157].", "citation"),                                     # typed as text
])
def test_citations_are_protected(project, change, needle):
    xlf = export_xliff(project)
    set_target(xlf, DETENTION_BODY, change(NEW))
    refused(project, xlf, f"unit {DETENTION_BODY}", needle)


def test_codes_are_matched_by_id_so_a_translator_may_move_them(project):
    xlf = export_xliff(project)
    moved = ('<ph id="2">[@cat-co4, para. 10]</ph>Комитет просил об этом. Закон не требует.<ph id="1">[@law-157]</ph>'
             ' Ничего.<ph id="3">[@cat-co4, с. 10]</ph>\n\nТекст. <ph id="4">[@law-157, ст. 193]</ph>')
    set_target(xlf, DETENTION_BODY, moved)
    imported(project, xlf)
    ru = (project / DETENTION_RU).read_text()
    assert "об этом. Закон не требует.[@law-157] Ничего.[@cat-co4, с. 10]" in ru


def test_empty_codes_take_their_content_from_the_source(project):
    xlf = export_xliff(project)
    set_target(xlf, DETENTION_BODY, re.sub(r'<ph id="(\d)">[^<]*</ph>', r'<ph id="\1"/>', NEW))
    imported(project, xlf)
    assert "Снова.[@law-157, art. 193]" in (project / DETENTION_RU).read_text()


def test_the_english_gaining_a_citation_is_not_refused(project):
    src = project / DETENTION
    src.write_text(src.read_text().replace("in 2014.[@cat-co4, para. 10]", "in 2014.[@law-157][@cat-co4, para. 10]"))
    xlf = export_xliff(project)
    target = xliff_unit(etree.parse(str(xlf)), DETENTION_BODY).find(X + "target")
    ids = [c.get("id") for c in target if c.tag == X + "ph"]
    # the stale translation's codes carry the ids of the source's codes they stand for
    assert ids in (["1", "3", "4", "5"], ["2", "3", "4", "5"]), ids
    set_target(xlf, DETENTION_BODY, NEW.replace('<ph id="4">', '<ph id="5">').replace('<ph id="3">', '<ph id="4">')
               .replace('об этом.<ph id="2">', 'об этом.<ph id="2">[@law-157]</ph><ph id="3">'))
    imported(project, xlf)
    assert "об этом.[@law-157][@cat-co4, para. 10]" in (project / DETENTION_RU).read_text()


def test_a_space_inside_emphasis_codes_moves_outside(tmp_path):
    p, xlf = exported_with(tmp_path, "Nothing *really* changed.")
    set_target(xlf, DETENTION_BODY, NEW.replace("Ничего не", 'Ничего<bpt id="3">*</bpt> действительно <ept id="3">*</ept>не')
               .replace('"3">[@cat-co4', '"4">[@cat-co4').replace('"4">[@law-157, art', '"5">[@law-157, art'))
    imported(p, xlf)
    assert "Ничего *действительно* не изменилось" in (p / DETENTION_RU).read_text()


def test_a_write_failing_half_way_puts_every_file_back(project, monkeypatch):
    from kzreport.i18n import writeback

    themes = project / "content/en/themes.yaml"
    themes.write_text(themes.read_text().replace("Legal safeguards", "Fundamental legal safeguards"))
    xlf = export_xliff(project)
    set_target(xlf, DETENTION_BODY, NEW)
    set_target(xlf, "string:themes.safeguards", "Основные правовые гарантии")
    before = snapshot(project)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writeback, "set_block_text", full_disk)
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == 1 and "No space left" in result.output and "every file is as it was" in result.output
    assert snapshot(project) == before
