"""Formulas the user typed keep, through RateCalc's saves, the values Excel or LibreOffice cached.

A refresh or an import saves through openpyxl, which writes a formula with no value: an input
typed as ``=20+5.22`` was then "never computed" for the next refresh, until Excel saved the file
again. The values are planted in the sheets' XML here as Excel would have written them (fast);
one test has LibreOffice compute them.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.xlsx_parts import sheet_parts
from ratecalc_workbook import layout
from ratecalc_workbook.cached_values import Cached, cached_cells, reading, restored
from ratecalc_workbook.fee_schedule_import import append_rows
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import RefreshResult, refresh_workbook

from ..ooxml_schema import check_package
from .conftest import NOW, open_book
from .libreoffice import SOFFICE

FEES = layout.FEE_SCHEDULES_TABLE
CONTRACTS = layout.PAYERS_CONTRACTS_TABLE
PROPOSAL = layout.PROPOSAL_TABLE
COMPARISON = layout.COMPARISON_TABLE
MINE = "My sums"


def _part(path: Path, sheet: str) -> tuple[dict[str, bytes], str]:
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
        return parts, dict(sheet_parts(archive))[sheet]


def cached(path: Path, sheet: str) -> dict[str, Cached]:
    """The formula cells of ``sheet`` in the file at ``path`` that hold a cached value."""
    parts, part = _part(path, sheet)
    return cached_cells(parts[part])


def plant(path: Path, sheet: str, values: dict[str, tuple[str, str | None]]) -> None:
    """Give formula cells of ``sheet`` (address -> (value, type)) a cached value, as Excel
    writes one after computing it."""
    parts, part = _part(path, sheet)
    xml = parts[part].decode("utf-8")
    for address, (value, kind) in values.items():
        pattern = rf'<c r="{address}"((?: s="[0-9]+")?)><f>([^<]*)</f><v\s*(?:/>|></v>)</c>'
        typed = f' t="{kind}"' if kind else ""
        xml, n = re.subn(pattern, rf'<c r="{address}"\1{typed}><f>\2</f><v>{value}</v></c>',
                         xml)
        assert n == 1, f"{sheet}!{address} is not a formula cell"
    parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _row(ws: Worksheet, spec: layout.TableSpec, payer: str, code: str) -> int:
    for row in range(spec.header_row + 1, ws.max_row + 1):
        if (ws.cell(row=row, column=spec.col("payer")).value,
                ws.cell(row=row, column=spec.col("code")).value) == (payer, code):
            return row
    raise AssertionError(f"no row for {payer} {code}")


def _letter(spec: layout.TableSpec, key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(spec.col(key))


def _with_formulas(book: Path) -> dict[str, str]:
    """Type formulas into the tiny workbook's inputs, a sheet of the user's, a 'Your rate' and
    a Comparison formula; return the addresses used."""
    wb = open_book(book)
    fees = wb[layout.FEE_SCHEDULES]
    fee_row = _row(fees, FEES, "Alpha Health", "97110")
    fees.cell(row=fee_row, column=FEES.col("allowed_amount"), value="=20+5.22")
    contracts = wb[layout.PAYERS_CONTRACTS]
    contract_row = next(r for r in range(CONTRACTS.header_row + 1, contracts.max_row + 1)
                        if contracts.cell(row=r, column=CONTRACTS.col("payer")).value
                        == "Alpha Health")
    contracts.cell(row=contract_row, column=CONTRACTS.col("contact_name"),
                   value='="Ann "&"Ames"')
    mine = wb.create_sheet(MINE)
    mine["A1"], mine["A2"], mine["A3"] = "=1/0", "=1>0", '=A2&"!"'
    proposal = wb[layout.PROPOSAL]
    proposal_row = _row(proposal, PROPOSAL, "Beta Plan", "97140")
    proposal.cell(row=proposal_row, column=PROPOSAL.col("override_rate"), value="=30+1.5")
    comparison = wb[layout.COMPARISON]
    comparison_row = _row(comparison, COMPARISON, "Alpha Health", "97110")
    # the user overwrote one of RateCalc's formulas; the one beside it is RateCalc's
    comparison.cell(row=comparison_row, column=COMPARISON.col("revenue"), value="=1+1")
    wb.save(book)
    return {"fee": f"{_letter(FEES, 'allowed_amount')}{fee_row}",
            "contact": f"{_letter(CONTRACTS, 'contact_name')}{contract_row}",
            "your_rate": f"{_letter(PROPOSAL, 'override_rate')}{proposal_row}",
            "edited": f"{_letter(COMPARISON, 'revenue')}{comparison_row}",
            "computed": f"{_letter(COMPARISON, 'dollars_at_stake')}{comparison_row}"}


@pytest.fixture(scope="module")
def typed_bytes(tiny_book: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[bytes, dict[str, str]]:
    """The tiny workbook with formulas typed in, their values cached as Excel caches them (its
    bytes, made once for the module: four tests start from it, each from a copy of its own)."""
    book = tmp_path_factory.mktemp("typed") / "tiny.xlsx"
    shutil.copyfile(tiny_book, book)
    cells = _with_formulas(book)
    plant(book, layout.FEE_SCHEDULES, {cells["fee"]: ("25.22", None)})
    plant(book, layout.PAYERS_CONTRACTS, {cells["contact"]: ("Ann Ames", "str")})
    plant(book, MINE, {"A1": ("#DIV/0!", "e"), "A2": ("1", "b"), "A3": ("TRUE!", "str")})
    plant(book, layout.PROPOSAL, {cells["your_rate"]: ("31.5", None)})
    plant(book, layout.COMPARISON, {cells["edited"]: ("2", None),
                                    cells["computed"]: ("999", None)})
    return book.read_bytes(), cells


@pytest.fixture
def typed(typed_bytes: tuple[bytes, dict[str, str]], tmp_path: Path
          ) -> tuple[Path, dict[str, str]]:
    """A copy of ``typed_bytes`` of this test's own, and where the formulas are."""
    content, cells = typed_bytes
    book = tmp_path / "tiny.xlsx"
    book.write_bytes(content)
    return book, dict(cells)


