"""How protected names are found however they are written (kzreport/safety/names.py): unit tests that
run in milliseconds, without building anything."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzreport.safety.fold import fast_fold, fold
from kzreport.safety.names import Matcher, protected_name


def matcher(*names: str) -> Matcher:
    return Matcher(n for n in (protected_name(name, "cases/x", "M. K.", i) for i, name in enumerate(names, 1)) if n)


KAZANTSEV = matcher("Mikhail Kazantsev", "Михаил Казанцев")


@pytest.mark.parametrize("text", [
    "Kazantsev", "KAZANTSEV", "kazantsev", "Kazantsev's", "Kazantsev2022", "https://x.org/kazantsev2022",
    "Kazаntsev",  # Cyrillic а
    "Kаzаntsеv",  # three Cyrillic letters
    "Kazan\u200btsev", "Kazan\u00adtsev", "Kazan\u2060tsev", "Kazan\ufefftsev", "Ka\u200dzantsev", "\u202eKazantsev",
    "Kazan*tsev*", "**Kazan**tsev", "Kazan~~tsev~~", "Kazan[tsev]{.x}", "Kaz`antsev`",
    "Ｋａｚａｎｔｓｅｖ",  # fullwidth
    "Mikhail\u00a0Kazantsev", "Mikhail\nKazantsev", "Mikhail  Kazantsev",
    "Казанцев", "Казанцева", "Казанцеву", "Казанцевым", "Казанцеве", "Казанцевой", "казанцевы", "КАЗАНЦЕВА",
    "Казанцевқа", "Казанцевтің",  # Kazakh suffixes
    "Кaзанцев",  # Latin a in a Cyrillic name
    "Михаила Казанцева", "Михаилу Казанцеву",
    "Казан\u0301цев",  # a stress mark
    "id=kazantsev&x=1", "2022kazantsev",
])
def test_found(text):
    assert KAZANTSEV.search(text) is not None, text
    assert KAZANTSEV.find_all(text), text


@pytest.mark.parametrize("text", [
    "Kazan", "Kazakhstan", "the Kazan court", "Михаил", "Mikhail",  # a first name alone is not protected
    "Казань", "казанский", "xkazantsev"[1:3],
])
def test_not_found(text):
    assert KAZANTSEV.search(text) is None, text


@pytest.mark.parametrize("name,found,ordinary", [
    ("Ли", ["Ли", "ЛИ", "Ли,"], ["Знает ли суд", "ли", "Лиза", "Лион"]),  # the surname Ли and the particle «ли»
    ("Роман Ким", ["Роман Ким", "Ким", "Киму", "Кима"], ["роман о жизни", "Кимберли", "ким"]),
    ("Li", ["Li", "LI"], ["li", "Lima", "lion"]),
])
def test_short_and_common_words_match_strictly(name, found, ordinary):
    m = matcher(name)
    for text in found:
        assert m.search(text) is not None, text
    for text in ordinary:
        assert m.search(text) is None, text


@pytest.mark.parametrize("name,forms", [
    ("Павел Смирнов", ["Павла Смирнова", "Павлу Смирнову", "Павлом Смирновым", "Павле Смирнове", "Смирнову"]),
    ("Анна Бейспиль", ["Анны Бейспиль", "Анне Бейспиль", "Анну Бейспиль", "Анной Бейспиль", "Бейспиль"]),
    ("Лев Ахметов", ["Льва Ахметова", "Льву Ахметову", "Ахметовым"]),
    ("Пётр Иванов", ["Петра Иванова", "Петр Иванов", "Ивановым"]),
    ("Айгерим Секретова", ["Айгерим Секретовой", "Секретову", "Секретовой"]),
    ("Нұрлан Назаров", ["Нурлан Назаров", "Нұрланға Назаровқа", "Назаровро", "Назаровтың"]),
    ("Ro'ziyev", ["Ro‘ziyev", "Roʻziyev", "Ro’ziyev", "Roziyev"]),
    ("Алёна Ким-Ли", ["Алена Ким-Ли", "Алёна Ким Ли", "Алёна Ким–Ли"]),
    ("Jean-Luc Kazantsev", ["Jean Luc Kazantsev", "Jean‑Luc Kazantsev"]),
    ("Кім Ли", ["Ким Ли", "Кiм Ли"]),  # Kazakh і, Latin i
])
def test_forms(name, forms):
    m = matcher(name)
    for text in forms:
        assert m.search(text) is not None, (name, text)


def test_anna_does_not_match_unrelated_words():
    m = matcher("Анна Бейспиль")
    assert m.search("аннотация, анналы, Ann Arbor") is None


def test_a_protect_list_item_per_name_and_the_surname_alone():
    pn = protected_name("Mikhail Kazantsev", "cases/x", index=1)
    assert pn is not None and pn.surname is not None and pn.surname.word == "Kazantsev"
    assert protected_name("Kazantsev", "cases/x").surname is None  # type: ignore[union-attr]
    assert protected_name("  ", "cases/x") is None


@pytest.mark.parametrize("text,expected", [
    ("On 8 January Mikhail Kazantsev was questioned.", "On 8 January M. K. was questioned."),
    ("Михаила Казанцева допрашивали.", "M. K. допрашивали."),
    ("Kazantsev's hands", "M. K.'s hands"),
    ("Kazan*tsev* was there", "M. K. was there"),
    ("*Kazan*tsev was there", "M. K. was there"),
    ("[a link](https://x.org/kazantsev)", "[a link](https://x.org/M. K.)"),
    ("Знает ли суд о Казанцеве?", "Знает ли суд о M. K.?"),
])
def test_replacement(text, expected):
    assert KAZANTSEV.replace(text, {"cases/x": "M. K."}) == expected


@pytest.mark.parametrize("text", ["Kazan\u200btsev é\u0301 Й ё ﬁ Ｋ", "a  b\u00a0\u00a0c—d", "Кiм Кaзанцев x", ""])
def test_fold_keeps_track_of_positions(text):
    folded = fold(text)
    assert folded.text == fast_fold(text)
    assert len(folded.origin) == len(folded.text)
    assert list(folded.origin) == sorted(folded.origin)


# Characters in the Latin and Cyrillic blocks that are no letters ("×", "÷", "҂"), beside a letter of the
# other script: the guard once stopped with a traceback on "3×в" (it took "×" for the start of a word).
@pytest.mark.parametrize("text,name", [
    ("камера 3×в метра", None), ("5÷b", None), ("҂a", None), ("a×б", None), ("3×Казанцев", "Казанцев"),
    ("Kazantsev×б", "Kazantsev"), ("×Кaзанцев", "Кaзанцев"),
])
def test_fold_takes_no_sign_for_a_letter(text, name):
    assert fold(text).text == fast_fold(text)
    assert [m.found for m in KAZANTSEV.find_all(text)] == ([name] if name else [])


@settings(derandomize=True, max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "aceopxyKHMTBз кazntsvКазнцвәқңөұүһіӘҚ×÷҂ʼ’'-–—*_[]{}\u200b\u00ad\u0301\u00a0\n\t3"
    "ᵨⴑ\u1c8c\u0488ẞﬁⅪ①\u2009\u202f\x1e\x1fᴠɑı\u3164"), max_size=30))
def test_fold_of_any_text(text):
    """Both folds agree, and they never fail, on any mix of scripts, signs and invisible characters."""
    for joined in (False, True):
        folded = fold(text, joined)
        assert folded.text == fast_fold(text, joined)
        assert len(folded.origin) == len(folded.text)
    # what the whole joined skeleton shows, the search (which joins only around the joins) finds too
    if any(True for _ in KAZANTSEV._matches(fast_fold(text, True))):
        assert KAZANTSEV.search(text) is not None
    KAZANTSEV.replace(text, {"cases/x": "M. K."})


# Found by a red team (issue 11): each was printed as written.
@pytest.mark.parametrize("listed,text,found", [
    ("Олег Цой", "Later Tsoi complained.", "Tsoi"),
    ("Ирина Югай", "Irina Yugaj complained.", "Irina Yugaj"),
    ("Дмитрий Березовский", "Dmitry Berezovsky complained.", "Dmitry Berezovsky"),
    ("Юрий Нуржанов", "Yuri Nurzhanov complained.", "Yuri Nurzhanov"),
    ("Сергей Нуржанов", "Sergei Nurzhanov complained.", "Sergei Nurzhanov"),
    ("Нұрлан Шарипов", "Later Şaripov complained.", "Şaripov"),
    ("Mikhail Kazantsev", "Later Kazantseᴠ complained.", "Kazantseᴠ"),
    ("Mikhail Kazantsev", "Later Kaᴢantsev complained.", "Kaᴢantsev"),
    ("Mikhail Kazantsev", "Later Kɑzɑntsev complained.", "Kɑzɑntsev"),
    ("Mikhail Kazantsev", "Later Kazantseѵ complained.", "Kazantseѵ"),
    ("Михаил Казанцев", "Позже Казаʜцеʙа отпустили.", "Казаʜцеʙа"),
    ("Timur Ismailov", "Later Ismaılov complained.", "Ismaılov"),
    ("Mikhail Kazantsev", "Later Kazan\U0001BCA1tsev complained.", "Kazan\U0001BCA1tsev"),
    ("Mikhail Kazantsev", "Later Kazan\u3164tsev complained.", "Kazan\u3164tsev"),
    ("Mikhail Kazantsev", "Later Kazan\U0001D167tsev complained.", "Kazan\U0001D167tsev"),
    ("Mikhail Kazantsev", "Later Kazan-tsev complained.", "Kazan-tsev"),
    ("Mikhail Kazantsev", "Later Kazan\u2011tsev complained.", "Kazan\u2011tsev"),
    ("Михаил Казанцев", "Позже Казан-\nцева отпустили.", "Казан-\nцева"),
    ("Mikhail Kazantsev", "They wrote #KazantsevFamily.", "KazantsevFamily"),
    ("Mikhail Kazantsev", "See kazantsevjustice.org.", "kazantsevjustice"),
    ("Михаил Казанцев", "Казанцевтердің отбасы.", "Казанцевтердің"),
    ("Erlan Nurov", "They wrote #FreeNurov.", "Nurov"),
    ("Ян Ли", "Li's lawyer was not told.", "Li"),
    ("Anna Petrova-Vodkina", "Ms Petrova-Vodkina complained.", "Petrova-Vodkina"),
    ("Anna Petrova-Vodkina", "Ms Petrova complained.", "Petrova"),
    # the second red team
    ("Mikhail Kazantsev", "He shouted „K a z a n t s e v“.", "K a z a n t s e v"),
    ("Михаил Казанцев", "Кричал: «К а з а н ц е в!»", "К а з а н ц е в"),
    ("Mikhail Kazantsev", "Later Kazan\u00a0tsev complained.", "Kazan\u00a0tsev"),
    ("Mikhail Kazantsev", "Later \u13e6azantsev complained.", "\u13e6azantsev"),
    ("Mikhail Kazantsev", "The list said ꓗꓮꓜꓮꓠꓔꓢꓰꓦ.", "ꓗꓮꓜꓮꓠꓔꓢꓰꓦ"),
    ("Михаил Казанцев", "Позже Ꮶазанцева отпустили.", "Ꮶазанцева"),
    ("Mikhail Kazantsev", "Later Kazantseʋ complained.", "Kazantseʋ"),
    ("Ерлан Рахметов", "В списке: PAXMETOB.", "PAXMETOB"),
    ("Ерлан Рахметов", "В журнале — PAXMETOВ.", "PAXMETOВ"),
    ("Ismail Iskakov", "The register reads ӀSKAKOV.", "ӀSKAKOV"),
    ("Роман Ким", "Кимге көмектесіңдер!", "Кимге"),
    ("Роман Ким", "Kimnin densauly.", "Kimnin"),
    ("Марат Жумабаев", "Later Zhumabayev complained.", "Zhumabayev"),
    ("Рустам Алиев", "Rustam Aliyev was detained.", "Rustam Aliyev"),
    ("Евгений Ильин", "Yevgeny Ilyin was detained.", "Yevgeny Ilyin"),
    # the third: names listed in Latin, written in Cyrillic or another Latin spelling
    ("Rustam Aliyev", "Рустама Алиева задержали.", "Рустама Алиева"),
    ("Serik Tokayev", "Серика Токаева задержали.", "Серика Токаева"),
    ("Tsoi", "Цоя задержали.", "Цоя"),
    ("Kassymov", "Касымова задержали.", "Касымова"),
    ("Yevgeny Orlov", "Evgeny Orlov was detained.", "Evgeny Orlov"),
    ("Yerlan Bekov", "Erlan Bekov was detained.", "Erlan Bekov"),
    ("Жақсылықов", "Jaqsylyqov was detained.", "Jaqsylyqov"),
    ("Айгуль Серикова", "Айгүл Серикову задержали.", "Айгүл Серикову"),
    ("Erlan Nurov", "They wrote #nurovfamily.", "nurovfamily"),  # any letters may follow
    ("Erlan Nurov", "Нуровро", "Нуровро"),
    # the fourth: names the dictionary does not know as names, surname first, endings making other words
    ("Мира", "Следователь допросил Миру дважды.", "Миру"),
    ("Мира", "С Мирой никто не говорил.", "Мирой"),
    ("Игорь Шин", "Игоря Шина задержали ночью.", "Игоря Шина"),
    ("Игорь Шин", "Шину угрожали.", "Шину"),
    ("Шин Игорь", "Позже Шин сказал.", "Шин"),
    ("Ким", "Братья Кимы задержаны.", "Кимы"),
    ("Ким", "Семья Кимов.", "Кимов"),
    ("Алма", "Алманы ұрды.", "Алманы"),
    ("Камила", "Камиламен сөйлескен жоқ.", "Камиламен"),
    ("Ли", "Лиден көмек сұрады.", "Лиден"),  # (not Лиге: the Russian word лига's, see below)
    ("Мира Ким", "Миру Ким задержали ночью.", "Миру Ким"),
    ("Mikhail Kazantsev", "The Kazantsevsky case.", "Kazantsevsky"),  # a long name's adjective names it
    ("Нурлан Назаров", "«Назаровқа адвокат берілді»", "Назаровқа"),  # though Назаровка is a village
    # the fifth: the surname of a name written surname first, strict names in hashtags, -жан
    ("Тажибаева Айым", "Тажибаеву избили в отделе полиции.", "Тажибаеву"),
    ("Ким Толкын", "Госпожа Ким заявила.", "Ким"),
    ("Пак Арайлым", "Задержанная Пак сообщила.", "Пак"),
    ("Ирина Югай", "Later Yugai complained.", "Yugai"),  # Ирина ends like a surname, but is a given name
    ("Канат", "The campaign #FreeKanat.", "Kanat"),
    ("Канат", "Кампания #СвободуКанату.", "Канату"),
    ("Дана", "Данажан келді.", "Данажан"),
])
def test_red_team_spellings(listed, text, found):
    assert [m.found for m in matcher(listed).find_all(text)] == [found]


@pytest.mark.parametrize("listed,text", [
    ("Пётр Орлов", "в Петропавловске"),  # a short form: a few letters may follow, not a whole word
    ("Erlan Nurov", "freenurov"),  # inside a word only where a capital starts it
    ("Ян Ли", "Lisa, ли, Лиса"),
    ("Виктор Ан", "Анна и Лина"),  # a short name with a Kazakh ending that makes a name of its own
    ("Марат Саид", "The officer said that."),  # the Latin spelling is an English word: strictly
    ("Айдос Ахмет", "Судья Ахметова и прокурор Ахметов; Judge Akhmetova"),  # other people's surnames
    # the third: a short name with letters after it that are no ending, or make a place
    ("Асыл", "give all asylum-seekers; Asylum-seekers"),
    ("Алма", "near Almaty; в Алматы"),
    ("Сара", "in Saran; в Сарани"),
    ("Choi", "Democratic Choice; a lawyer of their choice"),
    ("Хан", "Hans, Hant"),
    ("Тен", "Tennis was played."),
    ("Жана", "Zhanat Zhumabaev; Жанат"),  # another person's given name
    ("Алма", "Almas Mukashev"),
    ("Шин Игорь", "Защищал адвокат Игорь Петров."),  # the first name alone is not protected
    ("Алма", "Алмалинский районный суд; Almalinsky district"),  # an adjective of a place
    ("Дана Ахметова", "Судья Асель Ахметовна Нурланова."),  # a patronymic, not the surname
    ("Тимур Алиев", "Заира Алиевна Омарова."),
    ("Марат", "Ерлан Маратұлы и Айгерим Маратқызы."),
    # the eighth: a short name with a Kazakh ending that makes a Russian word (Ли + га: «Лига»)
    ("Ирина Ли", "ОО «Лига феминисток»; в Лиге; Лидер движения"),
    ("Виктор Пак", "статья 7 Пакта; в Пакте; Тендер"),
    ("Олег Тен", "Тендер объявлен."),
    # a woman's surname is not her brother's (the dictionary declines both as one word)
    ("Асель Жумабаева", "начальник полиции Жанат Жумабаев; Zhanat Zhumabaev"),
    ("Наталья Кузнецова", "профсоюз кузнецов; Лебедев"),
    ("Мария Козлова", "ищут «козлов отпущения»"),
    # a long surname at the end of another surname (Кожахметов), not written into a word on purpose
    ("Ерлан Ахметов", "Nurlan Kozhakhmetov; Нурлан Кожахметов; Махметов, Shayakhmetov, KOZHAKHMETOV"),
    ("Бахыт Сеитов", "Aizat Abilseitova; Абильсеитова"),
    ("Асан Усенов", "Kuanysh Dyusenov"),
    # a rarer spelling that is an English word is no spelling of the name (Белов's German "Below")
    ("Сергей Белов", "Children Below the Age of Criminal Responsibility. Below are the findings."),
    # the seventh: another person's surname made of a listed name (Ахмет + жан + ов)
    ("Ерлан Ахмет", "Prosecutor Akhmetzhanov refused; deputy Akhmetbekova and Ахметбекова answered."),
    ("Нурлан Сапар", "Judge Sapargaliyev and Сапаргалиев, investigator Saparbekov."),
    ("Ерлан Асан", "Asanbayev, Асанбаев, Asankulov and Асанкулов testified."),
    # "son of" alone is no name: an avenue in Astana
    ("Бауыржан Сапар ұлы", "ИВС на проспекте Ұлы Дала переполнен; on Uly Dala Avenue."),
    # the ninth: Latin words of legal English; a patronymic is still no name
    ("Алия", "The Committee recommended, inter alia, that interrogations be recorded; an alias."),
    ("Марат Петров", "Ольга Петровна, Ивана Петровича; Olga Petrovna, Ivan Petrovich."),
    # the tenth: an English word that begins with a Latin spelling of the surname; an English -off word
    ("Олег Машин", "The State machinery and its voting machines; Machines."),
    ("Олег Маркин", "The marking of detainees' clothing; Parking fines."),
    ("Иван Банкин", "Banking secrecy hides the money."),
    ("Олег Рунов", "Observers were barred from the presidential runoff; a tip-off."),
    # the eleventh: forms of an ordinary word in lower case (with й, which a skeleton writes и), a district
    # named after someone, -тық nouns, the currency, a digit of a number, a rarer English word
    ("Олег Машин", "сажают в служебную машину; номера машины; в машине; машинально; a machinist"),
    ("Павел Дубин", "избивали резиновой дубинкой, дубинкой и дубинками"),
    ("Олег Бойко", "заключённые объявили бойкот администрации"),
    ("Мухтар Ауэзов", "Приговор вынес Ауэзовский районный суд г. Алматы; the Auezov District Court."),
    ("Наурызбай", "Жалобу рассмотрел Наурызбайский районный суд г. Алматы."),
    ("Азат", "Radio Azattyq (https://rus.azattyq.org/a/1.html); Радио Азаттык; «Азаттық» радиосы; азаттыққа."),
    ("Светлана Тен", "The court awarded him 2,000,000 Tenge; | Тенге |"),
    ("Азамат Омар", "| 20марта 2022 г. | задержание |; 20Mar2023"),
])
def test_red_team_fixes_raise_no_false_alarm(listed, text):
    assert matcher(listed).find_all(text) == []


@pytest.mark.parametrize("listed,found,ordinary", [
    ("Peter Ward", "Ward's lawyer", "the wards of a hospital; the warden"),
    ("Anna Hill", "HILL", "the hills"),
    ("Jane Bell", "Bell said", "the bell rang"),
])
def test_english_word_surnames_match_strictly(listed, found, ordinary):
    assert matcher(listed).find_all(found) and not matcher(listed).find_all(ordinary)


@pytest.mark.parametrize("script,library", [("make_english_words", "spellchecker"),
                                            ("make_look_alikes", "confusable_homoglyphs")])
def test_the_shipped_data_is_what_its_script_makes(script, library):
    """kzreport/data/english-common-words.txt and look-alikes.txt are what scripts/make_*.py make of the
    pinned libraries (test dependencies): regenerate them after changing either."""
    pytest.importorskip(library, reason=f"{library}, a test dependency (pyproject.toml), is not installed")
    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    module = __import__(script)
    assert module.OUT.read_text(encoding="utf-8") == module.text()


@pytest.mark.parametrize("listed,text,expected", [
    ("Mikhail Kazantsev", "Mikhail Petrovich Kazantsev was held.", "M. K. was held."),
    ("Mikhail Kazantsev", "His brother Mikhail (Misha) Kazantsev was held.", "His brother M. K. was held."),
    ("Михаил Казанцев", "Михаила Петровича Казанцева допрашивали.", "M. K. допрашивали."),
    ("Михаил Казанцев", "Казанцев Михаил Петрович задержан.", "M. K. задержан."),
    ("Михаил Петрович Казанцев", "Михаил Казанцев задержан.", "M. K. задержан."),
    ("Mikhail Kazantsev", "It was Kazantsev.", "It was M. K."),  # not "M. K.."
    ("Mikhail Kazantsev", "Mikhail met Kazantsev.", "Mikhail met M. K."),  # another word between them
    # found by a seventh red team: an initial or a nickname in quotation marks between the names
    ("Mikhail Kazantsev", "Mikhail P. Kazantsev was held.", "M. K. was held."),
    ("Михаил Казанцев", "Михаил «Миша» Казанцев задержан.", "M. K. задержан."),
    ("Mikhail Kazantsev", "Mikhail “Misha” Kazantsev was held.", "M. K. was held."),
    # a Kazakh patronymic written apart is part of the surname (Сапарұлы), in the text too
    ("Бауыржан Сапарұлы", "Сапар ұлы Бауыржан жаловался.", "M. K. жаловался."),
    # in any order, with a footnote between the names, run together in an address
    ("Mikhail Kazantsev", "Kazantsev, Mikhail was there", "M. K. was there"),
    ("Казанцев Михаил", "Михаил Казанцев был там", "M. K. был там"),
    ("Mikhail Kazantsev", "Chokan Kazantsev's", "Chokan M. K.'s"),
    ("Mikhail Kazantsev", "Mikhail^[A note.] Kazantsev was there", "M. K.^[A note.] was there"),
    ("Mikhail Kazantsev", "https://example.org/v/MikhailKazantsev2021", "https://example.org/v/M. K."),
    # the ninth: a footnote or a link right after the name is kept, not taken as the name's ending
    ("Mikhail Kazantsev", "According to Kazantsev^[Interview, 2021.] he was beaten.",
     "According to M. K.^[Interview, 2021.] he was beaten."),
    ("Mikhail Kazantsev", "Kazantsev's^[Interview, 2021.] father complained.",
     "M. K.'s^[Interview, 2021.] father complained."),
    ("Mikhail Kazantsev", "Then Kazantsev^[Note.] was beaten.", "Then M. K.^[Note.] was beaten."),
    ("Mikhail Kazantsev", "According to Kazantsev[^1] he was beaten.", "According to M. K.[^1] he was beaten."),
    ("Mikhail Kazantsev", "[Kazantsev][ref] was beaten.", "[M. K.][ref] was beaten."),
    ("Михаил Казанцев", "По словам Казанцева^[Интервью, 2021 г.], его били.",
     "По словам M. K.^[Интервью, 2021 г.], его били."),
])
def test_a_full_name_is_replaced_whole(listed, text, expected):
    """The first name and patronymic go with the surname: "Mikhail Petrovich M. K." names him."""
    assert matcher(listed).replace(text, {"cases/x": "M. K."}) == expected


@pytest.mark.parametrize("name", ["Kazan-tsev", "K a z a n t s e v", "Kazan\u00a0tsev", "Mikhail Kazan-\ntsev"])
def test_a_joined_name_is_found_in_a_long_text(name):
    """The search joins only around each join: far from the text's start and between other joins."""
    text = "A follow-up visit, well-known. " * 300 + name + " was held." + " в\u00a0суде" * 300
    assert KAZANTSEV.search(text) is not None
    assert "M. K. was held" in KAZANTSEV.replace(text, {"cases/x": "M. K."})


