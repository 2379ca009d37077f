"""Money cells of a refreshed workbook as a user sees them, and the core's figure for each.

What a cell shows is read from LibreOffice itself: the recalculated workbook written as CSV
"as shown" (:func:`tests.workbook.libreoffice.export_shown`), each cell's text with its number
format applied. A value read back from the .xlsx LibreOffice saves cannot tell: it writes 15
significant digits, so ``33.765 - 35.04`` (the double -1.2749999999999986, shown ``-$1.27``)
is saved as -1.275, which rounds to -1.28.

:func:`expected_money_cells` maps every money cell of the result sheets and the Dashboard to
the core's unrounded figure for it, computed again from the workbook's own inputs (the rates
typed on the Proposal sheet included); :meth:`MoneyBook.mismatches` holds each cell's shown
amount to that figure rounded half-up to cents, as the CSV files, the letter and the command
line write it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.workbook.workbook import Workbook

from ratecalc.money import round_cents
from ratecalc_workbook import layout
from ratecalc_workbook.charts import DATA_HEADER_ROW
from ratecalc_workbook.reader import open_workbook, read_inputs, with_workbook_records
from ratecalc_workbook.results import WorkbookResults, compute_results

from .conftest import open_book

CENT = Decimal("0.01")
MONEY_TEXT = re.compile(r"^(-?)\$([0-9,]+(?:\.[0-9]+)?)$")


def is_money_format(number_format: str) -> bool:
    return "$" in number_format


def shown_amount(text: str) -> Decimal | None:
    """The amount a cell's shown text reads as (``-$1,234.50`` -> -1234.50); None for an empty
    cell. Any other text is not an amount: ValueError."""
    if text == "":
        return None
    match = MONEY_TEXT.match(text)
    if match is None:
        raise ValueError(f"not an amount as a money format shows it: {text!r}")
    return Decimal(match.group(1) + match.group(2).replace(",", ""))


class ShownSheet:
    """One sheet's cells as LibreOffice shows them (text), by 1-based row and column."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8", newline="") as handle:
            self.rows = list(csv.reader(handle))

    def text(self, row: int, column: int) -> str:
        if row > len(self.rows) or column > len(self.rows[row - 1]):
            return ""
        return self.rows[row - 1][column - 1]

    def iter_rows(self, *, min_row: int, max_row: int, min_col: int, max_col: int,
                  values_only: bool = True) -> list[tuple[str, ...]]:
        """As openpyxl's, for a table read from either."""
        return [tuple(self.text(r, c) for c in range(min_col, max_col + 1))
                for r in range(min_row, max_row + 1)]


class ShownBook(dict[str, ShownSheet]):
    """Sheet name -> :class:`ShownSheet`, from :func:`export_shown`'s files."""

    @classmethod
    def read(cls, files: dict[str, Path]) -> ShownBook:
        return cls({name: ShownSheet(path) for name, path in files.items()})


def core_cents(value: float | None) -> Decimal | None:
    """The core's figure as every other output writes it: half-up to cents by
    :func:`ratecalc.money.round_cents` (None: no figure)."""
    if value is None or np.isnan(value):
        return None
    return Decimal(repr(float(round_cents(value)))).quantize(CENT, ROUND_HALF_UP) + 0


def core_results(source: Path, now: datetime) -> WorkbookResults:
    """The core's results for the workbook ``source``, from its inputs as refresh reads them
    (the rates typed on its Proposal sheet and its exit assumptions included)."""
    wb, notes = open_workbook(source)
    read = read_inputs(wb, source.name, source, tuple(notes))
    assert read.data is not None, [p.message for p in read.problems]
    data = with_workbook_records(read.data, wb, source.name, source)
    return compute_results(data, now=now)


@dataclass(frozen=True)
class MoneyCell:
    """One money cell: where it is, what it is, and the core's unrounded figure for it."""

    sheet: str
    coordinate: str
    column: str  # the header a user reads
    row_label: str  # the row's key values, e.g. "Keystone Health Plan 97530"
    core: float | None


def _by_payer(frame: pd.DataFrame, column: str, payers: pd.Series) -> np.ndarray:
    return frame.set_index("payer")[column].reindex(payers).fillna(0.0).to_numpy(float)


