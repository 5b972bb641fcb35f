"""`kzreport check` catches the silent mistakes a drafter makes in a plain editor: things that build without
complaint but print wrongly (an unclosed footnote, hand-typed note markers, stray emphasis, characters pasted
from Word, a citation with a space, curly quotes used as YAML quotes, a link without https://).
Each is a warning at its PATH:LINE that says what to do; `--strict` makes it an error."""

from __future__ import annotations

import pytest
from helpers import find, run_check

FINDING = "content/en/safeguards/finding.md"
RU = "content/ru/safeguards/finding.md"
HEAD = "---\ntype: finding\ntitle: A finding\ntheme: safeguards\npoints: [10]\n---\n"  # the body starts on line 7


def check_body(tmp_path, body: str, *extra: str, head: str = HEAD) -> tuple[int, list[str]]:
    return run_check(tmp_path, {FINDING: head + body}, *extra)


def drafting(lines: list[str]) -> list[str]:
    codes = ("[unclosed-note]", "[typed-note-marker]", "[stray-emphasis]", "[invisible-character]",
             "[citation-space]", "[curly-quotes]", "[link-without-scheme]")
    return [ln for ln in lines if ln.endswith(codes)]


def test_a_clean_block_has_no_drafting_warning(tmp_path):
    code, lines = check_body(tmp_path, "A detainee waited 5 hours.^[Interview, 2021.] See [the site](https://example.org)."
                                       "\n\nA list:\n\n- *emphasis* and **bold** and 5 × 2 = 10, 10\u00a0000 tenge.\n")
    assert code == 0, lines
    assert drafting(lines) == []


def test_unclosed_footnote(tmp_path):
    code, lines = check_body(tmp_path, "First paragraph.\n\nA lawyer said so.^[Interview with a lawyer, 2021.\n\n"
                                       "Next paragraph.\n")
    assert code == 0  # a warning: the build still works
    msg = find(lines, FINDING, 9, "^[", "never closed")
    assert msg.endswith("[unclosed-note]") and "]" in msg
    assert "Interview" not in msg  # only the offending characters are quoted


def test_unclosed_footnote_is_an_error_under_strict(tmp_path):
    code, lines = check_body(tmp_path, "Text.^[A note without its end\n", "--strict")
    assert code == 1
    assert find(lines, FINDING, 7, "^[").split(": ")[1] == "error"


def test_closed_footnotes_with_brackets_inside_are_fine(tmp_path):
    code, lines = check_body(tmp_path, "Text.^[See [@cpc, art. 5] and [the law](https://example.org), art. [2].]\n"
                                       "More.^[A note that goes on\nover two lines.]\n")
    assert [ln for ln in drafting(lines) if "unclosed-note" in ln] == []


@pytest.mark.parametrize("body,marker", [
    ("The law was amended in 2015.[1] It changed nothing.\n", "[1]"),
    ("The law was amended in 2015 [12].\n", "[12]"),
    ("The law[3] was amended.\n", "[3]"),
    ("The law was amended in 2015.¹ It changed nothing.\n", "¹"),
    ("As the report says²³, nothing changed.\n", "²³"),
])
def test_hand_typed_note_markers(tmp_path, body, marker):
    code, lines = check_body(tmp_path, body)
    msg = find(lines, FINDING, 7, marker)
    assert msg.endswith("[typed-note-marker]") and "^[" in msg


@pytest.mark.parametrize("body", [
    "An area of 12 m² per person and 3 km² of land.\n",
    "See [the first report][1].\n\n[1]: https://example.org\n",
    "See [1] and [2].\n\n[1]: https://example.org\n[2]: https://example.com\n",
    "Text.^[1]\n",
    "Code `x[1]` and\n\n```\na[1] = 2\n```\n",
])
def test_things_that_are_not_note_markers(tmp_path, body):
    code, lines = check_body(tmp_path, body)
    assert [ln for ln in drafting(lines) if "typed-note-marker" in ln] == [], lines


def test_stars_between_digits(tmp_path):
    code, lines = check_body(tmp_path, "The cell measured 5*2 metres, the yard\n3*4 metres.\n")
    msg = find(lines, FINDING, 7, "*", "italics")
    assert msg.endswith("[stray-emphasis]") and "\\*" in msg


def test_stars_inside_words(tmp_path):
    code, lines = check_body(tmp_path, "The file no*12 and the file no*13.\n")
    find(lines, FINDING, 7, "*", "italics")


@pytest.mark.parametrize("body", [
    "Ordinary *italics* and **bold** and ***both***.\n",
    "A single star 5*2 with no partner.\n",
    "Escaped 5\\*2 and 3\\*4.\n",
    "Code `5*2 and 3*4` is code.\n",
    "*5* and *6*\n",
])
def test_stars_that_are_fine(tmp_path, body):
    code, lines = check_body(tmp_path, body)
    assert [ln for ln in drafting(lines) if "stray-emphasis" in ln] == [], lines


