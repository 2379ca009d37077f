"""Exact half-cent ties: Medicare amounts round half-up, in the fee schedule and its adjustments.

Every case below is a real code, locality and date whose exact amount lands on x.xx5, found by
searching the bundled CMS data on purpose: a half-down (or banker's) rounding anywhere in the
chain gives a cent less, and no rounding-insensitive example can tell.

- Fee-schedule amount: the GPCI-weighted RVU sum of the code is a round number, so the amount is
  that number times the conversion factor, with a half cent at the end.
- Adjustments start from CMS's published amount in cents (as contractors price claims):
  non-participating 95% ties when the cents are 10 mod 20 (x.x10, x.x30 ... x.x90);
  the limiting charge (95% x 115% = 109.25%) when they are 200 mod 400;
  CQ/CO with no coinsurance (85%) likewise 10 mod 20; sequestration with no coinsurance (98%)
  when they end in 25 or 75; both (83.3%) when they are 500 mod 1000. With the usual 20%
  coinsurance the factors are 88% and 98.4%, which never tie (odd denominators), and 86.64% for
  CQ/CO with sequestration, which ties when the cents are 625 mod 1250.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.medicare.engine import medicare_amount, medicare_amounts, national_fee_schedule

CMS_ROWS = Path(__file__).resolve().parents[1] / "data" / "cms_payment_amounts_2025a"
CENT = Decimal("0.01")


def half_up(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def cms_published(file: str, code: str) -> tuple[Decimal, Decimal]:
    """CMS's own 2025 non-facility and MPPR amounts for one code (status A rows)."""
    with open(CMS_ROWS / f"{file}_therapy_rows.txt", newline="") as fh:
        for row in csv.reader(fh):
            if row[3] == code and row[4].strip() == "":
                return Decimal(row[5]), Decimal(row[11])
    raise AssertionError(f"{code} not in {file}")


# (code, locality, date, work RVU, PE RVU (non-facility), MP RVU, work/PE/MP GPCI, factor)
# from CMS's RVU and GPCI files; the weighted sum is round, so the product ends in a half cent.
FEE_SCHEDULE_TIES = [
    # 0.50*1.011 + 0.62*1.007 + 0.08*0.877 = 1.2 exactly; x 33.2875 (2024 from March 9)
    ("11045", "04412-11", "2024-05-01", "0.50", "0.62", "0.08", "1.011", "1.007", "0.877",
     "33.2875", "39.945"),
    # 45.56*1.000 + 29.25*0.927 + 18.73*0.925 = 90 exactly; x 32.3465 (2025)
    ("61530", "12502-99", "2025-06-01", "45.56", "29.25", "18.73", "1.000", "0.927", "0.925",
     "32.3465", "2911.185"),
    # 97140 in Indiana, 2025: 0.43 + 0.40*0.922 + 0.01*0.485 = 0.80365 -> 25.9952... (no tie;
    # kept as the base of the limiting-charge tie below, and to show the sum in full)
    ("97140", "08102-00", "2025-06-01", "0.43", "0.40", "0.01", "1.000", "0.922", "0.485",
     "32.3465", None),
]


@pytest.mark.parametrize(("code", "locality", "day", "work", "pe", "mp", "gw", "gpe", "gmp",
                          "cf", "exact"), FEE_SCHEDULE_TIES)
def test_fee_schedule_amount_rounds_a_half_cent_up(code, locality, day, work, pe, mp, gw, gpe,
                                                   gmp, cf, exact):
    d = Decimal
    unrounded = (d(work) * d(gw) + d(pe) * d(gpe) + d(mp) * d(gmp)) * d(cf)
    if exact is not None:
        assert unrounded == d(exact)  # the tie is real: exactly half a cent over
    row = medicare_amounts([code], locality, day).iloc[0]
    # the engine reads the same figures from the bundled files
    assert (row.work_rvu, row.pe_nonfac_rvu, row.mp_rvu) == (float(work), float(pe), float(mp))
    assert (row.work_gpci, row.pe_gpci, row.mp_gpci) == (float(gw), float(gpe), float(gmp))
    assert row.conversion_factor == float(cf)
    assert row.non_facility == float(half_up(unrounded))
    assert medicare_amount(code, locality, day) == float(half_up(unrounded))


