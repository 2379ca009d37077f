"""A command given an unknown option and missing a required argument says both, under its
usage: argparse stopped at the missing argument (``ratecalc analyze --bogus``: "the following
arguments are required: DATA"), and the unknown option was said only once that was given.
"""

from __future__ import annotations

import pytest

from ratecalc_cli.main import ExitCode, main


@pytest.mark.parametrize(("argv", "command", "missing", "unknown"), [
    (["analyze", "--bogus"], "ratecalc analyze", "DATA", "--bogus"),
    (["refresh", "--keep-backups", "2", "--bogus=1"], "ratecalc refresh", "WORKBOOK",
     "--bogus=1"),
    (["letter", "-q", "--bogus"], "ratecalc letter", "DATA, --payer", "-q --bogus"),
    (["workbook", "upgrade", "--bogus"], "ratecalc workbook upgrade", "WB", "--bogus"),
    (["import", "remittances", "--json", "--bogus"], "ratecalc import remittances", "FILE|DIR",
     "--bogus"),
])
def test_both_problems_under_the_commands_usage(
        argv: list[str], command: str, missing: str, unknown: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"usage: {command} "), err
    assert err.endswith(
        f"\n{command}: error: the following arguments are required: {missing}; and "
        f"unrecognized arguments: {unknown} (every option: '{command} --help')\n"), err


@pytest.mark.parametrize(("argv", "said"), [
    # only missing: as before (an option given in part is known: argparse reads --js as --json)
    (["analyze", "--js"], "ratecalc analyze: error: the following arguments are required: "
                          "DATA\n"),
    # a known option with its value after '='
    (["analyze", "--out=results"], "ratecalc analyze: error: the following arguments are "
                                   "required: DATA\n"),
])
def test_a_known_option_is_not_called_unknown(argv: list[str], said: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    assert capsys.readouterr().err.endswith("\n" + said)
