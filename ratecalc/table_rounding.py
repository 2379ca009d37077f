"""How a table a script reads is rounded: each column by its declared unit.

The one rule of every CSV file RateCalc writes and of the ``--json`` tables: money half-up to
cents (a CSV writes it as text to the cent), fractions read to a millionth (as every output
reads a percentage before it rounds it once to the decimals it shows), a stated percentage
with every decimal stated, counts whole, mean days to a tenth. The units are declared beside
the code that builds each table (:mod:`ratecalc.column_units`); a column without one is
refused.

Apart from :mod:`ratecalc.report`, which writes the analysis' tables, so that a command writing
another table (``import remittances``, ``import market-rates``) does not load the analysis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from ratecalc.column_units import ColumnUnitError, Unit, declared_units
from ratecalc.mean_days import MEAN_DAYS_PLACES
from ratecalc.money import (
    CENT,
    FRACTION_PLACES,
    NOISE_PLACES,
    percent_fractions,
    round_cents,
    round_places,
    stated_fraction,
    to_decimal_cents,
)

#: Decimals a fraction (a percent of Medicare, a share) is written with: the millionth every
#: output reads it to, so that the sheets' and the letter's percent is this figure rounded
#: half-up once. To four places it was rounded twice: 1.015483, 101.5% on the Proposal sheet,
#: was written 1.0155, which reads 101.6%.
CSV_FRACTION_PLACES = FRACTION_PLACES
#: Decimals of a number that may have a fraction (units a year): as typed, float noise dropped.
NUMBER_PLACES = NOISE_PLACES
#: Decimals of a factor, as CMS states a conversion factor; of an amount in another column's
#: unit, as money.
FACTOR_PLACES = 4
AMOUNT_PLACES = 2


def _whole_where_whole(values: pd.Series, name: str, *, counts: bool) -> pd.Series:
    """Whole numbers where every value is whole, blank where there is none (a contract that
    ended has no notice deadline): never "30.0" because a blank elsewhere made the column
    float. A number (a volume may be 132.5 units) keeps its fraction where it has one; a count
    never has one."""
    if not pd.api.types.is_float_dtype(values):
        return values
    numbers = pd.Series(round_places(values.to_numpy(dtype=float), NUMBER_PLACES),
                        index=values.index)
    whole = (numbers % 1 == 0).to_numpy()
    known = numbers.notna().to_numpy()
    if bool(whole[known].all()):
        return numbers.astype("Int64")
    if counts:
        raise ColumnUnitError(f"column {name!r} (count): a count with a fraction, "
                              f"{numbers[known & ~whole].iloc[0]!r}")
    # each as typed: 132.5 beside 2940, not 2940.0
    typed = [int(v) if w else v for v, w in zip(numbers, whole, strict=True)]
    return pd.Series(typed, index=values.index, dtype=object)


def _stated_series(values: pd.Series) -> pd.Series:
    """A stated percentage [fraction] with every decimal it was stated with
    (:func:`ratecalc.money.stated_fraction`): a 2.5% escalator is 0.025, a 2.755% one 0.02755."""
    return pd.Series([v if pd.isna(v) else float(stated_fraction(v)) for v in values],
                     index=values.index, dtype=float)


def _places(places: int) -> Callable[[pd.Series, str], pd.Series]:
    return lambda values, _name: pd.Series(
        round_places(values.to_numpy(dtype=float), places), index=values.index)


def _percent(values: pd.Series, _name: str) -> pd.Series:
    """A computed fraction to :data:`CSV_FRACTION_PLACES`, read as every output reads a percentage
    (:func:`ratecalc.money.shown_percent`: to a millionth). Read to eight decimals and then
    to four, 0.12344951 was 0.1234 beside the sheets' and analyze's 12.35% of the same figure
    (0.123450 to a millionth); read to a millionth and then to four, 1.015483 (101.5%) was
    1.0155 (101.6%)."""
    return pd.Series(percent_fractions(values.to_numpy(dtype=float), CSV_FRACTION_PLACES),
                     index=values.index, dtype=float)


def _money(values: pd.Series, _name: str) -> pd.Series:
    return pd.Series(round_cents(values.to_numpy(dtype=float)), index=values.index)


#: How a CSV file writes a figure of each unit: the one place a table's column is rounded, by
#: the unit declared beside the code that builds it, never by a guess from its name.
CSV_ROUNDING: dict[Unit, Callable[[pd.Series, str], pd.Series]] = {
    Unit.MONEY: _money,
    Unit.MONEY_CHANGE: _money,
    Unit.PERCENT: _percent,
    Unit.PERCENT_2: _percent,
    Unit.PERCENT_STATED: lambda values, _name: _stated_series(values),
    Unit.COUNT: lambda values, name: _whole_where_whole(values, name, counts=True),
    Unit.NUMBER: lambda values, name: _whole_where_whole(values, name, counts=False),
    Unit.DAYS: _places(MEAN_DAYS_PLACES),
    Unit.FACTOR: _places(FACTOR_PLACES),
    Unit.AMOUNT: _places(AMOUNT_PLACES),
}


def presentable(frame: pd.DataFrame, units: Mapping[str, Unit], table: str = "table"
                ) -> pd.DataFrame:
    """A copy of ``frame`` with each numeric column rounded as its declared unit says: money
    half-up to cents, fractions read to a millionth (:data:`CSV_FRACTION_PLACES`,
    :func:`ratecalc.money.shown_percent`), a stated percentage with every decimal stated,
    counts (days, ranks) whole and numbers (units) whole where they are.

    Parameters
    ----------
    frame : pandas.DataFrame
        A result table, unrounded: floats, or exact Decimals (the 835 tables' money and
        units), a money Decimal rounded to cents exactly before it becomes a float.
    units : mapping of str to Unit
        Each column's unit (:data:`TABLE_UNITS`); a column without one is refused
        (:class:`ratecalc.column_units.ColumnUnitError`).
    table : str
        The table's name, for that error.
    """
    declared = declared_units(frame.columns, units, table)
    out = frame.copy()
    for column, unit in declared.items():
        rounding = CSV_ROUNDING.get(unit)
        if rounding is not None and _holds_decimals(out[column]):
            out[column] = _decimal_floats(out[column], unit)
        if rounding is None or not pd.api.types.is_numeric_dtype(out[column]) \
                or pd.api.types.is_bool_dtype(out[column]):
            continue
        if pd.api.types.is_integer_dtype(out[column]) and unit in (Unit.COUNT, Unit.NUMBER):
            continue
        out[column] = rounding(out[column], column)
    return out


def csv_table(frame: pd.DataFrame, units: Mapping[str, Unit], table: str = "table"
              ) -> pd.DataFrame:
    """``frame`` as every CSV file RateCalc writes it: :func:`presentable`, with money (and a
    change in money) as text to the cent, ``27.20``, ``865.00``, ``-1.27`` (blank where there is
    none), and dates ISO, ``2026-11-02``.

    A float rounded to cents still wrote ``27.2`` and ``0``, never "to the cent" for a reader
    of the file; the text is the amount :func:`presentable` rounds, half-up to cents.

    >>> csv_table(pd.DataFrame({"paid": [27.2, 0.0, -1.275, None]}), {"paid": Unit.MONEY}
    ...           )["paid"].tolist()
    ['27.20', '0.00', '-1.28', '']
    """
    declared = declared_units(frame.columns, units, table)
    # money is written from the exact figures below: not rounded twice (a large 835 import
    # has eight money columns a line)
    out = presentable(frame, {c: Unit.TEXT if u in (Unit.MONEY, Unit.MONEY_CHANGE) else u
                              for c, u in declared.items()}, table)
    for column, unit in declared.items():
        if unit in (Unit.MONEY, Unit.MONEY_CHANGE):
            out[column] = pd.Series([_cents_text(v) for v in frame[column]], index=out.index,
                                    dtype=object)
        elif unit in (Unit.PERCENT, Unit.PERCENT_2) and pd.api.types.is_float_dtype(out[column]):
            # in plain decimals: a millionth as a float was written 1e-06
            out[column] = pd.Series([_fraction_text(v) for v in out[column]], index=out.index,
                                    dtype=object)
        elif unit is Unit.DATE and pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
    return out


def _cents_text(amount: Any) -> str:
    """An amount [USD] half-up to cents as plain text (``-0.00`` is ``0.00``); blank for none."""
    if amount is None or (not isinstance(amount, Decimal) and pd.isna(amount)):
        return ""
    # a Decimal as to_decimal_cents rounds it, without its trip through text (an 835 line
    # file writes eight amounts a line)
    cents = (amount.quantize(CENT, ROUND_HALF_UP) if isinstance(amount, Decimal)
             else to_decimal_cents(float(amount)))
    return str(cents if cents else cents.copy_abs())


def _fraction_text(value: float) -> str:
    """A fraction :func:`presentable` read to a millionth, as plain decimal text without
    trailing zeros (``0.15``, ``1.015483``, ``0.000001``); blank for none, ``inf`` kept."""
    if pd.isna(value):
        return ""
    if not math.isfinite(value):
        return repr(value)
    text = f"{Decimal(repr(value)).normalize():f}"
    return "0" if text == "-0" else text


def _holds_decimals(values: pd.Series) -> bool:
    return values.dtype == object and any(isinstance(v, Decimal) for v in values)


def _decimal_floats(values: pd.Series, unit: Unit) -> pd.Series:
    """Exact figures as the floats the rounding takes (missing: NaN), money to cents first,
    exactly, so that no float reads a half cent the Decimal did not have."""
    money = unit in (Unit.MONEY, Unit.MONEY_CHANGE)
    return pd.Series([float("nan") if v is None or (not isinstance(v, Decimal) and pd.isna(v))
                      else float(to_decimal_cents(v) if money else v) for v in values],
                     index=values.index, dtype=float)
