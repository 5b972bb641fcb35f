"""Loading a project from disk into the model, recording every problem on the way.

`load_project(root)` reads kzreport.yaml (settings.py), every language tree (blocks.py, strings.py,
citations.py), the reports and the assessments (reports.py). Each file is checked for its own shape
here (YAML, keys, types); relations between files (a report naming a block that does not exist, an
unknown theme) are checked in kzreport/checks/. One bad file never stops the others from being read.
"""

from __future__ import annotations

from pathlib import Path

from kzreport.errors import Diagnostics
from kzreport.layout import SOURCES, STRINGS
from kzreport.load.blocks import load_blocks
from kzreport.load.glossary import GLOSSARY
from kzreport.load.reports import load_assessments, load_reports
from kzreport.load.settings import load_settings
from kzreport.load.shape import check_body_shape
from kzreport.load.sources import Bibliographies, load_bibliographies
from kzreport.load.strings import Key, Strings, StringUnit, load_strings_file
from kzreport.load.textfile import project_files
from kzreport.model import Project, Settings

# -- strings ---------------------------------------------------------------------------------------

def load_all_strings(settings: Settings, diags: Diagnostics) -> Strings:
    units: dict[str, dict[Key, StringUnit]] = {}
    for lang in settings.languages:
        tree = settings.layout.lang(lang)
        units[lang] = {}
        if not tree.is_dir():
            diags.error(settings.path, None, f'the language "{lang}" is listed but content/{lang}/ does not exist; '
                                             f"create it with `kzreport i18n add {lang}` (its tree, with what there is to "
                                             f"translate) or remove the language")
            continue
        for path in project_files(tree, settings.root, diags, "*.yaml"):
            rel = path.relative_to(tree)
            if rel.name == SOURCES or rel.as_posix() == GLOSSARY or any(p.startswith((".", "_")) for p in rel.parts):
                continue
            # strings.yaml holds keys at the top level; any other file's path is its keys' prefix
            namespace = () if rel.as_posix() == STRINGS else tuple(rel.with_suffix("").parts)
            loaded = load_strings_file(path, namespace, diags)
            for key, unit in loaded.items():
                if key[:1] == ("assessments",) and isinstance(unit.text, str):
                    # comments on scores are Markdown: the limits of a block's text keep pandoc fast
                    check_body_shape(unit.text, unit.line, unit.path, diags)
            units[lang].update(loaded)
    return Strings(settings.languages, units)


# -- the whole project -----------------------------------------------------------------------------

def load_project(root: Path, diags: Diagnostics) -> Project | None:
    """Everything in the project; None only when kzreport.yaml itself is unusable."""
    settings = load_settings(root, diags)
    if settings is not None:
        diags.silence(settings.silence)
    if settings is None:
        return None
    for folder in ("content", "templates"):
        # named pipes, devices and links out of the project, wherever they are: reported, never opened
        for _ in project_files(root / folder, root, diags):
            pass
    strings = load_all_strings(settings, diags)
    blocks = load_blocks(settings, diags)
    sources: Bibliographies = load_bibliographies(settings, diags)
    return Project(settings=settings, blocks=blocks, reports=load_reports(settings, diags),
                   assessments=load_assessments(settings, diags), strings=strings, sources=sources)
