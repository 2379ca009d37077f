"""A workbook whose Settings leave the analysis date blank is analysed as of the one clock,
``ratecalc.dates.today`` (a command's or a ribbon button's day, read once), as every other
default "today" is. The refresh took that day from the machine's time instead
(``datetime.now()``), and the ribbon's market-rate import judged "expired" on it: a refresh begun
on 31 December checked the Medicare date on that day and priced 1 January, and a day set for a
test (or a run told as of another day) was not the day the Dashboard showed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

import ratecalc.dates
from ratecalc.medicare.store import newest_release
from ratecalc_workbook import layout
from ratecalc_workbook.imports import import_market_rates
from ratecalc_workbook.refresh import new_refreshed_workbook, refresh_workbook
from tests.clinics import as_day, demo
from tests.workbook.test_expired_as_of_workbook import tic_with_expirations


def _dashboard_analysis_date(book: Path) -> date:
    sheet = load_workbook(book)[layout.DASHBOARD]
    (day,) = [row[1].value for row in sheet.iter_rows(max_col=2)
              if row[0].value == "Analysis date"]
    return as_day(day)


def _blank_dated_book(path: Path) -> Path:
    data = demo()
    settings = replace(data.settings, analysis_date=None, medicare_date=None)
    new_refreshed_workbook(path, replace(data, settings=settings))
    return path


@pytest.fixture
def clock_on_the_datas_last_day(monkeypatch: pytest.MonkeyPatch) -> date:
    """The clock set to the bundled data's last day, which a later real date is not."""
    day = newest_release().effective_to
    monkeypatch.setattr(ratecalc.dates, "today", lambda: day)
    return day


def test_a_new_and_a_refreshed_workbook_are_as_of_the_clocks_day(
        tmp_path: Path, clock_on_the_datas_last_day: date) -> None:
    book = _blank_dated_book(tmp_path / "blank-dated.xlsx")
    assert _dashboard_analysis_date(book) == clock_on_the_datas_last_day
    result = refresh_workbook(book)
    assert result.ok, [str(p) for p in result.problems if p.severity == "error"]
    assert _dashboard_analysis_date(book) == clock_on_the_datas_last_day


def _tic(path: Path, expires: date) -> Path:
    return tic_with_expirations(path, [expires])


def test_the_ribbons_market_import_judges_expiry_on_the_clocks_day(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the bundled data's first day: a price good through the day after it has expired by the
    # real date, on any day this test runs
    day = newest_release().effective_from
    monkeypatch.setattr(ratecalc.dates, "today", lambda: day)
    book = _blank_dated_book(tmp_path / "blank-dated.xlsx")
    tic = _tic(tmp_path / "tic.json", day + timedelta(days=1))
    outcome = import_market_rates(book, tic, codes=["97110"])
    assert not [p for p in outcome.problems if "expired" in str(p)], outcome.problems
    rows = [row for row in load_workbook(book)[layout.BENCHMARKS].iter_rows(values_only=True)
            if any(isinstance(value, str) and "Test Plan" in value for value in row)]
    assert rows and not any("expired" in str(value) for row in rows for value in row), rows


def test_workbook_new_from_blank_dated_tables_is_as_of_the_clocks_day(
        tmp_path: Path, clock_on_the_datas_last_day: date) -> None:
    from importlib import resources
    from shutil import copytree

    from ratecalc_cli.main import ExitCode, main

    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo_tables:
        tables = Path(copytree(demo_tables, tmp_path / "tables"))
    settings = tables / "settings.csv"
    settings.write_text("".join(line for line in settings.read_text().splitlines(keepends=True)
                                if not line.startswith(("analysis_date,", "medicare_date,"))))
    book = tmp_path / "from-tables.xlsx"
    assert main(["workbook", "new", str(book), "--from", str(tables), "--json"]) == ExitCode.OK
    assert _dashboard_analysis_date(book) == clock_on_the_datas_last_day
