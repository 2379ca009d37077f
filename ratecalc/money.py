"""Rounding money the way CMS does: once, at presentation, half-up to cents.

Amounts are carried unrounded through every calculation; only a figure that a user sees is rounded.
Float inputs are first snapped to a micro-dollar grid so that a value the user typed as 1.005
(stored as 1.00499999...) rounds the way it reads, to 1.01.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import overload

import numpy as np
import numpy.typing as npt

CENT = Decimal("0.01")
#: Decimal places of dollars an amount is read to before it is rounded (a micro-cent): float
#: noise below is dropped, so 1.2749999999999986 rounds as 1.275. The workbook's formulas snap
#: to the same places (``ROUND(ROUND(x, 8), 2)``).
NOISE_PLACES = 8


#: From this many dollars on, a double holds no fraction of a cent: such an amount is its own
#: snap and its own rounding (and x 100 x 10**4 would overflow a double past about 1e300).
WHOLE_CENTS_FROM = 2.0 ** 53 / 100.0


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
    if type(amount) is float and abs(amount) < WHOLE_CENTS_FROM:  # False for NaN
        return _round_cents_of_float(amount)
    values = np.asarray(amount, dtype=float)
    cents = _snapped_cents(values)
    rounded = np.copysign(np.floor(cents + 0.5) / 100.0, values)
    rounded = np.where(np.abs(values) >= WHOLE_CENTS_FROM, values, rounded)
    rounded = np.where(rounded == 0, 0.0, rounded)  # no negative zero on screen
    if rounded.ndim == 0:
        return float(rounded)
    return rounded


def round_places(values: npt.ArrayLike, places: int) -> np.ndarray:
    """Round ``values`` half-up (away from zero) to ``places`` decimals, read as
    :func:`round_cents` reads dollars (binary noise below :data:`NOISE_PLACES` decimals
    dropped first): a conversion factor to CMS's four places, mean days to a tenth. Not a
    percentage: every output reads one to a millionth first (:func:`shown_percent`), so that
    0.12344951 is 12.35% (read to eight decimals here, 0.1234).

    Parameters
    ----------
    values : array_like
        Numbers; NaN stays NaN.
    places : int
        Decimals kept, from 0 to :data:`NOISE_PLACES`.

    Returns
    -------
    numpy.ndarray
        The double nearest to each rounded decimal.

    Examples
    --------
    >>> round_places([0.14995, -0.00005, 0.1 + 0.2, 33.40085], 4).tolist()
    [0.15, -0.0001, 0.3, 33.4009]
    """
    numbers = np.asarray(values, dtype=float)
    # in whole units of the last noise place, as integers: the half-up is exact there
    units = _micro_cents(numbers)
    exact = np.isfinite(units) & (units < 2.0 ** 62)
    step = 10 ** (NOISE_PLACES - places)
    whole = (np.where(exact, units, 0).astype(np.int64) + step // 2) // step
    rounded = np.copysign(whole / 10.0 ** places, numbers)
    # past what the integers hold, a double has no such decimals to round: as it is
    rounded = np.where(exact, rounded, numbers)
    return np.where(rounded == 0, 0.0, rounded)


def cents_of_running_total(amounts: npt.ArrayLike) -> np.ndarray:
    """Amounts of a series (months) shown in cents so that they add up to what is shown for
    their running total: each is its running total rounded half-up (:func:`round_cents`, the
    only rounding) less the one before, rounded alike. Shown each on its own, twelve monthly
    figures missed the year's total by a cent or two; this way every sum down the column is
    the total rounded once, and each figure is within a cent of its own rounding.

    >>> cents_of_running_total([1.005, 1.005, 1.005])  # each 1.01 on its own: 3.03, not 3.02
    array([1.01, 1.  , 1.01])
    """
    totals = np.rint(round_cents(np.cumsum(np.asarray(amounts, dtype=float))) * 100.0)
    shown = np.diff(totals, prepend=0.0) / 100.0
    return np.where(shown == 0, 0.0, shown)


def _round_cents_of_float(amount: float) -> float:
    """:func:`round_cents` of one finite float, step for step as numpy does it for an array
    (``np.round(x, 6)`` is ``rint(x * 1e6) / 1e6``; ``round()`` of a float is ``rint``, half to
    even), without numpy's cost on a scalar: a worksheet function's one cell took 7 us to
    round, 2 us this way."""
    cents = _micro_cents_of_float(amount) / 10.0 ** (NOISE_PLACES - 2)
    rounded = math.copysign(math.floor(cents + 0.5) / 100.0, amount)
    return 0.0 if rounded == 0 else rounded


def _micro_cents(values: np.ndarray) -> np.ndarray:
    """``|values|`` in whole micro-cents, binary noise below a micro-cent snapped away: the
    one rule by which every output reads a float as the decimal amount it stands for.
    Infinite for amounts near a double's largest; callers keep amounts of
    :data:`WHOLE_CENTS_FROM` or more as they are."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.rint(np.abs(values) * 100.0 * 10.0 ** (NOISE_PLACES - 2))


