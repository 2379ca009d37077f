"""What a speech + OT practice in Poughkeepsie, NY (ZIP 12601, Medicare locality 13202-03) met
typing its own workbook and importing MVP Health Care's fee schedule (walk-7): a metric typed
"Days in A/R", as billing staff and RateCalc's letter write it, stopped the refresh; a
doubtful rate its contract's escalator had raised was named only at the raised figure, which
no row of the Fee Schedules sheet shows; a code Medicare does not pay (S9152, on the payer's
file, never billed) was warned of at no sheet and with nothing of what follows for it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.loaders import load_folder
from ratecalc.schema import METRICS
from ratecalc.validation import parse_cell
from ratecalc_letter.parts import refuse_doubtful_rates

DEMO = Path(__file__).resolve().parents[2] / "ratecalc" / "data" / "demo"
KEYSTONE = "Keystone Health Plan"  # fixed dollars, 2% escalator on each January 1


@pytest.mark.parametrize("typed", ["Days in A/R", "days in a/r", "DAYS IN A/R", "Days in AR"])
def test_days_in_a_r_is_the_metric_days_in_ar(typed: str) -> None:
    """'Days in A/R' was refused: 'expected one of ..., Days in AR, ...'."""
    metric = next(c for c in METRICS.columns if c.name == "metric")
    assert parse_cell(metric, typed) == "days_in_ar"


def _demo_folder(tmp_path: Path, fees: str = "", volumes: str = "",
                 analysis_date: str = "2026-03-01") -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(DEMO, folder)
    for name, rows in (("fee_schedules.csv", fees), ("volumes.csv", volumes)):
        with (folder / name).open("a", encoding="utf-8") as f:
            f.write(rows)
    settings = (folder / "settings.csv").read_text(encoding="utf-8")
    (folder / "settings.csv").write_text(
        settings.replace("analysis_date,2025-12-01", f"analysis_date,{analysis_date}"),
        encoding="utf-8")
    return folder


def _analysis(folder: Path):  # type: ignore[no-untyped-def]
    data, problems = load_folder(folder)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    return analyze(data)


def test_a_doubtful_rate_the_escalator_raised_names_its_rows_own_rate(tmp_path: Path) -> None:
    """Keystone's 97110 row of 2025-01-01 typed as $150.00 is $153.00 after the 2026-01-01
    anniversary: the warning, the analyze line and the letter's refusal named $153.00 only,
    a figure the user finds on no row."""
    folder = _demo_folder(tmp_path)
    fees = (folder / "fee_schedules.csv").read_text(encoding="utf-8")
    assert f"{KEYSTONE},97110,,28.98,2025-01-01" in fees
    (folder / "fee_schedules.csv").write_text(
        fees.replace(f"{KEYSTONE},97110,,28.98,", f"{KEYSTONE},97110,,150.00,"),
        encoding="utf-8")
    a = _analysis(folder)
    today, new_term = [p.message for p in a.warnings
                       if "looks wrong" in p.message and f"{KEYSTONE}, 97110" in p.message]
    assert "rate $153.00 looks wrong" in today
    assert "fee schedule $150.00, raised by its contract's 2% escalator" in today
    # the rate the proposal builds on, from the new term's first day, raised once more
    assert "rate $156.06, agreed from 2027-01-01, looks wrong" in new_term
    assert "fee schedule $150.00, raised twice by its contract's 2% escalator" in new_term
    with pytest.raises(ValueError, match=r"97110: \$153\.00 \(.*; fee schedule \$150\.00, "
                                         r"raised by its contract's 2% escalator\)"):
        refuse_doubtful_rates(a, KEYSTONE)


def test_a_doubtful_rate_on_its_row_says_no_escalator(tmp_path: Path) -> None:
    """A rate no escalator raised is named as before: its row shows it."""
    folder = _demo_folder(tmp_path, analysis_date="2025-12-01")
    fees = (folder / "fee_schedules.csv").read_text(encoding="utf-8")
    (folder / "fee_schedules.csv").write_text(
        fees.replace(f"{KEYSTONE},97110,,28.98,", f"{KEYSTONE},97110,,150.00,"),
        encoding="utf-8")
    today, new_term = [p.message for p in _analysis(folder).warnings
                       if "looks wrong" in p.message and f"{KEYSTONE}, 97110" in p.message]
    assert "rate $150.00 looks wrong" in today
    assert "escalator" not in today
    assert "rate $156.06, agreed from 2027-01-01, looks wrong" in new_term
    assert "fee schedule $150.00, raised twice by its contract's 2% escalator" in new_term


def test_a_code_medicare_does_not_pay_is_named_where_it_was_read(tmp_path: Path) -> None:
    """S9152 on a payer's fee schedule, billed nowhere, and 97014 (status I) billed on
    Volumes: each warning names where the code is and that it has no Medicare figure."""
    folder = _demo_folder(tmp_path, fees=f"{KEYSTONE},S9152,,75.00,2025-01-01\n",
                          volumes=f"{KEYSTONE},97014,12,12\n")
    volume_row = len((folder / "volumes.csv").read_text(encoding="utf-8").splitlines())
    problems = {p.value: p for p in _analysis(folder).warnings
                if p.value in ("S9152", "97014") and "Medicare fee schedule" in p.message}
    unbilled, billed = problems["S9152"], problems["97014"]
    assert unbilled.table == billed.table == "Medicare"
    # at its Fee Schedules row, the file's last (errors-9: was `unbilled.location.row is None`,
    # no place, when RateCalc kept no fee-schedule row positions; it keeps them now)
    fee_row = len((folder / "fee_schedules.csv").read_text(encoding="utf-8").splitlines())
    assert (unbilled.location.file, unbilled.location.row,
            unbilled.location.column) == ("fee_schedules.csv", fee_row, "code")
    assert (f"S9152, on the fee schedule of {KEYSTONE}, not billed on Volumes, is shown with "
            f"no Medicare amount and no percent of Medicare") in unbilled.message
    assert (billed.location.file, billed.location.row) == ("volumes.csv", volume_row)
    assert f"97014, billed to {KEYSTONE}, is shown with no Medicare amount" in billed.message


def test_the_demo_without_such_codes_has_no_such_warning() -> None:
    from ratecalc.demo import demo_data
    data = demo_data()
    a = analyze(replace(data, settings=replace(data.settings, analysis_date=date(2025, 12, 1))))
    assert not [p for p in a.warnings if "no Medicare amount and no percent" in p.message]

