"""CSV files people give RateCalc, read as text: one decoder and one reader for all of them.

A CSV has no declared encoding. Excel writes three kinds: "CSV UTF-8 (Comma delimited)" (UTF-8
with a byte-order mark), "CSV (Comma delimited)" (the Windows code page, cp1252 in the Americas
and western Europe) and "Unicode Text" (UTF-16 with a byte-order mark, tab-delimited). Other tools
write UTF-8 without a mark. :func:`decode_csv` takes, in order: a byte-order mark (UTF-8,
UTF-16 LE/BE, UTF-32 LE/BE), else UTF-8, else cp1252 when every byte is defined there. Anything
else is refused naming the line and byte offset of the first byte that cannot be read, never
guessed (a wrong guess reads "Peña" as "PeÃ±a", or a UTF-16 header as "ÿþC P T"); so is text
whose NUL bytes say it is UTF-16 or UTF-32 that lost its mark (it reads as UTF-8 with a NUL
between letters). A stray NUL is left to the cell checks, which name its row and column.

A field may be as long as the file: the cell checks (Excel's 32,767 characters per cell, in
:mod:`ratecalc.validation`) then refuse it at its row and column, instead of the csv module
stopping the whole file at 131,072 characters.

The delimiter is found from the first lines (:func:`find_delimiter`): a comma, a tab (Unicode
Text), a semicolon (Excel where a comma marks decimals) or a bar, the same for every CSV a user
gives (:func:`read_csv_rows`); two that split the lines alike are refused naming both.

The bundled data and CMS files are not decoded here: their encodings are known. A CMS CSV's
rows are checked for a quote that never closes alike (:func:`checked_rows`).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate, islice
from pathlib import Path
from typing import Any, NoReturn

from ratecalc.cell_text import restore
from ratecalc.errors import Location, Problem, UnreadableFileError, column_letter
from ratecalc.input_paths import CSV_FILE
from ratecalc.limits import MAX_CSV_BYTES, too_many_rows
from ratecalc.regular_files import open_regular, unopened

#: Byte-order marks, longest first: UTF-32 LE's mark begins with UTF-16 LE's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))

SAVE_AS_UTF8 = 'save it from Excel as "CSV UTF-8 (Comma delimited)"'


def decode_csv(data: bytes, name: str) -> str:
    """The text of a CSV file's bytes (see the module's description for the order tried).

    Raises
    ------
    InputError
        No encoding above reads every byte: names ``name``, the line and the byte offset
        (from 0, as a hex editor shows it) of the first byte that cannot be read.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(codec)
            except UnicodeDecodeError as exc:
                line = body[:exc.start].decode(codec, "replace").count("\n") + 1
                raise UnreadableFileError(
                    f"'{name}', line {line}: the file starts with a {label} byte-order mark, but "
                    f"the bytes at offset {len(bom) + exc.start:,} are not {label} "
                    f"({exc.reason}); {SAVE_AS_UTF8}") from None
    _refuse_nul(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as not_utf8:
        try:
            return data.decode("cp1252")  # Excel's "CSV (Comma delimited)" on Windows
        except UnicodeDecodeError as not_cp1252:
            first, other = not_utf8.start, not_cp1252.start
            also = (f"; byte 0x{data[other]:02X} at line {_line(data, other)}, offset {other:,} "
                    f"is not Windows-1252 either" if other != first else
                    ", nor Windows-1252")
            raise UnreadableFileError(
                f"'{name}', line {_line(data, first)}: cannot read the file as text: byte "
                f"0x{data[first]:02X} at offset {first:,} is not UTF-8{also}; "
                f"{SAVE_AS_UTF8}") from None


def _refuse_nul(data: bytes, name: str) -> None:
    """Refuse UTF-16 or UTF-32 text that lost its byte-order mark: UTF-8 and cp1252 both read
    NUL bytes, so it would pass as "p\\0a\\0y\\0e\\0r\\0" and fail later as a missing column.
    Such text holds a NUL in every other byte (UTF-16, Latin letters) or three in every four
    (UTF-32); that is said, never decoded by a guess."""
    first = data.find(b"\x00")
    if first < 0:
        return
    sample = data[:4096]
    nuls = [offset for offset, byte in enumerate(sample) if byte == 0]
    look = ""
    for width, label in ((4, "UTF-32"), (2, "UTF-16 (Excel's \"Unicode Text\")")):
        chars = len(sample) // width
        if chars and max(sum(1 for o in nuls if o % width == k) for k in range(width)) >= (
                chars * 0.9) and len(nuls) >= chars * (width - 1) * 0.9:
            look = f"; it looks like {label} saved without its byte-order mark"
            break
    if look:  # a stray NUL is left to the cell checks, which name its row and column
        raise UnreadableFileError(
            f"'{name}', line {_line(data, first)}: byte 0x00 (NUL) at offset {first:,}: text "
            f"typed in a CSV file holds none{look}; {SAVE_AS_UTF8}")


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_csv_text(path: Path) -> str:
    """The text of the CSV file at ``path`` (:func:`decode_csv`), refused in words when it is
    missing, unreadable or larger than :data:`~ratecalc.limits.MAX_CSV_BYTES`."""
    try:
        with open_regular(path) as handle:
            # its size, not the limit: a read of the limit took 256 MiB for any file; one
            # over the limit is not read at all, and one longer than it said (growing, or in
            # /proc) is read on to one byte past the limit
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > MAX_CSV_BYTES else handle.read(size + 1)
            if size < len(data) <= MAX_CSV_BYTES:
                data += handle.read(MAX_CSV_BYTES + 1 - len(data))
    except OSError as exc:
        raise UnreadableFileError(CSV_FILE.refusal(path, unopened(exc))) from None
    if size > MAX_CSV_BYTES or len(data) > MAX_CSV_BYTES:
        size = max(size, len(data))
        raise UnreadableFileError(f"'{path.name}': {size:,} bytes, more than the "
                                  f"{MAX_CSV_BYTES >> 20:,} MiB a CSV file may be; not read")
    return decode_csv(data, path.name)


@contextmanager
def _fields_as_long_as_the_file() -> Iterator[None]:
    """The csv module's field limit (131,072 characters by default, process-wide) raised to
    the largest file read, for the duration of a read only."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, MAX_CSV_BYTES))
    try:
        yield
    finally:
        csv.field_size_limit(before)


#: Excel's text-protected form, ``="00501"``: how an Excel user keeps a code's leading zeros in a
#: CSV. Only a whole cell of one quoted string (its quotes doubled inside) is this form.
_EXCEL_TEXT = re.compile(r'="((?:[^"]|"")*)"')


def cell_as_written(cell: str) -> str:
    """A CSV cell as the user wrote it: text RateCalc quoted to keep it from a spreadsheet
    (:func:`ratecalc.cell_text.restore`), or Excel's text-protected ``="97110"``, the text
    it shows. Nothing is evaluated: any other cell starting ``=`` stays as it is, for the
    cell checks to refuse where text is not expected.

    >>> cell_as_written('="97110"'), cell_as_written('="5"" cuff"'), cell_as_written("=1+1")
    ('97110', '5" cuff', '=1+1')
    >>> cell_as_written("'" + '="97110"')  # RateCalc's quote of that very text
    '="97110"'
    """
    if cell.startswith('="'):
        excel = _EXCEL_TEXT.fullmatch(cell)
        if excel is not None:
            return excel.group(1).replace('""', '"')
    return restore(cell)


def csv_rows(lines: str | Iterable[str], name: str, delimiter: str = ",", *,
             text: str | None = None,
             spans: list[tuple[int, int, int]] | None = None) -> list[list[str]]:
    """Every row of CSV text (or of its lines), each cell as written
    (:func:`cell_as_written`). Given ``text``, the whole file whose lines ``lines`` are (not
    its first lines only), a quoted cell still open at its end is refused
    (:func:`refuse_open_quote`). ``spans`` as for :func:`checked_rows`."""
    source = io.StringIO(lines, newline="") if isinstance(lines, str) else lines
    reader = csv.reader(source, delimiter=delimiter)
    try:
        with _fields_as_long_as_the_file():
            return checked_rows(reader, name, delimiter, text, cell_as_written, spans=spans)
    except csv.Error as exc:
        raise UnreadableFileError(
            f"'{name}', line {reader.line_num}: cannot read it as CSV ({exc})") from None


def checked_rows(reader: Any, name: str, delimiter: str, text: str | None,
                 cell: Callable[[str], str], *,
                 spans: list[tuple[int, int, int]] | None = None) -> list[list[str]]:
    """The rows a ``csv.reader`` reads, each cell through ``cell``; given ``text``, the whole
    file it reads, a quoted cell still open at its end is refused (:func:`refuse_open_quote`).
    Given ``spans``, each row read from more than one line is added to it as (its row, its
    first line, its last line), for :func:`merged_rows`. The csv module's errors are the
    caller's to word."""
    rows: list[list[str]] = []
    last_start = read = 0  # the line the last row starts on; the lines read before it
    for row in reader:
        rows.append([cell(value) for value in row])
        last_start, read = read + 1, reader.line_num
        if read > last_start and spans is not None:
            spans.append((len(rows), last_start, read))
    if text is not None and rows:
        refuse_open_quote(_last_lines(text, read - last_start + 1), name, delimiter,
                          row=len(rows), line=last_start)
    return rows


def _last_lines(text: str, count: int) -> list[str]:
    """The last ``count`` lines of ``text`` as the csv module reads them (:func:`text_lines`),
    from a piece of its end only: the whole text's lines were a list as long as the file."""
    size = 1 << 12
    while True:
        piece = text[-size:]
        lines = io.StringIO(piece, newline="").readlines()
        # the piece's first line may be cut (its start, or a \r\n's \r, before the piece)
        if len(piece) == len(text) or len(lines) > count:
            return lines[-count:]
        size *= 2


def refuse_open_quote(row_lines: list[str], name: str, delimiter: str, *, row: int,
                      line: int) -> None:
    """Refuse the last row of a file when one of its cells opens a quote that never closes.

    The csv module reads such a cell to the end of the file without a word: a note typed
    ``"Ther ex`` made every line after it that one cell, and a fee schedule's later codes were
    never imported (exit 0). Cells are told apart as the csv module does: a quote opens a cell
    only as its first character, ``""`` inside is a quote, and after the closing quote the
    cell goes on as plain text.

    Raises
    ------
    InputError
        Naming ``name``, the row, the column (its letter) and the line where the quote opens.
    """
    text = "".join(row_lines)
    for column, opened, close in _quoted_cells(text, delimiter):
        if close < 0:
            _refuse(name, text, opened, delimiter, row=row, column=column, line=line)


def _quoted_cells(text: str, delimiter: str) -> Iterator[tuple[int, int, int]]:
    """Each quoted cell of one row's text: its column (from 1), the offsets of its opening
    quote and of its closing quote (-1 when it never closes, the last one given). Cells are
    told apart as the csv module does: a quote opens a cell only as its first character,
    ``""`` inside is a quote, and after the closing quote the cell goes on as plain text."""
    column, at = 1, 0
    while at < len(text):
        if text[at] != '"':  # a plain cell: to the next delimiter
            end = _cell_end(text, at, delimiter)
        else:
            opened, at = at, at + 1
            while True:
                close = text.find('"', at)
                if close < 0:
                    yield column, opened, -1
                    return
                if not text.startswith('"', close + 1):
                    break
                at = close + 2
            yield column, opened, close
            end = _cell_end(text, close + 1, delimiter)
        if end >= len(text) or text[end] != delimiter:
            return
        column, at = column + 1, end + 1


def _cell_end(text: str, at: int, delimiter: str) -> int:
    """Where the unquoted rest of a cell from ``at`` ends: at the delimiter or line break (the
    first found, never a search of the rest of the row for each: a row has 16,384 cells)."""
    end = _CELL_ENDS[delimiter].search(text, at)
    return len(text) if end is None else end.start()


def _refuse(name: str, text: str, opened: int, delimiter: str, *, row: int, column: int,
            line: int) -> NoReturn:
    line += sum(1 for before in io.StringIO(text[:opened], newline="")
                if before.endswith(("\r", "\n")))
    lines_after = len(io.StringIO(text[opened:], newline="").readlines())
    raise UnreadableFileError(
        f"'{name}', row {row}, column {column_letter(column)}, line {line}: a quoted cell opens "
        f"here and its quote never closes, so the {lines_after:,} line(s) from here to the end "
        f"of the file would be read as this one cell; close its quote (\"), or write a quote "
        f"inside a cell as two (\"\")")


@dataclass(frozen=True)
class MergedRow:
    """A quoted cell holding a line that reads as a whole row of its table: most likely a
    row the cell swallowed because its quote was not closed where it should have been (a
    contact's address left open ran to the next quote, the next contract's, and that contract
    was never read), though a cell of several lines may also hold such a line on purpose.

    ``row`` and ``column`` (from 1) are the cell's; the cell runs from line ``opened`` to line
    ``closed``; ``whole`` is its first line that alone reads as ``fields`` fields, as many
    as the header has."""

    row: int
    column: int
    header: str
    opened: int
    closed: int
    whole: int
    fields: int

    @property
    def words(self) -> str:
        return (f"lines {self.opened} to {self.closed} were read as this one cell, and line "
                f"{self.whole} alone reads as a whole row ({self.fields} fields, as many as "
                f"the header); if it is one, it was not read as a row: the quote opened at "
                f"line {self.opened} lacks its closing quote (\") at the end of the cell's "
                f"text on line {self.whole - 1}")


def merged_rows(text: str, rows: list[list[str]], spans: list[tuple[int, int, int]],
                delimiter: str) -> list[MergedRow]:
    """The quoted cells of ``rows`` (read from ``text``, ``spans`` as :func:`checked_rows`
    gives them) that hold a line reading as a whole row: that line alone, read as CSV, has as
    many fields as the header, and the header has three or more (a line of a two-column
    table's address, "Montgomery, AL", splits as two). The header is the first row with two
    or more values (title rows above it are one cell); rows above it are not looked at.

    Only rows read from several lines are looked at, and of those only the ones with
    delimiters enough after their first line break have their lines found again, in one pass
    over ``text``: a file with none costs nothing more."""
    header = next((k for k, row in enumerate(rows, 1)
                   if sum(1 for value in row if value.strip()) >= 2), None)
    if header is None or len(rows[header - 1]) < 3:
        return []
    width, names = len(rows[header - 1]), rows[header - 1]
    wanted: list[tuple[int, int, int]] = []
    for span in spans:
        # the cells joined are the row's text without its quotes (a line break is only ever
        # inside a quoted cell): its delimiters after the first break are those of its lines
        # after the first. A row ended by a note or address of several lines has too few,
        # and its lines are not read again (that cost more than the whole file's reading)
        joined = delimiter.join(rows[span[0] - 1])
        newline, ret = joined.find("\n"), joined.find("\r")
        broken = newline if ret < 0 or 0 <= newline < ret else ret
        if span[0] > header and broken >= 0 and joined.count(delimiter, broken) >= width - 1:
            wanted.append(span)
    found: list[MergedRow] = []
    lines = enumerate(text_lines(text), 1)
    for row, first, last in wanted:
        row_lines = _lines_from(lines, first, last)
        if any(line.count(delimiter) >= width - 1 and _fields(line, delimiter) == width
               for line in row_lines[1:]):
            found.extend(_merged_cells(row, first, row_lines, names, width, delimiter))
    return found


def _fields(line: str, delimiter: str) -> int:
    """How many fields ``line``, alone, reads as (0 when the csv module cannot read it)."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 0


def merged_row_problems(merged: Iterable[MergedRow], title: str, file: str
                        ) -> tuple[Problem, ...]:
    """The warnings of ``merged`` (:func:`merged_rows`) in ``file``, a ``title`` table's: a
    warning, never a refusal, as docs/INPUT.md says why."""
    return tuple(Problem(title, Location(file, row=found.row,
                                         column=found.header or column_letter(found.column),
                                         letter=column_letter(found.column)),
                         found.words, severity="warning") for found in merged)


def _lines_from(lines: Iterator[tuple[int, str]], first: int, last: int) -> list[str]:
    """Lines ``first`` to ``last`` of numbered ``lines``, read on from where they stand."""
    taken: list[str] = []
    for number, line in lines:
        if number >= first:
            taken.append(line)
        if number >= last:
            break
    return taken


def _merged_cells(row: int, first: int, row_lines: list[str], names: list[str], width: int,
                  delimiter: str) -> Iterator[MergedRow]:
    text = "".join(row_lines)
    starts = list(accumulate((len(line) for line in row_lines), initial=0))[:-1]
    for column, opened, close in _quoted_cells(text, delimiter):
        # the lines starting inside the cell: every line of the row after its first does
        top = bisect_right(starts, opened) - 1
        end = bisect_right(starts, close if close >= 0 else len(text)) - 1
        for k in range(top + 1, end + 1):
            if _fields(row_lines[k], delimiter) == width:
                header = names[column - 1] if column <= len(names) else ""
                yield MergedRow(row, column, header, first + top, first + end, first + k, width)
                break


def split_counts(lines: Iterable[str], delimiter: str) -> list[int]:
    """How many fields each non-blank line splits into with ``delimiter`` (to find it)."""
    counts: list[int] = []
    try:
        with _fields_as_long_as_the_file():
            counts.extend(len(r) for r in csv.reader(lines, delimiter=delimiter)
                          if any(cell.strip() for cell in r))
    except csv.Error:  # the reader proper names the line
        pass
    return counts


#: Delimiters a CSV a user gives may have, the most usual first.
DELIMITERS = (",", "\t", ";", "|")
#: What ends an unquoted cell, by delimiter.
_CELL_ENDS = {d: re.compile(f"[{re.escape(d)}\r\n]") for d in DELIMITERS}
_SHOWN = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}


def find_delimiter(lines: list[str], name: str) -> str:
    """The delimiter that splits most of ``lines`` into the same number (two or more) of fields;
    between two that split as many, the one giving more fields. Title rows are single cells
    whatever the delimiter, so they do not vote; but a delimiter must split at least half the
    lines alike, and two of them (a header and a row) when there are two. A comma when none
    does (a one-column file).

    A semicolon file whose amounts have a decimal comma (``97110;30,50``) is a semicolon file:
    its header has no comma. Its ``30,50`` is then refused as an amount, never read as $3,050.

    Raises
    ------
    InputError
        Two delimiters split the lines alike (as many lines into as many fields): which one
        the file means cannot be decided.
    """
    scores: dict[str, tuple[int, int]] = {}
    filled = len(split_counts(lines, ","))  # the non-blank lines
    for candidate in DELIMITERS:
        wide = [n for n in split_counts(lines, candidate) if n > 1]
        if wide:
            modal = max(Counter(wide).most_common(), key=lambda kv: (kv[1], kv[0]))[0]
            agreeing = wide.count(modal)
            # a table's lines split alike: a header and its rows, most of the file. A
            # one-column file whose one name holds a semicolon ("Blue Cross; Blue Shield")
            # has no delimiter, and was read as semicolon-separated, the name cut
            if agreeing * 2 >= filled and (agreeing >= 2 or filled < 2):
                scores[candidate] = (agreeing, modal)
    if not scores:
        return ","
    ranked = sorted(scores, key=lambda c: scores[c], reverse=True)
    if len(ranked) > 1 and scores[ranked[0]] == scores[ranked[1]]:
        first, second = _SHOWN[ranked[0]], _SHOWN[ranked[1]]
        raise UnreadableFileError(
            f"'{name}': cannot tell whether its fields are separated by a {first} or a "
            f"{second}: both split its lines alike; {SAVE_AS_UTF8}")
    return ranked[0]


def read_csv_rows(path: Path, *, max_rows: int | None = None,
                  holder: str = "a CSV file",
                  check_rows: Callable[[Iterator[list[str]]], None] | None = None,
                  merged: list[MergedRow] | None = None) -> list[list[str]]:
    """Every row of the CSV file at ``path``, decoded (:func:`read_csv_text`), split at its
    delimiter (:func:`find_delimiter`), each cell as written before RateCalc's spreadsheet-safe
    quote: the one reading of a CSV a user gives.

    A file of more than ``max_rows`` rows is refused (:func:`ratecalc.limits.too_many_rows`,
    naming ``holder``) before its cells are kept: they cost far more than its text. With
    ``check_rows``, a file that may hold more than ``max_rows`` rows has its rows (cells as
    written), streamed, given to ``check_rows`` instead, which raises to refuse the file: for
    a limit that counts some rows only (a fee schedule's, those below its header).

    Given ``merged``, the quoted cells holding a line that reads as a whole row
    (:func:`merged_rows`) are added to it: the caller warns of them (docs/INPUT.md says why a
    warning, not a refusal)."""
    # lines as the csv module reads them: ended by \n, \r or \r\n only, endings kept, so a
    # quoted line break stays in its cell and a U+2028 in a note is no new row
    text = read_csv_text(path)
    delimiter = find_delimiter(list(islice(text_lines(text), 100)), path.name)
    # no more rows than line breaks (\r\n counted twice): most files are not counted
    if max_rows is not None and text.count("\n") + text.count("\r") >= max_rows:
        # counted streaming: the list of its lines alone took 240 MB for 3,000,000 rows, and
        # a StringIO of the text (4 bytes a character) 276 MB for those 69 MB
        rows = _rows_counted(text_lines(text), delimiter)
        if check_rows is not None:
            check_rows(rows)
            count = 0
        else:
            count = sum(1 for _ in rows)
        if count > max_rows:
            raise UnreadableFileError(too_many_rows(path.name, count, max_rows, holder))
    # the lines one at a time, never as a list: a cell of quoted line breaks is a line a
    # break, and a list of 20,000,000 of them (a 40 MB file) took 1.7 GB
    spans: list[tuple[int, int, int]] | None = None if merged is None else []
    table = csv_rows(text_lines(text), path.name, delimiter=delimiter, text=text, spans=spans)
    if spans and merged is not None:
        merged.extend(merged_rows(text, table, spans, delimiter))
    return table


def text_lines(text: str, chunk: int = 1 << 16) -> Iterator[str]:
    """The lines of ``text`` as the csv module reads them (``io.StringIO(text, newline="")``):
    ended by \\n, \\r or \\r\\n only, their endings kept, one at a time, a StringIO of about
    ``chunk`` characters at a time (cut after a \\n) rather than of the whole text (4 bytes a
    character).

    >>> list(text_lines("a,b\\r\\nc\\rd\\u2028e\\nf", chunk=2))
    ['a,b\\r\\n', 'c\\r', 'd\\u2028e\\n', 'f']
    """
    start = 0
    while start < len(text):
        end = _line_end(text, start + chunk)
        # the piece's lines, its StringIO gone before they are used: a StringIO of a line of
        # 60 MB holds 240 MB, kept while the line was read as CSV
        lines = io.StringIO(text[start:end], newline="").readlines()
        start = end
        yield from lines


def _line_end(text: str, at: int) -> int:
    """Where the first line ending at or after ``at`` ends: past a \\n, or past a \\r
    (old Mac files end lines with it alone: a search for \\n found none, and the whole text
    became one StringIO) but never between a \\r and its \\n; the text's end if none.

    Each search looks in a window after ``at``, doubled until an ending is in it: a search to
    the text's end for a \\n that a file of \\r-ended lines never holds, made once a piece,
    looked at the text (up to 256 MB) once for every 64 K characters of it."""
    window = _FIRST_WINDOW
    while at < len(text):
        stop = min(at + window, len(text))
        newline = text.find("\n", at, stop)
        ret = text.find("\r", at, stop if newline == -1 else newline)
        if ret != -1:
            return ret + 2 if text.startswith("\n", ret + 1) else ret + 1
        if newline != -1:
            return newline + 1
        at, window = stop, window * 2
    return len(text)


#: The first window :func:`_line_end` looks in (a line is rarely longer).
_FIRST_WINDOW = 1 << 12


def _rows_counted(lines: Iterable[str], delimiter: str) -> Iterator[list[str]]:
    """The rows of ``lines``, for counting: one that cannot be read ends them (the reading
    proper names its line)."""
    try:
        with _fields_as_long_as_the_file():
            yield from csv.reader(lines, delimiter=delimiter)
    except csv.Error:
        return
