"""A comma that groups no thousands (a decimal comma, ``1,5``) is refused by every reader of
numbers, as money cells already refused ``30,50``: units, percentages, days and options read
``1,5`` as 15 and ``0,02`` as 2 (a 200% conversion-factor change), silently."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ratecalc_addin as xl
from ratecalc.schema import VOLUMES
from ratecalc.validation import PARSERS, CellError, Source, coerce_table
from ratecalc_cli.main import ExitCode, main

NUMBER_COMMAS = ("malformed number: expected commas between groups of three digits (1,234) "
                 "and a point before the decimals (1.5)")
# a dollar option's own words since money options take "$1,073.16" as money cells do
MONEY_COMMAS = ("malformed dollar amount: expected commas between groups of three digits "
                "($1,234.50) and a point before the cents ($30.50)")


@pytest.mark.parametrize(("kind", "typed"), [
    ("number", "1,5"), ("int", "1,5"), ("int", "9,0"), ("fraction", "0,02"),
    ("fraction", "1,5%"), ("number", "-2,25"), ("number", "(1,5)"), ("int", "1,50"),
    ("int", "1,5000"), ("int", "0,500"),
    # European thousands points with a decimal comma, and a plus sign (found by a review)
    ("number", "1.234,50"), ("int", "1.200,5"), ("number", "+1,5"), ("fraction", "+1,5%"),
])
def test_a_decimal_comma_is_refused(kind: str, typed: str) -> None:
    with pytest.raises(CellError, match=r"^malformed number: expected commas between groups"):
        PARSERS[kind](typed)


@pytest.mark.parametrize(("kind", "typed", "read"), [
    ("int", "1,500", 1500), ("number", "12,345.5", 12345.5), ("fraction", "12%", 0.12),
    ("number", "(1,234)", -1234.0), ("money", "$1,234.50", 1234.5), ("int", "1,234,567", 1234567),
])
def test_thousands_commas_still_read(kind: str, typed: str, read: float) -> None:
    assert PARSERS[kind](typed) == read


def test_money_keeps_its_own_words() -> None:
    for typed in ("30,50", "1.234,50", "$1.234,50", "+30,50"):
        with pytest.raises(CellError, match=r"^malformed dollar amount"):
            PARSERS["money"](typed)


@given(whole=st.integers(0, 10**6), decimals=st.from_regex(r"\A\d{1,2}\Z|\A\d{4,6}\Z"))
def test_no_decimal_comma_is_read_as_a_number(whole: int, decimals: str) -> None:
    typed = f"{whole},{decimals}"
    for kind in ("number", "int", "fraction"):
        with pytest.raises(CellError):
            PARSERS[kind](typed)


def test_units_typed_1_5_are_named_at_their_cell() -> None:
    raw = pd.DataFrame({"payer": ["A", "A"], "code": ["97110", "97140"],
                        "units_per_year": ["1,5", "1,200"]})
    typed, problems = coerce_table(raw, VOLUMES, Source("volumes.csv", None, 2))
    assert [(p.location.row, p.location.column, p.rule) for p in problems] == [
        (2, "units_per_year", NUMBER_COMMAS)]
    assert typed["units_per_year"].tolist() == [1200]


def test_worksheet_functions_show_it_in_the_cell() -> None:
    shown = xl.FIXED_VS_PCT(30.0, 1.2, 25.0, 1000.0, 2.0, "0,02")
    assert shown == [[f"#RATECALC: cf_change: {NUMBER_COMMAS}, got '0,02'"]]
    assert xl.THERAPY_UNITS("3,8") == [[f"#RATECALC: minutes: {NUMBER_COMMAS}, got '3,8'"]]


def test_an_option_with_a_decimal_comma_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    argv = ["scenario", "--units", "1,5", "--medicare", "25", "--fixed", "30",
            "--pct-of-medicare", "1.2", "--years", "2", "--cf-change", "0"]
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert f"--units: {NUMBER_COMMAS}, got '1,5'" in err
    for typed in ("1.234,50", "+1,2"):
        argv = ["exit-impact", "--annual-visits", "1200", "--rate-per-visit", typed]
        try:
            code = main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
        assert code == ExitCode.USAGE, typed
        assert f"{MONEY_COMMAS}, got '{typed}'" in capsys.readouterr().err
