"""XLIFF for translation tools: export the units to translate (Markdown marks travel as inline codes
a CAT tool keeps), and import a translated file back into the language tree, trusting nothing in it."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzreport.errors import KzError
from kzreport.files import atomic_write_bytes
from kzreport.i18n import tm
from kzreport.i18n.status import CURRENT, MISSING, STALE, UNVERIFIED, State, Unit, status, units, word_diff
from kzreport.model import Project

# Markdown that a translator must not break travels as XLIFF inline codes: citations, code and
# comments as <ph/>; the markers around emphasis, links and footnotes as <bpt>/<ept> pairs, so that
# the text inside them is still translated.
_TOKEN = re.compile(
    r"(?P<cite>\[[^\[\]]*?@[^\[\]]*?\])"
    r"|(?P<code>`+[^`]+`+)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<note>\^\[)"
    r"|(?P<link>\[(?=[^\]]*\]\([^)]*\)))"
    r"|(?P<linkend>\]\([^)]*\))"
    r"|(?P<strong>\*\*|__)"
    r"|(?P<em>(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)|(?<=\S)_(?!\w))"
    r"|(?P<close>\])",
    re.S,
)


def tokenize(text: str) -> list[tuple[str, str]] | None:
    """[(kind, text)]: kind is "text", "ph", "bpt" or "ept"; None when the markup is not balanced."""
    out: list[tuple[str, str]] = []
    stack: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()]))
        kind, value = m.lastgroup, m.group(0)
        if kind in ("cite", "code", "comment"):
            out.append(("ph", value))
        elif kind in ("note", "link"):
            stack.append(kind)
            out.append(("bpt", value))
        elif kind == "linkend":
            if not stack or stack[-1] != "link":
                return None
            stack.pop()
            out.append(("ept", value))
        elif kind == "close":
            if stack and stack[-1] == "note":
                stack.pop()
                out.append(("ept", value))
            else:
                out.append(("text", value))
        else:  # strong / em: opens or closes
            if stack and stack[-1] == value:
                stack.pop()
                out.append(("ept", value))
            else:
                stack.append(value)
                out.append(("bpt", value))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out if not stack else None


def _rich(text: str) -> list[Any]:
    from translate.storage.placeables import StringElem
    from translate.storage.placeables import xliff as xp

    tokens = tokenize(text)
    if tokens is None:
        return [StringElem([text])]
    parts: list[Any] = []
    ids: list[int] = []
    counter = 0
    for kind, value in tokens:
        if kind == "text":
            parts.append(value)
        elif kind == "ph":
            counter += 1
            parts.append(xp.Ph(id=str(counter), sub=[value]))
        elif kind == "bpt":
            counter += 1
            ids.append(counter)
            parts.append(xp.Bpt(id=str(counter), sub=[value]))
        else:
            parts.append(xp.Ept(id=str(ids.pop()), sub=[value]))
    return [StringElem(parts)]


def _codes(elems: Any) -> list[str]:
    """The protected codes in a unit's rich text, in order (to check a translation kept them all)."""
    from translate.storage.placeables import xliff as xp

    found: list[str] = []

    def walk(e: Any) -> None:
        if isinstance(e, (xp.Ph, xp.Bpt, xp.Ept)) or type(e).__name__ == "UnknownXML":
            tag = getattr(e, "xml_node", None)
            name = tag.tag.split("}")[-1] if tag is not None else type(e).__name__.lower()
            found.append(f"{name}:{e.flatten() if hasattr(e, 'flatten') else e}")
            return
        for sub in getattr(e, "sub", []) or []:
            if not isinstance(sub, str):
                walk(sub)

    for e in elems or []:
        walk(e)
    return sorted(found)


