"""Hypothesis strategies shared by the tests (numpy-financial keeps its strategies this way)."""

from __future__ import annotations

from hypothesis import strategies as st

CODES = ["97110", "97112", "97140", "97530", "97161", "92507", "G0283"]

# Rates in whole cents, as payers publish them.
rates = st.integers(min_value=100, max_value=50_000).map(lambda c: c / 100)
units = st.integers(min_value=0, max_value=20_000)
fractions = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
