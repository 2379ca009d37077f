"""Rounding money the way CMS does: once, at presentation, half-up to cents.

Amounts are carried unrounded through every calculation; only a figure that a user sees is rounded.
Float inputs are first snapped to a micro-dollar grid so that a value the user typed as 1.005
(stored as 1.00499999...) rounds the way it reads, to 1.01.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

import numpy as np
import numpy.typing as npt

CENT = Decimal("0.01")


@overload
def round_cents(amount: float) -> float: ...
@overload
def round_cents(amount: npt.ArrayLike) -> np.ndarray: ...


def round_cents(amount: npt.ArrayLike) -> float | np.ndarray:
    """Round dollars half-up (away from zero) to cents.

    Parameters
    ----------
    amount : float or array_like
        Dollars [USD]. NaN stays NaN.

    Returns
    -------
    float or numpy.ndarray
        Dollars rounded to cents [USD].

    Examples
    --------
    >>> round_cents(26.825)
    26.83
    >>> round_cents([1.005, -2.675, 0.004])
    array([ 1.01, -2.68,  0.  ])
    """
    values = np.asarray(amount, dtype=float)
    cents = np.round(np.abs(values) * 100.0, 6)  # snap binary noise below a micro-cent
    rounded = np.copysign(np.floor(cents + 0.5) / 100.0, values)
    rounded = np.where(rounded == 0, 0.0, rounded)  # no negative zero on screen
    if rounded.ndim == 0:
        return float(rounded)
    return rounded


def money_text(amount: float, *, signed: bool = False) -> str:
    """Dollars as a user reads them, rounded half-up to cents: ``$1,234.56``, ``-$3.50``;
    ``+$12.00`` when ``signed`` (a change, a difference). Every output that shows an amount in
    words (the command line, messages, the letter) writes it here, so that a figure never
    reads $26.82 in one place and $26.83 in another (``format(x, ',.2f')`` rounds the binary
    value: 26.825 is 26.82 there).

    A figure that is not known (NaN) is an em dash, as in the letter, never "$nan".

    >>> money_text(26.825), money_text(-3.5), money_text(12, signed=True), money_text(-0.001)
    ('$26.83', '-$3.50', '+$12.00', '$0.00')
    >>> money_text(float("nan"))
    '\u2014'
    """
    if math.isnan(float(amount)):
        return "\u2014"
    cents = round_cents(float(amount))
    sign = "-" if cents < 0 else ("+" if signed and cents > 0 else "")
    return f"{sign}${abs(cents):,.2f}"


def to_decimal_cents(amount: float | str | Decimal) -> Decimal:
    """One amount as an exact Decimal rounded half-up to cents (for documents and JSON)."""
    return Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_text(fraction: float, places: int = 1) -> str:
    """A fraction as the percentage a user reads (0.9655 -> '96.6%'), half-up like money.

    Every output that shows the same fraction goes through here, so a figure never reads 96.5%
    in one place and 96.6% in another (Python's ``format(x, '.1%')`` rounds the binary value, and
    a value already rounded for JSON may round the other way).
    """
    # snapped to a millionth first, as :func:`ratecalc.report.summary` carries fractions
    value = Decimal(repr(float(fraction))).quantize(Decimal("0.000001"), ROUND_HALF_UP) * 100
    step = Decimal(1).scaleb(-places)
    return f"{value.quantize(step, ROUND_HALF_UP)}%"
