"""The keironstoddart samples give the expected outputs of that parser, line for line.

Where our reading differs from those outputs, the difference is deliberate and written out here
with the hand computation: that parser keeps only the first reason/amount pair of each CAS and
leaves the allowed amount blank without AMT*B6.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from ratecalc.remittance import import_remittances

from .samples import KEIRON

SAMPLES = ["blue_cross_nc_sample", "emedny_sample", "united_healthcare_legacy_sample"]

#: (sample, row) -> our allowed amount where the expected output leaves it blank, by hand:
#: charge - CO/OA/PI adjustments (= paid + PR on a balanced line).
HAND_ALLOWED = {
    ("blue_cross_nc_sample", 1): Decimal("890"),  # 890 - 0 = 865 paid + 25 PR-3
    ("emedny_sample", 4): Decimal("0"),  # 12 - 12 CO-29 (timely filing): denied
    ("emedny_sample", 5): Decimal("0"),  # 22 - 22 CO-29
    ("emedny_sample", 8): Decimal("0"),  # 2.75 - 2.75 CO-251
    ("emedny_sample", 9): Decimal("0"),  # 20 - 20 CO-251
}
#: (sample, row) -> CAS pairs that the expected output drops (it keeps one pair per CAS).
#: UHC row 4: CAS*PR*2*5.13**1*110 carries PR-2 5.13 and PR-1 110; with CO-45 184.32 they balance
#: the line: 328.50 charge - 29.05 paid = 299.45 = 5.13 + 110 + 184.32.
EXTRA_ADJUSTMENTS = {("united_healthcare_legacy_sample", 4): [("PR", "1", Decimal("110"))]}
#: Denied lines by hand: paid nothing, allowed nothing (emedny rows 4, 5, 8, 9).
DENIED = {("emedny_sample", i) for i in (4, 5, 8, 9)}


def _expected(sample: str) -> pd.DataFrame:
    path = KEIRON / "expected_output" / f"{sample}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _ours(sample: str):
    return import_remittances([KEIRON / f"{sample}.txt"], include_patient_data=True)


def _amount(text: str) -> Decimal | None:
    return Decimal(text) if text else None


@pytest.mark.parametrize("sample", SAMPLES)
def test_one_row_per_expected_line_in_order(sample: str) -> None:
    expected = _expected(sample)
    lines = _ours(sample).lines
    assert len(lines) == len(expected)
    assert list(lines["code"]) == list(expected["code"])
    assert list(lines["claim_id"]) == list(expected["marker"])


@pytest.mark.parametrize("sample", SAMPLES)
def test_values_match_the_expected_output(sample: str) -> None:
    expected = _expected(sample)
    result = _ours(sample)
    lines = result.lines
    for row, want in expected.iterrows():
        got = lines.iloc[row]
        where = f"{sample} row {row}"
        assert got["code_qualifier"] == want["qualifier"], where
        first_modifier = got["modifiers"].split()[0] if got["modifiers"] else ""
        assert first_modifier == want["modifier"], where
        assert got["payer"] == want["payer"], where
        assert got["payment_date"] == pd.Timestamp(want["transaction_date"]), where
        assert got["service_date"] == pd.Timestamp(want["start_date"]), where
        assert got["service_end_date"] == pd.Timestamp(want["end_date"]), where
        assert got["charge"] == _amount(want["charge_amount"]), where
        assert got["paid"] == _amount(want["paid_amount"]), where
        if want["allowed_amount"]:
            assert got["allowed"] == Decimal(want["allowed_amount"]), where
        else:
            assert got["allowed"] == HAND_ALLOWED[(sample, row)], where
        if want["allowed_units"]:
            assert got["units"] == Decimal(want["allowed_units"]), where
        assert got["billed_units"] == Decimal(want["billed_units"]), where
        assert got["line_control_number"] == want.get("ref_0_value", ""), where
        assert got["remark_codes"] == want.get("rem_0_code", ""), where
        assert bool(got["denied"]) == ((sample, row) in DENIED), where
        assert set(got["patient_name"].lower().split()) == set(want["patient"].lower().split())


@pytest.mark.parametrize("sample", SAMPLES)
def test_adjustments_match_plus_the_pairs_that_parser_drops(sample: str) -> None:
    expected = _expected(sample)
    result = _ours(sample)
    adjustments = result.adjustments
    for row, want in expected.iterrows():
        triples = []
        for i in range(2):
            if want.get(f"adj_{i}_group"):
                triples.append((want[f"adj_{i}_group"], want[f"adj_{i}_code"],
                                Decimal(want[f"adj_{i}_amount"])))
        triples += EXTRA_ADJUSTMENTS.get((sample, row), [])
        line = result.lines.iloc[row]
        mine = adjustments.loc[(adjustments["claim_index"] == line["claim_index"])
                               & (adjustments["line_number"] == line["line_number"])]
        ours = list(zip(mine["group"], mine["reason"], mine["amount"], strict=True))
        assert sorted(ours) == sorted(triples), f"{sample} row {row}"


def test_uhc_line_with_two_pairs_in_one_cas_balances() -> None:
    line = _ours("united_healthcare_legacy_sample").lines.iloc[4]
    assert line["adjustments"] == "PR-2 5.13; PR-1 110.00; CO-45 184.32"
    assert line["patient_responsibility"] == Decimal("115.13")
    # AMT*B6 144.18 = 328.50 - 184.32 CO = 29.05 paid + 115.13 PR
    assert line["allowed"] == Decimal("144.18") == line["paid"] + line["patient_responsibility"]


def test_blue_cross_malformed_line_is_reported_and_kept() -> None:
    result = _ours("blue_cross_nc_sample")
    messages = [p.message for p in result.problems if p.location.segment == 28]
    assert messages == [
        "Remittance '" + str(KEIRON / "blue_cross_nc_sample.txt") + "', segment 28, column 'SVC': "
        "SVC has 10 elements, at most 7 are defined, got 'SVC*HC:59426******742*742**1'",
        "Remittance '" + str(KEIRON / "blue_cross_nc_sample.txt")
        + "', segment 28, column 'SVC02': "
        "SVC02 line charge is missing; left blank, got 'SVC*HC:59426******742*742**1'",
        "Remittance '" + str(KEIRON / "blue_cross_nc_sample.txt")
        + "', segment 28, column 'SVC03': "
        "SVC03 line payment is missing; left blank, got 'SVC*HC:59426******742*742**1'",
    ]
    line = result.lines.iloc[2]
    assert (line["code"], line["charge"], line["paid"]) == ("59426", None, None)
    # The file has no ISA: the delimiters are inferred, and said so.
    first = result.problems[0]
    assert first.severity == "warning"
    assert first.rule == ("no ISA segment: delimiters inferred from the data (element '*', "
                          "component ':', segment '~')")


def test_blue_cross_claim_and_payment_balance_without_the_malformed_line() -> None:
    # CLP 2100 charge - 1922.86 paid = 177.14 = 34.60 CO-42 + 117.54 PR-2 + 25.00 PR-3;
    # BPR 1922.86 = the one claim's payment. No balancing problem may be reported.
    result = _ours("blue_cross_nc_sample")
    assert not [p for p in result.problems if "balance" in p.rule]
