"""``cli.main.unknown_options``: a lone ``-`` (standard input, as argparse reads it) and a
negative number are values, not options (test-review-12: a mutant taking ``-`` for an unknown
option passed every test)."""

from __future__ import annotations

from ratecalc_cli.main import CommandParser, unknown_options


def command() -> CommandParser:
    parser = CommandParser(prog="ratecalc example")
    parser.add_argument("DATA")
    parser.add_argument("--out")
    return parser


def test_a_lone_dash_is_a_value_not_an_option() -> None:
    assert unknown_options(command(), ["-", "--bogus"]) == ["--bogus"]
    assert unknown_options(command(), ["--out", "-"]) == []


def test_a_negative_number_is_a_value_and_a_short_unknown_option_is_named() -> None:
    assert unknown_options(command(), ["-5", "-0.5", "-x"]) == ["-x"]
