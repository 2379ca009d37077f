"""Letters from the master workbook, as the ribbon's Draft proposal letter button writes them:
the data, the Proposal sheet's "Your rate" overrides and the Negotiation Log are read back."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from ratecalc.errors import InputError, ValidationFailed
from ratecalc_cli.main import ExitCode, main
from ratecalc_letter import write_proposal_letter
from ratecalc_letter.api import LetterResult
from ratecalc_letter.sources import load_clinic_data, read_negotiation_log
from ratecalc_workbook import layout
from ratecalc_workbook.refresh import refresh_workbook
from tests.books import load_book
from tests.hostile_xlsx import sheet_part, with_part
from tests.workbook.proposal_rows import proposal_row

from .conftest import TOP_PAYER, reopen


@pytest.fixture(scope="module")
def master(demo_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo clinic's master workbook, refreshed, with a rate typed over the proposal for
    97110 and two rounds of Summit BlueCare's offers on the Negotiation Log, dated on or before
    the analysis date (2025-12-01), the letters' date: a row dated after it has not happened by
    then (it was dated 2025-12-12, and the letter of 2025-12-01 thanked the payer for an offer
    of December 12). Typed into a copy of the run's shared refreshed demo workbook
    (``demo_book``): this module refreshed a copy of the same new workbook itself, the same
    workbook but for the refresh's time stamps (the demo's Settings give the analysis date)."""
    path = shutil.copyfile(demo_book, tmp_path_factory.mktemp("workbook") / "negotiation.xlsx")
    wb = load_book(path)
    spec = layout.PROPOSAL_TABLE
    ws = wb[spec.sheet]
    row = spec.header_row + 1
    while ws.cell(row=row, column=spec.col("payer")).value is not None:
        if (ws.cell(row=row, column=spec.col("payer")).value == TOP_PAYER
                and str(ws.cell(row=row, column=spec.col("code")).value) == "97110"):
            ws.cell(row=row, column=spec.col("override_rate")).value = 30.00
        row += 1
    log = layout.NEGOTIATION_LOG_TABLE
    ws = wb[log.sheet]
    entries = [
        (date(2025, 11, 14), 1, "sent", "97110", 29.00),
        (date(2025, 11, 28), 2, "received", "97110", 26.50),
        (date(2025, 11, 28), 2, "received", "97140", 28.26),
        (date(2025, 11, 28), 2, "received", "G0283", 10.00),
    ]
    for i, (day, turn, direction, code, rate) in enumerate(entries):
        r = log.header_row + 1 + i
        for key, value in (("date", day), ("payer", TOP_PAYER), ("round", turn),
                           ("direction", direction), ("code", code), ("offered_rate", rate)):
            ws.cell(row=r, column=log.col(key)).value = value
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def proposal(master: Path, tmp_path_factory: pytest.TempPathFactory) -> LetterResult:
    """The proposal letter to TOP_PAYER from ``master``, written once for the tests that read
    it (each wrote the same letter from the same workbook before)."""
    return write_proposal_letter(master, TOP_PAYER, tmp_path_factory.mktemp("proposal") / "p.docx")


def test_proposal_from_the_workbook_uses_your_rate(proposal):
    result = proposal
    letter = reopen(result.path)
    rows = {r[0]: r for r in letter.table_with_header("Code")[1:]}
    # the override: 30.00 asked instead of the proposed 29.00, (30.00 - 25.22) / 25.22 = +18.95%
    assert rows["97110"][3:6] == ["$25.22", "$30.00", "+19.0%"]
    assert rows["97140"][4] == "$28.26"   # no override: the proposed rate
    summary = {r[0]: r[1] for r in letter.table_with_header("Annual reimbursement")[1:]}
    # 44,174.85 + (30.00 - 29.00) x 2,940 = 47,114.85
    assert summary["Annual increase"].startswith("+$47,114.85")
    assert all(p.severity == "warning" for p in result.problems)


def test_counter_from_the_negotiation_log(master, tmp_path):
    result = write_proposal_letter(master, TOP_PAYER, tmp_path, kind="counter")
    content = result.content
    assert {ln.code: ln.offer_rate for ln in content.lines} == {
        "97110": 26.50, "97140": 28.26, "G0283": 10.00}
    # the ask for 97110 is the typed 30.00, not the proposed 29.00
    assert next(ln for ln in content.lines if ln.code == "97110").proposed_rate == 30.00
    text = reopen(result.path).full_text()
    assert "Thank you for your rate offer of November 28, 2025" in text
    assert result.path.name == "summit-bluecare-ppo-counter-2025-12-01.docx"


