"""Days placed by the bundled Medicare data's end, for tests of a day no release covers.

Built from the data, not typed: a test that typed 2027-03-01 or "RVU26C" would fail, or check
nothing, once CMS's 2027 release is bundled. With RVU26C the newest bundled release these are
the days the tests typed before (``past_the_data()`` is 2031-03-01). Only the releases bundled
with RateCalc are read, never a user's imports, so a module may use them when it is collected.
``scripts/fake_next_release.py`` bundles a made-up next release to run the tests against.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import pytest


@cache
def newest_bundled() -> tuple[str, date, date]:
    """The newest bundled release: its name as RateCalc shows it (``RVU26C``), first and last
    day."""
    text = (resources.files("ratecalc") / "data" / "cms" / "releases.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    newest = max(rows, key=lambda r: (r["effective_to"], r["effective_from"]))
    return (newest["release"].upper(), date.fromisoformat(newest["effective_from"]),
            date.fromisoformat(newest["effective_to"]))


def newest_name() -> str:
    """``RVU26C`` with RVU26C the newest bundled release."""
    return newest_bundled()[0]


def last_covered() -> date:
    """The last day the bundled data covers (2026-12-31 with RVU26C)."""
    return newest_bundled()[2]


def first_uncovered() -> date:
    """The first day no bundled release covers (2027-01-01 with RVU26C)."""
    return last_covered() + timedelta(days=1)


def covered_today() -> date:
    """The day a test of the product as run today is told as of: one the newest bundled release
    covers, the 5th of its last month (2026-12-05 with RVU26C, the review's day of
    ``demo_run_2026_12_05``). Not the machine's day: from 2027-01-01 that is a day no bundled
    release covers, and a test told from it tests the refusal (or the demo's held-back
    Medicare date) instead of what it was written for. The fixture ``told_today``
    (tests/conftest.py) sets the product's clock to it."""
    last = last_covered()
    return date(last.year, last.month, 5)


def past_the_data(years: int = 5, month: int = 3, day: int = 1) -> date:
    """A day ``years`` years after the bundled data's last year: 2031-03-01 with RVU26C."""
    return date(last_covered().year + years, month, day)


@contextlib.contextmanager
def bundled_through(last: date, folder: Path) -> Iterator[None]:
    """RateCalc's bundled Medicare data as it was when the newest release ended on ``last``:
    only the releases bundled then (a copy of the bundled folder in ``folder`` whose release
    list stops there). For tests whose figures were worked by hand on that data and whose
    point is a day it does not cover: a release bundled later would cover the day and change
    the figures. Caches are cleared on the way in and out."""
    from ratecalc.medicare import store

    cms = folder / "cms"
    shutil.copytree(Path(str(resources.files("ratecalc") / "data" / "cms")), cms)
    listing = cms / "releases.csv"
    rows = list(csv.DictReader(io.StringIO(listing.read_text(encoding="utf-8"))))
    kept = [r for r in rows if date.fromisoformat(r["effective_to"]) <= last]
    assert kept and max(date.fromisoformat(r["effective_to"]) for r in kept) == last, last
    with listing.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(store, "_bundled_dir", lambda: cms)
            store.clear_caches()
            yield
    finally:  # the data as bundled again, for the tests that follow
        store.clear_caches()
