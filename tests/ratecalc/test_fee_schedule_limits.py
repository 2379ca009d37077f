"""What a fee-schedule import may cost: a row limit, refused before the rows are kept, and a
reading whose work is the rows' (no pandas cell read per row).

Measured as what is read and held (tracemalloc, calls counted), never as a time.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from ratecalc import fee_schedule_import
from ratecalc.csv_text import read_csv_rows
from ratecalc.errors import UnreadableFileError
from ratecalc.fee_schedule_import import read_fee_schedule
from ratecalc.limits import MAX_FEE_SCHEDULE_ROWS

from ..traced_memory import peak_memory

HEADER = "CPT,Fee,Effective\n"


def _schedule(path: Path, rows: int, *, one_code: bool = False) -> Path:
    """``rows`` fee lines under a header: one code on as many days, or one code whose amounts
    and dates repeat every seven rows (each line said again and again, at one amount)."""
    first = date(2020, 1, 1)
    lines = [f"97110,{30 + i % 7}.00,2026-01-0{1 + i % 7}" if one_code
             else f"97110,30.00,{first + timedelta(days=i)}" for i in range(rows)]
    path.write_text(HEADER + "\n".join(lines) + "\n")
    return path


def test_a_file_over_the_row_limit_is_refused_before_its_rows_are_kept(tmp_path) -> None:
    path = tmp_path / "all_claims.csv"
    path.write_text(HEADER + "97110,30.00,2026-01-01\n" * (MAX_FEE_SCHEDULE_ROWS + 1))
    size = path.stat().st_size
    with peak_memory() as peak, pytest.raises(UnreadableFileError) as refused:
        read_fee_schedule(path, "Acme Health")
    # the rows below the header: the header was counted as a row, and the count said 100,002
    assert str(refused.value) == (
        f"'all_claims.csv': {MAX_FEE_SCHEDULE_ROWS + 1:,} data rows below the header in row 1, "
        f"more than the {MAX_FEE_SCHEDULE_ROWS:,} data rows a fee schedule may hold; not read")
    # its bytes, its text and the text's reader (4 bytes a character): five times its size,
    # never a list of its rows, as frames and problems
    assert peak.bytes < 6 * size, (peak.bytes, size)


def test_the_row_limit_counts_rows_not_lines(tmp_path) -> None:
    path = tmp_path / "notes.csv"
    # two rows; the first's quoted note holds four line breaks
    path.write_text('CPT,Fee,Note\n97110,30.00,"a\nb\nc\nd\ne"\n')
    assert len(read_csv_rows(path, max_rows=2)) == 2
    with pytest.raises(UnreadableFileError, match=r"'notes.csv': 2 rows, more than the 1 "
                                                  r"a fee schedule may hold; not read"):
        read_csv_rows(path, max_rows=1, holder="a fee schedule")


def test_a_sheet_over_the_row_limit_is_refused(tmp_path, monkeypatch) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Rates"
    for row in (["CPT", "Fee", "Effective"], ["97110", 30, "2026-01-01"],
                ["97112", 31, "2026-01-01"], ["97140", 32, "2026-01-01"]):
        sheet.append(row)
    path = tmp_path / "rates.xlsx"
    book.save(path)
    # three data rows under a limit of three: the header was counted, and they were refused
    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", 3)
    assert len(read_fee_schedule(path, "Acme Health").rows) == 3
    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", 2)
    with pytest.raises(UnreadableFileError) as refused:
        read_fee_schedule(path, "Acme Health")
    assert str(refused.value) == ("'rates.xlsx', sheet 'Rates': 3 data rows below the header in "
                                  "row 1, more than the 2 data rows a fee schedule may hold; "
                                  "not read")


@pytest.mark.parametrize("one_code", [False, True])
def test_rows_are_read_without_a_pandas_cell_read_each(tmp_path, monkeypatch,
                                                       one_code) -> None:
    # a pandas cell read (.at) costs about 25 us: twelve a row were 33 of the 35 s a file of
    # 30,000 rows took, and each row repeating a line cost its key read cell by cell again
    reads = 0
    get_value = pd.DataFrame._get_value

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        nonlocal reads
        reads += 1
        return get_value(*args, **kwargs)

    path = _schedule(tmp_path / "fees.csv", 2_000, one_code=one_code)
    monkeypatch.setattr(pd.DataFrame, "_get_value", counted)
    result = read_fee_schedule(path, "Acme Health")
    assert reads < 50, reads  # a few per file, never per row
    if one_code:  # seven lines, each at one amount: 1,993 repeats skipped, nothing refused
        assert len(result.rows) == 7 and not result.errors
    else:
        assert len(result.rows) == 2_000 and not result.problems


def _one_line_at(path: Path, amounts: int) -> Path:
    """Code 97110 on one day at ``amounts`` amounts: $30.00, $30.01, ..."""
    path.write_text(HEADER + "".join(f"97110,{3000 + i}e-2,2026-01-01\n"
                                     for i in range(amounts)))
    return path


def test_a_line_at_many_amounts_names_three_other_rows_and_counts_the_rest(tmp_path) -> None:
    result = read_fee_schedule(_one_line_at(tmp_path / "fees.csv", 3_000), "Acme Health")
    assert result.rows.empty and len(result.errors) == 3_000
    assert result.errors[3].rule == (
        "expected one amount for code 97110, effective 2026-01-01, but row 2 says $30.00, "
        "row 3 says $30.01, row 4 says $30.02 and 2,996 other rows say other amounts (which "
        "one is right? none of these rows is imported)")
    # each row named every other: 9,000,000 names, 24 s and 319 MB for these 3,000 rows
    assert max(len(p.rule) for p in result.errors) < 250


def test_a_line_at_four_amounts_names_all_three_others(tmp_path) -> None:
    result = read_fee_schedule(_one_line_at(tmp_path / "fees.csv", 4), "Acme Health")
    assert result.errors[0].rule == (
        "expected one amount for code 97110, effective 2026-01-01, but row 3 says $30.01 and "
        "row 4 says $30.02 and row 5 says $30.03 (which one is right? none of these rows is "
        "imported)")


# A payer's file as they come: a title row, then the header in row 2, then the fee lines.
LIMIT = 5
TITLE = ["Acme Health fee schedule 2026"]
HEADED = ["CPT", "Fee", "Effective"]


CODES = ("97110", "97112", "97116", "97140", "97530", "97535", "97161", "97162")


def _lines(count: int) -> list[list[object]]:
    """``count`` fee lines, each a code on a day of its own."""
    return [[CODES[i % len(CODES)], 30 + i % 50, f"{2026 + i // (8 * 28)}-01-"
             f"{1 + i // 8 % 28:02d}"] for i in range(count)]


def _csv(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("".join(",".join(str(v) for v in row) + "\n" for row in rows))
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Rates"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


WRITERS = {"csv": _csv, "xlsx": _xlsx}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_of_exactly_the_limit_in_data_rows_is_read(tmp_path, monkeypatch, kind) -> None:
    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", LIMIT)
    path = WRITERS[kind](tmp_path / f"acme.{kind}", [TITLE, HEADED, *_lines(LIMIT)])
    result = read_fee_schedule(path, "Acme Health")
    assert len(result.rows) == LIMIT and not result.errors


@pytest.mark.parametrize(("kind", "where"), [("csv", "'acme.csv'"),
                                             ("xlsx", "'acme.xlsx', sheet 'Rates'")])
def test_a_file_one_data_row_over_the_limit_is_refused_naming_it(tmp_path, monkeypatch, kind,
                                                                  where) -> None:
    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", LIMIT)
    path = WRITERS[kind](tmp_path / f"acme.{kind}", [TITLE, HEADED, *_lines(LIMIT + 1)])
    with pytest.raises(UnreadableFileError) as refused:
        read_fee_schedule(path, "Acme Health")
    assert str(refused.value) == (
        f"{where}: 6 data rows below the header in row 2, more than the 5 data rows a fee "
        f"schedule may hold; not read")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_blank_rows_below_the_table_are_not_data_rows(tmp_path, monkeypatch, kind) -> None:
    # blanks as a sheet keeps them: a space typed over a value, an empty text
    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", LIMIT)
    blanks = [[" ", "", " "] for _ in range(300)]
    path = WRITERS[kind](tmp_path / f"acme.{kind}", [TITLE, HEADED, *_lines(LIMIT), *blanks])
    result = read_fee_schedule(path, "Acme Health")
    assert len(result.rows) == LIMIT and not result.errors


def _cells_read(monkeypatch) -> list[int]:
    """How many cells pandas' reader of a workbook converts (a list of one count)."""
    from pandas.io.excel._openpyxl import OpenpyxlReader

    read = [0]
    convert = OpenpyxlReader._convert_cell

    def counted(self, cell):  # noqa: ANN001, ANN202
        read[0] += 1
        return convert(self, cell)

    monkeypatch.setattr(OpenpyxlReader, "_convert_cell", counted)
    return read


