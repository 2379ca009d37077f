"""How the workbook looks: fonts, fills, number formats, protection, and a fast cell writer.

Inputs the user types are white and unlocked; columns the user may type in on result sheets
(``Your rate``, ``Notes``) are pale yellow and unlocked; everything refresh writes is locked, so a
protected result sheet cannot be overwritten by accident.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc_workbook.layout import (
    FORMATS,
    UNITS_FRACTION_FORMAT,
    TableSpec,
    units_fraction_condition,
)

#: The workbook's one font family (Excel has it everywhere; LibreOffice draws it with the
#: metric-compatible Liberation Sans), and the size of ordinary cells.
FONT_NAME = "Arial"
FONT_SIZE = 10
#: Data cells sit this many indent steps off their cell's edge (left for text, right for
#: numbers), so a right-aligned number never touches left-aligned text in the next column.
INDENT = 1


def font(**options: Any) -> Font:
    """A font of the workbook's family; ``size`` defaults to :data:`FONT_SIZE`."""
    options.setdefault("size", FONT_SIZE)
    return Font(name=FONT_NAME, **options)


#: Numeric formats: their cells and headers align right.
NUMERIC_FORMATS = frozenset({"money", "money0", "money_exact", "pct", "pct2", "pct_stated",
                             "date", "datetime", "int", "number", "index", "count", "units"})

#: The id of the units-fraction format inside its conditional format: a custom id (from 164) past
#: those openpyxl numbers the cells' formats with (164 up, one per format in use, about 20), so
#: that no reader takes it for a cell format's.
_UNITS_FRACTION_ID = 300

DARK_BLUE = "1F3864"
GREY = "595959"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: you may type here
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
# Differential fonts of conditional formats: a colour over the cell's own font.
BAD_FONT = Font(color="9C0006")
GOOD_FILL = PatternFill("solid", fgColor="C6EFCE")
GOOD_FONT = Font(color="006100")
BASE_FONT = font()
TITLE_FONT = font(bold=True, size=16, color=DARK_BLUE)
SUBTITLE_FONT = font(bold=True, size=12, color=DARK_BLUE)
DESCRIPTION_FONT = font(italic=True, color=GREY)
#: Why a result table is empty: read first on the sheet, before the bare header row.
EMPTY_NOTE_FONT = font(bold=True, color=DARK_BLUE)
LABEL_FONT = font(bold=True)
LINK_FONT = font(bold=True, color="0563C1", underline="single")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="left",
                             indent=INDENT)
NUMERIC_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="right",
                                     indent=INDENT)
# Headers are formatted on the cells themselves, not only by the table style: LibreOffice does not
# draw Excel table styles, and a header must read as one everywhere.
INPUT_HEADER_FILL = PatternFill("solid", fgColor="2F5597")
RESULT_HEADER_FILL = PatternFill("solid", fgColor="385723")
USER_HEADER_FILL = PatternFill("solid", fgColor="C55A11")
HEADER_FONT = font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=INDENT)
# Top-aligned: in a row that grows for wrapped text, every cell starts on its first line.
LEFT = Alignment(horizontal="left", vertical="top", indent=INDENT)
RIGHT = Alignment(horizontal="right", vertical="top", indent=INDENT)
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: The rule over a row of totals under a table.
TOTAL_BORDER = Border(top=Side(style="thin", color="595959"))
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


