"""The PDF as a reader sees it: a space between each footnote's number and its text."""

from __future__ import annotations

import re

import pytest
from helpers import built_copy, pdf_text

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_copy(tmp_path_factory, "citations", "-f", "pdf")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_footnote_number_is_followed_by_a_space(built, lang):
    text = pdf_text(built / "build" / lang / "cites.pdf")
    # a line that starts with a number and then a word: a footnote (the date "21 March 2023" aside)
    entries = [(n, space) for n, space, word in re.findall(r"^(\d{1,2})(\s?)(\w+)", text, re.M)
               if not word.isdigit() and n != "21"]
    assert [n for n, _ in entries][:5] == ["1", "2", "3", "4", "5"]
    assert all(space == " " for _, space in entries), entries
