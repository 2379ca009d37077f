"""Findings of the PT + OT practice walk (walk-8, San Jose CA) fixed after it: each test failed
before its fix."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ratecalc.fee_schedule_import import parse_fee_schedule
from ratecalc.rates import unpaid_codes_note


@pytest.mark.parametrize("header", ["Fee Allowable", "Allowable Fee", "Allowed Fee"])
def test_a_payer_exports_fee_allowable_header_is_its_amount(header: str) -> None:
    """A practice-management export headed its amounts "Fee Allowable": the import refused
    the whole file ("no header row with the columns code, allowed_amount") although "Fee" and
    "Allowable" alone are read as the amount."""
    grid = pd.DataFrame([["Line #", "Procedure Code", "Mod", header],
                         ["1", "97110", "GP", "$38.10"],
                         ["2", "97530", "", "$44.90"]], dtype=object)
    result = parse_fee_schedule(grid, "Anthem Blue Cross", effective_date=date(2025, 10, 1))
    assert result.errors == []
    assert result.rows["code"].tolist() == ["97110", "97530"]
    assert result.rows["allowed_amount"].tolist() == [38.10, 44.90]


def test_the_unpaid_codes_note_of_several_codes_speaks_of_them() -> None:
    """Exit Impact, Scenarios, exit-impact and scenario said "if Health Net pays it, add its
    rate" after naming six codes; the Proposal's note of the same codes says "them" and "their
    rates"."""
    said = unpaid_codes_note("Health Net", ["97112", "97162", "G0283"], date(2027, 2, 1))
    assert said == ("Health Net: no rate in force on 2027-02-01 for 97112, 97162, G0283, billed "
                    "to it: counted as not paid ($0), as on Priorities; if Health Net pays "
                    "them, add their rates on the Fee Schedules sheet")


def test_the_unpaid_codes_note_of_one_code_is_unchanged() -> None:
    assert unpaid_codes_note("Health Net", ["97112"], date(2027, 2, 1)).endswith(
        "; if Health Net pays it, add its rate on the Fee Schedules sheet")


def test_the_unpaid_codes_note_of_two_codes_speaks_of_them() -> None:
    """Two codes are "them" too (test-review-8: a note that said "it" up to two codes passed
    the tests of one and three)."""
    assert unpaid_codes_note("Health Net", ["97112", "97162"], date(2027, 2, 1)).endswith(
        "for 97112, 97162, billed to it: counted as not paid ($0), as on Priorities; if Health "
        "Net pays them, add their rates on the Fee Schedules sheet")