def test_termination_from_the_workbook(master, tmp_path):
    result = write_proposal_letter(master, "Meridian Mutual", tmp_path, kind="termination")
    assert result.content.dates.effective_date == date(2026, 6, 30)


#: What a message without an offer says: both ways to give one.
BOTH_WAYS = ("with direction 'received', code, offered_rate and date",
             "a CSV/XLSX file with columns payer, code, offered_rate, date, given as --offer "
             "FILE.csv")


def test_counter_with_an_empty_negotiation_log(master, tmp_path, capsys):
    """The sheet is there but holds no row: the message said there was no Negotiation Log."""
    empty = tmp_path / "negotiation.xlsx"
    shutil.copy(master, empty)
    wb = load_book(empty)
    log = layout.NEGOTIATION_LOG_TABLE
    ws = wb[log.sheet]
    for row in ws.iter_rows(min_row=log.header_row + 1):
        for cell in row:
            cell.value = None
    wb.save(empty)
    out = tmp_path / "c.docx"
    code = main(["letter", str(empty), "--payer", TOP_PAYER, "--kind", "counter",
                 "--out", str(out)])
    err = " ".join(capsys.readouterr().err.split())
    # a row missing from a workbook that was read: 1 by the exit-code table, as an offer file
    # without the payer's offer is (walk-fixes-6: it was 3, bad input data)
    assert code == ExitCode.FAILED
    assert ("ratecalc letter: 'negotiation.xlsx', sheet 'Negotiation Log': no offer received "
            f"from payer '{TOP_PAYER}'; give the payer's offer either way: a row per code on "
            "the Negotiation Log sheet") in err
    assert all(way in err for way in BOTH_WAYS), err
    assert "no Negotiation Log" not in err
    assert not out.exists()


def test_counter_from_a_folder_without_a_log_names_both_ways(tmp_path):
    from importlib import resources

    folder = tmp_path / "tables"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, folder)
    with pytest.raises(InputError, match=r"'tables': no offer received from payer "
                                         r"'Summit BlueCare PPO': the folder has no "
                                         r"negotiation_log\.csv") as raised:
        write_proposal_letter(folder, TOP_PAYER, tmp_path / "c.docx", kind="counter")
    assert all(way in str(raised.value) for way in BOTH_WAYS)


def test_counter_from_a_folder_without_a_log_exits_1(tmp_path, capsys):
    # a table missing from a folder that was read: 1 by the exit-code table (it was 3)
    from importlib import resources

    folder = tmp_path / "tables"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, folder)
    code = main(["letter", str(folder), "--payer", TOP_PAYER, "--kind", "counter", "--out",
                 str(tmp_path / "c.docx")])
    err = capsys.readouterr().err
    assert code == ExitCode.FAILED
    assert err.startswith(f"ratecalc letter: 'tables': no offer received from payer "
                          f"'{TOP_PAYER}': the folder has no negotiation_log.csv"), err
    assert not (tmp_path / "c.docx").exists()


def test_counter_without_log_entries(master, tmp_path):
    with pytest.raises(InputError, match=r"Negotiation Log'?: no offer received from payer "
                                         r"'Meridian Mutual'"):
        write_proposal_letter(master, "Meridian Mutual", tmp_path / "c.docx", kind="counter")
    assert not (tmp_path / "c.docx").exists()


