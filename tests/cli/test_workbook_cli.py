"""``ratecalc workbook new``, ``ratecalc refresh``, ``ratecalc import fee-schedule`` and the
demo workbook, through the real entry point."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from dataclasses import replace
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from ratecalc.errors import Location, Problem, column_letter
from ratecalc.kept_copies import RECORD_FILE
from ratecalc_cli.import_fee_schedule import nothing_imported_words
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.safety import BACKUP_FOLDER
from tests.books import load_book
from tests.conftest import DemoRun
from tests.medicare_days import past_the_data
from tests.workbook.proposal_rows import proposal_row

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fee_schedules"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.fixture(scope="session")
def demo_workbook(demo_workbook_2025: Path) -> Path:
    """The demo workbook as of 2025-12-01 (tests/cli/conftest.py); copy it before changing it."""
    return demo_workbook_2025


def test_workbook_new_demo_is_refreshed(demo_workbook: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ws = load_book(demo_workbook)[layout.DASHBOARD]
    # the release and the day it prices: the demo of 2025-12-01 prices its quarter, 2025-10-01
    assert ws.cell(row=layout.DASHBOARD_FACTS_ROW + 2, column=2).value == "RVU25D, 2025-10-01"
    assert len(ws._charts) == 3


def test_a_workbook_that_cannot_be_refreshed_is_not_left_behind(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # a date no bundled release covers: the command used to leave a workbook whose analysis
    # sheets were never written, then refuse the same command because the file existed
    import shutil

    tables, out_dir = tmp_path / "tables", tmp_path / "out"
    shutil.copytree(Path(str(resources.files("ratecalc"))) / "data" / "demo", tables)
    settings = tables / "settings.csv"
    far = past_the_data()  # 2031-03-01 with RVU26C the newest release
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "medicare_date,2025-10-01", f"medicare_date,{far}"), encoding="utf-8")
    book = out_dir / "book.xlsx"
    code, _, err = run(capsys, "workbook", "new", str(book), "--from", str(tables))
    assert code == ExitCode.INPUT_ERROR and f"no Medicare data for {far}" in err
    assert list(out_dir.iterdir()) == []  # no workbook, no draft folder, no lock file
    code, out, _ = run(capsys, "workbook", "new", str(book), "--demo", "--today", "2025-12-01")
    assert code == ExitCode.OK and "refreshed" in out
    assert [p.name for p in out_dir.iterdir()] == ["book.xlsx"]


def test_today_without_the_demo_is_refused_not_ignored(capsys, tmp_path: Path) -> None:
    """`workbook new BOOK --today 2027-01-05` wrote a blank workbook, exit 0, the date unused;
    with --from, the tables' own analysis date was used in silence."""
    tables = tmp_path / "tables"
    shutil.copytree(Path(str(resources.files("ratecalc"))) / "data" / "demo", tables)
    for source in ([], ["--from", str(tables)]):
        book = tmp_path / "out" / "book.xlsx"
        code, _, err = run(capsys, "workbook", "new", str(book), *source, "--today",
                           "2027-01-05")
        assert code == ExitCode.USAGE, err
        assert "--today sets the demo's date and works only with --demo" in err
        assert not book.exists()


def test_a_workbook_that_cannot_be_refreshed_leaves_the_file_it_would_replace(
        tmp_path: Path) -> None:
    from dataclasses import replace

    from ratecalc.demo import demo_data
    from ratecalc.errors import NoMedicareDataError
    from ratecalc_workbook.refresh import new_refreshed_workbook

    book = tmp_path / "negotiation.xlsx"
    book.write_bytes(b"the user's workbook")
    data = demo_data()
    far = past_the_data()  # 2031-03-01 with RVU26C the newest release
    data = replace(data, settings=replace(data.settings, medicare_date=far))
    with pytest.raises(NoMedicareDataError, match=f"no Medicare data for {far}"):
        new_refreshed_workbook(book, data, overwrite=True)
    assert book.read_bytes() == b"the user's workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["negotiation.xlsx"]


