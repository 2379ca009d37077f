"""Per-code statistics of negotiated prices, with outlier and ghost-rate flags that name their rule.

Percentiles use linear interpolation between order statistics (Hyndman and Fan type 7: numpy's
default, Excel's ``PERCENTILE.INC``). Amounts stay unrounded here; callers round once, at
presentation, with :func:`ratecalc.money.round_cents`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import numpy as np
import pandas as pd

from ratecalc.code_forms import CODE_PATTERN
from ratecalc.column_units import Unit, columns_of
from ratecalc.market_caveats import EXPIRED_LABEL, FACILITY_LABEL
from ratecalc.market_rates.records import (
    ARRANGEMENT_UNITS,
    DOLLAR_TYPES,
    OTHER_TYPE_UNITS,
    PER_UNIT_ARRANGEMENTS,
    normalize_code,
)
from ratecalc.money import (
    NOISE_PLACES,
    half_up,
    shown_money_text,
    stated_percent_text,
    typed_decimal,
)

PERCENTILES = {"p25": 25.0, "median": 50.0, "p75": 75.0, "p90": 90.0}
#: Columns of :attr:`MarketRateStats.codes` and what their figures are: the glossary of the
#: table and how every output shows it (a column is added here or not at all). The negotiated
#: rates are dollars per unit; ``pct_of_medicare`` is the median over the Medicare amount, shown
#: as the Comparison sheet shows a percent of Medicare.
STAT_UNITS: dict[str, Unit] = {
    "code": Unit.TEXT, "modifiers": Unit.TEXT, "billing_code_type": Unit.TEXT,
    "n_prices": Unit.COUNT, "n_providers": Unit.COUNT, "min": Unit.MONEY, "p25": Unit.MONEY,
    "median": Unit.MONEY, "p75": Unit.MONEY, "p90": Unit.MONEY, "max": Unit.MONEY,
    "median_provider_weighted": Unit.MONEY, "medicare_amount": Unit.MONEY,
    "pct_of_medicare": Unit.PERCENT, "n_outliers": Unit.COUNT, "n_ghost": Unit.COUNT,
    "n_expired": Unit.COUNT, "flags": Unit.TEXT, "n_other_rates": Unit.COUNT,
}
#: Headers of :data:`STAT_UNITS`' columns in words; the Benchmarks and Comparison sheets' where
#: they show the column ("P25", "Medicare", "% of Medicare").
STAT_HEADERS: dict[str, str] = {
    "code": "Code", "modifiers": "Modifiers", "billing_code_type": "Code type",
    "n_prices": "Prices", "n_providers": "Providers", "min": "Min", "p25": "P25",
    "median": "Median", "p75": "P75", "p90": "P90", "max": "Max",
    "median_provider_weighted": "Median by provider", "medicare_amount": "Medicare",
    "pct_of_medicare": "% of Medicare", "n_outliers": "Outliers", "n_ghost": "Ghost rates",
    "n_expired": "Expired", "flags": "Flags", "n_other_rates": "Other rates",
}
STAT_COLUMNS = tuple(STAT_UNITS)
MONEY_COLUMNS = columns_of(STAT_UNITS, Unit.MONEY)
#: Columns of :attr:`MarketRateStats.other_rates`: ``min``, ``median`` and ``max`` are in the
#: row's ``unit`` (percent of billed charges, USD per day...), not dollars per unit.
OTHER_UNITS: dict[str, Unit] = {
    "code": Unit.TEXT, "negotiated_type": Unit.TEXT, "n_prices": Unit.COUNT,
    "min": Unit.AMOUNT, "median": Unit.AMOUNT, "max": Unit.AMOUNT, "unit": Unit.TEXT,
}
#: Headers of :data:`OTHER_UNITS`' columns in words.
OTHER_HEADERS: dict[str, str] = {
    "code": "Code", "negotiated_type": "Rate type", "n_prices": "Prices", "min": "Min",
    "median": "Median", "max": "Max", "unit": "Unit",
}
OTHER_COLUMNS = tuple(OTHER_UNITS)

OUTLIER_RULES = ("outlier_iqr", "outlier_vs_medicare")
GHOST_RULES = ("ghost_placeholder", "ghost_no_npi", "ghost_broad")


@dataclass(frozen=True)
class FlagRules:
    """Thresholds of the outlier and ghost-rate rules (settings, not facts).

    Parameters
    ----------
    iqr_factor : float
        ``outlier_iqr``: a price outside ``[Q1 - k*IQR, Q3 + k*IQR]`` of its code's prices
        (Tukey's "far out" fences at k = 3), for codes with at least ``iqr_min_prices`` prices.
    iqr_min_prices : int
        Fewer prices than this and quartiles mean little: the IQR rule is not applied.
    medicare_low, medicare_high : float
        ``outlier_vs_medicare``: a price below ``medicare_low`` or above ``medicare_high`` times
        the locality's Medicare amount [fraction, 1.0 = 100%]. Commercial rates average about
        1.22 x Medicare, with state averages from 0.98 to 1.88 (HCCI; DOMAIN.md section 4).
    placeholder_below : float
        ``ghost_placeholder``: a price below this [USD] (0.01 or 0 rates published as fillers).
    broad_providers : int
        ``ghost_broad``: one price listed for at least this many distinct providers, the mark of
        a network-wide schedule published for every provider whether or not they bill the code.
    """

    iqr_factor: float = 3.0
    iqr_min_prices: int = 5
    medicare_low: float = 0.5
    medicare_high: float = 3.0
    placeholder_below: float = 1.0
    broad_providers: int = 1000


RULE_TEXT = {
    "outlier_iqr": "outside the far-out fences Q1 - {k}*IQR .. Q3 + {k}*IQR",
    "outlier_vs_medicare": "below {lo} or above {hi} of the Medicare amount",
    "ghost_placeholder": "below {ph}, a placeholder rather than a rate",
    "ghost_no_npi": "contracted at TIN level only (no NPI): an organisation, no clinician",
    "ghost_broad": "listed for {bp}+ providers: a network-wide schedule, not a negotiated rate",
    "institutional_class": "billing class institutional (facility claim), not a professional fee",
    "expired": "past their expiration_date ({dates}) as of {today}",
}

#: What a person reads for each rule (its name stays the machine's, in the prices' ``flags``).
RULE_LABEL = {
    "outlier_iqr": "far from the other prices",
    "outlier_vs_medicare": "far from Medicare",
    "ghost_placeholder": "placeholder",
    "ghost_no_npi": "no clinician",
    "ghost_broad": "network-wide schedule",
    "institutional_class": FACILITY_LABEL,
    "expired": EXPIRED_LABEL,
}


def facility_claims_text(hit: int, n: int) -> str:
    """How every output flags a code's prices billed institutional (a facility's claim, not a
    clinic's fee): the import's table, ``--json`` and CSV, and ``market-rates benchmark``.

    Examples
    --------
    >>> facility_claims_text(2, 3)
    'facility claims: 2 of 3 prices billing class institutional (facility claim), not a \
professional fee'
    """
    return f"{RULE_LABEL['institutional_class']}: {hit} of {n} prices " \
        f"{RULE_TEXT['institutional_class']}"


def expiration_day(text: object) -> date | None:
    """A price's ``expiration_date`` as a day; None when it has none or it is not a date
    (the schema's ``YYYY-MM-DD``)."""
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def expiry_day(as_of: date | None, workbook_day: date | None, today: date) -> date:
    """The day a market price is judged "expired" on (its ``expiration_date`` earlier): the day
    asked for (``--as-of``), else, importing into a workbook, the workbook's analysis date (its
    Settings; every other comparison of that import is the workbook's, and a billing manager
    analysing as of that day expects its prices judged on it), else ``today``.

    Every output of the flag asks here, through the ``today`` it is given: the import's and
    ``market-rates benchmark``'s table, ``--json``, ``--out`` CSV, and the Benchmarks rows
    written to the workbook by either command or by the ribbon.

    Examples
    --------
    >>> expiry_day(None, date(2025, 12, 1), date(2026, 12, 6))
    datetime.date(2025, 12, 1)
    >>> expiry_day(date(2026, 3, 1), date(2025, 12, 1), date(2026, 12, 6))
    datetime.date(2026, 3, 1)
    >>> expiry_day(None, None, date(2026, 12, 6))
    datetime.date(2026, 12, 6)
    """
    return as_of or workbook_day or today


def expired_mask(expiration_dates: pd.Series, today: date) -> np.ndarray:
    """Which prices expired before ``today``: their ``expiration_date`` is an earlier day (a
    price is good through its expiration date)."""
    days = [expiration_day(t) for t in expiration_dates.tolist()]
    return np.fromiter((d is not None and d < today for d in days), dtype=bool, count=len(days))


def _dates_text(expiration_dates: Iterable[object]) -> str:
    days = sorted({d for d in map(expiration_day, expiration_dates) if d is not None})
    if not days:
        return "no date"
    return days[0].isoformat() if len(days) == 1 else \
        f"{days[0].isoformat()} to {days[-1].isoformat()}"


def expired_text(hit: int, n: int, expiration_dates: Iterable[object], today: date) -> str:
    """How every output flags a code's expired prices (the import's table, ``--json``, CSV and
    the Benchmarks rows' source).

    Examples
    --------
    >>> expired_text(2, 3, ["2025-12-31", "2025-12-31"], date(2026, 12, 5))
    'expired: 2 of 3 prices past their expiration_date (2025-12-31) as of 2026-12-05'
    """
    rule = RULE_TEXT["expired"].format(dates=_dates_text(expiration_dates),
                                       today=today.isoformat())
    return f"{RULE_LABEL['expired']}: {hit} of {n} prices {rule}"


def expired_warning(prices: pd.DataFrame, today: date, files: int = 1) -> str | None:
    """The warning of an import whose dollar prices (``MarketRateStats.prices``) include
    expired ones: how many, and their dates; None when none expired. ``files``: how many files
    they were pooled from (the payers' current files, of several)."""
    if "expiration_date" not in prices.columns or prices.empty:
        return None
    expired = expired_mask(prices["expiration_date"], today)
    if not expired.any():
        return None
    dates = _dates_text(prices.loc[expired, "expiration_date"])
    return (f"{int(expired.sum()):,} of the {len(prices):,} dollar prices expired "
            f"(expiration_date {dates}, before {today.isoformat()}): they are still in the "
            f"statistics, flagged 'expired' per code; "
            + ("the payer's current file may differ" if files == 1
               else "the current files may differ"))


@dataclass(frozen=True)
class MarketRateStats:
    """Statistics of one extraction.

    Attributes
    ----------
    codes : pandas.DataFrame
        One row per code (sorted), columns :data:`STAT_COLUMNS`; money in USD per unit,
        unrounded; ``pct_of_medicare`` as a fraction (1.0 = 100%) of ``medicare_amount``;
        ``flags`` a tuple of ``"rule: count of n prices ..."`` texts.
    prices : pandas.DataFrame
        The dollar prices used, with a ``flags`` column naming the rules each one trips.
    other_rates : pandas.DataFrame
        Percentage, per-diem and derived prices per code and type, columns :data:`OTHER_COLUMNS`.
    rules : FlagRules
        The thresholds applied.
    """

    codes: pd.DataFrame
    prices: pd.DataFrame
    other_rates: pd.DataFrame
    rules: FlagRules = field(default_factory=FlagRules)


def weighted_percentile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Percentile of ``values`` where each value counts ``weights`` times (type 7).

    Equal to ``numpy.percentile(numpy.repeat(values, weights), q)`` without building the repeat.

    Parameters
    ----------
    values : numpy.ndarray
        The numbers [any unit].
    weights : numpy.ndarray
        Non-negative whole numbers: how many times each value counts.
    q : float
        Percentile [0-100].

    Returns
    -------
    float
        NaN when the weights sum to zero.

    Notes
    -----
    With the repeated values sorted, ``x_0 <= ... <= x_{N-1}`` and ``h = (N - 1) q / 100``:
    ``P = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))``.

    Examples
    --------
    >>> weighted_percentile(np.array([10.0, 20.0]), np.array([3, 1]), 50)
    10.0
    """
    order = np.argsort(values, kind="stable")
    v = np.asarray(values, dtype=float)[order]
    w = np.asarray(weights, dtype=np.int64)[order]
    cum = np.cumsum(w)
    total = int(cum[-1]) if cum.size else 0
    if total == 0:
        return float("nan")
    h = (total - 1) * q / 100.0
    lo = int(np.floor(h))
    hi = min(lo + 1, total - 1)
    x_lo = v[np.searchsorted(cum, lo, side="right")]
    x_hi = v[np.searchsorted(cum, hi, side="right")]
    return float(x_lo + (h - lo) * (x_hi - x_lo))


def _quartiles(values: np.ndarray) -> tuple[Fraction, Fraction]:
    """The first and third quartiles of ``values`` as ``numpy.percentile`` defines them
    (linear, type 7), in the decimals typed (:func:`ratecalc.money.typed_decimal`)."""
    ordered = np.sort(values)
    out = []
    for quarter in (1, 3):
        h = Fraction((len(ordered) - 1) * quarter, 4)
        lo = int(h)
        a = typed_decimal(ordered[lo])
        b = typed_decimal(ordered[min(lo + 1, len(ordered) - 1)])
        out.append(a + (h - lo) * (b - a))
    return out[0], out[1]


def _flag_prices(
    prices: pd.DataFrame, medicare: Mapping[str, float | None], rules: FlagRules
) -> pd.DataFrame:
    """The dollar prices with a ``flags`` column (comma-separated rule names)."""
    flags: list[list[str]] = [[] for _ in range(len(prices))]
    rates = prices["negotiated_rate"].to_numpy(dtype=float)
    for (code, _), idx in prices.groupby(["code", "modifiers"], sort=False).indices.items():
        r = rates[idx]
        # each fence worked in the decimals typed, then compared as the nearest double: no
        # double lies between a price and a fence of a few decimals that it equals, so a price
        # on a fence is inside it (in binary, 30.20 + 3 x (30.20 - 30.10) was 30.499999999999993
        # and 3 x 10.03 was 30.089999999999996, each under a price equal to it)
        if r.size >= rules.iqr_min_prices:
            q1, q3 = _quartiles(r)
            k = typed_decimal(rules.iqr_factor) * (q3 - q1)
            for i in idx[(r < float(q1 - k)) | (r > float(q3 + k))]:
                flags[i].append("outlier_iqr")
        amount = medicare.get(code)
        if amount:
            low, high = (float(typed_decimal(share) * typed_decimal(amount))
                         for share in (rules.medicare_low, rules.medicare_high))
            for i in idx[(r < low) | (r > high)]:
                flags[i].append("outlier_vs_medicare")
    tin_only = prices["tin_only"].to_numpy()
    n_providers = prices["n_providers"].to_numpy()
    for i in range(len(prices)):
        if rates[i] < rules.placeholder_below:
            flags[i].append("ghost_placeholder")
        if tin_only[i]:
            flags[i].append("ghost_no_npi")
        if n_providers[i] >= rules.broad_providers:
            flags[i].append("ghost_broad")
    out = prices.copy()
    out["flags"] = [",".join(f) for f in flags]
    return out


def _describe_flags(n: int, hits: Mapping[str, int], rules: FlagRules) -> tuple[str, ...]:
    """The flag texts of a code's ``n`` prices, given how many trip each rule (and how many
    are of billing class institutional, under ``"institutional_class"``)."""
    texts = []
    for rule in (*OUTLIER_RULES, *GHOST_RULES):
        hit = hits[rule]
        if hit:
            # the thresholds as the rules apply them, every decimal: "{lo:.0%}" said a rule
            # at 12.5% of Medicare as 12%, "${ph:.2f}" a $2.675 threshold as $2.67
            text = RULE_TEXT[rule].format(
                k=rules.iqr_factor, lo=stated_percent_text(rules.medicare_low),
                hi=stated_percent_text(rules.medicare_high),
                ph=shown_money_text(half_up(rules.placeholder_below, NOISE_PLACES)),
                bp=rules.broad_providers)
            texts.append(f"{RULE_LABEL[rule]}: {hit} of {n} prices {text}")
    institutional = hits["institutional_class"]
    if institutional:
        texts.append(facility_claims_text(institutional, n))
    return tuple(texts)


def modifier_key(value: object) -> str:
    """A price's modifier combination as one key: ``"GP,CQ"`` -> ``"GP+CQ"``; ``""`` for none.

    Examples
    --------
    >>> modifier_key("gp, cq"), modifier_key(None)
    ('GP+CQ', '')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    parts = [m.strip().upper() for m in str(value).replace("+", ",").split(",") if m.strip()]
    return "+".join(dict.fromkeys(parts))


