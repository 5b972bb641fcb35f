"""`kzreport i18n import` of files as translation tools write them back (segmentation, pretty-printing,
their own namespaces, an independent XLIFF library), of hostile files, and of the shipped content."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from helpers import (
    DETENTION,
    DETENTION_BODY,
    DETENTION_RU,
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

REPO = Path(__file__).resolve().parent.parent
SEGMENTED = ('<mrk mtype="seg" mid="1">Закон не требует.<ph id="1">[@law-157]</ph></mrk> <mrk mtype="seg" mid="2">'
             'Комитет просил.<ph id="2">[@cat-co4, para. 10]</ph></mrk> <mrk mtype="seg" mid="3">Ничего вообще.'
             '<ph id="3">[@cat-co4, para. 10]</ph></mrk>\n\n<mrk mtype="seg" mid="4">Текст.</mrk> <mrk mtype="seg" '
             'mid="5">Снова.<ph id="4">[@law-157, art. 193]</ph></mrk>')


@pytest.fixture
def project(tmp_path):
    return stale_basic(tmp_path)  # the detention block's translation is stale



def run_import(project: Path, xlf: Path, code: int = 0) -> str:
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def segment(tree, uid: str, target_inner: str) -> None:
    """What OmegaT/Trados do: the source and the target split into <mrk mtype="seg"> sentences."""
    u = xliff_unit(tree, uid)
    source = u.find(X + "source")
    text = etree.tostring(source, encoding="unicode", with_tail=False)
    inner = re.sub(r"^<source[^>]*>|</source>$", "", text)
    parts = re.split(r"(?<=</ph>)(\s+)|(?<=\.)( )(?=[A-Z])", inner)  # sentences, and what separates them
    sentences, gaps = parts[0::3], [a or b for a, b in zip(parts[1::3], parts[2::3], strict=True)] + [""]
    segs = "".join(f'<mrk mtype="seg" mid="{n}">{s}</mrk>{g}' for n, (s, g) in enumerate(zip(sentences, gaps,
                                                                                                 strict=True), 1))
    assert len(sentences) == 5, sentences
    new = etree.fromstring(f'<source xmlns="{XLIFF_NS}">{segs}</source>')
    source.getparent().replace(source, new)
    target = u.find(X + "target")
    target.getparent().remove(target)
    t = etree.fromstring(f'<target xmlns="{XLIFF_NS}" state="translated">{target_inner}</target>')
    new.addnext(t)


def test_sentence_segmentation_is_accepted(project):
    xlf = export_xliff(project)
    tree = etree.parse(str(xlf))
    segment(tree, DETENTION_BODY, SEGMENTED)
    tree.write(str(xlf), encoding="UTF-8")
    run_import(project, xlf)
    ru = (project / DETENTION_RU).read_text()
    assert "Ничего вообще.[@cat-co4, para. 10]\n\nТекст. Снова.[@law-157, art. 193]" in ru


def test_a_pretty_printed_file_with_tool_extensions_is_accepted(project):
    """memoQ/Trados style: their own namespaces, attributes and elements; then the whole file indented."""
    xlf = export_xliff(project)
    tree = etree.parse(str(xlf))
    segment(tree, DETENTION_BODY, SEGMENTED)
    u = xliff_unit(tree, DETENTION_BODY)
    u.set("{MQXliff}status", "ManuallyConfirmed")
    u.find(X + "target").set("{http://sdl.com/FileTypes/SdlXliff/1.0}conf", "Translated")
    etree.SubElement(u, "{MQXliff}comments").text = "memoQ"
    u.find(X + "target")[0].append(etree.Element("{http://omegat.org}marker"))
    tree.getroot()[0].insert(0, etree.fromstring('<sdl:ref-files xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"/>'))
    etree.indent(tree)
    tree.write(str(xlf), encoding="UTF-8", xml_declaration=True)
    run_import(project, xlf)
    ru = (project / DETENTION_RU).read_text()
    assert "Ничего вообще.[@cat-co4, para. 10]\n\nТекст. Снова.[@law-157, art. 193]" in ru
    assert "\n " not in ru.split("---\n", 2)[2]  # no indentation came in from the pretty-printer
    assert kz(project, "i18n", "status").exit_code == 0


def test_translate_toolkit_writes_a_file_kzreport_imports(project):
    """The independent XLIFF library as a CAT tool: a rich target, codes moved, state set, file re-saved."""
    from translate.storage import xliff
    from translate.storage.placeables import StringElem
    from translate.storage.placeables import xliff as xp

    themes = project / "content/en/themes.yaml"
    themes.write_text(themes.read_text().replace("Legal safeguards", "Fundamental legal safeguards"))
    xlf = export_xliff(project)
    store = xliff.xlifffile.parsefile(str(xlf))
    units = {u.xmlelement.get("id"): u for u in store.units}
    units["string:themes.safeguards"].settarget("Основные правовые гарантии")
    body = units[DETENTION_BODY]
    body.rich_target = [StringElem([xp.Ph(id="2", sub=["[@cat-co4, para. 10]"]), "Комитет просил. Закон.",
                                    xp.Ph(id="1", sub=["[@law-157]"]), " Ничего.", xp.Ph(id="3", sub=["[@cat-co4, "
                                    "para. 10]"]), "\n\nТекст.", xp.Ph(id="4", sub=["[@law-157, art. 193]"])])]
    for u in (units["string:themes.safeguards"], body):
        u.xmlelement.find(X + "target").set("state", "signed-off")
    xlf.write_bytes(bytes(store))
    run_import(project, xlf)
    assert "Закон.[@law-157] Ничего.[@cat-co4, para. 10]" in (project / DETENTION_RU).read_text()
    assert "Основные правовые гарантии" in (project / "content/ru/themes.yaml").read_text()
    assert kz(project, "i18n", "status").exit_code == 0


def test_every_problem_at_once_one_a_line(project):
    themes = project / "content/en/themes.yaml"
    themes.write_text(themes.read_text().replace("Legal safeguards", "Fundamental legal safeguards"))
    xlf = export_xliff(project)
    text = xlf.read_text()
    text = re.sub(r'(id="string:themes.safeguards".*?<source>)[^<]*', r"\1Changed English", text, flags=re.S)
    text = re.sub(r'(id="block:safeguards/detention#body".*?)<target[^>]*>.*?</target>',
                  r'\1<target state="final">Без ссылок.</target>', text, flags=re.S)
    text = text.replace("</body>", '<trans-unit id="block:no/such#body"><source>x</source></trans-unit></body>')
    xlf.write_text(text)
    before = snapshot(project)
    out = run_import(project, xlf, 1)
    errors = [ln for ln in out.splitlines() if ": error: " in ln]
    assert len(errors) == 3, out
    assert all(re.match(r".*ru\.xlf:\d+: error: unit \S+: ", ln) for ln in errors), errors
    assert {re.search(r"unit (\S+): ", ln).group(1) for ln in errors} == {"string:themes.safeguards", DETENTION_BODY,
                                                                        "block:no/such#body"}
    assert snapshot(project) == before


@pytest.mark.parametrize("content, needle", [
    (b"not xml at all", "XML"),
    (b'<?xml version="1.0"?><xliff version="1.2" xmlns="' + XLIFF_NS.encode() + b'"><file', "XML"),
    (b"<html><body/></html>", "XLIFF"),
    (b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="ru"/>', "1.2"),
    ("Ру".encode("cp1251"), "XML"),
])
def test_what_is_not_an_xliff_file_is_refused_without_a_traceback(project, tmp_path, content, needle):
    xlf = tmp_path / "bad.xlf"
    xlf.write_bytes(content)
    out = run_import(project, xlf, 1)
    assert re.search(r"bad\.xlf(:\d+)?: error: ", out) and needle in out, out


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="kzreport" source-language="en"
 target-language="ru" datatype="plaintext"><body><trans-unit id="string:themes.safeguards"><source>Legal safeguards</source>
<target state="final">&g;</target></trans-unit></body></file></xliff>"""
EXTERNAL = BOMB.split(b"<!ENTITY a")[0] + b'<!ENTITY g SYSTEM "file:///etc/passwd">\n]>' + BOMB.split(b"]>", 1)[1]


