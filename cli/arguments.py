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


def iso_date(text: str) -> date:
    """An argparse ``type=`` for YYYY-MM-DD dates."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") \
            from None
