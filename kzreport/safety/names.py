"""How a protected name can be written, and finding it in any text.

Drafters list each name once, in the nominative. Two things make that enough:

- `fold` (fold.py) turns any text into a *skeleton* in which the harmless ways of writing a word differently
  look the same: compatibility forms (NFKC/NFKD), accents and decomposed letters, invisible
  characters (zero-width, soft hyphen, BOM, bidi controls), look-alike letters of another script
  inside a word (Cyrillic «а» in a Latin name, Latin «i» for Kazakh «і»), Kazakh letters (ұ, қ, ғ, ...)
  and their Russian counterparts, ё/е, letter case, every hyphen, dash and run of whitespace, every
  apostrophe, and the Markdown marks a drafter can put inside a word (`Kazan*tsev*`). The skeleton
  remembers where each of its characters came from, so a match can be replaced in the original.
- `word_forms` (forms.py) generates the forms of each name word: the Russian case forms of Cyrillic names
  (pymorphy3's dictionaries and its guesser for unknown surnames; Kazakh names are declined as
  Russian declines them), and matches every form at the start of a word whatever follows it
  (inflection endings, Kazakh suffixes, digits). A word so short or so common that it is also an
  ordinary word (the surname Ли and the particle «ли», the name Роман and «роман», a novel) is
  matched strictly: the whole word only, and only when written with a capital.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from kzreport.safety.fold import fast_fold, fold, skeletons
from kzreport.safety.forms import (
    DASHES,
    INSIDE,
    SHORT,
    SURNAME_LIKE,
    WordForms,
    is_patronymic,
    kazakh_patronymics_joined,
    word_forms,
)
from kzreport.safety.ordinary import (
    a_word_alone,
    before_an_eponym,
    ends_in_a_patronymic,
    given_name,
    not_the_person,
    one_case,
    ordinary_word,
    stands_alone,
    written_into,
)
from kzreport.safety.replacement import (
    GRID_BORDER,
    WORD_TAIL,
    balanced,
    in_table_row,
    patronymic_after,
    possessive,
    words_before,
)


@dataclass(frozen=True)
class ProtectedName:
    """A name a case protects, with every form the matcher looks for."""

    name: str  # as the drafter wrote it
    case_id: str
    words: tuple[WordForms, ...]
    pseudonym: str | None = None  # for anonymised cases: what replaces it
    index: int = 0  # its place in the case's protect: list (1-based)
    hyphenated: tuple[WordForms, ...] = ()  # the parts of a hyphenated surname (Petrova-Vodkina)
    public: tuple[str, ...] = ()  # its case's public-names: (an official of the same surname: not him)

    @property
    def has_patronymic(self) -> bool:
        return any(is_patronymic(w.word) for w in self.words)

    def describe(self) -> str:
        """Which name, without writing it: messages end up in logs that others read."""
        return f"the case {self.case_id} (entry {self.index} of its protect: list)"

    @property
    def surname(self) -> WordForms | None:
        """The surname (the last, if `surnames` found several)."""
        return self.surnames[-1] if self.surnames else None

    @property
    def surnames(self) -> tuple[WordForms, ...]:
        """The words of a full name protected on their own too: those with a surname's ending (-ов,
        -ова, -ский, -улы) and the short ones (Ким Толкын, Шин Игорь), else the one the dictionary
        takes for a surname and not for a given name, else every word that is no known given name
        (when unsure, more is protected), else the last."""
        words = self.words
        if len(words) < 2:
            return ()
        short = [w for w in words if 1 < sum(c.isalpha() for c in w.word) <= SHORT]  # (not an initial: "A. K.")
        sure = [w for w in words if not w.given  # (Ирина, Марина end like surnames)
                and (SURNAME_LIKE.search(w.word.lower()) or w in short and len(short) < len(words))]
        if sure:
            return tuple(sure)
        marked = [w for w in words if w.surname and not w.named]  # (Роман, Богдан: surnames too)
        if marked:
            return (marked[-1],)
        return tuple(w for w in words if not w.given and not given_name(w)) or (words[-1],)

    def forms(self) -> list[str]:
        """Every form, readable (for `kzreport cases`)."""
        out = [" ".join(w.forms[0] for w in self.words)]
        for w in self.words:
            out.extend(f for f in w.forms if f not in out)
        return out


def protected_name(name: str, case_id: str, pseudonym: str | None = None, index: int = 0,
                   public: tuple[str, ...] = ()) -> ProtectedName | None:
    """A listed name with its forms; None when it has no letters or digits."""
    # words as written (the dictionary needs й and ё), split where the skeleton has spaces
    parts = kazakh_patronymics_joined([[w for w in re.split(DASHES, token) if any(c.isalnum() for c in w)]
                                        for token in unicodedata.normalize("NFC", name).split()])
    words = tuple(word_forms(w) for token in parts for w in token)
    if not words:
        return None
    pn = ProtectedName(" ".join(name.split()), case_id, words, pseudonym, index, public=public)
    # a hyphenated surname (Petrova-Vodkina) is protected whole and each part alone
    compounds = [tuple(map(word_forms, token)) for token in parts if len(token) > 1]
    hyphenated = next((c for c in compounds if pn.surname in c), ())
    return dataclasses.replace(pn, hyphenated=hyphenated)


_NO_LETTER_AFTER = r"(?![^\W\d_])"
# (a short name may be followed by a capital: #FreeKimNow, KimIgor; `stands_alone` decides)
_NO_LETTER_AFTER_BUT_A_CAPITAL = r"(?:(?![^\W\d_])|(?=(?-i:[A-ZА-ЯЁ])))"
# at the start of a word (digits and punctuation may touch), or where a capital follows a small letter
# inside one (#FreeNurov, NurovFamily); case counts here, whatever the pattern's flags
_WORD_START = r"(?:(?<![^\W\d_])|(?<=(?-i:[a-zа-я]))(?=(?-i:[A-ZА-Я])))"


# the endings that make a surname of a name (Ахмет, Ахметов), or another surname of a surname's stem
_SURNAME_ENDING = re.compile(r"(?:[оеё]в|[иы]н|ov|ev|[iy]n)[аa]?$")
_NOT_ANOTHER_SURNAME = r"(?!(?:[оеё]в|[иы]н|y?ev|ov|[iy]n))"


def _word_pattern(w: WordForms, followed: bool = False) -> str:
    """One word of a name; `followed` when another word of the name comes next (and may touch it, as in
    "MikhailKazantsev2021")."""
    alts = "|".join(re.escape(f) for f in w.forms)
    if w.strict:  # (a possessive "Li's" folds to "Li s")
        return f"(?:{alts}){_NO_LETTER_AFTER_BUT_A_CAPITAL}"
    # a name that is no surname of its own kind: Ахмет's Ахметов and Ахметова are other people
    other = "" if _SURNAME_ENDING.search(w.word.lower()) else _NOT_ANOTHER_SURNAME
    # any letters may follow (inflection, Kazakh endings, KazantsevFamily, kazantsevjustice.org); where
    # they make a word of the dictionary that is not the name, it is not the name (Matcher._matches)
    if followed:
        return f"(?:{alts}){other}[^\\W\\d_]*?"
    return f"(?:{alts}){other}[^\\W\\d_]*{_NO_LETTER_AFTER}\\d*"


def _name_patterns(words: list[WordForms], any_order: bool = True) -> list[str]:
    """A full name in any order of its words ("Kazantsev Mikhail", "Kazantsev, Mikhail"), each pattern
    with where it may begin: at the start of a word, or anywhere if its first word is long enough."""
    orders = list(itertools.permutations(words)) if len(words) <= 3 and any_order else [tuple(words)]
    between = r",? ?" if any_order else " ?"
    return [_start(order[0], len(order) == 1) + between.join(_word_pattern(w, i < len(order) - 1) for i, w in enumerate(order))
            for order in orders]


def _start(first: WordForms, alone: bool = True) -> str:
    if first.strict and alone:  # at a capital, even inside a word: `stands_alone` takes that only in a hashtag
        return r"(?=(?-i:[A-ZА-ЯЁ]))"
    if first.strict:
        return _WORD_START  # (a full name: #FreeLiVadim, example.org/livadim)
    return "" if min(len(f) for f in first.forms) >= INSIDE else _WORD_START


@dataclass(frozen=True)
class Match:
    name: ProtectedName
    found: str  # the text that matched (its skeleton when searched fast)
    start: int = 0  # in the original text, when known
    end: int = 0


@dataclass(frozen=True)
class _Entry:
    """One alternative of the matcher's pattern: the name it finds and, if it is one word alone, which."""

    pattern: str
    name: ProtectedName
    word: WordForms | None


