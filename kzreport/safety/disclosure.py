"""Cases and what may be published of them: disclosure levels, protected names, anonymisation.

- `public` cases are printed as written;
- `anonymised` cases list the real names to protect (`protect:`, a list, each name once in the
  nominative) and what replaces them (`pseudonym:`); every form of every name (see names.py) is
  replaced in every text that goes into every output;
- `confidential` cases are left out of every output unless the build is internal; their names are
  protected too, so another block that names the person is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import unescape
from pathlib import Path
from typing import Any

from kzreport.errors import Diagnostics, display_path
from kzreport.load.assets import image_refs
from kzreport.model import Block, Project
from kzreport.safety.forms import INSIDE, word_forms
from kzreport.safety.guard import NOT_ON_ONE_LINE, Guard, Leak, naming
from kzreport.safety.names import Match, Matcher, ProtectedName, protected_name
from kzreport.safety.ordinary import given_name

PROTECTING = ("anonymised", "confidential")


def protected_names(project: Project) -> list[ProtectedName]:
    """Every name to keep out of public outputs."""
    names = []
    for block in project.blocks.values():
        if block.type == "case" and block.disclosure in PROTECTING:
            for i, name in enumerate(listed_names(block.protect), 1):
                pn = protected_name(name, block.id, block.pseudonym, i, public=block.public_names)
                if pn is not None:
                    names.append(pn)
    return names


def listed_names(protect: Iterable[str]) -> list[str]:
    """The names of a `protect:` list. "Mikhail Kazantsev, Kazantsev" in one item is two names, each
    protected on its own; but "Petrov, Ivan" (a surname, then a given name: the order of Russian
    documents) is one, and "Roman, Anna" (Roman is a surname and a given name) that one and each word alone."""
    out: list[str] = []
    for item in protect:
        parts = [n.strip() for n in re.split(r"[,;]", item) if n.strip()]
        order = _surname_then_given(parts)
        out.extend(([" ".join(reversed(parts))] if order else []) + (parts if order != "sure" else []))
    return out


def _surname_then_given(parts: list[str]) -> str | None:
    """"sure" for a surname and a given name ("Petrov, Ivan"), "maybe" for two words that could be
    ("Roman, Anna", "Kim, Igor"), else None."""
    if len(parts) != 2 or any(len(p.split()) != 1 for p in parts):
        return None
    first_given, second_given = (given_name(word_forms(p)) for p in parts)
    return None if not second_given else "maybe" if first_given else "sure"


def is_visible(block: Block, internal: bool) -> bool:
    return internal or not (block.type == "case" and block.disclosure == "confidential")


class Anonymiser:
    """Replaces the protected names of anonymised cases by their pseudonyms, in any text of one language."""

    def __init__(self, project: Project, lang: str, *, internal: bool = False,
                 names: list[ProtectedName] | None = None) -> None:
        self.pseudonyms: dict[str, str] = {}
        self.matcher = Matcher([])
        if internal:
            return  # internal builds show the real names: they never leave the organisation
        for block in project.blocks.values():
            if block.type == "case" and block.disclosure == "anonymised" and block.pseudonym:
                text = block.text(lang)
                self.pseudonyms[block.id] = (text.pseudonym if text and text.pseudonym else None) or block.pseudonym
        all_names = protected_names(project) if names is None else names
        self._names = [n for n in all_names if n.case_id in self.pseudonyms]
        self.matcher = Matcher(self._names)
        self._own: dict[str, Matcher | None] = {}

    def __call__(self, text: str, case: str | None = None) -> str:
        """`text` with the pseudonyms; in the text of the case `case`, a surname that another case protects
        too (two victims named Ким) is taken for this case's person."""
        if not self.matcher:
            return text
        if case is not None and (own := self._own_matcher(case)):
            text = own.replace(text, self.pseudonyms)
        return self.matcher.replace(text, self.pseudonyms)

    def _own_matcher(self, case: str) -> Matcher | None:
        if case not in self._own:
            own = [n for n in self._names if n.case_id == case]
            theirs = {f for n in self._names if n.case_id != case for w in n.words for f in w.forms}
            shared = any(f in theirs for n in own for w in n.words for f in w.forms)
            self._own[case] = Matcher(own) if shared else None
        return self._own[case]

    def __bool__(self) -> bool:
        return bool(self.matcher)


