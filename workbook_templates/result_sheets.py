"""Write the result sheets (Dashboard, Priorities, Comparison, Proposal, Totals, Scenarios, Exit
Impact, Timeline, Lists) from :class:`~ratecalc_workbook.results.WorkbookResults`.

Each result sheet is rebuilt from scratch on every refresh: dropped and created again at the
same place, so no stale row survives. What the user typed there (``Your rate``, ``Notes``, added
columns, the payer picked for the letter) was captured beforehand by
:mod:`ratecalc_workbook.preserve` and is written back by row key.

Numbers are written unrounded and shown with cent formats: the spreadsheet's own formulas work
from the same figures the core used. A money figure is written as the amount it stands for
(:func:`ratecalc.money.exact_amount`: 72.925, not the 72.92499999999998 float arithmetic left),
so its cell shows the cents every other output writes; each formula that computes money rounds
its result to cents once (:mod:`ratecalc_workbook.formulas`).
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import DataBarRule, FormulaRule
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc import exit_impact, scenarios
from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError, Problem
from ratecalc.gap import market_note
from ratecalc.limits import METRIC_RANGES, METRIC_UNITS, PERCENT_UNITS
from ratecalc.medicare_label import MedicareLabel
from ratecalc.money import exact_amount, held_percent, stated_percent_text
from ratecalc.rate_basis import NEW_TERM_RATES, REVENUE_NEW_TERM
from ratecalc.records import as_records
from ratecalc.revenue import line_revenue
from ratecalc.schema import choice_label
from ratecalc_workbook import charts, layout, page_layout
from ratecalc_workbook.cached_values import note_rebuilt
from ratecalc_workbook.cells import Formula, put_formula
from ratecalc_workbook.cells import put as put_value
from ratecalc_workbook.earlier_versions import NOTE
from ratecalc_workbook.formulas import (
    FORMULAS,
    Span,
    Spans,
    all_payers_formulas,
    cents,
    impact_sum,
    revenue_sum,
    stake_sum,
    unless_total_not_known,
)
from ratecalc_workbook.input_sheets import Validations, add_table, print_setup
from ratecalc_workbook.layout import TableSpec
from ratecalc_workbook.preserve import (
    KeptColumns,
    Key,
    Preserved,
    normalize_key_part,
    record_own_texts,
)
from ratecalc_workbook.results import WorkbookResults
from ratecalc_workbook.styles import (
    BAD_FILL,
    BAD_FONT,
    DESCRIPTION_FONT,
    EMPTY_NOTE_FONT,
    FONT_NAME,
    FONT_SIZE,
    GOOD_FILL,
    GOOD_FONT,
    INPUT_FILL,
    LABEL_FONT,
    RESULT_HEADER_FILL,
    SUBTITLE_FONT,
    TOTAL_BORDER,
    USER_HEADER_FILL,
    CellStyles,
    header_cell,
    plain,
    show_unit_fractions,
    title,
)

ORPHAN_NOTE = "not in the latest results; your entries are kept"
RESULT_TAB = "548235"
INPUT_TAB = "2F5597"
USER_TAB = "C55A11"


def fresh_sheet(wb: Workbook, name: str) -> Worksheet:
    """An empty sheet called ``name`` at its place in the workbook (replacing the old one).

    Raises
    ------
    ratecalc.errors.InputError
        A sheet has ``name`` in other capitals (:func:`ratecalc_workbook.layout.spelled_otherwise`):
        refresh names it before writing anything; this guards every other writer of a sheet.
    """
    other = layout.spelled_otherwise(wb.sheetnames, name)
    if other is not None:
        raise InputError(other_capitals_message(other, name))
    if name in wb.sheetnames:
        index = wb.sheetnames.index(name)
        wb.remove(wb[name])
    else:
        ours = [s for s in layout.SHEET_ORDER if s in wb.sheetnames or s == name]
        after = ours[ours.index(name) - 1] if ours.index(name) > 0 else None
        index = wb.sheetnames.index(after) + 1 if after else 0
    ws = wb.create_sheet(name, index)
    note_rebuilt(wb, name)  # no cached value of the old sheet's formulas is the new one's
    ws.sheet_properties.tabColor = RESULT_TAB
    return ws


def other_capitals_message(sheet: str, name: str) -> str:
    """Why the sheet ``sheet``, named as RateCalc's sheet ``name`` in other capitals, stops
    RateCalc writing ``name``, and what to do."""
    return (f"this sheet's name is '{name}', a sheet RateCalc writes, in other capitals "
            f"('{sheet}': Excel takes them as one name), so '{name}' cannot be written beside "
            f"it: rename yours (it was left as it is; RateCalc's own sheet renamed so, rename it "
            f"'{name}'), then run again")


def protect(ws: Worksheet) -> None:
    """Protect a result sheet without a password: formulas and results cannot be overwritten
    by accident; unlocked cells (Your rate, Notes) stay editable; sorting, filtering and
    resizing stay allowed."""
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                                    formatCells=False, sort=False, autoFilter=False,
                                    selectLockedCells=False, selectUnlockedCells=False)


# --- planning: where each table lands ------------------------------------------------------------

@dataclass
class Block:
    """One result table to write: its rows, the user columns carried over, and its place."""

    spec: TableSpec
    records: list[dict[str, Any]]
    kept: KeptColumns
    header_row: int
    first_col: int
    orphans: list[Key]

    @property
    def user_headers(self) -> list[str]:
        """Headers after the managed columns: the user columns the user added."""
        return list(self.kept.added)

    @property
    def n_rows(self) -> int:
        return max(len(self.records) + len(self.orphans), 1)

    @property
    def first(self) -> int:
        return self.header_row + 1

    @property
    def last(self) -> int:
        return self.header_row + self.n_rows

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.spec.columns) + len(self.user_headers) - 1

    @property
    def span(self) -> Span:
        return Span(self.spec, self.first, self.last, self.first_col)

    @property
    def orphan_rows(self) -> range:
        """The rows :func:`write_block` writes :attr:`orphans` on, in their order, after the
        results."""
        start = self.first + len(self.records)
        return range(start, start + len(self.orphans))


def _key(spec: TableSpec, record: dict[str, Any]) -> Key:
    return tuple(normalize_key_part(k, record.get(k)) for k in spec.key)


def plan(spec: TableSpec, frame: pd.DataFrame | None, kept: KeptColumns, *, header_row: int,
         first_col: int) -> Block:
    records = [] if frame is None or frame.empty else as_records(frame)
    keys = {_key(spec, r) for r in records} if spec.key else set()
    orphans = [k for k in kept.rows if k not in keys] if spec.key else []
    return Block(spec, records, kept, header_row, first_col, orphans)


#: Number formats of money, written as the amount it stands for (exact_amount): the Scenarios'
#: years at their rates too ("money_exact", cents and up to two decimals more), where a sum of
#: units x rates of 518.64205 held as 518.6420499999999 showed $518.642.
MONEY_SHOWN = frozenset({"money", "money_exact"})
#: Money columns (table, column) written as the results give them, not snapped again: the Exit
#: Impact's rate per visit, a quotient its row is priced from
#: (:func:`ratecalc.exit_impact.held_rate_per_visit` chose what the cell holds)
HELD_AS_GIVEN = frozenset({(layout.EXIT_TABLE.name, "rate_per_visit")})
#: Number formats of a computed fraction shown as a percentage to a tenth (percent_text's
#: PERCENT_PLACES). Not "pct2", a change of the conversion factor: the Medicare index's
#: formulas compound the value the cell holds, as the core compounds the unread change.
FRACTIONS_SHOWN = frozenset({"pct"})


# --- writing one table ---------------------------------------------------------------------------

def _shown(value: Any, money: bool = False, fraction: bool = False) -> Any:
    """A result value as a cell shows it: yes/no for flags, words for codes of choice; money
    (``money``) as the exact amount it stands for; a computed fraction shown as a percentage
    (``fraction``) as the tenth of a percent it shows, read and rounded as every other output
    reads and rounds it (:func:`ratecalc.money.held_percent`)."""
    value = plain(value)
    if money and isinstance(value, float):
        return exact_amount(value)
    if fraction and isinstance(value, float):
        return held_percent(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value in ("pct_of_medicare", "non_facility", "whole_line"):
        return layout.choice_label(value)
    if isinstance(value, str) and value in ("notice_passed", "decide_now", "negotiate_now",
                                            "prepare_now"):
        return value.replace("_", " ")
    return value


def _shown_column(values: list[Any], money: bool, fraction: bool = False) -> list[Any]:
    """:func:`_shown` of each of a column's values; its money amounts made exact together, as
    one array (numpy's work on one value at a time cost a refresh 1,100 calls of 3 us)."""
    if not money:
        return [_shown(v, fraction=fraction) for v in values]
    plain_values = [plain(v) for v in values]
    at = [j for j, v in enumerate(plain_values) if isinstance(v, float)]
    shown = [_shown(v) for v in plain_values]
    if at:
        for j, amount in zip(at, exact_amount([plain_values[j] for j in at]).tolist(),
                             strict=True):
            shown[j] = amount
    return shown


def write_block(ws: Worksheet, block: Block, spans: Spans, styles: CellStyles) -> None:
    spec = block.spec
    left = block.first_col
    headers = [c.header for c in spec.columns] + block.user_headers
    for i, text in enumerate(headers):
        cell = put_value(ws.cell(row=block.header_row, column=left + i), text)
        user = i >= len(spec.columns) or spec.columns[i].role == "user"
        header_cell(cell, USER_HEADER_FILL if user else RESULT_HEADER_FILL,
                    spec.columns[i].fmt if i < len(spec.columns) else "general")
        if i < len(spec.columns) and spec.columns[i].note:
            cell.comment = Comment(spec.columns[i].note, "RateCalc", width=240, height=70)
    ws.row_dimensions[block.header_row].height = 45

    value_styles = []
    for column in spec.columns:
        if column.role == "user":
            value_styles.append(styles.get(column.fmt, locked=False, fill=INPUT_FILL))
        else:
            value_styles.append(styles.get(column.fmt))
    user_style = styles.get("general", locked=False, fill=INPUT_FILL)
    value_styles += [user_style] * len(block.user_headers)
    builders = FORMULAS.get(spec.name, {})
    formula_cols = [(i, builders[c.key]) for i, c in enumerate(spec.columns)
                    if c.role == "formula"]
    # a value shown as a percentage to a tenth (FRACTIONS_SHOWN) is written as the tenth
    # percent_text shows of it
    value_cols = [(i, c.key, c.fmt in MONEY_SHOWN and (spec.name, c.key) not in HELD_AS_GIVEN,
                   c.fmt in FRACTIONS_SHOWN)
                  for i, c in enumerate(spec.columns) if c.role == "value"]
    user_cols = [(i, c.header) for i, c in enumerate(spec.columns) if c.role == "user"]
    user_cols += [(len(spec.columns) + j, h) for j, h in enumerate(block.user_headers)]

    cells = ws._cells  # the sheet is new: every cell is created here, once

    def new_cell(row: int, index: int) -> Cell:
        # A result table is most of a refresh's cells: each is made directly rather than looked
        # up and created empty first.
        column = left + index
        cell = cells[(row, column)] = Cell(ws, row=row, column=column)
        return cell

    def put(row: int, index: int, value: Any) -> None:
        cell = put_value(new_cell(row, index), value)
        cell._style = StyleArray(value_styles[index])  # after the value, which may set a format

    def put_built(row: int, index: int, formula: str) -> None:
        cell = put_formula(new_cell(row, index), formula)
        cell._style = StyleArray(value_styles[index])

    row = block.first
    shown = [_shown_column([r.get(key) for r in block.records], money, fraction)
             for _, key, money, fraction in value_cols]
    for n, record in enumerate(block.records):
        for (i, _, _, _), column in zip(value_cols, shown, strict=True):
            put(row, i, column[n])
        for i, build in formula_cols:
            put_built(row, i, build(spans, row))
        kept = block.kept.rows.get(_key(spec, record), {}) if spec.key else {}
        for i, header in user_cols:
            put(row, i, kept.get(header))
        row += 1
    note_key = next((k for k in ("reason", "note") if k in spec.keys), None)
    for key in block.orphans:
        raw = block.kept.key_values.get(key, key)
        for i, c in enumerate(spec.columns):
            if c.key in spec.key:
                put(row, i, raw[spec.key.index(c.key)])
            elif c.key == note_key:
                put(row, i, ORPHAN_NOTE)
            else:
                put(row, i, None)
        kept = block.kept.rows.get(key, {})
        for i, header in user_cols:
            put(row, i, kept.get(header))
        row += 1
    if not block.records and not block.orphans:
        for i in range(len(headers)):
            put(row, i, None)
    add_table(ws, spec, block.n_rows, last_col=block.last_col, header_row=block.header_row,
              first_col=left)
    for i, column in enumerate(spec.columns):
        if column.fmt == "units":
            show_unit_fractions(ws, left + i, block.first, block.last)
    for i, column in enumerate(spec.columns):
        dim = ws.column_dimensions[get_column_letter(left + i)]
        dim.width = max(dim.width or 0, column.width)
    for j, header in enumerate(block.user_headers):
        letter = get_column_letter(left + len(spec.columns) + j)
        ws.column_dimensions[letter].width = block.kept.widths.get(header, 14)


def print_blocks(ws: Worksheet, *blocks: Block, rows_under_first: int = 0) -> None:
    """Print each block on pages of its own (a secondary table to the right would otherwise
    shrink the main one to fit the page width); ``rows_under_first``: rows under the first
    block that print with it (a row of totals)."""
    areas = []
    for i, b in enumerate(blocks):
        top = 1 if i == 0 else b.header_row - 1
        last = b.last + (rows_under_first if i == 0 else 0)
        areas.append(f"{get_column_letter(b.first_col)}{top}:{get_column_letter(b.last_col)}"
                     f"{last}")
    ws.print_area = areas


def section(ws: Worksheet, block: Block, text: str | None = None) -> None:
    ws.cell(row=block.header_row - 1, column=block.first_col,
            value=text or block.spec.title).font = SUBTITLE_FONT


#: The row of the note above an empty result table: between the sheet's description and the
#: table's header row, where no reader takes a row of the table (the Proposal's payer picker
#: stands at its left there).
EMPTY_NOTE_ROW = layout.HEADER_ROW - 1


def empty_table_note(ws: Worksheet, block: Block, text: str, *, first_col: int | None = None
                     ) -> Cell:
    """Write ``text`` (the table's note, :func:`layout.empty_note`) above ``block``, over the
    row's cells from ``first_col`` (the block's first) to the block's last column, wrapped
    there (:func:`finish_result_sheets` grows the row once the columns are fitted)."""
    left = block.first_col if first_col is None else first_col
    cell = put_value(ws.cell(row=EMPTY_NOTE_ROW, column=left), text)
    cell.font = EMPTY_NOTE_FONT
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if block.last_col > left:
        ws.merge_cells(start_row=EMPTY_NOTE_ROW, start_column=left, end_row=EMPTY_NOTE_ROW,
                       end_column=block.last_col)
    return cell


def _empty_notes(ws: Worksheet) -> list[Cell]:
    """The notes :func:`empty_table_note` wrote on ``ws``."""
    return [cell for (row, _), cell in sorted(ws._cells.items())
            if row == EMPTY_NOTE_ROW and layout.is_empty_note(cell.value)]


def not_yet(ws: Worksheet, reason: str) -> None:
    ws.cell(row=layout.HEADER_ROW, column=1, value=layout.NOT_COMPUTED).font = SUBTITLE_FONT
    put_value(ws.cell(row=layout.HEADER_ROW + 1, column=1), reason).font = DESCRIPTION_FONT
    ws.column_dimensions["A"].width = 100


# --- the sheets ----------------------------------------------------------------------------------

@dataclass
class Layouts:
    """The blocks of every result sheet on this refresh (None where a sheet has no results)."""

    comparison: Block
    priorities: Block
    pareto_codes: Block
    proposal: Block
    proposal_summary: Block
    scenarios: Block | None
    scenario_totals: Block | None
    scenario_years: Block | None
    exit_impact: Block | None
    timeline: Block | None
    #: each result table with no rows -> why (:attr:`WorkbookResults.empty`)
    empty: dict[str, str] = field(default_factory=dict)
    #: which Medicare the Comparison's and the Proposal's amounts are of
    #: (:attr:`ratecalc.analysis.Analysis.medicare_label`, :meth:`~ratecalc.analysis.
    #: Analysis.proposal_medicare_label`)
    medicare_label: MedicareLabel | None = None
    proposal_medicare_label: MedicareLabel | None = None

    def blocks(self) -> dict[str, Block]:
        """Each table written on this refresh, by its Excel table name."""
        return {b.spec.name: b for b in (
            self.comparison, self.priorities, self.pareto_codes, self.proposal,
            self.proposal_summary, self.scenarios, self.scenario_totals, self.scenario_years,
            self.exit_impact, self.timeline) if b is not None}

    def spans(self) -> Spans:
        def s(b: Block | None) -> Span | None:
            return None if b is None else b.span

        return Spans(
            comparison=self.comparison.span, priorities=self.priorities.span,
            proposal=self.proposal.span, proposal_summary=self.proposal_summary.span,
            pareto_codes=self.pareto_codes.span, scenario_years=s(self.scenario_years),
            scenarios=s(self.scenarios), scenario_totals=s(self.scenario_totals),
            exit_impact=s(self.exit_impact), timeline=s(self.timeline))


def _right_of(block: Block) -> int:
    return block.last_col + 2


#: The height a Scenarios page holds rows in at 100 % [points]: landscape US Letter, 8.5
#: inches less the margins the refresh gives it (0.71 at the top, grown for the page header,
#: and 0.6), with the 3 % the page breaks keep for the programs' rounding.
SCENARIO_PAGE_PT = (8.5 - 0.71 - 0.6) * 72 * 0.97
#: A one-line row and the tables' three-line header row, as fitted [points].
_ROW_PT, _HEADER_PT = 15.0, 54.0


def scenario_totals_beside(years: int, last_payer: str = "") -> bool:
    """Whether the Scenarios' "All payers, by year" over ``years`` years stands beside the
    year-by-year table, not under it: where it could never print on the page of the last
    payer's years (that page's header, those years, a blank row, the totals' title, header
    and years: ``2 x 54 + 2 x 15 + 2 x 15 x years`` points, over a page at 100 % from 13
    years; from fewer where ``last_payer``'s name wraps, its years' rows as tall as its lines:
    8 payers' long names over 10 years printed the totals under the years' header alone,
    the last payer's name on two lines, its rows 28.5 points). Under the years it then
    started a page under the years' header, repeated atop
    the page (a sheet repeats one span of rows), its year printed under "% of Medicare at the
    year's rates"; over 24 years it ran onto a second page with no header of its own
    (LibreOffice, one payer over 29 years: years 1-12, then 13-29). Beside, its header is the
    one the sheet repeats: in an area of its own (each starts a page) it prints under its own
    header on each of its pages.

    >>> scenario_totals_beside(5), scenario_totals_beside(12), scenario_totals_beside(13)
    (False, False, True)
    """
    year_pt = page_layout.name_row_pt(last_payer) + _ROW_PT
    return 2 * _HEADER_PT + 2 * _ROW_PT + year_pt * years > SCENARIO_PAGE_PT


def scenario_totals_place(years: Block, count: int, last_payer: str = "", *,
                          stacked: bool = False) -> dict[str, int]:
    """Where the Scenarios' "All payers, by year" over ``count`` years stands: under the
    year-by-year table, a blank row and its title apart, its year beside the columns it sums,
    each revenue under the year-by-year column of its name; or, where it cannot print with
    the last payer's years (:func:`scenario_totals_beside`), beside the years on their header
    row. Its own print area beside the per-payer table and the years (each area starts a
    page), five rows printed alone on a page; under the years it prints on their last page,
    after the last payer's years, its title and header row with it. Not under the per-payer
    table: there it shared rows with the years beside, and its three-line header made a year
    row 54 points tall mid-table (pages-11). ``stacked`` (:func:`scenarios_stacked`): always
    under the years, from a page of its own where it does not fit theirs
    (:func:`page_layout.tables_whole_down`), no header repeated over it."""
    if not stacked and scenario_totals_beside(count, last_payer):
        return {"header_row": years.header_row, "first_col": _right_of(years)}
    return {"header_row": years.last + 3,
            "first_col": years.span.col("fixed_revenue") - 1}


#: Rows of the Scenarios' print area above its first table: the note on the horizon (three
#: lines, as fitted at the per-payer table's width) and the table's title [points].
_SCENARIO_TOP_PT = 42.0 + _ROW_PT


#: The width a stacked Scenarios' per-payer "Notes" wrap in [characters]. Their column is the
#: year-by-year table's last one under them: fitted to a typed note, it took the one page
#: two pages across (a 45-character note, LibreOffice), the years' figures on the second
#: apart from their payer and year, the Notes cut at the page's edge.
STACKED_NOTES_WIDTH = 24.0


def _stacked_pages(blocks: Sequence[float]) -> list[int] | None:
    """The page (0: the first) each of the Scenarios' tables of heights ``blocks`` [points,
    each from its title row down; the first with the note above it] starts on, one under
    another, a page ending only between two tables (before the blank row and title of one
    that does not fit the rest of the page); None where a table alone is taller than a page,
    its rows to be split from its header."""
    starts: list[int] = []
    page, used = 0, 0.0
    for i, height in enumerate(blocks):
        if height > SCENARIO_PAGE_PT:
            return None
        gap = _ROW_PT if i else 0.0  # the blank row above a table's title
        if used and used + gap + height > SCENARIO_PAGE_PT:
            page, used = page + 1, height
        else:
            used += gap + height
        starts.append(page)
    return starts


def _beside_pages(blocks: Sequence[float], totals_beside: bool) -> int:
    """Pages the Scenarios' tables of heights ``blocks`` (as :func:`_stacked_pages`) take side
    by side, each print area from a page of its own: the per-payer table; the years, the
    totals under them on their last page where both fit, else from a page of their own; or
    the totals beside, an area of their own. An estimate (a page a table's rows run past
    repeats its header)."""
    def pages(height: float) -> int:
        return max(1, math.ceil((height - _HEADER_PT) / (SCENARIO_PAGE_PT - _HEADER_PT)))

    per_payer, years, totals = blocks
    if totals_beside:
        return pages(per_payer) + pages(years) + pages(totals)
    return pages(per_payer) + (pages(years + _ROW_PT + totals) if pages(years) == 1 and
                               years + _ROW_PT + totals <= SCENARIO_PAGE_PT
                               else pages(years) + pages(totals))


def _years_pt(payers: Sequence[str], years: int) -> float:
    """The year-by-year table's height from its title row down [points, at 100 %]: each
    payer's years as tall as its name's lines."""
    return _ROW_PT + _HEADER_PT + sum(page_layout.name_row_pt(p) for p in payers) * years


def scenario_years_run_on(payers: Sequence[str], years: int) -> bool:
    """Whether the Scenarios' year-by-year table, stacked (:func:`scenarios_stacked`), is
    taller than a page: its header row is then the one the sheet repeats atop each page
    after the one it starts on."""
    return _years_pt(payers, years) > SCENARIO_PAGE_PT


def _run_on_pages(blocks: Sequence[float]) -> int:
    """Pages the Scenarios' tables of heights ``blocks`` (as :func:`_stacked_pages`) take one
    under another, the years run on from the per-payer table's page, their header repeated
    atop each page after it. An estimate: a page ends where its room does, not before a
    payer's first year."""
    total = sum(blocks) + _ROW_PT * (len(blocks) - 1)  # the blank rows above the titles
    if total <= SCENARIO_PAGE_PT:
        return 1
    return 1 + math.ceil((total - SCENARIO_PAGE_PT) / (SCENARIO_PAGE_PT - _HEADER_PT))


def scenarios_stacked(payers: Sequence[str], years: int, kept: Sequence[str] = (),
                      notes: Mapping[str, str] | None = None, *,
                      contract_column: bool = False) -> bool:
    """Whether the Scenarios' tables stand one under another, the year-by-year table under the
    per-payer one (a blank row and its title apart), "All payers, by year" under it: where
    each table prints whole on a page (the note above the first, each header three lines, each
    year as tall as its payer's name), a page ending only between tables
    (:func:`_stacked_pages`), on fewer pages than side by side (:func:`_beside_pages`), or
    as many with the years starting on the per-payer table's page.
    Side by side, each table in a print area of its own (each starts a page), a one-payer
    book printed its per-payer table, one row, alone on a page, the years on the next (over
    13 years: the totals on a third).

    The year-by-year table taller than a page stacks too (:func:`scenario_years_run_on`),
    where the per-payer table prints whole on the first page and "All payers, by year" under
    the last payer's years (not beside them: :func:`scenario_totals_beside`), on no more
    pages than side by side (:func:`_run_on_pages`): the years run on from the per-payer
    table's page, their header the row the sheet repeats atop each page after it (a sheet
    repeats one span of rows; the programs print it on no page starting above it, so never
    over the per-payer table), each page ending before a payer's first year
    (:func:`page_layout.groups_whole_in_area`). The demo's 6-payer per-payer table printed
    alone on its page, its years on two more (pages-17). A per-payer table taller than a
    page keeps them side by side, where the three share one header row, repeated atop each
    page: stacked, its second page would print under no header. So does ``contract_column``
    (a contract ended: the per-payer "Contract" note shown, past the years' last column):
    the one print area of the six payers' tables stacked, widened by it, printed two pages
    across at 100 % (79 % one page wide), where side by side the per-payer area alone is
    narrowed to one page wide.

    ``kept``: payers no longer in the results whose typed notes the per-payer
    table keeps, a row each, no years. ``notes``: payer -> the note typed in its row's Notes,
    wrapped at :data:`STACKED_NOTES_WIDTH`, its row as tall as its lines (a note taller than
    the page leaves keeps the tables side by side).

    >>> scenarios_stacked(["Summit BlueCare PPO"], 5), scenarios_stacked(["A", "B"], 5)
    (True, True)
    >>> scenarios_stacked(["Summit BlueCare PPO"], 13), scenarios_stacked(["A"], 30)
    (True, False)
    >>> scenarios_stacked(["A"], 6, ["B"]), scenarios_stacked(["A"] * 6, 5)
    (True, True)
    >>> scenarios_stacked(["A"] * 30, 5), scenarios_stacked(["A"] * 6, 14)
    (False, False)
    >>> long = {"A": "Ask for CPI " * 80}
    >>> short = {"A": "Ask for CPI"}
    >>> scenarios_stacked(["A"], 5, notes=short), scenarios_stacked(["A"], 5, notes=long)
    (True, False)
    """
    notes = notes or {}

    def row_pt(payer: str) -> float:  # a per-payer row: its name's lines, or its note's
        return max(page_layout.name_row_pt(payer),
                   page_layout.text_row_pt(notes.get(payer, ""), STACKED_NOTES_WIDTH))

    blocks = [_SCENARIO_TOP_PT + _HEADER_PT + sum(row_pt(p) for p in [*payers, *kept]),
              _years_pt(payers, years),
              _ROW_PT + _HEADER_PT + _ROW_PT * years]
    totals_beside = scenario_totals_beside(years, payers[-1] if payers else "")
    beside = _beside_pages(blocks, totals_beside)
    starts = _stacked_pages(blocks)
    if starts is None:
        return (scenario_years_run_on(payers, years) and not totals_beside
                and not contract_column and max(blocks[0], blocks[2]) <= SCENARIO_PAGE_PT
                and _run_on_pages(blocks) <= beside)
    # as many pages either way: stacked only where the years start on the per-payer table's
    # page, which side by side prints alone (five payers' table stacked alone on its page,
    # the layout changed for nothing)
    return starts[-1] + 1 < beside or (starts[-1] + 1 == beside and starts[1] == 0)


def plan_all(results: WorkbookResults, preserved: Preserved) -> Layouts:
    a = results.analysis
    h = layout.HEADER_ROW
    comparison = plan(layout.COMPARISON_TABLE, a.comparison, preserved.kept(
        layout.COMPARISON_TABLE), header_row=h, first_col=1)
    in_pareto = set(a.pareto_payers.loc[a.pareto_payers["in_pareto"], "payer"])
    priorities_frame = a.priorities.assign(in_pareto=a.priorities["payer"].isin(in_pareto))
    priorities = plan(layout.PRIORITIES_TABLE, priorities_frame,
                      preserved.kept(layout.PRIORITIES_TABLE), header_row=h, first_col=1)
    proposal = plan(layout.PROPOSAL_TABLE, a.proposal, preserved.kept(layout.PROPOSAL_TABLE),
                    header_row=h, first_col=1)
    # the Totals sheet: the sums per payer, the codes by volume beside them
    summary = plan(layout.PROPOSAL_SUMMARY_TABLE, a.proposal_summary[["payer"]],
                   preserved.kept(layout.PROPOSAL_SUMMARY_TABLE),
                   header_row=h, first_col=1)
    pareto_codes = plan(layout.PARETO_CODES_TABLE, a.pareto_codes,
                        preserved.kept(layout.PARETO_CODES_TABLE),
                        header_row=h, first_col=_right_of(summary))
    scen = totals = years = None
    if results.scenarios is not None and not results.scenarios.empty:
        # side by side on one header row, which then prints atop every page of each: a
        # spreadsheet repeats one span of rows per sheet, and stacked, the year-by-year
        # table's second page printed its figures under no header
        scen = plan(layout.SCENARIOS_TABLE, results.scenarios,
                    preserved.kept(layout.SCENARIOS_TABLE), header_row=h + 1, first_col=1)
        count = int(results.scenario_years["year"].max())
        typed = preserved.kept(layout.SCENARIOS_TABLE)
        notes_header = layout.SCENARIOS_TABLE.spec("notes").header
        stacked = scenarios_stacked(
            [str(p) for p in results.scenarios["payer"]], count,
            [str(key[0]) for key in scen.orphans],
            {str(key[0]): str(values.get(notes_header) or "")
             for key, values in typed.rows.items()},
            contract_column="contract_note" in results.scenarios
            and bool(results.scenarios["contract_note"].fillna("").astype(str)
                     .str.strip().ne("").any()))
        years = plan(layout.SCENARIO_YEARS_TABLE, results.scenario_years,
                     preserved.kept(layout.SCENARIO_YEARS_TABLE),
                     **({"header_row": scen.last + 3, "first_col": 1} if stacked else
                        {"header_row": h + 1, "first_col": _right_of(scen)}))
        totals = plan(layout.SCENARIO_TOTALS_TABLE, pd.DataFrame({"year": range(1, count + 1)}),
                      preserved.kept(layout.SCENARIO_TOTALS_TABLE), **scenario_totals_place(
                          years, count, str(results.scenario_years["payer"].iloc[-1]),
                          stacked=stacked))
    exit_block = None
    if results.exit_impact is not None and not results.exit_impact.empty:
        exit_block = plan(layout.EXIT_TABLE, results.exit_impact,
                          preserved.kept(layout.EXIT_TABLE), header_row=h + 1, first_col=1)
    timeline = None
    if results.timeline is not None and not results.timeline.empty:
        timeline = plan(layout.TIMELINE_TABLE, results.timeline,
                        preserved.kept(layout.TIMELINE_TABLE), header_row=h, first_col=1)
    return Layouts(comparison, priorities, pareto_codes, proposal, summary, scen, totals, years,
                   exit_block, timeline, dict(results.empty), a.medicare_label,
                   a.proposal_medicare_label())


def _conditional_formats(ws: Worksheet, block: Block, rules: list[tuple[str, str, Any, Any]]
                         ) -> None:
    """Fill cells of column ``key`` when ``condition`` (a formula on the first row) holds."""
    for key, condition, fill, font in rules:
        letter = block.span.letter(key)
        ws.conditional_formatting.add(
            f"{letter}{block.first}:{letter}{block.last}",
            FormulaRule(formula=[condition], fill=fill, font=font, stopIfTrue=False))


def write_comparison(ws: Worksheet, lay: Layouts, spans: Spans, styles: CellStyles) -> None:
    title(ws, "Comparison", layout.SHEET_DESCRIPTIONS[layout.COMPARISON])
    block = lay.comparison
    write_block(ws, block, spans, styles)
    if lay.empty.get("comparison"):
        empty_table_note(ws, block, layout.empty_note(lay.empty["comparison"]))
    s, r = block.span, block.first
    rate, market = s.anchored("allowed_amount", r), s.anchored("benchmark", r)
    gap, flag = s.anchored("gap_to_benchmark", r), s.anchored("below_market", r)
    below = f"AND(ISNUMBER({rate}),ISNUMBER({market}),{rate}<{market})"
    above = f"AND(ISNUMBER({rate}),ISNUMBER({market}),{rate}>={market})"
    underpaid = f"AND(ISNUMBER({gap}),{gap}>0)"
    _conditional_formats(ws, block, [
        ("allowed_amount", below, BAD_FILL, BAD_FONT),
        ("allowed_amount", above, GOOD_FILL, GOOD_FONT),
        ("gap_to_benchmark", underpaid, None, BAD_FONT),
        ("dollars_at_stake", underpaid, None, BAD_FONT),
        ("below_market", f'{flag}="yes"', BAD_FILL, BAD_FONT),
    ])
    ws.freeze_panes = ws.cell(row=block.first, column=3)
    print_setup(ws)
    if not lay.empty.get("comparison"):
        medicare_caption(ws, str(lay.medicare_label or ""))
    protect(ws)


def write_priorities(ws: Worksheet, lay: Layouts, spans: Spans, styles: CellStyles) -> None:
    title(ws, "Priorities", layout.SHEET_DESCRIPTIONS[layout.PRIORITIES])
    write_block(ws, lay.priorities, spans, styles)
    if lay.empty.get("priorities"):
        empty_table_note(ws, lay.priorities, layout.empty_note(lay.empty["priorities"]))
    letter = lay.priorities.span.letter("dollars_at_stake")
    ws.conditional_formatting.add(
        f"{letter}{lay.priorities.first}:{letter}{lay.priorities.last}",
        DataBarRule(start_type="num", start_value=0, end_type="max", color="F4B183"))
    ws.freeze_panes = ws.cell(row=lay.priorities.first, column=3)
    print_setup(ws)
    protect(ws)


def write_proposal(ws: Worksheet, lay: Layouts, spans: Spans, styles: CellStyles,
                   selected_payer: Any, rate_basis: str) -> None:
    title(ws, "Proposal", layout.SHEET_DESCRIPTIONS[layout.PROPOSAL])
    label = ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_LABEL_COL,
                    value="Letter for payer:")
    label.font = LABEL_FONT
    picker = put_value(ws.cell(row=layout.SELECTED_PAYER_ROW,
                               column=layout.SELECTED_PAYER_COL), selected_payer)
    styles.apply(picker, "general", locked=False, fill=INPUT_FILL)
    _widen_picker(ws)
    check = DataValidation(type="list", formula1=layout.NAME_PAYER_LIST, allow_blank=True,
                           errorStyle="warning", showErrorMessage=True,
                           promptTitle="Payer", prompt="The payer the letter button writes to",
                           showInputMessage=True)
    ws.add_data_validation(check)
    check.add(picker.coordinate)
    block = lay.proposal
    write_block(ws, block, spans, styles)
    if block.records:  # an empty table keeps every heading, saying what a refresh fills in
        _hide_empty_column(ws, block, "benchmark")
        medicare_caption(ws, str(lay.proposal_medicare_label or ""),
                         column=layout.SELECTED_PAYER_COL + PICKER_CELLS)
    s, r = block.span, block.first
    # Excel refuses a text there ("$75.00" in a cell formatted as text), which the Rate to ask
    # formula reads as no rate (reader.your_rate): a rate not asked after all
    typed = s.letter("override_rate")
    Validations(ws).add(layout.YOUR_RATE, f"{typed}{block.first}:{typed}{block.last}")
    override, current = s.anchored("override_rate", r), s.anchored("current_rate", r)
    _conditional_formats(ws, block, [
        ("requested_rate", f"AND(ISNUMBER({override}),{override}<{current})", BAD_FILL,
         BAD_FONT),
    ])
    if lay.empty.get("proposal"):
        # beside the payer picker, which spans three cells (_widen_picker); the rate basis
        # note would stand there, about an 'Ask % of Medicare' column with nothing in it
        empty_table_note(ws, block, layout.empty_note(lay.empty["proposal"]),
                         first_col=layout.SELECTED_PAYER_COL + PICKER_CELLS)
    elif rate_basis == "pct_of_medicare":
        # beside the payer picker, which spans three cells (_widen_picker): it crashed there
        ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL + PICKER_CELLS,
                value="Rate basis: percent of Medicare (see 'Ask % of Medicare')").font = \
            DESCRIPTION_FONT
    ws.freeze_panes = ws.cell(row=block.first, column=3)
    print_setup(ws)
    protect(ws)