def _frames(results: WorkbookResults) -> dict[str, pd.DataFrame]:
    """Per result table: the core's figures under the table's column keys, a row per data row
    of the sheet, in the order refresh wrote them."""
    a = results.analysis
    proposal = a.proposal
    if "requested_rate" not in proposal:
        proposal = proposal.assign(requested_rate=proposal["proposed_rate"])
    summary = a.proposal_summary
    frames = {
        layout.COMPARISON_TABLE.name: a.comparison.assign(
            revenue=a.comparison["allowed_amount"].fillna(0.0) * a.comparison["units_per_year"]),
        layout.PRIORITIES_TABLE.name: a.priorities.assign(
            proposed_increase=_by_payer(summary, "annual_impact", a.priorities["payer"])),
        layout.PROPOSAL_TABLE.name: proposal,
        layout.PROPOSAL_SUMMARY_TABLE.name: summary.rename(
            columns={"proposed_revenue": "requested_revenue"}),
    }
    years = results.scenario_years
    if years is not None and not years.empty:
        frames[layout.SCENARIOS_TABLE.name] = results.scenarios
        frames[layout.SCENARIO_YEARS_TABLE.name] = years
        frames[layout.SCENARIO_TOTALS_TABLE.name] = years.groupby("year", as_index=False)[
            ["fixed_revenue", "pct_revenue", "difference"]].sum()
    for spec, frame in ((layout.EXIT_TABLE, results.exit_impact),
                        (layout.TIMELINE_TABLE, results.timeline)):
        if frame is not None and not frame.empty:
            frames[spec.name] = frame
    return frames


SPECS = (layout.COMPARISON_TABLE, layout.PRIORITIES_TABLE, layout.PROPOSAL_TABLE,
         layout.PROPOSAL_SUMMARY_TABLE, layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE,
         layout.SCENARIO_TOTALS_TABLE, layout.EXIT_TABLE, layout.TIMELINE_TABLE)


def expected_money_cells(book: Workbook, results: WorkbookResults
                         ) -> dict[tuple[str, str], MoneyCell]:
    """(sheet, coordinate) -> the core's figure, for every money column of every result table
    (the rows refresh wrote from the core) and the Dashboard's figures."""
    refs = {(ws.title, name): ws.tables[name].ref for ws in book.worksheets
            for name in ws.tables}
    frames = _frames(results)
    cells: dict[tuple[str, str], MoneyCell] = {}
    for spec in SPECS:
        if spec.name not in frames or (spec.sheet, spec.name) not in refs:
            continue
        frame = frames[spec.name].reset_index(drop=True)
        min_col, min_row, _, _ = range_boundaries(refs[spec.sheet, spec.name])
        ws = book[spec.sheet]
        for j, column in enumerate(spec.columns):
            if column.fmt != "money" or column.role == "user" or column.key not in frame:
                continue
            for i, value in enumerate(frame[column.key]):
                cell = ws.cell(row=min_row + 1 + i, column=min_col + j)
                label = " ".join(str(frame.at[i, k]) for k in spec.key if k in frame)
                cells[spec.sheet, cell.coordinate] = MoneyCell(
                    spec.sheet, cell.coordinate, column.header, label,
                    None if pd.isna(value) else float(value))
    cells.update(_all_payers_cells(book, results, refs))
    cells.update(_dashboard_cells(book, results))
    return cells


def _all_payers_cells(book: Workbook, results: WorkbookResults,
                      refs: dict[tuple[str, str], str]) -> dict[tuple[str, str], MoneyCell]:
    """The Totals sheet's all-payers row, under its per-payer table: each money figure the
    core's total over the payers (its unrounded sum, rounded once)."""
    spec = layout.PROPOSAL_SUMMARY_TABLE
    if (spec.sheet, spec.name) not in refs:
        return {}
    summary = _frames(results)[spec.name]
    min_col, _, _, max_row = range_boundaries(refs[spec.sheet, spec.name])
    ws = book[spec.sheet]
    cells = {}
    for j, column in enumerate(spec.columns):
        if column.fmt == "money":
            cell = ws.cell(row=max_row + 1, column=min_col + j)
            cells[spec.sheet, cell.coordinate] = MoneyCell(
                spec.sheet, cell.coordinate, column.header, "All payers",
                float(summary[column.key].sum()))
    return cells


