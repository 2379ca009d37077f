"""How an average count of days is shown: mean and median days to payment, days in accounts
receivable. One decimal in every output (the command line's tables, the Clinic sheet, the
letter), so one figure never reads "8" in one run and "29.5" in the next; the tables' cells keep
the number itself, and the CSV files and ``--json`` give it as a number to one decimal
(:data:`ratecalc.table_rounding.CSV_ROUNDING`)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ratecalc.money import snapped_millionths

#: Decimals an average count of days is shown with.
MEAN_DAYS_PLACES = 1


def mean_days_text(days: float) -> str:
    """``days`` to :data:`MEAN_DAYS_PLACES` decimals, half-up, with thousands separators.

    Parameters
    ----------
    days : float
        [days]

    Examples
    --------
    >>> mean_days_text(8), mean_days_text(29.5), mean_days_text(29.54545), mean_days_text(1234.25)
    ('8.0', '29.5', '29.5', '1,234.3')
    """
    exact = snapped_millionths(days)  # as percentages are (ratecalc.money.percent_text)
    return f"{exact.quantize(Decimal(1).scaleb(-MEAN_DAYS_PLACES), ROUND_HALF_UP):,}"