def _micro_cents_of_float(amount: float) -> float:
    """:func:`_micro_cents` of one finite float, step for step (``round()`` of a float is
    numpy's ``rint``, half to even), without numpy's cost on a scalar."""
    return float(round(abs(amount) * 100.0 * 10.0 ** (NOISE_PLACES - 2)))


def _snapped_cents(values: np.ndarray) -> np.ndarray:
    """``|values|`` in cents as :func:`_micro_cents` reads them (``np.round(x * 100, 6)``)."""
    return _micro_cents(values) / 10.0 ** (NOISE_PLACES - 2)


@overload
def exact_amount(amount: float) -> float: ...
@overload
def exact_amount(amount: npt.ArrayLike) -> np.ndarray: ...


def exact_amount(amount: npt.ArrayLike) -> float | np.ndarray:
    """Dollars without their binary noise, unrounded: the double nearest to the decimal amount
    :func:`round_cents` reads (the same micro-cent snap), for a number a spreadsheet shows.

    A spreadsheet shows a cell by rounding the double it holds: LibreOffice its shortest
    decimal text, half away from zero. An average the core computes as 72.92499999999998
    stands for 72.925, which :func:`round_cents` makes 72.93; written as computed, the cell
    would show 72.92. Written through here it holds 72.925: it shows 72.93, and a formula that
    subtracts a rate from it works from the amount the core used, unrounded.

    A double resolves a micro-cent below about $40 million (2**32 cents); above, the snap
    cannot tell noise from amount, here as in :func:`round_cents`.

    Parameters
    ----------
    amount : float or array_like
        Dollars [USD]. NaN stays NaN.

    Returns
    -------
    float or numpy.ndarray
        Dollars [USD], the same amount to a micro-cent.

    Examples
    --------
    >>> exact_amount(72.92499999999998), exact_amount(-1.2749999999999986)
    (72.925, -1.275)
    >>> exact_amount([33.765, 0.1 + 0.2])
    array([33.765,  0.3  ])
    """
    if type(amount) is float and abs(amount) < WHOLE_CENTS_FROM:  # False for NaN
        return _exact_float(amount)
    values = np.asarray(amount, dtype=float)
    # one division of whole micro-cents by 10**8 (both exact doubles, so the quotient is the
    # double nearest the decimal amount); cents / 100 rounded twice: 749.95495 came back as
    # 749.9549499999999, which half_up(x, 4) read as 749.9549
    snapped = np.copysign(_micro_cents(values) / 10.0 ** NOISE_PLACES, values)
    snapped = np.where(np.abs(values) >= WHOLE_CENTS_FROM, values,
                       np.where(snapped == 0, 0.0, snapped))
    if snapped.ndim == 0:
        return float(snapped)
    return snapped


