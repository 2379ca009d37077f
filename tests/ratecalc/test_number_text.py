"""One rule for a number typed as text (ratecalc.number_text.read_number_text), in every reader:
the tables' cells, the worksheet functions' arguments, the command line's options, the
Settings' CF custom, a Negotiation Log's offer and a market-rate file's price.

Python's float() and Decimal() read "1_0" as 10 (its underscore syntax), "٣٠" (Arabic-Indic) and
"１２" (full width) as 30 and 12, and the cell readers dropped every space before them, so "3 0"
was 30: a billing clerk's "1_0" is a typo, not ten, and each was read as a number without a word.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ratecalc_addin as xl
from ratecalc.limits import AMOUNT, RANGES
from ratecalc.number_text import read_number_text, split_numbers
from ratecalc.remittance.values import parse_amount
from ratecalc.scenarios import cf_custom_problem, parse_cf_custom
from ratecalc.schema import VOLUMES
from ratecalc.validation import PARSERS, CellError, Source, coerce_table
from ratecalc_cli.arguments import fractions, in_range
from ratecalc_cli.main import ExitCode, main
from tests.hostile import run_cli

#: Each kind of number cell and the words it refuses a text with.
KINDS = {"money": "expected a dollar amount", "number": "expected a number",
         "int": "expected a whole number", "fraction": "expected a percentage such as 5% or 0.05"}

#: Texts that write no number: Python's syntax, digits of other scripts, a space inside the
#: digits (a thousands separator or not: the comma is RateCalc's), two signs, unclosed brackets.
NO_NUMBER = ["1_0", "1_000.50", "3 0", "1 000", "1 , 000", "12 .5", "٣٠", "١٢٣٫٥", "１２",
             "۳۰", "३०", "(-5)", "-(5)", "((5))", "(5", "+-5", "$5$", "$-$5", "5%%"]


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("typed", NO_NUMBER)
def test_a_text_that_writes_no_number_is_refused_by_every_kind(kind: str, typed: str) -> None:
    with pytest.raises(CellError) as refused:
        PARSERS[kind](typed)
    assert str(refused.value) == KINDS[kind]


@pytest.mark.parametrize("typed", NO_NUMBER)
def test_an_option_refuses_it_too(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        in_range(RANGES["units_per_year"])(typed)
    assert str(refused.value) == f"expected a number, got {typed!r}"


#: Forms the readers took before and take still, read as before: (kind, text, number).
KEPT = [
    ("money", "$1,234.50", 1234.5), ("money", "$ 12", 12.0), ("money", " 30 ", 30.0),
    ("money", "\u00a030.50", 30.5), ("money", "30.", 30.0), ("money", ".5", 0.5),
    ("money", "5$", 5.0), ("money", "+5", 5.0), ("money", "1.5E-05", 0.000015),
    ("number", "(12.00)", -12.0), ("number", "($5)", -5.0), ("number", "$(5)", -5.0),
    ("number", "-$5", -5.0), ("number", "$-5", -5.0), ("number", "- 5", -5.0),
    ("number", "1e3", 1000.0), ("number", "12,345.5", 12345.5), ("int", "1,234,567", 1234567),
    ("int", "30e-1", 3), ("fraction", "12 %", 0.12), ("fraction", "-2.8%", -0.028),
    ("fraction", "(2.8%)", -0.028), ("fraction", "1,000%", 10.0), ("fraction", "0.05", 0.05),
]


@pytest.mark.parametrize(("kind", "typed", "number"), KEPT)
def test_the_forms_the_readers_took_are_read_as_before(kind: str, typed: str,
                                                       number: float) -> None:
    assert PARSERS[kind](typed) == number


@pytest.mark.parametrize(("kind", "typed"), [
    # no share, increase or count is written in dollars: "$0.03" was an escalator of 3%
    ("fraction", "$0.03"), ("fraction", "$3%"), ("int", "$5"), ("int", "5$"),
    # a percent sign only where a percentage is read
    ("money", "5%"), ("number", "5%"), ("int", "5%"),
])
def test_a_sign_of_another_kind_is_refused(kind: str, typed: str) -> None:
    with pytest.raises(CellError) as refused:
        PARSERS[kind](typed)
    assert str(refused.value) == KINDS[kind]


def test_a_table_names_the_cell_that_holds_one() -> None:
    raw = pd.DataFrame({"payer": ["A", "A", "A"], "code": ["97110", "97140", "97530"],
                        "units_per_year": ["1_0", "٣٠", "1,200"]})
    typed, problems = coerce_table(raw, VOLUMES, Source("volumes.csv", None, 2))
    assert [(p.location.file, p.location.row, p.location.column, p.rule, p.value)
            for p in problems] == [
        ("volumes.csv", 2, "units_per_year", "expected a number", "1_0"),
        ("volumes.csv", 3, "units_per_year", "expected a number", "٣٠")]
    assert typed["units_per_year"].tolist() == [1200]


def test_a_worksheet_function_shows_it_in_its_cell() -> None:
    assert xl.THERAPY_UNITS("3 0") == [["#RATECALC: minutes: expected a number, got '3 0'"]]
    assert xl.RATEGAP("1_0", 31.5) == [
        ["#RATECALC: payer_rate: expected a dollar amount, got '1_0'"]]
    [[shown]] = xl.FIXED_VS_PCT(30.0, 1.2, 25.0, "٣٠", 2, 0.0)
    assert shown == "#RATECALC: units: expected a number, got '٣٠'"


def test_the_command_line_says_which_option() -> None:
    code, err = run_cli(["scenario", "--units", "1_0", "--medicare", "25", "--fixed", "30",
                         "--pct-of-medicare", "1.2", "--years", "2", "--cf-change", "0"])
    assert code == ExitCode.USAGE
    assert "--units: expected a number, got '1_0'" in err


@pytest.mark.parametrize("typed", [t for kind, t, _ in KEPT if kind == "money"]
                         + ["$73.16", "$1,234", "1,234.50"])
def test_a_money_option_takes_what_a_money_cell_takes(typed: str) -> None:
    # the walk's --rate-per-visit "$73.16" was refused, "expected a number", where the
    # workbook's money cells take it
    assert in_range(AMOUNT)(typed) == PARSERS["money"](typed)


@pytest.mark.parametrize("typed", ["USD 73", "73.16 dollars", "5%"])
def test_a_money_option_refusing_a_text_says_how_to_write_it(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        in_range(AMOUNT)(typed)
    assert str(refused.value) == f"expected a dollar amount (73.16 or $73.16), got {typed!r}"


@pytest.mark.parametrize("typed", ["$5", "5$"])
def test_a_count_option_still_takes_no_dollar_sign(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        in_range(RANGES["units_per_year"])(typed)
    assert str(refused.value) == f"expected a number, got {typed!r}"


def test_money_options_take_a_dollar_sign_and_thousands_commas(
        capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for rate, savings in (("1073.16", "2500"), ("$1,073.16", "$2,500")):
        assert main(["exit-impact", "--annual-visits", "1200", "--rate-per-visit", rate,
                     "--admin-savings", savings, "--json"]) == ExitCode.OK
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and '"rate_per_visit": 1073.16' in outputs[0], outputs[0]
    code, err = run_cli(["scenario", "--units", "100", "--medicare", "$80.00", "--fixed", "$90",
                         "--pct-of-medicare", "1.2", "--years", "2", "--cf-change", "0"])
    assert code == ExitCode.OK, err


def test_an_x12_amount_is_ascii_digits() -> None:
    assert parse_amount("30") == Decimal(30)
    assert parse_amount("٣٠") is None and parse_amount("1_0") is None


# --- a list of numbers: a comma grouping thousands stays in its number -------------------------

def test_cf_custom_reads_a_thousands_comma_as_one_percentage() -> None:
    """CF custom's "1,000%" was two changes, 100% and 0%; "-2.8%, 1,000%, 1%" so four, taken for
    a 5-year horizon. It is one change of 1000%, refused by the range of a yearly change."""
    assert parse_cf_custom("1,000%") == [10.0]
    assert parse_cf_custom("-2.8%, 1,000%, 1%") == [-0.028, 10.0, 0.01]
    said = cf_custom_problem("-2.8%, 1,000%, 1%", 5)
    assert said is not None and RANGES["cf_change"].rule().removeprefix("expected ") in said
    assert cf_custom_problem("-2.8%, 1%, 0%, 2%", 5) is None


@pytest.mark.parametrize("typed", ["1_0%", "٣٠%", "-2.8%,, 1%", "1%, , 2%", "3 0%"])
def test_cf_custom_refuses_what_no_cell_reads(typed: str) -> None:
    """Two commas in a row left a change out, and each one after was read a year early (two
    changes taken for a 3-year horizon)."""
    assert cf_custom_problem(typed, 3) is not None


def test_the_options_lists_are_split_alike() -> None:
    """``--cf-change 1,000`` was the changes 100% and 0%, both in range: taken."""
    changes = fractions(RANGES["cf_change"])
    assert changes("-0.028,0.01") == [-0.028, 0.01]
    with pytest.raises(argparse.ArgumentTypeError, match=r"^expected a yearly change from "
                                                         r".*, got '1,000'$"):
        changes("1,000")
    for typed in ("0.01,,0.02", "0.01, ,0.02", "1_0"):
        with pytest.raises(argparse.ArgumentTypeError):
            changes(typed)


# --- properties ---------------------------------------------------------------------------------

@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_an_amount_written_as_people_write_it_reads_back(amount: Decimal) -> None:
    for written in (f"{amount:,.2f}", f"{amount:.2f}", f"${abs(amount):,.2f}"):
        read = read_number_text(written)
        assert read is not None, written
        assert abs(read.value) == abs(amount)


@given(st.text(min_size=1, max_size=12))
def test_a_text_is_read_only_with_ascii_digits_and_no_underscore(text: str) -> None:
    read = read_number_text(text)
    if read is not None:
        digits = [c for c in text if c.isdigit() or c.isnumeric()]
        assert digits and all("0" <= c <= "9" for c in digits), text
        assert "_" not in text
        assert split_numbers(text) is not None


@pytest.mark.parametrize(("option", "typed"), [
    ("--jobs", "1_0"), ("--jobs", "٣"), ("--retries", "1_0"), ("--timeout", "6_0"),
    ("--timeout", "٦٠")])
def test_options_with_no_range_read_numbers_alike(option: str, typed: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's ``type=int`` and ``type=float`` read "1_0" as 10 and "٣" as 3: a market-rate
    import ran ten processes at once for a typo."""
    with pytest.raises(SystemExit) as exc:
        main(["import", "market-rates", "in-network.json", "--codes", "97110", option, typed])
    assert exc.value.code == ExitCode.USAGE
    assert f"argument {option}: expected a number, got {typed!r}" in capsys.readouterr().err


