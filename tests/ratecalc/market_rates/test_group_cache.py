"""Issue 14: provider_groups read once per distinct array (GroupCache) give what reading each
group does, for plain arrays (cut from orjson's text) and odd ones (read group by group)."""

from __future__ import annotations

import string
from pathlib import Path

import orjson
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError
from ratecalc.market_rates import extract_market_rates
from ratecalc.market_rates.records import (
    GroupCache,
    ProviderGroup,
    provider_group_from,
    provider_groups_from,
)

PLAIN = {"npi": ["1912951245", "1619976180"], "tin": {"type": "ein", "value": "123456789"}}

#: Every string from_regex(r"[1-9][0-9]{9}") reaches, at a third of its drawing time (from_regex
#: draws each character through its own machinery; 400 examples of up to 24 of them)
ten_digits = st.tuples(st.sampled_from("123456789"),
                       st.text(st.sampled_from(string.digits), min_size=9, max_size=9)
                       ).map("".join)
npi_values = st.one_of(
    ten_digits,  # the common case, cut from text
    st.sampled_from(["0000000000", "0123456789", "", " 1234567893", "12345,67893", "1234567893 ",
                     "١٢٣", "12\"3", "1\\u0032", "None", "nan"]),
    st.integers(min_value=-5, max_value=10**10), st.floats(allow_nan=False), st.none(),
    st.booleans(), st.lists(st.just("1234567893"), max_size=2),
)
tin_types = st.sampled_from(["ein", "npi", "EIN", " npi", "", None, 1, True, "einx", "e\"in"])
tin_values = st.one_of(st.sampled_from(["12-3456789", "123456789", "", "١٢٣", "12\"3"]),
                       st.none(), st.integers(min_value=-1, max_value=10**9), st.booleans())


plain_npis = st.lists(ten_digits, max_size=3)


@st.composite
def near_plain(draw: st.DrawFn) -> object:
    """A plain group with at most one value changed (the text cut must notice the change)."""
    group = {"npi": draw(plain_npis), "tin": {"type": "ein", "value": "123456789"}}
    which = draw(st.integers(0, 3))
    if which == 1:
        group["npi"] = [*group["npi"], draw(npi_values)]  # type: ignore[list-item]
    elif which == 2:
        group["tin"] = {"type": draw(tin_types), "value": "123456789"}
    elif which == 3:
        group["tin"] = {"type": "npi", "value": draw(tin_values)}
    return group


@st.composite
def odd_groups(draw: st.DrawFn) -> object:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from([None, "x", 5, [], {}]))  # not a group
    npi = draw(st.one_of(st.lists(npi_values, max_size=4), st.none(), st.just("1234567893")))
    tin: object = {"type": draw(tin_types), "value": draw(tin_values)}
    if kind == 1:
        tin = draw(st.sampled_from([None, "123456789", [], {"value": "1"}]))
    group: dict[str, object] = {"npi": npi, "tin": tin}
    if kind == 2:
        group = {"tin": tin, "npi": npi}  # another key order: read group by group
    if kind == 3:
        group["business_name"] = "x"
    return group


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(near_plain(), max_size=4),
                 st.lists(st.one_of(near_plain(), odd_groups()), max_size=6)), st.integers(1, 3))
def test_cached_groups_equal_reading_each_group(raw: list[object], repeats: int) -> None:
    cache = GroupCache()
    expected = provider_groups_from(raw)
    for _ in range(repeats):
        got = cache.groups(raw)
        assert got == expected
        assert all(type(g) is ProviderGroup for g in got)


def test_a_plain_array_is_cut_from_its_text_and_shared() -> None:
    cache = GroupCache()
    first = cache.groups([PLAIN, {**PLAIN, "npi": []}])
    assert first == (ProviderGroup(("1912951245", "1619976180"), "123456789", "ein"),
                     ProviderGroup((), "123456789", "ein"))
    assert cache.groups([PLAIN, {**PLAIN, "npi": []}]) is first  # one object for equal arrays


