"""A payer renamed on the workbook's Payers table, still named as it was by the other sheets.

A review: renaming "Keystone Health Plan" to "Keystone Health" on Payers & Contracts gave 30
errors, one per row of the Fee Schedules and Volumes, each suggesting "'Keystone Health' or
'Lakeside Health Partners'". Now one error per sheet names the old name, every row that still
names it, and the payer's likely new name: the one payer on the Payers table no other table
names.
"""

from __future__ import annotations

from pathlib import Path

from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.books import load_book

OLD, NEW = "Keystone Health Plan", "Keystone Health"


def _renamed(demo_copy: Path) -> dict[str, list[int]]:
    """Rename OLD to NEW on the Payers table of ``demo_copy``; the rows of each other sheet
    still naming OLD, found by reading the sheets here."""
    wb = load_book(demo_copy)
    payers = wb[layout.PAYERS_CONTRACTS]
    cells = [c for r in payers.iter_rows() for c in r if c.value == OLD]
    assert len(cells) == 1, cells  # the demo lists it once
    cells[0].value = NEW
    wb.save(demo_copy)
    return {name: [c.row for r in wb[name].iter_rows(max_col=1) for c in r if c.value == OLD]
            for name in (layout.FEE_SCHEDULES, layout.VOLUMES)}


def _expected(sheet: str, rows: list[int], file: str) -> str:
    # the demo's rows of one payer are consecutive: said as a range, every one of them named
    assert rows == list(range(rows[0], rows[0] + len(rows))) and len(rows) > 5, rows
    return (f"{sheet} '{file}', sheet '{sheet}', row {rows[0]}, column A 'Payer': payer is not "
            f"on the Payers table (sheet 'Payers & Contracts'), got '{OLD}'; renamed '{NEW}' "
            f"there? (the one payer there that no other table names); {len(rows)} rows of this "
            f"table name it, rows {rows[0]} to {rows[-1]}: give them the payer's name on the "
            f"Payers table, or name it there as before")


def test_refresh_names_a_renamed_payer_once_per_sheet(demo_copy: Path, capsys) -> None:
    still = _renamed(demo_copy)
    assert main(["refresh", str(demo_copy)]) != 0
    errors = [line.removeprefix("error: ") for line in capsys.readouterr().err.splitlines()
              if line.startswith("error: ")]
    assert errors == [_expected(sheet, rows, demo_copy.name) for sheet, rows in still.items()]
    # the Problems sheet lists the same two, not 30
    texts = [str(c.value) for r in load_book(demo_copy)[layout.PROBLEMS].iter_rows()
             for c in r if isinstance(c.value, str) and "not on the Payers table" in c.value]
    assert len(texts) == 2 and all("Lakeside" not in t for t in texts), texts


def test_analyze_names_a_renamed_payer_once_per_sheet(demo_copy: Path, tmp_path: Path,
                                                      capsys) -> None:
    still = _renamed(demo_copy)
    assert main(["analyze", str(demo_copy), "--out", str(tmp_path / "out")]) != 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["ratecalc analyze: 2 problem(s) in the input:",
                     *(_expected(sheet, rows, demo_copy.name) for sheet, rows in still.items())]
