"""Column widths, wrapping, row heights and print scaling, measured from what the cells show.

Excel and LibreOffice size nothing themselves for a file written by another program: a column
keeps the width the file gives it, text longer than its column runs into the next cell (or is cut
off there when that cell is not empty), a number too wide shows ``###``, and a page set to fit its
width shrinks to whatever the widest row needs. This module measures the text each cell will show
(in the workbook's font, :data:`~ratecalc_workbook.styles.FONT_NAME`) and sets, per sheet:

- each column as wide as its widest number, header word or blocked text (text whose right-hand
  neighbour is not empty, or that sits in a table), plus room for the cell's indent;
- text wider than :data:`MAX_WIDTH` wrapped, with the row made tall enough;
- header rows tall enough for their wrapped headers;
- printing: the page orientation that keeps the printed text at :data:`MIN_PRINT_PT` or more;
  one page wide where that is enough, else pages across, each ending between groups of columns
  read together (:func:`break_between_groups`), the row's identifying columns repeated.

Widths are in Excel's unit: characters of the default font's digit.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from copy import copy
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple, cast

from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import OneCellAnchor
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.pagebreak import Break, ColBreak, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.mean_days import MEAN_DAYS_PLACES
from ratecalc.money import PERCENT_PLACES, STATED_PERCENT_PLACES, stated_percent_text, units_text
from ratecalc_workbook.layout import FORMATS, TABLES_BY_NAME
from ratecalc_workbook.styles import FONT_SIZE

#: Advance widths of Arial (Liberation Sans has the same metrics) in 1/1000 em, by character;
#: others count as :data:`_DEFAULT_ADVANCE`. Public font metrics, used to estimate widths.
_ADVANCES: dict[str, int] = {
    **dict.fromkeys("0123456789$#_", 556), " ": 278, ".": 278, ",": 278, ":": 278, ";": 278,
    "/": 278, "\\": 278, "!": 278, "|": 260, "'": 191, '"': 355, "%": 889, "-": 333, "(": 333,
    ")": 333, "[": 278, "]": 278, "&": 667, "+": 584, "=": 584, "<": 584, ">": 584, "@": 1015,
    "?": 556, "*": 389,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222,
    "j": 222, "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "q": 556, "r": 333,
    "s": 500, "t": 278, "u": 556, "v": 500, "w": 722, "x": 500, "y": 500, "z": 500,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278,
    "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722,
    "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
}
_DEFAULT_ADVANCE = 600
#: :data:`_ADVANCES` with every other character at :data:`_DEFAULT_ADVANCE`, looked up by
#: ``map``: a sheet's numbers are nearly all distinct texts, and a generator of ``dict.get``
#: per character was most of measuring them.
_ADVANCE_OF = defaultdict(lambda: _DEFAULT_ADVANCE, _ADVANCES)
_DIGIT = 556
#: Bold Arial is about this much wider than regular.
_BOLD_FACTOR = 1.08
#: A column-width unit is the default font's digit as drawn on screen: 7 pixels for Arial 10 at
#: 96 dpi, where the digit's exact advance is 0.556 em = 7.41 pixels; text runs that much wider.
_SCREEN_DIGIT = 0.556 * 10 * 96 / 72 / 7
#: Room a cell needs besides its text: the indent (LibreOffice draws one step as about two
#: digits) and the cell's own margins [characters].
PADDING = 2.0
#: Text wider than this wraps instead of widening its column [characters].
MAX_WIDTH = 50.0
#: A column of names (payers) is never wider than this: a longer name wraps, its row grown
#: (a 102-character payer's name widened Exit Impact's first column to :data:`MAX_WIDTH`, and
#: the sheet printed two pages across) [characters].
NAME_WIDTH = 30.0
#: A table's header wraps to at most this many lines: its column is widened until it does (the
#: Comparison's "Underpaid vs contract a year (negative: paid above)" took seven lines over a
#: column as narrow as its figures, its header row as tall as seven rows of them).
HEADER_LINES = 4
#: Columns are never narrower than this [characters].
MIN_WIDTH = 5.0
#: A column the user types in (Notes, Your rate) is at least this wide, or as wide as it was
#: when narrower [characters].
USER_WIDTH = 12.0
#: Height of one line of text at the house font size [points], and the row's margin.
LINE_PT = 12.75
ROW_MARGIN_PT = 3.0
#: The smallest printed text size a page setup may give [points].
MIN_PRINT_PT = 8.0
#: Left and right page margins [inches], and the printable width of a Letter page [inches].
SIDE_MARGIN_IN = 0.3
#: English metric units in an inch (a drawing's positions and sizes).
EMU_PER_INCH = 914400
PRINTABLE_IN = {"portrait": 8.5 - 2 * SIDE_MARGIN_IN, "landscape": 11.0 - 2 * SIDE_MARGIN_IN}
#: What a formula is assumed to show when no computed value is known, by number format key.
_FORMULA_SAMPLES: dict[str, str] = {
    "money": "$9,999,999.99", "money0": "$9,999,999", "money_exact": "$9,999,999.9999",
    "pct": "-100.0%", "pct2": "-10.00%", "pct_stated": "-10.00%",
    "int": "999,999", "count": "999,999", "units": "999,999.99", "number": "99,999.9",
    "index": "0.0000",
    "date": "2026-12-31", "datetime": "2026-12-31 23:59", "general": "yes", "text": "00000",
}
_FORMAT_KEYS = {v: k for k, v in FORMATS.items()}
#: A percent number format of fixed decimals (``0.000%``), :func:`layout.percent_format`'s.
_PERCENT_FORMAT = re.compile(r"0\.0+%")


@lru_cache(maxsize=8192)  # a sheet repeats its words (payers, codes, headers) many times
def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Width of one line of ``text`` in characters of the default font's digit."""
    units = sum(map(_ADVANCE_OF.__getitem__, text)) / _DIGIT * _SCREEN_DIGIT
    return units * (size / FONT_SIZE) * (_BOLD_FACTOR if bold else 1.0)


def _exact_money(amount: float) -> str:
    """``amount`` [USD, >= 0] as ``"$"#,##0.00##`` shows it: cents, and up to two more
    decimals where it has them."""
    text = f"${amount:,.4f}"
    return text[:-2] + text[-2:].rstrip("0")


def _format_key(cell: Cell) -> str:
    fmt = cell.number_format
    if fmt.startswith(FORMATS["money"]) and fmt not in _FORMAT_KEYS:
        # a figure shown with the decimals it takes beside a line (layout.money_format)
        return "money_exact"
    if fmt not in _FORMAT_KEYS and _PERCENT_FORMAT.fullmatch(fmt):
        # a percent shown with the decimals it takes beside another (layout.percent_format)
        return "pct_places"
    return _FORMAT_KEYS.get(fmt, "general")


def shown(cell: Cell, value: Any = None, fmt: str | None = None) -> str | None:
    """The text ``cell`` shows (an estimate for formulas); ``value`` stands in for a formula's
    result when known; ``fmt``, the key of the cell's number format, when the caller knows it."""
    raw = cell.value if value is None else value
    if raw is None:
        return None
    if fmt is None:
        fmt = _format_key(cell)
    if isinstance(raw, str) and raw.startswith("=") and value is None:
        return _FORMULA_SAMPLES.get(fmt, "999,999.99")
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float)):
        number = float(raw)
        if math.isnan(number) or math.isinf(number):
            return None
        if fmt in ("money", "money0", "money_exact"):
            text = (f"${abs(number):,.0f}" if fmt == "money0" else f"${abs(number):,.2f}"
                    if fmt == "money" else _exact_money(abs(number)))
            return "-" + text if number < 0 else text
        if fmt in ("pct", "pct2"):
            return f"{number * 100:.{PERCENT_PLACES if fmt == 'pct' else 2}f}%"
        if fmt == "pct_places":
            return f"{number * 100:.{len(cell.number_format) - 3}f}%"
        if fmt == "pct_stated":
            return stated_percent_text(number, STATED_PERCENT_PLACES)
        if fmt == "int" or (fmt == "count" and number >= 1000):
            return f"{number:,.0f}"
        if fmt == "units":  # a fraction shown through a conditional format (show_unit_fractions)
            return units_text(number)
        if fmt == "number":
            return f"{number:,.{MEAN_DAYS_PLACES}f}"
        if fmt == "index":
            return f"{number:.4f}"
        return f"{number:.10g}"
    prefix = "past " if fmt == "passed_date" else ""
    if isinstance(raw, datetime):
        return (raw.strftime("%Y-%m-%d %H:%M") if fmt == "datetime"
                else prefix + raw.strftime("%Y-%m-%d"))
    if isinstance(raw, date):
        return prefix + raw.isoformat()
    return str(raw)


def _font_of(cell: Cell) -> tuple[float, bool]:
    font = cell.font
    size = float(font.sz) if font is not None and font.sz else float(FONT_SIZE)
    return size, bool(font is not None and font.b)


class _Look(NamedTuple):
    """What fitting needs of a cell's style."""

    unlocked: bool
    size: float
    bold: bool
    wraps: bool
    fmt: str


def _looks(ws: Worksheet) -> Callable[[Cell], _Look]:
    """A cell's :class:`_Look`, worked out once per distinct style of the sheet (reading a
    style through openpyxl's proxies, per cell, was most of the time fitting took)."""
    seen: dict[bytes | None, _Look] = {}

    def look(cell: Cell) -> _Look:
        key = None if cell._style is None else cell._style.tobytes()  # None: the default style
        found = seen.get(key)
        if found is None:
            protection, alignment = cell.protection, cell.alignment
            size, bold = _font_of(cell)
            found = seen[key] = _Look(
                protection is not None and protection.locked is False, size, bold,
                bool(alignment is not None and alignment.wrap_text), _format_key(cell))
        return found

    return look


def _is_number(cell: Cell) -> bool:
    value = cell.value
    if isinstance(value, str):
        return value.startswith("=")
    return isinstance(value, (int, float, date)) and not isinstance(value, bool)


def _filled(cell: Cell) -> bool:
    fill = cell.fill
    return bool(fill is not None and fill.fill_type not in (None, "none"))


class _Areas:
    """Cells inside a sheet's tables, as rectangles (a set of every cell of a 12,000-row
    table cost more to build than the fitting it served)."""

    def __init__(self, bounds: Sequence[tuple[int, int, int, int]]) -> None:
        self.bounds = bounds

    def __contains__(self, key: object) -> bool:
        row, col = cast(tuple[int, int], key)
        return any(left <= col <= right and top <= row <= bottom
                   for left, top, right, bottom in self.bounds)


def _table_cells(ws: Worksheet) -> tuple[_Areas, set[tuple[int, int]]]:
    """(row, column) of every cell inside a table, and of every table header cell."""
    bounds = [range_boundaries(table.ref) for table in ws.tables.values()]
    headers = {(top, c) for left, top, right, _ in bounds for c in range(left, right + 1)}
    return _Areas(bounds), headers


def _merged(ws: Worksheet) -> set[tuple[int, int]]:
    cells: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                cells.add((r, c))
    return cells


def _filled_lines(paragraph: str, room: float, size: float, bold: bool
                  ) -> list[list[tuple[str, float]]]:
    """The lines ``paragraph`` (no line break) fills wrapped at spaces in ``room`` characters,
    each a list of (word, the width it takes on the line), as Excel and LibreOffice fill
    them: a word takes its width and the space after it, but for the paragraph's last word;
    it goes on the next line where the line has no room left for it. A word wider than the
    room is broken inside, where the line is full: on lines of its own but the last, which it
    shares with what follows. The one rule :func:`_lines` counts lines by and
    :func:`_short_word_alone` reads them by (the two filled lines a space differently)."""
    lines: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    words = paragraph.split(" ")
    for last, word in enumerate(words, start=1 - len(words)):
        w = text_width(word if last == 0 else word + " ", size, bold)
        if used and used + w > room + 1e-9:  # summed word by word: not rounding's wrap
            lines.append([])
            used = 0.0
        # a word whose space alone passes the room stays whole (full: 0)
        full = math.ceil(text_width(word, size, bold) / room) - 1 if w > room else 0
        if full:
            lines[-1].append((word, room))
            lines.extend([(word, room)] for _ in range(full - 1))
            w -= full * room
            lines.append([])
        lines[-1].append((word, w))
        used += w
    return lines


@lru_cache(maxsize=4096)  # a refresh asks 631 times of 358 texts and widths (the demo's)
def _lines(text: str, width: float, size: float, bold: bool) -> int:
    """Lines ``text`` takes wrapped at spaces in ``width`` characters (:func:`_filled_lines`,
    a paragraph per line break); a word wider than that is broken inside, where the line is
    full, as Excel and LibreOffice break it (a payer's name of one 120-character token took a
    line in the estimate and eight on the page, its row cut after the first). A paragraph's
    last word has no space after it: a text as wide as its column less the padding
    (:func:`_measured`) is on one line (the Proposal's reasons of 110.5 characters in a column
    of 110.7 counted two, each row two lines tall on both its pages across, printed on
    one)."""
    room = max(width - PADDING, 1.0)
    return sum(len(_filled_lines(paragraph, room, size, bold))
               for paragraph in text.split("\n"))


def blocked(ws: Worksheet, row: int, col: int, inside: Container[tuple[int, int]]) -> bool:
    """Whether text in (row, col) cannot run into the next cell: that cell has a value or a
    fill, or the text is in a table (whose column it must fit)."""
    neighbour = _existing(ws, row, col + 1)
    if neighbour is not None and (neighbour.value is not None or _filled(neighbour)):
        return True
    return (row, col) in inside


def _existing_in_rows(ws: Worksheet, first_col: int = 1, last_col: int | None = None
                      ) -> list[Cell]:
    """The sheet's cells that exist, row by row (as ``ws.iter_rows`` gives them), between
    those columns: ``iter_rows`` made an empty cell at every free place of the grid first,
    most of what a pass over a result sheet cost. A list, so the pass may merge cells."""
    return [cell for (_, col), cell in sorted(ws._cells.items())
            if first_col <= col and (last_col is None or col <= last_col)]


def _existing(ws: Worksheet, row: int, col: int) -> Cell | None:
    """The cell at (row, col) if the sheet has one (``ws.cell`` would create it, widening the
    sheet's used range)."""
    return ws._cells.get((row, col))