def _exact_float(amount: float) -> float:
    """:func:`exact_amount` of one float under :data:`WHOLE_CENTS_FROM`, step for step as
    numpy does it for an array (``rint`` is ``round()`` of a float, half to even; every product
    and quotient the same double), without numpy's cost on a scalar: a refresh reads some 400
    amounts one at a time (:func:`half_up` of a float among them)."""
    snapped = math.copysign(_micro_cents_of_float(amount) / 10.0 ** NOISE_PLACES, amount)
    return 0.0 if snapped == 0 else snapped


def money_text(amount: float | Decimal, *, signed: bool = False) -> str:
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
    # exact dollars (an 835's Decimal) are rounded as they read, without a float
    cents = to_decimal_cents(amount) if isinstance(amount, Decimal) else round_cents(
        float(amount))
    return _cents_text(cents, signed)


def _cents_text(cents: float | Decimal, signed: bool = False) -> str:
    """An amount already rounded to cents as :func:`money_text` writes it."""
    sign = "-" if cents < 0 else ("+" if signed and cents > 0 else "")
    return f"{sign}${abs(cents):,.2f}"


def shown_beside_line(amount: float, line: float) -> Decimal:
    """``amount`` [USD] as it is shown weighed against a ``line``: half-up to the cent, or to as
    many more decimals as it takes (to a micro-cent, :data:`NOISE_PLACES`) where the cents
    would read as the line when it is not it (the figure :func:`money_beside_line` writes, and
    ``--json`` gives).

    >>> shown_beside_line(99.46105, 99.46), shown_beside_line(99.46, 99.46105)
    (Decimal('99.461'), Decimal('99.46'))
    """
    cents = half_up(amount, 2)
    # the line's decimals, read as the amount's are: an amount that is the line but for binary
    # noise (99.46100000000001 beside 99.461) is the line, shown in cents, not "$99.461"
    if cents != half_up(line, 2) or half_up(amount, NOISE_PLACES) == half_up(line, NOISE_PLACES):
        return cents
    for places in range(3, NOISE_PLACES + 1):
        shown = half_up(amount, places)
        if shown != half_up(line, places):
            break
    # the decimals it has, two at least: $99.46 beside a $99.461 floor, not 99.460
    for places in range(2, NOISE_PLACES):
        step = Decimal(1).scaleb(-places)
        if shown == shown.quantize(step):
            return shown.quantize(step)
    return shown


def money_beside_line(amount: float, line: float) -> str:
    """``amount`` as :func:`money_text` writes it, with as many more decimals as it takes where
    the cents would read as the ``line`` it is weighed against when it is not it (trailing zeros
    past the cents dropped, :func:`shown_beside_line`): a rate $0.001 short of a $99.461 floor
    read "$99.46 a visit is $0.00 below the floor of $99.46".

    >>> money_beside_line(99.46105, 99.46), money_beside_line(99.46, 99.46105)
    ('$99.461', '$99.46')
    >>> money_beside_line(99.455, 99.456), money_beside_line(0.00105, 0.0)
    ('$99.455', '$0.001')
    """
    return shown_money_text(shown_beside_line(amount, line))


def shown_money_text(shown: Decimal) -> str:
    """An amount already rounded for display (:func:`shown_beside_line`) in words: as
    :func:`money_text` writes cents, with the decimals past them it has.

    >>> shown_money_text(Decimal("99.461")), shown_money_text(Decimal("1E-8"))
    ('$99.461', '$0.00000001')
    """
    if shown == shown.quantize(CENT):
        return money_text(shown)
    sign = "-" if shown < 0 else ""
    digits = f"{abs(shown):,f}"
    whole, _, decimals = digits.partition(".")
    decimals = decimals[:2] + decimals[2:].rstrip("0")
    return f"{sign}${whole}.{decimals}"