def write_totals(ws: Worksheet, lay: Layouts, spans: Spans, styles: CellStyles,
                 pareto_share: float) -> None:
    """The Proposal's sums per payer (its formulas follow the rates asked there) and the codes
    by volume, side by side under one header row: each table prints one page wide on pages of
    its own, its header on every page."""
    title(ws, "Totals", layout.SHEET_DESCRIPTIONS[layout.TOTALS])
    summary, codes = lay.proposal_summary, lay.pareto_codes
    # an empty table's title says why, over its columns
    for block, name, text in (
            (summary, "proposal_summary",
             f"Per payer, {NEW_TERM_RATES} (follows your rates on the Proposal sheet)"),
            # the share as stated, every decimal (the Settings cell's pct_stated): "{:.0%}"
            # said a share of 82.5% as "top 82%"
            (codes, "pareto_codes",
             f"Codes by volume (top {stated_percent_text(pareto_share)} marked)")):
        if lay.empty.get(name):
            empty_table_note(ws, block, f"{text}. {layout.empty_note(lay.empty[name])}")
        else:
            section(ws, block, text)
        write_block(ws, block, spans, styles)
    totals = 0 if lay.empty.get("proposal_summary") else _all_payers_row(ws, summary, spans,
                                                                         styles)
    ws.freeze_panes = ws.cell(row=summary.first, column=1)
    print_setup(ws)
    print_blocks(ws, summary, codes, rows_under_first=totals)
    protect(ws)


