"""Loading a project from disk into the model, recording every problem on the way.

`load_project(root)` reads kzreport.yaml, every language tree, the reports and the assessments.
Each file is checked for its own shape here (YAML, keys, types); relations between files
(a report naming a block that does not exist, an unknown theme) are checked in `validate`.
One bad file never stops the others from being read.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from kzreport.errors import Diagnostics, did_you_mean
from kzreport.layout import CONFIG
from kzreport.load import schema as s
from kzreport.load.citations import Bibliographies, load_bibliographies
from kzreport.load.rawtext import check_raw_text
from kzreport.load.strings import DATA, Key, Strings, StringUnit, load_strings_file
from kzreport.load.textfile import project_files, read_text
from kzreport.load.yamlfile import LList, LMap, load, split_front_matter
from kzreport.model import (
    BLOCK_TYPES,
    DISCLOSURES,
    Assessment,
    Block,
    BlockText,
    Level,
    PointRef,
    Project,
    Report,
    Scale,
    Score,
    Section,
    Settings,
    UNDocument,
)

DEFAULT_TAGS = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ", "fr": "fr-FR", "es": "es-ES", "uz": "uz-UZ",
                "ky": "ky-KG", "tg": "tg-TJ"}
ID_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
LANG_CODE = r"[a-z]{2,3}"
IGNORED_NAMES = {"README.md", "readme.md"}

# -- kzreport.yaml -------------------------------------------------------------------------------

_LEVEL = s.Schema({
    "id": s.Str(required=True, help="the level as printed, e.g. A or 2"),
    "colour": s.Colour(required=True),
    "not-applicable": s.Bool(default=False),
}, name="a scale level")

_SCALE = s.Schema({"levels": s.ListOf(_LEVEL, allow_single=False, required=True)}, name="a scale")

_DOCUMENT = s.Schema({
    "symbol": s.Str(required=True, help='the UN symbol, e.g. "CAT/C/KAZ/CO/4"'),
    "date": s.Date(),
    "body": s.Str(default="", help="the UN body, e.g. CAT or SPT"),
}, name="a UN document")

SETTINGS = s.Schema({
    "languages": s.ListOf(s.Str(pattern=LANG_CODE, pattern_help="use a two- or three-letter code such as en, ru, kk"),
                          allow_single=False, unique=True, required=True,
                          help="the list of language codes, the source language first, e.g. [en, ru]"),
    "language-tags": s.MapOf(s.Str(pattern=r"[a-z]{2,3}(-[A-Za-z0-9]+)*",
                                   pattern_help='write a language tag such as "en-GB"')),
    "organisation": s.Schema({
        "website": s.Str(default=""),
        "logo": s.Str(default=None, help="an image under templates/, e.g. templates/logo.png"),
    }, name="organisation", default={"website": "", "logo": None}),
    "themes": s.ListOf(s.Str(pattern=r"[A-Za-z0-9][A-Za-z0-9_-]*", pattern_help="use letters, digits and -"),
                       unique=True, allow_single=False),
    "documents": s.MapOf(_DOCUMENT),
    "scales": s.MapOf(_SCALE),
    "defaults": s.Schema({"document": s.Str(default=None)}, name="defaults", default={"document": None}),
}, name="kzreport.yaml")


def _scales(raw: dict[str, Any]) -> dict[str, Scale]:
    return {sid: Scale(sid, tuple(Level(str(lv["id"]), lv["colour"], lv["not-applicable"]) for lv in sc["levels"]))
            for sid, sc in raw.items()}


def builtin_scales() -> dict[str, Scale]:
    raw = yaml.safe_load((DATA / "scales.yaml").read_text(encoding="utf-8"))
    return _scales(_SCALE_MAP.convert(raw))


_SCALE_MAP = s.MapOf(_SCALE)


def load_settings(root: Path, diags: Diagnostics) -> Settings | None:
    path = root / CONFIG
    text = read_text(path, diags)
    if text is None:
        return None
    data = load(text, path, diags)
    if data is None:
        if not text.strip():
            diags.error(path, None, "the file is empty; it must at least list the languages, e.g. languages: [en, ru]")
        return None
    values = SETTINGS.validate(data, path, diags)
    languages = tuple(values["languages"] or ())
    if not languages:
        return None
    tags = {lang: DEFAULT_TAGS.get(lang, lang) for lang in languages}
    tags.update(values["language-tags"])
    documents = {did: UNDocument(did, d["symbol"], d["date"], d["body"] or "")
                 for did, d in values["documents"].items()}
    scales = builtin_scales()
    scales.update(_scales(values["scales"]))
    default_doc = values["defaults"]["document"]
    if default_doc and default_doc not in documents:
        line = data.get("defaults", LMap()).line_of("document") if isinstance(data, LMap) else None
        diags.error(path, line, f'the default document "{default_doc}" is not listed under documents'
                                f"{did_you_mean(default_doc, documents)}")
    return Settings(root=root, languages=languages, language_tags=tags,
                    website=values["organisation"]["website"] or "", logo=values["organisation"]["logo"],
                    themes=tuple(values["themes"]), documents=documents, scales=scales,
                    default_document=default_doc, path=path)


# -- blocks ----------------------------------------------------------------------------------------

def _points_field(default_document: str | None) -> s.Field:
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
            names = [n.strip() for n in re.split(r"[,;]", str(value)) if n.strip()] or ["Name Surname"]
            raise s.Invalid(f"this is one piece of text, not a list of names, so it protects nobody; write the "
                            f"names as a list, each once in the nominative: protect: [{', '.join(names)}] "
                            f'(or one "- name" a line below "protect:")')
        names = super().convert(value)
        if not names:
            raise s.Invalid("the list of names to protect is empty; write each name once in the nominative, "
                            "e.g. protect: [Mikhail Kazantsev, Михаил Казанцев]")
        # "Mikhail Kazantsev, Kazantsev" in one item is two names: each is protected on its own
        return [n.strip() for item in names for n in re.split(r"[,;]", item) if n.strip()]


def block_schema(settings: Settings) -> s.Schema:
    """The keys a block's front matter may have in the source language."""
    return s.Schema({
        "type": s.Choice(BLOCK_TYPES, required=True, help=f"one of {', '.join(BLOCK_TYPES)}"),
        "title": s.Str(required=True, help="the block's title"),
        "theme": s.Str(default=None),
        "points": s.ListOf(_points_field(settings.default_document)),
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

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
MAX_BLOCK_BYTES = 512 * 1024
MAX_INDENT = 64  # columns: about 16 levels of nested lists
MAX_QUOTE_DEPTH = 16
_QUOTES = re.compile(r"^(?:\s*>)+")
# list items and quotations opened on one line ("- - - - x", "> 1. > - x") nest just as deeply
_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+")
_MARKER = re.compile(r">|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
# pandoc reads nested brackets in exponential time (its citation and span parsers try every way to
# read them: 10 levels take seconds, 14 minutes), and a few other unclosed marks in quadratic time
MAX_BRACKET_DEPTH = 8
MAX_WORD = 5000  # characters without a space: no word is that long (a pasted file or address can be)
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
MARKUP_BUDGET = 5_000_000  # about how many microseconds pandoc may spend reading a block's marks
_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_MARKS = re.compile(r"[\\`\[\]()<]")


def check_body_shape(body: str, first_line: int, path: Path, diags: Diagnostics) -> bool:
    """Refuse text that pandoc or Typst cannot handle in reasonable time (True when fine).

    A 2,000-level nested list takes pandoc minutes and overflows Typst's parser; a real report
    never nests lists more than a few levels.
    """
    size = len(body.encode("utf-8"))
    if size > MAX_BLOCK_BYTES:
        diags.error(path, first_line, f"the text is {size // 1024} KB; a block must be under "
                                      f"{MAX_BLOCK_BYTES // 1024} KB (split it into several blocks)")
        return False
    for i, line in enumerate(body.split("\n")):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        quotes = _QUOTES.match(line)
        depth = quotes.group(0).count(">") if quotes else 0
        markers = _MARKERS.match(line)
        if markers and len(markers.group(0)) > 2 * MAX_QUOTE_DEPTH:
            depth = max(depth, len(_MARKER.findall(markers.group(0))))
        if indent > MAX_INDENT or depth > MAX_QUOTE_DEPTH:
            diags.error(path, first_line + i, "lists or quotations are nested too deeply here (more than "
                                              f"{MAX_QUOTE_DEPTH} levels); flatten them")
            return False
    word = _LONG_WORD.search(body)
    if word is not None:
        diags.error(path, first_line + body.count("\n", 0, word.start()),
                    f"a \"word\" of {len(word.group(0))} characters without a space starts here; no word is longer "
                    f"than {MAX_WORD} (is this a pasted file or address?): shorten it or break it with spaces")
        return False
    problem = _markup_problem(body)
    if problem is not None:
        diags.error(path, first_line + problem[0], problem[1])
        return False
    return True


def _markup_problem(body: str) -> tuple[int, str] | None:
    """(line index, message) where the body's brackets and marks would take pandoc too long to read.

    The marks are followed paragraph by paragraph as pandoc's reader sees them: `[` opens a level
    and `]` closes it; a link's `(` after `]` opens one until its `)`; code spans and fenced code are
    skipped. Each `[` costs about 50 µs times 3.5 per level it is nested in; runs of backticks and
    `<` without their ends cost the square of their number. Real text stays far below the limits.
    """
    cost = 0.0
    stack: list[str] = []
    lt = 0
    fence = ""
    for i, line in enumerate(body.split("\n")):
        fenced = _FENCE_LINE.match(line)
        if fence:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = ""
            continue
        if fenced:
            fence = fenced.group(1)
            continue
        if not line.strip():
            stack.clear()
            lt = 0
            continue
        pos = 0
        while True:
            m = _MARKS.search(line, pos)
            if m is None:
                break
            ch, pos = m.group(0), m.end()
            if ch == "\\":
                pos += 1
            elif ch == "`":
                rest = line[m.start():]
                run = len(rest) - len(rest.lstrip("`"))
                close = line.find("`" * run, m.start() + run)
                cost += 0.1 * run * run
                pos = close + run if close >= 0 else m.start() + run
            elif ch == "[":
                stack.append("[")
            elif ch == "]":
                if "[" in stack:
                    while stack.pop() != "[":
                        pass
                if line.startswith("(", pos):
                    stack.append("(")
                    pos += 1
            elif ch == "(":
                if stack and stack[-1] == "(":
                    stack.append("(")
                continue
            elif ch == ")":
                if stack and stack[-1] == "(":
                    stack.pop()
                continue
            else:  # <
                lt += 1
                cost += 0.4 * (2 * lt - 1)
            if len(stack) > MAX_BRACKET_DEPTH:
                return i, (f"brackets are nested more than {MAX_BRACKET_DEPTH} levels deep here (every [ without "
                           f"its ], and every link's ( without its ), opens a level): pandoc would take minutes or "
                           f"hours to read this; close the brackets, or write \\[ for a bracket that is only text")
            if ch in "[(":
                cost += 50 * 3.5 ** (len(stack) - 1)
            if cost > MARKUP_BUDGET:
                return i, ("this text has so many nested brackets, unclosed < or runs of ` that pandoc would take "
                           "minutes to read it; close the brackets, write \\[ \\< \\` for marks that are only "
                           "text, or split the block")
    return None


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
    root = settings.root / "content"
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
                                              f'".yaml" (rename it to end in "{hint}" if it is content)')
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
        diags.warning(src_path, body_line, "the block has no text after its front matter")
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
        if not text[0].strip() and not _HTML_COMMENT.sub("", text[1]).strip():
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


# -- strings ---------------------------------------------------------------------------------------

def load_all_strings(settings: Settings, diags: Diagnostics) -> Strings:
    units: dict[str, dict[Key, StringUnit]] = {}
    for lang in settings.languages:
        tree = settings.root / "content" / lang
        units[lang] = {}
        if not tree.is_dir():
            diags.error(settings.path, None, f'the language "{lang}" is listed but content/{lang}/ does not exist; '
                                             f"create it (kzreport init makes one) or remove the language")
            continue
        for path in project_files(tree, settings.root, diags, "*.yaml"):
            rel = path.relative_to(tree)
            if rel.name == "sources.yaml" or any(p.startswith((".", "_")) for p in rel.parts):
                continue
            # strings.yaml holds keys at the top level; any other file's path is its keys' prefix
            namespace = () if rel.as_posix() == "strings.yaml" else tuple(rel.with_suffix("").parts)
            loaded = load_strings_file(path, namespace, diags)
            for key, unit in loaded.items():
                if key[:1] == ("assessments",) and isinstance(unit.text, str):
                    # comments on scores are Markdown: the limits of a block's text keep pandoc fast
                    check_body_shape(unit.text, unit.line, unit.path, diags)
            units[lang].update(loaded)
    return Strings(settings.languages, units)


# -- reports ---------------------------------------------------------------------------------------

REPORT_TYPES = ("alternative-report", "followup-note", "loi-reply", "address")


def _point_list(settings: Settings) -> s.Field:
    return s.ListOf(_points_field(settings.default_document))


def report_schema(settings: Settings) -> s.Schema:
    section = s.Schema({
        "theme": s.Str(default=None),
        "heading": s.Str(default=None, help="a key in the language trees' strings, e.g. sections.introduction"),
        "blocks": s.ListOf(s.Str()),
        "follows": _point_list(settings),
    }, name="a report section")
    return s.Schema({
        "type": s.Str(required=True, help=f"the kind of document: {', '.join(REPORT_TYPES)}, or a template of "
                                          f"the project's own"),
        "date": s.Date(required=True, help="the date printed on the document (YYYY-MM-DD)"),
        "cover": s.ListOf(s.Str(), help="text blocks shown on the cover page"),
        "about": s.Str(default=None, help="a text block printed as the footnote about the organisation"),
        "toc": s.Bool(default=True),
        "sections": s.ListOf(section, allow_single=False),
        "blocks": s.ListOf(s.Str(), help="the blocks of a follow-up note or List-of-Issues reply, in order"),
        "scores": s.ListOf(s.Str()),
        "sources-list": s.Bool(default=False),
        "numbered-paragraphs": s.Bool(default=False),
        "annexes": s.ListOf(s.Str()),
        "annex-numbering": s.Choice(("letters", "roman"), default="roman"),
        "assessment": s.Str(default=None),
        "disclaimer": s.Str(default=None),
        "pdf-standard": s.Choice(("a-2b", "a-2u", "a-3b", "a-3u", "a-4", "ua-1"), default=None,
                                 help="a PDF/A or PDF/UA profile the PDF must meet, e.g. a-2b for archiving"),
    }, name="a report definition")


def _item_lines(mapping: Any, key: str) -> tuple[int, ...]:
    """The line of each item of the list under `key` (empty when it is not a list)."""
    value = mapping.get(key) if isinstance(mapping, LMap) else None
    return tuple(value.lines) if isinstance(value, LList) else ()


def load_reports(settings: Settings, diags: Diagnostics) -> dict[str, Report]:
    folder = settings.root / "content" / "reports"
    rschema = report_schema(settings)
    reports: dict[str, Report] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        text = read_text(path, diags)
        if text is None:
            continue
        data = load(text, path, diags)
        if data is None:
            if not text.strip():
                diags.error(path, None, "the report definition is empty; it needs at least type and date")
            continue
        v = rschema.validate(data, path, diags)
        secs = data.get("sections") if isinstance(data, LMap) else None
        sections = tuple(
            Section(theme=sec["theme"], blocks=tuple(sec["blocks"]), follows=tuple(sec["follows"]),
                    heading=sec["heading"], line=secs.line_of(i) if isinstance(secs, LList) else None,
                    block_lines=_item_lines(secs[i] if isinstance(secs, LList) else None, "blocks"))
            for i, sec in enumerate(v["sections"] or []))
        options = {k: v[k] for k in v if k not in ("type", "date", "sections")}
        options["lines"] = {k: data.line_of(k) for k in data} if isinstance(data, LMap) else {}
        options["item_lines"] = {k: _item_lines(data, k) for k in ("cover", "blocks", "annexes", "scores")}
        reports[path.stem] = Report(id=path.stem, type=v["type"] or "", date=v["date"] or dt.date(1970, 1, 1),
                                    path=path, sections=sections, options=options)
    return reports


# -- assessments -----------------------------------------------------------------------------------

ASSESSMENT = s.Schema({
    "document": s.Str(required=True, help="the UN document whose points are scored, as listed in kzreport.yaml"),
    "scale": s.Str(required=True, help="the scale used, e.g. coalition or hrc"),
    "date": s.Date(required=True),
    "follows": s.Str(default=None, help="the id of the earlier assessment of the same points"),
    "scores": s.Any_(required=True, help="a list of points with their level, e.g. - {point: 10, level: 2}"),
}, name="an assessment")

SCORE = s.Schema({"point": s.Str(required=True), "level": s.Str(required=True)}, name="a score")


def load_assessments(settings: Settings, diags: Diagnostics) -> dict[str, Assessment]:
    folder = settings.root / "content" / "assessments"
    out: dict[str, Assessment] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        text = read_text(path, diags)
        if text is None:
            continue
        data = load(text, path, diags)
        if data is None:
            continue
        v = ASSESSMENT.validate(data, path, diags)
        raw = data.get("scores") if isinstance(data, LMap) else None
        scores: list[Score] = []
        if raw is not None and not isinstance(raw, LList):
            diags.error(path, data.line_of("scores"), '"scores" must be a list, e.g. - {point: 10, level: 2}')
        items = raw if isinstance(raw, LList) else LList()
        for i, item in enumerate(items):
            sv = SCORE.validate(item, path, diags, line=items.line_of(i))
            if sv["point"] is not None and sv["level"] is not None:
                scores.append(Score(sv["point"], sv["level"], items.line_of(i)))
        out[path.stem] = Assessment(id=path.stem, document=v["document"] or "", scale=v["scale"] or "",
                                    date=v["date"] or dt.date(1970, 1, 1), scores=tuple(scores),
                                    follows=v["follows"], path=path,
                                    lines={str(k): data.line_of(k) for k in data} if isinstance(data, LMap) else {})
    return out


# -- the whole project -----------------------------------------------------------------------------

def load_project(root: Path, diags: Diagnostics) -> Project | None:
    """Everything in the project; None only when kzreport.yaml itself is unusable."""
    settings = load_settings(root, diags)
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