class Matcher:
    """Finds every protected name in any text (one compiled pattern for all of them)."""

    def __init__(self, names: Iterable[ProtectedName], *, whole: bool = False) -> None:
        """`whole`: each name only whole and in the order written (public names: not their surname alone,
        not "Kazantsev, Igor" for Igor Kazantsev)."""
        self.names = [n for n in names if n.words]
        self._public = _public_matcher(tuple(sorted({p for n in self.names for p in n.public})))
        entries: list[_Entry] = []
        for n in self.names:
            words = list(n.words)
            for pattern in _name_patterns(words, any_order=not whole):
                entries.append(_Entry(pattern, n, words[0] if len(words) == 1 else None))
            if whole:
                continue
            if pair := _given_and_patronymic(n):  # «Михаил Петрович»: how he is named politely
                entries.extend(_Entry(pattern, n, None) for pattern in _name_patterns(pair))
            alone = tuple(dict.fromkeys((*n.hyphenated, *n.surnames)))
            if n.hyphenated:  # the whole surname, and each of its parts alone
                entries.extend(_Entry(pattern, n, None) for pattern in _name_patterns(list(n.hyphenated)))
            entries.extend(_Entry(_start(w) + _word_pattern(w), n, w) for w in alone)
        # longer patterns first, so a full name wins over its surname alone
        entries.sort(key=lambda e: -len(e.pattern))
        self._entries = entries
        alternatives = "|".join(f"(?P<g{i}>{e.pattern})" for i, e in enumerate(entries))
        # the look-ahead lets the engine skip positions that cannot start a name quickly
        self._pattern = re.compile(f"(?=[^\\W\\d_])(?:{alternatives})", re.IGNORECASE) if entries else None
        forms = {f for n in self.names for w in n.words for f in w.forms}
        self._anchors = re.compile(f"(?=(?:{_trie(forms)}))") if forms else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def _matches(self, skeleton: str, joined: bool = False) -> Iterator[tuple[re.Match[str], ProtectedName]]:
        assert self._pattern is not None and self._anchors is not None
        lower = skeleton.lower()
        if len(lower) != len(skeleton):  # a letter whose lower case is longer: no shortcut
            candidates: Iterator[int] = iter(range(len(skeleton)))
        else:
            # every match begins with a form of one of the words: find those first (a plain search in
            # C), and try the whole pattern only there
            candidates = (m.start() for m in self._anchors.finditer(lower))
        end = 0
        public: list[tuple[int, int]] | None = None  # where the case's public names are (found when needed)
        for pos in candidates:
            if pos < end:
                continue
            m = self._pattern.match(skeleton, pos)
            if m is None:
                continue
            entry = self._entries[int(m.lastgroup[1:])]  # type: ignore[index]
            word = entry.word
            if word is not None and word.strict and not stands_alone(skeleton, pos, m.end()):
                continue  # «ли», «роман»: an ordinary word, not the name; k3Li7Rz, lowerRoman
            if self._public is not None:
                if public is None:
                    public = [(p.start(), p.end()) for p, _ in self._public._matches(skeleton, joined)
                              if one_case(p.group(0))]
                if any(a <= pos and m.end() <= b and b - a > m.end() - pos for a, b in public):
                    continue  # President Kassym-Jomart Tokayev, listed in public-names:, is not Erbolat Tokayev
            if pos and skeleton[pos - 1].isalpha() and not written_into(skeleton, pos):
                continue  # Кожахметов, Абильсеитова: another surname that ends like the name
            if not_the_person(lower, pos, m.end(), joined):
                continue  # протестовавших, Nur-Sultan, ул. Абая: a word or a place the name is part of
            if word is None and ends_in_a_patronymic(m.group(0), entry.name.has_patronymic):
                continue  # Иван Петрович Сидоров, Ivan Petrovich: not Иван Петров
            if word is not None and given_name(word) and before_an_eponym(lower, m.end()):
                continue  # театр имени Мухтара Ауэзова: the eponym's given name, not a victim Мұхтар
            if word is not None and a_word_alone(skeleton, pos, m.end(), word, listed_alone=len(entry.name.words) == 1):
                continue  # азаматы, әділ сот (Азамат, Әділ); the German Embassy (Герман)
            if word is not None and not word.strict and m.group(0) in word.ordinary:
                continue  # «кузнецов» alone in lower case: "of smiths", not Кузнецов
            if word is not None and not word.strict and ordinary_word(m.group(0).lower(), word, lower[m.end():m.end() + 9]):
                continue  # Алма with letters after it is Алматы, a city; Асыл, asylum; Choi, choice
            name = entry.name
            end = m.end()
            yield m, name

    def search(self, text: str) -> Match | None:
        """The first protected name in `text`, if any (fast: for checking whole outputs)."""
        if self._pattern is None or not text:
            return None
        for skeleton, joined in skeletons(text):
            for m, name in self._matches(skeleton, joined):
                return Match(name, m.group(0))
        return None

    def find_all(self, text: str) -> list[Match]:
        """Every protected name in `text`, with where it is in the original (in the order of the text)."""
        first = self.search(text)  # the fast look first: most texts name nobody
        if first is None:
            return []
        out: list[Match] = []
        for joined in (False, True):  # "Kazan-tsev" is found only with the dash left out
            folded = fold(text, joined)
            for m, name in self._matches(folded.text, joined):
                start, end = folded.span(m.start(), m.end())
                end = self._before_note(text, start, end)
                if not any(start < o.end and o.start < end for o in out):
                    out.append(Match(name, text[start:end], start, end))
        return sorted(out, key=lambda m: m.start) or [first]  # were the looks ever not to agree, the fast one's word counts

    def _before_note(self, text: str, start: int, end: int) -> int:
        """Where a match ends that runs on over a note or a link after the name: the skeleton leaves their
        brackets out, so "Kazantsev^[Interview" reads as one word, the name with an ending."""
        assert self._pattern is not None
        for bracket in _NOTE_OR_LINK.finditer(text, start + 1, end):
            if self._pattern.match(fast_fold(text[start:bracket.start()], joined=True)):
                return bracket.start()  # the name is whole before it
        return end

    def replace(self, text: str, replacement: dict[str, str]) -> str:
        """Every match whose case has a replacement (case id -> pseudonym) replaced by it."""
        out: list[str] = []
        pos = 0
        grid = GRID_BORDER.search(text) is not None  # a grid table: its rows keep their width
        for m in self.find_all(text):
            pseudonym = replacement.get(m.name.case_id)
            start, end = balanced(text, m.start, m.end)
            if pseudonym is None or start < pos:
                continue
            start, note = words_before(text, pos, start, *_other_words(m.name)) if len(m.name.words) > 1 else (start, "")
            end = patronymic_after(text, end)
            replaced = pseudonym + note + possessive(text[m.start:end])
            if replaced.endswith(".") and text[end:end + 1] == ".":
                end += 1  # "... Kazantsev." is "... M. K.", not "M. K.."
            if grid and in_table_row(text, start):  # the columns' borders stay where they are
                tail = m2.group() if (m2 := WORD_TAIL.match(text, end)) else ""  # ("'s": padded after it)
                replaced, end = (replaced + tail).ljust(end + len(tail) - start), end + len(tail)
            out.append(text[pos:start])
            out.append(replaced)
            pos = end
        out.append(text[pos:])
        return "".join(out)


