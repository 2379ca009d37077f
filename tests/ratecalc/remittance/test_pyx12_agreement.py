"""pyx12, an independent reader driven by the X12 maps, agrees with our parse where it reads.

pyx12 places segments in loops from its 835 map; here its 2100 (claim) and 2110 (service line)
loops are read into plain values and compared with our claims, lines and adjustments. Files it
cannot read (no ISA; line breaks before the terminator) are left out; where it cannot place a
service line (a malformed SVC01 composite), we must have reported that segment.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("pyx12")
import pyx12.error_handler  # noqa: E402
import pyx12.params  # noqa: E402
import pyx12.x12context  # noqa: E402

from ratecalc.remittance import import_remittances  # noqa: E402
from ratecalc.remittance.synthetic import random_payments, write_835  # noqa: E402

from .samples import GUIDE, KEIRON, PYX12  # noqa: E402

READABLE = [
    KEIRON / "emedny_sample.txt",
    KEIRON / "united_healthcare_legacy_sample.txt",
    PYX12 / "835_mult_loops.txt",
    *sorted(GUIDE.glob("*.835")),
]


def _amount(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None


def _triples(nodes) -> list[tuple[str, str, Decimal]]:
    out = []
    for node in nodes:
        group = node.get_value("CAS01")
        for first in range(2, 20, 3):
            reason = node.get_value(f"CAS{first:02d}")
            amount = node.get_value(f"CAS{first + 1:02d}")
            if reason or amount:
                out.append((group, reason, Decimal(amount)))
    return out


def read_with_pyx12(path: Path) -> list[dict]:
    """Claims as pyx12 reads them: a dict per 2100 loop, with its 2110 lines."""
    reader = pyx12.x12context.X12ContextReader(
        pyx12.params.params(), pyx12.error_handler.errh_null(), str(path))
    claims = []
    for node in reader.iter_segments("2100"):
        if node.id != "2100":
            continue
        lines = []
        for line in node.select("2110"):
            lines.append({
                "code": line.get_value("SVC01-2"),
                "modifiers": " ".join(
                    m for i in range(3, 7) if (m := line.get_value(f"SVC01-{i}"))),
                "charge": _amount(line.get_value("SVC02")),
                "paid": _amount(line.get_value("SVC03")),
                "units": _amount(line.get_value("SVC05") or "1"),  # TR3: left out means 1
                "allowed_reported": _amount(line.get_value("AMT[B6]02")),
                "adjustments": _triples(line.select("CAS")),
            })
        claims.append({
            "claim_id": node.get_value("CLP01"), "status": node.get_value("CLP02"),
            "charge": _amount(node.get_value("CLP03")), "paid": _amount(node.get_value("CLP04")),
            "adjustments": _triples(node.select("CAS")), "lines": lines,
        })
    reader.close()
    return claims


def _ours(path: Path) -> tuple[list[dict], set[int]]:
    result = import_remittances([path])
    adjustments = result.adjustments
    claims = []
    for claim in result.claims.itertuples():
        mine = adjustments.loc[adjustments["claim_index"] == claim.claim_index]
        lines = []
        for line in result.lines.loc[(result.lines["claim_index"] == claim.claim_index)
                                     & (result.lines["line_number"] > 0)].itertuples():
            own = mine.loc[mine["line_number"] == line.line_number]
            lines.append({
                "code": line.code, "modifiers": line.modifiers, "charge": line.charge,
                "paid": line.line_paid, "units": line.units,  # SVC03 as reported
                "allowed_reported": line.allowed if line.allowed_source == "AMT*B6" else None,
                "adjustments": list(zip(own["group"], own["reason"], own["amount"],
                                        strict=True)),
                "segment": line.segment,
            })
        claim_level = mine.loc[mine["line_number"] == 0]
        claims.append({
            "claim_id": claim.claim_id, "status": claim.claim_status, "charge": claim.charge,
            "paid": claim.paid,
            "adjustments": list(zip(claim_level["group"], claim_level["reason"],
                                    claim_level["amount"], strict=True)),
            "lines": lines,
        })
    reported = {p.location.segment for p in result.problems if p.location.segment is not None}
    return claims, reported


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_pyx12_agrees_on_claims_and_lines(path: Path) -> None:
    theirs = read_with_pyx12(path)
    ours, reported = _ours(path)
    assert len(theirs) == len(ours) > 0
    compared = 0
    for their_claim, our_claim in zip(theirs, ours, strict=True):
        for key in ("claim_id", "status", "charge", "paid", "adjustments"):
            assert their_claim[key] == our_claim[key], (path.name, key)
        if len(their_claim["lines"]) == len(our_claim["lines"]):
            for their_line, our_line in zip(their_claim["lines"], our_claim["lines"],
                                            strict=True):
                if not our_line["code"]:
                    # An SVC01 without a code: pyx12 finds none either, and reads the shifted
                    # elements after it as amounts, which we decline to do and report.
                    assert their_line["code"] is None
                    assert our_line["segment"] in reported
                    continue
                assert their_line == {k: v for k, v in our_line.items() if k != "segment"}
                compared += 1
        else:
            # pyx12 could not place these service lines: each must be one we reported.
            assert not their_claim["lines"]
            assert {line["segment"] for line in our_claim["lines"]} <= reported, path.name
    no_lines_to_compare = {"cob-contractural-adjustment.835", "secondary-payment.835",
                           "tertiary-payment.835", "medicare-part-a.835"}
    assert (compared == 0) == (path.name in no_lines_to_compare)


def test_pyx12_agrees_on_a_generated_file(tmp_path) -> None:
    path = tmp_path / "generated.835"
    path.write_text(write_835(random_payments(120, seed=7, claims_per_payment=40)))
    theirs = read_with_pyx12(path)
    ours, reported = _ours(path)
    assert reported == set()
    assert len(theirs) == 120
    for their_claim, our_claim in zip(theirs, ours, strict=True):
        our_claim["lines"] = [{k: v for k, v in line.items() if k != "segment"}
                              for line in our_claim["lines"]]
        assert their_claim == our_claim
