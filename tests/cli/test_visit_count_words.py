"""A count of visits said in words is the count to the whole, half-up, as the Exit Impact
sheet's ``#,##0`` shows it (:func:`ratecalc.money.whole_text`): ``format(x, ",.0f")`` rounds
the binary value to even, so 1,234.5 visits a year (a clinic's visits spread over its payers by
units) read "1,234" on the command line beside the sheet's 1,235, and 2.5 visits "2"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import whole_text
from ratecalc_cli.main import main

#: Counts of up to two decimals below 100 million (visits a year).
counts = st.integers(0, 10**10).map(lambda n: Decimal(n).scaleb(-2))


@given(counts)
@example(Decimal("1234.5"))
@example(Decimal("2.5"))
@example(Decimal("0.5"))
def test_a_count_reads_to_the_whole_half_up(count: Decimal) -> None:
    assert whole_text(float(count)) == f"{count.quantize(Decimal(1), ROUND_HALF_UP):,}"


@pytest.mark.parametrize(("visits", "said"), [("1234.5", "1,234.5"), ("2.5", "2.5"),
                                              ("1500", "1,500")])
def test_exit_impact_says_the_visits_typed(visits: str, said: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Visits typed are a factor of the revenue at risk beside them, said with the decimals
    they have (:func:`ratecalc.money.count_text`), so that the words redo the figure: "3 visits
    at $95.00" beside $237.50 a year was 2.5 visits."""
    assert main(["exit-impact", "--annual-visits", visits, "--rate-per-visit", "95"]) == 0
    out = capsys.readouterr().out
    assert f"({said} visits at $95.00" in out, out