def fit_sheet(ws: Worksheet, hints: Mapping[tuple[int, int], Any] | None = None, *,
              grow_only: bool = False, fixed: Iterable[int] = (),
              limits: Mapping[int, float] | None = None) -> list[Cell]:
    """Fit column widths, wrap what is too long and size rows on ``ws``; returns the cells
    that wrap (their rows sized for them).

    A column holding a cell the user may type in (unlocked) stays at least
    :data:`USER_WIDTH` wide (or its present width when narrower); with ``grow_only`` every
    column keeps at least its present width; ``fixed`` columns (the user's own) keep theirs.

    Parameters
    ----------
    hints : mapping, optional
        (row, column) -> the value a formula cell will compute, to measure it by.
    limits : mapping, optional
        column -> the widest its text makes it, wrapping what is wider [characters]; others
        :data:`MAX_WIDTH`.
    """
    hints = hints or {}
    limits = limits or {}
    inside, headers = _table_cells(ws)
    merged = _merged(ws)
    needs: dict[int, float] = {}
    keep: set[int] = set()
    wrapped: list[Cell] = []
    look = _looks(ws)
    cells = ws._cells
    names = _payer_columns(ws)

    def need(column: int, width: float) -> None:
        if width > needs.get(column, 0.0):
            needs[column] = width

    def measure(key: tuple[int, int], cell: Cell) -> None:
        if key in merged:
            return
        style = look(cell)
        column = key[1]
        if style.unlocked:
            keep.add(column)
        value = cell._value
        if value is None:
            return
        hint = hints.get(key)
        formula = isinstance(value, str) and value.startswith("=")
        if formula and hint is None:  # what shown() gives a formula of unknown result
            text: str | None = _FORMULA_SAMPLES.get(style.fmt, "999,999.99")
        else:
            text = shown(cell, hint, style.fmt)
        if not text:
            return
        size, bold = style.size, style.bold
        if key in headers or style.wraps:
            # a word wider than MAX_WIDTH (a payer's name of one long token) is broken inside
            # by the spreadsheet, its row grown: at its own width, a column took the sheet
            # to pages across, printed tiny
            longest = min(max((text_width(w, size, bold) for w in text.split()), default=0.0),
                          limits.get(column, MAX_WIDTH) - PADDING)
            if key not in headers:  # wrapped text keeps the width it was given
                longest = max(longest, column_width(ws, column) - PADDING)
            else:
                longest = _header_room(text, longest, size, bold)
            need(column, longest + PADDING)
            wrapped.append(cell)
            return
        number = formula or _is_number(cell)
        if not number and not blocked(ws, key[0], column, inside):
            return
        width = _measured(text, size, bold)
        limit = limits.get(column, MAX_WIDTH)
        if width > limit and not number:
            cell.alignment = _wrapping(cell.alignment)
            wrapped.append(cell)
            width = limit
        need(column, width)

    # the cells of the used range (nothing on an empty sheet); one the sheet lacks shows
    # nothing and is not made (ws.iter_rows() would make every one)
    rows, cols = (ws.max_row, ws.max_column) if ws._current_row else (0, 0)
    bodies = [(top + 1, bottom, left, right) for left, top, right, bottom in inside.bounds
              if top < bottom and not _touches(ws, top + 1, bottom, left, right)]
    visits: dict[tuple[int, ...], list[int]] = {}  # columns to visit, by the bodies a row is in
    for row in range(1, rows + 1):
        within = tuple(i for i, (top, bottom, _, _) in enumerate(bodies) if top <= row <= bottom)
        columns = visits.get(within)
        if columns is None:
            columns = visits[within] = [
                c for c in range(1, cols + 1)
                if not any(bodies[i][2] <= c <= bodies[i][3] for i in within)]
        for column in columns:
            cell = cells.get((row, column))
            if cell is not None:
                measure((row, column), cell)
    # A table body's column is one style over many rows (a result table's is thousands): it
    # is measured column-wise, to the same widths, falling back to cell by cell when it is not.
    for top, bottom, left, right in bodies:
        for column in range(left, min(right, cols) + 1):
            run = [(row, cell) for row in range(top, min(bottom, rows) + 1)
                   if (cell := cells.get((row, column))) is not None]
            fitted = (_column_run(run, column, hints, look, wrapped,
                                  limits.get(column, MAX_WIDTH)) if run else None)
            if fitted is None:
                for row, cell in run:
                    measure((row, column), cell)
                continue
            width, unlocked = fitted
            if unlocked:
                keep.add(column)
            need(column, width)
    for col, width in needs.items():
        if col in set(fixed):
            continue
        if grow_only:
            width = max(width, column_width(ws, col))
        elif col in keep:
            width = max(width, min(column_width(ws, col), names.get(col, USER_WIDTH)))
        ws.column_dimensions[get_column_letter(col)].width = round(max(width, MIN_WIDTH), 1)
    _row_heights(ws, wrapped)
    return wrapped


def _header_room(text: str, longest: float, size: float, bold: bool) -> float:
    """The room a header needs to wrap in at most :data:`HEADER_LINES` lines with no word of
    :data:`SHORT_WORD` characters or fewer on a line of its own, from its longest word's
    [characters], never past :data:`MAX_WIDTH`."""
    room = longest
    while ((_lines(text, room + PADDING, size, bold) > HEADER_LINES
            or _short_word_alone(text, room + PADDING, size, bold))
           and room + PADDING < MAX_WIDTH):
        room += 0.5
    return room


#: A word of letters this short (or shorter) is never left alone on a header's line, its
#: column widened until it shares one: "Visits a year" at the width of "Visits" printed "a"
#: on a line of its own, and the demo's Comparison and Proposal "Units per year" printed
#: "per" alone, a reader taking "Units", "per", "year" for three labels; now "Units per" over
#: "year". Where the page had no room for the wider column (those two), the sheet prints
#: a little smaller (93 % for 95 %, 82 % for 84 %), never under :data:`MIN_PRINT_PT`
#: (:func:`readable_print`); kept only where the page had the room, "per" stood alone
#: there [characters]. A sign or a number may stand alone ("Increase" over "%", as a unit
#: line): widening "Increase %" to one line printed the Proposal at 83% instead of 84%.
SHORT_WORD = 3


def _short_word(word: str) -> bool:
    """Whether ``word`` is one kept off a header's line of its own: :data:`SHORT_WORD` long
    or shorter, with a letter."""
    return len(word) <= SHORT_WORD and any(ch.isalpha() for ch in word)


#: Room a line starting with a short word keeps beyond the estimate: LibreOffice breaks
#: where the estimate fits by a few tenths of a character, and the short word is left alone
#: [characters].
_SHORT_WORD_MARGIN = 0.5


def _short_word_alone(text: str, width: float, size: float, bold: bool) -> bool:
    """Whether ``text`` wrapped at spaces in ``width`` characters, its lines filled as
    :func:`_lines` fills them (:func:`_filled_lines`), leaves a short word
    (:func:`_short_word`) alone on a line, or comes within
    :data:`_SHORT_WORD_MARGIN` of it (a line starting with one, its next word barely in)."""
    room = max(width - PADDING, 1.0)
    for paragraph in text.split("\n"):
        if len(paragraph.split()) < 2:
            continue  # a one-word header is alone on its line by right
        for line in _filled_lines(paragraph, room, size, bold):
            words = [(word, w) for word, w in line if word]  # "" of two spaces running
            if not words or not _short_word(words[0][0]):
                continue
            if len(words) == 1 or words[0][1] + words[1][1] > room - _SHORT_WORD_MARGIN:
                return True
    return False


def _measured(text: str, size: float, bold: bool) -> float:
    """Width a cell needs for ``text`` on one line per line break [characters]."""
    return (text_width(text, size, bold) if "\n" not in text else
            max(text_width(line, size, bold) for line in text.split("\n"))) + PADDING


def _touches(ws: Worksheet, top: int, bottom: int, left: int, right: int) -> bool:
    """Whether a merged range overlaps the rectangle."""
    return any(m.min_row <= bottom and top <= m.max_row and m.min_col <= right
               and left <= m.max_col for m in ws.merged_cells.ranges)


#: Number formats whose text never gets shorter as the number grows in size (fixed decimals):
#: with every digit as wide as every other, the widest of a column's numbers is the text of its
#: largest or of its most negative.
_MONOTONE = frozenset({"money", "money0", "pct", "pct2", "int", "number", "index"})
#: Numbers of at most this size are formatted without overflowing (x 100 for a percentage).
_ORDINARY = 1e300


def _column_run(run: Sequence[tuple[int, Cell]], column: int,
                hints: Mapping[tuple[int, int], Any], look: Callable[[Cell], _Look],
                wrapped: list[Cell], limit: float = MAX_WIDTH) -> tuple[float, bool] | None:
    """(width needed, whether unlocked) of a table body's column, its (row, cell) in ``run``,
    as :func:`fit_sheet` measures cell by cell: text inside a table is always measured, so
    only each distinct text and the extreme numbers need measuring. Text wider than ``limit``
    is wrapped
    (its cells added to ``wrapped``). None when the cells do not share one style that does not
    wrap: measure them one by one."""
    first = run[0][1]
    style = look(first)
    if style.wraps or any(cell._style != first._style for _, cell in run):
        return None
    fmt, size, bold = style.fmt, style.size, style.bold
    sample = _FORMULA_SAMPLES.get(fmt, "999,999.99")
    monotone = fmt in _MONOTONE
    high, low = -math.inf, math.inf
    numbers: set[str] = set()
    texts: dict[str, list[Cell]] = {}
    for row, cell in run:
        value = cell._value
        if value is None:
            continue
        hint = hints.get((row, column))
        formula = isinstance(value, str) and value.startswith("=")
        if formula and hint is None:
            numbers.add(sample)
            continue
        # _is_number, inline: this loop visits every cell of a result table
        number = formula or (isinstance(value, (int, float, date))
                             and not isinstance(value, bool))
        raw = value if hint is None else hint
        # A zero's text may carry a sign, NaN and inf show nothing, and a number near the
        # float limit may show as "inf%" once made a percentage: all measured as they are.
        if (monotone and number and isinstance(raw, (int, float)) and not isinstance(raw, bool)
                and 0 < abs(raw) < _ORDINARY):
            if raw > high:  # max() and min(), which keep the first of equals, as these do
                high = raw
            if raw < low:
                low = raw
            continue
        text = shown(cell, hint, fmt)
        if text and number:
            numbers.add(text)
        elif text:
            texts.setdefault(text, []).append(cell)
    for extreme in (high, low):
        text = shown(first, extreme, fmt) if math.isfinite(extreme) else None
        if text:
            numbers.add(text)
    width = max((_measured(text, size, bold) for text in numbers), default=0.0)
    wrapping: StyleArray | None = None  # the run's one style, wrapped: made once
    for text, holders in texts.items():
        measured = _measured(text, size, bold)
        if measured > limit:
            if wrapping is None:
                holders[0].alignment = _wrapping(holders[0].alignment)
                wrapping = holders[0]._style
            for cell in holders:
                cell._style = copy(wrapping)  # each cell its own array, as the setter leaves
            wrapped.extend(holders)
            measured = limit
        width = max(width, measured)
    return width, style.unlocked


def _wrapping(alignment: Alignment | None) -> Alignment:
    wrapped = copy(alignment) if alignment is not None else Alignment()
    wrapped.wrap_text = True
    wrapped.vertical = "top"
    return wrapped


def wrap_in_column(ws: Worksheet, cells: Sequence[Cell]) -> None:
    """Wrap ``cells`` in their column's width (or their merged cells'), their rows made tall
    enough: for text that must not run on under what stands beside it (a chart)."""
    for cell in cells:
        cell.alignment = _wrapping(cell.alignment)
    _row_heights(ws, cells)


def first_page_last_column(ws: Worksheet, first_col: int, last_col: int) -> int:
    """The last of ``first_col``..``last_col`` printed on the first page across: before the
    first column break among them, else as the page setup's scale gives."""
    breaks = [b.id for b in ws.col_breaks.brk if first_col <= b.id < last_col]
    return min(breaks) if breaks else _first_page_last_column(ws, first_col, last_col)


def wrap_within_first_page(ws: Worksheet, cells: Sequence[Cell]) -> None:
    """Wrap ``cells`` (each alone or the first of its merged cells) as :func:`wrap_in_column`
    does, a merge running onto the next page across first cut back to the first page's last
    column: a merged cell prints cut at the page's edge, its text not carried over (the
    Comparison's "Empty because ..." note of a 40-payer book, merged over both pages across,
    ended "... enter ea")."""
    spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    for cell in cells:
        span = spans.get((cell.row, cell.column))
        if span is None or span.min_row != span.max_row:
            continue
        end = first_page_last_column(ws, span.min_col, span.max_col)
        if end < span.max_col:
            ws.unmerge_cells(start_row=cell.row, start_column=span.min_col, end_row=cell.row,
                             end_column=span.max_col)
            if end > span.min_col:
                ws.merge_cells(start_row=cell.row, start_column=span.min_col,
                               end_row=cell.row, end_column=end)
    wrap_in_column(ws, cells)


def fit_written_texts(ws: Worksheet, column: int, cells: Sequence[Cell],
                      limit: float = MAX_WIDTH) -> None:
    """Widen ``column`` (never narrow it) for the texts of ``cells``, written into it after the
    sheet was fitted (:func:`fit_sheet`), as fitting sizes a column for its text: a blank
    input table's Payer column is as wide as its header, and a payer's name written into it
    by an import ("UnitedHealthcare") printed cut short ("UnitedHealth") where the next cell
    holds the code. A text wider than ``limit`` wraps in it, its row grown, as in
    :func:`fit_sheet`; it gets a style array of its own first (an import's cells share
    one a column).
    """
    if not cells:
        return
    size, bold = _font_of(cells[0])
    widths = {text: _measured(text, size, bold)
              for text in {c._value for c in cells if isinstance(c._value, str)}}
    too_long = [c for c in cells if isinstance(c._value, str) and widths[c._value] > limit]
    need = min(max(widths.values(), default=0.0), limit)
    if need > column_width(ws, column):
        # up to the tenth: rounded down, the text's last letter was cut by a hair
        ws.column_dimensions[get_column_letter(column)].width = math.ceil(need * 10) / 10
    for cell in too_long:
        cell._style = copy(cell._style)  # its own: the alignment is set through the array
    if too_long:
        wrap_in_column(ws, too_long)


def column_width(ws: Worksheet, col: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(col))
    return float(dim.width) if dim is not None and dim.width else 8.43


def _text_width_of(ws: Worksheet, cell: Cell, spans: Mapping[tuple[int, int], Any]) -> float:
    """The width ``cell``'s text wraps in [characters]: its column's, or its merged cells'
    (``spans``: merged ranges by their top-left (row, column))."""
    span = spans.get((cell.row, cell.column))
    if span is None:
        return column_width(ws, cell.column)
    return sum(column_width(ws, c) for c in range(span.min_col, span.max_col + 1))


def name_row_pt(name: str) -> float:
    """The height [points] a row whose payer column holds ``name`` is fitted to, the column at
    most :data:`NAME_WIDTH` wide (as :func:`_row_heights` grows it; a line: the sheet's 15)."""
    return text_row_pt(name, NAME_WIDTH)


