"""TiC files repeat prices: many providers share one negotiated rate. Every entry counts.

Percentiles are taken over all price entries (type 7), never over the distinct prices: a plan
paying 40.00 to four provider groups and 100.00 to one has a median of 40.00, not 70.00.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.market_rates import extract_market_rates, market_rate_stats

NPI = {i: 1000000000 + i for i in range(1, 10)}


def document() -> dict[str, object]:
    def group(gid: int, *npis: int) -> dict[str, object]:
        return {"provider_group_id": gid, "provider_groups": [
            {"npi": [NPI[n] for n in npis], "tin": {"type": "ein", "value": f"0{gid}-7654321"}}]}

    def rate(value: float, gid: int) -> dict[str, object]:
        return {"provider_references": [gid], "negotiated_prices": [
            {"negotiated_type": "negotiated", "negotiated_rate": value,
             "expiration_date": "9999-12-31", "billing_class": "professional",
             "service_code": ["11"]}]}

    def item(code: str, rates: list[dict[str, object]]) -> dict[str, object]:
        return {"negotiation_arrangement": "ffs", "name": "n", "billing_code_type": "CPT",
                "billing_code_type_version": "2025", "billing_code": code, "description": "d",
                "negotiated_rates": rates}

    return {
        "reporting_entity_name": "Repeat Plan", "reporting_entity_type": "health insurance issuer",
        "last_updated_on": "2025-03-01", "version": "2.0.0",
        "provider_references": [group(1, 1, 2, 3), group(2, 4), group(3, 5), group(4, 6),
                                group(5, 7), group(6, 8), group(7, 9)],
        "in_network": [
            item("97110", [rate(40.0, 1), rate(40.0, 2), rate(100.0, 5), rate(40.0, 3),
                           rate(40.0, 4)]),
            item("97530", [rate(50.0, 6), rate(60.0, 7), rate(50.0, 2)]),
        ],
    }


# Worked by hand, type 7 (h = (n - 1) q / 100 over the sorted entries):
# 97110: 40, 40, 40, 40, 100 (n = 5): p25 h=1 -> 40; median h=2 -> 40; p75 h=3 -> 40;
#        p90 h=3.6 -> 40 + 0.6 x 60 = 76. (Over distinct prices 40, 100 the median would be 70.)
#        Providers: groups 1-5 hold NPIs 1-3, 4, 5, 6, 7 -> 7 distinct.
#        Provider-weighted: 40 x (3 + 1 + 1 + 1), 100 x 1 -> N = 7, median h = 3 -> 40.
# 97530: 50, 50, 60 (n = 3): p25 h=0.5 -> 50; median h=1 -> 50; p75 h=1.5 -> 55;
#        p90 h=1.8 -> 58. (Distinct 50, 60: median 55.)
EXPECTED = {
    "97110": {"n_prices": 5, "n_providers": 7, "min": 40.0, "p25": 40.0, "median": 40.0,
              "p75": 40.0, "p90": 76.0, "max": 100.0, "median_provider_weighted": 40.0},
    "97530": {"n_prices": 3, "n_providers": 3, "min": 50.0, "p25": 50.0, "median": 50.0,
              "p75": 55.0, "p90": 58.0, "max": 60.0, "median_provider_weighted": 50.0},
}


@pytest.mark.parametrize("method", ["fast", "fallback"])
def test_repeated_prices_all_count(tmp_path: Path, method: str) -> None:
    path = tmp_path / "repeat.json"
    path.write_text(json.dumps(document()))
    prices = extract_market_rates(path, method=method).prices
    assert sorted(prices.loc[prices["code"] == "97110", "negotiated_rate"]) == [40, 40, 40, 40,
                                                                                 100]
    codes = market_rate_stats(prices, medicare={"97110": 32.0}).codes.set_index("code")
    for code, expected in EXPECTED.items():
        assert {k: codes.loc[code, k] for k in expected} == expected
    # median over Medicare: 40 / 32 = 1.25
    assert codes.loc["97110", "pct_of_medicare"] == 1.25


def hand_prices(rates: list[float], n_providers: list[int]) -> pd.DataFrame:
    n = len(rates)
    return pd.DataFrame({
        "code": ["97110"] * n, "billing_code_type": "CPT", "negotiated_type": "negotiated",
        "negotiated_rate": rates, "billing_class": "professional",
        "providers": [tuple(f"{i}-{j}" for j in range(k)) for i, k in enumerate(n_providers)],
        "n_providers": n_providers, "tin_only": False})


def type7(sorted_values: list[float], q: float) -> float:
    """Hyndman-Fan type 7, written out: h = (n - 1) q; interpolate between neighbours."""
    h = (len(sorted_values) - 1) * q / 100
    lo = int(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])
