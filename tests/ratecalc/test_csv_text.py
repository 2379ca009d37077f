"""The one decoder of user CSV files (ratecalc/csv_text.py): a byte-order mark, else UTF-8, else
cp1252 when every byte is defined there, else refused naming the line and byte offset. Before,
the fee-schedule importer crashed on a byte cp1252 leaves undefined (0x81, "internal error"),
read UTF-16 as cp1252 ('ÿþC P T'), and the table loader took UTF-8 only."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ratecalc import csv_text
from ratecalc.csv_text import SAVE_AS_UTF8, csv_rows, decode_csv, read_csv_text
from ratecalc.errors import InputError

from ..traced_memory import peak_memory

TEXT = "Payer,Note\r\nPeña Health,café – “quoted” €5\r\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # Excel's "Unicode Text", with its mark
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
    TEXT.encode("cp1252"),  # Excel's "CSV (Comma delimited)" on Windows
], ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be",
        "cp1252"])
def test_each_encoding_excel_writes_reads_as_the_text(data: bytes) -> None:
    assert decode_csv(data, "f.csv") == TEXT


def test_a_byte_neither_utf8_nor_cp1252_names_line_and_offset() -> None:
    data = b"CPT,Fee\n97110,caf\xe9 \x81\n"
    with pytest.raises(InputError) as caught:
        decode_csv(data, "fs81.csv")
    message = str(caught.value)
    assert message.startswith("'fs81.csv', line 2: ")
    assert "byte 0xE9 at offset 17 is not UTF-8" in message
    assert "byte 0x81 at line 2, offset 19 is not Windows-1252" in message
    assert 'save it from Excel as "CSV UTF-8 (Comma delimited)"' in message


def test_a_byte_neither_reads_as_is_named_once() -> None:
    with pytest.raises(InputError, match=r"'x\.csv', line 3: .*byte 0x81 at offset 4 is not "
                                         r"UTF-8, nor Windows-1252; save it"):
        decode_csv(b"a\nb\n\x81\n", "x.csv")


def test_broken_utf16_after_its_mark_names_the_line() -> None:
    data = codecs.BOM_UTF16_LE + "a,b\r\nc,d\r\n".encode("utf-16-le") + b"\x00\xdc"  # lone low
    with pytest.raises(InputError, match=r"'u\.csv', line 3: the file starts with a UTF-16 "
                                         r"byte-order mark, but the bytes at offset 22 are not "
                                         r"UTF-16"):
        decode_csv(data, "u.csv")


def test_utf16_starting_with_nul_is_read_as_utf32_its_mark_says() -> None:
    """FF FE 00 00 is UTF-32 LE's mark, and UTF-16 LE's mark before a NUL: the longer mark
    wins, so such a file is refused (or, when it happens to be UTF-32, read as that)."""
    with pytest.raises(InputError, match=r"starts with a UTF-32 byte-order mark, but the bytes "
                                         r"at offset 4 are not UTF-32"):
        decode_csv(codecs.BOM_UTF16_LE + "\x00CPT".encode("utf-16-le"), "f.csv")
    assert decode_csv(codecs.BOM_UTF16_LE + "\x00".encode("utf-16-le"), "f.csv") == ""


def test_a_file_over_the_size_limit_is_refused_in_words(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_text, "MAX_CSV_BYTES", 100)
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 30)
    with pytest.raises(InputError, match=r"'big\.csv': 120 bytes, more than the .* a CSV file "):
        read_csv_text(path)
    path.write_bytes(b"a,b\n" * 25)
    assert read_csv_text(path) == "a,b\n" * 25


def _peak_reading(path: Path) -> int:
    with peak_memory() as peak, contextlib.suppress(InputError):  # the huge file's refusal
        read_csv_text(path)
    return peak.bytes


def test_a_file_is_read_in_its_own_size_and_one_over_the_limit_not_at_all(
        tmp_path: Path) -> None:
    from ratecalc.limits import MAX_CSV_BYTES
    small = tmp_path / "small.csv"
    small.write_bytes(b"code,fee\n97110,30\n")
    # a read of the limit, whatever the file, took 256 MiB
    assert _peak_reading(small) < 100_000
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # sparse: nothing written to the disk
        handle.truncate(MAX_CSV_BYTES + 1)
    with pytest.raises(InputError, match=r"'huge\.csv': 268,435,457 bytes, more than the "
                                         r"256 MiB a CSV file may be; not read"):
        read_csv_text(huge)
    assert _peak_reading(huge) < 100_000


def test_the_size_limit_is_the_workbooks() -> None:
    from ratecalc.limits import MAX_CSV_BYTES, MAX_XLSX_TOTAL_BYTES
    assert MAX_CSV_BYTES == MAX_XLSX_TOTAL_BYTES == 256 << 20


def test_a_field_longer_than_the_csv_modules_default_is_read_whole() -> None:
    before = csv.field_size_limit()
    rows = csv_rows(f'code,note\n97110,"{"x" * 200_000}"\n', "f.csv")
    assert rows == [["code", "note"], ["97110", "x" * 200_000]]
    assert csv.field_size_limit() == before  # the process-wide limit is left as it was


def test_a_spreadsheet_safe_quote_is_undone() -> None:
    assert csv_rows("phone\n'+1 205 555 0100\n", "f.csv") == [["phone"], ["+1 205 555 0100"]]


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="none.csv' does not exist; expected a CSV file$"):
        read_csv_text(tmp_path / "none.csv")
    with pytest.raises(InputError, match="' is a folder, not a file; expected a CSV file$"):
        read_csv_text(tmp_path)


@given(st.text(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_any_text_reads_back_as_written(text: str, encoding: str) -> None:
    if encoding == "utf-8":
        assume(not text.startswith("\ufeff"))  # the same bytes as UTF-8 with a mark
    if encoding == "utf-16":
        # its mark and a NUL are UTF-32 LE's mark (next test); no CSV starts with NUL
        assume(not text.startswith("\x00"))
    if encoding == "cp1252":
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            assume(False)
        # bytes that are also UTF-8, or start as a mark does ("ÿþ", "ï»¿"), read as those
        assume(not any(data.startswith(bom) for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                                        codecs.BOM_UTF16_BE)))
        try:
            data.decode("utf-8")
            assume(data.isascii())
        except UnicodeDecodeError:
            pass
    if "\x00" in text and encoding in ("utf-8", "cp1252"):
        # no mark to say what it is: NULs as UTF-16 or UTF-32 place them are refused
        try:
            decoded = decode_csv(text.encode(encoding), "f.csv")
        except InputError as exc:
            assert "saved without its byte-order mark" in str(exc)
            return
        assert decoded == text
        return
    assert decode_csv(text.encode(encoding), "f.csv") == text


UTF16 = 'UTF-16 (Excel\'s "Unicode Text")'


@pytest.mark.parametrize(("codec", "said"), [
    ("utf-16-le", UTF16), ("utf-16-be", UTF16), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])
def test_unicode_text_without_its_mark_is_refused_and_named(codec: str, said: str) -> None:
    # UTF-8 reads it without complaint, a NUL between letters: the header then matched nothing
    data = "payer\tcode\tallowed_amount\r\nAlpha Health\t97110\t31.50\r\n".encode(codec)
    with pytest.raises(InputError) as caught:
        decode_csv(data, "fee.csv")
    offset = 0 if codec.endswith("be") else 1
    assert str(caught.value) == (
        f"'fee.csv', line 1: byte 0x00 (NUL) at offset {offset}: text typed in a CSV file holds "
        f"none; it looks like {said} saved without its byte-order mark; {SAVE_AS_UTF8}")


def test_a_stray_nul_is_left_to_the_cell_checks() -> None:
    # they name its row and column (tests/cli/test_hostile_arguments.py)
    data = b"payer,code,allowed_amount\r\nAlpha\x00 Health,97110,31.50\r\n"
    assert decode_csv(data, "fee.csv") == data.decode("utf-8")


def test_a_nul_in_text_with_a_mark_is_left_to_the_cell_checks() -> None:
    # the mark says how to read it; the cell holding the NUL is refused where it is read
    assert decode_csv(codecs.BOM_UTF8 + b"a\x00b", "f.csv") == "a\x00b"


@given(st.text(alphabet="ab,\"\r\n\u2028", max_size=80), st.integers(min_value=1, max_value=9))
def test_text_lines_are_the_lines_the_csv_module_reads(text: str, chunk: int) -> None:
    """Cut into pieces of any size, the lines are those of one StringIO of the whole text:
    none split between a \\r and its \\n, none joined."""
    assert list(csv_text.text_lines(text, chunk=chunk)) == list(
        io.StringIO(text, newline=""))


def test_old_mac_lines_are_read_a_piece_at_a_time() -> None:
    """A file whose lines end in \\r alone (old Mac) is read as any other, a piece at a time:
    before, the search for \\n found none and the whole text became one StringIO (4 bytes a
    character: 16 MB for these 4,000,000)."""
    text = "97110,26.50\r" * 333_334
    with peak_memory() as peak:
        lines = sum(1 for _ in csv_text.text_lines(text))
    assert lines == 333_334
    assert peak.bytes < 2 << 20


class _CountedText(str):
    """Text that counts the characters its searches may look at."""

    looked = 0

    def find(self, sub: str, start: int | None = None,  # type: ignore[override]
             end: int | None = None) -> int:
        begin = 0 if start is None else start
        stop = len(self) if end is None else min(end, len(self))
        found = super().find(sub, begin, stop)
        _CountedText.looked += (stop if found == -1 else found + 1) - begin
        return found


@pytest.mark.parametrize("ending", ["\r", "\n", "\r\n"])
def test_finding_the_pieces_looks_at_each_character_a_few_times(ending: str) -> None:
    """The search for the line ending each piece ends at looks near the piece, not to the
    text's end: a file of \\r-ended lines (no \\n anywhere) was searched to its end once a
    piece (3.5 CPU s for 128 MB, against 0.3 s for the same lines ended by \\n)."""
    text = _CountedText(("97110,26.50" + ending) * 20_000)
    _CountedText.looked = 0
    lines = sum(1 for _ in csv_text.text_lines(text, chunk=10_000))
    assert lines == 20_000
    assert _CountedText.looked < 4 * len(text)


@given(st.text(alphabet="ab,\"\r\n\u2028", max_size=80), st.integers(min_value=1, max_value=9),
       st.integers(min_value=1, max_value=5))
def test_text_lines_are_the_csv_modules_lines_whatever_window_is_searched_first(
        text: str, chunk: int, window: int) -> None:
    """Searched in windows far shorter than a line (doubled until one holds its end), the
    lines are still those of one StringIO of the whole text."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_text, "_FIRST_WINDOW", window)
        assert list(csv_text.text_lines(text, chunk=chunk)) == list(
            io.StringIO(text, newline=""))


