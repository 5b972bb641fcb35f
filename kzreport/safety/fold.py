"""Folding: any text turned into a *skeleton* in which the harmless ways of writing a word differently
look the same (compatibility forms, accents, invisible characters, look-alike letters of another
script, Kazakh letters and their Russian counterparts, ё/е, case, dashes, apostrophes, whitespace and
the Markdown marks a drafter can put inside a word). The skeleton remembers where each of its
characters came from, so a match can be replaced in the original (names.py)."""

from __future__ import annotations

import contextlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from kzreport.layout import BUILTIN_DATA

# Letters drawn the same in Latin and Cyrillic, lower and upper case apart (h and н are not alike; H and Н are).
# (Where a Latin letter has two, the last is its Cyrillic kin: I is І, the Kazakh letter, not the palochka Ӏ.)
_LOOK_ALIKES = "aа cс eе oо pр xх yу iі jј sѕ hһ dԁ vѵ lӏ AА BВ CС EЕ HН KК MМ OО PР TТ XХ YУ IӀ IІ JЈ SЅ VѴ"
_TO_CYR = {pair[0]: pair[1] for pair in _LOOK_ALIKES.split()}
TO_LAT = {pair[1]: pair[0] for pair in _LOOK_ALIKES.split()}
# Greek letters that pass for Latin ones (Greek text is not expected in these documents).
_GREEK = {"α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o",
          "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ς": "c", "σ": "o", "ω": "w", "ϲ": "c",
          "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
          "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ζ": "Z"}
# Kazakh (and other Cyrillic) letters folded to the Russian letter they are written as in Russian texts;
# ё and й arrive here already as е and и (NFKD takes their accents off).
_CYR_FOLD = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
             "ї": "и", "є": "е", "ґ": "г", "ў": "у", "ј": "и", "ѕ": "з", "ԁ": "д", "ԛ": "к", "ԝ": "в"}

DASH_CHARS = "-‐‑‒–—―⁃−﹘﹣－_"
_APOSTROPHES = "'’‘‛ʼʻʹʽˈˊ`´′‵＇ꞌ"
# Markdown marks a drafter can put inside a word; they never separate the letters a reader sees.
_MARKUP = "*~^\\[]{}"


def _with_upper(table: dict[str, str]) -> dict[str, str]:
    return table | {k.upper(): v.upper() for k, v in table.items() if k.upper() != k}


KAZ_TABLE = str.maketrans(_with_upper(_CYR_FOLD))
KAZ_TABLE_CHARS = frozenset(map(chr, KAZ_TABLE))
# str.translate looks every character up in its table; these letters are rare, so they are found first
_KAZAKH = re.compile(f"[{''.join(map(chr, KAZ_TABLE))}]+")


def _to_russian(run: re.Match[str]) -> str:
    return run.group().translate(KAZ_TABLE)


def _char_class(codepoints: Iterable[int]) -> str:
    """A regular expression's character class of `codepoints`, written as ranges."""
    spans: list[list[int]] = []
    for cp in sorted(codepoints):
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in spans)


_CYRILLIC_BLOCKS = [range(0x400, 0x530), range(0x1C80, 0x1C90), range(0xA640, 0xA6A0)]
_LATIN_BLOCKS = [range(0x41, 0x5B), range(0x61, 0x7B), range(0xC0, 0x250)]
_CYRILLIC = _char_class(cp for block in _CYRILLIC_BLOCKS for cp in block)
_LATIN = _char_class(cp for block in _LATIN_BLOCKS for cp in block)


def _letters(blocks: list[range]) -> str:
    """The letters of these blocks ("×" is in Latin-1, but it is no letter and starts no word)."""
    return _char_class(cp for block in blocks for cp in block if chr(cp).isalpha())


# a word written in two scripts has two letters of different scripts side by side
SCRIPT_CHANGE = re.compile(f"[{_letters(_LATIN_BLOCKS)}][{_letters(_CYRILLIC_BLOCKS)}]|"
                           f"[{_letters(_CYRILLIC_BLOCKS)}][{_letters(_LATIN_BLOCKS)}]")
