"""The fast path's typed decode (records.TypedItem) collects what the dict path collects.

The fast path decodes an item of the common shape into msgspec structs and collects it with
``PriceCollector.add_typed_item``; any other item is parsed into dicts for ``add_item``, as the
fallback's are. Both must give the same rows, rate groups and counts for every item the typed
decode accepts, and the typed path must refuse (taking nothing) what it cannot tell apart.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.market_rates import ExtractOptions, extract_market_rates
from ratecalc.market_rates.records import TYPED_ITEM, PriceCollector

from .tic_documents import WANTED, in_network_items

OPTIONS = [ExtractOptions(), ExtractOptions.build(codes=WANTED),
           ExtractOptions.build(billing_class="professional")]
# values the typed shape takes and the dict path normalizes: spaces, case, ints as rates, edges
ODD_PRICES = st.fixed_dictionaries(
    {"negotiated_type": st.sampled_from([" Negotiated ", "FEE SCHEDULE", "", None]),
     "negotiated_rate": st.one_of(
         st.sampled_from([0, -0.0, 1e9, 1e9 + 1, -0.01, 7, 12345678901234567, None]),
         st.floats(allow_nan=False, allow_infinity=False)),
     "billing_class": st.sampled_from(["Professional ", "BOTH", "institutional", "", None])},
    optional={"setting": st.sampled_from([" Outpatient", None, ""]),
              "expiration_date": st.sampled_from(["2025-12-31T00:00:00", "", None, "9999"]),
              "service_code": st.lists(st.sampled_from([" 11", "22 ", ""]), max_size=3),
              "billing_code_modifier": st.lists(st.sampled_from([" gp", "59 ", "Cq"]),
                                                max_size=3)},
)


def _state(collector: PriceCollector) -> tuple[Any, ...]:
    return (collector.rows, [(collector.group_cache.groups_of(g.inline), g.ref_ids)
                            for g in collector.groups],
            collector.needed_refs, collector.items_seen, collector.items_kept,
            collector.skipped_prices, collector.bad_codes)


def _both(text: bytes, options: ExtractOptions, cut_groups: bool) -> bool:
    """Collect the item ``text`` typed and as a dict; assert they agree; whether typed took it."""
    typed_collector, dict_collector = PriceCollector(options), PriceCollector(options)
    cut = typed_collector.group_cache.cut(text) if cut_groups else None
    try:
        typed = TYPED_ITEM.decode(text if cut is None else cut.text)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    took = typed_collector.add_typed_item(typed, cut)
    if not took:  # refused before taking anything
        assert _state(typed_collector) == _state(PriceCollector(options))
        return False
    dict_collector.add_item(orjson.loads(text))
    assert _state(typed_collector) == _state(dict_collector)
    for typed_row, dict_row in zip(typed_collector.rows, dict_collector.rows, strict=True):
        assert list(map(type, typed_row)) == list(map(type, dict_row))
    return True


@settings(max_examples=300, deadline=None)
@given(in_network_items(), st.sampled_from(OPTIONS), st.booleans())
def test_typed_item_collects_what_the_dict_path_collects(item: dict[str, Any],
                                                         options: ExtractOptions,
                                                         cut_groups: bool) -> None:
    _both(json.dumps(item, separators=(",", ":")).encode(), options, cut_groups)


@settings(max_examples=200, deadline=None)
@given(st.lists(ODD_PRICES, min_size=1, max_size=4), st.sampled_from(OPTIONS),
       st.sampled_from(["97110", " 97110 ", "g0283", "", "99999"]))
def test_typed_prices_normalize_as_the_dict_path(prices: list[dict[str, Any]],
                                                 options: ExtractOptions, code: str) -> None:
    item = {"negotiation_arrangement": " FFS", "billing_code_type": "cpt ", "billing_code": code,
            "negotiated_rates": [{"provider_groups": [
                {"npi": ["1234567893"], "tin": {"type": "ein", "value": "123456789"}}],
                "provider_references": [3, " 4 "], "negotiated_prices": prices}]}
    assert _both(json.dumps(item, separators=(",", ":")).encode(), options, True)


REAL_SHAPE = (
    b'{"negotiation_arrangement":"ffs","name":"x","description":"FNA BX","billing_code_type":'
    b'"CPT","billing_code_type_version":"2025","billing_code":"97110","covered_services":null,'
    b'"negotiated_rates":[{"provider_groups":[{"npi":["1912951245"],"tin":{"type":"npi","value":'
    b'"1912951245"}},{"npi":["1912951245","1619976180"],"tin":{"type":"ein","value":'
    b'"171097097"}}],"negotiated_prices":[{"negotiated_type":"negotiated","negotiated_rate":'
    b'264.90,"expiration_date":"2025-12-31T00:00:00","billing_class":"institutional",'
    b'"service_code":[]}]}]}'
)


def test_a_real_files_item_takes_the_typed_path() -> None:
    # the shape of every item of the Evry Health file: if it left the typed path, the fast
    # path would be slower without any test failing
    assert _both(REAL_SHAPE, ExtractOptions(), True)


@pytest.mark.parametrize(("change", "why"), [
    ((b'"service_code":[]', b'"service_code":[],"other":1'), "an unknown key"),
    ((b'264.90', b'"264.90"'), "a rate as text"),
    ((b'"97110"', b'97110'), "a code as a number"),
    ((b'"provider_groups":[{"npi":["1912951245"]', b'"provider_groups":[{"npi":[1912951245]'),
     "provider groups left in the text (numbers as NPIs)"),
])
def test_other_shapes_take_the_dict_path(change: tuple[bytes, bytes], why: str) -> None:
    assert not _both(REAL_SHAPE.replace(*change), ExtractOptions(), True), why


def test_typed_and_dict_items_mix_in_one_file(tmp_path: Any) -> None:
    typed = REAL_SHAPE.decode()
    other = typed.replace('"97110"', '"97530"').replace("264.90", '"264.90"')
    path = tmp_path / "mixed.json"
    path.write_text('{"version":"1","in_network":[' + ",".join([typed, other, typed]) + "]}")
    fast = extract_market_rates(path, method="fast")
    safe = extract_market_rates(path, method="fallback")
    assert fast.prices.equals(safe.prices)
    assert fast.prices["code"].tolist() == ["97110", "97530", "97110"]
    assert fast.prices["rate_group"].tolist() == [0, 1, 2]
