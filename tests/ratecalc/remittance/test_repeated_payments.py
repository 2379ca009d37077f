"""A payment read twice counts once, with a warning naming both files.

Found by a review: ``import remittances summit.835 summit_copy.835`` (the same 835 delivered
twice, as clearinghouses do) counted 10 claims for 5, $550.70 paid for $275.35, the provider
adjustments and every line twice, without a word.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.remittance import (
    fee_schedules,
    import_remittances,
    metrics,
    read_remittance,
    summarize_payers,
)
from ratecalc.remittance.parser import ColumnRecords, parse_text
from ratecalc.remittance.repeated_payments import without_repeated_payments
from ratecalc.remittance.synthetic import (
    ClaimSpec,
    LineSpec,
    PaymentSpec,
    random_payments,
    write_835,
)
from ratecalc_cli.main import ExitCode, main

from .x12 import header, interchange, transaction

D = Decimal


def _payment(trace: str = "EFT000001", claim: str = "C1", paid: str = "60.00") -> PaymentSpec:
    line = LineSpec("97110", D("100.00"), D(paid), (("CO", "45", D("100.00") - D(paid)),),
                    ("GP",), D(1), date(2026, 11, 2))
    # PLB interest of 1.50: the payment is 61.50
    return PaymentSpec("SUMMIT BLUECARE", "SBC01", date(2026, 12, 1),
                       (ClaimSpec(claim, (line,), patient=("DOE", "JANE"),
                                  member_id="MEMBER0042"),),
                       (("L6", "INTEREST", D("-1.50")),), check_number=trace)


def _tables(result) -> dict[str, pd.DataFrame]:  # noqa: ANN001
    """The tables without the column naming the file each row was read from."""
    return {name: getattr(result, name).drop(columns="file").reset_index(drop=True)
            for name in ("lines", "claims", "adjustments", "provider_adjustments",
                         "transactions")}


def test_the_same_file_twice_counts_once_and_says_so(tmp_path: Path) -> None:
    text = write_835([_payment()])
    (tmp_path / "summit.835").write_text(text)
    (tmp_path / "summit_copy.835").write_text(text)
    once = import_remittances([tmp_path / "summit.835"])
    twice = import_remittances([tmp_path / "summit.835", tmp_path / "summit_copy.835"])
    for name, frame in _tables(once).items():
        pd.testing.assert_frame_equal(_tables(twice)[name], frame, obj=name)
    payers = summarize_payers(twice.claims, twice.provider_adjustments)
    assert payers[["claims", "lines", "paid", "provider_adjustments"]].to_numpy().tolist() == [
        [1, 1, D("60.00"), D("-1.50")]]
    assert twice.files == (str(tmp_path / "summit.835"), str(tmp_path / "summit_copy.835"))
    [said] = twice.problems
    assert said.severity == "warning"
    assert said.location.file == str(tmp_path / "summit_copy.835")
    assert said.location.segment == 4  # the copy's BPR: ISA, GS, ST, BPR
    assert said.rule == (
        f"payment 'EFT000001' of $61.50 on 2026-12-01 from SUMMIT BLUECARE was read already "
        f"from '{tmp_path / 'summit.835'}' (segment 4): the same payment (payer, trace number, "
        f"amount and date), counted once; this copy's claims are left out")
    assert "DOE" not in said.message and "MEMBER0042" not in said.message
    assert twice.succeeded


def test_a_payment_repeated_inside_one_file_counts_once() -> None:
    once = read_remittance(write_835([_payment()]))
    result = read_remittance(write_835([_payment(), _payment(), _payment("EFT000002")]))
    assert len(result.transactions) == 2 and len(result.claims) == 2
    # claim C1 in EFT000001 and again in EFT000002 is told too (test_import_warnings.py)
    [said, twice] = result.problems
    assert "was read already from segment 4 of the same file" in said.rule
    assert "is paid in payment 'EFT000002' and was paid already in payment 'EFT000001'" in (
        twice.rule)
    pd.testing.assert_frame_equal(_tables(result)["claims"].iloc[:1], _tables(once)["claims"])


@pytest.mark.parametrize("other", [
    _payment("EFT000002"),  # another trace number: another payment
    _payment(paid="55.00"),  # the same trace number for another amount: not the same payment
    PaymentSpec("SUMMIT BLUECARE", "SBC01", date(2026, 12, 8), _payment().claims,
                _payment().provider_adjustments),  # another day
    PaymentSpec("OTHER PLAN", "OTH01", date(2026, 12, 1), _payment().claims,
                _payment().provider_adjustments),  # another payer
], ids=["trace", "amount", "date", "payer"])
def test_payments_that_differ_in_payer_trace_amount_or_date_are_both_counted(
        other: PaymentSpec) -> None:
    result = read_remittance(write_835([_payment(), other]))
    # the same claim (id, service date, charge) in another trace number's payment is told of
    # as paid twice (test_import_warnings.py), and still counted
    assert [p.rule.split(" is paid in payment")[1].split(":")[0] for p in result.problems] == (
        [" 'EFT000002' and was paid already in payment 'EFT000001', at segment 13 of the same "
         "file"] if other.check_number == "EFT000002" else [])
    assert len(result.transactions) == 2 and len(result.claims) == 2


def test_without_a_trace_number_the_same_transaction_counts_once() -> None:
    body = ("CLP*A1*1*100*60**12*PA1", "SVC*HC:97110:GP*100*60**1", "DTM*472*20250106",
            "CAS*CO*45*40")
    bare = [s for s in header("60") if not s.startswith("TRN")]
    same = interchange(transaction("0001", *bare, *body), transaction("0001", *bare, *body))
    result = read_remittance(same)
    assert len(result.claims) == 1
    assert [p.rule.split(" was read")[0] for p in result.problems
            if p.severity == "warning" and "read already" in p.rule] == [
        "payment (transaction '0001', no trace number) of $60.00 on 2025-01-20 from ACME HEALTH"]
    # another transaction number in the same interchange: another payment
    other = interchange(transaction("0001", *bare, *body), transaction("0002", *bare, *body))
    assert len(read_remittance(other).claims) == 2


def test_a_copy_with_errors_of_its_own_is_still_no_file_refused(tmp_path: Path) -> None:
    text = write_835([_payment()])
    (tmp_path / "a.835").write_text(text)
    # the copy with its PLB and SE lost (its interchange ends inside the transaction): errors,
    # its payment read. (It was the copy cut short after its last claim, no SE, GE nor IEA,
    # which is now refused whole: test_envelope_trailers)
    lost = text[text.index("PLB"):text.index("GE*")]
    (tmp_path / "b.835").write_text(text.replace(lost, ""))
    result = import_remittances([tmp_path / "a.835", tmp_path / "b.835"])
    assert result.not_imported == () and result.succeeded
    assert len(result.claims) == 1


def test_the_command_counts_the_copy_once(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    text = write_835([_payment(), _payment("EFT000002", claim="C2")])
    first, copy = tmp_path / "summit.835", tmp_path / "summit_copy.835"
    first.write_text(text)
    copy.write_text(text)
    assert main(["import", "remittances", str(first), str(copy)]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "2 file(s), 2 claims, 2 service lines"
    warnings = [li for li in err.splitlines() if "read already" in li]
    bprs = [at for at, s in enumerate(text.split("~"), start=1) if s.strip().startswith("BPR")]
    assert [w.split(" of $")[0] for w in warnings] == [
        f"warning: Remittance '{copy}', segment {bprs[0]}: payment 'EFT000001'",
        f"warning: Remittance '{copy}', segment {bprs[1]}: payment 'EFT000002'"]
    assert all(f"from '{first}'" in w for w in warnings)
    # the Fee Schedules rows a workbook would get, and the metrics' claim count, once
    result = import_remittances([first, copy])
    assert len(fee_schedules(result)) == 1
    assert set(metrics(result)["source"]) == {
        "our remittance records (835), 2 claims from 1 payer",
        "our remittance records (835), 2 claims from 1 payer, days to payment over 2 paid "
        "claims"}


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 60), st.integers(0, 10_000), st.integers(2, 3))
def test_any_remittance_read_again_and_again_is_read_once(claims: int, seed: int,
                                                          times: int) -> None:
    text = write_835(random_payments(claims, seed=seed, claims_per_payment=7))
    once = read_remittance(text)
    again = read_remittance(text * times)
    for name, frame in _tables(once).items():
        pd.testing.assert_frame_equal(_tables(again)[name], frame, obj=name)
    assert len([p for p in again.problems if "read already" in p.rule]) == (
        (times - 1) * len(once.transactions))


@pytest.mark.parametrize("claims", [20, 200])
def test_leaving_out_a_copy_reads_each_table_of_the_file_once(
        claims: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found benchmarking: a 200,000-segment 835 and its copy took minutes, not a second. The
    column reader's records make their whole row list on each read of ``values``, and leaving
    out the copy's claims read it once per row: claims x rows. An operation count, not a time:
    the copy's three tables (claims, lines, adjustments) are read once each, at any size."""
    text = write_835(random_payments(claims, seed=7, claims_per_payment=7))
    first, copy = parse_text(text, "a.835"), parse_text(text, "b.835")
    assert isinstance(copy.lines, ColumnRecords)  # the column reader's, whose values are made
    reads: list[int] = []
    made = ColumnRecords.values.fget
    assert made is not None

    def counted(records: ColumnRecords) -> list[object]:
        reads.append(len(records))
        return made(records)

    monkeypatch.setattr(ColumnRecords, "values", property(counted))
    kept, warnings = without_repeated_payments([first, copy])
    assert len(warnings) == len(first.transactions) > 1
    assert kept[1].transactions == () and len(kept[1].lines) == 0
    assert len(reads) == 3
    assert sorted(reads) == sorted([len(copy.claims), len(copy.lines), len(copy.adjustments)])