def test_national_fee_schedule_rounds_the_same_ties_up():
    table = national_fee_schedule("2024-05-01")
    hit = table[(table["code"] == "11045") & (table["locality"] == "04412-11")
                & (table["modifier"] == "")]
    assert hit["non_facility"].tolist() == [39.95]  # 39.945 half-up; half-down gives 39.94
    table = national_fee_schedule("2025-06-01")
    hit = table[(table["code"] == "61530") & (table["locality"] == "12502-99")
                & (table["modifier"] == "")]
    assert hit["non_facility"].tolist() == [2911.19]


# (CMS file, locality, code, which published amount, options, factor, expected)
ADJUSTMENT_TIES = [
    # non-participating: 33.70 x 0.95 = 32.015 -> 32.02
    ("PFAL25A", "10112-00", "97113", "nf", {"participating": False}, "0.95", "32.02"),
    # 54.50 x 0.95 = 51.775 -> 51.78
    ("PFAL25A", "10112-00", "97533", "nf", {"participating": False}, "0.95", "51.78"),
    # Alaska: 40.70 x 0.95 = 38.665 -> 38.67
    ("PFAK25A", "02102-01", "97036", "nf", {"participating": False}, "0.95", "38.67"),
    # the MPPR (subsequent unit) amount: 9.90 x 0.95 = 9.405 -> 9.41
    ("PFAL25A", "10112-00", "97022", "mppr", {"participating": False, "mppr": True}, "0.95",
     "9.41"),
    # CQ/CO with no coinsurance (e.g. secondary coverage pays it): 33.70 x 0.85 = 28.645 -> 28.65
    ("PFAL25A", "10112-00", "97113", "nf", {"assistant": True, "coinsurance": Fraction(0)},
     "0.85", "28.65"),
    # sequestration with no coinsurance: 27.25 x 0.98 = 26.705 -> 26.71
    ("PFAL25A", "10112-00", "97124", "nf", {"sequestration": True, "coinsurance": Fraction(0)},
     "0.98", "26.71"),
    # Alaska: 36.75 x 0.98 = 36.015 -> 36.02
    ("PFAK25A", "02102-01", "97124", "nf", {"sequestration": True, "coinsurance": Fraction(0)},
     "0.98", "36.02"),
]


@pytest.mark.parametrize(("file", "locality", "code", "which", "options", "factor", "expected"),
                         ADJUSTMENT_TIES)
def test_adjustment_of_a_cms_amount_rounds_a_half_cent_up(file, locality, code, which, options,
                                                          factor, expected):
    nf, mppr = cms_published(file, code)
    base = nf if which == "nf" else mppr
    exact = base * Decimal(factor)
    assert exact.as_tuple().exponent == -4 and exact % CENT == Decimal("0.005")  # a true tie
    assert half_up(exact) == Decimal(expected)
    assert medicare_amount(code, locality, "2025-06-01", **options) == float(expected)


def test_limiting_charge_tie():
    # 97140, Indiana, 2025: published 26.00 (see FEE_SCHEDULE_TIES for its sum);
    # limiting charge 26.00 x 0.95 x 1.15 = 28.405 -> 28.41
    assert medicare_amount("97140", "08102-00", "2025-06-01") == 26.00
    assert Decimal("26.00") * Decimal("0.95") * Decimal("1.15") == Decimal("28.405")
    assert medicare_amount("97140", "08102-00", "2025-06-01", limiting_charge=True) == 28.41
    # and the non-participating amount it starts from: 24.70 exactly, no rounding
    assert medicare_amount("97140", "08102-00", "2025-06-01", participating=False) == 24.70