def test_matching_is_fast_enough_for_whole_documents():
    import time

    text = ("Суд отказал в удовлетворении жалобы заявителя, сославшись на отсутствие доказательств. " * 3000)
    start = time.perf_counter()
    assert KAZANTSEV.search(text) is None
    assert time.perf_counter() - start < 1.0  # about 30 ms here for 270 KB


@pytest.mark.parametrize("listed,written", [
    ("Казанцев", ["Kazantsev", "Kazancev", "KAZANTSEV's"]),  # a name listed in Cyrillic, written in Latin
    ("Хасанов", ["Khasanov", "Hasanov", "Xasanov"]),
    ("Жанна Ахметова", ["Zhanna Akhmetova", "Akhmetova", "Ахметовой"]),
    ("Андрей Сергеев", ["Andrey Sergeev", "Andrei Sergeev", "Andrej Sergeev"]),
    ("Kazantsev", ["Казанцев", "Казанцева", "Казанцеву"]),  # listed in Latin, written in Russian
    ("Mikhail Kazantsev", ["Михаила Казанцева"]),
])
def test_the_other_script(listed, written):
    m = matcher(listed)
    for text in written:
        assert m.search(text) is not None, (listed, text)


@pytest.mark.parametrize("listed,forms", [
    ("Хасанова", ["Хасановой", "Хасанову"]),  # surnames the dictionary does not know, declined by analogy
    ("Бейсенова", ["Бейсеновой", "Бейсенову"]),
    ("Жумабекская", ["Жумабекской", "Жумабекскую"]),
    ("Жумабекский", ["Жумабекского", "Жумабекскому"]),
])
def test_unknown_surnames_are_declined(listed, forms):
    m = matcher(listed)
    for text in forms:
        assert m.search(text) is not None, (listed, text)


