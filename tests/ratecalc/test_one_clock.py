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
#: Every way of reading today's date off the machine: ``date.today()``, and a moment turned
#: into its day (``datetime.now().date()``, pandas' and numpy's "today", ``time.localtime()``),
#: which answers the same question past the clock. A moment kept as a time stamp (a backup's
#: name, a letter's properties) is not a day the analysis is as of.
TODAY_READ = re.compile(r"\bdate\.today\(\)|\bdatetime\.today\(\)|\.now\([^()]*\)\.date\(\)"
                        r"|\bTimestamp\.(?:today|now)\(|\btime\.localtime\("
                        r"|\bdatetime64\(\s*['\"](?:today|now)")


def test_no_product_module_reads_todays_date_but_the_clock():
    readers = [f"{path.relative_to(ROOT)}:{n}"
               for package in PRODUCT for path in sorted((ROOT / package).rglob("*.py"))
               if path.relative_to(ROOT) != CLOCK
               for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
               if TODAY_READ.search(line)]
    assert readers == [], readers


def test_no_test_reads_the_machines_day():
    """A test of the product as run today takes the fixture ``told_today`` (a day the bundled
    Medicare data covers, set on the product's clock), never the machine's day: tests that read
    it told the demo's story from 2027-01-04 once the clock passed RVU26C's end, and compared
    two reads of the clock around midnight. This file names the ways to read it, so is left
    out."""
    tests = ROOT / "tests"
    readers = [f"{path.relative_to(ROOT)}:{n}"
               for path in sorted(tests.rglob("*.py")) if path != Path(__file__).resolve()
               for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
               if TODAY_READ.search(line)]
    assert readers == [], readers


def test_the_guard_knows_each_way_of_reading_the_day():
    days = ["date.today()", "datetime.today()", "datetime.now().date()",
            "datetime.now(tz=UTC).date()", "pd.Timestamp.today()", "pd.Timestamp.now()",
            "time.localtime()", "np.datetime64('today')"]
    assert [d for d in days if not TODAY_READ.search(d)] == []
    stamps = ["datetime.now()", "datetime.now(UTC)", "time.time()", "time.monotonic()"]
    assert [s for s in stamps if TODAY_READ.search(s)] == []


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
