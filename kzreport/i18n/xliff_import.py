"""Reading a translated XLIFF file back (`kzreport i18n import`), trusting nothing in it.

The file is parsed with entities left unexpanded and no network, and refused if it declares a DOCTYPE
(an XML bomb or an external entity has no place in XLIFF). Every <file> must be for the one project
language being imported; unit ids must be unique and known; the source text must be the project's
(compared without whitespace, so a pretty-printed or segmented file is the same file). A target
becomes the translation only when its `state` says it is done:

- translated, final, signed-off: imported and recorded as current;
- no state at all: imported when it differs from the translation in the project (a tool that writes no
  states), left alone when it is the same (an untouched target is not a checked one);
- new, needs-translation, needs-review-translation and every other needs-*: nothing changes (a stale
  translation exported for review stays stale until the translator marks it translated);
- a missing or empty target: nothing changes.

A target identical to its source (English copied into the target) is not imported and is a warning.
Codes are checked by xliff_codes. Every problem is reported, one a line (`FILE:LINE: error: unit ID:
...`), and nothing is written unless the whole file is good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from kzreport.files import atomic_write_bytes
from kzreport.i18n import para_units
from kzreport.i18n.status import CURRENT, State, Unit, status
from kzreport.i18n.xliff import ANONYMISED_FILE
from kzreport.i18n.xliff_codes import NS, Placed, rebuild, segment_breaks, walk
from kzreport.i18n.xliff_tokens import number, tokenize
from kzreport.load.strings import placeholders, shown
from kzreport.model import Project

ACCEPTED = ("translated", "final", "signed-off")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_OLD_NS = ("urn:oasis:names:tc:xliff:document:1.1", "urn:oasis:names:tc:xliff:document:1.0", "")


def xml_parser() -> etree.XMLParser:
    """No entity is expanded, nothing is fetched, no huge tree: a hostile file costs nothing."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_pis=True)


@dataclass(frozen=True)
class Problem:
    line: int | None
    unit: str | None
    message: str
    level: str = "error"

    def format(self, path: Path | str) -> str:
        """One line, whatever the file put in it: control characters (a newline, a terminal escape, a
        bidirectional override) are shown as escapes."""
        where = f"{path}:{self.line}" if self.line else str(path)
        text = (f"unit {self.unit}: " if self.unit else "") + self.message
        return f"{where}: {self.level}: " + _CONTROL.sub(lambda m: ascii(m.group(0))[1:-1], text)


@dataclass(frozen=True)
class Imported:
    unit: Unit
    target: str | None  # None: the translation in the project stands, only record it as current


@dataclass
class Reading:
    lang: str | None = None
    items: list[Imported] = field(default_factory=list)
    skipped: list[Unit] = field(default_factory=list)  # named a protected person, seen pseudonymised
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _local(el: Any) -> tuple[str, str]:
    tag = el.tag if isinstance(el.tag, str) else ""
    return (tag[1:].split("}", 1)[0], tag.split("}", 1)[1]) if tag.startswith("{") else ("", tag)