@pytest.mark.parametrize("listed,text", [
    ("Mikhail Kazantsev", "#FreeKazantsev"), ("Mikhail Kazantsev", "https://example.org/freekazantsev"),
    ("Михаил Казанцев", "#СвободуКазанцеву"), ("Mikhail Kazantsev", "#text[Kazantsev]"),
    ("Вадим Назарбеков", "BAДИM HAЗAPБEKOB"), ("Chokan Korbosynov", "Сhоkаn Kоrbоsynоv"),
])
def test_inside_words_and_upper_case_look_alikes(listed, text):
    assert matcher(listed).find_all(text), (listed, text)


@pytest.mark.parametrize("listed,ordinary", [
    ("Пётр", "В Петропавловске"), ("Павел", "в Павлодаре"), ("Иван Мороз", "держали на морозе, от мороза"),
    ("Иван Волк", "человек человеку волк"), ("Roman", "посвятил пыткам роман; в романе; Times New Roman"[:36]),
    ("Yerlan Almatov", "суды Алматы"),
])
def test_false_alarm_traps(listed, ordinary):
    assert matcher(listed).search(ordinary) is None, (listed, ordinary)


def test_common_word_names_in_capitals_are_still_found():
    assert matcher("Иван Волк").search("Позже Волка перевели")
    assert matcher("Иван Мороз").search("Позже Мороза избили")


