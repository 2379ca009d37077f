"""Native formulas of the result sheets, in functions Excel 2010+ and LibreOffice 7.4 both know.

Only IF, AND, ISNUMBER, N, ABS, ROUND, SUM, SUMPRODUCT, INDEX, MATCH and IFERROR are used: no
XLOOKUP, LET, LAMBDA or dynamic arrays (LibreOffice 7.4 lacks them), no structured table
references (LibreOffice reads them unreliably), no add-in functions. Ranges are absolute and span
exactly the rows refresh wrote, so a formula never reads a stale row.

Money is rounded once, half-up to cents, as every other output rounds it
(:func:`ratecalc.money.round_cents`): each formula that computes an amount wraps it in
:func:`cents`, and computes it from the unrounded figures refresh wrote (and the rate a user
types), never from another formula's rounded amount. A total is the rounding of the exact sum
(over the same products as its rows), not the sum of rounded rows; a percentage divides
unrounded amounts. Without rounding a cell shows the double it holds: 33.765 - 35.04 is
-1.2749999999999986, which LibreOffice shows as -$1.27 where the core, the CSV and the letter
say -$1.28. Excel's and LibreOffice's ROUND round half away from zero, reading their argument
to 15 significant digits: enough for ROUND(33.765-35.04, 2) (-1.28), not for a difference
much smaller than its terms (12.355 - 12.42 is -0.0649999999999995: ROUND gives -0.06). So
:func:`cents` reads the amount to a micro-cent first, as round_cents does:
``ROUND(ROUND(x,8),2)`` gives -0.07 (a test recalculates such cases in LibreOffice). A formula
that only picks a figure (the rate to ask, a payer's Priorities figure on the Timeline, the
chart data) shows it unchanged.

Rows are picked by a payer with :func:`sum_where` (SUMPRODUCT of equality tests), never by
SUMIFS, COUNTIFS or MATCH: those read their key as a criterion, so a payer named ``=Acme``,
``<Acme`` or ``Acme*`` (a name is the clinic's text) became an operator or a wildcard and the
sums silently went to 0 or took other payers' rows. Years are picked the same way: their sums
multiply two columns, which SUMIFS cannot.
The price: SUMPRODUCT reads every row, so an error value a user types over a computed cell of
one payer shows in every payer's total (SUMIFS skipped the other payers' rows), not a wrong sum.
IFERROR inside SUMPRODUCT would need an array formula in Excel 2010-2019; array arithmetic and
ISNUMBER over a range inside SUMPRODUCT do not.

Refresh writes the figures the core computes in one step (the rate in force, the market rate at
the target percentile, the Medicare amount, the proposed rate); the sheet derives the rest, so a
user's override on the Proposal sheet flows through the sums at once, and a test recalculates the
workbook with LibreOffice and checks that every money cell shows the core's figure in cents.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from openpyxl.utils import get_column_letter, quote_sheetname

from ratecalc.frozen_record import frozen_record
from ratecalc.money import FRACTION_PLACES, NOISE_PLACES, PERCENT_PLACES
from ratecalc.validation import column_range
from ratecalc_workbook import layout
from ratecalc_workbook.layout import TableSpec


def sum_where(values: str | tuple[str, ...] | None, *equal: tuple[str, str],
              also: tuple[str, ...] = ()) -> str:
    """``SUMPRODUCT`` of ``values`` over the rows where each ``(range, key)`` pair is equal and
    each condition of ``also`` holds (``values`` None: count the rows; a tuple: the sum of the
    rows' products of those arrays). Text in ``values`` counts as 0, as SUMIFS skips it:
    SUMPRODUCT takes each array as a separate argument, and a non-number there as zero."""
    factors = (values,) if isinstance(values, str) else (values or ())
    tests = [f"--({rng}={key})" for rng, key in equal] + [f"--({test})" for test in also]
    return f"SUMPRODUCT({','.join(tests + list(factors))})"


def fraction(quotient: str) -> str:
    """``quotient`` (a formula expression of a fraction shown as a percentage, ``0.0%``) read
    to a millionth and rounded half-up to the tenth of a percent shown, as
    :func:`ratecalc.money.percent_text` reads and rounds it: the cell holds the figure it
    shows (:func:`ratecalc.money.held_percent`). Held unread, a share of 0.2994999 showed
    29.9% where every other output said 30.0%; held as read, a percent format multiplies the
    double by 100 before it rounds it, and 1.0695 (1.06949999...) showed 106.9% in LibreOffice
    where the letter says 107.0%. ROUND reads its argument to 15 significant digits, so the
    outer one rounds 1.0695 up. Nothing on the sheets computes from such a fraction."""
    return f"ROUND(ROUND({quotient},{FRACTION_PLACES}),{PERCENT_PLACES + 2})"


def cents(amount: str) -> str:
    """``amount`` (a formula expression in dollars) rounded half-up to cents, once, as
    :func:`ratecalc.money.round_cents` rounds it: first read to a micro-cent
    (:data:`ratecalc.money.NOISE_PLACES`), which only drops binary noise, then to cents."""
    return f"ROUND(ROUND({amount},{NOISE_PLACES}),2)"


def revenue_sum(comparison: Span, *equal: tuple[str, str]) -> str:
    """Rate x units a year summed over the Comparison rows where ``equal`` holds, unrounded
    (a row without a rate adds nothing)."""
    return sum_where((comparison.column("allowed_amount"), comparison.column("units_per_year")),
                     *equal)


def stake_sum(comparison: Span, *equal: tuple[str, str]) -> str:
    """(market - rate) x units a year summed over the Comparison rows where ``equal`` holds
    and the rate is below the market, unrounded: the dollars below market."""
    rate, market = comparison.column("allowed_amount"), comparison.column("benchmark")
    return sum_where((f"{market}-{rate}", comparison.column("units_per_year")), *equal,
                     also=(f"ISNUMBER({rate})", f"ISNUMBER({market})", f"{rate}<{market}"))


#: What a payer's "Dollars below market" shows when no Comparison row has a market figure
#: (:func:`ratecalc.gap.no_market_note`): not $0.00, read as "paid at market".
NOT_KNOWN = "not known"


def unless_no_market(comparison: Span, figure: str) -> str:
    """``figure`` (a formula's text, no "="), or :data:`NOT_KNOWN` when no Comparison row has a
    market figure: the core's priorities leave that figure blank."""
    return f'IF(COUNT({comparison.column("benchmark")})=0,"{NOT_KNOWN}",{figure})'


def unless_total_not_known(comparison: Span, figure: str) -> str:
    """``figure`` (a formula's text, no "="), or :data:`NOT_KNOWN` when no Comparison row has a
    market figure, or rows are billed (units a year above 0) and none of them has one
    (:func:`ratecalc.gap.total_not_known`)."""
    units = f'{comparison.column("units_per_year")}>0'
    market = f'ISNUMBER({comparison.column("benchmark")})'
    billed = sum_where(None, also=(units,))
    return (f'IF(OR(COUNT({comparison.column("benchmark")})=0,AND({billed}>0,'
            f'{sum_where(None, also=(units, market))}=0)),"{NOT_KNOWN}",{figure})')


def unless_market_not_known(comparison: Span, payer: str, figure: str) -> str:
    """``figure`` (a formula's text, no "="), or :data:`NOT_KNOWN` when the Comparison has rows
    billed to ``payer`` (a cell: units a year above 0) and none of them has a market figure:
    the core's priorities leave that payer's figure blank
    (:func:`ratecalc.gap.market_not_known`), also while other payers' codes have one."""
    billed = (comparison.column("payer"), payer)
    units = f'{comparison.column("units_per_year")}>0'
    with_market = sum_where(None, billed,
                            also=(units, f'ISNUMBER({comparison.column("benchmark")})'))
    return (f'IF(AND({sum_where(None, billed, also=(units,))}>0,{with_market}=0),'
            f'"{NOT_KNOWN}",{figure})')


def impact_sum(proposal: Span, *equal: tuple[str, str], external: bool = True) -> str:
    """(rate to ask - current rate) x units a year summed over the Proposal rows where
    ``equal`` holds, unrounded: what the proposal asks."""
    def col(key: str) -> str:
        return proposal.column(key, external=external)

    return sum_where((f"{col('requested_rate')}-{col('current_rate')}", col("units_per_year")),
                     *equal)


@frozen_record
class Span:
    """Where a table's data rows sit: ``first``..``last`` (inclusive, 1-based sheet rows)."""

    spec: TableSpec
    first: int
    last: int
    first_col: int | None = None

    @cached_property
    def _letters(self) -> dict[str, str]:
        # Formulas ask for a column's letter once per row and column: worked out once per span.
        left = self.first_col or self.spec.first_col
        return {c.key: get_column_letter(left + i) for i, c in enumerate(self.spec.columns)}

    def letter(self, key: str) -> str:
        try:
            return self._letters[key]
        except KeyError:
            raise KeyError(f"{self.spec.name} has no column {key!r}") from None

    def col(self, key: str) -> int:
        """1-based sheet column of ``key`` where the table sits (the layout's ``spec.col`` is
        where it sits by default: Scenarios places its tables side by side)."""
        return (self.first_col or self.spec.first_col) + self.spec.keys.index(key)

    def cell(self, key: str, row: int) -> str:
        """Relative address of ``key`` in ``row`` (same sheet)."""
        return f"{self.letter(key)}{row}"

    def anchored(self, key: str, row: int) -> str:
        """``$E5``: the column fixed, the row relative (for conditional formats)."""
        return f"${self.letter(key)}{row}"

    def column(self, key: str, *, external: bool = True) -> str:
        """Absolute range of column ``key``'s data rows, with the sheet name when external."""
        letter = self.letter(key)
        ref = f"${letter}${self.first}:${letter}${self.last}"
        return f"{quote_sheetname(self.spec.sheet)}!{ref}" if external else ref

    def absolute(self, key: str, row: int, *, external: bool = True) -> str:
        ref = f"${self.letter(key)}${row}"
        return f"{quote_sheetname(self.spec.sheet)}!{ref}" if external else ref


@frozen_record
class Spans:
    """Spans of every result table on this refresh (None when a table is absent)."""

    comparison: Span
    priorities: Span
    proposal: Span
    proposal_summary: Span | None = None
    pareto_codes: Span | None = None
    scenario_years: Span | None = None
    scenarios: Span | None = None
    scenario_totals: Span | None = None
    exit_impact: Span | None = None
    timeline: Span | None = None


Formula = Callable[[Spans, int], str]


def _comparison() -> dict[str, Formula]:
    def c(key: str) -> Callable[[Spans, int], str]:
        return lambda s, r: s.comparison.cell(key, r)

    rate, medicare, market = c("allowed_amount"), c("medicare_amount"), c("benchmark")
    average, units = c("clinic_average"), c("units_per_year")

    def priced(s: Spans, r: int) -> str:
        # a rate and a market to compare: the gap's formulas give "" otherwise
        return f"ISNUMBER({rate(s, r)}),ISNUMBER({market(s, r)})"

    def gap(s: Spans, r: int) -> str:  # unrounded: the figures below divide and multiply it
        return f"{market(s, r)}-{rate(s, r)}"

    return {
        "pct_of_medicare": lambda s, r:
            f'=IF(AND(ISNUMBER({rate(s, r)}),N({medicare(s, r)})>0),'
            f'{fraction(f"{rate(s, r)}/{medicare(s, r)}")},"")',
        "gap_to_benchmark": lambda s, r: f'=IF(AND({priced(s, r)}),{cents(gap(s, r))},"")',
        "gap_to_benchmark_pct": lambda s, r:
            f'=IF(AND({priced(s, r)},N({market(s, r)})<>0),'
            f'{fraction(f"({gap(s, r)})/{market(s, r)}")},"")',
        "gap_to_average": lambda s, r:
            f'=IF(AND(ISNUMBER({rate(s, r)}),ISNUMBER({average(s, r)})),'
            f'{cents(f"{average(s, r)}-{rate(s, r)}")},"")',
        "dollars_at_stake": lambda s, r:
            f'=IF(AND({priced(s, r)}),{cents(f"({gap(s, r)})*{units(s, r)}")},"")',
        "below_market": lambda s, r:
            f'=IF(AND({priced(s, r)}),IF({rate(s, r)}<{market(s, r)},"yes","no"),"")',
        "revenue": lambda s, r:
            f"=IF(ISNUMBER({rate(s, r)}),{cents(f'{rate(s, r)}*{units(s, r)}')},0)",
    }


def _priorities() -> dict[str, Formula]:
    def payer(s: Spans, r: int) -> str:
        return s.priorities.cell("payer", r)

    def by_payer(key: str) -> Formula:
        return lambda s, r: "=" + sum_where(s.comparison.column(key),
                                            (s.comparison.column("payer"), payer(s, r)))

    def revenue(s: Spans, r: int) -> str:
        return "=" + cents(revenue_sum(s.comparison, (s.comparison.column("payer"),
                                                      payer(s, r))))

    def stake(s: Spans, r: int) -> str:
        # only gaps below the market count
        return "=" + unless_market_not_known(s.comparison, payer(s, r), cents(stake_sum(
            s.comparison, (s.comparison.column("payer"), payer(s, r)))))

    def share(s: Spans, r: int) -> str:
        total = f"SUM({s.priorities.column('units_per_year', external=False)})"
        return (f"=IF({total}>0,"
                f"{fraction(s.priorities.cell('units_per_year', r) + '/' + total)},0)")

    def below(s: Spans, r: int) -> str:
        return "=" + unless_market_not_known(s.comparison, payer(s, r), sum_where(
            None, (s.comparison.column("payer"), payer(s, r)),
            (s.comparison.column("below_market"), '"yes"')))

    def asks(s: Spans, r: int) -> str:
        return "=" + cents(impact_sum(s.proposal, (s.proposal.column("payer"), payer(s, r))))

    return {
        "units_per_year": by_payer("units_per_year"), "share_of_volume": share,
        "annual_revenue": revenue, "dollars_at_stake": stake,
        "codes_below_market": below, "proposed_increase": asks,
    }


def _pareto_codes() -> dict[str, Formula]:
    def share(s: Spans, r: int) -> str:
        span = s.pareto_codes
        assert span is not None
        total = f"SUM({span.column('units_per_year', external=False)})"
        return f"=IF({total}>0,{fraction(span.cell('units_per_year', r) + '/' + total)},0)"

    def cumulative(s: Spans, r: int) -> str:
        span = s.pareto_codes
        assert span is not None
        letter = span.letter("units_per_year")
        total = f"SUM({span.column('units_per_year', external=False)})"
        return (f"=IF({total}>0,"
                f"{fraction(f'SUM(${letter}${span.first}:{letter}{r})/{total}')},0)")

    return {"share": share, "cumulative_share": cumulative}


def _proposal() -> dict[str, Formula]:
    def c(key: str) -> Callable[[Spans, int], str]:
        return lambda s, r: s.proposal.cell(key, r)

    override, proposed, current = c("override_rate"), c("proposed_rate"), c("current_rate")
    ask, units, medicare = c("requested_rate"), c("units_per_year"), c("medicare_amount")

    def increase(s: Spans, r: int) -> str:
        return f"{ask(s, r)}-{current(s, r)}"

    # the range the core reads "Your rate" in (reader.your_rate), that of Excel's check of it
    bounds = column_range(layout.YOUR_RATE)
    assert bounds is not None  # a money column
    low, high = bounds

    return {
        # a rate typed with fractions of a cent is read as the cents shown, as the core reads
        # it (validation.whole_cents), so the row adds up as shown; a number no rate may be
        # (below a cent, over $1,000,000,000) is no rate, as the core refuses it
        "requested_rate": lambda s, r:
            f"=IF(AND(ISNUMBER({override(s, r)}),N({override(s, r)})>={low:.2f},"
            f"N({override(s, r)})<={high:.0f}),{cents(override(s, r))},{proposed(s, r)})",
        "increase": lambda s, r: "=" + cents(increase(s, r)),
        "increase_pct": lambda s, r:
            f'=IF(N({current(s, r)})>0,{fraction(f"({increase(s, r)})/{current(s, r)}")},"")',
        "requested_pct_of_medicare": lambda s, r:
            f'=IF(N({medicare(s, r)})>0,{fraction(f"{ask(s, r)}/{medicare(s, r)}")},"")',
        "annual_impact": lambda s, r: "=" + cents(f"({increase(s, r)})*{units(s, r)}"),
    }


def _proposal_summary() -> dict[str, Formula]:
    def payer(s: Spans, r: int) -> str:
        assert s.proposal_summary is not None
        return s.proposal_summary.cell("payer", r)

    # the Proposal's rows, from the Totals sheet
    def by_payer(key: str) -> Formula:
        return lambda s, r: "=" + sum_where(
            s.proposal.column(key), (s.proposal.column("payer"), payer(s, r)))

    def revenue_sum(s: Spans, r: int, rate: str) -> str:
        return sum_where((s.proposal.column(rate), s.proposal.column("units_per_year")),
                         (s.proposal.column("payer"), payer(s, r)))

    def revenue(rate: str) -> Formula:
        return lambda s, r: "=" + cents(revenue_sum(s, r, rate))

    def impact(s: Spans, r: int) -> str:
        return impact_sum(s.proposal, (s.proposal.column("payer"), payer(s, r)))

    def pct(s: Spans, r: int) -> str:
        span = s.proposal_summary
        assert span is not None
        # unrounded over unrounded: the percentage of the exact amounts, as the core's
        return (f'=IF(N({span.cell("new_term_revenue", r)})>0,'
                f'{fraction(impact(s, r) + "/" + revenue_sum(s, r, "current_rate"))},"")')

    return {
        # the Proposal's rows: the codes with a rate (proposal.proposal_summary)
        "units_with_rate": by_payer("units_per_year"),
        "new_term_revenue": revenue("current_rate"),
        "requested_revenue": revenue("requested_rate"),
        "annual_impact": lambda s, r: "=" + cents(impact(s, r)),
        "impact_pct": pct,
    }


#: The label of the Totals sheet's row under its per-payer table.
ALL_PAYERS = "All payers"


def all_payers_formulas(proposal: Span, summary: Span) -> dict[str, str]:
    """The Totals sheet's all-payers row, by its per-payer table's column keys: the payers'
    units summed, and each money figure the rounding of the exact total over every Proposal
    row (as the Dashboard's "Proposal asks, a year" is, whose formula its annual impact is),
    never the sum of the payers' rounded figures; the impact percentage of the exact
    amounts, as each payer's."""
    current = sum_where((proposal.column("current_rate"), proposal.column("units_per_year")))
    requested = sum_where((proposal.column("requested_rate"),
                           proposal.column("units_per_year")))
    return {
        "payer": ALL_PAYERS,
        "units_with_rate": f"=SUM({summary.column('units_with_rate', external=False)})",
        "new_term_revenue": "=" + cents(current),
        "requested_revenue": "=" + cents(requested),
        "annual_impact": "=" + cents(impact_sum(proposal)),
        "impact_pct": f'=IF(N({current})>0,{fraction(impact_sum(proposal) + "/" + current)},"")',
    }


def _scenario_years() -> dict[str, Formula]:
    def y(s: Spans) -> Span:
        assert s.scenario_years is not None
        return s.scenario_years

    def index(key: str, change: str) -> Formula:
        return lambda s, r: (f"=IF({y(s).cell('year', r)}=1,1,"
                             f"{y(s).cell(key, r - 1)}*(1+{y(s).cell(change, r)}))")

    def revenue(kind: str) -> Formula:
        # the year's revenue at its rates (each code's rate that year, in cents, written by the
        # core: no sheet formula can round code by code) rounded once, on its own (ratecalc.
        # scenarios.shown_years): a year that is the one before to the cent shows as it, and
        # a payer's totals are its years as shown
        return lambda s, r: "=" + cents(y(s).cell(f"{kind}_at_rates", r))

    return {
        "medicare_index": index("medicare_index", "cf_change"),
        "fixed_index": index("fixed_index", "escalator"),
        "fixed_revenue": revenue("fixed"),
        "pct_revenue": revenue("pct"),
        "difference": lambda s, r:
            "=" + cents(f"{y(s).cell('fixed_revenue', r)}-{y(s).cell('pct_revenue', r)}"),
    }


def _scenario_sums(key: str, table: Callable[[Spans], Span | None],
                   columns: tuple[str, str]) -> dict[str, Formula]:
    """Fixed and pct revenue over the years whose ``key`` is the row's (``table``'s row: a
    payer of Scenarios, a year of the totals): the sums of the cents the year table shows,
    so the rows add up to them as shown; the difference is those two subtracted
    (:func:`ratecalc.scenarios.shown_totals`). ``columns``: the row's fixed and pct keys."""
    def span(s: Spans) -> Span:
        found = table(s)
        assert found is not None
        return found

    def total(kind: str) -> Formula:
        def formula(s: Spans, r: int) -> str:
            years = s.scenario_years
            assert years is not None
            return "=" + cents(sum_where(years.column(f"{kind}_revenue", external=False),
                                         (years.column(key, external=False),
                                          span(s).cell(key, r))))
        return formula

    fixed, pct = columns
    return {fixed: total("fixed"), pct: total("pct"),
            "difference": lambda s, r:
                "=" + cents(f"{span(s).cell(fixed, r)}-{span(s).cell(pct, r)}")}


def _scenarios() -> dict[str, Formula]:
    return _scenario_sums("payer", lambda s: s.scenarios, ("fixed_total", "pct_total"))


def _scenario_totals() -> dict[str, Formula]:
    return _scenario_sums("year", lambda s: s.scenario_totals, ("fixed_revenue", "pct_revenue"))


def _exit_impact() -> dict[str, Formula]:
    def e(s: Spans) -> Span:
        assert s.exit_impact is not None
        return s.exit_impact

    def meets(s: Spans, r: int) -> str:
        rate, floor = e(s).cell("rate_per_visit", r), e(s).cell("walk_away_floor", r)
        return (f'=IF(AND(ISNUMBER({rate}),ISNUMBER({floor})),'
                f'IF({rate}>={floor},"yes","no"),"")')

    # No formula for the revenue at risk: the rate per visit is an average (revenue / visits)
    # the cell holds to a micro-cent, and visits x that held rate missed the core's exact
    # revenue by a cent (3,120 x 94.61855929 is 295,209.8999848, where the payer's revenue is
    # 295,209.905, $295,209.91): refresh writes the core's figure (exit_impact.shown_revenue).
    return {"meets_floor": meets}


def _timeline() -> dict[str, Formula]:
    def t(s: Spans) -> Span:
        assert s.timeline is not None
        return s.timeline

    def days(s: Spans, r: int) -> str:
        deadline = t(s).cell("notice_deadline", r)
        return f'=IF(ISNUMBER({deadline}),{deadline}-{layout.NAME_AS_OF},"")'

    def stake(s: Spans, r: int) -> str:
        # a payer is on one Priorities row: the sum over its rows is that row's figure (0 for
        # a payer without one, as the lookup's IFERROR gave)
        ranked = (s.priorities.column("payer"), t(s).cell("payer", r))
        # not known where the payer's Priorities row says so (ratecalc.gap.market_not_known);
        # one with nothing billed is $0.00 whatever the market
        shown_unknown = sum_where(None, ranked,
                                  also=(f'{s.priorities.column("dollars_at_stake")}'
                                        f'="{NOT_KNOWN}"',))
        figure = (f'IF({shown_unknown}>0,"{NOT_KNOWN}",'
                  f'{sum_where(s.priorities.column("dollars_at_stake"), ranked)})')
        if r == t(s).first:
            return "=" + figure
        # the payer's figure on its first row only (ratecalc.timeline.payer_figure_once): a
        # payer already on a row above leaves it blank, so the column adds up each payer once
        letter = t(s).letter("payer")
        above = sum_where(None, (f"${letter}${t(s).first}:${letter}{r - 1}",
                                 t(s).cell("payer", r)))
        return f'=IF({above}>0,"",{figure})'

    return {"days_to_notice": days, "dollars_at_stake": stake}


#: Formula builders per table name: column key -> f(spans, row) -> formula text.
FORMULAS: dict[str, dict[str, Formula]] = {
    layout.COMPARISON_TABLE.name: _comparison(),
    layout.PRIORITIES_TABLE.name: _priorities(),
    layout.PARETO_CODES_TABLE.name: _pareto_codes(),
    layout.PROPOSAL_TABLE.name: _proposal(),
    layout.PROPOSAL_SUMMARY_TABLE.name: _proposal_summary(),
    layout.SCENARIO_YEARS_TABLE.name: _scenario_years(),
    layout.SCENARIOS_TABLE.name: _scenarios(),
    layout.SCENARIO_TOTALS_TABLE.name: _scenario_totals(),
    layout.EXIT_TABLE.name: _exit_impact(),
    layout.TIMELINE_TABLE.name: _timeline(),
}


def check_formula_columns() -> None:
    """Every column a table spec marks ``formula`` has a builder, and no builder is orphaned."""
    specs = {s.name: s for s in (
        layout.COMPARISON_TABLE, layout.PRIORITIES_TABLE, layout.PARETO_CODES_TABLE,
        layout.PROPOSAL_TABLE, layout.PROPOSAL_SUMMARY_TABLE, layout.SCENARIO_YEARS_TABLE,
        layout.SCENARIOS_TABLE, layout.SCENARIO_TOTALS_TABLE, layout.EXIT_TABLE,
        layout.TIMELINE_TABLE)}
    for name, builders in FORMULAS.items():
        declared = {c.key for c in specs[name].columns if c.role == "formula"}
        if declared != set(builders):
            raise AssertionError(f"{name}: formula columns {sorted(declared)} but builders "
                                 f"{sorted(builders)}")
