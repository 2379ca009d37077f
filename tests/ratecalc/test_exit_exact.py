"""An exit's money is exact: each year's revenue at risk is visits x rate computed in the
decimals typed and rounded once, half-up to cents (:func:`ratecalc.exit_impact.year_revenue`,
:func:`ratecalc.exit_impact.shown_revenue`); without an escalator the second year is the
first to the cent; the month table's Lost adds up to each year's figure; ``exit-impact``'s
words and ``--json``, the Exit Impact sheet and the EXIT_IMPACT worksheet function show the
same figures; a product past what a cell holds to the cent is refused, not shown as noise.

Before: 0.5 visits x $2.01 read "revenue at risk $1.01" and "Months 13-24 ... $1.00"; 799.5
visits x $71.11 $56,852.44 (binary 56852.44499999999) beside a second year of $56,852.45;
100,000,000 visits x $1,000,000,000 printed "$8,333,333,333,333,361.00" a month.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ratecalc_addin as xl
from ratecalc.errors import InputError
from ratecalc.exit_impact import (
    NET_PARTS,
    ExitParams,
    exit_impact,
    shown_monthly,
    shown_net_impact,
    shown_revenue,
)
from ratecalc.limits import MAX_EXIT_REVENUE
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_workbook.results import compute_results
from tests.clinics import tie_clinic

CENT = Decimal("0.01")


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def _by_hand(visits: str, rate: str) -> Decimal:
    """visits x rate in the decimals typed, half-up to cents."""
    return (Decimal(visits) * Decimal(rate)).quantize(CENT, ROUND_HALF_UP)


@pytest.mark.parametrize(("visits", "rate", "year"), [
    ("0.5", "2.01", Decimal("1.01")),          # 1.005
    ("799.5", "71.11", Decimal("56852.45")),   # 56,852.445
    ("3176.5", "129.43", Decimal("411134.40")),  # 411,134.395
])
def test_hand_computed_years(visits: str, rate: str, year: Decimal,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert _by_hand(visits, rate) == year
    result = exit_impact(ExitParams(float(visits), float(rate)))
    shown = shown_revenue(result)
    assert (shown.revenue_at_risk, shown.revenue_at_risk_year2) == (year, year)
    table = shown_monthly(result.params)
    lost = [Decimal(repr(float(v))) for v in table["lost"]]
    assert sum(lost[:12], Decimal(0)) == sum(lost[12:24], Decimal(0)) == year
    argv = ["exit-impact", "--annual-visits", visits, "--rate-per-visit", rate]
    payload = json.loads(_cli([*argv, "--json"], capsys))
    assert payload["revenue_at_risk"] == payload["revenue_at_risk_year2"] == float(year)
    assert payload["net_impact_12m"] == -float(year)
    assert payload["net_impact_24m"] == -float(2 * year)
    text = _cli(argv, capsys)
    count = f"{Decimal(visits):,}"
    assert (f"revenue at risk ${year:,} a year ({count} visits at ${Decimal(rate):,})."
            in text), text
    # nothing changes between the years: no second figure to explain
    assert "Months 13-24" not in text, text
    assert f"-${year:,} over 12 months, -${2 * year:,} over 24 months" in text, text


def test_the_second_year_at_an_escalated_rate_is_its_own_product() -> None:
    """0.5 visits at $2.01, then at $2.07: year 1 $1.005 -> $1.01, year 2 $1.035 -> $1.04
    (the Lost column over months 13-24 adds up to it); with every what-if 0 the net over 24
    months is -$2.05."""
    result = exit_impact(ExitParams(0.5, 2.01, rate_per_visit_year2=2.07))
    shown = shown_revenue(result)
    assert (shown.revenue_at_risk, shown.revenue_at_risk_year2) == \
        (Decimal("1.01"), Decimal("1.04"))
    assert shown_monthly(result.params)["lost"].iloc[12:24].sum() == pytest.approx(1.04)
    assert shown_net_impact(result, 24) == -2.05


def test_a_product_past_what_a_double_holds_to_the_cent_is_refused(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Each in its own range, 100,000,000 visits x $1,000,000,000 is $1e17 a year: refused by
    the core, the command and the worksheet function in the figures' own names; $1e12 a year
    (limits.MAX_EXIT_REVENUE) is taken, and its figures shown to the cent, exactly."""
    with pytest.raises(InputError, match=r"annual_visits x rate_per_visit: expected a revenue "
                                         r"a year of at most \$1,000,000,000,000\.00, got "
                                         r"100,000,000 visits x \$1,000,000,000\.00"):
        ExitParams(1e8, 1e9)
    with pytest.raises(InputError, match="annual_visits x backfill_rate"):
        ExitParams(1e8, 1.0, backfill_rate=10_000.01)
    with pytest.raises(InputError, match="annual_visits x offer_rate"):
        exit_impact(ExitParams(1e8, 1.0), offer_rate=10_000.01)
    assert main(["exit-impact", "--annual-visits", "100000000",
                 "--rate-per-visit", "1000000000"]) != 0
    err = capsys.readouterr().err
    assert "--annual-visits x --rate-per-visit: expected a revenue a year of at most" in err, err
    assert xl.EXIT_IMPACT(1e8, 1e9)[0][0].startswith("#RATECALC: annual_visits x rate_per_visit")
    # 99,999,999.5 visits x $10,000.00005 = $999,999,999,999.999975 a year, within the bound:
    # shown $1,000,000,000,000.00; a month $83,333,333,333.33333125, shown in cents that add
    # up to the year ($83,333,333,333.33 and .34)
    argv = ["exit-impact", "--annual-visits", "99999999.5", "--rate-per-visit", "10000.00005"]
    text = _cli(argv, capsys)
    assert ("revenue at risk $1,000,000,000,000.00 a year (99,999,999.5 visits at "
            "$10,000.00005)") in text, text
    assert "$83,333,333,333.33" in text and "$83,333,333,333.34" in text, text
    payload = json.loads(_cli([*argv, "--json"], capsys))
    assert (payload["net_impact_12m"], payload["net_impact_24m"]) == \
        (-1_000_000_000_000.00, -2_000_000_000_000.00)
    assert ExitParams(1e8, 1e4).annual_visits == 1e8  # exactly $1e12: taken


