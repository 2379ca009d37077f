"""A payer's dollars below market on the Timeline are the payer's figure, shown once.

The demo clinic as of 2026-12-05 with a second contract for Summit BlueCare PPO (an HMO ending
a year after its PPO): the payer's rates and volumes are one fee schedule, so its dollars below
market ($74,288.91 a year, the Priorities' figure) cannot be split by contract. Both rows
showed the whole figure, so the column's total counted Summit twice (the reviewer's case:
renewal_timeline.csv and the Timeline sheet). Now the PPO row, the first listed (its notice
deadline is nearer), shows it, and the HMO row is blank with a note saying where it is; the
column adds up to the Priorities' total of the payers with a contract, in every output.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.money import round_cents
from ratecalc.report import write_tables
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.libreoffice import SOFFICE

TODAY = date(2026, 12, 5)
SUMMIT = "Summit BlueCare PPO"
NOTE = (f"dollars below market: {SUMMIT}'s $74,288.91 a year is shown once, on the {SUMMIT} "
        "row (a payer's rates and volumes, not a contract's)")


def _two_summit_contracts():  # type: ignore[no-untyped-def]
    data = demo_data(TODAY)
    contracts = data.contracts
    ppo = contracts[contracts["payer"] == SUMMIT].iloc[0]
    hmo = ppo.copy()
    hmo["product"] = "HMO"
    hmo["contract_id"] = "SB-HMO"
    hmo["end_date"] = date(ppo["end_date"].year + 1, ppo["end_date"].month, ppo["end_date"].day)
    return replace(data, contracts=pd.concat([contracts, hmo.to_frame().T],
                                             ignore_index=True).astype(contracts.dtypes))


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return _two_summit_contracts()


#: The Priorities' dollars below market of the six payers, each once: Summit $74,288.91,
#: Cardinal $35,550.82, Pioneer $20,277.97, Keystone $14,268.41, Meridian and Lakeside $0.00.
TOTAL_CENTS = 7428891 + 3555082 + 2027797 + 1426841


def _cents(values) -> int:  # type: ignore[no-untyped-def]
    """The amounts shown, added in whole cents (a blank adds nothing)."""
    return sum(round(float(v) * 100) for v in values
               if isinstance(v, float | int) and not pd.isna(v))


def test_the_core_calendar_shows_a_payers_figure_on_its_first_row(data) -> None:
    analysis = analyze(data)
    assert float(round_cents(analysis.priorities.set_index("payer").loc[
        SUMMIT, "dollars_at_stake"])) == 74288.91
    rows = analysis.timeline[analysis.timeline["payer"] == SUMMIT]
    assert rows["product"].tolist() == ["PPO", "HMO"]
    assert float(round_cents(rows["dollars_at_stake"].iloc[0])) == 74288.91
    assert pd.isna(rows["dollars_at_stake"].iloc[1])
    assert rows["note"].iloc[1].endswith(NOTE)
    assert NOTE not in rows["note"].iloc[0]
    # the column adds up each payer once: the Priorities' figures of the payers listed
    assert _cents(round_cents(analysis.timeline["dollars_at_stake"].to_numpy())) == TOTAL_CENTS
    stake = analysis.priorities["dollars_at_stake"].to_numpy()
    assert _cents(round_cents(stake)) == TOTAL_CENTS


def test_the_csv_and_the_timeline_command_add_up_each_payer_once(data, tmp_path: Path,
                                                                  capsys) -> None:
    analysis = analyze(data)
    write_tables(analysis, tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "renewal_timeline.csv")
    summit = csv[csv["payer"] == SUMMIT]
    assert summit["dollars_at_stake"].tolist()[0] == 74288.91
    assert pd.isna(summit["dollars_at_stake"].tolist()[1])
    assert _cents(csv["dollars_at_stake"]) == TOTAL_CENTS

    folder = tmp_path / "tables"
    write_clinic_tables(replace(data, settings=replace(data.settings, analysis_date=TODAY)),
                        folder)
    assert main(["timeline", "--data", str(folder), "--as-of", TODAY.isoformat(),
                 "--json"]) in (0, 1)
    rows = [r for r in json.loads(capsys.readouterr().out)["contracts"]
            if r["payer"] == SUMMIT]
    assert [r["dollars_at_stake"] for r in rows] == [74288.91, None]
    assert rows[1]["note"].endswith(NOTE)


def test_payers_are_matched_as_a_sheet_matches_text() -> None:
    from ratecalc.timeline import payer_rows_after_first

    assert payer_rows_after_first(pd.Series(["A", "b", "a", "B", "c"])).tolist() == [
        False, False, True, True, False]


def repeated_payer_book(path: Path) -> None:
    """The two Summit contracts' workbook, refreshed, for LibreOffice to recalculate with the
    other modules' books (``OTHER_RECALCULATED``, tests/conftest.py)."""
    book = new_workbook(path, _two_summit_contracts())
    assert refresh_workbook(book, now=datetime(2026, 12, 5, 9, 0)).ok


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_timeline_sheet_shows_the_figure_on_the_first_row_only(
        other_recalculated: dict[str, tuple[Path, Path]]) -> None:
    """The sheet's formula, recalculated by LibreOffice, leaves the repeated payer blank."""
    from openpyxl.utils.cell import range_boundaries

    from tests.workbook.conftest import open_book

    book, out = other_recalculated["repeated_payer"]
    ref = open_book(book)[layout.TIMELINE].tables[layout.TIMELINE_TABLE.name].ref
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    values = open_book(out, data_only=True)[layout.TIMELINE]
    rows = list(values.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                 max_col=max_col, values_only=True))
    by_header = {c.header: c.key for c in layout.TIMELINE_TABLE.columns}
    sheet = pd.DataFrame(rows[1:], columns=[by_header.get(h, h) for h in rows[0]])
    summit = sheet[sheet["payer"] == SUMMIT]
    assert summit["product"].tolist() == ["PPO", "HMO"]
    first, second = summit["dollars_at_stake"].tolist()
    assert first == 74288.91 and pd.isna(second)
    assert " ".join(summit["note"].tolist()[1].split()).endswith(NOTE)  # wrapped in its cell
    assert _cents(sheet["dollars_at_stake"]) == TOTAL_CENTS
