"""Blocks: content/<lang>/**/*.md, a YAML header and a Markdown body. The source language's file
defines a block; a translation has the same path in another language tree and may only repeat the
neutral header fields (type, theme, points, ...) with the same values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kzreport.errors import Diagnostics
from kzreport.load import schema as s
from kzreport.load.rawtext import check_raw_text
from kzreport.load.settings import ID_SEGMENT, IGNORED_NAMES
from kzreport.load.shape import HTML_COMMENT, check_body_shape
from kzreport.load.textfile import project_files, read_text
from kzreport.load.yamlfile import LMap, load, split_front_matter
from kzreport.model import (
    BLOCK_TYPES,
    DISCLOSURES,
    Block,
    BlockText,
    PointRef,
    Settings,
)

# -- blocks ----------------------------------------------------------------------------------------

def points_field(default_document: str | None) -> s.Field:
    def convert(value: Any) -> PointRef:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise s.Invalid('a point is written "document:point", e.g. cat-co4:10')
        text = str(value).strip()
        if ":" in text:
            doc, _, point = text.partition(":")
            return PointRef(doc.strip(), point.strip())
        if default_document:
            return PointRef(default_document, text)
        raise s.Invalid(f'"{text}" does not say which UN document it belongs to; write it as "document:{text}" '
                        f"or set defaults: document: in kzreport.yaml")
    return s.Custom(convert)


class ProtectList(s.ListOf):
    """`protect:` is a YAML list: one line a name. A string (`protect: Anna Beispiel, Beispiel`) is one
    long name that never occurs, so it would protect nobody: it is refused with the fix shown."""

    def __init__(self, item: s.Field) -> None:
        super().__init__(item, allow_single=False)

    def convert(self, value: Any) -> list:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            # (the fix is shown without the names: a message must not print them, CI logs are public)
            count = max(1, len([n for n in re.split(r"[,;]", str(value)) if n.strip()]))
            example = ", ".join(f"name {i}" for i in range(1, count + 1))
            raise s.Invalid(f"this is one piece of text, not a list of names, so it protects nobody; write the "
                            f"names as a list, each once in the nominative: protect: [{example}], the names of "
                            f'this line between [ and ] (or one "- name" a line below "protect:")')
        names = super().convert(value)
        if not names:
            raise s.Invalid("the list of names to protect is empty; write each name once in the nominative, "
                            "e.g. protect: [Firstname Lastname, Имя Фамилия]")
        # (an item with commas, "Mikhail Kazantsev, Kazantsev", is split by safety.disclosure.listed_names)
        return [n.strip() for n in names if n.strip()]


def block_schema(settings: Settings) -> s.Schema:
    """The keys a block's front matter may have in the source language."""
    return s.Schema({
        "type": s.Choice(BLOCK_TYPES, required=True, help=f"one of {', '.join(BLOCK_TYPES)}"),
        "title": s.Str(required=True, help="the block's title"),
        "theme": s.Str(default=None),
        "points": s.ListOf(points_field(settings.default_document)),
        "articles": s.ListOf(s.Str(pattern=r"\d+[a-z]?", pattern_help="write the article's number, e.g. 2")),
        "issues": s.ListOf(s.Int(minimum=1)),
        "order": s.Int(default=0),
        "date": s.Date(),
        "disclosure": s.Choice(DISCLOSURES),
        "protect": ProtectList(s.Str()),
        "pseudonym": s.Str(default=None),
        "public-names": s.ListOf(s.Str(), allow_single=False,
                                 help="names in this case that may be published, e.g. its lawyer's: [Vitkovskaya]"),
    }, name="a block's front matter")


TRANSLATION = s.Schema({
    "title": s.Str(required=True, nonempty=False, help="the translated title"),
    "pseudonym": s.Str(default=None, help="an anonymised case's pseudonym in this language, e.g. А. Б."),
}, name="a translation's front matter")


NEUTRAL_KEYS = ("type", "theme", "points", "articles", "issues", "order", "date", "disclosure", "protect",
                "public-names")


def _read_block_file(path: Path, diags: Diagnostics) -> tuple[LMap, str, int, int] | None:
    """(header, body, header line, body line) of a block file, or None after an error."""
    text = read_text(path, diags)
    if text is None:
        return None
    if not text.strip():
        diags.error(path, None, "the file is empty; a block starts with a line ---, its fields (type, title, ...), "
                                "another line ---, and then its text")
        return None
    fm = split_front_matter(text)
    if fm is None:
        first = text.lstrip("\n").split("\n", 1)[0]
        if first.strip() == "---":
            diags.error(path, 1, "the front matter is not closed; add a line --- after the last field")
        else:
            diags.error(path, 1, "the file has no front matter; start it with a line ---, then the fields "
                                 "(type, title, ...), then another line ---")
        return None
    before = len(diags)
    data = load(fm.header, path, diags, line_offset=fm.header_line - 1)
    if data is None:
        if len(diags) > before:
            return None  # broken YAML, already reported
        data = LMap()  # no fields at all: the missing ones are reported by the schema
        data.line, data.lines = 1, {}
    if not isinstance(data, LMap):
        diags.error(path, fm.header_line, "the front matter must be fields written as key: value")
        return None
    return data, fm.body, fm.header_line, fm.body_line


def _block_id(rel: Path) -> str | None:
    parts = rel.with_suffix("").parts
    return "/".join(parts) if all(ID_SEGMENT.fullmatch(p) for p in parts) else None


