"""What a refresh's results find once (issue 14): the contract governing each payer on the
analysis date and each payer's visits a year. The analysis finds them and every table of the
refresh, the summary and the first payer to negotiate with read its; a refresh of the demo
found the governing contracts nine times and the visits twice."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from ratecalc import exit_impact, priorities, scenarios
from ratecalc import rates as rate_rules
from ratecalc.demo import demo_data
from ratecalc.report import summary
from ratecalc_workbook import results

#: Every module that calls these rules by a name of its own.
HOLDERS = (rate_rules, priorities, exit_impact, scenarios, results)


def test_a_refresh_finds_the_governing_contracts_and_visits_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    found: list[str] = []
    contracts, visits = rate_rules.payer_contracts, rate_rules.payer_visits

    def counted_contracts(*args: object, **kwargs: object) -> pd.DataFrame:
        found.append("contracts")
        return contracts(*args, **kwargs)  # type: ignore[arg-type]

    def counted_visits(*args: object, **kwargs: object) -> pd.Series:
        found.append("visits")
        return visits(*args, **kwargs)  # type: ignore[arg-type]

    for module in HOLDERS:
        if hasattr(module, "payer_contracts"):
            monkeypatch.setattr(module, "payer_contracts", counted_contracts)
        if hasattr(module, "payer_visits"):
            monkeypatch.setattr(module, "payer_visits", counted_visits)
    data = demo_data()
    made = results.compute_results(data, now=datetime(2026, 12, 7, 9))
    summary(made.analysis)
    top = made.analysis.top_payer
    assert sorted(found) == ["contracts", "visits"]
    # what was found once is what the rules find from the data
    pd.testing.assert_frame_equal(made.analysis.governing,
                                  contracts(data.contracts, data.settings.as_of))
    pd.testing.assert_series_equal(made.analysis.visits_by_payer, visits(data))
    assert top == made.analysis.priorities["payer"].iloc[0]