@pytest.mark.parametrize("char,name", [
    ("\u200b", "zero-width space"),
    ("\u200d", "zero-width joiner"),
    ("\u2028", "line separator"),
    ("\u2029", "paragraph separator"),
    ("\ufeff", "byte order mark"),
    ("\u00ad", "soft hyphen"),
    ("\u202e", "right-to-left override"),
])
def test_invisible_characters_pasted_from_word(tmp_path, char, name):
    code, lines = check_body(tmp_path, f"First line.\nThe detai{char}nee was held.\n")
    msg = find(lines, FINDING, 8, name)
    assert msg.endswith("[invisible-character]") and f"U+{ord(char):04X}" in msg
    assert char not in msg


def test_non_breaking_space_in_odd_places(tmp_path):
    code, lines = check_body(tmp_path, "Fine: 10\u00a0000 tenge and art.\u00a05.\nOdd: two \u00a0spaces.\n\u00a0Leading.\n")
    assert not [ln for ln in lines if ":7: " in ln and "invisible-character" in ln]
    find(lines, FINDING, 8, "non-breaking space")
    find(lines, FINDING, 9, "non-breaking space")


def test_invisible_characters_in_titles_and_translations(tmp_path):
    code, lines = run_check(tmp_path, {
        FINDING: HEAD.replace("title: A finding", "title: A fin\u200bding") + "Text.\n",
        RU: "---\ntitle: Вывод\n---\nТекст\u2028вывода.^[незакрытая сноска\n"})
    find(lines, FINDING, 3, "zero-width space")
    find(lines, RU, 4, "line separator")
    find(lines, RU, 4, "^[", "never closed")


def test_invisible_characters_in_code_are_left_alone(tmp_path):
    code, lines = check_body(tmp_path, "Code: `a\u200bb`.\n")
    assert drafting(lines) == []


@pytest.mark.parametrize("body", ["As the code says.[@ cpc]\n", "As the code says.[@  cpc, art. 5]\n",
                                  "As the code says.[see @ cpc]\n"])
def test_citation_with_a_space(tmp_path, body):
    code, lines = check_body(tmp_path, body)
    msg = find(lines, FINDING, 7, "@", "space")
    assert msg.endswith("[citation-space]") and "cpc" not in msg


def test_email_like_text_is_not_a_citation(tmp_path):
    code, lines = check_body(tmp_path, "Write to us @ the office, or [ask us] at info@example.org.\n")
    assert [ln for ln in drafting(lines) if "citation-space" in ln] == []


@pytest.mark.parametrize("link", ["www.example.org", "example.org/report", "ohchr.org"])
def test_link_without_a_scheme(tmp_path, link):
    code, lines = check_body(tmp_path, f"See [the site]({link}).\n")
    msg = find(lines, FINDING, 7, "https://")
    assert msg.endswith("[link-without-scheme]")


@pytest.mark.parametrize("body", ["See [the site](https://www.example.org).\n", "![A map](images/map.png)\n",
                                  "Write [to us](mailto:info@example.org).\n", "See [below](#recommendations).\n"])
def test_links_that_are_fine(tmp_path, body):
    code, lines = check_body(tmp_path, body)
    assert [ln for ln in drafting(lines) if "link-without-scheme" in ln] == []


@pytest.mark.parametrize("value", ["“Registration of detention”", "‘Registration of detention’",
                                   "„Registration of detention“"])
def test_curly_quotes_as_yaml_quotes(tmp_path, value):
    code, lines = check_body(tmp_path, "Text.\n", head=HEAD.replace("A finding", value))
    msg = find(lines, FINDING, 3, "curly quotes")
    assert msg.endswith("[curly-quotes]") and '"' in msg


def test_curly_quotes_inside_a_title_are_fine(tmp_path):
    code, lines = check_body(tmp_path, "Text.\n", head=HEAD.replace("A finding", "The “Safe Detention” plan"))
    assert drafting(lines) == []


def test_curly_quotes_in_a_strings_file(tmp_path):
    code, lines = run_check(tmp_path, {"content/en/reports.yaml": "r:\n  title: “Test report”\n"})
    find(lines, "content/en/reports.yaml", 2, "curly quotes")


def test_curly_quotes_that_break_the_yaml_are_explained(tmp_path):
    code, lines = check_body(tmp_path, "Text.\n", head=HEAD.replace("A finding", "“Article 146: torture”"))
    assert code == 1
    msg = find(lines, FINDING, 3, "curly quotes")
    assert "straight quotes" in msg


def test_a_warning_can_be_silenced(tmp_path):
    code, lines = run_check(tmp_path, {FINDING: HEAD + "Text.[1]\n",
                                       "kzreport.yaml": __import__("helpers").MINIMAL["kzreport.yaml"]
                                       + "silence: [typed-note-marker]\n"})
    assert [ln for ln in drafting(lines) if "typed-note-marker" in ln] == []


def test_messages_never_quote_a_protected_name(tmp_path):
    case = ("---\ntype: case\ntitle: A case\ntheme: safeguards\ndisclosure: anonymised\npseudonym: I. P.\n"
            "protect: [Ivan Petrov]\n---\nIvan\u200bPetrov was beaten.[1] Petrov*s* and 5*Petrov*6.^[Ivan Petrov said\n")
    code, lines = run_check(tmp_path, {"content/en/safeguards/case.md": case})
    mine = [ln for ln in drafting(lines) if "case.md" in ln]
    assert len(mine) >= 3, lines
    assert not [ln for ln in mine if "Petrov" in ln or "Ivan" in ln]
