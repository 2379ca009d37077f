"""Issue 12: data text never becomes a live formula in the workbook, and saving is safe.

Formula injection: the input cells hold the corpus of ``tests/hostile.py`` as text; after
``workbook new``, refresh, a fee-schedule import and an 835 import no formula cell holds any of it,
and the text is still there as text. Saving: backups that cannot collide, temporary files cleaned
up, permissions kept, read-only workbooks refused, a renamed result sheet no obstacle.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ratecalc.atomic import STALE_AFTER_SECONDS, TEMP_SUFFIX
from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError
from ratecalc_cli.main import main
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.cells import Formula, put
from ratecalc_workbook.fee_schedule_import import import_fee_schedule
from ratecalc_workbook.refresh import refresh_workbook
from ratecalc_workbook.safety import BACKUP_FOLDER, BACKUPS_KEPT, backup, backups_of
from tests.built_once import built_once, digest
from tests.hostile import NAMES, data_formulas, text_cells_with

from .conftest import NOW, tiny_clinic

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fee_schedules"


def hostile_clinic() -> ClinicData:
    data = tiny_clinic()
    names = {"Alpha Health": NAMES[0], "Beta Plan": NAMES[1]}
    frames = {}
    for field in ("payers", "contracts", "fee_schedules", "volumes"):
        frame = getattr(data, field).copy()
        frame["payer"] = frame["payer"].map(names)
        frames[field] = frame
    frames["payers"]["notes"] = [NAMES[2], NAMES[3]]
    frames["contracts"]["contact_name"] = [NAMES[5], NAMES[6]]
    return replace(data, clinic={**data.clinic, "name": NAMES[4]}, **frames)


@pytest.fixture(scope="session")
def hostile_new_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The hostile clinic's workbook as ``new_workbook`` writes it, once per test run; copy it."""
    path = built_once(tmp_path_factory, "hostile-new.xlsx",
                      lambda path: new_workbook(path, hostile_clinic()))
    before = digest(path)
    yield path
    assert digest(path) == before, f"a test changed the shared {path}; copy it first"


@pytest.fixture
def hostile_book(hostile_new_book: Path, tmp_path: Path) -> Path:
    return shutil.copyfile(hostile_new_book, tmp_path / "hostile.xlsx")


def test_new_and_refreshed_workbook_hold_no_data_formula(hostile_book: Path) -> None:
    assert data_formulas(hostile_book) == []
    result = refresh_workbook(hostile_book, now=NOW)
    assert result.ok, [p.message for p in result.errors]
    assert data_formulas(hostile_book) == []
    # the payers' names reached the result sheets, as text
    found = text_cells_with(hostile_book, "HYPERLINK")
    assert {cell.split("!")[0] for cell in found} >= {"Payers & Contracts", "Comparison",
                                                       "Priorities", "Proposal"}
    # and the project's own formulas are still formulas
    wb = load_workbook(hostile_book)
    assert sum(c.data_type == "f" for row in wb["Comparison"].iter_rows() for c in row) > 10


def test_text_typed_in_excel_stays_text_after_refresh(tmp_path: Path,
                                                     tiny_new_book: Path) -> None:
    # the tiny clinic's new workbook, written once per run (tests/workbook/conftest.py)
    path = shutil.copyfile(tiny_new_book, tmp_path / "typed.xlsx")
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Alpha Health":  # typed as text: Excel stores a string
                    cell.value = NAMES[0]
                    cell.data_type = "s"
    wb.save(path)
    assert refresh_workbook(path, now=NOW).ok
    assert data_formulas(path) == []
    assert text_cells_with(path, "cmd|")


def test_fee_schedule_import_for_a_hostile_payer(hostile_book: Path) -> None:
    result = import_fee_schedule(hostile_book, FIXTURES / "acme_health_2026.csv", NAMES[1],
                                 skip_bad_rows=True, now=NOW)
    assert result.appended is not None and result.appended.appended > 0
    assert data_formulas(hostile_book) == []
    assert text_cells_with(hostile_book, "HYPERLINK")


