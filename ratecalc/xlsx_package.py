"""An .xlsx/.xlsm file checked as a package before any parser reads it.

openpyxl and pandas read a part whole: a 2.7 MB file holding one 2.5 GiB shared string took
minutes and 5 GB, one of 1.5 million rows 11 GB, and an empty, text or entity-laden file got the
library's own words. :func:`check_xlsx_package` reads the zip's directory and the start of each
part (the whole of each worksheet part), and refuses, naming the file, the sheet or part and
the limit, before anything else opens the file:

- a file that is empty, not a zip, an old .xls or password-protected (an OLE file), damaged, or
  whose parts are encrypted;
- more parts, a larger part or more bytes in all than :mod:`ratecalc.limits` allows, or a
  large part compressed more than :data:`~ratecalc.limits.MAX_XLSX_RATIO` to 1 (a zip bomb);
- a workbook part listing more sheets than :data:`~ratecalc.limits.MAX_XLSX_SHEETS` (each
  reader's time grows with the square of their number: 5,001 empty sheets took 40 s);
- an XML part with a DOCTYPE (entities can expand to gigabytes, or read other files; Excel
  never writes one);
- a worksheet whose ``<dimension>``, rows or cell references go past Excel's 1,048,576 rows or
  16,384 columns. A dimension can lie or be missing, so the rows are also counted;
- more cells in all worksheets than :data:`~ratecalc.limits.MAX_XLSX_CELLS` (each costs a reader
  hundreds of bytes: a 7 MB file of 2 million cells would take a gigabyte to open);
- a number cell (no ``t`` or ``t="n"``) whose value is not a number Excel could have written:
  not a finite number (``NaN``, ``INF``, ``1E999``, ``abc``, ``1..2``: openpyxl fails to load
  the file in its own words, or reads an infinity) or longer than
  :data:`~ratecalc.limits.MAX_XLSX_NUMBER_CHARS` characters (a 500-digit integer loads, but
  cannot be saved again); a TRUE/FALSE cell (``t="b"``) holding other than 0 or 1 (``2`` too,
  which openpyxl reads as TRUE); a text cell (``t="s"``) pointing at a negative text number
  (openpyxl reads -1 as the last text), behind a cell inside it (``<c/>``, ``<c></c>``) too,
  and in any element of a row (openpyxl reads each as a cell, ``<x t="s">`` too); a TRUE/FALSE
  cell holding anything but a formula and its value (openpyxl reads a cell's first child
  ``<v>`` in its namespace: the 2 of ``<x><v>0</v></x><v>2</v>`` as TRUE); a value behind a row
  inside its cell; a cell or row inside a cell begun more than 128 KiB before it; a '>' inside
  an attribute value (``note="/>"``, which every search here takes for a tag's end: a
  TRUE/FALSE cell's 2 behind it passed; every writer writes ``&gt;``); and a
  value behind more than 16 other elements of its cell, or further than 128 KiB into it (Excel
  writes at most a formula there);
  a cell whose type (``t``) is none of the seven a cell may have (``t="zz"``: openpyxl reads
  its value as raw text, where Excel reports the file damaged);
- an XML part other than a worksheet that is not well-formed XML (each up to 1 MiB, and the
  workbook part and its relationships whatever their size): the sheets are found in those two
  by pattern (:mod:`ratecalc.xlsx_parts`), and one cut short read as "every sheet is hidden" or
  "only a chart sheet"; openpyxl keeps a theme as it is, so a refresh saved a cut one again;
- a table part (whatever its size) whose range (``ref``) is missing or no range of a sheet's
  cells (``A1:XFE9``, ``B9:A1``): every reader takes the table's rows and columns from it.

The sizes checked are the ones the zip's directory declares: Python's zipfile stops inflating
a part at that size (and then fails its CRC), so no reader here inflates more. Only the
standard library is used, so the core's own readers can call it.
"""

from __future__ import annotations

import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ratecalc.deferred_pattern import deferred
from ratecalc.errors import InputError, UnreadableFileError
from ratecalc.file_signatures import OLE, ZIP, ZIP_RECORD
from ratecalc.input_paths import WORKBOOK_FILE
from ratecalc.limits import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_XLSX_CELLS,
    MAX_XLSX_NUMBER_CHARS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHEETS,
    MAX_XLSX_TOTAL_BYTES,
    MIN_RATIO_CHECKED_BYTES,
)
from ratecalc.regular_files import MISSING, open_regular, resolved, unopened
from ratecalc.xlsx_parts import (
    HEAD_BYTES,
    WORKBOOK,
    column_number,
    relations,
    relations_path,
    sheet_parts,
)
from ratecalc.zip_archive import OPEN_FAILURES, ZIP_FAILURES, is_folder, zip_fault

_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_ROOT = re.compile(rb"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)")
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']*)[\"']")
_CORNER = re.compile(r"^\$?([A-Za-z]*)\$?([0-9]+)$")
# Whitespace made a space and quotes double, so that a reference reads r="...".
_NORMAL = bytes.maketrans(b"\t\n\r'", b'   "')
# A row is <row ...>, counted in C (<rowBreaks>, also counted, is one element a sheet); or, in
# the rare sheet with a prefix, an opening <x:row ...> (not its closing </x:row>).
_PREFIXED_ROW = re.compile(rb"<[\w.-]+:row[\s/>]")
# A cell is <c ...>, <c> or <c/>, or <x:c ...> with a prefix. "<c" is counted in C: it also
# counts a sheet's few other elements starting so (<cols>, <col>, <cfRule>), which is no matter
# against a limit of millions, and one count costs a third of three exact ones.
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[\s/>]")
_OVERLAP = 64
# Digits made b"0", quotes kept, the rest b" " (as ratecalc.market_rates.limits.DIGIT_MASK):
# a row number past Excel's is 7 digits or more, at the end of an attribute, so bytes.find
# finds each candidate, and a real sheet has next to none (numbers in <v> end with '<').
_DIGIT_MASK = bytes(0x30 if 0x30 <= b <= 0x39 else b if b == 0x22 else 0x20
                    for b in range(256))
_LONG_RUN = b'0000000"'
_ROW_ATTRIBUTE = re.compile(rb'(?:^|[^\w.:-])r="(\$?[A-Za-z]{0,3}\$?)$')
# A cell's value <v> that is not plainly a number (up to 13 digits, a point and 17 decimals:
# MAX_XLSX_NUMBER_CHARS at most) nor empty. One search a chunk: bytes operations (a translate
# deleting digits, then counts) cost as much, and a real sheet has next to no such values (those
# of text formulas, errors, dates and exponents), each then read whole (_odd_value).
_ODD_VALUE = re.compile(rb"<v(?:\s[^>]*)?>(?!-?[0-9]{1,13}(?:\.[0-9]{1,17})?</|</)")
# The same, in the rare sheet with a prefix (<x:v>, looked for when it has <x:c>).
_ODD_VALUE_ANY = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>"
                            rb"(?!-?[0-9]{1,13}(?:\.[0-9]{1,17})?</|</)")
# A <v> holding a negative number: a number cell's is a value, a text cell's no text.
_NEGATIVE_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>(?=[\t\n\r ]*-)")
# What openpyxl reads of a cell (parse_cell) is its type attribute and the text of its first
# child <v>, in a row's every element; a <v> inside another element of the cell is no value,
# nor is one in another namespace. The check reads, as fast as it must, "the first <v> after the
# cell's start tag". The two agree on a text or TRUE/FALSE cell (t="s", t="b", the only types a
# wrong value of which openpyxl reads as another cell's text or as TRUE) of the shape every
# writer saves: its start tag, at most a formula (<f>, text only), at most one value (<v>, no
# attribute), its end; so such a cell of any other shape is found by the same search as a wrong
# value, and read in Python (review-h7 left a TRUE/FALSE cell whose 2 followed <x><v>0</v></x>,
# <c><v>0</v></c> or <v xmlns="..">0</v>, judged by its 0, where openpyxl read TRUE). Between
# them, whitespace, text, comments, processing instructions, CDATA sections and empty elements
# other than a value (<c/>) are passed over, as holding no value. In text normalized by _NORMAL
# (whitespace a space, every quote '"'), and with no space around an '=', every type attribute
# reads ' t="', a literal the search jumps between: a sheet's every number cell is passed over
# in C, where each negative <v> read in Python made a sheet of 300,000 negative amounts 6-7
# times as slow to check as one of positive amounts. The _ANY patterns take the type attribute
# however it is spaced.
_NAME = rb"(?:[\w.-]+:)?"
_GAP = (rb"(?:[^<]|<!--(?s:.*?)-->|<!\[CDATA\[(?s:.*?)\]\]>|<\?(?s:.*?)\?>"
        rb"|<(?!" + _NAME + rb"v[\s/>])[\w.:-]+(?:\s[^<>]*)?/>)*+")
