"""A percent-of-Medicare contract's rate at the new term is its percentage of the Medicare
amount in force on the day the new term begins, in every output that shows the proposal.

The rule (:func:`ratecalc.proposal.rates_at_new_term`, :func:`ratecalc.analysis.
medicare_at_new_term`): the proposal never builds on less than the payer has agreed to pay by
the day its asks take effect; a percent-of-Medicare contract has agreed to pay its percentage
x the Medicare amount in force that day. The asks are weighed against that amount too (below
Medicare, percent of Medicare); the walk-away floor stays the clinic's cost in dollars.

Worked by hand. TODAY is pinned to 2025-12-04 because what is under test is a new term in the
next fee-schedule year that the bundled data covers (2026, RVU26C): that stays true next year
(the bundle keeps 2025 and 2026), whereas a today moved to 2026-12 would put the new term in
2027, which only an import covers (the second half of this module tests that case, with dates
counted from the newest release RateCalc has). Every other date is counted from TODAY.

Cardinal pays 88% of Medicare for 92507 (132 units a year), locality 10112-00. Its term ends
TODAY + 147 days (2026-04-30), so the new term begins 2026-05-01. Medicare's 92507 is $70.44 on
TODAY (RVU25D) and $71.96 on 2026-05-01 (RVU26C, conversion factor 33.4009).
- today: 88% x $70.44 = $61.9872 -> $61.99
- at the new term: 88% x $71.96 = $63.3248 -> $63.32 (built on $61.99 the proposal asked
  $61.99 x 1.15 = $71.2885 -> $71.28, below the $71.96 Medicare pays then, unflagged)
- ask: the market's $83.12 is beyond +15%, so the cap: $63.32 x 1.15 = $72.818 -> $72.81
- increase $72.81 - $63.32 = $9.49; x 132 = $1,252.68 a year; current revenue
  $63.32 x 132 = $8,358.24
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import docx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData, Settings
from ratecalc.medicare import medicare_amounts
from ratecalc.medicare.store import coverage_message, newest_release
from ratecalc.money import round_cents
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_letter import formats as fmt
from ratecalc_workbook import layout
from tests.clinics import _table_of, sheet_table
from tests.test_scheduled_rates import letter_by_cli, new_book_of, recalculated_values
from tests.workbook.libreoffice import SOFFICE

TODAY = date(2025, 12, 4)
PAYER = "Cardinal"
TERM_DAYS = 147  # TODAY + 147 days = 2026-04-30
LOCALITY = "10112-00"


def new_term(today: date, term_days: int = TERM_DAYS) -> date:
    return today + timedelta(days=term_days + 1)


def clinic(today: date = TODAY, pct: float = 0.88, term_days: int = TERM_DAYS,
           code: str = "92507") -> ClinicData:
    """One payer on a percent-of-Medicare contract, one code; dates from ``today``."""
    contracts = pd.DataFrame({
        "payer": [PAYER], "product": ["PPO"], "contract_id": ["C-1"],
        "effective_date": [today - timedelta(days=700)],
        "end_date": [today + timedelta(days=term_days)], "auto_renew": [True],
        "notice_days": [90], "rate_basis": ["pct_of_medicare"], "pct_of_medicare": [pct],
        "escalator": [0.0], "mppr_rule": "none", "assistant_reduction": 0.0,
        "contact_name": ["Ann Ames"], "contact_title": None, "contact_email": None,
        "contact_phone": None, "contact_address": ["Cardinal; 1 Main St; Birmingham, AL 35203"]})
    return ClinicData(
        clinic={"name": "Tiny Therapy", "locality": LOCALITY, "state": "AL",
                "signer_name": "Sam Signer", "address": "2 Elm St; Birmingham, AL 35203"},
        payers=pd.DataFrame({"payer": [PAYER], "payer_id": ["C1"],
                             "financial_class": "commercial", "visits_per_year": [100],
                             "notes": [None]}),
        contracts=contracts,
        fee_schedules=pd.DataFrame(columns=["payer", "code", "modifier", "allowed_amount",
                                            "effective_date"]),
        volumes=pd.DataFrame({"payer": [PAYER], "code": [code], "units_per_year": [132.0],
                              "visits": [100]}),
        benchmarks=pd.DataFrame({"code": [code], "region": "Test", "p25": [70.0],
                                 "p50": [83.12], "p75": [90.0], "p90": [95.0],
                                 "source": "hand-made", "as_of": today - timedelta(days=60)}),
        metrics=pd.DataFrame({"metric": ["clean_claim_rate"], "value": [0.95],
                              "benchmark": [0.9], "unit": ["fraction"], "period": ["2025"],
                              "source": ["test"]}),
        settings=Settings(analysis_date=today, medicare_date=today))


def _row(frame: pd.DataFrame, code: str = "92507") -> pd.Series:
    return frame[(frame["payer"] == PAYER) & (frame["code"].astype(str) == code)].iloc[0]


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) in (0, 1), capsys.readouterr()
    return capsys.readouterr().out


def test_the_worked_example_in_the_core() -> None:
    assert new_term(TODAY) == date(2026, 5, 1)  # the pinned dates the docstring works with
    assert round_cents(0.88 * 70.44) == 61.99 and round_cents(0.88 * 71.96) == 63.32
    a = analyze(clinic())
    p = _row(a.proposal)
    assert (p["current_rate"], p["rate_today"], p["medicare_amount"]) == (63.32, 61.99, 71.96)
    assert (p["current_rate_date"], p["medicare_date"]) == (date(2026, 5, 1), date(2026, 5, 1))
    assert (p["requested_rate"], round(p["increase"], 2), p["annual_impact"]) == \
        (72.81, 9.49, 1252.68)
    assert not p["below_medicare"]
    assert p["reason"].startswith("builds on 88% of Medicare's $71.96 in force on 2026-05-01 "
                                  "($61.99 on the analysis date); ")
    # the comparison keeps the analysis date's rate and Medicare amount
    c = _row(a.comparison)
    assert (c["allowed_amount"], c["medicare_amount"]) == (61.99, 70.44)
    assert a.proposal_summary.iloc[0]["new_term_revenue"] == pytest.approx(8358.24, abs=1e-6)


def test_every_output_shows_the_rate_at_the_new_term(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """proposal.csv, --json, the Proposal sheet after a refresh (openpyxl) and the letter
    (python-docx) show $63.32 and ask $72.81."""
    folder = tmp_path / "tables"
    write_clinic_tables(clinic(), folder)
    out = tmp_path / "out"
    found = json.loads(_cli(["analyze", str(folder), "--out", str(out), "--json"], capsys))
    row = _row(pd.read_csv(out / "proposal.csv", dtype={"code": str}))
    assert (row["current_rate"], row["medicare_amount"], row["requested_rate"],
            row["annual_impact"]) == (63.32, 71.96, 72.81, 1252.68)
    assert (row["current_rate_date"], row["medicare_date"]) == ("2026-05-01", "2026-05-01")
    assert row["reason"].startswith("builds on 88% of Medicare's $71.96 in force on 2026-05-01")
    [summary] = found["proposal"]
    assert (summary["new_term_revenue"], summary["annual_impact"]) == (8358.24, 1252.68)

    book = tmp_path / "book.xlsx"
    _cli(["workbook", "new", str(book), "--from", str(folder)], capsys)
    sheet = _row(sheet_table(book, layout.PROPOSAL_TABLE))
    assert (sheet["current_rate"], sheet["proposed_rate"]) == (63.32, 72.81)
    assert sheet["reason"].replace("\n", " ").startswith("builds on 88% of Medicare's $71.96")

    row, texts = letter_by_cli(folder, PAYER, "92507", tmp_path, capsys)
    assert (row["Current rate"], row["Proposed rate"]) == ("$63.32", "$72.81")
    assert ("The current rates shown are those in force on May 1, 2026, when the proposed "
            "rates would take effect: 88% of Medicare's amounts in force that day, as our "
            "agreement pays; today it pays 88% of Medicare's amounts of December 4, 2025.") \
        in texts
    assert any("from $8,358.24 to $9,610.92, an increase of $1,252.68" in t for t in texts)


def medicare_new_term_book(path: Path) -> None:
    """:func:`clinic`'s workbook, made by ``ratecalc workbook new --from`` for LibreOffice to
    recalculate with the other modules' books (``OTHER_RECALCULATED``, tests/conftest.py)."""
    new_book_of(clinic(), path)


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_computes_the_proposal_from_the_rate_at_the_new_term(
        other_recalculated: dict[str, tuple[Path, Path]]) -> None:
    """The Increase, Annual impact and the Totals' sums are formulas reading 'Current rate':
    recalculated by LibreOffice they give +$9.49, $1,252.68 and $8,358.24 (built on today's
    $61.99 they were +$9.29, $1,226.28 and $8,182.68)."""
    values = recalculated_values(other_recalculated["medicare_new_term"][1])
    proposal = _row(_table_of(values, layout.PROPOSAL_TABLE))
    assert round(proposal["current_rate"], 2) == 63.32
    assert round(proposal["increase"], 2) == 9.49
    assert round(proposal["annual_impact"], 2) == 1252.68
    totals = _table_of(values, layout.PROPOSAL_SUMMARY_TABLE).iloc[0]
    assert (round(totals["new_term_revenue"], 2), round(totals["annual_impact"], 2)) == \
        (8358.24, 1252.68)


