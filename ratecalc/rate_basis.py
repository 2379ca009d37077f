"""Which day's rates a figure is priced at, and that a contract's escalator raised a rate, in the
words every output uses.

Two revenues look alike and differ: one at the rates in force on the analysis date (the
Comparison, Priorities, the Dashboard, the command line's "Annual revenue on file") and one at
the rates in force when each payer's new term begins (the Proposal's current rates, the Totals'
"Revenue at new-term rates", the Scenarios' year 1, Exit Impact). A rate agreed for a day in
between, or an anniversary of a contract's escalator, makes them differ; a reader comparing
them is told why only if each label names its day, the same way everywhere. They are two
quantities, not one figure shown twice: what the payer pays a year now, and the baseline a
proposal for the next term is weighed against (the Totals' column was headed "Current
revenue", which a reader took for the first; ``proposal_summary.csv`` and ``summary.json``
call it ``new_term_revenue``).
"""

from __future__ import annotations

from ratecalc.money import money_text, stated_percent_text

#: A revenue priced at the rates in force on the analysis date.
ANALYSIS_DATE_RATES = "at the analysis date's rates"
#: A revenue priced at the rates in force the day each payer's new term begins (the analysis
#: date for a payer without a contract term).
NEW_TERM_RATES = "at the rates in force when each payer's new term begins"
#: The label of the clinic's (or a payer's) revenue a year at the analysis date's rates, where
#: one would read it beside the new term's: the Priorities' and Comparison's column.
REVENUE_TODAY = f"Annual revenue {ANALYSIS_DATE_RATES}"
#: The command line's label of all payers' revenue a year at the analysis date's rates (the
#: Dashboard's "Annual revenue on file", its description naming the day).
REVENUE_ON_FILE = f"Annual revenue on file {ANALYSIS_DATE_RATES}"
#: The label of a payer's revenue a year at the rates in force when its new term begins, the
#: proposal's baseline: the Totals' column, beside "Revenue at asked rates".
REVENUE_NEW_TERM = "Revenue at new-term rates"


def contract_percent_text(pct: float) -> str:
    """A contract's percentage (of Medicare, or its escalator a year) as its contract states it:
    "88%", "92.5%", "2.75%" (:func:`ratecalc.money.stated_percent_text`: to the hundredths the
    Payers & Contracts sheet's escalator cell shows; a 2.75% escalator read "2.8%" with one
    decimal).

    >>> contract_percent_text(0.88), contract_percent_text(0.925), contract_percent_text(0.0275)
    ('88%', '92.5%', '2.75%')
    """
    return stated_percent_text(pct)


def raised_by_escalator(escalator: float, contract: str = "its contract's", times: int = 1
                        ) -> str:
    """What every output says of a rate a fixed contract's escalator [fraction a year] raised
    above its fee-schedule row (:func:`ratecalc.rates.escalated_schedule`): a rate no row on
    file shows. ``contract``: whose escalator, as the output names the contract (a letter to
    the payer: "our agreement's"); ``times``: on how many anniversaries it raised the rate
    (``escalations``), said where more than one, so that the rate can be worked from the
    row's: $28.98 raised twice by 2% is $30.15, where once makes $29.56.

    >>> raised_by_escalator(0.02)
    "raised by its contract's 2% escalator"
    >>> raised_by_escalator(0.025, "our agreement's", times=3)
    "raised three times by our agreement's 2.5% escalator"
    """
    count = ("" if times <= 1 else " twice" if times == 2 else " three times" if times == 3
             else f" {times} times")
    return f"raised{count} by {contract} {contract_percent_text(escalator)} escalator"


#: Where a rate comes from when the payer has none in force for a code it is billed: the
#: Comparison's "Rate from" beside a blank Rate said nothing, and that code counts as not paid
#: (:func:`ratecalc.rates.unpaid_codes_note`).
NO_RATE_SOURCE = "no rate in force: counted as not paid"
#: Where a rate comes from when a percent-of-Medicare contract would pay the code but Medicare has
#: no amount for it (not in the release, not payable, no payment in the locality) and the
#: payer's schedule lists no rate either: the contract's percentage of nothing. Said apart
#: from :data:`NO_RATE_SOURCE`, whose remedy (add the rate) is not this one's
#: (:func:`ratecalc.rates.unpaid_codes_note`).
NO_MEDICARE_SOURCE = "contract % of Medicare, but no Medicare amount: counted as not paid"


def schedule_source(modifier: str = "") -> str:
    """Where every output says a rate the payer's fee schedule sets comes from: its row, named
    by the modifier it is listed with where it has one (a GP/GO/GN row), so that a rate that is
    not the plain row's can be traced to its row.

    >>> schedule_source(), schedule_source("GP")
    ('fee schedule', 'fee schedule (GP row)')
    """
    return f"fee schedule ({modifier} row)" if modifier else "fee schedule"


def escalated_source(source: str, row_rate: float, escalator: float, times: int = 1) -> str:
    """Where a rate the escalator raised comes from: ``source`` (its fee-schedule row,
    :func:`schedule_source`), the row's own rate [USD per unit] and :func:`raised_by_escalator`
    (``times`` the anniversaries that raised it).

    >>> escalated_source("fee schedule", 28.98, 0.02)
    "fee schedule $28.98, raised by its contract's 2% escalator"
    >>> escalated_source("fee schedule", 28.98, 0.02, times=2)
    "fee schedule $28.98, raised twice by its contract's 2% escalator"
    """
    return f"{source} {money_text(row_rate)}, {raised_by_escalator(escalator, times=times)}"


def is_escalated_source(source: object) -> bool:
    """Whether ``source`` is :func:`escalated_source`'s: a rate no fee-schedule row shows, so a
    message about the rate names the row's own as well, the one to look for on the sheet.

    >>> is_escalated_source(escalated_source("fee schedule", 28.98, 0.02))
    True
    >>> is_escalated_source("fee schedule"), is_escalated_source(None)
    (False, False)
    """
    return isinstance(source, str) and source.startswith("fee schedule") and (
        ", raised " in source and source.endswith(" escalator"))
