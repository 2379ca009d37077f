"""``market_caveats.codes_caveat``, the Priorities' Market caveat of a payer's row (its sheet,
priorities.csv, summary.json): the codes of one caveat listed together, comma-separated, in
the row's order, once each; a sentence per caveat; codes with none left out. Its doctest is
not run by pytest, and a mutant writing the codes without their commas survived the outputs'
tests (tests-11: every demo row there had one code per caveat)."""

from __future__ import annotations

from ratecalc.market_caveats import codes_caveat

EXPIRED = "prices that expired 2025-12-31"
FACILITY = "facility prices"


def test_codes_of_one_caveat_are_listed_together_in_the_rows_order() -> None:
    caveat_of = {"97110": EXPIRED, "97140": FACILITY, "97530": EXPIRED}
    assert codes_caveat(caveat_of, ["97530", "97110", "97140", "97110", "92523"]) == (
        "97530, 97110: prices that expired 2025-12-31. 97140: facility prices")


def test_codes_without_a_caveat_say_nothing() -> None:
    assert codes_caveat({"97110": EXPIRED}, ["97140", "92523"]) == ""
    assert codes_caveat({}, []) == ""


def test_codes_given_as_numbers_are_read_as_the_codes() -> None:
    assert codes_caveat({"92523": FACILITY, "92507": FACILITY}, [92507, "92523"]) == (
        "92507, 92523: facility prices")
