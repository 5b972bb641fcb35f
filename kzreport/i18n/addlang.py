"""`kzreport i18n add LANG`: a new language in kzreport.yaml and its tree under content/<lang>/, with
everything there is to translate in it.

The tree gets
- a stub for every block (an empty title and a comment: not translated yet, as `kzreport new` makes);
- every short-text file of the source language (themes, report titles, UN documents' points,
  assessments' comments...) with each line commented out: a translator removes the `#` of a line and
  writes the translation; until then documents show the source text, marked as not yet translated;
  for a language kzreport has no words for, `strings.yaml` also carries the words the templates print;
- `sources.yaml`, copied from the source language, for the titles to be translated;
- an empty `glossary.yaml` explaining itself.
kzreport.yaml is edited as text, one list item added, so its comments and order stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzreport.errors import Diagnostics, KzError, UsageProblem
from kzreport.files import atomic_write_bytes
from kzreport.layout import CONFIG, SOURCES, STRINGS
from kzreport.load.glossary import GLOSSARY
from kzreport.load.settings import LANG_CODE
from kzreport.load.strings import DATA, missing_builtin
from kzreport.load.yamlfile import LList, LMap, dump, load, load_plain
from kzreport.model import Project


def translation_stub(source_rel: str, src: str, block_id: str) -> str:
    """The file of a block not translated yet: it counts as missing until it has a title and a text."""
    return (f'---\ntitle: ""                    # translate the title of {source_rel}\n---\n'
            f"<!-- Translate the text of {source_rel} here. Until this file has a title and a text, documents "
            f"show the source text ({src}), marked as not yet translated. Then run: kzreport i18n done {block_id} "
            f"-->\n")


def check_code(lang: str) -> None:
    if not re.fullmatch(LANG_CODE, lang):
        raise UsageProblem(f'"{lang}" is not a language code: write the two- or three-letter lowercase code of '
                           f"ISO 639, e.g. kk (Kazakh), ky (Kyrgyz), uz (Uzbek), fr (French)")


@dataclass(frozen=True)
class Added:
    settings_changed: bool
    files: list[Path]


def add_language(project: Project, lang: str) -> Added:
    """Add `lang` to kzreport.yaml (unless it is listed already, its tree missing) and create its tree."""
    check_code(lang)
    settings = project.settings
    langs = ", ".join(settings.languages)
    tree = project.layout.lang(lang)
    listed = lang in settings.languages
    has_files = tree.is_dir() and any(tree.iterdir())
    if lang == settings.source_language or (listed and has_files):
        raise UsageProblem(f"{lang} is already a language of this project (kzreport.yaml: languages: [{langs}]); "
                           f"kzreport i18n status -l {lang} lists what is left to translate")
    if has_files or (tree.exists() and not tree.is_dir()):
        raise KzError(f"content/{lang}/ already exists and is not empty; nothing was changed: move it away (or "
                      f"add {lang} to languages: in {CONFIG} by hand if it is a translation already)")
    config_text = None if listed else _with_language(settings.path, lang, settings.languages)
    files = _tree(project, lang)
    written = []
    for rel, text in files.items():
        path = tree / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, text.encode("utf-8"))
        written.append(path)
    if config_text is not None:
        atomic_write_bytes(settings.path, config_text)
    return Added(config_text is not None, written)


# -- kzreport.yaml ----------------------------------------------------------------------------------

def _with_language(path: Path, lang: str, languages: tuple[str, ...]) -> bytes:
    """kzreport.yaml's bytes with `lang` added to `languages:`, everything else as it was."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    data = load("\n".join(lines), path, Diagnostics())
    value = data.get("languages") if isinstance(data, LMap) else None
    new = None
    if isinstance(value, LList) and isinstance(data, LMap):
        key_line = data.line_of("languages")
        if value.lines and min(value.lines) > key_line and lines[value.lines[-1] - 1].lstrip().startswith("-"):
            # a block list: one more item, indented as the last one
            last = lines[value.lines[-1] - 1]
            indent = last[: len(last) - len(last.lstrip())]
            new = lines[: value.lines[-1]] + [f"{indent}- {lang}"] + lines[value.lines[-1]:]
        else:
            # a flow list [en, ru]: ", kk" before its closing bracket
            joined = "\n".join(lines[key_line - 1:])
            m = re.search(r"\[[^\]#]*?(?=\s*\])", joined)
            if m:
                joined = joined[: m.end()] + f", {lang}" + joined[m.end():]
                new = lines[: key_line - 1] + joined.split("\n")
    if new is not None:
        check = load("\n".join(new), path, Diagnostics())
        if isinstance(check, LMap) and [str(x) for x in check.get("languages") or []] == [*languages, lang]:
            return (b"\xef\xbb\xbf" if bom else b"") + newline.join(new).encode("utf-8")
    raise KzError(f"{path}: kzreport could not add {lang} to languages: here; add it by hand "
                  f"(languages: [{', '.join(languages)}, {lang}]), then run kzreport i18n add {lang} again "
                  f"to create content/{lang}/")


