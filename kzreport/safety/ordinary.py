"""Whether what the matcher found is the person or something else that holds the name's letters: a form
with letters after it that make an ordinary word (арестованного for Арестов, machinery for Машин), another
person's name made of it (Маратбек, Абаев), a place named with it (Алматы, Nur-Sultan, ул. Абая), a
patronymic. Every real form of the name (forms.py) is the name, whatever these say."""

from __future__ import annotations

import re
from functools import cache

from kzreport.safety.dictionaries import (
    CAPITALISED_ENGLISH,
    MONTH_NAMES,
    MONTHS,
    NAME_TAGS,
    dictionary_word,
    english_words,
    english_words_wide,
    given_names,
    in_dictionary,
    kazakh_words,
    known_given_name,
    morph,
    with_short_i,
)
from kzreport.safety.fold import fast_fold, fold_text
from kzreport.safety.forms import (
    ENDINGS,
    INSIDE,
    KAZAKH_ENDINGS,
    KAZAKH_ENDINGS_LATIN,
    KAZAKH_PLURAL_CASES,
    KAZAKH_PLURAL_CASES_LATIN,
    KAZAKH_PLURALS,
    RUSSIAN_ENDINGS,
    RUSSIAN_ENDINGS_LATIN,
    SURNAME_LIKE,
    WordForms,
    is_patronymic,
)
from kzreport.safety.spellings import cyrillic_spelling, latin_spellings


def ordinary_word(found: str, word: WordForms, after: str = "") -> bool:
    """Whether `found` (a form of `word` with letters after it, lower case) is rather a word of its own:
    a place (Алматы for Алма, Сарань for Сара), another word the Russian or English dictionary has, or
    another person's name (Almas for Алма), not a form of the name itself. `after`: the text after it."""
    letters = "".join(c for c in found if c.isalpha())
    district = _DISTRICT.match(after)
    if district and district.group(1) and (district.group(1) != "раион" or _ADJECTIVE.search(letters)):
        return True  # the Ауэзовский районный суд, the Auezov District Court: a district named after someone
    if letters in word.forms or not letters:
        return False
    if is_patronymic(letters):
        return True  # Ахметовна, Маратұлы: someone's father's name, not the surname Ахметова or Марат
    form = max((len(f) for f in word.forms if letters.startswith(f)), default=0)
    if district and _ADJECTIVE.search(letters[form:]):
        return True  # Ауэзовское РУП, Ауэзовский суд: a district's police or court (not Жолтовский суду пояснил)
    rest = letters[form:]
    if rest == "s" and letters.isascii() and word.surname:
        return False  # a family in English: the Belovs, the Kuznetsovs (gender-guesser knows odd "names")
    if len(rest) > 2 and rest not in ENDINGS and _ANOTHER_SURNAME.search(rest) and not SURNAME_LIKE.search(word.word.lower()):
        return True  # Ахметжанов, Sapargaliyev, Asanbayev: another person's surname made of the name
    # an English word that begins like the name (machine, machinery, marking: Машин, Маркин); a rarer one,
    # unless the letters after the name are one of its endings (Markina, the Markins)
    words = english_words() if rest in ENDINGS or rest == "s" else english_words_wide()
    if letters.isascii() and any(letters[:end] in words for end in range(form + 1, len(letters) + 1)):
        return True
    if _KAZAKH_DERIVED.match(rest) and (len(rest) == 3 or rest[3:] in ENDINGS):
        return True  # Азаттық (freedom; Radio Azattyq), азаттыққа for Азат (not #KazantsevTikTok)
    if rest and rest not in _KAZAKH_ONLY and _ANOTHER_SURNAME.fullmatch(letters[form - 1:]) and \
            known_given_name(fold_text(word.word).lower()):  # (Нуралины: Нурали with a Kazakh ending)
        return True  # Абаев, Алиев for Абай, Алия (Абае, Алие + в): a surname made of a given name (not Югаев)
    if (m := _COMPOUND_NAME.match(rest)) and (not rest[m.end():] or rest[m.end():] in ENDINGS) and \
            not SURNAME_LIKE.search(word.word.lower()):
        return True  # Маратбек, Ерланбай, Kairatbek: a given name of its own, made of the name (not Kazantsevbek)
    if dictionary_word(letters) and not (rest in _KAZAKH_ONLY and rest not in _RUSSIAN):
        # (not the name with a Kazakh ending: Титовқа, Арестованы, Митинге read as Russian words once the
        # Kazakh letters are folded; a Kazakh quotation names him so)
        return True  # арестованного, ключевое, боевые: a word of the dictionary, and no form of the name
    if form >= INSIDE and letters[:form] not in word.ordinary:
        return False  # a long name with letters after it still names the person (Назаровқа, Kazantsevsky)
    if _ADJECTIVE.search(letters[form:]):
        return True  # Алмалинский (a district's court), not a person
    if letters[form:] in ENDINGS:
        # Алманы, Камиламен: the name with an ending, unless a place (Алматы) or another given name
        # (Мадина, Madina, Amanda are not Мади, Madi, Aman with an ending)
        spellings = latin_spellings(letters) if not letters.isascii() else {letters}
        return _place(letters if not letters.isascii() else cyrillic_spelling(letters, name=False)) or \
            _another_given_name(spellings, word)
    # the word, and every shorter word it begins with after the form: in "asylum-seekers" read as one
    # word (a dash inside a word is also read left out), "asylum" is the word that Асыл begins
    return any(_a_word_not_the_name(letters[:end], word) for end in range(max(form + 1, 2), len(letters) + 1))