def test_a_cell_of_many_quoted_line_breaks_costs_no_list_of_lines(tmp_path: Path) -> None:
    """A quoted cell of line breaks is a line a break: the reader made a list of them, so a
    40 MB payers.csv of one such cell took 1.7 GB (``analyze``) before the cell was refused
    for its length. The lines are now read one at a time; this 4 MB file's peak stays under
    15 times its size (it was over 25 times: 2,000,000 strings of 51 bytes and their list)."""
    path = tmp_path / "payers.csv"
    cell = "a\n" * 2_000_000
    path.write_bytes(b'payer,note\nAcme,"' + cell.encode() + b'"\nBeta,x\n')
    tracemalloc.start()
    try:
        rows = csv_text.read_csv_rows(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == [["payer", "note"], ["Acme", cell], ["Beta", "x"]]
    assert peak < 15 * path.stat().st_size, f"{peak:,} bytes at peak"


@pytest.mark.parametrize(("text", "row", "column", "line", "lines"), [
    ('a,b\n1,"x\n2,3\n', 2, "B", 2, 2),
    ('a,b\r\n1,2\r\n"3,4', 3, "A", 3, 1),
    ('a,b\n1,"x""y\n', 2, "B", 2, 1),  # a doubled quote is text: the cell stays open
    ('a,b\n\n1,"x\n\n', 3, "B", 3, 2),  # a blank row is a row
    ('a,b\r1,"x\r2\r', 2, "B", 2, 2),  # old Mac line ends
    ('a,b\n1,"x\ny",3,"z\n', 2, "D", 3, 1),  # its row's first quoted cell closes
    ('a,b\n1,"x"y,"z\n', 2, "C", 2, 1),  # a cell going on after its closing quote ends
])
def test_a_quote_that_never_closes_is_refused_where_it_opens(
        text: str, row: int, column: str, line: int, lines: int) -> None:
    with pytest.raises(InputError) as caught:
        csv_rows(text, "f.csv", text=text)
    assert str(caught.value) == (
        f"'f.csv', row {row}, column {column}, line {line}: a quoted cell opens here and its "
        f"quote never closes, so the {lines} line(s) from here to the end of the file would be "
        'read as this one cell; close its quote ("), or write a quote inside a cell as two ("")')


@pytest.mark.parametrize("text", [
    'a,b\n1,"x"y"z\n2,3\n',  # after its closing quote a cell goes on as plain text
    'a,b\n1,5" cuff\n',  # a quote inside a plain cell is text
    'a,b\n1,"x\ny",3\n',
])
def test_closed_quotes_and_quotes_as_text_are_read(text: str) -> None:
    assert csv_rows(text, "f.csv", text=text) == csv_rows(text, "f.csv")


@given(st.text(alphabet='",;\r\n ab', max_size=30), st.sampled_from([",", ";"]))
def test_refused_exactly_when_the_csv_module_reads_on_past_the_end(text: str,
                                                                   delimiter: str) -> None:
    """The csv module itself as the model: a quote is open at the file's end when a line added
    after it is read into the last cell rather than as a row of its own."""
    added = list(csv.reader(io.StringIO(text + "\nZQ", newline=""), delimiter=delimiter))
    open_at_end = added[-1] != ["ZQ"]
    try:
        csv_rows(text, "f.csv", delimiter, text=text)
    except InputError as exc:
        assert open_at_end and "its quote never closes" in str(exc), (text, str(exc))
    else:
        assert not open_at_end, text


def test_the_first_lines_of_a_file_may_end_inside_a_quote() -> None:
    # a table's kind is told from its first lines, cut wherever: no file's end is there
    assert csv_rows('a,b\n1,"x\n', "f.csv") == [["a", "b"], ["1", "x\n"]]


CELLS = st.text(alphabet='ab,;"\r\n ', max_size=6)


@given(st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=5),
       st.sampled_from([",", ";"]), st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
       st.text(alphabet='ab,;\r\n ', max_size=6))
