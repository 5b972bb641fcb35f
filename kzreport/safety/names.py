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

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

# -- folding ---------------------------------------------------------------------------------------

# Look-alike letters, by appearance, between Latin and Cyrillic.
_CYR_LAT = [("а", "a"), ("в", "b"), ("е", "e"), ("к", "k"), ("м", "m"), ("н", "h"), ("о", "o"), ("р", "p"),
            ("с", "c"), ("т", "t"), ("у", "y"), ("х", "x"), ("і", "i"), ("ј", "j"), ("ѕ", "s"), ("ԁ", "d"),
            ("һ", "h"), ("ӏ", "l"), ("ԛ", "q"), ("ԝ", "w"), ("ү", "y"), ("п", "n"), ("и", "u"), ("г", "r")]
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


_TO_CYR = _with_upper({lat: cyr for cyr, lat in _CYR_LAT})
_TO_LAT = _with_upper(dict(_CYR_LAT))
_KAZ = _with_upper(_CYR_FOLD)
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
    import sys

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
    del sys
    return table


def _fold_chars(text: str) -> str:
    """Compatibility forms, accents, invisibles, separators: one C-speed pass each. Case is kept."""
    return unicodedata.normalize("NFKD", text).translate(_table())


def _fix_word(word: str) -> str:
    cyr = len(_CYR_CHAR.findall(word))
    lat = len(_LAT_CHAR.findall(word))
    table = _TO_CYR if cyr >= lat else _TO_LAT
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


_KAZ_TABLE = str.maketrans(_KAZ)


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
SHORT = 3  # letters: a word this short is matched strictly
_COMMON = 0.25  # share of a word's dictionary readings that are not a name, above which it is "common"


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
    base = fold_text(word)
    letters = sum(c.isalpha() for c in base)
    forms = {base}
    spelled = {word.lower()}
    strict = letters <= SHORT
    surname = False
    if _CYR_CHAR.search(base):
        parses = _morph().parse(_dictionary_spelling(word))  # type: ignore[attr-defined]
        named = [p for p in parses if any(t in p.tag for t in _NAME_TAGS)]
        surname = any("Surn" in p.tag for p in named)
        nominative = [p for p in named if "nomn" in p.tag] or named
        for p in nominative:
            for f in p.lexeme:
                if "plur" not in f.tag:  # one person: singular forms (a family's plural has the same stem)
                    forms.add(fold_text(f.word))
                    spelled.add(f.word)
        common = sum(p.score for p in parses if not any(t in p.tag for t in _NAME_TAGS)
                     and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer")
        strict = strict or common >= _COMMON
    # a form much shorter than the name itself would match unrelated words
    forms = {f for f in forms if len(f) >= min(len(base), SHORT + 1) or f == base}
    return WordForms(word, tuple(sorted(forms, key=lambda f: (-len(f), f))), strict, surname,
                     tuple(sorted(spelled, key=lambda f: (len(f), f))))


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


def _word_pattern(w: WordForms, last: bool) -> str:
    alts = "|".join(re.escape(f) for f in w.forms)
    if w.strict:
        return f"(?:{alts}){_NO_LETTER_AFTER}"
    # any letters or digits may follow a form (inflection endings, suffixes, "2022")
    return f"(?:{alts})[^\\W_]*" if last else f"(?:{alts})[^\\W\\d_]*"


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
            entries.append((" ?".join(_word_pattern(w, i == len(words) - 1) for i, w in enumerate(words)),
                            n, len(words) == 1 and words[0].strict))
            if n.surname is not None:
                entries.append((_word_pattern(n.surname, True), n, n.surname.strict))
        # longer patterns first, so a full name wins over its surname alone
        entries.sort(key=lambda e: -len(e[0]))
        self._entries = entries
        alternatives = "|".join(f"(?P<g{i}>{p})" for i, (p, _, _) in enumerate(entries))
        # at the start of a word only (the look-ahead lets the engine skip other positions quickly)
        self._pattern = re.compile(f"{_LETTER_BEFORE}(?=[^\\W\\d_])(?:{alternatives})", re.IGNORECASE) \
            if entries else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def _matches(self, skeleton: str) -> Iterator[tuple[re.Match[str], ProtectedName]]:
        assert self._pattern is not None
        for m in self._pattern.finditer(skeleton):
            _, name, strict = self._entries[int(m.lastgroup[1:])]  # type: ignore[index]
            if strict and not any(c.isupper() for c in m.group(0)):
                continue  # «ли», «роман»: an ordinary word, not the name
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
        if self._pattern is None or not text or self.search(text) is None:
            return []
        folded = fold(text)
        out = []
        for m, name in self._matches(folded.text):
            start, end = folded.span(m.start(), m.end())
            out.append(Match(name, text[start:end], start, end))
        return out

    def replace(self, text: str, replacement: dict[str, str]) -> str:
        """Every match whose case has a replacement (case id -> pseudonym) replaced by it."""
        out: list[str] = []
        pos = 0
        for m in self.find_all(text):
            pseudonym = replacement.get(m.name.case_id)
            start, end = _balanced(text, m.start, m.end)
            if pseudonym is None or start < pos:
                continue
            out.append(text[pos:start])
            out.append(pseudonym + _possessive(text[start:end]))
            pos = end
        out.append(text[pos:])
        return "".join(out)


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