# a surname's ending (in any case) after other letters: Ахмет + жан + ов is someone else's surname
_ANOTHER_SURNAME = re.compile(r"(?:[оеё]в|[иы]н|ov|ev|[iy]n)(?:а|у|ым|ом|ой|ою|е|ы|ых|ыми|a|u|ym|om|oy|oi|e|y|ykh|ymi|s)?$")

_KAZAKH_ONLY = frozenset([*KAZAKH_ENDINGS, *KAZAKH_ENDINGS_LATIN, *KAZAKH_PLURAL_CASES, *KAZAKH_PLURAL_CASES_LATIN])
_RUSSIAN = frozenset([*RUSSIAN_ENDINGS, *RUSSIAN_ENDINGS_LATIN])

# what makes another given name of a Kazakh one (Марат: Маратбек, Ерлан: Ерланбай; й is и in a skeleton)
_COMPOUND_NAME = re.compile("бек|ба[йи]|хан|бол|гуль|гул|bek|ba[iy]|khan|bol|gul")


def not_the_person(lower: str, start: int, end: int, joined: bool = False) -> bool:
    """Whether a match (in a lower-case skeleton) is part of something else: an ordinary word that holds
    the name's letters (протестовавших, organising), a place named with it (Nur-Sultan, Алма-Ата, Khan
    Tengri), a street, an avenue or a region named after someone (ул. Абая, проспекте Абая, Abai Avenue,
    области Абай). Not «на улице Абая»: "in the street" as much as the street's name."""
    word_start, word_end = start, end
    while word_start and lower[word_start - 1].isalpha():
        word_start -= 1
    while word_end < len(lower) and lower[word_end].isalpha():
        word_end += 1
    if word_start < start and dictionary_word(lower[word_start:word_end]):
        return True
    places = _PLACES_JOINED if joined else _PLACES  # ("Nur-Sultan" with the dash left out: "nursultan")
    if any(p.start() <= start and end <= p.end() for p in places.finditer(lower, max(0, start - 24), end + 14)):
        return True
    if _TITLE.match(lower[start:word_end]) and (before := _WORD_BEFORE.search(lower, max(0, word_start - 20),
                                                                               word_start)):
        return before.group(1) in _eponyms()  # Abylai Khan Avenue: not a person named Хан
    # (only the names streets and regions are named after, whole: a street is no way to print a victim's name)
    name = lower[start:word_end]
    if name in ("han", "хань") and _CHINESE_AFTER.match(lower, word_end):
        return True  # the Han Chinese, not a person named Хан
    if name in _REGIONS and (_REGION_BEFORE.search(lower, max(0, word_start - 10), word_start) or
                             _REGION_AFTER.match(lower, word_end)):
        return True
    return name in _eponyms() and bool(
        _PLACE_BEFORE.search(lower, max(0, word_start - 16), word_start) or _PLACE_AFTER.match(lower, word_end)
        or name.endswith(("а", "я", "ко")) and _NAMED_AFTER.search(lower, max(0, word_start - 16), word_start))