@pytest.mark.parametrize("typed", ["2_019", "٢٠١٩-2026"])
def test_the_cf_window_reads_its_years_alike(typed: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scenario", "--units", "1200", "--medicare", "26.83", "--fixed", "32",
                 "--pct-of-medicare", "1.15", "--years", "3", "--cf-window", typed])
    assert code == ExitCode.INPUT_ERROR
    assert f"--cf-window: expected YEAR-YEAR such as 2019-2026, got {typed!r}" in \
        capsys.readouterr().err


@pytest.mark.parametrize("typed", ["٢٠٢٦-03-15", "2026-0٣-15", "０３/15/2026"])
def test_a_date_is_written_in_ascii_digits_too(typed: str) -> None:
    """strptime read the year "٢٠٢٦" and refused the month "0٣": either is refused alike."""
    with pytest.raises(CellError, match="^expected a date such as 2025-12-31 or 12/31/2025$"):
        PARSERS["date"](typed)
    assert PARSERS["date"]("2026-03-15") == date(2026, 3, 15)


@pytest.mark.parametrize(("kind", "typed"), [
    ("code", "٩٧١١٠"), ("code", "９７１１０"), ("locality", "٧٨٧٠١"), ("locality", "١٠١١٢-٠٠"),
    ("locality", "٢١٠٨")])