def money_texts(amounts: npt.ArrayLike) -> list[str]:
    """:func:`money_text` of many float amounts, rounded in one vectorized
    :func:`round_cents` call (a proposal's 12,000 reasons took 0.3 s one by one).

    >>> money_texts([26.825, -3.5, float("nan")])
    ['$26.83', '-$3.50', '—']
    """
    cents = np.asarray(round_cents(np.asarray(amounts, dtype=float)), dtype=float)
    return ["\u2014" if math.isnan(c) else _cents_text(c) for c in cents.tolist()]


def to_decimal_cents(amount: float | str | Decimal) -> Decimal:
    """One amount as an exact Decimal rounded half-up to cents (for documents and JSON).

    A Decimal or text is rounded as it reads; a float as :func:`round_cents` reads it (to a
    micro-cent), so both functions give one figure for one float.

    >>> to_decimal_cents(Decimal("67.505")), to_decimal_cents(33.765 - 35.04)
    (Decimal('67.51'), Decimal('-1.28'))
    """
    return half_up(amount, 2)


def half_up(amount: float | str | Decimal, places: int) -> Decimal:
    """``amount`` as an exact Decimal rounded half-up to ``places`` decimals, read as
    :func:`to_decimal_cents` reads it (a float to a micro-cent first).

    >>> half_up(72.92499999999998, 2), half_up(Decimal("32.34655"), 4)
    (Decimal('72.93'), Decimal('32.3466'))
    """
    if isinstance(amount, float):
        amount = repr(exact_amount(amount))
    # in WIDE digits: the default 28 refused a figure of more (1e26 units to hundredths)
    return Decimal(str(amount)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP,
                                         context=WIDE)


def micro_cents_of_fraction(amount: Fraction) -> int:
    """``|amount|`` [USD] in micro-cents (:data:`NOISE_PLACES` decimals), half-up: how
    :func:`fraction_cents` reads an exact amount before it rounds to cents.

    >>> micro_cents_of_fraction(Fraction(-1, 3))
    33333333
    """
    return math.floor(abs(amount) * 10**NOISE_PLACES + Fraction(1, 2))


def fraction_cents(amount: Fraction) -> Decimal:
    """An exact amount [USD] as every output shows it: read to a micro-cent
    (:data:`NOISE_PLACES`) and rounded half-up (away from zero) to cents, as :func:`half_up`
    reads a float and the workbook's formulas read theirs, but at any size: a double holds a
    micro-cent only below some $40 million, and a product of doubles (visits x rate) misses a
    half cent in the binary ($56,852.445 as 56852.44499999999).

    >>> fraction_cents(Fraction(1005, 1000)), fraction_cents(Fraction(-1005, 1000))
    (Decimal('1.01'), Decimal('-1.01'))
    >>> fraction_cents(Fraction(10**17 + 5, 1000))
    Decimal('100000000000000.01')
    """
    micro = micro_cents_of_fraction(amount)
    cents = Decimal(micro).scaleb(-NOISE_PLACES).quantize(CENT, ROUND_HALF_UP, WIDE)
    return -cents if amount < 0 and cents else cents


def count_text(count: float) -> str:
    """A count (visits a year) with the decimals it has, thousands grouped: the figure a
    product beside it (visits x rate) was computed from, so the words can be redone; whole
    where whole. :func:`whole_text` shows 799.5 visits as "800", whose product with the rate
    is not the revenue beside it.

    >>> count_text(799.5), count_text(3177.0), count_text(1234.56789)
    ('799.5', '3,177', '1,234.56789')
    """
    return _grouped(Decimal(repr(float(count))))


def typed_money_text(amount: float) -> str:
    """An amount someone typed (a rate per visit) with the decimals it has, cents at least:
    ``$71.11``, ``$95.00``, ``$2.015`` (:func:`money_text` would show ``$2.02``, whose product
    with the visits is not the revenue computed from ``$2.015``).

    >>> typed_money_text(71.11), typed_money_text(95.0), typed_money_text(2.015)
    ('$71.11', '$95.00', '$2.015')
    """
    return shown_money_text(Decimal(repr(float(amount))))


