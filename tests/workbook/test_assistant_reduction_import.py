"""A payer paying CQ/CO lines less than the plain code while its contract's Assistant reduction
is 0% is warned of at a ``--workbook`` import. Found by a hunt of ``import remittances``: every
output priced its assistant services at the full rate, above what it paid, without a word."""

from __future__ import annotations

from datetime import date

import pandas as pd

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
