"""``ratecalc workbook new PATH --from DATA`` and ``ratecalc workbook export WB DIR``: a clinic's
eight tables into a new master workbook and back out, through the real entry point."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.dataset import ClinicData
from ratecalc.kept_copies import RECORD_FILE
from ratecalc.loaders import load_folder, require
from ratecalc.schema import TABLES
from ratecalc.table_export import csv_text, write_clinic_tables
from ratecalc_cli.main import ExitCode, main

FRAMES = ("payers", "contracts", "fee_schedules", "volumes", "benchmarks", "metrics")


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo clinic's CSV folder (the package's own files)."""
    target = tmp_path_factory.mktemp("demo-tables") / "tables"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, target)
    return target


@pytest.fixture(scope="module")
def from_demo(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("from") / "clinic.xlsx"
    assert main(["workbook", "new", str(path), "--from", str(demo_folder)]) == ExitCode.OK
    return path


def same_tables(a: ClinicData, b: ClinicData) -> None:
    assert a.clinic == b.clinic
    assert a.settings == b.settings
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True),
                                      getattr(b, name).reset_index(drop=True), obj=name)


def test_export_of_a_workbook_made_from_the_demo_folder_gives_the_same_tables(
        from_demo: Path, demo_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "exported"
    assert main(["workbook", "export", str(from_demo), str(out)]) == ExitCode.OK
    assert sorted(p.name for p in out.iterdir()) == sorted(  # and RateCalc's record of them
        [*(f"{n}.csv" for n in TABLES), "exit_assumptions.csv", RECORD_FILE])
    same_tables(require(load_folder(out)), require(load_folder(demo_folder)))


def test_export_says_eight_tables_and_the_exit_assumptions_as_the_docs_do(
        from_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README and docs/COMMANDS.md say `workbook export` writes the workbook's eight tables
    with its exit assumptions beside them (`exit_assumptions.csv`); the command ended "Wrote 9
    tables", a ninth table a newcomer looked for in the docs' list of eight."""
    out = tmp_path / "exported"
    capsys.readouterr()
    assert main(["workbook", "export", str(from_demo), str(out)]) == ExitCode.OK
    said = capsys.readouterr().out.strip()
    assert said == f"Wrote {len(TABLES)} tables and exit_assumptions.csv to {out}/"
    assert len(TABLES) == 8


def test_the_exit_assumptions_go_out_and_come_back(from_demo: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    """Retention 0.3 and Backfill 0.5 typed on a workbook's Settings sheet: `workbook export`
    wrote no file for them, so `exit-impact --data FOLDER` estimated $0.00 backfilled where the
    workbook estimated $53,582.20 (Meridian: 1,460 visits x (1 - 0.3) x 0.5 x $104.85, the other
    payers' revenue a visit), and `workbook new --from` lost them too (found by a review)."""
    from openpyxl import load_workbook

    book = tmp_path / "typed.xlsx"
    shutil.copy2(from_demo, book)
    wb = load_workbook(book)
    ws = wb["Settings"]
    for row in ws.iter_rows():
        if row[0].value in ("Retention", "Backfill"):
            row[1].value = {"Retention": 0.3, "Backfill": 0.5}[row[0].value]
    wb.save(book)
    out = tmp_path / "exported"
    assert main(["workbook", "export", str(book), str(out)]) == ExitCode.OK
    assert (out / "exit_assumptions.csv").read_text().splitlines() == [
        "field,value", "retention,0.3", "retained_collection,0", "backfill,0.5",
        "ramp_months,0", "admin_savings,0"]
    again = tmp_path / "again.xlsx"
    assert main(["workbook", "new", str(again), "--from", str(out)]) == ExitCode.OK
    capsys.readouterr()
    said = []
    for source in (book, out, again):
        assert main(["exit-impact", "--payer", "Meridian Mutual", "--data", str(source),
                     "--json"]) == ExitCode.OK
        said.append(capsys.readouterr().out)
    assert said[0] == said[1] == said[2]
    assert '"retention": 0.3' in said[0] and '"backfill": 0.5' in said[0]


def test_a_bad_exit_assumption_in_a_folder_is_named_at_its_row(demo_folder: Path,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    shutil.copytree(demo_folder, folder)
    (folder / "exit_assumptions.csv").write_text("field,value\nretention,1.5\n")
    data, problems = load_folder(folder)
    assert data is None
    (problem,) = [p for p in problems if p.severity == "error"]
    assert (problem.location.file, problem.location.row) == ("exit_assumptions.csv", 2)
    assert "expected a share from 0% to 100% (0 to 1, 1.0 = 100%)" in problem.message


def test_the_new_workbook_is_refreshed_from_the_tables(from_demo: Path) -> None:
    from ratecalc_workbook.reader import selected_payer

    assert selected_payer(from_demo) == "Summit BlueCare PPO"  # ranked first, as in the demo


def test_a_workbook_with_a_sheet_per_table_is_read_too(demo_folder: Path,
                                                       tmp_path: Path) -> None:
    source = tmp_path / "tables.xlsx"
    with pd.ExcelWriter(source) as writer:
        for name, table in TABLES.items():
            frame = pd.read_csv(demo_folder / f"{name}.csv", dtype=str, keep_default_na=False)
            frame.to_excel(writer, sheet_name=table.title, index=False)
    book = tmp_path / "clinic.xlsx"
    assert main(["workbook", "new", str(book), "--from", str(source)]) == ExitCode.OK
    out = tmp_path / "out"
    assert main(["workbook", "export", str(book), str(out)]) == ExitCode.OK
    same_tables(require(load_folder(out)), require(load_folder(demo_folder)))


def test_nothing_is_written_from_invalid_tables(demo_folder: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(demo_folder, bad)
    fees = bad / "fee_schedules.csv"
    fees.write_text(fees.read_text().replace("25.22", "abc", 1))
    book = tmp_path / "clinic.xlsx"
    assert main(["workbook", "new", str(book), "--from", str(bad)]) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert "fee_schedules.csv" in err and "row 2" in err and "allowed_amount" in err
    assert not book.exists()
    assert list(tmp_path.glob("*.xlsx")) == []


def test_export_never_overwrites_a_folder_of_tables(from_demo: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "volumes.csv").write_text("mine\n")
    assert main(["workbook", "export", str(from_demo), str(out)]) != ExitCode.OK
    err = capsys.readouterr().err
    assert "already holds volumes.csv" in err and "with --overwrite" in err  # the way out named
    assert (out / "volumes.csv").read_text() == "mine\n"
    assert sorted(p.name for p in out.iterdir()) == ["volumes.csv"]
    assert main(["workbook", "export", str(from_demo), str(out), "--overwrite"]) == ExitCode.OK
    assert (out / "volumes.csv").read_text().startswith("payer,code,")


def test_from_and_demo_exclude_each_other(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["workbook", "new", str(tmp_path / "x.xlsx"), "--demo", "--from", str(tmp_path)])


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_text_never_starts_a_formula_in_the_csv(text: str) -> None:
    written = csv_text(text)
    # a plain number ("-0", "+1.5") is left as it is: no program reads it as a formula
    plain_number = re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text.strip(" "))
    assert not written.startswith(("=", "+", "-", "@")) or plain_number
    assert written == text or written == "'" + text


def test_exported_money_reads_back_to_the_same_number(tmp_path: Path) -> None:
    data = require(load_folder(resources.files("ratecalc") / "data" / "demo"))  # type: ignore[arg-type]
    fees = data.fee_schedules.copy()
    fees["allowed_amount"] = [0.1 + 0.2, 1 / 3, 26.825] + list(fees["allowed_amount"][3:])
    changed = ClinicData(data.clinic, data.payers, data.contracts, fees, data.volumes,
                         data.benchmarks, data.metrics, data.settings)
    write_clinic_tables(changed, tmp_path)
    # written exactly (shortest text that reads back as the same float) ...
    text = (tmp_path / "fee_schedules.csv").read_text()
    assert ",0.30000000000000004," in text and ",0.3333333333333333," in text
    assert ",26.825," in text
    # ... and read as money is read: fractions of a cent to the cents shown, with a warning
    back, problems = load_folder(tmp_path)
    assert back is not None
    assert back.fee_schedules["allowed_amount"].tolist()[:3] == [0.1 + 0.2, 0.33, 26.83]
    assert [p.location.row for p in problems if "fractions of a cent" in p.message] == [3, 4]