@pytest.fixture(scope="module")
def refreshed_bytes(typed_bytes: tuple[bytes, dict[str, str]],
                    tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, RefreshResult]:
    """``typed_bytes`` refreshed once as of NOW, for the module (two tests refreshed the same
    bytes at the same moment, half a second each): its bytes and the refresh's result."""
    book = tmp_path_factory.mktemp("refreshed") / "tiny.xlsx"
    book.write_bytes(typed_bytes[0])
    result = refresh_workbook(book, now=NOW)
    return book.read_bytes(), result


@pytest.fixture
def refreshed(refreshed_bytes: tuple[bytes, RefreshResult],
              typed_bytes: tuple[bytes, dict[str, str]], tmp_path: Path
              ) -> tuple[Path, dict[str, str], RefreshResult]:
    """A copy of ``refreshed_bytes`` of this test's own, where the formulas are, and the
    refresh's result."""
    content, result = refreshed_bytes
    book = tmp_path / "tiny.xlsx"
    book.write_bytes(content)
    return book, dict(typed_bytes[1]), result


def _assert_inputs_kept(book: Path, cells: dict[str, str]) -> None:
    assert cached(book, layout.FEE_SCHEDULES)[cells["fee"]] == Cached("20+5.22", b"25.22", None)
    assert cached(book, layout.PAYERS_CONTRACTS)[cells["contact"]] == Cached(
        '"Ann "&"Ames"', b"Ann Ames", "str")
    assert cached(book, MINE) == {"A1": Cached("1/0", b"#DIV/0!", "e"),
                                  "A2": Cached("1>0", b"1", "b"),
                                  "A3": Cached('A2&"!"', b"TRUE!", "str")}


def _assert_read(book: Path) -> None:
    data, problems = read_workbook(book)
    assert data is not None, [p.message for p in problems]
    fees = data.fee_schedules.set_index(["payer", "code"])
    assert fees.loc[("Alpha Health", "97110"), "allowed_amount"] == 25.22
    contracts = data.contracts.set_index("payer")
    assert contracts.loc["Alpha Health", "contact_name"] == "Ann Ames"