def test_assistant_and_sequestration_tie():
    # 97530, Houston, 2025: published 35.00; CQ and sequestration with no coinsurance:
    # 35.00 x 0.85 x 0.98 = 29.155 -> 29.16
    assert medicare_amount("97530", "04412-18", "2025-06-01") == 35.00
    assert Decimal("35.00") * Decimal("0.85") * Decimal("0.98") == Decimal("29.155")
    assert medicare_amount("97530", "04412-18", "2025-06-01", assistant=True, sequestration=True,
                           coinsurance=Fraction(0)) == 29.16


def test_which_default_coinsurance_factors_can_tie():
    # With 20% coinsurance the totals collected are 88% (22/25) and 98.4% (123/125) of allowed:
    # odd denominators, so no amount in cents times them ends in exactly half a cent. CQ/CO with
    # sequestration, 86.64% (1083/1250), ties whenever the cents are 625 mod 1250.
    def ties(factor: Fraction) -> list[int]:
        return [c for c in range(1, 10001) if (c * factor).denominator == 2]

    assert ties(Fraction(88, 100)) == [] and ties(Fraction(984, 1000)) == []
    assert ties(Fraction(8664, 10000)) == list(range(625, 10001, 1250))


def test_assistant_and_sequestration_tie_with_default_coinsurance():
    # 97750, Oklahoma, 2025: 0.45*1.000 + 0.57*0.891 + 0.01*0.813 = 0.966; x 32.3465 = 31.2467...
    # -> 31.25 published; CQ with sequestration: 31.25 x (0.2 + 0.8 x 0.85 x 0.98) = 27.075
    assert medicare_amount("97750", "04312-00", "2025-06-01") == 31.25
    assert Decimal("31.25") * (Decimal("0.2") + Decimal("0.8") * Decimal("0.85")
                               * Decimal("0.98")) == Decimal("27.075")
    assert medicare_amount("97750", "04312-00", "2025-06-01", assistant=True,
                           sequestration=True) == 27.08


PFAL_CODES = ["97110", "97112", "97113", "97116", "97124", "97140", "97530", "97533", "97022",
              "97036", "97018"]
OPTION_SETS = [
    ({"participating": False}, Fraction(95, 100)),
    ({"limiting_charge": True}, Fraction(95, 100) * Fraction(115, 100)),
    ({"assistant": True}, Fraction(1, 5) + Fraction(4, 5) * Fraction(85, 100)),
    ({"sequestration": True}, Fraction(1, 5) + Fraction(4, 5) * Fraction(98, 100)),
    ({"assistant": True, "sequestration": True},
     Fraction(1, 5) + Fraction(4, 5) * Fraction(85, 100) * Fraction(98, 100)),
    ({"assistant": True, "coinsurance": Fraction(0)}, Fraction(85, 100)),
    ({"sequestration": True, "coinsurance": Fraction(0)}, Fraction(98, 100)),
    ({"assistant": True, "coinsurance": Fraction(1, 2)},
     Fraction(1, 2) + Fraction(1, 2) * Fraction(85, 100)),
    ({"participating": False, "assistant": True, "sequestration": True},
     Fraction(95, 100) * (Fraction(1, 5) + Fraction(4, 5) * Fraction(833, 1000))),
]


@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(PFAL_CODES), options=st.sampled_from(OPTION_SETS),
       file=st.sampled_from([("PFAL25A", "10112-00"), ("PFAK25A", "02102-01")]))
def test_adjusted_amount_is_the_cms_amount_times_the_factor_rounded_half_up(code, options,
                                                                           file):
    # The rule stated once: adjusted = half_up(CMS published cents x exact factor).
    kwargs, factor = options
    nf, _ = cms_published(file[0], code)
    exact = Fraction(int(nf * 100)) * factor  # cents
    expected_cents = (exact + Fraction(1, 2)).__floor__()
    assert medicare_amount(code, file[1], "2025-06-01", **kwargs) == expected_cents / 100