def redactor(names: list[ProtectedName]) -> Callable[[str], str] | None:
    """What hides the protected names in a printed text ("[a protected name]"): no message or report on the
    terminal prints one (they quote what drafters wrote, and CI logs are public)."""
    if not names:
        return None
    matcher, hidden = Matcher(names), {n.case_id: "[a protected name]" for n in names}
    return lambda text: matcher.replace(text, hidden)


def check(project: Project, diags: Diagnostics) -> None:
    """Disclosure is declared on every case; protected names appear only in their own case."""
    names = protected_names(project)
    diags.redact = redactor(names)
    for block in project.blocks.values():
        _check_block(block, diags)
        if block.type == "case" and block.disclosure in PROTECTING:
            _check_names_occur(block, [n for n in names if n.case_id == block.id], diags)
    _check_names_elsewhere(project, names, diags)


def _check_block(block: Block, diags: Diagnostics) -> None:
    lines = block.meta_lines
    if block.type != "case":
        for key in ("disclosure", "protect", "pseudonym"):
            if key in lines:
                diags.error(block.path, lines[key], f'"{key}" is only for case blocks')
        return
    if block.disclosure is None:
        if "disclosure" not in lines:
            diags.error(block.path, lines.get(""), 'a case must say its disclosure: add "disclosure: public", '
                                                   '"disclosure: anonymised" or "disclosure: confidential"')
        return
    if block.disclosure in PROTECTING and not block.protect and "protect" not in lines:
        diags.error(block.path, lines.get("disclosure"),
                    f"{'an' if block.disclosure == 'anonymised' else 'a'} {block.disclosure} case must list the names "
                    f"of the people it protects, each once in the "
                    f"nominative, e.g. protect: [Firstname Lastname, Имя Фамилия]")
    if block.disclosure == "anonymised" and not block.pseudonym:
        diags.error(block.path, lines.get("disclosure"), 'an anonymised case needs "pseudonym:", the '
                                                         'initials or name printed instead, e.g. "M. K."')
    if block.pseudonym:
        matcher = Matcher(n for n in (protected_name(p, block.id, index=i) for i, p in enumerate(listed_names(block.protect), 1))
                          if n)
        found = matcher.search(block.pseudonym)
        if found:
            diags.error(block.path, lines.get("pseudonym"),
                        f"the pseudonym contains a protected name (entry {found.name.index} of protect:): "
                        f"choose initials or another name")


def _check_names_occur(block: Block, names: list[ProtectedName], diags: Diagnostics) -> None:
    """A protected name that never occurs in the case's own text is probably misspelt."""
    texts = [t for text in block.texts.values() for t in (text.title, text.body)]
    for pn in names:
        if not any(Matcher([pn]).search(t) for t in texts):
            diags.warning(block.path, block.meta_lines.get("protect"),
                          f"entry {pn.index} of protect: does not occur in this "
                          f"case's text in any language: check its spelling (it is still protected everywhere)",
                          code="protect-not-found")


