"""Property tests of the market-rates statistics (slow: hypothesis over many frames and files).

Kept out of scripts/mutation_score.py's market_rates_stats run, where each surviving mutant would
pay for all of them: the example tests in test_stats.py, test_repeated_prices.py and
test_stats_rules.py pin the same rules (percentiles worked by hand over repeated prices, row order
and values from unordered input, min <= percentiles <= max in every worked example).
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.market_rates import extract_market_rates, market_rate_stats
from ratecalc.market_rates.stats import RULE_LABEL

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


def _tripled_document() -> dict:
    doc = hand_document()
    doc["in_network"] = doc["in_network"] * 3  # type: ignore[operator]
    return doc


@cache
def _in_file_order(folder: Path) -> pd.DataFrame:
    """The statistics of the tripled hand document in its own order: the same file whatever
    the example draws, so written and read once."""
    first = folder / "first.json"
    first.write_text(json.dumps(_tripled_document()))
    return market_rate_stats(extract_market_rates(first).prices).codes


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_file_statistics_do_not_depend_on_item_order(tmp_path_factory, rng: random.Random) -> None:
    doc = _tripled_document()
    items = [dict(i) for i in doc["in_network"]]  # type: ignore[union-attr]
    for item in items:
        item["negotiated_rates"] = rng.sample(item["negotiated_rates"],
                                              len(item["negotiated_rates"]))
    rng.shuffle(items)
    path = tmp_path_factory.mktemp("order") / "shuffled.json"
    path.write_text(json.dumps({**doc, "in_network": items}))
    a = _in_file_order(tmp_path_factory.getbasetemp()).copy()
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


mixed_rows = st.lists(
    st.tuples(st.sampled_from(["97110", "97140", "97530"]), st.sampled_from(["", "GP", "CQ,GP"]),
              st.sampled_from(["negotiated", "negotiated", "percentage"]),
              st.sampled_from([0.5, 20.0, 31.0, 33.0, 900.0]),
              st.sampled_from(["professional", "institutional"]),
              st.lists(st.sampled_from(["1", "2", "3", "TIN:9"]), max_size=3, unique=True),
              st.sampled_from([1, 2, 1500]), st.booleans()),
    min_size=1, max_size=30,
)


@settings(deadline=None)
@given(mixed_rows)
def test_each_code_counts_its_own_prices(rows: list) -> None:
    """Each code's row counts what a selection of that code's priced rows counts."""
    prices = pd.DataFrame({
        "code": [r[0] for r in rows], "modifiers": [r[1] for r in rows],
        "billing_code_type": ["CPT" if r[4] == "professional" else "HCPCS" for r in rows],
        "negotiated_type": [r[2] for r in rows], "negotiated_rate": [r[3] for r in rows],
        "billing_class": [r[4] for r in rows], "providers": [tuple(sorted(r[5])) for r in rows],
        "n_providers": [r[6] for r in rows], "tin_only": [r[7] for r in rows]})
    stats = market_rate_stats(prices, medicare={"97110": 30.0}, codes=["97750"])
    flagged = stats.prices
    for row in stats.codes.itertuples():
        mine = flagged[(flagged["code"] == row.code) & (flagged["modifiers"] == row.modifiers)]
        other = prices[(prices["code"] == row.code) & (prices["negotiated_type"] == "percentage")]
        assert row.n_other_rates == (0 if row.modifiers else len(other))
        source = mine if len(mine) else (other if not row.modifiers else mine)
        assert row.billing_code_type == ",".join(sorted(set(source["billing_code_type"])))
        assert row.n_prices == len(mine)
        assert row.n_providers == len({p for ps in mine["providers"] for p in ps})
        counts = {rule: int(mine["flags"].str.contains(rule, regex=False).sum()) if len(mine)
                  else 0
                  for rule in ("outlier", "ghost", "outlier_iqr", "outlier_vs_medicare",
                               "ghost_placeholder", "ghost_no_npi", "ghost_broad")}
        counts["institutional_class"] = int((mine["billing_class"] == "institutional").sum())
        assert (row.n_outliers, row.n_ghost) == (counts.pop("outlier"), counts.pop("ghost"))
        for rule, hit in counts.items():
            said = [text for text in row.flags if text.startswith(RULE_LABEL[rule] + ":")]
            assert said == ([f"{RULE_LABEL[rule]}: {hit} of {len(mine)} prices "
                             f"{said[0].split(' prices ', 1)[1]}"] if hit else []), rule
        if len(mine):
            assert row.median == pytest.approx(float(np.median(mine["negotiated_rate"])))