def test_one_file_given_twice_counts_once(tmp_path: Path) -> None:
    """Found with the benchmark's duplicates: a file named twice, or named and in a folder given
    too, counted its claims twice without a word (a payment was the same one when it was at
    the same segment of a file of the same name)."""
    text = write_835([_payment(), _payment("EFT000002", claim="C2")])
    (tmp_path / "summit.835").write_text(text)
    once = import_remittances([tmp_path / "summit.835"])
    for paths in ([tmp_path / "summit.835"] * 2, [tmp_path, tmp_path / "summit.835"]):
        twice = import_remittances(paths)
        for name, frame in _tables(once).items():
            pd.testing.assert_frame_equal(_tables(twice)[name], frame, obj=name)
        # said once, as the file given again, not as each payment sent again by the payer
        assert [p.rule for p in twice.problems] == [
            f"the same file as '{paths[0] if paths[0] != tmp_path else paths[1]}', given "
            "again; skipped"]
        assert all(p.severity == "warning" for p in twice.problems) and twice.succeeded


def _without_payer_id(text: str, name: str) -> str:
    """``text`` with its payer named ``name`` and given no id (no N104, REF*2U or TRN03)."""
    return text.replace("*1SBC01~", "~").replace("N1*PR*SUMMIT BLUECARE*XV*SBC01~",
                                                 f"N1*PR*{name}~")


