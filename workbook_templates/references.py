"""Where a workbook refers to a sheet's rows: every formula, check, conditional format, chart,
defined name and link that would point at other cells were the rows moved.

openpyxl's ``move_range`` moves cells only: what refers to them elsewhere keeps its address.
The upgrade (:mod:`ratecalc_workbook.upgrade`) moves rows only when nothing refers to them.
"""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.formula import Tokenizer
from openpyxl.utils import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet


def refers_to_rows(formula: str, sheet: str, top: int, home: str | None) -> bool:
    """True when ``formula`` names a cell of ``sheet`` at row ``top`` or below (a whole
    column, which stays the same column, does not count). ``home`` is the sheet an address
    without a sheet name is on (None: such an address names no sheet, as a defined name's).
    A formula that cannot be read is taken to refer: nothing is moved on a guess."""
    text = formula if formula.startswith("=") else f"={formula}"
    try:
        tokens = Tokenizer(text).items
    except Exception:  # openpyxl's tokenizer raises plain errors on text it cannot read
        return True
    for token in tokens:
        if token.type != "OPERAND" or token.subtype != "RANGE":
            continue
        where, _, address = token.value.rpartition("!")
        named = where.strip("'").replace("''", "'") if where else home
        if named is None or named.casefold() != sheet.casefold():
            continue
        try:
            _, _, _, last_row = range_boundaries(address.replace("$", ""))
        except (ValueError, TypeError):
            continue  # a defined name, checked where it is defined
        if last_row is not None and last_row >= top:
            return True
    return False


def _formulas(wb: Workbook) -> Iterator[tuple[str, str | None, str]]:
    """(formula, home sheet, where) of everything in ``wb`` that may hold an address."""
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            value = cell.value
            text = value.text if isinstance(value, ArrayFormula) else value
            if isinstance(text, str) and text.startswith("="):
                yield text, ws.title, f"the formula in '{ws.title}'!{cell.coordinate}"
        for dv in ws.data_validations.dataValidation:
            for text in (dv.formula1, dv.formula2):
                if text:
                    yield text, ws.title, f"a drop-down or check on '{ws.title}' ({dv.sqref})"
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                for text in rule.formula or ():
                    yield (text, ws.title,
                           f"a conditional format on '{ws.title}' ({cf.sqref})")
        for link in ws._hyperlinks:
            if link.location:
                yield link.location, ws.title, f"the link in '{ws.title}'!{link.ref}"
        for name in ws.defined_names.values():
            yield name.attr_text or "", None, f"the name {name.name}"
    for name in wb.defined_names.values():
        yield name.attr_text or "", None, f"the name {name.name}"
    for holder in [*wb.worksheets, *wb.chartsheets]:
        for chart in getattr(holder, "_charts", ()):
            for element in chart._write().iter():
                tag = str(element.tag).rpartition("}")[2]  # with or without a namespace
                if tag == "f" and element.text:
                    yield element.text, None, f"a chart on '{holder.title}'"


def what_refers_to_rows(wb: Workbook, ws: Worksheet, top: int) -> str | None:
    """The first thing in ``wb`` that names a cell of ``ws`` at row ``top`` or below, in
    words (``the formula in 'My exit math'!A1``); None when nothing does."""
    for text, home, where in _formulas(wb):
        if refers_to_rows(text, ws.title, top, home):
            return where
    return None
