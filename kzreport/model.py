"""The content model: what a project is made of, as frozen dataclasses.

Everything here is plain data, already validated by `content` (loading) and `validate`
(cross-references). Language-neutral facts live on the objects themselves; the words of each
language live in `Text` values keyed by language code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzreport.layout import ProjectLayout

BLOCK_TYPES = ("finding", "case", "recommendation", "text")
DISCLOSURES = ("public", "anonymised", "confidential")


@dataclass(frozen=True)
class Where:
    """The file and line a value came from."""

    path: Path
    line: int | None = None


@dataclass(frozen=True, order=True)
class PointRef:
    """A paragraph of a UN document that carries a recommendation, e.g. CAT/C/KAZ/CO/4 para. 10."""

    document: str
    point: str

    def __str__(self) -> str:
        return f"{self.document}:{self.point}"


@dataclass(frozen=True)
class Level:
    id: str
    colour: str
    not_applicable: bool = False


@dataclass(frozen=True)
class Scale:
    """Ordered levels, worst first; labels are translatable strings (`scales.<id>.<level>`)."""

    id: str
    levels: tuple[Level, ...]

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def rank(self, level_id: str) -> int | None:
        """Position among the applicable levels (higher is better), None for n/a."""
        ranked = [lv.id for lv in self.levels if not lv.not_applicable]
        return ranked.index(level_id) if level_id in ranked else None


@dataclass(frozen=True)
class UNDocument:
    """A UN document whose paragraphs ("points") the Coalition follows up."""

    id: str
    symbol: str
    date: dt.date | None
    body: str


@dataclass(frozen=True)
class CycleDate:
    """One date of a reporting cycle: a submission, a session, a follow-up due (load/cycles.py)."""

    key: str  # submissions, session, concluding-observations, follow-up, next-report or other
    what: str  # what happens then, in words
    date: dt.date
    line: int | None = None


@dataclass(frozen=True)
class Cycle:
    """A reporting cycle of one UN body (kzreport.yaml, cycles:), for `kzreport deadlines`."""

    id: str
    body: str
    title: str | None
    dates: tuple[CycleDate, ...]
    line: int | None = None


@dataclass(frozen=True)
class Settings:
    """kzreport.yaml, validated."""

    root: Path
    languages: tuple[str, ...]
    language_tags: dict[str, str]
    website: str
    logo: str | None
    themes: tuple[str, ...]
    documents: dict[str, UNDocument]
    scales: dict[str, Scale]
    default_document: str | None
    path: Path
    silence: tuple[str, ...] = ()  # warning codes not to report (errors.WARNING_CODES)
    word_limits: dict[str, int] = field(default_factory=dict)  # UN body -> words (built-in and own)
    word_limit_lines: dict[str, int | None] = field(default_factory=dict)  # the project's own, by body
    cycles: dict[str, Cycle] = field(default_factory=dict)
    bodies: tuple[str, ...] = ()  # every UN body the project or kzreport knows

    @property
    def source_language(self) -> str:
        return self.languages[0]

    def tag(self, lang: str) -> str:
        return self.language_tags.get(lang, lang)

    @property
    def layout(self) -> ProjectLayout:
        return ProjectLayout(self.root)


@dataclass(frozen=True)
class BlockText:
    """A block's words in one language, with where they are written."""

    lang: str
    title: str
    body: str
    path: Path
    title_line: int
    body_line: int
    pseudonym: str | None = None  # a case's pseudonym in this language's script, if it differs


@dataclass(frozen=True)
class Block:
    """One unit of content: a finding, a case, a recommendation or a text."""

    id: str
    type: str
    theme: str | None
    points: tuple[PointRef, ...]
    articles: tuple[str, ...]
    issues: tuple[int, ...]
    order: int
    date: dt.date | None
    disclosure: str | None
    protect: tuple[str, ...]
    pseudonym: str | None
    texts: dict[str, BlockText]  # language -> text; the source language is always present
    meta_lines: dict[str, int] = field(default_factory=dict)
    public_names: tuple[str, ...] = ()  # names in a sensitive case that may be printed (a lawyer, an official)

    def text(self, lang: str) -> BlockText | None:
        return self.texts.get(lang)

    @property
    def path(self) -> Path:
        return next(iter(self.texts.values())).path


@dataclass(frozen=True)
class Section:
    """One section of a report: usually a theme, with the blocks it shows in order."""

    theme: str | None
    blocks: tuple[str, ...]
    follows: tuple[PointRef, ...]
    heading: str | None  # a strings key overriding the theme's title
    line: int | None
    block_lines: tuple[int, ...] = ()  # the line of each entry of `blocks`


@dataclass(frozen=True)
class Report:
    """content/reports/<id>.yaml: one document."""

    id: str
    type: str
    date: dt.date
    path: Path
    sections: tuple[Section, ...]
    options: dict[str, Any]

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass(frozen=True)
class Score:
    point: str
    level: str
    line: int | None


@dataclass(frozen=True)
class Assessment:
    """content/assessments/<id>.yaml: the Coalition's scores of a set of points."""

    id: str
    document: str
    scale: str
    date: dt.date
    scores: tuple[Score, ...]
    follows: str | None
    path: Path
    lines: dict[str, int] = field(default_factory=dict)  # line of each key of the file

    def score(self, point: str) -> Score | None:
        return next((s for s in self.scores if s.point == point), None)


@dataclass(frozen=True)
class Project:
    """Everything loaded from a project folder."""

    settings: Settings
    blocks: dict[str, Block]
    reports: dict[str, Report]
    assessments: dict[str, Assessment]
    strings: Any  # i18n.Strings: the short translatable strings of every language
    sources: Any  # citations.Bibliographies: sources.yaml of every language

    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def layout(self) -> ProjectLayout:
        return ProjectLayout(self.settings.root)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages
