"""A Negotiation Log renamed or deleted is said, not read as "no proposal sent".

Every output reads the log on the sheet named Negotiation Log alone: renamed "Log" with the
proposal sent to a payer on it, or deleted, the workbook read as one that knows nothing of the
proposals sent, with nothing said (the Deadlines lost their "no proposal sent" lines and the
termination letter its "the rates in our proposal of"). A renamed log holding rows is an error
naming it, as a renamed input sheet is; a log deleted is a warning.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook

from .conftest import open_book

LOG = layout.NEGOTIATION_LOG_TABLE.sheet


def _log_with_a_proposal_sent(path: Path, rename: str | None) -> Path:
    wb = open_book(path)
    ws = wb[LOG]
    row = layout.NEGOTIATION_LOG_TABLE.header_row + 1
    ws.cell(row=row, column=1, value=datetime(2026, 11, 20))
    ws.cell(row=row, column=2, value="Summit BlueCare PPO")
    ws.cell(row=row, column=4, value="sent")
    if rename is not None:
        ws.title = rename
    wb.save(path)
    return path


def test_a_renamed_log_holding_rows_is_an_error_naming_it(demo_copy: Path) -> None:
    data, problems = read_workbook(_log_with_a_proposal_sent(demo_copy, "Log"))
    assert data is None
    (error,) = [p for p in problems if p.severity == "error"]
    assert (error.location.file, error.location.sheet) == (demo_copy.name, "Log")
    assert error.rule.startswith(
        f"no sheet named '{LOG}' (sheets not RateCalc's: 'Log' (renamed from '{LOG}')); "
        f"expected the Negotiation log table on a sheet named '{LOG}': rename the sheet back, "
        "so that RateCalc reads its 1 row(s)"), error.rule


def test_a_deleted_log_is_a_warning_saying_what_is_not_known(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    del wb[LOG]
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None and data.proposals_sent is None
    (warning,) = [p for p in problems if p.location.sheet == LOG]
    assert warning.severity == "warning"
    assert warning.rule.startswith(f"no sheet named '{LOG}' (no other sheet but RateCalc's)")
    assert "no output knows which proposals were sent and which offers received" in warning.rule


def test_the_letter_and_analyze_say_it(demo_copy: Path, tmp_path: Path, capsys) -> None:
    book = _log_with_a_proposal_sent(demo_copy, "Log")
    assert main(["analyze", str(book), "--out", str(tmp_path / "out")]) == ExitCode.FAILED
    assert "rename the sheet back, so that RateCalc reads its 1 row(s)" in capsys.readouterr().err
    assert main(["letter", str(book), "--payer", "Summit BlueCare PPO", "--kind", "termination",
                 "--out", str(tmp_path / "t.docx")]) == ExitCode.FAILED
    assert "renamed from 'Negotiation Log'" in capsys.readouterr().err
    assert not (tmp_path / "t.docx").exists()


def test_an_empty_log_renamed_is_a_copy_of_the_user_s_and_a_warning(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    wb[LOG].title = "Old log"
    wb.save(demo_copy)
    data, problems = read_workbook(demo_copy)
    assert data is not None
    (warning,) = [p for p in problems if p.location.sheet == "Old log"]
    assert warning.severity == "warning"
    assert "'Old log' (renamed from 'Negotiation Log')" in warning.rule
