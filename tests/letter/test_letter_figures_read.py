"""A letter's percents and counts read a float as every output reads it, then half-up once:
a percent as :func:`ratecalc.money.percent_text` (to a millionth), so that an increase the
command line gives as 96.6% is not 96.5% in the letter; a count of units to hundredths as the
decimals read, not Python's rounding of the binary value to even. Expected texts are worked
in Decimal arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import percent_text
from ratecalc_letter import formats as fmt
from tests.strategies import steps_off


def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)



#: Fractions of up to seven decimals (a tenth of a millionth) to +-10 (1,000%): the ones whose
#: millionth decides the percent shown are among them (0.9654999 is 96.6%).
fractions = st.integers(-10**8, 10**8).map(lambda n: Decimal(n).scaleb(-7))


@given(fractions, st.integers(-2, 2), st.integers(0, 2), st.booleans())
@example(Decimal("0.9654999"), 0, 1, False)  # 96.5% in the letter, 96.6% on the command line
@example(Decimal("0.0004999"), 0, 1, True)
@example(Decimal("0.1499995"), -1, 1, False)
@example(Decimal("0.0000495"), -1, 2, False)  # a half-millionth a double low: 0.01%, not 0.00%
@example(Decimal("0.1234495"), -1, 2, False)  # 12.35%, not 12.34%
def test_a_letters_percent_is_the_one_percent_rule(fraction: Decimal, steps: int, places: int,
                                                   signed: bool) -> None:
    value = steps_off(float(fraction), steps)
    percent = half_up(half_up(fraction, 6) * 100, places)  # read to a millionth, then shown
    if percent == 0:
        percent = abs(percent)
    sign = "+" if signed and percent > 0 else ""
    assert fmt.percent(value, places, signed=signed) == f"{sign}{percent}%"
    assert fmt.percent(value, places) == percent_text(value, places)


def test_worked_percents() -> None:
    assert fmt.percent(0.9654999) == "96.6%" == percent_text(0.9654999)
    assert fmt.percent(0.3 - 0.1 - 0.2, signed=True) == "0.0%"


#: Counts of units of up to three decimals below ten million.
counts = st.integers(-10**10, 10**10).map(lambda n: Decimal(n).scaleb(-3))


@given(counts)
@example(Decimal("0.125"))  # exact in binary: rounded to even, "0.12"
@example(Decimal("2.675"))  # 2.67499999... in binary: "2.67"
@example(Decimal("1234.565"))
@example(Decimal("-0.001"))
def test_a_count_of_units_reads_as_its_decimals(count: Decimal) -> None:
    shown = half_up(count, 2)
    text = f"{shown:,f}"
    expected = text.rstrip("0").rstrip(".") if count % 1 else f"{count:,.0f}"
    if shown == 0:
        expected = "0"  # -0.001 shows as 0, never "-0"
    assert fmt.units(float(count)) == expected


def test_worked_counts() -> None:
    assert [fmt.units(x) for x in (0.125, 2.675, 2940.0, 12.5, 1234.565)] == \
        ["0.13", "2.68", "2,940", "12.5", "1,234.57"]
