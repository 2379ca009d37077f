"""The command line: demo, analyze, medicare; JSON keys, exit codes, messages without tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources

import pandas as pd
import pytest

from ratecalc_cli.main import main
from tests.conftest import DemoRun


def run_json(capsys, argv: list[str]) -> tuple[int, object]:
    code = main(argv)
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_medicare_json_keys_and_values(capsys):
    code, rows = run_json(capsys, ["medicare", "97110", "97140", "--locality", "10112-00",
                                   "--date", "2025-06-01", "--json"])
    assert code == 0
    assert [r["code"] for r in rows] == ["97110", "97140"]
    r = rows[0]
    for key in ("code", "locality", "non_facility", "facility", "mppr_non_facility",
                "conversion_factor", "release"):
        assert key in r
    assert (r["non_facility"], r["mppr_non_facility"], r["conversion_factor"], r["release"]) \
        == (26.83, 20.79, 32.3465, "rvu25a")


def test_medicare_year_and_facility(capsys):
    code, rows = run_json(capsys, ["medicare", "99213", "--locality", "AK", "--year", "2025",
                                   "--facility", "--json"])
    assert code == 0
    assert rows[0]["amount"] == rows[0]["facility"] < rows[0]["non_facility"]


def test_medicare_non_payable_exit_code_and_message(capsys):
    code = main(["medicare", "97014", "--locality", "AL", "--date", "2025-06-01"])
    err = capsys.readouterr().err
    assert code == 3
    assert "Medicare pays G0283" in err
    assert "Traceback" not in err


def test_medicare_unknown_locality_is_a_message(capsys):
    code = main(["medicare", "97110", "--locality", "Atlantis", "--date", "2025-06-01"])
    assert code == 3
    assert "Unknown Medicare locality 'Atlantis'" in capsys.readouterr().err


def test_demo_writes_tables_and_summary(demo_run_json: DemoRun):
    code, info = demo_run_json.code, json.loads(demo_run_json.stdout)
    assert code == 0
    assert info["top_payer"] == "Summit BlueCare PPO"
    assert (demo_run_json.files / "proposal.csv").exists()
    proposal = pd.read_csv(demo_run_json.files / "proposal.csv")
    # presented money has at most two decimals
    assert (proposal["proposed_rate"] * 100).round(6).mod(1).eq(0).all()
    summary = json.loads((demo_run_json.files / "summary.json").read_text())
    assert summary["proposal"] == info["proposal"]


def test_demo_json_lists_the_letters_warnings_it_prints(demo_run_json: DemoRun):
    """The letter's warnings went to stderr only: a program reading ``demo --json`` saw the
    analysis' warnings but not that the letter's response date was moved."""
    info = json.loads(demo_run_json.stdout)
    said = [line.removeprefix("warning: ") for line in demo_run_json.stderr.splitlines()
            if line.startswith("warning: Letter: ")]
    assert said, demo_run_json.stderr
    assert [w for w in info["warnings"] if w.startswith("Letter: ")] == said


def test_analyze_refuses_bad_input_and_writes_nothing(tmp_path, capsys):
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    path = tmp_path / "clinic" / "fee_schedules.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[3, "allowed_amount"] = "TBD"
    frame.to_csv(path, index=False)
    code = main(["analyze", str(tmp_path / "clinic"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "row 5, column D 'allowed_amount': expected a dollar amount, got 'TBD'" in err
    assert not (tmp_path / "out").exists()


def test_a_clinic_with_contracts_but_no_rates_or_volumes_yet_is_analysed(tmp_path, capsys):
    # Before: an internal error (exit 4) printing the summary line, its Medicare release None;
    # the contracts' deadlines are worth the run. The tables are there with no rows (a missing
    # file is an error: tests/ratecalc/test_missing_tables.py)
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    for name in ("fee_schedules.csv", "volumes.csv"):
        path = tmp_path / "clinic" / name
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n",
                        encoding="utf-8")
    code = main(["analyze", str(tmp_path / "clinic"), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert ("0 codes, as of 2025-12-01 (Medicare locality 10112-00 ALABAMA, release RVU25D, "
            "2025-10-01)") in out
    assert "nothing to rank: no payer has both a rate and a volume on file" in out
    assert "notice deadline 2025-12-31" in out


def test_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "ratecalc_cli.main", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ratecalc ")


@pytest.mark.parametrize("argv", [["medicare", "97110", "--date", "2025-01-01"],
                                  ["medicare", "97110", "--locality", "AL"]])
def test_missing_options_are_explained(argv, capsys):
    assert main(argv) == 2  # bad arguments, as the README's exit codes say
    assert "ratecalc medicare:" in capsys.readouterr().err


def test_analyze_reads_the_master_workbook_like_the_demo(tmp_path, capsys,
                                                         demo_run_json: DemoRun,
                                                         demo_new_book):
    book = shutil.copyfile(demo_new_book, tmp_path / "negotiation.xlsx")
    code, from_book = run_json(capsys, ["analyze", str(book), "--out", str(tmp_path / "a"),
                                        "--json"])
    assert code == 0
    code, from_demo = demo_run_json.code, json.loads(demo_run_json.stdout)
    for key in ("priorities", "proposal", "walk_away_floor_pct_of_medicare", "annual_revenue"):
        assert from_book[key] == from_demo[key], key