def test_a_payer_without_a_contract_term_keeps_the_analysis_date() -> None:
    data = clinic()
    data = ClinicData(**{**data.__dict__, "contracts": data.contracts.assign(end_date=None)})
    p = _row(analyze(data).proposal)
    assert (p["current_rate"], p["medicare_amount"], p["current_rate_date"]) == \
        (61.99, 70.44, TODAY)


# --- the new term's first day not covered: CMS's next year not imported yet -------------------

def uncovered_today() -> date:
    """A today the newest release covers, whose payer's new term begins after it ends."""
    return newest_release().effective_to - timedelta(days=60)


UNCOVERED_TERM = 150  # days from uncovered_today(): past the newest release's last day


def test_an_uncovered_new_term_keeps_the_analysis_date_amounts_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    today = uncovered_today()
    day = new_term(today, UNCOVERED_TERM)
    newest = newest_release()
    assert day > newest.effective_to
    amount = float(medicare_amounts(["92507"], LOCALITY, today)["amount"].iloc[0])
    a = analyze(clinic(today, term_days=UNCOVERED_TERM))
    p = _row(a.proposal)
    assert (p["current_rate"], p["medicare_amount"]) == (round_cents(0.88 * amount), amount)
    assert (p["medicare_date"], p["medicare_not_imported"]) == (today, day)
    # short, as it stands on every row of the payer: the warning below says it whole
    note = (f"88% of Medicare's {today.isoformat()} amount until CMS's {day.year} release is "
            f"imported; ")
    assert p["reason"].startswith(note)
    [warned] = [w.message for w in a.warnings if "not imported yet" in w.message]
    assert warned == (
        f"Proposal: Medicare's amounts for the day the new term begins, when the rates asked "
        f"would take effect, are not imported yet: {PAYER} {day.isoformat()} (no Medicare "
        f"data for {day.isoformat()}: the newest release RateCalc has is "
        f"{newest.release.upper()} (bundled; {newest.effective_from.isoformat()} to "
        f"{newest.effective_to.isoformat()}). To add a newer one: ratecalc medicare import "
        f"URL-OR-ZIP (CMS's RVU zip)). Until they are, the proposal compares these payers' "
        f"asks with the Medicare amounts of {today.isoformat()}, the analysis' Medicare date; "
        f"the current rates of {PAYER}'s percent-of-Medicare contract are its percentage of "
        f"those amounts; check the asks against Medicare's {day.year} amounts before sending "
        f"them")

    folder = tmp_path / "tables"
    write_clinic_tables(clinic(today, term_days=UNCOVERED_TERM), folder)
    out = tmp_path / "out"
    _cli(["analyze", str(folder), "--out", str(out)], capsys)
    row = _row(pd.read_csv(out / "proposal.csv", dtype={"code": str}))
    assert row["reason"].startswith(note) and row["medicare_not_imported"] == day.isoformat()
    book = tmp_path / "book.xlsx"
    _cli(["workbook", "new", str(book), "--from", str(folder)], capsys)
    assert _row(sheet_table(book, layout.PROPOSAL_TABLE))["reason"].replace(
        "\n", " ").startswith(note.strip())
    letter = tmp_path / "letter.docx"
    _cli(["letter", str(folder), "--payer", PAYER, "--out", str(letter)], capsys)
    texts = [p.text for p in docx.Document(str(letter)).paragraphs]
    # said in the payer's words: not "not yet imported into this analysis", nor "from that
    # day", which read as the Medicare date
    assert (f"On {fmt.long_date(day)}, when the proposed rates would take effect, our "
            f"agreement pays 88% of Medicare's {day.year} amounts; as those are not yet "
            f"available to us, the current rates shown are 88% of Medicare's amounts of "
            f"{fmt.long_date(today)}.") in texts