def test_rows_a_csv_writer_wrote_are_never_refused_and_one_left_open_is(
        rows: list[list[str]], delimiter: str, quoting: int, tail: str) -> None:
    """Whatever a CSV writer quotes (its line ends \r\n: one of \n quotes no \r) reads back
    row for row; a row added after them whose first cell opens a quote is refused."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, quoting=quoting).writerows(rows)
    text = out.getvalue()
    assert csv_rows(text, "f.csv", delimiter, text=text) == rows
    opened = f'{text}"{tail}'
    with pytest.raises(InputError, match=f"row {len(rows) + 1}, column A, line .*its quote "
                                         "never closes"):
        csv_rows(opened, "f.csv", delimiter, text=opened)


def _merged(tmp_path: Path, text: str) -> tuple[list[list[str]], list[csv_text.MergedRow]]:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode("utf-8"))
    found: list[csv_text.MergedRow] = []
    return csv_text.read_csv_rows(path, merged=found), found


@pytest.mark.parametrize(("text", "expected"), [
    # a note left open to the next quoted note: its line 3 is a whole row of three fields
    ('a,b,c\n1,2,"x\n3,4,"y"\n', [(2, 3, "c", 2, 3, 3, 3)]),
    # the row is the cell's middle line; the cell closes on line 4
    ('a,b,c\n1,2,"x\n3,4,5\nmore"\n', [(2, 3, "c", 2, 4, 3, 3)]),
    # a title row above the header: rows count from the file's first
    ('Fee schedule 2027\ncode,amt,note\n1,2,"x\n3,4,"y"\n', [(3, 3, "note", 3, 4, 4, 3)]),
    # a cell of column A; \r\n line ends
    ('a,b,c\r\n"x\r\n1,2,3\r\nz",2,3\r\n', [(2, 1, "a", 2, 4, 3, 3)]),
    ('a,b,c,d\n1,2,3,"x\n5,6,7,"y"\n', [(2, 4, "d", 2, 3, 3, 4)]),
    # an address of several lines, none of them three fields alone
    ('a,b,c\n1,2,"12 Commerce St\nMontgomery, AL 36104"\n', []),
    # a cell's line may read as a row by chance: 'y', ' z"' and '3' (said, never refused)
    ('a,b,c\n1,"x\ny, z",3\n', [(2, 2, "b", 2, 3, 3, 3)]),
    # a table of two columns: a line "Montgomery, AL" is two fields whatever it is
    ('a,b\n1,"x\n2,"y"\n', []),
    # rows above the header are not looked at
    ('"title\n1,2,3"\na,b,c\n1,2,3\n', []),
])
def test_a_quoted_cell_holding_a_whole_row_is_found(
        tmp_path: Path, text: str,
        expected: list[tuple[int, int, str, int, int, int, int]]) -> None:
    rows, found = _merged(tmp_path, text)
    assert rows == csv_rows(text, "f.csv")  # the rows are read as ever
    assert [(m.row, m.column, m.header, m.opened, m.closed, m.whole, m.fields)
            for m in found] == expected


HEADERS = st.lists(st.text(alphabet="hkz", min_size=1, max_size=3), min_size=3, max_size=5)
TEXT_CELLS = st.text(alphabet='ab ,"\r\né', max_size=8)


@given(HEADERS.flatmap(lambda header: st.tuples(
    st.just(header), st.lists(st.lists(TEXT_CELLS, min_size=len(header),
                                       max_size=len(header)), max_size=6))))
def test_a_table_a_csv_writer_wrote_reads_back_flagged_only_for_a_line_as_wide_as_its_header(
        table: tuple[list[str], list[list[str]]]) -> None:
    """Cells of any text, some of several lines and commas, read back as written; a cell is
    said to hold a row only when a line of it, alone, has as many fields as the header.
    Expected from each row written alone (its lines after its first start inside a cell)."""
    import tempfile

    header, body = table
    out = io.StringIO(newline="")
    csv.writer(out).writerows([header, *body])

    def holds_a_row(row: list[str]) -> bool:
        alone = io.StringIO(newline="")
        csv.writer(alone).writerow(row)
        lines = io.StringIO(alone.getvalue(), newline="").readlines()[1:]
        return any(len(next(csv.reader([line]), [])) == len(header) for line in lines)

    with tempfile.TemporaryDirectory() as folder:
        rows, found = _merged(Path(folder), out.getvalue())
    assert rows == [header, *body]
    assert sorted({m.row for m in found}) == [k for k, row in enumerate(body, 2)
                                              if holds_a_row(row)]