# A complete start tag or empty element: an element a writer never puts where it stands (cut by
# the chunk, it is no match: the next piece reads the cell again from its start tag). An empty
# one counts: a formula holding <v/> or <x/> ended the formula's text unread, and the 2 after it
# passed where openpyxl read TRUE.
_ELEMENT = rb"<" + _NAME + rb"[\w.-]+(?:\s[^<>]*)?/?>"
_FORMULA_TEXT = rb"(?:[^<]|<!--(?s:.*?)-->|<!\[CDATA\[(?s:.*?)\]\]>|<\?(?s:.*?)\?>)*+"
_VALUE_TAG = rb"<(?:[\w.-]+:)?v(?:\s[^<>]*)?>"
_EMPTY_VALUE = rb"<" + _NAME + rb"v\s*/>"


def _typed_cell(good_value: bytes, wrong_value: bytes) -> bytes:
    """From the rest of a typed cell's start tag to where it is to be read: group ``value``, a
    ``<v>`` whose text ``wrong_value`` matches (where ``good_value``, the whole element, does
    not), or group ``odd``, an element a writer never puts there (a second value, an element
    inside the formula or around a value). No match for a cell of the usual shape."""
    after_value = (rb"(?:(?:" + good_value + rb"|" + _EMPTY_VALUE + rb")" + _GAP + rb")?+"
                   rb"(?!</)(?:(?P<value><" + _NAME + rb"v>" + wrong_value + rb")"
                   rb"|(?P<odd>" + _ELEMENT + rb"))")
    formula_start = rb"<" + _NAME + rb"f(?:\s[^<>]*)?"
    formula_end = rb"</" + _NAME + rb"f\s*>"
    return (rb"[^<>]*(?<!/)>" + _GAP
            + rb"(?:(?:" + formula_start + rb"(?:/>|(?<!/)>" + _FORMULA_TEXT + formula_end
            + rb")" + _GAP + rb"|(?!<" + _NAME + rb"f[\s/>]))" + after_value
            + rb"|" + formula_start + rb"(?<!/)>" + _FORMULA_TEXT + rb"(?P<inner>" + _ELEMENT
            + rb"))")


# A type written with a character reference (t="&#115;", an "s" to every XML parser) is taken
# as one that may be text.
_TEXT_OR_BOOL = rb'"(?:\s*[sb]\s*|[^"<>]*&[^"<>]*)"'
# A text or TRUE/FALSE cell whose <v> holds a negative number (openpyxl read a text cell's -1
# as the last text), or of another shape: each negative <v> is then read (_cell_of).
_TYPED_CELL_REST = _typed_cell(rb"<" + _NAME + rb"v>(?![\t\n\r ]*-)[^<]*+</" + _NAME
                               + rb"v\s*>", rb"(?=[\t\n\r ]*-)")
# This one, _negative_typed_any and _odd_bool are long and only an unusual cell needs them:
# compiled when first used (ratecalc.deferred_pattern), not by every command that loads this.
_negative_typed = deferred(rb" t=" + _TEXT_OR_BOOL + _TYPED_CELL_REST)
# A text or TRUE/FALSE cell other than the usual t="s"><v>12</v></c>: only these are read with
# _negative_typed, which cost a tenth more on a sheet of text cells beside negatives; and the
# type written with a character reference, apart.
_UNUSUAL_TYPED = re.compile(rb' t="(?:[sb]"(?!><v>[0-9]+</v></c>)| )')
_NEGATIVE_TYPED_REFERENCE = re.compile(rb' t="[^"<>]*&[^"<>]*"' + _TYPED_CELL_REST)
_negative_typed_any = deferred(rb"\st\s*=\s*" + _TEXT_OR_BOOL + _TYPED_CELL_REST)
# A TRUE/FALSE cell whose <v> holds other than 0 or 1 (openpyxl read 2 as TRUE: such a value is
# a plain number, which _ODD_VALUE and _NEGATIVE_VALUE pass over), or of another shape.
_NOT_0_OR_1 = _typed_cell(rb"<" + _NAME + rb"v>[\t\n\r ]*[01][\t\n\r ]*</" + _NAME + rb"v\s*>",
                          rb"")
_BOOL_NOT_0_OR_1 = rb'"(?:\s*b\s*|[^"<>]*&[^"<>]*)"' + _NOT_0_OR_1
# As written (t="b", a literal the search jumps between) and with a character reference, apart:
# one pattern for both tried each of a sheet's typed cells twice.
_odd_bool = deferred(rb' t="b"' + _NOT_0_OR_1)
# A TRUE/FALSE cell other than the usual t="b"><v>0</v></c> or 1: only these are read with
# _odd_bool, which cost four times this search on a sheet of TRUE/FALSE cells.
_UNUSUAL_BOOL = re.compile(rb' t="b"(?!><v>[01]</v></c>)')
_ODD_BOOL_REFERENCE = re.compile(rb' t="[^"<>]*&[^"<>]*"' + _NOT_0_OR_1)
_ODD_BOOL_ANY = re.compile(rb"\st\s*=\s*" + _BOOL_NOT_0_OR_1)
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_CELL_REF = re.compile(rb'\sr\s*=\s*"([^"]*)"')
_CELL_TYPE = re.compile(rb'\st\s*=\s*"([^"]*)"')
# A type attribute (``t``, in the normalised text) other than the seven a cell may have
# (ECMA-376's ST_CellType); its closing quote is required, so a value cut by the chunk is
# judged whole in the next one. A formula's own ``t`` (shared, array) matches too, and is told
# apart by its element (:func:`_check_types`).
_ODD_TYPE = re.compile(rb' t *= *"(?!(?:b|d|e|n|s|str|inlineStr)")([^"<>]{0,64})"')
#: The cell types, as a message lists them.
_CELL_TYPES = "b, d, e, inlineStr, n, s or str"
_VALID_TYPES = frozenset((b"b", b"d", b"e", b"n", b"s", b"str", b"inlineStr"))


def _as_parsed(value: bytes) -> bytes:
    """A type attribute's value as an XML parser reads it (its references replaced: ``&#115;``
    is ``s``), as :func:`_value_read` reads a value; ``value`` where it is not XML."""
    from xml.etree import ElementTree  # only for a type no writer spells so

    try:
        return (ElementTree.fromstring(b'<c t="' + value + b'"/>').get("t") or "").encode()
    except ElementTree.ParseError:
        return value


_VALUE_END = re.compile(rb"</(?:[\w.-]+:)?v[\t\n\r ]*>")
# A number as Excel, LibreOffice or openpyxl writes it (ASCII only: int() takes "1_000" and
# Arabic-Indic digits, which no writer here does).
_NUMBER = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_XML_SPACE = b" \t\r\n"


class _Refused(Exception):
    """A part breaks a rule; :func:`check_xlsx_package` names the file and sheet."""


def check_xlsx_package(source: str | Path | bytes, name: str | None = None) -> None:
    """Refuse an .xlsx/.xlsm that no reader should open (see the module notes).

    Parameters
    ----------
    source : path or bytes
        The workbook file, or its content.
    name : str, optional
        What to call it in messages (default: the file's name).

    Raises
    ------
    ratecalc.errors.UnreadableFileError
        Naming the file, the sheet (else the part), the rule and its limit.
    ratecalc.errors.InputError
        No such file, or a folder.
    """
    label = name or (Path(source).name if not isinstance(source, bytes) else "workbook")
    try:
        version = None if isinstance(source, bytes) else _version(Path(source))
        if version is not None and version == _last_passed[0]:
            return  # a command reading the file twice (which reader, then the reader) checks once
        with (io.BytesIO(source) if isinstance(source, bytes) else open_regular(source)
              ) as handle:
            _check(handle, label)
        _last_passed[0] = version
    except OSError as exc:  # bytes raise none: the path is the one given
        words = WORKBOOK_FILE.refusal(str(source), unopened(exc))
        raise (InputError(words) if unopened(exc) == MISSING else UnreadableFileError(words)
               ) from None


# The file (path, size, modification time) the last check passed.
_last_passed: list[tuple[str, int, int] | None] = [None]