def _xliff_class() -> Any:
    from translate.storage import xliff

    class Unit12(xliff.xliffunit):
        namespace = "urn:oasis:names:tc:xliff:document:1.2"

    class Xliff12(xliff.xlifffile):
        """XLIFF 1.2, the version every common translation tool reads."""

        UnitClass = Unit12
        namespace = "urn:oasis:names:tc:xliff:document:1.2"
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
    every protected name of an anonymised case is replaced by its pseudonym, in source and target."""
    from kzreport import safety

    src = project.settings.source_language
    chosen = [st for st in status(project, lang) if all_units or st.state in (MISSING, STALE, UNVERIFIED)]
    names = safety.protected_names(project)
    if anonymised:
        hidden = {b.id for b in project.blocks.values() if not safety.is_visible(b, internal=False)}
        chosen = [st for st in chosen if st.unit.block not in hidden]
    source_anon, target_anon = (safety.Anonymiser(project, src, names=names), safety.Anonymiser(project, lang, names=names)) \
        if anonymised else (str, str)
    store = _xliff_class()(sourcelanguage=src, targetlanguage=lang)
    store.setsourcelanguage(src)
    store.settargetlanguage(lang)
    guard = safety.Guard(names)
    naming: set[str] = set()
    for st in chosen:
        source = source_anon(st.unit.source)
        target = target_anon(st.unit.target) if st.unit.target is not None else None
        naming.update(leak.name.case_id for text in (source, target or "") for leak in guard.text(text))
        unit = store.addsourceunit(source, filename=ANONYMISED_FILE if anonymised else "kzreport", createifmissing=True)
        unit.setid(st.unit.id)
        unit.rich_source = _rich(source)
        if target is not None:
            unit.rich_target = _rich(target)
            unit.markapproved(st.state == CURRENT)
        rel = st.unit.path.relative_to(project.root).as_posix()
        unit.addnote(f"{rel} — {st.state}", origin="developer")
        if st.state == STALE and st.recorded is not None:
            unit.addnote("The source changed: " + " ".join(word_diff(st.recorded, st.unit.source)), origin="developer")
    # translation memory (tm.py): matches from the current translations as <alt-trans>
    for text in tm.offer_matches(store, project, lang, chosen, (source_anon, target_anon) if anonymised else None):
        naming.update(leak.name.case_id for leak in guard.text(text))
    atomic_write_bytes(out, bytes(store))
    return Exported(len(chosen), sorted(naming))


@dataclass(frozen=True)
class Imported:
    unit: Unit
    target: str


def read_xliff(project: Project, path: Path) -> tuple[str, list[Imported], list[Unit]]:
    """Check an XLIFF file against the project; raise with every problem, write nothing."""
    cls = _xliff_class()
    try:
        store = cls.parsestring(path.read_bytes())
    except Exception as exc:  # translate-toolkit raises lxml and its own errors
        raise KzError(f"{path}: this is not an XLIFF file kzreport can read ({exc})") from None
    lang = (store.gettargetlanguage() or "").split("-")[0]
    if lang not in project.languages[1:]:
        raise KzError(f"{path}: the target language is {lang or 'not set'}; this project translates into "
                      f"{', '.join(project.languages[1:])}")
    by_id = {u.id: u for u in units(project, lang)}
    problems, out = [], []
    skipped: list[Unit] = []
    anonymiser = None
    for xu in store.units:
        uid = xu.xmlelement.get("id")  # getid() would prefix the file name
        if xu.isheader() or not uid:
            continue
        unit = by_id.get(uid)
        if unit is None:
            problems.append(f"{uid}: no such unit in the project any more (the block or string was removed or renamed)")
            continue
        if _anonymised(xu):
            if anonymiser is None:
                from kzreport.safety import Anonymiser
                anonymiser = Anonymiser(project, project.settings.source_language)
            if anonymiser(unit.source) != unit.source:
                # the translator saw pseudonyms: writing the target back would put them where the
                # original names the person, so this unit is left for a translator inside the organisation
                skipped.append(unit)
                continue
            if " ".join(str(xu.source).split()) != " ".join(anonymiser(unit.source).split()):
                problems.append(f"{uid}: the {project.settings.source_language} text changed since this file was "
                                f"exported; export again (kzreport i18n export -l {lang} --anonymised)")
                continue
        elif " ".join(str(xu.source).split()) != " ".join(unit.source.split()):
            problems.append(f"{uid}: the {project.settings.source_language} text changed since this file was "
                            f"exported; export again (kzreport i18n export -l {lang})")
            continue
        target = str(xu.target or "")
        if not target.strip():
            continue  # not translated in the tool: leave the file as it is
        if _codes(xu.rich_source) != _codes(xu.rich_target):
            problems.append(f"{uid}: the translation does not keep every citation, footnote, link or emphasis mark "
                            f"of the source; restore them in the translation tool")
            continue
        out.append(Imported(unit, target))
    if problems:
        raise KzError(f"{path}: nothing was imported:\n  " + "\n  ".join(problems))
    return lang, out, skipped


def _anonymised(xu: Any) -> bool:
    """Whether a unit comes from an `i18n export --anonymised` file."""
    element = xu.xmlelement
    while element is not None and not str(element.tag).endswith("}file") and element.tag != "file":
        element = element.getparent()
    return element is not None and element.get("original") == ANONYMISED_FILE


def apply_import(project: Project, lang: str, items: list[Imported]) -> list[Path]:
    """Write the translations into the language tree and record them as current."""
    from kzreport.i18n.writeback import set_block_text, set_string

    blocks: dict[str, dict[str, str]] = {}
    written: set[Path] = set()
    for item in items:
        if item.unit.block:
            blocks.setdefault(item.unit.block, {})[item.unit.id.rsplit("#", 1)[1]] = item.target
        else:
            assert item.unit.key is not None
            set_string(project, lang, item.unit.key, item.target)
            written.add(item.unit.path)
    for bid, parts in blocks.items():
        written.add(set_block_text(project, lang, bid, title=parts.get("title"), body=parts.get("body")))
    state = State(project.root, lang)
    for item in items:
        state.record(item.unit)
    state.save()
    return sorted(written)
