"""A block's text as paragraph units for translation tools: one edited sentence makes one paragraph to
translate again, not the whole block.

Records and `i18n done` keep a body whole (status.py); for XLIFF a body's status is split into one status
per paragraph of the source as it is now, each paired with the paragraph of the translation made from
the same source paragraph. Pairing follows the record of the source the translation was made from, so a
paragraph added to the source since is missing, a changed one stale, the others current; a paragraph the
source lost has no unit and is dropped when the file comes back. A translation whose paragraphs cannot
be paired (it has more or fewer than its source had) travels whole, as before.
"""

from __future__ import annotations

from dataclasses import replace

from kzreport.i18n import paragraphs
from kzreport.i18n.status import CURRENT, MISSING, STALE, Status

SEPARATOR = ":"  # "block:safeguards/x#body:3", the third paragraph of the source


def is_body(st: Status) -> bool:
    return st.unit.is_body


def paragraph_id(body_id: str, n: int) -> str:
    return f"{body_id}{SEPARATOR}{n}"


def split_status(st: Status) -> list[Status] | None:
    """One status per paragraph of the body's source, or None if the translation cannot be paired."""
    unit = st.unit
    now = paragraphs.split(unit.source)
    done = paragraphs.split(unit.target) if unit.target is not None else None

    def para(j: int, source: paragraphs.Paragraph, target: paragraphs.Paragraph | None, state: str,
             recorded: str | None) -> Status:
        line = (unit.line or 0) + target.line if target is not None and unit.line else unit.line
        return Status(replace(unit, id=paragraph_id(unit.id, j + 1), source=source.text,
                              target=target.text if target is not None else None, line=line), state, recorded)

    if done is None:
        return [para(j, p, None, MISSING, None) for j, p in enumerate(now)]
    if st.recorded is None:  # unverified: paired by position, if the counts agree
        if len(done) != len(now):
            return None
        return [para(j, p, done[j], st.state, None) for j, p in enumerate(now)]
    made_from = paragraphs.split(st.recorded)
    if len(done) != len(made_from):
        return None
    out: list[Status] = []
    for p in paragraphs.pair(made_from, now):
        if p.new is None:
            continue  # gone from the source: no unit, dropped when the file comes back
        if p.kind == "equal":
            out.append(para(p.new, now[p.new], done[p.at], CURRENT, made_from[p.at].text))
        elif p.old is not None:  # changed: the translation of the paragraph it replaced, now stale
            out.append(para(p.new, now[p.new], done[p.at], STALE, made_from[p.at].text))
        else:
            out.append(para(p.new, now[p.new], None, MISSING, None))
    return out


def expand(statuses: list[Status]) -> list[Status]:
    """Every stale body status replaced by the statuses of the paragraphs that changed (where they can be
    paired), so that what changed travels alone; a body missing, unverified, current or changed throughout
    travels whole (a translator then sees the block as one text, segmented into sentences)."""
    out: list[Status] = []
    for st in statuses:
        parts = split_status(st) if is_body(st) and st.state == STALE else None
        # only when part of the text still holds (if every paragraph changed, the block is one text again)
        # and something is left to translate (a paragraph only deleted from the source: the whole text,
        # for the translator to delete it too)
        needs = [p for p in parts if p.state != CURRENT] if parts is not None else []
        out += needs if needs and len(needs) < len(parts or []) else [st]
    return out


def every_paragraph(statuses: list[Status]) -> list[Status]:
    """Every body status replaced by its paragraphs' where they can be paired (for the memory's pairs)."""
    out: list[Status] = []
    for st in statuses:
        parts = split_status(st) if is_body(st) else None
        out += parts if parts is not None else [st]
    return out


def body_of(unit_id: str) -> tuple[str, int] | None:
    """("block:x#body", 3) for a paragraph unit's id, None for any other id."""
    base, sep, n = unit_id.rpartition(SEPARATOR)
    if sep and base.endswith("#body") and n.isdigit():
        return base, int(n)
    return None


def joined(st: Status, imported: dict[int, str]) -> tuple[str, bool]:
    """A body's translation with the imported paragraphs (by their number) put in; and whether every
    paragraph is now translated and current (then the body is recorded as current)."""
    parts = split_status(st) or []
    texts, complete = [], True
    for n, p in enumerate(parts, start=1):
        if n in imported:
            texts.append(imported[n])
        elif p.unit.target is not None:
            texts.append(p.unit.target)
            complete = complete and p.state == CURRENT
        else:
            complete = False  # a new source paragraph still to translate
    return "\n\n".join(texts), complete
