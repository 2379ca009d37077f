"""Each RateCalc worksheet function called as plain Python, against hand-worked values and
CMS's published 2025 amounts (tests/data/cms_payment_amounts_2025a)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ratecalc_addin as xl
from ratecalc import gap

ERR = "#RATECALC: "
AL, AK = "10112-00", "02102-01"
FEB_2025 = datetime(2025, 2, 1)  # inside CMS's 2025A release


def value(result):
    """The single value of a 1x1 result."""
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


@pytest.mark.parametrize(
    ("payer", "bench", "show_as", "expected"),
    [
        (26.83, 31.50, "dollars", 4.67),
        # 4.67 / 31.50 = 0.14825396...: a fraction read to a millionth, as every output
        # reads a percentage (unread, a 0.0% cell could show another tenth than the sheets)
        (26.83, 31.50, "pct", 0.148254),
        (35.00, 30.00, "dollars", -5.00),  # paid above the benchmark: negative
        ("$26.83", "31.50", "dollars", 4.67),  # numbers typed as text
        (26.83, 31.50, " PCT ", 0.148254),
    ],
)
def test_rategap(payer, bench, show_as, expected):
    # the core rounds a single gap to 10 decimals, dropping float noise
    assert value(xl.RATEGAP(payer, bench, show_as)) == pytest.approx(expected, abs=1e-10)


def test_rategap_ranges_keep_their_shape_and_broadcast():
    column = xl.RATEGAP([[26.83], [30.00], [None]], 31.50)
    assert [[pytest.approx(4.67)], [pytest.approx(1.50)], [""]] == column
    table = xl.RATEGAP([[10.0, 20.0]], [[30.0], [40.0]])  # a row against a column
    assert table == [[20.0, 10.0], [30.0, 20.0]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("abc", 31.5), "payer_rate: expected a dollar amount, got 'abc'"),
        ((-1.0, 31.5), "payer_rate: expected a dollar amount from $0 to $1,000,000,000"),
        (("#N/A", 31.5), "payer_rate is the error #N/A"),
        ((26.83, 0.0, "pct"), "benchmark is 0"),
        ((26.83, 31.5, "percent"), "show_as: expected one of dollars, pct, got 'percent'"),
        (
            ([[1.0, 2.0]], [[1.0, 2.0, 3.0]]),
            "ranges of different sizes: payer_rate 1 row by 2 columns, "
            "benchmark 1 row by 3 columns",
        ),
    ],
)
def test_rategap_errors_are_short_readable_cells(args, message):
    text = value(xl.RATEGAP(*args))
    assert text.startswith(ERR)
    assert message in text
    assert "Traceback" not in text and "\n" not in text


def test_a_year_given_for_a_date_is_named_not_priced_in_1905():
    """The reviewer's case: 2026 in the service_date cell is day 2026 of Excel's calendar,
    1905-07-18, and the answer was "no Medicare data for 1905-07-18"."""
    assert value(xl.MEDICARE_RATE("97110", AL, 2026.0)) == (
        ERR + "service_date: expected a date, got the number 2026, which Excel reads as "
        "1905-07-18; for a day in 2026 write a date, e.g. DATE(2026,7,1)")
    assert value(xl.MEDICARE_RATE("97110", AL, 45689.0)) == 26.83  # 2025-02-01, a date


def test_an_upstream_ratecalc_error_passes_through_unchanged():
    upstream = value(xl.MEDICARE_RATE("99999", AL, FEB_2025))
    assert value(xl.RATEGAP(upstream, 30.0)) == upstream


@pytest.mark.parametrize(
    ("code", "locality", "mppr", "expected"),
    [
        ("97110", AL, False, 26.83),
        ("97110", AL, True, 20.79),
        (97110.0, AL, False, 26.83),  # a code typed as a number
        ("97140", AL, True, 19.72),
        ("97530", AL, False, 31.85),
        ("97110", AK, False, 37.06),
        ("97110", AK, True, 29.54),
    ],
)
def test_medicare_rate_matches_cms(code, locality, mppr, expected):
    assert value(xl.MEDICARE_RATE(code, locality, FEB_2025, "non_facility", mppr)) == expected


def test_medicare_rate_over_a_range_and_a_serial_date():
    serial = 45689.0  # 2025-02-01 as Excel stores it
    result = xl.MEDICARE_RATE([["97110", "97140", "97530"]], AL, serial)
    assert result == [[26.83, 25.34, 31.85]]
    assert value(xl.MEDICARE_RATE("97110", AL, FEB_2025, "facility")) == 26.83


def test_medicare_rate_explains_unknown_and_unpayable_codes():
    result = xl.MEDICARE_RATE([["97110"], ["99999"], ["97014"]], AL, FEB_2025)
    assert result[0][0] == 26.83
    assert result[1][0].startswith(f"{ERR}Unknown code 99999")
    assert result[2][0].startswith(ERR) and "G0283" in result[2][0]
    assert value(xl.MEDICARE_RATE("97110", "99999-99", FEB_2025)).startswith(ERR)


def test_pct_of_medicare():
    assert value(xl.PCT_OF_MEDICARE(32.196, "97110", AL, FEB_2025)) == pytest.approx(1.2)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((26.83, 31.50), 30.85),  # 17.4% below market: capped at +15% (30.8545, cap rounds down)
        ((30.00, 31.00), 31.50),  # +3.3% to market: raised to the 5% minimum
        ((30.00, 32.00), 32.00),  # +6.7%: to market
        ((30.00, None), 31.50),  # no benchmark: the minimum increase
        ((30.00, 31.00, 0.05, 0.15, 40.0), 40.00),  # the floor wins over the cap
        ((30.00, 40.00, "10%", "20%"), 36.00),  # percentages typed as text
    ],
)
def test_proposed_rate(args, expected):
    assert value(xl.PROPOSED_RATE(*args)) == expected


def test_proposed_rate_checks_its_bounds_with_the_core_rule():
    result = value(xl.PROPOSED_RATE(30.0, 31.0, 0.20, 0.10))
    assert result.startswith(f"{ERR}min_increase")


def test_revenue_impact():
    assert value(xl.REVENUE_IMPACT(30.0, 32.0, 1000)) == pytest.approx(2000.0)
    assert xl.REVENUE_IMPACT([[30.0], [40.0]], [[32.0], [38.0]], 100) == [[200.0], [-200.0]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Year 1: 30 x 1000 = 30,000 both ways; year 2: fixed 30,000, 120% x 25 x 0.9 x 1000
        ((30.0, 1.2, 25.0, 1000, 2, -0.1), 3000.0),
        # ... with a 3% escalator the fixed contract earns 30,900 in year 2
        ((30.0, 1.2, 25.0, 1000, 2, -0.1, 0.03), 3900.0),
        # yearly changes as a row: -10% into year 2, 0% into year 3 -> 90,000 - 84,000
        ((30.0, 1.2, 25.0, 1000, 3, [[-0.1, 0.0]]), 6000.0),
    ],
)
def test_fixed_vs_pct(args, expected):
    assert value(xl.FIXED_VS_PCT(*args)) == pytest.approx(expected)


@pytest.mark.parametrize("pct", [120.0, "120", [[1.1, 120.0]]])
def test_a_percent_typed_whole_is_refused_as_on_the_command_line(pct):
    """The reviewer's case: =FIXED_VS_PCT(30, 120, 25, 1000, 2) read 120 as 12,000% of
    Medicare and answered -$5,940,000, where `ratecalc scenario --pct-of-medicare 120` says to
    write 1.2. Each fraction has the command line's range and hint, whether the cell holds a
    number (read without the parser), text, or sits in a range."""
    text = [c for row in xl.FIXED_VS_PCT(30.0, pct, 25.0, 1000.0, 2) for c in row][-1]
    assert text == (ERR + "pct_of_medicare: expected a percent of Medicare from 10% to 500% "
                    "(0.1 to 5, 1.0 = 100%), got "
                    + ("'120'" if pct == "120" else "120") + "; for 120% write 1.2")


@pytest.mark.parametrize(("call", "message"), [
    (lambda: xl.EXIT_IMPACT(1000, 100.0, 20.0),
     "retention: expected a share from 0% to 100% (0 to 1, 1.0 = 100%)"),
    (lambda: xl.FIXED_VS_PCT(30.0, 1.2, 25.0, 1000.0, 2, -1.5),
     "cf_change: expected a yearly change from -50% to 50% (-0.5 to 0.5, 1.0 = 100%)"),
    (lambda: xl.PROPOSED_RATE(30.0, 35.0, 6.0),
     "min_increase: expected a smallest increase from 0% to 100% (0 to 1, 1.0 = 100%)"),
])
def test_every_fraction_argument_has_its_range(call, message):
    assert message in str(call())


def test_exit_impact():
    # 1,000 visits at $100 lost (100,000 a year); half refilled at $90 at once (45,000).
    assert value(xl.EXIT_IMPACT(1000, 100, 0, 0, 0.5, 90)) == pytest.approx(-55_000.0)
    assert value(xl.EXIT_IMPACT(1000, 100, 0, 0, 0.5, 90, 0, 0, 24)) == pytest.approx(-110_000.0)
    # the month table's Net added up, as `exit-impact` and the Exit Impact sheet show it:
    # 12 months lose $3.0075 (shown $3.01) and retain $1.50375 ($1.50), a net of -$1.51
    # (the unrounded -$1.50375 gave -$1.50 in the cell)
    assert value(xl.EXIT_IMPACT(3, 1.0025, 1, 0.5)) == -1.51
    # each year is rounded once on its own, so year 2 is year 1 to the cent (-$1.51 each);
    # a running total over both years gave -$3.01, a second year of -$1.50
    assert value(xl.EXIT_IMPACT(3, 1.0025, 1, 0.5, months=24)) == -3.02
    assert value(xl.EXIT_IMPACT(1000, 100, months=6)).startswith(f"{ERR}months: expected 12 or 24")
    assert value(xl.EXIT_IMPACT(1000, 100, 1.5)).startswith(f"{ERR}retention")


@pytest.mark.parametrize(
    ("end", "days", "expected"),
    [
        (datetime(2026, 6, 30), 90, date(2026, 4, 1)),
        (datetime(2025, 10, 2), 90, date(2025, 7, 3)),  # July 4 is a holiday: a day earlier
        (45932.0, 90.0, date(2025, 7, 3)),  # the same end date as an Excel serial
        ("2025-10-02", None, date(2025, 7, 3)),  # blank notice days: the default 90
    ],
)
def test_notice_deadline(end, days, expected):
    assert value(xl.NOTICE_DEADLINE(end, days)) == expected


@pytest.mark.parametrize(
    ("end", "months", "expected"),
    [
        (datetime(2026, 6, 30), 5, date(2026, 1, 30)),
        (datetime(2026, 6, 30), 4, date(2026, 3, 2)),  # Feb 28, 2026 is a Saturday
        ("2020-06-30", 5, date(2020, 1, 30)),  # a past term still has a start date
    ],
)
def test_negotiation_start(end, months, expected):
    assert value(xl.NEGOTIATION_START(end, months)) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4)],
)
def test_therapy_units_one_cell(minutes, expected):
    assert value(xl.THERAPY_UNITS(minutes)) == expected


def test_therapy_units_of_one_visit():
    # CMS's example: 33 minutes of 97110 and 7 of 97140 are 40 minutes, 3 units: 2 + 1.
    assert xl.THERAPY_UNITS([[33], [7]]) == [[2], [1]]
    assert xl.THERAPY_UNITS([[33], [7]], "ama") == [[2], [0]]
    assert xl.THERAPY_UNITS([[33], [None], [7]]) == [[2], [""], [1]]
    assert value(xl.THERAPY_UNITS(-5)) == f"{ERR}minutes: expected minutes >= 0, got -5"
    bad = xl.THERAPY_UNITS([[33], ["x"]])
    assert bad[1][0] == f"{ERR}minutes: expected a number, got 'x'"
    assert bad[0][0].startswith(ERR)


def test_every_udf_is_an_attribute_of_the_package_in_category_ratecalc():
    for udf in xl.UDFS:
        assert getattr(xl, udf.__name__) is udf
        assert udf.__xlfunc__["category"] == "RateCalc"
        assert udf.__doc__ and udf.__doc__.strip()
        for argument in udf.__xlfunc__["args"]:
            assert not argument["doc"].startswith("Positional argument"), argument["name"]


def test_an_unexpected_failure_is_a_message_not_a_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(gap, "rate_gap", broken)
    text = value(xl.RATEGAP(1.0, 2.0))
    assert text == f"{ERR}internal error in RATEGAP (ZeroDivisionError: boom)"


money = st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(money, min_size=3, max_size=3), min_size=1, max_size=6))
def test_rategap_of_a_schedule_against_itself_is_zero(rows):
    assert xl.RATEGAP(rows, rows) == [[0.0] * 3 for _ in rows]


@settings(max_examples=50, deadline=None)
@given(money, money.filter(lambda b: b > 0), st.floats(min_value=0.5, max_value=20))
def test_rategap_pct_is_unchanged_when_both_sides_scale(rate, bench, factor):
    once = value(xl.RATEGAP(rate, bench, "pct"))
    scaled = value(xl.RATEGAP(rate * factor, bench * factor, "pct"))
    # each read to a millionth: scaling's binary noise can move a gap that is a half-millionth
    # exactly (1/128 = 0.0078125) by one millionth, no more
    assert scaled == pytest.approx(once, rel=0, abs=1e-6 + 1e-12)


def test_an_ambiguous_locality_says_what_to_type_within_what_a_cell_shows():
    """A cell shows a message's first 200 characters: California's held two of its 32
    localities and no word of what to type instead."""
    from ratecalc.medicare.localities import STATE_NAMES, localities

    counts: dict[str, int] = {}
    for row in localities():
        counts[row.state] = counts.get(row.state, 0) + 1
    several = [state for state, n in counts.items() if n > 1 and state in STATE_NAMES]
    assert "CA" in several and "NY" in several
    for state in several:
        shown = value(xl.MEDICARE_RATE("97110", state, FEB_2025))
        assert shown.startswith(f"#RATECALC: Medicare locality '{state}' is ambiguous"), shown
        assert "give a MAC-LOC such as 10112-00, a 5-digit ZIP code or a city and state" \
            in shown, shown


def test_a_range_of_numbers_and_blanks_is_not_parsed_cell_by_cell(monkeypatch):
    """COM passes an empty cell as None: a column of numbers with blank rows still goes to the
    core in one call, without the per-cell parsers."""
    from ratecalc_addin import excel_values

    parsed = []
    parse = excel_values.parse_value

    def parse_value(value, param):
        parsed.append(param.name)
        return parse(value, param)

    monkeypatch.setattr(excel_values, "parse_value", parse_value)
    column = ((26.83,), (None,), (30.0,))
    assert xl.RATEGAP(column, 31.5) == [[pytest.approx(4.67)], [""], [pytest.approx(1.5)]]
    assert xl.RATEGAP(((10.0, None, 20.0),), ((None,), (40.0,))) == [
        ["", "", ""], [30.0, "", 20.0]]
    # a blank benchmark is no benchmark (the minimum increase); a blank floor is 0
    assert xl.PROPOSED_RATE(((30.0,), (30.0,)), ((None,), (32.0,)), floor=((None,), (None,))) == [
        [31.5], [32.0]]
    assert parsed == ["min_increase", "max_increase"]  # PROPOSED_RATE's one-cell arguments


# Every number a function multiplies or divides is read within the parsers' ranges (dollars up
# to $1,000,000,000, other numbers up to 1e12 in size), as one cell and as a range of plain
# numbers, which skips the parsers: 1e299 units and a $1e300 rate used to reach the core there,
# whose products overflowed (numpy's warning; an infinity otherwise).
TOO_LARGE = [
    (xl.REVENUE_IMPACT, (30.0, 32.0, 1e299), 2,
     "annual_units: expected a number (at most 1e+12 in size), got 1e+299"),
    (xl.REVENUE_IMPACT, (30.0, 32.0, -1e299), 2,
     "annual_units: expected a number (at most 1e+12 in size), got -1e+299"),
    (xl.REVENUE_IMPACT, (30.0, 1e300, 1.0), 1,
     "proposed: expected a dollar amount from $0 to $1,000,000,000, got 1e+300"),
    (xl.RATEGAP, (1e300, 31.5), 0,
     "payer_rate: expected a dollar amount from $0 to $1,000,000,000, got 1e+300"),
    (xl.PROPOSED_RATE, (30.0, 1_000_000_000.01), 1,
     "benchmark: expected a dollar amount from $0 to $1,000,000,000, "
     "got 1000000000.01"),
    (xl.PCT_OF_MEDICARE, (1e300, "97110", AL, FEB_2025), 0,
     "payer_rate: expected a dollar amount from $0 to $1,000,000,000, got 1e+300"),
    (xl.FIXED_VS_PCT, (30.0, 1.2, 25.0, 1e299, 2), 3,
     "units: expected a number (at most 1e+12 in size), got 1e+299"),
    (xl.EXIT_IMPACT, (1e299, 100.0), 0,
     "annual_visits: expected a number (at most 1e+12 in size), got 1e+299"),
    (xl.EXIT_IMPACT, (1000.0, 1e300), 1,
     "rate_per_visit: expected a dollar amount from $0 to $1,000,000,000, got 1e+300"),
]


@pytest.mark.parametrize(("udf", "args", "at", "message"), TOO_LARGE,
                         ids=[f"{u.__name__}-{m.split(':')[0]}-{a[i]:g}"
                              for u, a, i, m in TOO_LARGE])
def test_a_number_beyond_its_range_is_refused_naming_it_in_a_cell_and_in_a_range(
        udf, args, at, message):
    assert value(udf(*args)) == ERR + message
    column = [*args[:at], ((args[at],), (1.0,)), *args[at + 1:]]
    result = udf(*column)
    assert result[0] == [ERR + message]
    assert isinstance(result[1][0], float), result  # the good cell beside it still computes


def test_the_largest_numbers_allowed_still_compute():
    # $2 more a unit on 1e9 units (the most `ratecalc scenario --units` and the Volumes table
    # take); a benchmark of $1,000,000,000 against a rate of $0
    assert value(xl.REVENUE_IMPACT(30.0, 32.0, 1e9)) == 2e9
    assert value(xl.RATEGAP(0.0, 1e9, "pct")) == 1.0


@pytest.mark.parametrize(("bench", "expected"), [
    # a benchmark under half a cent is $0.00 to the cent: a percent of it is a percent of
    # nothing, and 5e-324 (the smallest double) overflowed the quotient to infinity
    (5e-324, f"{ERR}benchmark 5e-324 is under half a cent ($0.00 to the cent): no percent gap"),
    (1e-310, f"{ERR}benchmark 1e-310 is under half a cent ($0.00 to the cent): no percent gap"),
    (0.004, f"{ERR}benchmark 0.004 is under half a cent ($0.00 to the cent): no percent gap"),
    (0.0, f"{ERR}benchmark is 0: no percent gap"),
    (0.005, (0.005 - 1.0) / 0.005),  # half a cent is a cent: -19,900%
])
def test_a_percent_gap_needs_a_benchmark_of_half_a_cent_or_more(bench, expected):
    wanted = pytest.approx(expected) if isinstance(expected, float) else expected
    assert value(xl.RATEGAP(1.0, bench, "pct")) == wanted
    # in a range, each cell names its own benchmark and the others compute
    result = xl.RATEGAP(1.0, ((bench,), (31.5,)), "pct")
    assert result[0][0] == wanted
    assert result[1][0] == pytest.approx(30.5 / 31.5)
    # in dollars there is nothing to divide: the gap is the benchmark less the rate, in cents
    # (-0.996 and -0.995 are -$1.00 half-up)
    assert value(xl.RATEGAP(1.0, bench)) == -1.0
