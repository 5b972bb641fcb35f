"""Starting points: `kzreport new TYPE ID` (a block and its translation stubs) and `kzreport init DIR`
(a whole new project that builds straight away)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kzreport.errors import KzError
from kzreport.layout import SKELETON
from kzreport.load.settings import ID_SEGMENT
from kzreport.model import Settings

_FIELDS = {
    "finding": """\
type: finding
title: {title}
theme: {theme}               # one of: {themes}
points: []                   # the UN recommendations it speaks to, e.g. [cat-co4:10, cat-co4:11]
articles: []                 # articles of the Convention, e.g. [2, 16] (used by List-of-Issues replies)
issues: []                   # List-of-Issues numbers, e.g. [4, 5] (used by List-of-Issues replies)
order: 0                     # position among the theme's findings when a report lists no blocks
""",
    "case": """\
type: case
title: {title}
theme: {theme}               # one of: {themes}
points: []                   # the UN recommendations it speaks to, e.g. [cat-co4:11]
# Who may read this story? public: as written; anonymised: the names below are replaced by the
# pseudonym in every document; confidential: only in internal builds (kzreport build --internal).
disclosure: confidential
# pseudonym: A. B.           # for anonymised cases: what is printed instead of the names
# protect:                   # every way the names are written: full name, surname alone,
#   - Full Name              # Russian and English spellings, declensions
#   - Surname
order: 0
""",
    "recommendation": """\
type: recommendation
title: {title}
theme: {theme}               # one of: {themes}
points: []                   # the UN recommendations it follows up, e.g. [cat-co4:10]
order: 0                     # position in the section's list of recommendations
""",
    "text": """\
type: text
title: {title}
theme: {theme}               # optional for texts: remove the line if it belongs to no theme
""",
}

_BODY = {
    "finding": "<!-- Write the finding here. Cite a source with [@id], [@id, art. 146] or [@id, para. 10]; "
               "a free footnote is ^[its text]. -->\n",
    "case": "<!-- Tell the story here: what happened, when, where, and what the authorities did. -->\n",
    "recommendation": "<!-- One recommendation to the State, in one or two sentences. -->\n",
    "text": "<!-- Write the text here. -->\n",
}


def new_block(settings: Settings, block_type: str, block_id: str) -> list[Path]:
    """Create the source-language block and a translation stub in every other language."""
    parts = block_id.strip("/").removesuffix(".md").split("/")
    if not all(ID_SEGMENT.fullmatch(p) for p in parts):
        raise KzError(f'"{block_id}" cannot be a block id: use letters, digits, - and _ separated by /, '
                      f"e.g. safeguards/new-topic")
    bid = "/".join(parts)
    paths = {lang: settings.layout.block(lang, bid) for lang in settings.languages}
    existing = [p for p in paths.values() if p.exists()]
    if existing:
        raise KzError(f"{existing[0].relative_to(settings.root)} already exists; nothing was written "
                      f"(choose another id, or edit the existing file)")
    themes = list(settings.themes)
    theme = parts[0] if parts[0] in themes else (themes[0] if themes else "")
    title = parts[-1].replace("-", " ").replace("_", " ").capitalize()
    src = settings.source_language
    fields = _FIELDS[block_type].format(title=_yaml_text(title), theme=theme, themes=", ".join(themes) or "none yet")
    written = []
    paths[src].parent.mkdir(parents=True, exist_ok=True)
    paths[src].write_text(f"---\n{fields}---\n{_BODY[block_type]}", encoding="utf-8")
    written.append(paths[src])
    source_rel = paths[src].relative_to(settings.root).as_posix()
    for lang, path in paths.items():
        if lang == src:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'---\ntitle: ""                    # translate the title of {source_rel}\n---\n'
            f"<!-- Translate the text of {source_rel} here. Until this file has a title and a text, documents "
            f"show the source text ({src}), marked as not yet translated. Then run: kzreport i18n done {bid} -->\n",
            encoding="utf-8")
        written.append(path)
    return written


def _yaml_text(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ':#{}[]&*!|>\'"%@`') else text


def init_project(target: Path) -> Path:
    """Copy the example project to `target` (which must be empty or absent)."""
    if target.exists() and any(target.iterdir()):
        raise KzError(f"{target} is not empty; kzreport init makes a new project in a new or empty folder")
    shutil.copytree(SKELETON, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "build", ".kzreport-*"))
    (target / "templates").mkdir(exist_ok=True)
    (target / ".gitignore").write_text("build/\n", encoding="utf-8")
    return target