_WORD_AROUND = re.compile(r"[^\W\d_]+")
CYR_CHAR = re.compile(f"[{_CYRILLIC}]")
_LAT_CHAR = re.compile(f"[{_LATIN}]")
_SPACES = re.compile(" {2,}")
# What dashes and the no-break and thin spaces fold to until `_finish` makes them spaces or, in the
# joined skeleton, leaves them out between two letters (control characters: no text has them).
_DASH = "\x1f"
_TIGHT = "\x1e"
# An apostrophe is left out (Ko'pbosynov is Kopbosynov), but before a possessive s it is a space: "Li's"
# is the name Li, not a word "Lis", and "Tennis" is no possessive of Ten.
_APOSTROPHE = "\x1d"
_POSSESSIVE = re.compile(f"{_APOSTROPHE}(?=s(?![^\\W\\d_]))")
_TIGHT_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2006\u2005\u2008"
_TIGHT_RUN = re.compile(f"[{_TIGHT_SPACES}]")
# a dash or a tight space between two letters (a line break may follow: a word hyphenated at a line's end)
# (written to begin with the mark, not a look-behind: the engine then finds the marks fast)
_INNER = re.compile(f"[{_DASH}{_TIGHT}](?<=[^\\W\\d_][{_DASH}{_TIGHT}])[{_DASH}{_TIGHT}]* ?(?=[^\\W\\d_])")
# a word spaced out letter by letter ("К а з а н ц е в", "K.a.z.a.n", "K·a·z·a·n", "K. a. z. a. n"): four
# letters or more, each after one mark (or a full stop and a space)
_BETWEEN = f"(?:[ .·•/,{_TIGHT}]|\\. )"
_SPACED_OUT = re.compile(f"(?<![^\\W\\d_])[^\\W\\d_](?:{_BETWEEN}[^\\W\\d_]){{3,}}(?![^\\W\\d_])")
_MAYBE_SPACED_OUT = re.compile(f"{_BETWEEN}[^\\W\\d_]{_BETWEEN}[^\\W\\d_]{_BETWEEN}")  # found faster


@cache
def _table() -> dict[int, str | None]:
    """One str.translate table: invisible characters and marks dropped, separators made spaces."""
    table: dict[int, str | None] = {}
    # the planes where characters are (the BMP, and plane 1's marks and format controls: U+1D173 ...)
    planes = range(0x20000)
    for cp, category in zip(planes, map(unicodedata.category, map(chr, planes)), strict=True):  # in C: fast
        if category in _SPACES_AND_INVISIBLES:
            table[cp] = " " if category[0] == "Z" or chr(cp).isspace() else None
    for cp in _IGNORABLE_UNASSIGNED:
        table[cp] = None
    for cp in _BLANK_LETTERS:
        table[cp] = None
    del table[ord(_TIGHT)]  # the mark _fold_chars puts for a tight space before this table is applied
    del table[ord(_APOSTROPHE)]  # (a control character the text may hold: it reads as an apostrophe)
    for ch in DASH_CHARS:
        table[ord(ch)] = _DASH
    for ch in _APOSTROPHES:
        table[ord(ch)] = _APOSTROPHE
    for ch in _MARKUP:
        table[ord(ch)] = None
    table.update(_look_alikes())
    for k, v in _GREEK.items():
        table[ord(k)] = v
    table.update(_named_look_alikes())
    return table


def _look_alikes() -> dict[int, str]:
    """Letters of other scripts drawn like a Latin or Russian letter (Cherokee Ꮶ, Lisu ꓮ): Unicode's
    confusables, as scripts/make_look_alikes.py picked them."""
    out = {}
    for line in (BUILTIN_DATA / "look-alikes.txt").read_text(encoding="utf-8").split("\n"):
        if line.startswith("U+"):
            code, letter = line.split()[:2]
            out[int(code[2:], 16)] = letter
    return out