def _check_names_elsewhere(project: Project, names: list[ProtectedName], diags: Diagnostics) -> None:
    """A protected name in another block, a short string or a source is an error at its line."""
    if not names:
        return
    every = Matcher(names)
    own = {case: Matcher(n for n in names if n.case_id == case) for case in {n.case_id for n in names}}
    for block in project.blocks.values():
        for text in block.texts.values():
            for part, first_line in ((text.title, text.title_line), (text.body, text.body_line)):
                for m in every.find_all(part):
                    if m.name.case_id == block.id or block.id in own and own[block.id].search(m.found):
                        continue  # a case names its own people (also one that another case protects): they
                        # are replaced, or the case is left out
                    line = first_line + part.count("\n", 0, m.start) if part is text.body else first_line
                    diags.error(text.path, line, f"{naming('this line', m.name)}; "
                                                 f"write the case's pseudonym instead, or remove the name")
    # a picture's file name, the case's own included (its text is anonymised, which would break the path)
    for block in project.blocks.values():
        for text in block.texts.values():
            for ref in image_refs(text.body):
                found = every.search(ref.src)
                if found:
                    what = naming("this picture's file name", found.name)
                    diags.error(text.path, text.body_line + ref.line, f"{what}; rename the file (its name goes into the outputs)")
    # ids become file names and appear in review copies: a name in one is as public as in the text
    for what, things in (("block", project.blocks.values()), ("report", project.reports.values())):
        for thing in things:
            found = id_names(every, thing.id)
            if found:
                file_name = f"this {what}'s file name"
                diags.error(thing.path, None, f"{naming(file_name, found.name)}; rename the file (its name "
                                              f"becomes part of the outputs)")
    for lang in project.languages:
        for unit in project.strings.units.get(lang, {}).values():
            found = every.search(unit.text)
            if found:
                diags.error(unit.path, unit.line, f"{naming('this text', found.name)}; remove the name")
    _check_templates(project, every, diags)


def id_names(matcher: Matcher, name: str) -> Match | None:
    """The protected name an id or a folder's name holds (it becomes part of file names, which outputs and
    messages show), read with its dashes as spaces ("petrov-appeal") and as written ("kazan-tsev")."""
    return matcher.search(name.replace("-", " ").replace("_", " ").replace("/", " ")) or matcher.search(name)


def check_sources(project: Project, cited: set[str], diags: Diagnostics) -> None:
    """A source that names a protected person and is printed: cited somewhere, or every source listed by a
    report (sources-list). One cited nowhere is never printed, and is no alarm (the guard checks what is)."""
    names = protected_names(project)
    if not names:
        return
    every = Matcher(names)
    listed = any(report.option("sources-list") for report in project.reports.values())
    for lang in project.languages:
        bib = project.sources.get(lang)
        for sid, source in (bib.sources.items() if bib else []):
            if sid not in cited and not listed:
                continue
            for value in _strings_in(source.csl):
                found = every.search(value)
                if found:
                    diags.warning(source.path, source.line,
                                  f"{naming('this source', found.name)}; where a report cites it, the case's pseudonym "
                                  f"is printed instead (a confidential case's report is refused): write the source "
                                  f"without the name", code="source-names-protected")
                    break


def _check_templates(project: Project, every: Matcher, diags: Diagnostics) -> None:
    """A project's own template that names a protected person would print the name in every output (the
    build refuses them): `check` says so at its line too."""
    import zipfile

    from kzreport.safety.extract import docx_xml_text, without_known_fonts

    folder = project.layout.templates
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if not path.is_file() or path.is_symlink() or path.suffix.lower() not in _TEMPLATE_SUFFIXES:
            continue
        if path.suffix.lower() == ".docx":
            try:
                found = every.search(docx_xml_text(path))
            except (OSError, zipfile.BadZipFile, KeyError, ValueError):
                continue  # a damaged reference document: the build says so
            if found:
                diags.error(path, None, f"{naming('this reference document', found.name)}; remove the name")
            continue
        text = without_known_fonts(path.read_text(encoding="utf-8", errors="replace"))  # (Times New Roman)
        if every.search(text) or every.search(unescape(text)):  # (&#90;haksylykov in a page's template)
            for number, line in enumerate(text.split("\n"), 1):
                for m in (every.find_all(line) or every.find_all(unescape(line)))[:1]:
                    diags.error(path, number, f"{naming('this line of a template', m.name)}; remove the name")


