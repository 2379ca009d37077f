"""Plain provider-group arrays kept as numbers, and the providers of each found for all at once.

A plan's file repeats its providers: the Evry Health file keeping every code has 19,000
``provider_groups`` arrays, 9,500 distinct, holding 143,000 groups of which 20,000 are
distinct, and 323,000 NPIs that are 193,000 once each array's groups are united. Built as Python
objects (a tuple of NPI texts per group, a set per array, a sort) that was a third of the
extraction. So :class:`PlainTable` keeps each distinct group as its NPI text as written and its
TIN, and each distinct array as the numbers of its groups; :meth:`PlainTable.providers` then
unites and sorts every array's providers in a few numpy passes, with one text object per
distinct provider shared by every array that lists it. The groups themselves
(:class:`~ratecalc.market_rates.records.ProviderGroup`) are built only when something asks for
them (an NPI or TIN filter, a rate that also has provider references).
"""

from __future__ import annotations

from itertools import repeat
from typing import NamedTuple

import numpy as np

MEMBERS_PER_SLICE = 1 << 13
"""Groups of arrays :meth:`PlainTable.providers` takes at a time (8,192: about 19,000
(array, identity) pairs in the Evry file, each temporary under a megabyte)."""


class PlainArray:
    """A distinct plain ``provider_groups`` array of a :class:`PlainTable`, by its number.

    One object per distinct array: rates that repeat an array share it, so a price's
    providers are resolved once per distinct array.
    """

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class ArrayProviders(NamedTuple):
    """What :meth:`PlainTable.providers` found: for each array, by ``numbers`` (ascending),
    its providers (a tuple of texts each) and whether they are all TIN-level."""

    numbers: np.ndarray
    providers: np.ndarray
    tin_only: np.ndarray

    def of(self, array: PlainArray) -> tuple[tuple[str, ...], bool]:
        at = int(np.searchsorted(self.numbers, array.index))
        return self.providers[at], bool(self.tin_only[at])