#: The class a code's prices may have besides the one read (``both`` counts as either).
_OTHER_CLASS = {"professional": "institutional", "institutional": "professional"}


def no_price_reason(code: str, billing_class: str | None, in_file: bool | None,
                    files: int = 1) -> str:
    """The flag of a code asked for that has no price of the class read: whether the file
    has the code at all, the one rule of every report that says it.

    ``in_file``: whether the file has an ``in_network`` item of the code, whatever its
    prices' class (:attr:`MarketRates.codes_found`); None when not known. A code the file
    lacks is "not in this file" whichever class is read; one priced for the other class only
    is in it, and only ``--billing-class`` of that class reads it. Read for one class, both
    runs of a code the file lacks said "--billing-class reads another", sending the user from
    one to the other. ``files``: how many files the prices were pooled from; of several, the
    words are "these files" (they said "this file" of a table of contents' dozen).

    >>> no_price_reason("92507", "professional", False)
    'not_in_file: this code is not in this file (no price of any billing class)'
    >>> no_price_reason("97110", "professional", True)[:60]
    'other_billing_class_only: no professional price for this cod'
    >>> no_price_reason("92507", "professional", False, files=3)
    'not_in_file: this code is not in these files (no price of any billing class)'
    """
    # a typo ("9711", "ABC") must not read as "this payer publishes no price"
    shape = ("" if CODE_PATTERN.match(code) else
             " (nor is it shaped as a CPT/HCPCS code is, five digits, a letter and four digits, "
             "or four digits and a letter: a typo?)")
    the, this = ("the file", "this file") if files == 1 else ("the files", "these files")
    if not billing_class:
        return f"not_in_file: no price for this code in {the}{shape}"
    if in_file is False:
        return f"not_in_file: this code is not in {this} (no price of any billing class){shape}"
    if in_file:
        other = _OTHER_CLASS.get(billing_class)
        return (f"other_billing_class_only: no {billing_class} price for this code; {the} "
                f"price{'s' if files == 1 else ''} it for another billing class"
                + (f" (--billing-class {other} reads those)" if other else ""))
    # not known which (a store written before the codes found were kept)
    return (f"not_in_file: no {billing_class} price for this code in {the}, the only "
            f"billing class read (--billing-class reads another){shape}")


