"""Argument parsing shared by the command modules."""

from __future__ import annotations

import argparse
from datetime import date

from ratecalc.errors import InputError


def optional_date(text: str | None, name: str) -> date | None:
    """``--option YYYY-MM-DD`` as a date (None when not given); a clear InputError otherwise."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{name}: expected a date as YYYY-MM-DD, got {text!r}") from None


DEMO_TODAY_HELP = ("with --demo: tell the demo's story as of this date, YYYY-MM-DD (default: "
                   "today); its contract and Medicare dates move with it")


def demo_today(args: argparse.Namespace) -> date:
    """The date the demo clinic's story is told as of: ``--today`` or the system date."""
    given = getattr(args, "today", None)
    return given if isinstance(given, date) else date.today()


def iso_date(text: str) -> date:
    """An argparse ``type=`` for YYYY-MM-DD dates."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") \
            from None
