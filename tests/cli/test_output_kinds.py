"""An output path never turns a file of one kind into another (hostile-tester report, item 1).

``--out``/``--ics`` naming a workbook refused with exit 3 and the workbook left byte for byte;
a letter written again over its own earlier version still keeps the old one (in ``RateCalc
backups``).
"""

from __future__ import annotations

import shutil
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.kept_copies import backups_of
from ratecalc_cli.main import ExitCode, main

PAYER = "Summit BlueCare PPO"
REMITTANCE = "ST*835*1~BPR*I*80*C~N1*PR*ACME~CLP*A1*1*100*80~SVC*HC:97110*100*80**1~SE*6*1~"


@pytest.fixture(scope="module")
def demo_folder() -> Path:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        yield Path(folder)


def a_workbook(path: Path) -> Path:
    """A small file that is an Excel workbook by its parts (what the check reads)."""
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return path


def refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == ExitCode.INPUT_ERROR
    return capsys.readouterr().err


def test_letter_out_naming_a_workbook_is_refused_and_keeps_it(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = a_workbook(tmp_path / "victim.xlsx")
    before = victim.read_bytes()
    err = refused(capsys, ["letter", str(demo_folder), "--payer", PAYER, "--out", str(victim)])
    assert victim.read_bytes() == before
    assert str(victim) in err and "Word letter" in err and "Excel workbook" in err
    assert ".docx" in err and "nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim.xlsx"]  # no backup, no temp


def test_letter_out_naming_a_workbook_renamed_docx_is_refused(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = a_workbook(tmp_path / "letter.docx")
    before = victim.read_bytes()
    err = refused(capsys, ["letter", str(demo_folder), "--payer", PAYER, "--out", str(victim)])
    assert victim.read_bytes() == before
    assert "holds an Excel workbook, not a Word letter" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx"]


def test_a_letter_written_again_still_keeps_the_old_one(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "letter.docx"
    assert main(["letter", str(demo_folder), "--payer", PAYER, "--out", str(out)]) == 0
    first = out.read_bytes()
    assert main(["letter", str(demo_folder), "--payer", PAYER, "--out", str(out),
                 "--date", "2025-12-05"]) == 0
    assert [p.read_bytes() for p in backups_of(out)] == [first]
    assert out.read_bytes() != first


def test_remittance_out_naming_a_workbook_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.835"
    source.write_text(REMITTANCE)
    victim = a_workbook(tmp_path / "victim2.xlsx")
    before = victim.read_bytes()
    err = refused(capsys, ["import", "remittances", str(source), "--out", str(victim)])
    assert victim.read_bytes() == before
    assert "CSV table" in err and "Excel workbook" in err and str(victim) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.835", "victim2.xlsx"]


def test_remittance_out_csv_holding_a_workbook_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.835"
    source.write_text(REMITTANCE)
    victim = a_workbook(tmp_path / "lines_adjustments.csv")  # the third file --out writes
    before = victim.read_bytes()
    err = refused(capsys, ["import", "remittances", str(source), "--out",
                           str(tmp_path / "lines.csv")])
    assert victim.read_bytes() == before
    assert not (tmp_path / "lines.csv").exists()  # checked before the first file is written
    assert "holds an Excel workbook, not a CSV table" in err


def test_timeline_ics_naming_a_workbook_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = a_workbook(tmp_path / "wb.xlsx")
    before = victim.read_bytes()
    err = refused(capsys, ["timeline", "--demo", "--today", "2026-12-03", "--ics", str(victim)])
    assert victim.read_bytes() == before
    assert "iCalendar" in err and ".ics" in err and "Excel workbook" in err
    assert "Calendar written" not in capsys.readouterr().out


def test_timeline_ics_over_other_text_is_refused_but_over_a_calendar_is_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.ics"
    notes.write_text("my notes, not a calendar\n")
    err = refused(capsys, ["timeline", "--demo", "--today", "2026-12-03", "--ics", str(notes)])
    assert notes.read_text() == "my notes, not a calendar\n" and "holds text" in err
    calendar = tmp_path / "renewals.ics"
    assert main(["timeline", "--demo", "--today", "2026-12-03", "--ics", str(calendar)]) == 0
    assert main(["timeline", "--demo", "--today", "2026-12-04", "--ics", str(calendar)]) == 0
    assert calendar.read_text().startswith("BEGIN:VCALENDAR")


def test_analyze_out_naming_a_file_is_refused(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = a_workbook(tmp_path / "wb.xlsx")
    before = victim.read_bytes()
    err = refused(capsys, ["analyze", str(demo_folder), "--out", str(victim)])
    assert victim.read_bytes() == before and "not a folder" in err


def test_market_rates_out_naming_a_workbook_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.json"
    source.write_text('{"in_network": []}')
    victim = a_workbook(tmp_path / "stats.xlsx")
    before = victim.read_bytes()
    err = refused(capsys, ["import", "market-rates", str(source), "--out", str(victim)])
    assert victim.read_bytes() == before and "CSV table" in err


def test_demo_out_holding_a_non_workbook_negotiation_xlsx_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    out.mkdir()
    (out / "negotiation.xlsx").write_text("not a workbook")
    err = refused(capsys, ["demo", "--out", str(out), "--today", "2026-12-03"])
    assert (out / "negotiation.xlsx").read_text() == "not a workbook"
    assert sorted(p.name for p in out.iterdir()) == ["negotiation.xlsx"]
    assert "holds text, not an Excel workbook" in err


def test_workbook_export_into_a_file_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_workbook: Path) -> None:
    # `workbook new --demo --today 2026-12-03`, made once per test run (tests/cli/conftest.py)
    book = shutil.copyfile(demo_workbook, tmp_path / "wb.xlsx")
    made = book.read_bytes()
    capsys.readouterr()
    victim = a_workbook(tmp_path / "tables.xlsx")
    before = victim.read_bytes()
    err = refused(capsys, ["workbook", "export", str(book), str(victim)])
    assert victim.read_bytes() == before and "not a folder" in err
    assert book.read_bytes() == made  # the workbook read is left as it was
