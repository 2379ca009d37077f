"""The rate a payer paid, and from when (:func:`ratecalc.remittance.paid_rates.paid_rates`).

Found by a review: the Fee Schedules rows an 835 gave were a median per calendar year, dated the
year's first service: 97110 paid 25.22 three times and then 30.00 from November became one row
"25.22 from February" (the raise lost), and 25.22 then 30.00 became 27.61, a rate no line was
paid. The command showed a median of every year pooled. Each case below is worked by hand.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.remittance import Remittances, fee_schedules, read_remittance, summarize_codes
from ratecalc.remittance.paid_rates import evidence_lines, paid_rates
from ratecalc.remittance.synthetic import ClaimSpec, LineSpec, PaymentSpec, Triple, write_835

D = Decimal
CHARGE = D("100.00")  # above every rate drawn: a CO-45 write-down on each line


def line(rate: str, day: date, *, units: int = 1, code: str = "97110",
         extra: tuple[Triple, ...] = (), charge: Decimal = CHARGE,
         allowed: Decimal | None = None) -> LineSpec:
    """A line paid ``rate`` a unit (or ``allowed`` in all) under CO-45 (the rest of the
    charge), plus ``extra`` adjustments taken from the payment."""
    allowed = D(rate) * units if allowed is None else allowed
    taken = sum((a[2] for a in extra), D(0))
    adjustments: tuple[Triple, ...] = ((("CO", "45", charge - allowed),)
                                        if charge > allowed else ())
    return LineSpec(code, charge, allowed - taken, adjustments + extra, ("GP",), D(units), day)


def read(*claims: ClaimSpec | LineSpec, paid_on: date = date(2026, 12, 1)) -> Remittances:
    """One payment of ``claims`` (a bare line is a claim of its own), read back."""
    specs = tuple(c if isinstance(c, ClaimSpec) else ClaimSpec(f"C{i}", (c,))
                  for i, c in enumerate(claims, start=1))
    result = read_remittance(write_835([PaymentSpec("SUMMIT BLUECARE", "SBC01", paid_on,
                                                    specs)]))
    assert result.errors == (), [p.message for p in result.errors]
    return result


def remit(*claims: ClaimSpec | LineSpec, paid_on: date = date(2026, 12, 1)) -> pd.DataFrame:
    """The line table of :func:`read`."""
    return read(*claims, paid_on=paid_on).lines


def periods(lines: pd.DataFrame) -> list[tuple[str, str, str, int]]:
    rates = paid_rates(lines)
    return [(code, str(rate), f"{since:%Y-%m-%d}", shown) for code, rate, since, shown in zip(
        rates["code"], rates["allowed_amount"], rates["effective_date"], rates["lines"],
        strict=True)]


def test_a_raise_in_november_is_a_new_rate_from_its_first_day() -> None:
    # the review's raise.835: 25.22 on 02-02, 05-04, 08-03; 30.00 on 11-02
    result = read(line("25.22", date(2026, 2, 2)), line("25.22", date(2026, 5, 4)),
                  line("25.22", date(2026, 8, 3)), line("30.00", date(2026, 11, 2)))
    lines = result.lines
    assert periods(lines) == [("97110", "25.22", "2026-02-02", 3),
                              ("97110", "30.00", "2026-11-02", 1)]
    table = fee_schedules(result)
    assert [(a, f"{d:%Y-%m-%d}") for a, d in zip(
        table["allowed_amount"], table["effective_date"], strict=True)] == [
        (25.22, "2026-02-02"), (30.0, "2026-11-02")]
    code = summarize_codes(lines).iloc[0]
    assert (code["allowed_per_unit"], f"{code['rate_from']:%Y-%m-%d}", code["earlier_rates"],
            code["rate_lines"]) == (D("30.00"), "2026-11-02", "$25.22 from 2026-02-02", 4)


def test_two_rates_are_two_rates_never_their_average() -> None:
    # the review's mid.835: 25.22 on 02-02 and 30.00 on 11-02 gave 27.61 = (25.22 + 30) / 2
    result = read(line("25.22", date(2026, 2, 2)), line("30.00", date(2026, 11, 2)))
    assert periods(result.lines) == [("97110", "25.22", "2026-02-02", 1),
                                     ("97110", "30.00", "2026-11-02", 1)]
    assert fee_schedules(result)["allowed_amount"].tolist() == [25.22, 30.0]


def test_one_claim_paid_otherwise_between_two_of_the_rate_is_no_rate_change() -> None:
    lines = remit(line("25.22", date(2026, 2, 2)), line("25.22", date(2026, 3, 2)),
                  line("28.10", date(2026, 4, 6)),  # one claim, CO-45 only: odd, not a rate
                  line("25.22", date(2026, 5, 4)))
    assert periods(lines) == [("97110", "25.22", "2026-02-02", 3)]


def test_two_claims_at_a_new_rate_are_a_rate_even_when_the_old_one_returns() -> None:
    lines = remit(line("25.22", date(2026, 2, 2)), line("28.10", date(2026, 4, 6)),
                  line("28.10", date(2026, 4, 13)), line("25.22", date(2026, 5, 4)))
    assert periods(lines) == [("97110", "25.22", "2026-02-02", 1),
                              ("97110", "28.10", "2026-04-06", 2),
                              ("97110", "25.22", "2026-05-04", 1)]


def test_lines_adjusted_other_than_by_contract_are_not_evidence() -> None:
    day = date(2026, 6, 1)
    lines = remit(
        line("25.22", date(2026, 2, 2)),
        # a multiple procedure reduction: allowed 20.00, not the rate
        line("25.22", day, extra=(("CO", "59", D("5.22")),)),
        # a partial payment under a prior payer's share, without AMT*B6
        line("25.22", day, extra=(("OA", "23", D("10.00")),)),
        # paid at its charge of 20.00 (lesser of charge and rate): the rate may be higher
        LineSpec("97110", D("20.00"), D("20.00"), (), ("GP",), D(1), day),
        # a claim-level reduction, spread over the lines by charge here
        ClaimSpec("CL", (line("25.22", day),), adjustments=(("CO", "45", D("3.00")),)),
        # coinsurance and sequestration leave the allowed amount whole: evidence
        line("25.22", date(2026, 7, 6), extra=(("PR", "2", D("5.04")), ("CO", "253", D("0.40")))),
        # so do they at claim level
        ClaimSpec("CS", (line("25.22", date(2026, 7, 13)),),
                  adjustments=(("PR", "3", D("10.00")), ("CO", "253", D("0.30")))),
    )
    shown = evidence_lines(lines)
    assert shown["service_date"].dt.strftime("%m-%d").tolist() == ["02-02", "07-06", "07-13"]
    assert periods(lines) == [("97110", "25.22", "2026-02-02", 3)]


def test_a_rate_per_unit_is_to_the_cent_and_a_day_has_one_rate() -> None:
    lines = remit(
        line("", date(2026, 2, 2), units=3, charge=D("150"), allowed=D("75.67")),  # / 3: 25.22
        line("25.22", date(2026, 2, 2), units=2, charge=D("100")),    # 50.44 / 2
        line("30.00", date(2026, 2, 2)),  # outnumbered that day: the day's rate is 25.22
        # a tie: the rate of the day before wins
        line("25.22", date(2026, 3, 2)), line("30.00", date(2026, 3, 2)),
        # a tie of two new rates: the higher
        line("31.00", date(2026, 4, 6)), line("32.00", date(2026, 4, 6)),
        line("32.00", date(2026, 5, 4)))
    assert periods(lines) == [("97110", "25.22", "2026-02-02", 3),
                              ("97110", "32.00", "2026-04-06", 2)]


def test_a_claim_at_the_old_rate_right_after_a_raise_delays_it() -> None:
    # 30.00 on 03-02, 25.22 on 03-09, then 30.00: the 30.00 of 03-02 is the odd claim (the
    # payer went back to 25.22 after it), and the raise counts from 03-16
    lines = remit(line("25.22", date(2026, 2, 2)), line("25.22", date(2026, 2, 9)),
                  line("30.00", date(2026, 3, 2)), line("25.22", date(2026, 3, 9)),
                  line("30.00", date(2026, 3, 16)), line("30.00", date(2026, 3, 23)))
    assert periods(lines) == [("97110", "25.22", "2026-02-02", 3),
                              ("97110", "30.00", "2026-03-16", 2)]


def test_each_code_and_pricing_modifier_has_its_own_rates() -> None:
    lines = remit(line("25.22", date(2026, 2, 2)), line("28.90", date(2026, 2, 2), code="97140"),
                  LineSpec("97110", CHARGE, D("21.44"), (("CO", "45", CHARGE - D("21.44")),),
                           ("GP", "CQ"), D(1), date(2026, 2, 9)))
    rates = paid_rates(lines)
    assert rates[["code", "modifier", "allowed_amount"]].to_numpy().tolist() == [
        ["97110", "", D("25.22")], ["97110", "CQ", D("21.44")], ["97140", "", D("28.90")]]


# --- properties ---------------------------------------------------------------------------------

_START = date(2026, 1, 5)


@st.composite
def schedules(draw: st.DrawFn) -> list[tuple[Decimal, list[int]]]:
    """Rate periods: each a rate in cents (consecutive ones differ) and the day offsets of its
    claims (two or more, after the previous period's)."""
    count = draw(st.integers(1, 4))
    out: list[tuple[Decimal, list[int]]] = []
    day = 0
    for _ in range(count):
        rate = draw(st.integers(1_000, 6_000).filter(
            lambda c, o=out: not o or D(c).scaleb(-2) != o[-1][0]))
        gaps = draw(st.lists(st.integers(1, 20), min_size=2, max_size=4))
        days = []
        for gap in gaps:
            day += gap
            days.append(day)
        out.append((D(rate).scaleb(-2), days))
    return out


def _lines_of(schedule: list[tuple[Decimal, list[int]]]) -> list[LineSpec]:
    return [line(str(rate), _START + timedelta(days=d)) for rate, days in schedule for d in days]


@settings(max_examples=40, deadline=None)
@given(schedules(), st.randoms(use_true_random=False))
def test_rates_paid_in_periods_come_back_as_those_periods(
        schedule: list[tuple[Decimal, list[int]]], rng: random.Random) -> None:
    specs = _lines_of(schedule)
    rng.shuffle(specs)  # the order the claims are read in does not matter
    expected = [("97110", str(rate), f"{_START + timedelta(days=days[0]):%Y-%m-%d}", len(days))
                for rate, days in schedule]
    assert periods(remit(*specs, paid_on=_START + timedelta(days=400))) == expected


@settings(max_examples=40, deadline=None)
@given(schedules(), st.data())
def test_one_odd_claim_inside_a_period_changes_nothing(
        schedule: list[tuple[Decimal, list[int]]], data: st.DataObject) -> None:
    """An odd claim at a rate unlike every period's. One at a neighbouring period's rate is
    ambiguous: 25.22, 25.22, 30.00, 25.22, 30.00, 30.00 may be a raise on the third claim with
    a straggler at the old rate, or an odd claim at the new rate a claim early; the rule reads
    the second (:func:`test_a_claim_at_the_old_rate_right_after_a_raise_delays_it`)."""
    at = data.draw(st.integers(0, len(schedule) - 1))
    _, days = schedule[at]
    odd = data.draw(st.integers(1_000, 6_000).map(lambda c: D(c).scaleb(-2)).filter(
        lambda r: r not in {rate for rate, _ in schedule}))
    # strictly between two days of the period, on a day of its own
    between = [d for d in range(days[0] + 1, days[-1]) if d not in days]
    if not between:
        return
    day = data.draw(st.sampled_from(between))
    specs = [*_lines_of(schedule), line(str(odd), _START + timedelta(days=day))]
    expected = [("97110", str(r), f"{_START + timedelta(days=ds[0]):%Y-%m-%d}", len(ds))
                for r, ds in schedule]
    assert periods(remit(*specs, paid_on=_START + timedelta(days=400))) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 90), st.sampled_from(["25.22", "27.00", "30.00"])),
                min_size=1, max_size=12))
def test_every_rate_is_one_a_line_was_paid_and_each_differs_from_the_one_before(
        paid: list[tuple[int, str]]) -> None:
    result = read(*(line(rate, _START + timedelta(days=d)) for d, rate in paid),
                  paid_on=_START + timedelta(days=120))
    lines = result.lines
    rates = paid_rates(lines)
    assert set(map(str, rates["allowed_amount"])) <= {rate for _, rate in paid}
    assert rates["effective_date"].is_monotonic_increasing
    assert rates["effective_date"].is_unique
    amounts = rates["allowed_amount"].tolist()
    assert all(a != b for a, b in zip(amounts, amounts[1:], strict=False))
    # the latest rate is the command's, and every period is a Fee Schedules row
    code = summarize_codes(lines).iloc[0]
    assert code["allowed_per_unit"] == amounts[-1]
    assert fee_schedules(result)["allowed_amount"].tolist() == [float(a) for a in amounts]
