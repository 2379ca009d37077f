"""Reading a payer's counteroffer: what it is worth, whether to take it, what to answer.

Several rounds are normal (DOMAIN.md section 1.6-1.8). For each code the payer's counter is set
against the current rate, the clinic's ask and the walk-away floor; the next counter splits the
remaining gap but never goes below the floor, nor below the current rate: the clinic's answer
never offers the payer a cut, however low its offer.

Money is unrounded [USD] except the suggested counter, a price to quote, which is rounded *up* to
the cent so that the figure sent never undercuts the floor (read as every output reads an
amount, :func:`ratecalc.money.exact_amount`: $90.00 + 10% is $99.00, not the binary
99.00000000000001 that rounded up to $99.01).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pandas as pd

from ratecalc.errors import InputError, shown_value
from ratecalc.frozen_record import frozen_record
from ratecalc.limits import fraction_range
from ratecalc.money import exact_amount, money_beside_line, percent_beside_line, percent_text
from ratecalc.money import typed_decimal as _decimal

VERDICTS: tuple[str, ...] = ("accept", "counter", "walk_away")

#: The share of the ask that is good enough to accept: a negotiating choice, not a rule
#: (DOMAIN.md gives none); a setting for the caller.
DEFAULT_ACCEPT_SHARE = 0.8
#: The next counter gives up this share of the gap between the ask and the payer's counter.
DEFAULT_CONCESSION = 0.5

_RATE_COLUMNS = ("current_rate", "ask_rate", "counter_rate", "floor_rate")


@frozen_record
class CounterofferResult:
    """The verdict on a counteroffer.

    Attributes
    ----------
    lines : pandas.DataFrame
        Per code: ``code``, ``units_per_year``, ``current_rate``, ``ask_rate``,
        ``counter_rate``, ``floor_rate`` [USD per unit], ``delta_vs_current``,
        ``delta_vs_ask`` [USD per year], ``share_of_ask`` [fraction of the asked increase the
        counter gives; NaN when nothing was asked], ``verdict``, ``suggested_counter``
        [USD per unit, rounded up to the cent].
    revenue_current, revenue_ask, revenue_counter, revenue_floor, revenue_suggested : float
        [USD per year].
    delta_vs_current, delta_vs_ask : float
        Counter's revenue minus current / minus ask [USD per year].
    share_of_ask : float
        Volume-weighted share of the asked increase achieved [fraction].
    verdict : str
        Overall: ``accept``, ``counter`` or ``walk_away``.
    reason : str
        Why, in a sentence.
    """

    lines: pd.DataFrame
    revenue_current: float
    revenue_ask: float
    revenue_counter: float
    revenue_floor: float
    revenue_suggested: float
    delta_vs_current: float
    delta_vs_ask: float
    share_of_ask: float
    verdict: str
    reason: str


def _ceil_cents(amount: Fraction) -> float:
    return math.ceil(amount * 100) / 100


def ceil_cents(amount: np.ndarray | float) -> np.ndarray:
    """Round dollars up to the cent, each amount read as the decimal it prints as; the result
    is never below that decimal.

    Examples
    --------
    >>> ceil_cents(np.array([50.001, 50.0, 49.999999999, 1.00000006, 26.83])).tolist()
    [50.01, 50.0, 50.0, 1.01, 26.83]
    """
    values = np.asarray(amount, dtype=float)
    return np.array([_ceil_cents(_decimal(v)) for v in values.ravel()]).reshape(values.shape)


def next_counter(counter: float, ask: float, floor: float, concession: float, *,
                 current: float) -> float:
    """The counter to answer with: ``max(floor, current, counter + (1 - concession)(ask -
    counter))`` rounded up to the cent, in decimal arithmetic (in binary, $24.00 + 0.5 x
    ($28.26 - $24.00) is 26.130000000000003 and went up to $26.14).

    Held at the current rate when the payer offers far below it: meeting a $30.10 offer
    halfway from a $37.58 ask is $33.84, a cut from the $35.04 paid today.

    Examples
    --------
    >>> next_counter(24.00, 28.26, 20.00, 0.5, current=23.00)
    26.13
    >>> next_counter(24.00, 28.26, 26.501, 0.5, current=23.00)
    26.51
    >>> next_counter(30.10, 37.58, 20.00, 0.5, current=35.04)
    35.04
    """
    c, a = _decimal(counter), _decimal(ask)
    aim = c + (1 - _decimal(concession)) * max(a - c, Fraction(0))
    # the floor as every output reads it: $90.00 + 10% is $99.00, not the binary
    # 99.00000000000001 rounded up to $99.01
    return _ceil_cents(max(_decimal(exact_amount(floor)), _decimal(current), aim))


def _check(lines: pd.DataFrame) -> pd.DataFrame:
    needed = ("code", "units_per_year", *_RATE_COLUMNS)
    missing = [c for c in needed if c not in lines.columns]
    if missing:
        raise InputError(f"counteroffer: missing column(s) {', '.join(missing)}")
    if lines.empty:
        raise InputError("counteroffer: no codes")
    frame = lines[list(needed)].reset_index(drop=True)
    for column in needed[1:]:
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna() | (values < 0) | ~np.isfinite(values)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(f"counteroffer, code {frame['code'].iloc[i]}, column '{column}': "
                             f"expected a number >= 0, got {lines[column].tolist()[i]!r}")
        frame[column] = values.astype(float)
    return frame


def evaluate_counteroffer(lines: pd.DataFrame, *, accept_share: float = DEFAULT_ACCEPT_SHARE,
                          concession: float = DEFAULT_CONCESSION,
                          codes_not_offered: Sequence[str] = ()) -> CounterofferResult:
    """Value a payer's counter per code and overall, and suggest the next counter.

    Parameters
    ----------
    lines : pandas.DataFrame
        Per code: ``code``, ``units_per_year`` [units per year], ``current_rate``, ``ask_rate``,
        ``counter_rate``, ``floor_rate`` [USD per unit].
    accept_share : float
        A counter giving at least this share of the asked increase is accepted [fraction],
        default 0.8.
    concession : float
        Share of the remaining gap (ask - counter) the next counter gives up [fraction],
        default 0.5 (meet in the middle).
    codes_not_offered : sequence of str
        The codes asked for that the counter leaves out (not in ``lines``): a counter leaving
        any out is never accepted.

    Returns
    -------
    CounterofferResult

    Notes
    -----
    Per code, in this order: counter below floor -> ``walk_away``; counter at or above the ask,
    or ``(counter - current) / (ask - current) >= accept_share`` -> ``accept``; else
    ``counter``. Suggested next counter: the counter itself when accepted, else
    ``max(floor, current, counter + (1 - concession) (ask - counter))``, rounded up to the
    cent (:func:`next_counter`): never a cut from the current rate. An accepted counter is at
    or above the current rate too, except where the ask itself is below it.
    Overall (:func:`overall_verdict`): ``walk_away`` when the counter's revenue is below the
    floor's; ``accept`` only when every code's verdict is ``accept`` and no code asked for is
    left out (``codes_not_offered``): a counter accepted as a whole is accepted code by code,
    as the counter letter answers it (a counter giving 80.03% of the asked increase in total
    was ``accept`` while the letter countered the code it gave 21% of its increase); else
    ``counter``. ``share_of_ask`` is the volume-weighted share
    ``sum u (counter - current) / sum u (ask - current)``, said in the reason.

    Examples
    --------
    >>> lines = pd.DataFrame({"code": ["97110"], "units_per_year": [1000],
    ...     "current_rate": [30.0], "ask_rate": [36.0], "counter_rate": [32.0],
    ...     "floor_rate": [31.0]})
    >>> r = evaluate_counteroffer(lines)
    >>> r.verdict, round(r.share_of_ask, 4), float(r.lines["suggested_counter"].iloc[0])
    ('counter', 0.3333, 34.0)
    """
    for name, value in (("accept_share", accept_share), ("concession", concession)):
        if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise InputError(f"{name}: {fraction_range(0, 1)}, got {shown_value(value)}")
    frame = _check(lines)
    units = frame["units_per_year"].to_numpy()
    current, ask, counter, floor = (frame[c].to_numpy() for c in _RATE_COLUMNS)
    asked = ask - current
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(asked > 0, (counter - current) / asked, np.nan)
    # whether a counter reaches the accept line is decided on the decimals typed, exactly: in
    # binary, 80% of an ask was 0.7999999999999998 for 4 of 10 such counters, judged under 80%
    # ... and a floor as every output reads it (exact_amount): the proposal's floor of $90.00 +
    # 10% on a code that is the whole visit, 99.00000000000001, is $99.00, which $99.00 meets
    floor = exact_amount(floor)
    exact = [[_decimal(v) for v in column] for column in (units, current, ask, counter, floor)]
    line = _decimal(accept_share)
    verdict = np.array([
        "walk_away" if c < f else
        "accept" if c >= a or (a > now and c - now >= line * (a - now)) else "counter"
        for now, a, c, f in zip(*exact[1:], strict=True)], dtype=object)
    suggested = np.array([
        _ceil_cents(max(_decimal(c), _decimal(f))) if v == "accept" else next_counter(
            c, a, f, concession, current=now)
        for now, c, a, f, v in zip(current, counter, ask, floor, verdict, strict=True)],
        dtype=float)
    out = frame.assign(delta_vs_current=units * (counter - current),
                       delta_vs_ask=units * (counter - ask), share_of_ask=share,
                       verdict=verdict, suggested_counter=suggested)

    totals = {name: sum((u * v for u, v in zip(exact[0], values, strict=True)), Fraction(0))
              for name, values in (("current", exact[1]), ("ask", exact[2]),
                                   ("counter", exact[3]), ("floor", exact[4]),
                                   ("suggested", [_decimal(v) for v in suggested]))}
    revenue = {name: float(total) for name, total in totals.items()}
    asked_total = totals["ask"] - totals["current"]
    gained = totals["counter"] - totals["current"]
    overall_share = float(gained / asked_total) if asked_total > 0 else math.nan
    overall = overall_verdict(verdict.tolist(), codes_not_offered,
                              below_floor=totals["counter"] < totals["floor"])
    codes = out["code"].astype(str).tolist()
    below = [c for c, v in zip(codes, verdict, strict=True) if v == "walk_away"]
    short = [(c, s) for c, v, s in zip(codes, verdict, share, strict=True) if v == "counter"]
    gives = ("" if math.isnan(overall_share) else
             f"the counter gives {share_of_ask_text(overall_share, accept_share)} of the asked "
             "increase")
    if overall == "walk_away":
        # never "$825.00 a year, below the floor's $825.00"
        reason = (f"the counter pays {money_beside_line(revenue['counter'], revenue['floor'])} "
                  f"a year, below the floor's "
                  f"{money_beside_line(revenue['floor'], revenue['counter'])}")
    elif below:
        reason = f"code(s) {', '.join(below)} below the floor"
    elif codes_not_offered:
        left = list(codes_not_offered)
        reason = (f"the counter leaves out {len(left)} of the {len(left) + len(codes)} codes "
                  f"asked for ({', '.join(left)})")
    elif overall == "accept":
        reason = gives or "the counter meets the ask"
    elif gives and not gained >= line * asked_total:
        reason = f"{gives}, under {percent_text(accept_share, 0)}"
    else:  # enough in total, not on every code: each code is answered on its own
        under = ", ".join(f"{c} ({share_of_ask_text(float(s), accept_share)})"
                          if not math.isnan(s) else c for c, s in short)
        reason = (f"{gives + ', but ' if gives else ''}code(s) {under} give less than "
                  f"{percent_text(accept_share, 0)} of the increase asked for them")
    return CounterofferResult(
        lines=out, revenue_current=revenue["current"], revenue_ask=revenue["ask"],
        revenue_counter=revenue["counter"], revenue_floor=revenue["floor"],
        revenue_suggested=revenue["suggested"],
        delta_vs_current=revenue["counter"] - revenue["current"],
        delta_vs_ask=revenue["counter"] - revenue["ask"], share_of_ask=overall_share,
        verdict=overall, reason=reason,
    )


def overall_verdict(line_verdicts: Sequence[str], codes_not_offered: Sequence[str] = (), *,
                    below_floor: bool = False) -> str:
    """The verdict on a counteroffer as a whole, the one every output gives (the counter
    letter's acceptance or counterproposal, ``letter --json``'s ``counter_verdict``):
    ``walk_away`` when it pays less than the walk-away floors in total (``below_floor``);
    ``accept`` only when every code offered is accepted (``line_verdicts``) and none asked for
    is left out (``codes_not_offered``); else ``counter``.

    >>> overall_verdict(["accept", "accept"]), overall_verdict(["accept", "counter"])
    ('accept', 'counter')
    >>> overall_verdict(["accept"], ["97140"]), overall_verdict(["counter"], below_floor=True)
    ('counter', 'walk_away')
    """
    if below_floor:
        return "walk_away"
    if line_verdicts and all(v == "accept" for v in line_verdicts) and not codes_not_offered:
        return "accept"
    return "counter"


def share_of_ask_text(share: float, accept_share: float) -> str:
    """The share of the asked increase a counter gives, as every output says it (the verdict's
    reason, the counter letter): a whole percent, with as many more decimals (up to four) as it
    takes not to read as the accept line ``accept_share`` when it is not it. A 79.9% share
    read "80% of the asked increase, under 80%".

    >>> share_of_ask_text(0.611, 0.8), share_of_ask_text(0.799, 0.8), share_of_ask_text(0.8, 0.8)
    ('61%', '79.9%', '80%')
    """
    return percent_beside_line(share, accept_share, 0)


def floors_from_visit_floor(current_rates: pd.Series, current_rate_per_visit: float,
                            visit_floor: float) -> pd.Series:
    """Per-code floors from a per-visit floor (cost per visit plus margin).

    Scales every code's current rate by the same factor, the one at which the payer's revenue
    per visit reaches the floor: ``floor_code = current_code x visit_floor /
    current_rate_per_visit``. A clinic that knows per-code costs should give floors directly.

    Parameters
    ----------
    current_rates : pandas.Series
        Current rate by code [USD per unit].
    current_rate_per_visit : float
        What the payer pays per visit now [USD per visit].
    visit_floor : float
        ``ratecalc.exit_impact.walk_away_check(...).floor`` [USD per visit].

    Examples
    --------
    >>> floors_from_visit_floor(pd.Series({"97110": 30.0}), 90.0, 99.0).round(2).tolist()
    [33.0]
    """
    if not math.isfinite(current_rate_per_visit) or current_rate_per_visit <= 0:
        raise InputError(f"current_rate_per_visit: expected a dollar amount above 0, "
                         f"got {current_rate_per_visit!r}")
    if not math.isfinite(visit_floor) or visit_floor < 0:
        raise InputError(f"visit_floor: expected a dollar amount >= 0, got {visit_floor!r}")
    return current_rates.astype(float) * (visit_floor / current_rate_per_visit)
