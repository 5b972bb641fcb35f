"""The forms of a name word: Russian case forms (pymorphy3's dictionaries, and for a surname they do
not know, the forms of a known surname with the same ending), and the spellings in the other script
(Казанцев is also Kazantsev and Kazancev; Kazantsev is also Казанцев)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from kzreport.layout import BUILTIN_DATA
from kzreport.safety.fold import CYR_CHAR, KAZ_TABLE, SCRIPT_CHANGE, fix_word, fold_text

_NAME_TAGS = ("Name", "Surn", "Patr")
_PROPER_TAGS = (*_NAME_TAGS, "Geox", "Orgn", "Trad")
# Surnames the dictionary does not know are declined like these (the ending decides the paradigm)
_SURNAME_MODELS = (("ская", "достоевская"), ("цкая", "троцкая"), ("ский", "достоевский"), ("цкий", "троцкий"),
                   ("ова", "иванова"), ("ева", "медведева"), ("ина", "ильина"), ("ына", "сорокина"),
                   ("ов", "иванов"), ("ев", "медведев"), ("ин", "ильин"), ("ын", "сорокин"))


def in_dictionary(parse: object) -> bool:
    """Whether a reading comes from the dictionary itself, not from a guess by prefix or suffix."""
    stack = parse.methods_stack  # type: ignore[attr-defined]
    return len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer"


@cache
def _surname_forms(word: str) -> tuple[str, ...]:
    """The singular case forms of a surname the dictionary does not know, by analogy with a known one
    of the same ending ("хасанов" like "иванов": хасанова, хасанову, хасановым, хасанове)."""
    for ending, model in _SURNAME_MODELS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem, model_stem = word[: len(word) - len(ending)], model[: len(model) - len(ending)]
            gender = "femn" if model.endswith("ая") or model.endswith("а") else "masc"
            for p in morph().parse(model):  # type: ignore[attr-defined]
                if "Surn" in p.tag and "nomn" in p.tag and gender in p.tag:
                    return tuple(sorted({stem + f.word[len(model_stem):] for f in p.lexeme
                                         if "plur" not in f.tag and f.word.startswith(model_stem)}))
    return ()
SHORT = 3  # letters: a word this short is matched strictly


@cache
def english_words() -> frozenset[str]:
    """Common English words (scripts/make_english_words.py): a surname written as one of them (Ward,
    Hill, Bell) is matched strictly, so "the wards of a hospital" is no false alarm."""
    text = (BUILTIN_DATA / "english-common-words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


@cache
def morph() -> object:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@dataclass(frozen=True)
class WordForms:
    """The forms of one word of a name, as skeletons."""

    word: str
    forms: tuple[str, ...]  # skeletons, longest first
    strict: bool  # whole word only, and written with a capital
    surname: bool
    spelled: tuple[str, ...] = ()  # the forms as the dictionary spells them (for people to read)


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
    strict = sum(c.isalpha() for c in base) <= SHORT
    cyrillic = _dictionary_spelling(word) if CYR_CHAR.search(base) else _cyrillic_spelling(base)
    surname = False
    if cyrillic:
        parses = morph().parse(cyrillic)  # type: ignore[attr-defined]
        named = [p for p in parses if any(t in p.tag for t in _NAME_TAGS)]
        surname = any("Surn" in p.tag for p in named)
        cyrillic_forms = {cyrillic}
        nominative = [p for p in named if "nomn" in p.tag and "sing" in p.tag]
        # a name that is only an ordinary word in the dictionary (Волк, "wolf") is declined like it
        ordinary = [p for p in parses if "NOUN" in p.tag and "nomn" in p.tag and "sing" in p.tag][:1]
        for p in nominative or ([] if _surname_forms(cyrillic) else named) or ordinary:
            # one person: singular forms (a family's plural has the same stem)
            cyrillic_forms.update(f.word for f in p.lexeme if "plur" not in f.tag)
        if not nominative:
            cyrillic_forms.update(_surname_forms(cyrillic))
            surname = surname or bool(_surname_forms(cyrillic))
        forms.update(fold_text(f) for f in cyrillic_forms)
        spelled.update(cyrillic_forms)
        # the word is also an ordinary word (мороз, frost; роман, a novel) if the dictionary has it as
        # one at all; a proper noun such as a place is not one
        strict = strict or any(not any(t in p.tag for t in _PROPER_TAGS) and in_dictionary(p) for p in parses)
        if CYR_CHAR.search(base):
            latin = latin_spellings(fold_text(cyrillic))
            forms.update(latin)
            spelled.update(latin)
    # a name written as a common English word (Ward: the wards of a hospital) is matched strictly too
    strict = strict or base in english_words()
    # a form much shorter than the name itself would match unrelated words
    forms = {f for f in forms if len(f) >= min(len(base), SHORT + 1) or f == base}
    return WordForms(word, tuple(sorted(forms, key=lambda f: (-len(f), f))), strict, surname,
                     tuple(sorted(spelled, key=lambda f: (len(f), f))))


# -- the other script ---------------------------------------------------------------------------------

# Russian letters in Latin, as passports, the UN and the press write them (the first spelling), and
# the other common spellings of the letters that have them.
_TO_LATIN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
             "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
             "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
             "э": "e", "ю": "yu", "я": "ya"}
# ш and ч are also ş and ç in Kazakh's Latin alphabet of 2021, which fold to s and c.
_LATIN_VARIANTS = {"х": ("h", "kh", "x"), "ц": ("c", "tz"), "ж": ("j", "zh"), "ю": ("iu", "ju"), "я": ("ia", "ja"),
                   "ы": ("i",), "щ": ("sch", "shh"), "и": ("y",), "в": ("w",), "к": ("q",), "ь": ("'",),
                   "ш": ("s",), "ч": ("c",)}


def latin_spellings(cyrillic: str) -> set[str]:
    """A Russian (or Kazakh, folded) word's usual Latin spellings, as skeletons: the first spelling,
    and each letter that has another common spelling changed throughout (not every combination)."""
    def spell(table: dict[str, str]) -> str:
        out = []
        for i, ch in enumerate(cyrillic):
            # a word-final "ий"/"ый" is written -y or -iy; й after a vowel is "y" ("Андрей" -> "Andrey")
            if ch == "и" and i + 1 == len(cyrillic) and i > 0 and cyrillic[i - 1] in "аеоуыэюяи":
                out.append("y")
            else:
                out.append(table.get(ch, ch))
        return fold_text("".join(out))

    spellings = {spell(_TO_LATIN), spell(_TO_LATIN | {"е": "ye"} if cyrillic[:1] == "е" else _TO_LATIN)}
    for letter, others in _LATIN_VARIANTS.items():
        if letter in cyrillic:
            spellings.update(spell(_TO_LATIN | {letter: o}) for o in others)
    if len(cyrillic) > 1 and cyrillic[-1] == "и" and cyrillic[-2] in "аеоуыэюяи":
        # a final й is also -i or -j (Цой: Tsoi, Tsoj; Сергей: Sergei), and a final -ий or -ый is also
        # one letter (Березовский: Berezovsky; Дмитрий: Dmitry, Dmitri; Юрий: Yuri)
        stems = {s[:-1] for s in spellings}
        spellings.update(stem + end for stem in stems for end in ("i", "j", "y"))
        if cyrillic[-2] in "иы":  # the two letters as one: Dmitry, Dmitri, Yuri
            spellings.update(stem[:-1] + end for stem in stems for end in ("i", "y"))
    return {s for s in spellings if s}


_FROM_LATIN = [("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
               ("yu", "ю"), ("ya", "я"), ("yo", "е"), ("ye", "е"), ("iy", "ий"), ("ey", "ей"), ("ay", "ай"),
               ("oy", "ой"), ("uy", "уй"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
               ("z", "з"), ("i", "и"), ("y", "ы"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
               ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"),
               ("j", "дж"), ("x", "кс"), ("w", "в"), ("q", "к")]
_FROM_LATIN_RE = re.compile("|".join(re.escape(k) for k, _ in _FROM_LATIN))
_FROM_LATIN_MAP = dict(_FROM_LATIN)


def _cyrillic_spelling(latin: str) -> str | None:
    """A Latin word as Russian texts would likely spell it ("Kazantsev" -> "казанцев"), or None."""
    if not latin.isascii() or not latin.isalpha():
        return None
    return _FROM_LATIN_RE.sub(lambda m: _FROM_LATIN_MAP[m.group(0)], latin.lower())
