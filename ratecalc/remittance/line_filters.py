"""Which service lines count: in the summaries (:func:`counted_lines`) and as evidence of a
payer's rate (:func:`rate_lines`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ratecalc.remittance import values


def counted_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Service lines that count in summaries: a code, from a claim submitted for payment
    (:data:`values.STATUS_SUBMITTED`, as :func:`summarize_payers` counts claims), and not a
    reversal or a reversed claim."""
    keep = ((lines["code"] != "") & ~lines["reversal"] & ~lines["reversed"]
            & lines["claim_status"].isin(values.STATUS_SUBMITTED))
    return lines.loc[keep]


def rate_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines whose allowed amount per unit shows the payer's own rate.

    Counted lines that were not denied, with units and an allowed amount above zero and a readable
    charge and payment (a malformed SVC is not evidence of a rate), from claims the payer
    processed as primary, or any claim when the payer reported the allowed amount
    (AMT*B6). Without AMT*B6, a secondary claim's allowed amount would be the prior payer's
    adjudication (OA-23), not this payer's rate.
    """
    counted = counted_lines(lines)
    has_units = _above_zero(counted["units"])
    has_allowed = _above_zero(counted["allowed"])
    readable = (counted["charge"].notna() & counted["paid"].notna()).astype(bool)
    own_rate = counted["claim_status"].isin(values.STATUS_PRIMARY) | (
        counted["allowed_source"] == "AMT*B6"
    )
    return counted.loc[has_units & has_allowed & readable & own_rate & ~counted["denied"]]


def _above_zero(amounts: pd.Series) -> np.ndarray:
    """Whether each of ``amounts`` is there and above zero [bool array]: each distinct amount
    compared once (an import has many lines, few amounts)."""
    codes, distinct = pd.factorize(amounts.to_numpy(dtype=object), use_na_sentinel=False)
    return np.array([a is not None and a > 0 for a in distinct], dtype=bool)[codes]