class PlainTable:
    """The distinct plain groups and arrays met so far (see the module's text).

    A group is added with its NPI text as the array writes it (``"N","N"``, digits only, none
    starting with 0; empty for a TIN-level group), its TIN's digits and type; an array as the
    numbers of its groups in order.
    """

    def __init__(self) -> None:
        self.npi_texts: list[bytes] = []
        self.tins: list[str] = []
        self.tin_types: list[str] = []
        self.members: list[int] = []  # every array's group numbers, array after array
        self.bounds: list[int] = [0]  # array i's members: members[bounds[i]:bounds[i + 1]]

    def add_group(self, npi_text: bytes, tin: str, tin_type: str) -> int:
        self.npi_texts.append(npi_text)
        self.tins.append(tin)
        self.tin_types.append(tin_type)
        return len(self.tins) - 1

    def add_array(self, groups: list[int]) -> PlainArray:
        self.members += groups
        self.bounds.append(len(self.members))
        return PlainArray(len(self.bounds) - 2)

    def group_numbers(self, array: PlainArray) -> list[int]:
        return self.members[self.bounds[array.index]:self.bounds[array.index + 1]]

    def providers(self, arrays: list[PlainArray], *,
                  members_per_slice: int = MEMBERS_PER_SLICE) -> ArrayProviders:
        """The providers of each of ``arrays``, and whether all are TIN-level.

        What :func:`~ratecalc.market_rates.provider_refs.group_providers` makes of the array's
        groups: every NPI once, and ``"TIN:<digits>"`` for each group without an NPI, in text
        order; TIN-level when no group has an NPI. The arrays are taken a slice at a time, of
        about ``members_per_slice`` groups (an array with more is a slice alone): each array's
        providers are its own, so the slices give what the whole does.
        """
        if not arrays:
            return ArrayProviders(np.empty(0, dtype=np.int64), np.empty(0, dtype=object),
                                  np.empty(0, dtype=bool))
        groups = _Identities(*self._group_identities())
        # fromiter with the count: np.array first walks a list to find its type and shape
        members = np.fromiter(self.members, np.int64, len(self.members))
        bounds = np.fromiter(self.bounds, np.int64, len(self.bounds))
        wanted = _distinct(np.fromiter((a.index for a in arrays), np.int64, len(arrays)))
        counts = bounds[wanted + 1] - bounds[wanted]
        # Sliced because each temporary as large as the whole (the Evry file: 323,000 pairs, 2.6
        # MB of int64) was memory glibc maps afresh and returns on each free, every page of it
        # faulted in again; slices of about a megabyte are reused from one to the next (about
        # 5,000 fewer page faults in a fresh process, each a few microseconds).
        total = np.cumsum(counts)
        texts = np.fromiter(groups.names, object, len(groups.names))
        providers, tin_only = [], []
        low, done = 0, 0
        while low < len(wanted):
            high = max(int(np.searchsorted(total, done + members_per_slice, side="right")),
                       low + 1)
            found, tins = _slice_providers(wanted[low:high], counts[low:high], members, bounds,
                                           groups, texts)
            providers.append(found)
            tin_only.append(tins)
            low, done = high, int(total[high - 1])
        return ArrayProviders(wanted, np.concatenate(providers), np.concatenate(tin_only))

    def _group_identities(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray,
                                         np.ndarray]:
        """Every group's identities as ranks into the sorted distinct identity texts.

        Returns the texts (NPIs, then ``"TIN:<digits>"``: no NPI starts with "T", so that is
        their text order), each group's ranks one group after the other, where each group's
        run starts and its size (a group without an NPI has one: its TIN), and whether it has
        an NPI.
        """
        texts = self.npi_texts
        lengths = np.fromiter(map(len, texts), np.int64, len(texts))
        has_npi = lengths > 0
        # each NPI followed by a comma (NPIs hold none), the last one's too: one grid row each
        joined = b",".join([*filter(None, texts), b""])
        names, npi_ranks, width = _npi_ranks(joined, joined.count(b","))
        if width:
            # every NPI one row of the grid: a group of k NPIs is k rows but the last comma
            npi_counts = np.where(has_npi, (lengths + 1) // width, 0)
        else:
            npi_counts = np.fromiter(map(bytes.count, texts, repeat(b",")), np.int64,
                                     len(texts))
            npi_counts = np.where(has_npi, npi_counts + 1, 0)
        tin_ids = ["TIN:" + tin for tin, has in zip(self.tins, has_npi.tolist(), strict=True)
                   if not has]
        tin_names = sorted(set(tin_ids))
        tin_rank = dict(zip(tin_names, range(len(names), len(names) + len(tin_names)),
                            strict=True))
        sizes = np.where(has_npi, npi_counts, 1)
        identities = np.empty(int(sizes.sum()), dtype=np.int64)
        of_npis = np.repeat(has_npi, sizes)
        identities[of_npis] = npi_ranks
        identities[~of_npis] = np.fromiter(map(tin_rank.__getitem__, tin_ids), np.int64,
                                           len(tin_ids))
        starts = np.cumsum(sizes) - sizes
        return names + tin_names, identities, starts, sizes, has_npi


class _Identities(NamedTuple):
    """What :meth:`PlainTable._group_identities` returns."""

    names: list[str]
    identities: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray
    has_npi: np.ndarray


def _slice_providers(wanted: np.ndarray, counts: np.ndarray, members: np.ndarray,
                     bounds: np.ndarray, groups: _Identities, texts: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The providers (a tuple of texts each) of the arrays ``wanted`` (their numbers, of
    ``counts`` groups each) and whether each is TIN-level, from every array's group numbers
    (``members``, ``bounds``), every group's identities and the identities' ``texts``."""
    # the members of the wanted arrays, each with its array's place in ``wanted``
    owner = np.repeat(np.arange(len(wanted), dtype=np.int64), counts)
    member = members[_ranges(bounds[wanted], counts)]
    # each member's identities: the group's run of ``identities``
    sizes_of = groups.sizes[member]
    ranks = groups.identities[_ranges(groups.starts[member], sizes_of)]
    # united and sorted in one pass: (array, identity) pairs as one number each
    named = len(groups.names)
    keys = np.repeat(owner, sizes_of)
    keys *= named  # in place: each temporary of this size is fresh memory to fault in
    keys += ranks
    pairs = _distinct(keys)
    pair_owner, pair_rank = np.divmod(pairs, named)
    ordered = texts[pair_rank].tolist()
    ends = np.searchsorted(pair_owner, np.arange(len(wanted)), side="right")
    begins = np.concatenate(([0], ends[:-1])).tolist()
    tin_only = np.bincount(owner, weights=groups.has_npi[member], minlength=len(wanted)) == 0
    # C-level loops: a tuple per array from its slice of the texts
    tuples = map(tuple, map(ordered.__getitem__, map(slice, begins, ends.tolist())))
    return np.fromiter(tuples, dtype=object, count=len(wanted)), tin_only


def _npi_ranks(joined: bytes, count: int) -> tuple[list[str], np.ndarray, int]:
    """The distinct NPIs of ``joined`` (``"N","N",...,"N",``: ``count`` NPIs of digits, none
    starting with 0, each followed by a comma) in text order, each NPI's rank among them, and
    the width of each NPI's text with its quotes and comma when all have one length (0 when
    not)."""
    if not count:
        return [], np.empty(0, dtype=np.int64), 0
    width, left = divmod(len(joined), count)
    digits = width - 3
    if not left and 0 < digits <= _MAX_DIGITS:
        # NPIs of one length (a real file's: ten digits) are numbers whose order is their text's:
        # read them as int64 from a grid of one NPI per row, each byte of it checked. The
        # digits are checked and read column by column from the grid itself: no temporary the
        # size of the grid (each is fresh memory a fresh process faults in page by page).
        grid = np.frombuffer(joined, dtype=np.uint8).reshape(count, width)
        numerals = grid[:, 1:-2]
        if ((grid[:, 0] == ord('"')).all() and (grid[:, -2] == ord('"')).all()
                and (grid[:, -1] == ord(",")).all() and numerals.min() >= ord("0")
                and numerals.max() <= ord("9")):
            values = numerals[:, 0].astype(np.int64)
            for column in range(1, digits):  # numpy's integer matmul is a slow loop
                values *= 10
                values += numerals[:, column]
            # each digit was read as its character's code: take the codes of "0" off at once
            values -= ord("0") * (10**digits - 1) // 9
            distinct, ranks = _distinct_ranks(values)
            return list(map(str, distinct.tolist())), ranks, width
    npis = joined[1:-2].decode("ascii").split('","')
    names = sorted(set(npis))
    rank = dict(zip(names, range(len(names)), strict=True))
    return names, np.fromiter(map(rank.__getitem__, npis), np.int64, len(npis)), 0


# int64 holds any 18-digit number
_MAX_DIGITS = 18


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """The order that sorts ``keys`` (int64, none below 0), equal keys in place.

    A radix sort 16 bits at a time (numpy's stable sort of 16-bit numbers): several times
    faster here than ``np.sort`` of the int64 keys themselves.
    """
    # a cast to 16 bits keeps the low 16 (C's conversion); only those are gathered
    order = np.argsort(keys.astype(np.uint16), kind="stable")
    top = int(keys.max()) if len(keys) else 0
    shift = 16
    while top >> shift:
        digit = (keys >> shift).astype(np.uint16)
        order = order[np.argsort(digit[order], kind="stable")]
        shift += 16
    return order


def _distinct(values: np.ndarray) -> np.ndarray:
    """``values`` (int64, none below 0) sorted, each once."""
    if len(values) and values.max() < 2**31:
        # sorted in place as int32: no index arrays, half the memory (each array of this size
        # is fresh memory the kernel maps page by page). Values alone, so any sort gives the
        # same array; numpy's default (a vectorized quicksort where the CPU has AVX-512 or
        # AVX2) took 0.64 ms for the Evry file's 333,000 pairs, its timsort 6.2 ms.
        values = values.astype(np.int32)
        values.sort()
    else:
        values = values[_stable_order(values)]
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _distinct_ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (int64, none below 0) sorted, each once, and each value's rank among them.

    The ranks come from the sort's own order: ``searchsorted`` of 168,000 NPIs in text order
    among their 10,000 distinct values took twice as long as the sort (each search a cache
    miss).
    """
    order = _stable_order(values)
    ordered = values[order]
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = np.cumsum(first) - 1
    return ordered[first], ranks


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``start, start + 1, ..., start + size - 1`` of each run, runs in order."""
    # each position's offset from its run's first output, plus that run's start
    firsts = np.cumsum(sizes)
    firsts -= sizes
    positions = np.repeat(starts - firsts, sizes)
    positions += np.arange(len(positions), dtype=np.int64)
    return positions
