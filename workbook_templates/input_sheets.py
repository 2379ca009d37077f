"""The input sheets of a new workbook: tables the user fills in, with lists, checks and formats.

Written once, by :func:`ratecalc_workbook.builder.new_workbook`; refresh never writes here.
Cells are unlocked, so protecting an input sheet still leaves them editable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.dataset import ClinicData, Settings
from ratecalc.limits import (
    DATE_RANGE_RULE,
    FIRST_YEAR,
    LAST_YEAR,
    METRIC_RANGES,
    MONEY_UNITS,
    PERCENT_UNITS,
    RANGES,
    NumberRange,
    metric_unit,
    shown_range,
)
from ratecalc.schema import CONTRACTS, EXIT_ASSUMPTIONS, METRICS, PAYERS, Column
from ratecalc.validation import ANY_NUMBER, column_range
from ratecalc_workbook import layout
from ratecalc_workbook.layout import TableSpec
from ratecalc_workbook.styles import (
    INPUT_HEADER_FILL,
    SUBTITLE_FONT,
    USER_HEADER_FILL,
    CellStyles,
    column_style,
    header_cell,
    plain,
    show_unit_fractions,
    title,
    write_block,
)

# Excel's own check of a date cell allows the years RateCalc reads (one rule: a date Excel takes
# is never refused by the refresh, nor the reverse)
EARLIEST = to_excel(date(FIRST_YEAR, 1, 1))
LATEST = to_excel(date(LAST_YEAR, 12, 31))


def _date_bounds(ws: Worksheet) -> tuple[float, float]:
    """:data:`EARLIEST` and :data:`LATEST` as serial numbers of ``ws``'s workbook's date system:
    a check's bounds are numbers, and the 1900 system's written into a workbook saved in the
    1904 system (Mac Excel's option) were four years and a day late there (25569 is
    1974-01-02), refusing dates the refresh reads."""
    epoch = ws.parent.epoch
    return to_excel(date(FIRST_YEAR, 1, 1), epoch), to_excel(date(LAST_YEAR, 12, 31), epoch)


def display(column: Column, value: Any) -> Any:
    """A canonical value as the sheet shows it: choices as words, booleans as yes/no."""
    value = plain(value)
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if column.kind == "bool":
        return "yes" if value else "no"
    if column.choices and isinstance(value, str):
        return layout.choice_label(value)
    if column.kind == "code":
        return str(value)
    return value


def add_table(ws: Worksheet, spec: TableSpec, n_rows: int, *, last_col: int | None = None,
              header_row: int | None = None, first_col: int | None = None) -> Table:
    """Add the Excel table object over the header and ``n_rows`` (at least one) data rows."""
    top = header_row or spec.header_row
    left = first_col or spec.first_col
    right = last_col or (left + len(spec.columns) - 1)
    ref = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{top + max(n_rows, 1)}"
    table = Table(displayName=spec.name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=spec.style, showRowStripes=True)
    ws.add_table(table)
    return table


def write_header(ws: Worksheet, spec: TableSpec, *, header_row: int | None = None,
                 first_col: int | None = None, notes: bool = True) -> None:
    top = header_row or spec.header_row
    left = first_col or spec.first_col
    fill = USER_HEADER_FILL if spec.sheet == layout.NEGOTIATION_LOG else INPUT_HEADER_FILL
    for i, column in enumerate(spec.columns):
        cell = ws.cell(row=top, column=left + i, value=column.header)
        header_cell(cell, fill, column.fmt)
        if notes and column.note:
            cell.comment = Comment(column.note, "RateCalc", width=220, height=60)
    ws.row_dimensions[top].height = 30


def widths(ws: Worksheet, spec: TableSpec, first_col: int | None = None) -> None:
    left = first_col or spec.first_col
    for i, column in enumerate(spec.columns):
        dim = ws.column_dimensions[get_column_letter(left + i)]
        dim.width = max(dim.width or 0, column.width)


def section_title(ws: Worksheet, spec: TableSpec) -> None:
    ws.cell(row=spec.header_row - 1, column=spec.first_col, value=spec.title).font = SUBTITLE_FONT


def print_setup(ws: Worksheet, header_row: int | None = layout.HEADER_ROW, *,
                landscape: bool = True, one_page: bool = False) -> None:
    """Print on landscape pages, as wide as one page (or all on one page), with the header row
    on every page (``header_row`` None: no repeated row)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


# --- data validation -----------------------------------------------------------------------------

