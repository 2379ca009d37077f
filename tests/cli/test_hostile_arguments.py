"""Issue 12: no traceback reaches the user; arguments out of range are refused in words.

The causes the fault trials hit are fixed (each gets a clear message and exit code 2 or 3), and
the last guard turns anything unexpected into exit code 4 with a log file to report.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main


def test_unexpected_exception_is_exit_4_with_a_log(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    import ratecalc_cli.timeline as timeline_cli

    def broken(args: object) -> int:
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(timeline_cli, "run", broken)
    monkeypatch.setenv("HOME", str(tmp_path))
    code = main(["timeline", "--end", "2030-01-01"])
    err = capsys.readouterr().err
    assert code == ExitCode.INTERNAL_ERROR == 4
    assert "internal error, please report it" in err and "Traceback" not in err
    logs = list((tmp_path / ".ratecalc" / "logs").glob("ratecalc-error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "ZeroDivisionError: a defect" in logs[0].read_text()


@pytest.mark.parametrize(("argv", "message"), [
    (["timeline", "--end", "9999-12-31"], "years 1970 to 2199"),
    (["timeline", "--end", "2030-06-30", "--notice-days", "1000000000"], "days of notice"),
    (["timeline", "--end", "2030-06-30", "--lead-months", "1000000000"], "months from 0"),
    (["scenario", "--units", "100", "--medicare", "30", "--fixed", "31",
      "--pct-of-medicare", "1.1", "--years", "1000000"], "years from 1 to 50"),
    (["scenario", "--units", "100", "--medicare", "30", "--fixed", "31",
      "--pct-of-medicare", "50", "--years", "5"], "for 50% write 0.5"),
    (["scenario", "--units", "100", "--medicare", "1e308", "--fixed", "31",
      "--pct-of-medicare", "1.1", "--years", "5"], "dollar amount from $0 to $1,000,000,000"),
    (["exit-impact", "--annual-visits", "100", "--rate-per-visit", "1e308"],
     "dollar amount from $0 to $1,000,000,000"),
    (["exit-impact", "--annual-visits", "nan", "--rate-per-visit", "10"], "finite number"),
    (["medicare", "97110", "--locality", "AL", "--year", "99999"], "a year from 1970"),
    # every date option, whether argparse or the command reads it: a bad argument, exit 2
    (["timeline", "--end", "2027-02-30"], "--end: expected a date such as"),
    (["timeline", "--demo", "--as-of", "1800-01-01"], "--as-of: expected a date in the years"),
    (["exit-impact", "--annual-visits", "100", "--rate-per-visit", "50", "--end", "2300-01-01"],
     "--end: expected a date in the years 1970 to 2199"),
    (["medicare", "97110", "--locality", "AL", "--date", "2300-01-01"],
     "--date: expected a date in the years 1970 to 2199"),
    (["medicare", "97110", "--locality", "AL", "--date", "2027-02-30"],
     "--date: expected a date such as"),
    (["medicare", "releases", "--date", "2027-13-01"], "--date: expected a date such as"),
    # an action is read as argparse reads a subcommand: first, then its own options
    (["medicare", "--json", "releases"], "write 'releases' right after 'medicare'"),
    (["medicare", "import"], "the following arguments are required: ZIP-OR-URL"),
    (["medicare", "import", "x.zip", "--locality", "AL"], "unrecognized arguments: --locality"),
    # a bare year is July 1 of it, in the same years (0000 was an internal error, 1800 priced)
    (["medicare", "97110", "--locality", "AL", "--date", "0000"],
     "--date: expected a date in the years 1970 to 2199, got '0000'"),
    (["medicare", "97110", "--locality", "AL", "--date", "1800"], "years 1970 to 2199"),
    (["demo", "--today", "2300-01-01"], "years 1970 to 2199"),
    (["letter", "x.xlsx", "--payer", "A", "--date", "2027-02-30"], "expected a date such as"),
])
def test_out_of_range_arguments_are_refused(argv: list[str], message: str,
                                            capsys: pytest.CaptureFixture) -> None:
    code = 0
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own exit for a bad argument
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE, err  # README: "2 bad or missing arguments"
    assert message in err
    assert "Traceback" not in err


def test_a_date_the_calendar_cannot_hold_is_refused_in_the_core() -> None:
    from ratecalc.errors import InputError
    from ratecalc.timeline import renewal_timeline

    with pytest.raises(InputError, match="years 1970 to 2199"):
        renewal_timeline("9999-12-31")
    with pytest.raises(InputError, match="notice_days: expected a whole number of days of "
                                         "notice from 0 to 3650"):
        renewal_timeline("2030-01-01", notice_days=10**9)


def test_json_never_prints_nat(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    import pandas as pd

    from ratecalc_cli.output import print_json

    print_json({"a": pd.NaT, "rows": pd.DataFrame({"d": [pd.NaT]}), "b": [pd.NaT]})
    out = capsys.readouterr().out
    assert "NaT" not in out and json.loads(out) == {"a": None, "rows": [{"d": None}],
                                                    "b": [None]}
    source = tmp_path / "no_dates.835"  # no DTM: the summary's dates are missing
    source.write_text("ST*835*1~BPR*I*80*C~N1*PR*ACME~CLP*A1*1*100*80~"
                      "SVC*HC:97110*100*80**1~CAS*CO*45*20~SE*7*1~")
    main(["import", "remittances", str(source), "--json"])
    out = capsys.readouterr().out
    assert "NaT" not in out and json.loads(out)["codes"][0]["first_service_date"] is None


def test_an_empty_table_prints_as_no_rows(capsys: pytest.CaptureFixture) -> None:
    import pandas as pd

    from ratecalc.column_units import Unit
    from ratecalc_cli.output import print_table

    print_table(pd.DataFrame({"payer": [], "code": []}), {"payer": Unit.TEXT, "code": Unit.TEXT},
                {"payer": "Payer", "code": "Code"})
    assert capsys.readouterr().out == "(no rows)\n"


def test_an_empty_835_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "empty.835"
    source.write_text("")
    # an empty file cannot be read: bad input data, 3, as an empty workbook (it was 1)
    assert main(["import", "remittances", str(source)]) == ExitCode.INPUT_ERROR
    out, err = capsys.readouterr()
    assert "the file is empty" in err
    assert out == "1 file(s), 0 claims, 0 service lines\n"  # no empty tables printed


def test_an_835_amount_past_decimal_precision(tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "big.835"
    source.write_text("ST*835*1~BPR*I*80*C~N1*PR*ACME~CLP*A1*1*1E30*80~"
                      "SVC*HC:97110*100*80**1~CAS*CO*45*20~SE*7*1~")
    out = tmp_path / "lines.csv"
    assert main(["import", "remittances", str(source), "--out", str(out)]) == ExitCode.FAILED
    assert "CLP03 claim charge '1E30' is out of range" in capsys.readouterr().err


@pytest.mark.parametrize("named", ["file", "folder"])
def test_outputs_never_name_an_input(tmp_path: Path, named: str,
                                     capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "my.835"
    text = "ST*835*1~BPR*I*80*C~N1*PR*ACME~CLP*A1*1*100*80~SVC*HC:97110*100*80**1~SE*6*1~"
    source.write_text(text)
    given = source if named == "file" else tmp_path  # a folder's files are inputs too
    code = main(["import", "remittances", str(given), "--out", str(tmp_path / "." / "my.835")])
    assert code == ExitCode.INPUT_ERROR
    assert "is also an input" in capsys.readouterr().err
    assert source.read_text() == text


def test_market_rates_out_never_names_its_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "f.json"
    source.write_text('{"in_network": []}')
    assert main(["import", "market-rates", str(source), "--out", str(source)]) == 3
    assert "is also an input" in capsys.readouterr().err
    assert source.read_text() == '{"in_network": []}'


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"in_network":[{"negotiation_arrangement":"ffs","billing_code":"97110",'
                    '"negotiated_rates":' + "[" * 100_000 + "]" * 100_000 + "}]}")
    run = subprocess.run([sys.executable, "-m", "ratecalc_cli.main", "import", "market-rates",
                          str(deep)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 3, run.stderr
    assert "nests deeper than 64 levels" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize(("name", "value", "rule"), [
    ("scenario_years", 1_000_000, "years from 1 to 50"),
    ("notice_days", 10**9, "days of notice from 0 to 3650"),
    ("lead_months", 10**9, "months from 0 to 60"),
    ("allowed_amount", 1e308, "dollar amount from \\$0 to \\$1,000,000,000"),
    ("end_date", "9999-12-31", "years 1970 to 2199"),
])
def test_cells_out_of_range_are_problems(name: str, value: object, rule: str) -> None:
    from ratecalc.schema import TABLES
    from ratecalc.validation import CellError, parse_cell

    column = next(c for t in TABLES.values() for c in t.columns if c.name == name)
    with pytest.raises(CellError, match=rule):  # becomes a Problem naming sheet, row, column
        parse_cell(column, value)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {name: sub for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
            for name, sub in action.choices.items()}


def _every_help() -> list[tuple[list[str], str]]:
    """``ratecalc WORDS --help`` as the user gets it, for every command and every subcommand:
    those argparse knows (import, workbook...) and those a command picks by the word that
    follows it (``medicare import``, ``medicare releases``: its module's ``ACTIONS``)."""
    import contextlib
    import importlib
    import io

    from ratecalc_cli.main import COMMANDS, build_parser

    def shown(words: list[str]) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_info:
            main([*words, "--help"])
        assert exit_info.value.code == 0, words
        return out.getvalue()

    helps = []
    for command in COMMANDS:
        parser = _subcommands(build_parser([command.name]))[command.name]
        helps.append(([command.name], shown([command.name])))
        names = list(_subcommands(parser))
        names += getattr(importlib.import_module(command.module), "ACTIONS", ())
        helps += [([command.name, name], shown([command.name, name])) for name in names]
    for words in (["medicare", "import"], ["medicare", "releases"]):  # README's own commands
        if words not in [w for w, _ in helps]:
            helps.append((words, shown(words)))
    return helps


def test_every_help_text_reads_as_text() -> None:
    """argparse %-formats an option's help but not a description: '%%' written in a description
    reached the user as it was."""
    from ratecalc_cli.main import COMMANDS

    helps = _every_help()
    for _, text in helps:
        assert "%%" not in text and "%(" not in text, text
    assert len(helps) > len(COMMANDS)  # the nested commands (import, workbook...) were read too


def test_every_subcommand_help_describes_that_subcommand() -> None:
    """``medicare import --help`` printed the help of ``medicare CODE --locality...``, and
    ``addin build --help`` had no description: each help now names its own command in its
    usage line, says what it does, and is not its parent's."""
    helps = _every_help()
    by_words = {" ".join(words): text for words, text in helps}
    assert {"medicare import", "medicare releases", "addin build"} <= set(by_words)
    for words, text in helps:
        usage, _, rest = text.partition("\n\n")
        assert " ".join(usage.split()).startswith(f"usage: ratecalc {' '.join(words)} "), text
        description = rest.split("\n\n")[0]
        assert not description.startswith(("positional arguments:", "options:")), (
            f"'ratecalc {' '.join(words)} --help' says nothing of what it does")
        if len(words) > 1:
            assert text != by_words[words[0]], words
    assert "--release" in by_words["medicare import"] and \
        "--locality" not in by_words["medicare import"]
    assert "--date" in by_words["medicare releases"] and \
        "CODE" not in by_words["medicare releases"]
    assert "--release" not in by_words["medicare"]
    assert "RateCalc.xlam" in by_words["addin build"].split("options:")[0]


@pytest.mark.parametrize("command", [
    ["analyze", "{tables}", "--out", "{out}"],
    ["letter", "{tables}", "--payer", "Keystone Health Plan", "--out", "{out}/letter.docx"],
    ["workbook", "new", "{out}/book.xlsx", "--from", "{tables}"],
])
def test_a_control_character_in_a_table_is_refused_where_it_is(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A NUL or vertical tab in a name: each command names the cell (the letter ended in an
    internal error from the Word library; the workbook turned it into U+FFFD)."""
    import shutil
    from importlib import resources

    tables, out = tmp_path / "tables", tmp_path / "out"
    shutil.copytree(resources.files("ratecalc") / "data" / "demo", tables)  # type: ignore[arg-type]
    clinic = tables / "clinic.csv"
    clinic.write_text(clinic.read_text(encoding="utf-8").replace("Hoover", "Hoo\x00ver"),
                      encoding="utf-8")
    payers = tables / "payers.csv"
    payers.write_text(payers.read_text(encoding="utf-8").replace("Meridian Mutual",
                                                                 "Meridian\x0bMutual"),
                      encoding="utf-8")
    code = main([word.format(tables=tables, out=out) for word in command])
    err = capsys.readouterr().err
    assert code == ExitCode.FAILED, err
    assert "Clinic 'clinic.csv', row 6, column B 'value': city: contains the control character " \
           "U+0000, which a workbook or a letter cannot hold" in err
    assert "Payers 'payers.csv'" in err and "U+000B" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_json_prints_no_infinity(capsys: pytest.CaptureFixture) -> None:
    """NaN was printed as null, but an infinity (a ratio over nothing) as Infinity, which no
    JSON reader takes."""
    import numpy as np

    from ratecalc_cli.output import print_json

    print_json({"a": float("inf"), "b": [np.float64("-inf"), float("nan")], "c": 1.5})
    assert json.loads(capsys.readouterr().out, parse_constant=lambda name: name) == {
        "a": None, "b": [None, None], "c": 1.5}
