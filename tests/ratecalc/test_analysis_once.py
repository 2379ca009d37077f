"""Work the analysis does once: the governing contracts found once and passed to every rule,
and the per-payer Medicare amounts joined, not merged, with the rule they follow unchanged.

The values are worked by hand; the call count is the demo's (issue 14: a refresh the user
waits on found the same contracts eight times an analysis).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ratecalc import rates as rate_rules
from ratecalc.analysis import analyze
from ratecalc.demo import demo_data


def test_the_analysis_finds_the_governing_contracts_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = rate_rules.payer_contracts

    def counted(contracts: pd.DataFrame, as_of: object) -> pd.DataFrame:
        calls.append(as_of)
        return real(contracts, as_of)  # type: ignore[arg-type]

    monkeypatch.setattr(rate_rules, "payer_contracts", counted)
    data = demo_data()
    analyze(data)
    assert calls == [data.settings.as_of]


def test_a_payers_own_medicare_amount_replaces_the_codes_where_listed() -> None:
    # A/97110 listed twice: the first amount counts; B/97110 listed with NaN: Medicare pays
    # nothing that day, so its 90% contract pays no rate and its schedule's $20.00 stands;
    # A/97112 not listed: the code's own $30.00
    table = pd.DataFrame({"payer": ["A", "A", "B"], "code": ["97110", "97112", "97110"],
                          "schedule_rate": [25.0, 26.0, 20.0]})
    medicare = pd.Series({"97110": 27.0, "97112": 30.0})
    listed = pd.DataFrame({"payer": ["A", "A", "B"], "code": ["97110", "97110", "97110"],
                           "medicare_amount": [28.15, 99.0, np.nan]})
    priced = rate_rules.price_by_contract(table, {"A": 0.9, "B": 0.9}, medicare,
                                          payer_medicare=listed)
    # 0.9 x 28.15 = 25.335 -> 25.34 (half-up); 0.9 x 30.00 = 27.00
    assert priced["allowed_amount"].tolist() == [25.34, 27.0, 20.0]
    assert priced["rate_source"].tolist() == ["contract % of Medicare",
                                              "contract % of Medicare", "fee schedule"]


def test_an_empty_list_of_payer_amounts_keeps_the_codes() -> None:
    rates = pd.DataFrame({"payer": ["A"], "code": ["97110"], "contract_pct": [0.9],
                          "allowed_amount": [24.3], "schedule_rate": [np.nan]})
    listed = pd.DataFrame(columns=["payer", "code", "medicare_amount"])
    repriced = rate_rules.reprice_by_contract(rates, pd.Series({"97110": 27.0}), listed)
    assert repriced is not None
    assert repriced["allowed_amount"].tolist() == [24.3]