def whole_text(count: float) -> str:
    """A count (visits a year) to the whole, half-up as every figure is read (:func:`half_up`),
    thousands grouped, as the sheets' ``#,##0`` shows it: ``format(x, ",.0f")`` rounds the
    binary value to even, so 1,234.5 visits read "1,234" beside the Exit Impact sheet's 1,235.

    >>> whole_text(1234.5), whole_text(2.5), whole_text(10400.0)
    ('1,235', '3', '10,400')
    """
    whole = half_up(float(count), 0)
    return f"{abs(whole) if whole == 0 else whole:,}"


#: Decimals a number that may have a fraction (units of service a year) is shown with, at most:
#: the letters, the command line's tables and the workbook's units cells (a units cell shows a
#: fraction through a conditional format, ``ratecalc_workbook.styles.show_unit_fractions``).
NUMBER_SHOWN_PLACES = 2


def units_text(count: float) -> str:
    """Units of service (a volume a year) as every output shows them: half-up to
    :data:`NUMBER_SHOWN_PLACES` decimals, read as :func:`half_up` reads a float, whole where
    whole, thousands grouped. The sheets showed 132.5 units as "133" beside a letter's 132.5.

    >>> units_text(2940.0), units_text(132.5), units_text(60.125), units_text(1234.25)
    ('2,940', '132.5', '60.13', '1,234.25')
    """
    return _grouped(half_up(float(count), NUMBER_SHOWN_PLACES))


def _grouped(shown: Decimal) -> str:
    """``shown`` with thousands grouped, whole where whole (never "-0"), else with the decimals
    it has but no trailing zero."""
    if shown == shown.to_integral_value():
        return f"{abs(int(shown)) if shown == 0 else int(shown):,}"
    return f"{shown.normalize():,f}"


#: Decimals a percentage is shown with (``0.0%``), by every output: a percent of Medicare
#: (:func:`pct_of_medicare_text`), a share, a denial rate. The workbook's percent format, the
#: command line's percent columns and the letter's percents of Medicare follow it, so a rate
#: reads 101.2% of Medicare on the sheets, in the letter and on the command line alike (the
#: letter showed 101% beside the sheets' 101.2%).
PERCENT_PLACES = 1


def pct_of_medicare_text(fraction: float) -> str:
    """A rate's percent of Medicare as every output shows it, to :data:`PERCENT_PLACES`
    decimals, half-up: 1.01185 -> '101.2%'.

    A contract's own percentage is said as the contract states it instead ("88%":
    :func:`ratecalc.proposal.contract_percent_text`).

    >>> pct_of_medicare_text(1.01185), pct_of_medicare_text(0.88), pct_of_medicare_text(0.29649)
    ('101.2%', '88.0%', '29.6%')
    """
    return percent_text(fraction, PERCENT_PLACES)


def percent_text(fraction: float, places: int = 1) -> str:
    """A fraction as the percentage a user reads (0.9655 -> '96.6%'), half-up like money.

    Every output that shows the same fraction goes through here, so a figure never reads 96.5%
    in one place and 96.6% in another (Python's ``format(x, '.1%')`` rounds the binary value, and
    a value already rounded for JSON may round the other way).
    """
    return f"{shown_percent(fraction, places)}%"


def shown_percent(fraction: float, places: int = 1) -> Decimal:
    """The percentage :func:`percent_text` writes, as a Decimal: ``fraction`` read to a
    millionth (:func:`snapped_millionths`), x 100, half-up to ``places``; a figure that
    rounds to zero is zero, never -0.0 (a noisy zero, 0.3 - 0.1 - 0.2, read "-0.0%" where
    the letter said "0.0%"; money shows no negative zero either).

    >>> shown_percent(0.9655), shown_percent(0.3 - 0.1 - 0.2, 2)
    (Decimal('96.6'), Decimal('0.00'))
    """
    shown = (snapped_millionths(fraction) * 100).quantize(Decimal(1).scaleb(-places),
                                                         ROUND_HALF_UP)
    return abs(shown) if shown == 0 else shown


