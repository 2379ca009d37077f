"""An input table shown with Excel's Total Row (Table Design > Total Row) is an error at the
row's first cell, for every command that reads the workbook, and an import adds no row to it.

Every reader took the Total Row for a row of data: the Payers table's "Total" was a payer with
the sum of every payer's visits, analysed and written out by `workbook export` (exit 0), a
Volumes or Fee Schedules total an error of a blank code or date naming no total; an import
wrote its rows below the Total Row, inside the table."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.table import Table

from ratecalc_cli.main import ExitCode, main
from tests.books import digest_of, load_book

FEES = Path(__file__).resolve().parents[1] / "data" / "fee_schedules" / "acme_health_2026.csv"
PAYER = "Summit BlueCare PPO"
WORDS = ("the table's Total Row, which RateCalc would read as a row of data; turn it off "
         "(click in the table, then Table Design > Total Row)")


# Each book with a Total Row, as saved, and its row, by the source's bytes and the table: the
# module's tests ask for 5 books 14 times, each of them a load and a save of the demo workbook.
_MADE: dict[tuple[str, str, str, tuple[str, ...]], tuple[bytes, int]] = {}


def with_total_row(source: Path, target: Path, sheet: str, table: str,
                   sums: tuple[str, ...]) -> int:
    """``source`` with ``table`` grown by a Total Row ("Total" in its first column, the sum of
    each of ``sums`` as the value Excel's SUBTOTAL shows, which is what a reader reads of the
    formula) written to ``target``; returns the row."""
    key = (digest_of(source.read_bytes()), sheet, table, sums)
    if key not in _MADE:
        made = target.with_name(f"{target.stem}-made{target.suffix}")
        row = _grown_by_a_total_row(source, made, sheet, table, sums)
        _MADE[key] = (made.read_bytes(), row)
        made.unlink()
    content, row = _MADE[key]
    target.write_bytes(content)
    return row


def _grown_by_a_total_row(source: Path, target: Path, sheet: str, table: str,
                          sums: tuple[str, ...]) -> int:
    wb = load_book(source)
    ws = wb[sheet]
    spec = ws.tables[table]
    first_col, first_row, last_col, last_row = range_boundaries(spec.ref)
    row = last_row + 1
    spec.ref = f"{spec.ref.split(':')[0]}:{openpyxl.utils.get_column_letter(last_col)}{row}"
    spec.totalsRowCount = 1
    spec.tableColumns[0].totalsRowLabel = "Total"
    ws.cell(row=row, column=first_col, value="Total")
    headers = [c.name for c in spec.tableColumns]
    for name in sums:
        column = first_col + headers.index(name)
        spec.tableColumns[headers.index(name)].totalsRowFunction = "sum"
        values = [ws.cell(row=r, column=column).value for r in range(first_row + 1, row)]
        ws.cell(row=row, column=column, value=sum(v for v in values if v))
    wb.save(target)
    return row


CASES = {
    "payers": ("Payers & Contracts", "tblPayersContracts", ("Visits per year",), "A", "Payer"),
    "volumes": ("Volumes", "tblVolumes", ("Units per year",), "A", "Payer"),
    "fee schedules": ("Fee Schedules", "tblFeeSchedules", ("Allowed amount",), "A", "Payer"),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("command", ["analyze", "workbook export", "letter"])
def test_every_reader_names_the_total_row(capsys: pytest.CaptureFixture[str],
                                          demo_workbook: Path, tmp_path: Path, case: str,
                                          command: str) -> None:
    sheet, table, sums, letter, header = CASES[case]
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, sheet, table, sums)
    argv = {"analyze": ["analyze", str(book), "--out", str(tmp_path / "out")],
            "workbook export": ["workbook", "export", str(book), str(tmp_path / "out")],
            "letter": ["letter", str(book), "--payer", PAYER, "--out",
                       str(tmp_path / "out" / "letter.docx")]}[command]
    assert main(argv) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert (f"'book.xlsx', sheet '{sheet}', row {row}, column {letter} '{header}': "
            f"{WORDS}") in err, err
    assert not (tmp_path / "out").exists()  # no payer "Total" written out, nothing else


def renamed(book: Path, sheet: str, table: str, name: str) -> None:
    """``book`` with ``table`` renamed ``name``, as Table Design > Table Name does (Excel keeps
    its rows, its Total Row among them)."""
    wb = load_book(book)
    tables = wb[sheet].tables
    spec = tables[table]
    del tables[table]
    spec.name = spec.displayName = name
    tables[name] = spec
    wb.save(book)


@pytest.mark.parametrize("case", list(CASES))
def test_a_renamed_tables_total_row_is_named(capsys: pytest.CaptureFixture[str],
                                             demo_workbook: Path, tmp_path: Path,
                                             case: str) -> None:
    """The Total Row is looked for in the Excel table holding the input's headers, whatever
    its name: looked for by the table's name alone, a renamed Payers table's "Total" was a
    payer with every payer's visits, written out by `workbook export` (exit 0)."""
    sheet, table, sums, letter, header = CASES[case]
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, sheet, table, sums)
    renamed(book, sheet, table, "MyTable")
    assert main(["workbook", "export", str(book), str(tmp_path / "out")]) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert (f"'book.xlsx', sheet '{sheet}', row {row}, column {letter} '{header}': "
            f"{WORDS}") in err, err
    assert not (tmp_path / "out").exists()


