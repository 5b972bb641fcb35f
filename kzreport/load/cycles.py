"""The coordinator's data in kzreport.yaml: the UN bodies' word limits and the reporting cycles' dates.

Why here: both are settings a coordinator keeps next to the documents they concern, and both are
checked when kzreport.yaml is read, so a misspelt body or a date that is not one is reported at its
line before anything is built. What kzreport knows of the bodies' own published rules ships in
data/bodies.yaml (the Human Rights Committee's 10,000-word limit for civil-society submissions, the
Committee against Torture's one-year follow-up); a project adds to it or overrides it:

    word-limits:
      CCPR: 10000                 # per body, for civil-society submissions
    cycles:
      cat-4:
        body: CAT
        submissions: 2023-03-27   # civil-society submissions due
        session: 2023-04-17       # the review
        concluding-observations: cat-co4   # a document of `documents:` (its date), or a date
        follow-up: 1 year         # after the concluding observations, or a date (default: the body's)
        next-report: 4 years      # the same
        other: {Coalition follow-up note: 2024-06-15}
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kzreport.errors import Diagnostics, did_you_mean
from kzreport.layout import BUILTIN_DATA
from kzreport.load import schema as s
from kzreport.load.yamlfile import LMap
from kzreport.model import Cycle, CycleDate, UNDocument

BODIES = BUILTIN_DATA / "bodies.yaml"
PERIOD = re.compile(r"(\d{1,3})\s*(years?|months?)", re.IGNORECASE)
# what each date of a cycle is, in the order of a cycle
DATE_KEYS = {
    "submissions": "civil-society submissions due",
    "session": "review of the State party at the session",
    "concluding-observations": "concluding observations adopted",
    "follow-up": "follow-up information due",
    "next-report": "next periodic report due",
}


@cache
def builtin_bodies() -> dict[str, dict[str, Any]]:
    """data/bodies.yaml: what kzreport knows of each body (name, word-limit, follow-up)."""
    data = yaml.safe_load(BODIES.read_text(encoding="utf-8")) or {}
    return {str(k): dict(v or {}) for k, v in data.items()}


def builtin_word_limits() -> dict[str, int]:
    return {body: int(info["word-limit"]) for body, info in builtin_bodies().items() if "word-limit" in info}


def _date_or_word(value: Any) -> dt.date | str:
    """A date (YYYY-MM-DD), or a word: a period ("1 year", "18 months") or a document id."""
    if isinstance(value, (dt.date, dt.datetime)):
        return s.Date().convert(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        return s.Date().convert(value)
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    raise s.Invalid('expected a date written YYYY-MM-DD, or a period such as "1 year"')


_CYCLE = s.Schema({
    "body": s.Str(required=True, help="the UN body, e.g. CAT or CCPR"),
    "title": s.Str(default=None, help="how the cycle is called in lists, e.g. CAT, fourth periodic review"),
    "submissions": s.Date(default=None),
    "session": s.Date(default=None),
    "concluding-observations": s.Custom(_date_or_word, default=None),
    "follow-up": s.Custom(_date_or_word, default=None),
    "next-report": s.Custom(_date_or_word, default=None),
    "other": s.MapOf(s.Date(), help="other dates by name, e.g. {Coalition follow-up note: 2024-06-15}"),
}, name="a reporting cycle")

FIELDS = {
    "word-limits": s.MapOf(s.Int(minimum=1), help="a word limit per UN body, e.g. {CCPR: 10000}"),
    "cycles": s.MapOf(s.Any_(), help="the reporting cycles' dates, by id"),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def after(start: dt.date, period: str) -> dt.date | None:
    """`start` plus a period such as "1 year" or "18 months"; None when it is not a period."""
    m = PERIOD.fullmatch(period.strip())
    if not m:
        return None
    n = int(m.group(1))
    return add_months(start, n * 12 if m.group(2).lower().startswith("year") else n)


def word_limits(values: dict[str, Any], data: Any) -> tuple[dict[str, int], dict[str, int | None]]:
    """The word limits (built-in, then the project's) and the line of each of the project's own."""
    own = values.get("word-limits") or {}
    raw = data.get("word-limits") if isinstance(data, LMap) else None
    lines = {str(k): raw.line_of(k) if isinstance(raw, LMap) else None for k in own}
    return {**builtin_word_limits(), **own}, lines


def load_cycles(data: Any, path: Path, documents: dict[str, UNDocument], diags: Diagnostics) -> dict[str, Cycle]:
    """`cycles:` of kzreport.yaml: each cycle's dates, periods worked out, each at its line."""
    raw = data.get("cycles") if isinstance(data, LMap) else None
    if not isinstance(raw, LMap):
        return {}
    out: dict[str, Cycle] = {}
    for cid, item in raw.items():
        line = raw.line_of(cid)
        v = _CYCLE.validate(item, path, diags, line=line)
        lines = {str(k): item.line_of(k) for k in item} if isinstance(item, LMap) else {}
        dates: list[CycleDate] = []
        for key in ("submissions", "session"):
            if v[key] is not None:
                dates.append(CycleDate(key, DATE_KEYS[key], v[key], lines.get(key)))
        co = v["concluding-observations"]
        if isinstance(co, str):
            doc = documents.get(co)
            if doc is None or doc.date is None:
                why = "has no date: give it one under documents" if doc else \
                    f"is not a date nor a document listed under documents{did_you_mean(co, documents)}"
                diags.error(path, lines.get("concluding-observations"), f'"concluding-observations": "{co}" {why}')
                co = None
            else:
                co = doc.date
        if co is not None:
            dates.append(CycleDate("concluding-observations", DATE_KEYS["concluding-observations"], co,
                                   lines.get("concluding-observations")))
        body = str(v["body"] or "")
        default_follow_up = builtin_bodies().get(body, {}).get("follow-up")
        for key in ("follow-up", "next-report"):
            value = v[key] if v[key] is not None else (default_follow_up if key == "follow-up" else None)
            if value is None:
                continue
            if isinstance(value, str):
                if co is None:
                    if v[key] is not None:
                        diags.error(path, lines.get(key), f'"{key}": "{value}" counts from the concluding '
                                                          f"observations: give their date (concluding-observations:)")
                    continue
                date = after(co, value)
                if date is None:
                    diags.error(path, lines.get(key), f'"{key}": "{value}" is neither a date (YYYY-MM-DD) nor a '
                                                      f'period such as "1 year" or "18 months"')
                    continue
                what = f"{DATE_KEYS[key]} ({value} after the concluding observations" + \
                    (f", as {body} asks)" if v[key] is None else ")")
                dates.append(CycleDate(key, what, date, lines.get(key, line)))
                continue
            dates.append(CycleDate(key, DATE_KEYS[key], value, lines.get(key, line)))
        other = item.get("other") if isinstance(item, LMap) else None
        for name, date in (v["other"] or {}).items():
            dates.append(CycleDate("other", name, date, other.line_of(name) if isinstance(other, LMap) else None))
        out[str(cid)] = Cycle(id=str(cid), body=body, title=v["title"], dates=tuple(dates), line=line)
    return out