def test_bad_workbook_data_lists_every_problem(master, tmp_path):
    broken = tmp_path / "broken.xlsx"
    shutil.copy(master, broken)
    wb = load_book(broken)
    spec = layout.FEE_SCHEDULES_TABLE
    wb[spec.sheet].cell(row=spec.header_row + 1, column=spec.col("allowed_amount")).value = "N/A"
    wb.save(broken)
    with pytest.raises(ValidationFailed, match=r"Fee Schedules.*row 5.*expected a dollar "
                                               r"amount, got 'N/A'"):
        write_proposal_letter(broken, TOP_PAYER, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_folder_of_tables_with_a_log_file(tmp_path):
    from importlib import resources

    folder = tmp_path / "tables"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, folder)
    (folder / "negotiation_log.csv").write_text(
        "date,payer,direction,code,offered_rate\n"
        "2025-12-12,Summit BlueCare PPO,received,97110,26.50\n"
        "2025-12-12,Summit BlueCare PPO,received,97140,0\n")
    data, _ = load_clinic_data(folder)
    assert data is not None
    assert len(read_negotiation_log(folder).frame) == 2
    with pytest.raises(InputError, match=r"'negotiation_log\.csv', row 3, column E "
                                         r"'offered_rate': expected a dollar amount from "
                                         r"\$0\.01 to \$1,000,000,000"):
        write_proposal_letter(folder, TOP_PAYER, tmp_path / "c.docx", kind="counter")


def test_not_a_workbook(tmp_path):
    with pytest.raises(InputError, match=r"expected the master workbook \(\.xlsx\) or a folder"):
        write_proposal_letter(tmp_path / "data.txt", TOP_PAYER, tmp_path / "x.docx")
    with pytest.raises(InputError, match=r"missing.xlsx' does not exist; expected the master "
                       r"workbook \(\.xlsx\) or a folder of tables$"):
        write_proposal_letter(tmp_path / "missing.xlsx", TOP_PAYER, tmp_path / "x.docx")


def test_a_description_typed_on_the_volumes_sheet_is_the_letters(master, tmp_path):
    """The clinic's own words for a code, typed in the Volumes sheet's Description column,
    replace RateCalc's in the letter's table; other codes keep RateCalc's."""
    book = tmp_path / "described.xlsx"
    shutil.copy(master, book)
    wb = load_book(book)
    spec = layout.VOLUMES_TABLE
    ws = wb[spec.sheet]
    assert ws.cell(row=spec.header_row, column=spec.col("description")).value == "Description"
    row = spec.header_row + 1
    while str(ws.cell(row=row, column=spec.col("code")).value) != "97140":
        row += 1
    ws.cell(row=row, column=spec.col("description")).value = "Joint mobilization"
    wb.save(book)
    result = write_proposal_letter(book, TOP_PAYER, tmp_path / "p.docx")
    rows = {r[0]: r[1] for r in reopen(result.path).table_with_header("Code")[1:]}
    assert rows["97140"] == "Joint mobilization"
    assert rows["97110"] == "Strength and motion exercise"


def test_a_bad_offer_on_the_sheet_is_named_by_the_sheets_header(master, tmp_path, capsys):
    """The log read from the sheet has RateCalc's column names; the message still gives the
    header the user sees, as for an --offer file."""
    book = tmp_path / "negotiation.xlsx"
    shutil.copy2(master, book)
    wb = load_book(book)
    log = layout.NEGOTIATION_LOG_TABLE
    row = log.header_row + 3  # the 97140 offer
    wb[log.sheet].cell(row=row, column=log.col("offered_rate")).value = 0
    wb.save(book)
    letter = get_column_letter(log.col("offered_rate"))
    with pytest.raises(InputError, match=rf"sheet 'Negotiation Log', row {row}, column {letter} "
                                         rf"'Offered rate': expected a dollar amount from "
                                         r"\$0\.01 to \$1,000,000,000"):
        write_proposal_letter(book, TOP_PAYER, tmp_path / "c.docx", kind="counter")
    # a cell of a workbook that was read: exit 1, as every table's problems (it was 3)
    assert main(["letter", str(book), "--payer", TOP_PAYER, "--kind", "counter",
                 "--out", str(tmp_path / "c.docx")]) == 1
    assert f"sheet 'Negotiation Log', row {row}, column {letter} 'Offered rate'" in \
        capsys.readouterr().err
    assert not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize("rate", [29.00, 28.26], ids=["another rate", "the same rate"])
