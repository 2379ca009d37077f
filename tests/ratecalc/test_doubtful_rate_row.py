"""A rate that looks wrong is named at its Fee Schedules row: file or sheet, row and column.

The brief: a message names file, sheet, row and column. The warnings about a doubtful rate
(outside the plausible band of Medicare: the letter refuses to cite it until it is confirmed)
named payer, code and rate only, so the user hunted for the row among hundreds. Each output
that lists one names where it is: the warning (the Problems sheet links to its cell),
``analyze``'s "Rates to check" lines and its summary's ``doubtful_rates``, the proposal
letter's refusal and the notice's warning.

The demo's fee_schedules.csv lists Keystone's 97110 ($28.98 from 2025-01-01) on its line 17,
header on line 1: row 17, the rate in column D, 'allowed_amount'. Typed $150.00 it is over
the 400% of Medicare the band allows, so it looks wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.errors import InputError
from ratecalc.loaders import load_folder
from ratecalc_cli.main import main
from ratecalc_letter.content import build_letter
from tests.ratecalc.test_walk7_practice import KEYSTONE, _demo_folder

#: Keystone's 97110 row in the demo's fee_schedules.csv, and its rate's column, by hand
ROW, COLUMN = 17, "column D 'allowed_amount'"
PLACE = f"'fee_schedules.csv', row {ROW}, {COLUMN}"


def _doubtful_folder(tmp_path: Path, analysis_date: str = "2025-12-01") -> Path:
    folder = _demo_folder(tmp_path, analysis_date=analysis_date)
    fees = folder / "fee_schedules.csv"
    lines = fees.read_text(encoding="utf-8").splitlines()
    assert lines[ROW - 1] == f"{KEYSTONE},97110,,28.98,2025-01-01"
    lines[ROW - 1] = f"{KEYSTONE},97110,,150.00,2025-01-01"
    fees.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _analysis(folder: Path):  # type: ignore[no-untyped-def]
    data, problems = load_folder(folder)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    return analyze(data)


@pytest.mark.parametrize("analysis_date", ["2025-12-01", "2026-03-01"])
def test_every_doubtful_rate_warning_names_its_fee_schedule_row(
        tmp_path: Path, analysis_date: str) -> None:
    """Today's rate and the new term's (raised by the 2% escalator: $156.06 on the row's
    $150.00), on 2026-03-01 today's raised too ($153.00): each warning is at the row typed."""
    a = _analysis(_doubtful_folder(tmp_path, analysis_date))
    doubts = [p for p in a.warnings if "looks wrong" in p.message]
    assert len(doubts) == 2, [p.message for p in doubts]
    for p in doubts:
        assert p.location.file == "fee_schedules.csv"
        assert p.location.row == ROW
        assert p.location.column == "allowed_amount"
        assert p.message.startswith(f"Fee Schedules {PLACE}: {KEYSTONE}, 97110: rate $")
        assert p.as_dict()["row"] == ROW


def test_analyze_names_the_row_of_each_rate_to_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _doubtful_folder(tmp_path)
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    listed = printed.split("Rates to check before citing them:\n")[1].split("\n\n")[0]
    lines = [ln for ln in listed.splitlines() if ln.startswith(f"  {KEYSTONE} 97110: ")]
    assert len(lines) == 2 and all(ln.endswith(f" ({PLACE})") for ln in lines), lines
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    rows = [d for d in summary["doubtful_rates"] if d["payer"] == KEYSTONE]
    assert len(rows) == 2
    for d in rows:
        assert (d["file"], d["sheet"], d["row"], d["column"]) == (
            "fee_schedules.csv", None, ROW, "allowed_amount")


def test_the_letters_name_the_row_of_a_rate_they_will_not_cite(tmp_path: Path) -> None:
    a = _analysis(_doubtful_folder(tmp_path, "2026-03-02"))
    with pytest.raises(InputError) as refused:
        build_letter(a, KEYSTONE, "proposal")
    listed = [ln for ln in str(refused.value).splitlines() if ln.startswith("  - 97110: ")]
    assert len(listed) == 2 and all(ln.endswith(f" in {PLACE}") for ln in listed), listed
    notice = build_letter(a, KEYSTONE, "termination")
    [warning] = [w for w in notice.warnings if "what rates it would take to continue" in w]
    assert warning.count(f" in {PLACE}") == 2, warning


def test_in_a_workbook_the_warning_names_the_fee_schedules_sheet_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The master workbook made from the folder lists the rows in the same order under its
    header; the warning names the sheet and the row there, where the Problems sheet links."""
    folder = _doubtful_folder(tmp_path)
    book = tmp_path / "book.xlsx"
    assert main(["workbook", "new", str(book), "--from", str(folder)]) in (0, 1)
    capsys.readouterr()
    assert main(["analyze", str(book), "--out", str(tmp_path / "out"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    rows = [d for d in summary["doubtful_rates"] if d["payer"] == KEYSTONE]
    assert rows and {d["sheet"] for d in rows} == {"Fee Schedules"}
    from openpyxl import load_workbook
    ws = load_workbook(book)["Fee Schedules"]
    # the row that holds Keystone's 97110 at the $150.00 typed, found on the sheet
    found = [row[0].row for row in ws.iter_rows()
             if [c.value for c in row[:2]] == [KEYSTONE, "97110"] and 150 in
             [c.value for c in row]]
    assert len(found) == 1
    assert {(d["row"], d["column"]) for d in rows} == {(found[0], "allowed_amount")}
    warnings = [w for w in summary["warnings"] if "looks wrong" in w]
    assert len(warnings) == 2
    assert all(f"sheet 'Fee Schedules', row {found[0]}, column " in w for w in warnings)
