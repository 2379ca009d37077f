"""A fee-schedule rate the payer agreed for a day inside the current term is what the proposal
builds on, in every output that shows the proposal.

The rule (:func:`ratecalc.rates.new_term_starts`, :func:`ratecalc.proposal.rates_at_new_term`):
the proposal's current rate is the rate in force, by :func:`ratecalc.rates.schedule_rates`, on
the day the payer's new term begins (the day after its current term ends), when the rates asked
would take effect; the analysis date's for a payer without a contract term. A rate agreed for a
day after that is not built on (a later negotiation's). The Comparison keeps the analysis
date's rate.

Worked by hand, as of TODAY (every date below is counted from it): Alpha Health pays $30.00 for
97110 today and agreed $32.00 from TODAY + 30 days; its term ends TODAY + 200 days, so the new
term begins the day after. The market (p50) is $31.00. Built on $30.00 the proposal asked
$31.50 (the 5% minimum), less than the $32.00 already due; built on $32.00 it asks $33.60 (the
5% minimum: the market is below it), an increase of $1.60 x 100 units = $160.00 a year. 97140
pays $40.00 today and $50.00 from 10 days after the new term begins: not built on; market
$44.00 between +5% ($42.00) and +15% ($46.00), so the ask is $44.00, $4.00 x 50 = $200.00.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import warnings
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import docx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData, Settings
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_letter import formats as fmt
from ratecalc_workbook import layout
from tests.clinics import _table_of, sheet_table
from tests.workbook.libreoffice import SOFFICE

TODAY = date(2026, 12, 4)
PAYER = "Alpha Health"
TERM_DAYS = 200
AGREED_DAYS = 30  # the $32.00 takes effect this many days after TODAY, inside the term


def term_end(today: date) -> date:
    return today + timedelta(days=TERM_DAYS)


def new_term(today: date) -> date:
    return term_end(today) + timedelta(days=1)


def clinic(today: date = TODAY, fees: list[tuple[str, float, date]] | None = None,
           contract: bool = True) -> ClinicData:
    """One payer, two codes; ``fees``: (code, rate, effective date) rows, by default the
    module's worked example."""
    if fees is None:
        fees = [("97110", 30.00, today - timedelta(days=300)),
                ("97110", 32.00, today + timedelta(days=AGREED_DAYS)),
                ("97140", 40.00, today - timedelta(days=300)),
                ("97140", 50.00, new_term(today) + timedelta(days=10))]
    contracts = pd.DataFrame({
        "payer": [PAYER], "product": ["PPO"], "contract_id": ["A-1"],
        "effective_date": [today - timedelta(days=700)], "end_date": [term_end(today)],
        "auto_renew": [True], "notice_days": [90], "rate_basis": ["fixed"],
        "pct_of_medicare": [None], "escalator": [0.0], "mppr_rule": "none",
        "assistant_reduction": 0.0, "contact_name": ["Ann Ames"], "contact_title": None,
        "contact_email": None, "contact_phone": None,
        "contact_address": ["Alpha Health; 1 Main St; Birmingham, AL 35203"]})
    return ClinicData(
        clinic={"name": "Tiny Therapy", "locality": "10112-00", "state": "AL",
                "signer_name": "Sam Signer", "address": "2 Elm St; Birmingham, AL 35203"},
        payers=pd.DataFrame({"payer": [PAYER], "payer_id": ["A1"],
                             "financial_class": "commercial", "visits_per_year": [120],
                             "notes": [None]}),
        contracts=contracts if contract else contracts.iloc[0:0],
        fee_schedules=pd.DataFrame({"payer": PAYER, "code": [c for c, _, _ in fees],
                                    "modifier": "", "allowed_amount": [a for _, a, _ in fees],
                                    "effective_date": [d for _, _, d in fees]}),
        volumes=pd.DataFrame({"payer": PAYER, "code": ["97110", "97140"],
                              "units_per_year": [100.0, 50.0], "visits": [60, 40]}),
        benchmarks=pd.DataFrame({"code": ["97110", "97140"], "region": "Test",
                                 "p25": [28.0, 40.0], "p50": [31.0, 44.0], "p75": [34.0, 48.0],
                                 "p90": [38.0, 52.0], "source": "hand-made",
                                 "as_of": today - timedelta(days=60)}),
        metrics=pd.DataFrame({"metric": ["clean_claim_rate"], "value": [0.95],
                              "benchmark": [0.9], "unit": ["fraction"], "period": ["2026"],
                              "source": ["test"]}),
        settings=Settings(analysis_date=today, medicare_date=today))


