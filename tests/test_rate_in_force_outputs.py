"""The rate in force for a payer, code and day, as every output shows it, on a demo copy with
the cases that stress the rule: a row dated after the analysis date inside the current term,
a plain and a GP row for one code on one date, an escalator anniversary between the analysis
date and the letter's date, a row dated on the analysis date, a payer with two contracts, and
a percent-of-Medicare payer whose remittances show its contract's rate.

Hand computations (the demo told on ``TODAY``; its contract dates move with it):
- Keystone Health Plan, fixed, 2% escalator on each anniversary of its effective date (Jan 1),
  new term on Jan 1 of the year after next. 97110's row of $28.98 (Jan 1 this year): $28.98 on
  the analysis date; at the new term raised twice: 28.98 x 1.02 = 29.5596 -> 29.56,
  x 1.02 = 30.1512 -> 30.15. 97140: $28.89 on the analysis date (a $30.00 row dated Feb 1 next
  year is not in force yet); at the new term $30.00 raised once (the next Jan 1) -> 30.60.
  97112: a plain $31.00 and a GP $31.50 row on Jun 1: the plain row wins -> 31.00; at the new
  term 31.00 x 1.02 = 31.62, x 1.02 = 32.2524 -> 32.25.
- Summit BlueCare PPO, fixed, no escalator: 97530's $30.00 row dated on the analysis date is
  in force on it, and at its new term -> 30.00.
- Meridian Mutual with a second contract (HMO, 3% escalator, effective Mar 1 this year, term
  ending Feb 28 next year, renewing): it governs (its term ends first); 97110 $33.54 on the
  analysis date, and at its new term (Mar 1 next year, an anniversary) 33.54 x 1.03 = 34.5462
  -> 34.55.
- Cardinal Employers Trust, 88% of Medicare: 92507 0.88 x $71.96 = 63.3248 -> 63.32.
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from ratecalc.demo import demo_data
from ratecalc.rates import against_schedule, rates_in_force
from ratecalc.remittance.canonical import paid_rate_warnings
from ratecalc_cli.main import main

#: The analysis date the demo is told on; every other date is derived from it.
TODAY = date(2026, 12, 1)
NEXT = TODAY.year + 1
KEYSTONE, SUMMIT, MERIDIAN, CARDINAL = ("Keystone Health Plan", "Summit BlueCare PPO",
                                        "Meridian Mutual", "Cardinal Employers Trust")

#: (payer, code) -> (rate on the analysis date, rate when the payer's new term begins)
EXPECTED = {
    (KEYSTONE, "97110"): (28.98, 30.15),
    (KEYSTONE, "97140"): (28.89, 30.60),
    (KEYSTONE, "97112"): (31.00, 32.25),
    (SUMMIT, "97530"): (30.00, 30.00),
    (MERIDIAN, "97110"): (33.54, 34.55),
    (CARDINAL, "92507"): (63.32, 63.32),
}


def _stressed(book: Path) -> None:
    """Add the stressing rows to the demo workbook ``book``."""
    wb = load_workbook(book)
    fees = wb["Fee Schedules"]
    last = fees.max_row
    rows = [(KEYSTONE, "97140", None, 30.00, datetime(NEXT, 2, 1)),
            (KEYSTONE, "97112", None, 31.00, datetime(TODAY.year, 6, 1)),
            (KEYSTONE, "97112", "GP", 31.50, datetime(TODAY.year, 6, 1)),
            (SUMMIT, "97530", None, 30.00, datetime(TODAY.year, TODAY.month, TODAY.day))]
    for at, row in enumerate(rows, last + 1):
        for column, value in enumerate((*row, "no"), 1):
            cell = fees.cell(at, column, value)
            cell._style = copy.copy(fees.cell(last, column)._style)
    table = fees.tables["tblFeeSchedules"]
    table.ref = f"{table.ref.split(':')[0]}:F{last + len(rows)}"
    sheet = wb["Payers & Contracts"]
    table = sheet.tables["tblPayersContracts"]
    end_row = int(table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    header = [c.value for c in sheet[4]]
    source = next(r for r in range(5, end_row + 1) if sheet.cell(r, 1).value == MERIDIAN)
    values = [c.value for c in sheet[source]]
    changes = {"Product": "HMO", "Contract ID": "MM-HMO-2",
               "Effective date": datetime(TODAY.year, 3, 1),
               "End date": datetime(NEXT, 2, 28), "Auto renew": "yes", "Escalator": 0.03}
    for name, value in changes.items():
        values[header.index(name)] = value
    for column, value in enumerate(values, 1):
        cell = sheet.cell(end_row + 1, column, value)
        cell._style = copy.copy(sheet.cell(end_row, column)._style)
    table.ref = f"{table.ref.split(':')[0]}:{table.ref.split(':')[1][0]}{end_row + 1}"
    wb.save(book)


def _json(capsys: pytest.CaptureFixture[str], *words: str) -> dict:
    assert main(list(words)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def stressed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = tmp_path_factory.mktemp("stressed") / "negotiation.xlsx"
    assert main(["workbook", "new", str(book), "--demo", "--today", TODAY.isoformat()]) == 0
    _stressed(book)
    return book


def test_every_output_shows_the_same_rate_in_force(stressed_book: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results"
    assert main(["analyze", str(stressed_book), "--out", str(out)]) == 0
    capsys.readouterr()
    comparison = pd.read_csv(out / "comparison.csv", dtype={"code": str})
    proposal = pd.read_csv(out / "proposal.csv", dtype={"code": str})
    for (payer, code), (today, at_start) in EXPECTED.items():
        row = comparison[(comparison["payer"] == payer) & (comparison["code"] == code)]
        assert row["allowed_amount"].tolist() == [today], (payer, code)
        row = proposal[(proposal["payer"] == payer) & (proposal["code"] == code)]
        assert row["current_rate"].tolist() == [at_start], (payer, code)
        assert row["rate_today"].tolist() == [today], (payer, code)
    summary = _json(capsys, "analyze", str(stressed_book), "--json",
                    "--out", str(tmp_path / "json"))  # never into the working folder
    current = {r["payer"]: r["new_term_revenue"] for r in summary["proposal"]}
    after_anniversary = (date(NEXT, 1, 1) + timedelta(days=14)).isoformat()
    for payer in (KEYSTONE, SUMMIT, CARDINAL):
        for dated in ([], ["--date", after_anniversary]):
            letter = _json(capsys, "letter", str(stressed_book), "--payer", payer, "--json",
                           "--out", str(tmp_path / "letter.docx"), *dated)
            shown = {line["code"]: line["current_rate"] for line in letter["lines"]}
            rows = proposal[proposal["payer"] == payer]
            assert shown == dict(zip(rows["code"], rows["current_rate"], strict=True))
        revenue = round(float((rows["units_per_year"] * rows["current_rate"]).sum()), 2)
        assert current[payer] == revenue
        scenario = _json(capsys, "scenario", "--payer", payer, "--data", str(stressed_book),
                         "--json")
        assert scenario["years"][0]["fixed_revenue"] == revenue
        leaving = _json(capsys, "exit-impact", "--payer", payer, "--data", str(stressed_book),
                        "--json")
        assert leaving["revenue_at_risk"] == revenue
    letter = _json(capsys, "letter", str(stressed_book), "--payer", MERIDIAN, "--product", "HMO",
                   "--json", "--out", str(tmp_path / "letter.docx"))
    assert {line["code"]: line["current_rate"] for line in letter["lines"]}["97110"] == 34.55


def test_a_contract_rate_paid_is_not_said_to_replace_the_rate_in_force() -> None:
    """Cardinal's remittances show its contract's 88% of Medicare, which every output already
    shows as its rate in force; the import said the rows 'become its rates, which every output
    uses', though no output uses a percent-of-Medicare payer's schedule as its rate."""
    data = demo_data(TODAY)
    served = TODAY - timedelta(days=11)
    added = pd.DataFrame({"payer": [CARDINAL], "code": ["92507"], "modifier": [""],
                          "allowed_amount": [63.32], "effective_date": [served],
                          "confirmed": [False]})
    differing = against_schedule(added, data.fee_schedules, data.contracts)
    held = rates_in_force(data, served, pd.Series({"92507": 71.96}))
    held = held[(held["payer"] == CARDINAL) & (held["code"] == "92507")]
    assert held["allowed_amount"].tolist() == [63.32]  # 0.88 x 71.96 = 63.3248
    [warning] = paid_rate_warnings(differing, "c.835")
    assert "every output uses from then on" not in warning.message
    assert "the rate in force stays its contract's 88% of Medicare" in warning.message
    assert differing["contract_pct"].tolist() == [0.88]


def test_a_fixed_payer_paid_otherwise_is_still_told_its_rows_are_used() -> None:
    data = demo_data(TODAY)
    added = pd.DataFrame({"payer": [SUMMIT], "code": ["97110"], "modifier": [""],
                          "allowed_amount": [26.00], "effective_date": [TODAY],
                          "confirmed": [False]})
    differing = against_schedule(added, data.fee_schedules, data.contracts)
    assert differing["contract_pct"].isna().tolist() == [True]
    [warning] = paid_rate_warnings(differing, "s.835")
    assert "which every output uses from then on" in warning.message


def test_the_stressed_copy_has_two_rows_for_one_code_on_one_date(stressed_book: Path,
                                                                  tmp_path: Path) -> None:
    """The copy the comparison reads holds the case it stresses (a check on the fixture)."""
    copy_ = tmp_path / "copy.xlsx"
    shutil.copy(stressed_book, copy_)
    fees = load_workbook(copy_)["Fee Schedules"]
    assert sum(1 for r in fees.iter_rows(values_only=True) if r[0] == KEYSTONE and r[1] == "97112"
               and r[4] == datetime(TODAY.year, 6, 1)) == 2