def _all_payers_row(ws: Worksheet, summary: Block, spans: Spans, styles: CellStyles) -> int:
    """The row under the per-payer table that sums it over all payers, in its columns: the
    Dashboard's figures (:func:`~ratecalc_workbook.formulas.all_payers_formulas`), outside the
    table so that no reader takes it for a payer. Returns the rows written."""
    formulas = all_payers_formulas(spans.proposal, summary.span)
    row = summary.last + 1
    for i, column in enumerate(summary.spec.columns):
        cell = ws.cell(row=row, column=summary.first_col + i)
        value = formulas[column.key]
        if value.startswith("="):
            put_formula(cell, value)
        else:
            put_value(cell, value)
        cell._style = StyleArray(styles.get(column.fmt, bold=True))
        cell.border = TOTAL_BORDER
    return 1


#: Cells the Proposal's payer picker spans (:func:`_widen_picker`).
PICKER_CELLS = 3


#: Where a sheet of Medicare amounts names which ones (:mod:`ratecalc.medicare_label`): the
#: row above the table's header, right of the payer and code columns, which repeat on every
#: page across and would print the text cut at their edge (on the Proposal, right of the payer
#: picker).
MEDICARE_CAPTION_ROW = layout.HEADER_ROW - 1


def medicare_caption(ws: Worksheet, text: str, column: int = 3) -> None:
    """``text``, the Medicare label, in the caption cell: outside every table and input cell,
    running over the empty cells to its right; no figure or formula moves. Printed, the page
    foot says it too (:func:`medicare_in_page_footer`)."""
    put_value(ws.cell(row=MEDICARE_CAPTION_ROW, column=column), text).font = DESCRIPTION_FONT


