"""Settings' CF custom, the yearly changes of Medicare's conversion factor the Scenarios project
when CF path is custom, is checked at its cell as every Setting is (the review's case: CF path
custom with CF custom left blank refreshed, and the Scenarios sheet said only "not computed:
cf_change: expected one change, used for every year, or 4 changes (into years 2 to 5) for a
5-year horizon, got 0:", naming no sheet or cell)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.workbook.workbook import Workbook

from ratecalc.loaders import load_folder
from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book
from .test_refresh import table_frame

#: What CF custom holds, for the demo's 5-year horizon.
EXPECTED = ("expected Medicare's conversion-factor change a year as fractions or percentages "
            "separated by commas (-0.028 or -2.8%), each a yearly change from -50% to 50% "
            "(-0.5 to 0.5, 1.0 = 100%): one, used for every year, or 4, into years 2 to 5")


def _set(book: Path, cf_custom: object, wb: Workbook | None = None) -> int:
    """CF path custom and ``cf_custom`` typed in CF custom (of ``wb``, ``book`` loaded, if
    given); CF custom's row."""
    wb = open_book(book) if wb is None else wb
    ws = wb[layout.SETTINGS_SHEET]
    value = layout.SETTINGS_TABLE.col("value")
    ws.cell(row=layout.settings_row("cf_path"), column=value, value="custom")
    row = layout.settings_row("cf_custom")
    ws.cell(row=row, column=value, value=cf_custom)
    wb.save(book)
    return row


@pytest.mark.parametrize(("typed", "message"), [
    (None, f"CF custom: required when CF path is custom: {EXPECTED}"),
    ("-0.02, 0.01", f"CF custom: {EXPECTED}, got '-0.02, 0.01'"),  # 2 changes for 4 years
    # -150% or -1.5%: both said (it had no hint)
    ("-1.5", f"CF custom: {EXPECTED}, got '-1.5' (-150%); for -1.5% write -0.015 or -1.5%"),
    ("-150%", f"CF custom: {EXPECTED}, got '-150%'"),
    ("-2.8%, one", f"CF custom: {EXPECTED}, got '-2.8%, one'"),
    # over 100% a year (it was over 500%), which `scenario --cf-change` and FIXED_VS_PCT refuse
    # too; past 500% no fraction is meant (it had no hint)
    ("6", f"CF custom: {EXPECTED}, got '6'; for 6% write 0.06"),
    # one change of 1000%, not two of 100% and 0% (then four changes, and refreshed)
    ("-2.8%, 1,000%, 1%", f"CF custom: {EXPECTED}, got '-2.8%, 1,000%, 1%'"),
    # a change left out between two commas: the next ones were read a year early
    ("-2.8%, 1%,, 0%, 2%", f"CF custom: {EXPECTED}, got '-2.8%, 1%,, 0%, 2%'"),
])
def test_refresh_names_the_cf_custom_cell(demo_copy: Path, typed: object, message: str) -> None:
    row = _set(demo_copy, typed)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    [error] = [p for p in result.problems if p.severity == "error"]
    assert (error.location.sheet, error.location.row, error.location.letter) == (
        layout.SETTINGS_SHEET, row, "B")
    assert error.message == (f"Settings 'negotiation.xlsx', sheet 'Settings', row {row}, "
                             f"column B 'Value': {message}")
    problems = table_frame(demo_copy, layout.PROBLEMS_TABLE)
    assert problems[problems["severity"] == "error"]["cell"].tolist() == [f"B{row}"]


@pytest.fixture(scope="module")
def projected(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> Callable[[str], pd.DataFrame]:
    """CF custom typed as given in a copy of the demo, refreshed: its Scenario years table.
    Each value is refreshed once for the module (the fractions below are typed by two tests
    and three parameters: a refresh each, half a second); the tests get a copy of the table,
    and no test opens the refreshed files."""
    folder = tmp_path_factory.mktemp("cf-custom")
    shown: dict[str, pd.DataFrame] = {}

    def project(typed: str) -> pd.DataFrame:
        if typed not in shown:
            book = folder / f"fractions-{len(shown)}.xlsx"
            book.write_bytes(demo_book.read_bytes())
            _set(book, typed)
            assert refresh_workbook(book, now=NOW).ok
            shown[typed] = table_frame(book, layout.SCENARIO_YEARS_TABLE)
        return shown[typed].copy()
    return project


@pytest.mark.parametrize("typed", ["-0.028", "-0.028, 0.01, 0, 0.02"])
def test_one_change_or_one_a_year_is_projected(projected: Callable[[str], pd.DataFrame],
                                               typed: str) -> None:
    years = projected(typed)
    assert not years.empty


@pytest.mark.parametrize(("percentages", "fractions"), [
    ("-2.8%", "-0.028"), ("-2.8%, 1%, 0%, 2%", "-0.028, 0.01, 0, 0.02"),
    ("-2.8%, 0.01, 0, 2 %", "-0.028, 0.01, 0, 0.02")])
def test_percentages_project_as_their_fractions(demo_copy: Path,
                                                projected: Callable[[str], pd.DataFrame],
                                                percentages: str, fractions: str) -> None:
    """CF custom's help on the Settings sheet promises "-0.028 or -2.8%"; "-2.8%" (as a
    billing clerk types it) was refused with that very message. Typed either way, the
    Scenarios sheet projects the same changes, to the cent."""
    wb = open_book(demo_copy)
    help_text = wb[layout.SETTINGS_SHEET].cell(
        row=layout.settings_row("cf_custom"), column=layout.SETTINGS_TABLE.col("help")).value
    assert "-0.028 or -2.8%" in help_text
    _set(demo_copy, percentages, wb)
    assert refresh_workbook(demo_copy, now=NOW).ok
    shown = table_frame(demo_copy, layout.SCENARIO_YEARS_TABLE)
    assert not shown.empty
    assert shown.equals(projected(fractions))


def test_a_folders_settings_name_the_row(demo_folder: Path) -> None:
    settings = demo_folder / "settings.csv"
    settings.write_text(settings.read_text().replace("cf_path,historical", "cf_path,custom"))
    data, problems = load_folder(demo_folder)
    assert data is None
    [error] = [p for p in problems if p.severity == "error"]
    # at CF path's row (the 11th line), as the file has no CF custom row
    assert error.location.file == "settings.csv" and error.location.row == 11
    assert error.message.endswith(
        f"CF custom (a field of its own, missing): required when CF path is custom: {EXPECTED}")