def test_a_code_or_a_zip_is_ascii_digits(kind: str, typed: str) -> None:
    """A regular expression's \\d matched the digits of every script: "٩٧١١٠" was a procedure
    code (kept as typed, so no Medicare amount or rate ever matched it) and "٧٨٧٠١" Austin's
    ZIP code."""
    with pytest.raises(CellError):
        PARSERS[kind](typed)


def test_a_market_region_is_ascii_digits() -> None:
    from ratecalc.errors import InputError
    from ratecalc.market_rates.region import region_mask

    table = pd.DataFrame({"zip5": ["78701", "02108"]})
    assert region_mask(table, "78701").tolist() == [True, False]
    with pytest.raises(InputError):
        region_mask(table, "٧٨٧٠١")


def test_an_offers_round_is_read_by_the_same_rule() -> None:
    """With no dates, the latest offer is the highest Round's: "1_0" was round 10, later than
    round 2, and the letter answered its rate."""
    from ratecalc_letter.offers import offer_from_log

    log = pd.DataFrame([
        {"Payer": "Summit BlueCare PPO", "Direction": "received", "Round": "2", "Code": "97110",
         "Offered rate": 30.0},
        {"Payer": "Summit BlueCare PPO", "Direction": "received", "Round": "1_0",
         "Code": "97140", "Offered rate": 40.0}])
    assert offer_from_log(log, "Summit BlueCare PPO").rates == {"97110": 30.0}


