"""Several files in one import: claims numbered across files, every row joined to its own claim."""

from __future__ import annotations

from decimal import Decimal

from ratecalc.remittance import import_remittances

from .test_reversals import CORRECTION, ORIGINAL
from .x12 import header, interchange, transaction

# A claim without service lines (its row in the line table is line 0) between two with lines.
OTHER = transaction(
    "0001", *header("95", "20250210", payer="SUMMIT CARE", payer_id="33333"),
    "CLP*S1*1*50*40**12*P1", "DTM*232*20250105", "SVC*HC:97140:GP*50*40**1", "CAS*CO*45*10",
    "CLP*S2*1*30*25**13*P2", "DTM*232*20250106", "DTM*233*20250107", "CAS*CO*45*5",
    "CLP*S3*1*40*30**12*P3", "SVC*HC:97110:GP*40*30**1", "DTM*472*20250108", "CAS*CO*45*7",
    "CAS*PR*2*3",
)


def test_claims_are_numbered_across_files_and_rows_keep_their_claim(tmp_path) -> None:
    (tmp_path / "a_february.835").write_text(interchange(ORIGINAL))
    (tmp_path / "b_summit.835").write_text(interchange(OTHER))
    (tmp_path / "c_march.835").write_text(interchange(CORRECTION))
    result = import_remittances([tmp_path])
    assert result.problems == ()
    names = ["a_february.835", "b_summit.835", "c_march.835"]
    files = [str(tmp_path / name) for name in names]
    claims = result.claims
    assert claims[["claim_index", "claim_id", "payer", "file"]].to_numpy().tolist() == [
        [1, "R1", "ACME HEALTH", files[0]],
        [2, "S1", "SUMMIT CARE", files[1]],
        [3, "S2", "SUMMIT CARE", files[1]],
        [4, "S3", "SUMMIT CARE", files[1]],
        [5, "R1", "ACME HEALTH", files[2]],  # the reversal of claim 1, a file later
        [6, "R1", "ACME HEALTH", files[2]],
    ]
    assert claims["reversed"].tolist() == [True, False, False, False, False, False]
    assert claims["lines"].tolist() == [1, 1, 0, 1, 1, 1]
    # Service date: the line's DTM*472, else the claim's DTM*232; payment 10 Feb 2025.
    assert claims["days_to_payment"].tolist()[1:4] == [36, 35, 33]

    lines = result.lines
    shown = ["claim_index", "claim_id", "line_number", "code", "payer"]
    assert lines[shown].to_numpy().tolist() == [
        [1, "R1", 1, "97110", "ACME HEALTH"],
        [2, "S1", 1, "97140", "SUMMIT CARE"],
        [3, "S2", 0, "", "SUMMIT CARE"],  # the claim without lines
        [4, "S3", 1, "97110", "SUMMIT CARE"],
        [5, "R1", 1, "97110", "ACME HEALTH"],
        [6, "R1", 1, "97110", "ACME HEALTH"],
    ]
    s2 = lines.iloc[2]
    assert (s2["charge"], s2["allowed"], s2["paid"], s2["claim_adjustments"]) == (
        Decimal("30"), Decimal("25"), Decimal("25"), "CO-45 5.00")
    assert (str(s2["service_date"].date()), str(s2["service_end_date"].date())) == (
        "2025-01-06", "2025-01-07")
    assert lines["reversed"].tolist() == [True, False, False, False, False, False]

    adjustments = result.adjustments
    assert adjustments[["claim_index", "claim_id", "line_number", "group", "reason", "amount"]
                       ].to_numpy().tolist() == [
        [1, "R1", 1, "CO", "45", Decimal("60")],
        [1, "R1", 1, "PR", "2", Decimal("40")],
        [2, "S1", 1, "CO", "45", Decimal("10")],
        [3, "S2", 0, "CO", "45", Decimal("5")],
        [4, "S3", 1, "CO", "45", Decimal("7")],
        [4, "S3", 1, "PR", "2", Decimal("3")],
        [5, "R1", 1, "CO", "45", Decimal("-60")],
        [5, "R1", 1, "PR", "2", Decimal("-40")],
        [6, "R1", 1, "CO", "45", Decimal("50")],
        [6, "R1", 1, "PR", "2", Decimal("40")],
    ]
    assert adjustments["file"].tolist() == [files[0]] * 2 + [files[1]] * 4 + [files[2]] * 4