def test_a_renamed_logs_total_row_is_read_up_to(capsys: pytest.CaptureFixture[str],
                                                demo_workbook: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, *LOG, ())
    renamed(book, *LOG, "Log")
    assert main(["analyze", str(book), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert err.count(f"'book.xlsx', sheet 'Negotiation Log', row {row}, column A 'Date': "
                     f"{LOG_WORDS}") == 1, err


LOG = ("Negotiation Log", "tblNegotiationLog")
LOG_WORDS = ("the table's Total Row, passed over: RateCalc reads the log's rows above it; a row "
             "typed below it is outside the table and would not be read")


@pytest.mark.parametrize("command", ["analyze", "workbook export", "letter"])
def test_the_logs_total_row_is_a_warning(capsys: pytest.CaptureFixture[str],
                                         demo_workbook: Path, tmp_path: Path,
                                         command: str) -> None:
    """The Negotiation Log's problems stop no analysis and nothing is imported into it: its
    Total Row, read up to, is named as a warning (it was refused, stopping every command,
    where before this branch the "Total" was two warnings)."""
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, *LOG, ())
    out = tmp_path / "out"
    argv = {"analyze": ["analyze", str(book), "--out", str(out)],
            "workbook export": ["workbook", "export", str(book), str(out)],
            "letter": ["letter", str(book), "--payer", PAYER, "--out",
                       str(tmp_path / "letter.docx")]}[command]
    assert main(argv) == 0
    err = capsys.readouterr().err
    # export writes no log and lists no warning (as of any other); the others name it once
    named = 0 if command == "workbook export" else 1
    assert err.count(f"'book.xlsx', sheet 'Negotiation Log', row {row}, column A 'Date': "
                     f"{LOG_WORDS}") == named, err
    assert out.exists() or (tmp_path / "letter.docx").exists()


def test_a_row_typed_below_the_logs_total_row_refuses_it(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path) -> None:
    """A row typed below the Total Row is outside the table and the reader stops at the Total
    Row: a proposal logged there would be unknown to every output, so it is refused."""
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, *LOG, ())
    wb = load_book(book)
    wb[LOG[0]].cell(row=row + 1, column=2, value=PAYER)
    wb.save(book)
    assert main(["analyze", str(book), "--out", str(tmp_path / "out")]) == ExitCode.FAILED
    assert (f"'book.xlsx', sheet 'Negotiation Log', row {row}, column A 'Date': {WORDS}") in \
        capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_refresh_lists_it_and_keeps_the_analysis(capsys: pytest.CaptureFixture[str],
                                                 demo_workbook: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, "Payers & Contracts", "tblPayersContracts",
                         ("Visits per year",))
    assert main(["refresh", str(book)]) == ExitCode.FAILED
    assert f"row {row}, column A 'Payer': {WORDS}" in capsys.readouterr().err
    wb = load_book(book)
    assert "Total" not in [c.value for c in wb["Priorities"]["B"]]
    assert wb["Payers & Contracts"].cell(row=row, column=1).value == "Total"  # kept as typed


