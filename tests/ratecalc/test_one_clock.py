"""Every "default today" is read from one clock, :func:`ratecalc.dates.today`: a test (or a
future --today) sets the day every default sees, and a run that crosses midnight on 31 December
is not told as of two years by two calls of ``date.today()`` in different modules."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import ratecalc.dates
from ratecalc.dataset import Settings
from ratecalc.timeline import renewal_timeline

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("ratecalc", "cli", "addin", "workbook_templates", "letter")
#: The clock itself.
CLOCK = Path("ratecalc") / "dates.py"


def test_no_product_module_reads_todays_date_but_the_clock():
    readers = [f"{path.relative_to(ROOT)}:{n}"
               for package in PRODUCT for path in sorted((ROOT / package).rglob("*.py"))
               if path.relative_to(ROOT) != CLOCK
               for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
               if re.search(r"\bdate\.today\(\)|\bdatetime\.today\(\)", line)]
    assert readers == [], readers


def test_the_defaults_see_the_day_the_clock_is_set_to(monkeypatch):
    # 2027-01-04: the first Monday past the bundled Medicare data
    monkeypatch.setattr(ratecalc.dates, "today", lambda: date(2027, 1, 4))
    assert Settings().as_of == date(2027, 1, 4)
    # a notice deadline on the first day of the year (a holiday, a Friday) moves back to the
    # last business day of the year before, and is counted as already passed
    timeline = renewal_timeline(date(2027, 4, 1), auto_renew=True)
    assert timeline.as_of == date(2027, 1, 4)
    assert timeline.notice_deadline == date(2026, 12, 31)
    assert timeline.days_to_notice == -4 and timeline.status == "notice_passed"


def test_a_moment_given_names_its_day_and_none_the_clocks(monkeypatch):
    from datetime import datetime

    monkeypatch.setattr(ratecalc.dates, "today", lambda: date(2027, 1, 4))
    assert ratecalc.dates.day_of(None) == date(2027, 1, 4)
    # a refresh given its time (a test's, a caller's) is as of that time's day
    assert ratecalc.dates.day_of(datetime(2026, 12, 31, 23, 59, 59)) == date(2026, 12, 31)