#: What a number cell of each kind holds, and how its cells show it (limits.shown_range).
_KIND_WORDS = {"money": ("a dollar amount", "money"), "fraction": ("a percentage", "percent"),
               "int": ("a whole number", "number"), "number": ("a number", "number")}


def _bound(number: float, kind: str) -> str:
    """A bound as Excel's check writes it: ``3650`` for a whole number, ``0.1`` else."""
    return f"{number:.0f}" if kind == "whole" else repr(float(number))


class Validations:
    """Data validations of one sheet, one object per rule, with cells added as tables are built."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self._rules: dict[tuple[Any, ...], DataValidation] = {}

    def _rule(self, key: tuple[Any, ...], **kwargs: Any) -> DataValidation:
        rule = self._rules.get(key)
        if rule is None:
            rule = DataValidation(allow_blank=True, showErrorMessage=True,
                                  showInputMessage=bool(kwargs.get("prompt")), **kwargs)
            self.ws.add_data_validation(rule)
            self._rules[key] = rule
        return rule

    def custom(self, formula: str, *, title: str, error: str) -> DataValidation:
        """A check by ``formula``, relative to the first cell it is added to."""
        return self._rule(("custom", formula), type="custom", formula1=formula,
                          errorTitle=title, error=error)

    def add(self, column: Column, ref: str) -> None:
        """Check cells ``ref`` against what ``column`` accepts."""
        rule = self.for_column(column)
        if rule is not None:
            rule.add(ref)

    def for_column(self, column: Column) -> DataValidation | None:
        name = column.name
        if column.choices:
            items = ",".join(layout.choice_list(column))
            return self._rule(("list", items), type="list", formula1=f'"{items}"',
                              errorTitle="Pick from the list",
                              error=f"Expected one of: {items.replace(',', ', ')}")
        if column.kind == "bool":
            return self._rule(("bool",), type="list", formula1='"yes,no"',
                              errorTitle="yes or no", error="Expected yes or no")
        if name == "payer":
            return self._rule(("payer",), type="list", formula1=layout.NAME_PAYER_LIST,
                              errorStyle="warning", errorTitle="Unknown payer",
                              error="This payer is not on the Payers & Contracts sheet yet. "
                              "Add it there, or keep this entry anyway.")
        if column.kind == "code":
            return self._rule(("code",), type="list", formula1=layout.NAME_CODE_LIST,
                              errorStyle="warning", errorTitle="Unfamiliar code",
                              error="Not a code RateCalc lists. Keep it if it is right.")
        if column.kind == "date":
            earliest, latest = _date_bounds(self.ws)
            return self._rule(("date",), type="date", operator="between",
                              formula1=str(earliest), formula2=str(latest),
                              errorTitle="Date expected",
                              error=f"E{DATE_RANGE_RULE[1:]}, such as 2026-03-31")
        bounds = column_range(column)
        if bounds is None or bounds == ANY_NUMBER:
            return None
        # the core reader's range (validation.column_range), in the words the cell shows its
        # value in: "Expected a percentage from 10% to 500%" (not "from 0.1 to 10"), "$0 to
        # $1,000,000,000" (not "1e+09"); a rule is shared by the cells it checks alike only
        low, high = bounds
        kind = "whole" if column.kind == "int" else "decimal"
        what, shown = _KIND_WORDS[column.kind]
        # a quantity with a range of its own says it in the words of its option, worksheet
        # function and reader (limits.RANGES), as the cell shows it
        error = RANGES.get(name, NumberRange(what, low, high, shown)).cell_rule()
        return self._rule((kind, low, high, error), type=kind, operator="between",
                          formula1=_bound(low, kind), formula2=_bound(high, kind),
                          errorTitle="Out of range", error=error)


def metric_figure_formula(cell: str, metric: str, unit: str) -> str:
    """Excel's own check of a clinic metric's figure in ``cell`` (``F5``), by the metric picked
    in ``metric`` (``$E5``) and the unit typed in ``unit`` (``$H5``): the range the Lists sheet
    gives the metric (``MetricRanges``, written from limits.METRIC_RANGES, the core's), within
    -1 to 1 where the unit (or the metric's own, for a blank one) is a fraction shown as a
    percentage (``PercentUnits``; limits.metric_range), or any number RateCalc holds for a row
    with no metric yet (the core refuses the row for that). MATCH, as the core, ignores case."""
    low, high = (f"{bound:.0E}" for bound in ANY_NUMBER)  # short: Excel's limit is 255
    ranges = layout.NAME_METRIC_RANGES

    def bound(column: int, otherwise: str) -> str:
        return f"IFERROR(VLOOKUP({metric},{ranges},{column},FALSE),{otherwise})"

    shown_unit = f'IF(TRIM({unit})="",VLOOKUP({metric},{ranges},4,FALSE),TRIM({unit}))'
    fraction = (f"OR(ABS({cell})<=1,"
                f"ISERROR(MATCH({shown_unit},{layout.NAME_PERCENT_UNITS},0)))")
    return (f"AND(ISNUMBER({cell}),{cell}>={bound(2, low)},{cell}<={bound(3, high)},"
            f"{fraction})")


#: What Excel says of a metric's figure out of its range (at most 225 characters, Excel's limit).
METRIC_FIGURE_ERROR = (
    f"Expected a figure in the range of this row's metric: a rate from "
    f"{shown_range(*METRIC_RANGES['denial_rate'], 'percent')}, NPS from "
    f"{shown_range(*METRIC_RANGES['nps'], 'number')}, a cost from "
    f"{shown_range(*METRIC_RANGES['cost_per_visit'], 'money')}; a fraction (0.84 = 84%) where "
    f"the unit is {', '.join(PERCENT_UNITS[:-1])} or {PERCENT_UNITS[-1]} (refresh names the "
    f"range)")


def validate_metric_figures(checks: Validations, first_row: int, last_row: int) -> None:
    """Check the Clinic Metrics' Value and Benchmark cells by each row's metric
    (:func:`metric_figure_formula`)."""
    spec = layout.METRICS_TABLE
    metric = f"${get_column_letter(spec.col('metric'))}{first_row}"
    unit = f"${get_column_letter(spec.col('unit'))}{first_row}"
    for key in ("value", "benchmark"):
        letter = get_column_letter(spec.col(key))
        rule = checks.custom(metric_figure_formula(f"{letter}{first_row}", metric, unit),
                             title="Out of the metric's range", error=METRIC_FIGURE_ERROR)
        rule.add(f"{letter}{first_row}:{letter}{last_row}")


def validate_columns(checks: Validations, spec: TableSpec, schema_columns: dict[str, Column],
                     first_row: int, last_row: int) -> None:
    for i, col in enumerate(spec.columns):
        column = schema_columns.get(col.key)
        if column is None:
            continue
        letter = get_column_letter(spec.first_col + i)
        checks.add(column, f"{letter}{first_row}:{letter}{last_row}")


# --- tables --------------------------------------------------------------------------------------

def _write_rows(ws: Worksheet, spec: TableSpec, rows: Sequence[Sequence[Any]],
                styles: CellStyles) -> int:
    """Header and rows (blank rows when there are none); returns the number of data rows."""
    write_header(ws, spec)
    col_styles = [column_style(styles, spec, c.key, input_sheet=True) for c in spec.columns]
    data = list(rows) or [[None] * len(spec.columns)] * layout.BLANK_INPUT_ROWS
    write_block(ws, spec.header_row + 1, spec.first_col, data, col_styles)
    add_table(ws, spec, len(data))
    widths(ws, spec)
    return len(data)


def _frame_rows(frame: pd.DataFrame, spec: TableSpec,
                schema_columns: dict[str, Column]) -> list[list[Any]]:
    rows = []
    for record in frame.to_dict(orient="records"):
        rows.append([display(schema_columns[c.key], record.get(c.key))
                     if c.key in schema_columns else plain(record.get(c.key))
                     for c in spec.columns])
    return rows


def write_row_table(ws: Worksheet, spec: TableSpec, frame: pd.DataFrame | None,
                    schema_columns: dict[str, Column], styles: CellStyles,
                    checks: Validations, *, checked: dict[str, Column] | None = None) -> None:
    """A row-per-record input table (fee schedules, volumes, ...); ``checked`` limits the
    columns that get data validation (default all)."""
    rows = [] if frame is None or frame.empty else _frame_rows(frame, spec, schema_columns)
    n = _write_rows(ws, spec, rows, styles)
    first = spec.header_row + 1
    validate_columns(checks, spec, schema_columns if checked is None else checked, first,
                     first + n + layout.VALIDATION_MARGIN)
    for i, column in enumerate(spec.columns):
        if column.fmt == "units":  # as far as the rows a user may add are checked
            show_unit_fractions(ws, spec.first_col + i, first, first + n + layout.VALIDATION_MARGIN)


def write_key_values(ws: Worksheet, spec: TableSpec, fields: Iterable[Column],
                     values: dict[str, Any], styles: CellStyles, checks: Validations) -> None:
    """A field/value table: one row per field with its help, the value cell checked by kind."""
    fields = list(fields)
    rows = [[layout.field_label(f.name), display(f, values.get(f.name)), layout.field_help(f)]
            for f in fields]
    write_header(ws, spec)
    value_col = spec.col("value")
    styles_by_kind: dict[str, Any] = {}
    for i, (field, row) in enumerate(zip(fields, rows, strict=True)):
        r = spec.header_row + 1 + i
        fmt = value_format(field)
        style = styles_by_kind.setdefault(fmt, styles.get(fmt, locked=False, align_left=True))
        write_block(ws, r, spec.first_col,
                    [row], [styles.get("general", bold=True), style,
                            styles.get("general", wrap=True, font=None)])
        checks.add(field, f"{get_column_letter(value_col)}{r}")
        fit_help(ws, spec, r, row[2])
    add_table(ws, spec, len(rows))
    widths(ws, spec)


def value_format(field: Column) -> str:
    """The format key of a field/value table's value cell for ``field``."""
    if field.name == "locality":
        return "text"
    if field.name in layout.STATED_PERCENT_FIELDS:
        return "pct_stated"
    return layout.KIND_FORMATS.get(field.kind, "general")


def fit_help(ws: Worksheet, spec: TableSpec, row: int, help_text: str) -> None:
    """Give a field/value row the height its wrapped help needs: spreadsheets do not grow a
    row for wrapped text written by another program."""
    lines = -(-len(help_text) // int(spec.spec("help").width * 1.15))
    if lines > 1:
        ws.row_dimensions[row].height = 15 * lines


def payers_contracts_frame(data: ClinicData) -> pd.DataFrame:
    """One row per contract with the payer's own columns on its first row; payers without a
    contract get a row of their own."""
    payers = data.payers.copy()
    contracts = data.contracts.copy()
    rows: list[dict[str, Any]] = []
    for payer in payers.to_dict(orient="records"):
        mine = (contracts[contracts["payer"] == payer["payer"]].to_dict(orient="records")
                if not contracts.empty else [])
        if not mine:
            rows.append(dict(payer))
            continue
        for i, contract in enumerate(mine):
            row = dict(contract)
            if i == 0:
                row.update({k: payer.get(k) for k in layout.PAYER_LEVEL})
            rows.append(row)
    listed = {r["payer"] for r in rows}
    for contract in contracts.to_dict(orient="records"):
        if contract["payer"] not in listed:
            rows.append(dict(contract))
    return pd.DataFrame(rows)


def write_clinic(ws: Worksheet, data: ClinicData | None, styles: CellStyles) -> None:
    checks = Validations(ws)
    title(ws, "Clinic", layout.SHEET_DESCRIPTIONS[layout.CLINIC_SHEET])
    section_title(ws, layout.PROFILE_TABLE)
    write_key_values(ws, layout.PROFILE_TABLE, layout.PROFILE_FIELDS,
                     data.clinic if data else {}, styles, checks)
    spec = layout.METRICS_TABLE
    section_title(ws, spec)
    columns = {c.name: c for c in METRICS.columns}
    metrics = data.metrics if data is not None else None
    write_row_table(ws, spec, metrics, columns, styles, checks)
    first = spec.header_row + 1
    rows = (0 if metrics is None else len(metrics)) or layout.BLANK_INPUT_ROWS  # as written
    validate_metric_figures(checks, first, first + rows + layout.VALIDATION_MARGIN)
    if metrics is not None and not metrics.empty:
        _metric_formats(ws, spec, metrics, styles)
    ws.freeze_panes = None
    print_setup(ws)


def metric_format(metric: str, unit: Any) -> str:
    """The format key a Clinic metric's value and benchmark are shown in, by its unit (the
    row's, else the metric's: :func:`ratecalc.limits.metric_unit`, as the letter reads it): a
    fraction as a percentage (97% rather than 0.97), dollars as money, days to one decimal as
    every output shows an average count of days (27.0 days in A/R, 29.5 days to payment;
    :func:`ratecalc.mean_days.mean_days_text`), a count of visits or points as typed (9.1
    visits an episode, 81 points), aligned right as the figures beside them.

    >>> metric_format("nps", "fraction"), metric_format("days_in_ar", " Days ")
    ('pct', 'number')
    >>> metric_format("nps", "visits"), metric_format("denial_rate", None)
    ('count', 'pct')
    """
    shown = metric_unit(metric, unit)
    if shown in PERCENT_UNITS:
        return "pct"
    if shown in MONEY_UNITS:
        return "money"
    return "number" if shown == "days" else "count"


def _metric_formats(ws: Worksheet, spec: TableSpec, metrics: pd.DataFrame,
                    styles: CellStyles) -> None:
    """Show each metric's value and benchmark in its unit's format (:func:`metric_format`)."""
    for i, (metric, unit) in enumerate(zip(metrics["metric"].tolist(),
                                           metrics["unit"].tolist(), strict=True)):
        fmt = metric_format(metric, unit)
        for key in ("value", "benchmark"):
            cell = ws.cell(row=spec.header_row + 1 + i, column=spec.col(key))
            styles.apply(cell, fmt, locked=False)


def write_payers_contracts(ws: Worksheet, data: ClinicData | None, styles: CellStyles) -> None:
    checks = Validations(ws)
    spec = layout.PAYERS_CONTRACTS_TABLE
    title(ws, "Payers & Contracts", layout.SHEET_DESCRIPTIONS[layout.PAYERS_CONTRACTS])
    columns = {c.name: c for c in (*PAYERS.columns, *CONTRACTS.columns)}
    frame = payers_contracts_frame(data) if data is not None else None
    # The payer column is the source of the payer drop-down lists: no list on it.
    checked = {k: v for k, v in columns.items() if k != "payer"}
    write_row_table(ws, spec, frame, columns, styles, checks, checked=checked)
    ws.freeze_panes = ws.cell(row=spec.header_row + 1, column=2)
    print_setup(ws)  # pages across and the repeated payer: page_layout.finish_sheet


def write_simple(ws: Worksheet, spec: TableSpec, frame: pd.DataFrame | None,
                 schema_columns: dict[str, Column], styles: CellStyles) -> None:
    checks = Validations(ws)
    title(ws, spec.sheet, layout.SHEET_DESCRIPTIONS.get(spec.sheet, ""))
    write_row_table(ws, spec, frame, schema_columns, styles, checks)
    ws.freeze_panes = ws.cell(row=spec.header_row + 1, column=1)
    print_setup(ws)


def write_settings(ws: Worksheet, settings: Settings | None,
                   exit_assumptions: dict[str, Any] | None, styles: CellStyles) -> None:
    checks = Validations(ws)
    title(ws, "Settings", layout.SHEET_DESCRIPTIONS[layout.SETTINGS_SHEET])
    values = vars(settings) if settings is not None else vars(Settings())
    write_key_values(ws, layout.SETTINGS_TABLE, layout.SETTINGS_FIELDS, values, styles, checks)
    spec = layout.EXIT_ASSUMPTIONS_TABLE
    section_title(ws, spec)
    defaults = {c.name: c.default for c in EXIT_ASSUMPTIONS.columns}
    write_key_values(ws, spec, EXIT_ASSUMPTIONS.columns,
                     exit_assumptions or defaults, styles, checks)
    print_setup(ws, landscape=False)


def write_negotiation_log(ws: Worksheet, styles: CellStyles) -> None:
    checks = Validations(ws)
    spec = layout.NEGOTIATION_LOG_TABLE
    title(ws, "Negotiation Log", layout.SHEET_DESCRIPTIONS[layout.NEGOTIATION_LOG])
    columns = {c.name: c for c in layout.LOG_SCHEMA.columns}
    write_row_table(ws, spec, None, columns, styles, checks)
    ws.freeze_panes = ws.cell(row=spec.header_row + 1, column=1)
    print_setup(ws)


def write_input_sheets(wb: Workbook, data: ClinicData | None, styles: CellStyles) -> None:
    """Fill the Clinic, Payers & Contracts, Fee Schedules, Volumes, Benchmarks and Settings
    sheets (already created, empty) from ``data``, or leave their tables blank."""
    from ratecalc.schema import BENCHMARKS, FEE_SCHEDULES, VOLUMES

    write_clinic(wb[layout.CLINIC_SHEET], data, styles)
    write_payers_contracts(wb[layout.PAYERS_CONTRACTS], data, styles)
    for spec, table, frame in (
        (layout.FEE_SCHEDULES_TABLE, FEE_SCHEDULES, data.fee_schedules if data else None),
        (layout.VOLUMES_TABLE, VOLUMES, data.volumes if data else None),
        (layout.BENCHMARKS_TABLE, BENCHMARKS, data.benchmarks if data else None),
    ):
        write_simple(wb[spec.sheet], spec, frame, {c.name: c for c in table.columns}, styles)
    write_settings(wb[layout.SETTINGS_SHEET], data.settings if data else None,
                   data.exit_assumptions if data else None, styles)
    write_negotiation_log(wb[layout.NEGOTIATION_LOG], styles)