def _row(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame[(frame["payer"] == PAYER) & (frame["code"].astype(str) == code)].iloc[0]


def test_the_proposal_builds_on_the_rate_agreed_inside_the_term() -> None:
    a = analyze(clinic())
    assert _row(a.comparison, "97110")["allowed_amount"] == 30.00  # today's, as before
    p = _row(a.proposal, "97110")
    assert (p["current_rate"], p["requested_rate"]) == (32.00, 33.60)
    assert round(p["increase"], 2) == 1.60 and p["annual_impact"] == 160.00
    assert p["current_rate_date"] == new_term(TODAY)
    assert p["rate_agreed_from"] == TODAY + timedelta(days=AGREED_DAYS)
    assert p["rate_today"] == 30.00
    assert p["reason"].startswith(
        f"builds on the $32.00 agreed from {(TODAY + timedelta(days=AGREED_DAYS)).isoformat()}, "
        f"in force on {new_term(TODAY).isoformat()} ($30.00 on the analysis date); ")
    later = _row(a.proposal, "97140")  # $50.00 from after the new term begins: not built on
    assert (later["current_rate"], later["requested_rate"], later["annual_impact"]) == \
        (40.00, 44.00, 200.00)
    assert later["rate_agreed_from"] is None
    assert a.proposal_summary.set_index("payer").loc[PAYER, "annual_impact"] == 360.00
    said = [w.message for w in a.warnings if "take effect after" in w.message]
    assert said == [
        f"Fee Schedules: {PAYER} has rates on file that take effect after the analysis date "
        f"{TODAY.isoformat()}: 97110 $32.00 from "
        f"{(TODAY + timedelta(days=AGREED_DAYS)).isoformat()} ($30.00 now), 97140 $50.00 from "
        f"{(new_term(TODAY) + timedelta(days=10)).isoformat()} ($40.00 now). The comparison "
        f"uses the rates in force on {TODAY.isoformat()}; the proposal builds on the rates in "
        f"force when its new term begins on {new_term(TODAY).isoformat()}, including the rate "
        f"agreed for 97110; 97140 takes effect after that, so the proposal does not build on "
        f"it: check each ask against the rate due then before sending it"]


def test_a_rate_agreed_for_after_the_new_term_begins_is_not_built_on() -> None:
    """The same rates, the $32.00 dated the day after the new term begins: the proposal is
    the one without it, and the warning names it as not built on."""
    today_only = [("97110", 30.00, TODAY - timedelta(days=300)),
                  ("97140", 40.00, TODAY - timedelta(days=300))]
    later = [*today_only, ("97110", 32.00, new_term(TODAY) + timedelta(days=1))]
    without, with_later = analyze(clinic(fees=today_only)), analyze(clinic(fees=later))
    pd.testing.assert_frame_equal(with_later.proposal, without.proposal)
    assert _row(with_later.proposal, "97110")["requested_rate"] == 31.50  # $30.00 + 5%
    said = [w.message for w in with_later.warnings if "take effect after" in w.message]
    assert len(said) == 1 and "97110 takes effect after that, so the proposal does not " \
        "build on it" in said[0]
    # on the new term's first day it is in force then, so it is built on
    on_the_day = [*today_only, ("97110", 32.00, new_term(TODAY))]
    assert _row(analyze(clinic(fees=on_the_day)).proposal, "97110")["current_rate"] == 32.00


def test_without_a_contract_term_the_analysis_date_rates_are_built_on() -> None:
    """No contract on file: no new term is known, so the proposal keeps the rates in force on
    the analysis date (as before), and the warning says so."""
    a = analyze(clinic(contract=False))
    p = _row(a.proposal, "97110")
    assert (p["current_rate"], p["requested_rate"], p["current_rate_date"]) == \
        (30.00, 31.50, TODAY)
    said = [w.message for w in a.warnings if "take effect after" in w.message]
    # the wording scenario and exit-impact use (a payer whose contract ended has one on file)
    assert "builds on the rates in force on the analysis date (no contract term on file to " \
        "renew); 97110, 97140 take effect after that" in said[0]


# --- every output ----------------------------------------------------------------------------

def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) in (0, 1), capsys.readouterr()
    return capsys.readouterr().out


