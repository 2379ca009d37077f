"""Issue 14: the providers of every plain provider-group array found at once, in numpy
(PlainTable.providers), are what the rule for one price's groups gives (group_providers)."""

from __future__ import annotations

import string

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.market_rates.plain_groups import (
    MEMBERS_PER_SLICE,
    PlainArray,
    PlainTable,
    _distinct,
    _distinct_ranks,
    _stable_order,
)
from ratecalc.market_rates.provider_refs import group_providers
from ratecalc.market_rates.records import GroupCache, provider_groups_from


def _digits(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from("123456789"),
                     st.text(st.sampled_from(string.digits), min_size=min_size - 1,
                             max_size=max_size - 1)).map("".join)


# NPIs of one length are read as numbers; others (and any past 18 digits) as text
ten_digit_npis = st.lists(st.sampled_from(["1912951245", "1619976180", "1000000001",
                                           "9999999999"]) | _digits(10, 10), max_size=4)
any_npis = st.lists(_digits(1, 22), max_size=4)
tins = st.text(st.sampled_from(string.digits), min_size=1, max_size=10)


def _group(npis: list[str], tin: str, kind: str) -> dict[str, object]:
    return {"npi": npis, "tin": {"type": kind, "value": tin}}


def _arrays(npis: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[list[object]]]:
    group = st.builds(_group, npis, tins, st.sampled_from(["ein", "npi"]))
    # few distinct groups, so that arrays share them as a real file's do
    return st.lists(group, min_size=1, max_size=6).flatmap(
        lambda pool: st.lists(st.lists(st.sampled_from(pool), min_size=1, max_size=5),
                              min_size=1, max_size=8))


def _check(arrays: list[list[object]], keep: int, per_slice: int) -> None:
    cache = GroupCache()
    plain = [cache.inline(orjson.loads(orjson.dumps(raw))) for raw in arrays]
    assert all(type(p) is PlainArray for p in plain)
    wanted = [p for p in plain if isinstance(p, PlainArray)][:keep]
    found = cache.table.providers(wanted)
    assert found.numbers.tolist() == sorted({p.index for p in wanted})
    for array in wanted:
        assert found.of(array) == group_providers(cache.groups_of(array))
    # and what the slow path reads from the array itself, not from the table's own texts
    for raw, array in zip(arrays, plain, strict=True):
        if array in wanted:
            assert found.of(array) == group_providers(provider_groups_from(raw))
    # the arrays taken a few groups at a time (the Evry file's slices hold thousands)
    sliced = cache.table.providers(wanted, members_per_slice=per_slice)
    assert sliced.numbers.tolist() == found.numbers.tolist()
    assert sliced.providers.tolist() == found.providers.tolist()
    assert sliced.tin_only.tolist() == found.tin_only.tolist()


@settings(max_examples=150, deadline=None)
@given(_arrays(ten_digit_npis), st.integers(1, 8), st.integers(1, 12))
def test_providers_of_ten_digit_npis_equal_the_rule(arrays: list[list[object]],
                                                    keep: int, per_slice: int) -> None:
    _check(arrays, keep, per_slice)


@settings(max_examples=150, deadline=None)
@given(_arrays(any_npis), st.integers(1, 8), st.integers(1, 12))
def test_providers_of_npis_of_any_length_equal_the_rule(arrays: list[list[object]],
                                                        keep: int, per_slice: int) -> None:
    _check(arrays, keep, per_slice)


def test_providers_in_text_order_with_tin_level_groups() -> None:
    cache = GroupCache()
    mixed = cache.inline([_group(["9", "100", "10"], "1", "ein"), _group([], "07", "npi")])
    tin_level = cache.inline([_group([], "2", "ein"), _group([], "07", "npi"),
                              _group([], "2", "ein")])
    same_length = cache.inline([_group(["2000000000", "1000000000"], "3", "ein"),
                                _group(["1000000000"], "3", "ein")])
    assert isinstance(mixed, PlainArray) and isinstance(tin_level, PlainArray)
    assert isinstance(same_length, PlainArray)
    found = cache.table.providers([mixed, tin_level, same_length, mixed])
    assert found.of(mixed) == (("10", "100", "9", "TIN:07"), False)
    assert found.of(tin_level) == (("TIN:07", "TIN:2"), True)
    assert found.of(same_length) == (("1000000000", "2000000000"), False)
    # one array a slice (each holds 2 or 3 groups), the same answers
    assert cache.table.providers([mixed, tin_level, same_length],
                                 members_per_slice=1).providers.tolist() == [
        found.of(mixed)[0], found.of(tin_level)[0], found.of(same_length)[0]]
    assert len(cache.table.providers([]).numbers) == 0



@pytest.mark.parametrize("sizes", [[MEMBERS_PER_SLICE], [MEMBERS_PER_SLICE - 1, 1, 1],
                                   [4096, 4097, 4096], [MEMBERS_PER_SLICE + 1, 2]])
def test_slices_of_the_real_size_at_their_edges(sizes: list[int]) -> None:
    """Arrays whose groups reach, just miss or pass a slice's 8,192 (in the Evry file's
    extraction every call is several slices): the answers of the whole at once. Groups are
    shared by arrays in different slices and NPIs by groups; a fifth of them TIN-level."""
    table = PlainTable()
    for number in range(300):
        npis = ",".join(f'"{1000000000 + (number * k) % 97}"' for k in (1, 3))
        table.add_group(b"" if number % 5 == 0 else npis.encode(), str(number % 13), "ein")
    arrays = [table.add_array([(7 * i + size) % 300 for i in range(size)]) for size in sizes]
    arrays.append(table.add_array([0, 5]))  # TIN-level only, after the big ones
    found = table.providers(arrays)
    whole = table.providers(arrays, members_per_slice=sum(sizes) + 2)
    assert found.providers.tolist() == whole.providers.tolist()
    assert found.tin_only.tolist() == whole.tin_only.tolist() == [False] * len(sizes) + [True]
    assert found.of(arrays[-1]) == (("TIN:0", "TIN:5"), True)

@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2**63 - 1) | st.integers(0, 70_000) | st.integers(0, 3),
                max_size=50))
def test_the_radix_order_is_numpys_stable_sort(values: list[int]) -> None:
    keys = np.array(values, dtype=np.int64)
    assert _stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()
    assert _distinct(keys).tolist() == sorted(set(values))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2**63 - 1) | st.integers(10**9, 10**10 - 1) | st.integers(0, 3),
                max_size=50))
def test_the_ranks_are_each_values_place_among_the_distinct(values: list[int]) -> None:
    """The NPIs' ranks come from their sort's order, not searchsorted: the same numbers."""
    keys = np.array(values, dtype=np.int64)
    distinct, ranks = _distinct_ranks(keys)
    assert distinct.tolist() == sorted(set(values))
    assert ranks.tolist() == np.searchsorted(distinct, keys).tolist()
    assert ranks.dtype == np.int64