def medicare_in_page_footer(ws: Worksheet, label: MedicareLabel | None) -> None:
    """``label``, the Medicare label, in the middle of every printed page's foot, between the
    sheet's name and the page number (:func:`page_layout.title_in_page_footer`): on the pages
    across and down of a sheet printed several pages, which the caption row is not, and in the
    page margin, so no row moves to another page. At the description's size whatever the
    sheet's print scale, as the page header's (:func:`page_layout.title_in_page_header`).
    Shortened where the foot would pass the 255 characters Excel allows one, its codes
    included (:meth:`MedicareLabel.within`: a proposal's label names a day per payer)."""
    if label is None:
        return
    percent = (ws.page_setup.scale or 100) if not ws.sheet_properties.pageSetUpPr.fitToPage \
        else 100
    center = ws.oddFooter.center
    # the room the foot leaves for the label: measured with its codes, the widest size's
    center.text, center.size, center.font = "", 99, f"{FONT_NAME},Italic"
    room = page_layout.HEADER_CHARS - len(str(ws.oddFooter))
    chars = room
    while len(text := label.within(chars).replace("&", "&&")) > room and chars > 1:
        # & starts a code: written twice, so each takes two of the room's characters
        chars -= 1
    size = math.ceil(page_layout.HEADER_DESCRIPTION_PT * 100 / percent)
    # smaller where a long locality name would print over the sheet's name or the page
    # number (San Francisco's 82-character name at 9 points did, in LibreOffice)
    while size > MEDICARE_FOOTER_MIN_PT and _footer_inches(text, size, percent) > \
            _footer_room(ws, percent):
        size -= 1
    center.text, center.size = text, size


#: The smallest size the Medicare label in a page foot is given [points, before the scale].
MEDICARE_FOOTER_MIN_PT = 6


def _footer_inches(text: str, size: int, percent: float) -> float:
    """The printed width of ``text`` at ``size`` points on a sheet printed at ``percent``."""
    return page_layout.text_width(text, size) * 7 / 96 * percent / 100


def _footer_room(ws: Worksheet, percent: float) -> float:
    """The printed width the middle of ``ws``'s page foot has between the sheet's name and the
    page number (:func:`page_layout.title_in_page_footer`), both as wide as the wider, with a
    gap each side [inches]."""
    sides = max(_footer_inches(ws.title, FONT_SIZE, percent),
                _footer_inches("Page 99 of 99", FONT_SIZE, percent))
    return page_layout.PRINTABLE_IN[ws.page_setup.orientation or "portrait"] - 2 * (sides + 0.2)


def _widen_picker(ws: Worksheet) -> None:
    """The payer picker spans three cells: a payer's name does not fit in the Code column."""
    row, col = layout.SELECTED_PAYER_ROW, layout.SELECTED_PAYER_COL
    ws.merge_cells(start_row=row, start_column=col, end_row=row,
                   end_column=col + PICKER_CELLS - 1)


def _not_computed(results: WorkbookResults, sheet: str, name: str, otherwise: str) -> str:
    """Why ``sheet`` shows no table: the calculation's failure, else the core's reason
    (:attr:`WorkbookResults.empty` of the table ``name``), else ``otherwise``."""
    if sheet in results.unavailable:
        return f"{sheet}: {results.unavailable[sheet]}"
    if name in results.empty:
        return layout.empty_note(results.empty[name])
    return f"{sheet}: {otherwise}"


