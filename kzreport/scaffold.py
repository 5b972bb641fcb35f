"""Starting points: `kzreport new TYPE ID` (a block and its translation stubs) and `kzreport init DIR`
(a whole new project that builds straight away)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from kzreport.errors import Diagnostics, KzError, UsageProblem
from kzreport.i18n.addlang import add_language, check_code, translation_stub
from kzreport.layout import CONFIG, SKELETON
from kzreport.load.project import load_project
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
        path.write_text(translation_stub(source_rel, src, bid), encoding="utf-8")
        written.append(path)
    return written


def _yaml_text(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ':#{}[]&*!|>\'"%@`') else text


def init_project(target: Path, languages: str | None = None, organisation: str | None = None) -> Path:
    """Copy the example project to `target` (which must be empty or absent); with `languages`
    ("en,ru,kk": the example is in English, with its Russian translation), the other languages get
    their trees (kzreport i18n add); `organisation` is the name the documents print."""
    langs = _languages(languages)
    if target.exists() and any(target.iterdir()):
        raise KzError(f"{target} is not empty; kzreport init makes a new project in a new or empty folder")
    shutil.copytree(SKELETON, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "build", ".kzreport-*"))
    (target / "templates").mkdir(exist_ok=True)
    (target / ".gitignore").write_text("build/\n", encoding="utf-8")
    if organisation is not None:
        for lang in ("en", "ru"):
            strings = target / "content" / lang / "strings.yaml"
            strings.write_text(re.sub(r"(?m)^(  name:).*$", lambda m: f"{m[1]} {json.dumps(organisation, ensure_ascii=False)}",
                                      strings.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    if langs != ["en", "ru"]:
        config = target / CONFIG
        config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, ru]",
                                                                     f"languages: [{', '.join(langs)}]"),
                          encoding="utf-8")
        if "ru" not in langs:
            shutil.rmtree(target / "content" / "ru")
        for lang in langs[1:]:
            if lang != "ru":
                project = load_project(target, Diagnostics())
                assert project is not None
                add_language(project, lang)
    return target


def _languages(value: str | None) -> list[str]:
    if value is None:
        return ["en", "ru"]
    langs = [v.strip() for v in value.split(",") if v.strip()]
    if not langs:
        raise UsageProblem("--languages needs the language codes, the source language first, e.g. en,ru,kk")
    for lang in langs:
        check_code(lang)
    if len(set(langs)) != len(langs):
        raise UsageProblem(f"--languages lists a language twice: {value}")
    if langs[0] != "en":
        raise UsageProblem(f"the example project is written in English, so --languages must start with en "
                           f"(e.g. en,{','.join(x for x in langs if x != 'en') or 'ru'}); drafters may write in "
                           f"another language later, once the example is replaced")
    return langs
