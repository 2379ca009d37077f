"""Ranges every input is checked against, and the one wording of each, in a module importing
nothing but the standard library's dataclasses and decimal, so that the command line can check
its options before (or without) loading pandas."""

from __future__ import annotations

from decimal import Decimal

from ratecalc.frozen_record import frozen_record

#: Largest amount a cell may hold [USD]: far above any rate or a year's revenue, far below
#: where sums of floats lose cents or overflow (1e308 gave inf and NaN figures).
MAX_AMOUNT = 1e9
#: Largest magnitude of any other number (units, counts, percentages).
MAX_NUMBER = 1e12
#: Fractions (1.0 = 100%) an option or a worksheet function takes: up to 500%.
MAX_FRACTION = 5.0
#: A contract's percent of Medicare [fraction, 1.10 = 110%], the one range of the tables and the
#: Payers & Contracts sheet (read, and Excel's own check of the cell), the ``scenario`` command's
#: ``--pct-of-medicare`` and the FIXED_VS_PCT worksheet function. Commercial rates run from about
#: 98% to 188% of Medicare by state (DOMAIN.md) and the Settings flag a rate over 400% of it as
#: implausible: past 500% a figure is a percent typed as a fraction's digits (9 for 90% was read
#: as 900% when the sheet took up to 1000%), and under 10% one typed a hundred times too small.
PCT_OF_MEDICARE_RANGE: tuple[float, float] = (0.1, MAX_FRACTION)
#: The increases a proposal asks [fraction of the current rate]: the smallest (Settings' Min
#: increase) and the largest (Max increase), in the Settings sheet and the PROPOSED_RATE
#: worksheet function alike (the function took a smallest increase up to 500%). A largest
#: increase reaches 500%: a clinic paid 40% of Medicare needs +150% to reach it. A bare 1.5
#: there reads as 150% or 1.5% alike, which :func:`percent_check` refuses where it came with
#: no percent meaning (an option, a worksheet function's argument, a CSV cell).
MIN_INCREASE_RANGE: tuple[float, float] = (0.0, 1.0)
MAX_INCREASE_RANGE: tuple[float, float] = (0.0, MAX_FRACTION)
#: A yearly change of the conversion factor [fraction, -0.028 = -2.8%]: ``scenario
#: --cf-change``, FIXED_VS_PCT's cf_change, the Settings' custom path and the projection alike.
#: Medicare's factor moved by -3.4% to +3.8% a year from 2019 to 2026 (DOMAIN.md); the range
#: stays well below 1 so that a bare 1 or 3 (1%, 3% typed whole) is refused saying both
#: readings (it took up to +100%, and read 1 as +100% a year without a word).
CF_CHANGE_RANGE: tuple[float, float] = (-0.5, 0.5)
#: A yearly discount rate [fraction, 0.05 = 5%]: the Settings' Discount rate, ``scenario
#: --discount-rate`` and the projection. Below 100% (a rate of 100% halves each year's worth),
#: so that a bare 1 (1% typed whole) is refused saying both readings, not read as 100%.
DISCOUNT_RATE_RANGE: tuple[float, float] = (0.0, 0.5)
#: A fixed contract's escalator a year [fraction, 0.03 = 3%]: the tables' (Payers & Contracts),
#: ``scenario --escalator`` and FIXED_VS_PCT's (which took -100% to 500%).
ESCALATOR_RANGE: tuple[float, float] = (-0.5, 0.5)


def fraction_range(low: float, high: float) -> str:
    """The rule a fraction from ``low`` to ``high`` of no range of its own breaks
    (:class:`NumberRange`'s words for "a fraction").

    >>> fraction_range(-1, 5)
    'expected a fraction from -100% to 500% (-1 to 5, 1.0 = 100%)'
    """
    return NumberRange("a fraction", low, high, "percent").rule()


def percent_hint(number: float | Decimal, low: float, high: float, *,
                 typed_percent: bool = False, sign_taken: bool = False) -> str:
    """What to write for a fraction ``number`` refused by its range ``low`` to ``high`` when it
    reads as a percent typed whole (the one rule of every option, worksheet function, table
    cell and Setting of a percentage), else "".

    ``number / 100`` must be in the range. Beyond :data:`MAX_FRACTION` either way no fraction
    RateCalc takes is meant: ``"; for 120% write 1.2"`` (-50 for an escalator is -50%).
    Within it, a whole percent or more outside the quantity's own range (the ranges of
    :data:`RANGES` are what is plausible of each: 3 for a yearly change of the conversion
    factor, at most 100%, or for a share) could be either: the hint says what it was read as
    and how to write the other, ``" (300%); for 3% write 0.03"`` (it was refused with no
    word, or, where the range reached 500%, taken as 300%). ``sign_taken``: the cell or
    argument takes a % sign too (``" or 3%"``; an option takes none). A caller whose value
    carried a % sign (a percent already) asks for no hint, unless the cell could not take the
    sign (``typed_percent``: a clinic metric's number cell, :func:`metric_percent_hint`): then
    it is hinted whatever its size. The figures are the decimals typed, in plain notation (a
    float as it prints: 97.123456, not 97.1235; 0.00001, not 1e-05).

    Examples
    --------
    >>> percent_hint(120, 0, 5), percent_hint(900, 0, 5), percent_hint(0.5, 0, 5)
    ('; for 120% write 1.2', '', '')
    >>> percent_hint(50, 0, 1), percent_hint(1.5, 0, 1), percent_hint(-50, -0.5, 0.5)
    ('; for 50% write 0.5', ' (150%); for 1.5% write 0.015', '; for -50% write -0.5')
    >>> percent_hint(3, -0.99, 1), percent_hint(3, 0, 1, sign_taken=True)
    (' (300%); for 3% write 0.03', ' (300%); for 3% write 0.03 or 3%')
    >>> percent_hint(-0.6, -0.5, 0.5), percent_hint(6, 0.1, 5)
    ('', '')
    >>> percent_hint(97.123456, 0, 1), percent_hint(0.001, 0, 1, typed_percent=True)
    ('; for 97.123456% write 0.97123456', '; for 0.001% write 0.00001')
    """
    meant = _percent_meant(number, low, high, typed_percent)
    if meant is None:
        return ""
    hint = _hint_text(*meant[:2])
    if meant[2]:
        hint = f" ({meant[2]}%){hint}" + (f" or {meant[0]}%" if sign_taken else "")
    return hint


