"""Every output that shows a walk-away floor shows the one the rule gives, for the demo clinic
(``ratecalc demo --today 2025-12-01``): the Dashboard's and summary.json's floor as a share of
Medicare, the Proposal sheet's and proposal.csv's floor per code, the Exit Impact sheet's and
``exit-impact --payer``'s floor per visit, and no warning that the floor is implausible.

By hand: the floor is the cost per visit plus the margin, $82.00 x 1.10 = $90.20 a visit; a
visit is worth sum(units x Medicare) / 10,400 visits of Medicare (the codes' amounts on the
analysis' Medicare date, comparison.csv's), so the floor is $90.20 over that as a share of
Medicare, and each code's floor that share of its Medicare amount (the 40-payer benchmark's
$0.29 for 10004 was this rule at 40 units a visit: tests/ratecalc/test_floor_outside_band.py).
"""

from __future__ import annotations

import csv
import json
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ratecalc_cli.main import main

from ..conftest import DemoRun

FLOOR_A_VISIT = Fraction(8200, 100) * Fraction(110, 100)  # $82.00 + 10%
VISITS = 10_400


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _hand_share(files: Path) -> Fraction:
    """The floor as a share of Medicare, from comparison.csv's units and Medicare amounts."""
    medicare = sum((Fraction(r["units_per_year"]) * Fraction(r["medicare_amount"])
                    for r in _rows(files / "comparison.csv") if r["medicare_amount"]),
                   Fraction(0))
    return FLOOR_A_VISIT / (medicare / VISITS)


def _cents_up(value: Fraction) -> Decimal:
    """The least whole cents that meet ``value``: a floor as the outputs show it."""
    return (Decimal(math.ceil(value * 100)) / 100).quantize(Decimal("0.01"))


def _table(book: Path, sheet: str, header: str) -> list[tuple[object, ...]]:
    wb = load_workbook(book, read_only=True, data_only=True)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()
    start = next(i for i, r in enumerate(rows) if r and r[0] == header)
    return [rows[start], *(r for r in rows[start + 1:] if r and r[0])]


def test_every_output_shows_the_floor_the_rule_gives(
        demo_run_json: DemoRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = demo_run_json.files
    share = _hand_share(files)
    assert 0.8 < share < 1.0  # a plausible therapy floor: about 88% of Medicare
    book = files / "negotiation.xlsx"

    printed = json.loads(demo_run_json.stdout)
    summary = json.loads((files / "summary.json").read_text(encoding="utf-8"))
    dashboard = {r[0]: r[1] for r in _table(book, "Dashboard", "Analysis date")}
    for shown in (printed["walk_away_floor_pct_of_medicare"],
                  summary["walk_away_floor_pct_of_medicare"]):
        assert shown == pytest.approx(float(share), abs=5e-7)
    # the Dashboard's 0.0% cell holds the tenth it shows: the share read to a millionth and
    # rounded half-up once (held as read, a percent format multiplies it by 100 in binary)
    tenth = (Decimal(share.numerator) / Decimal(share.denominator)).quantize(
        Decimal("0.000001"), ROUND_HALF_UP).quantize(Decimal("0.001"), ROUND_HALF_UP)
    assert dashboard["Walk-away floor (of Medicare)"] == float(tenth)

    medicare = {r["code"]: Fraction(r["medicare_amount"])
                for r in _rows(files / "comparison.csv") if r["medicare_amount"]}
    csv_floor = {(r["payer"], r["code"]): r["floor"] for r in _rows(files / "proposal.csv")}
    header, *sheet = _table(book, "Proposal", "Payer")
    col = header.index("Walk-away floor")
    assert len(sheet) == len(csv_floor) > 0
    for row in sheet:
        payer, code = str(row[0]), str(row[1])
        expected = medicare[code] * share
        # the floor in the cents that meet it, the ask raised to it (unit_floor)
        assert csv_floor[(payer, code)] == str(_cents_up(expected)), (payer, code)
        assert row[col] == float(_cents_up(expected)), (payer, code)

    header, *exits = _table(book, "Exit Impact", "Payer")
    col = header.index("Walk-away floor per visit")
    assert exits and all(r[col] == float(FLOOR_A_VISIT) for r in exits)
    payer = str(exits[0][0])
    capsys.readouterr()
    assert main(["exit-impact", "--payer", payer, "--data", str(book), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["walk_away"]["floor"] == float(FLOOR_A_VISIT)
    assert "the floor of $90.20 (cost $82.00 + 10%)" in said["walk_away_words"]

    problems = [str(c).replace("\n", " ") for r in _table(book, "Problems", "Severity")[1:]
                for c in r if c]
    assert not any("walk-away floor is" in p for p in problems)
