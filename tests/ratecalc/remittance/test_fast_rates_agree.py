"""The rates paid and the code summary, worked over whole columns, agree with the plain loops
over the lines they replaced (:mod:`.reference_rates`) on every figure, type and order.

The line tables are drawn small and crowded: few payers, codes, days, claims and amounts, so
that days tie between rates, one claim makes a period, an amount repeats in other digits
(``60``, ``60.00``) and missing amounts, dates and odd adjustment texts come up.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.remittance.line_filters import rate_lines
from ratecalc.remittance.paid_rates import evidence_lines, paid_rates, rate_in_force
from ratecalc.remittance.summary import days_to_payment, summarize_codes

from . import reference_rates

_AMOUNTS = [None, "0", "0.00", "25.22", "50.44", "30.00", "60", "60.00", "75.66", "12.345",
            "100.00", "1E+2"]
_UNITS = [None, "0", "1", "2", "3", "1.5", "2.00"]
_ADJUSTMENTS = ["", "CO-45 10.00", "CO-45 10.00; PR-2 5.00", "PR-1 1.00; CO-253 0.50",
                "OA-23 4.00", "CO-45 1.00; OA-23 4.00", "CO-59 3.00", "CO-45", "; CO-45 1.00",
                " CO-45 1.00", "PR-3 2.00; CO-97 1.00"]
_CLAIM_ADJUSTMENTS = ["", "PR-1 5.00", "CO-253 1.00", "CO-45 2.00", "PR-2 1.00; OA-23 1.00"]


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


_ANY_LINE = st.fixed_dictionaries({
    "payer": st.sampled_from(["ACME", "acme", "Beacon", "COBALT"]),
    "code": st.sampled_from(["97110", "97140", ""]),
    "modifier": st.sampled_from(["", "CQ"]),
    "units": st.sampled_from(_UNITS).map(_decimal),
    "allowed": st.sampled_from(_AMOUNTS).map(_decimal),
    "paid": st.sampled_from(_AMOUNTS).map(_decimal),
    "charge": st.sampled_from([None, "100.00", "60", "50.44", "200"]).map(_decimal),
    "denied": st.booleans(),
    "service_date": st.one_of(st.none(), st.integers(0, 12)),
    "hour": st.sampled_from([0, 0, 0, 9]),
    "reversal": st.sampled_from([False, False, False, True]),
    "reversed": st.sampled_from([False, False, False, True]),
    "claim_status": st.sampled_from(["1", "1", "2", "19", "4", "22", "25"]),
    "allowed_source": st.sampled_from(["AMT*B6", "adjustments", ""]),
    "adjustments": st.sampled_from(_ADJUSTMENTS),
    "claim_adjustments": st.sampled_from(_CLAIM_ADJUSTMENTS),
    "claim_index": st.integers(1, 5),
})
#: A line that shows its payer's rate (evidence), at one of three rates (25.22, 28.10, 30.00 a
#: unit, written several ways), on few days and claims: days tie, rates change and come back,
#: and a period of one claim is common.
_RATE_LINE = st.fixed_dictionaries({
    "payer": st.sampled_from(["ACME", "ACME", "Beacon"]),
    "code": st.just("97110"),
    "modifier": st.sampled_from(["", "", "CQ"]),
    "amount": st.sampled_from([("25.22", "1"), ("50.44", "2"), ("75.66", "3"), ("28.10", "1"),
                               ("30.00", "1"), ("60", "2"), ("60.00", "2")]),
    "paid": st.just(Decimal("20.00")),
    "charge": st.just(Decimal("200")),
    "denied": st.just(False),
    "service_date": st.integers(0, 15),
    "hour": st.just(0),
    "reversal": st.just(False),
    "reversed": st.just(False),
    "claim_status": st.just("1"),
    "allowed_source": st.sampled_from(["AMT*B6", "adjustments"]),
    "adjustments": st.sampled_from(["CO-45 10.00", "CO-45 10.00; PR-2 5.00"]),
    "claim_adjustments": st.just(""),
    "claim_index": st.integers(1, 6),
}).map(lambda line: {**line, "allowed": Decimal(line["amount"][0]),
                     "units": Decimal(line["amount"][1])})
_LINE = st.one_of(_RATE_LINE, _RATE_LINE, _RATE_LINE, _ANY_LINE)


@st.composite
def line_tables(draw: st.DrawFn) -> pd.DataFrame:
    """A line table with the columns and types the 835 import gives."""
    # a size drawn first: a plain list strategy keeps most tables to a few lines
    size = draw(st.integers(0, 60))
    rows = draw(st.lists(_LINE, min_size=size, max_size=size))
    start = np.datetime64("2026-03-02T00:00:00", "s")
    frame = pd.DataFrame({
        name: pd.array([row[name] for row in rows], dtype="str")
        for name in ("payer", "code", "modifier", "claim_status", "allowed_source",
                     "adjustments", "claim_adjustments")
    })
    for name in ("units", "allowed", "paid", "charge"):
        frame[name] = pd.Series([row[name] for row in rows], dtype=object)
    for name in ("denied", "reversal", "reversed"):
        frame[name] = np.array([row[name] for row in rows], dtype=bool)
    frame["claim_index"] = np.array([row["claim_index"] for row in rows], dtype=np.int64)
    frame["service_date"] = np.array(
        [np.datetime64("NaT", "s") if row["service_date"] is None
         else start + np.timedelta64(row["service_date"] * 86_400 + row["hour"] * 3_600, "s")
         for row in rows], dtype="datetime64[s]")
    # rows of a real table are not numbered from 0 once filtered
    frame.index = pd.RangeIndex(3, 3 + 2 * len(frame), 2)
    return frame


def _exactly(frame: pd.DataFrame) -> str:
    """Every column's type, every value as Python writes it (a Decimal's digits, a date's
    unit) and the index: equal texts are equal frames to the last digit."""
    return repr((list(frame.dtypes.items()), frame.to_dict("list"), list(frame.index)))


@settings(max_examples=150)
@given(line_tables())
def test_rates_paid_and_code_summary_agree_with_the_line_by_line_rules(
        lines: pd.DataFrame) -> None:
    assert _exactly(rate_lines(lines)) == _exactly(reference_rates.rate_lines(lines))
    assert _exactly(evidence_lines(lines)) == _exactly(reference_rates.evidence_lines(lines))
    assert _exactly(paid_rates(lines)) == _exactly(reference_rates.paid_rates(lines))
    assert _exactly(summarize_codes(lines)) == _exactly(reference_rates.summarize_codes(lines))
    rates = paid_rates(lines)
    assert repr(rate_in_force(rates, lines)) == repr(reference_rates.rate_in_force(rates, lines))


@settings(max_examples=100)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-5, 400)), st.booleans()),
                max_size=30))
def test_days_to_payment_agree_with_the_claim_by_claim_rule(
        claims: list[tuple[int | None, bool]]) -> None:
    counted = pd.DataFrame({
        "days_to_payment": pd.array([days for days, _ in claims], dtype="Int64"),
        "stands": np.array([stands for _, stands in claims], dtype=bool),
    })
    assert days_to_payment(counted) == reference_rates.days_to_payment(counted)
