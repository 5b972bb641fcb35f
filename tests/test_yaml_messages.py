"""YAML mistakes in plain words (the line to fix and what to do, no parser jargon), and no follow-on errors:
a file already reported as broken makes no other file fail ("the block x does not exist")."""

from __future__ import annotations

import pytest
from helpers import MINIMAL, find, run_check

FINDING = "content/en/safeguards/finding.md"
JARGON = ("while parsing", "while scanning", "did not find expected", "block mapping", "block collection",
          "<block end>", "indicator", "simple key", "mapping values", "could not find expected")


def no_jargon(lines: list[str]) -> None:
    for ln in lines:
        assert not any(j in ln for j in JARGON), ln


def front(header: str, body: str = "Text.\n") -> dict[str, str]:
    return {FINDING: "---\n" + header + "---\n" + body}


@pytest.mark.parametrize("header,line,words", [
    # a field indented under the one above it
    ("type: finding\ntitle: A finding\n  theme: safeguards\n", 4, ("line 4 is indented more than line 3",
                                                                   "same column")),
    # a list item without its dash
    ("type: finding\ntitle: A finding\ntheme: safeguards\npoints:\n  - 10\n  11\n", 7, ("line 7", "starts with '- '")),
    # list items not lined up
    ("type: finding\ntitle: A finding\ntheme: safeguards\npoints:\n  - 10\n - 11\n", 7, ("line 7", "lined up")),
    # no space after a colon
    ("type:finding\ntitle: A finding\ntheme: safeguards\n", 2, ("line 2", "space after the colon")),
    # text after a closing quote
    ('type: finding\ntitle: "A finding" of the Coalition\ntheme: safeguards\n', 3, ("text after the closing quote",)),
    # a quote never closed
    ('type: finding\ntitle: "A finding\ntheme: safeguards\n', 3, ("line 3", "never closed")),
    # a [ list never closed
    ("type: finding\ntitle: A finding\ntheme: safeguards\npoints: [10\n", None, ('"["', "line 5", '"]"')),
])
def test_yaml_mistakes_in_plain_words(tmp_path, header, line, words):
    code, lines = run_check(tmp_path, front(header))
    assert code == 1
    find(lines, FINDING, line, *words)
    no_jargon(lines)


def test_line_numbers_are_those_of_the_file_in_other_yaml_files(tmp_path):
    code, lines = run_check(tmp_path, {"content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\n"
                                                                  "  sections:\n  - theme: safeguards\n"})
    assert code == 1
    find(lines, "content/reports/r.yaml", 3, "line 3 is indented more than line 2")
    no_jargon(lines)


def test_curly_quotes_with_a_colon_are_explained(tmp_path):
    code, lines = run_check(tmp_path, front("type: finding\ntitle: “Article 146: torture”\ntheme: safeguards\n"))
    assert code == 1
    msg = find(lines, FINDING, 3, "curly quotes", "straight quotes")
    assert "put the text in quotes" not in msg


def test_a_broken_block_causes_no_follow_on_error_in_the_report(tmp_path):
    files = front("type: finding\ntitle: A finding\n  theme: safeguards\n")
    files["content/reports/r.yaml"] = ("type: alternative-report\ndate: 2023-03-21\nsections:\n"
                                       "  - theme: safeguards\n    blocks: [safeguards/finding]\n")
    code, lines = run_check(tmp_path, files)
    assert code == 1
    find(lines, FINDING, 4, "indented")
    assert not [ln for ln in lines if "does not exist" in ln], lines
    assert not [ln for ln in lines if "content/ru/safeguards/finding.md" in ln and "source" in ln], lines


def test_a_broken_translation_is_not_also_missing(tmp_path):
    code, lines = run_check(tmp_path, {"content/ru/safeguards/finding.md": "---\ntitle: Вывод\n  extra: x\n---\nТекст.\n"})
    assert code == 1
    find(lines, "content/ru/safeguards/finding.md", 3, "indented")
    assert not [ln for ln in lines if "missing translation" in ln], lines


def test_a_broken_assessment_is_not_also_unknown(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/assessments/a.yaml": "document: cat-co4\nscale: coalition\n  date: 2024-01-01\n",
        "content/reports/r.yaml": MINIMAL["content/reports/r.yaml"] + "scores: [a]\n"})
    assert code == 1
    find(lines, "content/assessments/a.yaml", 3, "indented")
    assert not [ln for ln in lines if "unknown assessment" in ln], lines


def test_a_broken_strings_file_is_not_also_missing_its_texts(tmp_path):
    code, lines = run_check(tmp_path, {"content/en/reports.yaml": "r:\n  title: Test report\n   more: x\n"})
    assert code == 1
    find(lines, "content/en/reports.yaml", 3)
    assert not [ln for ln in lines if "is missing: add it to content/en/reports.yaml" in ln], lines


def test_a_block_that_really_does_not_exist_is_still_reported(tmp_path):
    code, lines = run_check(tmp_path, {"content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\n"
                                                                  "sections:\n  - theme: safeguards\n"
                                                                  "    blocks: [safeguards/findng]\n"})
    assert code == 1
    find(lines, "content/reports/r.yaml", 5, "does not exist")