def test_835_payer_name_goes_to_fee_schedules_as_text(hostile_book: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "hostile.835"
    source.write_text(f"ST*835*1~BPR*I*80*C*ACH************20251101~N1*PR*{NAMES[1]}~"
                      "CLP*A1*1*100*80~SVC*HC:97110:GP*100*80**1~DTM*472*20251001~"
                      "CAS*CO*45*20~SE*8*1~")
    main(["import", "remittances", str(source), "--workbook", str(hostile_book)])
    assert "Added to hostile.xlsx" in capsys.readouterr().err
    assert data_formulas(hostile_book) == []
    fees = load_workbook(hostile_book)["Fee Schedules"]
    payers = [c.value for c in fees["A"]]
    assert payers.count(NAMES[1]) >= 3  # two typed rows and the imported one, all text


def test_put_writes_text_and_only_marked_formulas() -> None:
    ws = Workbook().active
    assert put(ws["A1"], "=1+1").data_type == "s"
    assert put(ws["A2"], "#N/A").data_type == "s"  # not an error value either
    assert put(ws["A3"], Formula("=1+1")).data_type == "f"
    assert put(ws["A4"], "bad\x01char").value == "bad\ufffdchar"  # openpyxl raised on it
    assert put(ws["A5"], -3.5).value == -3.5


#: Characters XML cannot hold that openpyxl's own check lets through: lxml refused them at the
#: save, after the backup, and the command ended with an internal error (exit 4).
NOT_XML = ("\ufffe", "\uffff", "\udfff")


@pytest.mark.parametrize("char", NOT_XML)
def test_put_replaces_every_character_xml_cannot_hold(char: str) -> None:
    wb = Workbook()
    assert put(wb.active["A1"], f"bad{char}char").value == "bad\ufffdchar"
    wb.save(io.BytesIO())


def test_an_835_payer_name_xml_cannot_hold_is_saved_replaced(book: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "odd.835"
    source.write_text("ST*835*1~BPR*I*80*C*ACH************20251101~N1*PR*ACME\uffffHEALTH~"
                      "CLP*A1*1*100*80~SVC*HC:97110:GP*100*80**1~DTM*472*20251001~"
                      "CAS*CO*45*20~SE*8*1~", encoding="utf-8")
    assert main(["import", "remittances", str(source), "--workbook", str(book),
                 "--new-payer"]) == 0, capsys.readouterr().err
    payers = [c.value for c in load_workbook(book)["Fee Schedules"]["A"]]
    assert "ACME\ufffdHEALTH" in payers


def test_a_tic_plan_name_xml_cannot_hold_is_saved_replaced(book: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "odd.json"
    source.write_text(json.dumps({
        "reporting_entity_name": "ACME\uffffHEALTH", "plan_name": "PLAN\ufffe",
        "reporting_entity_type": "x", "last_updated_on": "2025-01-01", "version": "1.0.0",
        "in_network": [{"negotiation_arrangement": "ffs", "name": "x", "billing_code_type": "CPT",
                        "billing_code": "97110", "description": "x", "negotiated_rates": [{
                            "provider_groups": [{"npi": [1234567893],
                                                 "tin": {"type": "ein", "value": "12-3456789"}}],
                            "negotiated_prices": [{
                                "negotiated_type": "negotiated", "negotiated_rate": 50,
                                "expiration_date": "9999-12-31",
                                "billing_class": "professional"}]}]}]}), encoding="utf-8")
    assert main(["import", "market-rates", str(source), "--codes", "97110", "--workbook",
                 str(book), "--quiet"]) == 0, capsys.readouterr().err
    sources = [c.value for c in load_workbook(book)["Benchmarks"]["G"]]
    assert any("ACME\ufffdHEALTH" in str(v) for v in sources), sources


# --- saving ---------------------------------------------------------------------------------------

@pytest.fixture
def book(tiny_new_book: Path, tmp_path: Path) -> Path:
    """A copy of the tiny clinic's new workbook, written once per test run (copyfile: the
    copy's times and permissions are a new file's, as the tests below need)."""
    return shutil.copyfile(tiny_new_book, tmp_path / "clinic.xlsx")


@pytest.fixture
def new_book(tmp_path: Path) -> Path:
    """The tiny clinic's workbook as ``new_workbook`` writes it here (its permissions)."""
    path = tmp_path / "clinic.xlsx"
    new_workbook(path, tiny_clinic())
    return path


def test_new_and_refreshed_workbooks_keep_usual_permissions(new_book: Path) -> None:
    book = new_book
    # issue 12 item 10: mkstemp's 0600 leaked into new and refreshed workbooks
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(book.stat().st_mode) == 0o666 & ~umask
    os.chmod(book, 0o640)
    refresh_workbook(book, now=NOW)
    assert stat.S_IMODE(book.stat().st_mode) == 0o640


def test_read_only_workbook_is_refused(book: Path, capsys: pytest.CaptureFixture) -> None:
    os.chmod(book, 0o444)
    before = book.read_bytes()
    with pytest.raises(InputError, match="is read-only: RateCalc does not replace it"):
        refresh_workbook(book, now=NOW)
    assert main(["refresh", str(book)]) == 3
    assert "read-only" in capsys.readouterr().err
    assert book.read_bytes() == before


@pytest.mark.parametrize("locked", ["folder", "file"])
def test_unwritable_folder_or_immutable_file_is_a_message(book: Path, locked: str,
                                                          capsys: pytest.CaptureFixture) -> None:
    target = book.parent if locked == "folder" else book
    if os.geteuid() != 0 and locked == "folder":
        os.chmod(target, 0o555)
    elif os.system(f"chattr +i '{target}' 2>/dev/null") != 0:
        pytest.skip("chattr cannot make it immutable here")
    try:
        code = main(["refresh", str(book)])
    finally:
        os.system(f"chattr -i '{target}' 2>/dev/null")
        os.chmod(book.parent, 0o755)
    assert code == 3
    err = capsys.readouterr().err
    assert "cannot" in err and "Traceback" not in err


def test_backups_of_a_similar_name_are_not_touched(book: Path) -> None:
    # 'clinic 2025.xlsx' beside 'clinic.xlsx': the old glob "clinic *.xlsx" took its backups
    folder = book.parent / BACKUP_FOLDER
    folder.mkdir()
    other = [folder / f"clinic 2025 2025-01-{d:02d} 120000.xlsx" for d in range(1, 26)]
    for path in other:
        path.write_bytes(b"other workbook")
    made = [backup(book, NOW + timedelta(minutes=i)) for i in range(BACKUPS_KEPT + 3)]
    assert all(p.exists() for p in other)
    kept = backups_of(book)
    assert kept == made[-BACKUPS_KEPT:]
    assert made[-1].exists()


def test_the_backup_just_made_is_never_pruned(book: Path) -> None:
    # copy2 gave each backup the workbook's old mtime, so the newest looked oldest. Aged from
    # the file's own time stamp, the file system's clock: time.time() may not be it (faketime)
    old = book.stat().st_mtime - 10 * 86400
    os.utime(book, (old, old))
    for i in range(BACKUPS_KEPT + 2):
        made = backup(book, NOW + timedelta(seconds=i))
        assert made.exists()
        assert made.stat().st_mtime > old + 86400
    # a backup whose name is older but whose file time is newer is still pruned first
    assert len(backups_of(book)) == BACKUPS_KEPT


def test_same_second_backups_do_not_collide(book: Path) -> None:
    first, second = backup(book, NOW), backup(book, NOW)
    assert first != second and first.exists() and second.exists()
    assert second.name == f"clinic {NOW:%Y-%m-%d %H%M%S} (2).xlsx"


def test_left_over_temporary_files_are_cleaned_up(book: Path) -> None:
    stale = book.parent / f".{book.name}.killed{TEMP_SUFFIX}"
    fresh = book.parent / f".{book.name}.running{TEMP_SUFFIX}"
    stale.write_bytes(b"partial")
    fresh.write_bytes(b"being written by another refresh")
    # aged from its own time stamp: the clean-up reads the file system's clock, not time.time()
    old = stale.stat().st_mtime - STALE_AFTER_SECONDS - 60
    os.utime(stale, (old, old))
    refresh_workbook(book, now=NOW)
    assert not stale.exists()
    assert fresh.exists()
    assert not [p for p in book.parent.iterdir() if p.name.endswith(TEMP_SUFFIX)
                and p != fresh]


def test_refresh_after_a_result_sheet_was_renamed(book: Path) -> None:
    assert refresh_workbook(book, now=NOW).ok
    wb = load_workbook(book)
    wb["Comparison"].title = "Comparison 2025"
    wb.save(book)
    result = refresh_workbook(book, now=NOW + timedelta(minutes=1))
    assert result.ok
    assert any("renamed 'tblComparison_2'" in p.message for p in result.problems)
    wb = load_workbook(book)
    assert "Comparison" in wb.sheetnames and "Comparison 2025" in wb.sheetnames
    assert "tblComparison_2" in wb["Comparison 2025"].tables


def test_workbook_new_never_overwrites(book: Path, capsys: pytest.CaptureFixture) -> None:
    before = book.read_bytes()
    assert main(["workbook", "new", str(book)]) == 3
    assert book.read_bytes() == before


def test_letter_out_cannot_name_its_workbook(book: Path, capsys: pytest.CaptureFixture) -> None:
    before = book.read_bytes()
    code = main(["letter", str(book), "--payer", "Alpha Health", "--out", str(book)])
    assert code == 3
    assert "is also an input" in capsys.readouterr().err
    assert book.read_bytes() == before

