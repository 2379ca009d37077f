"""Medicare fee-schedule rules case by case: components and modifiers, facility, MPPR, the
payment options' exact factors, how each kind of problem is reported, and input forms.

Amounts are worked by hand from CMS's RVUs and GPCIs (2025: Alabama 10112-00 GPCIs 1.000 /
0.869 / 0.575, factor 32.3465); 97110's figures are also CMS's own published amounts."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd
import pytest

from ratecalc.code_forms import CODE_EXPECTED
from ratecalc.errors import DataError, InputError, NotPayableError, UnknownCodeError
from ratecalc.medicare.conversion import conversion_factor, conversion_factor_text
from ratecalc.medicare.engine import (
    PaymentOptions,
    medicare_amount,
    medicare_amounts,
    national_fee_schedule,
    parse_date,
)

AL, DAY = "10112-00", "2025-06-01"


def amount(work: str, pe: str, mp: str, pe_share: str = "1") -> float:
    d = Decimal
    total = (d(work) * d("1.000") + d(pe_share) * d(pe) * d("0.869") + d(mp) * d("0.575")) \
        * d("32.3465")
    return float(total.quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_components_global_professional_technical():
    # 70450 (indicator 4: no MPPR): global 0.85/2.35/0.05, -26 0.85/0.31/0.04, -TC 0/2.04/0.01
    rows = medicare_amounts(["70450", "70450", "70450"], AL, DAY, modifiers=["", "26", "TC"])
    assert rows["non_facility"].tolist() == [amount("0.85", "2.35", "0.05"),
                                             amount("0.85", "0.31", "0.04"),
                                             amount("0", "2.04", "0.01")] == [94.48, 36.95, 57.53]
    assert rows["mppr_non_facility"].tolist() == rows["non_facility"].tolist()
    assert rows["modifier"].tolist() == ["", "26", "TC"]
    # payment modifiers select no other row; case and blanks do not matter
    gp = medicare_amounts([" 97110", "97110", "97110"], AL, DAY,
                          modifiers=["gp", "CQ", float("nan")])
    assert gp["non_facility"].tolist() == [26.83] * 3
    assert gp["code"].tolist() == ["97110"] * 3 and gp["modifier"].tolist() == ["GP", "CQ", ""]


def test_facility_and_mppr_columns():
    # 99213: PE 1.35 non-facility, 0.57 facility -> 81.86 and 59.93; not a therapy code: no MPPR
    row = medicare_amounts(["99213"], AL, DAY).iloc[0]
    assert (row.non_facility, row.facility) == (amount("1.30", "1.35", "0.10"),
                                                amount("1.30", "0.57", "0.10")) == (81.86, 59.93)
    assert (row.mppr_non_facility, row.mppr_facility) == (81.86, 59.93)
    assert row.pe_rvu == 1.35
    fac = medicare_amounts(["99213"], AL, DAY, facility=True).iloc[0]
    assert (fac.amount, fac.pe_rvu) == (59.93, 0.57)
    # 97110 (indicator 5): subsequent unit with half the PE -> 20.79 (CMS: 20.79)
    assert medicare_amount("97110", AL, DAY, mppr=True) == amount("0.45", "0.43", "0.01", "0.5")
    assert medicare_amount("97110", AL, DAY, mppr=True, facility=True) == 20.79
    assert medicare_amount("99213", AL, DAY, mppr=True) == 81.86
    assert medicare_amount("99213", AL, DAY, mppr=True, facility=True) == 59.93


def test_reported_inputs():
    row = medicare_amounts("97110", AL, DAY).iloc[0]
    assert (row.work_rvu, row.pe_nonfac_rvu, row.pe_fac_rvu, row.mp_rvu) == (0.45, 0.43, 0.43,
                                                                             0.01)
    assert (row.work_gpci, row.pe_gpci, row.mp_gpci) == (1.0, 0.869, 0.575)
    assert (row.conversion_factor, row.release, row.status, row.mult_proc) == (
        32.3465, "rvu25a", "A", "5")
    assert row.date_of_service == date(2025, 6, 1) and row.locality == AL
    assert row.problem is None and row.problem_kind is None


def test_payment_option_factors_are_exact():
    assert PaymentOptions().factor() == 1
    assert PaymentOptions(participating=False).factor() == Fraction(95, 100)
    assert PaymentOptions(limiting_charge=True).factor() == Fraction(95 * 115, 100 * 100)
    assert PaymentOptions(limiting_charge=True, participating=False).factor() == Fraction(
        95 * 115, 100 * 100)
    assert PaymentOptions(assistant=True).factor() == Fraction(88, 100)
    assert PaymentOptions(sequestration=True).factor() == Fraction(984, 1000)
    assert PaymentOptions(assistant=True, sequestration=True).factor() == Fraction(8664, 10000)
    assert PaymentOptions(assistant=True, coinsurance=Fraction(1)).factor() == 1
    assert PaymentOptions(participating=False, assistant=True).factor() == Fraction(
        95 * 88, 100 * 100)


@pytest.mark.parametrize("options", [{"assistant": True}, {"sequestration": True}])
def test_limiting_charge_refuses_medicare_share_options(options):
    with pytest.raises(InputError, match=r"^The limiting charge is what a non-participating "
                                         r"provider may bill the patient; it cannot be combined"):
        PaymentOptions(limiting_charge=True, **options).factor()


@pytest.mark.parametrize("coinsurance", [Fraction(-1, 10), Fraction(11, 10)])
def test_coinsurance_must_be_a_fraction(coinsurance):
    with pytest.raises(InputError, match=r"^coinsurance: expected a fraction from 0% to 100% "
                                         r"\(0 to 1, 1\.0 = 100%\), got (-0\.1|1\.1)$"):
        PaymentOptions(sequestration=True, coinsurance=coinsurance).factor()
    # without assistant or sequestration the coinsurance is not used, so not checked
    assert PaymentOptions(coinsurance=coinsurance).factor() == 1


def test_each_problem_kind_and_its_error():
    rows = medicare_amounts(["97014", "99999", "97110", "97110", "97110", "99213"],
                            [AL, AL, "99999-99", AL, AL, AL],
                            [DAY, DAY, DAY, "2019-06-01", "not a date", "2022-05-01"])
    assert rows["problem_kind"].tolist() == ["not_payable", "unknown_code", "unknown_locality",
                                             "no_release", "bad_date", "unknown_code"]
    assert rows["non_facility"].isna().all() and rows["amount"].isna().all()
    assert rows["problem"][0] == ("Code 97014 is not payable under the Medicare fee schedule "
                                  "(status I: not valid for Medicare payment); Medicare pays "
                                  "G0283 for this service")
    assert rows["problem"][1] == ("Unknown code 99999: not in the Medicare fee schedule "
                                  "release RVU25A")
    assert rows["problem"][4] == ("date of service: expected a date such as 2025-05-01 or "
                                  "05/01/2025, got 'not a date'")
    assert rows["problem"][5] == ("Unknown code 99213: not in the Medicare fee schedule release "
                                  "RVU22B; bundled release RVU22B holds therapy codes only")
    for code, loc, day, error in [("97014", AL, DAY, NotPayableError),
                                  ("99999", AL, DAY, UnknownCodeError),
                                  ("97110", "99999-99", DAY, UnknownCodeError),
                                  ("97110", AL, "2019-06-01", DataError),
                                  ("97110", AL, "not a date", InputError)]:
        with pytest.raises(error):
            medicare_amount(code, loc, day)
    # a component row that does not exist is named with its modifier
    with pytest.raises(UnknownCodeError, match=r"^Unknown code 97110-26: not in"):
        medicare_amount("97110", AL, DAY, modifier="26")


def test_a_code_typed_with_its_modifier_is_told_apart_from_an_unknown_code():
    # "97110-GP" was "Unknown code 97110-GP: not in the Medicare fee schedule release ...",
    # as if CMS had no such service; the user needs to type the code alone
    rows = medicare_amounts(["97110-GP", "97110 CQ", "g0283gp", "9711", "97110"], AL, DAY)
    assert rows["problem_kind"].tolist() == ["unknown_code"] * 4 + [None]
    assert rows["problem"][0] == ("Unknown code 97110-GP: a code with a modifier: give the code "
                                  "alone (97110), the modifier apart")
    assert rows["problem"][1].endswith(": give the code alone (97110), the modifier apart")
    assert rows["problem"][2].endswith(": give the code alone (G0283), the modifier apart")
    assert rows["problem"][3] == f"Unknown code 9711: {CODE_EXPECTED}"


def test_other_status_meanings():
    # a code with a status outside A/R/T is refused with its meaning, without an alternative
    table = national_fee_schedule(DAY, payable_only=False)
    assert "97014" in set(table["code"].unique())
    assert "97014" not in set(national_fee_schedule(DAY)["code"].unique())


def test_lists_must_match_the_codes():
    with pytest.raises(InputError, match=r"^locality: expected one value or 2 values, got 3$"):
        medicare_amounts(["97110", "97140"], [AL, AL, AL], DAY)
    with pytest.raises(InputError, match=r"^modifiers: expected one value or 1 values, got 2$"):
        medicare_amounts(["97110"], AL, DAY, modifiers=["", ""])


def test_empty_request_is_an_empty_table():
    out = medicare_amounts([], AL, DAY)
    assert out.empty and {"code", "non_facility", "amount", "problem"} <= set(out.columns)


@pytest.mark.parametrize(("value", "expected"), [
    (2025, date(2025, 7, 1)), ("2025", date(2025, 7, 1)), (" 2024 ", date(2024, 7, 1)),
    ("2025-03-15", date(2025, 3, 15)), ("2025-03-15T10:00:00", date(2025, 3, 15)),
    (pd.Timestamp("2025-03-15 10:00"), date(2025, 3, 15)), (date(2025, 3, 15), date(2025, 3, 15)),
])
def test_dates_in_many_forms(value, expected):
    assert parse_date(value) == expected


def test_bad_date_names_the_field():
    with pytest.raises(InputError, match=r"^end: expected a date such as 2025-05-01 or "
                                         r"05/01/2025, got '2025-13-01'$"):
        parse_date("2025-13-01", "end")


def test_dates_per_code_and_the_factor_in_force():
    out = medicare_amounts(["97110"] * 3, AL, [date(2025, 6, 1), pd.Timestamp("2025-06-01"),
                                               "2025"])
    assert out["non_facility"].tolist() == [26.83] * 3


def test_conversion_factor_by_date():
    assert conversion_factor(date(2024, 3, 8)) == 32.7442
    assert conversion_factor(date(2024, 3, 9)) == 33.2875
    assert conversion_factor_text(date(2025, 1, 1)) == "32.3465"
    assert conversion_factor_text(date(2025, 12, 31)) == "32.3465"
    # before 2026 the APM flag changes nothing
    assert conversion_factor(date(2025, 6, 1), apm_qualifying=True) == 32.3465
    assert conversion_factor(date(2026, 6, 1)) == 33.4009
    assert conversion_factor(date(2026, 6, 1), apm_qualifying=True) == 33.5675
    assert conversion_factor_text(date(2014, 12, 31)) is None
    with pytest.raises(DataError, match=r"^No conversion factor known for 2014-12-31$"):
        conversion_factor(date(2014, 12, 31))


def test_a_code_with_its_modifier_is_told_alike_in_a_table_cell_and_split_alike_on_import():
    # one rule (code_forms.split_code_modifier): a table cell said only "expected a CPT/HCPCS
    # code" of 97110-GP while a Medicare lookup named the code to give, and the fee-schedule
    # import split it by a pattern of its own
    from ratecalc.fee_schedule_import import _split_code
    from ratecalc.validation import CellError, parse_code

    with pytest.raises(CellError) as said:
        parse_code("97110-GP")
    assert str(said.value) == (f"{CODE_EXPECTED}; this is a code with a modifier: give the code "
                               "alone (97110), the modifier apart")
    with pytest.raises(CellError) as said:
        parse_code("9711")
    assert str(said.value) == CODE_EXPECTED
    for typed in ("97110-GP", "97110 gp", "97110GP", " 97110:GP "):
        assert _split_code(typed) == ("97110", "GP")
    assert _split_code("97110--GP") == ("97110--GP", None)  # not a form payers write
