"""A name's spellings in the other script: the usual Latin spellings of a Russian (or Kazakh) word
(Казанцев: Kazantsev, Kazancev, Kazantcev; Горбачёв: Gorbachov), how a Latin word is likely spelt in
Cyrillic (Kassymov: Касымов), and a Russian word typed in look-alike Latin capitals (PAXMETOB)."""

from __future__ import annotations

import itertools
import math
import re
from typing import NamedTuple

from kzreport.safety.fold import TO_LAT, fold_text

# Russian letters in Latin, as passports, the UN and the press write them (the first spelling), and
# the other common spellings of the letters that have them.
_TO_LATIN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
             "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
             "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
             "э": "e", "ю": "yu", "я": "ya"}
# ш and ч are also ş and ç in Kazakh's Latin alphabet of 2021, which fold to s and c.
_LATIN_VARIANTS = {"х": ("h", "kh", "x"), "ц": ("c", "tz"), "ж": ("j", "zh"), "ю": ("iu", "ju"), "я": ("ia", "ja"),
                   "ы": ("i",), "щ": ("sch", "shh"), "и": ("y",), "к": ("q",), "ь": ("'", "y"),
                   "ш": ("s",), "ч": ("c",), "й": ("i", "j"), "ё": ("e", "io", "jo")}
# Kazakh's Latin alphabet of 2021, every letter at once (Жақсылықов: Jaqsylyqov; к and қ are one letter here)
_KAZAKH_LATIN = {"ж": "j", "к": "q", "ш": "s", "ч": "c", "х": "h", "й": "i", "ю": "iu", "я": "ia"}
# and of 2018 (with acute accents, which fold away: Qýanyshev, Sáýle Áýezova), у is ý; у and ұ (u) are one
# letter here, and к and қ (q), so both ways
_KAZAKH_LATIN_2018 = {"ж": "j", "ш": "sh", "ч": "ch", "х": "h", "й": "i", "у": "y", "ю": "iy", "я": "ia", "ы": "y"}


class _Press(NamedTuple):
    """A language's press spelling of Russian names: its letters, its е first or after a vowel, its е
    after most consonants (Polish "ie": Pietrow), and whether г before е and и is "gu" (French: Sergueï)."""

    table: dict[str, str]
    ye: tuple[str, ...]
    soft_e: str = ""
    hard_g: bool = False


# German, French, Polish and Czech (and the scholarly ž, š, č) press spellings, every letter at once
# (Michail Kasanzew, Ioulia Tchernychova, Kazancew, Siergiej Pietrow, Žanna Žakupova, Ščukin), and others
_PRESS = (_Press({"в": "w", "ё": "jo", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
                  "щ": "schtsch", "ю": "ju", "я": "ja"}, ("je",)),
          _Press({"ё": "io", "ж": "j", "й": "i", "у": "ou", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ю": "iou",
                  "я": "ia"}, ("ie", "e"), hard_g=True),
          _Press({"в": "w", "ё": "jo", "ж": "z", "й": "j", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz", "щ": "szcz",
                  "ю": "ju", "я": "ja"}, ("je",), soft_e="ie"),  # (л as ł, which folds to l)
          _Press({"ё": "e", "ж": "z", "й": "j", "х": "ch", "ц": "c", "ч": "c", "ш": "s", "щ": "sc", "ю": "ju",
                  "я": "ja"}, ("je", "e")),
          # GOST 7.79 B (bibliographies, web addresses: Kazanczev), Turkish (Kazakh names: Cumabayev, Kasım
          # Cömert), Ukrainian (Horbachov)
          _Press({"ц": "cz", "х": "x", "й": "j", "щ": "shh", "ё": "yo"}, ("e",)),
          _Press({"ж": "c", "ш": "s", "ч": "c", "й": "y", "х": "h", "ы": "i", "ю": "yu", "я": "ya"}, ("ye", "e")),
          _Press({"г": "h", "и": "y", "й": "i", "ю": "iu", "я": "ia"}, ("ye", "e")))
_HARD_E = "жцчшщл"  # Polish writes е after them "e" (Kazancew, Aleksiej's le)
_HUSHING = "жчшщ"  # ё after them is also "o" (Gorbachov, Khrushchov)
_VOWELS = "аеёиоуыэюяйьъ"  # (and the signs): an е after them is written "ye" too (Aliyev, Sergeyev)