def percent_check(number: float | Decimal, low: float, high: float, *,
                  percent_meaning: bool, signed: bool = False,
                  sign_taken: bool = False, two_ways: bool = False) -> str | None:
    """The one rule of a percentage [fraction, 1.0 = 100%] from ``low`` to ``high``: None
    where ``number`` is taken, else what to write after the value in its refusal ("" for
    nothing), for every option, worksheet function, table cell, Setting and core check.

    ``percent_meaning``: the value came meaning a fraction already (a text with a % sign, a
    workbook cell formatted as a percent, whose reader sees 150%; a core function's argument,
    read by its entry point). Without it (an option, a worksheet function's argument, a CSV
    cell) a number of 1 or more in a range reaching past 100%, whose reading as a percent
    typed whole is in the range too, reads either way (1.5 for a largest increase is 150% or
    1.5%): it is refused saying how to write each, even inside the range (a share's 1 is
    100%: no share reaches past it, so its 1 is no typo). Outside the range the hint is
    :func:`percent_hint`'s (a percent cell showing 300% for a yearly change may hold a 3%
    typed whole), but for a value ``signed`` (typed with its % sign: a percent already).
    ``sign_taken``: the entry point takes a % sign too. ``two_ways``: the cell showed the number
    rounded beside a percent sign that is text (0.55 in ``0.0"%"`` shows 0.6%,
    :class:`~ratecalc.shown_percent.RoundedPercent`): it reads either way whatever its size, and
    is refused so even where one reading is outside the range (0.1 shown 0% is not 10%).

    Examples
    --------
    >>> percent_check(1.5, 0, 5, percent_meaning=True), percent_check(0.15, 0, 5,
    ...     percent_meaning=False)
    (None, None)
    >>> percent_check(1.5, 0, 5, percent_meaning=False)
    ', which reads as 150% or 1.5%: for 150% write 150%, for 1.5% write 1.5% or 0.015'
    >>> percent_check(1, -0.5, 0.5, percent_meaning=False)
    ' (100%); for 1% write 0.01'
    >>> percent_check(3, -0.5, 0.5, percent_meaning=True, sign_taken=True)
    ' (300%); for 3% write 0.03 or 3%'
    >>> percent_check(6, 0, 5, percent_meaning=True, signed=True)
    ''
    """
    if not low <= number <= high:
        return "" if signed else percent_hint(number, low, high, sign_taken=sign_taken)
    percent = number if isinstance(number, Decimal) else Decimal(repr(float(number)))
    if not two_ways and (percent_meaning or high <= 1 or abs(percent) < 1
                         or not low <= percent.scaleb(-2) <= high):
        return None
    whole, typed = _plain(percent.scaleb(2)), _plain(percent)
    return (f", which reads as {whole}% or {typed}%: for {whole}% write {whole}%, "
            f"for {typed}% write {typed}% or {_plain(percent.scaleb(-2))}")


def _hint_text(percent: str, fraction: str) -> str:
    return f"; for {percent}% write {fraction}"


def _percent_meant(number: float | Decimal, low: float, high: float,
                   typed_percent: bool) -> tuple[str, str, str] | None:
    """:func:`percent_hint`'s rule: the percent typed and the fraction meant, in plain
    notation, and the percent ``number`` was read as where a fraction of ``number`` itself
    could have been meant (it is a whole percent or more, beyond its range but within
    :data:`MAX_FRACTION`; else ""), or None where no percent typed whole is to be read."""
    percent = number if isinstance(number, Decimal) else Decimal(repr(float(number)))
    fraction = percent.scaleb(-2)
    if not low <= fraction <= high:
        return None
    if typed_percent or abs(percent) > MAX_FRACTION:
        return _plain(percent), _plain(fraction), ""
    if abs(percent) >= 1 and not low <= percent <= high:
        return _plain(percent), _plain(fraction), _plain(percent.scaleb(2))
    return None


