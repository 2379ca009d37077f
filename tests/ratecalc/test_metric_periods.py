"""A clinic metric's period long over before the analysis date is warned about (walk-fixes-6:
a 2026 letter said "Our results for 2025 and December 18, 2020 to January 1, 2021")."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ratecalc.dates import period_end
from ratecalc.metric_periods import STALE_METRIC_MONTHS, months_before, stale_metrics_warning

AS_OF = date(2026, 12, 6)


@pytest.mark.parametrize(("period", "end"), [
    ("2025", date(2025, 12, 31)),
    ("2026-11-02", date(2026, 11, 2)),
    ("2020-12-18 to 2021-01-01", date(2021, 1, 1)),
    (" 2024 ", date(2024, 12, 31)),
    ("FY2025", None), ("Q3 2025", None), ("2025-02-30", None), ("", None),
])
def test_period_end(period: str, end: date | None) -> None:
    assert period_end(period) == end


@pytest.mark.parametrize(("day", "months", "before"), [
    (date(2026, 12, 6), 18, date(2025, 6, 6)),
    (date(2027, 8, 31), 18, date(2026, 2, 28)),
    (date(2028, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 1, 15), 1, date(2025, 12, 15)),
])
def test_months_before(day: date, months: int, before: date) -> None:
    assert months_before(day, months) == before


def _rows(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"metric": [m for m, _ in pairs], "value": [0.1] * len(pairs),
                         "period": [p for _, p in pairs]})


def test_a_six_year_old_remittance_period_is_warned_about() -> None:
    said = stale_metrics_warning(_rows(("clean_claim_rate", "2025"),
                                       ("denial_rate", "2020-12-18 to 2021-01-01")), AS_OF)
    assert said == (
        "Clinic Metrics: Denial rate is for 2020-12-18 to 2021-01-01, which ended more than "
        f"{STALE_METRIC_MONTHS} months before the analysis date 2026-12-06; the letter presents "
        "it as our results: update its row (value and Period) or delete it")


def test_the_threshold_is_18_months_to_the_day() -> None:
    # 2025-06-06 is 18 months before 2026-12-06: a period ending that day is not over it
    assert STALE_METRIC_MONTHS == 18
    assert stale_metrics_warning(_rows(("nps", "2025-01-01 to 2025-06-06")), AS_OF) is None
    assert stale_metrics_warning(_rows(("nps", "2025-01-01 to 2025-06-05")), AS_OF) is not None
    # last year's figures stand; a year before that's, in December, do not
    assert stale_metrics_warning(_rows(("nps", "2025")), AS_OF) is None
    assert "NPS is for 2024" in str(stale_metrics_warning(_rows(("nps", "2024")), AS_OF))


def test_only_the_metrics_asked_and_known_periods_are_judged() -> None:
    rows = _rows(("cost_per_visit", "2019"), ("denial_rate", "FY2019"), ("nps", "2019"))
    said = stale_metrics_warning(rows, AS_OF, ["denial_rate", "nps"])
    assert said is not None and said.startswith("Clinic Metrics: NPS is for 2019, which ")
    both = stale_metrics_warning(rows, AS_OF)
    assert both is not None and "Cost per visit is for 2019; NPS is for 2019" in both
    assert "update their rows (value and Period) or delete them" in both
    assert stale_metrics_warning(rows.assign(value=None), AS_OF) is None
    assert stale_metrics_warning(pd.DataFrame(), AS_OF) is None