@pytest.mark.parametrize("again", [
    "Summit  BlueCare",  # other capitals, two spaces
    "SUMMIT\u200b BLUECARE",  # a zero-width space
    "SUMMIT\u00a0BLUECARE ",  # a no-break space, a space after
])
def test_a_copy_naming_its_payer_by_a_lookalike_name_counts_once(tmp_path: Path,
                                                                 again: str) -> None:
    """Found by a review: a payer without an id was compared by its name stripped and
    casefolded, a weaker rule than the look-alike rule that makes its names one spelling after
    (payer_spellings): the same payment delivered again with another space or a zero-width
    space in the name counted its claim twice, unwarned (the same trace number: no claim paid
    twice either)."""
    text = write_835([_payment()])
    first, copy = tmp_path / "summit.835", tmp_path / "summit_copy.835"
    first.write_text(_without_payer_id(text, "SUMMIT BLUECARE"))
    copy.write_text(_without_payer_id(text, again))
    once = import_remittances([first])
    twice = import_remittances([first, copy])
    assert set(twice.claims["payer_id"]) == {""}
    for name, frame in _tables(once).items():
        pd.testing.assert_frame_equal(_tables(twice)[name], frame, obj=name)
    assert [(p.severity, p.location.file, p.rule.split(" from ")[0]) for p in twice.problems] == [
        ("warning", str(copy), "payment 'EFT000001' of $61.50 on 2026-12-01")]
    assert f"was read already from '{first}' (segment 4)" in twice.problems[0].rule


def test_a_name_is_never_the_same_payer_as_an_id(tmp_path: Path) -> None:
    """A payer without an id whose name is another payer's id (or that id in other capitals)
    is another payer: the same trace number, amount and date from each are two payments."""
    text = write_835([_payment()])
    for name in ("SBC01", "sbc01"):
        (tmp_path / "id.835").write_text(text.replace("SBC01", name))
        (tmp_path / "name.835").write_text(_without_payer_id(text, "SBC01"))
        result = import_remittances([tmp_path / "id.835", tmp_path / "name.835"])
        assert sorted(result.claims["payer_id"]) == ["", name]
        assert not [p for p in result.problems if "read already" in p.rule]