def test_a_name_in_a_grid_table_keeps_the_columns():
    """A grid table's columns are where its borders are: the pseudonym is padded to the name's width
    (a seventh red team found the row merged into one cell, the table broken)."""
    table = ("+--------------------+------------+\n| Person             | Event      |\n"
             "+====================+============+\n| Kazantsev          | questioned |\n"
             "| Mikhail Kazantsev's| mother     |\n+--------------------+------------+\n")
    out = KAZANTSEV.replace(table, {"cases/x": "M. K."})
    assert [len(line) for line in out.splitlines()] == [len(line) for line in table.splitlines()]
    assert "| M. K.              | questioned |" in out and "| M. K.'s            | mother     |" in out


@pytest.mark.parametrize("listed,text,found", [
    ("Ерлан Ахмет", "Ахметке, Ахметтің хаты.", ["Ахметке", "Ахметтің"]),  # Kazakh endings are the name
    ("Ерлан Қуанышев", "Erlan Qýanyshev; Qýanyshevke hat berildi.", ["Erlan Qýanyshev", "Qýanyshevke"]),  # Latin 2018
    ("Сәуле Әуезова", "Sáýle Áýezova; ÁÝEZOVA.", ["Sáýle Áýezova", "ÁÝEZOVA"]),
    ("Бақытжан Сағынтаев", "Бахытжан Сагинтаев избит; Сагинтаева перевели.", ["Бахытжан Сагинтаев", "Сагинтаева"]),
    ("Ғалымжан Тоқтаров", "Galymzhan Tokhtarov; Тохтарова.", ["Galymzhan Tokhtarov", "Тохтарова"]),
    ("Иван Кравец", "С Кравцом, у Кравца.", ["Кравцом", "Кравца"]),  # the vowel that drops
    ("Павел Журавель", "Журавля перевели.", ["Журавля"]),
    ("Олег Швец", "Со Швецом.", ["Швецом"]),
    ("Михаил Казанцев", "Michail Kasanzew; Kazancew.", ["Michail Kasanzew", "Kazancew"]),  # German, Polish
    ("Юлия Чернышова", "Ioulia Tchernychova; Julija Tschernyschowa.", ["Ioulia Tchernychova", "Julija Tschernyschowa"]),
    ("Бауыржан Сапар ұлы", "Later Sapar uly was released; Saparuly was summoned.", ["Sapar uly", "Saparuly"]),
    # the eighth
    ("Роман Заяц", "Zayats complained; Заяц пожаловался; адвокат Зайца.", ["Zayats", "Заяц", "Зайца"]),
    ("Богдан Ткач", "Ткача избили.", ["Ткача"]),  # Роман, Богдан are surnames too, but given names first
    ("Сергей Белов", "the Belovs were summoned; the page BelovFamily.", ["Belovs", "BelovFamily"]),
    ("Наталья Кузнецова", "the Kuznetsovs received threats; Кузнецовых.", ["Kuznetsovs", "Кузнецовых"]),
    ("Марат Касымов", "Marat Kassymov was detained; Kassymov's lawyer.", ["Marat Kassymov", "Kassymov"]),
    ("Касым-Жомарт Токаев", "Tokajew, Tokaïev.", ["Tokajew", "Tokaïev"]),
    ("Михаил Казанцев", "#freekazantsev example.org/freekazantsev #FreeKazantsev", ["kazantsev", "kazantsev", "Kazantsev"]),
    # the ninth: a word after the name that begins like a patronymic's ending (-evna, -evich) is no patronymic
    ("Михаил Казанцев", "#FreeKazantsevNow, KazantsevNews, freekazantsevnow.org",
     ["KazantsevNow", "KazantsevNews", "kazantsevnow"]),
    # Polish (ł, and е after a consonant as "ie"), French (г before е and и as "gu", -ий as -i, -ов as -off),
    # Czech and scholarly (ž, š, č, šč) press spellings
    ("Сергей Петров", "Siergiej Pietrow; Pietrowa.", ["Siergiej Pietrow", "Pietrowa"]),
    ("Владимир Лавров", "Władimir Ławrow; Ławrow's lawyer.", ["Władimir Ławrow", "Ławrow"]),
    ("Михаил Казанцев", "Michaił Kazancew; Kazantseff.", ["Michaił Kazancew", "Kazantseff"]),
    ("Николай Соколов", "Nikołaj Sokołow; Nicolas Sokoloff.", ["Nikołaj Sokołow", "Sokoloff"]),
    ("Сергей Петров", "Sergueï Petrov", ["Sergueï Petrov"]),
    ("Юрий Петров", "Iouri Petrov", ["Iouri Petrov"]),
    ("Геннадий Смирнов", "Guennadi Smirnov", ["Guennadi Smirnov"]),
    ("Жанна Жакупова", "Žanna Žakupova", ["Žanna Žakupova"]),
    ("Игорь Щукин", "The Slovak press wrote about Ščukin.", ["Ščukin"]),
    # a scanned paper read by a machine: the digit 3 for З, 0 for О
    ("Зарина Зайцева", "3арину 3айцеву избили. Позже 3айцева подала жалобу.", ["3арину 3айцеву", "3айцева"]),
    ("Нурлан Омаров", "0маров обратился в суд.", ["0маров"]),
    # letters with a stroke or a hook that Unicode does not take apart; enclosed letters; dots between letters
    ("Михаил Казанцев", "Kaƶantsev, Kaȥantsev, Ƙazantsev, Ⱪazantsev",
     ["Kaƶantsev", "Kaȥantsev", "Ƙazantsev", "Ⱪazantsev"]),
    ("Михаил Казанцев", "🅺🅰🆉🅰🅽🆃🆂🅴🆅 and ⒦⒜⒵⒜⒩⒯⒮⒠⒱", ["🅺🅰🆉🅰🅽🆃🆂🅴🆅", "⒦⒜⒵⒜⒩⒯⒮⒠⒱"]),
    ("Михаил Казанцев", "K.a.z.a.n.t.s.e.v was held.", ["K.a.z.a.n.t.s.e.v"]),
    # the tenth: other marks between the letters, Cyrillic letters with a hook, 6 for б, Kasanzeff,
    # GOST 7.79 (ц as cz), Turkish (ж as c), Ukrainian (г as h) spellings
    ("Михаил Казанцев", "K·a·z·a·n·t·s·e·v; K. a. z. a. n. t. s. e. v. was held.",
     ["K·a·z·a·n·t·s·e·v", "K. a. z. a. n. t. s. e. v"]),
    ("Михаил Казанцев", "Ҡазанцев, Ӄазанцев", ["Ҡазанцев", "Ӄазанцев"]),
    ("Бахыт Абенов", "А6енов обратился в суд.", ["А6енов"]),
    ("Михаил Казанцев", "Kasanzeff; Kazanczev M.", ["Kasanzeff", "Kazanczev"]),
    ("Серик Жумабаев", "The Turkish agency wrote Serik Cumabayev.", ["Serik Cumabayev"]),
    ("Михаил Горбачёв", "Horbachov", ["Horbachov"]),
    # the eleventh's rules leave the name: a form that is also an ordinary word, written with a capital;
    # the Kazakh genitive (not -тық); the surname before any other word
    ("Олег Машин", "Машину избили; Олега Машина задержали.", ["Машину", "Олега Машина"]),
    ("Азат", "Азаттың ісі қаралды; Azattyn isi.", ["Азаттың", "Azattyn"]),
    ("Михаил Казанцев", "#KazantsevTikTok, kazantsevtiktok.com", ["KazantsevTikTok", "kazantsevtiktok"]),
    ("Мухтар Ауэзов", "Ауэзов районному прокурору не писал; Ауэзова избили.", ["Ауэзов", "Ауэзова"]),
])
def test_more_ways_of_writing_a_name(listed, text, found):
    assert [m.found for m in matcher(listed).find_all(text)] == found