def text_row_pt(text: str, width: float) -> float:
    """The height [points] a row is fitted to whose cell holds ``text`` wrapped in a column
    ``width`` characters wide (as :func:`_row_heights` grows it; a line: the sheet's 15)."""
    lines = _lines(text, width, FONT_SIZE, False)
    return 15.0 if lines <= 1 else round(lines * LINE_PT + ROW_MARGIN_PT, 1)


def _grow_row(ws: Worksheet, row: int, lines: int, size: float) -> None:
    """Make ``row`` at least tall enough for ``lines`` lines of text at ``size`` points."""
    height = lines * LINE_PT * size / FONT_SIZE + ROW_MARGIN_PT
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = round(max(height, current), 1)


def _row_heights(ws: Worksheet, cells: Sequence[Cell]) -> None:
    """Rows tall enough for their wrapped cells (spreadsheets do not grow a row for wrapped
    text written by another program)."""
    lines: dict[int, int] = {}
    sizes: dict[int, float] = {}
    spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    for cell in cells:
        text = shown(cell) or ""
        size, bold = _font_of(cell)
        n = _lines(text, _text_width_of(ws, cell, spans), size, bold)
        lines[cell.row] = max(lines.get(cell.row, 1), n)
        sizes[cell.row] = max(sizes.get(cell.row, 0.0), size)
    for row, n in lines.items():
        height = n * LINE_PT * sizes[row] / FONT_SIZE + ROW_MARGIN_PT
        ws.row_dimensions[row].height = round(max(height, LINE_PT + ROW_MARGIN_PT), 1)


def _rows_measured_again(ws: Worksheet, rows: Collection[int]) -> None:
    """Size ``rows`` again (:func:`_row_heights`) from every wrapped cell in them, whatever
    its column: a column widened or narrowed since they were sized changes their lines, and a
    row's height is its tallest cell's, in any table of the sheet."""
    if not rows:
        return
    look = _looks(ws)
    cells = ws._cells
    for row in rows:
        ws.row_dimensions[row].height = None
    _row_heights(ws, [cell for row in sorted(rows) for col in range(1, ws.max_column + 1)
                      if (cell := cells.get((row, col))) is not None
                      and cell.value is not None and look(cell).wraps])


def block_hints(records: Sequence[Mapping[str, Any]], keys: Sequence[str | None],
                first_row: int, first_col: int) -> dict[tuple[int, int], Any]:
    """(row, column) -> computed value, for the rows of a result table written from
    ``records`` with columns ``keys``: what its formulas will show (None: a column without a
    formula, which shows its own value)."""
    hints: dict[tuple[int, int], Any] = {}
    columns = [(c, key) for c, key in enumerate(keys) if key is not None]
    for r, record in enumerate(records):
        for c, key in columns:
            value = record.get(key)
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if number and not (isinstance(value, float) and math.isnan(value)):
                hints[(first_row + r, first_col + c)] = value
    return hints


# --- printing ------------------------------------------------------------------------------------

def column_pixels(width_chars: float) -> float:
    """A column of ``width_chars`` characters in pixels at 96 dpi, as Excel draws it."""
    # Excel's column width to pixels at 96 dpi for a 7-pixel digit (Arial 10).
    return math.floor(width_chars * 7 + 5)


def printed_pixels(ws: Worksheet, col: int) -> float:
    """Width of column ``col`` on paper at 100 % [pixels at 96 dpi]: none for a hidden column,
    which neither program prints (the Scenarios' "Contract" while no contract has ended)."""
    dim = ws.column_dimensions.get(get_column_letter(col))
    if dim is not None and dim.hidden:
        return 0.0
    return column_pixels(column_width(ws, col))


def printed_width_in(ws: Worksheet, first_col: int, last_col: int) -> float:
    """Width of columns ``first_col``..``last_col`` on paper at 100 % [inches]."""
    return sum(printed_pixels(ws, c) for c in range(first_col, last_col + 1)) / 96


def _chart_right_column(ws: Worksheet) -> int:
    """The last column a chart of ``ws`` reaches (0 without charts)."""
    last = 0
    for chart in ws._charts:
        if isinstance(chart.anchor, str):
            col, _ = range_boundaries(chart.anchor)[:2]
            room = chart.width / 2.54  # cm -> inches
        elif isinstance(chart.anchor, OneCellAnchor):  # placed inside its column
            col = chart.anchor._from.col + 1
            room = (chart.anchor.ext.width + chart.anchor._from.colOff) / EMU_PER_INCH
        else:
            continue
        while room > 0:
            room -= printed_pixels(ws, col) / 96
            col += 1
        last = max(last, col - 1)
    return last


def print_columns(ws: Worksheet) -> tuple[int, int]:
    """First and last column of the widest print area (each area prints on pages of its own);
    without one, of the sheet's used range (and its charts), which then becomes the print
    area."""
    areas = ws.print_area
    if not areas:
        last = max(ws.max_column, _chart_right_column(ws))
        ws.print_area = f"A1:{get_column_letter(last)}{ws.max_row}"
        return 1, last
    spans = []
    for area in (areas if isinstance(areas, list) else areas.split(",")):
        ref = area.split("!")[-1].replace("$", "")
        left, _, right, _ = range_boundaries(ref)
        spans.append((left, right))
    return max(spans, key=lambda span: printed_width_in(ws, *span))


def _payer_columns(ws: Worksheet) -> dict[int, float]:
    """Each column of ``ws`` a table of the layout names payers in -> :data:`NAME_WIDTH`: typed
    in, it keeps the width the layout gave it up to that. A new workbook's empty Payer
    columns were narrowed to :data:`USER_WIDTH` (12 characters), and the names typed there
    later printed clipped ("Blue Cross Bl")."""
    found: dict[int, float] = {}
    for table in ws.tables.values():
        spec = TABLES_BY_NAME.get(table.name)
        if spec is None or "payer" not in spec.keys:
            continue
        left, top, right, _ = range_boundaries(table.ref)
        header = spec.spec("payer").header
        found.update({col: NAME_WIDTH for col in range(left, right + 1)
                      if getattr(_existing(ws, top, col), "value", None) == header})
    return found


def finish_sheet(ws: Worksheet, hints: Mapping[tuple[int, int], Any] | None = None, *,
                 orientation: str | None = None, grow_only: bool = False,
                 fixed: Iterable[int] = (), print_from_row: int = 3,
                 users_text: bool = False, limits: Mapping[int, float] | None = None,
                 verbatim: Collection[str] = (), group_breaks: bool = True,
                 table_titles: Sequence[int] = ()) -> None:
    """Fit ``ws``'s columns and rows (:func:`fit_sheet`), then set its printing up to be
    readable (:func:`readable_print`); printed several pages across, it prints from
    ``print_from_row`` with its title in the page header (:func:`title_in_page_header`), each
    page after the first repeating the rows' identifying columns (:func:`print_title_columns`),
    and a title or note in those columns wraps within them. Our wrapped texts keep their dates
    and ids whole (:func:`keep_numbers_whole`); ``users_text``: every text of the sheet is the
    user's (an input sheet), left as typed. ``group_breaks``: pages across may end between
    groups of columns at a scale of their own (:func:`readable_print`), for a sheet laid out
    again whenever its columns change (a result sheet, by refresh); else fitted to N pages
    wide. ``table_titles``: the title rows of tables stacked under the first, a page ending
    only before one of them (:func:`tables_whole_down`), not inside a table."""
    wrapped = fit_sheet(ws, hints, grow_only=grow_only, fixed=fixed, limits=limits)
    print_columns(ws)  # the print area, made if the sheet has none
    area_per_table_column(ws, orientation)
    first, last = print_columns(ws)
    readable_print(ws, first, last, orientation, group_breaks=group_breaks)
    if _narrowed_where_labels_cannot_repeat(ws):
        readable_print(ws, first, last, orientation, group_breaks=group_breaks)
    if (ws.page_setup.fitToWidth or 1) > 1:
        widen_last_page_wraps(ws, first, last, wrapped)
        title_in_page_header(ws, print_from_row)
        repeated = _title_span(ws.print_title_cols)
        if repeated is not None:
            wrap_to_print_width(ws, repeated[1], first_col=repeated[0], printed_only=True)
    else:
        areas = print_areas(ws)
        if len(areas) > 1:
            # each area prints on pages of its own: a text wraps within its area's columns
            # (the 40 x 300 book's Scenarios note, merged to the years' last column, was cut
            # at the per-payer table's edge: "priced at the rates in force when e")
            for left, top, right, bottom in areas:
                wrap_to_print_width(ws, _first_page_last_column(ws, left, right),
                                    first_col=left, rows=range(top, bottom + 1))
            # the title rows print on the first area's pages only: the demo's Clinic metrics
            # and Scenarios' "All payers, by year" printed on pages that named no sheet and
            # said nothing of what they show
            title_in_page_header(ws, print_from_row)
        else:
            wrap_to_print_width(ws, _first_page_last_column(ws, first, last))
            title_in_page_footer(ws)
    if not users_text:
        keep_numbers_whole(ws, verbatim)
    drop_stray_print_titles(ws)
    if table_titles:  # before the pages' rows are shared evenly, which cut a table anywhere
        tables_whole_down(ws, table_titles, print_from_row)
    no_short_last_page(ws)
    breaks_at_a_fixed_scale(ws)
    areas_at_one_scale(ws)
    if ws.oddHeader.left.text and not ws.sheet_properties.pageSetUpPr.fitToPage:
        title_in_page_header(ws, print_from_row)  # grown for the scale fixed since


#: A column-width unit as LibreOffice prints it: the default font's digit at its exact advance
#: (0.556 em of 10 pt), with no margin added; Excel prints :func:`column_pixels` at 96 dpi.
#: A 54-character column prints 0.2 inch wider in LibreOffice, a 9-character one narrower.
_PRINTED_DIGIT_IN = _DIGIT / 1000 * FONT_SIZE / 72


#: Share of a page's width the columns of a page across are fitted in, for the programs' own
#: rounding: a column that just fits by the estimate must not be pushed to a page of its own.
_GROUP_ROOM = 0.98


def drawn_width_in(ws: Worksheet, col: int) -> float:
    """Width of column ``col`` on paper at 100 % [inches], the larger of Excel's and
    LibreOffice's: where a page across ends is decided on it, and a page that has room in
    both programs has room in each."""
    pixels = printed_pixels(ws, col)
    return max(pixels / 96, column_width(ws, col) * _PRINTED_DIGIT_IN) if pixels else 0.0


def _pages_across(ws: Worksheet, first_col: int, last_col: int, percent: int
                  ) -> list[list[int]]:
    """The columns of each page across of ``first_col``..``last_col`` printed at ``percent``,
    as the spreadsheet breaks them (a page ends before the column that would pass its width;
    the pages after the first start with the repeated columns), each column as wide as
    :func:`drawn_width_in` gives. (Widths taken :data:`_WIDTH_MARGIN` wider put Timeline's
    "Dollars below market" on the second page, where LibreOffice prints it on the first: the
    warnings' column was left 1.4 inch short of the second page's room.)"""
    orientation = ws.page_setup.orientation or "portrait"
    room = PRINTABLE_IN[orientation] * 100 / percent
    repeated = _title_span(ws.print_title_cols)
    beside = (sum(drawn_width_in(ws, c) for c in range(repeated[0], repeated[1] + 1))
              if repeated else 0.0)
    breaks = {brk.id for brk in ws.col_breaks.brk}  # a page ends after each
    pages: list[list[int]] = [[]]
    used = 0.0
    for col in range(first_col, last_col + 1):
        width = drawn_width_in(ws, col)
        if pages[-1] and (used + width > room or pages[-1][-1] in breaks):
            pages.append([])
            used = beside
        pages[-1].append(col)
        used += width
    return pages


def widen_last_page_wraps(ws: Worksheet, first_col: int, last_col: int,
                          wraps: Sequence[Cell]) -> None:
    """On a sheet printed pages across, give the wrapped text columns of the last page across
    the room that page leaves empty, up to the width their longest text takes on one line,
    and size their rows again: a text wrapped there made its row tall on every page across,
    the first pages showing blank bands under short cells (Payers & Contracts' addresses,
    Timeline's warnings), beside room unused on its own page. Only the last page: a column
    widened on a page before it would push the columns after it onto the next. ``wraps``: the
    sheet's wrapped cells (:func:`fit_sheet`'s), the only ones looked at."""
    fixed = not ws.sheet_properties.pageSetUpPr.fitToPage
    percent = across_percent(ws, first_col, last_col)
    if percent is None:
        return
    pages = _pages_across(ws, first_col, last_col, percent)
    if len(pages) < 2:
        return
    last_page = set(pages[-1])
    orientation = ws.page_setup.orientation or "portrait"
    repeated = _title_span(ws.print_title_cols)
    shown_with = set(range(repeated[0], repeated[1] + 1)) if repeated else set()
    used = sum(drawn_width_in(ws, c) for c in last_page | shown_with)
    # [characters]: a character more costs the larger of its two printed widths
    # at a fixed scale, within the share of the page its groups were fitted in: a page
    # filled to the edge may end a column sooner in the spreadsheet, the Notes alone on a page
    room = PRINTABLE_IN[orientation] * 100 / percent * (_GROUP_ROOM if fixed else 1.0)
    spare = (room - used) / max(7 / 96, _PRINTED_DIGIT_IN)
    inside, header_cells = _table_cells(ws)
    headers = {row for row, _ in header_cells}
    wrapped: dict[int, list[Cell]] = {}
    for cell in wraps:
        if (cell.column in last_page and isinstance(cell.value, str) and cell.value
                and (cell.row, cell.column) in inside):
            wrapped.setdefault(cell.column, []).append(cell)
    widened: list[Cell] = []
    for col in sorted(wrapped):
        if spare < 1.0:
            break
        held = wrapped[col]
        size, bold = _font_of(held[0])
        need = max((_measured(text, size, bold)
                    for text in {str(cell.value) for cell in held if cell.row not in headers}),
                   default=0.0)
        width = column_width(ws, col)
        if need <= width:
            continue
        grown = min(need, width + spare)
        ws.column_dimensions[get_column_letter(col)].width = round(grown, 1)
        spare -= grown - width
        widened.extend(held)
    _rows_measured_again(ws, {cell.row for cell in widened})


def _first_page_last_column(ws: Worksheet, first_col: int, last_col: int) -> int:
    """The last column printed on the first page across, at the scale the page setup gives."""
    orientation = ws.page_setup.orientation or "portrait"
    total = printed_width_in(ws, first_col, last_col)
    pages = int(ws.page_setup.fitToWidth or 1)
    scale = min(1.0, pages * PRINTABLE_IN[orientation] / total)
    room = PRINTABLE_IN[orientation] / scale + 0.01
    used = 0.0
    for col in range(first_col, last_col + 1):
        used += printed_pixels(ws, col) / 96
        if used > room:
            return max(col - 1, first_col)
    return last_col


