"""A headed column typed right beside any keyed result table is kept by refresh, row by row.

docs/COMMANDS.md says a column added right beside a result table is kept. It was, beside the
tables with a column to type in (Comparison, Priorities, Proposal, Scenarios' per payer, Exit
Impact, Timeline), but refresh dropped one beside the Scenarios' "Year by year, per payer" and
"All payers, by year" and the Totals sheet's "Per payer" and "Codes by volume", with a warning
that it was lost (review-pages-16). Checked for every keyed table of every result sheet, in both
Scenarios layouts (side by side: four payers over 5 years; stacked: one payer) and across a flip
between them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ratecalc_workbook import layout
from ratecalc_workbook.preserve import normalize_key_part
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book, put_back, take_payer_out
from tests.workbook.libreoffice import SOFFICE, convert_all
from tests.workbook.test_scenario_header_not_alone import _book

HEADER = "Owner"


def _tables(book: Path, sheet: str) -> dict[str, tuple[int, int, int, int]]:
    ws = open_book(book)[sheet]
    return {t.name: range_boundaries(t.ref) for t in ws.tables.values()}


def _type_beside(book: Path, spec: layout.TableSpec, value: str) -> tuple[str, ...]:
    """``HEADER`` typed right beside ``spec``'s table and ``value`` under it on the table's
    first row; that row's key."""
    wb = open_book(book)
    ws = wb[spec.sheet]
    left, top, right, _ = range_boundaries(ws.tables[spec.name].ref)
    assert ws.cell(row=top, column=right + 1).value is None
    ws.cell(row=top, column=right + 1, value=HEADER)
    ws.cell(row=top + 1, column=right + 1, value=value)
    key = tuple(normalize_key_part(k, ws.cell(row=top + 1, column=left + spec.col(k)
                                              - spec.first_col).value) for k in spec.key)
    wb.save(book)
    return key


def _typed(book: Path, spec: layout.TableSpec, *, data_only: bool = False
           ) -> dict[tuple[str, ...], object]:
    """Row key -> the value of the table's ``HEADER`` column, for its rows holding one; the
    column must be the table's own (inside its Excel table) and shown."""
    ws = open_book(book, data_only=data_only)[spec.sheet]
    left, top, right, bottom = range_boundaries(ws.tables[spec.name].ref)
    headers = [ws.cell(row=top, column=c).value for c in range(left, right + 1)]
    assert HEADER in headers, (spec.name, headers)
    col = left + headers.index(HEADER)
    assert not ws.column_dimensions[get_column_letter(col)].hidden, spec.name
    keys = [left + headers.index(spec.spec(k).header) for k in spec.key]
    found = {}
    for row in range(top + 1, bottom + 1):
        value = ws.cell(row=row, column=col).value
        if value is not None:
            found[tuple(normalize_key_part(k, ws.cell(row=row, column=c).value)
                        for k, c in zip(spec.key, keys, strict=True))] = value
    return found


def _lost(result: object) -> list[str]:
    return [p.message for p in result.problems  # type: ignore[attr-defined]
            if "held a value outside" in p.rule]


KEYED = [spec for spec in layout.TABLES_BY_NAME.values()
         if spec.sheet in layout.RESULT_SHEETS and spec.key]


def test_every_keyed_result_table_is_checked() -> None:
    assert {spec.name for spec in KEYED} >= {
        layout.SCENARIO_YEARS_TABLE.name, layout.SCENARIO_TOTALS_TABLE.name,
        layout.PROPOSAL_SUMMARY_TABLE.name, layout.PARETO_CODES_TABLE.name}
    assert {spec.name for spec in KEYED} <= {spec.name for spec in layout.CARRIED_TABLES}


@pytest.mark.parametrize("spec", KEYED, ids=lambda s: s.name)
def test_a_column_beside_the_table_is_kept_through_two_refreshes(
        demo_copy: Path, spec: layout.TableSpec) -> None:
    key = _type_beside(demo_copy, spec, "Ann")
    for _ in range(2):  # the second refresh finds the column inside the table
        result = refresh_workbook(demo_copy, now=NOW)
        assert result.ok and _lost(result) == []
        assert _typed(demo_copy, spec) == {key: "Ann"}