def test_values_the_text_cut_must_not_take_as_they_are() -> None:
    # each differs from a plain group by one value the normalizing functions change
    odd = [
        ({"npi": ["0000000000"]}, ()),  # the schema's "no NPI"
        ({"npi": ["1234567893", ""]}, ("1234567893",)),
        ({"npi": [" 1234567893"]}, ("1234567893",)),
        ({"npi": [1234567893]}, ("1234567893",)),
        ({"npi": ["12345,67893"]}, ()),
        ({"tin": {"type": "EIN", "value": "123456789"}}, ("1912951245", "1619976180")),
    ]
    for change, npis in odd:
        group = {**PLAIN, **change}
        assert GroupCache().groups([group]) == (provider_group_from(group),)
        assert GroupCache().groups([group])[0].npis == npis
    hyphen = {**PLAIN, "tin": {"type": " EIN", "value": "12-3456789"}}
    assert GroupCache().groups([hyphen]) == (ProviderGroup(PLAIN["npi"] and (
        "1912951245", "1619976180"), "123456789", "ein"),)


# -- the fast path's cut: plain arrays read from an item's bytes before orjson parses it --------

_PLAIN_TEXT = '[{"npi":["1912951245","1619976180"],"tin":{"type":"ein","value":"123456789"}}]'
_ODD_TEXT = '[{"npi":["1912951245"],"tin":{"type":"ein","value":"1","business_name":"x"}}]'
_PRICES = ('"negotiated_prices":[{"negotiated_type":"negotiated","negotiated_rate":%s,'
           '"expiration_date":"9999-12-31","billing_class":"professional"}]')


def _item(*rates: str, extra: str = "") -> str:
    return ('{"negotiation_arrangement":"ffs","name":"x","billing_code_type":"CPT",'
            f'"billing_code":"97110"{extra},"negotiated_rates":[{",".join(rates)}]}}')


def _rate(groups: str, price: str = "10.5", key: str = '"provider_groups":') -> str:
    return "{" + key + groups + "," + _PRICES % price + "}"


def test_plain_arrays_are_cut_the_others_left_to_orjson() -> None:
    raw = _item(_rate(_PLAIN_TEXT), _rate(_ODD_TEXT), _rate(_PLAIN_TEXT)).encode()
    cache = GroupCache()
    cut = cache.cut(raw)
    assert cut is not None
    assert cut.text.count(b"[[[]]]") == 2 and b"business_name" in cut.text
    assert b"1619976180" not in cut.text
    plain = (ProviderGroup(("1912951245", "1619976180"), "123456789", "ein"),)
    assert [None if g is None else cache.groups_of(g) for g in cut.groups] == [plain, None, plain]
    assert cut.groups[0] is cut.groups[2]  # a repeated array is one object
    item = orjson.loads(cut.text)
    assert GroupCache.attach(item, cut)
    assert [cache.groups(r["provider_groups"]) for r in item["negotiated_rates"]] == [
        plain, provider_groups_from(orjson.loads(_ODD_TEXT)), plain]


_G = '{"npi":[%s],"tin":{"type":"%s","value":"%s"}}'
# A group's text as the cut meets it, and whether it is plain (read from the text) or not
# (left to orjson and read group by group). Each near miss differs from a plain text by a little.
_GROUP_TEXTS = [
    (_G % ('"1912951245"', "ein", "123456789"), True),
    (_G % ('"1912951245","1619976180"', "npi", "0123456789"), True),  # a TIN may start with 0
    (_G % ("", "ein", "123456789"), True),  # no NPI: a TIN-level contract
    (_G % ('"1"', "ein", "1"), True),  # any length of digits
    (_G % ('"0123456789"', "ein", "123456789"), False),  # an NPI's leading 0
    (_G % ('"0"', "ein", "123456789"), False),  # the schema's "no NPI"
    (_G % ('""', "ein", "123456789"), False),
    (_G % ('"1912951245",""', "ein", "123456789"), False),
    (_G % ('"1912951245",', "ein", "123456789"), False),
    (_G % ('"1912951245" ', "ein", "123456789"), False),
    (_G % ('"19129 51245"', "ein", "123456789"), False),
    (_G % ('"1912951245","1619976180",', "ein", "123456789"), False),
    (_G % ('"1912951245""1619976180"', "ein", "123456789"), False),
    (_G % ("1912951245", "ein", "123456789"), False),  # a number
    (_G % ('"1912951245"', "EIN", "123456789"), False),
    (_G % ('"1912951245"', "ssn", "123456789"), False),
    (_G % ('"1912951245"', "ein", "12-3456789"), False),
    (_G % ('"1912951245"', "ein", ""), False),
    (_G % (r'"\u0031912951245"', "ein", "123456789"), False),  # an escape: never cut
    # two plain groups' texts with a raw newline between them, not JSON: new groups are
    # checked together, one a line (branch speed-tic-10)
    (_G % ('"1912951245"', "ein", '1\n"1619976180"],"tin":{"type":"ein","value":"2'), False),
    (_G % ('"1912951245"', "ein", '1\n'), False),
    ('{"npi":["1912951245"],"tin":{"type":"ein","value":"1","x":"2"}}', False),
    ('{"npi":["1912951245"],"tin":{"value":"1","type":"ein"}}', False),
]


