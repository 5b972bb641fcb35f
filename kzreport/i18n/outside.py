"""What a file for translation tools may carry when it leaves the organisation (an anonymised XLIFF
export, the TMX memory): no confidential case, pseudonyms for the names of anonymised cases, and the
leak guard's last word on the finished file (xliff.py and tm.py share these).

Translators outside the organisation, and the cloud CAT tools they work in (Smartcat, memoQ cloud,
Trados Live), are outside readers like a report's: what they may see is what a public build prints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kzreport.errors import KzError, display_path
from kzreport.model import Project

if TYPE_CHECKING:
    from kzreport.safety import Guard, Leak, ProtectedName

Anonymise = Callable[[str], str]


def hidden_blocks(project: Project) -> set[str]:
    """The blocks no outside reader sees: the confidential cases."""
    from kzreport import safety

    return {b.id for b in project.blocks.values() if not safety.is_visible(b, internal=False)}


def anonymisers(project: Project, lang: str, names: list[ProtectedName] | None = None) -> tuple[Anonymise, Anonymise]:
    """The source language's anonymiser and `lang`'s: the pseudonym of each in its own language."""
    from kzreport import safety

    src = project.settings.source_language
    return safety.Anonymiser(project, src, names=names), safety.Anonymiser(project, lang, names=names)


def refuse_leaks(out: Path, what: str, in_name: list[Leak], in_file: list[Leak], otherwise: str) -> None:
    """The safety net of a file for outside translators (`what`, e.g. "anonymised XLIFF file"): a protected
    name still in the file or its name stops it. `otherwise` says what to send meanwhile."""
    if in_name:
        raise KzError(f"{display_path(out)}: error: this file name names a person protected by "
                      f"{in_name[0].name.describe()}, so the {what} was not written: choose "
                      f"another file name with -o")
    if in_file:
        # a text the anonymiser did not reach: a bug in kzreport, or a name where no pseudonym goes
        raise KzError(f"{display_path(out)}: error: this {what} would still name a person protected "
                      f"by {in_file[0].name.describe()}, so it was not written: a text in it escaped the "
                      f"pseudonym, which is a bug in kzreport (please report it, with the case but not the name); "
                      f"until it is fixed, {otherwise}")


def xml_leaks(guard: Guard, data: bytes) -> list[Leak]:
    """The protected names anywhere in an XML file (XLIFF, TMX) as it will be written: the document as
    stored, every attribute, and every element's text both with its inline codes and without them (so
    that a code between two halves of a name hides nothing). One leak a name of a case."""
    from lxml import etree

    from kzreport.safety.extract import decoded

    if not guard:
        return []
    parts = [data.decode("utf-8", errors="replace")]
    for el in etree.fromstring(data).iter():
        parts.extend(str(v) for v in el.attrib.values())
        if not isinstance(el.tag, str):
            continue  # a comment or processing instruction: in the document as stored
        direct = (el.text or "") + "".join(child.tail or "" for child in el)
        if direct.strip():
            parts += ["".join(el.itertext()), direct]
    found: dict[tuple[str, str], Leak] = {}
    for part in parts:
        for leak in guard.text(decoded(part)):
            found.setdefault((leak.name.case_id, leak.name.name), leak)
    return list(found.values())
