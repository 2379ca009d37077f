"""proposal.hold_unbilled: no raise asked on a code not billed to the payer in the period, and
never a dollar figure changed by it (the rows it holds have no units)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.proposal import (
    NOT_BILLED_NOTE,
    ProposalPolicy,
    apply_requested,
    build_proposal,
    hold_unbilled,
    proposal_summary,
    total_annual_impact,
)

cents = st.integers(100, 30_000).map(lambda c: c / 100)
units = st.one_of(st.just(0.0), st.just(float("nan")), st.integers(1, 2_000).map(float))
row = st.tuples(st.sampled_from(["A", "B", "C"]), cents, st.one_of(cents, st.just(np.nan)),
                units, st.booleans())


def _proposal(rows: list[tuple[str, float, float, float, bool]]) -> pd.DataFrame:
    comparison = pd.DataFrame({
        "payer": [r[0] for r in rows], "code": [f"97{i:03d}" for i in range(len(rows))],
        "allowed_amount": [r[1] for r in rows], "benchmark": [r[2] for r in rows],
        "units_per_year": [r[3] for r in rows], "medicare_amount": [30.0] * len(rows)})
    typed = {(r[0], f"97{i:03d}"): r[1] + 1.0 for i, r in enumerate(rows) if r[4]}
    return apply_requested(build_proposal(comparison, ProposalPolicy()), typed)


def test_hand_worked() -> None:
    """A's first code billed 100 units, its second none: $30.00 -> $34.50 on the first (the
    market's $40.00 capped at the 15% largest increase: 30.00 x 1.15), nothing asked on the
    second. B has no units on file at all: not judged, asked as before."""
    p = hold_unbilled(_proposal([("A", 30.00, 40.00, 100.0, False),
                                 ("A", 40.00, 50.00, 0.0, False),
                                 ("B", 30.00, 40.00, 0.0, False)]))
    assert p["requested_rate"].tolist() == [34.50, 40.00, 34.50]
    assert p["not_billed"].tolist() == [False, True, False]
    assert p["reason"].iloc[1] == NOT_BILLED_NOTE
    assert p["annual_impact"].round(2).tolist() == [450.0, 0.0, 0.0]


@given(st.lists(row, min_size=1, max_size=12))
def test_holding_unbilled_codes_changes_no_dollar_figure(
        rows: list[tuple[str, float, float, float, bool]]) -> None:
    before = _proposal(rows)
    after = hold_unbilled(before)
    assert total_annual_impact(after) == total_annual_impact(before)
    pd.testing.assert_frame_equal(proposal_summary(after), proposal_summary(before))
    held = after["not_billed"].to_numpy(dtype=bool)
    # a held row asks its current rate, a typed rate is never held, a billed row is untouched
    assert (after.loc[held, "requested_rate"] == after.loc[held, "current_rate"]).all()
    assert not (held & before["override_rate"].notna().to_numpy(dtype=bool)).any()
    billed = ~(before["units_per_year"].isna() | (before["units_per_year"] <= 0)).to_numpy()
    assert not (held & billed).any()
    pd.testing.assert_frame_equal(after.loc[~held, before.columns], before.loc[~held])


def test_blank_units_are_not_billed_as_zero_units_are() -> None:
    """Units a year blank (NaN: no Volumes row) hold the code as 0 units do; a payer whose
    only units are blank or 0 is not judged. By hand: A billed 97000 (50 units); its 97001
    (blank) and 97002 (0) ask nothing; C's two codes (blank, 0) are asked as before."""
    p = hold_unbilled(_proposal([("A", 30.00, 40.00, 50.0, False),
                                 ("A", 30.00, 40.00, float("nan"), False),
                                 ("A", 30.00, 40.00, 0.0, False),
                                 ("C", 30.00, 40.00, float("nan"), False),
                                 ("C", 30.00, 40.00, 0.0, False)]))
    assert p["not_billed"].tolist() == [False, True, True, False, False]
    assert p["requested_rate"].tolist() == [34.50, 30.00, 30.00, 34.50, 34.50]


@given(st.lists(row, min_size=1, max_size=12))
def test_every_unbilled_untyped_code_of_a_billed_payer_is_held(
        rows: list[tuple[str, float, float, float, bool]]) -> None:
    """The property above holds of a rule that holds nothing: here each row is held exactly
    when, read from the rows themselves, its payer billed some code, it has no units (0 or
    blank) and no rate was typed for it."""
    held = hold_unbilled(_proposal(rows))["not_billed"].tolist()
    billing = {r[0] for r in rows if r[3] > 0}
    expected = [r[0] in billing and not r[3] > 0 and not r[4] for r in rows]
    assert held == expected


def test_a_blank_units_cell_is_not_billed() -> None:
    """Units a year left blank on a payer that was billed other codes are "not billed", as 0
    is: A's second code asks nothing (test-review-8: a rule that held only 0 units passed the
    tests)."""
    p = hold_unbilled(_proposal([("A", 30.00, 40.00, 100.0, False),
                                 ("A", 40.00, 50.00, float("nan"), False)]))
    assert p["not_billed"].tolist() == [False, True]
    assert p["requested_rate"].tolist() == [34.50, 40.00]
    assert p["reason"].iloc[1] == NOT_BILLED_NOTE