def test_columns_beside_all_four_scenarios_tables_at_once_side_by_side(tmp_path: Path) -> None:
    """Each table's column moves the tables right of it: none lands on another's. Four payers
    over 5 years, side by side (the demo's tables, side by side before pages-17, now stack)."""
    demo_copy = _book(tmp_path, 4, 5)
    specs = (layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE, layout.SCENARIO_TOTALS_TABLE)
    before = _tables(demo_copy, layout.SCENARIOS)
    keys = {spec.name: _type_beside(demo_copy, spec, spec.name) for spec in specs}
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok and _lost(result) == []
    for spec in specs:
        assert _typed(demo_copy, spec) == {keys[spec.name]: spec.name}
    after = _tables(demo_copy, layout.SCENARIOS)
    scen, years = after[layout.SCENARIOS_TABLE.name], after[layout.SCENARIO_YEARS_TABLE.name]
    assert years[0] == scen[2] + 2 == before[layout.SCENARIO_YEARS_TABLE.name][0] + 1


@pytest.fixture
def one_payer(tmp_path: Path) -> Path:
    return _book(tmp_path, 1, 5)


def test_columns_beside_the_stacked_tables_are_kept_and_shown(one_payer: Path) -> None:
    """Stacked (one payer), the years' column typed beside them stands under the per-payer
    table's "Contract", hidden while no contract ended: it is kept, and shown."""
    tables = _tables(one_payer, layout.SCENARIOS)
    assert tables[layout.SCENARIO_YEARS_TABLE.name][1] > tables[layout.SCENARIOS_TABLE.name][3]
    specs = (layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE, layout.SCENARIO_TOTALS_TABLE)
    keys = {spec.name: _type_beside(one_payer, spec, spec.name) for spec in specs}
    for _ in range(2):
        result = refresh_workbook(one_payer, now=NOW)
        assert result.ok and _lost(result) == []
        for spec in specs:
            assert _typed(one_payer, spec) == {keys[spec.name]: spec.name}


def test_columns_beside_the_years_follow_flips_between_the_layouts(
        tmp_path: Path) -> None:
    book = _book(tmp_path, 4, 5)  # four payers side by side, three stacked
    tables = _tables(book, layout.SCENARIOS)
    assert tables[layout.SCENARIO_YEARS_TABLE.name][1] == tables[layout.SCENARIOS_TABLE.name][1]
    specs = (layout.SCENARIO_YEARS_TABLE, layout.SCENARIO_TOTALS_TABLE)
    ws = open_book(book)[layout.SCENARIOS]
    left, top, _, bottom = range_boundaries(ws.tables[layout.SCENARIO_YEARS_TABLE.name].ref)
    payers = list(dict.fromkeys(ws.cell(row=r, column=left).value
                                for r in range(top + 1, bottom + 1)))
    assert len(payers) == 4
    keys = {spec.name: _type_beside(book, spec, spec.name) for spec in specs}
    assert keys[layout.SCENARIO_YEARS_TABLE.name][0] == payers[0]
    # the last payer leaves: three payers' tables stack
    wb = open_book(book)
    kept = take_payer_out(wb, payers[-1])
    wb.save(book)
    result = refresh_workbook(book, now=NOW)
    assert result.ok and _lost(result) == []
    tables = _tables(book, layout.SCENARIOS)
    assert tables[layout.SCENARIO_YEARS_TABLE.name][1] > tables[layout.SCENARIOS_TABLE.name][3]
    for spec in specs:
        assert _typed(book, spec) == {keys[spec.name]: spec.name}
    # and back: four payers side by side again
    wb = open_book(book)
    put_back(wb, kept)
    wb.save(book)
    result = refresh_workbook(book, now=NOW)
    assert result.ok and _lost(result) == []
    tables = _tables(book, layout.SCENARIOS)
    assert tables[layout.SCENARIO_YEARS_TABLE.name][1] == tables[layout.SCENARIOS_TABLE.name][1]
    for spec in specs:
        assert _typed(book, spec) == {keys[spec.name]: spec.name}


