"""What payers actually paid: per payer and code, and per payer claim performance.

Money stays exact (:class:`decimal.Decimal`, unrounded); fractions and days are floats.
Reversals and the claims they reverse cancel out and are left out, as are lines without a code
and predeterminations (priced, not paid); a claim reversed and corrected counts once, as its
correction (:func:`counted_claims`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

from ratecalc.column_units import Unit
from ratecalc.money import money_text
from ratecalc.ranking import name_key, name_rank
from ratecalc.remittance import values

# rate_lines is imported from here too
from ratecalc.remittance.line_filters import counted_lines
from ratecalc.remittance.line_filters import rate_lines as rate_lines
from ratecalc.remittance.paid_rates import key_groups, paid_rates

_ZERO = Decimal(0)

#: Columns of :func:`summarize_codes` and what their figures are: the glossary of the table and
#: how every output shows it (a column is added here or not at all).
CODE_SUMMARY_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "code": Unit.TEXT, "modifier": Unit.TEXT, "lines": Unit.COUNT,
    "units": Unit.NUMBER, "allowed_per_unit": Unit.MONEY, "rate_from": Unit.DATE,
    "earlier_rates": Unit.TEXT, "rate_lines": Unit.COUNT,
    "allowed": Unit.MONEY, "paid": Unit.MONEY, "denied_lines": Unit.COUNT,
    "denial_rate": Unit.PERCENT, "first_service_date": Unit.DATE,
    "last_service_date": Unit.DATE,
}
#: Headers of :data:`CODE_SUMMARY_UNITS`' columns in words.
CODE_SUMMARY_HEADERS: dict[str, str] = {
    "payer": "Payer", "code": "Code", "modifier": "Modifier", "lines": "Lines",
    "units": "Units", "allowed_per_unit": "Rate paid per unit", "rate_from": "Paid since",
    "earlier_rates": "Earlier rates paid", "rate_lines": "Lines showing the rates",
    "allowed": "Allowed", "paid": "Paid",
    "denied_lines": "Denied lines", "denial_rate": "Denial rate",
    "first_service_date": "First service", "last_service_date": "Last service",
}
CODE_SUMMARY_COLUMNS: tuple[str, ...] = tuple(CODE_SUMMARY_UNITS)
#: Columns of :func:`summarize_payers` and their units. The rates are shown as the Clinic
#: Metrics sheet shows ``clean_claim_rate`` and ``denial_rate`` (0.0%).
PAYER_SUMMARY_UNITS: dict[str, Unit] = {
    "payer": Unit.TEXT, "payer_id": Unit.TEXT, "claims": Unit.COUNT, "lines": Unit.COUNT,
    "charge": Unit.MONEY, "paid": Unit.MONEY, "provider_adjustments": Unit.MONEY,
    "clean_claims": Unit.COUNT, "clean_claim_rate": Unit.PERCENT,
    "denied_claims": Unit.COUNT, "denial_rate": Unit.PERCENT,
    "claims_with_days": Unit.COUNT, "days_to_payment_mean": Unit.DAYS,
    "days_to_payment_median": Unit.DAYS, "first_payment_date": Unit.DATE,
    "last_payment_date": Unit.DATE,
}
#: Headers of :data:`PAYER_SUMMARY_UNITS`' columns in words; the rates as the Clinic Metrics
#: sheet names them.
PAYER_SUMMARY_HEADERS: dict[str, str] = {
    "payer": "Payer", "payer_id": "Payer ID", "claims": "Claims", "lines": "Lines",
    "charge": "Charged", "paid": "Paid", "provider_adjustments": "Provider adjustments",
    "clean_claims": "Clean claims", "clean_claim_rate": "Clean claim rate",
    "denied_claims": "Denied claims", "denial_rate": "Denial rate",
    "claims_with_days": "Claims timed", "days_to_payment_mean": "Mean days to payment",
    "days_to_payment_median": "Median days to payment", "first_payment_date": "First payment",
    "last_payment_date": "Last payment",
}
PAYER_SUMMARY_COLUMNS: tuple[str, ...] = tuple(PAYER_SUMMARY_UNITS)


#: The line-table columns :func:`summarize_codes` and the filters it uses read.
_SUMMARY_INPUT = ("payer", "code", "modifier", "units", "allowed", "paid", "denied",
                  "service_date", "reversal", "reversed", "charge", "claim_status",
                  "allowed_source", "adjustments", "claim_adjustments", "claim_index")


def rate_periods(rates: pd.DataFrame
                 ) -> dict[tuple[str, str, str], list[tuple[Decimal, pd.Timestamp, int]]]:
    """The rates paid (:func:`~ratecalc.remittance.paid_rates.paid_rates`' table) by payer,
    code and modifier: each rate, its first day and the lines showing it, in the table's
    order."""
    periods: dict[tuple[str, str, str], list[tuple[Decimal, pd.Timestamp, int]]] = (
        defaultdict(list))
    for payer, code, modifier, rate, since, shown in zip(
        rates["payer"], rates["code"], rates["modifier"], rates["allowed_amount"],
        rates["effective_date"], rates["lines"], strict=True,
    ):
        periods[(payer, code, modifier)].append((rate, since, int(shown)))
    return periods


def summarize_codes(lines: pd.DataFrame) -> pd.DataFrame:
    """Summarise service lines per payer, code and pricing modifier.

    Parameters
    ----------
    lines : DataFrame
        The ``lines`` table of :class:`ratecalc.remittance.Remittances`.

    Returns
    -------
    DataFrame
        Columns :data:`CODE_SUMMARY_COLUMNS`: ``lines`` and ``units`` [units paid] counted;
        ``allowed_per_unit`` [USD per unit], the latest rate paid, in force since
        ``rate_from``, and ``earlier_rates``, the rates in force before it with their first
        days (text), all from :func:`ratecalc.remittance.paid_rates.paid_rates`, the rows a
        workbook import adds; ``rate_lines``, the lines showing those rates; ``allowed`` and
        ``paid`` [USD] sums; ``denied_lines`` and ``denial_rate`` [fraction of lines]. Sorted
        by payer, then lines (most first), then code.

    Notes
    -----
    Lines differing only in informational modifiers (GP, 59, KX) share a row; pricing modifiers
    (CQ, CO, 26, TC, ...) get their own.
    """
    # Only the columns read here: each filter below copies what it keeps, and the line table
    # has over forty columns.
    lines = lines[[name for name in _SUMMARY_INPUT if name in lines.columns]]
    counted = counted_lines(lines)
    periods = rate_periods(paid_rates(counted))
    rows = []
    for (payer, code, modifier), totals in _code_totals(counted).items():
        found = periods.get((payer, code, modifier), [])
        rows.append({
            "payer": payer, "code": code, "modifier": modifier, "lines": totals.lines,
            "units": totals.units,
            "allowed_per_unit": found[-1][0] if found else None,
            "rate_from": found[-1][1] if found else pd.NaT,
            "earlier_rates": "; ".join(f"{money_text(rate)} from {since:%Y-%m-%d}"
                                       for rate, since, _ in found[:-1]),
            "rate_lines": sum(shown for _, _, shown in found),
            "allowed": totals.allowed, "paid": totals.paid,
            "denied_lines": totals.denied_lines,
            "denial_rate": totals.denied_lines / totals.lines,
            "first_service_date": totals.first_service_date,
            "last_service_date": totals.last_service_date,
        })
    frame = pd.DataFrame(rows, columns=list(CODE_SUMMARY_COLUMNS))
    if frame.empty:
        return frame
    # payers by name as every list shows them (case-insensitively): 'beacon' between 'Alder'
    # and 'Cobalt', where a plain sort put every capital first
    frame = frame.assign(_by_name=name_rank(frame["payer"])).sort_values(
        ["_by_name", "lines", "code", "modifier"], ascending=[True, False, True, True],
        kind="stable")
    return frame.drop(columns="_by_name").reset_index(drop=True)


class _CodeTotals(NamedTuple):
    """Totals of one payer, code and modifier's lines [count, units, USD, count, dates]."""

    lines: int
    units: Decimal
    allowed: Decimal
    paid: Decimal
    denied_lines: int
    first_service_date: pd.Timestamp
    last_service_date: pd.Timestamp


def _code_totals(counted: pd.DataFrame) -> dict[tuple[str, str, str], _CodeTotals]:
    """The totals of :func:`summarize_codes` per payer, code and modifier, in the order each
    first comes in ``counted``: a missing amount adds nothing, and each sum starts from 0 and
    adds the lines in their order (a Decimal sum keeps the digits its amounts were written
    with)."""
    if counted.empty:
        return {}
    group, keys = key_groups(*(counted[name].to_numpy(dtype=object)
                               for name in ("payer", "code", "modifier")))
    count = len(keys)
    lines = np.bincount(group, minlength=count).tolist()
    denied = np.bincount(group[counted["denied"].to_numpy(dtype=bool)],
                         minlength=count).tolist()
    order = np.argsort(group, kind="stable")
    bounds = np.append(0, np.cumsum(lines)).tolist()
    sums = []
    for name in ("units", "allowed", "paid"):
        amounts = [amount or _ZERO for amount in counted[name].to_numpy(dtype=object)[order]]
        sums.append([sum(amounts[start:end], _ZERO)
                     for start, end in zip(bounds, bounds[1:], strict=False)])
    dates = counted["service_date"].groupby(group, sort=True)
    first, last = dates.min().tolist(), dates.max().tolist()
    return {key: _CodeTotals(*totals) for key, totals in zip(
        keys, zip(lines, *sums, denied, first, last, strict=True), strict=True)}


def counted_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Each claim submitted for payment once, however many times the payer adjudicated it.

    A claim a payer reversed and adjudicated again comes as three claims of the 835: the
    original, the reversal (CLP02 22) and the correction (``corrects``); one reversed and not
    corrected in the import, as two. Either is one claim. It is the row of its last adjudication
    (the correction, else the original); it counts as denied when any of its adjudications was,
    the original's too (a claim denied, then corrected and paid, needed rework); it was not
    clean (adjudicated again); and it ``stands`` unless a reversal took back its last
    adjudication: only a claim that stands has a charge, a payment and days to payment that
    count (the reversed one's cancel with the reversal's).

    Parameters
    ----------
    claims : DataFrame
        The ``claims`` table of :class:`ratecalc.remittance.Remittances`.

    Returns
    -------
    DataFrame
        One row of ``claims`` per claim submitted for payment (statuses
        :data:`values.STATUS_SUBMITTED`), in claim order, ``denied`` as said above, and
        ``stands`` [bool].

    Examples
    --------
    Original paid 100, reversal -100, correction paid 110: one row, the correction's (paid
    110), standing. Original paid 40 and its reversal, nothing after: one row, the
    original's, not standing (so no payment, charge or days count).
    """
    position = {int(index): at for at, index in enumerate(claims["claim_index"])}
    parent = list(range(len(claims)))

    def root(at: int) -> int:
        while parent[at] != at:
            parent[at] = parent[parent[at]]
            at = parent[at]
        return at

    for at, (reverses, corrects) in enumerate(zip(claims["reverses"], claims["corrects"],
                                                  strict=True)):
        for other in (int(reverses), int(corrects)):
            if other in position:
                parent[root(at)] = root(position[other])
    group = pd.Series([root(at) for at in range(len(claims))], dtype=np.int64)
    submitted = pd.Series((claims["claim_status"].isin(values.STATUS_SUBMITTED)
                           & ~claims["reversal"]).to_numpy(dtype=bool))
    denied = (pd.Series(claims["denied"].to_numpy(dtype=bool)) & submitted).groupby(group).any()
    # of each claim, its last adjudication submitted for payment: the one no reversal took
    # back, wherever it was read (a folder is read in name order, not the payments' order, and
    # a reversal pairs with an original read after it); else, all taken back, the last read
    standing = pd.Series(~claims["reversed"].to_numpy(dtype=bool))
    rank = pd.DataFrame({"group": group, "standing": standing})[submitted.to_numpy()]
    last = np.sort(rank.sort_values("standing", kind="stable")
                   .drop_duplicates("group", keep="last").index.to_numpy())
    out = claims.iloc[last].copy()
    out["denied"] = denied.reindex(group.iloc[last]).to_numpy(dtype=bool)
    out["stands"] = ~out["reversed"].to_numpy(dtype=bool)
    return out


def days_to_payment(counted: pd.DataFrame) -> list[int]:
    """Days from service to payment [days] of the claims of :func:`counted_claims` that stand
    and were paid, with both dates: of the payment that settled each (a correction's)."""
    days = counted["days_to_payment"]
    timed = counted["stands"].to_numpy(dtype=bool) & days.notna().to_numpy(dtype=bool)
    return days.to_numpy(dtype=object)[timed].astype(np.int64).tolist()


def summarize_payers(claims: pd.DataFrame, provider_adjustments: pd.DataFrame) -> pd.DataFrame:
    """Claim performance per payer: clean-claim rate, denial rate, days from service to payment.

    Parameters
    ----------
    claims : DataFrame
        The ``claims`` table of :class:`ratecalc.remittance.Remittances`.
    provider_adjustments : DataFrame
        The ``provider_adjustments`` (PLB) table.

    Returns
    -------
    DataFrame
        Columns :data:`PAYER_SUMMARY_COLUMNS`, over the claims submitted for payment, each
        once however many times it was adjudicated (:func:`counted_claims`): ``claims`` and
        ``lines`` (of each claim's last adjudication) counted; ``clean_claim_rate`` and
        ``denial_rate`` [fraction of those claims]; ``days_to_payment_mean`` / ``_median``
        [days] over ``claims_with_days`` claims that stand, were paid and have both dates;
        ``charge`` and ``paid`` [USD] of the claims that stand (net of reversals);
        ``provider_adjustments`` [USD]; ``first_payment_date`` and ``last_payment_date`` of
        every adjudication submitted for payment (a payment a reversal took back was made that
        day too).

    Notes
    -----
    Claims submitted for payment are those processed as primary, secondary or tertiary (CLP02
    1-3, 19-21), denied (4) or not the payer's (23); reversals (22) and predeterminations (25)
    are not. A claim reversed and corrected is one claim adjudicated again, counted once, as
    its correction: original paid 100, reversal -100, correction paid 110 is one claim paid
    110; a claim reversed and not corrected counts once, paid nothing. ``clean_claim_rate =
    clean / claims``, a clean claim being paid (or applied to the patient's share) on its first
    submission: not a replacement or void (CLP09 7, 8), not reversed nor a correction, and
    without a denied line. ``denial_rate = denied / claims``, a claim counting as denied when
    any of its adjudications was denied or has a denied line (a partial denial needs rework
    too). ``days = payment date (BPR16) - earliest date of service``, of the payment that
    settled the claim (a correction's).
    """
    submitted = claims.loc[claims["claim_status"].isin(values.STATUS_SUBMITTED)
                           & ~claims["reversal"]]
    counted = counted_claims(claims)
    plb: dict[str, Decimal] = defaultdict(lambda: _ZERO)
    for payer, amount in zip(provider_adjustments["payer"], provider_adjustments["amount"],
                             strict=True):
        plb[payer] += amount
    rows = []
    for payer, group in sorted(counted.groupby("payer", sort=False),
                               key=lambda named: name_key(named[0])):
        seen = submitted.loc[submitted["payer"] == payer]
        net = group.loc[group["stands"]]
        days = days_to_payment(group)
        n = len(group)
        rows.append({
            "payer": payer,
            "payer_id": next((i for i in seen["payer_id"] if i), ""),
            "claims": n, "lines": int(group["lines"].sum()),
            "charge": sum((c for c in net["charge"] if c is not None), _ZERO),
            "paid": sum((c for c in net["paid"] if c is not None), _ZERO),
            "provider_adjustments": plb[str(payer)],
            "clean_claims": int(group["clean"].sum()),
            "clean_claim_rate": float(group["clean"].sum()) / n,
            "denied_claims": int(group["denied"].sum()),
            "denial_rate": float(group["denied"].sum()) / n,
            "claims_with_days": len(days),
            "days_to_payment_mean": statistics.fmean(days) if days else None,
            "days_to_payment_median": float(statistics.median(days)) if days else None,
            "first_payment_date": seen["payment_date"].min(),
            "last_payment_date": seen["payment_date"].max(),
        })
    return pd.DataFrame(rows, columns=list(PAYER_SUMMARY_COLUMNS))
