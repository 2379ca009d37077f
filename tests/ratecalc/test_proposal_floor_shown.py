"""A walk-away floor that cannot be known is shown blank, never "$0.00".

The floor is a share of each code's Medicare amount (the clinic's cost per visit and margin over
Medicare per visit): 97014 has no Medicare amount (Medicare pays G0283 for it), so it has no
floor, and proposal.csv and the Proposal sheet said "Walk-away floor $0.00" (found by a review,
2026-12-04). The ask is the one without a floor, as before.
"""

from __future__ import annotations

import csv
import math
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.money import round_cents
from ratecalc.report import write_tables

TODAY = date(2026, 12, 1)  # given, not the clock's: the bundled data covers it in any year
PAYER = "Keystone Health Plan"


def _with_97014():  # type: ignore[no-untyped-def]
    data = demo_data(TODAY)
    fee = pd.DataFrame({"payer": [PAYER], "code": ["97014"], "modifier": [""],
                        "allowed_amount": [12.00],
                        "effective_date": [TODAY - timedelta(days=200)]})
    volume = data.volumes.iloc[:1].assign(payer=PAYER, code="97014", units_per_year=200.0)
    return replace(data, fee_schedules=pd.concat([data.fee_schedules, fee], ignore_index=True),
                   volumes=pd.concat([data.volumes, volume], ignore_index=True))


def test_a_code_without_a_medicare_amount_has_a_blank_floor(tmp_path: Path) -> None:
    analysis = analyze(_with_97014())
    p = analysis.proposal.set_index(["payer", "code"])
    row = p.loc[(PAYER, "97014")]
    assert math.isnan(row["medicare_amount"]) and math.isnan(row["floor"])
    # built on $12.00 (from 2026-05-15) raised by Keystone's 2% escalator on the anniversaries
    # before its new term, 2027-01-01 ($12.24) and 2028-01-01, that term's first day ($12.48);
    # no market figure either: the minimum increase, 12.48 x 1.05 = 13.104, up to 13.11, floor
    # or not (it was 12.00 x 1.05 = 12.60, the escalator left out)
    assert row["current_rate"] == 12.48
    assert row["proposed_rate"] == 13.11
    others = p.drop(index=(PAYER, "97014"))
    assert (others["floor"] > 0).all()  # the demo has a cost per visit: every other code has one

    written = {f.stem: f for f in write_tables(analysis, tmp_path)}
    with written["proposal"].open(encoding="utf-8") as handle:
        rows = {(r["payer"], r["code"]): r for r in csv.DictReader(handle)}
    assert rows[(PAYER, "97014")]["floor"] == ""
    assert float(rows[(PAYER, "97110")]["floor"]) == round_cents(p.loc[(PAYER, "97110"), "floor"])

