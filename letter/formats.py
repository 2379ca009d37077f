"""How figures and dates are written in a letter: dollars, percents, units, long dates.

Money is rounded once, here, half-up to cents (:func:`ratecalc.money.money_text`), so every
figure a payer reads equals the core's figure rounded the way CMS rounds.
"""

from __future__ import annotations

import math
from datetime import date

from ratecalc.money import money_text, pct_of_medicare_text, shown_percent, units_text

# the letter's lists say them as every message does (fmt.join_words)
from ratecalc.words import join_words as join_words

DASH = "\u2014"  # shown where a figure is not known (no benchmark, no Medicare amount)


def is_missing(value: object) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(amount: float | None, *, signed: bool = False) -> str:
    """Dollars rounded half-up to cents: ``$1,234.56``; ``+$12.00`` when ``signed``.

    Parameters
    ----------
    amount : float or None
        [USD]. None or NaN gives an em dash.
    signed : bool
        Prefix ``+`` on positive amounts (changes, impacts).

    Examples
    --------
    >>> money(26.825), money(-3.5), money(12, signed=True), money(float("nan"))
    ('$26.83', '-$3.50', '+$12.00', '\u2014')
    """
    if is_missing(amount):
        return DASH
    return money_text(float(amount), signed=signed)  # type: ignore[arg-type]


def percent(fraction: float | None, places: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percent, rounded half-up: 0.14995 -> ``15.0%``.

    Parameters
    ----------
    fraction : float or None
        [fraction, 1.0 = 100%]. None or NaN gives an em dash.
    places : int
        Decimals shown.
    signed : bool
        Prefix ``+`` on positive values.

    Examples
    --------
    >>> percent(0.14995), percent(1.18, 0), percent(0.05, signed=True), percent(-0.021)
    ('15.0%', '118%', '+5.0%', '-2.1%')
    """
    if is_missing(fraction):
        return DASH
    # read as every output reads a fraction (ratecalc.money.percent_text, to a millionth):
    # read here to a billionth of a percent, an increase of 0.9654999 was 96.5% in the letter
    # and 96.6% on the command line
    shown = shown_percent(float(fraction), places)  # type: ignore[arg-type]
    sign = "+" if signed and shown > 0 else ""
    return f"{sign}{shown}%"


def pct_of_medicare(fraction: float | None) -> str:
    """A rate's percent of Medicare as every output shows it (101.2%;
    :func:`ratecalc.money.pct_of_medicare_text`); an em dash when not known.

    >>> pct_of_medicare(1.01185), pct_of_medicare(float("nan"))
    ('101.2%', '—')
    """
    if is_missing(fraction):
        return DASH
    return pct_of_medicare_text(float(fraction))  # type: ignore[arg-type]


def units(count: float | None) -> str:
    """A unit count with thousands separators (fractions kept when a file had them).

    Examples
    --------
    >>> units(2940.0), units(12.5)
    ('2,940', '12.5')
    """
    if is_missing(count):
        return DASH
    # half-up as the decimals read, as every output shows units (ratecalc.money.units_text):
    # format(x, ",.2f") rounds the binary value to even, so 0.125 units read 0.12
    return units_text(float(count))  # type: ignore[arg-type]


def long_date(day: date) -> str:
    """``March 31, 2026`` (US letter style, no zero padding).

    Examples
    --------
    >>> long_date(date(2026, 3, 1))
    'March 1, 2026'
    """
    return f"{day:%B} {day.day}, {day.year}"


def period_words(period: str) -> str:
    """A metric's Period as a letter says it: the days a metric's Period states in ISO
    (:func:`ratecalc.dates.period_text`'s ``2026-11-02``, ``2026-11-02 to 2026-11-20``) in the
    letter's long dates, a range within one month or year without its repeats; any other
    Period (``2026``, ``FY2025``, typed by the user) as it is.

    Examples
    --------
    >>> period_words("2026-11-02"), period_words("2026-11-02 to 2026-11-20")
    ('November 2, 2026', 'November 2 to 20, 2026')
    >>> period_words("2026-10-05 to 2026-11-20"), period_words("2025-12-31 to 2026-11-20")
    ('October 5 to November 20, 2026', 'December 31, 2025 to November 20, 2026')
    >>> period_words("2026")
    '2026'
    """
    days: list[date] = []
    for part in period.split(" to "):
        try:
            days.append(date.fromisoformat(part))
        except ValueError:
            return period
    if len(days) > 2 or len(period) not in (10, 24):  # ISO days only, not 20261102
        return period
    if len(days) == 1:
        return long_date(days[0])
    first, last = days
    if first.year != last.year:
        return f"{long_date(first)} to {long_date(last)}"
    if first.month != last.month:
        return f"{first:%B} {first.day} to {long_date(last)}"
    return f"{first:%B} {first.day} to {last.day}, {last.year}"


def ordinal(number: float) -> str:
    """``50`` -> ``50th``, ``75`` -> ``75th``, ``21`` -> ``21st``.

    Examples
    --------
    >>> ordinal(50), ordinal(21), ordinal(12), ordinal(62.5)
    ('50th', '21st', '12th', '62.5th')
    """
    if not float(number).is_integer():
        return f"{number:g}th"
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


NO_BREAK_HYPHEN = "\u2011"


def phone(number: str) -> str:
    """A phone number that never breaks across lines: its spaces become no-break spaces and its
    hyphens U+2011, which the renderer writes as Word's non-breaking hyphen.

    Examples
    --------
    >>> phone("(205) 555-0100") == "(205)\u00a0555\u20110100"
    True
    """
    return number.replace(" ", "\u00a0").replace("-", NO_BREAK_HYPHEN)
