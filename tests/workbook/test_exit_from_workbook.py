"""`ratecalc exit-impact --data WORKBOOK` and the workbook's Exit Impact sheet agree: both take
the what-ifs typed on the Settings sheet."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

from ratecalc.analysis import analyze
from ratecalc.money import money_text, round_cents
from ratecalc_cli.main import ExitCode, main
from ratecalc_letter.content import build_letter
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from ratecalc_workbook.refresh import refresh_workbook

from .conftest import NOW, open_book
from .test_refresh import table_frame

TYPED = {"Retention": 0.3, "Retained collection": 0.8, "Backfill": 0.5, "Ramp months": 6,
         "Admin savings": 5000}
PAYER = "Summit BlueCare PPO"


def _type_assumptions(book: Path, typed_values: dict[str, float] = TYPED) -> None:
    wb = open_book(book)
    ws = wb[layout.SETTINGS_SHEET]
    spec = layout.EXIT_ASSUMPTIONS_TABLE
    field, value = spec.col("field"), spec.col("value")
    typed = set()
    for row in range(spec.header_row + 1, ws.max_row + 1):
        label = ws.cell(row=row, column=field).value
        if label in typed_values:
            ws.cell(row=row, column=value, value=typed_values[label])
            typed.add(label)
    assert typed == set(typed_values)
    wb.save(book)


#: The Exit Impact table's rows (values, as tuples) of the workbook read last, by the digest of
#: its bytes: a test reads every payer's row of one file.
_EXIT_ROWS: dict[str, list[tuple[object, ...]]] = {}


def _exit_rows(book: Path) -> list[tuple[object, ...]]:
    """The Exit Impact table's rows, its header first, read once per content of ``book``."""
    key = hashlib.sha256(book.read_bytes()).hexdigest()
    if key not in _EXIT_ROWS:
        ws = open_book(book)[layout.EXIT_IMPACT]
        left, top, right, bottom = range_boundaries(ws.tables[layout.EXIT_TABLE.name].ref)
        _EXIT_ROWS.clear()  # one workbook's rows held at a time
        _EXIT_ROWS[key] = list(ws.iter_rows(min_row=top, max_row=bottom, min_col=left,
                                            max_col=right, values_only=True))
    return _EXIT_ROWS[key]


def _sheet_row(book: Path, payer: str) -> dict:
    rows = _exit_rows(book)
    by_header = {c.header: c.key for c in layout.EXIT_TABLE.columns}
    found = [dict(zip([by_header.get(h, h) for h in rows[0]], r, strict=True))
             for r in rows[1:] if r[0] == payer]
    assert len(found) == 1
    return found[0]


