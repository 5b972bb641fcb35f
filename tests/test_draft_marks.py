"""Drafts mark stale text as visibly as missing text, headings and point texts included (issue 15).

A translation made from an older source text (stale) and a translation not made yet (missing) both
print with their mark in a draft build; a current translation prints without one; the source language
never has marks; a release build (--strict) refuses both."""

from __future__ import annotations

import docx
import pytest
from helpers import MINIMAL, kz, write_project

pytestmark = pytest.mark.e2e

STALE = "[исходный текст изменился после перевода]"
MISSING = "[ещё не переведено]"

FILES = {
    "kzreport.yaml": MINIMAL["kzreport.yaml"].replace("themes: [safeguards]", "themes: [safeguards, detention]"),
    "content/en/themes.yaml": "safeguards: Legal safeguards\ndetention: Conditions of detention\n",
    "content/en/documents/cat-co4.yaml": "title: Concluding observations\npoints:\n  \"10\": Ensure safeguards.\n"
                                         "  \"11\": Improve conditions.\n",
    "content/en/detention/cells.md": "---\ntype: finding\ntitle: Overcrowded cells\ntheme: detention\npoints: [11]\n"
                                     "---\nCells hold twice their capacity.\n",
    "content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\nsections:\n  - theme: safeguards\n"
                              "  - theme: detention\n",
}


def paragraphs(path) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("marks") / "p", FILES)
    assert kz(root, "i18n", "done", "-l", "ru", "--all").exit_code == 0  # every Russian text is current
    # then the English changes: the finding's text and title, and the safeguards theme's title
    finding = root / "content/en/safeguards/finding.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace("Finding text.", "Finding text, revised.")
                       .replace("title: A finding", "title: A revised finding"), encoding="utf-8")
    (root / "content/en/themes.yaml").write_text("safeguards: Fundamental legal safeguards\n"
                                                 "detention: Conditions of detention\n", encoding="utf-8")
    result = kz(root, "build", "-f", "docx")
    assert result.exit_code == 0, result.output
    return root


def test_a_stale_text_is_boxed_and_marked(project):
    paras = paragraphs(project / "build/ru/r.docx")
    i = next(n for n, (_, t) in enumerate(paras) if t == "Текст вывода.")
    assert paras[i - 1][1] == STALE and paras[i][0] == "Untranslated"  # the mark heads the box


def test_a_stale_heading_is_marked(project):
    headings = [t for s, t in paragraphs(project / "build/ru/r.docx") if s == "Heading 1"]
    assert f"Правовые гарантии {STALE}" in headings


def test_missing_text_heading_and_point_are_marked(project):
    paras = paragraphs(project / "build/ru/r.docx")
    texts = [t for _, t in paras]
    assert f"Conditions of detention {MISSING}" in [t for s, t in paras if s == "Heading 1"]
    assert any(t.startswith(MISSING) for t in texts)  # the untranslated finding's box
    assert any("Improve conditions." in t and MISSING in t for t in texts)  # the point's text
    assert "Cells hold twice their capacity." in texts


def test_current_text_and_the_source_language_carry_no_mark(project):
    ru = [t for _, t in paragraphs(project / "build/ru/r.docx")]
    assert not any(MISSING in t or STALE in t for t in ru if "Обеспечить гарантии." in t)
    en = " ".join(t for _, t in paragraphs(project / "build/en/r.docx"))
    assert "[" not in en.replace("[not", "")  # nothing marked in the source language
    assert "not yet translated" not in en and "source text changed" not in en


def test_a_release_build_refuses_them(project):
    result = kz(project, "build", "--strict", "-f", "docx", "-o", str(project / "release"))
    assert result.exit_code == 1
    assert "stale" in result.output
