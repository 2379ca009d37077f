"""Warnings on what a billing manager expects to be told of: a claim paid in two payments, and
a payment dated well after today. Found by a hunt of ``import remittances``: both were imported
without a word (the claim counted twice in the claims, clean-claim rate and days to payment)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import ratecalc.dates
from ratecalc.remittance import import_remittances, read_remittance
from ratecalc.remittance.import_warnings import FUTURE_PAYMENT_DAYS
from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, write_835
from ratecalc_cli.main import ExitCode, main

D = Decimal
TODAY = date(2026, 12, 7)


def _payment(trace: str, claim: str = "DOE0417", *, paid_on: date = date(2026, 12, 1),
             served: date = date(2026, 11, 2), charge: str = "100.00") -> PaymentSpec:
    line = LineSpec("97110", D(charge), D("60.00"), (("CO", "45", D(charge) - D("60.00")),),
                    ("GP",), D(1), served)
    return PaymentSpec("SUMMIT BLUECARE", "SBC01", paid_on,
                       (ClaimSpec(claim, (line,), patient=("DOE", "JANE"),
                                  member_id="MEMBER0042"),), check_number=trace)


def _warnings(text: str, **kwargs: object) -> list[str]:
    result = read_remittance(text, "r.835", today=TODAY, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in result.problems if p.severity == "warning"]


def test_a_claim_paid_in_two_payments_is_warned_of_and_kept() -> None:
    result = read_remittance(write_835([_payment("EFT1"), _payment("EFT2")]), "r.835",
                             today=TODAY)
    warned = [str(p) for p in result.problems]
    assert len(result.claims) == 2  # warned, never dropped
    assert warned == [
        "Remittance 'r.835', segment 31: claim 'DOE0417X' (the payer's claim number) (charge "
        "$100.00, service date 2026-11-02) is paid in payment 'EFT2' and was paid already in "
        "payment 'EFT1', at segment 13 of the same file: the same claim id, service date and "
        "charge; both are counted (claims, clean-claim rate, days to payment): check whether "
        "the payer paid it twice"]
    assert "DOE0417'" not in warned[0]  # CLP01 may be the patient's account number


def test_the_claim_id_is_named_only_with_patient_data() -> None:
    warned = _warnings(write_835([_payment("EFT1"), _payment("EFT2")]),
                       include_patient_data=True)
    assert len(warned) == 1 and "claim 'DOE0417' (charge $100.00" in warned[0]


@pytest.mark.parametrize("second", [
    {"served": date(2026, 11, 9)},  # the account number reused for another visit
    {"charge": "150.00"},
    {"claim": "SMITH0001"},
])
def test_a_claim_differing_in_date_charge_or_id_is_not_warned_of(second: dict) -> None:
    assert _warnings(write_835([_payment("EFT1"), _payment("EFT2", **second)])) == []


def test_two_files_name_the_first_payments_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.835", tmp_path / "b.835"
    first.write_text(write_835([_payment("EFT1")]))
    second.write_text(write_835([_payment("EFT2")]))
    result = import_remittances([first, second], today=TODAY)
    assert [p.message.split(": ", 1)[1][:60] for p in result.problems] == [
        "claim 'DOE0417X' (the payer's claim number) (charge $100.00,"]
    assert f"'{first}' (segment 13)" in result.problems[0].message


def test_a_payer_without_an_id_spelled_two_ways_is_one_payer(tmp_path: Path) -> None:
    """No N104, REF*2U or TRN03: the payer is its name, which the second file writes in other
    capitals and spacing; the claim is still one payer's, paid twice."""
    def without_id(text: str, name: str) -> str:
        return text.replace("*1SBC01~", "~").replace("N1*PR*SUMMIT BLUECARE*XV*SBC01~",
                                                     f"N1*PR*{name}~")

    first, second = tmp_path / "a.835", tmp_path / "b.835"
    first.write_text(without_id(write_835([_payment("EFT1")]), "SUMMIT BLUECARE"))
    second.write_text(without_id(write_835([_payment("EFT2")]), "Summit  BlueCare "))
    result = import_remittances([first, second], today=TODAY)
    assert set(result.claims["payer_id"]) == {""}
    assert [p.message.split(": ", 1)[1][:60] for p in result.problems] == [
        "claim 'DOE0417X' (the payer's claim number) (charge $100.00,"]