def wrap_to_print_width(ws: Worksheet, last_col: int, *, first_col: int = 1,
                        printed_only: bool = False, rows: range | None = None) -> None:
    """Text that runs past the last printed column (a long description under a narrow table)
    would be cut at the page's edge: it wraps instead, over the empty cells up to that column
    (merged), in a row tall enough. Only text from ``first_col`` on; with ``printed_only``,
    only text inside the print areas (the repeated columns: a title or note there, cut at
    their edge on every page after the first across, wraps within them); with ``rows``, only
    text in those rows."""
    merged = _merged(ws)
    inside, _ = _table_cells(ws)
    areas = _Areas(print_areas(ws))
    grown: list[Cell] = []
    for cell in _existing_in_rows(ws, first_col, last_col):
        value = cell.value
        if (not isinstance(value, str) or value.startswith("=") or not value
                or (cell.row, cell.column) in merged or (cell.row, cell.column) in inside
                or (printed_only and (cell.row, cell.column) not in areas)
                or (rows is not None and cell.row not in rows)
                or (cell.alignment is not None and cell.alignment.wrap_text)):
            continue
        size, bold = _font_of(cell)
        room = sum(column_width(ws, c) for c in range(cell.column, last_col + 1))
        if text_width(value, size, bold) + PADDING <= room:
            continue
        free = all(getattr(_existing(ws, cell.row, c), "value", None) is None
                   and (cell.row, c) not in merged
                   for c in range(cell.column + 1, last_col + 1))
        if free and last_col > cell.column:
            ws.merge_cells(start_row=cell.row, start_column=cell.column, end_row=cell.row,
                           end_column=last_col)
        cell.alignment = _wrapping(cell.alignment)
        grown.append(cell)
    spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    for cell in grown:
        size, bold = _font_of(cell)
        width = _text_width_of(ws, cell, spans)
        _grow_row(ws, cell.row, _lines(str(cell.value), width, size, bold), size)


#: A word of digits joined by hyphens, which a wrap must not cut: an ISO date (2026-12-16), an
#: agreement id (SBC-PT-2019-114), a Medicare locality (10112-00), a phone number (555-0141),
#: a span of years (2019-2026). Words without a digit (walk-away) may break at their hyphen.
HYPHENATED_NUMBER = re.compile(r"(?<![\w-])(?=[\w-]*\d)\w+(?:-\w+)+")
#: The share of a wrapped cell's room our own line breaks fill: the widths here are estimates,
#: and a line the spreadsheet finds too long it breaks again, perhaps inside a date.
_BREAK_ROOM = 0.9


def broken_at_spaces(text: str, width: float, size: float = FONT_SIZE,
                     bold: bool = False) -> str:
    r"""``text`` with a line break where a cell ``width`` characters wide would wrap it, at
    spaces only (a word too long for a line keeps a line of its own).

    >>> broken_at_spaces("no proposal sent: it was due 2026-11-30 (4 days ago)", 24)
    'no proposal sent: it\nwas due 2026-11-30 (4\ndays ago)'
    """
    room = max(width - PADDING, 1.0) * _BREAK_ROOM
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            w = text_width(word + " ", size, bold)
            if line and used + text_width(word, size, bold) > room:
                lines.append(" ".join(line))
                line, used = [], 0.0
            line.append(word)
            used += w
        lines.append(" ".join(line))
    return "\n".join(lines)


def _number_past_first_line(text: str, width: float, size: float, bold: bool) -> bool:
    """Whether a hyphenated number of ``text`` (:data:`HYPHENATED_NUMBER`) may reach past the
    first line of its paragraph in a cell ``width`` characters wide (where a wrap could cut
    it), with the margin of our own breaks."""
    room = max(width - PADDING, 1.0) * _BREAK_ROOM
    return any(text_width(paragraph[:match.end()], size, bold) > room
               for paragraph in text.split("\n")
               for match in HYPHENATED_NUMBER.finditer(paragraph))


def keep_numbers_whole(ws: Worksheet, verbatim: Collection[str] = ()) -> None:
    """Break each wrapped text that holds a date, an id or another hyphenated number
    (:data:`HYPHENATED_NUMBER`) at spaces ourselves, so that none is split across lines: Excel
    and LibreOffice wrap at a hyphen too, and printed a timing warning's "decide by 2026-" on
    one line and "12-16" on the next, and "locality 10112-" above "00".

    Line breaks rather than a non-breaking hyphen (U+2011), which looks the same: a date with
    it is no longer found by searching for 2026-12-16, nor read as a date when copied into a
    cell or a calendar. A line break changes no character of a word; the words of the text are
    the same, only some spaces are line breaks. Rows grow to the lines made.

    Only our own texts: a cell left unlocked for the user to type in (a Notes column, a column
    the user added) keeps its text as typed, line for line, and so does a cell whose text is
    one of ``verbatim``: a payer's name (with an id such as SBC-2019-114 in it) is a key that
    formulas and the next refresh match whole, and a line break in it lost the "Your rate"
    typed for that payer.

    A table's column where one text is broken so has every text that wraps broken alike, at
    the same measure: our breaks leave a margin (:data:`_BREAK_ROOM`, on estimated widths) that
    the spreadsheet's own wrap does not, and the one warning with a date printed in a block
    narrower than the warnings above and below it (the Problems sheet). Each such row is made
    as tall as its lines, no taller: the estimate of an unbroken text's lines left blank lines
    under it."""
    spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    tables = [range_boundaries(table.ref) for table in ws.tables.values()]

    def table_column(cell: Cell) -> tuple[int, int] | None:
        """(table, column) of a cell in a table's data rows; None elsewhere."""
        return next(((i, cell.column) for i, (left, top, right, bottom) in enumerate(tables)
                     if left <= cell.column <= right and top < cell.row <= bottom), None)

    look = _looks(ws)
    # the texts picked out first, then put in row order: sorting every cell of a result
    # sheet (hundreds of thousands of numbers) to keep a few hundred texts cost more
    texts = [(key, cell) for key, cell in ws._cells.items()
             if isinstance(value := cell._value, str) and value and not value.startswith("=")
             and value not in verbatim and (found := look(cell)).wraps and not found.unlocked]
    ours = [cell for _, cell in sorted(texts)]
    broken: set[tuple[int, int] | None] = set()
    rows: set[int] = set()
    for cell in ours:
        value = cell.value
        if not HYPHENATED_NUMBER.search(value):
            continue
        width = _text_width_of(ws, cell, spans)
        size, bold = _font_of(cell)
        if not _number_past_first_line(value, width, size, bold):
            continue  # each on its paragraph's first line: no wrap reaches it
        cell.value = broken_at_spaces(value, width, size, bold)
        _grow_row(ws, cell.row, cell.value.count("\n") + 1, size)
        broken.add(table_column(cell))
        rows.add(cell.row)
    broken.discard(None)
    for cell in ours:
        if table_column(cell) not in broken:
            continue
        size, bold = _font_of(cell)
        cell.value = broken_at_spaces(cell.value, _text_width_of(ws, cell, spans), size, bold)
        rows.add(cell.row)
    if not rows:
        return
    by_row: dict[int, list[Cell]] = {}
    for _, cell in sorted(item for item in ws._cells.items() if item[0][0] in rows):
        if look(cell).wraps:
            by_row.setdefault(cell.row, []).append(cell)
    _row_heights(ws, [cell for cells in by_row.values() for cell in cells])


def fill_print_width(ws: Worksheet, column: int, orientation: str = "landscape") -> None:
    """Give ``column``, of wrapped text, the width left on one page across beside the other
    printed columns (as :func:`fit_sheet` made them), so that the sheet prints one page wide
    at full size; never narrower than :data:`MAX_WIDTH`. A long text column at a width of its
    own pushed a sheet to two pages across, its text apart from the rest of its row."""
    first, last = print_columns(ws)
    others = printed_width_in(ws, first, last) - printed_pixels(ws, column) / 96
    room = (PRINTABLE_IN[orientation] - others) * 96  # [pixels]
    width = math.floor((room - 5) / 7 * 10) / 10  # the inverse of column_pixels, rounded down
    ws.column_dimensions[get_column_letter(column)].width = max(MAX_WIDTH, width)


#: A last page down filled less than this share of its height is short: the sheet is printed
#: a little smaller, where that keeps its text readable, to end a page sooner (Fee Schedules'
#: 95 rows printed 47 + 47 + 6, Volumes' 47 + 46 + 4). A third, not a quarter: the estimate of
#: the rows' heights runs a few percent off LibreOffice's, and Fee Schedules estimated at 26%
#: printed 48 + 49 + 11 lines once its description took a fourth line.
SHORT_PAGE = 1 / 3
#: A last page down filled less than this share of its height, by the estimate, that no
#: readable scale saves, has the area's pages share its rows evenly (:func:`no_short_last_page`).
SHARED_PAGE = 1 / 2
#: Height of a page [inches] by orientation (US Letter).
PAGE_HEIGHT_IN = {"portrait": 11.0, "landscape": 8.5}
#: Share of a page's height the rows are fitted in: the programs' row heights differ a little
#: from the file's, and a page one row short would end in a page of one row.
_HEIGHT_MARGIN = 0.97
#: LibreOffice draws columns about this much wider than :func:`printed_width_in` measures
#: them (Settings' rows printed at 86.7 % where the measured width gives 91 %): a fixed scale,
#: which no longer fits the width itself, is chosen as if the columns were this much wider.
_WIDTH_MARGIN = 1.06


def _row_heights_pt(ws: Worksheet, top: int, bottom: int) -> list[float]:
    """Heights of rows ``top``..``bottom`` as printed at 100 % [points]: their own, else the
    sheet's default (a hidden row: none)."""
    default = float(ws.sheet_format.defaultRowHeight or 15.0)
    dims = ws.row_dimensions
    heights = []
    for row in range(top, bottom + 1):
        dim = dims.get(row)
        if dim is not None and dim.hidden:
            heights.append(0.0)
        else:
            heights.append(float(dim.height) if dim is not None and dim.height else default)
    return heights


def page_room_pt(ws: Worksheet, orientation: str) -> float:
    """The height a page of ``ws`` holds rows in, at 100 % [points]: the paper's, less its top
    and bottom margins, with the margin the programs' own rounding needs."""
    margins = ws.page_margins
    return (PAGE_HEIGHT_IN[orientation] - margins.top - margins.bottom) * 72 * _HEIGHT_MARGIN


def pages_down(heights: Sequence[float], repeated: float, room: float) -> tuple[int, float]:
    """(pages, share of the last page's room used) of rows of ``heights`` printed down pages
    of ``room`` (the same unit), each page after the first starting with the ``repeated``
    rows' height; a row is never split.

    >>> pages_down([10.0] * 25, 10.0, 100.0)
    (3, 0.7)
    """
    pages, used = 1, 0.0
    for height in heights:
        if used and used + height > room:
            pages, used = pages + 1, repeated
        used += height
    return pages, used / room


def no_short_last_page(ws: Worksheet) -> None:
    """Print ``ws``, one page wide, at the scale that ends it a page sooner when the last page
    of one of its print areas would hold a few rows only (under :data:`SHORT_PAGE` of the
    page), where that scale keeps the text at :data:`MIN_PRINT_PT` or more; where none does,
    such an area's pages share its rows evenly (:func:`_balanced_cuts`), with breaks of their
    own at the scale the fit gives, fixed (an area sharing rows with another is left as it
    was: a break spans the sheet).

    Each print area starts a page of its own, so each has a last page: the scale chosen is the
    largest that ends every area whose last page was short a page sooner (the 40-payer Totals
    printed 39 payers on a page and the 40th with "All payers" alone on the next, its codes'
    area beside on pages of their own). A smaller scale never adds a page to an area.

    The scale is a fixed percentage, not "fit to N pages tall": rows typed in later (an input
    sheet, set up once) add pages at that scale rather than shrink all of them. A sheet with
    page breaks of its own down (a page per payer) is left as it is; so is one printed several
    pages across, but for one printed at a scale of its own with column breaks
    (:func:`break_between_groups`), whose rows its pages share evenly where its last pages
    down would be under half full (the 20-payer Comparison printed 38 rows a page and 4 on
    its last two).
    """
    setup = ws.page_setup
    areas = print_areas(ws)
    fitted = bool(ws.sheet_properties.pageSetUpPr.fitToPage)
    # pages across at a fixed scale, ended between groups of columns
    across = (setup.fitToWidth or 1) != 1
    if (not areas or ws.row_breaks.brk or (not across and not fitted)
            or (across and (fitted or not setup.scale or not ws.col_breaks.brk
                            or len(areas) != 1))):
        return
    orientation = setup.orientation or "portrait"
    # the scale the page's width gives: the widest area's, which one page wide fits them all
    fit = min(min(1.0, PRINTABLE_IN[orientation] / (printed_width_in(ws, left, right)
                                                    * _WIDTH_MARGIN))
              for left, _, right, _ in areas)
    room = page_room_pt(ws, orientation)
    titles = _title_span(ws.print_title_rows)
    downs = []  # per area: its rows' heights and the repeated rows' height
    for _, top, _, bottom in areas:
        repeated = (sum(_row_heights_pt(ws, titles[0], titles[1]))
                    if titles is not None and titles[0] >= top else 0.0)
        downs.append((_row_heights_pt(ws, top, bottom), repeated))

    def pages_at(percent: int) -> list[tuple[int, float]]:
        # rows at percent % of their height: a page holds 100 / percent times the points
        return [pages_down(heights, repeated, room * 100 / percent)
                for heights, repeated in downs]

    at_fit = int(setup.scale) if across else math.floor(fit * 100)
    short = [(i, pages) for i, (pages, last_share) in enumerate(pages_at(at_fit))
             if pages >= 2 and last_share < SHORT_PAGE]
    smallest = math.ceil((MIN_PRINT_PT / FONT_SIZE + 0.02) * 100)
    for percent in range(at_fit, smallest - 1, -1) if short and not across else ():
        at = pages_at(percent)
        if all(at[i][0] < pages for i, pages in short):
            ws.sheet_properties.pageSetUpPr.fitToPage = False
            setup.scale = percent
            return
    # no readable scale saves the page: the area's pages share its rows evenly instead, where
    # its last page would be under half full, judged on pages without the estimate's 3 %
    # margin, as the programs fill them (the 8-payer Volumes, 41 % of a fifth page by the
    # margin's, 24 % without, printed 47, 46, 47, 41 and 6 rows). A break spans the sheet, so
    # only in an area that shares no row with another; nor on a sheet of charts, drawn over
    # rows this does not count (the Dashboard, whose print area is set after this); nor where
    # pages without the margin hold the rows on a page fewer: the programs may well print
    # them so, and breaks would add the page (the 8-payer Comparison, estimated at nine pages
    # down and 18 % of the ninth, printed eight).
    # The scale fixed is the one the programs fit the widest area at (:func:`drawn_percent`,
    # as :func:`breaks_at_a_fixed_scale` fixes it): the width's with its margin gave the
    # 40-payer Exit Impact, printed one page wide at 80 %, 79 %, its text under 8 points.
    scale = int(setup.scale) if across else fitted_percent(ws, areas)
    nudged = (int(min(scale, at_fit) * 0.98)
              if fitted and not across and setup.fitToHeight == 0 else 0)
    breaks = RowBreak()
    for i, (heights, repeated) in enumerate(downs if scale >= MIN_PRINT_PERCENT else ()):
        pages = pages_down(heights, repeated, room * 100 / scale)[0]
        # the last page's share as the programs fill pages, without the margin: the 40-payer
        # Comparison, 24 rows on its last page down by the margin's, printed 7 there
        printed, last_share = pages_down(heights, repeated, room * 100 / scale / _HEIGHT_MARGIN)
        # nor where the programs may fit the width smaller, at the scale the short page was
        # judged at above, and the rows on a page fewer there: breaks at this scale would add
        # the page (a 30-payer Totals, 93 % by the drawn widths and two pages, fitted by
        # LibreOffice at 91 % on one; shared, it printed two)
        fewest = pages_down(heights, repeated, room * 100 / min(scale, at_fit) / _HEIGHT_MARGIN)[0]
        # nor where LibreOffice's nudge would: fitting one page wide with no pages tall set,
        # it prints at 98 % of its fit where that ends the rows a page sooner (tdf#103516; the
        # 40-payer Volumes, 11 pages at 100 %, printed 10 at 98 %; shared at 100 %, 11)
        if nudged:
            fewest = min(fewest, pages_down(heights, repeated,
                                            room * 100 / nudged / _HEIGHT_MARGIN)[0])
        if (pages < 2 or min(printed, fewest) < pages or last_share >= SHARED_PAGE
                or ws._charts):
            continue
        _, top, _, bottom = areas[i]
        if any(j != i and a[1] <= bottom and top <= a[3] for j, a in enumerate(areas)):
            continue
        breaks.brk.extend(Break(id=top + cut)
                          for cut in _balanced_cuts(heights, repeated, room * 100 / scale))
    if breaks.brk:
        breaks.brk = sorted(breaks.brk, key=lambda b: b.id)
        ws.row_breaks = breaks
        # spreadsheets print manual breaks only at a fixed scale
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        setup.scale = scale


