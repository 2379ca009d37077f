"""A TiC item naming one key twice gets the same prices from both readers.

JSON leaves a repeated key's meaning open (RFC 8259: names SHOULD be unique); orjson and
msgspec, the fast reader's parsers, take the last value, as Python's ``json`` does. The ijson
fallback kept every ``negotiated_rates`` array of an item, so a payer's file repeating the key
gave the 50.00 price of the first array beside the 80.00 of the last one, where the fast reader
gave 80.00 alone: which prices a file gave depended on which reader its layout sent it to.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ratecalc.market_rates.test_limits import GROUP, HEAD, PRICE, outcome


def rates(rate: float) -> str:
    return json.dumps([{"provider_groups": [GROUP],
                        "negotiated_prices": [{**PRICE, "negotiated_rate": rate}]}])


def price(rate: float, **changed: object) -> str:
    return json.dumps([{"provider_groups": [GROUP],
                        "negotiated_prices": [{**PRICE, "negotiated_rate": rate, **changed}]}])


START = '{"negotiation_arrangement":"ffs","name":"PT","billing_code_type":"CPT",'

#: (an item repeating a key, the prices of the last value written by hand)
CASES = {
    "negotiated_rates twice": (
        START + '"billing_code":"97110","negotiated_rates":' + rates(50.0)
        + ',"negotiated_rates":' + rates(80.0) + "}", [80.0]),
    "negotiated_rates twice, before the code": (
        START + '"negotiated_rates":' + rates(50.0) + ',"negotiated_rates":' + rates(80.0)
        + ',"billing_code":"97110"}', [80.0]),
    "negotiated_rates null after an array": (
        START + '"billing_code":"97110","negotiated_rates":' + rates(50.0)
        + ',"negotiated_rates":null}', []),
    "negotiated_rates an array after null": (
        START + '"billing_code":"97110","negotiated_rates":null,"negotiated_rates":'
        + rates(80.0) + "}", [80.0]),
    "negotiated_rates an array after an object": (
        START + '"billing_code":"97110","negotiated_rates":{"a":[1]},"negotiated_rates":'
        + rates(80.0) + "}", [80.0]),
    "negotiated_rate twice in a price": (
        START + '"billing_code":"97110","negotiated_rates":'
        + price(50.0).replace('"negotiated_rate": 50.0', '"negotiated_rate": 50.0, '
                              '"negotiated_rate": 70.0') + "}", [70.0]),
}


def test_every_case_repeats_a_key() -> None:  # else the table below cannot fail
    for item, _ in CASES.values():
        assert item.count('"negotiated_rates"') + item.count('"negotiated_rate"') > 1


@pytest.mark.parametrize("case", list(CASES))
def test_both_readers_take_a_repeated_keys_last_value(tmp_path: Path, case: str) -> None:
    item, expected = CASES[case]
    path = tmp_path / "rates.json"
    path.write_text(HEAD + item + "]}", encoding="utf-8")
    wanted = ([{"code": "97110", "negotiated_rate": rate} for rate in expected], 0)
    assert outcome(path, "fallback") == wanted
    assert outcome(path, "auto") == wanted
