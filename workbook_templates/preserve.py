"""What the user typed on result sheets, captured before refresh rewrites them.

Result sheets are rebuilt from the analysis, but two things on them are the user's: the columns
a result table offers for typing (``Your rate`` and ``Notes``) and any column the user added to
the right of a result table. Both are captured here by row key (payer, or payer and code), and
written back to the row with the same key, wherever it lands after refresh. A key that is no
longer in the results keeps its row at the end of the table, so nothing typed is ever lost.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.frozen_record import frozen_record
from ratecalc_workbook import layout
from ratecalc_workbook.cells import KeptFormula
from ratecalc_workbook.layout import TableSpec
from ratecalc_workbook.rich_text import KeptText, runs_of

Key = tuple[str, ...]


def normalize_key_part(name: str, value: Any) -> str:
    """The form a key cell is compared in: codes upper-case, everything stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.upper() if name == "code" else text


@frozen_record
class KeptColumns:
    """User columns of one result table.

    Attributes
    ----------
    headers : tuple of str
        Every user column in sheet order: the table's own ``user`` columns, then the ones the
        user added.
    added : tuple of str
        The columns the user added (a subset of ``headers``).
    rows : dict
        Row key -> {header: value} for the rows where any user column holds something.
    key_values : dict
        Row key -> the key cells as they were (for rows that must be kept at the end).
    widths : dict
        Header -> column width of the added columns.
    area : tuple of int or None
        (first column, header row, last column, last row) of the table and the columns typed
        beside it, as found.
    total_row : int or None
        The first row of the table's Total Row (Table Design > Total Row), which holds no row
        of results: none of its cells is kept, and refresh names it.
    """

    headers: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    rows: dict[Key, dict[str, Any]] = field(default_factory=dict)
    key_values: dict[Key, tuple[Any, ...]] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)
    area: tuple[int, int, int, int] | None = None
    total_row: int | None = None


@frozen_record
class Preserved:
    """Everything user-typed on result sheets, and what else they held: ``outside`` maps each
    result sheet to its cells holding a value outside every table and the columns typed beside
    one (row, column -> value), for :func:`lost_cells`; ``recorded``: those are the user's
    values alone, RateCalc's own told apart by its record (:func:`own_texts`), else (a
    workbook refreshed before RateCalc kept one) by their place and words; ``styled``: in such
    a workbook, the cells of ``outside`` that bear a style, the only ones that may be
    RateCalc's (:func:`_earlier_own`); ``formulas``: in such a workbook, the formulas outside
    its tables, which are not in ``outside`` (taken for RateCalc's: its sums move as the tables
    grow), for :func:`guessed_cells` to name one the rewritten sheet does not write; also in
    one whose record an earlier RateCalc kept of its texts alone."""

    tables: dict[str, KeptColumns] = field(default_factory=dict)
    selected_payer: Any = None
    outside: dict[str, dict[tuple[int, int], Any]] = field(default_factory=dict)
    recorded: bool = False
    styled: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    #: (sheet, table name, its range) of each Excel table on a result sheet that is not
    #: RateCalc's (:func:`foreign_tables`): refresh names it, as it rewrites the sheet without it
    foreign: tuple[tuple[str, str, str], ...] = ()

    def kept(self, spec: TableSpec) -> KeptColumns:
        default = KeptColumns(headers=tuple(c.header for c in spec.columns if c.role == "user"))
        return self.tables.get(spec.name, default)


def own_table(ws: Worksheet, spec: TableSpec) -> Table | None:
    """``spec``'s Excel table on ``ws``: by its name, else as a refresh renamed it on a sheet
    since named back (``tblProposal_2`` on the Proposal sheet: layout.is_table_of), else as
    the user renamed it (Table Design > Table Name), by its header row as the reader finds an
    input table (:func:`ratecalc_workbook.reader.excel_table`)."""
    table = ws.tables.get(spec.name)
    if table is None:
        table = next((t for t in ws.tables.values() if layout.is_table_of(t.name, spec)), None)
    if table is None and ws.tables:
        # not found, a renamed table was another's to the capture: the notes typed in it
        # were dropped by refresh without a word (pandas, the reader's, only for this case)
        from ratecalc_workbook.reader import excel_table
        table = excel_table(ws, spec)
    return table


