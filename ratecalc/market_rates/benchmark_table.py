"""Market statistics as rows of the canonical Benchmarks table (:data:`ratecalc.schema.BENCHMARKS`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import pandas as pd

from ratecalc.market_caveats import cited_source as cited_source  # re-exported: its callers
from ratecalc.market_caveats import flagged_source
from ratecalc.market_region import market_region as market_region  # re-exported: its callers
from ratecalc.money import round_cents
from ratecalc.remedies import remedy
from ratecalc.schema import BENCHMARKS

#: The billing class of the prices Benchmarks rows are made of: a clinic bills professional
#: claims, and a facility's (institutional) price for the same code is another fee.
BENCHMARK_BILLING_CLASS = "professional"


def no_professional_prices(codes_in_file: bool | Collection[str] = True,
                           asked: Collection[str] | None = None, files: int = 1) -> str:
    """Why an import into the Benchmarks added nothing, when the default class kept no price.

    ``codes_in_file``: the codes asked that the files hold items of, whatever their prices'
    class (:func:`~ratecalc.market_rates.extract.codes_found_in`), or only whether they hold
    any (where which is not known). Without one there was no price of any class to keep, and
    blaming a facility's prices (as it did for a file of no ``in_network`` item) sent the user
    after a class that changes nothing; with some, only those are a facility's, and the codes
    of ``asked`` the files lack are named as not in them. ``files``: how many files were
    pooled; of several the note says "these files" (it said "this file" of them).
    """
    the, this = ("the file", "this file") if files == 1 else ("the files", "these files")
    if not codes_in_file:
        return (f"no price for these codes in {the}: nothing added to the Benchmarks "
                f"({'its' if files == 1 else 'their'} in_network items hold none of the codes "
                f"asked for)")
    owner = "The file's" if files == 1 else "The files'"
    if isinstance(codes_in_file, bool):
        return ("no professional price for these codes: nothing added to the Benchmarks. "
                f"{owner} prices are a facility's (billing class institutional), another fee "
                f"than a clinic's; {remedy('billing_class')}")
    found = sorted(codes_in_file)
    absent = sorted(set(asked or ()) - set(found))
    lacking = (f"; not in {this} at all, of any billing class: {', '.join(absent)}"
               if absent else "")
    return ("no professional price for these codes: nothing added to the Benchmarks. "
            f"{owner} prices for {', '.join(found)} are a facility's (billing class "
            f"institutional), another fee than a clinic's; {remedy('billing_class')}{lacking}")


def billing_class_for(requested: str | None, *, benchmarks: bool) -> str | None:
    """The billing class of the prices to keep: the one asked for; else, where they become
    Benchmarks rows, :data:`BENCHMARK_BILLING_CLASS` (a file of facility prices wrote them as a
    clinic's market, flagged but used); else every class.

    Examples
    --------
    >>> billing_class_for(None, benchmarks=True), billing_class_for(None, benchmarks=False)
    ('professional', None)
    >>> billing_class_for("institutional", benchmarks=True)
    'institutional'
    """
    return requested if requested is not None or not benchmarks else BENCHMARK_BILLING_CLASS


# Our statistics -> the Benchmarks table's percentile columns.
STAT_TO_BENCHMARK = {"p25": "p25", "median": "p50", "p75": "p75", "p90": "p90"}


def benchmark_rows(
    codes: pd.DataFrame, *, source: str, as_of: date | None, region: str = ""
) -> pd.DataFrame:
    """Rows for the Benchmarks table from per-code market statistics.

    Parameters
    ----------
    codes : pandas.DataFrame
        :attr:`MarketRateStats.codes <ratecalc.market_rates.stats.MarketRateStats.codes>`.
    source : str
        Where the figures come from (the TiC file and its publisher).
    as_of : date or None
        The file's ``last_updated_on``.
    region : str
        The Benchmarks key's region: where the prices come from (:func:`market_region`).

    Returns
    -------
    pandas.DataFrame
        Columns of the Benchmarks table in its order; one row per code with at least one dollar
        price; percentiles in USD per unit rounded half-up to cents (this is presentation);
        ``source`` with the code's facility-claims and ``expired`` flags, if any
        (:func:`~ratecalc.market_caveats.flagged_source`).

    Examples
    --------
    >>> stats = pd.DataFrame({"code": ["97110"], "n_prices": [4], "p25": [37.5],
    ...                       "median": [45.0], "p75": [52.5], "p90": [57.0]})
    >>> float(benchmark_rows(stats, source="TiC file x", as_of=None).iloc[0]["p50"])
    45.0
    """
    priced = codes[codes["n_prices"] > 0]
    if "modifiers" in priced.columns:
        # a benchmark is the plain code's market: prices with modifiers have their own rows
        priced = priced[priced["modifiers"].fillna("") == ""]
    out = pd.DataFrame({"code": priced["code"].astype(str), "region": region})
    for ours, theirs in STAT_TO_BENCHMARK.items():
        out[theirs] = round_cents(priced[ours].to_numpy(dtype=float))
    flags = priced["flags"].tolist() if "flags" in priced.columns else [()] * len(priced)
    out["source"] = [flagged_source(source, f) for f in flags]
    out["as_of"] = as_of
    return out.reindex(columns=BENCHMARKS.column_names).reset_index(drop=True)