def write_scenarios(ws: Worksheet, lay: Layouts, spans: Spans, styles: CellStyles,
                    results: WorkbookResults) -> None:
    title(ws, "Scenarios", layout.SHEET_DESCRIPTIONS[layout.SCENARIOS])
    if lay.scenarios is None or lay.scenario_totals is None or lay.scenario_years is None:
        not_yet(ws, _not_computed(results, layout.SCENARIOS, "scenarios",
                                  "no payer has a contract and volumes"))
        return
    years = int(results.analysis.data.settings.scenario_years)
    note = (f"{years} years; {results.cf_note}. Year 1 begins when the payer's new term "
            f"begins ('Year 1 from'), priced {NEW_TERM_RATES}: the Proposal's current rates "
            f"(Totals' '{REVENUE_NEW_TERM}'); changes each anniversary. "
            + ("Under this table: each payer year by year, then all payers by year under "
               "them." if _stacked(lay) else
               "Beside this table (on the next pages in print): each payer year by year, "
               f"then all payers by year {'beside' if _totals_beside(lay) else 'under'} "
               "them."))
    ws.cell(row=3, column=1, value=note).font = DESCRIPTION_FONT
    section(ws, lay.scenarios)
    write_block(ws, lay.scenarios, spans, styles)
    _show_percent_decimals(ws, lay.scenarios, results.scenarios)
    _hide_empty_column(ws, lay.scenarios, "contract_note",
                       others=(lay.scenario_years, lay.scenario_totals))
    section(ws, lay.scenario_years)
    write_block(ws, lay.scenario_years, spans, styles)
    section(ws, lay.scenario_totals)
    write_block(ws, lay.scenario_totals, spans, styles)
    if _stacked(lay):
        # each table under its own header: none kept in view over the others; the years'
        # header repeated atop their pages after the first where they run on past a page
        # (never over the per-payer table: no page starts above it)
        print_setup(ws, lay.scenario_years.header_row if scenario_years_run_on(
            [str(p) for p in results.scenarios["payer"]],
            int(results.scenario_years["year"].max())) else None)
    else:
        print_setup(ws, lay.scenarios.header_row)
        # the three tables share their header row: it stays in view over each
        ws.freeze_panes = ws.cell(row=lay.scenarios.first, column=1)
    protect(ws)


def _stacked(lay: Layouts) -> bool:
    """Whether the Scenarios' year-by-year table stands under the per-payer one
    (:func:`scenarios_stacked`), not beside it."""
    return (lay.scenarios is not None and lay.scenario_years is not None
            and lay.scenario_years.header_row > lay.scenarios.header_row)


def _totals_beside(lay: Layouts) -> bool:
    """Whether the Scenarios' "All payers, by year" stands beside the years (on their header
    row: :func:`scenario_totals_place`), not under them."""
    return (lay.scenario_totals is not None and lay.scenario_years is not None
            and lay.scenario_totals.header_row == lay.scenario_years.header_row)


def _hide_empty_column(ws: Worksheet, block: Block, key: str,
                       others: tuple[Block | None, ...] = ()) -> None:
    """Hide ``block``'s column ``key`` while no row has a value in it: the Scenarios'
    "Contract", there for a contract that ended, printed as an empty column on every page
    while every contract is in force; the Proposal's "Market" of a workbook with no market
    benchmark, headed and empty on every payer's page. Hidden, not dropped, so the table
    keeps its columns (a refresh that finds one ended, or a benchmark, shows it again; a
    fresh sheet is written each refresh). Read from the sheet, not the records: the
    Problems' "Cell" links a problem at no cell to its text in full, written after the
    table. Never a column one of ``others`` (tables of the sheet) takes: stacked, the
    year-by-year table's column the user added beside it stands under the Scenarios'
    "Contract", and hid with it."""
    col = block.span.col(key)
    if any(other is not None and other.first_col <= col <= other.last_col for other in others):
        return
    values = [getattr(ws._cells.get((row, col)), "value", None)
              for row in range(block.first, block.last + 1)]
    if all(value is None or value == "" or (isinstance(value, float) and math.isnan(value))
           for value in values):
        ws.column_dimensions[block.span.letter(key)].hidden = True


def _show_percent_decimals(ws: Worksheet, block: Block, summaries: pd.DataFrame | None
                           ) -> None:
    """A payer's "% of Medicare compared" and "Break-even % of Medicare" are shown with the
    decimals :func:`ratecalc.scenarios.shown_percents` gives them beside each other, as
    ``scenario`` says them: a break-even of 88.7549% beside a contract's 88.755% read 88.8%,
    on the wrong side of it. A stated percentage keeps the column's ``pct_stated``; a computed
    one (the equivalent of fixed rates) a tenth, or more where the break-even beside it would
    round as it. Per cell, not a column's ``0.0####%``: a computed percent has all the
    decimals a division leaves, and would show them all."""
    if summaries is None or "percents_shown" not in summaries.columns:
        return
    compared: dict[str, tuple[float, str]] = {}
    break_even: dict[str, tuple[float, str]] = {}
    for payer, shown, held, held_break_even in zip(
            summaries["payer"], summaries["percents_shown"], summaries["pct_of_medicare"],
            summaries["break_even_pct_of_medicare"], strict=True):
        # each held as shown with its decimals (scenarios.held_fraction, in
        # results.scenario_tables): rewritten here, as a "pct" column's value is written as
        # the tenth it shows, which has no second decimal of a percent to show
        if not shown.stated:
            compared[str(payer)] = (
                held, layout.percent_format(scenarios.percent_places(shown.compared)))
        [shown_break_even] = shown.break_evens
        if shown_break_even is not None:
            break_even[str(payer)] = (
                held_break_even,
                layout.percent_format(scenarios.percent_places(shown_break_even)))
    _show_payer_cells(ws, block, "pct_of_medicare", compared)
    _show_payer_cells(ws, block, "break_even_pct_of_medicare", break_even)


def _payer_cells(ws: Worksheet, block: Block, column: str) -> Iterator[tuple[str, Cell]]:
    """Each row's payer and its ``column`` cell, in a table of one row a payer (Scenarios,
    Exit Impact)."""
    spec = block.spec
    payer_col = block.first_col + spec.col("payer") - spec.first_col
    col = block.first_col + spec.col(column) - spec.first_col
    for row in range(block.first, block.last + 1):
        yield str(ws.cell(row=row, column=payer_col).value), ws.cell(row=row, column=col)


def _format_payer_rows(ws: Worksheet, block: Block, column: str, formats: dict[str, str]
                       ) -> None:
    """Give ``column``'s cell the number format ``formats`` names for the payer of its row;
    other rows keep the column's."""
    for payer, cell in _payer_cells(ws, block, column):
        if payer in formats:
            cell.number_format = formats[payer]


def _show_payer_cells(ws: Worksheet, block: Block, column: str,
                      cells: dict[str, tuple[float, str]]) -> None:
    """Write ``column``'s cell for the payer of its row as ``cells`` gives it (the value it
    holds, its number format); other rows keep what they hold and the column's format."""
    for payer, cell in _payer_cells(ws, block, column):
        if payer in cells:
            cell.value, cell.number_format = cells[payer]


def write_exit(ws: Worksheet, lay: Layouts, spans: Spans, styles: CellStyles,
               results: WorkbookResults) -> None:
    title(ws, "Exit Impact", layout.SHEET_DESCRIPTIONS[layout.EXIT_IMPACT])
    if lay.exit_impact is None:
        not_yet(ws, _not_computed(results, layout.EXIT_IMPACT, "exit_impact",
                                  "no payer has rates and volumes"))
        return
    ws.cell(row=3, column=1, value="A payer left is lost when its term ends: its rates are "
            "those in force when its new term would begin (the Scenarios' 'Year 1 from'), the "
            "Proposal's current rates. Months 13-24 are that term's second year, its rates "
            "raised by the contract's escalator (the Scenarios' year 2). Assumptions "
            "(retention, backfill, ramp-up, admin "
            "savings) are on the Settings sheet; 0 is the worst case. Negative net: leaving "
            "costs money.").font = DESCRIPTION_FONT
    write_block(ws, lay.exit_impact, spans, styles)
    block = lay.exit_impact
    _mark_passed_deadlines(ws, block, results.exit_impact)
    _say_ended_deadlines(ws, block, results.exit_impact)
    _show_walk_away_decimals(ws, block, results.exit_impact)
    meets = block.span.anchored("meets_floor", block.first)
    _conditional_formats(ws, block, [("meets_floor", f'{meets}="no"', BAD_FILL, BAD_FONT)])
    ws.freeze_panes = ws.cell(row=block.first, column=2)
    print_setup(ws, block.header_row)
    protect(ws)


def _mark_passed_deadlines(ws: Worksheet, block: Block, exits: pd.DataFrame | None) -> None:
    """A notice deadline that has passed reads "past 2026-12-31", as ``exit-impact`` says
    it (:attr:`ratecalc.exit_impact.ExitImpact.notice_passed`): beside an earliest exit a
    year after the term's end, a bare date read as a deadline still to meet."""
    if exits is None or "notice_passed" not in exits.columns:
        return
    passed = exits.loc[exits["notice_passed"].astype(bool), "payer"]
    _format_payer_rows(ws, block, "notice_deadline",
                       dict.fromkeys(passed.astype(str), layout.FORMATS["passed_date"]))


def _say_ended_deadlines(ws: Worksheet, block: Block, exits: pd.DataFrame | None) -> None:
    """A payer whose contract ended without renewal has no notice deadline: its blank cell
    says why, "none: ended 2026-11-30" (:func:`ratecalc.exit_impact.ended_exit_cell`; the
    Problems sheet and ``exit-impact`` say it whole), wrapped in the column's width: the sheet
    has no room for a column of its own and still prints one page wide, and fitted whole the
    words took it to two pages wide."""
    if exits is None or "contract_ended" not in exits.columns:
        return
    ended = {str(p): day for p, day in zip(exits["payer"], exits["contract_ended"], strict=True)
             if isinstance(day, date)}
    for payer, cell in _payer_cells(ws, block, "notice_deadline"):
        if payer in ended and cell.value is None:
            cell.value = exit_impact.ended_exit_cell(ended[payer])
            wrapped = copy(cell.alignment)
            wrapped.wrap_text, wrapped.vertical = True, "top"
            cell.alignment = wrapped