@pytest.mark.parametrize(("text", "plain"), _GROUP_TEXTS)
@pytest.mark.parametrize("before", ["", _G % ('"1619976180"', "ein", "1") + ","])
def test_a_new_group_is_read_from_its_text_only_when_plain(text: str, plain: bool,
                                                           before: str) -> None:
    # first seen on its own, then beside a plain group seen already: a group not plain makes
    # its whole array go to orjson, and is not kept as read
    cache = GroupCache()
    if before:
        assert cache.cut(_item(_rate("[" + before[:-1] + "]")).encode()) is not None
    array = "[" + before + text + "]"
    for _ in range(2):
        cut = cache.cut(_item(_rate(array)).encode())
        if not plain:
            assert cut is None or cut.groups == [None]
            continue
        assert cut is not None and cut.groups[0] is not None
        assert cache.groups_of(cut.groups[0]) == provider_groups_from(orjson.loads(array))


def test_nothing_to_cut() -> None:
    cache = GroupCache()
    assert cache.cut(_item(_rate(_ODD_TEXT)).encode()) is None
    assert cache.cut(_item(_rate(_PLAIN_TEXT), extra=',"description":"a\\"b"').encode()) is None
    assert cache.cut(_item(_rate(_PLAIN_TEXT, key='"provider_groups": ')).encode()) is None


# Items where a cut could be put back in the wrong place: the fast path must give what parsing
# the whole item gives (the fallback reader), whatever the text does.
HOSTILE_ITEMS = {
    "plain": _item(_rate(_PLAIN_TEXT), _rate(_ODD_TEXT)),
    "key repeated in a rate": _item(
        "{" + '"provider_groups":' + _PLAIN_TEXT + ',"provider_groups":' + _ODD_TEXT + ","
        + _PRICES % "1" + "}"),
    "repeated, the second the stand-in's text": _item(
        "{" + '"provider_groups":' + _PLAIN_TEXT + ',"provider_groups":[[[]]],'
        + _PRICES % "1" + "}"),
    "repeated, the first the stand-in's text": _item(
        "{" + '"provider_groups":[[[]]],"provider_groups":' + _PLAIN_TEXT + ","
        + _PRICES % "1" + "}"),
    "the stand-in's text as a file's value": _item(_rate("[[[]]]"), _rate(_PLAIN_TEXT, "2")),
    "the key as a string value": _item(_rate(_PLAIN_TEXT), extra=',"name2":"provider_groups"'),
    "the key in a price": _item(
        '{"provider_groups":' + _PLAIN_TEXT + ',"negotiated_prices":[{"provider_groups":'
        + _PLAIN_TEXT + ',"negotiated_type":"negotiated","negotiated_rate":3,'
        '"billing_class":"professional"}]}'),
    "the key in a bundled code": _item(
        _rate(_PLAIN_TEXT), extra=',"bundled_codes":[{"billing_code":"1","provider_groups":'
        + _PLAIN_TEXT + "}]"),
    "rates repeated": _item(_rate(_PLAIN_TEXT)).replace(
        '"negotiated_rates":', '"negotiated_rates":[{"provider_groups":' + _PLAIN_TEXT
        + "}],\"negotiated_rates\":"),
    "an array with an odd group last": _item(_rate(_PLAIN_TEXT[:-1] + "," + _ODD_TEXT[1:])),
    "'\"}}]' inside a string after a plain group": _item(_rate(
        '[{"npi":["1912951245"],"tin":{"type":"ein","value":"1"},"x":"}}]"}]')),
    "rates not a list": _item().replace('"negotiated_rates":[]',
                                        '"negotiated_rates":{"provider_groups":'
                                        + _PLAIN_TEXT + "}"),
    "npi 0 and a leading zero": _item(_rate(_PLAIN_TEXT.replace("1619976180", "0")),
                                      _rate(_PLAIN_TEXT.replace("1912951245", "0912951245"))),
    "an empty npi list": _item(_rate(_PLAIN_TEXT.replace('"1912951245","1619976180"', ""))),
    # the array's end is searched from the next key back: the last '"}}]' before it is not
    # the array's (left to orjson)
    "'\"}}]' in a price after a plain array": _item(
        '{"provider_groups":' + _PLAIN_TEXT + ',"negotiated_prices":[{"negotiated_type":'
        '"negotiated","negotiated_rate":3,"billing_class":"professional","x":{"y":"z"}}]}',
        _rate(_PLAIN_TEXT, "4")),
}