def test_a_new_workbook_stopped_by_ctrl_c_names_no_file_as_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the draft was saved inside its own folder, then removed: the interrupted command named
    # it among the files "written in full"
    from ratecalc.atomic import noting_written
    from ratecalc.demo import demo_data
    from ratecalc_workbook import refresh

    def stops(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(refresh, "compute_results", stops)
    with noting_written() as written, pytest.raises(KeyboardInterrupt):
        refresh.new_refreshed_workbook(tmp_path / "book.xlsx", demo_data())
    assert written == [] and list(tmp_path.iterdir()) == []


def _backups(folder: Path) -> list[Path]:
    backups = folder / BACKUP_FOLDER
    return sorted(backups.iterdir()) if backups.exists() else []


@pytest.mark.parametrize("source", ["--demo", "--from"])
def test_workbook_new_keeps_no_backup_of_the_file_it_creates(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: str) -> None:
    """The new workbook is refreshed at once: a copy of it as just built (blank result sheets)
    is nothing the user had."""
    args = ["--demo", "--today", "2025-12-01"] if source == "--demo" else [
        "--from", str(Path(str(resources.files("ratecalc"))) / "data" / "demo")]
    code, out, _ = run(capsys, "workbook", "new", str(tmp_path / "book.xlsx"), *args)
    assert code == ExitCode.OK and "refreshed" in out
    assert _backups(tmp_path) == []
    # refreshing it afterwards keeps the backup of the file the user now has
    before = (tmp_path / "book.xlsx").read_bytes()
    assert run(capsys, "refresh", str(tmp_path / "book.xlsx"))[0] == ExitCode.OK
    [kept] = _backups(tmp_path)
    assert kept.read_bytes() == before


def _first_run(demo: DemoRun, folder: Path) -> tuple[int, str, str]:
    """The demo's first run into the empty ``folder``: the run shared by the session
    (``demo_run``: the same command into an empty folder), its files copied into ``folder``
    for the test's own second run there; its exit and what it printed."""
    assert "Traceback" not in demo.stderr
    shutil.copytree(demo.files, folder, dirs_exist_ok=True)
    return demo.code, demo.stdout, demo.stderr


def test_demo_rerun_keeps_one_backup_the_previous_workbook(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_run: DemoRun) -> None:
    code, out, err = _first_run(demo_run, tmp_path)
    assert code == 0
    # every file written is said once: "Wrote 11 files" then the letter and the workbook read
    # as 11 in all when 13 were there
    said = [line for line in out.splitlines() if line.startswith("Wrote ")]
    counted = re.fullmatch(r"Wrote (\d+) files to .*/: (\d+) CSV tables, (.*)", said[0])
    assert counted, said
    others = counted.group(3).replace(" and ", ", ").split(", ")
    assert int(counted.group(1)) == int(counted.group(2)) + len(others)
    # beside them only RateCalc's record of what it wrote (ratecalc.kept_copies), no output
    files = sorted(p.name for p in tmp_path.iterdir() if p.is_file() and p.name != RECORD_FILE)
    assert (tmp_path / RECORD_FILE).is_file()
    assert len(files) == int(counted.group(1)) + len(said) - 1
    assert sum(f.endswith(".csv") for f in files) == int(counted.group(2))
    assert set(others) <= set(files)
    assert sorted(line.rsplit(" ", 1)[-1].rsplit("/", 1)[-1] for line in said[1:]) == [
        f for f in files if f.endswith((".docx", ".xlsx"))]
    # the letter's own warnings, as `ratecalc letter` prints them (the demo dropped them)
    assert ("warning: Letter: the response date was moved from 2025-12-31 (30 days, sheet "
            "'Settings', field 'response_days') to the decision date 2025-12-16") in err
    assert _backups(tmp_path) == []
    assert "Backup" not in out  # nothing was there to keep
    first = (tmp_path / "negotiation.xlsx").read_bytes()
    code, out, _ = run(capsys, "demo", "--out", str(tmp_path), "--today", "2025-12-01")
    assert code == 0
    [kept] = _backups(tmp_path)  # no "(2)" copy of the new, unrefreshed file
    assert kept.read_bytes() == first
    # the workbook the user had (and may have typed in) was moved aside: said where, as
    # `ratecalc refresh` says its backup (it was replaced without a word)
    assert f"Backup of the previous negotiation.xlsx: {kept}" in out.splitlines()


def test_demo_json_lists_every_file_it_wrote(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, demo_run_json: DemoRun) -> None:
    """``demo --json`` printed its summary before writing the letter and the workbook: its
    "files" left both out, and a script reading it found no workbook. Every file written is
    listed, and a re-run names the backup of the workbook it replaced, as ``refresh --json``."""
    code, out, _ = _first_run(demo_run_json, tmp_path)
    assert code == 0
    info = json.loads(out)
    # beside them only RateCalc's record of what it wrote (ratecalc.kept_copies), no output
    on_disk = sorted(p.name for p in tmp_path.iterdir() if p.is_file() and p.name != RECORD_FILE)
    assert (tmp_path / RECORD_FILE).is_file()
    assert len(on_disk) == 13
    assert sorted(Path(f).name for f in info["files"]) == on_disk
    assert {"negotiation.xlsx", "summit-bluecare-ppo-proposal-2025-12-01.docx"} <= set(on_disk)
    assert info["backup"] is None
    code, out, _ = run(capsys, "demo", "--out", str(tmp_path), "--today", "2025-12-01", "--json")
    [kept] = _backups(tmp_path)
    assert code == 0 and json.loads(out)["backup"] == str(kept)


def test_refresh_help_names_every_sheet_refresh_rewrites(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``refresh --help`` listed the sheets it rewrites without Totals: a user keeping notes
    there was not told. Every visible result sheet (the layout's list) and Problems are named."""
    with pytest.raises(SystemExit):
        main(["refresh", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    sheets = [s for s in (*layout.RESULT_SHEETS, layout.PROBLEMS) if s != layout.LISTS]
    assert [s for s in sheets if s not in said] == []


def test_workbook_new_refuses_to_overwrite(capsys: pytest.CaptureFixture[str],
                                           demo_workbook: Path) -> None:
    code, _, err = run(capsys, "workbook", "new", str(demo_workbook))
    assert code == ExitCode.INPUT_ERROR and "already exists" in err


def test_refresh_json(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                      demo_workbook: Path) -> None:
    path = tmp_path / demo_workbook.name  # a copy: the module's workbook is read by the others
    path.write_bytes(demo_workbook.read_bytes())
    code, out, _ = run(capsys, "refresh", str(path), "--json")
    assert code == ExitCode.OK
    info = json.loads(out)
    assert info["ok"] is True and info["errors"] == 0
    assert info["summary"]["top_payer"] == "Summit BlueCare PPO"
    assert info["summary"]["dollars_below_market"] == 148591.37  # Cardinal at 88% of Medicare
    assert Path(info["backup"]).exists()


def test_refresh_with_input_errors_exits_1(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    assert main(["workbook", "new", str(path)]) == ExitCode.OK
    capsys.readouterr()
    code, _, err = run(capsys, "refresh", str(path))
    assert code == ExitCode.FAILED
    assert "required field 'Name' is blank" in err and "not refreshed" in err


def test_refresh_refuses_an_open_workbook(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, demo_workbook: Path) -> None:
    path = tmp_path / demo_workbook.name
    path.write_bytes(demo_workbook.read_bytes())
    (tmp_path / f"~${path.name}").write_text("x")
    code, _, err = run(capsys, "refresh", str(path))
    assert code == ExitCode.INPUT_ERROR and "open in Excel" in err


def test_import_fee_schedule(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             demo_workbook: Path) -> None:
    path = tmp_path / demo_workbook.name
    path.write_bytes(demo_workbook.read_bytes())
    args = ["import", "fee-schedule", str(FIXTURES / "keystone_export.csv"),
            "--payer", "Keystone Health Plan", "--workbook", str(path), "--json"]
    code, out, _ = run(capsys, *args)
    info = json.loads(out)
    assert code == ExitCode.FAILED and info["appended"] == 0
    assert [p["row"] for p in info["problems"] if p["severity"] == "error"] == [9, 10]
    assert info["unmapped_columns"] == ["Modifier 2", "Facility Fee"]
    code, out, _ = run(capsys, *args, "--skip-bad-rows")
    info = json.loads(out)
    assert info["appended"] == 3 and info["duplicates"] == 0
    assert code == ExitCode.FAILED  # rows were skipped: scripts should notice
    code, out, err = run(capsys, *args[:-1], "--skip-bad-rows")
    assert "Added 0 row(s)" in out and "(3 already there)" in out
    assert "The analysis is unchanged." in out and "ratecalc refresh" not in out
    assert "row 9" in err
    # the file's headers and the Fee Schedules columns they fill, as the sheet heads them
    columns = next(line for line in out.splitlines() if line.startswith("Columns: "))
    assert "_" not in columns and "-> Allowed amount" in columns, columns


def test_skip_bad_rows_says_what_its_exit_status_means(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    """Rows imported and exit 1: README's "1 the input has problems"; the option's help and
    the message's last line say so, so 'Added ... Run refresh' with exit 1 is no puzzle."""
    path = tmp_path / "book.xlsx"
    assert main(["workbook", "new", str(path)]) == ExitCode.OK
    code, out, err = run(capsys, "import", "fee-schedule", str(FIXTURES / "keystone_export.csv"),
                         "--payer", "Keystone Health Plan", "--workbook", str(path),
                         "--new-payer", "--skip-bad-rows")
    assert code == ExitCode.FAILED == 1
    lines = out.strip().splitlines()
    assert lines[-2].startswith("Added 3 row(s) for Keystone Health Plan")
    assert lines[-1] == ("2 bad row(s) skipped, each named in an error line (exit status 1: "
                         "done, but the input had problems).")
    assert "error: Fee schedule 'keystone_export.csv', row 9" in err
    with pytest.raises(SystemExit):
        main(["import", "fee-schedule", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert ("--skip-bad-rows import the good rows even when some rows have errors; the bad rows "
            "are listed and skipped, and the command ends with exit status 1 (done, but the "
            "input had problems)") in shown


def test_skip_bad_rows_skips_both_of_two_amounts_for_one_code(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path) -> None:
    """The reviewer's dup.csv: row 3 alone was named and row 2's $31.50 imported as 97110's
    rate; neither amount is known good."""
    path = tmp_path / demo_workbook.name
    path.write_bytes(demo_workbook.read_bytes())
    source = tmp_path / "dup.csv"
    source.write_text("Code,Fee\n97110,31.50\n97110,33.00\n97140,29.00\n", encoding="utf-8")
    args = ["import", "fee-schedule", str(source), "--payer", "Summit BlueCare PPO",
            "--workbook", str(path), "--effective-date", "2027-01-01"]
    code, _, err = run(capsys, *args)
    assert code == ExitCode.FAILED
    assert "Nothing imported" in err and "2 row(s) with errors" in err
    code, out, err = run(capsys, *args, "--skip-bad-rows")
    assert code == ExitCode.FAILED
    assert "error: Fee schedule 'dup.csv', row 2, column B 'Fee'" in err
    assert "error: Fee schedule 'dup.csv', row 3, column B 'Fee'" in err
    assert "Added 1 row(s)" in out and "2 bad row(s) skipped" in out


def test_a_row_with_two_bad_cells_is_counted_once(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, demo_workbook: Path) -> None:
    """walk-9: a Medicaid fee schedule's row with two bad cells (found on its totals row, now
    skipped as no fee line; here a code missing a digit and a sum never computed) is one row
    with two errors; "2 row(s) with errors" and "2 bad row(s) skipped" counted the errors,
    while the error lines named one row."""
    path = tmp_path / demo_workbook.name
    path.write_bytes(demo_workbook.read_bytes())
    book = openpyxl.Workbook()
    for row in (("Code", "Fee"), ("97110", 31.5), ("97140", 29.0), ("9711", "=SUM(B2:B3)")):
        book.active.append(row)
    source = tmp_path / "medicaid.xlsx"
    book.save(source)
    args = ["import", "fee-schedule", str(source), "--payer", "Summit BlueCare PPO",
            "--workbook", str(path), "--effective-date", "2027-01-01"]
    code, _, err = run(capsys, *args)
    assert code == ExitCode.FAILED
    assert err.count("error: Fee schedule 'medicaid.xlsx', sheet 'Sheet', row 4, column") == 2, err
    assert "Nothing imported" in err and "1 row(s) with errors" in err, err
    code, out, err = run(capsys, *args, "--skip-bad-rows")
    assert code == ExitCode.FAILED
    assert err.count("error: Fee schedule 'medicaid.xlsx', sheet 'Sheet', row 4, column") == 2, err
    assert "Added 2 row(s)" in out and "1 bad row(s) skipped" in out, out



def test_nothing_imported_counts_no_error_of_the_whole_file_for_a_row_with_two() -> None:
    """Two bad cells of one row are one row with errors and no error of the whole file: the
    remedy offered is still --skip-bad-rows (the count of whole-file errors was the errors
    less the rows, 2 - 1, which said '1 error(s) of the whole file' and withdrew it)."""
    at = Location("medicaid.xlsx", "Sheet", 4, None)
    errors = [Problem("Fee schedule", replace(at, column=column), "expected a number")
              for column in ("code", "allowed_amount")]
    assert nothing_imported_words(errors, skipped=False) == (
        "1 row(s) with errors (fix them, or use --skip-bad-rows)")

def test_a_row_the_workbook_has_at_another_amount_is_a_bad_row_of_the_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path) -> None:
    """The reviewer's c.csv: "Added 0 row(s) ... already there" and exit 0, and only a later
    refresh warned, naming the workbook's row. The file's row is the bad one (exit 1, nothing
    written); an identical row is still "already there" (exit 0)."""
    path = tmp_path / demo_workbook.name
    path.write_bytes(demo_workbook.read_bytes())
    spec = layout.FEE_SCHEDULES_TABLE
    ws = load_book(path)[spec.sheet]
    row = spec.header_row + 1
    payer, code, amount, day = (ws.cell(row=row, column=spec.col(name)).value for name in
                                ("payer", "code", "allowed_amount", "effective_date"))
    content = path.read_bytes()
    source = tmp_path / "c.csv"
    source.write_text(f"Code,Fee,Effective\n{code},{amount + 1.78:.2f},{day:%Y-%m-%d}\n",
                      encoding="utf-8")
    args = ["import", "fee-schedule", str(source), "--payer", payer, "--workbook", str(path)]
    code_, out, err = run(capsys, *args)
    assert code_ == ExitCode.FAILED and "Added" not in out
    assert (f"error: Fee schedule 'c.csv', row 2, column B 'Fee': the workbook already has "
            f"{payer}, code {code}, effective {day:%Y-%m-%d}, at another amount: "
            f"${amount:.2f} in '{path.name}', sheet '{spec.sheet}', row {row}") in err
    assert "Nothing imported" in err and path.read_bytes() == content
    source.write_text(f"Code,Fee,Effective\n{code},{amount:.2f},{day:%Y-%m-%d}\n",
                      encoding="utf-8")
    code_, out, err = run(capsys, *args)
    assert code_ == ExitCode.OK and "Added 0 row(s)" in out and "(1 already there)" in out
    assert "error" not in err and path.read_bytes() == content


def test_demo_writes_the_workbook(demo_run: DemoRun) -> None:
    assert "Traceback" not in demo_run.stderr
    assert demo_run.code == ExitCode.OK
    told, book = demo_run.written("negotiation.xlsx")
    assert book.exists() and f"Wrote the demo workbook, refreshed: {told}" in demo_run.stdout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_book(book)
    assert layout.COMPARISON_TABLE.name in wb[layout.COMPARISON].tables


def test_problem_json_means_the_same_in_every_command(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path) -> None:
    """A bad dollar amount in a payer's file (import fee-schedule) and on the Fee Schedules
    sheet (refresh): each problem has the same keys, ``column`` is RateCalc's name for the
    column (``ratecalc.errors.Location``), ``header`` its header as typed and ``column_letter``
    its letter. The importer gave the header as ``column`` before."""
    path = tmp_path / demo_workbook.name
    path.write_bytes(demo_workbook.read_bytes())
    code, out, _ = run(capsys, "import", "fee-schedule", str(FIXTURES / "keystone_export.csv"),
                       "--payer", "Keystone Health Plan", "--workbook", str(path), "--json")
    assert code == ExitCode.FAILED
    imported = json.loads(out)["problems"]
    spec = layout.FEE_SCHEDULES_TABLE
    book = load_book(path)
    book[spec.sheet].cell(row=spec.header_row + 1, column=spec.col("allowed_amount"),
                          value="twelve")
    book.save(path)
    code, out, _ = run(capsys, "refresh", str(path), "--json")
    assert code == ExitCode.FAILED
    refreshed = json.loads(out)["problems"]
    keys = {frozenset(p) for p in imported + refreshed}
    assert len(keys) == 1, keys
    # "(12.00)" in row 9 and "33.9O" in row 10 of column D, "Non-Facility Fee"
    assert [(p["row"], p["column"], p["header"], p["column_letter"]) for p in imported
            if p["severity"] == "error"] == [(9, "allowed_amount", "Non-Facility Fee", "D"),
                                              (10, "allowed_amount", "Non-Facility Fee", "D")]
    [bad] = [p for p in refreshed if p["value"] == "twelve"]
    assert (bad["row"], bad["column"], bad["header"], bad["column_letter"]) == (
        spec.header_row + 1, "allowed_amount", "Allowed amount",
        column_letter(spec.col("allowed_amount")))


def test_a_renamed_input_sheet_is_named_with_the_sheet_it_may_be(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path) -> None:
    """"Fee Schedules" renamed "Fees": the workbook is still read as the master workbook (not as
    a workbook with a sheet per table, which read it without fee schedules), and both commands
    name the sheet expected and the sheet that may be it."""
    path = tmp_path / "renamed.xlsx"
    wb = load_book(demo_workbook)
    wb["Fee Schedules"].title = "Fees"
    wb.save(path)
    expected = ("Fee schedules 'renamed.xlsx', sheet 'Fee Schedules': no sheet named 'Fee "
                "Schedules' (sheets not RateCalc's: 'Fees' (renamed from 'Fee Schedules'?)); "
                "expected the Fee schedules table on a sheet named 'Fee Schedules'")
    code, _, err = run(capsys, "analyze", str(path), "--out", str(tmp_path / "out"))
    assert code != ExitCode.OK and expected in err, err
    code, _, err = run(capsys, "refresh", str(path))
    assert code != ExitCode.OK and expected in err, err


#: What refresh and the letter say of a Proposal sheet renamed "Proposal (mine)" with a rate
#: typed in its "Your rate": as of a renamed input sheet (above), with why.
RENAMED_PROPOSAL = (
    "Proposal 'renamed.xlsx', sheet 'Proposal (mine)': no sheet named 'Proposal' (sheets not "
    "RateCalc's: 'Proposal (mine)' (renamed from 'Proposal')); expected the Proposal table on "
    "a sheet named 'Proposal': rename the sheet back, so that RateCalc reads the 1 rate(s) "
    "typed in its 'Your rate' column")


def _summit_letter(capsys: pytest.CaptureFixture[str], book: Path, letter: Path
                   ) -> tuple[int, str]:
    """``ratecalc letter`` to Summit BlueCare PPO from ``book`` into ``letter``: its exit code
    and what it printed to stderr."""
    code, _, err = run(capsys, "letter", str(book), "--payer", "Summit BlueCare PPO",
                       "--out", str(letter))
    return code, err


def _letter_asks(path: Path, code: str) -> str:
    """The rate asked for ``code`` in the letter at ``path`` (its table's "Proposed rate")."""
    import docx

    rows = [[c.text for c in row.cells] for table in docx.Document(str(path)).tables
            for row in table.rows]
    header = next(r for r in rows if "Proposed rate" in r)
    [asked] = [r[header.index("Proposed rate")] for r in rows if r[0] == code]
    return asked


def test_a_renamed_proposal_holding_your_rates_is_refused_by_refresh_and_the_letter(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path) -> None:
    """$35.00 typed in "Your rate" for Summit's 97110, then the Proposal sheet renamed
    "Proposal (mine)". Refresh wrote a new Proposal sheet without the rate, said it was up to
    date with only a warning that a table was renamed, and the letter asked the proposed rate.
    Both now refuse, naming the sheet and asking to rename it back, and change nothing but the
    Problems sheet; with the sheet named back, the letter asks $35.00."""
    path = tmp_path / "renamed.xlsx"
    wb = load_book(demo_workbook)
    ws, spec = wb[layout.PROPOSAL], layout.PROPOSAL_TABLE
    row = proposal_row(ws, "Summit BlueCare PPO", "97110")
    typed = ws.cell(row=row, column=spec.col("override_rate"), value=35.0)
    assert ws.cell(row=row, column=spec.col("proposed_rate")).value != 35.0
    ws.title = "Proposal (mine)"
    wb.save(path)
    code, out, err = run(capsys, "refresh", str(path))
    assert code != ExitCode.OK and RENAMED_PROPOSAL in err, err
    assert "tblProposal_2" not in err and "not refreshed" in out + err
    after = load_book(path)
    assert layout.PROPOSAL not in after.sheetnames
    assert after["Proposal (mine)"][typed.coordinate].value == 35.0
    assert spec.name in after["Proposal (mine)"].tables
    letter = tmp_path / "letter.docx"
    code, err = _summit_letter(capsys, path, letter)
    assert code != ExitCode.OK and RENAMED_PROPOSAL in err, err
    assert not letter.exists()
    after["Proposal (mine)"].title = layout.PROPOSAL
    after.save(path)
    code, err = _summit_letter(capsys, path, letter)
    assert code == ExitCode.OK, err
    assert _letter_asks(letter, "97110") == "$35.00"


def test_a_renamed_proposal_with_no_rate_typed_is_kept_as_the_users_sheet(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path) -> None:
    """Nothing typed in its "Your rate": a copy the user keeps, and refresh writes a new
    Proposal beside it, its table renamed (as for any renamed result sheet)."""
    path = tmp_path / "kept.xlsx"
    wb = load_book(demo_workbook)
    wb[layout.PROPOSAL].title = "Proposal 2025"
    wb.save(path)
    code, _, err = run(capsys, "refresh", str(path))
    assert code == ExitCode.OK, err
    assert "renamed 'tblProposal_2'" in err
    assert {layout.PROPOSAL, "Proposal 2025"} <= set(load_book(path).sheetnames)


#: What refresh, analyze and the letter say of rates typed on a renamed Proposal whose table a
#: refresh renamed 'tblProposal_2' when it wrote a new Proposal beside it.
RENAMED_BESIDE_PROPOSAL = (
    "Proposal 'renamed.xlsx', sheet 'Proposal 2025': sheet 'Proposal 2025' is a 'Proposal' "
    "sheet renamed (its table 'tblProposal_2') with 1 rate(s) typed in its 'Your rate' column, "
    "and RateCalc reads 'Your rate' on the sheet named 'Proposal' alone: the letter would ask "
    "the rates there, not these. Delete the sheet 'Proposal' and rename this one back, or, to "
    "keep the sheet as a copy of your own, clear its 'Your rate' column")


def test_rates_typed_on_a_renamed_proposal_whose_table_refresh_renamed_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path) -> None:
    """The Proposal sheet renamed 'Proposal 2025' with nothing typed, refreshed (a new Proposal
    written beside it, its table renamed 'tblProposal_2', as a refresh by older code did with
    rates typed too), then $35.00 typed in its "Your rate" for Summit's 97110. The check of a
    renamed Proposal looked for a table named 'tblProposal' where no Proposal sheet was: refresh
    said the sheets were up to date and the letter asked the proposed rate. Refresh, analyze and
    the letter refuse it; with the new Proposal deleted and the sheet named back, the letter
    asks $35.00."""
    path = tmp_path / "renamed.xlsx"
    wb = load_book(demo_workbook)
    wb[layout.PROPOSAL].title = "Proposal 2025"
    wb.save(path)
    assert run(capsys, "refresh", str(path))[0] == ExitCode.OK
    wb = load_book(path)
    ws, spec = wb["Proposal 2025"], layout.PROPOSAL_TABLE
    assert set(ws.tables) == {"tblProposal_2"} and layout.PROPOSAL in wb.sheetnames
    row = proposal_row(ws, "Summit BlueCare PPO", "97110")
    ws.cell(row=row, column=spec.col("override_rate"), value=35.0)
    assert ws.cell(row=row, column=spec.col("proposed_rate")).value != 35.0
    wb.save(path)
    code, out, err = run(capsys, "refresh", str(path))
    assert code != ExitCode.OK and RENAMED_BESIDE_PROPOSAL in err, err
    assert "not refreshed" in out + err
    code, _, err = run(capsys, "analyze", str(path), "--out", str(tmp_path / "out"))
    assert code != ExitCode.OK and RENAMED_BESIDE_PROPOSAL in err, err
    letter = tmp_path / "letter.docx"
    code, err = _summit_letter(capsys, path, letter)
    assert code != ExitCode.OK and RENAMED_BESIDE_PROPOSAL in err, err
    assert not letter.exists()
    after = load_book(path)
    del after[layout.PROPOSAL]
    after["Proposal 2025"].title = layout.PROPOSAL
    after.save(path)
    code, err = _summit_letter(capsys, path, letter)
    assert code == ExitCode.OK, err
    assert _letter_asks(letter, "97110") == "$35.00"
    assert run(capsys, "refresh", str(path))[0] == ExitCode.OK
    ws = load_book(path)[layout.PROPOSAL]
    assert [ws.cell(row=r, column=spec.col("override_rate")).value
            for r in range(spec.header_row + 1, ws.max_row + 1)
            if (ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value)
            == ("Summit BlueCare PPO", "97110")] == [35.0]


@pytest.mark.parametrize(("text", "given", "why"), [
    # no effective-date column: a whole-file error that --skip-bad-rows cannot help with (it
    # was offered: "1 row(s) with errors (fix them, or use --skip-bad-rows)")
    ("Code,Fee\n97110,31.50\n", (), "1 error(s) of the whole file (fix them: --skip-bad-rows "
                                    "skips bad rows only)"),
    ("Code,Fee\n97110,31.50\n", ("--skip-bad-rows",),
     "1 error(s) of the whole file (fix them: --skip-bad-rows skips bad rows only)"),
    # a bad row: skipping it is the way out
    ("Code,Fee\n97110,abc\n", ("--effective-date", "2027-01-01"),
     "1 row(s) with errors (fix them, or use --skip-bad-rows)"),
    ("Code,Fee\n97110,abc\n", ("--effective-date", "2027-01-01", "--skip-bad-rows"),
     "1 row(s) with errors and none without"),
])
def test_nothing_imported_says_what_would_help(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_workbook: Path,
        text: str, given: tuple[str, ...], why: str) -> None:
    path = tmp_path / demo_workbook.name
    path.write_bytes(demo_workbook.read_bytes())
    source = tmp_path / "fees.csv"
    source.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "import", "fee-schedule", str(source), "--payer",
                       "Summit BlueCare PPO", "--workbook", str(path), *given)
    assert code == ExitCode.FAILED
    assert err.splitlines()[-1] == f"Nothing imported into {path}: {why}."
    assert path.read_bytes() == demo_workbook.read_bytes()