def test_a_sheet_with_formatted_blanks_to_its_last_row_is_read_to_its_last_value(
        tmp_path, monkeypatch) -> None:
    from openpyxl.styles import Font

    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", LIMIT)
    book = Workbook()
    sheet = book.active
    sheet.title = "Rates"
    for row in [TITLE, HEADED, *_lines(LIMIT)]:
        sheet.append(row)
    for row in range(LIMIT + 3, 2_001):  # a used range past the table, as Excel keeps it
        sheet.cell(row=row, column=2).font = Font(bold=True)
        sheet.cell(row=row, column=3).value = " "
    path = tmp_path / "acme.xlsx"
    book.save(path)
    read = _cells_read(monkeypatch)
    result = read_fee_schedule(path, "Acme Health")
    assert len(result.rows) == LIMIT and not result.errors
    # the first rows (for the header), then down to the last value: not 2,000 rows of blanks
    assert read[0] < 100, read[0]


def test_a_sheet_over_the_limit_is_refused_before_its_cells_are_read(tmp_path,
                                                                     monkeypatch) -> None:
    monkeypatch.setattr(fee_schedule_import, "MAX_FEE_SCHEDULE_ROWS", LIMIT)
    path = _xlsx(tmp_path / "claims.xlsx", [TITLE, HEADED, *_lines(2_000)])
    read = _cells_read(monkeypatch)
    with pytest.raises(UnreadableFileError, match=r"^'claims.xlsx', sheet 'Rates': 2,000 data "
                                                  r"rows below the header in row 2, more than "
                                                  r"the 5 data rows"):
        read_fee_schedule(path, "Acme Health")
    assert read[0] < 100, read[0]  # the rows the header is looked for in, no more


def test_a_csv_over_the_limit_is_refused_holding_its_bytes_and_text_only(tmp_path) -> None:
    # a StringIO of the text (4 bytes a character, five times the file in all) was made to
    # find the delimiter and again to count the rows: 276 MB of a 69 MB file's 572 MB
    path = tmp_path / "all_claims.csv"
    path.write_text(HEADER + "97110,30.00,2026-01-01\n" * (MAX_FEE_SCHEDULE_ROWS + 1))
    size = path.stat().st_size
    with peak_memory() as peak, pytest.raises(UnreadableFileError, match="data rows"):
        read_fee_schedule(path, "Acme Health")
    assert peak.bytes < 2.5 * size, (peak.bytes, size)  # its bytes and its text, each once
