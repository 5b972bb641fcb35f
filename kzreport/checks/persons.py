"""A safety net beyond the protect: lists: person names in sensitive cases that nobody protected.

Drafters list the victim's name, and forget the brother who is named two paragraphs later. `kzreport
check` reads the text of every anonymised and confidential case and warns about each person name it
finds that is neither protected nor the pseudonym:

- Russian (Cyrillic) text: natasha's named-entity recogniser (its news model ships inside the PyPI
  package and runs offline);
- English (Latin) text: a given name from gender-guesser's list of about 40,000 first names of
  many countries (Kazakh and Russian transliterations included), followed by a capitalised
  surname, or a title (Mr, Ms, Dr, ...) followed by a capitalised word.
These are warnings: a recogniser misses names and finds some that are not names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from kzreport.errors import Diagnostics
from kzreport.model import Block, Project
from kzreport.safety.dictionaries import given_names
from kzreport.safety.disclosure import PROTECTING, protected_names
from kzreport.safety.fold import fast_fold, unify_scripts
from kzreport.safety.names import Matcher, protected_name

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# a street, an avenue, a region named after someone ("Abai Avenue"): a place (more words than the leak
# guard's list in safety/ordinary.py, on purpose: skipping a warning costs less than skipping a name)
_PLACES = r"(?:Street|St|Avenue|Ave|Prospekt|Boulevard|Square|Region|District|Oblast|улиц\w*|проспект\w*|просп|пр|ул|" \
          r"бульвар\w*|переул\w*|площад\w*|район\w*|област\w*|микрорайон\w*|мкр)"
_PLACE_WORD = re.compile(rf"\b{_PLACES}\b", re.IGNORECASE)
_PLACE_BEFORE = re.compile(rf"\b{_PLACES}\.?\s+$", re.IGNORECASE)
_PLACE_AFTER = re.compile(rf"\s+{_PLACES}\b", re.IGNORECASE)
_NOT_PEOPLE = re.compile(r"\b(?:Nur Otan|Nur Sultan|Christian Aid|Нур Отан|Нур Султан)\b", re.IGNORECASE)
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Judge|Mister|Madam)\.?"
_CAP = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_LATIN_CANDIDATE = re.compile(rf"\b(?:{_TITLE}\s+({_CAP})|({_CAP})\s+({_CAP}))")
_NOT_GIVEN = {"unknown", None}
_INITIALS = re.compile(r"(?:\w{1,2}\.\s*)+\w{0,2}\.?")  # «Й. Т.», "M. K.": already anonymised
# capitalised words that begin sentences and are also somebody's given name somewhere
_STOP = {"The", "A", "An", "In", "On", "At", "This", "That", "These", "Those", "His", "Her", "Its", "He", "She", "It",
         "After", "Before", "When", "While", "As", "By", "For", "From", "With", "Without", "Of", "To", "And", "But",
         "Or", "If", "Then", "There", "Their", "They", "We", "Our", "Under", "Since", "During", "Although", "Despite",
         "According", "Upon", "Later", "Only", "Both", "Each", "All", "No", "Not", "Neither", "Such", "So"}


@cache
def _russian_ner() -> tuple[object, object]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def russian_persons(text: str) -> Iterator[tuple[int, str]]:
    """(offset, name) of each person natasha finds."""
    from natasha import Doc

    segmenter, tagger = _russian_ner()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    for span in doc.spans:
        if span.type == "PER" and not _INITIALS.fullmatch(span.text) and _may_be_name(span.text):
            yield span.start, span.text


def _may_be_name(text: str) -> bool:
    """A one-word "person" the dictionary knows only as an ordinary word (a capitalised sentence start
    such as «Обмороженные») is not one."""
    words = text.split()
    if len(words) > 1:
        return True
    from kzreport.safety.dictionaries import in_dictionary, morph

    parses = morph().parse(words[0])  # type: ignore[attr-defined]
    known = all(in_dictionary(p) for p in parses)
    return not known or any(t in p.tag for p in parses for t in ("Name", "Surn", "Patr"))


def english_persons(text: str) -> Iterator[tuple[int, str]]:
    """(offset, name): a title and a name, or a known given name and a capitalised surname."""
    detector = given_names()
    for m in _LATIN_CANDIDATE.finditer(text):
        if m.group(1):
            yield m.start(1), m.group(1)
        elif m.group(2) not in _STOP and detector.get_gender(m.group(2)) not in _NOT_GIVEN:  # type: ignore[attr-defined]
            yield m.start(2), f"{m.group(2)} {m.group(3)}"


def check(project: Project, diags: Diagnostics) -> None:
    """Warn about unprotected person names in anonymised and confidential cases (both languages)."""
    names = protected_names(project)
    every = Matcher(names)
    for block in project.blocks.values():
        if block.type != "case" or block.disclosure not in PROTECTING or not block.protect:
            continue  # (no names listed, or none that could be read: an error says so; these would print them)
        allowed = _allowed(block)
        public = Matcher(n for n in (protected_name(p, block.id) for p in block.public_names) if n)
        for text in block.texts.values():
            # the title too; look-alike letters read as the script of their word first, as the guard does
            for part, first in ((text.title, text.title_line), (text.body, text.body_line)):
                for offset, person in _persons(unify_scripts(part)):
                    person = _unprotected_part(every, person)  # («Брат Павла Ерлан Беков»: Ерлан Беков)
                    if not person or public.search(person) or fast_fold(person).lower() in allowed or \
                            _a_place(part, offset, person):
                        continue
                    _warn(diags, text.path, first + part.count("\n", 0, offset), person, block.disclosure)


def _unprotected_part(every: Matcher, person: str) -> str:
    """What is left of a recognised name once its protected names are taken out ("" if nothing is)."""
    rest = person
    for m in reversed(every.find_all(person)):
        rest = rest[:m.start] + " " + rest[m.end:]
    rest = " ".join(rest.split())
    return rest if any(w[:1].isupper() and len(w) > 1 for w in rest.split()) else ""


def _warn(diags: Diagnostics, path: Path, line: int, person: str, disclosure: str | None) -> None:
    diags.warning(path, line, f'"{person}" looks like a person\'s name in this {disclosure} '
                              f"case, and it is not protected: if it names a victim, a relative or "
                              f"a witness, add it to protect: in the case's source file; if it may be published "
                              f"(a lawyer, an official), add it to public-names:", code="unprotected-name")


def _a_place(text: str, offset: int, person: str) -> bool:
    """A street, an avenue or a region named after someone («проспекта Назарбаева», "Victor Hugo Street"),
    or an organisation or place with a person's name in it (Nur Otan, Christian Aid)."""
    before, after = text[max(0, offset - 24):offset], text[offset + len(person):offset + len(person) + 16]
    street_before = _PLACE_BEFORE.search(before)
    if street_before and street_before.group().lower().startswith("улиц") and not _genitive(person):
        street_before = None  # «на улице Ерлан Беков снимал»: in the street, a person
    return bool(_PLACE_WORD.search(person) or street_before or _PLACE_AFTER.match(after) or _NOT_PEOPLE.search(person))


def _genitive(person: str) -> bool:
    """Whether a Russian name's first word reads as a genitive (улица Кунаева, a street's name)."""
    from kzreport.safety.dictionaries import morph

    word = person.split()[0]
    return not _CYRILLIC.search(word) or "gent" in morph().parse(word)[0].tag  # type: ignore[attr-defined]


def _persons(body: str) -> Iterator[tuple[int, str]]:
    if _CYRILLIC.search(body):
        yield from russian_persons(body)
    yield from english_persons(body)


def _allowed(block: Block) -> set[str]:
    """The pseudonyms, which are meant to be printed."""
    pseudonyms = {block.pseudonym} | {t.pseudonym for t in block.texts.values()}
    return {fast_fold(p).lower() for p in pseudonyms if p}