def foreign_tables(ws: Worksheet) -> list[Table]:
    """The Excel tables on result sheet ``ws`` that are not RateCalc's: of no layout table's
    name (nor as a refresh renames one, :func:`layout.is_table_of`), nor one of the sheet's
    tables the user renamed (:func:`own_table`: those with Notes by their key and Notes, the
    others, RateCalc's figures alone, by their headers). Refresh rewrites the sheet without
    them."""
    foreign = [t for t in ws.tables.values() if not any(
        layout.is_table_of(t.name, spec) for spec in layout.TABLES_BY_NAME.values())]
    if foreign:
        # every table of the sheet's, not only those the user types in: the Scenarios' years
        # renamed were named as the user's own, "what it held" said lost, where it held
        # RateCalc's figures alone, written again
        found = [table for spec in layout.TABLES_BY_NAME.values() if spec.sheet == ws.title
                 and (table := own_table(ws, spec)) is not None]
        foreign = [t for t in foreign if all(t is not table for table in found)]
    return foreign


def table_origin(ws: Worksheet, spec: TableSpec) -> tuple[int, int, int]:
    """(header row, first column, last row) of ``spec``'s table on ``ws`` as it is now: from the
    Excel table object when there is one, else the layout's position down to the sheet's end
    (rows whose key cells are blank are skipped)."""
    table = own_table(ws, spec)
    if table is not None:
        # The table's own rows only: other tables may sit below it on the same sheet.
        min_col, min_row, _, max_row = range_boundaries(table.ref)
        return min_row, min_col, max_row
    return spec.header_row, spec.first_col, ws.max_row


def capture_table(ws: Worksheet, spec: TableSpec) -> KeptColumns:
    """The user columns of one result table, by row key."""
    header_row, first_col, last_row = table_origin(ws, spec)
    # a column typed beside the table, up to another table beside it (Scenarios, Totals): its
    # headers are that table's, not the user's
    own = own_table(ws, spec)
    others = [range_boundaries(t.ref) for t in ws.tables.values() if t is not own]
    headers: list[str] = []
    col = first_col
    while True:
        value = ws.cell(row=header_row, column=col).value
        if value is None or str(value).strip() == "" or any(
                left <= col <= right and top <= header_row <= bottom
                for left, top, right, bottom in others):
            break
        headers.append(str(value).strip())
        col += 1
    managed = spec.managed
    key_cols = {}
    for key in spec.key:
        header = spec.spec(key).header
        if header not in headers:
            return KeptColumns(headers=tuple(c.header for c in spec.columns if c.role == "user"))
        key_cols[key] = first_col + headers.index(header)
    user = [h for h in headers if h not in managed or managed[h].role == "user"]
    added = tuple(h for h in user if h not in managed)
    user_cols = {h: first_col + headers.index(h) for h in user}
    rows: dict[Key, dict[str, Any]] = {}
    key_values: dict[Key, tuple[Any, ...]] = {}
    # the Total Row is no row of results: taken for one, its "Total" came back as a payer "not
    # in the latest results", with what its Notes cell held
    totals = (own.totalsRowCount or 0) if own is not None else 0
    if user_cols:
        for r in range(header_row + 1, last_row - totals + 1):
            raw = tuple(ws.cell(row=r, column=c).value for c in key_cols.values())
            key = tuple(normalize_key_part(k, v) for k, v in zip(key_cols, raw, strict=True))
            if not any(key):
                continue
            values = {h: _kept(ws.cell(row=r, column=c)) for h, c in user_cols.items()}
            values = {h: v for h, v in values.items()
                      if v is not None and not (isinstance(v, str) and not v.strip())}
            if values and key not in rows:
                rows[key] = values
                key_values[key] = raw
    widths = {h: ws.column_dimensions[get_column_letter(user_cols[h])].width or 12.0
              for h in added}
    area = (first_col, header_row, first_col + len(headers) - 1, last_row)
    return KeptColumns(headers=tuple(user), added=added, rows=rows, key_values=key_values,
                       widths=widths, area=area,
                       total_row=last_row - totals + 1 if totals else None)


