"""Argument parsing shared by the command modules."""

from __future__ import annotations

import argparse
from datetime import date

from ratecalc.errors import InputError
from ratecalc.validation import parse_date


def optional_date(text: str | None, name: str) -> date | None:
    """``--option DATE`` as a date (None when not given): ISO or US (05/01/2025), as the tables
    accept (:func:`ratecalc.validation.parse_date`); a clear InputError otherwise."""
    if text is None:
        return None
    return parse_date(text, name)


DEMO_TODAY_HELP = ("with --demo: tell the demo's story as of this date, YYYY-MM-DD (default: "
                   "today); its contract and Medicare dates move with it")


def demo_today(args: argparse.Namespace) -> date:
    """The date the demo clinic's story is told as of: ``--today`` or the system date."""
    given = getattr(args, "today", None)
    return given if isinstance(given, date) else date.today()


def iso_date(text: str) -> date:
    """An argparse ``type=`` for dates (ISO or US, as the tables accept)."""
    try:
        return parse_date(text)
    except InputError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2025-05-01 or 05/01/2025, "
                                         f"got {text!r}") from None