def _fixed(data: ClinicData, rate: float = 60.0) -> ClinicData:
    """``data`` with its contract at fixed dollars: ``rate`` for its code from a year ago."""
    code = data.volumes["code"].iloc[0]
    return replace(
        data, contracts=data.contracts.assign(rate_basis="fixed", pct_of_medicare=np.nan),
        fee_schedules=pd.DataFrame({
            "payer": [PAYER], "code": [code], "modifier": [""], "allowed_amount": [rate],
            "effective_date": [data.settings.analysis_date - timedelta(days=365)]}))


def _payer_warnings(command: str, data: ClinicData, tmp_path: Path,
                    capsys: pytest.CaptureFixture[str]) -> list[str]:
    folder = tmp_path / f"{command}-{len(list(tmp_path.iterdir()))}"
    write_clinic_tables(data, folder)
    payload = json.loads(_cli([command, "--payer", PAYER, "--data", str(folder), "--json"],
                              capsys))
    return payload["warnings"]


def test_one_payer_s_scenario_and_exit_say_when_its_new_term_has_no_medicare_release(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Found by a review: `scenario --payer` and `exit-impact --payer` priced a percent contract
    # at 88% of the analysis date's Medicare and called it "the rates in force on 2027-05-01",
    # silently, where `analyze` warns.
    today = uncovered_today()
    day = new_term(today, UNCOVERED_TERM)
    uncovered = clinic(today, term_days=UNCOVERED_TERM)
    expected = (f"Medicare's amounts for {day.isoformat()}, when {PAYER}'s new term begins, "
                f"are not imported yet ({coverage_message(day)}). Until they are, the "
                f"Medicare amounts of {today.isoformat()}, the analysis' Medicare date, stand "
                f"in for them; its percent-of-Medicare contract's rates are 88% of those "
                f"amounts; check these figures against Medicare's {day.year} amounts")
    for command in ("scenario", "exit-impact"):
        assert _payer_warnings(command, uncovered, tmp_path, capsys) == [expected], command
        # covered: nothing to say
        assert _payer_warnings(command, clinic(), tmp_path, capsys) == [], command
    # a fixed contract: the scenario's percent-of-Medicare side stands on those amounts, the
    # exit's rate per visit does not
    fixed = _fixed(uncovered)
    [said] = _payer_warnings("scenario", fixed, tmp_path, capsys)
    assert said == expected.replace("; its percent-of-Medicare contract's rates are 88% of "
                                    "those amounts", "")
    assert _payer_warnings("exit-impact", fixed, tmp_path, capsys) == []
    # and in words, on the error stream, after the figures
    folder = tmp_path / "words"
    write_clinic_tables(uncovered, folder)
    for command in ("scenario", "exit-impact"):
        assert main([command, "--payer", PAYER, "--data", str(folder)]) == 0
        assert capsys.readouterr().err == f"warning: {expected}\n", command


# --- the invariant ---------------------------------------------------------------------------

@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=50, max_value=200), st.sampled_from(["92507", "97110", "97161"]),
       st.integers(min_value=20, max_value=300))