def _plain(number: Decimal) -> str:
    """``number`` in plain notation with the decimals it has: 97.123456, 0.00001, 120."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def count_text(number: float) -> str:
    """A bound of a range as the messages write it: ``120``, ``3650``, ``2026`` (no comma
    below 10,000, where a year would get one), ``1,000,000,000``, ``0.5``."""
    if not float(number).is_integer():
        return f"{number:g}"
    return f"{number:,.0f}" if abs(number) >= 10_000 else f"{number:.0f}"


def shown_range(low: float, high: float, shown: str) -> str:
    """A range as the cells it checks show their values: ``shown`` is ``"percent"`` (0.1 to 5
    reads ``10% to 500%``), ``"money"`` (``$0 to $1,000,000,000``) or ``"number"`` (``0 to
    3,650``, ``0 to 0.5``).

    The one text of a range on a cell of the master workbook (Excel's own check of it): its
    user sees 110% and $1,000,000,000.00 there, not 1.1 and 1e+09.

    >>> shown_range(0.1, 5, "percent"), shown_range(-0.5, 0.5, "percent")
    ('10% to 500%', '-50% to 50%')
    >>> shown_range(0, 1e9, "money"), shown_range(0, 3650, "number")
    ('$0 to $1,000,000,000', '0 to 3,650')
    """
    def one(number: float) -> str:
        if shown == "percent":
            return f"{_grouped(round(number * 100, 6))}%"
        if shown == "money":  # no range of amounts reaches below zero
            return f"${_grouped(number)}" if float(number).is_integer() else f"${number:,.2f}"
        return _grouped(number)

    return f"{one(low)} to {one(high)}"


def _grouped(number: float) -> str:
    """``number`` with thousands grouped as the workbook's number formats show them."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,g}"


def number_range(what: str, low: float, high: float | None = None) -> str:
    """The rule a number of ``what`` from ``low`` to ``high`` (no upper bound: None) breaks, in
    the words the command line's options and the worksheet functions use.

    >>> number_range("months", 0, 120), number_range("minutes", 0)
    ('expected months from 0 to 120', 'expected minutes >= 0')
    """
    if high is None:
        return f"expected {what} >= {count_text(low)}"
    return f"expected {what} from {count_text(low)} to {count_text(high)}"


@frozen_record
class NumberRange:
    """One quantity's range and the one wording of it that every entry point states: the
    command line's option, the worksheet function, the table reader, the core function and
    Excel's own check of the workbook's cell (:data:`RANGES`).

    Attributes
    ----------
    what : str
        The quantity, as the message names it: ``"a percent of Medicare"``, ``"months"``.
    low, high : float
        The bounds, both allowed [the quantity's unit: a fraction (1.0 = 100%), a count, USD].
    shown : str
        How the workbook's cells show it, as :func:`shown_range` takes it: ``"percent"`` (a
        fraction), ``"number"`` (a count) or ``"money"``.
    whole : bool
        A count taken in whole numbers only (days, months, years), which its words say.

    Examples
    --------
    >>> share = NumberRange("a share", 0, 1, "percent")
    >>> share.rule()
    'expected a share from 0% to 100% (0 to 1, 1.0 = 100%)'
    >>> share.cell_rule()
    'Expected a share from 0% to 100%'
    >>> NumberRange("days of notice", 0, 3650, whole=True).rule()
    'expected a whole number of days of notice from 0 to 3650'
    """

    what: str
    low: float
    high: float
    shown: str = "number"
    whole: bool = False

    def rule(self) -> str:
        """The rule a number outside breaks, in text: an option, a worksheet function, a table's
        cell and a core function say it alike. A fraction's bounds come as percents first, the
        fraction the text takes after them (an option or the core takes no % sign)."""
        if self.shown == "percent":
            return (f"expected {self.what} from {shown_range(self.low, self.high, 'percent')} "
                    f"({self.low:g} to {self.high:g}, 1.0 = 100%)")
        if self.shown == "money":
            return f"expected {self.what} from {shown_range(self.low, self.high, 'money')}"
        # "a year" is whole by its name; "days of notice" are not
        counted = self.whole and not self.what.startswith(("a ", "an "))
        return number_range(f"a whole number of {self.what}" if counted else self.what,
                            self.low, self.high)

    def cell_rule(self) -> str:
        """The rule as Excel's own check of a workbook's cell states it: the same words, the
        bounds as the cell shows its value (a percent cell shows 110%, never 1.1)."""
        if self.shown == "percent":
            return f"Expected {self.what} from {shown_range(self.low, self.high, 'percent')}"
        return "E" + self.rule()[1:]

    @property
    def bounds(self) -> tuple[float, float]:
        """``(low, high)``."""
        return self.low, self.high


# Ranges of the counts the command line's options and the worksheet functions take, each
# defined once here (a ramp of a billion months gave an exit "impact" of -$100,000).
#: Units billed a year, of one code or a payer (the Volumes table's units_per_year).
MAX_UNITS_PER_YEAR = 1e9
#: Visits a year from one payer.
MAX_VISITS_PER_YEAR = 1e8
#: Largest visits a year x rate per visit an exit estimate takes [USD per year] (a payer's rate,
#: its second year's, the backfill's, the final offer): its 24 months' figures (two years lost,
#: two retained and backfilled, the admin savings) stay below $10 trillion, under the 15
#: significant digits a double holds to the cent, where a JSON number, a cell and a worksheet
#: function's result carry it. 100,000,000 visits x $1,000,000,000, each in its range, showed
#: "$8,333,333,333,333,361.00" a month.
MAX_EXIT_REVENUE = 1e12
#: Months until a backfill after an exit is complete (ten years): the core, the ``exit-impact``
#: command's ``--ramp-months``, the Settings sheet (read and Excel's own check) and the
#: EXIT_IMPACT worksheet function take 0 to this.
MAX_RAMP_MONTHS = 120
#: Days of notice a contract can require (ten years).
MAX_NOTICE_DAYS = 3650
#: Months of each term an auto-renewing contract renews for (ten years).
MAX_RENEWAL_MONTHS = 120
#: Months before a contract's end to open talks (five years).
MAX_LEAD_MONTHS = 60
#: Business days between follow-ups (a year).
MAX_FOLLOW_UP_DAYS = 260
#: Days a letter gives the payer to answer (a year): the Settings' response days (a billion
#: was read, and the letter stopped with an internal error computing the date).
MAX_RESPONSE_DAYS = 365
#: A payer's across-the-board offer [fraction, 0.03 = 3%]: the Negotiation Log's Offered
#: increase (read, Excel's own check of the cell, and the counter letter, which answers it) and
#: an offer file's; any cut short of the whole rate, up to 500% (as the largest increase a
#: proposal asks).
OFFERED_INCREASE_RANGE: tuple[float, float] = (-0.99, MAX_FRACTION)


#: The range of each clinic metric's value and benchmark (the Clinic Metrics table) [the
#: metric's unit]: the core reads a row's figures in its metric's range, and Excel's own check of
#: the cells takes the same (by the metric picked on the row). Rates are fractions of claims (the
#: letter and the Clinic sheet show 0.97 as 97%); outcome improvement and patient satisfaction
#: are a fraction of patients or a score, as clinics report them; a cost a dollar amount.
METRIC_RANGES: dict[str, tuple[float, float]] = {
    "clean_claim_rate": (0.0, 1.0),
    "denial_rate": (0.0, 1.0),
    "days_in_ar": (0.0, 3650.0),  # ten years
    "visits_per_episode": (0.0, 1000.0),
    "outcome_improvement": (-100.0, 100.0),
    "nps": (-100.0, 100.0),  # the Net Promoter Score's own scale
    "cost_per_visit": (0.01, MAX_AMOUNT),  # COST_PER_VISIT's: a visit costs something
    "cost_per_episode": (0.01, MAX_AMOUNT),  # as a visit's: Excel's check says one cost range
    "patient_satisfaction": (0.0, 100.0),
    "visits_per_year": (0.0, MAX_VISITS_PER_YEAR),  # the clinic's, as a payer's visits a year
}


#: The units of a clinic metric whose figure is a fraction (0.84 = 84%), which the Clinic sheet
#: and the letter show as a percentage, and those shown as money (compared casefolded).
PERCENT_UNITS: tuple[str, ...] = ("fraction", "percent", "%")
MONEY_UNITS: tuple[str, ...] = ("usd", "$", "dollars")

#: Each clinic metric's unit where its row's Unit cell is blank, as the letter and the Clinic
#: sheet then show its figures.
METRIC_UNITS: dict[str, str] = {
    "clean_claim_rate": "fraction", "denial_rate": "fraction", "days_in_ar": "days",
    "visits_per_episode": "visits", "outcome_improvement": "fraction", "nps": "score",
    "cost_per_visit": "usd", "cost_per_episode": "usd", "patient_satisfaction": "score",
    "visits_per_year": "visits",
}


def metric_unit(metric: str, unit: object) -> str:
    """The unit a clinic metric's figures are in, casefolded: the row's Unit cell, else the
    metric's own (:data:`METRIC_UNITS`).

    >>> metric_unit("outcome_improvement", None), metric_unit("nps", " Percent ")
    ('fraction', 'percent')
    """
    typed = unit.strip() if isinstance(unit, str) else ""  # a blank cell is NaN or None
    return (typed or METRIC_UNITS.get(metric, "")).casefold()


def metric_range(metric: str, unit: object) -> tuple[float, float]:
    """The range of a clinic metric's value and benchmark in ``unit`` (its row's Unit cell):
    the metric's (:data:`METRIC_RANGES`), and a fraction from -1 to 1 where the unit is a
    percentage, which every output shows x 100 (84 with unit 'fraction' read 8400.0% in the
    letter).

    >>> metric_range("outcome_improvement", "score"), metric_range("outcome_improvement", "")
    ((-100.0, 100.0), (-1.0, 1.0))
    >>> metric_range("patient_satisfaction", "%")
    (0.0, 1.0)
    """
    low, high = METRIC_RANGES[metric]
    if metric_unit(metric, unit) in PERCENT_UNITS:
        return max(low, -1.0), min(high, 1.0)
    return low, high


def metric_range_rule(label: str, low: float, high: float, unit: str = "") -> str:
    """The rule a clinic metric's figure outside its range breaks, naming the metric as the
    sheet shows it, and a unit shown as a percentage (``unit``, :func:`metric_unit`).

    >>> metric_range_rule("Clean claim rate", 0, 1)
    'expected a figure from 0 to 1 for Clean claim rate'
    >>> metric_range_rule("NPS", -100, 100)
    'expected a figure from -100 to 100 for NPS'
    >>> metric_range_rule("Outcome improvement", -1, 1, "%")[31:]
    "for Outcome improvement, a fraction shown as a percentage by its unit '%' (0.84 = 84%)"
    """
    rule = f"expected a figure from {count_text(low)} to {count_text(high)} for {label}"
    if unit in PERCENT_UNITS:
        rule += f", a fraction shown as a percentage by its unit '{unit}' (0.84 = 84%)"
    return rule


def metric_percent_hint(percent: float | Decimal, low: float, high: float, *,
                        typed_percent: bool = False) -> str:
    """What to write for a clinic metric's figure in a unit shown as a percentage
    (:data:`PERCENT_UNITS`) refused as ``percent`` percent: ``"; for 97% write 0.97 (or 97% in a
    cell formatted as a percentage)"``, where :func:`percent_hint` gives a hint (its rule: a
    number beyond any fraction, or ``typed_percent``, written "97%", which the figure's number
    cell refuses), else "". Every reader of the Clinic Metrics (CSV, a workbook, the master
    workbook) says it.

    >>> metric_percent_hint(97, 0, 1, typed_percent=True)
    '; for 97% write 0.97 (or 97% in a cell formatted as a percentage)'
    >>> metric_percent_hint(84, -1, 1), metric_percent_hint(0.5, -1, 1)
    ('; for 84% write 0.84 (or 84% in a cell formatted as a percentage)', '')
    >>> metric_percent_hint(1.5, 0, 1)
    ' (150%); for 1.5% write 0.015 (or 1.5% in a cell formatted as a percentage)'
    >>> metric_percent_hint(150, 0, 1, typed_percent=True)
    ''
    """
    meant = _percent_meant(percent, low, high, typed_percent)
    if meant is None:
        return ""
    hint = f"{_hint_text(*meant[:2])} (or {meant[0]}% in a cell formatted as a percentage)"
    return f" ({meant[2]}%){hint}" if meant[2] else hint


#: The shares an estimate of leaving a payer assumes (ratecalc.exit_impact.ExitParams) [fraction,
#: 1.0 = 100%]: of its visits kept out of network or as self-pay, of the rate collected on such a
#: visit, and of the freed capacity other payers' patients refill; and the range each takes, in
#: the core, the options, the Settings sheet and the worksheet function alike.
EXIT_SHARES: tuple[str, ...] = ("retention", "retained_collection", "backfill")
EXIT_SHARE_RANGE: tuple[float, float] = (0.0, 1.0)


#: Dates outside these years are typing errors (and beyond what date arithmetic here allows).
#: No clinic's contract, fee schedule or remittance predates 1970 (commercial PPO contracts began
#: in the 1980s), and a number typed in a date cell is a day count from 1900: a rate of 26.83
#: there is 1900-01-26, so every number below 25,569 (1970-01-01) is refused as a date.
FIRST_YEAR, LAST_YEAR = 1970, 2199
#: The rule a date outside those years breaks, in the words of every reader, option, worksheet
#: function and core function, and of Excel's check of a date cell (capitalized there).
DATE_RANGE_RULE = f"expected a date in the years {FIRST_YEAR} to {LAST_YEAR}"
#: Horizon of a fixed-versus-percent scenario [years]: the ``scenario`` command, the Settings
#: sheet, the core and the FIXED_VS_PCT worksheet function (a projection's cost grows with the
#: square of the years: a billion years hung Excel).
MIN_SCENARIO_YEARS, MAX_SCENARIO_YEARS = 1, 50

#: Any dollar amount a cell, an option, a worksheet function or the core takes, where its
#: quantity has no range of its own in :data:`RANGES`.
AMOUNT = NumberRange("a dollar amount", 0, MAX_AMOUNT, "money")
#: The clinic's cost of a visit, which the walk-away floor is priced from (``exit-impact
#: --cost-per-visit``, :func:`ratecalc.exit_impact.walk_away_check`; the Clinic Metrics' row
#: by :data:`METRIC_RANGES`): a cost of $0.00 made a floor of $0.00 that every rate "met" on
#: the Exit Impact sheet and in exit-impact, while the Proposal took it as no cost and had no
#: floor, and nothing said either. A visit costs something: a blank typed as 0.
COST_PER_VISIT = NumberRange("a cost per visit", 0.01, MAX_AMOUNT, "money")

#: Each quantity's own range, by the name of its table column (and of its option, worksheet
#: function argument and core parameter, where it has them): its words come from here alone.
#: A test collects each one's message from every entry point (tests/workbook/test_range_words.py).
RANGES: dict[str, NumberRange] = {
    "pct_of_medicare": NumberRange("a percent of Medicare", *PCT_OF_MEDICARE_RANGE, "percent"),
    "escalator": NumberRange("a yearly escalator", *ESCALATOR_RANGE, "percent"),
    "cf_change": NumberRange("a yearly change", *CF_CHANGE_RANGE, "percent"),
    "min_increase": NumberRange("a smallest increase", *MIN_INCREASE_RANGE, "percent"),
    "max_increase": NumberRange("a largest increase", *MAX_INCREASE_RANGE, "percent"),
    "offered_increase": NumberRange("an increase", *OFFERED_INCREASE_RANGE, "percent"),
    **{name: NumberRange("a share", *EXIT_SHARE_RANGE, "percent") for name in EXIT_SHARES},
    "ramp_months": NumberRange("months", 0, MAX_RAMP_MONTHS),
    "scenario_years": NumberRange("years", MIN_SCENARIO_YEARS, MAX_SCENARIO_YEARS, whole=True),
    "notice_days": NumberRange("days of notice", 0, MAX_NOTICE_DAYS, whole=True),
    "lead_months": NumberRange("months", 0, MAX_LEAD_MONTHS, whole=True),
    # a renewed term lasts at least a month: 0 would never end, and no term would be current
    "renewal_months": NumberRange("months", 1, MAX_RENEWAL_MONTHS, whole=True),
    "follow_up_business_days": NumberRange("business days", 1, MAX_FOLLOW_UP_DAYS, whole=True),
    "response_days": NumberRange("days", 0, MAX_RESPONSE_DAYS, whole=True),
    "units_per_year": NumberRange("units a year", 0, MAX_UNITS_PER_YEAR),
    # a yearly figure, which may be an average: a fraction is taken (the Payers' cells took
    # whole numbers only, the exit estimate any number)
    "visits_per_year": NumberRange("visits a year", 0, MAX_VISITS_PER_YEAR),
    # a yearly rate of 100% halves each year's revenue: a bare 1 is a percent typed whole
    "discount_rate": NumberRange("a yearly discount rate", *DISCOUNT_RATE_RANGE, "percent"),
    # the Volumes' visits in which a code was billed (a year's), in the Payers' visits' range;
    # then quantities only a cell and Excel's check of it take
    "visits": NumberRange("visits a year", 0, MAX_VISITS_PER_YEAR),
    "walk_away_margin": NumberRange("a margin over cost", 0, 1, "percent"),
    "pareto_share": NumberRange("a share of revenue", 0.01, 1, "percent"),
    "assistant_reduction": NumberRange("a reduction", 0, 1, "percent"),
    "target_percentile": NumberRange("a percentile", 0, 100),
    "plausible_low": NumberRange("a percent of Medicare", 0, 10, "percent"),
    "plausible_high": NumberRange("a percent of Medicare", 0.1, 100, "percent"),
    # a payer's offered rate, and a rate asked (the Proposal's "Your rate", as the letter asks
    # it: $0.00 was asked by the sheet, refresh and analyze, and refused by the letter)
    "offered_rate": NumberRange("a dollar amount", 0.01, MAX_AMOUNT, "money"),
    "override_rate": NumberRange("a dollar amount", 0.01, MAX_AMOUNT, "money"),
}

# An .xlsx/.xlsm package (ratecalc/xlsx_package.py), checked before any parser reads it. A master
# workbook of 40 payers x 300 codes, built and refreshed by benchmarks/bench_workbook.py, unpacks
# to 32 MB in 85 parts; its largest part (the Fee Schedules sheet, 12,000 rows) is 13.9 MB and
# its parts compress at most 13:1. The limits leave room for four to eight times that workbook,
# and stop a small zip bomb long before it costs gigabytes (the parsers hold a part whole).
#: Largest part, uncompressed [bytes]: 4.6x the largest part of the 40 x 300 workbook.
MAX_XLSX_PART_BYTES = 64 << 20
#: All parts together, uncompressed, and the file itself [bytes]: 8x the 40 x 300 workbook.
MAX_XLSX_TOTAL_BYTES = 256 << 20
#: Parts in one package: the 40 x 300 workbook has 85.
MAX_XLSX_PARTS = 10_000
#: Sheets in one workbook: the master workbook has 18, a payer's export a few. openpyxl and
#: pandas look a sheet up by name through the list of every sheet, so a read costs the square
#: of their number: a fee schedule of 5,001 sheets took 40 s to import (load 8) and the demo
#: master workbook with 3,000 sheets added took 57 s to analyze and 91 s to refresh (load 17;
#: 7 s to analyze without them); 1,000 cost analyze 0.6 user CPU-s more than none
#: (benchmarks/README.md, branch hunt-hostile-15).
MAX_XLSX_SHEETS = 1_000
#: Highest compression ratio of a part over MIN_RATIO_CHECKED_BYTES [uncompressed / compressed]:
#: real parts compress at most 13:1, deflate at best about 1,030:1 (a zip bomb).
MAX_XLSX_RATIO = 200
MIN_RATIO_CHECKED_BYTES = 1 << 20
#: Cells in all worksheets together. openpyxl holds a cell in about 400 bytes (3 million plain
#: numbers took 1.2 GB and 55 s to load, measured), and its limit is what a read may cost: the
#: 40 x 300 workbook has 550,000 cells, this is seven times that (about 1.6 GB to load).
MAX_XLSX_CELLS = 4_000_000
#: Longest text of a number cell's value in a package [characters]: Excel writes a double's
#: shortest text, at most 24 (``-2.2250738585072014E-308``); a 500-digit integer read, but no
#: writer could store it again.
MAX_XLSX_NUMBER_CHARS = 32
#: Excel's own sheet size.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
#: Excel's most characters in one cell: a longer text cannot be written to a workbook whole.
EXCEL_MAX_CELL_CHARS = 32_767

#: Largest CSV file RateCalc reads [bytes], as large as a whole workbook may be: the eight tables
#: of the 40 x 300 workbook export to under 3 MB, and a payer's fee schedule is far smaller.
#: A CSV is read whole; its largest field fits the csv module's field limit, set to this size.
MAX_CSV_BYTES = 256 << 20

# An X12 835 (ratecalc/remittance/tokenizer.py and parser.py).
#: Longest element of an 835, a composite's components and separators included [characters].
#: The longest the 835 guides allow is 256 (PER04, a communication number, 005010X221; most
#: are 60 or less: names, ids), so a payer's system writing past it is out of spec; this bound
#: leaves it four times that room, and stays far under Excel's 32,767 characters per cell,
#: where an element ends up (a payer name in the lines CSV). A 50,000,000-character payer name
#: was imported (40 s, 516 MB) into a cell no spreadsheet could show.
MAX_X12_ELEMENT_CHARS = 1_000
#: Longest segment [characters]: CAS, the 835 segment with the most elements (19), fits with
#: every element at MAX_X12_ELEMENT_CHARS; under Excel's limit too, since a problem quotes a
#: segment whole in a cell of the Problems sheet. A longer one (many short elements, or no
#: terminator at all) is refused after reading at most this much more than a chunk of text.
MAX_X12_SEGMENT_CHARS = 20_000
assert MAX_X12_SEGMENT_CHARS < EXCEL_MAX_CELL_CHARS
#: Problems listed one by one for one 835 file; the rest are counted in one more, by severity.
#: Each empty segment (``~~``) or unknown one was a problem of its own: 5 MB of ``~`` took 131 s
#: and 1.8 GB, and printed 5,000,000 warnings; a file with more problems than this is damaged
#: throughout, and the first ones say how.
MAX_X12_PROBLEMS_LISTED = 1_000

# A CMS PPRRVU file (ratecalc/medicare/cms_files.py), checked row by row before a release is
# stored. Every national RVU file RateCalc has seen (RVU20A, RVU21A, RVU24A, RVU24B, RVU25A,
# RVU25D, RVU26C: 17,236 to 19,356 rows each) has RVUs from 0 to: work 108.91, non-facility PE
# 443.28 (RVU26C), facility PE 61.18 (RVU21A), malpractice 30.01 (RVU20A). No RVU is negative.
# The bounds leave about ten times the largest (a new, costlier code) and stop a typing error
# of a hundred times; at the bounds an amount stays near $2,000,000 a unit, far inside the
# engine's integers (an RVU of 30,000,000 wrapped around to -$432,530,719.40).
#: Plausible range of each RVU column of a PPRRVU file [RVUs], both bounds allowed.
RVU_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "work_rvu": (Decimal("0"), Decimal("1000")),
    "pe_nonfac_rvu": (Decimal("0"), Decimal("5000")),
    "pe_fac_rvu": (Decimal("0"), Decimal("5000")),
    "mp_rvu": (Decimal("0"), Decimal("300")),
}
#: Plausible conversion factor [USD per RVU], both bounds allowed: CMS's 2015-2026 factors run
#: from 32.3465 (2025) to 36.0896 (2020); the bounds refuse one typed in cents (3340.09) or a
#: tenth of itself (3.34).
CONVERSION_FACTOR_RANGE: tuple[Decimal, Decimal] = (Decimal("10"), Decimal("100"))
#: The indicators a PPRRVU row may carry (a full match of the text, upper case, after "NA" is
#: read as blank), and their rule in words. CMS's files use status A-X, multiple-procedure
#: 0-9, PC/TC 0-9 and global days 000/010/090/MMM/XXX/YYY/ZZZ (a copy saved through a
#: spreadsheet writes 0, 10, 90).
RVU_INDICATORS: dict[str, tuple[str, str]] = {
    "status": (r"[A-Z]", "one letter (CMS's status codes A-X)"),
    "mult_proc": (r"[0-9]?", "one digit 0-9 or blank"),
    "pctc": (r"[0-9]?", "one digit 0-9 or blank"),
    "glob_days": (r"(?:[0-9]{1,3}|MMM|XXX|YYY|ZZZ)?",
                  "000, 010, 090, MMM, XXX, YYY, ZZZ or blank"),
    "nonfac_na": (r"", "NA or blank"),
    "fac_na": (r"", "NA or blank"),
}

