"""What the figures in each column of a result table are, so every output shows them one way.

Each table a command prints for people declares, next to where its columns are defined, a
mapping of column name to :class:`Unit` (``CODE_SUMMARY_UNITS`` beside the remittance summary,
``STAT_UNITS`` beside the market-rate statistics...). The command line writes a column only
through its unit: money as ``$1,234.56`` rounded half-up to cents, a fraction as the workbook's
percentage, a count with thousands separators. A column without a declared unit is refused,
so a new column cannot reach a person as ``87.34999999``. Beside each units mapping a headers
mapping (``CODE_SUMMARY_HEADERS``, ``STAT_HEADERS``...) heads each column in words a billing
manager reads, the workbook's where it shows the same column ("Non-facility", "% of Medicare
revenue"); a column without one is refused as well, so none reaches a person as its code name.
``--json`` and CSV files keep the column names.

This module says what a figure *is*; how it is written belongs to the adapter that writes it
(``ratecalc_cli.output`` for the command line).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping


class Unit(enum.Enum):
    """The kind of figure a column holds.

    Members
    -------
    TEXT
        Words, codes, names, identifiers, yes/no; never a measured number.
    DATE
        A calendar date.
    COUNT
        A whole number of things: claims, lines, prices, providers, days to a deadline.
    NUMBER
        A quantity that is not money and may have a fraction: units of service, RVUs
        [shown to at most two decimals].
    DAYS
        An average count of days: mean or median days to payment [shown to one decimal,
        :func:`ratecalc.mean_days.mean_days_text`].
    MONEY
        Dollars [USD], rounded half-up to cents once, where shown.
    MONEY_CHANGE
        A difference or change in dollars [USD], shown with its sign (``+$12.00``).
    PERCENT
        A fraction [1.0 = 100%] shown as the workbook's ``0.0%``: percent of Medicare, shares,
        denial and clean-claim rates.
    PERCENT_2
        A fraction shown as the workbook's ``0.00%``: a yearly change the product projects, such
        as a conversion-factor change.
    PERCENT_STATED
        A percentage someone stated (a contract's escalator or percent of Medicare, a margin),
        with every decimal it was stated with, as words quote it, and hundredths at the least,
        as the workbook's ``pct_stated`` (:func:`ratecalc.money.stated_percent_text`: a 2.755%
        escalator read 2.76% to hundredths beside words saying 2.755%).
    FACTOR
        A multiplier or index shown to four decimals, as CMS states a conversion factor.
    AMOUNT
        A number whose unit another column of the row names (USD per day, percent of billed
        charges) [two decimals].
    """

    TEXT = "text"
    DATE = "date"
    COUNT = "count"
    NUMBER = "number"
    DAYS = "days"
    MONEY = "money"
    MONEY_CHANGE = "money_change"
    PERCENT = "percent"
    PERCENT_2 = "percent_2"
    PERCENT_STATED = "percent_stated"
    FACTOR = "factor"
    AMOUNT = "amount"


def columns_of(units: dict[str, Unit], *kinds: Unit) -> tuple[str, ...]:
    """The columns of ``units`` whose unit is one of ``kinds``, in order.

    >>> columns_of({"code": Unit.TEXT, "min": Unit.MONEY, "n": Unit.COUNT}, Unit.MONEY)
    ('min',)
    """
    return tuple(name for name, unit in units.items() if unit in kinds)


class ColumnUnitError(TypeError):
    """A table for people has a column without a declared unit or header, or a value its unit
    cannot show: a defect in RateCalc, never a figure rounded by a guess at what its column's
    name means (``rate_escalator`` was rounded to cents as money: 2.5% read 3%)."""


def declared_units(columns: Iterable[object], units: Mapping[str, Unit], table: str
                   ) -> dict[str, Unit]:
    """Each of ``columns`` with its unit from ``units``; a column without one is refused.

    >>> declared_units(["code", "min"], {"code": Unit.TEXT, "min": Unit.MONEY}, "stats")
    {'code': <Unit.TEXT: 'text'>, 'min': <Unit.MONEY: 'money'>}
    >>> try:
    ...     declared_units(["code", "max"], {"code": Unit.TEXT}, "stats")
    ... except ColumnUnitError as exc:
    ...     print(str(exc).split(";")[0])
    table 'stats': columns without a unit: max
    """
    undeclared = [str(c) for c in columns if c not in units]
    if undeclared:
        raise ColumnUnitError(f"table {table!r}: columns without a unit: "
                              f"{', '.join(undeclared)}; declare each beside the table's "
                              "columns (ratecalc.column_units.Unit)")
    return {str(c): units[str(c)] for c in columns}
