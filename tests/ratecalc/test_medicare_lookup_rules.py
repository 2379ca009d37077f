"""How medicare_amounts finds each row's release, RVUs, GPCIs and factor, and what it reports
for a row it cannot price. Found by the mutation run of the whole medicare module (issue 16).

Amounts are worked by hand from CMS's published RVUs, GPCIs and conversion factors, to the
cent, half-up:
- 92507, 2022 (RVU22B): RVUs 1.30 / 0.91 / 0.05; Alabama 10112-00 GPCIs 1.000 / 0.888 / 0.921;
  factor 34.6062 (CMS PPRRVU22 "CONV FACTOR").
- 97110, 2025 (RVU25A): RVUs 0.45 / 0.43 / 0.01; San Francisco 01112-05 GPCIs 1.088 / 1.419 /
  0.445 (CMS GPCI2025.csv); factor 32.3465.
- 97110, 2026 (RVU26C): RVUs 0.45 / 0.41 / 0.01; Alabama GPCIs 1.000 / 0.875 / 0.566; factors
  33.4009 (default) and 33.5675 (qualifying APM participants), CY 2026 final rule.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from ratecalc.errors import UnknownCodeError
from ratecalc.medicare import engine
from ratecalc.medicare.engine import (
    PaymentOptions,
    medicare_amounts,
    medicare_columns,
    national_fee_schedule,
)
from ratecalc.medicare.localities import resolve_locality

AL, DAY = "10112-00", "2025-06-01"
COLUMNS = ["code", "modifier", "locality", "date_of_service", "release", "status", "mult_proc",
           "work_rvu", "pe_rvu", "pe_nonfac_rvu", "pe_fac_rvu", "mp_rvu", "work_gpci", "pe_gpci",
           "mp_gpci", "conversion_factor", "non_facility", "facility", "mppr_non_facility",
           "mppr_facility", "amount", "problem", "problem_kind"]


def test_the_first_code_of_a_release_is_found():
    # 92507 is the first row of the therapy-only release RVU22B (its codes sorted):
    # (1.30*1.000 + 0.91*0.888 + 0.05*0.921) * 34.6062 = 2.15413 * 34.6062 = 74.5462... -> 74.55
    # MPPR: (1.30 + 0.91*0.888/2 + 0.04605) * 34.6062 = 1.75009 * 34.6062 = 60.5639... -> 60.56
    row = medicare_amounts(["92507"], AL, "2022-05-01").iloc[0]
    assert (row.release, row.non_facility, row.mppr_non_facility) == ("rvu22b", 74.55, 60.56)


def test_the_first_locality_of_a_gpci_table_is_found():
    # 01112-05 is the first locality of RVU25A's GPCI table:
    # (0.45*1.088 + 0.43*1.419 + 0.01*0.445) * 32.3465 = 1.10422 * 32.3465 = 35.7176... -> 35.72
    # MPPR: (0.4896 + 0.43*1.419/2 + 0.00445) * 32.3465 = 0.799135 * 32.3465 = 25.849... -> 25.85
    row = medicare_amounts(["97110"], "01112-05", DAY).iloc[0]
    assert (row.non_facility, row.mppr_non_facility) == (35.72, 25.85)
    assert (row.work_gpci, row.pe_gpci, row.mp_gpci) == (1.088, 1.419, 0.445)


def test_a_locality_the_release_does_not_have_is_refused_in_words():
    # CMS merged California's 01112-06 into other localities in 2024: it resolves (it is in older
    # releases) but RVU25A has no GPCI for it. The row beside it is priced as usual.
    out = medicare_amounts(["97110", "97110"], ["01112-06", AL], DAY)
    assert out["problem"].tolist() == ["Medicare locality 01112-06 has no GPCI in release RVU25A",
                                       None]
    assert out["problem_kind"].tolist() == ["unknown_locality", None]
    assert np.isnan(out["amount"][0]) and np.isnan(out["non_facility"][0])
    assert out["amount"][1] == 26.83


def test_an_unknown_locality_row_reports_nothing_looked_up():
    with pytest.raises(UnknownCodeError) as refused:
        resolve_locality("99999-99")
    out = medicare_amounts(["97110", "97110"], ["99999-99", AL], DAY)
    bad = out.iloc[0]
    assert bad.problem == str(refused.value)
    assert "no locality 99999-99" in bad.problem
    assert bad.problem_kind == "unknown_locality"
    # no locality id, no release, no status: nothing was looked up for it
    assert (bad.locality, bad.release, bad.status, bad.mult_proc) == ("", "", "", "")
    assert (bad.work_rvu, bad.work_gpci, bad.conversion_factor) == (0, 0, 0)
    assert np.isnan(bad.amount)
    assert (out["locality"][1], out["amount"][1]) == (AL, 26.83)


def test_an_unknown_code_row_reports_its_release_and_no_inputs():
    bad = medicare_amounts(["99999"], AL, DAY).iloc[0]
    assert (bad.release, bad.status, bad.mult_proc, bad.problem_kind) == (
        "rvu25a", "", "", "unknown_code")
    assert (bad.work_rvu, bad.pe_rvu, bad.mp_rvu, bad.work_gpci, bad.conversion_factor) == (
        0, 0, 0, 0, 0)


def test_columns_their_order_and_types():
    out = medicare_amounts(["97110", "99999"], AL, DAY)
    assert list(out.columns) == COLUMNS
    # a row without a problem holds None (not NaN), one with a problem the words
    assert out["problem"].dtype == object and out["problem_kind"].dtype == object
    assert out["problem"][0] is None and out["problem_kind"][0] is None
    assert out["problem_kind"][1] == "unknown_code"
    # amounts are floats, NaN where there is none
    assert out["amount"].dtype == np.float64 and out["non_facility"].dtype == np.float64
    assert out["amount"][0] == 26.83 and np.isnan(out["amount"][1])
    columns = medicare_columns(["99999"], AL, DAY)
    assert columns["amount"].dtype == np.float64 and np.isnan(columns["amount"][0])


def test_no_modifiers_given_means_none():
    out = medicare_amounts(["97110", "99213"], AL, DAY)
    assert out["modifier"].tolist() == ["", ""]


def test_options_given_as_an_object():
    # 99213 in a facility: (1.30*1.000 + 0.57*0.869 + 0.10*0.575) * 32.3465 = 59.93
    row = medicare_amounts(["99213"], AL, DAY, options=PaymentOptions(facility=True)).iloc[0]
    assert (row.amount, row.pe_rvu) == (59.93, 0.57)


def test_a_year_as_a_number_means_july_first():
    out = medicare_amounts(["97110", "97110", "97110"], AL, [2025, "2025", date(2025, 7, 1)])
    assert out["date_of_service"].tolist() == [date(2025, 7, 1)] * 3
    assert out["amount"].tolist() == [26.83] * 3
    # the number alone (dates are looked up by their text: 2025 and "2025" are one date)
    alone = medicare_amounts(["97110"], AL, 2025).iloc[0]
    assert (alone.date_of_service, alone.amount) == (date(2025, 7, 1), 26.83)


def test_dates_must_match_the_codes():
    with pytest.raises(engine.InputError,
                       match=r"^date_of_service: expected one value or 2 values, got 3$"):
        medicare_amounts(["97110", "97140"], AL, [DAY, DAY, DAY])


def test_the_qualifying_apm_factor_from_2026():
    # (0.45*1.000 + 0.41*0.875 + 0.01*0.566) = 0.81441 RVU-dollars per factor dollar:
    # x 33.5675 = 27.3377... -> 27.34 (qualifying APM); x 33.4009 = 27.2020... -> 27.20 (others).
    # MPPR: (0.45 + 0.41*0.875/2 + 0.00566) * 33.5675 = 0.635035 * 33.5675 = 21.3165... -> 21.32
    # The row before it cannot be priced: each row gets its own date's factor all the same.
    out = medicare_amounts(["99999", "97110"], AL, "2026-06-01", apm_qualifying=True)
    row = out.iloc[1]
    assert (row.conversion_factor, row.amount, row.mppr_non_facility) == (33.5675, 27.34, 21.32)
    assert medicare_amounts(["97110"], AL, "2026-06-01")["amount"].tolist() == [27.20]


def test_without_a_factor_for_the_date_the_release_files_factor_is_used(monkeypatch):
    # an imported release for a year the factor history does not reach yet prices with the
    # factor printed in CMS's RVU file (for RVU25A, 32.3465)
    monkeypatch.setattr(engine, "conversion_factor_text", lambda day, apm=False: None)
    assert medicare_amounts(["97110"], AL, DAY)["amount"].tolist() == [26.83]
    national = national_fee_schedule(DAY)
    row = national[(national["code"] == "97110") & (national["locality"] == AL)].iloc[0]
    assert (row.non_facility, row.mppr_non_facility) == (26.83, 20.79)


def test_a_non_payable_code_without_an_alternative_names_none():
    out = medicare_amounts(["0001F"], AL, DAY)
    assert out["problem"].tolist() == ["Code 0001F is not payable under the Medicare fee "
                                       "schedule (status I: not valid for Medicare payment)"]


def test_a_status_without_words_is_still_refused(monkeypatch):
    # a status CMS may add that RateCalc has no meaning for: refused all the same, as not payable
    monkeypatch.setattr(engine, "STATUS_MEANING", {})
    out = medicare_amounts(["0001F"], AL, DAY)
    assert out["problem"].tolist() == ["Code 0001F is not payable under the Medicare fee "
                                       "schedule (status I: not payable)"]
    assert out["problem_kind"].tolist() == ["not_payable"]


def _national_row(table, code: str, locality: str = AL):
    return table[(table["code"] == code) & (table["locality"] == locality)].iloc[0]


def test_national_facility_columns():
    # 99213 (no MPPR): facility PE 0.57 -> 59.93, as medicare_amounts (test_medicare_rules);
    # 97110 (MPPR indicator 5): facility PE 0.43, subsequent unit half of it -> 20.79 (CMS 20.79)
    table = national_fee_schedule(DAY)
    office = _national_row(table, "99213")
    assert (office.facility, office.mppr_facility) == (59.93, 59.93)
    therapy = _national_row(table, "97110")
    assert (therapy.facility, therapy.mppr_facility) == (26.83, 20.79)


def test_national_factor_from_2026_by_apm_status():
    # as test_the_qualifying_apm_factor_from_2026: 27.20 by default, 27.34 qualifying APM
    assert _national_row(national_fee_schedule("2026-06-01"), "97110").non_facility == 27.20
    qualifying = _national_row(national_fee_schedule("2026-06-01", apm_qualifying=True), "97110")
    assert (qualifying.non_facility, qualifying.mppr_non_facility) == (27.34, 21.32)


@pytest.mark.parametrize("text", ["2025-03-15T", "2025-03-15 10:00", "2025-03-15T10:00:00Z"])
def test_an_iso_date_with_a_time_is_read_as_its_date(text):
    assert engine.parse_date(text) == date(2025, 3, 15)


@pytest.mark.parametrize("text", ["abc", "next", "05/01/2025 10:00", "20250601"])
def test_text_that_is_not_a_date_is_refused_in_words(text):
    # four letters are not a year; a US date takes no time after it; eight digits are not a year
    with pytest.raises(engine.InputError, match=rf"^date of service: expected a date such as "
                                                rf"2025-05-01 or 05/01/2025, got '{text}'$"):
        engine.parse_date(text)
