"""Citations become footnotes: full, Ibid., full, short + see note N above, Ibid. with locator."""

from __future__ import annotations

import re

import pytest
from helpers import find, footnotes_docx, kz, pdf_text, run_check, write_project

EXPECTED = {
    "en": [
        "Criminal Procedure Code of the Republic of Kazakhstan, No. 231-V, 4 July 2014.",
        "Ibid.",
        "Concluding observations on the third periodic report of Kazakhstan, CAT/C/KAZ/CO/3, "
        "Committee against Torture, 12 December 2014.",
        "CPC, see note 1 above.",
        "Ibid., art. 193.",
    ],
    "ru": [
        "Уголовно-процессуальный кодекс Республики Казахстан, № 231-V, 4 июля 2014 г.",
        "Там же.",
        "Заключительные замечания по третьему периодическому докладу Казахстана, CAT/C/KAZ/CO/3, "
        "Комитет против пыток, 12 декабря 2014 г.",
        "УПК, см. сноску 1 выше.",
        "Там же, ст. 193.",
    ],
}


@pytest.fixture(scope="module")
def built(built_root):
    return built_root("citations", "--strict", "-f", "docx", "-f", "pdf", "-f", "html")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_docx_footnotes_exactly(built, lang):
    assert footnotes_docx(built / "build" / lang / "cites.docx") == EXPECTED[lang]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_footnotes_exactly(built, lang):
    text = pdf_text(built / "build" / lang / "cites.pdf")
    flat = "".join(re.sub(r"-\n", "", text).split())
    for n, note in enumerate(EXPECTED[lang], 1):
        assert f"{n}{''.join(note.split())}" in flat, note


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_html_footnotes(built, lang):
    html = (built / "build" / lang / "cites.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    for note in EXPECTED[lang][1:2] + EXPECTED[lang][3:]:
        assert note in text


@pytest.mark.parametrize("lang,heading", [("en", "Sources"), ("ru", "Источники")])
def test_sources_list(built, lang, heading):
    text = pdf_text(built / "build" / lang / "cites.pdf")
    listing = text.split(heading, 1)[1]
    assert EXPECTED[lang][0].rstrip(".") in " ".join(listing.split())


def test_unknown_source_is_located(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntheme: safeguards\n---\nLine one.\n"
                                            "Cited [@nosuch, para. 3].\n",
        "content/en/sources.yaml": "- id: real\n  type: report\n  title: A real report\n",
        "content/ru/sources.yaml": "- id: real\n  type: report\n  title: Настоящий доклад\n",
    })
    assert code == 1
    assert '"@nosuch"' in find(lines, "content/en/safeguards/finding.md", 7, "unknown source")


def test_source_missing_in_one_language_and_malformed_entries(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntheme: safeguards\n---\nSee [@a] [@b].\n",
        "content/en/sources.yaml": "- id: a\n  type: report\n  title: A\n- id: b\n  type: reprot\n  title: B\n"
                                   "  issued: last year\n",
        "content/ru/sources.yaml": "- id: b\n  type: report\n  title: Б\n",
    })
    assert code == 1
    assert "content/ru/sources.yaml" in find(lines, "content/en/sources.yaml", 1, '"a"', "not in")
    find(lines, "content/en/sources.yaml", 5, "reprot")
    find(lines, "content/en/sources.yaml", 7, "not a date")


def test_uncited_source_warns_and_strict_fails(tmp_path):
    files = {
        "content/en/sources.yaml": "- id: unused\n  type: report\n  title: Never cited\n",
        "content/ru/sources.yaml": "- id: unused\n  type: report\n  title: Не цитируется\n",
    }
    code, lines = run_check(tmp_path, files)
    assert code == 0
    find(lines, "content/en/sources.yaml", 1, "never cited")
    project = write_project(tmp_path / "strict", files)
    assert kz(project, "build", "--strict", "-f", "docx").exit_code == 1
    assert not (project / "build" / "en").exists()


def test_email_and_escaped_at_are_not_citations(tmp_path):
    code, lines = run_check(tmp_path, {
        "content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntheme: safeguards\n---\n"
                                            "Write to info@notorture.kz or follow \\@coalition.\n"})
    assert code == 0, lines


def test_month_year_dates_use_the_standalone_month_name():
    from kzreport.load.sources import month_year_literals

    months = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
              "ноябрь", "декабрь"]
    entries = [{"id": "a", "issued": {"date-parts": [[2023, 1]]}}, {"id": "b", "issued": {"date-parts": [[2023, 1, 5]]}}]
    out = month_year_literals(entries, months)
    assert out[0]["issued"] == {"literal": "январь 2023"}
    assert out[1]["issued"] == {"date-parts": [[2023, 1, 5]]}