def test_the_rate_at_the_new_term_is_the_percentage_of_that_days_medicare(
        percent: int, code: str, term_days: int) -> None:
    """Whatever the percentage, code and term: the proposal's current rate of a percent
    contract is the percentage x the Medicare amount in force on the new term's first day
    (where a release covers it), to the cent, never less; and the ask is weighed against it."""
    pct = percent / 100
    day = new_term(TODAY, term_days)
    amount = float(medicare_amounts([code], LOCALITY, day)["amount"].iloc[0])
    p = _row(analyze(clinic(pct=pct, term_days=term_days, code=code)).proposal, code)
    assert p["current_rate"] == round_cents(pct * amount)
    assert p["current_rate"] * 100 >= round(pct * amount * 100, 6) - 0.5
    assert p["medicare_amount"] == amount
    assert p["below_medicare"] == (p["requested_rate"] < amount - 0.005)


def test_a_cut_medicare_passes_through_is_named_as_medicare_s_not_the_payer_s() -> None:
    """97018 in 10112-00: Medicare's $5.50 on 2025-12-04, $5.41 on 2026-05-01 (a cut). At 100%
    of Medicare the contract pays $5.50 today and $5.41 from its new term; with no minimum
    increase and at most 1%, the market ($5.20) makes the ask $5.41, below today's $5.50. The
    warning said "ask at least today's rate if the cut is not agreed", advice for a cut the
    payer scheduled in its fee schedule: this one is Medicare's, passed through by the
    contract."""
    data = clinic(pct=1.0, code="97018")
    data = replace(data, benchmarks=data.benchmarks.assign(p25=5.0, p50=5.2, p75=5.3, p90=5.4),
                   settings=replace(data.settings, min_increase=0.0, max_increase=0.01))
    medicare = medicare_amounts(["97018", "97018"], LOCALITY, [TODAY, new_term(TODAY)])
    assert medicare["amount"].tolist() == [5.50, 5.41]
    analysis = analyze(data)
    row = _row(analysis.proposal, "97018")
    assert (row["rate_today"], row["current_rate"], row["requested_rate"]) == (5.50, 5.41, 5.41)
    said = [w.message for w in analysis.warnings if "below what it pays" in w.message]
    assert said == [
        f"Proposal: {PAYER}: the rate to ask is below what it pays on the analysis date for "
        f"97018 ($5.41 against $5.50 today, built on $5.41, its percentage of Medicare's $5.41 "
        f"from {new_term(TODAY).isoformat()}): the proposal builds on the lower rate in force "
        f"when its new term begins; ask at least today's rate to keep what it pays now: its "
        f"percent-of-Medicare contract passes Medicare's lower amounts through"]
