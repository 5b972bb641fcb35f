"""Citations become footnotes: full, Ibid., full, short + see note N above, Ibid. with locator."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from helpers import find, footnotes_docx, kz, pdf_text, run_check, write_project

from kzreport.checks.citations import find_citations
from kzreport.convert.tools import pandoc_path

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


# Written the way drafters write them, and the ways pandoc reads an @ (each is a paragraph of its own).
PANDOC_READS = ["see[@co.x]", "a (@co.org)", "x;@co.x", "a -@co.x", "a x.@co.org", '"@co.x"', "[@cpc,art.128]",
                "[@cpc;@co]", "[@co:]", "text@co", "mail first_last@example.org now", "mail a.b@example.org",
                "mail ab-@x.org", "mail ab_@x.org", "w_@co.x", "é@co.x", "ж@co", "1@co", "x@@co",
                "https://medium.com/@user/post", "<info@x.org>", "[x](mailto:a@b.c)", "a,@co", "a!@co",
                "(see @co, p. 5)", "x @Иванов2020 y", "[@{co.x}]", "[@{a b}]", "@co-x", "@co--x", "[-@co]",
                "\\@co", "`@co`", "[@co.x.]"]


def test_citations_are_found_where_pandoc_finds_them():
    """check (unknown sources) and the build (which sources a document gets) see the citations pandoc
    sees: one it missed printed "co?" in a footnote, one it invented would be an error in check."""
    rule = "\n\n* * *\n\n"
    result = subprocess.run([pandoc_path(), "-f", "markdown", "-t", "json"], input=rule.join(PANDOC_READS),
                            capture_output=True, text=True, check=True)
    per_snippet: list[list[str]] = [[]]
    for block in json.loads(result.stdout)["blocks"]:
        if block["t"] == "HorizontalRule":
            per_snippet.append([])
        else:
            per_snippet[-1] += re.findall(r'"citationId": "((?:[^"\\]|\\.)*)"', json.dumps(block, ensure_ascii=False))
    assert len(per_snippet) == len(PANDOC_READS)
    for snippet, pandoc_ids in zip(PANDOC_READS, per_snippet, strict=True):
        assert [c.id for c in find_citations(snippet, 1)] == pandoc_ids, snippet


def test_citation_written_without_spaces_is_printed_and_checked(tmp_path):
    files = {"content/en/safeguards/finding.md": "---\ntype: finding\ntitle: T\ntheme: safeguards\n---\n"
                                                "Cited without spaces.see[@real,p.5] And (@nosuch).\n",
             "content/en/sources.yaml": "- id: real\n  type: report\n  title: A real report\n",
             "content/ru/sources.yaml": "- id: real\n  type: report\n  title: Настоящий доклад\n"}
    code, lines = run_check(tmp_path / "check", files)
    assert code == 1
    find(lines, "content/en/safeguards/finding.md", 6, '"@nosuch"')
    assert not [line for line in lines if '"@real"' in line]
    files["content/en/safeguards/finding.md"] = files["content/en/safeguards/finding.md"].replace(" And (@nosuch).", "")
    project = write_project(tmp_path / "build", files)
    assert kz(project, "build", "-f", "docx", "--lang", "en").exit_code == 0
    notes = footnotes_docx(project / "build" / "en" / "r.docx")
    assert any(note.startswith("A real report") and "p. 5" in note for note in notes), notes
    assert not [note for note in notes if "?" in note], notes


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
