"""Where things are: every path of a project, and the files kzreport itself ships.

A project (SPEC.md, "Layout"):

    kzreport.yaml
    content/<lang>/...          blocks (*.md), strings (*.yaml), sources.yaml, scales.yaml
    content/<lang>/_translated-from.yaml   the translation records
    content/reports/<id>.yaml   report definitions
    content/assessments/<id>.yaml
    templates/                  the project's own templates, overriding the built-in ones by name
    build/                      outputs

Every module asks `ProjectLayout` for these paths instead of joining them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).parent
BUILTIN_TEMPLATES = PACKAGE / "templates"
BUILTIN_DATA = PACKAGE / "data"
LUA_FILTERS = PACKAGE / "convert" / "lua"
FONTS = PACKAGE / "fonts"  # Liberation Serif: metric-compatible with Times New Roman, the DOCX typeface
SKELETON = PACKAGE / "skeleton"

CONFIG = "kzreport.yaml"
SOURCES = "sources.yaml"
STRINGS = "strings.yaml"
SCALES = "scales.yaml"
TRANSLATION_RECORDS = "_translated-from.yaml"


@dataclass(frozen=True)
class ProjectLayout:
    """The paths of one project, rooted at the folder that holds kzreport.yaml."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def reports(self) -> Path:
        return self.content / "reports"

    @property
    def assessments(self) -> Path:
        return self.content / "assessments"

    def build(self, out_dir: Path | None = None) -> Path:
        """Where outputs go: `--out` when given, else build/."""
        return out_dir or self.root / "build"

    def lang(self, lang: str) -> Path:
        """content/<lang>/: one language tree."""
        return self.content / lang

    def block(self, lang: str, block_id: str) -> Path:
        return self.lang(lang) / f"{block_id}.md"

    def sources(self, lang: str) -> Path:
        return self.lang(lang) / SOURCES

    def strings(self, lang: str) -> Path:
        return self.lang(lang) / STRINGS

    def scales(self, lang: str) -> Path:
        """The labels of the scales' levels in one language."""
        return self.lang(lang) / SCALES

    def translation_records(self, lang: str) -> Path:
        return self.lang(lang) / TRANSLATION_RECORDS

    def in_language(self, path: Path, source: str, lang: str) -> Path:
        """The file in `lang`'s tree that translates `path` of the `source` tree."""
        return self.lang(lang) / path.relative_to(self.lang(source))

    def template(self, name: str) -> Path:
        """The project's own templates/<name>, else the built-in one (a project overrides file by file)."""
        own = self.templates / name
        return own if own.is_file() else BUILTIN_TEMPLATES / name


def template_path(root: Path, name: str) -> Path:
    return ProjectLayout(root).template(name)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` with kzreport.yaml."""
    for folder in [start, *start.parents]:
        if (folder / CONFIG).is_file():
            return folder
    return None