@cache
def _eponyms() -> frozenset[str]:
    """The people Kazakhstan's streets, avenues and regions are most often named after, as skeletons of
    the words a street's name has (the name, and its genitive: проспект Абая)."""
    return frozenset(fast_fold(name).lower() for name in _EPONYMS.split())


_EPONYMS = ("Абай Абая Abai Abay Абылай Абылайхана Abylai Ablai Сейфуллин Сейфуллина Seifullin Seyfullin Жандосов "
            "Жандосова Zhandosov Фурманов Фурманова Furmanov Гоголь Гоголя Gogol Пушкин Пушкина Pushkin Райымбек "
            "Райымбека Raiymbek Назарбаев Назарбаева Nazarbayev Nazarbaev Сатпаев Сатпаева Satpayev Satpaev Ауэзов "
            "Ауэзова Auezov Жамбыл Жамбыла Zhambyl Кабанбай Кабанбая Kabanbai Kabanbay Богенбай Богенбая Bogenbai "
            "Кенесары Kenesary Муканов Муканова Mukanov Байтурсынов Байтурсынова Baitursynov Валиханов Валиханова "
            "Valikhanov Момышулы Momyshuly Гагарин Гагарина Gagarin Ленин Ленина Lenin Шевченко Shevchenko Толстой "
            "Толстого Tolstoy Кунаев Кунаева Kunayev Kunaev Бокейхан Бокейхана Bokeikhan Махамбет Махамбета Makhambet "
            "Достык Dostyk Желтоксан Zheltoksan Жансугуров Жансугурова Zhansugurov")


# places whose name holds a person's (whole words; a city's case endings only: Nur-Sultanova is a woman)
_PLACE_NAMES = (r"нур султан(?:а|е|у|ом|ск\w*|да|нан|га|нын|ды)?|nur sultan(?:sk\w*)?|алма ат(?:а|ы|е|у|инск\w*)"
                r"|alma ata|alma atinsk\w*"
                r"|хан тенгри|khan tengri")
# the legal database Әділет, its address and how texts name it
_INSTITUTIONS = (r"|adilet\.zan\.kz|(?:ипс|ис|системы|системе|система|базы|базе|база) [«\"]?адилет"
                 r"|adilet (?:legal |information )?(?:database|system)")
_PLACES = re.compile(rf"(?<![^\W\d_])(?:{_PLACE_NAMES})(?![^\W\d_]){_INSTITUTIONS}")
_PLACES_JOINED = re.compile(rf"(?<![^\W\d_])(?:{_PLACE_NAMES.replace(' ', ' ?')})(?![^\W\d_]){_INSTITUTIONS}")
# the word right before a street's name (an abbreviation with its full stop), or right after it (or after
# an institution's: "Auezov South Kazakhstan University"); not the words that mean something else too
# («и пр.», etc.; «пер.», translated by; «площади», floor space; square)
_PLACE_BEFORE = re.compile(r"(?<![^\W\d_])(?:(?:ул|просп|мкр|б-р|(?<!и )пр)\.|пр[ -]?т|проспект\w*|бульвар\w*|переул\w*|"
                           r"микрора[йи]он\w*|площадь|улица) ?$")