def test_a_code_received_twice_on_a_day_on_the_sheet(master, tmp_path, rate):
    """Two received rows for 97140 on 2025-11-28: at two rates the log is refused naming the
    sheet, both rows and the column (the later row won silently); at one rate it counts once."""
    book = tmp_path / "negotiation.xlsx"
    shutil.copy2(master, book)
    wb = load_book(book)
    log = layout.NEGOTIATION_LOG_TABLE
    first, again = log.header_row + 3, log.header_row + 5  # the 97140 offer; a new row
    for key, value in (("date", date(2025, 11, 28)), ("payer", TOP_PAYER), ("round", 2),
                       ("direction", "received"), ("code", "97140"), ("offered_rate", rate)):
        wb[log.sheet].cell(row=again, column=log.col(key)).value = value
    wb.save(book)
    if rate == 28.26:
        result = write_proposal_letter(book, TOP_PAYER, tmp_path / "c.docx", kind="counter")
        assert [ln.offer_rate for ln in result.content.lines if ln.code == "97140"] == [28.26]
        return
    letter = get_column_letter(log.col("offered_rate"))
    with pytest.raises(InputError) as caught:
        write_proposal_letter(book, TOP_PAYER, tmp_path / "c.docx", kind="counter")
    assert str(caught.value) == (
        f"'negotiation.xlsx', sheet 'Negotiation Log', row {again}, column {letter} 'Offered "
        f"rate': duplicate row: row {first} has the same payer, code 97140 and date 2025-11-28 "
        f"but another amount: which one is right? ($28.26 in row {first}, $29.00 in row "
        f"{again})")
    assert not (tmp_path / "c.docx").exists()


def test_a_rate_typed_over_the_cap_takes_the_cap_out_of_the_letter(proposal, demo_book,
                                                                    tmp_path):
    """97110's typed $30.00 asks +19.0% where the cap is 15%: the letter no longer says it asks
    "at most 15% on any code" (its own table broke that), only that some rates stay below the
    market; a letter of the proposal as computed gives the cap as the reason."""
    typed = reopen(proposal.path)  # the proposal from ``master``, 97110's rate typed
    typed_text = " ".join(typed.full_text().split())
    assert "at most 15% on any code" not in typed_text
    assert re.search(r"\. (Every proposed rate|\d+ of the proposed rates) would still be below "
                     r"the market median\.", typed_text), typed_text

    # the demo's workbook refreshed, nothing typed: a copy of the run's shared one
    plain_book = shutil.copyfile(demo_book, tmp_path / "plain.xlsx")
    plain = reopen(write_proposal_letter(plain_book, TOP_PAYER, tmp_path / "p.docx").path)
    assert ("Because we ask for at most 15% on any code, "
            in " ".join(plain.full_text().split()))


def test_a_rate_typed_with_a_fraction_of_a_cent_is_asked_as_the_cents_shown(master, tmp_path,
                                                                           capsys):
    """'Your rate' 30.005 shows as $30.01: the letter, the analysis and the sheet ask $30.01
    and count $30.01, with a warning at the cell (a review found the table showing $30.01 x
    2,940 beside a total counted at $30.005, $14.70 off its own rows)."""
    book = shutil.copyfile(master, tmp_path / "half.xlsx")
    wb = load_book(book)
    spec = layout.PROPOSAL_TABLE
    ws = wb[spec.sheet]
    row = proposal_row(ws, TOP_PAYER, "97110")
    ws.cell(row=row, column=spec.col("override_rate")).value = 30.005
    wb.save(book)
    column = get_column_letter(spec.col("override_rate"))  # the cell named, I83
    warning = (f"'half.xlsx', sheet 'Proposal', row {row}, column {column} 'Your rate': "
               f"fractions of a cent: amounts are paid in whole cents; read as 30.01")

    result = write_proposal_letter(book, TOP_PAYER, tmp_path / "p.docx")
    letter = reopen(result.path)
    rows = {r[0]: r for r in letter.table_with_header("Code")[1:]}
    assert rows["97110"][4] == "$30.01"
    summary = {r[0]: r[1] for r in letter.table_with_header("Annual reimbursement")[1:]}
    # 47,114.85 at the $30.00 typed before, + 0.01 x 2,940
    assert summary["Annual increase"].startswith("+$47,144.25")
    assert any(warning in p.message for p in result.problems)

    out = tmp_path / "out"
    assert main(["analyze", str(book), "--out", str(out)]) == 0
    assert warning in capsys.readouterr().err
    with (out / "proposal.csv").open(newline="") as f:
        line = next(r for r in csv.DictReader(f)
                    if r["payer"] == TOP_PAYER and r["code"] == "97110")
    # (30.01 - 25.22) x 2,940 = 14,082.60, not 4.785 x 2,940 = 14,067.90
    assert (line["requested_rate"], line["annual_impact"]) == ("30.01", "14082.60")

    refreshed = refresh_workbook(book)
    assert any(warning in p.message for p in refreshed.problems)
    formula = load_book(book)[spec.sheet].cell(
        row=row, column=spec.col("requested_rate")).value
    assert "ROUND(" in formula  # the sheet's "Rate to ask" rounds the typed rate alike