# A CMS release zip (ratecalc/medicare/importer.py). CMS's RVU zips are 10-20 MB and unpack to
# under 60 MB (every format of every file: PPRRVU QPP and non-QPP as CSV, XLSX and TXT, GPCI,
# LOCCO, ANES, OPPSCAP, the layout PDF). Only what could be a release's file is unpacked: a
# PPRRVU or GPCI file by its name, and a zip inside (spilled to a temporary file, never held in
# memory). A 16 MB zip of twelve zips of a 290 MB file each took 3.6 GB before this limit.
#: Most bytes unpacked from one release, zips inside it and the files read together [bytes]:
#: four times a whole release unpacked.
MAX_RELEASE_UNPACKED_BYTES = 256 << 20
#: Largest file of the Medicare store (a release's RVUs or GPCIs as .npz, written by
#: ``medicare import`` into the user's data folder, or bundled) [bytes], and the most its
#: arrays may unpack to: a national RVU release is 70 KB stored and about 2 MB unpacked. A
#: damaged or replaced file is read within these, each array's stated size checked against
#: the bytes it has before it is allocated (a stated shape of a billion rows took memory
#: before the short data was found).
MAX_STORE_FILE_BYTES = 64 << 20
MAX_STORE_UNPACKED_BYTES = 256 << 20
#: Largest list of the user's imported releases (``releases.csv`` in the per-user data
#: folder, written by ``medicare import``) [bytes]: a release is a line of about 100 bytes.
MAX_RELEASE_LIST_BYTES = 1 << 20
#: Largest record of a market-rate store (``DIR/files/<id>.json``, written by ``import
#: market-rates --store``) [bytes]. A record is a few KB: its file's header, filters and notes,
#: and the plans a table of contents lists for it (thousands at most). It was read whole, so a
#: record replaced by a link to ``/dev/zero`` was read until memory ran out.
MAX_STORE_RECORD_BYTES = 16 << 20