# «университет имени Абая», «им. М. Ауэзова», «школа им. Абая»: the name in the genitive, or Шевченко, which
# has none; «им.» only with initials or after an institution (not «угрожали им. Муканова отказалась»); not
# «от имени», «по имени» (on behalf of, named)
_INSTITUTION = r"(?:университет|институт|школ|гимнази|лице|колледж|академи|театр|библиотек|парк|больниц|музе)"
_NAMED_AFTER = re.compile(r"(?<![^\W\d_])(?:(?<!от )(?<!по )имени(?: [^\W\d_]\.){0,2}|"
                          rf"(?:{_INSTITUTION}\w* им\.(?: [^\W\d_]\.){{0,2}}|им\.(?: [^\W\d_]\.){{1,2}})) ?$")
_PLACE_AFTER = re.compile(r" (?:street|st|avenue|ave|prospekt|prospect|boulevard|кошеси|дангылы"
                          r"|university|institute|academy|theatre|kazakh national|south kazakhstan|police|court|rup"
                          r"|атындагы)(?![^\W\d_])")
# the regions named after someone (Abai Region, область Абай, Жамбыл облысы): only these names
_REGIONS = frozenset({"абаи", "абая", "abai", "abay", "жамбыл", "жамбыла", "zhambyl"})
_REGION_BEFORE = re.compile(r"(?<![^\W\d_])област[ьи] ?$")
_REGION_AFTER = re.compile(r" (?:region|oblast|облысы)(?![^\W\d_])")
_WORD_BEFORE = re.compile(r"([^\W\d_]+) $")
_WORD_AFTER = re.compile(r" ([^\W\d_]+)(?![^\W\d_])")
_CHINESE_AFTER = re.compile(r"[ -](?:chinese|китай\w*)")
# a title after the name of someone streets are named after: Абылай хан, Kenesary Khan, Қабанбай батыр
_TITLE = re.compile(r"(?:хан|khan|батыр|batyr)(?:а|у|ом|е)?$")


# a noun made of a word with -тық/-дық/-лық (азаттық, freedom), and the word after a district's name
_KAZAKH_DERIVED = re.compile(r"(?:[тдл][ыи]к|[tdl][yi][kq])")
# (in Russian, after the adjective made of the name only; and a district's police or court: Ауэзовское РУП)
_DISTRICT = re.compile(r" (?:(раион|аудан|district)|(?:руп|уп|ровд|овд|рувд|увд|отдел(?:а|е|у|ом|ени[еяю])?|суд\w*|rup|"
                       r"police|court)(?![^\W\d_]))")

# an adjective made of a place or a name (Алмалинский, Kazantsevsky): a thing of it, not the person
_ADJECTIVE = re.compile(r"(?:[сц]к|sk|tsk)(?:ии|ыи|ая|ое|ие|ого|ому|им|ом|ои|ую|их|ими|iy|yi|y|aya|oye|iye|ogo)$")


@cache
def _place(cyrillic: str | None) -> bool:
    return cyrillic is not None and any(in_dictionary(p) and "Geox" in p.tag
                                        for p in morph().parse(cyrillic))  # type: ignore[attr-defined]


def _a_word_not_the_name(letters: str, word: WordForms) -> bool:
    if not letters.isascii():
        return _ordinary(letters, word) or _another_given_name(latin_spellings(letters), word)
    return letters in english_words() or _another_given_name({letters}, word) or any(
        _ordinary(c, word) for c in {cyrillic_spelling(letters), cyrillic_spelling(letters, name=False)})


def _another_given_name(spellings: set[str], word: WordForms) -> bool:
    """Whether a spelling is a given name of its own (Zhanat is not Жана with an ending): the list of
    gender-guesser, which knows Kazakh and Russian names too."""
    return any(s not in word.forms and given_names().get_gender(s) != "unknown" for s in spellings)