def test_an_import_adds_no_row_to_a_table_with_a_total_row(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, "Fee Schedules", "tblFeeSchedules",
                         ("Allowed amount",))
    before = book.read_bytes()
    assert main(["import", "fee-schedule", str(FEES), "--payer", PAYER, "--workbook",
                 str(book), "--skip-bad-rows"]) == ExitCode.INPUT_ERROR
    # at its first cell, column and all, as every reader names it
    assert (f"'book.xlsx', sheet 'Fee Schedules', row {row}, column A 'Payer': {WORDS}") in \
        capsys.readouterr().err
    assert book.read_bytes() == before


def test_a_table_without_a_total_row_exports_as_before(demo_workbook: Path,
                                                       tmp_path: Path) -> None:
    assert main(["workbook", "export", str(demo_workbook), str(tmp_path / "out")]) == 0
    with (tmp_path / "out" / "payers.csv").open(encoding="utf-8-sig") as f:
        payers = [r["payer"] for r in csv.DictReader(f)]
    assert len(payers) == 6 and "Total" not in payers


def _xlsx_of(csv_path: Path, wb: openpyxl.Workbook, title: str, total: bool) -> int:
    """The CSV table as a sheet of ``wb``, as an Excel table, with a Total Row summing its
    visits when ``total``; returns the Total Row's row."""
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    ws = wb.create_sheet(title)
    for values in rows:
        ws.append([int(v) if v.isdigit() else v for v in values])
    if not total:
        return 0
    row = len(rows) + 1
    visits = rows[0].index("visits_per_year")
    ws.cell(row=row, column=1, value="Total")
    ws.cell(row=row, column=visits + 1,
            value=sum(int(r[visits]) for r in rows[1:] if r[visits].isdigit()))
    last = openpyxl.utils.get_column_letter(len(rows[0]))
    ws.add_table(Table(displayName="Payers", ref=f"A1:{last}{row}", totalsRowCount=1))
    return row


@pytest.mark.parametrize("command", ["analyze", "workbook new"])
def test_a_folder_table_as_xlsx_names_its_total_row(capsys: pytest.CaptureFixture[str],
                                                    demo_workbook: Path, tmp_path: Path,
                                                    command: str) -> None:
    folder = tmp_path / "tables"
    assert main(["workbook", "export", str(demo_workbook), str(folder)]) == 0
    capsys.readouterr()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    row = _xlsx_of(folder / "payers.csv", wb, "payers", total=True)
    wb.save(folder / "payers.xlsx")
    (folder / "payers.csv").unlink()
    argv = {"analyze": ["analyze", str(folder), "--out", str(tmp_path / "out")],
            "workbook new": ["workbook", "new", str(tmp_path / "new.xlsx"), "--from",
                             str(folder)]}[command]
    assert main(argv) == ExitCode.FAILED
    # at its first cell, column and all, as the master workbook's Total Row is named
    assert f"Payers 'payers.xlsx', sheet 'payers', row {row}, column A 'payer': {WORDS}" in \
        capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "new.xlsx").exists()