#: Decimals of a percentage someone stated (a contract's escalator or percent of Medicare, a
#: margin typed on the Settings) that the workbook's ``0.00%`` cells show at least.
STATED_PERCENT_PLACES = 2
#: Decimals of a fraction a stated percentage is read to (a percent to eight decimals, as money
#: is read to a micro-cent, :data:`NOISE_PLACES`): any decimal someone types is kept, and the
#: binary noise a spreadsheet's arithmetic leaves (``=1.1-1`` is 0.10000000000000009), some
#: sixteen places down, is not.
STATED_FRACTION_PLACES = NOISE_PLACES + 2


def stated_fraction(fraction: float) -> Fraction:
    """A stated percentage [fraction] as the decimal it is read as, exactly: to
    :data:`STATED_FRACTION_PLACES`, half-up. :func:`stated_percent_text` writes this, and a
    figure priced from the percentage beside its words (the walk-away floor,
    :func:`ratecalc.exit_impact.walk_away_check`) is priced from it, so that the words redo the
    figure to the last decimal shown.

    >>> stated_fraction(0.1000001), stated_fraction(1.1 - 1)
    (Fraction(1000001, 10000000), Fraction(1, 10))
    """
    return Fraction(stated_decimal(fraction))


def stated_decimal(fraction: float) -> Decimal:
    """:func:`stated_fraction` as an exact Decimal, for a figure shown beside it
    (:func:`ratecalc.scenarios.shown_percents`).

    >>> stated_decimal(0.88755) * 100
    Decimal('88.7550000000')
    """
    return read_decimal(fraction, STATED_FRACTION_PLACES)


#: Digits enough for any double's whole part and its decimals, so that no figure is too large
#: to read to its places.
WIDE = Context(prec=400, rounding=ROUND_HALF_UP)


def read_decimal(value: float, places: int) -> Decimal:
    """``value`` as the exact decimal its shortest text says, half-up to ``places`` decimals.

    >>> read_decimal(0.8875500000000001, 12), read_decimal(2 / 3, 4)
    (Decimal('0.887550000000'), Decimal('0.6667'))
    """
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, WIDE)


def stated_percent_text(fraction: float, places: int = 0) -> str:
    """A percentage as it was stated, with the decimals it has (:func:`stated_fraction`, to
    eight decimals of a percent): a contract's "88%", "92.5%", "88.755%", a "2.75%" escalator,
    a "12.5%" margin. A figure priced with it can be redone from its words (a floor of $80.00
    + 12.5% is $90.00; "+ 13%" is not; a floor of $90.00 + 10.00001% is $99.000009, which
    "+ 10%" is not).

    >>> stated_percent_text(0.88), stated_percent_text(0.925), stated_percent_text(0.0275)
    ('88%', '92.5%', '2.75%')
    >>> stated_percent_text(0.1000001), stated_percent_text(1.1 - 1)
    ('10.00001%', '10%')

    ``places``: decimals shown at the least, as a column of them shows them (the workbook's
    ``pct_stated``, ``0.00######%``; the command line's tables).

    >>> stated_percent_text(0.02, 2), stated_percent_text(0.02755, 2)
    ('2.00%', '2.755%')
    """
    percent = stated_decimal(fraction).scaleb(2)
    percent = abs(percent) if percent == 0 else percent  # "0%", never "-0%" (a noisy zero)
    # the decimals the figure has: "92.50%" is the stated "92.5%"
    whole, _, decimals = f"{percent:f}".partition(".")
    decimals = decimals.rstrip("0").ljust(places, "0")
    return f"{whole}.{decimals}%" if decimals else f"{whole}%"


#: Decimal places of a fraction a percent is read to before it is rounded for display (a
#: millionth, a ten-thousandth of a percent): :func:`snapped_millionths`; the workbook's
#: percentage formulas read theirs alike (``ROUND(x, 6)``).
FRACTION_PLACES = 6