def breaks_at_a_fixed_scale(ws: Worksheet) -> None:
    """Print ``ws``, fitted one page wide and given page breaks of its own (the Problems'
    before its texts in full, the Dashboard's before its lower charts), at the scale the fit
    gives, fixed: a spreadsheet prints manual breaks only at a fixed scale. Excel leaves them
    out of a sheet scaled to fit; LibreOffice keeps them either way. The scale is the widest
    print area's at one page wide (:func:`drawn_percent`), so the pages are as wide as before.
    """
    setup = ws.page_setup
    if (not (ws.row_breaks.brk or ws.col_breaks.brk)
            or not ws.sheet_properties.pageSetUpPr.fitToPage or (setup.fitToWidth or 1) != 1):
        return
    areas = print_areas(ws) or [(1, 1, max(ws.max_column, 1), ws.max_row)]
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    setup.scale = fitted_percent(ws, areas)


def areas_at_one_scale(ws: Worksheet) -> None:
    """Print ``ws``, fitted one page wide in several print areas, at one fixed scale: its
    widest area's at one page wide (:func:`drawn_percent`), so its page header, one for every
    page, is sized for the scale its pages print at (the closing :func:`title_in_page_header`
    of :func:`finish_sheet`). Fitted, LibreOffice scales each area to the page on its own,
    and the header with it: the demo's Scenarios printed its 12-point title at 11.0 points
    on its per-payer page (92 %) and at 12 on the others. Areas all at full size stay fitted.
    """
    setup = ws.page_setup
    areas = print_areas(ws)
    if (len(areas) < 2 or not ws.sheet_properties.pageSetUpPr.fitToPage
            or (setup.fitToWidth or 1) != 1 or setup.fitToHeight != 0):
        return
    percent = fitted_percent(ws, areas)
    if MIN_PRINT_PERCENT <= percent < 100:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        setup.scale = percent


def print_scale(ws: Worksheet, first_col: int, last_col: int, orientation: str) -> float:
    """The scale fitting those columns to one page width (at most 1)."""
    return min(1.0, PRINTABLE_IN[orientation] / printed_width_in(ws, first_col, last_col))


#: The smallest whole percent a page may print at: :data:`MIN_PRINT_PT` of the house font.
MIN_PRINT_PERCENT = math.ceil(MIN_PRINT_PT / FONT_SIZE * 100)


def drawn_percent(ws: Worksheet, first_col: int, last_col: int, orientation: str) -> int:
    """The whole percent (at most 100) ``first_col``..``last_col`` print at one page wide, as
    the programs fit a page: rounded down, of the columns' drawn widths
    (:func:`drawn_width_in`, the larger of Excel's and LibreOffice's).

    Excel's widths with a 2 % margin (:func:`print_scale`) alone put the 40-payer x 300-code
    Exit Impact two pages across at 100 %, its last three columns alone on every second page:
    they gave 81.2 %, short of 82 %, where LibreOffice prints it one page wide at 80 %, the
    text at 8 points.
    """
    drawn = sum(drawn_width_in(ws, c) for c in range(first_col, last_col + 1))
    return min(100, math.floor(PRINTABLE_IN[orientation] / drawn * 100 + 1e-9))


def fitted_percent(ws: Worksheet, areas: Iterable[tuple[int, int, int, int]]) -> int:
    """The whole percent ``ws``'s print ``areas`` (left, top, right, bottom) print at fitted
    one page wide: the widest's (:func:`drawn_percent`), since the programs print a sheet's
    areas at one scale once it is fixed (:func:`areas_at_one_scale`)."""
    orientation = ws.page_setup.orientation or "portrait"
    return min(drawn_percent(ws, left, right, orientation) for left, _, right, _ in areas)


def one_wide_percent(ws: Worksheet) -> int:
    """The whole percent ``ws``, printed one page wide, prints at: its own scale where it is
    fixed, else the one its print areas are fitted at (:func:`fitted_percent`)."""
    setup = ws.page_setup
    if ws.sheet_properties.pageSetUpPr.fitToPage or not setup.scale:
        return fitted_percent(ws, print_areas(ws))
    return int(setup.scale)


def across_percent(ws: Worksheet, first_col: int, last_col: int) -> int | None:
    """The whole percent ``ws``, printed pages across, prints ``first_col``..``last_col`` at:
    its own scale where it is fixed (:func:`break_between_groups`), else the largest at which
    the columns take no more than its pages across (``fitToWidth``); None where none from
    100 % to 10 % does."""
    setup = ws.page_setup
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        return int(setup.scale or 100)
    across = int(setup.fitToWidth or 1)
    return next((p for p in range(100, 9, -1)
                 if len(_pages_across(ws, first_col, last_col, p)) <= across), None)


def readable_print(ws: Worksheet, first_col: int, last_col: int,
                   orientation: str | None = None, *, group_breaks: bool = True) -> None:
    """Choose the orientation (portrait when the columns fit it nearly unshrunk, unless
    ``orientation`` is given) and the pages across, so that the text prints at
    :data:`MIN_PRINT_PT` or more: one page wide whenever that is enough, else as few pages
    across as needed, printed across before down (a row's halves on consecutive pages), each
    page after the first repeating the rows' identifying columns (:func:`print_title_columns`;
    counted in the pages across, since they take room on each). One page wide is enough when
    the columns' drawn widths print there at :data:`MIN_PRINT_PERCENT` or more
    (:func:`drawn_percent`). ``group_breaks``: pages across end between groups of columns
    (:func:`break_between_groups`); a sheet nothing lays out again when the user widens or
    inserts a column (an input sheet) keeps fitting to N pages wide, since breaks and a scale
    fixed for the columns of its build would print a page of a column or two after it."""
    smallest = MIN_PRINT_PT / FONT_SIZE + 0.02  # a margin for the programs' own rounding
    if orientation is None:
        portrait = print_scale(ws, first_col, last_col, "portrait") >= 0.95
        orientation = "portrait" if portrait else "landscape"
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    if ws.col_breaks.brk:  # break_between_groups' of an earlier layout: decided again below
        ws.col_breaks = ColBreak()
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.scale = None
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
    ws._print_cols = None  # decided below (openpyxl's setter ignores None)
    scale = print_scale(ws, first_col, last_col, orientation)
    if (scale >= smallest
            or drawn_percent(ws, first_col, last_col, orientation) >= MIN_PRINT_PERCENT):
        ws.page_setup.fitToWidth = 1
        return
    ws.page_setup.fitToWidth = math.ceil(smallest / scale)
    ws.page_setup.pageOrder = "overThenDown"
    repeated = print_title_columns(ws)
    if repeated is None:
        if group_breaks:
            break_between_groups(ws, first_col, last_col)
        return
    room = PRINTABLE_IN[orientation] / smallest  # one page's width at the smallest scale
    total = printed_width_in(ws, first_col, last_col)
    beside = printed_width_in(ws, *repeated)
    if beside >= room / 2:  # repeated, they would take half of every page after the first
        return
    ws.page_setup.fitToWidth = max(ws.page_setup.fitToWidth,
                                   1 + math.ceil((total - room) / (room - beside)))
    ws.print_title_cols = (f"{get_column_letter(repeated[0])}:"
                           f"{get_column_letter(repeated[1])}")
    # pages break between columns, and the programs print columns a little wider than the
    # widths summed above: checked page by page, with that margin, a sheet that needs a page
    # more gets it (Payers & Contracts printed at 7.7 pt on three once its Renewal months came)
    ws.page_setup.fitToWidth = max(ws.page_setup.fitToWidth, len(_pages_across(
        ws, first_col, last_col, math.ceil(smallest * _WIDTH_MARGIN * 100))))
    if group_breaks:
        break_between_groups(ws, first_col, last_col)


def group_starts(ws: Worksheet) -> set[int]:
    """Columns of ``ws`` where a group of columns read together begins
    (:attr:`~ratecalc_workbook.layout.TableSpec.print_groups` of its tables), found by their
    header: a column the user inserted or moved on an input sheet leaves each group beginning
    at its own header."""
    starts = set()
    for table in ws.tables.values():
        spec = TABLES_BY_NAME.get(table.name)
        if spec is None or not spec.print_groups:
            continue
        left, top, right, _ = range_boundaries(table.ref)
        by_header = {cell.value: col for col in range(left, right + 1)
                     if (cell := _existing(ws, top, col)) is not None}
        starts |= {by_header[header] for key in spec.print_groups
                   if (header := spec.spec(key).header) in by_header}
    return starts


def _pack_groups(ws: Worksheet, groups: Sequence[tuple[int, int]], room: float,
                 beside: float) -> list[tuple[int, int]] | None:
    """The pages across (first and last column of each) that whole ``groups`` fill in turn,
    each page ``room`` inches wide, those after the first holding the repeated columns
    (``beside`` inches) too; None when a group does not fit a page of its own."""
    pages: list[tuple[int, int]] = []
    used = 0.0
    for first, last in groups:
        width = sum(drawn_width_in(ws, c) for c in range(first, last + 1))
        if (beside if pages else 0.0) + width > room:
            return None
        if pages and used + width <= room:
            pages[-1] = (pages[-1][0], last)
            used += width
        else:
            pages.append((first, last))
            used = (beside if len(pages) > 1 else 0.0) + width
    return pages


def break_between_groups(ws: Worksheet, first_col: int, last_col: int) -> None:
    """On a sheet printed pages across, end each page between two groups of columns read
    together (:func:`group_starts`), never inside one: left to fit the columns to N pages
    wide, the spreadsheet ended a page wherever the width ran out (the Proposal's "Annual
    impact" printed beside "Why", away from the increase it is the year's worth of).

    The sheet then prints at a scale of its own, the largest that keeps the fewest pages
    across with every group whole on a page (the repeated columns beside it), and at
    :data:`MIN_PRINT_PERCENT` or more; a column break after each page's last column.
    Spreadsheets print manual breaks only at a fixed scale (Excel and LibreOffice both ignore
    them when fitting to pages). ``fitToWidth`` keeps the count of pages across, which the
    programs ignore at a fixed scale and the rest of this module reads. A sheet with no
    groups, more than one print area, or a group no page at a readable scale holds, keeps
    the spreadsheet's own breaks."""
    starts = sorted(c for c in group_starts(ws) if first_col < c <= last_col)
    if not starts or len(print_areas(ws)) > 1:
        return
    bounds = [first_col, *starts, last_col + 1]
    groups = [(bounds[i], bounds[i + 1] - 1) for i in range(len(bounds) - 1)]
    orientation = ws.page_setup.orientation or "portrait"
    repeated = _title_span(ws.print_title_cols)
    beside = (sum(drawn_width_in(ws, c) for c in range(repeated[0], repeated[1] + 1))
              if repeated else 0.0)
    best: tuple[int, list[tuple[int, int]]] | None = None
    for percent in range(100, MIN_PRINT_PERCENT - 1, -1):
        room = PRINTABLE_IN[orientation] * 100 / percent * _GROUP_ROOM
        pages = _pack_groups(ws, groups, room, beside)
        if pages is not None and (best is None or len(pages) < len(best[1])):
            best = percent, pages
    if best is None or len(best[1]) < 2:
        return
    percent, pages = best
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = percent
    ws.page_setup.fitToWidth = len(pages)
    breaks = ColBreak()
    for _, last in pages[:-1]:
        # a column break spans every row (Excel writes max as the last row's index)
        breaks.append(Break(id=last, max=1048575))
    ws.col_breaks = breaks


