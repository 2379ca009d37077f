"""Benchmarks from the store: percentiles per code, by payer and pooled, computed by DuckDB.

The query reads the store's Parquet partitions in place (no load step) and keeps the prices the
in-memory statistics keep (:func:`~ratecalc.market_rates.stats.market_rate_stats`): dollar
prices (``negotiated``, ``fee schedule``) of per-unit arrangements. Percentiles are DuckDB's
``quantile_cont``: linear interpolation between order statistics, the same definition (type 7,
numpy's default, Excel's PERCENTILE.INC) as the in-memory path, which a test checks on the same
files. ``--region`` keeps the prices listing at least one NPI practising there, as the NPI
filter does when reading.

duckdb is an optional dependency (the store extra, :data:`ratecalc.remedies.STORE_EXTRA`),
imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.errors import InputError
from ratecalc.market_rates.records import DOLLAR_TYPES, PER_UNIT_ARRANGEMENTS, normalize_code
from ratecalc.market_rates.stats import expired_text, facility_claims_text
from ratecalc.market_rates.store import DamagedStore, MarketStore
from ratecalc.ranking import name_rank
from ratecalc.remedies import STORE_EXTRA

POOLED = "all payers"
QUANTILES = {"p25": 0.25, "median": 0.5, "p75": 0.75, "p90": 0.9}
#: Columns of :func:`store_benchmarks` and their units: negotiated rates in dollars per unit.
RESULT_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "code": Unit.TEXT, "modifiers": Unit.TEXT, "n_prices": Unit.COUNT,
    "n_files": Unit.COUNT, "min": Unit.MONEY, "p25": Unit.MONEY, "median": Unit.MONEY,
    "p75": Unit.MONEY, "p90": Unit.MONEY, "max": Unit.MONEY, "as_of": Unit.DATE,
    "n_expired": Unit.COUNT, "flags": Unit.TEXT,
}
#: Headers of :data:`RESULT_UNITS`' columns in words (the Benchmarks sheet's "As of").
RESULT_HEADERS: dict[str, str] = {
    "payer": "Payer", "code": "Code", "modifiers": "Modifiers", "n_prices": "Prices",
    "n_files": "Files", "min": "Min", "p25": "P25", "median": "Median", "p75": "P75",
    "p90": "P90", "max": "Max", "as_of": "As of", "n_expired": "Expired", "flags": "Flags",
}
RESULT_COLUMNS = tuple(RESULT_UNITS)


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise InputError(f"the store's benchmarks need duckdb: {STORE_EXTRA}") from None
    return duckdb


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))


def _literal_path(path: Path) -> str:
    """``path`` as DuckDB's file readers take it literally: they read a path holding ``*``,
    ``?`` or ``[`` as a glob (a store in a folder named ``st?re`` read the partitions of
    ``stare`` beside it too, each price counted twice), so each such character is written as
    a class holding it alone (``[?]``)."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in str(path))


def store_benchmarks(
    store: MarketStore | str | Path,
    *,
    codes: Iterable[str] | None = None,
    npis: Iterable[str] | None = None,
    billing_class: str | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Percentiles of the stored prices per code, per payer and for all payers pooled.

    Parameters
    ----------
    store : MarketStore or path
        The store folder.
    codes : iterable of str, optional
        Codes to report (default: every stored code).
    npis : iterable of str, optional
        Keep prices listing one of these providers (a region's NPIs).
    billing_class : {"professional", "institutional"}, optional
        Keep prices of this class and those marked "both".
    today : date, optional
        The day the prices are read as of: those whose ``expiration_date`` is earlier count in
        ``n_expired`` and the row's ``expired`` flag. None: not checked.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESULT_COLUMNS`; ``payer`` is :data:`POOLED` on the pooled rows; money in
        USD per unit, unrounded; ``as_of`` the newest ``last_updated_on`` of the files used;
        ``flags`` the row's prices billed institutional and expired, in the words of the
        import's flags (:func:`~ratecalc.market_rates.stats.facility_claims_text`,
        :func:`~ratecalc.market_rates.stats.expired_text`).
        A price with modifiers is another service's price: each combination (``"GP+CQ"``) has its
        own rows, and the code's own rows (``modifiers`` empty) hold only plain prices. Sorted by
        code and modifiers, pooled row first, then payers by name
        (:func:`ratecalc.ranking.name_key`: case-insensitively).
    """
    store = store if isinstance(store, MarketStore) else MarketStore(store)
    duckdb = _duckdb()
    # the complete partitions, by name: one left by a stopped run (no record) is never read
    partitions = store.partitions()
    files = pd.DataFrame({"file": [p.parent.name.removeprefix("file=") for p in partitions]},
                         dtype=str)
    empty = pd.DataFrame(columns=list(RESULT_COLUMNS))
    if files.empty:
        return empty
    con = duckdb.connect()
    try:
        con.register("complete_files", files)
        where = [
            f"negotiated_type IN ({_sql_list(DOLLAR_TYPES)})",
            f"negotiation_arrangement IN ({_sql_list(PER_UNIT_ARRANGEMENTS)})",
            "file IN (SELECT file FROM complete_files)",
        ]
        if codes is not None:
            where.append(f"code IN ({_sql_list(normalize_code(c) for c in codes)})")
        if billing_class is not None:
            where.append(f"billing_class IN ({_sql_list([billing_class, 'both'])})")
        read = _sql_list(_literal_path(p) for p in partitions)
        chosen = "prices"
        region = ""
        if npis is not None:
            con.register("region_npis", pd.DataFrame({"npi": sorted(set(npis))}, dtype=str))
            region = """,
            matched AS (
                SELECT DISTINCT file, price_id
                FROM (SELECT file, price_id, unnest(providers) AS npi FROM prices) u
                JOIN region_npis r ON u.npi = r.npi
            ),
            chosen AS (SELECT p.* FROM prices p SEMI JOIN matched m
                       ON p.file = m.file AND p.price_id = m.price_id)"""
            chosen = "chosen"
        quantiles = ",\n".join(f"quantile_cont(negotiated_rate, {q}) AS {name}"
                               for name, q in QUANTILES.items())
        # an unreadable or empty expiration_date is no date: never expired
        expired = ("FALSE" if today is None else
                   f"coalesce(TRY_CAST(expiration_date AS DATE) < DATE '{today.isoformat()}', "
                   "FALSE)")
        sql = f"""
            WITH prices AS (
                SELECT * FROM read_parquet([{read}], hive_partitioning = true,
                                           hive_types_autocast = false)
                WHERE {' AND '.join(where)}
            ){region}
            SELECT coalesce(any_value(payer_name), '') AS payer_name,
                   grouping(payer) AS pooled, code, mods AS modifiers,
                   count(*) AS n_prices, count(DISTINCT file) AS n_files,
                   min(negotiated_rate) AS min, {quantiles},
                   max(negotiated_rate) AS max, max(last_updated_on) AS as_of,
                   count(*) FILTER (WHERE billing_class = 'institutional') AS n_institutional,
                   count(*) FILTER (WHERE {expired}) AS n_expired,
                   min(expiration_date) FILTER (WHERE {expired}) AS first_expired,
                   max(expiration_date) FILTER (WHERE {expired}) AS last_expired
            FROM (SELECT *, replace(coalesce(modifiers, ''), ',', '+') AS mods FROM {chosen})
            GROUP BY GROUPING SETS ((payer, code, mods), (code, mods))
        """
        try:
            result = con.execute(sql).df()
        except duckdb.Error as exc:  # its words name no file: find the damaged ones
            damaged = store.unreadable(partitions)
            if damaged:
                raise DamagedStore(store.root, damaged) from None
            raise InputError(f"store '{store.root}': its prices could not be queried "
                             f"({' '.join(str(exc).split())})") from None
    finally:
        con.close()
    if result.empty:
        return empty
    result["payer"] = result["payer_name"].where(result["pooled"] == 0, POOLED)
    result["_order"] = (result["pooled"] == 0).astype(int)
    # payers by name as every list shows them, case-insensitively
    result = result.assign(_name=name_rank(result["payer"])).sort_values(
        ["code", "modifiers", "_order", "_name"], kind="stable").reset_index(drop=True)
    result["as_of"] = pd.to_datetime(result["as_of"], errors="coerce").dt.date
    result["flags"] = [_flags(*row, today) for row in zip(
        result["n_prices"], result["n_institutional"], result["n_expired"],
        result["first_expired"], result["last_expired"], strict=True)]
    return result[list(RESULT_COLUMNS)].astype({"n_prices": int, "n_files": int,
                                                "n_expired": int})


def _flags(n: int, institutional: int, expired: int, first: object, last: object,
           today: date | None) -> tuple[str, ...]:
    """A row's flags, as the import flags a code's prices."""
    flags = []
    if institutional:
        flags.append(facility_claims_text(int(institutional), int(n)))
    if expired and today is not None:
        flags.append(expired_text(int(expired), int(n), [first, last], today))
    return tuple(flags)