_NOTE_OR_LINK = re.compile(r"[\^\[\]]")  # Kazantsev^[a note], Kazantsev[^1], [Kazantsev][ref]

@functools.cache  # (one matcher per name, not one compiled for every replacement)
def _other_words(name: ProtectedName) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Whether a word is one of the other words of a name than its surname (to recognise a first name
    cut off from the surname by a footnote, a patronymic or a nickname), and whether a word could be a pet
    name of its given name (Миша, Misha for Михаил)."""
    others = [w for w in name.words if w not in name.surnames] or list(name.words)
    matcher = Matcher(ProtectedName(name.name, name.case_id, (w,), name.pseudonym, name.index) for w in others)
    # (a pet name is shorter than the name: Миша, Misha for Михаил; not Мухтар or Мадина for Марат)
    pet = {(f[0], len(w.word)) for w in others for f in w.forms if f}
    return (lambda word: matcher.search(word) is not None), \
        (lambda word: any(f == fast_fold(word[:1]).lower() and len(word) < n for f, n in pet))


@functools.cache
def _public_matcher(public: tuple[str, ...]) -> Matcher | None:
    """The public names (of officials, lawyers) that the protected names' cases list, found whole only."""
    names = [n for n in (protected_name(p, "public") for p in public) if n]
    return Matcher(names, whole=True) if names else None


def _given_and_patronymic(name: ProtectedName) -> list[WordForms]:
    """The given name and patronymic of a full name that has both and a surname (Михаил Петрович
    Казанцев, Айгерим Нурлановна Секретова); else nothing."""
    if len(name.words) < 3:
        return []
    patronymics = [w for w in name.words if is_patronymic(w.word)]
    given = [w for w in name.words if w not in patronymics and w not in name.surnames]
    return [given[0], patronymics[0]] if len(patronymics) == 1 and len(given) == 1 else []


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


