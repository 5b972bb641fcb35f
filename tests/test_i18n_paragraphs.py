"""Stale translations paragraph by paragraph (issue 15): one edited sentence makes one paragraph stale,
`i18n status` points at that paragraph in the translation and counts the words to translate."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import kz

from kzreport.i18n import paragraphs

REPO = Path(__file__).resolve().parent.parent


def test_paragraphs_and_their_lines():
    text = "One.\nStill one.\n\n\nTwo.\n\n```\ncode\n\nstill code\n```\n\nFour."
    assert [(p.text.split("\n")[0], p.line) for p in paragraphs.split(text)] == \
        [("One.", 0), ("Two.", 4), ("```", 6), ("Four.", 12)]


def test_changes_are_found_per_paragraph():
    old = "A one.\n\nB two.\n\nC three.\n\nD four."
    new = "A one.\n\nB two, edited.\n\nC three.\n\nNew.\n\nD four."
    found = paragraphs.changes(old, new)
    assert [(c.kind, c.index) for c in found] == [("changed", 1), ("added", 3)]
    assert paragraphs.changes(old, old.replace("\n\n", "\n \n")) == []  # whitespace does not count
    gone = paragraphs.changes(old, "A one.\n\nC three.\n\nD four.")
    assert [(c.kind, c.index, c.old.text if c.old else None) for c in gone] == [("removed", 1, "B two.")]


def test_words_leave_out_citations_and_markup():
    assert paragraphs.words("The *Code* was amended[@cpc, art. 5] in 2014.^[See the law.]") == 9  # notes are translated too


def _longest_block(project: Path) -> tuple[Path, Path]:
    blocks = sorted((project / "content" / "en").rglob("*.md"), key=lambda p: -len(p.read_text(encoding="utf-8")))
    for en in blocks:
        ru = project / "content" / "ru" / en.relative_to(project / "content" / "en")
        if ru.exists():
            return en, ru
    raise AssertionError("no translated block")


@pytest.fixture
def shipped(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    shutil.copy(REPO / "kzreport.yaml", project)
    shutil.copytree(REPO / "content", project / "content")
    return project


@pytest.mark.e2e
def test_one_edited_sentence_in_the_longest_block_makes_one_paragraph_stale(shipped):
    assert kz(shipped, "i18n", "status", "-l", "ru").exit_code == 0
    en, ru = _longest_block(shipped)
    text = en.read_text(encoding="utf-8")
    body_start = text.index("\n---\n", 4) + 5
    paras = paragraphs.split(text[body_start:])
    assert len(paras) >= 5, "the longest block should have several paragraphs"
    third = paras[2].text
    sentence = re.search(r"[A-Z][^.]{20,}\.", third).group(0)
    en.write_text(text.replace(sentence, sentence[:-1] + ", as the Coalition observed.", 1), encoding="utf-8")

    result = kz(shipped, "i18n", "status", "-l", "ru")
    assert result.exit_code == 1
    stale = [ln for ln in result.output.splitlines() if ": stale: " in ln]
    assert len(stale) == 1, result.output
    where, what = stale[0].split(": stale: ")
    assert "paragraph 3" in what
    # the line is where the third paragraph of the translation starts
    rel = ru.relative_to(shipped).as_posix()
    line = int(where.rsplit(":", 1)[1])
    assert where.endswith(f"{rel}:{line}")
    ru_lines = ru.read_text(encoding="utf-8").split("\n")
    ru_text = ru.read_text(encoding="utf-8")
    ru_paras = paragraphs.split(ru_text[ru_text.index("\n---\n", 4) + 5:])
    assert ru_lines[line - 1].strip() == ru_paras[2].text.split("\n")[0].strip()
    assert "{+observed.+}" in result.output or "+}" in result.output
    words = re.search(r"ru: .*words: ([\d,]+) new, ([\d,]+) stale", result.output)
    assert words and int(words.group(1).replace(",", "")) == 0
    assert int(words.group(2).replace(",", "")) == paragraphs.words(third) + 4  # the paragraph as it is now


@pytest.mark.e2e
def test_the_full_diff_on_request(shipped):
    en, _ = _longest_block(shipped)
    text = en.read_text(encoding="utf-8")
    body_start = text.index("\n---\n", 4) + 5
    body = text[body_start:]
    first = paragraphs.split(body)[0].text
    edited = " ".join(f"{w}X" if i % 3 == 0 else w for i, w in enumerate(first.split(" ")))
    en.write_text(text[:body_start] + body.replace(first, edited, 1), encoding="utf-8")
    short = kz(shipped, "i18n", "status", "-l", "ru").output
    full = kz(shipped, "i18n", "status", "-l", "ru", "--diff").output
    assert "--diff shows them all" in short and "--diff shows them all" not in full
    assert full.count("{+") > short.count("{+")


NS = "{urn:oasis:names:tc:xliff:document:1.2}"


def _edit_third_paragraph(project: Path) -> tuple[Path, Path, str]:
    en, ru = _longest_block(project)
    text = en.read_text(encoding="utf-8")
    third = paragraphs.split(text[text.index("\n---\n", 4) + 5:])[2].text
    sentence = re.search(r"[A-Z][^.]{20,}\.", third).group(0)
    en.write_text(text.replace(sentence, sentence[:-1] + ", as the Coalition observed.", 1), encoding="utf-8")
    return en, ru, third


@pytest.mark.e2e
def test_one_edited_sentence_travels_to_the_translator_as_one_paragraph_and_comes_back(shipped, tmp_path):
    from lxml import etree

    en, ru, third = _edit_third_paragraph(shipped)
    block = en.relative_to(shipped / "content" / "en").with_suffix("").as_posix()
    xlf = tmp_path / "ru.xlf"
    assert kz(shipped, "i18n", "export", "-l", "ru", "-o", str(xlf)).exit_code == 0
    units = list(etree.parse(str(xlf)).iter(f"{NS}trans-unit"))
    assert [u.get("id") for u in units] == [f"block:{block}#body:3"]
    source = "".join(units[0].find(f"{NS}source").itertext())
    assert "as the Coalition observed" in source and len(source) < len(third) + 200  # the paragraph, not the block
    assert units[0].find(f"{NS}alt-trans") is not None  # its previous translation is offered
    # the translator updates the paragraph's target and marks it translated
    target = units[0].find(f"{NS}target")
    assert target is not None and target.get("state") == "needs-review-translation"
    tree = target.getroottree()
    target.text = "(обновлено) " + (target.text or "")
    target.set("state", "translated")
    tree.write(str(xlf), encoding="UTF-8", xml_declaration=True)
    ru_before = ru.read_text(encoding="utf-8")
    result = kz(shipped, "i18n", "import", str(xlf))
    assert result.exit_code == 0, result.output
    ru_after = ru.read_text(encoding="utf-8")
    before_paras = paragraphs.split(ru_before[ru_before.index("\n---\n", 4) + 5:])
    after_paras = paragraphs.split(ru_after[ru_after.index("\n---\n", 4) + 5:])
    assert len(after_paras) == len(before_paras)
    changed = [i for i, (a, b) in enumerate(zip(before_paras, after_paras, strict=True)) if a.text != b.text]
    assert changed == [2]
    assert after_paras[2].text.startswith("(обновлено) ")
    status = kz(shipped, "i18n", "status", "-l", "ru")
    assert status.exit_code == 0, status.output  # the whole block is current again


@pytest.mark.e2e
def test_a_new_source_paragraph_is_one_unit_to_translate_and_is_put_in_its_place(shipped, tmp_path):
    from lxml import etree

    en, ru = _longest_block(shipped)
    text = en.read_text(encoding="utf-8")
    body_start = text.index("\n---\n", 4) + 5
    paras = paragraphs.split(text[body_start:])
    second = paras[1].text
    en.write_text(text.replace(second, second + "\n\nA new paragraph the Coalition added.", 1), encoding="utf-8")
    block = en.relative_to(shipped / "content" / "en").with_suffix("").as_posix()
    xlf = tmp_path / "ru.xlf"
    assert kz(shipped, "i18n", "export", "-l", "ru", "-o", str(xlf)).exit_code == 0
    tree = etree.parse(str(xlf))
    units = list(tree.iter(f"{NS}trans-unit"))
    assert [u.get("id") for u in units] == [f"block:{block}#body:3"]
    assert units[0].find(f"{NS}target") is None
    target = etree.SubElement(units[0], f"{NS}target", state="translated")
    target.text = "Новый абзац, добавленный Коалицией."
    units[0].find(f"{NS}source").addnext(target)
    tree.write(str(xlf), encoding="UTF-8", xml_declaration=True)
    assert kz(shipped, "i18n", "import", str(xlf)).exit_code == 0
    ru_text = ru.read_text(encoding="utf-8")
    ru_paras = paragraphs.split(ru_text[ru_text.index("\n---\n", 4) + 5:])
    assert ru_paras[2].text == "Новый абзац, добавленный Коалицией." and len(ru_paras) == len(paras) + 1
    assert kz(shipped, "i18n", "status", "-l", "ru").exit_code == 0


@pytest.mark.e2e
def test_the_diff_never_prints_a_protected_name(shipped):
    """The twelfth red team: `i18n status --diff` printed a case's changed words with the real name."""
    case = shipped / "content" / "en" / "safeguards" / "case-m-k.md"
    text = case.read_text(encoding="utf-8")
    start = text.index("\n---\n", 4) + 5  # (in the body, not in the protect: list)
    assert "Kazantsev" in text[start:]
    case.write_text(text[:start] + text[start:].replace("Kazantsev", "young Kazantsev", 1), encoding="utf-8")
    out = kz(shipped, "i18n", "status", "-l", "ru", "--diff").output
    assert "{+young+}" in out and "[a protected name]" in out
    assert "Kazantsev" not in out and "Mikhail" not in out, out