def _spell(cyrillic: str, table: dict[str, str], ye: str = "", hushed_o: bool = False,
           press: _Press | None = None) -> str:
    """`cyrillic` letter by letter as `table` writes it; an е after a vowel (or first) as `ye` if given
    (Yevgeny, Aliyev, Tokajew), and ё after ж, ч, ш, щ as "o" if `hushed_o` (Tschernyschowa); the other
    rules of a `press` spelling."""
    out = []
    for i, ch in enumerate(cyrillic):
        before = cyrillic[i - 1] if i else ""
        if ye and ch == "е" and (not before or before in _VOWELS):
            out.append(ye)
        elif hushed_o and ch == "ё" and before in _HUSHING:
            out.append("o")
        elif press and press.soft_e and ch == "е" and before not in _HARD_E:
            out.append(press.soft_e)
        elif press and press.hard_g and ch == "г" and cyrillic[i + 1:i + 2] in ("е", "и", "э"):
            out.append("gu")
        else:
            out.append(table.get(ch, ch))
    return fold_text("".join(out))


def _with_ia(cyrillic: str, spellings: set[str]) -> set[str]:
    """-ия as -ia too, in any spelling (Ioulia, Maria)."""
    if not cyrillic.endswith("ия"):
        return spellings
    return spellings | {s[:-3] + "ia" for s in spellings if s.endswith(("iia", "iya", "ija"))}


_S_BETWEEN_VOWELS = re.compile("(?<=[аеёиоуыэюя])с(?=[аеёиоуыэюя])")


def latin_spellings(cyrillic: str) -> set[str]:
    """A Russian (or Kazakh, its letters as Russian ones) word's usual Latin spellings, as skeletons: the
    first spelling, е after a vowel as "ye", с between vowels as "ss" (Kassymov, the passports' spelling
    of Kazakh names), and each letter that has another common spelling changed throughout. `cyrillic` is
    lower case, with й and ё as written."""
    doubled = _S_BETWEEN_VOWELS.sub("сс", cyrillic)
    spellings = {_spell(word, _TO_LATIN, ye) for word in {cyrillic, doubled} for ye in ("", "ye")}
    spellings |= {_spell(cyrillic, _TO_LATIN | _KAZAKH_LATIN), _spell(cyrillic, _TO_LATIN | _KAZAKH_LATIN_2018),
                  _spell(cyrillic, _TO_LATIN | _KAZAKH_LATIN_2018 | {"к": "q"})}
    for letter, others in _LATIN_VARIANTS.items():
        if letter in cyrillic:
            spellings.update(_spell(cyrillic, _TO_LATIN | {letter: o}, ye) for o in others for ye in ("", "ye"))
    spellings = _with_ia(cyrillic, spellings | _combined_spellings(cyrillic))
    if cyrillic.endswith(("ий", "ый")):  # the two letters (two in Latin too) as one: Dmitry, Yuri, Berezovsky
        spellings.update(s[:-2] + end for s in list(spellings) for end in ("y", "i"))
    return {s for s in spellings if s}


_S_BETWEEN_VOWELS = re.compile("(?<=[аеёиоуыэюя])с(?=[аеёиоуыэюяь])")
_SS = re.compile("(?<=[aeiouy])s(?=[aeiouyj])")


def press_spellings(cyrillic: str) -> set[str]:
    """The German, French, Polish and Czech press spellings of a Russian word (Kasanzew, Tchernychova,
    Kazancew, Pietrow, Žakupova), and -ов as -off (Sokoloff), as skeletons (`cyrillic` as for
    latin_spellings). Rarer than latin_spellings: one that is an English word (Белов: "Below") is no
    spelling of the name."""
    out = {_spell(cyrillic, _TO_LATIN | p.table, ye, hushed_o=True, press=p) for p in _PRESS for ye in p.ye}
    if "ё" in cyrillic:  # the press often writes ё as e (Gorbatchev, Gorbatschew, Gorbaczew)
        out |= {_spell(cyrillic, _TO_LATIN | p.table | {"ё": "e"}, ye, press=p) for p in _PRESS for ye in p.ye}
    if _S_BETWEEN_VOWELS.search(cyrillic):  # German and French double an s between vowels (Wassiljew, Issajew)
        out |= {_SS.sub("ss", s) for s in out}
    if "в" in cyrillic:  # and only the в as German writes it: Kasanzew is also Kazantsew
        out |= {_spell(cyrillic, _TO_LATIN | {"в": "w"}, ye) for ye in ("", "ye")}
    if cyrillic.endswith(("ий", "ый")):  # Iouri, Guennadi
        out |= {s[:-2] + "i" for s in out if s[-2:] in ("ii", "ij", "iy", "yi", "yj")}
    if cyrillic.endswith(("ов", "ев", "ёв")):  # the émigrés' and the French -off: Sokoloff, Kazantseff
        out |= {s[:-1] + "ff" for s in out | {_spell(cyrillic, _TO_LATIN)} if s.endswith(("v", "w"))}
    return _with_ia(cyrillic, out)