#: Largest 835 file RateCalc reads [bytes]. A large payer's 835 runs to tens of MB; the import
#: holds about 12 MB of memory per MB of 835 (a 50 MB file peaks near 705 MB, README's "835
#: memory"), so this file would cost about 1.6 GB, what a workbook at MAX_XLSX_CELLS may cost
#: to load. A larger file is refused before it is read (a 400 MB file in a folder was read
#: whole, 894 MB, only to be found not X12).
MAX_X12_FILE_BYTES = 128 << 20

#: Most data rows (rows holding a value below the header row) a payer's fee-schedule file (a
#: CSV, or the sheet of an XLSX) may hold. A payer's schedule is a few thousand codes (all of
#: CPT and HCPCS with modifiers and a few effective dates stays under this); past it the file
#: is some other table, and it is refused before its rows are read (3,000,000 rows, 69 MB,
#: under MAX_CSV_BYTES, ran past 1.4 GB and 300 s).
MAX_FEE_SCHEDULE_ROWS = 100_000
#: Problems ``import fee-schedule`` lists one by one; the rest are counted in one more line, by
#: severity (``--json`` keeps every one). A file of 99,999 bad rows printed 200,000 lines (28 MB)
#: to the terminal; the first thousand say what is wrong with it.
MAX_FEE_SCHEDULE_PROBLEMS_LISTED = 1_000
#: Most rows of a CSV table of a folder (``analyze``, ``workbook new --from``, ``letter
#: --offer``...): an Excel sheet's rows, so that no table read is one the master workbook could
#: not hold. Past it the file is refused with its rows counted streaming, before any is kept
#: (3,000,000 rows of ``payers.csv``, 12 MB, took 2.7 GB and 107 s to list a problem a row).
MAX_TABLE_ROWS = EXCEL_MAX_ROWS

