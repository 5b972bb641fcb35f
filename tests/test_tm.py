"""Translation memory from the project's own current pairs: fuzzy matches offered in the XLIFF export
(<alt-trans>), every current pair as TMX 1.4, and a glossary per language (checked and exported as TBX)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DETENTION, SECOND_PARAGRAPH, assert_leak_refused, copy_root, find, kz, run_check, translated_basic
from lxml import etree

from kzreport.errors import Diagnostics
from kzreport.i18n import tm
from kzreport.i18n.status import CURRENT, status
from kzreport.load.glossary import load_glossary
from kzreport.load.project import load_project

REPO = Path(__file__).resolve().parent.parent
XLF = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.fixture
def project(tmp_path):
    return translated_basic(tmp_path)


def loaded(root: Path):
    project = load_project(root, Diagnostics())
    assert project is not None
    return project


# ---- the memory

PAIRS = [tm.Pair("a", "The Committee against Torture asked for this in 2014.",
                 "Комитет против пыток просил об этом в 2014 году."),
         tm.Pair("b", "Legal safeguards", "Правовые гарантии"),
         tm.Pair("c", "Something else entirely, about prisons.", "Совсем другое, о тюрьмах.")]


def test_exact_match_is_100_and_first():
    memory = tm.Memory(PAIRS)
    found = memory.lookup("Legal   safeguards")  # whitespace does not count
    assert found[0].quality == 100 and found[0].target == "Правовые гарантии"


def test_fuzzy_match_has_its_quality_and_weak_ones_are_left_out():
    memory = tm.Memory(PAIRS)
    found = memory.lookup("The Committee against Torture asked for this in 2015.")
    assert len(found) == 1 and found[0].origin == "a"
    assert 75 <= found[0].quality < 100
    assert memory.lookup("Conditions of detention in police custody") == []  # below 75 %


def test_a_unit_is_never_its_own_match():
    memory = tm.Memory(PAIRS)
    assert memory.lookup("Legal safeguards", exclude="b") == []


def test_an_empty_text_matches_nothing():
    assert tm.Memory([tm.Pair("e", "", ""), *PAIRS]).lookup(" \n") == []


def test_memory_holds_only_current_pairs(project):
    src = project / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", "Nothing has changed.").replace(*SECOND_PARAGRAPH))
    memory = tm.memory(loaded(project), "ru")
    ids = {p.origin for p in memory.pairs}
    assert "block:safeguards/detention#body" not in ids  # stale
    assert "block:safeguards/detention#title" in ids


# ---- alt-trans in the export

def test_export_offers_matches_as_alt_trans(project, tmp_path):
    # a new block whose title is an existing title and whose text is close to an existing text
    detention = (project / DETENTION).read_text()
    body = detention.split("---\n", 2)[2]
    (project / "content/en/safeguards/detention2.md").write_text(
        "---\ntype: finding\ntitle: Registration of detention\ntheme: safeguards\npoints: [10]\n---\n"
        + body.replace("Nothing changed.", "Nothing changed at all.").replace(*SECOND_PARAGRAPH))
    xlf = tmp_path / "ru.xlf"
    result = kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf))
    assert result.exit_code == 0, result.output
    root = etree.parse(str(xlf)).getroot()
    units = {u.get("id"): u for u in root.iter(f"{XLF}trans-unit")}
    title = units["block:safeguards/detention2#title"].findall(f"{XLF}alt-trans")
    assert [a.get("match-quality") for a in title] == ["100"]
    assert title[0].findtext(f"{XLF}source") == "Registration of detention"
    assert title[0].findtext(f"{XLF}target") == "Регистрация задержания"
    body_alt = units["block:safeguards/detention2#body"].findall(f"{XLF}alt-trans")
    assert body_alt and 75 <= int(body_alt[0].get("match-quality")) < 100
    assert body_alt[0].find(f"{XLF}target") is not None and body_alt[0].find(f"{XLF}source") is not None
    # translate-toolkit (as CAT tools) reads them
    from translate.storage import xliff
    store = xliff.xlifffile.parsestring(xlf.read_bytes())
    unit = next(u for u in store.units if u.getid().endswith("detention2#title"))
    assert [str(a.target) for a in unit.getalttrans()] == ["Регистрация задержания"]
    assert not str(unit.target or "")  # a match is offered, never taken for the translation
    # and the import takes nothing from a match
    result = kz(project, "i18n", "import", str(xlf))
    assert result.exit_code == 0, result.output
    ru = project / "content/ru/safeguards/detention2.md"
    assert not ru.exists() or "Регистрация" not in ru.read_text(encoding="utf-8")


def test_a_stale_unit_is_offered_its_previous_translation(project, tmp_path):
    src = project / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", "Nothing changed since.").replace(*SECOND_PARAGRAPH))
    xlf = tmp_path / "ru.xlf"
    assert kz(project, "i18n", "export", "-l", "ru", "-o", str(xlf)).exit_code == 0
    unit = next(u for u in etree.parse(str(xlf)).getroot().iter(f"{XLF}trans-unit")
                if u.get("id") == "block:safeguards/detention#body")
    alt = unit.findall(f"{XLF}alt-trans")
    assert alt and 75 <= int(alt[0].get("match-quality")) < 100
    assert "Nothing changed." in alt[0].findtext(f"{XLF}source")


# ---- TMX

def tmx_pairs(path: Path) -> list[tuple[str, str, str]]:
    from translate.storage import tmx
    store = tmx.tmxfile.parsestring(path.read_bytes())
    return [(u.getid(), u.source, u.target) for u in store.units]


def test_tmx_carries_every_current_pair(project, tmp_path):
    src = project / DETENTION
    src.write_text(src.read_text().replace("Nothing changed.", "Nothing has changed."))  # one stale unit
    out = tmp_path / "ru.tmx"
    result = kz(project, "i18n", "tmx", "-l", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    current = {st.unit.id: st.unit for st in status(loaded(project), "ru") if st.state == CURRENT}
    pairs = tmx_pairs(out)
    assert len(pairs) == len(current) and f"{len(current)}" in result.output
    for tuid, source, target in pairs:
        assert (source, target) == (current[tuid].source, current[tuid].target)
    assert "block:safeguards/detention#body" not in {p[0] for p in pairs}
    root = etree.parse(str(out)).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("srclang", "adminlang", "segtype", "o-tmf", "creationtool", "creationtoolversion", "datatype"):
        assert header.get(attr), attr
    assert header.get("srclang") == "en-GB"
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")}
    assert langs == {"en-GB", "ru-RU"}
    # Markdown travels as text: a citation is in the segment as typed
    assert any("[@law-157]" in s for _, s, _ in pairs)


def test_tmx_of_the_shipped_content(tmp_path):
    out = tmp_path / "ru.tmx"
    result = kz(REPO, "i18n", "tmx", "-l", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    current = [st for st in status(loaded(REPO), "ru") if st.state == CURRENT]
    assert len(tmx_pairs(out)) == len(current) > 300


def test_tmx_to_a_place_that_cannot_be_written(project, tmp_path):
    (tmp_path / "file").write_text("x")
    result = kz(project, "i18n", "tmx", "-l", "ru", "-o", str(tmp_path / "file" / "ru.tmx"))
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output


def test_tmx_refuses_the_source_language(project, tmp_path):
    result = kz(project, "i18n", "tmx", "-l", "en", "-o", str(tmp_path / "x.tmx"))
    assert result.exit_code == 2 and "Traceback" not in result.output


# ---- TMX for translators outside the organisation: what a public build prints, and the leak guard

TMX_REAL_NAMES = ("Mikhail", "Kazantsev", "Михаил", "Казанцев", "Секретов", "Secretova")


def safety_tmx_project(tmp_path: Path) -> Path:
    """The safety root (an anonymised and a confidential case), every translation current."""
    project = copy_root("safety", tmp_path / "project")
    assert kz(project, "i18n", "done", "-l", "ru", "--all").exit_code == 0
    return project


def test_tmx_leaves_out_confidential_cases(tmp_path):
    project = safety_tmx_project(tmp_path)
    out = tmp_path / "ru.tmx"
    result = kz(project, "i18n", "tmx", "-l", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    pairs = tmx_pairs(out)
    assert not [p for p in pairs if p[0].startswith("block:cases/confidential")]
    text = out.read_text(encoding="utf-8")
    for words in ("A confidential story", "threatened after she complained", "Конфиденциальная история", "угрожали"):
        assert words not in text, words
    assert "Children are questioned without lawyers." in text  # the rest of the memory is there


def test_tmx_carries_pseudonyms_instead_of_protected_names(tmp_path):
    project = safety_tmx_project(tmp_path)
    out = tmp_path / "ru.tmx"
    result = kz(project, "i18n", "tmx", "-l", "ru", "-o", str(out))
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    text = out.read_text(encoding="utf-8")
    for name in TMX_REAL_NAMES:
        assert name not in text, name
    pairs = {tuid: (source, target) for tuid, source, target in tmx_pairs(out)}
    source, target = pairs["block:cases/anonymised#title"]
    assert source == "The case of M. K., aged 15" and "М. К." in target  # each language its own pseudonym
    source, target = pairs["block:cases/anonymised#body"]
    assert "the police questioned M. K. for hours" in source and "допрашивала М. К." in target
    # inside the organisation, only when asked, and it says whose names the file carries
    internal = tmp_path / "internal.tmx"
    result = kz(project, "i18n", "tmx", "-l", "ru", "-o", str(internal), "--internal")
    assert result.exit_code == 0, result.output
    assert "carries the real names protected by the case(s) cases/anonymised, cases/confidential" in result.output
    assert "Mikhail Kazantsev" in internal.read_text(encoding="utf-8")
    assert "Aigerim Secretova" in internal.read_text(encoding="utf-8")


def test_tmx_is_refused_if_a_name_escapes_the_pseudonym(tmp_path, monkeypatch):
    from kzreport.safety.disclosure import Anonymiser

    project = safety_tmx_project(tmp_path)
    monkeypatch.setattr(Anonymiser, "__call__", lambda self, text: text)  # an anonymiser that misses every name
    out = tmp_path / "ru.tmx"
    result = kz(project, "i18n", "tmx", "-l", "ru", "-o", str(out))
    assert_leak_refused(result, out, "TMX", TMX_REAL_NAMES)


def test_tmx_is_refused_under_a_protected_name(tmp_path):
    project = safety_tmx_project(tmp_path)
    out = tmp_path / "kazantsev.tmx"
    result = kz(project, "i18n", "tmx", "-l", "ru", "-o", str(out))
    assert result.exit_code == 1 and "kazantsev.tmx: error: this file name names a person protected by the case " \
                                      "cases/anonymised" in result.output, result.output
    assert not out.exists()


# ---- glossary

GLOSSARY = "Committee against Torture: Комитет против пыток\nCriminal Procedure Code: [Уголовно-процессуальный кодекс, УПК]\n"
FINDING = "---\ntype: finding\ntitle: A finding\ntheme: safeguards\npoints: [10]\n---\n" \
          "The Committee against Torture asked for it; the Criminal Procedure Code does not.\n"


def checked(tmp_path, ru_body: str, glossary: str = GLOSSARY, *extra: str):
    files = {"content/ru/glossary.yaml": glossary, "content/en/safeguards/finding.md": FINDING,
             "content/ru/safeguards/finding.md": f"---\ntitle: Вывод\n---\n{ru_body}\n"}
    return run_check(tmp_path, files, *extra)


def test_glossary_term_missing_in_a_translation_is_a_warning(tmp_path):
    code, lines = checked(tmp_path, "Комитет просил об этом; УПК этого не требует.")
    assert code == 0
    line = find(lines, "content/ru/safeguards/finding.md", None, "Committee against Torture", "Комитет против пыток")
    assert line.endswith("[glossary-term]") and "glossary.yaml:1" in line
    assert not [ln for ln in lines if "Criminal Procedure Code" in ln]  # УПК is an accepted form


def test_glossary_allows_russian_inflection_and_any_case(tmp_path):
    code, lines = checked(tmp_path, "КОМИТЕТОМ против пыток это было запрошено; уголовно-процессуального кодекса нет.")
    assert code == 0 and not [ln for ln in lines if "glossary-term" in ln], lines


def test_glossary_is_a_silenceable_warning_and_strict_error(tmp_path):
    code, _ = checked(tmp_path, "Комитет просил об этом; УПК нет.", GLOSSARY, "--strict")
    assert code == 1
    project = tmp_path / "p"
    config = project / "kzreport.yaml"
    config.write_text(config.read_text() + "silence: [glossary-term]\n")
    assert kz(project, "check", "--strict").exit_code == 0


def test_glossary_export_without_a_glossary(tmp_path):
    project = copy_root("basic", tmp_path)
    result = kz(project, "i18n", "glossary", "-l", "ru", "-o", str(tmp_path / "ru.tbx"))
    assert result.exit_code == 1 and "content/ru/glossary.yaml" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("glossary, line, words", [
    ("- Committee against Torture\n", 1, ("mapping",)),
    ("Committee against Torture: Комитет против пыток\nCAT: [1, yes]\n", 2, ("CAT",)),
    ("Committee against Torture:\n", 1, ("Committee against Torture",)),
])
def test_glossary_mistakes_are_located(tmp_path, glossary, line, words):
    code, lines = checked(tmp_path, "Комитет против пыток; Уголовно-процессуальный кодекс.", glossary)
    assert code == 1
    find(lines, "content/ru/glossary.yaml", line, *words)


def test_glossary_is_not_a_strings_file(tmp_path):
    code, lines = checked(tmp_path, "Комитет против пыток; Уголовно-процессуальный кодекс.")
    assert code == 0 and not [ln for ln in lines if "glossary" in ln], lines


def test_glossary_export_as_tbx(tmp_path):
    from translate.storage import tbx
    project = copy_root("basic", tmp_path)
    (project / "content/ru/glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    out = tmp_path / "ru.tbx"
    result = kz(project, "i18n", "glossary", "-l", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    store = tbx.tbxfile.parsestring(out.read_bytes())
    assert [(u.source, u.target) for u in store.units] == [
        ("Committee against Torture", "Комитет против пыток"),
        ("Criminal Procedure Code", "Уголовно-процессуальный кодекс")]
    text = out.read_text(encoding="utf-8")
    assert 'xml:lang="en-GB"' in text and 'xml:lang="ru-RU"' in text and "УПК" in text  # every accepted form


def test_shipped_glossary_raises_no_warning():
    from kzreport.checks import translations

    assert (REPO / "content/ru/glossary.yaml").is_file()
    diags = Diagnostics()
    translations.check_glossary(loaded(REPO), diags)
    assert [d.format() for d in diags] == []
    terms = load_glossary(loaded(REPO).layout, "ru", Diagnostics())
    assert {"Committee against Torture", "National Preventive Mechanism"} <= {t.source for t in terms}


def test_anonymised_export_offers_nothing_from_confidential_cases_and_no_protected_name(project, tmp_path):
    case = project / "content/en/safeguards/case-a.md"
    case.write_text("---\ntype: case\ntitle: A case\ntheme: safeguards\ndisclosure: anonymised\npseudonym: A. B.\n"
                    "protect: [Arman Bekov, Арман Беков]\n---\n"
                    "Arman Bekov was questioned without a lawyer for five hours at the police station.\n")
    (project / "content/ru/safeguards/case-a.md").write_text(
        "---\ntitle: Дело\n---\nАрмана Бекова допрашивали без адвоката пять часов в отделе полиции.\n")
    secret = "The detainee was held in a cell without a window or a bed for nine days in March."
    (project / "content/en/safeguards/case-c.md").write_text(
        f"---\ntype: case\ntitle: Secret\ntheme: safeguards\ndisclosure: confidential\n"
        f"protect: [Nurlan Serikov]\n---\n{secret} Nurlan Serikov.\n")
    (project / "content/ru/safeguards/case-c.md").write_text(
        "---\ntitle: Тайна\n---\nЗадержанного держали в камере без окна и кровати девять дней в марте. Nurlan Serikov.\n")
    assert kz(project, "i18n", "done", "--all").exit_code == 0
    (project / "content/en/safeguards/new.md").write_text(
        "---\ntype: finding\ntitle: New\ntheme: safeguards\n---\n"
        + secret.replace("nine", "ten") + "\n")
    case.write_text(case.read_text().replace("five hours", "six hours"))  # stale: its own translation is offered
    plain, anon = tmp_path / "ru.xlf", tmp_path / "ru-anon.xlf"
    assert kz(project, "i18n", "export", "-l", "ru", "-o", str(plain)).exit_code == 0
    assert "без окна" in plain.read_text(encoding="utf-8")  # inside the organisation: every match
    result = kz(project, "i18n", "export", "-l", "ru", "--anonymised", "-o", str(anon))
    assert result.exit_code == 0, result.output
    text = anon.read_text(encoding="utf-8")
    assert "без окна" not in text and "Serikov" not in text  # nothing from the confidential case
    assert "Bekov" not in text and "Беков" not in text
    alt = text.split("<alt-trans", 1)[1]
    assert "A. B. was questioned without a lawyer for five hours" in alt and "A. B. допрашивали" in alt


def test_glossary_export_refuses_a_term_that_names_a_protected_person(tmp_path):
    # the TBX carries no case text, but nothing else keeps a name out of the glossary
    project = copy_root("safety", tmp_path / "project")
    glossary = project / "content/ru/glossary.yaml"
    glossary.write_text(GLOSSARY + "Mikhail Kazantsev: Михаил Казанцев\n", encoding="utf-8")
    out = tmp_path / "ru.tbx"
    result = kz(project, "i18n", "glossary", "-l", "ru", "-o", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "content/ru/glossary.yaml:3: error: this term names a person protected by the case cases/anonymised" \
           in result.output and not out.exists()
    for name in ("Kazantsev", "Казанцев"):
        assert name not in result.output
    glossary.write_text(GLOSSARY, encoding="utf-8")
    assert kz(project, "i18n", "glossary", "-l", "ru", "-o", str(out)).exit_code == 0 and out.exists()
