"""Top-level ``provider_references``: keep the groups wanted prices use, then resolve them.

A file may list its provider references before or after ``in_network``. Only the ids that the
kept prices point at are stored (:class:`ProviderReferences` with ``needed``), so memory follows
the matches, not the file. When references come first the readers make a second pass for them
(the ids are not known yet on the first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
import pandas as pd

from ratecalc.market_rates.plain_groups import PlainArray
from ratecalc.market_rates.records import (
    ROW_COLUMNS,
    ExtractOptions,
    PriceCollector,
    ProviderGroup,
    normalize_ref_id,
    provider_groups_from,
)
from ratecalc.text_arrays import arrow_text_array


class ProviderReferences:
    """``provider_group_id`` -> provider groups, for the ids in ``needed`` (all if None)."""

    def __init__(self, needed: Iterable[str] | None) -> None:
        self.needed = None if needed is None else frozenset(needed)
        self.groups: dict[str, tuple[ProviderGroup, ...]] = {}
        self.remote: dict[str, str] = {}  # id -> location as written (schema 1.x), not fetched
        self.seen = 0

    def wants(self, raw_id: object) -> bool:
        return self.needed is None or normalize_ref_id(raw_id) in self.needed

    def add(self, ref: object) -> None:
        """Store one parsed provider reference object if its id is needed."""
        self.seen += 1
        if not isinstance(ref, dict) or "provider_group_id" not in ref:
            return
        ref_id = normalize_ref_id(ref["provider_group_id"])
        if self.needed is not None and ref_id not in self.needed:
            return
        groups = provider_groups_from(ref.get("provider_groups"))
        if groups:
            self.groups[ref_id] = self.groups.get(ref_id, ()) + groups
        elif isinstance(ref.get("location"), str):
            self.remote[ref_id] = ref["location"]


_NPIS = itemgetter(0)  # ProviderGroup.npis


def _keep(group: ProviderGroup, options: ExtractOptions) -> ProviderGroup | None:
    """The part of a group that passes the NPI and TIN filters (None when nothing does)."""
    if options.tins is not None and group.tin not in options.tins:
        return None
    if options.npis is not None:
        npis = tuple(n for n in group.npis if n in options.npis)
        if not npis:
            return None
        return ProviderGroup(npis, group.tin, group.tin_type)
    return group


def group_providers(groups: Sequence[ProviderGroup]) -> tuple[tuple[str, ...], bool]:
    """The providers of a price's groups, and whether every one is TIN-level.

    Each NPI once, and ``"TIN:<digits>"`` for each group without an NPI (a contract at TIN
    level), in text order; TIN-level when there are groups and none has an NPI.
    :meth:`~ratecalc.market_rates.plain_groups.PlainTable.providers` gives the same for every
    plain array at once (``tests/ratecalc/market_rates/test_plain_groups.py`` holds them equal).
    """
    # C-level loops: a real file's 9,500 distinct arrays hold 150,000 groups
    identities = set(chain.from_iterable(map(_NPIS, groups)))
    tins = [] if all(map(_NPIS, groups)) else [g.tin for g in groups if not g.npis]
    if tins:
        identities.update(f"TIN:{t}" for t in tins)
    return tuple(sorted(identities)), bool(groups) and len(tins) == len(groups)


def prices_frame(
    collector: PriceCollector, references: ProviderReferences | None
) -> pd.DataFrame:
    """One row per kept negotiated price, with its providers resolved and filtered.

    Parameters
    ----------
    collector : PriceCollector
        Rows gathered from the ``in_network`` items.
    references : ProviderReferences, optional
        The file's provider references (None when the file has none).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`~ratecalc.market_rates.records.ROW_COLUMNS` and ``providers`` (tuple of
        provider identities: the NPI, or ``"TIN:<digits>"`` for a group reported at TIN level
        only), ``n_providers``, ``tin_only`` (every provider is TIN-level) and ``unresolved_refs``
        (reference ids not found in the file or pointing at a remote location).

    Notes
    -----
    With an NPI or TIN filter, a price whose providers are all filtered out (or cannot be
    resolved) is dropped; without filters, every price is kept, even one with no known provider.
    """
    columns = [*ROW_COLUMNS, "providers", "n_providers", "tin_only", "unresolved_refs"]
    providers, sizes, tin_only, unresolved = _resolved(collector, references)
    rows = collector.rows
    if collector.options.npis is not None or collector.options.tins is not None:
        rows = [row for row in rows if providers[row[-1]] is not None]
    if not rows:
        return pd.DataFrame.from_records([], columns=columns).astype(_NUMBER_TYPES)
    # Column by column (a C-level transpose), not row records: pandas converts a list per
    # column several times faster than a list of 15-field tuples; numbers go in as arrays of
    # their final type, which pandas takes without inferring it.
    columns_of_rows = map(list, zip(*rows, strict=True))
    data: dict[str, Any] = dict(zip(ROW_COLUMNS, columns_of_rows, strict=True))
    # each row's providers by its rate group's number
    # fromiter with the count: np.array first walks a list to find its type and shape
    group = np.fromiter(data["rate_group"], np.int64, len(rows))
    data["negotiated_rate"] = np.fromiter(data["negotiated_rate"], np.float64, len(rows))
    data["rate_group"] = group
    for name in _TEXT_COLUMNS:
        # Arrow reads each column of text in one C loop; a frame made of the lists infers the
        # same dtype but checks each item in Python first (about 1 ms a column here)
        made = arrow_text_array(data[name])
        if made is not None:
            data[name] = made
    data["providers"] = pd.Series(providers[group], dtype=object)
    data["n_providers"] = sizes[group]
    data["tin_only"] = tin_only[group]
    data["unresolved_refs"] = unresolved[group]
    return pd.DataFrame(data, columns=columns)


_NONE: tuple[None, bool, int] = (None, False, 0)  # a rate group with every provider filtered out
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_INLINE, _REF_IDS = itemgetter(0), itemgetter(1)  # of a RateGroup
_INDEX = attrgetter("index")  # of a PlainArray


_Resolved = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _resolved(collector: PriceCollector, references: ProviderReferences | None) -> _Resolved:
    """Each rate group's (by its number) providers (None: all filtered out), their number,
    whether all are TIN-level, and its reference ids not resolved."""
    options = collector.options
    filtering = options.npis is not None or options.tins is not None
    cache = collector.group_cache
    rate_groups = collector.groups
    inlines = list(map(_INLINE, rate_groups))
    plain_only = not filtering and set(map(type, inlines)) <= {PlainArray}
    # Without filters a plain array's providers are all of its groups': found for every such
    # array at once, from the numbers the cache keeps (PlainTable.providers).
    plain = cache.table.providers([] if filtering else [
        inline for inline in dict.fromkeys(inlines) if type(inline) is PlainArray])
    if plain_only and not any(map(_REF_IDS, rate_groups)):
        # every rate group's (a real file's): no loop over them
        at = np.searchsorted(plain.numbers, np.fromiter(
            map(_INDEX, inlines), dtype=np.int64, count=len(inlines)))
        sizes = np.fromiter(map(len, plain.providers), dtype=np.int64,
                            count=len(plain.providers))
        return plain.providers[at], sizes[at], plain.tin_only[at], np.zeros(len(at), np.int64)
    resolved: list[tuple[tuple[str, ...] | None, bool, int]] = []
    # Rate groups share their inline array when the file repeats a provider_groups array (see
    # GroupCache): resolve each (inline, references) pair once.
    done: dict[tuple[int, tuple[str, ...]], tuple[tuple[str, ...] | None, bool, int]] = {}
    for rate_group in rate_groups:
        key = (id(rate_group.inline), rate_group.ref_ids)
        if key in done:
            resolved.append(done[key])
            continue
        inline = rate_group.inline
        if type(inline) is PlainArray and not rate_group.ref_ids and not filtering:
            identities, tin_only = plain.of(inline)
            resolved.append(done.setdefault(key, (identities, tin_only, 0)))
            continue
        groups: Sequence[ProviderGroup] = cache.groups_of(inline)
        unresolved = 0
        if rate_group.ref_ids:
            groups = list(groups)
            for ref_id in rate_group.ref_ids:
                found = references.groups.get(ref_id) if references is not None else None
                if found:
                    groups.extend(found)
                else:
                    unresolved += 1
        kept = [k for g in groups if (k := _keep(g, options)) is not None] if filtering \
            else groups
        if filtering and not kept:
            resolved.append(done.setdefault(key, _NONE))
            continue
        identities, tin_only = group_providers(kept)
        resolved.append(done.setdefault(key, (identities, tin_only, unresolved)))
    count = len(resolved)
    providers = np.fromiter(map(_FIRST, resolved), dtype=object, count=count)
    return (providers,
            np.fromiter((0 if p is None else len(p) for p in providers), np.int64, count),
            np.fromiter(map(_SECOND, resolved), dtype=bool, count=count),
            np.fromiter(map(_THIRD, resolved), dtype=np.int64, count=count))

_TEXT_COLUMNS = tuple(name for name in ROW_COLUMNS
                      if name not in ("negotiated_rate", "rate_group"))  # every row's text
_NUMBER_TYPES = {"negotiated_rate": np.float64, "n_providers": np.int64, "tin_only": bool,
                 "unresolved_refs": np.int64, "rate_group": np.int64}