def _kept(cell: Any) -> Any:
    """A user cell's value; a formula they typed stays a formula (keeping the value the file
    cached for it), text stays text, a word they made bold in it stays bold."""
    if cell.data_type == "f" and isinstance(cell.value, str):
        return KeptFormula(cell.value, (cell.row, cell.column))
    runs = runs_of(cell)
    return cell.value if runs is None else KeptText(runs)


def capture(wb: Workbook) -> Preserved:
    """User-typed cells of every result sheet of ``wb``."""
    tables: dict[str, KeptColumns] = {}
    for spec in layout.CARRIED_TABLES:
        if spec.sheet in wb.sheetnames:
            tables[spec.name] = capture_table(wb[spec.sheet], spec)
    selected = None
    if layout.PROPOSAL in wb.sheetnames:
        selected = wb[layout.PROPOSAL].cell(row=layout.SELECTED_PAYER_ROW,
                                             column=layout.SELECTED_PAYER_COL).value
    record = own_texts(wb)
    outside = {}
    styled = {}
    formulas = {}
    for name in CHECKED_SHEETS:
        if name not in wb.sheetnames:
            continue
        areas = [kept.area for spec in layout.CARRIED_TABLES if spec.sheet == name
                 and (kept := tables.get(spec.name)) is not None and kept.area is not None]
        # a record of texts alone (an earlier RateCalc's) or none: a formula there is taken for
        # RateCalc's, as that RateCalc took it, or its own Totals sums would be the user's
        found = _outside(wb[name], areas, formulas=record is not None and record.formulas)
        if record is None or not record.formulas:
            formulas[name] = {at: str(value) for at, value in
                              _outside(wb[name], areas, formulas=True).items()
                              if at not in found}
        if record is not None:
            counts = Counter(own_text_key(value) for value in found.values())
            outside[name] = {at: value for at, value in found.items()
                             if not record.holds(name, at, value, counts)}
            continue
        # No record (a workbook last refreshed before RateCalc kept one): RateCalc's note above
        # a table that had no rows goes when it has some; a text of the user's saying the same
        # words elsewhere is the user's
        above = _rows_above(wb[name], areas)
        cells = {at: value for at, value in found.items()
                 if not (at in above and layout.is_empty_note(value))}
        # a sheet that said nothing was computed yet held RateCalc's notes alone
        if not {layout.NOT_COMPUTED, layout.NOT_REFRESHED} & {
                str(v).strip() for v in cells.values()}:
            outside[name] = cells
            styled[name] = frozenset(at for at in cells if wb[name]._cells[at].has_style)
    foreign = tuple((name, t.name, t.ref) for name in layout.RESULT_SHEETS
                    if name in wb.sheetnames for t in foreign_tables(wb[name]))
    return Preserved(tables=tables, selected_payer=selected, outside=outside,
                     recorded=record is not None, styled=styled, formulas=formulas,
                     foreign=foreign)


#: The result sheets whose cells outside the tables may hold a value the user typed: the
#: Dashboard holds no table, its figures and chart data come and go with the data (a payer
#: removed took its chart column), so what left it cannot be told from a value the user typed;
#: the hidden Lists sheet is RateCalc's alone.
CHECKED_SHEETS: tuple[str, ...] = tuple(name for name in layout.RESULT_SHEETS
                                        if name not in (layout.LISTS, layout.DASHBOARD))


def own_text_key(value: Any) -> str:
    """What the record of RateCalc's own texts keeps of one: a digest of its words, so that line
    breaks the layout or a program saving the file puts in or takes out do not count; of a
    formula, of its text as any program saving the file writes it (:func:`_formula_form`)."""
    text = str(value)
    words = _formula_form(text) if text.startswith("=") else " ".join(text.split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:24]