@cache
def given_name(word: WordForms) -> bool:
    """Whether a word of a name is a given name, by the dictionary or gender-guesser (asked only when no
    word of a full name is known as a surname: its list takes 0.2 s to load)."""
    return word.given or any(given_names().get_gender(f) not in ("unknown", "andy") for f in word.forms if f.isascii())


@cache
def _ordinary(cyrillic: str | None, word: WordForms) -> bool:
    """Whether the dictionary has `cyrillic` as a place, an ordinary word, or another person's name
    (Алмас is not Алма with an ending)."""
    return cyrillic is not None and any(
        in_dictionary(p) and ("Geox" in p.tag or not any(t in p.tag for t in NAME_TAGS)
                              or fold_text(p.normal_form) not in word.forms)
        for spelt in {cyrillic, with_short_i(cyrillic)} for p in morph().parse(spelt))  # type: ignore[attr-defined]


@cache
def given_name_before(written: str) -> bool:
    """Whether a word written right before a surname is a given name (Миша, Мише, Misha: a pet name the
    dictionary knows), so that it names the person with the surname."""
    if not written[:1].isupper() or not written.isalpha():
        return False
    lower = fold_text(written).lower()
    if lower.isascii() and lower in english_words():
        return False  # "Case Kazantsev", "Mr Kazantsev"
    cyrillic = lower if not lower.isascii() else cyrillic_spelling(lower)
    return cyrillic is not None and any("Name" in p.tag and in_dictionary(p)
                                        for p in morph().parse(cyrillic))  # type: ignore[attr-defined]


# -- what a match is, beside the words around it (names.py asks) ----------------------------------

def token_before(text: str, pos: int) -> str:
    """The letters and marks of the word `pos` is in, before it (from the last space or line break)."""
    return text[max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1:pos]


def written_into(text: str, pos: int) -> bool:
    """Whether a name that begins inside a word at `pos` was written into it: after a capital inside it
    (#FreeNurov), or in a hashtag, an address or a handle (#freekazantsev, example.org/freekazantsev), or
    a word in small letters; not at the end of another word written as a name (Кожахметов, Dyusenov)."""
    if text[pos].isupper() and text[pos - 1].islower():
        return True
    token = token_before(text, pos)
    return token.islower() or not token.isalpha()


def ends_in_a_patronymic(found: str, listed_with_one: bool) -> bool:
    """Whether a full name found ends in a patronymic made of its surname, which is then another person's
    father's name (Иван Петрович for Иван Петров), unless the name listed has a patronymic."""
    last = _LAST_WORD.search(found)
    return last is not None and is_patronymic(last.group()) and not listed_with_one


_LAST_WORD = re.compile(r"[^\W\d_]+$")


def a_word_alone(skeleton: str, start: int, end: int, word: WordForms, listed_alone: bool) -> bool:
    """Whether one word of a name, found alone, is rather a Kazakh word written in small letters (азамат, a
    citizen; мерейтой, a jubilee; but not in a hashtag or an address), a month in a date (5 Jan. 2022, May
    2022, between May and July), or, the surname of a full name, an English word always written with a
    capital (German: a name listed alone, Roman, is the name)."""
    found = skeleton[start:end]
    letters = _LAST_WORD.search(found)
    if letters is None:
        return False
    lower = letters.group().lower()
    if lower.isascii():
        if lower in MONTHS and (_DAY_BEFORE.search(skeleton, max(0, start - 12), start) or
                                _DAY_OR_YEAR_AFTER.match(skeleton, end) or
                                _another_month(_MONTH_BEFORE.search(skeleton, max(0, start - 16), start), lower) or
                                _another_month(_MONTH_AFTER.match(skeleton, end), lower)):
            return True
        return lower in CAPITALISED_ENGLISH and not listed_alone
    token = token_before(skeleton, start)
    if "#" in token or "@" in token or "/" in token or skeleton[end:end + 1] == "_":
        return False  # #болатқа_бостандық, #freebolat: a hashtag names him, whatever its letters
    if fold_text(word.word) in kazakh_words() and not SURNAME_LIKE.search(fold_text(word.word)):
        # (азаматтардың: "of the citizens", at a sentence's start too: a name is seldom plural; not Акимов,
        # whose «акимов» is a word)
        return found[:1].islower() or any(lower.startswith(f + plural) for f in word.forms for plural in KAZAKH_PLURALS)
    return found[:1].islower() and lower in kazakh_words()


