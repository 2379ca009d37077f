"""A code a payer is billed for but does not pay (no rate in force for it): it earns nothing,
as the Priorities' revenue counts it, and the payer's Scenarios and exit estimate stand on the
codes it pays (the speech/OT practice walk: one unpaid code left its top payer with neither)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ratecalc.errors import UnknownCodeError
from ratecalc.exit_impact import annual_revenue_by_payer, exit_params_for_payer
from ratecalc.rates import unpaid_codes_note
from ratecalc.scenarios import payer_lines, payer_scenario

AS_OF = date(2026, 12, 6)
#: Summit pays 92507 and 97530, not 92526 (no row); Harbor pays 92507.
FEES = pd.DataFrame({
    "payer": ["Summit", "Summit", "Harbor"], "code": ["92507", "97530", "92507"],
    "modifier": [""] * 3, "allowed_amount": [68.40, 29.10, 72.10],
    "effective_date": [date(2026, 1, 1)] * 3,
})
VOLUMES = pd.DataFrame({"payer": ["Summit", "Summit", "Summit", "Harbor"],
                        "code": ["92507", "92526", "97530", "92507"],
                        "units_per_year": [540.0, 60.0, 300.0, 380.0],
                        "visits": [540, 60, 300, 380]})
CONTRACTS = pd.DataFrame({"payer": ["Summit"], "product": ["HMO"], "rate_basis": ["fixed"],
                          "pct_of_medicare": [float("nan")], "escalator": [0.0]})
MEDICARE = pd.Series({"92507": 71.96, "92526": 79.14, "97530": 32.42})


def test_scenario_of_a_payer_with_an_unpaid_code_projects_the_codes_it_pays():
    # 540 x 68.40 + 300 x 29.10 = 36,936 + 8,730 = 45,666 a year, two years flat; 92526 in
    # neither side (it raised "no rate in force ... 92526" and the payer had no scenario)
    result = payer_scenario("Summit", CONTRACTS, FEES, VOLUMES, MEDICARE, as_of=AS_OF, years=2)
    assert result.unpriced_codes == ("92526",)
    assert result.by_code["code"].tolist() == ["92507", "97530"]
    assert result.fixed_total == pytest.approx(2 * 45_666.0)
    assert result.pct_total == pytest.approx(2 * 45_666.0)


def test_a_payer_paying_none_of_its_codes_still_has_no_scenario():
    with pytest.raises(UnknownCodeError, match=r"payer 'Summit' has no rate in force on "
                                               r"2025-06-01 for code\(s\) 92507, 92526, 97530"):
        payer_lines("Summit", FEES, VOLUMES, MEDICARE, as_of=date(2025, 6, 1))


def test_exit_estimate_of_a_payer_with_an_unpaid_code_is_what_it_pays():
    # Summit's 600 visits bring 45,666 a year (92526's 60 visits bring nothing): 76.11 a visit
    revenue = annual_revenue_by_payer(FEES, VOLUMES, as_of=AS_OF).set_index("payer")
    assert revenue.loc["Summit", "annual_revenue"] == pytest.approx(45_666.0)
    assert (revenue.loc["Summit", "problem"], revenue.loc["Summit", "unpriced"]) == ("", "92526")
    assert revenue.loc["Harbor", "unpriced"] == ""
    params = exit_params_for_payer("Summit", FEES, VOLUMES, as_of=AS_OF, annual_visits=600)
    assert params.rate_per_visit == pytest.approx(45_666.0 / 600)


def test_the_note_names_payer_code_day_and_where_to_add_the_rate():
    assert unpaid_codes_note("Summit Mutual", ["92526"], date(2027, 4, 1)) == (
        "Summit Mutual: no rate in force on 2027-04-01 for 92526, billed to it: counted as not "
        "paid ($0), as on Priorities; if Summit Mutual pays it, add its rate on the Fee "
        "Schedules sheet")


def test_many_payers_billed_codes_they_do_not_pay_get_one_note_a_sheet():
    # a code billed to every payer of the demo and paid by none: one note per payer on each
    # of the Scenarios and Exit Impact (12 notes beside the 6 analysis warnings); one note a
    # sheet names them all
    from datetime import datetime

    from ratecalc.demo import demo_data
    from ratecalc_workbook.results import compute_results

    data = demo_data(date(2026, 12, 5))
    payers = sorted(set(data.volumes["payer"]))
    extra = data.volumes[data.volumes["payer"].isin(payers)].drop_duplicates("payer").copy()
    extra["code"] = "92526"
    from dataclasses import replace

    data = replace(data, volumes=pd.concat([data.volumes, extra], ignore_index=True))
    assert not (data.fee_schedules["code"] == "92526").any()
    results = compute_results(data, now=datetime(2026, 12, 5, 9, 0))
    for sheet in ("Scenarios", "Exit Impact"):
        said = [p.message for p in results.warnings
                if p.table == sheet and "counted as not paid" in p.rule]
        assert len(said) == 1, (sheet, said)
        # every payer the per-payer notes named (4 of the 6 have a scenario and an estimate)
        assert sum(payer in said[0] for payer in payers) == 4, said
        assert "Summit BlueCare PPO" in said[0] and "Lakeside Health Partners" in said[0]
        assert "92526" in said[0] and "Fee Schedules sheet" in said[0]


def test_the_analysis_warning_says_the_code_counts_as_not_paid():
    # "Summit has volume for 92526 but no rate in force" stood on the Problems sheet and from
    # analyze without the rule every other output states: it earns nothing on Priorities
    from dataclasses import replace

    from ratecalc.analysis import analyze
    from ratecalc.demo import demo_data

    data = demo_data(date(2026, 12, 5))
    extra = data.volumes.iloc[[0]].copy()
    extra["code"] = "92526"
    data = replace(data, volumes=pd.concat([data.volumes, extra], ignore_index=True))
    payer = extra["payer"].iloc[0]
    said = [p.message for p in analyze(data).warnings if "92526" in p.message
            and p.table == "Volumes"]
    assert said == [f"Volumes: {payer} has volume for 92526 but no rate in force on "
                    f"2026-12-05: counted as not paid ($0); if {payer} pays it, add its rate "
                    f"on the Fee Schedules sheet"], said
