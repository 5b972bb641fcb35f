"""The forms of a name word: Russian case forms (pymorphy3's dictionaries, and for a surname they do
not know, the forms of a known surname with the same ending), and the spellings in the other script
(Казанцев is also Kazantsev and Kazancev; Kazantsev is also Казанцев)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from kzreport.safety.dictionaries import (
    NAME_TAGS,
    a_word,
    common,
    common_readings,
    english_words,
    english_words_wide,
    in_dictionary,
    kazakh_words,
    known_given_name,
    morph,
)
from kzreport.safety.fold import CYR_CHAR, DASH_CHARS, KAZ_TABLE, SCRIPT_CHANGE, fix_word, fold_text
from kzreport.safety.spellings import (
    cyrillic_spelling,
    kazakh_russian_spellings,
    latin_look_alike,
    latin_spellings,
    press_spellings,
)

# Surnames the dictionary does not know are declined like these (the ending decides the paradigm)
_SURNAME_MODELS = (("ская", "достоевская"), ("цкая", "троцкая"), ("ский", "достоевский"), ("цкий", "троцкий"),
                   ("ова", "иванова"), ("ева", "медведева"), ("ина", "ильина"), ("ына", "сорокина"),
                   ("ов", "иванов"), ("ев", "медведев"), ("ин", "ильин"), ("ын", "сорокин"))


def _declined_like(word: str, ending: str, model: str, tags: tuple[str, ...], plural: bool) -> tuple[str, ...]:
    """The case forms of `word` by analogy with `model`, a word of the same `ending` the dictionary
    declines (its reading with every one of `tags`): the model's forms with its stem replaced; none if
    the dictionary has no such reading."""
    stem, model_stem = word[: len(word) - len(ending)], model[: len(model) - len(ending)]
    for p in morph().parse(model):  # type: ignore[attr-defined]
        if all(t in p.tag for t in tags):
            return tuple(sorted({stem + f.word[len(model_stem):] for f in _own_forms(p, plural)
                                 if f.word.startswith(model_stem)}))
    return ()


def _own_forms(parse: Any, plural: bool) -> list[Any]:
    """The forms of a reading's word in its own gender (the dictionary declines a surname as one word for
    both: Кузнецова's are not Кузнецов, Кузнецове, which name her brother), the plural's if `plural`."""
    gender = parse.tag.gender
    return [f for f in parse.lexeme if (plural or "plur" not in f.tag) and f.tag.gender in (None, gender)]


@cache
def _surname_forms(word: str) -> tuple[str, ...]:
    """The case forms of a surname the dictionary does not know, by analogy with a known one of the same
    ending ("хасанов" like "иванов": хасанова, хасанову, хасановым, хасанове), and the family's plural
    (хасановы, хасановых), as a known surname has."""
    for ending, model in _SURNAME_MODELS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            gender = "femn" if model.endswith("ая") or model.endswith("а") else "masc"
            if forms := _declined_like(word, ending, model, ("Surn", "nomn", gender), plural=True):
                return forms
    return ()


# Names the dictionary does not know as names (Мира: the genitive of мир; Шин: of шина) are declined
# like a known name of the same ending; a man's name or a surname also in the plural (the family:
# Кимы, семья Кимов, семья Югаев), unless it is a given name gender-guesser knows (Темир, Абай: «двух
# Темиров» is rare, and Темиров, Абаев are other people's surnames)
_NAME_MODELS = (("а", "мила", False), ("я", "ася", False), ("й", "андрей", True), ("", "марат", True))


@cache
def _name_forms(word: str) -> tuple[str, ...]:
    """The case forms of a name the dictionary does not know as one, by analogy with one it does."""
    if not word[-1:].isalpha() or word.endswith("ь"):
        return ()
    for ending, model, plural in _NAME_MODELS:
        if word.endswith(ending) and (ending or word[-1] not in "аеёиоуыэюяй"):
            plural = plural and not known_given_name(word)
            if forms := _declined_like(word, ending, model, ("Name", "nomn", "sing"), plural):
                return forms
    return ()


# the endings of surnames (Russian, Kazakh, in both scripts, folded: ё is е, ұ is у, қ is к)
SURNAME_LIKE = re.compile(r"(?:[оеё]в|[иы]н|[сц]к)(?:а|ая|ии|ий|ыи|ой)?$|(?:ov|ev|[iy]n|sk)(?:a|aya|ii|iy|iy|y|oy)?$"
                          r"|(?:[ұу]лы|[қк]ызы|uly|kyzy|qyzy)$")

_WOMANS_SURNAME = re.compile("(?:[оеё]в|[иы]н)а$")
SHORT = 3  # letters: a word this short is matched strictly
INSIDE = 6  # a form this long is found inside a word too (#FreeKazantsev, example.org/freekazantsev)


@dataclass(frozen=True)
class WordForms:
    """The forms of one word of a name, as skeletons."""

    word: str
    forms: tuple[str, ...]  # skeletons, longest first
    strict: bool  # whole word only, and written with a capital
    surname: bool
    spelled: tuple[str, ...] = ()  # the forms as the dictionary spells them (for people to read)
    given: bool = False  # a given name the dictionary knows (Игорь): not the surname (see given_name)
    named: bool = False  # the dictionary knows it as a given name, perhaps as a surname too (Роман, Богдан)
    # forms that are also another word's forms, not its headword (кузнецов: "of smiths"): in lower case
    # and alone, that word (the name is not strict for them: "the Kuznetsovs", KuznetsovFamily)
    ordinary: frozenset[str] = frozenset()


def _dictionary_spelling(word: str) -> str:
    """The word as the Russian dictionary spells it: й and ё kept, Kazakh letters as Russian ones."""
    text = unicodedata.normalize("NFC", word).lower()
    if SCRIPT_CHANGE.search(text):
        text = fix_word(text)
    return text.translate(KAZ_TABLE)


@cache
def word_forms(word: str) -> WordForms:
    """The forms of one word of a name: as written, its Russian case forms, and its spellings in the
    other script (Казанцев is also Kazantsev or Kazancev; Kazantsev is also Казанцев, Казанцева, ...)."""
    base = fold_text(word)
    forms = {base}
    spelled = {word.lower()}
    cyrillic = _dictionary_spelling(word) if CYR_CHAR.search(base) else cyrillic_spelling(base)
    # short in either script (Tsoi is Цой: three letters)
    strict = min(sum(c.isalpha() for c in b) for b in (base, fold_text(cyrillic or base))) <= SHORT
    surname = False
    ordinary: frozenset[str] = frozenset()
    latin: set[str] = set()
    with_yo: set[str] = set()
    nominative: list[Any] = []
    if cyrillic:
        parses = morph().parse(cyrillic)  # type: ignore[attr-defined]
        named = [p for p in parses if any(t in p.tag for t in NAME_TAGS)]
        surname = any("Surn" in p.tag for p in named)
        cyrillic_forms = {cyrillic}
        nominative = [p for p in named if "nomn" in p.tag and "sing" in p.tag]
        # a name that is only an ordinary word in the dictionary (Волк, "wolf") is declined like it
        as_noun = [p for p in parses if "NOUN" in p.tag and "nomn" in p.tag and "sing" in p.tag][:1]
        for p in nominative or ([] if _surname_forms(cyrillic) else named) or as_noun:
            # one person: singular forms (a family's plural has the same stem)
            cyrillic_forms.update(f.word for f in _own_forms(p, plural=False))
        if not nominative:
            cyrillic_forms.update(_surname_forms(cyrillic) or _name_forms(cyrillic))
            surname = surname or bool(_surname_forms(cyrillic))
        elif surname:  # a known surname: the family's plural too (Кимы, семья Кимов)
            cyrillic_forms.update(f.word for p in nominative if "Surn" in p.tag for f in _own_forms(p, plural=True))
        cyrillic_forms.update(_fleeting_vowel_forms(cyrillic))
        forms.update(fold_text(f) for f in cyrillic_forms)
        forms.update(drawn for f in cyrillic_forms if (drawn := latin_look_alike(f)))
        spelled.update(cyrillic_forms)
        # the word is also an ordinary word (мороз, frost; роман, a novel) if the dictionary has it as
        # one in the nominative; a proper noun such as a place is not one, nor a case form of another
        # word (Кузнецов, Орлов, Тоқаев: "of smiths", "of eagles", "of Tokay wines"), which is only
        # that word when written in lower case on its own (`ordinary`)
        readings = common_readings(parses)
        strict = strict or any("nomn" in p.tag and "Poss" not in p.tag for p in readings)
        # (and its other forms that are forms of an ordinary word: машину, машине for Машин; ключевых,
        # черновой, боевыми for Ключев, Чернова, Боева: adjectives too)
        # a Kazakh name as Russian texts spell it (Бақытжан Сағынтаев: Бахытжан Сагинтаев)
        written = unicodedata.normalize("NFC", word).lower() if CYR_CHAR.search(base) else cyrillic
        russian = set() if strict else kazakh_russian_spellings(written, cyrillic_forms)
        # (of those too: «кадров» for Қадыров, «убирая» for Ыбырай)
        ordinary = frozenset(fold_text(f) for f in {cyrillic} | cyrillic_forms | russian if common(f))
        forms.update(fold_text(f) for f in russian)
        spelled.update(russian)
        # the usual Latin spellings (of a name listed in Latin too: Yevgeny is also Evgeny, Evgenii), of
        # each of those spellings too (Бөкейханов: Bukeikhanov)
        latin = latin_spellings(cyrillic).union(*map(latin_spellings, set() if strict else
                                                      kazakh_russian_spellings(written, {cyrillic})))
        # (and of its ё, where the dictionary has one that the drafter wrote е: Горбачев, Gorbachyov)
        with_yo = {p.word for p in named if "ё" in p.word and "ё" not in cyrillic.lower()}
        latin.update(*map(latin_spellings, with_yo))
        if surname and _WOMANS_SURNAME.search(cyrillic):  # her family in English: the Kuznetsovs
            latin |= {f"{s[:-1]}s" for s in latin if s.endswith("a")}
        forms.update(latin)
        spelled.update(latin)
        # a Russian name's soft sign is left out in Kazakh spelling (Айгуль: Айгүл)
        forms.update(fold_text(f).replace("ь", "") for f in cyrillic_forms if "ь" in f)
    # a name written as a common English word (Ward: the wards of a hospital; Саид: said) is matched
    # strictly too
    strict = strict or not english_words().isdisjoint(f for f in forms if f.isascii())
    if cyrillic and CYR_CHAR.search(cyrillic):  # (not words of their own: Белов's German "Below")
        forms.update(press_spellings(cyrillic).union(*map(press_spellings, with_yo)) - english_words())
    if strict:  # whole words only: the Kazakh case endings must be forms of their own (Кимге, Kimnin)
        stems = {base, fold_text(cyrillic or base), *latin}  # the nominative in both scripts
        forms.update(_kazakh_suffixed(stems, kazakh_word=base in kazakh_words()))
        if surname or len(base) <= SHORT:  # the family in English: the Kims, the Lis
            forms.update(plural for s in stems if s.isascii() and (plural := f"{s}s") not in english_words())
    # a Kazakh patronymic is also written apart or hyphenated (Сапарұлы: Сапар ұлы, Sapar-uly)
    forms.update(f"{m.group(1)} {m.group(2)}" for f in list(forms) if (m := _PATRONYMIC_APART.fullmatch(f)))
    # a form much shorter than the name itself would match unrelated words
    # (measured against the name in the same script: Tsoi's Цоя is as long as Цой)
    bases = {base.isascii(): base, (not base.isascii()): fold_text(cyrillic or base)}
    forms = {f for f in forms if len(f) >= min(len(bases[f.isascii()]), SHORT + 1) or f == base}
    known_name = any("Name" in p.tag and in_dictionary(p) for p in nominative)
    return WordForms(word, tuple(sorted(forms, key=lambda f: (-len(f), f))), strict, surname,
                     tuple(sorted(spelled, key=lambda f: (len(f), f))), not surname and known_name, known_name,
                     ordinary)


# a last syllable whose vowel drops when the word is declined (Кравец: Кравца; Журавель: Журавля;
# Мотылёк: Мотылька), and a final ц, after which the instrumental is -ом as well as -ем (Швецом)
_FLEETING = re.compile("(?<=[^аеёиоуыэюя])[её]([кцлнр])ь?$")
_FLEETING_ENDINGS = ("а", "у", "ом", "ем", "е", "ы", "ов", "я", "ю", "и", "ей", "ым")


def _fleeting_vowel_forms(cyrillic: str) -> set[str]:
    out = {cyrillic + end for end in ("а", "у", "ом", "е")} if cyrillic.endswith("ц") else set()
    if len(cyrillic) > 4 and (m := _FLEETING.search(cyrillic)):
        out |= {cyrillic[:m.start()] + m.group(1) + end for end in _FLEETING_ENDINGS}
    return out


_PATRONYMIC_APART = re.compile("(.{3,}?)(улы|кызы|uly|kyzy|qyzy)")


# Kazakh case endings (dative, genitive, accusative, locative, ablative, instrumental) and the plural,
# each in its vowel-harmony variants, with Kazakh letters as Russian ones, and in Latin
KAZAKH_ENDINGS = ("га ге ка ке на не нын нин дын дин тын тин ны ни ды ди ты ти да де та те нда нде дан ден тан "
                   "тен нан нен мен бен пен лар лер дар дер тар тер жан").split()  # (-жан: an endearment)
KAZAKH_ENDINGS_LATIN = ("ga ge qa ke ka na ne nyn nin dyn din tyn tin ny ni dy di ty ti da de ta te nda nde dan den "
                         "tan ten nan nen men ben pen lar ler dar der tar ter zhan jan").split()


KAZAKH_PLURALS = ("лар", "лер", "дар", "дер", "тар", "тер")
KAZAKH_PLURAL_CASES = [p + c for p in KAZAKH_PLURALS for c in "дын дин га ге да де дан ден ды ди мен".split()]
KAZAKH_PLURAL_CASES_LATIN = [p + c for p in "lar ler dar der tar ter".split()
                              for c in "dyn din ga ge da de dan den dy di men".split()]
RUSSIAN_ENDINGS = "а у ом ым им ем е ой ей ою ею ы и ых их ыми ими ам ям ами ями ах ях я ю ого его ому ему ая ую".split()
RUSSIAN_ENDINGS_LATIN = ("a u om ym im em e oy oi ey ei oyu eyu y i ykh ikh ymi imi am yam ami yami akh yakh ya yu "
                          "ogo ego omu emu aya uyu").split()
# The endings of Russian and Kazakh inflection, in both scripts: after a form, they make the name
# inflected, not another word (unless the whole is a place: Алма and -ты is Алматы)
ENDINGS = frozenset({*KAZAKH_ENDINGS, *KAZAKH_ENDINGS_LATIN, *KAZAKH_PLURAL_CASES, *KAZAKH_PLURAL_CASES_LATIN,
                      *RUSSIAN_ENDINGS, *RUSSIAN_ENDINGS_LATIN})


# the endings after which the word is rather another given name, if there is one (Нуржан, Айдар; a case
# ending is always the name: Айға, to Ай, even though Aiga is a name in Latvia)
_NAME_MAKING = frozenset("жан jan zhan лар лер дар дер тар тер lar ler dar der tar ter".split())


def _kazakh_suffixed(stems: set[str], kazakh_word: bool = False) -> set[str]:
    """A short name with each Kazakh ending, where the result is not a word of its own (Ан + на is Анна,
    Ли + на is Лина, Ли + га is Лига, Пак + та is Пакта: words the dictionary knows, left alone; Linen, Nida;
    Қанды for Кан, a Kazakh word, unless the name is a Kazakh word itself: Ерікті is Ерік)."""
    out = set()
    for stem in stems:
        for ending in KAZAKH_ENDINGS_LATIN if stem.isascii() else KAZAKH_ENDINGS:
            word = stem + ending
            cyrillic = cyrillic_spelling(word) if word.isascii() else word
            kazakh = fold_text(cyrillic_spelling(word, name=False) or "") if word.isascii() else word
            # (a Kazakh word made of a name that is a word itself is the name with a capital: Ерікті)
            if word in english_words_wide() or cyrillic and a_word(cyrillic) or \
                    kazakh in kazakh_words() and not kazakh_word or \
                    (word.isascii() or ending in _NAME_MAKING) and known_given_name(word):
                continue
            out.add(word)
    return out


# a patronymic (Russian and Kazakh, in Cyrillic and Latin, in any case form: Petrovich, Petrovny,
# Петровича, Ильинична, Ержанұлы, Ержанқызы); only its case endings may follow, so that
# #FreeKazantsevNow or KazantsevNews is no "Kazantsevn-a"
_PATRONYMIC = re.compile(r"(?:(?:[оеё]в|ь)ич(?:а|у|ем|е)?|(?:[оеё]в|ич)н(?:а|ы|е|у|ой|ою)|"
                         r"(?:ov|ev)[iy]t?ch(?:a|u|em|e)?|(?:ov|ev|ich)n(?:a|y|e|u|oy|oi|oj|oyu)|"
                         r"[ұу]лы|[қк]ызы|uly|kyzy|qyzy)$", re.IGNORECASE)


def is_patronymic(word: str) -> bool:
    return len(word) > 5 and _PATRONYMIC.search(word) is not None


DASHES = f"[{re.escape(DASH_CHARS)}]+"  # (what splits a listed name into words)
# "son of", "daughter of": written apart or hyphenated (Сапар ұлы, Sapar-uly), they are one word with the
# name before them (Сапарұлы), never a surname of their own (Ұлы Дала is an avenue)
_KAZAKH_PATRONYMIC = re.compile(r"(?i:ұлы|улы|uly|ulı|qyzy|kyzy|қызы|кызы)")


def kazakh_patronymics_joined(parts: list[list[str]]) -> list[list[str]]:
    words = [w for token in parts for w in token]
    if not any(_KAZAKH_PATRONYMIC.fullmatch(w) for w in words[1:]):
        return parts
    out: list[list[str]] = []
    for token in parts:
        kept: list[str] = []
        for w in token:
            if _KAZAKH_PATRONYMIC.fullmatch(w) and (kept or out):
                (kept or out[-1])[-1] += w  # to the word before it
            else:
                kept.append(w)
        if kept:
            out.append(kept)
    return out
