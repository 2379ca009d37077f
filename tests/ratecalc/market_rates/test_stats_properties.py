"""Property tests of the market-rates statistics (slow: hypothesis over many frames and files).

Kept out of scripts/mutation_score.py's market_rates_stats run, where each surviving mutant would
pay for all of them: the example tests in test_stats.py, test_repeated_prices.py and
test_stats_rules.py pin the same rules (percentiles worked by hand over repeated prices, row order
and values from unordered input, min <= percentiles <= max in every worked example).
"""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.market_rates import extract_market_rates, market_rate_stats

from .test_repeated_prices import hand_prices, type7
from .test_stats import hand_document

price_rows = st.lists(
    st.tuples(st.sampled_from(["97110", "97140"]), st.integers(1, 30_000),
              st.lists(st.integers(1, 9), max_size=3, unique=True)),
    min_size=1, max_size=25,
)


def _frame(rows: list[tuple[str, int, list[int]]]) -> pd.DataFrame:
    return pd.DataFrame({
        "code": [r[0] for r in rows], "billing_code_type": "CPT",
        "negotiated_type": "negotiated", "negotiated_rate": [r[1] / 100 for r in rows],
        "billing_class": "professional",
        "providers": [tuple(str(p) for p in sorted(r[2])) for r in rows],
        "n_providers": [len(r[2]) for r in rows], "tin_only": False})


# deadline=None: a timing is no pass/fail criterion (the machine is shared; see benchmarks/)
@settings(deadline=None)
@given(price_rows, st.randoms(use_true_random=False))
def test_statistics_do_not_depend_on_order(rows: list, rng: random.Random) -> None:
    shuffled = rows[:]
    rng.shuffle(shuffled)
    a = market_rate_stats(_frame(rows), medicare={"97110": 30.0}).codes
    b = market_rate_stats(_frame(shuffled), medicare={"97110": 30.0}).codes
    pd.testing.assert_frame_equal(a, b)


@settings(deadline=None)
@given(price_rows)
def test_percentiles_are_ordered(rows: list) -> None:
    for row in market_rate_stats(_frame(rows)).codes.itertuples():
        assert row.min <= row.p25 <= row.median <= row.p75 <= row.p90 <= row.max
        if not np.isnan(row.median_provider_weighted):
            assert row.min <= row.median_provider_weighted <= row.max


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_file_statistics_do_not_depend_on_item_order(tmp_path_factory, rng: random.Random) -> None:
    doc = hand_document()
    doc["in_network"] = doc["in_network"] * 3  # type: ignore[operator]
    items = [dict(i) for i in doc["in_network"]]  # type: ignore[union-attr]
    for item in items:
        item["negotiated_rates"] = rng.sample(item["negotiated_rates"],
                                              len(item["negotiated_rates"]))
    rng.shuffle(items)
    path = tmp_path_factory.mktemp("order") / "shuffled.json"
    first = path.with_name("first.json")
    first.write_text(json.dumps(doc))
    path.write_text(json.dumps({**doc, "in_network": items}))
    a = market_rate_stats(extract_market_rates(first).prices).codes
    b = market_rate_stats(extract_market_rates(path).prices).codes
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([25.0, 30.0, 32.5, 41.0]), st.integers(1, 4)),
                min_size=1, max_size=15))
def test_percentiles_count_every_entry(entries):
    rates = [r for r, _ in entries]
    weights = [w for _, w in entries]
    row = market_rate_stats(hand_prices(rates, weights)).codes.iloc[0]
    ordered = sorted(rates)
    for column, q in (("p25", 25), ("median", 50), ("p75", 75), ("p90", 90)):
        assert row[column] == pytest.approx(type7(ordered, q), abs=1e-9)
    weighted = sorted(r for r, w in entries for _ in range(w))
    assert row["median_provider_weighted"] == pytest.approx(type7(weighted, 50), abs=1e-9)
    assert (row["n_prices"], row["n_providers"]) == (len(rates), sum(weights))
    assert (row["min"], row["max"]) == (min(rates), max(rates))
    assert np.isnan(row["pct_of_medicare"])
