"""Refresh: right numbers in the result sheets, nothing of the user's touched, safe saving."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.report import summary
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook import refresh as refresh_module
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.result_sheets import ORPHAN_NOTE
from ratecalc_workbook.safety import BACKUP_FOLDER, WorkbookInUse
from tests.built_once import built_once
from tests.conftest import refreshed, unchanged
from tests.medicare_days import first_uncovered, last_covered

from .conftest import (
    NOW,
    as_before_its_last_column,
    open_book,
    put_back,
    refreshed_without,
    tiny_clinic,
)
from .snapshot import sheet_snapshot, snapshot

_READ: dict[tuple[str, bool], Workbook] = {}


def _read_book(path: Path, data_only: bool) -> Workbook:
    """``path`` loaded, once per content: several tables are read from one file, and openpyxl
    loads the whole workbook each time. Keyed by the bytes' digest, so a file changed since is
    loaded again; only :func:`table_frame` reads what is kept, and never changes it."""
    key = (hashlib.sha256(path.read_bytes()).hexdigest(), data_only)
    if key not in _READ:
        _READ.clear()  # one workbook held at a time
        _READ[key] = open_book(path, data_only=data_only)
    return _READ[key]


def table_frame(path: Path, spec: layout.TableSpec, *, data_only: bool = False) -> pd.DataFrame:
    """A result table as written, by its headers (values, or formula text)."""
    ws = _read_book(path, data_only)[spec.sheet]
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables[spec.name].ref)
    rows = list(ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                             max_col=max_col, values_only=True))
    by_header = {c.header: c.key for c in spec.columns}
    return pd.DataFrame(rows[1:], columns=[by_header.get(h, h) for h in rows[0]])


def test_summary_is_the_cores(demo_book: Path, demo_copy: Path) -> None:
    read, _ = read_workbook(demo_copy)
    assert read is not None
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok and result.errors == []
    # errors-9: a warning about a table as a whole names the workbook's sheet, which the demo
    # built in code has none of; so the summary is the core's of the workbook's inputs, and
    # the demo's (was: result.summary == summary(analyze(demo_data()))) but for those places
    assert result.summary == summary(analyze(read))
    core = summary(analyze(demo_data()))
    assert {k: v for k, v in result.summary.items() if k != "warnings"} == {
        k: v for k, v in core.items() if k != "warnings"}
    place = f" '{demo_copy.name}', sheet 'Fee Schedules':"
    assert [w.replace(place, ":", 1) for w in result.summary["warnings"]] == core["warnings"]
    assert any(place in w for w in result.summary["warnings"])
    assert result.as_dict()["summary"]["dollars_below_market"] == 148591.37


def test_comparison_values_are_the_cores(demo_book: Path) -> None:
    written = table_frame(demo_book, layout.COMPARISON_TABLE).set_index(["payer", "code"])
    core = analyze(demo_data()).comparison.set_index(["payer", "code"])
    assert sorted(written.index) == sorted(core.index)
    for key in ("allowed_amount", "units_per_year", "clinic_average", "benchmark",
                "medicare_amount"):
        pd.testing.assert_series_equal(written[key].astype(float).sort_index(),
                                       core[key].astype(float).sort_index(), check_names=False)


def test_tiny_clinic_by_hand(tiny_book: Path) -> None:
    """Worked out in tiny_clinic's docstring: market at the 50th percentile is p50; the clinic
    average of 97110 is (25 x 100 + 32 x 60) / 160 = 27.625, a rate of $27.63 (half-up); the
    proposal caps Alpha's 97110 at +15% (28.75) and gives every other line the 5% minimum
    (31.50; Beta's on its rates raised by its escalator, 32.64 x 1.05 = 34.272 and 28.56 x
    1.05 = 29.988, up to 34.28 and 29.99: on its rows as written they were 33.60 and 29.40)."""
    comparison = table_frame(tiny_book, layout.COMPARISON_TABLE).set_index(["payer", "code"])
    assert comparison.loc[("Alpha Health", "97110"), "benchmark"] == 30.0
    assert comparison.loc[("Beta Plan", "97140"), "benchmark"] == 29.0
    assert comparison.loc[("Alpha Health", "97110"), "clinic_average"] == 27.63
    proposal = table_frame(tiny_book, layout.PROPOSAL_TABLE).set_index(["payer", "code"])
    assert proposal["proposed_rate"].to_dict() == {
        ("Alpha Health", "97110"): 28.75, ("Alpha Health", "97140"): 31.5,
        ("Beta Plan", "97110"): 34.28, ("Beta Plan", "97140"): 29.99}
    priorities = table_frame(tiny_book, layout.PRIORITIES_TABLE)
    assert priorities["payer"].tolist() == ["Alpha Health", "Beta Plan"]
    assert priorities["end_date"].tolist()[0].date() == date(2026, 6, 30)


def test_formulas_span_exactly_the_rows_written(demo_book: Path) -> None:
    comparison = open_book(demo_book)[layout.COMPARISON].tables[layout.COMPARISON_TABLE.name]
    last = range_boundaries(comparison.ref)[3]
    priorities = table_frame(demo_book, layout.PRIORITIES_TABLE)
    assert priorities["units_per_year"].iloc[0] == \
        f"=SUMPRODUCT(--('Comparison'!$A$5:$A${last}=B5),'Comparison'!$C$5:$C${last})"
    proposal = table_frame(demo_book, layout.PROPOSAL_TABLE)  # read once, not once per column
    formula_cells = [v for col in proposal.columns for v in proposal[col]
                     if isinstance(v, str) and v.startswith("=")]
    banned = ("XLOOKUP", "LET(", "LAMBDA", "FILTER(", "UNIQUE(", "[")
    assert formula_cells and not any(b in f for f in formula_cells for b in banned)


@pytest.fixture(scope="session")
def refreshed_again(demo_book: Path, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[Path]:
    """A copy of the refreshed demo workbook refreshed again as of NOW (``once.xlsx``), then
    once more in place (``negotiation.xlsx``), once per test run; beside them, whether each
    refresh was ok (``results.json``). Four tests only read what these two refreshes wrote:
    each refreshed a copy of its own before (six refreshes of one unchanged file)."""
    def build(folder: Path) -> None:
        folder.mkdir(parents=True)
        book = folder / "negotiation.xlsx"
        shutil.copy2(demo_book, book)
        first = refresh_workbook(book, now=NOW)
        shutil.copy2(book, folder / "once.xlsx")
        second = refresh_workbook(book, now=NOW)
        (folder / "results.json").write_text(json.dumps(
            {"ok": [first.ok, second.ok],
             "errors": [[p.message for p in r.errors] for r in (first, second)]}),
            encoding="utf-8")
    yield from unchanged(built_once(tmp_path_factory, "refreshed-again", build))


def test_refresh_is_idempotent(demo_book: Path, refreshed_again: Path) -> None:
    before = snapshot(demo_book)
    results = json.loads((refreshed_again / "results.json").read_text(encoding="utf-8"))
    assert results["ok"] == [True, True], results["errors"]
    assert snapshot(refreshed_again / "once.xlsx") == before
    assert snapshot(refreshed_again / "negotiation.xlsx") == before


def test_charts_are_rebuilt_not_stacked(refreshed_again: Path) -> None:
    wb = open_book(refreshed_again / "negotiation.xlsx")  # refreshed twice more
    assert len(wb[layout.DASHBOARD]._charts) == 3


def _add_user_things(wb: Workbook) -> None:
    """What a user adds: a sheet with cells, a chart, a list, a note; a column on an input
    table; a column, notes and an override on result sheets."""
    mine = wb.create_sheet("My notes")
    mine["A1"] = "Call Dana back"
    mine["A2"], mine["B2"] = "97110", 31.25
    mine["B3"] = "=B2*2"
    mine["A1"].comment = Comment("mine", "me")
    rule = DataValidation(type="list", formula1='"a,b"')
    mine.add_data_validation(rule)
    rule.add("C1:C5")
    chart = BarChart()
    chart.add_data(Reference(mine, min_col=2, min_row=2, max_row=3))
    mine.add_chart(chart, "E2")

    fees = wb[layout.FEE_SCHEDULES]
    spec = layout.FEE_SCHEDULES_TABLE
    col = spec.last_col + 1
    fees.cell(row=spec.header_row, column=col, value="Checked by")
    fees.cell(row=spec.header_row + 1, column=col, value="JE")
    # an edited input: Summit's 97110 rate of 2025-01-01 (row 5) goes from 25.22 to 26.00
    assert fees.cell(row=5, column=spec.col("code")).value == "97110"
    fees.cell(row=5, column=spec.col("allowed_amount"), value=26.0)

    comparison = wb[layout.COMPARISON]
    cspec = layout.COMPARISON_TABLE
    comparison.cell(row=cspec.header_row, column=cspec.last_col + 1, value="Follow up")
    for row in range(cspec.header_row + 1, comparison.max_row + 1):
        if (comparison.cell(row=row, column=1).value, comparison.cell(row=row, column=2).value) \
                == ("Meridian Mutual", "97140"):
            comparison.cell(row=row, column=cspec.last_col + 1, value="ask for 2027 too")
            comparison.cell(row=row, column=cspec.col("notes"), value="best payer")

    proposal = wb[layout.PROPOSAL]
    pspec = layout.PROPOSAL_TABLE
    for row in range(pspec.header_row + 1, proposal.max_row + 1):
        if (proposal.cell(row=row, column=1).value, proposal.cell(row=row, column=2).value) \
                == ("Keystone Health Plan", "97530"):
            proposal.cell(row=row, column=pspec.col("override_rate"), value=38.0)
    proposal.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL,
                  value="Keystone Health Plan")
    log = wb[layout.NEGOTIATION_LOG]
    log.cell(row=5, column=1, value=date(2025, 12, 2))
    log.cell(row=5, column=2, value="Keystone Health Plan")


def _row_of(frame: pd.DataFrame, payer: str, code: str) -> pd.Series:
    return frame[(frame["payer"] == payer) & (frame["code"] == code)].iloc[0]


def test_refresh_keeps_everything_the_user_typed(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    _add_user_things(wb)
    wb.save(demo_copy)
    before = snapshot(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    after = snapshot(demo_copy)
    for sheet in (*layout.INPUT_SHEETS, layout.NEGOTIATION_LOG, "My notes", layout.START):
        assert after["content"][sheet] == before["content"][sheet], sheet
    assert after["content"]["My notes"]["charts"] == 1
    assert "My notes" in after["sheets"]

    comparison = table_frame(demo_copy, layout.COMPARISON_TABLE)
    meridian = _row_of(comparison, "Meridian Mutual", "97140")
    assert meridian["Follow up"] == "ask for 2027 too"
    assert meridian["notes"] == "best payer"
    assert comparison["Follow up"].notna().sum() == 1
    # the edited input reached the analysis
    assert _row_of(comparison, "Summit BlueCare PPO", "97110")["allowed_amount"] == 26.0

    proposal = table_frame(demo_copy, layout.PROPOSAL_TABLE)
    assert _row_of(proposal, "Keystone Health Plan", "97530")["override_rate"] == 38.0
    assert proposal["override_rate"].notna().sum() == 1
    ws = open_book(demo_copy)[layout.PROPOSAL]
    assert ws.cell(row=layout.SELECTED_PAYER_ROW, column=layout.SELECTED_PAYER_COL).value \
        == "Keystone Health Plan"


def test_a_column_typed_beside_the_scenarios_is_kept_and_moves_the_tables_beside_it(
        tmp_path: Path) -> None:
    """Scenarios' tables stand side by side, a column apart (the per-payer; the year by year,
    the all-payers under it). A column typed in that gap (Excel grows the table over it;
    LibreOffice does not) is the user's: kept on its payer's row, with the year tables moved
    right, and the headers of the table beside it are not taken for more of the user's
    columns. Four payers over 5 years (the demo's tables stack since pages-17)."""
    from tests.workbook.test_scenario_header_not_alone import _book

    demo_copy = _book(tmp_path, 4, 5)
    ws = open_book(demo_copy)[layout.SCENARIOS]
    left, top, right, bottom = range_boundaries(ws.tables[layout.SCENARIOS_TABLE.name].ref)
    gap = right + 1
    assert ws.cell(row=top, column=gap).value is None
    assert ws.cell(row=top, column=gap + 1).value == "Payer"  # the years' first header
    payer = ws.cell(row=top + 1, column=left).value
    ws.cell(row=top, column=gap, value="Owner")
    ws.cell(row=top + 1, column=gap, value="Ann")
    ws.parent.save(demo_copy)
    for _ in range(2):  # and again: the second refresh finds the column inside the table
        assert refresh_workbook(demo_copy, now=NOW).ok
        scenarios = table_frame(demo_copy, layout.SCENARIOS_TABLE)
        assert list(scenarios.columns) == [*layout.SCENARIOS_TABLE.keys, "Owner"]
        assert scenarios.set_index("payer").loc[payer, "Owner"] == "Ann"
        assert scenarios["Owner"].notna().sum() == 1
        tables = {t.name: range_boundaries(t.ref)
                  for t in open_book(demo_copy)[layout.SCENARIOS].tables.values()}
        assert tables[layout.SCENARIO_YEARS_TABLE.name][0] == tables[
            layout.SCENARIOS_TABLE.name][2] + 2
        for spec in (layout.SCENARIO_TOTALS_TABLE, layout.SCENARIO_YEARS_TABLE):
            assert list(table_frame(demo_copy, spec).columns) == list(spec.keys)


def test_typed_rows_whose_key_left_the_results_are_kept(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    proposal = wb[layout.PROPOSAL]
    pspec = layout.PROPOSAL_TABLE
    for row in range(pspec.header_row + 1, proposal.max_row + 1):
        if (proposal.cell(row=row, column=1).value, proposal.cell(row=row, column=2).value) \
                == ("Meridian Mutual", "92523"):
            proposal.cell(row=row, column=pspec.col("override_rate"), value=300.0)
            proposal.cell(row=row, column=pspec.col("notes"), value="keep this")
    for sheet, spec in ((layout.FEE_SCHEDULES, layout.FEE_SCHEDULES_TABLE),
                        (layout.VOLUMES, layout.VOLUMES_TABLE)):
        ws = wb[sheet]
        for row in range(spec.header_row + 1, ws.max_row + 1):
            if (ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value) \
                    == ("Meridian Mutual", "92523"):
                for col in range(1, spec.last_col + 1):
                    ws.cell(row=row, column=col).value = None
    wb.save(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok
    proposal = table_frame(demo_copy, layout.PROPOSAL_TABLE)
    kept = _row_of(proposal, "Meridian Mutual", "92523")
    assert kept["override_rate"] == 300.0 and kept["notes"] == "keep this"
    assert kept["reason"] == ORPHAN_NOTE
    assert kept.name == proposal.index[-1]


def test_invalid_inputs_change_only_the_problems_sheet(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    spec = layout.VOLUMES_TABLE
    wb[layout.VOLUMES].cell(row=spec.header_row + 3, column=spec.col("units_per_year"),
                            value="lots")
    wb.save(demo_copy)
    before = snapshot(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok and result.sheets == (layout.PROBLEMS,)
    [error] = result.errors
    assert error.location.sheet == layout.VOLUMES and error.location.row == spec.header_row + 3
    after = snapshot(demo_copy)
    for sheet in before["sheets"]:
        if sheet != layout.PROBLEMS:
            assert after["content"][sheet] == before["content"][sheet], sheet
    assert after["names"] == before["names"]
    ws = open_book(demo_copy)[layout.PROBLEMS]
    pspec = layout.PROBLEMS_TABLE
    row = pspec.header_row + 1
    assert ws.cell(row=row, column=pspec.col("severity")).value == "error"
    link = ws.cell(row=row, column=pspec.col("cell"))
    assert link.value == f"C{spec.header_row + 3}"
    assert link.hyperlink.location == f"'Volumes'!C{spec.header_row + 3}"
    assert "NOT updated" in ws["A3"].value


@pytest.mark.parametrize("lock", ["~$negotiation.xlsx", "~$gotiation.xlsx",
                                  ".~lock.negotiation.xlsx#"])
def test_refuses_while_the_workbook_is_open(demo_copy: Path, lock: str) -> None:
    content = demo_copy.read_bytes()
    (demo_copy.parent / lock).write_bytes(b"owner")
    with pytest.raises(WorkbookInUse, match="is open in Excel or LibreOffice"):
        refresh_workbook(demo_copy, now=NOW)
    assert demo_copy.read_bytes() == content
    assert not (demo_copy.parent / BACKUP_FOLDER).exists()


def test_backup_holds_the_previous_file(demo_copy: Path) -> None:
    content = demo_copy.read_bytes()
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.backup is not None and result.backup.parent.name == BACKUP_FOLDER
    assert result.backup.read_bytes() == content
    assert result.backup.name == "negotiation 2025-12-01 093000.xlsx"
    again = refresh_workbook(demo_copy, now=NOW)
    assert again.backup is not None and again.backup != result.backup


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names open files by /proc")
def test_the_backup_and_the_workbook_are_on_the_disk_before_the_refresh_returns(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A rename may reach the disk before the content renamed: a power cut between the two left
    # an empty workbook where the user's was. Each content is flushed before its rename, each
    # folder after it, the backup before the workbook is replaced.
    events: list[tuple[str, str]] = []
    fsync, replace, link = os.fsync, os.replace, os.link

    def noted_fsync(fd: int) -> None:
        events.append(("flush", os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    def noted_replace(source: str, target: str) -> None:
        events.append(("rename", f"{source} -> {target}"))
        replace(source, target)

    def noted_link(source: str, target: str) -> None:
        # the backup is put in place by a link (never over another backup: the link fails on
        # a name taken), its temporary name then removed: the rename, for a power cut
        events.append(("rename", f"{source} -> {target}"))
        link(source, target)

    monkeypatch.setattr(os, "fsync", noted_fsync)
    monkeypatch.setattr(os, "replace", noted_replace)
    monkeypatch.setattr(os, "link", noted_link)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.backup is not None
    assert [kind for kind, _ in events] == ["flush", "rename", "flush", "flush", "rename", "flush"]
    backup_temp, temp = events[0][1], events[3][1]
    assert events == [
        ("flush", backup_temp),
        ("rename", f"{backup_temp} -> {result.backup}"),
        ("flush", str(result.backup.parent)),
        ("flush", temp),
        ("rename", f"{temp} -> {demo_copy}"),
        ("flush", str(demo_copy.parent)),
    ]
    assert Path(temp).parent == demo_copy.parent
    assert Path(backup_temp).parent == result.backup.parent


def test_a_failed_save_leaves_the_file_whole(demo_copy: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    content = demo_copy.read_bytes()

    def broken_save(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"half a file")
        raise OSError("disk full")

    def broken_writer(self: ExcelWriter) -> None:  # what refresh's save calls (ignored_errors)
        self._archive.writestr("xl/workbook.xml", b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken_save)
    monkeypatch.setattr(ExcelWriter, "save", broken_writer)
    with pytest.raises(OSError, match="disk full"):
        refresh_workbook(demo_copy, now=NOW)
    assert demo_copy.read_bytes() == content
    leftovers = [p.name for p in demo_copy.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_ctrl_c_after_the_save_names_the_refreshed_workbook(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stopped between the save and the summary, the refresh is done: it says so."""
    real = refresh_module.save_changes

    def save_then_interrupt(*args: object, **kwargs: object) -> Path:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(refresh_module, "save_changes", save_then_interrupt)
    before = demo_copy.read_bytes()
    assert main(["refresh", str(demo_copy)]) == ExitCode.INTERRUPTED
    backups = list((demo_copy.parent / BACKUP_FOLDER).iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert capsys.readouterr().err == (
        "ratecalc refresh: interrupted; these files were already written in full:\n"
        f"  {backups[0]}\n  {demo_copy}\n")
    assert demo_copy.read_bytes() != before
    assert open_book(demo_copy)[layout.PROBLEMS].max_row >= 1


def test_ctrl_c_during_the_save_leaves_the_workbook_and_names_only_the_backup(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted_save(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"half a file")
        raise KeyboardInterrupt

    def interrupted_writer(self: ExcelWriter) -> None:
        self._archive.writestr("xl/workbook.xml", b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbook, "save", interrupted_save)
    monkeypatch.setattr(ExcelWriter, "save", interrupted_writer)
    before = demo_copy.read_bytes()
    assert main(["refresh", str(demo_copy)]) == ExitCode.INTERRUPTED
    assert demo_copy.read_bytes() == before
    [backup] = (demo_copy.parent / BACKUP_FOLDER).iterdir()
    assert capsys.readouterr().err == (
        "ratecalc refresh: interrupted; these files were already written in full:\n"
        f"  {backup}\n")
    assert [p.name for p in demo_copy.parent.iterdir() if p.name.startswith(".")] == []


def test_blank_analysis_date_takes_the_refresh_date(tiny_copy: Path) -> None:
    wb = open_book(tiny_copy)
    wb[layout.SETTINGS_SHEET].cell(row=layout.settings_row("analysis_date"), column=2).value = \
        None
    wb.save(tiny_copy)
    result = refresh_workbook(tiny_copy, now=NOW.replace(year=2026, month=2, day=3))
    assert result.ok and result.summary["as_of"] == "2026-02-03"


def _tiny_new_term_past_the_data() -> ClinicData:
    """The tiny clinic with Beta Plan's term ending on the bundled data's last day, as the tiny
    clinic's does (2026-12-31) with RVU26C the newest release: its new term begins on the
    first day no release covers, however new the data bundled."""
    data = tiny_clinic()
    contracts = data.contracts.copy()
    contracts.loc[contracts["payer"] == "Beta Plan", "end_date"] = last_covered()
    return dataclasses.replace(data, contracts=contracts)


@pytest.fixture
def tiny_past_data_book(tiny_book: Path,
                        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    beta = tiny_clinic().contracts.set_index("payer").loc["Beta Plan", "end_date"]
    if beta == last_covered():  # the tiny clinic's own workbook: none to build
        yield tiny_book
        return
    yield from unchanged(built_once(tmp_path_factory, "tiny-past-data.xlsx",
                                    refreshed(_tiny_new_term_past_the_data)))


def test_warnings_are_listed_on_the_problems_sheet(tiny_past_data_book: Path) -> None:
    problems = table_frame(tiny_past_data_book, layout.PROBLEMS_TABLE)
    assert problems["severity"].tolist() == ["warning", "warning"]
    messages = problems["message"].tolist()
    assert any("no cost per visit among the clinic metrics" in m for m in messages)
    # Beta Plan's new term begins on the first day no bundled release covers (2027-01-01 with
    # RVU26C): its asks are weighed against the analysis' Medicare amounts, and the sheet says so
    first = first_uncovered().isoformat()
    assert any("Medicare's amounts for the day the new term begins, when the rates asked "
               f"would take effect, are not imported yet: Beta Plan {first} (no Medicare "
               f"data for {first}" in " ".join(m.split()) for m in messages), messages


def test_untouched_sheets_survive_byte_for_byte_in_meaning(demo_book: Path,
                                                           tmp_path: Path) -> None:
    """A user sheet holding what openpyxl can keep (values, formulas, formats, merged cells,
    validation, conditional formats, comments) comes out of refresh the same."""
    path = tmp_path / "book.xlsx"
    shutil.copy2(demo_book, path)
    wb = open_book(path)
    mine = wb.create_sheet("Budget")
    mine["A1"], mine["B1"] = "Rent", 4200
    mine["B1"].number_format = '"$"#,##0'
    mine.merge_cells("A3:C3")
    mine["A3"] = "Merged title"
    mine["C1"] = "=B1*12"
    wb.save(path)
    before = sheet_snapshot(open_book(path)["Budget"])
    refresh_workbook(path, now=NOW)
    assert sheet_snapshot(open_book(path)["Budget"]) == before


def _inject(path: Path, sheet_title: str, xml: str) -> None:
    """Put ``xml`` (an extension list) at the end of ``sheet_title``'s worksheet part, as
    Excel writes sparklines there."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    book = parts["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet_title)}"[^>]*r:id="([^"]+)"',
                    book).group(1)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"',
                       rels)
    part = "xl/" + (target.group(1) or target.group(2)).removeprefix("/xl/")
    parts[part] = parts[part].decode().replace("</worksheet>", xml + "</worksheet>").encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


SPARKLINES = ('<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
              'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
              '<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
              '<x14:sparklineGroup><x14:sparklines><x14:sparkline><xm:f>Budget!A1:C1</xm:f>'
              '<xm:sqref>D1</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>'
              '</x14:sparklineGroups></ext></extLst>')


def test_what_openpyxl_cannot_keep_is_reported_per_sheet(demo_copy: Path) -> None:
    wb = open_book(demo_copy)
    wb.create_sheet("Budget")["A1"] = 1
    wb.save(demo_copy)
    _inject(demo_copy, "Budget", SPARKLINES)
    _inject(demo_copy, layout.PRIORITIES, SPARKLINES)  # a result sheet: rebuilt, not reported
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    lost = [p for p in result.problems if p.table == "Workbook"]
    assert [(p.location.sheet, p.severity) for p in lost] == [("Budget", "warning")]
    assert "sparklines" in lost[0].message
    assert open_book(demo_copy)["Budget"]["A1"].value == 1


def test_what_openpyxl_cannot_keep_is_looked_for_on_the_sheets_asked(demo_copy: Path) -> None:
    """A refresh does not look at the result sheets it rebuilds; every other reader of the
    workbook hears of them too."""
    from ratecalc_workbook.compat import unkept_parts
    from ratecalc_workbook.reader import open_workbook

    wb = open_book(demo_copy)
    wb.create_sheet("Budget")["A1"] = 1
    wb.save(demo_copy)
    _inject(demo_copy, "Budget", SPARKLINES)
    _inject(demo_copy, layout.PRIORITIES, SPARKLINES)
    both = [("Priorities", "sparklines"), ("Budget", "sparklines")]
    assert unkept_parts(demo_copy) == both
    assert unkept_parts(demo_copy, skip=layout.RESULT_SHEETS) == both[1:]
    assert open_workbook(demo_copy)[1] == both
    assert open_workbook(demo_copy, for_refresh=True)[1] == both[1:]


def test_pictures_on_a_users_sheet_survive(demo_copy: Path) -> None:
    pytest.importorskip("PIL")
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    picture = demo_copy.parent / "logo.png"
    PILImage.new("RGB", (20, 10), "navy").save(picture)
    wb = open_book(demo_copy)
    wb.create_sheet("Logo").add_image(Image(str(picture)), "B2")
    wb.save(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok
    assert len(open_book(demo_copy)["Logo"]._images) == 1


def test_chart_titles_say_which_payers_they_show(refreshed_again: Path) -> None:
    # a newcomer could not tell the rate chart showed 4 of 6 payers, nor that the revenue
    # chart added up every payer
    import re
    import zipfile

    with zipfile.ZipFile(refreshed_again / "once.xlsx") as package:
        charts = [package.read(n).decode() for n in package.namelist()
                  if n.startswith("xl/charts/chart")]
    # openpyxl writes the chart namespace as the default one: <ser>, not <c:ser>
    titles = {" ".join(re.findall(r"<a:t>([^<]*)</a:t>", xml)[:1]):
              len(re.findall(r"<(?:c:)?ser>", xml)) for xml in charts}
    rate = (f"Rate per unit, codes billed most: top {layout.CHART_TOP_PAYERS} payers by dollars "
            f"at stake")
    assert titles[rate] == 2 + layout.CHART_TOP_PAYERS  # Medicare, the market, the payers
    assert "Revenue by year, all payers: fixed dollars or % of Medicare" in titles


#: What each Dashboard chart reads: its title -> the table and headers of its values, then of
#: its categories (the rate chart reads a block of figures on the Dashboard itself).
CHART_SOURCES = {
    "Dollars below market a year":
        ("tblPriorities", ["Dollars below market"], ["Payer"]),
    "Revenue by year, all payers: fixed dollars or % of Medicare":
        ("tblScenarioTotals", ["Fixed-dollar revenue", "% of Medicare revenue"], ["Year"]),
}


def test_every_chart_reads_the_columns_its_title_names(refreshed_again: Path) -> None:
    """The revenue chart read the Scenarios' payer, contract basis and percent columns (a
    dollar axis of $0-$2, payers along the years) once its table moved beside another: every
    range a chart reads is the data of the table and columns it shows, wherever they sit."""
    import re
    import zipfile

    book = refreshed_again / "once.xlsx"
    wb = open_book(book)
    with zipfile.ZipFile(book) as package:
        charts = [package.read(n).decode() for n in package.namelist()
                  if n.startswith("xl/charts/chart")]
    seen = {}
    for xml in charts:
        title = " ".join(re.findall(r"<a:t>([^<]*)</a:t>", xml)[:1])
        if title not in CHART_SOURCES:
            continue
        name, values, categories = CHART_SOURCES[title]
        found: list[tuple[str, list[str]]] = []
        for ref in re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", xml):
            sheet, _, cells = ref.rpartition("!")
            ws = wb[sheet.strip("'")]
            left, top, right, bottom = range_boundaries(cells.replace("$", ""))
            table = ws.tables[name]
            t_left, t_top, t_right, t_bottom = range_boundaries(table.ref)
            assert t_left <= left <= right <= t_right and t_top <= top <= bottom <= t_bottom, \
                (title, ref, table.ref)
            found.append((ref, [ws.cell(row=t_top, column=c).value
                                for c in range(left, right + 1)]))
        headers = [h for _, hs in found for h in hs]
        seen[title] = headers
        assert set(headers) == {*values, *categories}, (title, found)
    assert set(seen) == set(CHART_SOURCES)


def _as_before_the_totals_sheet(book: Path) -> Workbook:
    """``book`` as a version before the Totals sheet wrote it: the Proposal's sums per payer
    right of its table (their table name there), no Totals sheet."""
    wb = open_book(book)
    totals = wb[layout.TOTALS]
    summary = totals.tables[layout.PROPOSAL_SUMMARY_TABLE.name]
    del totals.tables[summary.name]
    del wb[layout.TOTALS]
    proposal = wb[layout.PROPOSAL]
    left = proposal.max_column + 2
    for i, header in enumerate(layout.PROPOSAL_SUMMARY_TABLE.headers):
        proposal.cell(row=layout.HEADER_ROW, column=left + i, value=header)
    last = left + len(layout.PROPOSAL_SUMMARY_TABLE.headers) - 1
    summary.ref = (f"{proposal.cell(row=layout.HEADER_ROW, column=left).coordinate}:"
                   f"{proposal.cell(row=layout.HEADER_ROW + 1, column=last).coordinate}")
    summary.autoFilter = None
    proposal.add_table(summary)
    return wb


def test_a_workbook_from_before_the_totals_sheet_gets_one(tiny_copy: Path) -> None:
    """Refresh writes the sums per payer on the new Totals sheet; the old table, on the
    Proposal refresh rewrites, goes with it (no warning about its name)."""
    _as_before_the_totals_sheet(tiny_copy).save(tiny_copy)
    result = refresh_workbook(tiny_copy, now=NOW)
    assert result.ok and layout.TOTALS in result.sheets
    assert not any("renamed" in p.message for p in result.problems)
    wb = open_book(tiny_copy)
    assert wb.sheetnames.index(layout.TOTALS) == wb.sheetnames.index(layout.PROPOSAL) + 1
    assert set(wb[layout.TOTALS].tables) == {layout.PROPOSAL_SUMMARY_TABLE.name,
                                             layout.PARETO_CODES_TABLE.name}
    assert set(wb[layout.PROPOSAL].tables) == {layout.PROPOSAL_TABLE.name}


@pytest.mark.parametrize("name", [layout.TOTALS, layout.TOTALS.lower(), layout.TOTALS.upper()])
def test_a_users_own_sheet_named_totals_is_not_replaced(tiny_copy: Path, name: str) -> None:
    """A workbook from before the Totals sheet may hold a sheet of the user's by that name, in
    any capitals (one name to Excel: "totals" made openpyxl add "Totals1" and the refresh end in
    an internal error): refresh stops with an error naming it, and the sheet is left as it is."""
    wb = _as_before_the_totals_sheet(tiny_copy)
    mine = wb.create_sheet(name)
    mine["A1"], mine["B2"] = "My totals", "=SUM(1,2)"
    wb.save(tiny_copy)
    result = refresh_workbook(tiny_copy, now=NOW)
    assert not result.ok and result.sheets == (layout.PROBLEMS,)
    [error] = result.errors
    assert error.location.sheet == name and "rename yours" in error.message
    kept = open_book(tiny_copy)[name]
    assert (kept["A1"].value, kept["B2"].value) == ("My totals", "=SUM(1,2)")


def test_headers_reworded_since_a_workbook_was_written_are_not_kept_as_the_users(
        demo_copy: Path) -> None:
    """A workbook written when the Scenarios sheets said "Fixed minus pct" refreshes to the
    headers in words, and keeps no copy of a reworded column as if the user had added it; the
    user's notes beside them stay."""
    wb = open_book(demo_copy)
    ws = wb[layout.SCENARIOS]
    for spec in (layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE,
                 layout.SCENARIO_TOTALS_TABLE):
        assert spec.former_headers
        table = ws.tables[spec.name]
        min_col, min_row, _, _ = range_boundaries(table.ref)
        for old, key in spec.former_headers:
            at = spec.keys.index(key)
            ws.cell(row=min_row, column=min_col + at, value=old)
            table.tableColumns[at].name = old
    notes = layout.SCENARIOS_TABLE.keys.index("notes")
    min_col, min_row, _, _ = range_boundaries(ws.tables[layout.SCENARIOS_TABLE.name].ref)
    ws.cell(row=min_row + 1, column=min_col + notes, value="ask about a floor")
    mine = wb.create_sheet("My sums")
    mine["B2"] = "=SUM(tblScenarioTotals[Fixed minus pct])"
    mine["B3"] = "=SUM(tblScenarioTotals[Fixed-dollar revenue])"
    wb.save(demo_copy)

    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    # the user's formula naming the old header is named, with the change to make, and kept
    [named] = [p for p in result.problems if "now headed" in p.rule]
    assert named.location.sheet == "My sums" and (named.location.row,
                                                  named.location.column) == (2, "B")
    assert "'[Fixed minus pct]' is changed to '[Fixed minus % of Medicare]'" in named.rule
    assert open_book(demo_copy)["My sums"]["B2"].value == \
        "=SUM(tblScenarioTotals[Fixed minus pct])"
    assert not [p for p in refresh_workbook(demo_copy, now=NOW).problems
                if "now headed" in p.rule]  # said once, while the old header was there
    ws = open_book(demo_copy)[layout.SCENARIOS]
    for spec in (layout.SCENARIOS_TABLE, layout.SCENARIO_YEARS_TABLE,
                 layout.SCENARIO_TOTALS_TABLE):
        min_col, min_row, max_col, _ = range_boundaries(ws.tables[spec.name].ref)
        headers = [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
        assert headers == spec.headers, spec.name
    assert table_frame(demo_copy, layout.SCENARIOS_TABLE)["notes"].tolist().count(
        "ask about a floor") == 1


#: A note as a billing manager types it: long enough to wrap, a date past its first line.
LONG_NOTE = ("Called their provider relations on 2026-11-20; they promised an answer after the "
             "committee meets, which may slip to the week of 2027-01-11 per the rep.")


def test_a_typed_note_with_a_date_is_kept_as_typed(demo_copy: Path) -> None:
    """RateCalc breaks its own wrapped texts at spaces so that no date splits at its hyphen;
    a text the user typed (the Timeline's Notes column, a column the user added) keeps its
    spaces: refresh rewrote the note below with three line breaks."""
    wb = open_book(demo_copy)
    ws = wb[layout.TIMELINE]
    left, top, right, _ = range_boundaries(ws.tables[layout.TIMELINE_TABLE.name].ref)
    headers = [ws.cell(row=top, column=c).value for c in range(left, right + 1)]
    notes = left + headers.index("Notes")
    ws.cell(row=top + 1, column=notes, value=LONG_NOTE)
    ws.cell(row=top, column=right + 1, value="Call log")
    ws.cell(row=top + 1, column=right + 1, value=LONG_NOTE)
    wb.save(demo_copy)
    for _ in range(2):
        assert refresh_workbook(demo_copy, now=NOW).ok
        timeline = table_frame(demo_copy, layout.TIMELINE_TABLE)
        assert timeline["notes"].dropna().tolist() == [LONG_NOTE]
        assert timeline["Call log"].dropna().tolist() == [LONG_NOTE]
    # while RateCalc's own warnings on that sheet are broken at spaces, dates and ids whole
    warnings_shown = timeline["note"].dropna().tolist()
    assert any("\n" in w for w in warnings_shown)


def test_a_new_workbook_keeps_the_clinics_notes_as_given(tmp_path: Path) -> None:
    """The input sheets are the user's text: a payer's note with a date is written as given,
    not broken into lines (it was, with the result sheets' own texts)."""
    data = demo_data()
    data.payers.loc[0, "notes"] = LONG_NOTE
    book = tmp_path / "notes.xlsx"
    new_workbook(book, data)
    read, problems = read_workbook(book)
    assert read is not None, problems
    assert read.payers["notes"].dropna().tolist() == [LONG_NOTE]


#: What the reviewer typed on unprotected result sheets, where refresh does not keep it: a
#: column two columns right of the Comparison table, a cell below its header, a cell right of
#: the table without a header, a footnote below the Proposal.
#: The columns are counted from the table's last (S and T before the Market caveat column).
_BESIDE = get_column_letter(layout.COMPARISON_TABLE.last_col + 1)
_TWO_RIGHT = get_column_letter(layout.COMPARISON_TABLE.last_col + 2)
STRAY = {(layout.COMPARISON, f"{_TWO_RIGHT}4"): "My col",
         (layout.COMPARISON, f"{_TWO_RIGHT}5"): "keep",
         (layout.COMPARISON, f"{_BESIDE}6"): "no header", (layout.PROPOSAL, "A97"): "My footnote"}


def _stray_warnings(result: refresh_module.RefreshResult) -> dict[tuple[str, str], object]:
    return {(p.table, f"{p.location.column}{p.location.row}"): p.value for p in result.problems
            if "outside the result tables" in p.rule}


def test_a_value_typed_where_refresh_does_not_keep_it_is_named(demo_copy: Path) -> None:
    """Refresh rebuilds a result sheet whole but for its tables' Notes and 'Your rate' columns
    and a column added right beside a table; four cells typed elsewhere went without a word.
    Each is now a warning naming its cell, on the Problems sheet too, and the backup holds it."""
    wb = open_book(demo_copy)
    for (sheet, cell), value in STRAY.items():
        wb[sheet][cell] = value
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    assert _stray_warnings(result) == STRAY
    problems = table_frame(demo_copy, layout.PROBLEMS_TABLE)
    # its words as said (the layout may make a space a line break: page_layout.keep_numbers_whole)
    said = problems["message"].str.split().str.join(" ")
    assert said.str.contains("outside the result tables").sum() == len(STRAY)
    assert result.backup is not None
    backup = open_book(result.backup)
    assert {key: backup[key[0]][key[1]].value for key in STRAY} == STRAY
    assert _stray_warnings(refresh_workbook(demo_copy, now=NOW)) == {}  # said once


def test_a_value_refresh_does_not_keep_is_named_in_its_workbook(demo_copy: Path) -> None:
    """The warning of a typed value the rebuilt sheet leaves out names the file, as the refusal
    of a table grown over one does (it said "sheet 'Proposal', row 97, column 'A'" alone)."""
    wb = open_book(demo_copy)
    wb[layout.PROPOSAL]["A97"] = "My footnote"
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    [warning] = [p for p in result.problems if p.value == "My footnote"]
    assert warning.severity == "warning"
    assert (warning.location.file, warning.location.sheet, warning.location.row,
            warning.location.column) == (demo_copy.name, layout.PROPOSAL, 97, "A")
    assert f"'{demo_copy.name}'" in str(warning.location)


def _result_sheets(book: Path) -> dict[str, object]:
    """The result sheets' cells, tables and the rest, as the file holds them (not the
    Problems sheet, which a refused refresh rewrites to say why)."""
    content = snapshot(book)["content"]
    return {name: content[name] for name in layout.RESULT_SHEETS if name != layout.PROBLEMS}


def _refused_at(result: refresh_module.RefreshResult) -> dict[tuple[str, str], object]:
    return {(p.table, f"{p.location.column}{p.location.row}"): p.value for p in result.errors
            if "where this refresh's table now reaches" in p.rule}


def test_a_table_grown_by_a_column_over_a_typed_value_refuses_the_refresh(
        demo_copy: Path) -> None:
    """A workbook an earlier RateCalc wrote with the Comparison one column narrower, and a
    value typed in the column right beside it, where the table's new last column lands. The
    check judged the old extent and the sheet was rewritten over it (named as left out, at
    best); now the refresh is refused naming the cell, the column landing there and what to
    do, and the result sheets stay as they were."""
    wb = open_book(demo_copy)
    ws = wb[layout.COMPARISON]
    table = ws.tables[layout.COMPARISON_TABLE.name]
    left, top, right, bottom = range_boundaries(table.ref)
    header = ws.cell(row=top, column=right).value
    for row in range(top, bottom + 1):  # the table as it was before its last column came
        ws.cell(row=row, column=right).value = None
    table.ref = f"{get_column_letter(left)}{top}:{get_column_letter(right - 1)}{bottom}"
    table.autoFilter.ref = table.ref
    del table.tableColumns[-1]
    cell = f"{get_column_letter(right)}{top + 2}"
    ws[cell] = "call Mary about this row"
    wb.save(demo_copy)
    before = _result_sheets(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    assert _refused_at(result) == {(layout.COMPARISON, cell): "call Mary about this row"}
    said = next(p for p in result.errors if p.value == "call Mary about this row").message
    assert f"its column '{header}'" in said and "refresh again" in said
    assert _result_sheets(demo_copy) == before
    problems = table_frame(demo_copy, layout.PROBLEMS_TABLE)
    assert problems["message"].str.split().str.join(" ").str.contains(
        "where this refresh's table now reaches").sum() == 1


def test_the_refusal_of_a_table_grown_over_a_typed_value_names_the_workbook(
        demo_copy: Path) -> None:
    """The error refusing the refresh names the file as every input error does (review-b10:
    it said "Comparison sheet 'Comparison', row 6, column 'S'" and no workbook)."""
    wb = open_book(demo_copy)
    ws = wb[layout.COMPARISON]
    left, top, right, bottom = as_before_its_last_column(ws, layout.COMPARISON_TABLE.name)
    ws.cell(row=top + 2, column=right, value="call Mary about this row")
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    [refusal] = [p for p in result.errors if p.value == "call Mary about this row"]
    assert refusal.location.file == demo_copy.name
    assert f"'{demo_copy.name}'" in str(refusal.location)
    assert (refusal.location.sheet, refusal.location.row, refusal.location.column) == (
        layout.COMPARISON, top + 2, get_column_letter(right))


def test_a_table_grown_over_a_former_title_in_a_book_without_the_record_is_refreshed(
        demo_copy: Path) -> None:
    """A workbook last refreshed before RateCalc kept its record of its own texts, holding the
    title an earlier RateCalc wrote on Priorities ("Codes by volume", since moved to Totals)
    where the table's new last column lands: RateCalc's, so no reason to refuse (4ebd7684,
    which had no test: taken out, this refresh is refused naming the title)."""
    wb = open_book(demo_copy)
    lists = wb[layout.LISTS]
    for col in (layout.LIST_OWN_SHEET_COL, layout.LIST_OWN_TEXT_COL):
        lists.cell(row=1, column=col).value = None  # no record: an earlier RateCalc's book
    ws = wb[layout.PRIORITIES]
    left, top, right, bottom = as_before_its_last_column(ws, layout.PRIORITIES_TABLE.name)
    ws.cell(row=top + 2, column=right, value="Codes by volume (top 80% marked)")
    wb.save(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok, [str(p) for p in result.errors]
    assert open_book(demo_copy)[layout.PRIORITIES].cell(
        row=top, column=right).value == layout.MARKET_CAVEAT


def test_a_table_grown_by_rows_over_a_typed_value_refuses_the_refresh(
        demo_copy: Path) -> None:
    """A payer leaves the inputs, the Comparison shrinks and the user types a footnote right
    below it; the payer comes back and the Comparison's new rows land on the footnote: refused,
    naming it, the result sheets as they were; moved away, the same refresh goes through."""
    kept = refreshed_without(demo_copy, "Keystone Health Plan")
    wb = open_book(demo_copy)
    ws = wb[layout.COMPARISON]
    left, _, _, bottom = range_boundaries(ws.tables[layout.COMPARISON_TABLE.name].ref)
    cell = f"{get_column_letter(left)}{bottom + 1}"
    ws[cell] = "rates as of the March call"
    put_back(wb, kept)
    wb.save(demo_copy)
    before = _result_sheets(demo_copy)
    result = refresh_workbook(demo_copy, now=NOW)
    assert not result.ok
    assert _refused_at(result) == {(layout.COMPARISON, cell): "rates as of the March call"}
    assert _result_sheets(demo_copy) == before
    wb = open_book(demo_copy)
    wb[layout.COMPARISON][cell] = None  # moved where refresh keeps it (here: cleared)
    wb.save(demo_copy)
    after = refresh_workbook(demo_copy, now=NOW)
    assert after.ok and _refused_at(after) == {}


def test_refresh_names_nothing_of_its_own_as_dropped(demo_copy: Path, tmp_path: Path) -> None:
    """RateCalc's own notes move when a table grows or shrinks, and a blank workbook's "not
    computed yet" pages give way to results: neither is a value the user lost."""
    wb = open_book(demo_copy)
    leaving = {"Keystone Health Plan", "Pioneer Medicare Advantage", "Cardinal Employers Trust"}
    for name in layout.INPUT_SHEETS:  # three payers leave: every table shrinks, and the
        for row in wb[name].iter_rows():  # Dashboard's chart data loses columns
            if any(c.value in leaving for c in row):
                for cell in row:
                    cell.value = None
    wb.save(demo_copy)
    assert _stray_warnings(refresh_workbook(demo_copy, now=NOW)) == {}
    blank = tmp_path / "blank.xlsx"
    new_workbook(blank)
    filled = open_book(blank)
    source = open_book(demo_copy)
    for name in layout.INPUT_SHEETS:
        for row in source[name].iter_rows():
            for cell in row:
                if cell.value is not None and type(cell).__name__ != "MergedCell":
                    filled[name].cell(row=cell.row, column=cell.column, value=cell.value)
    filled.save(blank)
    result = refresh_workbook(blank, now=NOW)
    assert result.ok, result.problems
    assert _stray_warnings(result) == {}


LONG_NAME = "Summit BlueCare Preferred Provider Network SBC-2019-114"


def _rename_payer(book: Path, old: str, new: str) -> None:
    wb = open_book(book)
    for name in layout.INPUT_SHEETS:
        for row in wb[name].iter_rows():
            for cell in row:
                if cell.value == old:
                    cell.value = new
    wb.save(book)


def _typed_for(book: Path, spec: layout.TableSpec, payer: str, column: str,
               value: object | None = None) -> object:
    """The cell of ``column`` in ``payer``'s first row of ``spec``'s table: typed into when a
    value is given, else read."""
    wb = open_book(book)
    ws = wb[spec.sheet]
    left, top, right, bottom = range_boundaries(ws.tables[spec.name].ref)
    headers = [ws.cell(row=top, column=c).value for c in range(left, right + 1)]
    payer_col = left + headers.index("Payer")
    col = left + headers.index(spec.spec(column).header)
    row = next(r for r in range(top + 1, bottom + 1) if ws.cell(row=r, column=payer_col).value
               == payer)
    if value is None:
        return ws.cell(row=row, column=col).value
    ws.cell(row=row, column=col, value=value)
    wb.save(book)
    return value


def test_a_payer_name_with_an_id_is_written_as_typed_and_its_entries_kept(
        demo_copy: Path) -> None:
    """The reviewer's case: a payer's name holding an id (SBC-2019-114) wraps in its bounded
    column; the id kept whole by line breaks in place of spaces, the name no longer matched
    the clinic's (a Dashboard chart read 0 for it) and the next refresh lost the 'Your rate'
    and the note typed for that payer without a word. Names are written as typed."""
    _rename_payer(demo_copy, "Summit BlueCare PPO", LONG_NAME)
    assert refresh_workbook(demo_copy, now=NOW).ok
    wb = open_book(demo_copy)
    broken = [(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows()
              for c in row if isinstance(c.value, str) and "\n" in c.value
              and " ".join(c.value.split()) == LONG_NAME]
    assert broken == []
    _typed_for(demo_copy, layout.PROPOSAL_TABLE, LONG_NAME, "override_rate", 80.0)
    _typed_for(demo_copy, layout.PRIORITIES_TABLE, LONG_NAME, "notes", "call Dana")
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok
    assert _typed_for(demo_copy, layout.PROPOSAL_TABLE, LONG_NAME, "override_rate") == 80.0
    assert _typed_for(demo_copy, layout.PRIORITIES_TABLE, LONG_NAME, "notes") == "call Dana"


def test_a_rate_typed_as_text_is_named_where_the_refreshed_sheet_holds_it(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning about what is typed in "Your rate" names its cell on the rewritten Proposal,
    where its payer's and code's row now is; the sheet is read again for it only when a value
    typed there was carried over (once when none was)."""
    from openpyxl.utils import get_column_letter

    from ratecalc_workbook.reader import proposal_from_workbook

    reads: list[str] = []

    def counted(*args: object, **kwargs: object) -> object:
        reads.append("proposal")
        return proposal_from_workbook(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh_module, "proposal_from_workbook", counted)
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok and reads == ["proposal"]  # nothing typed: read once, before rewriting
    assert not [p for p in result.problems if p.location.sheet == layout.PROPOSAL]

    spec = layout.PROPOSAL_TABLE
    wb = open_book(demo_copy)
    ws = wb[layout.PROPOSAL]
    column = spec.col("override_rate")
    # the first payer's first code: typed as text, which no reader takes for a rate
    payer, code = ws.cell(row=spec.header_row + 1, column=spec.col("payer")).value, ws.cell(
        row=spec.header_row + 1, column=spec.col("code")).value
    ws.cell(row=spec.header_row + 1, column=column, value="$27.00")
    wb.save(demo_copy)
    reads.clear()
    result = refresh_workbook(demo_copy, now=NOW)
    assert result.ok and reads == ["proposal", "proposal"]
    [typed] = [p for p in result.problems if p.location.sheet == layout.PROPOSAL]
    assert "typed as text" in typed.message
    ws = open_book(demo_copy)[layout.PROPOSAL]
    row = typed.location.row
    assert row is not None and typed.severity == "warning"
    assert (ws.cell(row=row, column=spec.col("payer")).value,
            ws.cell(row=row, column=spec.col("code")).value,
            ws.cell(row=row, column=column).value) == (payer, code, "$27.00")
    assert typed.location.letter == get_column_letter(column)


def test_the_end_date_is_headed_as_the_terms_and_an_old_header_is_renamed(
        demo_copy: Path) -> None:
    """The Priorities and Timeline sheets headed every contract's end date "Contract ends", of
    contracts that renew by themselves too (the demo's Summit: the Timeline's "Auto renew" says
    yes beside it): it is the current term's last day. A workbook written with the old header
    refreshes to the new one and keeps no copy of the column as the user's."""
    wb = open_book(demo_copy)
    for spec in (layout.PRIORITIES_TABLE, layout.TIMELINE_TABLE):
        ws = wb[spec.sheet]
        table = ws.tables[spec.name]
        min_col, min_row, _, _ = range_boundaries(table.ref)
        at = spec.keys.index("end_date")
        ws.cell(row=min_row, column=min_col + at, value="Contract ends")
        table.tableColumns[at].name = "Contract ends"
    wb.save(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok
    wb = open_book(demo_copy)
    for spec in (layout.PRIORITIES_TABLE, layout.TIMELINE_TABLE):
        ws = wb[spec.sheet]
        min_col, min_row, max_col, _ = range_boundaries(ws.tables[spec.name].ref)
        headers = [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
        assert headers[spec.keys.index("end_date")] == "Term ends", spec.name
        assert "Contract ends" not in headers and headers == spec.headers, spec.name
