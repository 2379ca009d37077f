"""The walk-away floor per unit, as every output shows it beside the rate the proposal asks.

A proposal raised to the walk-away floor asks the floor: the Proposal sheet, proposal.csv and
PROPOSED_RATE (given the floor either shows) agree on it to the cent. The floor is a fraction
of Medicare (``walk_away_floor_pct_of_medicare``) and falls between cents; the ask is the
smallest whole-cent rate that meets it, and the floor was shown rounded half-up, a cent below
the ask "raised to the walk-away floor".

The clinic: the demo as of ``TODAY`` with Keystone Health Plan's volumes left out, so that
the clinic's visits a year (10,400) spread a floor of 113.3254% of Medicare over the other
payers' codes, which raises each of Cardinal Employers Trust's asks (88% of Medicare, at most
+15%) to it. Hand-worked: 97110's Medicare amount of 2026-10-01 is $27.20;
1.133254 x 27.20 = $30.8245; $30.82 falls short of it and $30.83 meets it: the floor shown and
the ask are $30.83.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

import ratecalc_addin as xl
from ratecalc.demo import demo_data
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.clinics import sheet_table, tables_and_refreshed_book

#: The day the demo's story is told as of (its contract and Medicare dates move with it).
TODAY = date(2026, 12, 7)
RAISED = "raised to the walk-away floor"
CARDINAL = "Cardinal Employers Trust"


def _shown_cents(amount: object) -> Decimal:
    """A money cell's figure as its $#,##0.00 format shows it (half-up to cents)."""
    return Decimal(repr(float(amount))).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _outputs(tmp_path: Path, capsys) -> tuple[pd.DataFrame, pd.DataFrame]:
    data = demo_data(TODAY)
    volumes = data.volumes[data.volumes["payer"] != "Keystone Health Plan"]
    _, book = tables_and_refreshed_book(replace(data, volumes=volumes), tmp_path)
    assert main(["analyze", str(book), "--out", str(tmp_path / "results")]) in (0, 1)
    capsys.readouterr()
    csv = pd.read_csv(tmp_path / "results" / "proposal.csv", dtype={"code": str})
    return csv, sheet_table(book, layout.PROPOSAL_TABLE)


def test_an_ask_raised_to_the_floor_is_the_floor_every_output_shows(tmp_path: Path,
                                                                     capsys) -> None:
    csv, sheet = _outputs(tmp_path, capsys)
    raised = csv[csv["reason"].str.contains(RAISED)]
    assert CARDINAL in set(raised["payer"])  # the clinic stresses the rule
    row = raised[(raised["payer"] == CARDINAL) & (raised["code"] == "97110")].iloc[0]
    assert (row["floor"], row["proposed_rate"]) == (30.83, 30.83)  # hand-worked above
    for r in raised.itertuples():
        # proposal.csv: the ask raised to the floor is the floor it shows
        assert r.floor == r.proposed_rate, (r.payer, r.code, r.floor, r.proposed_rate)
        # PROPOSED_RATE given that floor (the Settings' band: the functions' defaults)
        [[ask]] = xl.PROPOSED_RATE(r.current_rate, r.benchmark, floor=r.floor)
        assert ask == r.proposed_rate, (r.payer, r.code, ask, r.proposed_rate)
    shown = sheet[sheet["reason"].astype(str).str.contains(RAISED)]
    assert len(shown) == len(raised)
    for r in shown.itertuples():
        # the Proposal sheet: its floor cell shows the ask beside it
        assert _shown_cents(r.floor) == _shown_cents(r.proposed_rate), (r.payer, r.code,
                                                                         r.floor)
        [[ask]] = xl.PROPOSED_RATE(r.current_rate, r.benchmark, floor=r.floor)
        assert ask == r.proposed_rate, (r.payer, r.code, ask, r.proposed_rate)

