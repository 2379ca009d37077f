"""The Totals sheet's codes by volume say the Pareto share that marks them as it is stated
(:func:`ratecalc.money.stated_percent_text`), and the Settings cell shows it with those
decimals: formatted ``{:.0%}``, a share of 82.5% (0.825, 0.82499999... in binary) headed the
table "top 82% marked"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book, tiny_clinic


@pytest.mark.parametrize(("share", "said"), [(0.825, "82.5%"), (0.8, "80%"), (0.8255, "82.55%")])
def test_the_codes_by_volume_say_the_share_as_stated(share: float, said: str,
                                                     tmp_path: Path) -> None:
    data = tiny_clinic()
    data = dataclasses.replace(data, settings=dataclasses.replace(data.settings,
                                                                  pareto_share=share))
    book = new_workbook(tmp_path / "book.xlsx", data)
    assert refresh_workbook(book, now=NOW).ok
    wb = open_book(book)
    texts = [c.value for row in wb[layout.TOTALS].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("Codes by volume")]
    assert texts == [f"Codes by volume (top {said} marked)"]
    settings = wb[layout.SETTINGS_SHEET]
    [cell] = [row[1] for row in settings.iter_rows() if row[0].value == "Pareto share"]
    assert cell.value == share
    assert cell.number_format == layout.FORMATS["pct_stated"]
