"""Every command priced on Medicare amounts of an earlier year than its analysis date says so, in
one sentence, the same everywhere (:func:`ratecalc.analysis.medicare_year_warning`). Before, only
``demo``, ``analyze`` and ``refresh`` said it: ``scenario``, ``exit-impact`` and ``timeline`` of
the demo told past the bundled data only that it prices on the newest release's last day (or
nothing of the year at all), the letter and ``workbook new`` nothing.

The date is the bundled data's: a day in the year after the last day the newest release covers,
when the demo prices Medicare on that last day."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from ratecalc.medicare.store import newest_release
from ratecalc_cli.main import ExitCode, main

PAYER = "Summit BlueCare PPO"


@pytest.fixture(scope="module")
def dates() -> tuple[str, str, str, int]:
    """(today, the last day priced, its release, its year): today 74 days after that last day,
    in the next fee-schedule year (March 15 after a December 31)."""
    newest = newest_release()
    last = newest.effective_to
    return (last + timedelta(days=74)).isoformat(), last.isoformat(), newest.release, last.year


@pytest.fixture(scope="module")
def said(dates: tuple[str, str, str, int]) -> str:
    """The warning, written out here: what it must say, word for word."""
    today, last, release, year = dates
    return (f"Settings: Medicare amounts are {year}'s (medicare_date {last}), the analysis is as "
            f"of {today}: CMS sets new amounts each January, so the proposals compare with "
            f"Medicare of {year} (release {release.upper()}), a year before {year + 1}; add the "
            f"{year + 1} release (ratecalc medicare import URL-OR-ZIP (CMS's RVU zip)), then set "
            f"medicare_date to a date in {year + 1}")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory, dates: tuple[str, str, str, int]) -> Path:
    path = tmp_path_factory.mktemp("year") / "demo.xlsx"
    assert main(["workbook", "new", str(path), "--demo", "--today", dates[0]]) == ExitCode.OK
    return path


@pytest.fixture(scope="module")
def refreshed_copy(workbook: Path, tmp_path_factory: pytest.TempPathFactory
                   ) -> tuple[Path, int, list[str]]:
    """``ratecalc refresh`` of a copy of ``workbook`` named ``copy.xlsx``, run once for the
    module (the refresh case of every command's warning and the test of the cell it names ran
    the same refresh of the same bytes, half a second each): the copy refreshed, the exit code
    and the lines of its standard error."""
    book = tmp_path_factory.mktemp("refreshed") / "copy.xlsx"
    book.write_bytes(workbook.read_bytes())
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["refresh", str(book)])
    return book, code, err.getvalue().splitlines()


def _commands(today: str, book: Path, out: Path) -> dict[str, list[str]]:
    return {
        "demo": ["demo", "--out", str(out / "demo"), "--today", today],
        "analyze": ["analyze", str(book), "--out", str(out / "analyze")],
        "scenario --demo": ["scenario", "--demo", "--today", today, "--payer", PAYER],
        "scenario --data": ["scenario", "--data", str(book), "--payer", PAYER],
        "exit-impact --demo": ["exit-impact", "--demo", "--today", today, "--payer", PAYER],
        "exit-impact --data": ["exit-impact", "--data", str(book), "--payer", PAYER],
        "timeline --demo": ["timeline", "--demo", "--today", today],
        "timeline --data": ["timeline", "--data", str(book)],
        "letter": ["letter", str(book), "--payer", PAYER, "--out", str(out / "letter.docx")],
        "workbook new": ["workbook", "new", str(out / "new.xlsx"), "--demo", "--today", today],
        "refresh": ["refresh", str(out / "copy.xlsx")],
    }


#: The workbook each command reads its Settings from; the others read the demo's, no file.
READ_FROM = {"analyze": "demo.xlsx", "scenario --data": "demo.xlsx",
             "exit-impact --data": "demo.xlsx", "timeline --data": "demo.xlsx",
             "letter": "demo.xlsx", "workbook new": "new.xlsx", "refresh": "copy.xlsx"}


@pytest.fixture(scope="module")
def medicare_date_row(workbook: Path) -> int:
    """The Settings row of ``workbook``'s Medicare date, read once for the module: each test
    loaded the whole refreshed workbook again for it (0.15 s a load, eight a run)."""
    import openpyxl

    return next(r for r in openpyxl.load_workbook(workbook)["Settings"].iter_rows()
                if r[0].value == "Medicare date")[0].row


def _said_by(command: str, said: str, row: int) -> str:
    """The warning as ``command`` says it: from a workbook it names the Medicare date's cell
    (``row`` of its Settings sheet), as the refusal of a date no release covers names it; from
    the demo, no cell."""
    if command not in READ_FROM:
        return said
    where = f"'{READ_FROM[command]}', sheet 'Settings', row {row}, column B 'Value'"
    return said.replace("Settings: ", f"Settings {where}: Medicare date: ", 1)


@pytest.mark.parametrize("command", list(_commands("", Path(), Path())))
def test_every_command_says_the_amounts_are_an_earlier_years(
        command: str, dates: tuple[str, str, str, int], said: str, workbook: Path,
        medicare_date_row: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        request: pytest.FixtureRequest) -> None:
    if command == "refresh":  # the module's one refresh of the copy
        _, code, lines = request.getfixturevalue("refreshed_copy")
    else:
        capsys.readouterr()
        code = main(_commands(dates[0], workbook, tmp_path)[command])
        lines = capsys.readouterr().err.splitlines()
    assert code == ExitCode.OK
    assert lines.count(f"warning: {_said_by(command, said, medicare_date_row)}") == 1, lines


@pytest.mark.parametrize("command", ["scenario --demo", "exit-impact --demo", "timeline --demo",
                                     "letter"])
def test_every_json_lists_it_among_its_warnings(
        command: str, dates: tuple[str, str, str, int], said: str, workbook: Path,
        medicare_date_row: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main([*_commands(dates[0], workbook, tmp_path)[command], "--json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["warnings"].count(
        _said_by(command, said, medicare_date_row)) == 1


def test_from_a_workbook_it_names_the_medicare_date_cell(
        said: str, workbook: Path, refreshed_copy: tuple[Path, int, list[str]]) -> None:
    """From a workbook the warning names the Settings cell it is about, as the refusal of a
    Medicare date no release covers does (file, sheet, row, column and the field's label);
    it named none, so its row on the Problems sheet had no Sheet, Row, Column or Cell to click,
    under the sheet's "Click a cell address to go there" (found on the newcomer walk)."""
    import openpyxl

    book, code, lines = refreshed_copy  # a copy of workbook as copy.xlsx, refreshed
    row = next(r for r in openpyxl.load_workbook(workbook)["Settings"].iter_rows()
               if r[0].value == "Medicare date")[0].row
    where = f"'copy.xlsx', sheet 'Settings', row {row}, column B 'Value': Medicare date: "
    assert code == ExitCode.OK
    assert lines.count("warning: " + said.replace("Settings: ", f"Settings {where}", 1)) == 1
    problems = openpyxl.load_workbook(book)["Problems"]
    # by its words: a long Problem text is broken into lines at spaces to print
    [shown] = [r for r in problems.iter_rows(values_only=True)
               if any(isinstance(v, str) and "Medicare amounts are" in " ".join(v.split())
                      for v in r)]
    assert ("Settings", row, f"B{row}") == (shown[2], shown[3], shown[5])