def plain(value: Any) -> Any:
    """A value openpyxl writes as the user expects: NaN and NaT become empty cells, numpy
    scalars become Python numbers, timestamps become dates."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    return value


class CellStyles:
    """Style prototypes of one workbook, copied onto cells.

    Setting ``font``, ``number_format`` and ``protection`` on every one of a hundred thousand
    cells costs a style lookup each; copying a prepared style array costs a list copy. The
    prototypes are built on a detached cell of the workbook, so their indices are its own.
    """

    def __init__(self, workbook: Workbook):
        self._sheet = workbook.worksheets[0]
        self._cache: dict[tuple[Any, ...], Any] = {}

    def get(self, fmt: str = "general", *, locked: bool = True, fill: PatternFill | None = None,
            font: Font | None = None, wrap: bool = False, bold: bool = False,
            align_left: bool = False) -> Any:
        key = (fmt, locked, id(fill) if fill else None, id(font) if font else None, wrap, bold,
               align_left)
        style = self._cache.get(key)
        if style is None:
            cell = Cell(self._sheet)
            cell.number_format = FORMATS.get(fmt, fmt)
            cell.protection = LOCKED if locked else UNLOCKED
            if fill is not None:
                cell.fill = fill
            if font is not None:
                cell.font = font
            elif bold:
                cell.font = LABEL_FONT
            else:
                cell.font = BASE_FONT
            if wrap:
                cell.alignment = WRAP
            elif align_left or fmt not in NUMERIC_FORMATS:
                cell.alignment = LEFT
            else:
                cell.alignment = RIGHT
            style = cell._style
            self._cache[key] = style
        return style

    def apply(self, cell: Cell, fmt: str = "general", **kwargs: Any) -> None:
        cell._style = copy(self.get(fmt, **kwargs))


def column_style(styles: CellStyles, spec: TableSpec, key: str, *, input_sheet: bool) -> Any:
    """The style of a data cell in column ``key`` of ``spec``."""
    column = spec.spec(key)
    if input_sheet:
        return styles.get(column.fmt, locked=False)
    if column.role == "user":
        return styles.get(column.fmt, locked=False, fill=INPUT_FILL)
    return styles.get(column.fmt)


def show_unit_fractions(ws: Worksheet, column: int, first_row: int, last_row: int) -> None:
    """Cells ``first_row:last_row`` of ``column``, formatted ``units`` (whole), show a fraction
    where their value has one (132.5 units, not "133"). No one number format does both: "#,##0.##"
    shows 40 as "40." and General shows 1234.5 without its comma. A conditional format tests
    the value, so it also holds for formulas and for what a user types later."""
    letter = get_column_letter(column)
    dxf = DifferentialStyle(numFmt=NumberFormat(numFmtId=_UNITS_FRACTION_ID,
                                                formatCode=UNITS_FRACTION_FORMAT))
    ws.conditional_formatting.add(
        f"{letter}{first_row}:{letter}{last_row}",
        Rule(type="expression", dxf=dxf, stopIfTrue=False,
             formula=[units_fraction_condition(f"{letter}{first_row}")]))


def write_block(ws: Worksheet, top: int, left: int, rows: Iterable[Sequence[Any]],
                styles: Sequence[Any]) -> int:
    """Write rows of values starting at (top, left) with one style per column; return the
    number of rows written. Values pass through :func:`plain`; text stays text
    (:func:`ratecalc_workbook.cells.put`)."""
    from ratecalc_workbook.cells import put

    count = 0
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = put(ws.cell(row=top + r, column=left + c), plain(value))
            cell._style = copy(styles[c])
        count += 1
    return count


def set_widths(ws: Worksheet, spec: TableSpec, *, overwrite: bool = True) -> None:
    """Column widths of a table; with ``overwrite=False`` a width already set is kept."""
    for i, column in enumerate(spec.columns):
        letter = get_column_letter(spec.first_col + i)
        dim = ws.column_dimensions[letter]
        if overwrite or not dim.width:
            dim.width = column.width


#: Per workbook: (a cell's style array, the header fill, numeric) -> the style array
#: :func:`header_cell` made of it. Setting a font, a fill and an alignment hashes each against
#: the workbook's lists (most of the cost of a refresh's hundred header cells); the indices
#: they get are the workbook's for good, so one header style is made once and then copied.
_HEADER_STYLES: WeakKeyDictionary[Workbook, dict[tuple[Any, ...],
                                                  tuple[PatternFill, StyleArray]]] = \
    WeakKeyDictionary()


def header_cell(cell: Cell, fill: PatternFill, fmt: str = "general") -> None:
    """Format one header cell: white bold on ``fill``, wrapped, on the side its column's
    values align to (``fmt`` is the column's format)."""
    numeric = fmt in NUMERIC_FORMATS
    made = _HEADER_STYLES.setdefault(cell.parent.parent, {})
    key = (tuple(cell._style or ()), id(fill), numeric)  # None: a cell never styled
    if key in made:
        cell._style = copy(made[key][1])
        return
    cell.font = HEADER_FONT
    cell.fill = fill
    cell.alignment = NUMERIC_HEADER_ALIGNMENT if numeric else HEADER_ALIGNMENT
    made[key] = (fill, copy(cell._style))  # the fill kept: its id names no other meanwhile


def title(ws: Worksheet, text: str, description: str = "") -> None:
    """Row 1 title and row 2 description of a sheet."""
    ws.cell(row=1, column=1, value=text).font = TITLE_FONT
    ws.row_dimensions[1].height = 24
    if description:
        ws.cell(row=2, column=1, value=description).font = DESCRIPTION_FONT


def date_or_none(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def use_house_font(wb: Workbook) -> None:
    """Make :data:`BASE_FONT` the workbook's default: the font of every cell without one of its
    own, and of the Normal style. Call on a new workbook, before any cell is styled."""
    from openpyxl.utils.indexed_list import IndexedList

    # openpyxl offers no setter for the default font: it is the first entry of the font list.
    wb._fonts = IndexedList([BASE_FONT])
    wb._named_styles["Normal"].font = BASE_FONT