def test_refresh_twice_keeps_what_formulas_typed_in_the_workbook_computed(refreshed) -> None:
    book, cells, first = refreshed  # the typed book refreshed once
    assert first.ok, [p.message for p in first.errors]
    _assert_inputs_kept(book, cells)
    second = refresh_workbook(book, now=NOW)
    assert second.ok, [p.message for p in second.errors]
    _assert_inputs_kept(book, cells)
    _assert_read(book)
    wb = open_book(book)
    proposal = wb[layout.PROPOSAL]
    row = _row(proposal, PROPOSAL, "Beta Plan", "97140")
    rate = f"{_letter(PROPOSAL, 'override_rate')}{row}"
    assert proposal[rate].value == "=30+1.5"
    assert cached(book, layout.PROPOSAL)[rate] == Cached("30+1.5", b"31.5", None)
    assert check_package(book.read_bytes(), book.name) == []  # <f> before <v>, as the schema


def test_refresh_gives_the_formulas_it_rewrote_no_old_value(refreshed) -> None:
    """A result sheet is rebuilt: its formulas (and the one the user overwrote, which refresh
    writes again as its own) show nothing of the old data until Excel computes them; what the
    user typed there and refresh carries over keeps its value."""
    book, cells, result = refreshed  # the typed book refreshed once
    assert result.ok
    assert cached(book, layout.PROPOSAL) == {cells["your_rate"]: Cached("30+1.5", b"31.5", None)}
    comparison = cached(book, layout.COMPARISON)
    assert cells["edited"] not in comparison and cells["computed"] not in comparison
    assert open_book(book)[layout.COMPARISON][cells["edited"]].value != "=1+1"
    # RateCalc's own formulas on the sheets it rebuilt hold no value at all
    for sheet in (layout.COMPARISON, layout.TOTALS, layout.SCENARIOS):
        assert not cached(book, sheet), sheet


def test_a_failed_refresh_keeps_every_cached_value(typed) -> None:
    """Errors in the inputs rewrite the Problems sheet only: every other sheet, result sheets
    included, keeps what the file held."""
    book, cells = typed
    wb = open_book(book)
    volumes = wb[layout.VOLUMES]
    volumes.cell(row=layout.VOLUMES_TABLE.header_row + 1,
                 column=layout.VOLUMES_TABLE.col("units_per_year"), value="lots")
    wb.save(book)  # openpyxl drops the planted values: plant them again
    plant(book, layout.FEE_SCHEDULES, {cells["fee"]: ("25.22", None)})
    plant(book, layout.PAYERS_CONTRACTS, {cells["contact"]: ("Ann Ames", "str")})
    plant(book, MINE, {"A1": ("#DIV/0!", "e"), "A2": ("1", "b"), "A3": ("TRUE!", "str")})
    plant(book, layout.COMPARISON, {cells["computed"]: ("999", None)})
    result = refresh_workbook(book, now=NOW)
    assert not result.ok and result.sheets == (layout.PROBLEMS,)
    _assert_inputs_kept(book, cells)
    assert cached(book, layout.COMPARISON)[cells["computed"]].value == b"999"


def test_an_import_keeps_the_cached_values(typed) -> None:
    book, cells = typed
    volumes = pd.DataFrame({"payer": ["Alpha Health"], "code": ["97750"],
                            "units_per_year": [12.0], "visits": [12]})
    assert append_rows(book, "volumes", volumes) == 1
    _assert_inputs_kept(book, cells)
    # an import rebuilds no result sheet: what they held stays
    assert cached(book, layout.COMPARISON)[cells["computed"]].value == b"999"
    assert cached(book, layout.PROPOSAL)[cells["your_rate"]].value == b"31.5"
    _assert_read(book)
    assert refresh_workbook(book, now=NOW).ok


