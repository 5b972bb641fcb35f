"""`kzreport stats` and word limits: counts per section from the DOCX that is sent, the limit of the report
or of its UN body, a warning over it, an error under --strict (build and check)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import CHECK_LINE, copy_root, kz, write_project

from kzreport.coordinator.wordcount import count_docx, count_words

pytestmark = pytest.mark.e2e


def test_a_word_is_what_holds_a_letter_or_a_digit():
    assert count_words("Art. 106 of the Code — and 12-1, «так»") == 8
    assert count_words("—  –  ...") == 0
    assert count_words("p.\u00a09") == 1  # a no-break space joins, as in pandoc


def _report(project: Path, extra: str) -> None:
    path = project / "content/reports/note.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_stats_counts_each_section_of_the_built_document(tmp_path):
    project = copy_root("followup", tmp_path)
    result = kz(project, "stats", "-l", "en")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "note (en):" in out and "2 pages" in out
    rows = {m.group(4).strip(): int(m.group(1).replace(",", ""))
            for m in re.finditer(r"^\s+([\d,]+)\s+([\d,]+)\s+(\d+)  (.+)$", out, re.M)}
    for heading in ("On Point 10", "On Points 11–15", "On Point 21", "total"):
        assert heading in rows, out
    sections = sum(n for name, n in rows.items() if name != "total")
    assert sections == rows["total"] == count_docx(project / "build/en/note.docx").words
    assert "cases: none" in out and "0 sources cited" in out


def test_stats_json_has_sections_footnotes_pages_and_sources(tmp_path):
    project = copy_root("citations", tmp_path)
    result = kz(project, "stats", "--json", "-l", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])
    doc = data["documents"][0]
    manifest = json.loads((project / "build/manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["outputs"] if e["path"] == "en/cites.docx")
    assert doc["footnotes"] == entry["footnotes"] > 0
    assert doc["note_words"] > 0 and doc["total_words"] == doc["words"] + doc["note_words"]
    assert doc["pages"] >= 1 and doc["sources"]
    assert sum(s["footnotes"] + sum(x["footnotes"] for x in s["subsections"]) for s in doc["sections"]) == \
        doc["footnotes"]
    assert doc["limit"] is None


def test_the_manifest_counts_words_as_the_docx_is_counted(tmp_path):
    """The manifest's words (counted by pandoc's process while it writes, kz_notes.survey) are the
    DOCX's words (wordcount.py), for a document with emphasis inside a word, quotes, dashes and
    Cyrillic: the two counters agree on what a word is."""
    project = copy_root("citations", tmp_path)
    block = next((project / "content").rglob("*.md"))
    block.write_text(block.read_text(encoding="utf-8") + "\nСлова «в кавычках» — *раз*дельно, p. 9 and Қазақ.\n",
                     encoding="utf-8")
    assert kz(project, "build", "-f", "docx").exit_code == 0
    manifest = json.loads((project / "build/manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["outputs"]:
        counted = count_docx(project / "build" / entry["path"])
        assert entry["words"] == counted.total, entry["path"]


def test_a_word_limit_warns_and_fails_a_strict_build_and_check(tmp_path):
    project = copy_root("followup", tmp_path)
    _report(project, "word-limit: 50\n")
    built = kz(project, "build", "-l", "en", "-f", "docx")
    assert built.exit_code == 0, built.output
    warning = next(ln for ln in built.output.splitlines() if "[word-limit]" in ln)
    m = CHECK_LINE.match(warning)
    assert m and m["path"].endswith("content/reports/note.yaml") and m["level"] == "warning" and m["line"] == "4"
    assert "over the limit of 50 words" in warning and "words (" in warning

    (project / "build").rename(project / "build-old")
    strict = kz(project, "build", "--strict", "-l", "en", "-f", "docx")
    assert strict.exit_code == 1
    line = next(ln for ln in strict.output.splitlines() if "[word-limit]" in ln)
    assert CHECK_LINE.match(line)["level"] == "error" and "note.yaml:4" in line and "50 words" in line
    assert not (project / "build/en/note.docx").exists()  # nothing published

    checked = kz(project, "check", "--strict")
    assert checked.exit_code == 1
    assert any("note.yaml:4: error:" in ln and "limit of 50 words" in ln for ln in checked.output.splitlines())
    relaxed = kz(project, "check")
    assert relaxed.exit_code == 0 and "[word-limit]" in relaxed.output

    stats = kz(project, "stats", "--strict", "-l", "en")
    assert stats.exit_code == 1 and "words over" in stats.output


def test_the_limit_of_the_body_the_report_goes_to(tmp_path):
    project = copy_root("followup", tmp_path)
    _report(project, "body: CCPR\n")
    config = project / "kzreport.yaml"
    assert kz(project, "check").exit_code == 0  # the built-in 10,000 words: far from it
    config.write_text(config.read_text(encoding="utf-8") + "word-limits:\n  CCPR: 20\n", encoding="utf-8")
    result = kz(project, "build", "-l", "en", "-f", "docx")
    assert result.exit_code == 0
    warning = next(ln for ln in result.output.splitlines() if "[word-limit]" in ln)
    assert "note.yaml:4: warning:" in warning and "limit for CCPR in kzreport.yaml" in warning


def test_an_unknown_body_is_located(tmp_path):
    project = write_project(tmp_path / "p", {"content/reports/r.yaml": "type: alternative-report\ndate: 2023-03-21\n"
                                                                       "body: HRC\nsections:\n  - theme: safeguards\n"})
    result = kz(project, "check")
    assert result.exit_code == 1
    assert any(ln.startswith("content/reports/r.yaml:3: error: unknown UN body \"HRC\"") or
               re.search(r"r\.yaml:3: error: unknown UN body \"HRC\".*CCPR", ln) for ln in result.output.splitlines()), \
        result.output
