"""Findings of the speech + OT practice walk (walk-7, Poughkeepsie NY) fixed after it: each
test failed before its fix."""

from __future__ import annotations

from pathlib import Path

from tests.ratecalc.test_walk7_practice import KEYSTONE, _analysis, _demo_folder


def _doubtful_keystone_97110(tmp_path: Path, analysis_date: str) -> list:  # type: ignore[type-arg]
    folder = _demo_folder(tmp_path, analysis_date=analysis_date)
    fees = (folder / "fee_schedules.csv").read_text(encoding="utf-8")
    (folder / "fee_schedules.csv").write_text(
        fees.replace(f"{KEYSTONE},97110,,28.98,", f"{KEYSTONE},97110,,150.00,"),
        encoding="utf-8")
    return [p for p in _analysis(folder).warnings
            if "looks wrong" in p.message and f"{KEYSTONE}, 97110" in p.message]


def test_a_raised_doubtful_rate_shows_the_rate_typed_as_its_value(tmp_path: Path) -> None:
    """The Problems sheet's Value of a doubtful rate the escalator raised was the raised
    $153.00 (and $156.06 at the new term), a figure no Fee Schedules row shows, beside a
    warning that names the row's $150.00: it is the $150.00 typed, as the message's 'got'."""
    today, new_term = _doubtful_keystone_97110(tmp_path, "2026-03-01")
    assert "rate $153.00 looks wrong" in today.message
    assert "rate $156.06, agreed from 2027-01-01, looks wrong" in new_term.message
    for problem in (today, new_term):
        assert problem.value == 150.00
        assert problem.as_dict()["value"] == "150"
        assert problem.message.endswith("got 150")


def test_a_doubtful_rate_on_its_row_shows_that_rate(tmp_path: Path) -> None:
    """Control: a rate no escalator raised today is its row's, as before; raised twice by the
    new term (it showed $156.06), the rate typed."""
    today, new_term = _doubtful_keystone_97110(tmp_path, "2025-12-01")
    assert "rate $150.00 looks wrong" in today.message
    assert today.value == 150.00
    assert "rate $156.06, agreed from 2027-01-01, looks wrong" in new_term.message
    assert new_term.value == 150.00

