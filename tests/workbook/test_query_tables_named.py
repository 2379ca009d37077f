"""A query table (data an Excel data connection or Power Query brings into a sheet) is named
as something RateCalc's save drops, as sparklines are: openpyxl keeps neither the query table
nor the workbook's connections, and a refresh dropped a Benchmarks table's link to its CSV
without a word (the backup kept it). Its data stays, as values."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from ratecalc_workbook import layout
from ratecalc_workbook.compat import unkept_parts
from ratecalc_workbook.refresh import refresh_workbook

from .test_refresh import NOW

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONNECTIONS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><connections '
               'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection '
               'id="1" name="Market rates" type="6" refreshedVersion="6" background="1" '
               'saveData="1"><textPr codePage="65001" sourceFile="C:\\rates\\market.csv" '
               'comma="1"><textFields count="1"><textField/></textFields></textPr></connection>'
               '</connections>')
QUERY = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><queryTable '
         'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" name="market" '
         'connectionId="1" autoFormatId="16" applyNumberFormats="0" applyBorderFormats="0" '
         'applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" '
         'applyWidthHeightFormats="0"/>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>')
QUERY_REL = (f'<Relationship Id="rIdQ1" Type="{R}/queryTable" '
             f'Target="../queryTables/queryTable1.xml"/>')


def _rels_of(part: str) -> str:
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def with_query_table(path: Path, sheet: str, on_table: bool) -> None:
    """``path`` with a connection and a query table on ``sheet``: related to the sheet (a
    range, as Excel 2003's imports made) or to its Excel table, as Power Query loads one."""
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    types = parts["[Content_Types].xml"].decode().replace("</Types>", (
        '<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.connections+xml"/><Override PartName="/xl/queryTables/'
        'queryTable1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.queryTable+xml"/></Types>'))
    parts["[Content_Types].xml"] = types.encode()
    book_rels = "xl/_rels/workbook.xml.rels"
    parts[book_rels] = parts[book_rels].replace(b"</Relationships>", (
        f'<Relationship Id="rIdC1" Type="{R}/connections" Target="connections.xml"/>'
        '</Relationships>').encode())
    parts["xl/connections.xml"] = CONNECTIONS.encode()
    parts["xl/queryTables/queryTable1.xml"] = QUERY.encode()
    book = parts["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', book)
    assert rid is not None
    found = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*'
                      rf'Id="{rid.group(1)}"', parts[book_rels].decode())
    assert found is not None
    part = "xl/" + (found.group(1) or found.group(2)).removeprefix("/xl/")
    holder = part
    if on_table:
        targets = re.findall(r'Target="([^"]+)"', parts[_rels_of(part)].decode())
        table = next(t for t in targets if "tables/" in t)
        holder = "xl/tables/" + table.rsplit("/", 1)[1]
        parts[holder] = parts[holder].replace(b"<table ", b'<table tableType="queryTable" ', 1)
    rels = _rels_of(holder)
    parts[rels] = (parts[rels].replace(b"</Relationships>", QUERY_REL.encode()
                                       + b"</Relationships>") if rels in parts
                   else RELS.format(QUERY_REL).encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.mark.parametrize("on_table", [False, True], ids=["on-the-sheet", "on-its-table"])
def test_a_query_table_is_named_as_dropped(demo_copy: Path, on_table: bool) -> None:
    with_query_table(demo_copy, layout.BENCHMARKS, on_table)
    assert [(sheet, what.split(" (")[0]) for sheet, what in unkept_parts(demo_copy)] == [
        (layout.BENCHMARKS, "query tables")]
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    lost = [p for p in result.problems if p.table == "Workbook"]
    assert [(p.location.sheet, p.severity) for p in lost] == [(layout.BENCHMARKS, "warning")]
    assert "query tables (data an Excel data connection or Power Query fills" in \
        lost[0].message
    assert "a backup keeps the file as it is now" in lost[0].message


def test_an_import_that_saves_names_it_too(demo_copy: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """An import saves the workbook as a refresh does, and dropped the query table without a
    word even where a refresh named it."""
    from ratecalc_cli.main import main

    with_query_table(demo_copy, layout.BENCHMARKS, on_table=True)
    rates = tmp_path / "rates.csv"
    rates.write_text("code,allowed_amount,effective_date\n97110,31.47,2026-11-15\n",
                     encoding="utf-8")
    assert main(["import", "fee-schedule", str(rates), "--payer", "Summit BlueCare PPO",
                 "--workbook", str(demo_copy)]) == 0
    out, err = capsys.readouterr()
    assert "Added 1 row(s)" in out
    assert (f"warning: Workbook '{demo_copy.name}', sheet 'Benchmarks': RateCalc's file library "
            f"cannot keep the query tables") in err


def test_an_import_names_what_else_its_save_drops(demo_copy: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The same for every part openpyxl cannot keep: sparklines on a sheet of the user's."""
    from ratecalc_cli.main import main

    from .test_refresh import SPARKLINES, _inject, open_book

    wb = open_book(demo_copy)
    wb.create_sheet("Budget")["A1"] = 1
    wb.save(demo_copy)
    _inject(demo_copy, "Budget", SPARKLINES)
    rates = tmp_path / "rates.csv"
    rates.write_text("code,allowed_amount,effective_date\n97110,31.47,2026-11-15\n",
                     encoding="utf-8")
    assert main(["import", "fee-schedule", str(rates), "--payer", "Summit BlueCare PPO",
                 "--workbook", str(demo_copy)]) == 0
    assert (f"warning: Workbook '{demo_copy.name}', sheet 'Budget': RateCalc's file library "
            f"cannot keep the sparklines on this sheet") in capsys.readouterr().err


def test_data_connections_of_no_sheet_are_named_for_the_workbook(demo_copy: Path) -> None:
    """A connection with no query table on a sheet (Power Query's "Only Create Connection", a
    query loaded to the data model) is the workbook's: named once, for no sheet."""
    with zipfile.ZipFile(demo_copy) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.connections+xml"/></Types>'))
    book_rels = "xl/_rels/workbook.xml.rels"
    parts[book_rels] = parts[book_rels].replace(b"</Relationships>", (
        f'<Relationship Id="rIdC1" Type="{R}/connections" Target="connections.xml"/>'
        '</Relationships>').encode())
    parts["xl/connections.xml"] = CONNECTIONS.encode()
    with zipfile.ZipFile(demo_copy, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    lost = [p for p in result.problems if p.table == "Workbook"]
    assert [(p.location.sheet, p.severity) for p in lost] == [(None, "warning")]
    assert lost[0].message.startswith(
        f"Workbook '{demo_copy.name}': RateCalc's file library cannot keep the workbook's data "
        f"connections and Power Query queries"), lost[0].message


def test_an_import_adding_a_new_payer_names_it_too(demo_copy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """With --new-payer the save appends the payer first: what it dropped rode on the payer's
    result, which the fee-schedule import passed over, so it went without a word."""
    from ratecalc_cli.main import main

    with_query_table(demo_copy, layout.BENCHMARKS, on_table=True)
    rates = tmp_path / "rates.csv"
    rates.write_text("code,allowed_amount,effective_date\n97110,31.47,2026-11-15\n",
                     encoding="utf-8")
    assert main(["import", "fee-schedule", str(rates), "--payer", "Brand New Health",
                 "--new-payer", "--workbook", str(demo_copy)]) == 0
    out, err = capsys.readouterr()
    assert "Added 1 row(s) for Brand New Health" in out
    assert err.count("cannot keep the query tables") == 1, err


def test_an_835_import_adding_a_new_payer_names_it_once(demo_copy: Path) -> None:
    """The same where the 835 and market-rate imports add new payers (write_tables)."""
    import pandas as pd

    from ratecalc_workbook.imports import write_tables

    with_query_table(demo_copy, layout.BENCHMARKS, on_table=True)
    rows = pd.DataFrame({"payer": ["Brand New Health"], "code": ["97110"], "modifier": [""],
                         "allowed_amount": [31.47],
                         "effective_date": [pd.Timestamp("2026-11-15").date()]})
    outcome = write_tables(demo_copy, {"fee_schedules": rows}, source="era.835",
                           new_payer=True)
    assert outcome.appended == {"fee_schedules": 1}
    lost = [p for p in outcome.problems if "cannot keep the query tables" in p.message]
    assert [(p.location.sheet, p.severity) for p in lost] == [(layout.BENCHMARKS, "warning")]