def _formula_form(formula: str) -> str:
    """A formula with what a program saving the file may write otherwise taken out: LibreOffice
    drops the quotes of a sheet name that needs none ('Proposal'!$D$5 -> Proposal!$D$5), Excel
    writes names in capitals and spaces as it likes and marks newer functions (_xlfn.)."""
    text = "".join(formula.split()).replace("'", "").upper()
    return text.replace("_XLFN.", "").replace("_XLWS.", "")


def record_own_texts(wb: Workbook) -> None:
    """Record on the Lists sheet, rewritten just before, what the result sheets hold outside
    their tables once written: all of it RateCalc's (titles, notes, section titles, why a table
    is empty or not computed, the payer picked for the letter, carried over, and its formulas:
    the Totals' sums).

    The next refresh (:func:`capture`) takes a cell outside the tables holding one of these
    texts or formulas for RateCalc's, whatever the sheet's shape was and becomes, and any other
    for the user's. They are kept as digests (:func:`own_text_key`), a row each, under
    :data:`layout.LIST_OWN_HEADERS`, which say the record holds formulas too, with the cell
    each was written at (:data:`layout.LIST_OWN_CELL_HEADER`): a copy the user makes of one
    elsewhere on the sheet is theirs (:meth:`OwnTexts.holds`).
    """
    lists = wb[layout.LISTS]
    columns = (layout.LIST_OWN_SHEET_COL, layout.LIST_OWN_TEXT_COL, layout.LIST_OWN_CELL_COL)
    for col, header in zip(columns, (*layout.LIST_OWN_HEADERS, layout.LIST_OWN_CELL_HEADER),
                           strict=True):
        lists.cell(row=1, column=col, value=header)
    row = layout.LIST_FIRST_ROW
    for name in CHECKED_SHEETS:
        if name not in wb.sheetnames:
            continue
        found = _outside(wb[name], [], formulas=True)
        for key, (at_row, at_col) in sorted((own_text_key(v), at) for at, v in found.items()):
            lists.cell(row=row, column=columns[0], value=name)
            lists.cell(row=row, column=columns[1], value=key)
            lists.cell(row=row, column=columns[2],
                       value=f"{get_column_letter(at_col)}{at_row}")
            row += 1


@frozen_record
class OwnTexts:
    """RateCalc's record of what it wrote outside the result tables (:func:`own_texts`).

    Attributes
    ----------
    texts : dict
        Sheet -> the digests (:func:`own_text_key`) of RateCalc's texts on it, and of its
        formulas when ``formulas``.
    formulas : bool
        Whether the record holds RateCalc's formulas: not when an earlier RateCalc made it
        (:data:`layout.TEXTS_ONLY_OWN_HEADERS`), which recorded its texts alone.
    places : dict or None
        Sheet -> digest -> the (row, column) cells RateCalc wrote it at; None when the record
        names no cells (an earlier RateCalc's).
    """

    texts: dict[str, frozenset[str]]
    formulas: bool
    places: dict[str, dict[str, frozenset[tuple[int, int]]]] | None = None

    def holds(self, sheet: str, at: tuple[int, int], value: Any, counts: Counter[str]) -> bool:
        """Whether the cell ``at`` of ``sheet``, holding ``value``, is RateCalc's: its words
        (or formula) recorded, and, where the record names cells, at one RateCalc wrote them at
        or, moved (rows inserted above it), no more cells holding them outside the tables
        (``counts``, by digest) than RateCalc wrote. A copy the user made of one beside it is
        then theirs; so is either, conservatively, when both moved. Words the record names
        no cell for tell alone."""
        key = own_text_key(value)
        if key not in self.texts.get(sheet, frozenset()):
            return False
        places = None if self.places is None else self.places.get(sheet, {}).get(key)
        if not places:
            # no cell recorded for these words (a record of before, or its Cell cleared on the
            # Lists sheet): they tell alone, or each of RateCalc's would be refused as the user's
            return True
        return at in places or counts[key] <= len(places)