# The spellings that change several letters at once, as the press writes names (Alexei Gorbachov,
# Yulia Chernyshova, Ksenia Solovieva, Alexander): the common choices for each letter or pair of
# letters, in every combination (up to _COMBINATIONS of them; a longer name keeps the others).
_COMMON = {"х": ("kh", "h", "ch"), "ц": ("ts", "c", "tc", "tz"), "ж": ("zh", "j"), "ю": ("yu", "iu", "ju"),
           "я": ("ya", "ia", "ja"), "ы": ("y", "i"), "щ": ("shch", "sch"), "й": ("y", "i", "j"),
           "ё": ("yo", "e", "io"), "ь": ("", "y")}
_PAIRS = {"кс": ("ks", "x"), "ье": ("e", "ye", "ie"), "ьё": ("e", "yo", "io", "ye", "ie"), "ия": ("iya", "ia", "iia"),
          "др": ("dr", "der")}  # at the end: Aleksandr, Alexander
_COMBINATIONS = 400


def _combined_spellings(cyrillic: str) -> set[str]:
    choices: list[tuple[str, ...]] = []
    i = 0
    while i < len(cyrillic):
        pair = cyrillic[i:i + 2]
        if pair in _PAIRS and (pair != "др" or i + 2 == len(cyrillic)):
            choices.append(_PAIRS[pair])
            i += 2
            continue
        ch = cyrillic[i]
        options = _COMMON.get(ch, (_TO_LATIN.get(ch, ch),))
        if ch == "ё" and i and cyrillic[i - 1] in _HUSHING:
            options = ("o", *options)
        elif ch == "е" and (i == 0 or cyrillic[i - 1] in _VOWELS):
            options = ("ye", "e")
        choices.append(options)
        i += 1
    if math.prod(len(c) for c in choices) > _COMBINATIONS:
        return set()
    return {fold_text("".join(parts)) for parts in itertools.product(*choices)}


def latin_look_alike(cyrillic: str) -> str | None:
    """A Russian word typed in the Latin capitals drawn like its letters ("РАХМЕТОВ" as "PAXMETOB": no
    letter of another script in it, so no look-alike to fold), as a skeleton; None if a letter has no
    such capital, or the word is too short for the Latin word it makes to be only the name (АН: "AH")."""
    upper = fold_text(cyrillic).upper()
    if len(upper) < 5 or any(ch not in TO_LAT for ch in upper):
        return None
    return "".join(TO_LAT[ch] for ch in upper).lower()