def _version(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(resolved(path)), stat.st_size, stat.st_mtime_ns


def _check(handle: BinaryIO, label: str) -> None:
    start = handle.read(len(OLE))
    size = handle.seek(0, io.SEEK_END)
    handle.seek(0)
    expected = "expected an Excel workbook (.xlsx or .xlsm, a zip package)"
    if not start:
        raise UnreadableFileError(f"'{label}': the file is empty; {expected}")
    if start == OLE:
        raise UnreadableFileError(
            f"'{label}': an Excel 97-2003 (.xls) or password-protected workbook; {expected}: "
            f"save it from Excel as .xlsx without a password")
    if size > MAX_XLSX_TOTAL_BYTES:
        raise UnreadableFileError(
            f"'{label}': {size:,} bytes, more than the {_mib(MAX_XLSX_TOTAL_BYTES)} a workbook "
            f"may be; not read")
    try:
        archive = zipfile.ZipFile(handle)
    except OPEN_FAILURES:
        kind = "text" if _looks_like_text(start) else "not a zip package"
        what = "it is damaged" if start.startswith(ZIP_RECORD) else f"it is {kind}"
        raise UnreadableFileError(f"'{label}': {expected}; {what}") from None
    with archive:
        if WORKBOOK not in archive.NameToInfo:
            # a plain zip or a Word file named .xlsx: every reader looks for this part (refresh
            # stopped with an internal error, KeyError, where analyze named openpyxl's words)
            raise UnreadableFileError(
                f"'{label}': {expected}; it is a zip package without a workbook part "
                f"({WORKBOOK}): another kind of file, named as a workbook")
        _refuse_strict(archive, label)
        try:
            _check_archive(archive, handle)
        except _Refused as exc:
            raise UnreadableFileError(f"'{label}', {exc}; not read") from None
        except ZIP_FAILURES as exc:  # e.g. a part compressed with Deflate64, a failed CRC
            raise UnreadableFileError(
                f"'{label}': {expected}; it is {zip_fault(exc)}") from None


#: The namespace of a workbook saved as "Strict Open XML Spreadsheet" (ISO/IEC 29500 Strict),
#: which Excel offers beside "Excel Workbook" under the same .xlsx extension.
_STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def _refuse_strict(archive: zipfile.ZipFile, label: str) -> None:
    """Refuse a Strict Open XML workbook: openpyxl knows only the Transitional namespaces, and
    found no sheet in one, so every command said something else was wrong (each table "no
    sheet named 'Settings'", an import "Worksheet named 'Start' not found") and `workbook
    upgrade` stopped with an internal error. The namespace is declared on the root element,
    within its first bytes."""
    try:
        with archive.open(WORKBOOK) as part:
            # the root found and its tag cut from the same bytes: a UTF-8 byte order mark
            # before a declaration put the cut 3 bytes early, in the declaration
            head = part.read(HEAD_BYTES).removeprefix(b"\xef\xbb\xbf")
    except ZIP_FAILURES:
        return  # named by the part checks that follow, as every damaged part is
    root = _ROOT.search(head)
    if root is not None and _STRICT_NAMESPACE in head[root.start():head.find(b">", root.start())]:
        raise UnreadableFileError(
            f"'{label}': saved as a Strict Open XML Spreadsheet, which RateCalc cannot read; "
            f"expected an Excel Workbook (.xlsx or .xlsm, Transitional, as Excel saves by "
            f"default): open it in Excel and save it as 'Excel Workbook (*.xlsx)'")


def _check_archive(archive: zipfile.ZipFile, handle: BinaryIO) -> None:
    infos = [i for i in archive.infolist() if not is_folder(i)]
    if any(not i.filename for i in infos):
        raise _Refused("a part with no name: the package is damaged")
    if len(infos) > MAX_XLSX_PARTS:
        raise _Refused(f"{len(infos):,} parts: more than the {MAX_XLSX_PARTS:,} a workbook "
                       f"may have")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Refused(f"{_where(archive, info.filename)}: encrypted; expected a workbook "
                           f"without a password")
        if info.file_size > MAX_XLSX_PART_BYTES:
            raise _Refused(f"{_where(archive, info.filename)}: unpacks to {info.file_size:,} "
                           f"bytes, more than the "
                           f"{_mib(MAX_XLSX_PART_BYTES)} one part of a workbook may hold")
        if info.file_size > MIN_RATIO_CHECKED_BYTES \
                and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            raise _Refused(f"{_where(archive, info.filename)}: {info.compress_size:,} bytes "
                           f"unpack to {info.file_size:,}, compressed more than {MAX_XLSX_RATIO}:1 "
                           f"(a zip bomb; a workbook's parts compress about 10:1)")
        total += info.file_size
    if total > MAX_XLSX_TOTAL_BYTES:
        raise _Refused(f"its parts unpack to {total:,} bytes, more than the "
                       f"{_mib(MAX_XLSX_TOTAL_BYTES)} a workbook may hold")
    _check_sheet_count(archive)
    # cells are counted when the parts could hold more than the limit, even as <c/>
    cells = [0] if total > MAX_XLSX_CELLS * len(b"<c/>") else None
    texts = _Texts()
    for info in infos:
        _check_part(archive, handle, info, cells, texts)
    texts.check(archive)


#: A sheet the workbook part lists: ``<sheet .../>``, with a namespace prefix or not (never
#: ``<sheets>`` nor ``<sheetPr>``, nor another element whose name begins so).
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet[\s/>]")


def _check_sheet_count(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook listing more than :data:`MAX_XLSX_SHEETS` sheets. They are counted in
    the workbook part, where every reader finds them: entries pointing at one worksheet part
    cost a reader as much as as many parts would."""
    try:
        listed = len(_SHEET.findall(archive.read(WORKBOOK)))
    except ZIP_FAILURES:
        return  # a damaged part is named by the part checks that follow
    if listed > MAX_XLSX_SHEETS:
        raise _Refused(f"{listed:,} sheets: more than the {MAX_XLSX_SHEETS:,} a workbook may "
                       f"have (RateCalc's reading time grows with the square of their number); "
                       f"delete the sheets RateCalc does not read, or copy the ones it does "
                       f"into a new workbook")


#: The least a worksheet's cell using a shared text takes of it [bytes].
_TEXT_CELL_BYTES = len(b'<c t="s"><v>0</v></c>')
#: Texts a shared-strings list may hold beyond those its cells could use: Apache POI, NPOI,
#: OpenXLSX and the Open XML SDK's samples keep a text whose cell was overwritten or whose row
#: was removed, so a schedule written over a long template lists the template's texts too
#: (1,000 refused such a book of 300 rows listing 30,300). openpyxl reads 100,000 unused texts
#: in about 1.4 CPU-s and 26 MB (review-a12, load 9), against 40 CPU-s and 568 MB for the
#: 3,000,000 of the file this limit is for.
_UNUSED_TEXTS_ALLOWED = 100_000
#: A text of a shared-strings list: ``<si>``, with a namespace prefix or attributes.
_SHARED_TEXT = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")


class _Texts:
    """The shared-strings lists' texts and the worksheets' bytes, counted part by part
    (:func:`_check_part`) and weighed once every part is read (:meth:`check`).

    openpyxl builds every text of the list before it reads a cell (3,000,000 texts of a 15 MB
    file: 40 CPU-s and 568 MB for three cells). Excel, LibreOffice and openpyxl list only the
    texts their cells use, and each such cell takes :data:`_TEXT_CELL_BYTES` of its sheet at
    the least, so a list longer than its worksheets could use is no workbook of theirs.
    """

    def __init__(self) -> None:
        self.sheet_bytes = 0
        self.counts: dict[str, int] = {}

    def count(self, part: str, head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """Count ``part``'s texts in ``head`` and each of ``chunks`` as they are passed on."""
        tail = b""
        for chunk in _and(head, chunks):
            joined = tail + chunk
            # a tag cut between two chunks is counted once, in the chunk it ends in
            self.counts[part] = (self.counts.get(part, 0) + len(_SHARED_TEXT.findall(joined))
                                 - len(_SHARED_TEXT.findall(tail)))
            tail = joined[-16:]
            yield chunk

    def check(self, archive: zipfile.ZipFile) -> None:
        most = self.sheet_bytes // _TEXT_CELL_BYTES
        for part, found in self.counts.items():
            if found > most + _UNUSED_TEXTS_ALLOWED:
                raise _Refused(
                    f"{_where(archive, part)}: lists {found:,} texts, more than its "
                    f"worksheets' cells could use ({self.sheet_bytes:,} bytes of worksheets "
                    f"hold at most {most:,} cells using a text, and "
                    f"{_UNUSED_TEXTS_ALLOWED:,} more are allowed); if the program that wrote "
                    f"it kept texts of cells since removed, open it in Excel or LibreOffice "
                    f"and save it again: they list only the texts its cells use")


def _and(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from chunks


#: Largest part other than a worksheet whose XML is parsed whole for its well-formedness
#: [bytes]: a theme, the styles, a table, the comments are a few KB to a few hundred.
_PARSED_PART_BYTES = 1 << 20


def _parsed(info: zipfile.ZipInfo, root: bytes | None) -> bool:
    """Whether a part's XML is checked well-formed (:func:`_check_well_formed`): the workbook
    part and its relationships always (the sheets are found in them by pattern, which read one
    cut short as a workbook of no sheets or of hidden ones), and every other XML part but a
    worksheet up to :data:`_PARSED_PART_BYTES`: openpyxl keeps some as they are (the theme),
    so a save wrote a workbook Excel reports as damaged. Worksheets are parsed by every reader,
    and are the most of a workbook's bytes."""
    if info.filename in (WORKBOOK, relations_path(WORKBOOK)):
        return True
    return root not in (None, b"worksheet") and info.file_size <= _PARSED_PART_BYTES \
        and info.filename.lower().endswith((".xml", ".rels"))


def _check_well_formed(archive: zipfile.ZipFile, part: str, data: bytes,
                       references: _StyleReferences | _TableRange | None = None) -> None:
    """Refuse ``part`` unless ``data``, its bytes, are well-formed XML (they have passed the
    checks above: their size, no DOCTYPE, their CRC); ``references``: its elements told to it
    as they are parsed, in the same pass."""
    from xml.parsers import expat  # the C parser of the standard library: a few KB in 0.1 ms

    parser = expat.ParserCreate()
    if references is not None:
        parser.StartElementHandler = references.start
        parser.EndElementHandler = references.end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise _Refused(
            f"{_where(archive, part)}: damaged: not well-formed XML "
            f"({expat.ErrorString(exc.code)}, line {exc.lineno}, column {exc.offset + 1}), as a "
            f"file cut short or changed by hand is; open it in Excel, which repairs it or says "
            f"what it lost, or use a copy saved before") from None


def _check_part(archive: zipfile.ZipFile, handle: BinaryIO, info: zipfile.ZipInfo,
                cells: list[int] | None, texts: _Texts) -> None:
    """One part's rules; a part the zip cannot give whole (its CRC fails, its data is cut or
    corrupt) is refused naming the sheet it belongs to, as every reader would fail on it."""
    try:
        chunks = _inflated(archive, handle, info)
        head = next(chunks, b"")
        root = _xml_root(head, info.filename, archive)
        if root == b"worksheet":
            texts.sheet_bytes += info.file_size
            _check_dimension(head, info.filename, archive)
            _check_rows(head, chunks, info.filename, info.file_size, archive, cells)
        elif root == b"sst":
            counted = texts.count(info.filename, head, chunks)
            head, chunks = next(counted), counted
        # the styles and tables whatever their size: their references are checked below
        kept = [head] if _parsed(info, root) or root in _REFERENCE_PARTS else None
        for chunk in chunks:  # the rest, for its CRC: openpyxl read it later, named as a part
            if kept is not None:
                kept.append(chunk)
    except ZIP_FAILURES as exc:
        raise _Refused(f"{_where(archive, info.filename)}: {_damage(exc)}") from None
    if kept is not None:
        references = _REFERENCE_PARTS[root]() if root in _REFERENCE_PARTS else None
        _check_well_formed(archive, info.filename, b"".join(kept), references)
        if references is not None:
            references.check(archive, info.filename)


#: The lists of a styles part a cell format (``<xf>``) points into by number: ``fontId`` is
#: a place in ``<fonts>``, and so on.
_STYLE_LISTS = {"fonts": "font", "fills": "fill", "borders": "border"}


class _StyleReferences:
    """The fonts, fills and borders a styles part holds and those its cell formats name, told
    by the parse of :func:`_check_well_formed`: openpyxl's load failed on a format naming one
    the part lacks with Python's words, "cannot read it as XLSX (list index out of range)",
    naming no part (Excel reports such a file as damaged)."""

    def __init__(self) -> None:
        self.held = dict.fromkeys(_STYLE_LISTS.values(), 0)
        self.named: list[tuple[str, int]] = []
        self.open: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        parent = self.open[-1] if self.open else ""
        if _STYLE_LISTS.get(parent) == local:
            self.held[local] += 1
        elif local == "xf" and parent in ("cellXfs", "cellStyleXfs"):
            self.named.extend((kind, int(value)) for kind in self.held
                              if (value := attrs.get(f"{kind}Id", "")).isdigit())
        self.open.append(local)

    def end(self, name: str) -> None:
        self.open.pop()

    def check(self, archive: zipfile.ZipFile, part: str) -> None:
        for kind, number in self.named:
            if number >= self.held[kind]:
                raise _Refused(
                    f"{_where(archive, part)}: a cell format names {kind} {number}, but the "
                    f"part holds {self.held[kind]} (numbered from 0); damaged, as a file "
                    f"changed by hand is: open it in Excel, which repairs it, or use a copy "
                    f"saved before")


class _TableRange:
    """The range of cells a table part says its table covers (its root's ``ref``), told by the
    parse of :func:`_check_well_formed`. Every reader takes the table's rows and columns from
    it: one with no ``ref``, or one that is no range of a sheet's cells (``A1:XFE9``, ``B9:A1``,
    ``A:A``), stopped them with an internal error (openpyxl's ``range_boundaries`` on None) or
    read another range than the table's. Excel reports such a file as damaged."""

    def __init__(self) -> None:
        self.ref: str | None = None
        self.name = ""
        self.depth = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.depth == 0:
            self.ref = attrs.get("ref")
            self.name = attrs.get("displayName") or attrs.get("name") or ""
        self.depth += 1

    def end(self, name: str) -> None:
        self.depth -= 1

    def check(self, archive: zipfile.ZipFile, part: str) -> None:
        if self.ref is not None and _is_cell_range(self.ref):
            return
        table = f"table {self.name!r}" if self.name else "its table"
        said = ("names no range of cells (ref)" if self.ref is None else
                f"covers {self.ref!r}, which is no range of a sheet's cells (from its top left "
                f"to its bottom right cell, within column XFD and row {EXCEL_MAX_ROWS:,})")
        raise _Refused(
            f"{_where(archive, part)}: {table} {said}; damaged, as a file changed by hand is: "
            f"open it in Excel, which repairs it or says what it lost, or use a copy saved "
            f"before")


_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")


def _is_cell_range(ref: str) -> bool:
    """Whether ``ref`` is a cell (``B4``) or a range from its top left cell to its bottom right
    (``B4:F12``, ``$B$4:$F$12``, in either case as openpyxl reads it) within Excel's sheet."""
    corners = []
    for corner in ref.split(":") if ref.count(":") <= 1 else ():
        found = _CELL.fullmatch(corner.upper())
        if found is None or _out_of_range(corner):
            return False
        corners.append((column_number(found.group(1)), int(found.group(2))))
    return bool(corners) and all(a <= b for a, b in zip(corners[0], corners[-1], strict=True))


#: The parts whose references into other things are checked as they are parsed, by root.
_REFERENCE_PARTS: dict[bytes | None, type[_StyleReferences] | type[_TableRange]] = {
    b"styleSheet": _StyleReferences, b"table": _TableRange}


def _damage(exc: BaseException) -> str:
    """What a part the zip cannot give whole is, for a workbook's user."""
    if "CRC" in str(exc):
        return ("damaged: its content fails the check (CRC) the file stores with it, so it is "
                "not what was saved: open the workbook in Excel, which repairs it or says what "
                "it lost, or use a copy saved before")
    return zip_fault(exc)


def _xml_root(head: bytes, part: str, archive: zipfile.ZipFile) -> bytes | None:
    """The local name of the part's root element; None for a part that is not XML.

    The prolog is walked (declaration, comments, processing instructions) rather than
    searched, so that a comment cannot hide a DOCTYPE or pass for the root.
    """
    text = head.removeprefix(b"\xef\xbb\xbf")
    utf16 = text[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in text[:4]
    if utf16:
        encoding = "utf-16" if text[:2] in (b"\xff\xfe", b"\xfe\xff") \
            else "utf-16-le" if text[:1] != b"\x00" else "utf-16-be"
        text = text.decode(encoding, "replace").encode("utf-8")
    at = 0
    while True:
        at = len(text) - len(text[at:].lstrip())
        if text.startswith((b"<?", b"<!--"), at):
            close = b"?>" if text.startswith(b"<?", at) else b"-->"
            end = text.find(close, at + 2)
            if end == -1:
                break
            at = end + len(close)
        elif text.startswith(b"<!", at):
            declared = text[at + 2:at + 12].split()[0].decode("ascii", "replace") \
                if text[at + 2:at + 12].split() else "declaration"
            raise _Refused(f"{_where(archive, part)}: the XML declares a {declared.upper()} "
                           f"(its entities could expand to gigabytes or read other files; "
                           f"Excel never writes one)")
        else:
            found = _ROOT.match(text, at)
            if found is None:
                if at >= len(text):
                    _refuse_long_prolog(head, part, archive)
                return None
            if utf16 and found.group(1) == b"worksheet":
                raise _Refused(f"{_where(archive, part)}: a worksheet in UTF-16; expected "
                               f"UTF-8, as Excel writes it")
            return found.group(1)
    _refuse_long_prolog(head, part, archive)
    return None


def _refuse_long_prolog(head: bytes, part: str, archive: zipfile.ZipFile) -> None:
    """A part whose first :data:`HEAD_BYTES` hold no element is refused: what follows could
    be anything. A shorter part with none is not XML, and left to the parser."""
    if len(head) >= HEAD_BYTES:
        raise _Refused(f"{_where(archive, part)}: no XML element in its first "
                       f"{HEAD_BYTES:,} bytes (Excel starts one within a few dozen)")


def _check_dimension(head: bytes, part: str, archive: zipfile.ZipFile) -> None:
    found = _DIMENSION.search(head)
    if found is None:
        return
    ref = found.group(1).decode("ascii", "replace")
    for corner in ref.split(":"):
        if _out_of_range(corner):
            raise _Refused(f"{_where(archive, part)}: its dimension {ref!r} goes past "
                           f"{_excel_size()}")


def _check_rows(head: bytes, chunks: Iterator[bytes], part: str, size: int,
                archive: zipfile.ZipFile, cells: list[int] | None) -> None:
    """Rows of one worksheet against Excel's, its references against Excel's size, and its
    cells added to ``cells[0]`` (all worksheets so far; None: not counted) against the limit."""
    rows = 0
    # a part too small to hold more rows than Excel's, even as <row/>, is not counted
    counted = size > EXCEL_MAX_ROWS * len(b"<row/>")
    tail = raw_tail = previous = b""
    booleans_before = False
    in_cell: bool | None = False  # the text so far ends inside a cell
    in_a_far_cell = False  # ... one whose start tag is not in the text held
    from_start = True  # previous begins at the part's start
    for chunk in _joined(head, chunks):
        # the tail of the last chunk is read again, so that a tag or reference cut in two is
        # found whole; the rows counted in it are taken off again
        text = (tail + chunk).translate(_NORMAL)
        if counted:
            rows += _rows_in(text) - _rows_in(text[:len(tail)])
        if rows > EXCEL_MAX_ROWS:
            raise _Refused(f"{_where(archive, part)}: more than {EXCEL_MAX_ROWS:,} rows, the "
                           f"most Excel allows")
        prefixed = b":c" in text
        if cells is not None:
            cells[0] += _cells_in(text, prefixed) - _cells_in(text[:len(tail)])
            if cells[0] > MAX_XLSX_CELLS:
                raise _Refused(f"{_where(archive, part)}: the sheets hold more than "
                               f"{MAX_XLSX_CELLS:,} cells up to here, the most RateCalc reads "
                               f"(reading them would take gigabytes of memory; a workbook of 40 "
                               f"payers and 300 codes has about 550,000)")
        if _ODD_TYPE.search(text) is not None:
            _check_types(text, previous[:len(previous) - len(tail)], part, archive)
        # a '>' inside an attribute value is followed by a quote once all else is deleted: a
        # translate and a find cost a third of _QUOTED_GT's search, on a sheet with no quote in
        # its text (only its formulas' and inline texts' quotes make the search run)
        if b'>"' in text.translate(None, _NOT_QUOTE_OR_BRACKET) \
                and _QUOTED_GT.search(text) is not None:
            _check_attribute_values(text, raw_tail + chunk,
                                    previous[:len(previous) - len(tail)], part, archive)
        far = _far_reference(text)
        if far is not None:
            raise _Refused(f"{_where(archive, part)}: a cell or row at {far!r}, past "
                           f"{_excel_size()}")
        odd = _ODD_VALUE.search(text)
        # a TRUE/FALSE type here or in the text before (where a cell's start tag may be) is
        # "b" or, in a character reference, "&#98;" (spaced, it is no type openpyxl reads, and
        # refused by _check_types): a sheet without one is passed over. A sheet of numbers has
        # no "b" nor "&" at all, found by memchr, where a search for '"b"' cost 1 ms a MiB
        booleans = (b"b" in text and b'"b"' in text) or (b"&" in text and b'"&' in text)
        values = odd is not None or (prefixed and b":v" in text) or b">-" in text
        # a TRUE/FALSE cell begun further back than the previous piece, its value here
        typed = booleans or booleans_before or _typed_head(previous[:len(previous) - len(tail)])
        if values or typed:
            # the previous text before its part read again here, for a cell begun there
            before = previous[:len(previous) - len(tail)]
            if values or next(_odd_booleans(text, before), None) is not None:
                _check_values(text, raw_tail + chunk, before, part, archive, typed,
                              from_start)
        _check_first_value(text, previous[:len(previous) - len(tail)], prefixed, from_start,
                           part, archive)
        if in_a_far_cell:
            _check_piece_start(text, part, archive)
        # whether the text ends inside a cell, by its last cell or row start or end (the
        # text before's where it holds none), and whether that cell began in it
        last = _last_structure(text)
        if last is not None:
            in_cell = _opens_a_cell(last)
        # a cell begun in this text is held for the next piece; one begun before, not always
        in_a_far_cell = bool(in_cell) and last is None
        booleans_before = booleans
        if len(text) >= _HELD or not previous:
            previous, from_start = text, not previous
        else:  # a short piece: the text before it is kept, so that at least _HELD is
            kept = previous[:len(previous) - len(tail)]
            cut = max(0, len(kept) - _HELD)
            previous, from_start = kept[cut:] + text, from_start and cut == 0
        tail = text[-_OVERLAP:]
        raw_tail = (raw_tail + chunk)[-_OVERLAP:] if len(chunk) < _OVERLAP \
            else chunk[-_OVERLAP:]


# A '>' followed, before any '<', by a quote and a '>': the last '>' inside an attribute value
# (a value holds no '<'), or a '>' in text beside a quote (in a formula, ">5"), told apart by
# _IN_ATTRIBUTE. One search in C; a sheet as written has none (every writer escapes '>' in an
# attribute as &gt;, and in text too).
_QUOTED_GT = re.compile(rb'>[^<>"]*"[^<>]*>')
_NOT_QUOTE_OR_BRACKET = bytes(b for b in range(256) if b not in b'<>"')
# A start tag from its '<' to a '>' inside one of its attribute values (raw text: quotes kept).
_IN_ATTRIBUTE = re.compile(rb"<[\w.:-]+(?:\s+[\w.:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*"
                           rb"\s+[\w.:-]+\s*=\s*(?:\"[^\"<]*|'[^'<]*)>")


def _check_attribute_values(text: bytes, raw: bytes, before: bytes, part: str,
                            archive: zipfile.ZipFile) -> None:
    """Refuse a '>' inside an attribute value in ``raw`` (a piece, its bytes as read; ``text``
    the same normalised, ``before`` the text held before it): every search here takes '>' and
    '/>' for a tag's end, so a TRUE/FALSE cell's 2 behind ``note="/>"`` was taken for a cell
    closed by '/>', with no value, and passed, where openpyxl read TRUE (review-h8); as a 2
    behind ``<x a="/>"><v>0</v></x>`` and a text cell's -1 in ``<v a=">">``. A tag begun before
    the text held is refused too: such a '>' is no text's."""
    for found in _QUOTED_GT.finditer(text):
        start = raw.rfind(b"<", 0, found.start())
        if start == -1:
            held = before.rfind(b"<")
            if held == -1:
                raise _Refused(f"{_where(archive, part)}: a '>' inside an attribute value, or "
                               f"text of more than {_HELD >> 10} KiB with no tag; expected "
                               f"'&gt;' in an attribute, as Excel writes it")
            tag, at = before[held:] + raw[:found.end()], 0
        else:
            tag, at = raw, start
        inside = _IN_ATTRIBUTE.match(tag, at)
        if inside is not None and inside.end() <= (len(tag) if start == -1 else found.end()):
            element = inside.group().translate(_NORMAL)
            # the element's cell: itself, or the last begun before it (a cell's child)
            prior = tag[:at].translate(_NORMAL) if start != -1 else before[:held]
            ref = _CELL_REF.search(element) if _CELL_START.match(element) else None
            if ref is None:
                cell = prior[_last_cell_start(prior):]
                ref = _CELL_REF.search(cell[:cell.find(b">") + 1 or len(cell)]) \
                    if _CELL_START.match(cell) else None
            at_cell = f", cell {ref.group(1).decode('ascii', 'replace')}" if ref else ""
            name = element[1:].split(b" ", 1)[0].decode("utf-8", "replace")
            raise _Refused(f"{_where(archive, part)}{at_cell}: a '>' inside an attribute "
                           f"value of element {name!r}; expected '&gt;' there, as Excel "
                           f"writes it")


#: Least text before a piece kept to find the start of a cell begun there [bytes]: Excel writes
#: at most a formula (8,192 characters, 49 KiB with every one escaped) before a cell's value.
_HELD = 128 << 10


def _far_value(archive: zipfile.ZipFile, part: str) -> _Refused:
    return _Refused(f"{_where(archive, part)}: a value further than {_HELD >> 10} KiB into its "
                    f"cell, or in no cell; expected at most a formula before a cell's value, as "
                    f"Excel writes it")


def _check_first_value(text: bytes, before: bytes, prefixed: bool, from_start: bool,
                       part: str, archive: zipfile.ZipFile) -> None:
    """Refuse the first ``<v>`` in ``text`` when its cell begins before the text held
    (``before``, at least :data:`_HELD`): openpyxl read a text cell's -1 behind 2 MiB of spaces
    as the last text, where the check, holding one piece before, found no cell and passed it.
    Only the first can be such a value: the text before it is all of its cell's."""
    if prefixed:
        found = _VALUE_START.search(text)
        at = -1 if found is None else found.start()
    else:
        at = text.find(b"<v")
        while at != -1 and text[at + 2:at + 3] not in (b">", b" ", b"/"):
            at = text.find(b"<v", at + 2)
    if at == -1 or _plainly_in_a_cell(text, before, at):
        return
    try:
        _cell_of(text, at)
        return
    except _Buried:
        return  # refused if it is a wrong value (_check_values)
    except _Begun:
        pass
    try:
        window = before[-4096:]
        _cell_of(window + text[:at + 2], len(window) + at)
        return
    except _Buried:
        return
    except _Begun:
        if len(window) == len(before) and from_start:
            return
    try:
        _cell_of(before + text[:at + 2], len(before) + at)
    except _Buried:
        return
    except _Begun:
        if not from_start:
            raise _far_value(archive, part) from None


def _plainly_in_a_cell(text: bytes, before: bytes, at: int) -> bool:
    """Whether the ``<v>`` at ``at`` in ``text`` is in the cell last begun before it, as in
    every sheet a writer saves (at most a formula between): found by byte searches, so that
    a sheet's pieces are not walked in Python (:func:`_cell_of`)."""
    cell = max(text.rfind(b"<c", 0, at), text.rfind(b":c", 0, at))
    held, shift = (text, 0) if cell != -1 else (before, len(before))
    if held is before:
        cell = max(before.rfind(b"<c"), before.rfind(b":c"))
    start = held.rfind(b"<", 0, cell + 1) if cell != -1 else -1
    if start == -1 or _CELL_START.match(held, start) is None:
        return False
    cell_text = before[start:] + text[:at] if shift else text[start:at]
    close = cell_text.find(b">")
    if close == -1 or cell_text[close - 1:close] == b"/":
        return False
    between = cell_text[close:]
    return b"<c" not in between and b":c" not in between \
        and between.count(b"</") == between.count(b"</f>")


def _check_values(text: bytes, raw: bytes, before: bytes, part: str,
                  archive: zipfile.ZipFile, booleans: bool, from_start: bool) -> None:
    """Refuse the first number or TRUE/FALSE cell in ``text`` (``raw``: as read) whose value no
    writer could have stored (see the module notes). ``before``: the text before it, where a
    cell cut by the chunk begins; ``booleans``: whether either may hold a TRUE/FALSE type."""
    pattern = _ODD_VALUE_ANY if b":c" in text and b":v" in text else _ODD_VALUE
    found_values = {found.span() for found in pattern.finditer(text)}
    if not _negatives_are_numbers(text, before):
        found_values.update(found.span() for found in _NEGATIVE_VALUE.finditer(text))
    if booleans:
        for value_start, start, odd_ref in _odd_booleans(text, before):
            if odd_ref is None:
                found_values.add((value_start, start))
                continue
            at = f"cell {odd_ref.decode('ascii', 'replace')}" if odd_ref \
                else "a cell with no reference"
            what = "a cell" if _CELL_START.match(text, value_start) else _shown_tag(
                text[value_start:start])
            raise _Refused(f"{_where(archive, part)}, {at}: a TRUE/FALSE cell holding {what}; "
                           f"expected its value, 0 or 1, behind at most a formula, as Excel "
                           f"writes it")
    for value_start, start in sorted(found_values):
        if text[start - 2:start] == b"/>":
            continue  # <v/>: no value
        end = text.find(b"<", start)
        value = raw[start:] if end == -1 else raw[start:end]
        if end == -1 and len(value) <= MAX_XLSX_NUMBER_CHARS:
            continue  # cut by the chunk, and whole in the next one's start
        try:
            try:
                cell = _cell_of(text, value_start)
            except _Begun:
                try:
                    cell = _cell_of(before + text, len(before) + value_start)
                except _Begun:
                    if not from_start:
                        raise _far_value(archive, part) from None
                    cell = None
        except _BehindARow:
            raise _Refused(f"{_where(archive, part)}: a value behind a row inside the element "
                           f"it is in; expected each row beside the one before it, and at most "
                           f"a formula before a cell's value, as Excel writes them") from None
        except _Buried:
            raise _Refused(f"{_where(archive, part)}: a value behind more than {_CELL_STEPS} "
                           f"other elements of its cell; expected at most a formula before a "
                           f"cell's value, as Excel writes it") from None
        if cell is None:
            continue  # not in a cell, or in one longer than a chunk: the parser's to judge
        ref, kind = cell
        if kind in (b"s", b"b") and end != -1:
            value = _value_read(raw, start, value)
        problem = _odd_value(value, kind, cut=end == -1)
        if problem is not None:
            at = f"cell {ref.decode('ascii', 'replace')}" if ref else "a cell with no reference"
            raise _Refused(f"{_where(archive, part)}, {at}: {problem[0]} holding "
                           f"{_shown(value, end == -1)}; expected {problem[1]}")


def _negatives_are_numbers(text: bytes, before: bytes) -> bool:
    """Whether no text or TRUE/FALSE cell in ``text`` holds a negative number (every negative
    ``<v>`` is a number cell's), found in C (see :func:`_negative_typed`); False leaves each
    negative ``<v>`` to be read one by one. ``before``: the text before ``text``, from which a
    cell's start tag cut by the chunk, however long, is taken whole."""
    cell = max(before.rfind(b"<c"), before.rfind(b":c"))
    if cell == -1 and before:
        return False  # a cell longer than the text before (elements inside it): read each
    start = before.rfind(b"<", 0, cell + 1) if cell != -1 else -1
    if start != -1 and _CELL_START.match(before, start) is None:
        # the last "<c" is another element (<cx/>, a comment's text, a formula's "a1:c2"), so
        # the cell's start, and its type, may be further back: each negative read one by one
        return False
    joined = before[start:] + text if start != -1 else text
    if start != -1 and _value_after_inner_cell(joined) is not None:
        # before's last cell was inside another, whose type is further back: each read
        return False
    if b" =" in joined or b"= " in joined:
        return _negative_typed_any().search(joined) is None
    if b"&" in joined and _NEGATIVE_TYPED_REFERENCE.search(joined) is not None:
        return False
    return not any(_negative_typed().match(joined, unusual.start())
                   for unusual in _UNUSUAL_TYPED.finditer(joined))


_VALUE_START = re.compile(_VALUE_TAG)
# A cell's or row's start or end: the last one in a piece tells whether the next begins in a
# cell (:func:`_last_structure`).
_STRUCTURE = re.compile(rb"</?(?:[\w.-]+:)?(?:c|row)(?=[ />])[^<>]*")
_STRUCTURE_OR_VALUE = re.compile(rb"</?(?:[\w.-]+:)?(?:c|row|v)(?=[ />])")
#: The end of a piece looked at first for its last cell or row [bytes]: a sheet's cells are a
#: few dozen bytes each.
_LOOK_BACK = 4096


#: The tags tried from a piece's end backwards for its last cell or row before the searches
#: forwards take over (:func:`_last_structure`): a piece of a sheet as written ends within a
#: tag or two of one; a hostile one full of other tags costs at most these tries more.
_TRIED_BACK = 32


def _last_structure(text: bytes) -> bytes | None:
    """The last cell or row start or end tag in ``text`` (:data:`_STRUCTURE`'s last match),
    None where it holds none.

    Every match begins at a '<' and holds no other, so the last is the one at the last '<'
    where the pattern matches: tried at each '<' from the end, at most :data:`_TRIED_BACK`
    of them, then found by the searches forwards (its last :data:`_LOOK_BACK` bytes, then the
    whole text), whose Python loop over each tag found was most of the time this took (two
    calls a piece of every sheet: about a tenth of a refresh's package check)."""
    at = len(text)
    for _ in range(_TRIED_BACK):
        at = text.rfind(b"<", 0, at)
        if at == -1:
            return None
        found = _STRUCTURE.match(text, at)
        if found is not None:
            return found.group()
    last = None
    for found in _STRUCTURE.finditer(text, max(0, len(text) - _LOOK_BACK)):
        last = found
    if last is None and len(text) > _LOOK_BACK:
        for found in _STRUCTURE.finditer(text):
            last = found
    return None if last is None else last.group()


def _opens_a_cell(tag: bytes) -> bool:
    """Whether ``tag`` (:func:`_last_structure`'s) is a cell's start tag, not ``<c/>``."""
    return not tag.startswith(b"</") and not tag.endswith(b"/") and b"row" not in tag[:12]


def _check_piece_start(text: bytes, part: str, archive: zipfile.ZipFile) -> None:
    """Refuse a cell or row beginning in ``text``, a piece that begins inside a cell whose
    start is not held (:func:`_last_structure`): it is inside that cell, whose value openpyxl
    reads after it (``<c t="b">``, 2 MiB, ``<c><v>0</v></c><v>2</v>``: the 2 of the cell
    begun first, a plain number, was looked at by no search, its 0 in the inner cell taken for
    its value). Where that cell's start is held, the other searches read a cell inside a text
    or TRUE/FALSE cell (:func:`_typed_cell`). A value first is :func:`_check_first_value`'s; a
    cell's or row's end passes, and an empty cell (``<c/>``) is passed over."""
    for first in _STRUCTURE_OR_VALUE.finditer(text):
        if text.startswith(b"</", first.start()) or text[first.end() - 1:first.end()] == b"v":
            return
        close = text.find(b">", first.end())
        if close == -1 or text[close - 1:close] != b"/" or b"row" in first.group():
            break
    else:
        return  # none, or only empty cells (<c/>), which hold no value
    raise _Refused(f"{_where(archive, part)}: a cell or row inside a cell begun more than "
                   f"{_HELD >> 10} KiB before it; expected each cell beside the one before it, "
                   f"as Excel writes them")


# A cell's end: its end tag, or a start tag closed by "/>".
_A_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c[\t\n\r ]*>|<(?:[\w.-]+:)?c(?:\s[^<>]*)?/>")


def _value_after_inner_cell(joined: bytes) -> re.Match[bytes] | None:
    """The ``<v>`` in ``joined`` (text from the last cell start before a piece on) that follows
    the first cell's end with no cell start between: that cell was inside another, begun
    before it, whose value this is (``<c t="s"><c></c>``, the piece's end, ``<v>-1</v>``).
    None where a cell starts first, as in every sheet a writer saves."""
    end = _A_CELL_END.search(joined)
    if end is None:
        return None
    value = _VALUE_START.search(joined, end.end())
    if value is None or _CELL_START.search(joined, end.end(), value.start()) is not None:
        return None
    return value


def _odd_booleans(text: bytes, before: bytes) -> Iterator[tuple[int, int, bytes | None]]:
    """Where in ``text`` each ``<v>`` of a TRUE/FALSE cell holding other than 0 or 1 is (its
    start, end and None), a cell begun in ``before`` included; and each TRUE/FALSE cell of a
    shape no writer saves (:func:`_typed_cell`): where, its end, and its reference (b"" if none;
    where may be before ``text``, as 0)."""
    head = before[_last_cell_start(before):]
    joined = head + text
    shift = len(head)
    spaced = b" =" in joined or b"= " in joined
    # None: the cells _UNUSUAL_BOOL finds, each read with _odd_bool, asked for only then (a
    # sheet of usual TRUE/FALSE cells, every refresh's, leaves it uncompiled)
    patterns = (_ODD_BOOL_ANY,) if spaced else \
        (None, _ODD_BOOL_REFERENCE) if b"&" in joined else (None,)
    for pattern in patterns:
        found_all: Iterator[re.Match[bytes] | None] = (
            (_odd_bool().match(joined, unusual.start())
             for unusual in _UNUSUAL_BOOL.finditer(joined))
            if pattern is None else pattern.finditer(joined))
        for found in found_all:
            if found is None:
                continue
            if found.lastgroup != "value":
                tag = joined[joined.rfind(b"<", 0, found.start()):found.start()]
                ref = _CELL_REF.search(tag)
                yield (max(0, found.start(found.lastgroup or 0) - shift), found.end() - shift,
                       ref.group(1) if ref else b"")
            elif found.start(1) >= shift:
                yield found.start(1) - shift, found.end(1) - shift, None


def _typed_head(before: bytes) -> bool:
    """Whether the last cell begun in ``before`` (:func:`_last_cell_start`) may be a
    TRUE/FALSE one (its start tag holds "b" or a character reference)."""
    start = _last_cell_start(before)
    close = before.find(b">", start)
    tag = before[start:] if close == -1 else before[start:close]
    return b'"b"' in tag or b'"&' in tag


#: Most candidates (``<c``, ``:c``) :func:`_last_cell_start` looks at before it takes the
#: whole text: a sheet's last cell starts within one or two.
_CELL_CANDIDATES = 32


def _last_cell_start(before: bytes) -> int:
    """Where in ``before`` its last cell start tag that is not empty (``<c ...>``, ``<x:c>``)
    begins: a cell begun there may be still open. Other elements starting so (``<cols>``, a
    formula's ``A1:c2``) and empty cells (``<c/>``, which hold no value) are passed over; 0 when
    there is none or too many candidates to tell."""
    end = len(before)
    for _ in range(_CELL_CANDIDATES):
        at = max(before.rfind(b"<c", 0, end), before.rfind(b":c", 0, end))
        if at == -1:
            return 0
        start = before.rfind(b"<", 0, at + 1)
        if start != -1 and _CELL_START.match(before, start):
            close = before.find(b">", start)
            if close == -1 or before[close - 1:close] != b"/":
                return start
        end = at
    return 0


def _check_types(text: bytes, before: bytes, part: str, archive: zipfile.ZipFile) -> None:
    """Refuse the first cell in ``text`` whose type (``t``) is none of a cell's: openpyxl read
    its value as raw text (``t="zz"`` holding 5 became the text '5'), where Excel reports the
    file damaged. ``before``: the text before it, where a cell cut by the chunk begins."""
    for found in _ODD_TYPE.finditer(text):
        joined, at = (text, found.start()) if b"<" in text[:found.start()] \
            else (before + text, len(before) + found.start())
        start = joined.rfind(b"<", 0, at)
        if start == -1 or b">" in joined[start:at] or not _CELL_START.match(joined, start):
            continue  # in text, or another element's type (a formula's "shared")
        if _as_parsed(found.group(1)) in _VALID_TYPES:
            continue  # t="&#115;" is t="s" to the parser: its value is judged as one
        ref = _CELL_REF.search(joined[start:at])
        where = f"cell {ref.group(1).decode('ascii', 'replace')}" if ref and ref.group(1) \
            else "a cell with no reference"
        raise _Refused(f"{_where(archive, part)}, {where}: a cell of type "
                       f"{_shown(found.group(1), False)}; expected one of the types a "
                       f"workbook's cells have ({_CELL_TYPES}), as Excel writes them")


def _value_read(raw: bytes, start: int, value: bytes) -> bytes:
    """The text of the ``<v>`` whose content begins at ``start`` in ``raw`` as an XML parser
    reads it, where that is not ``value`` (its bytes up to the next tag): a character
    reference (``&#45;1``), a CDATA section or a comment in it, and whitespace Python's ``int``
    strips (a no-break space), each read by openpyxl as the -1 it spells. ``value`` where the
    element is not whole here or is not XML."""
    close = _VALUE_END.search(raw, start)
    if close is None:
        return value
    content = raw[start:close.start()]
    if not (b"&" in content or b"<" in content or not content.isascii()):
        return value
    from xml.etree import ElementTree  # only for a value no writer spells so

    try:
        text = ElementTree.fromstring(b"<v>" + content + b"</v>").text or ""
    except ElementTree.ParseError:
        return value
    return text.strip().encode("utf-8", "replace")


def _odd_value(value: bytes, kind: bytes, cut: bool) -> tuple[str, str] | None:
    """The kind of cell and what it should hold, when the ``<v>`` of a cell of type ``kind``
    (``t``) is wrong; None if nothing is."""
    if kind in (b"", b"n"):
        number = value.strip(_XML_SPACE)
        if cut or len(value) > MAX_XLSX_NUMBER_CHARS or (
                value and (_NUMBER.fullmatch(number) is None
                           or not math.isfinite(float(number)))):
            return ("a number cell", f"a finite number as Excel writes it (digits, perhaps a "
                                     f"point and an exponent), at most {MAX_XLSX_NUMBER_CHARS} "
                                     f"characters")
    elif kind == b"b" and value.strip(_XML_SPACE) not in (b"0", b"1"):
        return "a TRUE/FALSE cell", "0 or 1"
    elif kind == b"s" and value.strip(_XML_SPACE).startswith(b"-"):
        # openpyxl reads text number -1 as the last text, -2 the one before: another cell's
        return "a text cell", "the number of one of the workbook's texts (0 or more)"
    return None


#: Most elements :func:`_cell_of` steps back over from a value to its cell's start: Excel writes
#: a formula there at most (``<f ...>``, ``</f>``), so the walk stays short, and the check linear.
_CELL_STEPS = 16


class _Buried(Exception):
    """A value more than :data:`_CELL_STEPS` elements into its cell (:func:`_cell_of`)."""


class _BehindARow(_Buried):
    """A value behind a row's end, or a cell's, inside the element it is in (:func:`_cell_of`)."""


class _Begun(Exception):
    """A value whose cell, if any, begins before the text held (:func:`_cell_of`)."""


_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c[\t\n\r ]*>")
_ROW_TAG = re.compile(rb"</?(?:[\w.-]+:)?row[\t\n\r />]")


def _cell_of(text: bytes, at: int) -> tuple[bytes, bytes] | None:
    """The reference and type (``t``, b"" if none) of the cell whose ``<v>`` is at ``at``; None
    if the ``<v>`` is in no cell. Raises :class:`_Begun` where its cell, if any, begins before
    ``text``, :class:`_Buried` if the ``<v>`` is behind more than :data:`_CELL_STEPS` other
    elements (openpyxl reads a cell's first ``<v>`` however deep: a text cell's -1 behind 17
    formulas was read as the last text), and :class:`_BehindARow` if it is behind a row's end
    or a cell's row start (``<c t="s"><x><row></row><v>0</v></x><v>-1</v>``: openpyxl reads
    the inner row as a row, and the text cell's -1).

    An empty cell (``<c/>``) or a whole one (``<c>...</c>``) inside the cell is stepped over, as
    openpyxl does, which reads the cells of a row, not of a cell; a ``<v>`` in an element of
    another name in a row is that element's, which openpyxl reads as a cell."""
    inside = 0  # cells inside the cell, whose end has been stepped over and start not yet
    # other elements: those whose end has been stepped over and start not yet, and the last
    # start tag stepped over with its end not: openpyxl reads each element in a row as a cell
    # (parse_row), so a text cell's -1 in <x t="s"> was read as the last text
    closed, outer = 0, b""
    # an empty row (<row/>) stepped over: inside the cell found, it is a row openpyxl reads,
    # and then the cell's -1 (review-h8: <c t="s"><row/><v>-1</v> passed as in no cell)
    empty_row = False
    for _ in range(_CELL_STEPS):
        at = text.rfind(b"<", 0, at)
        if at == -1:
            raise _Begun
        if _ROW_TAG.match(text, at):
            if inside or text.startswith(b"</", at):
                # a row inside the cell, which openpyxl reads as a row of its own, and then
                # the cell's first <v> after it
                raise _BehindARow
            close = text.find(b">", at)
            if close != -1 and text[close - 1:close] == b"/":
                empty_row = True
                continue
            if not outer:
                return None
            if empty_row:
                raise _BehindARow
            ref, kind = _CELL_REF.search(outer), _CELL_TYPE.search(outer)
            return (ref.group(1) if ref else b"", _type_read(kind.group(1)) if kind else b"")
        if _CELL_END.match(text, at):
            inside += 1
        elif not _CELL_START.match(text, at):
            if text.startswith((b"<!", b"<?"), at):
                continue
            close = text.find(b">", at)
            if close == -1:
                return None
            if text.startswith(b"</", at):
                closed += 1
            elif text[close - 1:close] != b"/":
                if closed:
                    closed -= 1
                else:
                    outer = text[at:close]
        else:
            close = text.find(b">", at)
            if close == -1:
                return None
            tag = text[at:close]
            if tag.endswith(b"/"):
                continue
            if inside:
                inside -= 1
                continue
            if empty_row:
                raise _BehindARow
            ref, kind = _CELL_REF.search(tag), _CELL_TYPE.search(tag)
            return (ref.group(1) if ref else b"", _type_read(kind.group(1)) if kind else b"")
    raise _Buried


def _type_read(kind: bytes) -> bytes:
    """A cell's type (``t``) as an XML parser reads it: ``t="&#115;"`` is ``s``, a text cell
    (openpyxl read its ``<v>-1</v>`` as the last text, past the check, which took it as an
    unknown type)."""
    if b"&" in kind:
        import html  # only for a type no writer spells so

        kind = html.unescape(kind.decode("utf-8", "replace")).encode("utf-8")
    return kind.strip(_XML_SPACE)


def _shown_tag(tag: bytes) -> str:
    """An element's start tag as a message shows it: ``<x>``, ``<v xmlns="urn:q">``."""
    text = tag.decode("utf-8", "replace")
    return repr(text) if len(text) <= 40 else f"{text[:36]!r}..."


def _shown(value: bytes, cut: bool) -> str:
    text = value.decode("utf-8", "replace")
    if len(text) <= 24 and not cut:
        return repr(text)
    return f"{text[:20]!r}... ({len(value):,}{' or more' if cut else ''} characters)"


def _rows_in(text: bytes) -> int:
    rows = text.count(b"<row")
    if b":row" in text:
        rows += len(_PREFIXED_ROW.findall(text))
    return rows


def _cells_in(text: bytes, prefixed: bool | None = None) -> int:
    cells = text.count(b"<c")
    if b":c" in text if prefixed is None else prefixed:
        cells += len(_PREFIXED_CELL.findall(text))
    return cells


def _far_reference(text: bytes) -> str | None:
    """The first cell or row reference (``r="A2000000"``) in ``text`` past Excel's last row.

    Only 7 digits or more closing an attribute can be one: they are found in a digit mask with
    ``bytes.find`` (a regex over every reference cost 30 ms per MB), then each is read
    whole.
    """
    if b" =" in text or b"= " in text or b'=" ' in text:
        # spaces around '=' are valid XML, and rare: remove them so the reference is whole
        text = (b" ".join(text.split()).replace(b" =", b"=").replace(b"= ", b"=")
                .replace(b'=" ', b'="'))
    masked = text.translate(_DIGIT_MASK)
    hit = masked.find(_LONG_RUN)
    while hit != -1:
        end = hit + len(_LONG_RUN) - 1  # the closing quote
        at = max(masked.rfind(b" ", 0, end), masked.rfind(b'"', 0, end)) + 1
        found = _ROW_ATTRIBUTE.search(text[max(0, at - 12):at])
        if found is not None:
            digits = text[at:end].lstrip(b"0")
            if len(digits) > 7 or int(digits or b"0") > EXCEL_MAX_ROWS:
                return (found.group(1) + text[at:end]).decode("ascii")
        hit = masked.find(_LONG_RUN, end)
    return None


def _joined(first: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from chunks


def _out_of_range(reference: str) -> bool:
    """True when a cell or row reference (``XFD1048576``, ``$A$1``, ``12``) is past Excel's
    sheet; a reference this cannot read is left to the parser."""
    found = _CORNER.match(reference.strip())
    if found is None:
        return False
    letters, digits = found.groups()
    digits = digits.lstrip("0")
    if len(letters) > 3 or len(digits) > 7:
        return True
    return column_number(letters) > EXCEL_MAX_COLUMNS or int(digits or "0") > EXCEL_MAX_ROWS


def _inflated(archive: zipfile.ZipFile, handle: BinaryIO, info: zipfile.ZipInfo
              ) -> Iterator[bytes]:
    """The part's bytes, inflated no further than its declared size: the first
    :data:`HEAD_BYTES` alone (most parts are checked on those), then a chunk at a time.

    Deflated and stored parts are read from the file directly: opening each through zipfile
    cost 33 microseconds a part, most of the check on a workbook of 85 parts.
    """
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        with archive.open(info) as stream:  # zipfile checks the CRC at the end
            size = HEAD_BYTES
            while chunk := stream.read(size):
                yield chunk
                size = _CHUNK
        return
    handle.seek(info.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(handle.read(30))
    if signature != ZIP:
        raise zipfile.BadZipFile(f"no local header for {info.filename!r}")
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type else None
    left_in, left_out = info.compress_size, info.file_size
    # deflate grows no data by more than a few bytes a block: twice the head's size read in
    # gives the whole head out
    size_in, size_out = 2 * HEAD_BYTES, HEAD_BYTES
    pending = b""
    crc = 0
    while left_out > 0:
        if not pending and left_in > 0:
            pending = handle.read(min(size_in, left_in))
            left_in -= len(pending)
        if not pending:
            out = inflate.flush()[:left_out] if inflate is not None else b""
            left_out -= len(out)
            if out:
                crc = zlib.crc32(out, crc)
                yield out
            break
        if inflate is None:
            out, pending = pending[:size_out], pending[size_out:]
        else:
            out = inflate.decompress(pending, min(size_out, left_out))
            pending = inflate.unconsumed_tail
            if inflate.eof:
                pending = b""
                left_in = 0
        out = out[:left_out]
        left_out -= len(out)
        if out:
            crc = zlib.crc32(out, crc)
            yield out
            size_in, size_out = _CHUNK // 4, _CHUNK
    # as zipfile checks a part read whole: short of its size, or not its bytes
    if left_out > 0 or crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")


def _where(archive: zipfile.ZipFile, part: str) -> str:
    """``sheet 'Fee Schedules'`` for a worksheet part, ``part 'xl/tables/table3.xml' of sheet
    'Payers & Contracts'`` for a part a sheet holds (a table, comments, a drawing, the sheet's
    relationships), else ``part 'xl/sharedStrings.xml'``."""
    names = _sheet_names(archive)
    sheet = names.get(part)
    if sheet:
        return f"sheet {sheet!r}"
    owner = _sheet_holding(archive, part, names)
    return f"part {part!r} of sheet {owner!r}" if owner else f"part {part!r}"


#: Largest workbook or relationships part read to name a sheet in a message [bytes]: the size
#: Excel writes is a few KB (the package is not trusted yet).
_NAMING_PART_BYTES = 1 << 20
_NAMING_FAILURES = (KeyError, zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError,
                    NotImplementedError)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name (:func:`ratecalc.xlsx_parts.sheet_parts`); only read when a
    message needs it, and only when the workbook part and its relationships are the size Excel
    writes."""
    try:
        if any(archive.getinfo(part).file_size > _NAMING_PART_BYTES
               for part in (WORKBOOK, relations_path(WORKBOOK))):
            return {}
        return {part: sheet for sheet, part in sheet_parts(archive)}
    except _NAMING_FAILURES:
        return {}


def _sheet_holding(archive: zipfile.ZipFile, part: str, names: dict[str, str]) -> str | None:
    """The sheet whose relationships name ``part`` (or which ``part`` is the relationships
    of), read within :data:`_NAMING_PART_BYTES` each; None if none does."""
    for sheet_part, sheet in names.items():
        rels = relations_path(sheet_part)
        if part == rels:
            return sheet
        try:
            if archive.getinfo(rels).file_size > _NAMING_PART_BYTES:
                continue
            if part in relations(archive, sheet_part).values():
                return sheet
        except _NAMING_FAILURES:
            continue  # no relationships, or damaged ones: the next sheet's may name it
    return None


def _looks_like_text(start: bytes) -> bool:
    return all(b in b"\t\n\r" or 32 <= b < 127 or b >= 128 for b in start)


def _excel_size() -> str:
    return f"Excel's {EXCEL_MAX_ROWS:,} rows x {EXCEL_MAX_COLUMNS:,} columns"


def _mib(limit: int) -> str:
    return f"{limit >> 20:,} MiB"
