"""A payer paying CQ/CO lines less than the plain code while its contract's Assistant reduction
is 0% is warned of at a ``--workbook`` import. Found by a hunt of ``import remittances``: every
output priced its assistant services at the full rate, above what it paid, without a word."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.dataset import MedicareTerms
from ratecalc.remittance.canonical import assistant_reduction_warnings
from ratecalc_workbook.imports import import_remittances
from tests.workbook.conftest import NOW

from .test_imports import one_payer_835

SAID = "'s remittances pay assistant services (CQ/CO) less"
NOT_COMPARED = "so they were not compared with one"


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
    # a day before the schedule's first row: nothing in force, nothing compared, and said so
    # (remit-16: it was compared with nothing, without a word)
    early = cq.assign(allowed_amount=1.0, effective_date=date(2025, 6, 1))
    [said] = assistant_reduction_warnings(early, zero, "r.835", schedule)
    assert NOT_COMPARED in said.message and SAID not in said.message
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


# remit-16: a CQ/CO rate first paid before the fee schedule's first row for the code

def _schedule_from_2026() -> pd.DataFrame:
    return pd.DataFrame({"payer": ["P"], "code": ["97110"], "modifier": [""],
                         "allowed_amount": [50.0], "effective_date": [date(2026, 1, 1)]})


def _cq_paid(amount: float, *days: date) -> pd.DataFrame:
    return pd.DataFrame({"payer": ["P"], "code": ["97110"], "modifier": ["CQ"],
                         "allowed_amount": [amount], "effective_date": [days[0]],
                         "paid_days": [tuple(pd.Timestamp(d) for d in days)]})


def test_a_cq_rate_paid_on_across_the_schedules_first_row_is_compared_from_that_day() -> None:
    # $42.50 paid on 2025-12-15 (no schedule rate yet) and on 2026-01-05 (the schedule's $50.00
    # since 2026-01-01): compared on 2026-01-05, 1 - 42.50/50.00 = 15% less. It was compared
    # on its first day alone, found nothing in force, and said nothing
    zero = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0]})
    cq = _cq_paid(42.5, date(2025, 12, 15), date(2026, 1, 5))
    [said] = assistant_reduction_warnings(cq, zero, "r.835", _schedule_from_2026())
    assert SAID in said.message
    assert ("97110 CQ $42.50 a unit against $50.00 on its fee schedule from 2026-01-05 "
            "(15% less; paid from 2025-12-15)") in said.message
    # at the schedule's rate on that day: nothing to say
    assert assistant_reduction_warnings(cq.assign(allowed_amount=50.0), zero, "r.835",
                                        _schedule_from_2026()) == []


def test_a_cq_rate_paid_only_before_the_schedules_first_row_is_said_not_compared() -> None:
    # never compared with the $50.00 of a later day (a rate raised on 2026-01-01 would read as
    # a reduction), but not passed over in silence either
    zero = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0]})
    cq = _cq_paid(42.5, date(2025, 11, 3), date(2025, 12, 15))
    [said] = assistant_reduction_warnings(cq, zero, "r.835", _schedule_from_2026())
    assert said.severity == "warning" and SAID not in said.message
    assert said.rule.startswith("P's remittances pay assistant services (CQ/CO) on days no rate")
    assert NOT_COMPARED in said.message
    assert ("97110 CQ $42.50 a unit from 2025-11-03 (its fee schedule's first rate for 97110 "
            "is from 2026-01-01, after the last day it was paid)") in said.message
    # a contract with a reduction: nothing to check, nothing said
    some = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.15]})
    assert assistant_reduction_warnings(cq, some, "r.835", _schedule_from_2026()) == []
    # a code the schedule never sets: nothing known to be missing, nothing said (as before)
    other = _schedule_from_2026().assign(code="97530")
    assert assistant_reduction_warnings(cq, zero, "r.835", other) == []


def test_a_cq_only_import_before_the_workbooks_schedule_is_said_not_compared(
        demo_copy, tmp_path) -> None:
    # the demo's Meridian schedule starts 2025-01-01; a CQ line of 2024-11-04 at $21.44 has no
    # plain rate in force on its day (Meridian's contract, since 2022-07-01, says 0%)
    path = _cq_only_835(tmp_path / "cq.835", "21.44")
    path.write_text(path.read_text().replace("20251103", "20241104"))
    outcome = import_remittances(demo_copy, path, payer="Meridian Mutual", now=NOW)
    assert not [p for p in outcome.problems if SAID in p.message]
    [said] = [p for p in outcome.problems if NOT_COMPARED in p.message]
    assert ("97110 CQ $21.44 a unit from 2024-11-04 (its fee schedule's first rate for 97110 "
            "is from 2025-01-01, after the last day it was paid)") in said.message


# remit-16: a percent-of-Medicare payer's plain rate is its percentage of Medicare's amount

ALABAMA = MedicareTerms("10112-00", date(2026, 3, 2), False, False)


def _pct_contract(reduction: float = 0.0) -> pd.DataFrame:
    return pd.DataFrame({"payer": ["P"], "rate_basis": ["pct_of_medicare"],
                         "pct_of_medicare": [0.88], "assistant_reduction": [reduction]})


def test_a_percent_of_medicare_payers_cq_rate_is_compared_with_its_contracts_rate() -> None:
    # 97110 in 10112-00 on 2026-03-02 (RVU26C, GPCI 2026, CF 33.4009, non-facility):
    # (0.45 x 1.000 + 0.41 x 0.875 + 0.01 x 0.566) x 33.4009 = 0.81441 x 33.4009 = 27.2020,
    # $27.20; 88% of it: 23.936, $23.94. CQ at 85% of that: 20.349, $20.35: 15% less.
    cq = _cq_paid(20.35, date(2026, 3, 2))
    [said] = assistant_reduction_warnings(cq, _pct_contract(), "r.835", None, ALABAMA)
    assert SAID in said.message
    assert ("97110 CQ $20.35 a unit against $23.94 by its contract's 88% of Medicare's $27.20 "
            "from 2026-03-02 (15% less)") in said.message
    # its own schedule on file says $50.00: not the rate in force, not compared
    [said] = assistant_reduction_warnings(cq, _pct_contract(), "r.835", _schedule_from_2026(),
                                          ALABAMA)
    assert "against $23.94 by its contract's 88%" in said.message
    # at the contract's rate, or a contract with a reduction: nothing to say
    assert assistant_reduction_warnings(cq.assign(allowed_amount=23.94), _pct_contract(),
                                        "r.835", None, ALABAMA) == []
    assert assistant_reduction_warnings(cq, _pct_contract(0.15), "r.835", None,
                                        ALABAMA) == []


def test_a_day_no_medicare_release_covers_is_said_not_compared_never_an_older_years() -> None:
    # 2027 is refused in words: neither 2026's $27.20 nor the schedule's $50.00 stands in
    cq = _cq_paid(20.35, date(2027, 1, 4))
    [said] = assistant_reduction_warnings(cq, _pct_contract(), "r.835", _schedule_from_2026(),
                                          ALABAMA)
    assert SAID not in said.message and NOT_COMPARED in said.message
    assert ("97110 CQ $20.35 a unit from 2027-01-04 (its contract pays 88% of Medicare: no "
            "Medicare data for 2027-01-04: the newest release RateCalc has is RVU26C") in (
        said.message)
    # before the first release alike
    [said] = assistant_reduction_warnings(_cq_paid(20.35, date(2019, 6, 3)), _pct_contract(),
                                          "r.835", None, ALABAMA)
    assert ("no Medicare data for 2019-06-03: RateCalc's releases start 2020-01-01 (RVU20A)"
            in said.message)
    # paid on into 2020: compared on its first day a release covers. 97110 in 10112-00 on
    # 2020-01-06 (RVU20A: work 0.45, PE 0.40, MP 0.02; GPCIs 1, 0.889, 0.707; CF 36.0896):
    # 0.81974 x 36.0896 = 29.5841, $29.58; 88%: 26.0304, $26.03; 1 - 22.13/26.03 = 15% less
    [said] = assistant_reduction_warnings(
        _cq_paid(22.13, date(2019, 12, 30), date(2020, 1, 6)), _pct_contract(), "r.835", None,
        ALABAMA)
    assert ("97110 CQ $22.13 a unit against $26.03 by its contract's 88% of Medicare's $29.58 "
            "from 2020-01-06 (15% less; paid from 2019-12-30)") in said.message


def _contract_cell(book, payer: str, header: str, value: object) -> None:
    from ratecalc_workbook import layout
    from tests.workbook.conftest import open_book

    wb = open_book(book)
    ws = wb[layout.PAYERS_CONTRACTS]
    heads = {str(c.value).split("\n")[0].strip(): c.column for c in ws[layout.HEADER_ROW]
             if c.value}
    [row] = [r for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)
             if ws.cell(r, heads["Payer"]).value == payer]
    ws.cell(row, heads[header]).value = value
    wb.save(book)


def test_a_cq_only_import_of_a_percent_of_medicare_payer_is_compared_with_its_contract(
        demo_copy, tmp_path) -> None:
    # the demo's Cardinal pays 88% of Medicare (reduction 15%, set to 0% here); the clinic's
    # locality 10112-00. 97110 on 2025-06-02 (RVU25A): CMS's published non-facility amount
    # for 10112-00 is $26.83 (PFAL25A, ../shared/data/cms_pfs/payment_amounts_2025a); 88% of
    # it: 23.6104, $23.61; CQ at 85% of that: 20.0685, $20.07: 15% less
    _contract_cell(demo_copy, "Cardinal Employers Trust", "Assistant reduction", 0)
    path = _cq_only_835(tmp_path / "cq.835", "20.07")
    path.write_text(path.read_text().replace("20251103", "20250602"))
    outcome = import_remittances(demo_copy, path, payer="Cardinal Employers Trust", now=NOW)
    [said] = [p for p in outcome.problems if SAID in p.message]
    assert said.rule.startswith("Cardinal Employers Trust's remittances")
    assert ("97110 CQ $20.07 a unit against $23.61 by its contract's 88% of Medicare's $26.83 "
            "from 2025-06-02 (15% less)") in said.message


# review-remit-16: "a cent or more below" read in cents, not in floats

def test_a_rate_one_cent_below_is_warned_of_whatever_the_cents() -> None:
    # 16.01 <= 16.02 - 0.01 is False in binary floats (16.02 - 0.01 = 16.009999999999998), as
    # for 1,281 of the pairs a cent apart from $10.00 to $80.00: a CQ rate a cent below the
    # plain rate was passed over for those, while $59.99 against $60.00 was warned of
    zero = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0]})
    beside = _rows(16.01).assign(allowed_amount=[16.02, 16.01])
    [said] = assistant_reduction_warnings(beside, zero, "r.835")
    assert "97110 CQ $16.01 a unit against $16.02 without it from 2026-11-02" in said.message
    # the schedule's rate alike: $16.02 on its fee schedule from 2026-01-01
    schedule = _schedule_from_2026().assign(allowed_amount=16.02)
    [said] = assistant_reduction_warnings(_cq_paid(16.01, date(2026, 3, 2)), zero, "r.835",
                                          schedule)
    assert ("97110 CQ $16.01 a unit against $16.02 on its fee schedule from 2026-03-02"
            in said.message)
    # and a percent-of-Medicare contract's: 88% of $27.20 is $23.94 (above); $23.93 a cent below
    [said] = assistant_reduction_warnings(_cq_paid(23.93, date(2026, 3, 2)), _pct_contract(),
                                          "r.835", None, ALABAMA)
    assert "97110 CQ $23.93 a unit against $23.94 by its contract's 88%" in said.message
    # the same cents are not below
    assert assistant_reduction_warnings(beside.assign(allowed_amount=16.02), zero,
                                        "r.835") == []


def test_days_no_medicare_release_covers_are_said_once_of_the_earliest() -> None:
    # two CQ codes of a percent-of-Medicare payer paid only in 2027: one reason, of the
    # earliest day (2027-01-04), as the proposal's warning of new terms no release covers
    # says it; it was said again, a few hundred characters, for every CQ/CO rate
    cq = pd.concat([_cq_paid(20.35, date(2027, 2, 1)),
                    _cq_paid(25.50, date(2027, 1, 4)).assign(code="97112")])
    [said] = assistant_reduction_warnings(cq, _pct_contract(), "r.835", None, ALABAMA)
    assert NOT_COMPARED in said.message
    assert ("97110 CQ $20.35 a unit from 2027-02-01, 97112 CQ $25.50 a unit from 2027-01-04 "
            "(its contract pays 88% of Medicare: no Medicare data for 2027-01-04: the newest "
            "release RateCalc has is RVU26C") in said.message
    assert said.message.count("no Medicare data") == 1
    # a day before the first release is another reason, said of its own day
    early = pd.concat([cq, _cq_paid(22.00, date(2019, 6, 3)).assign(code="97116")])
    [said] = assistant_reduction_warnings(early, _pct_contract(), "r.835", None, ALABAMA)
    assert said.message.count("no Medicare data") == 2
    assert ("97116 CQ $22.00 a unit from 2019-06-03 (its contract pays 88% of Medicare: no "
            "Medicare data for 2019-06-03: RateCalc's releases start 2020-01-01 (RVU20A))"
            in said.message)


# remit-17: a stated reduction is checked too (plain x (1 - reduction) is the floor)

def test_a_cq_rate_below_what_a_stated_reduction_leaves_is_warned_of() -> None:
    # plain $60.00 paid beside it, the contract's 15%: 60.00 x 0.85 = $51.00 left. $45.00 is
    # 1 - 45/60 = 25% less; base19 compared only contracts saying 0% and said nothing
    some = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.15]})
    [said] = assistant_reduction_warnings(_rows(45.0), some, "r.835")
    assert said.severity == "warning"
    assert said.rule.startswith("P's remittances pay assistant services (CQ/CO) less than "
                                "its contract's Assistant reduction leaves")
    assert ("97110 CQ $45.00 a unit against $60.00 without it from 2026-11-02 (25% less; "
            "its contract's 15% leaves $51.00)") in said.message
    assert "Assistant reduction is 0%" not in said.message
    # at what the reduction leaves, or as Medicare cuts (its share after 20% coinsurance:
    # 60 x (1 - 0.8 x 0.15) = $52.80): nothing to say
    assert assistant_reduction_warnings(_rows(51.0), some, "r.835") == []
    assert assistant_reduction_warnings(_rows(52.8), some, "r.835") == []


def test_a_stated_reductions_floor_is_compared_exactly_a_cent_below() -> None:
    # $33.33 x 0.85 = $28.3305: $28.33 is under a cent below it (a payer rounding down), not
    # warned of; $28.32 is 1.05 cents below, warned of
    some = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.15]})
    plain = _rows(28.33).assign(allowed_amount=[33.33, 28.33])
    assert assistant_reduction_warnings(plain, some, "r.835") == []
    [said] = assistant_reduction_warnings(plain.assign(allowed_amount=[33.33, 28.32]), some,
                                          "r.835")
    # 1 - 28.32/33.33 = 15.03%, 15.0% shown as 15%; the floor shown to the cent, $28.33
    assert ("97110 CQ $28.32 a unit against $33.33 without it from 2026-11-02 (15% less; "
            "its contract's 15% leaves $28.33)") in said.message


def test_a_percent_of_medicare_payers_stated_reduction_is_checked_at_the_import(
        demo_copy, tmp_path) -> None:
    # the demo's Cardinal: 88% of Medicare, Assistant reduction 15%. 97110 on 2025-06-02:
    # CMS's published $26.83 for 10112-00 (PFAL25A); 88%: $23.61; 15% leaves 23.61 x 0.85 =
    # $20.0685. Paid $18.00: 1 - 18/23.61 = 23.8% less
    path = _cq_only_835(tmp_path / "cq.835", "18.00")
    path.write_text(path.read_text().replace("20251103", "20250602"))
    outcome = import_remittances(demo_copy, path, payer="Cardinal Employers Trust", now=NOW)
    [said] = [p for p in outcome.problems if SAID in p.message]
    assert ("97110 CQ $18.00 a unit against $23.61 by its contract's 88% of Medicare's $26.83 "
            "from 2025-06-02 (23.8% less; its contract's 15% leaves $20.07)") in said.message
    # $20.07 is what the 15% leaves, rounded: nothing said
    path = _cq_only_835(tmp_path / "cq2.835", "20.07")
    path.write_text(path.read_text().replace("20251103", "20250602"))
    outcome = import_remittances(demo_copy, path, payer="Cardinal Employers Trust", now=NOW)
    assert not [p for p in outcome.problems if SAID in p.message]


# remit-17: every day a CQ/CO rate was paid, each with its own rate and reduction in force

def test_a_cq_rate_paid_on_across_a_schedule_change_is_compared_on_the_later_day() -> None:
    # the schedule: $50.00 from 2026-01-01, $60.00 from 2026-06-01. $50.00 paid with CQ on
    # 2026-03-02 (at the rate: nothing) and 2026-07-06 (1 - 50/60 = 16.7% below $60.00)
    zero = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0]})
    schedule = pd.concat([_schedule_from_2026(), _schedule_from_2026().assign(
        allowed_amount=60.0, effective_date=date(2026, 6, 1))])
    cq = _cq_paid(50.0, date(2026, 3, 2), date(2026, 7, 6))
    [said] = assistant_reduction_warnings(cq, zero, "r.835", schedule)
    assert ("97110 CQ $50.00 a unit against $60.00 on its fee schedule from 2026-07-06 "
            "(16.7% less; paid from 2026-03-02)") in said.message
    assert "against $50.00" not in said.message


def test_a_cq_rate_paid_on_into_a_contract_saying_zero_is_compared_there() -> None:
    # 2025's contract cut CQ/CO by 15%, 2026's says 0%: $51.00 against a plain $60.00 is
    # what the 15% leaves on 2025-11-03, and 15% less than the full rate on 2026-01-05
    contracts = pd.DataFrame({
        "payer": ["P", "P"], "assistant_reduction": [0.15, 0.0],
        "effective_date": [date(2025, 1, 1), date(2026, 1, 1)],
        "end_date": [date(2025, 12, 31), date(2026, 12, 31)], "auto_renew": [False, False]})
    rows = pd.DataFrame({"payer": ["P", "P"], "code": ["97110", "97110"],
                         "modifier": ["", "CQ"], "allowed_amount": [60.0, 51.0],
                         "effective_date": [date(2025, 11, 3)] * 2,
                         "paid_days": [(pd.Timestamp(2025, 11, 3),),
                                       (pd.Timestamp(2025, 11, 3), pd.Timestamp(2026, 1, 5))]})
    [said] = assistant_reduction_warnings(rows, contracts, "r.835")
    assert ("97110 CQ $51.00 a unit against $60.00 without it from 2026-01-05 (15% less; "
            "paid from 2025-11-03)") in said.message
    assert "Assistant reduction is 0%" in said.message


def test_a_cq_rate_paid_on_into_a_new_medicare_year_is_compared_with_that_years_rate() -> None:
    # 88% of Medicare. 97110 in 10112-00: 2025-12-29 (RVU25D: work 0.45, PE 0.43, MP 0.01;
    # GPCIs 1, 0.869, 0.575; CF 32.3465): 0.82942 x 32.3465 = 26.8288, $26.83 (CMS's
    # published 2025 figure); 88%: $23.61. 2026-01-05: $27.20 (as above); 88%: $23.94.
    # $23.70 is above 2025's $23.61 and 1 - 23.70/23.94 = 1.0% below 2026's
    cq = _cq_paid(23.70, date(2025, 12, 29), date(2026, 1, 5))
    [said] = assistant_reduction_warnings(cq, _pct_contract(), "r.835", None, ALABAMA)
    assert ("97110 CQ $23.70 a unit against $23.94 by its contract's 88% of Medicare's $27.20 "
            "from 2026-01-05 (1% less; paid from 2025-12-29)") in said.message
    assert "$23.61" not in said.message


def _paid_beside_60(*days: date) -> pd.DataFrame:
    """A plain $60.00 paid on the first of ``days`` and CQ $51.00 (85%) on each."""
    return pd.DataFrame({"payer": ["P", "P"], "code": ["97110", "97110"],
                         "modifier": ["", "CQ"], "allowed_amount": [60.0, 51.0],
                         "effective_date": [days[0]] * 2,
                         "paid_days": [(pd.Timestamp(days[0]),),
                                       tuple(pd.Timestamp(d) for d in days)]})


def test_a_cq_rate_paid_after_a_contract_ends_is_compared_under_the_next() -> None:
    # two undated contracts: the 15% one ends 2025-06-30 without renewal, the 0% one runs to
    # 2026-12-31; on 2025-05-05 the first governs (its term ends first), from 2025-07-01 the
    # second (rates.payer_contracts): $51.00 is what 15% leaves of $60.00, then 15% less
    contracts = pd.DataFrame({"payer": ["P", "P"], "assistant_reduction": [0.15, 0.0],
                              "end_date": [date(2025, 6, 30), date(2026, 12, 31)],
                              "auto_renew": [False, False]})
    [said] = assistant_reduction_warnings(_paid_beside_60(date(2025, 5, 5), date(2025, 7, 7)),
                                          contracts, "r.835")
    assert ("97110 CQ $51.00 a unit against $60.00 without it from 2025-07-07 (15% less; "
            "paid from 2025-05-05)") in said.message


def test_a_cq_rate_paid_after_a_contract_starts_is_compared_under_it() -> None:
    # an undated 15% contract to 2026-12-31 governs alone on 2025-05-05; the 0% contract
    # starting 2025-07-01 (to 2025-12-31, its term ending first) governs on 2025-07-07
    contracts = pd.DataFrame({"payer": ["P", "P"], "assistant_reduction": [0.15, 0.0],
                              "effective_date": [None, date(2025, 7, 1)],
                              "end_date": [date(2026, 12, 31), date(2025, 12, 31)],
                              "auto_renew": [False, False]})
    [said] = assistant_reduction_warnings(_paid_beside_60(date(2025, 5, 5), date(2025, 7, 7)),
                                          contracts, "r.835")
    assert ("97110 CQ $51.00 a unit against $60.00 without it from 2025-07-07 (15% less; "
            "paid from 2025-05-05)") in said.message


def test_a_cq_rate_paid_after_a_contract_renews_is_compared_under_the_one_then_governing(
        ) -> None:
    # the 15% contract renews by 6-month terms from 2025-01-01: its term ends 2025-06-30, so
    # it governs on 2025-03-03 (before the 0% one's 2025-09-30); renewed on 2025-07-01 to
    # 2025-12-31, the 0% contract's term ends first and governs on 2025-07-07
    contracts = pd.DataFrame({"payer": ["P", "P"], "assistant_reduction": [0.15, 0.0],
                              "end_date": [date(2024, 12, 31), date(2025, 9, 30)],
                              "auto_renew": [True, False], "renewal_months": [6, None]})
    [said] = assistant_reduction_warnings(_paid_beside_60(date(2025, 3, 3), date(2025, 7, 7)),
                                          contracts, "r.835")
    assert ("97110 CQ $51.00 a unit against $60.00 without it from 2025-07-07 (15% less; "
            "paid from 2025-03-03)") in said.message


def test_a_cq_rate_paid_after_an_escalators_anniversary_is_compared_with_the_raised_rate(
        ) -> None:
    # a fixed contract from 2025-01-01 raising its rates 10% a year, 0% reduction; the
    # schedule's $50.00 from 2025-01-01 is $55.00 from 2026-01-01 (rates.escalated_rate).
    # $50.00 paid with CQ on 2025-11-03 (at the rate) and 2026-01-05: 1 - 50/55 = 9.1% less
    contracts = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0],
                              "rate_basis": ["fixed"], "escalator": [0.1],
                              "effective_date": [date(2025, 1, 1)]})
    schedule = _schedule_from_2026().assign(effective_date=date(2025, 1, 1))
    [said] = assistant_reduction_warnings(_cq_paid(50.0, date(2025, 11, 3), date(2026, 1, 5)),
                                          contracts, "r.835", schedule)
    assert ("97110 CQ $50.00 a unit against $55.00 on its fee schedule from 2026-01-05 "
            "(9.1% less; paid from 2025-11-03)") in said.message


def test_a_cq_rate_paid_on_after_the_plain_rate_paid_rises_is_compared_with_the_new_one(
        ) -> None:
    # the remittances pay plain 97110 at $50.00 from 2026-01-05 and $60.00 from 2026-06-01;
    # CQ at $50.00 on 2026-03-02 (the plain rate then) and 2026-07-06 (1 - 50/60 = 16.7% less)
    zero = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0]})
    rows = pd.concat([
        _cq_paid(50.0, date(2026, 1, 5)).assign(modifier=""),
        _cq_paid(60.0, date(2026, 6, 1)).assign(modifier=""),
        _cq_paid(50.0, date(2026, 3, 2), date(2026, 7, 6))])
    [said] = assistant_reduction_warnings(rows, zero, "r.835")
    assert ("97110 CQ $50.00 a unit against $60.00 without it from 2026-07-06 (16.7% less; "
            "paid from 2026-03-02)") in said.message
    assert "against $50.00" not in said.message


def test_each_rate_a_cq_rate_falls_below_is_listed_once_from_its_first_day() -> None:
    # $50.00 then $60.00 on the schedule; $40.00 paid on four days, two under each
    zero = pd.DataFrame({"payer": ["P"], "assistant_reduction": [0.0]})
    schedule = pd.concat([_schedule_from_2026(), _schedule_from_2026().assign(
        allowed_amount=60.0, effective_date=date(2026, 6, 1))])
    cq = _cq_paid(40.0, date(2026, 3, 2), date(2026, 4, 6), date(2026, 7, 6),
                  date(2026, 8, 3))
    [said] = assistant_reduction_warnings(cq, zero, "r.835", schedule)
    assert said.message.count("97110 CQ $40.00") == 2
    assert ("97110 CQ $40.00 a unit against $50.00 on its fee schedule from 2026-03-02 (20% "
            "less); 97110 CQ $40.00 a unit against $60.00 on its fee schedule from 2026-07-06 "
            "(33.3% less; paid from 2026-03-02)") in said.message


# remit-17: the CQ/CO warning prices the clinic's Medicare by the analysis' own call

def test_the_cq_warning_and_the_analysis_price_medicare_by_one_function(monkeypatch) -> None:
    from ratecalc.analysis import medicare_by_code
    from ratecalc.demo import demo_data

    calls: list[int] = []
    priced = MedicareTerms.amounts

    def counted(self, codes, days):  # type: ignore[no-untyped-def]
        calls.append(len(codes))
        return priced(self, codes, days)

    monkeypatch.setattr(MedicareTerms, "amounts", counted)
    assistant_reduction_warnings(_cq_paid(20.35, date(2026, 3, 2)), _pct_contract(), "r.835",
                                 None, ALABAMA)
    assert calls == [1]
    medicare_by_code(demo_data(date(2026, 12, 7)), ["97110", "97112"])
    assert calls == [1, 2]


# remit-17: the days read are the days that matter: reading every paid day says the same.
# Three years of days (2024's two conversion factors, 2025's, 2026's), short renewal terms,
# whole dollars about the rates and cents about Medicare's, so that a stretch the reading
# passes over changes what is said

_DAYS = st.dates(date(2024, 1, 1), date(2026, 12, 31))
_PAYERS = st.sampled_from(["P", "P", "P", "Q"])
_CODES = st.sampled_from(["97110", "97112"])
_DOLLARS = st.integers(20, 60).map(float)


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(_PAYERS, _CODES, _DOLLARS, _DAYS), min_size=1, max_size=6),
       st.lists(st.fixed_dictionaries({
           "payer": _PAYERS,
           "rate_basis": st.sampled_from(["fixed", "fixed", "pct_of_medicare"]),
           "pct_of_medicare": st.sampled_from([0.8, 1.2, None]),
           "assistant_reduction": st.sampled_from([0.0, None, 0.15, 0.3]),
           "effective_date": st.one_of(st.none(), st.dates(date(2024, 6, 1),
                                                            date(2026, 12, 1))),
           "end_date": st.one_of(st.none(), st.dates(date(2024, 6, 1), date(2026, 12, 1))),
           "auto_renew": st.booleans(),
           "renewal_months": st.sampled_from([None, 3, 6]),
           "escalator": st.sampled_from([None, 0.0, 0.1]),
       }), min_size=1, max_size=4),
       st.lists(st.tuples(_PAYERS, _CODES, st.sampled_from(["CQ", "CO"]),
                          st.one_of(_DOLLARS, st.integers(1700, 3500).map(lambda c: c / 100)),
                          st.lists(_DAYS, min_size=1, max_size=10, unique=True)),
                min_size=1, max_size=4),
       st.lists(st.tuples(_PAYERS, _CODES, _DOLLARS, _DAYS), max_size=3),
       st.sampled_from([None, ALABAMA]))
def test_reading_the_days_that_matter_says_what_reading_every_day_says(
        schedule, contracts, cq, plain, medicare) -> None:
    from unittest import mock

    from ratecalc.remittance import canonical

    fee_rows = pd.DataFrame(
        [(p, c, m, a, sorted(d)[0], tuple(pd.Timestamp(x) for x in sorted(d)))
         for p, c, m, a, d in cq]
        + [(p, c, "", a, d, (pd.Timestamp(d),)) for p, c, a, d in plain],
        columns=["payer", "code", "modifier", "allowed_amount", "effective_date", "paid_days"])
    table = pd.DataFrame([(p, c, "", a, d) for p, c, a, d in schedule],
                         columns=["payer", "code", "modifier", "allowed_amount",
                                  "effective_date"])
    args = (fee_rows, pd.DataFrame(contracts), "r.835", table, medicare)
    said = assistant_reduction_warnings(*args)
    with mock.patch.object(canonical, "_days_that_matter", lambda paid, changes: paid):
        assert assistant_reduction_warnings(*args) == said
