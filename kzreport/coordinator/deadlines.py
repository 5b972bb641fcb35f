"""`kzreport deadlines`: what the reporting cycles ask for, and when; `--ics FILE` puts the same dates in
a calendar file that Outlook, Google Calendar or Thunderbird import.

Why here and not a spreadsheet: the dates belong with the documents they are about (kzreport.yaml,
`cycles:`, read by load/cycles.py, which also works out "follow-up: 1 year" from the concluding
observations). The calendar is written by hand to RFC 5545 (a few fixed lines per event), with a
reminder a week before each date; the same cycles give the same bytes, so it can be published or
compared. Every event has a stable UID, so importing it again updates the events instead of
doubling them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kzreport.errors import display_path
from kzreport.model import Cycle, CycleDate, Settings


@dataclass(frozen=True)
class Due:
    cycle: Cycle
    date: CycleDate

    @property
    def summary(self) -> str:
        name = self.cycle.title or f"{self.cycle.body}, {self.cycle.id}"
        return f"{name}: {self.date.what}"


def dates(settings: Settings) -> list[Due]:
    """Every date of every cycle, in order."""
    out = [Due(c, d) for c in settings.cycles.values() for d in c.dates]
    return sorted(out, key=lambda x: (x.date.date, x.cycle.id, x.date.key))


def when(day: dt.date, today: dt.date) -> str:
    n = (day - today).days
    if n == 0:
        return "today"
    span = f"{abs(n)} day{'s' if abs(n) != 1 else ''}" if abs(n) < 60 else f"{abs(n) // 30} months"
    return f"in {span}" if n > 0 else f"{span} ago"


def upcoming(settings: Settings, today: dt.date, show_all: bool = False) -> list[str]:
    """One line per date from `today` on (every date with `show_all`): date, how far, what."""
    items = [d for d in dates(settings) if show_all or d.date.date >= today]
    where = display_path(settings.path)
    lines = [f"{d.date.date.isoformat()}  {when(d.date.date, today):>14}  {d.summary}  "
             f"[{where}:{d.date.line}]" if d.date.line else
             f"{d.date.date.isoformat()}  {when(d.date.date, today):>14}  {d.summary}" for d in items]
    if not items and settings.cycles:
        lines.append(f"nothing due from {today.isoformat()} on (kzreport deadlines --all lists the earlier dates)")
    return lines


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """A content line folded at 75 octets, as RFC 5545 (3.1) asks; never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # a continuation line starts with a space
    return "\r\n ".join(parts)


def calendar(settings: Settings) -> bytes:
    """Every date of every cycle as an all-day event with a reminder a week before (RFC 5545)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kzreport//deadlines//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    for d in dates(settings):
        day = d.date.date
        uid = f"{d.cycle.id}-{d.date.key}-{day.strftime('%Y%m%d')}@kzreport"
        text = f"{d.summary}. From {settings.path.name}, cycles: {d.cycle.id}."
        lines += ["BEGIN:VEVENT", f"UID:{_escape(uid)}", f"DTSTAMP:{day.strftime('%Y%m%d')}T000000Z",
                  f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{_escape(d.summary)}", f"DESCRIPTION:{_escape(text)}",
                  f"CATEGORIES:{_escape(d.cycle.body)}", "TRANSP:TRANSPARENT",
                  "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P7D", f"DESCRIPTION:{_escape(d.summary)}", "END:VALARM",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
