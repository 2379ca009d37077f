"""The commands on a speech/OT practice typed into the blank workbook
(``tests/workbook/practice.py``), its analysis date typed on Settings."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from tests.workbook.practice import TODAY, practice_book


def _dated(wb: Workbook) -> None:
    wb[layout.SETTINGS_SHEET]["B5"] = TODAY


def _book(tmp_path: Path) -> str:
    return str(practice_book(tmp_path / "practice.xlsx", _dated))


def test_scenario_and_exit_impact_of_the_payer_with_an_unpaid_code(tmp_path, capsys):
    # Summit is billed 92526 and pays no rate for it: both commands exited 3 ("no rate in force
    # on 2027-04-01 for code(s) 92526") for the payer to negotiate first
    book = _book(tmp_path)
    for command in ("scenario", "exit-impact"):
        assert main([command, "--payer", "Summit Mutual", "--data", book, "--json"]) \
            == ExitCode.OK, capsys.readouterr().err
        payload = json.loads(capsys.readouterr().out)
        assert any("no rate in force on 2027-04-01 for 92526" in w
                   for w in payload["warnings"]), payload["warnings"]


def test_analyze_says_an_ended_contract_has_no_notice_deadline_in_words(tmp_path, capsys):
    # Harbor's contract ended 2026-11-30: "contract ends 2026-11-30, notice deadline None"
    assert main(["analyze", _book(tmp_path), "--out", str(tmp_path / "out")]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "None" not in out
    assert "contract ended 2026-11-30, no notice deadline" in out


def test_analyze_and_refresh_say_below_market_is_not_known_without_benchmarks(tmp_path, capsys):
    # "below market by $0.00 a year" read as rates at market, with no market on file
    book = _book(tmp_path)
    assert main(["analyze", book, "--out", str(tmp_path / "out")]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "below market: not known" in out and "no market benchmarks on file" in out
    assert "$0.00 a year below market" not in out
    assert main(["refresh", book]) == ExitCode.OK
    assert "Below market: not known; negotiate first with Summit Mutual." in \
        capsys.readouterr().out


def test_timeline_names_an_auto_renewing_contracts_last_day_by_what_happens(tmp_path, capsys):
    # the steps and the .ics said "Contract ends" of a contract that renews by itself
    ics = tmp_path / "acme.ics"
    assert main(["timeline", "--end", "2027-06-30", "--auto-renew", "--as-of", "2026-12-06",
                 "--payer", "Acme", "--ics", str(ics)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "Term ends and contract renews" in out and "Contract ends" not in out
    text = ics.read_text()
    assert "SUMMARY:Term ends and contract renews: Acme" in text
    assert "Contract ends" not in text


def test_the_timeline_table_heads_the_end_date_as_the_terms(capsys):
    # `timeline --demo` listed five contracts that renew by themselves under "Contract ends",
    # with no Auto renew column beside it: the date is each current term's last day
    assert main(["timeline", "--demo", "--today", "2026-12-06"]) == ExitCode.OK
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "Payer" in line)
    assert "Term ends" in header and "Contract ends" not in out, out
