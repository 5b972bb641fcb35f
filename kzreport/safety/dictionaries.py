"""The word lists the leak guard asks whether some letters are an ordinary word rather than a name:
English (shipped: scripts/make_english_words.py), Russian (the pymorphy3 dictionaries) and a few Kazakh
words (data/kazakh-words.txt)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kzreport.layout import BUILTIN_DATA
from kzreport.safety.fold import fold_text
from kzreport.safety.spellings import latin_spellings


@cache
def english_words() -> frozenset[str]:
    """Common English words (scripts/make_english_words.py): a surname written as one of them (Ward,
    Hill, Bell) is matched strictly, so "the wards of a hospital" is no false alarm."""
    return frozenset(line for line in _english_lines() if line and not line.startswith(("#", "~")))


@cache
def english_words_wide() -> frozenset[str]:
    """`english_words` and rarer ones ("~" in the file): an English word that begins like a name (marking,
    machinery) is not the name with letters after it (Маркин, Машин)."""
    return english_words() | frozenset(line[1:] for line in _english_lines() if line.startswith("~"))


# English words always written with a capital, so that a capital tells nothing: nationalities, languages
# and days. A surname spelt as one (Герман: German) is found with the rest of the name (Anna German), not
# alone. A month is that only in a date (ordinary.py): May, August are surnames too.
CAPITALISED_ENGLISH = frozenset("""german germans roman romans norman normans french polish russian russians
english dutch turkish korean koreans chinese uzbek uzbeks tajik tajiks tatar tatars jewish christian monday tuesday
wednesday thursday friday saturday sunday mon tue wed thu fri sat sun""".split())
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
MONTHS = frozenset((*MONTH_NAMES, *"jan feb mar apr jun jul aug sep sept oct nov dec".split()))


@cache
def kazakh_words() -> frozenset[str]:
    """Kazakh words that are also given names or a short name with an ending (data/kazakh-words.txt), as
    skeletons: in small letters they are the word (азамат, a citizen), not the name Азамат."""
    lines = (BUILTIN_DATA / "kazakh-words.txt").read_text(encoding="utf-8").split("\n")
    return frozenset(fold_text(line) for line in lines if line and not line.startswith("#"))


@cache  # (the file is read once for both lists)
def _english_lines() -> list[str]:
    return (BUILTIN_DATA / "english-common-words.txt").read_text(encoding="utf-8").split("\n")


@cache
def morph() -> object:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def in_dictionary(parse: object) -> bool:
    """Whether a reading comes from the dictionary itself, not from a guess by prefix or suffix."""
    stack = parse.methods_stack  # type: ignore[attr-defined]
    return len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer"


def a_word(cyrillic: str) -> bool:
    """Whether the Russian dictionary has this word at all, in any form, not guessed."""
    return cyrillic in _NOT_IN_THE_DICTIONARY or any(in_dictionary(p) for p in morph().parse(cyrillic))  # type: ignore[attr-defined]


_NOT_IN_THE_DICTIONARY = frozenset({"тенге", "тиын"})  # (Kazakhstan's money: Тен + ге is no name)


def with_short_i(cyrillic: str) -> str:
    """A skeleton's и after a vowel as й, as it mostly was (the skeleton makes й и): дубинкои, дубинкой."""
    return _SHORT_I.sub("й", cyrillic)


_SHORT_I = re.compile("(?<=[аеёиоуыэюя])и")


# the dictionary's tags of names and places: such a reading is not an ordinary word
NAME_TAGS = ("Name", "Surn", "Patr")
PROPER_TAGS = (*NAME_TAGS, "Geox", "Orgn", "Trad")

def common_readings(parses: list[Any]) -> list[Any]:
    """The readings of a word as an ordinary word (not a name or a place) that the dictionary has."""
    return [p for p in parses if not any(t in p.tag for t in PROPER_TAGS) and in_dictionary(p)]


def common(cyrillic: str) -> bool:
    """Whether the dictionary has `cyrillic` as a form of an ordinary word."""
    return bool(common_readings(morph().parse(cyrillic)))  # type: ignore[attr-defined]


def dictionary_word(letters: str) -> bool:
    """Whether a whole word (lower case) is an ordinary word of the Russian dictionary (not a name or a
    place), or of English (British spellings too); the caller has made sure it is no form of a protected name."""
    if letters.isascii():
        return letters in english_words_wide() or _BRITISH.sub(_american, letters) in english_words_wide()
    return common(letters) or common(with_short_i(letters))


_BRITISH = re.compile(r"is(?=e|ed|es|ing|ation|ations|er|ers$)|our(?=s?$|ed$|ing$|ite)|tre(?=s?$)|ence$")
_AMERICAN = {"is": "iz", "our": "or", "tre": "ter", "ence": "ense"}


def _american(m: re.Match[str]) -> str:
    return _AMERICAN[m.group()]


@cache
def given_names() -> Any:
    """gender-guesser's list of given names (its model ships in the wheel), loaded once."""
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


def known_given_name(word: str) -> bool:
    """Whether gender-guesser knows a word as a given name (Айжан, Aidar: not Ай with an ending)."""
    return any(given_names().get_gender(s) != "unknown" for s in ({word} if word.isascii() else latin_spellings(word)))