# Characters that show nothing: Unicode's Default_Ignorable_Code_Point that are not format controls or
# marks (Hangul fillers, which are letters; the unassigned code points reserved as ignorable), and the
# blank Braille pattern.
_SPACES_AND_INVISIBLES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me", "Cs"})  # Cc: tab, line feed too
_BLANK_LETTERS = (0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800)
_IGNORABLE_UNASSIGNED = (*range(0x2060, 0x2070), *range(0xFFF0, 0xFFF9), *range(0xE0000, 0xE1000))
_SMALL_CAPITAL = re.compile(r"(?:LATIN|MODIFIER) LETTER SMALL CAPITAL ([A-Z])")
# a letter with a stroke, a bar or a hook, which Unicode does not take apart (Polish ł, ƶ, Ƙ, Ⱪ, ø), and the
# letters in squares and circles drawn white on black (🅺)
_WITH_MARK = re.compile(r"LATIN (SMALL|CAPITAL) LETTER ([A-Z]) WITH .+")
_ENCLOSED = re.compile(r"NEGATIVE (?:SQUARED|CIRCLED) LATIN CAPITAL LETTER ([A-Z])")
# and the Cyrillic letters with a hook, a stroke or a tail, of other languages (Ӄ, Ҡ: К)
_CYRILLIC_MARKED = re.compile(r"CYRILLIC (SMALL|CAPITAL) LETTER (?:BASHKIR ([A-Z]+)|([A-Z ]+?) WITH .+)")
# Latin letters drawn like another letter: ɑ, ɡ, ı (dotless i, which Kazakh's Latin alphabet of 2021 has), ɩ, ȷ
_DRAWN_AS = {"ALPHA": "a", "SCRIPT G": "g", "DOTLESS I": "i", "IOTA": "i", "DOTLESS J": "j", "KRA": "k",
             "V WITH HOOK": "v"}
_DRAWN_AS_NAME = re.compile(rf"LATIN SMALL LETTER ({'|'.join(_DRAWN_AS)})")


def _named_look_alikes() -> dict[int, str]:
    """Small capitals (ᴋᴀᴢᴀɴᴛsᴇᴠ) as the capital they are drawn as (so ʜ and ʙ in a Cyrillic word are
    Н and В), the letters of `_DRAWN_AS`, _WITH_MARK, _ENCLOSED and _CYRILLIC_MARKED, found by their
    Unicode names."""
    out = {}
    for cp in itertools.chain(range(0xC0, 0x2B0), range(0x1D00, 0x1DC0), range(0x2C60, 0x2C80), range(0xA720, 0xA800),
                              range(0x1F150, 0x1F190)):
        name = unicodedata.name(chr(cp), "")
        if m := _SMALL_CAPITAL.fullmatch(name):
            out[cp] = m.group(1)
        elif m := _DRAWN_AS_NAME.fullmatch(name):
            out[cp] = _DRAWN_AS[m.group(1)]
        elif m := _WITH_MARK.fullmatch(name):
            out[cp] = m.group(2).lower() if m.group(1) == "SMALL" else m.group(2)
        elif m := _ENCLOSED.fullmatch(name):
            out[cp] = m.group(1)
    for cp in itertools.chain(range(0x460, 0x530), range(0xA640, 0xA6A0)):
        m = _CYRILLIC_MARKED.fullmatch(unicodedata.name(chr(cp), ""))
        if m and chr(cp) not in KAZ_TABLE_CHARS:  # (Kazakh letters are folded to Russian ones later)
            with contextlib.suppress(KeyError):
                out[cp] = unicodedata.lookup(f"CYRILLIC {m.group(1)} LETTER {m.group(2) or m.group(3)}")
    return out


@cache
def _changing(astral: bool) -> re.Pattern[str]:
    """Runs of the characters that `_table` changes. A text has few (about 2 in 100: line breaks,
    dashes, brackets), and translating only those is twice as fast as translating every character.
    Those of the BMP alone, unless `astral`: the engine checks a class of the BMP in one look-up, but the
    ranges beyond it one by one (the whole class would make every text 20 times slower)."""
    changed = [cp for cp, to in _table().items() if to != chr(cp) and (astral or cp < 0x10000)]
    return re.compile(f"[{_char_class(changed)}]+")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _translate(run: re.Match[str]) -> str:
    return run.group().translate(_table())