def test_a_formula_typed_as_your_rate_is_read_through_the_value_it_shows(master, tmp_path,
                                                                         capsys):
    """'Your rate' =D86*1.12 (a rate 12% over the current one), as Excel saves it with its
    value: the letter and analyze ask what the sheet shows, in whole cents (they used the
    proposed rate, with a warning that said the cell held no dollar amount, while the sheet's
    Rate to ask used the formula's value)."""
    book = shutil.copyfile(master, tmp_path / "formula.xlsx")
    wb = load_book(book)
    spec = layout.PROPOSAL_TABLE
    ws = wb[spec.sheet]
    row = proposal_row(ws, TOP_PAYER, "97140")
    current = ws.cell(row=row, column=spec.col("current_rate")).value
    assert current == 24.58
    ref = ws.cell(row=row, column=spec.col("override_rate")).coordinate
    ws[ref] = f"={ws.cell(row=row, column=spec.col('current_rate')).coordinate}*1.12"
    wb.save(book)
    # the value Excel keeps beside the formula: 24.58 x 1.12 = 27.5296, shown as $27.53
    part = sheet_part(book, spec.sheet)
    with zipfile.ZipFile(book) as archive:
        xml = archive.read(part).decode()
    xml, found = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                         r"\1\2<v>27.5296</v>", xml, count=1)
    assert found == 1
    cached = with_part(book, tmp_path / "cached.xlsx", part, lambda: [xml.encode()])

    letter = reopen(write_proposal_letter(cached, TOP_PAYER, tmp_path / "p.docx").path)
    rows = {r[0]: r for r in letter.table_with_header("Code")[1:]}
    assert rows["97140"][4] == "$27.53"
    out = tmp_path / "out"
    assert main(["analyze", str(cached), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "read as 27.53, got 27.5296" in err and "proposed rate is used" not in err
    with (out / "proposal.csv").open(newline="") as f:
        line = next(r for r in csv.DictReader(f)
                    if r["payer"] == TOP_PAYER and r["code"] == "97140")
    assert line["requested_rate"] == "27.53"


def _summary_formula_at(master: Path, book: Path, payer: str) -> int:
    """A copy of ``master`` with a log row of ``payer`` whose Summary is a formula never
    computed (saved by a tool that does not compute, as openpyxl saves it); its row."""
    shutil.copy2(master, book)
    wb = load_book(book)
    log = layout.NEGOTIATION_LOG_TABLE
    ws = wb[log.sheet]
    row = log.header_row + 5  # after the four rows of the fixture
    for key, value in (("date", date(2025, 11, 20)), ("payer", payer), ("round", 1),
                       ("direction", "sent"), ("summary", '="sent "&"by mail"')):
        ws.cell(row=row, column=log.col(key)).value = value
    wb.save(book)
    return row


def test_a_formula_never_computed_on_another_payers_row_stops_no_counter(master, tmp_path):
    """An uncomputed formula on another payer's log row refused the counter letter of every
    payer; it concerns that payer's rows alone."""
    book = tmp_path / "other.xlsx"
    _summary_formula_at(master, book, "Meridian Mutual")
    result = write_proposal_letter(book, TOP_PAYER, tmp_path / "c.docx", kind="counter")
    assert result.path.exists()


def test_a_formula_never_computed_on_the_payers_row_refuses_its_counter(master, tmp_path):
    book = tmp_path / "own.xlsx"
    row = _summary_formula_at(master, book, TOP_PAYER)
    letter = get_column_letter(layout.NEGOTIATION_LOG_TABLE.col("summary"))
    with pytest.raises(ValidationFailed, match=rf"row {row}, column {letter}"):
        write_proposal_letter(book, TOP_PAYER, tmp_path / "c.docx", kind="counter")