def print_title_columns(ws: Worksheet) -> tuple[int, int] | None:
    """First and last column ``ws`` repeats left of every page after the first across, from
    its tables' layout; None when it prints one page wide (``fitToWidth``) or no span fits.

    Each table of a print area wider than one page names its identifying columns
    (:attr:`~ratecalc_workbook.layout.TableSpec.label_columns`: payer and code, a rank and
    payer; a table the layout does not know, its first column). Spreadsheets repeat one span
    of adjacent columns per sheet, beside every page of every print area, so the span runs
    from those tables' first column to the last identifying column of any of them: tables
    stacked in one area share its pages across, and each must find its own labels there
    (a per-payer table over a payer-and-year table: both columns, so the per-payer table
    repeats its second column too). Tables side by side, each wider than a page (their first
    columns differ), have no span naming both's rows: none. A table beside the span's, in an
    area of its own, would print the span's payers beside its own rows:
    :func:`drop_stray_print_titles` drops the span then, so a table wider than a page shares
    its sheet only with tables stacked in its columns.

    Examples
    --------
    Comparison: payer and code, ``(1, 2)``; Payers & Contracts: the payer, ``(1, 1)``.
    """
    if (ws.page_setup.fitToWidth or 1) <= 1:
        return None
    areas = print_areas(ws) or [(1, 1, ws.max_column, ws.max_row)]
    orientation = ws.page_setup.orientation or "portrait"
    widest = max(printed_width_in(ws, left, right) for left, _, right, _ in areas)
    scale = min(1.0, int(ws.page_setup.fitToWidth) * PRINTABLE_IN[orientation] / widest)
    page = PRINTABLE_IN[orientation] / scale + 0.01  # what one page holds [inches at 100%]
    spans = set()
    for area in areas:
        if printed_width_in(ws, area[0], area[2]) <= page:
            continue
        for table in ws.tables.values():
            box = cast(tuple[int, int, int, int], range_boundaries(table.ref))
            if _overlap(box, area):
                spec = TABLES_BY_NAME.get(table.name)
                count = spec.label_columns if spec is not None else 1
                spans.add((box[0], min(box[0] + count - 1, box[2])))
    firsts = {first for first, _ in spans}
    if len(firsts) != 1:
        return None
    return firsts.pop(), max(last for _, last in spans)


#: The most characters Excel keeps in a page header, its codes included.
HEADER_CHARS = 255
#: Printed size of the title and of the description in a page header [points].
HEADER_TITLE_PT = 12
HEADER_DESCRIPTION_PT = 9


def description_rows(ws: Worksheet, from_row: int) -> list[str]:
    """The texts that explain ``ws``'s table (its description, in the description font,
    italic) in rows 2 to ``from_row`` - 1, column A: what a sheet printed from ``from_row``
    leaves out of its pages."""
    texts = []
    for row in range(2, from_row):
        cell = _existing(ws, row, 1)
        if cell is not None and isinstance(cell.value, str) and cell.value \
                and not cell.value.startswith("=") and cell.font is not None and cell.font.i:
            texts.append(" ".join(cell.value.split()))
    return texts


def _header_text(title: str, description: str, title_pt: int = HEADER_TITLE_PT,
                 description_pt: int = HEADER_DESCRIPTION_PT) -> tuple[str, str]:
    """The left part of a page header, ``title`` in bold and ``description`` after it in
    italic, one paragraph (a line break in a header is written as ``_x000a_`` by openpyxl on
    each save, which LibreOffice prints as those seven characters); and the description as it
    keeps: its last sentences are left out while the header would pass :data:`HEADER_CHARS`
    (the Proposal's, 266 characters, keeps its first sentence)."""
    from ratecalc_workbook.styles import FONT_NAME

    def text(kept: str) -> str:
        # & starts a header code; a size code would run into a digit after it: spaces first
        return title.replace("&", "&&") + (
            f'&"{FONT_NAME},Italic"&{description_pt}   {kept.replace("&", "&&")}'
            if kept else "")

    sentences = re.split(r"(?<=[.!?])\s+", description) if description else []
    codes = len(f'&L&"{FONT_NAME},Bold"&{title_pt} ')
    while sentences and codes + len(text(" ".join(sentences))) > HEADER_CHARS:
        sentences.pop()
    return text(" ".join(sentences)), " ".join(sentences)


def title_in_page_header(ws: Worksheet, from_row: int) -> None:
    """For a sheet printed several pages across: the repeated columns would show the title
    and description rows cut at their edge on every page after the first, so those rows are
    left out of the print, and every page's header holds the sheet's title and its
    description (:func:`description_rows`; without it, Comparison's "Red: below market" and
    the Proposal's "the rate to ask for" were printed on no page). The foot names the sheet
    and numbers the page, as on a sheet printed one page wide (:func:`title_in_page_footer`).
    """
    from ratecalc_workbook.styles import FONT_NAME

    description = " ".join(description_rows(ws, from_row))
    # at a scale of its own (break_between_groups) the page header prints at that scale too,
    # in LibreOffice and in Excel (its headers "scale with document"): a 9-point description
    # printed at 7.6 points on the Proposal's 84 %; given larger, it prints at its size
    percent = (ws.page_setup.scale or 100) if not ws.sheet_properties.pageSetUpPr.fitToPage \
        else 100
    title_pt, description_pt = (math.ceil(size * 100 / percent)
                                for size in (HEADER_TITLE_PT, HEADER_DESCRIPTION_PT))
    header = ws.oddHeader
    header.left.text, shown = _header_text(ws.title, description, title_pt, description_pt)
    header.left.size = title_pt
    header.left.font = f"{FONT_NAME},Bold"
    ws.page_margins.header = 0.3
    # room for the header above the first row: its lines, wrapped at the page's width (the
    # header prints at full size, whatever the sheet's scale), and a gap
    width_in = (text_width(ws.title, HEADER_TITLE_PT, bold=True)
                + text_width(f"   {shown}", HEADER_DESCRIPTION_PT)) * 7 / 96
    lines = math.ceil(width_in / PRINTABLE_IN[ws.page_setup.orientation or "portrait"])
    height_pt = 1.25 * (HEADER_TITLE_PT + (lines - 1) * HEADER_DESCRIPTION_PT)
    ws.page_margins.top = round(0.3 + height_pt / 72 + 0.2, 2)
    title_in_page_footer(ws)
    # only an area holding the title rows starts lower: one beside it (a second table's)
    # keeps its own first row, the table's section title
    ws.print_area = [_ref(left, from_row if top == 1 else top, right, bottom)
                     for left, top, right, bottom in print_areas(ws)]


def title_in_page_footer(ws: Worksheet) -> None:
    """For a sheet printed one page wide: its title row prints on the first page only, so
    each page's foot names the sheet and numbers the page (a 33-page Fee Schedules said what
    it was on page 1 alone). A sheet printed several pages across has them too, and its title
    and description in its page header (:func:`title_in_page_header`)."""
    from ratecalc_workbook.styles import FONT_NAME

    footer = ws.oddFooter
    footer.left.text = ws.title.replace("&", "&&")  # & starts a footer code
    footer.right.text = "Page &P of &N"
    for part in (footer.left, footer.right):
        part.size = FONT_SIZE
        part.font = FONT_NAME
    ws.page_margins.footer = min(ws.page_margins.footer, 0.3)
    ws.page_margins.bottom = max(ws.page_margins.bottom, 0.6)  # room for the footer


def _ref(left: int, top: int, right: int, bottom: int) -> str:
    return f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"


def print_areas(ws: Worksheet) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of each of ``ws``'s print areas (none without one)."""
    areas = ws.print_area
    if not areas:
        return []
    return [cast(tuple[int, int, int, int],
                 range_boundaries(area.split("!")[-1].replace("$", "")))
            for area in (areas if isinstance(areas, list) else areas.split(",")) if area]


#: The last row of a worksheet (Excel's, and LibreOffice's since 7.0).
SHEET_LAST_ROW = 1048576


def print_to_last_row(ws: Worksheet) -> None:
    """Each of ``ws``'s print areas reaches the sheet's last row: on a sheet the user types
    rows into (an input sheet, the Negotiation Log), Excel grows the table under what is typed
    but not the print area, and the rows typed below the builder's last row were never
    printed (a new workbook's Payers & Contracts printed rows 3 to 7). Neither program prints
    the empty pages below the last row holding something (Excel leaves a blank last page out;
    LibreOffice prints no page without content). Set once the sheet's printing is decided:
    the page setup is worked out from the rows the sheet holds."""
    areas = print_areas(ws)
    if areas:
        ws.print_area = [_ref(left, top, right, SHEET_LAST_ROW)
                         for left, top, right, _ in areas]


def extend_print_area(ws: Worksheet, header_row: int, old_last: int, last_row: int,
                      columns: tuple[int, int] | None = None) -> None:
    """A print area holding a table's header and ending at its old last row (as the builder
    set it) reaches ``last_row``: the table grew, and the printed sheet left the new rows out.
    One ending above that row is the user's choice of rows to print, and is kept; so is one
    sharing no column with the table's ``columns`` (first, last), when given: the builder
    never set one beside its table."""
    if not ws.print_area:
        return
    areas = []
    for area in str(ws.print_area).split(","):
        left, top, right, bottom = range_boundaries(area.split("!")[-1].replace("$", ""))
        beside = columns is not None and (right < columns[0] or left > columns[1])
        if top <= header_row <= bottom == old_last and not beside:
            bottom = last_row
        areas.append(_ref(left, top, right, bottom))
    ws.print_area = areas


def print_typed_rows(ws: Worksheet) -> bool:
    """A print area of a sheet the user types rows into that ends at its table's last row,
    as RateCalc set it before :func:`print_to_last_row`, reaches the sheet's last row (the
    rule :func:`extend_print_area` keeps for an import); whether one did. A workbook made
    before then printed none of the rows typed under its tables, refreshed or not."""
    before = ws.print_area
    for table in ws.tables.values():
        left, top, right, bottom = range_boundaries(table.ref)
        extend_print_area(ws, top, bottom, SHEET_LAST_ROW, (left, right))
    return ws.print_area != before


def _tables(ws: Worksheet) -> list[tuple[int, int, int, int]]:
    return [cast(tuple[int, int, int, int], range_boundaries(t.ref)) for t in ws.tables.values()]


#: Rows from a table's last to the header of a table printed on as its tail: a blank row, the
#: tail's title, its header.
TAIL_ROWS = 3


def tails(ws: Worksheet) -> dict[tuple[int, int, int, int], tuple[int, int, int, int]]:
    """Tables stacked right under another, within its columns (the Scenarios' "All payers, by
    year" under the year by year, per payer), each -> the table above: read on with that
    table's rows, under the header the sheet repeats for it, their own header printed with
    them. The page breaks keep one with the last rows above it
    (:func:`groups_whole_in_area`), so no page holds it alone under the other's header."""
    boxes = _tables(ws)
    return {t: above for t in boxes for above in boxes
            if above[0] <= t[0] and t[2] <= above[2]
            and 0 < t[1] - above[3] <= TAIL_ROWS}


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two (left, top, right, bottom) rectangles share a cell."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def prints_on_one_page(ws: Worksheet, area: tuple[int, int, int, int],
                       orientation: str | None = None) -> bool:
    """Whether ``area`` (left, top, right, bottom) prints on one page, one page wide at a
    readable scale (:data:`MIN_PRINT_PT`) and one page down at that scale, in ``orientation``
    or the one :func:`readable_print` would choose for it."""
    left, top, right, bottom = area
    if orientation is None:
        portrait = print_scale(ws, left, right, "portrait") >= 0.95
        orientation = "portrait" if portrait else "landscape"
    scale = min(1.0, PRINTABLE_IN[orientation] / (printed_width_in(ws, left, right)
                                                  * _WIDTH_MARGIN))
    if scale < MIN_PRINT_PT / FONT_SIZE + 0.02:
        return False
    room = page_room_pt(ws, orientation)
    return pages_down(_row_heights_pt(ws, top, bottom), 0.0, room / scale)[0] == 1


def area_per_table_column(ws: Worksheet, orientation: str | None = None) -> None:
    """A print area holding tables side by side (columns apart, rows shared) becomes one area
    per column of tables, each printed on pages of its own and from its own first column: on
    one area the second table printed beside the first's repeated columns (its labels beside
    rows they do not name), or pages across split it anywhere.

    Areas that print on one page together (:func:`prints_on_one_page`, their span holding
    nothing outside them) become one area, printed whole: apart, the demo's Totals printed
    its six payers on one page and its fifteen codes on a second."""
    areas = print_areas(ws)
    if len(areas) > 1:
        span = (min(a[0] for a in areas), min(a[1] for a in areas),
                max(a[2] for a in areas), max(a[3] for a in areas))
        outside = any(cell.value is not None and span[1] <= r <= span[3]
                      and span[0] <= c <= span[2]
                      and not any(_overlap((c, r, c, r), a) for a in areas)
                      for (r, c), cell in ws._cells.items())
        if not outside and (prints_on_one_page(ws, span, orientation)
                            or _narrowed_to_one_page(ws, span, orientation)):
            for left, top, right, bottom in areas:
                # a title beside another area's text wraps short of it, as on its own page
                beside = [a for a in areas if a[0] > right and a[1] <= bottom and top <= a[3]]
                if beside:
                    wrap_to_print_width(ws, min(a[0] for a in beside) - 1, first_col=left,
                                        rows=range(max(top, min(a[1] for a in beside)),
                                                   bottom + 1))
            areas = [span]
            ws.print_area = _ref(*span)
    split: list[tuple[int, int, int, int]] = []
    for area in areas:
        if prints_on_one_page(ws, area, orientation):
            split.append(area)
            continue
        tables = sorted(t for t in _tables(ws) if _overlap(t, area))
        groups: list[list[int]] = []  # [left, right, bottom] of tables sharing columns
        for left, _, right, bottom in tables:
            if groups and left <= groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], right)
                groups[-1][2] = max(groups[-1][2], bottom)
            else:
                groups.append([left, right, bottom])
        if len(groups) < 2 or _narrowed_to_one_page(ws, area, orientation):
            split.append(area)
            continue
        left, top, right, bottom = area
        # a column between two groups goes with the group on its left (a note beside a table),
        # an empty one with neither: printed, the empty gap of 13 characters right of the
        # Scenarios' per-payer table took the room that table needed to print one page wide;
        # the groups after the first print from their own first row (a section title), not
        # under the blank rows beside the sheet's title
        for i, (g_left, g_right, g_bottom) in enumerate(groups):
            first = left if i == 0 else g_left
            last = groups[i + 1][0] - 1 if i + 1 < len(groups) else right
            held = [(r, c) for (r, c), cell in ws._cells.items()
                    if first <= c <= last and top <= r <= bottom and cell.value is not None]
            used = [r for r, _ in held]
            start = top if i == 0 else min(used, default=top)
            split.append((max(first, left), start,
                          min(max([g_right, *(c for _, c in held)]), last, right),
                          min(max([g_bottom, *used]), bottom)))
    if split:
        ws.print_area = [_ref(*a) for a in split]


#: A column of text is never narrowed below this to print tables side by side on one page
#: [characters].
TEXT_FLOOR = 20.0
#: An empty column between tables side by side is narrowed to this gap [characters].
GAP_WIDTH = 3.0