def load_blocks(settings: Settings, diags: Diagnostics) -> dict[str, Block]:
    root = settings.layout.content
    src_lang = settings.source_language
    files: dict[str, dict[str, Path]] = {}
    for lang in settings.languages:
        tree = root / lang
        for path in project_files(tree, settings.root, diags):
            rel = path.relative_to(tree)
            if any(p.startswith((".", "_")) for p in rel.parts) or path.name in IGNORED_NAMES:
                continue
            if path.suffix == ".yaml":
                continue  # strings and sources: loaded elsewhere
            if path.suffix != ".md":
                if path.suffix.lower() in (".md", ".markdown", ".yml", ".txt", ".docx"):
                    hint = ".md" if path.suffix.lower() in (".markdown", ".txt", ".docx") else ".yaml"
                    diags.warning(path, None, f'the file is ignored: blocks end in ".md" and strings files in '
                                              f'".yaml" (rename it to end in "{hint}" if it is content)', code="ignored-file")
                continue
            bid = _block_id(rel)
            if bid is None:
                diags.error(path, None, "the file name cannot be a block id: use letters, digits, - and _ only "
                                        "(no spaces), e.g. safeguards/habeas-corpus.md")
                continue
            files.setdefault(bid, {})[lang] = path
    _check_case_clashes(files, diags)

    blocks: dict[str, Block] = {}
    bschema = block_schema(settings)
    for bid, by_lang in sorted(files.items()):
        src_path = by_lang.get(src_lang)
        if src_path is None:
            for lang, path in by_lang.items():
                expected = root / src_lang / path.relative_to(root / lang)
                diags.error(path, None, f"this translation has no source: {expected.relative_to(settings.root)} "
                                        f"does not exist (create it, or delete or move this file)")
            continue
        block = _load_block(bid, src_path, by_lang, settings, bschema, diags)
        if block is not None:
            blocks[bid] = block
    return blocks


def _check_case_clashes(files: dict[str, dict[str, Path]], diags: Diagnostics) -> None:
    lowered: dict[str, str] = {}
    for bid in sorted(files):
        other = lowered.setdefault(bid.lower(), bid)
        if other != bid:
            for path in files[bid].values():
                diags.error(path, None, f'the block id "{bid}" differs from "{other}" only in capital letters; '
                                        f"that is the same file on Windows and macOS: rename one of them")


def _load_block(bid: str, src_path: Path, by_lang: dict[str, Path], settings: Settings, bschema: s.Schema,
                diags: Diagnostics) -> Block | None:
    src_lang = settings.source_language
    read = _read_block_file(src_path, diags)
    if read is None:
        return None
    header, body, _, body_line = read
    values = bschema.validate(header, src_path, diags)
    if values["title"] is None:
        values["title"] = bid
    if not body.strip():
        diags.warning(src_path, body_line, "the block has no text after its front matter", code="empty-block")
    if not check_body_shape(body, body_line, src_path, diags):
        body = ""  # reported; the rest of the block is still checked
    check_raw_text(body, body_line, src_path, diags)
    texts = {src_lang: BlockText(src_lang, values["title"], body, src_path, header.line_of("title"), body_line)}
    for lang, path in by_lang.items():
        if lang == src_lang:
            continue
        text = _load_translation(path, header, diags)
        if text is None:
            continue
        if not text[0].strip() and not HTML_COMMENT.sub("", text[1]).strip():
            continue  # a stub made by `kzreport new`: not yet translated (validate warns about it)
        if not text[0].strip():
            diags.error(path, text[2], "the title is empty: translate the title too")
        if not check_body_shape(text[1], text[3], path, diags):
            continue
        check_raw_text(text[1], text[3], path, diags)
        texts[lang] = BlockText(lang, text[0], text[1], path, text[2], text[3], pseudonym=text[4])
    return Block(
        id=bid, type=values["type"] or "text", theme=values["theme"], points=tuple(values["points"]),
        articles=tuple(values["articles"]), issues=tuple(values["issues"]), order=values["order"],
        date=values["date"], disclosure=values["disclosure"], protect=tuple(values["protect"]),
        pseudonym=values["pseudonym"], texts=texts, public_names=tuple(values["public-names"]),
        meta_lines={k: header.line_of(k) for k in header} | {"": header.line})


def _load_translation(path: Path, src_header: LMap, diags: Diagnostics
                      ) -> tuple[str, str, int, int, str | None] | None:
    read = _read_block_file(path, diags)
    if read is None:
        return None
    header, body, _, body_line = read
    neutral = {k: header[k] for k in list(header) if k in NEUTRAL_KEYS}
    for key, value in neutral.items():
        if key not in src_header:
            diags.error(path, header.line_of(key), f'"{key}" is language-neutral and belongs in the source file '
                                                   f"only: remove it here")
        elif _normal(value) != _normal(src_header[key]):
            diags.error(path, header.line_of(key),
                        f'"{key}" says {_normal(value)!r} here but {_normal(src_header[key])!r} in the source; '
                        f"neutral fields are written once, in the source file: remove it here")
    values = TRANSLATION.validate(header, path, diags, allowed_extra=neutral)
    title = values["title"] or ""
    return title, body, header.line_of("title"), body_line, values["pseudonym"]


def _normal(value: Any) -> Any:
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return str(value)
    return value