_TEMPLATE_SUFFIXES = (".j2", ".md", ".typ", ".html", ".htm", ".csl", ".xml", ".yaml", ".yml", ".txt", ".css", ".svg", ".docx")


def _strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings_in(v)]
    return []


def report_leaks(project: Project, guard: Guard, diags: Diagnostics, jobs: list[Any], leaks: list[Leak], *,
                 bilingual: bool = False) -> None:
    """The errors of outputs the guard stopped (one language, `jobs`), and one at each line of the project's own
    files that names the same case, so that the drafter knows what to change; if no line does, the outputs'
    errors say so. Only when a leak was found: the files are searched then, once a build."""
    places = [place for place in guard.locate(_leak_files(project, None if bilingual else jobs[0].lang), leaks)
              if place.path not in _own_files(project, place.leak.name.case_id)]
    located = {place.leak.name.case_id for place in places}
    for job in jobs:
        for leak in leaks:
            diags.error(display_path(job.final_path), None,
                        leak.message(hint="" if leak.name.case_id in located else NOT_ON_ONE_LINE))
    outputs = ", ".join(display_path(job.final_path) for job in jobs)
    for place in places:
        diags.error(place.path, place.line, place.message(outputs))


def _leak_files(project: Project, lang: str | None) -> list[Path]:
    """What an output in `lang` (None: every language) is made from: kzreport.yaml, the blocks and YAML files
    of content/ (of that language, and of none), and the project's templates/."""
    layout = project.layout
    files = [layout.config]
    for path in sorted(layout.content.rglob("*")):
        parts = path.relative_to(layout.content).parts
        if path.suffix not in (".md", ".yaml", ".yml") or any(part.startswith((".", "_")) for part in parts):
            continue  # _translated-from.yaml holds the source texts of translations: never published
        if lang is None or parts[0] not in project.languages or parts[0] == lang:
            files.append(path)
    files += sorted(p for p in layout.templates.rglob("*")
                    if not any(part.startswith(".") for part in p.relative_to(layout.templates).parts))
    return [p for p in files if p.is_file()]


def _own_files(project: Project, case_id: str) -> set[Path]:
    """A case's own files name its people: there they are replaced, or the case is left out."""
    block = project.blocks.get(case_id)
    return {text.path for text in block.texts.values()} if block is not None else set()


def report_cases(project: Project) -> list[str]:
    """`kzreport cases`: each case, its disclosure and pseudonyms, and exactly what is protected."""
    lines = []
    names = protected_names(project)
    cases = sorted((b for b in project.blocks.values() if b.type == "case"), key=lambda b: b.id)
    for block in cases:
        lines.append(f"{block.id}: {block.disclosure or 'no disclosure (an error)'}")
        pseudonyms = [f"{lang}: {(t.pseudonym or block.pseudonym)}" for lang, t in block.texts.items()
                      if t.pseudonym or block.pseudonym]
        if pseudonyms:
            lines.append(f"  pseudonym  {', '.join(pseudonyms)}")
        for pn in (n for n in names if n.case_id == block.id):
            lines.append(f"  protects   {pn.name}")
            for w in pn.words:
                rule = ("the whole word only, written with a capital, and its Kazakh endings" if w.strict
                        else "at the start of a word, with any ending" if min(map(len, w.forms)) >= INSIDE
                        else "at the start of a word, with any ending, unless what it makes is a place, "
                             "another word or another person's name")
                lines.append(f"    {w.word}: {', '.join(w.spelled)} ({rule})")
            for surname in pn.surnames:
                lines.append(f"    and the surname {surname.word} on its own")
            if len(pn.words) > 1:  # (the sixteenth red team read the given name's forms as protected alone)
                others = [w.word for w in pn.words if w not in pn.surnames]
                if others:
                    lines.append(f"    ({', '.join(others)} only within the full name: list it on its own to protect it alone)")
    if not cases:
        lines.append("the project has no cases")
    return lines
