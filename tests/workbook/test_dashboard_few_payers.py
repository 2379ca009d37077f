"""The Dashboard of a practice with three payers of short names prints one page wide: the
rate chart ended 4 pixels inside a blank column after the chart data, which the print area
took whole, and the page, at 79% where 80% is the least, printed two pages across, each chart
cut at the first page's edge (walk-6: a PT + OT practice with Anthem Blue Cross, Aetna and
Blue Shield of California, rendered in LibreOffice)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.demo import demo_data
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import MIN_PRINT_PERCENT, drawn_percent, print_columns
from ratecalc_workbook.refresh import refresh_workbook
from tests.workbook.conftest import NOW, open_book

NAMES = {"Summit BlueCare PPO": "Anthem Blue Cross", "Keystone Health Plan": "Aetna",
         "Meridian Mutual": "Blue Shield of California"}


def _three_payers() -> Any:
    return _kept_payers(NAMES)


def _kept_payers(names: dict[str, str]) -> Any:
    data = demo_data()
    changed = {}
    for field in dataclasses.fields(data):
        frame = getattr(data, field.name)
        if isinstance(frame, pd.DataFrame) and "payer" in frame.columns:
            kept = frame[frame["payer"].isin(list(names))]
            changed[field.name] = kept.assign(payer=kept["payer"].replace(names))
    return dataclasses.replace(data, **changed)


def test_three_short_payer_names_print_the_dashboard_one_page_wide(tmp_path: Path) -> None:
    book = tmp_path / "three.xlsx"
    new_workbook(book, _three_payers())
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    ws = open_book(book)[layout.DASHBOARD]
    first, last = print_columns(ws)
    assert drawn_percent(ws, first, last, "landscape") >= MIN_PRINT_PERCENT
    assert ws.page_setup.fitToWidth == 1


def _chart_titles(book: Path) -> list[str]:
    import re
    import zipfile

    with zipfile.ZipFile(book) as package:
        return [" ".join(re.findall(r"<a:t>([^<]*)</a:t>", package.read(n).decode())[:1])
                for n in package.namelist() if n.startswith("xl/charts/chart")]


def test_the_rate_chart_of_three_payers_does_not_say_top_4(tmp_path: Path) -> None:
    """The rate chart showed the three payers under "top 4 payers by dollars at stake"."""
    book = tmp_path / "three.xlsx"
    new_workbook(book, _three_payers())
    assert refresh_workbook(book, now=NOW).ok
    titles = _chart_titles(book)
    assert "Rate per unit, codes billed most: all 3 payers" in titles, titles
    assert not any("top 4" in title for title in titles), titles


def test_the_rate_chart_of_exactly_four_payers_says_all_of_them(tmp_path: Path) -> None:
    """Four payers charted of four: "top 4 payers" said there were more (review-pw6)."""
    data = demo_data()
    payers = list(dict.fromkeys(data.contracts["payer"]))[:4]
    assert len(payers) == 4
    book = tmp_path / "four.xlsx"
    new_workbook(book, _kept_payers({name: name for name in payers}))
    assert refresh_workbook(book, now=NOW).ok
    titles = _chart_titles(book)
    assert "Rate per unit, codes billed most: all 4 payers" in titles, titles
    assert not any("top 4" in title for title in titles), titles


def _one_payer() -> Any:
    return _kept_payers({"Summit BlueCare PPO": "Anthem Blue Cross"})


def test_the_rate_chart_of_one_payer_names_it_its_one_payer(tmp_path: Path) -> None:
    """One payer charted: neither "top 4 payers" nor "all 1 payers"."""
    book = tmp_path / "one.xlsx"
    new_workbook(book, _one_payer())
    result = refresh_workbook(book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    titles = _chart_titles(book)
    assert "Rate per unit, codes billed most: its one payer" in titles, titles
    assert not any("top 4" in title or "all 1 " in title for title in titles), titles