def _computed(book: Path, spec: layout.TableSpec) -> dict[tuple[str, ...], tuple[object, ...]]:
    """Row key -> the table's own columns as LibreOffice computed them, by header."""
    ws = open_book(book, data_only=True)[spec.sheet]
    left, top, right, bottom = range_boundaries(ws.tables[spec.name].ref)
    headers = [ws.cell(row=top, column=c).value for c in range(left, right + 1)]
    cols = [left + headers.index(c.header) for c in spec.columns]
    rows = {}
    for row in range(top + 1, bottom + 1):
        values = tuple(ws.cell(row=row, column=c).value for c in cols)
        rows[tuple(str(values[spec.keys.index(k)]) for k in spec.key)] = values
    return rows


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_moved_tables_formulas_compute_as_without_the_columns(
        demo_copy: Path, tmp_path: Path) -> None:
    """Columns beside the Scenarios' three tables and the Totals' two move the tables right of
    them; recalculated by LibreOffice, every figure of those tables (and of the sheets reading
    them) is what the book without the columns computes, and a formula typed in a kept column
    computes on its row."""
    plain = tmp_path / "plain.xlsx"
    shutil.copy2(demo_copy, plain)
    specs = (layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE, layout.SCENARIO_TOTALS_TABLE,
             layout.PROPOSAL_SUMMARY_TABLE, layout.PARETO_CODES_TABLE)
    keys = {spec.name: _type_beside(demo_copy, spec, "=2+3") for spec in specs}
    for book in (plain, demo_copy):
        result = refresh_workbook(book, now=NOW)
        assert result.ok and _lost(result) == []
    assert open_book(demo_copy)[layout.SCENARIOS].tables[layout.SCENARIO_YEARS_TABLE.name].ref \
        != open_book(plain)[layout.SCENARIOS].tables[layout.SCENARIO_YEARS_TABLE.name].ref
    computed_plain, computed_typed = convert_all([plain, demo_copy], tmp_path / "calc", "xlsx")
    for spec in (*specs, layout.COMPARISON_TABLE, layout.PROPOSAL_TABLE):
        expected = _computed(computed_plain, spec)
        assert _computed(computed_typed, spec) == expected, spec.name
        assert any(isinstance(v, float) and v for row in expected.values() for v in row)
    for spec in specs:
        assert _typed(computed_typed, spec, data_only=True) == {keys[spec.name]: 5}, spec.name


def test_a_row_gone_from_the_results_keeps_its_column_at_the_end_with_a_warning(
        tmp_path: Path) -> None:
    """A payer leaves: what was typed beside its year and its Totals row stays, on a row of
    its own at the table's end (these tables have no Notes to say why), and a warning names
    that cell."""
    book = _book(tmp_path, 4, 5)
    ws = open_book(book)[layout.SCENARIOS]
    left, top, _, _ = range_boundaries(ws.tables[layout.SCENARIO_YEARS_TABLE.name].ref)
    leaving = ws.cell(row=top + 1, column=left).value
    specs = (layout.SCENARIO_YEARS_TABLE, layout.PROPOSAL_SUMMARY_TABLE)
    keys = {spec.name: _type_beside(book, spec, spec.name) for spec in specs}
    assert all(key[0] == leaving for key in keys.values()), keys
    wb = open_book(book)
    take_payer_out(wb, leaving)
    wb.save(book)
    result = refresh_workbook(book, now=NOW)
    assert result.ok and _lost(result) == []
    warned = {(p.location.sheet, p.location.row, p.location.column): p.message
              for p in result.problems if "in the latest results, so" in p.message}
    wb = open_book(book)
    expected = {}
    for spec in specs:
        assert _typed(book, spec) == {keys[spec.name]: spec.name}
        t_left, _, right, bottom = range_boundaries(wb[spec.sheet].tables[spec.name].ref)
        assert wb[spec.sheet].cell(row=bottom, column=t_left).value == leaving
        assert wb[spec.sheet].cell(row=bottom, column=right).value == spec.name
        expected[(spec.sheet, bottom, get_column_letter(right))] = spec.title
    assert set(warned) == set(expected)
    assert all(f"'{expected[at]}' has no row of Payer {leaving}" in warned[at] for at in warned)


def test_columns_beside_the_years_and_the_totals_beside_them(tmp_path: Path) -> None:
    """Over 13 years "All payers, by year" stands beside the years, a column apart: a column
    typed in that gap is the years', and moves the totals right; one beside the totals is
    theirs."""
    book = _book(tmp_path, 4, 13)
    tables = _tables(book, layout.SCENARIOS)
    years, totals = (tables[layout.SCENARIO_YEARS_TABLE.name],
                     tables[layout.SCENARIO_TOTALS_TABLE.name])
    assert totals[1] == years[1] and totals[0] == years[2] + 2, (years, totals)
    specs = (layout.SCENARIO_YEARS_TABLE, layout.SCENARIO_TOTALS_TABLE)
    keys = {spec.name: _type_beside(book, spec, spec.name) for spec in specs}
    for _ in range(2):
        result = refresh_workbook(book, now=NOW)
        assert result.ok and _lost(result) == []
        for spec in specs:
            assert _typed(book, spec) == {keys[spec.name]: spec.name}
        tables = _tables(book, layout.SCENARIOS)
        years, totals = (tables[layout.SCENARIO_YEARS_TABLE.name],
                         tables[layout.SCENARIO_TOTALS_TABLE.name])
        assert totals[0] == years[2] + 2, (years, totals)
