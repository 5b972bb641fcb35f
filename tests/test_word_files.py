"""Word files from outside (kzreport import, kzreport i18n import-review) are checked before they are
opened: a zip bomb, thousands of parts or a damaged archive is one plain line, never a hang, a flood of
memory or a traceback."""

from __future__ import annotations

import zipfile

import pytest
from helpers import copy_root, kz

from kzreport.load import wordfile


def bomb(path, size=8 * 1024 * 1024):
    """A DOCX whose document part unpacks to `size` bytes of one repeated character (packs ~1000 times)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", "<w:document>" + " " * size + "</w:document>")
    return path


def test_the_checks(tmp_path, monkeypatch):
    assert "packs" in wordfile.word_file_problem(bomb(tmp_path / "b.docx"))
    (tmp_path / "t.docx").write_bytes(b"PK\x03\x04 not a zip")
    assert "not a Word file" in wordfile.word_file_problem(tmp_path / "t.docx")
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(30):
            z.writestr(f"p{i}.xml", "x")
    assert wordfile.word_file_problem(many) is None
    monkeypatch.setattr(wordfile, "MAX_PARTS", 20)
    assert "parts" in wordfile.word_file_problem(many)
    monkeypatch.setattr(wordfile, "MAX_UNPACKED", 10)
    monkeypatch.setattr(wordfile, "MAX_PARTS", 10_000)
    assert "unpack to" in wordfile.word_file_problem(many)


@pytest.mark.parametrize("command", [("i18n", "import-review"), ("import",)])
def test_a_zip_bomb_is_refused_in_one_line(tmp_path, command):
    project = copy_root("basic", tmp_path)
    path = bomb(tmp_path / "report.docx")
    args = [*command, str(path)] + (["--report", "old"] if command == ("import",) else [])
    result = kz(project, *args)
    assert result.exit_code == 1, result.output
    assert "packs" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
