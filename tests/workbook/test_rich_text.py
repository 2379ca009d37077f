"""Text the user formatted within a cell (a bold word, then a plain one) survives a refresh, on
input sheets, sheets of their own and a result table's Notes; readers and the core see its plain
text (ratecalc_workbook.rich_text)."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ratecalc.xlsx_parts import sheet_parts
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book

#: (text, bold, italic, colour) of each run: None for all three where the run has no font of its
#: own (openpyxl reads a bold or italic left unset as False).
Run = tuple[str, bool | None, bool | None, str | None]

BOLD = (True, None, None)
RED_ITALIC = (None, True, "FFFF0000")
PLAIN = None


def _rich(*parts: tuple[str, tuple[bool | None, bool | None, str | None] | None]
          ) -> CellRichText:
    return CellRichText([text if font is None else TextBlock(
        InlineFont(b=font[0], i=font[1], color=font[2]), text) for text, font in parts])


def _expected(*parts: tuple[str, tuple[bool | None, bool | None, str | None] | None]
              ) -> list[Run]:
    return [(text, None, None, None) if font is None
            else (text, bool(font[0]), bool(font[1]), font[2]) for text, font in parts]


def _runs(value: Any) -> list[Run]:
    """The runs of a cell as read back; a plain string (runs lost) as one run without a font."""
    if not isinstance(value, CellRichText):
        return [(value, None, None, None)]
    runs: list[Run] = []
    for part in value:
        if isinstance(part, TextBlock):
            font = part.font
            color = font.color.rgb if font.color is not None else None
            runs.append((part.text, bool(font.b), bool(font.i), color))
        else:
            runs.append((part, None, None, None))
    return runs


def _row(ws: Any, spec: layout.TableSpec, **keys: str) -> int:
    for row in range(spec.header_row + 1, ws.max_row + 1):
        if all(ws.cell(row=row, column=spec.col(k)).value == v for k, v in keys.items()):
            return row
    raise AssertionError(f"no row {keys} on {spec.sheet}")


PAYER = (("Alpha", BOLD), (" Health", PLAIN))
NOTE = (("Call ", PLAIN), ("before June", RED_ITALIC))
MINE = (("Ask ", PLAIN), ("Dana", BOLD), (" about 97110", PLAIN))
LIKE_A_FORMULA = (("=SUM(1,2)", BOLD), (" is what they wrote", PLAIN))
ASK = (("Needs ", PLAIN), ("a floor", BOLD))


def _format_cells(book: Path) -> None:
    """Formatted text where a user types it: a payer's name and notes on Payers & Contracts,
    two cells of a sheet of theirs, and the Notes of a Proposal row."""
    wb = open_book(book, rich_text=True)
    payers, spec = wb[layout.PAYERS_CONTRACTS], layout.PAYERS_CONTRACTS_TABLE
    row = _row(payers, spec, payer="Alpha Health")
    payers.cell(row=row, column=spec.col("payer")).value = _rich(*PAYER)
    payers.cell(row=row, column=spec.col("notes")).value = _rich(*NOTE)
    mine = wb.create_sheet("My notes")
    mine["A1"] = _rich(*MINE)
    mine["A2"] = _rich(*LIKE_A_FORMULA)
    proposal, pspec = wb[layout.PROPOSAL], layout.PROPOSAL_TABLE
    row = _row(proposal, pspec, payer="Beta Plan", code="97110")
    proposal.cell(row=row, column=pspec.col("notes")).value = _rich(*ASK)
    wb.save(book)


def _formatted_cells(book: Path) -> dict[str, list[Run]]:
    wb = open_book(book, rich_text=True)
    payers, spec = wb[layout.PAYERS_CONTRACTS], layout.PAYERS_CONTRACTS_TABLE
    row = next(r for r in range(spec.header_row + 1, payers.max_row + 1)
               if str(payers.cell(row=r, column=spec.col("payer")).value) == "Alpha Health")
    proposal, pspec = wb[layout.PROPOSAL], layout.PROPOSAL_TABLE
    prow = _row(proposal, pspec, payer="Beta Plan", code="97110")
    return {"payer": _runs(payers.cell(row=row, column=spec.col("payer")).value),
            "note": _runs(payers.cell(row=row, column=spec.col("notes")).value),
            "mine": _runs(wb["My notes"]["A1"].value),
            "like a formula": _runs(wb["My notes"]["A2"].value),
            "proposal note": _runs(proposal.cell(row=prow, column=pspec.col("notes")).value)}


EXPECTED = {"payer": _expected(*PAYER), "note": _expected(*NOTE), "mine": _expected(*MINE),
            "like a formula": _expected(*LIKE_A_FORMULA), "proposal note": _expected(*ASK)}


def test_formatted_text_survives_a_refresh(tiny_copy: Path) -> None:
    _format_cells(tiny_copy)
    assert _formatted_cells(tiny_copy) == EXPECTED  # as the user left them
    result = refresh_workbook(tiny_copy, now=NOW)
    assert result.ok, result.errors
    assert _formatted_cells(tiny_copy) == EXPECTED
    # and again: the refreshed file's formatted cells are read back as they were written
    assert refresh_workbook(tiny_copy, now=NOW).ok
    assert _formatted_cells(tiny_copy) == EXPECTED
    wb = open_book(tiny_copy)
    assert wb["My notes"]["A2"].data_type == "s"  # text, never a live formula


def test_readers_and_the_core_see_plain_text(tiny_copy: Path) -> None:
    _format_cells(tiny_copy)
    data, problems = read_workbook(tiny_copy)
    assert data is not None, problems
    alpha = data.payers[data.payers["payer"] == "Alpha Health"]
    assert len(alpha) == 1  # the bold "Alpha" is the same payer as on every other sheet
    assert type(alpha["notes"].iloc[0]) is str and alpha["notes"].iloc[0] == "Call before June"
    assert refresh_workbook(tiny_copy, now=NOW).ok
    wb = open_book(tiny_copy)
    comparison, spec = wb[layout.COMPARISON], layout.COMPARISON_TABLE
    payers = {comparison.cell(row=r, column=spec.col("payer")).value
              for r in range(spec.header_row + 1, comparison.max_row + 1)}
    assert {"Alpha Health", "Beta Plan"} <= payers


def _as_shared_string(book: Path, sheet: str, ref: str) -> None:
    """Store the cell ``ref`` of ``sheet`` as Excel does: a shared string of runs (openpyxl
    writes runs in the cell itself)."""
    with zipfile.ZipFile(book) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
        part = dict(sheet_parts(archive))[sheet]
    xml = parts[part].decode("utf-8")
    cell = re.search(rf'<c r="{ref}"([^>]*)><is>(.*?)</is></c>', xml)
    assert cell is not None
    attributes = cell.group(1).replace(' t="inlineStr"', "")
    parts[part] = xml.replace(cell.group(0),
                              f'<c r="{ref}"{attributes} t="s"><v>0</v></c>').encode("utf-8")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{main}"'
                                     f' count="1" uniqueCount="1"><si>{cell.group(2)}</si></sst>'
                                     ).encode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
        f"</Types>".encode())
    relation = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                "sharedStrings")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdShared" Type="{relation}" '
        f'Target="sharedStrings.xml"/></Relationships>'.encode())
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formatted_text_in_shared_strings_survives_a_refresh(tiny_copy: Path) -> None:
    _format_cells(tiny_copy)
    _as_shared_string(tiny_copy, "My notes", "A1")
    with zipfile.ZipFile(tiny_copy) as archive:
        assert b"<r>" in archive.read("xl/sharedStrings.xml")
    assert _formatted_cells(tiny_copy)["mine"] == EXPECTED["mine"]
    assert refresh_workbook(tiny_copy, now=NOW).ok
    assert _formatted_cells(tiny_copy) == EXPECTED


FONTS = st.sampled_from([PLAIN, BOLD, RED_ITALIC, (None, None, "FF0070C0"), (True, True, None)])
TEXTS = st.text(st.sampled_from("abc XYZ 0129=,.'&<>é"), min_size=1, max_size=8)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.tuples(TEXTS, FONTS), min_size=1, max_size=4).filter(
    lambda parts: any(font is not None for _, font in parts)))
def test_any_formatted_note_comes_back_run_for_run(
        tiny_book: Path, parts: list[tuple[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(shutil.copy2(tiny_book, Path(folder) / "tiny.xlsx"))
        wb = open_book(book, rich_text=True)
        payers, spec = wb[layout.PAYERS_CONTRACTS], layout.PAYERS_CONTRACTS_TABLE
        cell = payers.cell(row=_row(payers, spec, payer="Beta Plan"), column=spec.col("notes"))
        cell.value = _rich(*parts)
        wb.save(book)
        assert refresh_workbook(book, now=NOW).ok
        ws = open_book(book, rich_text=True)[layout.PAYERS_CONTRACTS]
        assert _runs(ws.cell(row=cell.row, column=cell.column).value) == _expected(*parts)


def test_a_formatted_cell_the_refresh_does_not_keep_is_not_restored_elsewhere(
        tiny_copy: Path) -> None:
    # a formatted note typed outside the Proposal's table is not carried (a warning names it):
    # its runs do not land on whatever the rebuilt sheet holds at that address
    wb = open_book(tiny_copy, rich_text=True)
    proposal = wb[layout.PROPOSAL]
    spare = proposal.cell(row=proposal.max_row + 3, column=2)
    spare.value = _rich(*ASK)
    wb.save(tiny_copy)
    result = refresh_workbook(tiny_copy, now=NOW)
    assert result.ok
    assert any("a floor" in str(p.value) for p in result.problems if p.severity == "warning")
    after = open_book(tiny_copy, rich_text=True)[layout.PROPOSAL]
    assert not isinstance(after.cell(row=spare.row, column=spare.column).value, CellRichText)

