"""XLIFF for translation tools: export the units to translate (Markdown marks travel as inline codes
a CAT tool keeps; see xliff_tokens.py). Reading a translated file back is xliff_import.py.

Each exported target carries a `state`: final for a current translation, needs-review-translation for a
stale or unverified one, so that an untouched target never comes back as a checked one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzreport.files import atomic_write_bytes
from kzreport.i18n import outside, para_units, tm
from kzreport.i18n.status import CURRENT, MISSING, STALE, UNVERIFIED, status, word_diff
from kzreport.i18n.xliff_codes import NS
from kzreport.i18n.xliff_segments import add_seg_source
from kzreport.i18n.xliff_tokens import number, tokenize
from kzreport.model import Project

__all__ = ["ANONYMISED_FILE", "Exported", "export", "tokenize"]


def _rich(text: str, source: str | None = None, fields: bool = False) -> list[Any]:
    """A unit's text as translate-toolkit's rich text; a target's codes take the ids of its source's."""
    from translate.storage.placeables import StringElem
    from translate.storage.placeables import xliff as xp

    tokens = tokenize(text, fields)
    if tokens is None:
        return [StringElem([text])]
    reference = number(tokenize(source, fields) or []) if source is not None else None
    kinds = {"ph": xp.Ph, "bpt": xp.Bpt, "ept": xp.Ept}
    return [StringElem([value if code_id is None else kinds[kind](id=code_id, sub=[value])
                        for kind, value, code_id in number(tokens, reference)])]


def _xliff_class() -> Any:
    from translate.storage import xliff

    class Unit12(xliff.xliffunit):
        namespace = "urn:oasis:names:tc:xliff:document:1.2"

    class Xliff12(xliff.xlifffile):
        """XLIFF 1.2, the version every common translation tool reads."""

        UnitClass = Unit12
        namespace = "urn:oasis:names:tc:xliff:document:1.2"
        # a sentence-segmented source is text: never re-indented (the spaces between sentences are content)
        XMLindent = {**xliff.xlifffile.XMLindent, "leaves": {"target", "source", "note", "seg-source"}}
        XMLskeleton = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>\n"
                       "<file original='kzreport' source-language='en' datatype='plaintext'>\n"
                       "<body>\n</body>\n</file>\n</xliff>")

    return Xliff12


ANONYMISED_FILE = "kzreport-anonymised"  # the <file original=...> of an export with pseudonyms


@dataclass(frozen=True)
class Exported:
    units: int
    naming: list[str]  # the cases whose protected names the file carries (none when anonymised)


def export(project: Project, lang: str, out: Path, *, all_units: bool = False, anonymised: bool = False
           ) -> Exported:
    """Write the missing and stale units (all with `all_units`) to an XLIFF file.

    With `anonymised`, for translators outside the organisation: confidential cases are left out and
    every protected name of an anonymised case is replaced by its pseudonym, in every text the file
    carries (source, target, the notes, the translation memory's matches). The finished file is then
    read by the leak guard, every text and attribute of it: if a protected name is still there, the
    file is not written (a KzError). Without `anonymised`, `Exported.naming` says whose names it carries."""
    from kzreport import safety

    src = project.settings.source_language
    # a block's text travels as its paragraphs (para_units.py): one edited sentence, one unit to translate
    chosen = [st for st in para_units.expand(status(project, lang)) if all_units or st.state in (MISSING, STALE, UNVERIFIED)]
    names = safety.protected_names(project)
    if anonymised:
        hidden = outside.hidden_blocks(project)
        chosen = [st for st in chosen if st.unit.block not in hidden]
    source_anon, target_anon = outside.anonymisers(project, lang, names) if anonymised else (str, str)
    store = _xliff_class()(sourcelanguage=src, targetlanguage=lang)
    store.setsourcelanguage(src)
    store.settargetlanguage(lang)
    for st in chosen:
        source = source_anon(st.unit.source)
        target = target_anon(st.unit.target) if st.unit.target is not None else None
        unit = store.addsourceunit(source, filename=ANONYMISED_FILE if anonymised else "kzreport", createifmissing=True)
        unit.setid(st.unit.id)  # a block id never names a protected person (safety.check); the guard below reads it
        fields = st.unit.key is not None  # a short string's {placeholders} are protected codes too
        unit.rich_source = _rich(source, fields=fields)
        if target is not None:
            unit.rich_target = _rich(target, source, fields)
            unit.markapproved(st.state == CURRENT)
            # what import honours: a stale or unverified translation stays so until the translator says otherwise
            unit.xmlelement.find(f"{{{NS}}}target").set("state", "final" if st.state == CURRENT
                                                        else "needs-review-translation")
        add_seg_source(unit.xmlelement)  # the text sentence by sentence, for the tool's segments
        rel = st.unit.path.relative_to(project.root).as_posix()
        unit.addnote(source_anon(f"{rel} — {st.state}"), origin="developer")
        if st.state == STALE and st.recorded is not None:
            # the source before and now, both anonymised: a name that changed shows as its pseudonym
            changes = word_diff(source_anon(st.recorded), source_anon(st.unit.source))
            note = "The source changed: " + (" ".join(changes) or "only in a name its pseudonym replaces here")
            unit.addnote(source_anon(note), origin="developer")
    # translation memory (tm.py): matches from the current translations as <alt-trans>, anonymised too
    tm.offer_matches(store, project, lang, chosen, (source_anon, target_anon) if anonymised else None)
    data = bytes(store)
    guard = safety.Guard(names)
    leaks = outside.xml_leaks(guard, data)
    if anonymised:
        outside.refuse_leaks(out, "anonymised XLIFF file", guard.text(out.name), leaks,
                             "send an export without --anonymised only to translators bound to confidentiality")
    atomic_write_bytes(out, data)
    return Exported(len(chosen), [] if anonymised else sorted({leak.name.case_id for leak in leaks}))