def test_exit_impact_of_a_workbook_takes_its_settings_as_the_sheet_does(demo_copy, capsys):
    """The reviewer's case: with retention 0.3, collection 0.8, backfill 0.5, a 6-month ramp
    and $5,000 of admin savings on the Settings sheet, the Exit Impact sheet showed Summit's
    net over 12 months as -$125,837.00 and the command line -$294,784.32 (every what-if 0),
    on 2026-12-04."""
    _type_assumptions(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok
    sheet = _sheet_row(demo_copy, PAYER)
    code = main(["exit-impact", "--payer", PAYER, "--data", str(demo_copy), "--json"])
    assert code == ExitCode.OK
    cli = json.loads(capsys.readouterr().out)
    for key in ("net_impact_12m", "net_impact_24m", "retained_revenue", "backfill_revenue"):
        assert cli[key] == float(round_cents(sheet[key])), key
    assert cli["retained_revenue"] > 0 and cli["backfill_revenue"] > 0
    assert cli["retention"] == 0.3 and cli["ramp_months"] == 6
    # a flag still wins over the workbook's figure
    main(["exit-impact", "--payer", PAYER, "--data", str(demo_copy), "--json",
          "--retention", "0"])
    assert json.loads(capsys.readouterr().out)["retained_revenue"] == 0


def test_the_month_table_adds_up_across_and_down_on_every_output(demo_copy, capsys):
    """The reviewer's case: with retention 0.15, collection 0.6, backfill 0.55, a 7-month ramp
    and $1,234.56 of admin savings (on the reviewer's own copy of the demo tables, whose other
    payers backfill at other rates), Summit's month 7 showed Net -$9,071.96 beside -$24,565.36
    + $2,210.89 + $13,179.65 + $102.88 = -$9,071.94 (14 of 24 months a cent or two off, for
    every payer). Each month's Net is now its parts as shown, and the net over 12 and 24 months
    the months' Net added up: on the command line, in --json and on the Exit Impact sheet."""
    _type_assumptions(demo_copy, {"Retention": 0.15, "Retained collection": 0.6,
                                  "Backfill": 0.55, "Ramp months": 7,
                                  "Admin savings": 1234.56})
    assert refresh_workbook(demo_copy, now=NOW).ok
    for payer in sorted(set(table_frame(demo_copy, layout.EXIT_TABLE)["payer"])):
        assert main(["exit-impact", "--payer", payer, "--data", str(demo_copy), "--json"]) == 0
        cli = json.loads(capsys.readouterr().out)
        months = cli["monthly"]
        for month in months:
            parts = {k: Decimal(str(month[k])) for k in ("lost", "retained", "backfill",
                                                         "admin_savings", "net")}
            assert parts["net"] == (parts["retained"] + parts["backfill"]
                                    + parts["admin_savings"] - parts["lost"]), (payer, month)
        sheet = _sheet_row(demo_copy, payer)
        for months_n, key in ((12, "net_impact_12m"), (24, "net_impact_24m")):
            added = sum((Decimal(str(m["net"])) for m in months[:months_n]), Decimal(0))
            assert Decimal(str(cli[key])) == added == Decimal(str(sheet[key])), (payer, key)
        main(["exit-impact", "--payer", payer, "--data", str(demo_copy)])
        text = capsys.readouterr().out
        assert (f"Net impact: {money_text(cli['net_impact_12m'], signed=True)} over 12 months, "
                f"{money_text(cli['net_impact_24m'], signed=True)} over 24 months.") in text


def test_a_passed_notice_deadline_reads_the_same_on_every_output(demo_copy, capsys):
    """The reviewer's case: the analysis date moved past Summit's notice deadline, the Exit
    Impact sheet and `exit-impact` still said "Notice must be given by" the passed date, while
    Priorities and the Timeline said it had passed and the contract renews. Now the deadline's
    words are the Timeline's, and the earliest exit (notice given on the analysis date) is the
    termination letter's effective date, on the sheet and the command line alike."""
    assert refresh_workbook(demo_copy, now=NOW).ok
    deadline = _sheet_row(demo_copy, PAYER)["notice_deadline"].date()
    wb = open_book(demo_copy)
    wb[layout.SETTINGS_SHEET].cell(row=layout.settings_row("analysis_date"), column=2).value = \
        deadline + timedelta(days=5)
    wb.save(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok

    sheet = _sheet_row(demo_copy, PAYER)
    assert main(["exit-impact", "--payer", PAYER, "--data", str(demo_copy), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    priorities = table_frame(demo_copy, layout.PRIORITIES_TABLE).set_index("payer")
    letter = build_letter(analyze(read_workbook(demo_copy)[0]), PAYER, "termination")

    assert cli["deadline_note"].startswith(f"notice deadline {deadline.isoformat()} passed 5 "
                                           f"days ago; the contract renews on")
    # the sheet's text wraps at line breaks of ours in place of spaces (dates kept whole)
    assert cli["deadline_note"] == " ".join(priorities.loc[PAYER, "deadline_note"].split())
    assert cli["notice_deadline"] == sheet["notice_deadline"].date().isoformat() \
        == deadline.isoformat()
    exit_date = sheet["exit_date"].date()
    assert cli["exit_date"] == exit_date.isoformat() == letter.dates.effective_date.isoformat()
    # the deadline passed, the contract renews for a year first: notice ends the renewed term
    assert date(exit_date.year - 1, exit_date.month, exit_date.day) > deadline
    main(["exit-impact", "--payer", PAYER, "--data", str(demo_copy)])
    assert "passed 5 days ago; the contract renews on" in capsys.readouterr().out


def test_the_earliest_exit_counts_terms_from_the_written_end_date(demo_copy, capsys):
    """The reviewer's case: an auto-renewing contract written to end 2024-02-29, asked on
    2027-01-10, past the notice date of its term ending 2027-02-28. The termination letter
    counts terms from the written date (2028-02-29); the Exit Impact sheet and `exit-impact`
    rolled a year from 2027-02-28 and said 2028-02-28."""
    wb = open_book(demo_copy)
    ws = wb[layout.PAYERS_CONTRACTS]
    spec = layout.PAYERS_CONTRACTS_TABLE
    row = next(r for r in range(spec.header_row + 1, ws.max_row + 1)
               if ws.cell(row=r, column=spec.col("payer")).value == PAYER)
    ws.cell(row=row, column=spec.col("end_date"), value=datetime(2024, 2, 29))
    ws.cell(row=row, column=spec.col("auto_renew"), value="yes")
    wb[layout.SETTINGS_SHEET].cell(row=layout.settings_row("analysis_date"), column=2).value = \
        datetime(2027, 1, 10)
    wb.save(demo_copy)
    assert refresh_workbook(demo_copy, now=NOW).ok
    sheet = _sheet_row(demo_copy, PAYER)["exit_date"].date()
    assert main(["exit-impact", "--payer", PAYER, "--data", str(demo_copy), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)["exit_date"]
    letter = build_letter(analyze(read_workbook(demo_copy)[0]), PAYER, "termination")
    assert sheet.isoformat() == cli == letter.dates.effective_date.isoformat() == "2028-02-29"
