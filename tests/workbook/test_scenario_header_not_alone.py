"""The Scenarios of a one-payer practice over a long horizon start its years on the first page:
the payer's years (one group longer than a page) were moved whole to the next page, which they
cannot fit either, and the first page printed the title and the years' header row alone (a
break under the header, row 5: one payer, 50 Scenario years, 1 payer of the demo clinic)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.utils.cell import range_boundaries

from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book


def _book(folder: Path, payers: int, years: int) -> Path:
    data = demo_data()
    kept = list(dict.fromkeys(data.contracts["payer"]))[:payers]
    changed = {f.name: getattr(data, f.name)[getattr(data, f.name)["payer"].isin(kept)]
               for f in dataclasses.fields(data)
               if isinstance(getattr(data, f.name), pd.DataFrame)
               and "payer" in getattr(data, f.name).columns}
    data = dataclasses.replace(data, **changed)
    data = dataclasses.replace(data, settings=dataclasses.replace(data.settings,
                                                                  scenario_years=years))
    book = folder / f"p{payers}-y{years}.xlsx"
    new_workbook(book, data)
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    return book


@pytest.mark.parametrize(("payers", "years"), [(1, 50), (2, 50)])
def test_no_page_ends_under_the_years_header(tmp_path: Path, payers: int, years: int) -> None:
    ws = open_book(_book(tmp_path, payers, years))[layout.SCENARIOS]
    _, header, _, last = range_boundaries(ws.tables[layout.SCENARIO_YEARS_TABLE.name].ref)
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    assert breaks, "fifty years fill more than a page"
    # a page ending at the header row holds no year of the table
    assert header not in breaks, (header, breaks)
    # the first page holds years: it ends below the first payer's first years
    assert breaks[0] > header + 10, (header, breaks)
