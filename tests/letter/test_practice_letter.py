"""The proposal letter of a speech/OT practice typed into the blank workbook
(``tests/workbook/practice.py``): no market benchmarks, and codes on the payer's fee schedule
it was not billed last year. The letter said "the 7 services we bill to your plan, the market
data behind them" and captioned its chart "current, proposed and market median"."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from ratecalc.analysis import analyze
from ratecalc_letter.content import build_letter
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from tests.workbook.practice import TODAY, practice_book


def _unbilled_code(wb: Workbook) -> None:
    # the analysis is told as of TODAY, typed as its billing manager types it: left blank, it
    # was the real clock's day, and from 2027 no Medicare release covered it
    wb[layout.SETTINGS_SHEET]["B5"] = TODAY
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
    assert ("the rates we propose for 3 services on your fee schedule, 2 of which we billed to "
            "your plan last year, how they compare with Medicare, and the results") in text
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