def _show_walk_away_decimals(ws: Worksheet, block: Block, exits: pd.DataFrame | None) -> None:
    """A rate per visit short of its walk-away floor and the floor are shown with the decimals
    ``exit-impact`` says them with (:func:`ratecalc.exit_impact.walk_away_figures`): in cents,
    a rate $0.001 short of a $99.461 floor read "$99.46 / $99.46 / no". Per cell, not a column's
    ``0.00####``: a rate per visit is an average with all the decimals a division leaves, and
    would show them all."""
    if exits is None or "walk_away_shown" not in exits.columns:
        return
    shown = [(str(payer), figures) for payer, figures
             in zip(exits["payer"], exits["walk_away_shown"], strict=True)
             if figures is not None]
    for column, figure in (("rate_per_visit", "offered_rate"), ("walk_away_floor", "floor")):
        formats = {}
        for payer, figures in shown:
            places = -int(getattr(figures, figure).as_tuple().exponent)
            if places > 2:  # cents are the column's own format
                formats[payer] = layout.money_format(places)
        _format_payer_rows(ws, block, column, formats)


def write_timeline(ws: Worksheet, lay: Layouts, spans: Spans, styles: CellStyles,
                   results: WorkbookResults) -> None:
    title(ws, "Timeline", layout.SHEET_DESCRIPTIONS[layout.TIMELINE])
    if lay.timeline is None:
        not_yet(ws, _not_computed(results, layout.TIMELINE, "timeline", "no contracts on file"))
        return
    block = lay.timeline
    write_block(ws, block, spans, styles)
    days = block.span.anchored("days_to_notice", block.first)
    _conditional_formats(ws, block, [
        ("days_to_notice", f"AND(ISNUMBER({days}),{days}<=30)", BAD_FILL, BAD_FONT)])
    ws.freeze_panes = ws.cell(row=block.first, column=2)
    print_setup(ws)
    protect(ws)


def write_lists(ws: Worksheet, codes: list[str], styles: CellStyles) -> None:
    ws.cell(row=1, column=layout.LIST_CODES_COL, value="Codes")
    text = styles.get("text")
    for i, code in enumerate(codes):
        cell = put_value(ws.cell(row=layout.LIST_FIRST_ROW + i, column=layout.LIST_CODES_COL),
                         code)
        cell._style = copy(text)
    for i, header in enumerate(layout.LIST_METRIC_HEADERS):
        ws.cell(row=1, column=layout.LIST_METRIC_COL + i, value=header)
    count = styles.get("count")
    for i, (metric, (low, high)) in enumerate(METRIC_RANGES.items()):
        for j, value in enumerate((choice_label(metric), low, high, METRIC_UNITS[metric])):
            cell = ws.cell(row=layout.LIST_FIRST_ROW + i, column=layout.LIST_METRIC_COL + j,
                           value=value)
            cell._style = copy(text if j in (0, 3) else count)
    ws.cell(row=1, column=layout.LIST_PERCENT_UNITS_COL, value="Units of a fraction")
    for i, unit in enumerate(PERCENT_UNITS):
        cell = ws.cell(row=layout.LIST_FIRST_ROW + i, column=layout.LIST_PERCENT_UNITS_COL,
                       value=unit)
        cell._style = copy(text)
    ws.sheet_state = "hidden"
    ws.sheet_properties.tabColor = None
    protect(ws)


def set_name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    """Point the workbook-level name ``name`` at ``ref`` on ``sheet``."""
    if name in wb.defined_names:
        del wb.defined_names[name]
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(sheet)}!{ref}")


#: A label stands beside the first line of a value that wraps.
LABEL_ALIGNMENT = Alignment(vertical="top")


def write_dashboard(ws: Worksheet, lay: Layouts | None, results: WorkbookResults | None,
                    styles: CellStyles) -> None:
    title(ws, "Dashboard", layout.SHEET_DESCRIPTIONS[layout.DASHBOARD])
    facts = dashboard_facts(lay, results)
    texts = []
    for i, (key, label, fmt) in enumerate(layout.DASHBOARD_FACTS):
        row = layout.DASHBOARD_FACTS_ROW + i
        label_cell = ws.cell(row=row, column=1, value=label)
        label_cell.font = LABEL_FONT
        label_cell.alignment = LABEL_ALIGNMENT
        cell = put_value(ws.cell(row=row, column=2), facts.get(key))
        styles.apply(cell, fmt, bold=True, align_left=True)
        if fmt == "general":
            # over the empty column C too, up to the rate chart: a payer's name of 102
            # characters took 9 lines of column B alone
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            texts.append(cell)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 18
    if lay is not None and results is not None:
        # the width the charts give column C, which the names wrap over too: wrapped over its
        # default width (8.43), a 58-character name was given three lines' height and printed
        # on two, a blank line under it
        ws.column_dimensions["C"].width = charts.COLUMN_WIDTHS["C"]
    # a payer's name may be longer than the cells: it wraps there, as the rate chart stands
    # beside it from column D (a long name ran on under the chart, cut off)
    page_layout.wrap_in_column(ws, texts)
    if lay is None or results is None:
        not_yet_row = layout.DASHBOARD_FACTS_ROW + len(layout.DASHBOARD_FACTS) + 1
        ws.cell(row=not_yet_row, column=1, value=layout.NOT_REFRESHED).font = DESCRIPTION_FONT
        protect(ws)
        return
    if reason := lay.empty.get("priorities") or lay.empty.get("comparison"):
        dashboard_note(ws, layout.empty_note(reason))
    elif (no_market := market_note(results.analysis.comparison)) is not None:
        # "Below market, a year: not known" and an empty chart of it, said why under the figures
        # beside the rate chart (from column D), not under the lower ones: wrapped to columns
        # A-C, it was cut off by the chart at 100 characters a line
        dashboard_note(ws, no_market[0].upper() + no_market[1:] + ".",
                       width=DASHBOARD_NOTE_BESIDE_CHART)
    charts.add_dashboard_charts(ws, lay, results, styles)
    print_setup(ws, None, one_page=True)
    protect(ws)


#: The longest line of a note under the Dashboard's figures: about columns A to G in the
#: note's font.
DASHBOARD_NOTE_CHARACTERS = 100


#: The longest line of a note beside the rate chart: about columns A to C in the note's font.
DASHBOARD_NOTE_BESIDE_CHART = 58


def dashboard_note(ws: Worksheet, text: str, *, width: int = DASHBOARD_NOTE_CHARACTERS) -> None:
    """``text`` under the Dashboard's figures (why they are $0.00 and no payer is named first),
    a line a row over the blank rows above the lower charts, each running over the empty cells
    to its right: wrapped in a cell, it was broken in a column kept narrow for the charts."""
    first = layout.DASHBOARD_FACTS_ROW + len(layout.DASHBOARD_FACTS) + 1
    for i, line in enumerate(textwrap.wrap(text, width)):
        put_value(ws.cell(row=first + i, column=1), line).font = DESCRIPTION_FONT


def dashboard_facts(lay: Layouts | None, results: WorkbookResults | None) -> dict[str, Any]:
    if lay is None or results is None:
        return {}
    a = results.analysis
    comparison, proposal = lay.comparison.span, lay.proposal.span
    return {
        "as_of": a.as_of,
        "refreshed_at": results.refreshed_at.replace(microsecond=0, tzinfo=None),
        # as the summary says it: a clinic with no code on file yet still has one (it was
        # blank, as if no release priced the Settings' Medicare date)
        # and the day it prices: "RVU26C" alone did not say it was 2026's fees when the
        # analysis date is in 2027, before CMS's next release is imported
        "medicare_release": a.medicare_label.priced,
        # with its name: "10112-00" alone did not tell a practice's two locations apart
        "locality": a.medicare_label.locality,
        # each the rounding of the exact total, not the sum of rounded rows or payers
        "annual_revenue": Formula("=" + cents(revenue_sum(comparison))),
        # "not known" without a market figure on file or on any code billed, as the
        # Priorities say it (ratecalc.gap.total_not_known)
        "dollars_below_market": Formula("=" + unless_total_not_known(
            comparison, cents(stake_sum(comparison)))),
        "proposal_asks": Formula("=" + cents(impact_sum(proposal))),
        "top_payer": a.top_payer,
        # a percentage to a tenth, held as shown (held_percent)
        "walk_away_floor": held_percent(a.floor_pct_of_medicare) or None,
    }


def result_codes(results: WorkbookResults | None, extra: list[str]) -> list[str]:
    codes = set(extra)
    if results is not None:
        data = results.analysis.data
        for frame in (data.fee_schedules, data.volumes, data.benchmarks):
            if not frame.empty:
                codes |= set(frame["code"].astype(str))
    return sorted(codes)


WRITERS: dict[str, Callable[..., None]] = {}


def write_results(wb: Workbook, results: WorkbookResults, preserved: Preserved,
                  styles: CellStyles, therapy_codes: list[str]) -> tuple[list[str], Layouts]:
    """Rebuild every result sheet from ``results``; return the sheets written and where each
    table was laid out on them."""
    lay = plan_all(results, preserved)
    spans = lay.spans()
    settings = results.analysis.data.settings
    write_comparison(fresh_sheet(wb, layout.COMPARISON), lay, spans, styles)
    write_priorities(fresh_sheet(wb, layout.PRIORITIES), lay, spans, styles)
    write_proposal(fresh_sheet(wb, layout.PROPOSAL), lay, spans, styles,
                   preserved.selected_payer or results.analysis.top_payer, settings.rate_basis)
    write_totals(fresh_sheet(wb, layout.TOTALS), lay, spans, styles, settings.pareto_share)
    write_scenarios(fresh_sheet(wb, layout.SCENARIOS), lay, spans, styles, results)
    write_exit(fresh_sheet(wb, layout.EXIT_IMPACT), lay, spans, styles, results)
    write_timeline(fresh_sheet(wb, layout.TIMELINE), lay, spans, styles, results)
    write_dashboard(fresh_sheet(wb, layout.DASHBOARD), lay, results, styles)
    write_lists(fresh_sheet(wb, layout.LISTS), result_codes(results, therapy_codes), styles)
    define_result_names(wb)
    finish_result_sheets(wb, lay, results)
    record_own_texts(wb)  # as laid out: the texts as the next refresh finds them
    return [layout.DASHBOARD, layout.PRIORITIES, layout.COMPARISON, layout.PROPOSAL,
            layout.TOTALS, layout.SCENARIOS, layout.EXIT_IMPACT, layout.TIMELINE,
            layout.LISTS], lay


def _hints(*blocks: Block | None, extra: dict[int, pd.DataFrame | None] | None = None
           ) -> dict[tuple[int, int], Any]:
    """What the formulas of ``blocks`` will show, from the records they were written from
    (``extra``: fuller records for the block at that index, in the same row order)."""
    hints: dict[tuple[int, int], Any] = {}
    for i, block in enumerate(blocks):
        if block is None:
            continue
        # a formula's result is hinted; any other cell shows its own value
        keys = [c.key if c.role == "formula" else None for c in block.spec.columns]
        records = block.records
        frame = (extra or {}).get(i)
        if frame is not None and len(frame) == len(records):
            records = as_records(frame[[k for k in keys if k in frame.columns]])
        hints.update(page_layout.block_hints(records, keys, block.first, block.first_col))
    return hints


