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
    # two products undated: the first listed governs, as in every output (rates.payer_contracts)
    some = pd.DataFrame({"payer": ["P", "P"], "assistant_reduction": [0.15, 0.0]})
    assert assistant_reduction_warnings(_rows(51.0), some, "r.835") == []
    [said] = assistant_reduction_warnings(_rows(51.0), some[::-1], "r.835")
    assert "97110 CQ $51.00 a unit against $60.00 without it" in said.message
    other = pd.DataFrame({"payer": ["Q"], "assistant_reduction": [0.0]})  # P has no contract
    assert assistant_reduction_warnings(_rows(51.0), other, "r.835") == []


def _cq_only_835(path, paid: str) -> object:
    """Summit's remittance of one CQ line of 97110 on 2025-11-03 and no plain 97110."""
    from decimal import Decimal

    from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835

    charge = Decimal("80.00")
    line = LineSpec("97110", charge, Decimal(paid), (("CO", "45", charge - Decimal(paid)),),
                    ("GP", "CQ"), Decimal(1), date(2025, 11, 3))
    path.write_text(write_835([PaymentSpec("SUMMIT BLUECARE", "SBC01", date(2025, 11, 20),
                                           (ClaimSpec("C1", (line,)),))]))
    return path


def test_a_cq_rate_is_compared_with_the_workbooks_schedule_when_the_import_pays_no_plain_rate(
        demo_copy, tmp_path) -> None:
    # the demo's Summit schedule: 97110 at $25.22 from 2025-01-01 (ratecalc/data/demo), no
    # escalator, Assistant reduction 0%; the 835 pays 97110 with CQ alone, at 85%: $21.44.
    # Compared with the import's plain rates alone, nothing was said
    outcome = import_remittances(demo_copy, _cq_only_835(tmp_path / "cq.835", "21.44"),
                                 payer="Summit BlueCare PPO", now=NOW)
    [said] = [p for p in outcome.problems if SAID in p.message]
    assert "97110 CQ $21.44 a unit against $25.22 on its fee schedule from 2025-11-03 " \
           "(15% less)" in said.message


def test_a_cq_rate_at_the_workbooks_schedule_rate_is_not_warned_of(demo_copy, tmp_path) -> None:
    outcome = import_remittances(demo_copy, _cq_only_835(tmp_path / "cq.835", "25.22"),
                                 payer="Summit BlueCare PPO", now=NOW)
    assert not [p for p in outcome.problems if SAID in p.message]


def test_the_schedule_is_read_on_the_cq_rates_day_and_only_where_the_import_has_no_plain_rate(
        ) -> None:
    zero = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0]})
    schedule = pd.DataFrame({"payer": ["P", "P"], "code": ["97110", "97110"],
                             "modifier": ["", ""], "allowed_amount": [50.0, 70.0],
                             "effective_date": [date(2026, 1, 1), date(2026, 12, 1)]})
    cq = pd.DataFrame({"payer": ["P"], "code": ["97110"], "modifier": ["CQ"],
                       "allowed_amount": [51.0], "effective_date": [date(2026, 11, 2)]})
    # on 2026-11-02 the schedule's $50.00 is in force (its $70.00 from 2026-12-01 is not yet)
    assert assistant_reduction_warnings(cq, zero, "r.835", schedule) == []
    [said] = assistant_reduction_warnings(cq.assign(allowed_amount=42.5), zero, "r.835",
                                          schedule)
    assert "97110 CQ $42.50 a unit against $50.00 on its fee schedule from 2026-11-02 " \
           "(15% less)" in said.message
    # a day before the schedule's first row: nothing in force, nothing compared
    early = cq.assign(allowed_amount=1.0, effective_date=date(2025, 6, 1))
    assert assistant_reduction_warnings(early, zero, "r.835", schedule) == []
    # the import's own plain rate, where it pays one, is the one compared (the schedule's
    # $50.00 would warn of $51.00 as less than $60.00 alike; $59.99 against $60.00 tells)
    [said] = assistant_reduction_warnings(_rows(59.99), zero.assign(payer="P"), "r.835",
                                          schedule)
    assert "97110 CQ $59.99 a unit against $60.00 without it from 2026-11-02" in said.message


def test_the_contract_in_force_on_the_cq_rates_day_is_the_one_compared() -> None:
    # a 2022-2024 contract reduced CQ/CO by 15%; the one in force since 2025 says 0%, so every
    # output prices them at the full rate: an 85% payment is warned of (review-b15: the ended
    # contract's 15% silenced it). On a day the old contract governs, nothing is said.
    contracts = pd.DataFrame({
        "payer": ["P", "P"], "assistant_reduction": [0.15, 0.0],
        "effective_date": [date(2022, 1, 1), date(2025, 1, 1)],
        "end_date": [date(2024, 12, 31), date(2027, 12, 31)], "auto_renew": [False, False]})
    [said] = assistant_reduction_warnings(_rows(51.0), contracts, "r.835")
    assert "97110 CQ $51.00 a unit against $60.00 without it from 2026-11-02" in said.message
    early = _rows(51.0).assign(effective_date=date(2024, 6, 3))
    assert assistant_reduction_warnings(early, contracts, "r.835") == []
