"""Every output of ``import remittances`` that shows a rate paid shows the same one: the printed
summary, ``--json``, the ``--out`` line table and the Fee Schedules rows a workbook gets.

Found by a review: the command printed a "Median allowed per unit" of every year pooled while
the workbook got a median per calendar year: 97110 paid 25.22 three times then 30.00 read
$25.22 on screen and "25.22 from 2026-02-02" in the workbook, the 30.00 in force since November
in neither.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ratecalc.remittance import fee_schedules, import_remittances
from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835
from ratecalc_cli.main import ExitCode, main

CHARGE = Decimal("50.00")
PAID = [(date(2026, 2, 2), "25.22"), (date(2026, 5, 4), "25.22"), (date(2026, 8, 3), "25.22"),
        (date(2026, 11, 2), "30.00")]


@pytest.fixture
def raise_835(tmp_path: Path) -> Path:
    claims = tuple(ClaimSpec(f"B{i}", (LineSpec(
        "97110", CHARGE, Decimal(rate), (("CO", "45", CHARGE - Decimal(rate)),), ("GP",),
        Decimal(1), day),)) for i, (day, rate) in enumerate(PAID))
    path = tmp_path / "raise.835"
    path.write_text(write_835([PaymentSpec("SUMMIT BLUECARE", "SBC01", date(2026, 12, 1),
                                           claims)]))
    return path


def test_the_screen_the_json_the_lines_and_the_workbook_rows_agree(
        raise_835: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # by hand: 25.22 in force from 2026-02-02, 30.00 from 2026-11-02, now 30.00
    out = tmp_path / "lines.csv"
    assert main(["import", "remittances", str(raise_835), "--out", str(out)]) == ExitCode.OK
    printed = capsys.readouterr().out
    header, row = [li for li in printed.splitlines() if "97110" in li or "Payer " in li][:2]
    assert "Rate paid per unit" in header and "Paid since" in header
    assert "Earlier rates paid" in header and "Median" not in header
    assert "$30.00  2026-11-02  $25.22 from 2026-02-02" in row

    assert main(["import", "remittances", str(raise_835), "--json"]) == ExitCode.OK
    [code] = json.loads(capsys.readouterr().out)["codes"]
    assert (code["allowed_per_unit"], code["rate_from"], code["earlier_rates"]) == (
        30.0, "2026-11-02", "$25.22 from 2026-02-02")

    with out.open(newline="") as f:
        lines = list(csv.DictReader(f))
    assert [(li["service_date"], li["allowed"], li["rate_in_force"]) for li in lines] == [
        ("2026-02-02", "25.22", "25.22"), ("2026-05-04", "25.22", "25.22"),
        ("2026-08-03", "25.22", "25.22"), ("2026-11-02", "30.00", "30.00")]

    rows = fee_schedules(import_remittances([raise_835]))
    assert [(a, f"{d:%Y-%m-%d}") for a, d in zip(rows["allowed_amount"],
                                                 rows["effective_date"], strict=True)] == [
        (25.22, "2026-02-02"), (30.0, "2026-11-02")]