#: Largest providers table (``ratecalc market-rates providers --out``, read by ``--providers``)
#: [bytes of CSV, after unpacking a .gz], as large as a CSV RateCalc reads: a row is about 41
#: bytes, so the therapists of NPPES (physical, occupational and speech therapy and their
#: assistants, an estimated million NPIs and practice locations) write about 41 MB. It had no
#: limit: a gzip of a few hundred KB unpacking to hundreds of MB was read whole.
MAX_PROVIDER_TABLE_BYTES = MAX_CSV_BYTES
#: Most rows of a providers table: three times NPPES's therapists and their locations (every
#: NPI of every taxonomy, 8 million, is some other table). 3,000,000 rows (123 MB) load in
#: 3.7 CPU-s and 395 MB at peak (measured 2026-12-06).
MAX_PROVIDER_TABLE_ROWS = 3_000_000
#: Most columns of a providers table's header: the table written has six. pandas builds a column
#: for each field of the header (about 40 microseconds and 2 KB each), so a 4 MB file of 2
#: million empty header fields took about 80 CPU-s and 5 GB before it was refused.
MAX_PROVIDER_TABLE_COLUMNS = 64
#: Longest row of CMS's NPPES CSV (``market-rates providers``) [bytes, its quoted line breaks
#: included]. Its rows are 1-5 KB (330 columns, most empty) and its header about 8 KB; a row is
#: read whole before its columns are taken, so a file whose row never ended (a zip of a few MB
#: unpacking to a gigabyte without a line break) was held whole, however little of it was kept.
MAX_NPPES_ROW_BYTES = 1 << 20


