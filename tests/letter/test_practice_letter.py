"""The proposal letter of a speech/OT practice typed into the blank workbook
(``tests/workbook/practice.py``): no market benchmarks, and codes on the payer's fee schedule
it was not billed last year. The letter said "the 7 services we bill to your plan, the market
data behind them" and captioned its chart "current, proposed and market median"."""

from __future__ import annotations

import pytest
from openpyxl.workbook.workbook import Workbook

from ratecalc.analysis import analyze
from ratecalc.errors import InputError
from ratecalc_letter.api import write_proposal_letter
from ratecalc_letter.content import build_letter
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from tests.workbook.practice import TODAY, practice_book


def _told_as_of_today(wb: Workbook) -> None:
    # the analysis is told as of TODAY, typed as its billing manager types it: left blank, it
    # was the real clock's day, and from 2027 no Medicare release covered it
    wb[layout.SETTINGS_SHEET]["B5"] = TODAY


def _unbilled_code(wb: Workbook) -> None:
    _told_as_of_today(wb)
    # Summit's fee schedule also lists 97535, billed to no one
    fees = wb[layout.FEE_SCHEDULES]
    fees["A9"], fees["B9"], fees["D9"], fees["E9"] = "Summit Mutual", "97535", 27.40, TODAY
    wb[layout.PAYERS_CONTRACTS]["U6"] = "Provider Relations; PO Box 100; Birmingham, AL 35203"
    wb[layout.PAYERS_CONTRACTS]["Q6"] = "Lee Park"


def test_the_letter_says_only_what_is_so_of_the_practice(tmp_path):
    data, problems = read_workbook(practice_book(tmp_path / "p.xlsx", _unbilled_code),
                                   as_of=TODAY)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    text = " ".join(build_letter(analyze(data), "Summit Mutual", letter_date=TODAY).texts())
    assert "the market data behind them" not in text
    # 97535, on the fee schedule and billed to no one, is asked nothing: out of the table and
    # the count, listed apart (ratecalc.proposal.hold_unbilled)
    assert ("the rates we propose for the 2 services we bill to your plan that have a "
            "contracted rate, how they compare with Medicare, and the results") in text
    assert "We did not bill your plan for 97535 " in text
    assert "its current rate stands, and it is not included in the rates or totals above" in text
    assert "Figure 1. Rate per unit: current and proposed, by code." in text
    assert "and market median" not in text


def test_results_without_benchmarks_are_not_said_to_stand_beside_them(tmp_path):
    # clean-claim rate and days in A/R typed, no benchmark for either: "beside the benchmarks
    # we measure ourselves against" over a column of dashes
    def metrics(wb: Workbook) -> None:
        _unbilled_code(wb)
        clinic = wb[layout.CLINIC_SHEET]
        clinic["E6"], clinic["F6"] = "Clean claim rate", 0.96
        clinic["F6"].number_format = "0%"

    data, _ = read_workbook(practice_book(tmp_path / "p.xlsx", metrics), as_of=TODAY)
    assert data is not None
    content = build_letter(analyze(data), "Summit Mutual", letter_date=TODAY)
    text = content.texts()
    assert "Our results:" in text
    assert not any("beside the benchmarks" in t for t in text)
    assert "Benchmark" not in text and "Clean-claim rate" in text


def test_a_missing_contact_is_named_at_its_cells(tmp_path):
    """Summit's contact name and address left blank: the letter named them "column
    'contact_address'", where every other message names the sheet's row and header (the
    clinic walk of 2026-12-06)."""
    book = practice_book(tmp_path / "p.xlsx", _told_as_of_today)
    with pytest.raises(InputError) as refused:
        write_proposal_letter(book, "Summit Mutual", tmp_path / "s.docx", letter_date=TODAY)
    assert str(refused.value).splitlines()[1:] == [
        "  - 'p.xlsx', sheet 'Payers & Contracts', row 6, column Q 'Contact name': the "
        "provider-relations contact's name",
        "  - 'p.xlsx', sheet 'Payers & Contracts', row 6, column U 'Contact address': the "
        "contact's mailing address (lines separated by ';')"]
    assert not (tmp_path / "s.docx").exists()


def test_a_billed_code_without_a_rate_is_asked_a_rate_for(tmp_path):
    """Summit is billed 60 units of 92526 and pays no rate for it: the letter never named it,
    where a billing manager asks the payer to add one (the clinic walk of 2026-12-06). The
    Proposal asks no rate for it (no current rate to increase) and says why, and that the
    letter asks for one; the letter's table and totals stay those of the codes paid."""
    data, _ = read_workbook(practice_book(tmp_path / "p.xlsx", _unbilled_code), as_of=TODAY)
    assert data is not None
    analysis = analyze(data)
    content = build_letter(analysis, "Summit Mutual", letter_date=TODAY)
    text = content.texts()
    assert ("We also bill your plan for 92526 (Swallowing therapy), 60 units last year, for "
            "which our agreement has no contracted rate. We ask that you add a rate for it to "
            "the agreement; it is not included in the rates or totals above.") in text
    assert "92526" not in {ln.code for ln in content.lines}
    assert "92526" not in set(analysis.proposal["code"])
    assert ("Summit Mutual: 92526 (60 units a year) is billed to it with no rate in force, so "
            "no rate is asked for it here (an ask is an increase on a current rate); the "
            "proposal letter asks Summit Mutual to add a contracted rate for it. If Summit "
            "Mutual pays it, add its rate on the Fee Schedules sheet") in [
        p.rule for p in analysis.warnings if p.table == "Proposal"]
    # a payer billed only for codes it pays is asked for none
    harbor = [p.rule for p in analysis.warnings if p.rule.startswith("Harbor Health Plan: ")
              and "no rate in force, so" in p.rule]
    assert harbor == []