#: A cell's name as :func:`record_own_texts` writes it ("C11").
_CELL_NAME = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


def own_texts(wb: Workbook) -> OwnTexts | None:
    """The record :func:`record_own_texts` made at the last refresh, or an earlier RateCalc's
    of its texts alone; None when the workbook holds none (made before the record was)."""
    if layout.LISTS not in wb.sheetnames:
        return None
    lists = wb[layout.LISTS]
    first, last = layout.LIST_OWN_SHEET_COL, layout.LIST_OWN_TEXT_COL
    headers = tuple(lists.cell(row=1, column=c).value for c in (first, last))
    if headers not in (layout.LIST_OWN_HEADERS, layout.TEXTS_ONLY_OWN_HEADERS):
        return None
    placed = lists.cell(row=1, column=layout.LIST_OWN_CELL_COL).value \
        == layout.LIST_OWN_CELL_HEADER
    record: dict[str, set[str]] = {}
    places: dict[str, dict[str, set[tuple[int, int]]]] = {}
    for name, key, at in lists.iter_rows(min_row=layout.LIST_FIRST_ROW, min_col=first,
                                         max_col=layout.LIST_OWN_CELL_COL, values_only=True):
        if isinstance(name, str) and isinstance(key, str):
            record.setdefault(name, set()).add(key)
            cell = _CELL_NAME.fullmatch(at) if placed and isinstance(at, str) else None
            if cell is not None:  # else not a cell's name: the place is unknown, so the
                # words tell alone (OwnTexts.holds)
                places.setdefault(name, {}).setdefault(key, set()).add(
                    (int(cell[2]), column_index_from_string(cell[1])))
    return OwnTexts({name: frozenset(keys) for name, keys in record.items()},
                    formulas=headers == layout.LIST_OWN_HEADERS,
                    places={name: {key: frozenset(at) for key, at in keys.items()}
                            for name, keys in places.items()} if placed else None)