# The thirteenth red team (2026-12-07): common names that are, or are inside, ordinary words. Each is
# protected on its own and in a full name, as drafters list them.
@pytest.mark.parametrize("listed,ordinary", [
    # a long form with letters after it that make a word of the dictionary, no form of the name
    ("Олег Арестов", "арестованного предпринимателя"), ("Олег Арестов", "был арестован; арестовать"),
    ("Олег Арестов", "Арестованных доставили в ИВС"),
    ("Кирилл Ключев", "ключевое слово; ключевого звена"), ("Кирилл", "фамилия написана кириллицей"),
    ("Иван Голосов", "голосование; проголосовали"), ("Иван Штурмов", "штурмовали здание"),
    ("Иван Садов", "садовый участок"), ("Иван Боев", "Боевые патроны применялись"),
    # the name's letters inside a word of the dictionary
    ("Иван Тестов", "протестовавших; опротестовать"), ("Анишин", "organising"),
    # another person's name made of a given name: a surname (-ов, -ев), a compound given name
    ("Абай Тасбулатов", "Прокурор Абаев отказал"), ("Темир", "следователь Темиров"),
    ("Жулдыз", "Жулдызов"), ("Куаныш", "Куанышев"), ("Алия", "Алиев"),
    ("Марат", "Прокурор Маратбек Исаев"), ("Кайрат", "Кайратбек, Kairatbek"), ("Ерлан", "Ерланбай"),
    ("Ай", "Айжан, Aizhan, Aidar, Айдар"), ("Нур", "Нуржан, Nurzhan"),
    # places: hyphenated place names, a street, an avenue, a region named after someone
    ("Султан Жакупов", "Nur-Sultan; в Нур-Султане; Nur Sultan"), ("Алма", "Alma-Ata Declaration"),
    ("Алма", "Алма-Атинской декларации"), ("Хан", "Khan Tengri; пика Хан-Тенгри"),
    ("Абай", "Abay region; Abai Avenue; Abai Street"), ("Абай", "области Абай; проспекте Абая; ул. Абая"),
    ("Адилет", "https://adilet.zan.kz/rus/docs/K1400000226; ИПС «Әділет»"),
    ("Адилет", "Кодекс (https://adilet.zan.kz/rus-docs/K1400000226)"),  # (a dash between letters: the joined look)
    ("Абай", "в микрорайоне Абая; улица Абая, 10; Абая көшесі; Абай даңғылы"),
])
def test_thirteenth_round_ordinary_words(listed, ordinary):
    assert matcher(listed).find_all(ordinary) == [], (listed, ordinary)


@pytest.mark.parametrize("listed,text,found", [
    # the same names, where they are the person
    ("Олег Арестов", "Арестов, Арестова, Арестову; Олега Арестова; #FreeArestov; Арестовқа",
     ["Арестов", "Арестова", "Арестову", "Олега Арестова", "Arestov", "Арестовқа"]),
    ("Кирилл Ключев", "С Ключевым; КЛЮЧЕВ; Klyuchev's", ["Ключевым", "КЛЮЧЕВ", "Klyuchev"]),
    ("Иван Боев", "Боевы; Боеву; Ивана Боева", ["Боевы", "Боеву", "Ивана Боева"]),
    ("Иван Тестов", "#freetestov; testov2022", ["testov", "testov2022"]),
    ("Абай", "Абаем, Абайға, Абая избили", ["Абаем", "Абайға", "Абая"]),
    ("Абай", "на улице Абая избили", ["Абая"]),  # «на улице»: outdoors, as much as the street's name
    ("Темир", "Темиру, Темира", ["Темиру", "Темира"]),
    ("Марат", "Марату, Маратқа, Маратжан", ["Марату", "Маратқа", "Маратжан"]),  # (-жан: an endearment)
    ("Султан", "Султану; Sultan said", ["Султану", "Sultan"]),
    ("Алма", "Алме, Алмаға", ["Алме", "Алмаға"]),
    ("Адилет", "Адилету; adilet2022; https://example.org/adilet", ["Адилету", "adilet2022", "adilet"]),
    ("Ай", "Ай избили; Айға, Айдан, Ayga", ["Ай", "Айға", "Айдан", "Ayga"]),  # (Aiga is a given name in Latvia)
    # what the rules for places and other names must not let through: a victim is no street's namesake
    ("Михаил Казанцев", "ул. Казанцева; проспекте Казанцева; Kazantsev Street; Kazantsev region",
     ["Казанцева", "Казанцева", "Kazantsev", "Kazantsev"]),
    ("Михаил Казанцев", "Kazantsevbek, Казанцевхан", ["Kazantsevbek", "Казанцевхан"]),
])
def test_thirteenth_round_the_name_is_still_found(listed, text, found):
    assert [m.found for m in matcher(listed).find_all(text)] == found