def letter_by_cli(folder: Path, payer: str, code: str, tmp_path: Path,
                  capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, str], list[str]]:
    """``ratecalc letter`` on ``folder``'s tables: ``code``'s row of the letter's rate table
    (header -> cell text) and the letter's paragraphs, as python-docx reads them."""
    letter = tmp_path / "letter.docx"
    _cli(["letter", str(folder), "--payer", payer, "--out", str(letter)], capsys)
    document = docx.Document(str(letter))
    rates = next(t for t in document.tables if t.rows[0].cells[0].text == "Code")
    header = [c.text for c in rates.rows[0].cells]
    cells = next([c.text for c in r.cells] for r in rates.rows if r.cells[0].text == code)
    return dict(zip(header, cells, strict=True)), [p.text for p in document.paragraphs]


def new_book_of(data: ClinicData, path: Path) -> None:
    """``ratecalc workbook new PATH --from`` on ``data``'s tables (written beside it)."""
    folder = path.parent / "tables"
    write_clinic_tables(data, folder)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["workbook", "new", str(path), "--from", str(folder)])
    assert code in (0, 1), (out.getvalue(), err.getvalue())


def recalculated_values(recalculated: Path) -> Workbook:
    """A workbook LibreOffice recalculated, its computed values read by openpyxl."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on LibreOffice's extensions
        return load_workbook(recalculated, data_only=True)


def rate_agreed_book(path: Path) -> None:
    """:func:`clinic`'s workbook, made by ``ratecalc workbook new --from`` for LibreOffice to
    recalculate with the other modules' books (``OTHER_RECALCULATED``, tests/conftest.py)."""
    new_book_of(clinic(), path)