def _sum_hints(block: Block, frame: pd.DataFrame, row: int) -> dict[tuple[int, int], Any]:
    """What a row of sums under ``block`` (Totals' "All payers") will show in ``block``'s
    formula columns of money and units: the total of ``frame``'s column. Measured by a
    guess ($9,999,999.99) instead, a clinic's $1,000,000,000 printed ``###``."""
    return {(row, block.first_col + i): float(frame[column.key].sum())
            for i, column in enumerate(block.spec.columns)
            if column.role == "formula" and column.fmt in ("money", "units")
            and column.key in frame.columns}


def _year_sums(years: pd.DataFrame | None) -> pd.DataFrame | None:
    """The Scenarios' all-payers revenue by year (its "All payers, by year" table's figures,
    year 1 first): the year-by-year rows' sums."""
    if years is None or years.empty:
        return None
    sums = years.groupby("year", sort=True)[["fixed_revenue", "pct_revenue"]].sum()
    return sums.assign(difference=sums["fixed_revenue"] - sums["pct_revenue"]).reset_index()


def _added_columns(*blocks: Block | None) -> list[int]:
    """Columns the user added to the right of result tables: their widths are the user's."""
    return [b.first_col + len(b.spec.columns) + j for b in blocks if b is not None
            for j in range(len(b.user_headers))]


#: The Proposal's "Why" [characters]: a reason that names the rate built on and why the ask is
#: what it is runs to about 130 characters, two lines here; at the usual 50, three or four,
#: and a payer's 15 codes no longer fit its page.
REASON_WIDTH = 75.0
#: The Comparison's "Rate from" [characters]: its longest short source ("contract % of
#: Medicare") on one line; a rate the escalator raised, named with its row's rate, wraps.
SOURCE_WIDTH = 24.0


#: The Scenarios' "Contract" [characters]: a contract that ended says why on its row in some 85
#: characters; on one line (81 characters wide) it pushed the per-payer table two pages across,
#: its note and the Notes on a second page with no payer named (the sheet's other tables, in
#: areas of their own beside it, keep a spreadsheet from repeating the payer column there).
#: Wrapped at this width the table prints one page wide at the 80 % floor.
CONTRACT_NOTE_WIDTH = 20.0


def _contract_note_column(block: Block | None) -> dict[int, float]:
    """The Scenarios' "Contract" column, bounded at :data:`CONTRACT_NOTE_WIDTH`."""
    return {} if block is None else {block.span.col("contract_note"): CONTRACT_NOTE_WIDTH}


def _stacked_notes_column(lay: Layouts) -> dict[int, float]:
    """The stacked Scenarios' per-payer "Notes", bounded at :data:`STACKED_NOTES_WIDTH` (none
    side by side, where they are a column of their own page)."""
    if lay.scenarios is None or not _stacked(lay):
        return {}
    return {lay.scenarios.span.col("notes"): STACKED_NOTES_WIDTH}


def _name_columns(*blocks: Block | None) -> dict[int, float]:
    """The payer column of each of ``blocks``, bounded at :data:`page_layout.NAME_WIDTH`."""
    return {b.span.col("payer"): page_layout.NAME_WIDTH for b in blocks
            if b is not None and "payer" in b.spec.keys}


#: The Priorities' Market caveat wraps in a column this wide [characters], so that with the
#: Notes (a group of their own) it fits on the dates' page across where they leave room
#: (page_layout._pack_groups): fitted to its text (86 characters), it and the Notes printed
#: on a third page across, Rank and Payer beside them and no figure.
CAVEAT_WIDTH = 24.0


def _caveat_column(block: Block | None) -> dict[int, float]:
    """The width limit of ``block``'s Market caveat column (none for an empty table)."""
    if block is None or "market_caveat" not in block.spec.keys:
        return {}
    return {block.span.col("market_caveat"): CAVEAT_WIDTH}


def finish_result_sheets(wb: Workbook, lay: Layouts, results: WorkbookResults) -> None:
    """Widths, wrapping and printing of the refreshed sheets (:mod:`page_layout`): Comparison
    prints landscape; the Proposal landscape, a payer per page. A sheet printed more than one
    page across repeats its rows' identifying columns (payer and code) on every page
    (:func:`page_layout.print_title_columns`). A payer's name wraps in a column at most
    :data:`page_layout.NAME_WIDTH` wide, its row grown."""
    a = results.analysis
    # the clinic's own words that RateCalc writes as they are (payers, products, codes, ids):
    # keys the formulas and the next refresh match whole, never broken into lines
    finish = functools.partial(page_layout.finish_sheet, verbatim=data_texts(a.data))
    revenue = a.comparison.assign(revenue=line_revenue(a.comparison["allowed_amount"],
                                                       a.comparison["units_per_year"]))
    finish(wb[layout.COMPARISON], _hints(lay.comparison, extra={0: revenue}),
           orientation="landscape",
           fixed=_added_columns(lay.comparison),
           limits={**_name_columns(lay.comparison),
                   lay.comparison.span.col("rate_source"): SOURCE_WIDTH})
    finish(wb[layout.PRIORITIES], _hints(lay.priorities), fixed=_added_columns(lay.priorities),
           limits={**_name_columns(lay.priorities), **_caveat_column(lay.priorities)})
    # an empty table's note wraps over its merged cells on the first page across, its row
    # grown to the fitted columns
    for name in (layout.COMPARISON, layout.PRIORITIES):
        page_layout.wrap_within_first_page(wb[name], _empty_notes(wb[name]))
    if not lay.empty.get("comparison"):
        comparison = wb[layout.COMPARISON]
        # a long locality name wraps within the first page across, its row grown, not cut
        first, last = page_layout.print_columns(comparison)
        page_layout.wrap_to_print_width(comparison,
                                        page_layout.first_page_last_column(comparison, first,
                                                                           last), first_col=3,
                                        rows=range(MEDICARE_CAPTION_ROW, MEDICARE_CAPTION_ROW + 1))
        medicare_in_page_footer(comparison, lay.medicare_label)
    proposal = wb[layout.PROPOSAL]
    # The "asked" formulas start from the proposed figures: measured by them.
    asked = a.proposal.assign(requested_rate=a.proposal["proposed_rate"],
                              requested_pct_of_medicare=a.proposal["proposed_pct_of_medicare"])
    summary = a.proposal_summary.assign(requested_revenue=a.proposal_summary["proposed_revenue"])
    block = lay.proposal
    finish(proposal, _hints(lay.proposal, extra={0: asked}), orientation="landscape",
           fixed=_added_columns(lay.proposal), print_from_row=block.header_row,
           limits={**_name_columns(lay.proposal), block.span.col("reason"): REASON_WIDTH})
    page_layout.page_per_group(proposal, block.first, block.last, block.span.col("payer"))
    if block.records:
        medicare_in_page_footer(proposal, lay.proposal_medicare_label)
    # the payer picked for the letter wraps over its three cells, its row grown: a long name
    # was cut at their edge (measured now: the cells' widths are the fitted columns')
    # (and the note beside it of a Proposal with no rows: one row, one height for both)
    page_layout.wrap_in_column(proposal, [proposal.cell(row=layout.SELECTED_PAYER_ROW,
                                                        column=layout.SELECTED_PAYER_COL),
                                          *_empty_notes(proposal)])
    all_payers = {} if lay.empty.get("proposal_summary") else _sum_hints(
        lay.proposal_summary, summary, lay.proposal_summary.last + 1)
    finish(wb[layout.TOTALS], {**_hints(lay.proposal_summary, lay.pareto_codes,
                                        extra={0: summary}), **all_payers},
           limits=_name_columns(lay.proposal_summary, lay.pareto_codes))
    page_layout.wrap_within_first_page(wb[layout.TOTALS], _empty_notes(wb[layout.TOTALS]))
    finish(wb[layout.SCENARIOS], _hints(lay.scenarios, lay.scenario_totals, lay.scenario_years,
                                        extra={1: _year_sums(results.scenario_years)}),
           fixed=_added_columns(lay.scenarios),
           limits={**_name_columns(lay.scenarios, lay.scenario_totals, lay.scenario_years),
                   **_contract_note_column(lay.scenarios), **_stacked_notes_column(lay)},
           # one under another: a page ends only between tables, each whole under its header
           table_titles=[b.header_row - 1 for b in (lay.scenario_years, lay.scenario_totals)
                         if b is not None] if _stacked(lay) else ())
    if lay.scenario_years is not None:
        # "All payers, by year" under the years: kept with the last payer's years
        under = lay.scenario_totals is not None and not _totals_beside(lay)
        last = lay.scenario_totals.last if under and lay.scenario_totals is not None \
            else lay.scenario_years.last
        # stacked, the years' title and header are kept with the first payer's years
        page_layout.groups_whole_in_area(wb[layout.SCENARIOS], lay.scenario_years.first,
                                         last, lay.scenario_years.span.col("payer"),
                                         tail_from=lay.scenario_years.last + 1,
                                         head_from=lay.scenario_years.header_row - 1
                                         if _stacked(lay) else None)
    if lay.scenarios is not None:  # its percents of Medicare: year 1's, the Proposal's days
        # sized after the scale the years' pages may fix (8 payers: 89 %), or it printed at 8
        medicare_in_page_footer(wb[layout.SCENARIOS], lay.proposal_medicare_label)
    finish(wb[layout.EXIT_IMPACT], _hints(lay.exit_impact), fixed=_added_columns(lay.exit_impact),
           limits=_name_columns(lay.exit_impact))
    finish(wb[layout.TIMELINE], _hints(lay.timeline), fixed=_added_columns(lay.timeline),
           limits=_name_columns(lay.timeline))
    dashboard = wb[layout.DASHBOARD]
    # The columns holding payers' names keep the widths the charts are laid out on: a name
    # wraps in them (an unbroken 120-character one widened column E to 235 characters, and
    # the Dashboard printed two pages across, tiny).
    finish(dashboard, grow_only=True, fixed=charts.NAME_COLUMNS)
    charts.keep_charts_apart(dashboard)
    charts.print_charts_only(dashboard)
    page_layout.breaks_at_a_fixed_scale(dashboard)  # keep_charts_apart's break, if it made one


def data_texts(data: ClinicData) -> frozenset[str]:
    """Every text of the clinic's tables (payer and product names, codes, contract ids...)."""
    texts: set[str] = set()
    for frame in (data.payers, data.contracts, data.fee_schedules, data.volumes,
                  data.benchmarks):
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]):
                texts.update(v for v in frame[column].tolist() if isinstance(v, str))
    return frozenset(texts)


def write_empty_results(wb: Workbook, styles: CellStyles, therapy_codes: list[str]) -> None:
    """Result sheets of a workbook never refreshed: each says how to fill it."""
    for name in (layout.PRIORITIES, layout.COMPARISON, layout.PROPOSAL, layout.TOTALS,
                 layout.SCENARIOS, layout.EXIT_IMPACT, layout.TIMELINE):
        ws = fresh_sheet(wb, name)
        title(ws, name, layout.SHEET_DESCRIPTIONS.get(name, ""))
        not_yet(ws, layout.NOT_REFRESHED)
        if name == layout.PROPOSAL:
            ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_LABEL_COL,
                    value="Letter for payer:").font = LABEL_FONT
            picker = ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL)
            styles.apply(picker, "general", locked=False, fill=INPUT_FILL)
            _widen_picker(ws)
        protect(ws)
    write_dashboard(fresh_sheet(wb, layout.DASHBOARD), None, None, styles)
    write_lists(fresh_sheet(wb, layout.LISTS), result_codes(None, therapy_codes), styles)
    define_result_names(wb)
    record_own_texts(wb)