def test_initials_in_a_listed_name_are_no_surnames():
    """The twelfth red team: "A. K. Kazbekov" protected "A." and "K." on their own, and every other case's
    pseudonym ("M. K.") was refused."""
    m = matcher("A. K. Kazbekov", "А. К. Казбеков")
    assert [w.word for n in m.names for w in n.surnames] == ["Kazbekov", "Казбеков"]
    assert m.search("the case of M. K., aged 15; дело М. К.") is None
    assert [x.found for x in m.find_all("A. K. Kazbekov; Kazbekov; Казбекова")] == ["A. K. Kazbekov", "Kazbekov", "Казбекова"]


# The fourteenth red team (2026-12-07) attacked the thirteenth's rules: each published a name.
@pytest.mark.parametrize("listed,text,found", [
    ("Alma", "Alma attended; officers beat Alma at night, and Alma ate nothing", ["Alma", "Alma", "Alma"]),
    ("Ainur Sultanova", "Ainur Sultanova was beaten", ["Ainur Sultanova"]),
    ("Айнур Султанова", "Айнур Султанову избили", ["Айнур Султанову"]),
    ("Серик Нурсултанов", "Нурсултанов; Серика Нурсултанова", ["Нурсултанов", "Серика Нурсултанова"]),
    ("Нурсултан", "Нурсултана избили; Nursultan was beaten", ["Нурсултана", "Nursultan"]),
    ("Гульнара Нур-Султанова", "Гульнару Нур-Султанову задержали", ["Гульнару Нур-Султанову"]),
    ("Gulnara Nur-Sultanova", "Gulnara Nur-Sultanova was detained", ["Gulnara Nur-Sultanova"]),
    ("Айгуль Ахметова", "Akhmetova Street residents; ул. Ахметова", ["Akhmetova", "Ахметова"]),
    ("Абай", "Он жил в этой области. Абая избили.", ["Абая"]),
    ("Abai", "Abai squarely blamed them; Abai streetside", ["Abai", "Abai"]),
    ("Олег Титов", "Титовқа қатысты тергеу", ["Титовқа"]),
    ("Ирина Арестова", "полиция Арестованы ұрып-соқпаған", ["Арестованы"]),
    ("Олег Митин", "Митинге хабарланды", ["Митинге"]),
    ("Игорь Югай", "Семья Югаев подала жалобу", ["Югаев"]),
])
def test_fourteenth_round_the_name_is_found(listed, text, found):
    assert [m.found for m in matcher(listed).find_all(text)] == found


# The fifteenth red team (2026-12-07): the fourteenth's rules still let these through, or raised these alarms.
@pytest.mark.parametrize("listed,text,found", [
    ("Abai", "the officer looked Abai square in the eye", ["Abai"]),
    ("Абай", "Его избивали, угрожали и пр. Абая доставили в ИВС", ["Абая"]),
    ("Олег Шевченко", "в выделении жилой площади Шевченко отказали; пер. Шевченко", ["Шевченко", "Шевченко"]),
    ("Нурали", "Полицейлер Нұралины ұрды; Politseiler Nuraliny urdy", ["Нұралины", "Nuraliny"]),
])
def test_fifteenth_round_the_name_is_found(listed, text, found):
    assert [m.found for m in matcher(listed).find_all(text)] == found


@pytest.mark.parametrize("listed,ordinary", [
    ("Adilet Seitkaziyev", "every law in the Adilet legal database; the Adilet database"),
    ("Адилет", "законы по ИС «Әділет»; информационно-правовой системы «Әділет»; в базе «Адилет»"),
])
def test_fifteenth_round_ordinary_words(listed, ordinary):
    assert matcher(listed).find_all(ordinary) == [], (listed, ordinary)


def test_a_name_written_without_its_yo_has_the_spellings_of_its_yo():
    """The sixteenth red team: Горбачев (typed with е) did not protect Gorbachyov, Горбачёв did."""
    m = matcher("Алексей Горбачев")
    assert [x.found for x in m.find_all("Gorbachyov was beaten; Gorbachov; Gorbachev")] == \
        ["Gorbachyov", "Gorbachov", "Gorbachev"]
    # (the seventeenth: the press spellings of its ё too)
    assert [x.found for x in m.find_all("Gorbatschow, Gorbatchov, Gorbaczow, Horbachov")] == \
        ["Gorbatschow", "Gorbatchov", "Gorbaczow", "Horbachov"]
    # (the eighteenth: «его дед Мороз» is his grandfather, so Дед Мороз is no exception; more press spellings)
    assert [x.found for x in matcher("Мороз").find_all("Его дед Мороз видел это")] == ["Мороз"]
    for listed, written in (("Пётр Киселёв", "Kisseljow, Kisselev, Kisseliov"), ("Пётр Киселев", "Kisseljow, Kisseliov"),
                            ("Олег Васильев", "Wassiljew, Vassiliev"), ("Ерлан Исаев", "Issajew"),
                            ("Алексей Горбачёв", "Gorbatchev, Gorbatschew, Gorbaczew, Gorbatcheff, Gorbačev, Gorbaçev")):
        assert [x.found for x in matcher(listed).find_all(written)] == written.split(", "), listed



# The nineteenth red team (2026-12-07): a Kazakh name listed in Kazakh letters and written as Russian
# texts (and the English press) spell it. (The twentieth: not the other way round, whose letters are other
# surnames' and words': Умаров is not Омаров, Рудин not «на родину».)
@pytest.mark.parametrize("listed,text,found", [
    ("Әлихан Бөкейханов", "Алихана Букейханова допрашивали; Букейханову отказали; Bukeikhanov",
     ["Алихана Букейханова", "Букейханову", "Bukeikhanov"]),
    ("Жанна Жүсіпова", "Жанна Жусупова; Zhusupova", ["Жанна Жусупова", "Zhusupova"]),
    ("Бақытжан Сағынтаев", "Бахытжан Сагинтаев; Сагинтаеву", ["Бахытжан Сагинтаев", "Сагинтаеву"]),
    ("Төлегенов", "Тулегенов; Tulegenov", ["Тулегенов", "Tulegenov"]),
    ("Өтегенов", "Утегенова", ["Утегенова"]),
    ("Әбдірахманов", "Абдрахманов; Abdrakhmanov", ["Абдрахманов", "Abdrakhmanov"]),
    ("Сәрсенбаев", "Сарсембаев", ["Сарсембаев"]),
    ("Тәңірбергенов", "Тангирбергенов", ["Тангирбергенов"]),
    ("Тілеубаев", "Тлеубаев", ["Тлеубаев"]),
    ("Ғалымжанов", "Галимжанов", ["Галимжанов"]),
    # (the twentieth: more of the spellings Russian texts have for Kazakh names)
    ("Серік Тұрсынов", "Серик Турсунов; Serik Tursunov", ["Серик Турсунов", "Serik Tursunov"]),
    ("Айгүл Жақыпова", "Айгуль Жакупову; Zhakupova", ["Айгуль Жакупову", "Zhakupova"]),
    ("Болат Жұмабаев", "Болата Джумабаева; Bolat Dzhumabayev", ["Болата Джумабаева", "Bolat Dzhumabayev"]),
    ("Дүйсенов", "Дюсенова", ["Дюсенова"]), ("Ыбыраев", "Ибраев", ["Ибраев"]),
    ("Құсайынова", "Кусаинова", ["Кусаинова"]), ("Мұхаметжанов", "Мухамеджанов", ["Мухамеджанов"]),
])
def test_nineteenth_round_kazakh_and_russian_spellings(listed, text, found):
    assert [m.found for m in matcher(*listed.split(", ")).find_all(text)] == found