def _same(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _lang(value: str | None, targets: list[str]) -> str:
    code = (value or "").strip().replace("_", "-").lower()
    return code if code in targets else code.split("-")[0]


def read_xliff(project: Project, path: Path) -> Reading:
    """Check an XLIFF file against the project; the problems are in the result, nothing is written."""
    result = Reading()

    def error(line: int | None, message: str, unit: str | None = None) -> None:
        result.errors.append(Problem(line, unit, message))

    try:
        data = path.read_bytes()
        text = data.decode("utf-16", "replace") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else \
            data.decode("latin-1")  # enough to see markup in any ASCII-compatible encoding
        if re.search(r"<!\s*(DOCTYPE|ENTITY)", text):
            error(1, "the file declares a DOCTYPE (entities); XLIFF needs none, and kzreport does not read files "
                     "that have one: save it again from the translation tool")
            return result
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        error(exc.lineno, f"this is not a well-formed XML file ({exc.msg}); save it again from the translation "
                          f"tool as XLIFF 1.2")
        return result
    except (OSError, ValueError, etree.LxmlError) as exc:
        error(None, f"cannot read this file as XML ({exc})")
        return result
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        error(1, "the file declares a DOCTYPE (entities); XLIFF needs none, and kzreport does not read files "
                 "that have one: save it again from the translation tool")
        return result
    xns, local = _local(root)
    if local != "xliff" or (xns != NS and xns not in _OLD_NS):
        version = "XLIFF " + (root.get("version") or "2") if local == "xliff" else f"<{local}>, not XLIFF"
        error(root.sourceline, f"this file is {version}; kzreport reads XLIFF 1.2 (as kzreport i18n export "
                               f"writes it): save it as XLIFF 1.2 in the translation tool")
        return result
    src, targets = project.settings.source_language, list(project.languages[1:])
    files = [el for el in root.iter() if _local(el) == (xns, "file")]
    if not files:
        error(root.sourceline, "the file has no <file> element: it holds no translation")
    chosen: str | None = None
    for f in files:
        raw = f.get("target-language")
        lang = _lang(raw, targets)
        if _lang(f.get("source-language"), [src]) not in ("", src):
            error(f.sourceline, f'this <file> translates from "{f.get("source-language")}"; this project\'s '
                                f"source language is {src}")
        if not raw:
            error(f.sourceline, "this <file> does not say its target-language; export the file again "
                                "(kzreport i18n export -l LANG) and translate that one")
        elif lang not in targets:
            error(f.sourceline, f'this <file> is for "{raw}", which is not a translation language of this project '
                                f"({', '.join(targets) or 'none'}): remove this <file>, or add the language first")
        elif chosen is None:
            chosen = lang
        elif lang != chosen:
            error(f.sourceline, f'this <file> is for "{raw}", an earlier <file> for {chosen}: a file imports one '
                                f"language; remove this <file>, or import it from a file of its own")
    result.lang = chosen
    if chosen is not None:
        _read_units(project, [f for f in files if _lang(f.get("target-language"), targets) == chosen], xns, chosen,
                    result)
    return result


def _read_units(project: Project, files: list[Any], xns: str, lang: str, result: Reading) -> None:
    src = project.settings.source_language
    whole = status(project, lang)
    # a block's text comes back as the paragraphs exported, or whole
    states = {st.unit.id: st for st in para_units.expand(whole) + whole}
    seen: dict[str, int] = {}
    anonymisers: dict[str, Any] = {}
    for f in files:
        anonymised = f.get("original") == ANONYMISED_FILE
        if anonymised and not anonymisers:
            from kzreport.safety import Anonymiser
            anonymisers = {src: Anonymiser(project, src), lang: Anonymiser(project, lang)}
        for tu in f.iter(f"{{{xns}}}trans-unit" if xns else "trans-unit"):
            uid, line = tu.get("id"), tu.sourceline
            if not uid:
                result.errors.append(Problem(line, None, "a <trans-unit> without an id: it cannot be matched to "
                                                         "anything in the project; remove it"))
                continue
            if uid in seen:
                result.errors.append(Problem(line, uid, f"appears twice (first at line {seen[uid]}): a unit is "
                                                        f"translated once; keep one of them and remove the other"))
                continue
            seen[uid] = line
            if tu.get("translate") != "no":
                _read_unit(project, tu, xns, lang, states, anonymisers if anonymised else {}, result)


def _read_unit(project: Project, tu: Any, xns: str, lang: str, states: dict[str, Any], anonymisers: dict[str, Any],
               result: Reading) -> None:
    src = project.settings.source_language
    uid, line = tu.get("id"), tu.sourceline

    def problem(at: int | None, message: str, level: str = "error") -> None:
        (result.errors if level == "error" else result.warnings).append(Problem(at or line, uid, message, level))

    st = states.get(uid)
    if st is None:
        return problem(line, "no such unit in the project any more (the block or string was removed or renamed); "
                             "remove it from the file, or export again")
    unit = st.unit
    source_el = _child(tu, xns, "source")
    if source_el is None:
        return problem(line, "the unit has no <source>; export the file again")
    expected, existing = unit.source, unit.target
    if anonymisers:
        if anonymisers[src](unit.source) != unit.source:
            # the translator saw pseudonyms: writing the target back would put them where the original names
            # the person, so this unit is left for a translator inside the organisation (a warning, always)
            result.skipped.append(unit)
            return None
        expected = anonymisers[src](unit.source)
        existing = anonymisers[lang](existing) if existing is not None else None
    fields = unit.key is not None  # a short string: its {placeholders} are codes too
    codes = number(tokenize(expected, fields) or [])
    if not _same(_flat(source_el, xns, codes), expected):
        again = " --anonymised" if anonymisers else ""
        return problem(source_el.sourceline, f"the {src} text changed since this file was exported (or was edited "
                                             f"in the file); export again (kzreport i18n export -l {lang}{again}) and "
                                             f"carry the translation over")
    target_el = _child(tu, xns, "target")
    if target_el is None or not _flat(target_el, xns, codes).strip():
        return None  # not translated in the tool: nothing changes
    state = (target_el.get("state") or "").strip().lower() or None
    said = target_el.get("{http://www.w3.org/XML/1998/namespace}lang")
    if said and _lang(said, [lang]) != lang:
        return problem(target_el.sourceline, f'the target is marked xml:lang="{said}" in a file for {lang}: a '
                                             f"file imports one language; remove this unit, or import it separately")
    unchanged = existing is not None and _same(_flat(target_el, xns, codes), existing)
    if state is not None and state not in ACCEPTED:
        if not unchanged:
            problem(target_el.sourceline, f'the target is marked state="{state}", so it was not imported; mark it '
                                          f"translated (or final) in the translation tool when it is done",
                    "warning")
        return None
    if unchanged and (state is None or st.state == CURRENT):
        return None  # untouched, and no tool said it was checked; or nothing to do
    seg_source = _child(tu, xns, "seg-source")
    segments = [(m.get("mid") or "", _flat(m, xns, codes)) for m in (source_el if seg_source is None else seg_source)
                .iter() if _local(m) == (xns, "mrk") and m.get("mtype") == "seg"]
    rebuilt = rebuild(target_el, xns, codes, expected, segment_breaks(segments, expected), fields)
    for at, message in rebuilt.errors:
        problem(at, message)
    for at, message in rebuilt.warnings:
        problem(at, message, "warning")
    if rebuilt.errors:
        return None
    text = rebuilt.text if "\n" in expected.strip() else " ".join(rebuilt.text.split())  # a title is one line
    if unit.key is not None and (wrong := _placeholders_differ(expected, text)):
        return problem(target_el.sourceline, wrong)
    if _same(text, expected) and re.search(r"[^\W\d_]", expected) and not unchanged:
        rel = unit.path.relative_to(project.root) if unit.path.is_relative_to(project.root) else unit.path
        return problem(target_el.sourceline, f"the translation is the same as the {src} text (copied into the "
                                             f"target?), so it was not imported; translate it, or, if it is right as "
                                             f"it is, write it into {rel} and run kzreport i18n done -l {lang} "
                                             f"{unit.block or '.'.join(unit.key or ())}", "warning")
    result.items.append(Imported(unit, None if unchanged else text))
    return None


def _placeholders_differ(source: str, target: str) -> str | None:
    """What is wrong with the {placeholders} of a translated string, if anything."""
    try:
        expected = placeholders(source)
    except ValueError:
        return None
    try:
        found = placeholders(target)
    except ValueError as exc:
        return f"a brace does not pair up ({exc}): keep the placeholders {shown(expected)} as they are" if expected \
            else None
    if found == expected:
        return None
    return (f"the placeholders must be those of the source, {shown(expected)}; the translation has {shown(found)}: "
            f"translate the words around a placeholder, never the placeholder itself")


def _child(el: Any, xns: str, name: str) -> Any:
    return el.find(f"{{{xns}}}{name}" if xns else name)


def _flat(el: Any, xns: str, codes: list[tuple[str, str, str | None]]) -> str:
    """The text of a <source> or <target> with its codes' Markdown (an empty code: the source's)."""
    by_id = {(k, i): v for k, v, i in codes if i}
    pieces: list[Any] = []
    walk(el, xns, {}, pieces)
    return "".join(p if isinstance(p, str) else (p.content if p.content.strip() else by_id.get((p.kind, p.id), ""))
                   if isinstance(p, Placed) else "" for p in pieces)


def apply_import(project: Project, lang: str, items: list[Imported]) -> list[Path]:
    """Write the translations into the language tree and record them as current; if a write fails half-way
    (a full disk, a file another program holds), every file is put back as it was."""
    touched = {item.unit.path for item in items} | {project.layout.translation_records(lang)}
    saved = {path: path.read_bytes() if path.exists() else None for path in touched}
    try:
        return _write(project, lang, items)
    except BaseException:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write_bytes(path, data)
        raise


def _write(project: Project, lang: str, items: list[Imported]) -> list[Path]:
    from kzreport.i18n.writeback import set_block_text, set_string

    blocks: dict[str, dict[str, str]] = {}
    written: set[Path] = set()
    state = State(project.root, lang)
    bodies = {st.unit.id: st for st in status(project, lang)}
    by_paragraph: dict[str, dict[int, str]] = {}
    for item in items:  # paragraphs of a block's text: put together with the paragraphs not in the file
        if (where := para_units.body_of(item.unit.id)) is not None:
            by_paragraph.setdefault(where[0], {})[where[1]] = item.target if item.target is not None else \
                (item.unit.target or "")
    for body_id, imported in by_paragraph.items():
        body = bodies[body_id]
        text, complete = para_units.joined(body, imported)
        assert body.unit.block is not None
        blocks.setdefault(body.unit.block, {})["body"] = text
        if complete:
            state.record(replace(body.unit, target=text))
    items = [item for item in items if para_units.body_of(item.unit.id) is None]
    for item in items:
        if item.target is None:
            continue
        if item.unit.block:
            blocks.setdefault(item.unit.block, {})[item.unit.id.rsplit("#", 1)[1]] = item.target
        else:
            assert item.unit.key is not None
            written.add(set_string(project, lang, item.unit.key, item.target))
    for bid, parts in blocks.items():
        written.add(set_block_text(project, lang, bid, title=parts.get("title"), body=parts.get("body")))
    for item in items:
        state.record(item.unit)
    if items or by_paragraph:
        state.save()
    return sorted(written)