def test_every_output_shows_the_rate_in_force_when_the_new_term_begins(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI's CSV and --json, the Proposal sheet (openpyxl) and the letter (python-docx)
    all show $32.00 as the current rate of 97110, $33.60 asked, +$1.60 and $160.00 a year;
    the Comparison sheet keeps today's $30.00; each says which day its rate is from."""
    folder = tmp_path / "tables"
    write_clinic_tables(clinic(), folder)
    out = tmp_path / "out"
    found = json.loads(_cli(["analyze", str(folder), "--out", str(out), "--json"], capsys))
    csv = pd.read_csv(out / "proposal.csv", dtype={"code": str})
    row = _row(csv, "97110")
    assert (row["current_rate"], row["requested_rate"], row["increase"],
            row["annual_impact"]) == (32.00, 33.60, 1.60, 160.00)
    assert row["current_rate_date"] == new_term(TODAY).isoformat()
    assert _row(pd.read_csv(out / "comparison.csv", dtype={"code": str}),
                "97110")["allowed_amount"] == 30.00
    [summary] = found["proposal"]
    assert (summary["new_term_revenue"], summary["annual_impact"]) == (5200.00, 360.00)

    book = tmp_path / "book.xlsx"
    _cli(["workbook", "new", str(book), "--from", str(folder)], capsys)
    sheet = _row(sheet_table(book, layout.PROPOSAL_TABLE), "97110")
    assert sheet["current_rate"] == 32.00 and sheet["proposed_rate"] == 33.60
    assert sheet["reason"].replace("\n", " ").startswith("builds on the $32.00 agreed from")
    assert _row(sheet_table(book, layout.COMPARISON_TABLE), "97110")["allowed_amount"] == 30.00
    assert "new term begins" in next(c.note for c in layout.PROPOSAL_TABLE.columns
                                     if c.key == "current_rate")

    row, texts = letter_by_cli(folder, PAYER, "97110", tmp_path, capsys)
    assert (row["Current rate"], row["Proposed rate"], row["Change"]) == \
        ("$32.00", "$33.60", "+5.0%")
    assert (f"The current rates shown are those in force on {fmt.long_date(new_term(TODAY))}, "
            f"when the proposed rates would take effect, as agreed: 97110 at $32.00 from "
            f"{fmt.long_date(TODAY + timedelta(days=AGREED_DAYS))}. Today you pay $30.00 for "
            f"97110.") in texts
    assert any("from $5,200.00 to $5,560.00, an increase of $360.00" in t for t in texts)


def test_no_rate_agreed_for_later_leaves_the_letter_without_the_note() -> None:
    from ratecalc_letter.content import build_letter

    today_only = [("97110", 30.00, TODAY - timedelta(days=300)),
                  ("97140", 40.00, TODAY - timedelta(days=300))]
    letter = build_letter(analyze(clinic(fees=today_only)), PAYER)
    assert not [b for b in letter.blocks if "as agreed" in str(getattr(b, "text", ""))]


# --- the invariant ---------------------------------------------------------------------------
# The proposal's current rate of a code is the rate of the fee schedule's latest row dated on
# or before the day the new term begins (the first listed of rows of one date), however many
# rows lie before or after; the ask is never below it. So where the payer's rates only rise
# (the usual agreement), the proposal never builds on less than any rate in force on any day
# from the analysis date to the new term's start.

schedules = st.lists(st.tuples(st.integers(min_value=-400, max_value=TERM_DAYS + 400),
                               st.integers(min_value=2000, max_value=6000)),
                     min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedules, st.booleans())
def test_the_current_rate_is_the_one_in_force_when_the_new_term_begins(
        drawn: list[tuple[int, int]], rising: bool) -> None:
    drawn = [(-500, 2000), *drawn]  # a rate in force today
    if rising:  # the rates rise with their dates
        drawn = list(zip(sorted(d for d, _ in drawn), sorted(c for _, c in drawn),
                         strict=True))
    fees = [("97110", cents / 100, TODAY + timedelta(days=days)) for days, cents in drawn]
    fees.append(("97140", 40.00, TODAY - timedelta(days=300)))
    p = _row(analyze(clinic(fees=fees)).proposal, "97110")
    start = (new_term(TODAY) - TODAY).days
    latest = max(days for days, _ in drawn if days <= start)
    expected = next(cents for days, cents in drawn if days == latest) / 100
    assert p["current_rate"] == expected
    assert p["requested_rate"] >= p["current_rate"]
    if rising:
        in_force_from_today = [next(c for d2, c in drawn if d2 == max(
            d for d, _ in drawn if d <= day)) / 100 for day in range(0, start + 1)]
        assert p["current_rate"] >= max(in_force_from_today)
    assert math.isclose(p["annual_impact"], (p["requested_rate"] - expected) * 100,
                        abs_tol=1e-6)


def test_the_rule_follows_today() -> None:
    """The dates are counted from the given today: ten months earlier (a day Medicare's
    bundled releases still price) the same schedule, moved with it, is built on alike."""
    earlier = TODAY - timedelta(days=300)
    p = _row(analyze(clinic(earlier)).proposal, "97110")
    assert (p["current_rate"], p["current_rate_date"]) == (32.00, new_term(earlier))


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_computes_the_proposal_from_the_rate_agreed(
        other_recalculated: dict[str, tuple[Path, Path]]) -> None:
    """'Current rate' is a value on the Proposal sheet; the Increase, Annual impact and the
    Totals sheet's sums are formulas reading it. Recalculated by LibreOffice they give the
    core's figures: +$1.60 and $160.00 for 97110, $5,200.00 current revenue and $360.00 a year
    for the payer (built on today's $30.00 they were +$1.50, $150.00, $5,000.00, $350.00)."""
    values = recalculated_values(other_recalculated["rate_agreed"][1])

    def table(spec: layout.TableSpec) -> pd.DataFrame:
        return _table_of(values, spec)

    proposal = _row(table(layout.PROPOSAL_TABLE), "97110")
    assert round(proposal["current_rate"], 2) == 32.00
    assert round(proposal["requested_rate"], 2) == 33.60
    assert round(proposal["increase"], 2) == 1.60
    assert round(proposal["annual_impact"], 2) == 160.00
    totals = table(layout.PROPOSAL_SUMMARY_TABLE).iloc[0]
    assert (round(totals["new_term_revenue"], 2), round(totals["annual_impact"], 2)) == \
        (5200.00, 360.00)


# --- review of the rule's first version: what each output said of rates agreed for later ---

def _warnings_of(analysis: object, words: str) -> list[str]:
    return [w.message for w in analysis.warnings if words in w.message]  # type: ignore[attr-defined]


def test_a_rate_agreed_for_later_that_looks_wrong_is_named_and_flags_the_ask_built_on_it():
    # A typo of $320.00 for 97110 from January was the proposal's current rate, asked +$16.00
    # a unit, without a word: the plausibility check read only the analysis date's rates.
    day = TODAY + timedelta(days=AGREED_DAYS)
    fees = [("97110", 30.00, TODAY - timedelta(days=300)), ("97110", 320.00, day),
            ("97140", 40.00, TODAY - timedelta(days=300))]
    a = analyze(clinic(fees=fees))
    said = _warnings_of(a, "looks wrong")
    assert len(said) == 1 and f"97110: rate $320.00, agreed from {day.isoformat()}, looks " \
                              f"wrong" in said[0]
    row = a.proposal.set_index("code").loc["97110"]
    assert row["current_rate"] == 320.00 and bool(row["rate_doubtful"])
    assert str(row["reason"]).startswith("check the current rate first")
    # the letter refuses to cite it until confirmed
    assert list(a.unconfirmed_doubts(PAYER)["rate"]) == [320.00]


def test_a_wrong_rate_today_corrected_from_before_the_new_term_does_not_flag_the_ask():
    # $3.00 today (a typo), $32.00 agreed from January: the ask builds on $32.00, so it is not
    # flagged; the $3.00 on file today is still named (the comparison uses it).
    fees = [("97110", 3.00, TODAY - timedelta(days=300)),
            ("97110", 32.00, TODAY + timedelta(days=AGREED_DAYS)),
            ("97140", 40.00, TODAY - timedelta(days=300))]
    a = analyze(clinic(fees=fees))
    row = a.proposal.set_index("code").loc["97110"]
    assert row["current_rate"] == 32.00 and not bool(row["rate_doubtful"])
    assert not str(row["reason"]).startswith("check the current rate first")
    said = _warnings_of(a, "looks wrong")
    assert len(said) == 1 and "97110: rate $3.00 looks wrong" in said[0]


def test_the_warning_says_built_on_only_of_rates_the_proposal_uses():
    # A percent-of-Medicare contract prices 97110 from Medicare, and 97112 (no volume, no rate
    # today) has no Proposal row: the warning said the proposal built on both.
    d = clinic()
    pct = d.contracts.assign(rate_basis="pct_of_medicare", pct_of_medicare=1.1)
    said = _warnings_of(analyze(replace(d, contracts=pct)), "take effect after")
    assert len(said) == 1
    assert "including the rate" not in said[0]
    assert "its contract pays 97110 as a percent of Medicare, so the proposal does not use " \
           "the fee-schedule rate agreed for it" in said[0]
    day = TODAY + timedelta(days=AGREED_DAYS)
    fees = [("97110", 30.00, TODAY - timedelta(days=300)), ("97112", 33.00, day),
            ("97140", 40.00, TODAY - timedelta(days=300)), ("97140", 42.00, day)]
    a = analyze(clinic(fees=fees))
    said = _warnings_of(a, "take effect after")
    assert len(said) == 1
    assert "including the rate agreed for 97140;" in said[0]
    assert "97112 has no volume and no rate on the analysis date, so no row on the Proposal" \
        in said[0]
    assert "97112" not in set(a.proposal["code"])


def test_an_ask_on_a_code_without_a_rate_today_says_so_not_a_dash():
    day = TODAY + timedelta(days=AGREED_DAYS)
    fees = [("97110", 30.00, TODAY - timedelta(days=300)), ("97140", 40.00, day)]
    reason = analyze(clinic(fees=fees)).proposal.set_index("code").loc["97140", "reason"]
    assert f"builds on the $40.00 agreed from {day.isoformat()}, in force on " \
           f"{new_term(TODAY).isoformat()} (no rate on the analysis date)" in reason


def test_an_ask_below_todays_rate_after_a_cut_agreed_inside_the_term_is_warned():
    # $30.00 today, $26.00 from January: the ask ($26.00 + 15% = $29.90) was below what the
    # payer pays today, without a word
    day = TODAY + timedelta(days=AGREED_DAYS)
    fees = [("97110", 30.00, TODAY - timedelta(days=300)), ("97110", 26.00, day),
            ("97140", 40.00, TODAY - timedelta(days=300))]
    a = analyze(clinic(fees=fees))
    assert a.proposal.set_index("code").loc["97110", "requested_rate"] == 29.90
    said = _warnings_of(a, "below what it pays on the analysis date")
    assert said == [f"Proposal: {PAYER}: the rate to ask is below what it pays on the analysis "
                    f"date for 97110 ($29.90 against $30.00 today, built on $26.00 from "
                    f"{day.isoformat()}): the proposal builds on the lower rate in force when "
                    f"its new term begins; ask at least today's rate if the cut is not agreed"]
    assert _warnings_of(analyze(clinic()), "below what it pays on the analysis date") == []


def test_a_second_change_inside_the_term_is_named_where_the_proposal_builds_on_it():
    # $30.00 today, $32.00 from day 30, $34.00 from day 60, the term renewing after both: the
    # proposal builds on $34.00, and the warning named only the $32.00
    first, second = TODAY + timedelta(days=AGREED_DAYS), TODAY + timedelta(days=60)
    fees = [("97110", 30.00, TODAY - timedelta(days=300)), ("97110", 32.00, first),
            ("97110", 34.00, second), ("97140", 40.00, TODAY - timedelta(days=300))]
    a = analyze(clinic(fees=fees))
    assert a.proposal.set_index("code").loc["97110", "current_rate"] == 34.00
    said = _warnings_of(a, "take effect after")
    assert len(said) == 1
    assert f"97110 $32.00 from {first.isoformat()} ($30.00 now)" in said[0]
    assert f"including the rate agreed for 97110 ($34.00 from {second.isoformat()}, a later " \
           f"change inside the term)" in said[0]
    # one change only: named once, as before
    one = _warnings_of(analyze(clinic()), "take effect after")
    assert "including the rate agreed for 97110;" in one[0]
