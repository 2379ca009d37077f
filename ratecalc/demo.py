"""The built-in demo clinic (fictional), shipped with the package.

The shipped tables tell their story as of :data:`ANCHOR` (contracts renewing in the months after
it, one notice deadline a month away). Given ``today``, every date moves by the nearest whole
number of months from the anchor to today (:func:`story_months`), so the demo tells the same
story now: renewals ahead, one notice deadline close, Medicare priced on a date in today's
fee-schedule year, or on the last day the newest release covers when no release RateCalc has
covers that date yet (:func:`priced_on`).
"""

from __future__ import annotations

import calendar
import copy
import shutil
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ratecalc.dataset import ClinicData
from ratecalc.loaders import load_folder, require

#: The analysis date the shipped demo tables are written for.
ANCHOR = date(2025, 12, 1)
# Date columns of the demo's CSV files, moved with the story.
_DATE_COLUMNS = {
    "contracts.csv": ("effective_date", "end_date"),
    "fee_schedules.csv": ("effective_date",),
    "benchmarks.csv": ("as_of",),
}
_DATE_SETTINGS = ("analysis_date", "medicare_date")
#: The Medicare date of service of the shipped settings.csv (a test checks they agree).
_SHIPPED_MEDICARE_DATE = date(2025, 10, 1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; a month's last day stays its month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    was_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if was_last else min(day.day, last))


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def demo_data(today: date | None = None) -> ClinicData:
    """The demo clinic's tables, validated (see ratecalc/data/demo/README.md).

    Parameters
    ----------
    today : date, optional
        Move the story to this date: the analysis date becomes ``today`` and every other date
        moves by the nearest whole number of months from :data:`ANCHOR`
        (:func:`story_months`). None: the tables as shipped.
    """
    if today is not None:
        check_story_day(today)
    # Each caller gets its own copy to change: the tables are read and checked once per process
    # and date (30-40 ms each time; a test run asks hundreds of times).
    return copy.deepcopy(_demo_tables(today))


def check_story_day(today: date) -> None:
    """Refuse a ``today`` the demo's story cannot be told on, as an error of the ``--today``
    the user gave (a ``UsageError``), before anything is built: its Medicare date before
    RateCalc's first release, or a date it moves past the years RateCalc takes.

    >>> check_story_day(date(2026, 12, 5))
    """
    _check_told_after_first_release(today)
    _check_told_in_range(today)


def _check_told_after_first_release(today: date) -> None:
    """Refuse a ``today`` whose story wants a Medicare date before the first release: said of
    the --today the user gave, since the date refused is one the story moved to, never typed.
    Any ``today`` from the first release's first day on works (:func:`story_medicare_date` is
    never before its year's January 1)."""
    from ratecalc.errors import UsageError
    from ratecalc.medicare.store import releases

    first = min(releases(), key=lambda r: r.effective_from)
    wanted = story_medicare_date(today)
    if wanted < first.effective_from:
        raise UsageError(
            f"--today {today.isoformat()}: the demo's story told on that day prices Medicare on "
            f"{wanted.isoformat()}, before RateCalc's first release ({first.release.upper()}, "
            f"from {first.effective_from.isoformat()}); give a --today of "
            f"{first.effective_from.isoformat()} or later")


@lru_cache(maxsize=1)
def _shipped_date_span() -> tuple[date, date]:
    """The earliest and latest dates of the shipped demo tables' date columns and settings."""
    days: list[date] = []
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        for name, columns in _DATE_COLUMNS.items():
            frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
            days += [date.fromisoformat(v.strip()) for c in columns for v in frame[c]
                     if v.strip()]
        settings = pd.read_csv(folder / "settings.csv", dtype=str, keep_default_na=False)
        days += [date.fromisoformat(v.strip()) for v in
                 settings.loc[settings["field"].isin(_DATE_SETTINGS), "value"] if v.strip()]
    return min(days), max(days)


def last_story_day() -> date:
    """The last ``today`` the demo's story can be told on: its dates, moved with it
    (:func:`story_months`), stay in the years RateCalc takes
    (:data:`ratecalc.limits.LAST_YEAR`); a contract ends years after ``today``."""
    from ratecalc.limits import LAST_YEAR

    end = date(LAST_YEAR, 12, 31)
    latest = _shipped_date_span()[1]
    months = months_between(latest, end)
    if add_months(latest, months) > end:
        months -= 1
    day = add_months(ANCHOR, months)  # moved by these months: the last day that is so
    while story_months(day + timedelta(days=1)) <= months:
        day += timedelta(days=1)
    return day


def _check_told_in_range(today: date) -> None:
    """Refuse a ``today`` whose story moves a date past the years RateCalc takes: said of the
    --today the user gave, before the demo is built (the date refused, a contract's end years
    later, was never typed, and its file, the shipped contracts.csv, is not the user's)."""
    from ratecalc.errors import UsageError
    from ratecalc.limits import FIRST_YEAR, LAST_YEAR

    last = last_story_day()
    if today > last:
        moved = add_months(_shipped_date_span()[1], story_months(today))
        raise UsageError(
            f"--today {today.isoformat()}: the demo's story told on that day ends a contract on "
            f"{moved.isoformat()}, past the years RateCalc takes ({FIRST_YEAR} to {LAST_YEAR}); "
            f"give a --today of {last.isoformat()} or earlier")


@lru_cache(maxsize=16)
def _demo_tables(today: date | None) -> ClinicData:
    """:func:`demo_data`, read and checked; never handed out (callers change their copy).
    Forgotten with the Medicare caches (:func:`ratecalc.medicare.store.clear_caches`): the
    codes are checked against the releases, and a moved story is priced on one."""
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        if today is None:
            data = require(load_folder(folder))
        else:
            with tempfile.TemporaryDirectory(prefix="ratecalc-demo-") as tmp:
                moved = Path(tmp)
                for path in folder.glob("*.csv"):
                    shutil.copy(path, moved / path.name)
                _move_story(moved, today)
                data = require(load_folder(moved))
    # The demo clinic has sent no proposal yet (its workbook's Negotiation Log is empty): known,
    # not unknown as for a folder of tables, so every demo output says which proposal is due.
    # Its tables are RateCalc's, read from a copy moved to the story's day, no file of the
    # user's: what an output finds of them (a stale Medicare date, a volume with no rate, a
    # blank contact) names no cell of that copy.
    return replace(data, proposals_sent={}, rows_read={})


def story_months(today: date) -> int:
    """The whole months the demo's dates move to tell their story on ``today``: the nearest
    whole number of months from :data:`ANCHOR`, so the story drifts at most half a month (whole
    months counted down would drift up to 30 days, and the notice deadline the story has a month
    ahead would pass on the 31st)."""
    months = months_between(ANCHOR, today)
    behind = (today - add_months(ANCHOR, months)).days
    ahead = (add_months(ANCHOR, months + 1) - today).days
    return months + 1 if ahead < behind else months


def story_medicare_date(today: date) -> date:
    """The Medicare date of service the story wants, told on ``today``: the shipped one moved
    with the story, and in ``today``'s fee-schedule year (in January and February the moved
    date, two months back, falls in the year before)."""
    return max(add_months(_SHIPPED_MEDICARE_DATE, story_months(today)), date(today.year, 1, 1))


def priced_on(wanted: date) -> date:
    """The date the demo prices Medicare on when its story wants ``wanted``: that date when a
    release RateCalc has covers it, else the last day the newest release covers. So the demo
    still runs once its story has moved into a year whose release is not bundled or imported
    yet (:func:`held_back_note` says so); the user's own dates are never moved like this."""
    from ratecalc.medicare.store import covers, newest_release

    if covers(wanted):
        return wanted
    newest = newest_release().effective_to
    return newest if wanted > newest else wanted


def held_back_note(today: date) -> str | None:
    """What the demo says when it prices Medicare on an earlier date than its story wants
    (:func:`priced_on`); None when it does not."""
    from ratecalc.medicare.store import IMPORT_COMMAND, release_for

    wanted = story_medicare_date(today)
    used = priced_on(wanted)
    if used == wanted:
        return None
    return (f"the demo prices Medicare on {used.isoformat()}, the last day of "
            f"{release_for(used).release.upper()}, the newest release RateCalc has: its story "
            f"wants {wanted.isoformat()}, which no release covers. To add a newer one: "
            f"{IMPORT_COMMAND}")


def results_year(today: date) -> int:
    """The year the demo's clinic reports its results for: the latest year at least eleven
    months through ("2025" on 2025-12-01). The year of the previous month put "2027" in a letter
    of 2027-03-01, two months into the year."""
    return add_months(today, -11).year


def _move_story(folder: Path, today: date) -> None:
    months = story_months(today)

    def move(text: object) -> object:
        if not isinstance(text, str) or not text.strip():
            return text
        return add_months(date.fromisoformat(text.strip()), months).isoformat()

    for name, columns in _DATE_COLUMNS.items():
        frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        for column in columns:
            frame[column] = frame[column].map(move)
        frame.to_csv(folder / name, index=False)
    settings = pd.read_csv(folder / "settings.csv", dtype=str, keep_default_na=False)
    for key in _DATE_SETTINGS:
        hit = settings["field"] == key
        settings.loc[hit, "value"] = settings.loc[hit, "value"].map(move)
    settings.loc[settings["field"] == "medicare_date", "value"] = priced_on(
        story_medicare_date(today)).isoformat()
    settings.loc[settings["field"] == "analysis_date", "value"] = today.isoformat()
    settings.to_csv(folder / "settings.csv", index=False)
    metrics = pd.read_csv(folder / "metrics.csv", dtype=str, keep_default_na=False)
    years = results_year(today) - results_year(ANCHOR)
    metrics["period"] = metrics["period"].map(
        lambda p: str(int(p) + years) if p.strip().isdigit() and len(p.strip()) == 4 else p)
    metrics.to_csv(folder / "metrics.csv", index=False)
