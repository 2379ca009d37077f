"""Properties on generated TiC documents: fast path == fallback == what the document holds."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.market_rates import ExtractOptions, LayoutMismatch, extract_market_rates
from ratecalc.market_rates.scanner import StructureScanner

from .tic_documents import WANTED, documents, expected_counts, layouts, write_document

FILE_SETTINGS = settings(max_examples=150, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.function_scoped_fixture])


def _counts(prices: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {k: int(v) for k, v in prices.groupby(["code", "negotiated_type"]).size().items()}


@FILE_SETTINGS
@given(documents(), layouts, st.sampled_from([1, 5, 64, 1 << 20]), st.sampled_from([1, 1 << 20]),
       st.booleans())
def test_fast_path_equals_fallback_on_generated_files(
    tmp_path: Path, doc: dict, layout: dict, chunk_size: int, scan_after: int, filtered: bool
) -> None:
    path = write_document(doc, tmp_path / "doc", layout)
    options = ExtractOptions.build(codes=WANTED) if filtered else ExtractOptions()
    fast = extract_market_rates(path, options, method="fast", chunk_size=chunk_size,
                                scan_after=scan_after)
    safe = extract_market_rates(path, options, method="fallback")
    pd.testing.assert_frame_equal(fast.prices, safe.prices)
    assert fast.header == safe.header
    assert (fast.unresolved_references, fast.skipped_prices) == (
        safe.unresolved_references, safe.skipped_prices)
    # and both hold exactly the prices the document was built with
    assert _counts(fast.prices) == expected_counts(doc, WANTED if filtered else None)


@FILE_SETTINGS
@given(documents(fast_layout=False), layouts)
def test_auto_reads_any_key_order(tmp_path: Path, doc: dict, layout: dict) -> None:
    path = write_document(doc, tmp_path / "doc", layout)
    options = ExtractOptions.build(codes=WANTED)
    auto = extract_market_rates(path, options)
    safe = extract_market_rates(path, options, method="fallback")
    pd.testing.assert_frame_equal(auto.prices, safe.prices)
    assert _counts(auto.prices) == expected_counts(doc, WANTED)
    try:
        extract_market_rates(path, options, method="fast")
    except LayoutMismatch:
        assert auto.method == "fallback"


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False,
                                                                allow_infinity=False),
              st.text(alphabet=st.sampled_from('ab{}[]",\\:\u00e9 '), max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=4), children, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(json_values, max_size=5), st.dictionaries(st.text(max_size=5),
                                                                    json_values, max_size=5)),
       st.lists(st.integers(1, 40), max_size=30), st.sampled_from([None, 1]))
def test_scanner_finds_where_a_value_ends(value: object, cuts: list[int],
                                          indent: int | None) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False).encode()
    data = text + b' , "after": [1]'
    scanner = StructureScanner()
    start, end = 0, -1
    for size in [*cuts, len(data)]:  # fed in pieces, as the reader does
        stop = min(start + size, len(data))
        end = scanner.feed(data, start, stop)
        if end != -1 or stop == len(data):
            break
        start = stop
    assert end == len(text)
