"""A claim reversed (CLP02 22) and adjudicated again is one claim: the payer summary and the clinic
metrics count it once, as its correction (before, the reversed original and its correction were
two claims adjudicated, the correction a clean first submission, the original's denial one in
twice as many claims)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given

from ratecalc.remittance import metrics, read_remittance, summarize_payers
from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835

from .strategies import payments
from .test_properties import SETTINGS
from .x12 import header, interchange, transaction

# February 1 (BPR 190 = 100 + 0 + 50 + 40):
#   R1 97110 x2 served 01-15: charge 200, paid 100 (CO-45 60, PR-2 40).
#   D2 97140 served 01-16: denied (CLP02 4), charge 100, CO-50 100.
#   P3 97112 served 01-20: charge 80, paid 50 (CO-45 10, PR-2 20): clean.
#   V4 97110 served 01-21: charge 50, paid 40 (CO-45 10).
FEBRUARY = transaction(
    "0001", *header("190", "20250201"),
    "CLP*R1*1*200*100*40*12*ICN1", "SVC*HC:97110:GP*200*100**2", "DTM*472*20250115",
    "CAS*CO*45*60", "CAS*PR*2*40",
    "CLP*D2*4*100*0**12*ICND", "SVC*HC:97140:GP*100*0**1", "DTM*472*20250116", "CAS*CO*50*100",
    "CLP*P3*1*80*50*20*12*ICNP", "SVC*HC:97112:GP*80*50**1", "DTM*472*20250120",
    "CAS*CO*45*10", "CAS*PR*2*20",
    "CLP*V4*1*50*40**12*ICNV", "SVC*HC:97110:GP*50*40**1", "DTM*472*20250121", "CAS*CO*45*10",
)
# March 1 (BPR 40 = -100 + 110 - 0 + 70 - 40):
#   R1 reversed and paid again, 110 (the payer reprocessing on its own: frequency 1).
#   D2's denial reversed and the corrected claim (frequency 7) paid 70.
#   V4 reversed with nothing after it (a void): taken back.
MARCH = transaction(
    "0002", *header("40", "20250301"),
    "CLP*R1*22*-200*-100*-40*12*ICN1", "SVC*HC:97110:GP*-200*-100**-2", "DTM*472*20250115",
    "CAS*CO*45*-60", "CAS*PR*2*-40",
    "CLP*R1*1*200*110*40*12*ICN2*11*1", "SVC*HC:97110:GP*200*110**2", "DTM*472*20250115",
    "CAS*CO*45*50", "CAS*PR*2*40",
    "CLP*D2*22*-100*0**12*ICND", "SVC*HC:97140:GP*-100*0**-1", "DTM*472*20250116",
    "CAS*CO*50*-100",
    "CLP*D2*1*100*70**12*ICND2*11*7", "SVC*HC:97140:GP*100*70**1", "DTM*472*20250116",
    "CAS*CO*45*30",
    "CLP*V4*22*-50*-40**12*ICNV", "SVC*HC:97110:GP*-50*-40**-1", "DTM*472*20250121",
    "CAS*CO*45*-10",
)


@pytest.fixture(scope="module")
def result():
    read = read_remittance(interchange(FEBRUARY, MARCH))
    assert read.problems == ()
    return read


def test_the_claims_table_names_each_reversals_original_and_correction(result) -> None:
    claims = result.claims
    assert claims[["claim_id", "claim_status", "reverses", "corrects", "clean"]].to_numpy(
    ).tolist() == [
        ["R1", "1", 0, 0, False], ["D2", "4", 0, 0, False], ["P3", "1", 0, 0, True],
        ["V4", "1", 0, 0, False],
        # claim_index 5 takes back 1 and 6 follows it; 7 takes back 2 and 8 follows it; 9
        # takes back 4, and nothing follows it. A correction was not paid on first submission.
        ["R1", "22", 1, 0, False], ["R1", "1", 0, 5, False],
        ["D2", "22", 2, 0, False], ["D2", "1", 0, 7, False],
        ["V4", "22", 4, 0, False],
    ]


def test_a_claim_reversed_and_corrected_counts_once(result) -> None:
    payers = summarize_payers(result.claims, result.provider_adjustments)
    # Four claims: R1 and D2 as corrected, P3, and V4, reversed with nothing after it (a
    # claim submitted, paid nothing in the end); one line each (of each one's last
    # adjudication). Charge and payment of the claims that stand (V4's cancel with its
    # reversal's): charge 200 + 100 + 80 = 380; paid 110 + 70 + 50 = 230, which is what the
    # payer paid on claims in both months, 100 - 100 + 110 + 0 - 0 + 70 + 50 + 40 - 40 (BPR
    # 190 + 40). Clean: P3 alone (R1 adjudicated again, D2 denied first, V4 reversed): 1 of 4.
    # Denied: D2, denied before it was corrected and paid (it needed rework): 1 of 4. Days to
    # the payment that settled each claim: R1 03-01 - 01-15 = 45, D2 03-01 - 01-16 = 44, P3
    # 02-01 - 01-20 = 12 (V4 stands unpaid): mean 101 / 3, median 44. Before: 6 claims, 6
    # lines, 2 clean (the R1 correction as a first submission), 1 denied of 6.
    assert payers.to_dict(orient="records") == [{
        "payer": "ACME HEALTH", "payer_id": "11111", "claims": 4, "lines": 4,
        "charge": Decimal("380"), "paid": Decimal("230"), "provider_adjustments": Decimal("0"),
        "clean_claims": 1, "clean_claim_rate": 0.25, "denied_claims": 1, "denial_rate": 0.25,
        "claims_with_days": 3, "days_to_payment_mean": 101 / 3, "days_to_payment_median": 44.0,
        "first_payment_date": pd.Timestamp("2025-02-01"),
        "last_payment_date": pd.Timestamp("2025-03-01"),
    }]
    assert payers["paid"].sum() == sum(result.transactions["payment"], Decimal(0))


def test_the_clinic_metrics_count_the_same_claims(result) -> None:
    rows = metrics(result).set_index("metric")
    assert rows.loc["clean_claim_rate", "value"] == 0.25
    assert rows.loc["denial_rate", "value"] == 0.25
    assert rows.loc["days_in_ar", "value"] == pytest.approx(101 / 3)
    assert ", 4 claims from 1 payer" in rows.loc["denial_rate", "source"]


def test_another_visit_under_the_same_claim_id_is_not_a_correction() -> None:
    # Practices that send the patient's account number as the claim id have several claims
    # under one id: V4's reversal is followed by the same patient's visit of 01-28, a claim of
    # its own, clean; V4 is a claim reversed and not corrected, paid nothing.
    march = transaction(
        "0002", *header("0", "20250301"),
        "CLP*V4*22*-50*-40**12*ICNV", "SVC*HC:97110:GP*-50*-40**-1", "DTM*472*20250121",
        "CAS*CO*45*-10",
        "CLP*V4*1*50*40**12*ICNW", "SVC*HC:97110:GP*50*40**1", "DTM*472*20250128",
        "CAS*CO*45*10",
    )
    february = transaction(
        "0001", *header("40", "20250201"),
        "CLP*V4*1*50*40**12*ICNV", "SVC*HC:97110:GP*50*40**1", "DTM*472*20250121",
        "CAS*CO*45*10",
    )
    result = read_remittance(interchange(february, march))
    assert result.problems == ()
    assert result.claims["corrects"].tolist() == [0, 0, 0]
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert payers[["claims", "paid", "clean_claims", "days_to_payment_mean"]].to_numpy(
    ).tolist() == [[2, Decimal("40"), 1, 32.0]]  # 03-01 - 01-28 = 32 days


def test_a_claim_taken_back_and_not_corrected_counts_once_paid_nothing() -> None:
    march = transaction(
        "0002", *header("-40", "20250301", credit="D"),
        "CLP*V4*22*-50*-40**12*ICNV", "SVC*HC:97110:GP*-50*-40**-1", "DTM*472*20250121",
        "CAS*CO*45*-10",
    )
    february = transaction(
        "0001", *header("40", "20250201"),
        "CLP*V4*1*50*40**12*ICNV", "SVC*HC:97110:GP*50*40**1", "DTM*472*20250121",
        "CAS*CO*45*10",
    )
    result = read_remittance(interchange(february, march))
    payers = summarize_payers(result.claims, result.provider_adjustments)
    assert payers[["claims", "lines", "charge", "paid", "clean_claim_rate", "denial_rate",
                   "claims_with_days"]].to_numpy().tolist() == [
        [1, 1, Decimal("0"), Decimal("0"), 0.0, 0.0, 0]]
    assert "days_in_ar" not in set(metrics(result)["metric"])


@SETTINGS
@given(payments())
def test_a_claim_reversed_and_paid_again_as_it_was_counts_as_before(model) -> None:
    # The payer takes back the first claim and pays it again, unchanged, in a later payment:
    # the claims, lines, charge, payment and denials per payer are what they were; only that
    # claim is no longer clean (adjudicated twice).
    first = replace(model[0].claims[0], payer_claim_id="ICN-REVERSED")
    model = [replace(model[0], claims=(first, *model[0].claims[1:])), *model[1:]]
    reversal = ClaimSpec(
        first.claim_id,
        tuple(LineSpec(li.code, -li.charge, -li.paid,
                       tuple((g, r, -a) for g, r, a in li.adjustments), li.modifiers, -li.units,
                       li.service_date) for li in first.lines),
        "22", tuple((g, r, -a) for g, r, a in first.adjustments), first.payer_claim_id,
    )
    again = replace(first, payer_claim_id="ICN-PAID-AGAIN")
    later = PaymentSpec(model[0].payer, model[0].payer_id,
                        max(p.payment_date for p in model), (reversal, again),
                        check_number="AGAIN")
    before = read_remittance(write_835(model))
    after = read_remittance(write_835([*model, later]))
    assert after.problems == ()
    assert after.claims["corrects"].iloc[-1] == len(after.claims) - 1
    columns = ["payer", "claims", "lines", "charge", "paid", "denied_claims",
               "claims_with_days"]
    was = summarize_payers(before.claims, before.provider_adjustments)
    now = summarize_payers(after.claims, after.provider_adjustments)
    pd.testing.assert_frame_equal(now[columns], was[columns])
    assert now["clean_claims"].sum() == was["clean_claims"].sum() - int(
        before.claims["clean"].iloc[0])


def test_the_count_does_not_depend_on_the_order_the_payments_are_read_in() -> None:
    # A folder is read in name order, which need not be the payments' order: March's 835 read
    # before February's is the same four claims, paid 230 in all, with the same days to the
    # payment that settled each (before: the reversed originals, read last, were taken as the
    # claims' last adjudications, so R1's and D2's corrections, paid 110 and 70, were dropped:
    # paid 50, charge 80, days of P3 alone).
    in_order = read_remittance(interchange(FEBRUARY, MARCH))
    march_first = read_remittance(interchange(MARCH, FEBRUARY))
    assert march_first.problems == ()
    was = summarize_payers(in_order.claims, in_order.provider_adjustments)
    now = summarize_payers(march_first.claims, march_first.provider_adjustments)
    pd.testing.assert_frame_equal(now, was)
    assert now[["claims", "charge", "paid", "claims_with_days"]].to_numpy().tolist() == [
        [4, Decimal("380"), Decimal("230"), 3]]
    assert metrics(march_first).set_index("metric").loc["days_in_ar", "value"] == (
        pytest.approx(101 / 3))


def test_the_command_counts_the_claims_its_payer_table_counts(tmp_path, capsys) -> None:
    """``ratecalc import remittances`` said "1 file(s), 9 claims, 9 service lines" above a
    payer table of 4 claims: the first line counted the files' claim records, reversals and
    the originals they took back among them. It counts what the table counts (4 claims, one
    line each: R1 and D2 as corrected, P3, V4), and says how many records the files hold."""
    from ratecalc_cli.main import ExitCode, main

    source = tmp_path / "reversals.835"
    source.write_text(interchange(FEBRUARY, MARCH))
    assert main(["import", "remittances", str(source)]) == ExitCode.OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("1 file(s), 4 claims, 4 service lines (of 9 claim records and 9 service "
                      "lines in the files: a claim reversed and adjudicated again counts once, "
                      "as corrected, and a reversal or a predetermination is no claim)")
    header = next(i for i, line in enumerate(out) if "Payer ID" in line)
    columns = re.split(r"\s{2,}", out[header].strip())
    row = dict(zip(columns, re.split(r"\s{2,}", out[header + 1].strip()), strict=True))
    assert (row["Payer"], row["Claims"], row["Lines"]) == ("ACME HEALTH", "4", "4")


def test_a_claim_paid_without_service_lines_has_none_in_the_first_line(tmp_path, capsys) -> None:
    """A claim paid at the claim level (no SVC: an institutional claim) is a row of the lines
    table with line number 0, not a service line of the file. The first line said "2 claims, 0
    service lines (of 2 claim records and 2 service lines in the files: a claim reversed and
    adjudicated again counts once, ...)": neither the lines nor that reason are in the file.
    By hand: claims C1 (paid 90) and C2 (paid 40), neither with an SVC, no reversal."""
    from ratecalc_cli.main import ExitCode, main

    source = tmp_path / "claim-level.835"
    source.write_text(interchange(transaction(
        "0001", *header("130", "20250201"),
        "CLP*C1*1*100*90**12*ICN1", "CAS*CO*45*10",
        "CLP*C2*1*50*40**12*ICN2", "CAS*CO*45*10")))
    assert main(["import", "remittances", str(source)]) == ExitCode.OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1 file(s), 2 claims, 0 service lines"
