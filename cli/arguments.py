"""Argument parsing shared by the command modules."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from ratecalc import dates as clock
from ratecalc.dates import parse_date
from ratecalc.errors import InputError, UsageError
from ratecalc.limits import (
    AMOUNT,
    FIRST_YEAR,
    LAST_YEAR,
    RANGES,
    NumberRange,
    percent_check,
)
from ratecalc.number_text import (
    MONEY_COMMAS,
    NUMBER_COMMAS,
    commas_group_no_thousands,
    read_number_text,
    signs_taken,
    split_numbers,
)
from ratecalc.regular_files import resolved


def optional_date(text: str | None, name: str,
                  parse: Callable[[str, str], date] = parse_date) -> date | None:
    """``--option DATE`` as a date (None when not given): ISO or US (05/01/2025), as the tables
    accept (:func:`ratecalc.dates.parse_date`, or ``parse``); a bad one is a bad argument (a
    UsageError: exit 2, as argparse's own ``type=`` checks give), its message naming the
    option."""
    if text is None:
        return None
    try:
        return parse(text, name)
    except UsageError:
        raise
    except InputError as exc:
        raise UsageError(str(exc)) from None


DEMO_TODAY_HELP = ("with --demo: tell the demo's story as of this date, YYYY-MM-DD (default: "
                   "today); its contract and Medicare dates move with it")


def demo_today(args: argparse.Namespace) -> date:
    """The date the demo clinic's story is told as of: ``--today`` or the system date."""
    given = getattr(args, "today", None)
    if not isinstance(given, date):
        return clock.today()
    from ratecalc.demo import check_story_day  # only with --today: the demo's tables

    check_story_day(given)  # the option's error, before a note or a file of the demo's
    return given


#: ``--as-of`` of the market-rate commands: the day they call a price expired by.
EXPIRED_AS_OF_HELP = ("the day each price's expiration_date is checked against: a price that "
                      "expired before it is counted and flagged (default: with --workbook, "
                      "the workbook's analysis date; else today)")


def iso_date(text: str) -> date:
    """An argparse ``type=`` for dates (ISO or US, as the tables accept), in the years
    :data:`~ratecalc.limits.FIRST_YEAR` to :data:`~ratecalc.limits.LAST_YEAR`."""
    try:
        return parse_date(text, "date")
    except InputError as exc:  # the years are checked there too
        raise argparse.ArgumentTypeError(str(exc).removeprefix("date: ")) from None


# --- ranges -------------------------------------------------------------------------------------
# Every number an option takes is checked against a range here, so that a typo (an extra zero, a
# percent typed as 50 instead of 0.50) gets a message naming the option and the range instead of
# hours of work, gigabytes of memory or an overflow deep in the calendar code.



def _finite(text: str, *, money: bool = False) -> float:
    """An option's number, read by the rule of every reader of a number typed as text
    (:func:`ratecalc.number_text.read_number_text`: ``1_0``, ``٣٠`` were read as 10 and 30),
    written plainly: no percent sign nor parentheses (a percentage's option takes a % sign:
    :func:`in_range`), and a dollar sign only for an amount (``money``), as a money cell takes
    ``$73.16`` and ``$1,234.50`` (:func:`ratecalc.number_text.signs_taken`)."""
    if commas_group_no_thousands(text):
        raise argparse.ArgumentTypeError(
            f"{MONEY_COMMAS if money else NUMBER_COMMAS}, got {text!r}")
    read = read_number_text(text)
    if read is None or read.parenthesized or not signs_taken(read, dollar=money, percent=False):
        finite = text.strip().lower().lstrip("+-") not in ("nan", "inf", "infinity")
        what = "dollar amount (73.16 or $73.16)" if money else "number"
        raise argparse.ArgumentTypeError(
            f"expected a{'' if finite else ' finite'} {what}, got {text!r}")
    number = float(read.value)
    if number != number or number in (float("inf"), float("-inf")):  # 1e9999
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return number


def number(text: str) -> float:
    """An argparse ``type=`` for a finite number with no range of its own (argparse's
    ``type=float`` took ``1_0`` as 10 and ``٣٠`` as 30)."""
    return _finite(text)


def whole_number(text: str) -> int:
    """An argparse ``type=`` for a whole number with no range of its own (``type=int`` took
    ``1_0`` as 10 and ``٣`` as 3)."""
    found = _finite(text)
    if found != int(found):
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
    return int(found)


def amount(text: str) -> float:
    """An argparse ``type=`` for a dollar amount from 0 to :data:`MAX_AMOUNT`
    (:data:`~ratecalc.limits.AMOUNT`, as a cell and a worksheet function take it)."""
    return in_range(AMOUNT)(text)


def medicare_amount(text: str) -> float:
    """An argparse ``type=`` for a Medicare amount: above 0 (every percent of Medicare is taken
    of it) up to :data:`MAX_AMOUNT`."""
    number = amount(text)
    if number == 0:
        raise argparse.ArgumentTypeError(
            f"expected a Medicare amount above 0 (each percent of Medicare is taken of it), "
            f"got {text!r}")
    return number


def in_range(words: NumberRange) -> Callable[[str], float]:
    """An argparse ``type=`` for a number (an int where ``words`` takes whole numbers) in the
    range ``words``, in its words (those of the quantity's cell, worksheet function and core
    function); a percentage also as ``150%``, by the one rule of every percentage
    (:func:`ratecalc.limits.percent_check`: a bare 1.5 for a largest increase is refused saying
    both readings, a fraction typed as a percent's digits gets how to write it, ``for 50% write
    0.5``)."""
    low, high = words.bounds
    whole = words.whole

    def parse(text: str) -> float:
        typed = read_number_text(text) if words.shown == "percent" else None
        if typed is not None and typed.percent and not (typed.dollar or typed.parenthesized):
            # "150%" says which reading is meant, where a bare 1.5 is 150% or 1.5%
            number, meant = float(typed.value.scaleb(-2)), True
        else:
            number, meant = _finite(text, money=words.shown == "money"), False
        if whole and number != int(number):
            raise argparse.ArgumentTypeError(f"{words.rule()}, got {text!r}")
        refusal = (percent_check(number, low, high, percent_meaning=meant, signed=meant,
                                 sign_taken=True)
                   if words.shown == "percent"
                   else None if low <= number <= high else "")
        if refusal is not None:
            raise argparse.ArgumentTypeError(f"{words.rule()}, got {text!r}{refusal}")
        return int(number) if whole else number

    return parse


def fractions(words: NumberRange) -> Callable[[str], list[float]]:
    """An argparse ``type=`` for ``F[,F...]``: each fraction in the range ``words``, split as
    the Settings' CF custom is split (:func:`ratecalc.number_text.split_numbers`: a comma
    grouping thousands stays in its number, so ``1,000`` is 1000, refused, not 1 and 0)."""
    one = in_range(words)

    def parse(text: str) -> list[float]:
        parts = split_numbers(text)
        if not parts and "," not in text:
            parts = [text]  # one value: refused in the words of one ("expected a number")
        if not parts:
            raise argparse.ArgumentTypeError(
                f"expected fractions separated by commas (-0.028 = -2.8%), got {text!r}")
        return [one(part) for part in parts]

    return parse


def bounded(low: float, high: float, what: str, *, whole: bool = False
            ) -> Callable[[str], float]:
    """An argparse ``type=`` for a number (an int with ``whole``) of ``what`` from ``low`` to
    ``high``, of a quantity with no range of its own in :data:`~ratecalc.limits.RANGES`."""
    return in_range(NumberRange(what, low, high, whole=whole))


def years(text: str) -> int:
    """An argparse ``type=`` for a scenario's horizon [years] (limits.MAX_SCENARIO_YEARS)."""
    return int(in_range(RANGES["scenario_years"])(text))



#: Days of notice a contract can require.
NOTICE_DAYS = in_range(RANGES["notice_days"])
#: How a past ``--end`` is put right on the command line (the core says "mark the contract").
AUTO_RENEW_HINT = "add --auto-renew if it renews by itself"
#: Months each renewed term of an auto-renewing contract lasts.
RENEWAL_MONTHS = in_range(RANGES["renewal_months"])
#: Months before a contract's end to open talks.
LEAD_MONTHS = in_range(RANGES["lead_months"])
#: Business days between follow-ups.
FOLLOW_UP_DAYS = in_range(RANGES["follow_up_business_days"])
#: Units billed a year.
UNITS_PER_YEAR = in_range(RANGES["units_per_year"])
#: Visits a year from one payer.
VISITS_PER_YEAR = in_range(RANGES["visits_per_year"])
#: ``--pct-of-medicare``: a contract's percent of Medicare, in the tables' range.
PCT_OF_MEDICARE = in_range(RANGES["pct_of_medicare"])
#: Months until a backfill is complete.
RAMP_MONTHS = in_range(RANGES["ramp_months"])
#: A calendar year.
YEAR = bounded(FIRST_YEAR, LAST_YEAR, "a year", whole=True)


def refuse_overwriting_inputs(outputs: Iterable[tuple[str, Path | str | None]],
                              inputs: Iterable[Path | str | None]) -> None:
    """Raise :class:`InputError` when an output names one of the inputs.

    ``outputs`` are (option, path) pairs, e.g. ``("--out", args.out)``; None entries are
    skipped. The same file under another spelling (``./a.835``, a link) counts as the same.
    """
    given = [Path(p) for p in inputs if p is not None]
    for option, out in outputs:
        if out is None:
            continue
        target = Path(out)
        for source in given:
            if _same_file(target, source):
                raise InputError(
                    f"{option} '{target}' is also an input ('{source}'): RateCalc never writes "
                    "over what it reads. Choose another file name.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return resolved(a) == resolved(b)
    except OSError:
        return False


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """``--data PATH`` / ``--demo``: where payer-level forms read the clinic's tables."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", metavar="PATH",
                        help="folder of clinic tables (CSV/XLSX) or the master workbook (.xlsx)")
    source.add_argument("--demo", action="store_true", help="use the built-in demo clinic")
    parser.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help=DEMO_TODAY_HELP)