def percent_fractions(values: npt.ArrayLike, places: int = FRACTION_PLACES) -> np.ndarray:
    """Computed fractions to ``places`` decimals as every output reads a percentage
    (:func:`shown_percent`: to a millionth, then half-up), for a table a script reads (the
    CSV files, ``--json``): by default the millionths themselves, so that the percent every
    other output shows is this figure rounded half-up once. Four places rounded twice: 1.015483
    (101.5% on the sheets and in the letter) was written 1.0155, which reads 101.6%; and
    pandas' ``round(4)`` made 0.12344951 0.1234 beside the 12.35% every text says of it. NaN
    and infinities are kept.

    >>> percent_fractions([0.12344951, 1.0154825, float("nan")]).tolist()
    [0.12345, 1.015483, nan]
    >>> percent_fractions([0.12344951], 4).tolist()
    [0.1235]
    """
    numbers = np.asarray(values, dtype=float)
    return np.array([v if not math.isfinite(v) else float(shown_fraction(v, places))
                     for v in numbers.ravel().tolist()], dtype=float).reshape(numbers.shape)


def shown_fraction(value: float, places: int) -> Decimal:
    """A fraction as :func:`shown_percent` shows it, to ``places`` decimals of the fraction
    (``places`` - 2 of a percent): read to a millionth, then half-up.

    >>> shown_fraction(0.8874999, 3), shown_fraction(0.12344951, 4)
    (Decimal('0.888'), Decimal('0.1235'))
    """
    return shown_percent(value, places - 2).scaleb(-2)


def snapped_fraction(value: float) -> float:
    """The double nearest to the millionths :func:`percent_text` reads ``value`` as, for a
    figure a script reads (``summary.json``, ``--json``): a computed 0.2994999 is
    percent_text's 30.0%, and 0.299500 rounded half-up once reads so. A cell shown as a
    percentage holds the figure shown instead (:func:`held_percent`). NaN and infinities are
    kept.

    >>> snapped_fraction(0.2994999), snapped_fraction(0.1 + 0.2)
    (0.2995, 0.3)
    """
    if not math.isfinite(value):
        return value
    return float(shown_fraction(value, FRACTION_PLACES))


def held_percent(value: float, places: int = PERCENT_PLACES) -> float:
    """The double a spreadsheet cell holds for a computed fraction it shows as a percentage to
    ``places`` decimals (``0.0%``): the figure shown itself (:func:`shown_fraction`), so that
    the cell shows :func:`percent_text`'s text in LibreOffice and Excel alike. A percent format
    multiplies the double by 100 before it rounds for display: held as its millionths, 1.0695
    (1.069499999...) made 106.94999999999999 and showed 106.9% where the letter says 107.0%;
    held as shown, 1.07 shows 107.0%. NaN and infinities are kept.

    >>> held_percent(1.0694999124886633), held_percent(0.5175, 2), held_percent(-0.0295002)
    (1.07, 0.5175, -0.03)
    """
    if not math.isfinite(value):
        return value
    return float(shown_fraction(value, places + 2))


#: Significant digits Excel's and LibreOffice's ROUND read their argument to (the sheets'
#: percentages are ``ROUND(ROUND(x,6),3)``, :func:`ratecalc_workbook.formulas.fraction`): the
#: binary noise of a computed fraction is below them, and a quotient of amounts in cents that
#: is no half-millionth is never within them of one.
SPREADSHEET_DIGITS = 15
_SPREADSHEET_READ = Context(prec=SPREADSHEET_DIGITS, rounding=ROUND_HALF_UP)