def _narrowed_to_one_page(ws: Worksheet, span: tuple[int, int, int, int],
                          orientation: str | None, *, one_page_down: bool = True) -> bool:
    """Narrow the text columns of ``span`` (tables side by side), their longer texts wrapped
    and rows grown, and the empty columns between the tables to :data:`GAP_WIDTH`, so that
    it prints on one page at :data:`MIN_PRINT_PT` (its columns' drawn widths,
    :func:`drawn_percent`); whether it does.

    The widest text columns give first, each down to :data:`TEXT_FLOOR` or its longest word
    (never broken inside), whichever is wider, and never below a text on a row the tables
    share (wrapped, its row would stand tall beside the other table, a blank band there);
    columns holding a number keep their width.
    Where no narrowing gets the span onto one page, across and down (across only, without
    ``one_page_down``), the sheet is left as it was. The demo's Clinic printed its profile
    on a page half empty and its metrics alone on the next (its "Value" and "What it
    means" 50 and 44 characters wide, beside the metrics' "Source"); both now print on one
    landscape page, as its description, "the letterhead ... (left), and the performance
    figures ... (right)", has them.
    """
    left, top, right, bottom = span
    orientation = orientation or "landscape"
    inside, headers = _table_cells(ws)
    if not _may_fit_by_its_first_rows(ws, span, orientation, inside, headers):
        return False
    cells = ws._cells
    texts: dict[int, list[Cell]] = {}
    numbers: set[int] = set()
    used: set[int] = set()
    bodies = [b for b in inside.bounds if _overlap(b, span)]
    shared = {row for row in range(top, bottom + 1)
              if sum(b[1] < row <= b[3] for b in bodies) > 1}
    for (row, col), cell in cells.items():
        if not (left <= col <= right and top <= row <= bottom) or cell.value is None:
            continue
        used.add(col)
        if (row, col) in headers or (row, col) not in inside:
            continue
        if _is_number(cell) or not isinstance(cell.value, str):
            numbers.add(col)
        else:
            texts.setdefault(col, []).append(cell)
    if not _may_print_one_page_wide(ws, span, orientation, [
            col for col in texts if col not in numbers and column_width(ws, col) > TEXT_FLOOR],
            [col for col in range(left, right + 1)
             if col not in used and column_width(ws, col) > GAP_WIDTH]):
        return False
    floors = {}
    for col, held in texts.items():
        if col in numbers or column_width(ws, col) <= TEXT_FLOOR:
            continue
        # a word with the space after it, as _lines counts one followed by another (a space
        # to spare after a text's last word): one a hair wider is broken;
        # a text on a row another table shares stays on one line, its row one line tall
        # beside that table (a blank band under each of its rows)
        words = max(text_width(piece + " ", *_font_of(cell)) for cell in held
                    for piece in ([str(cell.value)] if cell.row in shared
                                  else str(cell.value).split()))
        floors[col] = max(TEXT_FLOOR, math.ceil((words + PADDING) * 10) / 10)
    gaps = [col for col in range(left, right + 1)
            if col not in used and column_width(ws, col) > GAP_WIDTH]
    if not floors:
        return False
    letter = get_column_letter
    widths_kept = _widths_of(ws, [*floors, *gaps])

    def restore_widths() -> None:
        _put_widths_back(ws, widths_kept)

    for col in gaps:
        ws.column_dimensions[letter(col)].width = GAP_WIDTH
    widths = {col: column_width(ws, col) for col in floors}
    for cap in range(math.ceil(max(widths.values())), int(TEXT_FLOOR) - 1, -1):
        for col, width in widths.items():
            ws.column_dimensions[letter(col)].width = round(max(floors[col],
                                                                min(width, cap)), 1)
        if drawn_percent(ws, left, right, orientation) >= MIN_PRINT_PERCENT:
            break
    if drawn_percent(ws, left, right, orientation) < MIN_PRINT_PERCENT:
        # the percent is the columns' widths' alone, which the wrapping below leaves as they
        # are: it cannot print one page wide, so the sheet is left as it was without wrapping
        # every text and measuring every row first (the 40-payer x 300-code Comparison and
        # Proposal spent about 2 minutes of a refresh there)
        restore_widths()
        return False
    heights_kept = {row: dim.height for row, dim in ws.row_dimensions.items()
                    if top <= row <= bottom}
    alignments_kept = {(cell.row, cell.column): copy(cell.alignment)
                       for held in texts.values() for cell in held}
    rows: set[int] = set()
    for col in widths:
        narrow = column_width(ws, col)
        for cell in texts[col]:
            if _measured(str(cell.value), *_font_of(cell)) > narrow:
                cell.alignment = _wrapping(cell.alignment)
                rows.add(cell.row)
    # every column: a row the span shares with a table beside it (in an area of its own,
    # the Scenarios' year-by-year) is as tall as that table's wrapped names need too
    _rows_measured_again(ws, rows)
    percent = drawn_percent(ws, left, right, orientation)
    room = page_room_pt(ws, orientation)
    if percent >= MIN_PRINT_PERCENT and (not one_page_down or pages_down(
            _row_heights_pt(ws, top, bottom), 0.0, room * 100 / percent)[0] == 1):
        return True
    restore_widths()
    for row in rows:
        ws.row_dimensions[row].height = heights_kept.get(row)
    for (row, col), alignment in alignments_kept.items():
        cells[(row, col)].alignment = alignment
    return False


#: How many rows of a span :func:`_may_fit_by_its_first_rows` reads.
FIRST_ROWS = 40


def _may_fit_by_its_first_rows(ws: Worksheet, span: tuple[int, int, int, int],
                               orientation: str, inside: _Areas,
                               headers: set[tuple[int, int]]) -> bool:
    """Whether ``span`` could print one page wide at :data:`MIN_PRINT_PERCENT`, judged from its
    first :data:`FIRST_ROWS` rows and erring towards yes: a column holding a number in a table
    there keeps its width, as :func:`_narrowed_to_one_page` keeps it; any other column with a
    value there is taken at no more than :data:`TEXT_FLOOR`, one with none there at no more
    than :data:`GAP_WIDTH`, narrower than that function ever makes them. A 3,000-row table that
    cannot fit is so left before each of its cells is read (widths put back)."""
    left, top, right, bottom = span
    cells = ws._cells
    used: set[int] = set()
    numbers: set[int] = set()
    for row in range(top, min(bottom, top + FIRST_ROWS - 1) + 1):
        for col in range(left, right + 1):
            cell = cells.get((row, col))
            if cell is None or cell.value is None:
                continue
            used.add(col)
            if ((row, col) not in headers and (row, col) in inside
                    and (_is_number(cell) or not isinstance(cell.value, str))):
                numbers.add(col)
    narrowest = {}
    for col in range(left, right + 1):
        if col in numbers:
            continue
        cap = TEXT_FLOOR if col in used else GAP_WIDTH
        if column_width(ws, col) > cap:
            narrowest[col] = cap
    return _percent_with(ws, left, right, orientation, narrowest) >= MIN_PRINT_PERCENT


def _may_print_one_page_wide(ws: Worksheet, span: tuple[int, int, int, int],
                             orientation: str, narrowed: list[int], gaps: list[int]) -> bool:
    """Whether ``span`` would print one page wide at :data:`MIN_PRINT_PERCENT` with its
    ``narrowed`` text columns at :data:`TEXT_FLOOR` and its empty ``gaps`` at
    :data:`GAP_WIDTH`, the narrowest :func:`_narrowed_to_one_page` ever makes them; the
    widths are put back. Measuring every word of a 12,000-row table for its columns' floors
    is what a span that cannot fit is spared."""
    if not narrowed:
        return True  # nothing to narrow: the caller says so itself
    widths = {col: TEXT_FLOOR for col in narrowed} | {col: GAP_WIDTH for col in gaps}
    return _percent_with(ws, span[0], span[2], orientation, widths) >= MIN_PRINT_PERCENT


def _percent_with(ws: Worksheet, left: int, right: int, orientation: str,
                  widths: dict[int, float]) -> int:
    """:func:`drawn_percent` of columns ``left``..``right`` with the columns of ``widths`` at
    those widths, for the measure only: their widths are put back."""
    dims = ws.column_dimensions
    kept = _widths_of(ws, widths)
    for col, width in widths.items():
        dims[get_column_letter(col)].width = width
    try:
        return drawn_percent(ws, left, right, orientation)
    finally:
        _put_widths_back(ws, kept)


def _widths_of(ws: Worksheet, cols: Iterable[int]) -> dict[int, float | None]:
    """Each column's width as set (None: the sheet's default, no width of its own)."""
    dims = ws.column_dimensions
    return {col: dims[get_column_letter(col)].width if get_column_letter(col) in dims else None
            for col in cols}


def _put_widths_back(ws: Worksheet, kept: dict[int, float | None]) -> None:
    dims = ws.column_dimensions
    for col, was in kept.items():
        if was is None:  # the sheet's default width, as before
            del dims[get_column_letter(col)]
        else:
            dims[get_column_letter(col)].width = was


def _narrowed_where_labels_cannot_repeat(ws: Worksheet) -> bool:
    """On a sheet printed pages across whose rows' identifying columns cannot repeat there
    (none found, or they would print beside another area's table:
    :func:`stray_print_titles`), narrow the text columns of each area wider than a page
    (:func:`_narrowed_to_one_page`, however many pages down) so that it prints one page wide
    at :data:`MIN_PRINT_PT`; whether any area was. The Scenarios' per-payer table of a
    workbook with an ended contract and 30-character payer names printed two pages across,
    the second (Better, Contract, Notes) naming no payer: the sheet's two other tables, in
    areas of their own, keep a spreadsheet from repeating the payer column."""
    if (ws.page_setup.fitToWidth or 1) <= 1:
        return False
    if ws.print_title_cols and not any(not p.startswith("rows")
                                       for p in stray_print_titles(ws)):
        return False
    orientation = ws.page_setup.orientation or "landscape"
    narrowed = False
    for area in print_areas(ws):
        if drawn_percent(ws, area[0], area[2], orientation) < MIN_PRINT_PERCENT:
            narrowed |= _narrowed_to_one_page(ws, area, orientation, one_page_down=False)
    return narrowed


def _title_span(spec: str | None) -> tuple[int, int] | None:
    """First and last row (or column letter's number) of a print-titles spec ("$4:$4",
    "$A:$B")."""
    if not spec:
        return None
    first, _, last = spec.replace("$", "").split("!")[-1].partition(":")
    last = last or first
    if first.isdigit():
        return int(first), int(last)
    return range_boundaries(f"{first}1:{last}1")[0], range_boundaries(f"{last}1")[0]


def stray_print_titles(ws: Worksheet) -> list[str]:
    """Why ``ws``'s repeated rows or columns would print beside rows they do not belong to
    (empty when they belong everywhere they print).

    Spreadsheets print the repeated rows atop every page and the repeated columns left of
    every page, of every print area. So the rows must be the header of every table printed
    below them, and the columns among the columns of every table printed; and text outside
    the tables in the repeated columns, a title or a note wider than they are, would be cut at
    their edge on every page after the first across."""
    problems = []
    areas = print_areas(ws) or [(1, 1, ws.max_column, ws.max_row)]
    printed = [t for t in _tables(ws) if any(_overlap(t, a) for a in areas)]
    rows = _title_span(ws.print_title_rows)
    if rows is not None:
        under = tails(ws)
        for left, top, right, bottom in printed:
            above = under.get((left, top, right, bottom))
            if above is not None and rows[0] <= above[1] <= rows[1]:
                continue  # printed on under the rows the repeated header is of
            if bottom > rows[1] and not rows[0] <= top <= rows[1]:
                problems.append(f"rows {rows[0]}:{rows[1]} repeated above the table at "
                                f"{_ref(left, top, right, bottom)}, whose header is row {top}")
    cols = _title_span(ws.print_title_cols)
    if cols is not None:
        for left, top, right, bottom in printed:
            if not left <= cols[0] <= cols[1] <= right:
                problems.append(f"columns {get_column_letter(cols[0])}:"
                                f"{get_column_letter(cols[1])} repeated beside the table at "
                                f"{_ref(left, top, right, bottom)}")
        room = sum(column_width(ws, c) for c in range(cols[0], cols[1] + 1))
        merged = _merged(ws)
        # only the repeated columns' cells: a result sheet holds hundreds of thousands
        titled = [((row, col), cell) for (row, col), cell in ws._cells.items()
                  if cols[0] <= col <= cols[1]]
        for (row, col), cell in titled:
            value = cell.value
            if (isinstance(value, str) and value
                    and not value.startswith("=") and (row, col) not in merged
                    and any(_overlap((col, row, col, row), a) for a in areas)
                    and not any(_overlap((col, row, col, row), t) for t in printed)):
                size, bold = _font_of(cell)
                if cell.alignment is not None and cell.alignment.wrap_text:
                    # wrapped in its own column: cut only where a word is wider
                    cut = max(_measured(w, size, bold) for w in value.split() or [""]) \
                        > column_width(ws, col)
                else:
                    cut = _measured(value, size, bold) > room
                if cut:
                    problems.append(f"{cell.coordinate} ({value[:30]!r}) cut at the repeated "
                                    "columns' edge")
    return problems


def drop_stray_print_titles(ws: Worksheet) -> None:
    """Repeat rows and columns only where they belong (:func:`stray_print_titles`): each
    pair that does not is dropped. A page then shows a table's part without its header or
    row labels, never another table's."""
    problems = stray_print_titles(ws)
    # openpyxl's setters ignore None: its private attributes are the only way to clear them
    if any(p.startswith("rows") for p in problems):
        ws._print_rows = None
    if any(not p.startswith("rows") for p in problems):
        ws._print_cols = None


def page_per_group(ws: Worksheet, first_row: int, last_row: int, col: int) -> None:
    """A page break before each new value of column ``col`` (e.g. each payer's rows), each
    group whole on its pages (:func:`groups_whole_down`); a sheet fitted one page wide then
    prints at the scale the fit gave, fixed (:func:`breaks_at_a_fixed_scale`), or the breaks
    would be left out."""
    breaks = RowBreak()
    previous = ws.cell(row=first_row, column=col).value
    for r in range(first_row + 1, last_row + 1):
        value = ws.cell(row=r, column=col).value
        if value != previous and value is not None:
            breaks.append(Break(id=r - 1))
        previous = value
    ws.row_breaks = breaks
    groups_whole_down(ws)
    breaks_at_a_fixed_scale(ws)


def _printed_percent(ws: Worksheet, first_col: int, last_col: int, orientation: str) -> int:
    """The scale ``ws`` prints at [percent]: its own, or, fitted one page wide, the width's
    (with the margin the programs print columns wider by)."""
    if not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale:
        return int(ws.page_setup.scale)
    width = printed_width_in(ws, first_col, last_col) * _WIDTH_MARGIN
    return math.floor(min(1.0, PRINTABLE_IN[orientation] / width) * 100)


