"""A flag's words state its thresholds as the rule applies them, every decimal of a share and
of an amount: formatted ``{:.0%}`` and ``${:.2f}``, a rule flagging prices below 12.5% of the
Medicare amount read "below 12%", and a placeholder threshold of $2.675 "$2.67" (the binary
value rounded to even)."""

from __future__ import annotations

from ratecalc.market_rates import FlagRules, market_rate_stats

from .test_stats_rules import prices


def test_thresholds_are_said_as_applied() -> None:
    # Medicare 40: 12.5% is $5.00, 267.5% $107.00 -> 1.00 and 500 far from it; 1.00 < $2.675
    rules = FlagRules(medicare_low=0.125, medicare_high=2.675, placeholder_below=2.675)
    stats = market_rate_stats(prices([1.0, 40.0, 41.0, 42.0, 43.0, 44.0, 500.0]),
                              medicare={"97110": 40.0}, rules=rules)
    flags = stats.codes.iloc[0]["flags"]
    assert "far from Medicare: 2 of 7 prices below 12.5% or above 267.5% of the Medicare " \
        "amount" in flags, flags
    assert "placeholder: 1 of 7 prices below $2.675, a placeholder rather than a rate" in flags