def snapped_millionths(value: float) -> Decimal:
    """``value`` as an exact Decimal snapped half-up to a millionth, as
    :func:`ratecalc.report.summary` carries fractions: a computed fraction or average without
    its binary noise, before it is rounded for display (:func:`percent_text`,
    :func:`ratecalc.mean_days.mean_days_text`).

    >>> snapped_millionths(0.1 + 0.2), snapped_millionths(29.54545454)
    (Decimal('0.300000'), Decimal('29.545455'))

    The value is read to :data:`SPREADSHEET_DIGITS` significant digits first, as the sheets'
    ``ROUND(x, 6)`` reads it in Excel and LibreOffice, then to the millionth: read to a
    millionth at once, a half-millionth computed a double low (0.0000495 as
    4.9499999999999996e-05) fell to 0.000049 and read 0.00% where the 0.0000495 it stands for
    reads 0.01%; read to ten decimals first, a quotient 4.5e-11 below a half-millionth ($164.38
    over $109.99, 1.49449949995...) rose to 1.494500, 149.5% where the sheets show 149.4%.

    >>> snapped_millionths(4.9499999999999996e-05), snapped_millionths(0.12344949999999999)
    (Decimal('0.000050'), Decimal('0.123450'))
    >>> snapped_millionths(164.38 / 109.99)
    Decimal('1.494499')
    """
    read = _SPREADSHEET_READ.plus(Decimal(repr(float(value))))
    return read.quantize(Decimal(1).scaleb(-FRACTION_PLACES), ROUND_HALF_UP, WIDE)


def typed_decimal(value: float) -> Fraction:
    """A float as the decimal it prints as, exactly: 26.13, not the binary
    26.129999999999999005. Every decision whether a figure reaches a line (a floor, a share, a
    percent of Medicare) is taken on these, so that a figure exactly at the line, as typed in
    whole cents and whole percents, is on the line: in binary 90.00 x 1.10 is
    99.00000000000001, above an offer of 99.00, and 4.02 / 13.40 is 0.29999999999999993,
    under 30%.

    >>> typed_decimal(90.0) * (1 + typed_decimal(0.1)) == typed_decimal(99.0)
    True
    """
    return Fraction(repr(float(value)))


#: How close [relative] a float figure must come to a line computed in floats before
#: :func:`side_of_line` weighs the two as the decimals they stand for: binary noise is some
#: 1e-16 of a figure, and a figure a cent from a line of $1,000,000 is 1e-8 from it.
NEAR_LINE = 1e-9


def side_of_line(amount: float, line: float, exact_line: Callable[[], Fraction]) -> int:
    """Whether ``amount`` is below (-1), on (0) or above (1) a line: ``line`` as computed in
    floats, ``exact_line()`` the same in the decimals typed (called only where the two are too
    close for floats to tell, so a table of thousands of figures is weighed at float speed).
    ``amount`` is read as every output reads it (:func:`exact_amount`).

    >>> side_of_line(106.68, 101.60 * 1.05, lambda: typed_decimal(101.60) * Fraction(105, 100))
    0
    >>> side_of_line(106.69, 101.60 * 1.05, lambda: typed_decimal(101.60) * Fraction(105, 100))
    1
    """
    if abs(amount - line) > NEAR_LINE * max(abs(amount), abs(line)):
        return 1 if amount > line else -1
    difference = typed_decimal(exact_amount(amount)) - exact_line()
    return (difference > 0) - (difference < 0)


def percent_beside_line(share: float, line: float, places: int = PERCENT_PLACES) -> str:
    """``share`` [fraction] as :func:`percent_text` writes it to ``places`` decimals, with as many
    more (up to four in all) as it takes not to read as the ``line`` it is weighed against when
    it is not it: a rate at 29.97% of Medicare read "30.0% of Medicare, outside the plausible
    30%-400%".

    >>> percent_beside_line(0.2997, 0.3), percent_beside_line(0.25, 0.3)
    ('29.97%', '25.0%')
    >>> percent_beside_line(0.799, 0.8, 0)
    '79.9%'
    """
    text = percent_text(share, places)
    for shown in range(places, max(places, 4) + 1):
        text = percent_text(share, shown)
        if share == line or text != percent_text(line, shown):
            break
    return text