def _rows_above(ws: Worksheet, areas: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """The (row, column) places right above each table's header row (``ws.tables`` and
    ``areas``), where RateCalc says why a table is empty."""
    areas = areas + [range_boundaries(t.ref) for t in ws.tables.values()]
    return {(top - 1, col) for left, top, right, _ in areas for col in range(left, right + 1)}


def _outside(ws: Worksheet, areas: list[tuple[int, int, int, int]], *, formulas: bool = False
             ) -> dict[tuple[int, int], Any]:
    """``ws``'s cells holding a value outside every table (``ws.tables``) and ``areas``; with
    ``formulas``, a cell holding a formula too (an array formula's text), else those are
    skipped (taken for RateCalc's where its record cannot tell its own from the user's)."""
    areas = areas + [range_boundaries(t.ref) for t in ws.tables.values()]
    found: dict[tuple[int, int], Any] = {}
    # a loop, not a comprehension calling any() per cell: most of a result sheet's cells are
    # in its tables, and a generator made for each was most of the time this took
    for (row, col), cell in ws._cells.items():
        value = cell.value
        if value is None or (cell.data_type == "f" and not formulas):
            continue
        if isinstance(value, ArrayFormula):
            value = value.text
        for left, top, right, bottom in areas:
            if left <= col <= right and top <= row <= bottom:
                break
        else:
            if str(value).strip() != "":
                found[(row, col)] = value
    return found


def _earlier_own(ws: Worksheet, preserved: Preserved) -> Callable[[tuple[int, int], Any], bool]:
    """Whether a cell of ``preserved.outside`` on ``ws``'s sheet, (row, column) and value, is
    RateCalc's, in a workbook refreshed before RateCalc kept its record (:func:`own_texts`):
    never with the record (its cells there are the user's alone); else a title an earlier
    RateCalc wrote on a sheet that no longer holds it (:data:`layout.FORMER_RESULT_TEXTS`), or
    a cell bearing a style (RateCalc writes every text outside its tables styled, a title bold,
    a note italic; a value typed in an empty cell has none) whose words the rewritten sheet
    holds outside its tables (a note that moved as its table grew). A "yes", a payer's name or a
    number the user typed is the user's though the new tables hold the same."""
    if preserved.recorded:
        return lambda at, value: False
    styled = preserved.styled.get(ws.title, frozenset())
    former = layout.FORMER_RESULT_TEXTS.get(ws.title)
    ours: set[str] | None = None

    def own(at: tuple[int, int], value: Any) -> bool:
        nonlocal ours
        if former is not None and isinstance(value, str) \
                and former.fullmatch(" ".join(value.split())):
            return True  # words of RateCalc's alone: a workbook of then may hold them plain
        if at not in styled:
            return False
        if ours is None:  # read only when asked: a big sheet has many
            ours = {own_text_key(v) for v in _outside(ws, [], formulas=True).values()}
        return own_text_key(value) in ours

    return own


def guessed_cells(wb: Workbook, preserved: Preserved) -> list[tuple[str, int, int, Any]]:
    """Cells of the old result sheets that :func:`_earlier_own` took for RateCalc's by their
    style and words alone, in a workbook refreshed before RateCalc kept its record, and that
    the rewritten sheet drops or writes a table over: (sheet, row, column, value), in sheet
    order. RateCalc's note that moved as its table grew is one; so is a cell the user typed or
    pasted (a paste brings RateCalc's style along) holding the same words or formula, which
    nothing left in such a workbook tells apart: the refresh goes on, and names each, so that
    a cell of the user's is never dropped without a word. A former title
    (:data:`layout.FORMER_RESULT_TEXTS`, RateCalc's words alone) is not one, nor words the
    rewritten sheet writes outside its tables on the same row: a title that moved along its
    row as the tables beside it were placed anew (the Scenarios' "Year by year, per payer",
    S4 -> N4 by pages-13), named on every such workbook's first refresh, where a copy of the
    user's would have to be pasted on the very row RateCalc writes it.

    A formula outside the tables (``preserved.formulas``, also where an earlier RateCalc's
    record holds its texts alone) is one too when the rewritten sheet
    holds none of its shape (:func:`_formula_shape`) outside its tables: RateCalc's sums are
    written again with other rows as the tables grow, and a formula of the user's that looks
    like one of them is not told apart, but any other was dropped without a word."""
    guessed = _guessed_formulas(wb, preserved)
    if preserved.recorded:
        return guessed
    for name, cells in preserved.outside.items():
        if name not in wb.sheetnames or not cells:
            continue
        ws = wb[name]
        areas = [range_boundaries(t.ref) for t in ws.tables.values()]
        earlier_own = _earlier_own(ws, preserved)
        former = layout.FORMER_RESULT_TEXTS.get(ws.title)
        rows: set[tuple[int, str]] | None = None  # (row, words) the rewritten sheet writes
        for (row, col), value in sorted(cells.items()):
            now = getattr(ws._cells.get((row, col)), "value", None)
            covered = any(a[0] <= col <= a[2] and a[1] <= row <= a[3] for a in areas)
            if now == value or not (now is None or covered):
                continue  # kept, or the rewritten sheet writes RateCalc's own value there
            if former is not None and isinstance(value, str) \
                    and former.fullmatch(" ".join(value.split())):
                continue
            if not earlier_own((row, col), value):
                continue
            if rows is None:  # read only when asked, as _earlier_own reads the sheet
                rows = {(at[0], own_text_key(v))
                        for at, v in _outside(ws, [], formulas=True).items()}
            if (row, own_text_key(value)) not in rows:
                guessed.append((name, row, col, value))
    order = {name: n for n, name in enumerate(preserved.outside)}
    return sorted(guessed, key=lambda cell: (order.get(cell[0], len(order)), cell[1], cell[2]))


def _formula_shape(formula: str) -> str:
    """A formula with its row numbers (and any other digits) taken out, as written by any
    program (:func:`_formula_form`): RateCalc's sum of a table that grew has the shape of the
    one it replaces ('=SUM(D5:D20)' and '=SUM(D5:D26)')."""
    return re.sub(r"\d+", "", _formula_form(formula))


def _guessed_formulas(wb: Workbook, preserved: Preserved) -> list[tuple[str, int, int, Any]]:
    """The formulas outside the old tables of a workbook without RateCalc's record that the
    rewritten sheet neither keeps at their cell nor writes in their shape
    (:func:`guessed_cells`)."""
    guessed = []
    for name, cells in preserved.formulas.items():
        if name not in wb.sheetnames or not cells:
            continue
        ws = wb[name]
        written = {_formula_shape(str(v)) for v in _outside(ws, [], formulas=True).values()
                   if str(v).startswith("=")}
        for (row, col), value in sorted(cells.items()):
            if getattr(ws._cells.get((row, col)), "value", None) == value:
                continue
            if _formula_shape(value) not in written:
                guessed.append((name, row, col, value))
    return guessed


def lost_cells(wb: Workbook, preserved: Preserved) -> list[tuple[str, int, int, Any]]:
    """Cells of the old result sheets, outside their tables, whose value the rewritten sheets
    do not hold at the same cell: (sheet, row, column, value), in sheet order.

    Refresh keeps what is typed in a table's Notes or Your rate column and in a column added
    right beside a table; a sheet is otherwise rebuilt whole, so a note typed elsewhere (the
    sheet unprotected) went without a word. The cells ``preserved`` holds are the user's alone
    when RateCalc's own were told apart by its record (a value the user typed over one of
    RateCalc's notes is lost too, the note written again in its place); else, a cell is
    RateCalc's where the rewritten sheet writes a value at it, or as :func:`_earlier_own`
    tells (a note that moved as its table grew, a former title). The same words elsewhere on
    the new sheet (a payer's name in a table, a copy of a sum) do not keep the user's cell."""
    lost = []
    for name, cells in preserved.outside.items():
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        earlier_own = _earlier_own(ws, preserved)
        for (row, col), value in sorted(cells.items()):
            now = getattr(ws._cells.get((row, col)), "value", None)
            if now != value and (preserved.recorded or now is None) \
                    and not earlier_own((row, col), value):
                lost.append((name, row, col, value))
    return lost


def landed_cells(wb: Workbook, preserved: Preserved) -> list[tuple[str, int, int, Any, str]]:
    """Cells the user typed outside the old result tables that a rewritten table now covers:
    (sheet, row, column, value, the header of the table's column there), in sheet order.

    Judged against the tables as refresh has just written them, not as they were found: a
    table that gained a column (a new result column after Notes) or rows (more payers or codes)
    lands on a cell that was beside or below it, and refresh would write its own figure there.
    :func:`lost_cells` names what the rebuilt sheet merely leaves out; these are the user's
    cells a table is written over, so the refresh is refused instead (the caller keeps the
    book as it was). A value the table writes there itself is not one; neither is, in a
    workbook refreshed before RateCalc kept its record (:func:`own_texts`), an earlier
    RateCalc's note that moved as its table grew or its former title (:func:`_earlier_own`)."""
    landed = []
    for name, cells in preserved.outside.items():
        if name not in wb.sheetnames or not cells:
            continue
        ws = wb[name]
        areas = [range_boundaries(t.ref) for t in ws.tables.values()]
        earlier_own = _earlier_own(ws, preserved)
        for (row, col), value in sorted(cells.items()):
            area = next((a for a in areas if a[0] <= col <= a[2] and a[1] <= row <= a[3]),
                        None)
            if area is None or getattr(ws._cells.get((row, col)), "value", None) == value \
                    or earlier_own((row, col), value):
                continue
            header = ws.cell(row=area[1], column=col).value
            landed.append((name, row, col, value, "" if header is None else str(header)))
    return landed
