"""How a protected name can be written, and finding it in any text.

Drafters list each name once, in the nominative. Two things make that enough:

- `fold` turns any text into a *skeleton* in which the harmless ways of writing a word differently
  look the same: compatibility forms (NFKC/NFKD), accents and decomposed letters, invisible
  characters (zero-width, soft hyphen, BOM, bidi controls), look-alike letters of another script
  inside a word (Cyrillic «а» in a Latin name, Latin «i» for Kazakh «і»), Kazakh letters (ұ, қ, ғ, ...)
  and their Russian counterparts, ё/е, letter case, every hyphen, dash and run of whitespace, every
  apostrophe, and the Markdown marks a drafter can put inside a word (`Kazan*tsev*`). The skeleton
  remembers where each of its characters came from, so a match can be replaced in the original.
- `name_forms` generates the forms of each name word: the Russian case forms of Cyrillic names
  (pymorphy3's dictionaries and its guesser for unknown surnames; Kazakh names are declined as
  Russian declines them), and matches every form at the start of a word whatever follows it
  (inflection endings, Kazakh suffixes, digits). A word so short or so common that it is also an
  ordinary word (the surname Ли and the particle «ли», the name Роман and «роман», a novel) is
  matched strictly: the whole word only, and only when written with a capital.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

# -- folding ---------------------------------------------------------------------------------------

# Letters drawn the same in Latin and Cyrillic, lower and upper case apart (h and н are not alike; H and Н are).
_LOOK_ALIKES = "aа cс eе oо pр xх yу iі jј sѕ hһ dԁ AА BВ CС EЕ HН KК MМ OО PР TТ XХ YУ IІ JЈ SЅ"
_TO_CYR = {pair[0]: pair[1] for pair in _LOOK_ALIKES.split()}
_TO_LAT = {pair[1]: pair[0] for pair in _LOOK_ALIKES.split()}
# Greek letters that pass for Latin ones (Greek text is not expected in these documents).
_GREEK = {"α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o",
          "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ς": "c", "σ": "o", "ω": "w", "ϲ": "c",
          "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
          "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ζ": "Z"}
# Kazakh (and other Cyrillic) letters folded to the Russian letter they are written as in Russian texts;
# ё and й arrive here already as е and и (NFKD takes their accents off).
_CYR_FOLD = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
             "ї": "и", "є": "е", "ґ": "г", "ў": "у", "ј": "и", "ѕ": "з", "ӏ": "л", "ԁ": "д", "ԛ": "к", "ԝ": "в"}

_DASHES = "-‐‑‒–—―⁃−﹘﹣－_"
_APOSTROPHES = "'’‘ʼʻʹʽˈ`´′＇"
# Markdown marks a drafter can put inside a word; they never separate the letters a reader sees.
_MARKUP = "*~^\\[]{}"


def _with_upper(table: dict[str, str]) -> dict[str, str]:
    return table | {k.upper(): v.upper() for k, v in table.items() if k.upper() != k}


_KAZ_TABLE = str.maketrans(_with_upper(_CYR_FOLD))
_CYRILLIC = "\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f"
_LATIN = "A-Za-z\u00c0-\u024f"
# a word written in two scripts has two letters of different scripts side by side
_SCRIPT_CHANGE = re.compile(f"[{_LATIN}][{_CYRILLIC}]|[{_CYRILLIC}][{_LATIN}]")
_WORD_AROUND = re.compile(r"[^\W\d_]+")
_CYR_CHAR = re.compile(f"[{_CYRILLIC}]")
_LAT_CHAR = re.compile(f"[{_LATIN}]")
_SPACES = re.compile(" {2,}")


@cache
def _table() -> dict[int, str | None]:
    """One str.translate table: invisible characters and marks dropped, separators made spaces."""
    table: dict[int, str | None] = {}
    for cp in list(range(0x10000)) + list(range(0xE0000, 0xE01F0)):
        ch = chr(cp)
        if ch.isspace():
            table[cp] = " "
        elif unicodedata.category(ch) in ("Cf", "Mn", "Me", "Cc", "Cs"):
            table[cp] = None
    for ch in _DASHES:
        table[ord(ch)] = " "
    for ch in _APOSTROPHES + _MARKUP:
        table[ord(ch)] = None
    for k, v in _GREEK.items():
        table[ord(k)] = v
    return table


def _fold_chars(text: str) -> str:
    """Compatibility forms, accents, invisibles, separators: one C-speed pass each. Case is kept."""
    return unicodedata.normalize("NFKD", text).translate(_table())


def _fix_word(word: str) -> str:
    """A word written in two scripts, in one: the letters of one script that are drawn exactly like
    letters of the other («Сhоkаn»: С, о, а; «BAДИM»: B, A, M) become those; if both could, the
    script of most of its letters wins."""
    cyr = _CYR_CHAR.findall(word)
    lat = _LAT_CHAR.findall(word)
    to_lat = all(c in _TO_LAT for c in cyr)
    to_cyr = all(c in _TO_CYR for c in lat)
    if to_lat and to_cyr:
        table = _TO_CYR if len(cyr) >= len(lat) else _TO_LAT
    elif to_lat or to_cyr:
        table = _TO_LAT if to_lat else _TO_CYR
    else:
        return word
    return "".join(table.get(c, c) for c in word)


def _unify(text: str) -> str:
    """Look-alikes of the minority script in a word written in the majority script; Kazakh letters as
    Russian ones. Character for character, so positions do not move."""
    changes = [m.start() for m in _SCRIPT_CHANGE.finditer(text)]
    if changes:
        chars = list(text)
        done = -1
        for pos in changes:
            if pos < done:
                continue
            start = pos
            while start > 0 and text[start - 1].isalpha():
                start -= 1
            m = _WORD_AROUND.match(text, start)
            assert m is not None
            chars[m.start():m.end()] = _fix_word(m.group(0))
            done = m.end()
        text = "".join(chars)
    return text.translate(_KAZ_TABLE)



def fast_fold(text: str) -> str:
    """The skeleton of `text` (see the module's docstring); letter case is kept."""
    return _unify(_SPACES.sub(" ", _fold_chars(text)))


@dataclass(frozen=True)
class Folded:
    """A skeleton and, for each of its characters, the index of the original character it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's [start, end) that the skeleton's [start, end) came from."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """`fast_fold`, remembering where each character came from (slower: for texts with a match)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for piece in _fold_chars(ch):
            if piece == " " and chars and chars[-1] == " ":
                continue  # a run of whitespace, dashes and separators is one space
            chars.append(piece)
            origin.append(i)
    return Folded(_unify("".join(chars)), tuple(origin))


def fold_text(text: str) -> str:
    """A skeleton for comparing: `fast_fold`, lower case."""
    return fast_fold(text).lower()


# -- the forms of a name -----------------------------------------------------------------------------

_NAME_TAGS = ("Name", "Surn", "Patr")
_PROPER_TAGS = (*_NAME_TAGS, "Geox", "Orgn", "Trad")
# Surnames the dictionary does not know are declined like these (the ending decides the paradigm)
_SURNAME_MODELS = (("ская", "достоевская"), ("цкая", "троцкая"), ("ский", "достоевский"), ("цкий", "троцкий"),
                   ("ова", "иванова"), ("ева", "медведева"), ("ина", "ильина"), ("ына", "сорокина"),
                   ("ов", "иванов"), ("ев", "медведев"), ("ин", "ильин"), ("ын", "сорокин"))


def _in_dictionary(parse: object) -> bool:
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
            for p in _morph().parse(model):  # type: ignore[attr-defined]
                if "Surn" in p.tag and "nomn" in p.tag and gender in p.tag:
                    return tuple(sorted({stem + f.word[len(model_stem):] for f in p.lexeme
                                         if "plur" not in f.tag and f.word.startswith(model_stem)}))
    return ()
SHORT = 3  # letters: a word this short is matched strictly


@cache
def _morph() -> object:
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
    if _SCRIPT_CHANGE.search(text):
        text = _fix_word(text)
    return text.translate(_KAZ_TABLE)


@cache
def word_forms(word: str) -> WordForms:
    """The forms of one word of a name: as written, its Russian case forms, and its spellings in the
    other script (Казанцев is also Kazantsev or Kazancev; Kazantsev is also Казанцев, Казанцева, ...)."""
    base = fold_text(word)
    forms = {base}
    spelled = {word.lower()}
    strict = sum(c.isalpha() for c in base) <= SHORT
    cyrillic = _dictionary_spelling(word) if _CYR_CHAR.search(base) else _cyrillic_spelling(base)
    surname = False
    if cyrillic:
        parses = _morph().parse(cyrillic)  # type: ignore[attr-defined]
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
        strict = strict or any(not any(t in p.tag for t in _PROPER_TAGS) and _in_dictionary(p) for p in parses)
        if _CYR_CHAR.search(base):
            latin = latin_spellings(fold_text(cyrillic))
            forms.update(latin)
            spelled.update(latin)
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
_LATIN_VARIANTS = {"х": ("h", "kh", "x"), "ц": ("c", "tz"), "ж": ("j", "zh"), "ю": ("iu", "ju"), "я": ("ia", "ja"),
                   "ы": ("i",), "щ": ("sch", "shh"), "и": ("y",), "в": ("w",), "к": ("q",), "ь": ("'",)}


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
    if len(cyrillic) > 1 and cyrillic[-1] == "и" and cyrillic[-2] in "аеоуыэюяи":  # -ей, -ай, -ий: -ei, -ej too
        spellings.update(spellings.pop()[:-1] + end for end in ("i", "j", "y"))
    for letter, others in _LATIN_VARIANTS.items():
        if letter in cyrillic:
            spellings.update(spell(_TO_LATIN | {letter: o}) for o in others)
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


# -- protected names and the matcher --------------------------------------------------------------------

@dataclass(frozen=True)
class ProtectedName:
    """A name a case protects, with every form the matcher looks for."""

    name: str  # as the drafter wrote it
    case_id: str
    words: tuple[WordForms, ...]
    pseudonym: str | None = None  # for anonymised cases: what replaces it
    index: int = 0  # its place in the case's protect: list (1-based)

    def describe(self) -> str:
        """Which name, without writing it: messages end up in logs that others read."""
        return f"the case {self.case_id} (entry {self.index} of its protect: list)"

    @property
    def surname(self) -> WordForms | None:
        """The word protected on its own too: the one the dictionary knows as a surname, else the last."""
        if len(self.words) < 2:
            return None
        marked = [w for w in self.words if w.surname]
        return marked[-1] if marked else self.words[-1]

    def forms(self) -> list[str]:
        """Every form, readable (for `kzreport cases`)."""
        out = [" ".join(w.forms[0] for w in self.words)]
        for w in self.words:
            out.extend(f for f in w.forms if f not in out)
        return out


def protected_name(name: str, case_id: str, pseudonym: str | None = None, index: int = 0) -> ProtectedName | None:
    """A listed name with its forms; None when it has no letters or digits."""
    # words as written (the dictionary needs й and ё), split where the skeleton has spaces
    originals = [w for w in re.split(r"[\s\-‐‑‒–—―_]+", unicodedata.normalize("NFC", name))
                 if any(c.isalnum() for c in w)]
    words = tuple(word_forms(w) for w in originals)
    return ProtectedName(" ".join(name.split()), case_id, words, pseudonym, index) if words else None


_LETTER_BEFORE = r"(?<![^\W\d_])"  # not preceded by a letter (digits and punctuation may touch)
_NO_LETTER_AFTER = r"(?![^\W\d_])"


ENDING = 5  # letters that may follow a form: inflection endings, Kazakh suffixes (Назаров-тың), 's
INSIDE = 6  # a form this long is found inside a word too (#FreeKazantsev, example.org/freekazantsev)


def _word_pattern(w: WordForms, followed: bool = False) -> str:
    """One word of a name; `followed` when another word of the name comes next (and may touch it, as in
    "MikhailKazantsev2021")."""
    alts = "|".join(re.escape(f) for f in w.forms)
    if w.strict:
        return f"(?:{alts}){_NO_LETTER_AFTER}"
    if followed:
        return f"(?:{alts})[^\\W\\d_]{{0,{ENDING}}}?"
    # a short ending may follow (not a whole other word: Пётр is not in Петропавловск), then digits
    return f"(?:{alts})[^\\W\\d_]{{0,{ENDING}}}{_NO_LETTER_AFTER}\\d*"


def _name_patterns(words: list[WordForms]) -> list[str]:
    """A full name in any order of its words ("Kazantsev Mikhail", "Kazantsev, Mikhail"), each pattern
    with where it may begin: at the start of a word, or anywhere if its first word is long enough."""
    orders = list(itertools.permutations(words)) if len(words) <= 3 else [tuple(words)]
    return [_start(order[0]) + r",? ?".join(_word_pattern(w, i < len(order) - 1) for i, w in enumerate(order))
            for order in orders]


def _start(first: WordForms) -> str:
    if not first.strict and min(len(f) for f in first.forms) >= INSIDE:
        return ""
    return _LETTER_BEFORE


@dataclass(frozen=True)
class Match:
    name: ProtectedName
    found: str  # the text that matched (its skeleton when searched fast)
    start: int = 0  # in the original text, when known
    end: int = 0


class Matcher:
    """Finds every protected name in any text (one compiled pattern for all of them)."""

    def __init__(self, names: Iterable[ProtectedName]) -> None:
        self.names = [n for n in names if n.words]
        entries: list[tuple[str, ProtectedName, bool]] = []  # pattern, name, strict (needs a capital)
        for n in self.names:
            words = list(n.words)
            strict = len(words) == 1 and words[0].strict
            for pattern in _name_patterns(words):
                entries.append((pattern, n, strict))
            if n.surname is not None:
                entries.append((_start(n.surname) + _word_pattern(n.surname), n, n.surname.strict))
        # longer patterns first, so a full name wins over its surname alone
        entries.sort(key=lambda e: -len(e[0]))
        self._entries = entries
        alternatives = "|".join(f"(?P<g{i}>{p})" for i, (p, _, _) in enumerate(entries))
        # the look-ahead lets the engine skip positions that cannot start a name quickly
        self._pattern = re.compile(f"(?=[^\\W\\d_])(?:{alternatives})", re.IGNORECASE) if entries else None
        forms = {f for n in self.names for w in n.words for f in w.forms}
        self._anchors = re.compile(f"(?=(?:{_trie(forms)}))") if forms else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def _matches(self, skeleton: str) -> Iterator[tuple[re.Match[str], ProtectedName]]:
        assert self._pattern is not None and self._anchors is not None
        lower = skeleton.lower()
        if len(lower) != len(skeleton):  # a letter whose lower case is longer: no shortcut
            candidates: Iterator[int] = iter(range(len(skeleton)))
        else:
            # every match begins with a form of one of the words: find those first (a plain search in
            # C), and try the whole pattern only there
            candidates = (m.start() for m in self._anchors.finditer(lower))
        end = 0
        for pos in candidates:
            if pos < end:
                continue
            m = self._pattern.match(skeleton, pos)
            if m is None:
                continue
            _, name, strict = self._entries[int(m.lastgroup[1:])]  # type: ignore[index]
            if strict and not any(c.isupper() for c in m.group(0)):
                continue  # «ли», «роман»: an ordinary word, not the name
            end = m.end()
            yield m, name

    def search(self, text: str) -> Match | None:
        """The first protected name in `text`, if any (fast: for checking whole outputs)."""
        if self._pattern is None or not text:
            return None
        for m, name in self._matches(fast_fold(text)):
            return Match(name, m.group(0))
        return None

    def find_all(self, text: str) -> list[Match]:
        """Every protected name in `text`, with where it is in the original."""
        first = self.search(text)  # the fast look first: most texts name nobody
        if first is None:
            return []
        folded = fold(text)
        out = []
        for m, name in self._matches(folded.text):
            start, end = folded.span(m.start(), m.end())
            out.append(Match(name, text[start:end], start, end))
        return out or [first]  # the two looks agree; were they ever not to, the fast one's word counts

    def replace(self, text: str, replacement: dict[str, str]) -> str:
        """Every match whose case has a replacement (case id -> pseudonym) replaced by it."""
        out: list[str] = []
        pos = 0
        for m in self.find_all(text):
            pseudonym = replacement.get(m.name.case_id)
            start, end = _balanced(text, m.start, m.end)
            if pseudonym is None or start < pos:
                continue
            note = ""
            before = _NOTE_BEFORE.search(text, pos, start)
            if before and len(m.name.words) > 1 and Matcher([_other_words(m.name)]).search(before.group(1)):
                # "Mikhail^[a note] Kazantsev": the first name goes too, the note stays
                start, note = before.start(), before.group(2)
            out.append(text[pos:start])
            out.append(pseudonym + note + _possessive(text[m.start:end]))
            pos = end
        out.append(text[pos:])
        return "".join(out)


# a word, then a footnote, right before a match
_NOTE_BEFORE = re.compile(r"([^\W\d_][\w'’*_]*)(\^\[(?:[^\[\]]|\[[^\]]*\])*\])\s*$")


def _other_words(name: ProtectedName) -> ProtectedName:
    """The other words of a name, each alone (to recognise a first name cut off by a footnote)."""
    return ProtectedName(name.name, name.case_id, tuple(w for w in name.words if w != name.surname) or name.words,
                         name.pseudonym, name.index)


def _trie(words: Iterable[str]) -> str:
    """A regular expression for any of `words`, as a trie ("ab|ac" -> "a(?:b|c)"): the engine then
    never tries the same beginning twice."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(tree)


def _possessive(found: str) -> str:
    """The English possessive ending a replaced name carried ("Kazantsev's" -> "M. K.'s")."""
    m = re.search(r"['’]s$", found)
    return m.group(0) if m else ""


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """A replaced span that takes the emphasis mark opened or closed inside it (`Kazan*tsev*`), so the
    Markdown around the pseudonym stays balanced."""
    for mark in "*~^":
        if text.count(mark, start, end) % 2:
            if text.startswith(mark, end):
                end += 1
            elif start > 0 and text[start - 1] == mark:
                start -= 1
    return start, end