# -- the tree ---------------------------------------------------------------------------------------

def _commented(text: str) -> str:
    return "".join(("# " + line if line.strip() else line) for line in text.splitlines(keepends=True))


def _tree(project: Project, lang: str) -> dict[str, str]:
    src = project.settings.source_language
    src_tree = project.layout.lang(src)
    out: dict[str, str] = {}
    for bid in sorted(project.blocks):
        source = project.blocks[bid].text(src)
        if source is None:
            continue
        rel = source.path.relative_to(src_tree)
        out[rel.as_posix()] = translation_stub(source.path.relative_to(project.root).as_posix(), src, bid)
    for path in sorted(src_tree.rglob("*.yaml")):
        rel = path.relative_to(src_tree)
        if any(p.startswith((".", "_")) for p in rel.parts) or rel.as_posix() == GLOSSARY or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        where = f"content/{src}/{rel.as_posix()}"
        if rel.name == SOURCES:
            out[rel.as_posix()] = (f"# Copied from {where} by kzreport i18n add: translate the titles (keep every "
                                   f"id), and give the address\n# of the {lang} text of a law where there is one.\n"
                                   + text)
            continue
        if rel.as_posix() == STRINGS and missing_builtin(lang, src):
            text = _with_template_words(text, src, lang)
        out[rel.as_posix()] = (
            f"# To translate into {lang}: the text of {where}, every line commented out. Translate a line by\n"
            f"# removing its # and writing the {lang} text after the colon; keep the keys and the indentation.\n"
            f"# Until then, documents show the {src} text, marked as not yet translated.\n" + _commented(text))
    if STRINGS not in out and missing_builtin(lang, src):
        out[STRINGS] = ("# To translate into {lang}: the words the templates print. Remove the # of a line and write "
                        "the text.\n".replace("{lang}", lang) + _commented(_with_template_words("", src, lang)))
    out[GLOSSARY] = (f"# The glossary of {lang}: the fixed translation of terms (UN bodies, laws), one a line. kzreport "
                     f"check warns\n# when a translation does not use it; kzreport i18n glossary -l {lang} exports it "
                     f"for translation tools. E.g.\n# Committee against Torture: <the term in {lang}>\n"
                     f"# Criminal Procedure Code: [<the term>, <its abbreviation>]\n")
    return out


def _with_template_words(text: str, src: str, lang: str) -> str:
    """A strings file with the words kzreport's templates print in the source language added (those it
    does not ship in `lang`), as one YAML mapping."""
    data: Any = load_plain(text) if text.strip() else {}
    missing = missing_builtin(lang, src)

    def keep(node: Any, prefix: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            kept = {k: keep(v, (*prefix, str(k))) for k, v in node.items()}
            return {k: v for k, v in kept.items() if v is not None} or None
        if isinstance(node, list):  # a list (month names) is translated whole
            return node if any(k[: len(prefix)] == prefix for k in missing) else None
        return node if prefix in missing else None

    builtin = keep(load_plain((DATA / "strings" / f"{src}.yaml").read_text(encoding="utf-8")) or {}, ()) or {}
    merged = _merge(data if isinstance(data, dict) else {}, builtin)
    return dump(merged)


def _merge(own: dict, builtin: dict) -> dict:
    out = dict(own)
    for key, value in builtin.items():
        if key not in out:
            out[key] = value
        elif isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = _merge(out[key], value)
    return out


def left_to_translate(project: Project, lang: str) -> tuple[int, int]:
    """Units and words (of the source text) missing in `lang`."""
    from kzreport.i18n.status import MISSING, status

    missing = [st for st in status(project, lang) if st.state == MISSING]
    return len(missing), sum(len(st.unit.source.split()) for st in missing)