def with_formulas_book(tiny_book: Path, book: Path) -> None:
    """A copy of the refreshed tiny workbook as ``book``, formulas typed (:func:`_with_formulas`;
    the addresses used beside it, ``.json``): recalculated by LibreOffice with the other
    modules' small books (``small_recalculated`` in conftest.py)."""
    shutil.copy2(tiny_book, book)
    book.with_suffix(".json").write_text(json.dumps(_with_formulas(book)), encoding="utf-8")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_values_libreoffice_computed_survive_two_refreshes(
        small_recalculated: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    typed, computed = small_recalculated["with_formulas"]
    cells = json.loads(typed.with_suffix(".json").read_text(encoding="utf-8"))
    book = tmp_path / "book.xlsx"
    shutil.copyfile(computed, book)  # the shared file stays as LibreOffice wrote it
    for _ in range(2):
        result = refresh_workbook(book, now=NOW)
        assert result.ok, [p.message for p in result.errors]
        _assert_read(book)
    assert cached(book, layout.FEE_SCHEDULES)[cells["fee"]].value == b"25.22"
    assert cached(book, MINE)["A1"].kind == "e"


SHARED = (b'<sheetData><row r="1"><c r="A1" t="n"><f aca="false">1+1</f><v>2</v></c>'
          b'<c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>4</v></c></row>'
          b'<row r="2"><c r="A2" t="str"><f>"a&amp;b"</f><v>a&amp;b</v></c>'
          b'<c r="B2"><f t="shared" si="0"/><v>0</v></c>'
          b'<c r="C2"><f t="array" ref="C2">SUM(A1:A2)</f><v>2</v></c>'
          b'<c r="D2"><f>A1</f><v></v></c><c r="E2" t="s"><v>0</v></c></row></sheetData>'
          b'<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1">'
          b'<formula>A1&gt;1</formula></cfRule></conditionalFormatting>')


def test_cached_cells_reads_each_formulas_value_as_excel_and_libreoffice_write_it() -> None:
    assert cached_cells(SHARED) == {
        "A1": Cached("1+1", b"2", None),
        "B1": Cached("A1*2", b"4", None),
        "B2": Cached("A2*2", b"0", None),  # the shared formula, translated to its cell
        "A2": Cached('"a&b"', b"a&amp;b", "str"),
        "C2": Cached("SUM(A1:A2)", b"2", None, array=True),  # written back as an array
    }


def test_restored_gives_an_array_formula_its_value_only_as_an_array() -> None:
    # openpyxl writes an array formula back as <f t="array" ref=...>: it keeps its value as a
    # plain formula does, and a value cached for a plain formula of the same text is not its
    written = (b'<c r="C2"><f t="array" ref="C2">SUM(A1:A2)</f><v></v></c>'
               b'<c r="D2" s="4"><f t="array" ref="D2:D3">A1*2</f><v/></c>'
               b'<c r="E2"><f>A1</f><v></v></c>')
    cells = {"C2": Cached("SUM(A1:A2)", b"2", None, array=True),
             "D2": Cached("A1*2", b"4", None, array=True),
             "E2": Cached("A1", b"1", None, array=True)}
    assert restored(written, cells.get) == (
        b'<c r="C2"><f t="array" ref="C2">SUM(A1:A2)</f><v>2</v></c>'
        b'<c r="D2" s="4"><f t="array" ref="D2:D3">A1*2</f><v>4</v></c>'
        b'<c r="E2"><f>A1</f><v></v></c>')
    plain = {"C2": Cached("SUM(A1:A2)", b"2", None)}
    assert restored(written, plain.get) == written


def test_restored_puts_a_value_only_where_the_formula_is_the_same() -> None:
    written = (b'<c r="A1" s="3"><f>1+1</f><v></v></c><c r="A2"><f>"a&amp;b"</f><v/></c>'
               b'<c r="B2"><f>A2*3</f><v></v></c>')
    out = restored(written, cached_cells(SHARED).get)
    assert out == (b'<c r="A1" s="3"><f>1+1</f><v>2</v></c>'
                   b'<c r="A2" t="str"><f>"a&amp;b"</f><v>a&amp;b</v></c>'
                   b'<c r="B2"><f>A2*3</f><v></v></c>')


def test_after_an_import_a_formula_reading_its_sheet_or_a_rebuilt_row_keeps_no_value(
        tiny_copy: Path) -> None:
    """The review's case: 'Your rate' =D8*1.12 (the current rate's cell) cached 28.2464, then
    an import changed the rate: the next refresh read 28.25 and the letter asked less than the
    current rate. A formula reading a row refresh rebuilt, or a sheet an import added to,
    keeps no value; one reading nothing (=30+1.5) keeps its own."""
    wb = open_book(tiny_copy)
    spec = layout.PROPOSAL_TABLE
    ws = wb[spec.sheet]
    rows = [r for r in range(spec.header_row + 1, ws.max_row + 1)
            if ws.cell(row=r, column=spec.col("payer")).value]
    first, second = (ws.cell(row=r, column=spec.col("override_rate")).coordinate
                     for r in rows[:2])
    current = ws.cell(row=rows[0], column=spec.col("current_rate")).coordinate
    ws[first], ws[second] = f"={current}*1.12", "=30+1.5"
    mine = wb.create_sheet(MINE)
    mine["A1"] = "=SUM('Fee Schedules'!D:D)"
    wb.save(tiny_copy)
    plant(tiny_copy, spec.sheet, {first: ("28.2464", None), second: ("31.5", None)})
    plant(tiny_copy, MINE, {"A1": ("115", None)})
    append_rows(tiny_copy, "fee_schedules", pd.DataFrame({
        "payer": ["Alpha Health"], "code": ["97530"], "modifier": [""],
        "allowed_amount": [40.0], "effective_date": [pd.Timestamp("2025-06-01")]}))
    assert cached(tiny_copy, MINE) == {}  # the import added to the sheet it sums
    assert refresh_workbook(tiny_copy, now=NOW).ok
    assert cached(tiny_copy, spec.sheet) == {second: Cached("30+1.5", b"31.5", None)}


def test_a_formula_reading_a_sheet_refresh_rebuilt_keeps_no_value(tiny_copy: Path) -> None:
    """The Start sheet's last-refresh lines read the Dashboard and the Problems sheet, and a
    sheet of the user's may read a result table: what they cached was computed from the sheets
    refresh replaced. A formula reading an input keeps its value."""
    wb = open_book(tiny_copy)
    mine = wb.create_sheet(MINE)
    mine["A1"], mine["A2"] = "=Comparison!A5", "=COUNTA(tblComparison[Payer])"
    mine["A3"], mine["A4"] = "='Exit Impact'!A1", "='Fee Schedules'!D5*2"
    wb.save(tiny_copy)
    plant(tiny_copy, MINE, {"A1": ("Alpha Health", "str"), "A2": ("4", None),
                            "A3": ("Exit Impact", "str"), "A4": ("50", None)})
    start = {a: f for a, f in ((c.coordinate, c.value) for c in open_book(tiny_copy)[
        layout.START]._cells.values()) if isinstance(f, str) and f.startswith("=")}
    assert sorted(start) == ["B21", "B22", "B23", "B24"], start
    plant(tiny_copy, layout.START, {"B21": ("45992", None), "B22": ("45992", None),
                                    "B23": ("3", None), "B24": ("2", None)})
    assert refresh_workbook(tiny_copy, now=NOW).ok
    assert cached(tiny_copy, MINE) == {"A4": Cached("'Fee Schedules'!D5*2", b"50", None)}
    # the Start sheet is rewritten by every refresh, and B22 reads the defined name AsOfDate,
    # which points at the rebuilt Dashboard: a review found it keeping the date of the refresh
    # before (a name is not followed, so no formula reading one keeps a value)
    assert list(cached(tiny_copy, layout.START)) == []


@pytest.mark.parametrize(("formula", "reads"), [
    ("Comparison!A5", True), ("'Exit Impact'!B2+1", True), ("'exit impact'!B2", True),
    ("SUM(tblComparison[Revenue])", True), ("'My Comparison'!A1", False),
    ("MyComparison!A1", False), ("Settings!B2", False), ("tblComparisonOld[Revenue]", False),
    ("'Fee Schedules'!D5", False),
])
def test_reading_finds_references_to_the_rebuilt_sheets_and_their_tables(
        formula: str, reads: bool) -> None:
    stale = reading(["Comparison", "Exit Impact"], ["tblComparison"])
    assert stale is not None
    assert bool(stale.search(formula)) is reads