def market_rate_stats(
    prices: pd.DataFrame,
    *,
    medicare: Mapping[str, float | None] | None = None,
    codes: Iterable[str] | None = None,
    rules: FlagRules | None = None,
    medicare_problems: Mapping[str, str] | None = None,
    billing_class: str | None = None,
    today: date | None = None,
    codes_found: Iterable[str] | None = None,
    files: int = 1,
) -> MarketRateStats:
    """Per-code statistics of negotiated dollar prices.

    Parameters
    ----------
    prices : pandas.DataFrame
        :attr:`MarketRates.prices <ratecalc.market_rates.extract.MarketRates.prices>`.
    medicare : mapping of str to float, optional
        Medicare amount per code [USD per unit] for the locality and date of interest; enables
        ``pct_of_medicare`` and the ``outlier_vs_medicare`` rule.
    codes : iterable of str, optional
        Codes asked for: a code with no price in the file still gets a row (``n_prices`` 0,
        flag ``not_in_file``).
    rules : FlagRules, optional
        Flag thresholds.
    medicare_problems : mapping of str to str, optional
        Why Medicare has no amount for a code: shown as the flag ``no_medicare_amount``.
    billing_class : str, optional
        The only billing class read (``ExtractOptions.billing_class``): a code asked for with
        no price then has none of that class, which its flag says (:func:`no_price_reason`).
    today : date, optional
        The day the prices are read as of: a price whose ``expiration_date`` is earlier
        counts in ``n_expired`` and its code's ``expired`` flag (:func:`expired_text`).
        None: expiration is not checked (``n_expired`` 0).
    codes_found : iterable of str, optional
        The codes the files have items of, whatever their prices' class
        (:func:`~ratecalc.market_rates.extract.codes_found_in`): a code without a price of
        ``billing_class`` is then told "not in this file" or priced for another class only.
        None: not known.
    files : int, optional
        How many files ``prices`` were pooled from, for the words of those flags.

    Returns
    -------
    MarketRateStats

    Notes
    -----
    Over a code's price entries (one per negotiated price of type ``negotiated`` or
    ``fee schedule`` in a fee-for-service arrangement that passed the filters; the others, and
    bundle or capitation prices, go to ``other_rates``): ``n_prices``; ``min``, ``p25``, ``median``,
    ``p75``, ``p90``, ``max`` (type 7); ``n_providers``, the distinct providers (NPIs; a
    TIN-level group counts once, as its TIN); ``median_provider_weighted``, the median where each
    distinct (provider, price entry) pair counts once, i.e. each price weighted by its number of
    distinct providers; ``pct_of_medicare = median / medicare_amount``. Flagged prices stay in
    the statistics: the flags say how far to trust them.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "code": ["97110"] * 4, "billing_code_type": "CPT", "negotiated_type": "negotiated",
    ...     "negotiated_rate": [30.0, 40.0, 50.0, 60.0], "billing_class": "professional",
    ...     "providers": [("1",), ("2",), ("3",), ("4",)], "n_providers": 1, "tin_only": False})
    >>> row = market_rate_stats(frame).codes.iloc[0]
    >>> [float(row[c]) for c in ("p25", "median", "p90")]
    [37.5, 45.0, 57.0]
    """
    rules = rules or FlagRules()
    medicare = {normalize_code(k): v for k, v in (medicare or {}).items()}
    if "negotiation_arrangement" not in prices:  # a frame built by hand: fee for service
        prices = prices.assign(negotiation_arrangement="ffs")
    # prices with modifiers (CQ, 52, GP+CQ...) are other services' prices: each combination
    # gets its own row, and the plain code's statistics hold only plain prices
    prices = prices.assign(modifiers=(prices["modifiers"].map(modifier_key)
                                      if "modifiers" in prices else ""))
    per_unit = prices["negotiated_type"].isin(DOLLAR_TYPES) & prices[
        "negotiation_arrangement"].isin(PER_UNIT_ARRANGEMENTS)
    dollars = prices[per_unit].reset_index(drop=True)
    others = prices[~per_unit].copy()
    # a bundle's or capitation's dollar price is reported under its arrangement
    arranged = others["negotiated_type"].isin(DOLLAR_TYPES)
    others.loc[arranged, "negotiated_type"] = (
        others.loc[arranged, "negotiated_type"] + " ("
        + others.loc[arranged, "negotiation_arrangement"] + ")")
    flagged = _flag_prices(dollars, medicare, rules)

    wanted = [normalize_code(c) for c in codes] if codes is not None else []
    plain_codes = list(dict.fromkeys([*wanted, *prices["code"].tolist()]))
    combos = sorted(set(zip(dollars["code"], dollars["modifiers"], strict=True))
                    - {(c, "") for c in plain_codes})
    keys = [(c, "") for c in plain_codes] + combos
    # Per code, numpy on the rows' positions, not a frame per code: pandas' few hundred
    # microseconds a call, times several calls per code, was most of a 3,500-code file's time.
    by_code = flagged.groupby(["code", "modifiers"], sort=False).indices
    other_by_code = others.groupby("code", sort=False).indices
    rates = flagged["negotiated_rate"].to_numpy(dtype=float)
    weights = flagged["n_providers"].to_numpy()
    providers = flagged["providers"].tolist()
    code_types = flagged["billing_code_type"].tolist()
    other_code_types = others["billing_code_type"].tolist()
    # which rules each price trips: the texts a substring search of its flags finds
    flag_texts = flagged["flags"].tolist()
    tripped = {name: np.fromiter((name in text for text in flag_texts), dtype=bool,
                                 count=len(flag_texts))
               for name in (*OUTLIER_RULES, *GHOST_RULES, "outlier", "ghost")}
    tripped["institutional_class"] = (flagged["billing_class"] == "institutional").to_numpy(
        dtype=bool, na_value=False)
    expired = (expired_mask(flagged["expiration_date"], today)
               if today is not None and "expiration_date" in flagged.columns
               else np.zeros(len(flagged), dtype=bool))
    expirations = (flagged["expiration_date"].tolist() if "expiration_date" in flagged.columns
                   else [None] * len(flagged))
    found = None if codes_found is None else set(codes_found)
    rows = []
    for code, mods in keys:
        at = by_code.get((code, mods))
        other_at = other_by_code.get(code) if not mods else None
        amount = medicare.get(code) if not mods else None
        row: dict[str, object] = dict.fromkeys(STAT_COLUMNS)
        if at is not None:
            types = {code_types[i] for i in at}
        else:
            types = set() if other_at is None else {other_code_types[i] for i in other_at}
        row.update(code=code, modifiers=mods, n_prices=0, n_providers=0, n_outliers=0,
                   n_ghost=0, n_expired=0,
                   medicare_amount=amount, flags=(),
                   n_other_rates=0 if other_at is None else len(other_at),
                   billing_code_type=",".join(sorted(types)))
        if at is None:
            if other_at is None:
                row["flags"] = (no_price_reason(
                    code, billing_class, None if found is None else code in found, files),)
            else:
                row["flags"] = ("no_dollar_rates: only percentage, per-diem, derived, bundle or "
                                "capitation prices",)
            rows.append(row)
            continue
        r = rates[at]
        pct = np.percentile(r, list(PERCENTILES.values()))
        distinct: set[str] = set()
        for i in at:
            distinct.update(providers[i])
        hits = {name: int(hit[at].sum()) for name, hit in tripped.items()}
        flags = _describe_flags(len(r), hits, rules)
        gone = [i for i in at if expired[i]]
        if gone and today is not None:
            flags = (*flags, expired_text(len(gone), len(r), [expirations[i] for i in gone],
                                          today))
        row.update(
            n_prices=len(r), n_providers=len(distinct), min=float(r.min()), max=float(r.max()),
            **{name: float(v) for name, v in zip(PERCENTILES, pct, strict=True)},
            median_provider_weighted=weighted_percentile(r, weights[at], 50.0),
            n_outliers=hits["outlier"], n_ghost=hits["ghost"], n_expired=len(gone),
            flags=flags,
        )
        if amount:
            row["pct_of_medicare"] = row["median"] / amount  # type: ignore[operator]
        rows.append(row)
    for row in rows:
        problem = (medicare_problems or {}).get(str(row["code"]))
        if problem:
            row["flags"] = (*row["flags"], f"no_medicare_amount: {problem}")  # type: ignore[misc]
    rows.sort(key=lambda r: (str(r["code"]), str(r["modifiers"])))
    codes_frame = pd.DataFrame(rows, columns=list(STAT_COLUMNS))
    codes_frame = codes_frame.astype({c: float for c in (*MONEY_COLUMNS, "pct_of_medicare")})

    other_rows = []
    for (code, kind), g in others.groupby(["code", "negotiated_type"], sort=False):
        r = g["negotiated_rate"].to_numpy(dtype=float)
        arrangement = str(kind).partition(" (")[2].rstrip(")")
        unit = ARRANGEMENT_UNITS.get(arrangement) or OTHER_TYPE_UNITS.get(kind, "as published")
        other_rows.append((code, kind, len(r), float(r.min()), float(np.median(r)),
                           float(r.max()), unit))
    other_frame = pd.DataFrame(other_rows, columns=list(OTHER_COLUMNS))
    return MarketRateStats(codes_frame, flagged, other_frame, rules)