def define_result_names(wb: Workbook) -> None:
    as_of_row = layout.DASHBOARD_FACTS_ROW + [k for k, _, _ in layout.DASHBOARD_FACTS].index(
        "as_of")
    set_name(wb, layout.NAME_AS_OF, layout.DASHBOARD, f"$B${as_of_row}")
    last = layout.LIST_FIRST_ROW + layout.LIST_CODES_ROWS - 1
    letter = get_column_letter(layout.LIST_CODES_COL)
    set_name(wb, layout.NAME_CODE_LIST, layout.LISTS,
             f"${letter}${layout.LIST_FIRST_ROW}:${letter}${last}")
    first, last = get_column_letter(layout.LIST_METRIC_COL), get_column_letter(
        layout.LIST_METRIC_COL + len(layout.LIST_METRIC_HEADERS) - 1)
    set_name(wb, layout.NAME_METRIC_RANGES, layout.LISTS,
             f"${first}${layout.LIST_FIRST_ROW}:${last}$"
             f"{layout.LIST_FIRST_ROW + len(METRIC_RANGES) - 1}")
    letter = get_column_letter(layout.LIST_PERCENT_UNITS_COL)
    set_name(wb, layout.NAME_PERCENT_UNITS, layout.LISTS,
             f"${letter}${layout.LIST_FIRST_ROW}:${letter}$"
             f"{layout.LIST_FIRST_ROW + len(PERCENT_UNITS) - 1}")
    set_name(wb, layout.SELECTED_PAYER, layout.PROPOSAL,
             f"${get_column_letter(layout.SELECTED_PAYER_COL)}${layout.SELECTED_PAYER_ROW}")


# --- the Problems sheet --------------------------------------------------------------------------

#: The most characters of a problem's text one row of the Problems sheet holds: some 30 lines
#: in its column (50 characters wide or more), under Excel's tallest row (409 points) and a
#: printed page. A longer text goes on in the rows under it.
MESSAGE_ROW_CHARS = 1200
#: What starts a problem's text carried on from the row above.
CONTINUED = "(continued) "
#: The most characters of the start and of the end of a problem too long for a row that its
#: row in the table shows; the whole text is under the table (:func:`problem_summary`).
SUMMARY_HEAD_CHARS, SUMMARY_TAIL_CHARS = 160, 120
#: The heading of the Problems sheet's texts in full, under its table.
IN_FULL_HEADING = "In full: each problem too long for its row in the table above"


def problem_summary(message: str, row: int) -> str:
    """What the Problems table shows of a ``message`` too long for a row: its start and its
    end, cut after a list's item, and the sheet ``row`` where the whole text begins.

    A 40-payer clinic's 45 warnings printed 52 pages, the lists of codes of ten of them
    (3,000 to 13,000 characters each) filling most: the warnings after the first two were
    pages away. The end is kept because it says the total or what to do ("$337,399.51 a year
    below the contract", "consider asking more").

    >>> problem_summary("X pays less for 1 (90%), 2 (91%), 3 (89%): $5.00 a year", 7)[-40:]
    '3 (89%): $5.00 a year (in full at row 7)'
    """
    if len(message) <= SUMMARY_HEAD_CHARS + SUMMARY_TAIL_CHARS:
        return f"{message} (in full at row {row})"
    head = message[:SUMMARY_HEAD_CHARS]
    cut = max(head.rfind(", "), head.rfind("; "))
    head = head[:cut + 1] if cut > SUMMARY_HEAD_CHARS // 2 else head[:head.rfind(" ")]
    last = max(message.rfind(", "), message.rfind("; "))
    tail = message[last + 2:] if last >= 0 else ""
    if not 0 < len(tail) <= SUMMARY_TAIL_CHARS:
        tail = message[-SUMMARY_TAIL_CHARS:]
        tail = tail[tail.find(" ") + 1:]
    return f"{head} ... {tail} (in full at row {row})"


def message_parts(message: str, limit: int = MESSAGE_ROW_CHARS) -> list[str]:
    """``message`` in parts of at most ``limit`` characters, cut after a comma or semicolon
    near the end, else at a space (a word longer than that is cut where the part is full),
    the parts after the first starting
    :data:`CONTINUED`. A row taller than a page was cut at the page's foot: a 40-payer
    clinic's "the rate to ask stays below Medicare for ..." of 13,000 characters printed its
    first 60 lines over the page's footer and the rest on no page, and Excel shows no row
    taller than 409 points.

    >>> message_parts("one two three four five six seven", 20)
    ['one two three four', '(continued) five six', '(continued) seven']
    """
    parts: list[str] = []
    rest = message
    while rest:
        room = max(limit - (len(CONTINUED) if parts else 0), 1)
        if len(rest) <= room:
            part, rest = rest, ""
        else:
            # after a list's item ("10007 (86.8% paid), "), else at a space
            cut = max(rest.rfind(", ", 0, room), rest.rfind("; ", 0, room)) + 1
            if cut < room * 0.8:
                cut = rest.rfind(" ", 0, room + 1)
            cut = cut if cut > 0 else room
            part, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        parts.append(CONTINUED + part if parts else part)
    return parts or [message]


def write_problems(wb: Workbook, problems: list[Problem], cells: Callable[[Problem], str | None],
                   styles: CellStyles, refreshed_at: datetime, *, event: str = "Refresh",
                   if_errors: str = "The analysis sheets were NOT updated: fix the errors and "
                                    "refresh again.") -> None:
    """Rewrite the Problems sheet: errors first, each with a link to its cell.

    ``event`` names what found them (a refresh, an import of a named file, a letter) and
    ``if_errors`` what the errors stopped; every button writes the sheet through here, so it
    has one layout whatever found the problems.
    """
    ws = fresh_sheet(wb, layout.PROBLEMS)
    ws.sheet_properties.tabColor = "C00000" if any(
        p.severity == "error" for p in problems) else RESULT_TAB
    title(ws, "Problems", layout.SHEET_DESCRIPTIONS[layout.PROBLEMS])
    errors = sum(p.severity == "error" for p in problems)
    notes = sum(p.severity == NOTE for p in problems)  # nothing wrong: not counted as warnings
    warnings = len(problems) - errors - notes
    stamp = refreshed_at.replace(microsecond=0, tzinfo=None)
    put_value(ws.cell(row=3, column=1), (
        f"{event} on {stamp:%Y-%m-%d %H:%M}: {errors} error(s), {warnings} warning(s)"
        + (f", {notes} note(s)." if notes else ".")
        + (f" {if_errors}" if errors else "")))
    ws.cell(row=3, column=1).font = SUBTITLE_FONT if errors else DESCRIPTION_FONT
    spec = layout.PROBLEMS_TABLE
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.severity == NOTE))
    # A text too long for a row is summed up in the table, one row a problem, and given whole
    # under it, its parts in the rows under each other ("(continued) ..."), with no severity:
    # the Start sheet counts the errors and warnings by it.
    split = [message_parts(p.message) for p in ordered]
    in_full_at = spec.header_row + len(ordered) + 3  # a blank row and the heading between
    records: list[dict[str, Any]] = []
    in_full: list[tuple[str, str]] = []  # (table, part) of each row under the table
    whole_at: dict[int, int] = {}  # a summed-up problem's record -> the row its text begins
    for p, parts in zip(ordered, split, strict=True):
        shown = parts[0]
        if len(parts) > 1:
            whole_at[len(records)] = in_full_at + len(in_full)
            shown = problem_summary(p.message, whole_at[len(records)])
            in_full += [(p.table, part) for part in parts]
        records.append({"severity": p.severity, "table": p.table, "sheet": p.location.sheet,
                        "row": p.location.row, "column": p.location.shown_column,
                        "cell": cells(p), "value": None if p.value is None else str(p.value),
                        "message": shown})
    block = plan(spec, pd.DataFrame(records, columns=spec.keys), KeptColumns(),
                 header_row=spec.header_row, first_col=1)
    dummy = Span(spec, block.first, block.last)
    spans = Spans(comparison=dummy, priorities=dummy, proposal=dummy)
    write_block(ws, block, spans, styles)
    cell_col = spec.col("cell")
    for i, record in enumerate(records):
        if record["cell"] and record["sheet"]:
            cell = ws.cell(row=block.first + i, column=cell_col)
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate,
                location=f"{quote_sheetname(record['sheet'])}!{record['cell']}")
            cell.font = copy(cell.font) if cell.font else None
    message_col = spec.col("message")
    wrap = styles.get("general", wrap=True)
    for r in range(block.first, block.last + 1):
        ws.cell(row=r, column=message_col)._style = copy(wrap)
    if in_full:
        ws.cell(row=in_full_at - 1, column=message_col, value=IN_FULL_HEADING).font = LABEL_FONT
        # the texts in full start a page: their heading was left alone at a page's foot
        ws.row_breaks.append(Break(id=in_full_at - 2))
        table_col = spec.col("table")
        for r, (table, part) in enumerate(in_full, start=in_full_at):
            # level with its text's first line; not wrapped, which would keep the column as
            # wide as it was given, narrowing the texts' own
            put_value(ws.cell(row=r, column=table_col), table).alignment = Alignment(
                vertical="top")
            put_value(ws.cell(row=r, column=message_col), part)._style = copy(wrap)
        # The Cell column of a problem at no cell of the workbook links to its text in full.
        # (Not the summary itself: LibreOffice draws a linked text on one line, cut.)
        for i, at in whole_at.items():
            cell = ws.cell(row=block.first + i, column=cell_col)
            if cell.value is None:
                cell.value = f"{get_column_letter(message_col)}{at}"
                cell.hyperlink = Hyperlink(ref=cell.coordinate,
                                           location=f"{quote_sheetname(ws.title)}!{cell.value}")
    _conditional_formats(ws, block, [
        ("severity", f'$A{block.first}="error"', BAD_FILL, BAD_FONT)])
    if records:  # with none, every heading stays, saying what a problem would show
        for key in ("sheet", "row", "column", "cell", "value"):
            _hide_empty_column(ws, block, key)
    ws.freeze_panes = ws.cell(row=block.first, column=1)
    print_setup(ws)
    # The other columns fitted first, then the problem text takes what is left of a landscape
    # page: one page wide, each problem beside its severity and cell.
    page_layout.fit_sheet(ws)
    page_layout.fill_print_width(ws, message_col)
    page_layout.finish_sheet(ws, orientation="landscape", fixed=(message_col,))