def _fold_chars(text: str) -> str:
    """Compatibility forms, accents, invisibles, separators, in C but for the few characters that
    change. Case is kept. (Tight spaces and letters in parentheses are changed first: NFKD would make
    them plain spaces, and "(k)".)"""
    if _TIGHT_RUN.search(text):
        text = _TIGHT_RUN.sub(_TIGHT, text)
    if _IN_PARENTHESES_RUN.search(text):
        text = text.translate(_IN_PARENTHESES)
    return _changing(_ASTRAL.search(text) is not None).sub(_translate, unicodedata.normalize("NFKD", text))


def _fold_char(ch: str) -> str:
    """`_fold_chars` of one character (for `fold`, which goes character by character)."""
    if ch in _TIGHT_SPACES:
        return _TIGHT
    return unicodedata.normalize("NFKD", _IN_PARENTHESES.get(ord(ch), ch)).translate(_table())


# the letters in parentheses, ⒦ and 🄚, as the letter (one character, so positions do not move); and the
# acute accent written as an apostrophe (Ro´ziyeva), which NFKD would make a space and a mark
_IN_PARENTHESES = {**{0x249C + i: chr(ord("a") + i) for i in range(26)}, **{0x1F110 + i: chr(ord("A") + i) for i in range(26)},
                   0xB4: "'"}
_IN_PARENTHESES_RUN = re.compile("[\u249c-\u24b5\U0001f110-\U0001f129\u00b4]")


def fix_word(word: str) -> str:
    """A word written in two scripts, in one: the letters of one script that are drawn exactly like
    letters of the other («Сhоkаn»: С, о, а; «BAДИM»: B, A, M) become those; if both could, the
    script of most of its letters wins."""
    cyr = CYR_CHAR.findall(word)
    lat = _LAT_CHAR.findall(word)
    to_lat = all(c in TO_LAT for c in cyr)
    to_cyr = all(c in _TO_CYR for c in lat)
    if to_lat and to_cyr:
        table = _TO_CYR if len(cyr) >= len(lat) else TO_LAT
    elif to_lat or to_cyr:
        table = TO_LAT if to_lat else _TO_CYR
    else:
        return word
    return "".join(table.get(c, c) for c in word)


def _unify(text: str) -> str:
    """Look-alikes of the minority script in a word written in the majority script; Kazakh letters as
    Russian ones; the digits 3 and 0 in a word as З and О (a scanned paper read by a machine). Character
    for character, so positions do not move."""
    if _DIGIT_IN_WORD.search(text):
        text = _DIGIT_IN_WORD.sub(_digit_as_letter, text)
    changes = [m.start() for m in SCRIPT_CHANGE.finditer(text)]
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
            chars[m.start():m.end()] = fix_word(m.group(0))
            done = m.end()
        text = "".join(chars)
    return _KAZAKH.sub(_to_russian, text) if _KAZAKH.search(text) else text



# (a digit of a number is no letter: 20марта, 10мин)
_DIGIT_IN_WORD = re.compile(f"(?<!\\d)(?:(?<=[{_CYRILLIC}])[306]|[306](?=[{_CYRILLIC}])|(?<=[A-Za-z])0|0(?=[A-Za-z]))(?!\\d)")
_DIGIT_AS_CYRILLIC = {"3": "з", "0": "о", "6": "б"}


def _digit_as_letter(m: re.Match[str]) -> str:
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    letter = _DIGIT_AS_CYRILLIC[m.group()] if CYR_CHAR.search(before + after) else "o"
    return letter if before.isalpha() else letter.upper()  # first in its word: a capital


def unify_scripts(text: str) -> str:
    """`text` with look-alike letters of the other script read as the script of their word («Тулeгeнoв»:
    Cyrillic е, о), character for character (positions do not move); for the named-entity recogniser."""
    return "".join(fix_word(w) if SCRIPT_CHANGE.search(w) else w for w in re.split(r"(\W+)", text))


def _join(raw: str) -> str:
    """`raw` (from `_fold_chars`) as the joined skeleton reads it: dashes and tight spaces between two
    letters left out, then the spaces of a word spaced out letter by letter (in C but for those words)."""
    return _SPACED_OUT.sub(_letters_only, _INNER.sub("", raw))


