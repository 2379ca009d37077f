"""A result table the user renamed whose headers are an earlier RateCalc's keeps the notes typed
in it; one RateCalc cannot tell for its own is named as a warning at its first cell.

A renamed result table was found by its header row holding every header of today's layout: one
written by an earlier version ("Contract ends" over the Priorities' "Term ends", "Annual
revenue" over the Comparison's "Annual revenue at the analysis date's rates") was taken for
another's, and refresh dropped the notes typed in it without a word. It is now known by the
headers of its row key and of its Notes (and 'Your rate') column, each as RateCalc writes it or
wrote it
(:func:`ratecalc_workbook.reader.header_names`); a table still not known (its row key headed in
the user's words) is named on the command line and the Problems sheet, as refresh rebuilds the
sheet without it (:func:`ratecalc_workbook.preserve.foreign_tables`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc.rate_basis import REVENUE_TODAY
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.cli.test_table_total_row import renamed

NOTE = "Asked for 110% in March"


def _spec(sheet: str) -> layout.TableSpec:
    return next(spec for spec in layout.RESULT_TABLES if spec.sheet == sheet)


def _as_earlier(demo_workbook: Path, book: Path, sheet: str, table: str,
                headers: dict[str, str]) -> tuple[int, list[object]]:
    """``book``: the demo workbook with ``table``'s headers retitled (``headers``, today's ->
    the words written instead), a note typed in its second row's Notes, and the table renamed
    'Mine'. Returns the note's column and the row's key cells."""
    shutil.copy2(demo_workbook, book)
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    first_col, header_row, last_col, _ = range_boundaries(ws.tables[table].ref)
    titles = [ws.cell(row=header_row, column=c).value for c in range(first_col, last_col + 1)]
    for now, then in headers.items():
        at = titles.index(now)
        ws.cell(row=header_row, column=first_col + at, value=then)
        ws.tables[table].tableColumns[at].name = then
    notes = first_col + titles.index("Notes")
    row = header_row + 2
    ws.cell(row=row, column=notes, value=NOTE)
    keys = [ws.cell(row=row, column=_spec(sheet).col(key)).value for key in _spec(sheet).key]
    wb.save(book)
    renamed(book, sheet, table, "Mine")
    return notes, keys


#: Result tables with a header an earlier RateCalc wrote (layout's former_headers).
EARLIER = {"Priorities": ("tblPriorities", {"Term ends": "Contract ends"}),
           "Comparison": ("tblComparison", {REVENUE_TODAY: "Annual revenue"})}


@pytest.mark.parametrize("sheet", list(EARLIER))
def test_refresh_keeps_the_notes_of_a_renamed_table_of_earlier_headers(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path,
        sheet: str) -> None:
    table, headers = EARLIER[sheet]
    assert all(dict(_spec(sheet).former_headers).get(then) for then in headers.values())
    book = tmp_path / "book.xlsx"
    notes, keys = _as_earlier(demo_workbook, book, sheet, table, headers)
    assert main(["refresh", str(book)]) == 0
    assert "not one of RateCalc's tables" not in capsys.readouterr().err
    ws = openpyxl.load_workbook(book)[sheet]
    held = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=notes).value == NOTE]
    assert len(held) == 1
    assert [ws.cell(row=held[0], column=_spec(sheet).col(key)).value
            for key in _spec(sheet).key] == keys


def test_a_table_not_known_for_ratecalcs_is_named_where_it_was(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path) -> None:
    """Its row key headed in the user's words ('Insurer' for 'Payer') and renamed: no header
    tells it for the Priorities table; refresh said nothing of the note it dropped."""
    book = tmp_path / "book.xlsx"
    _as_earlier(demo_workbook, book, "Priorities", "tblPriorities", {"Payer": "Insurer"})
    assert main(["refresh", str(book)]) == 0
    err = capsys.readouterr().err
    words = ("Priorities 'book.xlsx', sheet 'Priorities', row 4, column 'A': table 'Mine' "
             "(A4:P10) is not one of RateCalc's tables (RateCalc finds its own by name, else "
             "by the headers of their row key and of their Notes or 'Your rate' column): "
             "refresh rebuilds this sheet without it, so what it held is not on the new sheet: "
             "it is in the backup made before this refresh; keep a table of your own on a "
             "sheet of your own")
    assert f"warning: {words}" in err
    problems = openpyxl.load_workbook(book)[layout.PROBLEMS]
    rows = [[c.value for c in row] for row in problems.iter_rows(min_row=5)]
    [row] = [r for r in rows if r[7] and "table 'Mine'" in r[7]]
    assert row[:5] == ["warning", "Priorities", "Priorities", 4, "A"]
    assert " ".join(row[7].split()) == words


@pytest.mark.parametrize(("sheet", "table"), [
    ("Scenarios", "tblScenarioYears"), ("Scenarios", "tblScenarioTotals"),
    ("Totals", "tblProposalSummary"), ("Totals", "tblParetoCodes")])
def test_ratecalcs_own_figures_renamed_are_no_table_of_the_users(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path, sheet: str,
        table: str) -> None:
    """A table of RateCalc's figures alone (no Notes), renamed: its headers are RateCalc's,
    and refresh writes it again. It was named as a table of the user's own, 'what it held
    is not on the new sheet: it is in the backup', where nothing of the user's was lost."""
    book = tmp_path / "book.xlsx"
    shutil.copy2(demo_workbook, book)
    renamed(book, sheet, table, "Mine")
    assert main(["refresh", str(book)]) == 0
    assert "not one of RateCalc's tables" not in capsys.readouterr().err
    assert table in openpyxl.load_workbook(book)[sheet].tables