@pytest.mark.parametrize("content", [BOMB, EXTERNAL])
def test_entities_are_refused_not_expanded(project, tmp_path, content):
    xlf = tmp_path / "bomb.xlf"
    xlf.write_bytes(content)
    before = snapshot(project)
    start = time.monotonic()
    out = run_import(project, xlf, 1)
    assert time.monotonic() - start < 10 and "root:" not in out and "aaaaaaaaaa" not in out
    assert "bomb.xlf" in out and "DOCTYPE" in out
    assert snapshot(project) == before


def test_the_parser_resolves_no_entity_and_reads_no_network():
    from kzreport.i18n.xliff_import import xml_parser

    parser = xml_parser()
    tree = etree.fromstring(b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>', parser)
    assert "root:" not in etree.tostring(tree, encoding="unicode")
    tree = etree.fromstring(b'<!DOCTYPE r [<!ENTITY e "EXPANDED">]><r>&e;</r>', parser)
    assert "EXPANDED" not in "".join(tree.itertext())  # not even an internal entity is expanded
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(b"<r>" + b"<a>" * 300 + b"</a>" * 300 + b"</r>", parser)  # huge_tree stays off


def test_the_untouched_export_of_the_shipped_content_imports_cleanly(tmp_path):
    p = tmp_path / "repo"
    p.mkdir()
    shutil.copytree(REPO / "content", p / "content")
    shutil.copy(REPO / "kzreport.yaml", p / "kzreport.yaml")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", p / "templates")
    xlf = tmp_path / "ru.xlf"
    assert kz(p, "i18n", "export", "--all", "-l", "ru", "-o", str(xlf)).exit_code == 0
    before = snapshot(p)
    result = kz(p, "i18n", "import", str(xlf))
    assert result.exit_code == 0, result.output
    assert "error" not in result.output and "warning" not in result.output, result.output
    assert snapshot(p) == before
    # and the same file through an XML pretty-printer, as some tools save it
    tree = etree.parse(str(xlf))
    etree.indent(tree)
    tree.write(str(xlf), encoding="UTF-8")
    result = kz(p, "i18n", "import", str(xlf))
    assert result.exit_code == 0 and "error" not in result.output, result.output
    assert snapshot(p) == before


def test_trados_seg_source_and_a_title_broken_over_lines(project):
    """Trados keeps <source> whole and puts the segments in <seg-source>; a tool wraps a title's target."""
    title = "block:safeguards/detention#title"
    src = project / DETENTION
    src.write_text(src.read_text().replace("title: Registration of detention", "title: Recording of detention"))
    xlf = export_xliff(project)
    tree = etree.parse(str(xlf))
    segment(tree, DETENTION_BODY, SEGMENTED)
    u = xliff_unit(tree, DETENTION_BODY)
    u.find(X + "source").tag = X + "seg-source"
    whole = etree.SubElement(u, X + "source")
    whole.text = "".join(u.find(X + "seg-source").itertext())
    u.insert(0, whole)
    target = xliff_unit(tree, title).find(X + "target")
    target.text, target.attrib["state"] = "\n      Запись\n      задержания\n    ", "final"
    etree.indent(tree)
    xlf.write_bytes(etree.tostring(tree, encoding="UTF-16"))  # and in UTF-16, as some Windows tools save
    run_import(project, xlf)
    ru = (project / DETENTION_RU).read_text()
    assert ru.startswith("---\ntitle: Запись задержания\n---\n"), ru
    assert "Ничего вообще.[@cat-co4, para. 10]\n\nТекст. Снова.[@law-157, art. 193]" in ru


def test_a_target_in_another_language_inside_a_file_for_ours_is_refused(project):
    xlf = export_xliff(project)
    tree = etree.parse(str(xlf))
    target = xliff_unit(tree, DETENTION_BODY).find(X + "target")
    target.set("{http://www.w3.org/XML/1998/namespace}lang", "de")
    target.set("state", "translated")
    tree.write(str(xlf), encoding="UTF-8")
    before = snapshot(project)
    out = run_import(project, xlf, 1)
    assert f"unit {DETENTION_BODY}" in out and "de" in out and snapshot(project) == before


def test_a_third_language_by_configuration_imports_the_same_way(tmp_path):
    p = copy_root("kazakh", tmp_path)
    assert kz(p, "i18n", "done", "--all").exit_code == 0
    src = p / "content/en/s/finding.md"
    src.write_text(src.read_text().replace("at once.", "at once, as the law requires."))
    xlf = tmp_path / "kk.xlf"
    assert kz(p, "i18n", "export", "-l", "kk", "-o", str(xlf)).exit_code == 0
    text = xlf.read_text(encoding="utf-8")
    assert 'target-language="kk"' in text and 'state="needs-review-translation"' in text
    run_import(p, xlf)  # untouched: nothing changes, the translation stays stale
    assert "stale: s/finding (body)" in kz(p, "i18n", "status", "-l", "kk").output
    text = re.sub(r"<target[^>]*>.*?</target>", '<target state="translated">Ұстау заң талап еткендей дереу '
                  "тіркелмейді.</target>", text, flags=re.S)
    xlf.write_text(text.replace('target-language="kk"', 'target-language="kk-KZ"'), encoding="utf-8")
    run_import(p, xlf)
    assert "заң талап еткендей" in (p / "content/kk/s/finding.md").read_text(encoding="utf-8")
    assert "stale:" not in kz(p, "i18n", "status", "-l", "kk").output
    xlf.write_text(text.replace('target-language="kk"', 'target-language="ru"'), encoding="utf-8")
    assert "ru" in run_import(p, xlf, 1)


def test_what_the_file_says_cannot_break_the_one_line_messages(project, tmp_path):
    xlf = tmp_path / "evil.xlf"
    xlf.write_text(f'<xliff version="1.2" xmlns="{XLIFF_NS}"><file original="kzreport" source-language="en" '
                   f'target-language="ru" datatype="plaintext"><body><trans-unit id="x&#10;ru.xlf:1: error: fake&#x202E;'
                   f'&#x2028;"><source>x</source><target>y</target></trans-unit></body></file></xliff>')
    out = run_import(project, xlf, 1)
    lines = [ln for ln in out.splitlines() if ": error: " in ln]
    assert len(lines) == 1 and "\u202e" not in out and "\u2028" not in out, out
    assert "\\n" in lines[0] and "\\u202e" in lines[0]


@pytest.mark.parametrize("drop, ok", [("", True), ("[@law-157]", False)])
def test_a_target_set_as_plain_text_by_a_library_keeps_its_typed_marks(project, drop, ok):
    """translate-toolkit's settarget() writes plain text: the Markdown typed in it must be the source's."""
    from translate.storage import xliff

    xlf = export_xliff(project)
    store = xliff.xlifffile.parsefile(str(xlf))
    body = next(u for u in store.units if u.xmlelement.get("id") == DETENTION_BODY)
    body.xmlelement.remove(body.xmlelement.find(X + "target"))  # settarget() would keep the old codes after it
    body.settarget("Закон.[@law-157] Комитет.[@cat-co4, para. 10] Ничего вообще.[@cat-co4, para. 10]\n\nТекст."
                   "[@law-157, ст. 193]".replace(drop, "", 1) if drop else
                   "Закон.[@law-157] Комитет.[@cat-co4, para. 10] Ничего вообще.[@cat-co4, para. 10]\n\nТекст."
                   "[@law-157, ст. 193]")
    body.xmlelement.find(X + "target").set("state", "translated")
    xlf.write_bytes(bytes(store))
    out = run_import(project, xlf, 0 if ok else 1)
    if ok:
        assert "Ничего вообще.[@cat-co4, para. 10]\n\nТекст.[@law-157, ст. 193]" in (project / DETENTION_RU).read_text()
    else:
        assert f"unit {DETENTION_BODY}: the translation lost the citation @law-157" in out, out