def _letters_only(spaced: re.Match[str]) -> str:
    return "".join(ch for ch in spaced.group() if ch.isalpha())  # "K a z a n": the letters without the marks


def _finish(raw: str, joined: bool) -> str:
    """A skeleton from `_fold_chars`: dashes and tight spaces made spaces (or, `joined`, first left out
    where `_join` says), a run of spaces made one, the letters of a word in one script."""
    if joined:
        raw = _join(raw)
    if _APOSTROPHE in raw:
        raw = _POSSESSIVE.sub(" ", raw).replace(_APOSTROPHE, "")
    return _unify(_SPACES.sub(" ", raw.replace(_DASH, " ").replace(_TIGHT, " ")))


def fast_fold(text: str, joined: bool = False) -> str:
    """The skeleton of `text` (see the module's docstring); letter case is kept. A dash is a space in it,
    or, `joined`, nothing between two letters ("Kazan-tsev", "Kazan‑\ntsev", "K a z a n t s e v" as
    "Kazantsev")."""
    return _finish(_fold_chars(text), joined)


def skeletons(text: str) -> Iterator[tuple[str, bool]]:
    """The skeleton of `text`, then, if a dash or a tight space stands between two letters in it or a
    word is spaced out, the joined skeleton (the name "Kazan-tsev" hides in the one, "anti-Kazantsev"
    in the other); each with whether it is the joined one."""
    raw = _fold_chars(text)
    yield _finish(raw, False), False
    joins = [m.span() for m in _INNER.finditer(raw)]
    if _MAYBE_SPACED_OUT.search(raw):
        joins += [m.span() for m in _SPACED_OUT.finditer(raw)]
    if joins:
        # only around the joins (a name is shorter than _NEAR), cut where a space is: the rest of the
        # text reads the same in both
        windows: list[list[int]] = []
        for start, end in sorted(joins):
            start = max(0, raw.rfind(" ", 0, max(0, start - _NEAR)))
            end = raw.find(" ", min(len(raw), end + _NEAR))
            end = len(raw) if end < 0 else end
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        yield "\n".join(_finish(raw[start:end], True) for start, end in windows), True


_NEAR = 60  # characters: longer than a full name with its patronymic


@dataclass(frozen=True)
class Folded:
    """A skeleton and, for each of its characters, the index of the original character it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's [start, end) that the skeleton's [start, end) came from."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str, joined: bool = False) -> Folded:
    """`fast_fold`, remembering where each character came from (slower: for texts with a match)."""
    pieces: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for piece in _fold_char(ch):
            pieces.append(piece)
            where.append(i)
    if joined:  # as _join does it, keeping track
        pieces, where = _kept(pieces, where, {i for m in _INNER.finditer("".join(pieces)) for i in range(*m.span())})
        pieces, where = _kept(pieces, where, {m.start() + i for m in _SPACED_OUT.finditer("".join(pieces))
                                              for i, ch in enumerate(m.group()) if not ch.isalpha()})
    possessive = {m.start() for m in _POSSESSIVE.finditer("".join(pieces))}
    chars: list[str] = []
    origin: list[int] = []
    for i, (piece, at) in enumerate(zip(pieces, where, strict=True)):
        if piece == _APOSTROPHE and i not in possessive:
            continue
        if piece in (_DASH, _TIGHT, _APOSTROPHE):
            piece = " "
        if piece == " " and chars and chars[-1] == " ":
            continue  # a run of whitespace, dashes and separators is one space
        chars.append(piece)
        origin.append(at)
    return Folded(_unify("".join(chars)), tuple(origin))


def _kept(pieces: list[str], where: list[int], left_out: set[int]) -> tuple[list[str], list[int]]:
    kept = [i for i in range(len(pieces)) if i not in left_out]
    return [pieces[i] for i in kept], [where[i] for i in kept]


def fold_text(text: str) -> str:
    """A skeleton for comparing: `fast_fold`, lower case."""
    return fast_fold(text).lower()
