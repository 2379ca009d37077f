"""The arguments of ``ratecalc scenario``.

Its work, :mod:`ratecalc_cli.scenario`, is imported only once they have parsed
(:func:`ratecalc_cli.main.deferred`): ``--help`` or a wrong option answers without loading pandas.
"""

from __future__ import annotations

import argparse
import re

from ratecalc import cf_choices
from ratecalc.limits import RANGES
from ratecalc_cli.arguments import (
    PCT_OF_MEDICARE,
    UNITS_PER_YEAR,
    add_data_arguments,
    amount,
    fractions,
    in_range,
    medicare_amount,
    years,
)
from ratecalc_cli.main import deferred


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "scenario",
        help="fixed-dollar vs percent-of-Medicare revenue over several years",
        description="Project revenue under a fixed-dollar contract (with escalator) and a "
        "percent-of-Medicare contract (under a conversion-factor path), for one code or a "
        "payer's whole schedule. Year 1 is priced at the amounts given (for a payer, the rates in "
        "force when its new term begins, the proposal's current rates: its revenue at new-term "
        "rates on the Totals sheet). Every year is priced code by code, as the payer pays it: a "
        "fixed rate is raised by the escalator and rounded to cents each year, as every other "
        "output raises it; a percentage given pays its share of that year's Medicare amount in "
        "cents per unit; the percent the current rates equal pays exactly their revenue in year "
        "1. "
        "Changes apply at each anniversary.",
    )
    p.add_argument("--units", type=UNITS_PER_YEAR,
                   help="units per year (one-code form)")
    # above 0: a zero was refused deep in the projection "for code , got 0" (exit 3)
    p.add_argument("--medicare", type=medicare_amount, metavar="AMOUNT",
                   help="today's Medicare amount per unit, USD (one-code form)")
    p.add_argument("--fixed", type=amount, metavar="AMOUNT",
                   help="fixed-dollar rate per unit offered, USD (one-code form)")
    p.add_argument("--payer", help="payer-level form: the payer's codes, volumes and rates")
    add_data_arguments(p)
    p.add_argument("--pct-of-medicare", type=PCT_OF_MEDICARE, metavar="FRACTION",
                   help="percent-of-Medicare rate, 1.10 = 110%% (payer form: default the "
                   "contract's, else the percent the current rates equal)")
    p.add_argument("--years", type=years, help="horizon in years (default 5, or the settings')")
    p.add_argument("--cf-change", type=fractions(RANGES["cf_change"]),
                   metavar="FRACTION[,FRACTION...]",
                   help="conversion-factor change into each later year; one value repeats")
    p.add_argument("--cf-path", choices=[c for c in cf_choices.CF_PATHS if c != "custom"],
                   help="preset path when --cf-change is not given (default historical)")
    p.add_argument("--cf-window", default="2019", metavar="YEAR-YEAR",
                   help="window of the historical path (default 2019 to the latest year)")
    p.add_argument("--cf-rule", choices=cf_choices.REPRESENTATIVE_RULES, default="day_weighted",
                   help="which factor represents a year with two (default day_weighted)")
    p.add_argument("--apm-qualifying", action="store_true",
                   help="from 2026: the qualifying APM participant conversion factor")
    p.add_argument("--escalator", type=fractions(RANGES["escalator"]),
                   metavar="FRACTION[,FRACTION...]",
                   help="fixed contract's escalator into each later year; one value repeats "
                   "(payer form: default the contract's)")
    p.add_argument("--discount-rate", type=in_range(RANGES["discount_rate"]), metavar="FRACTION",
                   help="yearly discount rate for present values and the break-even (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=deferred("ratecalc_cli.scenario", "run"))
    accept_negative_lists(p)


def accept_negative_lists(parser: argparse.ArgumentParser) -> None:
    """Let ``--cf-change -0.01,-0.02`` parse as a value, as ``--cf-change -0.028`` does.

    argparse takes an argument starting with ``-`` for an option unless it looks like a negative
    number, and a comma-separated list does not. Widening the parser's own test is the one way to
    keep the natural spelling (``--cf-change=-0.01,-0.02`` works regardless); the attribute is
    private, so it is set only where it exists.
    """
    if hasattr(parser, "_negative_number_matcher"):
        parser._negative_number_matcher = re.compile(
            r"^-\d*\.?\d+(?:,\s*-?\d*\.?\d+)*$")