@pytest.mark.parametrize("listed,text,expected", [
    # a given name and patronymic, without the surname, is how Russian speakers name a person politely
    ("Михаил Петрович Казанцев", "Позже Михаил Петрович рассказал; Михаилу Петровичу не дали врача.",
     "Позже M. K. рассказал; M. K. не дали врача."),
    ("Mikhail Petrovich Kazantsev", "Later Mikhail Petrovich said so.", "Later M. K. said so."),
    # a pet name right before the surname goes with it ("Миша М. К." told who he is)
    ("Михаил Казанцев", "Друзья зовут его Миша Казанцев; Мише Казанцеву было 15 лет.",
     "Друзья зовут его M. K.; M. K. было 15 лет."),
    ("Mikhail Kazantsev", "Misha Kazantsev was 15.", "M. K. was 15."),
    ("Mikhail Kazantsev", "The Kazantsev family; Case Kazantsev.", "The M. K. family; Case M. K."),
])
def test_nineteenth_round_what_names_him_is_replaced(listed, text, expected):
    assert matcher(listed).replace(text, {"cases/x": "M. K."}) == expected


def test_nineteenth_round_given_name_and_patronymic_are_found():
    assert [m.found for m in matcher("Айгерим Нурлановна Секретова").find_all(
        "Айгерим Нурлановна рассказала нам; Айгерим рассказала; Нурлановна")] == ["Айгерим Нурлановна"]


@pytest.mark.parametrize("listed,text", [
    ("Ivan Petrov", "Judge Ivan Petrovich Sidorov dismissed the complaint."),
    ("Иван Петров", "Судья Сидоров Иван Петрович отклонил жалобу; Ивана Петровича Сидорова"),
    ("Ерлан Ахметов", "Ерлан Ахметович Нурланов"),
])
def test_nineteenth_round_a_patronymic_made_of_the_surname_is_another_person(listed, text):
    assert matcher(listed).find_all(text) == []


@pytest.mark.parametrize("listed,ordinary", [
    ("Иван Ключев", "Ни одна из ключевых рекомендаций не выполнена; ключевым вопросом"),
    ("Мария Чернова", "В черновой редакции законопроекта; в черновых вариантах"),
    ("Мария Боева", "стреляли боевыми патронами, и ни один боевой патрон"),
    ("Анна Мирова", "на мировой арене"),
])
def test_nineteenth_round_forms_that_are_adjectives(listed, ordinary):
    assert matcher(listed).find_all(ordinary) == []
    assert matcher(listed).find_all(ordinary.title())  # written with a capital, it is the name


@pytest.mark.parametrize("listed,ordinary", [
    ("Азамат", "Әрбір Қазақстан азаматы әділ сотқа құқылы. Азаматтардың құқықтары бұзылды."),
    ("Әділ", "Әркім әділ сотқа құқылы."),
    ("Бақыт", "бақытты өмір"), ("Мерей", "мерейтой"),
    ("Виктор Кан", "после событий «Қанды Қаңтар»; Qandy Qantar; Қаңтар оқиғалары"),
    ("Анна Герман", "The German Embassy raised it; a German NGO; Germans"),
    ("Ян", "on 5 Jan. 2022"), ("Август", "in August 2022"),
])
def test_nineteenth_round_kazakh_words_and_capitalised_english(listed, ordinary):
    assert matcher(listed).find_all(ordinary) == []


def test_nineteenth_round_those_names_are_still_found():
    assert [m.found for m in matcher("Азамат").find_all("Азамат избит; Азаматты ұрды")] == ["Азамат", "Азаматты"]
    assert [m.found for m in matcher("Анна Герман").find_all("Anna German; Анна Герман; Германа")] == \
        ["Anna German", "Анна Герман", "Германа"]
    assert [m.found for m in matcher("Виктор Кан").find_all("Кан избит; Канға")] == ["Кан", "Канға"]


@pytest.mark.parametrize("listed,ordinary", [
    ("Irina Khan, Ирина Хан", "the police department on Abylai Khan Avenue; Ablai Khan University; "
                              "Kenesary Khan; проспект Абылай хана"),
    ("Abai, Абай", "Студентов КазНПУ имени Абая задержали; students of the Abai Kazakh National Pedagogical University"),
    ("Mukhtar Auezov, Мухтар Ауэзов", "ЮКУ им. М. Ауэзова; Auezov South Kazakhstan University"),
    ("Каныш Сатпаев", "КазНИТУ имени К. И. Сатпаева"),
])
def test_nineteenth_round_eponyms_of_institutions(listed, ordinary):
    assert matcher(*listed.split(", ")).find_all(ordinary) == []


def test_nineteenth_round_eponym_rules_leave_the_person():
    assert [m.found for m in matcher("Ирина Хан").find_all("Хан избита; Ирина Хан")] == ["Хан", "Ирина Хан"]
    assert [m.found for m in matcher("Абай").find_all("Абая избили; Abai was beaten")] == ["Абая", "Abai"]


def test_nineteenth_round_a_public_name_of_the_same_surname_is_not_the_person():
    """An official who shares the victim's surname, listed in the case's public-names:, is printed; the
    surname alone, or a public name that is the protected name itself, still is the victim."""
    public = ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев")
    m = Matcher([protected_name("Erbolat Tokayev", "cases/x", "E. T.", 1, public=public),  # type: ignore[list-item]
                 protected_name("Ерболат Токаев", "cases/x", "Е. Т.", 2, public=public)])
    text = ("President Kassym-Jomart Tokayev announced a reform; Президент Касым-Жомарт Токаев; Касым-Жомарта Токаева; "
            "Tokayev was beaten; Erbolat Tokayev")
    assert [x.found for x in m.find_all(text)] == ["Tokayev", "Erbolat Tokayev"]
    m = Matcher([protected_name("Erbolat Tokayev", "cases/x", "E. T.", 1,  # type: ignore[list-item]
                                public=("Tokayev", "Erbolat Tokayev"))])
    assert [x.found for x in m.find_all("Tokayev; Erbolat Tokayev")] == ["Tokayev", "Erbolat Tokayev"]


@pytest.mark.parametrize("listed,ordinary", [
    ("Ерлан Умаров, Yerlan Umarov", "Судья Омаров отклонил жалобу; Judge Omarov dismissed it; омаров"),
    ("Ерлан Булатов", "Прокурор Болатов отказал"), ("Ерлан Кумаров", "Камеры не защищены от комаров; Komarov"),
    ("Сергей Рудин", "Лиц, которых выдают на родину; его выдали на родину"),
    ("Анна Битова", "Жертвы бытовой агрессии и бытовых конфликтов"), ("Сергей Буев", "стреляли боевыми патронами"),
    ("Ерлан Усен", "С осени 2022 года"), ("Ерлан Хаким", "Неясно, каким образом"),
    ("Ерлан Тулеу", "өтемақы төлеуге міндетті"), ("Ерлан Бахыт", "адамның бақытын, бақыттың өзін"),
    ("Урал, Ural", "Oral statements by NGOs; в г. Орал"), ("Алсу, Alsu", "Also, the Committee asked"),
])
def test_twentieth_round_no_spelling_of_the_other_way_round(listed, ordinary):
    assert matcher(*listed.split(", ")).find_all(ordinary) == []


@pytest.mark.parametrize("listed,text,found", [
    ("Igor Li", 'campaigned online (#FreeLi) and under "#FreeLi"; |#FreeLi|; Twitter:#FreeLi',
     ["Li", "Li", "Li", "Li"]),
    ("Игорь Ли", "кампанию в сети («#СвободуЛи»)", ["Ли"]),
    ("Igor Kim", "the hashtags #FreeKimNow, #KimFamily and #KimIgor; #FREEKIM; The Kims have left",
     ["Kim", "Kim", "KimIgor", "KIM", "Kims"]),
    ("Игорь Ким", "хештеги #КимИгорь и #СвободуКимуСейчас", ["КимИгорь", "Киму"]),
    ("Roman", "Roman was beaten; Roman, 14", ["Roman", "Roman"]),
])
def test_twentieth_round_short_names_in_hashtags_and_joined(listed, text, found):
    assert [m.found for m in matcher(listed).find_all(text)] == found


@pytest.mark.parametrize("listed,ordinary", [
    ("Igor Kim", "#KIMFAMILY; #NOLIMITS"), ("Вадим Ли", "#ПОЛИТИКА; ПОЛИТИКА; Политика"), ("Roman", "lowerRoman"),
])
def test_twentieth_round_short_names_not_in_words(listed, ordinary):
    assert matcher(listed).find_all(ordinary) == []


