"""Golden tests of the Lua modules (kzreport/convert/lua/kz_*.lua), without a kzreport build.

Each folder tests/lua/<case>/ holds a case.json (the steps to run, what to write, the job), maybe an
input.md (the job's Markdown), and the expected output, expected.<write>: pandoc's native form of
the document, the Typst or HTML pandoc writes from it, or JSON (counts, the published text).
tests/lua/driver.lua runs a case in `pandoc lua`, a few milliseconds each.

To accept a change in the output (after reading the diff!), regenerate the expected files:

    KZ_REGOLD=1 .venv/bin/python -m pytest tests/test_lua_golden.py

A new case is a new folder with a case.json (and input.md): run the command above to write its
expected file, read it, and commit it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from kzreport.convert.tools import pandoc_path
from kzreport.formats.vocabulary import for_lua
from kzreport.layout import LUA_FILTERS

HERE = Path(__file__).parent / "lua"
DRIVER = HERE / "driver.lua"
CASES = sorted(p for p in HERE.iterdir() if (p / "case.json").is_file())
REGOLD = os.environ.get("KZ_REGOLD") == "1"


@pytest.fixture(scope="module")
def vocabulary_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lua") / "vocabulary.json"
    path.write_text(json.dumps(for_lua()), encoding="utf-8")
    return path


def run_case(case: Path, vocabulary_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([pandoc_path(), "lua", str(DRIVER), str(LUA_FILTERS), str(case), str(vocabulary_file)],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_there_are_cases():
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, vocabulary_file: Path):
    result = run_case(case, vocabulary_file)
    assert result.returncode == 0, result.stderr
    expected = case / f"expected.{json.loads((case / 'case.json').read_text(encoding='utf-8'))['write']}"
    if REGOLD:
        expected.write_text(result.stdout, encoding="utf-8")
    assert expected.is_file(), f"no {expected.name} in {case}: run KZ_REGOLD=1 pytest {Path(__file__).name}"
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_every_case_has_one_expected_output():
    for case in CASES:
        write = json.loads((case / "case.json").read_text(encoding="utf-8"))["write"]
        assert [p.name for p in case.glob("expected.*")] == [f"expected.{write}"], case


def test_assembly_says_which_block_it_reads(vocabulary_file: Path):
    # kzreport's time limit and messages name the block pandoc is reading (convert/pandoc.py)
    result = run_case(HERE / "assemble-slots", vocabulary_file)
    assert result.stderr.splitlines() == ["kz-at n1", "kz-at -", "kz-at b1", "kz-at -", "kz-at b2", "kz-at -",
                                          "kz-at b3", "kz-at -"]


def test_word_styles_come_from_the_job(tmp_path: Path):
    # the Lua names no Word style: a vocabulary that maps kz-case elsewhere moves it there
    vocabulary = for_lua()
    vocabulary["docx"]["paragraph"]["kz-case"] = "Another Style"
    path = tmp_path / "vocabulary.json"
    path.write_text(json.dumps(vocabulary), encoding="utf-8")
    result = run_case(HERE / "docx-styles", path)
    assert result.returncode == 0, result.stderr
    assert '( "custom-style" , "Another Style" )' in result.stdout
    assert '( "custom-style" , "Case" )' not in result.stdout


def test_a_job_without_vocabulary_is_refused(tmp_path: Path):
    path = tmp_path / "vocabulary.json"
    path.write_text("null", encoding="utf-8")
    result = run_case(HERE / "docx-styles", path)
    assert result.returncode != 0
    assert "the job has no vocabulary" in result.stderr