#: Most rows, and separately most cells, formatted but blank below a sheet's last value that a
#: command saving the workbook (``refresh``, ``import ... --workbook``) loads: openpyxl holds
#: each one, so a sheet formatted down to Excel's row 1,048,576 made refresh take 20 CPU-s and
#: 830 MB (cells) to 1,020 MB (rows) for a sheet of two values. openpyxl's load and save of the
#: demo workbook with such a sheet (2026-12-06, load average 6.5, ``/usr/bin/time``): none
#: 0.4 CPU-s and 48 MB; 250,000 blank cells 5.8 CPU-s and 221 MB, 500,000 10.8 CPU-s and
#: 395 MB; 250,000 blank rows 5.9 CPU-s and 266 MB, 500,000 11.8 CPU-s and 487 MB. An empty
#: Fee Schedules table given a fill on its 11 columns for 10,000 rows ahead of data entry
#: (110,000 cells, 2.0 CPU-s and 99 MB) is far inside; 500,000 is 45 such columns, or 11 for
#: 45,000 rows (nearly four times the 40 x 300 workbook's 12,000 fee rows). A million, the
#: sheet formatted to Excel's last row, costs what this limit is for (20 CPU-s, 0.8-1 GB).
MAX_BLANK_TAIL = 500_000


def too_many_rows(name: str, count: int, limit: int, holder: str) -> str:
    """The words refusing a file of ``count`` rows where ``holder`` may hold ``limit``.

    >>> too_many_rows("aetna.csv", 3_000_001, 100_000, "a fee schedule")
    "'aetna.csv': 3,000,001 rows, more than the 100,000 a fee schedule may hold; not read"
    """
    return f"'{name}': {count:,} rows, more than the {limit:,} {holder} may hold; not read"


def too_many_data_rows(where: str, count: int, limit: int, holder: str,
                       header_row: int | None) -> str:
    """The words refusing a table of ``count`` data rows below its header (in ``header_row``;
    None: no header was found, and every row holding a value was counted) where ``holder``
    may hold ``limit``; ``where`` names the file (and the sheet).

    >>> too_many_data_rows("'aetna.csv'", 3_000_000, 100_000, "a fee schedule", 2)[:71]
    "'aetna.csv': 3,000,000 data rows below the header in row 2, more than t"
    >>> too_many_data_rows("'aetna.csv'", 3_000_000, 100_000, "a fee schedule", 2)[71:]
    'he 100,000 data rows a fee schedule may hold; not read'
    >>> too_many_data_rows("'x.xlsx', sheet 'A'", 100_001, 100_000, "a fee schedule", None)[:63]
    "'x.xlsx', sheet 'A': 100,001 rows holding values and no header "
    """
    rows = (f"{count:,} data rows below the header in row {header_row}" if header_row
            else f"{count:,} rows holding values and no header row in the first 15 rows")
    return f"{where}: {rows}, more than the {limit:,} data rows {holder} may hold; not read"