def _segments(ws: Worksheet, top: int, bottom: int) -> list[tuple[int, int]]:
    """The rows ``top``..``bottom`` cut at the sheet's row breaks (a break after row ``id``)."""
    cuts = sorted(b.id for b in ws.row_breaks.brk if top <= b.id < bottom)
    bounds = [top - 1, *cuts, bottom]
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]


def _balanced_cuts(heights: Sequence[float], repeated: float, room: float) -> list[int]:
    """Indexes of ``heights`` a page should end after, so that rows printed down pages of
    ``room`` (each but the first starting with the ``repeated`` rows) take as few pages as
    :func:`pages_down` gives and share them evenly: each page but the last is filled to the
    pages' average, where filling each in turn left one row or two to the last."""
    pages, _ = pages_down(heights, repeated, room)
    left = sum(heights) + (pages - 1) * repeated  # the height the pages still to fill hold
    target = left / pages
    cuts: list[int] = []
    used = 0.0
    for i, height in enumerate(heights[:-1]):
        used += height
        if len(cuts) == pages - 1:
            break
        # end the page at the average, or before the row that would pass the page's room;
        # the average taken again of the pages left, so that each page's row past it does
        # not add up to a short last page (a tenth page of 22 rows under nine of 31)
        if used >= target or used + heights[i + 1] > room:
            cuts.append(i)
            left -= used
            target = left / (pages - len(cuts))
            used = repeated
    return cuts


def groups_whole_down(ws: Worksheet) -> None:
    """Print each group of rows between ``ws``'s row breaks (a page per payer) without a short
    last page: a group a row or two longer than its page printed those rows alone on the next
    (the 8-payer Proposal's Keystone and Summit, their 2- and 3-line names). The largest fixed
    scale down to :data:`MIN_PRINT_PERCENT` that ends every such group a page sooner is taken
    (its column breaks kept: a smaller scale leaves every page across whole); where none does,
    each such group's rows are shared evenly by its pages, with a break of their own.

    A group's last page is short when it holds under :data:`SHORT_PAGE` of a page (as
    :func:`no_short_last_page` judges a print area's)."""
    areas = print_areas(ws)
    if len(areas) != 1 or not ws.row_breaks.brk:
        return
    left, top, right, bottom = areas[0]
    orientation = ws.page_setup.orientation or "portrait"
    percent = _printed_percent(ws, left, right, orientation)
    room = page_room_pt(ws, orientation)
    titles = _title_span(ws.print_title_rows)
    repeated = (sum(_row_heights_pt(ws, titles[0], titles[1]))
                if titles is not None and titles[0] >= top else 0.0)
    # each group after the first starts its page below the repeated rows
    groups = [(first, [*([repeated] if first > top else []),
                       *_row_heights_pt(ws, first, last)])
              for first, last in _segments(ws, top, bottom)]

    def pages_at(scale: int) -> list[tuple[int, float]]:
        return [pages_down(heights, repeated, room * 100 / scale) for _, heights in groups]

    short = [(i, pages) for i, (pages, last_share) in enumerate(pages_at(percent))
             if pages >= 2 and last_share < SHORT_PAGE]
    if not short:
        return
    for scale in range(percent - 1, MIN_PRINT_PERCENT - 1, -1):
        at = pages_at(scale)
        if all(at[i][0] < pages for i, pages in short):
            ws.sheet_properties.pageSetUpPr.fitToPage = False
            ws.page_setup.scale = scale
            if ws.oddHeader.left.text:
                # the page header was grown for the former scale: printed at this one, the
                # Proposal's 12-point title printed at 10.7 points (89 %)
                title_in_page_header(ws, top)
            return
    breaks = RowBreak()
    for b in ws.row_breaks.brk:
        breaks.append(b)
    for i, _ in short:
        first, heights = groups[i]
        offset = first - (1 if heights and first > top else 0)
        for cut in _balanced_cuts(heights, repeated, room * 100 / percent):
            breaks.append(Break(id=offset + cut))
    breaks.brk = sorted(breaks.brk, key=lambda b: b.id)
    ws.row_breaks = breaks


def tables_whole_down(ws: Worksheet, title_rows: Sequence[int], from_row: int) -> None:
    """On a sheet printed one page wide, one print area of tables one under another (the
    Scenarios' stacked: :func:`ratecalc_workbook.result_sheets.scenarios_stacked`), longer
    than a page: a page ends only between two tables, before the title row (``title_rows``,
    one per table after the first) of each that does not fit the rest of its page, so that
    every table prints whole under its own header and none is repeated over another's rows.
    The sheet then prints at the scale its width fits (manual breaks print only at a fixed
    scale), its title in the page header (:func:`title_in_page_header`, from ``from_row``):
    the pages after the first name the sheet and say what it shows. A sheet repeating a
    header row (a table taller than a page, run on under its header: the Scenarios' years)
    gets no breaks here: :func:`groups_whole_in_area` ends its pages, the table's title and
    header kept with its first rows (``head_from``)."""
    areas = print_areas(ws)
    setup = ws.page_setup
    if len(areas) != 1 or ws.row_breaks.brk or (setup.fitToWidth or 1) != 1:
        return
    top, bottom = areas[0][1], areas[0][3]
    orientation = setup.orientation or "portrait"
    percent = one_wide_percent(ws)
    if sum(_row_heights_pt(ws, top, bottom)) <= page_room_pt(ws, orientation) * 100 / percent:
        return  # one page: as it was
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    setup.scale = percent
    title_in_page_header(ws, from_row)
    if ws.print_title_rows:
        return
    top = print_areas(ws)[0][1]
    room = page_room_pt(ws, orientation) * 100 / percent
    starts = sorted(r for r in title_rows if top < r <= bottom)
    bounds = [top, *starts, bottom + 1]
    breaks, used = RowBreak(), 0.0
    for first, after in zip(bounds, bounds[1:], strict=False):
        height = sum(_row_heights_pt(ws, first, after - 1))
        if used and used + height > room:
            breaks.append(Break(id=first - 1))
            used = 0.0
        used += height
    ws.row_breaks = breaks


def _pages_of(heights: Sequence[float], repeated: float, room: float) -> int:
    """Pages rows of ``heights`` [points] fill, a page of ``room`` ending at any row, each
    page after the first under the ``repeated`` rows' height."""
    pages, used = 1, 0.0
    for height in heights:
        if used and used + height > room:
            pages, used = pages + 1, repeated
        used += height
    return pages


def _group_end(group_first: Mapping[int, int], row: int, bottom: int) -> int:
    """The last row of the group holding ``row`` (no further than ``bottom``)."""
    end = row
    while end < bottom and group_first.get(end + 1) == group_first.get(row, row):
        end += 1
    return end


def _shared_cut(heights: Mapping[int, float], page_top: int, end: int, start: float,
                repeated: float, room: float, full: int) -> int:
    """The row to start the next page at, the page from ``page_top`` ending inside a group
    longer than a page (rows up to ``end``): its rows shared evenly by the pages they take
    (:func:`_balanced_cuts`), where filling each page (to ``full``) left its last page a row
    or two (the 8-payer book's long names over 50 years: each payer's years 12, 12, 12, 12
    and 2 a page). ``start``: the page's height used before its first row."""
    rows = range(page_top, end + 1)
    cuts = _balanced_cuts([*([start] if start else []), *(heights[r] for r in rows)],
                          repeated, room)
    if not cuts:
        return full
    cut = page_top + cuts[0] + (0 if start else 1)
    return cut if page_top < cut <= full else full


_NUMERIC_TEXT = re.compile(r"^\s*[-+]?\d[\d,]*(\.\d+)?\s*$")


def looks_numeric(value: Any) -> bool:
    """Text Excel would flag as a number stored as text (a code such as 97110, an NPI)."""
    return isinstance(value, str) and bool(_NUMERIC_TEXT.match(value))


def groups_whole_in_area(ws: Worksheet, first_row: int, last_row: int, col: int, *,
                         tail_from: int | None = None, head_from: int | None = None) -> None:
    """On a sheet printed one page wide, end no page of rows ``first_row``..``last_row`` (one
    table of its print areas, e.g. the Scenarios' year by year, per payer) inside a group of
    rows of one value of column ``col`` (and the rows under it with none there): where a page
    would end inside a group, it ends before the group's first row instead (a group longer
    than a page takes the pages it needs, its rows shared evenly by them: :func:`_shared_cut`),
    and each page of the table ends with a break of its own. The 8-payer Scenarios printed
    Lakeside's fifth year apart from its first four, under them Meridian's five years.

    Spreadsheets print manual breaks only at a fixed scale: the sheet's, or the one its widest
    print area fits the page's width at. A break spans the sheet's width, cutting any print
    area beside: a page ends at a row where the rows of every other area on it fit the page
    as well (none of their pages ends early), the latest such group's first row; where none
    does, it is left to the programs below the other areas' rows, as before.

    ``tail_from``: the first row after the grouped table (the Scenarios' "All payers, by
    year" under the years), the rows from there to ``last_row`` read as one block whatever is
    typed in column ``col``: with the last group where both fit a page, else from a page of
    their own. Kept with the last group whatever their length, the 18-year totals printed
    their title and years 1-9 under Lakeside's years and years 10-18 on the next page; and a
    note typed in the Payer column beside them started a group, a page ending there.

    ``head_from``: the first row above ``first_row`` read with the first group (a table's
    title and header, under another table in the same print area: the stacked Scenarios'
    years under the per-payer table), a page ending before it where the first group does
    not fit the rest of its page, so that no title or header ends a page apart from its
    rows; a page starting there prints no repeated rows (the programs print them on no page
    starting above them)."""
    setup = ws.page_setup
    areas = print_areas(ws)
    mine = [a for a in areas if a[1] <= first_row <= a[3] and a[0] <= col <= a[2]]
    if (setup.fitToWidth or 1) != 1 or ws.row_breaks.brk or len(mine) != 1:
        return
    _, top, _, bottom = mine[0]
    beside = max((a[3] for a in areas if a != mine[0]), default=0)
    orientation = setup.orientation or "portrait"
    percent = one_wide_percent(ws)
    if percent < MIN_PRINT_PERCENT:
        return
    titles = _title_span(ws.print_title_rows)
    repeated = (sum(_row_heights_pt(ws, titles[0], titles[1]))
                if titles is not None and titles[0] >= top else 0.0)
    heights = dict(zip(range(top, bottom + 1), _row_heights_pt(ws, top, bottom), strict=True))

    def page_ends(room: float) -> RowBreak:
        # the breaks at a page of ``room`` points, each page ending before a group
        group_first: dict[int, int] = {}
        head = first_row if head_from is None else head_from
        for row in range(head, first_row):
            group_first[row] = head
        for row in range(first_row, last_row + 1):
            value = ws.cell(row, col).value
            # a row naming no group (the Scenarios' "All payers, by year" under the years, its
            # title and header) stays with the group above it: not a page of its own
            same = row > first_row and (value is None or value == ws.cell(row - 1, col).value)
            group_first[row] = group_first[row - 1] if same else head if row == first_row \
                else row
        if tail_from is not None and first_row < tail_from <= last_row:
            last_group = group_first[tail_from - 1]
            together = repeated + sum(heights[r] for r in range(last_group, last_row + 1))
            for row in range(tail_from, last_row + 1):
                group_first[row] = last_group if together <= room else tail_from
        # a page may end above the head only where the head fits a page of its own: a first
        # group longer than a page moved to the next fills it no better
        head_fits = head_from is not None and sum(
            heights[r] for r in range(head_from, _group_end(group_first, head_from, bottom) + 1)
        ) <= room
        others = [a for a in areas if a != mine[0]]

        def others_fit(page_top: int, cut: int) -> bool:
            # each other area's rows on a page from page_top to the row above cut fit it, so a
            # break there ends none of its pages early: one that would not printed a page more
            for _, a_top, _, a_bottom in others:
                first, last = max(page_top, a_top), min(cut - 1, a_bottom)
                if first > last:
                    continue
                above = (sum(_row_heights_pt(ws, titles[0], titles[1]))
                         if titles is not None and titles[0] >= a_top and first > a_top else 0.0)
                if above + sum(_row_heights_pt(ws, first, last)) > room:
                    return False
            return True

        breaks, used, page_top, row = RowBreak(), 0.0, top, top
        while row <= bottom:
            if used and used + heights[row] > room:
                # the latest group's first row the page may end above, where the rows of the
                # areas beside fit the page too (the 40-payer per-payer table beside the years
                # kept any break out of its rows, and Payer 00's fifth year printed apart)
                # never above the table's first row, under its title and header (a page of those
                # alone: one payer's 50 years, a group longer than a page, were moved to the next
                # page, which they filled no better)
                starts = [*(r for r in range(row, page_top, -1)
                            if group_first.get(r, r) == r
                            and (r > first_row or r == head_from and head_fits)),
                          row]  # a group longer than a page fills its pages
                cut = next((r for r in starts if others_fit(page_top, r)), None)
                if cut is None:  # as the programs would end it, with no break of its own
                    cut = group_first.get(row, row)
                    cut = cut if page_top < cut < row and cut - 1 > beside else row
                    if cut - 1 > beside:
                        breaks.append(Break(id=cut - 1))
                else:
                    if cut == row and group_first.get(row, row) < row:
                        cut = _shared_cut(heights, page_top, _group_end(group_first, row, bottom),
                                          repeated if page_top > top else 0.0, repeated, room, row)
                    # every page end a break, not only those moved: the programs' pages hold a
                    # little more than this measure, and ended the page inside a later group
                    breaks.append(Break(id=cut - 1))
                # no repeated rows atop a page starting above them (the years' title)
                used = repeated if titles is None or cut > titles[1] else 0.0
                page_top, row = cut, cut
                continue
            used += heights[row]
            row += 1
        return breaks

    room = page_room_pt(ws, orientation) * 100 / percent
    breaks = page_ends(room)
    # the scale chosen for rows that may end a page anywhere (no_short_last_page: 85 % ended
    # the 12-payer years a page sooner) may need a page more once each group is whole and
    # "All payers, by year" kept with the last: the 12-payer 5-year Scenarios printed the
    # years on 3 pages at 85 %, on 2 at 84 %. A smaller scale, to the floor, where it prints
    # the groups on as many pages as their rows alone take at this one
    rows_alone = _pages_of(list(heights.values()), repeated, room)
    if len(breaks.brk) + 1 > rows_alone:
        for smaller in range(percent - 1, MIN_PRINT_PERCENT - 1, -1):
            fewer = page_ends(page_room_pt(ws, orientation) * 100 / smaller)
            if len(fewer.brk) + 1 <= rows_alone:
                percent, breaks = smaller, fewer
                break
    if breaks.brk:
        ws.row_breaks = breaks
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        setup.scale = percent
        if ws.oddHeader.left.text:  # grown for this scale, as groups_whole_down grows it
            title_in_page_header(ws, min(top for _, top, _, _ in areas))