@pytest.mark.parametrize("typed", ["1_0", "٠.٥", "٣٠"])
def test_a_cms_files_numbers_are_ascii_digits(typed: str) -> None:
    """CMS's RVU and GPCI files are read by their own rule (plain decimals), which Decimal() and
    a regular expression's \\d widened to "1_0" and other scripts' digits."""
    from ratecalc.errors import DataError
    from ratecalc.medicare.cms_files import NUMERIC_RVU, _check_numbers
    from ratecalc.medicare.gpci_checks import _number

    frame = pd.DataFrame({"hcpcs": ["97110"], **{c: ["0.45"] for c in NUMERIC_RVU},
                          "conv_factor": ["33.4009"]})
    _check_numbers(frame, "rvu.csv")
    frame["work_rvu"] = [typed]
    with pytest.raises(DataError, match="column work_rvu: expected a number"):
        _check_numbers(frame, "rvu.csv")
    assert _number("1.017") == Decimal("1.017") and _number(typed) is None


def test_a_medicare_year_is_ascii_digits() -> None:
    """MEDICARE_RATE's and `ratecalc medicare`'s year "٢٠٢٦" was 2026 (isdigit() takes the
    digits of every script), where every date reader refuses it."""
    from ratecalc.errors import InputError
    from ratecalc.medicare import medicare_amount

    assert medicare_amount("97110", "AL", "2026") > 0
    with pytest.raises(InputError, match="expected a date"):
        medicare_amount("97110", "AL", "٢٠٢٦")


def test_a_cell_of_many_spaces_is_read_in_one_pass():
    # Spaces may stand between a sign and the digits, in five places of the pattern: a text
    # that failed to match was retried at every way of sharing its spaces among them (160
    # spaces after a '$' took 20 s; a column of such cells, a worksheet function's argument or
    # a market-rate price hung the command). Run apart, so that a regression fails (after two
    # minutes for what takes milliseconds) instead of hanging the suite.
    import subprocess
    import sys

    code = ("from ratecalc.number_text import read_number_text, split_numbers\n"
            "texts = ['$' + ' ' * 2000 + 'x', '(' + ' ' * 2000 + 'x',\n"
            "         ' ' * 2000 + '-' + ' ' * 2000 + '$' + ' ' * 2000 + '5 %' + ' ' * 2000]\n"
            "print([read_number_text(t) for t in texts],\n"
            "      split_numbers('1, $' + ' ' * 2000 + 'x'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.split("\n")[0] == (
        "[None, None, NumberText(value=Decimal('-5'), percent=True, dollar=True, "
        "parenthesized=False)] None")