@pytest.mark.parametrize("case", HOSTILE_ITEMS)
def test_the_cut_gives_what_parsing_the_item_gives(tmp_path: Path, case: str) -> None:
    text = HOSTILE_ITEMS[case]
    orjson.loads(text)  # each case is valid JSON: the readers must agree, not both refuse
    path = tmp_path / "in_network.json"
    path.write_text('{"reporting_entity_name":"x","in_network":[' + text + "," + text + "]}")
    fast = extract_market_rates(path, method="fast")
    safe = extract_market_rates(path, method="fallback")
    pd.testing.assert_frame_equal(fast.prices, safe.prices)
    assert (len(fast.prices) == 0) == (case == "rates not a list")


def test_an_array_read_the_slow_way_is_never_cut_unchecked(tmp_path: Path) -> None:
    # An array stored by groups() (orjson's text of an odd array) once let cut() replace the
    # same text in a later item without checking it was plain, and the depth check then ran on
    # a text 53 levels shallower than the item (found in review).
    deep = "[" * 56 + "]" * 56
    array = '[{"npi":[' + deep + '],"tin":{"type":"npi","value":"1"}}]'
    kept = _item(_rate(array))
    too_deep = ('{"negotiation_arrangement":"ffs","x":[[{"provider_groups":' + array + "}]]}")
    path = tmp_path / "in_network.json"
    path.write_text('{"in_network":[' + ",".join([kept, too_deep, kept]) + "]}")
    for method in ("fast", "fallback", "auto"):
        with pytest.raises(InputError, match="nests deeper than 64 levels"):
            extract_market_rates(path, method=method)


class _CountingBytes(bytes):
    """Bytes that add up how far each ``find`` and ``rfind`` searched."""

    searched = 0

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        found = super().find(sub, start, end)
        stop = len(self) if end is None else end
        type(self).searched += (found + len(sub) if found != -1 else stop) - start
        return found

    def rfind(self, sub: bytes, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        found = super().rfind(sub, start, end)
        stop = len(self) if end is None else end
        type(self).searched += stop - (found if found != -1 else start)
        return found


@pytest.mark.parametrize("tail", ["", ',[{"a":{"b":"c"}}]'])
def test_the_cut_searches_each_byte_a_bounded_number_of_times(tail: str) -> None:
    # Many keys with no plain array after them: each search for an array's end used to run to
    # the item's end (or to a '"}}]' far away, then copied that much), 112 s for a 2.6 MB item
    # (found in review); now each search stops at the next key.
    junk = ",".join(['{"provider_groups":[{"npi":[]}]}'] * 2000)
    raw = _item(_rate(_PLAIN_TEXT), extra=f',"junk":[{junk}{tail}]').encode()
    _CountingBytes.searched = 0
    cut = GroupCache().cut(_CountingBytes(raw))
    assert cut is not None and cut.groups.count(None) == 2000
    assert _CountingBytes.searched <= 2 * len(raw)