_FROM_LATIN = [("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
               # a vowel then "ye" is the vowel then е (Aliyev, Tokayev, Sergeyev), not й then е
               ("aye", "ае"), ("eye", "ее"), ("iye", "ие"), ("oye", "ое"), ("uye", "уе"),
               ("yu", "ю"), ("ya", "я"), ("yo", "е"), ("ye", "е"), ("iy", "ий"), ("ey", "ей"), ("ay", "ай"),
               ("oy", "ой"), ("uy", "уй"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
               ("z", "з"), ("i", "и"), ("y", "ы"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
               ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"),
               ("j", "дж"), ("x", "кс"), ("w", "в"), ("q", "к")]
_FROM_LATIN_RE = re.compile("|".join(re.escape(k) for k, _ in _FROM_LATIN))
_FROM_LATIN_MAP = dict(_FROM_LATIN)


def cyrillic_spelling(latin: str, name: bool = True) -> str | None:
    """A Latin word as Russian texts would likely spell it ("Kazantsev" -> "казанцев"), or None. As a
    `name`, a final -y is -ий (Dmitry), not -ы (Almaty)."""
    if not latin.isascii() or not latin.isalpha():
        return None
    latin = latin.lower().replace("ss", "s")  # Kassymov: Касымов (a doubled s keeps it voiceless in English)
    latin = _LAST_I.sub("y", latin)  # Tsoi: Цой
    if name:
        latin = _LAST_Y.sub("iy", latin)  # Yevgeny, Dmitry: Евгений, Дмитрий
    return _FROM_LATIN_RE.sub(lambda m: _FROM_LATIN_MAP[m.group(0)], latin)


_LAST_I = re.compile("(?<=[aeou])i$")
_LAST_Y = re.compile("(?<=[^aeiouy])y$")


# Kazakh names in Russian spelling: a name listed in Kazakh letters is found as Russian texts spell it
# (Бөкейханов: Букейханов; Жүсіпова: Жусупова; Сағынтаев: Сагинтаев; Әбдірахманов: Абдрахманов;
# Тәңірберген: Тангирберген; Сәрсенбаев: Сарсембаев). The folded skeleton already takes ә ө ү ұ і ң ғ қ
# for а о у у и н г к; these are the other letters Russian texts write for them. Not the other way round:
# the letters a Russian spelling would have in Kazakh (у for ө, и for ы, х for қ) are also the letters of
# other words and surnames (Умаров and Омаров, Рудин and «на родину», Хаким and «каким»): list the
# Kazakh spelling too.
_VOWEL = "аеёиоуыэюяәөүұі"
_ROUNDED = "уүұө"
_KAZAKH_LETTERS = "әөүұіңғқһ"
_VARIANTS_AT_MOST = 48  # a name word's spellings (each with every case form): beyond, one change at a time


def _options(written: str, form: str, i: int, aligned: int) -> tuple[str, ...]:
    """What Russian texts may write for the letter `form[i]` of a name listed as `written` (lower case,
    Kazakh letters kept; `form` is one of its case forms in Russian letters, the same as `written` for
    its first `aligned` letters)."""
    c = form[i]
    k = written[i] if i < aligned else c  # the letter as listed
    before, after = form[i - 1:i], form[i + 1:i + 2]
    out = [c]
    if c == "ы" and before in ("г", "к", "х"):  # Russian writes и after them (Сағынтаев: Сагинтаев)
        out.append("и")
    if not any(ch in _KAZAKH_LETTERS for ch in written) and not written.startswith("ы"):  # (no Russian word does)
        return tuple(out)
    vowels_before = [ch for ch in written[:i] if ch in _VOWEL]
    if k == "қ":  # Бақыт: Бахыт
        out.append("х")
    if k == "ө":  # Бөкейханов: Букейханов
        out.append("у")
    if k == "ң":  # Тәңір: Тангир
        out.append("нг")
    if k == "ә" and before and before not in _VOWEL:  # Ләззат: Ляззат
        out.append("я")
    if c == "ы":  # Ғалымжан: Галимжан
        out.append("и")
    rounded = bool(vowels_before) and vowels_before[-1] in _ROUNDED
    if k in "іы" and i and (rounded or after in ("п", "б", "м")):  # Жүсіп, Тұрсын, Жақып: Жусуп, Турсун, Жакуп
        out.append("у")
    # a vowel left out before р or л and a vowel (Әбдірахман, Тілеу, Ыбырай: Абдрахман, Тлеу, Ибрай; not
    # Өмір, Қадыр: «умру», «кадров»)
    if k in "іы" and before and before not in _VOWEL and after in ("р", "л") and \
            written[i + 2:i + 3] and written[i + 2] in _VOWEL and (k == "і" or written.startswith("ы")):
        out.append("")
    if k == "ү":  # Дүйсен: Дюсен
        out.append("ю")
    if c == "й" and (written[i - 1:i] == "ү" or after in ("ы", "і")):  # Дүйсен: Дюсен; Құсайын: Кусаин
        out.append("")
    if c == "и" and after == "я" and i < aligned and written[i - 1:i] not in ("", *_VOWEL):  # Ілияс: Ильяс
        out.append("ь")
    if c == "е" and before == "у":  # Әуезов: Ауэзов
        out.append("э")
    if c == "ж" and before != "д":  # Жұмабаев, Қожахмет: Джумабаев, Ходжахмет
        out.append("дж")
    if c == "ш" and not i:  # Шоқан: Чокан
        out.append("ч")
    if c == "т" and after == "ж":  # Мұхаметжан: Мухамеджан
        out.append("д")
    if c == "н" and after in ("б", "п"):  # Сәрсенбаев: Сарсембаев
        out.append("м")
    return tuple(dict.fromkeys(out))


def kazakh_russian_spellings(written: str, forms: set[str]) -> set[str]:
    """The `forms` (Russian letters, lower case) of a name listed as `written` as Russian texts spell them:
    every combination of the letters `_options` gives, or, for a name with too many, each change alone."""
    plain = written.translate(_KAZAKH_TO_RUSSIAN)
    out: set[str] = set()
    for form in forms:
        aligned = next((i for i, (a, b) in enumerate(zip(plain, form, strict=False)) if a != b), min(len(plain), len(form)))
        choices = [_options(written, form, i, aligned) for i in range(len(form))]
        if math.prod(map(len, choices)) <= _VARIANTS_AT_MOST:
            out.update("".join(parts) for parts in itertools.product(*choices))
        else:
            for i, options in enumerate(choices):
                out.update(form[:i] + o + form[i + 1:] for o in options[1:])
    return out - forms


_KAZAKH_TO_RUSSIAN = str.maketrans("әөүұіңғқһ", "аоууингкх")