def test_twentieth_round_on_behalf_of_and_a_region_are_no_eponyms():
    text = ("Адвокат подал жалобу от имени Шевченко. В Карагандинской области Шевченко задержали; по имени Шевченко; "
            "университет имени Шевченко; область Абай")
    assert [m.found for m in matcher("Олег Шевченко").find_all(text)] == ["Шевченко", "Шевченко", "Шевченко"]
    assert matcher("Абай").find_all("в области Абай; Abai Region; Жамбыл облысы") == []


def test_twentieth_round_a_short_name_before_a_capital_only_in_a_hashtag():
    """The capital after a short name (#FreeKimNow) once let /MarkInfo, a word of every PDF, name Марк."""
    assert matcher("Марк").find_all("<< /MarkInfo << /Marked true >> /Type /Catalog >>") == []
    assert [m.found for m in matcher("Марк").find_all("#FreeMarkNow; Mark was beaten")] == ["Mark", "Mark"]


# The twenty-first red team (2026-12-07).
@pytest.mark.parametrize("listed,text,found", [
    ("Ерлан Сатпаев", "никто не помог им. Сатпаев подал жалобу", ["Сатпаев"]),
    ("Igor Kim", "#FreeKim2022 and #JusticeForKim; «#СвободуКиму2022»", ["Kim", "Kim", "Киму"]),
    ("Ерлан Ілиясов", "Так, Ерлан Ильясов провёл; Ильясов Е.", ["Ерлан Ильясов", "Ильясов"]),
    ("Мұрат Әуезов", "Ауэзов М. отказался", ["Ауэзов"]), ("Шоқан Шоқанов", "Чоканов", ["Чоканов"]),
    ("Қожахметов", "Ходжахметов", ["Ходжахметов"]),
    ("Ләззат Тұрсынова", "Ляззат Турсунову допрашивали", ["Ляззат Турсунову"]),
])
def test_twenty_first_round_the_name_is_found(listed, text, found):
    assert [m.found for m in matcher(listed).find_all(text)] == found


@pytest.mark.parametrize("listed,ordinary", [
    ("Ерлан Қадыров, Yerlan Kadyrov", "Из-за нехватки кадров нет юристов, а кадровых решений не принимает; отдел кадров"),
    ("Ыбырай Жақыпов, Ыбырай", "надзиратели бьют их, убирая камеры; убираю"),
    ("Кәрім", "карма, карме"), ("Өмір", "Я умру"),
])
def test_twenty_first_round_ordinary_words(listed, ordinary):
    assert matcher(*listed.split(", ")).find_all(ordinary) == []


def test_twenty_first_round_public_names_and_pet_names():
    public = ("Igor Kazantsev", "Игорь Казанцев")
    m = Matcher([protected_name("Mikhail Kazantsev", "cases/x", "M. K.", 1, public=public)])  # type: ignore[list-item]
    assert [x.found for x in m.find_all("Kazantsev, Igor Sidorov and two other men; Igor Kazantsev, an official")] == \
        ["Kazantsev"]
    m = Matcher([protected_name("Михаил Казанцев", "cases/x", "M. K.", 1, public=public)])  # type: ignore[list-item]
    assert [x.found for x in m.find_all("с Игорем Казанцев познакомился; Игорь Казанцев, чиновник; Игоря Казанцева")] \
        == ["Казанцев"]
    m = matcher("Михаил Казанцев")
    assert m.replace("Его мать, Ольга Казанцева, подала жалобу; Анне Казанцев показал; Миша Казанцев",
                     {"cases/x": "M. K."}) == "Его мать, Ольга M. K., подала жалобу; Анне M. K. показал; M. K."


def test_twenty_second_round_apostrophes_and_words_a_short_name_begins():
    m = matcher("Dilnoza Ro'ziyeva")
    text = "Dilnoza Ro´ziyeva was detained. Ro‛ziyeva; Ro‵ziyeva; Roꞌziyeva; Roˊziyeva"
    assert [x.found for x in m.find_all(text)] == ["Dilnoza Ro´ziyeva", "Ro‛ziyeva", "Ro‵ziyeva", "Roꞌziyeva",
                                                   "Roˊziyeva"]
    assert matcher("Sergei Li").find_all("Linen was changed; Bedding and Linen") == []
    assert matcher("Ни").find_all("Nida said so") == []
    assert [x.found for x in matcher("Sergei Li").find_all("Linen; Lidin")] == ["Lidin"]


# The twenty-third red team (2026-12-07).
@pytest.mark.parametrize("listed,text,found", [
    ("Айгуль Муканова", "угрожали им. Муканова отказалась подписывать", ["Муканова"]),
    ("Светлана Шевченко", "не поддались им. Шевченко отказалась", ["Шевченко"]),
    ("Ерлан Болат, Erlan Bolat", "the hashtags #болатқа_бостандық and #FreeBolat", ["болатқа", "Bolat"]),
    ("Ерік", "Полиция Ерікті сабақтан алып кетті", ["Ерікті"]),
    ("Igor May", "Igor May, a journalist. May, 34, was held; In 2021 May was detained; on 3 May May was",
     ["Igor May", "May", "May", "May"]),
])
def test_twenty_third_round_the_name_is_found(listed, text, found):
    assert [m.found for m in matcher(*listed.split(", ")).find_all(text)] == found


def test_twenty_third_round_institutions_and_dates_still_are_not():
    assert matcher("Айгуль Муканова").find_all("школа им. Муканова; ЮКУ им. М. Муканова; университет им. Муканова") \
        == []
    assert matcher("Igor May").find_all("on 3 May 2022; May 2022; May 15, 2021; in May the court") == []
    assert matcher("Ерік").find_all("ерікті жастар") == []


@pytest.mark.parametrize("listed,ordinary", [
    ("Ерлан Ауэзов, Ерлан Әуезов", "доставили в Ауэзовское РУП ДП г. Алматы; сотрудники Ауэзовского отдела"),
    ("Ерлан Акимов", "обращения в адрес акимов областей; по поручению акимов"),
    ("Абай Сапаров, Абай", "Митинг прошёл на пр. Абая в Алматы; пр-т Абая"),
    ("Олег Хан, Oleg Khan", "detention by Han Chinese officials; Han-Chinese officials"),
    ("Нурсултан Сапаров, Нурсултан", "Нур-Султанский городской суд; в Нур-Султанском суде; Нұр-Сұлтанда өткен митинг"),
    ("Мұхтар Сапаров, Мұхтар", "у театра имени Мухтара Ауэзова; ул. Шокана Валиханова"),
])
def test_twenty_third_round_false_alarms(listed, ordinary):
    assert matcher(*listed.split(", ")).find_all(ordinary) == []


def test_twenty_third_round_a_relative_keeps_her_given_name():
    assert matcher("Марат Ахметов").replace("His wife Madina Akhmetov complained; his father Mukhtar Akhmetov; Misha",
                                            {"cases/x": "A. B."}) == \
        "His wife Madina A. B. complained; his father Mukhtar A. B.; Misha"


# The twenty-fourth red team (2026-12-07).
@pytest.mark.parametrize("listed,text,found", [
    ("Erlan Saparov, Ерлан Сапаров", "После отчисления Сапарова Назарбаев Университет отказался; "
                                     "Ерлан Сапаров желтоқсан айында қамауға алынды", ["Сапарова", "Ерлан Сапаров"]),
    ("Igor May", "The arrest of May was not recorded. During May's interrogation; filed by May", ["May", "May", "May"]),
    ("Yevgeny Zholtovsky, Евгений Жолтовский", "The Zholtovsky court case; Жолтовский суду пояснил",
     ["Zholtovsky", "Жолтовский"]),
    ("Руслан Акимов", "«Акимовтардың үйі тінтілді»; «свободу акимову»", ["Акимовтардың", "акимову"]),
])
def test_twenty_fourth_round_the_name_is_found(listed, text, found):
    assert [m.found for m in matcher(*listed.split(", ")).find_all(text)] == found


def test_twenty_fourth_round_false_alarms():
    assert matcher("Igor May").find_all("Between May and July 2022; from January to May; May–June 2022; on 1st May") \
        == []
    assert matcher("Erlan Auezov").find_all("taken to the Auezov police department") == []
    assert matcher("Руслан Акимов").find_all("в адрес акимов областей") == []