#: Visits a year with up to two decimals, rates in cents (the product past
#: limits.MAX_EXIT_REVENUE is refused, and left out).
visits_typed = st.integers(0, 10**8).map(lambda n: Decimal(n).scaleb(-2))
rates_typed = st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-2))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(visits=visits_typed, rate=rates_typed)
@example(visits=Decimal("0.5"), rate=Decimal("2.01"))
@example(visits=Decimal("799.5"), rate=Decimal("71.11"))
def test_every_output_shows_one_exact_year(visits: Decimal, rate: Decimal,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    if visits * rate > Decimal(int(MAX_EXIT_REVENUE)):
        return
    year = (visits * rate).quantize(CENT, ROUND_HALF_UP)
    result = exit_impact(ExitParams(float(visits), float(rate)))
    shown = shown_revenue(result)
    # no escalator: year 2 is year 1 to the cent, each the exact product rounded once
    assert shown.revenue_at_risk == shown.revenue_at_risk_year2 == year
    table = shown_monthly(result.params)
    cents = {c: [Decimal(repr(float(v))) for v in table[c]] for c in (*NET_PARTS, "net",
                                                                 "cumulative_net")}
    # the table adds up as shown: each year's Lost to that year, Net to its parts, the
    # Cumulative net to the months' Net
    assert sum(cents["lost"][:12], Decimal(0)) == sum(cents["lost"][12:], Decimal(0)) == year
    for m in range(24):
        assert cents["net"][m] == (cents["retained"][m] + cents["backfill"][m]
                                   + cents["admin_savings"][m] - cents["lost"][m])
        assert cents["cumulative_net"][m] == sum(cents["net"][:m + 1], Decimal(0))
    nets = (shown_net_impact(result, 12), shown_net_impact(result, 24))
    assert nets == (float(-year) + 0.0, float(-2 * year) + 0.0)
    # the worksheet function and the command say the same
    assert (xl.EXIT_IMPACT(float(visits), float(rate))[0][0],
            xl.EXIT_IMPACT(float(visits), float(rate), months=24)[0][0]) == nets
    payload = json.loads(_cli(["exit-impact", "--annual-visits", str(visits),
                               "--rate-per-visit", str(rate), "--json"], capsys))
    assert (payload["revenue_at_risk"], payload["revenue_at_risk_year2"]) == \
        (float(year), float(year))
    assert (payload["net_impact_12m"], payload["net_impact_24m"]) == nets
    assert [Decimal(repr(float(v))) for v in pd.DataFrame(payload["monthly"])["lost"]] == \
        cents["lost"]


def test_the_sheet_and_the_command_agree_on_a_payers_half_cent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A payer of 133.5 visits a year billing 200.5 units of 97110 at $37.01 and 50 each of
    97140 at $33.00 and 97530 at $42.00: $7,420.505 + $3,750.00 = $11,170.505 a year, shown
    $11,170.51, in both years (no escalator); the net over 24 months with every what-if 0 is
    -$22,341.02, on the Exit Impact sheet and from ``exit-impact --payer`` alike."""
    today = date(2025, 12, 1)
    data = tie_clinic(today)
    payer = "Elm Trust"
    fees, volumes = data.fee_schedules.copy(), data.volumes.copy()
    fees.loc[(fees["payer"] == payer) & (fees["code"] == "97110"), "allowed_amount"] = 37.01
    volumes.loc[(volumes["payer"] == payer) & (volumes["code"] == "97110"),
                "units_per_year"] = 200.5
    payers = data.payers.astype({"visits_per_year": float})
    payers.loc[payers["payer"] == payer, "visits_per_year"] = 133.5
    data = replace(data, fee_schedules=fees, volumes=volumes, payers=payers)
    results = compute_results(data, now=datetime.combine(today, datetime.min.time()))
    row = results.exit_impact.set_index("payer").loc[payer]
    assert row["annual_visits"] == 133.5
    assert (row["revenue_at_risk"], row["net_impact_12m"], row["net_impact_24m"]) == \
        (11_170.51, -11_170.51, -22_341.02)
    folder = tmp_path / "tables"
    write_clinic_tables(data, folder)
    payload = json.loads(_cli(["exit-impact", "--payer", payer, "--data", str(folder),
                               "--json"], capsys))
    assert (payload["revenue_at_risk"], payload["revenue_at_risk_year2"],
            payload["net_impact_12m"], payload["net_impact_24m"]) == \
        (11_170.51, 11_170.51, -11_170.51, -22_341.02)