def _dashboard_cells(book: Workbook, results: WorkbookResults
                     ) -> dict[tuple[str, str], MoneyCell]:
    """The headline figures and the chart block (per code: Medicare, market, each payer's
    rate)."""
    comparison = results.analysis.comparison
    ws = book[layout.DASHBOARD]
    facts = {"annual_revenue": (comparison["allowed_amount"].fillna(0.0)
                                * comparison["units_per_year"]).sum(),
             "dollars_below_market": comparison["dollars_at_stake"].clip(lower=0).sum(),
             "proposal_asks": results.analysis.proposal_summary["annual_impact"].sum()}
    cells: dict[tuple[str, str], MoneyCell] = {}
    for i, (key, label, _) in enumerate(layout.DASHBOARD_FACTS):
        if key in facts:
            cell = ws.cell(row=layout.DASHBOARD_FACTS_ROW + i, column=2)
            cells[ws.title, cell.coordinate] = MoneyCell(ws.title, cell.coordinate, label, "",
                                                         float(facts[key]))
    headers = [ws.cell(row=DATA_HEADER_ROW, column=c).value for c in range(1, ws.max_column + 1)]
    by_code = comparison.drop_duplicates("code").set_index("code")
    rates = comparison.set_index(["payer", "code"])["allowed_amount"]
    row = DATA_HEADER_ROW + 1
    while ws.cell(row=row, column=1).value not in (None, ""):
        code = str(ws.cell(row=row, column=1).value)
        figures = [by_code.at[code, "medicare_amount"], by_code.at[code, "benchmark"]]
        figures += [rates.get((payer, code), np.nan) for payer in headers[3:] if payer]
        for c, figure in enumerate(figures, start=2):
            cell = ws.cell(row=row, column=c)
            cells[ws.title, cell.coordinate] = MoneyCell(
                ws.title, cell.coordinate, str(headers[c - 1]), code,
                0.0 if pd.isna(figure) else float(figure))  # the lookups show 0 for none
        row += 1
    return cells


@dataclass(frozen=True)
class Mismatch:
    """A money cell whose shown amount is not the core's figure in cents."""

    cell: MoneyCell
    formula: str | None  # None: a value refresh wrote
    shown: str  # the cell's text
    core: Decimal | None

    def __str__(self) -> str:
        c = self.cell
        what = f" {self.formula}" if self.formula else " (value)"
        return (f"{c.sheet}!{c.coordinate} {c.column!r} [{c.row_label}]: shows {self.shown!r}, "
                f"core {self.core} (unrounded {c.core!r}){what}")


def money_cells(book: Workbook) -> dict[tuple[str, str], str | None]:
    """(sheet, coordinate) -> formula (None for a number) of every cell with a money format
    that holds a formula or a number in ``book``."""
    return {(ws.title, c.coordinate): (c.value if isinstance(c.value, str) else None)
            for ws in book.worksheets for row in ws.iter_rows() for c in row
            if is_money_format(c.number_format)
            and ((isinstance(c.value, str) and c.value.startswith("="))
                 or (isinstance(c.value, (int, float)) and not isinstance(c.value, bool)))}


@dataclass(frozen=True)
class MoneyBook:
    """A refreshed workbook's money cells and the core's figure for each, read once: its
    formulas and its values are checked by separate tests, and each reading (the core's
    results computed again from the workbook's inputs, the workbook loaded) takes a second."""

    results: WorkbookResults
    cells: dict[tuple[str, str], str | None]  # :func:`money_cells`
    expected: dict[tuple[str, str], MoneyCell]  # :func:`expected_money_cells`

    @classmethod
    def read(cls, source: Path, now: datetime) -> MoneyBook:
        results = core_results(source, now)
        book = open_book(source)
        return cls(results, money_cells(book), expected_money_cells(book, results))

    def mismatches(self, shown: ShownBook, *, formulas: bool
                   ) -> tuple[list[Mismatch], list[tuple[str, str]]]:
        """Every money cell holding a formula (``formulas``) or a value refresh wrote (not
        ``formulas``) whose shown amount differs from the core's cents; and the formula cells
        no core figure was found for (each must have one: none escapes the check)."""
        found, unknown = [], []
        for (sheet, coordinate), formula in self.cells.items():
            if (formula is not None) != formulas:
                continue
            cell = self.expected.get((sheet, coordinate))
            if cell is None:
                if formulas:
                    unknown.append((sheet, coordinate))
                continue  # an input sheet's number: the user's, not a figure of the core's
            text = shown[sheet].text(*coordinate_to_tuple(coordinate))
            core = core_cents(cell.core)
            if shown_amount(text) != core:
                found.append(Mismatch(cell, formula, text, core))
        return found, unknown
