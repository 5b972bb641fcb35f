"""Sources and citations: one bibliography per language, cited with pandoc's `[@id]` syntax.

`content/<lang>/sources.yaml` is a list of CSL entries (the format pandoc's citeproc reads). This
module checks them (with lines) and writes what pandoc needs (checks/citations.py finds the
citations in block bodies): the bibliography as CSL JSON and a note style rendered from the template
`citation-style.csl.j2` in each language, so that "Ibid." / "Там же" and "see note 14 above" /
"см. сноску 14 выше" come out right. Numbering, Ibid. and back-references are pandoc's citeproc's
work; nothing here counts notes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzreport.errors import Diagnostics
from kzreport.load import schema as s
from kzreport.load.textfile import read_text
from kzreport.load.yamlfile import LList, LMap, load

# pandoc: a citation key starts with a letter, digit or _ (of any script), and may contain internal
# punctuation, or it is anything in braces ("@{a.b}"). An @ after a letter, a digit or a full stop starts
# no citation ("info@ngo.kz", "x.@y"); after anything else it does: "see[@co,p.5]", "(@co)", "a-@co"
# (pandoc's own rules, which tests/test_citations.py compares with pandoc on tricky cases).
CITE = re.compile(r"(?<![^\W_]|[.\\])@(?:\{([^{}\s]+)\}|(\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*))")


def cite_key(found: re.Match[str]) -> str:
    """The key of a citation `CITE` found (in braces or not)."""
    return found.group(1) or found.group(2)

CSL_TYPES = ("legislation", "legal_case", "report", "webpage", "article-newspaper", "article-magazine",
             "article-journal", "article", "book", "chapter", "document", "treaty", "regulation", "hearing",
             "bill", "post", "post-weblog", "speech", "interview", "personal_communication", "dataset",
             "pamphlet", "manuscript", "standard")

_NAME = s.Schema({"family": s.Str(default=None), "given": s.Str(default=None), "literal": s.Str(default=None)},
                 name="a name")


def _csl_date(value: Any) -> dict[str, Any]:
    """A CSL date from 2023, 2023-03, 2023-03-21 or a date value."""
    if isinstance(value, dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not m or isinstance(value, bool):
        raise s.Invalid(f'"{value}" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD')
    return {"date-parts": [[int(p) for p in m.groups() if p]]}


SOURCE = s.Schema({
    "id": s.Str(required=True, pattern=r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*",
                pattern_help="use letters, digits and - (e.g. law-157-vii)"),
    "type": s.Choice(CSL_TYPES, required=True),
    "title": s.Str(required=True),
    "title-short": s.Str(),
    "author": s.ListOf(_NAME),
    "editor": s.ListOf(_NAME),
    "authority": s.Str(),
    "publisher": s.Str(),
    "publisher-place": s.Str(),
    "container-title": s.Str(),
    "collection-title": s.Str(),
    "genre": s.Str(),
    "number": s.Str(),
    "section": s.Str(),
    "volume": s.Str(),
    "issue": s.Str(),
    "page": s.Str(),
    "chapter-number": s.Str(),
    "edition": s.Str(),
    "event": s.Str(),
    "event-place": s.Str(),
    "jurisdiction": s.Str(),
    "medium": s.Str(),
    "note": s.Str(),
    "language": s.Str(),
    "issued": s.Custom(_csl_date),
    "accessed": s.Custom(_csl_date),
    "URL": s.Str(pattern=r"https?://\S+", pattern_help="write a full address starting with https://"),
    "DOI": s.Str(),
}, name="a source")


@dataclass(frozen=True)
class Source:
    id: str
    csl: dict[str, Any]
    path: Path
    line: int


@dataclass(frozen=True)
class Bibliography:
    lang: str
    path: Path
    sources: dict[str, Source]


class Bibliographies(dict):
    """Language code -> Bibliography."""

    def ids(self, lang: str) -> set[str]:
        bib = self.get(lang)
        return set(bib.sources) if bib else set()


def load_bibliography(path: Path, lang: str, diags: Diagnostics) -> Bibliography:
    sources: dict[str, Source] = {}
    if not path.exists():
        return Bibliography(lang, path, sources)
    text = read_text(path, diags)
    data = load(text, path, diags) if text is not None else None
    if isinstance(data, LMap) and "references" in data:  # pandoc's own layout: references: [...]
        data = data["references"]
    if data is None:
        return Bibliography(lang, path, sources)
    if not isinstance(data, LList):
        diags.error(path, getattr(data, "line", 1), "sources.yaml must be a list of sources, each starting "
                                                    "with - id: ...")
        return Bibliography(lang, path, sources)
    for i, item in enumerate(data):
        line = data.line_of(i)
        values = SOURCE.validate(item, path, diags, line=line)
        sid = values.get("id")
        if not sid:
            continue
        if sid in sources:
            diags.error(path, line, f'the source id "{sid}" is used twice (also on line {sources[sid].line}); '
                                    f"give each source its own id")
            continue
        csl = {k: v for k, v in values.items() if v not in (None, [], {})}
        for role in ("author", "editor"):
            if role in csl:
                csl[role] = [{k: v for k, v in n.items() if v} for n in csl[role]]
        sources[sid] = Source(sid, csl, path, line)
    return Bibliography(lang, path, sources)


def load_bibliographies(settings: Any, diags: Diagnostics) -> Bibliographies:
    bibs = Bibliographies()
    for lang in settings.languages:
        bibs[lang] = load_bibliography(settings.layout.sources(lang), lang, diags)
    return bibs


# -- what pandoc gets --------------------------------------------------------------------------------

# Locator labels: the CSL locator, and the strings key (cite.<key>) of its label. Articles of laws
# are carried as "verse": pandoc's citeproc parses only CSL 1.0.1 locators, which lack "article"
# (see templates/citation-style.csl.j2).
LOCATORS = {"verse": "article", "paragraph": "paragraph", "page": "page", "part": "part",
            "section": "section", "chapter": "chapter"}


def locator_aliases(strings: Any, languages: tuple[str, ...], builtin_aliases: bool = True) -> dict[str, str]:
    """Every label a drafter may write before a locator, in any language -> canonical CSL locator.

    Citations are copied unchanged between languages (translation tools protect them), so an
    English `[@cc, art. 146]` in the Russian text must still be read as an article locator.
    """
    aliases: dict[str, str] = {}
    for lang in languages:
        for canonical, key in LOCATORS.items():
            for k in (key, key + "s"):
                label = strings.get(lang, ("cite", k))
                if label:
                    aliases.setdefault(label, canonical)
    if builtin_aliases:
        for label, canonical in {"art.": "verse", "arts.": "verse", "para.": "paragraph",
                                 "paras.": "paragraph", "p.": "page", "pp.": "page", "ст.": "verse",
                                 "п.": "paragraph", "пп.": "paragraph", "с.": "page"}.items():
            aliases.setdefault(label, canonical)
    return aliases


def csl_json(bib: Bibliography) -> list[dict[str, Any]]:
    """The bibliography as CSL JSON, in file order."""
    return [src.csl for src in bib.sources.values()]


def month_year_literals(entries: list[dict[str, Any]], standalone_months: list[str]) -> list[dict[str, Any]]:
    """Dates with a month but no day, written out with the month's standalone name.

    A note style prints a month in the form a full date needs ("21 марта"); alone it takes another
    form in Russian ("март 2023"), which CSL cannot choose, so such dates become literal text.
    """
    out = []
    for entry in entries:
        parts = entry.get("issued", {}).get("date-parts", [[]])[0]
        if len(parts) == 2:
            entry = {**entry, "issued": {"literal": f"{standalone_months[parts[1] - 1]} {parts[0]}"}}
        out.append(entry)
    return out
