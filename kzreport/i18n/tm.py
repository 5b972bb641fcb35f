"""Translation memory from the project's own current translations: exact and fuzzy matches for what
is still to translate (offered in the XLIFF export as <alt-trans>), and every current pair as TMX 1.4
(for outside translators unless internal: no confidential case, pseudonyms; see outside.py).

A pair is the source text of a *current* unit (status.py) and its translation. Markdown (citations,
footnote markers, emphasis) stays in the texts as typed, in the memory as in the TMX file: a match
then shows the translator exactly the codes the translation has to keep.

How similar two texts are: both are split into words and punctuation marks (whitespace does not
count), and difflib's SequenceMatcher gives 2 × (tokens in common, in order) / (tokens in both),
as a percentage. 100 is an exact match (equal up to whitespace); 75 is the least offered, a common
threshold of CAT tools below which editing a match costs more than translating afresh. Comparing
words rather than letters is how CAT tools count a "fuzzy match": one changed word in a ten-word
sentence is about 90 %. (No edit-distance library such as rapidfuzz is installed; difflib is in the
standard library and fast enough after the length test below.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from kzreport.files import atomic_write_bytes
from kzreport.i18n import outside, para_units
from kzreport.i18n.status import CURRENT, STALE, Status, status
from kzreport.model import Project

THRESHOLD = 75  # the least match quality offered, in per cent
OFFERED = 3  # at most this many matches per unit

_TOKENS = re.compile(r"\w+|[^\w\s]", re.U)


@dataclass(frozen=True)
class Pair:
    origin: str  # the unit id it comes from
    source: str
    target: str


@dataclass(frozen=True)
class Match:
    quality: int  # per cent
    origin: str
    source: str
    target: str


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


class Memory:
    """Pairs, and the best matches for a text."""

    def __init__(self, pairs: Iterable[Pair]) -> None:
        self.pairs = list(pairs)
        self._tokens = [_tokens(p.source) for p in self.pairs]
        self._exact: dict[str, list[int]] = {}
        for i, p in enumerate(self.pairs):
            self._exact.setdefault(" ".join(p.source.split()), []).append(i)

    def lookup(self, text: str, exclude: str | None = None, limit: int = OFFERED) -> list[Match]:
        """The matches of at least THRESHOLD %, best first (an exact one first of all)."""
        found: dict[tuple[str, str], Match] = {}  # one match per different (source, target)
        if not text.strip():
            return []

        def offer(i: int, quality: int) -> None:
            p = self.pairs[i]
            key = (p.source, p.target)
            if p.origin != exclude and (key not in found or found[key].quality < quality):
                found[key] = Match(quality, p.origin, p.source, p.target)

        for i in self._exact.get(" ".join(text.split()), []):
            offer(i, 100)
        words = _tokens(text)
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(words)
        for i, other in enumerate(self._tokens):
            # ratio() can never exceed 2 × the shorter / (both): skip pairs whose lengths already rule it out
            if not words or not other or 200 * min(len(words), len(other)) < THRESHOLD * (len(words) + len(other)):
                continue
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() * 100 < THRESHOLD or matcher.quick_ratio() * 100 < THRESHOLD:
                continue
            quality = int(matcher.ratio() * 100)  # rounded down: 99.6 % is not an exact match
            if quality >= THRESHOLD:
                offer(i, min(quality, 99))
        ranked = sorted(found.values(), key=lambda m: (-m.quality, m.origin))
        return ranked[:limit]


def current_pairs(statuses: Iterable[Status]) -> list[Pair]:
    return [Pair(st.unit.id, st.unit.source, st.unit.target) for st in statuses
            if st.state == CURRENT and st.unit.target is not None]


def memory(project: Project, lang: str) -> Memory:
    return Memory(current_pairs(status(project, lang)))


def matches_for(memory: Memory, st: Status) -> list[Match]:
    """What to offer a unit that needs translating: the memory's matches, and for a stale unit its own
    previous translation (the source it was made from, with the translation as it stands)."""
    found = memory.lookup(st.unit.source, exclude=st.unit.id)
    if st.state == STALE and st.recorded and st.unit.target is not None:
        own = Memory([Pair(st.unit.id, st.recorded, st.unit.target)]).lookup(st.unit.source)
        found = sorted(own + found, key=lambda m: -m.quality)[:OFFERED]
    return found


def offer_matches(store: Any, project: Project, lang: str, chosen: list[Status],
                  anonymise: tuple[Callable[[str], str], Callable[[str], str]] | None = None) -> list[str]:
    """Add to each unit of an XLIFF `store` that needs translating its matches, best first:
    <alt-trans match-quality="87" origin="kzreport-tm"><source>..</source><target>..</target></alt-trans>.

    With `anonymise` (the source and target anonymisers of an `--anonymised` export), matches from
    confidential cases are left out and the others carry pseudonyms. Returns every text added (the
    export itself reads the whole finished file for protected names)."""
    todo = {st.unit.id: st for st in chosen if st.state != CURRENT}
    if not todo:
        return []
    source_anon, target_anon = anonymise or (str, str)
    units = status(project, lang)
    statuses = units + para_units.every_paragraph(units)  # blocks and their paragraphs
    if anonymise is not None:
        hidden = outside.hidden_blocks(project)
        statuses = [st for st in statuses if st.unit.block not in hidden]
    mem = Memory(current_pairs(statuses))
    added: list[str] = []
    for xu in store.units:
        st = todo.get(xu.xmlelement.get("id") or "")
        if st is None:
            continue
        for m in matches_for(mem, st):
            source, target = source_anon(m.source), target_anon(m.target)
            xu.addalttrans(target, origin="kzreport-tm", lang=lang, sourcetxt=source, matchquality=str(m.quality))
            added += [source, target]
    return added


# -- TMX 1.4 ----------------------------------------------------------------------------------------

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class WrittenTmx:
    pairs: int
    naming: list[str]  # the cases whose protected names the file carries (none unless internal)


def write_tmx(project: Project, lang: str, out: Path, *, internal: bool = False) -> WrittenTmx:
    """Every current pair of `lang` as a TMX 1.4 file.

    A memory goes to translators and CAT tools outside the organisation (a cloud service such as
    Smartcat), so by default it carries what a public build prints: pairs from confidential cases are
    left out and every protected name of an anonymised case is replaced by its pseudonym, in the source
    and in the translation. The finished file is then read by the leak guard: if a protected name is
    still in it or in its file name, it is not written (a KzError). With `internal`, every pair as
    written, and `WrittenTmx.naming` says whose names it carries."""
    from lxml import etree

    from kzreport import __version__, safety

    src = project.settings.source_language
    tags = project.settings.language_tags
    names = safety.protected_names(project)
    statuses = status(project, lang)
    if not internal:
        hidden = outside.hidden_blocks(project)
        statuses = [st for st in statuses if st.unit.block not in hidden]
    source_anon, target_anon = (str, str) if internal else outside.anonymisers(project, lang, names)
    pairs = current_pairs(statuses)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "kzreport", "creationtoolversion": __version__,
        "segtype": "block",  # a unit is a whole title, text or short string, not a sentence
        "o-tmf": "kzreport", "adminlang": "en", "srclang": tags.get(src, src), "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for p in pairs:
        tu = etree.SubElement(body, "tu", tuid=p.origin)  # a block id never names a protected person (safety.check)
        for code, text in ((src, source_anon(p.source)), (lang, target_anon(p.target))):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: tags.get(code, code)})
            etree.SubElement(tuv, "seg").text = _xml_text(text)
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    guard = safety.Guard(names)
    leaks = outside.xml_leaks(guard, data)
    if not internal:
        outside.refuse_leaks(out, "TMX file", guard.text(out.name), leaks,
                             "write the memory with --internal, and send it only to translators bound to "
                             "confidentiality")
    atomic_write_bytes(out, data)
    return WrittenTmx(len(pairs), sorted({leak.name.case_id for leak in leaks}) if internal else [])


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Characters XML cannot hold (the drafting check reports them in the content) become spaces."""
    return _NOT_XML.sub(" ", text)