# a date: 5 Jan. 2022, 3 May, May 2022, August 15, in May (not "May, 34", an age; not "In 2021 May was")
_DAY_BEFORE = re.compile(r"(?:(?<!\d)(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\.?|(?<![^\W\d_])(?:in|since|until|till|"
                         r"early|late|mid|last|next|this|throughout)) ?$", re.IGNORECASE)
# two months: between May and July, from January to May, May–June
_MONTH_WORDS = "|".join(MONTH_NAMES)
_MONTH_BEFORE = re.compile(rf"({_MONTH_WORDS})\.?(?: and| to| or|,)? ?$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\.?(?: and| to| or|,)? ?({_MONTH_WORDS})(?![^\W\d_])", re.IGNORECASE)
_DAY_OR_YEAR_AFTER = re.compile(r"\.? ?(?:(?:19|20)\d\d|(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)(?!\d)")


def stands_alone(skeleton: str, start: int, end: int) -> bool:
    """Whether a short or common name (Ли, Роман) is written as a name: with a capital, touching no digit
    (an identifier: youtu.be/k3Li7RzQ, a PDF's /ID), inside a word only in a hashtag or a handle (#FreeLi,
    «#СвободуЛи», #FREEKIM; not lowerRoman, a numbering style), and followed by a letter only in one,
    where a capital starts the next word (#FreeKimNow, #KimFamily; not #KIMFAMILY, #POLICE, /MarkInfo)."""
    if not skeleton[start].isupper():
        return False
    token = token_before(skeleton, start)
    tagged = "#" in token or "@" in token  # in a hashtag or a handle (#FreeKim2022: a year may follow)
    if start and skeleton[start - 1].isdigit() or skeleton[end:end + 1].isdigit() and not tagged:
        return False
    if skeleton[end:end + 1].isalpha() and (skeleton[start:end].isupper() or not tagged):
        return False  # (not /MarkInfo, a PDF's own word, for Марк)
    return tagged or not (start and skeleton[start - 1].isalpha())


def one_case(found: str) -> bool:
    """Whether the Russian words of a name found (a public name) can be in one grammatical case: «Игорь
    Казанцев», «Касым-Жомарта Токаева» (a hyphenated name's first part stays as it is), not «с Игорем
    Казанцев познакомился», where Казанцев is someone else than Игорь."""
    cases = []
    for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", found):
        last = word.split("-")[-1].lower()
        if last.isascii():
            continue
        found_cases = {str(p.tag.case) for p in morph().parse(last)  # type: ignore[attr-defined]
                       if any(t in p.tag for t in NAME_TAGS)}
        if found_cases:
            cases.append(found_cases)
    return len(cases) < 2 or bool(set.intersection(*cases))


def before_an_eponym(lower: str, end: int) -> bool:
    """Whether a given name found ends right before an eponym's surname (театр имени Мухтара Ауэзова,
    ул. Шокана Валиханова): the eponym's given name, not a victim's (his surname: not Желтоқсан, a month)."""
    after = _WORD_AFTER.match(lower, end)
    return after is not None and after.group(1) in _eponyms() and SURNAME_LIKE.search(after.group(1)) is not None


def _another_month(found: re.Match[str] | None, month: str) -> bool:
    return found is not None and found.group(1).lower() != month  # (May–June; not "3 May May was")
