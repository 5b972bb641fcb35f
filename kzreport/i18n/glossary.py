"""The glossary of a language (load/glossary.py) at work: is a term used where the source uses it,
and the glossary as TBX for translation tools.

How a term is found, kept simple on purpose:
- in the source text, as whole words in any letter case, any whitespace between them;
- in the translation, any letter case and ё = е, and Russian (or Kazakh) endings may change: each
  word of three letters or more matches any word that starts with it less its last two letters (at
  least three kept), so "Комитет против пыток" also finds "Комитета против пыток" and
  "национальным превентивным механизмом"; shorter words ("по", "и") must be as written. A
  term may list several accepted forms (an abbreviation such as "УПК"): any of them will do.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from kzreport.errors import KzError, display_path
from kzreport.files import atomic_write_bytes
from kzreport.i18n import outside
from kzreport.load.glossary import Term
from kzreport.model import Project

_SPACE = r"[\s\u00a0]+"


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


@cache
def _source_pattern(term: str) -> re.Pattern[str]:
    words = _fold(term).split()
    return re.compile(r"(?<!\w)" + _SPACE.join(re.escape(w) for w in words) + r"(?!\w)")


@cache
def _target_pattern(term: str) -> re.Pattern[str]:
    parts = []
    for word in _fold(term).split():
        if len(word) < 3:
            parts.append(re.escape(word) + r"(?!\w)")
        else:
            parts.append(re.escape(word[:max(3, len(word) - 2)]) + r"[\w-]*")
    return re.compile(r"(?<!\w)" + _SPACE.join(parts))


def uses_source_term(term: Term, text: str) -> bool:
    return _source_pattern(term.source).search(_fold(text)) is not None


def uses_target_term(term: Term, text: str) -> bool:
    folded = _fold(text)
    return any(_target_pattern(t).search(folded) for t in term.targets)


def missing_terms(terms: list[Term], source: str, target: str) -> list[Term]:
    """The terms the source uses and the translation does not."""
    return [t for t in terms if uses_source_term(t, source) and not uses_target_term(t, target)]


def write_tbx(project: Project, lang: str, terms: list[Term], out: Path) -> None:
    """The glossary as TBX (ISO 30042), the term base format CAT tools import: one termEntry a term,
    the source term in one langSet and every accepted translation in the other.

    It carries no case text, only the glossary's terms; but it goes to outside translators, so a term
    that names a protected person (nothing else checks the glossary for names) stops it at its line, and
    the leak guard reads the finished file as it does an anonymised XLIFF export (outside.py)."""
    from translate.storage import tbx

    from kzreport import safety

    guard = safety.Guard(safety.protected_names(project))
    for term in terms:
        found = [leak for text in (term.source, *term.targets) for leak in guard.text(text)]
        if found:
            raise KzError(f"{display_path(term.path)}:{term.line}: error: this term names a person protected by "
                          f"{found[0].name.describe()}, so the TBX file was not written: remove it from the "
                          f"glossary (a glossary goes to translators outside the organisation)")
    tags = project.settings.language_tags
    src = project.settings.source_language
    src_tag, tgt_tag = tags.get(src, src), tags.get(lang, lang)
    store = tbx.tbxfile(sourcelanguage=src_tag, targetlanguage=tgt_tag)
    for i, term in enumerate(terms, 1):
        unit = store.addsourceunit(term.source)
        unit.settarget(term.targets[0], tgt_tag)
        unit.setid(f"t{i}")
        langset = unit.xmlelement[-1]
        for other in term.targets[1:]:
            tig = langset.makeelement(langset[0].tag)
            tig_term = tig.makeelement(langset[0][0].tag)
            tig_term.text = other
            tig.append(tig_term)
            langset.append(tig)
    data = bytes(store)
    outside.refuse_leaks(out, "TBX file", guard.text(out.name), outside.xml_leaks(guard, data),
                         "remove the term that names the person from the glossary")
    atomic_write_bytes(out, data)
