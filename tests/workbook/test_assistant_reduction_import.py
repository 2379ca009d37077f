"""A payer paying CQ/CO lines less than the plain code while its contract's Assistant reduction
is 0% is warned of at a ``--workbook`` import. Found by a hunt of ``import remittances``: every
output priced its assistant services at the full rate, above what it paid, without a word."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ratecalc.remittance.canonical import assistant_reduction_warnings
from ratecalc_workbook.imports import import_remittances
from tests.workbook.conftest import NOW

from .test_imports import one_payer_835

SAID = "'s remittances pay assistant services (CQ/CO) less"


def test_a_reduction_paid_against_a_contracts_zero_is_warned_of(demo_copy, tmp_path) -> None:
    # the synthetic payer pays CQ at 85% (synthetic.random_payments); Summit's contract says 0%
    outcome = import_remittances(demo_copy, one_payer_835(tmp_path),
                                 payer="Summit BlueCare PPO", now=NOW)
    [said] = [p for p in outcome.problems if SAID in p.message]
    assert said.severity == "warning"
    assert said.rule.startswith("Summit BlueCare PPO's remittances pay assistant services")
    # ACME's factor 1.00: 97116 at $30.05, CQ at 30.05 x 0.85 = $25.5425, $25.54 (15% less)
    assert "97116 CQ $25.54 a unit against $30.05 without it from 2025-01-27 (15% less)" in (
        said.message)
    assert "(15% less)" in said.message and "Assistant reduction is 0%" in said.message


def test_a_contract_with_a_reduction_is_not_warned_of(demo_copy, tmp_path) -> None:
    outcome = import_remittances(demo_copy, one_payer_835(tmp_path),
                                 payer="Cardinal Employers Trust", now=NOW)  # 15% reduction
    assert outcome.ok and not [p for p in outcome.problems if SAID in p.message]


def _rows(cq: float) -> pd.DataFrame:
    day = date(2026, 11, 2)
    return pd.DataFrame({"payer": ["P", "P"], "code": ["97110", "97110"],
                         "modifier": ["", "CQ"], "allowed_amount": [60.0, cq],
                         "effective_date": [day, day]})


def test_only_a_rate_a_cent_below_against_a_zero_for_every_contract_is_warned_of() -> None:
    zero = pd.DataFrame({"payer": ["P", "P"], "assistant_reduction": [0.0, None]})
    assert assistant_reduction_warnings(_rows(60.0), zero, "r.835") == []
    [said] = assistant_reduction_warnings(_rows(59.99), zero, "r.835")
    assert "97110 CQ $59.99 a unit against $60.00 without it from 2026-11-02" in said.message
    some = pd.DataFrame({"payer": ["P", "P"], "assistant_reduction": [0.0, 0.15]})
    assert assistant_reduction_warnings(_rows(51.0), some, "r.835") == []
    other = pd.DataFrame({"payer": ["Q"], "assistant_reduction": [0.0]})  # P has no contract
    assert assistant_reduction_warnings(_rows(51.0), other, "r.835") == []
