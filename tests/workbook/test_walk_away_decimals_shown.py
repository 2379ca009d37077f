"""The Exit Impact sheet shows a rate per visit and its walk-away floor with the decimals
``exit-impact`` says them with (:func:`ratecalc.exit_impact.walk_away_figures`), as LibreOffice
renders them after recalculating: a rate $0.001 short of its floor ($99.46 against $90.01 +
10.5% = $99.46105) read "$99.46 / $99.46 / no" in cells that show cents, while the command said
"$99.46 a visit is $0.001 below the floor of $99.461". A rate that meets its floor shows cents,
and binary noise never shows ($90.00 + 10% is 99.00000000000001: "$99.00")."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, tiny_clinic
from .libreoffice import SOFFICE, export_shown

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]


def _clinic(rate: float, cost: float, margin: float):  # type: ignore[no-untyped-def]
    """The tiny clinic with Alpha Health paying ``rate`` for each of its 150 units in 150 visits
    (``rate`` a visit), a cost per visit of ``cost`` and a walk-away margin ``margin``."""
    data = tiny_clinic()
    fees = data.fee_schedules.copy()
    fees.loc[fees["payer"] == "Alpha Health", "allowed_amount"] = rate
    payers = data.payers.assign(visits_per_year=[150, 80])
    metrics = pd.concat([data.metrics, pd.DataFrame({
        "metric": ["cost_per_visit"], "value": [cost], "benchmark": [None], "unit": ["USD"],
        "period": ["2025"], "source": ["test"]})], ignore_index=True)
    return dataclasses.replace(
        data, fee_schedules=fees, payers=payers, metrics=metrics,
        settings=dataclasses.replace(data.settings, walk_away_margin=margin))


def _header(key: str) -> str:
    return next(c.header for c in layout.EXIT_TABLE.columns if c.key == key)


CASES = [
    # 90.01 x 1.105 = 99.46105, by hand: $0.00105 short, said to the tenth of a cent
    ("short", 99.46, 90.01, 0.105, ("$99.46", "$99.461", "no")),
    # 90 x 1.1000001 = 99.000009: $99.00 is $0.000009 short, said to the thousandth of a cent
    ("micro", 99.0, 90.0, 0.1000001, ("$99.00", "$99.00001", "no")),
    # 90 x 1.10 = 99 exactly (99.00000000000001 in binary)
    ("at", 99.0, 90.0, 0.10, ("$99.00", "$99.00", "yes")),
]


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Path]]]:
    """Each case's workbook, built and refreshed, and what LibreOffice shows of its sheets,
    every case in one LibreOffice run (a start costs about a CPU-second; each file is still
    loaded, recalculated and written on its own). The tests only read them."""
    folder = tmp_path_factory.mktemp("walk-away")
    (folder / "given").mkdir()
    books = []
    for name, rate, cost, margin, _ in CASES:
        book = folder / "given" / f"{name}.xlsx"
        new_workbook(book, _clinic(rate, cost, margin))
        result = refresh_workbook(book, now=NOW)
        assert result.ok, [p.message for p in result.errors]
        books.append(book)
    files = export_shown(books, folder / "shown",
                         [[layout.EXIT_TABLE.sheet, layout.SETTINGS_SHEET]] * len(books))
    return {book.stem: (book, per_book) for book, per_book in zip(books, files, strict=True)}


@pytest.mark.parametrize(("name", "rate", "cost", "margin", "shown_as"), CASES)
def test_the_sheet_shows_the_walk_away_figures_the_command_says(
        name: str, rate: float, cost: float, margin: float, shown_as: tuple[str, str, str],
        shown: dict[str, tuple[Path, dict[str, Path]]],
        capsys: pytest.CaptureFixture[str]) -> None:
    book, files = shown[name]
    # the Settings' margin cell shows the decimals the words quote (ratecalc.money.
    # stated_percent_text): 10.00001% read 10.0% there
    with files[layout.SETTINGS_SHEET].open(encoding="utf-8", newline="") as f:
        [margin_row] = [r for r in csv.reader(f) if r and r[0] == "Walk-away margin"]
    assert margin_row[1] == {"short": "10.50%", "micro": "10.00001%", "at": "10.00%"}[name]
    with files[layout.EXIT_TABLE.sheet].open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = next(r for r in rows if "Payer" in r)
    at = {h: i for i, h in enumerate(header)}
    alpha = next(r for r in rows if r and r[at["Payer"]] == "Alpha Health")
    on_sheet = (alpha[at[_header("rate_per_visit")]], alpha[at[_header("walk_away_floor")]],
                alpha[at[_header("meets_floor")]])
    assert on_sheet == shown_as
    # the command's words and --json, read from the same workbook, give the same figures
    assert main(["exit-impact", "--payer", "Alpha Health", "--data", str(book), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    words = payload["walk_away_words"]
    rate_said, floor_said, meets = shown_as
    verdict = "meets" if meets == "yes" else "is"
    assert words.startswith(f"Walk-away check: {rate_said} a visit {verdict} "), words
    assert f" the floor of {floor_said} (cost " in words, words
    walk = payload["walk_away"]
    assert (f"${walk['offered_rate']:.2f}", walk["meets_floor"]) == (
        f"${float(rate_said[1:]):.2f}", meets == "yes")
    assert walk["floor"] == float(floor_said[1:])
