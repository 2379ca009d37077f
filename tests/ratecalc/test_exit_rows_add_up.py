"""The month-by-month exit table adds up both ways, as shown: each column to its totals and
each month's Net to the parts beside it; the net over 12 and 24 months is the months' Net
added up (one function, :func:`ratecalc.exit_impact.shown_net_impact`)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.exit_impact import (
    HORIZONS_MONTHS,
    NET_PARTS,
    ExitParams,
    exit_impact,
    shown_monthly,
    shown_net_impact,
)

CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")
NOISE = Decimal("1e-6")


def _cents(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def test_a_hand_computed_table() -> None:
    """3 visits at $1.0025, all retained paying half: $0.250625 lost and $0.1253125 retained a
    month. Lost shows $0.25 each month (running totals 0.25, 0.50, 0.75); retained $0.13,
    $0.12, $0.13 (0.13, 0.25, 0.38); so Net is -$0.12, -$0.13, -$0.12, and the net over the
    three months -$0.37, as its columns' totals give it ($0.38 - $0.75), though the unrounded
    -$0.3759375 would round to -$0.38. Net rounded by its own running total showed -$0.13,
    -$0.12, -$0.13: rows of $0.13 - $0.25 = -$0.13."""
    result = exit_impact(ExitParams(3, 1.0025, retention=1.0, retained_collection=0.5))
    shown = shown_monthly(result.params).iloc[:3]
    assert shown["lost"].tolist() == [0.25, 0.25, 0.25]
    assert shown["retained"].tolist() == [0.13, 0.12, 0.13]
    assert shown["net"].tolist() == [-0.12, -0.13, -0.12]
    assert shown["cumulative_net"].tolist() == [-0.12, -0.25, -0.37]


#: Up to $1,000 a visit and 20,000 visits ($20 million a year at most), $1 million a year of
#: admin savings: below the $40 million a double resolves a micro-cent at
#: (ratecalc.money.exact_amount)
rates = st.integers(0, 10**5).map(lambda cents: cents / 100)
money = st.integers(0, 10**8).map(lambda cents: cents / 100)
shares = st.integers(0, 1000).map(lambda per_mille: per_mille / 1000)


@given(visits=st.integers(0, 20_000), rate=rates, retention=shares, collection=shares,
       backfill=shares, backfill_rate=rates, ramp=st.integers(0, 30), admin=money)
@example(visits=3, rate=1.0025, retention=1.0, collection=0.5, backfill=0.0, backfill_rate=0.0,
         ramp=0, admin=0.0)
def test_rows_and_columns_add_up_as_shown(visits, rate, retention, collection, backfill,
                                          backfill_rate, ramp, admin) -> None:
    result = exit_impact(ExitParams(visits, rate, retention=retention,
                                    retained_collection=collection, backfill=backfill,
                                    backfill_rate=backfill_rate, ramp_months=ramp,
                                    admin_savings=admin))
    shown = shown_monthly(result.params)
    exact = result.monthly
    for column in (*NET_PARTS, "net", "cumulative_net"):
        assert all(_cents(v) == _cents(v).quantize(CENT) for v in shown[column]), column
    running = {c: Decimal(0) for c in (*NET_PARTS, "net")}
    exact_running = {c: Decimal(0) for c in NET_PARTS}
    for k in range(len(shown)):
        row = shown.iloc[k]
        parts = {c: _cents(row[c]) for c in NET_PARTS}
        # each month's Net is its parts, as shown
        assert _cents(row["net"]) == (parts["retained"] + parts["backfill"]
                                      + parts["admin_savings"] - parts["lost"]), k
        if k % 12 == 0:  # each year is rounded once on its own: its months add up to it
            running.update({c: Decimal(0) for c in NET_PARTS})
            exact_running = {c: Decimal(0) for c in NET_PARTS}
        for c in NET_PARTS:
            running[c] += parts[c]
            exact_running[c] += Decimal(repr(float(exact[c].iloc[k])))
            # each part's column adds up to its running total since the year began, rounded:
            # within half a cent (and the binary noise of a sum of doubles) of the months'
            # exact amounts added (a running total over both years made year 2 of 0.5 visits
            # x $2.01 $1.00 beside a year 1 of $1.01)
            assert abs(running[c] - exact_running[c]) <= HALF_CENT + NOISE, (c, k)
        running["net"] += _cents(row["net"])
        assert _cents(row["cumulative_net"]) == running["net"], k
    for months in HORIZONS_MONTHS:
        net = _cents(shown_net_impact(result, months))
        assert net == sum((_cents(v) for v in shown["net"].iloc[:months]), Decimal(0))
        # within half a cent a part a year of the unrounded net
        unrounded = result.net_impact_12m if months == 12 else result.net_impact_24m
        assert abs(net - Decimal(repr(unrounded))) <= 4 * months // 12 * HALF_CENT + NOISE