def test_a_workbook_with_a_sheet_per_table_names_its_total_row(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    assert main(["workbook", "export", str(demo_workbook), str(folder)]) == 0
    capsys.readouterr()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    row = 0
    for path in sorted(folder.glob("*.csv")):
        if path.stem != "exit_assumptions":
            row = _xlsx_of(path, wb, path.stem, total=path.stem == "payers") or row
    wb.save(tmp_path / "tables.xlsx")
    assert main(["analyze", str(tmp_path / "tables.xlsx"), "--out", str(tmp_path / "out")]) \
        == ExitCode.FAILED
    assert f"'tables.xlsx', sheet 'payers', row {row}, column A 'payer': {WORDS}" in \
        capsys.readouterr().err


RESULT_WORDS = ("the table's Total Row: refresh rebuilds the table without it (what it showed "
                "is in the backup made before this refresh); to see it again, turn it on after "
                "the refresh (click in the table, then Table Design > Total Row)")


@pytest.mark.parametrize(("sheet", "table"), [("Proposal", "tblProposal"),
                                              ("Priorities", "tblPriorities"),
                                              ("Comparison", "tblComparison")])
def test_refresh_names_a_result_tables_total_row(capsys: pytest.CaptureFixture[str],
                                                 demo_workbook: Path, tmp_path: Path,
                                                 sheet: str, table: str) -> None:
    """A Total Row the user shows on a result table is named by the refresh that rebuilds the
    table without it (it was dropped without a word), and is no row of results: its "Total",
    with a note typed in its Notes cell, came back as a payer "not in the latest results"."""
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, sheet, table, ())
    wb = load_book(book)
    headers = [c.name for c in wb[sheet].tables[table].tableColumns]
    if "Notes" in headers:
        wb[sheet].cell(row=row, column=headers.index("Notes") + 1, value="our total")
    wb.save(book)
    assert main(["refresh", str(book)]) == 0
    named = f"'book.xlsx', sheet '{sheet}', row {row}, column 'A': {RESULT_WORDS}"
    assert named in capsys.readouterr().err
    wb = load_book(book)
    assert "Total" not in [c.value for c in wb[sheet]["A"]]
    assert "our total" not in [c.value for r in wb[sheet].iter_rows() for c in r]
    problems = [c.value for r in wb["Problems"].iter_rows() for c in r if c.value]
    # the Problems sheet wraps its text in lines
    assert any(RESULT_WORDS in " ".join(str(v).split()) for v in problems), problems


@pytest.mark.parametrize(("sheet", "table"), [("Totals", "tblProposalSummary"),
                                              ("Totals", "tblParetoCodes"),
                                              ("Scenarios", "tblScenarioYears"),
                                              ("Scenarios", "tblScenarioTotals")])
def test_refresh_names_the_total_row_of_a_table_with_nothing_to_type_in(
        capsys: pytest.CaptureFixture[str], demo_workbook: Path, tmp_path: Path, sheet: str,
        table: str) -> None:
    """The tables whose rows refresh carries over for a column typed beside them (no column of
    their own to type in) are named alike: their Total Row, and a note typed beside it in the
    user's column, went without a word."""
    book = tmp_path / "book.xlsx"
    row = with_total_row(demo_workbook, book, sheet, table, ())
    wb = load_book(book)
    first, top, last, _ = range_boundaries(wb[sheet].tables[table].ref)
    wb[sheet].cell(row=top, column=last + 1, value="Checked")
    wb[sheet].cell(row=row, column=last + 1, value="our total")
    wb.save(book)
    assert main(["refresh", str(book)]) == 0
    letter = openpyxl.utils.get_column_letter(first)
    err = capsys.readouterr().err
    assert err.count(f"'book.xlsx', sheet '{sheet}', row {row}, column '{letter}': "
                     f"{RESULT_WORDS}") == 1, err
    wb = load_book(book)
    assert not wb[sheet].tables[table].totalsRowCount  # rebuilt without it, as named
    assert "Total" not in [c.value for c in wb[sheet][letter]]
    problems = [c.value for r in wb["Problems"].iter_rows() for c in r if c.value]
    assert any(RESULT_WORDS in " ".join(str(v).split()) for v in problems), problems
