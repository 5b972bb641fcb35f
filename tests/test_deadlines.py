"""Reporting cycles in kzreport.yaml and `kzreport deadlines`: what is due from a day on, periods worked out
from the concluding observations (CAT's one-year follow-up when none is given), an RFC 5545 calendar."""

from __future__ import annotations

import datetime as dt
import re

from helpers import kz, write_project

from kzreport.load.cycles import add_months, after

CYCLES = """\
cycles:
  cat-4:
    body: CAT
    title: CAT, fourth periodic review
    submissions: 2023-03-27
    session: 2023-04-17
    concluding-observations: cat-co4
    next-report: 4 years
    other:
      Coalition follow-up note: 2024-06-15
  ccpr-2:
    body: CCPR
    concluding-observations: 2024-11-01
    follow-up: 2026-11-01
"""


def project_with(tmp_path, cycles: str = CYCLES):
    from helpers import MINIMAL

    return write_project(tmp_path / "p", {"kzreport.yaml": MINIMAL["kzreport.yaml"] + cycles})


def test_periods():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert after(dt.date(2023, 5, 12), "1 year") == dt.date(2024, 5, 12)
    assert after(dt.date(2023, 5, 12), "18 months") == dt.date(2024, 11, 12)
    assert after(dt.date(2023, 5, 12), "soon") is None


def test_what_is_due_from_a_day_on(tmp_path):
    project = project_with(tmp_path)
    result = kz(project, "deadlines", "--date", "2024-05-01")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("2024-05-12") and "in 11 days" in lines[0]
    assert "follow-up information due (1 year after the concluding observations, as CAT asks)" in lines[0]
    assert re.search(r"kzreport\.yaml:\d+\]$", lines[0])
    assert lines[1].startswith("2024-06-15") and "Coalition follow-up note" in lines[1]
    assert [ln[:10] for ln in lines] == ["2024-05-12", "2024-06-15", "2024-11-01", "2026-11-01", "2027-05-12"]
    assert "2023-03-27" not in result.output  # passed
    everything = kz(project, "deadlines", "--date", "2024-05-01", "--all")
    assert "2023-03-27" in everything.output and "months ago" in everything.output


def test_the_calendar_follows_rfc_5545(tmp_path):
    project = project_with(tmp_path)
    ics = tmp_path / "cycles.ics"
    assert kz(project, "deadlines", "--ics", str(ics)).exit_code == 0
    data = ics.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines) and b"\n" not in data.replace(b"\r\n", b"")
    unfolded = data.decode("utf-8").replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 8 == unfolded.count("END:VEVENT")
    assert "DTSTART;VALUE=DATE:20240512\r\nDTEND;VALUE=DATE:20240513" in unfolded
    assert "UID:cat-4-follow-up-20240512@kzreport" in unfolded and "TRIGGER:-P7D" in unfolded
    assert "SUMMARY:CAT\\, fourth periodic review: civil-society submissions due" in unfolded
    again = tmp_path / "again.ics"
    kz(project, "deadlines", "--ics", str(again))
    assert again.read_bytes() == data


def test_mistakes_in_the_cycles_are_located(tmp_path):
    project = project_with(tmp_path, "cycles:\n  c:\n    body: CAT\n    sesion: 2024-01-01\n"
                                     "    concluding-observations: cat-co9\n    follow-up: two years\n")
    result = kz(project, "deadlines")
    assert result.exit_code == 1
    out = result.output
    config = (project / "kzreport.yaml").read_text(encoding="utf-8").splitlines()
    at = {line.split(":")[0].strip(): i + 1 for i, line in enumerate(config)}
    assert re.search(rf"kzreport\.yaml:{at['sesion']}: error: unknown key \"sesion\".*did you mean \"session\"", out)
    assert re.search(rf"kzreport\.yaml:{at['concluding-observations']}: error: \"concluding-observations\": "
                     rf"\"cat-co9\".*documents", out)
    assert "Traceback" not in out


def test_no_cycles_says_where_to_add_them(tmp_path):
    project = project_with(tmp_path, "")
    result = kz(project, "deadlines")
    assert result.exit_code == 0 and "no reporting cycles yet" in result.output
