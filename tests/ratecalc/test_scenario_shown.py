"""A scenario's tables add up as shown: the years to the total, the cumulative columns to the
years above, each row's difference to its two figures (``shown_years``, ``shown_totals``);
each year is its exact revenue rounded once."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ratecalc import scenarios
from ratecalc.demo import demo_data
from ratecalc.money import fraction_cents

changes = st.floats(min_value=-0.2, max_value=0.2, allow_nan=False)


def cents(x: float) -> Decimal:
    d = Decimal(str(float(x)))
    assert d == d.quantize(Decimal("0.01")), f"{x} is not whole cents"
    return d


def assert_adds_up(result: scenarios.ScenarioResult) -> None:
    shown = scenarios.shown_years(result)
    totals = scenarios.shown_totals(result)
    for side, total in (("fixed", totals.fixed_total), ("pct", totals.pct_total)):
        running = Decimal(0)
        for value, cumulative in zip(shown[f"{side}_revenue"], shown[f"{side}_cumulative"],
                                     strict=True):
            running += cents(value)
            assert cents(cumulative) == running
        assert running == cents(total)
        # each year rounded once, on its own (the total: within half a cent a year of the
        # unrounded one; it was the unrounded total rounded once, by a running total)
        assert [cents(x) for x in shown[f"{side}_revenue"]] == [
            fraction_cents(year) for year in getattr(result, f"{side}_years")]
    for row in shown.itertuples():
        assert cents(row.difference) == cents(row.fixed_revenue) - cents(row.pct_revenue)
    assert sum(cents(x) for x in shown["difference"]) == cents(totals.difference)
    assert cents(totals.difference) == cents(totals.fixed_total) - cents(totals.pct_total)
    assert abs(cents(totals.difference) - Decimal(repr(result.difference))) <= (
        Decimal("0.01") * result.years)


@given(units=st.integers(min_value=1, max_value=20_000),
       fixed=st.integers(min_value=1, max_value=30_000),
       medicare=st.integers(min_value=100, max_value=30_000),
       pct=st.one_of(st.none(), st.floats(min_value=0.5, max_value=3.0)),
       years=st.integers(min_value=1, max_value=12), cf=changes, escalator=changes)
def test_every_scenario_table_adds_up_as_shown(units: int, fixed: int, medicare: int,
                                               pct: float | None, years: int, cf: float,
                                               escalator: float) -> None:
    lines = scenarios.single_code_lines(units, medicare / 100, fixed / 100)
    result = scenarios.project_scenario(lines, pct_of_medicare=pct, years=years,
                                        cf_changes=cf, escalator=escalator)
    assert_adds_up(result)


def test_lakeside_as_the_review_found_it() -> None:
    """The review's case: Lakeside's yearly differences 0, 5,259.82, 10,594.33, 16,005.99,
    21,497.36 summed to $53,357.50 under a Total of +$53,357.51. Its year 1 was then its fee
    schedule's rows as written, given here as its rates (its contract's escalator now raises
    them by its new term: tests/test_escalator_baseline.py), so the inputs are the review's.
    Its later years are now its rates raised by its 2.5% escalator in cents each year (the
    rates' rule), not year 1's $146,916.39 x 1.025 ** (y - 1): the years' fixed revenue is
    146,916.39 | 150,592.31 | 154,360.02 | 158,217.01 | 162,174.92 = $772,260.65, worked out
    code by code in Decimal from its 15 rates and volumes; the percent side (the equivalent,
    unrounded) is 146,916.39 x (1 + g + g^2 + g^3 + g^4), g = 1 - 0.0108014712... (the
    historical path), = $718,883.30; so the years' differences add up to $53,377.35, the
    Total's difference (before: $53,357.51, year 1 x the index)."""
    data = demo_data()
    from ratecalc.analysis import analyze
    from ratecalc.rates import new_term_starts, schedule_rates

    a = analyze(data)
    medicare = a.medicare.set_index("code")["medicare_amount"].dropna()
    path = scenarios.settings_cf_path(data.settings.cf_path, data.settings.cf_custom,
                                      int(data.settings.scenario_years))
    payer = "Lakeside Health Partners"
    as_written = schedule_rates(
        data.fee_schedules, a.as_of,
        payer_dates=new_term_starts(data.contracts, a.as_of)).rename(
            columns={"schedule_rate": "allowed_amount"})
    result = scenarios.payer_scenario(
        payer, data.contracts, data.fee_schedules, data.volumes, medicare,
        as_of=a.as_of, years=int(data.settings.scenario_years),
        cf_changes=path.changes.tolist(), rates=as_written[as_written["payer"] == payer])
    assert_adds_up(result)
    shown = scenarios.shown_years(result)
    assert [cents(x) for x in shown["fixed_revenue"]] == [
        Decimal("146916.39"), Decimal("150592.31"), Decimal("154360.02"), Decimal("158217.01"),
        Decimal("162174.92")]
    assert sum(cents(x) for x in shown["difference"]) == Decimal("53377.35")
    assert pd.Series(shown["difference"]).iloc[0] == 0