def test_a_payment_dated_over_a_week_ahead_is_warned_of() -> None:
    late = date(2026, 12, 7 + FUTURE_PAYMENT_DAYS + 1)
    assert _warnings(write_835([_payment("EFT1", paid_on=late)])) == [
        "Remittance 'r.835', segment 3: payment 'EFT1' is dated 2026-12-15 (BPR16), 8 days "
        "after today (2026-12-07): payers date a payment at most a few days ahead; check the "
        "date, which its claims' days to payment are counted to"]


def test_a_payment_dated_up_to_a_week_ahead_is_not() -> None:
    assert FUTURE_PAYMENT_DAYS == 7
    on_time = date(2026, 12, 7 + FUTURE_PAYMENT_DAYS)
    assert _warnings(write_835([_payment("EFT1", paid_on=on_time)])) == []


def test_today_is_the_one_clocks_and_the_command_prints_both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ratecalc.dates, "today", lambda: TODAY)
    path = tmp_path / "r.835"
    path.write_text(write_835([_payment("EFT1"), _payment("EFT2", paid_on=date(2027, 1, 4))]))
    assert main(["import", "remittances", str(path), "--json"]) == ExitCode.OK
    err = capsys.readouterr().err.splitlines()
    assert [line[:len("warning: Remittance")] for line in err] == ["warning: Remittance"] * 2
    assert "is paid in payment 'EFT2'" in err[0] and "28 days after today" in err[1]


def test_both_readers_warn_alike() -> None:
    # without patient data the column reader reads these (it declines a file with a problem);
    # with it, the segment parser: the warnings are made from the tables either builds
    from ratecalc.remittance.column_reader import read_columns

    text = write_835([_payment("EFT1"), _payment("EFT2", paid_on=date(2027, 1, 4))])
    assert read_columns(text, "r.835") is not None
    by_columns = _warnings(text)
    by_segments = _warnings(text, include_patient_data=True)
    assert len(by_columns) == 2
    assert by_segments == [w.replace("claim 'DOE0417X' (the payer's claim number)",
                                     "claim 'DOE0417'") for w in by_columns]


def test_a_claim_reversed_and_paid_again_beside_an_earlier_copy_is_not_warned_of() -> None:
    """A payment lists one claim twice (the payer's own listing: not warned of); a later payment
    takes back one copy (CLP02 22) and pays it again, the correction. Nothing was paid a second
    time, so nothing is warned of: the correction takes the reversed copy's place. It was warned
    of as paid already in the first payment (hypothesis, test_reversal_counts, CI of 433b2352)."""
    listed = _payment("EFT1").claims[0]
    original = replace(listed, payer_claim_id="ICN-REVERSED")
    copy = replace(listed, payer_claim_id="ICN-COPY")
    first = PaymentSpec("SUMMIT BLUECARE", "SBC01", date(2026, 12, 1), (original, copy),
                        check_number="EFT1")
    reversal = ClaimSpec(
        original.claim_id,
        tuple(LineSpec(li.code, -li.charge, -li.paid,
                       tuple((g, r, -a) for g, r, a in li.adjustments), li.modifiers,
                       -li.units, li.service_date) for li in original.lines),
        "22", (), original.payer_claim_id)
    again = replace(original, payer_claim_id="ICN-PAID-AGAIN")
    later = PaymentSpec("SUMMIT BLUECARE", "SBC01", date(2026, 12, 3),
                        (reversal, again), check_number="EFT2")
    assert _warnings(write_835([first, later])) == []


def test_a_payer_named_as_another_payers_id_is_another_payer(tmp_path: Path) -> None:
    """A payer without an id whose name is another payer's id is another payer: its payment of
    the same claim is no claim paid twice (it was compared as that id since the name was
    compared as the import spells it; casefolded before, it was one with the id in lower
    case)."""
    def named(text: str, name: str) -> str:
        return text.replace("*1SBC01~", "~").replace("N1*PR*SUMMIT BLUECARE*XV*SBC01~",
                                                     f"N1*PR*{name}~")

    for payer_id in ("SBC01", "sbc01"):
        first, second = tmp_path / "a.835", tmp_path / "b.835"
        first.write_text(write_835([_payment("EFT1")]).replace("SBC01", payer_id))
        second.write_text(named(write_835([_payment("EFT2")]), "SBC01"))
        result = import_remittances([first, second], today=TODAY)
        assert sorted(result.claims["payer_id"]) == ["", payer_id]
        assert result.problems == ()
