"""A workbook described by meaning, for comparisons that must not depend on bytes or XML order.

Cell values and formulas, number formats, protection of cells, merged ranges, tables, data
validations, conditional formats, frozen panes, sheet protection and visibility, charts per
sheet, defined names: two workbooks with equal snapshots show the user the same thing.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from tests.books import load_book


def sheet_snapshot(ws: Worksheet, *, styles: bool = True) -> dict[str, Any]:
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            entry: Any = cell.value
            if styles:
                entry = (cell.value, cell.number_format, cell.protection.locked)
            cells[cell.coordinate] = entry
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "tables": dict(ws.tables.items()),
        "validations": sorted((str(v.sqref), v.type, v.formula1, v.formula2)
                              for v in ws.data_validations.dataValidation),
        "conditional": sorted(str(r.sqref) for r in ws.conditional_formatting),
        "freeze": ws.freeze_panes,
        "protected": bool(ws.protection.sheet),
        "state": ws.sheet_state,
        "charts": len(ws._charts),
    }


def snapshot(path: Path, *, styles: bool = True) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_book(path)
    return {
        "sheets": wb.sheetnames,
        "names": {n: d.attr_text for n, d in wb.defined_names.items()},
        "content": {ws.title: sheet_snapshot(ws, styles=styles) for ws in wb.worksheets},
    }
