"""``--`` ends a command's options: the words after it are values, never unknown options
(``cli.main.unknown_options``, as argparse reads them), and those before it are still told.

test-review-12 left mutants without a test: ``--`` passed over as any other word, or the check
of ``--`` dropped, each passed every test (mutation-13 found another: the options before ``--``
forgotten once it is met).
"""

from __future__ import annotations

import pytest

from ratecalc_cli.main import CommandParser, ExitCode, main, unknown_options


def command() -> CommandParser:
    parser = CommandParser(prog="ratecalc example")
    parser.add_argument("DATA")
    parser.add_argument("--out")
    return parser


def test_words_after_two_dashes_are_values_not_unknown_options() -> None:
    assert unknown_options(command(), ["--", "--bogus", "-x"]) == []
    assert unknown_options(command(), ["--out", "o", "--", "--out.csv"]) == []


def test_unknown_options_before_two_dashes_are_still_named() -> None:
    assert unknown_options(command(), ["--bogus", "--", "--also"]) == ["--bogus"]
    assert unknown_options(command(), ["-x", "--out", "o", "--", "-y"]) == ["-x"]


def test_a_file_named_with_dashes_after_two_dashes_is_no_unknown_option(
        capsys: pytest.CaptureFixture[str]) -> None:
    # DATA given after '--' (a file whose name starts with dashes), --payer missing: only the
    # missing one is said, as argparse reads '--draft.xlsx' as DATA
    with pytest.raises(SystemExit) as stopped:
        main(["letter", "--", "--draft.xlsx"])
    assert stopped.value.code == ExitCode.USAGE
    assert capsys.readouterr().err.endswith(
        "\nratecalc letter: error: the following arguments are required: --payer\n")


def test_an_unknown_option_before_two_dashes_is_said_with_the_missing_argument(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["letter", "--bogus", "--", "--draft.xlsx"])
    assert stopped.value.code == ExitCode.USAGE
    assert capsys.readouterr().err.endswith(
        "\nratecalc letter: error: the following arguments are required: --payer; and "
        "unrecognized arguments: --bogus (every option: 'ratecalc letter --help')\n")
