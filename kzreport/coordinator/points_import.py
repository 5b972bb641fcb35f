"""`kzreport import-points FILE.csv --document ID`: the texts of the UN's recommendations, from an export of
the Universal Human Rights Index (uhri.ohchr.org), into content/<lang>/documents/<id>.yaml.

Why: the scoring tables and the "The Committee recommended" paragraphs print each point's text; typing
or pasting them by hand is where mistakes come in. The export has a row per recommendation, with its
Text, Document Symbol, Themes and Document Publication Date (other columns are ignored). The point's
number is taken from the text ("10. The State party should..." is point 10; a row "(a) Ensure..."
after it is point 10(a)) and removed from the text, which the table prints next to the number. Rows of
another document than the one named are skipped. A point already in the file is never changed: the
same text is left alone, a different one is reported at its line, for a person to decide. The file is
edited round trip (its comments and order stay); the themes go in a comment after each new point.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzreport.errors import display_path
from kzreport.model import Settings

_NUMBERED = re.compile(r"^\s*(?:para(?:graph)?\.?\s*)?(\d{1,3})\s*[.)]?[\s\u00a0]+(?=\S)(.*)$", re.S | re.I)
_LETTERED = re.compile(r"^\s*\(([a-z]{1,2}|[ivxl]{1,6})\)[\s\u00a0]+(?=\S)(.*)$", re.S)
COLUMNS = {"text": "Text", "symbol": "Document Symbol", "themes": "Themes", "date": "Document Publication Date"}


@dataclass
class PointsResult:
    path: Path
    added: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    written: bool = False


def _normal(text: str) -> str:
    return " ".join(str(text).split())


def _symbol(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def read_rows(file: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The rows of the export by the line they start on, with the columns named as in COLUMNS; and
    what is wrong with the file as a whole."""
    data = file.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [f"{display_path(file)}:1: error: the file is not UTF-8; export it again as CSV (UTF-8)"]
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return [], [f"{display_path(file)}:1: error: the file is empty"]
    names = {_normal(h).lower(): i for i, h in enumerate(header)}
    index = {key: names.get(name.lower()) for key, name in COLUMNS.items()}
    if index["text"] is None:
        return [], [f"{display_path(file)}:1: error: no column \"Text\" in the first row "
                    f"({', '.join(_normal(h) for h in header) or 'empty'}); export the recommendations from the "
                    f"Universal Human Rights Index as CSV, with its column names"]
    rows = []
    line = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append((line, {k: row[i] if i is not None and i < len(row) else "" for k, i in index.items()}))
        line = reader.line_num + 1
    return rows, []


def number_of(text: str, last: str | None) -> tuple[str | None, str]:
    """The point a text is (from its start) and the text without it; (None, text) if it has no number."""
    m = _NUMBERED.match(text)
    if m:
        return m.group(1), m.group(2)
    m = _LETTERED.match(text)
    if m and last is not None:
        return f"{last.split('(')[0]}({m.group(1)})", m.group(2)
    return None, text


def import_points(settings: Settings, file: Path, document: str, lang: str) -> PointsResult:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from kzreport.files import atomic_write_bytes
    from kzreport.load.textfile import decode
    from kzreport.render.context import _point_key

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # a point's text on one line; the lines already there are not wrapped anew
    yaml.allow_unicode = True

    doc = settings.documents[document]
    path = settings.layout.lang(lang) / "documents" / f"{document}.yaml"
    result = PointsResult(path)
    rows, problems = read_rows(file)
    result.problems.extend(problems)
    result.messages.extend(problems)
    data: Any = yaml.load(decode(path.read_bytes())) if path.is_file() else None
    if data is None:
        data = CommentedMap([("title", doc.symbol), ("points", CommentedMap())])
    if not isinstance(data, CommentedMap) or not isinstance(data.get("points", CommentedMap()), CommentedMap):
        result.problems.append(str(path))
        result.messages.append(f"{display_path(path)}:1: error: the file is not a mapping with points: ...; fix it "
                               f"first (kzreport check says how)")
        return result
    points = data.setdefault("points", CommentedMap())
    existing = {str(k): k for k in points}
    skipped = 0
    last: str | None = None
    found: dict[str, tuple[int, str, str]] = {}
    for line, row in rows:
        if row["symbol"].strip() and _symbol(row["symbol"]) != _symbol(doc.symbol):
            skipped += 1
            continue
        point, text = number_of(_normal(row["text"]), last)
        if point is None:
            result.problems.append(f"{line}")
            result.messages.append(f"{display_path(file)}:{line}: error: no paragraph number at the start of the text "
                                   f"(\"{_normal(row['text'])[:60]}...\"); add the point to {display_path(path)} by hand")
            continue
        last = point
        if point in found and found[point][1] != text:
            result.problems.append(f"{line}")
            result.messages.append(f"{display_path(file)}:{line}: error: point {point} is in the export twice, with "
                                   f"different texts (also line {found[point][0]}); only the first was kept")
            continue
        found.setdefault(point, (line, text, _normal(row["themes"])))
    for point, (line, text, themes) in found.items():
        if point in existing:
            old = _normal(points[existing[point]] or "")
            if old == text:
                result.same.append(point)
                continue
            at = points.lc.key(existing[point])[0] + 1 if hasattr(points, "lc") and existing[point] in points else None
            result.conflicts.append(point)
            result.messages.append(f"{display_path(path)}:{at or 1}: error: point {point} already has another text; the "
                                   f"export ({display_path(file)}:{line}) says \"{text[:80]}{'...' if len(text) > 80 else ''}\"; "
                                   f"it was not changed: edit it by hand, or delete it and import again")
            continue
        keys = [str(k) for k in points]
        position = sum(1 for k in keys if _point_key(k) < _point_key(point))  # in the order of the points
        key = DoubleQuotedScalarString(point) if point.isdigit() else point  # "10", as the files write it
        points.insert(position, key, text)
        if themes:
            points.yaml_add_eol_comment(f"themes: {themes}", key)
        result.added.append(point)
    if skipped:
        result.messages.append(f"{display_path(file)}: {skipped} row(s) of other documents than {doc.symbol} skipped")
    if result.added:
        out = io.StringIO()
        yaml.dump(data, out)
        atomic_write_bytes(path, out.getvalue().encode("utf-8"))
        result.written = True
    return result
