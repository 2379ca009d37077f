"""Whether a clinic metric's period is recent enough to stand as the clinic's results.

A letter says "Our results for <period>": a remittance import of 835s from 2020 wrote a
period of December 18, 2020 to January 1, 2021, which a 2026 letter presented beside 2025's
figures as current, with no warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from ratecalc.dates import period_end
from ratecalc.schema import choice_label

#: A metric whose period ended more than this many months before the analysis date is not the
#: clinic's current results: a calendar year's figures stand until the middle of the year
#: after next (2025's until 2027-06-30), time to count the year after them.
STALE_METRIC_MONTHS = 18


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months, its day of the month kept where the month
    has it, else that month's last day.

    >>> months_before(date(2026, 12, 6), 18), months_before(date(2027, 8, 31), 18)
    (datetime.date(2025, 6, 6), datetime.date(2026, 2, 28))
    """
    return (pd.Timestamp(day) - pd.DateOffset(months=months)).date()


def stale_metrics_warning(metrics: pd.DataFrame, as_of: date,
                          names: Iterable[str] | None = None) -> str | None:
    """One warning naming each metric (of ``names``, default all) with a figure whose period
    ended more than :data:`STALE_METRIC_MONTHS` months before ``as_of``, the analysis date,
    with its period; None when none did. A Period whose last day is not known
    (:func:`ratecalc.dates.period_end`: ``FY2025``) is not judged.

    >>> rows = pd.DataFrame({"metric": ["denial_rate", "nps"], "value": [0.1, 70],
    ...                      "period": ["2020-12-18 to 2021-01-01", "2025"]})
    >>> said = stale_metrics_warning(rows, date(2026, 12, 6))
    >>> said.split("; ")[0]
    'Clinic Metrics: Denial rate is for 2020-12-18 to 2021-01-01, which ended more than 18 \
months before the analysis date 2026-12-06'
    """
    if metrics.empty or not {"metric", "period"} <= set(metrics.columns):
        return None
    wanted = None if names is None else set(names)
    limit = months_before(as_of, STALE_METRIC_MONTHS)
    old = []
    for r in metrics.to_dict(orient="records"):
        name, period = r.get("metric"), r.get("period")
        if not isinstance(name, str) or not isinstance(period, str) \
                or (wanted is not None and name not in wanted) or pd.isna(r.get("value")):
            continue
        end = period_end(period)
        if end is not None and end < limit:
            old.append(f"{choice_label(name)} is for {period.strip()}")
    if not old:
        return None
    them = "them" if len(old) > 1 else "it"
    rows = "their rows" if len(old) > 1 else "its row"
    return (f"Clinic Metrics: {'; '.join(old)}, which ended more than {STALE_METRIC_MONTHS} "
            f"months before the analysis date {as_of.isoformat()}; the letter presents "
            f"{them} as our results: update {rows} (value and Period) or delete {them}")
